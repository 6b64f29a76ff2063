"""The CLI's options across commands: never ignored, never overwriting an input, checked before the work.

Each test here failed before its fix (session 26, CLI review): an option a
command accepted and then ignored, or a file it overwrote or failed to write
only after the work was done.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from titleopt.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
TITLE = "棉语圆领卫衣女宽松春秋款纯色打底上衣"


@pytest.fixture()
def loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seller's-loop sample files, copied to an empty folder (also the working folder)."""
    for name in ("loop_keywords.csv", "loop_traffic_before.csv", "loop_traffic_after.csv", "loop_changes.csv",
                 "competitors.csv", "keywords.csv", "queries.txt"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


# ---------------------------------------------------------- -o is never a file the command reads
@pytest.mark.parametrize("target", ["loop_traffic_before.csv", "loop_traffic_after.csv", "loop_changes.csv"])
def test_compare_never_overwrites_an_input(loop: Path, target: str) -> None:
    before = (loop / target).read_bytes()
    r = run("compare", "loop_traffic_before.csv", "loop_traffic_after.csv", "--changes", "loop_changes.csv",
            "-o", f"./{target}")
    assert r.exit_code == 2 and "never overwrites its input" in r.stderr, r.output
    assert (loop / target).read_bytes() == before


@pytest.mark.parametrize("target", ["loop_keywords.csv", "competitors.csv"])
def test_keywords_for_never_overwrites_an_input(loop: Path, target: str) -> None:
    before = (loop / target).read_bytes()
    r = run("keywords", "loop_keywords.csv", "--for", TITLE, "-c", "competitors.csv", "-o", target)
    assert r.exit_code == 2 and "never overwrites its input" in r.stderr, r.output
    assert (loop / target).read_bytes() == before


# ---------------------------------------------------------- --report: checked before the work
@pytest.mark.parametrize("command", [
    ["shorten", "listings.csv", "-o", "short.csv"],
    ["rewrite", "listings.csv", "-k", "keywords.csv", "-o", "new.csv", "-q"],
    ["rewrite", "--title", TITLE, "-k", "keywords.csv"],
    ["shorten", "--title", TITLE],
    ["analyze", TITLE, "-k", "keywords.csv"],
    ["lint", TITLE],
])
def test_report_folder_is_checked_before_the_work(loop: Path, command: list[str]) -> None:
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    r = run(*command, "--report", "missing/report.html")
    assert r.exit_code == 2, r.output
    # one sentence naming the report (not a temporary file), and nothing done or written before it
    assert r.stderr == f"titleopt: error: missing/report.html: the output folder {loop / 'missing'} does not exist\n"
    assert r.stdout == ""
    assert not (loop / "short.csv").exists() and not (loop / "new.csv").exists()



# ---------------------------------------------------------- keywords: every option does something or is refused
@pytest.mark.parametrize("args", [
    ["keywords.csv", "-o", "table.csv"],  # -o without --from-queries or --for: nothing was written
    ["keywords.csv", "--from-queries", "queries.txt", "-o", "table.csv"],  # TABLE was ignored
    ["--from-queries", "queries.txt", "-o", "table.csv", "--format", "json"],  # no JSON was printed
    ["keywords.csv", "--platform", "tmall"],  # the summary has no platform
    ["keywords.csv", "--clicks", "5"],
    ["loop_keywords.csv", "--for", TITLE, "--clicks", "5"],  # --clicks without --ads changed nothing
])
def test_keywords_refuses_options_it_would_ignore(loop: Path, args: list[str]) -> None:
    r = run("keywords", *args)
    assert r.exit_code == 2 and "Error: " in r.stderr, r.output
    assert not (loop / "table.csv").exists()


def test_keywords_options_that_apply_still_run(loop: Path) -> None:
    assert run("keywords", "keywords.csv", "--format", "json").exit_code == 0
    r = run("keywords", "--from-queries", "queries.txt", "-o", "table.csv")
    assert r.exit_code == 0 and r.stderr.startswith("titleopt: wrote ")  # every stderr line says who speaks
    r = run("keywords", "loop_keywords.csv", "--for", TITLE, "--ads", "--clicks", "5", "--top", "3", "-p", "tmall")
    assert r.exit_code == 0, r.output
    assert "5 clicks" in r.stdout


# ---------------------------------------------------------- -o -: stdout holds the table alone
@pytest.mark.parametrize("command", [
    ["compare", "loop_traffic_before.csv", "loop_traffic_after.csv"],
    ["keywords", "loop_keywords.csv", "--for", TITLE, "--top", "3"],
])
def test_output_to_stdout_is_the_table_alone(loop: Path, command: list[str]) -> None:
    import csv
    import io

    r = run(*command, "-o", "-")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert len(rows) > 3 and all(len(row) == len(rows[0]) for row in rows), r.stdout[-500:]
    assert "verdict" in r.stderr or "product word" in r.stderr  # the text is still shown, on stderr
    r = run(*command, "-o", "-", "--format", "json")
    assert r.exit_code == 2 and "both write to stdout" in r.stderr


# ---------------------------------------------------------- analyze reads TITLES as lint does
def test_analyze_dash_reads_titles_from_stdin(loop: Path) -> None:
    import json

    r = run("analyze", "-", "-k", "keywords.csv", "--format", "json", input="纯棉T恤男\n\n短袖T恤女宽松\n")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert [d["title"] for d in doc] == ["纯棉T恤男", "短袖T恤女宽松"]  # was: the title "-", score 100
    r = run("analyze", "-", "-k", "keywords.csv", "--format", "json", input="纯棉T恤男\n")
    assert isinstance(json.loads(r.stdout), list)  # a list for '-', however many lines came
    r = run("analyze", "纯棉T恤男", "-k", "keywords.csv", "--format", "json")
    assert json.loads(r.stdout)["title"] == "纯棉T恤男"  # one TITLE: one object, as before


@pytest.mark.parametrize(("args", "named"), [
    (["纯棉\x01T恤男"], "TITLE contains control character U+0001"),
    (["纯棉T恤男", "--brand", "禾\x07衫"], "--brand contains control character U+0007"),
])
def test_analyze_refuses_control_characters_as_rewrite_title_does(loop: Path, args: list[str], named: str) -> None:
    r = run("analyze", *args, "-k", "keywords.csv")
    assert r.exit_code == 2 and named in r.stderr and r.stdout == "", r.output


@pytest.mark.parametrize(("args", "named"), [
    (["--brand", "禾\x07衫"], "--brand contains control character U+0007"),
    (["--category", "T\x00恤"], "--category contains control character U+0000"),
    (["--competitor", "棉语", "--competitor", "暖\x1b茸"], "--competitor contains control character U+001B"),
])
def test_lint_refuses_control_characters_in_its_options(loop: Path, args: list[str], named: str) -> None:
    r = run("lint", "纯棉T恤男", *args)
    assert r.exit_code == 2 and named in r.stderr and r.stdout == "", r.output


@pytest.mark.parametrize(("args", "named"), [
    (["--for", "棉语圆领\x01卫衣女宽松"], "--for contains control character U+0001"),
    (["--for", TITLE, "--attributes", "材质:纯\x0b棉"], "--attributes contains control character U+000B"),
])
def test_keywords_for_refuses_control_characters(loop: Path, args: list[str], named: str) -> None:
    r = run("keywords", "loop_keywords.csv", *args)
    assert r.exit_code == 2 and named in r.stderr and r.stdout == "", r.output


# ---------------------------------------------------------- the two batch commands take the same options
def test_shorten_file_takes_quiet_as_rewrite_does(loop: Path) -> None:
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    r = run("shorten", "listings.csv", "-o", "short.csv", "-q")
    assert r.exit_code == 0, r.output
    assert r.stderr == "" and (loop / "short.csv").read_text(encoding="utf-8-sig").startswith("宝贝ID")
    r = run("shorten", "listings.csv", "-o", "short.csv")
    assert "shortened" in r.stderr  # the summary, without -q


# ---------------------------------------------------------- --unit is the unit of --limit
@pytest.mark.parametrize("command", [
    ["rewrite", "--title", TITLE, "-k", "keywords.csv"],
    ["rewrite", "listings.csv", "-k", "keywords.csv", "-o", "new.csv"],
    ["analyze", TITLE, "-k", "keywords.csv"],
])
def test_unit_without_limit_is_refused(loop: Path, command: list[str]) -> None:
    # It read Taobao's 60 bytes as 60 characters: rewrites up to twice as long as Taobao accepts.
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    r = run(*command, "--unit", "chars")
    assert r.exit_code == 2 and "give --limit N too" in r.stderr, r.output
    assert not (loop / "new.csv").exists()
    r = run(*command, "--unit", "chars", "--limit", "30")
    assert r.exit_code == 0, r.output


# ---------------------------------------------------------- --dictionary on every command that reads words
def test_dictionary_option_on_every_command_that_reads_words(loop: Path) -> None:
    # dictionaries/README.md says "Extend: --dictionary my_descriptive_words.txt", README that
    # --dictionary adds to [tool.titleopt] dictionaries; only lint took it ("No such option").
    import json

    (loop / "my_brands.txt").write_text("# mine\n朵拉猫\n", encoding="utf-8")
    (loop / "my_absolute_terms.txt").write_text("# kind: absolute_terms\n# mine\n超神款\n", encoding="utf-8")
    r = run("analyze", "纯棉短袖T恤男 朵拉猫同款", "-k", "keywords.csv", "--brand", "禾衫", "--format", "json",
            "--dictionary", "my_brands.txt")
    assert r.exit_code == 0, r.output
    assert "TO402" in {f["code"] for f in json.loads(r.stdout)["findings"]}
    r = run("rewrite", "--title", "纯棉短袖T恤男超神款", "-k", "keywords.csv", "--format", "json",
            "--dictionary", "my_absolute_terms.txt")
    assert r.exit_code == 0, r.output
    assert "TO201" in {f["code"] for f in json.loads(r.stdout)["findings"]}
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    for command in (["shorten", "--title", TITLE], ["shorten", "listings.csv", "-o", "short.csv"],
                    ["rewrite", "listings.csv", "-k", "keywords.csv", "-o", "new.csv"],
                    ["keywords", "loop_keywords.csv", "--for", TITLE]):
        r = run(*command, "--dictionary", "missing_words.txt")  # read, so its absence is said
        assert r.exit_code == 2 and "missing_words.txt: dictionary file not found" in r.stderr, (command, r.output)
    r = run("keywords", "keywords.csv", "--dictionary", "my_brands.txt")  # a summary reads no dictionary
    assert r.exit_code == 2 and "apply to --for TITLE" in r.stderr


@pytest.mark.parametrize("command", [
    ["shorten", "listings.csv", "-o", "short.csv"],
    ["rewrite", "listings.csv", "-k", "keywords.csv", "-o", "new.csv", "--jobs", "2"],
])
@pytest.mark.parametrize("dictionary", [
    "missing_brands.txt",  # not there
    "bad_words.txt",  # an unknown kind
])
def test_a_bad_dictionary_fails_the_run_not_every_row(loop: Path, command: list[str], dictionary: str) -> None:
    # Before: exit 0 and every row's error cell said "row N, column '宝贝标题': dictionary file not found".
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    (loop / "bad_words.txt").write_text("# kind: nonsense\n朵拉猫\n", encoding="utf-8")
    (loop / "pyproject.toml").write_text(f'[tool.titleopt]\ndictionaries = ["{dictionary}"]\n', encoding="utf-8")
    r = run(*command)
    assert r.exit_code == 2 and dictionary in r.stderr and "row" not in r.stderr, r.output
    assert not (loop / "short.csv").exists() and not (loop / "new.csv").exists()


# ---------------------------------------------------------- shorten --keep-brand: say where the brand was left out
def test_shorten_keep_brand_says_which_rows_lost_the_brand(loop: Path) -> None:
    # Before: one Python warning line per process (a source path, no row), so in a file the seller
    # could not tell which short titles had dropped the brand --keep-brand asked to keep.
    rows = "title\n禾衫2025新款纯棉短袖T恤男宽松大码潮流\n纯棉T恤\n棉语纯棉T恤女\n"
    (loop / "kb.csv").write_text(rows, encoding="utf-8")
    r = run("shorten", "kb.csv", "-o", "short.csv", "--keep-brand", "--limit", "3")
    assert r.exit_code == 0, r.output
    assert ("titleopt: note: rows 2, 4: the brand does not fit beside the product word within 3 chars: left out\n"
            in r.stderr), r.stderr
    r = run("shorten", "--title", "禾衫2025新款纯棉短袖T恤男宽松大码潮流", "--keep-brand", "--limit", "3")
    assert r.exit_code == 0 and r.stdout == "T恤男\n"
    assert r.stderr == "titleopt: note: the brand does not fit beside the product word within 3 chars: left out\n"


def test_shorten_usage_shows_input_as_optional_as_rewrite_does() -> None:
    for command in ("shorten", "rewrite"):
        r = run(command, "--help")
        assert r.exit_code == 0 and f"Usage: main {command} [OPTIONS] [INPUT]\n" in r.stdout, r.stdout[:200]


def test_shorten_title_format_json_as_every_other_title_command(loop: Path) -> None:
    import json

    r = run("shorten", "--title", "禾衫2025新款纯棉短袖T恤男宽松", "--format", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["title"] == "禾衫2025新款纯棉短袖T恤男宽松" and doc["short_length"] == len(doc["short_title"]) <= 12
    assert (doc["limit"], doc["unit"]) == (12, "chars")
    assert run("shorten", "--title", "禾衫2025新款纯棉短袖T恤男宽松").stdout == doc["short_title"] + "\n"
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    r = run("shorten", "listings.csv", "-o", "short.csv", "--format", "json")  # as rewrite INPUT refuses it
    assert r.exit_code == 2 and "--format applies to --title" in r.stderr


@pytest.mark.parametrize("command", [
    ["analyze", TITLE, "-k", "keywords.csv"],
    ["rewrite", "--title", TITLE, "-k", "keywords.csv"],
    ["shorten", "--title", TITLE],
])
def test_a_limit_below_one_names_the_option(loop: Path, command: list[str]) -> None:
    # analyze and rewrite said "limit must be a positive number, got 0"; shorten named --limit.
    r = run(*command, "--limit", "0")
    assert r.exit_code == 2 and "Invalid value for '--limit'" in r.stderr, r.output


# ---------------------------------------------------------- skipped keyword rows are said by every command
@pytest.mark.parametrize("command", [
    ["analyze", "纯棉T恤男", "-k", "badkw.csv"],
    ["rewrite", "--title", "纯棉T恤男", "-k", "badkw.csv"],
    ["shorten", "--title", "纯棉T恤男", "-k", "badkw.csv"],
    ["rewrite", "listings.csv", "-k", "badkw.csv", "-o", "new.csv"],
    ["rewrite", "listings.csv", "-k", "badkw.csv", "-o", "new.csv", "--jobs", "2"],
    ["shorten", "listings.csv", "-k", "badkw.csv", "-o", "short.csv"],
])
def test_skipped_keyword_rows_are_said(loop: Path, command: list[str]) -> None:
    # Before: only keywords --for said so; analyze, rewrite and shorten dropped the rows silently.
    shutil.copy(SAMPLE / "listings.csv", loop / "listings.csv")
    (loop / "badkw.csv").write_text("搜索词,搜索人气,点击率\nT恤男,abc,5%\n卫衣,100,150%\n纯棉t恤,500,5%\n",
                                    encoding="utf-8")
    r = run(*command)
    assert r.exit_code == 0, r.output
    note = "titleopt: note: skipped a keyword row: badkw.csv, row 2, column '搜索人气': not a number: 'abc'\n"
    assert note in r.stderr
    assert "row 3, column '点击率': rate above 100%" in r.stderr


def test_a_batch_job_without_its_optimizer_reads_the_notes_from_the_table(loop: Path) -> None:
    from titleopt.batch import RewriteJob

    (loop / "badkw.csv").write_text("搜索词,搜索人气\nT恤男,abc\n纯棉t恤,500\n", encoding="utf-8")
    job = RewriteJob(keywords="badkw.csv")  # as in a parent whose workers were spawned (macOS, Windows)
    assert job.optimizer is None
    assert job.notes() == ["skipped a keyword row: badkw.csv, row 2, column '搜索人气': not a number: 'abc'"]


# ---------------------------------------------------------- an empty title is an error for --title as in a file
@pytest.mark.parametrize(("command", "said"), [
    (["rewrite", "--title", " ", "-k", "keywords.csv"], "--title is empty"),
    (["shorten", "--title", ""], "--title is empty"),
    (["analyze", "", "-k", "keywords.csv"], "TITLE is empty"),
    (["keywords", "keywords.csv", "--for", " "], "--for is empty"),
    # a title of only promotional words and decoration: in a file an error cell; here it printed
    # "new: " (an empty title, score 100) with exit 0, and --format json gave best == ""
    (["rewrite", "--title", "秒杀包邮★★★", "-k", "keywords.csv", "--format", "json"],
     "--title: the rewrite would leave an empty title (every word of it was removed): removed 秒杀"),
])
def test_an_empty_title_is_refused_as_a_file_row_is(loop: Path, command: list[str], said: str) -> None:
    r = run(*command)
    assert r.exit_code == 2 and said in r.stderr and r.stdout == "", r.output
