"""TO2xx: claims the Advertising Law restricts - absolute terms, unproven rankings, false promises.

All four rules share one analysis of the lexicon hits (:func:`claims`), so the
judgments are consistent: a ranking claim (销量第一) is reported once, as
needing evidence, not also as an absolute term; an allow-listed word (最近,
第一次, 100%纯棉) covers the claim word inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ..lexicon import Hit, leftmost_longest
from ..models import Finding
from .base import Rule, RuleContext, register
from .policy import cite


class Claims(NamedTuple):
    absolute: list[Hit]
    """Absolute terms to report as errors (TO201)."""
    self_comparison: list[tuple[Hit, Hit]]
    """(absolute hit, covering info-level allow hit) pairs (TO204)."""
    evidence: list[Hit]
    promises: list[Hit]


def _covered(h: Hit, by: Iterable[Hit]) -> Hit | None:
    for c in by:
        if c.start <= h.start and h.end <= c.end:
            return c
    return None


def _merged(ctx: RuleContext, hits: list[Hit]) -> list[Hit]:
    """Overlapping phrases of one list as one claim: 销量第一 + 第一名 -> 销量第一名."""
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and h.start < out[-1].end:
            last = out[-1]
            if h.end > last.end:
                out[-1] = Hit(last.start, h.end, ctx.text[last.start : h.end], last.kinds | h.kinds)
            continue
        out.append(h)
    return out


def claims(ctx: RuleContext) -> Claims:
    """The claim analysis of one title, computed once and cached on the context."""
    cached = ctx.cache.get("claims")
    if cached is not None:
        return cached  # type: ignore[return-value]
    if not (ctx.hits_of("absolute") or ctx.hits_of("evidence") or ctx.hits_of("promise")):
        # No claim word at all, as in most titles: nothing to weigh against the allow-list.
        ctx.cache["claims"] = result = Claims([], [], [], [])
        return result
    lex = ctx.lexicon
    allow = ctx.hits_of("allow")
    ok = [h for h in allow if lex.allow[h.term].level == "ok"]
    info = [h for h in allow if lex.allow[h.term].level == "info"]
    evidence = _merged(ctx, [h for h in ctx.hits_of("evidence") if not _covered(h, ok)])
    promises = _merged(ctx, [h for h in ctx.hits_of("promise") if not _covered(h, ok)])
    candidates = []
    for h in ctx.hits_of("absolute"):
        if h.end - h.start == 1:
            # A one-character term (最) counts only where a word starts with it:
            # 最舒适 yes; the 最 of 最近 is judged by the allow-list.
            if h.start not in ctx.token_starts:
                continue
        elif ctx.straddles(h.start, h.end):
            continue
        candidates.append(h)
    absolute: list[Hit] = []
    self_comparison: list[tuple[Hit, Hit]] = []
    for h in leftmost_longest(candidates):
        if _covered(h, ok) or _covered(h, evidence) or _covered(h, promises):
            continue
        cover = _covered(h, info)
        if cover is not None:
            self_comparison.append((h, cover))
        else:
            absolute.append(h)
    result = Claims(absolute, self_comparison, evidence, promises)
    ctx.cache["claims"] = result
    return result


def _word(ctx: RuleContext, h: Hit) -> str:
    start, end = ctx.span(h.start, h.end)
    return ctx.title[start:end]


def _extent(ctx: RuleContext, h: Hit) -> tuple[int, int]:
    """For 最 the claim is the whole word it starts (最舒适); otherwise the hit itself."""
    if h.end - h.start == 1:
        tok = ctx.token_at(h.start)
        if tok is not None and tok.start == h.start:
            return tok.start, tok.end
    return h.start, h.end


@register
class AbsoluteTerm(Rule):
    """Absolute term (绝对化用语) such as 最好, 第一, 国家级, 顶级, 极品, 全网最低.

    What: a word from ``dictionaries/absolute_terms.txt`` claiming to be the
    best, first, only or highest. Matching is token-aware: the single
    character 最 counts only where a word starts with it (最舒适, 最好), and a
    longer term that starts inside one word and ends inside the next
    (山|顶级|别) is not a match. Words judged in ``absolute_allow.txt`` are
    exempt: 最近 (recently), 第一次 (the first time), 最后 (last), 万能表 (a
    multimeter) are not claims; 最新款 and 最新 are reported by TO204 as info
    instead. A ranking inside a sales claim (销量第一) is reported by TO202.

    Why: adverts must not use "国家级", "最高级", "最佳" and similar terms, and
    a marketplace title is an advert; fines start at 200,000 yuan and
    platforms delist. Source: Advertising Law of the PRC art. 9(3) and art.
    57(1); 工商广字〔1997〕第207号 (极品) and 第225号 (第一品牌); SAMR
    《广告绝对化用语执法指南》 (公告2023年第6号), which says context decides.
    On marketplaces outside China the message cites the platform's own
    policy instead (Amazon's product detail page rules, eBay's search
    manipulation policy; ``dictionaries/platform_policies.tsv``).

    Example: ``最好的纯棉T恤 第一品牌`` -> TO201 on 最好 and on 第一品牌. Fix
    (unsafe: it changes what the title claims): delete the terms ->
    ``的纯棉T恤``; better, rewrite the phrase by hand.
    """

    code = "TO201"
    name = "absolute-term"
    severity = "error"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for h in claims(ctx).absolute:
            start, end = ctx.span(h.start, h.end)
            word = ctx.title[start:end]
            shown = ctx.title[slice(*ctx.span(*_extent(ctx, h)))]
            what = f"'{word}' is an absolute term" if shown == word else f"'{shown}' uses the absolute term '{word}'"
            china = "banned in adverts by Advertising Law art. 9(3)"
            why = cite(ctx.platform, "claims", china)
            yield self.finding(
                ctx,
                f"{what} (绝对化用语): {why}" if why == china else f"{what}: {why}",
                (start, end),
                [ctx.delete(start, end)],
            )


@register
class EvidenceClaim(Rule):
    """Ranking or sales claim that needs a source and period (销量第一, 全网销量冠军, 销冠).

    What: a phrase from ``dictionaries/evidence_claims.txt`` - a ranking,
    sales figure, market share or award - that is lawful only when true and
    stated with its source and period, which a title has no room for.

    Why: data and rankings in adverts must be true and state their source and
    period; invented sales or rankings are false advertising. Source:
    Advertising Law of the PRC art. 11 and art. 28(2)(3); SAMR
    《广告绝对化用语执法指南》 (公告2023年第6号) accepts sales and
    market-share statements only as facts under stated time and area limits.
    Outside China: the platform's policy (``dictionaries/platform_policies.tsv``).

    Example: ``全网销量冠军 纯棉T恤`` -> TO202 (warning: "needs source and
    period"). Fix (unsafe): delete the phrase -> ``纯棉T恤``, or keep it and
    hold the evidence (e.g. a platform ranking with its date).
    """

    code = "TO202"
    name = "evidence-claim"
    severity = "warning"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for h in claims(ctx).evidence:
            start, end = ctx.span(h.start, h.end)
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' is a ranking/sales claim: it needs a source and period "
                f"and must be provable ({cite(ctx.platform, 'evidence', 'Advertising Law art. 11, 28')})",
                (start, end),
                [ctx.delete(start, end)],
            )


@register
class FalsePromise(Rule):
    """Promise no product can keep, or a health claim ordinary goods may not make (100%, 永久, 根治).

    What: a phrase from ``dictionaries/false_promises.txt``: guarantees
    (100%有效, 永不褪色, 零风险, 无副作用) and treatment or cure claims (根治,
    包治, 抗癌). Fibre-content labels such as 100%纯棉 are allow-listed facts.

    Why: adverts must not be false or misleading (art. 4); no advert other
    than for medical treatment, drugs or medical devices may refer to a
    disease-treating function or use medical terms (art. 17); adverts for
    medical treatment, drugs and medical devices (art. 16) and for health
    foods (art. 18) may not assert or guarantee efficacy or safety; promised
    performance or invented effects that do not match reality are false
    advertising (art. 28(2)(4)). Source: Advertising Law of the PRC art. 4,
    16, 17, 18 and 28; outside China, the platform's policy
    (``dictionaries/platform_policies.tsv``: Amazon's prohibited product
    claims, help 202024200). Efficacy boasts (特效, 奇效, 速效, 神效) are here:
    a product name such as 特效灯 (a stage-effects lamp) is allow-listed.

    Example: ``祛痘面膜 根治痘痘 100%有效`` -> TO203 on 根治 and 100%有效.
    Fix (unsafe): delete the phrase -> ``祛痘面膜 痘痘``; rewrite by hand.
    """

    code = "TO203"
    name = "false-promise"
    severity = "error"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for h in claims(ctx).promises:
            start, end = ctx.span(h.start, h.end)
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' promises what no product can guarantee or makes a health "
                f"claim ({cite(ctx.platform, 'promise', 'Advertising Law art. 4, 17, 28')})",
                (start, end),
                [ctx.delete(start, end)],
            )


@register
class SelfComparison(Rule):
    """Superlative that is lawful only as a true self-comparison (最新款, 最新, 首发, 首选).

    What: a word that contains an absolute term but is judged in
    ``dictionaries/absolute_allow.txt`` at level ``info``: 最新款 ("latest
    model") of the seller's own line, 首发 (first release) of one's own
    product, 首选 (first choice) as a gift tip, 独家 with a real exclusive
    licence. Reported as info so the seller confirms it is true; titleopt's
    optimizer never adds these words.

    Why: the ban on absolute terms does not apply to true comparisons within
    the advertiser's own brand, consumption tips or objective order in time,
    but does apply when the word claims superiority over others. Source:
    Advertising Law of the PRC art. 9(3); SAMR 《广告绝对化用语执法指南》
    (公告2023年第6号), which lists these exceptions.

    Example: ``2026最新款连衣裙`` -> TO204 (info) on 最新款, while ``最近`` and
    ``第一次`` are never reported and ``最好`` is TO201. Fix: none - keep it
    if it is true of your own range.
    """

    code = "TO204"
    name = "self-comparison"
    severity = "info"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for _h, cover in claims(ctx).self_comparison:
            start, end = ctx.span(cover.start, cover.end)
            reason = ctx.lexicon.allow[cover.term].reason
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' is allowed only when true of your own range: {reason}",
                (start, end),
            )
