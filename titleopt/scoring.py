"""Scoring a listing: covered value against the best reachable, what is missing, findings.

A title's **score** is the value of the keywords it covers as a share of the
best value a truthful title within the limit could cover (0–100), so 100
means no better title exists for this data. ``missing`` lists the relevant
keywords not covered that a rewrite could truthfully reach; ``unreachable``
the others, each with the reason (it conflicts with what the listing says,
needs a fact the listing does not state, names another product…).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import filterfalse

from .context import Context
from .listing import Listing
from .models import Finding, KeywordMatch, TitleReport
from .normalize import strip_invisible
from .policy import stated_words, why_not
from .rewrite import Problem, Solution

#: How many relevant-but-missing keywords a report lists.
MISSING_LIMIT = 20


def score(value: float, reachable: float) -> float:
    """A title's score: its covered value as a share of the best reachable value, 0..100, two decimals."""
    return 100.0 if reachable <= 0 else round(min(100.0, 100.0 * value / reachable), 2)


def covered_value(ctx: Context, covered: Mapping[int, float]) -> float:
    """Value of covered keywords, each weighted by its match quality."""
    kws = ctx.keywords.keywords
    return sum(kws[i].value * q for i, q in covered.items())


def lint_listing(ctx: Context, title: str, listing: Listing, *, brand: str | None) -> list[Finding]:
    """The lint findings of ``title`` (the listing's or a rewrite of it), with the listing's facts."""
    from .rules import lint as lint_title

    # Control characters in a catalogue cell are export debris, not the
    # seller's words: lint the visible title rather than fail the row.
    return lint_title(
        strip_invisible(title),
        platform=ctx.platform,
        segmenter=ctx.segmenter,
        lexicon=ctx.lexicon,
        today=ctx.current_date,
        brand=brand or listing.facts.brand,
        category=listing.category,
        competitor_brands=ctx.competitor_brands_raw,
    )


def build_report(
    ctx: Context,
    listing: Listing,
    problem: Problem | None,
    best: Solution | None,
    *,
    brand: str | None,
    lint: bool,
    competitors=None,
) -> TitleReport:
    """The :class:`TitleReport` of a listing, given the best solution a rewrite could reach (if searched)."""
    kws = ctx.keywords.keywords
    value = covered_value(ctx, listing.covered)
    relevant_value = ctx.matcher.relevant_value(listing.anchors)
    reachable = max(best.value if best else 0.0, sum(kws[i].value for i in listing.covered))
    matches = [ctx.match_entry(i, q) for i, q in sorted(listing.covered.items())]
    missing = missing_keywords(ctx, listing, problem)
    title = listing.title
    findings = lint_listing(ctx, title, listing, brand=brand) if lint else []
    comp = competitors.compare(title, brand=listing.facts.brand) if competitors is not None else None
    plat = ctx.platform
    return TitleReport(
        title=title,
        platform=plat.name,
        length=plat.length(title),
        limit=plat.limit,
        unit=plat.unit,
        tokens=list(listing.terms.tokens),
        brand=listing.facts.brand,
        product_word=listing.facts.product_word,
        protected=list(listing.facts.protected),
        matches=matches,
        partial=missing.partial,
        missing=missing.reachable,
        unreachable=missing.unreachable,
        unreachable_count=missing.unreachable_count,
        covered_value=value,
        relevant_value=relevant_value,
        coverage=(value / relevant_value) if relevant_value > 0 else 0.0,
        score=score(value, reachable),
        competitors=comp,
        findings=findings,
    )


def missing_keywords(ctx: Context, listing: Listing, problem: Problem | None) -> Missing:
    """The relevant keywords the title does not cover, split by whether a truthful rewrite could reach them.

    Reachable ones have every missing root among the words the problem may
    use (the title's and the admissible additions); they are found through
    those words' postings or, when those are longer, a pass over the
    relevant keywords. Unreachable ones are listed with the reason of their
    first unreachable root, walking the relevant keywords in value order
    until the lists are full. Neither walks a large table's thousands of
    relevant keywords per title.
    """
    kws = ctx.keywords.keywords
    occ = listing.terms.occurrences
    covered = listing.covered
    relevant = listing.relevant
    addable = problem.providers.keys() if problem else {}.keys()  # every word the problem's terms provide
    reach: list[KeywordMatch] = []
    n_reach = 0
    open_roots = {r for r in addable if r not in occ}
    if open_roots:
        postings = [ctx.matcher.with_root(r) for r in open_roots]
        if sum(map(len, postings)) <= len(relevant):
            rel = listing.relevant_set
            cand: Iterable[int] = sorted({i for ids in postings for i in ids if i in rel})
        else:
            cand = (i for i in relevant if not open_roots.isdisjoint(kws[i].roots))
        for i in cand:
            miss = tuple(r for r in kws[i].roots if r not in occ)
            if i not in covered and all(r in addable for r in miss):
                n_reach += 1
                if len(reach) < MISSING_LIMIT:
                    reach.append(ctx.match_entry(i, 0.0, miss))
    unreachable: list[KeywordMatch] = []
    partial: list[KeywordMatch] = []
    facts: set[str] | None = None
    entry = ctx.match_entry
    written, can_add = occ.__contains__, addable.__contains__
    # This walk runs for every title: the roots are filtered in C (filterfalse), not by generators in Python.
    for i in relevant:
        if len(unreachable) >= MISSING_LIMIT and len(partial) >= MISSING_LIMIT:
            break
        if i in covered:
            continue
        roots = kws[i].roots
        miss = tuple(filterfalse(written, roots))
        blocked = next(filterfalse(can_add, miss), None)
        if len(miss) < len(roots) and len(partial) < MISSING_LIMIT:
            partial.append(entry(i, 0.0, miss))
        if blocked is not None and len(unreachable) < MISSING_LIMIT:
            if facts is None:
                facts = stated_words(ctx, listing)
            unreachable.append(entry(i, 0.0, miss, why_not(ctx, listing, blocked, facts)))
    n_unreachable = len(relevant) - len(covered) - n_reach
    return Missing(reach, partial, unreachable, max(n_unreachable, len(unreachable)))


@dataclass(frozen=True)
class Missing:
    """What :func:`missing_keywords` finds."""

    reachable: list[KeywordMatch]
    partial: list[KeywordMatch]
    unreachable: list[KeywordMatch]
    unreachable_count: int
