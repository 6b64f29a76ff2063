"""Each shortcut the optimizer takes for speed gives what the long way gives.

The long ways are written out here as references (or reached by switching the
shortcut off), and compared on generated listings.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from test_rewrite import LEX, listings

from titleopt.keywords import KeywordTable
from titleopt.models import KeywordMatch
from titleopt.optimizer import MISSING_LIMIT, TitleOptimizer
from titleopt.rewrite import _local_search, solve_fast

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
    opt._may_add = lambda *_a: True  # the long way: always build and solve the instance
    assert opt.analyze(title).model_dump() == fast


def built(case):
    """The optimizer, listing and knapsack instance of a generated case (attributes, must-keep, forbid)."""
    title, attrs, rows, keep, forbid, limit = case
    opt = optimizer(rows, limit)
    listing = opt._listing(title, attributes=attrs)
    return opt, listing, opt._problem(listing, must_keep=keep, forbid=forbid, brand=None)


def reference_missing(opt: TitleOptimizer, listing, problem):
    """The walk over every relevant keyword that ``_missing`` replaced."""
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
        m = KeywordMatch(keyword=kws[i].text, value=kws[i].value, roots=roots, quality=0.0, missing_roots=miss)
        if len(miss) < len(roots) and len(partial) < MISSING_LIMIT:
            partial.append(m)
        target = adm if all(r in addable for r in miss) else other
        if len(target) < MISSING_LIMIT:
            target.append(m)
    return (adm + other)[:MISSING_LIMIT], partial


@SETTINGS
@given(listings())
def test_missing_keywords_match_the_full_walk(case):
    opt, listing, problem = built(case)
    assert opt._missing(listing, problem) == reference_missing(opt, listing, problem)


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
def test_nothing_to_cover_keeps_what_the_solver_keeps(case):
    # rewrite skips the solver when no keyword is coverable and the title fits:
    # the solver would keep every title word too
    opt, _, problem = built(case)
    problem.keywords = []
    problem.__post_init__()
    original = opt._original_solution(problem)
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

    opt = optimizer([("纯棉T恤男", 100), ("韩版T恤", 50)], 60)
    titles = [f"夏季纯棉T恤男{i}号宽松百搭" for i in range(50)]
    before = [opt.analyze(t).model_dump() for t in titles]
    assert opt._provides_cache and opt._static_cache  # the analyses filled them
    copy = pickle.loads(pickle.dumps(opt))
    assert not copy._provides_cache and not copy._static_cache
    assert [copy.analyze(t).model_dump() for t in titles] == before
