"""Category-aware claims (TO205/TO206 data) and the platform policies the claim rules cite."""

from __future__ import annotations

import pytest

import titleopt
from titleopt.categories import (
    category_of_name,
    category_of_title,
    category_words,
    claim_groups,
    regulated_claims,
)
from titleopt.normalize import normalize
from titleopt.platforms import get_platform, platforms
from titleopt.rules.policy import cite, is_china, policies


def test_issue_example_reports_medical_grade_and_special_use_claims():
    title = "补水面膜女保湿美白淡斑祛痘痘痘医用级面膜贴20片"
    codes = {(f.code, title[slice(*f.span)]) for f in titleopt.lint(title) if f.code in ("TO205", "TO206")}
    assert codes == {("TO205", "医用级"), ("TO206", "美白"), ("TO206", "淡斑")}
    assert regulated_claims(title) == ["美白", "淡斑", "医用级"]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("面膜", "cosmetics"),
        ("美容护肤>面部护理>面膜", "cosmetics"),
        ("茶叶", "food"),
        ("保健食品/膳食营养补充食品", "health_food"),
        ("女装/女士精品>连衣裙", "goods"),
        ("医用敷料", "medical"),
        ("手机配件", None),
        ("", None),
    ],
)
def test_category_of_name(name, category):
    assert category_of_name(name) == category


def test_category_of_title_needs_a_word_end_and_one_category(segmenter):
    def cat(title):
        norm = normalize(title)
        ends = frozenset(s + len(t) for t, s in segmenter.positions(norm))
        return category_of_title(norm.text, ends)

    assert cat("荷叶减肥茶") == "food"
    assert cat("陶瓷茶杯") == "goods"  # 茶 inside 茶杯 is no tea
    assert cat("补水面膜 送陶瓷碗") is None  # two categories: no judgment
    assert cat("手机支架") is None


def test_dictionaries_are_consistent():
    words = category_words()
    assert words["面膜"] == "cosmetics" and words["茶"] == "food" and words["袜子"] == "goods"
    for g in claim_groups():
        assert g.terms and g.why and g.citation
        # a claim term is never itself a word that puts a title in a category
        assert not (g.terms & set(words)), sorted(g.terms & set(words))


def test_claim_rules_cite_prc_law_only_on_chinese_platforms():
    title = "最好的补水面膜 医用级 美白 全网销量第一 100%有效"
    for name, plat in platforms().items():
        msgs = [f.message for f in titleopt.lint(title, name, select="TO2")]
        assert {"TO201", "TO202", "TO203", "TO205", "TO206"} <= {
            f.code for f in titleopt.lint(title, name, select="TO2")
        }, name
        chinese_law = any(("Advertising Law" in m or "条例" in m or "广告法" in m) for m in msgs)
        assert chinese_law == is_china(plat), (name, msgs)
    amazon = " ".join(f.message for f in titleopt.lint(title, "amazon", select="TO2"))
    assert "Seller Central help" in amazon and "NMPA" not in amazon
    shopee = titleopt.lint(title, "shopee", select="TO205")[0].message
    assert "titleopt has verified no Shopee rule" in shopee


def test_every_platform_has_a_policy_row():
    table = policies()
    for name in platforms():
        assert any(p == name for p, _ in table), name


def test_custom_platform_falls_back_by_writing_system():
    from dataclasses import replace

    base = get_platform("taobao")
    cn = replace(base, name="kuaishou", label="快手")
    en = replace(base, name="walmart", label="Walmart", separator=" ")
    assert cite(cn, "claims", "LAW") == "LAW"
    assert "Walmart" in cite(en, "claims", "LAW")


def test_efficacy_boasts_are_false_promises_but_product_names_are_not():
    assert [f.code for f in titleopt.lint("特效去污清洁剂", select="TO203")] == ["TO203"]
    assert titleopt.lint("舞台特效灯 LED", select="TO203") == []
