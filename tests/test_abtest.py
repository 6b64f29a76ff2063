"""Title A/B tests: statistics checked against published worked examples, files as exported, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt import InputError
from titleopt.ab_test import (
    TEST_CHI2,
    TEST_FISHER,
    abtest,
    newcombe_interval,
    prob_best,
    read_results,
    sample_size,
    two_proportion_test,
    wilson_interval,
)
from titleopt.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "dictionaries" / "sample"


# ------------------------------------------------------------ published examples
@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
        # comparison of seven methods. Statistics in Medicine 17, 857-872; Table I, method 3 (Wilson score).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998(k: int, n: int, low: float, high: float) -> None:
    lo, hi = wilson_interval(k, n)
    assert round(lo, 4) == low and round(hi, 4) == high


def test_difference_interval_matches_newcombe_1998() -> None:
    # Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions:
    # comparison of eleven methods. Statistics in Medicine 17, 873-890; example (a) 56/70 - 48/80,
    # method 10 (hybrid score): 0.0524 to 0.3339.
    lo, hi = newcombe_interval(56, 70, 48, 80)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)


def test_two_proportion_z_matches_worked_example() -> None:
    # https://www.usablestats.com/askstats/question/866/ (J. Sauro): 118/3303 vs 80/3303,
    # pooled two-proportion z = 2.742, two-sided p = .0061.
    method, z, p = two_proportion_test(118, 3303, 80, 3303)
    assert method == TEST_CHI2
    assert z == pytest.approx(2.742, abs=5e-4)
    assert p == pytest.approx(0.0061, abs=5e-5)
    _, z2, p2 = two_proportion_test(80, 3303, 118, 3303)
    assert z2 == pytest.approx(-z) and p2 == pytest.approx(p)


def test_sample_size_matches_jmp_example() -> None:
    # JMP 13.2 documentation, "Two Sample Proportions"
    # (https://jmp.com/support/help/13-2/Two_Sample_Proportions.shtml): p1 = 0.08, p2 = 0.06, alpha 0.05 two-sided,
    # power 0.8 -> 2554 per group.
    assert sample_size(0.08, 0.06, alpha=0.05, power=0.8) == 2554
    assert sample_size(0.06, 0.08) == 2554
    assert sample_size(0.05, 0.05) is None


def test_fisher_for_small_counts() -> None:
    method, z, p = two_proportion_test(3, 20, 0, 20)
    assert method == TEST_FISHER and z is None
    assert p == pytest.approx(0.2307692, abs=1e-6)  # scipy.stats.fisher_exact([[3,17],[0,20]])


def test_prob_best_is_reproducible_and_sums_to_one() -> None:
    a = prob_best([(50, 1000), (70, 1000)])
    assert a == prob_best([(50, 1000), (70, 1000)])
    assert sum(a) == pytest.approx(1.0)
    assert a[1] > 0.95
    even = prob_best([(50, 1000), (50, 1000)])
    assert even[0] == pytest.approx(0.5, abs=0.01)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5000), st.data())
def test_wilson_contains_the_estimate(n: int, data) -> None:
    k = data.draw(st.integers(0, n))
    lo, hi = wilson_interval(k, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


# ------------------------------------------------------------ verdicts
def test_verdict_b_wins() -> None:
    res = abtest([("A", 3303, 80), ("B", 3303, 118)])
    assert res.verdict == "B wins"
    assert res.leader == "B"
    (c,) = res.comparisons
    assert c.other == "A" and c.significant
    assert c.diff_low > 0


def test_verdict_a_wins() -> None:
    assert abtest([("A", 3303, 118), ("B", 3303, 80)]).verdict == "A wins"


def test_no_difference_yet_says_how_many_more() -> None:
    res = abtest([("A", 14000, 560), ("B", 14000, 600)])
    assert res.verdict == "no difference yet"
    (c,) = res.comparisons
    assert c.impressions_needed == sample_size(600 / 14000, 560 / 14000)
    assert c.more_impressions == c.impressions_needed - 14000
    assert any("more)" in n for n in res.notes)


def test_equal_rates_no_sample_size() -> None:
    res = abtest([("A", 1000, 50), ("B", 1000, 50)])
    assert res.verdict == "no difference yet"
    assert res.comparisons[0].impressions_needed is None


def test_three_variants_bonferroni() -> None:
    res = abtest([("A", 5000, 200), ("B", 5000, 260), ("C", 5000, 205)])
    assert res.alpha_per_comparison == pytest.approx(0.025)
    assert res.leader == "B" and len(res.comparisons) == 2
    assert res.verdict == "B wins"
    assert "Bonferroni" in res.methods["multiple_variants"]


def test_rows_of_a_variant_are_added_up() -> None:
    res = abtest([("A", 100, 5), ("B", 100, 9), ("A", 200, 10)])
    a = next(v for v in res.variants if v.name == "A")
    assert (a.impressions, a.clicks) == (300, 15)


def test_bad_counts() -> None:
    with pytest.raises(InputError):
        abtest([("A", 100, 120), ("B", 100, 5)])
    with pytest.raises(InputError):
        abtest([("A", 100, 5)])
    with pytest.raises(InputError):
        abtest([("A", 0, 0), ("B", 100, 5)])


# ------------------------------------------------------------ files as exported
def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_gbk_chinese_headers_wan_and_dash(tmp_path: Path) -> None:
    f = write(
        tmp_path / "ab.csv",
        "日期,版本,标题,曝光量,点击量,成交笔数\n"
        "11-01,A,卫衣女宽松,1.2万,480,-\n"
        "11-01,B,卫衣女宽松韩版,\"12,000\",600,12\n",
        "gbk",
    )
    vs = read_results(f)
    assert [(v.name, v.impressions, v.clicks, v.orders) for v in vs] == [("A", 12000, 480, None), ("B", 12000, 600, 12)]
    assert vs[1].title == "卫衣女宽松韩版"


def test_titles_name_variants_and_ctr_column(tmp_path: Path) -> None:
    text = "title,impressions,CTR\nold title,1000,4%\nnew title,1000,5.5%\nold title,500,4.0%\n"
    f = write(tmp_path / "ab.csv", text, "utf-16")
    vs = read_results(f)
    assert [(v.name, v.title, v.impressions, v.clicks) for v in vs] == [
        ("A", "old title", 1500, 60), ("B", "new title", 1000, 55)
    ]


def test_bad_row_is_named(tmp_path: Path) -> None:
    f = write(tmp_path / "ab.csv", "版本,曝光量,点击量\nA,1000,40\nB,abc,50\n")
    with pytest.raises(InputError) as e:
        read_results(f)
    assert (e.value.row, e.value.column) == (3, "曝光量")
    f = write(tmp_path / "ab2.csv", "版本,曝光量,点击量\nA,1000,40\nB,100,500\n")
    with pytest.raises(InputError, match="more clicks"):
        read_results(f)


def test_xlsx_export(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["版本", "展现量", "点击率"], ["A", 10000, "3.5%"], ["B", 10000, 0.05]):
        ws.append(row)
    wb.save(tmp_path / "ab.xlsx")
    res = abtest(tmp_path / "ab.xlsx")
    assert [(v.name, v.clicks) for v in res.variants] == [("A", 350), ("B", 500)]
    assert res.verdict == "B wins"


def test_missing_column(tmp_path: Path) -> None:
    f = write(tmp_path / "ab.csv", "版本,点击量\nA,40\nB,50\n")
    with pytest.raises(InputError, match="no impressions column"):
        read_results(f)


# ------------------------------------------------------------ CLI
def run(*args: str):
    return CliRunner().invoke(main, ["abtest", *args], catch_exceptions=False)


def test_cli_sample() -> None:
    r = run(str(SAMPLE / "loop_abtest.csv"))
    assert r.exit_code == 0, r.output
    assert r.output.startswith("verdict: B wins\n")
    assert "Wilson" in r.output and "Pearson chi-square" in r.output and "P(best)" in r.output


def test_cli_json() -> None:
    r = run(str(SAMPLE / "loop_abtest.csv"), "--format", "json")
    data = json.loads(r.output)
    assert data["verdict"] == "B wins"
    assert {v["name"] for v in data["variants"]} == {"A", "B"}
    assert sum(v["p_best"] for v in data["variants"]) == pytest.approx(1.0)


def test_cli_file_errors_exit_2(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["abtest", str(tmp_path / "nope.csv")])
    assert r.exit_code == 2 and "file not found" in r.output
    f = write(tmp_path / "ab.csv", "版本,曝光量,点击量\nA,1000,40\nB,-,50\n")
    r = CliRunner().invoke(main, ["abtest", f])
    assert r.exit_code == 2 and "row 3" in r.output and "曝光量" in r.output


def test_public_names() -> None:
    import titleopt

    assert callable(titleopt.abtest) and titleopt.abtest([("A", 10, 1), ("B", 10, 2)]).leader == "B"
    assert callable(titleopt.compare_traffic) and callable(titleopt.keyword_opportunities)
