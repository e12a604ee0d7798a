"""The tables of a dataset: which file holds which record, and how each enters the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coigraph.model.base import Record
from coigraph.model.breaches import Breach
from coigraph.model.delegation import Decision, Delegation, Matter, ReservedMatter
from coigraph.model.gifts import Gift
from coigraph.model.meetings import (
    AffectedOrganisation,
    AgendaItem,
    Attendance,
    Meeting,
    MinutesEntry,
)
from coigraph.model.organisations import Body, Organisation, OrgRelation
from coigraph.model.people import Association, Interest, NilReturn, Person, Position
from coigraph.model.procurement import (
    Procurement,
    ProcurementBidder,
    ProcurementParticipant,
    ProcurementStage,
)
from coigraph.model.reference import Control
from coigraph.model.schemes import JointAuthority, Post, ProcurementThreshold


@dataclass(frozen=True)
class Table:
    """A table of a dataset: a file ``<name>.yaml|.csv|.xlsx`` holding ``model`` records.

    ``node_type`` is set for records that become graph nodes; ``edge_type`` (with
    ``edge_ends``: the fields naming the source and target) for records that
    become edges.  ``id_field`` names the record's id, if it has one; ``unique``
    the fields that identify a row of a table without one.
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
    #: Fields that together identify a row (a second row with the same values is an error).
    unique: tuple[str, ...] = ()


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
    _table(name="posts", model=Post, id_field="id", node_type="post", prefix="post",
           description="Offices and classes of posts a scheme delegates to."),
    _table(name="joint_authorities", model=JointAuthority, id_field="id",
           node_type="joint_authority", prefix="joint_authority",
           description="Post holders acting together (a joint authority)."),
    _table(name="delegations", model=Delegation, id_field="id", edge_type="delegation",
           edge_ends=("from_body", "to_body|to_person|to_post|to_joint"),
           description="The scheme of delegation."),
    _table(name="decisions", model=Decision, id_field="id", node_type="decision", prefix="decision",
           description="Decisions taken."),
    _table(name="minutes", model=MinutesEntry, edge_type="minuted", edge_ends=("meeting", "item|meeting"),
           description="What the minutes recorded: declarations, withdrawals, chair, quorum."),
    _table(name="procurement_thresholds", model=ProcurementThreshold, id_field="id",
           node_type="procurement_threshold", prefix="threshold",
           description="Quotation and tender thresholds by value band (standing financial instructions)."),
    _table(name="controls", model=Control, id_field="id", edge_type="controls",
           edge_ends=("person|controller", "company"),
           description="Control of companies from a public register (Companies House PSC), not declared."),
    _table(name="procurements", model=Procurement, id_field="id", node_type="procurement",
           prefix="procurement", description="Procurements: what is bought, by whom, under which regime."),
    _table(name="procurement_stages", model=ProcurementStage, edge_type="procurement_stage",
           edge_ends=("procurement", "procurement"), unique=("procurement", "stage"),
           description="The stages of each procurement, with their dates."),
    _table(name="procurement_participants", model=ProcurementParticipant, edge_type="acts_in",
           edge_ends=("person", "procurement"),
           description="Who acted at which stages of a procurement, and what they declared."),
    _table(name="procurement_bidders", model=ProcurementBidder, edge_type="bids_in",
           edge_ends=("organisation", "procurement"),
           description="Bidders or providers considered at each stage of a procurement."),
    _table(name="gifts", model=Gift, id_field="id", edge_type="gift", edge_ends=("person", "organisation|person"),
           description="The register of gifts, hospitality and sponsorship."),
    _table(name="breaches", model=Breach, id_field="id", node_type="breach", prefix="breach",
           description="The breaches register: confirmed (or dismissed) breaches of the policy."),
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
    StructuralEdge("signed_by", "decisions", "signatories", "decision -> each person who signed it"),
    StructuralEdge("with_supplier", "decisions", "supplier", "decision -> the supplier it commits to"),
    StructuralEdge("recommended_to", "decisions", "recommendation_to",
                   "recommendation -> the body it recommends to"),
    StructuralEdge("approved_by", "decisions", "approved_by",
                   "recommendation -> the decision that approved it"),
    StructuralEdge("post_of", "posts", "organisation", "post -> organisation whose post it is"),
    StructuralEdge("in_class", "posts", "classes", "office -> class of posts it belongs to"),
    StructuralEdge("joint_of", "joint_authorities", "organisation",
                   "joint authority -> organisation whose scheme it is"),
    StructuralEdge("threshold_of", "procurement_thresholds", "organisation",
                   "procurement threshold -> organisation whose SFIs set it"),
    StructuralEdge("bought_by", "procurements", "buyer", "procurement -> the organisation buying"),
    StructuralEdge("award_item", "procurements", "item",
                   "procurement -> the agenda item taking its award decision"),
    StructuralEdge("award_decision", "procurements", "decision", "procurement -> its awarding decision"),
    StructuralEdge("concerns", "breaches", "person", "breach -> the person it concerns"),
)

#: Structural edge types with what they join (one line each, for docs and legends).
STRUCTURAL_EDGES: dict[str, str] = {s.edge_type: s.description for s in STRUCTURAL}

#: Every node type and edge type the graph can hold (a fixed set, never from data).
NODE_TYPES: tuple[str, ...] = tuple(t.node_type for t in TABLES if t.node_type) + ("subject",)
EDGE_TYPES: tuple[str, ...] = tuple(t.edge_type for t in TABLES if t.edge_type) + tuple(
    STRUCTURAL_EDGES
)



__all__ = [
    "Table",
    "TABLES",
    "TABLE_BY_NAME",
    "TABLE_BY_MODEL",
    "PREFIX",
    "StructuralEdge",
    "STRUCTURAL",
    "STRUCTURAL_EDGES",
    "NODE_TYPES",
    "EDGE_TYPES",
]
