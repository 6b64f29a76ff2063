from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt.keywords import KeywordTable
from titleopt.match import QUALITY_EXACT, QUALITY_REORDERED, QUALITY_SPLIT, Matcher
from titleopt.terms import title_terms


def covered(table, title):
    m = Matcher(table)
    terms = title_terms(title, table.segmenter)
    return {table.keywords[c.index].text: c.quality for c in m.covered(terms)}


TABLE = KeywordTable.from_records(
    [
        ("卫衣女", 100),
        ("连帽卫衣女", 80),
        ("卫衣女加绒", 70),
        ("女 宽松 卫衣", 30),
        ("手机壳", 50),
        ("iphone15手机壳", 9),
    ]
)


def test_contiguous_split_and_reordered():
    got = covered(TABLE, "连帽卫衣女宽松")
    assert got["卫衣女"] == QUALITY_EXACT  # 卫衣 inside 连帽卫衣 counts
    assert got["连帽卫衣女"] == QUALITY_EXACT
    assert got["女 宽松 卫衣"] == QUALITY_REORDERED
    assert "卫衣女加绒" not in got
    assert covered(TABLE, "卫衣加绒女")["卫衣女"] == QUALITY_SPLIT


def test_traditional_and_full_width_titles_match_simplified_keywords():
    assert covered(TABLE, "連帽衛衣女") == covered(TABLE, "连帽卫衣女")
    assert "iphone15手机壳" in covered(TABLE, "ＩＰＨＯＮＥ１５手機殼")


def test_latin_model_numbers_are_not_split():
    assert "iphone15手机壳" not in covered(TABLE, "iphone15pro手机壳")


def test_space_between_roots_is_still_tight():
    assert covered(TABLE, "卫衣 女")["卫衣女"] == QUALITY_EXACT


def test_relevance_by_anchor_word():
    m = Matcher(TABLE)
    rel = {TABLE.keywords[i].text for i in m.relevant(["卫衣"])}
    assert rel == {"卫衣女", "连帽卫衣女", "卫衣女加绒", "女 宽松 卫衣"}
    assert {TABLE.keywords[i].text for i in m.relevant(["手机壳"])} == {"手机壳", "iphone15手机壳"}


def test_big_table_visits_few_keywords():
    rows = [(f"卫衣女款{i}", i + 1) for i in range(5000)] + [("卫衣女", 1e6)]
    table = KeywordTable.from_records(rows)
    m = Matcher(table)
    # each keyword is indexed under its rarest root, so the common root '卫衣' lists few
    assert len(m._anchor.get("卫衣", ())) <= 1
    assert covered(table, "卫衣女") == {"卫衣女": 1.0}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="连衣裙女夏季 纯棉,2024新款abc-/【】包邮", min_size=0, max_size=30))
def test_glued_is_touches_next_for_every_token(title):
    terms = title_terms(title, TABLE.segmenter)
    assert terms.glued == tuple(terms.touches_next(i) for i in range(len(terms.tokens)))
    assert not terms.glued or terms.glued[-1] is False


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="连衣裙女夏季 纯棉,2024新款abc-/【】(E1)", min_size=0, max_size=30))
def test_the_text_after_each_token_runs_to_the_next_one_or_the_end(title):
    terms = title_terms(title, TABLE.segmenter)
    text, n = terms.norm.text, len(terms.tokens)
    for i in range(n):
        end = terms.starts[i + 1] if i + 1 < n else len(text)
        assert terms.after(i) == text[terms.starts[i] + len(terms.tokens[i]) : end]
        if i + 1 < n:
            assert terms.after(i) == terms.gap(i)
