"""Normalization for matching, with a map back to what the user wrote.

Matching must treat ``Ｔ恤``, ``t恤`` and ``T恤``, or ``連帽衛衣`` and ``连帽卫衣``,
as the same text; findings and rewrites must still point at, and print, the
seller's own characters. So :func:`normalize` returns the matching form *and*
for every character of it the index of the original character it came from.

Steps, per character: NFKC (full width to half width, ``㎏`` to ``kg``), Latin
lower-cased, zero-width and control characters dropped, any run of white space
folded to one space and trimmed at both ends; then the whole string goes
through OpenCC ``t2s`` (phrase-aware, so ``乾燥`` becomes ``干燥`` while
``乾隆`` stays). NFKC is applied per character, not across characters, which
keeps the offset map exact and cacheable: a decomposed ``é`` (``e`` + U+0301)
stays two characters, and the segmenter keeps a combining mark with its
letter. Two NFKC results are not taken, so that no word is cut: a letter or
number that NFKC would split with punctuation stays as written (``Ŀ``, ``½``),
and a spacing accent (``¨`` ``¯`` ``´``) is a separator, not a combining mark
clinging to the next word. ``丨`` (U+4E28), which Chinese input methods offer
for ``|`` and sellers type between specs, matches as ``|``: a separator, not a
one-character word a rewrite could keep alone.
"""

from __future__ import annotations

import functools
import html.entities
import threading
import unicodedata
from typing import NamedTuple

from .cache import BoundedCache
from .errors import InputError

#: Longest title we accept. Real platform limits are at most a few hundred
#: characters; anything past this is a wrong column, not a title.
MAX_TITLE_CHARS = 5000

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
#: Characters sellers type as a separator that Unicode files as a letter: 丨 (U+4E28, a rare CJK radical,
#: "gǔn") is what a Chinese input method offers for "|" (`i7-8700丨1T`); it matches as "|", a separator.
_SEPARATOR_LETTERS = {"\u4e28": "|"}

# This module's caches, every one a pure function of its key (so emptying one changes no output):
# _char_cache (one character's fold: a plain dict read inline in the per-character loops, capped),
# the lru_caches of _normalize (a title) and normalize_term (a term), and OPENCC below (OpenCC's
# converters, loaded once per configuration, and their results per text).
_char_cache: dict[str, str] = {}


class NormalizedText(NamedTuple):
    """A normalized string and, for each of its characters, the original index.

    ``offsets`` has ``len(text) + 1`` entries; the last one is ``len(original)``
    so that a normalized span ``[i, j)`` maps back to
    ``[offsets[i], offsets[j - 1] + 1)`` in the original.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covered by normalized ``[start, end)``."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


class OpenCCConverters:
    """The one place titleopt converts scripts with OpenCC.

    A converter per configuration (``t2s``, ``s2t``, ``s2tw``…) is loaded
    once, under a lock: loading reads OpenCC's shipped dictionaries, a few
    milliseconds. Results are kept per ``(text, configuration)`` in a
    :class:`~titleopt.cache.BoundedCache`: one title is simplified by
    :func:`normalize`, by :func:`is_traditional` and by the script lint rule.
    """

    def __init__(self, size: int = 4096) -> None:
        self._loaded: dict[str, object] = {}
        self._lock = threading.Lock()
        self._results: BoundedCache[tuple[str, str], str] = BoundedCache(size)
        #: ``peek((text, config))``: a converted text already held, or None (one C call, for the hot path).
        self.peek = self._results.peek

    def converter(self, config: str) -> object:
        """OpenCC's converter for ``config``, loaded on first use."""
        conv = self._loaded.get(config)
        if conv is None:
            import opencc  # imported lazily: loading its dictionaries costs a few ms

            with self._lock:
                conv = self._loaded.get(config)
                if conv is None:
                    conv = self._loaded[config] = opencc.OpenCC(config)
        return conv

    def convert(self, text: str, config: str) -> str:
        """``text`` converted with OpenCC configuration ``config`` (``t2s``, ``s2t``, ``s2tw``, ``s2hk``…)."""
        if not text:
            return text
        key = (text, config)
        out = self.peek(key)
        return self._results.get(key, self._convert) if out is None else out

    def __len__(self) -> int:
        """How many converted texts are kept (for tests and profiling)."""
        return len(self._results)

    def clear(self) -> None:
        """Forget the converted texts (the loaded converters stay)."""
        self._results.clear()

    def _convert(self, key: tuple[str, str]) -> str:
        text, config = key
        return self.converter(config).convert(text)  # type: ignore[attr-defined]


#: The process's OpenCC converters (shared: they are read-only once loaded).
OPENCC = OpenCCConverters()
_converted = OPENCC.peek


def convert_script(text: str, config: str) -> str:
    """``text`` converted with OpenCC configuration ``config`` (``t2s``, ``s2t``, ``s2tw``, ``s2hk``…)."""
    return OPENCC.convert(text, config)


def to_simplified(text: str) -> str:
    """Traditional to Simplified (OpenCC ``t2s``); Simplified text is unchanged."""
    out = _converted((text, "t2s"))  # every title asks: the hit path is one lookup
    return OPENCC.convert(text, "t2s") if out is None else out


def to_traditional(text: str) -> str:
    """Simplified to Traditional (OpenCC ``s2t``), for writing into a Traditional title."""
    return OPENCC.convert(text, "s2t")


#: HTML character entity names (lower case) as written with ``;`` (mdash, nbsp, amp …), and those
#: HTML also accepts without it (the legacy ones: nbsp, amp, copy …; not mdash).
_ENTITY_CLOSED = frozenset(k[:-1].lower() for k in html.entities.html5 if k.endswith(";"))
_ENTITY_BARE = frozenset(k.lower() for k in html.entities.html5 if not k.endswith(";"))
#: Entities that stand for a character a title needs as written (``M&amp;M``): decoded, never dropped.
_ENTITY_KEPT = frozenset({"amp", "quot", "apos"})


def html_entity(text: str, start: int, token: str) -> str | None:
    """What the HTML entity whose name ``token`` starts at ``start`` of normalized ``text`` stands for.

    Shop back-ends export titles with their HTML escapes (``&mdash``,
    ``&nbsp;``), sometimes cut before the ``;``; the name then reads as a
    Latin word (mdash) that no buyer searches. Returns ``None`` when the
    token is no entity: not right after ``&``, no entity's name, or a name
    written without ``;`` straight after a Latin letter or digit, where it
    is a word of a name (``Tea&Cup``, ``AT&T``) unless HTML itself accepts
    it bare (``&nbsp``). Otherwise: the character for ``amp``, ``quot`` and
    ``apos`` (a title needs them: ``M&amp;M``), a space for a space entity
    (``&nbsp;``), and ``""`` for the rest (dashes, quotes, arrows: debris).
    The optimizer (which drops the debris) and lint rule TO307 (which
    reports and decodes every entity) share this one test, so they agree.
    """
    if start <= 0 or text[start - 1] != "&" or not token.isascii():
        return None
    name = token.lower()
    if name not in _ENTITY_CLOSED:
        return None
    closed = text[start + len(token) : start + len(token) + 1] == ";"
    glued_to_latin = start >= 2 and text[start - 2].isascii() and text[start - 2].isalnum()
    if not closed and glued_to_latin and name not in _ENTITY_BARE:
        return None
    char = html.unescape(f"&{name};")
    if name in _ENTITY_KEPT:
        return char
    return " " if char.isspace() else ""


def is_traditional(text: str) -> bool:
    """True when the text contains characters that OpenCC would simplify."""
    return bool(text) and to_simplified(text) != text


def _fold_char(ch: str) -> str:
    out = _char_cache.get(ch)
    if out is not None:
        return out
    if ch in _ZERO_WIDTH:
        out = ""
    elif ch in _SEPARATOR_LETTERS:
        out = _SEPARATOR_LETTERS[ch]
    else:
        cat = unicodedata.category(ch)
        if ch.isspace():
            out = " "
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out = ""
        else:
            out = unicodedata.normalize("NFKC", ch).lower()
            wordy = all(c.isalnum() or unicodedata.category(c)[0] == "M" for c in out)
            if not wordy and cat[0] in "LN":
                # A letter stays a letter: NFKC would cut the Catalan Ŀ into L + middle dot (½ into
                # 1, fraction slash, 2; ⑹ into (6)), a separator that would split the word it stands in.
                out = ch.lower()
            elif out[:1].isspace():
                # A spacing accent (¨ ¯ ´ ¸) is a space and a combining mark to NFKC: the mark would
                # cling to the next word (¯Ğ matching as a different word from Ğ). It is a separator.
                out = " "
            # NFKC can turn a character into white space (e.g. U+3000).
            out = "".join(" " if c.isspace() else c for c in out)
    if len(_char_cache) < 100_000:
        _char_cache[ch] = out
    return out


def strip_invisible(text: str) -> str:
    """``text`` without control and zero-width characters (tabs and line breaks become spaces)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif ch in _ZERO_WIDTH or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def check_title(title: object, *, what: str = "title") -> str:
    """Return ``title`` if it is a usable string, else raise a clear InputError."""
    if title is None:
        raise InputError(f"{what} is missing (None)")
    if not isinstance(title, str):
        raise InputError(f"{what} must be text, got {type(title).__name__}")
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(
            f"{what} is {len(title):,} characters long; titleopt accepts at most "
            f"{MAX_TITLE_CHARS:,} (is this the right column?)"
        )
    return title


def normalize(text: str) -> NormalizedText:
    """Normalize ``text`` for matching and keep the map back to the original.

    >>> n = normalize("  Ｔ恤　連帽衛衣 ")
    >>> n.text
    't恤 连帽卫衣'
    >>> n.original[slice(*n.original_span(0, 2))]
    'Ｔ恤'
    """
    check_title(text, what="text")
    return _normalize(text)


@functools.lru_cache(maxsize=1024)
def _normalize(text: str) -> NormalizedText:
    # One title is normalized by the matcher, the linter and the rewrite's
    # check; the result is immutable, so a small cache serves all three.
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        folded = _char_cache.get(ch)
        if folded is None:
            folded = _fold_char(ch)
        for c in folded:
            if c == " ":
                pending_space = True
                continue
            if pending_space and chars:
                chars.append(" ")
                offsets.append(i - 1 if i > 0 else i)
            pending_space = False
            chars.append(c)
            offsets.append(i)
    folded_text = "".join(chars)
    simplified = to_simplified(folded_text) if not folded_text.isascii() else folded_text
    if len(simplified) != len(folded_text):
        # OpenCC changed the length (very rare); fall back to character-wise
        # conversion so that the offset map stays exact.
        simplified = "".join(s if len(s := to_simplified(c)) == 1 else c for c in folded_text)
    offsets.append(len(text))
    return NormalizedText(text, simplified, tuple(offsets))


@functools.lru_cache(maxsize=65536)
def normalize_term(term: str) -> str:
    """The matching form of a short term (a keyword, a root, a dictionary word); cached.

    The same steps as :func:`normalize` without the offset map, which terms
    never need (a test checks both agree).
    """
    check_title(term, what="text")
    folded = "".join([_char_cache.get(ch) or _fold_char(ch) for ch in term])
    if " " in folded:
        folded = " ".join(folded.split())  # folding leaves " " as the only white space
    if folded.isascii():
        return folded
    simplified = to_simplified(folded)
    if len(simplified) != len(folded):
        simplified = "".join(s if len(s := to_simplified(c)) == 1 else c for c in folded)
    return simplified


def spaced_word_char(ch: str) -> bool:
    """``ch`` belongs to a word of a script written with spaces between words (Latin, Cyrillic, Thai runs…).

    Letters, digits and combining marks, except Chinese characters and
    kana, which are written without spaces: two such words side by side
    need a space between them, or they read as one.
    """
    if not ch:
        return False
    if not (ch.isalnum() or unicodedata.category(ch).startswith("M")):
        return False
    return not ("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
                or "\U00020000" <= ch <= "\U0003134f")
