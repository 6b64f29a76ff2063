"""One builder for every command's optimizer, [tool.titleopt] for every command, one renderer (#17)."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from titleopt.batch import RewriteJob, ShortenJob
from titleopt.build import Settings, build_optimizer, resolve_settings
from titleopt.cli import main
from titleopt.config import load_config
from titleopt.errors import ConfigError
from titleopt.models import Finding
from titleopt.platforms import DEFAULT_PLATFORM
from titleopt.report import FINDING_SEPARATOR, findings_cell, format_lint, format_rewrite

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
KEYWORDS = str(SAMPLE / "keywords.csv")
LISTINGS = str(SAMPLE / "listings.csv")
TITLE = "2019新款夏季纯棉短袖T恤男宽松最好"


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A shop folder whose pyproject.toml holds ``[tool.titleopt]``; the tests run inside it."""

    def write(body: str) -> Path:
        (tmp_path / "pyproject.toml").write_text(f"[tool.titleopt]\n{body}\n", encoding="utf-8")
        return tmp_path

    monkeypatch.chdir(tmp_path)
    return write


def cli(*args: str):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r


# ------------------------------------------------------------ settings
def test_command_line_over_configuration_over_defaults() -> None:
    config = {"platform": "jd", "limit": 40, "unit": "chars", "dictionaries": ["/a.txt"], "additions": "open",
              "select": ["TO2"]}
    s = resolve_settings(config=config)
    assert (s.platform, s.limit, s.unit, s.dictionaries, s.additions) == ("jd", 40, "chars", ("/a.txt",), "open")
    assert s.extra == {"select": ["TO2"]}
    s = resolve_settings(platform="amazon", limit=80, unit="bytes", dictionaries=["/b.txt"], additions="safe",
                         config=config)
    assert (s.platform, s.limit, s.unit, s.dictionaries, s.additions) == (
        "amazon", 80, "bytes", ("/a.txt", "/b.txt"), "safe")
    assert resolve_settings(config={}) == Settings()
    assert Settings().platform == DEFAULT_PLATFORM


@pytest.mark.parametrize("body", ["limit = 0", "limit = \"60\"", "limit = true", "unit = \"words\"",
                                  "additions = \"all\""])
def test_bad_settings_are_refused_naming_the_file(shop, body: str) -> None:
    folder = shop(body)
    with pytest.raises(ConfigError, match=r"pyproject\.toml"):
        load_config(folder)


def test_the_builder_applies_every_setting() -> None:
    opt = build_optimizer(KEYWORDS, None, Settings("jd", 30, "chars", (), "open"))
    assert (opt.platform.name, opt.platform.limit, opt.platform.unit, opt.additions) == ("jd", 30, "chars", "open")
    assert len(opt.keywords) > 0
    assert build_optimizer().platform.name == DEFAULT_PLATFORM


def test_batch_jobs_build_with_the_same_builder() -> None:
    job = RewriteJob(keywords=KEYWORDS, platform="jd", limit=30, unit="chars", additions="open")
    job.start()
    opt = job.optimizer
    assert (opt.platform.name, opt.platform.limit, opt.additions) == ("jd", 30, "open")
    assert job.settings() == Settings("jd", 30, "chars", (), "open")
    short = ShortenJob(keywords=KEYWORDS, platform="jd")
    short.start()
    assert short._optimizer.platform.name == "jd"


# ------------------------------------------------------------ every command reads [tool.titleopt]
def test_analyze_reads_the_configuration_and_options_win(shop) -> None:
    shop('platform = "jd"\nlimit = 30\nunit = "chars"')
    rep = json.loads(cli("analyze", TITLE, "-k", KEYWORDS, "--format", "json").stdout)
    assert (rep["limit"], rep["unit"]) == (30, "chars")
    rep = json.loads(cli("analyze", TITLE, "-k", KEYWORDS, "--limit", "50", "--format", "json").stdout)
    assert rep["limit"] == 50


def test_rewrite_one_title_and_a_file_read_the_configuration(shop, tmp_path: Path) -> None:
    shop("limit = 12\nunit = \"chars\"")
    res = json.loads(cli("rewrite", "--title", TITLE, "-k", KEYWORDS, "--format", "json").stdout)
    assert res["limit"] == 12 and res["length_after"] <= 12
    out = tmp_path / "new.csv"
    cli("rewrite", LISTINGS, "-k", KEYWORDS, "-o", str(out), "-q")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and all(int(r["length_after"]) <= 12 for r in rows if not r["error"])


def test_lint_reads_limit_from_the_configuration(shop) -> None:
    shop("limit = 6\nunit = \"chars\"")
    out = json.loads(cli("lint", "纯棉短袖T恤男款宽松", "--format", "json").stdout)
    assert out[0]["limit"] == 6
    assert "TO101" in {f["code"] for f in out[0]["findings"]}  # too long for 6 characters
    shop("")
    out = json.loads(cli("lint", "纯棉短袖T恤男款宽松", "--format", "json").stdout)
    assert "TO101" not in {f["code"] for f in out[0]["findings"]} and "limit" not in out[0]


def test_keywords_for_and_shorten_read_the_platform(shop, monkeypatch: pytest.MonkeyPatch) -> None:
    shop('platform = "jd"\ndictionaries = ["my_brands.txt"]')
    Path("my_brands.txt").write_text("禾衫\n", encoding="utf-8")
    import titleopt.build as build

    seen: list[Settings] = []
    real = build.build_optimizer

    def spy(*args, **kwargs):
        opt = real(*args, **kwargs)
        seen.append(opt)
        return opt

    monkeypatch.setattr(build, "build_optimizer", spy)
    cli("keywords", KEYWORDS, "--for", TITLE)
    cli("shorten", "--title", TITLE)
    assert [o.platform.name for o in seen] == ["jd", "jd"]
    assert all(o.dictionaries[0].endswith("my_brands.txt") for o in seen)


# ------------------------------------------------------------ one renderer
FINDINGS = [
    Finding(code="TO201", name="absolute-claim", severity="error", message="最好 is an absolute claim",
            span=(16, 18), fix="2019新款夏季纯棉短袖T恤男宽松", fix_safe=True),
    Finding(code="TO404", name="stale-year", severity="warning", message="2019 is a stale year", span=(0, 4)),
]


def test_findings_cell_is_one_line_programs_split() -> None:
    cell = findings_cell(FINDINGS)
    assert cell == "TO201:最好 is an absolute claim | TO404:2019 is a stale year"
    assert cell.split(FINDING_SEPARATOR)[1].startswith("TO404:")
    assert findings_cell([]) == ""


def test_lint_text_puts_a_caret_under_the_span_and_shows_the_fix() -> None:
    text = format_lint(TITLE, FINDINGS)
    lines = text.splitlines()
    assert lines[0] == TITLE
    assert "  TO201 error   [absolute-claim] 最好 is an absolute claim" in lines
    caret = lines[lines.index("  TO201 error   [absolute-claim] 最好 is an absolute claim") + 2]
    assert caret.strip() == "^^^^"  # 最好: two wide characters
    assert "fix (safe): 2019新款夏季纯棉短袖T恤男宽松" in text
    assert format_lint("纯棉T恤", []).endswith("ok: no findings")


def test_rewrite_text_lists_findings_the_way_reports_do() -> None:
    from titleopt import KeywordTable, TitleOptimizer

    res = TitleOptimizer(KeywordTable.from_file(KEYWORDS)).rewrite(TITLE)
    res = res.model_copy(update={"findings": FINDINGS[:1]})
    text = format_rewrite(res, unit="bytes")
    assert text.startswith(f"old: {TITLE}\n") and "/60 bytes" in text
    assert "findings on the new title:\n  TO201 error   [absolute-claim] 最好 is an absolute claim" in text


def _defined(name: str) -> list[str]:
    pkg = ROOT / "titleopt"
    return sorted(
        str(p.relative_to(pkg))
        for p in pkg.rglob("*.py")
        for node in ast.parse(p.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name == name
    )


@pytest.mark.parametrize("name", ["format_findings", "format_rewrite", "format_report", "findings_cell",
                                  "format_lint", "load_optimizer", "build_optimizer"])
def test_each_rendering_and_builder_is_defined_once(name: str) -> None:
    assert len(_defined(name)) <= 1, _defined(name)


def test_no_literal_default_platform_outside_platforms_py() -> None:
    pkg = ROOT / "titleopt"
    found = []
    for p in pkg.rglob("*.py"):
        if p.name == "platforms.py":
            continue
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        found += [f"{p.name}:{n.lineno}" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and n.value == DEFAULT_PLATFORM and id(n) not in docstrings]
    assert found == []
