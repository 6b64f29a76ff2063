"""Segmentation: jieba, used as a guest.

jieba keeps one module-level tokenizer that ``jieba.add_word`` mutates for the
whole process; a library that did that would change how its host program cuts
text. :class:`Segmenter` instead owns a private ``jieba.Tokenizer`` whose word
table is a copy of a per-process base table (jieba's dictionary, plus
lower-cased copies of its Latin entries, plus titleopt's e-commerce words).

The base table is built lazily on first use and once per process: jieba's
dictionary file is parsed in bulk into exactly the table jieba's
``gen_pfdict`` makes (about 0.6 s, less than jieba takes to load its own
marshal cache); a Segmenter with extra words pays only for copying it (~20 ms).
jieba's global tokenizer and its temp-folder cache are never used: the host's
jieba may carry its own words, and writing to the temp folder is not a guest's
business. A caller may opt in to an on-disk cache of the finished table
(:func:`set_cache_dir`, ``$TITLEOPT_CACHE_DIR``; the ``titleopt`` command does),
which loads in about 0.3 s.

Tokens are cut from the *normalized* text (see :mod:`titleopt.normalize`) and
carry spans into the *original* text. Latin and number runs stay whole as jieba
keeps them (``iphone15pro``, ``160cm``, ``500ml``, ``spf50``, ``xl``);
a year before Chinese is its own token (``2025款`` -> ``2025`` + ``款``), so a
stale year can be replaced without touching ``款``. White space and punctuation
are separators, never tokens. A word of a script jieba does not know (Cyrillic,
Thai, Vietnamese, Arabic, Hangul, kana, accented Latin…) is one token with its
combining marks (see :func:`_other_script_words`); jieba would cut it into
letters and drop its marks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from .measures import latin_units, measure_words
from .normalize import NormalizedText, normalize, normalize_term
from .resources import data_path, read_lines

log = logging.getLogger(__name__)

_WORDY = re.compile(r"[^\W_]")
# Process-wide state, all of it read-only shipped resources loaded once (jieba's dictionary is
# ~0.7 s to build, its tags ~0.5 s to read): the base dictionary, the tokenizer every Segmenter
# without extra words shares, and jieba's part-of-speech word sets by tag set. Per-title work is
# cached on each Segmenter (its bounded cut cache), never here.
_base_lock = threading.Lock()
_base: tuple[dict[str, int], int] | None = None
_shared_tokenizers: dict[bool, object] = {}
_tagged_cache: dict[frozenset[str], frozenset[str]] = {}
_edges: tuple[dict[str, int], dict[str, int]] | None = None

#: Frequency given to e-commerce dictionary words that jieba does not know.
#: High enough that a word wins against the pieces it is made of, low enough
#: not to swallow neighbouring characters (jieba's median word frequency is ~5).
ECOMMERCE_WORD_FREQ = 2000
#: Frequency for words from the lexicon's lists (product nouns, attribute values,
#: brands): enough to keep an unknown compound whole (氮化镓), low enough to yield
#: to a common word (春秋款 stays 春秋 + 款, not 春 + 秋款).
LIST_WORD_FREQ = 100
#: Cuts remembered per Segmenter (recent titles; cleared when full).
CACHE_SIZE = 1024
#: A year: 1980-2099 (older numbers of four digits are counts or models).
YEAR = re.compile(r"^(19[89]\d|20\d\d)$")
#: Pieces starting with 年 that stay whole after a year (2025年款, 2024年度).
_YEAR_WORDS = frozenset({"年款", "年度", "年份", "年货"})
#: Measure words and units that belong to the number before them (2米, 30包, 5袋).
#: jieba's part-of-speech tags of proper nouns that may name a maker: nr person name, nrt transliterated name,
#: nt organization, nz other proper noun (jieba's README, "词性标注", the ICTCLAS/PKU set); ns place names are
#: left out (places are provenance: 日本, 广州).
PROPER_NOUN_TAGS = frozenset({"nz", "nr", "nrt", "nt"})
#: jieba's adjective tag (ICTCLAS/PKU set): a word that describes (大, 软, 重) and names nothing.
ADJECTIVE_TAGS = frozenset({"a"})
#: jieba's time-word tag (same set): 暑期, 新年, 夏天 say when, never who made the item.
TIME_TAGS = frozenset({"t"})
UNITS = frozenset("米寸尺斤克两升只个件包袋条片支瓶盒箱罐粒套双对张根块台匹码岁层枚页本卷桶联")
#: Characters that open the next item of a bundle (送 free gift, 赠 given, 加 plus, 带 with, 含 including,
#: 配 comes with): the verbs and prepositions a seller writes between the items of a set
#: (钢笔+墨囊 reads 钢笔送墨囊), never the end of a count.
BUNDLE_MARKS = frozenset("送赠加带含配")
#: The Chinese numerals that count one to ten (六核, 九代; not 百 of the name 百乐, nor 双, 半): one written
#: after a count starts the next count (2芯|三钢丝), never ends this one.
NUMERALS = frozenset("一二三四五六七八九十两")


#: A character that is neither ASCII nor Chinese (nor CJK punctuation or full-width forms): the
#: cheap test that sends a title through :func:`_other_script_words`; Chinese titles never do.
_OTHER_SCRIPT_HINT = re.compile(r"[^\x00-\x7f\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
#: Chinese characters (jieba's business): they end a word of another script.
_HAN = re.compile(
    r"[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
)


def _is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark (Thai vowels and tones, Vietnamese and Devanagari marks…)."""
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _other_script_words(text: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` written in scripts jieba does not know, each kept whole.

    jieba's cut knows Chinese characters and ASCII; any other letter it
    cuts off as a lone character, and a combining mark (Thai ``ื``, Vietnamese
    ``̆``, Devanagari ``ा``) it drops as a separator, so ``Футболка`` came out
    as eight tokens and ``เสื้อ`` lost its vowels. A word here is a maximal run
    of letters, digits and combining marks, without Chinese characters,
    holding at least one non-ASCII character (``algodón``, ``ngắn``,
    ``Футболка``, ``เสื้อยืด``, ``반팔``, ``コットン``): one token, whatever
    its length (Thai and kana runs are not cut further; a title keeps or drops
    them whole). ASCII-only runs and Chinese text are cut by jieba as before.
    """
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _is_word_char(ch) or _HAN.match(ch):
            i += 1
            continue
        j = i
        foreign = False
        while j < n and _is_word_char(text[j]) and not _HAN.match(text[j]):
            foreign = foreign or not text[j].isascii()
            j += 1
        if foreign:
            spans.append((i, j))
        i = j
    return spans


class Token(NamedTuple):
    """A token: its matching form and its ``[start, end)`` span in the original text."""

    text: str
    start: int
    end: int


def _load_base() -> tuple[dict[str, int], int]:
    """jieba's dictionary + lower-cased Latin entries + e-commerce words (once per process).

    Read from the on-disk cache when the caller opted in (:func:`set_cache_dir`)
    and it holds this exact table; built (and then cached) otherwise.
    """
    global _base
    if _base is not None:
        return _base
    with _base_lock:
        if _base is not None:
            return _base
        folder = cache_dir()
        key = base_key() if folder is not None else None
        base = _read_cache(folder, key) if folder is not None and key is not None else None
        if base is None:
            base = _build_base()
            if folder is not None and key is not None:
                _write_cache(folder, key, base)
        log.debug("titleopt base dictionary: %d entries", len(base[0]))
        _base = base
        return _base


def _build_base() -> tuple[dict[str, int], int]:
    import jieba

    freq, total = _jieba_pfdict(jieba.Tokenizer())
    for word in [w for w, f in freq.items() if f and not w.islower() and w.lower() != w]:
        low = word.lower()
        if freq.get(low, 0) < freq[word]:
            total += freq[word] - freq.get(low, 0)
            _add(freq, low, freq[word])
    for word, f in _dictionary_words():
        if freq.get(word, 0) < f:
            total += f - freq.get(word, 0)
            _add(freq, word, f)
    return freq, total


# ------------------------------------------------------------ on-disk cache
#: Environment variable naming the folder for the dictionary cache; an empty value turns the cache off.
CACHE_ENV = "TITLEOPT_CACHE_DIR"
_CACHE_FORMAT = 3  # 3: the file starts with a checksum of the rest
#: Bytes of the BLAKE2b checksum that starts every cache file.
_CHECKSUM_BYTES = 16
_UNSET = object()
_cache_setting: object = _UNSET


def set_cache_dir(path: str | os.PathLike[str] | None) -> None:
    """Keep the built base dictionary in ``path`` (None: never) for this process and later ones.

    The library writes nothing unless its caller asks: without this call, and
    without ``$TITLEOPT_CACHE_DIR``, the dictionary is built in memory each
    process (about 0.7 s). The ``titleopt`` command opts in to
    :func:`default_cache_dir`. The cache holds a file of about 10 MB (and small word sets, see
    :func:`cached_word_set`), named by
    a hash of everything the table is built from (jieba's version and
    dictionary, titleopt's word lists and this code, OpenCC's and Unicode's
    versions), so a change to any of them builds and replaces it.
    """
    global _cache_setting
    _cache_setting = None if path is None else Path(path)


def cache_dir() -> Path | None:
    """The folder in use: :func:`set_cache_dir`'s, else ``$TITLEOPT_CACHE_DIR`` if set and non-empty, else None."""
    if _cache_setting is not _UNSET:
        return _cache_setting  # type: ignore[return-value]
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else None


def default_cache_dir() -> Path:
    """The user's cache folder for titleopt (``$XDG_CACHE_HOME/titleopt``, ``~/.cache/titleopt`` on Linux)."""
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        return Path(root) / "titleopt" / "Cache"
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Caches/titleopt"))
    return Path(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")) / "titleopt"


def use_default_cache() -> None:
    """What the command line does: ``$TITLEOPT_CACHE_DIR`` if set ('' = off), else :func:`default_cache_dir`.

    In the latter case it also sets ``$TITLEOPT_CACHE_DIR``, so that worker
    processes started with *spawn* (``--jobs`` on macOS and Windows) use it too.
    """
    env = os.environ.get(CACHE_ENV)
    if env is None:
        folder = default_cache_dir()
        os.environ[CACHE_ENV] = str(folder)
        set_cache_dir(folder)
    else:
        set_cache_dir(env or None)


def base_key() -> str | None:
    """A hash of every input of :func:`_build_base`; None when one cannot be read (then no cache)."""
    try:
        import jieba
        import opencc

        h = hashlib.blake2b(digest_size=16)
        for part in (
            f"{_CACHE_FORMAT} {sys.version_info[:2]} {unicodedata.unidata_version} {jieba.__version__} "
            f"{getattr(opencc, '__version__', '?')} {ECOMMERCE_WORD_FREQ} {LIST_WORD_FREQ}".encode(),
            Path(__file__).read_bytes(),
            Path(sys.modules[normalize.__module__].__file__ or "").read_bytes(),
        ):
            h.update(len(part).to_bytes(8, "little") + part)
        with jieba.Tokenizer().get_dict_file() as fh:
            part = fh.read()
        h.update(len(part).to_bytes(8, "little") + part)
        for name in (*_DICTIONARY_FILES, *_TOKEN_FILES):
            part = data_path(name).read_bytes()
            h.update(len(part).to_bytes(8, "little") + part)
        return h.hexdigest()
    except Exception as exc:  # an unreadable input means no cache, never a failure
        log.debug("titleopt dictionary cache off: %s", exc)
        return None


def _cache_file(folder: Path, key: str, name: str = "base") -> Path:
    return folder / f"{name}-{key}.marshal"


def read_marshal(folder: Path, key: str, name: str) -> object | None:
    """The payload stored under ``name`` for ``key``; None when absent, foreign or damaged."""
    path = _cache_file(folder, key, name)
    try:
        data = path.read_bytes()  # marshal.loads of the bytes: marshal.load of a file reads in tiny pieces
    except OSError:
        return None
    try:
        # marshal has no checksum: a flipped bit in a frequency or a word still loads, as a
        # different dictionary that would silently change every cut. So the file carries one.
        body = memoryview(data)[_CHECKSUM_BYTES:]
        if data[:_CHECKSUM_BYTES] == hashlib.blake2b(body, digest_size=_CHECKSUM_BYTES).digest():
            fmt, got_key, payload = marshal.loads(body)
            if fmt == _CACHE_FORMAT and got_key == key:
                return payload
    except Exception:  # a damaged file is rebuilt and replaced
        pass
    log.debug("titleopt cache %s unusable; rebuilding", path)
    return None


def write_marshal(folder: Path, key: str, name: str, payload: object) -> None:
    """Write atomically (temporary file + rename); drop older files of ``name``; never fail the caller."""
    path = _cache_file(folder, key, name)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        body = marshal.dumps((_CACHE_FORMAT, key, payload))
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.blake2b(body, digest_size=_CHECKSUM_BYTES).digest())
            fh.write(body)
        os.replace(tmp, path)
        tmp = None
        for old in folder.glob(f"{name}-*.marshal"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("titleopt cache not written to %s: %s", folder, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _read_cache(folder: Path, key: str) -> tuple[dict[str, int], int] | None:
    payload = read_marshal(folder, key, "base")
    if isinstance(payload, tuple) and len(payload) == 2:
        freq, total = payload
        if type(freq) is dict and type(total) is int:
            return freq, total
    return None


def _write_cache(folder: Path, key: str, base: tuple[dict[str, int], int]) -> None:
    write_marshal(folder, key, "base", (base[0], base[1]))


def cached_word_set(name: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """``build()``, kept in the dictionary cache folder when one is in use (see :func:`set_cache_dir`).

    For word sets derived from the same inputs as the base dictionary (such
    as the part-of-speech lists of jieba's ``dict.txt``): keyed by the base
    table's inputs and the source of the module that defines ``build``, so a
    change to either rebuilds the set. Without a cache folder it is
    ``build()``, and nothing is written.
    """
    folder = cache_dir()
    key = base_key() if folder is not None else None
    if folder is None or key is None:
        return build()
    module = sys.modules.get(getattr(build, "__module__", "") or "")
    try:
        source = Path(module.__file__).read_bytes() if module is not None and module.__file__ else b""
    except OSError:
        return build()
    key = hashlib.blake2b(f"{key} {name} ".encode() + source, digest_size=16).hexdigest()
    payload = read_marshal(folder, key, name)
    if type(payload) is frozenset:
        return payload
    words = frozenset(build())
    write_marshal(folder, key, name, words)
    return words


#: A line of jieba's dictionary: ``word freq [tag]``, no white space around.
_DICT_LINE = re.compile(r"^([^ \n]+) ([0-9]+)(?: [^\n]*)?$", re.M)
_LINE_STARTS_BLANK = re.compile(r"^[ \t\r\x0b\x0c]", re.M)


def _jieba_pfdict(tk) -> tuple[dict[str, int], int]:
    """``tk.gen_pfdict(tk.get_dict_file())``, the same table built in bulk (about twice as fast).

    jieba's prefix dictionary maps every word to its frequency (the last line
    wins) and every proper prefix of a word that is not itself a word to 0;
    ``total`` sums the frequencies of all lines. This reads the file at once,
    parses it with one regular expression and adds prefixes level by level.
    A file this parser does not take line for line exactly as jieba would
    (blank or indented lines, other separators, bad bytes) goes through
    jieba's own ``gen_pfdict``, which also raises jieba's errors.
    """
    with tk.get_dict_file() as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return tk.gen_pfdict(tk.get_dict_file())
    del raw
    entries = _DICT_LINE.findall(text)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if not entries or len(entries) != lines or _LINE_STARTS_BLANK.search(text):
        return tk.gen_pfdict(tk.get_dict_file())
    del text
    words = [w for w, _ in entries]
    counts = [int(f) for _, f in entries]
    del entries  # (the build's peak memory: the parsed lines are not needed past here)
    prefixes = {w[:-1] for w in words if len(w) > 1}
    level = prefixes
    while level:
        level = {p[:-1] for p in level if len(p) > 1} - prefixes
        prefixes |= level
    freq = dict.fromkeys(prefixes, 0)
    freq.update(zip(words, counts, strict=True))
    return freq, sum(counts)


#: titleopt's files that add words to the base dictionary (see :func:`_dictionary_words`).
_DICTIONARY_FILES = ("ecommerce_words.txt", "product_words.txt", "attributes.tsv", "brands.txt")
#: titleopt's files that decide where tokens end (:func:`measure_runs`): in the key of what caches tokens.
_TOKEN_FILES = ("measure_units.txt",)


def _dictionary_words() -> list[tuple[str, int]]:
    """Words titleopt's own dictionaries know, so titles cut the way the lists are written.

    ``ecommerce_words.txt`` (with optional frequencies), the product nouns of
    ``product_words.txt``, the attribute values of ``attributes.tsv`` and the
    brand names of ``brands.txt``: 快充头, 三合一, 空气炸锅 stay whole.
    """
    out: list[tuple[str, int]] = []
    for line in read_lines(data_path("ecommerce_words.txt")):
        parts = line.split()
        out.append((parts[0], int(parts[1]) if len(parts) > 1 else ECOMMERCE_WORD_FREQ))
    out += [(line.split()[0], LIST_WORD_FREQ) for line in read_lines(data_path("product_words.txt"))]
    for line in read_lines(data_path("attributes.tsv")):
        _, _, values = line.partition("\t")
        out += [(v, LIST_WORD_FREQ) for v in values.split()]
    for line in read_lines(data_path("brands.txt")):
        out += [(a.strip().rstrip("?"), LIST_WORD_FREQ) for a in line.split("|") if a.strip()]
    words = []
    for w, f in out:
        n = normalize_term(w)
        # Pure Latin words stay out: jieba keeps a Latin/number run whole
        # (iphone15pro) unless a dictionary entry splits it.
        if n and " " not in n and len(n) >= 2 and not n.isascii():
            words.append((n, f))
    return words


#: A piece that starts with Latin letters or digits and goes on in Chinese (t台, ip电话).
_LATIN_HEAD = re.compile(r"^[a-z0-9]+(?=[\u4e00-\u9fff])")
_LATIN_TAIL = re.compile(r"[a-z0-9]$")


@functools.lru_cache(maxsize=1)
def _list_mixed_words() -> frozenset[str]:
    """titleopt's own dictionary words that start with Latin letters and go on in Chinese (u盘, t恤)."""
    return frozenset(w for w, _ in _dictionary_words() if _LATIN_HEAD.match(w))


def _add(freq: dict[str, int], word: str, f: int) -> None:
    freq[word] = f
    for i in range(1, len(word)):
        freq.setdefault(word[:i], 0)


_DECIMAL = re.compile(r"^\d+\.\d+$")
_UNIT_LED = re.compile(r"^([a-z]+)(\d[a-z0-9.]*)$")
_MEASURE = re.compile(r"\d+(?:\.\d+)?[a-z]+")
#: A bare number: digits, maybe with a decimal part, and no unit (4 of 纯色套装4, 15.6).
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


#: A model number's token: letters and digits, maybe joined by . - _ (s10, desire19, h.265, fp-620k), and
#: the plus variant :func:`plus_variants` makes of one (s10+, ds218+). The unit reader's test too.
MODEL_TOKEN = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z0-9.+\-_]+$")
#: A number and its Latin unit (16g, 20cm, 2.4g): a quantity, not a model.
_QUANTITY = re.compile(r"^\d+(?:\.\d+)?([a-z]+)$")
#: What may follow a "+" that joins nothing: a list mark or a closing bracket (s10+/s9+, fp-620k+、630k).
_AFTER_VARIANT = frozenset("/、,;)]}>》】」〕|")


def plus_variants(text: str, tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``(token, start)`` pairs with a model number's plus variant read as one token (``s10+``, ``ds218+``).

    A "+" is a separator everywhere else (主机+显示器, 0.38+ 0.5), so the model
    token stopped before it and a rewrite wrote ``s8`` for the seller's ``s8+``, a
    different phone (issue 16: a model never loses part of itself). A "+" glued
    after a model number is part of it when it joins nothing: the title ends
    there, or a space, a list mark or a closing bracket follows (``s10+ 手机壳``,
    ``desire19+/d19+``, ``h.265+ 高清``, ``a3+ 100张``); and then wherever else the
    title writes the same model with a "+" (``d19+保护套``) and for the next model
    of a list of such variants (``s10+/s9+/s8+跑步``). Glued to the next word
    (``mp3+数据线``, ``k820+客所思``) it may as well add that word: it stays a
    separator. A quantity (``16g+``) is no model.
    """
    def model_at(k: int) -> bool:
        tok, s = tokens[k]
        if text[s + len(tok) : s + len(tok) + 1] != "+" or text[s + len(tok) + 1 : s + len(tok) + 2] == "+":
            return False  # (``++`` is a grade, PA++)
        q = _QUANTITY.match(tok)
        return bool(MODEL_TOKEN.match(tok)) and not (q and q.group(1) in latin_units())

    plus: set[int] = set()
    for k, (tok, s) in enumerate(tokens):
        if not model_at(k):
            continue
        after = text[s + len(tok) + 1 : s + len(tok) + 2]
        if not after or after.isspace() or after in _AFTER_VARIANT:
            plus.add(k)
        elif k - 1 in plus and text[tokens[k - 1][1] + len(tokens[k - 1][0]) + 1 : s] in ("/", "、"):
            plus.add(k)  # (the last of a list of variants: s10+/s9+/s8+跑步)
    if plus:
        named = {tokens[k][0] for k in plus}
        plus |= {k for k, (tok, _) in enumerate(tokens) if tok in named and model_at(k)}
    return [(tok + "+", s) if k in plus else (tok, s) for k, (tok, s) in enumerate(tokens)]


_OPENS_NEXT = BUNDLE_MARKS | NUMERALS


@functools.lru_cache(maxsize=1)
def _count_chars() -> frozenset[str]:
    """One-character units a number counts: :data:`UNITS` and those of ``measure_units.txt`` (芯, 路, 寸, 克)."""
    words = measure_words()
    kinds = ("si", "other", "market", "classifier", "counted")
    return UNITS | {w for k in kinds for w in words.get(k, ()) if len(w) == 1 and not w.isascii()}


def measure_runs(pieces: list[str]) -> list[str]:
    r"""jieba's pieces with sizes written back to back cut one per size (1.5m|1.8m|2.0m, 5w|10w).

    jieba's HMM pass cuts a Latin run as ``[a-z0-9]+(\.\d+)?``, so a decimal
    ends a piece and the next one starts with its unit: ``1.5m1.8m2.0m`` comes
    out ``1.5|m1.8|m2.0|m``, ``2.5mm4mm6mm`` as ``2.5|mm4mm6mm``, and sizes
    without a decimal stay one piece (``5w10w``). Read so, the list looks like a
    model number and a rewrite keeps ``m1.8m2.0m`` without the 1.5 it began with.
    After a decimal, the letters a piece begins with are its unit when they are
    a unit of ``measure_units.txt`` (not the ke of 1.5ke13a, a part number, nor
    the x of 25.3|x16.4|cm), and a piece made only of two or more number + unit
    runs is that many sizes (not 900x|400mm), and a number it ends in before a
    unit counts that unit (500ml|2|瓶; not 8g128, two sizes of memory). The
    pieces still spell the text.
    """
    units = latin_units()
    out: list[str] = []
    for k, piece in enumerate(pieces):
        parts = [piece]
        counted = k + 1 < len(pieces) and pieces[k + 1][:1] in UNITS  # (the next piece begins with a unit: 瓶)
        m = _UNIT_LED.match(piece)
        if m and m.group(1) in units and out and _DECIMAL.match(out[-1]):
            parts = [m.group(1), m.group(2)]
        for part in parts:
            runs = _MEASURE.findall(part)
            rest = part[len("".join(runs)) :] if part.startswith("".join(runs)) else None
            tail = [rest] if rest and counted and NUMBER.match(rest) else []  # (500ml|2|瓶: it counts the 瓶)
            if (
                runs and len(runs) + len(tail) >= 2 and "".join(runs) + "".join(tail) == part
                and all(r.lstrip("0123456789.") in units for r in runs)
            ):
                out += runs + tail
            else:
                out.append(part)
    return out


def _make_tokenizer(words: frozenset[str]):
    import jieba

    base_freq, base_total = _load_base()
    tk = jieba.Tokenizer()
    if words:
        freq = dict(base_freq)
        total = base_total
        for w in sorted(words):
            if freq.get(w, 0) <= 0:
                # Like jieba.suggest_freq(w, tune=False) but without needing
                # an initialized tokenizer: enough to keep w whole.
                f = max(ECOMMERCE_WORD_FREQ, 1)
                total += f
                _add(freq, w, f)
    else:
        freq, total = base_freq, base_total
    tk.FREQ, tk.total, tk.initialized = freq, total, True
    return tk


#: Whether the cut may take its dictionary route from rjieba (the ``titleopt[fast]`` extra) when it is
#: installed: None = yes unless the environment variable ``TITLEOPT_FAST_CUT`` is ``0``. The words are the
#: same either way (``tests/test_fast_cut.py``); only the speed differs. See :func:`use_fast_cut`.
_fast_cut: bool | None = None
_NO_ROUTE = object()


def use_fast_cut(enabled: bool | None) -> None:
    """Allow (True), forbid (False) or leave to the environment (None) the rjieba route for tokenizers built later.

    Benchmarks compare the two in one process; a host may turn it off to rule
    it out. Segmenters with words of their own that have already cut keep the
    route they have; the shared word-less one decides again.
    """
    global _fast_cut
    _fast_cut = enabled
    with _base_lock:
        for tk in _shared_tokenizers.values():  # the shared one decides again on its next cut
            tk.__dict__.pop("_titleopt_route", None)
            tk.__dict__.pop("_titleopt_cuts", None)


def fast_cut_available() -> bool:
    """True when rjieba imports and the fast route is allowed (see :func:`use_fast_cut`)."""
    allowed = _fast_cut if _fast_cut is not None else os.environ.get("TITLEOPT_FAST_CUT", "1") != "0"
    if not allowed:
        return False
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return False
    return True


#: Texts a tokenizer cuts in Python before it builds its rjieba route: building it costs about 0.7 s
#: (every dictionary word added to rjieba), which a one-row CLI run or a short script should not pay.
FAST_AFTER = 200


def _route_of(tk):
    """The rjieba route of tokenizer ``tk`` (built once, after :data:`FAST_AFTER` cuts), or None."""
    route = getattr(tk, "_titleopt_route", None)
    if route is None:
        seen = tk.__dict__.get("_titleopt_cuts", 0) + 1
        if seen <= FAST_AFTER:
            tk._titleopt_cuts = seen  # (a lost update between threads only delays the route)
            return None
        with _base_lock:
            route = getattr(tk, "_titleopt_route", None)
            if route is None:
                route = _NO_ROUTE
                if fast_cut_available():
                    from .jieba_cut import RustRoute

                    try:
                        route = RustRoute(tk)
                    except ValueError:  # a host's tokenizer whose total we cannot match: the Python route
                        route = _NO_ROUTE
                tk._titleopt_route = route
    return None if route is _NO_ROUTE else route


class Segmenter:
    """Cut titles into tokens with a private jieba tokenizer.

    ``words`` are extra words to keep whole (keyword roots, brands, model
    names); they affect this instance only. Instances are safe to share
    between threads (cutting only reads the word table) and pickle cheaply
    (a child process rebuilds its tokenizer from the word list).
    """

    def __init__(self, words: Iterable[str] = (), *, hmm: bool = True) -> None:
        self.words = frozenset(w for w in (normalize_term(x) for x in words) if w and " " not in w)
        self.hmm = hmm
        self._tk = None
        self._lock = threading.Lock()
        # The optimizer, the linter and the matcher cut the same title in one
        # call; a small cache makes the second and third cut free.
        self._cache: dict[str, tuple[tuple[str, int], ...]] = {}

    def __reduce__(self):
        return (self.__class__, (sorted(self.words),), {"hmm": self.hmm})

    def __setstate__(self, state: dict) -> None:
        self.hmm = state["hmm"]

    def with_words(self, words: Iterable[str]) -> Segmenter:
        """A new Segmenter with this one's words and ``words`` (this one is unchanged)."""
        return Segmenter(self.words | {normalize_term(w) for w in words}, hmm=self.hmm)

    def _tokenizer(self):
        tk = self._tk
        if tk is None:
            with self._lock:
                if self._tk is None:
                    if self.words:
                        self._tk = _make_tokenizer(self.words)
                    else:
                        with _base_lock:
                            shared = _shared_tokenizers.get(True)
                        if shared is None:
                            shared = _make_tokenizer(frozenset())
                            with _base_lock:
                                shared = _shared_tokenizers.setdefault(True, shared)
                        self._tk = shared
                tk = self._tk
        return tk

    def warm_up(self) -> Segmenter:
        """Load the dictionary now instead of on the first call; returns self."""
        self._tokenizer()
        return self

    def tokens(self, text: str | NormalizedText) -> list[Token]:
        """Tokens of ``text`` with spans into the original string."""
        norm = text if isinstance(text, NormalizedText) else normalize(text)
        offsets = norm.offsets
        return [Token(p, offsets[s], offsets[s + len(p) - 1] + 1) for p, s in self.positions(norm)]

    def positions(self, norm: NormalizedText) -> list[tuple[str, int]]:
        """``(token, start)`` pairs in *normalized* coordinates (for matching).

        The one place where jieba's output becomes tokens: separators are
        dropped, a number keeps its unit (``2`` + ``米`` -> ``2米``), and the
        年 of a year is its own token where jieba glued it to the next word
        (``2019|年大班`` -> ``2019`` + ``年`` + ``大班``), so that a stale year
        goes with its 年 and leaves the next word whole; a unit jieba paired with
        the character after it into a word it does not know goes with its number
        too when the character opens the next item of a bundle (``120|张送`` ->
        ``120张`` + ``送``). A model number keeps its plus
        variant (:func:`plus_variants`).
        """
        cached = self._cache.get(norm.text)
        if cached is not None:
            return list(cached)
        out: list[tuple[str, int]] = []
        pos = 0
        for piece in measure_runs(self._cut(norm.text)) if norm.text else ():
            if _WORDY.search(piece) or _is_word_char(piece[0]):  # (a run of combining marks is no separator)
                glued = bool(out) and out[-1][1] + len(out[-1][0]) == pos
                if piece in UNITS and glued and out[-1][0].isdigit():
                    out[-1] = (out[-1][0] + piece, out[-1][1])
                elif glued and piece[0] == "年" and piece not in _YEAR_WORDS and YEAR.match(out[-1][0]):
                    out += [("年", pos), (piece[1:], pos + 1)] if len(piece) > 1 else [(piece, pos)]
                elif (
                    glued and len(piece) == 2 and piece[1] in _OPENS_NEXT and out[-1][0].isdigit()
                    and piece[0] in _count_chars() and not self.is_word(piece)
                ):
                    # jieba's HMM pairs a unit with the character after it into a word it does not know
                    # (120|张送|毛毡, 2|只加|钢化膜, 2|芯三|钢丝): the unit counts with its number, and a gift
                    # or "with" character or a numeral opens the next item (1|个装 stays: 装 closes the count)
                    out[-1] = (out[-1][0] + piece[0], out[-1][1])
                    out.append((piece[1], pos + 1))
                else:
                    out.append((piece, pos))
            pos += len(piece)
        if "+" in norm.text:
            out = plus_variants(norm.text, out)
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[norm.text] = tuple(out)
        return out

    def _cut(self, text: str) -> list[str]:
        """jieba's pieces of ``text`` (separators included), words of other scripts kept whole."""
        if _OTHER_SCRIPT_HINT.search(text) is None:
            return self._jieba_cut(text)
        out: list[str] = []
        pos = 0
        for start, end in _other_script_words(text):
            if start > pos:
                out += self._jieba_cut(text[pos:start])
            out.append(text[start:end])
            pos = end
        if pos < len(text):
            out += self._jieba_cut(text[pos:])
        return out

    def _jieba_cut(self, text: str) -> list[str]:
        """jieba's pieces of ``text`` (separators included), from this instance's tokenizer.

        A word of jieba's general dictionary that starts with Latin letters (T台, B超,
        IP电话, D版: rare words, frequency 3) never begins inside a Latin run: jieba's
        route charges every lone letter a whole word's cost, so it takes the run's last
        letter into such a word (``optiplex3050m|t台|式|电脑``). The letter goes back to its
        run and the rest is cut again (``optiplex3050mt|台式|电脑``). titleopt's own words and
        the instance's extra words may begin there (``32g|u盘``).
        """
        tk = self._tokenizer()
        if self.hmm:
            from . import jieba_cut  # (imports jieba: not at titleopt's import)

            # the same pieces as tk.cut(text), faster; with rjieba (titleopt[fast]) faster still
            pieces = jieba_cut.cut(tk, text, _route_of(tk))
        else:
            pieces = list(tk.cut(text, HMM=False))
        for i in range(1, len(pieces)):
            p = pieces[i]
            m = _LATIN_HEAD.match(p)
            if m and _LATIN_TAIL.search(pieces[i - 1]) and p not in self.words and p not in _list_mixed_words():
                rest = text[sum(map(len, pieces[:i])) + m.end() :]  # (the pieces spell ``text``)
                return [*pieces[: i - 1], pieces[i - 1] + m.group(), *self._jieba_cut(rest)]
        return pieces

    def is_word(self, word: str) -> bool:
        """True when ``word`` (normalized) is in this instance's dictionary."""
        return self._tokenizer().FREQ.get(word, 0) > 0

    def frequency(self, word: str) -> int:
        """The dictionary frequency of ``word`` (normalized); 0 when unknown. Rare words read as names."""
        return self._tokenizer().FREQ.get(word, 0)

    def edge_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """How many dictionary words (two or more characters) begin and end with each character.

        Chinese words grow at their ends: a character that ends far more words
        than it begins is a suffix (式 ends 797 words of the dictionary,
        方式 正式 卧式…, and begins 9), one that begins far more a prefix (小
        ends 168, begins 1,560). Counted over the dictionary every segmenter
        starts from (jieba's and titleopt's e-commerce words, not a caller's
        own), so the counts are the same for every segmenter; once per
        process (~0.1 s).
        """
        global _edges
        if _edges is None:
            words = [w for w, f in _load_base()[0].items() if f > 0 and len(w) >= 2]
            counts = (dict(Counter(w[0] for w in words)), dict(Counter(w[-1] for w in words)))
            with _base_lock:
                if _edges is None:
                    _edges = counts
        return _edges

    def tagged_words(self, tags: Iterable[str]) -> frozenset[str]:
        """Words that jieba's dictionary tags with one of ``tags`` (``{"q"}``: classifiers such as 张, 卷).

        The part-of-speech column of the dictionary file this instance's
        private tokenizer reads (``word freq tag``, the table ``jieba.posseg``
        uses), without touching jieba's global tokenizer. Read once per
        process and tag set.
        """
        key = frozenset(tags)
        words = _tagged_cache.get(key)
        if words is None:
            tk = self._tokenizer()
            found: set[str] = set()
            with tk.get_dict_file() as fh:
                for raw in fh:
                    parts = raw.decode("utf-8", "replace").split()
                    if len(parts) == 3 and parts[2] in key:
                        found.add(normalize_term(parts[0]))
            words = frozenset(found)
            with _base_lock:
                _tagged_cache.setdefault(key, words)
        return words

    def cut(self, text: str | NormalizedText) -> list[str]:
        """The matching forms of the tokens of ``text``."""
        norm = text if isinstance(text, NormalizedText) else normalize(text)
        return [p for p, _ in self.positions(norm)]


# The shared default: its tokenizer is the read-only shared one above, its cut cache bounded (CACHE_SIZE).
_default: Segmenter | None = None


def default_segmenter() -> Segmenter:
    """A Segmenter with no extra words, shared inside titleopt (it is read-only)."""
    global _default
    if _default is None:
        _default = Segmenter()
    return _default
