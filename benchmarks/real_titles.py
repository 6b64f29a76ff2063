"""Real-data benchmark: brand / product-word protection, short titles and speed on real Taobao titles,
and compression of long real JD titles against two baselines.

Run: ``python benchmarks/real_titles.py`` (Taobao train files, then the JD
section) or ``--dev`` (held-out Taobao dev files, to check that rule changes
made while looking at train failures generalize). ``--rows N`` runs on the
first N titles of each section only (a smoke run; ``--rows 0`` is all of them;
without ``--rows`` the Taobao section runs on all titles and the JD section on
the first :data:`JD_DEFAULT_ROWS`). ``--jd-only`` skips the Taobao section,
``--no-jd`` the JD section.

**JD section** (issue 16): the first N titles of ``jd_titles/dev.jsonl`` (long
JD titles with labelled entities), each given to three systems in one run,
to Taobao's 60 bytes (CJK = 2) and to 12 characters: titleopt
(``TitleOptimizer.rewrite`` with the query-derived table, and ``shorten``);
*cut*, the longest prefix within the limit; *jieba*, the title's tokens with
repeats dropped, cut at a token boundary. Measures per system: entity
integrity (entities whole or gone, not broken) and, of the broken, those cut
inside one of their words, every brand / a product word /
every model number / compatible models kept, outputs leaving a unit without
its number or a number without its unit, findability (the share of (query,
title) pairs covered by the original that the output still covers; all 100,000
queries, or a seeded sample of ``--queries N``), within limit, errors. The
definitions are in :mod:`jd_measures` (``benchmarks/jd_measures.py``), shared
with ``tests/test_real_jd.py``. ``--examples N`` also prints N random titles
(seeded, ``--seed``) with every system's output, for reading. A full run of the
5,000 titles takes about a minute on an idle 2-core machine (titleopt rewrites
about 300 long titles/s; the query index is built in about 5 s).

Data (evaluation only, read from ``../shared/data``, never copied into the
package): ``real_titles/*_{train,dev}.jsonl`` with hand-labelled brand
(``HP``/``HPPX``) and product-word (``HC``/``HCCX``) spans, and
``taobao_queries/train.query.txt``, from which a demand table is derived in
memory with :meth:`KeywordTable.from_queries` (built once per run, never
written to disk).

**Kept** means the labelled surface, normalized (width, case, Traditional ->
Simplified via :func:`titleopt.normalize.normalize_term`, spaces removed), is a
substring of the normalized output with its spaces removed.

**Label junk**: labels are incomplete and messy (``配`` and ``件 `` for 配件,
trailing spaces, a span that is not in the title). A label is stripped and
normalized; it is *skipped* when empty, when it contains no letter, digit or
Chinese character, or when it is not a substring of the normalized title
(then no output could keep it). A title counts towards a share only when it
has at least one usable label of that kind. Titles are not cleaned: the
optimizer gets them exactly as they are in the files, junk included.

**Errors**: every call is wrapped per title; an exception is counted and its
type and first message kept, the run never stops on one title.

Failures are printed grouped by cause (``--examples N`` per cause) so that
fixes address causes in the detection rules, not single titles.
"""

from __future__ import annotations

import argparse
import functools
import json
import platform as _platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

import jd_measures as jd  # noqa: E402  (benchmarks/ is the script's own folder, first on sys.path)

from titleopt.normalize import normalize_term  # noqa: E402

JD_FILE = DATA / "jd_titles" / "dev.jsonl"
JD_DEFAULT_ROWS = 2000
JD_BYTES = 60  # Taobao's limit (platforms.tsv), CJK = 2 bytes
JD_TYPE_NAMES = {  # from the data README (the source anonymised the ids)
    "1": "brand",
    "3": "model",
    "4": "product",
    "5": "scene",
    "7": "place",
    "8": "user",
    "11": "function",
    "13": "style/material",
    "16": "colour",
    "18": "spec/quantity",
    "22": "part",
    "37": "compat brand",
    "38": "compat model",
    "40": "compat product",
}

BRAND_TYPES = frozenset({"HP", "HPPX"})
PRODUCT_TYPES = frozenset({"HC", "HCCX"})
SHORT_LIMIT = 12
_WORDY = re.compile(r"[0-9a-z\u4e00-\u9fff]")


@dataclass
class Row:
    """One labelled title: usable brand and product-word labels (normalized, spaces removed)."""

    source: str
    title: str
    brands: tuple[str, ...]
    products: tuple[str, ...]
    skipped: int = 0


def squash(text: str) -> str:
    """Normalized form with spaces removed: what 'kept' compares."""
    return normalize_term(text).replace(" ", "")


def clean_labels(title_n: str, surfaces: Sequence[str]) -> tuple[tuple[str, ...], int]:
    """Usable labels of one kind, and how many were skipped as junk (see module docstring)."""
    out: list[str] = []
    skipped = 0
    for s in surfaces:
        n = squash(s.strip())
        if not n or not _WORDY.search(n) or n not in title_n:
            skipped += 1
            continue
        out.append(n)
    return tuple(dict.fromkeys(out)), skipped


def load_rows(split: str, limit: int | None = None) -> list[Row]:
    """Rows of every ``*_{split}.jsonl`` in real_titles, in file order."""
    rows: list[Row] = []
    for f in sorted((DATA / "real_titles").glob(f"*_{split}.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                obj = json.loads(line)
                title = obj.get("title", "")
                title_n = squash(title)
                ents = obj.get("entities", [])
                brands, sb = clean_labels(title_n, [s for t, s in ents if t in BRAND_TYPES])
                products, sp = clean_labels(title_n, [s for t, s in ents if t in PRODUCT_TYPES])
                rows.append(Row(f.stem, title, brands, products, sb + sp))
    return rows[:limit] if limit else rows


@dataclass
class Tally:
    """Shares over the titles that have labels of the kind measured."""

    n: int = 0
    within: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    brand_n: int = 0
    brand_kept: int = 0
    prod_n: int = 0
    prod_kept: int = 0
    all_n: int = 0
    all_kept: int = 0
    lengths: list[int] = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    fails: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(list))

    def keep(self, row: Row, out_n: str) -> tuple[bool | None, bool | None]:
        """Record kept brand / product word for one output; return (brand ok, product ok)."""
        b = p = None
        if row.brands:
            self.brand_n += 1
            b = all(x in out_n for x in row.brands)
            self.brand_kept += b
        if row.products:
            self.prod_n += 1
            p = any(x in out_n for x in row.products)
            self.prod_kept += p
        labels = row.brands + row.products
        if labels:
            self.all_n += 1
            self.all_kept += all(x in out_n for x in labels)
        return b, p


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.2f}% ({a:,}/{b:,})" if b else "   n/a"


def classify_product_miss(row: Row, detected: str | None, protected: Sequence[str], out_n: str) -> str:
    """Why no labelled product word survived (a cause, for grouping)."""
    if detected is None:
        return "no product word detected"
    if detected in row.products:
        return "detected the labelled word but it was dropped"
    if any(detected in p for p in row.products):
        return "detected a part of the labelled word"
    if any(p in detected for p in row.products):
        return "detected a longer word containing the label"
    return "detected another word"


def classify_brand_miss(row: Row, detected: str | None) -> str:
    if detected is None:
        return "no brand detected"
    if detected in row.brands:
        if len(row.brands) > 1:
            return "several brand labels (e.g. Chinese + Latin), only one kept"
        return "detected the labelled brand but it was dropped"
    if any(detected in b or b in detected for b in row.brands):
        return "detected brand overlaps the label"
    return "detected another word as brand"


def run_rewrite(opt, rows: Sequence[Row]) -> tuple[Tally, float, float]:
    t = Tally()
    limit = opt.platform.limit
    t_an = time.perf_counter()
    for row in rows:
        try:
            opt.analyze(row.title, lint=False)
        except Exception:  # counted in the rewrite pass
            pass
    t_an = time.perf_counter() - t_an
    t_rw = time.perf_counter()
    for row in rows:
        t.n += 1
        try:
            res = opt.rewrite(row.title)
        except Exception as exc:  # real titles include junk: count, never crash
            t.errors += 1
            t.error_kinds[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
            continue
        out = res.best
        if opt.platform.length(out) <= limit:
            t.within += 1
        else:
            t.fails["over the limit"].append((row.title, out, f"length={opt.platform.length(out)}"))
        t.before.append(res.score_before)
        t.after.append(res.score_after)
        out_n = squash(out)
        b, p = t.keep(row, out_n)
        if b is False or p is False:
            rep = opt.analyze(row.title, lint=False)
            if b is False:
                cause = classify_brand_miss(row, rep.brand)
                t.fails["brand: " + cause].append((row.title, out, f"label={row.brands} detected={rep.brand}"))
            if p is False:
                cause = classify_product_miss(row, rep.product_word, rep.protected, out_n)
                t.fails["product: " + cause].append(
                    (row.title, out, f"label={row.products} detected={rep.product_word}")
                )
    t_rw = time.perf_counter() - t_rw
    return t, t_an, t_rw


def run_shorten(opt, rows: Sequence[Row]) -> tuple[Tally, float]:
    t = Tally()
    t0 = time.perf_counter()
    for row in rows:
        t.n += 1
        try:
            out = opt.shorten(row.title, limit=SHORT_LIMIT, unit="chars")
        except Exception as exc:  # counted, never crash
            t.errors += 1
            t.error_kinds[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
            continue
        t.within += len(out) <= SHORT_LIMIT
        t.lengths.append(len(out))
        out_n = squash(out)
        _, p = t.keep(row, out_n)
        if p is False:
            rep = opt.analyze(row.title, lint=False)
            cause = classify_product_miss(row, rep.product_word, rep.protected, out_n)
            t.fails["product: " + cause].append((row.title, out, f"label={row.products} detected={rep.product_word}"))
    return t, time.perf_counter() - t0


def time_jieba(titles: Sequence[str]) -> float:
    import jieba

    jieba.initialize()
    t0 = time.perf_counter()
    for s in titles:
        jieba.lcut(s)
    return time.perf_counter() - t0


def print_errors_and_misses(t: Tally, examples: int) -> None:
    print(f"  errors                {t.errors:,}")
    for k, c in t.error_kinds.most_common(5):
        print(f"    {c:4d} {k}")
    if t.fails:
        print("  misses by cause:")
        print_fails(t, examples)


def print_fails(t: Tally, examples: int) -> None:
    for cause, items in sorted(t.fails.items(), key=lambda kv: -len(kv[1])):
        print(f"    [{len(items):4d}] {cause}")
        for title, out, note in items[:examples]:
            print(f"           {title}\n             -> {out}   {note}")


def jd_cell(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.2f}% ({a:,}/{b:,})" if b else "n/a"


def print_jd_table(title: str, tallies: Sequence[jd.SystemTally], secs: Sequence[float], failures: int = 0) -> None:
    """One row per measure, one column per system (the same titles)."""
    rows: list[tuple[str, list[str]]] = [
        ("titles (errors)", [f"{t.n:,} ({t.errors:,})" for t in tallies]),
        ("within limit", [jd_cell(t.within, t.n - t.errors) for t in tallies]),
        ("entity integrity (whole or gone)", [jd_cell(t.ent_n - t.ent_broken, t.ent_n) for t in tallies]),
        ("  entities kept whole", [jd_cell(t.ent_whole, t.ent_n) for t in tallies]),
        ("  broken inside a word", [jd_cell(t.ent_cut_inside, t.ent_n) for t in tallies]),
        ("  broken, head lost", [jd_cell(t.ent_head_lost, t.ent_n) for t in tallies]),
        ("every brand kept (1)", [jd_cell(t.brand_kept, t.brand_n) for t in tallies]),
        (">= 1 product word kept (4)", [jd_cell(t.prod_kept, t.prod_n) for t in tallies]),
        ("every model number kept (3)", [jd_cell(t.model_kept, t.model_n) for t in tallies]),
        ("every compatible kept (37/38)", [jd_cell(t.compat_all, t.compat_n) for t in tallies]),
        (">= 1 compatible kept (37/38)", [jd_cell(t.compat_any, t.compat_n) for t in tallies]),
        ("fit phrase dropped, brand kept", [jd_cell(t.fit_dropped, t.fit_n) for t in tallies]),
        ("outputs: unit/number left alone", [jd_cell(t.orphan_titles, t.unit_n) for t in tallies]),
        ("  bare units / bare numbers", [f"{t.orphan_units:,} / {t.orphan_numbers:,}" for t in tallies]),
        ("findability: pairs still covered", [jd_cell(t.find_kept, t.find_pairs) for t in tallies]),
        ("  pairs gained", [f"{t.find_gained:,}" for t in tallies]),
        ("mean output length", [f"{statistics.fmean(t.out_len):.1f}" if t.out_len else "n/a" for t in tallies]),
        ("titles/s (with measuring)", [f"{t.n / s:,.0f}" if s else "n/a" for t, s in zip(tallies, secs, strict=True)]),
    ]
    w0 = max(len(r[0]) for r in rows) + 2
    w = max(len(c) for _, cells in rows for c in cells) + 2
    print(f"\n{title}")
    print(" " * w0 + "".join(f"{t.name:>{w}}" for t in tallies))
    for label, cells in rows:
        print(f"  {label:<{w0 - 2}}" + "".join(f"{c:>{w}}" for c in cells))
    print("  broken entities by type:")
    for t in tallies:
        top = ", ".join(f"{JD_TYPE_NAMES.get(k, k)} {c}" for k, c in t.broken_by_type.most_common(6))
        print(f"    {t.name:<12} {t.ent_broken:5,}: {top}")
    for t in tallies:
        for k, c in t.error_kinds.most_common(5):
            print(f"    {t.name} error {c:4d} {k}")
    if failures:
        print(f"  first {failures} failures of each kind:")
        for t in tallies:
            for kind, items in (
                ("over the limit", [(a, b, f"length {t.length(b)}") for a, b in t.over_examples]),
                ("broken entity", t.broken_examples),
                ("unit/number left alone", [(a, b, "") for a, b in t.orphan_examples]),
            ):
                for title_, out, note in items[:failures]:
                    print(f"    {t.name} {kind}: {note}\n      {title_}\n      -> {out}")


def run_jd(opt, args: argparse.Namespace) -> None:
    """The JD section: three systems on the same long titles, to 60 bytes and to 12 characters."""
    import random

    from titleopt.platforms import get_platform
    from titleopt.segment import Segmenter

    limit = JD_DEFAULT_ROWS if args.rows is None else args.rows
    rows = jd.load_jd(args.jd_file, limit or None)
    seg = Segmenter().warm_up()
    queries = jd.read_queries(DATA / "taobao_queries" / "train.query.txt")
    if args.queries and args.queries < len(queries):
        queries = random.Random(args.seed).sample(queries, args.queries)
    t0 = time.perf_counter()
    index = jd.QueryIndex(queries, seg)
    covered = [index.covering(jd.squash(r.title)) for r in rows]
    t_index = time.perf_counter() - t0
    units = [jd.read_units(r.title) for r in rows]
    taobao = get_platform("taobao")
    short = get_platform("taobao", limit=SHORT_LIMIT, unit="chars")
    n_ent = sum(len(r.entities) for r in rows)
    print(
        f"\nJD long titles: {len(rows):,} of {args.jd_file.name} ({n_ent:,} usable entities, "
        f"{sum(r.skipped for r in rows):,} junk spans skipped; "
        f"{sum(taobao.length(r.title) > JD_BYTES for r in rows):,} over {JD_BYTES} bytes)"
    )
    print(
        f"  findability: {len(index):,} queries indexed by their rarest token; "
        f"{sum(map(len, covered)):,} (query, title) pairs covered by the originals ({t_index:.1f} s)"
    )
    words = functools.lru_cache(maxsize=None)(seg.cut)  # (each entity's words, for cuts inside a word)
    kw = {"units_in": units, "covered_in": covered, "index": index, "words": words}

    def timed(name, fn, plat):
        t0 = time.perf_counter()
        t = jd.measure(name, rows, fn, plat.length, plat.limit, **kw)
        return t, time.perf_counter() - t0

    rewrite = [
        timed("titleopt", lambda s: opt.rewrite(s).best, taobao),
        timed("cut", lambda s: jd.cut_at_limit(s, taobao.length, JD_BYTES), taobao),
        timed("jieba", lambda s: jd.jieba_cut(s, seg, taobao.length, JD_BYTES), taobao),
    ]
    print_jd_table(
        f"JD rewrite to {JD_BYTES} bytes (titleopt rewrite, query table) vs cut at the limit vs jieba tokens",
        [t for t, _ in rewrite],
        [s for _, s in rewrite],
        args.failures,
    )
    shorten = [
        timed("titleopt", lambda s: opt.shorten(s, limit=SHORT_LIMIT, unit="chars"), short),
        timed("cut", lambda s: jd.cut_at_limit(s, short.length, SHORT_LIMIT), short),
        timed("jieba", lambda s: jd.jieba_cut(s, seg, short.length, SHORT_LIMIT), short),
    ]
    print_jd_table(
        f"JD shorten to {SHORT_LIMIT} chars (titleopt shorten) vs cut at the limit vs jieba tokens",
        [t for t, _ in shorten],
        [s for _, s in shorten],
        args.failures,
    )
    if args.examples and rows:
        picks = sorted(random.Random(args.seed).sample(range(len(rows)), min(args.examples, len(rows))))
        print(f"\nJD examples ({len(picks)} random titles, seed {args.seed}):")
        for i in picks:
            print(f"  [{i}] {rows[i].title}")
            for group, tag in ((rewrite, f"{JD_BYTES}B"), (shorten, f"{SHORT_LIMIT}c")):
                for t, _ in group:
                    out = t.outputs[i]
                    print(f"      {tag} {t.name:<9} {out if out is not None else '(error)'}")


def run_taobao(opt, args: argparse.Namespace) -> None:
    """The Taobao section (issue 9): brand and product word kept, short titles, throughput."""
    split = "dev" if args.dev else "train"
    rows = load_rows(split, args.rows)
    titles = [r.title for r in rows]
    skipped = sum(r.skipped for r in rows)
    print(f"\ntitleopt real-title benchmark: {split} ({len(rows):,} titles; {skipped:,} junk labels skipped)")

    rw, t_an, t_rw = run_rewrite(opt, rows)
    print(f"\nrewrite under the Taobao limit ({opt.platform.limit} {opt.platform.unit}):")
    print(f"  within limit          {pct(rw.within, rw.n - rw.errors)}")
    print(f"  brand kept (all)      {pct(rw.brand_kept, rw.brand_n)}   target >= 99%")
    print(f"  product word kept >=1 {pct(rw.prod_kept, rw.prod_n)}   target >= 99.5%")
    print(f"  all labels kept       {pct(rw.all_kept, rw.all_n)}")
    if rw.before:
        print(f"  mean score            {statistics.fmean(rw.before):.1f} -> {statistics.fmean(rw.after):.1f}")
    print_errors_and_misses(rw, args.examples)

    sh, t_sh = run_shorten(opt, rows)
    print(f"\nshorten to {SHORT_LIMIT} chars:")
    print(f"  within limit          {pct(sh.within, sh.n - sh.errors)}")
    print(
        f"  product word kept >=1 {pct(sh.prod_kept, sh.prod_n)}   target >= 98%; published ILP 93.33%, "
        "best neural 98.33% (Wang et al. 2018)"
    )
    print(f"  brand kept (all)      {pct(sh.brand_kept, sh.brand_n)}   (brand is optional in short titles)")
    if sh.lengths:
        print(f"  mean length           {statistics.fmean(sh.lengths):.1f} chars")
    print_errors_and_misses(sh, args.examples)

    t_jb = time_jieba(titles)
    n = len(titles)
    base = n / t_jb
    print(f"\nthroughput ({n:,} titles, one process):")
    print(f"  jieba.lcut            {base:10,.0f} titles/s   1.00x")
    for name, secs in (("analyze", t_an), ("rewrite", t_rw), ("shorten", t_sh)):
        rate = n / secs
        print(f"  {name:<21} {rate:10,.0f} titles/s   {rate / base:.3f}x")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", action="store_true", help="Taobao: use the dev files instead of train")
    ap.add_argument(
        "--rows",
        type=int,
        default=None,
        help=f"only the first N titles of each section (smoke run); 0 = all "
        f"(default: all Taobao titles, the first {JD_DEFAULT_ROWS:,} JD titles)",
    )
    ap.add_argument(
        "--examples", type=int, default=3, help="failing examples printed per cause; JD: random titles printed"
    )
    ap.add_argument("--min-count", type=int, default=3, help="from_queries min_count")
    ap.add_argument("--jd-only", action="store_true", help="skip the Taobao section")
    ap.add_argument("--no-jd", action="store_true", help="skip the JD section")
    ap.add_argument(
        "--jd-file",
        type=Path,
        default=JD_FILE,
        help="JD section: another file of long titles, JSON lines with a 'title' (and, for the entity "
        "measures, 'spans' as in jd_titles/dev.jsonl); titles nobody tuned on",
    )
    ap.add_argument("--queries", type=int, default=0, help="JD findability: a seeded sample of N queries (0 = all)")
    ap.add_argument("--failures", type=int, default=2, help="JD: failing outputs printed per system and kind")
    ap.add_argument("--seed", type=int, default=16, help="seed of the JD examples and query sample")
    args = ap.parse_args(argv)
    do_taobao = not args.jd_only and (DATA / "real_titles").is_dir()
    do_jd = not args.no_jd and args.jd_file.is_file()
    if not (do_taobao or do_jd):
        print(f"evaluation data not found under {DATA}; nothing to measure")
        return 0
    from titleopt.keywords import KeywordTable
    from titleopt.optimizer import TitleOptimizer

    t0 = time.perf_counter()
    table = KeywordTable.from_queries(DATA / "taobao_queries" / "train.query.txt", min_count=args.min_count)
    t_table = time.perf_counter() - t0
    opt = TitleOptimizer(keywords=table, platform="taobao")
    opt.analyze("预热", lint=False)  # load the dictionary outside the timed loops
    load = ", ".join(f"{x:.2f}" for x in __import__("os").getloadavg())
    print("titleopt real-title benchmark")
    print(
        f"  machine: {_platform.python_implementation()} {_platform.python_version()}, "
        f"{_platform.machine()}, {__import__('os').cpu_count()} cores, load average {load}, "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
    print(
        f"  query table: {len(table):,} keywords from {table.rows_read:,} queries in {t_table:.1f} s "
        f"(min_count={args.min_count})"
    )
    if do_taobao:
        run_taobao(opt, args)
    if do_jd:
        run_jd(opt, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
