"""A person, for the partner member before a meeting: what to declare at a chosen meeting and why,
their register entries with dates, posts, and anything stale or possibly undeclared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph import ids
from coigraph.errors import UsageError
from coigraph.graph import bare, find_node, node_name
from coigraph.model.vocab import InterestType
from coigraph.web.changes import Rejected
from coigraph.web.data import Snapshot
from coigraph.web.pages.common import meetings, query_value, today
from coigraph.web.pages.login import require
from coigraph.web.pages.updates import KINDS, add_draft, drafts_of, interest_types, today_iso
from coigraph.web.render import download, map_page, page, snapshot

#: Declarations downloads: extension -> the ``coigraph declarations --format``.
DECLARATION_FORMATS = {"txt": "text", "md": "markdown", "json": "json"}


def their_meetings(G: nx.MultiDiGraph, pnode: str) -> list[dict[str, Any]]:
    """Meetings of the bodies the person has a seat on, and meetings they attend, oldest first."""
    bodies = {a["body"] for _, _, a in G.out_edges(pnode, data=True)
              if a.get("type") == "position" and a.get("body")}
    attended = {bare(v) for _, v, a in G.out_edges(pnode, data=True) if a.get("type") == "attendance"}
    return [m for m in meetings(G) if m["body"] in bodies or m["id"] in attended]


def _chosen(request: Request, ms: list[dict[str, Any]]) -> str:
    wanted = query_value(request, "meeting")
    if wanted:
        return wanted
    day = today(request)
    upcoming = [m for m in ms if m["date"] >= day]
    return (upcoming[0] if upcoming else ms[-1])["id"] if ms else ""


def declarations(snap: Snapshot, pid: str, mid: str) -> Any:
    from coigraph.declarations import person_declarations

    return snap.cached(("declarations", pid, mid),
                       lambda: snap.public(person_declarations(snap.G, pid, mid)))


def register(G: nx.MultiDiGraph, pnode: str, on: Any) -> list[dict[str, Any]]:
    """Every register entry of the person (as the app may show it), newest first, with its state on ``on``."""
    out = []
    for _, v, a in G.out_edges(pnode, data=True):
        if a.get("type") != "interest":
            continue
        start, end = a.get("start"), a.get("end")
        state = ("not yet started" if on and start and start > on else
                 "ended" if on and end and end < on else "in force")
        out.append({"id": a.get("id"), "about": node_name(G, v), "org": bare(v) if ids.is_org(v) else None,
                    "types": a.get("types", []), "indirect": a.get("indirect", False),
                    "description": a.get("description"), "start": start, "end": end,
                    "declared": a.get("declared"), "mitigation": a.get("mitigation"),
                    "state": state, "evidence": a.get("src")})
    return sorted(out, key=lambda r: (r["start"] or r["declared"] or dt.date.min, r["id"] or ""),
                  reverse=True)


def posts(G: nx.MultiDiGraph, pnode: str) -> list[dict[str, Any]]:
    out = []
    for _, v, a in G.out_edges(pnode, data=True):
        if a.get("type") == "position":
            out.append({"role": a.get("role"), "where": node_name(G, ids.body(a['body'])) if a.get("body")
                        else node_name(G, v), "body": a.get("body"), "description": a.get("description"),
                        "start": a.get("start"), "end": a.get("end"), "evidence": a.get("src")})
    return sorted(out, key=lambda p: (p["end"] is not None, p["where"], p["role"] or ""))


def person(request: Request) -> Response:
    snap = snapshot(request)
    pnode = find_node(snap.view, "person", request.path_params["person"])
    pid = bare(pnode)
    ms = their_meetings(snap.view, pnode)
    mid = _chosen(request, ms)
    d = None
    if mid and pnode in snap.G:  # a withheld associate (public view) has no declarations to make
        mid = bare(find_node(snap.view, "meeting", mid))
        d = declarations(snap, pid, mid)
    on = d.date if d is not None else today(request)
    a = snap.view.nodes[pnode]
    return page(request, "person.html.j2", title=node_name(snap.view, pnode), pid=pid,
                name=node_name(snap.view, pnode), person_title=a.get("title"), aliases=a.get("aliases", []),
                meetings=ms[::-1], meeting=mid, d=d, on=on, register=register(snap.view, pnode, on),
                posts=posts(snap.view, pnode), **_updates(request, snap, pid))


def _updates(request: Request, snap: Snapshot, pid: str) -> dict[str, Any]:
    """The member's own drafts and the forms to draft more (see :mod:`coigraph.web.pages.updates`)."""
    user = request.user
    mine = getattr(user, "role", None) == "member" and getattr(user, "person", None) == pid
    auth = request.scope.get("auth")
    orgs = sorted(((bare(n), node_name(snap.G, n)) for n, t in snap.G.nodes(data="type")
                   if t == "organisation"), key=lambda o: o[1].lower()) if mine else []
    return {"drafts": drafts_of(request, pid), "can_draft": mine and auth is not None and "draft" in auth.scopes,
            "draft_problem": getattr(request.state, "draft_problem", None), "draft_kinds": KINDS,
            "orgs": orgs, "interest_types": interest_types(), "today_iso": today_iso(request)}


async def draft(request: Request) -> Response:
    """The member's form on their own page: a draft update, kept for the officer's review."""
    require(request, "draft")
    snap = snapshot(request)
    pid = bare(find_node(snap.G, "person", request.path_params["person"]))
    user = request.user
    if user.role != "member" or user.person != pid:
        raise HTTPException(403, "You can draft updates to your own register entries only.")
    form = await request.form()
    kind = str(form.get("kind") or "")
    if kind not in KINDS:
        raise HTTPException(400, "Say what the update is: a new interest, an ended interest or a nil return.")
    names = {"new_interest": ("organisation", "subject", "description", "start", "declared"),
             "ended_interest": ("interest", "end"), "nil_return": ("date",)}[kind]
    fields: dict[str, Any] = {n: str(form.get(n) or "").strip()[:2000] for n in names}
    if kind == "new_interest":
        fields["types"] = ";".join(t for t in form.getlist("types") if t in InterestType.__members__)
    try:
        add_draft(request, pid, kind, fields)
    except Rejected as exc:  # the page again, with the loader's message and what was typed
        request.state.draft_problem = {"kind": kind, "fields": fields, "summary": str(exc),
                                       "problems": exc.problems}
        response = person(request)
        response.status_code = 422
        return response
    return RedirectResponse(f"/people/{pid}#my-drafts", status_code=303)


def person_declarations_file(request: Request) -> Response:
    """What ``coigraph declarations --person P --meeting M --format F`` writes."""
    from coigraph.report.screening import declarations_text

    snap = snapshot(request)
    ext = request.path_params["ext"]
    if ext not in DECLARATION_FORMATS:
        raise HTTPException(404, f"There is no '.{ext[:20]}' download here.")
    pnode = find_node(snap.view, "person", request.path_params["person"])
    if pnode not in snap.G:
        raise HTTPException(404, "This person has no declarations to download.")
    wanted = query_value(request, "meeting")
    if not wanted:
        raise UsageError("say which meeting: add ?meeting=ID to the address")
    mid = bare(find_node(snap.view, "meeting", wanted))
    d = declarations(snap, bare(pnode), mid)
    return download(declarations_text(d, DECLARATION_FORMATS[ext]), f"declarations-{bare(pnode)}-{mid}", ext)


def person_map(request: Request) -> Response:
    from coigraph import maps
    from coigraph.web.pages.meetings import focused_html

    snap = snapshot(request)
    pid = bare(find_node(snap.view, "person", request.path_params["person"]))
    m = snap.cached(("map", "person", pid), lambda: maps.person_map(snap.view, pid, hops=1))
    return map_page(focused_html(snap, ("person", pid), m, ""))


ROUTES = [
    Route("/people/{person}", person, name="person"),
    Route("/people/{person}/declarations.{ext}", person_declarations_file, name="person-declarations"),
    Route("/people/{person}/map", person_map, name="person-map"),
    Route("/people/{person}/drafts", draft, name="draft", methods=["POST"]),
]
