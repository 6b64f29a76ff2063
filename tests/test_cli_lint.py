"""`titleopt lint` and `titleopt rules` through click's CliRunner (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from titleopt.cli import main
from titleopt.rules import registry


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Run from an empty folder so the repository's own pyproject.toml is not picked up.
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def _run(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return _run


def test_lint_text_shows_caret_and_fix(run) -> None:
    res = run("lint", "最好的纯棉T恤  包邮")
    assert res.exit_code == 0, res.output
    assert "TO201" in res.output and "absolute-term" in res.output
    assert "^^^^" in res.output  # 最好 is two wide characters
    assert "fix (safe): 最好的纯棉T恤 包邮" in res.output
    assert "1 title(s): 1 error(s)" in res.output


def test_strict_exit_codes(run) -> None:
    assert run("lint", "--strict", "最好的纯棉T恤").exit_code == 1
    assert run("lint", "--strict", "纯棉T恤 男款 短袖 宽松 圆领 夏季 上衣 打底衫").exit_code == 0
    # warnings alone do not fail --strict
    assert run("lint", "--strict", "纯棉T恤 男款 短袖 宽松 圆领 夏季 上衣 长袖").exit_code == 0
    # without --strict, errors do not fail
    assert run("lint", "最好的纯棉T恤").exit_code == 0


def test_usage_and_input_errors_exit_2(run) -> None:
    res = run("lint", "--select", "TO999", "纯棉T恤")
    assert res.exit_code == 2
    assert "unknown rule" in res.output
    res = run("lint", "--platform", "nowhere", "纯棉T恤")
    assert res.exit_code == 2 and "unknown platform" in res.output
    res = run("lint", "纯棉\x00T恤")
    assert res.exit_code == 2 and "control character" in res.output
    res = run("lint", "--dictionary", "missing_brands.txt", "纯棉T恤")
    assert res.exit_code == 2 and "not found" in res.output
    assert run("lint").exit_code == 2  # no TITLE
    assert run("rules", "TO999").exit_code == 2


def test_lint_json_parses(run) -> None:
    res = run("lint", "--format", "json", "-p", "amazon", "Shirt shirt shirt!", "Cotton Tee")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert [d["title"] for d in data] == ["Shirt shirt shirt!", "Cotton Tee"]
    codes = {f["code"] for f in data[0]["findings"]}
    assert {"TO301", "TO303"} <= codes
    first = data[0]["findings"][0]
    assert set(first) >= {"code", "name", "severity", "message", "span", "fix", "fix_safe"}


def test_fix_and_unsafe_fixes(run) -> None:
    res = run("lint", "--fix", "--format", "json", "纯棉T恤  男款!! 最好")
    data = json.loads(res.output)
    assert data[0]["fixed"] == "纯棉T恤 男款! 最好"
    res = run("lint", "--fix", "--unsafe-fixes", "--format", "json", "纯棉T恤  男款!! 最好")
    assert json.loads(res.output)[0]["fixed"] == "纯棉T恤 男款!"
    res = run("lint", "--fix", "纯棉T恤  男款")
    assert "fixed: 纯棉T恤 男款" in res.output


def test_select_ignore_and_listing_options(run) -> None:
    res = run("lint", "--format", "json", "--select", "TO2", "最好的T恤 包邮")
    assert {f["code"] for f in json.loads(res.output)[0]["findings"]} == {"TO201"}
    res = run("lint", "--format", "json", "--ignore", "TO1,TO2", "最好的T恤 包邮")
    assert {f["code"] for f in json.loads(res.output)[0]["findings"]} == {"TO306"}
    res = run("lint", "--format", "json", "--select", "TO402", "--brand", "南极人", "南极人 耐克同款T恤")
    assert [f["code"] for f in json.loads(res.output)[0]["findings"]] == ["TO402"]
    res = run("lint", "--format", "json", "--select", "TO404", "--today", "2026-06-01", "2023新款T恤")
    assert [f["code"] for f in json.loads(res.output)[0]["findings"]] == ["TO404"]
    res = run("lint", "--format", "json", "--select", "TO404", "--today", "2024-06-01", "2023新款T恤")
    assert json.loads(res.output)[0]["findings"] == []


def test_titles_from_stdin(run) -> None:
    res = run("lint", "--format", "json", "--select", "TO201", "-", input="最好的T恤\n纯棉T恤\n\n")
    data = json.loads(res.output)
    assert [d["title"] for d in data] == ["最好的T恤", "纯棉T恤"]
    assert [len(d["findings"]) for d in data] == [1, 0]


def test_pyproject_config_and_dictionary(run, tmp_path: Path) -> None:
    (tmp_path / "my_brands.txt").write_text("# mine\nAcmeZ | 阿克米\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.titleopt]\nselect = ["TO402", "TO303"]\nplatform = "amazon"\ndictionaries = ["my_brands.txt"]\n',
        encoding="utf-8",
    )
    res = run("lint", "--format", "json", "--brand", "X", "Acmez Shirt!")
    data = json.loads(res.output)
    assert data[0]["platform"] == "amazon"
    assert {f["code"] for f in data[0]["findings"]} == {"TO402", "TO303"}
    # command-line options win over the file
    res = run("lint", "--format", "json", "--platform", "taobao", "--select", "TO1", "--brand", "X", "Acmez Shirt!")
    data = json.loads(res.output)
    assert data[0]["platform"] == "taobao"
    assert {f["code"] for f in data[0]["findings"]} <= {"TO100", "TO101", "TO102"}
    # --dictionary adds to the config's dictionaries
    (tmp_path / "more_brands.txt").write_text("# more\nBetaQ\n", encoding="utf-8")
    res = run("lint", "--format", "json", "--dictionary", "more_brands.txt", "--brand", "X", "BetaQ Acmez Shirt")
    assert len(json.loads(res.output)[0]["findings"]) == 2


def test_rules_list_and_doc(run) -> None:
    res = run("rules")
    assert res.exit_code == 0
    for rule in registry:
        assert rule.code in res.output and rule.name in res.output
    res = run("rules", "TO201")
    assert res.exit_code == 0
    assert "Advertising Law" in res.output and "Example" in res.output and "最近" in res.output
    res = run("rules", "stale-year")
    assert "TO404" in res.output
    data = json.loads(run("rules", "--format", "json").output)
    assert {d["code"] for d in data} == {r.code for r in registry}
    one = json.loads(run("rules", "to303", "--format", "json").output)
    assert one["platforms"] == ["amazon"] and one["fix"] == "safe"
