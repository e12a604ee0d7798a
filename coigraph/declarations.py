"""What one member should declare at a meeting, and why (``coigraph declarations``).

:func:`person_declarations` gives the member, in advance, the answer the
governance officer gets: the items where their interests reach an affected
organisation (from the meeting's screen), and the declarations checks
(:mod:`coigraph.declaration_checks`: undeclared posts, possibly undeclared
control of a company an item affects (from the screen), a stale declaration,
confidential information heard before a related decision) for them alone.

The checks themselves live in :mod:`coigraph.declaration_checks`, below the
screen that runs them for everyone on the roll; they are re-exported here,
their import path of old.

Cost: one screen of the meeting, plus the member's own edges.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, views
from coigraph.declaration_checks import (
    FLOW_DAYS,
    IN_ROOM,
    STALE_MONTHS,
    InformationFlow,
    MeetingChecks,
    StaleDeclaration,
    UndeclaredInterest,
    information_flows,
    meeting_checks,
    stale_declaration,
    undeclared_controls,
    undeclared_interests,
)
from coigraph.graph import find_node, in_force
from coigraph.graph import node_name as _name
from coigraph.paths import DEFAULT_LOOKBACK_DAYS, excluded_orgs
from coigraph.screening import screen_meeting


class PersonDeclarations(BaseModel):
    """What one person should declare at one meeting, and why."""

    person: str
    person_name: str
    meeting: str
    meeting_title: str | None
    date: dt.date
    items: list[dict[str, Any]] = Field(description="Per item with a finding for the person: number, "
                                        "title, and the findings.")
    undeclared: list[UndeclaredInterest]
    stale: StaleDeclaration | None
    information_flows: list[InformationFlow]
    register_entries: list[dict[str, Any]] = Field(description="The person's register entries in force "
                                           "(or ended within the look-back) on the date.")


def person_declarations(G: nx.MultiDiGraph, person: str, meeting: str, *, policy: Any = None,
                        as_of: dt.date | None = None, lookback_days: int | None = None) -> PersonDeclarations:
    """One member's view of a meeting: their findings per item, and the declarations checks."""
    if lookback_days is None:
        lookback = policy.lookback_days() if policy is not None else DEFAULT_LOOKBACK_DAYS
    else:
        lookback = lookback_days
    pnode = find_node(G, "person", person)
    mnode = find_node(G, "meeting", meeting)
    screen = screen_meeting(G, mnode, policy=policy, as_of=as_of, lookback_days=lookback, checks=False)
    on = screen.screened_on
    items = []
    for it in screen.items:
        fs = [f for f in it.findings if f.person == ids.bare(pnode)]
        if fs:
            items.append({"number": it.number, "id": it.id, "title": it.title, "kind": it.kind.value,
                          "findings": [f.model_dump(mode="json") for f in fs]})
    m = views.meeting(G, mnode)
    body = ids.body(m.body)
    register = []
    for _, v, _key, i in sorted(views.out_edges(G, pnode, "interest"), key=lambda e: e[2]):
        if in_force(i, on, lookback_days=lookback):
            register.append({"id": i.id, "about": _name(G, v), "types": list(i.types),
                             "indirect": bool(i.indirect), "start": _iso(i.start),
                             "end": _iso(i.end), "evidence": i.src})
    flows = information_flows(G, pnode, meeting=mnode)
    return PersonDeclarations(
        person=ids.bare(pnode), person_name=_name(G, pnode), meeting=ids.bare(mnode),
        meeting_title=m.title, date=m.date, items=items,
        undeclared=undeclared_interests(G, pnode, on=on, exclude_orgs=excluded_orgs(G, body),
                                        exclude_bodies=[body])
        + undeclared_controls(G, screen.items, person=pnode),
        stale=stale_declaration(G, pnode, on=on), information_flows=flows, register_entries=register,
    )


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


__all__ = ["undeclared_interests", "stale_declaration", "information_flows", "meeting_checks",
           "person_declarations", "MeetingChecks", "UndeclaredInterest", "StaleDeclaration",
           "InformationFlow", "PersonDeclarations", "STALE_MONTHS", "FLOW_DAYS", "IN_ROOM"]
