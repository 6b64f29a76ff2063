"""TitleOptimizer: the public entry point tying tables, matching, lint and rewrite together.

Build one per keyword table and platform at start-up and call it per title.
It holds only read-only state after construction (the table, its index, the
lexicon, a Segmenter), so one instance may be shared between threads; for
processes, build one per process (it pickles, and each process loads the
jieba dictionary once).
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .errors import ConfigError, InputError
from .fields import split_terms
from .keywords import KeywordTable
from .match import Matcher, TitleTerms, subwords, title_terms
from .models import Candidate, ChangeReason, KeywordMatch, RewriteResult, TitleReport
from .normalize import (
    check_title,
    html_entity,
    is_traditional,
    normalize,
    normalize_term,
    strip_invisible,
    to_traditional,
)
from .platforms import Platform, Unit, get_platform
from .product import ListingFacts, detect
from .rewrite import MAX_KEYWORDS, Problem, Solution, Term, render, solve_exact, solve_fast

log = logging.getLogger(__name__)

_YEAR = re.compile(r"^(19[89]\d|20\d\d)$")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_YEAR_SUFFIX = frozenset({"年", "款", "年款"})
#: Lint rules whose safe fixes tidy a title that is otherwise returned unchanged:
#: decorative characters, platform-banned characters, spacing and punctuation, HTML entities.
TIDY_RULES = ("TO302", "TO303", "TO304", "TO307")
#: How many relevant-but-missing keywords a report lists.
MISSING_LIMIT = 20
#: A keyword root as :meth:`TitleOptimizer._keyword_roots` gives it: (root, competitor brand, safe-only).
RootEntry = tuple[str, bool, bool]
#: Up to this many candidate keywords, :meth:`TitleOptimizer._coverable` checks each directly.
DIRECT_COVERABLE = 32
_ENTITY_REASON = "HTML entity left in the text by an export (&mdash;, &nbsp;)"


def _html_entity(tt: TitleTerms, p: int) -> str | None:
    """What token ``p`` stands for when it is an HTML entity's name after ``&`` (see :func:`.normalize.html_entity`)."""
    return html_entity(tt.norm.text, tt.starts[p], tt.tokens[p]) if tt.starts else None


@dataclass
class Listing:
    """Everything known about one title while analysing or rewriting it."""

    title: str
    terms: TitleTerms
    facts: ListingFacts
    relevant: tuple[int, ...]
    covered: dict[int, float]  # keyword index -> quality (relevant keywords only)
    relevant_set: frozenset[int] = frozenset()
    anchors: tuple[str, ...] = ()
    category: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    traditional: bool = False
    phrased: bool = False  # brand or must-keep phrases were kept whole when cutting the title


class TitleOptimizer:
    """Analyze and rewrite titles against a keyword-demand table for one platform.

    Parameters are stored as given (scikit-learn style); the table is indexed
    once here. ``today`` fixes the clock for the stale-year logic (tests,
    reproducible batch runs); by default it is the current date.

    ``additions`` decides which keyword words a rewrite may add that the
    listing does not state itself: ``"safe"`` (default) only descriptive
    words from ``dictionaries/descriptive_words.txt`` (韩版, ins风, 百搭…);
    ``"open"`` any dictionary word that is not a known fact (material,
    colour, size…) or another product. Facts from the listing's title,
    attributes and category are always allowed.
    """

    def __init__(
        self,
        keywords: KeywordTable | None = None,
        competitors=None,
        platform: str | Platform = "taobao",
        *,
        limit: int | None = None,
        unit: Unit | None = None,
        lexicon=None,
        dictionaries: Sequence[str] = (),
        today: _dt.date | None = None,
        max_keywords: int = MAX_KEYWORDS,
        analyze_keywords: int = 100,
        additions: str = "safe",
    ) -> None:
        self.keywords = keywords if keywords is not None else KeywordTable([])
        self.competitors = competitors
        self.platform = get_platform(platform, limit=limit, unit=unit)
        if lexicon is None:
            from .lexicon import load_lexicon

            lexicon = load_lexicon(tuple(dictionaries))
        self.lexicon = lexicon
        self.today = today
        self.max_keywords = max_keywords
        self.analyze_keywords = analyze_keywords
        if additions not in ("safe", "open"):
            raise ConfigError(f"additions must be 'safe' or 'open', got {additions!r}")
        self.additions = additions
        self.segmenter = self.keywords.segmenter
        self._matcher = Matcher(self.keywords)
        self._root_value = {s.root: s.value for s in self.keywords.roots()}
        self._min_value = min((k.value for k in self.keywords.keywords if k.value > 0), default=1.0)
        self._provides_cache: dict[str, frozenset[str]] = {}
        self._spans_cache: dict[str, tuple[tuple[int, int], ...]] = {}
        self._drop_cache: dict[str, str | None] = {}
        self._fragility_cache: dict[str, float] = {}
        self._length_cache: dict[str, tuple[int, int]] = {}
        self._static_cache: dict[str, tuple[bool, bool, bool, bool]] = {}
        self._kw_root_cache: dict[tuple[tuple[str, ...], int], dict[str, list[int]]] = {}
        self._roots_cache: dict[tuple[tuple[str, ...], int], tuple[tuple[RootEntry, ...], tuple[RootEntry, ...]]] = {}
        self._safe_only_cache: dict[str, bool] = {}
        self._match_cache: dict[tuple[int, float, tuple[str, ...]], KeywordMatch] = {}

    def __getstate__(self) -> dict:
        # Caches are per process and may hold hundreds of thousands of entries
        # after a batch: a pickled optimizer (for a worker process) travels without them.
        return {k: ({} if k.endswith("_cache") else v) for k, v in self.__dict__.items()}

    # ------------------------------------------------------------ helpers
    @property
    def _today(self) -> _dt.date:
        return self.today or _dt.date.today()

    def _listing(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        must_keep: Sequence[str] = (),
    ) -> Listing:
        check_title(title)
        norm = normalize(title)
        phrases = [normalize_term(p).replace(" ", "") for p in (brand, *must_keep) if p]
        terms = title_terms(norm, self.segmenter, phrases, spans_of=self._subword_spans)
        facts = detect(
            terms,
            self.lexicon,
            brand=brand,
            category=category,
            root_value=lambda t: self._root_value.get(t, 0.0),
            is_known_word=self.segmenter.is_word,
            phrase_value=self.keywords.keyword_value,
        )
        anchors = self._anchors(facts)
        if category:
            anchors.append(normalize_term(category).replace(" ", ""))
        relevant, rel = self._matcher.relevant_sets(anchors) if anchors else ((), frozenset())
        covered = {c.index: c.quality for c in self._matcher.covered(terms) if c.index in rel}
        return Listing(
            title,
            terms,
            facts,
            relevant,
            covered,
            rel,
            tuple(anchors),
            category,
            dict(attributes or {}),
            is_traditional(title),
            bool(phrases),
        )

    def _anchors(self, facts: ListingFacts) -> list[str]:
        """The words that decide which keywords concern this listing: its core product word.

        Only the core one: every product word of a title full of them (睡衣,
        睡袍, 浴袍…) would pull in each one's keywords. A generic head (套装,
        配件) names no product, so then the other product words anchor instead.
        """
        lex = self.lexicon
        core = facts.product_word
        if core and not lex.is_generic_head(core):
            return [core]
        others = [w for w in facts.product_words if w != core and not lex.is_generic_head(w)]
        return others or ([core] if core else [])

    def _coverage(self, listing: Listing, text: str) -> dict[int, float]:
        """Relevant keywords ``text`` covers, with their quality (the listing's own when it is its title)."""
        if text == listing.title and not listing.phrased:
            return dict(listing.covered)  # cut the same way already: no second segmentation
        terms = title_terms(text, self.segmenter, spans_of=self._subword_spans)
        return {c.index: c.quality for c in self._matcher.covered(terms) if c.index in listing.relevant_set}

    def _kw_value(self, covered: Mapping[int, float]) -> float:
        kws = self.keywords.keywords
        return sum(kws[i].value * q for i, q in covered.items())

    @staticmethod
    def _score(value: float, reachable: float) -> float:
        """A title's score: its covered value as a share of the best reachable value, 0..100, two decimals."""
        return 100.0 if reachable <= 0 else round(min(100.0, 100.0 * value / reachable), 2)

    def _facts_text(self, listing: Listing) -> str:
        if not listing.category and not listing.attributes:
            return listing.terms.norm.text  # already normalized: the common case costs nothing
        parts = [listing.terms.norm.text, listing.category or ""]
        parts += [f"{k} {v}" for k, v in listing.attributes.items()]
        return normalize_term(" ".join(parts))

    # ------------------------------------------------------------ analyze
    def analyze(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        lint: bool = True,
    ) -> TitleReport:
        """Score one title: covered and missing keywords, coverage, score, findings."""
        listing = self._listing(title, brand=brand, category=category, attributes=attributes)
        problem: Problem | None = None
        best: Solution | None = None
        if brand or self._may_add(listing, self.analyze_keywords):
            problem = self._problem(listing, must_keep=[], forbid=[], brand=brand, max_keywords=self.analyze_keywords)
            # The greedy pass alone (no swaps) bounds the best reachable value: an
            # analysis must stay close to segmentation speed; rewrite searches harder.
            best = solve_fast(problem, swaps=False) if problem.keywords else None
        # else: only the title's own words are available, so the best reachable
        # value is what the title covers now; no knapsack is needed to say so
        return self._report(listing, problem, best, brand=brand, lint=lint)

    def _may_add(self, listing: Listing, n: int) -> bool:
        """Could a rewrite add any word to this listing? False only when certainly not.

        A cheap, conservative pre-check of :meth:`_problem`'s candidates (no
        conflict or attachment checks): most titles, analysed without
        attributes, have no admissible word to gain.
        """
        if listing.category or listing.attributes:
            return True
        roots = self._open_roots(listing, n, facts_text=self._facts_text(listing), brand_n=listing.facts.brand)
        return next(roots, None) is not None

    def _open_roots(
        self, listing: Listing, n: int, *, facts_text: str, brand_n: str | None, forbid_n: Iterable[str] = ()
    ) -> Iterator[str]:
        """Roots of the top ``n`` relevant keywords this listing lets a rewrite add, by value.

        The listing-dependent half of :meth:`_admissible` for keyword roots (the
        rest is in :meth:`_keyword_roots`): not already written in the title,
        not forbidden, never banned, promotional, a year or a non-word, a brand
        only as the listing's own, a fact only when the listing states it.
        Conflicts and attachment are the caller's checks.

        The cheap listing checks come before :meth:`_static` (a lexicon scan and
        half a dozen lookups, about 10 µs the first time a root is seen): in
        ``"safe"`` mode a non-descriptive root the listing does not state is out
        whatever its static facts, and that is most roots of a large table, so
        most are never vetted at all. When the listing states nothing but its
        title (no category, no attributes: the common case), a stated root is a
        written one, so only the roots that need no statement are walked.
        """
        written = listing.terms.norm.text.replace(" ", "")
        title_only = facts_text == listing.terms.norm.text
        for key, comp_brand, safe_only in self._keyword_roots(listing.anchors, n, free_only=title_only):
            if key in written or key in forbid_n:
                continue
            stated = key in facts_text
            if safe_only and not stated:
                continue  # not known to be claim-free, and the listing does not state it
            never, brand, word, fact_like = self._static(key)
            if never or not word:
                continue
            if ((brand or comp_brand) and key != brand_n) or (fact_like and not stated):
                continue
            yield key

    def _report(self, listing: Listing, problem: Problem | None, best: Solution | None, *, brand, lint) -> TitleReport:
        kws = self.keywords.keywords
        covered_value = self._kw_value(listing.covered)
        relevant_value = self._matcher.relevant_value(listing.anchors)
        reachable = max(best.value if best else 0.0, sum(kws[i].value for i in listing.covered))
        matches = [self._match(i, q) for i, q in sorted(listing.covered.items())]
        missing, partial = self._missing(listing, problem)
        title = listing.title
        findings = self._lint(title, listing, brand=brand) if lint else []
        comp = None
        if self.competitors is not None:
            comp = self.competitors.compare(title, brand=listing.facts.brand)
        return TitleReport(
            title=title,
            platform=self.platform.name,
            length=self.platform.length(title),
            limit=self.platform.limit,
            unit=self.platform.unit,
            tokens=list(listing.terms.tokens),
            brand=listing.facts.brand,
            product_word=listing.facts.product_word,
            protected=list(listing.facts.protected),
            matches=matches,
            partial=partial,
            missing=missing,
            covered_value=covered_value,
            relevant_value=relevant_value,
            coverage=(covered_value / relevant_value) if relevant_value > 0 else 0.0,
            score=self._score(covered_value, reachable),
            competitors=comp,
            findings=findings,
        )

    def _match(self, i: int, quality: float, missing_roots: tuple[str, ...] = ()) -> KeywordMatch:
        """Keyword ``i`` of the table as a report entry; cached.

        A report lists up to 60 of them, and building each (about 4 µs of
        pydantic) cost more than matching the title. Listings of one product
        share their keywords and missing roots, and the entries are frozen, so
        reports share them (the cache is emptied when full).
        """
        key = (i, quality, missing_roots)
        out = self._match_cache.get(key)
        if out is None:
            kw = self.keywords.keywords[i]
            out = KeywordMatch(
                keyword=kw.text, value=kw.value, roots=kw.roots, quality=quality, missing_roots=missing_roots
            )
            if len(self._match_cache) >= 20_000:
                self._match_cache.clear()
            self._match_cache[key] = out
        return out

    def _missing(self, listing: Listing, problem: Problem | None) -> tuple[list[KeywordMatch], list[KeywordMatch]]:
        """Top relevant keywords not covered: admissible ones (reachable truthfully) first.

        Admissible ones are among the relevant keywords that contain a word a
        rewrite could add (it completes them), found through that word's
        postings or, when those are longer, a pass over the relevant keywords;
        the rest by walking the relevant keywords in value order until both
        lists are full. Neither walks a large table's thousands of relevant
        keywords per title.
        """
        kws = self.keywords.keywords
        occ = listing.terms.occurrences
        covered = listing.covered
        relevant = listing.relevant
        addable = problem.providers.keys() if problem else {}.keys()  # every word the problem's terms provide
        adm: list[KeywordMatch] = []
        open_roots = {r for r in addable if r not in occ}
        if open_roots:
            postings = [self._matcher.with_root(r) for r in open_roots]
            if sum(map(len, postings)) <= len(relevant):
                rel = listing.relevant_set
                cand: Iterable[int] = sorted({i for ids in postings for i in ids if i in rel})
            else:
                cand = (i for i in relevant if not open_roots.isdisjoint(kws[i].roots))
            for i in cand:
                if len(adm) >= MISSING_LIMIT:
                    break
                miss = tuple(r for r in kws[i].roots if r not in occ)
                if i not in covered and all(r in addable for r in miss):
                    adm.append(self._match(i, 0.0, miss))
        other: list[KeywordMatch] = []
        partial: list[KeywordMatch] = []
        for i in relevant:
            if len(other) >= MISSING_LIMIT and len(partial) >= MISSING_LIMIT:
                break
            if i in covered:
                continue
            roots = kws[i].roots
            miss = tuple(r for r in roots if r not in occ)
            reachable = all(r in addable for r in miss)
            take_partial = len(miss) < len(roots) and len(partial) < MISSING_LIMIT
            take_other = not reachable and len(other) < MISSING_LIMIT
            if take_partial or take_other:
                m = self._match(i, 0.0, miss)
                if take_partial:
                    partial.append(m)
                if take_other:
                    other.append(m)
        return (adm + other)[:MISSING_LIMIT], partial

    def _lint(self, title: str, listing: Listing, *, brand: str | None):
        from .rules import lint as lint_title

        comp_brands = tuple(getattr(self.competitors, "brands_", ()) or ())
        # Control characters in a catalogue cell are export debris, not the
        # seller's words: lint the visible title rather than fail the row.
        return lint_title(
            strip_invisible(title),
            platform=self.platform,
            segmenter=self.segmenter,
            lexicon=self.lexicon,
            today=self._today,
            brand=brand or listing.facts.brand,
            category=listing.category,
            competitor_brands=comp_brands,
        )

    # ------------------------------------------------------------ problem
    def _cost(self, surface: str) -> int:
        n = self.platform.length(surface)
        if self.platform.separator == " ":
            return n + 1
        # on Chinese platforms a Latin word may need a space next to another Latin word
        return n + (1 if surface[:1].isascii() and surface[:1].isalnum() else 0)

    def _subword_spans(self, token: str) -> tuple[tuple[int, int], ...]:
        """:func:`~titleopt.match.subwords` of ``token`` in this optimizer's dictionary; cached."""
        out = self._spans_cache.get(token)
        if out is None:
            out = tuple(subwords(token, self.segmenter.is_word))
            if len(self._spans_cache) < 200_000:
                self._spans_cache[token] = out
        return out

    def _provides(self, key: str) -> frozenset[str]:
        """The term and the dictionary words inside it (what a search engine would match); cached."""
        out = self._provides_cache.get(key)
        if out is None:
            out = frozenset([key, *(key[a:b] for a, b in self._subword_spans(key))])
            if len(self._provides_cache) < 200_000:
                self._provides_cache[key] = out
        return out

    def _static(self, key: str) -> tuple[bool, bool, bool, bool]:
        """Listing-independent facts about a term, cached: (never add, brand, addable word, fact-like)."""
        info = self._static_cache.get(key)
        if info is None:
            lex = self.lexicon
            never = lex.is_banned(key) or lex.is_promo(key, self.platform.name) or bool(_YEAR.match(key))
            word = key.isascii() or (len(key) >= 2 and self.segmenter.is_word(key))
            info = (never, lex.is_brand(key), word, lex.is_factual(key) or lex.is_product_word(key))
            if len(self._static_cache) < 200_000:
                self._static_cache[key] = info
        return info

    def _never_reason(self, key: str) -> str | None:
        """Why a title word must go whatever the listing (banned or promotional), or None; cached.

        Asks the lexicon only these two questions, not all of :meth:`_static`
        (brand, word, fact-like): every title brings a few words never seen
        before, and this is asked of each of them.
        """
        if key in self._drop_cache:
            return self._drop_cache[key]
        why = None
        if self.lexicon.is_banned(key):
            why = "absolute term or unproven claim (Advertising Law art. 9, 11, 28)"
        elif self.lexicon.is_promo(key, self.platform.name):
            why = "promotional word the platform discourages in titles"
        if len(self._drop_cache) < 200_000:
            self._drop_cache[key] = why
        return why

    def _lengths(self, surface: str) -> tuple[int, int]:
        """``(length, cost)`` of a surface on this platform; cached (the same words recur)."""
        out = self._length_cache.get(surface)
        if out is None:
            out = (self.platform.length(surface), self._cost(surface))
            if len(self._length_cache) < 200_000:
                self._length_cache[surface] = out
        return out

    def _surface(self, key: str, listing: Listing) -> str:
        s = self.keywords.surface(key)
        return to_traditional(s) if listing.traditional else s

    def _problem(
        self,
        listing: Listing,
        *,
        must_keep: Sequence[str],
        forbid: Sequence[str],
        brand: str | None,
        removed: dict[str, str] | None = None,
        keyword_terms: bool = True,
        max_keywords: int | None = None,
    ) -> Problem:
        """The knapsack instance: the listing's words, its facts and admissible keyword roots."""
        lex = self.lexicon
        plat = self.platform
        removed = removed if removed is not None else {}
        forbid_n = {normalize_term(f).replace(" ", "") for f in forbid}
        keep_n = [normalize_term(m).replace(" ", "") for m in must_keep]
        protected = set(listing.facts.protected) | set(keep_n)
        brand_n = listing.facts.brand
        stale = self._today.year - 1
        terms: list[Term] = []
        seen: dict[str, int] = {}
        stale_years: set[str] = set()
        tt = listing.terms
        title = listing.title
        prev_end = 0
        after_entity = False  # the ";" closing a removed HTML entity goes with it
        retain_unit = self._min_value * 1e-3 / max(plat.limit, 1)
        drop_repeats = self._repeats_to_drop(tt)
        promo_at = lex.promo_pieces(tt.tokens, tt.glued, plat.name)
        for p, tok in enumerate(tt.tokens):
            start, end = tt.span(p)
            gap = title[prev_end:start]
            if after_entity and gap.startswith(";"):
                gap = gap[1:]
            prev_end = end
            surface = strip_invisible(title[start:end])
            why = None
            entity = _html_entity(tt, p) if "&" in gap else None
            decoded = bool(entity and entity.strip())  # a character the title needs (M&amp;M), not debris
            if decoded and tok not in keep_n:
                surface, gap = entity, gap[:-1]  # decoded in place
            if p in drop_repeats:
                why = f"repeat of {tok!r}"
            elif tok in forbid_n:
                why = "forbidden by the caller"
            elif tok not in protected and (why := self._never_reason(tok)):
                pass
            elif entity is not None and not decoded and tok not in keep_n:
                why = _ENTITY_REASON
            elif p in promo_at and tok not in keep_n:
                # detection may take a piece (买二送) for a coined name; only the caller can keep it
                why = "piece of a promotional word the platform discourages in titles"
            elif _YEAR.match(tok) and int(tok) < stale:
                why = f"stale year (older than {stale})"
            elif p > 0 and tok in _YEAR_SUFFIX and tt.tokens[p - 1] in stale_years:
                why = "belongs to the stale year before it"
            after_entity = why == _ENTITY_REASON or decoded
            if why:
                if why.startswith("stale year"):
                    stale_years.add(tok)
                removed.setdefault(surface, why)
                continue
            seen.setdefault(tok, len(terms))
            length, cost = self._lengths(surface)
            terms.append(
                Term(
                    key=tok,
                    surface=surface,
                    cost=cost,
                    origin="brand" if tok == brand_n else "title",
                    pos=p,
                    fixed=tok in protected,
                    retain=retain_unit * length * self._fragility(tt, p),
                    provides=frozenset([tok]) if tok == brand_n else self._provides(tok),
                    gap=gap,
                )
            )
        have = set()
        for t in terms:
            have |= t.provides
        extra: list[tuple[str, str, str]] = []  # (key, surface, origin)
        if brand and brand_n and brand_n not in have:
            extra.append((brand_n, brand.strip(), "brand"))
        for m, mn in zip(must_keep, keep_n, strict=True):
            if mn and mn not in have and mn not in forbid_n and all(mn != e[0] for e in extra):
                extra.append((mn, m.strip(), "must_keep"))  # (a must-keep brand is added once)
        for k in extra:
            prov = frozenset([k[0]]) if k[2] == "brand" else self._provides(k[0])
            t = Term(k[0], k[1], self._cost(k[1]), k[2], fixed=True, provides=prov)
            terms.append(t)
            seen[k[0]] = len(terms) - 1
            have |= t.provides
        # a protected word inside a longer title word (男 in 男女) keeps that word
        for key in protected:
            if key in seen or key in forbid_n:
                continue
            holder = next((t for t in terms if key in t.provides), None)
            if holder is not None:
                holder.fixed = True
        fact_terms = set(have)
        facts_text = self._facts_text(listing)
        kws = self.keywords.keywords
        chosen_kw: list[int] = []
        if keyword_terms:
            comp_brands = {normalize_term(b) for b in (getattr(self.competitors, "brands_", ()) or ())}
            candidates: dict[str, str] = {}
            sources: list[str] = []
            sources += [normalize_term(v) for v in listing.attributes.values() if v]
            if listing.category:
                sources.append(normalize_term(listing.category).replace(" ", ""))
            for s in sources:
                pieces = self.segmenter.cut(s)
                for piece in pieces:
                    if len(piece) >= 2 or piece.isascii() or len(pieces) == 1:
                        candidates.setdefault(piece, "fact")
                    fact_terms.add(piece)

            def admissible(key: str, origin: str) -> bool:
                return self._admissible(key, origin, facts_text, fact_terms, forbid_n, brand_n, comp_brands)

            n = max_keywords or self.max_keywords
            chosen_kw = list(listing.relevant[:n])
            fixed_title = [i for i, t in enumerate(terms) if t.fixed and t.origin in ("title", "brand")]
            written = listing.terms.norm.text.replace(" ", "")

            def add(key: str, origin: str) -> None:
                prov = self._provides(key)
                # a root written over title words (连帽卫衣 over 连帽|卫衣) takes their place;
                # a lone character it happens to contain (款 in 新款) says nothing about where it goes
                sub_pos = [
                    terms[seen[s]].pos for s in prov if len(s) >= 2 and s in seen and terms[seen[s]].origin == "title"
                ]
                surface = self._surface(key, listing) if origin == "keyword" else key
                terms.append(
                    Term(
                        key,
                        surface,
                        self._cost(surface),
                        "keyword" if origin == "keyword" else "attribute",
                        pos=min(sub_pos) - 0.5 if sub_pos else math.inf,
                        provides=prov,
                    )
                )
                seen[key] = len(terms) - 1

            for key in candidates:  # the listing's own facts first
                if key in seen or key in have or key in written:
                    continue  # already in the title (perhaps cut differently: 墙壁|纸 holds 壁纸)
                if admissible(key, "fact"):
                    add(key, "fact")
            for key in self._open_roots(listing, n, facts_text=facts_text, brand_n=brand_n, forbid_n=forbid_n):
                if key in candidates or key in seen or key in have:
                    continue
                if self.lexicon.conflicts_with(key, fact_terms - {key}):
                    continue
                if not self._attach(key, terms, seen, fixed_title, listing, admissible):
                    add(key, "keyword")
        # conflicts between candidate terms (the listing's own words never conflict-block each other)
        conflicts = []
        keys = [t.key for t in terms]
        for a, b in lex.conflicting(keys):
            ia, ib = seen.get(a), seen.get(b)
            if ia is None or ib is None:
                continue
            if terms[ia].origin in ("title", "brand") and terms[ib].origin in ("title", "brand"):
                continue
            conflicts.append((min(ia, ib), max(ia, ib)))
        budget = plat.limit + (1 if plat.separator == " " else 0)
        keywords = [(kws[i].value, kws[i].roots, kws[i].text) for i in self._coverable(chosen_kw, terms, listing)]
        return Problem(terms, keywords, budget, conflicts)

    def _keyword_roots(self, anchors: tuple[str, ...], n: int, *, free_only: bool = False) -> tuple[RootEntry, ...]:
        """Distinct roots of the top ``n`` keywords relevant to ``anchors``, in value order.

        Each is ``(root, competitor_brand, safe_only)``: ``competitor_brand``
        when a competitor's brand (allowed only as the listing's own brand),
        ``safe_only`` when ``additions="safe"`` and the root is not a
        descriptive word (allowed only when the listing states it).
        ``free_only`` keeps only the roots that are not ``safe_only`` (and any
        root with a space, which a title could state without writing it
        unspaced): for a listing with no category or attributes these are the
        only ones :meth:`_open_roots` can yield, and they are few.

        Done once per product (listings of one product share anchors) instead
        of per title. The other listing-independent facts (banned, promotional,
        year, word, brand, fact-like: :meth:`_static`) are left to
        :meth:`_open_roots`, which asks for them only for the few roots that
        pass its cheap listing checks.
        """
        key = (anchors, n)
        hit = self._roots_cache.get(key)
        if hit is None:
            relevant, _ = self._matcher.relevant_sets(anchors) if anchors else ((), frozenset())
            comp_brands = {normalize_term(b) for b in (getattr(self.competitors, "brands_", ()) or ())}
            kws = self.keywords.keywords
            out: dict[str, RootEntry] = {}
            for i in relevant[:n]:
                for r in kws[i].roots:
                    if r and r not in out:
                        out[r] = (r, r in comp_brands, self._safe_only(r))
            entries = tuple(out.values())
            hit = (entries, tuple(e for e in entries if not e[2] or " " in e[0]))
            if len(self._roots_cache) < 20_000:
                self._roots_cache[key] = hit
        return hit[1] if free_only else hit[0]

    def _safe_only(self, root: str) -> bool:
        """A root a rewrite may add only when the listing states it: not descriptive in ``"safe"`` mode; cached.

        Products of one table share most roots, so the lexicon is asked once per root.
        """
        out = self._safe_only_cache.get(root)
        if out is None:
            out = self.additions == "safe" and not self.lexicon.is_descriptive(root)
            if len(self._safe_only_cache) < 200_000:
                self._safe_only_cache[root] = out
        return out

    def _coverable(self, chosen_kw: list[int], terms: list[Term], listing: Listing) -> list[int]:
        """The keywords of ``chosen_kw`` whose roots the terms can all provide, in order.

        :class:`~titleopt.rewrite.Problem` would drop the others anyway; found
        through a root index of the listing's relevant keywords (cached per
        product) instead of checking all of them. A short list (most products
        of a real table have a handful of relevant keywords) is checked
        directly: cheaper than building and walking the index.
        """
        if not chosen_kw:
            return []
        provided: set[str] = set()
        for t in terms:
            provided |= t.provides
        kws = self.keywords.keywords
        if len(chosen_kw) <= DIRECT_COVERABLE:
            # (a keyword reached through the index has a root: hence the ``roots and``)
            return [i for i in chosen_kw if (roots := kws[i].roots) and all(r in provided for r in roots)]
        key = (listing.anchors, len(chosen_kw))
        by_root = self._kw_root_cache.get(key)
        if by_root is None:
            by_root = {}
            for j, i in enumerate(chosen_kw):
                for r in set(kws[i].roots):
                    by_root.setdefault(r, []).append(j)
            if len(self._kw_root_cache) < 5_000:
                self._kw_root_cache[key] = by_root
        hits: set[int] = set()
        for r in provided:
            hits.update(by_root.get(r, ()))
        return [chosen_kw[j] for j in sorted(hits) if all(r in provided for r in kws[chosen_kw[j]].roots)]

    def _attach(self, key, terms, seen, fixed_title, listing, admissible) -> bool:
        """A root that extends a fixed title word (连帽卫衣 over 卫衣) becomes the missing part,
        written against that word, so the product word is kept and not written twice."""
        for i in fixed_title:
            base = terms[i].key
            if len(base) < 2 or base not in key or base == key:
                continue
            prefix, _, suffix = key.partition(base)
            if bool(prefix) == bool(suffix):
                continue
            part = prefix or suffix
            if not admissible(part, "keyword"):  # (the caller checked ``key`` itself)
                return False
            where = "before" if prefix else "after"
            j = seen.get(part)
            if j is not None and terms[j].origin in ("title", "brand"):
                return False
            if j is None:
                surface = self._surface(part, listing)
                terms.append(Term(part, surface, self._cost(surface), "keyword", provides=self._provides(part)))
                j = seen[part] = len(terms) - 1
            t = terms[j]
            t.provides = t.provides | {key}
            t.attach = (i, where)
            return True
        return False

    def _repeats_to_drop(self, tt: TitleTerms) -> set[int]:
        """Positions of repeated words to remove: every copy but the one in the most valuable phrase.

        The kept copy is the one whose neighbours form the most keyword value
        with it (柳州|螺蛳粉 beats a bare 螺蛳粉); ties keep the first. A copy
        glued to a lone character that is not an attribute (遮瑕|笔, 去|甲醛)
        is part of another word jieba cut, and is never removed; nor is a lone
        Latin letter, a piece of a name or size (M&M's, A/B), not a stuffed word.
        """
        toks = tt.tokens
        counts = Counter(toks)
        where: dict[str, list[int]] = {}
        for p, tok in enumerate(toks):
            if counts[tok] > 1 and not (len(tok) == 1 and tok.isascii()) and not self._in_compound(tt, p):
                where.setdefault(tok, []).append(p)
        big = self._matcher.bigram_value
        drop: set[int] = set()
        for tok, ps in where.items():
            if len(ps) < 2:
                continue

            def phrase_value(p: int, tok: str = tok) -> float:
                v = big.get((toks[p - 1], tok), 0.0) if p > 0 else 0.0
                return v + (big.get((tok, toks[p + 1]), 0.0) if p + 1 < len(toks) else 0.0)

            keep = max(ps, key=lambda p: (phrase_value(p), -p))
            drop.update(p for p in ps if p != keep)
        return drop

    def _fragility(self, tt: TitleTerms, p: int) -> float:
        """How much dropping token ``p`` would damage the words around it (1 = a word of its own).

        When a title must shrink, whole words should go before pieces of names:
        a word jieba does not know (a coined name) weighs triple, and so does
        any lone letter or Chinese character — glued to a neighbour it is
        part of a name (宾格|瑞, jack n jill); standing alone it is a
        one-character attribute (男, 夏) that costs little room to keep.
        """
        tok = tt.tokens[p]
        if len(tok) == 1:
            return 3.0 if tok.isalpha() else 1.0  # (str.isalpha() is true of Chinese characters)
        out = self._fragility_cache.get(tok)
        if out is None:
            out = 3.0 if _CJK.match(tok) and not self.segmenter.is_word(tok) else 1.0
            if len(self._fragility_cache) < 200_000:
                self._fragility_cache[tok] = out
        return out

    def _in_compound(self, tt: TitleTerms, p: int) -> bool:
        """Chinese token ``p`` is glued to a one-character Chinese non-attribute token: a word jieba split."""
        if not _CJK.match(tt.tokens[p]):
            return False
        return any(
            len(o) == 1 and _CJK.match(o) and not self.lexicon.is_factual(o) for o in tt.glued_neighbours(p)
        )

    def _admissible(self, key, origin, facts_text, fact_terms, forbid_n, brand_n, comp_brands) -> bool:
        if not key or key in forbid_n:
            return False
        never, brand, word, fact_like = self._static(key)
        if never:
            return False  # banned, promotional or a year
        if key != brand_n and (brand or key in comp_brands):
            return False
        if origin == "keyword":
            if not word:
                return False  # a fragment jieba guessed, or a lone character: too ambiguous to add
            if fact_like and key not in facts_text:
                return False  # a fact (or another product) the listing does not claim
            if self.additions == "safe" and key not in facts_text and not self.lexicon.is_descriptive(key):
                return False  # not known to be claim-free: the seller must confirm it first
        return not self.lexicon.conflicts_with(key, fact_terms - {key})

    # ------------------------------------------------------------ rewrite
    def rewrite(
        self,
        title: str,
        *,
        brand: str | None = None,
        category: str | None = None,
        attributes: Mapping[str, str] | None = None,
        must_keep: Iterable[str] | str | None = None,
        forbid: Iterable[str] | str | None = None,
        candidates: int = 1,
        solver: str = "fast",
        time_limit: float = 10.0,
    ) -> RewriteResult:
        """The best truthful title within the limit, with up to ``candidates`` alternatives.

        Raises :class:`InputError` when the must-keep terms alone exceed the
        limit (saying by how much) and :class:`ConfigError` for an unknown solver.
        """
        if solver not in ("fast", "exact"):
            raise ConfigError(f"unknown solver {solver!r}; use 'fast' or 'exact'")
        if candidates < 1:
            raise ConfigError("candidates must be at least 1")
        keep = split_terms(must_keep)
        forbid_l = split_terms(forbid)
        attrs = {str(k): str(v) for k, v in (attributes or {}).items()}
        listing = self._listing(title, brand=brand, category=category, attributes=attrs, must_keep=keep)
        removed: dict[str, str] = {}
        problem = self._problem(listing, must_keep=keep, forbid=forbid_l, brand=brand, removed=removed)
        self._check_fixed(problem, keep, brand)
        notes: list[str] = []
        if not problem.keywords:
            notes.append("no relevant keyword in the table for this listing: kept the title, cleaned of lint errors")
        solve = (
            (lambda ex: solve_exact(problem, time_limit=time_limit, exclude=ex))
            if solver == "exact"
            else (lambda ex: solve_fast(problem, exclude=ex))
        )
        original_set = self._original_solution(problem)
        if not problem.keywords and original_set is not None:
            # nothing to cover: every title word has positive retention and the
            # title fits, so keeping it all is optimal (no search needed)
            first = Solution(original_set.chosen, original_set.value, original_set.objective, solver == "exact" or None)
        else:
            first = solve(frozenset())
        if original_set is not None and original_set.objective > first.objective + 1e-9:
            first = Solution(original_set.chosen, original_set.value, original_set.objective, first.optimal)
        sols = [first]
        tried = {first.chosen}
        for alt in self._alternatives(problem, first):
            if len(sols) >= candidates:
                break
            s = solve(alt)
            if s.chosen not in tried and s.value > 0:
                tried.add(s.chosen)
                sols.append(s)
        sols.sort(key=lambda s: -s.objective)
        report_before = self._kw_value(listing.covered)
        reachable = max(sols[0].value, sum(self.keywords.keywords[i].value for i in listing.covered))
        occ = listing.terms.occurrences

        def unchanged(sol: Solution) -> bool:
            """Keeps every title word, adds none, removes none, fits: the seller's title it is."""
            return (
                not removed
                and all(i in sol.chosen for i, t in enumerate(problem.terms) if t.origin in ("title", "brand"))
                and not any(problem.terms[i].origin != "title" and problem.terms[i].key not in occ for i in sol.chosen)
                and self.platform.length(title) <= self.platform.limit
            )

        if unchanged(sols[0]):
            # nothing to gain: the seller's title, with only decoration and spacing tidied
            best, findings = self._kept(listing, brand, reachable)
            cands = [best, *(self._candidate(listing, problem, s, removed, reachable) for s in sols[1:])]
        else:
            cands = [self._candidate(listing, problem, s, removed, reachable) for s in sols]
            own_wins = False
            if original_set is not None and original_set.chosen != sols[0].chosen:
                # the solver counts coverage; the seller's own order may match more tightly
                own = self._candidate(listing, problem, original_set, removed, reachable)
                if own.value > cands[0].value + 1e-9:
                    cands = [own, *[c for c in cands if c.title != own.title][:candidates - 1]]
                    own_wins = True
            if own_wins and unchanged(original_set):
                best, findings = self._kept(listing, brand, reachable)
                cands[0] = best
            else:
                best = cands[0]
                findings = self._lint(best.title, listing, brand=brand)
        return RewriteResult(
            original=title,
            best=best.title,
            score_before=self._score(report_before, reachable),
            score_after=best.score,
            length_before=self.platform.length(title),
            length_after=best.length,
            limit=self.platform.limit,
            candidates=cands,
            optimal=sols[0].optimal if solver == "exact" else None,
            protected=list(listing.facts.protected),
            findings=findings,
            notes=notes,
        )

    def _kept(self, listing: Listing, brand: str | None, reachable: float) -> tuple[Candidate, list]:
        """The seller's own title as the best candidate, tidied, with its findings.

        Lints the title once; only when a tidy rule (decoration, banned
        characters, spacing) speaks is it fixed and linted again.
        """
        title = listing.title
        findings = self._lint(title, listing, brand=brand)
        clean = strip_invisible(title)
        if any(f.code in TIDY_RULES for f in findings):
            clean = self._tidy(title)
            findings = self._lint(clean, listing, brand=brand)
        cov = self._coverage(listing, clean)
        value = self._kw_value(cov)
        kws = self.keywords.keywords
        cand = Candidate(
            title=clean,
            score=self._score(value, reachable),
            value=round(value, 6),
            length=self.platform.length(clean),
            added=[],
            removed=[],
            covered=[kws[i].text for i in sorted(cov)],
            reasons=[],
        )
        return cand, findings

    def _tidy(self, title: str) -> str:
        """``title`` with the safe fixes for decoration, banned characters and spacing applied."""
        from .rules import fix as fix_title

        fixed, _ = fix_title(
            strip_invisible(title),
            platform=self.platform,
            select=list(TIDY_RULES),
            segmenter=self.segmenter,
            lexicon=self.lexicon,
            today=self._today,
        )
        return fixed

    def _check_fixed(self, problem: Problem, keep: list[str], brand: str | None) -> None:
        fixed = problem.fixed
        cost = problem.cost(fixed)
        if cost <= problem.budget:
            return
        user = {normalize_term(k).replace(" ", "") for k in keep}
        if brand:
            user.add(normalize_term(brand).replace(" ", ""))
        # automatically protected terms give way first (models, then the product word)
        for i in sorted(fixed, key=lambda i: (problem.terms[i].key in user, -problem.terms[i].cost)):
            if problem.cost(problem.fixed) <= problem.budget:
                return
            if problem.terms[i].key not in user:
                problem.terms[i].fixed = False
        over = problem.cost(problem.fixed) - problem.budget
        if over > 0:
            raise InputError(
                f"the must-keep terms alone need {problem.cost(problem.fixed)} {self.platform.unit}, "
                f"over the {self.platform.name} limit of {self.platform.limit} by {over}"
            )

    def _original_solution(self, problem: Problem) -> Solution | None:
        chosen = frozenset(i for i, t in enumerate(problem.terms) if t.origin in ("title", "brand") or t.fixed)
        if not problem.feasible(sorted(chosen)):
            return None
        return Solution(chosen, problem.value(chosen), problem.objective(chosen))

    def _alternatives(self, problem: Problem, sol: Solution) -> Iterable[frozenset[int]]:
        """Exclusion sets giving different titles: drop one added term of the best, by value."""
        added = [i for i in sol.chosen if problem.terms[i].origin in ("keyword", "attribute")]
        for i in added:
            yield frozenset({i})
        kept = [i for i in sol.chosen if not problem.terms[i].fixed]
        for a in range(len(added)):
            for b in range(a + 1, len(added)):
                yield frozenset({added[a], added[b]})
        for i in kept:
            yield frozenset({i})

    def _candidate(
        self, listing: Listing, problem: Problem, sol: Solution, removed: dict[str, str], reachable: float
    ) -> Candidate:
        chosen = set(sol.chosen)
        text, _ = render(problem, chosen, self.platform)
        while self.platform.length(text) > self.platform.limit and chosen - set(problem.fixed):
            # rendering added a separator the cost model did not foresee: drop the least useful term
            drop = min(
                chosen - set(problem.fixed),
                key=lambda i: (problem.objective(chosen) - problem.objective(chosen - {i}), -problem.terms[i].cost),
            )
            chosen.discard(drop)
            text, _ = render(problem, chosen, self.platform)
        cov_new = self._coverage(listing, text)
        value_q = self._kw_value(cov_new)
        # inserting next to a keyword's roots can split another phrase: keep the better of the two orders
        alt, _ = render(problem, chosen, self.platform, insert=False)
        if alt != text and self.platform.length(alt) <= self.platform.limit:
            alt_cov = self._coverage(listing, alt)
            alt_q = self._kw_value(alt_cov)
            if alt_q > value_q + 1e-9:
                text, value_q, cov_new = alt, alt_q, alt_cov
        kws = self.keywords.keywords
        added_terms = [problem.terms[i] for i in chosen if problem.terms[i].origin not in ("title",)]
        added_terms = [t for t in added_terms if t.key not in listing.terms.occurrences]
        kept_keys = {problem.terms[i].key for i in chosen}
        reasons: list[ChangeReason] = []
        new_cov = [i for i in cov_new if i not in listing.covered]
        for t in sorted(added_terms, key=lambda t: t.key):
            gains = [i for i in new_cov if any(r in t.provides for r in kws[i].roots)]
            v = sum(kws[i].value for i in gains)
            origin = {"must_keep": "must keep", "brand": "brand", "attribute": "listing attribute"}.get(t.origin, "")
            if gains:
                what = ", ".join(repr(kws[i].text) for i in gains[:3])
                reason = f"completes {what}" + (f" ({origin})" if origin else "")
            elif t.origin == "brand":
                reason = "the listing's brand, written first"
            elif t.origin == "must_keep":
                reason = "must keep, as asked"
            else:
                reason = "keeps a keyword's words together"
            reasons.append(ChangeReason(term=t.surface, action="added", reason=reason, value=round(v, 4)))
        removed_surfaces: list[str] = []
        for surface, why in removed.items():
            removed_surfaces.append(surface)
            reasons.append(ChangeReason(term=surface, action="removed", reason=why))
        lost = [i for i in listing.covered if i not in cov_new]
        for t in problem.terms:
            if t.origin not in ("title", "brand") or t.key in kept_keys:
                continue
            holder = next((problem.terms[i] for i in chosen if t.key in problem.terms[i].provides), None)
            removed_surfaces.append(t.surface)
            if holder is not None:
                reasons.append(
                    ChangeReason(term=t.surface, action="removed", reason=f"already inside {holder.surface!r}")
                )
            else:
                lost_here = [i for i in lost if t.key in kws[i].roots]
                v = sum(kws[i].value for i in lost_here)
                loses = f" (loses {', '.join(repr(kws[i].text) for i in lost_here[:3])})" if lost_here else ""
                reasons.append(
                    ChangeReason(
                        term=t.surface,
                        action="removed",
                        reason="made room for higher-value keywords within the limit" + loses,
                        value=-round(v, 4),
                    )
                )
        return Candidate(
            title=text,
            score=self._score(value_q, reachable),
            value=round(value_q, 6),
            length=self.platform.length(text),
            added=[t.surface for t in sorted(added_terms, key=lambda t: t.key)],
            removed=removed_surfaces,
            covered=[kws[i].text for i in sorted(cov_new)],
            reasons=reasons,
        )

    # ------------------------------------------------------------ shorten
    def shorten(
        self,
        title: str,
        *,
        limit: int = 12,
        unit: Unit = "chars",
        brand: str | None = None,
        category: str | None = None,
        keep_brand: bool = False,
    ) -> str:
        """An extractive short title (mobile display, ~12 characters) from the title's own words.

        The product word is required, the brand optional; the weighting is
        documented in :func:`titleopt.shorten.shorten_title`. Raises
        :class:`InputError` when the product word alone does not fit.
        """
        from .shorten import shorten_title

        return shorten_title(
            self, title, limit=limit, unit=unit, brand=brand, category=category, keep_brand=keep_brand
        )
