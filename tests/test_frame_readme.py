"""The README's "At scale" examples, run as written on a CSV with junk rows, give the CLI's cells for every row.

Each block is executed with only its file names replaced; the Spark block
needs Java and pyspark, the Dask block dask and distributed (skipped otherwise).
"""

from __future__ import annotations

import csv
import re
import shutil
import sys

import pytest
from frame_support import KEYWORDS, ROOT, assert_same_cells, cli, read_jsonl, table, worker_env

pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'titleopt[frame]')")

from titleopt.batch import REWRITE_COLUMNS  # noqa: E402

README = ROOT / "README.md"


def block(engine: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"```python\n# {engine}\b.*?\n(.*?)```", text, re.S)
    assert found, f"README lost its {engine} example"
    return found.group(1)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """listings.csv (real-shaped, junk rows included) and the CLI's output for it, as the reference."""
    tmp = tmp_path_factory.mktemp("readme")
    rows = [r for r in table(n_real=80, text_only=True) if "\x00" not in str(r["宝贝标题"])]  # NUL: not in a CSV
    listings = tmp / "listings.csv"
    with open(listings, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    cli("rewrite", listings, "-k", KEYWORDS, "-o", tmp / "cli.jsonl", "-q")
    return tmp, listings, read_jsonl(tmp / "cli.jsonl")


def run(code: str, tmp, listings) -> dict:
    code = code.replace('"keywords.csv"', repr(str(KEYWORDS))).replace('"listings.csv"', repr(str(listings)))
    code = code.replace('"listings_rewritten"', repr(str(tmp / "out.parquet")))
    scope: dict = {"__name__": "__main__"}
    exec(compile(code, "README.md", "exec"), scope)
    return scope


def test_pandas_example(files):
    tmp, listings, ref = files
    out = run(block("pandas"), tmp, listings)["out"]
    assert_same_cells(out.to_dict("records"), ref, list(REWRITE_COLUMNS))


def test_dask_example(files, monkeypatch):
    pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed (pip install 'titleopt[dask]')")
    pytest.importorskip("distributed", reason="distributed is not installed (pip install 'titleopt[dask]')")
    tmp, listings, ref = files
    for k, v in worker_env().items():
        monkeypatch.setenv(k, v)
    shutil.rmtree(tmp / "out.parquet", ignore_errors=True)
    scope = run(block("Dask"), tmp, listings)
    scope["client"].close()
    got = pd.read_parquet(tmp / "out.parquet").sort_values("row")
    assert_same_cells(got.to_dict("records"), ref, list(REWRITE_COLUMNS))


def test_spark_example(files, monkeypatch):
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (17+), which is not installed")
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'titleopt[spark]')")
    from pyspark.sql import SparkSession

    tmp, listings, ref = files
    for k, v in worker_env().items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    # The example's getOrCreate() picks up this session: local, no UI, loopback only.
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    shutil.rmtree(tmp / "out.parquet", ignore_errors=True)
    try:
        run(block("Spark"), tmp, listings)
    finally:
        spark.stop()
    got = pd.read_parquet(tmp / "out.parquet").sort_values("row")
    assert_same_cells(got.to_dict("records"), ref, list(REWRITE_COLUMNS))
