"""Import a register of interests as an ICB or trust publishes it (Excel or CSV) into a dataset.

The steps, each a function a notebook user can call on its own:

1. :func:`read_register`: the sheet's rows, its header (found below title rows,
   joined when it spans two rows) and the field of each column
   (:mod:`coigraph.load.register_columns`).
2. :func:`parse_entries`: one :class:`RegisterEntry` per register row that is an
   entry (section titles and notes are listed as skipped rows): types,
   direct/indirect, nil returns, dates (UK style), the associate's relationship
   (:mod:`coigraph.load.register_text`).
3. :func:`plan_import`: who each entry is (person matching) and what it
   concerns (organisation matching), each with a confidence; entries that are
   not clear go to a review file rather than being guessed; then the
   comparison with the interests already in the dataset (appeared, ended,
   changed, no longer listed).  Pure: nothing is written.
4. :func:`write_import`: the dataset files, atomically, after checking the
   result loads as a valid dataset.

:func:`import_register` does all four.  Every register row ends up somewhere
the change summary names: an interest, a nil return, a review row, or a
skipped row; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, Severity, UsageError
from coigraph.load.dataset import Dataset, load_dataset, table_files
from coigraph.load.readers import ReadResult, decode_text, iter_xlsx_rows, read_table
from coigraph.load.register_columns import (
    FIELDS,
    MULTI,
    Header,
    RegisterMapping,
    detect_header,
    header_key,
)
from coigraph.load.register_text import (
    FINANCIAL,
    PERSONAL,
    PROFESSIONAL,
    cell_text,
    find_register_date,
    find_relationship,
    fold,
    infer_types,
    is_nil,
    looks_like_organisation,
    organisation_phrase,
    read_date,
    read_name,
    read_types,
    relationship_kind,
    split_period,
    ticked,
)
from coigraph.model import Interest, NilReturn, Person
from coigraph.names import normalise
from coigraph.output import safe_cell, write_atomic

#: Matches at or above this confidence are used; below it the entry goes to review.
ACCEPT = 0.8

_TYPE_ORDER = (FINANCIAL, PROFESSIONAL, PERSONAL)


# =========================================================================== 1. reading


@dataclass
class RegisterTable:
    """A register's rows under its header, with the field each column holds."""

    file: str
    header: Header
    fields: list[str | None]
    rows: list[tuple[int, list[Any]]]
    warnings: list[Problem] = field(default_factory=list)
    register_date: dt.date | None = None

    def column_map(self) -> dict[str, str]:
        """Header text -> field, for every recognised column (what ``--save-mapping`` saves)."""
        out: dict[str, str] = {}
        for name, f in zip(self.header.names, self.fields, strict=False):
            if name and f:
                out[name] = f
        return out

    def unmapped(self) -> list[str]:
        """Headers of columns no field was found for (their cells are kept as evidence only)."""
        return [n for n, f in zip(self.header.names, self.fields, strict=False) if n and f is None]


def _sheet_rows(path: Path) -> tuple[list[tuple[int, list[Any]]], list[Problem]]:
    """Every row of the first worksheet (or CSV) as (row number, cells); problems if unreadable."""
    res = ReadResult(path.name)
    suffix = path.suffix.lower()
    rows: list[tuple[int, list[Any]]] = []
    if not path.exists():
        raise UsageError(f"no such register file: {path}")
    if suffix == ".xlsx":
        it = iter_xlsx_rows(path, res)
        if it is not None:
            rows = [(n, cells) for n, cells in it]
    elif suffix in (".csv", ".txt"):
        text = decode_text(path.read_bytes(), res)
        if text is not None and text.strip():
            try:
                delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
            except csv.Error:
                delimiter = ","
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            try:
                for cells in reader:
                    rows.append((reader.line_num, list(cells)))
            except csv.Error as exc:
                res.error(f"this line cannot be read as CSV: {exc}", row=reader.line_num,
                          hint="look for an unclosed quote")
    elif suffix == ".xls":
        res.error("this is an old Excel .xls file", hint="open it in Excel and save it as .xlsx")
    else:
        res.error(f"unsupported file type '{suffix}'", hint="give the register as .xlsx or .csv")
    errors = [p for p in res.problems if p.severity == Severity.error]
    if errors:
        raise DataError(res.problems, summary=f"cannot read the register {path.name}")
    # CSV line numbers are of the line a row ends on; registers rarely have line breaks in cells,
    # but when they do the number still points at the right place in the file.
    return rows, [p for p in res.problems if p.severity == Severity.warning]


def _column_index(name: str, header: Header) -> int | None:
    key = header_key(name)
    for i, h in enumerate(header.names):
        if h and header_key(h) == key:
            return i
    if re.fullmatch(r"[A-Za-z]{1,2}", name.strip()):  # a column letter: A, B, ... AA
        n = 0
        for ch in name.strip().upper():
            n = n * 26 + (ord(ch) - 64)
        if n - 1 < len(header.names):
            return n - 1
    return None


def read_register(path: str | Path, mapping: RegisterMapping | None = None,
                  overrides: dict[str, str] | None = None) -> RegisterTable:
    """Read a register file and find its header and the field of each column.

    ``overrides`` are ``--map`` options (header or column letter -> field) and
    win over the mapping file, which wins over the usual names.  Raises
    :class:`UsageError` when no header can be found or the name column is
    missing, with the headers seen and how to map them.
    """
    path = Path(path)
    mapping = mapping or RegisterMapping()
    rows, warnings = _sheet_rows(path)
    rows = [(n, cells) for n, cells in rows if any(cell_text(c) for c in cells)]
    if not rows:
        raise UsageError(f"the register {path.name} is empty")
    # --map names count as known headers when looking for the header row
    finding = RegisterMapping(columns={**mapping.columns, **(overrides or {})}, header_row=mapping.header_row)
    header = detect_header(rows, finding)
    if header is None:
        where = f"row {mapping.header_row}" if mapping.header_row else "the first 40 rows"
        raise UsageError(
            f"no header row found in {path.name} ({where}): no row names a person column and "
            "at least one other known column. Name the columns with --map 'Header=field' "
            "(fields: " + ", ".join(FIELDS) + ") or give header_row: N in a mapping file"
        )
    fields = list(header.fields)
    for col, fld in (overrides or {}).items():
        i = _column_index(col, header)
        if i is None:
            raise UsageError(f"--map: no column '{col}' in {path.name}; its columns are: "
                             + ", ".join(f"'{n}'" for n in header.names if n))
        fields[i] = fld
    # one column per field (except description/notes), explicit choices first
    explicit = {i for i, n in enumerate(header.names)
                if n and (mapping.column_for(n) or any(_column_index(c, header) == i for c in (overrides or {})))}
    seen: dict[str, int] = {}
    for i in sorted(range(len(fields)), key=lambda i: (i not in explicit, i)):
        f = fields[i]
        if f is None or f in MULTI:
            continue
        if f in seen:
            warnings.append(Problem(path.name, header.row, header.names[i],
                                    f"column '{header.names[i]}' also looks like '{f}' "
                                    f"(already column '{header.names[seen[f]]}'); it was left out",
                                    hint=f"use --map '{header.names[i]}=FIELD' to use it",
                                    severity=Severity.warning))
            fields[i] = None
        else:
            seen[f] = i
    if not ({"name", "surname"} & set(fields)):
        raise UsageError(
            f"{path.name}: no column holds the person's name (header row {header.row}: "
            + ", ".join(f"'{n}'" for n in header.names if n)
            + "); add --map 'Header=name'"
        )
    if not ({"description", "organisation", "nature", "type", "financial", "nil"} & set(fields)):
        raise UsageError(
            f"{path.name}: no column describes the interest (header row {header.row}); "
            "add --map 'Header=description'"
        )
    data_rows = [(n, cells) for n, cells in rows if n > header.row]
    for i, n in enumerate(header.names):
        if n and fields[i] is None:
            warnings.append(Problem(path.name, header.row, n, "column not recognised; kept as evidence only",
                                    hint=f"to use it, add --map '{n}=FIELD'", severity=Severity.warning))
    return RegisterTable(path.name, header, fields, data_rows, warnings,
                         find_register_date(header.title_lines))


# =========================================================================== 2. entries


@dataclass
class RegisterEntry:
    """One entry of a register, read and normalised but not yet matched to the dataset."""

    row: int
    key: str  # stable key of the row: "r12-3fa9c2d1" (row number + hash of its cells)
    raw: dict[str, str]  # header -> cell text, as the register has it (the evidence)
    name: str = ""
    role: str = ""
    description: str = ""
    organisation: str = ""
    types: list[str] = field(default_factory=list)
    types_inferred: bool = False
    indirect: bool = False
    relationship: str | None = None
    associate: str = ""
    nil: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    declared: dt.date | None = None
    mitigation: str = ""
    ref: str = ""
    continues: int | None = None  # row of the entry this sub-item continues
    type_text: str = ""
    start_text: str = ""
    end_text: str = ""
    issues: list[str] = field(default_factory=list)  # why it needs a person's check
    notes: list[str] = field(default_factory=list)  # what was inferred (for the report)


@dataclass(frozen=True)
class SkippedRow:
    """A row under the header that is not an entry (a section title, a note), with its text."""

    row: int
    text: str
    reason: str


_NOTE_ROW = re.compile(r"^(notes?|key|please note|source|\*|n\.?b\.?|footnote|updated|last updated|"
                       r"published|this register|the register|declarations?)\b", re.I)
_CONTINUES = {"sub item", "subitem", "sub", "continued", "cont", "contd", "continuation", "child"}


def _row_key(row: int, texts: list[str]) -> str:
    digest = hashlib.sha1("\x1f".join(texts).encode("utf-8")).hexdigest()[:8]
    return f"r{row}-{digest}"


def parse_entries(table: RegisterTable, mapping: RegisterMapping | None = None
                  ) -> tuple[list[RegisterEntry], list[SkippedRow]]:
    """Turn the register's rows into entries; rows that are not entries are returned as skipped.

    A row with one filled cell is a section title or a note ("Executive
    Directors", "Notes: ..."); a row without a name continues the person of the
    row above (registers often merge the name cell down).
    """
    mapping = mapping or RegisterMapping()
    extra = mapping.type_words()
    entries: list[RegisterEntry] = []
    skipped: list[SkippedRow] = []
    names = table.header.names
    explicit_indirect = bool({"indirect", "direct_indirect"} & set(table.fields))
    last_person: RegisterEntry | None = None
    last_item: RegisterEntry | None = None
    for row_no, cells in table.rows:
        texts = [cell_text(c) for c in cells]
        filled = [(i, t) for i, t in enumerate(texts) if t]
        if not filled:
            continue
        by_field: dict[str, list[tuple[int, Any, str]]] = defaultdict(list)
        for i, t in filled:
            f = table.fields[i] if i < len(table.fields) else None
            if f and f != "ignore":
                by_field[f].append((i, cells[i], t))
        raw = {}
        for i, t in filled:
            label = names[i] if i < len(names) and names[i] else _letter(i)
            raw[label] = t
        used = [f for f in by_field if f not in ("notes", "ref", "level")]
        first_text = filled[0][1]
        # one cell filled: a section title or a note, unless it is a description under the person
        # above (whose name cell was merged down over this row)
        continues_above = (len(filled) == 1 and last_person is not None and not _NOTE_ROW.match(first_text)
                           and set(by_field) <= {"description", "organisation"} and bool(by_field))
        if (len(filled) == 1 and not continues_above) or not used:
            skipped.append(SkippedRow(row_no, first_text[:200], "a title or note, not an entry"
                                      if len(filled) == 1 else "no recognised column is filled"))
            continue
        if _NOTE_ROW.match(first_text) and not by_field.get("description") and len(used) <= 1:
            skipped.append(SkippedRow(row_no, first_text[:200], "a note, not an entry"))
            continue

        def get(f: str, joiner: str = "; ", _bf: dict = by_field) -> str:
            return joiner.join(t for _, _, t in _bf.get(f, []))

        e = RegisterEntry(row=row_no, key=_row_key(row_no, texts), raw=raw)
        level = normalise(get("level")).replace("-", " ")
        if level in _CONTINUES and last_item is not None:
            e.continues = last_item.row
        name = get("name")
        if not name and (get("surname") or get("first_name")):
            name = " ".join(x for x in (get("title"), get("first_name"), get("surname")) if x)
        elif name and get("title"):
            name = f"{get('title')} {name}"
        if not name and last_person is not None:
            name = last_person.name
            e.role = last_person.role
            e.notes.append(f"name taken from row {last_person.row} above")
        e.name = name
        e.role = get("role") or e.role
        e.ref = get("ref")
        e.mitigation = get("mitigation")
        e.organisation = get("organisation")
        e.associate = get("associate")
        descriptions = [t for _, _, t in by_field.get("description", [])]
        # types: a type column, a 'nature' column, tick boxes, a direct/indirect column
        types: set[str] = set()
        indirect: bool | None = None
        nil = False
        type_text = get("type")
        e.type_text = type_text
        t_types, t_ind, t_nil = read_types(type_text, extra)
        types |= t_types
        indirect = t_ind
        nil = nil or t_nil
        if type_text and not (t_types or t_ind is not None or t_nil):
            e.notes.append(f"type '{type_text[:60]}' not understood")
        nature = get("nature")
        if nature:
            n_types, n_ind, n_nil = read_types(nature, extra)
            if n_types or n_ind is not None or n_nil:
                types |= n_types
                indirect = n_ind if n_ind is not None else indirect
                nil = nil or n_nil
            else:
                descriptions.insert(0, nature)
        for f in ("financial", "non_financial_professional", "non_financial_personal", "indirect"):
            for _, cell, t in by_field.get(f, []):
                tick = ticked(cell)
                if tick is None:  # the description written under its type's column
                    tick = True
                    if not is_nil(t):
                        descriptions.append(t)
                if tick:
                    if f == "indirect":
                        indirect = True
                    else:
                        types.add(f)
        di = normalise(get("direct_indirect"))
        if di.startswith("indirect") or di in ("i", "ind"):
            indirect = True
        elif di.startswith("direct") or di in ("d",):
            indirect = False if indirect is None else indirect
        if any(ticked(c) for _, c, _ in by_field.get("nil", [])):
            nil = True
        description = "; ".join(d for d in descriptions if d)
        if description and is_nil(description):
            nil, description = True, ""
        e.description = description
        # the associate, for an indirect interest
        rel_text = get("relationship")
        if rel_text:
            e.relationship = _relationship_words(rel_text)
        elif description:
            e.relationship = find_relationship(description)
        if indirect is None and explicit_indirect:
            indirect = False  # the register has an indirect column, and this row does not say so
        if e.relationship and indirect is None:
            indirect = True
            e.notes.append(f"indirect: the description names the {e.relationship}")
        elif e.relationship and indirect is False:
            e.issues.append(f"{'the relationship column says' if rel_text else 'the description names'} "
                            f"'{e.relationship}' but the entry is not marked indirect")
        e.indirect = bool(indirect)
        if e.associate and not e.indirect:
            e.indirect = True
        # nil returns
        if nil and (description or e.organisation or types):
            e.issues.append("marked as a nil return but also describes an interest")
            nil = False
        e.nil = nil
        if not nil:
            if not types and description:
                inferred = infer_types(description)
                if inferred:
                    types = inferred
                    e.types_inferred = True
                    e.notes.append(f"type inferred from the description: {', '.join(sorted(inferred))}")
            e.types = [t for t in _TYPE_ORDER if t in types]
        # dates
        start_text, end_text = get("start", " "), get("end", " ")
        if get("dates") and not (start_text or end_text):
            start_text, end_text = split_period(get("dates", " "))
        e.start_text, e.end_text = start_text, end_text
        e.start, problem = read_date(start_text)
        if problem:
            e.issues.append(f"from-date {problem}")
        e.end, problem = read_date(end_text, end=True)
        if problem:
            e.issues.append(f"to-date {problem}")
        if e.start and e.end and e.end < e.start:
            e.issues.append(f"ends ({e.end.isoformat()}) before it starts ({e.start.isoformat()}); "
                            "are the dates swapped?")
        declared_cells = by_field.get("declared", [])
        if declared_cells:
            e.declared, problem = read_date(declared_cells[0][1])
            if problem:
                e.notes.append(f"date declared {problem}; left blank")
        if not e.name:
            e.issues.append("no name on this row or above it")
        entries.append(e)
        if e.continues is None:
            last_item = e
        last_person = e
    return entries, skipped


def _relationship_words(text: str) -> str:
    """A relationship column's text as written ('Wife', 'brother-in-law'), at most 100 characters."""
    return " ".join(text.split())[:100]


def _letter(i: int) -> str:
    s = ""
    n = i + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# =========================================================================== 3. planning


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


@dataclass
class ImportPlan:
    """A planned import: the report, and the dataset files to write (path -> text)."""

    report: ImportReport
    files: dict[Path, str]


# fields an entry sets on an interest, compared to find what changed
_COMPARED = ("types", "indirect", "associate", "relationship", "description", "start", "end",
             "declared", "mitigation")
# column order of an interests file coigraph creates
_INTEREST_COLUMNS = ("id", "person", "organisation", "subject", "types", "indirect", "associate",
                     "relationship", "description", "start", "end", "declared", "mitigation", "source")


class _Planner:
    """The state of one import while it is planned (kept out of the public functions)."""

    def __init__(self, ds: Dataset, data: Path, table: RegisterTable, mapping: RegisterMapping,
                 reviews: dict[str, Any], as_of: dt.date | None, new_people: str, review_label: str):
        from coigraph.load.register_match import OrgResolver, PeopleIndex

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
        from coigraph.load.register_match import person_id_for

        pid = person_id_for(e.name, self.person_ids)
        p = Person(id=pid, name=pn.display, title=pn.title)
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
        from coigraph.errors import did_you_mean
        from coigraph.load.register_text import read_types as _rt

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
                    got, _, _ = _rt(part)
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
                "types": [t for t in _TYPE_ORDER if t in types], "indirect": indirect,
                "associate": (self.associate_for(pid, e) if indirect else None),
                "relationship": relationship if indirect else None,
                "description": e.description or None, "start": dates["start"], "end": dates["end"],
                "declared": e.declared, "mitigation": e.mitigation or None,
                "source": f"{self.table.file}:{e.row}",
            }
        if len(self.problems) == before:
            out.outcome = "nil_return" if e.nil else "interest"
        return out, values


def _review_row(e: RegisterEntry, out: EntryOutcome, values: dict[str, Any] | None) -> Any:
    from coigraph.load.register_review import ReviewRow

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
    from coigraph.load.register_review import read_review, review_path

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
    planner = _Planner(ds, data, table, mapping, reviews, as_of, new_people, review_file.name)
    outcomes: list[EntryOutcome] = []
    values_by_row: dict[int, dict[str, Any] | None] = {}
    review_rows = []
    by_row = {e.row: e for e in entries}
    out_by_row: dict[int, EntryOutcome] = {}
    used_reviews: set[str] = set()
    for e in entries:
        parent = out_by_row.get(e.continues) if e.continues else None
        parent_entry = by_row.get(e.continues) if e.continues else None
        auto, values = planner.resolve(e, parent, parent_entry)
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
                out, values = planner.apply_review(e, r, auto, values)
                review_rows.append(r)
            elif auto.outcome == "review":
                review_rows.append(r)  # keep what the reviewer has written so far
        elif auto.outcome == "review":
            review_rows.append(_review_row(e, auto, values))
        out.register_row = dict(e.raw)
        outcomes.append(out)
        out_by_row[e.row] = out
        values_by_row[e.row] = values
    if planner.problems:
        raise DataError(planner.problems, summary=f"the review file {review_file.name} has problems")
    stale = sorted(k for k in reviews if k not in used_reviews)
    report, files = _compare_and_files(planner, outcomes, values_by_row, entries, skipped)
    report.review_stale = [f"review row for register row {reviews[k].row or '?'} ({reviews[k].name}) no longer "
                           "matches the register; it was dropped" for k in stale]
    report.learned = {k: v for k, v in planner.learned.items() if v}
    pending = sum(1 for r in review_rows if r.verdict is None)
    report.review_pending = pending
    if review_rows or own_review.exists():
        from coigraph.load.register_review import render_review

        review_rows.sort(key=lambda r: int(r.row) if r.row.isdigit() else 0)
        files[own_review] = render_review(review_rows)
        report.review_file = str(own_review)
    report.warnings += report.review_stale
    if any(p.parent == data for p in files):  # the import changes the dataset: keep a record of how
        files[data / "review" / f"{path.stem}-changes.json"] = _changes_json(report)
    return ImportPlan(report, files)


def _changes_json(report: ImportReport) -> str:
    import json

    d = report.as_dict()
    d.pop("written", None)
    d.pop("dry_run", None)
    d["dataset"] = Path(report.dataset).name  # no machine-specific path inside the dataset
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"


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


def _compare_and_files(planner: _Planner, outcomes: list[EntryOutcome],
                       values_by_row: dict[int, dict[str, Any] | None],
                       entries: list[RegisterEntry], skipped: list[SkippedRow]
                       ) -> tuple[ImportReport, dict[Path, str]]:
    """Pair the register's interests with the dataset's, and make the files that record the result."""
    from rapidfuzz import fuzz

    ds, table = planner.ds, planner.table
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
            o.interest = old.id
            kind = "unchanged"
            if changed:
                kind = "ended" if ("end" in changed and merged["end"] is not None) else "changed"
            if (changed or old.source != v["source"]):
                file = (old.src or "").rsplit(":", 1)[0]
                if not file.lower().endswith(".csv"):
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
        iid = e.ref if (e.ref and id_pattern.match(e.ref) and re.search(r"[A-Za-z]", e.ref)
                        and e.ref not in used_ids) else _interest_id(v, used_ids)
        used_ids.add(iid)
        v.pop("nil", None)
        rec = Interest(id=iid, **{k: x for k, x in v.items() if x is not None and x != []})
        created.append(rec)
        o.interest = iid
        changes.append(InterestChange(iid, rec.person, concerns, "appeared", o.row, [], rec.end))
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
    new_people = [{"id": p.id, "name": p.name, "title": p.title, "row": planner.added_rows[p.id]}
                  for p in planner.added.values()
                  if any(o.person == p.id and o.outcome in ("interest", "nil_return") for o in outcomes)]
    keep_people = {p["id"] for p in new_people}
    files = _files(planner, updated, created, [p for p in planner.added.values() if p.id in keep_people],
                   new_nils)
    warnings = [str(w) for w in table.warnings]
    report = ImportReport(
        register=table.file, dataset=str(planner.data), header_row=table.header.row,
        register_date=planner.date, columns=table.column_map(), unmapped=table.unmapped(),
        rows_read=len(table.rows), entries=outcomes, skipped=skipped, interests=changes,
        new_people=new_people, nil_returns=nils, review_file=None, review_pending=0, review_stale=[],
        warnings=warnings,
    )
    return report, files


def _interest_id(v: dict[str, Any], used: set[str]) -> str:
    from coigraph.load.register_match import slug

    parts = [v["person"], v.get("organisation") or slug(v.get("subject") or "interest", 40)]
    if v.get("indirect"):
        parts.append(slug(v.get("relationship") or "indirect", 20))
    base = "-".join(p for p in parts if p)[:150].strip("-") or "interest"
    iid, n = base, 1
    while iid in used:
        n += 1
        iid = f"{base}-{n}"
    return iid


# =========================================================================== 4. writing


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(getattr(v, "value", v)) for v in value)
    return str(safe_cell(str(getattr(value, "value", value))))


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue()


def _table_files(planner: _Planner, table: str, updated: dict[str, Any], new: list[Any],
                 columns: tuple[str, ...]) -> dict[Path, str]:
    """New text of a table's CSV files: rows kept as written, changed cells replaced, new rows added.

    Rows nobody changed keep their original text (dates stay as the officer wrote
    them); a new file gets ``columns`` as its header.  New rows go to
    ``<table>.csv`` when it is the table's file or there is none, else to
    ``<table>-registers.csv`` beside the table's YAML or Excel file.  Only
    files that change are returned.
    """
    files, _ = table_files(planner.data)
    paths = files.get(table, [])
    target = planner.data / f"{table}.csv"
    if paths and target not in paths:
        target = planner.data / f"{table}-registers.csv"
    touched = {src.rsplit(":", 1)[0] for src in updated}
    out: dict[Path, str] = {}
    for p in sorted({p for p in paths if p.suffix.lower() == ".csv"} | {target}):
        adds = new if p == target else []
        if p.name not in touched and not adds:
            continue
        header: list[str] = []
        rows: list[dict[str, str]] = []
        if p.exists():
            res = read_table(p)
            header = [h for h in _csv_header(p)]
            for row_no, raw in res.rows:
                r = {k: ("" if v is None else str(v)) for k, v in raw.items()}
                change = updated.get(f"{p.name}:{row_no}")
                if change is not None:
                    rec, changed = change
                    for f in changed:
                        r[f] = _fmt(getattr(rec, f, None))
                rows.append(r)
        rows += [{f: _fmt(getattr(rec, f, None)) for f in columns} for rec in adds]
        if not header:
            header = list(columns)
        for r in rows:
            header += [k for k, v in r.items() if v and k not in header]
        out[p] = _csv_text(header, rows)
    return out


def _csv_header(path: Path) -> list[str]:
    """The header of a CSV table file, as the loader names its columns."""
    text = decode_text(path.read_bytes(), ReadResult(path.name)) or ""
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return [h.strip().lower().replace(" ", "_") for h in first if h.strip()]


def _files(planner: _Planner, updated: dict[str, tuple[Interest, list[str]]], created: list[Interest],
           people: list[Person], nils: list[NilReturn]) -> dict[Path, str]:
    files: dict[Path, str] = {}
    files.update(_table_files(planner, "interests", updated, created, _INTEREST_COLUMNS))
    files.update(_table_files(planner, "people", {}, people, ("id", "name", "title", "aliases")))
    files.update(_table_files(planner, "nil_returns", {}, nils, ("person", "date")))
    return files


def write_import(plan: ImportPlan, data: str | Path) -> list[str]:
    """Write a planned import: first into a copy of the dataset that must load cleanly, then for real.

    Each file is written atomically; if the copy does not load (a bug, or a
    clash with the dataset), nothing is written and :class:`DataError` lists why.
    Returns the paths written.
    """
    data = Path(data)
    with tempfile.TemporaryDirectory(prefix="coigraph-import-") as tmp:
        copy = Path(tmp) / data.name
        shutil.copytree(data, copy, ignore=shutil.ignore_patterns("review", ".*"))
        for p, text in plan.files.items():
            rel = p.relative_to(data)
            if rel.parts[0] == "review":
                continue
            write_atomic(copy / rel, text)
        try:
            load_dataset(copy)
        except DataError as exc:
            raise DataError(exc.problems, summary="the import would leave the dataset invalid, "
                            "so nothing was written") from exc
    written = []
    for p, text in sorted(plan.files.items()):
        write_atomic(p, text)
        written.append(str(p))
    return written


def import_register(path: str | Path, data: str | Path, *, mapping: RegisterMapping | None = None,
                    overrides: dict[str, str] | None = None, review: str | Path | None = None,
                    as_of: dt.date | None = None, new_people: str = "add",
                    dry_run: bool = False) -> ImportReport:
    """Import a published register into a dataset folder and return the change summary.

    See :func:`plan_import` for the options.  With ``dry_run`` nothing is
    written (not even the review file).
    """
    plan = plan_import(path, data, mapping=mapping, overrides=overrides, review=review,
                       as_of=as_of, new_people=new_people)
    plan.report.dry_run = dry_run
    if not dry_run:
        plan.report.written = write_import(plan, data)
    return plan.report


# =========================================================================== 5. reporting


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
    from coigraph.output import render_table

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

