"""Keyword opportunity for one listing, and a paid-search (直通车) keyword plan.

The seller's loop starts by picking keywords: not only the ones with the most
demand but the ones where demand is high *for the number of listings fighting
for it*. The 生意参谋 practice calls this 竞争度 and computes it by hand as
搜索人气 ÷ 在线商品数 (demand per competing listing). titleopt already reads both
columns, and 直通车参考价 (the suggested cost per click), from every export.

**Opportunity** (:func:`opportunity_score`) is the keyword's *value* per 1,000
competing listings::

    opportunity = value / (competition + 1) × 1000

``value`` is titleopt's demand measure (``volume × ctr × cvr`` over the columns
the table has, DESIGN.md), so a table with 点击率 and 支付转化率 ranks keywords
by expected buyers per competing listing, and a table with only 搜索人气 by
searches per competing listing, exactly the hand-made 竞争度. The ``+ 1`` only
keeps a keyword with 0 listings finite; ``× 1000`` keeps the numbers readable
(values are around 10³–10⁵, listings 10⁴–10⁷). Only the ratios between
keywords of one table mean anything.

**Order** (:data:`ORDER`): opportunity, highest first; keywords whose
competition cell is empty come after those with one, by value; a table
without a competition column is ordered by value. Covered, reachable and
unreachable keywords are listed together and marked, never hidden.

**Reachable** means the listing can truthfully gain the keyword: every root it
lacks is one a rewrite may add. The rewrite's own addition policy decides
(:func:`can_add`, i.e. :func:`titleopt.policy.admissible`); relevance and
coverage are the listing's as ``analyze`` reads it (:func:`read`, i.e.
:func:`titleopt.listing.read_listing`). An unreachable
keyword says why (a fact the listing does not state, a conflict, another
product, a brand that is not the seller's…), so the seller can fix the facts
(add the attribute) or drop the idea.

**Ads** (:func:`plan_ads`): relevant, truthful (covered or reachable), not a
competitor's brand, with a CPC; ranked by value per unit of CPC; greedily
added while the daily budget lasts, each keyword costing ``clicks × CPC``
(the number of clicks a day the seller wants to buy per keyword: a plan is
judged by the clicks it buys, and how many a keyword gets is the seller's
bid decision, not something the export says).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .listing import Listing, read_listing
from .match import QUALITY_EXACT, QUALITY_SPLIT
from .normalize import normalize_term
from .policy import admissible, stated_words
from .policy import why_not as policy_why_not

if TYPE_CHECKING:  # pragma: no cover
    from .optimizer import TitleOptimizer

Coverage = Literal["whole", "split", "reordered", "no"]

ORDER = (
    "opportunity (value per 1,000 competing listings), highest first; keywords without a competition "
    "cell after them, by value"
)
ORDER_NO_COMPETITION = "value, highest first (the table has no competition column, so no opportunity)"
ADS_ORDER = "value per unit of CPC, highest first"
ADS_ORDER_NO_CPC = "value, highest first (the table has no CPC column: no price, no budget)"

#: Columns of the opportunity table (``-o`` and ``--format json``), in order.
COLUMNS = (
    "keyword",
    "coverage",
    "lacks",
    "reachable",
    "why",
    "value",
    "volume",
    "competition",
    "opportunity",
    "cpc",
    "value_per_cpc",
)



def opportunity_score(value: float, competition: float | None) -> float | None:
    """``value / (competition + 1) × 1000``: demand per 1,000 competing listings; None without competition.

    >>> opportunity_score(5000.0, 999.0)
    5000.0
    >>> opportunity_score(5000.0, None) is None
    True
    """
    if competition is None or math.isnan(competition):
        return None
    return value / (competition + 1.0) * 1000.0


@dataclass(frozen=True)
class KeywordOpportunity:
    """One relevant keyword seen from one listing."""

    keyword: str
    coverage: Coverage
    lacks: tuple[str, ...]
    reachable: bool
    why: str
    value: float
    volume: float | None
    competition: float | None
    opportunity: float | None
    cpc: float | None
    value_per_cpc: float | None
    roots: tuple[str, ...] = ()

    def as_row(self) -> dict[str, str]:
        """The keyword as a row of text cells (empty cells for absent numbers)."""
        return {
            "keyword": self.keyword,
            "coverage": self.coverage,
            "lacks": " ".join(self.lacks),
            "reachable": "yes" if self.reachable else "no",
            "why": self.why,
            "value": _num(self.value),
            "volume": _num(self.volume),
            "competition": _num(self.competition),
            "opportunity": _num(self.opportunity),
            "cpc": _num(self.cpc),
            "value_per_cpc": _num(self.value_per_cpc),
        }


@dataclass(frozen=True)
class OpportunityList:
    """The relevant keywords of one listing in :attr:`order`, with what the table lacked."""

    title: str
    product_word: str | None
    keywords: list[KeywordOpportunity]
    order: str
    has_competition: bool
    has_cpc: bool
    notes: list[str] = field(default_factory=list)
    competitor_brands: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        d = asdict(self)
        d["keywords"] = [asdict(k) for k in self.keywords]
        return d


# ---------------------------------------------------------------- the listing, as analyze reads it
def read(
    opt: TitleOptimizer,
    title: str,
    *,
    brand: str | None = None,
    category: str | None = None,
    attributes: Mapping[str, str] | None = None,
) -> Listing:
    """The listing as ``analyze`` reads it (:func:`titleopt.listing.read_listing` with the optimizer's context).

    Relevance (``Listing.relevant``: keywords containing the core product word
    or the category, value order) and coverage (``Listing.covered``) are
    therefore exactly those of ``analyze`` and ``rewrite``.
    """
    return read_listing(opt.context, title, brand=brand, category=category, attributes=attributes)


def relevant_keywords(
    opt: TitleOptimizer,
    title: str,
    *,
    brand: str | None = None,
    category: str | None = None,
    attributes: Mapping[str, str] | None = None,
) -> list[int]:
    """Indexes (into ``opt.keywords.keywords``, value order) of the keywords relevant to a listing, as ``analyze``."""
    return list(read(opt, title, brand=brand, category=category, attributes=attributes).relevant)


def can_add(opt: TitleOptimizer, listing: Listing, root: str, fact_terms: set[str]) -> bool:
    """May a rewrite add ``root`` to this listing? The rewrite's own policy (:func:`titleopt.policy.admissible`)."""
    return admissible(opt.context, root, "keyword", listing=listing, facts_text=listing.facts_text,
                      fact_terms=fact_terms, forbid_n=(), brand_n=listing.facts.brand)


def keyword_opportunities(
    opt: TitleOptimizer,
    title: str,
    *,
    category: str | None = None,
    brand: str | None = None,
    attributes: Mapping[str, str] | None = None,
) -> OpportunityList:
    """The keywords relevant to one listing, each with coverage, reachability, opportunity and CPC.

    Relevance is ``analyze``'s (:func:`relevant_keywords`); coverage is
    whole (quality 1.0), split (0.8), reordered (0.6) or no, as in
    :mod:`titleopt.match`. See the module docstring for opportunity and order.
    """
    table = opt.keywords
    listing = read(opt, title, brand=brand, category=category, attributes=attributes)
    relevant = listing.relevant
    covered = listing.covered
    occ = listing.terms.occurrences
    fact_terms = stated_words(opt.context, listing)
    comp_brands = set(opt.context.competitor_brands)
    reasons: dict[str, str | None] = {}

    def why_not(root: str) -> str | None:
        if root not in reasons:
            why = None
            if not can_add(opt, listing, root, fact_terms):
                why = policy_why_not(opt.context, listing, root, fact_terms)
            reasons[root] = why
        return reasons[root]

    out: list[KeywordOpportunity] = []
    for i in relevant:
        kw = table.keywords[i]
        q = covered.get(i)
        lacks_n = () if q is not None else tuple(r for r in kw.roots if r not in occ)
        whys = [w for w in (why_not(r) for r in lacks_n) if w]
        opp = opportunity_score(kw.value, kw.competition)
        vpc = kw.value / kw.cpc if kw.cpc else None
        out.append(
            KeywordOpportunity(
                keyword=kw.text,
                coverage=_coverage(q),
                lacks=tuple(table.surface(r) for r in lacks_n),
                reachable=not whys,
                why="; ".join(whys),
                value=kw.value,
                volume=kw.volume,
                competition=kw.competition,
                opportunity=opp,
                cpc=kw.cpc,
                value_per_cpc=vpc,
                roots=kw.roots,
            )
        )
    has_comp = any(k.competition is not None for k in table.keywords)
    has_cpc = any(k.cpc is not None for k in table.keywords)
    # relevant is in value order already: a stable sort on opportunity keeps value order for ties
    if has_comp:
        out.sort(key=lambda k: (k.opportunity is None, -(k.opportunity or 0.0)))
    notes = []
    if not has_comp:
        notes.append("no competition column (在线商品数): opportunity is empty; ordered by value")
    if not has_cpc:
        notes.append("no CPC column (直通车参考价): cpc and value_per_cpc are empty")
    notes += table.skipped_notes()
    if not relevant:
        notes.append("no relevant keyword: the table has none with the listing's product word or category")
    return OpportunityList(
        title=title,
        product_word=listing.facts.product_word,
        keywords=out,
        order=ORDER if has_comp else ORDER_NO_COMPETITION,
        has_competition=has_comp,
        has_cpc=has_cpc,
        notes=notes,
        competitor_brands=tuple(sorted(comp_brands)),
    )


def _coverage(q: float | None) -> Coverage:
    if q is None:
        return "no"
    if q >= QUALITY_EXACT:
        return "whole"
    if q >= QUALITY_SPLIT:
        return "split"
    return "reordered"


# ---------------------------------------------------------------- ads
@dataclass(frozen=True)
class AdChoice:
    """A keyword considered for the plan: chosen (with its cost) or skipped, and why."""

    keyword: str
    chosen: bool
    reason: str
    value: float
    cpc: float | None = None
    value_per_cpc: float | None = None
    cost: float | None = None


@dataclass(frozen=True)
class AdPlan:
    """A paid-search keyword set for one listing."""

    chosen: list[AdChoice]
    skipped: list[AdChoice]
    order: str
    budget: float | None
    clicks: int
    cost: float | None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


def plan_ads(
    opportunities: OpportunityList,
    *,
    budget: float | None = None,
    clicks: int = 10,
    max_keywords: int = 200,
    competitor_brands: Iterable[str] = (),
) -> AdPlan:
    """Pick 直通车 keywords: relevant, truthful, no competitor's brand, by value per CPC, within ``budget``.

    Each chosen keyword costs ``clicks × cpc`` a day; keywords are taken in
    order of value per unit of CPC while the budget lasts (greedy: a keyword
    that does not fit is skipped and cheaper ones after it may still fit).
    Without a budget every eligible keyword up to ``max_keywords`` is chosen
    (a cap the caller sets; an ad plan has a per-item keyword limit). Without a CPC column nothing can be
    priced: eligible keywords are ranked by value and a budget is an error.
    """
    from .errors import InputError

    if budget is not None and budget <= 0:
        raise InputError(f"the budget must be positive, got {budget:g}")
    if clicks < 1:
        raise InputError(f"clicks per keyword must be at least 1, got {clicks}")
    if budget is not None and not opportunities.has_cpc:
        raise InputError("--budget needs a CPC column (直通车参考价, CPC, PPC bid) in the keyword table")
    comp = {normalize_term(b).replace(" ", "") for b in (*opportunities.competitor_brands, *competitor_brands)}
    eligible: list[KeywordOpportunity] = []
    skipped: list[AdChoice] = []
    for k in opportunities.keywords:
        text = normalize_term(k.keyword).replace(" ", "")
        brand_roots = [b for b in sorted(comp) if len(b) >= 2 and b in text]
        if brand_roots:
            why = f"competitor's brand {brand_roots[0]}: bidding on it risks a complaint and buys their shoppers"
            skipped.append(AdChoice(k.keyword, False, why, k.value, k.cpc, k.value_per_cpc))
        elif not k.reachable:
            skipped.append(AdChoice(k.keyword, False, f"not truthful for this listing ({k.why})", k.value, k.cpc,
                                    k.value_per_cpc))
        elif opportunities.has_cpc and k.cpc is None:
            skipped.append(AdChoice(k.keyword, False, "no CPC in the table", k.value))
        else:
            eligible.append(k)
    if opportunities.has_cpc:
        eligible.sort(key=lambda k: -(k.value_per_cpc or 0.0))
    else:
        eligible.sort(key=lambda k: -k.value)
    chosen: list[AdChoice] = []
    spent = 0.0
    for rank, k in enumerate(eligible, start=1):
        where = "covered by the title" if k.coverage != "no" else f"reachable (add {' '.join(k.lacks)} to the title)"
        if len(chosen) >= max_keywords:
            skipped.append(AdChoice(k.keyword, False, f"over {max_keywords} keywords", k.value, k.cpc,
                                    k.value_per_cpc))
            continue
        if k.cpc is None:
            chosen.append(AdChoice(k.keyword, True, f"#{rank} by value; {where}", k.value))
            continue
        cost = clicks * k.cpc
        if budget is not None and spent + cost > budget + 1e-9:
            why = f"over budget: {clicks} clicks × ¥{k.cpc:.2f} = ¥{cost:.2f}, ¥{budget - spent:.2f} left"
            skipped.append(AdChoice(k.keyword, False, why, k.value, k.cpc, k.value_per_cpc, cost))
            continue
        spent += cost
        why = f"#{rank} by value per CPC ({k.value_per_cpc:.3g}); {where}; {clicks} clicks × ¥{k.cpc:.2f} = ¥{cost:.2f}"
        chosen.append(AdChoice(k.keyword, True, why, k.value, k.cpc, k.value_per_cpc, cost))
    notes = []
    if not opportunities.has_cpc:
        notes.append("no CPC column (直通车参考价): keywords ranked by value, no cost computed")
    elif budget is not None:
        notes.append(
            f"daily budget ¥{budget:.2f} buys {clicks} clicks a day for each of {len(chosen)} keywords: "
            f"¥{spent:.2f} at the reference CPC"
        )
    return AdPlan(
        chosen=chosen,
        skipped=skipped,
        order=ADS_ORDER if opportunities.has_cpc else ADS_ORDER_NO_CPC,
        budget=budget,
        clicks=clicks,
        cost=round(spent, 2) if opportunities.has_cpc else None,
        notes=notes,
    )


# ---------------------------------------------------------------- output
def _num(x: float | None) -> str:
    if x is None:
        return ""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4g}" if abs(x) < 1000 else f"{x:.0f}"


def format_opportunities(ol: OpportunityList, *, top: int | None = None) -> str:
    """A readable table of :func:`keyword_opportunities` (the CLI's text output)."""
    rows = ol.keywords[:top] if top else ol.keywords
    out = [f"{ol.title}", f"  product word: {ol.product_word or '-'}   order: {ol.order}"]
    out += [f"  note: {n}" for n in ol.notes]
    head = f"  {'keyword':<18} {'covered':<9} {'opport.':>8} {'value':>8} {'compet.':>9} {'cpc':>6} {'val/cpc':>8}"
    head += "  reach"
    out.append(head)
    for k in rows:
        r = k.as_row()
        reach = {"whole": "covered", "no": ""}.get(k.coverage, "covered; write it as one phrase")
        reach = reach or (f"add {r['lacks']}" if k.reachable else f"no: {k.why}")
        out.append(
            f"  {_pad(k.keyword, 18)} {k.coverage:<9} {r['opportunity']:>8} {r['value']:>8} "
            f"{r['competition']:>9} {r['cpc']:>6} {r['value_per_cpc']:>8}  {reach}"
        )
    if top and len(ol.keywords) > top:
        out.append(f"  … {len(ol.keywords) - top} more (--top)")
    return "\n".join(out)


def format_ad_plan(plan: AdPlan) -> str:
    """A readable paid-search plan (the CLI's text output for ``--ads``)."""
    out = [f"paid-search keywords ({plan.order}):"]
    for c in plan.chosen:
        out.append(f"  + {_pad(c.keyword, 18)} {c.reason}")
    if not plan.chosen:
        out.append("  (none)")
    if plan.cost is not None:
        out.append(f"  total ¥{plan.cost:.2f} a day" + (f" of ¥{plan.budget:.2f}" if plan.budget else ""))
    if plan.skipped:
        out.append("not chosen:")
        for c in plan.skipped:
            out.append(f"  - {_pad(c.keyword, 18)} {c.reason}")
    out += [f"note: {n}" for n in plan.notes]
    return "\n".join(out)


def _pad(text: str, width: int) -> str:
    """Left-justify counting a CJK character as two columns, as terminals show it."""
    w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return text + " " * max(0, width - w)


def ad_rows(plan: AdPlan) -> Sequence[dict[str, str]]:
    """The plan as rows for a file: chosen first, then skipped, with reasons."""
    return [
        {
            "keyword": c.keyword,
            "chosen": "yes" if c.chosen else "no",
            "cpc": _num(c.cpc),
            "value_per_cpc": _num(c.value_per_cpc),
            "daily_cost": _num(round(c.cost, 2) if c.cost is not None else None),
            "reason": c.reason,
        }
        for c in [*plan.chosen, *plan.skipped]
    ]


AD_COLUMNS = ("keyword", "chosen", "cpc", "value_per_cpc", "daily_cost", "reason")


def run_keywords_for(
    opt: TitleOptimizer,
    title: str,
    *,
    category: str | None = None,
    brand: str | None = None,
    attributes: Mapping[str, str] | None = None,
    top: int | None = None,
    ads: bool = False,
    budget: float | None = None,
    clicks: int = 10,
    output: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """``titleopt keywords TABLE --for TITLE``: text and JSON data; writes ``output`` when given.

    The file holds the keyword list, or with ``ads`` the plan (chosen first,
    then skipped, each with its reason).
    """
    from .errors import InputError
    from .io import write_table

    if budget is not None and not ads:
        raise InputError("--budget applies to --ads")
    ol = keyword_opportunities(opt, title, category=category, brand=brand, attributes=attributes)
    shown = ol.keywords[:top] if top else ol.keywords
    data: dict[str, Any] = ol.to_dict()
    data["keywords"] = [asdict(k) for k in shown]
    text = format_opportunities(ol, top=top)
    plan = None
    if ads:
        plan = plan_ads(ol, budget=budget, clicks=clicks)
        data["ads"] = plan.to_dict()
        text += "\n\n" + format_ad_plan(plan)
    if output:
        if plan is not None:
            write_table(output, AD_COLUMNS, ad_rows(plan))
        else:
            write_table(output, COLUMNS, (k.as_row() for k in shown))
    return text, data
