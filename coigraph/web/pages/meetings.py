"""A meeting, for the officer pre-screening its agenda: the screen with filters, quorum, checks,
the chair's paper in every format, and the conflicts map."""

from __future__ import annotations

import dataclasses

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph.graph import bare, find_node
from coigraph.web.pages.common import download_ext, query_value, screen
from coigraph.web.render import ACTIONS, LEVELS, download, map_page, page, snapshot


def meeting(request: Request) -> Response:
    snap = snapshot(request)
    mid = bare(find_node(snap.view, "meeting", request.path_params["meeting"]))
    s = screen(snap, mid)
    item = query_value(request, "item", [it.id for it in s.items])
    people = sorted({(f.person_name, f.person) for it in s.items for f in it.findings})
    person = query_value(request, "person", [p for _, p in people])
    level = query_value(request, "level", LEVELS)
    action = query_value(request, "action", ACTIONS)
    narrowed = bool(person or level or action)
    shown = []
    for it in s.items:
        if item and it.id != item:
            continue
        fs = [f for f in it.findings if (not person or f.person == person)
              and (not level or f.level.value == level) and (not action or f.action.value == action)]
        if narrowed and not fs:
            continue
        shown.append((it, fs))
    checks = s.checks
    total = sum(len(it.findings) for it in s.items)
    from coigraph.report.screening import FORMATS

    return page(request, "meeting.html.j2", title=s.meeting.title or mid, s=s, shown=shown,
                people=people, filters={"item": item, "person": person, "level": level, "action": action},
                filtered=bool(item or narrowed), total=total, n_shown=sum(len(fs) for _, fs in shown),
                checks=checks, exts=[e for e in ("html", "md", "csv", "json", "txt")
                                     if _fmt(e) in FORMATS])


def _fmt(ext: str) -> str:
    from coigraph.web.render import DOWNLOADS

    return DOWNLOADS[ext][0]


def paper(request: Request) -> Response:
    """The chair's paper, as ``coigraph screen --format F`` writes it."""
    from coigraph.report.screening import FORMATS, render

    snap = snapshot(request)
    ext = download_ext(request, FORMATS)
    mid = bare(find_node(snap.view, "meeting", request.path_params["meeting"]))
    text = render(screen(snap, mid), _fmt(ext))
    return download(text, f"coi-{mid}", ext)


def meeting_map(request: Request) -> Response:
    """The conflicts map (as ``coigraph map --meeting``), optionally opened on one shape."""
    from coigraph import maps

    snap = snapshot(request)
    mid = bare(find_node(snap.view, "meeting", request.path_params["meeting"]))
    m = snap.cached(("map", "meeting", mid), lambda: maps.meeting_map(snap.view, mid))
    return map_page(focused_html(snap, ("meeting", mid), m, request.query_params.get("focus", "")))


def focused_html(snap, key: tuple[str, str], m, focus: str) -> str:  # type: ignore[no-untyped-def]
    """The map's page, opened on ``focus`` if that shape is on it (rendered once per shape)."""
    from coigraph import maps

    if focus not in m.node_ids():
        focus = ""
    return snap.cached(("map-html", *key, focus), lambda: maps.render_html(
        dataclasses.replace(m, select=focus) if focus else m))


ROUTES = [
    Route("/meetings/{meeting}", meeting, name="meeting"),
    Route("/meetings/{meeting}/paper.{ext}", paper, name="meeting-paper"),
    Route("/meetings/{meeting}/map", meeting_map, name="meeting-map"),
]
