"""Building the knapsack for one listing: its own words, and the words it may gain.

:func:`seller_terms` turns the listing's one cut into candidate
:class:`~titleopt.rewrite.Term` objects (the seller's words, each with what
it provides to keywords, its cost and a small retention value), and says why
each word it leaves out must go (a repeat, banned, promotional, a stale
year, export debris). :func:`build_problem` adds the words the
:mod:`.policy` admits (the listing's stated facts, relevant keyword roots)
and returns the immutable :class:`~titleopt.rewrite.Problem` the solvers
take. ``shorten`` builds its own problem from :func:`seller_terms` with its
own weights; nobody edits a problem once built.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .context import Context
from .errors import InputError
from .listing import Listing, phrase_key
from .normalize import html_entity, strip_invisible, to_traditional
from .policy import admissible, open_roots, stated_pieces
from .product import HEAD_CHARS, MODEL_SUFFIXES
from .rewrite import Problem, Term
from .segment import NUMBER, NUMERALS, TIME_TAGS, YEAR
from .terms import CJK, TitleTerms
from .units import BEFORE_BRAND, IMPORTANCE, KINDS, importance

#: Title words after a stale year that belong to it (2019年, 2018款).
YEAR_SUFFIX = frozenset({"年", "款", "年款"})
#: Up to this many candidate keywords, :func:`coverable` checks each directly.
DIRECT_COVERABLE = 32
ENTITY_REASON = "HTML entity left in the text by an export (&mdash;, &nbsp;)"


@dataclass
class SellerTerms:
    """The listing's own words as candidate terms, and the words left out with the reason."""

    terms: list[Term]
    seen: dict[str, int]  # key -> index of its first term
    have: set[str]  # every word the terms provide
    removed: dict[str, str] = field(default_factory=dict)  # surface -> why it must go
    protected: set[str] = field(default_factory=set)


def _html_entity(tt: TitleTerms, p: int) -> str | None:
    """What token ``p`` stands for when it is an HTML entity's name after ``&`` (see :func:`.normalize.html_entity`)."""
    return html_entity(tt.norm.text, tt.starts[p], tt.tokens[p]) if tt.starts else None


@dataclass
class _Read:
    """One title token as the rewrite reads it: what it writes, the text before it, and why it must go (if so)."""

    surface: str
    gap: str
    why: str | None
    decoded: bool


def seller_terms(
    ctx: Context,
    listing: Listing,
    *,
    must_keep: Sequence[str],
    forbid_n: set[str],
    brand: str | None,
    units: bool = True,
) -> SellerTerms:
    """The listing's words as terms (brand and must-keep terms the title lacks added, fixed).

    With ``units`` (the rewrite) each term is one of the listing's units
    (:mod:`titleopt.units`), kept or dropped whole, valued by its kind when it
    covers no keyword; without (``shorten``, which weighs single words) each
    term is one token. Either way a word that must go (banned, promotional,
    forbidden, a stale year, export debris, a repeat) is left out with its reason.
    """
    keep_n = [phrase_key(m) for m in must_keep]
    protected = set(listing.facts.protected) | set(keep_n)
    removed: dict[str, str] = {}
    # a repeat is a whole unit written again, in the rewrite and in a short title alike: never a
    # character of another word (the 纸 of 手工纸 after 卡纸)
    drop = unit_repeats(ctx, listing)
    reads = _read_tokens(ctx, listing, drop=drop, forbid_n=forbid_n, protected=protected, keep_n=keep_n)
    for r in reads:
        if r.why:
            removed.setdefault(r.surface, r.why)
    if units:
        terms = _unit_terms(ctx, listing, reads, protected, frozenset(keep_n))
    else:
        terms = _token_terms(ctx, listing, reads, protected)
    seen: dict[str, int] = {}
    have: set[str] = set()
    for i, t in enumerate(terms):
        seen.setdefault(t.key, i)
        have |= t.provides
    brand_n = listing.facts.brand
    extra: list[tuple[str, str, str]] = []  # (key, surface, origin)
    if brand and brand_n and brand_n not in have and phrase_key(brand) not in forbid_n:
        extra.append((brand_n, brand.strip(), "brand"))
    for m, mn in zip(must_keep, keep_n, strict=True):
        if mn and mn not in have and mn not in forbid_n and all(mn != e[0] for e in extra):
            extra.append((mn, m.strip(), "must_keep"))  # (a must-keep brand is added once)
    for key, surface, origin in extra:
        prov = frozenset([key]) if origin == "brand" else ctx.provides(key)
        terms.append(Term(key, surface, ctx.cost(surface), origin, fixed=True, provides=prov))
        seen[key] = len(terms) - 1
        have |= prov
    # a protected word inside a longer title word (男 in 男女) keeps that word
    for key in protected:
        if key in seen or key in forbid_n:
            continue
        holder = next((t for t in terms if key in t.provides), None)
        if holder is not None:
            holder.fixed = True
    if units:
        _protect_once(terms, protected, frozenset(keep_n))
        brands = {b.replace(" ", "") for b in (listing.facts.brand, *listing.facts.brands) if b}
        _named_once(terms, frozenset(keep_n), frozenset(brands))
    return SellerTerms(terms, seen, have, removed, protected)


def _protect_once(terms: list[Term], protected: set[str], keep: frozenset[str]) -> None:
    """A protected word is kept once: one unit holding it stays fixed, its other copies compete.

    Long titles name the product several times (加湿器 … 空气加湿器 … 空调加湿器);
    fixing every unit that holds a protected word spent the room on copies of
    one word and dropped what buyers search besides it (measured on 5,000 JD
    titles: 165 more (query, title) pairs kept, more model numbers kept,
    brands and product words unchanged). The unit that is the word itself is
    the one kept fixed, else the first one holding it; other copies of the
    word, the caller's must-keep words too, compete. Brand and model units
    stay fixed as they are (:func:`_named_once` decides for them).
    """
    held = [t for t in terms if t.fixed and t.origin == "title" and t.kind not in ("brand", "model")]
    if not held:
        return
    carries = {id(t): {w for w in protected if w in t.provides} for t in held}
    keep_fixed: set[int] = set()
    for w in sorted(set().union(*carries.values())):
        holders = [t for t in held if w in carries[id(t)]]
        if any(id(h) in keep_fixed for h in holders):
            continue
        h = next((h for h in holders if h.key == w), None) or min(holders, key=lambda h: h.pos)
        keep_fixed.add(id(h))
    for t in held:
        # (a copy of a protected or must-keep word is unfixed too: one fixed copy keeps it, 韩版 … 韩版)
        if id(t) not in keep_fixed:
            t.fixed = False


def _named_once(terms: list[Term], keep: frozenset[str], brands: frozenset[str]) -> None:
    """The brand and each model are kept fixed once: the first unit naming them, its copies compete.

    Sellers write the brand again before a model or at the end (森然（Seeknature）
    森然SR-9X … 森然SR-9X麦克风); fixing every copy spent the room on them, and
    the models, which give way first when the fixed units do not fit, were
    dropped instead of a repeated brand. Only a unit that is nothing but one of
    the listing's brand names (``brands``) counts as a copy: another maker's
    brand in a bag's title (戴尔XPS) says what it fits and stays fixed. The
    caller's must-keep terms stay fixed.
    """
    first_brand: float | None = None
    models_seen: set[str] = set()
    for t in sorted((t for t in terms if t.fixed and t.origin in ("title", "brand") and t.pos != math.inf),
                    key=lambda t: t.pos):
        if t.kind == "brand":
            if first_brand is None:
                first_brand = t.pos
            elif t.pos > first_brand + 1 and t.key in brands and t.key not in keep:  # (right after it: its twin)
                t.fixed = False
        elif t.kind == "model":
            if t.key in models_seen and t.key not in keep:
                t.fixed = False
            models_seen.add(t.key)


def _read_tokens(ctx: Context, listing: Listing, *, drop: dict[int, str], forbid_n, protected, keep_n) -> list[_Read]:
    """Every title token with its surface, the text before it and why it must go (HTML entities decoded)."""
    stale = ctx.current_date.year - 1
    stale_years: set[str] = set()
    tt = listing.terms
    title = listing.title
    prev_end = 0
    after_entity = False  # the ";" closing a removed HTML entity goes with it
    promo_at = ctx.lexicon.promo_pieces(tt.tokens, tt.glued, ctx.platform.name)
    medical = [c for c in listing.claims if c.group.kind == "medical"]
    out: list[_Read] = []
    for p, tok in enumerate(tt.tokens):
        start, end = tt.span(p)
        gap = title[prev_end:start]
        if after_entity and gap.startswith(";"):
            gap = gap[1:]
        prev_end = end
        surface = strip_invisible(title[start:end])
        entity = _html_entity(tt, p) if "&" in gap else None
        decoded = bool(entity and entity.strip())  # a character the title needs (M&amp;M), not debris
        if decoded and tok not in keep_n:
            surface, gap = entity, gap[:-1]  # decoded in place
        why = drop.get(p) or _why_removed(ctx, tt, p, forbid_n=forbid_n, protected=protected, keep_n=keep_n,
                                          entity=entity, decoded=decoded, promo=p in promo_at, stale=stale,
                                          stale_years=stale_years)
        if not why and medical and tok not in keep_n:
            s0 = tt.starts[p]
            c = next((c for c in medical if c.start < s0 + len(tok) and s0 < c.end), None)
            if c is not None:
                from .rules.policy import cite

                why = f"{c.group.why} ({cite(ctx.platform, 'health', c.group.citation)})"
        after_entity = why == ENTITY_REASON or decoded
        if why and why.startswith("stale year"):
            stale_years.add(tok)
        out.append(_Read(surface, gap, why, decoded))
    _debris_of_removed(ctx, listing, out, set(protected) | set(keep_n))
    return out


#: Particles that mean nothing without the word before them (最好|的, 天下|之): they go with a removed claim.
PARTICLES = frozenset("的之")
#: Why a piece of a promotional word jieba cut (买二送|一) goes.
PROMO_PIECE_REASON = "piece of a promotional word the platform discourages in titles"
#: Why a lone character glued to a removed word goes with it.
DEBRIS_REASON = "a lone character of a word removed with it"
PROMO_NUMBER_REASON = "the bare number of a promotion removed with it"
#: Why the rest of a removed promotion's phrase goes with it (顺丰|包邮, 江浙沪|包邮).
PROMO_SCOPE_REASON = "where or how a removed promotion applied (its own phrase)"
#: Longest phrase, in tokens with the promotion word, read as a promotion's scope (部分|地区|包邮).
MAX_PROMO_SCOPE = 3
#: A gap that sets a phrase apart (space, comma, bracket); a joiner (- / . * +) does not.
_PHRASE_BREAK = re.compile(r"[\s,，、;；!！?？|【】\[\]()（）《》<>]")
_BARE_AMOUNT = re.compile(r"^满?\d+(?:\.\d+)?$")  # a number without a unit, or 满 with one: an order amount
#: Words that say where, by which carrier or from how many items a promotion applies: the conditions a
#: Taobao/Tmall freight template (运费模板, 指定条件包邮: by region, by order amount) lets a
#: seller set, and the express carriers sellers name with 包邮. General knowledge of Chinese marketplace
#: logistics, compiled by the titleopt developers; a bare number, or 满 with one, is a condition too.
PROMO_SCOPE_WORDS = frozenset(
    "全国 大陆 国内 江浙沪 江浙沪皖 区域 地区 部分 部分地区 偏远地区 指定地区 包括 "
    "顺丰 中通 圆通 申通 韵达 百世 邮政 ems 京东 快递 满 满额 满百 本店 全店 这款".split()
)


def _debris_of_removed(ctx: Context, listing: Listing, reads: list[_Read], keep: set[str]) -> None:
    """A lone character that jieba cut off a word that must go goes with it (第一|卫 → no 卫).

    Removing a claim or a promotion word from inside the seller's phrase would
    otherwise leave its last character standing (第一卫 → 卫, 最好|的). Only a character
    of the same unit goes (the unit reader joins debris to the word it was cut from),
    or a particle (:data:`PARTICLES`); a character any list gives a meaning (裙 after
    包邮, a unit, a colour) stays.
    """
    tt = listing.terms
    lex = ctx.lexicon
    unit_of = [0] * len(reads)
    for k, u in enumerate(listing.units):
        for i in range(u.start, u.stop):
            unit_of[i] = k
    # (only a claim or a promotion word: a repeat or a stale year is a whole word of its own)
    removed = [p for p, r in enumerate(reads)
               if r.why and (r.why == ctx.never_reason(tt.tokens[p]) or r.why == PROMO_PIECE_REASON)]
    for p in removed:
        for q, joined in ((p - 1, tt.touches_next(p - 1)), (p + 1, tt.touches_next(p))):
            if not (0 <= q < len(reads) and joined) or reads[q].why:
                continue
            if unit_of[q] != unit_of[p] and tt.tokens[q] not in PARTICLES:
                continue  # (a character of the next unit is not the removed word's: 20斤|包邮, 纯天然|无刺激)
            t = tt.tokens[q]
            if len(t) == 1 and CJK.match(t) and t not in keep and not lex.word_kinds(t) and not lex.is_product_word(t):
                reads[q] = replace(reads[q], why=DEBRIS_REASON)
    # a bare number glued before a removed promotion or its debris (25|省|包邮, 25|省包邮) counts what the
    # promotion says and means nothing once it is gone; a number with its unit (500g|包邮, 3件|包邮) stays
    for p, r in enumerate(reads):
        q = p - 1
        if not (r.why and q >= 0 and tt.touches_next(q)) or reads[q].why:
            continue
        promo = lex.is_promo_normalized(tt.tokens[p]) or r.why == DEBRIS_REASON
        u = listing.units[unit_of[q]]
        # (after a lone character the number is part of a name: 双|11|促销 keeps 双11)
        named = q > 0 and tt.touches_next(q - 1) and len(tt.tokens[q - 1]) == 1
        if promo and tt.tokens[q].isdigit() and tt.tokens[q] not in keep and u.stop - u.start == 1 and not named:
            reads[q] = replace(reads[q], why=PROMO_NUMBER_REASON)
    _scope_of_removed_promos(ctx, listing, reads, keep, unit_of)


def _scope_of_removed_promos(
    ctx: Context, listing: Listing, reads: list[_Read], keep: set[str], unit_of: list[int]
) -> None:
    """The words of a removed promotion's own phrase say where or how it applied: they go with it.

    Sellers write a shipping or discount promotion as a phrase of its own, set apart by
    spaces or punctuation: ``顺丰包邮``, ``江浙沪包邮``, ``全国包邮``, ``部分地区包邮``,
    ``满99包邮``. Once the promotion is removed, its scope left standing says nothing
    (``手工皂 江浙沪 全国 满99``). So when a removed promotion word ends such a phrase
    of at most :data:`MAX_PROMO_SCOPE` tokens and every other token of it is a scope
    word (:data:`PROMO_SCOPE_WORDS`, a bare number, 满 with one), they go too; a phrase
    with any other word keeps it (``正版包邮``, ``探头包邮``: a fact or a product word no
    list knows), and so does a size with its unit (``10斤包邮``: a spec unit of its own
    stands when its number does not touch the promotion, see :func:`_debris_of_removed`)
    and anything the caller keeps.
    """
    tt = listing.terms
    lex = ctx.lexicon
    n = len(tt.tokens)
    for p, r in enumerate(reads):
        if not (r.why and lex.is_promo_normalized(tt.tokens[p])) or (p + 1 < n and tt.touches_next(p)):
            continue
        q = p
        while q > 0 and tt.touches_next(q - 1):
            q -= 1
        scope = [i for i in range(q, p) if not reads[i].why]
        if not scope or p - q > MAX_PROMO_SCOPE or (q > 0 and not _PHRASE_BREAK.search(tt.gap(q - 1))):
            continue  # (after a joiner the number belongs to what it joins: ja-871|包邮)
        if not all(
            (t := tt.tokens[i]) not in keep
            and (t in PROMO_SCOPE_WORDS or _BARE_AMOUNT.match(t))
            and listing.units[unit_of[i]].kind not in ("brand", "product", "compat")
            and listing.units[unit_of[i]].stop <= p + 1
            for i in scope
        ):
            continue
        for i in scope:
            reads[i] = replace(reads[i], why=PROMO_SCOPE_REASON)


def _token_terms(ctx: Context, listing: Listing, reads: list[_Read], protected: set[str]) -> list[Term]:
    """One term per kept token, retained by length and how much dropping it would damage its neighbours."""
    tt = listing.terms
    brand_n = listing.facts.brand
    retain_unit = ctx.min_value * 1e-3 / max(ctx.platform.limit, 1)
    terms: list[Term] = []
    for p, (tok, r) in enumerate(zip(tt.tokens, reads, strict=True)):
        if r.why:
            continue
        length, cost = ctx.lengths(r.surface)
        terms.append(
            Term(
                key=tok,
                surface=r.surface,
                cost=cost,
                origin="brand" if tok == brand_n else "title",
                pos=p,
                fixed=tok in protected,
                retain=retain_unit * length * fragility(ctx, tt, p),
                provides=frozenset([tok]) if tok == brand_n else ctx.provides(tok),
                gap=r.gap,
            )
        )
    return terms


#: How much a unit that covers no keyword is worth keeping, per character, by its kind: the
#: number of kinds below it in :data:`titleopt.units.IMPORTANCE`, plus one (brand highest, filler 1).
def kind_weight(kind: str) -> float:
    """Retention weight of a unit of ``kind`` per character (see :data:`titleopt.units.IMPORTANCE`)."""
    return float(len(IMPORTANCE) - importance(kind)) if kind in KINDS else 1.0


def _unit_terms(
    ctx: Context, listing: Listing, reads: list[_Read], protected: set[str], keep: frozenset[str] = frozenset()
) -> list[Term]:
    """One term per run of kept tokens of one unit: kept or dropped whole, retained by the unit's kind.

    A unit loses a token only when that token must go whatever else is
    chosen (a banned or promotional word, a forbidden term, export debris);
    the tokens around it then stand as the unit's remaining pieces.
    """
    tt = listing.terms
    brand_n = listing.facts.brand
    brands = {b for b in (brand_n, *listing.facts.brands) if b}
    retain_unit = ctx.min_value * 1e-3 / max(ctx.platform.limit, 1)
    time_words = ctx.segmenter.tagged_words(TIME_TAGS)
    slot = brand_slot(listing, ctx.segmenter.is_word, time_words.__contains__)
    terms: list[Term] = []
    glued = tt.glued
    for k, u in enumerate(listing.units):
        if k == slot:
            u = replace(u, kind="brand")  # kept as the brand it most likely is
        elif (
            u.kind == "note" and k > 0 and (k - 1 == slot or listing.units[k - 1].kind == "brand")
            and glued[u.start - 1] is False and u.stop - u.start <= 2
            and other_script(listing.units[k - 1].text, u.text)
        ):
            # 晨光（M&G）, Amos（亚摩斯）: a short bracket right after the brand is its name in the other script
            u = replace(u, kind="brand")
        run: list[int] = []
        for p in range(u.start, u.stop + 1):
            alone = p < u.stop and tt.tokens[p] in keep  # the caller's own term is a unit of its own
            if p < u.stop and not reads[p].why and not reads[p].decoded and not alone:
                run.append(p)
                continue
            if run:
                terms.append(_unit_term(ctx, listing, u, run, reads, k, retain_unit, protected, brands))
            run = []
            if alone and not reads[p].why:
                terms.append(_unit_term(ctx, listing, u, [p], reads, k, retain_unit, protected, brands))
            elif p < u.stop and reads[p].decoded:  # an entity decoded in place stands on its own
                r = reads[p]
                length, cost = ctx.lengths(r.surface)
                tok = tt.tokens[p]
                terms.append(Term(tok, r.surface, cost, "title", pos=k + 0.5, retain=retain_unit * length,
                                  provides=frozenset([tok]), gap=r.gap, kind="filler"))
    return terms


def other_script(name: str, note: str) -> bool:
    """``note`` is ``name`` written in the other script: 晨光（M&G）, Amos（亚摩斯）.

    A bracket after a name already written in both scripts, or in the name's own
    script, is something else: 飞利浦（Philips） 【日本直邮】 is a service note.
    """

    def scripts(text: str) -> tuple[bool, bool]:
        return any("\u4e00" <= c <= "\u9fff" for c in text), any(c.isascii() and c.isalpha() for c in text)

    own, other = scripts(name), scripts(note)
    return own != (True, True) and any(other) and not (own[0] and other[0]) and not (own[1] and other[1])


#: How much a unit holding words buyers search (as a share of the table's most searched root) weighs
#: beside its kind: up to four kinds' worth, so a searched scene word outranks an unsearched function word,
#: while a brand, product word or model still outranks any of them.
SEARCHED_WEIGHT = 4.0


def searched(ctx: Context, parts: tuple[tuple[str, int], ...]) -> float:
    """How much buyers search the unit's words: its most valuable root's value, as a share of the top one (0..1)."""
    return max((ctx.root_value.get(t, 0.0) for t, _ in parts), default=0.0) / ctx.top_root_value


def lead_weight(k: int, n: int, kind: str = "") -> float:
    """Weight of the ``k``-th of ``n`` units by its place: 2 for the first, falling to just over 1 for the last.

    A bracketed note takes no weight from its place: at a title's head it is the shop's banner
    (【京东推荐】, 【官方旗舰店】, （满59-10）, [年后发货]), not what the seller puts first because it
    matters most (measured on 5,000 JD titles, session 17: head notes kept in 42 → 36 of 110 rewrites
    of titles that open with one, 25 rewrites change, broken entities 1,287 → 1,283, a product word
    99.54 → 99.56%, findability 61.38 → 61.39%; one bracketed brand, 【金汇缘】, is lost: brand 97.82 →
    97.77%).

    Sellers write a title in order of importance (品牌 + 商品名称 + 规格, the order
    marketplace title guides teach), and buyers' queries match a title's
    head more often than its tail: measured on 5,000 JD titles, weighting a
    unit by its place kept 76 more (query, title) pairs a rewrite had dropped
    (231 with a protected word fixed once), as cutting the tail does.
    """
    if kind == "note":
        return 1.0
    return 1.0 + (1.0 - k / n) if n else 1.0


def _unit_term(ctx, listing, u, run, reads, k, retain_unit, protected, brands) -> Term:
    tt = listing.terms
    norm = tt.norm
    a, b = run[0], run[-1]
    ns, ne = tt.starts[a], tt.starts[b] + len(tt.tokens[b])
    if a == u.start and b == u.stop - 1:
        # the unit's own text, widened to a bracket around it (咔咔鱼(kakay), a note)
        at = norm.text.find(u.text, max(0, ns - 1), ne + 1)
        if at in (ns, ns - 1) and at + len(u.text) >= ne:  # (the unit's own text, not an earlier copy of it)
            ns, ne = at, at + len(u.text)
    os_, oe = norm.original_span(ns, ne)
    if ns < tt.starts[a] or ne > tt.starts[b] + len(tt.tokens[b]):
        surface = strip_invisible(listing.title[os_:oe])
    else:
        surface = strip_invisible(listing.title[tt.span(a)[0]:tt.span(b)[1]])
    parts = tuple((tt.tokens[p], tt.starts[p] - ns) for p in run)
    key = "".join(t for t, _ in parts)
    text = norm.text[ns:ne]
    is_brand = u.kind == "brand" or key in brands
    length, cost = ctx.lengths(surface)
    # a brand (detected, written twice, or in the title's brand slot) is kept like a detected one;
    # when the kept units do not fit, it gives way last (_relax_fixed)
    fixed = u.kind in ("brand", "model") or key in protected or any(t in protected for t, _ in parts)
    return Term(
        key=key,
        surface=surface,
        cost=cost,
        origin="brand" if is_brand else "title",
        pos=k,
        fixed=fixed,
        retain=retain_unit * length * (kind_weight(u.kind) + SEARCHED_WEIGHT * searched(ctx, parts))
        * lead_weight(k, len(listing.units), u.kind),
        provides=(frozenset([key, *(t for t, _ in parts)]) if is_brand else ctx.unit_provides(text, parts)),
        gap=reads[a].gap,
        kind=u.kind,
        text=text,
        parts=parts,
    )


#: Kinds a first unit has that say it is no brand, whatever its characters.
_NOT_NAMES = frozenset({"brand", "product", "model", "compat", "spec", "colour", "negation"})


def brand_slot(listing: Listing, is_word=lambda w: True, is_time=lambda w: False) -> int | None:
    """The unit where an undetected brand most likely stands: the title's first word, when it is a name.

    Chinese listing titles put the brand first (品牌 + 商品名称 + 规格, the
    order marketplace title guides teach), after at most a bracketed tag or
    a selling word. Detection misses brands that are ordinary words (长虹,
    得力) and takes the brand of the phone a case fits for the seller's own
    (壳尊 华为P30Pro手机壳), so the first unit, when no list knows its kind
    (``word``), is kept as a brand: a rewrite that must drop a third of the
    title gives it way last. A time word (``is_time``: jieba's tag ``t``, 暑期,
    新年, 圣诞) names no maker: it opens a seasonal tag, as a selling word does
    (暑期新品 …, kept before the 文件柜 the title sells).
    """
    for k, u in enumerate(listing.units):
        text = u.text.replace(" ", "")
        coined = 2 <= len(text) <= 4 and CJK.match(text) and not is_word(text)
        if u.kind in BEFORE_BRAND or (u.kind == "word" and is_time(text)):
            if coined and u.kind == "filler":
                return k  # 搭啵兔: a coined name is no selling word, whatever its characters suggested
            continue
        if u.kind == "word":
            return k
        # a name no dictionary knows, whatever a character of it suggested (酷|瞐: 酷 is a style)
        return k if coined and u.kind not in _NOT_NAMES else None
    return None


def unit_repeats(ctx: Context, listing: Listing) -> dict[int, str]:
    """Tokens of repeated units to remove (every copy but the one in the most valuable phrase), with the reason.

    A repeat is a whole unit written again (洗衣皂 … 洗衣皂), never a word
    inside another one (the 皂 of three different 洗衣皂 words stays).
    """
    tt = listing.terms
    toks = tt.tokens
    big = ctx.matcher.bigram_value
    units = listing.units
    where: dict[str, list] = {}
    for k, u in enumerate(units):
        key = "".join(toks[u.start:u.stop])
        if len(key) == 1 and key.isascii():
            continue  # a lone Latin letter is a piece of a name or size (M&M's, A/B)
        if _names_with_neighbour(ctx, listing, k):
            continue  # 喜屋|设计, 冠誉|珠宝: a word glued to a name is part of the name, never a repeat
        where.setdefault(key, []).append(u)
    out: dict[int, str] = {}
    # a word standing alone that is also written inside another unit (韩版 … 韩版|卫衣) is said there already
    inside: set[str] = set()
    for u in listing.units:
        if u.stop - u.start > 1:
            inside.update(toks[u.start:u.stop])

    def phrase_value(u) -> float:
        v = big.get((toks[u.start - 1], toks[u.start]), 0.0) if u.start > 0 else 0.0
        return v + (big.get((toks[u.stop - 1], toks[u.stop]), 0.0) if u.stop < len(toks) else 0.0)

    for key, us in where.items():
        # (not a copy that makes a searched phrase with its neighbour: 韩版百搭潮流 … 潮流|卫衣 keeps the
        # 潮流 of 潮流卫衣, which a rewrite may keep when the long unit does not fit)
        singles = [u for u in us if u.stop - u.start == 1 and not phrase_value(u)]
        if singles and key in inside and len(key) >= 2:
            out.update((u.start, f"repeat of {key!r}") for u in singles)
            continue
        if len(us) < 2:
            continue
        keep = max(us, key=lambda u: (phrase_value(u), -u.start))
        for u in us:
            if u is not keep:
                out.update((p, f"repeat of {key!r}") for p in range(u.start, u.stop))
    return out


#: Kinds of units a word glued to them may be part of: a brand, a model or series, a word no list knows.
_NAMES = frozenset({"brand", "model", "word"})


def _names_with_neighbour(ctx: Context, listing: Listing, k: int) -> bool:
    """Unit ``k`` is one word glued to a brand, a model or a word no list knows (a name the seller coined)."""
    units, glued = listing.units, listing.terms.glued
    u = units[k]
    if u.stop - u.start != 1:
        return False

    def name(j: int) -> bool:  # (a banned or promotional word, 最好, names nothing; nor does the word again, 海尔|海尔)
        text = units[j].text.replace(" ", "")
        return units[j].kind in _NAMES and not ctx.never_reason(text) and text != u.text.replace(" ", "")

    before = k > 0 and glued[u.start - 1] and name(k - 1)
    after = k + 1 < len(units) and glued[u.stop - 1] and name(k + 1)
    return before or after


def _why_removed(ctx: Context, tt: TitleTerms, p: int, *, forbid_n, protected, keep_n, entity, decoded,
                 promo, stale, stale_years) -> str | None:
    """Why title token ``p`` must go whatever else is chosen, or None."""
    tok = tt.tokens[p]
    if tok in forbid_n:
        return "forbidden by the caller"
    if tok not in protected and (why := ctx.never_reason(tok)):
        return why
    if entity is not None and not decoded and tok not in keep_n:
        return ENTITY_REASON
    if promo and tok not in keep_n:
        # detection may take a piece (买二送) for a coined name; only the caller can keep it
        return PROMO_PIECE_REASON
    if YEAR.match(tok) and int(tok) < stale and not _ends_code(tt, p):
        return f"stale year (older than {stale})"
    if p > 0 and tok in YEAR_SUFFIX and tt.tokens[p - 1] in stale_years:
        return "belongs to the stale year before it"
    return None


def _ends_code(tt: TitleTerms, p: int) -> bool:
    """Title token ``p`` ends a model code: glued, or after a hyphen, to Latin letters (KM-1997, ab1997).

    Such digits are the code's, not a year (科美 KM-1997 is a clipper's model; removing "1997" as a stale
    year left KM, a model cut in half, session 25), as the stale-year rule reads them (TO404).
    """
    if p == 0 or tt.gap(p - 1) not in ("", "-"):
        return False
    prev = tt.tokens[p - 1]
    return prev.isascii() and prev.isalnum() and any(c.isalpha() for c in prev)


def build_problem(
    ctx: Context,
    listing: Listing,
    *,
    must_keep: Sequence[str],
    forbid: Sequence[str],
    brand: str | None,
    keyword_terms: bool = True,
    max_keywords: int,
    fit_fixed: bool = False,
) -> tuple[Problem, dict[str, str]]:
    """The knapsack instance (the listing's words, its facts, admissible keyword roots) and the removed words.

    With ``fit_fixed`` (a rewrite, which must fit), when the fixed terms do
    not fit, automatically protected ones (models, then product words) give
    way before the caller's own; raises :class:`~titleopt.errors.InputError`
    when the caller's must-keep terms and brand alone exceed the limit.
    """
    forbid_n = {phrase_key(f) for f in forbid}
    st = seller_terms(ctx, listing, must_keep=must_keep, forbid_n=forbid_n, brand=brand)
    terms, seen, have = st.terms, st.seen, st.have
    fact_terms = set(have)
    chosen_kw: list[int] = []
    if keyword_terms:
        chosen_kw = _add_keyword_terms(ctx, listing, st, fact_terms, forbid_n, max_keywords)
    # conflicts between candidate terms (the listing's own words never conflict-block each other)
    conflicts = []
    for a, b in ctx.lexicon.conflicting([t.key for t in terms]):
        ia, ib = seen.get(a), seen.get(b)
        if ia is None or ib is None:
            continue
        if terms[ia].origin in ("title", "brand") and terms[ib].origin in ("title", "brand"):
            continue
        conflicts.append((min(ia, ib), max(ia, ib)))
    # an added word that begins or ends with a one-character word of the title says it again (夏 + 夏季 reads
    # 夏夏季, 女 + 女装 女女装): the two never stand together (words of two or more characters conflict already)
    singles = [(i, t.key) for i, t in enumerate(terms) if t.origin == "title" and len(t.key) == 1 and CJK.match(t.key)]
    for j, t in enumerate(terms):
        if t.origin in ("title", "brand") or len(t.key) < 2:
            continue
        for i, ch in singles:
            if t.key.startswith(ch) or t.key.endswith(ch):
                conflicts.append((min(i, j), max(i, j)))
    # a unit naming another company's device beside a fit phrase is kept only with that phrase
    # (fit_needs): it is not fixed on its own, so the optimizer may leave it out
    # (a copy of a name the phrase holds, in a variant tail, is a repeat); a protected unit that names a device
    # the phrase does not hold (小米游戏本, 华为|小米|三星 after 适用于…) stays fixed and fixes its phrase instead
    keep_keys = {phrase_key(k) for k in must_keep}
    needs = fit_needs(terms, ctx.lexicon)
    for i, need in needs.items():
        if terms[i].fixed and (terms[i].kind == "product" or not need.repeat):
            terms[need.fit].fixed = True
        elif terms[i].key not in keep_keys:
            terms[i].fixed = False
    plat = ctx.platform
    budget = plat.limit + (1 if plat.separator == " " else 0)
    if fit_fixed:
        # a term's cost reserves a space before a Latin word, in case a Latin word ends up before it; the
        # fixed terms written in title order may need fewer (2025韩版女女卫衣 fits 16 bytes, its costs say
        # 17): a title that fits is not cut for room it has. A title that does not fit first gives way by
        # its costs, then the room its fixed terms do not need goes to other words (a render that comes
        # out a character over loses its least useful added word: explain.candidate)
        fits = plat.length(listing.title.strip()) <= plat.limit
        if fits:
            # the seller's words as written fit, so their costs' reserve is room too: else a title that fits
            # would be cut for a space it does not need (新生儿6-12个月 reserves one before the 6)
            seller = [t for t in terms if t.origin in ("title", "brand")]
            budget += max(_unused_reserve(ctx, (t for t in terms if t.fixed)), _unused_reserve(ctx, seller))
        else:
            # cut short, a lone particle or conjunction (的, 和) is worth nothing of its own: kept only where a
            # keyword needs it, it no longer ends a title (留言和, 柜机罩的); a title that fits keeps it
            for t in terms:
                if t.kind == "filler" and t.origin == "title" and len(t.key) == 1:
                    t.retain = 0.0
        _relax_fixed(ctx, terms, budget, must_keep, brand, listing.facts.product_word, needs)
        if not fits:
            # the fixed terms that stay fit by their costs; what those costs reserve and writing them in
            # title order does not need is room for other words (新款2025卫衣 has room for 时尚)
            budget += _unused_reserve(ctx, (t for t in terms if t.fixed))
    kws = ctx.keywords.keywords
    keywords = [(kws[i].value, kws[i].roots, kws[i].text) for i in coverable(ctx, chosen_kw, terms, listing)]
    return Problem(terms, keywords, budget, conflicts), st.removed


def _add_keyword_terms(
    ctx: Context, listing: Listing, st: SellerTerms, fact_terms: set[str], forbid_n: set[str], n: int
) -> list[int]:
    """Append the admissible additions to ``st.terms``: the listing's stated facts, then keyword roots.

    Returns the relevant keywords considered (the top ``n`` by value).
    """
    terms, seen, have = st.terms, st.seen, st.have
    brand_n = listing.facts.brand
    facts_text = listing.facts_text
    candidates: dict[str, str] = {}
    for pieces in stated_pieces(ctx, listing):
        for piece in pieces:
            if len(piece) >= 2 or piece.isascii() or len(pieces) == 1:
                candidates.setdefault(piece, "fact")
            fact_terms.add(piece)

    def ok(key: str, origin: str) -> bool:
        return admissible(ctx, key, origin, listing=listing, facts_text=facts_text, fact_terms=fact_terms,
                          forbid_n=forbid_n, brand_n=brand_n)

    chosen_kw = list(listing.relevant[:n])
    fixed_title = [i for i, t in enumerate(terms) if t.fixed and t.origin in ("title", "brand")]
    written = listing.terms.norm.text.replace(" ", "")

    def add(key: str, origin: str) -> None:
        prov = ctx.provides(key)
        # a root written over title words (连帽卫衣 over 连帽|卫衣) takes their place;
        # a lone character it happens to contain (款 in 新款) says nothing about where it goes
        sub_pos = [terms[seen[s]].pos for s in prov if len(s) >= 2 and s in seen and terms[seen[s]].origin == "title"]
        surface = keyword_surface(ctx, key, listing) if origin == "keyword" else key
        terms.append(
            Term(
                key,
                surface,
                ctx.cost(surface),
                "keyword" if origin == "keyword" else "attribute",
                pos=min(sub_pos) - 0.5 if sub_pos else math.inf,
                provides=prov,
            )
        )
        seen[key] = len(terms) - 1

    for key in candidates:  # the listing's own facts first
        if key in seen or key in have or key in written:
            continue  # already in the title (perhaps cut differently: 墙壁|纸 holds 壁纸)
        if ok(key, "fact"):
            add(key, "fact")
    for key in open_roots(ctx, listing, n, facts_text=facts_text, brand_n=brand_n, forbid_n=forbid_n):
        if key in candidates or key in seen or key in have:
            continue
        if ctx.lexicon.conflicts_with(key, fact_terms - {key}):
            continue
        if not attach(ctx, key, terms, seen, fixed_title, listing, ok):
            add(key, "keyword")
    return chosen_kw


def keyword_surface(ctx: Context, key: str, listing: Listing) -> str:
    """How a keyword root is written when added: as the table writes it, in the listing's script."""
    s = ctx.keywords.surface(key)
    return to_traditional(s) if listing.traditional else s


def _unused_reserve(ctx: Context, terms: Iterable[Term]) -> int:
    """What the terms' costs reserve for spaces that writing them in title order does not need."""
    if ctx.platform.separator == " ":
        return 0  # every word pays its separator, and the budget counts one more
    written = sorted(terms, key=lambda t: t.pos)
    cost = sum(t.cost for t in written)
    exact = 0
    prev: Term | None = None
    for t in written:
        exact += ctx.platform.length(t.surface)
        glued = prev is not None and t.pos == prev.pos + 1 and not t.gap  # (6.719|ct: the seller wrote them so)
        a, b = prev.surface[-1:] if prev is not None else "", t.surface[:1]
        if not glued and a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
            exact += 1  # two Latin words side by side need a space (what Context.cost reserves)
        prev = t
    return max(0, cost - exact)


def _relax_fixed(
    ctx: Context,
    terms: list[Term],
    budget: int,
    must_keep: Sequence[str],
    brand: str | None,
    core: str | None = None,
    needs: Mapping[int, FitNeed] | None = None,
) -> None:
    """Unfix automatically protected terms until the fixed ones fit; the caller's own never give way.

    The order is :data:`titleopt.units.IMPORTANCE` (models give way before product words), with one
    refinement among product units: the one holding the listing's core product word (else the first)
    gives way last, after the other product units. Giving the other product units way *before* models
    was measured and rejected (session 7, JD titles nobody tuned on: the labelled product word was lost
    in 1.5% of titles instead of 0.7%): when detection takes the wrong core word (笔记本 in an SSD's
    title), the real product is one of the others. The title's first model unit gives way with the
    other product units, not with the rest of the models: it is usually the listing's own model, the
    one its buyers search (惠普 M130NW before three product units of a printer's title). So does the
    first compatible-model unit: what an accessory fits (联想ThinkPad L380/L480, 适用惠普HP1111) is what
    its buyers search; measured on 5,000 JD titles, at least one compatible model kept 94.3 → 95.4%,
    findability 61.0 → 61.2%, every model kept 90.0 → 89.5% (session 11). A product unit that holds the
    core word again (家用相机, 照相机 beside 数码相机 when the core is 相机) only repeats what the head
    unit keeps: it gives way before the models (measured on 5,000 JD titles: 14 rewrites change, every
    model kept 89.28 → 89.74%, every compatible 62.06 → 62.27%, a product word 99.54 → 99.52%; giving
    *every* other product unit way before the models kept models 92.9% but lost the product word in
    27 more titles, where the core is wrong: 戴尔 T3630 … 显卡 without 工作站主机; session 12).
    Two guesses at what is sold outlast the models: the head, and the title's first product unit that
    does not hold the core word again (the runner-up, for when the core is wrong); any further product
    unit only names the item a third time, and gives way before the models and the compatible models
    (measured on 5,000 JD titles: 231 rewrites change, every model kept 90.42 -> 91.22%, every
    compatible 64.52 -> 67.39%, at least one 95.51 -> 96.28%, broken entities 1,291 -> 1,287, a product
    word 99.56 -> 99.54% — the two titles that lose their labelled one keep 台式机 and 一体机 — and
    findability 62.02 -> 61.38%, above both baselines; Taobao rewrites unchanged; session 17). With
    only the head before the models, every model kept 93.4% but the product word fell to 99.0%.
    A fit phrase that gives way takes the units that need it (``needs``, :func:`fit_needs`) with it:
    kept alone, they would name the other company's device as the listing's. An accessory's title
    opens with what it fits (its first unit after the brand is a compatible-model unit that starts with
    its fit phrase: 适用于15.6英寸雷神911MT, 适用华硕顽石FL8000UF); that unit is what the item is for,
    and it gives way after the other product units, just before the head (measured on 5,000 JD titles,
    with product detection no longer taking the device the list runs into for the product, see
    :func:`titleopt.product.detect`, and a fit phrase's name read after the device's size: 83 rewrites
    change, every compatible kept 62.97 -> 64.31%, at least one 93.76 -> 95.30%, a product word 99.58 ->
    99.54%, findability 62.46 -> 62.05%; in the same tier as the other product units, the longest given
    way first, it was dropped whole and a sticker no longer said which laptop it fits; ranked so for any
    title whose first compatible unit starts with its phrase, a phone case's mid-title list
    适用于xr7plusnova5r17x outranked 手机壳; session 15).
    """
    fixed = [i for i, t in enumerate(terms) if t.fixed]
    cost = sum(terms[i].cost for i in fixed)
    if cost <= budget:
        return
    user = {phrase_key(k) for k in must_keep}
    if brand:
        user.add(phrase_key(brand))
    # automatically protected terms give way first, the least important kind first (models before the
    # product word before the brand: titleopt.units.IMPORTANCE), the longest first within a kind
    products = [i for i in fixed if terms[i].kind == "product"]
    # the unit that stays a product word: the one holding the core word, whatever kind the unit reader
    # gave it (数据线 joined to the unknown word after it is a "word" unit), else the first product unit
    head = next((i for i in fixed if core and core in terms[i].key and terms[i].kind not in ("brand", "model")),
                min(products, default=None, key=lambda i: terms[i].pos))

    # the title's first model and first compatible-model unit give way with the other product units
    firsts = {min(group, key=lambda i: terms[i].pos)
              for kind in ("model", "compat") if (group := [i for i in fixed if terms[i].kind == kind])}

    # an accessory's title opens with what it fits (适用于15.6英寸雷神911MT …贴膜): that unit gives way
    # after the other product units, just before the head
    lead = min((i for i in fixed if terms[i].kind not in BEFORE_BRAND | {"brand"}), default=None,
               key=lambda i: terms[i].pos)
    phrases = tuple(ctx.lexicon.compat_phrases)
    opens = lead is not None and (terms[lead].text or terms[lead].key).startswith(phrases)
    if not opens or terms[lead].kind != "compat":
        lead = None

    def repeats_core(i: int) -> bool:
        return bool(core) and core in terms[i].key

    # the second guess at what is sold, should the core word be wrong: the title's first product unit
    # that does not hold the core word again
    runner_up = min((i for i in products if i != head and not repeats_core(i)), default=None,
                    key=lambda i: terms[i].pos)

    def tier(i: int) -> float:
        if i == head:
            return max(kind_weight(terms[i].kind), kind_weight("product"))
        if terms[i].kind == "product" and repeats_core(i):
            return (kind_weight("model") + kind_weight("compat")) / 2  # repeats the head unit's product word
        if i == lead:
            return (kind_weight("product") * 3 + kind_weight("model")) / 4
        if i == runner_up or i in firsts:
            return (kind_weight("product") + kind_weight("model")) / 2
        if terms[i].kind == "product":
            return kind_weight("compat") - 0.5
        return kind_weight(terms[i].kind)

    for i in sorted(fixed, key=lambda i: (terms[i].key in user, tier(i), -terms[i].cost)):
        if sum(t.cost for t in terms if t.fixed) <= budget:
            return
        if terms[i].key not in user:
            terms[i].fixed = False
            for d, n in (needs or {}).items():
                if n.fit == i and terms[d].key not in user:
                    terms[d].fixed = False
    need = sum(t.cost for t in terms if t.fixed)
    if need > budget:
        plat = ctx.platform
        raise InputError(
            f"the must-keep terms alone need {need} {plat.unit}, "
            f"over the {plat.name} limit of {plat.limit} by {need - budget}"
        )


def coverable(ctx: Context, chosen_kw: list[int], terms: list[Term], listing: Listing) -> list[int]:
    """The keywords of ``chosen_kw`` whose roots the terms can all provide, in order.

    :class:`~titleopt.rewrite.Problem` would drop the others anyway; found
    through a root index of the listing's relevant keywords (cached per
    product) instead of checking all of them. A short list (most products
    of a real table have a handful of relevant keywords) is checked directly.
    """
    if not chosen_kw:
        return []
    provided: set[str] = set()
    for t in terms:
        provided |= t.provides
    kws = ctx.keywords.keywords
    if len(chosen_kw) <= DIRECT_COVERABLE:
        # (a keyword reached through the index has a root: hence the ``roots and``)
        return [i for i in chosen_kw if (roots := kws[i].roots) and all(r in provided for r in roots)]

    def index(key) -> dict[str, list[int]]:
        by_root: dict[str, list[int]] = {}
        for j, i in enumerate(chosen_kw):
            for r in set(kws[i].roots):
                by_root.setdefault(r, []).append(j)
        return by_root

    by_root = ctx.keywords_by_root.get((listing.anchors, len(chosen_kw)), index)
    hits: set[int] = set()
    for r in provided:
        hits.update(by_root.get(r, ()))
    return [chosen_kw[j] for j in sorted(hits) if all(r in provided for r in kws[chosen_kw[j]].roots)]


def attach(ctx: Context, key, terms, seen, fixed_title, listing, ok) -> bool:
    """A root that extends a fixed title word (连帽卫衣 over 卫衣) becomes the missing part,
    written against that word, so the product word is kept and not written twice."""
    for i in fixed_title:
        base = terms[i].key
        if len(base) < 2 or base not in key or base == key:
            continue
        prefix, _, suffix = key.partition(base)
        if bool(prefix) == bool(suffix):
            continue
        part = prefix or suffix
        if not ok(part, "keyword"):  # (the caller checked ``key`` itself)
            return False
        where = "before" if prefix else "after"
        j = seen.get(part)
        if j is not None and terms[j].origin in ("title", "brand"):
            return False
        if j is None:
            surface = keyword_surface(ctx, part, listing)
            terms.append(Term(part, surface, ctx.cost(surface), "keyword", provides=ctx.provides(part)))
            j = seen[part] = len(terms) - 1
        t = terms[j]
        t.provides = t.provides | {key}
        t.attach = (i, where)
        return True
    return False


def fragility(ctx: Context, tt: TitleTerms, p: int) -> float:
    """How much dropping token ``p`` would damage the words around it (1 = a word of its own).

    When a title must shrink, whole words should go before pieces of names:
    a word jieba does not know (a coined name) weighs triple, and so does
    any lone letter or Chinese character — glued to a neighbour it is
    part of a name (宾格|瑞, jack n jill); standing alone it is a
    one-character attribute (男, 夏) that costs little room to keep.
    """
    tok = tt.tokens[p]
    if len(tok) == 1:
        return 3.0 if tok.isalpha() else 1.0  # (str.isalpha() is true of Chinese characters)
    return 3.0 if ctx.unknown_word(tok) else 1.0


def in_compound(ctx: Context, tt: TitleTerms, p: int) -> bool:
    """Chinese token ``p`` is glued to a one-character Chinese non-attribute token: a word jieba split."""
    if not CJK.match(tt.tokens[p]):
        return False
    return any(len(o) == 1 and CJK.match(o) and not ctx.lexicon.is_factual(o) for o in tt.glued_neighbours(p))


#: Kinds of unit that say something about the word written after them rather than name a thing.
MODIFIER_KINDS = frozenset(
    {"function", "negation", "material", "attribute", "scene", "audience", "style", "service", "promo",
     "filler"}
)


def dangling_end(terms: Sequence[Term], chosen: frozenset[int]) -> list[int]:
    """The title's last kept unit, when it is a modifier cut from the word it was written against.

    A Chinese phrase ends with its head: a modifier glued to the unit after it (官方|标配,
    全屏|覆盖) says something about that word, and when the rewrite keeps it last without that
    word, the title ends on a fragment (…投影机 官方). Checked on a solution (the rewrite solves
    again without it, :func:`titleopt.rewrite.solve_rejecting`); a unit ending in a product-head
    character (冰沙机, 刀架) is a head itself, an unknown word may be a name (铃木|代用), and a fixed
    unit stays. A function word kept last without the word before it (好吃|的 → 整箱的) dangles too.
    """
    title = [i for i in chosen if terms[i].origin == "title" and terms[i].pos != math.inf]
    if not title:
        return []
    last = max(title, key=lambda i: terms[i].pos)
    t = terms[last]
    text = t.text or t.key
    if t.kind == "filler" and not t.fixed and not t.gap:
        # a function word closes the word before it (好吃|的): without that word it says nothing
        before = [j for j, u in enumerate(terms) if u.origin == "title" and u.pos < t.pos]
        if before and max(before, key=lambda j: terms[j].pos) not in chosen:
            return [last]
    if t.fixed or t.kind not in MODIFIER_KINDS or not CJK.match(text[-1:]) or text[-1] in HEAD_CHARS:
        return []
    after = [j for j, u in enumerate(terms) if u.origin == "title" and t.pos < u.pos != math.inf]
    if not after:
        return []
    nxt = min(after, key=lambda j: terms[j].pos)
    glued = not terms[nxt].gap and CJK.match((terms[nxt].text or terms[nxt].key)[:1])
    return [last] if glued and nxt not in chosen else []


#: Kinds of one-character unit that say nothing without a word written against them: a character no
#: list knows, a style or scene character, a function word (not a product word, a name, a size, nor a
#: colour, a buyer, a material or an attribute: 鞋, 黑 of 经典黑, 男, 棉 say what they say alone).
PIECE_KINDS = frozenset({"word", "style", "scene", "function", "filler", "promo", "service"})


def lone_pieces(terms: Sequence[Term], chosen: frozenset[int]) -> list[int]:
    """Kept one-character units that say nothing alone, written against words that are all left out.

    The unit reader gives a character jieba could not place to the word it was
    cut from; one it could not give to either side stays a unit of its own
    (``各`` of ``白色/各2本``, ``个`` of ``1路(个)``). It says something only with a
    word the seller wrote against it (nothing between them): kept with neither, it
    reads as debris (``…环扣式 各``, ``…硬盘个``); so does a Chinese numeral without
    what it counts (``…2芯三延长``), and a bare number without the words it was
    glued to (``…保护膜4 ABCD面`` of ``纯色套装4``; set apart by spaces on both sides
    it stands as the seller wrote it). A solver that fills the last bytes
    of the budget reaches for exactly these. Checked on a solution, as
    :func:`dangling_end`; a fixed unit stays.
    """
    # every word written in the title, in its order (a brand the seller wrote too; the pieces of one unit,
    # split by a removed or a must-keep word, share a position and stand in their order)
    written = sorted((i for i in range(len(terms)) if terms[i].pos != math.inf), key=lambda i: (terms[i].pos, i))
    out: list[int] = []
    for k, i in enumerate(written):
        t = terms[i]
        text = t.text or t.key
        if i not in chosen or t.origin != "title" or t.fixed:
            continue
        char = (t.kind in PIECE_KINDS or (t.kind == "spec" and text in NUMERALS)) and len(text) == 1 and bool(
            CJK.match(text)
        )  # (三 of 三|钢丝: a count)
        number = t.kind == "spec" and NUMBER.match(text) is not None
        if not (char or number):
            continue
        # the neighbours written against it: nothing between them (no gap) and no word dropped between
        touching = []
        if k > 0 and not t.gap and terms[written[k - 1]].pos >= t.pos - 1:
            touching.append(written[k - 1])
        if k + 1 < len(written) and not terms[written[k + 1]].gap and terms[written[k + 1]].pos <= t.pos + 1:
            touching.append(written[k + 1])
        # (a bare number set apart by spaces stands alone as the seller wrote it: 尺码 38)
        if not any(j in chosen for j in touching) and (char or touching):
            out.append(i)
    return out


class FitNeed(NamedTuple):
    """What a title term that names another company's device needs (:func:`fit_needs`)."""

    fit: int  #: the term holding the fit phrase
    repeat: bool  #: the term writes again a name the phrase holds (a variant tail's copy of the device)


def fit_needs(terms: Sequence[Term], lexicon) -> dict[int, FitNeed]:
    """Title terms that name another company's device only beside their fit phrase: term -> what it needs.

    A title that says what it fits (``适用于15.6英寸惠普战66``) often writes the
    device again without the phrase, in its variant tail (``14英寸惠普PROBOOK``), or
    in a product unit (``小米游戏本`` after ``适用小米Ruby``). A rewrite that keeps
    that copy and drops the phrase names the other company as if the item were
    theirs (issue 16: 适用 never leaves another brand's name). The phrase's term is
    the title term holding a fit word (``compat_phrases.txt``), whatever kind the
    unit reader gave it (``适用于15英寸`` is a spec); the names it says the item fits
    are the names in it or, when it holds none (``适用``, ``适用于15英寸``), in the term
    written right after it (``适用 联想拯救者``), which then needs it too.
    A later term that writes no fit word of its own (nor a suffix such as 专用) and
    holds one of those names needs the phrase's term: a compat or model unit by any
    name (``msi``, ``机械师``, listed or not), any other unit by a listed brand; so
    does a later term holding any listed brand but the listing's own (a variant tail's
    ``OPPO R15`` after ``适用于xr…``).
    """
    phrases = lexicon.one_word_fits
    fit_words = (*phrases, *lexicon.compat_suffixes)

    def names_of(t: Term) -> set[str]:
        # the names in a unit: its words of two or more characters with no digit (华为, msi, 微星, 机械师), not
        # the phrase itself nor a model suffix (pro, plus), whether or not a brand list knows them
        return {
            tok for tok, _ in t.tokens_at()[1]
            if len(tok) >= 2 and not any(c.isdigit() for c in tok) and tok not in MODEL_SUFFIXES
            and not any(tok in p for p in phrases)
        }

    def canon(word: str) -> str:
        return lexicon.brand_of(word) or word

    title = sorted((t.pos, i) for i, t in enumerate(terms) if t.origin == "title")
    fits: list[tuple[float, int, set[str]]] = []
    after: dict[int, int] = {}  # the term right after a fit phrase's term -> that term
    for k, (pos, i) in enumerate(title):
        t = terms[i]
        if t.kind == "brand" or not any(p in (t.text or t.key) for p in phrases):
            continue
        named = names_of(t)
        if not named and k + 1 < len(title):
            # the phrase alone (适用, 适用于15英寸): it names what the next term holds
            named = names_of(terms[title[k + 1][1]])
            after[title[k + 1][1]] = i
        fits.append((pos, i, {canon(w) for w in named}))
    needs: dict[int, FitNeed] = {}
    if not fits:
        return needs
    fit_terms = {i for _, i, _ in fits}
    own = {canon(t.key) for t in terms if t.origin == "brand" or t.kind == "brand"}
    for pos, i in title:
        t = terms[i]
        if i in fit_terms or t.kind == "brand" or any(p in (t.text or t.key) for p in fit_words):
            continue
        written = names_of(t)
        mine = written if t.kind in ("compat", "model") else {w for w in written if lexicon.brand_of(w) is not None}
        if i in after and (mine or (written and t.kind == "word")):
            # the name a bare phrase opens (适用 联想拯救者, 适用于15英寸|神舟…笔记本电脑), listed or not when
            # it is a word no list knows (适用于 群晖 Synology: without 适用于 the charger reads as Synology's)
            needs[i] = FitNeed(after[i], False)
            continue
        # after a fit phrase, any other company's listed brand names a device it fits (OPPO R15 in the tail)
        others = {lexicon.brand_of(w) for w in mine} - own - {None}
        mine = {canon(w) for w in mine}
        fit = next(((j, named) for at, j, named in reversed(fits) if at < pos and (mine & named or others)), None)
        if fit is not None:
            needs[i] = FitNeed(fit[0], bool(mine & fit[1]))
    return needs


def bare_phrases(terms: Sequence[Term], lexicon) -> dict[int, int]:
    """Title terms that are nothing but a fit phrase (``适用``, ``适用于``) -> the term written after them (-1: none).

    Such a term names what follows it (``适用 联想拯救者``); kept without that
    term it says nothing, or names whatever the rewrite kept next (``…650A适用商用``:
    the bracket of printers it fits was dropped). Checked on a solution, as
    :func:`dangling_end`: kept without the term it names, and needed by no kept
    term (:func:`fit_needs`: 适用于 雅黑… 华为荣耀7i keeps its phrase for the phones), it goes.
    """
    phrases = lexicon.one_word_fits
    title = sorted((t.pos, i) for i, t in enumerate(terms) if t.origin == "title" and t.pos != math.inf)
    out: dict[int, int] = {}
    for k, (_, i) in enumerate(title):
        t = terms[i]
        if (t.text or t.key).replace(" ", "") in phrases:
            out[i] = title[k + 1][1] if k + 1 < len(title) else -1
    return out
