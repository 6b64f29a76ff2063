"""titleopt tried as a seller and as an adversary (issue #23): bad files, hostile cells, signals,
concurrency, the scripts of the world.

Each defect of #23 has a test here named after it; they failed before the fix. The CLI
is run through click's CliRunner, or as a real subprocess where a real terminal, a real
signal or a real umask is the point. The table of inputs and outcomes in docs/batch.md
is this file, read by a seller.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import titleopt
from titleopt.batch import RewriteJob, ShortenJob, run_batch
from titleopt.cli import main
from titleopt.errors import InputError
from titleopt.io import TableWriter, detect_encoding, read_table, xlsx_escape, xlsx_unescape
from titleopt.keywords import KeywordTable
from titleopt.normalize import to_traditional

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "dictionaries" / "sample"
KEYWORDS = str(SAMPLE / "keywords.csv")
COMPETITORS = str(SAMPLE / "competitors.csv")
#: The titleopt these tests import (a subprocess must run the same code).
CODE_ROOT = str(Path(titleopt.__file__).resolve().parent.parent)
LINUX = sys.platform.startswith("linux")


def cli(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def read_csv(path: Path | str) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def temp_files(folder: Path) -> list[str]:
    return glob.glob(str(folder / ".titleopt-*"))


@pytest.fixture(scope="module")
def optimizer() -> titleopt.TitleOptimizer:
    return titleopt.TitleOptimizer(keywords=KeywordTable.from_file(KEYWORDS))


# ====================================================== 1. XLSX output never crashes
def test_xlsx_output_with_control_character_in_a_cell(tmp_path: Path) -> None:
    src = tmp_path / "vt.csv"
    src.write_text('title,note\n纯棉短袖T恤男,"a\x0bb\x00c"\n', encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "vt.xlsx"))
    assert r.exit_code == 0, r.stderr
    rows = list(read_table(tmp_path / "vt.xlsx").rows)
    assert rows[0][1]["note"] == "a\x0bb\x00c"  # escaped as Excel does (_x000B_), read back as written
    assert rows[0][1]["new_title"]


def test_xlsx_escape_round_trips_literal_escapes() -> None:
    for text in ["a\x0bb", "_x000B_ literal", "x_x005F_y", "\x01\x1f", "plain", "\ufffe"]:
        assert xlsx_unescape(xlsx_escape(text)) == text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".tsv", ".jsonl"])
def test_writer_interrupted_leaves_nothing_and_raises_the_real_error(tmp_path: Path, suffix: str) -> None:
    with pytest.raises(KeyboardInterrupt), TableWriter(str(tmp_path / f"o{suffix}"), ["a"]) as w:
        w.write({"a": "1"})
        raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


def test_late_input_error_with_xlsx_output_is_one_sentence(tmp_path: Path) -> None:
    src = tmp_path / "late.csv"
    good = "".join(f"纯棉短袖T恤男{i}\n" for i in range(6000)).encode("utf-8")
    src.write_bytes(b"title\n" + good + b"\xff\xfe\xfa bad bytes\n")  # past the 64 KB sniffed
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.xlsx"), "-q")
    assert r.exit_code == 2
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    assert os.listdir(tmp_path) == ["late.csv"]


# ====================================================== 2. never overwrite a file the run reads
@pytest.mark.parametrize("which", ["-k", "-c"])
def test_output_onto_keyword_or_competitor_file_is_refused(tmp_path: Path, which: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    kw = tmp_path / "kw.csv"
    comp = tmp_path / "comp.csv"
    kw.write_bytes(Path(KEYWORDS).read_bytes())
    comp.write_bytes(Path(COMPETITORS).read_bytes())
    target = kw if which == "-k" else comp
    before = target.read_bytes()
    r = cli("rewrite", str(src), "-k", str(kw), "-c", str(comp), "-o", str(target))
    assert r.exit_code == 2 and "never overwrites" in r.stderr
    assert target.read_bytes() == before


def test_shorten_output_onto_keyword_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    kw = tmp_path / "kw.csv"
    kw.write_bytes(Path(KEYWORDS).read_bytes())
    r = cli("shorten", str(src), "-k", str(kw), "-o", str(kw))
    assert r.exit_code == 2 and kw.read_bytes() == Path(KEYWORDS).read_bytes()


def test_keywords_from_queries_onto_its_query_file_is_refused(tmp_path: Path) -> None:
    q = tmp_path / "q.txt"
    q.write_bytes((SAMPLE / "queries.txt").read_bytes())
    r = cli("keywords", "--from-queries", str(q), "-o", str(q))
    assert r.exit_code == 2 and q.read_bytes() == (SAMPLE / "queries.txt").read_bytes()


# ====================================================== 3. output folder problems: exit 2, one sentence
@pytest.mark.parametrize("where", ["missing/out.csv", "afile.txt/out.csv", "."])
def test_bad_output_folder_exits_2(tmp_path: Path, where: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    (tmp_path / "afile.txt").write_text("x")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / where))
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("titleopt: error: ") and r.stderr.count("\n") == 1


@pytest.mark.skipif(not LINUX or os.geteuid() == 0, reason="root may write in a read-only folder")
def test_unwritable_output_folder_exits_2(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(ro / "out.csv"))
    finally:
        ro.chmod(0o755)
    assert r.exit_code == 2 and "permission" in r.stderr


# ====================================================== 4. signals (real processes, real signals)
def _big_input(folder: Path, rows: int = 20_000) -> Path:
    src = folder / "big.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["title"])
        for i in range(rows):
            w.writerow([f"纯棉短袖T恤男{i}款宽松圆领"])
    return src


def _children(pid: int) -> list[int]:
    out = []
    for path in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(path) as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(path.split("/")[2]))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it is dead)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _start_run(tmp_path: Path, jobs: int) -> tuple[subprocess.Popen, Path]:
    src = _big_input(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": CODE_ROOT, "TITLEOPT_CACHE_DIR": ""}
    cmd = [sys.executable, "-m", "titleopt.cli", "rewrite", str(src), "-k", KEYWORDS, "-o", str(out / "new.csv"),
           "--jobs", str(jobs)]
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while not temp_files(out):  # the run has started writing
        assert p.poll() is None, p.stderr.read().decode() if p.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    return p, out


def _wait_dead(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(k) for k in pids):
        time.sleep(0.1)
    return [k for k in pids if _alive(k)]


@pytest.mark.skipif(not LINUX, reason="uses /proc to find the worker processes")
@pytest.mark.parametrize("jobs", [1, 2])
def test_sigterm_removes_temp_file_and_stops_workers(tmp_path: Path, jobs: int) -> None:
    p, out = _start_run(tmp_path, jobs)
    workers = _children(p.pid)
    assert len(workers) == (jobs if jobs > 1 else 0)
    os.kill(p.pid, signal.SIGTERM)
    assert p.wait(timeout=60) == 128 + signal.SIGTERM
    stderr = p.stderr.read().decode()
    # (failed once each in sessions 18 and 19 under load: Python 3.11's exit hook for process pools raced the
    # pool's manager thread closing its wake-up pipe, EBADF with a traceback; batch._stop_pool now joins that
    # thread. The message keeps what the run said)
    assert "SIGTERM" in stderr and "Traceback" not in stderr, stderr[-3000:]
    assert os.listdir(out) == []  # no .titleopt-* left, no half file
    assert _wait_dead(workers) == []


@pytest.mark.skipif(not LINUX, reason="uses /proc to find the worker processes")
def test_killed_worker_is_one_sentence(tmp_path: Path) -> None:
    p, out = _start_run(tmp_path, 2)
    workers = _children(p.pid)
    os.kill(workers[0], signal.SIGKILL)
    assert p.wait(timeout=60) == 2
    stderr = p.stderr.read().decode()
    assert "worker process stopped" in stderr and "Traceback" not in stderr
    assert os.listdir(out) == []
    assert _wait_dead(workers) == []


@pytest.mark.skipif(not LINUX, reason="uses /proc and PR_SET_PDEATHSIG")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    p, _ = _start_run(tmp_path, 2)
    workers = _children(p.pid)
    os.kill(p.pid, signal.SIGKILL)  # nothing can be cleaned up; the workers must not stay behind
    p.wait(timeout=60)
    assert _wait_dead(workers) == []


def test_sigterm_handler_is_restored_after_a_run(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    before = signal.getsignal(signal.SIGTERM)
    run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(tmp_path / "o.csv"))
    assert signal.getsignal(signal.SIGTERM) is before


# ====================================================== 5. a bare \r in a cell
@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl", ".xlsx"])
def test_carriage_return_in_a_cell_reads_back_as_one_row(tmp_path: Path, suffix: str) -> None:
    rows = [{"title": f"纯棉T恤{i}", "note": "a\rb" if i % 2 else "c\nd\r\ne"} for i in range(25)]
    path = tmp_path / f"o{suffix}"
    with TableWriter(str(path), ["title", "note"]) as w:
        for r in rows:
            w.write(r)
    back = [r for _, r in read_table(path).rows]
    assert back == rows


# ====================================================== 6. delimiter and header detection
def test_semicolons_in_attributes_do_not_make_a_semicolon_file(tmp_path: Path) -> None:
    src = tmp_path / "attrs.csv"
    src.write_text(
        "title,attributes\n纯棉短袖T恤男,材质:纯棉;袖长:短袖;领型:圆领;季节:夏季\n"
        "连帽卫衣女,材质:棉;袖长:长袖;厚度:加绒;季节:冬季\n",
        encoding="utf-8",
    )
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 0, r.stderr
    _, rows = read_csv(tmp_path / "o.csv")
    assert len(rows) == 2 and rows[0]["attributes"].startswith("材质:纯棉;")


@pytest.mark.parametrize("meta", ["导出时间：2026-11-25", "店铺：禾衫旗舰店,导出时间：2026-11-25", "# export; v2"])
def test_metadata_line_above_the_header(tmp_path: Path, meta: str) -> None:
    src = tmp_path / "meta.csv"
    src.write_text(f"{meta}\n宝贝ID,宝贝标题\n1,纯棉短袖T恤男\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 0, r.stderr
    header, rows = read_csv(tmp_path / "o.csv")
    assert header[:2] == ["宝贝ID", "宝贝标题"] and rows[0]["new_title"]
    assert "skipped 1 line(s) above the header" in r.stderr


# ====================================================== 7. impossible rates
def test_rate_above_100_percent_is_a_skipped_row(tmp_path: Path) -> None:
    kw = tmp_path / "kw.csv"
    kw.write_text("keyword,volume,ctr\n纯棉t恤,1000,150%\n短袖t恤,900,99%\n圆领t恤,800,12.5\n宽松t恤,700,0.05\n"
                  "男士t恤,600,150\n", encoding="utf-8")
    table = KeywordTable.from_file(kw)
    got = {k.text: k.ctr for k in table.keywords}
    assert got == {"短袖t恤": pytest.approx(0.99), "圆领t恤": pytest.approx(0.125), "宽松t恤": pytest.approx(0.05)}
    skipped = " ".join(str(s) for s in table.summary().model_dump()["skipped"]) if hasattr(
        table.summary(), "model_dump") else str(table.summary())
    assert "150%" in skipped and "rate above 100%" in skipped


# ====================================================== 8. control characters: one behaviour, every cell
@pytest.mark.parametrize("column", ["title", "brand", "category", "attributes", "must_keep", "forbid"])
def test_control_character_in_any_read_cell_is_a_row_error(tmp_path: Path, column: str) -> None:
    cells = {"title": "纯棉短袖T恤男", "brand": "禾衫", "category": "T恤", "attributes": "材质:纯棉",
             "must_keep": "纯棉", "forbid": "清仓"}
    cells[column] = cells[column][:1] + "\x01" + cells[column][1:]
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(cells, ensure_ascii=False) + "\n" + json.dumps({"title": "连帽卫衣女"}) + "\n",
                   encoding="utf-8")
    run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(tmp_path / "o.jsonl"))
    out = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert out[0]["new_title"] == "" and f"column '{column}'" in out[0]["error"]
    assert "U+0001 at position 1" in out[0]["error"]
    assert out[0][column] == cells[column]  # the cell itself is kept as it was
    assert out[1]["new_title"] and not out[1]["error"]


def test_tabs_and_line_breaks_in_a_title_are_white_space_not_errors(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"title": "纯棉短袖\tT恤男\r\n宽松"}, ensure_ascii=False) + "\n", encoding="utf-8")
    run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(tmp_path / "o.jsonl"))
    out = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert out["new_title"] and not out["error"]


@pytest.mark.parametrize("option", ["--title", "--brand", "--category", "--must-keep", "--forbid"])
def test_control_character_in_a_cli_option_exits_2(option: str) -> None:
    args = ["rewrite", "--title", "纯棉短袖T恤男", "-k", KEYWORDS]
    if option == "--title":
        args[2] = "纯棉\x00短袖T恤男"
    else:
        args += [option, "禾\x01衫"]
    r = cli(*args)
    assert r.exit_code == 2 and "U+00" in r.stderr and "\x01" not in r.stdout


def test_shorten_refuses_control_characters_too(tmp_path: Path) -> None:
    assert cli("shorten", "--title", "纯棉\x07短袖T恤男").exit_code == 2
    src = tmp_path / "in.csv"
    src.write_text("title,brand\n纯棉短袖T恤男,\"禾\x01衫\"\n", encoding="utf-8")
    run_batch(ShortenJob(), str(src), str(tmp_path / "o.csv"))
    _, rows = read_csv(tmp_path / "o.csv")
    assert "column 'brand'" in rows[0]["error"] and rows[0]["short_title"] == ""


# ====================================================== 9. said in the summary, nothing joined wrongly
def test_tsv_extra_cells_keep_their_tabs_and_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "extra.tsv"
    src.write_text("title\tnote\n纯棉短袖T恤男\ta\tb\tc\n连帽卫衣女\tx\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.tsv"))
    assert r.exit_code == 0
    rows = [r for _, r in read_table(tmp_path / "o.tsv").rows]
    assert rows[0]["note"] == "a\tb\tc" and rows[1]["note"] == "x"
    assert "more cells than the header (row 2)" in r.stderr and "tabs" in r.stderr


def test_two_title_columns_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "two.csv"
    src.write_text("title,宝贝标题\n纯棉短袖T恤男,连帽卫衣女\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 0
    assert "'title' and '宝贝标题' all name a title" in r.stderr and "--title-column" in r.stderr


# ====================================================== 10. Traditional-Chinese exports
def test_big5_file_with_traditional_headers(tmp_path: Path) -> None:
    src = tmp_path / "big5.csv"
    src.write_bytes("商品名稱,品牌名稱\n純棉短袖T恤男寬鬆圓領,禾衫\n".encode("cp950"))
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 0, r.stderr
    header, rows = read_csv(tmp_path / "o.csv")
    assert header[:2] == ["商品名稱", "品牌名稱"]
    assert rows[0]["商品名稱"] == "純棉短袖T恤男寬鬆圓領"
    assert rows[0]["new_title"].startswith("禾衫")  # the brand column was recognised


def test_big5_keyword_table_with_taiwan_headers(tmp_path: Path) -> None:
    kw = tmp_path / "kw.csv"
    kw.write_bytes("關鍵字,搜尋量,點擊率\n純棉T恤,1000,3%\n短袖T恤,500,2%\n".encode("cp950"))
    table = KeywordTable.from_file(kw)
    assert [k.text for k in table.keywords] == ["純棉T恤", "短袖T恤"]
    assert table.keywords[0].volume == 1000


def _sample_texts() -> list[str]:
    texts: list[str] = []
    for f in sorted(SAMPLE.glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                texts += [c for c in row if any("\u4e00" <= ch <= "\u9fff" for ch in c)]
    return list(dict.fromkeys(texts))


def test_gbk_and_big5_told_apart_on_every_sample_title() -> None:
    """A header line and one title, in GBK and (Traditional) in Big5: the rule must get them right.

    Measured on the shipped sample data: all 930 right in both encodings (without the header
    line, a title of 2-4 characters can tie: 14 Big5 and 1 GBK of 930 are then misread).
    """
    wrong_gbk = wrong_big5 = total = 0
    for text in _sample_texts():
        simplified = f"宝贝标题\n{text}\n"
        try:
            gbk, big5 = simplified.encode("gbk"), to_traditional(simplified).encode("cp950")
        except UnicodeEncodeError:
            continue
        total += 1
        wrong_gbk += detect_encoding(gbk) != "gb18030"
        wrong_big5 += detect_encoding(big5) != "cp950"
    assert total > 500
    assert wrong_gbk == 0 and wrong_big5 == 0


def test_gbk_export_still_reads_as_gbk(tmp_path: Path) -> None:
    src = tmp_path / "gbk.csv"
    src.write_bytes("宝贝标题,品牌\n纯棉短袖T恤男宽松圆领,禾衫\n连帽卫衣女加绒,棉语\n".encode("gbk"))
    table = read_table(src)
    assert table.encoding == "gb18030" and next(table.rows)[1]["宝贝标题"] == "纯棉短袖T恤男宽松圆领"


# ====================================================== 11. the scripts of the world
WORLD = {
    "Russian": "Футболка мужская хлопок",
    "Thai": "เสื้อยืดผ้าฝ้ายแขนสั้น ผู้ชาย",
    "Vietnamese": "Áo thun nam cotton ngắn tay",
    "Vietnamese NFD": unicodedata.normalize("NFD", "Áo thun nam cotton ngắn tay"),
    "Spanish": "Camiseta algodón hombre",
    "Arabic": "قميص قطن رجالي",
    "Korean": "반팔 티셔츠 남성 면",
    "Japanese": "コットンＴシャツ メンズ 半袖",
    "Hindi": "सूती टी-शर्ट पुरुष",
    "Greek": "Βαμβακερό μπλουζάκι ανδρικό",
    "Turkish": "Erkek pamuklu tişört İnce",
    "Hebrew": "חולצת כותנה לגברים",
    "mixed": "纯棉短袖T恤男 algodón Футболка",
}


_HAN = re.compile(
    r"[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
)


def _words(text: str) -> list[str]:
    """Maximal runs of letters, digits and combining marks that are not Chinese and not only ASCII."""
    out, cur = [], ""
    for ch in text + " ":
        han = _HAN.match(ch) is not None
        if (ch.isalnum() or unicodedata.category(ch)[0] == "M") and not han:
            cur += ch
        else:
            if cur and not cur.isascii():
                out.append(cur)
            cur = ""
    return out


@pytest.mark.parametrize("script", sorted(WORLD))
def test_every_word_of_every_script_is_one_token(segmenter, script: str) -> None:
    title = WORLD[script]
    spans = {title[t.start : t.end] for t in segmenter.tokens(title)}
    for word in _words(title):
        assert word in spans, (word, spans)


@pytest.mark.parametrize("script", sorted(WORLD))
def test_rewrite_keeps_words_of_every_script_whole(optimizer, script: str) -> None:
    title = WORLD[script]
    best = optimizer.rewrite(title).best
    kept = _words(best)
    assert kept, best
    assert set(kept) <= set(_words(title)), (title, best)


def test_issue_examples_of_other_scripts_through_the_cli() -> None:
    r = cli("rewrite", "--title", "Футболка мужская хлопок", "-k", KEYWORDS)
    assert "new: Футболка мужская хлопок" in r.stdout
    r = cli("rewrite", "--title", "เสื้อยืดผ้าฝ้ายแขนสั้น", "-k", KEYWORDS, "-p", "shopee")
    assert "new: เสื้อยืดผ้าฝ้ายแขนสั้น" in r.stdout
    assert cli("shorten", "--title", "Camiseta algodón hombre").stdout.strip() in (
        "algodón", "Camiseta algodón", "algodón hombre", "Camiseta algodón hombre", "Camiseta", "hombre")


_LETTERS = st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Nd"))
_WORD = st.text(_LETTERS, min_size=1, max_size=8)
_TITLE = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
#: Words of any script but Chinese, each once: the titles the property below holds for today.
_SPACED_WORD = st.text(_LETTERS.filter(lambda c: _HAN.match(c) is None), min_size=1, max_size=8)
_SPACED_TITLE = st.lists(
    _SPACED_WORD, min_size=1, max_size=6, unique_by=lambda w: unicodedata.normalize("NFKC", w).casefold()
).map(" ".join)


def _kept_whole(title: str, output: str) -> str | None:
    """The first word of ``output`` that is not a whole word of ``title`` (None: every word is)."""
    words = {w.casefold() for w in _words(title)} | {
        w.casefold() for w in _words(unicodedata.normalize("NFKC", title))
    }
    return next((w for w in _words(output) if w.casefold() not in words), None)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_SPACED_TITLE)
@example("ŉ vĠàxÆlŉK vĠàxÆlŉK")  # NFKC expands ŉ to two characters; a repeated word is dropped whole
@example("Ŀ0 Ŀ0")  # NFKC would cut Ŀ into L + a middle dot
@example("เสื้อยืดผ้าฝ้าย e\u0301te\u0301 ngắn tay")
def test_property_rewrite_keeps_every_character_of_every_word_it_keeps(optimizer, title: str) -> None:
    """For any printable title in any script, each word of the new title is a whole word of the old one."""
    try:
        best = optimizer.rewrite(title).best
    except titleopt.TitleoptError:
        return
    assert _kept_whole(title, best) is None, (title, best)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(_TITLE)
@example("㐀0 㐀ª")
@example("Ũéı💗ÜȾ")  # the emoji is dropped as decoration, and the two words are glued
def test_property_rewrite_any_title_with_chinese_and_repeats(optimizer, title: str) -> None:
    try:
        best = optimizer.rewrite(title).best
    except titleopt.TitleoptError:
        return
    assert _kept_whole(title, best) is None, (title, best)


def _word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(text + " "):
        chinese = _HAN.match(ch) or _HAN.match(unicodedata.normalize("NFKC", ch)[:1])  # ㆓ is 二 to NFKC
        if (ch.isalnum() or unicodedata.category(ch)[0] == "M") and not chinese:
            start = i if start is None else start
        else:
            if start is not None and not text[start:i].isascii():
                spans.append((start, i))
            start = None
    return spans


_PRINTABLE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Cf", "Zl", "Zp")),
                     min_size=1, max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(_TITLE, _PRINTABLE))
@example("Ŀ0")  # NFKC: L + middle dot
@example("½x")  # NFKC: 1, fraction slash, 2
@example("¯Ğ ´A")  # spacing accents: a space and a combining mark to NFKC
@example("\U0001f202fįü")  # 🈂 is サ to NFKC: the token may be wider than the word, never narrower
def test_property_tokens_cover_whole_words(segmenter, title: str) -> None:
    """Any printable title: no token boundary falls inside a word of a script other than Chinese."""
    tokens = [(t.start, t.end) for t in segmenter.tokens(title)]
    for a, b in _word_spans(title):
        assert any(s <= a and b <= e for s, e in tokens), (title, title[a:b], tokens)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(_SPACED_TITLE)
@example("Áo thun nam ngắn tay")
@example("000000 A000 ヿ")  # a Latin word and kana were glued once their space was spent
def test_property_shorten_keeps_words_whole(optimizer, title: str) -> None:
    try:
        short = optimizer.shorten(title, limit=12, unit="chars")
    except titleopt.TitleoptError:
        return
    assert _kept_whole(title, short) is None, (title, short)


# ====================================================== 12. an empty rewrite is an error, not 100
@pytest.mark.parametrize("title", ["假一罚三", "秒杀包邮★★★", "&mdash"])
def test_title_of_only_promotion_or_decoration_is_an_error_cell(tmp_path: Path, title: str) -> None:
    src = tmp_path / "in.csv"
    src.write_text(f"title\n{title}\n纯棉短袖T恤男\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code == 0
    _, rows = read_csv(tmp_path / "o.csv")
    assert rows[0]["new_title"] == "" and rows[0]["score_after"] == ""
    assert "empty title" in rows[0]["error"] and "removed" in rows[0]["error"]
    assert "2 rows" in r.stderr and "1 errors" in r.stderr


# ====================================================== 13-15. the lead's, in the optimizer
def test_item13_limit_in_chars_is_never_exceeded() -> None:
    opt = titleopt.TitleOptimizer(keywords=KeywordTable.from_file(KEYWORDS), limit=12, unit="chars")
    res = opt.rewrite("耐克-禾衫", must_keep=["宽松", "纯棉", "夏季短袖"])
    assert len(res.best) <= 12, res.best


def test_item14_must_keep_and_forbid_contradiction_is_an_input_error(optimizer) -> None:
    with pytest.raises(InputError, match="纯棉"):
        optimizer.rewrite("纯棉短袖T恤男", must_keep=["纯棉"], forbid=["纯棉"])


def test_item14_forbidden_brand_is_removed(optimizer) -> None:
    res = optimizer.rewrite("禾衫纯棉短袖T恤男", brand="禾衫", forbid=["禾衫"])
    assert "禾衫" not in res.best


@pytest.mark.parametrize("title", ["纯棉短袖T恤男包邮", "纯棉短袖T恤男买二送一", "纯棉短袖T恤男【买一送三】"])
def test_item15_promo_words_glued_by_jieba_are_removed(optimizer, title: str) -> None:
    best = optimizer.rewrite(title).best
    assert "包邮" not in best and "买二送一" not in best and "送三" not in best


# ====================================================== 16. file modes
def _run_with_umask(tmp_path: Path, umask: int, target: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    code = (f"import os; os.umask({umask}); from titleopt.batch import RewriteJob, run_batch; "
            f"run_batch(RewriteJob(keywords={KEYWORDS!r}), {str(src)!r}, {str(target)!r})")
    env = {**os.environ, "PYTHONPATH": CODE_ROOT, "TITLEOPT_CACHE_DIR": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_output_honours_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    target = tmp_path / "new.csv"
    _run_with_umask(tmp_path, umask, target)
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_replaced_output_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    target.write_text("old")
    target.chmod(0o640)
    _run_with_umask(tmp_path, 0o077, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text(encoding="utf-8-sig") != "old"


# ====================================================== 17. dictionary cache checksum
def test_cache_file_with_any_flipped_bit_is_rebuilt(tmp_path: Path) -> None:
    from titleopt import segment

    payload = ({"纯棉": 100, "短袖": 50, "t恤": 7}, 157)
    segment.write_marshal(tmp_path, "k" * 32, "base", payload)
    path = segment._cache_file(tmp_path, "k" * 32, "base")
    good = path.read_bytes()
    assert segment.read_marshal(tmp_path, "k" * 32, "base") == payload
    for bit in range(0, len(good) * 8, 3):
        bad = bytearray(good)
        bad[bit // 8] ^= 1 << (bit % 8)
        path.write_bytes(bytes(bad))
        assert segment.read_marshal(tmp_path, "k" * 32, "base") is None, bit


# ====================================================== 18. progress on a 0×0 terminal
@pytest.mark.skipif(not LINUX, reason="pty test written for Linux")
def test_progress_bar_on_a_terminal_reporting_0x0(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n连帽卫衣女\n", encoding="utf-8")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))
    env = {**os.environ, "PYTHONPATH": CODE_ROOT, "TITLEOPT_CACHE_DIR": ""}
    cmd = [sys.executable, "-m", "titleopt.cli", "rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv")]
    p = subprocess.Popen(cmd, stderr=slave, stdout=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert p.wait(timeout=60) == 0
    text = out.decode("utf-8", "replace")
    assert "2/2" in text and "rows/s]" in text


# ====================================================== standing suite: bad files
@pytest.mark.parametrize(
    ("content", "name", "expect"),
    [
        (b"", "empty.csv", "no title column"),
        (b"\xef\xbb\xbf", "bom.csv", "no title column"),
        (b"title\n", "header_only.csv", None),
        (b"PK\x03\x04garbage", "fake.xlsx", "cannot open as an Excel workbook"),
        (b"\x00\x01\x02\x03" * 100, "binary.csv", None),
        (b'title\n"unclosed quote\n', "quote.csv", None),
        (b"{not json\n", "bad.jsonl", None),
        (b"title\n" + "纯棉".encode("utf-16-le"), "mixed.csv", None),
    ],
)
def test_bad_files_exit_0_or_2_never_a_traceback(tmp_path: Path, content: bytes, name: str, expect: str | None) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"))
    assert r.exit_code in (0, 2), r.stderr
    assert "Traceback" not in r.stderr
    if r.exit_code == 2:
        assert r.stderr.count("\n") == 1 and not temp_files(tmp_path)
    if expect:
        assert expect in r.stderr


def test_a_200k_character_cell_is_kept_not_a_file_error(tmp_path: Path) -> None:
    src = tmp_path / "big_cell.csv"
    src.write_text("title,desc\n纯棉短袖T恤男," + "x" * 200_000 + "\n" + "x" * 6000 + ",ok\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"), "-q")
    assert r.exit_code == 0, r.stderr
    _, rows = read_csv(tmp_path / "o.csv")
    assert len(rows[0]["desc"]) == 200_000 and rows[0]["new_title"]
    assert "5,000" in rows[1]["error"]  # a 6,000-character title: the row says so, the run goes on


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_disk_full_is_one_sentence(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    r = cli("rewrite", str(src), "-k", KEYWORDS, "-o", "/dev/full")
    assert r.exit_code == 2 and "No space left on device" in r.stderr and r.stderr.count("\n") == 1


def test_input_that_is_a_folder_or_missing(tmp_path: Path) -> None:
    assert cli("rewrite", str(tmp_path), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv")).exit_code == 2
    assert cli("rewrite", str(tmp_path / "no.csv"), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv")).exit_code == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_input_from_a_pipe_is_read_once_whole(tmp_path: Path) -> None:
    """`titleopt rewrite <(zcat listings.csv.gz)`: a pipe cannot be rewound after the encoding is sniffed."""
    src = _big_input(tmp_path, 3000)  # more than the 64 KB sniffed
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    feeder = subprocess.Popen(["bash", "-c", f"cat {src} > {fifo}"])
    r = cli("rewrite", str(fifo), "-k", KEYWORDS, "-o", str(tmp_path / "o.csv"), "-q")
    feeder.wait(timeout=60)
    assert r.exit_code == 0, r.stderr
    _, rows = read_csv(tmp_path / "o.csv")
    assert len(rows) == 3000 and rows[0]["title"] == "纯棉短袖T恤男0款宽松圆领"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_output_to_a_pipe_or_through_a_link_keeps_the_pipe_and_the_link(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("title\n纯棉短袖T恤男\n", encoding="utf-8")
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(fifo), "-q").exit_code == 0
    assert reader.communicate(timeout=60)[0].decode("utf-8-sig").startswith("title,new_title")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # not replaced by a regular file
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "real.csv")
    assert cli("rewrite", str(src), "-k", KEYWORDS, "-o", str(link), "-q").exit_code == 0
    assert link.is_symlink() and (tmp_path / "real.csv").read_text(encoding="utf-8-sig").startswith("title,")


def test_broken_pipe_on_stdout_is_quiet(tmp_path: Path) -> None:
    src = _big_input(tmp_path, 3000)
    env = {**os.environ, "PYTHONPATH": CODE_ROOT, "TITLEOPT_CACHE_DIR": ""}
    cmd = f"{sys.executable} -m titleopt.cli rewrite {src} -k {KEYWORDS} -o - -q | head -2"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, env=env, timeout=300)
    assert len(p.stdout.splitlines()) == 2
    assert b"Traceback" not in p.stderr


# ====================================================== standing suite: hostile cells
HOSTILE = [
    "=HYPERLINK(\"http://evil.example\",\"点我\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-5",
    "\ufeff纯棉短袖T恤男",  # a BOM inside a cell
    "纯棉\u202e短袖T恤男",  # right-to-left override
    "纯棉😀短袖T恤男👕",
    '纯棉"短袖"T恤男,宽松',
    "纯棉\n短袖\r\nT恤男",
    "x" * 6000,
    "   ",
    "\u3000\u3000",
    "_x000B_ looks like an escape",
    "纯棉\x00短袖",
    "null",
]


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".xlsx", ".jsonl"])
def test_hostile_cells_nothing_lost_in_any_format(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, cell in enumerate(HOSTILE):
            fh.write(json.dumps({"id": str(i), "title": cell, "note": cell}, ensure_ascii=False) + "\n")
        fh.write('{"id": "lone", "title": "\\ud800纯棉"}\n')  # a lone surrogate: no file can hold it
    out = tmp_path / f"o{suffix}"
    summary = run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(out))
    assert summary.rows == len(HOSTILE) + 1
    rows = [r for _, r in read_table(out).rows]
    assert len(rows) == len(HOSTILE) + 1
    for cell, row in zip(HOSTILE, rows, strict=False):
        note = row["note"]
        if suffix != ".jsonl" and cell[:1] in "=+@" and note.startswith("'"):
            note = note[1:]  # formula escaping: a spreadsheet shows it as text
        assert note == cell
        assert row["new_title"] or row["error"]
    assert "surrogate" in rows[-1]["error"] and "\\ud800" in rows[-1]["error"]


# ====================================================== standing suite: concurrency
def test_threads_sharing_one_optimizer_agree_with_a_sequential_run(optimizer) -> None:
    titles = [*WORLD.values(), "纯棉短袖T恤男宽松", "2019新款连帽卫衣女加绒", "假一罚三", "iphone15手机壳磁吸"] * 5
    sequential = [optimizer.rewrite(t).best for t in titles]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(lambda t: optimizer.rewrite(t).best, titles))
    assert threaded == sequential


def test_jobs_1_and_2_byte_identical_on_hostile_rows(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "brand"])
        for i in range(300):
            w.writerow([HOSTILE[i % len(HOSTILE)] if i % 3 == 0 else list(WORLD.values())[i % len(WORLD)],
                        "禾\x01衫" if i % 7 == 0 else ""])
    digests = []
    for jobs in (1, 2):
        out = tmp_path / f"o{jobs}.csv"
        run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(out), jobs=jobs, chunk_size=16)
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_two_runs_writing_the_same_output_never_mix(tmp_path: Path) -> None:
    src = _big_input(tmp_path, 400)
    out = tmp_path / "same.csv"
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: run_batch(RewriteJob(keywords=KEYWORDS), str(src), str(out)), range(2)))
    _, rows = read_csv(out)
    assert len(rows) == 400 and not temp_files(tmp_path)
