"""Organisations and bodies: what links to them (posts, interests, items affecting them, meetings),
so every search result has a page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph import ids
from coigraph.graph import bare, find_node, node_name
from coigraph.web.pages.common import meetings
from coigraph.web.render import page, snapshot


def organisation(request: Request) -> Response:
    snap = snapshot(request)
    G = snap.view
    onode = find_node(G, "organisation", request.path_params["organisation"])
    a = G.nodes[onode]
    posts, interests, items = [], [], []
    for u, _, e in G.in_edges(onode, data=True):
        t = e.get("type")
        if t == "position":
            posts.append({"person": bare(u), "name": node_name(G, u), "role": e.get("role"),
                          "start": e.get("start"), "end": e.get("end"), "evidence": e.get("src")})
        elif t == "interest":
            interests.append({"person": bare(u), "name": node_name(G, u), "types": e.get("types", []),
                              "indirect": e.get("indirect", False), "description": e.get("description"),
                              "start": e.get("start"), "end": e.get("end"), "evidence": e.get("src")})
        elif t == "affects":
            it = G.nodes[u]
            items.append({"id": bare(u), "title": it.get("title"), "number": it.get("number"),
                          "meeting": it.get("meeting"), "effect": e.get("effect")})
    bodies = [{"id": bare(u), "name": node_name(G, u)} for u, _, e in G.in_edges(onode, data=True)
              if e.get("type") == "owned_by"]
    key = lambda r: (r["name"].casefold(), r.get("start") or "")  # noqa: E731
    return page(request, "organisation.html.j2", title=node_name(G, onode), a=a, oid=bare(onode),
                posts=sorted(posts, key=key), interests=sorted(interests, key=key),
                items=sorted(items, key=lambda i: (i["meeting"] or "", i["number"] or "")),
                bodies=sorted(bodies, key=lambda b: b["name"]))


def body(request: Request) -> Response:
    snap = snapshot(request)
    G = snap.view
    bnode = find_node(G, "body", request.path_params["body"])
    bid = bare(bnode)
    a = G.nodes[bnode]
    members = []
    for u, _, e in G.edges(data=True):
        if e.get("type") == "position" and e.get("body") == bid:
            members.append({"person": bare(u), "name": node_name(G, u), "role": e.get("role"),
                            "start": e.get("start"), "end": e.get("end"), "evidence": e.get("src")})
    owners = [{"id": o, "name": node_name(G, ids.org(o))} for o in a.get("owners", [])]
    parent = {"id": a["parent"], "name": node_name(G, ids.body(a['parent']))} if a.get("parent") else None
    return page(request, "body.html.j2", title=node_name(G, bnode), a=a, bid=bid, owners=owners,
                parent=parent, members=sorted(members, key=lambda m: (m["end"] is not None, m["name"])),
                meetings=[m for m in meetings(G) if m["body"] == bid][::-1])


ROUTES = [Route("/organisations/{organisation}", organisation, name="organisation"),
          Route("/bodies/{body}", body, name="body")]
