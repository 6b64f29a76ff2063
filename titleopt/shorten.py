"""Short titles: the mobile display's ~12 characters, taken only from the title's own words.

The same knapsack as a rewrite, with different weights: the product word is
required and outranks everything, keyword value comes next, the brand is
optional. Kept in its own module because its weighting is its own: it
takes the listing's words from the same public stages as a rewrite
(:func:`~titleopt.listing.read_listing`, :func:`~titleopt.problem.seller_terms`),
weighs them, and only then builds its problem.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .context import Context
from .errors import InputError, TitleoptWarning
from .listing import read_listing
from .normalize import check_title, spaced_word_char
from .platforms import Platform, Unit, get_platform
from .problem import in_compound, seller_terms
from .product import LEAD_WORDS, fit_phrases, is_lone_head, is_noise, noun_candidates
from .rewrite import Problem, Solution, Term, render, solve_fast, solve_rejecting, solve_rendered, stutters
from .terms import CJK

#: Weight of a product word's modifier relative to a product word: below one half, so
#: two modifiers never outweigh one more product word.
MODIFIER_SHARE = 0.4

#: Bonus of another noun of the title (see :func:`_other_nouns`), on the scale where a root's
#: keyword value counts up to 1 and a fact 0.2: half a fact's, so a noun beats an adjective
#: or a verb of equal keyword value but never a fact (实木, 纯棉).
NOUN_BONUS = 0.1

#: Length factor of every word of the core word's name (a two-character word's factor
#: elsewhere): the name's words rank by distance from the head only.
NAME_LENGTH_FACTOR = 1.2


def shorten_title(
    ctx: Context,
    title: str,
    *,
    limit: int = 12,
    unit: Unit = "chars",
    brand: str | None = None,
    category: str | None = None,
    keep_brand: bool = False,
    notes: list[str] | None = None,
) -> str:
    """An extractive short title (mobile display, ~12 characters): only the title's own words.

    The core product word is required; the brand is kept only with
    ``keep_brand=True`` (people writing short titles usually drop brand
    and service words, Gong et al. 2019). Then, in this order of weight:
    the other product words of the title (a short title is first of all
    the thing being sold, and titles name it several ways), the keyword
    value the words cover, their root value in the table, attribute words,
    then the title's other nouns, over filler. Lone characters out of their phrase, counts and
    quantities, service and provenance words (正品, 现货, 日本) and words that
    are not title text (promotion) are never chosen. Words keep their
    original order. Raises :class:`InputError` when the product word alone
    does not fit. With ``keep_brand=True`` a brand that does not fit beside
    the product word is left out and the caller told: a
    :class:`~titleopt.errors.TitleoptWarning`, or, when ``notes`` is given, a
    sentence appended to it (the batch runner names the row instead of
    changing the process's warning filters).
    """
    check_title(title)
    plat = get_platform(ctx.platform, limit=limit, unit=unit)
    if 0 < plat.length(title.strip()) <= plat.limit and not keep_brand:
        return title.strip()  # already short: every word of it is the seller's choice
    listing = read_listing(ctx, title, brand=brand, category=category)
    coupon = _coupon_sold(listing.terms.tokens, ctx.lexicon, ctx.platform.name)
    # the title's own words only: no keyword is added, so no keyword value is at stake
    terms = seller_terms(
        ctx, listing, must_keep=[coupon] if coupon else [], forbid_n=set(), brand=None, units=False
    ).terms
    facts = listing.facts
    top = max(ctx.root_value.values(), default=0.0) or 1.0
    core = set(facts.core_parts) or ({facts.product_word} if facts.product_word else set())
    if coupon:
        core.add(coupon)
    # product words outrank any keyword coverage: their retain exceeds all keyword value together
    product_unit = ctx.min_value  # (no keyword is at stake: see above)
    product_rank = {p: i for i, p in enumerate(facts.product_parts)}
    brands = {facts.brand, *facts.brands} - {None}
    nouns = _other_nouns(ctx, listing.terms, brands, product_rank)
    modifier_of, name, name_at = _modifiers(ctx, listing, terms, core, brands, plat.limit, product_rank)
    budget = plat.limit + (1 if plat.separator == " " else 0)
    w = _Weights(ctx, plat, budget, top, nouns, product_rank, modifier_of, name, product_unit, core, brands)
    for t in terms:
        _weigh(t, w, keep_brand)
    _one_copy_each(ctx, terms, listing, name_at, product_rank, never=budget + plat.limit + 1)
    _settle_fixed(terms, facts, plat, budget, core, brands, coupon, keep_brand, notes)
    return _solve(terms, listing, plat, budget, keep_brand or not core, brands, product_unit * MODIFIER_SHARE,
                  _fit_words(ctx, listing))


def _fit_words(ctx: Context, listing) -> dict[int, str]:
    """Tokens naming another company's device after the title's fit phrase -> the phrase as written (适用).

    A short title drops a compatibility list whole (:data:`DROPPED_KINDS`), but a unit
    it keeps may hold the device's brand (``苹果手表表带`` after ``适用applewatch``):
    written alone, the short title would sell the strap as Apple's (issue 16: 适用
    never leaves another brand's name). Such a token — a listed brand that is not the
    listing's own, after the first fit phrase — is written after the phrase's words,
    which cost what they take; the phrases' own tokens map to ``""`` (a term holding
    one writes its phrase already).
    """
    tt = listing.terms
    phrases = fit_phrases(tt, ctx.lexicon)
    if not phrases:
        return {}
    first, lex = phrases[0], ctx.lexicon
    own = {lex.brand_of(b) or b for b in (listing.facts.brand, *listing.facts.brands) if b}
    word = tt.norm.original[tt.span(first.start)[0] : tt.span(first.end - 1)[1]]
    out = {i: "" for p in phrases for i in range(p.start, p.end)}  # the phrases' own tokens: "" (written already)
    for i in range(first.end, len(tt.tokens)):
        if i not in out and (c := lex.brand_of(tt.tokens[i])) and c not in own:
            out[i] = word
    return out


def _modifiers(ctx: Context, listing, terms: list[Term], core: set[str], brands: set[str], limit: int, product_rank):
    """The words that modify a product word (烤|面筋), and the core word's full name with where it stands."""
    toks = listing.terms.tokens
    facts = listing.facts
    modifier_of = {
        toks[i - 1]: product_rank[tok]
        for i, tok in enumerate(toks)
        if i > 0
        and tok in product_rank
        and toks[i - 1] not in product_rank
        and listing.terms.glued[i - 1]
        and not toks[i - 1][:1].isdigit()
        and not (i > 1 and len(toks[i - 1]) == 1 and toks[i - 1].isascii() and toks[i - 2][-1:].isdigit())  # 2.4|g
    }
    at_core = {int(t.pos) for t in terms if t.key in core and t.pos != math.inf}
    name_at = _core_name_at(listing.terms, facts, ctx.lexicon, brands, limit, at_core)
    name = {tok: k for k, (tok, _) in enumerate(name_at) if tok not in product_rank}
    for tok, k in name.items():  # the core word's full name, after the other products' modifiers
        modifier_of[tok] = k + len(product_rank)
    return modifier_of, name, name_at


def _settle_fixed(
    terms: list[Term], facts, plat, budget: int, core, brands, coupon, keep_brand: bool, notes: list[str] | None
) -> None:
    """Which words a short title must hold: the core product word, a sold coupon beside it, the brand if it fits."""
    if core and not any(t.fixed for t in terms):
        # the core product word lies inside a longer title word: keep that word
        for t in terms:
            if core & t.provides:
                t.fixed = True
                break
    if coupon and sum(t.cost for t in terms if t.fixed) > budget:
        for t in terms:  # the coupon is kept only beside the product word, never instead of a fit
            if t.key == coupon and t.key not in facts.core_parts and t.key != facts.product_word:
                t.fixed = False
    if keep_brand and sum(t.cost for t in terms if t.fixed) > budget:
        # the brand does not fit beside the product word: the product word wins, and the caller is told
        for t in terms:
            if t.fixed and (t.key in brands) and t.key not in core:
                t.fixed = False
                t.retain = 0.0
        note = f"the brand does not fit beside the product word within {plat.limit} {plat.unit}: left out"
        if notes is None:
            warnings.warn(note, TitleoptWarning, stacklevel=3)
        elif note not in notes:
            notes.append(note)
    if sum(t.cost for t in terms if t.fixed) > budget:
        need = sum(t.cost for t in terms if t.fixed)
        raise InputError(
            f"the product word {facts.product_word!r} alone needs {need} {plat.unit}, "
            f"over the short-title limit of {plat.limit}"
        )
    if not any(t.fixed for t in terms) and not any(t.retain > 0 and t.cost <= budget for t in terms):
        # nothing recognisable (pzh/片仔癀 3g*1粒/盒): keep the first word that fits rather than nothing
        first = next((t for t in terms if t.cost <= budget), None)
        if first is not None:
            first.fixed = True


@dataclass
class _Weights:
    """What weighing a short title's words needs (see :func:`shorten_title` for the order of weight)."""

    ctx: Context
    plat: Platform
    budget: int
    top: float
    nouns: frozenset[str]
    product_rank: dict[str, int]
    modifier_of: dict[str, int]
    name: dict[str, int]
    product_unit: float
    core: set[str]
    brands: set[str]


def _weigh(t: Term, w: _Weights, keep_brand: bool) -> None:
    """Cost, retention and protection of one title word in a short title."""
    t.cost = w.plat.length(t.surface) + (1 if w.plat.separator == " " else 0)
    is_fact = w.ctx.lexicon.is_factual(t.key) or w.ctx.lexicon.is_product_word(t.key)
    weight = w.ctx.root_value.get(t.key, 0.0) / w.top + (0.2 if is_fact else 0.0)
    if t.key in w.nouns:
        weight += NOUN_BONUS
    t.retain = max(0.0, w.ctx.min_value * 1e-3 * (0.05 + weight) * (1 + len(t.key)))
    rank = w.product_rank.get(t.key)
    share = 1.0
    if rank is None and w.modifier_of.get(t.key) is not None:
        rank = w.modifier_of[t.key] + len(w.product_rank)  # 烤|面筋, 电热|饭盒: the product's own modifier
        share = MODIFIER_SHARE
    if rank is not None:
        # a name is read from its head outwards (正统|拌|饭酱): its words weigh by nearness
        # alone, so a longer word further out never displaces a nearer one
        longer = NAME_LENGTH_FACTOR if t.key in w.name else 1 + 0.1 * len(t.key)
        t.retain += share * w.product_unit * (1.0 + 1.0 / (1 + rank)) * longer
    elif t.key not in w.core and (
        (len(t.key) == 1 and not is_fact) or t.key[:1].isdigit() or t.key in LEAD_WORDS
    ):
        # a lone character out of its phrase reads as noise; quantities and
        # counts (150g, 6个) and the service and provenance words that lead
        # titles (正品, 现货, 包邮, 日本: LEAD_WORDS) are what short titles drop
        # first (Gong et al. 2019)
        t.cost = w.budget + w.plat.limit + 1
    if t.origin == "brand" or t.key in w.brands:
        t.origin = "title"
        if keep_brand:
            t.retain = w.product_unit * 3
        elif not w.core and CJK.match(t.key):
            # no product word in the title: the Chinese word taken for its brand
            # (pzh/片仔癀, 二手钢琴) is the best name of the thing sold
            t.retain = w.product_unit
        else:
            t.retain = 0.0
    t.fixed = t.key in w.core or (keep_brand and t.key in w.brands)


def _one_copy_each(ctx: Context, terms: list[Term], listing, name_at, product_rank, *, never: int) -> None:
    """A short title never says a word twice: one copy stays, preferably the one glued into a phrase
    jieba split (灵芝|粉 rather than a bare 灵芝); and it is words only, spaces where a script needs them."""
    facts = listing.facts
    copies: dict[str, list[Term]] = {}
    before = ""
    for t in terms:
        # a short title is words only: no punctuation to spend characters on, and a space only
        # where a script written with spaces needs one (ngắn tay, not ngắntay; A000 ヿ)
        spaced = spaced_word_char(t.surface[:1]) or spaced_word_char(before[-1:])
        t.gap = " " if t.gap[-1:].isspace() and spaced else ""
        before = t.surface
        copies.setdefault(t.key, []).append(t)
    glued = {int(t.pos) for t in terms if t.pos != math.inf and in_compound(ctx, listing.terms, int(t.pos))}
    in_core = _core_positions(listing.terms, facts.core_parts)
    in_name = {p for _, p in name_at}  # where the name's words stand: their copies to keep
    compound_at = {p for parts in facts.compounds for p in _core_positions(listing.terms, parts)}
    for same in copies.values():
        if len(same) < 2:
            bound = same[0].pos != math.inf and _beside_product(listing.terms, int(same[0].pos), product_rank)
            _move_into_compound(same[0], listing.terms.tokens, in_core, compound_at, set() if bound else in_name)
            continue
        # the copy written inside the core product word first (搓澡|巾, not the 巾 of 擦澡|巾),
        # then one inside another product compound (灵芝|粉, not the 灵芝 of 黑|灵芝)
        keep = (
            next((t for t in same if t.pos in in_core), None)
            or next((t for t in same if t.pos in in_name), None)  # (核桃|营养|藕粉, not 宝宝|营养)
            or next((t for t in same if t.pos in compound_at), None)
            or next((t for t in same if t.pos in glued), same[0])
        )
        for t in same:
            if t is not keep:
                t.fixed = False
                t.retain = 0.0
                t.cost = never


def _solve(
    terms: list[Term],
    listing,
    plat,
    budget: int,
    keep_brand: bool,
    brands: set[str],
    named: float = math.inf,
    fit_words: Mapping[int, str] | None = None,
) -> str:
    """Choose the units (or, when the product word's unit alone is too long, the words) and write them.

    ``fit_words`` (:func:`_fit_words`): a unit naming another company's device is written
    after the title's fit phrase, and only where the phrase then opens the short title
    (``适用苹果手表表带``; ``watch适用苹果手表`` reads as nothing): elsewhere the unit is left
    out, unless it must stay (it holds the product word): then the units before it give way,
    so that it opens the short title. Later units naming a device follow the phrase as they are.
    """
    def write(problem: Problem, chosen: frozenset[int], plain: Mapping[int, str]) -> str:
        # one fit phrase, opening the short title before the first device it names (a protected unit inside
        # the title stays as written: 适用 in the middle reads as nothing)
        order = sorted(chosen, key=lambda i: problem.terms[i].pos)
        later = [i for i in order[1:] if i in plain]
        if not later:
            return render(problem, chosen, plat)[0]  # (most titles: nothing to write otherwise)
        terms = list(problem.terms)
        for i in later:
            terms[i] = replace(terms[i], surface=plain[i])
        return render(Problem(terms, [], problem.budget), chosen, plat)[0]

    def solve(
        units: list[Term], plain: Mapping[int, str], heads: Mapping[int, frozenset[int]]
    ) -> tuple[Problem, Solution]:
        problem = Problem(units, [], budget)

        def misplaced(best: Solution) -> list[int]:
            # a unit written after the fit phrase is chosen only where the phrase opens the short title
            order = sorted(best.chosen, key=lambda i: units[i].pos)
            first = next((i for i in order if i in plain), None)
            if first is None or first == order[0]:
                return []
            if units[first].fixed:
                # a unit that must stay (it holds the product word) opens the short title instead: the units
                # before it give way, or it would name the device's brand without its phrase (电视音响箱线小米);
                # when they must stay too (a kept brand), nothing can give way and this solution stands
                return [i for i in order[: order.index(first)] if not units[i].fixed]
            return [first]

        def rejected(best: Solution) -> list[int]:
            # and a unit that stutters after the one before it, as the rewrite's (钢笔|笔 of 钢笔14k金笔): solved
            # again without it, so the room it took goes to another word
            order = sorted(best.chosen, key=lambda i: units[i].pos)
            # a product unit's modifier without the product word it modifies (旅行 of 旅行|背包, when 背包
            # is said elsewhere) reads as debris: solved again without it
            headless = [i for i in order if i in heads and not units[i].fixed and not heads[i] & best.chosen]
            return misplaced(best) or headless or sorted(i for i in stutters(problem, order) if not units[i].fixed)

        def solve_checked(p: Problem, ex: frozenset[int]) -> Solution:
            return solve_rejecting(lambda e: solve_fast(p, exclude=e), rejected, ex)

        # (the separators between the chosen units are not in their costs: solved again, tighter, when the
        # short title comes out over the limit)
        return problem, solve_rendered(solve_checked, problem, plat, write=lambda p, c: write(p, c, plain))

    units, plain, heads = _whole_units(terms, listing, plat, budget, keep_brand, brands, named, fit_words=fit_words)
    best = None
    if sum(t.cost for t in units if t.fixed) <= budget:
        problem, best = solve(units, plain, heads)
    if best is None or not best.chosen:
        # the product word's unit alone is too long, or no unit fits: the words of the units holding a
        # fixed word are chosen one by one, every other unit stays whole (a number keeps its unit: no 米管
        # out of 2.1|米管 when the core's unit, a long note, is what did not fit)
        loose, plain, heads = _whole_units(terms, listing, plat, budget, keep_brand, brands, named,
                                           loose_fixed=True, fit_words=fit_words)
        problem, best = solve(loose, plain, heads)
    if best is None or not best.chosen:
        problem, plain = Problem(terms, [], budget), {}
        best = solve_fast(problem)
    terms = problem.terms
    text = write(problem, best.chosen, plain)
    # (written anew after each drop: when the unit that opened the title goes, the next one naming the device
    # opens it with its fit phrase)
    while plat.length(text) > plat.limit:
        removable = [i for i in best.chosen if not terms[i].fixed]
        if not removable:
            break
        drop = min(removable, key=lambda i: terms[i].retain)
        best = Solution(best.chosen - {drop}, 0.0, 0.0)
        text = write(problem, best.chosen, plain)
    return text


#: Units a short title leaves out whole (Gong et al. 2019: people writing short titles drop
#: quantities, models, compatibility lists, notes, service and promotion words first).
DROPPED_KINDS = frozenset({"spec", "model", "compat", "note", "service", "promo", "filler"})


def _whole_units(
    terms: list[Term],
    listing,
    plat,
    budget: int,
    keep_brand: bool,
    brands: set[str] = frozenset(),
    named: float = math.inf,
    loose_fixed: bool = False,
    fit_words: Mapping[int, str] | None = None,
) -> tuple[list[Term], dict[int, str], dict[int, frozenset[int]]]:
    """The weighed words bound into the listing's units: a short title keeps or drops each unit whole.

    Words are weighed one by one above (a product word, its name, nouns,
    facts…); a unit is worth what its words are worth and costs all of
    them, so a short title never keeps 烘衣 without its 机 or 寸 without its
    6.5. A unit of a kind short titles drop (quantities, models, notes…)
    is left out unless it holds the product word; a brand unit only with
    ``keep_brand`` (or when the title names no product: then the brand is its best name). A unit
    holding a word weighed as part of the product's name (``named``) is never left out for its kind.
    With ``loose_fixed`` the words of a unit holding a fixed word stand on their own (the fallback
    when such a unit alone does not fit). A unit of ``fit_words`` is written after its fit phrase
    (:func:`_fit_words`); the second value maps each such term to its surface without the phrase.
    The third maps each term of a product unit's modifier to the terms of the product word it
    modifies: a short title keeps the modifier only with one of them (:func:`_solve`).
    """
    by_unit: dict[int, list[Term]] = {}
    owner = {}
    for k, u in enumerate(listing.units):
        for p in range(u.start, u.stop):
            owner[p] = k
    loose: list[Term] = []
    for t in terms:
        k = owner.get(int(t.pos)) if t.pos != math.inf else None
        if k is None:
            loose.append(t)
        else:
            by_unit.setdefault(k, []).append(t)
    out: list[Term] = []
    never = budget + plat.limit + 1
    groups: list[tuple[object, list[Term]]] = []
    head_of: dict[int, int] = {}  # group -> the head group of its product unit
    products = set(listing.facts.product_parts)
    for k, ts in sorted(by_unit.items()):
        ts.sort(key=lambda t: t.pos)
        u = listing.units[k]
        if u.kind == "product":
            # a product with its modifiers (卧室|电风扇): a short title may drop the modifier, never half
            # a word, so only a lone character stays bound to the word it was cut from (烘衣|机)
            first = len(groups)
            run: list[Term] = []
            for t in ts:
                if run and len(t.key) > 1 and len(run[-1].key) > 1:
                    groups.append((u, run))
                    run = []
                run.append(t)
            groups.append((u, run))
            # a word that names no product is a modifier of the next one that does (旅行|背包, 专用|电热水壶):
            # kept only with it; product words stacked in one unit (卷尺|鲁班尺) stand on their own
            nouns = [g for g in range(first, len(groups)) if any(t.key in products for t in groups[g][1])]
            for g in range(first, len(groups)):
                head = next((h for h in nouns if h > g), None)
                if head is not None and g not in nouns:
                    head_of[g] = head
        else:
            groups.append((u, ts))
    plain: dict[int, str] = {}

    def after_fit(t: Term, words: list[Term]) -> Term:
        # a term whose words hold a device's brand (fit_words) is written after the fit phrase and costs it too
        marks = [fit_words[p] for x in words if (p := int(x.pos)) in fit_words] if fit_words else []
        if not marks or "" in marks or t.cost >= never:
            return t  # (a term holding the phrase itself writes it already)
        w = marks[0]
        plain[len(out)] = t.surface
        return replace(t, surface=w + t.surface, cost=t.cost + plat.length(w))

    at: list[range] = []  # group -> the terms it became
    for u, ts in groups:
        fixed = any(t.fixed for t in ts)
        if len(ts) == 1 or (fixed and loose_fixed):
            at.append(range(len(out), len(out) + len(ts)))
            for t in ts:
                out.append(after_fit(t, [t]))
            continue
        at.append(range(len(out), len(out) + 1))
        retain = sum(t.retain for t in ts if t.cost < never)
        branded = u.kind == "brand" or any(t.key in brands for t in ts)  # (禾衫|清凉: a brand glued to a word)
        # a unit holding a word weighed as part of the product's name (和|牛, 脆皮) is never dropped for its kind:
        # the unit reader may misjudge a kind, the product word's weighing does not
        names_product = any(t.retain >= named for t in ts)
        dropped = not names_product and (u.kind in DROPPED_KINDS or (branded and not keep_brand))
        surface = "".join(
            (" " if i and spaced_word_char(ts[i - 1].surface[-1:]) and spaced_word_char(t.surface[:1]) else "")
            + t.surface for i, t in enumerate(ts)
        )
        provides = frozenset().union(*(t.provides for t in ts))
        length = plat.length(surface) + (1 if plat.separator == " " else 0)
        out.append(after_fit(Term(
            "".join(t.key for t in ts), surface, never if dropped and not fixed else length, "title",
            pos=ts[0].pos, fixed=fixed, retain=retain, provides=provides, gap=ts[0].gap, kind=u.kind,
        ), ts))
    heads = {i: frozenset(at[h]) for g, h in head_of.items() for i in at[g]}
    return out + loose, plain, heads


def _other_nouns(ctx: Context, tt, brands: set[str], product_rank: dict[str, int]) -> frozenset[str]:
    """The title's other nouns that jieba knows: no product word, brand, service or attribute word.

    Once the product words are in, the room left is better spent on things
    (书籍, 网关, 婚纱照) than on adjectives or verbs: the product words no
    dictionary lists are nouns. Facts (实木, 纯棉) still come first
    (:data:`NOUN_BONUS`): they say what the item is made of or for. Words
    jieba coined from unknown characters are left out: they are as often
    pieces of service phrases (买三送|一, 凑|单) as things.
    """
    if not product_rank:
        return frozenset()  # detection already fell back on the nouns
    known = ctx.segmenter.is_word
    cands = noun_candidates(tt, ctx.lexicon, brands, known)
    return frozenset(c.word for c in cands if c.word not in product_rank and known(c.word))


def _move_into_compound(t: Term, toks, in_core: set[int], in_compound: set[int], in_name: set[int]) -> None:
    """Stand a word written several times at its copy inside the core word or another product compound.

    The problem holds one term per word, at its first position; a short title
    that keeps 灵芝 next to 粉 says 灵芝粉 (the compound the seller wrote),
    where the first copy (黑|灵芝 … 粉) reads as two loose words. Likewise a word of
    the core word's name (燕麦|营养|米粉) stands in the name rather than at an earlier
    copy (宝贝|营养), unless that copy is glued to a product word (``in_name`` empty).
    """
    if t.pos == math.inf or t.pos in in_core:
        return
    spots = [i for i, tok in enumerate(toks) if tok == t.key]
    best = next((i for i in spots if i in in_core), None)
    if best is None and t.pos not in in_name:
        best = next((i for i in spots if i in in_name), None)
    if best is None and t.pos not in in_compound and t.pos not in in_name:
        best = next((i for i in spots if i in in_compound), None)
    if best is not None:
        t.pos = best


def _starts(tt, parts) -> list[int]:
    """Token indexes where ``parts`` stand one after another, in order."""
    toks, parts = tt.tokens, tuple(parts)
    n = len(parts)
    return [i for i in range(len(toks) - n + 1) if toks[i : i + n] == parts]


def _core_positions(tt, parts: tuple[str, ...]) -> set[int]:
    """Token positions where a product word's parts (the core's, or a compound's) stand written together, in order."""
    k = len(parts)
    if k < 2:
        return set()
    out: set[int] = set()
    for p in _starts(tt, parts):
        if all(tt.touches_next(q) for q in range(p, p + k - 1)):
            out.update(range(p, p + k))
    return out


def _core_name_at(tt, facts, lex, brands, limit: int, at: set[int] | None = None) -> list[tuple[str, int]]:
    """The title words (and their token positions) that name the product together with its core word, nearest first.

    Chinese product names are modifiers written against their head with no
    gap (醋酸氟轻甜|乳膏, 低聚果糖|益生菌|胶囊): the tokens glued before the
    core word, back to the first space or punctuation, and a lone character
    glued after it that completes the head (海绵|块). Only a name the seller
    set apart counts: the space- or punctuation-delimited run holding the core
    word fits the limit; inside a long unbroken title only the lone character
    before the core word does. A brand, service or promotion word before the
    name sets it apart too (禾衫|正品|茉莉|弹性|面霜: the name starts after
    them), and the run ends at a number or Latin word after the head
    (面霜|50ml). Brands, service and promotion words, numbers and Latin runs
    end the name. In a short title these words come after the
    other product words and their own modifiers.
    """
    core = facts.core_parts or ((facts.product_word,) if facts.product_word else ())
    if not core:
        return []
    toks = tt.tokens
    n = len(core)
    starts = _starts(tt, core)
    if at:  # the copy of the core word that the short title keeps, when it is known
        starts = [i for i in starts if i in at] or starts
    if not starts:
        return []
    best: list[tuple[str, int]] = []
    for i in starts:
        room = limit - sum(len(c) for c in core)
        out: list[tuple[str, int]] = []
        j = i + n
        if tt.touches_next(j - 1) and j < len(toks) and is_lone_head(toks[j], lex):
            out.append((toks[j], j))
            room -= 1
        k = i - 1
        named = False  # the name starts right after a brand, service or promotion word
        while k >= 0 and tt.touches_next(k) and CJK.match(toks[k]) and len(toks[k]) <= room:
            t = toks[k]
            if is_noise(t, lex, brands):
                named = True
                break
            out.append((t, k))
            room -= len(t)
            k -= 1
        e = i + n - 1
        while e + 1 < len(toks) and tt.touches_next(e) and CJK.match(toks[e + 1]):
            e += 1
        seg_len = sum(len(toks[m]) for m in range(k + 1, e + 1))
        if (k >= 0 and tt.touches_next(k) and not named) or seg_len > limit:
            out = out[:1] if out and len(out[0][0]) == 1 else []  # not a name the seller set apart
        if len(out) > len(best):
            best = out
    return best


def _coupon_sold(toks, lex, platform: str) -> str | None:
    """The coupon a listing sells: a promotion word for a voucher (…券) that ends the title's Chinese words.

    Chinese titles are head-final, so their last Chinese word names what is sold.
    Coupons (优惠券, 折扣券) are promotion words, kept out of titles that sell a
    product, but a listing whose title ends in one (…旗舰店无门槛优惠券, …店铺优惠券
    11/11) sells the coupon itself.
    """
    last = next((t for t in reversed(toks) if CJK.match(t)), None)
    if last and last.endswith("券") and len(last) > 1 and lex.is_promo(last, platform):
        return last
    return None


def _beside_product(tt, p: int, product_rank) -> bool:
    """Token ``p`` is glued to a product word (午睡|床, 防潮|液): that is where it belongs."""
    toks = tt.tokens
    return (p > 0 and tt.touches_next(p - 1) and toks[p - 1] in product_rank) or (
        p + 1 < len(toks) and tt.touches_next(p) and toks[p + 1] in product_rank
    )
