"""Which rule a claim breaks on a platform: PRC law in China, the platform's own policy elsewhere.

The claim rules were written for Chinese marketplaces and cited the
Advertising Law on every platform; an Amazon seller is bound by Amazon's
listing rules and the law where she sells, not by 广告法. The table
``dictionaries/platform_policies.tsv`` says, per platform and topic, whether
the rule's own PRC citation applies (``law:cn``), which platform policy to cite
(with the page it was read on), or that none was verified (``none``) - in which
case the message says so rather than cite a rule nobody checked.
"""

from __future__ import annotations

import functools

from ..errors import InputError
from ..platforms import Platform
from ..resources import data_path

#: Topics of ``platform_policies.tsv``: absolute terms, rankings, promises, health claims.
TOPICS: tuple[str, ...] = ("claims", "evidence", "promise", "health")


# Loads a read-only shipped resource once per process (not per-word work).
@functools.lru_cache(maxsize=1)
def policies() -> dict[tuple[str, str], str]:
    """(platform, topic) -> citation, from ``platform_policies.tsv`` (topic ``*`` for every topic)."""
    path = data_path("platform_policies.tsv")
    out: dict[tuple[str, str], str] = {}
    header = True
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            if header:
                header = False
                continue
            cells = line.split("\t")
            if len(cells) != 4 or (cells[1] != "*" and cells[1] not in TOPICS):
                raise InputError("expected 'platform<TAB>topic<TAB>citation<TAB>source'", file=str(path), row=n)
            out[(cells[0].strip().lower(), cells[1].strip())] = cells[2].strip()
    return out


def cite(platform: Platform, topic: str, china: str) -> str:
    """The citation for a ``topic`` finding on ``platform``; ``china`` is the rule's PRC-law citation.

    >>> from titleopt.platforms import get_platform
    >>> cite(get_platform("taobao"), "claims", "Advertising Law art. 9(3)")
    'Advertising Law art. 9(3)'
    >>> cite(get_platform("shopee"), "claims", "Advertising Law art. 9(3)").startswith("titleopt has verified no")
    True
    """
    table = policies()
    name = platform.name.lower()
    found = table.get((name, topic)) or table.get((name, "*"))
    if found is None:
        found = "law:cn" if platform.separator == "" else "none"
    if found == "law:cn":
        return china
    if found == "none":
        return (
            f"titleopt has verified no {platform.label} rule on this; "
            "the marketplace's listing rules and the law where you sell apply"
        )
    return found


def is_china(platform: Platform) -> bool:
    """True when PRC law is what ``platform``'s claim findings cite."""
    return cite(platform, "claims", "\0") == "\0"
