"""Which keywords a title covers, and how tightly.

A keyword is **covered** when each of its roots occurs in the title as a
token, as a dictionary word inside a longer Chinese token (``卫衣`` inside
``连帽卫衣`` — search engines index sub-words the same way, cf. jieba's
``cut_for_search``), or as two or three adjacent tokens joined (``连帽`` +
``卫衣`` for the root ``连帽卫衣``). Latin and number tokens are never split:
``iphone15pro`` does not cover ``iphone15``, a different model.

Match quality, because platforms rank tight matches higher (an exact phrase
beats the same words scattered):

* :data:`QUALITY_EXACT` (1.0) — roots in keyword order, touching (white space allowed);
* :data:`QUALITY_SPLIT` (0.8) — in order, but other words or punctuation between;
* :data:`QUALITY_REORDERED` (0.6) — all present, not in keyword order.

The constants are judgement, not measurement: the split/reorder penalties are
kept small so coverage (having the words at all) dominates, as it does in
retrieval, while still rewarding a rewrite that joins a phrase.

Nothing here loops over the whole table per title: each keyword is indexed
under its rarest root, so a title only visits keywords that contain one of its
own terms through their rarest root.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .keywords import KeywordTable
from .terms import TitleTerms, is_cjk

QUALITY_EXACT = 1.0
QUALITY_SPLIT = 0.8
QUALITY_REORDERED = 0.6


@dataclass(frozen=True)
class Coverage:
    """A covered keyword: its index into the table and its match quality."""

    index: int
    quality: float


class Matcher:
    """Index a :class:`KeywordTable` once; match many titles quickly."""

    def __init__(self, table: KeywordTable) -> None:
        self.table = table
        self.roots = [kw.roots for kw in table.keywords]
        self.values = [kw.value for kw in table.keywords]
        postings = table.root_index()
        self.df = {r: len(ids) for r, ids in postings.items()}
        anchor: dict[str, list[int]] = defaultdict(list)
        for i, roots in enumerate(self.roots):
            rarest = min(roots, key=lambda r: (self.df[r], r))
            anchor[rarest].append(i)
        self._anchor = dict(anchor)
        self._postings = postings
        # value of keywords in which root a is directly followed by root b: which of
        # several copies of a word sits in a phrase buyers search (柳州|螺蛳粉)
        bigram: dict[tuple[str, str], float] = defaultdict(float)
        for roots, value in zip(self.roots, self.values, strict=True):
            for a, b in itertools.pairwise(roots):
                bigram[(a, b)] += value
        self.bigram_value = dict(bigram)
        self._relevant_cache: dict[str, tuple[int, ...]] = {}
        self._combo_cache: dict[tuple[str, ...], tuple[tuple[int, ...], frozenset[int], float]] = {}
        # roots by character, so "roots containing this anchor" scans only the
        # roots sharing the anchor's rarest character
        by_char: dict[str, list[str]] = defaultdict(list)
        for root in postings:
            for ch in set(root):
                by_char[ch].append(root)
        self._by_char = dict(by_char)

    def covered(self, terms: TitleTerms) -> list[Coverage]:
        """Keywords whose roots all occur in the title, with match quality; by value."""
        occ = terms.occurrences
        anchor = self._anchor
        out = []
        # A title has tens of terms and few anchor any keyword: filter and map run in C, not per term in Python.
        for ids in map(anchor.__getitem__, filter(anchor.__contains__, occ)):
            for i in ids:
                roots = self.roots[i]
                if all(map(occ.__contains__, roots)):
                    out.append(Coverage(i, quality(roots, occ, terms.norm.text)))
        out.sort(key=lambda c: c.index)  # table order = value order
        return out

    def with_root(self, root: str) -> list[int]:
        """Indexes of the keywords that have ``root`` among their roots, in table (value) order."""
        return self._postings.get(root, [])

    def relevant(self, anchors: Iterable[str]) -> tuple[int, ...]:
        """Indexes of keywords containing any anchor (a product word or category), by value."""
        return self.relevant_sets(anchors)[0]

    def relevant_sets(self, anchors: Iterable[str]) -> tuple[tuple[int, ...], frozenset[int]]:
        """:meth:`relevant` as a sorted tuple and a frozenset, cached per anchor combination.

        Listings of one product share anchors, so with a large table the union,
        sort and set of thousands of ids are built once, not per title.
        """
        key = tuple(anchors)
        hit = self._combo_cache.get(key)
        if hit is None:
            ids = self._relevant_ids(key)
            hit = (ids, frozenset(ids), sum(self.values[i] for i in ids))
            if len(self._combo_cache) < 20_000:
                self._combo_cache[key] = hit
        return hit[0], hit[1]

    def relevant_value(self, anchors: Iterable[str]) -> float:
        """Total value of the keywords relevant to ``anchors`` (cached with :meth:`relevant_sets`)."""
        self.relevant_sets(anchors)
        return self._combo_cache.get(tuple(anchors), ((), frozenset(), 0.0))[2] if anchors else 0.0

    def _relevant_ids(self, anchors: tuple[str, ...]) -> tuple[int, ...]:
        ids: set[int] = set()
        for a in anchors:
            cached = self._relevant_cache.get(a)
            if cached is None:
                found: set[int] = set()
                if len(a) == 1:
                    # one character (包, 柜) is inside too many other products' names
                    # (面包车, 酒柜): only the root itself anchors
                    cached = tuple(sorted(self._postings.get(a, ())))
                    self._relevant_cache[a] = cached
                    ids.update(cached)
                    continue
                lists = [self._by_char.get(ch, ()) for ch in set(a)]
                for root in min(lists, key=len) if lists else ():
                    if a in root:
                        found.update(self._postings[root])
                # a root one character shorter than the anchor (裤子 for 裤子女 style heads)
                if len(a) >= 3 and is_cjk(a):
                    for sub in (a[1:], a[:-1]):
                        found.update(self._postings.get(sub, ()))
                cached = tuple(sorted(found))
                if len(self._relevant_cache) < 100_000:
                    self._relevant_cache[a] = cached
            ids.update(cached)
        return tuple(sorted(ids))

def quality(roots: tuple[str, ...], occ: dict[str, list[tuple[int, int]]], text: str) -> float:
    """Match quality of a covered keyword (see module docstring)."""
    if len(roots) == 1:
        return QUALITY_EXACT
    # Greedy in-order placement: each root at its first occurrence after the previous one.
    prev_end = -1
    tight = True
    for r in roots:
        nxt = None
        for s, e in occ[r]:
            if s >= prev_end:
                nxt = (s, e)
                break
        if nxt is None:
            return QUALITY_REORDERED
        if prev_end >= 0 and text[prev_end : nxt[0]].strip():
            tight = False
        prev_end = nxt[1]
    if tight:
        return QUALITY_EXACT
    # A tight placement may exist that the greedy one missed (repeated roots).
    if _any_tight(roots, occ, text):
        return QUALITY_EXACT
    return QUALITY_SPLIT


def _any_tight(roots, occ, text) -> bool:
    for _s, e in occ[roots[0]]:
        end = e
        ok = True
        for r in roots[1:]:
            hit = next((e2 for s2, e2 in occ[r] if s2 >= end and not text[end:s2].strip()), None)
            if hit is None:
                ok = False
                break
            end = hit
        if ok:
            return True
    return False
