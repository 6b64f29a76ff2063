"""Keyword-demand tables: what buyers search, how much, and its roots (词根).

Sellers export these from 生意参谋 (搜索分析, 选词助手, 热搜), 阿里指数, Helium 10
Cerebro or Amazon Brand Analytics. :class:`KeywordTable` reads them as exported
(Chinese or English headers, GBK or UTF-8/16, ``18,399``, ``12.34%``, ``1.2万``,
``-``), validates each row with pydantic, skips and reports bad rows, merges
duplicates, and computes each keyword's value and roots.

Value (DESIGN.md): ``volume × ctr × cvr`` over the columns the table has; an
explicit ``weight`` column wins. A missing ``ctr``/``cvr`` cell (``-``) takes
the table's median for that column, so one blank cell does not zero a keyword;
a table without volume gives every keyword value 1. Amazon Brand Analytics has
only a rank: volume is proxied by Zipf's law, ``1e6 / rank`` (search frequency
falls roughly as 1/rank), which keeps the order and the rough ratios; only
ratios matter because scores are ratios.

Duplicates after normalization (case, width, script, spaces: ``T恤 男`` =
``t恤男``) are merged by keeping the row with the highest volume (the first on
ties): exports list a phrase once per source, so adding volumes would count
the same searches twice. Each merge is reported in :attr:`KeywordTable.merged`.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .errors import InputError
from .io import missing_column_error, parse_number, read_table, resolve_columns
from .models import LoadIssue
from .normalize import NormalizedText, normalize, normalize_term
from .segment import Segmenter, default_segmenter

log = logging.getLogger(__name__)

#: Accepted column names per field, matched after normalization
#: (width, case, Traditional/Simplified, spaces and punctuation ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "keyword": (
        "搜索词",
        "关键词",
        "热搜搜索词",
        "关键字",
        "搜索关键词",
        "keyword",
        "keywords",
        "Keyword Phrase",
        "Search Term",
        "query",
        "搜索词语",
        "搜寻词",  # Taiwan: 搜尋 (matched after Traditional→Simplified folding: 搜寻)
        "搜寻关键字",
    ),
    "volume": (
        "搜索人气",
        "搜索热度",
        "搜索量",
        "搜索指数",
        "搜索次数",
        "Search Volume",
        "volume",
        "searches",
        "搜寻量",  # Taiwan (搜尋量, 搜尋次數, 搜尋人氣)
        "搜寻次数",
        "搜寻人气",
    ),
    "rank": ("Search Frequency Rank", "搜索频率排名", "rank"),
    "ctr": ("点击率", "CTR", "click rate", "click through rate"),
    "cvr": ("支付转化率", "转化率", "CVR", "conversion rate"),
    "competition": (
        "在线商品数",
        "当前宝贝数",
        "商品数",
        "宝贝数",
        "Competing Products",
        "competition",
        "competing products",
    ),
    "cpc": ("直通车参考价", "直通车", "PPC bid", "H10 PPC Sugg. Bid", "CPC", "suggested bid"),
    "weight": ("weight", "权重", "value", "价值"),
}

MAX_KEYWORD_CHARS = 100


def _check_keyword(v: Any) -> str:
    s = "" if v is None else str(v).strip()
    if not s:
        raise ValueError("empty keyword")
    if len(s) > MAX_KEYWORD_CHARS:
        raise ValueError(f"keyword longer than {MAX_KEYWORD_CHARS} characters")
    if not normalize_term(s).strip():
        raise ValueError("keyword has no letters or characters")
    return s


def _check_number(v: Any) -> float | None:
    x = parse_number(v)
    if x is None:
        return None
    if math.isinf(x) or math.isnan(x):
        return None  # '∞' appears in derived columns; it carries no usable demand
    if x < 0:
        raise ValueError(f"negative number {v!r}")
    return x


def _check_rate(v: Any) -> float | None:
    """A click or conversion rate as a fraction: ``3.2%`` and ``0.032`` are 0.032, so is ``3.2``.

    A number above 1 written without ``%`` is a percentage (exports drop the
    sign). A rate above 100% is impossible, whichever way it is written
    (``150%``, ``150``): the row is skipped with that reason, never rescaled
    into a plausible-looking 1.5%.
    """
    x = parse_number(v)
    if x is None or math.isinf(x) or math.isnan(x):
        return None
    if x < 0:
        raise ValueError(f"negative rate {v!r}")
    percent = isinstance(v, str) and ("%" in v or "％" in v)
    if x > 1:
        if percent or x > 100:
            raise ValueError(f"rate above 100%: {v!r}")
        # '12.34' in a rate column written without '%': a percentage.
        x /= 100.0
    return x


class KeywordRow(BaseModel):
    """One validated row of a demand table (values already parsed).

    The reference for what a row may hold. Loading checks rows with the same
    functions in plain code (:func:`_plain_row`) and builds this model only
    for a row that fails, to report the error as pydantic words it.
    """

    model_config = ConfigDict(extra="ignore")

    keyword: str
    volume: float | None = None
    rank: float | None = None
    ctr: float | None = None
    cvr: float | None = None
    competition: float | None = None
    cpc: float | None = None
    weight: float | None = None

    @field_validator("keyword", mode="before")
    @classmethod
    def _keyword(cls, v: Any) -> str:
        return _check_keyword(v)

    @field_validator("volume", "rank", "competition", "cpc", "weight", mode="before")
    @classmethod
    def _number(cls, v: Any) -> float | None:
        return _check_number(v)

    @field_validator("ctr", "cvr", mode="before")
    @classmethod
    def _rate(cls, v: Any) -> float | None:
        return _check_rate(v)


class _Row(NamedTuple):
    """A row that passed :class:`KeywordRow`'s checks: same fields and values, plus the keyword normalized."""

    keyword: str
    volume: float | None
    rank: float | None
    ctr: float | None
    cvr: float | None
    competition: float | None
    cpc: float | None
    weight: float | None
    norm: NormalizedText


def _plain_row(rec: Mapping[str, Any]) -> _Row | None:
    """``KeywordRow.model_validate(rec)`` without pydantic, or None when the row needs the model.

    The same checks in plain code: a field missing from ``rec`` (or None) is
    None, as the model's default; the keyword is normalized once and kept for
    the key and the roots. Anything unusual (no keyword, a value a check
    rejects or cannot handle) returns None so that the model decides and
    words the error.
    """
    try:
        kw = rec["keyword"]
        s = "" if kw is None else str(kw).strip()
        if not s or len(s) > MAX_KEYWORD_CHARS:
            return None
        norm = normalize(s)
        if not norm.text.strip():  # normalize_term(s) is normalize(s).text
            return None
        g = rec.get
        num, rate = _check_number, _check_rate
        v = [g(f) for f in _NUMBER_FIELDS]
        return _Row(
            s,
            None if v[0] is None else num(v[0]),
            None if v[1] is None else num(v[1]),
            None if v[2] is None else rate(v[2]),
            None if v[3] is None else rate(v[3]),
            None if v[4] is None else num(v[4]),
            None if v[5] is None else num(v[5]),
            None if v[6] is None else num(v[6]),
            norm,
        )
    except Exception:  # the model re-runs the row and raises or reports as before
        return None


_NUMBER_FIELDS = ("volume", "rank", "ctr", "cvr", "competition", "cpc", "weight")


@dataclass(frozen=True)
class Keyword:
    """A keyword with its demand data, value and roots (normalized tokens)."""

    text: str
    key: str
    roots: tuple[str, ...]
    value: float
    volume: float | None = None
    ctr: float | None = None
    cvr: float | None = None
    competition: float | None = None
    cpc: float | None = None
    row: int | None = None


@dataclass
class RootStat:
    """Value aggregated per root: what sellers compute by hand in Excel."""

    root: str
    value: float = 0.0
    keywords: int = 0
    volume: float = 0.0


@dataclass
class KeywordTable:
    """A validated keyword-demand table.

    Build it with :meth:`from_file`, :meth:`from_records` or :meth:`from_queries`.
    ``keywords`` are sorted by value (highest first; ties by text), ``issues``
    lists skipped rows, ``merged`` lists duplicates merged away.
    """

    keywords: list[Keyword]
    issues: list[LoadIssue] = field(default_factory=list)
    merged: list[LoadIssue] = field(default_factory=list)
    file: str | None = None
    rows_read: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    segmenter: Segmenter = field(default_factory=default_segmenter, repr=False)
    surfaces: dict[str, str] = field(default_factory=dict, repr=False)

    def surface(self, root: str) -> str:
        """How a root is written in the table (case kept, e.g. ``iPhone15``), for output."""
        return self.surfaces.get(root, root)

    def __len__(self) -> int:
        return len(self.keywords)

    def __iter__(self):
        return iter(self.keywords)

    # ------------------------------------------------------------ loading
    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        strict: bool = False,
        segmenter: Segmenter | None = None,
    ) -> KeywordTable:
        """Load an exported table (CSV/TSV/XLSX/JSONL, any common encoding).

        Bad rows are skipped and listed in ``issues`` (file, row, column,
        reason); with ``strict=True`` the first one raises :class:`InputError`.
        A file without a keyword column raises, naming the columns found.

        With a cache folder in use (the ``titleopt`` command's default, see
        :mod:`titleopt.table_cache`) a table loaded before from the same bytes
        comes from the cache: the same table, without re-reading every row.
        """
        from . import table_cache

        payload, key = table_cache.load(str(path), strict) if segmenter is None else (None, None)
        if payload is not None:
            try:
                return cls.from_cache_payload(payload, str(path))
            except (TypeError, ValueError) as exc:  # a foreign shape: rebuild and replace
                log.debug("titleopt keyword-table cache for %s unusable: %s", path, exc)
        table = cls._read(path, strict=strict, segmenter=segmenter)
        if key is not None:
            table_cache.store(str(path), key, table.cache_payload())
        return table

    def cache_payload(self) -> tuple:
        """This table as plain tuples for :mod:`titleopt.table_cache` (marshal, no pickle)."""
        return (
            self.rows_read,
            dict(self.columns),
            [
                (k.text, k.key, k.roots, k.value, k.volume, k.ctr, k.cvr, k.competition, k.cpc, k.row)
                for k in self.keywords
            ],
            [(i.row, i.column, i.reason) for i in self.issues],
            [(i.row, i.column, i.reason) for i in self.merged],
            dict(self.surfaces),
        )

    @classmethod
    def from_cache_payload(cls, payload: object, path: str) -> KeywordTable:
        """The table :meth:`cache_payload` gave, loaded from ``path``; TypeError/ValueError on a foreign shape."""
        rows_read, columns, keywords, issues, merged, surfaces = payload  # type: ignore[misc]
        return cls(
            [Keyword(*k) for k in keywords],
            [LoadIssue.model_construct(file=path, row=r, column=c, reason=why) for r, c, why in issues],
            [LoadIssue.model_construct(file=path, row=r, column=c, reason=why) for r, c, why in merged],
            path,
            rows_read,
            columns,
            surfaces=surfaces,
        )

    @classmethod
    def _read(cls, path: str | Path, *, strict: bool, segmenter: Segmenter | None) -> KeywordTable:
        hint = [a for names in COLUMN_ALIASES.values() for a in names]
        table = read_table(path, header_hint=hint)
        cols = resolve_columns(table.columns, COLUMN_ALIASES)
        if "keyword" not in cols:
            raise missing_column_error(table.file, "keyword", table.columns, COLUMN_ALIASES["keyword"])
        records = (
            (rownum, {f: row.get(c, "") for f, c in cols.items()}, row.get("__error__")) for rownum, row in table.rows
        )
        return cls._build(records, file=table.file, strict=strict, segmenter=segmenter, columns=cols)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any] | Sequence[Any] | str],
        *,
        strict: bool = False,
        segmenter: Segmenter | None = None,
    ) -> KeywordTable:
        """Build from dicts (field names or any accepted column name), ``(keyword, volume)`` pairs or strings."""

        def rows():
            for i, rec in enumerate(records, start=1):
                if isinstance(rec, str):
                    yield i, {"keyword": rec}, None
                elif isinstance(rec, Mapping):
                    cols = resolve_columns(list(rec), COLUMN_ALIASES)
                    yield i, {f: rec[c] for f, c in cols.items()}, None
                else:
                    seq = list(rec)
                    yield i, dict(zip(("keyword", "volume", "ctr", "cvr", "competition"), seq, strict=False)), None

        return cls._build(rows(), file=None, strict=strict, segmenter=segmenter, columns={})

    @classmethod
    def _build(cls, records, *, file, strict, segmenter, columns) -> KeywordTable:
        seg = segmenter or default_segmenter()
        issues: list[LoadIssue] = []
        valid: list[tuple[int, _Row | KeywordRow]] = []
        n = 0
        for rownum, rec, err in records:
            n += 1
            if err:
                issue = LoadIssue(file=file, row=rownum, column=None, reason=err)
            else:
                row = _plain_row(rec) if isinstance(rec, Mapping) else None
                if row is not None:
                    valid.append((rownum, row))
                    continue
                try:
                    valid.append((rownum, KeywordRow.model_validate(rec)))
                    continue
                except ValidationError as exc:
                    e = exc.errors()[0]
                    column = columns.get(str(e["loc"][0]), str(e["loc"][0])) if e["loc"] else None
                    reason = str(e["msg"]).removeprefix("Value error, ")
                    issue = LoadIssue(file=file, row=rownum, column=column, reason=reason)
            if strict:
                raise InputError(issue.reason, file=file, row=issue.row, column=issue.column)
            issues.append(issue)
        has = {f: any(getattr(r, f) is not None for _, r in valid) for f in ("volume", "rank", "ctr", "cvr", "weight")}
        med = {
            f: statistics.median([getattr(r, f) for _, r in valid if getattr(r, f) is not None]) if has[f] else None
            for f in ("ctr", "cvr")
        }
        by_key: dict[str, tuple[int, _Row | KeywordRow, float | None, NormalizedText]] = {}
        merged: list[LoadIssue] = []
        for rownum, r in valid:
            volume = r.volume
            if volume is None and r.rank:
                volume = 1e6 / r.rank
            if r.weight is None and (has["volume"] or has["rank"]) and volume is None:
                issue = LoadIssue(file=file, row=rownum, column=columns.get("volume"), reason="no search volume")
                if strict:
                    raise InputError(issue.reason, file=file, row=rownum, column=issue.column)
                issues.append(issue)
                continue
            norm = r.norm if isinstance(r, _Row) else normalize(r.keyword)  # the key; its tokens are the roots
            key = norm.text.replace(" ", "")
            prev = by_key.get(key)
            cur = (rownum, r, volume, norm)
            if prev is None:
                by_key[key] = cur
                continue
            keep, drop = (prev, cur) if (prev[2] or 0) >= (volume or 0) else (cur, prev)
            by_key[key] = keep
            merged.append(
                LoadIssue(
                    file=file,
                    row=drop[0],
                    column=columns.get("keyword"),
                    reason=(
                        f"duplicate of {keep[1].keyword!r} (row {keep[0]}) after normalization; kept the higher volume"
                    ),
                )
            )
        keywords = []
        surfaces: dict[str, str] = {}
        for key, (rownum, r, volume, norm) in by_key.items():
            if r.weight is not None:
                value = r.weight
            elif volume is not None:
                value = volume
                if has["ctr"]:
                    value *= r.ctr if r.ctr is not None else med["ctr"]
                if has["cvr"]:
                    value *= r.cvr if r.cvr is not None else med["cvr"]
            else:
                value = 1.0
            toks = seg.tokens(norm)
            roots = tuple(dict.fromkeys(t.text for t in toks))
            for t in toks:
                surfaces.setdefault(t.text, r.keyword[t.start : t.end])
            if not roots:
                issues.append(
                    LoadIssue(file=file, row=rownum, column=columns.get("keyword"), reason="keyword has no words")
                )
                continue
            keywords.append(
                Keyword(r.keyword, key, roots, float(value), volume, r.ctr, r.cvr, r.competition, r.cpc, rownum)
            )
        keywords.sort(key=lambda k: (-k.value, k.key))
        return cls(keywords, issues, merged, file, n, dict(columns), seg, surfaces)

    @classmethod
    def from_queries(
        cls,
        queries: str | Path | Iterable[str],
        *,
        min_count: int = 3,
        max_keywords: int = 50_000,
        max_ngram: int = 3,
        segmenter: Segmenter | None = None,
    ) -> KeywordTable:
        """Derive demand from a plain list of search queries (search dropdown, query logs).

        A query list says what people search but not how often, so demand is
        counted: the **volume** of a root or phrase is the number of queries
        that contain it (each query counts once). Candidates are every word of
        two or more characters (or a Latin/number word) and every run of 2 to
        ``max_ngram`` adjacent words; those found in at least ``min_count``
        queries are kept, the ``max_keywords`` most frequent first. ``queries``
        is a file (one query per line, or ``id<TAB>query`` as query logs are
        written) or an iterable of strings.
        """
        seg = segmenter or default_segmenter()
        if isinstance(queries, (str, Path)):
            path = str(queries)
            table = read_table(path) if Path(path).suffix.lower() in (".xlsx", ".jsonl", ".csv") else None
            if table is not None:
                cols = resolve_columns(table.columns, {"keyword": COLUMN_ALIASES["keyword"]})
                col = cols.get("keyword", table.columns[0] if table.columns else "")
                lines = [row.get(col, "") for _, row in table.rows]
            else:
                from .io import open_text

                fh, _ = open_text(path) if Path(path).exists() else (None, None)
                if fh is None:
                    raise InputError("file not found", file=path)
                with fh:
                    lines = [ln.rstrip("\r\n").split("\t")[-1] for ln in fh]
        else:
            lines = [str(q) for q in queries]
        counts: dict[str, int] = defaultdict(int)
        for q in lines:
            q = q.strip()
            if not q:
                continue
            toks = seg.cut(q)
            grams: set[str] = set()
            for i in range(len(toks)):
                for n in range(1, max_ngram + 1):
                    if i + n > len(toks):
                        break
                    parts = toks[i : i + n]
                    if n == 1 and len(parts[0]) < 2 and not parts[0].isascii():
                        continue
                    key = _join_roots(parts)
                    grams.add(key)
            for g in grams:
                counts[g] += 1
        ranked = sorted((k for k, c in counts.items() if c >= min_count), key=lambda k: (-counts[k], k))
        records = [{"keyword": k, "volume": counts[k]} for k in ranked[:max_keywords]]
        out = cls.from_records(records, segmenter=seg)
        out.file = str(queries) if isinstance(queries, (str, Path)) else None
        out.rows_read = len(lines)
        return out

    def to_file(self, path: str | Path) -> None:
        """Write the table (keyword, volume, ctr, cvr, competition, value, roots) atomically."""
        from .io import write_table

        cols = ["keyword", "volume", "ctr", "cvr", "competition", "value", "roots"]
        write_table(
            str(path),
            cols,
            (
                {
                    "keyword": k.text,
                    "volume": _num(k.volume),
                    "ctr": _num(k.ctr),
                    "cvr": _num(k.cvr),
                    "competition": _num(k.competition),
                    "value": _num(k.value),
                    "roots": " ".join(k.roots),
                }
                for k in self.keywords
            ),
        )

    # ------------------------------------------------------------ views
    def roots(self) -> list[RootStat]:
        """Value per root (a keyword's value counts for each of its roots), highest first."""
        stats: dict[str, RootStat] = {}
        for kw in self.keywords:
            for r in kw.roots:
                s = stats.get(r)
                if s is None:
                    s = stats[r] = RootStat(r)
                s.value += kw.value
                s.keywords += 1
                s.volume += kw.volume or 0.0
        return sorted(stats.values(), key=lambda s: (-s.value, s.root))

    def keyword_value(self, key: str) -> float:
        """Value of the keyword whose normalized text, spaces removed, is ``key`` (0.0 if none).

        The index is built on first use and cached on the table (tables are
        not edited after loading).
        """
        index = self.__dict__.get("_value_of_key")
        if index is None:
            index = {}
            for kw in self.keywords:
                index.setdefault(kw.key, kw.value)
            self.__dict__["_value_of_key"] = index
        return index.get(key, 0.0)

    def root_index(self) -> dict[str, list[int]]:
        """root -> indexes (into ``keywords``) of the keywords that use it."""
        idx: dict[str, list[int]] = defaultdict(list)
        for i, kw in enumerate(self.keywords):
            for r in kw.roots:
                idx[r].append(i)
        return dict(idx)

    @property
    def total_value(self) -> float:
        return sum(k.value for k in self.keywords)

    def near_duplicates(self, *, limit: int = 5000, threshold: float = 90.0) -> list[dict[str, Any]]:
        """Keywords that are probably the same search written differently (typos, synonyms).

        Exact duplicates after normalization were merged on load; these are
        only *reported* (rapidfuzz, see :func:`titleopt.fuzzy.near_duplicates`):
        whether ``t恤男`` and ``t-shirt男`` are one search is the seller's call.
        Only the ``limit`` most valuable keywords are compared (all pairs).
        """
        from .fuzzy import near_duplicates

        texts = [k.text for k in self.keywords[:limit]]
        return [
            {"a": d[0], "b": d[1], "score": round(float(d[2]), 1)} for d in near_duplicates(texts, threshold=threshold)
        ]

    def skipped_notes(self, first: int = 5) -> list[str]:
        """One line per skipped row (the first ``first``), naming file, row and column, then how many more.

        What a command that reads the table says about it (``keywords --for``,
        ``analyze``, ``rewrite``, ``shorten -k``): a dropped row changes every score.
        """
        notes = []
        for issue in self.issues[:first]:
            where = ", ".join(x for x in (issue.file, f"row {issue.row}" if issue.row else "",
                                          f"column {issue.column!r}" if issue.column else "") if x)
            notes.append(f"skipped a keyword row: {where}: {issue.reason}")
        if len(self.issues) > first:
            notes.append(f"… {len(self.issues) - first} more skipped keyword rows (titleopt keywords TABLE lists them)")
        return notes

    def summary(self) -> dict[str, Any]:
        """Rows read, skipped (with reasons), merged, near-duplicates, top roots and keywords."""
        return {
            "near_duplicates": self.near_duplicates()[:50],
            "file": self.file,
            "rows_read": self.rows_read,
            "keywords": len(self.keywords),
            "skipped": [i.model_dump() for i in self.issues],
            "merged": [i.model_dump() for i in self.merged],
            "columns": self.columns,
            "top_roots": [
                {"root": s.root, "value": round(s.value, 4), "keywords": s.keywords} for s in self.roots()[:20]
            ],
            "top_keywords": [
                {"keyword": k.text, "value": round(k.value, 4), "roots": list(k.roots)} for k in self.keywords[:20]
            ],
        }


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def _join_roots(parts: Sequence[str]) -> str:
    """Join roots as a phrase: Latin words keep a space between them (iphone 15), Chinese none."""
    out = parts[0]
    for p in parts[1:]:
        out += (" " if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum() else "") + p
    return out
