"""Plain-text rendering of reports for people (the CLI and the demo).

Programs should use ``--format json`` or the models themselves; this text may
change between versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import Finding, RewriteResult, TitleReport

MAX_ROWS = 8


def _fmt_value(v: float) -> str:
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def format_findings(findings: Iterable[Finding], indent: str = "  ") -> list[str]:
    lines = []
    for f in findings:
        span = f"[{f.span[0]}:{f.span[1]}] " if f.span else ""
        fix = f"  fix: {f.fix}" if f.fix else ""
        lines.append(f"{indent}{f.code} {f.severity:<7} {span}{f.message}{fix}")
    return lines


def format_report(rep: TitleReport) -> str:
    """A readable multi-line summary of one analysis."""
    out = [
        f"{rep.title}",
        f"  length {rep.length}/{rep.limit} {rep.unit}   score {rep.score:.1f}/100   "
        f"coverage {rep.coverage:.0%} of relevant keyword value",
        f"  tokens: {' | '.join(rep.tokens)}",
        f"  brand: {rep.brand or '-'}   product word: {rep.product_word or '-'}   "
        f"protected: {', '.join(rep.protected) or '-'}",
    ]
    if rep.matches:
        out.append("  covers:")
        for m in rep.matches[:MAX_ROWS]:
            out.append(f"    {m.keyword}  value {_fmt_value(m.value)}  quality {m.quality:.1f}")
        if len(rep.matches) > MAX_ROWS:
            out.append(f"    … {len(rep.matches) - MAX_ROWS} more")
    if rep.missing:
        out.append("  missing (by value; a truthful rewrite can add them):")
        for m in rep.missing[:MAX_ROWS]:
            out.append(f"    {m.keyword}  value {_fmt_value(m.value)}  lacks {' '.join(m.missing_roots)}")
    if rep.unreachable_count:
        out.append(f"  out of reach: {rep.unreachable_count} relevant keywords, for example:")
        for m in rep.unreachable[:3]:
            out.append(f"    {m.keyword}  value {_fmt_value(m.value)}  ({m.reason})")
    c = rep.competitors
    if c is not None:
        out.append(f"  competitors: {c.n_competitors}, most similar cosine {c.max_cosine:.2f}")
        for m in c.near_copies[:3]:
            out.append(f"    NEAR COPY of #{m.index}: {m.title} (cosine {m.cosine:.2f}, fuzzy {m.fuzzy:.0f})")
        if c.common_terms:
            out.append(f"    common terms: {' '.join(c.common_terms[:12])}")
        if c.gap_terms:
            gaps = [g.term + ("*" if g.factual else "") for g in c.gap_terms[:12]]
            out.append(f"    gap terms, by sales-weighted share (* = a factual claim to confirm): {' '.join(gaps)}")
        if c.differentiators:
            own = [f"{g.term} ({g.share:.0%})" for g in c.differentiators]
            out.append(f"    your differentiators (share of peers using them): {' '.join(own)}")
        if c.competitor_brands:
            out.append(f"    competitor brands (never copy): {' '.join(c.competitor_brands[:10])}")
    if rep.findings:
        out.append("  findings:")
        out += format_findings(rep.findings, "    ")
    return "\n".join(out)


def format_rewrite(res: RewriteResult) -> str:
    """Before/after with the reason for each change."""
    best = res.candidates[0]
    out = [
        f"before: {res.original}",
        f"        length {res.length_before}/{res.limit}  score {res.score_before:.1f}",
        f"after:  {res.best}",
        f"        length {res.length_after}/{res.limit}  score {res.score_after:.1f}"
        + ("  (proven optimal)" if res.optimal else ""),
    ]
    for r in best.reasons:
        sign = "+" if r.action == "added" else "-"
        out.append(f"  {sign} {r.term}: {r.reason}")
    for n in res.notes:
        out.append(f"  note: {n}")
    for i, c in enumerate(res.candidates[1:], start=2):
        out.append(f"  candidate {i}: {c.title}  (score {c.score:.1f}, length {c.length})")
    if res.findings:
        out.append("  findings on the new title:")
        out += format_findings(res.findings, "    ")
    return "\n".join(out)


def format_keywords(summary: dict[str, Any]) -> str:
    """The ``titleopt keywords`` summary."""
    out = [
        f"{summary['file']}: {summary['rows_read']} rows read, {summary['keywords']} keywords, "
        f"{len(summary['skipped'])} skipped, {len(summary['merged'])} duplicates merged",
        "columns: " + ", ".join(f"{k}={v}" for k, v in summary["columns"].items()),
    ]
    for issue in summary["skipped"][:20]:
        col = f", column {issue['column']!r}" if issue.get("column") else ""
        out.append(f"  skipped row {issue['row']}{col}: {issue['reason']}")
    for issue in summary["merged"][:10]:
        out.append(f"  merged row {issue['row']}: {issue['reason']}")
    for d in summary.get("near_duplicates", [])[:10]:
        out.append(f"  near-duplicate (not merged): {d['a']} ~ {d['b']} ({d['score']})")
    out.append("top roots (词根) by value:")
    for r in summary["top_roots"][:15]:
        out.append(f"  {r['root']}  value {_fmt_value(r['value'])}  in {r['keywords']} keywords")
    out.append("top keywords by value:")
    for k in summary["top_keywords"][:15]:
        out.append(f"  {k['keyword']}  value {_fmt_value(k['value'])}  roots {' '.join(k['roots'])}")
    return "\n".join(out)
