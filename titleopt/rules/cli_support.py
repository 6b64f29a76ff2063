"""What ``titleopt lint`` does, kept out of cli.py so the command stays a few lines.

Merges command-line options over ``[tool.titleopt]`` (options win), runs
``lint`` or ``fix`` per title and returns the text or JSON-ready data to
print, plus whether any error-severity finding remains (for ``--strict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from ..build import resolve_settings
from ..lexicon import load_lexicon
from ..platforms import get_platform
from ..report import format_lint
from .api import fix, lint


def read_titles(titles: Sequence[str], stdin: TextIO | None) -> list[str]:
    """The TITLES arguments, with ``-`` replaced by the non-blank lines of ``stdin`` (lint, analyze)."""
    out: list[str] = []
    for t in titles:
        if t == "-" and stdin is not None:
            out.extend(line.rstrip("\r\n") for line in stdin if line.strip())
        else:
            out.append(t)
    return out


def run_lint(
    titles: Sequence[str],
    *,
    platform: str | None,
    select: str | None,
    ignore: str | None,
    apply_fix: bool = False,
    unsafe: bool = False,
    dictionaries: Iterable[str] = (),
    brand: str | None = None,
    category: str | None = None,
    competitors: Iterable[str] = (),
    today: date | None = None,
    fmt: str = "text",
    stdin: TextIO | None = None,
    collect: list[dict[str, Any]] | None = None,
) -> tuple[Any, bool]:
    """Lint (or fix) each title; returns (text or list of records, any error left).

    ``collect``, when given, receives each title's record too (``--report`` renders them).
    """
    settings = resolve_settings(platform=platform, dictionaries=dictionaries)
    config = settings.extra
    platform = settings.platform
    plat = get_platform(platform, limit=settings.limit, unit=settings.unit)  # type: ignore[arg-type]
    overridden = {k: v for k, v in (("limit", settings.limit), ("unit", settings.unit)) if v is not None}
    select = select if select is not None else config.get("select")
    ignore = ignore if ignore is not None else config.get("ignore")
    lexicon = load_lexicon(settings.dictionaries)
    kwargs: dict[str, Any] = dict(
        select=select, ignore=ignore, lexicon=lexicon, today=today, brand=brand, category=category,
        competitor_brands=tuple(competitors),
    )
    records: list[dict[str, Any]] = []
    texts: list[str] = []
    failed = False
    counts = {"error": 0, "warning": 0, "info": 0}
    for title in read_titles(titles, stdin):
        if apply_fix or unsafe:
            fixed, findings = fix(title, plat, unsafe=unsafe, **kwargs)
        else:
            fixed, findings = None, lint(title, plat, **kwargs)
        for f in findings:
            counts[f.severity] += 1
        failed = failed or any(f.severity == "error" for f in findings)
        record: dict[str, Any] = {"title": title, "platform": platform, **overridden}
        if fixed is not None:
            record["fixed"] = fixed
        record["findings"] = findings
        records.append(record)
        if collect is not None:
            collect.append(record)
        if fixed is None:
            texts.append(format_lint(title, findings))
        else:
            texts.append(format_lint(fixed, findings, original=title))
    if fmt == "json":
        return records, failed
    summary = (f"{len(records)} title(s): {counts['error']} error(s), {counts['warning']} warning(s), "
               f"{counts['info']} info")
    return "\n\n".join([*texts, summary]), failed
