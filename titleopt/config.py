"""``[tool.titleopt]`` settings from the nearest ``pyproject.toml``.

The CLI reads them (as ruff reads ``[tool.ruff]``) so a shop can keep its
platform, rule selection and dictionaries in its repository; command-line
options win over them. Every command that builds an optimizer reads them
through :func:`titleopt.build.resolve_settings`, ``lint`` through its own
options. The library never reads configuration on its own: ``lint`` and
friends depend only on their arguments.

Keys this module knows and checks: ``select`` and ``ignore`` (a list of rule
codes, prefixes or names, or one comma-separated string), ``platform`` (a
name), ``limit`` (a positive whole number: the title limit, overriding the
platform's), ``unit`` (``chars`` or ``bytes``), ``additions`` (``safe`` or
``open``: what a rewrite may add), ``dictionaries`` (a list of paths,
relative to the pyproject.toml). Other keys are passed through untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def find_config_file(start_dir: str | Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.titleopt]`` table, from ``start_dir`` upward."""
    here = Path(start_dir or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "titleopt" in _read(candidate).get("tool", {}):
            return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _str_list(value: Any, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"{path}: [tool.titleopt] {key} must be a list of strings")


def load_config(start_dir: str | Path | None = None) -> dict[str, Any]:
    """The ``[tool.titleopt]`` table of the nearest pyproject.toml, checked; ``{}`` when there is none.

    ``dictionaries`` come back as absolute paths (resolved against the
    pyproject.toml's folder), ``select``/``ignore`` as lists.
    """
    path = find_config_file(start_dir)
    if path is None:
        return {}
    table = _read(path)["tool"]["titleopt"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.titleopt] must be a table")
    out: dict[str, Any] = dict(table)
    for key in ("select", "ignore"):
        if key in out:
            out[key] = _str_list(out[key], key, path)
    if "platform" in out and not isinstance(out["platform"], str):
        raise ConfigError(f"{path}: [tool.titleopt] platform must be a string")
    if "limit" in out and (isinstance(out["limit"], bool) or not isinstance(out["limit"], int) or out["limit"] < 1):
        raise ConfigError(f"{path}: [tool.titleopt] limit must be a positive whole number")
    for key, allowed in (("unit", ("chars", "bytes")), ("additions", ("safe", "open"))):
        if key in out and out[key] not in allowed:
            raise ConfigError(f"{path}: [tool.titleopt] {key} must be one of {', '.join(map(repr, allowed))}")
    if "dictionaries" in out:
        out["dictionaries"] = [
            str((path.parent / p).resolve()) for p in _str_list(out["dictionaries"], "dictionaries", path)
        ]
    return out
