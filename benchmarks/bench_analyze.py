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
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's titleopt, not an installed one (e.g. an editable install elsewhere)

import jieba  # noqa: E402
from _data import CHUNK, interleaved, keyword_rows, titles  # noqa: E402

from titleopt.keywords import KeywordTable  # noqa: E402
from titleopt.match import Matcher  # noqa: E402
from titleopt.normalize import normalize  # noqa: E402
from titleopt.optimizer import TitleOptimizer  # noqa: E402
from titleopt.terms import title_terms  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=2000)
    ap.add_argument("--keywords", type=int, default=50_000)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    ts = titles(args.titles + 100)
    warm, ts = ts[:100], ts[100:]
    rows = keyword_rows(args.keywords)
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    for n in (500, args.keywords):
        measure(warm, ts, rows[:n])


def measure(warm: list[str], ts: list[str], rows: list[tuple[str, float, str, str]]) -> None:
    """Build a table of ``rows`` and print every step's rate next to raw jieba's."""
    t0 = time.perf_counter()
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    load = time.perf_counter() - t0
    # one optimizer per step: no step warms another's per-word caches
    full, nolint = TitleOptimizer(table), TitleOptimizer(table)
    seg = full.segmenter
    matcher = Matcher(table)
    for t in warm:  # warm-up on other titles: dictionary load, first-call imports
        full.analyze(t)
        nolint.analyze(t, lint=False)
        jieba.lcut(t)
    steps = {
        "raw jieba.lcut": jieba.lcut,
        "titleopt segmentation": lambda t: seg.cut(normalize(t)),
        "matching only": lambda t: matcher.covered(title_terms(t, seg)),
        "analyze(lint=False)": lambda t: nolint.analyze(t, lint=False),
        "analyze (with lint)": full.analyze,
    }
    res = interleaved(steps, ts, seg)
    raw_w, raw_c = res["raw jieba.lcut"]
    print(f"\ntable: {len(table):,} keywords (built in {load:.1f} s), {len(ts):,} titles, interleaved by {CHUNK}")
    print(f"  {'step':<24}{'titles/s':>10}{'x raw (wall)':>14}{'x raw (CPU)':>13}")
    for name, (w, c) in res.items():
        print(f"  {name:<24}{len(ts) / w:>10,.0f}{raw_w / w:>14.3f}{raw_c / c:>13.3f}")


if __name__ == "__main__":
    main()
