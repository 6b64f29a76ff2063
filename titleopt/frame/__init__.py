"""pandas DataFrames in, the CLI's columns out: the entry point for Spark, Dask and notebooks.

``apply(df, job)`` returns ``df`` with the columns ``titleopt rewrite`` (or
``shorten``, or the analyze/lint jobs) adds, row for row, with the values the
CLI writes to a JSONL file for the same rows: text cells, before any file
encoding (a CSV/XLSX output also prefixes formula-like cells with ``'``; a
frame never does, since it is not a spreadsheet). The per-row code is the
CLI's own (:func:`titleopt.batch.process_rows`), so the two cannot drift.

    >>> import pandas as pd, titleopt.frame as tf                     # doctest: +SKIP
    >>> job = tf.rewrite_job("keywords.csv", platform="taobao")       # doctest: +SKIP
    >>> out = tf.apply(pd.read_csv("listings.csv", dtype=str), job)   # doctest: +SKIP

* A row that fails (empty title, control character, a title of 5,000+
  characters, a bad ``attributes`` cell…) gets the CLI's message in the
  ``error`` column, never an exception; only job-level problems (no title
  column, an unreadable keyword table) raise :class:`~titleopt.errors.TitleoptError`.
* Cells that are not text are read as the CLI reads a JSONL file: missing
  (None/NaN/NA) is empty, ``3.0`` is ``"3"``, lists and dicts are JSON.
* Error messages cite ``row N``: the value of ``row_column`` if given, else
  the index + ``first_row`` when the index is made of integers (a frame read
  from a file and ``dask.dataframe.from_pandas`` keep those), else the
  position + ``first_row``. ``first_row=2`` for a CSV file numbers rows as
  the CLI does (the header is line 1); the default 1 matches a JSONL file.
* One job is built per process (:mod:`titleopt.frame.job`) and reused by
  every call and partition; :mod:`titleopt.frame.spark` and
  :mod:`titleopt.frame.dask` run :func:`apply` on those engines.

pandas is imported only when a frame is processed: ``pip install
'titleopt[frame]'`` (or ``[spark]``, ``[dask]``) brings it.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..batch import added_column_names
from ..platforms import DEFAULT_PLATFORM
from .job import FileData, FrameJob, built_job, make_options

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "FileData",
    "FrameJob",
    "added_columns",
    "analyze",
    "analyze_job",
    "apply",
    "cell_text",
    "lint",
    "lint_job",
    "rewrite",
    "rewrite_job",
    "shorten",
    "shorten_job",
]

PathOrData = str | os.PathLike[str] | FileData

#: dtype of the added columns: pandas' string dtype, so that Dask's meta, Arrow (Spark, Parquet) and
#: pandas agree that they hold text (an ``object`` column of str would be typed by guessing).
TEXT_DTYPE = "string"


# ================================================================ job makers
def rewrite_job(
    keywords: PathOrData,
    competitors: PathOrData | None = None,
    *,
    platform: str = DEFAULT_PLATFORM,
    limit: int | None = None,
    unit: str | None = None,
    candidates: int = 1,
    solver: str = "fast",
    title_column: str | None = None,
    today: _dt.date | None = None,
) -> FrameJob:
    """``titleopt rewrite INPUT -k KEYWORDS [-c COMPETITORS] …`` as a job (files read into memory now).

    ``today`` (default: today) is fixed here, as the CLI fixes it at the start
    of a run, so every partition of a long job treats dates alike.
    """
    files = [("keywords", FileData.read(keywords))]
    if competitors is not None:
        files.append(("competitors", FileData.read(competitors)))
    opts = make_options(platform=platform, limit=limit, unit=unit, candidates=candidates, solver=solver,
                        title_column=title_column, today=today or _dt.date.today())
    return FrameJob("rewrite", tuple(files), opts)


def shorten_job(
    keywords: PathOrData | None = None,
    *,
    limit: int = 12,
    unit: str = "chars",
    keep_brand: bool = False,
    title_column: str | None = None,
) -> FrameJob:
    """``titleopt shorten INPUT [-k KEYWORDS] --limit N --unit U [--keep-brand]`` as a job."""
    files = (("keywords", FileData.read(keywords)),) if keywords is not None else ()
    opts = make_options(limit=limit, unit=unit, keep_brand=keep_brand, title_column=title_column)
    return FrameJob("shorten", files, opts)


def analyze_job(
    keywords: PathOrData,
    competitors: PathOrData | None = None,
    *,
    platform: str = DEFAULT_PLATFORM,
    limit: int | None = None,
    unit: str | None = None,
    title_column: str | None = None,
) -> FrameJob:
    """``titleopt analyze TITLE -k KEYWORDS [-c COMPETITORS] --brand B --category C`` for every row.

    Brand and category come from the row's brand/品牌 and category/类目 columns.
    """
    files = [("keywords", FileData.read(keywords))]
    if competitors is not None:
        files.append(("competitors", FileData.read(competitors)))
    opts = make_options(platform=platform, limit=limit, unit=unit, title_column=title_column)
    return FrameJob("analyze", tuple(files), opts)


def lint_job(
    *,
    platform: str = DEFAULT_PLATFORM,
    select: str | None = None,
    ignore: str | None = None,
    fix: bool = False,
    unsafe: bool = False,
    dictionaries: Iterable[PathOrData] = (),
    competitor_brands: Iterable[str] = (),
    title_column: str | None = None,
    today: _dt.date | None = None,
) -> FrameJob:
    """``titleopt lint TITLE [--fix [--unsafe-fixes]] --select … --dictionary …`` for every row.

    Unlike the CLI, ``[tool.titleopt]`` in a pyproject.toml is not read
    (executors have no project folder): pass select/ignore/dictionaries here.
    """
    files = tuple(("dictionary", FileData.read(d)) for d in dictionaries)
    opts = make_options(platform=platform, select=select, ignore=ignore, fix=fix, unsafe=unsafe,
                        competitor_brands=tuple(competitor_brands), title_column=title_column,
                        today=today or _dt.date.today())
    return FrameJob("lint", files, opts)


# ==================================================================== cells
def cell_text(value: Any) -> str:
    """A cell as the text the CLI would read for it from a JSONL file.

    None, NaN and pandas' NA are empty; a whole float is written without
    ``.0``; lists and dicts (and arrays, which Spark gives for array columns)
    are JSON; anything else is ``str(value)``.
    """
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):  # numpy.float64 is a float too
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if hasattr(value, "tolist") and not isinstance(value, (int, bool)):
        value = value.tolist()  # numpy scalars and arrays
        if isinstance(value, (str, float)):
            return cell_text(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def added_columns(columns: Sequence[Any], job: FrameJob) -> list[str]:
    """Names of the columns :func:`apply` adds to a frame with ``columns`` (the CLI's names)."""
    names = [str(c) for c in columns]
    return added_column_names(names, built_job(job, names).job)


# ==================================================================== apply
def apply(df: pd.DataFrame, job: FrameJob, *, row_column: str | None = None, first_row: int = 1) -> pd.DataFrame:
    """``df`` with ``job``'s columns added after its own, one output row per input row, in order.

    ``row_column`` names a column of row numbers for error messages; without
    it a row's number is its integer index + ``first_row`` (1: the line of a
    JSONL file; 2 for a CSV file with a header line, as the CLI counts), or
    its position when the index is not made of integers.

    The input frame is not modified. The added columns hold text (pandas'
    ``string`` dtype, never missing), exactly the CLI's cells; cast
    ``score_after`` & co. if you need numbers. Per-row problems go to the
    ``error`` column; a frame with two columns of one name raises InputError.
    """
    import pandas as pd

    columns = [str(c) for c in df.columns]
    if len(set(columns)) < len(columns):
        from ..errors import InputError

        twice = sorted({c for c in columns if columns.count(c) > 1})
        raise InputError(f"the frame has more than one column named {', '.join(map(repr, twice))}")
    shared = built_job(job, columns)
    built = shared.job
    names = added_column_names(columns, built)
    out = df.copy(deep=False)
    out.columns = columns
    n = len(df)
    if n == 0:
        for name in names:
            out[name] = pd.Series([], dtype=TEXT_DTYPE, index=df.index)
        return out
    needed = sorted(set(built.columns.values()))  # type: ignore[attr-defined]
    values = {c: [cell_text(v) for v in out[c].tolist()] for c in needed}
    numbers = _row_numbers(out, row_column, first_row)
    items = [(numbers[i], built.extract(numbers[i], {c: values[c][i] for c in needed})) for i in range(n)]
    outcomes = shared.process(items)
    cols = list(zip(*(o.cells for o in outcomes), strict=True))
    for name, cells in zip(names, cols, strict=True):
        out[name] = pd.Series(list(cells), dtype=TEXT_DTYPE, index=out.index)
    return out


def _row_numbers(df: pd.DataFrame, row_column: str | None, first_row: int) -> list[int]:
    n = len(df)
    if row_column is not None:
        if row_column not in df.columns:
            from ..errors import InputError

            raise InputError(f"no column {row_column!r} (row_column); columns: {', '.join(map(str, df.columns))}")
        out = []
        for i, v in enumerate(df[row_column].tolist()):
            try:
                out.append(int(v))
            except (TypeError, ValueError):
                out.append(i + 1)
        return out
    index = df.index
    if index.dtype.kind in "iu":
        return [int(v) + first_row for v in index.tolist()]
    return list(range(first_row, n + first_row))


# ============================================================ one-call forms
def rewrite(df: pd.DataFrame, keywords: PathOrData, competitors: PathOrData | None = None, *,
            row_column: str | None = None, first_row: int = 1, **options: Any) -> pd.DataFrame:
    """``apply(df, rewrite_job(keywords, competitors, **options))``."""
    return apply(df, rewrite_job(keywords, competitors, **options), row_column=row_column, first_row=first_row)


def shorten(df: pd.DataFrame, keywords: PathOrData | None = None, *, row_column: str | None = None,
            first_row: int = 1, **options: Any) -> pd.DataFrame:
    """``apply(df, shorten_job(keywords, **options))``."""
    return apply(df, shorten_job(keywords, **options), row_column=row_column, first_row=first_row)


def analyze(df: pd.DataFrame, keywords: PathOrData, competitors: PathOrData | None = None, *,
            row_column: str | None = None, first_row: int = 1, **options: Any) -> pd.DataFrame:
    """``apply(df, analyze_job(keywords, competitors, **options))``."""
    return apply(df, analyze_job(keywords, competitors, **options), row_column=row_column, first_row=first_row)


def lint(df: pd.DataFrame, *, row_column: str | None = None, first_row: int = 1, **options: Any) -> pd.DataFrame:
    """``apply(df, lint_job(**options))``."""
    return apply(df, lint_job(**options), row_column=row_column, first_row=first_row)
