"""Truthful additions and the right keywords (#18): styles are facts, compound product words, what is out of reach."""

from __future__ import annotations

import datetime as dt

import pytest

from titleopt import KeywordTable, TitleOptimizer
from titleopt.lexicon import load_lexicon
from titleopt.resources import data_path

TODAY = dt.date(2026, 11, 25)
LEX = load_lexicon()
STYLES = ("韩版", "日系", "法式", "欧美", "美式", "复古", "国潮", "休闲", "英伦")


def opt_for(rows, **kw) -> TitleOptimizer:
    return TitleOptimizer(KeywordTable.from_records(rows), today=TODAY, lexicon=LEX, **kw)


@pytest.mark.parametrize("style", STYLES)
def test_a_style_is_a_fact_never_added_unless_the_listing_states_it(style):
    opt = opt_for([(f"{style}T恤女", 1000), ("T恤女", 10)])
    r = opt.rewrite("纯棉短袖T恤女")
    assert style not in r.best
    stated = opt.rewrite("纯棉短袖T恤女", attributes={"风格": style})
    assert style in stated.best  # stated by the listing: it may be written


def test_styles_of_origin_conflict_and_are_never_stacked():
    assert LEX.conflicts_with("美式", ["韩版"])
    assert LEX.conflicts_with("日系", ["欧美"])
    assert not LEX.conflicts_with("复古", ["法式"])  # 法式复古 is one look
    opt = opt_for([("美式T恤", 900), ("韩版T恤", 800), ("T恤", 10)])
    r = opt.rewrite("纯棉短袖韩版T恤", attributes={"风格": "韩版 美式"})
    assert not ("美式" in r.best and "韩版" in r.best)


def test_the_sample_demo_listing_gains_no_style():
    # #18: listing 02 of the demo lost 韩版 and gained 美式 + 复古
    table = KeywordTable.from_file(data_path("sample/keywords.csv"))
    opt = TitleOptimizer(table, today=TODAY)
    title = "2019新款夏季纯棉短袖T恤男宽松圆领半袖打底衫潮流百搭韩版学生上衣"
    r = opt.rewrite(title, brand="禾衫", category="T恤", attributes={"材质": "纯棉", "性别": "男"})
    added = " ".join(r.candidates[0].added)
    assert not any(s in added for s in STYLES)


def test_an_added_word_never_names_another_product():
    # #18: a shoe-cleaning spray gained 休闲皮鞋 and read as shoes
    opt = opt_for([("休闲皮鞋", 5000), ("皮鞋清洁剂", 100)], additions="open")
    r = opt.rewrite("小白鞋清洁剂 去污增白 免洗")
    assert "皮鞋" not in r.best.replace("皮鞋清洁剂", "")


def test_a_compound_product_word_does_not_hide_its_heads_keywords():
    # #18: 连帽卫衣 counted only 连帽卫衣女; a 连帽卫衣 is a 卫衣
    table = [("连帽卫衣女", 5), ("卫衣女宽松", 4), ("卫衣女", 3), ("宽松卫衣", 2)]
    rep = opt_for(table).analyze("连帽卫衣女宽松韩版")
    assert {m.keyword for m in rep.matches} == {k for k, _ in table}
    assert rep.relevant_value == sum(v for _, v in table)


def test_missing_holds_only_reachable_keywords_and_counts_the_rest_with_reasons():
    # #18: t恤男 for a women's T-shirt was listed as advice
    opt = opt_for([("t恤女", 9), ("t恤男", 8), ("加绒t恤", 7), ("新款t恤", 6)])
    rep = opt.analyze("纯棉短袖T恤女")
    assert [m.keyword for m in rep.missing] == ["新款t恤"]
    reasons = {m.keyword: m.reason for m in rep.unreachable}
    assert "conflicts" in reasons["t恤男"] and "女" in reasons["t恤男"]
    assert "加绒" in reasons["加绒t恤"]
    assert rep.unreachable_count == 2


def test_a_rewrite_drops_a_medical_claim_and_never_adds_one():
    # #18 gap 3: a cosmetic may not call itself 医用 (the lint rule TO205 explains why)
    opt = opt_for([("面膜", 10), ("医用面膜", 500), ("面膜女", 5)], additions="open")
    r = opt.rewrite("补水面膜女保湿医用级面膜贴20片")
    assert "医用" not in r.best and "面膜贴" in r.best
    assert any("cosmetic" in x.reason for x in r.candidates[0].reasons if x.action == "removed")
    r2 = opt.rewrite("补水保湿面膜女 20片")
    assert "医用" not in r2.best


def test_removal_reasons_cite_the_platforms_own_rules_outside_china():
    opt = TitleOptimizer(KeywordTable.from_records([("t-shirt", 5)]), platform="amazon", today=TODAY, lexicon=LEX)
    r = opt.rewrite("最好 cotton t-shirt")
    reasons = [x.reason for x in r.candidates[0].reasons if x.action == "removed"]
    assert reasons and not any("Advertising Law" in x for x in reasons)
