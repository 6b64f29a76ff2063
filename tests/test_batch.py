"""The batch runner: nothing lost, order kept, errors in their rows, same bytes for any --jobs.

Inputs are built the way sellers' files arrive (GBK CSV with Chinese headers,
UTF-8 XLSX, JSONL with a broken line) from the shipped sample listings.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from titleopt.batch import (
    CHANGED,
    REWRITE_COLUMNS,
    UNCHANGED,
    BatchJob,
    RewriteJob,
    RowOutcome,
    parse_attributes,
    run_batch,
    split_terms,
)
from titleopt.errors import ConfigError, InputError
from titleopt.io import Table
from titleopt.platforms import title_length

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
KEYWORDS = str(SAMPLE / "keywords.csv")
TODAY = dt.date(2026, 11, 25)
HEADER = ["宝贝ID", "宝贝标题", "品牌", "类目", "属性", "必留词", "禁用词", "备注"]
LONG_TITLE = ("纯棉短袖T恤女宽松夏季" * 200)[:2000]


def sample_rows() -> list[dict[str, str]]:
    with open(SAMPLE / "listings.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def as_row(r: dict[str, str]) -> list[str]:
    return [r["宝贝ID"], r["宝贝标题"], r["品牌"], r["类目"], r["属性"], r["必留词"], "", ""]


def seller_rows() -> list[list[str]]:
    """Sample listings plus the rows a real export contains: empty, huge, formula-looking, broken."""
    rows = [
        [r["宝贝ID"], r["宝贝标题"], r["品牌"], r["类目"], r["属性"], r["必留词"], "", ""] for r in sample_rows()[:8]
    ]
    rows += [
        ["900", "", "棉语", "T恤", "", "", "", "empty title"],
        ["901", LONG_TITLE, "", "T恤", "", "", "", "2,000 characters"],
        ["902", "棉语纯棉短袖T恤女", "棉语", "T恤", "", "", "", '=HYPERLINK("http://evil.example","点我")'],
        ["903", "禾衫纯棉短袖T恤男", "禾衫", "T恤", "", "", "", "+86 138-0000-0000"],
        ["904", "禾衫纯棉短袖T恤男", "禾衫", "T恤", "", "", "", "-5"],
        ["905", "棉语纯棉短袖T恤女", "棉语", "T恤", "材质纯棉", "", "", "malformed attributes"],
        ["906", "棉语纯棉短袖T恤女", "棉语", "T恤", "", "超长必留词" * 8, "", "impossible must-keep"],
        ["907", "棉语纯棉短袖T恤女宽松", "棉语", "T恤", '{"材质": "纯棉"}', "", "宽松；韩版", "forbid 宽松"],
        ["908", "棉语纯棉短袖T恤女", "棉语", "T恤", "", "", "", "-abc"],
    ]
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "gbk", header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        r = csv.reader(fh)
        header = next(r)
        return header, [dict(zip(header, row, strict=True)) for row in r]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def gbk_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One jobs=1 run over the seller's GBK file, shared by the tests that inspect it."""
    d = tmp_path_factory.mktemp("gbk")
    src = write_csv(d / "listings.csv", seller_rows())
    before = digest(src)
    out = d / "new.csv"
    job = RewriteJob(keywords=KEYWORDS, today=TODAY)
    summary = run_batch(job, str(src), str(out))
    header, rows = read_csv(out)
    return {"src": src, "before": before, "out": out, "summary": summary, "header": header, "rows": rows}


# ------------------------------------------------------------------ cells
def test_parse_attributes_forms() -> None:
    assert parse_attributes("材质：纯棉；袖长:短袖") == {"材质": "纯棉", "袖长": "短袖"}
    assert parse_attributes("颜色:黑色,白色; 尺码:M-3XL;") == {"颜色": "黑色,白色", "尺码": "M-3XL"}
    assert parse_attributes('{"材质": "纯棉", "颜色": ["黑", "白"], "n": 1}') == {
        "材质": "纯棉",
        "颜色": "黑, 白",
        "n": "1",
    }
    assert parse_attributes("  ") == {}
    assert parse_attributes(None) == {}


@pytest.mark.parametrize("bad", ["材质纯棉", ":纯棉", '{"材质": ', '["纯棉"]'])
def test_parse_attributes_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_attributes(bad)


def test_split_terms_separators() -> None:
    assert split_terms("棉语;T恤, 卫衣|连帽 加绒；秋冬，外套、上衣") == [
        "棉语",
        "T恤",
        "卫衣",
        "连帽",
        "加绒",
        "秋冬",
        "外套",
        "上衣",
    ]
    assert split_terms("") == []


# ------------------------------------------------------------ seller file
def test_gbk_rows_and_order_kept(gbk_run: dict[str, Any]) -> None:
    rows_in = seller_rows()
    rows_out = gbk_run["rows"]
    assert len(rows_out) == len(rows_in)
    assert [r["宝贝ID"] for r in rows_out] == [r[0] for r in rows_in]
    assert gbk_run["header"] == HEADER + list(REWRITE_COLUMNS)
    for src, out in zip(rows_in, rows_out, strict=True):
        # every input cell is kept (formula-looking ones only gain the escaping quote)
        for col, value in zip(HEADER, src, strict=True):
            assert out[col].removeprefix("'") == value, (col, value)
    assert digest(gbk_run["src"]) == gbk_run["before"], "the input file was modified"


def test_gbk_rewrites_good_rows(gbk_run: dict[str, Any]) -> None:
    ok = [r for r in gbk_run["rows"] if not r["error"]]
    assert len(ok) == len(gbk_run["rows"]) - 3
    for r in ok:
        assert r["new_title"]
        assert 0 <= float(r["score_before"]) <= 100 and 0 <= float(r["score_after"]) <= 100
        assert int(r["length_after"]) <= 60
    first = gbk_run["rows"][0]
    assert float(first["score_after"]) >= float(first["score_before"])
    changed = [r for r in ok if r["new_title"] != r["宝贝标题"]]
    assert changed and all(r["added"] or r["removed"] for r in changed)
    # forbid column honoured
    row907 = next(r for r in gbk_run["rows"] if r["宝贝ID"] == "907")
    assert "宽松" not in row907["new_title"] and "宽松" in row907["removed"]


def test_gbk_errors_in_their_rows(gbk_run: dict[str, Any]) -> None:
    by_id = {r["宝贝ID"]: r for r in gbk_run["rows"]}
    # header is row 1, data starts at row 2: ID 900 is the 9th data row
    assert by_id["900"]["error"] == "row 10, column '宝贝标题': the title is empty"
    assert by_id["905"]["error"].startswith("row 15, column '属性': attribute '材质纯棉' is not key:value")
    assert by_id["906"]["error"].startswith("row 16, column '必留词': ")
    assert "limit" in by_id["906"]["error"]
    for k in ("900", "905", "906"):
        assert by_id[k]["new_title"] == "" and by_id[k]["score_after"] == ""
    s = gbk_run["summary"]
    assert (s.rows, s.errors) == (len(seller_rows()), 3)
    assert s.changed + s.unchanged == s.rows - 3
    assert s.error_rows == [10, 15, 16]


def test_long_title_is_processed(gbk_run: dict[str, Any]) -> None:
    r = next(r for r in gbk_run["rows"] if r["宝贝ID"] == "901")
    assert r["error"] == ""
    assert (
        int(r["length_before"]) == title_length(LONG_TITLE, platform="taobao") > 3000 and int(r["length_after"]) <= 60
    )


def test_formula_cells_escaped(gbk_run: dict[str, Any]) -> None:
    by_id = {r["宝贝ID"]: r for r in gbk_run["rows"]}
    assert by_id["902"]["备注"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert by_id["903"]["备注"] == "'+86 138-0000-0000"
    assert by_id["904"]["备注"] == "-5"  # a plain negative number is data
    assert by_id["908"]["备注"] == "'-abc"


def test_output_is_utf8_with_bom(gbk_run: dict[str, Any]) -> None:
    raw = gbk_run["out"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


# ------------------------------------------------------------- determinism
def test_jobs_1_and_2_give_identical_bytes(tmp_path: Path) -> None:
    rows = [as_row(r) for r in sample_rows()]
    rows = rows[:44] + seller_rows()[8:]  # ~50 rows, errors included, spread over several chunks
    src = write_csv(tmp_path / "in.csv", rows, encoding="utf-8")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.csv"
        s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(out), jobs=jobs, chunk_size=7)
        assert s.rows == len(rows)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_today_is_fixed_by_the_job(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", [["1", "2024新款纯棉短袖T恤女", "", "T恤", "", "", "", ""]], encoding="utf-8")
    titles = {}
    for year in (2025, 2030):
        out = tmp_path / f"{year}.csv"
        run_batch(RewriteJob(keywords=KEYWORDS, today=dt.date(year, 1, 1)), str(src), str(out))
        titles[year] = read_csv(out)[1][0]
    assert "2024" in titles[2025]["new_title"]
    assert "2024" not in titles[2030]["new_title"] and "2024" in titles[2030]["removed"]


def test_cache_reuses_results_without_mixing_rows(tmp_path: Path) -> None:
    rows = [["1", "棉语纯棉短袖T恤女", "", "", "", "", "", ""]] * 3 + [["2", "", "", "", "", "", "", ""]] * 2
    src = write_csv(tmp_path / "in.csv", rows, encoding="utf-8")
    job = RewriteJob(keywords=KEYWORDS, today=TODAY)
    run_batch(job, str(src), str(tmp_path / "out.csv"))
    assert (job.cache_misses, job.cache_hits) == (2, 3)
    _, out = read_csv(tmp_path / "out.csv")
    assert out[0]["new_title"] == out[1]["new_title"] == out[2]["new_title"]
    assert out[3]["error"].startswith("row 5,") and out[4]["error"].startswith("row 6,")
    nocache = RewriteJob(keywords=KEYWORDS, today=TODAY, cache_size=0)
    run_batch(nocache, str(src), str(tmp_path / "out2.csv"))
    assert nocache.cache_hits == 0
    assert (tmp_path / "out2.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()


# ------------------------------------------------------------------ formats
def test_xlsx_in_xlsx_out(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["商品标题", "品牌", "价格"])
    ws.append(["棉语纯棉短袖T恤女宽松夏季", "棉语", 39.9])
    ws.append([None, "棉语", 10])
    ws.append(["禾衫纯棉短袖T恤男", "禾衫", "=1+1"])
    ws["C4"].data_type = "s"  # a text cell that looks like a formula (as typed with a leading ')
    src = tmp_path / "in.xlsx"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(out))
    assert (s.rows, s.errors) == (3, 1)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert list(rows[0]) == ["商品标题", "品牌", "价格", *REWRITE_COLUMNS]
    assert len(rows) == 4
    assert rows[1][0] == "棉语纯棉短袖T恤女宽松夏季" and rows[1][3]
    assert rows[2][-1] == "row 3, column '商品标题': the title is empty"
    # formula-looking text is written back escaped, never as a formula
    assert str(rows[3][2]).startswith("'=")


def test_all_empty_rows_are_rows_and_blank_lines_are_not(tmp_path: Path) -> None:
    """An upload script pairs output row i with input row i: a row of empty cells keeps its place.

    A blank line is no row (pandas and csv.DictReader skip it too), and trailing
    empty rows of a sheet's used range are formatting debris (pandas drops them).
    """
    src = tmp_path / "in.csv"
    src.write_text("商品标题,品牌\n,,\n\n棉语纯棉短袖T恤女,棉语\n , \n", encoding="utf-8")
    out = tmp_path / "out.csv"
    s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(out))
    _, rows = read_csv(out)
    assert (s.rows, s.errors, len(rows)) == (3, 2, 3)
    assert rows[0]["error"] == "row 2, column '商品标题': the title is empty"
    assert rows[1]["商品标题"] == "棉语纯棉短袖T恤女" and rows[1]["new_title"]
    assert rows[2]["error"] == "row 5, column '商品标题': the title is empty"

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["商品标题", "品牌"])
    ws.append(["棉语纯棉短袖T恤女", "棉语"])
    ws.append([None, None])
    ws.append(["禾衫纯棉短袖T恤男", "禾衫"])
    ws["B9"] = None  # used range reaches row 9: rows 5-9 are empty
    ws["B9"].number_format = "0.00"
    xsrc = tmp_path / "in.xlsx"
    wb.save(xsrc)
    s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(xsrc), str(out))
    _, rows = read_csv(out)
    assert (s.rows, s.errors, len(rows)) == (3, 1, 3)
    assert rows[1]["error"] == "row 3, column '商品标题': the title is empty"
    assert rows[2]["商品标题"] == "禾衫纯棉短袖T恤男"


def test_jsonl_bad_line_and_late_key(tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "title": "棉语纯棉短袖T恤女"}, ensure_ascii=False) for i in range(250)]
    lines[3] = '{"id": 3, "title": broken'
    lines[240] = json.dumps({"id": 240, "title": "禾衫纯棉短袖T恤男", "shop": "禾衫店"}, ensure_ascii=False)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # JSONL out: one object per input line, the broken one kept verbatim in its error
    out = tmp_path / "out.jsonl"
    s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(out))
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(got) == 250 and s.errors == 1
    assert [g["id"] for g in got if g["id"] != ""] == [str(i) for i in range(250) if i != 3]
    assert got[3]["error"].startswith("row 4: line is not valid JSON")
    assert '{"id": 3, "title": broken' in got[3]["error"]
    assert got[240]["shop"] == "禾衫店"
    # CSV out: the key first seen on line 241 still gets its column
    out_csv = tmp_path / "out.csv"
    run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(out_csv))
    header, rows = read_csv(out_csv)
    assert header[:3] == ["id", "title", "shop"] and rows[240]["shop"] == "禾衫店"


def test_output_columns_never_overwrite_input_columns(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "in.csv", [["棉语纯棉短袖T恤女", "old", "keep me"]], "utf-8", ["title", "new_title", "error"]
    )
    run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(tmp_path / "out.csv"))
    header, rows = read_csv(tmp_path / "out.csv")
    assert header[:3] == ["title", "new_title", "error"]
    assert "new_title.1" in header and header[-1] == "error.1"
    assert rows[0]["new_title"] == "old" and rows[0]["error"] == "keep me" and rows[0]["new_title.1"]


# ------------------------------------------------------------- file errors
def test_refuses_to_overwrite_input(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", seller_rows()[:2])
    before = digest(src)
    with pytest.raises(InputError, match="never overwrites its input"):
        run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(tmp_path / "." / "in.csv"))
    assert digest(src) == before


def test_missing_title_column_lists_columns(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", [["a", "b"]], "utf-8", ["名称", "价格"])
    with pytest.raises(InputError) as ei:
        run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(tmp_path / "out.csv"))
    msg = str(ei.value)
    assert str(src) in msg and "'名称', '价格'" in msg and "宝贝标题" in msg
    assert not (tmp_path / "out.csv").exists()
    # --title-column names it explicitly
    s = run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY, title_column="名称"), str(src), str(tmp_path / "o.csv"))
    assert s.rows == 1
    with pytest.raises(InputError, match="no column '标题X'"):
        run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY, title_column="标题X"), str(src), str(tmp_path / "o.csv"))


def test_bad_keyword_table_in_workers_fails_the_run(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", seller_rows()[:3])
    bad_kw = write_csv(tmp_path / "kw.csv", [["x"]], "utf-8", ["nothing"])
    with pytest.raises(InputError, match="no keyword column"):
        run_batch(RewriteJob(keywords=str(bad_kw), today=TODAY), str(src), str(tmp_path / "out.csv"), jobs=2)
    assert not (tmp_path / "out.csv").exists()


def test_option_errors(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", seller_rows()[:1])
    with pytest.raises(ConfigError):
        run_batch(RewriteJob(keywords=KEYWORDS, solver="magic"), str(src), str(tmp_path / "o.csv"))
    with pytest.raises(ConfigError):
        run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(tmp_path / "o.csv"), jobs=0)
    with pytest.raises(InputError, match="file not found"):
        run_batch(RewriteJob(keywords=str(tmp_path / "none.csv")), str(src), str(tmp_path / "o.csv"))
    with pytest.raises(InputError, match="unsupported output format"):
        run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(tmp_path / "o.xls"))


# ------------------------------------------------------------ generic runner
class UpperJob(BatchJob):
    """A toy job: proves the runner is generic (order, errors, bugs, parallel) without jieba."""

    output_columns = ("upper", "error")
    metric_names = ("length",)

    def prepare(self, table: Table) -> None:
        self.col = table.columns[0]

    def extract(self, row_number: int, row: Mapping[str, str]) -> str:
        return row[self.col]

    def process(self, row_number: int, payload: str) -> RowOutcome:
        if payload == "boom":
            raise KeyError("bug")
        if payload == "bad":
            raise InputError("bad value", row=row_number, column=self.col)
        up = payload.upper()
        return RowOutcome((up, ""), CHANGED if up != payload else UNCHANGED, (float(len(payload)),))


@pytest.mark.parametrize("jobs", [1, 2])
def test_generic_runner_order_errors_and_bugs(tmp_path: Path, jobs: int) -> None:
    values = [f"v{i}" if i % 10 else str(i) for i in range(40)] + ["boom", "bad", "x"]
    src = write_csv(tmp_path / "in.csv", [[v, str(i)] for i, v in enumerate(values)], "utf-8", ["v", "i"])
    out = tmp_path / "out.tsv"
    s = run_batch(UpperJob(), str(src), str(out), jobs=jobs, chunk_size=3)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "v\ti\tupper\terror"
    cells = [line.split("\t") for line in lines[1:]]
    assert [c[1] for c in cells] == [str(i) for i in range(len(values))]
    assert cells[-1][2] == "X"
    assert cells[-3][3].startswith("row 42: internal error, please report: KeyError")
    assert cells[-2][3] == "row 43, column 'v': bad value"
    assert (s.rows, s.errors, s.changed, s.unchanged) == (43, 2, 37, 4)
    assert s.mean(0) == pytest.approx(sum(len(v) for v in [*values[:40], "x"]) / 41)


# ------------------------------------------------------------- integration
def test_optimizer_shared_by_threads(tmp_path: Path) -> None:
    """What examples/upload_hook.py promises: one warmed-up optimizer, many threads, same results."""
    from concurrent.futures import ThreadPoolExecutor

    job = RewriteJob(keywords=KEYWORDS, today=TODAY)
    job.start()
    opt = job.optimizer
    titles = [r["宝贝标题"] for r in sample_rows()] * 2
    expected = [opt.rewrite(t).best for t in titles]
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda t: opt.rewrite(t).best, titles))
    assert got == expected


def test_upload_hook_example(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("upload_hook", ROOT / "examples" / "upload_hook.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "upload_hook", hook)  # dataclasses look their module up
    spec.loader.exec_module(hook)
    gate = hook.TitleGate(KEYWORDS)
    assert not gate.check({"id": "1", "title": ""}).upload
    bad = gate.check({"id": "2", "title": "纯棉T恤", "attributes": "材质纯棉"})
    assert not bad.upload and "key:value" in bad.reason
    ok = gate.check({"id": "3", "title": "棉语纯棉短袖T恤女", "brand": "棉语"})
    assert ok.upload and ok.title.startswith("棉语") and len(ok.title.encode("gbk")) <= 60
    lint_gate = hook.TitleGate(KEYWORDS, rewrite=False)
    blocked = lint_gate.check({"id": "4", "title": "全网最好的纯棉T恤"})
    assert not blocked.upload and any(f.severity == "error" for f in blocked.findings)
    with open(ROOT / "examples" / "listings_example.csv", encoding="utf-8-sig", newline="") as fh:
        assert hook.run(csv.DictReader(fh), gate) == (4, 2)


def test_an_analyze_job_unpickled_in_a_worker_starts_as_the_one_it_was_pickled_from() -> None:
    # its per-process state never travels (BatchJob.__getstate__); start() must build all of it, or a
    # job a spawned worker unpickles fails on its first row ('AnalyzeJob' has no '_optimizers', session 23)
    import pickle

    from titleopt.frame.jobs import AnalyzeJob

    job = AnalyzeJob(keywords=KEYWORDS, columns={"title": "title"})  # (as prepare() resolves them)
    twin = pickle.loads(pickle.dumps(job))
    job.start()
    twin.start()
    payload = ("纯棉T恤女夏季短袖宽松", "", "")
    assert twin.process(1, payload) == job.process(1, payload)


def test_spawned_workers_build_from_pickled_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The macOS/Windows path: nothing inherited, each worker builds its optimizer from the job's paths."""
    import multiprocessing

    import titleopt.batch as batch

    monkeypatch.setattr(batch, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    src = write_csv(tmp_path / "in.csv", [as_row(r) for r in sample_rows()[:20]], encoding="utf-8")
    job = RewriteJob(keywords=KEYWORDS, today=TODAY)
    assert "_optimizer" not in job.__getstate__()  # only configuration travels
    run_batch(job, str(src), str(tmp_path / "spawn.csv"), jobs=2, chunk_size=4)
    assert job.optimizer is None  # built in the workers, not here
    run_batch(RewriteJob(keywords=KEYWORDS, today=TODAY), str(src), str(tmp_path / "one.csv"))
    assert (tmp_path / "spawn.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    bad_kw = write_csv(tmp_path / "kw.csv", [["x"]], "utf-8", ["nothing"])
    with pytest.raises(InputError, match="no keyword column"):
        run_batch(RewriteJob(keywords=str(bad_kw), today=TODAY), str(src), str(tmp_path / "bad.csv"), jobs=2)
    assert not (tmp_path / "bad.csv").exists()
