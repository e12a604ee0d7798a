"""Sign in and out (with ``--users``); the change log (officers)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph.web.render import page
from coigraph.web.sessions import sign_in, sign_out
from coigraph.web.users import User


def _next(value: str) -> str:
    """Where to go after signing in: a path of this app only (never another site)."""
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


def login(request: Request) -> Response:
    users = request.app.state.users
    if users is None:  # the local user is signed in already
        return RedirectResponse("/", status_code=303)
    return page(request, "login.html.j2", title="Sign in", next=_next(request.query_params.get("next", "/")),
                error=None, name="")


async def login_post(request: Request) -> Response:
    state = request.app.state
    if state.users is None:
        return RedirectResponse("/", status_code=303)
    form = await request.form()
    name = str(form.get("name") or "")[:64]
    password = str(form.get("password") or "")[:1024]
    target = _next(str(form.get("next") or "/"))
    address = request.client.host if request.client else "?"
    wait = state.limiter.wait(name, address)
    if wait:
        minutes = max(1, round(wait / 60))
        return page(request, "login.html.j2", 429, title="Sign in", next=target, name=name,
                    error=f"Too many failed attempts. Try again in about {minutes} minute"
                          f"{'s' if minutes != 1 else ''}.")
    from starlette.concurrency import run_in_threadpool

    account = await run_in_threadpool(state.users.check, name, password)  # Argon2: ~0.1 s, off the loop
    if account is None:
        state.limiter.failed(name, address)
        return page(request, "login.html.j2", 401, title="Sign in", next=target, name=name,
                    error="That name and password do not match an account.")
    state.limiter.succeeded(name)
    sign_in(request.scope, state.sessions, User(account.name, account.role, account.person))
    if account.role == "member" and account.person and target == "/":
        target = f"/people/{quote(account.person)}"
    return RedirectResponse(target, status_code=303)


def logout(request: Request) -> Response:
    sign_out(request.scope, request.app.state.sessions)
    if request.app.state.users is None:
        return RedirectResponse("/", status_code=303)
    return RedirectResponse("/login", status_code=303)


def require(request: Request, permission: str) -> None:
    """403 unless the user may ``permission`` (``write``, ``review``, ``draft``) here."""
    auth = request.scope.get("auth")
    if auth is None or permission not in auth.scopes:
        if request.app.state.read_only:
            raise HTTPException(403, "This server is read-only: nothing can be changed here.")
        raise HTTPException(403, "Your role does not allow this change.")


def changes(request: Request) -> Response:
    """The change log, newest first (officers only)."""
    user = request.user
    if getattr(user, "role", None) != "officer":
        raise HTTPException(403, "Only officers can see the change log.")
    log = request.app.state.log
    entries = log.entries()[::-1] if log is not None else []
    return page(request, "changes.html.j2", title="Changes", entries=entries,
                log_path=str(log.path) if log is not None else None)


ROUTES = [
    Route("/login", login, name="login", methods=["GET"]),
    Route("/login", login_post, name="login-post", methods=["POST"]),
    Route("/logout", logout, name="logout", methods=["POST"]),
    Route("/changes", changes, name="changes"),
]
