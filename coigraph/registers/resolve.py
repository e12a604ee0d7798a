"""Deciding each register entry: who it is about, what it concerns, and whether a person must check it.

:class:`Resolver` holds the state of one import while it is planned: the
dataset's people and organisations to match against (:mod:`coigraph.registers.match`),
people added on the way, and names a reviewer settled.  For each entry it
gives an :class:`~coigraph.registers.report.EntryOutcome` (an interest, a nil
return, or review with the issues in words) and the values of the interest
or nil return it becomes; a reviewer's accepted row (:mod:`coigraph.registers.review`)
replaces the automatic reading.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coigraph.errors import DataError, Problem, did_you_mean
from coigraph.load.dataset import Dataset
from coigraph.model import Person
from coigraph.names import normalise
from coigraph.registers.columns import RegisterMapping
from coigraph.registers.entries import RegisterEntry
from coigraph.registers.match import ACCEPT, OrgResolver, PeopleIndex, person_id_for
from coigraph.registers.phrases import looks_like_organisation, organisation_phrase, read_name
from coigraph.registers.read import RegisterTable, entry_problems
from coigraph.registers.report import EntryOutcome
from coigraph.registers.review import ReviewRow
from coigraph.registers.text import TYPE_ORDER, read_date, read_types, relationship_kind


class Resolver:
    """The state of one import while it is planned: matching indexes, people added, names learned."""

    def __init__(self, ds: Dataset, data: Path, table: RegisterTable, mapping: RegisterMapping,
                 reviews: dict[str, Any], as_of: dt.date | None, new_people: str, review_label: str):
        self.ds, self.data, self.table, self.mapping = ds, data, table, mapping
        self.reviews = reviews
        self.review_label = review_label
        self.date = as_of or table.register_date
        self.new_people_policy = new_people
        self.people = PeopleIndex(ds.table("people"), mapping.people)
        self.orgs = OrgResolver(ds.table("organisations"), mapping.organisations)
        self.person_ids = {p.id for p in ds.table("people")}
        self.org_ids = {o.id for o in ds.table("organisations")}
        self.added: dict[str, Person] = {}  # name key -> new person
        self.added_rows: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.learned: dict[str, dict[str, str]] = {"people": {}, "organisations": {}}
        self.assoc: dict[str, list[Any]] = defaultdict(list)
        for a in ds.table("associations"):
            self.assoc[a.person].append(a)

    # ----------------------------------------------------------------- people

    def new_person(self, e: RegisterEntry) -> Person:
        pn = read_name(e.name)
        key = pn.key or e.name.lower()
        if key in self.added:
            return self.added[key]
        pid = person_id_for(e.name, self.person_ids)
        try:
            p = Person(id=pid, name=pn.display, title=pn.title)
        except ValidationError as exc:  # a name longer than any name (a pasted paragraph)
            raise DataError(entry_problems(self.table, e.row, exc, Person),
                            summary=f"an entry of {self.table.file} cannot be imported, so nothing "
                            "was written") from exc
        p._src = f"{self.table.file}:{e.row}"
        self.person_ids.add(pid)
        self.added[key] = p
        self.added_rows[pid] = e.row
        self.people.add(p)
        return p

    def associate_for(self, person: str, e: RegisterEntry) -> str | None:
        """The associate of an indirect interest: named in the register, or the one association that fits."""
        if e.associate:
            m = self.people.match(e.associate)
            if m.id and m.confidence >= ACCEPT:
                return m.id
        kind = relationship_kind(e.relationship)
        if not kind:
            return None
        fits = [a for a in self.assoc.get(person, []) if a.kind == kind
                and (not a.relationship or not e.relationship
                     or normalise(a.relationship) == normalise(e.relationship) or kind != "relative")]
        if len(fits) == 1:
            return fits[0].associate
        return None

    # ----------------------------------------------------------------- entries

    def resolve(self, e: RegisterEntry, parent: EntryOutcome | None, parent_entry: RegisterEntry | None
                ) -> tuple[EntryOutcome, dict[str, Any] | None]:
        """Decide one entry automatically: an interest or nil return, or review with the issues."""
        out = EntryOutcome(e.row, e.key, e.name, "review", notes=list(e.notes))
        issues = list(e.issues)
        m = self.people.match(e.name) if e.name else None
        if m is not None:
            out.person_confidence, out.person_how = m.confidence, m.how
            if m.id and m.confidence >= ACCEPT:
                out.person = m.id
            elif m.id is None and m.confidence == 0.0 and e.name:
                if self.new_people_policy == "add":
                    p = self.new_person(e)
                    out.person, out.person_confidence = p.id, 1.0
                    out.person_how = "not in the dataset: added as a new person"
                else:
                    issues.append(f"'{e.name}' is not in the dataset (add as new person, or give an id)")
            else:
                out.person = None
                cands = ", ".join(f"{p} ({c:.2f})" for p, c in m.candidates[:3])
                issues.append(f"who is '{e.name}'? {m.how}" + (f"; candidates: {cands}" if cands else ""))
                if m.id:
                    out.person = m.id  # the suggestion, not used until accepted
        values: dict[str, Any] | None = None
        if e.nil:
            date = e.declared or e.start or self.date
            if date is None:
                issues.append("nil return without a date (give it in 'start', or use --as-of)")
            values = {"nil": True, "date": date}
        else:
            om = self.orgs.resolve(e.description, e.organisation)
            inherited = False
            if (parent is not None and om.id is None and not e.organisation
                    and not looks_like_organisation(om.phrase) and (parent.organisation or parent.subject)):
                out.organisation, out.subject = parent.organisation, parent.subject
                out.organisation_confidence = parent.organisation_confidence
                out.organisation_how = f"continues row {parent.row}"
                inherited = True
            else:
                out.organisation_confidence, out.organisation_how = om.confidence, om.how
                if om.id:
                    out.organisation = om.id
                    if om.confidence < ACCEPT:
                        issues.append(f"which organisation? {om.how}")
                else:
                    out.subject = om.subject
            if not out.organisation and not out.subject:
                issues.append("nothing says what the interest concerns (no description or organisation)")
            types = list(e.types)
            if not types and parent_entry is not None and parent_entry.types:
                types = list(parent_entry.types)
                out.notes.append(f"type taken from row {parent_entry.row}")
            if not types:
                issues.append("type of interest not given, and not clear from the description")
            if inherited and e.continues is None:
                out.notes.append("organisation taken from the entry above")
            values = {
                "person": out.person, "organisation": out.organisation,
                "subject": out.subject if not out.organisation else None,
                "types": types, "indirect": e.indirect,
                "associate": self.associate_for(out.person, e) if out.person and e.indirect else None,
                "relationship": e.relationship if e.indirect else None,
                "description": e.description or None, "start": e.start, "end": e.end,
                "declared": e.declared, "mitigation": e.mitigation or None,
                "source": f"{self.table.file}:{e.row}",
            }
        out.issues = issues
        if not issues and out.person:
            out.outcome = "nil_return" if e.nil else "interest"
        else:
            out.outcome = "review"
        return out, values

    def apply_review(self, e: RegisterEntry, r: Any, auto: EntryOutcome, auto_values: dict[str, Any] | None
                     ) -> tuple[EntryOutcome, dict[str, Any] | None]:
        """Use a reviewer's accepted row: their person, organisation, subject, types and dates."""
        out = EntryOutcome(e.row, e.key, e.name, "review", notes=list(e.notes) + ["as reviewed"])
        label = self.review_label

        def problem(fld: str, msg: str, hint: str | None = None) -> None:
            self.problems.append(Problem(label, r.line, fld, msg, hint))

        before = len(self.problems)
        pid = r.person.strip()
        if pid.lower() in ("new", "new person", "add"):
            pid = self.new_person(e).id
        elif not pid:
            problem("person", "give the person's id (or 'new' to add them as a new person)")
        elif pid not in self.person_ids:
            problem("person", f"no person '{pid}'", did_you_mean(pid, self.person_ids) or "use a person id")
        out.person, out.person_confidence, out.person_how = pid, 1.0, "reviewed"
        if pid and e.name and pid in self.person_ids and (pid != auto.person or auto.person_confidence < ACCEPT):
            self.learned["people"][e.name] = pid
        values: dict[str, Any] | None
        if e.nil:
            date = None
            if r.start:
                date, bad = read_date(r.start)
                if bad:
                    problem("start", bad, "write the nil return's date as YYYY-MM-DD")
            date = date or e.declared or e.start or self.date
            if date is None:
                problem("start", "give the date of the nil return", "YYYY-MM-DD")
            values = {"nil": True, "date": date}
        else:
            oid = r.organisation.strip() or None
            if oid and oid not in self.org_ids:
                problem("organisation", f"no organisation '{oid}'",
                        did_you_mean(oid, self.org_ids) or "use an organisation id, or leave it blank "
                        "and write the subject")
            subject = r.subject.strip() or None
            if not oid and not subject:
                problem("organisation", "give an organisation id or a subject in words")
            if oid and (oid != auto.organisation or auto.organisation_confidence < ACCEPT):
                phrase = e.organisation or organisation_phrase(e.description) or ""
                if phrase:
                    self.learned["organisations"][phrase] = oid
            types: set[str] = set()
            for part in re.split(r"[;,/]", r.types):
                if part.strip():
                    got, _, _ = read_types(part)
                    if not got:
                        problem("types", f"'{part.strip()}' is not a type of interest",
                                "financial; non_financial_professional; non_financial_personal")
                    types |= got
            if not types and not r.types.strip():
                problem("types", "give the type(s) of interest",
                        "financial; non_financial_professional; non_financial_personal")
            ind = normalise(r.indirect)
            indirect = e.indirect if not ind else ind in ("yes", "y", "true", "1", "indirect")
            dates = {}
            for fld, text, is_end in (("start", r.start, False), ("end", r.end, True)):
                d, bad = read_date(text, end=is_end) if text else (None, None)
                if bad:
                    problem(fld, bad, "write it as YYYY-MM-DD, or leave it blank if open")
                dates[fld] = d
            if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
                problem("end", "ends before it starts")
            relationship = r.relationship.strip() or None
            out.organisation, out.subject = oid, (subject if not oid else None)
            out.organisation_confidence, out.organisation_how = 1.0, "reviewed"
            values = {
                "person": pid, "organisation": oid, "subject": subject if not oid else None,
                "types": [t for t in TYPE_ORDER if t in types], "indirect": indirect,
                "associate": (self.associate_for(pid, e) if indirect else None),
                "relationship": relationship if indirect else None,
                "description": e.description or None, "start": dates["start"], "end": dates["end"],
                "declared": e.declared, "mitigation": e.mitigation or None,
                "source": f"{self.table.file}:{e.row}",
            }
        if len(self.problems) == before:
            out.outcome = "nil_return" if e.nil else "interest"
        return out, values


def review_row(e: RegisterEntry, out: EntryOutcome, values: dict[str, Any] | None) -> ReviewRow:
    """The review file's row for an entry that needs a check, pre-filled with the best reading."""
    v = values or {}
    issue = "; ".join(out.issues)
    if out.person and out.person_how.startswith("not in the dataset"):
        issue += f"; '{e.name}' is not in the dataset yet: accepting adds them as '{out.person}'"
    r = ReviewRow(
        key=e.key, row=str(e.row), issue=issue, name=e.name, role=e.role,
        type=e.type_text, description=e.description or e.organisation, from_=e.start_text, to=e.end_text,
        suggested_person=out.person or "", person_confidence=f"{out.person_confidence:.2f}",
        suggested_organisation=out.organisation or "",
        organisation_confidence=f"{out.organisation_confidence:.2f}" if not e.nil else "",
        decision="", person=out.person or "", organisation=out.organisation or "",
        subject=(out.subject or "") if not out.organisation else "",
        types="; ".join(v.get("types") or []),
        indirect=("yes" if v.get("indirect") else "no") if not e.nil else "",
        relationship=v.get("relationship") or "",
        start=(v.get("start") or v.get("date") or "") and str((v.get("start") or v.get("date")).isoformat()),
        end=v["end"].isoformat() if v.get("end") else "",
    )
    if e.nil:
        r.types = "nil return"
    return r
