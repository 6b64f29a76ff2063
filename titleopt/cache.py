"""One small bounded cache, the only kind the per-title stages use.

Titles of one catalogue share most of their words, so the per-word facts the
stages ask for (a token's sub-words, a root's static facts, a surface's
length) are computed once and looked up afterwards. A batch of millions of
titles must not grow memory without bound, so every cache has a size and is
emptied when full: entries are pure functions of their key, so emptying one
changes no output, only speed. Deliberately simpler than an LRU: a lookup is
one dict access, which is what the hot path can afford.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Default size: about the distinct words of a large catalogue.
DEFAULT_SIZE = 200_000


class BoundedCache(Generic[K, V]):
    """``key -> build(key)``, computed once, forgotten all at once when ``size`` entries are held.

    Safe to share between threads: a race builds a value twice, and both
    builds give the same value.
    """

    __slots__ = ("_data", "peek", "size")

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._data: dict[K, V] = {}
        #: ``peek(key)``: the value held for ``key``, or None, without building it. One C call: the
        #: hit path of the hottest lookups (a lexicon's per-word answers), whose values are never None.
        self.peek: Callable[[K], V | None] = self._data.get

    def get(self, key: K, build: Callable[[K], V]) -> V:
        data = self._data
        try:
            return data[key]
        except KeyError:
            pass
        value = build(key)
        if len(data) >= self.size:
            data.clear()
        data[key] = value
        return value

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        self._data.clear()
