"""The banned and promotional pre-check (``TermStarts``): it skips a scan only where the scan finds nothing."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt.lexicon import Lexicon, TermStarts, load_lexicon


class _Always(TermStarts):
    def may_hold(self, n: str) -> bool:
        return True


def _scanning(lex: Lexicon) -> Lexicon:
    """A copy of ``lex`` whose pre-checks never skip: every word is scanned, as before the pre-check."""
    import pickle

    out = pickle.loads(pickle.dumps(lex))
    always = _Always(frozenset(), frozenset(), frozenset())
    object.__setattr__(out, "_banned_starts", always)
    object.__setattr__(out, "_promo_starts_any", always)
    object.__setattr__(out, "_promo_starts", {p: always for p in out._promo_starts})
    return out


@pytest.fixture(scope="module")
def pair():
    lex = load_lexicon(cached=False)
    return lex, _scanning(lex)


def _same(lex: Lexicon, ref: Lexicon, word: str) -> None:
    assert lex.is_banned(word) == ref.is_banned(word), word
    for platform in ("taobao", "jd", "amazon", "nowhere"):
        assert lex.is_promo(word, platform) == ref.is_promo(word, platform), (word, platform)
    assert lex.word_kinds(word) == ref.word_kinds(word), word


def test_every_listed_term_may_be_held(pair):
    lex, _ = pair
    banned = [*lex.absolute_terms, *lex.evidence_claims, *lex.false_promises]
    assert banned and all(lex._banned_starts.may_hold(f"纯棉{t}x") for t in banned)
    for platform, terms in lex.promo_words.items():
        starts = lex._promo_starts.get(platform, lex._promo_starts_any)
        assert all(starts.may_hold(f"a{t}连衣裙") for t in terms)


_ALPHABET = "连衣裙纯棉包邮最好第一新款特价秒杀正品国家级100%有效送赠买二ABCabc0123 "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=8))
def test_answers_as_the_scan(pair, word):
    _same(*pair, word)


def test_answers_as_the_scan_on_real_words(pair, shared_data, segmenter):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from _data import sourced_titles

    from titleopt.normalize import normalize

    words: set[str] = set()
    for _, title in sourced_titles(900):
        toks = segmenter.cut(normalize(title).text)
        words.update(toks)
        words.update(a + b for a, b in pairwise(toks))
    for word in sorted(words):
        _same(*pair, word)


def test_a_one_character_promo_word(tmp_path: Path):
    extra = tmp_path / "x-promo_words.tsv"
    extra.write_text("platform\tword\n*\t惠\n", encoding="utf-8")
    lex = load_lexicon([extra], cached=False)
    assert lex.is_promo("实惠装") and lex.is_promo("惠")
    assert not lex.is_promo("实在")
    _same(lex, _scanning(lex), "特惠")


def test_extra_files_extend_the_pre_check(tmp_path: Path):
    # a new banned term is found even in a word no shipped term could be in
    extra = tmp_path / "x-absolute_terms.txt"
    extra.write_text("# source: test\n魑魅\n", encoding="utf-8")
    assert not load_lexicon(cached=False).is_banned("魑魅魍魉")
    lex = load_lexicon([extra], cached=False)
    assert lex.is_banned("魑魅魍魉")
    _same(lex, _scanning(lex), "魑魅魍魉")
