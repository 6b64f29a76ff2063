"""Fast vs exact solver on generated rewrite instances, side by side in one run.

Each instance is a set-union knapsack like a real listing's: a fixed product
word, the seller's own words (with a small retention value), candidate keyword
roots of 2-8 length units, keywords of the product word plus 1-3 roots with
long-tailed (log-normal) values, a few conflicting pairs, a 60-unit budget.
Sizes grow from 10 to 2,000 keywords. For each instance both solvers run on
the same Problem; we report the fast/exact value ratio (mean and worst) and
the time per instance.

Run: ``python benchmarks/bench_solvers.py [--per-size 25] [--time-limit 10]``
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's titleopt, not an installed one (e.g. an editable install elsewhere)

from titleopt.rewrite import Problem, Term, solve_exact, solve_fast  # noqa: E402

SIZES = (10, 20, 50, 100, 200, 500, 1000, 2000)


def make_instance(n_keywords: int, seed: int) -> Problem:
    rng = random.Random(seed)
    vocab = max(20, n_keywords // 3)
    terms = [Term(key="P", surface="P", cost=4, origin="title", pos=0, fixed=True, provides=frozenset({"P"}))]
    for v in range(vocab):
        key = f"w{v}"
        title_word = v < 8
        terms.append(
            Term(
                key=key,
                surface=key,
                cost=rng.choice((2, 4, 4, 4, 6, 8)),
                origin="title" if title_word else "keyword",
                pos=v + 1 if title_word else float("inf"),
                retain=0.001 if title_word else 0.0,
                provides=frozenset({key}),
            )
        )
    keywords = []
    for k in range(n_keywords):
        roots = tuple(["P", *rng.sample([t.key for t in terms[1:]], rng.randint(1, 3))])
        keywords.append((rng.lognormvariate(3, 1.5), roots, f"k{k}"))
    conflicts = []
    for _ in range(vocab // 10):
        a, b = rng.sample(range(1, len(terms)), 2)
        conflicts.append((min(a, b), max(a, b)))
    return Problem(terms, keywords, budget=60, conflicts=conflicts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-size", type=int, default=25)
    ap.add_argument("--time-limit", type=float, default=10.0)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print(f"{'keywords':>8} {'n':>4} {'mean ratio':>10} {'worst':>7} {'fast ms':>8} {'exact ms':>9} {'proven':>7}")
    all_ratios = []
    tf_all, te_all = [], []
    for size in SIZES:
        ratios, tf, te, proven = [], [], [], 0
        for i in range(args.per_size):
            prob = make_instance(size, seed=size * 1000 + i)
            t0 = time.perf_counter()
            fast = solve_fast(prob)
            t1 = time.perf_counter()
            exact = solve_exact(prob, time_limit=args.time_limit)
            t2 = time.perf_counter()
            tf.append(t1 - t0)
            te.append(t2 - t1)
            proven += bool(exact.optimal)
            best = max(exact.value, fast.value)
            ratios.append(fast.value / best if best > 0 else 1.0)
        all_ratios += ratios
        tf_all += tf
        te_all += te
        print(
            f"{size:>8} {len(ratios):>4} {statistics.mean(ratios):>10.4f} {min(ratios):>7.4f} "
            f"{1000 * statistics.mean(tf):>8.2f} {1000 * statistics.mean(te):>9.1f} {proven:>4}/{len(ratios)}"
        )
    print(
        f"{'all':>8} {len(all_ratios):>4} {statistics.mean(all_ratios):>10.4f} {min(all_ratios):>7.4f} "
        f"{1000 * statistics.mean(tf_all):>8.2f} {1000 * statistics.mean(te_all):>9.1f}"
    )
    print(f"fast is {statistics.mean(te_all) / statistics.mean(tf_all):.1f}x faster than exact on average")


if __name__ == "__main__":
    main()
