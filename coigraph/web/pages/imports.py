"""Register import in the browser (officers): upload a register, see the plan, settle the review
rows, apply; the same library as ``coigraph import-register`` (:mod:`coigraph.registers`).

1. **Upload** (``POST /imports``): an ``.xlsx`` or ``.csv`` register, at most
   :data:`MAX_UPLOAD` bytes, kept with the import's working
   papers in ``.coigraph/imports/<n>/`` (never read by the loader).  It is read
   with the CLI's readers and planned with :func:`coigraph.registers.plan_import`
   at once: a file the CLI would refuse is refused here with the CLI's message,
   and the working folder is removed (nothing written).
2. **The plan** (``GET /imports/<n>``): what the import would change
   (appeared, ended, changed, unchanged, not listed; new people, nil returns),
   worked out again from the dataset as it is now each time it is shown.
3. **Review rows** (``POST /imports/<n>/review/<key>``): entries the importer
   would not guess go to review, as with the CLI.  The officer accepts the
   suggested match, picks another person or organisation, or skips the row;
   the decisions are kept in the import's review file, in the CLI's review
   file format (:mod:`coigraph.registers.review`).  A decision the importer
   refuses (an unknown id, a bad date) is shown with its message and not kept.
4. **Apply** (``POST /imports/<n>/apply``): the plan's files (the dataset's
   interests, people and nil returns, and the review file and change summary
   under ``review/``) are written by the app's :class:`~coigraph.web.changes.Writer`:
   checked by loading a copy of the dataset, each file atomic, the previous
   version kept, the import logged in the change log.  Rows still undecided
   are not imported; they stay in ``review/<register>-review.csv``, where
   ``coigraph import-register`` (or a later upload) finds them.

The CLI's ``--map``/``--mapping`` options are not offered here: a register
whose columns are not recognised gives the CLI's message, naming them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from coigraph import ids
from coigraph.errors import CoigraphError, DataError, Problem, UsageError
from coigraph.graph import bare, node_name
from coigraph.model.vocab import InterestType
from coigraph.output import safe_filename, write_atomic
from coigraph.registers import CHANGE_ORDER, ImportPlan, plan_import
from coigraph.registers.apply import REFUSED
from coigraph.registers.review import (
    REVIEW_FOLDER,
    ReviewRow,
    read_review,
    render_review,
    review_path,
)
from coigraph.web.changes import APP_FOLDER, Rejected, Writer
from coigraph.web.pages.login import require
from coigraph.web.render import page, snapshot

#: The largest register the app reads, in bytes (the session middleware refuses larger bodies first).
MAX_UPLOAD = 5 * 1024 * 1024
#: Where each import's working papers are kept, in the dataset folder.
IMPORTS = "imports"
#: What each kind of change means, for the plan's headings.
CHANGE_WORDS = {
    "appeared": "Appeared (new on this register)",
    "ended": "Ended (now has an end date)",
    "changed": "Changed",
    "unchanged": "Unchanged",
    "not_listed": "Not on this register (kept as they are: give them an end date if they have ended)",
    "awaiting_review": "Not matched yet (the person has entries in review)",
    "not_written": "Changed, but kept in a file coigraph does not rewrite (change them by hand)",
}
NEW_PEOPLE = {"add": "add them as new people", "review": "send them to review"}
_lock = threading.Lock()


@asynccontextmanager
async def _held() -> AsyncIterator[None]:
    """One import step at a time; waited for off the event loop (the steps await the planner)."""
    await run_in_threadpool(_lock.acquire)
    try:
        yield
    finally:
        _lock.release()


# --------------------------------------------------------------------------- the working papers


def _root(writer: Writer) -> Path:
    return writer.folder / APP_FOLDER / IMPORTS


def _folder(writer: Writer, n: str) -> Path:
    if not n.isdigit():
        raise HTTPException(404, "There is no such import.")
    folder = _root(writer) / n
    if not (folder / "import.json").exists():
        raise HTTPException(404, f"There is no import {n}.")
    return folder


def _meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "import.json").read_text(encoding="utf-8"))


def _save_meta(folder: Path, meta: dict[str, Any]) -> None:
    write_atomic(folder / "import.json", json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


def _register_name(filename: str) -> str:
    """The upload's file name as a plain name (never a path): its stem made safe, its type kept."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", suffix):
        stem, suffix = base, ""
    return safe_filename(stem or "register") + (f".{suffix}" if suffix else "")


def _review_file(folder: Path, meta: dict[str, Any]) -> Path:
    """The import's own review file (the decisions made in the browser), in the CLI's format."""
    return folder / f"{Path(meta['register']).stem}-review.csv"


def _plan(writer: Writer, folder: Path, meta: dict[str, Any], review: Path | None = None) -> ImportPlan:
    """What the import would do now (the CLI's planner, nothing written)."""
    review = review or _review_file(folder, meta)
    as_of = dt.date.fromisoformat(meta["as_of"]) if meta.get("as_of") else None
    return plan_import(folder / meta["register"], writer.folder, review=review if review.exists() else None,
                       as_of=as_of, new_people=meta["new_people"])


def _keep_review(plan: ImportPlan, writer: Writer, folder: Path, meta: dict[str, Any]) -> None:
    """Keep the plan's review rows (new ones, as the importer fills them in) as the import's review file."""
    text = plan.files.get(review_path(writer.folder, meta["register"]))
    if text is not None:
        write_atomic(_review_file(folder, meta), text)


# --------------------------------------------------------------------------- pages


def imports(request: Request) -> Response:
    require(request, "write")
    return _imports_page(request)


def _imports_page(request: Request, error: str | None = None, status: int = 200,
                  values: dict[str, str] | None = None) -> Response:
    writer: Writer = request.app.state.writer
    root = _root(writer)
    rows = []
    if root.is_dir():
        for d in sorted((p for p in root.iterdir() if p.name.isdigit() and (p / "import.json").exists()),
                        key=lambda p: int(p.name), reverse=True):
            rows.append({"n": d.name, **_meta(d)})
    return page(request, "imports.html.j2", status, title="Import a register", imports=rows, error=error,
                values=values or {}, new_people=NEW_PEOPLE, limit_mb=MAX_UPLOAD // (1024 * 1024))


async def upload(request: Request) -> Response:
    """Keep the uploaded register and plan its import; a register the CLI refuses is refused the same."""
    require(request, "write")
    writer: Writer = request.app.state.writer
    form = await request.form()
    file = form.get("register")
    as_of = str(form.get("as_of") or "").strip()[:20]
    new_people = str(form.get("new_people") or "add")
    values = {"as_of": as_of, "new_people": new_people}
    if not isinstance(file, UploadFile) or not file.filename:
        return _imports_page(request, "Choose the register file (.xlsx or .csv) to upload.", 422, values)
    data = await file.read(MAX_UPLOAD + 1)
    await form.close()
    if len(data) > MAX_UPLOAD:
        return _imports_page(request, f"The file is too large: a register may be at most "
                             f"{MAX_UPLOAD // (1024 * 1024)} MB.", 413, values)
    if new_people not in NEW_PEOPLE:
        raise HTTPException(400, "Say what to do with names not in the dataset.")
    if as_of:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            return _imports_page(request, f"'{as_of}' is not a date: write the register's date as YYYY-MM-DD, "
                                 "or leave it blank.", 422, values)
    user = request.user
    name = _register_name(file.filename)
    async with _held():
        root = _root(writer)
        root.mkdir(parents=True, exist_ok=True)
        n = str(1 + max((int(p.name) for p in root.iterdir() if p.name.isdigit()), default=0))
        folder = root / n
        folder.mkdir()
    meta = {"register": name, "uploaded_by": user.name, "as_of": as_of or None, "new_people": new_people,
            "status": "planned", "applied_by": None, "written": []}
    try:
        (folder / name).write_bytes(data)
        _save_meta(folder, meta)
        # the dataset's own review file for this register (an earlier import's decisions), as the CLI uses it
        earlier = review_path(writer.folder, name)
        if earlier.exists():
            shutil.copyfile(earlier, _review_file(folder, meta))
        plan = await run_in_threadpool(_plan, writer, folder, meta)
    except CoigraphError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _imports_page(request, str(exc), 422, values)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _keep_review(plan, writer, folder, meta)
    c = plan.report.counts()
    writer.log.append(who=user.name, role=user.role, action=f"uploaded the register {name} for import {n} "
                      f"({c['entries']} entries, {c['review']} to review)",
                      file=f"{APP_FOLDER}/{IMPORTS}/{n}/{name}", after={"counts": c})
    return RedirectResponse(f"/imports/{n}", status_code=303)


async def one(request: Request) -> Response:
    require(request, "write")
    return await _plan_page(request, request.path_params["n"])


async def _plan_page(request: Request, n: str, problem: dict[str, Any] | None = None, status: int = 200) -> Response:
    writer: Writer = request.app.state.writer
    folder = _folder(writer, n)
    meta = _meta(folder)
    snap = snapshot(request)
    G = snap.G
    review_file = _review_file(folder, meta)
    plan, error = None, None
    if meta["status"] == "planned":
        try:
            plan = await run_in_threadpool(_plan, writer, folder, meta)
        except CoigraphError as exc:  # the dataset changed under the import, or a review row no longer fits
            error = str(exc)
    rows = read_review(review_file) if review_file.exists() else []
    report = plan.report if plan else None
    outcome = {e.key: e for e in report.entries} if report else {}

    added = {p["id"]: p["name"] for p in report.new_people} if report else {}

    def person_name(pid: str | None) -> str:
        """The person's name in the dataset, or as the register gives a new person's."""
        if pid and ids.person(pid) in G:
            return node_name(G, ids.person(pid))
        return added.get(pid or "", pid or "")

    people = sorted(((bare(v), node_name(G, v)) for v, t in G.nodes(data="type") if t == "person"),
                    key=lambda p: p[1].lower())
    orgs = sorted(((bare(v), node_name(G, v)) for v, t in G.nodes(data="type") if t == "organisation"),
                  key=lambda o: o[1].lower())
    changes: dict[str, list[Any]] = {k: [] for k in CHANGE_ORDER}
    if report:
        for x in report.interests:
            changes[x.change].append(x)
    files = sorted(str(p.relative_to(writer.folder)) for p in plan.files) if plan else []
    return page(request, "import.html.j2", status, title=f"Import {n}: {meta['register']}", n=n, meta=meta,
                report=report, counts=report.counts() if report else {}, changes=changes,
                change_words=CHANGE_WORDS, rows=rows, outcome=outcome, people=people, orgs=orgs,
                person_name=person_name, files=files, error=error, problem=problem,
                types=[t.value for t in InterestType], review_name=review_path(writer.folder, meta["register"])
                .relative_to(writer.folder))


_REVIEW_FIELDS = ("person", "organisation", "subject", "start", "end", "indirect", "relationship")


async def decide(request: Request) -> Response:
    """The officer's decision on one review row: accept (with the person, organisation... chosen) or skip."""
    require(request, "write")
    writer: Writer = request.app.state.writer
    n, key = request.path_params["n"], request.path_params["key"]
    folder = _folder(writer, n)
    form = await request.form()
    decision = str(form.get("decision") or "")
    if decision not in ("accept", "skip", ""):
        raise HTTPException(400, "Accept the row, skip it, or leave it undecided.")
    user = request.user
    async with _held():
        meta = _meta(folder)
        if meta["status"] != "planned":
            raise HTTPException(409, "This import has been applied already.")
        review_file = _review_file(folder, meta)
        rows = read_review(review_file) if review_file.exists() else []
        r = next((x for x in rows if x.key == key), None)
        if r is None:
            raise HTTPException(404, "That row is not in review (the register or the dataset may have changed).")
        before = _decision(r)
        r.decision = decision
        for f in _REVIEW_FIELDS:
            if f in form:
                setattr(r, f, str(form.get(f) or "").strip()[:2000])
        if "types" in form or "types_given" in form:
            r.types = "; ".join(t for t in form.getlist("types") if t in InterestType.__members__)
        # try the decision with the importer before keeping it
        check = folder / "check"
        check.mkdir(exist_ok=True)
        tentative = check / review_file.name
        write_atomic(tentative, render_review(rows))
        try:
            await run_in_threadpool(_plan, writer, folder, meta, tentative)
        except DataError as exc:
            lines = {x.line: x.row for x in read_review(tentative)}
            problems = [_on_register_row(p, lines) for p in exc.problems if p.severity == "error"]
            return await _plan_page(request, n, {"key": key, "row": r.row, "problems": problems,
                                           "values": _decision(r)}, 422)
        except UsageError as exc:
            return await _plan_page(request, n, {"key": key, "row": r.row, "problems": [str(exc)],
                                           "values": _decision(r)}, 422)
        finally:
            shutil.rmtree(check, ignore_errors=True)
        write_atomic(review_file, render_review(rows))
        words = {"accept": "accepted", "skip": "skipped", "": "left undecided"}[decision]
        writer.log.append(who=user.name, role=user.role,
                          action=f"import {n} ({meta['register']}): {words} review row for register row "
                                 f"{r.row} ({r.name})",
                          file=f"{APP_FOLDER}/{IMPORTS}/{n}/{review_file.name}", before=before, after=_decision(r))
    return RedirectResponse(f"/imports/{n}#row-{r.row}", status_code=303)


def _decision(r: ReviewRow) -> dict[str, str]:
    return {"decision": r.decision, "types": r.types, **{f: getattr(r, f) for f in _REVIEW_FIELDS}}


def _on_register_row(p: Problem, lines: dict[int, str]) -> str:
    """A review-file problem in the officer's terms: the register row, the field, what is wrong."""
    where = f"register row {lines[p.row]}" if p.row in lines else p.where()
    return f"{where}, {p.field}: {p.message}" + (f" ({p.hint})" if p.hint else "") if p.field \
        else f"{where}: {p.message}" + (f" ({p.hint})" if p.hint else "")


async def apply(request: Request) -> Response:
    """Write the import, as ``coigraph import-register`` does, through the app's checked, logged writer."""
    require(request, "write")
    writer: Writer = request.app.state.writer
    n = request.path_params["n"]
    folder = _folder(writer, n)
    user = request.user
    async with _held():
        meta = _meta(folder)
        if meta["status"] != "planned":
            raise HTTPException(409, "This import has been applied already.")
        try:
            plan = await run_in_threadpool(_plan, writer, folder, meta)
        except CoigraphError as exc:
            return await _plan_page(request, n, {"key": None, "row": None, "problems": [str(exc)], "values": {}},
                                    422)
        c = plan.report.counts()
        summary = ", ".join(f"{c[k]} {k.replace('_', ' ')}" for k in CHANGE_ORDER if c[k]) or "no interests"
        try:
            written = await run_in_threadpool(
                lambda: writer.save_files(plan.files, who=user, outside=(REVIEW_FOLDER,), summary=REFUSED,
                action=f"imported the register {meta['register']} (import {n}): {summary}; "
                       f"{c['new_people']} new people, {c['new_nil_returns']} new nil returns, "
                       f"{c['review']} left in review",
                after={"counts": c, "interests": [{"id": x.id, "person": x.person, "change": x.change,
                                                   "fields": x.fields} for x in plan.report.interests
                                                  if x.change != "unchanged"]}))
        except Rejected as exc:
            return await _plan_page(request, n, {"key": None, "row": None, "problems": [str(p) for p in exc.problems],
                                           "summary": str(exc), "values": {}}, 422)
        meta.update(status="applied", applied_by=user.name,
                    written=sorted(str(Path(w).relative_to(writer.folder)) for w in written), counts=c)
        _save_meta(folder, meta)
    return RedirectResponse(f"/imports/{n}", status_code=303)


ROUTES = [
    Route("/imports", imports, name="imports"),
    Route("/imports", upload, name="upload", methods=["POST"]),
    Route("/imports/{n}", one, name="import"),
    Route("/imports/{n}/review/{key}", decide, name="import-review", methods=["POST"]),
    Route("/imports/{n}/apply", apply, name="import-apply", methods=["POST"]),
]
