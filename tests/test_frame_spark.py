"""titleopt.frame.spark on a local Spark session: mapInPandas output equals the CLI's, bad rows never fail a task.

Needs pyspark (``pip install 'titleopt[spark]'``) and Java 17+; skipped with the reason otherwise.
Takes ~40 s (most of it the JVM and Python workers starting).
"""

from __future__ import annotations

import os
import shutil
import sys

import pytest
from frame_support import COMPETITORS, KEYWORDS, assert_same_cells, cli_file, table, worker_env

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17+), which is not installed", allow_module_level=True)
pytest.importorskip("pandas", reason="pandas is not installed (pip install 'titleopt[spark]')")
pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'titleopt[spark]')")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'titleopt[spark]')")

import titleopt.frame as tf
from titleopt.batch import REWRITE_COLUMNS


@pytest.fixture(scope="module")
def worker_tmp(tmp_path_factory):
    """The Python workers' temporary folder (TMPDIR), private to this module's session."""
    return tmp_path_factory.mktemp("spark-workers-tmp")


@pytest.fixture(scope="module")
def spark(worker_tmp):
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as mp:
        for k, v in worker_env().items():
            mp.setenv(k, v)  # Python workers import titleopt from this tree
        mp.setenv("PYSPARK_PYTHON", sys.executable)  # and run this interpreter (venv), not the first python3
        session = (
            SparkSession.builder.master("local[2]")
            .appName("titleopt-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")  # several batches per task
            .config("spark.executorEnv.TMPDIR", str(worker_tmp))
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def _spark_frame(spark, rows):
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(c, StringType(), True) for c in rows[0]])
    return spark.createDataFrame([tuple(r.values()) for r in rows], schema).repartition(3)


def test_rewrite_on_spark_equals_cli(spark, tmp_path):
    from titleopt.frame import spark as tfs

    rows = table(text_only=True)
    ref = cli_file(tmp_path, "rewrite", rows, "-k", KEYWORDS, "-c", COMPETITORS)
    job = tf.rewrite_job(KEYWORDS, COMPETITORS)
    out = tfs.apply(_spark_frame(spark, rows), job, row_column="宝贝ID")
    names = out.schema.fieldNames()
    assert names == [*rows[0], *REWRITE_COLUMNS]
    assert {f.dataType.typeName() for f in out.schema.fields} == {"string"}
    got = sorted(out.toPandas().to_dict("records"), key=lambda r: int(r["宝贝ID"]))
    assert_same_cells(got, ref, list(REWRITE_COLUMNS))
    assert sum(bool(r["error"]) for r in got) >= 6  # junk rows: error cells, and the tasks succeeded


def test_shorten_on_spark_equals_cli(spark, tmp_path):
    from titleopt.frame import spark as tfs

    rows = table(n_real=60, text_only=True)
    ref = cli_file(tmp_path, "shorten", rows, "-k", KEYWORDS, "--limit", "16")
    out = tfs.apply(_spark_frame(spark, rows), tf.shorten_job(KEYWORDS, limit=16), row_column="宝贝ID")
    got = sorted(out.toPandas().to_dict("records"), key=lambda r: int(r["宝贝ID"]))
    assert_same_cells(got, ref, ["short_title", "short_length", "error"])


def test_one_build_per_python_worker(spark):
    """8 tasks, twice, on local[2]: every task of a Python worker process finds the one job that worker built."""
    import pandas as pd

    rows = table(n_real=40, text_only=True)
    job = tf.rewrite_job(KEYWORDS)

    def probe(batches):
        from titleopt.frame.job import built_job

        for pdf in batches:
            tf.apply(pdf, job)
            built = built_job(job, [str(c) for c in pdf.columns]).job
            yield pd.DataFrame({"pid": [os.getpid()], "built": [id(built)], "started": [built.optimizer is not None]})

    sdf = _spark_frame(spark, rows).repartition(8)
    res = pd.concat([sdf.mapInPandas(probe, "pid long, built long, started boolean").toPandas() for _ in range(2)])
    assert len(res) >= 16 and res["started"].all()
    assert res.groupby("pid")["built"].nunique().eq(1).all()  # never rebuilt within a process
    assert res["pid"].nunique() <= 2  # Python workers are reused across tasks


def test_workers_leave_no_files(spark, worker_tmp):
    """A job's files are removed once it has started: Spark's Python workers end with os._exit, running no clean-up.

    They used to stay as long as the worker held the job, and then for good:
    every run left a copy of the keyword table in each worker's /tmp.
    """
    import tempfile

    import pandas as pd

    from titleopt.frame import spark as tfs

    def tmpdir(batches):
        for _ in batches:
            yield pd.DataFrame({"tmp": [tempfile.gettempdir()]})

    rows = table(n_real=20, text_only=True)
    out = tfs.apply(_spark_frame(spark, rows), tf.shorten_job(KEYWORDS, limit=15), check=False).toPandas()
    assert len(out) == len(rows) and out["short_title"].str.len().gt(0).any()
    assert set(_spark_frame(spark, rows).mapInPandas(tmpdir, "tmp string").toPandas()["tmp"]) == {str(worker_tmp)}
    assert sorted(p.name for p in worker_tmp.glob("titleopt-*")) == []
