"""Members' updates: a partner member drafts a new interest, an ended interest or a nil return
from their own page; the drafts wait in the officer's review queue; the officer accepts one
(written to the register) or rejects it with a reason.

Drafts are the app's working papers, not the register: they are kept in
``.coigraph/drafts.json`` in the dataset folder (the loader never reads it).
A member sees only their own drafts (on their own page); officers see every
draft on the review page.  Each draft is checked with the loader's rules when
it is made (so a draft that could not be accepted is refused at once) and
again when it is accepted.  Accepting writes:

* a new interest: a row of ``interests-recorded.csv`` (the app's own file);
* a nil return: a row of ``nil_returns-recorded.csv``;
* an ended interest: the ``end`` cell of that interest's row, in the file it
  is kept in if that is a CSV file (the other cells as written; the same rule
  as ``coigraph import-register``), never in a YAML or Excel file (the officer
  is told to record the end there).

The form a member drafts with is on their person page, and is handled there
(:func:`coigraph.web.pages.people.draft`, which shows the page again with the
loader's message); this module keeps the drafts, their rules and the queue.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph import ids
from coigraph.graph import node_name
from coigraph.model.vocab import InterestType
from coigraph.web.changes import APP_FOLDER, Rejected, Writer
from coigraph.web.pages.common import today
from coigraph.web.pages.login import require
from coigraph.web.render import page, snapshot

KINDS = {"new_interest": "a new interest", "ended_interest": "an interest that has ended",
         "nil_return": "a nil return (nothing to declare)"}
_lock = threading.Lock()


def _path(writer: Writer) -> Path:
    return writer.folder / APP_FOLDER / "drafts.json"


def load_drafts(writer: Writer) -> list[dict[str, Any]]:
    p = _path(writer)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else []


def _save_drafts(writer: Writer, drafts: list[dict[str, Any]]) -> None:
    from coigraph.output import write_atomic

    write_atomic(_path(writer), json.dumps(drafts, indent=1, ensure_ascii=False, default=str) + "\n")


def drafts_of(request: Request, pid: str) -> list[dict[str, Any]]:
    """The person's drafts, if the user may see them (the member themself, or an officer)."""
    user = request.user
    writer = request.app.state.writer
    if writer is None or not getattr(user, "is_authenticated", False):
        return []
    if user.role != "officer" and not (user.role == "member" and user.person == pid):
        return []
    return [d for d in load_drafts(writer) if d["person"] == pid][::-1]


def _row(d: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The table and row a draft becomes when accepted (new interests and nil returns)."""
    f = d["fields"]
    if d["kind"] == "nil_return":
        return "nil_returns", {"person": d["person"], "date": f.get("date")}
    return "interests", {
        "id": f"{d['person']}-{d['id']}", "person": d["person"], "organisation": f.get("organisation") or None,
        "subject": f.get("subject") or None, "types": f.get("types") or None,
        "description": f.get("description") or None, "start": f.get("start") or None,
        "declared": f.get("declared") or None, "source": f"declared in coigraph by {d['author']}"}


def _end_change(writer: Writer, snap: Any, d: dict[str, Any]) -> tuple[dict[Path, str], Any, Any]:
    """The file change that ends the draft's interest: (files, before, after)."""
    from coigraph.load.writer import rewritable, table_texts

    f = d["fields"]
    edge = next((a for _, _, a in snap.G.out_edges(ids.person(d["person"]), data=True)
                 if a.get("type") == "interest" and a.get("id") == f.get("interest")), None)
    if edge is None:
        raise Rejected([], f"the interest '{f.get('interest')}' is no longer on the register")
    src = str(edge.get("src") or "")
    if not rewritable(src.rsplit(":", 1)[0]):
        raise Rejected([], f"the interest is kept in {src.rsplit(':', 1)[0]}, which the app does not "
                           f"rewrite (YAML or Excel): record the end date {f.get('end')} there")
    rec = type("Ended", (), {"end": f.get("end")})()
    files = table_texts(writer.folder, "interests", columns=[], changed={src: (rec, ["end"])},
                        added=[], beside="recorded")
    return files, {"interest": f.get("interest"), "end": edge.get("end"), "src": src}, \
        {"interest": f.get("interest"), "end": f.get("end")}


def add_draft(request: Request, pid: str, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Check the signed-in member's draft with the loader's rules and keep it for review (logged);
    raises :class:`~coigraph.web.changes.Rejected` (nothing kept) if it could not be accepted."""
    snap = snapshot(request)
    user = request.user
    writer: Writer = request.app.state.writer
    with _lock:
        drafts = load_drafts(writer)
        d = {"id": f"d{len(drafts) + 1}", "person": pid, "author": user.name, "kind": kind,
             "fields": fields, "status": "pending", "reason": None, "reviewed_by": None}
        if kind == "ended_interest":
            files, _, _ = _end_change(writer, snap, d)
            writer.save_files(files, who=user, action="", dry_run=True)
        else:
            table, row = _row(d)
            writer.check(table, [*writer.rows(table), row])
        drafts.append(d)
        _save_drafts(writer, drafts)
        writer.log.append(who=user.name, role=user.role, action=f"drafted {KINDS[kind]} ({d['id']}) for review",
                          file=f"{APP_FOLDER}/drafts.json", after=d)
    return d


def review(request: Request) -> Response:
    require(request, "review")
    snap = snapshot(request)
    drafts = load_drafts(request.app.state.writer)[::-1]
    for d in drafts:
        d["name"] = node_name(snap.G, ids.person(d["person"])) if ids.person(d["person"]) in snap.G else d["person"]
        org = d["fields"].get("organisation")
        d["org_name"] = node_name(snap.G, ids.org(org)) if org and ids.org(org) in snap.G else org
    return page(request, "review.html.j2", title="Review queue", pending=[d for d in drafts if d["status"] == "pending"],
                decided=[d for d in drafts if d["status"] != "pending"], kinds=KINDS,
                problem=getattr(request.state, "review_problem", None))


async def decide(request: Request) -> Response:
    require(request, "review")
    snap = snapshot(request)
    writer: Writer = request.app.state.writer
    did, verdict = request.path_params["draft"], request.path_params["verdict"]
    if verdict not in ("accept", "reject"):
        raise HTTPException(404, "Accept or reject.")
    form = await request.form()
    reason = str(form.get("reason") or "").strip()[:1000]
    with _lock:
        drafts = load_drafts(writer)
        d = next((x for x in drafts if x["id"] == did), None)
        if d is None:
            raise HTTPException(404, f"There is no draft '{did[:20]}'.")
        if d["status"] != "pending":
            raise HTTPException(409, "This draft has been decided already.")
        user = request.user
        if verdict == "reject":
            if not reason:
                request.state.review_problem = {"draft": did, "message": "Give the member a reason.", "problems": []}
                response = review(request)
                response.status_code = 422
                return response
            d.update(status="rejected", reason=reason, reviewed_by=user.name)
            _save_drafts(writer, drafts)
            writer.log.append(who=user.name, role=user.role, action=f"rejected draft {did} of {d['person']}: {reason}",
                              file=f"{APP_FOLDER}/drafts.json", before={"status": "pending"}, after=d)
            return RedirectResponse("/review", status_code=303)
        try:
            action = f"accepted draft {did}: {KINDS[d['kind']]} of {d['person']}"
            if d["kind"] == "ended_interest":
                files, before, after = _end_change(writer, snap, d)
                writer.save_files(files, who=user, action=action, before=before, after=after)
            else:
                table, row = _row(d)
                writer.save(table, [*writer.rows(table), row], who=user, action=action, after=row)
        except Rejected as exc:
            request.state.review_problem = {"draft": did, "message": str(exc),
                                            "problems": [str(p) for p in exc.problems]}
            response = review(request)
            response.status_code = 422
            return response
        d.update(status="accepted", reviewed_by=user.name)
        _save_drafts(writer, drafts)
    return RedirectResponse("/review", status_code=303)


ROUTES = [
    Route("/review", review, name="review"),
    Route("/review/{draft}/{verdict:str}", decide, name="decide", methods=["POST"]),
]


def interest_types() -> list[str]:
    return [t.value for t in InterestType]


def today_iso(request: Request) -> str:
    return today(request).isoformat()
