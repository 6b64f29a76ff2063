"""Batch processing of whole catalogues: stream a table in, add columns, stream it out.

Sellers and agencies rewrite thousands to millions of titles at once from a
spreadsheet their shop back-end exported. This module is the runner behind
``titleopt rewrite INPUT`` (and, later, ``titleopt shorten INPUT``). It is
generic: a :class:`BatchJob` says which columns it adds and how to compute
them for one row; :func:`run_batch` does everything else, identically for
every job:

* **Nothing lost.** Every input row and column is written, in input order.
  A row that fails keeps its data and gets an ``error`` cell naming the row
  and column; the run goes on. File-level problems (missing file, bad
  encoding, no title column, an output path equal to the input) raise
  :class:`~titleopt.errors.InputError` before anything is written.
* **Atomic output.** :class:`~titleopt.io.TableWriter` writes to a temporary
  file renamed into place only on success, so a crash or Ctrl-C never leaves
  half a file; the input is only ever opened for reading.
* **Streaming.** Rows are read, processed and written in chunks; at most
  ``4 × jobs`` chunks are in flight, so memory does not grow with the file.
  (``Pool.imap`` would not do: its feeder thread reads the whole input ahead.)
* **Parallel and deterministic.** With ``jobs > 1`` each worker process
  builds its own job state once, in the pool initializer, from the job's
  small picklable configuration (file paths, platform, a fixed ``today``);
  only rows travel between processes. Results are written in submission
  order, and a row's result depends only on the row, so the output is
  byte-identical for any number of jobs.

Library code here never prints: the progress bar (tqdm, on stderr) appears
only when the caller asks for it, and the summary is returned, not printed.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .build import Settings, build_optimizer
from .errors import ConfigError, InputError, TitleoptError
from .fields import control_character_reason, parse_attributes, split_terms
from .io import (
    Table,
    TableWriter,
    check_not_input,
    check_output_path,
    column_key,
    missing_column_error,
    read_table,
    resolve_columns,
)
from .platforms import DEFAULT_PLATFORM
from .report import findings_cell

log = logging.getLogger(__name__)

#: Row status values a job reports; the summary counts each.
CHANGED = "changed"
UNCHANGED = "unchanged"
ERROR = "error"

#: Rows per task sent to a worker: a rewrite costs milliseconds, so 64 rows
#: make pickling and queueing overhead negligible while small files still
#: spread over all workers and the progress bar moves smoothly.
DEFAULT_CHUNK_SIZE = 64

#: Accepted names of the title column, matched after normalization
#: (case, width, Traditional/Simplified, spaces, ``_`` and ``-`` ignored).
TITLE_ALIASES: tuple[str, ...] = ("title", "标题", "宝贝标题", "商品标题", "Product Title", "商品名称", "宝贝名称")

#: Optional per-listing columns of ``rewrite``.
LISTING_ALIASES: dict[str, tuple[str, ...]] = {
    "brand": ("brand", "品牌", "品牌名称"),
    "category": ("category", "类目"),
    "attributes": ("attributes", "属性"),
    "must_keep": ("must_keep", "必留词"),
    "forbid": ("forbid", "禁用词"),
}

#: Columns ``rewrite`` adds, in this order, after the input's own columns.
REWRITE_COLUMNS: tuple[str, ...] = (
    "new_title",
    "score_before",
    "score_after",
    "length_before",
    "length_after",
    "added",
    "removed",
    "findings",
    "error",
)

#: Separator between terms in the ``added``/``removed`` cells (also accepted by
#: the ``must_keep``/``forbid`` input columns); findings are separated by FINDING_SEPARATOR.
TERM_SEPARATOR = "; "


# ====================================================================== cells
def resolve_title_column(table: Table, title_column: str | None = None) -> str:
    """The title column of ``table``: ``title_column`` if given, else the first accepted alias.

    Raises :class:`InputError` naming the file, the columns found and the
    names accepted, so the seller can rename a header or pass ``--title-column``.
    """
    if title_column:
        if title_column in table.columns:
            return title_column
        found = resolve_columns(table.columns, {"title": (title_column,)})
        if "title" in found:
            return found["title"]
        raise InputError(
            f"no column {title_column!r} (from --title-column); columns found: "
            f"{', '.join(map(repr, table.columns)) or 'none'}",
            file=table.file,
        )
    found = resolve_columns(table.columns, {"title": TITLE_ALIASES})
    if "title" not in found:
        raise missing_column_error(table.file, "title", table.columns, [*TITLE_ALIASES, "(or --title-column)"])
    names = {column_key(a) for a in TITLE_ALIASES}
    also = [c for c in table.columns if column_key(c) in names and c != found["title"]]
    if also:
        table.notes.append(
            f"columns {found['title']!r} and {', '.join(map(repr, also))} all name a title; "
            f"rewrote {found['title']!r} (choose another with --title-column)"
        )
    return found["title"]


# ================================================================ job protocol
class RowOutcome(NamedTuple):
    """What a job computed for one row: cells for its added columns, a status, metrics.

    ``cells`` are strings in the order of :attr:`BatchJob.output_columns`;
    ``status`` is :data:`CHANGED`, :data:`UNCHANGED` or :data:`ERROR`;
    ``metrics`` (e.g. score before and after) are averaged in the summary
    over rows that did not fail.
    """

    cells: tuple[str, ...]
    status: str
    metrics: tuple[float, ...] = ()
    record: Any = None  # what an HTML report shows of the row (jobs with report=True; see report_html)
    note: str = ""  # a warning that is no error (shorten --keep-brand: the brand did not fit); the summary names rows


class BatchJob:
    """One kind of batch work (rewrite, shorten, …); subclass and pass to :func:`run_batch`.

    Lifecycle, which is what makes parallel runs cheap and deterministic:

    1. :meth:`prepare` runs once in the parent with the opened table: resolve
       columns, validate options, raise :class:`InputError` for file-level
       problems before any output exists.
    2. The job object is pickled once per worker process (so keep it small:
       paths and options, never a built optimizer) and :meth:`start` builds
       the heavy per-process state there.
    3. :meth:`extract` runs in the parent per row and returns the small
       picklable payload the worker needs (not the whole row);
       :meth:`process` runs in a worker and returns a :class:`RowOutcome`.

    ``process`` must depend only on its payload, never on the order rows
    arrive in or on which process runs it.
    """

    #: Columns added after the input's own columns.
    output_columns: tuple[str, ...] = ()
    #: Name of the column that receives row errors (must be in ``output_columns``).
    error_column: str = "error"
    #: What the summary calls rows with status CHANGED.
    changed_label: str = "changed"
    #: Names of the metrics in :attr:`RowOutcome.metrics` (for the summary).
    metric_names: tuple[str, ...] = ()

    def input_files(self) -> list[str]:
        """Files besides INPUT that the job reads (keyword table…): the output may never be one of them."""
        return []

    def header_names(self) -> Sequence[str]:
        """Column names to expect in INPUT's header (finds the header below metadata lines)."""
        return TITLE_ALIASES

    def prepare(self, table: Table) -> None:
        """Resolve columns and validate options against the opened input (parent process)."""

    def notes(self) -> list[str]:
        """What the run should say about the job's own files (parent process, after the rows)."""
        return []

    def start(self) -> None:
        """Build per-process state (called once per process before any :meth:`process`)."""

    def extract(self, row_number: int, row: Mapping[str, str]) -> Any:
        """The picklable payload for one row (parent process; keep it cheap)."""
        return dict(row)

    def process(self, row_number: int, payload: Any) -> RowOutcome:
        """Compute the added cells for one row (worker process)."""
        raise NotImplementedError

    def summary_text(self, summary: BatchSummary) -> str:
        """One line for people; subclasses may name their metrics better."""
        return summary.default_text(self.changed_label)

    # -------------------------------------------------------------- helpers
    def error_outcome(self, message: str) -> RowOutcome:
        """An outcome with only the error cell filled."""
        cells = tuple(message if c == self.error_column else "" for c in self.output_columns)
        return RowOutcome(cells, ERROR)

    def __getstate__(self) -> dict[str, Any]:
        # Per-process state (names starting with "_") never travels to workers.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


#: Rows a note names (``rows 2, 4, …: the brand does not fit…``); the rest are counted in the ellipsis.
MAX_NOTED_ROWS = 10


def _rows_note(note: str, rows: Sequence[int], count: int) -> str:
    """``rows 2, 4…: note``: a row's note with the first ``rows`` of the ``count`` that have it."""
    more = "…" if count > len(rows) else ""
    what = "row" if len(rows) == 1 and not more else "rows"
    return f"{what} {', '.join(map(str, rows))}{more}: {note}"


@dataclass
class BatchSummary:
    """Counts and means of one batch run (returned by :func:`run_batch`)."""

    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0
    metric_names: tuple[str, ...] = ()
    metric_sums: list[float] = field(default_factory=list)
    seconds: float = 0.0
    input: str = ""
    output: str = ""
    error_rows: list[int] = field(default_factory=list)  # first few, for the message
    notes: list[str] = field(default_factory=list)  # what was read differently from the obvious (say so)
    row_notes: dict[str, list[int]] = field(default_factory=dict)  # a row's note -> its rows (the first few)
    row_note_counts: dict[str, int] = field(default_factory=dict)

    def add(self, row_number: int, outcome: RowOutcome) -> None:
        self.rows += 1
        if outcome.note:
            rows = self.row_notes.setdefault(outcome.note, [])
            self.row_note_counts[outcome.note] = self.row_note_counts.get(outcome.note, 0) + 1
            if len(rows) < MAX_NOTED_ROWS:
                rows.append(row_number)
        if outcome.status == ERROR:
            self.errors += 1
            if len(self.error_rows) < 10:
                self.error_rows.append(row_number)
            return
        if outcome.status == CHANGED:
            self.changed += 1
        else:
            self.unchanged += 1
        if outcome.metrics:
            if not self.metric_sums:
                self.metric_sums = [0.0] * len(outcome.metrics)
            for i, m in enumerate(outcome.metrics):
                self.metric_sums[i] += m

    def note_rows(self) -> None:
        """Add one note per distinct row note to :attr:`notes`, naming its rows (called at the end of a run)."""
        for note, rows in self.row_notes.items():
            self.notes.append(_rows_note(note, rows, self.row_note_counts[note]))

    def mean(self, i: int) -> float | None:
        """Mean of metric ``i`` over rows that did not fail (None when there are none)."""
        ok = self.changed + self.unchanged
        if not ok or i >= len(self.metric_sums):
            return None
        return self.metric_sums[i] / ok

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def counts_text(self, changed_label: str = "changed") -> str:
        """``N rows, N changed, N unchanged, N errors (rows …)``."""
        text = (
            f"{self.rows:,} rows, {self.changed:,} {changed_label}, {self.unchanged:,} unchanged, "
            f"{self.errors:,} errors"
        )
        if self.errors:
            more = "…" if self.errors > len(self.error_rows) else ""
            text += f" (rows {', '.join(map(str, self.error_rows))}{more}: see the error column)"
        return text

    def timing_text(self) -> str:
        return f"{self.seconds:.1f} s, {self.rate:,.0f} rows/s"

    def default_text(self, changed_label: str = "changed") -> str:
        """Counts, the mean of each metric, and timing, on one line."""
        text = self.counts_text(changed_label)
        means = [(n, self.mean(i)) for i, n in enumerate(self.metric_names)]
        if means and all(m is not None for _, m in means):
            text += "; mean " + ", ".join(f"{n} {m:.1f}" for n, m in means)
        return f"{text}; {self.timing_text()}"


# ==================================================================== runner
# A worker process's own job, set once by the pool initializer (each process has its own copy).
_WORKER_JOB: BatchJob | None = None
_WORKER_INIT_ERROR: BaseException | None = None


def _init_worker(job: BatchJob, freeze_gc: bool, parent: int | None = None) -> None:
    """Pool initializer: build the job's state once per process.

    An exception here would make the pool respawn workers forever, so it is
    kept and re-raised by the first task instead (the parent then stops).
    Signals: the parent alone decides to stop (Ctrl-C reaches the whole
    process group, so workers ignore SIGINT), SIGTERM ends a worker quietly,
    and a worker never outlives its parent (see :func:`_die_with_parent`).
    """
    global _WORKER_JOB, _WORKER_INIT_ERROR
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for sig in _STOP_SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
    if parent is not None:
        _die_with_parent(parent)
    try:
        _ensure_started(job)  # a no-op in forked workers: they inherited the parent's built state
    except BaseException as exc:  # re-raised in _work, in the parent's view
        _WORKER_INIT_ERROR = exc
        return
    _WORKER_JOB = job
    if freeze_gc:
        # The dictionary, keyword index and lexicon live as long as the
        # process: move them out of the collector's sight so full collections
        # (triggered by the many short-lived per-row objects) stay cheap.
        gc.freeze()


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies, however it dies (Linux).

    A forked worker inherits the parent's end of the task queue, so it never
    sees the queue close: without this, a parent killed with SIGKILL (or
    before it could stop its pool) leaves its workers blocked forever.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _ensure_started(job: BatchJob) -> None:
    """Call ``job.start()`` once per process (the flag is private, so it never travels in a pickle)."""
    if not job.__dict__.get("_batch_started", False):
        job.start()
        job._batch_started = True  # type: ignore[attr-defined]


def _ping() -> None:
    """A no-op task: submitting one per worker makes the executor start them all at once."""
    if _WORKER_INIT_ERROR is not None:
        raise _WORKER_INIT_ERROR


def _work(items: list[tuple[int, Any]]) -> list[RowOutcome]:
    """Process one chunk in a worker process."""
    if _WORKER_INIT_ERROR is not None:
        raise _WORKER_INIT_ERROR
    assert _WORKER_JOB is not None
    return _process_chunk(_WORKER_JOB, items)


def _process_chunk(job: BatchJob, items: list[tuple[int, Any]]) -> list[RowOutcome]:
    out = []
    for row_number, payload in items:
        try:
            out.append(job.process(row_number, payload))
        except TitleoptError as exc:
            located = getattr(exc, "row", None) is not None
            out.append(job.error_outcome(str(exc) if located else f"row {row_number}: {exc}"))
        except Exception as exc:  # a bug must not cost the other million rows
            log.error("row %d: internal error\n%s", row_number, traceback.format_exc())
            out.append(
                job.error_outcome(f"row {row_number}: internal error, please report: {type(exc).__name__}: {exc}")
            )
    return out


def process_rows(job: BatchJob, items: Sequence[tuple[int, Any]]) -> list[RowOutcome]:
    """Process ``(row_number, payload)`` items in this process exactly as :func:`run_batch` does.

    For callers that bring their own rows (``titleopt.frame`` on pandas, Spark
    and Dask): the job is started once per process if it was not, and a row
    that fails becomes an error outcome (same text as in the CLI's ``error``
    column), never an exception, so one bad row cannot fail a whole partition.
    A row's note (``keep_brand``: the brand did not fit) becomes one
    :class:`~titleopt.errors.TitleoptWarning` per distinct note and call,
    naming its first rows as the CLI's note does — not one warning per row,
    which on a million-row frame would print a million lines.
    """
    _ensure_started(job)
    out = _process_chunk(job, list(items))
    noted: dict[str, list[int]] = {}
    for (row_number, _), outcome in zip(items, out, strict=True):
        if outcome.note:
            noted.setdefault(outcome.note, []).append(row_number)
    if noted:
        import warnings

        from .errors import TitleoptWarning

        for note, rows in noted.items():
            warnings.warn(_rows_note(note, rows[:MAX_NOTED_ROWS], len(rows)), TitleoptWarning, stacklevel=2)
    return out


def added_column_names(input_columns: Sequence[str], job: BatchJob) -> list[str]:
    """Names the CLI gives ``job``'s added columns after ``input_columns`` (``new_title.1`` on a re-run)."""
    return _output_columns(input_columns, job.output_columns)[1]


_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived during :func:`run_batch` (a scheduler, ``timeout``, a closed terminal).

    A :class:`KeyboardInterrupt` (not an ``Exception``), so no row handler
    swallows it and code that cleans up after Ctrl-C cleans up after it too:
    the temporary output file is removed and the worker processes stopped.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into :class:`Terminated` while the run lasts (main thread, default handlers only).

    Their default action kills the process on the spot: no ``finally`` runs,
    the temporary output stays and forked workers are orphaned. A handler
    the host program installed itself is left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def stop(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    for sig in _STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(sig) is signal.SIG_DFL:
                previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (the run failed or was interrupted): cancel queued chunks, end the processes.

    Then wait for the executor's manager thread to end: it closes the pool's
    wake-up pipe as it goes, and the interpreter's exit hook for process pools
    (``concurrent.futures.process._python_exit``) writes to that pipe. On Python
    3.11 the two race, and a run stopped by SIGTERM printed a traceback (``OSError:
    Bad file descriptor``) after its own message, about 1 run in 40 under load
    (session 19, ``test_sigterm_removes_temp_file_and_stops_workers``); once the
    thread has ended, the pipe is marked closed and the hook writes nothing.
    """
    manager = getattr(pool, "_executor_manager_thread", None)  # no public handle; shutdown() drops it
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        with contextlib.suppress(Exception):
            terminate()
    else:
        procs = list((getattr(pool, "_processes", None) or {}).values())  # no public handle before 3.14
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            with contextlib.suppress(Exception):
                proc.terminate()
        for proc in procs:
            with contextlib.suppress(Exception):
                proc.join(5)
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.join(5)


def _output_columns(input_columns: Sequence[str], added: Sequence[str]) -> tuple[list[str], list[str]]:
    """Input columns then the added ones; an added name already in the input gets a ``.N`` suffix.

    Re-running on a previous output must not overwrite the old ``new_title``
    (that would lose data); the new values land next to it.
    """
    taken = set(input_columns)
    names = []
    for c in added:
        name, n = c, 1
        while name in taken:
            name = f"{c}.{n}"
            n += 1
        taken.add(name)
        names.append(name)
    return [*input_columns, *names], names


def estimate_rows(path: str) -> int | None:
    """A quick estimate of the number of data rows (for the progress bar's ETA), or None.

    Counts line breaks in binary (≈1 GB/s); quoted multi-line cells make it
    an over-estimate, which only makes the ETA a little pessimistic.
    """
    if path == "-" or not os.path.isfile(path):
        return None
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            try:
                n = wb.worksheets[0].max_row
            finally:
                wb.close()
            return max((n or 1) - 1, 0)
        lines = 0
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
        return lines if suffix in (".jsonl", ".ndjson", ".json") else max(lines - 1, 0)
    except Exception:  # an estimate is optional; the real read reports real problems
        return None


def _jsonl_columns(path: str, columns: list[str]) -> list[str]:
    """All keys of a JSONL file in first-seen order (io only looks at the first 200 lines).

    A key that first appears on line 10,000 must still get a column in a CSV
    output: this extra streaming pass costs seconds against minutes of work.
    """
    out = list(columns)
    seen = set(out)
    for _, row in read_table(path).rows:
        for k in row:
            if k not in seen and k not in ("__error__", "__raw__"):
                seen.add(k)
                out.append(k)
    return out


def _chunks(rows: Iterator[tuple[int, dict[str, str]]], size: int) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _terminal_size() -> tuple[int, int]:
    """(columns, lines) of the terminal on stderr; (0, 0) when unknown (some CI and container ptys)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        return size.columns, size.lines
    except (OSError, ValueError, AttributeError):
        return 0, 0


def _pool_context() -> Any:
    """fork on Linux (workers start in milliseconds), spawn elsewhere (fork is unsafe on macOS)."""
    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context("spawn")


Chunk = list[tuple[int, dict[str, str]]]


def _payloads(job: BatchJob, chunk: Chunk) -> tuple[list[tuple[int, Any]], dict[int, RowOutcome]]:
    """Worker payloads of a chunk, and ready-made outcomes for rows io could not parse."""
    items: list[tuple[int, Any]] = []
    broken: dict[int, RowOutcome] = {}
    for k, (row_number, row) in enumerate(chunk):
        if "__error__" in row:  # a JSONL line that is not a JSON object: keep it verbatim in the error
            raw = row.get("__raw__", "")
            broken[k] = job.error_outcome(f"row {row_number}: {row['__error__']}; the line was: {raw}")
        else:
            items.append((row_number, job.extract(row_number, row)))
    return items, broken


def _merge(n: int, broken: dict[int, RowOutcome], done: list[RowOutcome]) -> list[RowOutcome]:
    if not broken:
        return done
    it = iter(done)
    return [broken[k] if k in broken else next(it) for k in range(n)]


class _Sink:
    """Writes finished chunks: input cells, then the job's cells; counts them; moves the bar."""

    def __init__(
        self, writer: TableWriter, added: list[str], error_name: str, known: set[str], summary: BatchSummary, bar: Any
    ) -> None:
        self.writer, self.added, self.error_name, self.known = writer, added, error_name, known
        self.summary, self.bar = summary, bar
        self.on_row: Callable[[int, Mapping[str, str], RowOutcome], None] | None = None

    def emit(self, chunk: Chunk, outcomes: list[RowOutcome]) -> None:
        for (row_number, row), outcome in zip(chunk, outcomes, strict=True):
            out = dict(row) if "__error__" not in row else {}
            out.update(zip(self.added, outcome.cells, strict=True))
            late = [k for k in row if k not in self.known and k not in ("__error__", "__raw__")]
            if late:
                # stdin JSONL: a key first seen after the header was written; keep its data in the row.
                extra = json.dumps({k: row[k] for k in late}, ensure_ascii=False)
                msg = f"row {row_number}: fields first seen after the header was written: {extra}"
                prev = out.get(self.error_name)
                out[self.error_name] = f"{prev}; {msg}" if prev else msg
            self.writer.write(out)
            self.summary.add(row_number, outcome)
            if self.on_row is not None:
                self.on_row(row_number, row, outcome)
        if self.bar is not None:
            self.bar.update(len(chunk))


def run_batch(
    job: BatchJob,
    input_path: str,
    output_path: str,
    *,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: bool = False,
    freeze_gc: bool = False,
    on_row: Callable[[int, Mapping[str, str], RowOutcome], None] | None = None,
) -> BatchSummary:
    """Run ``job`` over every row of ``input_path`` and write ``output_path`` (``-``: stdin/stdout).

    ``jobs`` is the number of processes (1: in this process). ``progress``
    shows a tqdm bar on stderr. ``freeze_gc`` calls :func:`gc.freeze` after
    the job's state is built (in this process only when asked, since it
    affects the caller's whole program; always in spawned workers). On Linux
    the state is built once here and inherited by forked workers; elsewhere
    each worker builds it from the job's pickled configuration.
    Raises :class:`InputError` for file-level problems; row problems go to
    the rows' error cells and are counted in the returned summary.
    ``on_row(row_number, row, outcome)`` is called for each row once it is
    written, in input order (``--report`` collects its records this way).
    """
    if jobs < 1:
        raise ConfigError(f"jobs must be at least 1, got {jobs}")
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be at least 1, got {chunk_size}")
    check_not_input(output_path, [input_path, *job.input_files()])
    check_output_path(output_path)  # a missing or read-only folder fails now, not after the work
    with _signals_stop_the_run():
        return _run(job, input_path, output_path, jobs, chunk_size, progress, freeze_gc, on_row)


def _run(
    job: BatchJob,
    input_path: str,
    output_path: str,
    jobs: int,
    chunk_size: int,
    progress: bool,
    freeze_gc: bool,
    on_row: Callable[[int, Mapping[str, str], RowOutcome], None] | None = None,
) -> BatchSummary:
    started = time.perf_counter()
    table = read_table(input_path, header_hint=job.header_names())
    job.prepare(table)
    in_columns = list(table.columns)
    if os.path.isfile(input_path) and Path(input_path).suffix.lower() in (".jsonl", ".ndjson", ".json"):
        in_columns = _jsonl_columns(input_path, in_columns)
    out_columns, added = _output_columns(in_columns, job.output_columns)
    error_name = added[job.output_columns.index(job.error_column)]
    summary = BatchSummary(metric_names=job.metric_names, input=input_path, output=output_path, notes=table.notes)
    writer = TableWriter(output_path, out_columns)  # an unsupported output format fails here, before any work

    pool: ProcessPoolExecutor | None = None
    ctx = _pool_context() if jobs > 1 else None
    if ctx is None or ctx.get_start_method() == "fork":
        # Build here once. Forked workers inherit the built state (copy-on-write; gc.freeze keeps the
        # collector from touching, and so copying, those pages), so --jobs N costs one build, not N,
        # and a bad keyword table fails here, before any worker exists.
        _ensure_started(job)
        if freeze_gc:
            gc.freeze()
    bar = None
    finished = False
    try:
        if ctx is not None:
            # ProcessPoolExecutor, not multiprocessing.Pool: a worker killed by the OS (out of memory)
            # raises BrokenProcessPool here instead of hanging forever. With spawn, the initializer
            # builds the state in each worker from the job's small pickled configuration.
            pool = ProcessPoolExecutor(
                jobs, mp_context=ctx, initializer=_init_worker, initargs=(job, True, os.getpid())
            )
            # Start every worker now, before any thread of ours (tqdm's monitor) exists.
            for f in [pool.submit(_ping) for _ in range(jobs)]:
                f.result()
        with writer:
            if progress:
                from tqdm import tqdm

                columns, lines = _terminal_size()
                # Some ptys report 0×0: tqdm would then size the bar to 0 columns and, with 0
                # lines, print nothing at all; give it a fixed width and height instead.
                bar = tqdm(
                    total=estimate_rows(input_path),
                    unit=" rows",
                    file=sys.stderr,
                    dynamic_ncols=columns > 0,
                    ncols=None if columns > 0 else 100,
                    nrows=None if lines > 0 else 20,
                )
            sink = _Sink(writer, added, error_name, set(in_columns), summary, bar)
            sink.on_row = on_row
            if pool is None:
                for chunk in _chunks(table.rows, chunk_size):
                    items, broken = _payloads(job, chunk)
                    sink.emit(chunk, _merge(len(chunk), broken, _process_chunk(job, items)))
            else:
                # A bounded window of chunks in flight: workers stay busy, memory stays flat,
                # and results are written in submission (= input) order.
                window = 4 * jobs
                pending: deque[tuple[Chunk, dict[int, RowOutcome], Future[list[RowOutcome]]]] = deque()
                for chunk in _chunks(table.rows, chunk_size):
                    items, broken = _payloads(job, chunk)
                    pending.append((chunk, broken, pool.submit(_work, items)))
                    while len(pending) >= window:
                        c, b, fut = pending.popleft()
                        sink.emit(c, _merge(len(c), b, fut.result()))
                while pending:
                    c, b, fut = pending.popleft()
                    sink.emit(c, _merge(len(c), b, fut.result()))
        finished = True
    except BrokenProcessPool:
        raise TitleoptError(
            "a worker process stopped unexpectedly (killed, or out of memory); nothing was written. "
            "Run again, with fewer --jobs if memory is short"
        ) from None
    finally:
        if bar is not None:
            bar.close()
        if pool is not None:
            if finished:
                pool.shutdown(wait=True)
            else:
                _stop_pool(pool)
    summary.note_rows()
    summary.notes.extend(job.notes())
    summary.seconds = time.perf_counter() - started
    return summary


# ==================================================================== rewrite
def _check_dictionaries(paths: Sequence[str]) -> None:
    """Load the word lists once in the parent (cached, so workers and start() reuse them).

    The optimizer loads them on first use, that is in the first row: a missing
    or malformed list made every row an error cell blaming the title column,
    with exit 0, instead of one file-level error naming the list.
    """
    from .lexicon import load_lexicon

    load_lexicon(tuple(paths))


class _Cached(NamedTuple):
    cells: tuple[str, ...]
    status: str
    metrics: tuple[float, ...]
    error_column: str | None  # set when the payload itself is invalid (the row number is added per row)
    record: Any = None  # the HTML report's record (report=True)


@dataclass
class RewriteJob(BatchJob):
    """``titleopt rewrite INPUT``: one :class:`~titleopt.optimizer.TitleOptimizer` per process.

    Holds only what it takes to build the optimizer (paths, platform, a fixed
    ``today`` so that a run crossing midnight treats every row alike), so it
    pickles in microseconds. Results are cached per distinct listing
    (title, brand, category, attributes, must-keep, forbid) within a process,
    bounded by ``cache_size`` entries (LRU): catalogues repeat titles across
    colours and shops, and a hit costs microseconds against milliseconds.
    """

    keywords: str
    competitors: str | None = None
    platform: str = DEFAULT_PLATFORM
    limit: int | None = None
    unit: str | None = None
    dictionaries: tuple[str, ...] = ()
    additions: str = "safe"
    today: _dt.date = field(default_factory=_dt.date.today)
    candidates: int = 1
    solver: str = "fast"
    title_column: str | None = None
    cache_size: int = 20_000
    report: bool = False  # also describe each row for an HTML report (RowOutcome.record; costs ~25% more)
    columns: dict[str, str] = field(default_factory=dict)  # resolved in prepare()

    changed_label = "rewritten"
    metric_names = ("score before", "score after")

    def __post_init__(self) -> None:
        extra = tuple(f"candidate_{i}" for i in range(2, self.candidates + 1))
        self.output_columns = REWRITE_COLUMNS + extra
        self.cache_hits = 0
        self.cache_misses = 0
        self._reset()

    def _reset(self) -> None:
        self._optimizer: Any = None
        self._cache: OrderedDict[tuple[str, ...], _Cached] = OrderedDict()

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Unpickled in a spawned worker: configuration only; start() builds the rest.
        super().__setstate__(state)
        self._reset()

    # ------------------------------------------------------------ parent
    def input_files(self) -> list[str]:
        return [p for p in (self.keywords, self.competitors) if p]

    def header_names(self) -> Sequence[str]:
        names = [*TITLE_ALIASES, *(a for names in LISTING_ALIASES.values() for a in names)]
        return [self.title_column, *names] if self.title_column else names

    def prepare(self, table: Table) -> None:
        """Check options and files, and find the title and optional listing columns."""
        from .platforms import get_platform

        if self.solver not in ("fast", "exact"):
            raise ConfigError(f"unknown solver {self.solver!r}; use 'fast' or 'exact'")
        if self.candidates < 1:
            raise ConfigError("candidates must be at least 1")
        get_platform(self.platform, limit=self.limit, unit=self.unit)  # type: ignore[arg-type]
        for path in (self.keywords, self.competitors):
            if path is not None and not os.path.isfile(path):
                raise InputError("file not found", file=path)
        _check_dictionaries(self.dictionaries)
        cols = {"title": resolve_title_column(table, self.title_column)}
        taken = {column_key(cols["title"])}
        for name, col in resolve_columns(table.columns, LISTING_ALIASES).items():
            if column_key(col) not in taken:
                cols[name] = col
        self.columns = cols

    def extract(self, row_number: int, row: Mapping[str, str]) -> tuple[str, ...]:
        c = self.columns
        return tuple(row.get(c[k], "") if k in c else "" for k in ("title", *LISTING_ALIASES))

    # ------------------------------------------------------------ worker
    def start(self) -> None:
        """Load the keyword (and competitor) table and build the optimizer for this process.

        Idempotent: a job started by its caller (to time or reuse it) is not rebuilt.
        """
        if self._optimizer is not None:
            return
        self._optimizer = build_optimizer(self.keywords, self.competitors, self.settings(), today=self.today)
        self._cache = OrderedDict()

    def settings(self) -> Settings:
        """The optimizer settings this job was given (the CLI resolves them with ``[tool.titleopt]``)."""
        return Settings(self.platform, self.limit, self.unit, tuple(self.dictionaries), self.additions)

    @property
    def optimizer(self) -> Any:
        """The optimizer built by :meth:`start` (None before)."""
        return self._optimizer

    def notes(self) -> list[str]:
        """The keyword rows the table skipped (a dropped row changes every score)."""
        return _keyword_notes(self._optimizer, self.keywords)

    def process(self, row_number: int, payload: tuple[str, ...]) -> RowOutcome:
        cached = self._cache.get(payload) if self.cache_size else None
        if cached is not None:
            self.cache_hits += 1
            self._cache.move_to_end(payload)
        else:
            self.cache_misses += 1
            cached = self._compute(payload)
            if self.cache_size:
                self._cache[payload] = cached
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if cached.error_column is not None:
            reason = cached.cells[self.output_columns.index(self.error_column)]
            err = InputError(reason, row=row_number, column=cached.error_column)
            return self.error_outcome(str(err))
        return RowOutcome(cached.cells, cached.status, cached.metrics, cached.record)

    def _compute(self, payload: tuple[str, ...]) -> _Cached:
        title, brand, category, attributes, must_keep, forbid = payload
        c = self.columns
        for name, text in zip(("title", *LISTING_ALIASES), payload, strict=True):
            reason = control_character_reason(text)
            if reason is not None:
                return self._bad(c.get(name, name), reason)
        title = title.strip()
        if not title:
            return self._bad(c["title"], "the title is empty")
        try:
            attrs = parse_attributes(attributes)
        except ValueError as exc:
            return self._bad(c.get("attributes", "attributes"), str(exc))
        try:
            res = self._optimizer.rewrite(
                title,
                brand=brand.strip() or None,
                category=category.strip() or None,
                attributes=attrs,
                must_keep=split_terms(must_keep),
                forbid=split_terms(forbid),
                candidates=self.candidates,
                solver=self.solver,
            )
        except InputError as exc:
            # must-keep terms over the limit, an unusable title…: blame the column that caused it
            column = c.get("must_keep", c["title"]) if "must" in exc.reason else c["title"]
            return self._bad(column, exc.reason)
        empty = empty_rewrite_reason(res)
        if empty is not None:
            return self._bad(c["title"], empty)
        cached = self._cells(title, res)
        if self.report:
            from .report_html import rewrite_record

            # One analysis, of the new title; without category and attributes it skips its search
            # for the best reachable title when nothing can be added (the common case).
            opt = self._optimizer
            try:  # the analysis only adds highlights: never let it cost the row its rewrite
                after = opt.analyze(res.best, brand=brand.strip() or None, lint=False)
            except TitleoptError:
                after = None
            record = rewrite_record(res, after=after, segmenter=opt.segmenter)
            cached = cached._replace(record=record)
        return cached

    def _bad(self, column: str, reason: str) -> _Cached:
        return _Cached(self.error_outcome(reason).cells, ERROR, (), column)

    def _cells(self, title: str, res: Any) -> _Cached:
        best = res.candidates[0] if res.candidates else None
        reasons = best.reasons if best is not None else []
        added = [f"{r.term} ({r.reason})" for r in reasons if r.action == "added"]
        removed = [f"{r.term} ({r.reason})" for r in reasons if r.action == "removed"]
        cells = [
            res.best,
            f"{res.score_before:.2f}",
            f"{res.score_after:.2f}",
            str(res.length_before),
            str(res.length_after),
            TERM_SEPARATOR.join(added),
            TERM_SEPARATOR.join(removed),
            findings_cell(res.findings),
            "",
        ]
        cells += [cand.title for cand in res.candidates[1:]]
        cells += [""] * (len(self.output_columns) - len(cells))
        status = CHANGED if res.best != title else UNCHANGED
        return _Cached(tuple(cells), status, (float(res.score_before), float(res.score_after)), None)

    def summary_text(self, summary: BatchSummary) -> str:
        """``N rows, N rewritten, N unchanged, N errors; mean score A → B; T s, R rows/s``."""
        text = summary.counts_text(self.changed_label)
        before, after = summary.mean(0), summary.mean(1)
        if before is not None and after is not None:
            text += f"; mean score {before:.1f} → {after:.1f}"
        return f"{text}; {summary.timing_text()}"


def _keyword_notes(optimizer: Any, keywords: str | None) -> list[str]:
    """The skipped rows of the job's keyword table: from the parent's optimizer, else loaded (cached) again."""
    if optimizer is not None:
        return optimizer.keywords.skipped_notes()
    if not keywords:
        return []
    from .keywords import KeywordTable

    return KeywordTable.from_file(keywords).skipped_notes()  # spawned workers built theirs; the table cache serves it


def empty_rewrite_reason(res: Any) -> str | None:
    """Why a rewrite that left no title is an error (None when it left one); ``rewrite --title`` says it too.

    A title of only promotional words, decoration or emoji: an empty title scored 100
    would read as a perfect rewrite; the seller has to write this one.
    """
    if res.best.strip():
        return None
    best = res.candidates[0] if res.candidates else None
    gone = [f"{r.term} ({r.reason})" for r in (best.reasons if best else []) if r.action == "removed"]
    why = f": removed {TERM_SEPARATOR.join(gone)}" if gone else ""
    return f"the rewrite would leave an empty title (every word of it was removed){why}"


#: Why a short title that is empty is an error (the file's error cell and ``shorten --title``).
EMPTY_SHORT = "the short title would be empty (every word of the title was removed)"


#: Columns ``shorten`` adds, in this order, after the input's own columns.
SHORTEN_COLUMNS: tuple[str, ...] = ("short_title", "short_length", "error")


@dataclass
class ShortenJob(BatchJob):
    """``titleopt shorten INPUT``: an extractive short title per row (see ``TitleOptimizer.shorten``).

    Like :class:`RewriteJob` it carries only paths and options; each process
    builds its optimizer in :meth:`start`. The brand and category columns are
    used when present (a given brand is never mistaken for the product word).
    """

    keywords: str | None = None
    limit: int = 12  # the short title's length (not the platform's title limit)
    unit: str = "chars"
    keep_brand: bool = False
    platform: str = DEFAULT_PLATFORM
    dictionaries: tuple[str, ...] = ()
    title_column: str | None = None
    report: bool = False  # also describe each row for an HTML report (RowOutcome.record)
    columns: dict[str, str] = field(default_factory=dict)

    changed_label = "shortened"
    metric_names = ("length",)
    output_columns = SHORTEN_COLUMNS

    def __post_init__(self) -> None:
        self._optimizer: Any = None

    def input_files(self) -> list[str]:
        return [self.keywords] if self.keywords else []

    def header_names(self) -> Sequence[str]:
        names = [*TITLE_ALIASES, *LISTING_ALIASES["brand"], *LISTING_ALIASES["category"]]
        return [self.title_column, *names] if self.title_column else names

    def prepare(self, table: Table) -> None:
        """Check options and files, and find the title and optional brand/category columns."""
        from .platforms import get_platform

        get_platform(self.platform, limit=self.limit, unit=self.unit)  # type: ignore[arg-type]
        if self.keywords is not None and not os.path.isfile(self.keywords):
            raise InputError("file not found", file=self.keywords)
        _check_dictionaries(self.dictionaries)
        cols = {"title": resolve_title_column(table, self.title_column)}
        taken = {column_key(cols["title"])}
        aliases = {k: LISTING_ALIASES[k] for k in ("brand", "category")}
        for name, col in resolve_columns(table.columns, aliases).items():
            if column_key(col) not in taken:
                cols[name] = col
        self.columns = cols

    def notes(self) -> list[str]:
        """The keyword rows the table skipped."""
        return _keyword_notes(self._optimizer, self.keywords)

    def extract(self, row_number: int, row: Mapping[str, str]) -> tuple[str, str, str]:
        c = self.columns
        title, brand, category = (row.get(c[k], "") if k in c else "" for k in ("title", "brand", "category"))
        return title, brand, category

    def start(self) -> None:
        """Load the keyword table (optional) and build the optimizer for this process."""
        from .platforms import get_platform

        settings = Settings(self.platform, dictionaries=tuple(self.dictionaries))
        self._optimizer = build_optimizer(self.keywords, None, settings)
        self._platform = get_platform(self.platform, limit=self.limit, unit=self.unit)  # type: ignore[arg-type]

    def process(self, row_number: int, payload: tuple[str, str, str]) -> RowOutcome:
        for name, text in zip(("title", "brand", "category"), payload, strict=True):
            reason = control_character_reason(text)
            if reason is not None:
                col = self.columns.get(name, name)
                return self.error_outcome(str(InputError(reason, row=row_number, column=col)))
        title, brand, category = (p.strip() for p in payload)
        column = self.columns["title"]
        if not title:
            return self.error_outcome(str(InputError("the title is empty", row=row_number, column=column)))
        notes: list[str] = []  # (collected, not warned: the runner names the rows, and leaves warning filters alone)
        try:
            short = self._optimizer.shorten(
                title,
                limit=self.limit,
                unit=self.unit,
                brand=brand or None,
                category=category or None,
                keep_brand=self.keep_brand,
                notes=notes,
            )
        except InputError as exc:
            return self.error_outcome(str(InputError(exc.reason, row=row_number, column=column)))
        if not short.strip():
            return self.error_outcome(str(InputError(EMPTY_SHORT, row=row_number, column=column)))
        length = self._platform.length(short)
        cells = (short, str(length), "")
        record = None
        if self.report:
            from .report_html import shorten_record

            record = shorten_record(title, short, length=length, limit=self.limit, unit=self.unit,
                                    segmenter=self._optimizer.segmenter)
        return RowOutcome(cells, CHANGED if short != title else UNCHANGED, (float(length),), record, "; ".join(notes))
