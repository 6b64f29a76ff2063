"""Reading and writing the tables sellers have: CSV/TSV/XLSX/JSONL, any encoding.

Sellers' files come from 生意参谋, 千牛, Excel and Helium 10: GBK or UTF-8 with
or without BOM, UTF-16 "Unicode text", metadata lines above the header,
numbers like ``18,399``, ``12.34%``, ``1.2万``. This module turns them into
rows of strings with their row numbers, and writes results back atomically
(a temporary file in the target folder, then a rename) so a crash never leaves
half a file and the input is never touched.

Row numbers are those a spreadsheet shows: the header is row 1 (or lower when
metadata lines precede it), the first data row is the next one; for JSONL the
line number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from .errors import InputError
from .normalize import normalize_term

DELIMITED = {".csv", ".tsv", ".txt", ".tab"}
SUPPORTED = DELIMITED | {".xlsx", ".xlsm", ".jsonl", ".ndjson", ".json"}
_SNIFF_BYTES = 64 * 1024
_T = TypeVar("_T")


# ---------------------------------------------------------------- encodings
def detect_encoding(raw: bytes) -> str:
    """Guess the encoding of a file's first bytes: BOMs, UTF-16, UTF-8, else GB18030.

    GB18030 is a superset of GBK and GB2312, so it reads every 生意参谋 export.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = raw[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII characters leave NUL bytes on one side.
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        return "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start >= len(raw) - 3 and len(raw) >= _SNIFF_BYTES:
            return "utf-8"
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "gb18030"  # best effort; bad bytes are reported when decoding


# ------------------------------------------------------------------ numbers
_NUM = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MULT = {"万": 1e4, "w": 1e4, "W": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}
_MISSING = {"", "-", "--", "—", "–", "n/a", "na", "null", "none", "nan", "/", "暂无"}


def parse_number(value: Any, *, lenient: bool = False) -> float | None:
    """Parse an exported number: ``1,234`` ``12.34%`` (-> 0.1234) ``1.2万`` ``3亿`` ``∞``.

    Returns None for missing markers (``-``, empty, ``N/A``), ``inf`` for ``∞``.
    With ``lenient=True`` the first number inside text counts too
    (``1.2万+人付款`` -> 12000, ``月销500+`` -> 500). Raises ValueError otherwise.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    s = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    if s.isascii() and s.isdigit():
        return float(s)  # the common case ('18,399'); what the pattern below would return
    if s.lower() in _MISSING:
        return None
    if s in ("∞", "+∞", "inf", "Infinity"):
        return math.inf
    s = s.replace("％", "%")
    m = _NUM.match(s) if not lenient else _NUM.search(s)
    if not m:
        raise ValueError(f"not a number: {value!r}")
    num = float(m.group())
    rest = s[m.end() :]
    if rest.startswith("%"):
        num /= 100.0
        rest = rest[1:]
    elif rest[:1] in _MULT:
        num *= _MULT[rest[0]]
        rest = rest[1:]
    if rest and not lenient and rest not in ("+",):
        raise ValueError(f"not a number: {value!r}")
    return num


# ------------------------------------------------------------------ columns
def column_key(name: str) -> str:
    """Normalized column name for matching: width, case, script, no spaces/_/-."""
    return re.sub(r"[\s_\-./()（）]+", "", normalize_term(str(name)))


def resolve_columns(
    columns: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
) -> dict[str, str]:
    """Map each logical field to the first actual column whose name matches an alias."""
    found: dict[str, str] = {}
    keys = {column_key(c): c for c in reversed(columns)}
    for fieldname, names in aliases.items():
        for alias in names:
            col = keys.get(column_key(alias))
            if col is not None and col not in found.values():
                found[fieldname] = col
                break
    return found


def missing_column_error(file: str, what: str, columns: Sequence[str], accepted: Sequence[str]) -> InputError:
    """The one-sentence error for a file without a required column."""
    return InputError(
        f"no {what} column; columns found: {', '.join(map(repr, columns)) or 'none'}; "
        f"accepted names: {', '.join(accepted)}",
        file=file,
    )


# ------------------------------------------------------------------ reading
@dataclass
class Table:
    """A table read from a file: its columns and a one-pass iterator of rows.

    Each row is ``(row_number, {column: text})``; missing cells are ``""``.
    """

    file: str
    columns: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _find_header(rows: list[list[str]], header_hint: Iterable[str] | None) -> int:
    """Index of the header row among the first rows (skips metadata lines)."""
    if header_hint:
        hints = {column_key(h) for h in header_hint}
        for i, row in enumerate(rows):
            if any(column_key(c) in hints for c in row):
                return i
    for i, row in enumerate(rows):
        if sum(1 for c in row if c.strip()) >= 2 or (len(row) == 1 and row[0].strip()):
            return i
    return 0


def _dicts(header: list[str], body: Iterator[list[str]], first_row: int) -> Iterator[tuple[int, dict[str, str]]]:
    cols = _dedupe(header)
    n = len(cols)
    for i, row in enumerate(body, start=first_row):
        if not row:
            continue  # a blank line is no row (pandas and csv.DictReader agree); ",," is one
        if len(row) > n:
            extra = row[n:]
            row = row[:n]
            if any(c.strip() for c in extra):
                row = [*row[:-1], row[-1] + "," + ",".join(extra)] if n else row
        yield i, {c: (row[j] if j < len(row) else "") for j, c in enumerate(cols)}


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for j, h in enumerate(header):
        h = (h or "").strip() or f"column{j + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h}.{seen[h]}"
        else:
            seen[h] = 0
        out.append(h)
    return out


def _open_text(path: str) -> tuple[IO[str], str]:
    if path == "-":
        raw = sys.stdin.buffer.read()
        enc = detect_encoding(raw[:_SNIFF_BYTES])
        return io.StringIO(raw.decode(enc, errors="strict"), newline=""), enc
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    enc = detect_encoding(head)
    return open(path, encoding=enc, errors="strict", newline=""), enc


def _delimiter(first_lines: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    counts = {d: first_lines.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(
    path: str | os.PathLike[str],
    *,
    header_hint: Iterable[str] | None = None,
) -> Table:
    """Open a CSV/TSV/TXT/XLSX/JSONL file as a :class:`Table` (rows stream lazily).

    ``header_hint`` names columns expected in the header, so metadata lines
    above it (Amazon Brand Analytics, some 生意参谋 exports) are skipped.
    Raises :class:`InputError` naming the file for missing files, unsupported
    formats and undecodable bytes.
    """
    p = str(path)
    suffix = Path(p).suffix.lower() if p != "-" else ".csv"
    if p != "-" and not os.path.exists(p):
        raise InputError("file not found", file=p)
    if p != "-" and os.path.isdir(p):
        raise InputError("is a folder, not a file", file=p)
    if suffix == ".xls":
        raise InputError("old Excel .xls files are not supported; save it as .xlsx or .csv", file=p)
    if suffix not in SUPPORTED:
        suffix = ".csv"  # unknown extension: try it as delimited text
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(p, header_hint)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _read_jsonl(p)
    return _read_delimited(p, suffix, header_hint)


def _read_delimited(p: str, suffix: str, header_hint: Iterable[str] | None) -> Table:
    try:
        fh, enc = _open_text(p)
        head_text = fh.read(_SNIFF_BYTES)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the file as text ({exc.reason}); save it as UTF-8 CSV", file=p) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=p) from exc
    fh.seek(0)
    delim = _delimiter("\n".join(head_text.splitlines()[:20]), suffix)
    reader = csv.reader(fh, delimiter=delim)
    pre: list[list[str]] = []
    try:
        for row in reader:
            pre.append(row)
            if len(pre) >= 20:
                break
    except (UnicodeDecodeError, csv.Error) as exc:
        fh.close()
        raise InputError(f"cannot read the file as {enc} text: {exc}", file=p) from exc
    hi = _find_header(pre, header_hint)
    header = [h.strip() for h in pre[hi]] if pre else []
    first = hi + 2

    def body() -> Iterator[list[str]]:
        try:
            yield from pre[hi + 1 :]
            yield from reader
        except UnicodeDecodeError as exc:
            raise InputError(
                f"bytes that are not valid {enc} near line {reader.line_num}: {exc.reason}", file=p
            ) from exc
        except csv.Error as exc:
            raise InputError(f"malformed CSV near line {reader.line_num}: {exc}", file=p) from exc
        finally:
            fh.close()

    notes = [f"skipped {hi} line(s) above the header"] if hi else []
    return Table(p, _dedupe(header), _dicts(header, body(), first), enc, notes)


def _read_xlsx(p: str, header_hint: Iterable[str] | None) -> Table:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(f"cannot open as an Excel workbook: {exc}", file=p) from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    pre = []
    for row in it:
        pre.append([_cell(v) for v in row])
        if len(pre) >= 20:
            break
    hi = _find_header(pre, header_hint)
    header = [h.strip() for h in pre[hi]] if pre else []
    while header and not header[-1]:
        header.pop()

    def body() -> Iterator[list[str]]:
        # Empty rows between data rows are rows (an upload script pairs output row i with
        # input row i); trailing ones are formatting debris of the sheet's used range and
        # are dropped, as pandas.read_excel does.
        empty: list[list[str]] = []
        try:
            for row in _chain(pre[hi + 1 :], ([_cell(v) for v in r] for r in it)):
                if any(c.strip() for c in row):
                    yield from empty
                    empty.clear()
                    yield row
                else:
                    empty.append(row or [""])
        finally:
            wb.close()

    return Table(p, _dedupe(header), _dicts(header, body(), hi + 2), "xlsx")


def _read_jsonl(p: str) -> Table:
    try:
        fh, enc = _open_text(p)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the file as text ({exc.reason})", file=p) from exc
    first_lines = []
    for line in fh:
        first_lines.append(line)
        if len(first_lines) >= 200:
            break
    columns: list[str] = []
    for line in first_lines:
        with contextlib.suppress(ValueError):
            obj = json.loads(line)
            if isinstance(obj, dict):
                columns.extend(k for k in obj if k not in columns)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for i, line in enumerate(_chain(first_lines, fh), start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield i, {"__error__": f"line is not valid JSON: {exc.msg}", "__raw__": line.rstrip("\n")}
                    continue
                if not isinstance(obj, dict):
                    yield i, {"__error__": "line is not a JSON object", "__raw__": line.rstrip("\n")}
                    continue
                for k in obj:
                    if k not in columns:
                        columns.append(k)
                yield i, {k: _json_cell(v) for k, v in obj.items()}
        finally:
            fh.close()

    return Table(p, columns, rows(), enc)


def _json_cell(v: Any) -> str:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return _cell(v)


def _chain(first: list[_T], rest: Iterable[_T]) -> Iterator[_T]:
    yield from first
    yield from rest


# ------------------------------------------------------------------ writing
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'`` (OWASP CSV injection)."""
    if value and value.startswith(_FORMULA_START):
        # Plain negative numbers are data, not formulas.
        if value[0] in "+-" and _NUM.fullmatch(value):
            return value
        return "'" + value
    return value


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path next to ``path``; rename it onto ``path`` on success."""
    target = os.path.abspath(os.fspath(path))
    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".titleopt-", suffix=Path(target).suffix, dir=folder)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class TableWriter:
    """Write rows to CSV (UTF-8 with BOM), TSV, XLSX or JSONL, chosen by extension.

    Use as a context manager; the file appears only when the block succeeds.
    ``-`` writes CSV (or ``fmt``) to stdout. Formula-looking cells are escaped
    in CSV/TSV/XLSX, never in JSONL (which no spreadsheet executes).
    """

    def __init__(self, path: str, columns: Sequence[str], *, fmt: str | None = None) -> None:
        self.path = path
        self.columns = list(columns)
        suffix = fmt or (Path(path).suffix.lower() if path != "-" else ".csv")
        if not suffix.startswith("."):
            suffix = "." + suffix
        if suffix not in {".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson", ".json"}:
            raise InputError(f"unsupported output format {suffix!r}; use .csv, .tsv, .xlsx or .jsonl", file=path)
        self.suffix = suffix
        self._ctx: contextlib.AbstractContextManager[str] | None = None

    def __enter__(self) -> TableWriter:
        if self.path == "-":
            self._fh: IO[str] = sys.stdout
        else:
            self._ctx = atomic_path(self.path)
            self._tmp = self._ctx.__enter__()
        if self.suffix == ".xlsx":
            import openpyxl

            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet()
            self._ws.append(self.columns)
        elif self.suffix in (".jsonl", ".ndjson", ".json"):
            if self.path != "-":
                self._fh = open(self._tmp, "w", encoding="utf-8", newline="\n")
        else:
            if self.path != "-":
                enc = "utf-8-sig" if self.suffix == ".csv" else "utf-8"
                self._fh = open(self._tmp, "w", encoding=enc, newline="")
            delim = "," if self.suffix == ".csv" else "\t"
            self._csv = csv.writer(self._fh, delimiter=delim, lineterminator="\r\n" if self.suffix == ".csv" else "\n")
            self._csv.writerow([escape_formula(c) for c in self.columns])
        return self

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row (a mapping from column to value; missing columns are empty)."""
        if self.suffix == ".xlsx":
            self._ws.append([escape_formula(_cell(row.get(c))) for c in self.columns])
        elif self.suffix in (".jsonl", ".ndjson", ".json"):
            self._fh.write(json.dumps({c: row.get(c, "") for c in self.columns}, ensure_ascii=False) + "\n")
        else:
            self._csv.writerow([escape_formula(_cell(row.get(c))) for c in self.columns])

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.suffix == ".xlsx" and exc_type is None:
                self._wb.save(self._tmp if self.path != "-" else sys.stdout.buffer)
            elif self.path != "-":
                self._fh.close()
            else:
                self._fh.flush()
        finally:
            if self._ctx is not None:
                self._ctx.__exit__(exc_type, exc, tb)


def write_table(path: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write all ``rows`` to ``path`` atomically (format by extension)."""
    with TableWriter(path, columns) as w:
        for r in rows:
            w.write(r)
