"""The domain model of an integrated care system's governance, declared once.

Every other part of coigraph derives from what is declared here:

* the loader validates each row of each table file against these records;
* :data:`TABLES` says which file holds which record, its id field and which
  fields refer to which other table (so dangling references are found
  generically);
* the graph builder turns each record into a node or an edge whose ``type``
  is the table's ``node_type`` or ``edge_type``;
* the Neo4j labels and relationship types, the map legend, the templates and
  the data-format documentation are all read from :data:`TABLES`.

Field descriptions are written for the governance officer who fills in the
files: they appear in the templates and in ``docs/data-format.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------


class OrgKind(StrEnum):
    """Kinds of organisation found in an integrated care system."""

    icb = "icb"
    nhs_trust = "nhs_trust"
    foundation_trust = "foundation_trust"
    local_authority = "local_authority"
    gp_practice = "gp_practice"
    pcn = "pcn"
    provider_collaborative = "provider_collaborative"
    place_partnership = "place_partnership"
    company = "company"
    vcse = "vcse"
    nhs_england = "nhs_england"
    other = "other"


class BodyKind(StrEnum):
    """Kinds of governing body (a board or a committee of one or more organisations)."""

    board = "board"
    committee = "committee"
    sub_committee = "sub_committee"
    joint_committee = "joint_committee"
    committees_in_common = "committees_in_common"
    council_of_governors = "council_of_governors"
    partnership = "partnership"


class Role(StrEnum):
    """Roles a person can hold in a body or an organisation."""

    chair = "chair"
    vice_chair = "vice_chair"
    chief_executive = "chief_executive"
    executive_director = "executive_director"
    non_executive_director = "non_executive_director"
    partner_member = "partner_member"
    ordinary_member = "ordinary_member"
    member = "member"
    governor = "governor"
    attendee = "attendee"
    officer = "officer"
    employee = "employee"
    gp_partner = "gp_partner"
    clinical_director = "clinical_director"
    director = "director"
    shareholder = "shareholder"
    trustee = "trustee"
    councillor = "councillor"
    volunteer = "volunteer"
    adviser = "adviser"


class Sector(StrEnum):
    """Who nominated an ICB partner member."""

    trusts = "trusts"
    primary_care = "primary_care"
    local_authority = "local_authority"


class InterestType(StrEnum):
    """Categories of interest used by NHS registers of interests."""

    financial = "financial"
    non_financial_professional = "non_financial_professional"
    non_financial_personal = "non_financial_personal"


class AssociationKind(StrEnum):
    """How two people are close enough for one's interests to be the other's indirect ones."""

    spouse_partner = "spouse_partner"
    relative = "relative"
    business_partner = "business_partner"
    close_associate = "close_associate"


class OrgRelationKind(StrEnum):
    """Relations between organisations (source -> target)."""

    subsidiary_of = "subsidiary_of"
    member_of = "member_of"
    owns = "owns"
    contracts_with = "contracts_with"
    hosts = "hosts"


class AttendanceStatus(StrEnum):
    """How a person stood at a meeting."""

    present = "present"
    apologies = "apologies"
    deputising = "deputising"
    in_attendance = "in_attendance"
    absent = "absent"


class ItemKind(StrEnum):
    """What an agenda item asks of the meeting."""

    decision = "decision"
    discussion = "discussion"
    assurance = "assurance"
    information = "information"


class Effect(StrEnum):
    """What an agenda item does to an organisation it affects."""

    award = "award"
    investment = "investment"
    allocation = "allocation"
    reconfiguration = "reconfiguration"
    system_wide = "system_wide"
    self = "self"
    information = "information"


# ---------------------------------------------------------------------------
# Groupings of the vocabularies (declared once; every analysis reads these)
# ---------------------------------------------------------------------------

#: Non-executive seats on a unitary board (the chair and vice chair are non-executives).
NED_ROLES: frozenset[str] = frozenset(
    {Role.non_executive_director.value, Role.chair.value, Role.vice_chair.value})
#: Executive seats.
EXEC_ROLES: frozenset[str] = frozenset({Role.chief_executive.value, Role.executive_director.value})
#: Roles that do not vote in a body unless the position says ``voting: yes``.
NON_VOTING_ROLES: frozenset[str] = frozenset(
    {Role.attendee.value, Role.officer.value, Role.adviser.value, Role.employee.value})
#: Roles whose holders are public office holders (their posts are published by their organisations).
PUBLIC_ROLES: frozenset[str] = frozenset(
    {Role.chair.value, Role.vice_chair.value, Role.chief_executive.value,
     Role.executive_director.value, Role.non_executive_director.value, Role.partner_member.value,
     Role.ordinary_member.value, Role.councillor.value, Role.governor.value})
#: NHS trusts of both kinds.
TRUST_KINDS: frozenset[str] = frozenset({OrgKind.nhs_trust.value, OrgKind.foundation_trust.value})
#: Organisations an ICB partner member can come from (the three nomination routes).
PARTNER_KINDS: frozenset[str] = frozenset(
    {OrgKind.nhs_trust.value, OrgKind.foundation_trust.value, OrgKind.gp_practice.value,
     OrgKind.pcn.value, OrgKind.local_authority.value})
#: Commissioners: a seat on their boards is no interest in what they decide.
COMMISSIONER_KINDS: frozenset[str] = frozenset({OrgKind.icb.value, OrgKind.nhs_england.value})
#: Statutory public bodies whose officers' posts are public record.
PUBLIC_KINDS: frozenset[str] = frozenset(
    {OrgKind.icb.value, OrgKind.nhs_trust.value, OrgKind.foundation_trust.value,
     OrgKind.local_authority.value, OrgKind.nhs_england.value})


# ---------------------------------------------------------------------------
# Field helpers
# ---------------------------------------------------------------------------


Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$",
        description="Stable identifier: letters, digits, '.', '_' or '-'.",
    ),
]
Text = Annotated[str, Field(max_length=10_000)]
ShortText = Annotated[str, Field(max_length=1_000)]


def ref(table: str, description: str, **kw: Any) -> Any:
    """A field that names a record of ``table`` (checked by the loader)."""
    return Field(description=description, json_schema_extra={"ref": table}, **kw)


class Record(BaseModel):
    """Base of every record: unknown columns are errors, whitespace is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    _src: str | None = PrivateAttr(default=None)

    @property
    def src(self) -> str | None:
        """Where the record came from, as ``file:row`` (evidence for findings)."""
        # read the private slot directly: ``self._src`` goes through pydantic's __getattr__,
        # which is slow enough to show when a national dataset is loaded and built
        private = self.__pydantic_private__
        return private.get("_src") if private else None


class Dated(Record):
    """A record in force from ``start`` to ``end`` (both inclusive, both optional)."""

    start: dt.date | None = Field(None, description="First day in force (blank: always was).")
    end: dt.date | None = Field(None, description="Last day in force (blank: still in force).")

    @model_validator(mode="after")
    def _end_after_start(self) -> Dated:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"end: ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()}); "
                "check the two dates are not swapped"
            )
        return self

    def in_force(self, on: dt.date) -> bool:
        """True if the record is in force on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


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


class OrgRelation(Dated):
    """A relation from one organisation to another (a practice is a member of a PCN...)."""

    id: Id | None = Field(None, description="Optional id; made from the row when blank.")
    source: Id = ref("organisations", "The organisation the relation starts from.")
    kind: OrgRelationKind = Field(description="subsidiary_of, member_of, owns, contracts_with or hosts.")
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
        None, ge=0, le=1000, description="Minimum number of voting members present to be quorate."
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
        None, description="For an ICB partner member: trusts, primary_care or local_authority."
    )
    voting: bool | None = Field(
        None, description="Does the holder vote in the body? Blank: yes for members, no for attendees."
    )
    independent: bool = Field(False, description="An independent (non-executive) member.")
    mental_health_expertise: bool = Field(
        False, description="Has knowledge and experience of mental health services."
    )
    acting: bool = Field(False, description="Holds the post on an acting or interim basis.")
    description: Text | None = Field(None, description="Free text, e.g. the job title as published.")

    @model_validator(mode="after")
    def _where(self) -> Position:
        if not self.body and not self.organisation:
            raise ValueError("body: give the body or the organisation the post is in (or both)")
        return self

    @property
    def votes(self) -> bool:
        """Whether the holder votes: explicit, else members vote and attendees do not."""
        if self.voting is not None:
            return self.voting
        return self.role not in NON_VOTING_ROLES


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
        min_length=1,
        description="financial; non_financial_professional; non_financial_personal (';'-separated if several).",
    )
    indirect: bool = Field(False, description="Held by a close associate (spouse, relative...), not the person.")
    associate: Id | None = ref("people", "For an indirect interest: the associate who holds it.", default=None)
    relationship: str | None = Field(
        None, max_length=100, description="For an indirect interest: 'wife', 'son', 'business partner'..."
    )
    description: Text | None = Field(None, description="The register's description of the interest.")
    declared: dt.date | None = Field(None, description="Date the interest was declared.")
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


class Meeting(Record):
    """A meeting of a body."""

    id: Id
    body: Id = ref("bodies", "The body meeting.")
    date: dt.date = Field(description="Date of the meeting.")
    title: ShortText | None = Field(None, description="Title, e.g. 'ICB Board (public), May 2025'.")
    public: bool = Field(True, description="Held in public.")


class Attendance(Record):
    """Who is expected at (or was at) a meeting, and how."""

    meeting: Id = ref("meetings", "The meeting.")
    person: Id = ref("people", "The person.")
    status: AttendanceStatus = Field(
        description="present, apologies, deputising, in_attendance (no vote) or absent."
    )
    deputising_for: Id | None = ref("people", "For a deputy: whom they stand in for.", default=None)
    left_after_item: str | None = Field(None, max_length=20, description="Item number after which they left.")

    @model_validator(mode="after")
    def _deputy(self) -> Attendance:
        if self.status == AttendanceStatus.deputising and not self.deputising_for:
            raise ValueError("deputising_for: a deputy needs the member they stand in for")
        return self


class AgendaItem(Record):
    """An item on a meeting's agenda."""

    id: Id
    meeting: Id = ref("meetings", "The meeting.")
    number: str = Field(min_length=1, max_length=20, description="Item number as on the agenda, e.g. '7' or '7.2'.")
    title: ShortText = Field(description="Title as on the agenda.")
    summary: Text | None = Field(None, description="Summary or recommendation of the paper.")
    kind: ItemKind = Field(description="decision, discussion, assurance or information.")
    confidential: bool = Field(False, description="Taken in private (part 2).")
    value: float | None = Field(None, ge=0, description="Money at stake, in pounds.")
    matter: Id | None = ref("matters", "The matter it decides.", default=None)


class AffectedOrganisation(Record):
    """An organisation an agenda item affects, and how."""

    item: Id = ref("agenda_items", "The agenda item.")
    organisation: Id = ref("organisations", "The organisation affected.")
    effect: Effect = Field(
        description="award, investment, allocation, reconfiguration, system_wide, self or information."
    )
    note: ShortText | None = Field(None, description="Free text.")


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
    sub_delegation_allowed: bool = Field(False, description="May the delegate delegate it on?")
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


class MinutesKind(StrEnum):
    """What the minutes of a meeting recorded."""

    declaration = "declaration"
    withdrawal = "withdrawal"
    no_vote = "no_vote"
    no_declarations = "no_declarations"
    chair = "chair"
    quorate = "quorate"
    inquorate = "inquorate"


class MinutesEntry(Record):
    """One thing the minutes of a meeting recorded (a declaration, a withdrawal, who chaired...)."""

    meeting: Id = ref("meetings", "The meeting minuted.")
    item: Id | None = ref("agenda_items", "The agenda item it concerns (blank: the whole meeting).",
                          default=None)
    kind: MinutesKind = Field(
        description=(
            "declaration, withdrawal (left the room), no_vote (stayed, did not take part in the "
            "decision), no_declarations ('no declarations were made'), chair (who chaired), "
            "quorate or inquorate."
        )
    )
    person: Id | None = ref("people", "Who declared, withdrew or chaired.", default=None)
    all_members: bool = Field(
        False, description="A blanket entry: 'all members declared an interest in item 10'."
    )
    organisation: Id | None = ref("organisations", "The organisation a declaration named.", default=None)
    text: Text | None = Field(None, description="The minute as written.")

    @model_validator(mode="after")
    def _who(self) -> MinutesEntry:
        needs_person = self.kind in (MinutesKind.declaration, MinutesKind.withdrawal,
                                     MinutesKind.no_vote, MinutesKind.chair)
        if needs_person and not self.person and not self.all_members:
            raise ValueError("person: say who (or set all_members for a blanket entry)")
        return self


# ---------------------------------------------------------------------------
# Tables: which file holds which record, and how it enters the graph
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table of a dataset: a file ``<name>.yaml|.csv|.xlsx`` holding ``model`` records.

    ``node_type`` is set for records that become graph nodes; ``edge_type`` (with
    ``edge_ends``: the fields naming the source and target) for records that
    become edges.  ``id_field`` names the record's id, if it has one.
    """

    name: str
    model: type[Record]
    description: str
    id_field: str | None = None
    node_type: str | None = None
    prefix: str | None = None
    edge_type: str | None = None
    edge_ends: tuple[str, ...] = ()
    required: bool = False
    refs: dict[str, str] = field(default_factory=dict)


def _refs(model: type[Record]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "ref" in extra:
            out[name] = str(extra["ref"])
    return out


def _table(**kw: Any) -> Table:
    return Table(refs=_refs(kw["model"]), **kw)


TABLES: tuple[Table, ...] = (
    _table(name="organisations", model=Organisation, id_field="id", node_type="organisation",
           prefix="org", required=True, description="Every organisation in the system."),
    _table(name="org_relations", model=OrgRelation, id_field="id", edge_type="org_relation",
           edge_ends=("source", "target"), description="Relations between organisations."),
    _table(name="bodies", model=Body, id_field="id", node_type="body", prefix="body",
           required=True, description="Boards, committees, joint committees..."),
    _table(name="people", model=Person, id_field="id", node_type="person", prefix="person",
           required=True, description="Board members, officers and associates."),
    _table(name="positions", model=Position, id_field="id", edge_type="position",
           edge_ends=("person", "body|organisation"), description="Who holds which post where."),
    _table(name="interests", model=Interest, id_field="id", edge_type="interest",
           edge_ends=("person", "organisation|subject"), description="The register of interests."),
    _table(name="nil_returns", model=NilReturn, edge_type="nil_return",
           edge_ends=("person", "person"), description="Nil returns: nothing to declare, on a date."),
    _table(name="associations", model=Association, edge_type="association",
           edge_ends=("person", "associate"), description="Spouses, relatives, business partners."),
    _table(name="matters", model=Matter, id_field="code", node_type="matter", prefix="matter",
           description="Kinds of decision, as codes with parents."),
    _table(name="reserved_matters", model=ReservedMatter, edge_type="reserves",
           edge_ends=("body", "matter"), description="Matters a body keeps to itself."),
    _table(name="meetings", model=Meeting, id_field="id", node_type="meeting", prefix="meeting",
           description="Meetings of bodies."),
    _table(name="attendance", model=Attendance, edge_type="attendance",
           edge_ends=("person", "meeting"), description="Who attends which meeting, and how."),
    _table(name="agenda_items", model=AgendaItem, id_field="id", node_type="agenda_item",
           prefix="item", description="Items on meetings' agendas."),
    _table(name="affected_organisations", model=AffectedOrganisation, edge_type="affects",
           edge_ends=("item", "organisation"), description="Organisations each item affects, and how."),
    _table(name="delegations", model=Delegation, id_field="id", edge_type="delegation",
           edge_ends=("from_body", "to_body|to_person"), description="The scheme of delegation."),
    _table(name="decisions", model=Decision, id_field="id", node_type="decision", prefix="decision",
           description="Decisions taken."),
    _table(name="minutes", model=MinutesEntry, edge_type="minuted", edge_ends=("meeting", "item|meeting"),
           description="What the minutes recorded: declarations, withdrawals, chair, quorum."),
)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_BY_MODEL: dict[type[Record], Table] = {t.model: t for t in TABLES}

#: Node prefixes by table: ``person:jane-doe``.  Subjects (interests in things
#: that are not organisations of the dataset) get nodes ``subject:<slug>``.
PREFIX: dict[str, str] = {t.name: t.prefix for t in TABLES if t.prefix}

@dataclass(frozen=True)
class StructuralEdge:
    """An edge made from a reference field of a record, not from a record of its own.

    ``table``'s record (the source node) points, through ``field``, at the
    record(s) it names (the target node(s); a list field gives one edge per
    value).  ``field`` may be ``'a|b'``: the first one set is used.
    """

    edge_type: str
    table: str
    field: str
    description: str


#: Edges that tie nodes together structurally (declared here, built by :mod:`coigraph.graph`).
STRUCTURAL: tuple[StructuralEdge, ...] = (
    StructuralEdge("owned_by", "bodies", "owners", "body -> organisation that owns it"),
    StructuralEdge("reports_to", "bodies", "parent", "body -> its parent body"),
    StructuralEdge("meeting_of", "meetings", "body", "meeting -> body"),
    StructuralEdge("item_of", "agenda_items", "meeting", "agenda item -> meeting"),
    StructuralEdge("decides", "agenda_items", "matter", "agenda item or decision -> matter"),
    StructuralEdge("narrower_than", "matters", "parent", "matter -> its parent matter"),
    StructuralEdge("decided_by", "decisions", "by_body|by_person",
                   "decision -> body or person that decided"),
    StructuralEdge("decides", "decisions", "matter", "agenda item or decision -> matter"),
    StructuralEdge("under_item", "decisions", "item", "decision -> agenda item"),
)

#: Structural edge types with what they join (one line each, for docs and legends).
STRUCTURAL_EDGES: dict[str, str] = {s.edge_type: s.description for s in STRUCTURAL}

#: Every node type and edge type the graph can hold (a fixed set, never from data).
NODE_TYPES: tuple[str, ...] = tuple(t.node_type for t in TABLES if t.node_type) + ("subject",)
EDGE_TYPES: tuple[str, ...] = tuple(t.edge_type for t in TABLES if t.edge_type) + tuple(
    STRUCTURAL_EDGES
)

