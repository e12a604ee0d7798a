"""Meetings and agendas, for the officer: create a meeting of a body; add, edit and reorder its items
and the organisations they affect (with the organisations the screen infers from the item's words
offered as suggestions); the meeting's screen shown beside the agenda, updated at each change.

Everything is written to the app's own files (``meetings-recorded.csv``,
``agenda_items-recorded.csv``, ``affected_organisations-recorded.csv``) through
:class:`coigraph.web.changes.Writer`: checked with the loader's rules first;
an invalid submission shows the form again with the loader's messages, and
nothing is written.  Items kept in the office's own files are shown but not
edited here (their file is the office's: edit it there).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph import ids
from coigraph.graph import bare, find_node, node_name, slug
from coigraph.model.vocab import Effect, ItemKind
from coigraph.web.changes import Rejected
from coigraph.web.pages.common import screen
from coigraph.web.pages.login import require
from coigraph.web.render import page, snapshot

ITEM_FIELDS = ("number", "title", "kind", "summary", "value", "matter", "confidential")
#: Rows for affected organisations on the add-item form.
AFFECTED_ROWS = 3


def _form(form: FormData, names: tuple[str, ...]) -> dict[str, str]:
    return {n: str(form.get(n) or "").strip() for n in names}


def _bodies(G: Any) -> list[tuple[str, str]]:
    return sorted(((bare(n), node_name(G, n)) for n, t in G.nodes(data="type") if t == "body"),
                  key=lambda b: b[1].lower())


def _orgs(G: Any) -> list[tuple[str, str]]:
    return sorted(((bare(n), node_name(G, n)) for n, t in G.nodes(data="type") if t == "organisation"),
                  key=lambda b: b[1].lower())


def _matters(G: Any) -> list[tuple[str, str]]:
    return sorted(((bare(n), node_name(G, n)) for n, t in G.nodes(data="type") if t == "matter"))


# --------------------------------------------------------------------------- a new meeting


def new_meeting(request: Request) -> Response:
    require(request, "write")
    snap = snapshot(request)
    values = {"body": request.query_params.get("body", ""), "date": "", "title": "", "id": "", "public": "yes"}
    return page(request, "meeting_new.html.j2", title="New meeting", values=values, problems=[],
                bodies=_bodies(snap.G))


async def create_meeting(request: Request) -> Response:
    require(request, "write")
    snap = snapshot(request)
    form = await request.form()
    values = _form(form, ("body", "date", "title", "id", "public"))
    mid = values["id"] or slug(f"{values['body']}-{values['date']}")
    row = {"id": mid, "body": values["body"], "date": values["date"], "title": values["title"] or None,
           "public": "yes" if values["public"] == "yes" else "no"}
    writer = request.app.state.writer
    try:
        with writer.lock:
            rows = writer.rows("meetings")
            writer.save("meetings", [*rows, row], who=request.user,
                        action=f"created meeting {mid} of {values['body']} on {values['date']}", after=row)
    except Rejected as exc:
        return page(request, "meeting_new.html.j2", 422, title="New meeting", values=values,
                    problems=exc.problems, bodies=_bodies(snap.G))
    return RedirectResponse(f"/meetings/{mid}/agenda", status_code=303)


# --------------------------------------------------------------------------- the agenda


def _items(snap: Any, mid: str) -> list[dict[str, Any]]:
    from coigraph.screening import affected_organisations

    G = snap.G
    mnode = ids.meeting(mid)
    out = []
    for n, _, a in G.in_edges(mnode, data=True):
        if a.get("type") != "item_of":
            continue
        it = G.nodes[n]
        src = str(it.get("src") or "")
        out.append({"id": bare(n), "number": it.get("number"), "title": it.get("title"),
                    "kind": it.get("kind"), "summary": it.get("summary"), "value": it.get("value"),
                    "matter": it.get("matter"), "confidential": it.get("confidential", False),
                    "src": src, "mine": src.startswith("agenda_items-recorded.csv:"),
                    "affected": affected_organisations(G, n)})
    # an item whose number the papers do not give (blank: not stated) comes after the numbered ones
    return sorted(out, key=lambda i: (i["number"] is None, _number_key(str(i["number"] or "")), i["id"]))


def _number_key(number: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in number.replace("-", ".").split("."))


def agenda(request: Request, *, status: int = 200, problems: list[Any] | None = None,
           values: dict[str, Any] | None = None, editing: str = "") -> Response:
    snap = snapshot(request)
    mnode = find_node(snap.G, "meeting", request.path_params["meeting"])
    mid = bare(mnode)
    items = _items(snap, mid)
    s = screen(snap, mid)
    findings = {it.id: it.findings for it in s.items}
    a = snap.G.nodes[mnode]
    blank = {**{f: "" for f in ITEM_FIELDS}, "number": str(len(items) + 1), "kind": "decision",
             "confidential": "no"}
    return page(request, "agenda.html.j2", status, title=f"Agenda: {a.get('title') or mid}", mid=mid,
                meeting=a, body_name=node_name(snap.G, ids.body(a["body"])), items=items,
                findings=findings, s=s, problems=problems or [], editing=editing,
                values={**blank, **(values or {})}, blank=blank,
                kinds=[k.value for k in ItemKind], effects=[e.value for e in Effect],
                orgs=_orgs(snap.G), matters=_matters(snap.G), affected_rows=AFFECTED_ROWS,
                mine=str(a.get("src") or "").startswith("meetings-recorded.csv:"))


def agenda_page(request: Request) -> Response:
    require(request, "write")
    return agenda(request)


def _item_row(mid: str, iid: str, v: dict[str, str]) -> dict[str, Any]:
    return {"id": iid, "meeting": mid, "number": v["number"], "title": v["title"], "kind": v["kind"],
            "summary": v["summary"] or None, "value": v["value"] or None, "matter": v["matter"] or None,
            "confidential": "yes" if v.get("confidential") == "yes" else "no"}


async def add_item(request: Request) -> Response:
    require(request, "write")
    snap = snapshot(request)
    mid = bare(find_node(snap.G, "meeting", request.path_params["meeting"]))
    form = await request.form()
    v = _form(form, ITEM_FIELDS)
    iid = slug(f"{mid}-item-{v['number']}") if v["number"] else f"{mid}-item"
    row = _item_row(mid, iid, v)
    affected = []
    for k in range(AFFECTED_ROWS):
        org, effect = str(form.get(f"org{k}") or "").strip(), str(form.get(f"effect{k}") or "").strip()
        if org:
            affected.append({"item": iid, "organisation": org, "effect": effect,
                             "note": str(form.get(f"note{k}") or "").strip() or None})
    writer = request.app.state.writer
    try:
        with writer.lock:
            writer.save("agenda_items", [*writer.rows("agenda_items"), row], who=request.user,
                        action=f"added item {v['number']} ({iid}) to meeting {mid}",
                        after={"item": row, "affects": affected},
                        also={"affected_organisations": [*writer.rows("affected_organisations"), *affected]}
                        if affected else None)
    except Rejected as exc:
        values = dict(v, **{f"org{k}": str(form.get(f"org{k}") or "") for k in range(AFFECTED_ROWS)},
                      **{f"effect{k}": str(form.get(f"effect{k}") or "") for k in range(AFFECTED_ROWS)})
        return agenda(request, status=422, problems=exc.problems, values=values)
    return RedirectResponse(f"/meetings/{mid}/agenda#item-{iid}", status_code=303)


def _mine(writer: Any, table: str, key: str, value: str) -> tuple[list[dict[str, str]], int]:
    rows = writer.rows(table)
    at = next((i for i, r in enumerate(rows) if r.get(key) == value), -1)
    if at < 0:
        raise HTTPException(409, "This item is kept in the office's own file, not the app's: "
                                 "change it there (the app never rewrites your files).")
    return rows, at


async def edit_item(request: Request) -> Response:
    require(request, "write")
    snap = snapshot(request)
    mid = bare(find_node(snap.G, "meeting", request.path_params["meeting"]))
    iid = request.path_params["item"]
    form = await request.form()
    v = _form(form, ITEM_FIELDS)
    writer = request.app.state.writer
    try:
        with writer.lock:
            rows, at = _mine(writer, "agenda_items", "id", iid)
            before = dict(rows[at])
            rows[at] = _item_row(mid, iid, v)
            writer.save("agenda_items", rows, who=request.user, action=f"edited item {iid} of meeting {mid}",
                        before=before, after=rows[at])
    except Rejected as exc:
        return agenda(request, status=422, problems=exc.problems, values=v, editing=iid)
    return RedirectResponse(f"/meetings/{mid}/agenda#item-{iid}", status_code=303)


async def move_item(request: Request) -> Response:
    """Move an item up or down the agenda: it swaps numbers with its neighbour (both the app's)."""
    require(request, "write")
    snap = snapshot(request)
    mid = bare(find_node(snap.G, "meeting", request.path_params["meeting"]))
    iid = request.path_params["item"]
    form = await request.form()
    direction = str(form.get("direction") or "")
    if direction not in ("up", "down"):
        raise HTTPException(400, "Say up or down.")
    items = _items(snap, mid)
    at = next((i for i, it in enumerate(items) if it["id"] == iid), -1)
    other = at - 1 if direction == "up" else at + 1
    if at < 0 or not 0 <= other < len(items):
        return RedirectResponse(f"/meetings/{mid}/agenda", status_code=303)
    a, b = items[at], items[other]
    writer = request.app.state.writer
    with writer.lock:
        rows, i = _mine(writer, "agenda_items", "id", a["id"])
        _, j = _mine(writer, "agenda_items", "id", b["id"])
        before = [dict(rows[i]), dict(rows[j])]
        rows[i]["number"], rows[j]["number"] = rows[j]["number"], rows[i]["number"]
        try:
            writer.save("agenda_items", rows, who=request.user,
                        action=f"moved item {a['id']} {direction} (now number {rows[i]['number']}) "
                               f"in meeting {mid}", before=before, after=[rows[i], rows[j]])
        except Rejected as exc:
            return agenda(request, status=422, problems=exc.problems)
    return RedirectResponse(f"/meetings/{mid}/agenda#item-{iid}", status_code=303)


async def add_affected(request: Request) -> Response:
    """Add an organisation the item affects (a suggestion accepted, or one picked)."""
    require(request, "write")
    snap = snapshot(request)
    mid = bare(find_node(snap.G, "meeting", request.path_params["meeting"]))
    iid = bare(find_node(snap.G, "agenda_item", request.path_params["item"]))
    form = await request.form()
    row = {"item": iid, "organisation": str(form.get("organisation") or "").strip(),
           "effect": str(form.get("effect") or "").strip(), "note": str(form.get("note") or "").strip() or None}
    writer = request.app.state.writer
    try:
        with writer.lock:
            writer.save("affected_organisations", [*writer.rows("affected_organisations"), row],
                        who=request.user, action=f"item {iid}: affects {row['organisation']} ({row['effect']})",
                        after=row)
    except Rejected as exc:
        return agenda(request, status=422, problems=exc.problems)
    return RedirectResponse(f"/meetings/{mid}/agenda#item-{iid}", status_code=303)


ROUTES = [
    Route("/meetings/new", new_meeting, name="meeting-new", methods=["GET"]),
    Route("/meetings/new", create_meeting, name="meeting-create", methods=["POST"]),
    Route("/meetings/{meeting}/agenda", agenda_page, name="agenda", methods=["GET"]),
    Route("/meetings/{meeting}/items", add_item, name="item-add", methods=["POST"]),
    Route("/meetings/{meeting}/items/{item}", edit_item, name="item-edit", methods=["POST"]),
    Route("/meetings/{meeting}/items/{item}/move", move_item, name="item-move", methods=["POST"]),
    Route("/meetings/{meeting}/items/{item}/affects", add_affected, name="item-affects", methods=["POST"]),
]
