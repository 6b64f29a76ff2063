"""Analyze, the catalogue-scoring path and rewrite against raw ``jieba.lcut``, per table size, in one run.

Measured on the same titles (an equal share from every real source in
../shared/data: Taobao ding2019, Taobao jie2019, JD), side by side:
  * raw ``jieba.lcut`` (the floor: what segmentation alone costs),
  * titleopt's segmentation (normalize + Segmenter),
  * matching only (title terms + Matcher.covered over the rarest-root index),
  * ``analyze(lint=False)`` and ``analyze`` (with lint),
  * the catalogue-scoring path ``analyze(title, product_word=..., lint=False)``
    (the product word a catalogue would state: detected beforehand, untimed),
  * ``rewrite`` (fast solver),
each titleopt step without and with the ``titleopt[fast]`` extra (rjieba)
when it is installed. Every step has its own optimizer, a copy of the table
(new Segmenter), a new Lexicon and emptied module caches (``_data.best_of``);
figures are CPU time, best of 3, ratios to jieba on the same titles.

``--before analyze,rewrite`` also times those steps with the banned and
promotional pre-check of #22 switched off (``lexicon.TermStarts``: every new
word scanned, as before it), so before and after are side by side in one run.

Run: ``python benchmarks/bench_analyze.py [--titles 1500] [--keywords 500,10000,50000] [--steps ...] [--warm 30]
[--before STEPS]``
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
from _data import best_of, fresh_optimizer, keyword_rows, load_average, sourced_titles  # noqa: E402

from titleopt import segment  # noqa: E402
from titleopt.keywords import KeywordTable  # noqa: E402
from titleopt.match import Matcher  # noqa: E402
from titleopt.normalize import normalize  # noqa: E402
from titleopt.terms import title_terms  # noqa: E402

ALL_STEPS = ("segmentation", "matching", "analyze-nolint", "analyze", "catalogue", "rewrite")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=1500)
    ap.add_argument("--keywords", default="500,10000,50000", help="comma-separated table sizes")
    ap.add_argument("--steps", default=",".join(ALL_STEPS), help=f"comma-separated, of {','.join(ALL_STEPS)}")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warm", type=int, default=30,
                    help="other titles (same sources) each step sees before timing: 30 = cold start; "
                         "1000 or more = steady state deep into a catalogue (per-word and per-product caches full)")
    ap.add_argument("--before", default="",
                    help="comma-separated steps also timed with the #22 pre-check off (before/after in one run)")
    args = ap.parse_args()
    segment.use_fast_cut(True)
    has_fast = segment.fast_cut_available()
    print(f"machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load {load_average()}, "
          f"rjieba {'installed' if has_fast else 'absent'}")
    items, warm = split_warm(sourced_titles(args.titles + args.warm), args.warm)
    sizes = [int(x) for x in args.keywords.split(",")]
    rows = keyword_rows(max(sizes))
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    before = [b for b in args.before.split(",") if b]
    for n in sizes:
        measure(items, warm, rows[:n], args.steps.split(","), has_fast, args.reps, before)
    print(f"\nend: {time.strftime('%H:%M', time.gmtime())} UTC, load {load_average()}")


def split_warm(items: list[tuple[str, str]], n_warm: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The timed ``(source, title)`` pairs and ``n_warm`` warm-up titles, an equal share of each source."""
    by: dict[str, list[str]] = {}
    for src, t in items:
        by.setdefault(src, []).append(t)
    k = -(-n_warm // len(by))
    warm = [t for ts in by.values() for t in ts[-k:]][:n_warm]
    skip = set(warm)
    return [it for it in items if it[1] not in skip], warm


def _cores() -> int:
    import os

    return os.cpu_count() or 0


def without_precheck(fn):
    """``fn`` with the banned/promotional pre-check off during its calls: the code before #22's change."""
    from titleopt.lexicon import TermStarts

    real = TermStarts.may_hold

    def always(self, n: str) -> bool:
        return True

    def call(t: str):
        TermStarts.may_hold = always
        try:
            return fn(t)
        finally:
            TermStarts.may_hold = real

    return call


def measure(items, warm, rows, which: list[str], has_fast: bool, reps: int, before: list[str] = ()) -> None:
    """Build a table of ``rows`` and print every step's CPU ratio to raw jieba, per source and overall."""
    t0 = time.perf_counter()
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    load = time.perf_counter() - t0
    detector = fresh_optimizer(table, fast=False)
    product = {t: detector.listing(t).facts.product_word for _, t in items + [("", w) for w in warm]}

    def opt_step(kind: str, fast: bool, off: bool = False):
        def make():
            fn = make_on()
            return without_precheck(fn) if off else fn

        def make_on():
            opt = fresh_optimizer(table, fast=fast)
            seg = opt.segmenter
            if kind == "segmentation":
                return lambda t: seg.cut(normalize(t))
            if kind == "matching":
                matcher = Matcher(opt.keywords)
                return lambda t: matcher.covered(title_terms(normalize(t), seg))
            if kind == "analyze-nolint":
                return lambda t: opt.analyze(t, lint=False)
            if kind == "analyze":
                return opt.analyze
            if kind == "catalogue":
                return lambda t: opt.analyze(t, product_word=product[t], lint=False) if product[t] else opt.analyze(
                    t, lint=False
                )
            return lambda t: opt.rewrite(t, solver="fast")

        return make

    steps = {"raw jieba.lcut": lambda: jieba.lcut}
    for kind in which:
        steps[kind] = opt_step(kind, False)
        if has_fast:
            steps[f"{kind} [fast]"] = opt_step(kind, True)
        if kind in before:
            steps[f"{kind} [before]"] = opt_step(kind, False, off=True)
            if has_fast:
                steps[f"{kind} [fast, before]"] = opt_step(kind, True, off=True)
    res = best_of(steps, items, warm, reps)
    srcs = list(res["raw jieba.lcut"])
    n_src = {s: sum(1 for src, _ in items if src == s) for s in srcs}
    raw = res["raw jieba.lcut"]
    print(f"\ntable: {len(table):,} keywords (built in {load:.1f} s), {len(items):,} titles "
          f"({', '.join(f'{s} {n_src[s]}' for s in srcs)}), CPU best of {reps}, load {load_average()}")
    print(f"  {'step':<24}{'titles/s':>10}{'x jieba':>9}" + "".join(f"{s[:16]:>18}" for s in srcs))
    for name, per in res.items():
        total = sum(per.values())
        line = f"  {name:<24}{len(items) / total:>10,.0f}{sum(raw.values()) / total:>9.3f}"
        line += "".join(f"{raw[s] / per[s]:>18.3f}" for s in srcs)
        print(line)


if __name__ == "__main__":
    main()
