"""Pages and downloads: the app's templates, rendered through the package's one Jinja environment.

Templates live in ``coigraph/web/templates`` and extend ``base.html.j2``
(landmarks, skip link, the app's own stylesheet and the bundled htmx; no
inline script or style, so the strict Content-Security-Policy holds).
Values are autoescaped and undefined names are errors
(:func:`coigraph.templates.environment`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from coigraph.policy import ACTION_WEIGHT, Action
from coigraph.web.data import Snapshot
from coigraph.web.security import POLICY_HEADER

#: A download's file extension -> (the CLI's --format, media type).
DOWNLOADS = {
    "txt": ("table", "text/plain; charset=utf-8"),
    "json": ("json", "application/json"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "md": ("markdown", "text/markdown; charset=utf-8"),
    "html": ("html", "text/html; charset=utf-8"),
}
#: The same, in words for the download links.
DOWNLOAD_WORDS = {"html": "HTML paper", "md": "Markdown", "csv": "CSV", "json": "JSON", "txt": "Text"}

LEVELS = ("material", "perceived", "declare_only", "to_confirm")
#: Every action, heaviest first (the filter's choices).
ACTIONS = tuple(a.value for a in sorted(Action, key=lambda a: ACTION_WEIGHT[a], reverse=True))


@lru_cache(maxsize=1)
def templates() -> Environment:
    """The app's Jinja environment (built once: templates are package data and do not change)."""
    from coigraph.findings import KINDS, Severity
    from coigraph.report.delegation_words import (
        VERDICT_LABEL,
        failed_words,
        link_sentence,
        to_confirm_words,
        trace_label,
    )
    from coigraph.report.screening import ACTION_SHORT, LEVEL_WORDS, QUORUM_WORDS
    from coigraph.templates import environment
    from coigraph.words import humanise, lower_first, money, period

    env = environment(("coigraph.web", "templates"))
    env.filters["money"] = money
    env.filters["humanise"] = humanise
    env.filters["lower_first"] = lower_first
    env.globals.update(
        LEVEL_WORDS=LEVEL_WORDS, ACTION_SHORT=ACTION_SHORT, QUORUM_WORDS=QUORUM_WORDS,
        VERDICT_LABEL=VERDICT_LABEL, SEVERITIES=[s.value for s in Severity], KINDS=KINDS,
        DOWNLOAD_WORDS=DOWNLOAD_WORDS, LEVELS=LEVELS, ACTIONS=ACTIONS, period=period,
        kind_title=lambda k: KINDS[k].title if k in KINDS else humanise(k),
        verdict_label=lambda v: VERDICT_LABEL.get(v, humanise(v)),
        query=_query, iso=_iso, failed_words=failed_words, to_confirm_words=to_confirm_words, trace_label=trace_label,
        link_sentence=link_sentence,
    )
    return env


def _query(**params: Any) -> str:
    """``?a=1&b=2`` from the non-empty ``params`` (for links that keep filters)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return ("?" + urlencode(kept)) if kept else ""


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def snapshot(request: Request) -> Snapshot:
    """The data for this request (reloaded first if the files changed), kept on the request."""
    snap = getattr(request.state, "snap", None)
    if snap is None:
        snap = request.app.state.data.current()
        request.state.snap = snap
    return snap


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the context every page has (dataset, user, banners)."""
    state = request.app.state
    snap = getattr(request.state, "snap", None) or state.data.snapshot
    html = templates().get_template(template).render(
        request=request, path=request.url.path, snap=snap, dataset=snap.name,
        reload_error=state.data.reload_error, redacted=snap.redacted,
        user=request.user if "user" in request.scope and request.user.is_authenticated else None, csrf=csrf_token(request),
        can=can(request), read_only=getattr(state, "read_only", True), **context)
    return HTMLResponse(html, status_code=status)


def csrf_token(request: Request) -> str:
    """This session's CSRF token, for the hidden ``csrf_token`` field of every form."""
    from coigraph.web.sessions import current

    s = current(request.scope)
    return s.csrf if s is not None else ""


def can(request: Request) -> frozenset[str]:
    """What the user may do here (``read``, ``write``, ``review``, ``draft``)."""
    auth = request.scope.get("auth")
    return frozenset(auth.scopes) if auth is not None else frozenset()


def download(text: str, stem: str, ext: str) -> Response:
    """A file to save (never shown as a page of the app): ``stem.ext``, with its media type."""
    from coigraph.output import safe_filename

    media = DOWNLOADS[ext][1]
    name = safe_filename(stem, suffix="." + ext)
    return Response(text.encode("utf-8"), media_type=media, headers={
        "content-disposition": f'attachment; filename="{name}"', POLICY_HEADER: "download"})


def map_page(html: str) -> HTMLResponse:
    """A map's self-contained page, under the map policy (inline script, sandboxed)."""
    return HTMLResponse(html, headers={POLICY_HEADER: "map"})


__all__ = ["templates", "snapshot", "page", "csrf_token", "can", "download", "map_page", "DOWNLOADS", "LEVELS", "ACTIONS"]
