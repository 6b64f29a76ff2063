"""Fuzzy matching for where exact matching fails: near-duplicate and variant terms.

Keyword tables, competitor titles and a seller's title spell the same thing in
different ways: typos (``连衣群``), spacing (``t恤 男`` / ``t恤男``), hyphens
(``t-shirt`` / ``tshirt``) and dictionary variants (``t恤`` / ``t-shirt``).
Exact matching treats them as different words, so demand is split and a
"missing" keyword may in fact be present. This module *finds and reports* such
pairs; it never merges them, because a fuzzy pair can also be two different
products (``连衣裙夏季`` / ``连衣裙冬季`` score 80) and only the seller can tell.

How a pair is found, cheapest and surest first:

* ``spacing``: equal after normalization (:func:`titleopt.normalize.normalize_term`)
  and removing spaces, hyphens, underscores, dots and middle dots; score 100.
* ``synonym``: both map to the same canonical form in the synonym dictionary
  (``lexicon.synonyms``, variant -> canonical); score 100.
* ``fuzzy``: rapidfuzz ``fuzz.ratio`` (normalized Indel similarity, 0..100) on the
  compact forms is at least ``threshold``. ``ratio`` rather than a token scorer
  because Chinese keywords have no spaces to split on. All pairs are scored by
  ``process.cdist`` in C, in row blocks so memory stays bounded, with ``workers``
  threads.

The default threshold is 90: for Chinese, one changed character in a 3-4
character word already drops the ratio to 67-75 (``连衣裙``/``连衣群``), and a
changed meaningful character in a longer phrase lands near 80-86
(``连衣裙夏季新款``/``连衣裙冬季新款``), so lower thresholds mostly report
different products. Use 80 to hunt typos in long phrases and read the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from .normalize import normalize_term

#: Default minimum ``fuzz.ratio`` for a fuzzy pair (see the module docstring).
DEFAULT_THRESHOLD = 90.0
#: Compact forms shorter than this are never fuzzy-matched: 男/女, s/m differ by
#: one character and are different terms, not typos of each other.
MIN_FUZZY_LEN = 3
#: Cells scored per ``cdist`` block (uint8 results: ~20 MB per block).
_BLOCK_CELLS = 20_000_000

_SEPARATORS = re.compile(r"[\s\-_.·•]+")


class NearDuplicate(NamedTuple):
    """Two terms of one list that are probably the same word (``a`` comes first in the input)."""

    a: str
    b: str
    score: float


class Variant(NamedTuple):
    """A term of one list and its probable variant in another, with how they were matched."""

    a: str
    b: str
    score: float
    kind: str  # "spacing" | "synonym" | "fuzzy"


def compact(term: str) -> str:
    """The form fuzzy matching compares: normalized, without spaces and hyphens."""
    return _SEPARATORS.sub("", normalize_term(term))


def _canonical_map(synonyms: Mapping[str, str] | None) -> dict[str, str]:
    """Synonym dictionary keyed and valued by compact forms.

    ``None`` means the shipped lexicon's synonyms (imported lazily: this module
    must stay importable before the lexicon is built); ``{}`` disables them.
    """
    if synonyms is None:
        from .lexicon import load_lexicon

        synonyms = load_lexicon().synonyms
    out: dict[str, str] = {}
    for variant, canonical in synonyms.items():
        c = compact(canonical)
        out[compact(variant)] = c
        out.setdefault(c, c)
    return out


def _unique(terms: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in terms:
        if not isinstance(t, str):
            raise TypeError(f"terms must be strings, got {type(t).__name__}")
        if t and t not in seen:
            seen.add(t)
            out.append(t)
    return out


def _fuzzy_scores(
    queries: Sequence[str],
    choices: Sequence[str],
    threshold: float,
    workers: int,
    *,
    upper_only: bool,
) -> list[tuple[int, int, float]]:
    """``(i, j, score)`` for every pair with ``fuzz.ratio >= threshold`` (block-wise cdist)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    if not queries or not choices:
        return []
    cutoff = int(np.floor(threshold))
    block = max(1, _BLOCK_CELLS // max(1, len(choices)))
    found: list[tuple[int, int, float]] = []
    for start in range(0, len(queries), block):
        part = queries[start : start + block]
        # One list against itself: only pairs (i, j > i) matter, so a block of
        # rows is scored against the columns from its first row on (half the work).
        offset = start if upper_only else 0
        # uint8 keeps a 1,000 x 50,000 block at 50 MB; exact scores are recomputed below.
        m = process.cdist(
            part, choices[offset:], scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=workers
        )
        rows, cols = np.nonzero(m)
        for r, c0 in zip(rows.tolist(), cols.tolist(), strict=True):
            i = start + r
            c = c0 + offset
            if upper_only and c <= i:
                continue
            score = fuzz.ratio(queries[i], choices[c])
            if score >= threshold:
                found.append((i, c, round(score, 2)))
    return found


def near_duplicates(
    terms: Iterable[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    synonyms: Mapping[str, str] | None = None,
    workers: int = 1,
) -> list[NearDuplicate]:
    """Pairs of distinct terms in one list that are probably the same word.

    For a keyword-demand table: ``连衣裙 女`` / ``连衣裙女`` (spacing),
    ``t恤`` / ``t-shirt`` (synonym dictionary), ``羽绒服女`` / ``羽绒服女女`` (typo).
    The pairs are only reported; merging them (summing demand, say) is the
    caller's decision. Returns :class:`NearDuplicate` ``(a, b, score)`` tuples,
    ``a`` before ``b`` in input order, sorted by score (high first) then input
    order, so the same input always gives the same list.

    ``synonyms`` maps variant -> canonical (default: the shipped lexicon's; pass
    ``{}`` for none). ``workers`` is passed to ``rapidfuzz.process.cdist``
    (``-1`` = all cores).
    """
    uniq = _unique(terms)
    forms = [compact(t) for t in uniq]
    canon = _canonical_map(synonyms)
    pairs: dict[tuple[int, int], float] = {}

    # Exact: same compact form (spacing) or same canonical form (synonym).
    by_key: dict[str, list[int]] = {}
    for i, f in enumerate(forms):
        by_key.setdefault(canon.get(f, f), []).append(i)
    for idx in by_key.values():
        for x, i in enumerate(idx):
            for j in idx[x + 1 :]:
                pairs[(i, j)] = 100.0

    long_idx = [i for i, f in enumerate(forms) if len(f) >= MIN_FUZZY_LEN]
    long_forms = [forms[i] for i in long_idx]
    for r, c, score in _fuzzy_scores(long_forms, long_forms, threshold, workers, upper_only=True):
        key = (long_idx[r], long_idx[c])
        pairs.setdefault(key, score)

    out = [NearDuplicate(uniq[i], uniq[j], s) for (i, j), s in pairs.items()]
    order = {t: k for k, t in enumerate(uniq)}
    out.sort(key=lambda p: (-p.score, order[p.a], order[p.b]))
    return out


def variant_kind(a: str, b: str, *, synonyms: Mapping[str, str] | None = None) -> str | None:
    """How ``a`` and ``b`` are the same term without fuzzy scoring: ``spacing``, ``synonym`` or None.

    ``spacing`` also covers terms equal after normalization (width, case,
    Traditional -> Simplified), e.g. ``Ｔ恤`` / ``t恤``.
    """
    fa, fb = compact(a), compact(b)
    if fa == fb:
        return "spacing"
    canon = _canonical_map(synonyms)
    if canon.get(fa, fa) == canon.get(fb, fb):
        return "synonym"
    return None


def find_variants(
    queries: Iterable[str],
    choices: Iterable[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    synonyms: Mapping[str, str] | None = None,
    workers: int = 1,
    include_exact: bool = False,
) -> list[Variant]:
    """Variant spellings between two lists (keyword table vs competitor terms vs title tokens).

    For each query term, the choice terms that are probably the same word under
    another spelling. Identical strings are skipped unless ``include_exact``
    (they are matches, not variants). Sorted by score, then query order, then
    choice order. Reported, never merged.
    """
    qs = _unique(queries)
    cs = _unique(choices)
    qf = [compact(t) for t in qs]
    cf = [compact(t) for t in cs]
    canon = _canonical_map(synonyms)
    found: dict[tuple[int, int], tuple[float, str]] = {}

    by_form: dict[str, list[int]] = {}
    by_canon: dict[str, list[int]] = {}
    for j, f in enumerate(cf):
        by_form.setdefault(f, []).append(j)
        by_canon.setdefault(canon.get(f, f), []).append(j)
    for i, f in enumerate(qf):
        for j in by_form.get(f, ()):
            found[(i, j)] = (100.0, "spacing")
        for j in by_canon.get(canon.get(f, f), ()):
            found.setdefault((i, j), (100.0, "synonym"))

    q_idx = [i for i, f in enumerate(qf) if len(f) >= MIN_FUZZY_LEN]
    c_idx = [j for j, f in enumerate(cf) if len(f) >= MIN_FUZZY_LEN]
    for r, c, score in _fuzzy_scores(
        [qf[i] for i in q_idx], [cf[j] for j in c_idx], threshold, workers, upper_only=False
    ):
        found.setdefault((q_idx[r], c_idx[c]), (score, "fuzzy"))

    out = [Variant(qs[i], cs[j], s, kind) for (i, j), (s, kind) in found.items() if include_exact or qs[i] != cs[j]]
    q_order = {t: k for k, t in enumerate(qs)}
    c_order = {t: k for k, t in enumerate(cs)}
    out.sort(key=lambda v: (-v.score, q_order[v.a], c_order[v.b]))
    return out
