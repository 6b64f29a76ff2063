"""``titleopt demo``: the whole pipeline on the shipped sample data.

The sample data (``dictionaries/sample/``) is synthetic: invented brands and
invented demand numbers, written to show the problems sellers really have
(over-long titles, stale years, 最/第一, repeated words, Traditional script).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable

from .fields import parse_attributes, split_terms
from .keywords import KeywordTable
from .optimizer import TitleOptimizer
from .platforms import DEFAULT_PLATFORM
from .report import format_report, format_rewrite
from .resources import data_path

#: Listings shown in detail (analysis, competitors, lint, rewrite reasons).
DETAIL_IDS = ("690100000002", "690100000007", "690100000006")


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def run_demo(platform: str = DEFAULT_PLATFORM, echo: Callable[[str], None] = print) -> None:
    """Analyze, lint and rewrite every sample listing; print a table and three detailed reports."""
    from .competitors import CompetitorSet

    table = KeywordTable.from_file(data_path("sample/keywords.csv"))
    with open(data_path("sample/competitors.csv"), encoding="utf-8") as fh:
        comp_rows = list(csv.DictReader(fh))
    by_cat: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in comp_rows:
        by_cat[r["类目"]].append(r)
    with open(data_path("sample/listings.csv"), encoding="utf-8") as fh:
        listings = list(csv.DictReader(fh))

    base = TitleOptimizer(table, platform=platform)
    echo("titleopt demo: SAMPLE DATA (synthetic listings, invented demand numbers and brands)")
    echo(
        f"platform {base.platform.name}: limit {base.platform.limit} {base.platform.unit}; "
        f"{len(table)} keywords ({len(table.merged)} duplicates merged, {len(table.issues)} rows skipped); "
        f"{len(comp_rows)} competitor titles in {len(by_cat)} categories"
    )
    echo("")
    optimizers: dict[str, TitleOptimizer] = {}
    header = f"{_pad('ID', 6)}{_pad('score', 14)}{_pad('length', 10)}new title"
    echo(header)
    echo("-" * 100)
    details = []
    gains = []
    for row in listings:
        cat = row["类目"]
        if cat not in optimizers:
            rows = by_cat.get(cat, [])
            comp = (
                CompetitorSet.from_titles(
                    [r["标题"] for r in rows], sales=[r["月销"] for r in rows], brands=[r["品牌"] for r in rows]
                )
                if rows
                else None
            )
            optimizers[cat] = TitleOptimizer(table, comp, platform=platform)
        opt = optimizers[cat]
        attrs = parse_attributes(row["属性"])
        res = opt.rewrite(
            row["宝贝标题"],
            brand=row["品牌"] or None,
            category=cat,
            attributes=attrs,
            must_keep=split_terms(row["必留词"]),
        )
        gains.append(res.score_after - res.score_before)
        score = f"{res.score_before:5.1f}→{res.score_after:5.1f}"
        length = f"{res.length_before}→{res.length_after}"
        echo(f"{_pad(row['宝贝ID'][-2:], 6)}{_pad(score, 14)}{_pad(length, 10)}{res.best}")
        if row["宝贝ID"] in DETAIL_IDS:
            rep = opt.analyze(row["宝贝标题"], brand=row["品牌"] or None, category=cat, attributes=attrs)
            details.append((row, rep, res))
    echo("-" * 100)
    echo(f"{len(listings)} listings, mean score gain {sum(gains) / max(len(gains), 1):+.1f} points")
    for row, rep, res in details:
        echo("")
        echo("=" * 100)
        echo(f"listing {row['宝贝ID']} ({row['类目']}; brand {row['品牌'] or '-'}; attributes {row['属性']})")
        echo(format_report(rep))
        echo("rewrite:")
        echo(format_rewrite(res))
