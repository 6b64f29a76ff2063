"""KeywordTable.from_queries: demand = how many queries contain a root or phrase."""

from __future__ import annotations

import pytest

from titleopt.keywords import KeywordTable

QUERIES = [
    "连衣裙女夏",
    "连衣裙 女",
    "纯棉连衣裙",
    "连衣裙连衣裙",  # counts once: a query either contains the root or not
    "保温杯",
    "保温杯 大容量",
    "手机壳",
]


def volumes(table: KeywordTable) -> dict[str, float]:
    return {k.text.replace(" ", ""): k.volume for k in table.keywords}


def test_counts_are_number_of_queries_containing_the_root(segmenter):
    t = KeywordTable.from_queries(QUERIES, min_count=1, segmenter=segmenter)
    v = volumes(t)
    assert v["连衣裙"] == 4
    assert v["保温杯"] == 2
    assert v["手机壳"] == 1


def test_min_count_drops_rare_phrases(segmenter):
    v = volumes(KeywordTable.from_queries(QUERIES, min_count=2, segmenter=segmenter))
    assert "连衣裙" in v and "保温杯" in v
    assert "手机壳" not in v


def test_phrases_of_adjacent_words(segmenter):
    v = volumes(
        KeywordTable.from_queries(["保温杯 大容量", "保温杯大容量", "大容量保温杯"], min_count=1, segmenter=segmenter)
    )
    assert v.get("保温杯大容量") == 2  # two queries have the words in this order, adjacent


def test_query_log_file_with_ids(tmp_path, segmenter):
    f = tmp_path / "q.txt"
    f.write_text("1\t连衣裙女\n2\t连衣裙\n\n3\t保温杯\n", encoding="utf-8")
    t = KeywordTable.from_queries(f, min_count=1, segmenter=segmenter)
    assert volumes(t)["连衣裙"] == 2
    assert t.rows_read == 4


def test_round_trip_to_file(tmp_path, segmenter):
    t = KeywordTable.from_queries(QUERIES, min_count=2, segmenter=segmenter)
    path = tmp_path / "table.csv"
    t.to_file(path)
    again = KeywordTable.from_file(path)
    assert volumes(again) == volumes(t)


def test_real_queries_sample(shared_data, segmenter):
    path = shared_data / "taobao_queries" / "train.query.txt"
    if not path.exists():
        pytest.skip("taobao_queries not available")
    lines = path.read_text(encoding="utf-8").splitlines()[:2000]
    t = KeywordTable.from_queries([ln.split("\t")[-1] for ln in lines], min_count=3, segmenter=segmenter)
    assert len(t) > 0
    queries = [ln.split("\t")[-1] for ln in lines]
    top = t.keywords[0]
    # its volume is exactly the number of queries whose roots contain it
    assert top.volume == sum(1 for q in queries if all(r in segmenter.cut(q) for r in top.roots))
