"""The word lists and the Lexicon API other modules build on."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt.errors import ConfigError, InputError
from titleopt.lexicon import (
    BANNED,
    BRAND,
    DESCRIPTIVE,
    FACTUAL,
    GENERIC,
    KINDS,
    NUMERALS,
    PRODUCT,
    PROMO,
    SERVICE,
    Hit,
    TermIndex,
    expand_numerals,
    kind_of,
    leftmost_longest,
    load_lexicon,
)
from titleopt.resources import data_dir


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_every_shipped_file_names_its_source():
    for name in [
        "attributes.tsv", "conflicts.txt", "absolute_terms.txt", "absolute_allow.txt",
        "evidence_claims.txt", "false_promises.txt", "promo_words.tsv", "brands.txt",
        "product_words.txt", "synonyms.tsv", "compat_phrases.txt",
        "claim_categories.tsv", "category_claims.tsv", "platform_policies.tsv",
    ]:
        head = (data_dir() / name).read_text(encoding="utf-8").splitlines()[:20]
        assert head[0].startswith("#"), name
        assert any("source" in ln.lower() for ln in head if ln.startswith("#")), name


def test_readme_describes_every_file():
    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    for path in data_dir().iterdir():
        if path.is_file() and path.suffix in {".txt", ".tsv", ".csv"}:
            assert f"`{path.name}`" in readme, path.name


def test_lists_are_broad(lex):
    assert len(lex.product_words) >= 600
    assert len(lex.attributes) >= 300
    groups = set(lex.attributes.values())
    assert {"袖长", "性别", "厚薄", "材质", "颜色", "季节", "领型", "年龄段", "功效", "产地"} <= groups
    assert len(lex.brands) >= 100


def test_group_and_factual(lex):
    assert lex.group_of("短袖") == "袖长"
    assert lex.group_of("純棉") == "材质"  # Traditional input
    assert lex.group_of("男士") == "性别"
    assert lex.group_of("連衣裙") is None
    assert lex.is_factual("加绒")
    assert lex.is_factual("500ml")  # a digit: a size or capacity
    assert lex.is_factual("iphone15")
    assert not lex.is_factual("连衣裙")
    assert not lex.is_factual("好看")


def test_audience_words_name_whom_the_item_is_for(lex):
    # the audience groups, one place (AUDIENCE_GROUPS): units join such words written together, TO401 reads
    # them as "for both"; 成人 and 大人 were added for 成人|儿童 (session 18)
    assert lex.is_audience("男款") and lex.is_audience("女孩") and lex.is_audience("儿童")
    assert lex.is_audience("成人") and lex.is_audience("大人")
    assert not lex.is_audience("纯棉") and not lex.is_audience("连衣裙")


def test_conflicting_pairs(lex):
    assert lex.conflicting(["短袖", "T恤", "长袖"]) == [("短袖", "长袖")]
    assert lex.conflicting(["男", "女"]) == [("男", "女")]
    # same side: no conflict
    assert lex.conflicting(["男", "男士", "男款"]) == []
    # escapes among the terms or in the context
    assert lex.conflicting(["男", "女", "男女同款"]) == []
    assert lex.conflicting(["男", "女"], context="情侣款卫衣") == []
    assert lex.conflicting(["加厚", "薄款"]) == [("加厚", "薄款")]
    assert lex.conflicting(["加绒", "薄款"]) == [("加绒", "薄款")]
    assert lex.conflicting(["夏季", "冬季"]) == [("夏季", "冬季")]
    assert lex.conflicting(["夏季", "冬季", "四季"]) == []
    assert lex.conflicting(["纯棉", "白色", "黑色"]) == []  # several colours: SKUs


def test_conflicts_with(lex):
    assert lex.conflicts_with("长袖", ["短袖", "t恤"])
    assert not lex.conflicts_with("纯棉", ["短袖", "t恤"])
    assert not lex.conflicts_with("女", ["男", "情侣款"])


@pytest.mark.parametrize(
    ("term", "banned"),
    [
        ("最近", False), ("第一次", False), ("最后一天", False), ("万能表", False),
        ("100%纯棉", False), ("T恤", False), ("最新款", True),  # info in a title, never added
        ("最好", True), ("第一品牌", True), ("全网最低", True), ("最舒适", True),
        ("國家級", True), ("销量第一", True), ("根治", True), ("100%有效", True), ("no.1", True),
    ],
)
def test_is_banned(lex, term, banned):
    assert lex.is_banned(term) is banned


def test_promo_brand_product(lex):
    assert lex.is_promo("包邮")
    assert lex.is_promo("Free Shipping", "amazon")
    assert not lex.is_promo("wholesale", "amazon")  # word boundary
    assert lex.is_promo("new arrival", "amazon")
    assert not lex.is_promo("new arrival", "taobao")  # amazon-only entry
    assert lex.is_brand("NIKE") and lex.is_brand("耐克")
    assert lex.brand_of("耐克") == "Nike"
    assert not lex.is_brand("苹果")  # ambiguous: also a fruit
    assert lex.brand_of("苹果") == "Apple"
    assert lex.is_product_word("連衣裙")
    assert lex.is_product_word("tee")  # via synonyms -> t恤
    assert not lex.is_product_word("纯棉")
    assert lex.synonyms["体恤"] == "t恤"
    assert "适用于" in lex.compat_phrases


def test_allow_levels(lex):
    assert lex.allow["最近"].level == "ok"
    assert lex.allow["最新款"].level == "info"
    assert all(e.reason for e in lex.allow.values())


def test_scan_respects_word_boundaries(lex):
    hits = lex.scan("wholesale nike shoes")
    terms = {h.term for h in hits}
    assert "sale" not in terms
    assert "nike" in terms
    assert "shoes" in terms  # plural of a product noun


def test_leftmost_longest():
    idx = TermIndex({"a": ["全网", "全网销量第一", "第一"]})
    hits = leftmost_longest(idx.find_all("全网销量第一"))
    assert [h.term for h in hits] == ["全网销量第一"]
    assert isinstance(hits[0], Hit)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="最近第一次好销量全网低abc sale1200%", max_size=20))
def test_scan_hits_are_real_substrings(text):
    lex = load_lexicon()
    for h in lex.scan(text):
        assert text[h.start:h.end] == h.term
        assert h.kinds


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="最近第一次好销量全网低包邮abc sale1200%nikeT恤t", max_size=24))
def test_scan_is_every_bounded_occurrence(text):
    """The first-character index finds what checking every term at every position finds, in the same order."""
    from titleopt.lexicon import _bounded

    idx = load_lexicon().index
    by_len = sorted(idx.kinds, key=lambda t: (-len(t), t))
    naive = [
        Hit(i, i + len(t), t, idx.kinds[t])
        for i in range(len(text))
        for t in by_len
        if text.startswith(t, i) and _bounded(text, i, i + len(t))
    ]
    assert idx.find_all(text) == naive


def test_load_is_cached_and_extra_files_extend(tmp_path: Path):
    assert load_lexicon() is load_lexicon()
    brands = tmp_path / "my_brands.txt"
    brands.write_text("# my shop\nAcmeX | 阿克米\n", encoding="utf-8")
    allow = tmp_path / "extra.txt"
    allow.write_text("# kind: absolute_allow\n最爱\tok\tjust a style word for us\n", encoding="utf-8")
    lex = load_lexicon([brands, allow])
    assert lex.is_brand("acmex") and lex.brand_of("阿克米") == "AcmeX"
    assert lex.is_brand("耐克")  # shipped lists kept
    assert not lex.is_banned("最爱")
    assert load_lexicon().is_banned("最爱")
    assert lex is load_lexicon([brands, allow])


def test_kind_detection_and_errors(tmp_path: Path):
    for name, kind in [("brands.txt", "brands"), ("shop_product_words.txt", "product_words"),
                       ("x-promo_words.tsv", "promo_words")]:
        p = tmp_path / name
        p.write_text("x\n", encoding="utf-8")
        assert kind_of(p) == kind
    odd = tmp_path / "words.txt"
    odd.write_text("x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="kind"):
        load_lexicon([odd])
    bad = tmp_path / "b.txt"
    bad.write_text("# kind: nonsense\nx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown dictionary kind"):
        kind_of(bad)
    with pytest.raises(InputError, match="not found"):
        load_lexicon([tmp_path / "missing_brands.txt"])
    broken = tmp_path / "attributes.tsv"
    broken.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(InputError, match="group<TAB>values"):
        load_lexicon([broken])
    assert set(KINDS) >= {"brands", "absolute_allow"}


def test_pickles_for_worker_processes(lex):
    import pickle

    copy = pickle.loads(pickle.dumps(lex))
    words = ["最好", "包邮", "纯棉", "耐克", "韩版", "连衣裙", "短袖", "长袖"]
    for w in words:
        assert (copy.is_banned(w), copy.is_promo(w), copy.is_brand(w), copy.group_of(w)) == (
            lex.is_banned(w), lex.is_promo(w), lex.is_brand(w), lex.group_of(w)
        )
    assert copy.conflicting(["短袖", "长袖"]) == lex.conflicting(["短袖", "长袖"]) != []
    assert copy.scan("全网最低价") == lex.scan("全网最低价")


_SEAMS = st.text(alphabet=st.sampled_from(list("包邮特价秒杀清仓折扣亏本领券正品现货新款连衣裙甩卖abs ")), max_size=6)


@given(text=_SEAMS)
@settings(max_examples=200, deadline=None)
def test_promo_of_a_normalized_term_agrees_with_is_promo(lex, text):
    # the set lookup for short terms must say what normalizing and scanning says
    from titleopt.normalize import normalize_term

    n = normalize_term(text)
    for platform in ("taobao", "amazon"):
        assert lex.is_promo_normalized(n, platform) == lex.is_promo(n, platform)


def test_promo_of_a_normalized_term_with_a_one_character_promo_word(tmp_path: Path):
    extra = tmp_path / "x-promo_words.tsv"
    extra.write_text("platform\tword\n*\t惠\n", encoding="utf-8")
    lex = load_lexicon([extra])
    assert lex.is_promo_normalized("惠")
    assert lex.is_promo_normalized("实惠") and lex.is_promo("实惠")  # longer than the shortest: scanned
    assert not lex.is_promo_normalized("实在")
    assert load_lexicon().is_promo_normalized("包邮") and not load_lexicon().is_promo_normalized("包")


_KIND_WORDS = "连衣裙 纯棉 韩版 套装 包邮 最好 耐克 短袖 t恤 手机壳 2024新款 100%有效 zorvex 第一 出租 维修".split()


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.sampled_from(_KIND_WORDS),
        st.text(alphabet="连衣裙纯棉包邮最好耐克短袖新款第一套装韩版出租维修0123abc ", min_size=1, max_size=6),
    )
)
def test_word_kinds_answers_as_the_is_methods(term):
    lex = load_lexicon()
    kinds = lex.word_kinds(term)
    assert bool(kinds & PRODUCT) == lex.is_product_word(term)
    assert bool(kinds & FACTUAL) == lex.is_factual(term)
    assert bool(kinds & DESCRIPTIVE) == lex.is_descriptive(term)
    assert bool(kinds & GENERIC) == lex.is_generic_head(term)
    assert bool(kinds & PROMO) == lex.is_promo(term)
    assert bool(kinds & BANNED) == lex.is_banned(term)
    assert bool(kinds & BRAND) == lex.is_brand(term)
    assert bool(kinds & SERVICE) == lex.is_service(term)
    assert lex.word_kinds(term) == kinds  # the cached answer is the same


def test_word_kinds_of_known_words():
    lex = load_lexicon()
    assert lex.word_kinds("连衣裙") & PRODUCT
    assert lex.word_kinds("纯棉") & FACTUAL
    assert lex.word_kinds("新款") & DESCRIPTIVE
    assert lex.word_kinds("韩版") & FACTUAL and not lex.word_kinds("韩版") & DESCRIPTIVE  # a style is a fact (#18)
    assert lex.word_kinds("包邮") & PROMO
    assert lex.word_kinds("最好") & BANNED
    assert lex.word_kinds("测试用词") == 0


def test_buy_n_get_m_offers_are_promotional_in_every_spelling():
    # one dictionary line, 买{n}送{n}, stands for every "buy N, get M" offer up to ten
    lex = load_lexicon()
    for offer in ("买一送一", "买一送三", "买五送三", "买1送6", "买10送10", "买两送一", "买2送十"):
        assert lex.is_promo(offer), offer
    assert not lex.is_promo("买11送1")  # (counts above ten are not spelt out)
    assert expand_numerals("买{n}送一")[:3] == ["买一送一", "买二送一", "买三送一"]
    assert len(expand_numerals("买{n}送{n}")) == len(NUMERALS) ** 2
    assert expand_numerals("包邮") == ["包邮"]


def test_promo_pieces_finds_promotional_words_jieba_cut():
    lex = load_lexicon()
    glued = (True, True, True, False, False)
    assert lex.promo_pieces(("乳胶枕", "头", "买二送", "一", "护颈"), glued) == {2, 3}
    assert lex.promo_pieces(("包", "邮", "枕头"), (True, True, False)) == {0, 1}
    # a gap between the pieces: not one word
    assert lex.promo_pieces(("买二送", "一"), (False, False)) == frozenset()
    # a promotional word that starts inside a longer token leaves that token alone
    assert lex.promo_pieces(("枸杞", "王包", "邮"), (True, True, False)) == frozenset()
    assert lex.promo_pieces(("包", "装"), (True, False)) == frozenset()
