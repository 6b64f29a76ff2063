from __future__ import annotations

import math

import pytest

from titleopt.errors import InputError
from titleopt.io import parse_number
from titleopt.keywords import KeywordTable

SYCM = (
    "搜索词,搜索人气,点击率,支付转化率,在线商品数\n"
    '卫衣女,"18,399",12.34%,3.21%,"1,234,567"\n'
    "连帽卫衣女,1.2万,10%,-,12.3万\n"
    "T恤 男,500,5%,2%,100\n"
    "t恤男,900,5%,2%,100\n"
    ",300,1%,1%,1\n"
    "卫衣女宽松,abc,1%,1%,1\n"
    "卫衣女加绒,-,1%,1%,1\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("18,399", 18399), ("12.34%", 0.1234), ("1.2万", 12000), ("3亿", 3e8), ("-", None), ("", None), (" 7 ", 7)],
)
def test_parse_exported_numbers(raw, expected):
    got = parse_number(raw)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_parse_number_edge_cases():
    assert math.isinf(parse_number("∞"))
    assert parse_number("1.2万+人付款", lenient=True) == pytest.approx(12000)
    with pytest.raises(ValueError):
        parse_number("abc")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_sycm_export_in_any_encoding(tmp_path, encoding):
    path = tmp_path / "搜索分析.csv"
    path.write_text(SYCM, encoding=encoding)
    table = KeywordTable.from_file(path)
    by_key = {k.key: k for k in table}
    assert set(by_key) == {"卫衣女", "连帽卫衣女", "t恤男"}
    top = by_key["卫衣女"]
    assert top.volume == 18399 and top.ctr == pytest.approx(0.1234) and top.cvr == pytest.approx(0.0321)
    assert top.value == pytest.approx(18399 * 0.1234 * 0.0321)
    assert top.roots == ("卫衣", "女")
    # '-' conversion takes the column median instead of zeroing the keyword
    assert by_key["连帽卫衣女"].value > 0
    # bad rows are reported with row numbers (header = row 1) and columns, not fatal
    reasons = {(i.row, i.column): i.reason for i in table.issues}
    assert (6, "搜索词") in reasons
    assert (7, "搜索人气") in reasons and "not a number" in reasons[(7, "搜索人气")]
    assert (8, "搜索人气") in reasons and "volume" in reasons[(8, "搜索人气")]
    assert all(i.file == str(path) for i in table.issues)
    # duplicates after normalization: 'T恤 男' and 't恤男' merge, higher volume kept
    assert by_key["t恤男"].volume == 900 and len(table.merged) == 1
    assert table.rows_read == 7


def test_strict_raises_on_the_first_bad_row(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(SYCM, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        KeywordTable.from_file(path, strict=True)
    assert exc.value.row == 6 and "k.csv" in str(exc.value)


def test_no_keyword_column_lists_found_and_accepted(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("词语,数量\n卫衣,1\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        KeywordTable.from_file(path)
    msg = str(exc.value)
    assert "'词语'" in msg and "搜索词" in msg and "Keyword Phrase" in msg


def test_english_headers_and_tsv(tmp_path):
    path = tmp_path / "cerebro.tsv"
    path.write_text("Keyword Phrase\tSearch Volume\tCompeting Products\nyoga mat\t1,000\t500\n", encoding="utf-8")
    table = KeywordTable.from_file(path)
    assert table.keywords[0].roots == ("yoga", "mat") and table.keywords[0].value == 1000


def test_amazon_brand_analytics_with_metadata_line(tmp_path):
    path = tmp_path / "ba.csv"
    path.write_text(
        'Reporting Range=["Weekly"],Viewing=["2026-11-01 - 2026-11-07"]\n'
        "Department,Search Term,Search Frequency Rank,#1 Clicked ASIN\n"
        "Amazon.com,yoga mat,10,B000\n"
        "Amazon.com,yoga mat thick,1000,B001\n",
        encoding="utf-8",
    )
    table = KeywordTable.from_file(path)
    assert [k.text for k in table] == ["yoga mat", "yoga mat thick"]
    assert table.keywords[0].value == pytest.approx(1e6 / 10)  # Zipf proxy


def test_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["关键词", "搜索人气", "点击率"])
    ws.append(["卫衣女", 18399, "12.34%"])
    ws.append(["卫衣男", 100, 0.05])
    path = tmp_path / "k.xlsx"
    wb.save(path)
    table = KeywordTable.from_file(path)
    assert [k.text for k in table] == ["卫衣女", "卫衣男"]
    assert table.keywords[1].ctr == pytest.approx(0.05)


def test_traditional_and_full_width_keywords_share_roots():
    table = KeywordTable.from_records([("連帽衛衣女", 10), ("ＴＳＨＩＲＴ男", 5)])
    assert table.keywords[0].roots == ("连帽卫衣", "女")
    assert table.keywords[1].key == "tshirt男"


def test_explicit_weight_wins_and_no_volume_means_equal_values():
    table = KeywordTable.from_records([{"keyword": "卫衣", "volume": 100, "weight": 3}])
    assert table.keywords[0].value == 3
    plain = KeywordTable.from_records(["卫衣", "T恤"])
    assert [k.value for k in plain] == [1.0, 1.0]


def test_root_table_aggregates_value():
    table = KeywordTable.from_records([("卫衣女", 10), ("连帽卫衣女", 5), ("卫衣男", 1)])
    roots = {s.root: s for s in table.roots()}
    assert roots["女"].value == 15 and roots["女"].keywords == 2
    assert roots["卫衣"].value == 11
    summary = table.summary()
    assert summary["top_roots"][0]["root"] == "女"


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        KeywordTable.from_file(tmp_path / "nope.csv")


def test_near_duplicates_are_reported_not_merged():
    table = KeywordTable.from_records([("连衣裙女夏", 10), ("连衣群女夏", 5), ("T恤", 3), ("t-shirt", 2), ("卫衣", 1)])
    assert len(table) == 5  # nothing merged
    pairs = {frozenset((d["a"], d["b"])) for d in table.summary()["near_duplicates"]}
    assert frozenset(("T恤", "t-shirt")) in pairs  # synonym dictionary
    typo = {frozenset((d["a"], d["b"])) for d in table.near_duplicates(threshold=75)}
    assert frozenset(("连衣裙女夏", "连衣群女夏")) in typo
    assert not any("卫衣" in p for p in typo)
