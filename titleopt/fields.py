"""Listing fields as sellers type them in spreadsheets: term lists and attribute cells.

Shared by the library (``rewrite(must_keep="品牌X;纯棉")``), the batch runner
and the demo, so a cell means the same everywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

_TERM_SPLIT = re.compile(r"[;,|；，、｜\s]+")
_PAIR_SPLIT = re.compile(r"[;；\n]+")
_KV_SPLIT = re.compile(r"[:：]")


#: Control characters that are white space in a cell (Excel's Alt+Enter, a pasted tab).
_WHITE_CONTROLS = frozenset("\t\n\r")


def find_control_character(text: str) -> tuple[int, str] | None:
    """The first control character of ``text`` that is not a tab or line break, as (position, char); or None.

    NUL, BEL, ESC, vertical tab… in a cell mean a broken export or text
    pasted from elsewhere. They are invisible, so silently keeping them puts
    them into a new title and silently dropping them hides a broken file:
    every cell titleopt reads (title, brand, category, attributes, must-keep,
    forbid) with one is refused with its position, as ``titleopt lint`` does.
    """
    if text.isprintable():
        return None
    for i, ch in enumerate(text):
        if ch not in _WHITE_CONTROLS and unicodedata.category(ch) == "Cc":
            return i, ch
    return None


def control_character_reason(text: str) -> str | None:
    """``"contains control character U+0001 at position 2 …"`` for :func:`find_control_character`, or None."""
    found = find_control_character(text)
    if found is None:
        return None
    i, ch = found
    return (
        f"contains control character U+{ord(ch):04X} at position {i} (invisible; pasted from elsewhere "
        "or a broken export): clean the cell"
    )


def split_terms(text: str | Iterable[str] | None) -> list[str]:
    """Split a ``must_keep``/``forbid`` cell into terms.

    Separators: ``;`` ``,`` ``|`` or whitespace, and their full-width forms
    (``；`` ``，`` ``、``), because sellers type these cells by hand in Excel
    with whatever input method is active. A list is taken as already split
    (each item stripped, empty ones dropped), so a term may contain spaces.
    """
    if not text:
        return []
    if not isinstance(text, str):
        return [t for t in (str(v).strip() for v in text) if t]
    return [t for t in _TERM_SPLIT.split(text) if t]


def parse_attributes(text: str | None) -> dict[str, str]:
    """Parse an ``attributes`` cell: a JSON object, or ``key:value`` pairs separated by ``;``.

    Full-width ``：`` and ``；`` are accepted; a value may contain ``,``
    (``颜色:黑色,白色``). Raises ``ValueError`` with a reason a seller can act
    on for anything else: better an error in the row than a fact silently
    misread into the title.

    >>> parse_attributes("材质：纯棉；袖长:短袖")
    {'材质': '纯棉', '袖长': '短袖'}
    >>> parse_attributes('{"颜色": "白色"}')
    {'颜色': '白色'}
    """
    if text is None or not text.strip():
        return {}
    s = text.strip()
    if s.startswith("{"):
        try:
            obj = json.loads(s)
        except ValueError as exc:
            raise ValueError(f"attributes look like JSON but are not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise ValueError('attributes JSON must be an object like {"材质": "纯棉"}')
        out: dict[str, str] = {}
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                v = ", ".join(map(str, v.values() if isinstance(v, dict) else v))
            out[str(k).strip()] = "" if v is None else str(v).strip()
        return {k: v for k, v in out.items() if k}
    out = {}
    for pair in _PAIR_SPLIT.split(s):
        pair = pair.strip()
        if not pair:
            continue
        parts = _KV_SPLIT.split(pair, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip():
            raise ValueError(f"attribute {pair!r} is not key:value (write e.g. 材质:纯棉;袖长:短袖)")
        out[parts[0].strip()] = parts[1].strip()
    return out


