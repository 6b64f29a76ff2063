from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from titleopt import ConfigError, InputError, get_platform, platforms, title_length

REQUIRED = ["taobao", "tmall", "1688", "pinduoduo", "jd", "douyin", "amazon", "ebay", "etsy", "aliexpress", "shopee"]


def test_documented_example():
    assert title_length("2025新款T恤", platform="taobao") == 11


def test_units():
    assert title_length("纯棉T恤", platform="taobao") == 7
    assert title_length("纯棉T恤", platform="amazon") == 4
    assert title_length("Ｔ", platform="taobao") == 2  # full width counts 2
    assert title_length("abc def", platform="ebay") == 7


@pytest.mark.parametrize("name", REQUIRED)
def test_every_platform_has_a_limit_unit_and_source(name):
    p = platforms()[name]
    assert p.limit > 0
    assert p.unit in ("bytes", "chars")
    assert p.source and p.status in ("documented", "convention", "unconfirmed")
    assert p.separator in ("", " ")


def test_custom_limit_and_unit():
    p = get_platform("taobao", limit=40, unit="chars")
    assert (p.limit, p.unit) == (40, "chars")
    assert p.length("纯棉T恤") == 4
    assert title_length("纯棉", platform="taobao", unit="chars") == 2


def test_bad_platform_and_values():
    with pytest.raises(ConfigError, match="known"):
        get_platform("nosuchshop")
    with pytest.raises(ConfigError):
        get_platform("taobao", limit=0)
    with pytest.raises(ConfigError):
        get_platform("taobao", unit="words")
    with pytest.raises(InputError):
        title_length(None)


@given(st.text(max_size=100))
def test_bytes_length_is_between_chars_and_twice_chars(text):
    n = title_length(text, platform="taobao")
    assert len(text) <= n <= 2 * len(text)
    assert title_length(text, platform="amazon") == len(text)


@given(st.text(max_size=60))
def test_bytes_length_counts_each_ascii_character_once_and_others_twice(text):
    from titleopt.platforms import text_length

    assert text_length(text, "bytes") == sum(1 if ord(c) < 0x80 else 2 for c in text)
