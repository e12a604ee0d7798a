"""The app's pages, one module each; :func:`routes` lists them all."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    """Every page's routes (each module keeps its own ``ROUTES``)."""
    from coigraph.web.pages import audit, decisions, home, meetings, people, powers, records, search

    return [*home.ROUTES, *meetings.ROUTES, *people.ROUTES, *decisions.ROUTES, *audit.ROUTES,
            *powers.ROUTES, *search.ROUTES, *records.ROUTES]


__all__ = ["routes"]
