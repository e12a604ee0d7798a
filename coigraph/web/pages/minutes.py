"""Recording the meeting, for the officer: a form per agenda item (who declared what, who left the
room or took no part, the chair's decision and reason, who chaired, whether it was quorate as
minuted) and one for the whole meeting, with the meeting's reconciliation
(:func:`coigraph.governance.minutes.reconcile_meeting`) beside them, worked out again after each save.

Written to the app's own ``minutes-recorded.csv`` through :class:`coigraph.web.changes.Writer`
(checked by loading the dataset with it, atomic, previous version kept, one change-log entry a
save).  The office's own minutes file is never rewritten: what it already minutes for an item
and person (or an item's chair or quorum) is shown read-only and the form offers no field for
it.  The loader reads both files as one table (minutes rows have no id, so nothing "wins": the
reconciliation reads them together), which is why the app never writes a second answer beside
the office's.  The form's mapping is :mod:`coigraph.web.minutes_form`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph import ids, views
from coigraph.graph import bare, find_node, node_name
from coigraph.web import minutes_form as mf
from coigraph.web.changes import Rejected, app_file
from coigraph.web.pages.common import in_form_words, screen
from coigraph.web.pages.login import require
from coigraph.web.render import page, snapshot
from coigraph.words import lower_first

MINE = "minutes-recorded.csv"
#: The loader's field names in the form's words.
FIELD_WORDS = {"person": "person", "organisation": "organisation named", "reason": "the chair's reason",
               "outcome": "the chair's decision", "kind": "what was minuted", "item": "item"}
KIND_WORDS = {"declaration": "declared an interest", "withdrawal": "left the room",
              "no_vote": "took no part in the decision", "chair": "chaired", "quorate": "quorate",
              "inquorate": "inquorate", **{k: v for k, v in mf.STATEMENTS.items() if k}}


#: A seat's vote on the roll, in words: a blank is said to be not stated, never shown as 'no'.
VOTE_WORDS = {"yes": ", votes", "no": ", does not vote", "not_stated": ", whether they vote is not stated"}

def _office_entries(G: Any, mnode: str) -> list[Any]:
    """The minutes entries of the meeting that come from the office's own files (not the app's)."""
    return [e for _, _, _, e in views.out_edges(G, mnode, "minuted")
            if not str(e.src or "").startswith(MINE + ":")]


def _words(G: Any, kind: str, person: Any, organisation: Any, outcome: Any, reason: Any) -> str:
    """One minutes entry in words: the office's (a loaded entry) or the app's (a row of its file)."""
    words = KIND_WORDS.get(kind, kind)
    if kind == "chair" and person:
        words = f"{node_name(G, ids.person(str(person)))} chaired"
    if organisation:
        words += f" ({node_name(G, ids.org(str(organisation)))})"
    if outcome:
        words += f"; the chair's decision: {mf.DECISIONS.get(str(outcome), str(outcome))}"
    return words + (f"; reason: {reason}" if reason else "")


def _describe(G: Any, e: Any) -> str:
    """One entry of the office's own minutes in words, with where it is kept."""
    words = _words(G, str(e.kind), e.person, e.organisation, e.outcome, e.reason)
    return f"{words} [your file {str(e.src).replace(':', ', row ')}]"


def _row_words(G: Any, row: dict[str, str]) -> str:
    """One of the app's own rows in words."""
    return _words(G, row.get("kind", ""), row.get("person"), row.get("organisation"), row.get("outcome"),
                  row.get("reason"))


def _context(request: Request) -> dict[str, Any]:
    """Everything the page shows, from the dataset as loaded now."""
    from coigraph.governance.minutes import reconcile_meeting

    snap = snapshot(request)
    G = snap.G
    mnode = find_node(G, "meeting", request.path_params["meeting"])
    mid = bare(mnode)
    s = screen(snap, mid)
    mine = [r for r in request.app.state.writer.rows("minutes") if r.get("meeting") == mid]
    office = _office_entries(G, mnode)
    office_by: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
    locked: set[tuple[str | None, str]] = set()  # (item, 'chair'|'quorum'|'statement') the office minutes
    for e in office:
        if e.kind in mf.PERSON_KINDS and e.person and e.item and not e.all_members:
            office_by[(e.item, e.person)].append(_describe(G, e))
        else:
            office_by[(e.item, None)].append(_describe(G, e))
            if e.kind == "chair":
                locked.add((e.item, "chair"))
            elif e.kind in ("quorate", "inquorate"):
                locked.add((e.item, "quorum"))
            elif not e.item and e.kind in mf.STATEMENTS and not e.person:
                locked.add((None, "statement"))
    findings = snap.cached(("reconcile", mid), lambda: snap.public(reconcile_meeting(G, mid)))
    roll = {r.person: r for r in s.roll}
    items = []
    for it in s.items:
        found = defaultdict(list)
        for f in it.findings:
            found[f.person].append(f)
        extra = sorted({r.get("person", "") for r in mine if r.get("item") == it.id and r.get("person")} - set(roll))
        people = []
        for pid in [*roll, *extra]:
            r = roll.get(pid)
            orgs = {f.organisation: f.organisation_name for f in found.get(pid, [])}
            office_rows = office_by.get((it.id, pid), [])
            # the app's rows for someone the office's file now minutes too: both count, so both are shown
            also = [_row_words(G, x) for x in mine if office_rows and x.get("item") == it.id
                    and x.get("person") == pid and x.get("kind") in mf.PERSON_KINDS]
            people.append({"id": pid, "name": r.name if r else node_name(G, ids.person(pid)),
                           "status": r.status if r else "not on the roll",
                           "voting": VOTE_WORDS.get(r.voting_status, "") if r else "",
                           "screen": found.get(pid, []), "orgs": orgs, "office": office_rows, "also": also})
        editable = [p["id"] for p in people if not p["office"]]
        values = mf.item_values(mine, it.id, editable)
        for p in people:  # an organisation already minuted is offered even if the screen found none
            org = values.get(mf.field("org", p["id"]))
            if org and org not in p["orgs"]:
                p["orgs"][org] = node_name(G, ids.org(org))
        items.append({"it": it, "people": people, "values": values, "label": f"Item {it.number or it.id}",
                      "office": office_by.get((it.id, None), []),
                      "chair_locked": (it.id, "chair") in locked, "quorum_locked": (it.id, "quorum") in locked,
                      "findings": [f for f in findings if f.item == it.id]})
    return {"mid": mid, "mnode": mnode, "s": s, "items": items, "mine": mine,
            "meeting_values": mf.meeting_values(mine), "meeting_office": office_by.get((None, None), []),
            "meeting_chair_locked": (None, "chair") in locked, "statement_locked": (None, "statement") in locked,
            "meeting_findings": [f for f in findings if f.item is None], "findings": findings,
            "minuted": bool(mine or office),
            "people": _chairs(G, s.roll, mine)}


def _chairs(G: Any, roll: list[Any], mine: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Who may be chosen as chair: the roll, and anyone the app's file already has as a chair (so a
    save never drops a chair the list would not offer)."""
    people = {r.person: r.name for r in roll}
    for r in mine:
        if r.get("kind") == "chair" and r.get("person") and r["person"] not in people:
            people[r["person"]] = node_name(G, ids.person(r["person"]))
    return sorted(((name, pid) for pid, name in people.items()), key=lambda x: x[0].lower())


def _page(request: Request, status: int = 200, *, problems: list[Any] | None = None,
          posted: tuple[str | None, dict[str, str]] | None = None, ctx: dict[str, Any] | None = None) -> Response:
    """The page; ``ctx``: the context the request has already worked out, if it has (a form refused
    before anything is saved), so it is not worked out twice."""
    ctx = ctx if ctx is not None else _context(request)
    if posted is not None:  # a refused form shows what was submitted, not what is saved
        where, values = posted
        if where is None:
            ctx["meeting_values"] = values
        for x in ctx["items"]:
            if x["it"].id == where:
                x["values"] = values
    m = ctx["s"].meeting
    return page(request, "minutes.html.j2", status, title=f"Minutes: {m.title or ctx['mid']}",
                problems=problems or [], DECISIONS=mf.DECISIONS, DECLARED=mf.DECLARED, QUORUM=mf.QUORUM,
                STATEMENTS=mf.STATEMENTS, field=mf.field, file=app_file(request.app.state.writer.folder,
                                                                         "minutes").name, **ctx)


def minutes_page(request: Request) -> Response:
    require(request, "write")
    return _page(request)


def _save(request: Request, mid: str, where: str | None, new: list[dict[str, Any]], labels: list[str],
          governs: Any, action: str, values: dict[str, str]) -> Response:
    writer = request.app.state.writer
    with writer.lock:
        rows = writer.rows("minutes")
        mine = [i for i, r in enumerate(rows) if r.get("meeting") == mid and governs(r)]
        before = [rows[i] for i in mine]
        at = mine[0] if mine else len(rows)  # the new rows where the old ones began: row numbers stay put
        replaced = set(mine)
        kept = [r for i, r in enumerate(rows) if i not in replaced]
        result = kept[:at] + new + kept[at:]
        # the file's rows start at row 2 (row 1 is the header)
        row_labels = {at + k + 2: label for k, label in enumerate(labels)}
        if [_norm(r) for r in before] == [_norm(r) for r in new]:
            return RedirectResponse(_back(mid, where), status_code=303)  # nothing changed: nothing written
        try:
            writer.save("minutes", result, who=request.user, action=action, before=before, after=new)
        except Rejected as exc:
            named = {(MINE, row): (label, FIELD_WORDS) for row, label in row_labels.items()}
            return _page(request, 422, problems=in_form_words(exc.problems, named), posted=(where, values))
    return RedirectResponse(_back(mid, where), status_code=303)


def _norm(row: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in row.items() if v not in (None, "")}


def _back(mid: str, where: str | None) -> str:
    return f"/meetings/{mid}/minutes#minutes-{where or 'meeting'}"


async def save_item(request: Request) -> Response:
    require(request, "write")
    ctx = _context(request)
    mid = ctx["mid"]
    x = next((x for x in ctx["items"] if x["it"].id == request.path_params["item"]), None)
    if x is None:
        find_node(snapshot(request).G, "agenda_item", request.path_params["item"])  # the 404 with "did you mean"
        raise HTTPException(404, f"Item {request.path_params['item'][:80]} is not on this meeting's agenda.")
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    people = [mf.Person(p["id"], p["name"]) for p in x["people"] if not p["office"]]
    label = f"{x['label']} ({x['it'].title})"
    chair, quorum = not x["chair_locked"], not x["quorum_locked"]
    iid = x["it"].id
    ids_ = {p.id for p in people}
    earlier = [r for r in ctx["mine"] if mf.governed(r, iid, ids_, chair=chair, quorum=quorum)]
    new, labels, problems = mf.item_rows(mid, iid, label, values, people, chair=chair, quorum=quorum, kept=earlier)
    if problems:
        return _page(request, 422, problems=problems, posted=(iid, values), ctx=ctx)
    return _save(request, mid, iid, new, labels,
                 lambda r: mf.governed(r, iid, ids_, chair=chair, quorum=quorum),
                 f"recorded the minutes of {lower_first(x['label'])} ({iid}) of meeting {mid}", values)


async def save_meeting(request: Request) -> Response:
    require(request, "write")
    ctx = _context(request)
    mid = ctx["mid"]
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    chair, statement = not ctx["meeting_chair_locked"], not ctx["statement_locked"]
    new, labels, problems = mf.meeting_rows(mid, values, chair=chair, statement=statement)
    if problems:
        return _page(request, 422, problems=problems, posted=(None, values), ctx=ctx)
    return _save(request, mid, None, new, labels,
                 lambda r: mf.governed(r, None, set(), chair=chair, quorum=False, statement=statement),
                 f"recorded the minutes of meeting {mid} as a whole", values)


ROUTES = [
    Route("/meetings/{meeting}/minutes", minutes_page, name="minutes", methods=["GET"]),
    Route("/meetings/{meeting}/minutes/meeting", save_meeting, name="minutes-meeting", methods=["POST"]),
    Route("/meetings/{meeting}/minutes/items/{item}", save_item, name="minutes-item", methods=["POST"]),
]
