"""Keyword opportunity for a listing and the paid-search plan: library and ``titleopt keywords --for``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import titleopt
from titleopt import InputError
from titleopt.cli import main
from titleopt.opportunity import (
    AD_COLUMNS,
    COLUMNS,
    ORDER,
    ORDER_NO_COMPETITION,
    keyword_opportunities,
    opportunity_score,
    plan_ads,
    relevant_keywords,
)

SAMPLE = Path(__file__).resolve().parent.parent / "dictionaries" / "sample"
LOOP_KW = str(SAMPLE / "loop_keywords.csv")
COMPETITORS = str(SAMPLE / "competitors.csv")
TITLE = "棉语圆领卫衣女宽松春秋款纯色打底上衣"  # listing 07: 纯棉, not 加绒 (厚薄:常规)
ATTRS = {"材质": "纯棉", "厚薄": "常规"}


@pytest.fixture(scope="module")
def opt():
    kw = titleopt.KeywordTable.from_file(LOOP_KW)
    comp = titleopt.CompetitorSet.from_file(COMPETITORS, category="卫衣")
    return titleopt.TitleOptimizer(kw, comp)


@pytest.fixture(scope="module")
def ol(opt):
    return keyword_opportunities(opt, TITLE, category="卫衣", attributes=ATTRS)


def by_kw(ol):
    return {k.keyword: k for k in ol.keywords}


def test_opportunity_definition() -> None:
    assert opportunity_score(1000.0, 999.0) == pytest.approx(1000.0)
    assert opportunity_score(1000.0, 0.0) == pytest.approx(1e6)
    assert opportunity_score(1000.0, None) is None


def test_every_relevant_keyword_is_listed(opt, ol) -> None:
    rel = relevant_keywords(opt, TITLE, category="卫衣")
    assert len(ol.keywords) == len(rel) > 20
    assert {k.keyword for k in ol.keywords} == {opt.keywords.keywords[i].text for i in rel}


def test_coverage_and_truthful_reachability(ol) -> None:
    k = by_kw(ol)
    assert k["卫衣女宽松"].coverage == "whole" and k["卫衣女宽松"].reachable
    assert k["卫衣女春秋"].coverage == "split"  # 春秋款 … : in order, not touching
    ins = k["卫衣女宽松ins风"]
    assert ins.coverage == "no" and ins.reachable and ins.lacks == ("ins风",)
    han = k["卫衣女韩版"]  # a style is a fact (#18): the listing must state it
    assert han.coverage == "no" and not han.reachable and "韩版" in han.why
    assert k["卫衣女纯棉"].reachable  # 纯棉 is in the attributes
    jia = k["卫衣女加绒"]
    assert not jia.reachable and "加绒" in jia.why and "does not state" in jia.why  # marked, not hidden
    assert not k["卫衣男"].reachable and "conflicts with 女" in k["卫衣男"].why
    assert not k["卫衣外套女"].reachable and "another product" in k["卫衣外套女"].why


def test_reachability_agrees_with_analyze(opt) -> None:
    """The seam's 'reachable' keywords are the ones analyze lists as missing; the others it lists as out of reach."""
    kw = titleopt.KeywordTable.from_file(str(SAMPLE / "keywords.csv"))
    o = titleopt.TitleOptimizer(kw)
    rep = o.analyze(TITLE, category="卫衣", attributes=ATTRS, lint=False)
    mine = by_kw(keyword_opportunities(o, TITLE, category="卫衣", attributes=ATTRS))
    # analyze's missing holds the reachable keywords, its unreachable list the others (#18)
    assert rep.missing and all(mine[m.keyword].reachable for m in rep.missing if m.keyword in mine)
    assert rep.unreachable and not any(mine[m.keyword].reachable for m in rep.unreachable if m.keyword in mine)


def test_sorted_by_opportunity(ol) -> None:
    assert ol.order == ORDER
    opps = [k.opportunity for k in ol.keywords if k.opportunity is not None]
    assert opps == sorted(opps, reverse=True)
    assert ol.has_cpc and ol.has_competition


def test_cpc_and_value_per_cpc(ol) -> None:
    k = by_kw(ol)["卫衣女宽松"]
    assert k.cpc == pytest.approx(2.20)
    assert k.value_per_cpc == pytest.approx(k.value / 2.20)
    assert by_kw(ol)["卫衣女春秋"].cpc is None  # '-' in the export


def test_table_without_competition_or_cpc(tmp_path: Path) -> None:
    f = tmp_path / "k.csv"
    f.write_text("搜索词,搜索人气\n卫衣女,1000\n卫衣女ins风,300\n卫衣女加绒,800\n", encoding="utf-8")
    o = titleopt.TitleOptimizer(titleopt.KeywordTable.from_file(str(f)))
    ol = keyword_opportunities(o, TITLE, category="卫衣")
    assert ol.order == ORDER_NO_COMPETITION and not ol.has_cpc
    assert [k.keyword for k in ol.keywords] == ["卫衣女", "卫衣女加绒", "卫衣女ins风"]  # by value
    assert all(k.opportunity is None and k.cpc is None for k in ol.keywords)
    assert any("直通车参考价" in n for n in ol.notes)
    row = ol.keywords[0].as_row()
    assert row["opportunity"] == "" and row["cpc"] == ""
    plan = plan_ads(ol)
    assert [c.keyword for c in plan.chosen] == ["卫衣女", "卫衣女ins风"] and plan.cost is None
    with pytest.raises(InputError, match="CPC"):
        plan_ads(ol, budget=50)


def test_ads_truthful_no_competitor_brand_within_budget(ol) -> None:
    plan = plan_ads(ol, budget=60, clicks=10)
    chosen = {c.keyword for c in plan.chosen}
    skipped = {c.keyword: c.reason for c in plan.skipped}
    assert "卫衣女加绒" not in chosen and "not truthful" in skipped["卫衣女加绒"]
    assert "暖茸卫衣女" not in chosen and "competitor's brand 暖茸" in skipped["暖茸卫衣女"]
    assert "潮森社卫衣" in skipped
    assert plan.cost is not None and plan.cost <= 60
    assert plan.cost == pytest.approx(sum(c.cost for c in plan.chosen))
    vpc = [c.value_per_cpc for c in plan.chosen]
    assert vpc == sorted(vpc, reverse=True)
    assert all("clicks ×" in c.reason for c in plan.chosen)
    assert any(r.startswith("over budget") for r in skipped.values())
    unlimited = plan_ads(ol)
    assert len(unlimited.chosen) > len(plan.chosen)


@settings(max_examples=25, deadline=None)
@given(budget=st.floats(0.5, 200), clicks=st.integers(1, 30))
def test_ads_never_exceed_the_budget(ol, budget: float, clicks: int) -> None:
    plan = plan_ads(ol, budget=budget, clicks=clicks)
    assert plan.cost is not None and plan.cost <= budget + 1e-6
    assert all(c.cost == pytest.approx(clicks * c.cpc) for c in plan.chosen)
    assert len(plan.chosen) + len(plan.skipped) == len(ol.keywords)  # every keyword accounted for


# ------------------------------------------------------------ CLI
def run(*args: str):
    return CliRunner().invoke(main, ["keywords", *args], catch_exceptions=False)


def test_cli_text() -> None:
    r = run(LOOP_KW, "--for", TITLE, "--category", "卫衣", "--attributes", "材质:纯棉;厚薄:常规", "--top", "5")
    assert r.exit_code == 0, r.output
    assert "order: opportunity" in r.output and "… " in r.output


def test_cli_ads_json_and_file(tmp_path: Path) -> None:
    out = tmp_path / "ads.csv"
    r = run(LOOP_KW, "--for", TITLE, "--category", "卫衣", "--attributes", "材质:纯棉;厚薄:常规", "-c", COMPETITORS,
            "--ads", "--budget", "60", "-o", str(out), "--format", "json")
    data = json.loads(r.output)
    assert data["ads"]["cost"] <= 60 and data["ads"]["chosen"]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == list(AD_COLUMNS)
    assert rows[0]["chosen"] == "yes" and any(r["keyword"] == "暖茸卫衣女" and r["chosen"] == "no" for r in rows)


def test_cli_gbk_table_to_file(tmp_path: Path) -> None:
    f = tmp_path / "k.csv"
    f.write_bytes(Path(LOOP_KW).read_text(encoding="utf-8").encode("gbk"))
    out = tmp_path / "o.csv"
    r = run(str(f), "--for", TITLE, "--category", "卫衣", "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    wan = next(r for r in rows if r["keyword"] == "连帽卫衣女")
    assert wan["competition"] == "1711000"  # written 171.1万


def test_bad_rows_are_named(tmp_path: Path) -> None:
    f = tmp_path / "k.csv"
    text = "搜索词,搜索人气,在线商品数,直通车参考价\n卫衣女,1.2万,3.2万,1.5\n卫衣女韩版,abc,100,0.5\n"
    f.write_text(text, encoding="utf-8")
    r = run(str(f), "--for", TITLE, "--category", "卫衣")
    assert r.exit_code == 0, r.output
    assert "skipped a keyword row" in r.output and "row 3" in r.output and "'搜索人气'" in r.output


def test_cli_usage_errors(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["keywords", LOOP_KW, "--ads"])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["keywords", LOOP_KW, "--for", TITLE, "--budget", "10"])
    assert r.exit_code == 2 and "--ads" in r.output
    r = CliRunner().invoke(main, ["keywords", str(tmp_path / "none.csv"), "--for", TITLE])
    assert r.exit_code == 2 and "file not found" in r.output
    f = tmp_path / "k.csv"
    f.write_text("搜索人气\n100\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["keywords", str(f), "--for", TITLE])
    assert r.exit_code == 2 and "no keyword column" in r.output


def test_the_optimizer_method_is_the_library_function(opt) -> None:
    a = opt.keyword_opportunities(TITLE, category="卫衣", attributes=ATTRS)
    b = keyword_opportunities(opt, TITLE, category="卫衣", attributes=ATTRS)
    assert a == b and a.keywords
