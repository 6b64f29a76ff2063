"""Caches live in one named place per owner, and emptying them changes no answer (#17)."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt.cache import BoundedCache
from titleopt.lexicon import Lexicon, WordMemo, load_lexicon
from titleopt.normalize import OPENCC, convert_script, to_simplified, to_traditional

WORDS = ["纯棉", "最好", "包邮", "nike", "耐克", "卫衣", "国家级", "秒杀", "ins风", "2023", "苹果", ""]


def test_lexicon_builds_its_indexes_once_and_grows_only_its_memo() -> None:
    lex = load_lexicon()
    before = dict(vars(lex))
    for w in WORDS:
        lex.is_banned(w), lex.is_promo(w, "jd"), lex.word_kinds(w), lex.scan(w), lex.aliases_of(w)
    after = vars(lex)
    assert after.keys() == before.keys()  # nothing created lazily on a lexicon that calls itself immutable
    assert all(after[k] is before[k] for k in before)
    assert isinstance(lex.memo, WordMemo)
    assert lex.memo.sizes()["kinds"] > 0


def test_emptying_the_memo_changes_no_answer() -> None:
    lex = load_lexicon()
    first = [(lex.is_banned(w), lex.is_promo(w), lex.is_promo(w, "amazon"), lex.word_kinds(w)) for w in WORDS]
    lex.memo.clear()
    assert all(n == 0 for n in lex.memo.sizes().values())
    assert [(lex.is_banned(w), lex.is_promo(w), lex.is_promo(w, "amazon"), lex.word_kinds(w)) for w in WORDS] == first


def test_pickled_lexicon_rebuilds_its_indexes_and_starts_with_an_empty_memo() -> None:
    lex = load_lexicon()
    lex.word_kinds("纯棉")
    copy = pickle.loads(pickle.dumps(lex))
    assert all(n == 0 for n in copy.memo.sizes().values())
    assert [copy.word_kinds(w) for w in WORDS] == [lex.word_kinds(w) for w in WORDS]
    assert copy.promo_terms_of("taobao") == lex.promo_terms_of("taobao")
    assert len(copy.index.kinds) == len(lex.index.kinds)


def test_promo_terms_of_an_unknown_platform_are_those_of_every_platform() -> None:
    lex = Lexicon(promo_words={"*": frozenset({"包邮"}), "jd": frozenset({"京东自营"})})
    assert lex.promo_terms_of("jd") == {"包邮", "京东自营"}
    assert lex.promo_terms_of("nowhere") == {"包邮"}
    assert lex.promo_pieces(["包", "邮"], [True, False], "nowhere") == {0, 1}


def test_aliases_of_names_every_alias_of_the_brand() -> None:
    lex = load_lexicon()
    nike = lex.aliases_of("Nike")
    assert {"nike", "耐克"} <= nike
    assert all(lex.brand_of(a) == lex.brand_of("nike") for a in nike)
    assert lex.aliases_of("无名小店") == {"无名小店"}
    assert lex.aliases_of("") == frozenset()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="包邮最好纯棉卫衣耐克nike秒杀2023 ", max_size=8))
def test_memoized_answers_equal_fresh_ones(word: str) -> None:
    lex = load_lexicon()
    fresh = Lexicon(**{f: getattr(lex, f) for f in lex.__dataclass_fields__})
    assert fresh.word_kinds(word) == lex.word_kinds(word)
    assert fresh.is_banned(word) == lex.is_banned(word)


def test_bounded_cache_empties_when_full() -> None:
    cache: BoundedCache[int, int] = BoundedCache(3)
    assert [cache.get(i, lambda k: k * 2) for i in range(5)] == [0, 2, 4, 6, 8]
    assert len(cache) <= 3


def test_one_opencc_cache_serves_every_conversion() -> None:
    OPENCC.clear()
    assert to_simplified("連帽衛衣") == "连帽卫衣"
    assert convert_script("连帽卫衣", "s2t") == to_traditional("连帽卫衣") == "連帽衛衣"
    assert len(OPENCC) == 2  # t2s once, s2t once (the second s2t call hit the cache)
    assert convert_script("", "s2tw") == ""
    import titleopt.rules.format as fmt

    assert not hasattr(fmt, "_converters")  # the lint rule converts through titleopt.normalize
