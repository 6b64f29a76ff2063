"""Plain-text rendering of the rules' own documentation for ``titleopt rules`` (no printing here).

Findings, reports and rewrites are rendered in :mod:`titleopt.report`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import Rule


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
