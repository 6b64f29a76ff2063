"""titleopt: make e-commerce product titles findable.

Segment, score, compare, lint and rewrite Chinese (and Latin) product titles
under a marketplace's length limit. ``import titleopt`` is light: jieba's
dictionary, scikit-learn and scipy load only when first needed.

>>> import titleopt
>>> titleopt.title_length("2025新款T恤", platform="taobao")
11
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, InputError, NotFittedError, TitleoptError
from .models import (
    Candidate,
    ChangeReason,
    CompetitorMatch,
    CompetitorReport,
    Finding,
    GapTerm,
    KeywordMatch,
    LoadIssue,
    RewriteResult,
    TitleReport,
)
from .normalize import NormalizedText, normalize
from .platforms import Platform, get_platform, platforms, title_length

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

# Heavier parts load on first attribute access (PEP 562), keeping import fast.
_LAZY = {
    "Segmenter": "titleopt.segment",
    "Token": "titleopt.segment",
    "KeywordTable": "titleopt.keywords",
    "CompetitorSet": "titleopt.competitors",
    "TitleOptimizer": "titleopt.optimizer",
    "lint": "titleopt.rules",
    "fix": "titleopt.rules",
    "Rule": "titleopt.rules",
    "registry": "titleopt.rules",
    "html_report": "titleopt.report_html",
    "abtest": "titleopt.ab_test",
    "keyword_opportunities": "titleopt.opportunity",
    "plan_ads": "titleopt.opportunity",
    "compare_traffic": "titleopt.traffic",
}

if TYPE_CHECKING:  # pragma: no cover
    from .ab_test import abtest
    from .competitors import CompetitorSet
    from .keywords import KeywordTable
    from .opportunity import keyword_opportunities, plan_ads
    from .optimizer import TitleOptimizer
    from .report_html import html_report
    from .rules import Rule, fix, lint, registry
    from .segment import Segmenter, Token
    from .traffic import compare_traffic


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'titleopt' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Candidate",
    "ChangeReason",
    "CompetitorMatch",
    "CompetitorReport",
    "CompetitorSet",
    "ConfigError",
    "Finding",
    "GapTerm",
    "InputError",
    "KeywordMatch",
    "KeywordTable",
    "LoadIssue",
    "NormalizedText",
    "NotFittedError",
    "Platform",
    "RewriteResult",
    "Rule",
    "Segmenter",
    "TitleOptimizer",
    "TitleReport",
    "TitleoptError",
    "Token",
    "abtest",
    "compare_traffic",
    "fix",
    "get_platform",
    "html_report",
    "keyword_opportunities",
    "lint",
    "normalize",
    "plan_ads",
    "platforms",
    "registry",
    "title_length",
]
