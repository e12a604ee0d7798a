"""Who is asking, and what they may do.

Starlette's ``AuthenticationMiddleware`` runs :class:`SessionUser` on every
request and puts the user on ``request.user`` and their permissions on
``request.auth.scopes``; the pages read them from there.

* Without ``--users`` (loopback only, see :func:`coigraph.web.security.check_bind`)
  everyone who reaches the server is the machine's own user, an officer.
* With ``--users`` (:mod:`coigraph.web.users`) the session says who signed in;
  nobody signed in sees only the sign-in page.
* Roles (:data:`coigraph.web.users.ROLE_SCOPES`): ``officer`` reads everything
  and writes (meetings, agendas, accepted updates, imports: ``write``,
  ``review``); ``member`` sees only their own person page and drafts their own
  updates (``draft``); ``viewer`` reads everything and writes nothing.
  ``--read-only`` takes every write permission away from everyone.

:class:`RoleGate` keeps members to their own pages and sends visitors who have
not signed in to the sign-in page.
"""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from coigraph.web.render import page
from coigraph.web.sessions import current
from coigraph.web.users import LOCAL, ROLE_SCOPES

#: The permissions ``--read-only`` takes away.
WRITE_SCOPES = ("write", "review", "draft")
#: Paths anyone may reach, signed in or not.
OPEN_PATHS = ("/login", "/logout", "/static/")


class SessionUser(AuthenticationBackend):
    """The session's user (see :mod:`coigraph.web.sessions`), with their role's permissions."""

    def __init__(self, read_only: bool = False):
        self.read_only = read_only

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        session = current(conn.scope)
        user = session.user if session is not None else None
        if user is None:
            return None
        scopes = [s for s in ROLE_SCOPES[user.role] if not (self.read_only and s in WRITE_SCOPES)]
        return AuthCredentials(scopes), user


class LocalUser(SessionUser):
    """Kept for code written before sessions: every request is the local officer."""

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        return AuthCredentials(list(ROLE_SCOPES[LOCAL.role])), LOCAL


def member_may_see(person: str | None, path: str) -> bool:
    """A member's pages: their own person page (and its downloads and map), nothing else."""
    own = f"/people/{person}"
    return bool(person) and (path == own or path.startswith(own + "/"))


class RoleGate:
    """Visitors who have not signed in go to the sign-in page; members stay on their own pages."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        from urllib.parse import quote

        from starlette.responses import PlainTextResponse, RedirectResponse

        user = scope.get("user")
        path = scope["path"]
        if user is None or not user.is_authenticated:
            if scope["method"] in ("GET", "HEAD"):
                await RedirectResponse(f"/login?next={quote(path)}", status_code=303)(scope, receive, send)
            else:
                await PlainTextResponse("Sign in first. Nothing was changed.\n", 403)(scope, receive, send)
            return
        if user.role == "member" and not member_may_see(user.person, path):
            if path == "/" and scope["method"] in ("GET", "HEAD"):
                await RedirectResponse(f"/people/{quote(user.person or '')}", status_code=303)(
                    scope, receive, send)
                return
            await page(Request(scope, receive), "error.html.j2", 403, title="Not your page",
                       message="As a member you can see your own page and your own drafts only."
                       )(scope, receive, send)
            return
        await self.app(scope, receive, send)


__all__ = ["SessionUser", "LocalUser", "RoleGate", "WRITE_SCOPES", "member_may_see"]
