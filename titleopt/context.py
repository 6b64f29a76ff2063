"""What every stage of one :class:`~titleopt.optimizer.TitleOptimizer` reads: built once, then read-only.

The stages (:mod:`.listing`, :mod:`.policy`, :mod:`.problem`,
:mod:`.explain`, :mod:`.scoring`, :mod:`.shorten`) are functions of a title
and of this context: the keyword table and its index, the lexicon, the
segmenter, the platform, and the per-word facts they ask of them, each
computed once per word in a :class:`~titleopt.cache.BoundedCache`. Keeping
every per-word cache here, and nowhere else, is what lets the stages stay
plain functions, and lets a pickled optimizer travel to a worker process
without them (:meth:`Context.__getstate__`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .cache import BoundedCache
from .keywords import KeywordTable
from .match import Matcher
from .models import KeywordMatch
from .normalize import normalize_term
from .platforms import Platform
from .segment import ADJECTIVE_TAGS, PROPER_NOUN_TAGS, YEAR
from .terms import CJK, subwords


@dataclass
class StaticFacts:
    """Listing-independent facts about a word a rewrite might add."""

    never: bool  # banned, promotional on this platform, or a year
    brand: bool  # a known brand
    word: bool  # Latin, or a Chinese word of 2+ characters jieba knows (not a guessed fragment)
    fact_like: bool  # a fact (material, colour, size…) or a product word: true only when the listing says so


@dataclass
class Context:
    """The read-only state of one optimizer and its per-word caches.

    Build it with :meth:`build`; every field is set there and never changed,
    so one context may be shared between threads (a cache race computes a
    value twice, identically).
    """

    keywords: KeywordTable
    lexicon: object
    platform: Platform
    additions: str
    today: _dt.date | None
    competitor_brands: frozenset[str]  # normalized, for membership tests
    competitor_brands_raw: tuple[str, ...]  # as the competitor set gives them (lint reports them)
    matcher: Matcher
    root_value: dict[str, float]
    min_value: float
    top_root_value: float = 1.0  # the largest root value (root values as shares of it weigh title units)
    _spans: BoundedCache = field(default_factory=BoundedCache)
    _provides: BoundedCache = field(default_factory=BoundedCache)
    _lengths: BoundedCache = field(default_factory=BoundedCache)
    _static: BoundedCache = field(default_factory=BoundedCache)
    _never: BoundedCache = field(default_factory=BoundedCache)
    _safe_only: BoundedCache = field(default_factory=BoundedCache)
    _fragility: BoundedCache = field(default_factory=BoundedCache)
    _heads: BoundedCache = field(default_factory=BoundedCache)
    _unit_provides: BoundedCache = field(default_factory=BoundedCache)
    _claims: BoundedCache = field(default_factory=BoundedCache)
    _matches: BoundedCache = field(default_factory=lambda: BoundedCache(20_000))
    #: per product (anchors): the roots a rewrite may consider, and keyword indexes by root
    roots_by_product: BoundedCache = field(default_factory=lambda: BoundedCache(20_000))
    keywords_by_root: BoundedCache = field(default_factory=lambda: BoundedCache(5_000))

    @classmethod
    def build(
        cls,
        keywords: KeywordTable,
        *,
        lexicon,
        platform: Platform,
        additions: str,
        today: _dt.date | None,
        competitors=None,
    ) -> Context:
        raw = tuple(getattr(competitors, "brands_", ()) or ())
        brands = frozenset(normalize_term(b) for b in raw)
        return cls(
            keywords=keywords,
            lexicon=lexicon,
            platform=platform,
            additions=additions,
            today=today,
            competitor_brands=brands,
            competitor_brands_raw=raw,
            matcher=Matcher(keywords),
            root_value={s.root: s.value for s in keywords.roots()},
            min_value=min((k.value for k in keywords.keywords if k.value > 0), default=1.0),
            top_root_value=max((s.value for s in keywords.roots()), default=0.0) or 1.0,
        )

    def __getstate__(self) -> dict:
        # per-process caches may hold hundreds of thousands of entries after a batch
        return {k: (BoundedCache(v.size) if isinstance(v, BoundedCache) else v) for k, v in self.__dict__.items()}

    def cache_sizes(self) -> dict[str, int]:
        """How many entries each per-word cache holds (for tests and profiling)."""
        return {k.lstrip("_"): len(v) for k, v in self.__dict__.items() if isinstance(v, BoundedCache)}

    # ------------------------------------------------------------- plain reads
    @property
    def segmenter(self):
        return self.keywords.segmenter

    def proper_noun(self, word: str) -> bool:
        """Whether jieba's dictionary tags ``word`` as a proper noun (nz, nr, nrt, nt: a name, not a thing).

        jieba's tags follow the ICTCLAS/PKU part-of-speech set (jieba's README,
        "词性标注"): nr person name, ns place name (left out here: places are
        provenance, 日本 广州), nt organization, nz other proper noun.
        """
        return word in self.segmenter.tagged_words(PROPER_NOUN_TAGS)

    def adjective(self, word: str) -> bool:
        """Whether jieba's dictionary tags ``word`` an adjective (a: 大, 软, 重): it describes, it names nothing."""
        return word in self.segmenter.tagged_words(ADJECTIVE_TAGS)

    @property
    def current_date(self) -> _dt.date:
        return self.today or _dt.date.today()

    # ------------------------------------------------------- per-word, cached
    def spans(self, token: str) -> tuple[tuple[int, int], ...]:
        """:func:`~titleopt.terms.subwords` of ``token`` in this table's dictionary."""
        hit = self._spans.peek(token)  # (one C call: asked of every token of every title, mostly held)
        return self._spans.get(token, self._build_spans) if hit is None else hit

    def _build_spans(self, token: str) -> tuple[tuple[int, int], ...]:
        return tuple(subwords(token, self.segmenter.is_word))

    def provides(self, key: str) -> frozenset[str]:
        """The term and the dictionary words inside it (what a search engine would match)."""
        return self._provides.get(key, self._build_provides)

    def _build_provides(self, key: str) -> frozenset[str]:
        return frozenset([key, *(key[a:b] for a, b in self.spans(key))])

    def cost(self, surface: str) -> int:
        """What writing ``surface`` costs in a title: its length, plus a separator where one is needed."""
        plat = self.platform
        n = plat.length(surface)
        if plat.separator == " ":
            return n + 1
        # on Chinese platforms a Latin word may need a space next to another Latin word
        return n + (1 if surface[:1].isascii() and surface[:1].isalnum() else 0)

    def lengths(self, surface: str) -> tuple[int, int]:
        """``(length, cost)`` of a surface on this platform."""
        return self._lengths.get(surface, self._build_lengths)

    def _build_lengths(self, surface: str) -> tuple[int, int]:
        return self.platform.length(surface), self.cost(surface)

    def static(self, key: str) -> StaticFacts:
        """Listing-independent facts about a word a rewrite might add."""
        return self._static.get(key, self._build_static)

    def _build_static(self, key: str) -> StaticFacts:
        lex = self.lexicon
        never = lex.is_banned(key) or lex.is_promo(key, self.platform.name) or bool(YEAR.match(key))
        word = key.isascii() or (len(key) >= 2 and self.segmenter.is_word(key))
        return StaticFacts(never, lex.is_brand(key), word, lex.is_factual(key) or lex.is_product_word(key))

    def never_reason(self, key: str) -> str | None:
        """Why a title word must go whatever the listing (banned or promotional), or None.

        Asks the lexicon only these two questions, not all of :meth:`static`:
        every title brings a few words never seen before, and this is asked of each.
        """
        return self._never.get(key, self._build_never)

    def _build_never(self, key: str) -> str | None:
        if self.lexicon.is_banned(key):
            from .rules.policy import cite

            law = cite(self.platform, "claims", "Advertising Law art. 9, 11, 28")
            return f"absolute term or unproven claim ({law})"
        if self.lexicon.is_promo(key, self.platform.name):
            return "promotional word the platform discourages in titles"
        return None

    def safe_only(self, root: str) -> bool:
        """A root a rewrite may add only when the listing states it: not descriptive in ``"safe"`` mode."""
        return self._safe_only.get(root, self._build_safe_only)

    def _build_safe_only(self, root: str) -> bool:
        return self.additions == "safe" and not self.lexicon.is_descriptive(root)

    def unknown_word(self, token: str) -> bool:
        """A Chinese word of 2+ characters jieba does not know: a coined name, costly to cut."""
        return self._fragility.get(token, self._build_unknown)

    def _build_unknown(self, token: str) -> bool:
        return bool(CJK.match(token)) and not self.segmenter.is_word(token)

    def unit_provides(self, text: str, parts: tuple[tuple[str, int], ...]) -> frozenset[str]:
        """What a unit of several tokens provides to keywords: what a title holding it would be read to contain.

        Its tokens, their dictionary sub-words and up to three glued tokens
        joined, exactly as :func:`~titleopt.terms.terms_at` reads a title.
        """
        return self._unit_provides.get((text, parts), self._build_unit_provides)

    def _build_unit_provides(self, key: tuple[str, tuple[tuple[str, int], ...]]) -> frozenset[str]:
        # the keys of plain_terms(text, parts, self.spans).occurrences, without building their positions:
        # each token, its sub-words, and it joined with up to two glued tokens after it (a test keeps them equal)
        parts = key[1]
        out: set[str] = set()
        spans = self.spans
        for i, (tok, start) in enumerate(parts):
            out.add(tok)
            for a, b in spans(tok):
                out.add(tok[a:b])
            joined, end = tok, start + len(tok)
            for tok2, start2 in parts[i + 1 : i + 3]:
                if start2 != end:
                    break
                joined += tok2
                end = start2 + len(tok2)
                out.add(joined)
        return frozenset(out)

    def regulated(self, word: str, category: str | None) -> bool:
        """``word`` is a claim a listing of regulated ``category`` may not make, or only with a licence."""
        if category is None:
            return False
        return self._claims.get((word, category), self._build_regulated)

    @staticmethod
    def _build_regulated(key: tuple[str, str]) -> bool:
        from .categories import find_claims

        return bool(find_claims(key[0], key[1]))

    def product_head(self, word: str) -> str | None:
        """The longest dictionary product word that ``word`` ends in, other than itself (连帽卫衣 -> 卫衣).

        Chinese noun phrases are head-final: a 连帽卫衣 is a 卫衣, a
        316不锈钢保温杯 a 保温杯. Two characters at least; None when there is none.
        """
        return self._heads.get(word, self._build_head)

    def _build_head(self, word: str) -> str | None:
        is_product = self.lexicon.is_product_word
        return next((word[k:] for k in range(1, len(word) - 1) if is_product(word[k:])), None)

    def match_entry(
        self, i: int, quality: float, missing_roots: tuple[str, ...] = (), reason: str | None = None
    ) -> KeywordMatch:
        """Keyword ``i`` of the table as a report entry.

        A report lists up to 60 of them, and building each (about 4 µs of
        pydantic) cost more than matching the title. Listings of one product
        share their keywords and missing roots, and the entries are frozen,
        so reports share them.
        """
        key = (i, quality, missing_roots, reason)
        hit = self._matches.peek(key)  # (one C call: most entries are shared by earlier reports)
        return self._matches.get(key, self._build_match) if hit is None else hit

    def _build_match(self, key: tuple[int, float, tuple[str, ...], str | None]) -> KeywordMatch:
        i, quality, missing_roots, reason = key
        kw = self.keywords.keywords[i]
        return KeywordMatch(
            keyword=kw.text, value=kw.value, roots=kw.roots, quality=quality, missing_roots=missing_roots, reason=reason
        )
