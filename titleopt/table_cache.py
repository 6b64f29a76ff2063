"""On-disk cache of loaded keyword tables: the command line's start-up with a large export.

Loading a 10,000-row export costs about 0.9 s (reading, checking each row,
segmenting each keyword into roots); 50,000 rows cost several seconds, paid
by every ``titleopt`` command. The result depends only on the file's bytes,
on ``strict`` and on code and dictionaries that change only with an upgrade,
so it is kept in the dictionary cache folder (:func:`titleopt.segment.cache_dir`)
next to the built dictionary, under the same rules:

* nothing is written unless a cache folder is in use (the ``titleopt``
  command opts in; the library does not, unless its caller does);
* the entry is named by a hash of the file's path and keyed by a hash of its
  bytes, ``strict``, the base dictionary's inputs and the loading code, so an
  edited file, an upgrade or a new jieba dictionary is a miss, never a stale hit; a file
  that changes while it is being loaded (size or modification time) is not cached;
* ``marshal`` of plain tuples (no pickle: loading a cache file runs no code),
  written atomically; a damaged or foreign file is ignored and rebuilt;
* at most :data:`MAX_TABLES` tables are kept, the least recently written go.

Only tables cut with the default segmenter are cached (another segmenter's
words would give other roots).

This module stores and loads a table's *payload*, plain tuples;
:class:`~titleopt.keywords.KeywordTable` turns itself into one and back
(``cache_payload`` / ``from_cache_payload``), so this module never imports
the table's module and the two do not import each other.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from .segment import base_key, cache_dir, read_marshal, write_marshal

log = logging.getLogger(__name__)

#: Tables kept in the cache folder at once (each is about the size of its export).
MAX_TABLES = 8
_FORMAT = 1
#: Modules whose code decides what a loaded table holds (segment and normalize are in the base key).
_MODULES = ("titleopt.keywords", "titleopt.io", "titleopt.models", "titleopt.table_cache")


def _entry(path: str) -> str:
    """Cache entry name of one table file: a hash of its absolute path."""
    where = hashlib.blake2b(os.path.abspath(path).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"keywords-{where}"


def _stamp(path: str) -> tuple[int, int] | None:
    """Size and modification time of ``path`` (None when it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _key(path: str, strict: bool) -> str | None:
    """Hash of everything a loaded table is made from; None when an input cannot be read (no cache).

    The key carries the file's size and modification time as read before
    hashing, so :func:`store` can tell that the file changed while it was
    being loaded (the table then reflects other bytes than the key).
    """
    base = base_key()
    if base is None:
        return None
    try:
        import pydantic

        h = hashlib.blake2b(f"{_FORMAT} {base} {strict} {pydantic.VERSION}".encode(), digest_size=16)
        for name in _MODULES:
            h.update(Path(sys.modules[name].__file__ or "").read_bytes())
        stamp = _stamp(path)
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        return f"{h.hexdigest()}.{stamp[0]}.{stamp[1]}" if stamp else None
    except (OSError, KeyError) as exc:
        log.debug("titleopt keyword-table cache off for %s: %s", path, exc)
        return None


def load(path: str, strict: bool) -> tuple[object | None, str | None]:
    """The cached table payload of ``path`` and its key, or ``(None, key)`` on a miss (key None: do not cache)."""
    if path == "-" or cache_dir() is None:
        return None, None
    key = _key(path, strict)
    if key is None:
        return None, None
    return read_marshal(cache_dir(), key, _entry(path)), key  # type: ignore[arg-type]


def store(path: str, key: str, payload: object) -> None:
    """Keep a table's ``payload`` under ``key``; drop the oldest beyond :data:`MAX_TABLES`. Never fails the caller."""
    folder = cache_dir()
    if folder is None:
        return
    if key.split(".", 1)[-1] != ".".join(map(str, _stamp(path) or ())):
        log.debug("titleopt keyword table %s changed while loading: not cached", path)
        return
    write_marshal(folder, key, _entry(path), payload)
    try:
        tables = sorted(folder.glob("keywords-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in tables[MAX_TABLES:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("titleopt keyword-table cache not pruned: %s", exc)
