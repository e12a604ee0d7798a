"""The audit (``coigraph audit``): every section, its findings filtered by severity and kind."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from coigraph.web.pages.common import audit_report, download_ext, query_value
from coigraph.web.render import DOWNLOADS, download, page, snapshot


def audit(request: Request) -> Response:
    from coigraph.findings import Severity
    from coigraph.report.delegation import FORMATS

    snap = snapshot(request)
    report = audit_report(snap)
    severity = query_value(request, "severity", [s.value for s in Severity])
    kinds = sorted({f.kind for f in report.findings})
    kind = query_value(request, "kind", kinds)

    def keep(f):  # type: ignore[no-untyped-def]
        return (not severity or f.severity == severity) and (not kind or f.kind == kind)

    sections = [(s, [f for f in s.findings if keep(f)]) for s in report.sections]
    shown = sum(1 for f in report.findings if keep(f))
    return page(request, "audit.html.j2", title="Audit", report=report, sections=sections, kinds=kinds,
                filters={"severity": severity, "kind": kind}, shown=shown,
                exts=[e for e in ("html", "md", "csv", "json", "txt") if DOWNLOADS[e][0] in FORMATS])


def audit_file(request: Request) -> Response:
    """The whole report, as ``coigraph audit --format F`` writes it."""
    from coigraph.report.delegation import FORMATS, render_audit

    snap = snapshot(request)
    ext = download_ext(request, FORMATS)
    return download(render_audit(audit_report(snap), DOWNLOADS[ext][0]), f"audit-{snap.name}", ext)


ROUTES = [Route("/audit", audit, name="audit"), Route("/audit/report.{ext}", audit_file, name="audit-file")]
