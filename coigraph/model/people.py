"""People, the posts they hold, their declared interests and their close associates."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from coigraph.model.base import Dated, Id, Record, ShortText, Text, ref
from coigraph.model.vocab import (
    NON_VOTING_ROLES,
    VOTING_ROLES,
    AssociationKind,
    InterestType,
    Role,
    Sector,
)


class Person(Record):
    """A person: a board member, officer, governor or an associate named in a register."""

    id: Id
    name: ShortText = Field(description="Full name as it appears in papers.")
    title: str | None = Field(None, max_length=50, description="Dr, Cllr, Prof... (optional).")
    aliases: list[ShortText] = Field(default_factory=list, description="Other spellings of the name.")


class Position(Dated):
    """A post held by a person in a body or in an organisation."""

    id: Id | None = Field(None, description="Optional id; made from the row when blank.")
    person: Id = ref("people", "Who holds the post.")
    role: Role = Field(description="The role held.")
    body: Id | None = ref("bodies", "The board or committee, if the post is a seat on one.", default=None)
    organisation: Id | None = ref(
        "organisations", "The organisation, if the post is in one (employment, directorship...).", default=None
    )
    nominated_by: Sector | None = Field(
        None, description="For an ICB partner member: trusts, primary_care or local_authority. Blank: "
        "not stated (composition checks that need it are 'to confirm')."
    )
    voting: bool | None = Field(
        None, description="Does the holder vote in the body? Blank: yes for the seats the law or the "
        "body's rules make members (chair, vice_chair, chief_executive, non_executive_director, "
        "partner_member, ordinary_member, member, governor), no for attendee, officer, adviser and "
        "employee, and not known for any other role (an executive director listed as present may "
        "be a member or may only attend): quorum is then 'to confirm', never a breach."
    )
    independent: bool | None = Field(
        None, description="An independent (non-executive) member. Blank: not stated (counts as "
        "neither: checks that need it say 'to confirm').")
    mental_health_expertise: bool | None = Field(
        None, description="Has knowledge and experience of mental health services. Blank: not "
        "stated."
    )
    acting: bool = Field(False, description="Holds the post on an acting or interim basis. Blank: no "
                         "(only listed for planning; never a finding).")
    post: Id | None = ref(
        "posts", "The office (or class of posts) the position holds, for schemes that delegate to a "
        "post: 'director-of-finance'.", default=None)
    description: Text | None = Field(None, description="Free text, e.g. the job title as published.")

    @model_validator(mode="after")
    def _where(self) -> Position:
        if not self.body and not self.organisation:
            raise ValueError("body: give the body or the organisation the post is in (or both)")
        return self

    @property
    def votes(self) -> bool | None:
        """Whether the holder votes: as stated, else by role (members yes, attendees no), else None
        (not known: see ``voting``'s description)."""
        if self.voting is not None:
            return self.voting
        if self.role in VOTING_ROLES:
            return True
        if self.role in NON_VOTING_ROLES:
            return False
        return None


class Interest(Dated):
    """A declared interest, as it stands on a register of interests."""

    id: Id
    person: Id = ref("people", "Who declared it.")
    organisation: Id | None = ref(
        "organisations", "The organisation the interest concerns, if any.", default=None
    )
    subject: ShortText | None = Field(
        None, description="What the interest concerns when it is not an organisation in the dataset."
    )
    types: list[InterestType] = Field(
        default_factory=list,
        description="financial; non_financial_professional; non_financial_personal (';'-separated if "
        "several). Blank: not stated (the register gives no type): a screen finding that depends on "
        "the type is 'to confirm'.",
    )
    indirect: bool = Field(False, description="Held by a close associate (spouse, relative...), not the "
                           "person. Blank: no (a direct interest), as registers mark indirect ones.")
    associate: Id | None = ref("people", "For an indirect interest: the associate who holds it.", default=None)
    relationship: str | None = Field(
        None, max_length=100, description="For an indirect interest: 'wife', 'son', 'business partner'..."
    )
    description: Text | None = Field(None, description="The register's description of the interest.")
    declared: dt.date | None = Field(None, description="Date the interest was declared. Blank: not "
                                     "stated (the check for stale declarations uses its start).")
    mitigation: Text | None = Field(None, description="Action agreed on the register to manage it.")
    source: ShortText | None = Field(None, description="Where the entry came from (register file, row).")

    @model_validator(mode="after")
    def _what(self) -> Interest:
        if not self.organisation and not self.subject:
            raise ValueError("organisation: give the organisation the interest concerns, or a subject in words")
        if self.associate and not self.indirect:
            self.indirect = True
        return self


class NilReturn(Record):
    """A declaration that the person had nothing to declare, on a date."""

    person: Id = ref("people", "Who made the nil return.")
    date: dt.date = Field(description="Date of the nil return.")


class Association(Dated):
    """Two people close enough that one's interests are indirect interests of the other."""

    person: Id = ref("people", "The person (usually the board member).")
    associate: Id = ref("people", "Their associate.")
    kind: AssociationKind = Field(description="spouse_partner, relative, business_partner or close_associate.")
    relationship: str | None = Field(None, max_length=100, description="In words: 'wife', 'brother'...")


__all__ = [
    "Person",
    "Position",
    "Interest",
    "NilReturn",
    "Association",
]
