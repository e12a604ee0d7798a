"""Import a register of gifts, hospitality and sponsorship, as published, through the register importer.

The same steps and machinery as a register of interests
(:mod:`coigraph.registers`): :func:`~coigraph.registers.read.read_register`
finds the header and maps the columns (with the gifts register's fields,
:data:`~coigraph.registers.columns.GIFTS`); each row is read here
(:func:`parse_gift_entries`: the recipient, who offered it, gift or
hospitality, value, date, accepted or declined, declared, approved by); the
recipient and the giver are matched with the importer's people and
organisation indexes (:class:`~coigraph.registers.resolve.Resolver`), each
with a confidence; what is not clear goes to the same review file
(:mod:`~coigraph.registers.review`: ``accept`` or ``skip``, then import
again); the dataset's ``gifts`` table is written through the dataset writer,
after checking the result loads.  An entry already in the dataset (the same
recipient, date, giver and kind) is updated, never duplicated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, UsageError, did_you_mean
from coigraph.load.dataset import Dataset, load_dataset
from coigraph.load.writer import rewritable, table_texts, write_checked
from coigraph.model import Gift, GiftKind
from coigraph.names import normalise
from coigraph.output import render_table
from coigraph.registers.columns import GIFTS, RegisterMapping
from coigraph.registers.entries import SkippedRow
from coigraph.registers.match import ACCEPT, slug
from coigraph.registers.read import RegisterTable, read_register
from coigraph.registers.report import EntryOutcome
from coigraph.registers.resolve import Resolver
from coigraph.registers.review import (
    REVIEW_FOLDER,
    ReviewRow,
    read_review,
    render_review,
    review_path,
)
from coigraph.registers.text import cell_text, fold, read_date

#: Column order of a gifts file coigraph creates.
GIFT_COLUMNS = ("id", "person", "organisation", "donor", "kind", "description", "value", "date", "accepted",
                "declared", "declared_on", "approved_by", "approval", "note", "source")
#: Fields compared to find what changed in an entry already in the dataset.
_COMPARED = ("description", "value", "accepted", "declared", "declared_on", "approved_by", "approval")

_HOSPITALITY = re.compile(r"hospitality|dinner|lunch|breakfast|meal|reception|drinks|refreshment|hotel|"
                          r"accommodation|travel|ticket|event|conference|match|concert|theatre", re.I)
_SPONSOR = re.compile(r"sponsor", re.I)
_GIFT = re.compile(r"\bgift|voucher|hamper|wine|bottle|chocolate|flowers|book|pen\b|present", re.I)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YES = {"yes", "y", "accepted", "accept", "true", "1", "retained", "kept"}
_NO = {"no", "n", "declined", "decline", "refused", "returned", "false", "0", "not accepted"}


@dataclass
class GiftEntry:
    """One entry of a gifts register, read but not yet matched to the dataset."""

    row: int
    key: str
    raw: dict[str, str]
    name: str = ""
    role: str = ""
    organisation: str = ""
    description: str = ""
    kind: str | None = None
    kind_text: str = ""
    value: float | None = None
    value_text: str = ""
    date: dt.date | None = None
    date_text: str = ""
    accepted: bool | None = None
    declared: bool | None = None
    declared_on: dt.date | None = None
    approver: str = ""
    ref: str = ""
    notes: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


def read_kind(text: str, description: str) -> tuple[str | None, str | None]:
    """(kind, note): from the type column's words, else from the description (noted as inferred)."""
    for words, inferred in ((text, False), (description, True)):
        if not words:
            continue
        kind = ("sponsorship" if _SPONSOR.search(words) else
                "hospitality" if _HOSPITALITY.search(words) else "gift" if _GIFT.search(words) else None)
        if kind is not None:
            return kind, (f"kind inferred from the description: {kind}" if inferred else None)
    return None, None


def read_value(text: str) -> tuple[float | None, str | None]:
    """(pounds, problem): the first amount in the cell ('£120', 'approx 50', 'under £25')."""
    t = cell_text(text)
    if not t or normalise(t) in ("nil", "none", "unknown", "n a", "not known", "tbc"):
        return None, None
    m = _NUMBER.search(t)
    if m is None:
        return None, f"value '{t[:40]}' is not an amount"
    return float(m.group(0).replace(",", "")), None


def _yes_no(text: str) -> bool | None:
    t = normalise(fold(text)).replace("-", " ")
    if t in _YES or t.startswith("accepted"):
        return True
    if t in _NO or t.startswith(("declined", "refused")):
        return False
    return None


def _row_key(row: int, texts: list[str]) -> str:
    import hashlib

    return f"r{row}-{hashlib.sha1(chr(31).join(texts).encode('utf-8')).hexdigest()[:8]}"


def parse_gift_entries(table: RegisterTable) -> tuple[list[GiftEntry], list[SkippedRow]]:
    """One :class:`GiftEntry` per row that records something; titles and notes are skipped rows.

    A row without a name continues the person of the row above (registers
    often merge the name cell down).
    """
    entries: list[GiftEntry] = []
    skipped: list[SkippedRow] = []
    names = table.header.names
    last: GiftEntry | None = None
    for row_no, cells in table.rows:
        texts = [cell_text(c) for c in cells]
        filled = [(i, t) for i, t in enumerate(texts) if t]
        if not filled:
            continue
        by_field: dict[str, list[tuple[Any, str]]] = defaultdict(list)
        for i, t in filled:
            f = table.fields[i] if i < len(table.fields) else None
            if f and f != "ignore":
                by_field[f].append((cells[i], t))
        used = [f for f in by_field if f not in ("notes", "ref")]
        if len(filled) == 1 or not used:
            skipped.append(SkippedRow(row_no, filled[0][1][:200], "a title or note, not an entry"
                                      if len(filled) == 1 else "no recognised column is filled"))
            continue

        def get(f: str, _bf: dict = by_field) -> str:
            return "; ".join(t for _, t in _bf.get(f, []))

        e = GiftEntry(row=row_no, key=_row_key(row_no, texts),
                      raw={(names[i] if i < len(names) and names[i] else f"column {i + 1}"): t for i, t in filled})
        name = get("name") or " ".join(x for x in (get("title"), get("first_name"), get("surname")) if x)
        if not name and last is not None:
            name = last.name
            e.notes.append(f"name taken from row {last.row} above")
        e.name, e.role, e.ref = name, get("role"), get("ref")
        e.organisation, e.description = get("organisation"), get("description")
        e.kind_text = get("kind")
        e.kind, note = read_kind(e.kind_text, e.description)
        if note:
            e.notes.append(note)
        if e.kind is None:
            e.issues.append("gift, hospitality or sponsorship? not given, and not clear from the description")
        e.value_text = get("value")
        e.value, problem = read_value(e.value_text)
        if problem:
            e.notes.append(problem + "; left blank")
        date_cells = by_field.get("date", [])
        e.date_text = date_cells[0][1] if date_cells else ""
        e.date, problem = read_date(date_cells[0][0]) if date_cells else (None, None)
        if problem:
            e.issues.append(f"date {problem}")
        elif e.date is None:
            e.issues.append("no date: give the date it was offered or received")
        e.accepted = _yes_no(get("accepted")) if get("accepted") else None
        if get("accepted") and e.accepted is None:
            e.notes.append(f"accepted or declined? '{get('accepted')[:40]}' not understood; left blank")
        declared = by_field.get("declared", [])
        if declared:
            e.declared_on, problem = read_date(declared[0][0])
            e.declared = True if e.declared_on else _yes_no(declared[0][1])
        e.approver = get("approved_by")
        if not e.name:
            e.issues.append("no name on this row or above it")
        if not e.description:
            e.description = e.kind_text or e.organisation
        entries.append(e)
        last = e
    return entries, skipped


@dataclass
class GiftChange:
    """How one entry of the dataset's gifts register stands after the import."""

    id: str
    person: str
    giver: str
    change: str  # appeared | changed | unchanged | not_written
    row: int | None = None
    fields: list[str] = field(default_factory=list)
    file: str | None = None


@dataclass
class GiftImportReport:
    """Everything a gifts import did (or, with ``dry_run``, would do)."""

    register: str
    dataset: str
    header_row: int
    columns: dict[str, str]
    unmapped: list[str]
    rows_read: int
    entries: list[EntryOutcome]
    skipped: list[SkippedRow]
    gifts: list[GiftChange]
    new_people: list[dict[str, Any]]
    review_file: str | None
    review_pending: int
    warnings: list[str]
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    learned: dict[str, dict[str, str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"rows": self.rows_read, "entries": len(self.entries), "skipped_rows": len(self.skipped)}
        for kind in ("gift", "review", "left_out"):
            out[kind] = sum(1 for e in self.entries if e.outcome == kind)
        for kind in ("appeared", "changed", "unchanged", "not_written"):
            out[kind] = sum(1 for c in self.gifts if c.change == kind)
        out["new_people"] = len(self.new_people)
        return out

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts()
        return json.loads(json.dumps(d, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def _gift_key(person: str, date: dt.date | None, org: str | None, donor: str | None, kind: str) -> tuple:
    return (person, date, org or "d:" + normalise(fold(donor or "")), kind)


def _resolve(r: Resolver, e: GiftEntry) -> tuple[EntryOutcome, dict[str, Any]]:
    out = EntryOutcome(e.row, e.key, e.name, "review", notes=list(e.notes))
    issues = list(e.issues)
    if e.name:
        m = r.people.match(e.name)
        out.person_confidence, out.person_how = m.confidence, m.how
        if m.id and m.confidence >= ACCEPT:
            out.person = m.id
        elif m.id is None and m.confidence == 0.0 and r.new_people_policy == "add":
            p = r.new_person(e)  # type: ignore[arg-type]
            out.person, out.person_confidence = p.id, 1.0
            out.person_how = "not in the dataset: added as a new person"
        else:
            issues.append(f"who is '{e.name}'? {m.how}")
            out.person = m.id
    om = r.orgs.resolve(e.description if not e.organisation else "", e.organisation)
    out.organisation_confidence, out.organisation_how = om.confidence, om.how
    if om.id:
        out.organisation = om.id
        if om.confidence < ACCEPT:
            issues.append(f"who offered it? {om.how}")
    else:
        out.subject = e.organisation or om.subject or None
    if not out.organisation and not out.subject:
        issues.append("who offered it? no organisation or donor given")
    approver: str | None = None
    if e.approver:
        am = r.people.match(e.approver)
        if am.id and am.confidence >= ACCEPT:
            approver = am.id
        else:
            out.notes.append(f"approved by '{e.approver}': not a person of the dataset; kept in words")
    values = {"person": out.person, "organisation": out.organisation,
              "donor": out.subject if not out.organisation else None, "kind": e.kind,
              "description": e.description or None, "value": e.value, "date": e.date, "accepted": e.accepted,
              "declared": e.declared, "declared_on": e.declared_on, "approved_by": approver,
              "approval": e.approver if e.approver and not approver else None,
              "note": "; ".join(v for k, v in e.raw.items() if k and "note" in k.lower()) or None,
              "source": f"{r.table.file}:{e.row}"}
    out.issues = issues
    out.outcome = "gift" if not issues and out.person else "review"
    return out, values


def _review_row(e: GiftEntry, out: EntryOutcome, v: dict[str, Any]) -> ReviewRow:
    return ReviewRow(
        key=e.key, row=str(e.row), issue="; ".join(out.issues), name=e.name, role=e.role, type=e.kind_text,
        description=e.description, from_=e.date_text, suggested_person=out.person or "",
        person_confidence=f"{out.person_confidence:.2f}", suggested_organisation=out.organisation or "",
        organisation_confidence=f"{out.organisation_confidence:.2f}", person=out.person or "",
        organisation=out.organisation or "", subject=(out.subject or "") if not out.organisation else "",
        types=v.get("kind") or "", start=v["date"].isoformat() if v.get("date") else "")


def _apply_review(r: Resolver, e: GiftEntry, rv: ReviewRow, v: dict[str, Any]
                  ) -> tuple[EntryOutcome, dict[str, Any]]:
    out = EntryOutcome(e.row, e.key, e.name, "review", notes=list(e.notes) + ["as reviewed"])
    before = len(r.problems)

    def problem(fld: str, msg: str, hint: str | None = None) -> None:
        r.problems.append(Problem(r.review_label, rv.line, fld, msg, hint))

    pid = rv.person.strip()
    if pid.lower() in ("new", "new person", "add"):
        pid = r.new_person(e).id  # type: ignore[arg-type]
    elif pid not in r.person_ids:
        problem("person", f"no person '{pid}'" if pid else "give the person's id (or 'new')",
                did_you_mean(pid, r.person_ids) if pid else None)
    oid = rv.organisation.strip() or None
    if oid and oid not in r.org_ids:
        problem("organisation", f"no organisation '{oid}'", did_you_mean(oid, r.org_ids) or
                "use an organisation id, or leave it blank and write the donor in 'subject'")
    donor = rv.subject.strip() or None
    if not oid and not donor:
        problem("organisation", "give an organisation id, or the donor in words in 'subject'")
    kind = normalise(rv.types).strip() or (v.get("kind") or "")
    if kind not in {k.value for k in GiftKind}:
        problem("types", f"'{rv.types}' is not gift, hospitality or sponsorship", "gift; hospitality; sponsorship")
    date = v.get("date")
    if rv.start:
        date, bad = read_date(rv.start)
        if bad:
            problem("start", bad, "the date it was offered, YYYY-MM-DD")
    if date is None:
        problem("start", "give the date it was offered or received", "YYYY-MM-DD")
    out.person, out.person_confidence, out.person_how = pid, 1.0, "reviewed"
    out.organisation, out.subject = oid, donor if not oid else None
    if pid and e.name and pid in r.person_ids:
        r.learned["people"][e.name] = pid
    if oid and e.organisation:
        r.learned["organisations"][e.organisation] = oid
    values = {**v, "person": pid, "organisation": oid, "donor": donor if not oid else None, "kind": kind,
              "date": date}
    if len(r.problems) == before:
        out.outcome = "gift"
    return out, values


def plan_gift_import(path: str | Path, data: str | Path, *, ds: Dataset | None = None,
                     mapping: RegisterMapping | None = None, overrides: dict[str, str] | None = None,
                     review: str | Path | None = None, new_people: str = "add"
                     ) -> tuple[GiftImportReport, dict[Path, str]]:
    """What importing gifts register ``path`` into ``data`` would change (the report, and the files)."""
    path, data = Path(path), Path(data)
    if data.is_file():
        raise UsageError(f"--into {data}: give the dataset folder to update, not a file")
    ds = ds or load_dataset(data)
    mapping = mapping or RegisterMapping()
    table = read_register(path, mapping, overrides, kind=GIFTS)
    entries, skipped = parse_gift_entries(table)
    own_review = review_path(data, path)
    review_file = Path(review) if review else own_review
    reviews = {x.key: x for x in read_review(review_file)} if review_file.exists() else {}
    if review and not review_file.exists():
        raise UsageError(f"no such review file: {review}")
    r = Resolver(ds, data, table, mapping, reviews, None, new_people, review_file.name)
    outcomes: list[EntryOutcome] = []
    values: dict[int, dict[str, Any]] = {}
    review_rows: list[ReviewRow] = []
    for e in entries:
        out, v = _resolve(r, e)
        rv = reviews.get(e.key)
        if rv is not None and rv.verdict == "skip":
            out = EntryOutcome(e.row, e.key, e.name, "left_out", notes=["left out by the reviewer"])
            review_rows.append(rv)
        elif rv is not None and rv.verdict == "accept":
            out, v = _apply_review(r, e, rv, v)
            review_rows.append(rv)
        elif out.outcome == "review":
            review_rows.append(rv if rv is not None else _review_row(e, out, v))
        out.register_row = dict(e.raw)
        outcomes.append(out)
        values[e.row] = v
    if r.problems:
        raise DataError(r.problems, summary=f"the review file {review_file.name} has problems")
    existing = {_gift_key(g.person, g.date, g.organisation, g.donor, str(g.kind)): g for g in ds.table("gifts")}
    used = {g.id for g in ds.table("gifts")}
    changes: list[GiftChange] = []
    created: list[Gift] = []
    updated: dict[str, tuple[Gift, list[str]]] = {}
    org_names = {o.id: o.name for o in ds.table("organisations")}
    for o in outcomes:
        if o.outcome != "gift":
            continue
        v = values[o.row]
        giver = org_names.get(v.get("organisation") or "", "") or v.get("donor") or ""
        old = existing.get(_gift_key(v["person"], v["date"], v["organisation"], v["donor"], v["kind"]))
        if old is not None:
            changed = [f for f in _COMPARED if v.get(f) is not None and v.get(f) != getattr(old, f)]
            o.interest = old.id
            file = (old.src or "").rsplit(":", 1)[0]
            kind = "changed" if changed else "unchanged"
            if changed and not rewritable(file):
                kind = "not_written"
            elif changed:
                rec = old.model_copy(update={f: v[f] for f in changed})
                updated[old.src or ""] = (rec, changed)
            changes.append(GiftChange(old.id, old.person, giver, kind, o.row, changed, file))
            continue
        ref = next((x.ref for x in entries if x.row == o.row), "")
        gid = ref if (ref and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._\-]*", ref) and ref not in used
                      and re.search(r"[A-Za-z]", ref)) else _gift_id(v, used)
        used.add(gid)
        rec = Gift(id=gid, **{k: x for k, x in v.items() if x is not None})
        created.append(rec)
        o.interest = gid
        changes.append(GiftChange(gid, rec.person, giver, "appeared", o.row))
    files: dict[Path, str] = {}
    files.update(table_texts(data, "gifts", columns=GIFT_COLUMNS, changed=updated, added=created,
                             beside="registers"))
    people = [p for p in r.added.values() if any(o.person == p.id and o.outcome == "gift" for o in outcomes)]
    files.update(table_texts(data, "people", columns=("id", "name", "title", "aliases"), added=people,
                             beside="registers"))
    report = GiftImportReport(
        register=table.file, dataset=str(data), header_row=table.header.row, columns=table.column_map(),
        unmapped=table.unmapped(), rows_read=len(table.rows), entries=outcomes, skipped=skipped, gifts=changes,
        new_people=[{"id": p.id, "name": p.name, "row": r.added_rows[p.id]} for p in people],
        review_file=None, review_pending=sum(1 for x in review_rows if x.verdict is None),
        warnings=[str(w) for w in table.warnings], learned={k: v for k, v in r.learned.items() if v})
    if review_rows or own_review.exists():
        review_rows.sort(key=lambda x: int(x.row) if x.row.isdigit() else 0)
        files[own_review] = render_review(review_rows)
        report.review_file = str(own_review)
    return report, files


def _gift_id(v: dict[str, Any], used: set[str]) -> str:
    giver = v.get("organisation") or slug(v.get("donor") or "donor", 30)
    base = "-".join(x for x in (v["person"], v["date"].isoformat() if v.get("date") else "", giver) if x)[:150]
    gid, n = base, 1
    while gid in used:
        n += 1
        gid = f"{base}-{n}"
    return gid


def import_gifts(path: str | Path, data: str | Path, *, mapping: RegisterMapping | None = None,
                 overrides: dict[str, str] | None = None, review: str | Path | None = None,
                 new_people: str = "add", dry_run: bool = False) -> GiftImportReport:
    """Import a published gifts and hospitality register into a dataset folder; the change summary."""
    report, files = plan_gift_import(path, data, mapping=mapping, overrides=overrides, review=review,
                                     new_people=new_people)
    report.dry_run = dry_run
    if not dry_run:
        report.written = write_checked(data, files, outside=(REVIEW_FOLDER,),
                                       summary="the import would leave the dataset invalid, so nothing was written")
    return report


def render_gifts_text(report: GiftImportReport) -> str:
    """The change summary in words and a table, for the person who ran the import."""
    c = report.counts()
    lines = [
        f"Register: {report.register} (gifts and hospitality; header on row {report.header_row})",
        f"Dataset:  {report.dataset}" + ("   [dry run: nothing was written]" if report.dry_run else ""),
        f"Rows:     {c['rows']} under the header: {c['entries']} entries, {c['skipped_rows']} skipped",
        f"Entries:  {c['gift']} imported, {c['review']} to review, {c['left_out']} left out by the reviewer",
        "Gifts:    " + (", ".join(f"{c[k]} {k.replace('_', ' ')}" for k in
                                  ("appeared", "changed", "unchanged", "not_written") if c[k]) or "none"),
    ]
    shown = [g for g in report.gifts if g.change != "unchanged"]
    if shown:
        lines.append(render_table(None, ["change", "id", "person", "from", "row", "fields"], [
            (g.change.replace("_", " "), g.id, g.person, g.giver, g.row or "", ", ".join(g.fields))
            for g in shown]).rstrip())
    if report.new_people:
        lines.append(f"New people ({len(report.new_people)}): "
                     + ", ".join(f"{p['name']} ({p['id']}, row {p['row']})" for p in report.new_people))
    review = [e for e in report.entries if e.outcome == "review"]
    if review:
        lines.append(f"To review ({len(review)}): complete {report.review_file} (write accept or skip in "
                     "'decision'; the kind goes in 'types', the date in 'start', a donor not in the dataset "
                     "in 'subject') and run the import again")
        lines += [f"  row {e.row} {e.name}: {'; '.join(e.issues)}" for e in review]
    notes = [(e.row, n) for e in report.entries for n in e.notes if n != "as reviewed"]
    if notes:
        lines.append("Read from the wording (check these):")
        lines += [f"  row {row}: {n}" for row, n in notes]
    if report.unmapped:
        lines.append("Columns not used (kept as evidence only): " + ", ".join(report.unmapped))
    if report.warnings:
        lines += ["Warnings:"] + [f"  - {w}" for w in report.warnings]
    if report.written:
        lines += ["Files written:"] + [f"  {w}" for w in report.written]
    return "\n".join(lines) + "\n"


__all__ = ["GiftEntry", "GiftChange", "GiftImportReport", "parse_gift_entries", "plan_gift_import",
           "import_gifts", "render_gifts_text", "read_kind", "read_value", "GIFT_COLUMNS"]
