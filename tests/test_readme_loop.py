"""The README's worked example of the seller's loop, run as written: its printed lines must stay true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from titleopt.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def examples() -> list[tuple[list[str], list[str]]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## The seller's loop", 1)[1].split("\n## ", 1)[0]
    out = []
    for cmd, shown in re.findall(r"```bash\n(titleopt .*?)```\n```\n(.*?)```", section, re.S):
        cmd = re.sub(r"\\\n\s*", " ", cmd).strip()
        cmd = re.sub(r"\[[^\]]*\]", "", cmd)  # optional arguments in brackets
        args = shlex.split(cmd)[1:]
        lines = [ln.strip() for ln in shown.splitlines() if ln.strip() and "…" not in ln and ln != "(excerpt)"]
        out.append((args, lines))
    return out


def test_three_examples_found() -> None:
    assert [a[0] for a, _ in examples()] == ["keywords", "abtest", "compare"]


@pytest.mark.parametrize(("args", "lines"), examples(), ids=["keywords", "abtest", "compare"])
def test_readme_example_output(args: list[str], lines: list[str], monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    r = CliRunner().invoke(main, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    printed = {ln.strip() for ln in r.output.splitlines()}
    missing = [ln for ln in lines if ln not in printed]
    assert not missing, missing
