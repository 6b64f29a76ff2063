"""Scoring a listing: covered value against the best reachable, what is missing, findings.

A title's **score** is the value of the keywords it covers as a share of the
best value a truthful title within the limit could cover (0–100), so 100
means no better title exists for this data. ``missing`` lists the relevant
keywords not covered, those a rewrite could truthfully reach first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .context import Context
from .listing import Listing
from .models import Finding, KeywordMatch, TitleReport
from .normalize import strip_invisible
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
    missing, partial = missing_keywords(ctx, listing, problem)
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
        partial=partial,
        missing=missing,
        covered_value=value,
        relevant_value=relevant_value,
        coverage=(value / relevant_value) if relevant_value > 0 else 0.0,
        score=score(value, reachable),
        competitors=comp,
        findings=findings,
    )


def missing_keywords(
    ctx: Context, listing: Listing, problem: Problem | None
) -> tuple[list[KeywordMatch], list[KeywordMatch]]:
    """Top relevant keywords not covered (admissible ones first), and the partly covered ones.

    Admissible ones are among the relevant keywords that contain a word a
    rewrite could add (it completes them), found through that word's
    postings or, when those are longer, a pass over the relevant keywords;
    the rest by walking the relevant keywords in value order until both
    lists are full. Neither walks a large table's thousands of relevant
    keywords per title.
    """
    kws = ctx.keywords.keywords
    occ = listing.terms.occurrences
    covered = listing.covered
    relevant = listing.relevant
    addable = problem.providers.keys() if problem else {}.keys()  # every word the problem's terms provide
    adm: list[KeywordMatch] = []
    open_roots = {r for r in addable if r not in occ}
    if open_roots:
        postings = [ctx.matcher.with_root(r) for r in open_roots]
        if sum(map(len, postings)) <= len(relevant):
            rel = listing.relevant_set
            cand: Iterable[int] = sorted({i for ids in postings for i in ids if i in rel})
        else:
            cand = (i for i in relevant if not open_roots.isdisjoint(kws[i].roots))
        for i in cand:
            if len(adm) >= MISSING_LIMIT:
                break
            miss = tuple(r for r in kws[i].roots if r not in occ)
            if i not in covered and all(r in addable for r in miss):
                adm.append(ctx.match_entry(i, 0.0, miss))
    other: list[KeywordMatch] = []
    partial: list[KeywordMatch] = []
    for i in relevant:
        if len(other) >= MISSING_LIMIT and len(partial) >= MISSING_LIMIT:
            break
        if i in covered:
            continue
        roots = kws[i].roots
        miss = tuple(r for r in roots if r not in occ)
        reachable = all(r in addable for r in miss)
        take_partial = len(miss) < len(roots) and len(partial) < MISSING_LIMIT
        take_other = not reachable and len(other) < MISSING_LIMIT
        if take_partial or take_other:
            m = ctx.match_entry(i, 0.0, miss)
            if take_partial:
                partial.append(m)
            if take_other:
                other.append(m)
    return (adm + other)[:MISSING_LIMIT], partial
