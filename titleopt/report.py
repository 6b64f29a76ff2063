"""Every text rendering of reports, findings and rewrites, in one module.

For people (the CLI and the demo): :func:`format_report` (an analysis),
:func:`format_rewrite` (before and after, with the reason for each change),
:func:`format_lint` (a title with a caret under each finding and its fix),
:func:`format_keywords`; all of them show a finding the one way
:func:`finding_line` writes it. For a spreadsheet cell (the batch output):
:func:`findings_cell`, one line, ``CODE:message`` joined with
:data:`FINDING_SEPARATOR`, which programs split.

Programs should use ``--format json`` or the models themselves; the text for
people may change between versions, the cell format may not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from .models import Finding, RewriteResult, TitleReport

MAX_ROWS = 8
#: Between two findings in one cell of a batch output (``TO201:…`` | ``TO301:…``).
FINDING_SEPARATOR = " | "


def _fmt_value(v: float) -> str:
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def finding_line(f: Finding, indent: str = "  ") -> str:
    """One finding for people: code, severity, rule name, message."""
    return f"{indent}{f.code} {f.severity:<7} [{f.name}] {f.message}"


def _fix_line(f: Finding, indent: str) -> str:
    kind = "safe" if f.fix_safe else "unsafe"
    return f"{indent}fix ({kind}): {f.fix if f.fix else '(empty title)'}"


def format_findings(findings: Iterable[Finding], indent: str = "  ") -> list[str]:
    """Findings for people, inside a report: each one's line and, when it has one, its fix."""
    lines = []
    for f in findings:
        lines.append(finding_line(f, indent))
        if f.fix is not None:
            lines.append(_fix_line(f, indent + "    "))
    return lines


def findings_cell(findings: Iterable[Any]) -> str:
    """Findings for one spreadsheet cell: ``CODE:message`` per finding, joined with :data:`FINDING_SEPARATOR`."""
    return FINDING_SEPARATOR.join(f"{f.code}:{f.message}" for f in findings)


def _width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def format_lint(title: str, findings: Sequence[Finding], *, original: str | None = None) -> str:
    """The title, then each finding with a caret line under its span and its fix (``titleopt lint``).

    After ``fix``, pass the fixed title as ``title`` (the findings' spans point
    into it) and the input as ``original``: both are shown.
    """
    lines = [_printable(original if original is not None else title)]
    if original is not None:
        lines.append(f"  fixed: {_printable(title)}" if title != original else "  fixed: (nothing to fix)")
    if not findings:
        lines.append("  ok: no findings")
    for f in findings:
        lines.append(finding_line(f))
        if f.span is not None and f.span[1] > f.span[0]:
            start, end = f.span
            lines.append(f"      {_printable(title)}")
            lines.append("      " + " " * _width(title[:start]) + "^" * max(1, _width(title[start:end])))
        if f.fix is not None:
            lines.append(_fix_line(f, "      "))
    return "\n".join(lines)


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


def format_rewrite(res: RewriteResult, *, unit: str = "") -> str:
    """A rewrite for people: old and new title, scores, lengths, changes with their reasons, findings."""
    unit_s = f" {unit}" if unit else ""
    lines = [
        f"old: {res.original}",
        f"     score {res.score_before:.1f}, length {res.length_before}/{res.limit}{unit_s}",
        f"new: {res.best}",
        f"     score {res.score_after:.1f}, length {res.length_after}/{res.limit}{unit_s}"
        + ("  (proven optimal)" if res.optimal else ""),
    ]
    best = res.candidates[0] if res.candidates else None
    for action, sign in (("added", "+"), ("removed", "-")):
        reasons = [r for r in (best.reasons if best else []) if r.action == action]
        if reasons:
            lines.append(f"{action}:")
            lines += [f"  {sign} {r.term}  {r.reason}" for r in reasons]
    if res.findings:
        lines.append("findings on the new title:")
        lines += format_findings(res.findings)
    for i, cand in enumerate(res.candidates[1:], start=2):
        lines.append(f"candidate {i}: {cand.title}  (score {cand.score:.1f}, length {cand.length})")
    lines += [f"note: {n}" for n in res.notes]
    return "\n".join(lines)


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
