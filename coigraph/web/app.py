"""The app factory: routes, middleware, error pages.

Middleware, outermost first (each request passes them in this order):

1. :class:`~coigraph.web.security.HostCheck`: refuse foreign Host headers (DNS rebinding);
2. :class:`~coigraph.web.security.SecurityHeaders`: CSP and the other headers on every answer;
3. :class:`~coigraph.web.sessions.SessionMiddleware`: the visitor's session (cookie), and the
   CSRF token every non-GET request must carry (else 403, the request goes no further);
4. Starlette's ``AuthenticationMiddleware`` with :class:`~coigraph.web.auth.SessionUser`:
   ``request.user`` and ``request.auth.scopes`` (the role's permissions; none to write under
   ``read_only``);
5. :class:`~coigraph.web.auth.RoleGate`: the sign-in page for visitors not signed in, members
   kept to their own pages.

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

from coigraph import words
from coigraph.errors import CoigraphError, DataError, NotFound, UsageError
from coigraph.web.auth import RoleGate, SessionUser
from coigraph.web.changes import ChangeLog, Writer
from coigraph.web.data import DataState, FolderSource, Source
from coigraph.web.pages.imports import MAX_UPLOAD
from coigraph.web.render import page
from coigraph.web.security import HostCheck, SecurityHeaders, allowed_hosts, check_bind
from coigraph.web.sessions import LoginLimiter, SessionMiddleware, SessionStore
from coigraph.web.users import LOCAL, Users

log = logging.getLogger("coigraph.web")
STATIC = Path(__file__).resolve().parent / "static"

#: Further middleware between the session and the user (empty; kept for code that adds to it).
SESSION_SLOT: list[Middleware] = []


def create_app(source: Source | str | Path, *, host: str = "127.0.0.1", port: int = 8765,
               redact: bool = False, hosts: tuple[str, ...] = (),
               today: dt.date | None = None, users: Users | None = None, read_only: bool = False,
               secure_cookies: bool = False, sessions: SessionStore | None = None,
               limiter: LoginLimiter | None = None) -> Starlette:
    """The web app over ``source`` (a data folder, a JSON export, or a :class:`Source`).

    ``host`` and ``port`` are where it will listen: they decide the Host
    headers it answers (plus ``hosts``), and a non-loopback ``host`` is
    refused unless there are ``users`` (:func:`coigraph.web.users.load_users`).
    Without ``users`` the local user is an officer.  ``read_only``: nobody may
    write.  ``secure_cookies``: mark the session cookie ``Secure`` (behind an
    HTTPS proxy).  ``redact``: serve the public view.  ``today``: the date that
    splits upcoming from recent meetings (default: the clock's).  Raises
    :class:`DataError` if the data does not load.

    Writes go to the dataset folder (:mod:`coigraph.web.changes`); a JSON
    export, a Neo4j dataset or ``redact`` is served read-only.
    """
    from coigraph.web.pages import routes, warm

    check_bind(host, authentication=users is not None)
    if not hasattr(source, "fingerprint"):
        source = FolderSource(Path(source))  # type: ignore[arg-type]
    data = DataState(source, redact=redact, warm=warm)  # type: ignore[arg-type]
    folder = getattr(source, "path", None)
    writable = not read_only and not redact and isinstance(folder, Path) and folder.is_dir()
    sessions = sessions or SessionStore()
    middleware = [
        Middleware(HostCheck, allowed=allowed_hosts(host, port, hosts)),
        Middleware(SecurityHeaders),
        Middleware(SessionMiddleware, store=sessions, local_user=LOCAL if users is None else None,
                   secure=secure_cookies, max_body=MAX_UPLOAD + 64 * 1024),
        *SESSION_SLOT,
        Middleware(AuthenticationMiddleware, backend=SessionUser(read_only=not writable)),
        Middleware(RoleGate),
        Middleware(_CatchAll),  # innermost: its error page still gets the security headers
    ]
    app = Starlette(
        routes=[*routes(), Mount("/static", app=_Static(directory=STATIC), name="static")],
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, CoigraphError: _coigraph_error},
    )
    app.state.data = data
    app.state.users = users
    app.state.sessions = sessions
    app.state.limiter = limiter or LoginLimiter()
    app.state.read_only = not writable
    app.state.writer = Writer(folder) if writable else None  # type: ignore[arg-type]
    app.state.log = ChangeLog(folder) if isinstance(folder, Path) and folder.is_dir() else None
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
    return words.sentence(text) + ("" if text.endswith((".", "?", "!")) else ".")


__all__ = ["create_app", "SESSION_SLOT"]
