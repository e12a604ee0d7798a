"""Matters, reserved matters, the scheme of delegation, and decisions taken."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from coigraph.model.base import Dated, Id, Record, ShortText, Text, ref


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


class Delegation(Dated):
    """A delegation of authority from a body to a body or a person."""

    id: Id
    from_body: Id = ref("bodies", "The body delegating (usually a board).")
    to_body: Id | None = ref("bodies", "The body receiving the authority.", default=None)
    to_person: Id | None = ref("people", "The person receiving it (an officer).", default=None)
    matters: list[Id] = ref("matters", "Matters delegated (';'-separated); covers narrower ones.", min_length=1)
    limit: float | None = Field(None, ge=0, description="Financial limit in pounds (blank: none).")
    statutory_basis: str | None = Field(None, max_length=200, description="e.g. 's65Z5 NHS Act 2006', 's75'.")
    instrument: ShortText | None = Field(None, description="e.g. 'ICB SoRD para 4.3', 'ToR 2.1'.")
    sub_delegation_allowed: bool | None = Field(None, description="May the delegate delegate it on? "
                                                "Blank: not stated in the scheme (to confirm).")
    parent: Id | None = ref(
        "delegations", "For a sub-delegation: the delegation it passes on.", default=None
    )

    @model_validator(mode="after")
    def _to(self) -> Delegation:
        if bool(self.to_body) == bool(self.to_person):
            raise ValueError("to_body: give exactly one of 'to_body' or 'to_person'")
        return self


class Decision(Record):
    """A decision taken: what, by whom, when, for how much, on which item."""

    id: Id
    matter: Id = ref("matters", "The matter decided.")
    by_body: Id | None = ref("bodies", "The body that decided.", default=None)
    by_person: Id | None = ref("people", "The person who decided (an officer).", default=None)
    date: dt.date = Field(description="Date of the decision.")
    value: float | None = Field(None, ge=0, description="Value in pounds.")
    item: Id | None = ref("agenda_items", "The agenda item it was taken under.", default=None)
    on_behalf_of: list[Id] = ref(
        "organisations", "Organisation(s) whose function it was; blank: the decider's owner(s).",
        default_factory=list,
    )
    delegation: Id | None = ref("delegations", "The delegation relied on, if stated.", default=None)
    description: Text | None = Field(None, description="What was decided, in words.")

    @model_validator(mode="after")
    def _by(self) -> Decision:
        if bool(self.by_body) == bool(self.by_person):
            raise ValueError("by_body: give exactly one of 'by_body' or 'by_person'")
        return self


__all__ = [
    "Matter",
    "ReservedMatter",
    "Delegation",
    "Decision",
]
