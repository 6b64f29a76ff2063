"""Issue 18: does a rewrite ever add a style or attribute value the listing does not state?

Run: ``python benchmarks/added_words.py [--jd 2000]``. Rewrites the first N long JD titles and the Taobao
dev titles with the query-derived table (built in memory as in ``real_titles.py``, never written) and counts
the words added, and among them the factual ones (``Lexicon.is_factual``: materials, colours, seasons,
genders, styles…) the title does not state. Target: 0. Evaluation data is read from ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data"

import titleopt  # noqa: E402
from titleopt.normalize import normalize_term  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jd", type=int, default=2000, help="long JD titles to rewrite (first N)")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print("../shared/data is not available")
        return 0
    table = titleopt.KeywordTable.from_queries(DATA / "taobao_queries" / "train.query.txt", min_count=3)
    opt = titleopt.TitleOptimizer(table)
    titles = [json.loads(line)["title"] for line in open(DATA / "jd_titles" / "dev.jsonl", encoding="utf-8")]
    titles = titles[: args.jd]
    for name in ("ding2019_dev.jsonl", "jie2019_dev.jsonl"):
        titles += [json.loads(line)["title"] for line in open(DATA / "real_titles" / name, encoding="utf-8")]
    added: Counter[str] = Counter()
    unstated: Counter[str] = Counter()
    gained = 0
    for title in titles:
        try:
            words = opt.rewrite(title).candidates[0].added
        except titleopt.TitleoptError:
            continue
        gained += bool(words)
        for w in words:
            added[w] += 1
            n = normalize_term(w)
            if opt.lexicon.is_factual(n) and n not in normalize_term(title):
                unstated[w] += 1
    print(f"{len(titles):,} titles; {gained:,} gained a word; {sum(added.values()):,} words added")
    print(f"unstated facts or styles added: {sum(unstated.values())} {unstated.most_common(10)}")
    print(f"most added: {added.most_common(15)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
