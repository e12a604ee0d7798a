"""The records an interest-path search returns, and the one builder both engines use.

An engine finds *which* edges make a path; this module turns them into an
:class:`InterestPath` (its nodes, each step's words and evidence, the chain in
words), so the in-memory and the Cypher search give the same records, byte
for byte.  A path is handed over as a :class:`Prefix` (the person-side part,
up to the organisation the interest lands on) and its organisation steps,
each a :data:`Hop`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, views
from coigraph.graph import in_force
from coigraph.graph import node_name as _name
from coigraph.model import date_status, date_words
from coigraph.paths.grammar import GRAMMAR, Direction, Grammar
from coigraph.words import humanise

#: One walked edge: ``(from, to, key, attrs, reversed)``; ``reversed`` when walked against the stored edge.
Hop = tuple[str, str, str, dict[str, Any], bool]


class PathNode(BaseModel):
    """A node on a path: its graph id, type and name."""

    id: str
    type: str
    name: str


class PathEdge(BaseModel):
    """One step of a path, with the record behind it and where that record came from."""

    source: str = Field(description="Node the step leaves (as walked, not as stored).")
    target: str = Field(description="Node the step reaches.")
    key: str = Field(description="The graph edge key, e.g. 'position:p-12'.")
    type: str = Field(description="position, interest, controls, association, owned_by or org_relation.")
    label: str = Field(description="The step in words, e.g. 'chief executive at'.")
    evidence: str | None = Field(None, description="Where the record came from: 'file:row'.")
    record: str | None = Field(None, description="The record's id, if it has one.")
    start: dt.date | None = None
    end: dt.date | None = None
    in_force: bool = Field(True, description="In force on the date (False: ended within the look-back).")
    reversed: bool = Field(False, description="Walked against the stored direction ('owned by').")


#: A public register in words, as findings name it ("Companies House PSC, notified on 2021-03-15").
REGISTER_WORDS = {"companies_house_psc": "Companies House PSC", "bods": "BODS register"}


def register_words(register: Any) -> str:
    """A public register's name in words (its code, made readable, for one not known here)."""
    code = str(getattr(register, "value", register) or "companies_house_psc")
    return REGISTER_WORDS.get(code, code.replace("_", " "))


class ControlFacts(BaseModel):
    """For a path carried by control on a public register: what the register says, and where."""

    holder: str = Field(description="Node id of who controls the company (the person, or their associate).")
    company: str = Field(description="Node id of the company controlled.")
    source_register: str = Field(description="companies_house_psc or bods: a public register, never a "
                                 "declaration.")
    notified: dt.date | None = Field(None, description="When the control was notified to the register.")
    natures: list[str] = Field(default_factory=list, description="How, in the register's own codes "
                               "(withheld with --redact for a private individual).")
    register_id: str | None = Field(None, description="The register's id of the record, to look it up "
                                    "(withheld with --redact for a private individual).")
    matched_by: str | None = Field(None, description="How the controller was matched to the person "
                                   "(withheld with --redact for a private individual).")


class InterestPath(BaseModel):
    """How one person's interest reaches one organisation: nodes, edges and what kind of path it is."""

    person: str
    organisation: str
    nodes: list[PathNode]
    edges: list[PathEdge]
    shape: Literal["direct", "via_org", "self"] = Field(
        description="direct: the interest is in the organisation (or a body it owns); "
        "via_org: reached through organisation relations; self: the person's seat or post at "
        "the organisation whose body is meeting (for items that affect the members themselves)."
    )
    indirect: bool = Field(description="Held through an associate (spouse, relative, business partner...).")
    carrier: Literal["position", "interest", "controls"] = Field(
        description="What carries the interest: a post held, an entry on the register, or control of a "
        "company on a public register (Companies House PSC; not a declaration)."
    )
    carrier_key: str = Field(description="Graph key of the position or interest record.")
    role: str | None = Field(None, description="For a position: the role held.")
    interest_types: list[str] = Field(default_factory=list, description="For a register entry: its types.")
    relations: list[str] = Field(default_factory=list, description="Organisation relations walked, in order.")
    direction: Direction | None = Field(None, description="Which way the organisation steps go.")
    via_body: str | None = Field(None, description="The body whose seat carried the interest, if any.")
    associate: str | None = Field(None, description="For an indirect interest: the associate.")
    relationship: str | None = Field(None, description="For an indirect interest: 'wife', 'business partner'...")
    recency: Literal["current", "ended"] = "current"
    ended: dt.date | None = Field(None, description="When the interest ended, if it has.")
    control: ControlFacts | None = Field(None, description="For carrier 'controls': the public register's "
                                         "record (a possibly undeclared interest, to confirm).")
    text: str = Field(description="The chain in words, with the evidence of each step.")
    unknown: list[str] = Field(default_factory=list, description="What the path depends on that the "
                               "data does not state, in words: a step known only as at a later date "
                               "or ended on a date not given, a register entry without a type. A "
                               "finding on such a path is 'to confirm'.")

    def sort_key(self) -> tuple:
        return (self.organisation, len(self.edges), tuple(e.key for e in self.edges))


@dataclass
class Prefix:
    """The person-side part of a path, ending at the organisation the interest lands on.

    ``edges``: the associate step (if any), the carrier, and the body's
    ``owned_by`` step (for a seat).  ``carrier``: the carrier's attributes.
    """

    landing: str
    edges: list[Hop]
    carrier_key: str
    carrier: dict[str, Any]
    associate: str | None = None
    relationship: str | None = None
    via_body: str | None = None


# --------------------------------------------------------------------------- words


def _words(value: Any) -> str:
    return humanise(value)


def type_words(interest_type: Any) -> str:
    """An interest type as registers write it: 'non_financial_personal' -> 'non-financial personal'."""
    return str(interest_type).replace("non_financial_", "non-financial ").replace("_", " ")


def edge_label(a: dict[str, Any], reversed_: bool, target: str = "", grammar: Grammar = GRAMMAR) -> str:
    """A step in words: 'director at', 'declared financial interest in', 'a subsidiary of'."""
    t = views.view(a).type
    if t == "position":
        return f"{_words(views.position(a).role or 'post')} {'on' if ids.is_body(target) else 'at'}"
    if t == "interest":
        entry = views.interest(a)
        types = " and ".join(type_words(x) for x in entry.types)
        extra = " (indirect" + (f", through their {entry.relationship}" if entry.relationship else "") + ")" \
            if entry.indirect else ""
        return f"declared {types} interest{extra} in"
    if t == "association":
        link = views.association(a)
        return f"{link.relationship or _words(link.kind or 'associate')}:"
    if t == grammar.seat.edge_type:
        return "a body of"
    if t in grammar.public_record_types:  # control on a public register: which, and since when
        start = a.get("start")
        when = f", notified on {start.isoformat()}" if isinstance(start, dt.date) else ""
        return f"controls ({register_words(a.get('source_register'))}{when})"
    line = grammar.line_of(a)
    if line is not None:
        return line.words[1 if reversed_ else 0]
    if t == "org_relation":  # an organisation relation that makes no line (never on a path)
        return _words(a.get("kind"))
    return _words(t)


def make_edge(u: str, v: str, key: str, a: dict[str, Any], on: dt.date, reversed_: bool = False,
              grammar: Grammar = GRAMMAR) -> PathEdge:
    """One :class:`PathEdge`: the edge ``key`` with attributes ``a``, walked from ``u`` to ``v``.

    ``a`` may be any edge on a path, a structural one (``owned_by``, which has
    no record and no view) included, so its common fields are read by name.
    """
    return PathEdge(
        source=u, target=v, key=key, type=str(a.get("type")), label=edge_label(a, reversed_, v, grammar),
        evidence=a.get("src"), record=a.get("id"), start=a.get("start"), end=a.get("end"),
        in_force=in_force(a, on), reversed=reversed_,
    )


def chain_text(G: nx.MultiDiGraph, person: str, edges: list[PathEdge]) -> str:
    """The chain in words, with each step's evidence: 'Ann → director at Acme [positions.csv:3]'."""
    parts = [_name(G, person)]
    for e in edges:
        ev = f" [{e.evidence}]" if e.evidence else ""
        ended = f" (ended {e.end.isoformat()})" if not e.in_force and e.end else ""
        parts.append(f"{e.label} {_name(G, e.target)}{ended}{ev}")
    return " → ".join(parts)


# --------------------------------------------------------------------------- what is not known


#: Far enough back that only the undated ends of a record (``as_at``, ``ended``) make it unknown.
_ANY_LOOKBACK = 366 * 100


def unknowns(G: nx.MultiDiGraph, on: dt.date, walked: list[Hop], carrier: dict[str, Any] | None) -> list[str]:
    """What a path's steps leave unknown on ``on``, in words (empty: everything is stated).

    A step whose record is known only *as at* a later date, or has *ended* on a
    date not given (:func:`coigraph.model.date_status`), and a register entry
    that gives no type.
    """
    out: list[str] = []
    for _u, v, _, a, rev in walked:
        if date_status(a, on, lookback_days=_ANY_LOOKBACK) is None:
            out.append(f"whether '{edge_label(a, rev, v)} {_name(G, v)}' held on {on.isoformat()} "
                       f"({date_words(a)})")
    if carrier is not None and views.view(carrier).type == "interest" and not carrier.get("types"):
        out.append("the type of the register entry (the register gives none)")
    return out


# --------------------------------------------------------------------------- records


def build_path(G: nx.MultiDiGraph, on: dt.date, person: str, pre: Prefix, steps: list[Hop],
               direction: Direction | None, target: str, grammar: Grammar = GRAMMAR) -> InterestPath:
    """The :class:`InterestPath` for ``pre`` then the organisation ``steps`` to ``target``.

    ``G`` needs only the path's nodes (names and types) and is not searched.
    """
    edges = [make_edge(u, v, k, a, on, rev, grammar) for (u, v, k, a, rev) in pre.edges]
    edges.extend(make_edge(u, v, k, a, on, rev, grammar) for (u, v, k, a, rev) in steps)
    node_ids = [person] + [e.target for e in edges]
    nodes = [PathNode(id=n, type=str(G.nodes[n].get("type", ids.prefix_of(n) or n)), name=_name(G, n))
             for n in node_ids]
    c = pre.carrier
    kind = views.view(c).type
    declared = grammar.carrier(kind)
    held_indirectly = bool(declared and declared.indirect_field and c.get(declared.indirect_field))
    current = in_force(c, on)
    role, types, associate, relationship = None, [], None, None
    control = None
    if kind == "position":
        role = views.position(c).role
    elif kind in grammar.public_record_types:
        holder = pre.edges[1][0] if pre.associate else pre.edges[0][0]
        control = control_facts(c, holder, pre.landing)
    else:
        entry = views.interest(c)
        types, associate, relationship = entry.types or [], entry.associate, entry.relationship
    return InterestPath(
        person=person, organisation=target, nodes=nodes, edges=edges,
        shape="via_org" if steps else "direct",
        indirect=bool(pre.associate) or held_indirectly,
        carrier=kind if kind in ("position", "controls") else "interest",
        carrier_key=pre.carrier_key, role=role, control=control,
        interest_types=[str(x) for x in types],
        relations=[_relation(grammar, s[3]) for s in steps], direction=direction if steps else None,
        via_body=pre.via_body,
        associate=pre.associate or (ids.person(associate) if associate else None),
        relationship=pre.relationship if pre.associate else relationship,
        recency="current" if current else "ended", ended=None if current else c.get("end"),
        text=chain_text(G, person, edges),
        unknown=unknowns(G, on, [*pre.edges, *steps], c),
    )


def control_facts(c: dict[str, Any], holder: str, company: str) -> ControlFacts:
    """The :class:`ControlFacts` of a ``controls`` edge's attributes ``c`` (held by ``holder``)."""
    natures = c.get("natures") or []
    return ControlFacts(
        holder=holder, company=company,
        source_register=str(getattr(c.get("source_register"), "value", c.get("source_register")) or "companies_house_psc"),
        notified=c.get("start"), natures=[str(x) for x in natures] if isinstance(natures, list) else [str(natures)],
        register_id=c.get("register_id"), matched_by=c.get("matched_by"))


def control_words(G: nx.MultiDiGraph, control: ControlFacts) -> str:
    """'possibly undeclared: controls Acme Ltd (Companies House PSC, notified on 2021-03-15)'."""
    when = f", notified on {control.notified.isoformat()}" if control.notified else ""
    return (f"possibly undeclared: controls {_name(G, control.company)} "
            f"({register_words(control.source_register)}{when})")


def _relation(grammar: Grammar, a: dict[str, Any]) -> str:
    line = grammar.line_of(a)
    return line.name if line is not None else str(a.get("kind"))


def membership_path(G: nx.MultiDiGraph, on: dt.date, person: str, org: str, walked: list[Hop],
                    carrier_key: str, via_body: str | None, grammar: Grammar = GRAMMAR) -> InterestPath:
    """A ``self`` path: the person's own post at ``org``, or seat on a body it owns (``walked``)."""
    edges = [make_edge(u, v, k, a, on, rev, grammar) for (u, v, k, a, rev) in walked]
    nodes = [PathNode(id=n, type=str(G.nodes[n].get("type", "")), name=_name(G, n))
             for n in [person] + [e.target for e in edges]]
    return InterestPath(
        person=person, organisation=org, nodes=nodes, edges=edges, shape="self", indirect=False,
        carrier="position", carrier_key=carrier_key, role=views.position(walked[0][3]).role, via_body=via_body,
        text=chain_text(G, person, edges), unknown=unknowns(G, on, walked, None))


__all__ = ["PathNode", "PathEdge", "InterestPath", "ControlFacts", "control_facts", "control_words", "register_words",
           "REGISTER_WORDS", "Prefix", "Hop", "type_words", "edge_label",
           "make_edge", "chain_text", "build_path", "membership_path", "unknowns"]
