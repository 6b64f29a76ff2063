"""TO4xx: what the title says about the item - conflicts, other brands, product word, year."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..lexicon import TOGETHER_MARKS, Hit, TermIndex, leftmost_longest
from ..models import Finding
from ..normalize import normalize_term
from .base import Edit, Rule, RuleContext, register


def _conflict_hits(ctx: RuleContext) -> list[Hit]:
    """Occurrences of conflict-set members; one-character members only as whole tokens."""
    out = []
    for h in ctx.hits_of("conflict"):
        if h.end - h.start == 1:
            if not ctx.is_whole_token(h.start, h.end):
                continue
        elif ctx.straddles(h.start, h.end):
            continue
        out.append(h)
    # longer words win: 男女同款 is one term, not 男 and 女
    return leftmost_longest(out + [h for h in ctx.hits_of("escape") if h.end - h.start > 1])


@register
class ConflictingAttributes(Rule):
    """Attribute values that exclude each other (长袖 with 短袖, 男 with 女, 加厚 with 薄款).

    What: two values from different sides of a set in
    ``dictionaries/conflicts.txt``. A set's escape words make the pair fine:
    男 and 女 with 男女同款, 情侣款 or 中性; 夏季 and 冬季 with 四季. The
    one-character values 男 and 女 count only as whole words (男友风 is not 男).
    Audience values written together (男士女士, 男/女, 成人儿童) name everyone
    the item is for, not two claims.

    Why: one item cannot be both; either the title misdescribes it (a false
    or misleading description: Advertising Law of the PRC art. 4 and 28(2))
    or it stuffs another variant's search words, which platforms demote.
    Source: Advertising Law art. 4, 28; Taobao rules on 描述不符 (description
    not matching the item) and keyword stuffing.

    Example: ``纯棉长袖T恤 短袖`` -> TO401 (短袖 conflicts with 长袖). Fix: none
    automatic - remove the wrong one, or say the listing offers both
    (长短袖可选) if it does.
    """

    code = "TO401"
    name = "conflicting-attributes"
    severity = "warning"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if len(ctx.hits_of("conflict")) < 2:
            return  # a conflict needs two values
        hits = [h for h in _conflict_hits(ctx) if "conflict" in h.kinds]
        if len(hits) < 2:
            return
        pairs = [
            p for p in ctx.lexicon.conflicting([h.term for h in hits], context=ctx.text)
            if not _for_both(ctx, hits, *p)
        ]
        first: dict[str, Hit] = {}
        for h in hits:
            first.setdefault(h.term, h)
        for a, b in pairs:
            hb = first[b]
            start, end = ctx.span(hb.start, hb.end)
            group = ctx.lexicon.group_of(a) or ctx.lexicon.group_of(b)
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' conflicts with '{a}'"
                f"{f' ({group})' if group else ''}: one item cannot be both",
                (start, end),
            )


def _for_both(ctx: RuleContext, hits: list[Hit], a: str, b: str) -> bool:
    """Audience values side by side (男士女士, 男/女): the item is for both, as the unit reader reads them.

    A pen 男士女士 or a bag 男/女 is sold to men and women, like 男女同款; a
    space apart (卫衣男 女) the title still names one and then the other.
    """
    if not (ctx.lexicon.is_audience(a) and ctx.lexicon.is_audience(b)):
        return False
    for x in hits:
        for y in hits:
            gap = ctx.text[x.end : y.start]
            if {x.term, y.term} == {a, b} and x.end <= y.start and (gap == "" or gap in TOGETHER_MARKS):
                return True
    return False


_FILLER_PIECE = re.compile(r"[a-z0-9]+|\S")
_FILLER_PUNCT = frozenset("/、,，+&|.·-()（）")
#: Latin words that may stand in a list of fitted models (for iPhone 15 Pro Max / Samsung).
MODEL_WORDS = frozenset("pro max plus mini ultra lite se air note and or series gen".split())


def _is_filler(gap: str) -> bool:
    """Only separators, model numbers and model words (pro, max...) - no other words."""
    for piece in _FILLER_PIECE.findall(gap):
        if piece in _FILLER_PUNCT or piece in MODEL_WORDS or any(c.isdigit() for c in piece):
            continue
        return False
    return True


# Keyed by the caller's set of competitor brands (usually one per run): built once per set, not per title.
@functools.lru_cache(maxsize=4096)
def _competitor_index(terms: tuple[str, ...]) -> TermIndex:
    return TermIndex({"competitor": terms})


def _in_compat_context(ctx: RuleContext, h: Hit, brandish: list[Hit]) -> bool:
    """A compat phrase stands before the brand (适用于 X) or after it (X 专用), with only filler between."""
    text = ctx.text

    def filler(a: int, b: int) -> bool:
        if a > b:
            return False
        gap = list(text[a:b])
        for o in brandish:
            if a <= o.start and o.end <= b:
                for i in range(o.start - a, o.end - a):
                    gap[i] = " "
        return _is_filler("".join(gap))

    for c in ctx.hits_of("compat"):
        if c.end <= h.start and filler(c.end, h.start):
            return True
    for c in ctx.hits_of("compat_suffix"):
        if c.start >= h.end and filler(h.end, c.start):
            return True
    return False


@register
class OtherBrand(Rule):
    """Another company's brand in the title (brand hijacking).

    What: runs only when the listing's own ``brand`` or ``competitor_brands``
    are given. Reports a known brand (``dictionaries/brands.txt``) other than
    the listing's own brand and its aliases (Nike = 耐克), and any of the
    given competitor brands. A brand named after a compatibility phrase
    (适用于iPhone, for Samsung) or before one (华为专用) says what the item
    fits and is allowed. Ambiguous aliases (苹果, 小米: also food) count only
    when passed as competitor brands.

    Why: using another's registered mark on the same kind of goods infringes
    it, and platforms remove listings that borrow famous brands to catch their
    searches. Source: Trademark Law of the PRC art. 57 and art. 59 (fair
    descriptive use); Anti-Unfair Competition Law art. 6; Taobao rules on
    滥用关键词 (keyword abuse).

    Example (brand="南极人"): ``南极人 耐克同款运动T恤`` -> TO402 on 耐克. Fix
    (unsafe): delete the brand -> ``南极人 同款运动T恤``; for accessories
    write 适用于耐克 instead.
    """

    code = "TO402"
    name = "other-brand"
    severity = "error"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if not ctx.brand and not ctx.competitor_brands:
            return
        lex = ctx.lexicon
        own = lex.aliases_of(ctx.brand) if ctx.brand else frozenset()
        competitors: set[str] = set()
        for name in ctx.competitor_brands:
            competitors |= lex.aliases_of(name)
        competitors -= own
        found: list[Hit] = []
        if ctx.brand:
            found += [h for h in ctx.hits_of("brand") if h.term not in own]
        if competitors:
            found += _competitor_index(tuple(sorted(competitors))).find_all(ctx.text)
        if not found:
            return
        brandish = found + ctx.hits_of("ambiguous_brand") + [h for h in ctx.hits_of("brand")]
        for h in leftmost_longest(found):
            if any(o.start <= h.start and h.end <= o.end and o.term in own for o in ctx.hits_of("brand")):
                continue
            if _in_compat_context(ctx, h, brandish):
                continue
            start, end = ctx.span(h.start, h.end)
            owner = lex.brand_of(h.term)
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' is another company's brand"
                f"{f' ({owner})' if owner and normalize_term(owner) != h.term else ''}: using it can "
                "infringe its trademark; for accessories write 适用于/for + brand",
                (start, end),
                [ctx.delete(start, end)],
            )


@register
class ProductWordMissing(Rule):
    """No core product word: the title never says what the item is.

    What: none of the product nouns in ``dictionaries/product_words.txt``
    (连衣裙, T恤, 手机壳, 保温杯, phone case...) appears in the title, and
    neither does the listing's ``category`` when one is given. One-character
    nouns (鞋, 包) count only as whole words. Extend the list with your
    niche's nouns, or pass the category, when this fires on a real title.

    Why: buyers search for the thing they want; a title without the product
    word is found only by its attributes and ranks poorly; studies of Taobao
    short titles show the product word is what must survive. Source: Taobao
    search practice (标题必须包含核心产品词, seller convention); Wang et al.,
    AAAI 2018 (product word kept in 93-98 % of good short titles).

    Example: ``2026新款夏季纯棉宽松显瘦`` -> TO403. Fix: none automatic - add
    the product word (``2026新款夏季纯棉宽松显瘦连衣裙``).
    """

    code = "TO403"
    name = "product-word-missing"
    severity = "warning"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for h in ctx.hits_of("product"):
            if h.end - h.start > 1 or ctx.is_whole_token(h.start, h.end):
                return
        if ctx.category:
            cat = normalize_term(ctx.category)
            if cat and cat in ctx.text:
                return
            for h in ctx.lexicon.scan(cat):
                if "product" in h.kinds and h.term in ctx.text:
                    return
        yield self.finding(
            ctx,
            "no product word: the title never says what the item is"
            + (f" (category '{ctx.category}' not found either)" if ctx.category else ""),
        )


#: A year, not glued to a code before it nor after its letters and a hyphen (ab1997, KM-1997 are model codes).
_YEAR = re.compile(r"(?<![0-9a-z.])(?<![a-z]-)((?:19|20)\d\d)(?![0-9])")
_YEAR_CONTEXT = re.compile(r"\s*(?:年|款|新款|新品|春|夏|秋|冬|早春|早秋|季|版|最新|上新)")
_STANDALONE_AFTER = re.compile(r"(?![a-z%])(?:\s*$|\s|[^\w\s])")
#: A number followed by one of these is a quantity, not a year (2000 mah, 2010 w).
_UNIT_AFTER = re.compile(
    r"\s*(?:mah|ah|ml|l|w|kw|v|g|kg|mg|mm|cm|m|km|pcs|pc|mb|gb|tb|mhz|ghz|hz|lm|rpm|dpi|pa|"
    r"元|块|毫安|瓦|克|千克|斤|毫升|升|米|厘米|毫米|件|个|只|张|片|粒|包|支|本|套|条|双|次|转|度)(?![a-z])"
)
_SINCE = ("始于", "创于", "创立于", "成立于", "since", "est", "est.", "founded", "founded in")


@register
class StaleYear(Rule):
    """Stale year: a year older than last year (2023新款 in 2026).

    What: a four-digit year before ``today.year - 1`` (judged against the
    injectable clock ``today``) followed by 年, 款, 新款, 新品, a season or
    版, or standing alone as a word (``Calendar 2021``). Years after 始于,
    成立于 or "since" (a brand's founding) and numbers followed by a unit
    (2000mah, 2000 mAh, 2010元) are not reported. Years before 1990 are not
    read as years (1688 is a marketplace).

    Why: "2023新款" two years later tells buyers the stock is old and is
    misleading if the item is in fact current; titles copied from old
    listings carry such years forward. Source: Advertising Law of the PRC
    art. 8 (what an advert states about a product's performance, quality,
    validity period and the like must be accurate, clear and plain; the
    article names no production date, a model year is read as such a
    statement) and art. 28(2); Taobao seller convention of updating 年份款.

    Example (today 2026-06-01): ``2023新款纯棉T恤`` -> TO404. Fix (unsafe: the
    year is a claim only the seller can update): delete the year (and a
    following 年 or 款) -> ``新款纯棉T恤``.
    """

    code = "TO404"
    name = "stale-year"
    severity = "warning"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        text = ctx.text
        if "19" not in text and "20" not in text:
            return  # no year can be written without them
        last_ok = ctx.today.year - 1
        for m in _YEAR.finditer(text):
            year = int(m.group(1))
            if year >= last_ok or year < 1990:
                continue
            before = text[max(0, m.start() - 8) : m.start()].rstrip()
            if before.endswith(_SINCE):
                continue
            ctx_match = _YEAR_CONTEXT.match(text, m.end())
            if ctx_match is None and (
                _STANDALONE_AFTER.match(text, m.end()) is None or _UNIT_AFTER.match(text, m.end())
            ):
                continue
            start, end = ctx.span(m.start(), m.end())
            del_end = m.end()
            if ctx_match is not None and ctx_match.group().strip() in ("年", "款"):
                del_end = ctx_match.end()
            edit: Edit = ctx.delete(start, ctx.span(m.start(), del_end)[1])
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' is more than a year old (today is {ctx.today.isoformat()}): "
                "buyers read it as old stock",
                (start, end),
                [edit],
            )
