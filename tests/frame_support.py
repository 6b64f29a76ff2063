"""Rows and CLI runs shared by the frame tests (pandas, Spark, Dask): the CLI's output is the reference.

The table is real-shaped: the shipped sample listings (synthetic, with brand,
category, attributes and must-keep columns), real titles from ../shared/data
when present (else the sample competitor titles), repeated rows (the job's
row cache), and junk rows: empty, blank, missing, NUL, a 6,000-character
title, a formula-like title, non-text cells, bad attributes, a must-keep term
too long for the limit.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from titleopt.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
KEYWORDS = SAMPLE / "keywords.csv"
COMPETITORS = SAMPLE / "competitors.csv"
SHARED_TITLES = ROOT.parent / "shared" / "data" / "real_titles" / "jie2019_dev.jsonl"
COLUMNS = ("宝贝ID", "宝贝标题", "品牌", "类目", "属性", "必留词")


def junk_rows() -> list[dict[str, Any]]:
    """Rows a warehouse table really holds; each must come back with an error cell or a result, never a crash."""
    return [
        {"宝贝标题": ""},
        {"宝贝标题": "   "},
        {"宝贝标题": None},
        {"宝贝标题": "纯棉短袖\x00T恤男"},
        {"宝贝标题": "纯棉短袖T恤男宽松" * 700},  # 6,300 characters: over titleopt's 5,000
        {"宝贝标题": "=HYPERLINK(\"x\")纯棉短袖T恤"},  # a frame holds the value, not the CSV-escaped one
        {"宝贝标题": "禾衫纯棉短袖T恤男", "属性": "{not json"},
        {"宝贝标题": "禾衫纯棉短袖T恤男", "必留词": "纯棉短袖T恤男宽松圆领夏季" * 6},
        {"宝贝标题": "夏季\t纯棉\n短袖T恤男", "品牌": "禾衫"},
        {"宝贝标题": "Футболка мужская хлопок"},
    ]


def table(n_real: int = 150, *, text_only: bool = False) -> list[dict[str, Any]]:
    """Sample listings, real titles, repeats and junk; ``text_only`` for engines with a string schema (Spark)."""
    with open(SAMPLE / "listings.csv", encoding="utf-8") as fh:
        rows: list[dict[str, Any]] = [dict(r) for r in csv.DictReader(fh)]
    if SHARED_TITLES.is_file():
        with open(SHARED_TITLES, encoding="utf-8") as fh:
            real = [json.loads(line)["title"] for line, _ in zip(fh, range(n_real), strict=False)]
    else:
        with open(COMPETITORS, encoding="utf-8") as fh:
            real = [r["标题"] for r in csv.DictReader(fh)]
    rows += [{"宝贝标题": t} for t in real]
    rows += rows[:20]  # repeats: answered from the job's cache, must equal the first time
    rows += junk_rows()
    if not text_only:
        rows += [{"宝贝标题": 123}, {"宝贝标题": 2025.0}, {"宝贝标题": ["纯棉", "T恤"]}, {"宝贝标题": True}]
    out = []
    for i, r in enumerate(rows, start=1):
        row = {c: r.get(c, "") for c in COLUMNS}
        row["宝贝标题"] = r["宝贝标题"]
        row["宝贝ID"] = str(i)
        out.append(row)
    return out


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cli(*args: str) -> str:
    """Run the titleopt CLI in process; fail the test with its output if it does not exit 0."""
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def cli_file(tmp: Path, command: str, rows: list[dict[str, Any]], *options: Any) -> list[dict[str, Any]]:
    """``titleopt COMMAND in.jsonl … -o out.jsonl`` on ``rows``: the reference output, one dict per row."""
    src = write_jsonl(tmp / f"{command}-in.jsonl", rows)
    dst = tmp / f"{command}-out.jsonl"
    extra = ["-q"] if command == "rewrite" else []
    cli(command, src, *options, "-o", dst, *extra)
    return read_jsonl(dst)


def assert_same_cells(frame_records: list[dict[str, Any]], cli_rows: list[dict[str, Any]], added: list[str]) -> None:
    """Every added cell of every row equal, with the first differences listed when not."""
    assert len(frame_records) == len(cli_rows)
    diffs = [
        (i + 1, col, f.get(col), c.get(col))
        for i, (f, c) in enumerate(zip(frame_records, cli_rows, strict=True))
        for col in added
        if f.get(col) != c.get(col)
    ]
    assert not diffs, f"{len(diffs)} cells differ from the CLI's, first: {diffs[:5]}"


def worker_env() -> dict[str, str]:
    """Environment for engine worker processes: import titleopt from this tree, no user cache."""
    path = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p), "TITLEOPT_CACHE_DIR": ""}
