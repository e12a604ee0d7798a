"""The app factory: routes, middleware, error pages.

Middleware, outermost first (each request passes them in this order):

1. :class:`~coigraph.web.security.HostCheck`: refuse foreign Host headers (DNS rebinding);
2. :class:`~coigraph.web.security.SecurityHeaders`: CSP and the other headers on every answer;
3. Starlette's ``AuthenticationMiddleware`` with :class:`~coigraph.web.auth.LocalUser`.

The workflows issue adds its session store and CSRF check between 2 and 3
(``SESSION_SLOT`` below) and swaps the authentication backend; every page
already reads its user from ``request.user``.

Errors never reach the browser as a traceback: an unknown id is a 404 page
with the "did you mean" hint of :func:`coigraph.graph.find_node`; a bad
query value a 400 page; anything else a plain 500 page, the details going to
the server's log only.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coigraph.errors import CoigraphError, DataError, NotFound, UsageError
from coigraph.web.auth import LocalUser
from coigraph.web.data import DataState, FolderSource, Source
from coigraph.web.render import page
from coigraph.web.security import HostCheck, SecurityHeaders, allowed_hosts, check_bind

log = logging.getLogger("coigraph.web")
STATIC = Path(__file__).resolve().parent / "static"

#: Where the workflows issue's session and CSRF middleware go (between the headers and the user).
SESSION_SLOT: list[Middleware] = []


def create_app(source: Source | str | Path, *, host: str = "127.0.0.1", port: int = 8765,
               redact: bool = False, hosts: tuple[str, ...] = (),
               today: dt.date | None = None) -> Starlette:
    """The web app over ``source`` (a data folder, a JSON export, or a :class:`Source`).

    ``host`` and ``port`` are where it will listen: they decide the Host
    headers it answers (plus ``hosts``), and a non-loopback ``host`` is
    refused (no authentication yet).  ``redact``: serve the public view.
    ``today``: the date that splits upcoming from recent meetings (default:
    the clock's).  Raises :class:`DataError` if the data does not load.
    """
    from coigraph.web.pages import routes, warm

    check_bind(host)
    if not hasattr(source, "fingerprint"):
        source = FolderSource(Path(source))  # type: ignore[arg-type]
    data = DataState(source, redact=redact, warm=warm)  # type: ignore[arg-type]
    middleware = [
        Middleware(HostCheck, allowed=allowed_hosts(host, port, hosts)),
        Middleware(SecurityHeaders),
        *SESSION_SLOT,
        Middleware(AuthenticationMiddleware, backend=LocalUser()),
        Middleware(_CatchAll),  # innermost: its error page still gets the security headers
    ]
    app = Starlette(
        routes=[*routes(), Mount("/static", app=_Static(directory=STATIC), name="static")],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, CoigraphError: _coigraph_error},
    )
    app.state.data = data
    app.state.today = today
    app.state.host, app.state.port = host, port
    app.state.address = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    return app


class _Static(StaticFiles):
    """The app's own script and stylesheet: cacheable (they change only with the package)."""

    async def get_response(self, path: str, scope: Any) -> Response:
        response = await super().get_response(path, scope)
        response.headers["cache-control"] = "public, max-age=3600"
        return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return page(request, "error.html.j2", 404, title="Page not found",
                    message=exc.detail if exc.detail != "Not Found" else
                    f"There is no page at {request.url.path}.")
    return page(request, "error.html.j2", exc.status_code, title=str(exc.detail), message=str(exc.detail))


async def _coigraph_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        return page(request, "error.html.j2", 404, title="Not found", message=_sentence(str(exc)))
    if isinstance(exc, UsageError):
        return page(request, "error.html.j2", 400, title="Cannot show this", message=_sentence(str(exc)))
    if isinstance(exc, DataError):
        return page(request, "error.html.j2", 500, title="The data has problems", message=str(exc))
    return page(request, "error.html.j2", 500, title="Cannot show this", message=_sentence(str(exc)))


class _CatchAll:
    """Any other exception: a plain 500 page (details in the log only), never a traceback."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started or scope["type"] != "http":
                raise
            log.exception("error answering %s", scope.get("path"), exc_info=exc)
            request = Request(scope, receive)
            try:
                response = page(request, "error.html.j2", 500, title="Something went wrong",
                                message="This page could not be shown: this is a bug in coigraph, "
                                        "not in your data. The details are in the server's log; "
                                        "please report it.")
            except Exception:  # the error page itself failed: plain text, still no traceback
                response = Response("Internal error: see the server's log.\n", status_code=500,
                                    media_type="text/plain")
            await response(scope, receive, send)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


__all__ = ["create_app", "SESSION_SLOT"]
