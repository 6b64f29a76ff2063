"""What a listing *is*: its brand, core product word and model numbers.

A rewrite must keep these without being told (a seller's brand, the thing
being sold, ``iPhone15 Pro``), and relevance of keywords is decided by the
product word. Detection uses only the title, the listing's own brand/category
fields, the shipped dictionaries, jieba's word list and the keyword table;
nothing is learnt from evaluation data. Real titles are messy — leading tags
(``【香港专柜】``, ``[转卖]``), service words (包邮, 正品, 现货), place names,
a brand written twice (``shiseido资生堂``, ``midea/美的``) and several product
words — and every rule below exists because of one of those habits.

Rules (documented in docs/real_data.md):

* **brand** — the ``brand`` given; else known brands from ``brands.txt`` in the
  title (not after a compatibility phrase such as 适用于), unless the title
  starts with a leading name before them (``闪觅 华为P30手机壳``: a third-party
  accessory names its seller first and the device it fits after); else the
  **leading name**: skip a leading bracketed tag and up to :data:`MAX_LEAD_SKIP` leading
  service, promotion, place or number tokens, then take the first token when
  it is a name — a Latin word that is not a model number or a common
  technical word (``ELLE``, ``boray``), or a Chinese word of 2–4 characters
  that jieba does not know or knows only as a rare word (coined names such as
  史黛丝; jieba frequency below :data:`RARE_WORD_FREQ`) and that is not a
  product, attribute or service word. A single character glued to an unknown
  word (瑞 + 迈特) joins it. A brand is often **written twice**, Latin and
  Chinese, side by side or across a slash (``boray/铂锐``, ``maxigenes美可卓``):
  the neighbouring name is kept as a second alias (:attr:`ListingFacts.brands`).
* **product words** — candidates are title tokens that are (a) in
  ``product_words.txt`` or the category; (b) **head-final compounds**: Chinese
  noun phrases end with their head, so a token ending in a dictionary product
  word (电子相框 → 相框) or in a common product-head character
  (:data:`HEAD_CHARS`: 净化器, 试管架, 枸杞茶) is a product noun, and so is a lone
  ambiguous head (:data:`PHRASE_END_HEADS`: 片 号 猫 …) glued to the word before
  it where the phrase ends (蜂蜜|片 + space), and so is any lone character (no
  function word or attribute) glued after a dictionary product word where the
  phrase ends (蛋糕|粒 + 500g; not an adjective by jieba's tags: 空调|大|1匹); (c) content
  words **repeated** in the title (sellers repeat the thing they sell:
  灵芝 … 无柄灵芝 … 木灵芝), but not attribute or style words, which sellers
  repeat too (百搭 … 百搭, 创意 … 创意); (d) with a keyword table (``phrase_value``), up to
  :data:`MAX_JOIN` glued tokens that buyers **search as one unit** and that
  end in a product word or head character (拌|饭|酱, 挡风玻璃|水): jieba cuts
  titles differently from short queries, and a searched phrase is one product
  word, ranked like a dictionary word. A dictionary word only *inside* a longer token that
  it does not end (包 in 包邮, 手机 in 手机壳) is a modifier, not a product
  word; single-character product words count only as whole tokens. The
  **core** one maximizes a score: dictionary > head-final > repeated, plus
  repetitions and keyword value, minus a penalty when the next token is
  itself a product word (茶叶|包装袋: 茶叶 modifies 包装袋) — not one that
  leads others (打印机|手机照片: 手机 opens the next phrase) — and the same
  penalty for a word that begins several longer words of the dictionary
  (手机: 手机壳, 手机膜, 手机支架): in a title it mostly says what an
  accessory is for (笔记本|外壳|贴膜), and for the device a fit phrase's list
  runs into when it ends in such a word (适用于…战神Z7-CT7VH|笔记本电脑: the
  laptop a sticker fits); ties to the later one.
  A generic head (``generic_heads.txt``: 套装, 礼盒) is the core only when no
  other word names the product (摄像头…套装 sells a camera; a repeated 套装
  used to outrank it), and it does not make the word before it a modifier
  (摄像头|套装); a service sold (安装) comes after both.
  A product word written against 味 or 口味 (草莓|味 饼干) names a flavour,
  one against 店, 馆, 厅 or 铺 (奶茶|店 点餐机) a place, and one before one
  colour character that closes the phrase (苹果|灰 on a laptop sleeve, 西瓜|红) a colour:
  it stays a candidate, but only a weak one (kind 1).
  A noun jieba knows, written right after a product word where the phrase
  ends (枸杞|胶囊 + space), is a weak candidate too: the head the product word
  modifies, which no dictionary may list.
  A title with none of (a)–(c) falls back on its **nouns** (jieba's
  part-of-speech tags; verbs and adjectives such as 可调, 通用 describe or
  sell the item), the last one first: the head of a Chinese noun phrase is
  its last noun; nouns jieba knows come before words it coined from unknown
  characters (凑|拍, 买三送: pieces of service phrases).
* **protected** — brand aliases, the core product word, up to
  :data:`MAX_PROTECTED_PRODUCTS` dictionary or head-final product words in
  all (titles often name the item several ways — 除湿机、抽湿机 — and a
  rewrite that keeps one of them but drops another loses searches), up to
  :data:`MAX_NAMES` other name-like tokens (unknown to jieba: a second brand,
  a series name; no keyword table can value them, so a rewrite would drop
  them first), the word glued before the core (伺服|驱动器: modifier and head
  name the product together), and models. A brand or compound spread
  over several tokens is protected through its tokens.
* **models** — Latin/number tokens mixing letters and digits (``g1610``,
  ``spf50``, ``iphone15pro``) and the Latin words that directly follow a model
  (``pro``, ``max``): changing them changes what is sold.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .lexicon import BANNED, BRAND, DESCRIPTIVE, FACTUAL, GENERIC, PRODUCT, PROMO, SERVICE
from .normalize import normalize_term
from .segment import NUMBER
from .terms import CJK, DIMENSION_TAIL, TitleTerms

_MODEL = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9.+\-]+$")
_LATIN_WORD = re.compile(r"^[a-z][a-z&'\-]*$")
#: A count glued to a Latin product noun (6dvd, 2lp, dvd9): group 1 is the noun.
_COUNTED = re.compile(r"^\d*([a-z]{2,})\d*$")
#: A Latin name or model an ambiguous brand alias is written against (苹果|ipad, 苹果|xs).
_LATIN_NAME = re.compile(r"^(?=.*[a-z])[a-z0-9.+\-]+$")
#: A Latin name written against its model number (iwatch|5, iphone|15pro): the name.
_LATIN_HEAD = re.compile(r"[a-z]{3,}(?=\d)")
#: A Latin word glued to a Chinese noun (t恤衫, led灯): group 1 is the Chinese part.
_LATIN_LED = re.compile(r"^[a-z][a-z0-9]*([\u4e00-\u9fff]+)$")
#: Latin words that continue a model name (iPhone15 Pro Max).
MODEL_SUFFIXES = frozenset({"pro", "max", "plus", "mini", "ultra", "lite", "se", "air", "s", "e", "note"})
#: Latin words that are technology or style words, never a brand on their own.
COMMON_LATIN = frozenset(
    "led lcd usb wifi diy ins ppt pvc pu pe pp abs cpu gps dvd cd tv ic ok vip new hot top ab "
    "hd pc mp3 mp4 app ce ul rohs oem odm sos spa bb cc dna ai vr ar 3d 4k the".split()
)
#: Characters that end Chinese product nouns (head-final compounds: 净化器, 试管架, 枸杞茶).
#: General word-formation knowledge; ambiguous heads (头 水 面 米 品 件 片 装) are left out.
HEAD_CHARS = frozenset(
    "器机仪表架柜箱盒包袋瓶罐杯壶锅碗盘碟勺铲刀剪钳锤锯尺笔本册卡贴膜垫罩套帽巾绳链扣夹针钉锁灯扇炉灶"
    "床椅凳桌台帘毯被枕席鞋靴袜衣衫裙裤服镜戒镯坠环霜膏乳液露油粉茶酒糖饼糕酱奶车球拍杆伞管线板砖棒棍"
    "网屏筒圈条丸胶漆纸布皂蜡笼篮桶缸盆钩铃哨签牌币画票券泵阀栓剂芯辊盏钞枪"
    "粮泥框篓筐梳籽苗兜艇桨锭柱轮鞭蛋"
)
#: Head characters that are also common non-heads (一片, 带有, 型号, 面对): a product head only
#: as a lone character glued to the word before it at the end of a phrase (蜂蜜|片 + space, 牙刷|头 + number).
PHRASE_END_HEADS = frozenset("片头品件装面米水卷封章猫号带门贴模素饭")
#: Words that turn the product word written before them into a flavour (苹果|味, 草莓|口味).
FLAVOUR_MARKS = frozenset({"味", "口味"})
#: Characters that make the word written before them a place (奶茶|店, 咖啡|馆, 火锅|店): the
#: shop or room an item is for, not what it sells (奶茶店点餐机 sells an ordering machine).
PLACE_MARKS = frozenset("店馆厅铺")
#: One-character colour words that close a colour name (土豪|金, 玫瑰|红, 西瓜|红 on a mouse pad; but
#: 保温杯|银 is a silver cup: detection makes a product word before one only a weak candidate, still the
#: product when nothing else names one, and the unit reader reads a colour name only when the word is not
#: the one sold).
COLOUR_CHARS = frozenset("红橙黄绿青蓝紫黑白灰粉金银棕褐米色")
#: The character that, after a noun, says whom or what the item is for (学生|用, 办公|用, 手机|用: X用, as in
#: the dictionary's 家用, 商用, 医用; the unit reader reads a word ending in it as a scene, and before a model
#: number it is no brand, 家用 K8). It ends three times as many of jieba's words as it begins (577 to 189),
#: short of the unit reader's suffix ratio, since 用 is also a verb that opens words (用品, 用途); alone and
#: glued after a word it is the suffix, and closes that word.
USE_SUFFIX = "用"
#: "The same style as": after a name, what the item resembles (康佳同款, 明星同款), never who made it.
SAME_STYLE = "同款"
#: Words that make the product word written right after them a gift (送支架, 赠送钢化膜, 附送挂绳):
#: the thing given away with the listing, never the thing it sells.
GIFT_MARKS = frozenset({"送", "赠", "赠送", "附送", "加送", "另送", "免费送"})
#: Mobile operating systems, written beside a phone maker's name to say what an accessory works
#: with (苹果安卓通用: for Apple and Android phones): Android (Google), iOS (Apple), HarmonyOS (华为's 鸿蒙).
OS_NAMES = frozenset({"安卓", "android", "ios", "鸿蒙", "harmonyos"})
#: Words that put what follows them, to the end of their phrase, outside the item sold: what the
#: listing does not include (主板|不含 microbit|主板, 不|包含|投影仪). Written anywhere in a phrase.
EXCLUDE_MARKS = frozenset({"不含", "不包含", "不含有", "不附带", "不配"})
#: Words that do the same only when they open a phrase (【赠|两个|笔头+防误触|手套】, （无|显示器）,
#: +送|清洁|套装): mid-phrase they are parts of a name (送|女友|项链 is a necklace; 无|钢圈|文胸 a bra).
LEAD_EXCLUDE_MARKS = GIFT_MARKS | {"无", "没有", "不带"}
#: Gaps that continue a list of excluded things (送笔头+手套, 不含A/B); any other gap ends the phrase.
_LIST_GAPS = frozenset("+、/&,，＋")
#: An exclusion phrase longer than this (in tokens, its marker included) is read as no such phrase.
MAX_EXCLUDED_TOKENS = 8
#: Characters that end a phrase without naming a product (椅子|等, 宝宝|用).
FUNCTION_CHARS = frozenset("的等及和与或用送买带装款型式是在为")
#: Leading service/promotion/provenance words that come before the brand (包邮 正品 日本 …).
LEAD_WORDS = frozenset(
    "包邮 正品 正版 原装 原厂 全新 新款 新品 现货 特价 批发 厂家 直销 厂家直销 代购 海外 海外代购 包税 转卖 "
    "进口 国产 原单 专柜 官方 旗舰店 热卖 爆款 限时 促销 清仓 特级 正宗 原版 授权 顺丰 预售 "
    "中国 日本 韩国 美国 德国 法国 英国 意大利 泰国 澳洲 澳大利亚 新西兰 加拿大 台湾 香港 欧美 瑞士 荷兰 "
    "西班牙 丹麦 瑞典 比利时 马来西亚 新加坡 印度 越南 俄罗斯 北京 上海 广州 深圳 杭州 重庆 天津 成都 "
    "二手 直邮 免邮 原装进口 海外直邮 现货速发 韩国进口 日本进口 德国进口 "
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 "
    "甘肃 青海 内蒙古 广西 西藏 宁夏 新疆 澳门".split()
)
#: At most this many leading tokens are skipped looking for the brand.
MAX_LEAD_SKIP = 4
#: jieba words rarer than this are treated like unknown words (names: 德力西 2, 雪铁龙 7).
RARE_WORD_FREQ = 50
#: Name-like tokens besides the brand protected in a rewrite (unknown to jieba).
MAX_NAMES = 3
#: Product words protected in a rewrite (the core one first).
MAX_PROTECTED_PRODUCTS = 3
#: At most this many glued tokens form one searched product word (拌|饭|酱).
MAX_JOIN = 3
_OPEN = "【[(（<《「{"
_CLOSE = {"【": "】", "[": "]", "(": ")", "（": "）", "<": ">", "《": "》", "「": "」", "{": "}"}
_CLOSING = frozenset(_CLOSE.values())


@dataclass(frozen=True)
class ListingFacts:
    """Detected identity of a listing (normalized terms).

    ``brand`` is the main brand; ``brands`` every alias found (Latin and
    Chinese forms); ``product_word`` the core product word; ``product_words``
    all product-word candidates in title order; ``extra_protected`` tokens
    that carry a brand or compound spread over several tokens; ``core_parts``
    the title tokens that make up the core product word (one token, or a
    compound such as 定影 + 器); ``product_parts`` the tokens of every
    product-word candidate, best first (what a short title is made of);
    ``compounds`` the tokens of each candidate spread over several tokens,
    best first (灵芝 + 粉: a short title keeps the copy of 灵芝 written there).
    """

    brand: str | None
    product_word: str | None
    product_words: tuple[str, ...]
    models: tuple[str, ...]
    brands: tuple[str, ...] = ()
    protected_products: tuple[str, ...] = ()
    extra_protected: tuple[str, ...] = field(default=())
    core_parts: tuple[str, ...] = ()
    product_parts: tuple[str, ...] = ()
    compounds: tuple[tuple[str, ...], ...] = ()

    @property
    def protected(self) -> tuple[str, ...]:
        """Terms a rewrite keeps without being told: brands, product words, models."""
        out = [t for t in (self.brand, *self.brands, self.product_word, *self.protected_products) if t]
        out += list(self.extra_protected)
        out += list(self.models)
        return tuple(dict.fromkeys(out))


def _freq_function(is_known_word: Callable[[str], bool] | None) -> Callable[[str], int] | None:
    """jieba frequency of a word, when ``is_known_word`` is a Segmenter's bound ``is_word``."""
    seg = getattr(is_known_word, "__self__", None)
    return getattr(seg, "frequency", None)


def detect(
    terms: TitleTerms,
    lexicon,
    *,
    brand: str | None = None,
    category: str | None = None,
    root_value: Callable[[str], float] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
    phrase_value: Callable[[str], float] | None = None,
    proper_noun: Callable[[str], bool] | None = None,
    adjective: Callable[[str], bool] | None = None,
) -> ListingFacts:
    """Detect brand, product words and models of a title (see module docstring).

    ``phrase_value`` gives the demand of a whole searched phrase (normalized,
    no spaces; 0 when nobody searches it), e.g. a keyword table's
    :meth:`~titleopt.keywords.KeywordTable.keyword_value`. With it, two title
    tokens written together that buyers search as one unit and that end in a
    product head (纹身|贴, 收纳|筐) form one product word. ``None`` (the
    default) leaves detection as it was without it. ``proper_noun`` says
    whether jieba's dictionary tags a word as a proper noun; with it, a title's
    first word so tagged (大华, 长虹) may be its brand. ``adjective`` says whether
    jieba tags a word an adjective; with it, a lone adjective glued after a
    product word closes no product noun (空调|大|1匹: 大 says how big, 空调大 is
    no product).
    """
    tokens = terms.tokens
    value = root_value or (lambda _t: 0.0)
    freq = _freq_function(is_known_word)
    extra: list[str] = []
    brand_parts: list[str] = []
    if brand:
        brand_n = normalize_term(brand).replace(" ", "")
        brands: tuple[str, ...] = (brand_n,) if brand_n else ()
    else:
        brands, parts = _find_brands(terms, lexicon, is_known_word, freq, proper_noun)
        brand_n = brands[0] if brands else None
        extra += parts
        brand_parts = list(parts)
    if not brand:
        extra += _names(terms, lexicon, is_known_word, freq, set(brands) | set(extra))
    cat = normalize_term(category).replace(" ", "") if category else ""
    cands = _product_candidates(terms, lexicon, set(brands), cat, phrase_value, is_known_word, adjective)
    excluded = frozenset(k for a, b in excluded_phrases(terms) for k in range(a + 1, b))
    sold = [c for c in cands if not _is_gift(terms, c, excluded, is_known_word)]
    cands = sold or cands  # a title naming only a gift still names a product
    heads: list[WordCandidate] = []
    if cands and is_known_word is not None:
        heads = _noun_heads(terms, lexicon, cands, set(brands) | set(brand_parts), is_known_word)
    words = list(dict.fromkeys(c.word for c in cands))
    parts_of = {c.word: c.parts for c in cands if c.parts}
    core = None
    ranked: list[str] = []
    if cands:
        ranked = _rank(
            cands, value, heads, lexicon.is_generic_head, lexicon.is_service, lexicon.leads_products,
            _asides(terms) | _fitted_devices(terms, lexicon, cands),
        )
        core = ranked[0]
        cands = [*cands, *heads]
    else:
        # no product word known: the nouns of the title, the last first (head-final)
        cands = noun_candidates(terms, lexicon, set(brands) | set(brand_parts), is_known_word)
        if cands:
            # a noun jieba knows before a word it coined from unknown characters: cut debris of
            # service phrases (凑|拍, 拍前, 买三送) is unknown to it, as names are
            known = is_known_word or (lambda _t: True)
            ranked = [c.word for c in sorted(cands, key=lambda c: (known(c.word), c.pos), reverse=True)]
            ranked = list(dict.fromkeys(ranked))
            core = ranked[0]
    # a merely repeated word (kind 1: 韩版 … 韩版) may be the core when nothing better exists,
    # but is not protected beside a real one: a rewrite that dedupes it must stay stable
    kind = {c.word: max(k.kind for k in cands if k.word == c.word) for c in cands}
    strong = [w for w in ranked if w == core or kind[w] >= 2][:MAX_PROTECTED_PRODUCTS]
    protected_products = tuple(w for w in strong if w != core)
    for w in strong:
        extra += parts_of.get(w, ())
    core_parts = parts_of.get(core, (core,) if core else ()) if core else ()
    extra += _modifier(terms, core_parts, lexicon, set(brands))
    product_parts = tuple(dict.fromkeys(p for w in ranked for p in parts_of.get(w, (w,))))
    models = _models(tokens)
    return ListingFacts(
        brand_n,
        core,
        tuple(words),
        models,
        brands,
        protected_products,
        tuple(dict.fromkeys(extra)),
        core_parts,
        product_parts,
        tuple(parts_of[w] for w in ranked if len(parts_of.get(w, ())) > 1),
    )


# ---------------------------------------------------------------- product words
@dataclass(frozen=True)
class WordCandidate:
    pos: int
    word: str
    kind: int  # 3 dictionary, 2 head-final compound, 1 repeated word or lone character
    parts: tuple[str, ...] = ()  # tokens of a compound spread over several tokens (定影 + 器)


def is_noise(t: str, lexicon, brands: set[str], also: int = 0) -> bool:
    """A brand, service, promotion or banned word, or on any list of ``also`` (``word_kinds`` bits)."""
    return t in brands or t in LEAD_WORDS or bool(lexicon.word_kinds(t) & (PROMO | BANNED | also))


def _ends_in_head(t: str, lexicon) -> bool:
    """A token that can end a product noun: a product word, or a head character at its end."""
    kinds = lexicon.word_kinds(t)
    if kinds & PRODUCT:
        return True
    if len(t) == 1:
        return t in HEAD_CHARS or t in PHRASE_END_HEADS
    return t[-1] in HEAD_CHARS and not kinds & (FACTUAL | DESCRIPTIVE)


def _searched_joins(terms: TitleTerms, lexicon, brands: set[str], phrase_value) -> dict[int, WordCandidate]:
    """Glued tokens buyers search as one unit and that end in a product head (纹身|贴, 拌|饭|酱).

    Keyed by the first token's index; the candidate stands at the last (head)
    token. Left to right, longest first (up to :data:`MAX_JOIN` tokens); a
    token joins at most one unit. No join starts with an attribute word
    (儿童|马桶: the product is 马桶), is one (大|号: a size, though buyers
    search it and 号 may close a noun), or stops before a lone head character
    glued after it (马桶|圈: the head lies further right).
    """
    tokens = terms.tokens
    glued = terms.glued
    out: dict[int, WordCandidate] = {}
    i = 0
    while i + 1 < len(tokens):
        if not glued[i]:
            i += 1  # a gap after the token: no join starts here
            continue
        a = tokens[i]
        found = None
        a_ok: bool | None = None  # may a join start at a? asked only of a searched join (rare)
        for n in range(min(MAX_JOIN, len(tokens) - i), 1, -1):
            if not all(glued[i : i + n - 1]):
                continue
            parts = tokens[i : i + n]
            j = "".join(parts)
            if phrase_value(j) <= 0:
                continue  # (first: one dict lookup rules out almost every run)
            if a_ok is None:
                a_ok = not is_noise(a, lexicon, brands, FACTUAL | DESCRIPTIVE)
            if not a_ok:
                break
            b = parts[-1]
            nxt = tokens[i + n] if i + n < len(tokens) and terms.touches_next(i + n - 1) else ""
            if (
                CJK.match(j)
                and not lexicon.word_kinds(j) & (FACTUAL | DESCRIPTIVE)
                and not any(is_noise(p, lexicon, brands) for p in parts[1:])
                and _ends_in_head(b, lexicon)
                and not (len(nxt) == 1 and (nxt in HEAD_CHARS or lexicon.is_product_word(nxt)))
            ):
                found = WordCandidate(i + n - 1, j, 3, tuple(parts))
                break
        if found is not None:
            out[i] = found
            i = found.pos + 1
            continue
        i += 1
    return out


def _ends_in_product_word(t: str, lexicon) -> bool:
    """``t`` ends in a dictionary product word of 2+ characters that is not all of it (三角|钢琴, 焊烟|净化器)."""
    return any(lexicon.word_kinds(t[j:]) & PRODUCT for j in range(1, len(t) - 1))


def _precedes_head(t: str) -> bool:
    """A token that can be the first half of a product noun cut before its lone head (定影|器, tf|卡)."""
    return CJK.match(t) is not None or (len(t) >= 2 and _LATIN_WORD.match(t) is not None)


def _is_mixed_product(t: str, lexicon) -> bool:
    """A product noun written with Latin letters and a count or a Chinese head (6dvd, t恤衫, led灯).

    jieba keeps such tokens whole, so the dictionary word inside (dvd, 恤衫's
    head 衫) is never a token of its own: ``6dvd`` is six DVDs, ``t恤衫`` a
    T-shirt. A bare count or size (500ml, 2017款) is no product.
    """
    m = _COUNTED.match(t)
    if m is not None:
        return m.group(1) != t and bool(lexicon.word_kinds(m.group(1)) & PRODUCT)
    m = _LATIN_LED.match(t)
    return m is not None and _ends_in_head(m.group(1), lexicon)


def is_lone_head(t: str, lexicon) -> bool:
    """A lone Chinese character that may close a product noun: no function word, no attribute (男, 款, 用)."""
    return len(t) == 1 and CJK.match(t) is not None and t not in FUNCTION_CHARS and not lexicon.word_kinds(t) & FACTUAL


def _product_candidates(
    terms: TitleTerms,
    lexicon,
    brands: set[str],
    cat: str,
    phrase_value: Callable[[str], float] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
    adjective: Callable[[str], bool] | None = None,
) -> list[WordCandidate]:
    tokens = terms.tokens
    glued = terms.glued
    kinds = lexicon.word_kinds
    counts = Counter(tokens)
    out: list[WordCandidate] = []
    makes = _brand_senses(terms, lexicon)
    joins = _searched_joins(terms, lexicon, brands, phrase_value) if phrase_value else {}
    skip = {k for c in joins.values() for k in range(c.pos - len(c.parts) + 1, c.pos + 1)}
    for i, t in enumerate(tokens):
        if i in joins:
            out.append(joins[i])
            continue
        if i in skip:
            continue
        if is_noise(t, lexicon, brands) or t in makes:
            continue
        if t in lexicon.ambiguous_brands and glued[i] and _colour_word(tokens[i + 1]):
            continue  # an ambiguous alias before a colour word names the colour (苹果|灰色), not the product
        k = kinds(t)
        if glued[i] and lexicon.is_promo_normalized(t[-1] + tokens[i + 1][:1]):
            continue  # jieba cut a service word in two (枸杞王包|邮): its head is not a product's
        if len(t) == 1 and CJK.match(t):
            # a lone head character glued to the word before it: 定影|器, 布偶|猫, 豆豉|鱼|罐头
            prev = tokens[i - 1] if i > 0 else ""
            phrase_end = not glued[i] or not CJK.match(tokens[i + 1])
            # jieba cut a word across tokens (收纳袋|书|夹子): the character makes a word with the start of
            # the next token (书夹) and none with the end of the previous one (袋书), so it begins that word
            begins_next = (
                is_known_word is not None
                and not phrase_end
                and t not in HEAD_CHARS
                and is_known_word(t + tokens[i + 1][:1])
                and not is_known_word(prev[-1:] + t)
            )
            if not begins_next and (
                (
                    k & PRODUCT
                    or t in HEAD_CHARS
                    or (t in PHRASE_END_HEADS and phrase_end)
                    or (
                        phrase_end and kinds(prev) & PRODUCT and is_lone_head(t, lexicon)
                        and not (adjective is not None and adjective(t))  # (空调|大|1匹: 大 says how big)
                    )
                )
                and prev
                and _precedes_head(prev)
                and glued[i - 1]
            ):
                if not (
                    is_noise(prev, lexicon, brands)
                    or (kinds(prev) & FACTUAL and len(prev) < 2)
                    or kinds(prev + t) & (FACTUAL | DESCRIPTIVE)  # 大|号 is a size, not a 号
                ):
                    out.append(WordCandidate(i, prev + t, 2, (prev, t)))
                    continue
            if k & PRODUCT:
                out.append(WordCandidate(i, t, 1))
            continue
        if k & PRODUCT or (cat and (t == cat or (len(t) >= 2 and t in cat))):
            out.append(WordCandidate(i, t, 3))
            continue
        if not CJK.match(t):
            if _is_mixed_product(t, lexicon):
                out.append(WordCandidate(i, t, 2))
            continue
        if len(t) < 2:
            continue
        if k & SERVICE:
            if i > _lead_start(terms):  # a service sold ends its phrase (酒店预订); leading, a status (预定 2025新款)
                out.append(WordCandidate(i, t, 1))  # below any thing sold
            continue
        # head-final: ends with a dictionary product word of 2+ characters, or a head character
        # (a style word is no noun for its last character: 潮|牌 is a trendy label, not a sign)
        if (t[-1] in HEAD_CHARS and not k & (FACTUAL | DESCRIPTIVE)) or _ends_in_product_word(t, lexicon):
            out.append(WordCandidate(i, t, 2))
            continue
        if counts[t] >= 2 and not k & (FACTUAL | DESCRIPTIVE):
            out.append(WordCandidate(i, t, 1))
    # a product word written against 味 names a flavour (苹果|味 泡腾片, 巧克力|味 饼干), one against
    # 店 a place (奶茶|店 点餐机), and one before a colour character closing the phrase a colour (苹果|灰,
    # Apple grey: the fruit, searched often, outranked a laptop sleeve), not the thing sold
    # (a product noun ending in a head character before the colour is the item in that colour: 数据线|白,
    # 桥架|白, 保温杯|银)
    marks = FLAVOUR_MARKS | PLACE_MARKS
    return [
        WordCandidate(c.pos, c.word, 1, c.parts)
        if c.kind > 1 and c.pos + 1 < len(tokens) and (
            (tokens[c.pos + 1] in marks and terms.touches_next(c.pos))
            or (colour_closes(terms, c.pos) and c.word[-1] not in HEAD_CHARS)
        )
        else c
        for c in out
    ]


def colour_closes(terms: TitleTerms, p: int) -> bool:
    """Token ``p`` is followed by one colour character that closes the phrase (苹果|灰 + bracket, 西瓜|红 + space).

    A number after the character opens the next item (钢琴|黑|1.3米): the phrase ends there too.
    Sellers name their colours after things (西瓜红, 抹茶绿, 苹果灰); product detection and the unit
    reader ask it of the word before the character.
    """
    toks = terms.tokens
    j = p + 1
    return (
        0 <= p and j < len(toks) and toks[j] in COLOUR_CHARS and toks[j] != "色" and terms.touches_next(p)
        and (j + 1 == len(toks) or not terms.touches_next(j) or toks[j + 1][:1].isdigit())
    )


def _colour_word(t: str) -> bool:
    """A basic colour word: one colour character and 色 (灰色, 红色)."""
    return len(t) == 2 and t[0] in COLOUR_CHARS and t[1] == "色"


def _brand_senses(terms: TitleTerms, lexicon) -> frozenset[str]:
    """Ambiguous brand aliases (苹果, 小米: brands.txt's ``?``) that this title uses as brands.

    An alias names the maker where it is written against a Latin name or
    model (苹果|ipad, i苹果|xs) or a model number (苹果|11|手机壳, 苹果|6/6s: a
    number counts fruit only before a unit, 苹果|5|斤), next to another brand
    or a phone system (苹果|安卓, 华为/小米: :data:`OS_NAMES`), or after a
    compatibility phrase (适用|苹果: ``compat_phrases.txt``).
    One sense per title (Gale, Church & Yarowsky 1992, "One sense per
    discourse"): a title that writes 苹果 once as Apple's name means Apple in
    its other 苹果 too, so none of them is the product word (苹果笔记本电脑 is a
    laptop, not fruit).
    """
    ambiguous = lexicon.ambiguous_brands
    tokens = terms.tokens
    if not ambiguous or not any(t in ambiguous for t in tokens):
        return frozenset()
    fits = _fit_names(terms, lexicon)
    out: set[str] = set()
    for i, t in enumerate(tokens):
        if t in out or t not in ambiguous:
            continue
        if i in fits:
            out.add(t)
            continue
        if _model_number_after(terms, i, lexicon):
            out.add(t)
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(tokens) or (terms.gap(min(i, j)).strip() not in ("", "/", "、")):
                continue
            other = tokens[j]
            if lexicon.brand_of(other) is not None or other in OS_NAMES or (j > i and _LATIN_NAME.match(other)):
                out.add(t)
                break
    return frozenset(out)


def _model_number_after(terms: TitleTerms, i: int, lexicon) -> bool:
    """Token ``i`` is glued to a number that no unit follows: a model (苹果|11|手机壳, 小米|9 pro), no quantity."""
    tokens = terms.tokens
    j = i + 1
    if j >= len(tokens) or not terms.touches_next(i) or not NUMBER.match(tokens[j]):
        return False
    if j + 1 >= len(tokens) or not terms.touches_next(j):
        return True  # the number ends its phrase: 苹果11 手机壳, 苹果6/6s
    nxt = tokens[j + 1]
    return bool(_LATIN_NAME.match(nxt) or lexicon.word_kinds(nxt) & (PRODUCT | BRAND))


def _is_gift(
    terms: TitleTerms, c: WordCandidate, excluded: frozenset[int], is_known_word: Callable[[str], bool] | None
) -> bool:
    """Whether the candidate is a thing the listing gives away or leaves out, not what it sells.

    Written right after a gift word (送|支架: the phone case's gift), or
    inside a phrase that an exclusion or gift word opens (``excluded``, from
    :func:`excluded_phrases`).
    """
    first = c.pos - len(c.parts) + 1 if c.parts else c.pos
    if first in excluded:
        return True
    if first == 0 or not terms.glued[first - 1]:
        return False
    prev = terms.tokens[first - 1]
    # jieba glues the gift word to the count before it (50|张送|剪刀): a coined token ending in it
    return prev in GIFT_MARKS or (prev[-1] in "送赠" and is_known_word is not None and not is_known_word(prev))


#: Words that date or type the model an item fits, written between 适用 and its name (适用于新款|华为,
#: 适用2019|款|苹果): with them the name is still the one the item fits, not the seller's brand
#: (:func:`fit_phrases`).
_EDITION_MARKS = frozenset({"款", "年", "年款", "版"})
_EDITION_NUMBER = re.compile(r"^(?:19|20)?\d\d$")
#: Units of a screen's size, written between a fit phrase and the device it names (适用于15.6英寸…).
_SIZE_MARKS = frozenset({"英寸", "寸", "吋"})


class FitPhrase(NamedTuple):
    """A compatibility phrase of a title (``compat_phrases.txt``: 适用|于 …), by token index."""

    start: int  #: its first token
    end: int  #: the token after it (``len(tokens)`` when it ends the title)
    name: int  #: the first token of the name it opens: ``end``, or past the edition words glued to it


def fit_phrases(terms: TitleTerms, lexicon) -> tuple[FitPhrase, ...]:
    """The title's compatibility phrases, in order; the one place that says where each one's name starts.

    A phrase is one token (适用) or two glued ones (适用|于, the longer first). Its
    name is the token after it or, past the edition words glued behind it
    (适用于|新款|华为, 适用|2019|款|苹果: a selling word, ``DESCRIPTIVE``, or a year
    with 款/年), the token those words are glued to. Whatever stands between the
    phrase and the token after it (适用于 华为, 适用：华为), that token is the
    first the phrase names.
    """
    tokens = terms.tokens
    compat = lexicon.compat_phrases
    n = len(tokens)
    out: list[FitPhrase] = []
    for i, t in enumerate(tokens):
        if i + 1 < n and terms.touches_next(i) and t + tokens[i + 1] in compat:
            j = i + 2  # the longer phrase first: 适用|于
        elif t in compat and not (i > 0 and terms.touches_next(i - 1) and tokens[i - 1] + t in compat):
            j = i + 1
        else:
            continue
        k = j
        while k + 1 < n and terms.touches_next(k):
            u = tokens[k]
            if lexicon.word_kinds(u) & DESCRIPTIVE:
                k += 1
            elif _EDITION_NUMBER.match(u) and tokens[k + 1] in _EDITION_MARKS:
                k += 2
            elif u in _EDITION_MARKS and k > j:
                k += 1
            elif NUMBER.match(u) and tokens[k + 1] in _SIZE_MARKS and terms.touches_next(k + 1):
                k += 2  # the size of the device it fits (适用于|15.6|英寸|神舟): the name follows it
            else:
                break
        out.append(FitPhrase(i, j, k if k < n and (k == j or terms.touches_next(k - 1)) else j))
    return tuple(out)


def _fit_names(terms: TitleTerms, lexicon) -> frozenset[int]:
    """Indexes of the tokens a compatibility phrase names first (:func:`fit_phrases`): a brand there is
    the one the item fits, never the listing's."""
    return frozenset(i for p in fit_phrases(terms, lexicon) for i in (p.end, p.name))


def _continues_list(gap: str) -> bool:
    return bool(gap) and set(gap) <= _LIST_GAPS


def excluded_phrases(terms: TitleTerms) -> tuple[tuple[int, int], ...]:
    """Token spans ``[marker, stop)`` of the phrases an exclusion or gift word opens.

    The phrase runs from the marker to the end of its phrase; a phrase ends
    at any gap but a list joiner (``+``, ``、``, ``/``): a listing writes what
    it gives away or leaves out as one phrase, often in brackets
    (【赠两个笔头+防误触手套】, （无显示器）, 不包含投影仪). A span longer than
    :data:`MAX_EXCLUDED_TOKENS` is no such phrase (送|女友|项链|925|银… is a
    necklace) and is not returned.
    """
    tokens = terms.tokens
    if not terms.starts or not any(t in EXCLUDE_MARKS or t in LEAD_EXCLUDE_MARKS or t == "不" for t in tokens):
        return ()
    out: list[tuple[int, int]] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        opens = i == 0 or not terms.glued[i - 1]
        marked = t in EXCLUDE_MARKS or (opens and t in LEAD_EXCLUDE_MARKS)
        if t == "不" and i + 1 < n and terms.glued[i] and tokens[i + 1] in ("含", "包含", "含有"):
            marked = True  # jieba cut 不|包含
        if not marked or not terms.glued[i]:
            continue
        j = i + 1
        while j + 1 < n and (terms.glued[j] or _continues_list(terms.gap(j))):
            j += 1
        if j + 1 - i <= MAX_EXCLUDED_TOKENS:
            out.append((i, j + 1))
    return tuple(out)


#: jieba part-of-speech tags of nouns (n common, nz other proper, ng noun morpheme, nr/nrt/nrfg
#: names, nt organisations): jieba tags many product nouns as names (连衣裙 nr).
NOUN_TAGS = frozenset({"n", "nz", "ng", "nr", "nrt", "nrfg", "nt"})
# Read-only: jieba's non-noun words, loaded once per process (see _non_nouns).
_not_nouns: frozenset[str] | None = None
_not_nouns_lock = threading.Lock()


def _non_nouns() -> frozenset[str]:
    """Words jieba's dictionary tags as something other than a noun (verbs, adjectives, places…).

    Read once per process from jieba's own ``dict.txt`` (``word freq tag``),
    the part-of-speech table ``jieba.posseg`` uses, without touching jieba's
    global tokenizer; kept in the dictionary cache folder when one is in use
    (reading the file costs about half a second, the cache a few milliseconds).
    """
    global _not_nouns
    if _not_nouns is None:
        with _not_nouns_lock:
            if _not_nouns is None:
                from .segment import cached_word_set

                _not_nouns = cached_word_set("nonnouns", _read_non_nouns)
    return _not_nouns


def _read_non_nouns() -> frozenset[str]:
    words: set[str] = set()
    try:
        import jieba

        # line by line: the whole file and its parsed lines at once cost ~75 MB of peak memory
        with jieba.Tokenizer().get_dict_file() as fh:
            for raw in fh:
                m = _TAGGED.match(raw.decode("utf-8", "replace"))
                if m is not None and m.group(2) not in NOUN_TAGS:
                    words.add(m.group(1))
    except (OSError, ImportError):  # pragma: no cover - jieba is a dependency
        pass
    return frozenset(words)


_TAGGED = re.compile(r"^(\S+) \d+ ([a-z]+)[ \t\r]*\n?$")


def noun_candidates(terms: TitleTerms, lexicon, taken: set[str], is_known_word) -> list[WordCandidate]:
    """Nouns of the title, for a title without any dictionary or head-final product word.

    The thing sold is a noun (a title's verbs and adjectives — 可调, 通用,
    天然, 详谈 — describe or sell it); a Chinese word of 2+ characters that
    jieba tags as a noun, or does not know, and that is no brand, name,
    service, promotion, place or attribute word. Kind 0: weaker than any
    other candidate.
    """
    non_nouns = _non_nouns()
    out: list[WordCandidate] = []
    for i, t in enumerate(terms.tokens):
        if t in taken or len(t) < 2:
            continue
        if not CJK.match(t) or t in non_nouns:
            continue
        if is_noise(t, lexicon, taken, FACTUAL | DESCRIPTIVE):
            continue
        out.append(WordCandidate(i, t, 0))
    return out


def _noun_heads(
    terms: TitleTerms, lexicon, cands: Sequence[WordCandidate], taken: set[str], is_known_word
) -> list[WordCandidate]:
    """Nouns written right after a product word where the phrase ends: the head it modifies (枸杞|胶囊).

    Chinese noun phrases end with their head, so a product word glued before
    another noun at the end of a phrase names what that noun is made of or
    used with (服务器|内存, 曲奇|冰激凌 + 60g); the noun, a word jieba knows and
    tags as a noun, is often what is sold even when no dictionary lists it.
    jieba's tags are noisy (强力 is a noun to it), so these are weak
    candidates: kind 1, and they do not turn the product word before them
    into a mere modifier (:func:`_rank` takes them apart). A short title keeps
    them after the stronger product words; of several nouns glued after the
    product word the last is the head (蜂蜜|营养|胶囊); a phrase that goes on
    past a non-noun (胶囊|调理) has its head further right.
    """
    non_nouns = _non_nouns()
    at = {c.pos for c in cands}
    toks = terms.tokens

    def noun(t: str) -> bool:
        if len(t) < 2 or not CJK.match(t) or t in non_nouns or not is_known_word(t):
            return False
        return not is_noise(t, lexicon, taken, FACTUAL | DESCRIPTIVE | GENERIC)

    out: list[WordCandidate] = []
    for c in cands:
        j = c.pos + 1
        if j >= len(toks) or j in at or not terms.touches_next(c.pos) or not noun(toks[j]):
            continue
        while j + 1 < len(toks) and terms.touches_next(j) and CJK.match(toks[j + 1]) and noun(toks[j + 1]):
            j += 1  # 配套|语音|网关: the last noun of the run is the head
        t = toks[j]
        if j in at or (j + 1 < len(toks) and terms.touches_next(j) and CJK.match(toks[j + 1])):
            continue  # the phrase goes on: the head lies further right
        out.append(WordCandidate(j, t, 1))
    return out


def _rank(
    cands: Sequence[WordCandidate],
    value: Callable[[str], float],
    heads: Sequence[WordCandidate] = (),
    generic: Callable[[str], bool] = lambda _w: False,
    service: Callable[[str], bool] = lambda _w: False,
    leads: Callable[[str], bool] = lambda _w: False,
    asides: frozenset[int] = frozenset(),
) -> list[str]:
    """Candidate words, best first (see the module docstring for the score).

    ``heads`` (:func:`_noun_heads`) are ranked too, but standing after a
    product word does not count against it: jieba's noun tags are too noisy
    to demote a dictionary word. A ``generic`` head (套装, 礼盒) comes after
    every word that names a product, whatever its score (摄像头…套装 sells a
    camera; the set is how it comes), and a ``service`` after both (门禁机
    一体机包安装: the installation comes with the machine). A word that
    ``leads`` other product words of the dictionary (手机: 手机壳, 手机膜)
    loses as much as a word written before another product word: in a title
    it mostly says what the thing sold is for (手机|直播|支架, 笔记本|外壳|贴膜).
    A word at one of the ``asides`` (:func:`_asides`: a bracket, a part
    added with + or 带) loses as much: it names a part of the bundle.
    """
    # (摄像头|套装: the set does not make it a modifier; 打印机|手机照片: nor does a word that leads other product
    # words, 手机 of 手机壳, 手机照片 — it opens the next phrase rather than closing this one)
    positions = {c.pos for c in cands if not generic(c.word) and not leads(c.word)}
    cands = [*cands, *heads]
    counts = Counter(c.word for c in cands)
    top = max((value(c.word) for c in cands), default=0.0)
    best: dict[str, tuple[float, bool, int]] = {}
    for c in cands:
        score = float(c.kind)
        score += 0.75 * min(counts[c.word] - 1, 2)
        if top > 0:
            score += 0.5 * math.log1p(value(c.word)) / math.log1p(top)
        if c.pos + 1 in positions or leads(c.word):
            score -= 1.0  # a product word right before another one, or one that leads others, modifies
        aside = c.pos in asides
        if aside:
            score -= 1.0
        key = (score, not aside, c.pos)  # (an aside also loses a tie: 台式机 before 电脑主机 … +显示器)
        if c.word not in best or key > best[c.word]:
            best[c.word] = key
    return sorted(best, key=lambda w: (0 if service(w) else 1 if generic(w) else 2, *best[w]), reverse=True)


#: Words that open a phrase naming what comes with the item (带|27英寸显示器, 含|工作台, 配|遥控器).
_WITH_MARKS = frozenset({"带", "含", "配", "附", "附带", "配送", "包含", "含有"})


def _asides(terms: TitleTerms) -> frozenset[int]:
    """Positions of the tokens a title writes beside what it sells: the parts of a bundle.

    A bracket (（含双面输稿器+工作台）), a phrase after ``+`` (单主机+21.5英寸显示器)
    and a phrase opened by a "with" word at its start (带27英寸显示器) list what
    comes with the item or what it is made of; the item itself is named in the
    running text. A phrase runs to the next space or bracket.
    """
    text, starts, tokens = terms.norm.text, terms.starts, terms.tokens
    if not starts:
        return frozenset()
    inside = [False] * len(text)
    depth = 0
    for k, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        inside[k] = depth > 0
        if depth and ch in _CLOSING:
            depth -= 1
    out: set[int] = set()
    opened = False
    for i, (s, t) in enumerate(zip(starts, tokens, strict=True)):
        before = text[s - 1] if s > 0 else " "
        if before.isspace() or before in _OPEN or before in _CLOSING:
            opened = t in _WITH_MARKS  # a "with" word opening a phrase
        if before == "+":
            opened = True
        if opened or inside[s]:
            out.add(i)
    return frozenset(out)


def _brand_of_name(token: str, lexicon) -> str | None:
    """The brand a token names: an alias, or a Latin alias glued to its model number (iwatch5, iphone15pro)."""
    brand = lexicon.brand_of(token)
    if brand is None and (m := _LATIN_HEAD.match(token)) and m.end() < len(token):
        brand = lexicon.brand_of(m.group())
    return brand


def _fitted_devices(terms: TitleTerms, lexicon, cands: Sequence[WordCandidate]) -> frozenset[int]:
    """Positions of the device a fit phrase's list runs into (适用于15.6英寸神舟战神Z7-CT7VH|笔记本电脑).

    The first product word glued after the names a compatibility phrase opens
    says what those names are, when it ends in a word that leads other product
    words of the dictionary (电脑: 电脑包, 电脑支架; 手机: 手机壳): the device the
    item fits, not the item. An accessory word there (笔记本键盘膜, 手机壳) is the
    item and stays a candidate like any other.
    """
    at = {c.pos for c in cands}
    tokens = terms.tokens
    out: set[int] = set()
    for p in fit_phrases(terms, lexicon):
        j = p.name
        while j < len(tokens) and j - p.name <= MAX_FIT_LIST_TOKENS:
            if j in at:
                t = tokens[j]
                if j > p.name and any(lexicon.leads_products(t[k:]) for k in range(len(t) - 1)):
                    out.add(j)
                break
            gap = terms.gap(j) if j + 1 < len(tokens) else ""
            if gap and not (gap == "-" or _continues_list(gap)):
                break  # (a space or a bracket ends the list; glued, a model code's hyphen or a list joiner go on)
            j += 1
    return frozenset(out)


#: How far past a fit phrase's first name a device word may stand (brand, series, model codes and their joiners).
MAX_FIT_LIST_TOKENS = 12


def _modifier(terms: TitleTerms, core_parts: Sequence[str], lexicon, brands: set[str]) -> list[str]:
    """The word glued before the core product word (伺服|驱动器, 小|冰箱, 灵芝|粉).

    Chinese product names are modifier + head written without a gap; the
    modifier often says which product it is (a servo drive, not any drive),
    so a rewrite keeps it with the head.
    """
    if not core_parts:
        return []
    tokens = terms.tokens
    for i, t in enumerate(tokens):
        if t != core_parts[0] or i == 0 or not terms.touches_next(i - 1):
            continue
        prev = tokens[i - 1]
        if lexicon.word_kinds(prev) & (DESCRIPTIVE | GENERIC | FACTUAL):
            return []  # a style or attribute word (潮流|卫衣, 学生|卫衣) says how it is, not which product
        if prev in FUNCTION_CHARS:
            return []  # 最好|的|连衣裙: a particle names nothing
        if CJK.match(prev) and not is_noise(prev, lexicon, brands) and len(prev) <= 3:
            return [prev]
        return []
    return []


# ---------------------------------------------------------------- brands
def _lead_start(terms: TitleTerms) -> int:
    """Index of the first token after a leading bracketed tag (【香港专柜】, [转卖])."""
    text = terms.norm.text.lstrip()
    if not text or text[0] not in _OPEN:
        return 0
    close = text.find(_CLOSE[text[0]])
    if close < 0:
        return 0
    end = len(terms.norm.text) - len(text) + close
    i = 0
    while i < len(terms.tokens) and terms.starts and terms.starts[i] < end:
        i += 1
    return i


#: Word kinds that say a word names something other than a brand (a product, a fact, a selling word…).
_NOT_A_NAME = PRODUCT | FACTUAL | PROMO | BANNED | DESCRIPTIVE | GENERIC | SERVICE


def _is_name(t: str, lexicon, is_known_word, freq) -> bool:
    """A token that reads as a coined name: unknown/rare to jieba, not a product or attribute word.

    Never a banned word either: a name is protected in a rewrite, and an
    absolute claim jieba glued into a rare token (第一|百 cut as 第一百) must
    still go.
    """
    if _LATIN_WORD.match(t):
        return (
            len(t) >= 2
            and t not in MODEL_SUFFIXES
            and t not in COMMON_LATIN
            and not lexicon.word_kinds(t) & (PRODUCT | BANNED)
        )
    if not CJK.match(t) or not 2 <= len(t) <= 4 or is_known_word is None:
        return False
    if is_known_word(t) and (freq is None or freq(t) >= RARE_WORD_FREQ):
        return False  # a common word (most tokens: decided first, by two lookups)
    if t[-1] in HEAD_CHARS and (len(t) >= 3 or is_known_word(t)):
        return False  # a product noun, coined (焊烟净化器) or rare to jieba (枕巾, 电锅)
    if _ends_in_product_word(t, lexicon):
        return False  # a rare compound of a product noun (三角|钢琴, 液晶|电视) names the product
    if lexicon.word_kinds(t[-1]) & PRODUCT and (t[:-1] in LEAD_WORDS or lexicon.word_kinds(t[:-1])):
        return False  # a listed word and a one-character product noun (正版|书); 喜茶, 劲酒 stay names
    if t in LEAD_WORDS:
        return False
    # a product, attribute, promotion or banned word, or another word titleopt's own lists
    # know (百搭, 潮流, 套装), is never a coined name
    return not lexicon.word_kinds(t) & _NOT_A_NAME


def _find_brands(
    terms: TitleTerms, lexicon, is_known_word, freq, proper_noun: Callable[[str], bool] | None = None
) -> tuple[tuple[str, ...], list[str]]:
    """Brand aliases (main first) and the tokens that carry a multi-token brand.

    With no listed brand, the title's first word after a tag or selling word
    is read as the brand when it is written as one: a name with its
    other-script name in brackets (``晨光（M&G）``, JD's and Tmall's brand
    field form); a coined name, or a word jieba's dictionary tags as a proper
    noun (``proper_noun``: tags nz/nr/nrt/nt, 大华 长虹), with the rest of its
    first space-separated chunk when that chunk holds only unlisted words
    (``文森|奥创 ``); or such a chunk that jieba does not know as a whole
    (``百|仕|奇 ``). Sellers write the brand first (品牌 + 商品名称 + 规格), so
    such a first word also wins over a listed brand written after it: the
    listed brand then names what the item fits (``咔咔鱼 联想ThinkPad…贴纸``).
    """
    tokens = terms.tokens
    kinds = lexicon.word_kinds
    fits = _fit_names(terms, lexicon) if getattr(lexicon, "compat_phrases", None) else frozenset()
    # one sense per title: a listed brand a fit phrase names is the device's, and so is every copy written
    # after that phrase (适用于戴尔灵越5390 … 戴尔成就5390); a copy before it may be the seller's own brand
    fitted: dict[str | None, int] = {}  # a fitted brand -> where a fit phrase first names it
    for i in sorted(fits):
        # (an ambiguous alias a fit phrase names is the brand too: 适用苹果 … apple watch is Apple's)
        # (and a name written against its model number: 适用于iwatch5, 适用iphone15 name Apple)
        if i < len(tokens) and (fitted_brand := _brand_of_name(tokens[i], lexicon)) is not None:
            fitted.setdefault(fitted_brand, i)
    # a brand glued before 同款 ("the same style as") names what the item copies, not its maker (康佳同款 净水机)
    copied = {i for i in range(len(tokens)) if names_copied(terms, i)}
    known = [
        i for i, t in enumerate(tokens)
        if kinds(t) & BRAND and i not in fits and i not in copied and i <= fitted.get(lexicon.brand_of(t), i)
    ]
    if not known:
        return _lead_brand(terms, lexicon, is_known_word, freq, proper_noun)
    main = tokens[known[0]]
    canon = lexicon.brand_of(main)
    same = [tokens[i] for i in known if lexicon.brand_of(tokens[i]) == canon]
    listed = [main, *same, *_twin(terms, known[0], lexicon, is_known_word, freq)]
    if known[0] > 0:
        # a name the seller writes first, before a listed brand, is the seller's own (闪觅 荣耀…手机壳,
        # 咔咔鱼 联想ThinkPad…贴纸): the listed brand names what the item is for (a compatible brand)
        lead, parts = _lead_brand(terms, lexicon, is_known_word, freq, proper_noun)
        if lead and not set(parts) & {tokens[i] for i in known} and lead[0] not in listed:
            return lead, parts
    return tuple(dict.fromkeys(listed)), []


def _lead_brand(
    terms: TitleTerms, lexicon, is_known_word, freq, proper_noun: Callable[[str], bool] | None
) -> tuple[tuple[str, ...], list[str]]:
    """The brand the title's first word makes when it is written as a name (see :func:`_find_brands`)."""
    tokens = terms.tokens
    kinds = lexicon.word_kinds
    if not tokens:
        return (), []
    i = _lead_start(terms)
    skipped = 0
    while i < len(tokens) and skipped < MAX_LEAD_SKIP:
        t = tokens[i]
        if t.isascii() and t.isdigit() and len(t) <= 3 and terms.touches_next(i):
            # a count first (2|支装, 10|个装): the word glued after the number says what it counts, no brand;
            # and a name further on is not the title's first word (four digits are a year or an article
            # number, no count: 2015|秋装|秀巧, 6371|高粘度)
            return (), []
        if t in LEAD_WORDS or kinds(t) & PROMO or not (CJK.match(t) or _LATIN_WORD.match(t)):
            i += 1
            skipped += 1
            continue
        break
    if i >= len(tokens) or names_copied(terms, i):
        return (), []  # (康佳|同款, 抖音|同款: what the item resembles, no maker)
    t = tokens[i]
    twin = _bracket_twin(terms, i, lexicon)
    if twin is not None:
        return twin
    if _LATIN_WORD.match(t) and _is_name(t, lexicon, is_known_word, freq):
        # a Latin brand of several words: anthon berg, comfort zone, estee lauder
        j = i
        while (
            j + 1 < len(tokens)
            and j - i < 2
            and _LATIN_WORD.match(tokens[j + 1])
            and _is_name(tokens[j + 1], lexicon, is_known_word, freq)
            and terms.norm.text[terms.starts[j] + len(tokens[j]) : terms.starts[j + 1]] == " "
        ):
            j += 1
        if j > i:
            name = " ".join(tokens[i : j + 1])
            return tuple(dict.fromkeys([name, *_twin(terms, j, lexicon, is_known_word, freq)])), list(tokens[i : j + 1])
    named = _is_name(t, lexicon, is_known_word, freq) or (
        proper_noun is not None and proper_noun(t) and _unlisted_name(t, lexicon)
    )
    if named and not _before_lone_head(terms, i, lexicon):
        chunk = _lead_chunk(terms, i, lexicon)
        if chunk is not None:
            return (chunk,), list(tokens[i : i + _chunk_len(terms, i)])
        return tuple(dict.fromkeys([t, *_twin(terms, i, lexicon, is_known_word, freq)])), []
    chunk = _lead_chunk(terms, i, lexicon)
    if chunk is not None and is_known_word is not None and (not is_known_word(chunk) or _model_follows(terms, i)):
        return (chunk,), list(tokens[i : i + _chunk_len(terms, i)])
    # a single character glued to an unknown word: 瑞 + 迈特, 古 + 圣堂
    if (
        len(t) == 1
        and CJK.match(t)
        and i + 1 < len(tokens)
        and terms.touches_next(i)
        and CJK.match(tokens[i + 1])
        and is_known_word is not None
        and not is_known_word(tokens[i + 1])
        and not lexicon.is_factual(t)
        and not lexicon.is_product_word(tokens[i + 1])
    ):
        return (t + tokens[i + 1], *_twin(terms, i + 1, lexicon, is_known_word, freq)), [t, tokens[i + 1]]
    return (), []


#: Most characters of a leading brand chunk (a first word written up to a space).
MAX_LEAD_CHUNK = 6


def names_copied(terms: TitleTerms, i: int) -> bool:
    """Token ``i`` is glued before 同款: it names what the item copies (康佳|同款), not its maker."""
    return i + 1 < len(terms.tokens) and terms.tokens[i + 1] == SAME_STYLE and terms.touches_next(i)


def _unlisted_name(t: str, lexicon) -> bool:
    """A Chinese word of 2-4 characters that no list of titleopt's says is anything but a name.

    A word ending in a product head character (卡纸, 连衣裙: jieba tags many product nouns as
    names) names a product, as in :func:`_is_name`.
    """
    return (
        CJK.match(t) is not None
        and 2 <= len(t) <= 4
        and t not in LEAD_WORDS
        and t[-1] not in HEAD_CHARS
        and not lexicon.word_kinds(t) & _NOT_A_NAME
    )


#: A model number written after a space: letters, an optional hyphen, then a digit (ts-1205, ass91413, l8, x622s).
_MODEL_AHEAD = re.compile(r"\s+[a-z]{1,6}-?\d")


def _model_follows(terms: TitleTerms, i: int) -> bool:
    """The glued run from token ``i`` is followed, after a space, by a model number.

    品牌 + 型号 is how a maker names an item (``天色 TS-1205``, ``晨光 ASS91413``,
    ``上策 S60``): a first chunk of unlisted words written so is the brand even
    when jieba knows it as an everyday word (天色 "the sky's colour", 晨光
    "morning light"), which :func:`_is_name` alone would not take for a name.
    """
    run, _, end = _glued_run(terms, i)
    if any(t.endswith(USE_SUFFIX) for t in run):
        return False  # a word in 用 says whom the item is for (家用 K8), it names no maker
    return _MODEL_AHEAD.match(terms.norm.text, end) is not None


def _chunk_len(terms: TitleTerms, i: int) -> int:
    """Number of tokens glued together from token ``i`` (up to a space, a mark or the end)."""
    j = i
    while j + 1 < len(terms.tokens) and terms.touches_next(j):
        j += 1
    return j - i + 1


def _glued_run(terms: TitleTerms, i: int) -> tuple[tuple[str, ...], str, int]:
    """The tokens glued together from token ``i``, their text, and where that text ends in the normalized title."""
    run = terms.tokens[i : i + _chunk_len(terms, i)]
    return run, "".join(run), terms.starts[i + len(run) - 1] + len(run[-1])


def _lead_chunk(terms: TitleTerms, i: int, lexicon) -> str | None:
    """The glued Chinese run from token ``i`` when it is a short chunk of unlisted words ended by a space.

    ``文森|奥创 oppo…``, ``精工|锻造 剃头刀``: a first chunk set apart by a space
    and naming nothing titleopt knows is the brand written as the seller
    writes it. Glued into what follows (大华|监控…), the end of a name is
    not visible, and no chunk is read.
    """
    run, text, end = _glued_run(terms, i)
    rest = terms.norm.text[end:]
    if not rest[:1].isspace() or not 2 <= len(text) <= MAX_LEAD_CHUNK or not CJK.match(text):
        return None
    # (a colour character glued at the end of a name is part of it: 喜门|红 , as 烽火天橙 and 奥多金 are
    # names jieba keeps whole; a rewrite kept 喜门 as the brand and dropped 红 as a colour)
    closing = len(run) - 1 if len(run) > 1 and len(run[-1]) == 1 and lexicon.group_of(run[-1]) == "颜色" else None
    if any(k != closing and (lexicon.word_kinds(t) & _NOT_A_NAME or t in LEAD_WORDS or t[-1:] in HEAD_CHARS)
           for k, t in enumerate(run)):
        return None
    return text


_BRACKET_NAME = re.compile(r"\s?[(（]\s*([a-z][a-z0-9&'.\- ]{0,23}|[\u4e00-\u9fff]{2,6})\s*[)）]")


def _bracket_twin(terms: TitleTerms, i: int, lexicon) -> tuple[tuple[str, ...], list[str]] | None:
    """``晨光（M&G）``, ``amos(亚摩斯)``: the first word with its other-script name in brackets.

    The form of a brand in JD's and Tmall's brand field (中文名（English）),
    which sellers copy to the head of the title. The run before the bracket
    is the glued tokens from ``i`` (at most :data:`MAX_LEAD_CHUNK` Chinese
    characters or one Latin word); the bracket holds the other script only.
    """
    run, text, end = _glued_run(terms, i)
    m = _BRACKET_NAME.match(terms.norm.text, end)
    if not m or not text:
        return None
    inner = m.group(1).strip()
    latin_run = text.isascii()
    if latin_run == inner.isascii():
        return None  # a twin is written in the other script
    if latin_run:
        if not _LATIN_WORD.match(text) or len(text) < 2:
            return None
    elif not (CJK.match(text) and 2 <= len(text) <= MAX_LEAD_CHUNK):
        return None
    if any(t in LEAD_WORDS or lexicon.word_kinds(t) & (PROMO | BANNED | SERVICE) for t in run):
        return None
    return tuple(dict.fromkeys([text, inner.replace(" ", "")])), list(run)


def _before_lone_head(terms: TitleTerms, i: int, lexicon) -> bool:
    """Token ``i`` is glued to a lone product-head character after it (纹身|贴, 导热|膏).

    A brand names the maker; a word written against a lone head character is
    the first half of a product noun that jieba cut (head-final compounds), so
    it is the product's modifier, not a coined brand name. 牌 is the exception:
    written after a name it marks the brand (金奥力|牌).
    """
    toks = terms.tokens
    if i + 1 >= len(toks) or not terms.touches_next(i) or not _precedes_head(toks[i]):
        return False
    nxt = toks[i + 1]
    return len(nxt) == 1 and nxt != "牌" and (nxt in HEAD_CHARS or lexicon.is_product_word(nxt))


def _names(terms: TitleTerms, lexicon, is_known_word, freq, taken: set[str]) -> list[str]:
    """Other name-like tokens (up to :data:`MAX_NAMES`): a second brand, a series or licence name.

    Labels and sellers alike show that titles often carry a brand that is not
    first (简约韩版粗跟艾熙百思图…), or a co-brand. A word jieba does not know
    cannot be valued by any keyword table either, so a rewrite would drop it
    first; keeping it is the safe default for a name.
    """
    out: list[str] = []
    for t in terms.tokens:
        if len(out) >= MAX_NAMES:
            break
        if t in taken or t in out:
            continue
        if _is_name(t, lexicon, is_known_word, None) or lexicon.word_kinds(t) & BRAND:
            out.append(t)
    return out


def _twin(terms: TitleTerms, i: int, lexicon, is_known_word, freq) -> list[str]:
    """The brand's other script right next to it: ``boray/铂锐``, ``maxigenes美可卓``, ``索尼/sony``."""
    tokens = terms.tokens
    t = tokens[i]
    out = []
    for j in (i + 1, i - 1):
        if not 0 <= j < len(tokens):
            continue
        o = tokens[j]
        a, b = (i, j) if j > i else (j, i)
        between = terms.norm.text[terms.starts[a] + len(tokens[a]) : terms.starts[b]] if terms.starts else "?"
        if between.strip() not in ("", "/", "|", "-"):
            continue
        if bool(_LATIN_WORD.match(t)) == bool(_LATIN_WORD.match(o)):
            continue  # twins are written in two scripts
        if j > i and j + 1 < len(tokens) and terms.touches_next(j) and _ends_in_head(tokens[j + 1], lexicon):
            continue  # glued on into a product word, it names the product (娃哈哈|ad|钙奶), not the brand
        slash_pair = between.strip() == "/" and CJK.match(o) is not None and 2 <= len(o) <= 4
        if slash_pair and (lexicon.is_product_word(o) or lexicon.is_factual(o) or o in LEAD_WORDS):
            slash_pair = False
        # "latin/中文" is how Taobao's brand field writes a brand (shinco/新科): the pair is
        # evidence enough even when the Chinese name is an everyday word
        if slash_pair or lexicon.is_brand(o) or _is_name(o, lexicon, is_known_word, freq):
            out.append(o)
            break
    return out


def _models(tokens: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    prev_model = False
    for k, t in enumerate(tokens):
        if DIMENSION_TAIL.match(t) and k > 0 and NUMBER.match(tokens[k - 1]):
            prev_model = False  # 2.6|x2.6|cm: the second side of a size (x5 alone stays a model)
            continue
        if _MODEL.match(t) and not t.isdigit():
            out.append(t)
            prev_model = True
        elif prev_model and t in MODEL_SUFFIXES:
            out.append(t)
        else:
            prev_model = False
    return tuple(dict.fromkeys(out))
