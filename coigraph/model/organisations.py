"""Organisations, the relations between them, and their governing bodies."""

from __future__ import annotations

from pydantic import Field

from coigraph.model.base import Dated, Id, ShortText, Text, ref
from coigraph.model.vocab import BodyKind, OrgKind, OrgRelationKind


class Organisation(Dated):
    """An organisation: the ICB, a trust, a council, a GP practice, a company, a charity..."""

    id: Id
    name: ShortText = Field(description="Full name, e.g. 'Northshire Hospitals NHS Foundation Trust'.")
    kind: OrgKind = Field(description="What kind of organisation it is.")
    aliases: list[ShortText] = Field(
        default_factory=list,
        description="Other names and abbreviations used in papers and registers ('NHFT'), ';'-separated in CSV.",
    )
    ods_code: str | None = Field(None, max_length=20, description="NHS ODS organisation code, if any.")
    company_number: str | None = Field(
        None, pattern=r"^[A-Z0-9]{8}$",
        description="Companies House company number, 8 characters with leading zeros ('01234567', 'SC123456').",
    )


class OrgRelation(Dated):
    """A relation from one organisation to another (a practice is a member of a PCN...)."""

    id: Id | None = Field(None, description="Optional id; made from the row when blank.")
    source: Id = ref("organisations", "The organisation the relation starts from.")
    kind: OrgRelationKind = Field(description=(
        "subsidiary_of, member_of, owns, contracts_with, hosts, in_area_of (an NHS ODS "
        "geographic or commissioning parent: not membership, so never an interest), "
        "joint_appointment_with, partnership_with, joint_procurement_with, subcontractor_of or "
        "collaborative_member_of; what each means for a path: docs/screening.md."))
    target: Id = ref("organisations", "The organisation it points to.")
    description: Text | None = Field(None, description="Free text.")


class Body(Dated):
    """A governing body: a board, committee, joint committee, council of governors..."""

    id: Id
    name: ShortText = Field(description="Name, e.g. 'Northshire ICB Board'.")
    kind: BodyKind = Field(description="board, committee, sub_committee, joint_committee, ...")
    owners: list[Id] = ref(
        "organisations",
        "Organisation(s) whose body it is; several for a joint committee or committees in common.",
        min_length=1,
    )
    parent: Id | None = ref("bodies", "The body it reports to (a committee's board).", default=None)
    quorum_min_members: int | None = Field(
        None, ge=0, le=1000, description="Minimum number of voting members present to be quorate. "
        "Blank: not stated (with no required roles either, quorum is not tested)."
    )
    quorum_required_roles: list[str] = Field(
        default_factory=list,
        description=(
            "Roles that must be among the voting members present, ';'-separated; "
            "'a|b' means either. E.g. 'chair|vice_chair;executive_director;independent'."
        ),
    )
    quorum_options: list[str] = Field(
        default_factory=list,
        description="What the body's rules allow when inquorate: defer, refer_up, co_opt.",
    )
    deputies_vote: bool | None = Field(
        None,
        description=(
            "Whether a deputy standing in for a member votes and counts for the quorum, as the "
            "body's standing orders say. Blank: not stated, so a deputy's vote is not stated (the "
            "quorum is to confirm where it turns on them, never inquorate on a blank)."
        ),
    )


__all__ = [
    "Organisation",
    "OrgRelation",
    "Body",
]
