"""The catalogue-scoring path: ``analyze(title, product_word=..., lint=False)`` skips detection and lint."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from titleopt import KeywordTable, TitleOptimizer, listing
from titleopt.errors import InputError

SAMPLE = Path(__file__).resolve().parent.parent / "dictionaries" / "sample"


@pytest.fixture(scope="module")
def opt() -> TitleOptimizer:
    return TitleOptimizer(KeywordTable.from_file(SAMPLE / "keywords.csv"))


def _titles() -> list[str]:
    with open(SAMPLE / "listings.csv", encoding="utf-8") as fh:
        return [r["宝贝标题"] for r in csv.DictReader(fh)]


def test_stated_product_word_gives_the_detected_coverage(opt):
    """Stating the word detection finds gives the same matched keywords and coverage (generic heads aside)."""
    checked = 0
    for title in _titles():
        word = opt.listing(title).facts.product_word
        if not word or opt.lexicon.is_generic_head(word):
            continue
        full = opt.analyze(title, lint=False)
        fast = opt.analyze(title, product_word=word, lint=False)
        assert [m.keyword for m in fast.matches] == [m.keyword for m in full.matches], title
        assert fast.coverage == pytest.approx(full.coverage), title
        assert fast.product_word == word and fast.findings == []
        checked += 1
    assert checked >= 40


def test_no_detection_runs(opt, monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("detect ran on the catalogue path")

    monkeypatch.setattr(listing, "detect", boom)
    report = opt.analyze("纯棉短袖T恤女宽松夏季白色圆领上衣", product_word="T恤", lint=False)
    assert report.product_word == "t恤" and report.matches


def test_empty_product_word_is_an_input_error(opt):
    with pytest.raises(InputError):
        opt.analyze("纯棉短袖T恤女", product_word="  ", lint=False)
