"""What importing a register would change, worked out without writing anything.

:func:`plan_import` reads the register (:mod:`~coigraph.registers.read`,
:mod:`~coigraph.registers.entries`), decides each entry
(:mod:`~coigraph.registers.resolve`, with the review file's decisions), then
pairs the register's interests with the dataset's: each is **appeared**,
**ended**, **changed** or **unchanged**, and an interest of a person on the
register that the register no longer lists is **not listed** (kept as it
is).  The result is an :class:`ImportPlan`: the change summary and the text
of every file the import would write (dataset tables through
:mod:`coigraph.load.writer`, the review file, the kept summary).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz

from coigraph.errors import DataError, Problem, UsageError
from coigraph.load.dataset import Dataset, load_dataset
from coigraph.load.writer import rewritable, table_texts
from coigraph.model import Interest, NilReturn, Person
from coigraph.names import normalise
from coigraph.registers.columns import RegisterMapping
from coigraph.registers.entries import RegisterEntry, SkippedRow, parse_entries
from coigraph.registers.match import slug, whole_words
from coigraph.registers.read import entry_problems, read_register
from coigraph.registers.report import (
    CHANGE_ORDER,
    EntryOutcome,
    ImportReport,
    InterestChange,
    changes_json,
)
from coigraph.registers.resolve import Resolver, review_row
from coigraph.registers.review import REVIEW_FOLDER, read_review, render_review, review_path
from coigraph.registers.text import cell_text, fold


@dataclass
class ImportPlan:
    """A planned import: the report, and the dataset files to write (path -> text)."""

    report: ImportReport
    files: dict[Path, str]


# fields an entry sets on an interest, compared to find what changed
_COMPARED = ("types", "indirect", "associate", "relationship", "description", "start", "end",
             "declared", "mitigation")
#: Longest id (the model's): a register reference longer than this is not used as the interest's id.
_MAX_ID = 200
# column order of an interests file coigraph creates
_INTEREST_COLUMNS = ("id", "person", "organisation", "subject", "types", "indirect", "associate",
                     "relationship", "description", "start", "end", "declared", "mitigation", "source")


def plan_import(path: str | Path, data: str | Path, *, ds: Dataset | None = None,
                mapping: RegisterMapping | None = None, overrides: dict[str, str] | None = None,
                review: str | Path | None = None, as_of: dt.date | None = None,
                new_people: str = "add") -> ImportPlan:
    """Work out what importing register ``path`` into dataset ``data`` would change; write nothing.

    ``review`` is a completed review file (default: the dataset's own review
    file for this register, if there is one).  ``new_people`` is ``add`` (a
    name not in the dataset and not like anyone in it becomes a new person) or
    ``review`` (such names go to review).  ``as_of`` is the register's date
    when its title rows do not give one (used for nil returns without a date).
    Raises :class:`DataError` when the dataset or the review file is invalid.
    """
    path, data = Path(path), Path(data)
    if data.is_file():
        raise UsageError(f"--into {data}: give the dataset folder to update, not a file")
    if new_people not in ("add", "review"):
        raise UsageError(f"new_people must be 'add' or 'review', not '{new_people}'")
    ds = ds or load_dataset(data)
    mapping = mapping or RegisterMapping()
    table = read_register(path, mapping, overrides)
    entries, skipped = parse_entries(table, mapping)
    own_review = review_path(data, path)
    review_file = Path(review) if review else own_review
    reviews = {}
    if review_file.exists():
        reviews = {r.key: r for r in read_review(review_file)}
    elif review:
        raise UsageError(f"no such review file: {review}")
    resolver = Resolver(ds, data, table, mapping, reviews, as_of, new_people, review_file.name)
    outcomes: list[EntryOutcome] = []
    values_by_row: dict[int, dict[str, Any] | None] = {}
    review_rows = []
    by_row = {e.row: e for e in entries}
    out_by_row: dict[int, EntryOutcome] = {}
    used_reviews: set[str] = set()
    for e in entries:
        parent = out_by_row.get(e.continues) if e.continues else None
        parent_entry = by_row.get(e.continues) if e.continues else None
        auto, values = resolver.resolve(e, parent, parent_entry)
        r = reviews.get(e.key)
        out = auto
        if r is not None:
            used_reviews.add(e.key)
            if r.verdict == "skip":
                out = EntryOutcome(e.row, e.key, e.name, "left_out", auto.person, auto.person_confidence,
                                   auto.person_how, notes=["left out by the reviewer"])
                values = None
                review_rows.append(r)
            elif r.verdict == "accept":
                out, values = resolver.apply_review(e, r, auto, values)
                review_rows.append(r)
            elif auto.outcome == "review":
                review_rows.append(r)  # keep what the reviewer has written so far
        elif auto.outcome == "review":
            review_rows.append(review_row(e, auto, values))
        out.register_row = dict(e.raw)
        outcomes.append(out)
        out_by_row[e.row] = out
        values_by_row[e.row] = values
    if resolver.problems:
        raise DataError(resolver.problems, summary=f"the review file {review_file.name} has problems")
    stale = sorted(k for k in reviews if k not in used_reviews)
    report, files = _compare_and_files(resolver, outcomes, values_by_row, entries, skipped)
    report.review_stale = [f"review row for register row {reviews[k].row or '?'} ({reviews[k].name}) no longer "
                           "matches the register; it was dropped" for k in stale]
    report.learned = {k: v for k, v in resolver.learned.items() if v}
    pending = sum(1 for r in review_rows if r.verdict is None)
    report.review_pending = pending
    if review_rows or own_review.exists():
        review_rows.sort(key=lambda r: int(r.row) if r.row.isdigit() else 0)
        files[own_review] = render_review(review_rows)
        report.review_file = str(own_review)
    report.warnings += report.review_stale
    if any(p.parent == data for p in files):  # the import changes the dataset: keep a record of how
        files[data / REVIEW_FOLDER / f"{path.stem}-changes.json"] = changes_json(report)
    return ImportPlan(report, files)


def _interest_key(v: dict[str, Any] | Interest) -> tuple[str, str, bool]:
    g = (lambda f: getattr(v, f)) if isinstance(v, Interest) else v.get
    concerns = g("organisation") or "s:" + normalise(fold(g("subject") or ""))
    return (g("person"), concerns, bool(g("indirect")))


def _same(f: str, a: Any, b: Any) -> bool:
    if f == "types":
        return sorted(str(x) for x in (a or [])) == sorted(str(x) for x in (b or []))
    if isinstance(a, str) or isinstance(b, str):
        return cell_text(a or "") == cell_text(b or "")
    return a == b


def _compare_and_files(resolver: Resolver, outcomes: list[EntryOutcome],
                       values_by_row: dict[int, dict[str, Any] | None],
                       entries: list[RegisterEntry], skipped: list[SkippedRow]
                       ) -> tuple[ImportReport, dict[Path, str]]:
    """Pair the register's interests with the dataset's, and make the files that record the result."""
    ds, table = resolver.ds, resolver.table
    has_end = any(f in ("end", "dates") for f in table.fields)
    org_names = {o.id: o.name for o in ds.table("organisations")}
    existing: list[Interest] = list(ds.table("interests"))
    covered = {o.person for o in outcomes if o.outcome in ("interest", "nil_return") and o.person}
    in_review = {o.person for o in outcomes if o.outcome == "review" and o.person}
    groups: dict[tuple, list[Interest]] = defaultdict(list)
    for rec in existing:
        if rec.person in covered:
            groups[_interest_key(rec)].append(rec)
    paired: dict[int, Interest] = {}  # register row -> existing interest
    new_rows = [o.row for o in outcomes if o.outcome == "interest"]
    # pass 1: same key, start and types; pass 2: same key, most similar description
    for exact in (True, False):
        for row in new_rows:
            if row in paired:
                continue
            v = values_by_row[row]
            cands = groups.get(_interest_key(v), [])
            if exact:
                cands = [c for c in cands if c.start == v["start"] and _same("types", c.types, v["types"])]
            if not cands:
                continue
            best = max(cands, key=lambda c: fuzz.ratio(cell_text(c.description or ""),
                                                       cell_text(v["description"] or "")))
            paired[row] = best
            groups[_interest_key(v)].remove(best)
    # ids for new interests: the register's ref when it is a usable id, else made from the content
    used_ids = {r.id for r in existing}
    changes: list[InterestChange] = []
    updated: dict[str, tuple[Interest, list[str]]] = {}  # src -> (new record, fields to write)
    created: list[Interest] = []
    id_pattern = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    by_row_entry = {e.row: e for e in entries}
    invalid: list[Problem] = []
    for o in outcomes:
        if o.outcome != "interest":
            continue
        v = dict(values_by_row[o.row] or {})
        concerns = org_names.get(v.get("organisation") or "", "") or v.get("subject") or ""
        old = paired.get(o.row)
        if old is not None:
            merged = {}
            changed = []
            for f in _COMPARED:
                new_v, old_v = v.get(f), getattr(old, f)
                if f == "end" and not has_end:
                    new_v = old_v
                elif new_v is None and f != "end":
                    new_v = old_v
                merged[f] = new_v
                if not _same(f, old_v, new_v):
                    changed.append(f)
            rec = old.model_copy(update={**merged, "source": v["source"]})
            try:  # model_copy does not validate: a register cell may be longer than a field holds
                Interest.model_validate({**old.model_dump(), **merged, "source": v["source"]})
            except ValidationError as exc:
                invalid += entry_problems(table, o.row, exc, Interest)
                continue
            o.interest = old.id
            kind = "unchanged"
            if changed:
                kind = "ended" if ("end" in changed and merged["end"] is not None) else "changed"
            if (changed or old.source != v["source"]):
                file = (old.src or "").rsplit(":", 1)[0]
                if not rewritable(file):
                    kind = "not_written" if changed else kind
                    if changed:
                        o.notes.append(f"{file} is not a CSV file, so the change was not written: "
                                       + ", ".join(changed))
                else:
                    updated[old.src or ""] = (rec, [*changed, "source"])
            changes.append(InterestChange(old.id, old.person, concerns, kind, o.row, changed,
                                          merged["end"], (old.src or "").rsplit(":", 1)[0]))
            continue
        e = by_row_entry[o.row]
        iid = e.ref if (e.ref and len(e.ref) <= _MAX_ID and id_pattern.match(e.ref)
                        and re.search(r"[A-Za-z]", e.ref) and e.ref not in used_ids) else _interest_id(v, used_ids)
        used_ids.add(iid)
        v.pop("nil", None)
        try:
            rec = Interest(id=iid, **{k: x for k, x in v.items() if x is not None and x != []})
        except ValidationError as exc:
            invalid += entry_problems(table, o.row, exc, Interest)
            continue
        created.append(rec)
        o.interest = iid
        changes.append(InterestChange(iid, rec.person, concerns, "appeared", o.row, [], rec.end))
    if invalid:
        raise DataError(invalid, summary=f"{len(invalid)} entr{'ies' if len(invalid) != 1 else 'y'} of "
                        f"{table.file} cannot be imported, so nothing was written")
    for rec_list in groups.values():
        for rec in rec_list:
            kind = "awaiting_review" if rec.person in in_review else "not_listed"
            changes.append(InterestChange(rec.id, rec.person, org_names.get(rec.organisation or "", "")
                                          or rec.subject or "", kind, None, [], rec.end,
                                          (rec.src or "").rsplit(":", 1)[0]))
    changes.sort(key=lambda c: (CHANGE_ORDER.index(c.change), c.person, c.row or 0, c.id))
    # nil returns
    have_nil = {(n.person, n.date) for n in ds.table("nil_returns")}
    nils: list[dict[str, Any]] = []
    new_nils: list[NilReturn] = []
    for o in outcomes:
        if o.outcome != "nil_return":
            continue
        v = values_by_row[o.row] or {}
        new = (o.person, v["date"]) not in have_nil
        nils.append({"person": o.person, "date": v["date"], "row": o.row, "new": new})
        if new:
            have_nil.add((o.person, v["date"]))
            new_nils.append(NilReturn(person=o.person, date=v["date"]))
    new_people = [{"id": p.id, "name": p.name, "title": p.title, "row": resolver.added_rows[p.id]}
                  for p in resolver.added.values()
                  if any(o.person == p.id and o.outcome in ("interest", "nil_return") for o in outcomes)]
    keep_people = {p["id"] for p in new_people}
    files = _files(resolver, updated, created, [p for p in resolver.added.values() if p.id in keep_people],
                   new_nils)
    warnings = [str(w) for w in table.warnings]
    report = ImportReport(
        register=table.file, dataset=str(resolver.data), header_row=table.header.row,
        register_date=resolver.date, columns=table.column_map(), unmapped=table.unmapped(),
        rows_read=len(table.rows), entries=outcomes, skipped=skipped, interests=changes,
        new_people=new_people, nil_returns=nils, review_file=None, review_pending=0, review_stale=[],
        warnings=warnings,
    )
    return report, files


def _interest_id(v: dict[str, Any], used: set[str]) -> str:
    parts = [v["person"], v.get("organisation") or slug(v.get("subject") or "interest", 40)]
    if v.get("indirect"):
        parts.append(slug(v.get("relationship") or "indirect", 20))
    base = whole_words("-".join(p for p in parts if p), 150).strip("-") or "interest"
    iid, n = base, 1
    while iid in used:
        n += 1
        iid = f"{base}-{n}"
    return iid


def _files(resolver: Resolver, updated: dict[str, tuple[Interest, list[str]]], created: list[Interest],
           people: list[Person], nils: list[NilReturn]) -> dict[Path, str]:
    """The dataset files the import changes; new rows beside a YAML or Excel table go to ``<table>-registers.csv``."""
    files: dict[Path, str] = {}
    files.update(table_texts(resolver.data, "interests", columns=_INTEREST_COLUMNS, changed=updated,
                             added=created, beside="registers"))
    files.update(table_texts(resolver.data, "people", columns=("id", "name", "title", "aliases"),
                             added=people, beside="registers"))
    files.update(table_texts(resolver.data, "nil_returns", columns=("person", "date"), added=nils,
                             beside="registers"))
    return files
