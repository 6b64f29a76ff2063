"""The addition policy: which words a rewrite may add to a listing, and why not the others.

A seller trusts a rewrite only if every word it adds is true of the item.
So a word the listing does not state itself may be added only when it is:

* not banned, promotional, a year, or a fragment jieba guessed;
* not a brand, unless it is the listing's own;
* not a fact (material, colour, size…) or another product, unless the
  listing's title, attributes or category state it;
* in ``"safe"`` mode (the default), a descriptive word a buyer cannot hold the
  seller to (``dictionaries/descriptive_words.txt``), unless stated;
* not in conflict with what the listing says (长袖/短袖, 男/女).

The checks are split by what they depend on, so that most are done once:
per word (:meth:`Context.static`), per product (:func:`keyword_roots`, the
roots of the keywords relevant to one product word) and per listing
(:func:`open_roots`, :func:`admissible`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .context import Context
from .listing import Listing, phrase_key
from .normalize import normalize_term

#: A keyword root as :func:`keyword_roots` gives it: (root, competitor brand, safe-only).
RootEntry = tuple[str, bool, bool]


def keyword_roots(ctx: Context, anchors: tuple[str, ...], n: int, *, free_only: bool = False) -> tuple[RootEntry, ...]:
    """Distinct roots of the top ``n`` keywords relevant to ``anchors``, in value order.

    Each is ``(root, competitor_brand, safe_only)``: ``competitor_brand``
    when a competitor's brand (allowed only as the listing's own brand),
    ``safe_only`` when ``additions="safe"`` and the root is not a
    descriptive word (allowed only when the listing states it).
    ``free_only`` keeps only the roots that are not ``safe_only`` (and any
    root with a space, which a title could state without writing it
    unspaced): for a listing with no category or attributes these are the
    only ones :func:`open_roots` can yield, and they are few.

    Done once per product (listings of one product share anchors) instead of per title.
    """
    hit = ctx.roots_by_product.get((anchors, n), lambda key: _product_roots(ctx, *key))
    return hit[1] if free_only else hit[0]


def _product_roots(ctx: Context, anchors: tuple[str, ...], n: int):
    relevant, _ = ctx.matcher.relevant_sets(anchors) if anchors else ((), frozenset())
    kws = ctx.keywords.keywords
    out: dict[str, RootEntry] = {}
    for i in relevant[:n]:
        for r in kws[i].roots:
            if r and r not in out:
                out[r] = (r, r in ctx.competitor_brands, ctx.safe_only(r))
    entries = tuple(out.values())
    return entries, tuple(e for e in entries if not e[2] or " " in e[0])


def open_roots(
    ctx: Context, listing: Listing, n: int, *, facts_text: str, brand_n: str | None, forbid_n: Iterable[str] = ()
) -> Iterator[str]:
    """Roots of the top ``n`` relevant keywords this listing lets a rewrite add, by value.

    The listing-dependent half of :func:`admissible` for keyword roots: not
    already written in the title, not forbidden, never banned, promotional, a
    year or a non-word, a brand only as the listing's own, a fact only when
    the listing states it. Conflicts and attachment are the caller's checks.

    The cheap listing checks come before :meth:`Context.static`: in
    ``"safe"`` mode a non-descriptive root the listing does not state is out
    whatever its static facts, and that is most roots of a large table, so
    most are never vetted at all. When the listing states nothing but its
    title (the common case), a stated root is a written one, so only the
    roots that need no statement are walked.
    """
    written = listing.terms.norm.text.replace(" ", "")
    title_only = facts_text == listing.terms.norm.text
    for key, comp_brand, safe_only in keyword_roots(ctx, listing.anchors, n, free_only=title_only):
        if key in written or key in forbid_n:
            continue
        stated = key in facts_text
        if safe_only and not stated:
            continue  # not known to be claim-free, and the listing does not state it
        st = ctx.static(key)
        if st.never or not st.word:
            continue
        if ((st.brand or comp_brand) and key != brand_n) or (st.fact_like and not stated):
            continue
        if not stated and names_other_product(ctx, key, listing):
            continue
        if ctx.regulated(key, listing.claim_category):
            continue  # a claim this product's category may not make (医用 on a cosmetic)
        yield key


def names_other_product(ctx: Context, key: str, listing: Listing) -> bool:
    """``key`` ends in a product word that is not this listing's (休闲皮鞋 for a shoe spray).

    An added word must attach to the product word of this listing: one that
    names another product changes what the title says is sold.
    """
    facts = listing.facts
    own = {facts.product_word, *facts.product_words, *listing.anchors}
    if key in own:
        return False
    if ctx.lexicon.is_product_word(key):
        return True
    head = ctx.product_head(key)
    return head is not None and head not in own


def stated_words(ctx: Context, listing: Listing) -> set[str]:
    """The words the listing states: its title's words and sub-words, and the pieces of its category and attributes.

    What a word to add may not conflict with (男 against 女), as the rewrite collects them.
    """
    out = set(listing.terms.occurrences)
    for pieces in stated_pieces(ctx, listing):
        out.update(pieces)
    return out


def stated_pieces(ctx: Context, listing: Listing) -> list[list[str]]:
    """The words of each attribute value and of the category, cut as a title is (spaces separate words)."""
    sources = [normalize_term(v) for v in listing.attributes.values() if v]
    if listing.category:
        sources.append(phrase_key(listing.category))
    return [ctx.segmenter.cut(s) for s in sources]


def why_not(ctx: Context, listing: Listing, root: str, fact_terms: set[str]) -> str:
    """Why a rewrite may not add ``root`` to this listing, in a seller's words."""
    facts_text = listing.facts_text
    stated = root in facts_text
    st = ctx.static(root)
    if st.never:
        return f"{root} is banned, promotional or a year"
    if (st.brand or root in ctx.competitor_brands) and root != listing.facts.brand:
        return f"{root} is another brand"
    # every term of a conflicting pair is a conflict-set member: the others need no pass over the facts
    pairs = ctx.lexicon.conflicting([*sorted(fact_terms - {root}), root]) if ctx.lexicon.in_conflict_set(root) else ()
    for a, b in pairs:
        if root in (a, b):
            return f"{root} conflicts with {b if a == root else a}"
    if not stated and names_other_product(ctx, root, listing):
        return f"{root} names another product"
    if ctx.regulated(root, listing.claim_category):
        return f"{root} is a claim a {listing.claim_category} listing may not make without a licence"
    if st.fact_like and not stated:
        return f"needs a fact the listing does not state: {root}"
    if ctx.safe_only(root) and not stated:
        return f"{root} is not known to be claim-free: state it in the listing to use it"
    if not st.word:
        return f"{root} is not a word a rewrite can add on its own"
    return f"{root} is beyond the keywords a rewrite considers"


def may_add(ctx: Context, listing: Listing, n: int) -> bool:
    """Could a rewrite add any word to this listing? False only when certainly not.

    A cheap, conservative pre-check of the problem's candidates (no conflict
    or attachment checks): most titles, analysed without attributes, have no
    admissible word to gain.
    """
    if listing.category or listing.attributes:
        return True
    roots = open_roots(ctx, listing, n, facts_text=listing.facts_text, brand_n=listing.facts.brand)
    return next(roots, None) is not None


def admissible(
    ctx: Context,
    key: str,
    origin: str,
    *,
    listing: Listing,
    facts_text: str,
    fact_terms: set[str],
    forbid_n: Iterable[str],
    brand_n: str | None,
) -> bool:
    """May ``key`` be added to a listing stating ``facts_text``? ``origin``: ``"fact"`` or ``"keyword"``."""
    if not key or key in forbid_n:
        return False
    st = ctx.static(key)
    if st.never:
        return False  # banned, promotional or a year
    if key != brand_n and (st.brand or key in ctx.competitor_brands):
        return False
    if origin == "keyword":
        if not st.word:
            return False  # a fragment jieba guessed, or a lone character: too ambiguous to add
        if key not in facts_text and names_other_product(ctx, key, listing):
            return False  # would change what the title says is sold
        if ctx.regulated(key, listing.claim_category):
            return False  # a claim this product's category may not make, or only with a licence
        if st.fact_like and key not in facts_text:
            return False  # a fact (or another product) the listing does not claim
        if ctx.additions == "safe" and key not in facts_text and not ctx.lexicon.is_descriptive(key):
            return False  # not known to be claim-free: the seller must confirm it first
    return not ctx.lexicon.conflicts_with(key, fact_terms - {key})
