"""Does this checkout give the same results as another commit? For speed work, which must change nothing.

Runs ``analyze``, the catalogue path (``analyze(title, product_word=...,
lint=False)``, stating the product word detection finds), ``rewrite`` (two
candidates, fast and exact solver) and ``shorten`` over the same inputs with
the working tree and with a commit checked out into a temporary git
worktree, each in its own process, and compares the results field by field:

* real titles (../shared/data; synthetic ones when absent) with a synthetic
  10,000-keyword table (titles rarely gain words: it exercises detection,
  matching, lint and the kept-title path);
* the shipped sample catalogue with its brands, categories, attributes and
  must-keep words against the sample table (words are added: it exercises
  the knapsack, the solvers and rendering);
* with ``--queries``, real titles with the table derived from real queries,
  as ``real_titles.py`` builds it (slower: about 30 s to build).

Run: ``python benchmarks/same_output.py [--against HEAD] [--titles 300] [--queries]``.
Prints the number of differing results per input and operation, and the
first differences; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = dt.date(2026, 11, 25)
OPERATIONS = ("analyze", "catalogue", "rewrite", "rewrite_exact", "shorten")


def dump(out: Path, titles_n: int, queries: bool) -> None:
    """Child process: write every result of the code on ``sys.path`` as JSON."""
    sys.path.insert(0, str(HERE))
    from _data import SHARED, keyword_rows, titles

    from titleopt.keywords import KeywordTable
    from titleopt.optimizer import TitleOptimizer

    def one(opt, op: str, title: str, kw: dict):
        listing = {k: v for k, v in kw.items() if k in ("brand", "category", "attributes")}
        if op == "analyze":
            return opt.analyze(title, **listing).model_dump()
        if op == "catalogue":  # the catalogue path, stating the product word detection finds
            word = opt.listing(title, **listing).facts.product_word
            return opt.analyze(title, product_word=word, lint=False, **listing).model_dump() if word else None
        if op == "rewrite":
            return opt.rewrite(title, candidates=2, **kw).model_dump()
        if op == "rewrite_exact":
            return opt.rewrite(title, solver="exact", **kw).model_dump()["best"]
        return opt.shorten(title, brand=kw.get("brand"), category=kw.get("category"))

    def run(opt, cases) -> list:
        res = []
        for title, kw in cases:
            row = {}
            for op in OPERATIONS:
                try:
                    row[op] = one(opt, op, title, kw)
                except Exception as exc:  # a refusal is a result too
                    row[op] = f"{type(exc).__name__}: {exc}"
            res.append(row)
        return res

    results: dict[str, list] = {}
    rows = keyword_rows(10_000)
    table = KeywordTable.from_records([{"keyword": k, "volume": v, "ctr": c, "cvr": r} for k, v, c, r in rows])
    real = [(t, {}) for t in titles(titles_n)]
    results["real titles, 10k table"] = run(TitleOptimizer(table, today=TODAY), real)
    sample = ROOT / "dictionaries" / "sample"
    with open(sample / "listings.csv", encoding="utf-8-sig", newline="") as fh:
        listings = list(csv.DictReader(fh))
    cases = []
    for r in listings:
        attrs = dict(p.split(":", 1) for p in r["属性"].split(";") if ":" in p)
        keep = [w for w in r.get("必留词", "").split(";") if w]
        cases.append((r["宝贝标题"], {"brand": r["品牌"] or None, "category": r["类目"] or None, "attributes": attrs}))
        if keep:
            cases.append((r["宝贝标题"], {"brand": r["品牌"] or None, "must_keep": keep}))
    sample_opt = TitleOptimizer(KeywordTable.from_file(sample / "keywords.csv"), today=TODAY)
    results["sample catalogue, sample table"] = run(sample_opt, cases)
    if queries and (SHARED / "taobao_queries").is_dir():
        qtable = KeywordTable.from_queries(SHARED / "taobao_queries" / "train.query.txt", min_count=3)
        results["real titles, query table"] = run(TitleOptimizer(qtable, today=TODAY), real)
    out.write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--against", default="HEAD", help="the commit to compare with (default: HEAD)")
    ap.add_argument("--titles", type=int, default=300, help="real titles to compare")
    ap.add_argument("--queries", action="store_true", help="also compare with the query-derived table")
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dump:
        dump(args.dump, args.titles, args.queries)
        return 0
    with tempfile.TemporaryDirectory(prefix="titleopt-same-") as d:
        tmp = Path(d)
        tree = tmp / "tree"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "-q", str(tree), args.against], check=True)
        try:
            outs = {}
            procs = {}
            for label, path in (("theirs", tree), ("ours", ROOT)):
                outs[label] = tmp / f"{label}.json"
                env = {**os.environ, "PYTHONPATH": str(path), "TITLEOPT_CACHE_DIR": ""}
                cmd = [sys.executable, str(HERE / "same_output.py"), "--dump", str(outs[label])]
                cmd += ["--titles", str(args.titles)]
                if args.queries:
                    cmd.append("--queries")
                procs[label] = subprocess.Popen(cmd, env=env, cwd=str(tmp))
            for label, p in procs.items():
                if p.wait() != 0:
                    print(f"same_output: the {label} run failed")
                    return 2
            theirs = json.loads(outs["theirs"].read_text(encoding="utf-8"))
            ours = json.loads(outs["ours"].read_text(encoding="utf-8"))
        finally:
            subprocess.run([*git, "remove", "--force", str(tree)], check=False)
    return report(theirs, ours, args.against)


def report(theirs: dict, ours: dict, against: str) -> int:
    differ = 0
    print(f"working tree against {against}:")
    for inputs, rows in ours.items():
        old = theirs.get(inputs, [])
        for op in OPERATIONS:
            bad = [i for i, (a, b) in enumerate(zip(old, rows, strict=False)) if a.get(op) != b.get(op)]
            differ += len(bad)
            print(f"  {inputs:<34}{op:<15}{len(rows) - len(bad):>5}/{len(rows)} the same")
            for i in bad[:2]:
                a, b = old[i][op], rows[i][op]
                if isinstance(a, dict) and isinstance(b, dict):
                    keys = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
                    a, b = {k: a.get(k) for k in keys}, {k: b.get(k) for k in keys}
                print(f"      #{i}: {str(a)[:300]}\n        -> {str(b)[:300]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
