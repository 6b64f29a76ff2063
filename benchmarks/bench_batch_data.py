"""Inputs for bench_batch.py, generated in a temporary folder and never committed.

Titles are real Taobao titles from ../shared/data/real_titles (evaluation
only: read here, never copied into the repository). The 10,000-keyword table
is synthetic: the first 10,000 distinct real queries of
../shared/data/taobao_queries/train.query.txt with seeded Zipf-like volumes
and random click/conversion rates, written in 生意参谋's column names.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
TITLES_DIR = SHARED / "real_titles"
QUERIES = SHARED / "taobao_queries" / "train.query.txt"


def available() -> bool:
    """True when the evaluation data is there (benchmarks skip cleanly otherwise)."""
    return TITLES_DIR.is_dir() and any(TITLES_DIR.glob("*.jsonl")) and QUERIES.is_file()


def real_titles() -> list[str]:
    """All distinct real titles, in file order (deterministic)."""
    seen: dict[str, None] = {}
    for p in sorted(TITLES_DIR.glob("*.jsonl")):
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line).get("title", "").strip()
                if t and t.isprintable():
                    seen.setdefault(t, None)
    return list(seen)


def write_keyword_table(path: Path, n: int = 10_000, seed: int = 7) -> Path:
    """A synthetic demand table of ``n`` real queries (搜索词, 搜索人气, 点击率, 支付转化率, 在线商品数)."""
    rng = random.Random(seed)
    queries: list[str] = []
    seen: set[str] = set()
    with open(QUERIES, encoding="utf-8") as fh:
        for line in fh:
            q = line.rstrip("\n").split("\t", 1)[-1].strip()
            if q and q not in seen:
                seen.add(q)
                queries.append(q)
            if len(queries) >= n:
                break
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["搜索词", "搜索人气", "点击率", "支付转化率", "在线商品数"])
        for i, q in enumerate(queries):
            volume = int(200_000 / (i + 1) ** 0.8) + rng.randint(10, 500)
            ctr, cvr = f"{rng.uniform(1, 15):.2f}%", f"{rng.uniform(0.1, 5):.2f}%"
            w.writerow([q, f"{volume:,}", ctr, cvr, rng.randint(1_000, 9_000_000)])
    return path


def catalogue_rows(titles: list[str], n: int) -> Iterator[list[str]]:
    """``n`` listing rows (宝贝ID, 宝贝标题, 价格) cycling through ``titles``."""
    for i in range(n):
        yield [str(690_000_000_000 + i), titles[i % len(titles)], f"{19.9 + i % 100:.2f}"]


def write_catalogue(path: Path, titles: list[str], n: int) -> Path:
    """A 千牛-like listings CSV of ``n`` rows cycling through ``titles``."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["宝贝ID", "宝贝标题", "价格"])
        w.writerows(catalogue_rows(titles, n))
    return path
