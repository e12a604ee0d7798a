"""What importing Companies House data would change in a dataset, worked out without writing anything.

Three streamed passes, none of which holds a whole file:

1. the **company file** (:mod:`~coigraph.reference.companies`): each
   company-like organisation of the dataset (a company, a VCSE body, other)
   is found by its company number, else by its name as Companies House
   compares names (then it gets the number), else a close name goes to the
   review file; found companies get their incorporation date and, if
   dissolved, their end date (never a deletion);
2. the **PSC snapshot** (:mod:`~coigraph.reference.psc`) and/or a **BODS**
   file (:mod:`~coigraph.reference.bods`): records of the companies found,
   and records whose person has a dataset surname or whose corporate PSC is
   a company found.  Individuals are matched to people with care
   (:mod:`~coigraph.reference.match`); corporate PSCs by company number,
   else by name (the register importer's organisation matching), else added
   as a company;
3. the company file again, only if a matched person controls companies not
   yet in the dataset: those companies are added (name, number, dates).

Each control becomes a ``controls`` record (person or organisation ->
company) with its natures of control, ``start`` = notified on, ``end`` =
ceased on, and ``source_register`` saying it comes from the public register,
not a declaration.  A control already in the dataset (same register id) is
updated only by its ceased date; one the snapshot no longer lists is kept
and reported.  Statements ("no individual or entity has significant
control") and protected (super-secure) PSCs are reported, not recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, UsageError, did_you_mean
from coigraph.load.dataset import Dataset, load_dataset
from coigraph.model import Control, Organisation, OrgKind
from coigraph.reference.bods import BodsStats, read_bods
from coigraph.reference.common import ProgressFn, company_number, readable_name
from coigraph.reference.companies import CompanyIndex, Hit, stream_companies
from coigraph.reference.match import BY_REVIEWER, PscPeople, read_born
from coigraph.reference.orgs import ORG_COLUMNS, Changes, Plan
from coigraph.reference.psc import STATEMENTS, Psc, PscFilter, PscStats, nature_words, stream_psc
from coigraph.reference.report import ReferenceReport, keep_decisions
from coigraph.registers.match import ACCEPT, OrgResolver
from coigraph.registers.review import ReviewRow, read_review, render_review, review_path

#: Columns of a controls file the import creates.
CONTROL_COLUMNS = ("id", "person", "controller", "company", "natures", "start", "end", "controller_kind",
                   "source_register", "name_on_register", "register_id", "matched_by", "source")
#: Organisation kinds looked up in the company file.
COMPANY_KINDS = {OrgKind.company.value, OrgKind.vcse.value, OrgKind.other.value}
#: Where a PSC's page is on Companies House's service (for the reviewer).
CH_PAGE = "https://find-and-update.company-information.service.gov.uk/company/{n}/persons-with-significant-control"


def ch_page(number: str) -> str:
    """The public Companies House page listing a company's PSCs."""
    return CH_PAGE.format(n=number)


@dataclass
class _Pending:
    """A control waiting for its company's details from the company file (pass 3)."""

    psc: Psc
    control: dict[str, Any]


def plan_companies(data: str | Path, *, companies: str | Path, psc: str | Path | None = None,
                   bods: str | Path | None = None, born: str | Path | None = None,
                   review: str | Path | None = None, ds: Dataset | None = None,
                   progress: ProgressFn | None = None) -> Plan:
    """Work out what importing Companies House data into dataset ``data`` would change; write nothing.

    ``companies`` is the company file (CSV, or its zip); ``psc`` the PSC
    snapshot (JSON Lines, or its zip); ``bods`` a BODS file; ``born`` a
    birth-months file (:func:`~coigraph.reference.match.read_born`), used only
    to match people; ``review`` a completed review file (default
    ``DATA/review/<snapshot>-review.csv`` when it exists).
    """
    data = Path(data)
    if data.is_file():
        raise UsageError(f"--into {data}: give the dataset folder to update, not a file")
    ds = ds or load_dataset(data)
    for label, p in (("--companies", companies), ("--psc", psc), ("--bods", bods), ("--born", born)):
        if p is not None and not Path(p).exists():
            raise UsageError(f"{label} {p}: no such file")
    main_source = Path(psc or bods or companies)
    own_review = review_path(data, main_source)
    reviews: dict[str, ReviewRow] = {}
    if review:
        if not Path(review).exists():
            raise UsageError(f"no such review file: {review}")
        reviews = {r.key: r for r in read_review(review)}
    elif own_review.exists():
        reviews = {r.key: r for r in read_review(own_review)}
    people_ids = {p.id for p in ds.table("people")}
    births = read_born(born, people_ids) if born else {}
    p = _CompaniesPlanner(ds, data, reviews, births, progress)
    p.report.sources.append(str(companies))
    p.match_companies(Path(companies))
    records: list[Psc] = []
    flt = PscFilter(set(p.number_to_org), p.people.surnames())
    if psc:
        stats = PscStats()
        records += list(stream_psc(psc, flt, stats=stats, progress=progress))
        p.report.sources.append(str(psc))
        p.report.rows_read[str(psc)] = stats.lines
        if stats.bad_lines:
            shown = ", ".join(map(str, stats.bad_lines[:10]))
            p.report.warnings.append(f"{Path(psc).name}: {len(stats.bad_lines):,} line(s) are not JSON and were "
                                     f"skipped (lines {shown}{'...' if len(stats.bad_lines) > 10 else ''})")
        if stats.totals is None:
            p.report.warnings.append(f"{Path(psc).name}: no totals line at the end: the snapshot may be one part "
                                     "of several, or cut short")
    if bods:
        bstats = BodsStats()
        records += read_bods(bods, flt, stats=bstats, progress=progress)
        p.report.sources.append(str(bods))
        p.report.rows_read[str(bods)] = bstats.statements
    for rec in records:
        p.control(rec)
    p.fetch_pending(Path(companies))
    p.not_listed()
    plan = Plan(p.report)
    plan.files = p.changes.files(data, p.report, {"organisations": ORG_COLUMNS, "controls": CONTROL_COLUMNS})
    rows = sorted(p.review_rows.values(), key=lambda r: (r.key.split(":", 1)[0], int(r.row or 0), r.key))
    if rows or own_review.exists():
        plan.files[own_review] = render_review(rows)
        p.report.review_files.append(str(own_review))
        p.report.review_pending = sum(1 for r in rows if r.verdict is None)
    return plan


class _CompaniesPlanner:
    def __init__(self, ds: Dataset, data: Path, reviews: dict[str, ReviewRow], births: dict[str, tuple[int, int]],
                 progress: ProgressFn | None):
        self.ds, self.data, self.reviews, self.progress = ds, data, reviews, progress
        self.report = ReferenceReport("Companies House import into " + data.name)
        self.changes = Changes(ds)
        self.people = PscPeople(list(ds.table("people")), births, reviews)
        self.resolver = OrgResolver(ds.table("organisations"))
        self.number_to_org: dict[str, str] = {}
        for o in ds.table("organisations"):
            if o.company_number:
                self.number_to_org.setdefault(o.company_number, o.id)
        self.review_rows: dict[str, ReviewRow] = {}
        self.company_names: dict[str, str] = {}
        self.pending: dict[str, list[_Pending]] = {}
        self.controls = list(ds.table("controls"))
        self.by_register_id = {c.register_id: c for c in self.controls if c.register_id}
        self.seen_controls: set[str] = set()
        self.other_companies: Counter[str] = Counter()

    # -- pass 1: the company file

    def match_companies(self, path: Path) -> None:
        orgs = [o for o in self.ds.table("organisations") if o.kind.value in COMPANY_KINDS]
        accepted: dict[str, str] = {}
        for key, rv in self.reviews.items():
            if key.startswith("ch:") and rv.verdict == "accept":
                _, oid, number = key.split(":", 2)
                accepted[number] = rv.organisation.strip() or oid
        numbers = dict(self.number_to_org)
        numbers.update({n: o for n, o in accepted.items() if o in self.changes.orgs})
        index = CompanyIndex(numbers, ((o.id, o.name) for o in orgs if not o.company_number))
        hits: dict[str, list[Hit]] = {}
        rows = 0
        for c in stream_companies(path, progress=self.progress):
            rows = c.row
            for h in index.hits(c):
                hits.setdefault(h.org, []).append(h)
        self.report.rows_read[str(path)] = max(rows - 1, 0)
        for o in orgs:
            got = hits.get(o.id, [])
            by_number = [h for h in got if h.how == "number"]
            by_name = [h for h in got if h.how == "name"]
            near = sorted((h for h in got if h.how == "near"), key=lambda h: (-h.score, h.company.number))
            if by_number:
                h = by_number[0]
                how = BY_REVIEWER if h.company.number in accepted else f"company number {h.company.number}"
                self._found(o, h, "matched_by_name" if h.company.number in accepted else "matched_by_code", how)
            elif len(by_name) == 1:
                self._found(o, by_name[0], "matched_by_name", "the same name on the register")
            elif by_name or near:
                cands = by_name or near
                for h in cands[:3]:
                    self._company_review(o, h, "several companies have this name" if by_name else
                                         f"a company with a similar name ({h.score:.0f}%)")
            elif o.company_number:
                self.report.warnings.append(f"{o.id}: company {o.company_number} is not in the company file "
                                            "(the file lists companies on the live register only: dissolved?)")
            elif o.kind.value == OrgKind.company.value:
                self.report.add("left_out", "company", o.name, id=o.id,
                                how="no company of this name in the company file")

    def _found(self, o: Organisation, h: Hit, outcome: str, how: str) -> None:
        c = h.company
        self.number_to_org[c.number] = o.id
        self.company_names[c.number] = o.name
        done = []
        if not o.company_number:
            self.changes.change("organisations", o, "company_number", c.number)
            done.append(f"company number {c.number}")
        if c.incorporated and o.start is None and (o.end is None or c.incorporated <= o.end):
            self.changes.change("organisations", o, "start", c.incorporated)
            done.append(f"incorporated {c.incorporated.isoformat()}")
        if c.dissolved and o.end is None and (o.start is None or o.start <= c.dissolved):
            self.changes.change("organisations", o, "end", c.dissolved)
            done.append(f"dissolved {c.dissolved.isoformat()}")
        status = f"; {c.status}" if c.status and c.status.lower() != "active" else ""
        self.report.add(outcome if done or outcome != "matched_by_code" else "unchanged", "company", o.name,
                        id=o.id, how=how + status, where=f"{Path(self.report.sources[0]).name}:{c.row}",
                        changes=done)

    def _company_review(self, o: Organisation, h: Hit, issue: str) -> None:
        c = h.company
        key = f"ch:{o.id}:{c.number}"
        rv = self.reviews.get(key)
        fresh = ReviewRow(
            key=key, row=str(c.row), issue=f"is '{o.name}' ({o.id}) the company {c.name} ({c.number})? {issue}",
            name=c.name, role="company", type=c.category, description=f"company {c.number}, {c.status}, "
            f"incorporated {c.incorporated.isoformat() if c.incorporated else '-'}; postcode {c.postcode}",
            suggested_organisation=o.id, organisation_confidence=f"{h.score / 100:.2f}", organisation=o.id)
        self.review_rows[key] = keep_decisions(fresh, rv)
        if rv is not None and rv.verdict == "skip":
            self.report.add("left_out", "company", o.name, id=o.id, how=f"not company {c.number} (reviewer)")
            return
        self.report.add("review", "company", o.name, id=o.id, how=f"{c.name} ({c.number}): {issue}",
                        where=f"{Path(self.report.sources[0]).name}:{c.row}")

    # -- pass 2: PSC records

    def control(self, rec: Psc) -> None:
        company = self.number_to_org.get(rec.company)
        kind = rec.controller_kind
        if kind in ("statement", "exemptions", "super_secure", "other"):
            if company is None:
                return
            if kind == "statement":
                words = STATEMENTS.get(rec.statement or "", (rec.statement or "a statement").replace("-", " "))
                how = f"the company says {words}" + (f" (notified {rec.notified.isoformat()})" if rec.notified else "")
            elif kind == "super_secure":
                how = "a protected person: Companies House withholds their details"
            elif kind == "exemptions":
                how = "the company is exempt from keeping a PSC register"
            else:
                how = f"a record of kind '{rec.kind}' that coigraph does not read"
            if rec.ceased:
                how += f"; ceased {rec.ceased.isoformat()}"
            self.report.add("left_out", "statement", self.changes.orgs[company].name, id=company, how=how,
                            where=rec.where)
            return
        if kind == "individual":
            self._individual(rec, company)
        else:
            self._corporate(rec, company)

    def _individual(self, rec: Psc, company: str | None) -> None:
        pm = self.people.match(rec)
        name = rec.display_name or "a person"
        label = f"{name} controls {self._company_label(rec, company)}"
        if rec.key in self.reviews:  # written again with this snapshot's evidence, keeping the decision
            auto = self.people.match(rec, reviewed=False)
            self.review_rows[rec.key] = keep_decisions(self._person_row(rec, company, auto.how, auto.person,
                                                                        auto.confidence), self.reviews[rec.key])
        if pm.outcome == "matched" and pm.person:
            self._add_control(rec, company, {"person": pm.person, "controller_kind": "individual",
                                             "matched_by": pm.how}, label)
        elif company is None and (pm.outcome != "review" or pm.confidence < ACCEPT):
            self.other_companies[pm.outcome] += 1  # a namesake's company: too many to list
        elif pm.outcome == "review":
            self.review_rows[rec.key] = keep_decisions(
                self._person_row(rec, company, pm.how, pm.person, pm.confidence), self.reviews.get(rec.key))
            self.report.add("review", "control", label, id=pm.person, how=pm.how, where=rec.where)
        else:
            self.report.add("left_out", "control", label, how=pm.how, where=rec.where)

    def _person_row(self, rec: Psc, company: str | None, issue: str, person: str | None,
                    confidence: float) -> ReviewRow:
        """The review row of an individual PSC: the register's words and the evidence, no month of birth."""
        return ReviewRow(
            key=rec.key, row=str(rec.line), issue=issue, name=rec.display_name or "a person", role="individual",
            type="; ".join(rec.natures), description=self._evidence(rec, company),
            from_=rec.notified.isoformat() if rec.notified else "", to=rec.ceased.isoformat() if rec.ceased else "",
            suggested_person=person or "", person_confidence=f"{confidence:.2f}",
            suggested_organisation=company or "", organisation_confidence="1.00" if company else "",
            person=person or "", organisation=company or "")

    def _corporate(self, rec: Psc, company: str | None) -> None:
        reg = company_number(rec.registration_number)
        label = f"{rec.name} controls {self._company_label(rec, company)}"
        oid = self.number_to_org.get(reg) if reg else None
        matched_by = f"company number {reg}" if oid else ""
        rv = self.reviews.get(rec.key)
        if oid is None and rv is not None and rv.verdict == "accept":
            choice = rv.organisation.strip()
            if choice not in self.changes.orgs:
                raise DataError([Problem("the review file", rv.line, "organisation", f"no organisation '{choice}'",
                                         hint=did_you_mean(choice, set(self.changes.orgs)) or "an organisation id")],
                                summary="the review file has problems")
            oid, matched_by = choice, BY_REVIEWER
            self.review_rows[rec.key] = rv
        if oid is None and company is None:
            self.other_companies["corporate"] += 1
            return
        if oid is None:
            m = self.resolver.resolve("", rec.name)
            cand = self.changes.orgs.get(m.id) if m.id else None
            if cand is not None and m.confidence >= ACCEPT and cand.kind.value in COMPANY_KINDS \
                    and (not cand.company_number or cand.company_number == reg):
                oid, matched_by = cand.id, f"name ({m.how})"
            elif cand is not None or m.confidence > 0:
                self.review_rows[rec.key] = keep_decisions(ReviewRow(
                    key=rec.key, row=str(rec.line), issue=f"which organisation is {rec.name}? {m.how}",
                    name=rec.name, role=rec.controller_kind, type="; ".join(rec.natures),
                    description=self._evidence(rec, company), suggested_organisation=m.id or "",
                    organisation_confidence=f"{m.confidence:.2f}", organisation=m.id or "",
                    from_=rec.notified.isoformat() if rec.notified else "",
                    to=rec.ceased.isoformat() if rec.ceased else ""), rv)
                self.report.add("review", "control", label, id=m.id, how=m.how, where=rec.where)
                return
            else:
                kind = OrgKind.company.value if reg and rec.controller_kind == "corporate_entity" \
                    else OrgKind.other.value
                new = Organisation(id=self.changes.new_org_id(readable_name(rec.name)), name=readable_name(rec.name),
                                   kind=kind, company_number=reg if kind == OrgKind.company.value else None)
                self.changes.add("organisations", new)
                if new.company_number:
                    self.number_to_org[new.company_number] = new.id
                self.report.add("added", "organisation", new.name, id=new.id,
                                how=f"controls {self._company_label(rec, company)} (PSC register)", where=rec.where)
                oid, matched_by = new.id, "added from the PSC register"
        self._add_control(rec, company, {"controller": oid, "controller_kind": rec.controller_kind,
                                         "matched_by": matched_by}, label)

    def _company_label(self, rec: Psc, company: str | None) -> str:
        if company:
            return self.changes.orgs[company].name
        return f"company {rec.company}"

    def _evidence(self, rec: Psc, company: str | None) -> str:
        what = "; ".join(nature_words(n) for n in rec.natures) or "natures of control not given"
        where = "Companies House PSC register" if rec.source == "companies_house_psc" else "BODS statement"
        return (f"{self._company_label(rec, company)} ({rec.company}): {what}; {where}, "
                f"{rec.where}; see {ch_page(rec.company)}")

    def _add_control(self, rec: Psc, company: str | None, who: dict[str, Any], label: str) -> None:
        values = {**who, "natures": rec.natures or ["not given"], "start": rec.notified, "end": rec.ceased,
                  "source_register": "bods" if rec.source == "bods" else "companies_house_psc",
                  "name_on_register": rec.name or rec.display_name or None, "register_id": rec.register_id,
                  "source": rec.where}
        if company is None:
            self.pending.setdefault(rec.company, []).append(_Pending(rec, values))
            return
        self._record(rec, company, values, label)

    def _record(self, rec: Psc, company: str, values: dict[str, Any], label: str) -> None:
        old = self.by_register_id.get(rec.register_id) if rec.register_id else None
        if old is None:  # the same control from another register (BODS and the PSC snapshot), or typed by hand
            who = values.get("person") or values.get("controller")
            old = next((c for c in self.controls if (c.person or c.controller) == who and c.company == company
                        and c.start == rec.notified), None)
        if old is not None:
            self.seen_controls.add(old.id or "")
            done = []
            if rec.ceased and old.end is None and (old.start is None or old.start <= rec.ceased):
                self.changes.change("controls", old, "end", rec.ceased)
                done.append(f"ceased {rec.ceased.isoformat()}")
            self.report.add("matched_by_code" if done else "unchanged", "control", label, id=old.id,
                            how=values["matched_by"], where=rec.where, changes=done)
            return
        try:
            ctl = Control(company=company, **values)
        except ValueError as exc:
            self.report.warnings.append(f"{rec.where}: left out, the record is not valid ({exc})")
            return
        self.changes.add("controls", ctl)
        self.controls.append(ctl)
        if ctl.register_id:
            self.by_register_id[ctl.register_id] = ctl
        self.report.add("added", "control", label, id=values.get("person") or values.get("controller"),
                        how=values["matched_by"], where=rec.where)

    # -- pass 3: companies a matched person controls that the dataset lacks

    def fetch_pending(self, path: Path) -> None:
        if not self.pending:
            self._report_others()
            return
        found: dict[str, Any] = {}
        for c in stream_companies(path, progress=self.progress):
            if c.number in self.pending and c.number not in found:
                found[c.number] = c
        for number in sorted(self.pending):
            c = found.get(number)
            if c is None:
                for pend in self.pending[number]:
                    self.report.add("left_out", "control", f"{pend.psc.display_name or pend.psc.name} controls "
                                    f"company {number}", how="the company is not in the company file "
                                    "(dissolved?), so it cannot be named", where=pend.psc.where)
                continue
            oid = self.number_to_org.get(number)
            if oid is None:
                name = readable_name(c.name)
                org = Organisation(id=self.changes.new_org_id(name), name=name, kind=OrgKind.company.value,
                                   company_number=number, start=c.incorporated, end=c.dissolved)
                self.changes.add("organisations", org)
                self.number_to_org[number] = oid = org.id
                self.report.add("added", "organisation", name, id=org.id,
                                how="a company a person of the dataset controls (PSC register)",
                                where=f"{path.name}:{c.row}")
            for pend in self.pending[number]:
                label = f"{pend.psc.display_name or pend.psc.name} controls {self.changes.orgs[oid].name}"
                self._record(pend.psc, oid, pend.control, label)
        self._report_others()

    def _report_others(self) -> None:
        n = sum(self.other_companies.values())
        if n:
            self.report.warnings.append(f"{n:,} PSC record(s) of companies outside the dataset had a dataset "
                                        "surname but not a dataset person's name (or another month of birth); "
                                        "left out")

    def not_listed(self) -> None:
        """Controls of companies read this time that the sources no longer list: kept, and said."""
        read = set(self.number_to_org.values())
        for c in self.controls:
            if c.src and c.company in read and (c.id or "") not in self.seen_controls and c.end is None:
                self.report.warnings.append(f"control {c.id} ({c.src}) is no longer listed by the register; "
                                            "kept as it is (give it an end date if it has ended)")


def controls_of(ds: Dataset) -> Iterable[Control]:
    """The dataset's controls (for callers that want them typed)."""
    return [c for c in ds.table("controls") if isinstance(c, Control)]


__all__ = ["CONTROL_COLUMNS", "COMPANY_KINDS", "ch_page", "plan_companies", "controls_of"]
