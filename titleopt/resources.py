"""Access to the data files in ``dictionaries/`` (shipped as ``titleopt.dictionaries``).

Every list titleopt uses is a plain text file with a ``#`` header naming its
source, so sellers and reviewers can read, cite and extend it without Python.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import InputError


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding the dictionary files, installed or in a source checkout.

    Installed, ``dictionaries/`` lives inside the package (``titleopt/dictionaries``);
    in a source checkout it sits beside the package.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "dictionaries", here.parent / "dictionaries"):
        if (candidate / "platforms.tsv").exists():
            return candidate
    raise InputError(f"titleopt's dictionaries are missing (looked in {here} and {here.parent}); reinstall titleopt")


def data_path(name: str) -> Path:
    """Path of a shipped data file, e.g. ``data_path("sample/listings.csv")``."""
    path = data_dir() / name
    if not path.exists():
        raise InputError(f"titleopt data file {name!r} not found in {data_dir()}")
    return path


def read_lines(path: str | Path) -> list[str]:
    """Non-empty lines of a word list, without ``#`` comments and surrounding space."""
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = data_path(str(path))
    out = []
    with open(p, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=64)
def word_list(name: str) -> tuple[str, ...]:
    """A shipped word list (first whitespace/tab-separated field of each line), cached."""
    return tuple(line.split("\t")[0].split()[0] for line in read_lines(data_path(name)))
