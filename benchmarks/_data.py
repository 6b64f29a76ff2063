"""Shared inputs for the benchmarks (real titles when ../shared/data exists, else synthetic ones) and their timing loop.

Evaluation data is read in place and never copied into the repository.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

_SYNTH_WORDS = (
    "新款 韩版 宽松 百搭 纯棉 短袖 长袖 夏季 秋冬 加绒 男 女 ins风 学生 休闲 时尚 大码 卫衣 T恤 连衣裙 手机壳 "
    "数据线 保温杯 收纳盒 防晒霜 面膜 口红 坚果 螺蛳粉 运动鞋 双肩包 iPhone15 500ml 2025 白色 黑色 复古 简约"
).split()


def real_titles(limit: int | None = None, split: str = "train") -> list[str]:
    """Real Taobao titles from ../shared/data/real_titles (empty list when absent)."""
    out: list[str] = []
    for path in sorted((SHARED / "real_titles").glob(f"*_{split}.jsonl")):
        with open(path, encoding="utf-8") as fh:
            out += [json.loads(line)["title"] for line in fh if line.strip()]
    return out[:limit] if limit else out


def titles(n: int, seed: int = 7) -> list[str]:
    """``n`` titles: the real ones first (cycled), synthetic when the data is absent."""
    real = real_titles()
    if real:
        return [real[i % len(real)] for i in range(n)]
    rng = random.Random(seed)
    return ["".join(rng.sample(_SYNTH_WORDS, rng.randint(6, 12))) for _ in range(n)]


def queries() -> list[str]:
    """Real Taobao queries (empty when absent)."""
    path = SHARED / "taobao_queries" / "train.query.txt"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t")[-1] for line in fh if line.strip()]


def keyword_rows(n: int, seed: int = 11) -> list[tuple[str, float, str, str]]:
    """``n`` synthetic demand rows (keyword, volume, ctr, cvr) built from query words.

    Queries give realistic phrases; the numbers are random (benchmarks only).
    """
    rng = random.Random(seed)
    base = queries() or ["".join(rng.sample(_SYNTH_WORDS, rng.randint(1, 3))) for _ in range(n)]
    seen: set[str] = set()
    rows = []
    i = 0
    while len(rows) < n:
        q = base[i % len(base)]
        if i >= len(base):
            q = q + rng.choice(_SYNTH_WORDS)
        i += 1
        if q in seen or len(q) > 30:
            continue
        seen.add(q)
        rows.append((q, float(rng.randint(100, 100_000)), f"{rng.uniform(1, 15):.2f}%", f"{rng.uniform(0.5, 8):.2f}%"))
    return rows


def spliced_titles(base: list[str], n: int, seed: int = 11) -> list[str]:
    """``n`` distinct titles: the first half of one base title joined to the second half of another.

    Repeating real titles would let per-process caches answer most rows and
    flatter throughput; spliced titles keep real vocabulary and length.
    """
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        a, b = rng.choice(base), rng.choice(base)
        t = a[: len(a) // 2] + b[len(b) // 2 :]
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


#: Titles per chunk when steps are timed in turn.
CHUNK = 100


def interleaved(steps: dict[str, Callable[[str], object]], ts: list[str], seg) -> dict[str, tuple[float, float]]:
    """Run every step on each chunk of titles in turn; total wall and CPU seconds per step.

    Interleaving puts every step under the same machine load (a shared
    machine slows a whole phase, not one step). Before each step the
    per-title caches (the Segmenter ``seg``'s cut cache, the normalization
    cache) are emptied, so no step profits from another having seen the same
    titles; per-word caches stay warm, as they are in any batch.
    """
    norm_mod = sys.modules["titleopt.normalize"]
    wall = dict.fromkeys(steps, 0.0)
    cpu = dict.fromkeys(steps, 0.0)
    for i in range(0, len(ts), CHUNK):
        chunk = ts[i : i + CHUNK]
        for name, fn in steps.items():
            seg._cache.clear()
            norm_mod._normalize.cache_clear()
            w0, c0 = time.perf_counter(), time.process_time()
            for t in chunk:
                fn(t)
            wall[name] += time.perf_counter() - w0
            cpu[name] += time.process_time() - c0
    return {k: (wall[k], cpu[k]) for k in steps}
