"""Checks on declarations a governance officer runs before a meeting.

* **Possibly undeclared interests**: a post a person holds (or one their
  spouse, relative or business partner holds) at an organisation, in the
  data on the date, that none of the person's register entries covers.  The
  posts that make up the person's place at the meeting (seats on the body
  meeting, posts at the organisation that owns it) need no declaration.
* **Stale declarations**: no register entry declared and no nil return in
  the 12 months before the meeting (NHS England: declare at least annually).
  An entry's date is its ``declared`` date, or its ``start`` if that is blank.
* **Confidential information flow**: a person who heard a confidential item
  that affects their own organisation (a post there, or a seat on one of its
  bodies) and who then sits at a meeting of that organisation's bodies which
  decides a related matter (the same matter code or a broader/narrower one,
  or an item naming one of the same organisations), within
  ``flow_days`` (default 365).

:func:`person_declarations` gathers, for one member and one meeting, what
they should declare and why (``coigraph declarations``).

Cost: each check looks at the person's own edges, their associates', and
the meetings of the organisations they belong to; never the whole graph.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import networkx as nx
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field

from coigraph.graph import bare as _bare
from coigraph.graph import find_node, in_force
from coigraph.graph import node_name as _name
from coigraph.paths import seat_owners
from coigraph.quorum import RollEntry, item_order, meeting_roll

STALE_MONTHS = 12
FLOW_DAYS = 365
IN_ROOM = ("present", "deputising", "in_attendance")


class UndeclaredInterest(BaseModel):
    """A post in the data that the person's register does not cover."""

    person: str
    person_name: str
    organisation: str
    organisation_name: str
    kind: Literal["own_post", "associate_post"]
    role: str | None = None
    associate: str | None = None
    associate_name: str | None = None
    relationship: str | None = None
    record: str = Field(description="Graph key of the position.")
    evidence: str | None = None
    explanation: str


class StaleDeclaration(BaseModel):
    """A person with no declaration and no nil return in the 12 months before a date."""

    person: str
    person_name: str
    on: dt.date
    since: dt.date = Field(description="Start of the 12-month window.")
    last_declared: dt.date | None = None
    last_nil_return: dt.date | None = None
    explanation: str


class InformationFlow(BaseModel):
    """Confidential information heard at one meeting, before a related decision at another."""

    person: str
    person_name: str
    organisation: str = Field(description="The person's own organisation the confidential item affected.")
    organisation_name: str
    heard_meeting: str
    heard_date: dt.date
    heard_item: str
    heard_item_title: str
    deciding_meeting: str
    deciding_date: dt.date
    deciding_item: str
    deciding_item_title: str
    related_by: str = Field(description="Why the two items are related: 'matter X' or 'organisation Y'.")
    evidence: list[str] = Field(default_factory=list)
    explanation: str


class MeetingChecks(BaseModel):
    """The declarations checks of one meeting's roll."""

    undeclared: list[UndeclaredInterest] = Field(default_factory=list)
    stale: list[StaleDeclaration] = Field(default_factory=list)
    information_flows: list[InformationFlow] = Field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _post_words(G: nx.MultiDiGraph, org: str, a: dict[str, Any]) -> str:
    """'chief executive on Trust Board (Trust)' or 'director at Acme Ltd'."""
    role = str(a.get("role", "post")).replace("_", " ")
    if a.get("body") and f"body:{a['body']}" in G:
        return f"{role} on {_name(G, 'body:' + a['body'])} ({_name(G, org)})"
    return f"{role} at {_name(G, org)}"


def _mname(G: nx.MultiDiGraph, meeting: str) -> str:
    return str(G.nodes[meeting].get("title") or _bare(meeting))


def _post_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> list[tuple[str, str, dict[str, Any]]]:
    """(organisation, position key, attrs) for each post ``person`` holds on ``on``.

    A seat on a body counts as a post at the owner it is for (see
    :func:`coigraph.paths.seat_owners`).
    """
    out = []
    for _, v, key, a in G.out_edges(person, keys=True, data=True):
        if a.get("type") != "position" or not in_force(a, on):
            continue
        if v.startswith("org:"):
            out.append((v, key, a))
        elif v.startswith("body:"):
            out.extend((o, key, a) for o, _, _ in seat_owners(G, v, a))
    return sorted(out, key=lambda x: (x[0], x[1]))


def _declared_orgs(G: nx.MultiDiGraph, person: str, on: dt.date, lookback_days: int) -> set[str]:
    return {v for _, v, a in G.out_edges(person, data=True)
            if a.get("type") == "interest" and v.startswith("org:")
            and in_force(a, on, lookback_days=lookback_days)}


def _associates(G: nx.MultiDiGraph, person: str, on: dt.date) -> list[tuple[str, dict[str, Any]]]:
    out = [(v, a) for _, v, a in G.out_edges(person, data=True) if a.get("type") == "association"
           and v != person and in_force(a, on)]
    out += [(u, a) for u, _, a in G.in_edges(person, data=True) if a.get("type") == "association"
            and u != person and in_force(a, on)]
    return sorted(out, key=lambda x: x[0])


# --------------------------------------------------------------------------- undeclared


def undeclared_interests(G: nx.MultiDiGraph, person: str, *, on: dt.date, exclude_orgs: Any = (),
                         exclude_bodies: Any = (), lookback_days: int = 0) -> list[UndeclaredInterest]:
    """Posts of ``person`` (and of their associates) on ``on`` that no register entry of theirs covers.

    ``exclude_orgs`` / ``exclude_bodies``: the organisation and body of the
    meeting, whose posts need no declaration.  An entry covers a post if it
    names the same organisation and is in force (or ended within
    ``lookback_days``).
    """
    person = person if person.startswith("person:") else f"person:{person}"
    ex_orgs = set(exclude_orgs)
    ex_bodies = {_bare(b) for b in exclude_bodies}
    declared = _declared_orgs(G, person, on, lookback_days)
    out: dict[tuple[str, str], UndeclaredInterest] = {}
    pname = _name(G, person)
    for org, key, a in _post_orgs(G, person, on):
        if org in ex_orgs or org in declared or a.get("body") in ex_bodies:
            continue
        out.setdefault((org, key), UndeclaredInterest(
            person=_bare(person), person_name=pname, organisation=_bare(org), organisation_name=_name(G, org),
            kind="own_post", role=a.get("role"), record=key, evidence=a.get("src"),
            explanation=(f"{pname} is {_post_words(G, org, a)} ({a.get('src') or key}), but no entry on "
                         f"their register names {_name(G, org)}: check whether it should be declared."),
        ))
    for assoc, aa in _associates(G, person, on):
        rel = aa.get("relationship") or str(aa.get("kind", "associate")).replace("_", " ")
        for org, key, a in _post_orgs(G, assoc, on):
            if org in ex_orgs or org in declared:
                continue
            out.setdefault((org, key), UndeclaredInterest(
                person=_bare(person), person_name=pname, organisation=_bare(org),
                organisation_name=_name(G, org), kind="associate_post", role=a.get("role"),
                associate=_bare(assoc), associate_name=_name(G, assoc), relationship=rel, record=key,
                evidence=a.get("src"),
                explanation=(f"{pname}'s {rel}, {_name(G, assoc)}, is {_post_words(G, org, a)} "
                             f"({a.get('src') or key}), but {pname}'s register has no (indirect) entry "
                             f"for {_name(G, org)}: check whether it should be declared."),
            ))
    return [out[k] for k in sorted(out)]


# --------------------------------------------------------------------------- stale


def stale_declaration(G: nx.MultiDiGraph, person: str, *, on: dt.date,
                      months: int = STALE_MONTHS) -> StaleDeclaration | None:
    """A :class:`StaleDeclaration` if ``person`` made no declaration nor nil return in the ``months`` before ``on``."""
    person = person if person.startswith("person:") else f"person:{person}"
    since = on - relativedelta(months=months)
    last_decl: dt.date | None = None
    last_nil: dt.date | None = None
    for _, _, a in G.out_edges(person, data=True):
        t = a.get("type")
        if t == "interest":
            d = a.get("declared") or a.get("start")
            if d is not None and d <= on and (last_decl is None or d > last_decl):
                last_decl = d
        elif t == "nil_return":
            d = a.get("date")
            if d is not None and d <= on and (last_nil is None or d > last_nil):
                last_nil = d
    latest = max((d for d in (last_decl, last_nil) if d is not None), default=None)
    if latest is not None and latest >= since:
        return None
    name = _name(G, person)
    seen = []
    if last_decl:
        seen.append(f"last declaration {last_decl.isoformat()}")
    if last_nil:
        seen.append(f"last nil return {last_nil.isoformat()}")
    return StaleDeclaration(
        person=_bare(person), person_name=name, on=on, since=since, last_declared=last_decl,
        last_nil_return=last_nil,
        explanation=(f"{name} has made no declaration of interests and no nil return since "
                     f"{since.isoformat()} ({'; '.join(seen) if seen else 'none on record'}): ask for an "
                     "up-to-date declaration before the meeting."),
    )


# --------------------------------------------------------------------------- information flow


def _matter_line(G: nx.MultiDiGraph, matter: str | None) -> list[str]:
    out = []
    node = f"matter:{matter}" if matter else None
    while node and node in G and node not in out and len(out) < 20:
        out.append(node)
        node = next((v for _, v, t in G.out_edges(node, data="type") if t == "narrower_than"), None)
    return out


def _related(G: nx.MultiDiGraph, a: str, b: str) -> str | None:
    ma, mb = G.nodes[a].get("matter"), G.nodes[b].get("matter")
    if ma and mb:
        la, lb = _matter_line(G, ma), _matter_line(G, mb)
        if f"matter:{mb}" in la or f"matter:{ma}" in lb:
            return f"matter {ma if f'matter:{ma}' in lb else mb}"
    oa = {v for _, v, t in G.out_edges(a, data="type") if t == "affects"}
    ob = {v for _, v, t in G.out_edges(b, data="type") if t == "affects"}
    common = sorted(oa & ob)
    if common:
        return f"organisation {_bare(common[0])}"
    return None


def _items(G: nx.MultiDiGraph, meeting: str) -> list[str]:
    return sorted((u for u, _, t in G.in_edges(meeting, data="type") if t == "item_of"),
                  key=lambda n: (item_order(str(G.nodes[n].get("number", ""))), n))


def _own_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> set[str]:
    return {o for o, _, _ in _post_orgs(G, person, on)}


def _at_meeting(G: nx.MultiDiGraph, person: str, meeting: str) -> bool:
    """Was ``person`` (expected) at ``meeting``: attendance in the room, or a seat with no record saying otherwise."""
    recs = [a for _, v, a in G.out_edges(person, data=True) if v == meeting and a.get("type") == "attendance"]
    if recs:
        return any(a.get("status") in IN_ROOM for a in recs)
    body = f"body:{G.nodes[meeting]['body']}"
    day = G.nodes[meeting]["date"]
    for _, v, a in G.out_edges(person, data=True):
        if a.get("type") == "position" and in_force(a, day) and (v == body or a.get("body") == _bare(body)):
            return True
    return False


def information_flows(G: nx.MultiDiGraph, person: str, *, flow_days: int = FLOW_DAYS,
                      meeting: str | None = None) -> list[InformationFlow]:
    """Confidential items ``person`` heard that affect their own organisation, before a related decision there.

    With ``meeting``, only flows where that meeting is the one heard at or the
    one deciding.  Cost: the person's attendance records and the meetings of
    their own organisations' bodies.
    """
    person = person if person.startswith("person:") else f"person:{person}"
    heard_meetings = sorted(v for _, v, a in G.out_edges(person, data=True)
                            if a.get("type") == "attendance" and a.get("status") in IN_ROOM)
    out: list[InformationFlow] = []
    name = _name(G, person)
    for hm in heard_meetings:
        hdate: dt.date = G.nodes[hm]["date"]
        att = next(a for _, v, a in G.out_edges(person, data=True) if v == hm and a.get("type") == "attendance")
        left = att.get("left_after_item")
        own = _own_orgs(G, person, hdate)
        for item in _items(G, hm):
            ia = G.nodes[item]
            if not ia.get("confidential"):
                continue
            if left is not None and item_order(str(ia.get("number"))) > item_order(str(left)):
                continue
            affected = {v for _, v, t in G.out_edges(item, data="type") if t == "affects"}
            for org in sorted(affected & own):
                for dm, ditem, why in _deciding(G, org, item, hdate, flow_days):
                    if meeting is not None and meeting not in (hm, dm):
                        continue
                    if not _at_meeting(G, person, dm):
                        continue
                    da, dma = G.nodes[ditem], G.nodes[dm]
                    out.append(InformationFlow(
                        person=_bare(person), person_name=name, organisation=_bare(org),
                        organisation_name=_name(G, org), heard_meeting=_bare(hm), heard_date=hdate,
                        heard_item=_bare(item), heard_item_title=str(ia.get("title", "")),
                        deciding_meeting=_bare(dm), deciding_date=dma["date"], deciding_item=_bare(ditem),
                        deciding_item_title=str(da.get("title", "")), related_by=why,
                        evidence=sorted(str(x) for x in (att.get("src"),) if x),
                        explanation=(
                            f"{name} heard confidential item {ia.get('number')} '{ia.get('title')}' at "
                            f"{_mname(G, hm)} on {hdate.isoformat()}, which affects {_name(G, org)}; on "
                            f"{dma['date'].isoformat()} {_mname(G, dm)} considers item {da.get('number')} "
                            f"'{da.get('title')}' (related by {why}). {name} should declare what they know "
                            "and the chair decide whether they take part."),
                    ))
    out.sort(key=lambda f: (f.person, f.heard_date, f.heard_item, f.deciding_date, f.deciding_item))
    return out


def _deciding(G: nx.MultiDiGraph, org: str, heard_item: str, after: dt.date,
              flow_days: int) -> list[tuple[str, str, str]]:
    """(meeting, item, why) for items at meetings of ``org``'s bodies after ``after``, related to ``heard_item``."""
    out = []
    until = after + dt.timedelta(days=flow_days)
    bodies = sorted(u for u, _, t in G.in_edges(org, data="type") if t == "owned_by")
    for b in bodies:
        for m in sorted(u for u, _, t in G.in_edges(b, data="type") if t == "meeting_of"):
            d = G.nodes[m]["date"]
            if not (after < d <= until):
                continue
            for it in _items(G, m):
                why = _related(G, heard_item, it)
                if why:
                    out.append((m, it, why))
    return out


# --------------------------------------------------------------------------- per meeting / per person


def meeting_checks(G: nx.MultiDiGraph, meeting: str, *, roll: list[RollEntry] | None = None,
                   on: dt.date | None = None, flow_days: int = FLOW_DAYS) -> MeetingChecks:
    """The three checks for everyone in the room at ``meeting`` (undeclared posts, stale, information flow)."""
    from coigraph.screening import excluded_orgs

    meeting = find_node(G, "meeting", meeting)
    m = G.nodes[meeting]
    on = on or m["date"]
    body = f"body:{m['body']}"
    roll = roll if roll is not None else meeting_roll(G, meeting)
    ex = excluded_orgs(G, body)
    res = MeetingChecks()
    for e in roll:
        if not e.in_room:
            continue
        p = f"person:{e.person}"
        res.undeclared += undeclared_interests(G, p, on=on, exclude_orgs=ex, exclude_bodies=[body])
        st = stale_declaration(G, p, on=on)
        if st:
            res.stale.append(st)
        res.information_flows += information_flows(G, p, flow_days=flow_days, meeting=meeting)
    return res


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
    from coigraph.paths import DEFAULT_LOOKBACK_DAYS
    from coigraph.screening import excluded_orgs, screen_meeting

    lookback = DEFAULT_LOOKBACK_DAYS if lookback_days is None else lookback_days
    pnode = find_node(G, "person", person)
    mnode = find_node(G, "meeting", meeting)
    screen = screen_meeting(G, mnode, policy=policy, as_of=as_of, lookback_days=lookback, checks=False)
    on = screen.screened_on
    items = []
    for it in screen.items:
        fs = [f for f in it.findings if f.person == _bare(pnode)]
        if fs:
            items.append({"number": it.number, "id": it.id, "title": it.title, "kind": it.kind.value,
                          "findings": [f.model_dump(mode="json") for f in fs]})
    body = f"body:{G.nodes[mnode]['body']}"
    register = []
    for _, v, _key, a in sorted(G.out_edges(pnode, keys=True, data=True), key=lambda e: e[2]):
        if a.get("type") == "interest" and in_force(a, on, lookback_days=lookback):
            register.append({"id": a.get("id"), "about": _name(G, v), "types": list(a.get("types", [])),
                             "indirect": bool(a.get("indirect")), "start": _iso(a.get("start")),
                             "end": _iso(a.get("end")), "evidence": a.get("src")})
    flows = information_flows(G, pnode, meeting=mnode)
    return PersonDeclarations(
        person=_bare(pnode), person_name=_name(G, pnode), meeting=_bare(mnode),
        meeting_title=G.nodes[mnode].get("title"), date=G.nodes[mnode]["date"], items=items,
        undeclared=undeclared_interests(G, pnode, on=on, exclude_orgs=excluded_orgs(G, body),
                                        exclude_bodies=[body]),
        stale=stale_declaration(G, pnode, on=on), information_flows=flows, register_entries=register,
    )


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


__all__ = ["undeclared_interests", "stale_declaration", "information_flows", "meeting_checks",
           "person_declarations", "MeetingChecks", "UndeclaredInterest", "StaleDeclaration",
           "InformationFlow", "PersonDeclarations"]
