"""Search (``/search?q=``) over people (names, aliases, roles), organisations, bodies, meetings,
agenda items and decisions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph import ids
from coigraph.web.render import page, snapshot
from coigraph.web.search import KINDS, SearchIndex

#: Longest query read (characters); the rest is ignored.
MAX_QUERY = 200
#: Where each kind of result links to.
LINKS = {"person": "/people/{}", "organisation": "/organisations/{}", "body": "/bodies/{}",
         "meeting": "/meetings/{}", "decision": "/decisions/{}"}


def search(request: Request) -> Response:
    snap = snapshot(request)
    q = request.query_params.get("q", "")[:MAX_QUERY].strip()
    index = snap.cached("search-index", lambda: SearchIndex(snap.view))  # also made by pages.warm
    results = index.search(q) if q else {}
    links = {}
    for kind, (hits, _) in results.items():
        for h in hits:
            e = h.entry
            if kind == "agenda_item":
                meeting = snap.view.nodes[ids.item(e.id)].get("meeting")
                links[(kind, e.id)] = f"/meetings/{meeting}#item-{e.id}"
            else:
                links[(kind, e.id)] = LINKS[kind].format(e.id)
    total = sum(n for _, n in results.values())
    return page(request, "search.html.j2", title=f"Search: {q}" if q else "Search", q=q, results=results,
                kinds=KINDS, links=links, total=total)


ROUTES = [Route("/search", search, name="search")]
