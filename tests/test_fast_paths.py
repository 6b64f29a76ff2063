"""Each shortcut the optimizer takes for speed gives what the long way gives.

The long ways are written out here as references (or reached by switching the
shortcut off), and compared on generated listings.
"""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import HealthCheck, given, settings
from test_rewrite import LEX, listings

from titleopt import policy
from titleopt import problem as problem_module
from titleopt.keywords import KeywordTable
from titleopt.listing import read_listing
from titleopt.normalize import normalize_term
from titleopt.optimizer import TitleOptimizer
from titleopt.problem import build_problem, coverable
from titleopt.rewrite import Problem, _local_search, original_solution, solve_fast
from titleopt.scoring import MISSING_LIMIT, missing_keywords

TODAY = dt.date(2026, 11, 25)
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def optimizer(rows, limit) -> TitleOptimizer:
    return TitleOptimizer(KeywordTable.from_records(rows), limit=limit, today=TODAY, lexicon=LEX)


@SETTINGS
@given(listings())
def test_analyze_without_the_knapsack_reports_what_the_knapsack_would(case):
    title, _attrs, rows, _keep, _forbid, limit = case
    opt = optimizer(rows, limit)
    fast = opt.analyze(title).model_dump()
    with mock.patch.object(policy, "may_add", return_value=True):  # the long way: always build and solve
        assert opt.analyze(title).model_dump() == fast


def built(case):
    """The optimizer, listing and knapsack instance of a generated case (attributes, must-keep, forbid)."""
    title, attrs, rows, keep, forbid, limit = case
    opt = optimizer(rows, limit)
    listing = read_listing(opt.context, title, attributes=attrs)
    problem, _ = build_problem(
        opt.context, listing, must_keep=keep, forbid=forbid, brand=None, max_keywords=opt.max_keywords
    )
    return opt, listing, problem


def reference_missing(opt: TitleOptimizer, listing, problem):
    """The walk over every relevant keyword :func:`missing_keywords` replaced (reachable, partial, out of reach)."""
    kws = opt.keywords.keywords
    addable: set[str] = set()
    for t in problem.terms if problem else ():
        addable |= t.provides
    occ = listing.terms.occurrences
    adm, other, partial = [], [], []
    for i in listing.relevant:
        if i in listing.covered:
            continue
        roots = kws[i].roots
        miss = tuple(r for r in roots if r not in occ)
        if len(miss) < len(roots) and len(partial) < MISSING_LIMIT:
            partial.append(kws[i].text)
        target = adm if all(r in addable for r in miss) else other
        if len(target) < MISSING_LIMIT:
            target.append(kws[i].text)
    return adm, partial, other, len(listing.relevant) - len(listing.covered) - sum(
        1 for i in listing.relevant
        if i not in listing.covered and all(r in addable for r in kws[i].roots if r not in occ)
    )


@SETTINGS
@given(listings())
def test_missing_keywords_match_the_full_walk(case):
    opt, listing, problem = built(case)
    got = missing_keywords(opt.context, listing, problem)
    names = [[m.keyword for m in ms] for ms in (got.reachable, got.partial, got.unreachable)]
    assert (*names, got.unreachable_count) == reference_missing(opt, listing, problem)
    assert all(m.reason for m in got.unreachable)


@SETTINGS
@given(listings())
def test_coverable_keywords_are_exactly_those_the_terms_can_complete(case):
    opt, listing, problem = built(case)
    provided = set().union(*(t.provides for t in problem.terms))
    kws = opt.keywords.keywords
    brute = [kws[i].text for i in listing.relevant[: opt.max_keywords] if all(r in provided for r in kws[i].roots)]
    assert [k[2] for k in problem.keywords] == brute


@SETTINGS
@given(listings())
def test_coverable_through_the_root_index_is_the_direct_check(case):
    # short candidate lists are checked directly; longer ones go through a root index
    opt, listing, problem = built(case)
    chosen = list(listing.relevant[: opt.max_keywords])
    direct = coverable(opt.context, chosen, problem.terms, listing)
    with mock.patch.object(problem_module, "DIRECT_COVERABLE", 0):
        assert coverable(opt.context, chosen, problem.terms, listing) == direct


def reference_open_roots(opt: TitleOptimizer, listing, facts_text: str, forbid_n=()) -> list[str]:
    """Every root of the top keywords vetted through ``Context.static`` first, as before the cheap checks came first."""
    kws = opt.keywords.keywords
    comp = {normalize_term(b) for b in (getattr(opt.competitors, "brands_", ()) or ())}
    written = listing.terms.norm.text.replace(" ", "")
    out: list[str] = []
    for i in listing.relevant[: opt.max_keywords]:
        for r in kws[i].roots:
            if not r or r in out:
                continue
            st = opt.context.static(r)
            never, brand, word, fact_like = st.never, st.brand, st.word, st.fact_like
            if never or not word or r in written or r in forbid_n:
                continue
            needs_fact = fact_like or (opt.additions == "safe" and not opt.lexicon.is_descriptive(r))
            if ((brand or r in comp) and r != listing.facts.brand) or (needs_fact and r not in facts_text):
                continue
            out.append(r)
    return out


@SETTINGS
@given(listings())
def test_open_roots_are_those_the_full_vetting_gives(case):
    title, attrs, rows, _keep, forbid, limit = case
    forbid_n = {normalize_term(f).replace(" ", "") for f in forbid}
    for additions in ("safe", "open"):
        opt = TitleOptimizer(
            KeywordTable.from_records(rows), limit=limit, today=TODAY, lexicon=LEX, additions=additions
        )
        ctx = opt.context
        for listing in (read_listing(ctx, title), read_listing(ctx, title, attributes=attrs)):
            facts = listing.facts_text
            got = list(
                policy.open_roots(
                    ctx, listing, opt.max_keywords, facts_text=facts, brand_n=listing.facts.brand, forbid_n=forbid_n
                )
            )
            assert got == reference_open_roots(opt, listing, facts, forbid_n)


@SETTINGS
@given(listings())
def test_nothing_to_cover_keeps_what_the_solver_keeps(case):
    # rewrite skips the solver when no keyword is coverable and the title fits:
    # the solver would keep every title word too
    _, _, built_problem = built(case)
    problem = Problem(built_problem.terms, [], built_problem.budget, built_problem.conflicts)
    original = original_solution(problem)
    if original is not None:
        assert solve_fast(problem).objective <= original.objective + 1e-12


@SETTINGS
@given(listings())
def test_stopping_at_the_bound_leaves_nothing_for_the_search(case):
    # solve_fast skips restarts and local search when the first greedy pass
    # reaches the objective's upper bound; the search must find nothing more
    _, _, problem = built(case)
    best = solve_fast(problem)
    searched = _local_search(problem, best, frozenset(problem.fixed), frozenset())
    assert searched.objective <= best.objective + 1e-9


def test_a_pickled_optimizer_leaves_its_caches_behind_and_answers_the_same():
    import pickle

    opt = optimizer([("纯棉T恤男", 100), ("新款T恤", 50)], 60)
    titles = [f"夏季纯棉T恤男{i}号宽松百搭" for i in range(50)]
    before = [opt.analyze(t).model_dump() for t in titles]
    sizes = opt.context.cache_sizes()
    assert sizes["provides"] and sizes["spans"]  # the analyses filled them
    copy = pickle.loads(pickle.dumps(opt))
    assert not any(copy.context.cache_sizes().values())
    assert [copy.analyze(t).model_dump() for t in titles] == before


@SETTINGS
@given(listings())
def test_unit_provides_are_the_occurrences_of_the_units_text(case):
    # Context.unit_provides collects the occurrence keys without building a TitleTerms
    from titleopt.terms import plain_terms

    opt, _listing, problem = built(case)
    ctx = opt.context
    for t in problem.terms:
        if t.parts:
            direct = plain_terms(t.text, list(t.parts), ctx.spans).occurrences
            assert ctx.unit_provides(t.text, t.parts) == frozenset(direct)


@SETTINGS
@given(listings())
def test_why_not_skips_the_conflict_pass_only_where_no_pair_can_name_the_root(case):
    opt, listing, problem = built(case)
    facts = policy.stated_words(opt.context, listing)
    lex = opt.lexicon
    for t in problem.terms:
        root = t.key
        if not lex.in_conflict_set(root):
            assert not any(root in pair for pair in lex.conflicting([*sorted(facts - {root}), root]))


@SETTINGS
@given(listings())
def test_units_read_on_first_use_are_the_units_read_at_once(case):
    """``Listing.units`` is read on first use (most analyses never need it): the same units as reading them at once."""
    from titleopt import listing as listing_module
    from titleopt.units import read_units

    title, attrs, rows, keep, _forbid, limit = case
    ctx = optimizer(rows, limit).context
    lst = read_listing(ctx, title, attributes=attrs, must_keep=keep)
    eager = read_units(lst.terms, lst.facts, ctx.lexicon, segmenter=ctx.segmenter)
    assert lst.units == eager
    with mock.patch.object(listing_module, "read_units", side_effect=AssertionError("read again")):
        assert lst.units == eager  # read once, then kept


def test_an_analysis_with_nothing_to_add_never_reads_the_units():
    """The catalogue path and most analyses build no knapsack, so they need no units and must not pay for them."""
    from titleopt import listing as listing_module

    opt = optimizer([{"keyword": "纯棉T恤", "volume": 100.0}], 60)
    title = "纯棉T恤男短袖"
    with mock.patch.object(listing_module, "read_units", side_effect=AssertionError("units read")):
        with mock.patch.object(policy, "may_add", return_value=False):
            opt.analyze(title)
            opt.analyze(title, product_word="T恤", lint=False)
    assert opt.listing(title).units  # a rewrite's reader still gets them
