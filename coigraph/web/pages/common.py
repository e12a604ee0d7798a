"""Small helpers the pages share: reading query values, meeting lists, the cached results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
from starlette.exceptions import HTTPException
from starlette.requests import Request

from coigraph import ids
from coigraph.errors import UsageError
from coigraph.graph import bare, node_name
from coigraph.web.data import Snapshot
from coigraph.web.minutes_form import FieldProblem
from coigraph.web.render import DOWNLOADS


def query_value(request: Request, name: str, choices: tuple[str, ...] | list[str] | None = None) -> str:
    """A query parameter ('' if absent); one of ``choices`` if given, else a 400 page."""
    value = request.query_params.get(name, "").strip()
    if value and choices is not None and value not in choices:
        raise UsageError(f"'{value[:80]}' is not a value of '{name}' (one of: {', '.join(choices)})")
    return value


def query_date(request: Request, name: str) -> dt.date | None:
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    from coigraph.load.readers import date_range_problem

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{value[:40]}' is not a date; write it as YYYY-MM-DD") from None
    why = date_range_problem(day)
    if why:
        raise UsageError(why)
    return day


def download_ext(request: Request, formats: tuple[str, ...]) -> str:
    """The extension of a download route, checked against the formats the renderer has."""
    ext = request.path_params["ext"]
    if ext not in DOWNLOADS or DOWNLOADS[ext][0] not in formats:
        raise HTTPException(404, f"There is no '.{ext[:20]}' download here.")
    return ext


def today(request: Request) -> dt.date:
    return request.app.state.today or dt.date.today()


def meetings(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every meeting, oldest first: id, title, date, body and its name."""
    out = []
    for n, a in G.nodes(data=True):
        if a.get("type") == "meeting":
            out.append({"id": bare(n), "title": a.get("title") or bare(n), "date": a["date"],
                        "body": a["body"], "body_name": node_name(G, ids.body(a['body'])),
                        "public": a.get("public", True)})
    return sorted(out, key=lambda m: (m["date"], m["id"]))


def screen(snap: Snapshot, meeting: str) -> Any:
    """The meeting's screen (worked out on the full register, as the app may show it)."""
    from coigraph.screening import screen_meeting

    return snap.cached(("screen", meeting), lambda: snap.public(screen_meeting(snap.G, meeting)))


def traces(snap: Snapshot) -> list[Any]:
    from coigraph.delegation import trace_all

    return snap.cached("traces", lambda: snap.public(trace_all(snap.G)))


def audit_report(snap: Snapshot) -> Any:
    from coigraph.audit import build_audit

    return snap.cached("audit", lambda: snap.public(build_audit(snap.G)))


def in_form_words(problems: list[Any], rows: dict[tuple[str, int], tuple[str, dict[str, str]]]) -> list[Any]:
    """The loader's problems, those in the rows a form just submitted named as the form names them.

    ``rows`` maps (the app's file, row number) to the form's words for that row and its fields'
    labels: a problem there reads "New item: Kind: 'decide' is not one of ..." with the file, row and
    field after it (the change is checked as the CLI would check it, so the CLI's words stay too);
    a problem elsewhere in the dataset is shown as the loader gives it.
    """
    out: list[Any] = []
    for p in problems:
        named = rows.get((p.file, p.row)) if p.row is not None else None
        if named is None:
            out.append(p)
            continue
        label, fields = named
        what = fields.get(p.field or "", p.field or "")
        out.append(FieldProblem(label + (f": {what}" if what else ""), f"{p.message} ({p.where()})", p.hint))
    return out
