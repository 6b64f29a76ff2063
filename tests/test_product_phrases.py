"""Searched phrases join title tokens into one product word (detect's ``phrase_value``).

Synthetic titles and tiny keyword tables written for these tests.
"""

from __future__ import annotations

import pytest

from titleopt.keywords import KeywordTable
from titleopt.lexicon import load_lexicon
from titleopt.normalize import normalize
from titleopt.optimizer import TitleOptimizer
from titleopt.product import ListingFacts, detect
from titleopt.terms import title_terms


@pytest.fixture(scope="module")
def facts_of(segmenter):
    lex = load_lexicon()

    def run(title: str, table: KeywordTable | None = None) -> ListingFacts:
        terms = title_terms(normalize(title), segmenter)
        value = table.keyword_value if table is not None else None
        return detect(terms, lex, is_known_word=segmenter.is_word, phrase_value=value)

    return run


def test_keyword_value_looks_up_whole_keywords():
    table = KeywordTable.from_records([("拌饭酱", 8), ("Hello Kitty", 3)])
    assert table.keyword_value("拌饭酱") == 8.0
    assert table.keyword_value("hellokitty") == 3.0  # normalized, spaces removed
    assert table.keyword_value("拌饭") == 0.0


def test_searched_phrase_joins_tokens_jieba_split(facts_of):
    # jieba: 手工|拌|饭|酱 — buyers search 拌饭酱 as one unit
    title = "手工拌饭酱香辣 农家"
    assert facts_of(title).product_word == "饭酱"  # without the table: only the last two characters
    f = facts_of(title, KeywordTable.from_records([("拌饭酱", 5), ("香辣", 30)]))
    assert f.product_word == "拌饭酱"
    assert f.core_parts == ("拌", "饭", "酱")


def test_unsearched_phrase_is_not_joined(facts_of):
    f = facts_of("手工拌饭酱香辣 农家", KeywordTable.from_records([("香辣", 30), ("农家", 9)]))
    assert f.product_word == "饭酱"


def test_default_none_keeps_detection_unchanged(facts_of, segmenter):
    title = "汽车挡风玻璃水冬季防冻 四季通用"
    terms = title_terms(normalize(title), segmenter)
    lex = load_lexicon()
    assert detect(terms, lex, is_known_word=segmenter.is_word) == detect(
        terms, lex, is_known_word=segmenter.is_word, phrase_value=None
    )


def test_join_must_end_in_a_product_head(facts_of):
    # 收纳|格: 格 is no head character, so a searched 收纳格 alone does not make a product word
    f = facts_of("木质桌面收纳格 办公", KeywordTable.from_records([("收纳格", 10)]))
    assert "收纳格" not in f.product_words


def test_attribute_word_does_not_start_a_join(facts_of):
    # 儿童 says who it is for; the product is 马桶 even when 儿童马桶 is searched
    f = facts_of("儿童马桶 加厚 便携", KeywordTable.from_records([("儿童马桶", 20)]))
    assert f.product_word == "马桶"
    assert "儿童马桶" not in f.product_words


def test_join_does_not_stop_before_a_glued_head_character(facts_of):
    # 家居|马桶|圈: the head 圈 comes after 马桶, so a searched 家居马桶 is not the product word
    f = facts_of("家居马桶圈 加厚", KeywordTable.from_records([("家居马桶", 20)]))
    assert f.product_word == "马桶圈"
    assert "家居马桶" not in f.product_words


def test_short_title_keeps_the_searched_product_word():
    title = "汽车挡风玻璃水冬季防冻 四季通用 去污去油膜 大桶装"
    base = [("冬季", 30), ("儿童", 40)]
    without = TitleOptimizer(KeywordTable.from_records(base)).shorten(title, limit=12)
    assert "挡风玻璃水" not in without
    opt = TitleOptimizer(KeywordTable.from_records([*base, ("挡风玻璃水", 6)]))
    assert opt.listing(title).facts.product_word == "挡风玻璃水"
    short = opt.shorten(title, limit=12)
    assert "挡风玻璃水" in short and len(short) <= 12
