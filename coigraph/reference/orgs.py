"""What importing ODS extracts would change in a dataset, worked out without writing anything.

Each organisation an extract gives is matched to the dataset's organisations:

1. **by code**: an organisation with the same ``ods_code`` is the same one;
2. **by name**, with the register importer's matching
   (:class:`coigraph.registers.match.OrgResolver`): a match at or above
   :data:`~coigraph.registers.match.ACCEPT`, of a compatible kind, on an
   organisation that has no other ODS code, gets the code;
3. anything less certain (a weaker name match, another kind, an
   organisation that already has a different code, two extract rows for one
   organisation) goes to the **review** file
   (:mod:`coigraph.registers.review`, ``DATA/review/<extract>-review.csv``)
   with its evidence; the reviewer writes ``accept`` and an organisation id
   (or ``new``), or ``skip``;
4. no candidate at all: the organisation is **added**, with a readable name.

Matched organisations get what the extract knows and the dataset does not:
the ODS code, the open date, and the close date of a closed organisation
(never a deletion).  A close date that differs from the dataset's end is
reported, not overwritten.  Parent links become ``org_relations``:
practice -> PCN (``member_of``, dated), PCN and practice -> sub-ICB location,
sub-ICB location and trust -> ICB (``in_area_of``: ODS links codes to areas
"geographically", which is not membership, so no interest path follows it).
Sites become aliases of their organisation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, UsageError, did_you_mean
from coigraph.load.dataset import Dataset, load_dataset
from coigraph.load.writer import rewritable, table_texts
from coigraph.model import TRUST_KINDS, Organisation, OrgKind, OrgRelation
from coigraph.reference.ods import OdsRecord, read_ods
from coigraph.reference.report import ReferenceReport, keep_decisions
from coigraph.registers.match import ACCEPT, OrgResolver, slug
from coigraph.registers.review import (
    ReviewRow,
    read_review,
    render_review,
    review_path,
)

#: Columns of an organisations file the import creates (and adds to an existing one).
ORG_COLUMNS = ("id", "name", "kind", "aliases", "ods_code", "company_number", "start", "end")
#: Columns of an org_relations file the import creates.
RELATION_COLUMNS = ("id", "source", "kind", "target", "start", "end", "description")
#: Files a reference import adds beside a table kept in YAML or Excel: ``<table>-reference.csv``.
BESIDE = "reference"

#: Kinds that may be the same organisation under another label.
_COMPANY_LIKE = {OrgKind.company.value, OrgKind.vcse.value, OrgKind.other.value}


@dataclass
class Plan:
    """A planned import: the summary, and the files to write (path -> text)."""

    report: ReferenceReport
    files: dict[Path, str] = field(default_factory=dict)


def compatible(ods_kind: str, kind: str) -> bool:
    """Can an organisation of ``kind`` in the dataset be the one ODS lists as ``ods_kind``?"""
    if ods_kind == kind or kind == OrgKind.other.value:
        return True
    if ods_kind in TRUST_KINDS and kind in TRUST_KINDS:
        return True  # a trust that became a foundation trust keeps its code
    return ods_kind in _COMPANY_LIKE and kind in _COMPANY_LIKE


class Changes:
    """Records to add and fields to change in the dataset's tables, collected while planning."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.orgs = {o.id: o for o in ds.table("organisations")}
        self.added_orgs: list[Organisation] = []
        self.changed: dict[str, dict[str, tuple[Any, list[str]]]] = {}  # table -> src -> (rec, fields)
        self.added: dict[str, list[Any]] = {}

    def change(self, table: str, rec: Any, fld: str, value: Any) -> None:
        setattr(rec, fld, value)
        if rec.src is None:  # added by this import: written with its other fields
            return
        entry = self.changed.setdefault(table, {}).setdefault(rec.src, (rec, []))
        if fld not in entry[1]:
            entry[1].append(fld)

    def add(self, table: str, rec: Any) -> None:
        self.added.setdefault(table, []).append(rec)
        if table == "organisations":
            self.orgs[rec.id] = rec
            self.added_orgs.append(rec)

    def new_org_id(self, name: str) -> str:
        base = slug(name) or "organisation"
        oid, n = base, 1
        while oid in self.orgs:
            n += 1
            oid = f"{base}-{n}"
        return oid

    def files(self, data: Path, report: ReferenceReport, columns: dict[str, Sequence[str]]) -> dict[Path, str]:
        """The text of each table file that changes; changes to YAML/Excel rows go to ``report.not_written``."""
        out: dict[Path, str] = {}
        for table in sorted(set(self.changed) | set(self.added)):
            changed = self.changed.get(table, {})
            for src, (rec, fields) in sorted(changed.items()):
                if not rewritable(src.rsplit(":", 1)[0]):
                    vals = ", ".join(f"{f}: {_cell(getattr(rec, f))}" for f in fields)
                    report.not_written.append(f"{src} ({getattr(rec, 'id', None) or table}): set {vals}")
            ok = {s: c for s, c in changed.items() if rewritable(s.rsplit(":", 1)[0])}
            out.update(table_texts(data, table, columns=columns[table], changed=ok,
                                   added=self.added.get(table, []), beside=BESIDE))
        return out


def _cell(v: Any) -> str:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "; ".join(map(str, v))
    return str(v)


def _area(records: list[OdsRecord], icbs: Iterable[str], ds: Dataset) -> set[str]:
    """Codes in the area of the ICB codes given: the ICBs, what links into them, and on down."""
    area = {c.upper() for c in icbs}
    links = [(r.code, lk.code) for r in records for lk in r.links]
    code_of = {o.id: (o.ods_code or "").upper() for o in ds.table("organisations")}
    links += [(code_of.get(r.source, ""), code_of.get(r.target, "")) for r in ds.table("org_relations")]
    links += [(r.code, r.site_of) for r in records if r.site_of]
    links += [(r.code, r.area) for r in records if r.area]
    while True:
        more = {src for src, dst in links if src and dst in area and src not in area}
        if not more:
            return area
        area |= more


def plan_ods(paths: Sequence[str | Path], data: str | Path, *, layouts: dict[str, str] | None = None,
             review: str | Path | None = None, icb: Sequence[str] = (), ds: Dataset | None = None) -> Plan:
    """Work out what importing ODS extracts ``paths`` into dataset ``data`` would change; write nothing.

    ``layouts`` names the layout of a file whose name does not say it
    (path -> layout).  ``icb``: keep only what lies in these ICBs' areas (ICB
    codes, e.g. ``QWO``).  ``review``: a completed review file (default: each
    extract's own, ``DATA/review/<extract>-review.csv``, when it exists).
    """
    data = Path(data)
    if data.is_file():
        raise UsageError(f"--into {data}: give the dataset folder to update, not a file")
    ds = ds or load_dataset(data)
    report = ReferenceReport("ODS import into " + data.name)
    records: list[OdsRecord] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            got = read_ods(p, (layouts or {}).get(str(p)))
        except DataError as exc:
            problems += exc.problems
            continue
        report.sources.append(str(p))
        report.rows_read[str(p)] = len(got)
        records += got
    if problems:
        raise DataError(problems, summary="the ODS extracts have problems, so nothing was imported")
    if icb:
        area = _area(records, icb, ds)
        kept = [r for r in records if r.code in area or r.site_of in area
                or any(lk.code in area for lk in r.links if lk.kind == "member_of")]
        for r in records:
            if r not in kept and r.kind and not r.left_out:
                report.add("left_out", "organisation", r.display_name, how="outside the ICB area given (--icb)",
                           where=r.where)
        records = kept
    planner = _OdsPlanner(ds, data, report)
    reviews: dict[str, ReviewRow] = {}
    if review:
        if not Path(review).exists():
            raise UsageError(f"no such review file: {review}")
        reviews = {r.key: r for r in read_review(review)}
    for p in dict.fromkeys(Path(r.file.split(" [", 1)[0]) for r in records):
        own = review_path(data, p)
        if not review and own.exists():
            reviews.update({r.key: r for r in read_review(own)})
    planner.reviews = reviews
    for r in records:
        if r.kind and not r.left_out:
            planner.organisation(r)
        elif r.left_out:
            report.add("left_out", "organisation", r.display_name, how=r.left_out, where=r.where)
    planner.sites([r for r in records if r.site_of])
    for r in records:
        if r.links and not r.left_out:
            planner.links(r)
    plan = Plan(report)
    plan.files = planner.changes.files(data, report, {"organisations": ORG_COLUMNS,
                                                      "org_relations": RELATION_COLUMNS})
    by_file: dict[Path, list[ReviewRow]] = {}
    for path_name, row in planner.review_rows:
        by_file.setdefault(review_path(data, path_name), []).append(row)
    for f in sorted(by_file):
        plan.files[f] = render_review(sorted(by_file[f], key=lambda r: int(r.row or 0)))
        report.review_files.append(str(f))
    report.review_pending = sum(1 for rows in by_file.values() for r in rows if r.verdict is None)
    report.warnings += planner.warnings
    return plan


class _OdsPlanner:
    def __init__(self, ds: Dataset, data: Path, report: ReferenceReport):
        self.ds, self.data, self.report = ds, data, report
        self.changes = Changes(ds)
        self.by_code: dict[str, str] = {}
        for o in ds.table("organisations"):
            if o.ods_code:
                self.by_code.setdefault(o.ods_code.upper(), o.id)
        self.resolver = OrgResolver(ds.table("organisations"))
        self.claimed: dict[str, str] = {}  # org id -> ODS code given to it by this import
        self.reviews: dict[str, ReviewRow] = {}
        self.review_rows: list[tuple[Path, ReviewRow]] = []
        self.warnings: list[str] = []
        self.relations = {(r.source, r.kind.value, r.target): r for r in ds.table("org_relations")}

    # -- organisations

    def organisation(self, r: OdsRecord) -> None:
        key = f"ods:{r.code}"
        oid = self.by_code.get(r.code)
        if oid:
            self._update(r, oid, "matched_by_code", f"ODS code {r.code}")
            return
        rv = self.reviews.get(key)
        if rv is not None and rv.verdict:
            self._reviewed(r, rv)
            return
        m = self.resolver.resolve("", r.display_name)
        cand = self.changes.orgs.get(m.id) if m.id else None
        if cand is not None and m.confidence < ACCEPT and not compatible(r.kind or "", cand.kind.value):
            # "NHS Example ICB - X1A" (a sub-ICB location) is only a weak echo of its ICB's name
            cand, m.id, m.confidence = None, None, 0.0
        issue = None
        if cand is None and m.confidence > 0:
            issue = f"which organisation? {m.how}"
        elif cand is not None:
            if m.confidence < ACCEPT:
                issue = f"which organisation? {m.how} ({m.confidence:.2f})"
            elif not compatible(r.kind or "", cand.kind.value):
                issue = f"the name is like '{cand.name}', but that is a {cand.kind.value} and ODS lists a {r.kind}"
            elif cand.ods_code and cand.ods_code.upper() != r.code:
                issue = f"the name is like '{cand.name}', which already has ODS code {cand.ods_code}"
            elif cand.id in self.claimed:
                issue = f"the name is like '{cand.name}', already matched to ODS code {self.claimed[cand.id]}"
        if issue:
            self._to_review(r, key, issue, m.id, m.confidence, rv)
            return
        if cand is not None:
            self._update(r, cand.id, "matched_by_name", f"same organisation by name ({m.how})")
            return
        self._add(r, "no organisation of the dataset has this code or a name like it")

    def _reviewed(self, r: OdsRecord, rv: ReviewRow) -> None:
        self.review_rows.append((Path(r.file.split(" [", 1)[0]), rv))
        if rv.verdict == "skip":
            self.report.add("left_out", "organisation", r.display_name, how="left out by the reviewer", where=r.where)
            return
        choice = rv.organisation.strip()
        if choice.lower() in ("new", "add", "new organisation"):
            self._add(r, "added as new by the reviewer")
        elif choice in self.changes.orgs:
            self._update(r, choice, "matched_by_name", "confirmed by the reviewer")
        else:
            hint = did_you_mean(choice, set(self.changes.orgs)) or "an organisation id, or 'new'"
            raise DataError([Problem(Path(review_path(self.data, r.file)).name, rv.line, "organisation",
                                     f"no organisation '{choice}'" if choice else "give the organisation id",
                                     hint=hint)], summary="the review file has problems")

    def _to_review(self, r: OdsRecord, key: str, issue: str, suggested: str | None, conf: float,
                   kept: ReviewRow | None) -> None:
        row = keep_decisions(ReviewRow(
            key=key, row=str(r.row), issue=issue, name=r.display_name, role=r.kind or "", type=r.layout,
            description=f"ODS code {r.code}; opened {_d(r.start)}; closed {_d(r.end)}",
            suggested_organisation=suggested or "", organisation_confidence=f"{conf:.2f}",
            organisation=suggested or ""), kept)
        self.review_rows.append((Path(r.file.split(" [", 1)[0]), row))
        self.report.add("review", "organisation", r.display_name, id=suggested, how=issue, where=r.where)

    def _add(self, r: OdsRecord, how: str) -> None:
        oid = self.changes.new_org_id(r.display_name)
        org = Organisation(id=oid, name=r.display_name, kind=r.kind, ods_code=r.code, start=r.start, end=r.end)
        self.changes.add("organisations", org)
        self.by_code[r.code] = oid
        self.claimed[oid] = r.code
        self.report.add("added", "organisation", r.display_name, id=oid, how=how, where=r.where)

    def _update(self, r: OdsRecord, oid: str, outcome: str, how: str) -> None:
        org = self.changes.orgs[oid]
        self.by_code.setdefault(r.code, oid)
        self.claimed[oid] = r.code
        done: list[str] = []
        if not org.ods_code:
            self.changes.change("organisations", org, "ods_code", r.code)
            done.append(f"ODS code {r.code}")
        if r.start and org.start is None and (org.end is None or r.start <= org.end):
            self.changes.change("organisations", org, "start", r.start)
            done.append(f"opened {r.start.isoformat()}")
        if r.end:
            if org.end is None and (org.start is None or org.start <= r.end):
                self.changes.change("organisations", org, "end", r.end)
                done.append(f"closed {r.end.isoformat()}")
            elif org.end != r.end:
                self.warnings.append(f"{org.id}: ODS says it closed on {r.end.isoformat()}, the dataset says "
                                     f"{_d(org.end)}; left as it is ({r.where})")
        elif r.status == "closed" and org.end is None:
            self.warnings.append(f"{org.id}: ODS lists it as closed without a close date; give its end by hand "
                                 f"({r.where})")
        self.report.add(outcome if done or outcome != "matched_by_code" else "unchanged", "organisation",
                        r.display_name, id=oid, how=how, where=r.where, changes=done)

    # -- sites and links

    def sites(self, sites: list[OdsRecord]) -> None:
        """Sites' names as aliases of their organisation (unless the name is shared, or already known)."""
        names = Counter(s.display_name.lower() for s in sites)
        taken = {n.lower() for o in self.changes.orgs.values() for n in [o.name, *o.aliases]}
        for s in sites:
            oid = self.by_code.get(s.site_of or "")
            name = s.display_name
            if oid is None:
                self.report.add("left_out", "site", name, how=f"its organisation {s.site_of} is not in the dataset",
                                where=s.where)
            elif names[name.lower()] > 1:
                self.report.add("left_out", "site", name, how="several sites have this name", where=s.where)
            elif name.lower() in taken:
                self.report.add("unchanged", "site", name, id=oid, where=s.where)
            else:
                org = self.changes.orgs[oid]
                self.changes.change("organisations", org, "aliases", [*org.aliases, name])
                taken.add(name.lower())
                self.report.add("added", "alias", name, id=oid, how=f"site {s.code} of {org.name}", where=s.where)

    def links(self, r: OdsRecord) -> None:
        src = self.by_code.get(r.code)
        for lk in r.links:
            dst = self.by_code.get(lk.code)
            label = f"{r.code} {lk.kind} {lk.code}"
            if src is None or dst is None:
                missing = r.code if src is None else lk.code
                self.report.add("left_out", "relation", label, how=f"{missing} is not in the dataset or these "
                                "extracts", where=r.where)
                continue
            old = self.relations.get((src, lk.kind, dst))
            if old is not None:
                done = []
                if lk.end and old.end is None and (old.start is None or old.start <= lk.end):
                    self.changes.change("org_relations", old, "end", lk.end)
                    done.append(f"ended {lk.end.isoformat()}")
                self.report.add("matched_by_code" if done else "unchanged", "relation", label,
                                id=old.id, where=r.where, changes=done)
                continue
            rel = OrgRelation(source=src, kind=lk.kind, target=dst, start=lk.start, end=lk.end,
                              description=f"from ODS {r.layout}")
            self.relations[(src, lk.kind, dst)] = rel
            self.changes.add("org_relations", rel)
            self.report.add("added", "relation", label, id=f"{src} -> {dst}", where=r.where)


def _d(d: dt.date | None) -> str:
    return d.isoformat() if d else "-"


__all__ = ["ORG_COLUMNS", "RELATION_COLUMNS", "BESIDE", "Plan", "Changes", "compatible", "plan_ods"]
