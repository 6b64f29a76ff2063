"""Read a title as **units**: the pieces a rewrite keeps or drops whole.

A rewrite that chooses jieba tokens cuts titles in the wrong places: it keeps
``流明`` without its ``3600``, ``魔霸`` without its ``3``, ``手机壳`` without the
``适用`` that says whose phone it fits. :func:`read_units` groups the tokens
of one title (:class:`~titleopt.match.TitleTerms`) into contiguous units, each
with a kind, and every token belongs to exactly one unit. Nothing learnt from
evaluation data: the rules use token shapes, the shipped dictionaries
(``measure_units.txt``, ``compat_phrases.txt``, ``attributes.tsv``,
``descriptive_words.txt``, ``service_words.txt`` and the lexicon's other
lists), the facts product detection already found (:class:`ListingFacts`)
and jieba's part-of-speech tags (``q`` classifier, ``s`` place word, function
word tags), read through :meth:`Segmenter.tagged_words`.

Units are found by passes over the tokens, in this order; a later pass that
overlaps an earlier unit merges with it (the merged unit keeps the more
important kind, see :data:`IMPORTANCE`), so the result is always a partition:

1. **brand** — the listing's brand tokens (a brand jieba cut in pieces is
   re-joined: 海康|威视), with its other-script twin across ``/`` or in
   brackets (``sast/先科``, ``咔咔鱼(kakay)``, ``艾美特(airmate)``): a name
   followed by a one-word bracket in the other script is a brand written twice;
   two glued aliases of the listing's brand in two scripts (``apple|苹果``).
2. **compat** — a compatibility phrase (``适用``, ``兼容``, ``for``: the
   lexicon's ``compat_phrases``) with the brand + model list after it
   (brands, Latin/number tokens, a Chinese series name written against a
   model, joined by nothing, ``/ 、 + & , -`` or a space before a model
   word), or the name list before a suffix phrase (``华为专用``); a known
   brand that is not the listing's, written against a model, too
   (``华为nova5pro``), with its other name and a series name between
   (``msi|微星|gt83``, ``神舟|战神|t6ti``). ``适用`` is never alone: with nothing to name it joins
   the word after it (``适用3-7人`` reads as a spec).
3. **spec** — a number with its unit and what it counts: a number token
   followed by unit words (``measure_units.txt``: GB 3100 / SI units,
   市制 units, classifiers, counted nouns, dimension words, numeral
   multipliers; and every word jieba tags ``q``), numbers joined by
   ``* × x / - ~`` (``57*50*100卷``, ``8/9kg``, ``30mm宽*15mm高``). A unit
   word jieba glued to the next character (``6.5|寸定|阻``) takes that
   debris along rather than cut a word.
4. **model** — tokens mixing letters and digits with their neighbours joined
   by ``- / . + _`` or glued (``vx5-591g``, ``i3-8100``, ``u1/z1青春版/z1i``),
   Latin words across a space when the next one is a model word
   (``iphone xs max``), a name written against a bare number (``魔霸3``), and
   an edition word glued after (``青春|版``).
5. **product** — the product word's tokens when product detection found it
   spread over several (``facts.compounds``, ``facts.core_parts``). Before it,
   **coordinated values**: audience words or two opposite values written
   together name all of them (``男|女款``, ``成人|儿童``, ``无线|有线``;
   :meth:`_Context.coordinated`).
6. **colour**, **negation**, **function** — a lone colour character closing
   a word (``土豪|金``), a word ending in 色 with the name before it
   (``枫樱|木色``); a negator with what it negates (``不|点灯``), an "anti"
   prefix with its object (``全包防|指纹``), a lone removing verb with its object
   (``除|烟味``).
7. **debris** — lone characters in a row are one piece (``会议|鹅|颈|麦克风``;
   :meth:`_Context.lone_runs`); a lone character joins the word jieba cut it from
   (:meth:`_Context.debris`; a suffix such as 式 or 级 the word before it:
   按动|式, 工程|级, and so does a character two of the title's own words end in:
   送货|单 beside 出仓单 and 领料单), and a word jieba coined from characters its
   dictionary does not know joins both neighbours (:meth:`_Context.coined`).
8. **modifiers** — a product word or a generic head (用品, 器材) takes the
   word written before it, right to left, up to :data:`MAX_PRODUCT_TOKENS`.
   A small bare number that opens a phrase inside the title takes the product word glued
   after it (``箱 3|风机``, ``1|浴巾+2|面巾``: what it counts; :meth:`_Context.counted`), or a
   word no list knows, a function or an attribute word (``19|涂鸦``, ``3.5|单插版``).
9. **note** — a bracketed note of at most :data:`MAX_NOTE_TOKENS` tokens is
   one unit, unless it holds a brand (the twin above).
10. every other token is a unit of its own, its kind read from the lexicon,
    the attribute groups and jieba's tags.
11. **the name at the head** — the brand or the first unknown word takes the
    unknown words glued after it up to a visible end (恒福好|太太 120l,
    威望|旋风|适用…; :meth:`_Context.lead_run`); a Latin name there (a brand or a
    word no list knows) takes one short Chinese name glued after it (maybe past where the maker is from), its
    other-script name (``photohouse|小企鹅``, ``uni|日本|三菱``).
12. **compounds** — two unknown words glued together are one phrase of at most
    :data:`MAX_COMPOUND_CHARS` characters (``自动|断电``, ``工作|细胞``;
    :meth:`_Context.compounds`): either half alone reads as a fragment.
13. **searched phrases** — with a keyword table (``phrase_value``), a boundary
    between two glued units that splits a phrase buyers search moves to the
    phrase's edge (自动压枪|和平精英; :meth:`_Context.searched`).
14. **soft edges** — where :meth:`_Context.debris` gave a character between two
    Chinese words to one side by default (no rule, no dictionary word), the side it
    left is a soft edge: the two units across it are one when they are short
    (少女|心日记本 -> 少女心日记本; :meth:`_Context.soft_edges`).

Measured in ``benchmarks/units_eval.py`` (figures in docs/units.md): on real
JD titles about 95% of labelled entities are whole in one unit at ~14 units
per title; what stays broken is mostly jieba cutting across two entities.

:attr:`Unit.text` runs from the first token's start to the last token's end in
the normalized title (inner spaces and punctuation included), widened to the
brackets around a note and to the closing bracket of a twin name, so that a
unit can be written back as it is.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from .lexicon import (
    AUDIENCE_GROUPS,
    BANNED,
    BRAND,
    DESCRIPTIVE,
    FACTUAL,
    GENERIC,
    PRODUCT,
    PROMO,
    SERVICE,
    TOGETHER_MARKS,
    Lexicon,
)
from .measures import measure_words
from .product import (
    COLOUR_CHARS,
    HEAD_CHARS,
    MODEL_SUFFIXES,
    OS_NAMES,
    RARE_WORD_FREQ,
    USE_SUFFIX,
    ListingFacts,
    colour_closes,
    excluded_phrases,
    fit_phrases,
    names_copied,
)
from .segment import ADJECTIVE_TAGS, MODEL_TOKEN, NUMERALS, PROPER_NOUN_TAGS, YEAR, Segmenter, default_segmenter
from .terms import CJK, DIMENSION_TAIL, TitleTerms

#: Kinds of unit, most important first. When a unit covers no keyword, its
#: kind decides whether it stays (lower index = kept longer). The order and
#: its reasons, in one place:
#:
#: * ``brand`` — who made it: the buyer's trust and the seller's own mark;
#: * ``product`` — what is sold: without it the title names nothing;
#: * ``model`` — which item exactly (a different model is a different thing);
#: * ``compat`` — what it fits, with its 适用: an accessory without it is
#:   unsellable, and without 适用 another company's brand would read as ours;
#: * ``spec``, ``colour`` — checkable facts buyers filter on (size, capacity,
#:   count, colour);
#: * ``function``, ``negation``, ``material``, ``attribute`` — what it does
#:   and is made of: facts, but the product page repeats them;
#: * ``note`` — a seller's bracketed remark; ``word`` — a content word no list
#:   knows (kept before scene and audience words: it may be a product word
#:   no dictionary lists);
#: * ``scene``, ``audience`` — where and for whom: buyers rarely need them to
#:   recognize the item;
#: * ``style``, ``service``, ``promo``, ``filler`` — marketing, service and
#:   promotion words and function words: the first to go.
IMPORTANCE: tuple[str, ...] = (
    "brand",
    "product",
    "model",
    "compat",
    "spec",
    "colour",
    "function",
    "negation",
    "material",
    "attribute",
    "note",
    "word",
    "scene",
    "audience",
    "style",
    "service",
    "promo",
    "filler",
)
KINDS = frozenset(IMPORTANCE)
_RANK = {k: i for i, k in enumerate(IMPORTANCE)}

#: A product word takes modifiers (and product words written against it) up to this many tokens in all.
MAX_PRODUCT_TOKENS = 3
#: At most this many Latin words make one brand (the north face).
MAX_BRAND_WORDS = 3
#: A Chinese series name before a model number has at most this many characters (暗影精灵5, 拯救者y7000).
MAX_SERIES_CHARS = 4
#: A bracketed note longer than this (in tokens) is read inside instead of as one unit.
MAX_NOTE_TOKENS = 8
#: The name at a title's head (:meth:`_Context.lead_run`) has at most this many characters: what a
#: brand field holds (如墨文房第五宝); a longer run of unknown words is read as words.
MAX_NAME_CHARS = 8
#: The longest compound :meth:`_Context.compounds` makes of two unknown words: two two-character
#: words, the four-character phrase (四字格) most Chinese compounds are.
MAX_COMPOUND_CHARS = 4
#: Kinds of units whose boundary a searched phrase may move (:meth:`_Context.searched`): content words, not a
#: brand, a model, a fit phrase, a number with its unit or a note, whose extent their own rules decide.
SEARCH_MOVABLE = frozenset(
    {"product", "colour", "function", "material", "attribute", "word", "scene", "audience", "style", "filler"}
)
#: The longest searched phrase :meth:`_Context.searched` reads (a four-character phrase and a word of four).
MAX_SEARCHED_CHARS = 8
#: A name written first and closed by a space (:meth:`_Context._claim_spaced_name`) has at most this many
#: characters: the short brands that jieba cuts into words of other kinds (真皮世家, 果粉师傅).
MAX_SPACED_NAME_CHARS = 4
#: Two units glued across a soft edge (:meth:`_Context.soft_edges`) are one when they have at most this many
#: characters together: a four-character phrase and the word jieba cut it from (少女心日记本, 美术生专用).
MAX_SOFT_CHARS = 6
#: Kinds of units a soft edge joins: content words (:data:`SEARCH_MOVABLE`) and a negation; not a brand, a
#: model, a fit phrase, a number with its unit or a note, whose extent their own rules decide.
SOFT_KINDS = SEARCH_MOVABLE | {"negation"}
#: A character that ends this many times as many words of jieba's dictionary as it begins is a suffix
#: (式: 797 to 9; 型 497 to 23; 级 349 to 23), counted only when it ends at least MIN_SUFFIX_WORDS words.
SUFFIX_RATIO = 5
MIN_SUFFIX_WORDS = 20
#: Kinds of a word a bare number glued before it measures or counts (:meth:`_Context.counted`): a word no list
#: knows, a function or an attribute word (3|合一, 8|防摔); not a colour, a product word, a name or a selling
#: word, which say what they say alone (0.5|蓝色), nor a place or a buyer, which a number counts only through a
#: classifier (5|理发店 and 24|初学者 are a seller's fragments).
_COUNTED_KINDS = frozenset({"word", "function", "attribute"})
#: A character that ends this many of a title's own words is a suffix in that title (:meth:`_Context._title_suffixes`).
TITLE_SUFFIX_WORDS = 2
#: Kinds of units that may stand before a title's brand: a bracketed tag, promotion, service and selling words.
BEFORE_BRAND = frozenset({"note", "promo", "service", "filler", "style"})


def importance(kind: str) -> int:
    """Rank of ``kind`` in :data:`IMPORTANCE` (0 = most important). Raises ``KeyError`` for an unknown kind."""
    return _RANK[kind]


@dataclass(frozen=True)
class Unit:
    """Tokens ``[start, stop)`` of a title read as one unit of ``kind``; ``text`` is its normalized text."""

    kind: str
    start: int
    stop: int
    text: str


# -- token shapes ---------------------------------------------------------------

_NUM = re.compile(r"^\d+(?:\.\d+)?(?:[x×*]\d+(?:\.\d+)?)*$")
_SERIES_NUMBER = re.compile(r"^\d{1,2}[a-z]$")  # 7a, 5s: a series model with its variant letter
#: A number (or dimensions 30x22) and what follows it: 30x22cm -> ("30x22", "cm").
_NUM_HEAD = re.compile(r"^(\d+(?:\.\d+)?(?:[x×*]\d+(?:\.\d+)?)*)(.+)$")
#: A range and what follows it, one token in the terms (3-6岁, 8~10人): 3-6 and 岁.
_RANGE_HEAD = re.compile(r"^(\d+(?:\.\d+)?(?:[-~]\d+(?:\.\d+)?)+)(.+)$")
_ALNUM = re.compile(r"^[a-z0-9][a-z0-9.+\-_]*$")
_LATIN = re.compile(r"^[a-z]+$")
_CN_NUM = re.compile(r"^[一二三四五六七八九十两双半百千万]+$")
#: What may stand between two numbers of one specification (57*50*100卷, 8/9kg, 3-7人).
_NUM_JOINERS = frozenset({"*", "x", "×", "/", "-", "~", "+", "—", ":"})
#: The number a number or a quantity opens with (13.3 of 13.3英寸).
_LEAD_NUMBER = re.compile(r"\d*(?:\.\d+)?")
#: Most times the largest size of a list of bare sizes may be the smallest (8 10 12mm, 67 72 77 82mm).
SIZE_LIST_SPREAD = 10


def _one_magnitude(a: str, b: str) -> bool:
    """Two numbers (or quantities) within :data:`SIZE_LIST_SPREAD` times of each other: sizes of one list."""
    x, y = (float(_LEAD_NUMBER.match(t).group() or 0) for t in (a, b))
    return min(x, y) > 0 and max(x, y) <= SIZE_LIST_SPREAD * min(x, y)


#: What joins the sides of a dimension (900*400mm, 30x22cm).
_DIMENSION_JOINERS = frozenset({"*", "x", "×"})
#: What may stand between two parts of one model (vx5-591g, u1/z1, i3.8100).
_MODEL_JOINERS = frozenset({"-", "/", ".", "+", "_", "—"})
#: What may separate the names of a compatible-model list (华为/小米、oppo).
_LIST_JOINERS = frozenset({"/", "、", "+", "&", ",", "-", " ", "/ ", " /", " / "})
#: Letters of the longest code a seller writes in brackets after a colour or a size (玫红（LM）, 柑橘绿(MCG)):
#: past the title's head, a longer Latin word in brackets is read as a brand's name (乐声（National）).
MAX_CODE_LETTERS = 3
_OPENERS = {"(": ")", "【": "】", "[": "]", "<": ">", "《": "》", "「": "」", "{": "}", "〔": "〕"}
#: Negators: a lone one belongs to what it negates (不|点灯, 免|打孔).
NEGATORS = frozenset("不无免非没未零")
#: Units a negator never joins: a name, a model, what an accessory fits, a quantity, a bracketed note.
_NOT_NEGATED = frozenset({"brand", "model", "compat", "spec", "note"})
#: "Anti-" and "resistant" prefixes: with their object they name a function (防|摔, 抗|菌, 全包防|指纹).
ANTI = frozenset("防抗耐")
#: "Removing" verbs: a lone one, like a lone anti- prefix, names a function with its object (除|烟味, 祛|痘,
#: 驱|蚊); unlike ANTI, a word they begin is no function for that alone (驱动, 除了).
REMOVERS = frozenset("除祛驱")
#: Word-forming prefixes (类前缀) and 带 "with": a lone one belongs to the word after it (超|静音, 带|话筒,
#: 可|替换). General knowledge of Mandarin word formation (cf. 黄伯荣、廖序东《现代汉语》, 构词法: 词缀).
PREFIXES = frozenset("超可多半全双单小大老第带含加送真纯高低微迷自反")
_FUNCTION_CHARS = frozenset("的和与及或等之")
#: Kinds of words that sell rather than name: lint may take them out of a title, so nothing joins them.
_SELLING = PROMO | SERVICE | BANNED
#: Time units written as the denominator of a rate after "/" (440MB/s, 30km/h, 5L/min): the symbols of
#: the second, minute and hour (GB 3100-1993, tables 1 and 6). ``s`` alone is too ambiguous to be a unit
#: word of ``measure_units.txt``; after a quantity and "/" it is the second.
PER_TIME = frozenset({"s", "min", "h"})
#: Words that say the code after them is a model or article number (型号 5111-t, 货号:58183).
_MODEL_WORDS = frozenset({"型号", "货号", "款号", "编号"})
#: Edition words glued after a name or model (青春|版, 特惠|款).
EDITION = frozenset({"版", "款", "代", "系列"})
#: jieba tags of nouns (n common, ng noun morpheme, nr/nrt/nrfg person names, ns places, nt organizations,
#: nz other proper nouns; jieba's README, "词性标注").
NOUN_TAGS = frozenset({"n", "ng", "nr", "nrt", "nrfg", "ns", "nt", "nz"})
#: jieba tags of function words (u auxiliary, p preposition, c conjunction, y modal, e interjection, o onomatopoeia).
_FUNCTION_TAGS = frozenset({"u", "uj", "ul", "uz", "uv", "ud", "ug", "p", "c", "y", "e", "o"})
#: The attribute group of where an item is from (日本, 德国): provenance, a service word.
ORIGIN_GROUP = "产地"
#: Attribute groups of attributes.tsv -> unit kind.
_GROUP_KINDS = {
    "颜色": "colour",
    "材质": "material",
    "功效": "function",
    "电子参数": "spec",
    "认证与工艺": "function",
    "运动": "scene",
    ORIGIN_GROUP: "service",
    "食品规格": "spec",
    **{group: "audience" for group in AUDIENCE_GROUPS},
}


class _Vocab:
    """The word sets a reading needs: ``measure_units.txt`` and jieba's tagged words (the same for every segmenter)."""

    def __init__(self, segmenter: Segmenter) -> None:
        m = measure_words()
        self.dimension = m.get("dimension", frozenset())
        self.multiplier = m.get("multiplier", frozenset())
        self.parameter = m.get("parameter", frozenset())
        q = segmenter.tagged_words({"q", "mq"})
        self.units = frozenset().union(
            *(m.get(c, frozenset()) for c in ("si", "other", "market", "classifier", "counted"))
        )
        # jieba's classifiers and measure words (tag q; mq: 一个-like numeral + classifier words)
        self.unit_words = self.units | q | self.dimension
        self.places = segmenter.tagged_words({"s"})
        self.nouns = segmenter.tagged_words(NOUN_TAGS)
        # organization and other proper-noun tags (三菱 nz); person names (nr) are left out: jieba tags
        # everyday words so too (贝壳 nr, frequency 325)
        self.names = segmenter.tagged_words(PROPER_NOUN_TAGS - {"nr", "nrt"})
        self.function = segmenter.tagged_words(_FUNCTION_TAGS)
        self.numerals = segmenter.tagged_words({"m"})
        # one-character adjectives (jieba's tag a: 重, 软, 宽, 厚): in a noun phrase they modify the word after them
        self.adjectives = frozenset(w for w in segmenter.tagged_words(ADJECTIVE_TAGS) if len(w) == 1)
        begins, ends = segmenter.edge_counts()
        # suffixes: characters that end SUFFIX_RATIO times as many dictionary words as they begin (式, 级, 型, 性)
        self.suffixes = frozenset(
            c for c, e in ends.items() if e >= MIN_SUFFIX_WORDS and e >= SUFFIX_RATIO * begins.get(c, 0)
        )

    def is_qty(self, t: str) -> bool:
        """A number written with its unit (30mm, 100卷, 9kg, 100万像素)."""
        for head in (_NUM_HEAD, _RANGE_HEAD):
            m = head.match(t)
            if m is None:
                continue
            rest = m.group(2)
            if rest in self.unit_words or rest in self.multiplier:
                return True
            if rest[:1] in self.multiplier and rest[1:] in self.unit_words:
                return True
        return False

    def unit_prefix(self, t: str) -> bool:
        """A CJK token that starts with a unit word but is none (jieba's debris: 寸定)."""
        return bool(CJK.match(t[:1])) and any(t[:k] in self.units for k in (1, 2) if k < len(t))

    def is_cn_qty(self, t: str) -> bool:
        """A Chinese numeral, alone or with its classifier (两, 一面, 三件)."""
        if _CN_NUM.match(t):
            return True
        return t in self.numerals and t[:1] in "一二三四五六七八九十两双半" and t[1:] in self.unit_words


_shared_vocab: _Vocab | None = None
_vocab_lock = threading.Lock()


def _vocab(segmenter: Segmenter) -> _Vocab:
    """The process's :class:`_Vocab`, built on first use (jieba's tags do not depend on a segmenter's extra words)."""
    global _shared_vocab
    if _shared_vocab is None:
        with _vocab_lock:
            if _shared_vocab is None:
                _shared_vocab = _Vocab(segmenter)
    return _shared_vocab


# -- the reading ----------------------------------------------------------------


class _Reading:
    """Units under construction: disjoint token intervals, merged on overlap."""

    def __init__(self, n: int) -> None:
        self.spans: dict[int, tuple[int, str]] = {}  # start -> (stop, kind)
        self.owner: list[int] = [-1] * n  # token -> start of its span, -1 when free

    def claim(self, a: int, b: int, kind: str, *, override: bool = False) -> None:
        """Make tokens ``[a, b)`` one unit, merging any unit it overlaps."""
        if b - a < 1:
            return
        kinds = [kind]
        lo, hi = a, b
        for i in range(a, b):
            s = self.owner[i]
            if s >= 0 and s in self.spans:
                stop, k = self.spans.pop(s)
                kinds.append(k)
                lo, hi = min(lo, s), max(hi, stop)
        if not override:
            kind = min(kinds, key=_RANK.__getitem__)
        self.spans[lo] = (hi, kind)
        for i in range(lo, hi):
            self.owner[i] = lo

    def move_boundary(self, a: int, m: int) -> None:
        """The unit at ``a`` and the one after it meet at token ``m`` instead, each keeping its kind.

        :meth:`claim` only merges; moving the boundary between two neighbours
        (:meth:`_Context.searched`) is the one change that splits a unit.
        """
        b, kind = self.spans[a]
        d, kind2 = self.spans.pop(b)
        self.spans[a] = (m, kind)
        self.spans[m] = (d, kind2)
        for x in range(a, d):
            self.owner[x] = a if x < m else m

    def kind_at(self, i: int) -> str | None:
        s = self.owner[i]
        return self.spans[s][1] if s >= 0 else None

    def free(self, i: int) -> bool:
        return self.owner[i] < 0

    def alone(self, i: int) -> bool:
        """Token ``i`` is a unit of its own (an earlier pass claimed it and nothing beside it)."""
        return self.spans.get(i, (0, ""))[0] == i + 1


def read_units(
    terms: TitleTerms,
    facts: ListingFacts,
    lexicon: Lexicon,
    *,
    segmenter: Segmenter | None = None,
    phrase_value: Callable[[str], float] | None = None,
) -> tuple[Unit, ...]:
    """The units of a title, in title order; every token in exactly one (see module docstring).

    ``segmenter`` supplies jieba's part-of-speech lists and its word list
    (default: titleopt's shared one; the tags come from jieba's dictionary
    either way). ``phrase_value`` gives the demand of a whole searched phrase
    (a keyword table's :meth:`~titleopt.keywords.KeywordTable.keyword_value`):
    with it, no boundary between two units splits a phrase buyers search
    (:meth:`_Context.searched`). Deterministic: the same title, facts, lexicon
    and table give the same units.
    """
    tokens = terms.tokens
    n = len(tokens)
    if n == 0:
        return ()
    seg = segmenter or default_segmenter()
    r = _Reading(n)
    ctx = _Context(terms, facts, lexicon, _vocab(seg), r, seg.is_word, seg.frequency)
    ctx.copied()
    ctx.brands()
    ctx.lead_name()
    ctx.compat()
    ctx.specs()
    ctx.designations()
    ctx.models()
    ctx.coordinated()
    ctx.product_units()
    ctx.glue()
    ctx.initials()
    ctx.lone_runs()
    ctx.debris()
    ctx.coined()
    ctx.modifiers()
    ctx.counted()
    ctx.notes()
    ctx.excluded()
    for i in range(n):
        if r.free(i):
            r.claim(i, i + 1, ctx.token_kind(i))
    ctx.lone_compat()
    ctx.lead_run()
    ctx.compounds()
    if phrase_value is not None:
        ctx.searched(phrase_value)
    ctx.soft_edges()
    return tuple(ctx.unit(a, stop, kind) for a, (stop, kind) in sorted(r.spans.items()))


class _Context:
    def __init__(
        self,
        terms: TitleTerms,
        facts: ListingFacts,
        lexicon,
        v: _Vocab,
        r: _Reading,
        is_word: Callable[[str], bool],
        frequency: Callable[[str], int],
    ) -> None:
        self.is_word = is_word
        self.frequency = frequency
        self.terms = terms
        self.tokens = terms.tokens
        self.n = len(self.tokens)
        self.text = terms.norm.text
        self.starts = terms.starts
        self.ends = tuple(s + len(t) for s, t in zip(terms.starts, terms.tokens, strict=True))
        self.facts = facts
        self.lex = lexicon
        self.v = v
        self.r = r
        brand_words = {b.replace(" ", "") for b in (facts.brand, *facts.brands) if b}
        self.brand_words = brand_words
        self.product_set = set(facts.product_words)
        # the words naming what the listing sells: never read as part of a colour name
        self.sold = frozenset(w for w in (facts.product_word, *facts.core_parts) if w)
        self.one_word_fits = lexicon.one_word_fits
        self.fits = fit_phrases(terms, lexicon)
        self.compat_suffixes = frozenset(lexicon.compat_suffixes)
        # soft edges: boundaries (before token m) beside a character :meth:`debris` gave to one side by default
        self.soft: set[int] = set()

    # token helpers -------------------------------------------------------------

    def gap(self, i: int) -> str:
        """Normalized text between token ``i`` and token ``i + 1`` (:meth:`TitleTerms.gap`)."""
        return self.terms.gap(i)

    def glued(self, i: int) -> bool:
        return 0 <= i < self.n - 1 and self.ends[i] == self.starts[i + 1]

    def kinds(self, t: str) -> int:
        return self.lex.word_kinds(t)

    def is_product(self, t: str) -> bool:
        return t in self.product_set or bool(self.kinds(t) & PRODUCT)

    def is_num(self, i: int) -> bool:
        return bool(_NUM.match(self.tokens[i]))

    def is_qty(self, i: int) -> bool:
        t = self.tokens[i]
        return self.v.is_qty(t) or self.v.is_cn_qty(t)

    def is_model(self, i: int) -> bool:
        t = self.tokens[i]
        if self._series_number(i):
            return True
        return bool(MODEL_TOKEN.match(t)) and not self.v.is_qty(t) and not self._dimension_tail(i)

    def _dimension_tail(self, i: int) -> bool:
        """Token ``i`` is the second side of a size jieba cut off (2.6|x2.6|cm); x5 alone is a model."""
        return bool(DIMENSION_TAIL.match(self.tokens[i])) and i > 0 and self.glued(i - 1) and self.is_num(i - 1)

    def is_name(self, i: int) -> bool:
        """A Chinese token that may be a name (a brand or series): not a product, unit or function word."""
        t = self.tokens[i]
        if not CJK.match(t) or t == self.facts.product_word or self.kinds(t) & PRODUCT:
            return False
        if t in self.v.unit_words or t in self.v.function:
            return False
        # a word that sells or describes (新款, 包邮, 纯棉) names no brand or series
        return not (self.kinds(t) & (SERVICE | PROMO | DESCRIPTIVE | FACTUAL | BANNED))

    # passes -----------------------------------------------------------------------

    def brands(self) -> None:
        toks, n, r = self.tokens, self.n, self.r
        is_brand_tok = [t in self.brand_words for t in toks]
        # a brand cut in pieces (海康|威视), or Latin words a space apart (dear mean, detected as one
        # name): tokens that spell a brand alias
        for i in range(n):
            joined = toks[i]
            for j in range(i + 1, min(n, i + 4)):
                if not (self.glued(j - 1) or (self.gap(j - 1) == " " and _LATIN.match(toks[j - 1] + toks[j]))):
                    break
                joined += toks[j]
                if joined in self.brand_words or ((is_brand_tok[i] or is_brand_tok[j]) and self.kinds(joined) & BRAND):
                    for k in range(i, j + 1):
                        is_brand_tok[k] = True
        # the listing's brand spread over a token product detection protected with it (海康|威视)
        extra = set(self.facts.extra_protected)
        for i in range(n - 1):
            if is_brand_tok[i] and self.glued(i) and toks[i + 1] in extra and CJK.match(toks[i + 1]):
                # not a series name before its number (华硕|魔霸|3: the series is a model)
                series = self.glued(i + 1) and (self.is_model(i + 2) or self._bare_number(i + 2))
                if not self.is_product(toks[i + 1]) and CJK.match(toks[i]) and not series:
                    is_brand_tok[i + 1] = True
        for i in range(n):
            if is_brand_tok[i]:
                r.claim(i, i + 1, "brand", override=True)
                # (a name written again is a repeat, not a longer name: 先科 先科 先科 …, one kept)
                if (
                    i > 0 and is_brand_tok[i - 1] and (self.glued(i - 1) or self.gap(i - 1).strip() in ("/", ""))
                    and toks[i - 1] != toks[i]
                ):
                    r.claim(i - 1, i + 1, "brand", override=True)
        # a Latin brand of several words (calvin klein, the north face, member's mark): the listing's
        # Latin brand with the Latin words right after it, across one space, comma, & or apostrophe
        for i in range(n - 1):
            if not (is_brand_tok[i] and _LATIN.match(toks[i])):
                continue
            j = i
            while j + 1 < n and j - i < MAX_BRAND_WORDS - 1 and _LATIN.match(toks[j + 1]):
                g = self.gap(j)
                if g.strip() not in ("", ",", "&", "'", "’", "＇") or len(g) > 2 or toks[j + 1] in MODEL_SUFFIXES:
                    break
                j += 1
            if j > i:
                r.claim(i, j + 1, "brand", override=True)
        # the listing's brand written in both scripts, glued (apple|苹果, dell|戴尔): aliases of one brand of
        # brands.txt, ambiguous ones too (苹果 is a fruit, but against Apple it is the brand), are one name
        for i in range(n - 1):
            t, u = toks[i], toks[i + 1]
            if self.glued(i) and (is_brand_tok[i] or is_brand_tok[i + 1]) and _two_scripts(t, u):
                owner = self.lex.brand_of(t)
                if owner is not None and owner == self.lex.brand_of(u):
                    r.claim(i, i + 2, "brand", override=True)
        # a name written twice: X(latin) / latin(X) in brackets, or across "/" when one side is a brand
        for i in range(n - 1):
            g = self.gap(i)
            t, u = toks[i], toks[i + 1]
            if g.strip() == "/" and (
                is_brand_tok[i] or is_brand_tok[i + 1] or self._known_brand(t) or self._known_brand(u)
            ):
                if _two_scripts(t, u):
                    # a Chinese name jieba cut to one character (mks/美|克斯|塑脸仪) takes the pieces glued
                    # after it, up to a product word or four characters
                    b, length = i + 2, len(u)
                    while (
                        len(u) == 1 and b < n and self.glued(b - 1) and r.free(b) and CJK.match(toks[b])
                        and not self.is_product(toks[b]) and length + len(toks[b]) <= 4
                    ):
                        length += len(toks[b])
                        b += 1
                    r.claim(i, b, "brand", override=True)
            elif g in _OPENERS and i + 2 <= n:
                close = _OPENERS[g]
                after = self.text[self.ends[i + 1] : self.ends[i + 1] + 1]
                if after != close or not _two_scripts(t, u):
                    continue
                name = _LATIN.match(u) or CJK.match(u)
                if not name:
                    continue
                # the name before the bracket: its glued tokens, up to 6 characters, from a break
                a, length = i, len(t)
                while (
                    a > 0
                    and self.glued(a - 1)
                    and length + len(toks[a - 1]) <= 6
                    and (self.r.free(a - 1) or self.r.kind_at(a - 1) == "brand")  # (咔|咔鱼, read as the brand)
                ):
                    if not (CJK.match(toks[a - 1]) or _LATIN.match(toks[a - 1])):
                        break
                    a -= 1
                    length += len(toks[a])
                if a > 0 and self.glued(a - 1):
                    continue  # the name has no start: a word inside a phrase, not a brand
                latin, chinese = (u, "".join(toks[a : i + 1])) if _LATIN.match(u) else (t, u)
                # (a colour or an attribute in the other script is a translation, not a twin name: 黑色（Black）)
                named = len(latin) > MAX_CODE_LETTERS and not (
                    self.kinds(chinese) & FACTUAL or chinese.endswith("色") or chinese[-1:] in COLOUR_CHARS
                )
                if not (self._at_head(a) or self._known_brand(chinese) or self._known_brand(u) or named):
                    # the brand field's form is copied to the head of the title; further on, a colour or a size
                    # with the seller's code in brackets (玫红（LM）, 猫咪中号(M), 柑橘绿(MCG)) is no brand, but a
                    # name does not shrink to a code (松下(Panasonic)乐声（National）)
                    continue
                r.claim(a, i + 2, "brand", override=True)

    def copied(self) -> None:
        """A name glued before 同款 is one unit with it (康佳|同款, 抖音|同款): what the item resembles.

        Apart, a rewrite kept 康佳 and dropped 同款, and a no-name water filter read as a Konka one.
        """
        r = self.r
        for i in range(self.n - 1):
            if names_copied(self.terms, i) and r.free(i) and r.free(i + 1):
                r.claim(i, i + 2, "style")

    def lead_name(self) -> None:
        """A name jieba cut in pieces at the head of the title is one unit (酷|元素 鼠标垫, 金|晨光|曼 活页纸).

        Sellers write the brand first; a name no dictionary knows comes out of
        jieba as single characters and short words glued to the product word.
        The run of Chinese tokens from the title's first token up to a product
        word, a brand, a compat phrase, a number or Latin token, or a break, is
        read as one ``word`` unit (which the rewrite keeps as the brand slot)
        when it is 2-4 characters, holds a lone character (the sign of a cut
        name), and its longer tokens are names, not listed words. A run of two
        or more lone characters also ends at a word jieba knows (搭|啵|兔|儿童):
        jieba found no word of two in it. A run that would go on past 4
        characters is no visible name and is left alone.
        """
        toks, n, r = self.tokens, self.n, self.r
        if n < 2 or not r.free(0) or not CJK.match(toks[0]):
            return
        j, length = 0, 0
        word_end = False  # the run of lone characters ended at a word jieba knows
        while j < n and r.free(j) and CJK.match(toks[j]):
            t = toks[j]
            if j > 0 and (self.is_product(t) or self._known_brand(t) or t in self.one_word_fits):
                break
            if len(t) > 1 and not self.is_name(j):
                # after two or more lone characters (搭|啵|兔|儿童画笔: jieba knows none of them as a word of two),
                # a word it knows ends the name: the run is the name jieba could not read
                if j >= 2 and all(len(x) == 1 for x in toks[:j]) and self.is_word(t):
                    word_end = True
                    while j > 2 and toks[j - 1] in _FUNCTION_CHARS:
                        j -= 1  # (a function word ends no name: 三|和|阜|和|中性 is 三和阜)
                    break
                return
            length += len(t)
            if length > MAX_SERIES_CHARS:
                return
            if not self.glued(j):
                j += 1
                break
            j += 1
        if j < 2 or length < 2 or not any(len(t) == 1 and t not in self.v.function for t in toks[:j]):
            return
        if j < n and self.glued(j - 1) and CJK.match(toks[j]) and not word_end and not (
            self.is_product(toks[j]) or self._known_brand(toks[j]) or toks[j] in self.one_word_fits
        ):
            return  # the run stopped inside a phrase, not at a visible end of a name
        r.claim(0, j, "word")

    def _begins_coined(self, i: int) -> bool:
        """Lone character ``i`` is the first of a name jieba cut off (801|蒂|芙尼蓝, 芙尼蓝 no word it knows).

        jieba splits an unknown name where its dictionary finds a one-character
        word; the rest, glued after it, is a word jieba coined (not in its
        dictionary), so the character belongs to it, not to the word before.
        """
        toks = self.tokens
        return (
            i + 1 < self.n
            and self.glued(i)
            and len(toks[i]) == 1
            and CJK.match(toks[i]) is not None
            and len(toks[i + 1]) > 1
            and CJK.match(toks[i + 1]) is not None
            and not self.is_word(toks[i + 1])
        )

    def _bare_number(self, i: int) -> bool:
        """Token ``i`` is a number with no unit after it (魔霸|3, not 100|万 nor 180°)."""
        if not self.is_num(i) or self._degrees(i):
            return False
        nxt = self.tokens[i + 1] if self.glued(i) else ""
        return not (nxt in self.v.unit_words or nxt in self.v.multiplier or self.v.unit_prefix(nxt))

    def _any_brand(self, t: str) -> bool:
        """A brand alias, ambiguous ones too (苹果 is a fruit and a brand: before a model it is the brand)."""
        return bool(self.kinds(t) & BRAND) or self.lex.brand_of(t) is not None

    def _maker(self, t: str) -> bool:
        """A brand alias or a system name: what makes a device (华为, 苹果, 安卓 before 手机|通用)."""
        return self._any_brand(t) or t in OS_NAMES

    def _at_head(self, a: int) -> bool:
        """Token ``a`` opens the title, or follows only one bracketed tag (【专享】小熊（Bear）)."""
        before = self.text[: self.starts[a]].strip()
        if not before:
            return True
        close = _OPENERS.get(before[0])
        return close is not None and before.endswith(close) and before.count(before[0]) == 1

    def _known_brand(self, t: str) -> bool:
        return t in self.brand_words or bool(self.kinds(t) & BRAND)

    def _name_part(self, j: int) -> bool:
        """A token of a compatible brand + model list (华为, mate60, pro, 荣耀, 15)."""
        t = self.tokens[j]
        if self.is_num(j) and (not self._bare_number(j) or "." in t):
            return False  # a number with its unit (商米15.6|英寸) or a decimal (13.3/15.4英寸) is a size, no model
        if _ALNUM.match(t) and not self.v.is_qty(t):
            return True
        if self.kinds(t) & BRAND:
            return True
        if self._any_brand(t):
            # an ambiguous alias too: in a list of names 苹果 is the brand (适用苹果|华为|小米), unless it names the
            # product word glued after it (适用applewatch|苹果|手表表带: the strap is for an Apple watch)
            return not (self.glued(j) and j + 1 < self.n and self.is_product(self.tokens[j + 1]))
        # a Chinese name written against a model (荣耀|畅玩|8c, 苹果|15: a product word there names a series)
        if not CJK.match(t) or t in self.v.unit_words or t in self.v.function:
            return False
        return self.glued(j) and j + 1 < self.n and bool(_ALNUM.match(self.tokens[j + 1]))

    def compat(self) -> None:
        toks, n, r = self.tokens, self.n, self.r
        free = 0  # the first token no phrase's list has taken
        for i, end, name in self.fits:
            if i < free:
                continue
            # the edition words between the phrase and the name go with them (适用于|新款|华为, 适用|2019|款|苹果)
            if name > end and self._name_part(name):
                end = name
            j = end
            while j < n and self._name_part(j) and self._list_gap(j - 1, j):
                j += 1
            if j > end:
                kind = "spec" if self.is_num(end) or self.is_qty(end) else "compat"
                r.claim(i, j, kind, override=True)
                if kind == "spec":
                    self._spec_from(end, i)
            elif end < n and self.glued(end - 1):
                kind = "spec" if self.is_num(end) or self.is_qty(end) else "compat"
                r.claim(i, end + 1, kind, override=True)
                if kind == "spec":
                    self._spec_from(end, i)
            else:
                r.claim(i, end, "compat", override=True)
            free = max(j, end)
        # suffix phrases (华为专用) and another brand written against its model (华为nova5pro)
        for i in range(1, n):
            if toks[i] not in self.compat_suffixes or not self.glued(i - 1):
                continue
            # the device the names make may stand between (华为/小米/oppo|手机|通用, 联想|笔记本|专用): a product
            # word that is not what the listing sells (佳能|闪光灯|适用5d3: the flash is sold, and 适用 opens the
            # list after it), with no name glued after the phrase
            # (a device word after an ambiguous alias or a system settles that it names a maker's device:
            # 苹果|手机|通用, 小米|手机|通用, 安卓|手机|通用)
            device = (
                i > 1 and self.is_product(toks[i - 1]) and toks[i - 1] != self.facts.product_word
                and self.glued(i - 2)
                and (self._name_part(i - 2) or self._maker(toks[i - 2]))
                and not (i + 1 < n and self.glued(i) and self._name_part(i + 1))
            )
            if device or self._name_part(i - 1):
                if i + 1 < n and self.glued(i) and toks[i] + toks[i + 1] in self.one_word_fits:
                    continue  # 适用|于 opens a list (咔咔鱼kakay适用于15.6英寸神舟…): no suffix
                a = i - 2 if device else i - 1
                while a > 0 and self._list_gap(a - 1, a) and (
                    self._name_part(a - 1) or (device and self._maker(toks[a - 1]))
                ):
                    a -= 1
                if device and not any(map(self._maker, toks[a : i - 1])):
                    continue  # a code before a device names no maker's device (导热膏|led|灯珠|专用)
                r.claim(a, i + 1, "compat", override=True)
        for i in range(n - 1):
            t = toks[i]
            if t in self.brand_words or not self.glued(i) or not self._any_brand(t):
                continue
            # the model may follow the brand's other name and a series name (msi|微星|gt83, 神舟|战神|t6ti)
            k = i + 1
            if k + 1 < n and self.glued(k) and (b := self.lex.brand_of(t)) and self.lex.brand_of(toks[k]) == b:
                k += 1
            series = k
            while (
                k + 1 < n and self.glued(k) and CJK.match(toks[k]) and self.is_name(k)
                and not self._known_brand(toks[k]) and sum(len(x) for x in toks[series : k + 1]) <= MAX_SERIES_CHARS
            ):
                k += 1
            u = toks[k]
            bare = self.is_num(k) and (k + 1 >= n or self._bare_number(k))  # 小米3600|流明 is a quantity
            if _ALNUM.match(u) and (bare or any(c.isalpha() for c in u)) and len(u) <= 12 and not self.is_qty(k):
                j = k + 1  # with the rest of its model list (苹果8/7plus, 华为p30/p30pro)
                # (across a space only into a model word: 雷神911 plus, 华为mate 30 pro)
                while j < n and self.gap(j - 1) and self._list_gap(j - 1, j) and self._name_part(j):
                    j += 1
                r.claim(i, j, "compat")

    def _list_gap(self, i: int, j: int) -> bool:
        """Tokens ``i`` and ``j = i + 1`` may be in one name list: glued, or a list separator."""
        g = self.gap(i)
        if g == "":
            return True
        if g.strip() == "" or g == " ":
            # a space continues a list only into a model word (mate60 pro, iphone 15)
            return self._space_model(i, j)
        return g.strip() in _LIST_JOINERS

    def specs(self) -> None:
        i = 0
        while i < self.n:
            if self.r.free(i) and (self.is_num(i) or self.is_qty(i)) and not self._series_number(i):
                i = self._spec_from(i, i)
            else:
                i += 1

    def _series_number(self, i: int) -> bool:
        """A number with one Latin letter after a brand's series is a model, not a quantity (华为|畅玩|7a, 红米|5a).

        7a reads as 7 amperes, 4k as a paper size; written against a brand, or a series name glued to a
        brand, it is the device's model and its variant letter (内存|8g, 电流|2a, 素描纸|4k stay specs).
        """
        toks = self.tokens
        if not (_SERIES_NUMBER.match(toks[i]) and i > 0 and self.glued(i - 1)):
            return False
        if self._any_brand(toks[i - 1]):
            return True
        return (
            i > 1 and self.glued(i - 2) and self.is_name(i - 1) and toks[i - 1] not in self.v.parameter
            and self._any_brand(toks[i - 2])
        )

    def designations(self) -> None:
        """A number with 型 (40型, 130型), or of 3+ digits with 款 (933款, 5523款), names a model, counts nothing.

        The spec pass reads one character after a number as what it counts (24|挂); 型 and 款 after
        an article number designate the item (型号, 款号), as a letter-digit model does. A short number
        with 款 is a count (3款可选) and a year with 款 a season (2025款): both stay specs.
        """
        toks, n, r = self.tokens, self.n, self.r
        for i in range(n - 1):
            t = toks[i]
            if not (t.isdigit() and self.glued(i)) or YEAR.match(t):
                continue
            mark = toks[i + 1]
            if mark in ("型", "型号") or (mark == "款" and len(t) >= 3):
                r.claim(i, i + 2, "model", override=True)
            elif mark == "代" and (a := self._series_start(i)) < i:
                # a series' generation (光影|精灵|5|代), with the 适用 list it follows (适用于惠普hp|光影精灵5代)
                fits = a > 0 and self.glued(a - 1) and r.kind_at(a - 1) == "compat"
                r.claim(r.owner[a - 1] if fits else a, i + 2, "compat" if fits else "model", override=True)

    def _series_start(self, i: int) -> int:
        """First token of the Chinese series name glued before token ``i`` (光影|精灵 before 5代), else ``i``.

        A series name is short (:data:`MAX_SERIES_CHARS`) and made of name tokens
        (:meth:`is_name`) that are no brand of the listing's.
        """
        toks, a = self.tokens, i
        while (
            a > 0
            and self.glued(a - 1)
            and CJK.match(toks[a - 1])
            and self.is_name(a - 1)
            and toks[a - 1] not in self.brand_words
            and not self._known_brand(toks[a - 1])
            and sum(len(x) for x in toks[a - 1 : i]) <= MAX_SERIES_CHARS
        ):
            a -= 1
        return a

    def _spec_from(self, i: int, a: int) -> int:
        """Grow a specification from token ``i`` (number); claim ``[a, stop)``; return stop."""
        toks, n, v = self.tokens, self.n, self.v
        j = i  # last token in the spec
        grew = self.is_qty(i)
        while j + 1 < n:
            if self._degrees(j):
                # the degree sign is the unit (45°, 360°; ℃ is normalized to °c): GB 3100-1993, tables 2 and 3
                grew = True
                if toks[j + 1] in ("c", "f") and self.starts[j + 1] == self.ends[j] + 1:
                    j += 1
                break
            nxt = toks[j + 1]
            cur_num = self.is_num(j) or toks[j] in v.multiplier or self._dimension_tail(j)
            if self.glued(j):
                if (cur_num or self.is_qty(j)) and (nxt in v.unit_words or nxt in v.multiplier):
                    j, grew = j + 1, True
                    continue
                if (self.is_qty(j) or (toks[j] in v.unit_words and j > i)) and nxt != toks[i]:
                    # sizes written back to back are one specification (4g|64g, 48v|250w, 1.5|m|1.8|m|2.0|m): a
                    # rewrite keeps or drops them together; not a bare number (1.8升|1.8 茶壶) nor a repeat of
                    # the first (10片/盒|10片/盒: the copy stays a unit of its own that a rewrite may drop)
                    # (not a numeral glued to the word it counts: 2芯|三|钢丝 is two counts)
                    if self.is_qty(j + 1) and not self._counts_next(j + 1):
                        j, grew = j + 1, True
                        continue
                    if self.is_num(j + 1) and self.glued(j + 1) and toks[j + 2] in v.unit_words:
                        j, grew = j + 2, True
                        continue
                if cur_num and self._dimension_tail(j + 1):
                    j, grew = j + 1, True  # jieba cut 2.6|x2.6|cm: the second side of a dimension
                    continue
                if (self.is_qty(j) or toks[j] in v.unit_words) and (
                    nxt in v.dimension
                    or (nxt in v.parameter and not (self.glued(j + 1) and (self.is_num(j + 2) or self.is_qty(j + 2))))
                ):
                    j, grew = j + 1, True
                    continue
                if cur_num and j + 2 < n and self.glued(j + 1) and nxt + toks[j + 2] in v.unit_words:
                    j, grew = j + 2, True  # jieba cut the unit word in two (2|等|分)
                    continue
                series = i > 0 and self.glued(i - 1) and self.is_name(i - 1)  # 畅玩|5|软: a series number
                if (
                    cur_num and len(nxt) == 1 and CJK.match(nxt) and nxt not in _FUNCTION_CHARS and not series
                    and not self._begins_coined(j + 1)
                ):
                    # one character after a number counts it, tagged or not (24|挂, 16|柱, 4|板)
                    j, grew = j + 1, True
                    continue
                if cur_num and v.unit_prefix(nxt) and not self.kinds(nxt) & PROMO:  # (not a promotion: 99|包邮)
                    # jieba glued the unit to the next character (6.5|寸定|阻): keep the debris
                    j, grew = j + 1, True
                    while j + 1 < n and self.glued(j) and len(toks[j + 1]) == 1 and CJK.match(toks[j + 1]):
                        j += 1
                    continue
                break
            g = self.gap(j).strip()
            if (g == "/" or g == "") and nxt in v.units and CJK.match(nxt) and (self.is_qty(j) or cur_num):
                j, grew = j + 1, True  # 30x22cm/张, 100 张
                continue
            unit_here = self.is_qty(j) or (j > i and toks[j] in v.unit_words)
            if g == "/" and _LATIN.match(nxt) and nxt in v.units and unit_here:
                j, grew = j + 1, True  # its unit again in Latin letters, or per unit: 10公斤/kg, 20元/kg
                continue
            if g == "/" and nxt in PER_TIME and (self.is_qty(j) or toks[j] in v.unit_words):
                j, grew = j + 1, True  # a rate: 440mb/s, 30km/h, 5l/min
                continue
            if (
                g == ""
                and cur_num
                and len(nxt) >= 2
                and nxt not in v.dimension  # 42 直径30cm: a dimension word names the number after it
                and (nxt in v.units or (CJK.match(nxt) and nxt in v.unit_words))
            ):
                j, grew = j + 1, True  # a unit of two or more letters across a space: 2.5 平方, 500 ml
                continue
            if (
                g in _NUM_JOINERS
                and nxt in v.parameter
                and self.glued(j + 1)
                and (self.is_num(j + 2) or self.is_qty(j + 2))
                and (self.is_num(j) or self.is_qty(j))
            ):
                j, grew = j + 2, True  # 长10*宽5.5cm
                continue
            if (
                g == "" and self.gap(j) and self.is_num(j) and (self.is_num(j + 1) or (j > i and self.is_qty(j + 1)))
                # (not the first side of a dimension: 魔兽世界34 900*400mm is a design and a size, two units)
                and (j + 2 >= n or self.gap(j + 1).strip() not in _DIMENSION_JOINERS)
                # (the sizes of one list are of one magnitude, and a year is none: 灵越7000 7391 13.3英寸 is a series,
                # a model and a screen size, 潮7000 2018款 a series and an edition)
                and _one_magnitude(toks[j], toks[j + 1]) and not YEAR.match(_LEAD_NUMBER.match(toks[j + 1]).group())
            ):
                j, grew = j + 1, True  # a list of sizes: 67 72 77 82mm
                continue
            if (
                g in _NUM_JOINERS
                and (self.is_num(j + 1) or self.is_qty(j + 1))
                and (self.is_num(j) or self.is_qty(j) or toks[j] in v.unit_words)
            ):
                j, grew = j + 1, True
                continue
            break
        grew = grew or (j == n - 1 and self._degrees(j))
        # the parameter it is the value of, written before it (直径40, 容量10公斤)
        if (
            a == i
            and i > 0
            and self.glued(i - 1)
            and self.r.free(i - 1)
            and (
                toks[i - 1] in v.parameter
                or (toks[i - 1][:1] in "每共约" and toks[i - 1][1:] in v.unit_words)
                # a word ending in a dimension names one (幅宽, 门宽, 总长: what the number measures)
                or (CJK.match(toks[i - 1]) and len(toks[i - 1]) <= 3 and toks[i - 1][-1] in v.dimension)
            )
        ):
            a, grew = i - 1, True
        if grew or a < i:
            self.r.claim(a, j + 1, "spec")
        return j + 1

    def _degrees(self, j: int) -> bool:
        """Token ``j`` is a number written with the degree sign right after it (45°, 40°c)."""
        return self.is_num(j) and self.text[self.ends[j] : self.ends[j] + 1] == "°"

    def _counts_next(self, i: int) -> bool:
        """Token ``i`` is a lone Chinese numeral glued to the Chinese word after it (三|钢丝): it counts that word.

        Not 一: after a count or a price it reads "per" (8元|一|平方英尺, a rate, one spec)."""
        return (
            self.tokens[i] in NUMERALS and self.tokens[i] != "一" and self.glued(i) and i + 1 < self.n
            and bool(CJK.match(self.tokens[i + 1]))
        )

    def models(self) -> None:
        toks, n, r = self.tokens, self.n, self.r
        i = 0
        while i < n:
            t = toks[i]
            start_model = (
                self.is_model(i)
                or (t in self.facts.models and bool(_ALNUM.match(t)) and not self.v.is_qty(t) and r.free(i))
                or self._article_number(i)
            )
            latin_lead = (
                bool(_LATIN.match(t))
                and i + 1 < n
                and (
                    (self.gap(i) == " " and self._space_model(i, i + 1))
                    or (self.gap(i).strip() in ("-", "_") and bool(_ALNUM.match(self.tokens[i + 1])))
                    or (
                        self.gap(i).strip() == "/"
                        and (len(t) <= 3 or self.is_num(i + 1))  # iphonex/6/7/8: a name and its numbers
                        and bool(_ALNUM.match(self.tokens[i + 1]))
                    )
                )
            )
            if not (start_model or latin_lead) or (r.kind_at(i) == "brand" and not latin_lead):
                i += 1
                continue
            a, j = i, i
            while j + 1 < n:
                nxt = toks[j + 1]
                g = self.gap(j)
                if g == "" and _ALNUM.match(nxt):
                    j += 1
                elif _joins_model(g) and _ALNUM.match(nxt):
                    j += 1
                elif g.strip() == "" and g and self._space_model(j, j + 1):
                    j += 1
                elif g == "" and self._edition(j + 1):
                    j += 2 if toks[j + 1] not in EDITION and j + 2 < n and toks[j + 2] in EDITION else 1
                elif (
                    g.strip() in _MODEL_JOINERS
                    and g.strip()
                    and self.is_name(j + 1)
                    and self.glued(j + 1)
                    and j + 2 < n
                    and (self._edition(j + 1))
                ):
                    j += 2 if toks[j + 1] not in EDITION and j + 2 < n and toks[j + 2] in EDITION else 1
                else:
                    break
            # a Latin word or a Chinese series name written against the model (rog魔霸3 is read from 魔霸)
            while (
                a > 0
                and self.glued(a - 1)
                and r.free(a - 1)
                and not self.is_num(a - 1)
                and (
                    (self.is_name(a - 1) and len(toks[a - 1]) > 1 and not self._known_brand(toks[a - 1])
                     and self._series_word(toks[a - 1]))
                    or _LATIN.match(toks[a - 1])
                )
            ):
                if toks[a - 1] in self.brand_words:
                    break
                if CJK.match(toks[a - 1]) and sum(len(x) for x in toks[a - 1 : i] if CJK.match(x)) > MAX_SERIES_CHARS:
                    break  # a series name is short (拯救者, 暗影精灵); 吸附|重金属 before lu5a4 is no series
                a -= 1
                if a < i - 1:
                    break
            # the series words between the brand and its model, written apart (佳能(canon) ir adv c5535)
            b = a
            while b > 0 and a - b < 2 and self.gap(b - 1) == " " and _LATIN.match(toks[b - 1]) and r.free(b - 1):
                b -= 1
            if b < a and b > 0 and r.kind_at(b - 1) == "brand":
                a = b
            # the word that says it is a model number, written before it (型号 5111-t, 货号:a-12)
            if a > 0 and toks[a - 1] in _MODEL_WORDS and self.gap(a - 1).strip() in ("", ":", "：") and r.free(a - 1):
                a -= 1
            # bare numbers listed before it across "/" (8/7plus, 6/7/8plus): one list of models
            while a > 0 and self.gap(a - 1).strip() == "/" and self.is_num(a - 1) and r.free(a - 1):
                a -= 1
            # a variant code in brackets right after the model (mdvh-v140w/n1-612p(e1), hro5015-5(ws)): part of
            # it, or a rewrite that drops the long model keeps the code alone (…中央空调E1)
            if (
                j + 1 < n and self.gap(j).strip() in ("(", "（") and self.terms.after(j + 1).strip()[:1] in (")", "）")
                and _ALNUM.match(toks[j + 1]) and any(c.isalpha() for c in toks[j + 1]) and len(toks[j + 1]) <= 4
                and not self.v.is_qty(toks[j + 1]) and r.free(j + 1)
            ):
                j += 1
            # a classifier glued after a model ending in a digit (cat6|类, 骁龙8|代)
            if self.glued(j) and toks[j][-1:].isdigit() and toks[j + 1] in self.v.units and r.free(j + 1):
                j += 1
            if any(r.kind_at(k) == "compat" for k in range(a, j + 1)):
                r.claim(a, j + 1, "compat", override=True)  # a compatible model stays with its 适用
            else:
                r.claim(a, j + 1, "model")
            i = j + 1
        # a name written against a bare number: 魔霸|3, 苹果|15 (not a quantity: no unit after it)
        for i in range(1, n):
            if not (self.is_num(i) and r.free(i) and self.glued(i - 1)) or YEAR.match(toks[i]):
                continue  # (a year dates the listing: 新款2025 is no series)
            if self.glued(i) and toks[i + 1] in self.v.unit_words:
                continue
            # (or a device the item fits, written between it and the item: 平板|5|保护套, 手机|2|保护套; a
            # device is a product word the dictionary lists before others, Lexicon.leads_products: 内胆包|15
            # is a size; an integer: 耳机|7.1 is a channel count)
            device = (
                self.lex.leads_products(toks[i - 1]) and toks[i - 1] not in self.sold and toks[i].isdigit()
                and self.glued(i) and self.is_product(toks[i + 1])
            )
            # (a suffix jieba cut off the word before names no series alone: 新款|式|3 is 新款式 3, no 式3; after a
            # name it ends the series name, 拯救|者|y7000)
            cut_suffix = (
                toks[i - 1] in self.v.suffixes and i > 1 and self.glued(i - 2) and not self.is_name(i - 2)
            )
            named = self.is_name(i - 1) and not cut_suffix
            if named or _LATIN.match(toks[i - 1]) or r.kind_at(i - 1) in ("model", "compat") or device:
                a = i - 1
                # a brand or a second word of the series name before it (荣耀|畅玩|6, 暗影|精灵|5), up to 4 characters
                short = len(toks[a - 1]) + len(toks[a]) <= MAX_SERIES_CHARS if a > 0 else False
                if a > 0 and self.glued(a - 1) and r.free(a - 1) and short:
                    if self.kinds(toks[a - 1]) & BRAND or (self.is_name(a - 1) and len(toks[a - 1]) > 1):
                        a -= 1
                b = i + 1
                # a model word after it across a space (暗影精灵5 air)
                if b < n and self.gap(i) == " " and toks[b] in MODEL_SUFFIXES:
                    b += 1
                r.claim(a, b, "model")

    def _series_word(self, t: str) -> bool:
        """A Chinese word before a model may name its series (魔霸|3, 拯救者|y7000), not when it counts or sizes.

        jieba's HMM coins words across a title's words, and such a word glued to
        a model was read as its series: 六核|i7-8700 (a count: it starts with a
        numeral), 英语|本大号|b5 (it ends in a size the lists know: 大号). A rewrite
        then kept the piece with the model (`16k/A4本大号b5`). Nor does a scene
        word (token_kind's: ending in 用, or a place).
        """
        if t[:1] in NUMERALS:
            return False
        if self._scene(t):
            return False  # where it is used names no series (家用|df-81: a rewrite wrote 电炸炉家用家用DF-81)
        return not any(self.kinds(t[k:]) & (FACTUAL | DESCRIPTIVE) for k in range(1, len(t) - 1))

    def _scene(self, t: str) -> bool:
        """A word that says where or for whom the item is used: one ending in 用 (家用, 学生用) or a place."""
        return t.endswith(USE_SUFFIX) or t in self.v.places

    def _colour_name(self, t: str, named: bool = False) -> bool:
        """``t`` may begin a colour name: one character (酷|黑色, 深|蓝色), a colour (黑白|红色) or a word
        no list gives another meaning (枫樱|木色); a word in 色 is a whole colour and begins none, and a
        word that says whom the item is for (男|白色: an audience attribute) begins none either. Before
        one colour character that ends the phrase (``named``) a style word names the colour too (气质|银,
        经典|黑: sellers name their colours so), where before a word in 色 it describes the item
        (新款|白色)."""
        if _GROUP_KINDS.get(self.lex.group_of(t)) == "audience":
            return False
        if len(t) == 1:
            return True
        if t.endswith("色"):
            return False  # a whole colour already (白色|黑色 are two colours, each its own unit)
        group = self.lex.group_of(t)
        if group is not None:
            return group == "颜色"
        return not self.kinds(t) & ((0 if named else DESCRIPTIVE) | PROMO | SERVICE | BANNED | GENERIC | FACTUAL)

    def _article_number(self, i: int) -> bool:
        """A bare number of 3+ digits joined to a Latin code (22702-cn, 304-h): one model, as 货号 are."""
        t = self.tokens[i]
        if not (t.isdigit() and len(t) >= 3 and self.r.free(i)) or YEAR.match(t) or i + 1 >= self.n:
            return False
        nxt = self.tokens[i + 1]
        return self.gap(i).strip() in _MODEL_JOINERS and bool(_ALNUM.match(nxt)) and any(c.isalpha() for c in nxt)

    def _space_model(self, i: int, j: int) -> bool:
        """Token ``j`` continues the model name ending at token ``i`` across a space (iphone xs max, mate60 pro).

        A model suffix always does; a model number, a number or a short Latin
        word only after a bare Latin name (iphone 15, iphone xs): two model
        numbers side by side are two models.
        """
        t = self.tokens[j]
        if t in MODEL_SUFFIXES:
            return True
        prev = self.tokens[i]
        # a number with its unit glued after it measures the item, it names no model (扬天s4350 21.5英寸)
        series = self._bare_number(j)
        if self.is_model(i):
            # after a model number: more numbers of the series and short variant letters (gp62 63 72, t3 ti)
            return series or bool(_LATIN.match(t) and len(t) <= 2)
        if not _LATIN.match(prev) or len(prev) <= 2:
            return False
        if self.is_num(j):
            return series  # note 10, iphone 15
        if prev in MODEL_SUFFIXES:
            return False
        return self.is_model(j) or bool(_LATIN.match(t) and len(t) <= 2)

    def _edition(self, j: int) -> bool:
        """Token ``j`` (and maybe ``j + 1``) is an edition word glued after a model (版, 青春|版)."""
        t = self.tokens[j]
        if t in EDITION or (len(t) > 1 and t[-1] == "版" and CJK.match(t)):
            return True
        return self.glued(j) and j + 1 < self.n and self.tokens[j + 1] in EDITION and self.is_name(j)

    def coordinated(self) -> None:
        """Values written together that name every one of them are one unit (男|女款, 成人|儿童, 有线|无线).

        A listing for men and women, for adults and children, or wired and
        wireless, states one fact; kept apart, a rewrite keeps one half
        (闪觅…玻璃女款全包, 钢笔…女士签字笔) and says the item is for women only,
        which the seller did not write. So a run of tokens, glued or joined by
        a list mark (男/女, 男、女), each next to one it is coordinated with, is
        one unit: two words of the lexicon's audience groups (性别, 年龄段:
        attributes.tsv), or two values of different sides of one set of
        conflicts.txt (the sets whose escapes already read 有线无线, 男女款 as
        "both").
        """
        n, r = self.n, self.r
        i = 0
        while i < n - 1:
            j = i
            while j + 1 < n and self._coordinated(j) and (self.glued(j) or self.gap(j).strip() in TOGETHER_MARKS):
                j += 1
            if j > i:
                r.claim(i, j + 1, self.token_kind(i))
            i = j + 1

    def _coordinated(self, i: int) -> bool:
        """Free tokens ``i`` and ``i + 1`` are both audience words or values of two sides of one conflict set."""
        if not (self.r.free(i) and self.r.free(i + 1)):
            return False
        a, b = self.tokens[i], self.tokens[i + 1]
        both_audience = self.lex.is_audience(a) and self.lex.is_audience(b)
        return both_audience or self.lex.conflicts_with(b, (a,))  # (a set lookup first: most words are in none)

    def product_units(self) -> None:
        toks, n = self.tokens, self.n
        for parts in (*self.facts.compounds, self.facts.core_parts):
            k = len(parts)
            if k < 2:
                continue
            for i in range(n - k + 1):
                if toks[i : i + k] == tuple(parts) and all(self.glued(j) for j in range(i, i + k - 1)):
                    if all(self.r.kind_at(j) in (None, "product") for j in range(i, i + k)):
                        # a compound not sold before one colour character closing the phrase names a colour
                        # (抹|茶|绿 on a phone case), as one word does (西瓜|红: :meth:`glue`)
                        named = self._closing_colour(i + k) and "".join(parts) not in self.sold
                        self.r.claim(i, i + k + 1 if named else i + k, "colour" if named else "product")

    def _closing_colour(self, j: int) -> bool:
        """Token ``j`` is one colour character, unclaimed, closing the phrase of the word before it."""
        return 0 < j < self.n and self.r.free(j) and colour_closes(self.terms, j - 1)

    def glue(self) -> None:
        toks, n, r, v = self.tokens, self.n, self.r, self.v
        for i in range(n):
            t = toks[i]
            # a negator or anti- prefix with what it negates (不|点灯, 防|摔, 全包防|指纹)
            if self.glued(i) and CJK.match(toks[i + 1]) and r.free(i + 1):
                lone = t in NEGATORS or t in ANTI or t in REMOVERS
                if lone or (t[-1] in ANTI and len(t) > 1 and not self.is_word(t)):
                    r.claim(i, i + 2, "negation" if t[0] in NEGATORS else "function")
                    continue
            # a negator or anti- prefix before a unit an earlier pass made (不|粘电烤盘, 防|丢绳: product units)
            # joins it: the unit says the opposite without it (a rewrite kept 粘电烤盘, "sticky grill plate"),
            # and the prefix alone joins whatever is kept next (苹果防 + 华为); the unit keeps its kind
            if (
                (t in NEGATORS or t in ANTI or t in REMOVERS) and r.free(i) and self.glued(i)
                and CJK.match(toks[i + 1]) and r.owner[i + 1] == i + 1 and r.kind_at(i + 1) not in _NOT_NEGATED
            ):
                r.claim(i, i + 2, "negation" if t in NEGATORS else "function")
                continue
            if i == 0 or not self.glued(i - 1) or not CJK.match(toks[i - 1]):
                continue
            prev_free = r.free(i - 1) and toks[i - 1] not in v.function
            prev_ok = prev_free and not self.is_product(toks[i - 1])
            # (a number after it opens the next item: 钢琴|黑|1.3米)
            phrase_end = i == n - 1 or not self.glued(i) or self.is_num(i + 1)
            # a colour name closed by one colour character (土豪|金) or by a word in 色 (枫樱|木色, 黑|红色); a
            # word a list knows as no colour says something else (新款|白色 is a new white one, 纯棉|白色 cotton)
            # before one colour character that ends the phrase, a product word other than the one sold
            # names a colour too (西瓜|红, 抹茶|绿 in a mouse pad's or a phone case's title)
            # (a lone 色 closes a colour name whatever follows, 木纹|色|音响 is a woodgrain-coloured speaker, unless
            # it begins a word with the next character and ends none with the previous one: 盟友|色|粉笔, 色粉)
            closes = t == "色" and i + 1 < n and not (
                self.is_word(t + toks[i + 1][:1]) and not self.is_word(toks[i - 1][-1:] + t)
            )
            named = len(t) == 1 and t in COLOUR_CHARS and (phrase_end or closes)
            colour_ok = prev_ok or (named and prev_free and toks[i - 1] not in self.sold)
            if (
                colour_ok
                and r.free(i)
                and self._colour_name(toks[i - 1], named)
                and (named or (len(t) == 2 and t.endswith("色")))
            ):
                r.claim(i - 1, i + 1, "colour")
            # an edition word closes the word before it (特惠|款, 青春|版)
            elif t in EDITION and r.free(i) and (prev_ok or r.kind_at(i - 1) in ("model", "compat")):
                r.claim(i - 1, i + 1, r.kind_at(i - 1) or "word")

    def initials(self) -> None:
        """Single Latin letters joined by dots are one name (F.L, T.K, S.H.E): an initialism, never two words."""
        toks, n, r = self.tokens, self.n, self.r
        i = 0
        while i < n:
            j = i
            while j + 1 < n and self.gap(j) == "." and len(toks[j]) == 1 and len(toks[j + 1]) == 1:
                if not (_LATIN.match(toks[j]) and _LATIN.match(toks[j + 1]) and r.free(j) and r.free(j + 1)):
                    break
                j += 1
            if j > i:
                r.claim(i, j + 1, "word")
            i = j + 1

    def debris(self) -> None:
        """A lone character is a piece of a word: it joins the word it was cut from.

        jieba cuts unknown words into single characters (咔|咔鱼, 单|a|面) and
        splits a suffix off its word (广场|舞, 笔记本|子, 卡通|壳). A lone
        Chinese character or Latin letter joins the unit after it when it is a
        word-forming prefix (:data:`PREFIXES`: 带|显示屏, 超|静音), a
        one-character adjective (jieba's tag ``a``: 笔杆|重|手感, 软|硅胶, 宽|50cm;
        not a colour character, nor before a buyer or a maker; before a model
        it stands alone: 硅胶|软|gem-703l) or begins a phrase, else the unit
        before it. A suffix — a character that ends
        :data:`SUFFIX_RATIO` times as many dictionary words as it begins
        (:meth:`Segmenter.edge_counts`: 式, 级, 型) — closes the word before
        it, unless that is a bare number, even when a product word follows
        (按动|式|中性笔芯 was read as 按动 + 式中性笔芯, and a rewrite kept 式
        alone). Function words (的, 和) stay alone.
        """
        toks, n, r, v = self.tokens, self.n, self.r, self.v
        for i in range(n):
            t = toks[i]
            if len(t) != 1 or not (CJK.match(t) or _LATIN.match(t)) or t in _FUNCTION_CHARS:
                continue
            if self.kinds(t) & FACTUAL:
                continue  # a one-character attribute (男, 女, 夏) is a word of its own, not a piece of one
            if not r.free(i) and not (r.alone(i) and v.is_cn_qty(t)):
                continue
            # a one-character adjective modifies the word after it (金属笔杆|重|手感, 软|硅胶, 宽|50cm), a word
            # of two or more characters; a colour character is left to the colour rules (神秘|黑 is a colour
            # name, 白|灰色 one colour), and lone characters in a row to lone_runs (暗|明|尖)
            # (a prefix or an adjective before a quantity joins it too: 大|2匹, 宽|50cm, 送|50支)
            adjective = t in v.adjectives and t not in PREFIXES and self.lex.group_of(t) != "颜色"
            modifier = t in PREFIXES or (
                adjective and i + 1 < n and len(toks[i + 1]) > 1
                and (CJK.match(toks[i + 1]) is not None or self.is_qty(i + 1))  # (not a model: 硅胶|软|gem-703l)
                and not (i > 0 and self._loose(i - 1))
                # (it describes a thing, not the buyer or the maker: 内裤女胖|学生, 冰柜冷|海尔)
                and not self.lex.is_audience(toks[i + 1]) and not self._any_brand(toks[i + 1])
            )
            after = self.glued(i) and bool(
                CJK.match(toks[i + 1]) or _LATIN.match(toks[i + 1]) or (modifier and self.is_qty(i + 1))
            )
            before = i > 0 and self.glued(i - 1) and bool(CJK.match(toks[i - 1]) or _ALNUM.match(toks[i - 1]))
            numeral = t in NUMERALS and len(toks[i + 1]) == 1 if after else False
            # the title's first word is its brand slot: a character glued to it ends the name (欧格|曼, 普乐|士)
            # (an adjective ends the first word, 成文|厚: a name jieba cut; after a brand unit it modifies the word
            # after it, 荣耀畅玩5|软|硅胶)
            # jieba cut a word across tokens (家|用电|暖气片, 饭店|后|厨刷碗): the character makes a word
            # with the start of the next token and none with the end of the previous one
            cut_word = (
                after
                and before
                and CJK.match(t)
                and self.is_word(t + toks[i + 1][:1])
                and not self.is_word(toks[i - 1][-1:] + t)
            )
            # (unless the dictionary says it begins the next word: 梦特娇|实|木质 is 实木, not a name 梦特娇实)
            name_end = (
                before and (i == 1 or (r.kind_at(i - 1) == "brand" and not modifier)) and t not in PREFIXES
                and not cut_word
            )
            if not name_end and adjective and after and _LATIN.match(toks[i + 1]) and len(toks[i + 1]) > 1 and not (
                self.is_qty(i + 1)
            ):
                # an adjective before a model or a Latin name describes neither (r9plus|软|r9sk, 防摔|软|play): a
                # unit of its own; before one letter it names a shape with it (深|v)
                continue
            # a suffix cut off its word (按动|式|中性笔芯, 工程|级|音响线) closes the word before it, whatever follows
            # (after a bare number it counts or names: 24|挂, 801|蒂|芙尼蓝)
            # (用 closes the word before even where it makes a word with the next character: 学生|用|书架 is
            # 学生用 书架, not 学生 用书 架)
            suffix = before and not self.is_num(i - 1) and (
                t == USE_SUFFIX or ((t in v.suffixes or t in self._title_suffixes) and not cut_word)
            )
            # between two Chinese words, with no rule and no dictionary word to place it, a character goes to a
            # side by default: the side it leaves is a soft edge (少女|心|日记本: 心 joins the product word)
            torn = (
                before and after and not (modifier or numeral or cut_word)
                and all(CJK.match(w) for w in (toks[i - 1], t, toks[i + 1]))
            )
            if name_end or suffix:
                j = i - 1
            elif after and (
                modifier or not before or _LATIN.match(t) or numeral or cut_word or self.is_product(toks[i + 1])
                or (self._begins_coined(i) and not CJK.match(toks[i - 1]))  # (801|蒂|芙尼蓝: no word with 801)
            ):
                j = i + 1
                if torn and not self._begins_coined(i):
                    self.soft.add(i)
            elif before:
                j = i - 1
                if torn:
                    self.soft.add(i + 1)
            elif after:
                j = i + 1
            else:
                continue
            kind = r.kind_at(j) or self.token_kind(j)
            r.claim(min(i, j), max(i, j) + 1, kind)

    @cached_property
    def _title_suffixes(self) -> frozenset[str]:
        """Characters that end :data:`TITLE_SUFFIX_WORDS` or more of the title's own words (two characters or more).

        The title says how it uses a character the dictionary uses both ways: a
        form title writing 出仓单, 领料单 and 清单 uses 单 as the suffix of a form,
        so a lone 单 after 送货 closes 送货单 (as a prefix it had joined the word
        after it: 单送货, and a rewrite kept 送货); a watch-strap title writing
        腕带 and 表带 reads 替换|带 as 替换带. Written once (超大 beside 加厚|大|号)
        it says nothing.
        """
        ends = Counter(w[-1] for w in self.tokens if len(w) > 1 and CJK.match(w[-1]))
        return frozenset(c for c, k in ends.items() if k >= TITLE_SUFFIX_WORDS)

    def lone_runs(self) -> None:
        """Lone characters in a row are one piece jieba could not place (会议|鹅|颈|麦克风, 吃|鸡|神器, luyao|璐|瑶).

        Taken one at a time by :meth:`debris`, they went to different sides
        (会议鹅 + 颈麦克风, and a short title kept 颈麦克风). The piece ends the name
        before it after a brand or a first word that is no product word, else
        joins the product word after it, else the word before it, else the word
        after it — never a selling word (冲|钻|特价: lint takes 特价 out of the
        unit and leaves a piece).
        """
        toks, n, r = self.tokens, self.n, self.r
        i = 0
        while i < n:
            j = i
            while j < n and self._loose(j) and (j == i or self.glued(j - 1)):
                j += 1
            if j - i >= 2:
                after = (
                    j < n and self.glued(j - 1) and bool(CJK.match(toks[j])) and not self.kinds(toks[j]) & _SELLING
                )
                before = (
                    i > 0
                    and self.glued(i - 1)
                    and bool(CJK.match(toks[i - 1]) or _ALNUM.match(toks[i - 1]))
                    and not self.kinds(toks[i - 1]) & _SELLING
                )
                first_name = i == 1 and not (self.is_product(toks[0]) or self.kinds(toks[0]))
                kind = "word"
                if before and (first_name or r.kind_at(i - 1) == "brand"):
                    a, b = i - 1, j
                elif after and self.is_product(toks[j]):
                    a, b, kind = i, j + 1, "product"
                elif before and CJK.match(toks[i - 1]):
                    a, b = i - 1, j
                elif after:
                    a, b = i, j + 1
                else:
                    a, b = i, j
                # (the kind of a unit the piece joins wins)
                r.claim(a, b, r.kind_at(a) or r.kind_at(b - 1) or kind)
            i = max(j, i + 1)

    def _loose(self, i: int) -> bool:
        """Token ``i`` is a free lone Chinese character that may be a piece of a word (no function word,
        attribute, suffix or numeral: those have rules of their own)."""
        t = self.tokens[i]
        return (
            len(t) == 1
            and CJK.match(t) is not None
            and self.r.free(i)
            and t not in _FUNCTION_CHARS
            and t not in self.v.function  # (jieba's function tags: 擦|得|干净, 得 the particle)
            and not self.kinds(t) & FACTUAL
            and t not in self.v.suffixes
            and not _CN_NUM.match(t)
        )

    def coined(self) -> None:
        """A word jieba coined from characters it does not know (机干, 笔重) straddles two words: join both.

        jieba's HMM pairs up characters its dictionary cannot place; in a
        title written without spaces such a pair is often the end of one word
        and the start of the next (烘衣|机干|衣柜), so the pair and its
        neighbours are one unit.
        """
        toks, n, r = self.tokens, self.n, self.r
        for i in range(n):
            t = toks[i]
            if not (r.free(i) and CJK.match(t) and len(t) >= 2 and not self.is_word(t)):
                continue
            if t in self.brand_words or self.kinds(t):
                continue
            a, b = i, i + 1
            joinable = (None, "product")
            if i > 0 and self.glued(i - 1) and CJK.match(toks[i - 1]) and r.kind_at(i - 1) in joinable:
                a = i - 1
            if self.glued(i) and CJK.match(toks[i + 1]) and r.kind_at(i + 1) in joinable:
                b = i + 2
            if b - a > 1:
                r.claim(a, b, "word")

    def modifiers(self) -> None:
        """A product word with the word glued before it (空气|加湿器, 视频|播放器, 婴儿|衣服).

        A Chinese noun phrase ends with its head and the word before names the
        kind; one modifier is taken, a free content word or another product word.
        """
        toks, n, r = self.tokens, self.n, self.r

        def size(i: int) -> int:
            s = r.owner[i]
            return 1 if s < 0 else r.spans[s][0] - s

        # right to left: a head takes the word right before it first (桌面|空气|雾化机: 空气雾化机)
        for i in range(n - 1, 0, -1):
            if (
                not self.glued(i - 1)
                or not CJK.match(toks[i])
                or not (CJK.match(toks[i - 1]) or _LATIN.match(toks[i - 1]))
            ):
                continue
            # a generic head (用品, 器材, 套装: lexicon generic_heads) names nothing without the word before it
            generic = bool(self.kinds(toks[i]) & GENERIC)
            if not (self.is_product(toks[i]) or generic) or r.kind_at(i) not in (None, "product"):
                continue
            # the word before the head's unit (中联 before 小|吊扇, already one unit)
            a = r.owner[i] if r.owner[i] >= 0 else i
            if a == 0 or not self.glued(a - 1) or not (CJK.match(toks[a - 1]) or _LATIN.match(toks[a - 1])):
                continue
            prev = toks[a - 1]
            k = r.kind_at(a - 1)
            if prev in self.v.function or prev in self.brand_words or k not in (None, "product"):
                continue
            if prev == toks[i] or self.kinds(prev) & (PROMO | SERVICE | DESCRIPTIVE | BANNED):
                continue  # a repeat (卫衣|卫衣) or a word that sells rather than names (包邮, 新款) is no modifier
            if size(a - 1) + size(i) <= MAX_PRODUCT_TOKENS:
                r.claim(a - 1, i + 1, "product")

    def counted(self) -> None:
        """A bare number that opens a phrase inside the title counts the product word after it (箱 3|风机, +2|话筒).

        Written against nothing before it, the number names no series (魔霸|3) and no spec of
        the word before; without its noun it says nothing, and the noun without it misstates
        the item (a rewrite kept 风机 of 3风机 15层).
        """
        toks, n, r = self.tokens, self.n, self.r
        for i in range(n - 1):
            # (at the title's start a number is as often the seller's article code: 587|摆件, 762|海报)
            # (and after another number it ends a list: 标致206,207,…,407|汽车 names models)
            if not (self.is_num(i) and r.free(i) and self.glued(i)) or i == 0 or self.glued(i - 1):
                continue
            if self.is_num(i - 1):
                continue
            if not (toks[i].isdigit() and len(toks[i]) <= 3) or toks[i] in self.facts.models:
                continue  # (a count is small; 4522 数显, 9906 全自动 are article numbers)
            if not CJK.match(toks[i + 1]) or r.kind_at(i + 1) not in (None, "product"):
                continue
            if self.is_product(toks[i + 1]) or toks[i + 1][-1] in HEAD_CHARS:
                r.claim(i, i + 2, "spec")
        # such a number (or Chinese numerals) measures or numbers any word no pass has read glued after it, in
        # a unit no list knows (19|涂鸦爱心, 3.5|单插版): without it the number is a number of nothing (a
        # rewrite wrote …软壳 19+挂绳); only a word of _COUNTED_KINDS, and at most two digits: three are an
        # article or model number (英雄钢笔 666|中小学生: token_kind), four a year (2019|全新); Chinese
        # numerals are never either
        for i in range(n - 1):
            numeral = toks[i] != "一" and all(c in NUMERALS for c in toks[i])  # (一: "per" after a price)
            alone = r.free(i) or (r.alone(i) and r.kind_at(i) == "spec")  # (十二, a spec of its own)
            if not ((self.is_num(i) or numeral) and alone and self.glued(i) and r.free(i + 1)):
                continue
            if i == 0 or self.glued(i - 1):
                # (glued to a word before it, it may end that: 42寸|32 of a list of sizes, 英语|一二; read both ways,
                # 充电器3|合一 came right, 档案本5|理发店 wrong, as many rewrites worse as better)
                continue
            if (not numeral and len(toks[i].split(".")[0]) > 2) or not CJK.match(toks[i + 1]) or self.is_product(
                toks[i + 1]
            ):
                continue
            if self.token_kind(i + 1) not in _COUNTED_KINDS:
                continue
            r.claim(i, i + 2, "spec")
        # a Chinese numeral written right after a count counts the word after it (2芯|三|钢丝: the spec took
        # 三 and a rewrite wrote 2芯三延长); elsewhere a lone numeral may be part of a name (honor九|游戏)
        for i in range(1, n - 1):
            if (
                self._counts_next(i) and r.free(i) and self.glued(i - 1) and self.is_qty(i - 1)
                and r.kind_at(i + 1) in (None, "product")
            ):
                r.claim(i, i + 2, "spec")

    def notes(self) -> None:
        text, r = self.text, self.r
        stack: list[tuple[str, int]] = []
        pairs: list[tuple[int, int]] = []
        for pos, ch in enumerate(text):
            if ch in _OPENERS:
                stack.append((ch, pos))
            elif stack and ch == _OPENERS[stack[-1][0]]:
                _, p = stack.pop()
                pairs.append((p, pos))
        for p, q in pairs:
            inside = [i for i in range(self.n) if p < self.starts[i] and self.ends[i] <= q]
            if not inside or len(inside) > MAX_NOTE_TOKENS:
                continue
            a, b = inside[0], inside[-1] + 1
            if any(r.kind_at(i) == "brand" for i in range(a, b)):
                continue
            owners = {r.owner[i] for i in range(a, b)}
            if len(owners) == 1 and -1 not in owners and r.kind_at(a) in ("spec", "model", "compat", "colour"):
                continue  # already one unit that says what the item is: it keeps its kind (适用3-7人)
            if b - a == 1 and r.kind_at(a) in (None, "spec", "model", "compat", "colour", "brand"):
                continue
            # a note in brackets (【送贴膜工具】: a gift, 【磨砂防指纹】: an aside) is a note, even naming a product
            r.claim(a, b, "note", override=True)

    def excluded(self) -> None:
        """A gift or exclusion phrase (送剪刀+胶棒, 不含主板) is one note: kept or dropped whole.

        Cut, it leaves a dangling 送 or, worse, states the gift as the item
        sold (送|8G|u盘 -> 8G).
        """
        for a, b in excluded_phrases(self.terms):
            if any(self.r.kind_at(i) == "brand" for i in range(a, b)):
                continue
            self.r.claim(a, b, "note", override=True)

    def lone_compat(self) -> None:
        """A compatibility phrase never stands alone (适用于 | 苹果iphone8/7): it joins the names after it.

        Nor does it with the size of the device it fits (适用于15.6英寸 | 联想ideapad 340c-15): dropping
        the phrase and its size would leave another company's name standing as if the item were its.
        """
        r, toks = self.r, self.tokens
        starts = {p.start for p in self.fits}
        for a, (stop, kind) in sorted(r.spans.items()):
            if stop >= self.n or a not in starts:
                continue
            text = "".join(toks[a:stop])
            sized = kind == "spec" and any(text.startswith(p) for p in self.one_word_fits)
            if not (sized or (kind == "compat" and text in self.one_word_fits)):
                continue
            nxt = r.kind_at(stop)
            if nxt in ("compat", "model", "brand") and (self.glued(stop - 1) or self.gap(stop - 1).strip() == ""):
                end = r.spans[r.owner[stop]][0]
                r.claim(a, end, "compat", override=True)

    def lead_run(self) -> None:
        """The name at the title's head is one unit: the brand or first unknown word and the unknown words after it.

        Sellers write the brand first (品牌 + 商品名称), as the brand field
        names it; jieba cuts a name it does not know into everyday words
        (恒福|好太太 read as 恒福好|太太, 大口|百成, 四方|伙伴, 威望|旋风), and
        detection finds at most the first of them. Kept apart, a rewrite
        keeps that first piece and drops the rest, and the brand is cut
        (恒福好120L…). So the first unit after the tags and selling words
        (:data:`BEFORE_BRAND`), when it is the brand or a ``word`` (a content
        word no list knows), takes the ``word`` units glued after it; a unit of
        any known kind, a space, a mark or a word ending in a product head
        character (看戏|机) ends it. A run longer than :data:`MAX_NAME_CHARS`
        characters is no name and is left alone, as :meth:`lead_name` leaves one.
        The run counts as a name only where its end is visible (below): a run of
        unknown words glued into the rest of the title may as well describe the
        item (长虹|大功率|家用电暖器), and a brand fixed in a rewrite must not take a
        description with it. (:meth:`lead_name` reads a name jieba cut into single
        characters before the other passes claim them; this pass, after them,
        joins the name's pieces they left as unknown words, before
        :meth:`compounds` pairs the unknown words left.)
        """
        r = self.r
        spans = sorted(r.spans.items())
        k = 0
        while k < len(spans) and spans[k][1][1] in BEFORE_BRAND:
            k += 1
        if k >= len(spans) or self._claim_spaced_name(spans[k][0]) or spans[k][1][1] not in ("brand", "word"):
            return  # (no head, a name closed by a space claimed, or a head of a known kind)
        a, (b, kind) = spans[k]
        first = "".join(self.tokens[a:b])
        twin = self._chinese_twin(spans[k + 1 : k + 4]) if _LATIN.match(first) else None
        if twin is not None:
            # a Latin name and one short Chinese name glued after it, maybe past where it is from: its name
            # in the other script (PHOTOHOUSE|小企鹅 户外…, uni|日本|三菱, plus|普乐士), as a bracket or a
            # slash shows it elsewhere (先科（SAST）, SAST/先科)
            r.claim(a, twin, kind, override=True)
            return
        length, stop = len(first), b
        for s, (e, kd) in spans[k + 1 :]:
            text = "".join(self.tokens[s:e])
            if kd != "word" or not self.glued(s - 1) or not CJK.match(text) or text[-1] in HEAD_CHARS:
                break
            if length + len(text) > MAX_NAME_CHARS:
                return  # a run of unknown words longer than a name is no name (直映|辅助|识字|软件|学前…)
            length, stop = length + len(text), e
        if stop == b:
            return
        # where the run ends must show the name ends there: a space, a mark, the title's end or a fit
        # phrase (威望|旋风|适用…); glued into more words it may be a description (长虹|大功率|家用…), unless
        # the brand itself is a word jieba coined or seldom sees, the sign of a name it cut (恒福好|太太|120l),
        # and no brand of the list
        visible = not self.glued(stop - 1) or any(i == stop for i, _, _ in self.fits)
        cut = (
            kind == "brand" and b - a == 1 and CJK.match(first) and self.frequency(first) < RARE_WORD_FREQ
            and not self.kinds(first) & BRAND  # (a brand of the list is whole already)
        )
        if visible or cut:
            r.claim(a, stop, kind, override=True)

    def compounds(self) -> None:
        """Two words no list knows, glued, are one compound (自动|断电, 工作|细胞, 四方|伙伴).

        jieba cuts a phrase its dictionary lacks into the words it has; what
        no pass claimed stays a ``word`` unit of its own, and a rewrite kept
        one half and dropped the other (``自动`` of 自动断电, ``工作`` of the
        anime 工作细胞): either half alone reads as a fragment and says less
        than the phrase, or something else. Two such units glued (no space or
        mark between them) make one unit of at most :data:`MAX_COMPOUND_CHARS`
        characters, paired from the left. Measured (session 19, JD dev): broken
        labelled entities 1,232 -> 1,196, every model 91.33 -> 91.56%; with six
        characters 1,182 but findability and short titles fell.
        """
        def pair(a: int, b: int, kd: str, c: int, d: int, kd2: str) -> str | None:
            ta, tb = "".join(self.tokens[a:b]), "".join(self.tokens[c:d])
            joined = (
                kd == "word" and kd2 == "word" and self.glued(b - 1) and CJK.match(ta) and CJK.match(tb)
                and len(ta) + len(tb) <= MAX_COMPOUND_CHARS
            )
            return "word" if joined else None

        self._join_neighbours(pair, chain=False)

    def searched(self, phrase_value: Callable[[str], float]) -> None:
        """Move a boundary between two glued units that splits a searched phrase to the phrase's edge.

        jieba cuts a phrase its dictionary lacks into words that later passes
        join to their other neighbours (广场 + 舞播放器音响, 自动压枪和平 + 精英 of
        the game 和平精英), and a rewrite that drops one unit leaves the phrase's
        other half as a fragment (新科舞播放器). A phrase buyers search (the
        keyword table's, at least two tokens) that begins in one unit and ends
        in the next moves the boundary to its edge, so it lies in one unit: the
        later unit's first words join the earlier one (广场舞 | 播放器音响), or,
        when the phrase ends the later unit, the earlier unit's last words join
        it (自动压枪 | 和平精英), unless the earlier unit is a product unit, whose
        last word is its head (a query 加湿器家用 does not take 加湿器 away from
        空气加湿器). Only for a phrase holding a lone character or a word no list
        knows, the pieces jieba leaves of a word it lacks (words the lists read,
        searched together, 迷你|便携, are a phrase and stay as read); only between
        units of the kinds :data:`SEARCH_MOVABLE` names; only when the new
        boundary splits no word jieba or the table knows (快递打|包装 would split
        打包); and only when the unit the words leave keeps two characters or more
        (金刚菩提|根: 根 alone would be a fragment). A phrase jieba cut inside a
        token (开水|机数|显 of 开水机) is out of its reach.
        """
        r, toks = self.r, self.tokens
        spans = sorted(r.spans.items())
        for k in range(len(spans) - 1):
            a, (b, kd) = spans[k]
            if r.spans.get(a, (None,))[0] != b:
                continue  # an earlier move changed this unit
            d, kd2 = r.spans[b]
            if kd not in SEARCH_MOVABLE or kd2 not in SEARCH_MOVABLE or not self.glued(b - 1):
                continue
            best: tuple[int, float, int] | None = None  # (chars, value, new boundary)
            for s in range(a, b):
                if not all(self.glued(x) for x in range(s, b - 1)):
                    continue
                for e in range(b, d):
                    if e > b and not self.glued(e - 1):
                        break
                    if s == a and e == d - 1:
                        continue  # the phrase is both units whole: no unit split
                    phrase = "".join(toks[s : e + 1])
                    if len(phrase) > MAX_SEARCHED_CHARS or not CJK.match(phrase):
                        continue
                    value = phrase_value(phrase)
                    if value <= 0:
                        continue
                    if not any(len(toks[x]) == 1 or self.token_kind(x) == "word" for x in range(s, e + 1)):
                        continue  # words the lists read, searched together (小型|迷你): a phrase, no word cut
                    into_later = e == d - 1 and s > a
                    if into_later and kd == "product":
                        continue
                    m = s if into_later else e + 1
                    rest = toks[a:m] if into_later else toks[m:d]
                    if sum(map(len, rest)) < 2 or not self._splits_no_word(m, phrase_value):
                        continue  # (a lone character left behind is a fragment: 金刚菩提|根)
                    cand = (len(phrase), value, m)
                    if best is None or cand[:2] > best[:2]:
                        best = cand
            if best is not None:
                r.move_boundary(a, best[2])

    def _splits_no_word(self, m: int, phrase_value: Callable[[str], float]) -> bool:
        """A boundary before token ``m`` splits no word of two to four characters jieba or the keyword table knows."""
        if not self.glued(m - 1):
            return True
        p = self.starts[m]
        left = "".join(self.tokens[max(0, m - 3) : m])[-3:]
        right = "".join(self.tokens[m : m + 3])[:3]
        for i in range(1, len(left) + 1):
            for j in range(1, len(right) + 1):
                if i + j > 4:
                    break
                w = left[-i:] + right[:j]
                if self.text[p - i : p + j] == w and (self.is_word(w) or phrase_value(w) > 0):
                    return False
        return True

    def soft_edges(self) -> None:
        """Two units glued across a **soft edge** are one: the edge may lie inside a word jieba does not know.

        jieba cuts a word its dictionary lacks (少女心, 美术生, 新入职) into the words it
        has and a character it cannot place (少女|心, 美术|生, 新|入职). :meth:`debris` gives
        such a character to one side: by a rule (a prefix, a suffix, an adjective, a
        numeral), by the dictionary (家|用电: 家用 is a word) — or, when neither says
        anything, by default: the product word after it (少女|心|日记本 read 少女 +
        心日记本), else the word before it (美术|生|专用 read 美术生 + 专用). The side a
        default leaves is a soft edge: the word may run across it, and a rewrite that
        dropped one unit of the two left a piece of the word (…粉色心手账本, …全套专用).
        Two glued units of the :data:`SOFT_KINDS` across a soft edge become one unit, of
        the more important kind, when they have at most :data:`MAX_SOFT_CHARS` characters
        together (少女心日记本, 美术生专用, 毕业季礼物). Left to right, so a joined unit
        may take the next one too within that length. A character the dictionary places
        (家|用电) and a unit the rules of its kind bound (a brand, a model, a number with
        its unit) leave no soft edge: no jieba word is known to run across those.
        """
        def across(a: int, b: int, kind: str, _c: int, d: int, kind2: str) -> str | None:
            joined = (
                b in self.soft and self.glued(b - 1) and kind in SOFT_KINDS and kind2 in SOFT_KINDS
                and self.ends[d - 1] - self.starts[a] <= MAX_SOFT_CHARS
            )
            return kind if joined else None  # (claimed so, the unit takes the more important of the two kinds)

        self._join_neighbours(across, chain=True)

    def _join_neighbours(self, kind_of: Callable[[int, int, str, int, int, str], str | None], *, chain: bool) -> None:
        """Join neighbouring units, left to right, where ``kind_of(a, b, kind, c, d, kind2)`` names the joined kind.

        ``[a, b)`` and ``[c, d)`` are two neighbouring units with their kinds. With ``chain``
        a joined unit is offered to its next neighbour too (:meth:`soft_edges`); without, the
        walk goes on after the pair (:meth:`compounds`: two words make one, never three).
        """
        r = self.r
        spans = sorted(r.spans.items())
        k = 0
        while k + 1 < len(spans):
            a, (b, kd) = spans[k]
            c, (d, kd2) = spans[k + 1]
            kind = kind_of(a, b, kd, c, d, kd2)
            if kind is None:
                k += 1
                continue
            r.claim(a, d, kind)
            if chain:
                spans[k] = (a, r.spans[a])
                del spans[k + 1]
            else:
                k += 2

    def _claim_spaced_name(self, a: int) -> bool:
        """Claim the Chinese words from token ``a`` to the first space as one name when they read as one; say if so.

        Sellers write the brand first and a space after it (真皮世家 快充数据线,
        果粉师傅 【…】, 炊之王 直饮水机): jieba cuts a name it does not know into
        words of other kinds (真皮 a material, 果粉 a product), and a rewrite kept
        one and dropped the rest. The words up to the space are one ``word`` unit
        (the brand slot) when they are two to :data:`MAX_SPACED_NAME_CHARS`
        characters in more than one token, one of them a word no list knows (世家,
        师傅), none a brand, a claim or a selling word, and the last a noun by
        jieba's tags and no product word (男士卫衣 加绒: a product phrase, not a name).
        """
        toks, n, r = self.tokens, self.n, self.r
        j = a
        while j < n and self.glued(j):
            j += 1
        if j >= n - 1 or not self.gap(j).startswith(" ") or j == a:
            return False
        words = toks[a : j + 1]
        if not all(CJK.match(t) for t in words) or not 2 <= sum(map(len, words)) <= MAX_SPACED_NAME_CHARS:
            return False
        if self.is_product(words[-1]) or self.kinds(words[-1]) & GENERIC:
            return False
        if self.is_word(words[-1]) and words[-1] not in self.v.nouns:
            return False  # a name ends in a noun (世家, 师傅, 伙伴), not a verb or an adjective (加厚|保暖 卫衣)
        if any(self.kinds(t) & (BRAND | _SELLING | DESCRIPTIVE) or t in self.one_word_fits for t in words):
            return False  # (a word that sells or describes names no maker: 暑期|新品 is a promotion)
        if not any(self.token_kind(i) == "word" for i in range(a, j + 1)):
            return False
        if any(s < a or e > j + 1 for s, (e, _) in r.spans.items() if s <= j and e > a):
            return False  # a unit reaches past the name's ends
        r.claim(a, j + 1, "word", override=True)
        return True

    def _chinese_twin(self, nxt: list[tuple[int, tuple[int, str]]]) -> int | None:
        """Where the Chinese name after a Latin one ends, or None: the first of the units ``nxt`` (after one
        place it is from, 日本|三菱) is a short Chinese word jieba does not know, seldom sees or tags as a
        name, glued to the unit before it and not to another unknown word after it (a name, not the start
        of a description)."""
        if len(nxt) > 1 and nxt[0][1][1] == "service" and self.lex.group_of(self._text(nxt[0])) == ORIGIN_GROUP:
            if not self.glued(nxt[0][0] - 1):
                return None
            nxt = nxt[1:]  # (uni|日本|三菱: where the maker is from, between its two names)
        if not nxt:
            return None
        s, (e, kd) = nxt[0]
        text = self._text(nxt[0])
        if kd != "word" or not self.glued(s - 1) or not CJK.match(text) or not 2 <= len(text) <= 4:
            return None
        if text[-1] in HEAD_CHARS:
            return None
        if self.frequency(text) >= RARE_WORD_FREQ and text not in self.v.names:
            return None  # (a word jieba knows well says something: XGE|车载 is an in-car one; 三菱 is a name)
        if len(nxt) > 1 and nxt[1][1][1] == "word" and self.glued(e - 1):
            return None
        return e

    def _text(self, span: tuple[int, tuple[int, str]]) -> str:
        a, (b, _) = span
        return "".join(self.tokens[a:b])

    # kinds of single tokens ------------------------------------------------------

    def token_kind(self, i: int) -> str:
        t = self.tokens[i]
        lex, v = self.lex, self.v
        if t in self.brand_words:
            return "brand"
        if t in self.product_set:
            return "product"
        if self.is_model(i) or t in self.facts.models:
            return "spec" if self.v.is_qty(t) else "model"
        if t.isdigit() and len(t) >= 3 and not YEAR.match(t):
            # a whole number of three or more digits that counts nothing (no unit joined it) is an
            # article or model number (货号 58183, 9597/蓝套尺, 304): it names the item, like a model
            return "model"
        if self.is_num(i) or self.is_qty(i):
            return "spec"
        kinds = self.kinds(t)
        if kinds & BRAND:
            return "compat"
        if kinds & PRODUCT:
            return "product"
        group = lex.group_of(t)  # (a listed attribute first: 不锈钢 is a material, 无线 a parameter)
        if group is not None:
            return _GROUP_KINDS.get(group, "attribute")
        if t in self.one_word_fits:
            return "compat"
        if kinds & PROMO:
            return "promo"
        if kinds & SERVICE:
            return "service"
        if kinds & DESCRIPTIVE:
            return "style"
        if len(t) > 1 and CJK.match(t):
            if t[0] in NEGATORS:
                return "negation"
            if t[0] in ANTI:
                return "function"
            if t.endswith("色"):
                return "colour"
            if self._scene(t):
                return "scene"
        if t in v.function or (len(t) == 1 and CJK.match(t) and t in "的等及和与或之"):
            return "filler"
        return "word"

    def unit(self, a: int, b: int, kind: str) -> Unit:
        s, e = self.starts[a], self.ends[b - 1]
        text = self.text
        body = text[s:e]
        # a bracket around a note, the closing bracket of a twin name
        if kind == "note" and s > 0 and text[s - 1] in _OPENERS and text[e : e + 1] == _OPENERS[text[s - 1]]:
            s, e = s - 1, e + 1
        elif kind == "spec" and text[e : e + 1] == "°":
            e += 1  # the degree sign the spec's number is written with (360°)
        else:
            opened = [c for c in body if c in _OPENERS]
            if opened and text[e : e + 1] == _OPENERS[opened[-1]] and body.count(_OPENERS[opened[-1]]) < len(opened):
                e += 1
        return Unit(kind, a, b, text[s:e])


def _joins_model(gap: str) -> bool:
    """A gap made of one or two model joiners (``-``, ``/``, ``+/``: s8+/plus), spaces aside."""
    g = gap.strip()
    return 0 < len(g) <= 2 and all(c in _MODEL_JOINERS for c in g)


def _two_scripts(a: str, b: str) -> bool:
    """One word is Latin and the other Chinese (sast / 先科): a name written in two scripts."""
    return bool((_LATIN.match(a) and CJK.match(b)) or (CJK.match(a) and _LATIN.match(b)))
