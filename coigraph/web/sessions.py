"""Sessions, the CSRF check on every write, and the login rate limit.

Every visitor gets a session (a random 256-bit id in a cookie that is
``HttpOnly``, ``SameSite=Strict``, ``Path=/`` and, behind an HTTPS proxy,
``Secure``); the session holds who signed in (nobody yet, or the local user
on a loopback server without ``--users``) and a CSRF token of its own.

* **CSRF.**  Every request that is not GET or HEAD must carry the session's
  token in a form field ``csrf_token`` (each form has it hidden); without it,
  or with another session's, the answer is 403 and the request never reaches
  a page, so nothing is written.  The token is compared in constant time.
* **Expiry.**  A session ends after :data:`IDLE` seconds without a request
  and :data:`LIFETIME` seconds after sign-in, whichever is first; sessions
  live in memory, so restarting the server signs everyone out.
* **Sign-in** makes a new session id (the anonymous one is dropped: no
  session fixation).
* **Rate limit.**  :class:`LoginLimiter`: after :data:`MAX_FAILURES` failed
  sign-ins for a name, or from one address, within :data:`WINDOW` seconds,
  further tries are refused (429) until the window has passed.
* **Body size.**  A request body over ``max_body`` bytes is refused (413)
  before it is read in full.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coigraph.web.users import User

COOKIE = "coigraph_session"
IDLE = 30 * 60
LIFETIME = 8 * 3600
MAX_FAILURES = 5
WINDOW = 15 * 60
SAFE_METHODS = ("GET", "HEAD")
#: Where the session is kept on the ASGI scope.
SCOPE_KEY = "coigraph.session"


@dataclass
class Session:
    id: str
    csrf: str
    user: User | None
    started: float
    seen: float
    #: The cookie must be (re)sent with this answer.
    fresh: bool = False


@dataclass
class SessionStore:
    """The sessions, in memory (a restart signs everyone out)."""

    idle: float = IDLE
    lifetime: float = LIFETIME
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new(self, user: User | None) -> Session:
        now = self.clock()
        s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), user, now, now, fresh=True)
        with self._lock:
            self._purge(now)
            self._sessions[s.id] = s
        return s

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        now = self.clock()
        with self._lock:
            s = self._sessions.get(sid)
            if s is None:
                return None
            if now - s.seen > self.idle or now - s.started > self.lifetime:
                del self._sessions[sid]
                return None
            s.seen = now
            return s

    def drop(self, sid: str) -> None:
        with self._lock:
            self._sessions.pop(sid, None)

    def _purge(self, now: float) -> None:
        for sid in [k for k, s in self._sessions.items()
                    if now - s.seen > self.idle or now - s.started > self.lifetime]:
            del self._sessions[sid]


@dataclass
class LoginLimiter:
    """At most :data:`MAX_FAILURES` failed sign-ins per name and per address in :data:`WINDOW` s."""

    max_failures: int = MAX_FAILURES
    window: float = WINDOW
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, name: str, address: str) -> float:
        """Seconds before another try is allowed for this name or address (0: allowed now)."""
        now = self.clock()
        longest = 0.0
        with self._lock:
            for key in (f"name:{name.lower()}", f"addr:{address}"):
                q = self._failures[key]
                while q and now - q[0] > self.window:
                    q.popleft()
                if len(q) >= self.max_failures:
                    longest = max(longest, self.window - (now - q[0]))
        return longest

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"name:{name.lower()}", f"addr:{address}"):
                self._failures[key].append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"name:{name.lower()}", None)


def current(scope: Scope) -> Session | None:
    """The session of this request (set by :class:`SessionMiddleware`)."""
    return scope.get(SCOPE_KEY)


class SessionMiddleware:
    """Find or start the visitor's session; refuse a write without its CSRF token (403)."""

    def __init__(self, app: ASGIApp, store: SessionStore, local_user: User | None = None,
                 secure: bool = False, max_body: int = 6 * 1024 * 1024):
        self.app = app
        self.store = store
        self.local_user = local_user
        self.secure = secure
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header: treated as none
            cookie = SimpleCookie()
        sid = cookie[COOKIE].value if COOKIE in cookie else None
        session = self.store.get(sid)
        if session is None:
            session = self.store.new(self.local_user)
        scope[SCOPE_KEY] = session

        if scope["method"] not in SAFE_METHODS:
            declared = headers.get("content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
                await _plain(send, 413, "The upload is too large (at most "
                             f"{self.max_body // (1024 * 1024)} MB).\n", self._cookie(scope))
                return
            body = b""
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body:
                    await _plain(send, 413, "The upload is too large.\n", self._cookie(scope))
                    return
            token = await _form_token(scope, body)
            if token is None or not hmac.compare_digest(token.encode(), session.csrf.encode()):
                await _plain(send, 403, "Refused: this form has expired or did not come from this "
                             "app (its security token is missing or wrong). Nothing was changed. "
                             "Go back, reload the page and try again.\n", self._cookie(scope))
                return
            receive = _replay(body)

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = self._cookie(scope)
                if extra:
                    message = {**message, "headers": [*message.get("headers", []), extra]}
            await send(message)

        await self.app(scope, receive, with_cookie)

    def _cookie(self, scope: Scope) -> tuple[bytes, bytes] | None:
        """The Set-Cookie header if this request's session is new (or was replaced, or ended)."""
        s: Session | None = scope.get(SCOPE_KEY)
        if s is None or not s.fresh:
            return None
        s.fresh = False
        value = f"{COOKIE}={s.id}; Path=/; HttpOnly; SameSite=Strict"
        if self.secure:
            value += "; Secure"
        return b"set-cookie", value.encode("latin-1")


async def _form_token(scope: Scope, body: bytes) -> str | None:
    from starlette.requests import Request

    ctype = Headers(scope=scope).get("content-type", "")
    if not ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    request = Request(scope, _replay(body))
    try:
        form = await request.form()
        token = form.get("csrf_token")
        await form.close()
    except Exception:  # an unparseable body has no token
        return None
    return token if isinstance(token, str) else None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _plain(send: Send, status: int, text: str, cookie: Any = None) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    if cookie:
        headers.append(cookie)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def sign_in(scope: Scope, store: SessionStore, user: User | None) -> Session:
    """Replace the request's session with a new one for ``user`` (a new id: no fixation)."""
    old: Session | None = scope.get(SCOPE_KEY)
    if old is not None:
        store.drop(old.id)
    s = store.new(user)
    scope[SCOPE_KEY] = s
    return s


def sign_out(scope: Scope, store: SessionStore) -> Session:
    """End the request's session; the visitor gets a fresh anonymous one."""
    return sign_in(scope, store, None)


__all__ = ["Session", "SessionStore", "LoginLimiter", "SessionMiddleware", "current", "sign_in",
           "sign_out", "COOKIE", "IDLE", "LIFETIME", "MAX_FAILURES", "WINDOW", "SCOPE_KEY"]
