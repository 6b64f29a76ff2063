"""``analyze`` and ``lint`` as batch jobs: one row in, a few text cells out.

The CLI's ``analyze`` and ``lint`` take titles on the command line and print
a report or JSON; a table of listings needs the same results as columns.
These jobs compute them with the calls the CLI makes (``TitleOptimizer.analyze``
with the row's brand and category, competitors of that category; ``lint`` /
``fix`` with the same options) and format them the way ``rewrite`` formats
its cells (``CODE:message`` findings joined with `` | ``, terms with ``; ``),
so that a column means the same thing whichever command filled it. They are
ordinary :class:`~titleopt.batch.BatchJob` subclasses: ``run_batch`` could
drive them from a file as it drives ``rewrite``.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..batch import (
    CHANGED,
    LISTING_ALIASES,
    TERM_SEPARATOR,
    UNCHANGED,
    BatchJob,
    RowOutcome,
    resolve_title_column,
)
from ..errors import ConfigError, InputError
from ..io import Table, column_key, resolve_columns
from ..platforms import DEFAULT_PLATFORM
from ..report import findings_cell

#: Columns the analyze job adds (numbers as the text the CLI's JSON holds, rounded like ``rewrite``'s scores).
ANALYZE_COLUMNS: tuple[str, ...] = (
    "score",
    "coverage",
    "length",
    "limit",
    "product_word",
    "covered",
    "missing",
    "max_cosine",
    "near_copies",
    "findings",
    "error",
)

#: Columns the lint job adds; ``fixed_title`` only with ``fix=True``.
LINT_COLUMNS: tuple[str, ...] = ("findings", "severity", "error")
LINT_FIX_COLUMNS: tuple[str, ...] = ("fixed_title", "findings", "severity", "error")

_SEVERITY_ORDER = ("error", "warning", "info")

#: Optimizers kept per process in an analyze job, one per category met (competitors are compared within one).
MAX_CATEGORIES = 32


def _listing_columns(table: Table, title_column: str | None, wanted: tuple[str, ...]) -> dict[str, str]:
    cols = {"title": resolve_title_column(table, title_column)}
    taken = {column_key(cols["title"])}
    aliases = {k: LISTING_ALIASES[k] for k in wanted}
    for name, col in resolve_columns(table.columns, aliases).items():
        if column_key(col) not in taken:
            cols[name] = col
    return cols


@dataclass
class AnalyzeJob(BatchJob):
    """``titleopt analyze`` per row: score, coverage, covered and missing keywords, findings.

    Like the CLI's ``analyze --category C``, a row with a category is compared
    with the competitors of that category only, so each process keeps one
    optimizer per category it meets (at most :data:`MAX_CATEGORIES`), all
    sharing one keyword table.
    """

    keywords: str
    competitors: str | None = None
    platform: str = DEFAULT_PLATFORM
    limit: int | None = None
    unit: str | None = None
    title_column: str | None = None
    columns: dict[str, str] = field(default_factory=dict)

    output_columns = ANALYZE_COLUMNS
    changed_label = "with findings"
    metric_names = ("score",)

    def __post_init__(self) -> None:
        self._keywords: Any = None
        self._competitors: Any = None  # category -> CompetitorSet, from the file read at start
        self._optimizers: OrderedDict[str, Any] = OrderedDict()

    def prepare(self, table: Table) -> None:
        from ..platforms import get_platform

        get_platform(self.platform, limit=self.limit, unit=self.unit)  # type: ignore[arg-type]
        for path in (self.keywords, self.competitors):
            if path is not None and not os.path.isfile(path):
                raise InputError("file not found", file=path)
        self.columns = _listing_columns(table, self.title_column, ("brand", "category"))

    def extract(self, row_number: int, row: Mapping[str, str]) -> tuple[str, str, str]:
        c = self.columns
        title, brand, category = (row.get(c[k], "") if k in c else "" for k in ("title", "brand", "category"))
        return title, brand, category

    def start(self) -> None:
        """Read the keyword table and the competitors, and build the optimizer comparing with all of them.

        Every file is read here, none later: a category's competitors come from
        the rows read now, so the files may be gone once the job has started
        (:mod:`titleopt.frame` removes them then).
        """
        from ..competitors import CompetitorSet
        from ..keywords import KeywordTable

        self._keywords = KeywordTable.from_file(self.keywords)
        self._competitors = CompetitorSet.per_category(self.competitors) if self.competitors else None
        self._optimizers = OrderedDict()  # (set here too: a job unpickled in a worker has no private state)
        self._optimizer_for("")

    def _optimizer_for(self, category: str) -> Any:
        """The optimizer comparing with ``category``'s competitors (all of them for ``""``).

        A category without competitors raises the CLI's InputError, remembered
        like an optimizer so that its other rows do not look for them again.
        """
        key = category if self.competitors else ""
        opt = self._optimizers.get(key)
        if opt is None:
            opt = self._build(key)
            self._optimizers[key] = opt
            while len(self._optimizers) > MAX_CATEGORIES:
                self._optimizers.popitem(last=False)
        else:
            self._optimizers.move_to_end(key)
        if isinstance(opt, InputError):
            raise opt
        return opt

    def _build(self, category: str) -> Any:
        from ..optimizer import TitleOptimizer

        comp = None
        if self._competitors is not None:
            try:
                comp = self._competitors(category or None)
            except InputError as exc:
                return exc
        return TitleOptimizer(self._keywords, comp, platform=self.platform, limit=self.limit, unit=self.unit)  # type: ignore[arg-type]

    def process(self, row_number: int, payload: tuple[str, str, str]) -> RowOutcome:
        title, brand, category = payload
        column = self.columns["title"]
        brand_s, category_s = brand.strip(), category.strip()
        try:
            opt = self._optimizer_for(category_s)
        except InputError as exc:  # no competitors of this category
            blame = self.columns.get("category", column)
            return self.error_outcome(str(InputError(exc.reason, row=row_number, column=blame)))
        try:
            rep = opt.analyze(title, brand=brand_s or None, category=category_s or None)
        except InputError as exc:
            return self.error_outcome(str(InputError(exc.reason, row=row_number, column=column)))
        comp = rep.competitors
        cells = (
            f"{rep.score:.2f}",
            f"{rep.coverage:.4f}",
            str(rep.length),
            str(rep.limit),
            rep.product_word or "",
            TERM_SEPARATOR.join(m.keyword for m in rep.matches),
            TERM_SEPARATOR.join(m.keyword for m in rep.missing),
            f"{comp.max_cosine:.4f}" if comp is not None else "",
            str(len(comp.near_copies)) if comp is not None else "",
            findings_cell(rep.findings),
            "",
        )
        return RowOutcome(cells, CHANGED if rep.findings else UNCHANGED, (float(rep.score),))


@dataclass
class LintJob(BatchJob):
    """``titleopt lint`` per row (``--fix`` with ``fix=True``): findings, worst severity, fixed title.

    The CLI also reads ``[tool.titleopt]`` from the nearest pyproject.toml; a
    worker on a cluster has no such project, so every setting here is explicit.
    """

    platform: str = DEFAULT_PLATFORM
    select: str | None = None
    ignore: str | None = None
    fix: bool = False
    unsafe: bool = False
    dictionaries: tuple[str, ...] = ()
    competitor_brands: tuple[str, ...] = ()
    today: _dt.date | None = None
    title_column: str | None = None
    columns: dict[str, str] = field(default_factory=dict)

    changed_label = "with findings"

    def __post_init__(self) -> None:
        if self.unsafe and not self.fix:
            raise ConfigError("unsafe fixes need fix=True")
        self.output_columns = LINT_FIX_COLUMNS if self.fix else LINT_COLUMNS
        self._lexicon: Any = None

    def prepare(self, table: Table) -> None:
        from ..platforms import get_platform

        get_platform(self.platform)
        self.columns = _listing_columns(table, self.title_column, ("brand", "category"))

    def extract(self, row_number: int, row: Mapping[str, str]) -> tuple[str, str, str]:
        c = self.columns
        title, brand, category = (row.get(c[k], "") if k in c else "" for k in ("title", "brand", "category"))
        return title, brand, category

    def start(self) -> None:
        from ..lexicon import load_lexicon

        self._lexicon = load_lexicon(list(self.dictionaries))

    def process(self, row_number: int, payload: tuple[str, str, str]) -> RowOutcome:
        from ..rules import fix, lint

        title, brand, category = payload
        kwargs: dict[str, Any] = dict(
            select=self.select, ignore=self.ignore, lexicon=self._lexicon, today=self.today,
            brand=brand.strip() or None, category=category.strip() or None,
            competitor_brands=self.competitor_brands,
        )
        try:
            if self.fix:
                fixed, findings = fix(title, self.platform, unsafe=self.unsafe, **kwargs)
            else:
                fixed, findings = None, lint(title, self.platform, **kwargs)
        except InputError as exc:
            return self.error_outcome(str(InputError(exc.reason, row=row_number, column=self.columns["title"])))
        worst = next((s for s in _SEVERITY_ORDER if any(f.severity == s for f in findings)), "")
        cells: tuple[str, ...] = (findings_cell(findings), worst, "")
        if self.fix:
            cells = (fixed or "", *cells)
        return RowOutcome(cells, CHANGED if findings else UNCHANGED)
