"""Platform title rules, as data (``dictionaries/platforms.tsv``), and length counting.

A platform is a name, a length unit, a limit and a word separator. Each row of
the data file names its source and whether it is documented by the platform or
only a seller convention; any limit can be overridden per call.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, replace
from typing import Literal

from .errors import ConfigError
from .normalize import check_title
from .resources import data_path

Unit = Literal["bytes", "chars"]


@dataclass(frozen=True)
class Platform:
    """Title rules of one marketplace."""

    name: str
    label: str
    unit: Unit
    limit: int
    separator: str
    status: str = "custom"
    source: str = "user supplied"

    def length(self, title: str) -> int:
        """Length of ``title`` in this platform's unit."""
        return text_length(title, self.unit)


def text_length(text: str, unit: Unit) -> int:
    """``chars``: code points. ``bytes``: ASCII 1, anything else 2 (Taobao's count)."""
    if unit == "chars":
        return len(text)
    if unit == "bytes":
        if text.isascii():
            return len(text)
        return 2 * len(text) - len(text.encode("ascii", "ignore"))  # (the ASCII characters, counted in C)
    raise ConfigError(f"unknown length unit {unit!r}; use 'bytes' or 'chars'")


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def platforms() -> dict[str, Platform]:
    """All shipped platforms by name."""
    out: dict[str, Platform] = {}
    with open(data_path("platforms.tsv"), encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for r in rows:
            out[r["name"]] = Platform(
                name=r["name"],
                label=r["label"],
                unit=r["unit"],  # type: ignore[arg-type]
                limit=int(r["limit"]),
                separator="" if r["separator"] == "none" else " ",
                status=r["status"],
                source=r["source"],
            )
    return out


#: The platform every function and command assumes when none is named.
DEFAULT_PLATFORM = "taobao"


def get_platform(
    platform: str | Platform = DEFAULT_PLATFORM,
    *,
    limit: int | None = None,
    unit: Unit | None = None,
) -> Platform:
    """Look up a platform by name, optionally overriding its limit or unit."""
    if isinstance(platform, Platform):
        p = platform
    else:
        key = str(platform).strip().lower()
        table = platforms()
        if key not in table:
            raise ConfigError(
                f"unknown platform {platform!r}; known: {', '.join(sorted(table))} "
                "(or pass limit= and unit= for any other)"
            )
        p = table[key]
    if limit is not None:
        if int(limit) <= 0:
            raise ConfigError(f"limit must be a positive number, got {limit}")
        p = replace(p, limit=int(limit), status="custom", source="user supplied limit")
    if unit is not None:
        if unit not in ("bytes", "chars"):
            raise ConfigError(f"unknown length unit {unit!r}; use 'bytes' or 'chars'")
        p = replace(p, unit=unit)
    return p


def title_length(
    title: str,
    platform: str | Platform = DEFAULT_PLATFORM,
    *,
    unit: Unit | None = None,
) -> int:
    """Length of ``title`` in the platform's unit.

    >>> title_length("2025新款T恤", platform="taobao")
    11
    >>> title_length("2025新款T恤", platform="amazon")
    8
    """
    check_title(title)
    return get_platform(platform, unit=unit).length(title)
