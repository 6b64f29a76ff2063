"""``measure_units.txt``: the units, classifiers and dimension words a number in a title is glued to.

One reader for the file, shared by the segmenter (which cuts sizes written back
to back at their units) and the unit reader (which keeps a number with its unit).
"""

from __future__ import annotations

import functools

from .resources import data_path


@functools.lru_cache(maxsize=1)
def measure_words() -> dict[str, frozenset[str]]:
    """``measure_units.txt`` by class (see its header for sources)."""
    out: dict[str, set[str]] = {}
    with open(data_path("measure_units.txt"), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cls, _, words = line.partition("\t")
            out.setdefault(cls.strip(), set()).update(words.split())
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def latin_units() -> frozenset[str]:
    """The units written in Latin letters (mm, kg, w, mah): SI symbols and the other units of the file."""
    m = measure_words()
    return frozenset(w for c in ("si", "other") for w in m.get(c, ()) if w.isascii() and w.isalpha())
