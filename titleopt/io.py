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
import functools
import io
import itertools
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from .errors import InputError
from .normalize import normalize_term

DELIMITED = {".csv", ".tsv", ".txt", ".tab"}
SUPPORTED = DELIMITED | {".xlsx", ".xlsm", ".jsonl", ".ndjson", ".json"}
_SNIFF_BYTES = 64 * 1024
_CSV_FIELD_LIMIT = 2**31 - 1  # the largest csv accepts everywhere (a C long on Windows)
_T = TypeVar("_T")


# ---------------------------------------------------------------- encodings
def detect_encoding(raw: bytes) -> str:
    """Guess the encoding of a file's first bytes: BOMs, UTF-16, UTF-8, else GB18030 or Big5.

    GB18030 is a superset of GBK and GB2312, so it reads every 生意参谋 export;
    CP950 (Big5) is what Taiwanese back-ends and Excel on a Traditional-Chinese
    Windows write (see :func:`_gbk_or_big5` for how the two are told apart).
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
    sample = raw[: raw.rfind(b"\n") + 1] if len(raw) >= _SNIFF_BYTES and b"\n" in raw else raw
    return _gbk_or_big5(sample)


def _gbk_or_big5(raw: bytes) -> str:
    """GB18030 (mainland: GBK, GB2312) or CP950 (Taiwan and Hong Kong: Big5), from the text itself.

    The two encodings share their byte ranges, so Big5 bytes nearly always
    decode as GB18030 too, into mojibake. The rule: decode both ways and keep
    the reading in which more of the non-ASCII characters are common Chinese
    characters (GB2312 level 1 or Big5 常用字, see :func:`_common_hanzi`);
    real text scores near 1, its misreading far lower (kana, box drawing,
    rare characters). A tie (a few characters) goes to GB18030, the more
    common encoding of shop back-ends. tests/test_adversarial.py measures
    it on every sample title and its Traditional form.
    """
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    try:
        big5 = raw.decode("cp950")
    except UnicodeDecodeError:
        big5 = None
    if big5 is None or gb is None:
        return "cp950" if gb is None and big5 is not None else "gb18030"
    return "cp950" if _common_share(big5) > _common_share(gb) else "gb18030"


def _common_share(text: str) -> float:
    chars = [c for c in text if not c.isascii()]
    if not chars:
        return 1.0
    return sum(1 for c in chars if _common_hanzi(c)) / len(chars)


# Per character (bounded by Unicode, a pure function of it).
@functools.lru_cache(maxsize=16384)
def _common_hanzi(ch: str) -> bool:
    """A character of GB2312's level 1 (3,755 common simplified) or Big5's 5,401 常用字 (traditional)."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        return len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


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
_MAX_COLUMN_NAME = 200


def column_key(name: str) -> str:
    """Normalized column name for matching: width, case, script, no spaces/_/-.

    A cell too long to be a column name (a data cell met while looking for
    the header) is returned as it is: it matches nothing, and raises nothing.
    """
    if len(name) > _MAX_COLUMN_NAME:
        return name
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


def _dicts(
    header: list[str],
    body: Iterator[list[str]],
    first_row: int,
    *,
    delimiter: str = ",",
    notes: list[str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    cols = _dedupe(header)
    n = len(cols)
    long_rows: list[int] = []
    try:
        for i, row in enumerate(body, start=first_row):
            if not row:
                continue  # a blank line is no row (pandas and csv.DictReader agree); ",," is one
            if len(row) > n:
                extra = row[n:]
                row = row[:n]
                if any(c.strip() for c in extra) and n:
                    # Nothing is dropped: the extra cells stay in the last column, joined by the
                    # file's own delimiter (so a tab-separated row reads back as it was).
                    row = [*row[:-1], delimiter.join([row[-1], *extra])]
                    long_rows.append(i)
            yield i, {c: (row[j] if j < len(row) else "") for j, c in enumerate(cols)}
    finally:
        if long_rows and notes is not None:
            notes.append(
                f"{len(long_rows):,} row(s) had more cells than the header (row {long_rows[0]}"
                f"{' and others' if len(long_rows) > 1 else ''}); the extra cells were kept in the last "
                f"column {cols[-1]!r}, joined by {_DELIM_NAMES.get(delimiter, repr(delimiter))}"
            )


_DELIM_NAMES = {",": "commas", "\t": "tabs", ";": "semicolons", "|": "'|'"}


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


class _Replay(io.RawIOBase):
    """A byte stream with its first bytes, already read to detect the encoding, put back in front.

    The file is read once, from start to end: a pipe (``<(zcat x.csv.gz)``,
    ``/dev/stdin``, ``-``) cannot be rewound, and stdin is streamed, not
    loaded whole.
    """

    def __init__(self, head: bytes, rest: IO[bytes], *, close_rest: bool = True) -> None:
        self._head = head
        self._pos = 0
        self._rest = rest
        self._close_rest = close_rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._pos < len(self._head):
            n = min(len(buffer), len(self._head) - self._pos)
            buffer[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        return self._rest.readinto(buffer)  # type: ignore[attr-defined]

    def close(self) -> None:
        if self._close_rest and not self.closed:
            self._rest.close()
        super().close()


def open_text(path: str) -> tuple[IO[str], str]:
    """Open ``path`` (``-``: stdin) as text in its detected encoding: ``(stream, encoding)``."""
    fh, enc, _ = _open_sniffed(path)
    return fh, enc


def _open_sniffed(path: str) -> tuple[IO[str], str, str]:
    """``(stream, encoding, head)``: the stream from the start, ``head`` its first ~64 KB as text."""
    raw: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # closed by the stream
    try:
        head = raw.read(_SNIFF_BYTES)
        enc = detect_encoding(head)
        # a character cut at the end of the sample is not an error
        head_text = codecs.getincrementaldecoder(enc)(errors="strict").decode(head, final=len(head) < _SNIFF_BYTES)
    except BaseException:
        if path != "-":
            raw.close()
        raise
    stream = io.BufferedReader(_Replay(head, raw, close_rest=path != "-"), buffer_size=_SNIFF_BYTES)
    return io.TextIOWrapper(stream, encoding=enc, errors="strict", newline=""), enc, head_text


def _delimiter(head_text: str, suffix: str, hints: set[str]) -> str:
    """The delimiter of a text table, from its first lines (quotes respected).

    Counting characters is not enough: an attributes cell (``材质:纯棉;袖长:短袖``)
    holds more ``;`` than a row has ``,``. Each candidate splits the first
    rows; the one whose rows name the most expected columns (``hints``) wins,
    then the one giving the most rows of one same width (a metadata line above
    the header does not count against it), then the order ``, tab ; |``.
    """
    if suffix in (".tsv", ".tab"):
        return "\t"
    best, best_score = ",", (0, 0)
    for d in (",", "\t", ";", "|"):
        if d not in head_text:
            continue
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(head_text), delimiter=d), 20))
        except csv.Error:
            continue
        named = max((sum(1 for c in r if column_key(c) in hints) for r in rows), default=0) if hints else 0
        widths = Counter(len(r) for r in rows if len(r) > 1)
        score = (named, max(widths.values(), default=0))
        if score > best_score:
            best, best_score = d, score
    return best


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
        fh, enc, head_text = _open_sniffed(p)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the file as text ({exc.reason}); save it as UTF-8 CSV", file=p) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=p) from exc
    hints = {column_key(h) for h in header_hint} if header_hint else set()
    cut = head_text.rfind("\n") + 1 if len(head_text) >= _SNIFF_BYTES else len(head_text)
    delim = _delimiter(head_text[: cut or len(head_text)], suffix, hints)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        # csv refuses a cell over 128 K characters, and with it the whole file: a product
        # description pasted into one cell would cost the seller the run. (Process-wide, only raised.)
        csv.field_size_limit(_CSV_FIELD_LIMIT)
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
    rows = _dicts(header, body(), first, delimiter=delim, notes=notes)
    return Table(p, _dedupe(header), rows, enc, notes)


def _read_xlsx(p: str, header_hint: Iterable[str] | None) -> Table:
    try:
        import openpyxl

        source: Any = p
        if not os.path.isfile(p):  # a pipe (<(cat x.xlsx)): a workbook is a zip, read it whole
            with open(p, "rb") as fh:
                source = io.BytesIO(fh.read())
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(f"cannot open as an Excel workbook: {exc}", file=p) from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    pre = []
    for row in it:
        pre.append([_xlsx_cell(v) for v in row])
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
            for row in _chain(pre[hi + 1 :], ([_xlsx_cell(v) for v in r] for r in it)):
                if any(c.strip() for c in row):
                    yield from empty
                    empty.clear()
                    yield row
                else:
                    empty.append(row or [""])
        finally:
            wb.close()

    return Table(p, _dedupe(header), _dicts(header, body(), hi + 2), "xlsx")


def _xlsx_cell(v: Any) -> str:
    return xlsx_unescape(v) if isinstance(v, str) else _cell(v)


def _read_jsonl(p: str) -> Table:
    try:
        fh, enc = open_text(p)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the file as text ({exc.reason})", file=p) from exc
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=p) from exc
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
                if _SURROGATE_ESCAPE.search(line) and _has_lone_surrogate(obj):
                    # "\ud800" alone is no character: no output encoding can write it
                    yield i, {"__error__": "line holds a lone surrogate escape (not a character)",
                              "__raw__": line.rstrip("\n")}
                    continue
                for k in obj:
                    if k not in columns:
                        columns.append(k)
                yield i, {k: _json_cell(v) for k, v in obj.items()}
        finally:
            fh.close()

    return Table(p, columns, rows(), enc)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(obj: dict[str, Any]) -> bool:
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when paths ``a`` and ``b`` name one file (links and ``./`` included); ``-`` is never a file."""
    a, b = os.fspath(a), os.fspath(b)
    if a == "-" or b == "-":
        return False
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_not_input(output: str, inputs: Sequence[str | None]) -> None:
    """Raise :class:`InputError` when ``output`` is one of the files a run reads (``inputs``; None skipped).

    The first input is called "the input file", the others by name. Called
    before any work by every command that writes an ``-o`` file (``--report``
    has its own check, :func:`titleopt.report_html.check_report_path`).
    """
    if output == "-":
        return
    for i, path in enumerate(inputs):
        if path and path != "-" and same_file(path, output):
            name = "the input file" if i == 0 else f"{path}, which this run reads"
            raise InputError(f"the output path is {name}; titleopt never overwrites its input", file=output)


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Raise :class:`InputError` (one sentence) unless a file can be created at ``path``.

    Called before any work, so a missing or read-only folder costs the
    seller a second, not the hour a large run takes.
    """
    p = os.fspath(path)
    if p == "-":
        return
    target = os.path.abspath(p)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise InputError("the output path is a folder; give a file name such as new.csv", file=p)
    if _is_special(target):
        if not os.access(target, os.W_OK):
            raise InputError("no permission to write to it", file=p)
        return
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise InputError(f"the output folder {folder} {what}", file=p)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"no permission to write in the output folder {folder}", file=p)


def _is_special(path: str) -> bool:
    """An existing path that is no regular file: /dev/stdout, a pipe, a terminal (written in place)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:  # Linux: read without changing it
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _final_mode(target: str) -> int:
    """The mode the output gets: the replaced file's, else what ``open()`` would give (0666 & ~umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[str]:
    """Yield a temporary path next to ``path``; rename it onto ``path`` on success.

    The temporary file is ``.titleopt-*`` in the target's folder (a rename
    within one file system is atomic) and is removed on any exception,
    Ctrl-C and SIGTERM included (the batch runner turns SIGTERM into one).
    The result gets the mode of the file it replaces, or, for a new file,
    the mode the umask gives (mkstemp's 0600 would hide it from the group).
    A symbolic link is followed (its target is replaced, the link kept); a
    path that is no regular file (``/dev/stdout``, a named pipe) is written
    in place, since no rename can replace a device.
    Folder problems raise :class:`InputError` naming the path.
    """
    target = os.path.abspath(os.fspath(path))
    if _is_special(target):
        # /dev/stdout, a pipe or a terminal: renaming onto it would replace the device itself
        # (as root, /dev/stdout would become a regular file); it is written in place.
        yield target
        return
    # a symbolic link: the file it points to is replaced, the link stays
    target = os.path.realpath(target)
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".titleopt-", suffix=Path(target).suffix, dir=folder)
    except OSError as exc:
        check_output_path(target)  # the clearer sentence when it applies
        raise InputError(f"cannot create a file in {folder}: {exc.strerror or exc}", file=os.fspath(path)) from None
    os.close(fd)
    try:
        yield tmp
        try:
            os.chmod(tmp, _final_mode(target))
            os.replace(tmp, target)
        except OSError as exc:
            raise InputError(f"cannot write the output: {exc.strerror or exc}", file=os.fspath(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


#: Characters XML 1.0 (so XLSX) cannot hold, CR (XML reads CR LF back as LF), and a
#: literal ``_xHHHH_`` that Excel would read as an escape.
_XLSX_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_XLSX_UNESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff]|[Ff]{3}[EeFf])_")


def xlsx_escape(value: str) -> str:
    """A cell's text as XLSX can store it: control characters as Excel writes them (``_x000B_``).

    Excel shows the character again and :func:`read_table` reads it back, so
    a cell of an XLSX output is never lost or refused by openpyxl.
    """
    return _XLSX_ESCAPE.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", value)


def xlsx_unescape(value: str) -> str:
    """The inverse of :func:`xlsx_escape` (Excel writes ``\\r`` in a cell as ``_x000D_``)."""
    if "_x" not in value:
        return value
    return _XLSX_UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


class TableWriter:
    """Write rows to CSV (UTF-8 with BOM), TSV, XLSX or JSONL, chosen by extension.

    Use as a context manager; the file appears only when the block succeeds.
    ``-`` writes CSV (or ``fmt``) to stdout. Formula-looking cells are escaped
    in CSV/TSV/XLSX, never in JSONL (which no spreadsheet executes). Every
    cell reads back as written: a TSV cell holding a bare ``\\r`` is quoted,
    control characters in XLSX are escaped as Excel escapes them.
    """

    def __init__(self, path: str, columns: Sequence[str], *, fmt: str | None = None) -> None:
        self.path = path
        self.columns = list(columns)
        suffix = fmt or (Path(path).suffix.lower() if path != "-" else ".csv")
        if not suffix and _is_special(path):
            suffix = ".csv"  # -o /dev/stdout, like -o -
        if not suffix.startswith("."):
            suffix = "." + suffix
        if suffix not in {".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson", ".json"}:
            raise InputError(f"unsupported output format {suffix!r}; use .csv, .tsv, .xlsx or .jsonl", file=path)
        check_output_path(path)
        self.suffix = suffix
        self._ctx: contextlib.AbstractContextManager[str] | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> TableWriter:
        if self.path != "-":
            self._ctx = atomic_path(self.path)
            self._tmp = self._ctx.__enter__()
        try:
            self._open()
        except BaseException as exc:
            self._close_files()
            if self._ctx is not None:
                self._ctx.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def _open(self) -> None:
        if self.path == "-":
            self._fh = sys.stdout
        if self.suffix == ".xlsx":
            import openpyxl

            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet()
            self._ws.append([xlsx_escape(escape_formula(c)) for c in self.columns])
        elif self.suffix in (".jsonl", ".ndjson", ".json"):
            if self.path != "-":
                self._fh = open(self._tmp, "w", encoding="utf-8", newline="\n")
        else:
            if self.path != "-":
                enc = "utf-8-sig" if self.suffix == ".csv" else "utf-8"
                self._fh = open(self._tmp, "w", encoding=enc, newline="")
            delim = "," if self.suffix == ".csv" else "\t"
            term = "\r\n" if self.suffix == ".csv" else "\n"
            self._csv = csv.writer(self._fh, delimiter=delim, lineterminator=term)
            # csv quotes a cell holding a character of the line terminator; with "\n" alone a
            # bare "\r" would go out unquoted and split the row when read back.
            self._csv_all = csv.writer(self._fh, delimiter=delim, lineterminator=term, quoting=csv.QUOTE_ALL)
            self._quote_cr = "\r" not in term
            self._csv.writerow([escape_formula(c) for c in self.columns])

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row (a mapping from column to value; missing columns are empty)."""
        try:
            if self.suffix == ".xlsx":
                self._ws.append([xlsx_escape(escape_formula(_cell(row.get(c)))) for c in self.columns])
            elif self.suffix in (".jsonl", ".ndjson", ".json"):
                assert self._fh is not None
                self._fh.write(json.dumps({c: row.get(c, "") for c in self.columns}, ensure_ascii=False) + "\n")
            else:
                cells = [escape_formula(_cell(row.get(c))) for c in self.columns]
                if self._quote_cr and any("\r" in c for c in cells):
                    self._csv_all.writerow(cells)
                else:
                    self._csv.writerow(cells)
        except OSError as exc:
            if self.path == "-":
                raise  # a closed pipe (`| head`) is the caller's to handle
            raise InputError(f"cannot write the output: {exc.strerror or exc}", file=self.path) from None

    def _close_files(self) -> None:
        if self._fh is not None and self.path != "-":
            with contextlib.suppress(OSError):
                self._fh.close()
        ws = getattr(self, "_ws", None)
        if ws is not None:
            # An abandoned write-only sheet would complain when collected and keep its
            # temporary file (in the system temp folder) until exit: close and remove it.
            with contextlib.suppress(Exception):
                ws.close()
            with contextlib.suppress(Exception):
                ws._writer.cleanup()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                try:
                    if self.suffix == ".xlsx":
                        self._wb.save(self._tmp if self.path != "-" else sys.stdout.buffer)
                    elif self.path != "-":
                        assert self._fh is not None
                        self._fh.close()
                    else:
                        sys.stdout.flush()
                except OSError as exc2:
                    if self.path == "-":
                        raise
                    raise InputError(f"cannot write the output: {exc2.strerror or exc2}", file=self.path) from None
            else:
                self._close_files()
        except BaseException as exc2:
            if self._ctx is not None:
                self._ctx.__exit__(type(exc2), exc2, exc2.__traceback__)
            raise
        if self._ctx is not None:
            self._ctx.__exit__(exc_type, exc, tb)


def write_table(path: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write all ``rows`` to ``path`` atomically (format by extension)."""
    with TableWriter(path, columns) as w:
        for r in rows:
            w.write(r)
