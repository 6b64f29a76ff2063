"""Run a titleopt job on a Spark DataFrame with ``mapInPandas``.

    >>> import titleopt.frame as tf                                             # doctest: +SKIP
    >>> from titleopt.frame import spark as tfs                                 # doctest: +SKIP
    >>> job = tf.rewrite_job("keywords.csv", platform="taobao")                 # doctest: +SKIP
    >>> out = tfs.apply(spark.read.parquet("listings/"), job, row_column="id")  # doctest: +SKIP

* **Schema**: the input's fields unchanged, then the job's columns
  (:func:`output_schema`: ``new_title``, ``score_before``… for rewrite), all
  nullable ``StringType`` holding the CLI's cells, never null.
* **How the files get there**: the :class:`~titleopt.frame.FrameJob` holds
  the keyword table's (and competitors') bytes and is sent once per executor
  as a Spark broadcast variable; no path has to exist on the executors. On
  Spark Connect, which has no broadcast variables, it travels inside the
  function instead (pickled once per task; fine for tables up to a few MB).
* **One optimizer per Python worker**: each Python worker process builds the
  job the first time it meets it and keeps it (``titleopt.frame.job``);
  Spark reuses Python workers across tasks (``spark.python.worker.reuse``,
  on by default), so a worker builds once for the whole job.
* **Bad rows** get the CLI's message in the ``error`` column; a task never
  fails because of a row. A bad keyword table fails once, on the driver,
  before any task starts (``check=True`` builds the job there first).
* **Row numbers** in messages are the ``row_column`` values: give a key
  column (Arrow batches know no global position).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import added_columns
from . import apply as apply_frame
from .job import FrameJob

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType


def output_schema(schema: StructType, job: FrameJob) -> StructType:
    """``schema`` followed by ``job``'s columns, all strings (what :func:`apply` returns)."""
    from pyspark.sql.types import StringType, StructField, StructType

    names = added_columns(schema.fieldNames(), job)
    return StructType([*schema.fields, *(StructField(n, StringType(), True) for n in names)])


def apply(sdf: DataFrame, job: FrameJob, *, row_column: str | None = None, check: bool = True) -> DataFrame:
    """``sdf`` with ``job``'s columns added, computed by ``mapInPandas`` on the executors (lazy, like any transform)."""
    if check:
        job.check(sdf.columns)
    schema = output_schema(sdf.schema, job)
    ref: Any
    try:
        ref = sdf.sparkSession.sparkContext.broadcast(job)
        broadcast = True
    except Exception:  # Spark Connect: no SparkContext on the client
        ref, broadcast = job, False

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        frame_job = ref.value if broadcast else ref
        for pdf in batches:
            yield apply_frame(pdf, frame_job, row_column=row_column)

    return sdf.mapInPandas(run, schema)


def with_row_numbers(sdf: DataFrame, name: str = "row", first: int = 1) -> DataFrame:
    """``sdf`` with a column ``name`` numbering its rows in order from ``first`` (for ``row_column``).

    ``first=2`` for a CSV file with a header gives the CLI's row numbers (the
    header is line 1; a file with multi-line cells or blank lines counts
    differently). Uses ``RDD.zipWithIndex`` (one extra pass; not on Spark Connect).
    """
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType([*sdf.schema.fields, StructField(name, LongType(), False)])
    rdd = sdf.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + first))
    return sdf.sparkSession.createDataFrame(rdd, schema)
