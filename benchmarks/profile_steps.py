"""Where analyze and rewrite spend their time: each step's share of one profiled run.

Runs ``analyze`` or ``rewrite`` over real titles (synthetic ones when
../shared/data is absent) with a synthetic 10,000-keyword table under
cProfile, twice: a *cold* pass (every title and most words new to the
optimizer) and a *warm* pass over the same titles with the per-title caches
emptied (per-word and per-product caches full, as deep into a large batch).
Shares are cumulative time of each step over the whole call; steps nest
(segmentation runs inside title terms and inside lint), so they do not add
up to 100%. cProfile inflates call-heavy code: read shares, not seconds.

Run: ``python benchmarks/profile_steps.py [--titles 2000] [--keywords 10000] [--step analyze|rewrite]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's titleopt, not an installed one (e.g. an editable install elsewhere)

from _data import keyword_rows, titles  # noqa: E402

from titleopt.keywords import KeywordTable  # noqa: E402
from titleopt.optimizer import TitleOptimizer  # noqa: E402

#: (label, file suffix, function name): the steps worth naming.
STEPS = (
    ("segmentation (jieba, via Segmenter.positions)", "segment.py", "positions"),
    ("title terms (tokens, sub-words, joined pairs)", "match.py", "title_terms"),
    ("product detection (brand, product word, models)", "product.py", "detect"),
    ("matching (covered keywords, rarest-root index)", "match.py", "covered"),
    ("knapsack instance (candidate terms)", "optimizer.py", "_problem"),
    ("solver (fast)", "rewrite.py", "solve_fast"),
    ("rendering and re-scoring a changed title", "optimizer.py", "_candidate"),
    ("kept title (tidy, score)", "optimizer.py", "_kept"),
    ("missing keywords", "optimizer.py", "_missing"),
    ("lint", "optimizer.py", "_lint"),
)


def shares(stats: pstats.Stats, top: str) -> tuple[float, list[tuple[str, float]]]:
    table = stats.stats  # type: ignore[attr-defined]
    cum: dict[tuple[str, str], float] = {}
    for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in table.items():
        key = (path.replace("\\", "/").rsplit("/", 1)[-1], name)
        cum[key] = cum.get(key, 0.0) + ct
    total = cum.get(("optimizer.py", top), 0.0) or stats.total_tt  # type: ignore[attr-defined]
    return total, [(label, cum.get((f, n), 0.0) / total) for label, f, n in STEPS]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=2000)
    ap.add_argument("--keywords", type=int, default=10_000)
    ap.add_argument("--step", choices=("analyze", "rewrite"), default="rewrite")
    args = ap.parse_args()
    ts = titles(args.titles + 50)
    warm, ts = ts[:50], ts[50:]
    rows = keyword_rows(args.keywords)
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    opt = TitleOptimizer(table)
    fn = getattr(opt, args.step)
    for t in warm:
        fn(t)
    norm_mod = sys.modules["titleopt.normalize"]
    results = []
    for label in ("cold", "warm"):
        opt.segmenter._cache.clear()
        norm_mod._normalize.cache_clear()
        prof = cProfile.Profile()
        prof.enable()
        for t in ts:
            fn(t)
        prof.disable()
        results.append((label, *shares(pstats.Stats(prof), args.step)))
    print(f"{args.step} over {len(ts):,} titles, {len(table):,}-keyword table (share of the profiled call)")
    print(f"  {'step':<50}{'cold':>8}{'warm':>8}")
    for i, (label, _f, _n) in enumerate(STEPS):
        print(f"  {label:<50}{results[0][2][i][1]:>8.0%}{results[1][2][i][1]:>8.0%}")
    print(f"  {'profiled ms per title':<50}{results[0][1] / len(ts) * 1e3:>8.2f}{results[1][1] / len(ts) * 1e3:>8.2f}")


if __name__ == "__main__":
    main()
