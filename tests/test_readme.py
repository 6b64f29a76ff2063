"""The README's library quick start, run on the shipped sample data, so it stays true."""

from __future__ import annotations

import re
from pathlib import Path

import titleopt
from titleopt.resources import data_path

README = Path(__file__).resolve().parent.parent / "README.md"


def quick_start_code() -> str:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Library quick start\n\n```python\n(.*?)```", text, re.S)
    assert block, "README lost its quick-start block"
    code = block.group(1)
    code = code.replace('"搜索分析.csv"', repr(str(data_path("sample/keywords.csv"))))
    code = code.replace('"top10.txt"', repr(str(data_path("sample/competitors.csv"))))
    code = code.replace('"queries.txt"', repr(str(data_path("sample/queries.txt"))))
    return "title = '2019新款纯棉短袖T恤男宽松最好'\n" + code


def test_readme_quick_start_runs_as_written():
    scope: dict[str, object] = {}
    exec(compile(quick_start_code(), "README.md", "exec"), scope)
    rep, res = scope["rep"], scope["res"]
    assert isinstance(rep, titleopt.TitleReport) and 0 <= rep.score <= 100
    assert isinstance(res, titleopt.RewriteResult)
    assert titleopt.title_length(res.best, platform="taobao") <= 60
    assert "最好" not in res.best and "品牌X" in res.best


def test_readme_set_up_commands_are_the_ones_ci_runs():
    text = README.read_text(encoding="utf-8")
    assert "pip install . && titleopt demo" in text
    assert "pip install '.[test]' && python -m pytest" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q '.[test]'" in ci and "python -m pytest" in ci and "titleopt demo" in ci
