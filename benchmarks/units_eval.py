"""Unit reader benchmark: are labelled entities whole in one unit, and how fine are the units?

Run: ``python benchmarks/units_eval.py`` (all sets) or ``--set dev|rest|jie``;
``--examples N`` prints up to N broken entities per type.

Data (evaluation only, read from ``../shared/data``, never copied into the
package):

* ``jd_titles/dev.jsonl`` — 5,000 real JD.com titles with labelled spans. A
  fixed slice, the titles at positions ``i % 5 == 0`` (1,000 titles), is the
  **dev slice** the rules were developed on; the other 4,000 (**rest**) are
  reported separately, to show whether the rules were tuned on the slice.
* ``real_titles/jie2019_dev.jsonl`` — 998 Taobao titles, types ``HPPX``
  brand, ``HCCX`` product word, ``XH`` model; no offsets, so every occurrence
  of a labelled surface in the title is checked.

Measures:

* **integrity** — the share of labelled entities with no unit boundary
  strictly inside their span: no two units both hold characters of the
  entity. Token spans are mapped to original offsets with
  :meth:`TitleTerms.span`. Per entity type.
* **granularity** — mean units per title, mean characters per unit (the
  unit's original span), and the share of titles read as one single unit. A
  reader that makes everything one unit would pass integrity trivially, so
  both are shown together.
* **token integrity** — integrity of the jieba tokens themselves (every token
  boundary a unit boundary), and of **glued runs** (a unit from one space or
  punctuation mark to the next): the finest and a very coarse reading, the
  two baselines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

import titleopt  # noqa: E402
from titleopt.normalize import normalize  # noqa: E402
from titleopt.product import ListingFacts, detect  # noqa: E402
from titleopt.terms import TitleTerms, title_terms  # noqa: E402
from titleopt.units import Unit, read_units  # noqa: E402

JD_FILE = DATA / "jd_titles" / "dev.jsonl"
JIE_FILE = DATA / "real_titles" / "jie2019_dev.jsonl"
#: JD type ids (see ../shared/data/README.md) -> names used in the report.
JD_TYPES = {
    "1": "brand",
    "4": "product",
    "3": "model",
    "18": "spec",
    "37": "compat brand",
    "38": "compat model",
    "40": "compat product",
    "16": "colour",
    "11": "function",
    "13": "style/material",
    "5": "scene",
    "8": "audience",
}
JIE_TYPES = {"HPPX": "brand", "HCCX": "product", "XH": "model"}
#: The types the target (integrity >= 99.5%) is set for.
TARGET_TYPES = ("brand", "product", "model", "spec", "compat brand", "compat model", "compat product")


class Reader:
    """Builds TitleTerms + ListingFacts the way the optimizer does, from public functions."""

    def __init__(self) -> None:
        self.opt = titleopt.TitleOptimizer(keywords=titleopt.KeywordTable([]))

    def read(self, title: str) -> tuple[TitleTerms, ListingFacts, tuple[Unit, ...]]:
        opt = self.opt
        terms = title_terms(normalize(title), opt.segmenter)
        facts = detect(
            terms,
            opt.lexicon,
            is_known_word=opt.segmenter.is_word,
            phrase_value=opt.keywords.keyword_value,
        )
        return terms, facts, read_units(terms, facts, opt.lexicon, segmenter=opt.segmenter)


def unit_spans(terms: TitleTerms, units: Iterable[Unit]) -> list[tuple[int, int]]:
    """Original ``[start, end)`` of each unit (first token's start to last token's end)."""
    return [(terms.span(u.start)[0], terms.span(u.stop - 1)[1]) for u in units]


def token_spans(terms: TitleTerms) -> list[tuple[int, int]]:
    return [terms.span(i) for i in range(len(terms.tokens))]


def glued_runs(terms: TitleTerms) -> list[tuple[int, int]]:
    """Original spans of the runs of tokens written together (no space or punctuation between)."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(len(terms.tokens)):
        if not terms.touches_next(i):
            out.append((terms.span(start)[0], terms.span(i)[1]))
            start = i + 1
    return out


def whole(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """No two pieces both hold characters of ``[start, end)``."""
    inside = sum(1 for a, b in spans if a < end and start < b)
    return inside <= 1


def jd_rows(which: str) -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    with open(JD_FILE, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            in_dev = k % 5 == 0
            if (which == "dev") != in_dev:
                continue
            row = json.loads(line)
            yield row["title"], [(JD_TYPES.get(t, f"type {t}"), s, e) for t, s, e in row["spans"]]


def jie_rows() -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    with open(JIE_FILE, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            title = row["title"]
            ents = []
            for t, surface in row["entities"]:
                if t not in JIE_TYPES or not surface.strip():
                    continue
                pos = title.find(surface)
                while pos >= 0:
                    ents.append((JIE_TYPES[t], pos, pos + len(surface)))
                    pos = title.find(surface, pos + 1)
            yield title, ents


def evaluate(rows: Iterable[tuple[str, list[tuple[str, int, int]]]], reader: Reader, examples: int = 0) -> dict:
    ok: Counter[str] = Counter()
    tok_ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    broken: dict[str, list[str]] = defaultdict(list)
    run_ok: Counter[str] = Counter()
    n_runs = 0
    n_titles = n_units = n_chars = single = 0
    t0 = time.perf_counter()
    for title, ents in rows:
        terms, _facts, units = reader.read(title)
        if not units:
            continue
        spans = unit_spans(terms, units)
        toks = token_spans(terms)
        n_titles += 1
        n_units += len(units)
        n_chars += sum(b - a for a, b in spans)
        single += len(units) == 1
        kinds.update(u.kind for u in units)
        runs = glued_runs(terms)
        n_runs += len(runs)
        for typ, s, e in ents:
            total[typ] += 1
            good = whole(spans, s, e)
            ok[typ] += good
            tok_ok[typ] += whole(toks, s, e)
            run_ok[typ] += whole(runs, s, e)
            if not good and len(broken[typ]) < examples:
                pieces = " | ".join(
                    f"{u.text}:{u.kind}" for u, (a, b) in zip(units, spans, strict=True) if a < e and s < b
                )
                broken[typ].append(f"{title[s:e]!r} in {pieces}")
    secs = time.perf_counter() - t0
    return {
        "titles": n_titles,
        "units_per_title": n_units / max(n_titles, 1),
        "chars_per_unit": n_chars / max(n_units, 1),
        "single_unit_share": single / max(n_titles, 1),
        "integrity": {t: (ok[t], total[t]) for t in total},
        "token_integrity": {t: (tok_ok[t], total[t]) for t in total},
        "run_integrity": {t: (run_ok[t], total[t]) for t in total},
        "runs_per_title": n_runs / max(n_titles, 1),
        "kinds": dict(kinds.most_common()),
        "broken": dict(broken),
        "seconds": secs,
    }


def report(name: str, res: dict) -> None:
    print(f"\n== {name}: {res['titles']} titles, {res['seconds']:.1f}s")
    print(
        f"granularity: {res['units_per_title']:.1f} units/title, {res['chars_per_unit']:.2f} chars/unit, "
        f"single-unit titles {100 * res['single_unit_share']:.2f}%"
    )
    print(f"baseline 'glued runs' (a unit between two separators): {res['runs_per_title']:.1f} per title")
    print(f"{'type':16} {'n':>6} {'units':>8} {'tokens':>8} {'runs':>8}")
    order = sorted(res["integrity"], key=lambda t: (t not in TARGET_TYPES, -res["integrity"][t][1]))
    all_ok = all_n = 0
    for t in order:
        good, n = res["integrity"][t]
        tg, _ = res["token_integrity"][t]
        rg, _ = res["run_integrity"][t]
        all_ok += good
        all_n += n
        print(f"{t:16} {n:6d} {100 * good / n:7.2f}% {100 * tg / n:7.2f}% {100 * rg / n:7.2f}%")
    print(f"{'all':16} {all_n:6d} {100 * all_ok / max(all_n, 1):7.2f}%")
    print("unit kinds:", ", ".join(f"{k} {v}" for k, v in res["kinds"].items()))
    for t, ex in res["broken"].items():
        if not ex:
            continue
        print(f"-- broken {t}:")
        for e in ex:
            print("   ", e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("dev", "rest", "jie", "all"), default="all")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--json", help="write the figures to this JSON file")
    args = ap.parse_args(argv)
    if not JD_FILE.exists():
        print(f"evaluation data not found: {JD_FILE}", file=sys.stderr)
        return 2
    reader = Reader()
    out = {}
    if args.set in ("dev", "all"):
        out["jd dev slice (1,000)"] = evaluate(jd_rows("dev"), reader, args.examples)
    if args.set in ("rest", "all"):
        out["jd other 4,000"] = evaluate(jd_rows("rest"), reader, args.examples)
    if args.set in ("jie", "all") and JIE_FILE.exists():
        out["jie2019 dev"] = evaluate(jie_rows(), reader, args.examples)
    for name, res in out.items():
        report(name, res)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                {k: {kk: vv for kk, vv in v.items() if kk != "broken"} for k, v in out.items()},
                fh,
                ensure_ascii=False,
                indent=1,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
