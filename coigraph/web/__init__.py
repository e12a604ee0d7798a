"""``coigraph serve``: the governance office's local web app, over the same library as the CLI.

Server-rendered pages (Jinja2 through :func:`coigraph.templates.environment`)
with htmx bundled for partial updates; an ASGI app (Starlette) run by
uvicorn.  See ``docs/web.md``.

    >>> from coigraph.web import create_app
    >>> app = create_app("data/northshire")        # doctest: +SKIP

Entry points: :func:`create_app` (the ASGI app), :func:`serve` (run it),
:func:`coigraph.web.security.check_bind` (refuses non-loopback addresses
without authentication).
"""

from __future__ import annotations

from coigraph.web.app import create_app
from coigraph.web.security import check_bind
from coigraph.web.server import serve

__all__ = ["create_app", "serve", "check_bind"]
