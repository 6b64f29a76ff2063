"""How the command line builds a :class:`~titleopt.optimizer.TitleOptimizer`: one way, for every command.

``analyze``, ``keywords --for``, ``rewrite`` (one title or a file, in every
worker process) and ``shorten`` all read the same inputs: a keyword table,
optionally competitor titles, and the settings a shop keeps in
``[tool.titleopt]`` (platform, limit, unit, dictionaries, additions), over
which command-line options win. Building the optimizer here, and resolving
the settings here, is what makes the commands agree: the same files and
settings give the same optimizer whichever command reads them.

The library itself never reads configuration (see :mod:`titleopt.config`):
only the command line calls :func:`resolve_settings`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .platforms import DEFAULT_PLATFORM

if TYPE_CHECKING:
    from .optimizer import TitleOptimizer


@dataclass(frozen=True)
class Settings:
    """What ``[tool.titleopt]`` and the command-line options decide for an optimizer.

    ``limit`` and ``unit`` override the platform's title limit; ``None``
    keeps the platform's own. ``dictionaries`` are extra word lists (paths),
    those of the configuration first.
    """

    platform: str = DEFAULT_PLATFORM
    limit: int | None = None
    unit: str | None = None
    dictionaries: tuple[str, ...] = ()
    additions: str = "safe"
    extra: Mapping[str, Any] = field(default_factory=dict)  # the other keys (select, ignore…), as read


def resolve_settings(
    *,
    platform: str | None = None,
    limit: int | None = None,
    unit: str | None = None,
    dictionaries: Iterable[str] = (),
    additions: str | None = None,
    config: Mapping[str, Any] | None = None,
    start_dir: str | Path | None = None,
) -> Settings:
    """Command-line values (``None``: not given) over ``[tool.titleopt]`` over the defaults.

    ``config`` is the checked table :func:`titleopt.config.load_config`
    returns; by default it is read from the nearest pyproject.toml above
    ``start_dir`` (the current folder). Dictionaries add up: the
    configuration's, then the command line's.
    """
    if config is None:
        from .config import load_config

        config = load_config(start_dir)
    known = ("platform", "limit", "unit", "dictionaries", "additions")
    return Settings(
        platform=platform or config.get("platform") or DEFAULT_PLATFORM,
        limit=limit if limit is not None else config.get("limit"),
        unit=unit or config.get("unit"),
        dictionaries=(*config.get("dictionaries", ()), *dictionaries),
        additions=additions or config.get("additions") or "safe",
        extra={k: v for k, v in config.items() if k not in known},
    )


def build_optimizer(
    keywords: str | Path | None = None,
    competitors: str | Path | None = None,
    settings: Settings | None = None,
    *,
    category: str | None = None,
    today: _dt.date | None = None,
) -> TitleOptimizer:
    """The optimizer for a keyword table file, a competitor titles file (both optional) and ``settings``.

    With a ``category``, only competitors of that category (a 类目 column)
    are compared. ``today`` fixes the clock (a batch run crossing midnight
    treats every row alike).
    """
    from .keywords import KeywordTable
    from .optimizer import TitleOptimizer

    s = settings if settings is not None else Settings()
    table = KeywordTable.from_file(keywords) if keywords else None
    comp = None
    if competitors:
        from .competitors import CompetitorSet

        comp = CompetitorSet.from_file(competitors, category=category)
    return TitleOptimizer(
        table,
        comp,
        platform=s.platform,
        limit=s.limit,
        unit=s.unit,  # type: ignore[arg-type]
        dictionaries=s.dictionaries,
        additions=s.additions,
        today=today,
    )
