"""The last stage: a solution as a title a seller can read, with a reason for every change.

:func:`candidate` renders a solution (:func:`~titleopt.rewrite.render`),
scores the new title and explains each word added or removed: which
keywords it completes or loses, or why it had to go. :func:`kept` is the
seller's own title when nothing is to be gained, tidied only by the safe
lint fixes for decoration, banned characters, spacing and HTML entities.
"""

from __future__ import annotations

import math

from .context import Context
from .listing import Listing
from .models import Candidate, ChangeReason, Finding
from .normalize import normalize, strip_invisible
from .rewrite import Problem, Solution, layout, render, stutters
from .scoring import covered_value, lint_listing, score
from .terms import plain_terms, title_terms

#: Lint rules whose safe fixes tidy a title that is otherwise returned unchanged:
#: decorative characters, platform-banned characters, spacing and punctuation, HTML entities.
TIDY_RULES = ("TO302", "TO303", "TO304", "TO307")


def coverage(ctx: Context, listing: Listing, text: str) -> dict[int, float]:
    """Relevant keywords ``text`` covers, with their quality, read with the listing's cut.

    The seller's own title is read as the listing read it; any other text
    (a tidied title) is cut with the same phrases kept whole.
    """
    if text == listing.title:
        return dict(listing.covered)
    terms = title_terms(text, ctx.segmenter, listing.phrases, spans_of=ctx.spans)
    return {c.index: c.quality for c in ctx.matcher.covered(terms) if c.index in listing.relevant_set}


def chosen_coverage(ctx: Context, listing: Listing, problem: Problem, pieces: list[tuple[str, int]]):
    """Relevant keywords a rendered title covers, read from the words that were chosen.

    The new title is not cut again: its tokens are the chosen terms' keys,
    laid out with the separators :func:`~titleopt.rewrite.layout` wrote
    between them, so a word the listing read as one (a brand, a must-keep
    phrase, a unit) is read as one here too.
    """
    parts: list[str] = []
    pos: list[tuple[str, int]] = []
    at = 0
    for sep, i in pieces:
        gap = normalize(sep).text if sep else ""
        parts.append(gap)
        at += len(gap)
        text, tokens = problem.terms[i].tokens_at()
        pos.extend((tok, at + off) for tok, off in tokens)
        parts.append(text)
        at += len(text)
    terms = plain_terms("".join(parts), pos, ctx.spans)
    return {c.index: c.quality for c in ctx.matcher.covered(terms) if c.index in listing.relevant_set}


def _rendered(ctx: Context, listing: Listing, problem: Problem, chosen, *, gaps: bool = True):
    """The title of ``chosen`` and the relevant keywords it covers."""
    text, seq = render(problem, chosen, ctx.platform, gaps=gaps)
    return text, chosen_coverage(ctx, listing, problem, layout(problem, seq, ctx.platform, gaps))


def candidate(
    ctx: Context, listing: Listing, problem: Problem, sol: Solution, removed: dict[str, str], reachable: float
) -> Candidate:
    """The title of ``sol``, within the limit, scored, with the reason for each change."""
    plat = ctx.platform
    chosen = set(sol.chosen)
    text, seq = render(problem, chosen, plat)
    while plat.length(text) > plat.limit and chosen - set(problem.fixed):
        # rendering added a separator the cost model did not foresee: drop the least useful term
        drop = min(
            chosen - set(problem.fixed),
            key=lambda i: (problem.objective(chosen) - problem.objective(chosen - {i}), -problem.terms[i].cost),
        )
        chosen.discard(drop)
        text, seq = render(problem, chosen, plat)
    again = stutters(problem, seq)
    if again:
        chosen -= again
        text, _ = render(problem, chosen, plat)
        removed = {**removed, **{problem.terms[i].surface: "a repeat of the word before it, once the words "
                                 "between them were removed" for i in again}}
    gaps = plat.length(text) <= plat.limit  # else only the seller's punctuation is left to spend
    text, cov_new = _rendered(ctx, listing, problem, chosen, gaps=gaps)
    value_q = covered_value(ctx, cov_new)
    # inserting next to a keyword's roots can split another phrase: keep the better of the two orders
    alt, alt_seq = render(problem, chosen, plat, insert=False, gaps=gaps)
    if alt != text and plat.length(alt) <= plat.limit:
        alt_cov = chosen_coverage(ctx, listing, problem, layout(problem, alt_seq, plat, gaps))
        alt_q = covered_value(ctx, alt_cov)
        if alt_q > value_q + 1e-9:
            text, value_q, cov_new = alt, alt_q, alt_cov
    kws = ctx.keywords.keywords
    # added: not one of the title's own units (a brand unit the seller wrote, 尼凡（Nifan）, is no addition)
    added_terms = [problem.terms[i] for i in chosen if problem.terms[i].pos == math.inf]
    added_terms = [t for t in added_terms if t.key not in listing.terms.occurrences]
    reasons = _added_reasons(ctx, listing, added_terms, cov_new)
    removed_surfaces, removed_reasons = _removed_reasons(ctx, listing, problem, chosen, removed, cov_new)
    return Candidate(
        title=text,
        score=score(value_q, reachable),
        value=round(value_q, 6),
        length=plat.length(text),
        added=[t.surface for t in sorted(added_terms, key=lambda t: t.key)],
        removed=removed_surfaces,
        covered=[kws[i].text for i in sorted(cov_new)],
        reasons=reasons + removed_reasons,
    )


def _added_reasons(ctx: Context, listing: Listing, added_terms, cov_new) -> list[ChangeReason]:
    kws = ctx.keywords.keywords
    new_cov = [i for i in cov_new if i not in listing.covered]
    reasons: list[ChangeReason] = []
    for t in sorted(added_terms, key=lambda t: t.key):
        gains = [i for i in new_cov if any(r in t.provides for r in kws[i].roots)]
        v = sum(kws[i].value for i in gains)
        origin = {"must_keep": "must keep", "brand": "brand", "attribute": "listing attribute"}.get(t.origin, "")
        if gains:
            what = ", ".join(repr(kws[i].text) for i in gains[:3])
            reason = f"completes {what}" + (f" ({origin})" if origin else "")
        elif t.origin == "brand":
            reason = "the listing's brand, written first"
        elif t.origin == "must_keep":
            reason = "must keep, as asked"
        else:
            reason = "keeps a keyword's words together"
        reasons.append(ChangeReason(term=t.surface, action="added", reason=reason, value=round(v, 4)))
    return reasons


def _removed_reasons(ctx: Context, listing: Listing, problem: Problem, chosen: set[int], removed, cov_new):
    kws = ctx.keywords.keywords
    reasons: list[ChangeReason] = []
    removed_surfaces: list[str] = []
    for surface, why in removed.items():
        removed_surfaces.append(surface)
        reasons.append(ChangeReason(term=surface, action="removed", reason=why))
    kept_keys = {problem.terms[i].key for i in chosen}
    lost = [i for i in listing.covered if i not in cov_new]
    for k, t in enumerate(problem.terms):
        if t.origin not in ("title", "brand") or t.surface in removed:
            continue
        if t.key in kept_keys:
            if k not in chosen and t.pos != math.inf:  # a copy of a word the title keeps elsewhere
                removed_surfaces.append(t.surface)
                reasons.append(ChangeReason(term=t.surface, action="removed", reason=f"repeat of {t.surface!r}"))
            continue
        holder = next((problem.terms[i] for i in chosen if t.key in problem.terms[i].provides), None)
        removed_surfaces.append(t.surface)
        if holder is not None:
            reasons.append(ChangeReason(term=t.surface, action="removed", reason=f"already inside {holder.surface!r}"))
            continue
        lost_here = [i for i in lost if t.key in kws[i].roots]
        v = sum(kws[i].value for i in lost_here)
        loses = f" (loses {', '.join(repr(kws[i].text) for i in lost_here[:3])})" if lost_here else ""
        reasons.append(
            ChangeReason(
                term=t.surface,
                action="removed",
                reason="made room for higher-value keywords within the limit" + loses,
                value=-round(v, 4),
            )
        )
    return removed_surfaces, reasons


def kept(ctx: Context, listing: Listing, brand: str | None, reachable: float) -> tuple[Candidate, list[Finding]]:
    """The seller's own title as the best candidate, tidied, with its findings.

    Lints the title once; only when a tidy rule (decoration, banned
    characters, spacing) speaks is it fixed and linted again.
    """
    title = listing.title
    findings = lint_listing(ctx, title, listing, brand=brand)
    clean = strip_invisible(title)
    if any(f.code in TIDY_RULES for f in findings):
        clean = tidy(ctx, title)
        findings = lint_listing(ctx, clean, listing, brand=brand)
    cov = coverage(ctx, listing, clean)
    value = covered_value(ctx, cov)
    kws = ctx.keywords.keywords
    cand = Candidate(
        title=clean,
        score=score(value, reachable),
        value=round(value, 6),
        length=ctx.platform.length(clean),
        added=[],
        removed=[],
        covered=[kws[i].text for i in sorted(cov)],
        reasons=[],
    )
    return cand, findings


def tidy(ctx: Context, title: str) -> str:
    """``title`` with the safe fixes for decoration, banned characters, spacing and entities applied."""
    from .rules import fix as fix_title

    fixed, _ = fix_title(
        strip_invisible(title),
        platform=ctx.platform,
        select=list(TIDY_RULES),
        segmenter=ctx.segmenter,
        lexicon=ctx.lexicon,
        today=ctx.current_date,
    )
    return fixed
