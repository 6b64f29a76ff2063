"""The HTML report (titleopt.report_html): spans on the seller's characters, escaping, CLI wiring.

The page itself is exercised in a real browser by tests/test_html_report_browser.py;
these tests check what Python puts into it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import titleopt
from titleopt import KeywordTable, TitleOptimizer, lint
from titleopt.cli import main
from titleopt.normalize import normalize, normalize_term
from titleopt.report_html import (
    ReportCollector,
    TitleSpans,
    analysis_record,
    error_record,
    find_id_column,
    html_report,
    record_for,
)

SAMPLE = Path(__file__).resolve().parent.parent / "dictionaries" / "sample"
HOSTILE = [
    "<script>window.__pwned=1</script>连帽卫衣女",
    '连帽卫衣女"><img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>纯棉T恤女",
    "纯棉T恤女 &lt;b&gt; <!-- -->\u2028",
]
KEYWORDS = "搜索词,搜索人气\n连帽卫衣女,5000\nt恤女,4000\n纯棉t恤,3000\nnike卫衣,2000\n卫衣女宽松,1500\n"


@pytest.fixture(scope="module")
def opt(tmp_path_factory) -> TitleOptimizer:
    path = tmp_path_factory.mktemp("kw") / "keywords.csv"
    path.write_text(KEYWORDS, encoding="utf-8")
    return TitleOptimizer(KeywordTable.from_file(str(path)))


def page_data(page: str) -> tuple[dict, list[dict]]:
    """The config and row records embedded in a page."""
    cfg = re.search(r'<script type="application/json" id="titleopt-config">(.*?)</script>', page, re.S)
    data = re.search(r'<script type="application/json" id="titleopt-data">(.*?)</script>', page, re.S)
    assert cfg and data
    return json.loads(cfg.group(1)), json.loads(data.group(1))


def marked(title: str, spans) -> list[str]:
    return [title[s:e] for s, e in spans]


# ----------------------------------------------------------------- spans
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("连帽卫衣女宽松纯棉", ["连帽卫衣", "女", "宽松"]),  # Simplified (卫衣女宽松: a 连帽卫衣 is a 卫衣)
        ("😀連帽衛衣女", ["連帽衛衣", "女"]),  # Traditional, after an astral character
        ("NIKE耐克 连帽卫衣女 纯棉T恤", ["女", "纯棉", "T恤"]),  # mixed Latin
        ("連帽衛衣女寬鬆 純棉Ｔ恤", ["女", "純棉", "Ｔ恤"]),  # Traditional and full width
    ],
)
def test_highlights_sit_on_the_original_characters(opt, title, expected):
    rep = opt.analyze(title)
    rec = analysis_record(rep, segmenter=opt.segmenter)
    assert marked(title, rec["ho"]) == expected
    roots = {r for m in rep.matches for r in m.roots}
    for text in marked(title, rec["ho"]):
        assert normalize_term(text) in roots


def test_rewrite_record_marks_added_and_removed_words(opt):
    title = "NIKE耐克 连帽卫衣女 纯棉T恤 纯棉"
    res = opt.rewrite(title)
    rec = record_for(res, optimizer=opt)
    assert rec["o"] == title and rec["t"] == res.best
    added = [r.term for r in res.candidates[0].reasons if r.action == "added"]
    removed = [r.term for r in res.candidates[0].reasons if r.action == "removed"]
    assert [normalize_term(t) for t in marked(res.best, rec["an"])] == [normalize_term(t) for t in added] or added == []
    for text in marked(title, rec["ao"]):
        assert normalize_term(text) in {normalize_term(t) for t in removed}
    for text in marked(res.best, rec["pn"]):
        assert normalize_term(text) in {normalize_term(p) for p in res.protected}
    assert rec["sb"] == round(res.score_before, 2) and rec["sa"] == round(res.score_after, 2)


@given(st.text(alphabet="連帽衛衣女寬鬆純棉Ｔ恤tT abcＡＢＣ😀卫衣", min_size=1, max_size=30), st.data())
def test_found_spans_are_the_same_text_in_the_original(title, data):
    """Whatever a normalized term is, its spans cut the original where normalization put it."""
    norm = normalize(title)
    if not norm.text.strip():
        return
    a = data.draw(st.integers(0, len(norm.text) - 1))
    b = data.draw(st.integers(a + 1, len(norm.text)))
    term = norm.text[a:b].strip()
    if not term:
        return
    for s, e in TitleSpans(title).find(term):
        assert 0 <= s < e <= len(title)
        assert normalize_term(title[s:e]) == term


# ---------------------------------------------------------------- escaping
def test_hostile_titles_are_data_never_markup(opt):
    page = html_report([opt.rewrite(t) for t in HOSTILE], optimizer=opt)
    # the only script elements are the page's own three
    assert page.count("<script") == 3
    assert page.count("</script>") == 3
    for bad in ("<img", "onerror=\"window", "<!--", "&lt;b&gt;", "\u2028"):
        assert bad not in page
    _, rows = page_data(page)
    assert [r["o"] for r in rows] == HOSTILE


@given(st.lists(st.text(alphabet="<>&\"'/!-=abc 连帽卫衣\u2028\u2029", min_size=1, max_size=40),
                min_size=1, max_size=5))
def test_any_title_round_trips_and_stays_inside_its_script_block(titles):
    col = ReportCollector(kind="lint")
    for t in titles:
        col.add(error_record(t, f"bad {t}"))
    page = col.html()
    block = re.search(r'id="titleopt-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert [(r["o"], r["e"]) for r in json.loads(block)] == [(t, f"bad {t}") for t in titles]
    assert page.count("<script") == 3


def test_lint_pairs_and_text_sections_are_escaped():
    title = '<b onmouseover="x()">全网最低价</b>T恤'
    page = html_report([(title, lint(title))], title='"><script>alert(1)</script>')
    assert "<b onmouseover" not in page and "<script>alert" not in page
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the page title, escaped
    cfg, rows = page_data(page)
    assert cfg["kind"] == "lint" and rows[0]["o"] == title
    codes = {f[0] for f in rows[0]["f"]}
    assert codes and set(cfg["codes"]) == codes
    for code in codes:  # each finding links to the rule's documentation in the page
        assert f'id="rule-{code}"' in page


def test_only_the_pages_own_script_may_run(opt):
    page = html_report([opt.analyze("纯棉T恤女")], optimizer=opt)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_library_function_is_exported():
    assert titleopt.html_report is html_report


def test_page_is_deterministic(opt):
    res = [opt.rewrite("NIKE耐克 连帽卫衣女 纯棉T恤")]
    assert html_report(res, optimizer=opt) == html_report(res, optimizer=opt)


# ------------------------------------------------------------------ totals
def test_collector_totals_chart_and_missing(opt):
    col = ReportCollector(kind="rewrite")
    for i, t in enumerate(["连帽卫衣女", "纯棉T恤女", "NIKE耐克 连帽卫衣女 纯棉T恤"], start=1):
        col.add(record_for(opt.rewrite(t), optimizer=opt), row=i, item_id=f"ID{i}")
    col.add(error_record("", "row 4, column 'title': the title is empty"), row=4)
    page = col.html()
    cfg, rows = page_data(page)
    assert len(rows) == 4 and rows[3]["st"] == "e" and cfg["ids"] is True
    assert [r["n"] for r in rows] == [1, 2, 3, 4] and rows[0]["id"] == "ID1"
    assert 'class="bar-before"' in page and 'class="bar-after"' in page
    assert "<b>1</b><span>errors</span>" in page and "<b>4</b><span>rows</span>" in page
    assert all(isinstance(k, int) for r in rows for k in r.get("km", []) + r.get("kc", []))


def test_id_column_detection():
    assert find_id_column(["宝贝标题", "宝贝ID", "品牌"]) == "宝贝ID"
    assert find_id_column(["Title", "Item ID"]) == "Item ID"
    assert find_id_column(["标题"]) is None


# --------------------------------------------------------------------- CLI
def _listings(tmp_path: Path) -> Path:
    src = tmp_path / "listings.csv"
    rows = list(csv.reader((SAMPLE / "listings.csv").open(encoding="utf-8")))
    rows.insert(3, ["690199999999", "", "", "", "", ""])  # an empty title: an error row
    rows.append(["690199999998", HOSTILE[1], "", "", "", ""])
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return src


def test_cli_rewrite_report(tmp_path):
    src = _listings(tmp_path)
    report = tmp_path / "report.html"
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(main, ["rewrite", str(src), "-k", str(SAMPLE / "keywords.csv"), "-o", str(out),
                                  "--report", str(report), "-q"])
    assert r.exit_code == 0, r.output
    assert "report written to" in r.output
    if os.name == "posix":  # an ordinary file to share, not a private temporary one
        assert report.stat().st_mode & 0o044
    page = report.read_text(encoding="utf-8")
    cfg, rows = page_data(page)
    written = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == len(written) and cfg["kind"] == "rewrite" and cfg["ids"]
    assert [r["id"] for r in rows] == [w["宝贝ID"] for w in written]
    for rec, w in zip(rows, written, strict=True):
        if w["error"]:
            assert rec["st"] == "e" and rec["e"] == w["error"]
        else:
            assert rec["t"] == w["new_title"] and f"{rec['sa']:.2f}" == w["score_after"]
            assert "hn" in rec and "ho" in rec
    assert sum(r["st"] == "e" for r in rows) == 1
    assert "<img" not in page


def test_cli_rewrite_report_same_for_any_jobs(tmp_path):
    src = _listings(tmp_path)
    pages = []
    for jobs in ("1", "2"):
        rep = tmp_path / f"r{jobs}.html"
        r = CliRunner().invoke(main, ["rewrite", str(src), "-k", str(SAMPLE / "keywords.csv"), "-o",
                                      str(tmp_path / f"o{jobs}.csv"), "--report", str(rep), "-q", "-j", jobs])
        assert r.exit_code == 0, r.output
        pages.append(page_data(rep.read_text(encoding="utf-8")))
    assert pages[0] == pages[1]


def test_cli_shorten_analyze_lint_reports(tmp_path):
    src = _listings(tmp_path)
    runner = CliRunner()
    rep = tmp_path / "short.html"
    r = runner.invoke(main, ["shorten", str(src), "-o", str(tmp_path / "s.csv"), "--report", str(rep)])
    assert r.exit_code == 0, r.output
    cfg, rows = page_data(rep.read_text(encoding="utf-8"))
    assert cfg["kind"] == "shorten" and all(r["la"] <= 12 for r in rows if r["st"] != "e")
    for rec in rows:
        if rec["st"] != "e":
            kept = "".join(rec["o"][s:e] for s, e in rec["ho"])
            assert normalize_term(kept).replace(" ", "") == normalize_term(rec["t"]).replace(" ", "")

    # one --title writes its page too (it was ignored: exit 0 and no file)
    rep = tmp_path / "one.html"
    title = "2025新款夏季纯棉短袖连衣裙女宽松显瘦中长款a字裙子"
    r = runner.invoke(main, ["shorten", "--title", title, "--report", str(rep)])
    assert r.exit_code == 0, r.output
    cfg, rows = page_data(rep.read_text(encoding="utf-8"))
    assert cfg["kind"] == "shorten" and [rec["t"] for rec in rows] == [r.output.splitlines()[0]]
    assert rows[0]["o"] == title and rows[0]["la"] <= 12

    rep = tmp_path / "analyze.html"
    r = runner.invoke(main, ["analyze", "連帽衛衣女 純棉Ｔ恤", "纯棉T恤女", "-k", str(SAMPLE / "keywords.csv"),
                             "--report", str(rep)])
    assert r.exit_code == 0, r.output
    cfg, rows = page_data(rep.read_text(encoding="utf-8"))
    assert cfg["kind"] == "analyze" and [r["o"] for r in rows] == ["連帽衛衣女 純棉Ｔ恤", "纯棉T恤女"]
    assert rows[0]["ho"] and "Ｔ恤" in marked(rows[0]["o"], rows[0]["ho"])

    rep = tmp_path / "lint.html"
    r = runner.invoke(main, ["lint", "-", "--fix", "--report", str(rep)],
                      input="纯棉T恤  男款!!\n全网最低价 T恤\n")
    assert r.exit_code == 0, r.output
    cfg, rows = page_data(rep.read_text(encoding="utf-8"))
    assert cfg["kind"] == "lint" and len(rows) == 2 and rows[0]["t"] == "纯棉T恤 男款!"


@pytest.mark.parametrize("name", ["listings.csv", "out.csv", "report.txt"])
def test_cli_refuses_a_report_path_that_would_clobber(tmp_path, name):
    src = _listings(tmp_path)
    r = CliRunner().invoke(main, ["rewrite", str(src), "-k", str(SAMPLE / "keywords.csv"), "-o",
                                  str(tmp_path / "out.csv"), "--report", str(tmp_path / name), "-q"])
    assert r.exit_code == 2 and "report" in r.output
    assert (tmp_path / "listings.csv").read_text(encoding="utf-8").startswith("宝贝ID")
