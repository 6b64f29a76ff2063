"""Example: check and rewrite titles inside a listing-upload script.

Run it on the shipped sample data (from the repository root)::

    python examples/upload_hook.py examples/listings_example.csv \\
        --keywords dictionaries/sample/keywords.csv

The pattern for your own uploader:

1. Build **one** :class:`titleopt.TitleOptimizer` at start-up (loading the
   keyword table and jieba's dictionary takes a second or two; every call
   after that takes milliseconds) and warm it up with one call.
2. Per listing, just before upload, call ``rewrite()`` (or only
   ``titleopt.lint()`` when you do not want titles changed), log the findings
   and block the upload when a finding has severity ``error``.
3. Catch :class:`titleopt.TitleoptError` (the one base class of everything
   titleopt raises on purpose): a bad listing is logged and skipped, the
   uploader goes on.

Sharing, threads and processes:

* A ``TitleOptimizer`` is read-only after construction (its table, index,
  lexicon and segmenter never change; internal caches only memoise pure
  results), so **one instance may be shared by any number of threads**. Warm
  it up with one call in the main thread first, so that lazy loading happens
  once. Threads give concurrency (waiting on the upload API), not CPU speed:
  the work holds the GIL.
* For CPU parallelism use **processes, each building its own optimizer**
  from the same file paths (e.g. in a ``ProcessPoolExecutor`` initializer,
  as :func:`titleopt.batch.run_batch` does). Do not send an optimizer to
  workers per task: pickling it costs more than the work.
* titleopt never prints, never configures logging and never touches jieba's
  global tokenizer, so it is safe to import into an existing program.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import titleopt
from titleopt.fields import parse_attributes, split_terms

log = logging.getLogger("upload_hook")


@dataclass
class Decision:
    """What the hook decided for one listing."""

    listing_id: str
    upload: bool
    title: str
    findings: list[titleopt.Finding] = field(default_factory=list)
    reason: str = ""


class TitleGate:
    """Rewrite (or only lint) each listing's title before upload; block error-severity findings."""

    def __init__(self, keywords: str, *, platform: str = "taobao", rewrite: bool = True) -> None:
        self.rewrite = rewrite
        self.platform = platform
        table = titleopt.KeywordTable.from_file(keywords)
        for issue in table.issues[:5]:
            log.warning("keyword table: %s", issue.reason)
        self.optimizer = titleopt.TitleOptimizer(keywords=table, platform=platform)
        self.optimizer.analyze("预热纯棉T恤")  # warm-up: lazy loading happens here, once, not in a thread

    def check(self, listing: Mapping[str, str]) -> Decision:
        """Decide for one listing (a dict with title and optional brand, category, attributes…)."""
        lid = str(listing.get("id", "?"))
        title = (listing.get("title") or "").strip()
        if not title:
            return Decision(lid, False, "", reason="empty title")
        try:
            if self.rewrite:
                res = self.optimizer.rewrite(
                    title,
                    brand=listing.get("brand") or None,
                    category=listing.get("category") or None,
                    attributes=parse_attributes(listing.get("attributes")),
                    must_keep=split_terms(listing.get("must_keep")),
                    forbid=split_terms(listing.get("forbid")),
                )
                new_title, findings = res.best, res.findings
            else:
                new_title, findings = title, titleopt.lint(title, platform=self.platform, brand=listing.get("brand"))
        except (titleopt.TitleoptError, ValueError) as exc:  # ValueError: malformed attributes cell
            return Decision(lid, False, title, reason=str(exc))
        for f in findings:
            log.info("listing %s: %s %s: %s", lid, f.code, f.severity, f.message)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            return Decision(lid, False, new_title, findings, reason=f"{len(errors)} error finding(s)")
        return Decision(lid, True, new_title, findings)


def upload(listing: Mapping[str, str], title: str) -> None:
    """Stand-in for your marketplace API call."""
    log.info("listing %s: uploaded with title %s", listing.get("id"), title)


def run(rows: Iterable[Mapping[str, str]], gate: TitleGate) -> tuple[int, int]:
    """Upload what passes the gate; return (uploaded, blocked)."""
    uploaded = blocked = 0
    for row in rows:
        d = gate.check(row)
        if d.upload:
            upload(row, d.title)
            uploaded += 1
        else:
            log.warning("listing %s: blocked: %s", d.listing_id, d.reason)
            blocked += 1
    return uploaded, blocked


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Rewrite and gate titles before upload (titleopt example).")
    ap.add_argument("listings", help="CSV with id,title and optional brand,category,attributes,must_keep,forbid")
    ap.add_argument("--keywords", "-k", required=True, help="keyword-demand table")
    ap.add_argument("--platform", default="taobao")
    ap.add_argument("--lint-only", action="store_true", help="do not change titles, only gate them")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    try:
        gate = TitleGate(args.keywords, platform=args.platform, rewrite=not args.lint_only)
    except titleopt.TitleoptError as exc:
        log.error("cannot start: %s", exc)
        return 2
    with open(args.listings, encoding="utf-8-sig", newline="") as fh:
        uploaded, blocked = run(csv.DictReader(fh), gate)
    log.info("done: %d uploaded, %d blocked", uploaded, blocked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
