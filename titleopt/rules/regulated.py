"""TO205/TO206: claims that depend on what is sold - medical terms, disease claims, licensed claims.

医用级 on a face mask, 降三高 on a tea, 消炎 on a pair of socks and 美白 on an
ordinary cream are each unlawful for a different reason, and lawful on other
products (医用 on a medical dressing). The listing's category - from the
``category`` given to :func:`~titleopt.lint` (a product word or a platform
category path) or else from the title's own product words - selects which
rows of ``dictionaries/category_claims.tsv`` apply; see :mod:`titleopt.categories`.
Terms TO203 already reports as false promises (降血压, 根治) are left to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..categories import CATEGORY_LABELS, RegulatedClaim, category_of_name, find_claims
from ..models import Finding
from .base import Rule, RuleContext, register
from .policy import cite, is_china

#: The reason shown outside China, where the PRC regimes named in the dictionary do not apply.
_ABROAD_WHY = {
    "medical": "a medical term or disease claim",
    "licensed": "a health or cosmetic-effect claim that needs an approval the title cannot show",
}


def regulated(ctx: RuleContext) -> list[RegulatedClaim]:
    """The regulated claims of one title, computed once and cached on the context."""
    cached = ctx.cache.get("regulated")
    if cached is not None:
        return cached  # type: ignore[return-value]
    category = category_of_name(ctx.category) if ctx.category else None
    found = find_claims(ctx.text, category, token_ends=lambda: ctx.token_ends)
    promises = ctx.hits_of("promise")
    allowed = [h for h in ctx.hits_of("allow") if ctx.lexicon.allow[h.term].level == "ok"]
    found = [
        c
        for c in found
        if not any(h.start <= c.start and c.end <= h.end for h in promises)
        and not any(h.start <= c.start and c.end <= h.end for h in allowed)
        and not ctx.straddles(c.start, c.end)
    ]
    ctx.cache["regulated"] = found
    return found


def _message(ctx: RuleContext, c: RegulatedClaim) -> tuple[tuple[int, int], str]:
    start, end = ctx.span(c.start, c.end)
    word = ctx.title[start:end]
    what = CATEGORY_LABELS.get(c.category, c.category)
    why = c.group.why if is_china(ctx.platform) else _ABROAD_WHY[c.group.kind]
    return (start, end), f"'{word}' on {what}: {why} ({cite(ctx.platform, 'health', c.group.citation)})"


@register
class MedicalClaim(Rule):
    """Medical term or disease claim the product's category may not make (医用级 面膜, 降三高 茶, 消炎 袜子).

    What: a term of ``dictionaries/category_claims.tsv`` of kind ``medical``
    for the listing's category: on a cosmetic, medical terms and effects
    (医用, 医用级, 药用, 械字号, 医美, 消炎, 杀菌); on food, disease claims and
    medical terms (降三高, 降糖, 治疗, 消炎); on ordinary goods such as
    clothing and bedding, medical terms (消炎, 杀菌, 医用级, 止痛). The
    category comes from the ``category`` passed to lint (a product word or a
    platform category path such as ``美容护肤>面膜``), else from the title's
    product words (面膜 -> cosmetics, 茶 -> food, 袜子 -> goods; see
    ``dictionaries/claim_categories.tsv``); when the title's words disagree
    and no category is given, the rule stays silent. Drugs and medical
    devices (医用敷料, 血压计) are not judged. A negation (非医用) is not a
    claim; terms TO203 reports (降血压, 根治) are left to it.

    Why: a cosmetic's label and adverts may not state or imply a medical
    effect; food labels and adverts may not claim to prevent or treat
    disease; no advert other than for medical treatment, drugs and devices
    may claim to treat disease or use medical terms. Source: 化妆品监督管理条例
    art. 37(1) and 43; 食品安全法 art. 71 and 73; 广告法 art. 17 and 18 (each
    read in the published text; where, is written in the dictionary file).
    Outside China the message cites the platform's policy instead (Amazon's
    prohibited product claims, Etsy's medical claims policy;
    ``dictionaries/platform_policies.tsv``).

    Example: ``补水面膜女保湿美白淡斑医用级面膜贴20片`` -> TO205 on 医用级 (and
    TO206 on 美白 and 淡斑). Fix (unsafe: it changes what the title claims):
    delete the term -> ``补水面膜女保湿美白淡斑面膜贴20片``.
    """

    code = "TO205"
    name = "medical-claim"
    severity = "error"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for c in regulated(ctx):
            if c.group.kind == "medical":
                span, message = _message(ctx, c)
                yield self.finding(ctx, message, span, [ctx.delete(*span)])


@register
class LicensedClaim(Rule):
    """Claim lawful only with a registration the title cannot show (美白 on a 面膜, 减肥 on a 茶).

    What: a term of ``dictionaries/category_claims.tsv`` of kind
    ``licensed`` for the listing's category: on a cosmetic, the special uses
    祛斑美白 (美白, 祛斑, 淡斑), 防晒, 染发, 烫发 and 防脱发; on ordinary food (not
    a 保健食品), health functions such as 减肥, 排毒, 增强免疫力, 助眠, 护肝. The
    category is found as for TO205. A term that is the product word itself
    (防晒 of 防晒霜) is what is sold, not a claim about it, and is not reported.

    Why: cosmetics for hair dyeing, perming, freckle removal and whitening,
    sun protection and hair-loss prevention are 特殊化妆品 and may be made or
    imported only after registration with NMPA (国妆特字); health functions
    are claimed by 保健食品 registered or filed for them, from the published
    list of functions. An ordinary cream or tea making these claims is
    unlawful; a registered product may - so this is a warning to confirm.
    Source: 化妆品监督管理条例 art. 16 and 17; 食品安全法 art. 75 and 78; 广告法
    art. 18 and 28. Outside China, the platform's policy
    (``dictionaries/platform_policies.tsv``).

    Example: ``补水面膜女保湿美白淡斑祛痘医用级面膜贴20片`` -> TO206 on 美白 and 淡斑
    (warning). Fix (unsafe): delete the term -> ``补水面膜女保湿淡斑...``, or keep
    it when the product holds the registration.
    """

    code = "TO206"
    name = "licensed-claim"
    severity = "warning"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        for c in regulated(ctx):
            if c.group.kind == "licensed":
                span, message = _message(ctx, c)
                yield self.finding(ctx, message, span, [ctx.delete(*span)])
