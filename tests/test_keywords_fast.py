"""Loading checks rows in plain code; the pydantic model is the reference and must agree on every row."""

from __future__ import annotations

import pytest

from titleopt import keywords
from titleopt.keywords import KeywordTable
from titleopt.resources import data_path

EDGE_CSV = (
    "搜索词,搜索人气,点击率,支付转化率,在线商品数,直通车参考价\n"
    '卫衣女,"18,399",12.34%,3.21%,"1,234,567",1.2\n'
    "连帽卫衣女,1.2万,10%,-,12.3万,--\n"
    "T恤 男,500,5%,2%,100,\n"
    "t恤男,900,5,2,100,N/A\n"  # rates without '%': percentages
    ",300,1%,1%,1,1\n"  # empty keyword
    "   ,300,1%,1%,1,1\n"
    "【】★,300,1%,1%,1,1\n"  # no words
    "卫衣女宽松,abc,1%,1%,1,1\n"  # not a number
    "卫衣女加绒,-,1%,1%,1,1\n"  # no volume
    "卫衣男,-5,1%,1%,1,1\n"  # negative
    "卫衣男童,5,101,1%,1,1\n"  # rate above 100%
    "卫衣男款,5,-1%,1%,1,1\n"  # negative rate
    "卫衣男士,∞,1%,1%,∞,1\n"  # infinity carries no demand
    "連帽衛衣,1.5k,0.5,0.02,3亿,0\n"
    "ＴＳＨＩＲＴ男,7 ,12.34％,1%,1，000,1\n"
    + "长关键词" * 30
    + ",5,1%,1%,1,1\n"  # longer than 100 characters
    "iPhone15 Pro手机壳,1e3,1%,1%,1,1\n"
)


def _both(build):
    """The table built with the plain checks and with the model for every row."""
    fast = build()
    saved = keywords._plain_row
    keywords._plain_row = lambda rec: None
    try:
        ref = build()
    finally:
        keywords._plain_row = saved
    return fast, ref


def _same(fast: KeywordTable, ref: KeywordTable) -> None:
    assert fast.keywords == ref.keywords
    assert fast.issues == ref.issues
    assert fast.merged == ref.merged
    assert fast.surfaces == ref.surfaces
    assert (fast.rows_read, fast.columns, fast.file) == (ref.rows_read, ref.columns, ref.file)


def test_edge_rows_load_as_the_model_loads_them(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(EDGE_CSV, encoding="utf-8")
    fast, ref = _both(lambda: KeywordTable.from_file(path))
    _same(fast, ref)
    assert len(fast.issues) == 10 and len(fast.keywords) == 6 and len(fast.merged) == 1  # both paths ran


def test_sample_table_loads_as_the_model_loads_it():
    fast, ref = _both(lambda: KeywordTable.from_file(data_path("sample/keywords.csv")))
    _same(fast, ref)
    assert len(fast.keywords) > 300


@pytest.mark.parametrize(
    "records",
    [
        [("卫衣女", 10), ("卫衣", 3.5, 0.1, 0.02, 7), ("卫衣男", True), (123, 5)],
        [{"keyword": "卫衣", "weight": 2}, {"keyword": None}, {"volume": 5}, {"搜索词": "T恤", "搜索人气": "1万"}],
        [{"keyword": "卫衣", "volume": float("nan")}, {"keyword": "T恤", "ctr": [1]}, {"keyword": "  连衣裙 "}],
        ["卫衣", "T恤", "", "连帽卫衣"],
    ],
)
def test_records_load_as_the_model_loads_them(records):
    fast, ref = _both(lambda: KeywordTable.from_records(records))
    _same(fast, ref)


def test_strict_reports_the_same_first_error(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(EDGE_CSV, encoding="utf-8")
    errors = []
    for plain in (keywords._plain_row, lambda rec: None):
        saved = keywords._plain_row
        keywords._plain_row = plain
        try:
            with pytest.raises(keywords.InputError) as exc:
                KeywordTable.from_file(path, strict=True)
        finally:
            keywords._plain_row = saved
        errors.append((str(exc.value), exc.value.row, exc.value.column))
    assert errors[0] == errors[1]
    assert errors[0][1] == 6
