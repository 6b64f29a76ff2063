"""What a listing *is*: its brand, core product word and model numbers.

A rewrite must keep these without being told (a seller's brand, the thing
being sold, ``iPhone15 Pro``), and relevance of keywords is decided by the
product word. Detection uses only the title, the listing's own brand/category
fields, the shipped dictionaries and the keyword table; nothing is learnt from
evaluation data.

Rules, in order (documented in the README, section "What titleopt protects"):

* **brand** — the ``brand`` given; else a known brand from ``brands.txt`` in
  the title (not one after a compatibility phrase such as 适用于); else the
  leading word of the title when it is a word jieba does not know (a coined
  name such as 史黛丝) or a Latin word without digits (``ELLE``).
* **product words** — title words in ``product_words.txt`` or equal to the
  category; the **core** one is the one with the most keyword value in the
  table (sellers' tables are built around it), ties to the later one (Chinese
  noun phrases end with their head: 纯棉短袖T恤 → T恤). With no dictionary
  hit, the Chinese word of two or more characters that carries most keyword
  value, else the last such word that is not an attribute.
* **models** — Latin/number tokens mixing letters and digits (``g1610``,
  ``spf50``, ``iphone15pro``) and the Latin words that directly follow a model
  (``pro``, ``max``): changing them changes what is sold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .match import TitleTerms
from .normalize import normalize_term

_MODEL = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9.+\-]+$")
_LATIN_WORD = re.compile(r"^[a-z][a-z&'\-]*$")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
#: Latin words that continue a model name (iPhone15 Pro Max).
MODEL_SUFFIXES = frozenset({"pro", "max", "plus", "mini", "ultra", "lite", "se", "air", "s", "e", "note"})


@dataclass(frozen=True)
class ListingFacts:
    """Detected identity of a listing (normalized terms)."""

    brand: str | None
    product_word: str | None
    product_words: tuple[str, ...]
    models: tuple[str, ...]

    @property
    def protected(self) -> tuple[str, ...]:
        out = [t for t in (self.brand, self.product_word) if t]
        out += [m for m in self.models if m not in out]
        return tuple(out)


def detect(
    terms: TitleTerms,
    lexicon,
    *,
    brand: str | None = None,
    category: str | None = None,
    root_value: Callable[[str], float] | None = None,
    is_known_word: Callable[[str], bool] | None = None,
) -> ListingFacts:
    """Detect brand, product words and models of a title (see module docstring)."""
    tokens = terms.tokens
    value = root_value or (lambda _t: 0.0)
    brand_n = normalize_term(brand).replace(" ", "") if brand else None
    if not brand_n:
        brand_n = _find_brand(tokens, lexicon, is_known_word)
    cat = normalize_term(category).replace(" ", "") if category else ""
    # product words: dictionary hits among tokens and sub-words, in title order
    hits: list[tuple[int, str]] = []
    for term, occ in terms.occurrences.items():
        if term == brand_n:
            continue
        if lexicon.is_product_word(term) or (cat and (term == cat or (len(term) >= 2 and term in cat))):
            hits.append((occ[-1][0], term))
    hits.sort()
    # drop a product word that lies inside a longer one found (卫衣 inside 连帽卫衣)
    words = [t for _, t in hits]
    words = [t for t in words if not any(t != o and t in o for o in words)]
    core = None
    if words:
        best = max(range(len(words)), key=lambda i: (value(words[i]), i))
        core = words[best]
    else:
        cands = [
            (i, t)
            for i, t in enumerate(tokens)
            if len(t) >= 2
            and _CJK.match(t)
            and t != brand_n
            and not lexicon.is_factual(t)
            and not lexicon.is_promo(t)
            and not lexicon.is_banned(t)
        ]
        if cands:
            _, core = max(cands, key=lambda c: (value(c[1]), c[0]))
    models = _models(tokens)
    return ListingFacts(brand_n, core, tuple(dict.fromkeys(words)), models)


def _find_brand(tokens: Sequence[str], lexicon, is_known_word) -> str | None:
    compat = getattr(lexicon, "compat_phrases", frozenset())
    for i, t in enumerate(tokens):
        if lexicon.is_brand(t) and not (i > 0 and tokens[i - 1] in compat):
            return t
    if not tokens:
        return None
    first = tokens[0]
    if _LATIN_WORD.match(first) and len(first) >= 2 and first not in MODEL_SUFFIXES:
        return first
    if (
        _CJK.match(first)
        and len(first) >= 2
        and is_known_word is not None
        and not is_known_word(first)
        and not lexicon.is_product_word(first)
        and not lexicon.is_factual(first)
    ):
        return first
    return None


def _models(tokens: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    prev_model = False
    for t in tokens:
        if _MODEL.match(t) and not t.isdigit():
            out.append(t)
            prev_model = True
        elif prev_model and t in MODEL_SUFFIXES:
            out.append(t)
        else:
            prev_model = False
    return tuple(dict.fromkeys(out))
