"""What travels to a worker, and the one built job each worker process keeps.

A :class:`FrameJob` is the whole configuration of one ``rewrite`` /
``shorten`` / ``analyze`` / ``lint`` run as plain data: the command, its
options, and the *bytes* of its files (keyword table, competitors, extra
dictionaries). It pickles in microseconds plus the size of those files, so
Spark can broadcast it and Dask can ship it once per worker; no path has to
exist on the executors.

A worker turns it into the same :class:`~titleopt.batch.BatchJob` the CLI
runs (``RewriteJob``, ``ShortenJob``, or the analyze/lint jobs of
:mod:`titleopt.frame.jobs`) and keeps it in :data:`_BUILT`, a small
per-process cache keyed by the job's content hash and the table's columns.
That cache is the only module-level state: it is what makes "one
``TitleOptimizer`` per worker process, built once" true on Spark (Python
workers are reused across tasks) and Dask (worker processes live for the
whole computation) without a plugin or any engine-specific hook. The
readers take paths, so the job's files are written to a private temporary
folder only while they are read (when the job is built, and when it
starts), and removed right after: a worker process may end without running
any clean-up (Spark's Python workers end with ``os._exit``, a killed one
runs nothing), so nothing may be left on its disk meanwhile.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..batch import BatchJob, RewriteJob, RowOutcome, ShortenJob, process_rows
from ..errors import ConfigError
from ..io import Table

#: Built jobs kept per process. A worker normally sees one job; a notebook
#: may alternate between a few (different tables or column layouts).
MAX_BUILT = 4

#: Commands a frame job can run (the CLI commands whose columns it returns).
COMMANDS = ("rewrite", "shorten", "analyze", "lint")


@dataclass(frozen=True)
class FileData:
    """A file's name and bytes, so the file travels with the job instead of needing a shared path.

    The name is kept because readers pick the format by its suffix
    (``.csv``, ``.xlsx``, ``.jsonl``…) and extra dictionaries their kind by it.
    """

    name: str
    data: bytes = field(repr=False)

    @classmethod
    def read(cls, source: str | os.PathLike[str] | FileData) -> FileData:
        """Read ``source`` (a path) into memory; a :class:`FileData` is returned as is."""
        if isinstance(source, FileData):
            return source
        path = Path(source)
        return cls(path.name, path.read_bytes())

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the bytes (computed once: the job's key is asked for every partition)."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class FrameJob:
    """One command's configuration, with its files' bytes: what a worker needs to build the job.

    Make one with :func:`titleopt.frame.rewrite_job` (or ``shorten_job``,
    ``analyze_job``, ``lint_job``) rather than directly. Frozen and hashable
    by content (:attr:`key`): two equal jobs share one built optimizer per process.
    """

    command: str
    files: tuple[tuple[str, FileData], ...] = ()
    options: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if self.command not in COMMANDS:
            raise ConfigError(f"unknown command {self.command!r}; use one of {', '.join(COMMANDS)}")

    @cached_property
    def key(self) -> str:
        """A hash of the command, options and file contents (the per-process cache key)."""
        h = hashlib.sha256(self.command.encode())
        for role, fd in self.files:
            h.update(f"\0{role}\0{fd.name}\0{fd.digest}".encode())
        h.update(repr(self.options).encode())
        return h.hexdigest()

    def option(self, name: str, default: Any = None) -> Any:
        """One option's value (dates as ISO strings)."""
        return dict(self.options).get(name, default)

    def check(self, columns: Sequence[str] = ("title",)) -> None:
        """Build the job in this process now, so a bad keyword table fails once, here, not in every task."""
        built_job(self, columns).process([])  # starts it (loads the files, builds the optimizer)

    def __dask_tokenize__(self) -> str:
        # Dask names a task by its arguments: the content hash, not the whole pickled bytes.
        return self.key


def make_options(**options: Any) -> tuple[tuple[str, Any], ...]:
    """Options as a sorted tuple of pairs (hashable, stable repr); dates as ISO strings."""
    out = []
    for k, v in sorted(options.items()):
        if isinstance(v, _dt.date):
            v = v.isoformat()
        elif isinstance(v, list):
            v = tuple(v)
        out.append((k, v))
    return tuple(out)


# ================================================================ per process
class Built:
    """A built batch job and the lock its rows are processed under (:meth:`process`).

    The lock: Dask may run several tasks of one worker in threads; they take
    turns on the one optimizer (a job's row cache is not thread-safe, and
    titleopt is pure-Python CPU work, so threads would not run it faster
    anyway: scale with processes).

    The files: the library's readers take paths, so the job's files are
    written to a private temporary folder, but only while they are read:
    :meth:`_read` makes the folder, prepares (and starts) the job, and removes
    it. A folder kept as long as the entry was left behind by every worker
    process that ended without Python's clean-up (Spark's end with
    ``os._exit``; a killed one runs nothing): a copy of the user's keyword
    table in each worker's /tmp.
    """

    def __init__(self, job: FrameJob, columns: Sequence[str]) -> None:
        self.frame = job
        self.columns = tuple(columns)
        self.lock = threading.Lock()
        self.started = False
        #: Prepared, not started; :meth:`process` replaces it by the started one.
        self.job = self._read(start=False)

    def _read(self, start: bool) -> BatchJob:
        """A new batch job for :attr:`frame`, prepared and (with ``start``) started, its files removed.

        Every job reads its files in ``prepare`` and ``start`` only (the
        analyze job too: a category's competitors come from the rows read at
        start), so once this returns the job needs no path any more.
        """
        with tempfile.TemporaryDirectory(prefix="titleopt-frame-") as folder:
            job = _make(self.frame, _materialize(self.frame, Path(folder)))
            job.prepare(Table(file="<DataFrame>", columns=list(self.columns), rows=iter(())))
            if start:
                process_rows(job, [])
        return job

    def process(self, items: Sequence[tuple[int, Any]]) -> list[RowOutcome]:
        """:func:`titleopt.batch.process_rows` under the lock; the first call starts the job.

        The started job is a second one, made as :attr:`job` was (same
        configuration and columns, so an ``extract`` of either gives the same
        payload): its files exist only while it starts, not from the build
        (a Dask ``meta``, an empty partition) to the first rows.
        """
        with self.lock:
            if not self.started:
                self.job = self._read(start=True)
                self.started = True
            return process_rows(self.job, items)


_BUILT: OrderedDict[tuple[str, tuple[str, ...]], Built] = OrderedDict()
_LOCK = threading.Lock()


def built_job(job: FrameJob, columns: Sequence[str]) -> Built:
    """The :class:`BatchJob` for ``job`` in this process, its columns resolved against ``columns``.

    Made once per process and per column layout, then reused by every
    partition; not started (the optimizer is built by the first
    :func:`titleopt.batch.process_rows`), so computing a Dask ``meta`` or the
    column names of an empty frame costs nothing.
    """
    cols = tuple(columns)
    k = (job.key, cols)
    with _LOCK:
        built = _BUILT.get(k)
        if built is not None:
            _BUILT.move_to_end(k)
            return built
        built = _BUILT[k] = Built(job, cols)
        while len(_BUILT) > MAX_BUILT:
            _BUILT.popitem(last=False)
        return built


def built_count() -> int:
    """How many jobs this process holds (tests check one per worker, not one per partition)."""
    return len(_BUILT)


def _materialize(job: FrameJob, folder: Path) -> dict[str, list[str]]:
    """Write the job's files into ``folder`` under their own names: ``{role: [paths]}``.

    Reading the same bytes through the same reader as the CLI (by path: the
    suffix picks the format, the name a dictionary's kind) is what keeps a
    frame's output equal to the CLI's.
    """
    out: dict[str, list[str]] = {}
    for i, (role, fd) in enumerate(job.files):
        sub = folder / f"{i}-{role}"
        sub.mkdir()
        path = sub / (Path(fd.name).name or "file")
        path.write_bytes(fd.data)
        out.setdefault(role, []).append(str(path))
    return out


def _make(job: FrameJob, paths: dict[str, list[str]]) -> BatchJob:
    o = dict(job.options)
    first = {role: p[0] for role, p in paths.items()}
    today = _dt.date.fromisoformat(o["today"]) if o.get("today") else None
    if job.command == "rewrite":
        return RewriteJob(
            keywords=first["keywords"],
            competitors=first.get("competitors"),
            platform=o["platform"],
            limit=o.get("limit"),
            unit=o.get("unit"),
            today=today or _dt.date.today(),
            candidates=o.get("candidates", 1),
            solver=o.get("solver", "fast"),
            title_column=o.get("title_column"),
        )
    if job.command == "shorten":
        return ShortenJob(
            keywords=first.get("keywords"),
            limit=o.get("limit", 12),
            unit=o.get("unit", "chars"),
            keep_brand=o.get("keep_brand", False),
            title_column=o.get("title_column"),
        )
    from .jobs import AnalyzeJob, LintJob

    if job.command == "analyze":
        return AnalyzeJob(
            keywords=first["keywords"],
            competitors=first.get("competitors"),
            platform=o["platform"],
            limit=o.get("limit"),
            unit=o.get("unit"),
            title_column=o.get("title_column"),
        )
    return LintJob(
        platform=o["platform"],
        select=o.get("select"),
        ignore=o.get("ignore"),
        fix=o.get("fix", False),
        unsafe=o.get("unsafe", False),
        dictionaries=tuple(paths.get("dictionary", ())),
        competitor_brands=tuple(o.get("competitor_brands", ())),
        today=today,
        title_column=o.get("title_column"),
    )
