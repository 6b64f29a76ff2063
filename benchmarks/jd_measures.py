"""Measures for compressing long real titles (issue 16): baselines, entity integrity, units, findability.

Used by ``benchmarks/real_titles.py`` (the JD section) and ``tests/test_real_jd.py``.
Everything here is a pure function of its inputs, so the benchmark and the test
measure the same thing. The data (``../shared/data/jd_titles/dev.jsonl``, see
its README) is evaluation data: read in place, never copied.

Definitions (all comparisons on :func:`squash`: ``normalize_term`` — width,
case, Traditional -> Simplified — with spaces removed, as the Taobao section):

**Usable entity.** A labelled span whose surface, squashed, is non-empty, has a
letter, digit or Chinese character and is a substring of the squashed title.
Entities are counted once per title and surface (``钢笔`` labelled five times in
one title is one entity); its spans are all the labelled spans with that surface.

**Whole / broken / gone.** An entity is *whole* when its squashed surface is a
substring of the squashed output. Otherwise it is *broken* when a **part** of it
is visible: a part is any substring of two or more characters of the surface,
and, when the surface mixes scripts, each of its runs of one script (Chinese
characters; Latin letters and digits), even a one-character run (``魔霸3`` ->
``魔霸`` or ``3``; ``6.5寸`` -> ``寸``). A part counts as visible only when it
occurs in the output *more often* than in the rest of the title (the title with
every span of that surface blanked out), so a part that the title also holds
elsewhere (``手机`` of ``手机壳`` in a title that also says ``手机膜``) is not
taken for a fragment. Otherwise the entity is *gone*. **Entity integrity** is
(whole + gone) / all: the share of entities kept whole or dropped whole.

**Broken inside a word** (a companion, session 19): integrity counts ``风向调节板``
→ ``调节板`` (a modifier dropped, which reads fine) as broken as ``海康威视`` →
``海康`` (a name cut). A broken entity is *cut inside a word* when one of the
longest pieces the output shows (no shown piece contains it) falls nowhere on the
boundaries of the entity's own jieba words (:func:`cut_inside_word`).

**Broken with its head lost** (a companion, session 23): a Chinese phrase ends with
its head, so ``风向调节板`` → ``调节板`` keeps what the entity names and ``闪光笔`` →
``闪光``, ``送货单`` → ``送货`` do not. A broken entity *loses its head* when the
output does not show its last word (its last two when the last is one character:
``笔`` of ``闪光|笔``), counted as :func:`_seen` counts a part (:func:`head_lost`);
an entity of one word that is broken has lost it.

**Kept by kind** (JD type ids, see the data README): every brand (``1``) kept;
at least one product word (``4``) kept; every model number (``3``) kept;
compatible brands and models (``37`` and ``38``) all kept, and at least one
kept. A title counts towards a share only when it has a usable entity of that kind.

**A fit phrase dropped before another company's name.** A title *names a fit*
when its squashed text holds one of :data:`FIT_WORDS` (适用 "fits", 适配 "adapted
to", 兼容 "compatible with", 通用于 "common to": the words a third-party seller
puts before the brand of the device an accessory fits) and a labelled compatible
brand (``37``) that it writes only after the first fit word (a brand the seller
also writes earlier, on its own, is the seller's choice, not the rewrite's). An
output *drops the fit phrase* when it holds none of :data:`FIT_WORDS` but still
holds such a brand: read alone, the title then names another company's brand as
if the item were its (the trademark problem issue 16 names). Counted per title.

**Units and numbers left alone.** A *number* is a run of Arabic digits (with one
decimal part, and an optional 万/千/百/亿 multiplier) not glued after a Latin
letter, digit or dot, nor after ``letter-`` (so the digits of ``bk600``,
``VX5-591G`` and ``i3-8100`` are model codes, not quantities). A number followed
(after at most one space) by a word of :data:`UNITS` (the degree sign among them since
session 24: ``360°``) is a *pair*, except one Latin letter written apart from the number and glued
to a Chinese word, which labels it (``款式4 A面``: side A, not 4 amperes). In the output,
a unit word not preceded by a number is a *bare unit* (a Latin unit only when it
is a whole Latin run: the ``g`` of ``rog`` is no unit), and a number not followed
by a unit is a *bare number*. An output **leaves a unit without its number**
when it holds more bare copies of a unit than the input did, for a unit that the
input used in a pair (``3600流明`` -> ``流明``); it **leaves a number without its
unit** when it holds more bare copies of a number than the input did, for a
number that the input used in a pair (``15.6英寸`` cut to ``15.6英``). Counting
copies against the input (not the positions) is what makes the measure work on
outputs that reorder and add words; a unit character inside another word
(``个`` of ``个性``) counts on both sides and cancels out. A unit cut inside
itself (``流明`` -> ``流``) shows as its number left alone, not as a unit.

:data:`UNITS` is written from references, not from the data: the units and
symbols of GB 3100-1993 / GB 3101-1993 (the SI and China's legal units of
measurement, State Council order of 1984: 米 千克 升 瓦 伏 安 赫兹 流明 帕 焦,
their prefixed forms, the non-SI legal units 分钟 小时 天 吨 分贝 and 度, and
calendar time 周 月 年), the capacity
units of IEC 80000-13 (kB … TB) and of batteries (mAh), the customary units
still printed on goods (英寸, the 市制 寸 尺 斤 两 亩, 匹 of air-conditioners,
平米), and the Chinese measure words (量词) by the classes a reference grammar
gives them (Y. R. Chao 1968, *A Grammar of Spoken Chinese*, the section on
measures: individual classifiers 个 只 件 张 …, container measures 瓶 盒 袋 …,
group measures 双 对 套 …), with 人 and 岁 (counting people, ages), 码 and 号
(sizes). The words were written from those classes, not copied from a list, and
not chosen by looking at the JD titles; each class is sampled, not exhausted.

**Findability.** A query *covers* a text when every token of the query (cut by
titleopt's :class:`~titleopt.segment.Segmenter`, the private tokenizer; squashed)
is a substring of the squashed text. This is the simple substring rule, not
titleopt's :class:`~titleopt.match.Matcher` (whose roots and tight-match quality
are what is under test). Pairs (query, title) covered by the *original* title
are found through an index keyed by each query's rarest token (fewest queries
hold it): for a title, only the queries whose key is a substring of it are
checked. *Still covered* is the share of those pairs whose query also covers the
output; *gained* counts pairs the output covers and the original did not (the
rewrite adds searched words).

**Baselines.** *cut*: the longest prefix of the title within the limit (trailing
spaces dropped). *jieba*: the title's Segmenter tokens in order, each token of
two or more characters dropped when the same token was kept before (single
characters such as ``3`` or ``人`` are never repeats), then tokens taken while
the text fits; the text between two tokens that stay adjacent is kept as written
(``3-7人``, ``黑色-银尖``), a dropped repeat leaves a space when the title had one there.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from titleopt.normalize import normalize_term
from titleopt.segment import Segmenter

BRAND = "1"
PRODUCT = "4"
MODEL = "3"
COMPAT = frozenset({"37", "38"})
COMPAT_BRAND = "37"
#: Words that say an item fits another company's device (see the module docstring).
FIT_WORDS = ("适用", "适配", "兼容", "通用于")

_WORDY = re.compile(r"[0-9a-z\u4e00-\u9fff]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[0-9a-z]+")
_BLANK = "|"  # survives normalize_term, is no letter, digit or Chinese character

# Latin symbols, lowercase (the texts are normalized): GB 3100/3101 and IEC 80000-13.
_LATIN_UNITS = (
    "km m cm mm um nm kg g mg t l ml w kw v kv mv a ma mah wh kwh hz khz mhz ghz lm lx pa kpa mpa j kj db "
    "kb mb gb tb pb mbps gbps dpi ppi mp inch"
).split()
# Chinese names of the same units, customary units, and measure words (see the module docstring).
_CJK_UNITS = (
    "米 千米 公里 厘米 毫米 微米 纳米 克 千克 公斤 毫克 吨 升 毫升 瓦 千瓦 伏 伏特 安 毫安 毫安时 赫兹 流明 勒克斯 "
    "帕 千帕 兆帕 焦 千焦 分贝 度 秒 分钟 小时 天 周 月 年 平米 平方米 立方米 英寸 英尺 寸 尺 斤 两 亩 匹 "
    "个 只 件 张 片 本 支 枝 根 把 块 颗 粒 台 部 枚 头 幅 面 间 座 盏 顶 册 份 页 首 封 条 款 "
    "瓶 罐 盒 箱 包 袋 桶 杯 碗 盘 壶 听 管 "
    "双 对 套 组 打 副 串 排 层 卷 捆 扎 束 提 联 节 "
    "人 岁 码 号"
).split()
# The degree sign, alone (plane angle) and before c or f (℃ normalizes to °c): GB 3100-1993, tables 2 and 3.
_SIGN_UNITS = ("°", "°c", "°f")
UNITS: frozenset[str] = frozenset(_LATIN_UNITS) | frozenset(_CJK_UNITS) | frozenset(_SIGN_UNITS)
_LATIN_SET = frozenset(_LATIN_UNITS)

_NUM = r"(?<![a-z0-9.])(?<![a-z]-)\d+(?:\.\d+)?[万千百亿]?"
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM_RE = re.compile(rf"({_NUM})(?: ?({_UNIT_ALT}))?")
_UNIT_RE = re.compile(rf"({_UNIT_ALT})")


def _is_latin_char(c: str) -> bool:
    return "a" <= c <= "z" or "0" <= c <= "9"


def squash(text: str) -> str:
    """Normalized form with spaces removed: what 'kept' compares (as the Taobao section)."""
    return normalize_term(text).replace(" ", "")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Entity:
    """One usable labelled entity of a title: its type, squashed surface and labelled spans."""

    type: str
    norm: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class JDRow:
    """One JD title with its usable entities (see the module docstring)."""

    title: str
    entities: tuple[Entity, ...]
    skipped: int = 0

    def of(self, *types: str) -> tuple[str, ...]:
        """Squashed surfaces of the entities of the given types."""
        return tuple(e.norm for e in self.entities if e.type in types)


def parse_row(obj: dict) -> JDRow:
    """A :class:`JDRow` from one line of the JD file (``title``, ``spans``)."""
    title: str = obj.get("title", "")
    title_n = squash(title)
    groups: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    skipped = 0
    for typ, start, end in obj.get("spans", []):
        n = squash(title[start:end].strip())
        if not n or not _WORDY.search(n) or n not in title_n:
            skipped += 1
            continue
        if n in groups:
            groups[n][1].append((start, end))
        else:
            groups[n] = (str(typ), [(start, end)])
    ents = tuple(Entity(t, n, tuple(sp)) for n, (t, sp) in groups.items())
    return JDRow(title, ents, skipped)


def load_jd(path: Path, limit: int | None = None) -> list[JDRow]:
    """Rows of the JD file in file order; ``limit`` keeps the first N (None or 0: all)."""
    rows: list[JDRow] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(parse_row(json.loads(line)))
                if limit and len(rows) >= limit:
                    break
    return rows


def read_queries(path: Path) -> list[str]:
    """Queries of ``taobao_queries/train.query.txt`` (``qid<TAB>query``)."""
    with open(path, encoding="utf-8") as fh:
        return [q for line in fh if (q := line.rstrip("\n").split("\t")[-1].strip())]


# ---------------------------------------------------------------- baselines


def cut_at_limit(title: str, length: Callable[[str], int], limit: int) -> str:
    """The longest prefix of ``title`` within ``limit`` (trailing spaces dropped)."""
    if length(title) <= limit:
        return title.strip()
    lo, hi = 0, len(title)
    while lo < hi:  # largest k with length(title[:k]) <= limit (length grows with k)
        mid = (lo + hi + 1) // 2
        if length(title[:mid]) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return title[:lo].strip()


def jieba_cut(title: str, segmenter: Segmenter, length: Callable[[str], int], limit: int) -> str:
    """Tokens in order, repeats of 2+ characters dropped, cut at a token boundary (module docstring)."""
    toks = segmenter.tokens(title)
    seen: set[str] = set()
    out = ""
    prev_end: int | None = None  # end of the last kept token, when the token before this one was kept
    last_end = 0  # end of the previous token, kept or not
    space = False  # the title had white space since the last kept token
    for tok in toks:
        space = space or any(c.isspace() for c in title[last_end : tok.start])
        last_end = tok.end
        if len(tok.text) >= 2 and tok.text in seen:
            prev_end = None
            continue
        seen.add(tok.text)
        if prev_end is not None:
            piece = title[prev_end : tok.end]
        else:
            piece = (" " if out and space else "") + title[tok.start : tok.end]
        if length(out + piece) > limit:
            break
        out += piece
        prev_end = tok.end
        space = False
    return out.strip()


# ---------------------------------------------------------------- entities


def _parts(s: str) -> set[str]:
    """Parts of a surface whose sight, without the whole, means the entity was cut (module docstring)."""
    parts = {s[i:j] for i in range(len(s)) for j in range(i + 2, len(s) + 1) if j - i < len(s)}
    runs = [m.group() for m in _CJK.finditer(s)] + [m.group() for m in _LATIN.finditer(s)]
    if len(runs) > 1:
        parts.update(r for r in runs if r != s)
    return parts


def _rest(row: JDRow, ent: Entity) -> str:
    """The squashed title with the entity's spans blanked: what else the title says."""
    rest = row.title
    for a, b in sorted(ent.spans, reverse=True):
        rest = rest[:a] + _BLANK + rest[b:]
    return squash(rest)


def _seen(row: JDRow, ent: Entity, out_n: str) -> list[str]:
    """Parts of the entity the output shows more often than the rest of the title does."""
    rest_n = _rest(row, ent)
    return [p for p in _parts(ent.norm) if (c := out_n.count(p)) and c > rest_n.count(p)]


def entity_status(row: JDRow, ent: Entity, out_n: str) -> str:
    """``whole``, ``broken`` or ``gone`` for one entity in one squashed output."""
    if ent.norm in out_n:
        return "whole"
    return "broken" if _seen(row, ent, out_n) else "gone"


def cut_inside_word(row: JDRow, ent: Entity, out_n: str, words: Sequence[str]) -> bool:
    """A broken entity shows a piece that begins or ends inside one of its words (``words``: its jieba cut).

    The integrity measure counts an entity broken when the output shows any part
    of it without the whole: ``风向调节板`` → ``调节板`` (a modifier dropped, which
    reads fine) as much as ``海康威视`` → ``海康`` (a name cut). This companion
    counts only the second kind: of the pieces the output shows, the longest ones
    (not inside another shown piece) each fall on the entity's word boundaries
    somewhere in it, or the entity was cut inside a word.
    """
    s = ent.norm
    bounds, at = {0}, 0
    for w in words:
        at += len(w)
        bounds.add(at)
    if at != len(s):  # the words do not spell the entity: no boundaries to judge by
        return True
    seen = _seen(row, ent, out_n)
    longest = [p for p in seen if not any(p != q and p in q for q in seen)]
    for p in longest:
        starts = [i for i in range(len(s) - len(p) + 1) if s.startswith(p, i)]
        if not any(i in bounds and i + len(p) in bounds for i in starts):
            return True
    return False


def head_lost(row: JDRow, ent: Entity, out_n: str, words: Sequence[str]) -> bool:
    """A broken entity whose head, its last word (``words``: its jieba cut), the output does not show.

    See the module docstring: ``风向调节板`` → ``调节板`` keeps the head, ``送货单`` →
    ``送货`` loses it. A one-character last word is read with the word before it
    (``闪光|笔``: the head is ``闪光笔``, so ``…专用笔`` does not count as showing it).
    """
    if len(words) < 2 or "".join(words) != ent.norm:
        return True
    head = words[-1] if len(words[-1]) > 1 else words[-2] + words[-1]
    if head == ent.norm:
        return True
    return out_n.count(head) <= _rest(row, ent).count(head)


# ---------------------------------------------------------------- units and numbers


@dataclass(frozen=True)
class UnitReading:
    """Numbers and units of one text: pairs, bare numbers, bare units (counts)."""

    pairs: Counter
    bare_numbers: Counter
    bare_units: Counter


def read_units(text: str) -> UnitReading:
    """Pairs, bare numbers and bare units of ``text`` (normalized with spaces kept; module docstring)."""
    t = normalize_term(text)
    pairs: Counter = Counter()
    bare_n: Counter = Counter()
    paired_units: set[int] = set()  # start offsets of units that follow a number
    for m in _NUM_RE.finditer(t):
        num, unit = m.group(1), m.group(2)
        if unit and unit in _LATIN_SET and m.end() < len(t) and _is_latin_char(t[m.end()]):
            unit = None  # a Latin unit is a whole Latin run: 5g手机 is a pair, 3 a315 and 5gal are not
        elif unit and len(unit) == 1 and unit in _LATIN_SET and t[m.end(1)] == " " and _CJK.match(t[m.end() :]):
            # one letter written apart from the number and glued to a Chinese word labels it (款式4 A面: side A,
            # not 4 amperes); glued to the number it stays a unit (5a充电器)
            unit = None
        if unit:
            pairs[(num, unit)] += 1
            paired_units.add(m.start(2))
        else:
            bare_n[num] += 1
    bare_u: Counter = Counter()
    for m in _UNIT_RE.finditer(t):
        u, a, b = m.group(1), m.start(1), m.end(1)
        if a in paired_units:
            continue
        if u in _LATIN_SET:
            if (a > 0 and "a" <= t[a - 1] <= "z") or (b < len(t) and _is_latin_char(t[b])):
                continue  # a letter inside a Latin word or code (rog, a315)
            if a > 0 and t[a - 1].isdigit():
                continue  # a number glued to the unit that _NUM did not read as one (a model code: bk5w)
        bare_u[u] += 1
    return UnitReading(pairs, bare_n, bare_u)


@dataclass(frozen=True)
class Orphans:
    """Units left without their number and numbers left without their unit, in one output."""

    units: int
    numbers: int

    @property
    def any(self) -> bool:
        return bool(self.units or self.numbers)


def orphans(before: UnitReading, after: UnitReading) -> Orphans:
    """Excess bare units and bare numbers of the output over the input, for those the input paired."""
    paired_units = {u for _, u in before.pairs}
    paired_nums = {n for n, _ in before.pairs}
    u = sum(max(0, c - before.bare_units[x]) for x, c in after.bare_units.items() if x in paired_units)
    n = sum(max(0, c - before.bare_numbers[x]) for x, c in after.bare_numbers.items() if x in paired_nums)
    return Orphans(u, n)


# ---------------------------------------------------------------- findability


class QueryIndex:
    """Queries indexed by their rarest token, to find the (query, title) pairs a title covers cheaply."""

    def __init__(self, queries: Iterable[str], segmenter: Segmenter) -> None:
        toks: list[tuple[str, ...]] = []
        for q in queries:
            t = tuple(dict.fromkeys(x.replace(" ", "") for x in segmenter.cut(q)))
            t = tuple(x for x in t if x)
            if t:
                toks.append(t)
        df: Counter = Counter(x for t in toks for x in t)
        self.queries = toks
        self.by_key: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            key = min(t, key=lambda x: (df[x], -len(x)))
            self.by_key.setdefault(key, []).append(i)
        self.key_lengths = sorted({len(k) for k in self.by_key})

    def __len__(self) -> int:
        return len(self.queries)

    def covering(self, text_n: str) -> list[int]:
        """Ids of the queries that cover the squashed text ``text_n``."""
        found: set[int] = set()
        n = len(text_n)
        by_key = self.by_key
        for k in self.key_lengths:
            if k > n:
                break
            for i in range(n - k + 1):
                ids = by_key.get(text_n[i : i + k])
                if ids:
                    found.update(ids)
        return [q for q in sorted(found) if self.covers(q, text_n)]

    def covers(self, q: int, text_n: str) -> bool:
        """True when every token of query ``q`` is a substring of ``text_n``."""
        return all(x in text_n for x in self.queries[q])


# ---------------------------------------------------------------- one system's tally


@dataclass
class SystemTally:
    """Every measure of one system over the same titles (see the module docstring)."""

    name: str
    length: Callable[[str], int]
    limit: int
    n: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    within: int = 0
    out_len: list[int] = field(default_factory=list)
    ent_n: int = 0
    ent_whole: int = 0
    ent_broken: int = 0
    ent_cut_inside: int = 0  # of the broken, those cut inside one of their words (cut_inside_word)
    ent_head_lost: int = 0  # of the broken, those whose last word the output does not show (head_lost)
    words: Callable[[str], Sequence[str]] | None = None  # an entity's words, for ent_cut_inside
    broken_by_type: Counter = field(default_factory=Counter)
    brand_n: int = 0
    brand_kept: int = 0
    prod_n: int = 0
    prod_kept: int = 0
    model_n: int = 0
    model_kept: int = 0
    compat_n: int = 0
    compat_all: int = 0
    compat_any: int = 0
    fit_n: int = 0  # titles naming a fit (a fit word and a labelled compatible brand)
    fit_dropped: int = 0  # of those, outputs without any fit word that keep a compatible brand
    unit_n: int = 0  # titles whose input pairs a number with a unit
    orphan_titles: int = 0
    orphan_units: int = 0
    orphan_numbers: int = 0
    find_pairs: int = 0
    find_kept: int = 0
    find_gained: int = 0
    outputs: list[str | None] = field(default_factory=list)
    broken_examples: list[tuple[str, str, str]] = field(default_factory=list)  # (title, output, entity)
    orphan_examples: list[tuple[str, str]] = field(default_factory=list)
    over_examples: list[tuple[str, str]] = field(default_factory=list)

    def error(self, exc: Exception) -> None:
        """Count one failed call (the run never stops on one title)."""
        self.n += 1
        self.errors += 1
        self.error_kinds[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
        self.outputs.append(None)

    def add(
        self,
        row: JDRow,
        out: str,
        units_in: UnitReading | None = None,
        covered_in: Sequence[int] = (),
        index: QueryIndex | None = None,
    ) -> None:
        """Measure one output of this system for ``row``."""
        self.n += 1
        self.outputs.append(out)
        ln = self.length(out)
        self.out_len.append(ln)
        self.within += ln <= self.limit
        if ln > self.limit and len(self.over_examples) < 200:
            self.over_examples.append((row.title, out))
        out_n = squash(out)
        for e in row.entities:
            self.ent_n += 1
            st = entity_status(row, e, out_n)
            if st == "whole":
                self.ent_whole += 1
            elif st == "broken":
                self.ent_broken += 1
                if self.words is not None:
                    self.ent_cut_inside += cut_inside_word(row, e, out_n, self.words(e.norm))
                    self.ent_head_lost += head_lost(row, e, out_n, self.words(e.norm))
                self.broken_by_type[e.type] += 1
                if len(self.broken_examples) < 200:
                    self.broken_examples.append((row.title, out, f"type {e.type} {e.norm!r}"))
        brands, prods, models = row.of(BRAND), row.of(PRODUCT), row.of(MODEL)
        compat = tuple(e.norm for e in row.entities if e.type in COMPAT)
        if brands:
            self.brand_n += 1
            self.brand_kept += all(b in out_n for b in brands)
        if prods:
            self.prod_n += 1
            self.prod_kept += any(p in out_n for p in prods)
        if models:
            self.model_n += 1
            self.model_kept += all(m in out_n for m in models)
        if compat:
            self.compat_n += 1
            self.compat_all += all(c in out_n for c in compat)
            self.compat_any += any(c in out_n for c in compat)
        title_n = squash(row.title)
        fit_at = min((k for w in FIT_WORDS if (k := title_n.find(w)) >= 0), default=-1)
        # the compatible brands the title writes only after its first fit word
        fit_brands = [b for b in row.of(COMPAT_BRAND) if fit_at >= 0 and title_n.find(b) > fit_at]
        if fit_brands:
            self.fit_n += 1
            self.fit_dropped += not any(w in out_n for w in FIT_WORDS) and any(b in out_n for b in fit_brands)
        if units_in is None:
            units_in = read_units(row.title)
        if units_in.pairs:
            self.unit_n += 1
            o = orphans(units_in, read_units(out))
            self.orphan_units += o.units
            self.orphan_numbers += o.numbers
            if o.any:
                self.orphan_titles += 1
                if len(self.orphan_examples) < 200:
                    self.orphan_examples.append((row.title, out))
        if index is not None:
            self.find_pairs += len(covered_in)
            self.find_kept += sum(index.covers(q, out_n) for q in covered_in)
            self.find_gained += len(set(index.covering(out_n)) - set(covered_in))

    @property
    def integrity(self) -> float:
        """(whole + gone) / all entities; 1.0 when there are none."""
        return (self.ent_n - self.ent_broken) / self.ent_n if self.ent_n else 1.0


def measure(
    name: str,
    rows: Sequence[JDRow],
    system: Callable[[str], str],
    length: Callable[[str], int],
    limit: int,
    *,
    units_in: Sequence[UnitReading] | None = None,
    covered_in: Sequence[Sequence[int]] | None = None,
    index: QueryIndex | None = None,
    words: Callable[[str], Sequence[str]] | None = None,
) -> SystemTally:
    """Run ``system`` on every title and tally all measures; an exception counts as an error for that title.

    ``units_in`` and ``covered_in`` (per row, from :func:`read_units` and
    :meth:`QueryIndex.covering` on the original) are computed once and shared by
    the systems; findability is measured only when ``index`` is given, cuts
    inside a word only when ``words`` (an entity's jieba words) is.
    """
    t = SystemTally(name, length, limit, words=words)
    for i, row in enumerate(rows):
        try:
            out = system(row.title)
        except Exception as exc:  # real titles include junk: count, never crash
            t.error(exc)
            continue
        t.add(
            row,
            out,
            units_in[i] if units_in is not None else None,
            covered_in[i] if covered_in is not None else (),
            index,
        )
    return t
