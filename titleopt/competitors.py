"""Competitor analysis: what the best sellers' titles say that yours does not.

A seller's first move is to study the top competitors' titles. :class:`CompetitorSet`
does it with numbers, following scikit-learn's estimator conventions
(``__init__`` only stores parameters, :meth:`CompetitorSet.fit` learns and
returns ``self``, learned state ends in ``_``, use before fitting raises
:class:`~titleopt.errors.NotFittedError`):

* **Term statistics.** Titles are cut once by titleopt's
  :class:`~titleopt.segment.Segmenter` and handed to scikit-learn's
  ``TfidfVectorizer`` as token lists (an identity analyzer: no re-segmentation,
  no lower-casing, no token pattern; the segmenter already normalized them).
* **Similarity.** One sparse product of the title's TF-IDF vector with the
  competitor matrix gives the cosine to every competitor; rapidfuzz's
  ``token_set_ratio`` on space-joined tokens is computed only for the most
  similar ones and the near-copy candidates (``process.cpdist``, with
  ``workers`` for batches).
* **Near copies, gap terms, differentiators, competitor brands** for one title, as a
  :class:`~titleopt.models.CompetitorReport`.

Choices and why
---------------
``sublinear_tf=True``
    Sellers repeat words to stuff keywords (``连衣裙女夏连衣裙``). With raw counts
    a repeated word would dominate the vector and make two stuffed titles look
    alike; ``1 + ln(tf)`` still counts the repetition but dampens it.
    ``smooth_idf=True`` keeps ``idf >= 1``: a term every competitor uses (the
    core product word) keeps weight, which matters because for gap terms the
    ubiquitous words are the point.
Brands are left out of the vectors
    Brand tokens (the learned competitor brands, the lexicon's brands and the
    seller's ``brand``, cut out of the title text before segmenting) take no
    part in cosine or fuzzy scores. Two sellers' titles differ by brand by
    definition; a title copied with the brand swapped or removed is still a
    copy, and that is how copies are made. ``tokens_`` keeps every token;
    ``content_tokens_`` is what the vectors are built from, so ``term_share_``
    and ``term_weight_`` have no brand entries. Pass the seller's ``brand`` to
    :meth:`CompetitorSet.compare`: a brand titleopt does not know otherwise
    counts as a word the competitors lack and lowers every cosine.
Cosine with the title's *full* norm
    Terms of the title that no competitor uses are not in the vocabulary, and a
    plain ``vectorizer.transform`` would drop them and normalize what is left,
    so a title with many novel words would look *more* similar than it is. The
    title's norm here includes those terms (with the IDF of an unseen term,
    ``ln(1 + n) + 1``), so the cosine is the true cosine of the two titles.
Near copy: ``cosine >= near_copy_threshold`` (0.9) **and** ``token_set_ratio >= near_copy_fuzzy`` (90)
    Platforms demote duplicate titles (Taobao's 重复铺货 rules look at near-
    identical titles), and copying a top seller's title word for word is the
    most common shortcut. A title that is a competitor's words in another order
    has cosine 1.0 and token_set_ratio 100. One word swapped in a ~10-word title
    gives cosine about 0.9, one extra word about 0.95; titles that merely share
    the category vocabulary stay well below (0.3-0.7 in the sample data). The
    fuzzy key is there because IDF lets a few rare shared words dominate the
    cosine; the unweighted character-level ratio confirms the *text* is nearly
    the same. token_set_ratio alone would not do: a short title whose words are a
    subset of a long competitor's scores 100, which the cosine rejects.
Gap terms
    Terms used by at least two of the competitors (and by ``min_share`` of them
    if set; by default there is no share cut-off, which emptied the list on
    real, varied peers), absent from the title (as a token, as
    a substring of the normalized title, or as a synonym-dictionary variant of
    one of its tokens), never a brand, never a word the lexicon bans (absolute
    terms such as 最好), never a word that contradicts the title (``男`` for a
    ``女`` listing, via ``lexicon.conflicts_with``), never a year (2017新款),
    a promotional or service word, nor another product word (旗袍 for a
    连衣裙); ranked by sales-weighted share (``term_weighted_share_``), then
    sales-weighted importance. A single Chinese character is a gap term only when the lexicon
    knows it as factual (男, 棉) or as a product word (鞋, 包): otherwise it is a
    fragment of a word the segmenter split (小众 -> 小 + 众) and says nothing.
    Each is marked ``factual`` when adding it would be a claim the seller must
    confirm: the lexicon's factual terms (material, colour, sleeve, season,
    gender, size, anything with digits), compatibility phrases (``适用``: fits
    *what*?) and ambiguous brand aliases (``苹果``, ``小米`` in phone-case titles
    name the device the case fits; unambiguous brands are never gap terms).
Differentiators
    The title's own terms that at most :data:`DIFFERENTIATOR_MAX_SHARE` of the
    competitors write (in their text: a peer's 雪纺裙 writes 雪纺): the seller's
    difference (material, workmanship, service) beside what peers say that she
    does not. Brands, years, promotional words and fragments are left out.
Sales weighting (``term_weight_``)
    ``w_i = 1 + ln(1 + sales_i)``, normalized to sum to 1; a title without a
    sales figure gets the median of the known ones; with no sales at all every
    title weighs ``1/n``. The log because sales are heavy-tailed: one 10万+
    listing must not drown the other nine; the ``1 +`` so that a title with no
    sales still says what words the category uses. Then
    ``term_weight_[t] = sum_i w_i * x_it`` with ``x_i`` the L2-normalized TF-IDF
    row of title ``i``: the sales-weighted average TF-IDF weight of the term.
Competitor brands (``brands_``)
    Three sources, each conservative: (1) the brand column, split on ``/ | , 、``;
    (2) tokens the lexicon knows as brands (``lexicon.is_brand``); (3) Latin
    brand-like tokens: letters only (``&``, ``'`` allowed inside), 2-20
    characters, not a generic e-commerce word (``ins``, ``led``, ``polo``, sizes
    ...) nor a factual term, and either the *first* token of a competitor title
    (where sellers put their brand: ``ZARA 女装...``) or right next to a brand
    already known from (1) or (2) (``耐克nike``). Tokens with digits are model
    numbers or sizes, not brands. A brand right after a compatibility phrase
    (``适用于 iPhone``) is still a brand: it is excluded from gap terms, and
    compatibility wording is the business of lint and rewrite.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ConfigError, InputError, NotFittedError
from .io import column_key, detect_encoding, missing_column_error, parse_number, read_table, resolve_columns
from .models import CompetitorMatch, CompetitorReport, GapTerm, LoadIssue
from .normalize import check_title, normalize, normalize_term

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy.sparse import csr_matrix

    from .fuzzy import Variant
    from .segment import Segmenter

log = logging.getLogger(__name__)

#: Column names accepted in competitor files (matched after width/case/space folding).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("标题", "宝贝标题", "商品标题", "商品名称", "宝贝名称", "title", "Product Title", "product_title"),
    "sales": ("月销", "月销量", "销量", "付款人数", "收货人数", "月销售量", "sales", "monthly sales"),
    "price": ("价格", "售价", "一口价", "price"),
    "shop": ("店铺", "店铺名称", "店铺名", "掌柜", "shop", "store", "seller"),
    "brand": ("品牌", "brand"),
    "category": ("类目", "品类", "分类", "category"),
}

DEFAULT_NEAR_COPY_THRESHOLD = 0.9
DEFAULT_NEAR_COPY_FUZZY = 90.0
DEFAULT_TOP_K = 20
#: No share cut-off by default: a real, varied peer set (40 dress titles from
#: different shops) has almost no term but the product word used by 20% of
#: them, so a fixed cut-off emptied the gap list. Gap terms need two peers
#: (one peer's word is its own, not the market's) and are ranked by
#: sales-weighted share; ``top_k`` bounds the list. Pass ``min_share`` to cut.
DEFAULT_MIN_SHARE = 0.0
#: A differentiator is a term of the title used by at most this fraction of the
#: competitors (and by no more than one of them when there are fewer than ten).
DIFFERENTIATOR_MAX_SHARE = 0.1
#: Differentiators listed in one report at most.
MAX_REPORT_DIFFERENTIATORS = 10
#: The report lists at most this many competitor brands (most frequent first);
#: :meth:`CompetitorSet.competitor_brands` gives all of them.
MAX_REPORT_BRANDS = 50
#: Near copies listed in one report at most (highest cosine first).
MAX_REPORT_NEAR_COPIES = 50
#: Fewest distinct titles for which ``n_jobs > 1`` starts processes (below it,
#: starting them costs more than it saves).
PARALLEL_MIN_TITLES = 20_000
#: Rows of a batch scored together in :meth:`CompetitorSet.compare_many`
#: (a 256 x 100,000 dense block of cosines is 200 MB; 64 keeps it at 50 MB).
_BATCH_ROWS = 64

#: Latin words sellers use that are not brands. Deliberately short: it only
#: has to stop the brand heuristic on first tokens like ``ins风`` or ``polo衫``.
_GENERIC_LATIN = frozenset(
    """
    a an and the of for with new hot sale top vip diy ins ip pro max plus mini lite ultra air
    led lcd usb wifi hd tv pc app ai oem odm pu pvc abs tpu eva pp pe pet pc
    polo t tshirt shirt jk lolita bf cec ol dk sk spa bb cc ok
    xs s m l xl xxl xxxl xxxxl xxxxxl ml cm mm kg g l
    """.split()
)
_LATIN_BRANDLIKE = re.compile(r"[a-z][a-z&']{0,18}[a-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BRAND_SPLIT = re.compile(r"\s*[/|,，、;；]\s*")
#: A year, alone or as a 年份款 (2017, 2017年, 2017新款, 2017夏季): stale advice
#: by next season and never a term to copy from peers.
_YEAR_TERM = re.compile(r"(?:19|20)\d\d(?:年|款|新款|年款|新品|年新款|春|夏|秋|冬|季|春季|夏季|秋季|冬季|春夏|秋冬)*")
#: A term with a letter, digit or CJK character (not punctuation or a symbol).
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")


class Lexicon(Protocol):
    """What :class:`CompetitorSet` needs from :func:`titleopt.lexicon.load_lexicon`."""

    brands: Any
    synonyms: Mapping[str, str]
    compat_phrases: Any

    def is_brand(self, term: str) -> bool: ...
    def is_factual(self, term: str) -> bool: ...


def _identity(tokens: list[str]) -> list[str]:
    """Analyzer for pre-tokenized titles (module level so the vectorizer pickles)."""
    return tokens


def _split_brand(value: str) -> list[str]:
    """Brand cell -> normalized brand names (``Nike/耐克`` -> ``nike``, ``耐克``)."""
    return [b for b in (normalize_term(p) for p in _BRAND_SPLIT.split(value or "")) if b]


class CompetitorSet:
    """Competitor titles as term statistics, for similarity, near copies and gap terms.

    Parameters
    ----------
    segmenter:
        The :class:`~titleopt.segment.Segmenter` to cut titles (default: titleopt's
        shared one). Brands from a brand column are added to it as whole words.
    near_copy_threshold:
        Minimum TF-IDF cosine for a near copy (see the module docstring for why 0.9).
    near_copy_fuzzy:
        Minimum rapidfuzz ``token_set_ratio`` (0-100) for a near copy, checked too.
    top_k:
        Number of gap terms reported by :meth:`compare`.
    min_share:
        Minimum fraction of competitor titles using a term for it to be a common
        or gap term; default 0 (no cut-off: two peers are enough, ranking and
        ``top_k`` do the rest).
    lexicon:
        Brand/factual/synonym lexicon (default: :func:`titleopt.lexicon.load_lexicon`).
    workers:
        rapidfuzz threads for batch fuzzy scoring (``-1`` = all cores).
    n_jobs:
        Processes that segment titles in :meth:`fit` (``-1`` = all cores).
        Segmentation is ~90% of fitting; two processes cut about 1.9x faster.
        Used only above :data:`PARALLEL_MIN_TITLES` distinct titles; default 1
        because starting processes is the host program's decision.

    Learned attributes (after :meth:`fit`)
    --------------------------------------
    ``titles_``, ``tokens_`` (per title, every token), ``content_tokens_`` (per
    title, brands left out: what the vectors use), ``joined_`` (content tokens
    joined by spaces, for token-based fuzzy scores), ``vectorizer_`` (fitted
    ``TfidfVectorizer`` with ``norm=None``), ``matrix_`` (titles x terms CSR,
    rows L2-normalized), ``terms_`` (vocabulary, index-aligned with the matrix
    columns), ``term_share_``, ``term_weight_`` and ``term_weighted_share_``
    (dicts term -> float),
    ``sales_`` (float array, NaN where unknown), ``weights_`` (per-title weights,
    sum 1), ``brands_`` (brand -> number of titles it was seen in),
    ``lexicon_``, ``segmenter_``, ``issues_`` (:class:`~titleopt.models.LoadIssue`
    list; empty unless loaded by :meth:`from_file`), ``rows_`` (file row of each
    title, or None), ``prices_`` and ``shops_`` (from files).
    """

    def __init__(
        self,
        *,
        segmenter: Segmenter | None = None,
        near_copy_threshold: float = DEFAULT_NEAR_COPY_THRESHOLD,
        near_copy_fuzzy: float = DEFAULT_NEAR_COPY_FUZZY,
        top_k: int = DEFAULT_TOP_K,
        min_share: float = DEFAULT_MIN_SHARE,
        lexicon: Lexicon | None = None,
        workers: int = 1,
        n_jobs: int = 1,
    ) -> None:
        self.segmenter = segmenter
        self.near_copy_threshold = near_copy_threshold
        self.near_copy_fuzzy = near_copy_fuzzy
        self.top_k = top_k
        self.min_share = min_share
        self.lexicon = lexicon
        self.workers = workers
        self.n_jobs = n_jobs

    # ------------------------------------------------------------ params
    _PARAMS = (
        "segmenter",
        "near_copy_threshold",
        "near_copy_fuzzy",
        "top_k",
        "min_share",
        "lexicon",
        "workers",
        "n_jobs",
    )

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters, as scikit-learn's ``get_params`` (shallow)."""
        return {k: getattr(self, k) for k in self._PARAMS}

    def __repr__(self) -> str:
        fitted = f", n_titles={len(self.titles_)}" if self._fitted else ""
        return (
            f"CompetitorSet(near_copy_threshold={self.near_copy_threshold}, near_copy_fuzzy={self.near_copy_fuzzy}, "
            f"top_k={self.top_k}, min_share={self.min_share}{fitted})"
        )

    @property
    def _fitted(self) -> bool:
        return hasattr(self, "matrix_")

    def _check_fitted(self) -> None:
        if not self._fitted:
            raise NotFittedError("this CompetitorSet is not fitted yet; call fit(titles) or use from_file/from_titles")

    def _check_params(self) -> None:
        if not 0.0 <= float(self.near_copy_threshold) <= 1.0:
            raise ConfigError(f"near_copy_threshold must be within 0..1, got {self.near_copy_threshold!r}")
        if not 0.0 <= float(self.near_copy_fuzzy) <= 100.0:
            raise ConfigError(f"near_copy_fuzzy must be within 0..100, got {self.near_copy_fuzzy!r}")
        if not 0.0 <= float(self.min_share) <= 1.0:
            raise ConfigError(f"min_share must be within 0..1, got {self.min_share!r}")
        if int(self.top_k) < 0:
            raise ConfigError(f"top_k must be >= 0, got {self.top_k!r}")

    # ------------------------------------------------------------ building
    @classmethod
    def from_titles(
        cls,
        titles: Iterable[str],
        sales: Iterable[Any] | None = None,
        brands: Iterable[str | None] | None = None,
        **params: Any,
    ) -> CompetitorSet:
        """``CompetitorSet(**params).fit(titles, sales, brands)``."""
        return cls(**params).fit(titles, sales=sales, brands=brands)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        *,
        strict: bool = False,
        category: str | None = None,
        **params: Any,
    ) -> CompetitorSet:
        """Load competitor titles from CSV/TSV/XLSX/JSONL, or a plain ``.txt`` list, and fit.

        Columns (English or Chinese names, see :data:`COLUMN_ALIASES`): a title
        column is required; sales (月销/销量/付款人数, values like ``1.2万+人付款``),
        price, shop and brand are optional. A ``.txt`` file whose first line is
        not a header with a title column is read as one title per line (sellers
        paste the top ten titles into a text file).

        Bad rows (empty title, unreadable sales or price) are skipped or kept
        without the bad value, and listed in ``issues_`` with file, row and
        column; ``strict=True`` raises :class:`InputError` at the first one
        instead. A file without a title column raises :class:`InputError` naming
        the columns found and the names accepted.

        ``category`` keeps only the rows whose category column (类目/品类/category)
        equals it after normalization: a market export often mixes categories,
        and gap terms only make sense within one.
        """
        p = os.fspath(path)
        return cls._fit_loaded(p, _load(p), strict=strict, category=category, **params)

    @classmethod
    def per_category(
        cls, path: str | os.PathLike[str], *, strict: bool = False, **params: Any
    ) -> Callable[[str | None], CompetitorSet]:
        """Read ``path`` now; the function returned is ``from_file(path, category=...)`` without reading it again.

        For a caller that compares within many categories of one export (the
        ``analyze`` job of :mod:`titleopt.frame`): the file is parsed once, not
        once per category, and need not exist any more once this has returned.
        """
        p = os.fspath(path)
        loaded = _load(p)
        loaded = _Loaded(loaded.columns, list(loaded.rows))

        def fit(category: str | None = None) -> CompetitorSet:
            return cls._fit_loaded(p, loaded, strict=strict, category=category, **params)

        return fit

    @classmethod
    def _fit_loaded(
        cls, p: str, loaded: _Loaded, *, strict: bool, category: str | None, **params: Any
    ) -> CompetitorSet:
        """:meth:`from_file`'s work once the file is read: skip bad rows, keep ``category``'s, fit."""
        issues: list[LoadIssue] = []
        titles: list[str] = []
        sales: list[float | None] = []
        prices: list[float | None] = []
        shops: list[str | None] = []
        brands: list[str | None] = []
        rows: list[int | None] = []

        def issue(row: int | None, column: str | None, reason: str) -> None:
            item = LoadIssue(file=p, row=row, column=column, reason=reason)
            if strict:
                raise InputError(reason, file=p, row=row, column=column)
            log.info("%s row %s column %s: %s", p, row, column, reason)
            issues.append(item)

        cols = loaded.columns
        want = normalize_term(category) if category else None
        if want is not None and "category" not in cols:
            raise InputError(
                f"category {category!r} requested but the file has no category column; "
                f"accepted names: {', '.join(_accepted('category'))}",
                file=p,
            )
        for row, rec in loaded.rows:
            if "__error__" in rec:
                issue(row, None, f"{rec['__error__']}; row skipped")
                continue
            if want is not None and normalize_term(rec.get(cols["category"]) or "") != want:
                continue
            title = (rec.get(cols["title"]) or "").strip()
            if not title:
                issue(row, cols["title"], "empty title; row skipped")
                continue
            try:
                check_title(title)
            except InputError as exc:
                issue(row, cols["title"], f"{exc.reason}; row skipped")
                continue
            sale = None
            if "sales" in cols:
                sale = _parse_sales(rec.get(cols["sales"], ""), lambda r, row=row: issue(row, cols["sales"], r))
            price = None
            if "price" in cols:
                raw = rec.get(cols["price"], "")
                try:
                    price = parse_number(raw, lenient=True)
                except ValueError:
                    issue(row, cols["price"], f"price {raw!r} is not a number; title kept without price")
            titles.append(title)
            sales.append(sale)
            prices.append(price)
            shops.append((rec.get(cols["shop"]) or "").strip() or None if "shop" in cols else None)
            brands.append((rec.get(cols["brand"]) or "").strip() or None if "brand" in cols else None)
            rows.append(row)
        if not titles:
            what = f" of category {category!r}" if category else ""
            raise InputError(f"no competitor titles{what} in the file", file=p)
        log.info("%s: %d competitor titles, %d issues", p, len(titles), len(issues))
        has_sales = "sales" in cols
        est = cls(**params).fit(titles, sales=sales if has_sales else None, brands=brands if "brand" in cols else None)
        est.issues_ = issues
        est.rows_ = rows
        est.prices_ = prices
        est.shops_ = shops
        est.file_ = p
        return est

    def fit(
        self,
        titles: Iterable[str],
        sales: Iterable[Any] | None = None,
        brands: Iterable[str | None] | None = None,
    ) -> CompetitorSet:
        """Learn term statistics from competitor titles; returns ``self``.

        ``sales`` (optional, aligned with ``titles``) may be numbers or exported
        text (``1.2万+人付款``, ``500+``, ``-`` for unknown); ``brands``
        (optional, aligned) is each listing's brand. Raises :class:`InputError`
        for an empty or non-text title or an unreadable sales value, naming the
        1-based position as the row: programmatic input is expected to be clean
        (:meth:`from_file` reports bad rows instead).
        """
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize as l2_normalize

        self._check_params()
        if isinstance(titles, str):
            raise InputError("fit() takes a list of titles, not one string")
        titles = list(titles)
        n = len(titles)
        if n == 0:
            raise InputError("no competitor titles to fit")
        for i, t in enumerate(titles):
            try:
                check_title(t, what="competitor title")
            except InputError as exc:
                raise InputError(exc.reason, row=i + 1, column="title") from None
            if not t.strip():
                raise InputError("empty competitor title", row=i + 1, column="title")
        sales_arr = self._sales_array(sales, n)
        brand_cells = self._aligned(brands, n, "brands")

        lexicon = self.lexicon if self.lexicon is not None else _default_lexicon()
        column_brands: Counter[str] = Counter()
        for cell in brand_cells:
            if cell:
                column_brands.update(set(_split_brand(cell)))

        seg = self.segmenter
        if seg is None:
            from .segment import default_segmenter

            seg = default_segmenter()
        if column_brands:
            seg = seg.with_words(b for b in column_brands if not b.isascii())
        tokens = _cut_all(seg, titles, self.n_jobs)
        brands = _find_brands(tokens, column_brands, lexicon)
        vocab = {t for toks in tokens for t in toks}
        brand_tokens = frozenset(t for t in vocab if t in brands or lexicon.is_brand(t))
        content = [[t for t in toks if t not in brand_tokens] for toks in tokens]

        vec = TfidfVectorizer(
            analyzer=_identity,
            lowercase=False,
            token_pattern=None,
            norm=None,
            sublinear_tf=True,
            smooth_idf=True,
            use_idf=True,
        )
        try:
            raw = vec.fit_transform(content)
        except ValueError as exc:  # empty vocabulary: no title has a word in it
            raise InputError(f"competitor titles contain no words: {exc}") from exc
        matrix = l2_normalize(raw, norm="l2", copy=False).tocsr()
        matrix.sort_indices()
        terms = vec.get_feature_names_out()

        weights = _title_weights(sales_arr)
        df = np.bincount(matrix.indices, minlength=len(terms))
        share = df / n
        weight = np.asarray(matrix.T @ weights).ravel()
        presence = matrix.copy()
        presence.data[:] = 1.0
        weighted_share = np.asarray(presence.T @ weights).ravel()

        self.titles_ = titles
        self.tokens_ = tokens
        self.content_tokens_ = content
        self.joined_ = [" ".join(t) for t in content]
        self._brand_tokens = brand_tokens
        self.segmenter_ = seg
        self.lexicon_ = lexicon
        self._synonyms = _synonym_canon(lexicon)  # an index of the lexicon, built once per fit
        self.vectorizer_ = vec
        self.matrix_ = matrix
        self.terms_ = terms
        self.vocabulary_ = vec.vocabulary_
        self.df_ = df
        self.term_share_ = {t: float(s) for t, s in zip(terms.tolist(), share.tolist(), strict=True)}
        self.term_weight_ = {t: float(w) for t, w in zip(terms.tolist(), weight.tolist(), strict=True)}
        self.term_weighted_share_ = {
            t: float(w) for t, w in zip(terms.tolist(), weighted_share.tolist(), strict=True)
        }
        self.sales_ = sales_arr
        self.weights_ = weights
        self.brands_ = brands
        self._brand_order = [b for b, _ in sorted(brands.items(), key=lambda kv: (-kv[1], kv[0]))]
        self._unknown_idf = math.log(1.0 + n) + 1.0
        self._idf = vec.idf_
        self._share_arr = share
        self._weight_arr = weight
        self._wshare_arr = weighted_share
        # Every title's tokens glued back, one per line: counts how many peers
        # write a term even where they segment it differently (雪纺 in 雪纺裙).
        self._peer_text = "\n".join("".join(toks) for toks in tokens)
        self._eligible = None
        self.issues_ = []
        self.rows_ = [None] * n
        self.prices_ = [None] * n
        self.shops_ = [None] * n
        self.file_ = None
        log.debug("fitted %d competitor titles, %d terms, %d brands", n, len(terms), len(self.brands_))
        return self

    @staticmethod
    def _aligned(values: Iterable[Any] | None, n: int, what: str) -> list[Any]:
        if values is None:
            return [None] * n
        out = list(values)
        if len(out) != n:
            raise InputError(f"{what} has {len(out)} values for {n} titles")
        return out

    def _sales_array(self, sales: Iterable[Any] | None, n: int) -> np.ndarray:
        import numpy as np

        arr = np.full(n, np.nan)
        for i, v in enumerate(self._aligned(sales, n, "sales")):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue

            def bad(reason: str, i: int = i) -> None:
                raise InputError(reason, row=i + 1, column="sales")

            parsed = _parse_sales(v, bad)
            if parsed is not None:
                arr[i] = parsed
        return arr

    # ------------------------------------------------------------ vectors
    def transform(self, titles: Sequence[str]) -> csr_matrix:
        """TF-IDF rows for ``titles`` such that ``transform(t) @ matrix_.T`` is the true cosine.

        Each row is divided by the title's full norm, including the terms no
        competitor uses (see the module docstring), so rows may have norm < 1
        over the competitor vocabulary.
        """
        self._check_fitted()
        if isinstance(titles, str):
            raise InputError("transform() takes a list of titles, not one string; use compare(title)")
        return self._vectors([self._content(self.segmenter_.cut(check_title(t))) for t in titles])

    def _query_row(self, tokens: list[str]) -> tuple[list[int], list[float]]:
        """Column indices and values of one title's vector, scaled by its full norm.

        Same numbers as ``vectorizer_.transform`` (``(1 + ln tf) * idf``) but
        built directly: the sklearn call costs ~2 ms per title in validation,
        ten times the product itself.
        """
        vocab = self.vocabulary_
        idf = self._idf
        cols: list[int] = []
        vals: list[float] = []
        sq = 0.0
        for term, c in sorted(Counter(tokens).items()):
            tf = 1.0 + math.log(c)
            j = vocab.get(term)
            if j is None:
                sq += (tf * self._unknown_idf) ** 2
                continue
            v = tf * idf[j]
            sq += v * v
            cols.append(j)
            vals.append(v)
        if sq > 0:
            inv = 1.0 / math.sqrt(sq)
            vals = [v * inv for v in vals]
        return cols, vals

    def _vectors(self, token_lists: list[list[str]]) -> csr_matrix:
        import numpy as np
        from scipy.sparse import csr_matrix

        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for toks in token_lists:
            cols, vals = self._query_row(toks)
            indices.extend(cols)
            data.extend(vals)
            indptr.append(len(indices))
        return csr_matrix(
            (np.asarray(data, dtype=float), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(token_lists), len(self.terms_)),
        )

    def _cosines(self, token_lists: list[list[str]]) -> np.ndarray:
        """Dense ``len(token_lists) x n_competitors`` cosines.

        One title: a CSR mat-vec with a dense query (O(nnz), ~0.2 ms for 10,000
        competitors). Several: one sparse-sparse product.
        """
        import numpy as np

        if len(token_lists) == 1:
            cols, vals = self._query_row(token_lists[0])
            q = np.zeros(len(self.terms_))
            q[cols] = vals
            return (self.matrix_ @ q)[None, :]
        return (self._vectors(token_lists) @ self.matrix_.T).toarray()

    def similarities(self, title: str, *, brand: str | None = None) -> np.ndarray:
        """TF-IDF cosine of ``title`` (brands left out) with every competitor, in fitted order."""
        self._check_fitted()
        return self._cosines([self._content(self._cut_without_brand(check_title(title), brand))])[0]

    def _cut_without_brand(self, title: str, brand: str | None) -> list[str]:
        """Tokens of ``title`` with the seller's ``brand`` cut out of the text first.

        Cutting it out of the text, not the tokens: this segmenter may not know
        the seller's brand and would split it (棉语 -> 棉 + 语) or glue it to
        the next word.
        """
        if not brand:
            return self.segmenter_.cut(title)
        text = normalize(title).text
        for b in sorted(_split_brand(brand), key=len, reverse=True):
            text = text.replace(b, " ")
        return self.segmenter_.cut(text)

    def _content(self, tokens: list[str]) -> list[str]:
        """Tokens without brands: the part of a title a copy would share."""
        lex = self.lexicon_
        drop = self._brand_tokens
        return [t for t in tokens if t not in drop and not lex.is_brand(t)]

    # ------------------------------------------------------------ reports
    def compare(self, title: str, *, brand: str | None = None, top: int = 5) -> CompetitorReport:
        """The competitor section for one title.

        ``brand`` is the seller's own brand: it is left out of
        ``competitor_brands``. ``top`` is the number of most similar
        competitors listed; near copies are found among *all* competitors.
        """
        return self.compare_many([title], brand=brand, top=top)[0]

    def compare_many(self, titles: Sequence[str], *, brand: str | None = None, top: int = 5) -> list[CompetitorReport]:
        """:meth:`compare` for a batch: cosines by sparse matrix products in blocks of rows.

        Fuzzy scores for all (title, candidate) pairs of a block go to rapidfuzz's
        ``process.cpdist`` at once, with ``workers`` threads.
        """
        import numpy as np
        from rapidfuzz import fuzz, process

        self._check_fitted()
        if isinstance(titles, str):
            raise InputError("compare_many() takes a list of titles; use compare(title) for one")
        if top < 0:
            raise ConfigError(f"top must be >= 0, got {top!r}")
        titles = [check_title(t) for t in titles]
        token_lists = [self.segmenter_.cut(t) for t in titles]
        if brand:
            content_lists = [self._content(self._cut_without_brand(t, brand)) for t in titles]
        else:
            content_lists = [self._content(toks) for toks in token_lists]
        reports: list[CompetitorReport] = []
        for start in range(0, len(titles), _BATCH_ROWS):
            toks = token_lists[start : start + _BATCH_ROWS]
            content = content_lists[start : start + _BATCH_ROWS]
            cos = self._cosines(content)
            cands = [self._candidates(row, top) for row in cos]
            pairs_q = [" ".join(content[r]) for r, c in enumerate(cands) for _ in c]
            pairs_c = [self.joined_[j] for c in cands for j in c]
            fz = (
                process.cpdist(pairs_q, pairs_c, scorer=fuzz.token_set_ratio, workers=self.workers)
                if pairs_q
                else np.zeros(0)
            )
            pos = 0
            for r, c in enumerate(cands):
                fuzzy = fz[pos : pos + len(c)]
                pos += len(c)
                reports.append(self._report(titles[start + r], toks[r], cos[r], c, fuzzy, brand, top))
        return reports

    def _candidates(self, cos_row: np.ndarray, top: int) -> list[int]:
        """Indices to fuzzy-score: the ``top`` most similar plus every near-copy candidate."""
        import numpy as np

        n = cos_row.shape[0]
        picked = set(np.flatnonzero(cos_row >= self.near_copy_threshold - 1e-9).tolist())
        k = min(top, n)
        if k:
            # The k-th highest cosine, then everything at or above it, so that
            # ties are broken by fitted order below and not by the partition.
            kth = -np.partition(-cos_row, k - 1)[k - 1]
            above = np.flatnonzero(cos_row >= max(kth, 1e-12))
            best = sorted(above.tolist(), key=lambda j: (-cos_row[j], j))[:k]
            picked.update(best)
        # Highest cosine first, ties by fitted order: deterministic.
        return sorted(picked, key=lambda j: (-cos_row[j], j))

    def _report(
        self,
        title: str,
        tokens: list[str],
        cos_row: np.ndarray,
        cands: list[int],
        fuzzy: np.ndarray,
        brand: str | None,
        top: int,
    ) -> CompetitorReport:
        matches = []
        for j, f in zip(cands, fuzzy.tolist(), strict=True):
            c = float(cos_row[j])
            near = c >= self.near_copy_threshold - 1e-9 and f >= self.near_copy_fuzzy
            matches.append(
                CompetitorMatch(
                    index=j, title=self.titles_[j], cosine=round(min(c, 1.0), 4), fuzzy=round(f, 2), near_copy=near
                )
            )
        # Ties at equal cosine: the candidate list is already in a deterministic order.
        most_similar = [m for m in matches if m.cosine > 0][:top]
        near_copies = [m for m in matches if m.near_copy][:MAX_REPORT_NEAR_COPIES]
        common, gaps = self._terms_for(title, tokens)
        differentiators = self._differentiators(title, tokens, brand)
        rare = {d.term for d in differentiators}
        return CompetitorReport(
            differentiators=differentiators,
            n_competitors=len(self.titles_),
            max_cosine=round(min(float(cos_row.max()) if cos_row.size else 0.0, 1.0), 4),
            most_similar=most_similar,
            near_copies=near_copies,
            common_terms=[t for t in common if t not in rare],  # a term few peers use is not common
            gap_terms=gaps,
            competitor_brands=self.competitor_brands(brand)[:MAX_REPORT_BRANDS],
        )

    def _eligible_terms(self) -> list[int]:
        """Term indices used by enough competitors: sales-weighted share, then weight (high first), then term."""
        cached = getattr(self, "_eligible", None)
        if cached is not None:
            return cached
        import numpy as np

        n = len(self.titles_)
        min_df = min(2, n)
        ok = np.flatnonzero((self._share_arr >= self.min_share - 1e-12) & (self.df_ >= min_df))
        order = sorted(ok.tolist(), key=lambda j: (-self._wshare_arr[j], -self._weight_arr[j], self.terms_[j]))
        self._eligible = order
        return order

    def _terms_for(self, title: str, tokens: list[str]) -> tuple[list[str], list[GapTerm]]:
        lex = self.lexicon_
        canon = self._synonyms
        # Optional lexicon abilities (the shipped Lexicon has them; minimal test doubles may not).
        is_banned = getattr(lex, "is_banned", None)
        conflicts_with = getattr(lex, "conflicts_with", None)
        is_product_word = getattr(lex, "is_product_word", None)
        is_promo = getattr(lex, "is_promo", None)
        is_service = getattr(lex, "is_service", None)
        brand_of = getattr(lex, "brand_of", None)
        compat = {normalize_term(c) for c in (getattr(lex, "compat_phrases", None) or ())}
        own = set(tokens)
        own_canon = {canon.get(t, t) for t in own}
        # Last characters of the title's product words: 长裙 may be a gap for a 连衣裙, 旗袍 may not.
        own_heads = {t[-1] for t in own if is_product_word is not None and is_product_word(t)}
        text = normalize(title).text.replace(" ", "")
        brands = self.brands_
        common: list[str] = []
        gaps: list[GapTerm] = []
        for j in self._eligible_terms():
            term = str(self.terms_[j])
            if term in own:
                common.append(term)
                continue
            if len(gaps) >= self.top_k:
                continue
            if term in brands or lex.is_brand(term):
                continue  # another seller's brand is never a suggestion
            if term in text or canon.get(term, term) in own_canon:
                continue  # present under another segmentation or spelling
            if not _WORDLIKE.search(term) or _YEAR_TERM.fullmatch(term):
                continue  # punctuation, or a year: 2017 is stale stock, not a keyword
            if is_banned is not None and is_banned(term):
                continue  # e.g. 最好: illegal to add, whatever competitors do
            if is_promo is not None and is_promo(term):
                continue  # 包邮, 特价: promotion, not what the item is
            if is_service is not None and is_service(term):
                continue  # 代购, 定制: how it is sold, not what it is
            if is_product_word is not None and is_product_word(term) and term[-1] not in own_heads:
                continue  # 旗袍 for a 连衣裙: another product, not a missing word
            if conflicts_with is not None and conflicts_with(term, tokens, context=text):
                continue  # 男 for a 女 listing: not a gap, a different product
            factual = bool(lex.is_factual(term))
            if (
                len(term) == 1
                and _CJK.match(term)
                and not (factual or (is_product_word is not None and is_product_word(term)))
            ):
                continue  # a fragment of a split word
            if not factual:
                factual = term in compat or (brand_of is not None and brand_of(term) is not None)
            gaps.append(
                GapTerm(
                    term=term,
                    share=round(float(self._share_arr[j]), 4),
                    weight=round(float(self._weight_arr[j]), 6),
                    factual=factual,
                    weighted_share=round(float(self._wshare_arr[j]), 4),
                )
            )
        return common, gaps

    def _differentiators(self, title: str, tokens: list[str], brand: str | None) -> list[GapTerm]:
        """The title's own terms that few competitors write: what sets the listing apart.

        A seller is told to find her difference (材质, 做工, 服务) as well as what
        peers say that she does not. A term counts when at most
        :data:`DIFFERENTIATOR_MAX_SHARE` of the competitors write it, counted in
        their text, not their tokens, so a peer's 雪纺裙 counts as writing 雪纺.
        Brands (hers and others'), years, promotional and banned words, bare
        numbers and one-character fragments are never a difference worth
        showing. In title order; at most :data:`MAX_REPORT_DIFFERENTIATORS`.
        """
        lex = self.lexicon_
        is_banned = getattr(lex, "is_banned", None)
        is_promo = getattr(lex, "is_promo", None)
        is_product_word = getattr(lex, "is_product_word", None)
        n = len(self.titles_)
        most = max(1, math.floor(DIFFERENTIATOR_MAX_SHARE * n + 1e-9))
        own_brands = set(_split_brand(brand)) if brand else set()
        out: list[GapTerm] = []
        seen: set[str] = set()
        for term in tokens:
            if term in seen:
                continue
            seen.add(term)
            if not _WORDLIKE.search(term) or term.isdigit() or _YEAR_TERM.fullmatch(term):
                continue  # a bare number (20 of 20片) is no difference on its own
            if term in own_brands or term in self.brands_ or lex.is_brand(term):
                continue
            if (is_banned is not None and is_banned(term)) or (is_promo is not None and is_promo(term)):
                continue
            factual = bool(lex.is_factual(term))
            if len(term) == 1 and not (factual or (is_product_word is not None and is_product_word(term))):
                continue  # a fragment (or a lone letter) says nothing on its own
            uses = self._peer_text.count(term)
            if uses > most:
                continue
            j = self.vocabulary_.get(term)
            out.append(
                GapTerm(
                    term=term,
                    share=round(min(uses / n, 1.0), 4),
                    weight=round(float(self._weight_arr[j]), 6) if j is not None else 0.0,
                    factual=factual,
                    weighted_share=round(float(self._wshare_arr[j]), 4) if j is not None else 0.0,
                )
            )
            if len(out) >= MAX_REPORT_DIFFERENTIATORS:
                break
        return out

    # ------------------------------------------------------------ brands, terms
    def competitor_brands(self, brand: str | None = None) -> list[str]:
        """Brands seen among competitors that are not the seller's ``brand``, most frequent first.

        This is the complete list (the report caps it); lint and rewrite use it
        to keep other sellers' brands out of titles.
        """
        self._check_fitted()
        own = set(_split_brand(brand)) if brand else set()
        return [b for b in self._brand_order if b not in own]

    def is_competitor_brand(self, term: str, *, brand: str | None = None) -> bool:
        """True when ``term`` is a competitor brand (learned here or in the lexicon) and not the seller's."""
        self._check_fitted()
        t = normalize_term(term)
        if brand and t in set(_split_brand(brand)):
            return False
        return t in self.brands_ or bool(self.lexicon_.is_brand(t))

    def top_terms(self, n: int = 20) -> list[tuple[str, float, float]]:
        """``(term, share, weight)`` of the most important competitor terms (brands included)."""
        self._check_fitted()
        order = sorted(range(len(self.terms_)), key=lambda j: (-self._weight_arr[j], self.terms_[j]))[:n]
        return [(str(self.terms_[j]), float(self._share_arr[j]), float(self._weight_arr[j])) for j in order]

    def term_variants(
        self, terms: Iterable[str], *, threshold: float | None = None, min_share: float | None = None
    ) -> list[Variant]:
        """Variant spellings between ``terms`` (keywords, title tokens) and competitor terms.

        Only competitor terms with share >= ``min_share`` (default: the
        estimator's) are compared. Reported, never merged; see :mod:`titleopt.fuzzy`.
        """
        from .fuzzy import DEFAULT_THRESHOLD, find_variants

        self._check_fitted()
        ms = self.min_share if min_share is None else min_share
        comp = [str(self.terms_[j]) for j in range(len(self.terms_)) if self._share_arr[j] >= ms - 1e-12]
        return find_variants(
            terms,
            comp,
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
            synonyms=self._synonyms,
            workers=self.workers,
        )


# ---------------------------------------------------------------- helpers
def _default_lexicon() -> Lexicon:
    from .lexicon import load_lexicon

    return load_lexicon()


def _synonym_canon(lex: Lexicon) -> dict[str, str]:
    """Lexicon synonyms as normalized variant -> normalized canonical (built once per :meth:`CompetitorSet.fit`)."""
    return {normalize_term(k): normalize_term(v) for k, v in (getattr(lex, "synonyms", None) or {}).items()}


def _cut_chunk(seg: Segmenter, titles: list[str]) -> list[list[str]]:
    """Worker: cut a chunk of titles (module level so it pickles)."""
    return [seg.cut(t) for t in titles]


def _cut_all(seg: Segmenter, titles: list[str], n_jobs: int = 1) -> list[list[str]]:
    """Cut every distinct title once (duplicates are common in competitor dumps).

    With ``n_jobs != 1`` and enough titles, chunks go to a process pool (the
    multiprocessing start method is the host's default). The dictionary is
    loaded in this process first, so forked workers inherit it instead of
    each loading it again. Results keep the input order, so output is the
    same as with one process.
    """
    unique = list(dict.fromkeys(titles))
    jobs = (os.cpu_count() or 1) if n_jobs == -1 else max(1, int(n_jobs))
    if jobs > 1 and len(unique) >= PARALLEL_MIN_TITLES:
        import concurrent.futures
        import functools

        seg.warm_up()
        size = -(-len(unique) // (jobs * 4))
        chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            parts = list(pool.map(functools.partial(_cut_chunk, seg), chunks))
        cut = dict(zip(unique, (t for part in parts for t in part), strict=True))
    else:
        cut = {t: seg.cut(t) for t in unique}
    return [list(cut[t]) for t in titles]


def _parse_sales(value: Any, report: Any) -> float | None:
    """Parse a sales cell leniently; call ``report(reason)`` and return None when unusable."""
    try:
        v = parse_number(value, lenient=True)
    except ValueError:
        report(f"sales {value!r} is not a number; title kept without sales")
        return None
    if v is None:
        return None
    if math.isinf(v) or math.isnan(v) or v < 0:
        report(f"sales {value!r} is not a usable count; title kept without sales")
        return None
    return v


def _title_weights(sales: np.ndarray) -> np.ndarray:
    """Per-title weights summing to 1: ``1 + ln(1 + sales)``, unknown sales = median of known."""
    import numpy as np

    n = sales.shape[0]
    known = ~np.isnan(sales)
    if not known.any():
        return np.full(n, 1.0 / n)
    filled = np.where(known, sales, float(np.median(sales[known])))
    w = 1.0 + np.log1p(filled)
    return w / w.sum()


def _find_brands(tokens: list[list[str]], column_brands: Counter[str], lex: Lexicon) -> dict[str, int]:
    """Competitor brands -> number of titles they appear in (brand-column rows count too)."""
    found: Counter[str] = Counter()
    known = set(column_brands)
    vocab = {t for toks in tokens for t in toks}
    lex_brands = {t for t in vocab if lex.is_brand(t)}
    known |= lex_brands

    def generic(t: str) -> bool:
        return t in _GENERIC_LATIN or bool(lex.is_factual(t))

    for toks in tokens:
        seen: set[str] = set()
        for i, t in enumerate(toks):
            if t in known:
                seen.add(t)
                continue
            if not _LATIN_BRANDLIKE.fullmatch(t) or generic(t):
                continue
            if i == 0 or (i > 0 and toks[i - 1] in known) or (i + 1 < len(toks) and toks[i + 1] in known):
                seen.add(t)
        found.update(seen)
    for b, c in column_brands.items():
        found[b] = max(found[b], c)
    return dict(sorted(found.items()))


# ---------------------------------------------------------------- file loading
class _Loaded:
    """Rows of a competitor file with the resolved logical columns."""

    def __init__(self, columns: dict[str, str], rows: Iterable[tuple[int, dict[str, str]]]) -> None:
        self.columns = columns
        self.rows = rows


def _accepted(field: str) -> list[str]:
    return list(COLUMN_ALIASES[field])


def _all_aliases() -> list[str]:
    return [a for names in COLUMN_ALIASES.values() for a in names]


def _load(path: str) -> _Loaded:
    return _load_plain_list(path) if _is_plain_list(path) else _load_table(path)


def _is_plain_list(path: str) -> bool:
    """A ``.txt`` file whose first line is not a header naming a title column."""
    if Path(path).suffix.lower() != ".txt" or not os.path.isfile(path):
        return False
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    cells = re.split(r"[\t,;]", first)
    titles = {column_key(a) for a in COLUMN_ALIASES["title"]}
    return not any(column_key(c.strip().strip('"')) in titles for c in cells)


def _load_plain_list(path: str) -> _Loaded:
    """One title per line; row numbers are line numbers (blank lines are skipped silently)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=path) from exc
    enc = detect_encoding(raw[: 64 * 1024])
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode the file as {enc} text ({exc.reason}); save it as UTF-8", file=path) from exc
    text = text.lstrip("\ufeff")
    rows = [(i, {"title": ln.strip()}) for i, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    return _Loaded({"title": "title"}, rows)


def _load_table(path: str) -> _Loaded:
    table = read_table(path, header_hint=_all_aliases())
    cols = resolve_columns(table.columns, COLUMN_ALIASES)
    if "title" not in cols:
        # Close the lazy row iterator (it holds the file open).
        close = getattr(table.rows, "close", None)
        if close is not None:
            close()
        raise missing_column_error(table.file, "title", table.columns, _accepted("title"))
    return _Loaded(cols, table.rows)
