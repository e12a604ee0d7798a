"""The confidential-information check as it was before the index (issue 22), kept as a reference.

It scans every meeting a person attended against every meeting of their
organisations' bodies: slow on a long history, but plainly right.  The tests
compare :func:`coigraph.declaration_checks.information_flows` with it.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from coigraph import ids, views
from coigraph.declaration_checks import FLOW_DAYS, IN_ROOM, InformationFlow, _mname, _related_words
from coigraph.graph import in_force
from coigraph.graph import node_name as _name
from coigraph.model import Position
from coigraph.paths import seat_owners
from coigraph.quorum import item_order


def _post_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> list[tuple[str, str, Position]]:
    """(organisation, position key, position) for each post ``person`` holds on ``on``.

    A seat on a body counts as a post at the owner it is for (see
    :func:`coigraph.paths.seat_owners`).
    """
    out = []
    for _, v, key, pos in views.out_edges(G, person, "position"):
        if not in_force(pos, on):
            continue
        if ids.is_org(v):
            out.append((v, key, pos))
        elif ids.is_body(v):
            out.extend((o, key, pos) for o, _, _ in seat_owners(G, v, pos.attrs))
    return sorted(out, key=lambda x: (x[0], x[1]))


def _matter_line(G: nx.MultiDiGraph, matter: str | None) -> list[str]:
    out = []
    node = ids.matter(matter) if matter else None
    while node and node in G and node not in out and len(out) < 20:
        out.append(node)
        node = next((v for _, v, t in G.out_edges(node, data="type") if t == "narrower_than"), None)
    return out


def _related(G: nx.MultiDiGraph, a: str, b: str, deciders: set[str]) -> str | None:
    ma, mb = views.item(G, a).matter, views.item(G, b).matter
    if ma and mb:
        la, lb = _matter_line(G, ma), _matter_line(G, mb)
        if ids.matter(mb) in la or ids.matter(ma) in lb:
            return f"matter {ma if ids.matter(ma) in lb else mb}"
    oa = {v for _, v, t in G.out_edges(a, data="type") if t == "affects"}
    ob = {v for _, v, t in G.out_edges(b, data="type") if t == "affects"}
    common = sorted(oa & ob - deciders)  # the deciding body's own organisation relates nothing
    if common:
        return f"organisation {ids.bare(common[0])}"
    return None


def _items(G: nx.MultiDiGraph, meeting: str) -> list[str]:
    return sorted((u for u, _, t in G.in_edges(meeting, data="type") if t == "item_of"),
                  key=lambda n: (item_order(str(views.item(G, n).number or "")), n))


def _own_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> set[str]:
    return {o for o, _, _ in _post_orgs(G, person, on)}


def _at_meeting(G: nx.MultiDiGraph, person: str, meeting: str) -> bool:
    """Was ``person`` (expected) at ``meeting``: attendance in the room, or a seat with no record saying otherwise."""
    recs = [att for _, v, _, att in views.out_edges(G, person, "attendance") if v == meeting]
    if recs:
        return any(att.status in IN_ROOM for att in recs)
    m = views.meeting(G, meeting)
    body, day = ids.body(m.body), m.date
    for _, v, _, pos in views.out_edges(G, person, "position"):
        if in_force(pos, day) and (v == body or pos.body == ids.bare(body)):
            return True
    return False


def information_flows(G: nx.MultiDiGraph, person: str, *, flow_days: int = FLOW_DAYS,
                      meeting: str | None = None) -> list[InformationFlow]:
    """Confidential items ``person`` heard that affect their own organisation, before a related decision there.

    With ``meeting``, only flows where that meeting is the one heard at or the
    one deciding.  Cost: the person's attendance records and the meetings of
    their own organisations' bodies.
    """
    person = ids.person(person)
    heard_meetings = sorted({v for _, v, _, att in views.out_edges(G, person, "attendance")
                             if att.status in IN_ROOM})  # in the room twice (left, came back): heard once
    out: list[InformationFlow] = []
    name = _name(G, person)
    for hm in heard_meetings:
        hdate: dt.date = views.meeting(G, hm).date
        att = next(att for _, v, _, att in views.out_edges(G, person, "attendance") if v == hm)
        left = att.left_after_item
        own = _own_orgs(G, person, hdate)
        for item in _items(G, hm):
            ia = views.item(G, item)
            if not ia.confidential:
                continue
            if left is not None and item_order(str(ia.number)) > item_order(str(left)):
                continue
            affected = {v for _, v, t in G.out_edges(item, data="type") if t == "affects"}
            heard_body = views.meeting(G, hm).body
            owners = {v for _, v, t in G.out_edges(ids.body(heard_body), data="type") if t == "owned_by"}
            for org in sorted(affected & own - owners):  # heard at the organisation's own body: no flow
                for dm, ditem, why in _deciding(G, org, item, hdate, flow_days):
                    if meeting is not None and meeting not in (hm, dm):
                        continue
                    if not _at_meeting(G, person, dm):
                        continue
                    da, dma = views.item(G, ditem), views.meeting(G, dm)
                    out.append(InformationFlow(
                        person=ids.bare(person), person_name=name, organisation=ids.bare(org),
                        organisation_name=_name(G, org), heard_meeting=ids.bare(hm), heard_date=hdate,
                        heard_item=ids.bare(item), heard_item_title=str(ia.title or ""),
                        deciding_meeting=ids.bare(dm), deciding_date=dma.date,
                        deciding_item=ids.bare(ditem), deciding_item_title=str(da.title or ""),
                        related_by=why, evidence=sorted(str(x) for x in (att.src,) if x),
                        explanation=(
                            f"{name} heard confidential item {ia.number} '{ia.title}' at "
                            f"{_mname(G, hm)} on {hdate.isoformat()}, which affects {_name(G, org)}; on "
                            f"{dma.date.isoformat()} {_mname(G, dm)} considers item {da.number} "
                            f"'{da.title}' (related by {_related_words(G, why)}). {name} should "
                            "declare that they hold relevant confidential information (without "
                            "disclosing it), and the chair decides whether they take part."),
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
            d = views.meeting(G, m).date
            if not (after < d <= until):
                continue
            deciders = {v for _, v, t in G.out_edges(b, data="type") if t == "owned_by"}
            for it in _items(G, m):
                why = _related(G, heard_item, it, deciders)
                if why:
                    out.append((m, it, why))
    return out
