"""TO1xx: the length budget - empty, over the limit, under-used."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Finding
from ..platforms import text_length
from .base import Rule, RuleContext, register

#: Below this share of the platform limit a title leaves search terms unused (TO102).
UNDERUSED_SHARE = 0.8


def _unit_note(ctx: RuleContext) -> str:
    if ctx.platform.unit == "bytes":
        return " (a Chinese or full-width character counts 2, ASCII 1)"
    return " characters"


@register
class EmptyTitle(Rule):
    """Empty title: nothing but white space, control or zero-width characters.

    What: the title has no visible character once white space and invisible
    characters are removed. ``titleopt.lint`` reports this as one finding
    instead of raising, so a batch run over a catalogue keeps going and the
    row shows why it failed; no other rule runs on an empty title.

    Why: every marketplace requires a title; an empty one is rejected at
    publishing or, in an import file, usually means a wrong column.
    Source: Taobao/Tmall publishing form (宝贝标题 is required); Amazon Seller
    Central help 201100890 (item_name is a required attribute).

    Example: ``"   "`` -> TO100. Fix: none - write a title
    (``titleopt rewrite`` can build one from keywords).
    """

    code = "TO100"
    name = "empty-title"
    severity = "error"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if not ctx.text:
            yield self.finding(ctx, "empty title: the listing needs a title", (0, len(ctx.title)))


@register
class TitleTooLong(Rule):
    """Title longer than the platform allows.

    What: the title's length, counted in the platform's unit (Taobao: bytes,
    Chinese = 2; Amazon: characters), is above the platform's limit. The span
    marks the part past the limit - what the platform would cut or refuse.

    Why: platforms refuse or truncate longer titles, and whatever is cut is
    not searchable. Source: Taobao/Tmall 60 bytes (30 汉字, seller convention
    and publishing page); Amazon Seller Central help 201100890 (200
    characters); eBay 80, Etsy 140, AliExpress 128 - see
    ``dictionaries/platforms.tsv`` for each row's source.

    Example (taobao): ``2025新款夏季纯棉短袖T恤男宽松圆领半袖体恤衫上衣潮牌ins百搭打底衫``
    is 66 bytes: TO101 on the tail past 60. Fix: none automatic (choosing what
    to drop is the optimizer's job: ``titleopt rewrite`` or ``shorten``).
    """

    code = "TO101"
    name = "title-too-long"
    severity = "error"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        limit = ctx.platform.limit
        if ctx.length <= limit:
            return
        cut = _cut_index(ctx.title, limit, ctx.platform.unit)
        yield self.finding(
            ctx,
            f"title is {ctx.length} {ctx.platform.unit}, over the {ctx.platform.name} limit of "
            f"{limit}{_unit_note(ctx) if ctx.platform.unit == 'bytes' else ''}; "
            f"'{ctx.title[cut:]}' would be cut",
            (cut, len(ctx.title)),
        )


def _cut_index(title: str, limit: int, unit: str) -> int:
    """Index of the first character that no longer fits in ``limit``."""
    if unit == "chars":
        return min(limit, len(title))
    if text_length(title, "bytes") <= limit:
        return len(title)
    # one character's bytes as text_length counts them (ASCII 1, anything else 2), without a call per character
    used = 0
    for i, ch in enumerate(title):
        used += 1 if ch.isascii() else 2
        if used > limit:
            return i
    return len(title)


@register
class LengthUnderused(Rule):
    """Title uses less than 80 % of the platform's length limit.

    What: the title is shorter than ``UNDERUSED_SHARE`` (80 %) of the limit in
    the platform's unit. Reported as info: a short title is allowed, but each
    unused byte is a search term the listing could have been found by.

    Why: marketplace search matches query words against the title, so the
    budget is worth filling with relevant terms (never with repeats or
    unrelated words). Source: Taobao seller practice of using the full 30 汉字;
    Amazon Seller Central help 201100890 lets a title use up to its limit. The
    80 % threshold is a titleopt choice, documented here.

    Example (taobao): ``纯棉T恤`` is 7 of 60 bytes: TO102. Fix: none automatic
    (``titleopt rewrite --keywords K`` adds relevant terms).
    """

    code = "TO102"
    name = "length-underused"
    severity = "info"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        limit = ctx.platform.limit
        if ctx.length < UNDERUSED_SHARE * limit:
            yield self.finding(
                ctx,
                f"title uses {ctx.length} of {limit} {ctx.platform.unit} ({ctx.length / limit:.0%}); "
                f"below {UNDERUSED_SHARE:.0%} the listing leaves search terms unused",
            )
