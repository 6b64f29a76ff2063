"""Benchmark CompetitorSet and titleopt.fuzzy: fit, one-vs-many compare, cdist workers.

Run: ``python benchmarks/bench_competitors.py`` (add ``--quick`` for a smoke run).

Titles come from ``../shared/data/real_titles`` (read-only evaluation data) when
present, else from a synthetic generator. To reach 100,000 *distinct* titles
(duplicates would be segmented once and flatter the numbers) each benchmark
title joins the first half of one real title to the second half of another.
Everything is seeded: two runs measure the same inputs.

Prints one table per measurement, with the ratio between variants side by side.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import spliced_titles  # noqa: E402

DATA = ROOT.parent / "shared" / "data"

_SYNTH_WORDS = (
    "夏季 冬季 春秋 新款 2025 纯棉 短袖 长袖 t恤 卫衣 连衣裙 女 男 宽松 修身 百搭 韩版 ins 潮牌 加绒 加厚 圆领 "
    "连帽 外套 上衣 打底衫 白色 黑色 学生 情侣 保温杯 大容量 便携 不锈钢 手机壳 适用 透明 防摔 磁吸 充电器 快充 "
    "数据线 双肩包 电脑包 运动鞋 跑步鞋 透气 面膜 补水 口红 哑光 茶叶 绿茶 礼盒 坚果 零食 收纳盒 桌面 防晒霜"
).split()


def load_titles() -> tuple[list[str], str]:
    """Real titles when the shared data is there, else a synthetic list."""
    folder = DATA / "real_titles"
    titles: list[str] = []
    if folder.is_dir():
        for f in sorted(folder.glob("*.jsonl")):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    t = json.loads(line).get("title", "").strip()
                    if len(t) >= 6:
                        titles.append(t)
    if titles:
        return titles, f"real_titles ({len(titles):,} titles)"
    rng = random.Random(0)
    synth = ["".join(rng.sample(_SYNTH_WORDS, rng.randint(6, 12))) for _ in range(20_000)]
    return synth, "synthetic (shared data absent)"


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def row(*cells: object, widths=(48, 13, 13, 13)) -> None:
    out = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=False))]
    print("".join(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--n-fit", type=int, default=100_000)
    ap.add_argument("--n-comp", type=int, default=10_000)
    ap.add_argument("--n-queries", type=int, default=300)
    args = ap.parse_args()
    if args.quick:
        args.n_fit, args.n_comp, args.n_queries = 5_000, 2_000, 50

    import numpy as np
    import rapidfuzz
    import sklearn
    from rapidfuzz import fuzz, process

    from titleopt.competitors import CompetitorSet
    from titleopt.fuzzy import near_duplicates
    from titleopt.lexicon import load_lexicon
    from titleopt.segment import Segmenter

    base, source = load_titles()
    print(
        f"# bench_competitors  python {platform.python_version()}  sklearn {sklearn.__version__}  "
        f"rapidfuzz {rapidfuzz.__version__}  cores {__import__('os').cpu_count()}"
    )
    print(f"# titles: {source}")

    seg = Segmenter()
    t_load, _ = timed(lambda: seg.warm_up())
    lex = load_lexicon()
    print(f"# segmenter dictionary load {t_load:.2f} s (once per process, not counted below)\n")

    # ------------------------------------------------------------ fit
    from sklearn.feature_extraction.text import TfidfVectorizer

    from titleopt.competitors import _identity

    fit_titles = spliced_titles(base, args.n_fit, seed=1)
    t_fit, cs_big = timed(lambda: CompetitorSet(segmenter=seg, lexicon=lex).fit(fit_titles))
    t_fit2, cs_par = timed(lambda: CompetitorSet(segmenter=seg, lexicon=lex, n_jobs=2).fit(fit_titles))
    assert cs_par.tokens_ == cs_big.tokens_
    token_lists = cs_big.tokens_
    vec = TfidfVectorizer(analyzer=_identity, token_pattern=None, norm=None, sublinear_tf=True)
    t_tfidf, _ = timed(lambda: vec.fit_transform(token_lists))
    row(f"fit {args.n_fit:,} titles", "seconds", "titles/s", "share/ratio")
    row("  total, n_jobs=1", f"{t_fit:.2f}", f"{args.n_fit / t_fit:,.0f}", "100%")
    row(
        "  of which TF-IDF on pre-cut tokens",
        f"{t_tfidf:.2f}",
        f"{args.n_fit / t_tfidf:,.0f}",
        f"{t_tfidf / t_fit:.0%}",
    )
    rest = t_fit - t_tfidf
    row("  of which segmentation + stats + brands", f"{rest:.2f}", f"{args.n_fit / rest:,.0f}", f"{rest / t_fit:.0%}")
    row("  total, n_jobs=2 (processes)", f"{t_fit2:.2f}", f"{args.n_fit / t_fit2:,.0f}", f"{t_fit / t_fit2:.2f}x")
    print(f"  vocabulary {len(cs_big.terms_):,} terms, {len(cs_big.brands_):,} brands\n")
    del cs_big, cs_par
    gc.collect()

    # ------------------------------------------------------------ one vs many
    comp_titles = spliced_titles(base, args.n_comp, seed=2)
    queries = spliced_titles(base, args.n_queries, seed=3)
    cs = CompetitorSet(segmenter=seg, lexicon=lex).fit(comp_titles)
    cs.compare(queries[0])  # warm caches (eligible terms, synonym map)
    q_tokens = [seg.cut(q) for q in queries]

    def per_title(fn) -> float:
        t, _ = timed(fn, repeat=3)
        return t / len(queries) * 1000

    ms_cut = per_title(lambda: [seg.cut(q) for q in queries])
    ms_cos = per_title(lambda: [cs._cosines([t]) for t in q_tokens])
    ms_sim = per_title(lambda: [cs.similarities(q) for q in queries])
    ms_compare = per_title(lambda: [cs.compare(q) for q in queries])
    ms_many = per_title(lambda: cs.compare_many(queries))
    row(f"1 title vs {args.n_comp:,} competitors", "ms/title", "titles/s", "vs compare")
    row("  segment the title only", f"{ms_cut:.3f}", f"{1000 / ms_cut:,.0f}", f"{ms_cut / ms_compare:.2f}")
    row(
        "  cosine only (pre-cut, one sparse product)",
        f"{ms_cos:.3f}",
        f"{1000 / ms_cos:,.0f}",
        f"{ms_cos / ms_compare:.2f}",
    )
    row("  similarities(title) (cut + cosine)", f"{ms_sim:.3f}", f"{1000 / ms_sim:,.0f}", f"{ms_sim / ms_compare:.2f}")
    row("  compare(title) (full report)", f"{ms_compare:.3f}", f"{1000 / ms_compare:,.0f}", "1.00")
    row(
        f"  compare_many({len(queries)} titles)",
        f"{ms_many:.3f}",
        f"{1000 / ms_many:,.0f}",
        f"{ms_many / ms_compare:.2f}",
    )
    print()

    # ------------------------------------------------------------ cdist workers
    n_q = min(1000, len(queries) * 4) if not args.quick else 100
    qs = [" ".join(t) for t in (seg.cut(x) for x in spliced_titles(base, n_q, seed=4))]
    cands = cs.joined_
    raw_q = spliced_titles(base, n_q, seed=4)
    row(f"cdist {n_q:,} x {len(cands):,}", "1 worker s", "2 workers s", "speed-up")
    for name, scorer, a, b in (
        ("ratio (raw titles)", fuzz.ratio, raw_q, comp_titles),
        ("token_set_ratio (space-joined tokens)", fuzz.token_set_ratio, qs, cands),
    ):
        t1, m1 = timed(lambda s=scorer, a=a, b=b: process.cdist(a, b, scorer=s, workers=1, dtype=np.uint8))
        t2, m2 = timed(lambda s=scorer, a=a, b=b: process.cdist(a, b, scorer=s, workers=2, dtype=np.uint8))
        assert np.array_equal(m1, m2)
        row(f"  {name}", f"{t1:.2f}", f"{t2:.2f}", f"{t1 / t2:.2f}x")

    # near_duplicates on a keyword-sized list (real queries when present)
    qfile = DATA / "taobao_queries" / "train.query.txt"
    n_kw = 5_000 if args.quick else 20_000
    if qfile.is_file():
        with open(qfile, encoding="utf-8") as fh:
            kws = [ln.split("\t", 1)[1].strip() for ln in fh if "\t" in ln][:n_kw]
        kw_source = "taobao_queries"
    else:
        kws = spliced_titles(base, n_kw, seed=5)
        kws = [k[:8] for k in kws]
        kw_source = "synthetic"
    t1, p1 = timed(lambda: near_duplicates(kws, synonyms=lex.synonyms, workers=1))
    t2, p2 = timed(lambda: near_duplicates(kws, synonyms=lex.synonyms, workers=2))
    assert p1 == p2
    row(f"  near_duplicates {len(kws):,} {kw_source} (all pairs)", f"{t1:.2f}", f"{t2:.2f}", f"{t1 / t2:.2f}x")
    print(f"  near-duplicate pairs found: {len(p1):,}; e.g. {p1[:3]}")
    print(f"\n# median title length {statistics.median(len(t) for t in comp_titles):.0f} characters")


if __name__ == "__main__":
    main()
