"""The one exception hierarchy titleopt raises.

Integrators catch :class:`TitleoptError` and nothing else; everything titleopt
raises on purpose derives from it, so a bug (a plain ``TypeError`` from inside
the library) is never confused with bad input.
"""

from __future__ import annotations


class TitleoptError(Exception):
    """Base class of every error titleopt raises on purpose."""


class InputError(TitleoptError, ValueError):
    """Bad input: a title, a file, a row or a cell that titleopt cannot use.

    ``file``, ``row`` (1-based, counting the header as row 1 for tabular files)
    and ``column`` say where, when known, so a seller can find the cell in Excel.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class ConfigError(TitleoptError, ValueError):
    """Bad configuration: unknown platform, rule code, solver or option value."""


class NotFittedError(TitleoptError, RuntimeError):
    """An estimator-style object (e.g. ``CompetitorSet``) was used before ``fit``."""


class TitleoptWarning(UserWarning):
    """Something titleopt did differently from what was asked, and why (``shorten(keep_brand=True)``
    when the brand does not fit beside the product word). Raised through :mod:`warnings`, never printed."""
