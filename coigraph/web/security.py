"""The app's security base: where it may listen, which Host it answers, the headers on every answer.

* **Loopback only, unless there is a login.**  :func:`check_bind` refuses any
  address that is not loopback unless the app has users (``--users``, see
  :mod:`coigraph.web.users`): without a users file there is no login, and the
  local user is an officer.
* **DNS rebinding**: a web page on another site can make the browser send
  requests to ``127.0.0.1`` under its own host name.  :class:`HostCheck`
  answers only requests whose ``Host`` header names this server (the bound
  address, ``localhost`` on loopback, and any names given), else 421.
* **Headers**: a strict Content-Security-Policy on every page (scripts and
  styles only from the app's own files: no ``'unsafe-inline'``, no inline
  ``<script>`` blocks, no ``eval``; nothing framed from elsewhere and the
  page never framed by another site), ``nosniff``, no referrer, no caching
  of pages that carry personal data.  A map is a self-contained page whose
  script and style are inline by design (it is also a file people email):
  it is served under its own policy (:data:`MAP_CSP`) in a sandbox without
  the app's origin, so a map can never read or act on the app.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coigraph.errors import UsageError

#: Every page of the app.
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; "
           "base-uri 'none'")
#: The map pages (self-contained vis-network pages, see :mod:`coigraph.maps`): inline script and
#: style, nothing fetched, framed only by the app, and sandboxed into an opaque origin.
MAP_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
           "img-src data:; connect-src 'none'; form-action 'none'; frame-ancestors 'self'; "
           "base-uri 'none'; sandbox allow-scripts")
#: Files offered for download (papers, CSV, JSON): never run as a page of the app's origin.
DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"

COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

#: Response header an endpoint sets to choose its policy (removed before sending).
POLICY_HEADER = "x-coigraph-policy"


def is_loopback(host: str) -> bool:
    """Is ``host`` (an address or ``localhost``) on this machine only?"""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, *, authentication: bool = False) -> None:
    """Refuse to listen beyond this machine without authentication (raises UsageError)."""
    if is_loopback(host) or authentication:
        return
    raise UsageError(
        f"refusing to serve on {host} without --users: the app shows personal data (registers of "
        "interests) and without a users file it has no login yet, so it listens only on this "
        "machine (127.0.0.1, the default). Give --users users.yaml (make it with 'coigraph serve "
        "--users users.yaml --add-user NAME --role officer'; see 'Running it for a team' in the "
        "README), or reach it from another machine through an SSH tunnel "
        "(ssh -L 8765:127.0.0.1:8765 THIS-HOST)")


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host header values this server answers: the bound name, and localhost forms on loopback."""
    names = {host.strip("[]").lower(), *(e.lower() for e in extra)}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "::1"}
    out = set()
    for n in names:
        shown = f"[{n}]" if ":" in n else n
        out |= {shown, f"{shown}:{port}"}
    return frozenset(out)


class HostCheck:
    """Answer 421 to any request whose Host header is not one of ``allowed`` (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "").strip().lower()
        if host in self.allowed:
            await self.app(scope, receive, send)
            return
        body = (b"Misdirected request: this coigraph server answers only to its own address "
                b"(open it at the address 'coigraph serve' printed).\n")
        await send({"type": "http.response.start", "status": 421, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
            *((k.encode(), v.encode()) for k, v in COMMON_HEADERS.items()),
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the security headers to every response; pages get :data:`APP_CSP` unless they chose another."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != POLICY_HEADER.encode()]
                chosen = dict(message.get("headers", [])).get(POLICY_HEADER.encode())
                policy = {b"map": MAP_CSP, b"download": DOWNLOAD_CSP}.get(chosen or b"", APP_CSP)
                names = {k.lower() for k, _ in headers}
                extra = [(k.encode(), v.encode()) for k, v in COMMON_HEADERS.items()]
                extra.append((b"content-security-policy", policy.encode()))
                extra.append((b"x-frame-options", b"SAMEORIGIN" if chosen == b"map" else b"DENY"))
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


__all__ = ["APP_CSP", "MAP_CSP", "DOWNLOAD_CSP", "check_bind", "is_loopback", "allowed_hosts",
           "HostCheck", "SecurityHeaders", "POLICY_HEADER"]
