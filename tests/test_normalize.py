from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from titleopt.errors import InputError
from titleopt.normalize import (
    MAX_TITLE_CHARS,
    html_entity,
    is_traditional,
    normalize,
    normalize_term,
    to_traditional,
)


def test_width_case_and_script_fold_together():
    assert normalize_term("Ｔ恤") == normalize_term("t恤") == normalize_term("T恤") == "t恤"
    assert normalize_term("連帽衛衣") == normalize_term("连帽卫衣") == "连帽卫衣"
    assert normalize_term("乾燥") == "干燥"  # phrase-aware, not a character table


def test_whitespace_zero_width_and_controls():
    n = normalize("  纯棉\u200b\tT恤\x07　男 ")
    assert n.text == "纯棉 t恤 男"
    assert len(n.offsets) == len(n.text) + 1


def test_the_separator_sellers_type_as_a_cjk_letter_matches_as_a_separator():
    # 丨 (U+4E28) is what input methods offer for "|"; read as a word it was kept alone (i7-8700丨)
    n = normalize("i7-8700丨16G丨丨4")
    assert n.text == "i7-8700|16g||4"
    assert n.original[slice(*n.original_span(7, 8))] == "丨"


def test_offsets_point_at_the_original_characters():
    original = "【包邮】Ｔ恤 連帽衛衣"
    n = normalize(original)
    i = n.text.index("连帽卫衣")
    start, end = n.original_span(i, i + 4)
    assert original[start:end] == "連帽衛衣"
    j = n.text.index("t恤")
    assert original.__getitem__(slice(*n.original_span(j, j + 2))) == "Ｔ恤"


@given(st.text(max_size=200))
def test_every_normalized_span_maps_inside_the_original(text):
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    for i in range(len(n.text)):
        assert 0 <= n.offsets[i] < len(text)
        start, end = n.original_span(i, i + 1)
        assert 0 <= start < end <= len(text)
    assert list(n.offsets[:-1]) == sorted(n.offsets[:-1])


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_normalize_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
    | st.text(alphabet=st.sampled_from(list("連帽衛衣乾燥隆髮發Ｔ恤 　\u200b\t\x07纯棉ABCａ㎏")), max_size=20)
)
def test_term_fast_path_agrees_with_normalize(text):
    # normalize_term skips the offset map for speed; it must give the same text
    assert normalize_term(text) == normalize(text).text


def test_script_detection_and_conversion():
    assert is_traditional("連帽衛衣")
    assert not is_traditional("连帽卫衣")
    assert to_traditional("纯棉连帽卫衣") == "純棉連帽衛衣"


@pytest.mark.parametrize("bad", [None, 42, b"bytes"])
def test_bad_types_are_clear_errors(bad):
    with pytest.raises(InputError, match="text"):
        normalize(bad)


def test_huge_title_is_a_clear_error():
    with pytest.raises(InputError, match="at most"):
        normalize("卫" * (MAX_TITLE_CHARS + 1))
    assert normalize("卫" * 3000).text == "卫" * 3000


def test_empty_and_control_only():
    assert normalize("").text == ""
    assert normalize("\x00\x01\u200b ").text == ""


def is_html_entity(text: str, start: int, token: str) -> bool:
    """An entity a title does not need: what the rewrite drops (html_entity gives "" or a space)."""
    return html_entity(text, start, token) in ("", " ")


def test_is_html_entity():
    text = normalize("教程&mdash at&t &NBSP; gt").text  # 教程&mdash at&t &nbsp; gt
    assert is_html_entity(text, text.index("mdash"), "mdash")
    assert is_html_entity(text, text.index("nbsp"), "nbsp")  # upper case folds
    assert not is_html_entity(text, text.index("&t") + 1, "t")  # AT&T: t names no entity
    assert not is_html_entity(text, text.rindex("gt"), "gt")  # a name not after & is a word
    assert not is_html_entity("mdash", 0, "mdash")
    # without ";", a name glued after a Latin word is a word of a name (Tea&Cup), unless HTML accepts it bare
    text = normalize("tea&cup a&nbsp b m&amp;m").text
    assert html_entity(text, text.index("cup"), "cup") is None
    assert html_entity(text, text.index("nbsp"), "nbsp") == " "
    # the characters a title needs are decoded, not dropped (M&amp;M)
    assert html_entity(text, text.index("amp"), "amp") == "&"
    assert not is_html_entity(text, text.index("amp"), "amp")
