"""Before/after traffic comparison: exports as the shop back-end writes them, tests, the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from titleopt import InputError
from titleopt.cli import main
from titleopt.traffic import COLUMNS, compare, read_changes, read_traffic

SAMPLE = Path(__file__).resolve().parent.parent / "dictionaries" / "sample"
BEFORE = str(SAMPLE / "loop_traffic_before.csv")
AFTER = str(SAMPLE / "loop_traffic_after.csv")
CHANGES = str(SAMPLE / "loop_changes.csv")


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


HEAD = "宝贝ID,商品标题,访客数,搜索引导访客数,搜索曝光量,点击率,支付转化率\n"


def pair(tmp_path: Path, before_rows: str, after_rows: str, encoding: str = "gbk") -> tuple[str, str]:
    return (write(tmp_path / "before.csv", HEAD + before_rows, encoding),
            write(tmp_path / "after.csv", HEAD + after_rows, encoding))


def test_sample_changed_items_beat_the_trend() -> None:
    c = compare(BEFORE, AFTER, changes=CHANGES)
    assert c.changed is not None and c.unchanged is not None
    assert (c.changed.items, c.unchanged.items) == (12, 42)
    assert c.did is not None and c.did > 0 and c.did_p is not None and c.did_p < 0.05
    assert "made a difference" in c.verdict
    flagged_changed = [i for i in c.items if i.visitors_flag.startswith("up") and i.changed]
    assert len(flagged_changed) >= 5
    gone = next(i for i in c.items if i.item_id == "690100000055")
    assert "only in" in gone.error and gone.visitors_p is None  # kept, not lost
    assert len(c.items) == 55


def test_trend_from_unchanged_items_and_rate_test(tmp_path: Path) -> None:
    b, a = pair(
        tmp_path,
        "1,旧标题一,200,100,2000,5%,1%\n2,标题二,400,200,4000,5%,1%\n3,标题三,400,200,4000,5%,1%\n",
        "1,新标题一,400,200,2000,10%,1%\n2,标题二,440,220,4000,5.5%,1%\n3,标题三,440,220,4000,5.5%,1%\n",
    )
    c = compare(b, a)  # no --changes: titles tell what changed
    assert c.trend == pytest.approx(1.1)
    one = c.items[0]
    assert one.changed is True and c.items[1].changed is False
    assert one.visitors_expected == pytest.approx(110)
    assert one.visitors_p == pytest.approx(binomtest(200, 300, 1.1 / 2.1).pvalue)
    assert one.visitors_flag == "up beyond the trend"
    assert one.ctr_before == pytest.approx(0.05) and one.ctr_after == pytest.approx(0.10)
    assert one.ctr_flag == "up beyond chance"
    assert c.changed.mean_change == 100 and c.unchanged.mean_change == 20
    assert c.did == 80
    assert c.did_p is None and "too few" in c.verdict  # one changed item: no t-test


def test_wan_percent_dash_and_bad_cells(tmp_path: Path) -> None:
    b, a = pair(
        tmp_path,
        "1,甲,1.2万,6000,1.2万,5%,-\n2,乙,300,abc,3000,5%,1%\n",
        "1,甲,1.3万,6500,1.3万,5%,2%\n2,乙,300,150,3000,5%,1%\n",
    )
    c = compare(b, a)
    one, two = c.items
    assert one.visitors_before == 6000 and one.cvr_before is None and one.cvr_after == pytest.approx(0.02)
    assert "row 3" in two.error and "搜索引导访客数" in two.error and "before.csv" in two.error
    assert two.visitors_p is None


def test_missing_search_column_falls_back_to_visitors(tmp_path: Path) -> None:
    b = write(tmp_path / "b.csv", "商品ID,访客数\n1,100\n2,100\n")
    a = write(tmp_path / "a.csv", "商品ID,访客数\n1,150\n2,100\n")
    ch = write(tmp_path / "ch.csv", "宝贝ID,宝贝标题,new_title,added,removed\n1,旧,新,韩版,\n2,同,同,,\n")
    c = compare(b, a, changes=ch)
    assert c.visitors_column == "visitors"
    assert any("访客数" in n for n in c.notes)
    assert any("CTR is not compared" in n for n in c.notes)
    assert [i.changed for i in c.items] == [True, False]


def test_titles_in_exports_decide_over_changes(tmp_path: Path) -> None:
    b, a = pair(tmp_path, "1,甲,100,50,1000,5%,1%\n2,乙,100,50,1000,5%,1%\n",
                "1,甲,100,60,1000,6%,1%\n2,乙新,100,60,1000,6%,1%\n", "utf-8")
    ch = write(tmp_path / "ch.csv", "宝贝ID,宝贝标题,new_title,added,removed\n1,甲,甲新,新,\n")
    c = compare(b, a, changes=ch)
    assert [i.changed for i in c.items] == [False, True]  # 1 was never applied; 2 changed outside titleopt
    assert any("one source only" in n for n in c.notes)


def test_no_way_to_tell_changed(tmp_path: Path) -> None:
    b = write(tmp_path / "b.csv", "宝贝ID,搜索引导访客数\n1,100\n")
    a = write(tmp_path / "a.csv", "宝贝ID,搜索引导访客数\n1,150\n")
    c = compare(b, a)
    assert c.items[0].changed is None
    assert c.verdict == "no changed item to judge"


def test_file_level_errors(tmp_path: Path) -> None:
    b = write(tmp_path / "b.csv", "标题,访客数\nx,100\n")
    with pytest.raises(InputError, match="no item ID column"):
        read_traffic(b)
    b = write(tmp_path / "b2.csv", "宝贝ID,标题\n1,x\n")
    with pytest.raises(InputError, match="no visitors column"):
        read_traffic(b)
    ch = write(tmp_path / "ch.csv", "宝贝ID,标题\n1,x\n")
    with pytest.raises(InputError, match="new_title"):
        read_changes(ch)


def test_duplicate_item_is_an_error_not_a_sum(tmp_path: Path) -> None:
    b, a = pair(tmp_path, "1,甲,100,50,1000,5%,1%\n1,甲,100,50,1000,5%,1%\n", "1,甲,100,60,1000,6%,1%\n", "utf-8")
    c = compare(b, a)
    assert "listed twice" in c.items[0].error


# ------------------------------------------------------------ CLI
def test_cli_sample_with_output(tmp_path: Path) -> None:
    out = tmp_path / "cmp.csv"
    r = CliRunner().invoke(main, ["compare", BEFORE, AFTER, "--changes", CHANGES, "-o", str(out)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("verdict: changed items gained")
    assert "Przyborowski" in r.output and "Benjamini-Hochberg" in r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 55
    r7 = next(x for x in rows if x["item_id"] == "690100000007")
    assert r7["changed"] == "yes" and "韩版" in r7["added"] and r7["visitors_flag"] == "up beyond the trend"


def test_cli_json_and_gbk(tmp_path: Path) -> None:
    # GB18030, the superset of GBK that can hold the emoji of listing 17's title
    b = write(tmp_path / "b.csv", Path(BEFORE).read_text(encoding="utf-8"), "gb18030")
    a = write(tmp_path / "a.csv", Path(AFTER).read_text(encoding="utf-8"), "gb18030")
    r = CliRunner().invoke(main, ["compare", b, a, "--changes", CHANGES, "--format", "json"], catch_exceptions=False)
    data = json.loads(r.output)
    assert data["changed"]["items"] == 12 and data["did"] > 0
    assert len(data["items"]) == 55


def test_cli_missing_file_exit_2(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["compare", str(tmp_path / "x.csv"), AFTER])
    assert r.exit_code == 2 and "file not found" in r.output
