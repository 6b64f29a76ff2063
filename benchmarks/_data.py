"""Shared inputs for the benchmarks (real titles when ../shared/data exists, else synthetic ones) and their timing loop.

Evaluation data is read in place and never copied into the repository.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

_SYNTH_WORDS = (
    "新款 韩版 宽松 百搭 纯棉 短袖 长袖 夏季 秋冬 加绒 男 女 ins风 学生 休闲 时尚 大码 卫衣 T恤 连衣裙 手机壳 "
    "数据线 保温杯 收纳盒 防晒霜 面膜 口红 坚果 螺蛳粉 运动鞋 双肩包 iPhone15 500ml 2025 白色 黑色 复古 简约"
).split()


def real_titles(limit: int | None = None, split: str = "train") -> list[str]:
    """Real Taobao titles from ../shared/data/real_titles (empty list when absent)."""
    out: list[str] = []
    for path in sorted((SHARED / "real_titles").glob(f"*_{split}.jsonl")):
        with open(path, encoding="utf-8") as fh:
            out += [json.loads(line)["title"] for line in fh if line.strip()]
    return out[:limit] if limit else out


#: Every real title source in ../shared/data: name -> (folder, file pattern).
SOURCES = {
    "taobao ding2019": ("real_titles", "ding2019_*.jsonl"),
    "taobao jie2019": ("real_titles", "jie2019_*.jsonl"),
    "jd": ("jd_titles", "*.jsonl"),
}


def source_titles() -> dict[str, list[str]]:
    """Distinct real titles of each source (train and dev files alike); empty when the data is absent."""
    out: dict[str, list[str]] = {}
    for name, (folder, pattern) in SOURCES.items():
        seen: dict[str, None] = {}
        for path in sorted((SHARED / folder).glob(pattern)):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        seen.setdefault(json.loads(line)["title"], None)
        if seen:
            out[name] = list(seen)
    return out


def sourced_titles(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``(source, title)`` pairs: ``n`` distinct titles, an equal share from every real source, grouped by source.

    Shuffled with ``seed`` inside each source (train and dev mixed); synthetic
    titles (source ``"synthetic"``) when the data is absent.
    """
    rng = random.Random(seed)
    srcs = source_titles()
    if not srcs:
        return [("synthetic", "".join(rng.sample(_SYNTH_WORDS, rng.randint(6, 12)))) for _ in range(n)]
    share = -(-n // len(srcs))
    out: list[tuple[str, str]] = []
    for name, ts in srcs.items():
        ts = list(ts)
        rng.shuffle(ts)
        out += [(name, t) for t in ts[:share]]
    return out[:n]


def titles(n: int, seed: int = 7) -> list[str]:
    """``n`` titles drawn from every real source (see :func:`sourced_titles`), synthetic when the data is absent."""
    return [t for _, t in sourced_titles(n, seed)]


def queries() -> list[str]:
    """Real Taobao queries (empty when absent)."""
    path = SHARED / "taobao_queries" / "train.query.txt"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t")[-1] for line in fh if line.strip()]


def keyword_rows(n: int, seed: int = 11) -> list[tuple[str, float, str, str]]:
    """``n`` synthetic demand rows (keyword, volume, ctr, cvr) built from query words.

    Queries give realistic phrases; the numbers are random (benchmarks only).
    """
    rng = random.Random(seed)
    base = queries() or ["".join(rng.sample(_SYNTH_WORDS, rng.randint(1, 3))) for _ in range(n)]
    seen: set[str] = set()
    rows = []
    i = 0
    while len(rows) < n:
        q = base[i % len(base)]
        if i >= len(base):
            q = q + rng.choice(_SYNTH_WORDS)
        i += 1
        if q in seen or len(q) > 30:
            continue
        seen.add(q)
        rows.append((q, float(rng.randint(100, 100_000)), f"{rng.uniform(1, 15):.2f}%", f"{rng.uniform(0.5, 8):.2f}%"))
    return rows


def spliced_titles(base: list[str], n: int, seed: int = 11) -> list[str]:
    """``n`` distinct titles: the first half of one base title joined to the second half of another.

    Repeating real titles would let per-process caches answer most rows and
    flatter throughput; spliced titles keep real vocabulary and length.
    """
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        a, b = rng.choice(base), rng.choice(base)
        t = a[: len(a) // 2] + b[len(b) // 2 :]
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


# ---------------------------------------------------------------- fresh steps, best of 3
def clear_caches() -> None:
    """Empty every memo (``functools`` cache) of titleopt's modules: normalization, OpenCC, rule caches.

    Module-level caches are shared by every optimizer in a process, so the
    step measured second would find words the first one cached. Only caches
    of more than one entry (per-word and per-title memos); one-entry loaders
    of shipped files are left.
    """
    for name, mod in list(sys.modules.items()):
        if name != "titleopt" and not name.startswith("titleopt."):
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_info", None)
            if info is not None and getattr(obj, "cache_clear", None) is not None and info().maxsize != 1:
                obj.cache_clear()


def fresh_optimizer(table, *, fast: bool, **kwargs):
    """A TitleOptimizer of its own: a copy of ``table`` (new Segmenter, empty caches), a new Lexicon.

    ``fast`` allows or forbids the rjieba route (``titleopt[fast]``) for the
    copy's segmenter; it has effect only when rjieba is installed.
    """
    import pickle

    from titleopt import segment
    from titleopt.lexicon import load_lexicon
    from titleopt.optimizer import TitleOptimizer

    segment.use_fast_cut(fast)
    segment.FAST_AFTER = 0  # the route is built on the warm-up's first cut, not inside the timed titles
    copy = pickle.loads(pickle.dumps(table))
    return TitleOptimizer(copy, lexicon=load_lexicon(cached=False), **kwargs)


def best_of(
    steps: dict[str, Callable[[], Callable[[str], object]]],
    items: list[tuple[str, str]],
    warm: list[str],
    reps: int = 3,
) -> dict[str, dict[str, float]]:
    """CPU seconds of each step per source: the best of ``reps`` runs, each step built fresh every run.

    ``steps`` maps a name to a factory returning the per-title function; the
    factory runs after :func:`clear_caches`, so every step starts with its own
    optimizer, lexicon and empty caches, and is warmed on ``warm`` (other
    titles: dictionary load, first imports) before timing. The order of the
    steps rotates between runs; CPU time and the best run keep the load of a
    shared machine out of the ratios as far as possible. A title a step
    rejects (InputError) still counts its time.
    """
    import gc

    from titleopt.errors import TitleoptError

    names = list(steps)
    best: dict[str, dict[str, float]] = {k: {} for k in names}
    groups: dict[str, list[str]] = {}
    for src, t in items:
        groups.setdefault(src, []).append(t)
    for r in range(reps):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            clear_caches()
            fn = steps[name]()
            for t in warm:
                try:
                    fn(t)
                except TitleoptError:
                    pass
            gc.collect()
            for src, ts in groups.items():
                c0 = time.process_time()
                for t in ts:
                    try:
                        fn(t)
                    except TitleoptError:
                        pass
                c = time.process_time() - c0
                best[name][src] = min(best[name].get(src, float("inf")), c)
    return best


def load_average() -> str:
    """The machine's 1, 5 and 15-minute load averages (the machine is shared: record them beside any figure)."""
    import os

    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"
