"""The HTML report in a real headless Chromium (Debian's package), driven by Playwright.

Run with ``pip install '.[browser]'`` and ``apt-get install chromium`` (Playwright's own
browser download is not used: ``executable_path`` points at the system Chromium, found
on PATH or in $TITLEOPT_CHROMIUM). Skipped, with the reason, when either is missing.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from titleopt import KeywordTable, TitleOptimizer
from titleopt.report_html import ReportCollector, error_record, record_for

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
KEYWORDS = "搜索词,搜索人气\n连帽卫衣女,5000\nt恤女,4000\n纯棉t恤,3000\nnike卫衣,2000\n卫衣女宽松,1500\n"
TITLES = {
    "simplified": "连帽卫衣女宽松纯棉",
    "traditional": "😀連帽衛衣女",
    "mixed": "NIKE耐克 连帽卫衣女 纯棉T恤 纯棉",
}
HOSTILE = [
    "<script>window.__pwned=1</script>连帽卫衣女",
    '连帽卫衣女"><img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>纯棉T恤女",
]


def _chromium() -> str:
    path = os.environ.get("TITLEOPT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("no Chromium on PATH (apt-get install chromium, or set TITLEOPT_CHROMIUM)")
    return path


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install '.[browser]')"
    )
    exe = _chromium()
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=ARGS)
        except Exception as exc:  # a Chromium that cannot start here (no sandbox support, libraries)
            pytest.skip(f"Chromium at {exe} does not start: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def opt(tmp_path_factory) -> TitleOptimizer:
    path = tmp_path_factory.mktemp("kw") / "keywords.csv"
    path.write_text(KEYWORDS, encoding="utf-8")
    return TitleOptimizer(KeywordTable.from_file(str(path)))


@pytest.fixture(scope="module")
def report(opt, tmp_path_factory) -> tuple[Path, list[dict]]:
    col = ReportCollector(kind="rewrite")
    records = []
    n = 0
    for t in [*TITLES.values(), *HOSTILE]:
        n += 1
        rec = record_for(opt.rewrite(t), optimizer=opt)
        records.append(rec)
        col.add(rec, row=n, item_id=f"ID-{n}")
    for t in TITLES.values():  # the analyses, whose "old" highlights are checked
        n += 1
        rec = record_for(opt.analyze(t), optimizer=opt)
        records.append(rec)
        col.add(rec, row=n, item_id=f"ID-{n}")
    n += 1
    records.append(error_record("", "row 10, column 'title': the title is empty"))
    col.add(records[-1], row=n)
    path = tmp_path_factory.mktemp("report") / "report.html"
    col.write(str(path))
    return path, records


class Page:
    """A loaded report, with the console errors and dialogs it produced."""

    def __init__(self, browser, path: Path) -> None:
        from playwright.sync_api import expect

        self.expect = expect  # polls through selectors: the page's CSP forbids evaluating strings
        self.page = browser.new_page(accept_downloads=True)
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.requests: list[str] = []
        self.page.on("request", lambda r: r.url.startswith(("http", "ws")) and self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=20_000)

    def listings(self):
        return self.page.locator("article.listing")

    def row(self, n: int):
        return self.page.locator(f"article.listing[data-row='{n}']")

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def page(browser, report):
    p = Page(browser, report[0])
    yield p
    p.close()


def test_loads_without_console_errors_or_network(page, report):
    assert page.listings().count() == len(report[1])
    page.page.wait_for_timeout(200)
    assert page.problems == []
    assert page.requests == []


def test_highlights_sit_on_the_right_characters(page, report):
    _, records = report
    for i, rec in enumerate(records, start=1):
        if rec["st"] == "e":
            continue
        box = page.row(i)
        if rec.get("t") is not None:
            got = box.locator(".title-line.new mark.kw").all_text_contents()
            assert got == [rec["t"][s:e] for s, e in rec["hn"]]
            added = box.locator(".title-line.new ins.add, .title-line.new .add").all_text_contents()
            assert "".join(added) == "".join(rec["t"][s:e] for s, e in rec["an"])
        got = box.locator(".title-line.old mark.kw").all_text_contents()
        assert got == [rec["o"][s:e] for s, e in rec.get("ho", [])]
        # the whole title reads back exactly, whatever the marks
        assert box.locator(".title-line.old .t").text_content() == rec["o"]
    # and, independently of the records, where the sellers' characters are:
    base = len(TITLES) + len(HOSTILE)
    expect = {
        "simplified": ["连帽卫衣", "女", "宽松"],
        "traditional": ["連帽衛衣", "女"],
        "mixed": ["女", "纯棉", "T恤", "纯棉"],
    }
    for k, name in enumerate(TITLES, start=1):
        assert page.row(base + k).locator("mark.kw").all_text_contents() == expect[name], name


def test_hostile_titles_are_shown_as_text_and_never_run(page):
    assert page.page.evaluate("window.__pwned") is None
    assert page.page.locator("#listings img, #listings script").count() == 0
    for n, t in enumerate(HOSTILE, start=len(TITLES) + 1):
        assert page.row(n).locator(".title-line.old .t").text_content() == t
    assert page.problems == []


def test_filter_and_search(page, report):
    _, records = report
    p = page.page
    p.select_option("#filter", "errors")
    errors = [r for r in records if r["st"] == "e" or any(f[1] == "error" for f in r.get("f", []))]
    assert page.listings().count() == len(errors)
    p.select_option("#filter", "changed")
    assert page.listings().count() == sum(r["st"] == "c" for r in records)
    p.select_option("#filter", "all")
    codes = p.eval_on_selector_all("#code option", "os => os.map(o => o.value).filter(Boolean)")
    if codes:
        p.select_option("#code", codes[0])
        assert page.listings().count() == sum(any(f[0] == codes[0] for f in r.get("f", [])) for r in records)
        p.select_option("#code", "")
    p.fill("#search", "連帽")
    page.expect(page.listings()).to_have_count(2)  # the rewrite and the analysis of the Traditional title
    assert all("連帽衛衣" in t for t in page.listings().all_text_contents())
    p.fill("#search", "ID-2")
    page.expect(page.listings()).to_have_count(1)
    p.fill("#search", "")
    page.expect(page.listings()).to_have_count(len(records))
    assert page.problems == []


def test_finding_codes_open_their_rule_documentation(page, report):
    codes = page.page.locator("#listings a.code")
    if codes.count() == 0:
        pytest.skip("no finding in this report")
    code = codes.first.text_content()
    codes.first.click()
    assert page.page.locator(f"details#rule-{code}").get_attribute("open") is not None
    assert code in page.page.locator(f"details#rule-{code} summary").text_content()


def test_csv_button_downloads_the_accepted_titles(page, report, tmp_path):
    _, records = report
    p = page.page
    # reject the first rewritten listing by hand; the rest keep their default
    first_changed = next(i for i, r in enumerate(records, start=1) if r["st"] == "c")
    page.row(first_changed).locator("input.accept").uncheck()
    with p.expect_download() as info:
        p.click("#csv")
    target = tmp_path / "accepted.csv"
    info.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = [(str(i), r.get("t") if r.get("t") is not None else r["o"]) for i, r in enumerate(records, start=1)
                if r["st"] == "c" and i != first_changed]
    got = [(r["row"], r["accepted_title"].removeprefix("'")) for r in rows]
    assert got == expected
    assert all(r["id"] == f"ID-{r['row']}" for r in rows)
    assert page.problems == []


def test_twenty_thousand_rows_stay_usable(browser, opt, tmp_path):
    """A 20,000-row report: its size, and that it opens, filters and pages quickly."""
    col = ReportCollector(kind="rewrite")
    base = [record_for(opt.rewrite(t), optimizer=opt) for t in [*TITLES.values(), *HOSTILE]]
    for n in range(1, 20_001):
        rec = dict(base[n % len(base)])
        rec["o"] = f"{rec['o']}"
        col.add(rec, row=n, item_id=str(690100000000 + n))
    path = tmp_path / "big.html"
    size = col.write(str(path))
    assert size < 40_000_000
    started = time.perf_counter()
    page = Page(browser, path)
    try:
        opened = time.perf_counter() - started
        assert page.listings().count() == 50
        assert opened < 15, f"20,000 rows took {opened:.1f} s to open"
        page.page.fill("#search", "690100019999")
        page.expect(page.listings()).to_have_count(1, timeout=10_000)
        assert page.problems == []
    finally:
        page.close()
