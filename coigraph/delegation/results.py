"""What a trace reports: the decision, its chains of authority link by link, the verdict, the findings.

These records are the JSON of ``coigraph trace`` (and the ``details`` of the
audit's decisions section): their field names are documented in
docs/delegation.md and users script against them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from coigraph.findings import Finding


class Link(BaseModel):
    """One delegation in a chain: who delegated what to whom, on what terms, and the checks on it."""

    step: int
    delegation: str
    from_body: str
    from_name: str
    to: str
    to_type: str  # body | person
    to_name: str
    matters: list[str]
    covers: str
    limit: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    statutory_basis: str | None = None
    instrument: str | None = None
    sub_delegation_allowed: bool | None = None  # None: not stated in the scheme
    parent: str | None = None
    src: str | None = None
    checks: list[str] = Field(default_factory=list)


class Chain(BaseModel):
    """The chain of authority for one organisation whose function the decision was."""

    organisation: str
    organisation_name: str
    links: list[Link]
    complete: bool
    accountable_board: str | None = None
    accountable_board_name: str | None = None
    accountable_organisation: str | None = None
    stops_at: str | None = None
    through: str | None = None
    note: str | None = None


class DecisionInfo(BaseModel):
    """The decision traced, with names resolved."""

    id: str
    matter: str
    matter_name: str
    by: str
    by_type: str  # body | person
    by_name: str
    by_kind: str | None = None
    date: dt.date
    value: float | None = None
    item: str | None = None
    meeting: str | None = None
    on_behalf_of: list[str]
    on_behalf_of_names: list[str]
    cited_delegation: str | None = None
    description: str | None = None
    src: str | None = None


class Trace(BaseModel):
    """A decision, its chain(s) of authority, the verdict and the findings."""

    decision: DecisionInfo
    chains: list[Chain]
    verdict: str
    verdict_text: str
    findings: list[Finding]


__all__ = ["Link", "Chain", "DecisionInfo", "Trace"]
