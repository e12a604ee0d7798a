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
from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """How serious a finding is, most serious first.

    * ``unlawful``: against statute (an act or regulations);
    * ``sord_breach``: against the body's constitution, standing orders or its
      scheme of reservation and delegation;
    * ``policy_breach``: against the body's conflicts of interest policy or
      another local policy;
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
    scope: Scope = "decision"
    fixture: str | None = None
    #: Findings of this kind depend on something the data does not state (see Finding.to_confirm).
    to_confirm: bool = False


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
    #: The finding depends on something the data does not state (a date, whether a value includes
    #: VAT...): a point to confirm, never a breach.  Such findings are ``advisory``.
    to_confirm: bool = False

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


def finding(kind: str, explanation: str, evidence: Iterable[str | None] = (), **about: Any) -> Finding:
    """A :class:`Finding` of a registered ``kind``: severity and basis come from the registry.

    Raises KeyError for a kind nobody declared (a typo in code is caught by the tests).
    """
    k = KINDS[kind]
    ev = sorted({e for e in evidence if e})
    return Finding(kind=kind, severity=k.severity, explanation=explanation, evidence=ev,
                   basis=k.basis, to_confirm=k.to_confirm, **about)


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


__all__ = ["Severity", "SEVERITY_RANK", "SOUND", "FindingKind", "KINDS", "register_kind", "kinds",
           "Finding", "finding", "dedupe", "verdict"]
