"""Decisions, for the auditor: each decision's trace as a working paper, with its map and downloads."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph.graph import bare, find_node
from coigraph.web.pages.common import download_ext, query_value, traces
from coigraph.web.render import download, map_page, page, snapshot


def decision_list(request: Request) -> Response:
    from coigraph.findings import SOUND, Severity

    snap = snapshot(request)
    verdict = query_value(request, "verdict", [SOUND, *(s.value for s in Severity)])
    ts = [t for t in traces(snap) if not verdict or t.verdict == verdict]
    return page(request, "decisions.html.j2", title="Decisions", traces=ts, verdict=verdict,
                verdicts=[SOUND, *(s.value for s in Severity)])


def trace(snap, did: str):  # type: ignore[no-untyped-def]
    from coigraph.delegation import trace_decision

    return snap.cached(("trace", did), lambda: snap.public(trace_decision(snap.G, did)))


def decision(request: Request) -> Response:
    from coigraph.report.delegation import FORMATS

    snap = snapshot(request)
    did = bare(find_node(snap.view, "decision", request.path_params["decision"]))
    t = trace(snap, did)
    return page(request, "decision.html.j2", title=f"Decision {did}", t=t, d=t.decision,
                exts=[e for e in ("html", "md", "csv", "json", "txt") if _fmt(e) in FORMATS])


def _fmt(ext: str) -> str:
    from coigraph.web.render import DOWNLOADS

    return DOWNLOADS[ext][0]


def trace_file(request: Request) -> Response:
    """The working paper, as ``coigraph trace --format F`` writes it."""
    from coigraph.report.delegation import FORMATS, render_trace

    snap = snapshot(request)
    ext = download_ext(request, FORMATS)
    did = bare(find_node(snap.view, "decision", request.path_params["decision"]))
    return download(render_trace(trace(snap, did), _fmt(ext)), f"trace-{did}", ext)


def decision_map(request: Request) -> Response:
    from coigraph import maps
    from coigraph.web.pages.meetings import focused_html

    snap = snapshot(request)
    did = bare(find_node(snap.view, "decision", request.path_params["decision"]))
    m = snap.cached(("map", "decision", did), lambda: maps.delegation_map(snap.view, did))
    return map_page(focused_html(snap, ("decision", did), m, request.query_params.get("focus", "")))


ROUTES = [
    Route("/decisions", decision_list, name="decisions"),
    Route("/decisions/{decision}", decision, name="decision"),
    Route("/decisions/{decision}/trace.{ext}", trace_file, name="decision-trace"),
    Route("/decisions/{decision}/map", decision_map, name="decision-map"),
]
