"""Plain-text rendering of findings and rule docs for the CLI (no printing here)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..models import Finding
from .base import Rule


def _width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def format_findings(title: str, findings: Sequence[Finding], *, original: str | None = None) -> str:
    """The title, then each finding with a caret line under its span and its fix.

    After ``fix``, pass the fixed title as ``title`` (the findings' spans point
    into it) and the input as ``original``: both are shown.
    """
    lines = [_printable(original if original is not None else title)]
    if original is not None:
        lines.append(f"  fixed: {_printable(title)}" if title != original else "  fixed: (nothing to fix)")
    if not findings:
        lines.append("  ok: no findings")
    for f in findings:
        lines.append(f"  {f.code} {f.severity:<7} [{f.name}] {f.message}")
        if f.span is not None and f.span[1] > f.span[0]:
            start, end = f.span
            lines.append(f"      {_printable(title)}")
            lines.append("      " + " " * _width(title[:start]) + "^" * max(1, _width(title[start:end])))
        if f.fix is not None:
            kind = "safe" if f.fix_safe else "unsafe"
            lines.append(f"      fix ({kind}): {f.fix if f.fix else '(empty title)'}")
    return "\n".join(lines)


def format_rule_table(rules: Sequence[Rule]) -> str:
    """One line per rule: code, name, severity, fix kind, summary."""
    rows = [(r.code, r.name, r.severity, r.fix_kind or "-", r.summary()) for r in rules]
    w_name = max((len(r[1]) for r in rows), default=4)
    out = [f"{'code':<6} {'name':<{w_name}} {'severity':<8} {'fix':<6} summary"]
    out += [f"{c:<6} {n:<{w_name}} {s:<8} {fx:<6} {summ}" for c, n, s, fx, summ in rows]
    return "\n".join(out)


def format_rule_doc(rule: Rule) -> str:
    """A rule's header line and its full documentation."""
    platforms = ", ".join(sorted(rule.platforms)) if rule.platforms else "all"
    head = (
        f"{rule.code} {rule.name} - family {rule.family}, default severity {rule.severity}, "
        f"fix {rule.fix_kind or 'none'}, platforms {platforms}"
    )
    return f"{head}\n\n{rule.doc()}"


def rule_record(rule: Rule) -> dict[str, object]:
    """A rule as plain data (``titleopt rules --format json``)."""
    return {
        "code": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": rule.severity,
        "fix": rule.fix_kind,
        "platforms": sorted(rule.platforms) if rule.platforms else None,
        "summary": rule.summary(),
        "doc": rule.doc(),
    }
