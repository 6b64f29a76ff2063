"""Run a titleopt job on a Dask DataFrame with ``map_partitions``.

    >>> import dask.dataframe as dd, titleopt.frame as tf                      # doctest: +SKIP
    >>> from titleopt.frame import dask as tfd                                 # doctest: +SKIP
    >>> job = tf.rewrite_job("keywords.csv", platform="taobao")                # doctest: +SKIP
    >>> out = tfd.apply(dd.read_parquet("listings/"), job).compute()           # doctest: +SKIP

* **meta**: the input's columns and dtypes, then the job's columns as
  pandas' ``string`` dtype, computed by :func:`meta` without building anything.
* **How the files get there**: the job (with the files' bytes) is one
  node of the task graph (``dask.delayed``, named by its content hash), so
  the scheduler sends it to each worker once, not once per partition.
* **One optimizer per worker process**: the first partition a worker
  process runs builds the job; the rest reuse it (``titleopt.frame.job``,
  a per-process cache; no WorkerPlugin needed, and it works the same with
  the local threaded or process schedulers). Run workers as processes with
  one thread each (``LocalCluster(n_workers=N, threads_per_worker=1)``):
  titleopt is CPU-bound Python, threads of one process take turns.
* **Bad rows** get the CLI's message in the ``error`` column.
* **Row numbers** in messages: ``row_column`` if given, else the index + 1
  (global with ``from_pandas``; per file/partition with ``read_csv``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import apply as apply_frame
from .job import FrameJob

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    import pandas as pd


def meta(ddf: dd.DataFrame, job: FrameJob) -> pd.DataFrame:
    """The empty frame :func:`apply` declares as its output (input dtypes, then text columns)."""
    import pandas as pd

    empty = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in ddf.dtypes.items()})
    return apply_frame(empty, job)


def apply(ddf: dd.DataFrame, job: FrameJob, *, row_column: str | None = None, check: bool = True) -> dd.DataFrame:
    """``ddf`` with ``job``'s columns added, one ``map_partitions`` task per partition (lazy)."""
    import dask

    if check:
        job.check([str(c) for c in ddf.columns])  # a bad keyword table fails here, once
    shared = dask.delayed(job, pure=True)
    return ddf.map_partitions(apply_frame, shared, row_column=row_column, meta=meta(ddf, job))


def with_row_numbers(ddf: dd.DataFrame, name: str = "row", first: int = 1) -> dd.DataFrame:
    """``ddf`` with a column ``name`` numbering its rows in order from ``first`` (for ``row_column``).

    ``dd.read_csv`` restarts the index in every block, so the index cannot
    number rows; this counts each partition's rows (one extra pass over the
    input) and numbers them from their partition's start. ``first=2`` for a
    CSV file with a header gives the CLI's row numbers.
    """
    import pandas as pd

    lengths = ddf.map_partitions(len).compute().tolist()
    starts = [first + sum(lengths[:i]) for i in range(len(lengths))]

    def number(pdf: pd.DataFrame, partition_info: dict | None = None) -> pd.DataFrame:
        start = starts[partition_info["number"]] if partition_info else first
        return pdf.assign(**{name: range(start, start + len(pdf))})

    empty = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in ddf.dtypes.items()})
    return ddf.map_partitions(number, meta=empty.assign(**{name: pd.Series([], dtype="int64")}))
