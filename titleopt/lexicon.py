"""Word lists that encode what a title may and may not say, loaded once.

Everything a rule or the optimizer knows about words - attribute groups and
their conflicts, terms the Advertising Law bans, claims that need evidence,
promotional noise, brands, product nouns, synonyms - lives in plain files in
``dictionaries/`` (each with a ``#`` header naming its source; see
``dictionaries/README.md``). Keeping the judgment in data rather than code
lets a seller or a lawyer read, cite and extend it without Python.

A :class:`Lexicon` is immutable and built once per set of files
(:func:`load_lexicon` caches it). Its indexes (the :class:`TermIndex`, the
conflict members, each platform's promotional words) are built with it, in
:meth:`Lexicon.__post_init__`; the answers it memoizes per word (banned?
promotional? which lists?) live in one place, :attr:`Lexicon.memo`, a
:class:`WordMemo` of bounded caches whose entries are pure functions of the
word, so they change no output, only speed. All of its terms are stored in matching form
(:func:`titleopt.normalize.normalize_term`: NFKC, lower-case Latin,
Simplified), and all lists are compiled into one :class:`TermIndex`, so a title
is scanned once for every list (:meth:`Lexicon.scan`), with no file reads or
regex compilation per call.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NamedTuple

from .cache import BoundedCache
from .errors import ConfigError, InputError
from .normalize import normalize_term
from .platforms import DEFAULT_PLATFORM
from .resources import data_path

log = logging.getLogger(__name__)

#: The kinds of word list, by the file stem that selects them.
KINDS: tuple[str, ...] = (
    "attributes",
    "conflicts",
    "absolute_terms",
    "absolute_allow",
    "evidence_claims",
    "false_promises",
    "promo_words",
    "brands",
    "product_words",
    "synonyms",
    "compat_phrases",
    "descriptive_words",
    "generic_heads",
    "service_words",
)

_SHIPPED: dict[str, str] = {
    "attributes": "attributes.tsv",
    "conflicts": "conflicts.txt",
    "absolute_terms": "absolute_terms.txt",
    "absolute_allow": "absolute_allow.txt",
    "evidence_claims": "evidence_claims.txt",
    "false_promises": "false_promises.txt",
    "promo_words": "promo_words.tsv",
    "brands": "brands.txt",
    "product_words": "product_words.txt",
    "synonyms": "synonyms.tsv",
    "compat_phrases": "compat_phrases.txt",
    "descriptive_words": "descriptive_words.txt",
    "generic_heads": "generic_heads.txt",
    "service_words": "service_words.txt",
}

#: A product word that begins this many longer product words of the dictionary names what they are
#: for (手机: 手机壳, 手机膜, 手机支架) as often as what is sold (:meth:`Lexicon.leads_products`).
#: Two, not one: a single compound (牙刷 -> 牙刷头) says little; measured in benchmarks/README.md.
LEADING_PRODUCTS = 2

#: Attribute groups of attributes.tsv that say whom the item is for. Values of them written together
#: (男士女士, 成人儿童) name everyone it is for: one unit for the rewrite, no conflict for lint (TO401).
AUDIENCE_GROUPS = frozenset({"性别", "年龄段", "母婴阶段"})
#: Marks that join values written together (男/女, 男、女, 男&女): as glued, they name both.
TOGETHER_MARKS = frozenset({"/", "、", "&"})

_KIND_HEADER = re.compile(r"^#\s*kind\s*:\s*([a-z_]+)\s*$", re.IGNORECASE)

AllowLevel = Literal["ok", "info"]


class AllowEntry(NamedTuple):
    """A judged exception: ``ok`` is never reported, ``info`` is reported as info."""

    level: AllowLevel
    reason: str


class ConflictSet(NamedTuple):
    """Values of which a title may state only one side, unless an escape is present."""

    sides: tuple[frozenset[str], ...]
    escapes: frozenset[str]


class Hit(NamedTuple):
    """One occurrence of a lexicon term in a normalized text: ``[start, end)``."""

    start: int
    end: int
    term: str
    kinds: frozenset[str]


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_digit(ch: str) -> bool:
    return ch.isascii() and ch.isdigit()


_EDGE = re.compile(r"[A-Za-z0-9]")
#: A :class:`TermIndex` with at most this many distinct first characters finds its start positions with a regex.
_FEW_FIRST_CHARS = 500
#: ``tuple.__new__``: builds a :class:`Hit` without NamedTuple's Python-level constructor (the same tuple, faster).
_new_tuple = tuple.__new__


def _bounded(text: str, start: int, end: int) -> bool:
    """True unless the match cuts a Latin word or a number in two (``sale`` in ``wholesale``)."""
    first, last = text[start], text[end - 1]
    if start > 0:
        prev = text[start - 1]
        if (_is_ascii_letter(first) and _is_ascii_letter(prev)) or (_is_digit(first) and _is_digit(prev)):
            return False
    if end < len(text):
        nxt = text[end]
        if (_is_ascii_letter(last) and _is_ascii_letter(nxt)) or (_is_digit(last) and _is_digit(nxt)):
            return False
    return True


class TermIndex:
    """Find many literal terms in a text in one pass (a first-character index).

    Pure Python, no dependency: titles are short (tens of characters), so
    checking the few terms that start with each character is as fast as an
    automaton here, and the index builds in milliseconds. Latin and digit
    edges respect word boundaries (``_bounded``).
    """

    __slots__ = ("_by2", "_edged", "_first", "_first_re", "_single", "kinds")

    def __init__(self, kinds: Mapping[str, Iterable[str]]) -> None:
        tagged: dict[str, set[str]] = {}
        for kind, terms in kinds.items():
            for term in terms:
                if term:
                    tagged.setdefault(term, set()).add(kind)
        self.kinds: dict[str, frozenset[str]] = {t: frozenset(k) for t, k in tagged.items()}
        by2: dict[str, list[str]] = {}
        for term in self.kinds:
            if len(term) > 1:
                by2.setdefault(term[:2], []).append(term)
        # Candidates keyed by their first two characters, longest first: a
        # title position is checked against a handful of terms, not hundreds.
        self._by2 = {p: tuple(sorted(ts, key=lambda t: (-len(t), t))) for p, ts in by2.items()}
        self._single = {t: k for t, k in self.kinds.items() if len(t) == 1}
        # Only a term that begins or ends with a Latin letter or a digit can
        # cut a word or a number in two; the others need no boundary check.
        self._edged = frozenset(t for t in self.kinds if _EDGE.match(t[0]) or _EDGE.match(t[-1]))
        # A position whose character begins no term holds no hit: skip it before slicing. A small
        # index (category words, regulated claims: tens of first characters, found at a few
        # positions of a title) finds its positions with one character-class scan in C; a large
        # one (the lexicon: a thousand first characters, most positions of a title) with a set test.
        self._first = frozenset(t[0] for t in self.kinds)
        self._first_re = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(self._first)) + "]")
            if 0 < len(self._first) <= _FEW_FIRST_CHARS
            else None
        )

    def find_all(self, text: str) -> list[Hit]:
        """Every occurrence (overlapping), by start, longest first at each start."""
        out: list[Hit] = []
        by2 = self._by2
        single = self._single
        edged = self._edged
        kinds = self.kinds
        if self._first_re is not None:
            starts = [m.start() for m in self._first_re.finditer(text)]
        else:
            first = self._first
            starts = [i for i, ch in enumerate(text) if ch in first]
        for i in starts:
            cands = by2.get(text[i : i + 2])
            if cands is not None:
                for term in cands:
                    if text.startswith(term, i):
                        end = i + len(term)
                        if term not in edged or _bounded(text, i, end):
                            out.append(_new_tuple(Hit, (i, end, term, kinds[term])))
            k = single.get(text[i])
            if k is not None and _bounded(text, i, i + 1):
                out.append(_new_tuple(Hit, (i, i + 1, text[i], k)))
        return out


def leftmost_longest(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, preferring the earliest start, then the longest."""
    out: list[Hit] = []
    pos = -1
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if h.start >= pos:
            out.append(h)
            pos = h.end
    return out


#: Bits of :meth:`Lexicon.word_kinds`, one per list a word can be on.
PRODUCT, FACTUAL, DESCRIPTIVE, GENERIC, PROMO, BANNED, BRAND, SERVICE = (1 << i for i in range(8))


#: The matching form of a term (:func:`~titleopt.normalize.normalize_term` keeps its own bounded cache).
_norm = normalize_term


class WordMemo:
    """Every per-word answer a :class:`Lexicon` memoizes, in one place.

    Each cache maps a word (and, for ``promo``, a platform) to a pure
    function of it and of the lexicon's lists, which never change; so a
    cache may be emptied at any time (:class:`~titleopt.cache.BoundedCache`
    does when full) without changing an answer. Product detection asks
    several of these questions of every token of every title, and tokens
    repeat across a catalogue.
    """

    __slots__ = ("banned", "hits", "kinds", "promo")

    def __init__(self) -> None:
        self.hits: BoundedCache[str, tuple[Hit, ...]] = BoundedCache()  # normalized term -> its scan
        self.banned: BoundedCache[str, bool] = BoundedCache()  # normalized term -> is_banned
        self.promo: BoundedCache[tuple[str, str], bool] = BoundedCache()  # (term, platform) -> is_promo
        self.kinds: BoundedCache[str, int] = BoundedCache()  # term -> word_kinds bits

    def clear(self) -> None:
        for name in self.__slots__:
            getattr(self, name).clear()

    def sizes(self) -> dict[str, int]:
        """How many entries each cache holds (for tests and profiling)."""
        return {name: len(getattr(self, name)) for name in self.__slots__}


class PromoTerms(NamedTuple):
    """One platform's promotional words (with those of every platform), built once per lexicon."""

    terms: frozenset[str]
    shortest: int  # length of the shortest term (0 when there is none)
    prefixes: frozenset[str]  # proper prefixes of the terms


class TermStarts(NamedTuple):
    """Where a list's terms can begin: their first characters, first two characters, and one-character terms.

    Why: is a new word banned or promotional? Nearly always not, and
    scanning it (:meth:`TermIndex.find_all`) was half the cost of a word's
    first :meth:`Lexicon.word_kinds`. The index finds a term only where its
    first two characters are (one, for a one-character term), so a word
    holding none of them holds none of the terms: two C-level set tests
    settle most words, and the rest are scanned as before.
    """

    firsts: frozenset[str]
    pairs: frozenset[str]
    singles: frozenset[str]

    def may_hold(self, n: str) -> bool:
        """False only when no term of the list can occur in normalized ``n``."""
        if self.firsts.isdisjoint(n):
            return False
        pairs, singles = self.pairs, self.singles
        return any(n[i : i + 2] in pairs or n[i] in singles for i in range(len(n)))


def _starts_of(terms: Iterable[str]) -> TermStarts:
    terms = [t for t in terms if t]
    return TermStarts(
        frozenset(t[0] for t in terms),
        frozenset(t[:2] for t in terms if len(t) > 1),
        frozenset(t for t in terms if len(t) == 1),
    )


def _promo_terms_for(words: frozenset[str]) -> PromoTerms:
    return PromoTerms(words, min(map(len, words), default=0), frozenset(w[:k] for w in words for k in range(1, len(w))))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """All word lists, in matching form, with precomputed lookups.

    Build it with :func:`load_lexicon`. ``eq=False``: two lexicons are the same
    only if they are the same object, which keeps them hashable for caches.

    Besides its lists it holds, set once when it is built and never changed:
    ``index`` (one :class:`TermIndex` over every list), the conflict members,
    the product forms (plurals), each platform's :class:`PromoTerms`; and
    ``memo``, the :class:`WordMemo` of its per-word answers, the only mutable
    part of a lexicon (memoized pure functions: they change no answer).
    """

    attributes: Mapping[str, str] = field(default_factory=dict)
    """term -> attribute group (``短袖`` -> ``袖长``)."""
    conflict_sets: tuple[ConflictSet, ...] = ()
    absolute_terms: frozenset[str] = frozenset()
    allow: Mapping[str, AllowEntry] = field(default_factory=dict)
    evidence_claims: frozenset[str] = frozenset()
    false_promises: frozenset[str] = frozenset()
    promo_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """platform name (``*`` for all) -> promotional words."""
    brands: frozenset[str] = frozenset()
    """Unambiguous brand aliases; ambiguous ones (苹果) are in ``ambiguous_brands``."""
    brand_aliases: Mapping[str, str] = field(default_factory=dict)
    """Every alias (ambiguous too) -> canonical brand name (as written in the file)."""
    ambiguous_brands: frozenset[str] = frozenset()
    product_words: frozenset[str] = frozenset()
    synonyms: Mapping[str, str] = field(default_factory=dict)
    compat_phrases: frozenset[str] = frozenset()
    descriptive_words: frozenset[str] = frozenset()
    """Style and marketing words that state no checkable fact (韩版, ins风): safe to add."""
    generic_heads: frozenset[str] = frozenset()
    """Container nouns (套装, 配件, 用品) that name no product on their own."""
    service_words: frozenset[str] = frozenset()
    """Services a listing can sell (出租, 维修, 代练): what is sold when no product is."""
    compat_suffixes: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    """The files this lexicon was built from, in load order."""

    def __post_init__(self) -> None:
        self._build_indexes()

    def _build_indexes(self) -> None:
        """The lookups derived from the lists, built once with the lexicon (it never changes after)."""
        conflict_members = self._find_conflict_members()
        escapes = frozenset(e for cs in self.conflict_sets for e in cs.escapes)
        product_forms = self._find_product_forms()
        everywhere = frozenset(self.promo_words.get("*", ()))
        promo = {p: _promo_terms_for(everywhere | words) for p, words in self.promo_words.items()}
        by_brand: dict[str, set[str]] = {}
        for alias, canonical in self.brand_aliases.items():
            by_brand.setdefault(canonical, set()).add(alias)
        derived = {
            "_aliases_by_brand": {c: frozenset(a) for c, a in by_brand.items()},
            "_conflict_members": conflict_members,
            "_escapes": escapes,
            "_product_forms": product_forms,
            "_leading_products": self._find_leading_products(),
            "_one_word_fits": frozenset(p for p in self.compat_phrases if " " not in p),
            # a platform with no list of its own has only the words of every platform
            "_promo_any": _promo_terms_for(everywhere),
            "_promo_by_platform": promo,
            # where banned and promotional terms can begin: most new words need no scan (TermStarts)
            "_banned_starts": _starts_of([*self.absolute_terms, *self.evidence_claims, *self.false_promises]),
            "_promo_starts_any": _starts_of(everywhere),
            "_promo_starts": {p: _starts_of(t.terms) for p, t in promo.items()},
            "memo": WordMemo(),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "index", self._build_index())

    def __getstate__(self) -> dict:
        # Read-only mapping views do not pickle; the indexes are rebuilt, the memo starts empty.
        return {f.name: (dict(v) if isinstance(v, MappingProxyType) else v)
                for f in fields(self) for v in (getattr(self, f.name),)}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, MappingProxyType(value) if isinstance(value, dict) else value)
        self._build_indexes()

    # -- built with the lexicon ----------------------------------------------

    def _build_index(self) -> TermIndex:
        """One index over every list; hit kinds say which lists a term is on (:attr:`index`)."""
        kinds: dict[str, Iterable[str]] = {
            "absolute": self.absolute_terms,
            "allow": self.allow.keys(),
            "evidence": self.evidence_claims,
            "promise": self.false_promises,
            "brand": self.brands,
            "ambiguous_brand": self.ambiguous_brands,
            "product": self._product_forms,
            "compat": self.compat_phrases,
            "compat_suffix": self.compat_suffixes,
            "conflict": self._conflict_members.keys(),
            "escape": self._escapes,
            "attribute": self.attributes.keys(),
        }
        for platform, words in self.promo_words.items():
            kinds[f"promo:{platform}"] = words
        return TermIndex(kinds)

    def _find_product_forms(self) -> frozenset[str]:
        forms = set(self.product_words)
        for w in self.product_words:
            if w.isascii() and w[-1:].isalpha():
                forms.add(w + "s")
                if w.endswith(("s", "x", "ch", "sh")):
                    forms.add(w + "es")
                if w.endswith("y"):
                    forms.add(w[:-1] + "ies")
        return frozenset(forms)

    @property
    def one_word_fits(self) -> frozenset[str]:
        """The fit phrases of one word (``适用``, ``适用于``, ``兼容``): those one title token can hold.

        A phrase of several words (``works with``) is matched across tokens and
        never stands as one; the unit reader and the rewrite's fit rules both
        ask for these, so they are derived once, with the lexicon.
        """
        return self._one_word_fits

    def _find_leading_products(self) -> frozenset[str]:
        """Product words that begin :data:`LEADING_PRODUCTS` or more longer product words (:meth:`leads_products`)."""
        words = self.product_words
        counts: Counter[str] = Counter()
        for w in words:
            counts.update(w[:k] for k in range(2, len(w)) if w[:k] in words)
        return frozenset(w for w, n in counts.items() if n >= LEADING_PRODUCTS)

    def _find_conflict_members(self) -> dict[str, tuple[tuple[int, int], ...]]:
        members: dict[str, list[tuple[int, int]]] = {}
        for i, cs in enumerate(self.conflict_sets):
            for j, side in enumerate(cs.sides):
                for term in side:
                    members.setdefault(term, []).append((i, j))
        return {t: tuple(v) for t, v in members.items()}

    def scan(self, text: str) -> list[Hit]:
        """Every occurrence of every lexicon term in normalized ``text``."""
        return self.index.find_all(text)

    def _term_hits(self, n: str) -> tuple[Hit, ...]:
        """:meth:`scan` of one normalized term, memoized: the banned and promotional checks share it."""
        return self.memo.hits.get(n, self._scan_term)

    def _scan_term(self, n: str) -> tuple[Hit, ...]:
        return tuple(self.scan(n))

    # -- questions about one term ----------------------------------------

    def canonical(self, term: str) -> str:
        """The synonym's canonical form, or the normalized term itself."""
        n = _norm(term)
        return self.synonyms.get(n, n)

    def is_audience(self, term: str) -> bool:
        """The term says whom the item is for (男款, 儿童): its attribute group is one of :data:`AUDIENCE_GROUPS`."""
        return self.group_of(term) in AUDIENCE_GROUPS

    def group_of(self, term: str) -> str | None:
        """Attribute group of a term (``短袖`` -> ``袖长``), via synonyms too; else None."""
        n = _norm(term)
        group = self.attributes.get(n)
        if group is None and n in self.synonyms:
            group = self.attributes.get(self.synonyms[n])
        return group

    def is_factual(self, term: str) -> bool:
        """A claim about the item: in an attribute group, or contains a digit (size, capacity, model)."""
        n = _norm(term)
        return self.group_of(n) is not None or any(ch.isdigit() for ch in n)

    def conflicting(self, terms: Iterable[str], *, context: str = "") -> list[tuple[str, str]]:
        """Pairs among ``terms`` that cannot both be true of one item.

        A set's escapes (``男女同款``) present among ``terms`` or inside the
        normalized ``context`` (usually the whole title) make its pairs fine.
        Pairs come in the order their terms appear; each pair once.
        """
        normed = [_norm(t) for t in terms]
        present = set(normed)
        members = self._conflict_members
        # set index -> side index -> first term seen on that side
        seen: dict[int, dict[int, str]] = {}
        order: list[tuple[int, int, str]] = []
        for term in normed:
            for i, j in members.get(term, ()):
                sides = seen.setdefault(i, {})
                if j not in sides:
                    sides[j] = term
                    order.append((i, j, term))
        pairs: list[tuple[str, str]] = []
        done: set[tuple[str, str]] = set()
        for i, sides in seen.items():
            if len(sides) < 2:
                continue
            escapes = self.conflict_sets[i].escapes
            if escapes & present or (context and any(e in context for e in escapes)):
                continue
            firsts = [t for (si, _sj, t) in order if si == i]
            for a_idx, a in enumerate(firsts):
                for b in firsts[a_idx + 1 :]:
                    if a != b and (a, b) not in done:
                        done.add((a, b))
                        pairs.append((a, b))
        return pairs

    def in_conflict_set(self, n: str) -> bool:
        """``n`` (in matching form) is on a side of a conflict set: no other term is in a :meth:`conflicting` pair."""
        return n in self._conflict_members

    def conflicts_with(self, term: str, chosen: Iterable[str], *, context: str = "") -> bool:
        """True when adding ``term`` to ``chosen`` would create a conflict."""
        n = _norm(term)
        if n not in self._conflict_members:
            return False  # in no conflict set: nothing can conflict with it
        chosen = list(chosen)
        return any(n in pair for pair in self.conflicting([*chosen, n], context=context))

    def is_banned(self, term: str) -> bool:
        """May never be added to a title: an absolute term, a false promise or an evidence claim.

        Only ``ok`` allow-list entries excuse a match here; ``info`` entries
        (最新款) are tolerated in a seller's own title but never introduced by
        titleopt. The single character 最 counts anywhere in a term.
        """
        n = _norm(term)
        banned = self.memo.banned.peek(n)
        return self.memo.banned.get(n, self._find_banned) if banned is None else banned

    def _find_banned(self, n: str) -> bool:
        if not self._banned_starts.may_hold(n):
            return False  # no banned term can occur in it: no scan
        hits = self._term_hits(n)
        ok = [h for h in hits if "allow" in h.kinds and self.allow[h.term].level == "ok"]
        for h in hits:
            if h.kinds & {"absolute", "evidence", "promise"} and not any(
                a.start <= h.start and h.end <= a.end for a in ok
            ):
                return True
        return False

    def is_promo(self, term: str, platform: str = DEFAULT_PLATFORM) -> bool:
        """The term contains a promotional word discouraged on ``platform``."""
        key = (term, platform)
        promo = self.memo.promo.peek(key)
        return self.memo.promo.get(key, self._find_promo) if promo is None else promo

    def _find_promo(self, key: tuple[str, str]) -> bool:
        term, platform = key
        n = _norm(term)
        if not self._promo_starts.get(platform.lower(), self._promo_starts_any).may_hold(n):
            return False  # no promotional word of this platform or of all can occur in it: no scan
        wanted = {"promo:*", f"promo:{platform.lower()}"}
        return any(h.kinds & wanted for h in self._term_hits(n))

    def is_promo_normalized(self, n: str, platform: str = DEFAULT_PLATFORM) -> bool:
        """:meth:`is_promo` of a term already in matching form (a piece of a normalized title).

        A term no longer than the shortest promotional word can hold one only
        by being one: a set lookup instead of normalizing and scanning it. The
        detector asks this of two characters either side of every seam between
        glued tokens (a service word jieba cut in two), almost all of them new.
        """
        terms, shortest, _ = self._promo_terms(platform.lower())
        if len(n) <= shortest:
            return n in terms
        return self.is_promo(n, platform)

    def _promo_terms(self, platform: str) -> PromoTerms:
        """Promotional words of ``platform`` (and of every platform), the shortest's length, their proper prefixes."""
        return self._promo_by_platform.get(platform, self._promo_any)

    def promo_terms_of(self, platform: str = DEFAULT_PLATFORM) -> frozenset[str]:
        """The promotional words of ``platform`` (and of every platform), normalized."""
        return self._promo_terms(platform.lower())[0]

    def promo_pieces(
        self, tokens: Sequence[str], glued: Sequence[bool], platform: str = DEFAULT_PLATFORM
    ) -> frozenset[int]:
        """Positions of tokens that only together spell a promotional word (买二送|一, 包|邮).

        jieba cuts some promotional words in pieces that are no promotional
        word on their own, so asking :meth:`is_promo` token by token keeps
        them. A piece must start a promotional word and the tokens glued
        after it complete one; a promotional word that starts inside a longer
        token (枸杞王包|邮) leaves that token alone. One set lookup per token.
        """
        terms, _, prefixes = self._promo_terms(platform.lower())
        out: set[int] = set()
        for i, t in enumerate(tokens):
            if t not in prefixes:
                continue
            s, j = t, i
            while j + 1 < len(tokens) and glued[j]:
                j += 1
                s += tokens[j]
                if s in terms:
                    out.update(range(i, j + 1))
                    break
                if s not in prefixes:
                    break
        return frozenset(out)

    def is_brand(self, term: str) -> bool:
        """The term is a known, unambiguous brand alias (``耐克``, ``nike``)."""
        return _norm(term) in self.brands

    def brand_of(self, term: str) -> str | None:
        """Canonical brand of an alias (ambiguous ones too): ``耐克`` -> ``Nike``."""
        return self.brand_aliases.get(_norm(term))

    def aliases_of(self, name: str) -> frozenset[str]:
        """A brand name, normalized, and every alias of the brand it names (ambiguous ones too)."""
        n = _norm(name)
        canonical = self.brand_aliases.get(n)
        if canonical is None:
            return frozenset({n} if n else ())
        return self._aliases_by_brand[canonical] | {n}

    def is_descriptive(self, term: str) -> bool:
        """A style or marketing word that claims nothing checkable, so a rewrite may add it."""
        return _norm(term) in self.descriptive_words

    def leads_products(self, term: str) -> bool:
        """A product word this dictionary also lists at the start of several longer ones (手机: 手机壳, 手机膜).

        The dictionary's own compounds show what such a word does in a title:
        it names what an accessory is for (手机支架, 电脑包) as often as what
        is sold, so product detection ranks it like a word written before
        another product word (see :func:`titleopt.product.detect`).
        """
        return _norm(term) in self._leading_products

    def is_generic_head(self, term: str) -> bool:
        """A container noun (套装, 配件) too broad to decide which keywords concern a listing."""
        return _norm(term) in self.generic_heads

    def is_service(self, term: str) -> bool:
        """A service a listing can sell (出租, 维修): a weak product word, below any thing sold."""
        return _norm(term) in self.service_words

    def word_kinds(self, term: str) -> int:
        """Which lists ``term`` is on, as bits: :data:`PRODUCT`, :data:`FACTUAL`, :data:`DESCRIPTIVE`, ….

        The same answers as :meth:`is_product_word`, :meth:`is_factual`,
        :meth:`is_descriptive`, :meth:`is_generic_head`, :meth:`is_promo`
        (Taobao), :meth:`is_banned`, :meth:`is_brand` and :meth:`is_service`, from one cached
        lookup: product detection asks up to eight of these questions of
        every token of every title, and tokens repeat across a catalogue.
        """
        kinds = self.memo.kinds.peek(term)
        return self.memo.kinds.get(term, self._find_kinds) if kinds is None else kinds

    def _find_kinds(self, term: str) -> int:
        # the is_* methods' own tests on one normalized form (each method would normalize
        # again: a third of the cost of a new word); a property test keeps them equal
        n = _norm(term)
        syn = self.synonyms.get(n)
        products = self.product_words
        return (
            (PRODUCT if n in products or syn in products else 0)
            | (FACTUAL if self.group_of(n) is not None or any(ch.isdigit() for ch in n) else 0)
            | (DESCRIPTIVE if n in self.descriptive_words else 0)
            | (GENERIC if n in self.generic_heads else 0)
            | (PROMO if self.is_promo(term) else 0)
            | (BANNED if self.is_banned(n) else 0)
            | (BRAND if n in self.brands else 0)
            | (SERVICE if n in self.service_words else 0)
        )

    def is_product_word(self, term: str) -> bool:
        """The term is a product noun (the thing being sold), directly or via a synonym."""
        n = _norm(term)
        return n in self.product_words or self.synonyms.get(n) in self.product_words


# -- loading ------------------------------------------------------------------


class _Builder:
    """Mutable accumulator the parsers fill; frozen into a Lexicon at the end."""

    def __init__(self) -> None:
        self.attributes: dict[str, str] = {}
        self.conflict_sets: list[ConflictSet] = []
        self.absolute_terms: set[str] = set()
        self.allow: dict[str, AllowEntry] = {}
        self.evidence_claims: set[str] = set()
        self.false_promises: set[str] = set()
        self.promo_words: dict[str, set[str]] = {}
        self.brand_aliases: dict[str, str] = {}
        self.ambiguous: set[str] = set()
        self.product_words: set[str] = set()
        self.synonyms: dict[str, str] = {}
        self.compat: set[str] = set()
        self.descriptive_words: set[str] = set()
        self.generic_heads: set[str] = set()
        self.service_words: set[str] = set()
        self.compat_suffixes: set[str] = set()
        self.sources: list[str] = []

    def build(self) -> Lexicon:
        synonyms = _resolve_synonyms(self.synonyms)
        brands = frozenset(a for a in self.brand_aliases if a not in self.ambiguous)
        return Lexicon(
            attributes=MappingProxyType(dict(self.attributes)),
            conflict_sets=tuple(self.conflict_sets),
            absolute_terms=frozenset(self.absolute_terms),
            allow=MappingProxyType(dict(self.allow)),
            evidence_claims=frozenset(self.evidence_claims),
            false_promises=frozenset(self.false_promises),
            promo_words=MappingProxyType({k: frozenset(v) for k, v in self.promo_words.items()}),
            brands=brands,
            brand_aliases=MappingProxyType(dict(self.brand_aliases)),
            ambiguous_brands=frozenset(self.ambiguous),
            product_words=frozenset(self.product_words),
            synonyms=MappingProxyType(synonyms),
            compat_phrases=frozenset(self.compat),
            descriptive_words=frozenset(self.descriptive_words),
            generic_heads=frozenset(self.generic_heads),
            service_words=frozenset(self.service_words),
            compat_suffixes=frozenset(self.compat_suffixes),
            sources=tuple(self.sources),
        )


def _resolve_synonyms(raw: dict[str, str]) -> dict[str, str]:
    """Follow chains (a -> b -> c gives a -> c); drop self-maps and cycles."""
    out: dict[str, str] = {}
    for variant in raw:
        seen = {variant}
        target = raw[variant]
        while target in raw and target not in seen:
            seen.add(target)
            target = raw[target]
        if target in seen:
            log.warning("synonym cycle through %r ignored", variant)
            continue
        if target != variant:
            out[variant] = target
    return out


def _data_lines(path: Path) -> list[str]:
    """Stripped, non-blank lines that are not ``#`` comment lines.

    Only whole-line comments: ``#1`` or ``C#`` inside an entry stay entries.
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = [ln.strip() for ln in fh]
    except OSError as exc:
        raise InputError(f"cannot read dictionary file: {exc.strerror or exc}", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("dictionary files must be UTF-8 text", file=str(path)) from None
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _terms(text: str) -> list[str]:
    return [t for t in (_norm(w) for w in text.split()) if t]


def _parse_attributes(b: _Builder, lines: list[str], path: Path) -> None:
    for n, line in enumerate(lines, 1):
        if "\t" not in line:
            raise InputError("expected 'group<TAB>values'", file=str(path), row=n)
        group, values = line.split("\t", 1)
        for v in _terms(values):
            b.attributes.setdefault(v, group.strip())


def _parse_conflicts(b: _Builder, lines: list[str], path: Path) -> None:
    for line in lines:
        body, _, esc = line.partition("|")
        words = body.split()
        if "/" in words:
            sides, current = [], []
            for w in [*words, "/"]:
                if w == "/":
                    sides.append(frozenset(_terms(" ".join(current))))
                    current = []
                else:
                    current.append(w)
        else:
            sides = [frozenset([t]) for t in _terms(body)]
        sides = [s for s in sides if s]
        if len(sides) < 2:
            log.warning("%s: conflict line with fewer than two sides ignored: %r", path.name, line)
            continue
        b.conflict_sets.append(ConflictSet(tuple(sides), frozenset(_terms(esc))))


def _one_per_line(target: str):
    def parse(b: _Builder, lines: list[str], path: Path) -> None:
        dest: set[str] = getattr(b, target)
        for line in lines:
            term = _norm(line.split("\t")[0].strip())
            if term:
                dest.add(term)

    return parse


def _parse_allow(b: _Builder, lines: list[str], path: Path) -> None:
    for n, line in enumerate(lines, 1):
        parts = [p.strip() for p in line.split("\t")]
        level = parts[1].lower() if len(parts) > 1 and parts[1] else "ok"
        if level not in ("ok", "info"):
            raise InputError(f"allow level must be 'ok' or 'info', got {level!r}", file=str(path), row=n)
        reason = parts[2] if len(parts) > 2 else ""
        term = _norm(parts[0])
        if term:
            b.allow[term] = AllowEntry(level, reason)  # type: ignore[arg-type]


def _parse_promo(b: _Builder, lines: list[str], path: Path) -> None:
    for n, line in enumerate(lines, 1):
        if line.replace(" ", "") == "platform\tword":
            continue
        if "\t" not in line:
            raise InputError("expected 'platform<TAB>word'", file=str(path), row=n)
        platform, word = line.split("\t", 1)
        for variant in expand_numerals(word.strip()):
            term = _norm(variant)
            if term:
                b.promo_words.setdefault(platform.strip().lower() or "*", set()).add(term)


#: What ``{n}`` in a dictionary word stands for: a count from one to ten, in Chinese or Arabic
#: numerals (and 两), as sellers write the counts of a "buy N, get M" offer (买一送三, 买2送1).
NUMERALS: tuple[str, ...] = (*"一二三四五六七八九十两", *(str(k) for k in range(1, 11)))


def expand_numerals(word: str) -> list[str]:
    """Every spelling of a dictionary word written with ``{n}`` placeholders (each one any of :data:`NUMERALS`).

    One line ``买{n}送{n}`` stands for the 484 spellings of the offer, which a
    list written out by hand covered only in part (买一送一 … 买五送一, so
    买一送三 stayed in rewritten titles).
    """
    out = [word]
    while "{n}" in out[0]:
        out = [w.replace("{n}", k, 1) for w in out for k in NUMERALS]
    return out


def _parse_brands(b: _Builder, lines: list[str], path: Path) -> None:
    for line in lines:
        aliases = [a.strip() for a in line.split("|") if a.strip()]
        if not aliases:
            continue
        canonical = aliases[0].rstrip("?").strip()
        for alias in aliases:
            ambiguous = alias.endswith("?")
            term = _norm(alias.rstrip("?").strip())
            if not term:
                continue
            b.brand_aliases.setdefault(term, canonical)
            if ambiguous:
                b.ambiguous.add(term)


def _parse_synonyms(b: _Builder, lines: list[str], path: Path) -> None:
    for n, line in enumerate(lines, 1):
        if line.replace(" ", "") == "variant\tcanonical":
            continue
        if "\t" not in line:
            raise InputError("expected 'variant<TAB>canonical'", file=str(path), row=n)
        variant, canonical = (_norm(x.strip()) for x in line.split("\t", 1))
        if variant and canonical and variant != canonical:
            b.synonyms[variant] = canonical


def _parse_compat(b: _Builder, lines: list[str], path: Path) -> None:
    for line in lines:
        if line.startswith("+"):
            term = _norm(line[1:].strip())
            if term:
                b.compat_suffixes.add(term)
        else:
            term = _norm(line)
            if term:
                b.compat.add(term)


_PARSERS = {
    "attributes": _parse_attributes,
    "conflicts": _parse_conflicts,
    "absolute_terms": _one_per_line("absolute_terms"),
    "absolute_allow": _parse_allow,
    "evidence_claims": _one_per_line("evidence_claims"),
    "false_promises": _one_per_line("false_promises"),
    "promo_words": _parse_promo,
    "brands": _parse_brands,
    "product_words": _one_per_line("product_words"),
    "synonyms": _parse_synonyms,
    "compat_phrases": _parse_compat,
    "descriptive_words": _one_per_line("descriptive_words"),
    "generic_heads": _one_per_line("generic_heads"),
    "service_words": _one_per_line("service_words"),
}


def kind_of(path: str | Path) -> str:
    """Which list a user file extends: a ``# kind: NAME`` header line, else its file name.

    The file name works when its stem is a kind (``brands.txt``) or ends with
    one after ``_``, ``-`` or ``.`` (``my_shop_brands.txt``).
    """
    p = Path(path)
    try:
        with open(p, encoding="utf-8-sig") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    break
                m = _KIND_HEADER.match(line)
                if m:
                    kind = m.group(1).lower()
                    if kind not in _PARSERS:
                        raise ConfigError(f"{p}: unknown dictionary kind {kind!r}; known: {', '.join(KINDS)}")
                    return kind
    except OSError as exc:
        raise InputError(f"cannot read dictionary file: {exc.strerror or exc}", file=str(p)) from None
    stem = p.name.split(".")[0].lower()
    for kind in sorted(KINDS, key=len, reverse=True):
        if stem == kind or any(stem.endswith(sep + kind) for sep in ("_", "-", ".")):
            return kind
    raise ConfigError(
        f"{p}: cannot tell which word list this file extends; name it after one of "
        f"{', '.join(KINDS)} (e.g. my_brands.txt) or add a '# kind: brands' header line"
    )


def _load(extra: tuple[str, ...]) -> Lexicon:
    b = _Builder()
    files: list[tuple[str, Path]] = [(kind, data_path(name)) for kind, name in _SHIPPED.items()]
    for item in extra:
        p = Path(item)
        if not p.is_file():
            raise InputError("dictionary file not found", file=str(p))
        files.append((kind_of(p), p))
    for kind, path in files:
        _PARSERS[kind](b, _data_lines(path), path)
        b.sources.append(str(path))
    lex = b.build()
    log.debug("lexicon built from %d files", len(lex.sources))
    return lex


# Loads read-only word lists once per set of files and modification times (not per-word work).
@functools.lru_cache(maxsize=16)
def _load_cached(extra: tuple[str, ...], stamps: tuple[float, ...]) -> Lexicon:
    return _load(extra)


def load_lexicon(extra: Sequence[str | Path] = (), *, cached: bool = True) -> Lexicon:
    """The shipped word lists plus the user's ``extra`` files (same formats).

    Each extra file extends the list its name or ``# kind:`` header names (see
    :func:`kind_of`). Results are cached per set of files and their
    modification times, so calling this per title costs a dictionary lookup.
    ``cached=False`` builds a new Lexicon (its per-word caches empty) and
    leaves the cache alone: benchmarks give each measured step its own.
    """
    if isinstance(extra, (str, Path)):
        extra = [extra]
    paths = tuple(str(Path(p).expanduser().resolve()) for p in extra)
    stamps = []
    for p in paths:
        try:
            stamps.append(Path(p).stat().st_mtime)
        except OSError:
            raise InputError("dictionary file not found", file=p) from None
    return _load_cached(paths, tuple(stamps)) if cached else _load(paths)
