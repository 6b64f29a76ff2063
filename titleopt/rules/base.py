"""The pieces every lint rule is made of: Rule, RuleContext, Edit and the registry.

Modelled on ruff and sqlfluff: a rule is a small class with a stable code, a
name, a family and a default severity, whose **docstring is its
documentation** (what it checks, why - with the law article or platform rule
- an example and its fix). ``check(ctx)`` yields findings whose spans point
into the seller's original title; a rule with a fix attaches :class:`Edit`
objects, marked safe (cannot change what the title claims) or unsafe.

Rules see the title through a :class:`RuleContext`, which computes the
normalized text, the tokens and the lexicon hits lazily and once, so twenty
rules cost one segmentation and one dictionary scan.
"""

from __future__ import annotations

import bisect
import inspect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal, NamedTuple

from ..errors import ConfigError
from ..lexicon import Hit, Lexicon
from ..models import Finding, Severity
from ..normalize import NormalizedText
from ..platforms import Platform

FixKind = Literal["safe", "unsafe"]

#: Rule families, by code prefix.
FAMILIES: dict[str, str] = {
    "TO1": "length",
    "TO2": "claims",
    "TO3": "format",
    "TO4": "content",
}


class Edit(NamedTuple):
    """Replace original ``[start, end)`` with ``replacement``."""

    start: int
    end: int
    replacement: str = ""


class NToken(NamedTuple):
    """A token with its span in the *normalized* text (rules match there)."""

    text: str
    start: int
    end: int


_new_tuple = tuple.__new__


class _once:
    """``functools.cached_property`` without its lock: computed on first use, then a plain attribute.

    A context belongs to one ``lint`` call in one thread, and on Python 3.11
    the lock of ``cached_property`` costs more than most of what it guards.
    """

    def __init__(self, fn) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def apply_edits(title: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; an edit overlapping an earlier one is skipped (ruff's way)."""
    if isinstance(edits, tuple) and len(edits) == 1 and edits[0].start >= 0:
        start, end, replacement = edits[0]  # one edit, as most findings have: no sorting
        return title[:start] + replacement + title[max(end, start) :]
    out: list[str] = []
    pos = 0
    for e in sorted(set(edits), key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        out.append(title[pos : e.start])
        out.append(e.replacement)
        pos = max(e.end, e.start)
    out.append(title[pos:])
    return "".join(out)


@dataclass(eq=False)
class RuleContext:
    """What a rule may look at. Built once per title by :func:`titleopt.lint`.

    Everything derived (tokens, lexicon hits, length) is computed on first use
    and shared by all rules. Spans in ``hits`` and ``ntokens`` are in the
    normalized text; :meth:`span` maps them to the original title.
    """

    title: str
    norm: NormalizedText
    platform: Platform
    lexicon: Lexicon
    today: date
    brand: str | None = None
    category: str | None = None
    competitor_brands: tuple[str, ...] = ()
    segmenter: object | None = None
    fixes: list[tuple[Finding, tuple[Edit, ...]]] = field(default_factory=list)
    """Every finding with its edits, in emission order (read by :func:`titleopt.fix`)."""
    cache: dict[str, object] = field(default_factory=dict)
    """Analyses shared by several rules of one family (e.g. the claim analysis)."""

    @property
    def text(self) -> str:
        """The normalized title (matching form)."""
        return self.norm.text

    @_once
    def length(self) -> int:
        """Title length in the platform's unit."""
        return self.platform.length(self.title)

    @_once
    def tokens(self):
        """Segmenter tokens with spans in the original title."""
        seg = self.segmenter
        if seg is None:
            from ..segment import default_segmenter

            seg = default_segmenter()
        return seg.tokens(self.norm)  # type: ignore[attr-defined]

    @_once
    def ntokens(self) -> list[NToken]:
        """Tokens with spans in the normalized text (tokens are its pieces, in order)."""
        positions = getattr(self.segmenter, "positions", None)
        if positions is not None:  # a titleopt Segmenter cuts normalized text already (and caches it)
            # tuple.__new__ skips NamedTuple's Python-level constructor (the same tuples, built faster)
            return [_new_tuple(NToken, (t, s, s + len(t))) for t, s in positions(self.norm)]
        out: list[NToken] = []
        pos = 0
        text = self.text
        for tok in self.tokens:
            i = text.find(tok.text, pos)
            if i < 0:  # a custom segmenter that does not cut the normalized text
                continue
            out.append(NToken(tok.text, i, i + len(tok.text)))
            pos = i + len(tok.text)
        return out

    @_once
    def token_starts(self) -> frozenset[int]:
        return frozenset(t.start for t in self.ntokens)

    @_once
    def token_ends(self) -> frozenset[int]:
        return frozenset(t.end for t in self.ntokens)

    @_once
    def _token_start_list(self) -> list[int]:
        return [t.start for t in self.ntokens]

    def token_at(self, pos: int) -> NToken | None:
        """The token covering normalized position ``pos``, if any."""
        i = bisect.bisect_right(self._token_start_list, pos) - 1
        if i >= 0:
            tok = self.ntokens[i]
            if tok.start <= pos < tok.end:
                return tok
        return None

    def is_whole_token(self, start: int, end: int) -> bool:
        """``[start, end)`` is exactly one token."""
        tok = self.token_at(start)
        return tok is not None and tok.start == start and tok.end == end

    def straddles(self, start: int, end: int) -> bool:
        """The match starts inside one word and ends inside another (``顶级`` in ``山顶|级别``)."""
        return start not in self.token_starts and end not in self.token_ends and self.token_at(start) is not None

    @_once
    def hits(self) -> list[Hit]:
        """Every lexicon term in the normalized title, with its list kinds."""
        return self.lexicon.scan(self.text)

    def hits_of(self, kind: str) -> list[Hit]:
        """The hits of one list kind, in scan order (the hits are sorted by kind once, for all rules)."""
        return self._hits_by_kind.get(kind, [])

    @_once
    def _hits_by_kind(self) -> dict[str, list[Hit]]:
        by_kind: dict[str, list[Hit]] = {}
        for h in self.hits:
            for kind in h.kinds:
                by_kind.setdefault(kind, []).append(h)
        return by_kind

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of normalized ``[start, end)``."""
        return self.norm.original_span(start, end)

    def delete(self, start: int, end: int) -> Edit:
        """An edit removing original ``[start, end)`` and one space it would leave doubled."""
        t = self.title
        if start > 0 and t[start - 1] == " " and (end == len(t) or t[end] == " "):
            start -= 1
        elif start == 0 and end < len(t) and t[end] == " ":
            end += 1
        return Edit(start, end, "")

    def delete_normalized(self, start: int, end: int) -> Edit:
        return self.delete(*self.span(start, end))


class Rule:
    """Base class of lint rules. Subclass, set the class attributes, write the docstring.

    The docstring is the rule's documentation (``titleopt rules CODE``): its
    first line is the summary; it must say why the rule exists with a
    ``Source:`` line and show an ``Example:`` with the fix.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    #: Platform names the rule applies to; None means every platform.
    platforms: ClassVar[frozenset[str] | None] = None
    #: "safe", "unsafe", or None when the rule offers no fix.
    fix_kind: ClassVar[FixKind | None] = None

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    @classmethod
    def doc(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    def applies_to(self, platform: Platform) -> bool:
        return self.platforms is None or platform.name in self.platforms

    def severity_for(self, platform: Platform) -> Severity:
        """Default severity; rules whose weight differs per platform override this."""
        return self.severity

    def check(self, ctx: RuleContext) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finding(
        self,
        ctx: RuleContext,
        message: str,
        span: tuple[int, int] | None = None,
        edits: Sequence[Edit] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding (``span`` in the original title) and record its edits for ``fix``."""
        edits = tuple(edits) if self.fix_kind else ()
        f = Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity_for(ctx.platform),
            message=message,
            span=span,
            fix=apply_edits(ctx.title, edits) if edits else None,
            fix_safe=bool(edits) and self.fix_kind == "safe",
        )
        ctx.fixes.append((f, edits))
        return f

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"


class Registry:
    """Rules by code. Registering a second rule with a code (or name) already taken fails."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(self, cls: type[Rule]) -> type[Rule]:
        """Class decorator: instantiate and register a rule."""
        rule = cls()
        code = getattr(cls, "code", None)
        if not code or not isinstance(code, str):
            raise ConfigError(f"{cls.__name__} has no rule code")
        if code in self._rules:
            raise ConfigError(f"duplicate rule code {code}: {self._rules[code].name} and {cls.name}")
        if any(r.name == cls.name for r in self._rules.values()):
            raise ConfigError(f"duplicate rule name {cls.name!r}")
        self._rules[code] = rule
        return cls

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda r: r.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def get(self, code: str) -> Rule:
        """A rule by code (``TO201``) or name (``absolute-term``)."""
        key = code.strip()
        rule = self._rules.get(key.upper())
        if rule is None:
            rule = next((r for r in self._rules.values() if r.name == key.lower()), None)
        if rule is None:
            raise ConfigError(f"unknown rule {code!r}; see `titleopt rules` for the list")
        return rule

    def select(
        self,
        select: str | Iterable[str] | None = None,
        ignore: str | Iterable[str] | None = None,
        platform: Platform | None = None,
    ) -> list[Rule]:
        """Rules matching ``select`` minus ``ignore`` (codes, prefixes like ``TO2``, or names)."""
        chosen = [r for r in self if _matches(r, _patterns(select, self), default=True)]
        chosen = [r for r in chosen if not _matches(r, _patterns(ignore, self), default=False)]
        if platform is not None:
            chosen = [r for r in chosen if r.applies_to(platform)]
        return chosen


def _patterns(spec: str | Iterable[str] | None, registry: Registry) -> list[str] | None:
    if spec is None:
        return None
    items = spec.split(",") if isinstance(spec, str) else [x for s in spec for x in str(s).split(",")]
    out = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        if item.upper() == "ALL":
            out.append("TO")
            continue
        upper = item.upper()
        if any(r.code.startswith(upper) for r in registry) or any(r.name == item.lower() for r in registry):
            out.append(upper if any(r.code.startswith(upper) for r in registry) else item.lower())
        else:
            raise ConfigError(f"unknown rule code or prefix {item!r}; see `titleopt rules`")
    return out


def _matches(rule: Rule, patterns: list[str] | None, *, default: bool) -> bool:
    if patterns is None:
        return default
    return any(rule.code.startswith(p) or rule.name == p for p in patterns)


#: The rules titleopt ships. Other packages may create their own Registry.
registry = Registry()
register = registry.register
