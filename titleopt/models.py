"""Pydantic models shared by the whole library: the public result shapes.

They are the contract with integrating programs (``--format json`` prints them
as they are), so field names follow DESIGN.md and change only with a major
version. Hot paths build them once per title, never per token or keyword.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Model):
    """One lint finding: what is wrong, where in the original title, and a fix."""

    code: str = Field(description="Stable rule code, e.g. 'TO101'.")
    name: str = Field(default="", description="Rule name, e.g. 'absolute-term'.")
    severity: Severity
    message: str
    span: tuple[int, int] | None = Field(
        default=None, description="[start, end) character offsets in the original title."
    )
    fix: str | None = Field(default=None, description="The whole title with the fix applied.")
    fix_safe: bool = Field(default=False, description="True when the fix cannot change what the title claims.")


class LoadIssue(_Model):
    """A row skipped or changed while loading a file, and why."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    reason: str


class KeywordMatch(_Model):
    """How one keyword relates to a title."""

    keyword: str
    value: float
    roots: tuple[str, ...]
    quality: float = Field(
        description="1.0 contiguous and in order; lower when split or reordered; 0 when not covered."
    )
    missing_roots: tuple[str, ...] = ()
    reason: str | None = Field(
        default=None, description="For an unreachable keyword: why a truthful rewrite cannot complete it."
    )


class CompetitorMatch(_Model):
    """One competitor title compared with the analysed title."""

    index: int
    title: str
    cosine: float = Field(description="TF-IDF cosine similarity, 0..1.")
    fuzzy: float = Field(description="rapidfuzz token_set_ratio on segmented tokens, 0..100.")
    near_copy: bool


class GapTerm(_Model):
    """A term important among competitors that the title lacks (or, as a differentiator, that few of them use)."""

    term: str
    share: float = Field(description="Fraction of competitor titles that use the term.")
    weight: float = Field(description="Sales-weighted TF-IDF importance.")
    factual: bool = Field(description="True when adding it would be a factual claim the seller must confirm.")
    weighted_share: float = Field(
        default=0.0,
        description="Sales-weighted fraction of competitor titles using the term, 0..1 (gap terms rank by it).",
    )


class CompetitorReport(_Model):
    """The competitor section of a TitleReport."""

    n_competitors: int
    max_cosine: float
    most_similar: list[CompetitorMatch]
    near_copies: list[CompetitorMatch]
    common_terms: list[str]
    gap_terms: list[GapTerm]
    competitor_brands: list[str]
    differentiators: list[GapTerm] = Field(
        default_factory=list,
        description="The title's own terms that few competitors use (material, workmanship, service): its difference.",
    )


class TitleReport(_Model):
    """Everything ``TitleOptimizer.analyze`` learns about one title."""

    title: str
    platform: str
    length: int
    limit: int
    unit: Literal["bytes", "chars"]
    tokens: list[str]
    brand: str | None = None
    product_word: str | None = None
    protected: list[str] = Field(default_factory=list, description="Terms rewrite keeps without being told.")
    matches: list[KeywordMatch] = Field(default_factory=list, description="Covered keywords, by value.")
    partial: list[KeywordMatch] = Field(default_factory=list, description="Relevant keywords with some roots present.")
    missing: list[KeywordMatch] = Field(
        default_factory=list,
        description="Relevant keywords not covered that a truthful rewrite could complete, by value.",
    )
    unreachable: list[KeywordMatch] = Field(
        default_factory=list,
        description="Relevant keywords no truthful rewrite can complete (each with its reason), by value.",
    )
    unreachable_count: int = Field(default=0, description="How many relevant keywords are unreachable in all.")
    covered_value: float = 0.0
    relevant_value: float = 0.0
    coverage: float = Field(default=0.0, description="Covered value / value of relevant keywords, 0..1.")
    score: float = Field(default=0.0, description="Covered value / best reachable value within the limit, 0..100.")
    competitors: CompetitorReport | None = None
    findings: list[Finding] = Field(default_factory=list)


class ChangeReason(_Model):
    """Why one term was added or removed."""

    term: str
    action: Literal["added", "removed", "kept"]
    reason: str
    value: float = 0.0


class Candidate(_Model):
    """One rewritten title."""

    title: str
    score: float
    value: float
    length: int
    added: list[str]
    removed: list[str]
    covered: list[str] = Field(default_factory=list, description="Keywords the title covers.")
    reasons: list[ChangeReason] = Field(default_factory=list)


class RewriteResult(_Model):
    """What ``TitleOptimizer.rewrite`` returns."""

    original: str
    best: str
    score_before: float
    score_after: float
    length_before: int
    length_after: int
    limit: int
    candidates: list[Candidate]
    optimal: bool | None = Field(
        default=None, description="True when the exact solver proved optimality; None for the fast solver."
    )
    protected: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list, description="Findings on the new title.")
    notes: list[str] = Field(default_factory=list)

    @property
    def added(self) -> list[str]:
        return self.candidates[0].added if self.candidates else []

    @property
    def removed(self) -> list[str]:
        return self.candidates[0].removed if self.candidates else []
