"""Where analyze and rewrite spend their time: each step's own time per title, in jieba units.

Each step is timed with ``perf_counter`` around its call (cProfile inflates
call-heavy code 2-4x), and its *own* time is kept: a step nested in another
(lint inside the report, a cut inside title terms) is subtracted from the
outer one, so the rows add up to the whole call. Steps: normalize, cut
(``Segmenter.positions``), title terms, detect (``product.detect``), units
(``units.read_units``), match (``Matcher.covered``), relevance
(``Matcher.relevant_sets``), policy (``policy.may_add``: can anything be
added), problem (``build_problem``), solve (``solve_fast``), report
(``build_report`` without its lint), lint (``lint_listing``), explain
(``explain.candidate`` / ``explain.kept``: rendering and re-reading a new
title, its lint excluded), and the rest of the call.

Titles from every real source (see ``_data.sourced_titles``); a fresh
optimizer, table copy and Lexicon with emptied module caches
(``_data.fresh_optimizer``), warmed on 30 other titles. Two passes: *cold*
(first sight of every title and of most words and products) and *warm* (the
same titles again with the per-title caches emptied, as deep into a
catalogue). "jieba units" are multiples of raw ``jieba.lcut`` on the same
titles, timed in the same run.

Run: ``python benchmarks/profile_steps.py [--titles 1500] [--keywords 10000]
[--step analyze|rewrite|catalogue] [--fast]``
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's titleopt, not an installed one (e.g. an editable install elsewhere)

import jieba  # noqa: E402
from _data import clear_caches, fresh_optimizer, keyword_rows, load_average, sourced_titles  # noqa: E402

from titleopt import explain, listing, optimizer, policy, scoring, units  # noqa: E402
from titleopt.errors import TitleoptError  # noqa: E402
from titleopt.keywords import KeywordTable  # noqa: E402

ORDER = ("normalize", "cut", "title terms", "detect", "units", "match", "relevance", "policy", "problem",
         "solve", "report", "lint", "explain")
#: The passes of ``units.read_units`` (methods of its reading context), timed as sub-steps of "units".
UNIT_PARTS = ("brands", "compat", "specs", "models", "product_units", "glue", "debris", "coined", "modifiers",
              "notes", "token_kind", "unit")


class Clock:
    """Own time per step: a wrapper's elapsed time minus that of the wrapped calls inside it."""

    def __init__(self) -> None:
        self.own: dict[str, float] = {}
        self._stack: list[float] = []  # child time accumulated per open frame

    def wrap(self, name: str, fn: Callable) -> Callable:
        own, stack = self.own, self._stack

        def timed(*args, **kwargs):
            stack.append(0.0)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t0
                child = stack.pop()
                own[name] = own.get(name, 0.0) + dt - child
                if stack:
                    stack[-1] += dt

        return timed


def instrument(opt, clock: Clock) -> list[tuple[object, str, object]]:
    """Wrap the steps (module attributes looked up at call time, and this optimizer's instances)."""
    ctx = opt.context
    patches = [
        (listing, "normalize", "normalize"),
        (listing, "title_terms", "title terms"),
        (listing, "detect", "detect"),
        (listing, "read_units", "units"),
        (policy, "may_add", "policy"),
        (optimizer, "build_problem", "problem"),
        (optimizer, "solve_fast", "solve"),
        (optimizer, "build_report", "report"),
        (scoring, "lint_listing", "lint"),
        (explain, "lint_listing", "lint"),
        (explain, "candidate", "explain"),
        (explain, "kept", "explain"),
        (ctx.segmenter, "positions", "cut"),
        (ctx.matcher, "covered", "match"),
        (ctx.matcher, "relevant_sets", "relevance"),
    ]
    reading = getattr(units, "_Context", None)  # units' sub-steps, when the module still has them
    for attr in UNIT_PARTS if reading is not None else ():
        if hasattr(reading, attr):
            patches.append((reading, attr, f"units: {attr}"))
    saved = []
    for obj, attr, name in patches:
        keep_attr = isinstance(obj, (type(sys), type))
        saved.append((obj, attr, getattr(obj, attr) if keep_attr else obj.__dict__.get(attr)))
        setattr(obj, attr, clock.wrap(name, getattr(obj, attr)))
    return saved


def restore(saved) -> None:
    for obj, attr, old in reversed(saved):
        if isinstance(obj, (type(sys), type)):
            setattr(obj, attr, old)
        elif old is None:
            delattr(obj, attr)
        else:
            setattr(obj, attr, old)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=1500)
    ap.add_argument("--keywords", type=int, default=10_000)
    ap.add_argument("--step", choices=("analyze", "rewrite", "catalogue"), default="analyze")
    ap.add_argument("--fast", action="store_true", help="allow the rjieba route (titleopt[fast]) when installed")
    args = ap.parse_args()
    items = sourced_titles(args.titles + 30)
    warm = [t for _, t in items[::max(1, len(items) // 30)]][:30]
    ts = [t for _, t in items if t not in set(warm)]
    rows = keyword_rows(args.keywords)
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    detector = fresh_optimizer(table, fast=False)
    product = {t: detector.listing(t).facts.product_word for t in ts + warm}
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    clear_caches()
    opt = fresh_optimizer(table, fast=args.fast)

    def call(t: str) -> None:
        try:
            if args.step == "rewrite":
                opt.rewrite(t, solver="fast")
            elif args.step == "catalogue" and product[t]:
                opt.analyze(t, product_word=product[t], lint=False)
            else:
                opt.analyze(t, lint=args.step == "analyze")
        except TitleoptError:
            pass

    for t in warm:
        call(t)
        jieba.lcut(t)
    results = []
    for label in ("cold", "warm"):
        opt.segmenter._cache.clear()
        sys.modules["titleopt.normalize"]._normalize.cache_clear()
        j0 = time.perf_counter()
        for t in ts:
            jieba.lcut(t)
        jieba_s = time.perf_counter() - j0
        clock = Clock()
        saved = instrument(opt, clock)
        t0 = time.perf_counter()
        for t in ts:
            call(t)
        total = time.perf_counter() - t0
        restore(saved)
        results.append((label, jieba_s, total, clock.own))
    print(f"{args.step} over {len(ts):,} titles, {len(table):,}-keyword table, fast route "
          f"{'allowed' if args.fast else 'off'}, load {load_average()}")
    print(f"  {'step':<14}" + "".join(f"{lab + ' µs':>10}{'units':>7}{'share':>7}" for lab, *_ in results))
    extra = sorted({k for *_x, own in results for k in own if k not in ORDER}, key=lambda k: -results[0][3].get(k, 0))
    for name in (*ORDER, *extra, "rest"):
        line = f"  {name:<14}"
        for _lab, jieba_s, total, own in results:
            v = total - sum(own.values()) if name == "rest" else own.get(name, 0.0)
            line += f"{v / len(ts) * 1e6:>10.0f}{v / jieba_s:>7.2f}{v / total:>7.0%}"
        print(line)
    line = f"  {'whole call':<14}"
    for _lab, jieba_s, total, _own in results:
        line += f"{total / len(ts) * 1e6:>10.0f}{total / jieba_s:>7.2f}{1:>7.0%}"
    print(line)
    print(f"  {'jieba.lcut':<14}" + "".join(f"{j / len(ts) * 1e6:>10.0f}{1:>7.2f}{'':>7}" for _l, j, _t, _o in results))


if __name__ == "__main__":
    main()
