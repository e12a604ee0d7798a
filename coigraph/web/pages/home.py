"""Home: the dataset at a glance (counts, warnings, meetings upcoming and recent, the audit verdict)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph.web.pages.common import audit_report, meetings, today
from coigraph.web.render import page, snapshot

#: Meetings listed on the home page in each of 'upcoming' and 'recent'.
SHOWN = 8


def home(request: Request) -> Response:
    snap = snapshot(request)
    day = today(request)
    ms = meetings(snap.view)
    upcoming = [m for m in ms if m["date"] >= day][:SHOWN]
    recent = [m for m in ms if m["date"] < day][-SHOWN:][::-1]
    report = audit_report(snap)
    counts = [(k.replace("_", " "), n) for k, n in snap.counts.items() if n]
    return page(request, "home.html.j2", title=f"{snap.name}: overview", counts=counts,
                warnings=snap.warnings, upcoming=upcoming, recent=recent, all_meetings=len(ms),
                report=report, source=request.app.state.data.source.label, day=day)


def meeting_list(request: Request) -> Response:
    snap = snapshot(request)
    ms = meetings(snap.view)[::-1]
    return page(request, "meetings.html.j2", title="Meetings", meetings=ms, day=today(request))


ROUTES = [Route("/", home, name="home"), Route("/meetings", meeting_list, name="meetings")]
