"""One cut of a title: its tokens, their positions, sub-words and joined neighbours.

The text layer beside :class:`~titleopt.segment.Segmenter`: a title is
normalized and cut once per call into a :class:`TitleTerms`, and every later
step (product detection, matching, scoring before and after, the rewrite)
reads that object or one derived from it. A seller's brand and must-keep
phrases are kept whole in that one cut (:func:`merge_phrases`).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from .normalize import NormalizedText, normalize
from .segment import Segmenter

#: A word of Chinese characters only (the basic CJK block).
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
#: The second side of a size as jieba cuts it (2.6|x2.6|cm, 25.3|x16.4|cm); alone (x5) it may be a model.
DIMENSION_TAIL = re.compile(r"^[x×*]\d+(?:\.\d+)?$")

_RUNS = re.compile(r"[a-z0-9.]+|[\u4e00-\u9fff]+")

#: Chinese tokens up to this length are searched for dictionary sub-words.
MAX_SUBWORD_TOKEN = 8


def is_cjk(s: str) -> bool:
    """Every character of ``s`` is a CJK unified ideograph (the basic block)."""
    return all("\u4e00" <= c <= "\u9fff" for c in s)


@dataclass(frozen=True)
class TitleTerms:
    """The searchable terms of one title: term -> occurrences ``(start, end)`` in normalized text."""

    norm: NormalizedText
    tokens: tuple[str, ...]
    occurrences: dict[str, list[tuple[int, int]]]
    starts: tuple[int, ...] = ()  # normalized start of each token

    @cached_property
    def glued(self) -> tuple[bool, ...]:
        """``glued[i]`` is :meth:`touches_next` of token ``i``, for every token (the last is False).

        Product detection asks it of every token several times; a tuple
        lookup instead of a method call each time.
        """
        tokens, starts = self.tokens, self.starts
        if not starts:
            return (False,) * len(tokens)
        return (*[starts[i] + len(tokens[i]) == starts[i + 1] for i in range(len(tokens) - 1)], False)[: len(tokens)]

    def span(self, i: int) -> tuple[int, int]:
        """Original ``[start, end)`` of token ``i``."""
        s = self.starts[i]
        return self.norm.original_span(s, s + len(self.tokens[i]))

    def __contains__(self, term: str) -> bool:
        return term in self.occurrences

    def gap(self, i: int) -> str:
        """The normalized text between token ``i`` and token ``i + 1`` (spaces, punctuation; empty when glued)."""
        return self.norm.text[self.starts[i] + len(self.tokens[i]) : self.starts[i + 1]]

    def after(self, i: int) -> str:
        """The normalized text after token ``i``: :meth:`gap`, or the title's tail after its last token."""
        if i + 1 < len(self.tokens):
            return self.gap(i)
        return self.norm.text[self.starts[i] + len(self.tokens[i]) :]

    def touches_next(self, i: int) -> bool:
        """Token ``i`` touches token ``i + 1``: no space or punctuation between them."""
        glued = self.glued  # (computed once per title: detection asks this of every token, several times)
        return 0 <= i < len(glued) and glued[i]

    def glued_neighbours(self, i: int) -> list[str]:
        """The tokens written against token ``i`` on either side."""
        out = []
        if self.touches_next(i - 1):
            out.append(self.tokens[i - 1])
        if self.touches_next(i):
            out.append(self.tokens[i + 1])
        return out


def subwords(token: str, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """``[a, b)`` offsets of dictionary words inside a Chinese token (not the token itself).

    Single characters count only inside two-character tokens (女 in 女款),
    where they are real morphemes; inside longer words a lone character (衣 in
    卫衣) would be noise.
    """
    n = len(token)
    if not is_cjk(token):
        # mixed runs (316不锈钢, 500ml装): the Latin/number run and the Chinese run
        runs = [(m.start(), m.end()) for m in _RUNS.finditer(token)]
        return runs if len(runs) > 1 else []
    if not 2 <= n <= MAX_SUBWORD_TOKEN:
        return []
    out = []
    for a in range(n):
        for b in range(a + 1, n + 1):
            if b - a == n or (b - a == 1 and n > 2):
                continue
            if is_word(token[a:b]):
                out.append((a, b))
    return out


def merge_phrases(pos: list[tuple[str, int]], text: str, phrases: Iterable[str]) -> list[tuple[str, int]]:
    """Re-cut ``pos`` so that each phrase found in ``text`` is one token.

    A seller's brand or must-keep term is a unit even when jieba cuts it
    (茗山记 -> 茗 | 山记); tokens crossing its edges are split there.
    """
    spans = []
    for ph in phrases:
        if not ph:
            continue
        start = text.find(ph)
        while start >= 0:
            if not any(a < start + len(ph) and start < b for a, b in spans):
                spans.append((start, start + len(ph)))
            start = text.find(ph, start + len(ph))
    if not spans:
        return pos
    spans.sort()
    out: list[tuple[str, int]] = []
    for tok, s in pos:
        e = s + len(tok)
        cuts = sorted({s, e, *(x for a, b in spans for x in (a, b) if s < x < e)})
        for a, b in itertools.pairwise(cuts):
            if any(sa <= a and b <= sb for sa, sb in spans):
                continue
            piece = text[a:b]
            if piece.strip() and any(c.isalnum() for c in piece):
                out.append((piece, a))
    out += [(text[a:b], a) for a, b in spans]
    out.sort(key=lambda x: x[1])
    return out


def title_terms(
    norm: NormalizedText | str,
    segmenter: Segmenter,
    phrases: Iterable[str] = (),
    *,
    spans_of: Callable[[str], list[tuple[int, int]]] | None = None,
) -> TitleTerms:
    """Tokens, Chinese sub-words and joined neighbours of a title, with positions.

    ``phrases`` (normalized) are kept as single tokens where they occur.
    ``spans_of`` gives a token's sub-word spans (default: :func:`subwords`
    with the segmenter's dictionary); a caller matching many titles passes a
    cached one, since the same tokens recur title after title.
    """
    if isinstance(norm, str):
        norm = normalize(norm)
    if spans_of is None:
        is_word = segmenter.is_word

        def spans_of(tok: str) -> list[tuple[int, int]]:
            return subwords(tok, is_word)

    pos = segmenter.positions(norm)
    if phrases:
        pos = merge_phrases(pos, norm.text, phrases)
    return terms_at(norm, pos, spans_of)


def terms_at(
    norm: NormalizedText, pos: list[tuple[str, int]], spans_of: Callable[[str], Iterable[tuple[int, int]]]
) -> TitleTerms:
    """The :class:`TitleTerms` of a text already cut into ``pos`` (token, normalized start).

    The one place occurrences are built: :func:`title_terms` calls it after
    cutting a title, and a rewrite calls it on the words it chose, so a new
    title is read exactly as its words were cut, never cut a second time.
    """
    occ: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, (tok, start) in enumerate(pos):
        end = start + len(tok)
        occ[tok].append((start, end))
        for a, b in spans_of(tok):
            occ[tok[a:b]].append((start + a, start + b))
        # joined neighbours (no separator between them in the normalized text)
        joined, jend = tok, end
        for tok2, start2 in pos[i + 1 : i + 3]:
            if start2 != jend:
                break
            joined += tok2
            jend = start2 + len(tok2)
            occ[joined].append((start, jend))
    return TitleTerms(norm, tuple([t for t, _ in pos]), dict(occ), tuple([s for _, s in pos]))


def plain_terms(
    text: str, pos: list[tuple[str, int]], spans_of: Callable[[str], Iterable[tuple[int, int]]]
) -> TitleTerms:
    """:func:`terms_at` for text already normalized (a unit's text, a title laid out from chosen words).

    Such text is its own original, so every offset maps to itself.
    """
    return terms_at(NormalizedText(text, text, tuple(range(len(text) + 1))), pos, spans_of)
