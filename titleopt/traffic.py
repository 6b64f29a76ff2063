"""Before/after: did the new titles bring more search traffic, or did the whole shop move?

Sellers compare two item-level exports of 生意参谋 → 品类 → 商品效果 (宝贝ID,
访客数, 浏览量, 搜索引导访客数, 点击率, 支付转化率 …) from a period before and a
period after the rewrite. Traffic moves for many reasons (season, a 大促, the
shop's ads), so one item's rise proves nothing and a shop-wide rise is not the
title's doing. This module:

* measures each item's change in **search visitors** (搜索引导访客数; 访客数 when
  the export has no search column, and it says so) and in **CTR** (clicks ÷
  impressions, when the export has impressions);
* takes the **shop-wide trend** from the items whose title did *not* change
  (after ÷ before of their summed visitors; the ``days_after / days_before``
  ratio when every item changed), and flags an item whose visitors moved more
  than that trend and chance explain: the **exact conditional test for two
  Poisson counts** (Przyborowski & Wilenski 1940): given ``before + after``,
  ``after`` is binomial with ``p = trend / (1 + trend)`` under "the item moved
  with the shop" (``scipy.stats.binomtest``). A CTR change is tested with the
  two-proportion test of :mod:`titleopt.ab_test` on the clicks and impressions;
* controls the false flags among many items with the **Benjamini–Hochberg**
  procedure (``scipy.stats.false_discovery_control``): an item is flagged
  when its q-value is below ``alpha``;
* joins what each rewrite changed (``--changes``: the rewrite output, with
  new_title, added, removed) and summarizes **changed vs unchanged** items,
  difference-in-differences style: the mean per-item change in search
  visitors of changed items minus that of unchanged items, with Welch's
  t-test (``scipy.stats.ttest_ind(equal_var=False)``), and the summed change
  of each group.

Bad cells do not stop the run: the item keeps its row with an ``error`` naming
the file, row and column, and is left out of the statistics. A file without an
item-ID column, or without any traffic column, is a file-level error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .ab_test import two_proportion_test
from .errors import InputError
from .io import missing_column_error, parse_number, read_table, resolve_columns
from .normalize import normalize_term

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "item_id": ("宝贝ID", "商品ID", "宝贝id", "商品id", "item id", "itemid", "num_iid", "ASIN", "(Child) ASIN", "ID"),
    "title": ("商品标题", "宝贝标题", "商品名称", "宝贝名称", "标题", "title", "product title"),
    "search_visitors": (
        "搜索引导访客数", "搜索访客数", "搜索引导的访客数", "自然搜索访客数", "手淘搜索访客数", "search visitors",
    ),
    "visitors": ("访客数", "商品访客数", "UV", "visitors", "sessions"),
    "pageviews": ("浏览量", "商品浏览量", "PV", "pageviews", "page views"),
    "impressions": ("搜索曝光量", "曝光量", "展现量", "商品曝光量", "曝光", "impressions"),
    "clicks": ("搜索点击量", "点击量", "点击次数", "点击人数", "clicks"),
    "ctr": ("搜索点击率", "点击率", "CTR", "click rate"),
    "cvr": ("支付转化率", "转化率", "CVR", "conversion rate"),
}

CHANGE_ALIASES: dict[str, tuple[str, ...]] = {
    "item_id": COLUMN_ALIASES["item_id"],
    "title": ("宝贝标题", "商品标题", "标题", "title", "商品名称"),
    "new_title": ("new_title", "新标题"),
    "added": ("added", "新增词"),
    "removed": ("removed", "删除词"),
}

VISITORS_TEST = "exact conditional test for two Poisson counts (Przyborowski & Wilenski 1940), scipy.stats.binomtest"
FDR = "Benjamini-Hochberg, scipy.stats.false_discovery_control"
DID_TEST = "Welch's t-test on per-item changes, scipy.stats.ttest_ind(equal_var=False)"

#: Columns of the per-item output, in order.
COLUMNS = (
    "item_id", "changed", "title_before", "title_after", "added", "removed",
    "visitors_before", "visitors_after", "visitors_change", "visitors_expected", "visitors_p", "visitors_q",
    "visitors_flag", "ctr_before", "ctr_after", "ctr_change_pp", "ctr_p", "ctr_q", "ctr_flag",
    "cvr_before", "cvr_after", "error",
)


@dataclass
class _Period:
    """One item's numbers in one export."""

    row: int
    title: str = ""
    visitors: float | None = None
    impressions: float | None = None
    clicks: float | None = None
    ctr: float | None = None
    cvr: float | None = None
    error: str = ""


@dataclass(frozen=True)
class ItemChange:
    """One item before and after, with its tests."""

    item_id: str
    changed: bool | None
    title_before: str
    title_after: str
    added: str
    removed: str
    visitors_before: float | None
    visitors_after: float | None
    visitors_expected: float | None
    visitors_p: float | None
    visitors_q: float | None
    visitors_flag: str
    ctr_before: float | None
    ctr_after: float | None
    ctr_p: float | None
    ctr_q: float | None
    ctr_flag: str
    cvr_before: float | None
    cvr_after: float | None
    error: str

    @property
    def visitors_change(self) -> float | None:
        if self.visitors_before is None or self.visitors_after is None:
            return None
        return self.visitors_after - self.visitors_before

    def as_row(self) -> dict[str, str]:
        """The item as text cells."""
        ctr_pp = None
        if self.ctr_before is not None and self.ctr_after is not None:
            ctr_pp = (self.ctr_after - self.ctr_before) * 100
        return {
            "item_id": self.item_id,
            "changed": {True: "yes", False: "no", None: ""}[self.changed],
            "title_before": self.title_before,
            "title_after": self.title_after,
            "added": self.added,
            "removed": self.removed,
            "visitors_before": _num(self.visitors_before),
            "visitors_after": _num(self.visitors_after),
            "visitors_change": _num(self.visitors_change),
            "visitors_expected": _num(None if self.visitors_expected is None else round(self.visitors_expected, 1)),
            "visitors_p": _p(self.visitors_p),
            "visitors_q": _p(self.visitors_q),
            "visitors_flag": self.visitors_flag,
            "ctr_before": _pct(self.ctr_before),
            "ctr_after": _pct(self.ctr_after),
            "ctr_change_pp": "" if ctr_pp is None else f"{ctr_pp:+.2f}",
            "ctr_p": _p(self.ctr_p),
            "ctr_q": _p(self.ctr_q),
            "ctr_flag": self.ctr_flag,
            "cvr_before": _pct(self.cvr_before),
            "cvr_after": _pct(self.cvr_after),
            "error": self.error,
        }


@dataclass(frozen=True)
class GroupSummary:
    """Changed or unchanged items taken together."""

    items: int
    visitors_before: float
    visitors_after: float
    visitors_change_pct: float | None
    mean_change: float | None
    ctr_before: float | None
    ctr_after: float | None


@dataclass(frozen=True)
class Comparison:
    """The whole before/after comparison."""

    items: list[ItemChange]
    changed: GroupSummary | None
    unchanged: GroupSummary | None
    trend: float
    trend_source: str
    did: float | None
    did_p: float | None
    beyond_trend_pct: float | None
    verdict: str
    visitors_column: str
    alpha: float
    methods: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (each item as its text row)."""
        d = asdict(self)
        d["items"] = [i.as_row() for i in self.items]
        return d


# ---------------------------------------------------------------- reading
def read_traffic(path: str | Path) -> tuple[dict[str, _Period], dict[str, str], str]:
    """Items of one traffic export: ``(item_id -> numbers, resolved columns, file)``.

    Numbers may be written ``1.2万``, ``18,399``, ``3.2%`` or ``-`` (no data:
    the cell is empty). A bad cell becomes the item's ``error`` (file, row,
    column); the item is kept.
    """
    hint = [a for names in COLUMN_ALIASES.values() for a in names]
    table = read_table(path, header_hint=hint)
    cols = resolve_columns(table.columns, COLUMN_ALIASES)
    if "item_id" not in cols:
        raise missing_column_error(table.file, "item ID", table.columns, COLUMN_ALIASES["item_id"])
    if "search_visitors" not in cols and "visitors" not in cols:
        raise missing_column_error(table.file, "visitors", table.columns,
                                   COLUMN_ALIASES["search_visitors"] + COLUMN_ALIASES["visitors"])
    vis_field = "search_visitors" if "search_visitors" in cols else "visitors"
    items: dict[str, _Period] = {}
    for rownum, row in table.rows:
        if row.get("__error__"):
            items[f"(row {rownum})"] = _Period(rownum, error=f"{table.file}, row {rownum}: {row['__error__']}")
            continue
        item = _item_id(row.get(cols["item_id"], ""))
        if not item:
            if any(str(v).strip() for v in row.values()):
                items[f"(row {rownum})"] = _Period(
                    rownum, error=f"{table.file}, row {rownum}, column {cols['item_id']!r}: no item ID"
                )
            continue
        p = _Period(rownum, title=row.get(cols.get("title", ""), "").strip())
        errors = []
        for fld, attr in ((vis_field, "visitors"), ("impressions", "impressions"), ("clicks", "clicks"),
                          ("ctr", "ctr"), ("cvr", "cvr")):
            if fld not in cols:
                continue
            cell = row.get(cols[fld], "")
            try:
                x = parse_number(cell)
                if x is not None and (x < 0 or math.isinf(x)):
                    raise ValueError
            except ValueError:
                errors.append(f"{table.file}, row {rownum}, column {cols[fld]!r}: not a count or rate: {cell!r}")
                continue
            if x is not None and attr in ("ctr", "cvr"):
                x = x / 100.0 if x > 1 else x
            setattr(p, attr, x)
        if item in items:
            errors.append(f"{table.file}, row {rownum}: item listed twice (also row {items[item].row})")
        p.error = "; ".join(errors)
        items[item] = p if item not in items else _merge_dup(items[item], p)
    if vis_field == "visitors":
        cols = {**cols, "search_visitors": ""}
    return items, cols, table.file


def _merge_dup(first: _Period, dup: _Period) -> _Period:
    first.error = "; ".join(e for e in (first.error, dup.error) if e)
    return first


def _item_id(cell: str) -> str:
    s = str(cell).strip().lstrip("'")
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]  # an ID Excel stored as a number
    return s


def read_changes(path: str | Path) -> dict[str, dict[str, str]]:
    """What a rewrite changed, per item: the rewrite output (item ID, new_title, added, removed)."""
    table = read_table(path, header_hint=[a for names in CHANGE_ALIASES.values() for a in names])
    cols = resolve_columns(table.columns, CHANGE_ALIASES)
    if "item_id" not in cols:
        raise missing_column_error(table.file, "item ID", table.columns, CHANGE_ALIASES["item_id"])
    if "new_title" not in cols and "added" not in cols and "removed" not in cols:
        raise missing_column_error(table.file, "new_title (or added/removed)", table.columns,
                                   CHANGE_ALIASES["new_title"] + CHANGE_ALIASES["added"])
    out: dict[str, dict[str, str]] = {}
    for _rownum, row in table.rows:
        item = _item_id(row.get(cols["item_id"], ""))
        if not item:
            continue
        rec = {f: row.get(c, "").strip() for f, c in cols.items()}
        new, old = rec.get("new_title", ""), rec.get("title", "")
        if new and old:
            differs = _same(new) != _same(old)
        else:
            differs = bool(new) and not old
        rec["changed"] = "yes" if differs or rec.get("added") or rec.get("removed") else "no"
        out[item] = rec
    return out


def _same(title: str) -> str:
    return normalize_term(title).replace(" ", "")


# ---------------------------------------------------------------- comparing
def compare(
    before: str | Path,
    after: str | Path,
    *,
    changes: str | Path | None = None,
    alpha: float = 0.05,
    days_before: float = 1.0,
    days_after: float = 1.0,
) -> Comparison:
    """Compare two item-level traffic exports; see the module docstring for every method.

    An item counts as changed when its title differs between the two exports
    (when both have a title column: what buyers saw decides, so rewrite rows
    the seller did not apply count as unchanged); otherwise when ``changes``
    (the rewrite output) gives it a new title or added/removed words.
    ``changes`` also says what each rewrite added and removed.
    """
    from scipy.stats import binomtest, false_discovery_control, ttest_ind

    if not 0 < alpha < 1:
        raise InputError(f"alpha must be between 0 and 1, got {alpha}")
    if days_before <= 0 or days_after <= 0:
        raise InputError("--days-before and --days-after must be positive")
    b_items, b_cols, b_file = read_traffic(before)
    a_items, a_cols, a_file = read_traffic(after)
    notes: list[str] = []
    vis_col = "search visitors"
    if not b_cols.get("search_visitors") or not a_cols.get("search_visitors"):
        vis_col = "visitors"
        notes.append("no 搜索引导访客数 column in both exports: all visitors (访客数) are compared instead")
    ch = read_changes(changes) if changes else None
    titles_known = "title" in b_cols and "title" in a_cols
    if ch is None and not titles_known:
        notes.append("no --changes and no title column in both exports: items cannot be told changed or unchanged")
    ids = list(b_items) + [i for i in a_items if i not in b_items]
    rows: list[dict[str, Any]] = []
    disagree = 0
    for item in ids:
        b, a = b_items.get(item), a_items.get(item)
        errs = [p.error for p in (b, a) if p is not None and p.error]
        if b is None:
            errs.append(f"only in {a_file}")
        if a is None:
            errs.append(f"only in {b_file}")
        rec = (ch or {}).get(item, {})
        changed: bool | None = None
        if titles_known and b is not None and a is not None and b.title and a.title:
            changed = _same(b.title) != _same(a.title)  # what the buyer saw decides
            if ch is not None and changed != (rec.get("changed") == "yes"):
                disagree += 1
        elif ch is not None:
            changed = rec.get("changed") == "yes"
        ok = not errs
        rows.append({
            "item": item, "b": b, "a": a, "changed": changed, "rec": rec, "error": "; ".join(errs), "ok": ok,
        })

    if disagree:
        notes.append(f"{disagree} item(s) changed in one source only (--changes vs the titles in the exports): "
                     "the exports' titles decide, since they are what buyers saw")

    def usable(r: dict[str, Any]) -> bool:
        return r["ok"] and r["b"].visitors is not None and r["a"].visitors is not None

    unchanged_rows = [r for r in rows if usable(r) and r["changed"] is False]
    ub = sum(r["b"].visitors for r in unchanged_rows)
    ua = sum(r["a"].visitors for r in unchanged_rows)
    if unchanged_rows and ub > 0 and ua > 0:
        trend, trend_source = ua / ub, f"unchanged items ({len(unchanged_rows)}): {ub:,.0f} → {ua:,.0f} visitors"
    else:
        trend = days_after / days_before
        trend_source = f"period lengths ({days_after:g} / {days_before:g} days): no unchanged items with visitors"
        notes.append("no unchanged items to measure the shop-wide trend: items are tested against no change")
    # per-item tests
    vp: dict[int, float] = {}
    cp: dict[int, float] = {}
    for k, r in enumerate(rows):
        if not usable(r):
            continue
        b, a = r["b"], r["a"]
        nb, na = round(b.visitors), round(a.visitors)
        if nb + na > 0:
            vp[k] = float(binomtest(na, nb + na, trend / (1 + trend)).pvalue)
        cb, ca = _clicks(b), _clicks(a)
        if cb is not None and ca is not None and b.impressions and a.impressions:
            cp[k] = two_proportion_test(ca, round(a.impressions), cb, round(b.impressions))[2]
    vq = _bh(vp, false_discovery_control)
    cq = _bh(cp, false_discovery_control)
    items: list[ItemChange] = []
    for k, r in enumerate(rows):
        b, a, rec = r["b"], r["a"], r["rec"]
        expected = b.visitors * trend if usable(r) else None
        vflag = ""
        if k in vq and vq[k] < alpha:
            vflag = "up beyond the trend" if a.visitors > expected else "down beyond the trend"
        ctr_b, ctr_a = (_ctr(b) if b else None), (_ctr(a) if a else None)
        cflag = ""
        if k in cq and cq[k] < alpha and ctr_a is not None and ctr_b is not None:
            cflag = "up beyond chance" if ctr_a > ctr_b else "down beyond chance"
        items.append(
            ItemChange(
                item_id=r["item"],
                changed=r["changed"],
                title_before=(b.title if b else "") or rec.get("title", ""),
                title_after=(a.title if a else "") or (rec.get("new_title", "") if r["changed"] else ""),
                added=rec.get("added", ""),
                removed=rec.get("removed", ""),
                visitors_before=b.visitors if b else None,
                visitors_after=a.visitors if a else None,
                visitors_expected=expected,
                visitors_p=vp.get(k),
                visitors_q=vq.get(k),
                visitors_flag=vflag,
                ctr_before=ctr_b,
                ctr_after=ctr_a,
                ctr_p=cp.get(k),
                ctr_q=cq.get(k),
                ctr_flag=cflag,
                cvr_before=b.cvr if b else None,
                cvr_after=a.cvr if a else None,
                error=r["error"],
            )
        )
    # summary
    good = [(it, r) for it, r in zip(items, rows, strict=True) if usable(r)]
    groups = {
        flag: _group([it for it, r in good if r["changed"] is flag], [r for _, r in good if r["changed"] is flag])
        for flag in (True, False)
    }
    chg, unc = groups[True], groups[False]
    did = did_p = beyond = None
    if chg and unc and chg.mean_change is not None and unc.mean_change is not None:
        did = chg.mean_change - unc.mean_change
        xs = [it.visitors_change for it, r in good if r["changed"] is True]
        ys = [it.visitors_change for it, r in good if r["changed"] is False]
        if len(xs) >= 2 and len(ys) >= 2:
            t = ttest_ind(xs, ys, equal_var=False)
            did_p = float(t.pvalue) if not math.isnan(t.pvalue) else None
        if chg.visitors_change_pct is not None and unc.visitors_change_pct is not None:
            beyond = (1 + chg.visitors_change_pct) / (1 + unc.visitors_change_pct) - 1
    verdict = _verdict(chg, unc, did, did_p, beyond, alpha, vis_col)
    methods = {
        "item_visitors": f"{VISITORS_TEST}; null: the item moved with the trend ({trend:.3f}x)",
        "item_ctr": "two-proportion test on clicks / impressions (see titleopt.ab_test)",
        "multiple_items": f"{FDR}; flagged when q < {alpha:g}",
        "changed_vs_unchanged": f"difference in mean per-item change (difference-in-differences); {DID_TEST}",
    }
    if not any(it.ctr_before is not None and it.ctr_after is not None for it in items):
        notes.append("no impressions with clicks or 点击率 in both exports: CTR is not compared")
    elif not cp:
        notes.append("点击率 without impressions: CTR changes are shown but cannot be tested")
    return Comparison(items, chg, unc, trend, trend_source, did, did_p, beyond, verdict, vis_col, alpha, methods,
                      notes)


#: The public name (``titleopt.compare_traffic``).
compare_traffic = compare


def _bh(pvals: Mapping[int, float], fdc: Any) -> dict[int, float]:
    if not pvals:
        return {}
    keys = list(pvals)
    qs = fdc([pvals[k] for k in keys])
    return {k: float(q) for k, q in zip(keys, qs, strict=True)}


def _clicks(p: _Period) -> int | None:
    if p.clicks is not None:
        return round(p.clicks)
    if p.ctr is not None and p.impressions:
        return round(p.impressions * p.ctr)
    return None


def _ctr(p: _Period) -> float | None:
    if p.clicks is not None and p.impressions:
        return p.clicks / p.impressions
    return p.ctr


def _group(items: list[ItemChange], rows: list[dict[str, Any]]) -> GroupSummary | None:
    if not items:
        return None
    vb = sum(i.visitors_before or 0 for i in items)
    va = sum(i.visitors_after or 0 for i in items)
    changes = [i.visitors_change for i in items if i.visitors_change is not None]
    imp_b = sum(r["b"].impressions or 0 for r in rows if _clicks(r["b"]) is not None)
    imp_a = sum(r["a"].impressions or 0 for r in rows if _clicks(r["a"]) is not None)
    clk_b = sum(_clicks(r["b"]) or 0 for r in rows if r["b"].impressions)
    clk_a = sum(_clicks(r["a"]) or 0 for r in rows if r["a"].impressions)
    return GroupSummary(
        items=len(items),
        visitors_before=vb,
        visitors_after=va,
        visitors_change_pct=(va / vb - 1) if vb > 0 else None,
        mean_change=sum(changes) / len(changes) if changes else None,
        ctr_before=clk_b / imp_b if imp_b else None,
        ctr_after=clk_a / imp_a if imp_a else None,
    )


def _verdict(chg, unc, did, did_p, beyond, alpha, vis_col) -> str:
    if chg is None:
        return "no changed item to judge"
    if unc is None:
        return "no unchanged item to compare with: a shop-wide trend cannot be told from the titles' effect"
    if did is None or did_p is None:
        return "too few items in a group to test the difference"
    pct = f" ({beyond:+.1%} beyond the shop-wide trend)" if beyond is not None else ""
    if did_p < alpha:
        word = "gained" if did > 0 else "lost"
        return (f"changed items {word} {abs(did):,.1f} {vis_col} per item more than unchanged ones{pct}; "
                f"p = {did_p:.3g}: the new titles made a difference")
    return (f"changed items moved {did:+,.1f} {vis_col} per item relative to unchanged ones{pct}; "
            f"p = {did_p:.3g}: no difference beyond the shop-wide trend yet")


# ---------------------------------------------------------------- output
def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def _words(cell: str) -> str:
    """A rewrite's added/removed cell without its reasons: ``韩版 (completes …); 纯棉 (…)`` -> ``韩版 纯棉``."""
    return " ".join(part.split(" (", 1)[0].strip() for part in cell.split("; ") if part.strip())


def _p(x: float | None) -> str:
    return "" if x is None else f"{x:.3g}"


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x:.2%}"


def format_comparison(c: Comparison, *, rows: int = 20) -> str:
    """A readable summary (the CLI's text output); the per-item table goes to ``-o``."""
    out = [f"verdict: {c.verdict}"]
    out.append(f"  shop-wide trend: {c.trend:.3f}x, from {c.trend_source}")
    for name, g in (("changed", c.changed), ("unchanged", c.unchanged)):
        if g is None:
            continue
        pct = f" ({g.visitors_change_pct:+.1%})" if g.visitors_change_pct is not None else ""
        ctr = ""
        if g.ctr_before is not None and g.ctr_after is not None:
            ctr = f"; CTR {g.ctr_before:.2%} → {g.ctr_after:.2%}"
        out.append(f"  {name}: {g.items} items, {c.visitors_column} {g.visitors_before:,.0f} → "
                   f"{g.visitors_after:,.0f}{pct}, mean change {g.mean_change:+,.1f} per item{ctr}")
    flagged = [i for i in c.items if i.visitors_flag or i.ctr_flag]
    if flagged:
        out.append(f"  items beyond chance (q < {c.alpha:g}):")
        for i in flagged[:rows]:
            r = i.as_row()
            what = []
            if i.visitors_flag:
                what.append(f"{c.visitors_column} {r['visitors_before']} → {r['visitors_after']} "
                            f"(expected {r['visitors_expected']}) {i.visitors_flag}")
            if i.ctr_flag:
                what.append(f"CTR {r['ctr_before']} → {r['ctr_after']} {i.ctr_flag}")
            tag = "changed" if i.changed else "unchanged" if i.changed is False else "?"
            added = f"; added {_words(i.added)}" if i.added else ""
            out.append(f"    {i.item_id} [{tag}] {'; '.join(what)}{added}")
        if len(flagged) > rows:
            out.append(f"    … {len(flagged) - rows} more (-o FILE has every item)")
    errors = [i for i in c.items if i.error]
    if errors:
        out.append(f"  {len(errors)} item(s) left out of the statistics:")
        out += [f"    {i.item_id}: {i.error}" for i in errors[:rows]]
    out += [f"  note: {n}" for n in c.notes]
    out.append("  methods:")
    out += [f"    {k}: {v}" for k, v in c.methods.items()]
    return "\n".join(out)


def write_items(c: Comparison, path: str) -> None:
    """Write the per-item table (:data:`COLUMNS`) atomically; format by extension."""
    from .io import write_table

    write_table(path, COLUMNS, (i.as_row() for i in c.items))
