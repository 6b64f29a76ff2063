"""TO3xx: stuffing and format - repeats, decoration, banned characters, spacing, script, promo words, HTML entities."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from ..lexicon import leftmost_longest
from ..models import Finding, Severity
from ..normalize import convert_script, html_entity, spaced_word_char, to_simplified
from ..platforms import Platform
from .base import Edit, Rule, RuleContext, register
from .claims import claims

# Latin-style words for space-separated platforms: letters/digits, inner ' or -.
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
#: Words Amazon exempts from "at most twice": articles, conjunctions, prepositions.
STOP_WORDS = frozenset(
    "a an the and or nor but for with without of in on at to by from into onto per via as & + - x".split()
)
#: Amazon's banned title characters (Seller Central help 201100890).
AMAZON_BANNED = frozenset("!$?_{}^¬¦")
#: Symbols that carry meaning and stay: legal marks, units, degree signs.
_KEEP_SYMBOLS = frozenset("®©™°℃℉№‰′″")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
_INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad")


def _is_search_term(token: str) -> bool:
    """Two or more characters with a letter, not starting with a digit.

    Numbers with their unit (2件, 500ml) are quantities, not search terms.
    """
    return len(token) >= 2 and not token[0].isdigit() and any(map(str.isalpha, token))


@register
class RepeatedTerm(Rule):
    """Term repeated in the title (keyword stuffing).

    What: on Chinese platforms (no word separator), a segmented term of two or
    more characters that appears more than once (numbers excepted); on
    space-separated platforms, a word that appears more than twice (articles,
    conjunctions, prepositions, numbers and one-letter words excepted).
    Amazon: error; elsewhere: warning. The finding marks each later repeat.

    Why: a repeat adds no search match - the first occurrence already matches
    - and costs length; platforms demote stuffed titles and Amazon suppresses
    titles that repeat a word more than twice. Source: Amazon Seller Central
    help 201100890 (title requirements, Jan 2025: the same word at most twice);
    Taobao search rules against 堆砌关键词 (keyword stuffing, seller convention).

    Example (taobao): ``纯棉T恤男短袖T恤`` -> TO301 on the second T恤. Fix
    (safe: the term still appears once): delete later repeats ->
    ``纯棉T恤男短袖``.
    """

    code = "TO301"
    name = "repeated-term"
    severity = "warning"
    fix_kind = "safe"

    def severity_for(self, platform: Platform) -> Severity:
        return "error" if platform.name == "amazon" else self.severity

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        if ctx.platform.separator:
            yield from self._words(ctx)
        else:
            yield from self._terms(ctx)

    def _terms(self, ctx: RuleContext) -> Iterable[Finding]:
        words = [tok.text for tok in ctx.ntokens]
        if len(set(words)) == len(words):
            return  # no token occurs twice: the common case
        # Only a token written more than once can be a repeat: the others need no closer look.
        twice = {w for w, n in Counter(words).items() if n > 1}
        seen: dict[str, int] = {}
        toks = ctx.ntokens
        for k, tok in enumerate(toks):
            if tok.text not in twice or not _is_search_term(tok.text):
                continue
            n = seen[tok.text] = seen.get(tok.text, 0) + 1
            if n > 1:
                start, end = ctx.span(tok.start, tok.end)
                # inside a word jieba cut (面膜|贴): deleting it would leave half a word (医用级贴)
                inside = _piece_of_word(ctx, k)
                yield self.finding(
                    ctx,
                    f"'{ctx.title[start:end]}' is repeated ({n}x so far): a repeat adds no "
                    "search match and costs length" + ("; here it is part of a longer word" if inside else ""),
                    (start, end),
                    [] if inside else [ctx.delete(start, end)],
                )

    def _words(self, ctx: RuleContext) -> Iterable[Finding]:
        seen: Counter[str] = Counter()
        for m in _WORD.finditer(ctx.text):
            word = m.group()
            if len(word) < 2 or word in STOP_WORDS or word.isdigit():
                continue
            seen[word] += 1
            if seen[word] > 2:
                start, end = ctx.span(m.start(), m.end())
                yield self.finding(
                    ctx,
                    f"'{ctx.title[start:end]}' appears {seen[word]} times; use a word at most twice",
                    (start, end),
                    [ctx.delete(start, end)],
                )


def _piece_of_word(ctx: RuleContext, k: int) -> bool:
    """Token ``k`` is glued to a lone Chinese character that is no attribute: part of a word jieba cut (面膜|贴)."""
    toks = ctx.ntokens
    tok = toks[k]
    for j, touching in ((k - 1, k > 0 and toks[k - 1].end == tok.start),
                        (k + 1, k + 1 < len(toks) and toks[k + 1].start == tok.end)):
        if touching:
            t = toks[j].text
            if len(t) == 1 and "\u4e00" <= t <= "\u9fff" and not ctx.lexicon.is_factual(t):
                return True
    return False


# Per character (bounded by Unicode, a pure function of it), like _is_punct below.
@functools.lru_cache(maxsize=8192)
def _is_decorative(ch: str) -> bool:
    if ch in _KEEP_SYMBOLS:
        return False
    cp = ord(ch)
    if 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:  # skin tones, emoji tags
        return True
    if unicodedata.category(ch) != "So":
        return False
    # Compatibility characters such as ㎏ or ㎡ are units, not decoration.
    return unicodedata.normalize("NFKC", ch) == ch


#: Characters that are never decorative: ASCII, CJK Unified Ideographs and
#: the common Chinese punctuation (tests check that none is decorative).
PLAIN_PUNCTUATION = "，。、；：！？（）【】《》〈〉「」『』“”‘’…—～·％＋－／"
_PLAIN = re.compile(r"[\x00-\x7f\u4e00-\u9fff" + PLAIN_PUNCTUATION + "]*")


def _runs(title: str, pred, joiners: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Maximal runs of characters satisfying ``pred`` (joiners extend a run, never start one)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(title)
    while i < n:
        if pred(title[i]):
            j = i + 1
            while j < n and (pred(title[j]) or title[j] in joiners):
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


@register
class DecorativeCharacter(Rule):
    """Decorative symbols and emoji (★ ♥ ✿ 🔥 ✅) in the title.

    What: characters of Unicode category "other symbol" (stars, hearts,
    arrows, dingbats, emoji with their joiners and skin tones), except marks
    that carry meaning (® © ™ ° ℃ №) and unit characters such as ㎏. Amazon:
    error; elsewhere: warning.

    Why: decoration is not searchable, costs length (two bytes each on
    Taobao) and makes a listing look like spam; Amazon suppresses titles with
    emoji and non-language characters. Source: Amazon Seller Central help
    201100890 (no emoji, no decorative characters); Taobao/Tmall title
    guidance against special symbols (seller convention).

    Example: ``★爆款★纯棉T恤🔥`` -> TO302 on ★, ★ and 🔥. Fix (safe: symbols
    claim nothing): delete them -> ``爆款纯棉T恤``.
    """

    code = "TO302"
    name = "decorative-character"
    severity = "warning"
    fix_kind = "safe"

    def severity_for(self, platform: Platform) -> Severity:
        return "error" if platform.name == "amazon" else self.severity

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        title = ctx.title
        if _PLAIN.fullmatch(title):
            return  # only ASCII, Chinese characters and common punctuation: the common case
        for start, end in _runs(title, _is_decorative, _JOINERS):
            # between two words of a script written with spaces (Ũéı💗ÜȾ) the symbol was their separator
            between = spaced_word_char(title[start - 1 : start]) and spaced_word_char(title[end : end + 1])
            yield self.finding(
                ctx,
                f"decorative symbol '{title[start:end]}' is not searchable and costs length",
                (start, end),
                [Edit(start, end, " ") if between else ctx.delete(start, end)],
            )


def _amazon_banned(ch: str) -> bool:
    return ch in AMAZON_BANNED or (not ch.isascii() and unicodedata.normalize("NFKC", ch) in AMAZON_BANNED)


@register
class BannedCharacter(Rule):
    """Character Amazon bans in titles: ``! $ ? _ { } ^ ¬ ¦`` (and their full-width forms).

    What: any of Amazon's banned title characters. Applies to Amazon only;
    ``~ # < > *`` are allowed there in context and are not reported.

    Why: since January 2025 Amazon suppresses listings whose titles contain
    these characters. Source: Amazon Seller Central help 201100890 (product
    title requirements).

    Example (amazon): ``Cotton T-Shirt for Men!`` -> TO303 on ``!``. Fix (safe:
    punctuation claims nothing): delete it, or turn ``_`` between words into
    a space -> ``Cotton T-Shirt for Men``.
    """

    code = "TO303"
    name = "banned-character"
    severity = "error"
    platforms = frozenset({"amazon"})
    fix_kind = "safe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        title = ctx.title
        for start, end in _runs(title, _amazon_banned):
            run = title[start:end]
            between_words = 0 < start and end < len(title) and title[start - 1].isalnum() and title[end].isalnum()
            edit = Edit(start, end, " ") if between_words and ("_" in run or "＿" in run) else ctx.delete(start, end)
            yield self.finding(ctx, f"Amazon does not allow '{run}' in titles", (start, end), [edit])


@functools.lru_cache(maxsize=8192)
def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P") or ch in "~～"


_SPACE_RUN = re.compile(r"\s+")
_INVISIBLE_CLASS = "[" + "".join(sorted(_INVISIBLE)) + "]"
_INVISIBLE_RUN = re.compile(_INVISIBLE_CLASS + "+")
_REPEAT_RUN = re.compile(r"([^\w\s])\1+")
#: Anything TO304 could report: white space at either end, two in a row, a tab, line break or
#: other space; an invisible character; a mark written twice.
_SPACING_TROUBLE = re.compile(
    r"\A\s|\s\Z|\s\s|[^\S \u3000]|" + _INVISIBLE_CLASS + r"|([^\w\s])\1"
)


@register
class SpacingPunctuation(Rule):
    """Excess white space or repeated punctuation (``T恤  纯棉``, ``!!!``, ``，，``).

    What: white space at the start or end, runs of two or more spaces, tabs
    and line breaks inside the title, invisible characters (zero-width space,
    soft hyphen), and the same punctuation mark repeated.

    Why: every space and mark counts toward the limit and none is searchable;
    runs of punctuation read as shouting or spam and some platforms trim or
    reject them. Source: length counting per ``dictionaries/platforms.tsv``
    (spaces count); Amazon Seller Central help 201100890 (no excessive
    punctuation); Taobao seller convention of single separators.

    Example: ``纯棉T恤   男款，，宽松 `` -> TO304 three times. Fix (safe: only
    spacing and repeated marks change): collapse each run to one and trim ->
    ``纯棉T恤 男款，宽松``.
    """

    code = "TO304"
    name = "spacing-punctuation"
    severity = "warning"
    fix_kind = "safe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        title = ctx.title
        if not _SPACING_TROUBLE.search(title):
            return  # single spaces between words, nothing doubled or hidden: most titles
        n = len(title)
        for m in _SPACE_RUN.finditer(title):
            start, end = m.span()
            run = m.group()
            if start == 0 or end == n:
                where = "leading" if start == 0 else "trailing"
                yield self.finding(ctx, f"{where} white space", (start, end), [Edit(start, end, "")])
            elif len(run) > 1 or run not in (" ", "\u3000"):
                keep = run[0] if run[0] in (" ", "\u3000") else " "
                yield self.finding(
                    ctx, f"{len(run)} white-space characters where one space will do", (start, end),
                    [Edit(start, end, keep)],
                )
        for m in _INVISIBLE_RUN.finditer(title):
            yield self.finding(ctx, "invisible character counts toward the limit", m.span(), [Edit(*m.span(), "")])
        for m in _REPEAT_RUN.finditer(title):
            ch = m.group(1)
            if _is_punct(ch):
                i, j = m.span()
                yield self.finding(ctx, f"'{ch}' repeated {j - i} times", (i, j), [Edit(i, j, ch)])


@register
class MixedScript(Rule):
    """Traditional and Simplified Chinese characters mixed in one title (連帽卫衣).

    What: the title contains characters that only Traditional Chinese uses
    and characters that only Simplified Chinese uses (judged phrase-aware by
    OpenCC, so 皇后 is not mistaken for Simplified 后 of 後; a character that
    any Traditional standard - mainland, Taiwan or Hong Kong - keeps, such as
    台 in 台灣, is not Simplified-only).

    Why: mixing is a sign of copied text and reads as careless; buyers search
    in one script, and platforms for mainland China index Simplified while
    Taiwan and Hong Kong shops expect Traditional. Source: titleopt practice
    (matching folds scripts, but buyers read them); Taobao/Tmall titles are
    written in Simplified Chinese by convention.

    Example: ``連帽卫衣 纯棉`` -> TO305. Fix (unsafe: it may touch a brand
    written in one script): convert the title to its majority script ->
    ``连帽卫衣 纯棉``.
    """

    code = "TO305"
    name = "mixed-script"
    severity = "warning"
    fix_kind = "unsafe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        title = ctx.title
        if title.isascii():
            return
        simp = to_simplified(title)
        if simp == title or len(simp) != len(title):
            return  # no Traditional-only character: the common, cheap case
        trad_only = [i for i, (a, b) in enumerate(zip(title, simp, strict=True)) if a != b]
        # Simplified-only: changed by every Traditional standard (s2t, Taiwan, Hong Kong),
        # so variants that are also Traditional somewhere (台, 裡/裏) do not count.
        variants = [convert_script(title, cfg) for cfg in ("s2t", "s2tw", "s2hk")]
        if any(len(v) != len(title) for v in variants):
            return
        simp_only = [i for i, c in enumerate(title) if all(v[i] != c for v in variants)]
        if not simp_only:
            return
        trad = variants[0]
        to_simp = len(simp_only) >= len(trad_only)
        minority = trad_only if to_simp else simp_only
        target = simp if to_simp else trad
        script = "Simplified" if to_simp else "Traditional"
        shown = "".join(title[i] for i in minority[:6])
        edits = [Edit(i, i + 1, target[i]) for i in minority]
        yield self.finding(
            ctx,
            f"title mixes Traditional and Simplified characters: '{shown}' "
            f"{'is' if len(minority) == 1 else 'are'} not {script}, like the rest",
            (minority[0], minority[-1] + 1),
            edits,
        )


@register
class PromoWord(Rule):
    """Promotional word in the title (包邮, 秒杀, 清仓, 特价, free shipping, sale).

    What: a word from ``dictionaries/promo_words.tsv`` for this platform (or
    for all). Amazon: warning (its title rules forbid promotional phrases);
    other platforms: info (a convention, not a published rule).

    Why: promotions describe the offer, not the item: they match no product
    search, go stale when the promotion ends and take length from product
    terms; Amazon suppresses titles with promotional phrases. Source: Amazon
    Seller Central help 201100890 (no promotional phrases such as "free
    shipping"); Taobao seller convention (promotions belong in the 卖点 or
    活动 fields).

    Example: ``纯棉T恤 包邮 秒杀`` -> TO306 on 包邮 and 秒杀. Fix (unsafe: it
    removes an offer the seller made): delete the word -> ``纯棉T恤``.
    """

    code = "TO306"
    name = "promo-word"
    severity = "info"
    fix_kind = "unsafe"

    def severity_for(self, platform: Platform) -> Severity:
        return "warning" if platform.name == "amazon" else self.severity

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        hits = ctx.hits_of("promo:*") + ctx.hits_of(f"promo:{ctx.platform.name}")
        if hits:
            hits = leftmost_longest(hits)  # a word on both lists is one hit
            # A promo word inside a reported claim (低价 in 全网最低价) is that claim's business.
            c = claims(ctx)
            reported = [*c.absolute, *c.evidence, *c.promises]
            hits = [h for h in hits if not any(r.start < h.end and h.start < r.end for r in reported)]
        for h in hits:
            start, end = ctx.span(h.start, h.end)
            yield self.finding(
                ctx,
                f"'{ctx.title[start:end]}' is a promotion, not a product term: it matches no product "
                "search and goes stale",
                (start, end),
                [ctx.delete(start, end)],
            )


@register
class HtmlEntity(Rule):
    """HTML entity left in the title by an export (``&mdash``, ``&nbsp;``, ``&amp;``).

    What: ``&`` followed by the name of an HTML character entity
    (:func:`titleopt.normalize.html_entity`, the test the rewrite uses to
    drop such debris). Without its closing ``;`` a name counts only where it
    cannot be a word of a name: ``Tea&Cup``, ``AT&T`` and a lone ``&``
    between words are not reported (``&nbsp``, which HTML accepts bare,
    is). Numeric references (``&#8212;``) are not reported.

    Why: shop back-ends and spreadsheet exports write titles with their HTML
    escapes, sometimes cut before the ``;``; the platform shows them as
    written, so buyers read ``&mdash`` instead of a dash, and the name
    (mdash, nbsp) matches no search while it costs length. Source: titleopt
    practice: real listing exports carry them (``&mdash`` in a Taobao title of
    the data set in docs/real_data.md); the rewrite already removes them.

    Example: ``情思数学&mdash 新华书店正版书籍`` -> TO307 on ``&mdash``. Fix
    (safe: the text reads as the seller meant it): the entity is replaced by
    what it stands for where a title needs that character (``M&amp;M`` ->
    ``M&M``), by a space for a space entity (``&nbsp;``), and deleted
    otherwise -> ``情思数学 新华书店正版书籍``.
    """

    code = "TO307"
    name = "html-entity"
    severity = "warning"
    fix_kind = "safe"

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        text = ctx.text
        if "&" not in text:
            return  # no ampersand, no entity: nearly every title, and no segmentation needed
        for tok in ctx.ntokens:
            char = html_entity(text, tok.start, tok.text)
            if char is None:
                continue
            end = tok.end + 1 if text[tok.end : tok.end + 1] == ";" else tok.end
            start, end = ctx.span(tok.start - 1, end)
            yield self.finding(
                ctx,
                f"HTML entity '{ctx.title[start:end]}' left by an export: buyers see it as written",
                (start, end),
                [Edit(start, end, char) if char else ctx.delete(start, end)],
            )
