"""titleopt.frame on pandas: the CLI's columns and values, row for row, one build per process."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import subprocess
import sys
from collections import defaultdict

import pytest
from frame_support import (
    COMPETITORS,
    KEYWORDS,
    ROOT,
    assert_same_cells,
    cli,
    cli_file,
    table,
)
from hypothesis import given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas", reason="pandas is not installed (pip install 'titleopt[frame]')")

import titleopt.frame as tf  # noqa: E402
from titleopt.batch import REWRITE_COLUMNS, SHORTEN_COLUMNS  # noqa: E402
from titleopt.errors import InputError  # noqa: E402
from titleopt.frame.job import built_job  # noqa: E402

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def rows():
    return table()


def test_rewrite_equals_cli(tmp_path, rows):
    ref = cli_file(tmp_path, "rewrite", rows, "-k", KEYWORDS, "-c", COMPETITORS, "--candidates", "2")
    out = tf.rewrite(pd.DataFrame(rows), KEYWORDS, COMPETITORS, candidates=2)
    added = [*REWRITE_COLUMNS, "candidate_2"]
    assert list(out.columns) == list(ref[0])  # input columns, then the CLI's, in its order
    assert_same_cells(out.to_dict("records"), ref, added)
    errors = out["error"].tolist()
    assert sum(bool(e) for e in errors) >= 6  # the junk rows are errors, and the run went on
    assert out["new_title"].map(type).eq(str).all()


def test_shorten_equals_cli(tmp_path, rows):
    ref = cli_file(tmp_path, "shorten", rows, "--limit", "14", "--keep-brand")
    out = tf.shorten(pd.DataFrame(rows), limit=14, keep_brand=True)
    assert_same_cells(out.to_dict("records"), ref, list(SHORTEN_COLUMNS))


def test_a_row_note_is_one_warning_naming_its_rows():
    # the brand did not fit in rows 1 and 3: one warning naming both, not one line per row (a million-row
    # frame printed a million); the rows are the frame's own numbers, as the CLI names a file's rows
    import warnings

    from titleopt.errors import TitleoptWarning

    frame = pd.DataFrame({"title": ["禾衫2025新款纯棉短袖T恤男宽松大码潮流", "纯棉T恤", "棉语纯棉T恤女宽松"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = tf.shorten(frame, limit=3, keep_brand=True)
    notes = [str(w.message) for w in caught if issubclass(w.category, TitleoptWarning)]
    assert len(notes) == 1 and "brand does not fit" in notes[0] and notes[0].startswith("rows "), notes
    assert len(out) == 3


def test_rerun_on_output_names_columns_like_cli(tmp_path, rows):
    first = tf.shorten(pd.DataFrame(rows[:30]))
    ref = cli_file(tmp_path, "shorten", first.to_dict("records"))
    again = tf.shorten(first)
    assert list(again.columns) == list(ref[0])
    assert "short_title.1" in again.columns
    assert_same_cells(again.to_dict("records"), ref, ["short_title.1", "short_length.1", "error.1"])


def _groups(rows):
    """Valid titles grouped by (brand, category): one CLI call per group, as the CLI takes them as options."""
    groups = defaultdict(list)
    for i, r in enumerate(rows):
        t = r["宝贝标题"]
        if isinstance(t, str) and t.strip() and t.isprintable() and len(t) < 200 and not t.startswith("-"):
            groups[(r["品牌"], r["类目"])].append(i)
    return groups


def test_analyze_equals_cli_json(rows):
    out = tf.analyze(pd.DataFrame(rows), KEYWORDS, COMPETITORS).to_dict("records")
    checked = 0
    for (brand, category), idx in _groups(rows).items():
        opts = [*(["--brand", brand] if brand else []), *(["--category", category] if category else [])]
        titles = [rows[i]["宝贝标题"] for i in idx]
        reports = json.loads(cli("analyze", "-k", KEYWORDS, "-c", COMPETITORS, *opts, "--format", "json",
                                 "--", *titles))
        reports = reports if isinstance(reports, list) else [reports]
        for i, rep in zip(idx, reports, strict=True):
            got = out[i]
            assert got["error"] == ""
            assert float(got["score"]) == pytest.approx(rep["score"], abs=0.005)
            assert float(got["coverage"]) == pytest.approx(rep["coverage"], abs=0.00005)
            assert (got["length"], got["limit"]) == (str(rep["length"]), str(rep["limit"]))
            assert got["product_word"] == (rep["product_word"] or "")
            assert got["covered"] == "; ".join(m["keyword"] for m in rep["matches"])
            assert got["missing"] == "; ".join(m["keyword"] for m in rep["missing"])
            assert float(got["max_cosine"]) == pytest.approx(rep["competitors"]["max_cosine"], abs=0.00005)
            assert got["near_copies"] == str(len(rep["competitors"]["near_copies"]))
            assert got["findings"] == " | ".join(f"{f['code']}:{f['message']}" for f in rep["findings"])
            checked += 1
    assert checked > 150


def test_analyze_category_without_competitors_is_a_row_error():
    df = pd.DataFrame({"title": ["纯棉短袖T恤男", "纯棉短袖T恤男"], "类目": ["无此类目", "T恤"]})
    out = tf.analyze(df, KEYWORDS, COMPETITORS)
    assert out["error"][0] == "row 1, column '类目': no competitor titles of category '无此类目' in the file"
    assert out["error"][1] == "" and float(out["score"][1]) > 0


def test_lint_fix_equals_cli_json(rows, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no [tool.titleopt] from a pyproject.toml: the frame reads none either
    out = tf.lint(pd.DataFrame(rows), fix=True, today=TODAY).to_dict("records")
    checked = 0
    for (brand, category), idx in _groups(rows).items():
        opts = [*(["--brand", brand] if brand else []), *(["--category", category] if category else [])]
        titles = [rows[i]["宝贝标题"] for i in idx]
        records = json.loads(cli("lint", "--fix", "--today", TODAY.isoformat(), *opts, "--format", "json",
                                 "--", *titles))
        for i, rec in zip(idx, records, strict=True):
            got = out[i]
            assert got["fixed_title"] == rec["fixed"]
            assert got["findings"] == " | ".join(f"{f['code']}:{f['message']}" for f in rec["findings"])
            severities = {f["severity"] for f in rec["findings"]}
            assert got["severity"] == next((s for s in ("error", "warning", "info") if s in severities), "")
            checked += 1
    assert checked > 150
    nul = next(r for r in out if "\x00" in str(r["宝贝标题"]))
    assert "control character U+0000" in nul["error"]


def test_one_build_per_process_and_job(rows):
    job = tf.rewrite_job(KEYWORDS)
    df = pd.DataFrame(rows[:40])
    a = tf.apply(df.iloc[:20], job)
    shared = built_job(job, [str(c) for c in df.columns])
    optimizer = shared.job.optimizer
    b = tf.apply(df.iloc[20:], job)  # another partition: same built job, same optimizer
    assert built_job(tf.rewrite_job(KEYWORDS, platform="jd"), df.columns) is not shared  # another job: its own
    assert built_job(job, df.columns) is shared and shared.job.optimizer is optimizer
    whole = tf.apply(df, job)
    assert pd.concat([a, b])["new_title"].tolist() == whole["new_title"].tolist()


def test_empty_frame_builds_nothing():
    job = tf.rewrite_job(KEYWORDS, today=TODAY)
    out = tf.apply(pd.DataFrame({"title": pd.Series([], dtype=object)}), job)
    assert list(out.columns) == ["title", *REWRITE_COLUMNS]
    assert built_job(job, ["title"]).job.optimizer is None


def test_job_level_problems_raise():
    with pytest.raises(InputError, match="title"):
        tf.shorten(pd.DataFrame({"name": ["纯棉T恤"]}))
    with pytest.raises(InputError, match="row_column"):
        tf.shorten(pd.DataFrame({"title": ["纯棉T恤"]}), row_column="id")
    with pytest.raises(InputError, match="more than one column named 'title'"):
        tf.shorten(pd.DataFrame([["a", "b"]], columns=["title", "title"]))
    bad = tf.FileData("keywords.csv", "这不是表格\n".encode())
    with pytest.raises(InputError):
        tf.rewrite_job(bad).check()


def test_job_travels_small_and_is_keyed_by_content(tmp_path):
    job = tf.rewrite_job(KEYWORDS, COMPETITORS, today=TODAY)
    blob = pickle.dumps(job)
    assert len(blob) < KEYWORDS.stat().st_size + COMPETITORS.stat().st_size + 2000
    assert pickle.loads(blob).key == job.key == tf.rewrite_job(KEYWORDS, COMPETITORS, today=TODAY).key
    changed = tmp_path / "keywords.csv"
    changed.write_bytes(KEYWORDS.read_bytes() + "t恤男士,100,1%,1%,10\n".encode())
    assert tf.rewrite_job(changed, COMPETITORS, today=TODAY).key != job.key


def test_row_column_numbers_errors():
    df = pd.DataFrame({"id": [1001, 1002], "title": ["纯棉短袖T恤", ""]})
    out = tf.shorten(df, row_column="id")
    assert out["error"].tolist() == ["", "row 1002, column 'title': the title is empty"]


@pytest.mark.parametrize("module", ["titleopt", "titleopt.frame"])
def test_import_does_not_load_pandas(module):
    code = f"import sys, {module}; print(sorted(m for m in ('pandas', 'pyspark', 'dask') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_worker_ending_with_os_exit_leaves_no_files(tmp_path, rows):
    """Spark's Python workers end with os._exit, so no finalizer may be counted on to remove the job's files.

    A child process with its own temporary folder does what a worker does with
    every kind of job (a check, column names only, an empty partition, rows;
    analyze meets categories after it started) and ends with os._exit: no
    titleopt folder may remain (the files used to stay until the process
    exited normally, so Spark runs left a copy of the keyword table per worker).
    """
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    frame = tmp_path / "rows.pkl"
    frame.write_bytes(pickle.dumps(pd.DataFrame(rows[:30])))
    brands = tmp_path / "brands.txt"
    brands.write_text("棉趣坊\n", encoding="utf-8")
    code = f"""if True:
        import os, tempfile
        import pandas as pd
        import titleopt.frame as tf
        df = pd.read_pickle({str(frame)!r})
        kw, comp = {str(KEYWORDS)!r}, {str(COMPETITORS)!r}
        jobs = [tf.rewrite_job(kw, comp), tf.shorten_job(kw), tf.analyze_job(kw, comp),
                tf.lint_job(dictionaries=[{str(brands)!r}])]
        for job in jobs:
            job.check(list(df.columns))
            tf.added_columns(["title"], job)  # built, never started
            tf.apply(df.iloc[:0], job)
            out = tf.apply(df, job)
        assert out["findings"].str.len().gt(0).any() and tf.apply(df, jobs[2])["missing"].str.len().gt(0).any()
        print(tempfile.gettempdir(), flush=True)
        os._exit(0)
    """
    env = {**os.environ, "TMPDIR": str(tmp)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp)
    assert sorted(p.name for p in tmp.glob("titleopt-*")) == []


_SHORTEN = tf.shorten_job(limit=10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats()), min_size=1, max_size=8))
def test_any_cells_give_one_row_each_and_never_raise(cells):
    df = pd.DataFrame({"title": pd.Series(cells, dtype=object)})
    out = tf.apply(df, _SHORTEN)
    assert len(out) == len(df) and out.index.equals(df.index)
    for short, err in zip(out["short_title"], out["error"], strict=True):
        assert isinstance(short, str) and isinstance(err, str)
        assert not (err and short)  # a failed row has only its error cell
