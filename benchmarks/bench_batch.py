"""Benchmark batch rewriting (issue 8): throughput vs raw jieba, cache, --jobs, memory, start-up.

Run from the repository root::

    python benchmarks/bench_batch.py                    # everything, sizes as in issue 8 (long: see README)
    python benchmarks/bench_batch.py --quick            # a smoke run in about a minute
    python benchmarks/bench_batch.py --only throughput,startup --titles 2000
    python benchmarks/bench_batch.py --only bigtable    # issue 22: keywords on 200,000 rows, rewrite with them

Each section measures its variants side by side in the same run and prints
the ratio, so a busy machine shifts both numbers rather than the ratio.
Inputs are generated in a temporary folder (see bench_batch_data.py) and
deleted afterwards; nothing derived from the evaluation data is kept. When
../shared/data is absent the script says so and exits 0.

Targets (issue 8, revised by issue 22): analyze ≥ 0.30× (≥ 0.40× with titleopt[fast]) and rewrite
(fast solver) ≥ 0.20× (≥ 0.25×) raw ``jieba.lcut`` throughput (CPU) with a 10,000-keyword table; ``--jobs 2`` ≥ 1.7×
``--jobs 1``; peak memory of a 1,000,000-row run within 10% of a 100,000-row
run; start-up of ``titleopt rewrite`` on a one-row file ≤ 2× ``python -c
"import jieba; jieba.lcut('测试')"``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_batch_data as data  # noqa: E402
from _data import best_of, fresh_optimizer, load_average, sourced_titles, spliced_titles  # noqa: E402

TODAY = dt.date(2026, 11, 25)
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
CLI = [sys.executable, "-m", "titleopt.cli", "rewrite"]
CWD = {"dir": ROOT}  # where the CLI runs: `python -m` imports titleopt from there first


def line(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<44} {value:>14}  {note}")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


# ------------------------------------------------------------ throughput
def bench_throughput(n_titles: int, keywords: Path) -> dict[str, float]:
    """Titles per second: jieba.lcut, TitleOptimizer.analyze, TitleOptimizer.rewrite (fast), same titles.

    Titles from every real source (Taobao and JD, ``_data.sourced_titles``).
    Each step is built fresh for each of 3 runs (its own optimizer, a copy of
    the table, a new Lexicon, emptied module caches: ``_data.best_of``), each
    titleopt step without and with the ``titleopt[fast]`` route when rjieba is
    installed; CPU time, best of 3.
    """
    import jieba

    import titleopt
    from titleopt import segment

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    kw = titleopt.KeywordTable.from_file(keywords)
    items = sourced_titles(n_titles + 30)
    warm = [t for _, t in items[:: max(1, len(items) // 30)]][:30]
    items = [it for it in items if it[1] not in set(warm)]
    segment.use_fast_cut(True)
    routes = (False, True) if segment.fast_cut_available() else (False,)

    def make(kind: str, fast: bool):
        def build():
            opt = fresh_optimizer(kw, fast=fast, today=TODAY)
            return opt.analyze if kind == "analyze" else (lambda t: opt.rewrite(t, solver="fast"))

        return build

    steps = {"jieba": lambda: jieba.lcut}
    for fast in routes:
        for kind in ("analyze", "rewrite"):
            steps[kind + (" [fast]" if fast else "")] = make(kind, fast)
    best = best_of(steps, items, warm)
    cpu = {k: sum(v.values()) for k, v in best.items()}
    n = len(items)
    print(f"\nthroughput ({n:,} real titles from every source, {len(kw):,}-keyword table, CPU best of 3, "
          f"load {load_average()})")
    line("jieba.lcut", f"{n / cpu['jieba']:,.0f}")
    out = {"jieba": n / cpu["jieba"]}
    for name in steps:
        if name == "jieba":
            continue
        target = (0.30, 0.40) if name.startswith("analyze") else (0.20, 0.25)
        goal = target[1] if "fast" in name else target[0]
        ratio = cpu["jieba"] / cpu[name]
        per_src = ", ".join(f"{s} {best['jieba'][s] / best[name][s]:.3f}" for s in best[name])
        line(f"TitleOptimizer.{name}", f"{n / cpu[name]:,.0f}",
             f"{ratio:.3f}× jieba (target ≥ {goal}: {verdict(ratio >= goal)}; {per_src})")
        out[name] = n / cpu[name]
        out[name + "_ratio"] = ratio
    return out


# ------------------------------------------------------------------ cache
def bench_cache(titles: list[str], keywords: Path, tmp: Path, repeats: int) -> dict[str, float]:
    """run_batch in process on a catalogue where each title appears ``repeats`` times, cache on vs off."""
    from titleopt.batch import RewriteJob, run_batch

    src = data.write_catalogue(tmp / "cache.csv", titles, len(titles) * repeats)
    out: dict[str, float] = {}
    for name, size in (("off", 0), ("on", 20_000)):
        job = RewriteJob(keywords=str(keywords), today=TODAY, cache_size=size)
        job.start()  # build outside the timing: this compares per-row cost
        t0 = time.perf_counter()
        s = run_batch(job, str(src), str(tmp / f"cache_{name}.csv"))
        out[name] = s.rows / (time.perf_counter() - t0)
    same = (tmp / "cache_off.csv").read_bytes() == (tmp / "cache_on.csv").read_bytes()
    print(f"\ncache ({len(titles):,} distinct titles × {repeats} = {len(titles) * repeats:,} rows, rows/s, in process)")
    line("cache off", f"{out['off']:,.0f}")
    line("cache on", f"{out['on']:,.0f}", f"{out['on'] / out['off']:.2f}×; outputs identical: {same}")
    return {"off": out["off"], "on": out["on"], "ratio": out["on"] / out["off"], "identical": float(same)}


# ------------------------------------------------------------------- jobs
class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the CLI and the workers it waited for
    max_rss_kib: int  # peak RSS of the largest single process among them
    load: float  # 1-minute load average at the end: other work on the machine skews wall times


def run_cli(args: list[str]) -> Run:
    """Run ``titleopt rewrite ARGS`` in a fresh process; os.wait4 gives its own resource usage."""
    t0 = time.perf_counter()
    p = subprocess.Popen(CLI + args, env=ENV, cwd=CWD["dir"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"titleopt rewrite failed ({p.returncode}): {err}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.getloadavg()[0])


def bench_jobs(titles: list[str], keywords: Path, tmp: Path, rows: int) -> dict[str, float]:
    """``titleopt rewrite --jobs 1`` vs ``--jobs 2`` on ``rows`` distinct titles (the cache cannot help)."""
    src = data.write_catalogue(tmp / "jobs.csv", spliced_titles(titles, rows), rows)  # distinct: no cache hits
    runs = {}
    for jobs in (1, 2):
        out = tmp / f"jobs{jobs}.csv"
        runs[jobs] = run_cli([str(src), "-k", str(keywords), "-o", str(out), "-q", "-j", str(jobs)])
    same = (tmp / "jobs1.csv").read_bytes() == (tmp / "jobs2.csv").read_bytes()
    speedup = runs[1].wall / runs[2].wall
    print(f"\n--jobs ({rows:,} rows of distinct titles, {os.cpu_count()} CPUs, wall time incl. start-up)")
    for j, r in runs.items():
        line(f"--jobs {j}", f"{r.wall:,.1f} s", f"{rows / r.wall:,.0f} rows/s; CPU {r.cpu:,.1f} s; load {r.load:.1f}")
    line("speed-up", f"{speedup:.2f}×", f"(target ≥ 1.7: {verdict(speedup >= 1.7)}); byte-identical: {same}")
    line("CPU jobs 2 / jobs 1", f"{runs[2].cpu / runs[1].cpu:.2f}×", "parallel overhead (1.00 = none)")
    return {
        "rows": rows,
        "jobs1": runs[1]._asdict(),
        "jobs2": runs[2]._asdict(),
        "speedup": speedup,
        "identical": float(same),
    }


# ----------------------------------------------------------------- memory
def bench_memory(titles: list[str], keywords: Path, tmp: Path, sizes: list[int], distinct: int) -> dict[str, Any]:
    """Peak RSS of ``titleopt rewrite --jobs 1`` as the file grows (titles repeat: rows are cache hits)."""
    base = titles[:distinct]
    res = {}
    for n in sizes:
        src = data.write_catalogue(tmp / f"mem{n}.csv", base, n)
        res[n] = run_cli([str(src), "-k", str(keywords), "-o", str(tmp / f"mem{n}_out.csv"), "-q"])
        src.unlink()
        (tmp / f"mem{n}_out.csv").unlink()
    print(f"\npeak memory (titleopt rewrite --jobs 1; {distinct:,} distinct titles repeated to size)")
    for n, r in res.items():
        line(f"{n:,} rows", f"{r.max_rss_kib / 1024:,.0f} MiB", f"{r.wall:,.1f} s, {n / r.wall:,.0f} rows/s")
    out: dict[str, Any] = {str(n): r._asdict() for n, r in res.items()}
    if len(sizes) >= 2:
        ratio = res[sizes[-1]].max_rss_kib / res[sizes[0]].max_rss_kib
        line(f"{sizes[-1]:,} vs {sizes[0]:,}", f"{ratio:.3f}×", f"(target ≤ 1.10: {verdict(ratio <= 1.10)})")
        out["ratio"] = ratio
    return out


# ------------------------------------------------------------- big table
def bench_bigtable(titles: list[str], keywords: Path, tmp: Path, n_keywords: int, rows: int) -> dict[str, float]:
    """``titleopt keywords`` on an ``n_keywords``-row table never loaded before, and rewrite with it vs 10,000 (#22).

    The keywords run is the table's first load (dictionary cached, table not):
    reading, checking and segmenting every row. The rewrites run ``rows``
    distinct titles with each table already in the table cache, so the rates
    compare per-title work, start-up included.
    """
    big = data.write_keyword_table(tmp / f"keywords{n_keywords}.csv", n_keywords)
    n_big = sum(1 for _ in big.open(encoding="utf-8")) - 1
    cmd = [sys.executable, "-m", "titleopt.cli", "keywords", str(big)]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=ENV, cwd=CWD["dir"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert p.stderr is not None
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"titleopt keywords failed: {err}")
    load_wall, load_cpu = time.perf_counter() - t0, usage.ru_utime + usage.ru_stime
    src = data.write_catalogue(tmp / "big.csv", spliced_titles(titles, rows), rows)
    runs = {}
    for name, table in (("10k", keywords), ("big", big)):
        run_cli([str(src), "-k", str(table), "-o", str(tmp / "big_out.csv"), "-q"])  # the table into the cache
        runs[name] = run_cli([str(src), "-k", str(table), "-o", str(tmp / "big_out.csv"), "-q"])
    print(f"\nbig table ({n_big:,} keywords; rewrite: {rows:,} distinct titles, tables cached, wall incl. start-up)")
    line(f"titleopt keywords, {n_big:,} rows, uncached", f"{load_wall:,.1f} s",
         f"CPU {load_cpu:,.1f} s (target < 10 s: {verdict(load_wall < 10)}); load {os.getloadavg()[0]:.1f}")
    for name, r in runs.items():
        line(f"rewrite with the {name} table", f"{rows / r.wall:,.0f} rows/s", f"{r.wall:,.1f} s; load {r.load:.1f}")
    ratio = runs["big"].wall / runs["10k"].wall
    line("big / 10k time", f"{ratio:.2f}×", f"(target ≤ 2: {verdict(ratio <= 2)})")
    return {"keywords": n_big, "load_s": load_wall, "load_cpu_s": load_cpu,
            "rewrite_10k": runs["10k"]._asdict(), "rewrite_big": runs["big"]._asdict(), "ratio": ratio}


# ---------------------------------------------------------------- start-up
def bench_startup(keywords: Path, tmp: Path, repeat: int = 7) -> dict[str, float]:
    """Median wall time of a one-row rewrite vs a cold jieba segmentation, over ``repeat`` interleaved rounds.

    Each round runs the commands once, in turn, so that a change of load
    on the machine hits all of them; the ratio is that of the medians. The
    CPU column (user + system of the process) shows what each run received.
    """
    one = tmp / "one.csv"
    one.write_text("宝贝标题\n2025新款夏季纯棉短袖T恤男宽松\n", encoding="utf-8")
    # a title naming no known product word takes the noun fallback (jieba's tags, from the cache)
    bare = tmp / "bare.csv"
    bare.write_text("宝贝标题\n详谈可调通用款\n", encoding="utf-8")
    sample = ROOT / "dictionaries" / "sample" / "keywords.csv"
    commands = {
        "jieba": [sys.executable, "-c", "import jieba; jieba.lcut('测试')"],
        "sample": [*CLI, str(one), "-k", str(sample), "-o", str(tmp / "one_out.csv"), "-q"],
        "kw10k": [*CLI, str(one), "-k", str(keywords), "-o", str(tmp / "one_out.csv"), "-q"],
        "kw10k_nocache": [*CLI, str(one), "-k", str(keywords), "-o", str(tmp / "one_out.csv"), "-q"],
        # a table never loaded before (a fresh copy each round): the dictionary is cached, the table is not
        "kw10k_newtable": [*CLI, str(one), "-k", str(tmp / "new_table.csv"), "-o", str(tmp / "one_out.csv"), "-q"],
        "kw10k_bare": [*CLI, str(bare), "-k", str(keywords), "-o", str(tmp / "one_out.csv"), "-q"],
    }
    # The CLI keeps its dictionary in a cache folder (here the run's own, warmed
    # first, as jieba's temp-folder cache is warm); "nocache" turns it off.
    envs = {name: ENV for name in commands} | {"kw10k_nocache": {**ENV, "TITLEOPT_CACHE_DIR": ""}}
    for warm in ("sample", "kw10k_bare"):
        subprocess.run(commands[warm], env=ENV, cwd=CWD["dir"], check=True, capture_output=True)

    def timed(name: str) -> tuple[float, float]:
        cmd = commands[name]
        if name == "kw10k_newtable":
            fresh = tmp / f"new_table_{time.monotonic_ns()}.csv"
            shutil.copyfile(keywords, fresh)
            cmd = [str(fresh) if c == str(tmp / "new_table.csv") else c for c in cmd]
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=envs[name], cwd=CWD["dir"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"start-up command failed: {' '.join(cmd)}")
        return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime

    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for _ in range(repeat):
        for name in commands:
            runs[name].append(timed(name))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"\nstart-up (one-row file, median of {repeat} interleaved rounds, wall; CPU in brackets)")
    line('python -c "import jieba; jieba.lcut(...)"', f"{wall['jieba']:.2f} s", f"[CPU {cpu['jieba']:.2f} s]")
    for name, label in (
        ("sample", "sample table (382 kw)"),
        ("kw10k", "10,000-keyword table"),
        ("kw10k_nocache", "10k, no dictionary cache"),
        ("kw10k_newtable", "10k, table not cached yet"),
        ("kw10k_bare", "10k, title with no known product word"),
    ):
        ratio = wall[name] / wall["jieba"]
        line(
            f"titleopt rewrite, {label}",
            f"{wall[name]:.2f} s",
            f"{ratio:.2f}×  (target ≤ 2: {verdict(ratio <= 2)})  [CPU {cpu[name]:.2f} s, "
            f"{cpu[name] / cpu['jieba']:.2f}×; wall min–max {min(w for w, _ in runs[name]):.2f}–"
            f"{max(w for w, _ in runs[name]):.2f} s]",
        )
    return {
        "rounds": repeat,
        "jieba_s": wall["jieba"],
        "sample_s": wall["sample"],
        "kw10k_s": wall["kw10k"],
        "sample_ratio": wall["sample"] / wall["jieba"],
        "kw10k_ratio": wall["kw10k"] / wall["jieba"],
        "kw10k_nocache_s": wall["kw10k_nocache"],
        "kw10k_nocache_ratio": wall["kw10k_nocache"] / wall["jieba"],
        "kw10k_newtable_s": wall["kw10k_newtable"],
        "kw10k_newtable_ratio": wall["kw10k_newtable"] / wall["jieba"],
        "cpu_s": cpu,
    }


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress visible in a log file
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="throughput,cache,jobs,memory,startup", help="comma-separated sections")
    ap.add_argument("--titles", type=int, default=2000, help="titles for the throughput section")
    ap.add_argument("--jobs-rows", type=int, default=100_000, help="rows for the --jobs section")
    ap.add_argument("--big-keywords", type=int, default=200_000, help="table size for the bigtable section")
    ap.add_argument("--big-rows", type=int, default=2000, help="titles rewritten in the bigtable section")
    ap.add_argument("--mem-rows", default="100000,1000000", help="row counts for the memory section")
    ap.add_argument("--mem-distinct", type=int, default=2000, help="distinct titles in the memory files")
    ap.add_argument("--cache-repeats", type=int, default=4, help="times each title repeats in the cache section")
    ap.add_argument("--startup-rounds", type=int, default=7, help="interleaved rounds in the start-up section")
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers to this JSON file")
    ap.add_argument(
        "--snapshot",
        action="store_true",
        help="run the CLI from a copy of titleopt/ taken at start (a shared checkout may change mid-run)",
    )
    args = ap.parse_args()
    if not data.available():
        print("bench_batch: ../shared/data (real titles, queries) is absent; nothing to measure")
        return 0
    if args.quick:
        args.titles, args.jobs_rows, args.mem_rows, args.mem_distinct = 200, 400, "2000,20000", 200
    sections = set(args.only.split(","))
    titles = data.real_titles()
    print(f"bench_batch: {platform.python_version()}, {os.cpu_count()} CPUs, {dt.date.today()}")
    print(f"  titles: {len(titles):,} distinct real titles; load average {os.getloadavg()[0]:.2f} at start")
    results: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="titleopt-bench-") as d:
        tmp = Path(d)
        keywords = data.write_keyword_table(tmp / "keywords10k.csv")
        ENV["TITLEOPT_CACHE_DIR"] = str(tmp / "cache")  # the CLI's dictionary cache: this run's, not the user's
        if args.snapshot:
            snap = tmp / "code"
            shutil.copytree(ROOT / "titleopt", snap / "titleopt")
            shutil.copytree(ROOT / "dictionaries", snap / "dictionaries")
            ENV["PYTHONPATH"] = str(snap)
            CWD["dir"] = snap
        if "throughput" in sections:
            results["throughput"] = bench_throughput(args.titles, keywords)
        if "cache" in sections:
            results["cache"] = bench_cache(
                titles[: max(args.titles // args.cache_repeats, 50)], keywords, tmp, args.cache_repeats
            )
        if "jobs" in sections:
            results["jobs"] = bench_jobs(titles, keywords, tmp, args.jobs_rows)
        if "memory" in sections:
            sizes = [int(x) for x in args.mem_rows.split(",")]
            results["memory"] = bench_memory(titles, keywords, tmp, sizes, args.mem_distinct)
        if "bigtable" in sections:
            results["bigtable"] = bench_bigtable(titles, keywords, tmp, args.big_keywords, args.big_rows)
        if "startup" in sections:
            results["startup"] = bench_startup(keywords, tmp, args.startup_rounds)
    print(f"  load average {os.getloadavg()[0]:.2f} at the end")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
