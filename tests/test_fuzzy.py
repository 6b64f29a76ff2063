"""Fuzzy near-duplicate and variant detection: reported pairs, never merged."""

from __future__ import annotations

import pytest

from titleopt import fuzzy
from titleopt.fuzzy import compact, find_variants, near_duplicates, variant_kind

SYN = {"t-shirt": "t恤", "体恤": "t恤"}


def test_compact_form():
    assert compact("Ｔ恤 男") == "t恤男"
    assert compact("T-Shirt") == "tshirt"
    assert compact("連帽衛衣") == "连帽卫衣"


def test_spacing_synonym_and_typo_pairs():
    terms = ["连衣裙 女", "连衣裙女", "T恤", "t-shirt", "雪纺连衣裙女夏季新款", "雪纺连衣群女夏季新款", "保温杯"]
    pairs = near_duplicates(terms, synonyms=SYN)
    got = {(p.a, p.b): p.score for p in pairs}
    assert got[("连衣裙 女", "连衣裙女")] == 100.0
    assert got[("T恤", "t-shirt")] == 100.0
    assert got[("雪纺连衣裙女夏季新款", "雪纺连衣群女夏季新款")] == pytest.approx(90.0)
    assert not any("保温杯" in (p.a, p.b) for p in pairs)
    # Plain (a, b, score) tuples, a before b in input order.
    a, b, score = pairs[0]
    assert terms.index(a) < terms.index(b) and score == 100.0


def test_different_products_are_not_paired_at_default_threshold():
    pairs = near_duplicates(["连衣裙夏季新款", "连衣裙冬季新款", "男", "女", "连衣裙", "连衣群"], synonyms={})
    assert pairs == []
    # A lower threshold finds them; the caller decides what they mean.
    low = near_duplicates(["连衣裙夏季新款", "连衣裙冬季新款"], threshold=80, synonyms={})
    assert [(p.a, p.b) for p in low] == [("连衣裙夏季新款", "连衣裙冬季新款")]


def test_short_terms_never_fuzzy_paired():
    assert near_duplicates(["s码", "m码", "男", "女"], threshold=0, synonyms={}) == []


def test_duplicates_in_input_are_ignored_and_order_is_stable():
    terms = ["羽绒服女", "羽绒服女", "羽绒服 女", "羽绒服女款"]
    first = near_duplicates(terms, threshold=85, synonyms={})
    assert first == near_duplicates(list(terms), threshold=85, synonyms={})
    assert ("羽绒服女", "羽绒服女", 100.0) not in first
    assert first[0] == ("羽绒服女", "羽绒服 女", 100.0)


def test_blocks_and_workers_give_the_same_pairs(monkeypatch):
    terms = [f"夏季纯棉短袖t恤男{i:03d}" for i in range(120)] + ["夏季纯棉短袖t恤男", "夏季纯棉短袖t恤女"]
    whole = near_duplicates(terms, threshold=90, synonyms={})
    monkeypatch.setattr(fuzzy, "_BLOCK_CELLS", 500)  # several cdist blocks
    blocked = near_duplicates(terms, threshold=90, synonyms={}, workers=2)
    assert whole == blocked and len(whole) > 100


def test_find_variants_between_lists():
    found = find_variants(
        ["T恤", "连衣裙 女", "雪纺连衣裙女夏季新款"], ["体恤", "连衣裙女", "雪纺连衣群女夏季新款", "T恤"], synonyms=SYN
    )
    kinds = {(v.a, v.b): v.kind for v in found}
    assert kinds[("T恤", "体恤")] == "synonym"
    assert kinds[("连衣裙 女", "连衣裙女")] == "spacing"
    assert kinds[("雪纺连衣裙女夏季新款", "雪纺连衣群女夏季新款")] == "fuzzy"
    assert ("T恤", "T恤") not in kinds
    assert ("T恤", "T恤") in {(v.a, v.b) for v in find_variants(["T恤"], ["T恤"], synonyms={}, include_exact=True)}


def test_variant_kind():
    assert variant_kind("Ｔ恤", "t恤", synonyms={}) == "spacing"
    assert variant_kind("t-shirt", "体恤", synonyms=SYN) == "synonym"
    assert variant_kind("卫衣", "t恤", synonyms=SYN) is None


def test_non_string_terms_rejected():
    with pytest.raises(TypeError):
        near_duplicates(["t恤", 3], synonyms={})  # type: ignore[list-item]


def test_default_synonyms_come_from_the_lexicon():
    pytest.importorskip("titleopt.lexicon")
    from titleopt.lexicon import load_lexicon

    syn = load_lexicon().synonyms
    if not syn:
        pytest.skip("lexicon has no synonyms")
    variant, canonical = sorted(syn.items())[0]
    if compact(variant) == compact(canonical):
        pytest.skip("first synonym differs only by spacing")
    pairs = near_duplicates([variant, canonical])
    assert [(p.a, p.b, p.score) for p in pairs] == [(variant, canonical, 100.0)]
