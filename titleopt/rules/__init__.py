"""Lint rules for listing titles: a registry of small, documented, coded rules.

Families: TO1xx length (:mod:`.length`), TO2xx claims - Advertising-Law
claims (:mod:`.claims`) and claims that depend on the product's category
(:mod:`.regulated`), citing each platform's own policy outside China
(:mod:`.policy`) -, TO3xx stuffing and format
(:mod:`.format`), TO4xx content - conflicts, brands, product word, year
(:mod:`.content`). ``titleopt rules`` lists them; each rule's docstring is its
documentation. See docs/lint.md.

Importing this package imports no segmenter: jieba loads on the first title
that needs tokens.
"""

from __future__ import annotations

from . import claims, content, format, length, regulated  # noqa: F401  (register the rules)
from .api import MAX_FIX_PASSES, check_lint_title, fix, lint, select_rules
from .base import FAMILIES, Edit, Registry, Rule, RuleContext, apply_edits, register, registry

__all__ = [
    "FAMILIES",
    "MAX_FIX_PASSES",
    "Edit",
    "Registry",
    "Rule",
    "RuleContext",
    "apply_edits",
    "check_lint_title",
    "fix",
    "lint",
    "register",
    "registry",
    "select_rules",
]
