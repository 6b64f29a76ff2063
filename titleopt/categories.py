"""Regulated product categories and the claims each may not make, as data.

Whether 医用级 or 美白 or 减肥 is unlawful in a title depends on what is sold:
a cosmetic may not imply a medical effect (化妆品监督管理条例 art. 37, 43), a
food may not claim to treat disease (食品安全法 art. 71, 73), ordinary goods
may use no medical terms at all (广告法 art. 17), and some claims are lawful
only with a registration the title cannot show (a 特殊化妆品 for 美白, a 保健食品
for 减肥). Both the word -> category map (``dictionaries/claim_categories.tsv``)
and the claims (``dictionaries/category_claims.tsv``, each row with its
citation and where it was read) are data, so a reviewer can check and extend
them without Python. The lint rules TO205/TO206 (:mod:`titleopt.rules.regulated`)
and :func:`regulated_claims` read them.

Which category a listing is in comes from the category it is given (a product
word or a platform category path; its last known word wins), otherwise from the
title's own words. A title whose words point to different categories gets none:
the rules would rather stay silent than judge a 面膜碗 as a cosmetic.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from .errors import InputError
from .lexicon import Hit, TermIndex, leftmost_longest
from .normalize import normalize_term
from .resources import data_path

ClaimKind = Literal["medical", "licensed"]

#: Categories a listing can be in (see ``dictionaries/claim_categories.tsv``).
CATEGORIES: tuple[str, ...] = ("cosmetics", "food", "health_food", "goods", "medical", "unjudged")

#: How a category is named in messages.
CATEGORY_LABELS: dict[str, str] = {
    "cosmetics": "a cosmetic (化妆品)",
    "food": "a food (食品)",
    "health_food": "a health food (保健食品)",
    "goods": "ordinary goods",
    "medical": "a drug or medical device",
    "unjudged": "a product these rules do not judge",
}


@dataclass(frozen=True)
class ClaimGroup:
    """One row of ``category_claims.tsv``: terms of one kind, for some categories, with why and the law."""

    categories: frozenset[str]
    kind: ClaimKind
    terms: frozenset[str]
    why: str
    citation: str


@dataclass(frozen=True)
class RegulatedClaim:
    """A claim found in a title: ``[start, end)`` in the *normalized* title."""

    start: int
    end: int
    term: str
    category: str
    group: ClaimGroup


def _rows(name: str, columns: int) -> list[tuple[int, list[str]]]:
    path = data_path(name)
    out: list[tuple[int, list[str]]] = []
    header_seen = False
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            cells = line.split("\t")
            if len(cells) != columns:
                raise InputError(f"expected {columns} tab-separated columns", file=str(path), row=n)
            out.append((n, [c.strip() for c in cells]))
    return out


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def category_words() -> dict[str, str]:
    """Normalized word -> category, from ``claim_categories.tsv``."""
    out: dict[str, str] = {}
    for n, (category, words) in _rows("claim_categories.tsv", 2):
        if category not in CATEGORIES:
            raise InputError(f"unknown category {category!r}", file="claim_categories.tsv", row=n)
        for w in words.split():
            out.setdefault(normalize_term(w), category)
    return out


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def claim_groups() -> tuple[ClaimGroup, ...]:
    """Every row of ``category_claims.tsv``."""
    groups = []
    for n, (cats, kind, terms, why, citation) in _rows("category_claims.tsv", 5):
        categories = frozenset(c.strip() for c in cats.split(","))
        if not categories <= set(CATEGORIES) or kind not in ("medical", "licensed"):
            raise InputError(f"unknown category or kind in {cats!r} / {kind!r}", file="category_claims.tsv", row=n)
        groups.append(
            ClaimGroup(categories, kind, frozenset(normalize_term(t) for t in terms.split()), why, citation)  # type: ignore[arg-type]
        )
    return tuple(groups)


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def _category_index() -> TermIndex:
    return TermIndex({"category": category_words().keys()})


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def _claim_index() -> TermIndex:
    return TermIndex({"claim": {t for g in claim_groups() for t in g.terms}})


def category_of_name(name: str | None) -> str | None:
    """The category a product word or platform category path names (``美容护肤>面膜`` -> cosmetics), or None.

    The last known word wins (a path goes from general to specific), except
    that a drug or device (医疗器械) or a health food (保健食品/膳食营养补充食品)
    anywhere in it wins: those regimes allow what ordinary products may not say.
    """
    if not name:
        return None
    hits = leftmost_longest(_category_index().find_all(normalize_term(name)))
    found = [category_words()[h.term] for h in hits]
    for special in ("medical", "health_food"):
        if special in found:
            return special
    return found[-1] if found else None


def _title_category_hits(text: str, token_ends: frozenset[int] | None) -> list[Hit]:
    hits = leftmost_longest(_category_index().find_all(text))
    if token_ends is not None:
        # 茶 counts in 减肥|茶, not in 茶杯: the word must end a word of the title.
        hits = [h for h in hits if h.end in token_ends]
    return hits


def category_of_title(text: str, token_ends: frozenset[int] | None = None) -> str | None:
    """The one category the words of a normalized title point to, or None (none, or several).

    ``token_ends`` (the end offsets of the title's segmented words) keeps a
    category word that is only the start of another word (茶 in 茶杯) from
    counting; without it every occurrence counts.
    """
    found = {category_words()[h.term] for h in _title_category_hits(text, token_ends)}
    return found.pop() if len(found) == 1 else None


def find_claims(
    text: str,
    category: str | None,
    *,
    token_ends: frozenset[int] | Callable[[], frozenset[int]] | None = None,
    kinds: Sequence[str] = ("medical", "licensed"),
) -> list[RegulatedClaim]:
    """Claims in normalized ``text`` that a listing of ``category`` may not make (or only with a licence).

    ``category`` is the listing's category (see :func:`category_of_name`);
    None means it is taken from the title (:func:`category_of_title`). A term
    right after 非/无/不 is a negation (非医用), not a claim; a term inside the
    very word that puts the title in its category (防晒 of 防晒霜) is what the
    product is, not a claim about it. ``token_ends`` may be a function giving
    them, called only when the title has a claim word (segmentation is the
    expensive part, and most titles have none).
    """
    hits = _claim_index().find_all(text)
    if not hits:  # most titles: no claim word, so no category to find
        return []
    if callable(token_ends):
        token_ends = token_ends()
    cat = category if category is not None else category_of_title(text, token_ends)
    if cat is None or cat in ("medical", "unjudged"):
        return []
    cat_words = _title_category_hits(text, token_ends)
    out: list[RegulatedClaim] = []
    for h in leftmost_longest(hits):
        if h.start > 0 and text[h.start - 1] in "非无不":
            continue
        if any(c.start <= h.start and h.end <= c.end and c.term != h.term for c in cat_words):
            continue
        for g in claim_groups():
            if cat in g.categories and g.kind in kinds and h.term in g.terms:
                out.append(RegulatedClaim(h.start, h.end, h.term, cat, g))
                break
    return out


def regulated_claims(title: str, category: str | None = None) -> list[str]:
    """The terms of ``title`` its product category may not claim (or only with a licence), in title order.

    ``category`` is a product word or a platform category path (``面膜``,
    ``美容护肤>面膜``); without it the title's own product words decide. A
    rewrite can use this to drop or never add such terms.

    >>> regulated_claims("补水面膜女保湿美白淡斑医用级面膜贴")
    ['美白', '淡斑', '医用级']
    """
    from .normalize import normalize

    text = normalize(title).text
    return [c.term for c in find_claims(text, category_of_name(category) if category else None)]
