"""Benchmark titleopt at scale (issue 21): rows/s of the CLI's --jobs, pandas, Dask and Spark, same rows.

Run from the repository root (needs ``pip install 'titleopt[spark,dask]'`` and Java 17 for Spark)::

    python benchmarks/bench_scale.py                       # 6,000 rows, every engine, 1 and 2 workers
    python benchmarks/bench_scale.py --rows 2000 --only cli,dask
    python benchmarks/bench_scale.py --keywords sample     # the shipped 382-keyword sample table

Rows: distinct real-shaped listings (宝贝ID, 宝贝标题 spliced from two real
titles of ../shared/data so no cache answers them, 品牌/类目 cycled from the
shipped sample listings), plus a few junk rows. Keyword table: the synthetic
10,000-query table of bench_batch_data.py (needs ../shared/data), else the
sample. Everything is generated in a temporary folder and deleted.

Each engine is timed in two parts: **start-up** (the session or cluster, then
a warm-up that builds one ``TitleOptimizer`` in each worker process: Dask's
``client.run`` on every worker, a few tiny Spark tasks) and **steady** (the
whole table on warm workers; Spark writes to the ``noop`` sink, so the
driver's collect is not timed). The CLI is timed whole (``titleopt rewrite
--jobs N``, start-up included) and its start-up alone on a one-row file.
Every output is compared cell by cell with the CLI's ``--jobs 1`` output
(Spark's computed a second time, untimed). The load average is
printed before and after: the machine is shared, so read ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_batch_data as data  # noqa: E402
from _data import spliced_titles  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
ADDED = ("new_title", "score_before", "score_after", "length_before", "length_after", "added", "removed",
         "findings", "error")
ENGINES = ("cli", "pandas", "dask", "spark")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def line(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<34} {value:>16}  {note}", flush=True)


def make_rows(n: int) -> list[dict[str, str]]:
    with open(ROOT / "dictionaries" / "sample" / "listings.csv", encoding="utf-8") as fh:
        sample = list(csv.DictReader(fh))
    base = data.real_titles() if data.available() else [r["宝贝标题"] for r in sample]
    titles = spliced_titles(base, n)
    junk = ["", "纯棉短袖\x00T恤男", "纯棉短袖T恤男宽松" * 700, "   "]
    rows = []
    for i, t in enumerate(titles):
        s = sample[i % len(sample)]
        rows.append({"宝贝ID": str(i + 1), "宝贝标题": junk[i // 1000 % 4] if i % 1000 == 999 else t,
                     "品牌": s["品牌"], "类目": s["类目"]})
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def same(got: list[dict[str, Any]], ref: list[dict[str, Any]]) -> str:
    got = sorted(got, key=lambda r: int(r["宝贝ID"]))
    bad = sum(1 for g, r in zip(got, ref, strict=True) for c in ADDED if g[c] != r[c])
    return "same cells as CLI" if len(got) == len(ref) and not bad else f"DIFFERS: {bad} cells"


# ----------------------------------------------------------------- engines
def run_cli(tmp: Path, rows: list[dict[str, str]], keywords: Path, results: dict) -> list[dict[str, Any]]:
    src = write_jsonl(tmp / "in.jsonl", rows)
    one = write_jsonl(tmp / "one.jsonl", rows[:1])
    cmd = [sys.executable, "-m", "titleopt.cli", "rewrite", "-k", str(keywords), "-q"]
    t = time.perf_counter()
    subprocess.run([*cmd, str(one), "-o", str(tmp / "one-out.jsonl")], env=ENV, cwd=ROOT, check=True)
    startup = time.perf_counter() - t
    line("cli start-up (one-row file)", f"{startup:.1f} s")
    ref: list[dict[str, Any]] = []
    for jobs in (1, 2):
        out = tmp / f"cli-{jobs}.jsonl"
        t = time.perf_counter()
        subprocess.run([*cmd, "--jobs", str(jobs), str(src), "-o", str(out)], env=ENV, cwd=ROOT, check=True)
        wall = time.perf_counter() - t
        with open(out, encoding="utf-8") as fh:
            got = [json.loads(x) for x in fh]
        ref = ref or got
        rate = len(rows) / wall
        steady = len(rows) / (wall - startup) if wall > 2 * startup else rate  # too few rows to subtract it
        results[f"cli-{jobs}"] = steady
        line(f"cli --jobs {jobs}", f"{rate:,.0f} rows/s", f"{wall:.1f} s whole; {steady:,.0f} rows/s without "
             f"start-up; {same(got, ref)}")
    return ref


def run_pandas(rows, keywords, ref, results) -> None:
    import pandas as pd

    import titleopt.frame as tf

    job = tf.rewrite_job(keywords)
    df = pd.DataFrame(rows)
    t = time.perf_counter()
    tf.apply(df.iloc[:20], job)
    startup = time.perf_counter() - t
    t = time.perf_counter()
    out = tf.apply(df, job)
    wall = time.perf_counter() - t
    results["pandas-1"] = len(rows) / wall
    line("pandas, 1 process", f"{len(rows) / wall:,.0f} rows/s",
         f"{wall:.1f} s; build {startup:.1f} s; {same(out.to_dict('records'), ref)}")


def _warm(job: Any, rows: list[dict[str, str]]) -> float:
    """Run ``job`` on a few rows in this (worker) process: the seconds its one build took."""
    import pandas as pd

    import titleopt.frame as tf

    t = time.perf_counter()
    tf.apply(pd.DataFrame(rows), job)
    return time.perf_counter() - t


def run_dask(rows, keywords, ref, results) -> None:
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    import titleopt.frame as tf
    from titleopt.frame import dask as tfd

    os.environ.update({"PYTHONPATH": ENV["PYTHONPATH"]})
    job = tf.rewrite_job(keywords)
    job.check(list(rows[0]))  # the driver's own check, as tfd.apply does, not timed below
    for workers in (1, 2):
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
        t1 = time.perf_counter()
        with dask.config.set({"dataframe.convert-string": False}):
            full = dd.from_pandas(pd.DataFrame(rows), npartitions=8 * workers)
        builds = client.run(_warm, job, rows[:10])  # in every worker process: its one build, timed there
        t2 = time.perf_counter()
        out = tfd.apply(full, job, check=False).compute()
        wall = time.perf_counter() - t2
        results[f"dask-{workers}"] = len(rows) / wall
        line(f"dask, {workers} worker(s)", f"{len(rows) / wall:,.0f} rows/s",
             f"{wall:.1f} s; cluster {t1 - t0:.1f} s, build in each worker "
             f"{', '.join(f'{b:.1f}' for b in builds.values())} s; "
             f"{same(out.to_dict('records'), ref)}")
        client.close()
        cluster.close()


def run_spark(rows, keywords, ref, results) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType

    import titleopt.frame as tf
    from titleopt.frame import spark as tfs

    os.environ.update({"PYTHONPATH": ENV["PYTHONPATH"], "PYSPARK_PYTHON": sys.executable})
    job = tf.rewrite_job(keywords)
    job.check(list(rows[0]))
    schema = StructType([StructField(c, StringType(), True) for c in rows[0]])
    for workers in (1, 2):
        t0 = time.perf_counter()
        spark = (SparkSession.builder.master(f"local[{workers}]").appName("bench_scale")
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                 .config("spark.driver.host", "127.0.0.1")
                 .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        t1 = time.perf_counter()
        # Warm-up: several small tasks, so that every Python worker meets the job once (its build).
        warm = spark.createDataFrame([tuple(r.values()) for r in rows[: 8 * workers]], schema).repartition(4 * workers)
        tfs.apply(warm, job, row_column="宝贝ID", check=False).collect()
        t_warm = time.perf_counter() - t1
        full = spark.createDataFrame([tuple(r.values()) for r in rows], schema).repartition(4 * workers).cache()
        full.count()  # the input is in executor memory before the clock starts
        out = tfs.apply(full, job, row_column="宝贝ID", check=False)
        t2 = time.perf_counter()
        out.write.format("noop").mode("overwrite").save()  # compute every row, collect nothing
        wall = time.perf_counter() - t2
        got = out.toPandas().to_dict("records")  # again, untimed, for the comparison
        results[f"spark-{workers}"] = len(rows) / wall
        line(f"spark local[{workers}]", f"{len(rows) / wall:,.0f} rows/s",
             f"{wall:.1f} s; session {t1 - t0:.1f} s, warm-up (Python workers start, build) {t_warm:.1f} s; "
             f"{same(got, ref)}")
        spark.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=6000)
    ap.add_argument("--keywords", choices=["10k", "sample"], default="10k")
    ap.add_argument("--only", default=",".join(ENGINES), help=f"comma-separated subset of {','.join(ENGINES)}")
    ap.add_argument("--no-cache", action="store_true",
                    help="TITLEOPT_CACHE_DIR= (off): every process builds the dictionary and reads the table")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"bench_scale {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}, load {load()}, dictionary cache {'off' if args.no_cache else 'on'}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_s:
        tmp = Path(tmp_s)
        # The CLI's dictionary and table cache (inherited by every worker), in the run's folder, not the user's.
        os.environ["TITLEOPT_CACHE_DIR"] = "" if args.no_cache else str(tmp / "cache")
        ENV["TITLEOPT_CACHE_DIR"] = os.environ["TITLEOPT_CACHE_DIR"]
        if args.keywords == "10k" and data.available():
            keywords = data.write_keyword_table(tmp / "keywords.csv")
        else:
            keywords = ROOT / "dictionaries" / "sample" / "keywords.csv"
        rows = make_rows(args.rows)
        print(f"{len(rows):,} rows ({'real' if data.available() else 'sample'} titles spliced), keyword table "
              f"{keywords.name} ({sum(1 for _ in open(keywords, encoding='utf-8')) - 1:,} rows)")
        results: dict[str, float] = {}
        ref = run_cli(tmp, rows, keywords, results)  # always: the reference output
        for name, fn in (("pandas", run_pandas), ("dask", run_dask), ("spark", run_spark)):
            if name in only:
                try:
                    fn(rows, keywords, ref, results)
                except ImportError as exc:
                    line(name, "skipped", f"({exc.name} is not installed)")
    print(f"load after: {load()}")
    base = results.get("cli-1")
    if base:
        print("steady rows/s relative to `titleopt rewrite --jobs 1` (start-up excluded):")
        for k, v in results.items():
            print(f"  {k:<12} {v:>8,.0f} rows/s  {v / base:.2f}x")


if __name__ == "__main__":
    main()
