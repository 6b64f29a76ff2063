"""CompetitorSet: loading, TF-IDF statistics, near copies, gap terms, brands."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import ClassVar

import numpy as np
import pytest

from titleopt.competitors import CompetitorSet
from titleopt.errors import ConfigError, InputError, NotFittedError, TitleoptError


class FakeLexicon:
    """A small stand-in with the Lexicon API, so these tests do not depend on the shipped lists."""

    brands = frozenset({"耐克", "优衣库", "李宁", "苹果"})
    synonyms: ClassVar[dict[str, str]] = {"t-shirt": "t恤", "tshirt": "t恤", "体恤": "t恤"}
    compat_phrases = ("适用于",)
    _factual = frozenset({"纯棉", "棉", "短袖", "长袖", "男", "女", "夏季", "冬季", "白色", "黑色", "宽松", "加绒"})

    def is_brand(self, term: str) -> bool:
        return term in self.brands

    def is_factual(self, term: str) -> bool:
        return term in self._factual or any(c.isdigit() for c in term)


LEX = FakeLexicon()

TITLES = [
    "Nike耐克男子运动短袖T恤纯棉夏季",
    "优衣库男装圆领T恤短袖纯棉",
    "李宁运动T恤男夏季速干短袖",
    "2025新款夏季纯棉短袖T恤男宽松潮牌",
    "ZARA 男装 宽松 圆领 纯棉 T恤",
    "夏季男士短袖t恤潮流宽松体恤",
    "加绒卫衣女冬季连帽外套",
]
SALES = ["1.2万+人付款", "500+", "3,000", "月销200+", None, "-", "80"]


@pytest.fixture(scope="module")
def comp() -> CompetitorSet:
    return CompetitorSet.from_titles(TITLES, sales=SALES, lexicon=LEX)


# ---------------------------------------------------------------- estimator conventions
def test_fit_returns_self_and_learned_shapes(comp):
    cs = CompetitorSet(lexicon=LEX)
    assert cs.fit(TITLES) is cs
    n, v = comp.matrix_.shape
    assert n == len(TITLES) == len(comp.tokens_) == len(comp.titles_)
    assert v == len(comp.terms_) == len(comp.term_share_) == len(comp.term_weight_)
    # Pre-tokenized input: the vocabulary is exactly the segmenter's tokens, brands left out.
    assert comp.tokens_[0] == comp.segmenter_.cut(TITLES[0])
    every = {t for toks in comp.tokens_ for t in toks}
    assert set(comp.terms_) == every - set(comp.brands_)
    assert comp.content_tokens_[0] == [t for t in comp.tokens_[0] if t not in comp.brands_]
    assert comp.joined_[0] == " ".join(comp.content_tokens_[0])
    # Rows are L2-normalized.
    norms = np.sqrt(np.asarray(comp.matrix_.multiply(comp.matrix_).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    q = comp.transform(["纯棉短袖T恤", "卫衣"])
    assert q.shape == (2, v)
    assert comp.vectorizer_.sublinear_tf is True
    assert math.isclose(sum(comp.weights_), 1.0)


def test_query_vectors_match_sklearn_transform(comp):
    from sklearn.preprocessing import normalize

    known = ["纯棉短袖T恤", "夏季宽松T恤T恤男"]  # every token is in the vocabulary; T恤 twice
    toks = [comp.segmenter_.cut(t) for t in known]
    assert all(t in comp.vocabulary_ for ts in toks for t in ts)
    ours = comp.transform(known).toarray()
    ref = normalize(comp.vectorizer_.transform(toks)).toarray()
    assert np.allclose(ours, ref)
    assert np.allclose(comp.similarities(known[1]), comp.transform(known[1:]) @ comp.matrix_.T.toarray())


def test_parallel_segmentation_equals_serial(monkeypatch):
    import titleopt.competitors as mod

    monkeypatch.setattr(mod, "PARALLEL_MIN_TITLES", 10)
    titles = [f"{t}{i}" for i in range(8) for t in TITLES]
    serial = CompetitorSet(lexicon=LEX).fit(titles)
    parallel = CompetitorSet(lexicon=LEX, n_jobs=2).fit(titles)
    assert parallel.tokens_ == serial.tokens_
    assert parallel.term_weight_ == serial.term_weight_


def test_params_stored_unchanged_by_fit():
    cs = CompetitorSet(near_copy_threshold=0.8, top_k=3, min_share=0.1, lexicon=LEX)
    before = cs.get_params()
    cs.fit(TITLES)
    assert cs.get_params() == before
    assert "n_titles=7" in repr(cs)


def test_use_before_fit_raises_not_fitted():
    cs = CompetitorSet(lexicon=LEX)
    for call in (lambda: cs.compare("T恤"), lambda: cs.transform(["T恤"]), lambda: cs.competitor_brands()):
        with pytest.raises(NotFittedError) as err:
            call()
        assert isinstance(err.value, TitleoptError)
        assert "fit" in str(err.value)


def test_bad_params_and_inputs():
    with pytest.raises(ConfigError):  # an option out of range is configuration, not input data
        CompetitorSet(near_copy_threshold=1.5, lexicon=LEX).fit(TITLES)
    with pytest.raises(InputError):
        CompetitorSet(lexicon=LEX).fit([])
    with pytest.raises(InputError):
        CompetitorSet(lexicon=LEX).fit("纯棉T恤")
    with pytest.raises(InputError) as err:
        CompetitorSet(lexicon=LEX).fit(["纯棉T恤", "  "])
    assert err.value.row == 2
    with pytest.raises(InputError) as err:
        CompetitorSet(lexicon=LEX).fit(["纯棉T恤", None])  # type: ignore[list-item]
    assert err.value.row == 2


def test_import_does_not_load_sklearn():
    code = "import sys, titleopt.competitors, titleopt.fuzzy; print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- sales and weights
def test_sales_parsed_from_messy_values(comp):
    expected = [12000, 500, 3000, 200, np.nan, np.nan, 80]
    assert np.allclose(comp.sales_, expected, equal_nan=True)


def test_unreadable_sales_in_fit_names_the_row():
    with pytest.raises(InputError) as err:
        CompetitorSet(lexicon=LEX).fit(TITLES[:3], sales=["100", "很多", "5"])
    assert (err.value.row, err.value.column) == (2, "sales")
    with pytest.raises(InputError):
        CompetitorSet(lexicon=LEX).fit(TITLES[:3], sales=["100", "5"])  # wrong length


def test_weights_formula():
    cs = CompetitorSet(lexicon=LEX).fit(TITLES[:3])
    assert np.allclose(cs.weights_, 1 / 3)  # no sales: equal weights
    cs = CompetitorSet(lexicon=LEX).fit(TITLES[:3], sales=[0, 100, None])
    raw = np.array([1.0, 1 + math.log1p(100), 1 + math.log1p(50)])  # unknown -> median of known (50)
    assert np.allclose(cs.weights_, raw / raw.sum())
    # term_weight_ is the weighted sum of L2-normalized TF-IDF entries.
    j = cs.vocabulary_["t恤"]
    col = cs.matrix_[:, j].toarray().ravel()
    assert math.isclose(cs.term_weight_["t恤"], float(col @ cs.weights_))


def test_term_share(comp):
    assert comp.term_share_["t恤"] == pytest.approx(6 / 7)
    assert comp.term_share_["卫衣"] == pytest.approx(1 / 7)


# ---------------------------------------------------------------- similarity and near copies
def test_word_order_copy_is_a_near_copy_and_unrelated_is_not(comp):
    copy = "男宽松T恤2025夏季纯棉短袖新款潮牌"  # TITLES[3] with the words reordered
    rep = comp.compare(copy)
    assert [m.index for m in rep.near_copies] == [3]
    m = rep.near_copies[0]
    assert m.cosine == pytest.approx(1.0) and m.fuzzy == 100.0 and m.near_copy
    assert rep.most_similar[0].index == 3

    other = comp.compare("不锈钢保温杯大容量便携水杯")
    assert other.near_copies == []
    assert other.max_cosine < 0.2
    assert not any(m.near_copy for m in other.most_similar)


def test_copy_with_brand_swapped_or_removed_is_a_near_copy(comp):
    # TITLES[1] is 优衣库男装圆领T恤短袖纯棉; a seller copies it under her own brand.
    rep = comp.compare("棉语纯棉短袖T恤圆领男装", brand="棉语")
    assert [m.index for m in rep.near_copies] == [1]
    # Without the brand the unknown word 棉语 still counts against similarity.
    assert comp.compare("棉语纯棉短袖T恤圆领男装").max_cosine < rep.max_cosine
    # A known competitor brand in the title does not hide the copy either.
    assert [m.index for m in comp.compare("李宁纯棉短袖T恤圆领男装").near_copies] == [1]


def test_subset_title_is_not_a_near_copy(comp):
    # Every word of this title is in TITLES[3]: token_set_ratio says 100, the cosine says no.
    rep = comp.compare("纯棉短袖T恤")
    best = next(m for m in rep.most_similar if m.index == 3)
    assert best.fuzzy == 100.0
    assert best.cosine < comp.near_copy_threshold
    assert rep.near_copies == []


def test_cosine_counts_terms_competitors_never_use(comp):
    base = TITLES[3]
    extended = base + "不锈钢保温杯"
    assert comp.similarities(base)[3] == pytest.approx(1.0)
    assert comp.similarities(extended)[3] < 0.95
    # Same number computed by hand: unseen terms get idf ln(1+n)+1.
    toks = comp.segmenter_.cut(extended)
    idf = {t: comp.vectorizer_.idf_[j] for t, j in comp.vocabulary_.items()}
    unseen = math.log(1 + len(TITLES)) + 1
    counts = {t: toks.count(t) for t in set(toks)}
    q = {t: (1 + math.log(c)) * idf.get(t, unseen) for t, c in counts.items()}
    row = comp.matrix_[3].toarray().ravel()
    dot = sum(w * row[comp.vocabulary_[t]] for t, w in q.items() if t in comp.vocabulary_)
    manual = dot / math.sqrt(sum(w * w for w in q.values()))
    assert comp.similarities(extended)[3] == pytest.approx(manual)


def test_most_similar_sorted_and_limited(comp):
    rep = comp.compare("夏季纯棉短袖T恤男", top=3)
    assert len(rep.most_similar) == 3
    cos = [m.cosine for m in rep.most_similar]
    assert cos == sorted(cos, reverse=True)
    assert rep.max_cosine == cos[0]
    assert rep.n_competitors == len(TITLES)


def test_compare_many_matches_compare(comp):
    titles = ["男宽松T恤2025夏季纯棉短袖新款潮牌", "加绒卫衣女", "保温杯", ""]
    many = comp.compare_many(titles, top=4)
    assert [r.model_dump() for r in many] == [comp.compare(t, top=4).model_dump() for t in titles]
    with pytest.raises(InputError):
        comp.compare_many("一个标题")


# ---------------------------------------------------------------- gap terms and brands
def test_gap_terms_exclude_own_terms_and_brands(comp):
    title = "夏季短袖T恤男"
    rep = comp.compare(title)
    own = set(comp.segmenter_.cut(title))
    gaps = [g.term for g in rep.gap_terms]
    assert gaps, "expected gap terms"
    assert not own & set(gaps)
    assert not set(gaps) & set(comp.brands_)
    assert not any(LEX.is_brand(g) for g in gaps)
    assert "纯棉" in gaps and "宽松" in gaps
    # Common terms are the title's own terms that competitors use.
    assert set(rep.common_terms) <= own and "t恤" in rep.common_terms
    # Ranked by sales-weighted share, then weight; share respects min_share.
    keys = [(g.weighted_share, g.weight) for g in rep.gap_terms]
    assert keys == sorted(keys, reverse=True)
    assert all(g.share >= comp.min_share for g in rep.gap_terms)
    assert all(0 < g.weighted_share <= 1 for g in rep.gap_terms)


def test_gap_terms_skip_synonym_variants_and_substrings():
    cs = CompetitorSet(lexicon=LEX).fit(["纯棉体恤男", "纯棉体恤宽松", "圆领纯棉体恤"])
    gaps = [g.term for g in cs.compare("男士T恤").gap_terms]
    assert "体恤" not in gaps  # the title has t恤, its synonym
    assert "纯棉" in gaps


def test_factual_flag(comp):
    rep = comp.compare("T恤")
    flags = {g.term: g.factual for g in rep.gap_terms}
    assert flags["纯棉"] is True and flags["夏季"] is True
    assert flags["圆领"] is False


class ConflictLexicon(FakeLexicon):
    """FakeLexicon plus the optional abilities of the shipped one."""

    compat_phrases = ("适用", "适用于")

    def is_banned(self, term: str) -> bool:
        return term.startswith("最")

    def conflicts_with(self, term: str, chosen, *, context: str = "") -> bool:
        sides = ({"男", "男士", "男装"}, {"女", "女士", "女装"})
        chosen = set(chosen)
        return any(term in a and chosen & b for a, b in (sides, sides[::-1]))

    def brand_of(self, term: str) -> str | None:
        return {"小米": "Xiaomi", "苹果": "Apple"}.get(term)

    def is_product_word(self, term: str) -> bool:
        return term in {"鞋", "包", "手机壳"}


def test_gap_terms_skip_conflicting_and_banned_terms():
    titles = ["纯棉T恤男宽松最好", "纯棉T恤男夏季最好", "纯棉T恤女圆领", "纯棉T恤女宽松"]
    plain = [g.term for g in CompetitorSet(lexicon=LEX, min_share=0.5).fit(titles).compare("T恤女").gap_terms]
    assert "男" in plain and "最好" in plain
    strict = [
        g.term for g in CompetitorSet(lexicon=ConflictLexicon(), min_share=0.5).fit(titles).compare("T恤女").gap_terms
    ]
    assert "男" not in strict and "最好" not in strict and "纯棉" in strict


def test_compatibility_targets_are_factual_and_fragments_dropped():
    lex = ConflictLexicon()
    titles = ["适用小米14手机壳透明小众", "适用小米14手机壳磨砂小众", "小众包包适用小米"]
    cs = CompetitorSet(lexicon=lex, min_share=0.5).fit(titles)
    gaps = {g.term: g.factual for g in cs.compare("手机壳").gap_terms}
    assert gaps["适用"] is True and gaps["小米"] is True and gaps["14"] is True
    for term in gaps:
        if len(term) == 1:
            assert lex.is_factual(term) or lex.is_product_word(term), term
    assert "小众" in gaps or not ({"小", "众"} & set(gaps))


def test_brands_from_column_lexicon_and_latin_first_token():
    cs = CompetitorSet(lexicon=LEX).fit(
        ["Nike耐克男子运动T恤", "ins风宽松T恤", "宽松T恤 polo衫", "森马纯棉T恤", "XL码宽松T恤"],
        brands=["耐克/Nike", None, None, "森马", ""],
    )
    assert {"nike", "耐克", "森马"} <= set(cs.brands_)
    # Generic Latin words and sizes at the start are not brands.
    assert not {"ins", "polo", "xl", "ins风"} & set(cs.brands_)
    # A brand from the column is kept whole by the segmenter.
    assert "森马" in cs.tokens_[3]


def test_latin_next_to_known_brand_is_a_brand():
    cs = CompetitorSet(lexicon=LEX).fit(["夏季新款李宁lining运动T恤", "夏季纯棉T恤"])
    assert "lining" in cs.brands_ and "李宁" in cs.brands_


def test_competitor_brands_exclude_the_sellers_brand(comp):
    rep = comp.compare("李宁运动T恤", brand="李宁")
    assert "李宁" not in rep.competitor_brands
    assert {"耐克", "优衣库", "nike", "zara"} <= set(rep.competitor_brands)
    assert comp.is_competitor_brand("Nike") and not comp.is_competitor_brand("李宁", brand="李宁")
    assert comp.is_competitor_brand("苹果")  # known to the lexicon, even if unseen


def test_term_variants(comp):
    found = {(v.a, v.b): v.kind for v in comp.term_variants(["T-shirt", "纯棉"], min_share=0.0)}
    assert found[("T-shirt", "t恤")] == "synonym"
    assert ("纯棉", "纯棉") not in found  # identical is a match, not a variant


def test_deterministic():
    a = CompetitorSet.from_titles(TITLES, sales=SALES, lexicon=LEX)
    b = CompetitorSet.from_titles(list(TITLES), sales=list(SALES), lexicon=LEX)
    for t in ("夏季短袖T恤男", "男宽松T恤2025夏季纯棉短袖新款潮牌", "保温杯"):
        assert a.compare(t).model_dump_json() == b.compare(t).model_dump_json()
    assert a.term_weight_ == b.term_weight_ and a.brands_ == b.brands_


def test_ties_broken_by_fitted_order():
    cs = CompetitorSet(lexicon=LEX).fit(["纯棉T恤男"] * 6 + ["卫衣"])
    rep = cs.compare("纯棉T恤男", top=3)
    assert [m.index for m in rep.most_similar] == [0, 1, 2]
    assert [m.index for m in rep.near_copies] == [0, 1, 2, 3, 4, 5]


# ---------------------------------------------------------------- files
def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_from_file_chinese_headers(tmp_path):
    f = _write(
        tmp_path / "comp.csv",
        "类目,标题,月销,价格,店铺,品牌\n"
        "T恤,Nike耐克男子运动短袖T恤纯棉夏季,1.2万+人付款,¥199,耐克官方店,耐克\n"
        "T恤,优衣库男装圆领T恤短袖纯棉,500+,79.00,优衣库旗舰店,优衣库\n"
        "T恤,森马夏季纯棉短袖T恤男宽松,3000人付款,59,森马店,森马\n",
        "utf-8-sig",
    )
    cs = CompetitorSet.from_file(f, lexicon=LEX)
    assert len(cs.titles_) == 3 and cs.issues_ == []
    assert np.allclose(cs.sales_, [12000, 500, 3000])
    assert cs.prices_ == [199, 79, 59]
    assert cs.shops_[0] == "耐克官方店"
    assert cs.rows_ == [2, 3, 4]
    assert {"耐克", "优衣库", "森马"} <= set(cs.brands_)
    assert cs.file_ == str(f)


def test_from_file_category_filter(tmp_path):
    f = _write(tmp_path / "mixed.csv", "类目,标题\nT恤,夏季纯棉短袖T恤男\n卫衣,加绒卫衣女\nt恤,李宁运动T恤\n")
    cs = CompetitorSet.from_file(f, category="T恤", lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "李宁运动T恤"] and cs.rows_ == [2, 4]
    with pytest.raises(InputError, match="no competitor titles of category"):
        CompetitorSet.from_file(f, category="手机壳", lexicon=LEX)
    g = _write(tmp_path / "nocat.csv", "标题\n夏季纯棉短袖T恤男\n")
    with pytest.raises(InputError, match="no category column"):
        CompetitorSet.from_file(g, category="T恤", lexicon=LEX)


def test_from_file_gbk_encoded(tmp_path):
    f = _write(
        tmp_path / "gbk.csv",
        "宝贝标题,付款人数\n夏季纯棉短袖T恤男,1.5万人付款\n加绒卫衣女冬季,200+\n",
        "gbk",
    )
    cs = CompetitorSet.from_file(f, lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女冬季"]
    assert np.allclose(cs.sales_, [15000, 200])


def test_from_file_plain_txt_title_list(tmp_path):
    f = _write(
        tmp_path / "top10.txt",
        "夏季纯棉短袖T恤男\n\n加绒卫衣女冬季,连帽外套\n  李宁运动T恤男  \n",
        "gbk",
    )
    cs = CompetitorSet.from_file(f, lexicon=LEX)
    # Commas stay inside the title; blank lines are skipped; rows are line numbers.
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女冬季,连帽外套", "李宁运动T恤男"]
    assert cs.rows_ == [1, 3, 4]
    assert np.isnan(cs.sales_).all()


def test_from_file_txt_with_header_is_a_table(tmp_path):
    f = _write(tmp_path / "export.txt", "标题\t销量\n夏季纯棉短袖T恤男\t100\n加绒卫衣女\t20\n", "utf-16")
    cs = CompetitorSet.from_file(f, lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女"]
    assert np.allclose(cs.sales_, [100, 20])


def test_from_file_bad_rows_reported_not_fatal(tmp_path):
    f = _write(
        tmp_path / "bad.csv",
        "标题,月销\n夏季纯棉短袖T恤男,100\n,50\n加绒卫衣女,很多\n李宁运动T恤,-5\n优衣库圆领T恤,\n",
    )
    cs = CompetitorSet.from_file(f, lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女", "李宁运动T恤", "优衣库圆领T恤"]
    got = [(i.row, i.column) for i in cs.issues_]
    assert got == [(3, "标题"), (4, "月销"), (5, "月销")]
    assert all(i.file == str(f) for i in cs.issues_)
    assert "empty title" in cs.issues_[0].reason
    assert "很多" in cs.issues_[1].reason
    assert np.isnan(cs.sales_[1]) and np.isnan(cs.sales_[3])

    with pytest.raises(InputError) as err:
        CompetitorSet.from_file(f, strict=True, lexicon=LEX)
    assert (err.value.row, err.value.column, err.value.file) == (3, "标题", str(f))


def test_from_file_without_title_column(tmp_path):
    f = _write(tmp_path / "x.csv", "名字,销量\n夏季T恤,100\n")
    with pytest.raises(InputError) as err:
        CompetitorSet.from_file(f, lexicon=LEX)
    msg = str(err.value)
    assert "'名字'" in msg and "'销量'" in msg
    assert "宝贝标题" in msg and "Product Title" in msg


def test_from_file_empty_and_missing(tmp_path):
    f = _write(tmp_path / "empty.csv", "标题,月销\n,1\n")
    with pytest.raises(InputError, match="no competitor titles"):
        CompetitorSet.from_file(f, lexicon=LEX)
    with pytest.raises(InputError, match="not found"):
        CompetitorSet.from_file(tmp_path / "nope.csv", lexicon=LEX)


def test_from_file_jsonl_and_xlsx(tmp_path):
    jl = tmp_path / "c.jsonl"
    jl.write_text(
        "\n".join(
            [
                json.dumps({"title": "夏季纯棉短袖T恤男", "sales": "1万+"}, ensure_ascii=False),
                "{not json",
                json.dumps({"title": "加绒卫衣女", "sales": 30}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    cs = CompetitorSet.from_file(jl, lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女"]
    assert np.allclose(cs.sales_, [10000, 30])
    assert [i.row for i in cs.issues_] == [2]

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["商品标题", "销量", "品牌"])
    ws.append(["夏季纯棉短袖T恤男", 1200, "森马"])
    ws.append(["加绒卫衣女", "500+", None])
    x = tmp_path / "c.xlsx"
    wb.save(x)
    cs = CompetitorSet.from_file(x, lexicon=LEX)
    assert cs.titles_ == ["夏季纯棉短袖T恤男", "加绒卫衣女"]
    assert np.allclose(cs.sales_, [1200, 500])
    assert "森马" in cs.brands_


# ---------------------------------------------------------------- with the shipped lexicon
def test_with_shipped_lexicon():
    pytest.importorskip("titleopt.lexicon")
    from titleopt.lexicon import load_lexicon

    lex = load_lexicon()
    cs = CompetitorSet.from_titles(TITLES, sales=SALES)
    rep = cs.compare("夏季短袖T恤男")
    for g in rep.gap_terms:
        assert not lex.is_brand(g.term) and g.term not in cs.brands_
        assert g.factual == bool(lex.is_factual(g.term))
    assert "耐克" in cs.brands_ or lex.is_brand("耐克") is False


def test_shipped_sample_flags_exactly_the_planted_near_copies():
    """dictionaries/sample plants two copies (listings 01 and 24); nothing else is a copy."""
    import csv

    from titleopt.resources import data_path

    try:
        comp_file = data_path("sample/competitors.csv")
        listings = data_path("sample/listings.csv")
    except InputError:  # pragma: no cover - sample data not shipped in this build
        pytest.skip("sample data absent")
    if not (comp_file.is_file() and listings.is_file()):
        pytest.skip("sample data absent")
    with open(listings, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    sets: dict[str, CompetitorSet] = {}
    flagged = {}
    for r in rows:
        cat = r["类目"]
        if cat not in sets:
            sets[cat] = CompetitorSet.from_file(comp_file, category=cat)
        rep = sets[cat].compare(r["宝贝标题"], brand=r["品牌"])
        if rep.near_copies:
            flagged[r["宝贝ID"][-2:]] = [m.title for m in rep.near_copies]
        for g in rep.gap_terms:
            assert g.term not in sets[cat].brands_
    assert flagged == {
        "01": ["夏季白色纯棉短袖T恤女宽松圆领百搭上衣"],
        "24": ["大容量保温杯女316不锈钢便携水杯500ml"],
    }


# ---------------------------------------------------------------- gap ranking, years, differentiators
def test_gap_terms_ranked_by_sales_weighted_share_without_fixed_cut_off():
    titles = ["纯棉T恤男", "纯棉T恤男宽松", "冰丝T恤男", "冰丝T恤男速干", "冰丝T恤男夏季"]
    # The two 纯棉 titles sell far more than the three 冰丝 ones: 纯棉 ranks first.
    cs = CompetitorSet(lexicon=LEX).fit(titles, sales=[100000, 80000, 1, 1, 1])
    rep = cs.compare("T恤男")
    gaps = [g.term for g in rep.gap_terms]
    assert gaps.index("纯棉") < gaps.index("冰丝")
    ws = {g.term: g.weighted_share for g in rep.gap_terms}
    assert ws["纯棉"] > 0.5 > ws["冰丝"]
    assert math.isclose(sum(cs.weights_), 1.0)
    # A term one peer uses is its own word, not the market's.
    assert "速干" not in gaps and "夏季" not in gaps


def test_gap_terms_never_a_year_or_promotional_word():
    from titleopt.lexicon import load_lexicon

    titles = ["2017新款连衣裙雪纺包邮", "2017连衣裙雪纺 包邮", "连衣裙碎花 2017年", "碎花连衣裙 特价"] * 2
    cs = CompetitorSet(lexicon=load_lexicon()).fit(titles)
    gaps = [g.term for g in cs.compare("连衣裙女").gap_terms]
    assert gaps and not any(g.startswith("2017") for g in gaps)
    assert "包邮" not in gaps and "特价" not in gaps
    assert "雪纺" in gaps and "碎花" in gaps


def test_differentiators_are_own_terms_few_peers_use():
    from titleopt.lexicon import load_lexicon

    titles = ["纯棉T恤男短袖", "纯棉T恤男宽松", "T恤男短袖夏季", "T恤男圆领纯棉", "T恤男短袖"] * 4
    cs = CompetitorSet(lexicon=load_lexicon()).fit(titles)
    rep = cs.compare("禾衫重磅桑蚕丝T恤男短袖手工刺绣", brand="禾衫")
    diff = {g.term: g for g in rep.differentiators}
    assert "桑蚕丝" in diff and diff["桑蚕丝"].share == 0.0
    assert "t恤" not in diff and "短袖" not in diff  # every peer says these
    assert "禾衫" not in diff  # her brand is not a difference buyers search for
    assert rep.model_dump()["differentiators"], "differentiators are in the JSON form"


def _dress_titles(shared_data) -> list[str]:
    import json as _json

    titles = []
    for path in sorted((shared_data / "real_titles").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                t = _json.loads(line)["title"]
                if "连衣裙" in t:
                    titles.append(t)
    return titles


def test_real_dress_peers_give_useful_gaps_and_differentiators(shared_data):
    """40 real Taobao 连衣裙 titles as peers of a chiffon floral dress (issue 18, gap 5)."""
    from titleopt.lexicon import load_lexicon

    lex = load_lexicon()
    peers = _dress_titles(shared_data)[:40]
    assert len(peers) == 40
    cs = CompetitorSet(lexicon=lex).fit(peers)
    rep = cs.compare("雪纺碎花连衣裙女夏季新款收腰显瘦中长款裙子")
    gaps = [g.term for g in rep.gap_terms]
    assert len(gaps) >= 10, gaps  # a 20% cut-off left only '2017'
    assert not any(g[:4].isdigit() for g in gaps), gaps  # no year
    assert not any(lex.is_promo(g) or lex.is_brand(g) or g in cs.brands_ for g in gaps)
    assert "旗袍" not in gaps  # another product, not a missing word
    assert {"宽松", "修身", "长袖"} & set(gaps)  # cut and sleeve words peers use
    diff = [g.term for g in rep.differentiators]
    assert "碎花" in diff and "收腰" in diff, diff
    assert "连衣裙" not in diff


def test_analyze_text_shows_gap_ranking_and_differentiators():
    from titleopt.lexicon import load_lexicon
    from titleopt.models import TitleReport
    from titleopt.report import format_report

    titles = ["纯棉T恤男短袖", "纯棉T恤男宽松", "T恤男短袖夏季", "T恤男圆领纯棉", "T恤男短袖"] * 4
    cs = CompetitorSet(lexicon=load_lexicon()).fit(titles)
    comp = cs.compare("重磅桑蚕丝T恤男")
    rep = TitleReport(title="重磅桑蚕丝T恤男", platform="taobao", length=16, limit=60, unit="bytes",
                      tokens=["重磅", "桑蚕丝", "t恤", "男"], competitors=comp)
    text = format_report(rep)
    assert "gap terms, by sales-weighted share" in text and "纯棉" in text
    assert "your differentiators" in text and "桑蚕丝 (0%)" in text
