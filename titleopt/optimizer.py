"""TitleOptimizer: the public entry point, a thin composition of the stages.

::

    title ──read_listing──▶ Listing ──build_problem (policy)──▶ Problem ──solve──▶ Solution
                               │                                                     │
                               └──────────── build_report ◀── analyze      explain ◀─┘ rewrite

Each stage lives in a module named for it: :mod:`.listing` (one cut of the
title, what the listing is, which keywords concern it), :mod:`.policy`
(what may be added, and why not), :mod:`.problem` (the knapsack),
:mod:`.rewrite` (the solvers and rendering), :mod:`.explain` (reasons),
:mod:`.scoring` (the report) and :mod:`.shorten`. They read one
:class:`~titleopt.context.Context`, built on first use.

Build one optimizer per keyword table and platform at start-up and call it
per title. After its context is built it holds only read-only state (the
table, its index, the lexicon, a Segmenter) and bounded per-word caches, so
one instance may be shared between threads; for processes, build one per
process (it pickles without its caches).
"""

from __future__ import annotations

import datetime as _dt
import math
import threading
import time
from collections.abc import Iterable, Mapping, Sequence

from . import explain, policy
from .context import Context
from .errors import ConfigError, InputError
from .fields import split_terms
from .keywords import KeywordTable
from .listing import Listing, phrase_key, read_listing
from .models import RewriteResult, TitleReport
from .platforms import DEFAULT_PLATFORM, Platform, Unit, get_platform
from .problem import FitNeed, bare_phrases, build_problem, dangling_end, fit_needs, lone_pieces
from .rewrite import (
    MAX_KEYWORDS,
    Problem,
    Solution,
    alternatives,
    original_solution,
    solve_exact,
    solve_fast,
    solve_rejecting,
    solve_rendered,
)
from .scoring import build_report, covered_value, lint_listing, score


class TitleOptimizer:
    """Analyze and rewrite titles against a keyword-demand table for one platform.

    Parameters are stored as given (scikit-learn style); the table is indexed
    and the lexicon loaded on first use. ``today`` fixes the clock for the
    stale-year logic (tests, reproducible batch runs); by default it is the
    current date.

    ``additions`` decides which keyword words a rewrite may add that the
    listing does not state itself: ``"safe"`` (default) only descriptive
    words from ``dictionaries/descriptive_words.txt`` (ins风, 百搭…);
    ``"open"`` any dictionary word that is not a known fact (material,
    colour, size…) or another product. Facts from the listing's title,
    attributes and category are always allowed.
    """

    def __init__(
        self,
        keywords: KeywordTable | None = None,
        competitors=None,
        platform: str | Platform = DEFAULT_PLATFORM,
        *,
        limit: int | None = None,
        unit: Unit | None = None,
        lexicon=None,
        dictionaries: Sequence[str] = (),
        today: _dt.date | None = None,
        max_keywords: int = MAX_KEYWORDS,
        analyze_keywords: int = 100,
        additions: str = "safe",
    ) -> None:
        if additions not in ("safe", "open"):
            raise ConfigError(f"additions must be 'safe' or 'open', got {additions!r}")
        self.keywords = keywords if keywords is not None else KeywordTable([])
        self.competitors = competitors
        self.platform = get_platform(platform, limit=limit, unit=unit)
        self.dictionaries = tuple(dictionaries)
        self.today = today
        self.max_keywords = max_keywords
        self.analyze_keywords = analyze_keywords
        self.additions = additions
        self._lexicon = lexicon
        self._ctx: Context | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        # the context's caches are per process; the lock cannot travel
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def context(self) -> Context:
        """What the stages read: the table's index, the lexicon, per-word caches; built once, on first use."""
        ctx = self._ctx
        if ctx is None:
            with self._lock:
                ctx = self._ctx
                if ctx is None:
                    lexicon = self._lexicon
                    if lexicon is None:
                        from .lexicon import load_lexicon

                        lexicon = self._lexicon = load_lexicon(self.dictionaries)
                    ctx = self._ctx = Context.build(
                        self.keywords,
                        lexicon=lexicon,
                        platform=self.platform,
                        additions=self.additions,
                        today=self.today,
                        competitors=self.competitors,
                    )
        return ctx

    @property
    def lexicon(self):
        """The lexicon (dictionaries) in use."""
        return self.context.lexicon

    @property
    def segmenter(self):
        """The keyword table's segmenter (jieba with the e-commerce words and the table's roots)."""
        return self.keywords.segmenter

    # ------------------------------------------------------------ stages
    def listing(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        must_keep: Sequence[str] = (),
    ) -> Listing:
        """The first stage: ``title`` read once (see :func:`titleopt.listing.read_listing`)."""
        return read_listing(
            self.context, title, brand=brand, category=category, attributes=attributes, must_keep=must_keep
        )

    # ------------------------------------------------------------ analyze
    def analyze(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        lint: bool = True,
        product_word: str | None = None,
    ) -> TitleReport:
        """Score one title: covered and missing keywords, coverage, score, findings.

        **Scoring a whole catalogue**: ``analyze(title, product_word=..., lint=False)``.
        When the caller names the product word (a catalogue's product or
        category-leaf column), product detection is skipped and that word decides
        which keywords concern the title; ``lint=False`` skips the lint rules. The
        report's coverage and score then rest on the caller's word (no brand or
        models are detected: pass ``brand`` if it matters), at about twice the
        speed of a full analysis (``benchmarks/README.md``).
        """
        ctx = self.context
        listing = read_listing(
            ctx, title, brand=brand, category=category, attributes=attributes, product_word=product_word
        )
        problem: Problem | None = None
        best: Solution | None = None
        if brand or policy.may_add(ctx, listing, self.analyze_keywords):
            problem, _ = build_problem(
                ctx, listing, must_keep=[], forbid=[], brand=brand, max_keywords=self.analyze_keywords
            )
            # The greedy pass alone (no swaps) bounds the best reachable value: an
            # analysis must stay close to segmentation speed; rewrite searches harder.
            best = solve_fast(problem, swaps=False) if problem.keywords else None
        # else: only the title's own words are available, so the best reachable
        # value is what the title covers now; no knapsack is needed to say so
        return build_report(ctx, listing, problem, best, brand=brand, lint=lint, competitors=self.competitors)

    # ------------------------------------------------------------ rewrite
    def rewrite(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        must_keep: Iterable[str] | str | None = None,
        forbid: Iterable[str] | str | None = None,
        candidates: int = 1,
        solver: str = "fast",
        time_limit: float = 10.0,
    ) -> RewriteResult:
        """The best truthful title within the limit, with up to ``candidates`` alternatives.

        ``solver="exact"`` solves an integer program (scipy/HiGHS) instead of the
        fast greedy search; ``time_limit`` (seconds) bounds the solving of each
        candidate, every round of it together (a title is solved again when a rule
        rejects a kept word, or with less room when the title it writes is over the
        limit), and ``optimal`` in the result says whether the last round was proven
        optimal for the room it had.

        Raises :class:`InputError` when the must-keep terms alone exceed the
        limit (saying by how much) and :class:`ConfigError` for an unknown solver.
        """
        if solver not in ("fast", "exact"):
            raise ConfigError(f"unknown solver {solver!r}; use 'fast' or 'exact'")
        if candidates < 1:
            raise ConfigError("candidates must be at least 1")
        ctx = self.context
        keep = split_terms(must_keep)
        banned = split_terms(forbid)
        notes = _contradictions(keep, banned, brand)
        attrs = {str(k): str(v) for k, v in (attributes or {}).items()}
        listing = read_listing(
            ctx, title, brand=brand, category=category, attributes=attrs, must_keep=keep, forbid=banned
        )
        product = listing.facts.product_word
        if product and product in {phrase_key(f) for f in banned}:
            notes.append(f"the product word {product!r} is forbidden: removed as asked, so the title may not say "
                         "what the item is")
        problem, removed = build_problem(
            ctx, listing, must_keep=keep, forbid=banned, brand=brand, max_keywords=self.max_keywords, fit_fixed=True
        )
        if not problem.keywords:
            notes.append("no relevant keyword in the table for this listing: kept the title, cleaned of lint errors")
        # the seller's own words as a solution, when the title they write fits (rendered once, used twice)
        original_set = original_solution(problem, self.platform)
        sols = _solutions(
            problem, candidates, solver, time_limit, fit_needs(problem.terms, ctx.lexicon),
            bare_phrases(problem.terms, ctx.lexicon), self.platform, original_set,
        )
        reachable = max(*(s.value for s in sols), sum(self.keywords.keywords[i].value for i in listing.covered))
        cands, findings = self._candidates(
            listing, problem, sols, original_set, removed, reachable, brand=brand, n=candidates
        )
        plat = self.platform
        return RewriteResult(
            original=title,
            best=cands[0].title,
            score_before=score(covered_value(ctx, listing.covered), reachable),
            score_after=cands[0].score,
            length_before=plat.length(title),
            length_after=cands[0].length,
            limit=plat.limit,
            candidates=cands,
            optimal=sols[0].optimal if solver == "exact" else None,
            protected=list(listing.facts.protected),
            findings=findings,
            notes=notes,
        )

    def _candidates(self, listing, problem, sols, original_set, removed, reachable, *, brand, n):
        """The candidates to return, best first, and the findings on the best.

        The seller's own title wins when the best solution keeps every word,
        adds and removes none and fits: it is returned tidied
        (:func:`titleopt.explain.kept`).
        """
        ctx = self.context
        occ = listing.terms.occurrences

        def unchanged(sol: Solution) -> bool:
            """Keeps every title word, adds none, removes none, fits: the seller's title it is."""
            return (
                not removed
                and all(i in sol.chosen for i, t in enumerate(problem.terms) if t.origin in ("title", "brand"))
                and not any(problem.terms[i].pos == math.inf and problem.terms[i].key not in occ for i in sol.chosen)
                and self.platform.length(listing.title) <= self.platform.limit
            )

        def cand(sol: Solution):
            return explain.candidate(ctx, listing, problem, sol, removed, reachable)

        if unchanged(sols[0]):
            best, findings = explain.kept(ctx, listing, brand, reachable)
            return [best, *(cand(s) for s in sols[1:])], findings
        # the solver counts keywords covered, not how tightly the title reads them:
        # of the titles it found, the one scoring best (quality included) comes first
        cands = sorted((cand(s) for s in sols), key=lambda c: -c.value)
        if original_set is not None and original_set.chosen != sols[0].chosen:
            # the seller's own order may match more tightly than any of them
            own = cand(original_set)
            if own.value > cands[0].value + 1e-9:
                cands = [own, *[c for c in cands if c.title != own.title][: n - 1]]
                if unchanged(original_set):
                    cands[0], findings = explain.kept(ctx, listing, brand, reachable)
                    return cands, findings
        return cands, lint_listing(ctx, cands[0].title, listing, brand=brand)

    # ------------------------------------------------------------ keywords
    def keyword_opportunities(
        self,
        title: str,
        *,
        category: str | None = None,
        brand: str | None = None,
        attributes: Mapping[str, str] | None = None,
    ):
        """The keywords relevant to one listing with coverage, reachability, opportunity and CPC.

        The same as :func:`titleopt.keyword_opportunities` (``titleopt keywords TABLE --for TITLE``);
        here so an upload script holding an optimizer needs nothing else.
        """
        from .opportunity import keyword_opportunities

        return keyword_opportunities(self, title, category=category, brand=brand, attributes=attributes)

    # ------------------------------------------------------------ shorten
    def shorten(
        self,
        title: str,
        *,
        limit: int = 12,
        unit: Unit = "chars",
        brand: str | None = None,
        category: str | None = None,
        keep_brand: bool = False,
        notes: list[str] | None = None,
    ) -> str:
        """An extractive short title (mobile display, ~12 characters) from the title's own words.

        The product word is required, the brand optional; the weighting is
        documented in :func:`titleopt.shorten.shorten_title`. Raises
        :class:`InputError` when the product word alone does not fit. With
        ``keep_brand=True`` a brand that does not fit is left out and the caller
        told: a :class:`~titleopt.errors.TitleoptWarning`, or a sentence appended
        to ``notes`` when given (the CLI and the batch runner say it themselves).
        """
        from .shorten import shorten_title

        return shorten_title(
            self.context, title, limit=limit, unit=unit, brand=brand, category=category, keep_brand=keep_brand,
            notes=notes,
        )


def _contradictions(keep: list[str], forbid: list[str], brand: str | None) -> list[str]:
    """Notes on the caller's terms; a term both kept and forbidden is an :class:`InputError`.

    Must-keep and forbid always win over everything else, so between
    themselves there is no winner: the caller must say which one is meant.
    """
    banned = {phrase_key(f) for f in forbid}
    both = [k for k in keep if phrase_key(k) in banned]
    if both:
        raise InputError(f"{both[0]!r} is both a must-keep and a forbidden term: say which one you mean")
    if brand and phrase_key(brand) in banned:
        return [f"the brand {brand!r} is forbidden: left out as asked"]
    return []


def _solutions(
    problem: Problem,
    candidates: int,
    solver: str,
    time_limit: float,
    needs: Mapping[int, FitNeed],
    bare: Mapping[int, int],
    platform: Platform,
    original_set: Solution | None,
) -> list[Solution]:
    """Up to ``candidates`` different solutions, best first (the seller's own words when they do best).

    ``needs`` (:func:`titleopt.problem.fit_needs`): a term kept without the term it
    needs, a bare fit phrase kept without the term it names (``bare``,
    :func:`titleopt.problem.bare_phrases`), or a modifier left last without the word it was written against
    (:func:`titleopt.problem.dangling_end`), is excluded and the title solved again,
    until none is (a fixed term, the caller's own, is never excluded; each round
    excludes one more term, so it ends). A solution whose title renders over the
    limit (the seller's separators between kept words) is solved again with a
    tighter budget (:func:`titleopt.rewrite.solve_rendered`). With the exact solver,
    ``time_limit`` bounds each candidate's solving, all its rounds together: a round
    that starts with no time left is solved by the fast solver (and the result is not
    proven optimal). ``original_set``: :func:`titleopt.rewrite.original_solution`.
    """
    deadline = 0.0  # (set when a candidate's solving starts)
    if solver == "exact":
        def solve_once(p: Problem, ex: frozenset[int]) -> Solution:
            left = deadline - time.monotonic()
            return solve_exact(p, time_limit=left, exclude=ex) if left > 0 else solve_fast(p, exclude=ex)
    else:
        def solve_once(p: Problem, ex: frozenset[int]) -> Solution:
            return solve_fast(p, exclude=ex)

    def rejected(sol: Solution) -> list[int]:
        # kept without the fit phrase it needs (never a fixed term: the caller's own), or a modifier
        # that would end the title without the word it was written against
        # (and a bare fit phrase kept without the term it names, which no kept term needs it for)
        terms = problem.terms
        fitless = [i for i in sol.chosen if i in needs and needs[i].fit not in sol.chosen and not terms[i].fixed]
        needed = {needs[j].fit for j in sol.chosen if j in needs}
        fitless += [
            i for i in sol.chosen
            if i in bare and bare[i] not in sol.chosen and i not in needed and not terms[i].fixed
        ]
        return fitless or dangling_end(terms, sol.chosen) or lone_pieces(terms, sol.chosen)

    def solve_checked(p: Problem, ex: frozenset[int]) -> Solution:
        return solve_rejecting(lambda e: solve_once(p, e), rejected, ex)

    def solve(ex: frozenset[int]) -> Solution:
        nonlocal deadline
        deadline = time.monotonic() + time_limit
        return solve_rendered(solve_checked, problem, platform, ex)

    if not problem.keywords and original_set is not None:
        # nothing to cover: every title word has positive retention and the
        # title fits, so keeping it all is optimal (no search needed)
        first = Solution(original_set.chosen, original_set.value, original_set.objective, solver == "exact" or None)
    else:
        first = solve(frozenset())
    if original_set is not None and original_set.objective > first.objective + 1e-9:
        first = Solution(original_set.chosen, original_set.value, original_set.objective, first.optimal)
    sols = [first]
    tried = {first.chosen}
    for alt in alternatives(problem, first):
        if len(sols) >= candidates:
            break
        s = solve(alt)
        if s.chosen not in tried and s.value > 0:
            tried.add(s.chosen)
            sols.append(s)
    sols.sort(key=lambda s: -s.objective)
    return sols
