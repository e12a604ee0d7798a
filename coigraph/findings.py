"""Findings: the one registry of finding kinds, the one severity scale, the one record shape.

Every analysis that reports something wrong with a decision, the scheme of
delegation, a meeting's minutes, a board's composition (and later a
procurement, a gift or a breach) reports a :class:`Finding` of a kind
declared once, as data, in ``coigraph/policies/findings.yaml``: its stable
code, severity, title, basis, what it is reported on and the fixture that
shows it.  The docs are generated from the same declarations.

Kinds whose rules are themselves data (the composition rules an ICB can
extend) are registered when their rules are read (:func:`register_kind`, called by
:func:`coigraph.governance.composition.register_rules`).

Every kind (and every policy rule, :mod:`coigraph.policy`) says where it comes
from as a list of :class:`Citation`: what kind of source (law, guidance, the
body's constitution, local policy, or advice that is not a rule), its title,
the section or paragraph, a link, and whether the words relied on were checked
against the source text.  The sources are declared once, in
``coigraph/policies/citations.yaml``, and named by key.

A kind may be *graded*: the same finding is more or less serious depending on
what it is about (a missing minute of a declare-only interest is advisory, of
a conflict a breach of the conflicts policy).  ``grades`` names each grade's
severity; :func:`finding` takes the grade.

Example::

    >>> from coigraph.findings import KINDS, finding
    >>> KINDS["limit_exceeded"].severity
    <Severity.sord_breach: 'sord_breach'>
    >>> f = finding("limit_exceeded", "£2m over a £1m limit", ["decisions.csv:4"], decision="d1")
    >>> f.severity.value, f.evidence
    ('sord_breach', ['decisions.csv:4'])
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator


class Severity(StrEnum):
    """How serious a finding is, most serious first.

    * ``unlawful``: against statute (an act or regulations);
    * ``sord_breach``: against the body's constitution or its scheme of
      reservation and delegation (who may decide what): a decision without
      authority;
    * ``policy_breach``: against the body's conflicts of interest policy or the
      procedure its standing orders set for meetings (declaring, recording,
      withdrawing, who chairs, keeping the register current);
    * ``against_guidance``: against NHS England guidance the body must have
      regard to;
    * ``advisory``: worth a look; not a breach of anything.
    """

    unlawful = "unlawful"
    sord_breach = "sord_breach"
    policy_breach = "policy_breach"
    against_guidance = "against_guidance"
    advisory = "advisory"


#: Rank of each severity: 0 is the most serious.
SEVERITY_RANK: dict[str, int] = {s.value: i for i, s in enumerate(Severity)}

#: Verdict when there are no findings.
SOUND = "sound"

#: What kind of source a citation is.
SourceKind = Literal["law", "guidance", "constitution", "local_policy", "advice"]

#: What each kind of source is, in words (docs/rules.md and the papers use these).
SOURCE_WORDS: dict[str, str] = {
    "law": "law (an Act or regulations)",
    "guidance": "NHS England guidance",
    "constitution": "the body's constitution, standing orders or scheme of delegation",
    "local_policy": "local policy (a choice the body's own conflicts policy makes)",
    "advice": "advice (a membership body's briefing: not a rule)",
}


class Citation(BaseModel):
    """Where a rule comes from: the kind of source, the document, the exact place, a link, and
    whether the words relied on were checked against the source text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: SourceKind
    title: str = Field(min_length=1, max_length=300)
    reference: str | None = Field(None, max_length=300, description="Section, paragraph or regulation.")
    url: str | None = Field(None, max_length=500)
    verified: bool = Field(False, description="The words relied on were read in the source text.")
    note: str | None = Field(None, max_length=1000, description="What was checked, or what could not be.")

    @property
    def own_document(self) -> bool:
        """The body's own document (its constitution, its policy): nothing national to check."""
        return self.source in ("constitution", "local_policy") and not self.url

    @property
    def status(self) -> str:
        """'verified', 'not verified' or 'the body's own document'."""
        if self.own_document:
            return "the body's own document"
        return "verified" if self.verified else "not verified"

    def words(self) -> str:
        """The citation in one line: 'National Health Service Act 2006, Schedule 1B, paragraph 4'."""
        text = self.title + (f", {self.reference}" if self.reference else "")
        return text + ("" if self.verified or self.own_document else " (not verified against the text)")


class _CitationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    citations: dict[str, Citation]


@cache
def citation_library() -> dict[str, Citation]:
    """The sources declared once in ``coigraph/policies/citations.yaml``, by key."""
    text = resources.files("coigraph.policies").joinpath("citations.yaml").read_text(encoding="utf-8")
    return dict(_CitationsFile.model_validate(yaml.safe_load(text)).citations)


def resolve_citations(value: Any) -> list[Citation]:
    """A list of citations from data: each a key of the library, or a citation written out."""
    if value is None:
        return []
    out = []
    lib = citation_library()
    for c in value if isinstance(value, list) else [value]:
        if isinstance(c, Citation):
            out.append(c)
        elif isinstance(c, str):
            if c not in lib:
                raise ValueError(f"unknown citation '{c}'; the sources are: " + ", ".join(sorted(lib)))
            out.append(lib[c])
        else:
            out.append(Citation.model_validate(c))
    return out


Area = Literal["delegation", "minutes", "composition", "procurement", "gifts", "hospitality",
               "breaches", "register"]
Scope = Literal["decision", "scheme", "both", "meeting", "board", "procurement", "person"]


class FindingKind(BaseModel):
    """A kind of finding, as declared in ``findings.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    area: Area
    severity: Severity
    title: str
    basis: str
    citations: list[Citation] = Field(default_factory=list)
    grades: dict[str, Severity] = Field(default_factory=dict, description="Named grades and their "
                                        "severity; a finding without a grade has ``severity``.")
    to_confirm: bool = Field(False, description="Findings of this kind need a person's judgement "
                             "(the appointer's, the chair's) or depend on something the data does "
                             "not state: a point to confirm, never a breach (see Finding.to_confirm).")
    scope: Scope = "decision"
    fixture: str | None = None

    _cite = field_validator("citations", mode="before")(resolve_citations)

    def severity_of(self, grade: str | None) -> Severity:
        """The severity of a finding of this kind with ``grade`` (None: the kind's own)."""
        if grade is None:
            return self.severity
        if grade not in self.grades:
            raise KeyError(f"kind {self.code!r} has no grade {grade!r}; its grades: {sorted(self.grades)}")
        return self.grades[grade]


class _KindsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kinds: list[FindingKind]


@cache
def _declared() -> tuple[FindingKind, ...]:
    text = resources.files("coigraph.policies").joinpath("findings.yaml").read_text(encoding="utf-8")
    kinds = _KindsFile.model_validate(yaml.safe_load(text)).kinds
    codes = [k.code for k in kinds]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise ValueError(f"findings.yaml declares {dup[0]!r} twice")
    return tuple(kinds)


#: Every registered kind by code: those declared in findings.yaml, then those registered later.
KINDS: dict[str, FindingKind] = {k.code: k for k in _declared()}


def register_kind(kind: FindingKind) -> FindingKind:
    """Register a kind declared by other data (a composition rule); the same code twice must agree."""
    old = KINDS.get(kind.code)
    if old is not None and old != kind:
        KINDS[kind.code] = kind  # a custom rules file may restate a bundled rule differently
    else:
        KINDS.setdefault(kind.code, kind)
    return KINDS[kind.code]


def kinds(area: str | None = None) -> dict[str, FindingKind]:
    """Registered kinds, all or those of one ``area``, in declaration order."""
    return {c: k for c, k in KINDS.items() if area is None or k.area == area}


class Finding(BaseModel):
    """One thing wrong (or worth a look): its kind, severity, what it is about, why, and the evidence.

    The JSON of ``coigraph trace`` and ``coigraph audit`` carries these fields
    under these names (documented; users script against them).
    """

    model_config = ConfigDict(frozen=True)

    kind: str
    severity: Severity
    decision: str | None = None
    delegation: str | None = None
    body: str | None = None
    person: str | None = None
    people: list[str] = Field(default_factory=list)
    organisation: str | None = None
    meeting: str | None = None
    item: str | None = None
    procurement: str | None = None
    explanation: str
    evidence: list[str] = Field(default_factory=list)
    basis: str
    citations: list[Citation] = Field(default_factory=list, description="Where the rule comes from.")
    grade: str | None = Field(None, description="For a graded kind: which grade (its severity).")
    #: The finding needs a person's judgement (the appointer's, the chair's) or depends on
    #: something the data does not state (a date, whether a value includes VAT...): a point to
    #: confirm, never a breach.
    to_confirm: bool = Field(False, description="Needs a person's judgement, or depends on "
                             "something the data does not state, before it is more than a point "
                             "to check.")
    chair_decision_pending: bool | None = Field(
        None, description="For findings about a conflict at a meeting: true if the minutes record "
        "no decision of the chair on how it was managed; false if they do; blank: not about one.")

    def sort_key(self) -> tuple:
        return (SEVERITY_RANK[self.severity], self.decision or "", self.kind, self.delegation or "",
                self.meeting or "", self.item or "", self.body or "", self.person or "",
                self.organisation or "", self.procurement or "", self.explanation)

    def key(self) -> tuple[str | None, ...]:
        """What the finding is about, for de-duplication."""
        return (self.kind, self.decision, self.delegation, self.body or self.person,
                self.organisation, self.meeting, self.item, self.procurement)

    @property
    def title(self) -> str:
        """The kind in words (from the registry; the code in words for an unregistered kind)."""
        k = KINDS.get(self.kind)
        return k.title if k else self.kind.replace("_", " ").replace(".", ": ")


def finding(kind: str, explanation: str, evidence: Iterable[str | None] = (), *,
            grade: str | None = None, **about: Any) -> Finding:
    """A :class:`Finding` of a registered ``kind``: severity, basis and citations come from the
    registry (the severity of ``grade`` for a graded kind).

    Raises KeyError for a kind nobody declared, or a grade it does not have (a typo in code is
    caught by the tests).
    """
    k = KINDS[kind]
    ev = sorted({e for e in evidence if e})
    about.setdefault("to_confirm", k.to_confirm)
    return Finding(kind=kind, severity=k.severity_of(grade), explanation=explanation, evidence=ev,
                   basis=k.basis, citations=list(k.citations), grade=grade, **about)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """Findings without repeats (same kind about the same things), sorted most serious first."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        seen.setdefault(f.key(), f)
    return sorted(seen.values(), key=Finding.sort_key)


def verdict(findings: Iterable[Finding]) -> str:
    """The most serious severity among ``findings``, or ``'sound'`` when there are none."""
    worst = min((SEVERITY_RANK[f.severity] for f in findings), default=None)
    return SOUND if worst is None else list(Severity)[worst].value


__all__ = ["Severity", "SEVERITY_RANK", "SOUND", "Citation", "SourceKind", "SOURCE_WORDS",
           "citation_library", "resolve_citations", "FindingKind", "KINDS", "register_kind", "kinds",
           "Finding", "finding", "dedupe", "verdict"]
