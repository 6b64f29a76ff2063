"""``titleopt rewrite`` as sellers and scripts call it (click's CliRunner, in process)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from titleopt.batch import REWRITE_COLUMNS
from titleopt.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
KEYWORDS = str(SAMPLE / "keywords.csv")
LISTINGS = str(SAMPLE / "listings.csv")


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["rewrite", *args], input=input, catch_exceptions=False)


def read_csv_text(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


# ------------------------------------------------------------ one title
def test_single_title_text() -> None:
    r = run("--title", "2019新款夏季纯棉短袖T恤男宽松最好", "-k", KEYWORDS, "--brand", "禾衫", "--category", "T恤")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.startswith("old: 2019新款夏季纯棉短袖T恤男宽松最好\n")
    assert "\nnew: " in out and "/60 bytes" in out
    assert "  - 最好  " in out and "Advertising Law" in out  # removed, with the reason
    assert "  - 2019  stale year" in out
    new = out.split("\nnew: ", 1)[1].split("\n", 1)[0]
    assert "最好" not in new and new.startswith("禾衫")


def test_single_title_json() -> None:
    r = run(
        "--title",
        "棉语纯棉短袖T恤女宽松",
        "-k",
        KEYWORDS,
        "--attributes",
        "材质：纯棉；颜色:白色",
        "--must-keep",
        "棉语",
        "--forbid",
        "宽松;韩版",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["original"] == "棉语纯棉短袖T恤女宽松"
    assert "棉语" in doc["best"] and "宽松" not in doc["best"] and "韩版" not in doc["best"]
    assert doc["length_after"] <= doc["limit"] == 60
    assert {"score_before", "score_after", "candidates", "findings"} <= set(doc)


def test_single_title_bad_attributes_is_usage_error() -> None:
    r = run("--title", "纯棉T恤", "-k", KEYWORDS, "--attributes", "材质纯棉")
    assert r.exit_code == 2
    assert "--attributes" in r.stderr and "key:value" in r.stderr


def test_single_title_impossible_must_keep_exits_2() -> None:
    r = run("--title", "纯棉T恤", "-k", KEYWORDS, "--must-keep", "超长必留词" * 8)
    assert r.exit_code == 2
    assert r.stderr.startswith("titleopt: error: ") and "limit" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["-k", KEYWORDS],  # neither INPUT nor --title
        [LISTINGS, "--title", "x", "-k", KEYWORDS],  # both
        [LISTINGS, "-k", KEYWORDS],  # no -o
        ["--title", "x", "-k", KEYWORDS, "-o", "out.csv"],
        [LISTINGS, "-k", KEYWORDS, "-o", "out.csv", "--brand", "x"],
        [LISTINGS, "-k", KEYWORDS, "-o", "out.csv", "--solver", "magic"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(*args)
    assert r.exit_code == 2
    assert not (tmp_path / "out.csv").exists()


# ------------------------------------------------------------------ files
def test_file_rewrite_with_summary(tmp_path: Path) -> None:
    out = tmp_path / "new.csv"
    r = run(LISTINGS, "-k", KEYWORDS, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    rows = read_csv_text(out.read_text(encoding="utf-8-sig"))
    with open(LISTINGS, encoding="utf-8-sig", newline="") as fh:
        src = list(csv.DictReader(fh))
    assert len(rows) == len(src) and [x["宝贝ID"] for x in rows] == [x["宝贝ID"] for x in src]
    assert list(rows[0])[-len(REWRITE_COLUMNS) :] == list(REWRITE_COLUMNS)
    assert all(int(x["length_after"]) <= 60 for x in rows if not x["error"])
    assert r.stdout == ""
    summary = r.stderr.strip()
    assert summary.startswith(f"titleopt: {len(src)} rows, ")
    assert " rewritten, " in summary and " unchanged, " in summary and " errors" in summary
    assert "mean score " in summary and " → " in summary


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    r = run(LISTINGS, "-k", KEYWORDS, "-o", str(tmp_path / "new.jsonl"), "--quiet")
    assert r.exit_code == 0
    assert r.stderr == "" and r.stdout == ""
    assert len((tmp_path / "new.jsonl").read_text(encoding="utf-8").splitlines()) == 55


def test_stdin_to_stdout() -> None:
    data = "标题,品牌\n棉语纯棉短袖T恤女,棉语\n,棉语\n".encode("gbk")
    r = run("-", "-k", KEYWORDS, "-o", "-", "-q", input=data)
    assert r.exit_code == 0, r.stderr
    rows = read_csv_text(r.stdout)
    assert [x["标题"] for x in rows] == ["棉语纯棉短袖T恤女", ""]
    assert rows[0]["new_title"] and rows[1]["error"] == "row 3, column '标题': the title is empty"


def test_candidates_add_columns(tmp_path: Path) -> None:
    out = tmp_path / "new.csv"
    r = run(LISTINGS, "-k", KEYWORDS, "-o", str(out), "--candidates", "2", "-q", "--title-column", "宝贝标题")
    assert r.exit_code == 0
    rows = read_csv_text(out.read_text(encoding="utf-8-sig"))
    assert list(rows[0])[-1] == "candidate_2"
    assert any(x["candidate_2"] and x["candidate_2"] != x["new_title"] for x in rows)


def test_jobs_2_same_as_jobs_1(tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"new{jobs}.csv"
        assert run(LISTINGS, "-k", KEYWORDS, "-o", str(out), "-q", "--jobs", jobs).exit_code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# ------------------------------------------------------------ file errors
def test_missing_input_exits_2(tmp_path: Path) -> None:
    r = run(str(tmp_path / "nope.csv"), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 2
    assert r.stderr == f"titleopt: error: {tmp_path / 'nope.csv'}: file not found\n"


def test_missing_keywords_exits_2(tmp_path: Path) -> None:
    r = run(LISTINGS, "-k", str(tmp_path / "kw.csv"), "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 2 and "kw.csv: file not found" in r.stderr


def test_missing_title_column_lists_columns(tmp_path: Path) -> None:
    r = run(KEYWORDS, "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 2
    msg = r.stderr
    assert "keywords.csv: no title column" in msg
    assert "columns found: '搜索词', '搜索人气'" in msg and "accepted names: title, 标题, 宝贝标题" in msg
    assert not (tmp_path / "o.csv").exists()


def test_refuses_to_write_onto_input(tmp_path: Path) -> None:
    src = tmp_path / "listings.csv"
    src.write_bytes(Path(LISTINGS).read_bytes())
    r = run(str(src), "-k", KEYWORDS, "-o", str(src))
    assert r.exit_code == 2 and "never overwrites its input" in r.stderr
    assert src.read_bytes() == Path(LISTINGS).read_bytes()


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    r = run(LISTINGS, "-k", KEYWORDS, "-o", str(tmp_path / "new.csv"))
    assert r.exit_code == 0
    assert "%|" not in r.stderr and "\r" not in r.stderr
    assert r.stderr.count("\n") == 1  # only the summary


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty test written for Linux")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """A real pseudo-terminal on stderr: tqdm's bar with a rate, then the summary."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "titleopt.cli", "rewrite", LISTINGS, "-k", KEYWORDS, "-o", str(tmp_path / "n.csv")]
    p = subprocess.Popen(cmd, stderr=slave, stdout=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert p.wait(timeout=60) == 0
    text = out.decode("utf-8", "replace")
    assert "55/55" in text and "rows/s]" in text
    assert "titleopt: 55 rows, " in text
