"""``lint`` and ``fix``: run the registered rules over one title.

Both are pure functions of their arguments (the clock is the ``today``
argument, defaulting to the system date), read no configuration files and
print nothing; the CLI adds ``[tool.titleopt]`` settings on top.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterable
from datetime import date

from ..errors import InputError
from ..lexicon import Lexicon, load_lexicon
from ..models import Finding
from ..normalize import check_title, normalize
from ..platforms import DEFAULT_PLATFORM, Platform, get_platform
from .base import Rule, RuleContext, apply_edits, registry

log = logging.getLogger(__name__)

#: ``fix`` re-lints after applying a round of edits, like ruff, until nothing
#: is left to fix or this many rounds have run.
MAX_FIX_PASSES = 20

_ALLOWED_CONTROL = frozenset("\t\n\r")


def check_lint_title(title: object) -> str:
    """A usable title, or InputError: None, non-text, too long, or control characters.

    Tabs and line breaks are white space (TO304 reports them); other control
    characters (NUL, BEL, ESC...) mean a broken file or cell and are refused.
    """
    text = check_title(title)
    if not text.isprintable():
        for i, ch in enumerate(text):
            if ch not in _ALLOWED_CONTROL and unicodedata.category(ch) == "Cc":
                raise InputError(f"title contains control character U+{ord(ch):04X} at position {i}")
    return text


def _key(spec: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if spec is None:
        return None
    return (spec,) if isinstance(spec, str) else tuple(str(s) for s in spec)


@functools.lru_cache(maxsize=256)
def _selected(select: tuple[str, ...] | None, ignore: tuple[str, ...] | None, platform: Platform) -> tuple[Rule, ...]:
    return tuple(registry.select(select, ignore, platform))


def select_rules(
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    platform: str | Platform = DEFAULT_PLATFORM,
) -> list[Rule]:
    """The rules that ``lint`` would run with these options (codes, prefixes or names)."""
    return list(_selected(_key(select), _key(ignore), get_platform(platform)))


def _run(
    title: str,
    rules: tuple[Rule, ...],
    platform: Platform,
    lexicon: Lexicon,
    today: date,
    segmenter: object | None,
    brand: str | None,
    category: str | None,
    competitor_brands: tuple[str, ...],
) -> tuple[RuleContext, list[Finding]]:
    ctx = RuleContext(
        title=title,
        norm=normalize(title),
        platform=platform,
        lexicon=lexicon,
        today=today,
        brand=brand or None,
        category=category or None,
        competitor_brands=competitor_brands,
        segmenter=segmenter,
    )
    if not ctx.text:
        # Nothing to judge: only the empty-title rule speaks.
        rules = tuple(r for r in rules if r.code == "TO100")
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (f.span[0] if f.span else -1, f.code, f.span[1] if f.span else -1))
    return ctx, findings


def _prepare(title, platform, select, ignore, lexicon, today, competitor_brands):
    text = check_lint_title(title)
    plat = get_platform(platform)
    rules = _selected(_key(select), _key(ignore), plat)
    lex = lexicon if lexicon is not None else load_lexicon()
    return text, plat, rules, lex, today or date.today(), tuple(c for c in competitor_brands if c)


def lint(
    title: str,
    platform: str | Platform = DEFAULT_PLATFORM,
    *,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    segmenter: object | None = None,
    lexicon: Lexicon | None = None,
    today: date | None = None,
    brand: str | None = None,
    category: str | None = None,
    competitor_brands: Iterable[str] = (),
) -> list[Finding]:
    """Check one title against the registered rules; findings sorted by position, then code.

    ``select``/``ignore`` take rule codes, code prefixes (``"TO2"``) or names,
    as a list or a comma-separated string. ``segmenter`` lets a caller share
    its own :class:`~titleopt.segment.Segmenter`; ``lexicon`` its own word
    lists (:func:`~titleopt.lexicon.load_lexicon` with extra files);
    ``today`` fixes the clock for the stale-year rule. ``brand``,
    ``category`` and ``competitor_brands`` describe the listing.

    An empty title gives one TO100 finding; None, non-text, over-long
    titles and control characters raise :class:`~titleopt.errors.InputError`.

    >>> [f.code for f in lint("最好的纯棉T恤", select="TO2")]
    ['TO201']
    """
    text, plat, rules, lex, day, comp = _prepare(title, platform, select, ignore, lexicon, today, competitor_brands)
    return _run(text, rules, plat, lex, day, segmenter, brand, category, comp)[1]


def fix(
    title: str,
    platform: str | Platform = DEFAULT_PLATFORM,
    *,
    unsafe: bool = False,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    segmenter: object | None = None,
    lexicon: Lexicon | None = None,
    today: date | None = None,
    brand: str | None = None,
    category: str | None = None,
    competitor_brands: Iterable[str] = (),
) -> tuple[str, list[Finding]]:
    """Apply the fixes of the selected rules; return the new title and the findings left on it.

    Safe fixes only, unless ``unsafe=True``. Each round applies every
    non-overlapping edit, then lints again (a fix can reveal or settle
    another finding), until nothing is left to fix - so the result is a fixed
    point: fixing it again changes nothing.

    >>> fix("纯棉T恤  男款!!")[0]
    '纯棉T恤 男款!'
    """
    text, plat, rules, lex, day, comp = _prepare(title, platform, select, ignore, lexicon, today, competitor_brands)
    current = text
    for _ in range(MAX_FIX_PASSES):
        ctx, findings = _run(current, rules, plat, lex, day, segmenter, brand, category, comp)
        edits = [e for f, es in ctx.fixes if es and (f.fix_safe or unsafe) for e in es]
        new = apply_edits(current, edits) if edits else current
        if new == current:
            return current, findings
        current = new
    log.warning("fix stopped after %d rounds on %r", MAX_FIX_PASSES, title)
    return current, _run(current, rules, plat, lex, day, segmenter, brand, category, comp)[1]
