"""Title A/B tests (横向测试): which title gets the higher click-through rate, and how sure we are.

Sellers test two titles (or main images) side by side, on two copies of a
listing or in alternate weeks, and keep the one with the higher CTR. An export
gives, per variant (or per variant and day), impressions (曝光量/展现量),
clicks (点击量) and maybe orders (成交笔数). This module adds them up per
variant and answers with named, library-computed statistics (scipy):

* **CTR per variant** with a **Wilson score interval** (Wilson 1927;
  ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``), which stays
  inside 0..1 and keeps its coverage for small counts, unlike the ±1.96·SE one.
* **The difference** between the leader and each other variant with
  **Newcombe's hybrid score interval** (Newcombe 1998, method 10), built from
  the two Wilson intervals.
* **A two-sided test**: **Pearson's chi-square test on the 2×2 table without
  continuity correction** (``scipy.stats.chi2_contingency(correction=False)``),
  which is the pooled two-proportion z-test (χ² = z²); when an expected cell is
  below 5 the normal approximation fails and **Fisher's exact test**
  (``scipy.stats.fisher_exact``) is used instead. With more than two variants
  the leader must beat every other one at α / (k − 1) (Bonferroni).
* **Probability each variant is best**: each CTR's posterior under a uniform
  prior is Beta(1 + clicks, 1 + impressions − clicks); the share of 100,000
  joint draws (fixed seed, so the answer is reproducible) in which a variant
  has the highest CTR.
* **Impressions needed** per variant to detect the observed difference with
  the chosen power at α (two-sided): the normal-approximation sample size for
  two proportions (Fleiss, Levin & Paik 2003, ch. 4, without continuity
  correction)::

      n = (z₁₋α/₂·√(2·p̄·q̄) + z₁₋β·√(p₁q₁ + p₂q₂))² / (p₁ − p₂)²

* **Verdict**: ``"<leader> wins"`` when the test is significant, otherwise
  ``"no difference yet"`` with how many more impressions each variant needs.
  With variants named A and B that reads "B wins" / "A wins".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .io import missing_column_error, parse_number, read_table, resolve_columns

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "variant": ("版本", "变体", "方案", "测试组", "组别", "分组", "实验组", "variant", "group", "arm", "version"),
    "title": ("标题", "宝贝标题", "商品标题", "创意标题", "创意", "title", "creative"),
    "impressions": (
        "曝光量", "展现量", "曝光", "展现", "曝光次数", "展现次数", "曝光数", "展现数", "搜索曝光量",
        "impressions", "views", "impr",
    ),
    "clicks": ("点击量", "点击数", "点击次数", "点击", "clicks"),
    "ctr": ("点击率", "CTR", "click rate", "click through rate"),
    "orders": ("成交笔数", "支付笔数", "成交订单数", "订单数", "成交", "支付买家数", "orders", "conversions"),
}

DRAWS = 100_000
SEED = 20261204

TEST_CHI2 = "Pearson chi-square on the 2x2 table, no continuity correction (= pooled two-proportion z-test)"
TEST_FISHER = "Fisher's exact test (an expected cell count was below 5)"
SIZE_METHOD = "two-proportion sample size, normal approximation (Fleiss, Levin & Paik 2003, ch. 4)"


@dataclass(frozen=True)
class VariantCounts:
    """What one variant got: impressions, clicks and (when exported) orders."""

    name: str
    impressions: int
    clicks: int
    orders: int | None = None
    title: str = ""


@dataclass(frozen=True)
class VariantResult:
    """One variant's rates with 95% (``confidence``) Wilson intervals and its chance of being best."""

    name: str
    title: str
    impressions: int
    clicks: int
    ctr: float
    ctr_low: float
    ctr_high: float
    p_best: float
    orders: int | None = None
    cvr: float | None = None
    cvr_low: float | None = None
    cvr_high: float | None = None


@dataclass(frozen=True)
class Comparison:
    """The leader against one other variant."""

    other: str
    difference: float
    diff_low: float
    diff_high: float
    relative_lift: float | None
    test: str
    statistic: float | None
    p_value: float
    significant: bool
    impressions_needed: int | None
    more_impressions: int | None


@dataclass(frozen=True)
class ABTestResult:
    """The answer to an A/B test of titles: rates, comparisons, verdict, and how they were computed."""

    variants: list[VariantResult]
    leader: str
    comparisons: list[Comparison]
    verdict: str
    alpha: float
    alpha_per_comparison: float
    power: float
    confidence: float
    methods: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


# ---------------------------------------------------------------- statistics
def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``successes / trials`` (scipy's ``binomtest(...).proportion_ci``).

    >>> [round(x, 4) for x in wilson_interval(81, 263)]   # Newcombe (1998), example (a)
    [0.2553, 0.3662]
    """
    if trials <= 0:
        return (0.0, 1.0)
    from scipy.stats import binomtest

    ci = binomtest(successes, trials).proportion_ci(confidence_level=confidence, method="wilson")
    return (float(ci.low), float(ci.high))


def newcombe_interval(
    c1: int, n1: int, c2: int, n2: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Interval for ``c1/n1 − c2/n2``: Newcombe's hybrid score method (1998, method 10) from Wilson limits."""
    p1, p2 = c1 / n1, c2 / n2
    l1, u1 = wilson_interval(c1, n1, confidence)
    l2, u2 = wilson_interval(c2, n2, confidence)
    d = p1 - p2
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def two_proportion_test(c1: int, n1: int, c2: int, n2: int) -> tuple[str, float | None, float]:
    """Two-sided test of ``c1/n1 = c2/n2``: ``(method, z or None, p-value)``.

    Pearson's chi-square on the 2×2 table without continuity correction (the
    pooled two-proportion z-test, z signed as ``p1 − p2``); Fisher's exact test
    when an expected count is below 5. Both from :mod:`scipy.stats`.
    """
    from scipy.stats import chi2_contingency, fisher_exact

    table = [[c1, n1 - c1], [c2, n2 - c2]]
    total = n1 + n2
    clicks, misses = c1 + c2, total - c1 - c2
    if clicks == 0 or misses == 0:
        return (TEST_CHI2, 0.0, 1.0)  # both rates 0 (or both 1): nothing to tell apart
    expected = min(n * k / total for n in (n1, n2) for k in (clicks, misses))
    if expected < 5:
        return (TEST_FISHER, None, float(fisher_exact(table).pvalue))
    res = chi2_contingency(table, correction=False)
    sign = 1.0 if c1 / n1 >= c2 / n2 else -1.0
    return (TEST_CHI2, sign * math.sqrt(float(res.statistic)), float(res.pvalue))


def sample_size(p1: float, p2: float, *, alpha: float = 0.05, power: float = 0.8) -> int | None:
    """Observations per group to detect ``p1`` vs ``p2`` (two-sided ``alpha``, ``power``); None if equal.

    >>> sample_size(0.08, 0.06)   # JMP's two-sample proportions example: 2554 per group
    2554
    """
    if p1 == p2:
        return None
    from scipy.stats import norm

    za = norm.ppf(1 - alpha / 2)
    zb = norm.ppf(power)
    pbar = (p1 + p2) / 2
    n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2
    return math.ceil(n - 1e-9)


def prob_best(counts: Sequence[tuple[int, int]], *, draws: int = DRAWS, seed: int = SEED) -> list[float]:
    """P(each rate is the highest) under Beta(1 + c, 1 + n − c) posteriors, by Monte Carlo with a fixed seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    samples = np.column_stack([rng.beta(1 + c, 1 + n - c, size=draws) for c, n in counts])
    wins = np.bincount(samples.argmax(axis=1), minlength=len(counts))
    return [float(w) / draws for w in wins]


# ---------------------------------------------------------------- the test
def abtest(
    data: str | Path | Iterable[VariantCounts | Mapping[str, Any] | Sequence[Any]],
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    confidence: float = 0.95,
    draws: int = DRAWS,
    seed: int = SEED,
) -> ABTestResult:
    """Compare the click-through rates of title variants.

    ``data`` is a results file (see :func:`read_results`), or per-variant
    counts: :class:`VariantCounts`, mappings with the file's column names, or
    ``(name, impressions, clicks[, orders])`` tuples. Rows of one variant are
    added up (an export with one row per variant and day). The first variant
    is the control (A). See the module docstring for every method.
    """
    if not 0 < alpha < 1 or not 0 < power < 1 or not 0 < confidence < 1:
        raise InputError("alpha, power and confidence must be between 0 and 1")
    variants = read_results(data) if isinstance(data, (str, Path)) else _from_records(data)
    if len(variants) < 2:
        raise InputError(f"an A/B test needs at least two variants, found {len(variants)}")
    for v in variants:
        if v.impressions == 0:
            raise InputError(f"variant {v.name!r} has no impressions")
    best = prob_best([(v.clicks, v.impressions) for v in variants], draws=draws, seed=seed)
    results = []
    for v, pb in zip(variants, best, strict=True):
        lo, hi = wilson_interval(v.clicks, v.impressions, confidence)
        cvr = cl = ch = None
        if v.orders is not None and v.clicks > 0:
            cvr = v.orders / v.clicks
            cl, ch = wilson_interval(min(v.orders, v.clicks), v.clicks, confidence)
        results.append(
            VariantResult(v.name, v.title, v.impressions, v.clicks, v.clicks / v.impressions, lo, hi, pb,
                          v.orders, cvr, cl, ch)
        )
    lead = max(range(len(variants)), key=lambda i: (results[i].ctr, -i))
    k = len(variants)
    a = alpha / (k - 1)
    L = variants[lead]
    comps = []
    for i, v in enumerate(variants):
        if i == lead:
            continue
        method, stat, p = two_proportion_test(L.clicks, L.impressions, v.clicks, v.impressions)
        lo, hi = newcombe_interval(L.clicks, L.impressions, v.clicks, v.impressions, confidence)
        p1, p2 = results[lead].ctr, results[i].ctr
        need = sample_size(p1, p2, alpha=a, power=power)
        more = None if need is None else max(0, need - min(L.impressions, v.impressions))
        comps.append(
            Comparison(v.name, p1 - p2, lo, hi, (p1 / p2 - 1) if p2 > 0 else None, method, stat, p, p < a, need,
                       more)
        )
    if all(c.significant for c in comps):
        verdict = f"{L.name} wins"
    else:
        verdict = "no difference yet"
    notes = []
    if verdict == "no difference yet":
        weakest = max(comps, key=lambda c: c.p_value)
        if weakest.more_impressions is None:
            notes.append(f"{L.name} and {weakest.other} have the same CTR so far: no sample size detects no difference")
        else:
            notes.append(
                f"to detect the observed difference ({_pp(weakest.difference)}) with power {power:.0%} at "
                f"alpha {a:.3g}, each variant needs about {weakest.impressions_needed:,} impressions "
                f"({weakest.more_impressions:,} more)"
            )
    if any(v.orders is not None for v in variants):
        notes.append("orders are reported (conversion per click) but the verdict is on CTR, what a title changes first")
    methods = {
        "ctr_interval": "Wilson score interval (Wilson 1927), scipy.stats.binomtest(...).proportion_ci('wilson')",
        "difference_interval": "Newcombe hybrid score interval (Newcombe 1998, method 10)",
        "test": comps[0].test if len({c.test for c in comps}) == 1 else f"{TEST_CHI2}; {TEST_FISHER}",
        "multiple_variants": "Bonferroni: alpha / (variants - 1) per comparison with the leader" if k > 2 else "",
        "p_best": f"Beta(1+clicks, 1+impressions-clicks) posteriors, {draws:,} Monte Carlo draws, seed {seed}",
        "sample_size": SIZE_METHOD,
    }
    return ABTestResult(results, L.name, comps, verdict, alpha, a, power, confidence,
                        {k2: v2 for k2, v2 in methods.items() if v2}, notes)


# ---------------------------------------------------------------- input
def read_results(path: str | Path) -> list[VariantCounts]:
    """Read an A/B results export: one row per variant (or per variant and day), summed per variant.

    Needs impressions and clicks (or impressions and 点击率); a variant column,
    else the title names the variant (A, B, … in order of appearance). Counts
    may be written ``1.2万`` or ``18,399``. A bad cell raises
    :class:`InputError` naming file, row and column: a skipped row would
    change the answer silently.
    """
    hint = [a for names in COLUMN_ALIASES.values() for a in names]
    table = read_table(path, header_hint=hint)
    cols = resolve_columns(table.columns, COLUMN_ALIASES)
    if "impressions" not in cols:
        raise missing_column_error(table.file, "impressions", table.columns, COLUMN_ALIASES["impressions"])
    if "clicks" not in cols and "ctr" not in cols:
        raise missing_column_error(table.file, "clicks", table.columns, COLUMN_ALIASES["clicks"] + ("点击率",))
    if "variant" not in cols and "title" not in cols:
        raise missing_column_error(table.file, "variant (or title)", table.columns,
                                   COLUMN_ALIASES["variant"] + COLUMN_ALIASES["title"])
    sums: dict[str, list[Any]] = {}
    names_by_title: dict[str, str] = {}
    for rownum, row in table.rows:
        if row.get("__error__"):
            raise InputError(row["__error__"], file=table.file, row=rownum)
        title = row.get(cols["title"], "").strip() if "title" in cols else ""
        name = row.get(cols["variant"], "").strip() if "variant" in cols else ""
        if not name:
            if not title:
                if not any(str(v).strip() for v in row.values()):
                    continue
                col = cols.get("variant", cols.get("title"))
                raise InputError("no variant name or title", file=table.file, row=rownum, column=col)
            name = names_by_title.setdefault(title, _letter(len(names_by_title)))
        impr = _count(row, cols, "impressions", table.file, rownum, required=True)
        if "clicks" in cols and row.get(cols["clicks"], "").strip() not in ("", "-", "--"):
            clicks = _count(row, cols, "clicks", table.file, rownum, required=True)
        else:
            ctr = _rate(row, cols, table.file, rownum)
            clicks = round(impr * ctr)
        if clicks > impr:
            raise InputError(f"more clicks ({clicks}) than impressions ({impr})", file=table.file, row=rownum,
                             column=cols.get("clicks", cols.get("ctr")))
        orders = _count(row, cols, "orders", table.file, rownum, required=False) if "orders" in cols else None
        s = sums.setdefault(name, [0, 0, None, title])
        s[0] += impr
        s[1] += clicks
        if orders is not None:
            s[2] = (s[2] or 0) + orders
        if title and not s[3]:
            s[3] = title
    return [VariantCounts(n, int(s[0]), int(s[1]), s[2], s[3]) for n, s in sums.items()]


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"V{i + 1}"


def _count(row: Mapping[str, str], cols: Mapping[str, str], fld: str, file: str, rownum: int, *,
           required: bool) -> int | None:
    col = cols[fld]
    cell = row.get(col, "")
    try:
        x = parse_number(cell)
    except ValueError:
        raise InputError(f"not a number: {cell!r}", file=file, row=rownum, column=col) from None
    if x is None:
        if required:
            raise InputError(f"no {fld} count", file=file, row=rownum, column=col)
        return None
    if x < 0 or math.isinf(x) or abs(x - round(x)) > 1e-6 * max(1.0, x):
        raise InputError(f"{fld} must be a whole number of at least 0, got {cell!r}", file=file, row=rownum,
                         column=col)
    return round(x)


def _rate(row: Mapping[str, str], cols: Mapping[str, str], file: str, rownum: int) -> float:
    col = cols.get("ctr")
    cell = row.get(col, "") if col else ""
    try:
        x = parse_number(cell) if col else None
    except ValueError:
        raise InputError(f"not a number: {cell!r}", file=file, row=rownum, column=col) from None
    if x is None:
        raise InputError("no clicks and no 点击率", file=file, row=rownum, column=cols.get("clicks", col))
    if x > 1:
        x /= 100.0  # '4.2' in a rate column written without '%'
    if not 0 <= x <= 1:
        raise InputError(f"rate out of range: {cell!r}", file=file, row=rownum, column=col)
    return x


def _from_records(records: Iterable[VariantCounts | Mapping[str, Any] | Sequence[Any]]) -> list[VariantCounts]:
    sums: dict[str, VariantCounts] = {}
    for i, rec in enumerate(records, start=1):
        if isinstance(rec, VariantCounts):
            v = rec
        elif isinstance(rec, Mapping):
            cols = resolve_columns(list(rec), COLUMN_ALIASES)
            row = {c: str(rec[c]) for c in cols.values()}
            name = row.get(cols.get("variant", ""), "") or row.get(cols.get("title", ""), "") or _letter(i - 1)
            impr = _count(row, cols, "impressions", "records", i, required=True) if "impressions" in cols else None
            if impr is None:
                raise InputError("no impressions", file="records", row=i)
            clicks = (_count(row, cols, "clicks", "records", i, required=True) if "clicks" in cols
                      else round(impr * _rate(row, cols, "records", i)))
            orders = _count(row, cols, "orders", "records", i, required=False) if "orders" in cols else None
            v = VariantCounts(name, impr, int(clicks or 0), orders, row.get(cols.get("title", ""), ""))
        else:
            seq = list(rec)
            if len(seq) < 3:
                raise InputError("a variant needs (name, impressions, clicks[, orders])", file="records", row=i)
            v = VariantCounts(str(seq[0]), int(seq[1]), int(seq[2]), None if len(seq) < 4 else int(seq[3]))
        if v.impressions < 0 or v.clicks < 0 or v.clicks > v.impressions:
            raise InputError(f"variant {v.name!r}: clicks must be between 0 and the impressions", file="records",
                             row=i)
        prev = sums.get(v.name)
        if prev is not None:
            orders = None if prev.orders is None and v.orders is None else (prev.orders or 0) + (v.orders or 0)
            v = VariantCounts(v.name, prev.impressions + v.impressions, prev.clicks + v.clicks, orders,
                              prev.title or v.title)
        sums[v.name] = v
    return list(sums.values())


# ---------------------------------------------------------------- output
def format_abtest(res: ABTestResult) -> str:
    """A readable summary (the CLI's text output)."""
    pct = f"{res.confidence:.0%}"
    out = [f"verdict: {res.verdict}"]
    for v in res.variants:
        line = (f"  {v.name}: CTR {v.ctr:.2%} ({pct} CI {v.ctr_low:.2%}–{v.ctr_high:.2%}), "
                f"{v.clicks:,} clicks / {v.impressions:,} impressions, P(best) {v.p_best:.1%}")
        if v.cvr is not None:
            line += f", conversion {v.cvr:.2%} ({v.orders:,} orders)"
        out.append(line)
        if v.title:
            out.append(f"     {v.title}")
    for c in res.comparisons:
        stat = f"z = {c.statistic:.2f}, " if c.statistic is not None else ""
        lift = f" ({c.relative_lift:+.1%} relative)" if c.relative_lift is not None else ""
        out.append(
            f"  {res.leader} − {c.other}: {_pp(c.difference)}{lift}, {pct} CI {_pp(c.diff_low)} to {_pp(c.diff_high)}; "
            f"{stat}p = {c.p_value:.4g} (alpha {res.alpha_per_comparison:.3g})"
        )
    out += [f"  note: {n}" for n in res.notes]
    out.append("  methods:")
    out += [f"    {k}: {v}" for k, v in res.methods.items()]
    return "\n".join(out)


def _pp(d: float) -> str:
    """A difference of two rates in percentage points."""
    return f"{d * 100:+.2f} pp"
