"""What a trace reports: the decision, its chains of authority link by link, the verdict, the findings.

These records are the JSON of ``coigraph trace`` (and the ``details`` of the
audit's decisions section): their field names are documented in
docs/delegation.md and users script against them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from coigraph.delegation.procurement import ProcurementCheck
from coigraph.findings import Finding


class Link(BaseModel):
    """One delegation in a chain: who delegated what to whom, on what terms, and the checks on it."""

    step: int
    delegation: str
    from_body: str
    from_name: str
    to: str
    to_type: str  # body | person | post | joint_authority
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
    #: A band's lower end ('between £100,000 and £250,000': 100000).
    lower_limit: float | None = None
    includes_vat: bool | None = None
    within_budget_only: bool | None = None
    cumulative: bool | None = None
    report_to: str | None = None
    report_to_name: str | None = None
    report_top_n: int | None = None
    #: For link 1 to a post, class or joint authority: how the decider(s) held it.
    acting_as: str | None = None
    #: What the data does not let coigraph check on this link ("to confirm"), in words.
    to_confirm: list[str] = Field(default_factory=list)
    #: Each matter of ``matters`` (and ``covers``) in words with its code, as the scheme names it
    #: (:meth:`coigraph.delegation.scheme.Scheme.matter_words`), for the sentences a reader sees.
    #: Left out of the JSON, whose fields are documented and scripted against: it has the codes.
    matter_words: dict[str, str] = Field(default_factory=dict, exclude=True)

    def words_for(self, code: str) -> str:
        """One of the link's matters in words: "community health services contracts
        (contract_award.community)"; the code, quoted, when the scheme gives it no name."""
        return self.matter_words.get(code) or (f"'{code}'" if code else "")


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
    #: The post, class or joint authority the decider acted as, when the chain starts from one.
    acting_as: str | None = None
    #: Not complete because none of the organisation's scheme of delegation is in the data (issue 14):
    #: not traced, to confirm against the scheme; never a broken chain.
    scheme_not_in_data: bool = False


class DecisionInfo(BaseModel):
    """The decision traced, with names resolved."""

    id: str
    matter: str
    matter_name: str
    by: str
    by_type: str  # body | person
    by_name: str
    by_kind: str | None = None
    date: dt.date | None = None
    value: float | None = None
    item: str | None = None
    meeting: str | None = None
    on_behalf_of: list[str]
    on_behalf_of_names: list[str]
    cited_delegation: str | None = None
    description: str | None = None
    src: str | None = None
    signatories: list[str] = Field(default_factory=list)
    signatory_names: list[str] = Field(default_factory=list)
    supplier: str | None = None
    supplier_name: str | None = None
    project: str | None = None
    within_budget: bool | None = None
    value_includes_vat: bool | None = None
    procurement: str | None = None
    quotations: int | None = None
    recommendation_to: str | None = None
    recommendation_to_name: str | None = None
    approved_by: str | None = None
    #: Recommendations this decision approved (their ids).
    approves: list[str] = Field(default_factory=list)
    reported_at: str | None = None


class Approver(BaseModel):
    """One holder who may approve a matter for a value on a date, and by whose authority."""

    holder: str
    holder_type: str  # body | person | post | joint_authority
    holder_name: str
    holder_kind: str | None = None  # a body's kind; 'office' or 'class' for a post
    #: Who that is on the date: the post's holders, the class's members, or for a joint
    #: authority everyone who holds one of the posts it requires.
    held_by: list[str] = Field(default_factory=list)
    held_by_names: list[str] = Field(default_factory=list)
    #: For a joint authority: its requirements in words, each met by a different person.
    requires: list[str] = Field(default_factory=list)
    delegation: str | None = None
    instrument: str | None = None
    lower_limit: float | None = None
    limit: float | None = None
    #: The lowest limit of its whole chain.
    chain_limit: float | None = None
    #: Is the value within this holder's own band (the level the scheme sets for it)?  None: no value.
    in_band: bool | None = None
    conditions: list[str] = Field(default_factory=list)
    reporting: str | None = None
    accountable_board: str | None = None
    accountable_board_name: str | None = None
    accountable_organisation: str | None = None
    chain: list[str] = Field(default_factory=list)
    src: str | None = None
    note: str | None = None


class MayApprove(BaseModel):
    """Who may approve matter M for £X on date D, for which organisations."""

    matter: str
    matter_name: str
    value: float | None = None
    on: dt.date | None = None
    organisations: list[str] = Field(default_factory=list)
    holders: list[Approver] = Field(default_factory=list)
    #: For a trace: was the decider (or were the signatories) among them?  None: cannot tell.
    decider_among: bool | None = None
    #: For a trace where the decider was not among them: the holders in band (else all).
    should_have_been: list[str] = Field(default_factory=list)
    note: str | None = None


class Trace(BaseModel):
    """A decision, its chain(s) of authority, the verdict and the findings."""

    decision: DecisionInfo
    chains: list[Chain]
    verdict: str
    verdict_text: str
    findings: list[Finding]
    #: The procurement threshold band the decision fell in, and whether the data shows it met.
    procurement: ProcurementCheck | None = None
    #: Who may approve this matter, for this value, on this date (None for a recommendation).
    may_approve: MayApprove | None = None


__all__ = ["Link", "Chain", "DecisionInfo", "Approver", "MayApprove", "Trace"]
