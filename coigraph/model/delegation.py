"""Matters, reserved matters, the scheme of delegation, and decisions taken."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from coigraph.model.base import Dated, Id, Record, ShortText, Text, ref
from coigraph.model.vocab import ProcurementRoute


class Matter(Record):
    """A kind of decision, as a code with a parent: 'contract_award.primary_care'."""

    code: Id
    name: ShortText = Field(description="Name in words.")
    parent: Id | None = ref("matters", "The broader matter it falls under.", default=None)


class ReservedMatter(Record):
    """A matter a body keeps to itself (its scheme of reservation)."""

    body: Id = ref("bodies", "The body that reserves the matter.")
    matter: Id = ref("matters", "The matter reserved.")
    instrument: ShortText | None = Field(None, description="Where it is written, e.g. 'SoRD 2.1'.")
    above: float | None = Field(
        None, ge=0, description="Reserved only above this value, in pounds ('reserved to the Board "
        "above £500,000'); blank: whatever the value.")


#: The fields that name a delegate: exactly one is given.
DELEGATE_FIELDS = ("to_body", "to_person", "to_post", "to_joint")


class Delegation(Dated):
    """A delegation of authority from a body to a body or a person."""

    id: Id
    from_body: Id = ref("bodies", "The body delegating (usually a board).")
    to_body: Id | None = ref("bodies", "The body receiving the authority.", default=None)
    to_person: Id | None = ref("people", "The person receiving it (an officer).", default=None)
    to_post: Id | None = ref(
        "posts", "The post or class of posts receiving it ('the Director of Finance', 'budget "
        "holders'): whoever holds it on the day.", default=None)
    to_joint: Id | None = ref(
        "joint_authorities", "The joint authority receiving it ('the Chief Executive and the "
        "Director of Finance acting jointly').", default=None)
    matters: list[Id] = ref("matters", "Matters delegated (';'-separated); covers narrower ones.", min_length=1)
    limit: float | None = Field(None, ge=0, description="Financial limit in pounds, up to and "
                                "including (blank: none).")
    lower_limit: float | None = Field(
        None, ge=0, description="For a band: it starts above this value ('between £100,000 and "
        "£250,000': 100000 here, 250000 in limit). Approval at a higher level stays valid.")
    includes_vat: bool | None = Field(None, description="Do the limits include VAT? (blank: the "
                                      "scheme does not say).")
    within_budget_only: bool | None = Field(
        None, description="Only for spending within an agreed budget; over budget needs the board "
        "(blank: not stated).")
    cumulative: bool | None = Field(
        None, description="The limit applies to the cumulative cost of a project, not to each "
        "order (blank: not stated).")
    report_to: Id | None = ref("bodies", "The body decisions under it must be reported to.", default=None)
    report_top_n: int | None = Field(
        None, ge=1, le=10_000, description="Only the N largest by value are reported ('the top 5 "
        "contracts by value').")
    statutory_basis: str | None = Field(None, max_length=200, description="e.g. 's65Z5 NHS Act 2006', 's75'.")
    instrument: ShortText | None = Field(None, description="e.g. 'ICB SoRD para 4.3', 'ToR 2.1'.")
    sub_delegation_allowed: bool | None = Field(None, description="May the delegate delegate it on? "
                                                "Blank: not stated in the scheme (to confirm).")
    parent: Id | None = ref(
        "delegations", "For a sub-delegation: the delegation it passes on.", default=None
    )

    @model_validator(mode="after")
    def _to(self) -> Delegation:
        given = [f for f in DELEGATE_FIELDS if getattr(self, f)]
        if len(given) != 1:
            raise ValueError("to_body: give exactly one of 'to_body', 'to_person', 'to_post' or "
                             "'to_joint'" + (f" (this row gives {', '.join(given)})" if given else ""))
        if self.lower_limit is not None and self.limit is not None and self.lower_limit >= self.limit:
            raise ValueError(f"lower_limit: the band starts ({self.lower_limit:,.0f}) at or above its "
                             f"limit ({self.limit:,.0f}); check the two values are not swapped")
        if self.report_top_n is not None and not self.report_to:
            raise ValueError("report_to: say which body the top contracts are reported to")
        return self

    @property
    def delegate_field(self) -> str:
        """The field naming the delegate (``to_body``, ``to_person``, ``to_post`` or ``to_joint``)."""
        return next(f for f in DELEGATE_FIELDS if getattr(self, f))


class Decision(Record):
    """A decision taken: what, by whom, when, for how much, on which item."""

    id: Id
    matter: Id = ref("matters", "The matter decided.")
    by_body: Id | None = ref("bodies", "The body that decided.", default=None)
    by_person: Id | None = ref("people", "The person who decided (an officer).", default=None)
    signatories: list[Id] = ref(
        "people", "Everyone who signed or approved it, for a decision several must sign "
        "(';'-separated; by_person, if given, is one of them).", default_factory=list)
    date: dt.date | None = Field(None, description="Date of the decision (blank: not recorded; "
                                 "checks that need the date are then 'to confirm').")
    value: float | None = Field(None, ge=0, description="Value in pounds.")
    item: Id | None = ref("agenda_items", "The agenda item it was taken under.", default=None)
    on_behalf_of: list[Id] = ref(
        "organisations", "Organisation(s) whose function it was; blank: the decider's owner(s).",
        default_factory=list,
    )
    delegation: Id | None = ref("delegations", "The delegation relied on, if stated.", default=None)
    description: Text | None = Field(None, description="What was decided, in words.")
    supplier: Id | None = ref("organisations", "The supplier it commits to, if any.", default=None)
    project: ShortText | None = Field(
        None, description="The project or commitment it is part of, when several decisions make up "
        "one (for limits on a project's cumulative cost).")
    within_budget: bool | None = Field(None, description="Was it within an agreed budget? (blank: "
                                       "not recorded).")
    value_includes_vat: bool | None = Field(None, description="Does the value include VAT? (blank: "
                                            "not recorded).")
    procurement: ProcurementRoute | None = Field(
        None, description="How it was competed: none, quotations, tender, regime, framework or "
        "waiver (blank: not recorded).")
    quotations: int | None = Field(None, ge=0, le=1000, description="How many quotations were obtained.")
    recommendation_to: Id | None = ref(
        "bodies", "For a recommendation, not a decision: the body it recommends to.", default=None)
    approved_by: Id | None = ref(
        "decisions", "For a recommendation: the decision that approved it.", default=None)
    reported_at: Id | None = ref(
        "meetings", "The meeting it was reported to, where the scheme requires a report.", default=None)

    @model_validator(mode="after")
    def _by(self) -> Decision:
        person = bool(self.by_person or self.signatories)
        if bool(self.by_body) == person:
            raise ValueError("by_body: give 'by_body', or 'by_person' and/or 'signatories' (not both)")
        if self.approved_by and not self.recommendation_to:
            raise ValueError("approved_by: only a recommendation (recommendation_to) is approved by "
                             "another decision")
        if self.approved_by == self.id:
            raise ValueError("approved_by: a recommendation cannot approve itself")
        return self

    @property
    def signers(self) -> list[str]:
        """Everyone who decided as a person: ``by_person`` and the signatories, in order, once each."""
        out = [self.by_person] if self.by_person else []
        for s in self.signatories:
            if s not in out:
                out.append(s)
        return out


__all__ = [
    "DELEGATE_FIELDS",
    "Matter",
    "ReservedMatter",
    "Delegation",
    "Decision",
]
