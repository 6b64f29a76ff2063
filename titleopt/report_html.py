"""One self-contained HTML file to review a run: ``--report report.html``.

Sellers review rewrites before uploading them, and a CSV with a ``findings``
cell is a poor place to do it. This module turns results (rewrites,
analyses, lint runs, short titles) into one HTML page that opens from disk
with no network: styles and script are inline, the data sits in a
``<script type="application/json">`` block, and the page renders 50 listings
at a time on the client, so 20,000 rows stay usable (the file grows by about
0.5-1 KB per row; see the README).

Two rules shape the code:

* **Spans are computed here, in Python, on the original title.** Matching
  happens on normalized text (full width folded, Traditional simplified);
  :class:`~titleopt.normalize.NormalizedText` maps each normalized character
  back to the seller's own character, so a highlight sits on ``連帽衛衣`` or
  ``Ｔ恤`` exactly where the covered root ``连帽卫衣`` / ``t恤`` was found. The
  page never searches strings itself. Offsets are Python code points; the
  script slices with ``Array.from`` so astral characters (emoji) do not shift them.
* **Nothing from a title is ever parsed as HTML.** Text parts rendered here
  go through :func:`html.escape`; the JSON block escapes ``<``, ``>`` and
  ``&``; the script builds nodes with ``textContent`` only. A Content
  Security Policy allows only the page's own script (by its hash), so even an
  escaping mistake could not run an injected handler or load anything.

Records are plain dicts with short keys (they are repeated 20,000 times in
the file); build them with :func:`rewrite_record`, :func:`analysis_record`,
:func:`lint_record`, :func:`shorten_record` or :func:`error_record`, collect
them with :class:`ReportCollector`, or call :func:`html_report` on a list of
result models.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import hashlib
import html
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import Finding, RewriteResult, TitleReport
from .normalize import MAX_TITLE_CHARS, NormalizedText, normalize, normalize_term

Record = dict[str, Any]
Spans = list[list[int]]

#: Missing keywords kept per listing (the page shows them; the run totals rank them).
MISSING_PER_ROW = 5
#: Listings per page in the browser.
PAGE_SIZE = 50
#: Columns that hold a listing's id, exported with the accepted titles (matched case-insensitively).
ID_ALIASES: tuple[str, ...] = ("宝贝id", "商品id", "item_id", "itemid", "id", "sku", "asin", "商品编码", "货号")

KINDS = ("rewrite", "analyze", "lint", "shorten")


# ===================================================================== spans
def _merge(spans: Iterable[tuple[int, int]]) -> Spans:
    """Sorted, non-overlapping ``[start, end]`` pairs covering the same characters."""
    out: Spans = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:  # overlapping; touching spans stay apart (one mark per root)
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


class TitleSpans:
    """A title's normalized form and term positions, to place spans on its original characters."""

    def __init__(self, title: str, segmenter: Any = None) -> None:
        self.title = title
        self.ok = bool(title) and len(title) <= MAX_TITLE_CHARS
        self.norm: NormalizedText | None = normalize(title) if self.ok else None
        self.occ: Mapping[str, list[tuple[int, int]]] = {}
        if self.norm is not None and segmenter is not None:
            from .terms import title_terms

            self.occ = title_terms(self.norm, segmenter).occurrences

    def find(self, term: str) -> list[tuple[int, int]]:
        """Original spans of every occurrence of ``term`` (any form: it is normalized first).

        Where the segmenter saw the term as a word (or a sub-word, or joined
        neighbours) those positions are used, so ``女`` is found as the word
        it is; otherwise the normalized text is searched, never the original.
        """
        if self.norm is None or not term:
            return []
        t = normalize_term(term)
        if not t:
            return []
        spans = self.occ.get(t)
        if not spans:
            spans = []
            text = self.norm.text
            i = text.find(t)
            while i >= 0:
                spans.append((i, i + len(t)))
                i = text.find(t, i + len(t))
        return [self.norm.original_span(s, e) for s, e in spans]

    def find_all(self, terms: Iterable[str]) -> Spans:
        return _merge(sp for t in terms for sp in self.find(t))


def _changed_spans(here: TitleSpans, there: TitleSpans, terms: Iterable[str]) -> Spans:
    """Spans of words added to (or removed from) ``here``, compared with ``there``.

    A word that occurs in both titles (a repeat was dropped, a word moved and
    was re-added) is marked only for its surplus occurrences, the last ones.
    """
    out: list[tuple[int, int]] = []
    for term in terms:
        mine = sorted(set(here.find(term)))
        theirs = there.find(term)
        surplus = len(mine) - len(theirs)
        if surplus > 0:
            out += mine[-surplus:]
        elif not theirs:
            out += mine
    return _merge(out)


def _finding(f: Finding) -> list[Any]:
    s, e = f.span if f.span is not None else (-1, -1)
    return [f.code, f.severity, f.message, s, e, f.name]


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


# =================================================================== records
def rewrite_record(
    res: RewriteResult,
    *,
    before: TitleReport | None = None,
    after: TitleReport | None = None,
    segmenter: Any = None,
) -> Record:
    """A rewrite as a report record.

    ``before`` / ``after`` are analyses of the old and the new title (with
    ``lint=False``): their covered keywords are highlighted and
    ``after.missing`` feeds the "still missing" ranking. ``after`` alone is
    enough: the old title is then checked against the keywords ``after``
    found relevant to the listing (covered, partial, missing), which costs
    a dictionary lookup per root instead of a second analysis. Without
    either, only the changes and protected words are marked.
    """
    old, new = TitleSpans(res.original, segmenter), TitleSpans(res.best, segmenter)
    best = res.candidates[0] if res.candidates else None
    added = [r.term for r in best.reasons if r.action == "added"] if best else list(res.added)
    removed = [r.term for r in best.reasons if r.action == "removed"] if best else list(res.removed)
    added = added or list(res.added)
    removed = removed or list(res.removed)
    rec: Record = {
        "o": res.original,
        "t": res.best,
        "st": "c" if res.best != res.original else "u",
        "sb": _round(res.score_before),
        "sa": _round(res.score_after),
        "lb": res.length_before,
        "la": res.length_after,
        "lim": res.limit,
        "an": _changed_spans(new, old, added),
        "ao": _changed_spans(old, new, removed),
        "pw": list(res.protected),
        "po": old.find_all(res.protected),
        "pn": new.find_all(res.protected),
        "f": [_finding(f) for f in res.findings],
        "r": [[r.action, r.term, r.reason] for r in (best.reasons if best else [])],
        "x": list(res.notes),
        "cand": [[c.title, _round(c.score), c.length] for c in res.candidates[1:]],
    }
    if before is not None:
        rec["ho"] = old.find_all(r for m in before.matches for r in m.roots)
        rec["u"] = before.unit
    elif after is not None and old.occ:
        known = [*after.matches, *after.partial, *after.missing]
        rec["ho"] = old.find_all(r for m in known if all(x in old.occ for x in m.roots) for r in m.roots)
    if after is not None:
        rec["hn"] = new.find_all(r for m in after.matches for r in m.roots)
        rec["kc"] = [m.keyword for m in after.matches]
        rec["km"] = [[m.keyword, _round(m.value)] for m in after.missing[:MISSING_PER_ROW]]
        rec["u"] = after.unit
    elif best is not None:
        rec["kc"] = list(best.covered)
    return rec


def analysis_record(rep: TitleReport, *, segmenter: Any = None) -> Record:
    """An analysis (``analyze``) as a report record: one title, its score, what it covers and misses."""
    t = TitleSpans(rep.title, segmenter)
    return {
        "o": rep.title,
        "st": "u",
        "sa": _round(rep.score),
        "la": rep.length,
        "lim": rep.limit,
        "u": rep.unit,
        "ho": t.find_all(r for m in rep.matches for r in m.roots),
        "pw": list(rep.protected),
        "po": t.find_all(rep.protected),
        "f": [_finding(f) for f in rep.findings],
        "kc": [m.keyword for m in rep.matches],
        "km": [[m.keyword, _round(m.value)] for m in rep.missing[:MISSING_PER_ROW]],
    }


def lint_record(title: str, findings: Sequence[Finding], *, fixed: str | None = None,
                length: int | None = None, limit: int | None = None, unit: str | None = None) -> Record:
    """A linted title; with ``fixed`` (``lint --fix``) the findings' spans point into the fixed title."""
    rec: Record = {"o": title, "st": "u", "f": [_finding(f) for f in findings]}
    if fixed is not None:
        rec["t"] = fixed
        rec["st"] = "c" if fixed != title else "u"
    if length is not None:
        rec["la"], rec["lim"], rec["u"] = length, limit, unit
    return rec


def shorten_record(title: str, short: str, *, length: int, limit: int, unit: str, segmenter: Any = None) -> Record:
    """A short title: the words of the original it keeps are marked in the original."""
    old, new = TitleSpans(title, segmenter), TitleSpans(short, segmenter)
    kept: list[tuple[int, int]] = []
    if old.norm is not None and new.norm is not None:
        # extractive: find the short title's words in order in the original
        if segmenter is not None:
            from .terms import title_terms

            pieces: Iterable[str] = title_terms(new.norm, segmenter).tokens
        else:
            pieces = new.norm.text.replace(" ", "")  # character by character
        pos = 0
        text = old.norm.text
        todo = list(pieces)[::-1]
        while todo:
            piece = todo.pop()
            i = text.find(piece, pos)
            if i < 0:
                i = text.find(piece)
            if i >= 0:
                kept.append(old.norm.original_span(i, i + len(piece)))
                pos = i + len(piece)
            elif len(piece) > 1:  # words glued in the short title (img src -> imgsrc): one character at a time
                todo.extend(piece[::-1])
    return {
        "o": title,
        "t": short,
        "st": "c" if short != title else "u",
        "la": length,
        "lim": limit,
        "u": unit,
        "ho": _merge(kept),
    }


def error_record(title: str, message: str) -> Record:
    """A row that failed: its title as read and the error message."""
    return {"o": title, "st": "e", "e": message}


def record_for(result: Any, *, optimizer: Any = None) -> Record:
    """The record for one result model (RewriteResult, TitleReport) or a ``(title, findings)`` pair.

    With ``optimizer`` (a :class:`~titleopt.optimizer.TitleOptimizer`), a
    rewrite's new title is analysed to highlight covered keywords in both titles.
    """
    seg = optimizer.segmenter if optimizer is not None else None
    if isinstance(result, RewriteResult):
        after = optimizer.analyze(result.best, lint=False) if optimizer is not None else None
        return rewrite_record(result, after=after, segmenter=seg)
    if isinstance(result, TitleReport):
        return analysis_record(result, segmenter=seg)
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], str):
        return lint_record(result[0], list(result[1]))
    if isinstance(result, Mapping) and "o" in result:
        return dict(result)
    raise TypeError(f"cannot report a {type(result).__name__}; give RewriteResult, TitleReport or (title, findings)")


# ================================================================= collector
@dataclass
class ReportCollector:
    """Collects records row by row and renders the page at the end.

    Each record is kept as its compact JSON text (about 0.3-1 KB), so a
    20,000-row run holds a few MB, not the result models. Run totals are
    accumulated as rows arrive.
    """

    kind: str = "rewrite"
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    _rows: list[str] = field(default_factory=list)
    _status: Counter[str] = field(default_factory=Counter)
    _hist_before: list[int] = field(default_factory=lambda: [0] * 10)
    _hist_after: list[int] = field(default_factory=lambda: [0] * 10)
    _sums: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])  # before, after, rows with scores
    _findings: Counter[str] = field(default_factory=Counter)
    _finding_info: dict[str, tuple[str, str]] = field(default_factory=dict)
    _missing: dict[str, list[float]] = field(default_factory=dict)  # keyword -> [rows, value]
    _keywords: dict[str, int] = field(default_factory=dict)
    _has_ids: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")

    def __len__(self) -> int:
        return len(self._rows)

    def _kw(self, keyword: str) -> int:
        i = self._keywords.get(keyword)
        if i is None:
            i = self._keywords[keyword] = len(self._keywords)
        return i

    def add(self, record: Record, *, row: int | None = None, item_id: str | None = None) -> None:
        """Add one listing's record (``row``: its row number in the input; ``item_id``: its id cell)."""
        rec = dict(record)
        if row is not None:
            rec["n"] = row
        if item_id:
            rec["id"] = item_id
            self._has_ids = True
        st = rec.get("st", "u")
        self._status[st] += 1
        sb, sa = rec.get("sb"), rec.get("sa")
        if sa is not None and st != "e":
            self._hist_after[_bin(sa)] += 1
            self._sums[1] += sa
            self._sums[2] += 1
            if sb is not None:
                self._hist_before[_bin(sb)] += 1
                self._sums[0] += sb
        codes = set()
        if any(f[1] == "error" for f in rec.get("f", ())):
            self._status["error finding"] += 1
        for f in rec.get("f", ()):
            code = f[0]
            if code not in codes:  # rows with the finding, not findings
                codes.add(code)
                self._findings[code] += 1
            self._finding_info.setdefault(code, (f[5] if len(f) > 5 else "", f[1]))
        for kw, value in rec.get("km", ()):
            m = self._missing.setdefault(kw, [0, 0.0])
            m[0] += 1
            m[1] = max(m[1], value or 0.0)
        if "kc" in rec:
            rec["kc"] = [self._kw(k) for k in rec["kc"]]
        if "km" in rec:
            rec["km"] = [self._kw(k) for k, _ in rec["km"]]
        self._rows.append(_dumps(rec))

    # ------------------------------------------------------------- render
    def html(self) -> str:
        """The whole page."""
        return _render(self)

    def write(self, path: str) -> int:
        """Write the page to ``path`` atomically (temporary file, then rename); returns its size in bytes."""
        return write_page(path, self.html())


def _bin(score: float) -> int:
    return min(9, max(0, int(score // 10)))


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def html_report(
    results: Iterable[Any],
    *,
    optimizer: Any = None,
    kind: str | None = None,
    title: str = "",
) -> str:
    """The HTML page for a list of results, for scripts that show it themselves.

    ``results``: :class:`~titleopt.models.RewriteResult`, :class:`~titleopt.models.TitleReport`,
    ``(title, findings)`` pairs from :func:`titleopt.lint`, or records made by
    the ``*_record`` functions. Pass the ``optimizer`` that produced them to
    highlight covered keywords on rewrites. ``kind`` (rewrite, analyze, lint,
    shorten) is guessed from the first result when omitted. The page is
    self-contained and deterministic for the same input (no timestamp unless
    given in a collector's ``meta``).

    >>> from titleopt import lint
    >>> page = html_report([("<b>全网最低价</b>T恤", lint("<b>全网最低价</b>T恤"))])
    >>> "<b>全网" in page
    False
    """
    records = [record_for(r, optimizer=optimizer) for r in results]
    if kind is None:
        first = records[0] if records else {}
        kind = "rewrite" if "sb" in first else "analyze" if "sa" in first else "lint"
    col = ReportCollector(kind=kind, title=title)
    for i, rec in enumerate(records, start=1):
        col.add(rec, row=i)
    return col.html()


# ========================================================== batch glue
def find_id_column(columns: Iterable[str]) -> str | None:
    """The first column whose name is a known listing-id name (宝贝ID, item_id, SKU…), or None."""
    wanted = {a.lower() for a in ID_ALIASES}
    for c in columns:
        if c.strip().lower().replace(" ", "_") in wanted:
            return c
    return None


def batch_row_hook(collector: ReportCollector, job: Any) -> Callable[[int, Mapping[str, str], Any], None]:
    """A callback for ``run_batch(on_row=…)`` that adds each written row to ``collector``.

    Rows the job described (``outcome.record``) are added as they are; rows
    that failed get an error record with the title cell and the error cell.
    """
    error_i = list(job.output_columns).index(job.error_column)
    state: dict[str, Any] = {}

    def hook(row_number: int, row: Mapping[str, str], outcome: Any) -> None:
        if "id" not in state:
            state["id"] = find_id_column(row.keys())
        title = str(row.get(job.columns.get("title", ""), "") or "")
        rec = outcome.record
        if rec is None or outcome.status == "error":
            rec = error_record(title, outcome.cells[error_i] if outcome.cells else "error")
        id_col = state["id"]
        collector.add(rec, row=row_number, item_id=str(row.get(id_col, "") or "") if id_col else None)

    return hook


# ============================================================== rendering
def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _json_for_script(obj: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, ``<!--`` or ``&`` survive."""
    return (
        _dumps(obj)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _join_rows(rows: list[str]) -> str:
    body = ",".join(rows)
    return (
        "[" + body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "]"
    )


def _chart(before: list[int], after: list[int], with_before: bool) -> str:
    """Score distribution as an inline SVG bar chart (before hatched grey, after solid blue)."""
    w, h, pad, top = 560, 200, 34, 14
    peak = max([*before, *after, 1])
    bw = (w - pad - 10) / 10
    bars = []
    for i in range(10):
        x0 = pad + i * bw
        series = [("after", after[i])]
        if with_before:
            series = [("before", before[i]), ("after", after[i])]
        inner = (bw - 6) / len(series)
        for j, (name, n) in enumerate(series):
            bh = (h - pad - top) * n / peak
            x = x0 + 3 + j * inner
            y = h - pad - bh
            fill = "url(#hatch)" if name == "before" else "#2563eb"
            bars.append(
                f'<rect class="bar-{name}" x="{x:.1f}" y="{y:.1f}" width="{inner - 1:.1f}" height="{bh:.1f}" '
                f'fill="{fill}" stroke="#334155" stroke-width="0.5"><title>{name}: {n} listings scoring '
                f'{i * 10}-{i * 10 + 10}</title></rect>'
            )
        bars.append(f'<text x="{x0 + bw / 2:.1f}" y="{h - pad + 14}" text-anchor="middle">{i * 10}</text>')
    legend = '<rect x="{x}" y="2" width="12" height="10" fill="{f}" stroke="#334155"/><text x="{tx}" y="11">{t}</text>'
    leg = legend.format(x=w - 90, f="#2563eb", tx=w - 74, t="after")
    if with_before:
        leg = legend.format(x=w - 170, f="url(#hatch)", tx=w - 154, t="before") + leg
    return (
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="score distribution">'
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e2e8f0"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#64748b" stroke-width="2"/></pattern></defs>'
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - 10}" y2="{h - pad}" stroke="#334155"/>'
        f'<text x="{pad - 4}" y="{top + 4}" text-anchor="end">{peak}</text>'
        f'<text x="{pad - 4}" y="{h - pad}" text-anchor="end">0</text>'
        + "".join(bars)
        + f'<text x="{w / 2}" y="{h - 4}" text-anchor="middle">score (0-100)</text>'
        + leg
        + "</svg>"
    )


def _rules_section(codes: Iterable[str]) -> str:
    out = []
    try:
        from .rules import registry
    except Exception:  # pragma: no cover - the rules ship with the package
        registry = None
    for code in sorted(codes):
        try:
            rule = registry.get(code) if registry is not None else None
        except Exception:
            rule = None
        if rule is None:
            out.append(f'<details id="rule-{_e(code)}" class="rule"><summary><b>{_e(code)}</b></summary></details>')
            continue
        out.append(
            f'<details id="rule-{_e(code)}" class="rule"><summary><b>{_e(rule.code)}</b> '
            f'{_e(rule.name)} <span class="sev sev-{_e(rule.severity)}">{_e(rule.severity)}</span> '
            f'{_e(rule.summary())}</summary><pre>{_e(rule.doc())}</pre>'
            f'<p class="muted">Also: <code>titleopt rules {_e(rule.code)}</code> and docs/lint.md.</p></details>'
        )
    return "\n".join(out)


_LABELS = {
    "rewrite": ("Rewrite report", "rewritten"),
    "analyze": ("Title analysis", "changed"),
    "lint": ("Lint report", "fixed"),
    "shorten": ("Short titles", "shortened"),
}


def _render(col: ReportCollector) -> str:
    heading, changed_label = _LABELS[col.kind]
    title = col.title or f"titleopt · {heading}"
    st = col._status
    rows = len(col._rows)
    n_scored = int(col._sums[2])
    has_before = any(col._hist_before)
    totals = [("rows", rows), (changed_label, st["c"]), ("unchanged", st["u"]), ("errors", st["e"]),
              ("with error-severity findings", st["error finding"])]
    tiles = "".join(f'<div class="tile"><b>{n:,}</b><span>{_e(label)}</span></div>' for label, n in totals)
    if n_scored:
        mean_after = col._sums[1] / n_scored
        text = f"{col._sums[0] / n_scored:.1f} → {mean_after:.1f}" if has_before else f"{mean_after:.1f}"
        tiles += f'<div class="tile"><b>{_e(text)}</b><span>mean score</span></div>'
    chart = (
        f"<section><h2>Score distribution</h2>{_chart(col._hist_before, col._hist_after, has_before)}</section>"
        if n_scored else ""
    )
    missing = sorted(col._missing.items(), key=lambda kv: (-kv[1][0] * kv[1][1], -kv[1][0], kv[0]))[:15]
    missing_html = ""
    if missing:
        items = "".join(
            f"<tr><td>{_e(k)}</td><td class=num>{int(n):,}</td><td class=num>{v:,.1f}</td></tr>"
            for k, (n, v) in missing
        )
        missing_html = (
            "<section><h2>Most valuable keywords still missing</h2>"
            "<table class=mini><thead><tr><th>keyword</th><th>listings missing it</th><th>value</th></tr></thead>"
            f"<tbody>{items}</tbody></table>"
            '<p class="muted">Ranked by listings × value, among each listing\'s top missing keywords.</p></section>'
        )
    findings_html = ""
    if col._findings:
        items = "".join(
            f'<tr><td><a href="#rule-{_e(c)}">{_e(c)}</a></td><td>{_e(col._finding_info[c][0])}</td>'
            f'<td><span class="sev sev-{_e(col._finding_info[c][1])}">{_e(col._finding_info[c][1])}</span></td>'
            f"<td class=num>{n:,}</td></tr>"
            for c, n in sorted(col._findings.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
        )
        findings_html = (
            "<section><h2>Most frequent findings</h2><table class=mini><thead><tr><th>code</th><th>rule</th>"
            f"<th>severity</th><th>listings</th></tr></thead><tbody>{items}</tbody></table></section>"
        )
    meta = "".join(f"<span><b>{_e(k)}</b> {_e(v)}</span>" for k, v in col.meta.items())
    keywords = [k for k, _ in sorted(col._keywords.items(), key=lambda kv: kv[1])]
    config = {
        "kind": col.kind,
        "pageSize": PAGE_SIZE,
        "codes": sorted(col._findings),
        "K": keywords,
        "ids": col._has_ids,
        "changed": changed_label,
    }
    style, script, script_hash = _assets()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src '{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    return _PAGE.format(
        csp=html.escape(csp, quote=False),  # no double quote in it; single quotes stay readable
        title=_e(title),
        heading=_e(heading),
        meta=meta,
        tiles=tiles,
        chart=chart,
        missing=missing_html,
        findings=findings_html,
        rules=_rules_section(col._findings),
        config=_json_for_script(config),
        data=_join_rows(col._rows),
        style=style,
        script=script,
        changed=_e(changed_label),
    )


# ============================================================ page parts
def _asset(name: str) -> str:
    return (Path(__file__).resolve().parent / "report_page" / name).read_text(encoding="utf-8")


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    """The page's CSS, its script, and the script's CSP hash (the only script the page may run)."""
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return _asset("report.css"), script, f"sha256-{digest}"


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="titleopt">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{heading}</h1>
<div class="meta">{meta}</div>
<div class="tiles">{tiles}</div>
</header>
<main>
<div class="grid">{chart}{missing}{findings}</div>
<h2>Listings</h2>
<p class="legend muted"><span><mark class="kw">关键词</mark> covered keyword root</span>
<span><ins class="add">新增</ins> added (green, underlined, +)</span>
<span><del class="rm">删除</del> removed (red, struck through)</span>
<span><span class="prot">品牌</span> protected (dashed box)</span>
<span><span class="bad">问题</span> a finding's span (red underline)</span></p>
<div class="toolbar">
<label>show <select id="filter">
<option value="all">all listings</option>
<option value="errors">errors only</option>
<option value="changed">{changed} only</option>
<option value="unchanged">unchanged only</option>
</select></label>
<label>finding <select id="code"><option value="">any</option></select></label>
<input type="search" id="search" placeholder="search titles, ids, row numbers" aria-label="search">
<button type="button" id="accept-shown">accept shown</button>
<button type="button" id="reject-shown">reject shown</button>
<button type="button" id="csv">download accepted titles (CSV)</button>
<span id="accepted-count" class="muted"></span>
</div>
<div class="pager"><button type="button" id="prev">← previous</button><span id="page-info"></span>
<button type="button" id="next">next →</button></div>
<div id="listings"><noscript>This report needs JavaScript to list the listings.</noscript></div>
<h2>Rules found in this run</h2>
{rules}
</main>
<script type="application/json" id="titleopt-config">{config}</script>
<script type="application/json" id="titleopt-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def now_text() -> str:
    """The current UTC time as shown in a report's header (the CLI adds it; the library does not)."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def check_report_path(report: str, *others: str | None) -> None:
    """Refuse a report path that is one of the run's input or output files (it would be overwritten).

    Also checked before any work: the folder exists and is writable, as for ``-o``
    (a run of an hour must not end in "no such folder" for its report).
    """
    from .errors import InputError
    from .io import check_output_path, same_file

    if report == "-":
        raise InputError("the report is an HTML file; give a path, not '-'", file=report)
    for other in others:
        if other and other != "-" and same_file(other, report):
            raise InputError("the report path is also an input or output file of this run", file=report)
    if not report.lower().endswith((".html", ".htm")):
        raise InputError("the report file name should end in .html", file=report)
    check_output_path(report)


def batch_report(job: Any, kind: str, *, meta: Mapping[str, str] | None = None) -> tuple[ReportCollector, Callable]:
    """Switch ``job`` to describing its rows and return the collector and the ``on_row`` hook for run_batch."""
    job.report = True
    collector = ReportCollector(kind=kind, meta=dict(meta or {}))
    return collector, batch_row_hook(collector, job)


def lint_report(records: Iterable[Mapping[str, Any]], *, title: str = "") -> str:
    """The page for ``titleopt lint`` records (``{"title", "platform", "findings", "fixed"?}``)."""
    from .platforms import DEFAULT_PLATFORM, get_platform

    col = ReportCollector(kind="lint", title=title)
    for i, r in enumerate(records, start=1):
        shown = r.get("fixed", r["title"])
        plat = get_platform(r.get("platform") or DEFAULT_PLATFORM, limit=r.get("limit"), unit=r.get("unit"))
        length = plat.length(shown) if len(shown) <= MAX_TITLE_CHARS else len(shown)
        col.add(lint_record(r["title"], r["findings"], fixed=r.get("fixed"), length=length, limit=plat.limit,
                            unit=plat.unit), row=i)
    return col.html()


def write_page(path: str, page: str) -> int:
    """Write an HTML page atomically; returns its size in bytes."""
    data = page.encode("utf-8", errors="replace")  # a lone surrogate in a title must not lose the report
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".titleopt-report-", suffix=".html", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)  # mkstemp makes the file private; a report is an ordinary file to share
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return len(data)
