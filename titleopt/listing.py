"""The first stage: one listing, read once.

:func:`read_listing` normalizes and cuts the title once (the brand and
must-keep phrases kept whole), detects what the listing is (brand, product
word, models: :func:`~titleopt.product.detect`), decides which keywords of
the table concern it (those containing its product word or category) and
which of them the title covers. Every later stage reads the frozen
:class:`Listing`; none cuts the title again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any

from .categories import RegulatedClaim, category_of_name, category_of_title, find_claims
from .context import Context
from .errors import InputError
from .normalize import check_title, is_traditional, normalize, normalize_term
from .product import ListingFacts, detect
from .terms import TitleTerms, title_terms
from .units import Unit, read_units


class _ReadOnFirstUse:
    """A :class:`Listing` field given as a value or as a function that reads it on first use.

    ``read_listing`` passes the unit reading (:func:`~titleopt.units.read_units`,
    the costliest step of reading a title) as a function: a rewrite, a short
    title and an analysis that builds a knapsack read the units, but most
    analyses (nothing can be added: no knapsack) and the catalogue path never
    do, and should not pay for them. The value is the same whenever it is read:
    the reading depends only on the listing's own terms and facts and the
    lexicon's and segmenter's fixed word lists. Frozen dataclasses set fields
    with ``object.__setattr__``, which goes through this data descriptor;
    assigning to the field afterwards still raises ``FrozenInstanceError``.
    """

    def __init__(self, default: Any) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}_value"

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.default  # the dataclass machinery asks the class for the field's default
        value = obj.__dict__[self.slot]
        if callable(value):
            value = obj.__dict__[self.slot] = value()  # read once; a concurrent reader computes the same value
        return value

    def __set__(self, obj: object, value: Any) -> None:
        obj.__dict__[self.slot] = value


@dataclass(frozen=True)
class Listing:
    """Everything known about one title while analysing or rewriting it."""

    title: str
    terms: TitleTerms
    facts: ListingFacts
    relevant: tuple[int, ...]  # keyword indexes concerning this listing, by value
    covered: Mapping[int, float]  # keyword index -> quality (relevant keywords only)
    relevant_set: frozenset[int] = frozenset()
    anchors: tuple[str, ...] = ()
    category: str | None = None
    attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    traditional: bool = False
    phrases: tuple[str, ...] = ()  # normalized brand and must-keep phrases, kept whole in the cut
    # the title's units, kept or dropped whole by a rewrite (titleopt.units); the constructor also takes a
    # function returning them, called on first use (_ReadOnFirstUse): most analyses never need them
    units: tuple[Unit, ...] = _ReadOnFirstUse(())  # type: ignore[assignment]
    claim_category: str | None = None  # the regulated category its claims are judged by (titleopt.categories)
    claims: tuple[RegulatedClaim, ...] = ()  # claims that category may not make, or only with a licence

    @property
    def facts_text(self) -> str:
        """Normalized title, category and attributes: what the listing states about itself."""
        if not self.category and not self.attributes:
            return self.terms.norm.text  # already normalized: the common case costs nothing
        parts = [self.terms.norm.text, self.category or ""]
        parts += [f"{k} {v}" for k, v in self.attributes.items()]
        return normalize_term(" ".join(parts))


def phrase_key(text: str) -> str:
    """A caller's term (brand, must-keep, forbid) as the title's tokens are written: normalized, unspaced."""
    return normalize_term(text).replace(" ", "")


def read_listing(
    ctx: Context,
    title: str,
    *,
    brand: str | None = None,
    category: str | None = None,
    attributes: Mapping[str, str] | None = None,
    must_keep: Sequence[str] = (),
    forbid: Sequence[str] = (),
    product_word: str | None = None,
) -> Listing:
    """Read ``title`` once into a :class:`Listing` (raises :class:`~titleopt.errors.InputError` on a bad title).

    The caller's brand, must-keep and forbidden terms are cut whole (a
    forbidden 卫衣 is a word of its own in 连帽卫衣, so it can be removed), and
    so is a promotional word jieba glued to the word before it (纯棉T恤男|包邮
    cut as 男包|邮: the 包 of 包邮 is no bag).

    ``product_word``, when the caller states it (a catalogue's product
    column), replaces detection (:func:`~titleopt.product.detect`, the
    costliest step of reading a title): the listing's facts are then that
    product word and the caller's ``brand``, with no models and no other
    product words found in the title.
    """
    check_title(title)
    norm = normalize(title)
    phrases = tuple(phrase_key(p) for p in (brand, *must_keep, *forbid) if p)
    pos = ctx.segmenter.positions(norm)
    phrases += _glued_promotions(norm.text, pos, ctx.lexicon.promo_terms_of(ctx.platform.name))
    terms = title_terms(norm, ctx.segmenter, phrases, spans_of=ctx.spans)
    if product_word is not None:
        facts = _stated_facts(product_word, brand)
    else:
        facts = detect(
            terms,
            ctx.lexicon,
            brand=brand,
            category=category,
            root_value=lambda t: ctx.root_value.get(t, 0.0),
            is_known_word=ctx.segmenter.is_word,
            phrase_value=ctx.keywords.keyword_value,
            proper_noun=ctx.proper_noun,
            adjective=ctx.adjective,
        )
    anchors = product_anchors(facts, ctx.lexicon)
    head = ctx.product_head(facts.product_word) if facts.product_word else None
    if head and head not in anchors and not ctx.lexicon.is_generic_head(head):
        anchors.append(head)  # a 连帽卫衣 is a 卫衣: its keywords concern this listing too
    if category:
        anchors.append(phrase_key(category))
    relevant, rel = ctx.matcher.relevant_sets(anchors) if anchors else ((), frozenset())
    covered = {c.index: c.quality for c in ctx.matcher.covered(terms) if c.index in rel}
    claim_category = category_of_name(category) if category else None
    if claim_category is None:
        ends = frozenset(s + len(t) for s, t in zip(terms.starts, terms.tokens, strict=True))
        claim_category = category_of_title(norm.text, ends)
    claims = tuple(find_claims(norm.text, claim_category)) if claim_category else ()
    return Listing(
        title,
        terms,
        facts,
        relevant,
        MappingProxyType(covered),
        rel,
        tuple(anchors),
        category,
        MappingProxyType(dict(attributes or {})),
        is_traditional(title),
        phrases,
        # read on first use (_ReadOnFirstUse): most analyses never need the units
        partial(
            read_units, terms, facts, ctx.lexicon, segmenter=ctx.segmenter, phrase_value=ctx.keywords.keyword_value
        ),
        claim_category,
        claims,
    )


def _stated_facts(product_word: str, brand: str | None) -> ListingFacts:
    """The facts a caller states (product word, brand) in place of detected ones."""
    word = phrase_key(product_word)
    if not word:
        raise InputError("the product word is empty")
    brand_n = phrase_key(brand) if brand else None
    return ListingFacts(
        brand_n,
        word,
        (word,),
        (),
        (brand_n,) if brand_n else (),
        core_parts=(word,),
        product_parts=(word,),
    )


def product_anchors(facts: ListingFacts, lexicon) -> list[str]:
    """The words that decide which keywords concern this listing: its core product word.

    Only the core one: every product word of a title full of them (睡衣,
    睡袍, 浴袍…) would pull in each one's keywords. A generic head (套装,
    配件) names no product, so then the other product words anchor instead.
    """
    core = facts.product_word
    if core and not lexicon.is_generic_head(core):
        return [core]
    others = [w for w in facts.product_words if w != core and not lexicon.is_generic_head(w)]
    return others or ([core] if core else [])


def _glued_promotions(text: str, pos: list[tuple[str, int]], words: frozenset[str]) -> tuple[str, ...]:
    """Promotional words that start inside a token and end where a token ends (男包|邮 holds 包邮).

    Only those: a promotional word that ends inside a token (书包|邮寄) is
    no promotional word at all. One ``in`` test per word, then a scan of the
    few words the title holds.
    """
    starts = {s for _, s in pos}
    ends = {s + len(t) for t, s in pos}
    out = []
    for w in words:
        if w not in text:
            continue
        at = text.find(w)
        while at >= 0:
            if at not in starts and at + len(w) in ends:
                out.append(w)
                break
            at = text.find(w, at + 1)
    return tuple(sorted(out))
