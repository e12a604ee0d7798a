"""The app's pages, one module each; :func:`routes` lists them all."""

from __future__ import annotations

from starlette.routing import BaseRoute

from coigraph.web.data import Snapshot


def routes() -> list[BaseRoute]:
    """Every page's routes (each module keeps its own ``ROUTES``)."""
    from coigraph.web.pages import (
        agenda,
        audit,
        decisions,
        home,
        imports,
        login,
        meetings,
        people,
        powers,
        records,
        search,
        updates,
    )

    return [*home.ROUTES, *agenda.ROUTES, *meetings.ROUTES, *people.ROUTES, *decisions.ROUTES, *audit.ROUTES,
            *powers.ROUTES, *search.ROUTES, *records.ROUTES, *login.ROUTES,
            *updates.ROUTES, *imports.ROUTES]


def warm(snap: Snapshot) -> None:
    """Work out what the home page and search need as soon as the data is loaded."""
    from coigraph.web.pages.common import audit_report, traces
    from coigraph.web.search import SearchIndex

    audit_report(snap)
    traces(snap)
    snap.cached("search-index", lambda: SearchIndex(snap.view))


__all__ = ["routes", "warm"]
