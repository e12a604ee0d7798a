"""The change summary of an import: what became of each entry and of each interest, in words and JSON.

:class:`ImportReport` is the record (the ``--format json`` output, and
``DATA/review/<register>-changes.json`` kept in the dataset);
:func:`render_text` is the summary for the person who ran the import;
:func:`mapping_after` is the mapping to save for next month's register.
Every register row is counted: entries + skipped rows = rows, and interests
+ nil returns + review + left out = entries.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coigraph.output import render_table
from coigraph.registers.columns import RegisterMapping
from coigraph.registers.entries import SkippedRow


@dataclass
class EntryOutcome:
    """What became of one register entry, with the confidence of each match."""

    row: int
    key: str
    name: str
    outcome: str  # interest | nil_return | review | left_out
    person: str | None = None
    person_confidence: float = 0.0
    person_how: str = ""
    organisation: str | None = None
    organisation_confidence: float = 0.0
    organisation_how: str = ""
    subject: str | None = None
    interest: str | None = None  # id of the interest it became
    issues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    register_row: dict[str, str] = field(default_factory=dict)  # the row as the register has it


@dataclass
class InterestChange:
    """How one interest of the dataset stands after the import."""

    id: str
    person: str
    concerns: str  # organisation name or subject
    change: str  # appeared | ended | changed | unchanged | not_listed | awaiting_review | not_written
    row: int | None = None  # register row, if on this register
    fields: list[str] = field(default_factory=list)  # fields that changed
    end: dt.date | None = None
    file: str | None = None  # dataset file it is kept in


@dataclass
class ImportReport:
    """Everything an import did (or, with ``dry_run``, would do): the change summary."""

    register: str
    dataset: str
    header_row: int
    register_date: dt.date | None
    columns: dict[str, str]
    unmapped: list[str]
    rows_read: int
    entries: list[EntryOutcome]
    skipped: list[SkippedRow]
    interests: list[InterestChange]
    new_people: list[dict[str, Any]]
    nil_returns: list[dict[str, Any]]
    review_file: str | None
    review_pending: int
    review_stale: list[str]
    warnings: list[str]
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    learned: dict[str, dict[str, str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many entries became what, and how many interests changed how."""
        out: dict[str, int] = {"rows": self.rows_read, "entries": len(self.entries),
                               "skipped_rows": len(self.skipped)}
        for kind in ("interest", "nil_return", "review", "left_out"):
            out[kind] = sum(1 for e in self.entries if e.outcome == kind)
        for kind in CHANGE_ORDER:
            out[kind] = sum(1 for c in self.interests if c.change == kind)
        out["new_people"] = len(self.new_people)
        out["new_nil_returns"] = sum(1 for n in self.nil_returns if n["new"])
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-able, stable (sorted; no clock time)."""
        d = asdict(self)
        d["counts"] = self.counts()
        return _jsonable(d)


CHANGE_ORDER = ("appeared", "ended", "changed", "unchanged", "not_listed", "awaiting_review", "not_written")


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


_CHANGE_WORDS = {
    "appeared": "appeared (new on this register)",
    "ended": "ended (now has an end date)",
    "changed": "changed",
    "unchanged": "unchanged",
    "not_listed": "not on this register (kept unchanged; give it an end date if it has ended)",
    "awaiting_review": "not matched yet (the person has entries in review)",
    "not_written": "changed, but kept in a file coigraph does not rewrite (change it by hand)",
}


def render_text(report: ImportReport) -> str:
    """The change summary in words and tables, for the person who ran the import."""
    c = report.counts()
    lines = [
        f"Register: {report.register} (header on row {report.header_row}"
        + (f"; dated {report.register_date.isoformat()}" if report.register_date else "") + ")",
        f"Dataset:  {report.dataset}" + ("   [dry run: nothing was written]" if report.dry_run else ""),
        f"Rows:     {c['rows']} under the header: {c['entries']} entries, "
        f"{c['skipped_rows']} skipped (titles, notes)",
        f"Entries:  {c['interest']} interest(s), {c['nil_return']} nil return(s), {c['review']} to review, "
        f"{c['left_out']} left out by the reviewer",
        "",
    ]
    counted = c["interest"] + c["nil_return"] + c["review"] + c["left_out"]
    if counted != c["entries"] or c["entries"] + c["skipped_rows"] != c["rows"]:  # pragma: no cover
        lines.append("WARNING: the counts do not add up; please report this as a bug.")
    lines.append("Interests: " + ", ".join(f"{c[k]} {k.replace('_', ' ')}" for k in CHANGE_ORDER if c[k])
                 if report.interests else "Interests: none on this register")
    shown = [x for x in report.interests if x.change != "unchanged"]
    if shown:
        lines.append(render_table(None, ["change", "id", "person", "concerns", "row", "detail"], [
            (x.change.replace("_", " "), x.id, x.person, x.concerns, x.row or "", _detail(x))
            for x in shown]).rstrip())
        for kind in ("not_listed", "awaiting_review", "not_written"):
            if c[kind]:
                lines.append(f"  {kind.replace('_', ' ')}: {_CHANGE_WORDS[kind]}")
    if report.new_people:
        lines.append(f"New people ({len(report.new_people)}), added to the dataset:")
        lines += [f"  {(p['title'] + ' ') if p['title'] else ''}{p['name']} ({p['id']}), register row {p['row']}"
                  for p in report.new_people]
    if report.nil_returns:
        new = [n for n in report.nil_returns if n["new"]]
        lines.append(f"Nil returns: {len(report.nil_returns)} ({len(new)} new)")
        lines += [f"  {n['person']} on {n['date'].isoformat()} (row {n['row']})" for n in new]
    review = [e for e in report.entries if e.outcome == "review"]
    if review:
        if report.dry_run:
            lines.append(f"To review ({len(review)}): these would go to {report.review_file}")
        else:
            lines.append(f"To review ({len(review)}): complete {report.review_file} (write accept or skip in "
                         f"'decision') and run the import again")
        lines += [f"  row {e.row} {e.name}: {'; '.join(e.issues)}" for e in review]
    elif report.review_file:
        lines.append(f"Review file: {report.review_file} (nothing left to check)")
    left = [e for e in report.entries if e.outcome == "left_out"]
    if left:
        lines.append(f"Left out by the reviewer ({len(left)}): rows " + ", ".join(str(e.row) for e in left))
    if report.skipped:
        lines.append("Skipped rows (not entries):")
        lines += [f"  row {s.row}: {s.text[:80]!r} ({s.reason})" for s in report.skipped]
    inferred = [(e.row, n) for e in report.entries for n in e.notes
                if n.startswith(("type inferred", "indirect:", "type '"))]
    if inferred:
        lines.append("Read from the wording (check these):")
        lines += [f"  row {row}: {n}" for row, n in inferred]
    if report.unmapped:
        lines.append("Columns not used (kept as evidence only): " + ", ".join(report.unmapped))
    if report.warnings:
        lines.append("Warnings:")
        lines += [f"  - {w}" for w in report.warnings]
    if report.written:
        lines.append("Files written:")
        lines += [f"  {w}" for w in report.written]
    return "\n".join(lines) + "\n"


def _detail(x: InterestChange) -> str:
    others = [f for f in x.fields if f != "end"]
    if x.change == "ended" and x.end:
        return f"ended {x.end.isoformat()}" + (f"; also {', '.join(others)}" if others else "")
    if x.change == "appeared" and x.end:
        return f"already ended {x.end.isoformat()}"
    return ", ".join(x.fields)


def mapping_after(report: ImportReport, mapping: RegisterMapping | None = None) -> RegisterMapping:
    """The mapping to save for next time: the columns as read, the type words, and names learned in review."""
    mapping = mapping or RegisterMapping()
    out = RegisterMapping(columns=dict(report.columns), types=dict(mapping.types),
                          people=dict(mapping.people), organisations=dict(mapping.organisations),
                          header_row=mapping.header_row)
    out.people.update(report.learned.get("people", {}))
    out.organisations.update(report.learned.get("organisations", {}))
    return out


def changes_json(report: ImportReport) -> str:
    """The summary as kept in the dataset (``review/<register>-changes.json``): no run-specific fields."""
    d = report.as_dict()
    d.pop("written", None)
    d.pop("dry_run", None)
    d["dataset"] = Path(report.dataset).name  # no machine-specific path inside the dataset
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
