"""titleopt.frame.dask on a local cluster of 2 worker processes: output equals the CLI's, one build per worker.

Needs dask and distributed (``pip install 'titleopt[dask]'``); skipped otherwise. Takes ~15 s.
"""

from __future__ import annotations

import pytest
from frame_support import COMPETITORS, KEYWORDS, ROOT, assert_same_cells, cli_file, table, worker_env

pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'titleopt[dask]')")
pytest.importorskip("dask.dataframe", reason="dask[dataframe] is not installed (pip install 'titleopt[dask]')")
pytest.importorskip("distributed", reason="distributed is not installed (pip install 'titleopt[dask]')")

import titleopt.frame as tf  # noqa: E402
from titleopt.batch import REWRITE_COLUMNS  # noqa: E402


@pytest.fixture(scope="module")
def worker_tmp(tmp_path_factory):
    """The worker processes' temporary folder (TMPDIR), private to this module's cluster."""
    return tmp_path_factory.mktemp("dask-workers-tmp")


@pytest.fixture(scope="module")
def client(worker_tmp):
    from distributed import Client, LocalCluster

    with pytest.MonkeyPatch.context() as mp:
        for k, v in worker_env().items():
            mp.setenv(k, v)  # worker processes import titleopt from this tree
        mp.setenv("TMPDIR", str(worker_tmp))
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        c = Client(cluster)
        yield c
        c.close()
        cluster.close()


def _built_count() -> int:
    from titleopt.frame.job import built_count

    return built_count()


def _titleopt_file() -> str:
    import titleopt

    return titleopt.__file__


def _dask_frame(rows, npartitions):
    """Dask turns object columns into strings itself ("dataframe.convert-string"), 2025.0 into "2025.0",
    before titleopt sees them; without that conversion non-text cells are read as the CLI reads them."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(pd.DataFrame(rows), npartitions=npartitions)


def test_rewrite_on_dask_equals_cli_one_build_per_worker(client, tmp_path):

    from titleopt.frame import dask as tfd

    assert set(client.run(_titleopt_file).values()) == {str(ROOT / "titleopt" / "__init__.py")}
    rows = table()
    ref = cli_file(tmp_path, "rewrite", rows, "-k", KEYWORDS, "-c", COMPETITORS)
    ddf = _dask_frame(rows, 6)
    job = tf.rewrite_job(KEYWORDS, COMPETITORS)
    out = tfd.apply(ddf, job)
    assert list(out.columns) == [*rows[0], *REWRITE_COLUMNS]
    got = out.compute()
    assert got.index.tolist() == list(range(len(rows)))
    assert_same_cells(got.to_dict("records"), ref, list(REWRITE_COLUMNS))
    assert sum(bool(e) for e in got["error"]) >= 6
    builds = client.run(_built_count)
    assert sorted(builds.values()) == [1, 1], builds  # 6 partitions, 2 workers: one build each


def test_lint_on_dask_equals_pandas(client):
    from titleopt.frame import dask as tfd

    rows = table(n_real=40)
    job = tf.lint_job(fix=True)
    local = tf.apply(pd.DataFrame(rows), job)
    got = tfd.apply(_dask_frame(rows, 3), job).compute()
    for col in ("fixed_title", "findings", "severity", "error"):
        assert got[col].tolist() == local[col].tolist()


def _tmpdir() -> str:
    import tempfile

    return tempfile.gettempdir()


def test_workers_leave_no_files(client, worker_tmp):
    """A job's files are removed once it has started, not when the worker process ends (which may run no clean-up)."""
    from titleopt.frame import dask as tfd

    rows = table(n_real=20)
    got = tfd.apply(_dask_frame(rows, 4), tf.shorten_job(KEYWORDS, limit=15), check=False).compute()
    assert len(got) == len(rows) and got["short_title"].str.len().gt(0).any()
    assert set(client.run(_tmpdir).values()) == {str(worker_tmp)}
    assert sorted(p.name for p in worker_tmp.glob("titleopt-*")) == []
