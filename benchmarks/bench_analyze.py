"""Analyze throughput with a large keyword table against raw ``jieba.lcut``, in one run.

Measured on the same titles, side by side:
  * raw ``jieba.lcut`` (the floor: what segmentation alone costs),
  * titleopt's segmentation (normalize + Segmenter),
  * matching only (title terms + Matcher.covered over the rarest-root index),
  * ``analyze(lint=False)`` (matching, relevance, missing keywords, score),
  * full ``analyze`` (plus lint findings),
for a 500-row and a 50,000-row table, so the cost of table size shows.

Run: ``python benchmarks/bench_analyze.py [--titles 2000] [--keywords 50000]``
"""

from __future__ import annotations

import argparse
import platform
import time

import jieba
from _data import keyword_rows, titles

from titleopt.keywords import KeywordTable
from titleopt.match import Matcher, title_terms
from titleopt.normalize import normalize
from titleopt.optimizer import TitleOptimizer


def rate(fn, items) -> float:
    t0 = time.perf_counter()
    for x in items:
        fn(x)
    return len(items) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=2000)
    ap.add_argument("--keywords", type=int, default=50_000)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    ts = titles(args.titles)
    rows = keyword_rows(args.keywords)
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    for n in (500, args.keywords):
        measure(ts, rows[:n])


def measure(ts: list[str], rows: list[tuple[str, float, str, str]]) -> None:
    """Build a table of ``rows`` and print every step's rate next to raw jieba's."""
    t0 = time.perf_counter()
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    load = time.perf_counter() - t0
    opt = TitleOptimizer(table)
    seg = opt.segmenter
    matcher = Matcher(table)
    for t in ts[:50]:  # warm-up: dictionary load, caches of the lexicon
        opt.analyze(t)
    seg._cache.clear()
    raw = rate(jieba.lcut, ts)
    ours_seg = rate(lambda t: seg.cut(normalize(t)), ts)
    seg._cache.clear()
    match = rate(lambda t: matcher.covered(title_terms(t, seg)), ts)
    seg._cache.clear()
    nolint = rate(lambda t: opt.analyze(t, lint=False), ts)
    seg._cache.clear()
    full = rate(opt.analyze, ts)
    print(f"\ntable: {len(table):,} keywords (built in {load:.1f} s)")
    print(f"  {'raw jieba.lcut':<28}{raw:>9,.0f} titles/s   1.00x")
    for name, r in (
        ("titleopt segmentation", ours_seg),
        ("matching only", match),
        ("analyze(lint=False)", nolint),
        ("analyze (with lint)", full),
    ):
        print(f"  {name:<28}{r:>9,.0f} titles/s   {r / raw:.2f}x of raw jieba")

if __name__ == "__main__":
    main()
