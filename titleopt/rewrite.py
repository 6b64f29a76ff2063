"""The rewrite optimizer: choose title terms under a length budget, then order them.

Choosing terms is a budgeted coverage problem (set-union knapsack): a keyword
counts only when all its roots are in the title, each term costs its length,
and roots are shared between keywords. :func:`build_problem` turns a listing
into such an instance; :func:`solve_fast` (lazy greedy by value per length,
then swap-based local search) and :func:`solve_exact` (integer program with
scipy's HiGHS, proving optimality within a time limit) solve it; :func:`render`
orders the chosen terms into a title.

Objective: the value of covered keywords, plus a tiny *retention* value per
character for the seller's own words, so that words are only dropped to make
room for value and a title with nothing to gain comes back unchanged. The
retention total is kept below the smallest keyword value, so it never beats a
keyword.

Truthfulness is enforced while building candidates, not after: factual roots
(materials, colours, sleeves, seasons, genders, sizes, anything with a digit)
are candidates only when the listing's own title, attributes or category
contain them; banned, promotional, forbidden, competitor-brand and conflicting
terms never become candidates.
"""

from __future__ import annotations

import bisect
import copy
import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .normalize import spaced_word_char, strip_invisible
from .platforms import Platform
from .terms import CJK

#: Keywords considered per listing, by value. Beyond a few hundred, extra
#: keywords are long tails whose roots are already among the top ones.
MAX_KEYWORDS = 300

#: Punctuation that joins or separates words meaningfully (spf50+, 3-5mm, 15g*10袋/盒, 男女,童);
#: anything else between two kept words (【】, ★, emoji) is decoration.
_JOINERS = frozenset("+-./&%#,，、*×:：;；'_")
#: Joining marks that tie a word to the one written next to it (a size, a variant, a model's
#: parts, a number's 号: 05#白色), not ones that add a word to a list: see :func:`bridge`.
_BINDING = frozenset("-./_*×:：~—#")
#: A list mark written twice or more in a row (,, ，， 、、 // ;;): one says the same.
_REPEATED_MARK = re.compile(r"([,，、/;；])\1+")


@dataclass
class Term:
    """A candidate title term."""

    key: str
    surface: str
    cost: int
    origin: str  # title | brand | attribute | category | keyword | must_keep
    pos: float = math.inf  # position in the original title (title terms), for ordering
    fixed: bool = False
    retain: float = 0.0
    provides: frozenset[str] = frozenset()
    gap: str = ""  # original text between the previous title term and this one
    attach: tuple[int, str] | None = None  # (term index, "before"|"after"): written against that term
    kind: str = ""  # what a title unit is (titleopt.units kinds: brand, product, model, spec…); "" for additions
    text: str = ""  # normalized text of the term ("" = its key)
    parts: tuple[tuple[str, int], ...] = ()  # its tokens with their offsets in ``text`` (() = the key, one token)

    def tokens_at(self) -> tuple[str, tuple[tuple[str, int], ...]]:
        """The term's normalized text and its tokens with offsets: how a title that writes it is read."""
        return (self.text, self.parts) if self.parts else (self.key, ((self.key, 0),))


@dataclass
class Problem:
    """A set-union knapsack instance for one listing."""

    terms: list[Term]
    keywords: list[tuple[float, tuple[str, ...], str]]  # (value, roots, text)
    budget: int
    conflicts: list[tuple[int, int]] = field(default_factory=list)
    providers: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        prov: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(self.terms):
            for r in t.provides:
                prov[r].append(i)
        # cheapest provider first (ties: earlier term), so moves pick it directly
        self.providers = {
            r: ix if len(ix) == 1 else sorted(ix, key=lambda i: (self.terms[i].cost, i)) for r, ix in prov.items()
        }
        self.keywords = [k for k in self.keywords if all(r in self.providers for r in k[1])]
        self._root_sets = [frozenset(roots) for _, roots, _ in self.keywords]
        self._kw_by_root: dict[str, list[int]] = defaultdict(list)
        for j, (_, roots, _) in enumerate(self.keywords):
            for r in roots:
                self._kw_by_root[r].append(j)
        # no word twice: a term and a term inside it, or two terms sharing a
        # word of two or more characters, never stand together
        by_key = {t.key: i for i, t in enumerate(self.terms)}
        given = set(self.conflicts)  # lexicon conflicts from the caller apply whatever the origins
        pairs: set[tuple[int, int]] = set()
        for i, t in enumerate(self.terms):
            for r in t.provides:
                j = by_key.get(r)
                if j is not None and j != i and len(r) >= 2:
                    pairs.add((min(i, j), max(i, j)))
        for r, idx in self.providers.items():
            if len(r) >= 2 and len(idx) > 1:
                for a in idx:
                    for b in idx:
                        if a < b:
                            pairs.add((a, b))
        # the seller's own words never block each other: their overlaps are how they wrote it
        pairs = {
            (a, b)
            for a, b in pairs
            if not (self.terms[a].fixed and self.terms[b].fixed)
            and not (self.terms[a].pos != math.inf and self.terms[b].pos != math.inf)
        }
        pairs |= given
        self.conflicts = sorted(pairs)
        self._conf: dict[int, set[int]] = defaultdict(set)
        for a, b in self.conflicts:
            self._conf[a].add(b)
            self._conf[b].add(a)

    # -------------------------------------------------------------- helpers
    def with_budget(self, budget: int) -> Problem:
        """This problem with another budget: what ``__post_init__`` derived (providers, conflicts) is shared,
        not derived again (no solver changes a problem)."""
        other = copy.copy(self)
        other.budget = budget
        return other

    @property
    def fixed(self) -> list[int]:
        return [i for i, t in enumerate(self.terms) if t.fixed]

    def cost(self, chosen: Iterable[int]) -> int:
        return sum(self.terms[i].cost for i in chosen)

    def covered(self, chosen: Iterable[int]) -> list[int]:
        have: set[str] = set()
        for i in chosen:
            have |= self.terms[i].provides
        return [j for j, roots in enumerate(self._root_sets) if roots <= have]

    def value(self, chosen: Iterable[int]) -> float:
        chosen = list(chosen)
        return sum(self.keywords[j][0] for j in self.covered(chosen))

    def objective(self, chosen: Iterable[int]) -> float:
        chosen = list(chosen)
        return self.value(chosen) + sum(self.terms[i].retain for i in chosen)

    def feasible(self, chosen: Sequence[int]) -> bool:
        s = set(chosen)
        if self.cost(s) > self.budget:
            return False
        return not any(b in s for a in s for b in self._conf.get(a, ()))


@dataclass
class Solution:
    chosen: frozenset[int]
    value: float
    objective: float
    optimal: bool | None = None


# ---------------------------------------------------------------- fast solver
def solve_fast(problem: Problem, *, exclude: frozenset[int] = frozenset(), swaps: bool = True) -> Solution:
    """Lazy greedy by gain per unit of length, restarts, then one-out/greedy-in local search.

    Moves are "complete keyword k" (add its missing roots' cheapest admissible
    providers) and "keep term t" (retention only). Gains are evaluated lazily;
    because a keyword gets *cheaper* when another move adds one of its roots,
    the keywords sharing a root with an accepted move are re-queued for a fresh
    evaluation, so a stale ratio never hides a bargain.

    With ``swaps``: the greedy is also restarted from each of the
    ``RESTARTS`` most valuable single moves (the classic knapsack safeguard
    against a cheap start crowding out a big item), and the best result is
    improved by removing one added term at a time and refilling greedily.
    """
    base = frozenset(problem.fixed)
    state = _greedy(problem, set(base), exclude)
    best = Solution(frozenset(state), problem.value(state), problem.objective(state))
    if not swaps:
        return best
    retain = sum(t.retain for i, t in enumerate(problem.terms) if i not in exclude)
    bound = sum(v for v, _, _ in problem.keywords) + retain
    if best.objective >= bound - 1e-12:
        return best  # every keyword covered and every word kept: nothing can beat it, skip the search
    for seed in _seeds(problem, set(base), exclude):
        state = _greedy(problem, set(base) | set(seed), exclude)
        obj = problem.objective(state)
        if obj > best.objective + 1e-9:
            best = Solution(frozenset(state), problem.value(state), obj)
    return _local_search(problem, best, base, exclude)


#: Greedy restarts from the most valuable single moves.
RESTARTS = 3


def _blocked(problem: Problem, chosen: Iterable[int]) -> set[int]:
    out: set[int] = set()
    for i in chosen:
        out |= problem._conf.get(i, set())
    return out


def _seeds(problem: Problem, chosen: set[int], exclude) -> list[list[int]]:
    have: set[str] = set()
    for i in chosen:
        have |= problem.terms[i].provides
    blocked = _blocked(problem, chosen)
    used = problem.cost(chosen)
    need = [sum(1 for r in roots if r not in have) for _, roots, _ in problem.keywords]
    scored = []
    for j in sorted(range(len(problem.keywords)), key=lambda j: -problem.keywords[j][0])[: 4 * RESTARTS]:
        add = _move(problem, chosen, have, blocked, j, exclude)
        if add and used + problem.cost(add) <= problem.budget:
            scored.append((_gain(problem, have, need, add), add))
    scored.sort(key=lambda x: -x[0])
    return [add for _, add in scored[:RESTARTS]]


def _move(problem: Problem, chosen: set[int], have: set[str], blocked: set[int], kw: int, exclude) -> list[int] | None:
    """Cheapest admissible terms completing keyword ``kw`` given ``chosen``; None if impossible."""
    add: list[int] = []
    terms = problem.terms
    for r in problem.keywords[kw][1]:
        if r in have:
            continue
        best = None
        for i in problem.providers.get(r, ()):  # sorted by cost
            if i in blocked or i in exclude or i in chosen or i in add:
                continue
            if add and any(j in problem._conf.get(i, ()) for j in add):
                continue
            best = i
            break
        if best is None:
            return None
        add.append(best)
        have = have | terms[best].provides
    return add


def _gain(problem: Problem, have: set[str], need: list[int], add: list[int]) -> float:
    """Value newly covered (plus retention) if ``add`` joined a set providing ``have``.

    ``need[j]`` is how many roots keyword ``j`` still lacks; it is covered by
    the move when all of them are among the move's new roots.
    """
    terms = problem.terms
    if len(add) == 1:
        new_have = terms[add[0]].provides - have
    else:
        new_have = set()
        for i in add:
            new_have |= terms[i].provides
        new_have -= have
    g = sum(terms[i].retain for i in add)
    if not new_have:
        return g
    kw_by_root = problem._kw_by_root
    hits: dict[int, int] = {}
    for r in new_have:
        for j in kw_by_root.get(r, ()):
            hits[j] = hits.get(j, 0) + 1
    keywords = problem.keywords
    for j, n in hits.items():
        if n == need[j]:
            g += keywords[j][0]
    return g


def _greedy(problem: Problem, chosen: set[int], exclude) -> set[int]:
    """Lazy greedy from ``chosen``: take the move with the best gain per length unit that fits.

    Heap entries carry the epoch (number of accepted moves) of their
    evaluation; an entry evaluated in the current epoch is exact. Keywords
    sharing a root with an accepted move get cheaper, so they are re-queued
    at the top to be evaluated again.
    """
    terms = problem.terms
    have: set[str] = set()
    for i in chosen:
        have |= terms[i].provides
    need = [sum(1 for r in roots if r not in have) for _, roots, _ in problem.keywords]
    blocked = _blocked(problem, chosen)
    used = problem.cost(chosen)
    budget = problem.budget
    top = math.inf
    heap: list[tuple[float, int, int, int]] = [(-top, 0, j, -1) for j in range(len(need)) if need[j]]
    heap += [(-top, 1, i, -1) for i, t in enumerate(terms) if i not in chosen and t.retain > 0]
    heapq.heapify(heap)
    epoch = 0
    while heap:
        _, kind, x, seen = heapq.heappop(heap)
        if kind == 0:
            if not need[x]:
                continue
            add = _move(problem, chosen, have, blocked, x, exclude)
        else:
            if x in chosen or x in exclude or x in blocked:
                continue
            add = [x]
        if add is None:
            continue
        cost = sum(terms[i].cost for i in add)
        if used + cost > budget:
            continue
        g = _gain(problem, have, need, add)
        if g <= 0:
            continue
        ratio = g / max(cost, 1)
        if seen != epoch and heap and -heap[0][0] > ratio + 1e-12:
            heapq.heappush(heap, (-ratio, kind, x, epoch))  # re-queue with the current ratio
            continue
        chosen.update(add)
        used += cost
        epoch += 1
        new_roots: set[str] = set()
        for i in add:
            new_roots |= terms[i].provides - have
            have |= terms[i].provides
            blocked |= problem._conf.get(i, set())
        for r in new_roots:
            for j in problem._kw_by_root.get(r, ()):
                need[j] -= 1
                if need[j]:
                    heapq.heappush(heap, (-top, 0, j, -1))  # cheaper now: evaluate afresh
    return chosen


#: Most greedy refills one local search may run (bounds the time per title).
MAX_TRIALS = 24


def _local_search(problem: Problem, best: Solution, base: frozenset[int], exclude) -> Solution:
    """Remove one or two chosen terms and refill greedily; keep any improvement.

    Pairs matter: trading two cheap words for two others that together
    complete a valuable keyword is the move a one-for-one swap cannot make.
    Terms are tried by least value kept per length unit first.
    """
    trials = 0
    improved = True
    while improved and trials < MAX_TRIALS:
        improved = False
        whole = problem.objective(best.chosen)
        removable = sorted(best.chosen - base, key=lambda i: _keep_value(problem, best.chosen, whole, i))
        options = [(i,) for i in removable] + [
            (a, b) for n, a in enumerate(removable[:6]) for b in removable[n + 1 : 6]
        ]
        for out in options:
            if trials >= MAX_TRIALS:
                break
            trials += 1
            trial = _greedy(problem, set(best.chosen - set(out)), exclude | set(out))
            obj = problem.objective(trial)
            if obj > best.objective + 1e-9:
                best = Solution(frozenset(trial), problem.value(trial), obj)
                improved = True
                break
    return best


def _keep_value(problem: Problem, chosen: frozenset[int], whole: float, i: int) -> float:
    """Objective lost per length unit if term ``i`` left ``chosen`` (``whole`` = objective of ``chosen``)."""
    return (whole - problem.objective(chosen - {i})) / max(problem.terms[i].cost, 1)


# --------------------------------------------------------------- exact solver
def solve_exact(problem: Problem, *, time_limit: float = 10.0, exclude: frozenset[int] = frozenset()) -> Solution:
    """Integer program (scipy.optimize.milp / HiGHS); ``optimal`` says whether it was proven.

    Variables: x_t binary (term chosen), y_k in [0, 1] (keyword covered).
    max Σ v_k y_k + Σ retain_t x_t  s.t.  y_k ≤ Σ_{t provides r} x_t for each root r of k,
    Σ cost_t x_t ≤ budget,  x_a + x_b ≤ 1 for conflicting pairs,  x_t = 1 for fixed terms.
    y_k needs no integrality: with binary x, the bound forces it to 0 or 1 at the optimum.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    nt, nk = len(problem.terms), len(problem.keywords)
    n = nt + nk
    c = np.zeros(n)
    c[:nt] = [-t.retain for t in problem.terms]
    c[nt:] = [-v for v, _, _ in problem.keywords]
    rows, cols, vals = [], [], []
    lo, hi = [], []
    r = 0
    for j, (_, roots, _) in enumerate(problem.keywords):
        for root in roots:
            rows.append(r)
            cols.append(nt + j)
            vals.append(1.0)
            for i in problem.providers[root]:
                rows.append(r)
                cols.append(i)
                vals.append(-1.0)
            lo.append(-np.inf)
            hi.append(0.0)
            r += 1
    for i, t in enumerate(problem.terms):
        rows.append(r)
        cols.append(i)
        vals.append(float(t.cost))
    lo.append(-np.inf)
    hi.append(float(problem.budget))
    r += 1
    for a, b in problem.conflicts:
        rows += [r, r]
        cols += [a, b]
        vals += [1.0, 1.0]
        lo.append(-np.inf)
        hi.append(1.0)
        r += 1
    A = coo_matrix((vals, (rows, cols)), shape=(r, n)).tocsr()
    lb = np.zeros(n)
    ub = np.ones(n)
    for i in problem.fixed:
        lb[i] = 1.0
    for i in exclude:
        if not problem.terms[i].fixed:
            ub[i] = 0.0
    integrality = np.zeros(n)
    integrality[:nt] = 1
    res = milp(
        c,
        constraints=[LinearConstraint(A, lo, hi)],
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={"time_limit": float(time_limit), "disp": False},
    )
    if res.x is None:
        fallback = solve_fast(problem, exclude=exclude)
        return Solution(fallback.chosen, fallback.value, fallback.objective, False)
    chosen = frozenset(i for i in range(nt) if res.x[i] > 0.5)
    # guard against numerical slack: keep the fast solution if it is better
    sol = Solution(chosen, problem.value(chosen), problem.objective(chosen), res.status == 0)
    if not problem.feasible(sorted(chosen)):
        fallback = solve_fast(problem, exclude=exclude)
        return Solution(fallback.chosen, fallback.value, fallback.objective, False)
    return sol


def solve_rejecting(
    solve: Callable[[frozenset[int]], Solution],
    reject: Callable[[Solution], Iterable[int]],
    exclude: frozenset[int] = frozenset(),
) -> Solution:
    """Solve, exclude the chosen terms ``reject`` names, and solve again until it names none.

    For a rule the solvers do not model, checked on a solution: a unit kept without
    the fit phrase it needs (the rewrite), a device named before its phrase opens a
    short title (``shorten``). ``reject`` names chosen terms only, so each round
    excludes at least one more term and the loop ends.
    """
    sol = solve(exclude)
    while bad := frozenset(reject(sol)):
        exclude |= bad
        sol = solve(exclude)
    return sol


#: How many times :func:`solve_rendered` solves again with a tighter budget before it leaves the rest to
#: the caller (a render over by a few characters, after the solver's costs, is met in one or two rounds).
MAX_REFITS = 4


def solve_rendered(
    solve: Callable[[Problem, frozenset[int]], Solution],
    problem: Problem,
    platform: Platform,
    exclude: frozenset[int] = frozenset(),
    write: Callable[[Problem, frozenset[int]], str] | None = None,
) -> Solution:
    """Solve, and when the title it renders is over the limit, solve again with the budget cut by the overshoot.

    The terms' costs count their own characters, not the seller's separators the
    title keeps between them (the spaces of ``美容院小型 理发店 浴巾``, the ``+`` of
    ``防爆玻璃+方架``): which are written depends on which neighbours stay. A third
    of long titles came out one to three characters over, and a unit was then dropped
    after solving, by value alone, with nothing to say what it left behind
    (``…38升一层 官方``: ``标配`` went, ``官方`` dangled). Solving again with a budget
    short by the overshoot of what the chosen terms cost lets the solver choose what
    goes, under every rule it models and those its caller checks (``solve`` is the
    caller's, with its rejections; ``write`` how the caller writes a solution,
    :func:`render` unless it changes words). A first solution whose title comes out
    under the limit by room its costs reserved is solved once more with that room.
    Each solution is rendered once.
    """
    def length(p: Problem, chosen: frozenset[int]) -> int:
        return platform.length(write(p, chosen) if write is not None else render(p, chosen, platform)[0])

    sol = solve(problem, exclude)
    written = length(problem, sol.chosen)
    if written <= platform.limit:
        # the other way: the costs reserve a space before a Latin word that the title as written may not need
        # (韩版ins风2025t恤 renders 20 bytes of a 24-byte limit, its costs say 23 of a budget of 25), so a word
        # that fits the limit did not fit the budget, and rewriting the result added it. Solved once more with
        # the room the render leaves; kept when its title fits and does better.
        room = problem.cost(sol.chosen) + platform.limit - written - problem.budget
        if room > 0:
            wider = solve(problem.with_budget(problem.budget + room), exclude)
            if wider.objective > sol.objective + 1e-9 and length(problem, wider.chosen) <= platform.limit:
                return wider
        return sol
    p = problem
    for _ in range(MAX_REFITS):
        # (short of what the chosen terms cost, not of the budget: they may have left some of it unused)
        p = p.with_budget(min(p.budget, p.cost(sol.chosen)) - (written - platform.limit))
        sol = solve(p, exclude)
        written = length(p, sol.chosen)
        if written <= platform.limit:
            break
    return sol


# ------------------------------------------------------- candidates
def original_solution(problem: Problem, platform: Platform | None = None) -> Solution | None:
    """The seller's own words (and the fixed additions) as a solution, when they fit.

    With ``platform``, they fit when the title they render does (the seller's spaces and
    marks between them included, which the costs leave out: see :func:`solve_rendered`).
    """
    chosen = frozenset(i for i, t in enumerate(problem.terms) if t.origin in ("title", "brand") or t.fixed)
    if not problem.feasible(sorted(chosen)):
        return None
    if platform is not None and platform.length(render(problem, chosen, platform)[0]) > platform.limit:
        return None
    return Solution(chosen, problem.value(chosen), problem.objective(chosen))


def alternatives(problem: Problem, sol: Solution) -> Iterable[frozenset[int]]:
    """Exclusion sets giving different titles: drop one added term of the best, by value."""
    added = [i for i in sol.chosen if problem.terms[i].origin in ("keyword", "attribute")]
    for i in added:
        yield frozenset({i})
    kept = [i for i in sol.chosen if not problem.terms[i].fixed]
    for a in range(len(added)):
        for b in range(a + 1, len(added)):
            yield frozenset({added[a], added[b]})
    for i in kept:
        yield frozenset({i})


# ------------------------------------------------------------------ rendering
def clean_gap(gap: str) -> str:
    """Original text between two kept words: only joining punctuation (+ - . / , 、 …) and
    white space survive; decorations, emoji and symbols go. A list mark written twice or
    more (``,,`` of an export's empty field, ``//``) is written once, as lint's safe fix
    for TO304 writes it (``++`` stays: ``PA++`` is a sunscreen grade)."""
    kept = "".join(ch for ch in strip_invisible(gap) if ch.isalnum() or ch.isspace() or ch in _JOINERS)
    if not kept.strip():
        return " " if kept else ""
    stripped = _REPEATED_MARK.sub(r"\1", kept.strip())
    return (" " if kept[0].isspace() else "") + stripped + (" " if kept[-1].isspace() else "")


def bridge(after: str, before: str) -> str:
    """The separator between two kept words when the words written between them were dropped.

    ``after`` is the (raw) gap the seller wrote after the first word, ``before``
    the cleaned gap written before the second. A binding mark (:data:`_BINDING`)
    ties a word to its neighbour (小宇航员/白色, 皇冠狮子--玻纤款): with the
    neighbour gone it would tie the wrong words (刨笔刀/白色), so it stays only
    where the seller wrote the same mark after the first word too, as in a list
    (A4/A3/4K/8K -> A4/A3/8K); otherwise a space stays if either side had one.
    An adding mark (+ 、 ,) keeps its sense whatever was dropped before it.
    """
    a = clean_gap(after)
    if not any(c in _BINDING for c in before) or a.strip() == before.strip():
        return before  # (an adding mark still adds: 鼠标+游戏耳机 after 鼠标垫 was dropped)
    return " " if any(c.isspace() for c in a + before) else ""


def render(
    problem: Problem, chosen: Iterable[int], platform: Platform, *, insert: bool = True, gaps: bool = True
) -> tuple[str, list[int]]:
    """Order the chosen terms into a title; returns the title and the term order.

    An added brand goes first (a brand the seller wrote stays where it is);
    the seller's words keep their order; each added term goes next to a root
    of the most valuable keyword it helps complete, in that keyword's order,
    so the keyword reads as one phrase; other added terms go at the end.
    Separators: the platform's (none on Chinese platforms), plus a space
    between Latin words the seller did not write together.
    """
    chosen = set(chosen)
    terms = problem.terms
    seq = sorted((i for i in chosen if terms[i].pos != math.inf), key=lambda i: terms[i].pos)
    # a brand the title lacks goes first; one the seller wrote stays where it is
    brand = [i for i in chosen if terms[i].origin == "brand" and terms[i].pos == math.inf]
    seq = brand + seq
    added = [i for i in chosen if terms[i].pos == math.inf and terms[i].origin != "brand"]
    covered = problem.covered(chosen)
    covered.sort(key=lambda j: -problem.keywords[j][0])
    placed = set(seq)
    tail: list[int] = []
    for i in [i for i in added if terms[i].attach and terms[i].attach[0] in placed]:
        at = seq.index(terms[i].attach[0])
        seq.insert(at if terms[i].attach[1] == "before" else at + 1, i)
        placed.add(i)
    added = [i for i in added if i not in placed]
    for i in sorted(added, key=lambda i: (-_best_value(problem, i, covered), terms[i].key)):
        spot = _insertion(problem, i, seq, placed, covered) if insert else None
        if spot is None:
            tail.append(i)
        else:
            seq.insert(spot, i)
            placed.add(i)
    seq += tail
    return _join(problem, seq, platform, gaps), seq


def stutters(problem: Problem, seq: Sequence[int]) -> set[int]:
    """Title terms written right after a term ending in the word they begin with (卡纸|卡纸, 曲别针|别针筒装, 钢笔|笔).

    Dropping the words between two copies (厚卡纸 手工卡纸 -> 卡纸卡纸) makes a
    stutter no seller writes. The second one goes when the first writes all
    its words or it is not fixed, else the first one when that is not fixed;
    of two copies of one unit, the one that is not fixed.
    Only Chinese words count as a tail (512g then 2g are two specs), and
    terms the seller wrote side by side are left as written.
    """
    out: set[int] = set()
    terms = problem.terms
    prev: int | None = None
    for b in seq:
        a, prev = prev, b
        if a is None or terms[a].pos == math.inf or terms[b].pos == math.inf:
            continue
        if terms[b].pos - terms[a].pos <= 1:
            continue  # the seller wrote them together: a rewrite makes no stutter there
        ka, kb = terms[a].tokens_at()[0], terms[b].tokens_at()[0]
        # (one character the term before ends in is a stutter too: 钢笔|笔 of 钢笔14k金笔, 毛巾|巾)
        if ka == kb or _overlap(ka, kb) >= 2 or (len(kb) == 1 and CJK.match(kb) and ka.endswith(kb)):
            if ka == kb and terms[b].fixed and not terms[a].fixed:
                drop = a
            elif not terms[b].fixed or ka.endswith(kb):
                drop = b  # (the first one still writes every word of the second: 趴地扇|地扇)
            elif not terms[a].fixed:
                drop = a
            else:
                continue
            out.add(drop)
            prev = a if drop == b else b
    return out


def _overlap(a: str, b: str) -> int:
    """Length of the longest run of Chinese characters that ends ``a`` and begins ``b`` (曲别针, 别针筒装: 2)."""
    for n in range(min(len(a), len(b)), 1, -1):
        if a.endswith(b[:n]) and CJK.match(b[:n]):
            return n
    return 0


def _best_value(problem: Problem, i: int, covered: list[int]) -> float:
    prov = problem.terms[i].provides
    return max((problem.keywords[j][0] for j in covered if any(r in prov for r in problem.keywords[j][1])), default=0)


def _insertion(problem: Problem, i: int, seq: list[int], placed: set[int], covered: list[int]) -> int | None:
    terms = problem.terms
    prov = terms[i].provides
    for j in covered:
        roots = problem.keywords[j][1]
        mine = [k for k, r in enumerate(roots) if r in prov]
        if not mine:
            continue
        k = mine[0]
        value = problem.keywords[j][0]
        # neighbour after me in keyword order -> insert before its term
        for nb in range(k + 1, len(roots)):
            at = _find(problem, seq, roots[nb], exclude=i)
            if at is not None and _reads_well(problem, seq, at, i) and not _splits(problem, seq, at, covered, value):
                return at
            break
        for nb in range(k - 1, -1, -1):
            at = _find(problem, seq, roots[nb], exclude=i)
            if (
                at is not None
                and _reads_well(problem, seq, at + 1, i)
                and not _splits(problem, seq, at + 1, covered, value)
            ):
                return at + 1
            break
    return None


def _splits(problem: Problem, seq: list[int], at: int, covered: list[int], value: float) -> bool:
    """Inserting at ``at`` would come between two words that spell a keyword worth more (潮流|卫衣)."""
    if not 0 < at < len(seq):
        return False
    left, right = problem.terms[seq[at - 1]].provides, problem.terms[seq[at]].provides
    for j in covered:
        v, roots, _ = problem.keywords[j]
        if v <= value:
            continue
        if any(a in left and b in right for a, b in itertools.pairwise(roots)):
            return True
    return False


def _reads_well(problem: Problem, seq: list[int], at: int, i: int) -> bool:
    """Inserting term ``i`` at ``at`` doesn't stutter: no character repeated across a seam (新款|款, 夏季|夏)."""
    key = problem.terms[i].key
    before = problem.terms[seq[at - 1]].key if at > 0 else ""
    after = problem.terms[seq[at]].key if at < len(seq) else ""
    return not (before and before[-1] == key[0]) and not (after and key[-1] == after[0])


def _find(problem: Problem, seq: list[int], root: str, exclude: int) -> int | None:
    for pos, i in enumerate(seq):
        if i != exclude and root in problem.terms[i].provides:
            return pos
    return None


def layout(problem: Problem, seq: Sequence[int], platform: Platform, gaps: bool = True) -> list[tuple[str, int]]:
    """The chosen terms in title order, each with the separator written before it.

    Separators: the seller's own (cleaned) between two words the seller wrote
    in that order, the platform's elsewhere, plus a space between Latin words
    the seller did not write together. Without ``gaps`` the seller's
    punctuation between words is left out too (a title that must lose a
    character loses a dash before a word). A new title is this joined; its words
    are read from here too (:func:`titleopt.explain.coverage`), never cut again.
    """
    out: list[tuple[str, int]] = []
    prev: Term | None = None
    last = ""
    # the seller's words in title order, for the gap written after a word whose next word was dropped
    written = sorted((t.pos, t.gap) for t in problem.terms if t.origin in ("title", "brand") and t.pos != math.inf)
    places = [p for p, _ in written]
    for i in seq:
        t = problem.terms[i]
        sep = ""
        if prev is not None:
            seller = t.origin in ("title", "brand") and prev.origin in ("title", "brand") and t.pos > prev.pos
            glued = seller and t.pos == prev.pos + 1 and not t.gap  # written together by the seller
            if seller and gaps and t.gap:
                sep = clean_gap(t.gap)
                k = bisect.bisect_right(places, prev.pos)
                if k < len(written) and written[k][0] < t.pos:  # words between them were dropped
                    sep = bridge(written[k][1], sep)
            elif not seller:
                sep = platform.separator
            if not sep and not glued and spaced_word_char(last[-1:]) and spaced_word_char(t.surface[:1]):
                sep = " "
        out.append((sep, i))
        last = t.surface
        prev = t
    return out


def _join(problem: Problem, seq: list[int], platform: Platform, gaps: bool = True) -> str:
    return "".join(sep + problem.terms[i].surface for sep, i in layout(problem, seq, platform, gaps)).strip()
