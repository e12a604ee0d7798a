"""What a holder may decide (``coigraph powers``): up to what value, by whose authority."""

from __future__ import annotations

from typing import Any

import networkx as nx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph import ids
from coigraph.errors import UsageError
from coigraph.graph import bare, node_name
from coigraph.web.data import Snapshot
from coigraph.web.pages.common import download_ext, query_date, query_value
from coigraph.web.render import DOWNLOADS, download, page, snapshot


def holders(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every body, and every person a delegation is made to: who may hold powers."""
    people = {v for _, v, a in G.edges(data=True) if a.get("type") == "delegation" and ids.is_person(v)}
    out = [{"id": bare(n), "name": node_name(G, n), "what": "body"}
           for n, t in G.nodes(data="type") if t == "body"]
    out += [{"id": bare(p), "name": node_name(G, p), "what": "officer"} for p in people]
    return sorted(out, key=lambda h: (h["what"], h["name"].casefold()))


def powers_result(snap: Snapshot, holder: str, on: Any) -> Any:
    from coigraph.powers import powers_of

    return snap.cached(("powers", holder, on), lambda: snap.public(powers_of(snap.G, holder, on=on)))


def powers(request: Request) -> Response:
    from coigraph.report.delegation import FORMATS

    snap = snapshot(request)
    holder = query_value(request, "holder")
    on = query_date(request, "on")
    p = powers_result(snap, holder, on) if holder else None
    return page(request, "powers.html.j2", title=f"Powers of {p.holder_name}" if p else "Powers",
                holders=snap.cached("holders", lambda: holders(snap.view)), holder=holder, on=on, p=p,
                exts=[e for e in ("html", "md", "csv", "json", "txt") if DOWNLOADS[e][0] in FORMATS])


def powers_file(request: Request) -> Response:
    from coigraph.report.delegation import FORMATS, render_powers

    snap = snapshot(request)
    ext = download_ext(request, FORMATS)
    holder = query_value(request, "holder")
    if not holder:
        raise UsageError("say whose powers: add ?holder=ID to the address")
    p = powers_result(snap, holder, query_date(request, "on"))
    return download(render_powers(p, DOWNLOADS[ext][0]), f"powers-{p.holder}", ext)


ROUTES = [Route("/powers", powers, name="powers"), Route("/powers/report.{ext}", powers_file, name="powers-file")]
