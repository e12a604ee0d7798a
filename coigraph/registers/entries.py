"""A register's rows as entries: one :class:`RegisterEntry` per row that declares something.

Rows that are not entries (section titles such as "Executive Directors",
notes) are returned as :class:`SkippedRow` with the reason, so every row
under the header is accounted for.  Each entry is read, not matched: types,
direct or indirect, nil return, dates (UK style), the associate's
relationship, with what was inferred noted for a person to check
(:mod:`coigraph.registers.text`).  Who and what it is about is decided later
(:mod:`coigraph.registers.resolve`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from coigraph.names import normalise
from coigraph.registers.columns import RegisterMapping
from coigraph.registers.read import RegisterTable
from coigraph.registers.text import (
    TYPE_ORDER,
    cell_text,
    find_relationship,
    fold,
    infer_types,
    is_nil,
    only_type_words,
    read_date,
    read_types,
    split_period,
    ticked,
)


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
        elif type_text and not t_nil and not _types_only(type_text, extra):
            descriptions.insert(0, type_text)  # "Financial - Director of Acme Ltd": kept whole too
        nature = get("nature")
        if nature:
            n_types, n_ind, n_nil = read_types(nature, extra)
            if (n_types or n_ind is not None or n_nil) and (n_nil or _types_only(nature, extra)):
                types |= n_types
                indirect = n_ind if n_ind is not None else indirect
                nil = nil or n_nil
            else:  # a role or a description ("Professional Lead, ..."), kept whole, never taken for a type
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
        di_text = get("direct_indirect")
        di = normalise(fold(di_text)).replace("-", " ")
        said = re.match(r"^(indirect|direct|ind|i|d)\b", di)  # whole words: "Director of..." is not "direct"
        if said and said.group(1) in ("indirect", "ind", "i"):
            indirect = True
        elif said:
            indirect = False if indirect is None else indirect
        if di_text and not is_nil(di_text) and not (said and only_type_words(di_text)):
            descriptions.append(di_text)  # a description in a direct/indirect column: kept whole
        if any(ticked(c) for _, c, _ in by_field.get("nil", [])):
            nil = True
        description = "; ".join(d for d in descriptions if d)
        if description and is_nil(description):
            nil, description = True, ""
        if not nil and _nil_row(by_field, filled, table.fields):
            nil, description, types = True, "", set()  # "Nil" / "None" in whichever column it was typed
            e.organisation = e.associate = ""
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
            e.types = [t for t in TYPE_ORDER if t in types]
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


#: Columns that say who and when, not what: a nil return may still fill them.
_WHO_WHEN = {"name", "first_name", "surname", "title", "role", "ref", "level", "declared", "start", "end",
             "dates", "notes"}


def _nil_row(by_field: dict[str, list[tuple[int, Any, str]]], filled: list[tuple[int, str]],
             fields: list[str | None]) -> bool:
    """Is the row a nil return written in any column: every cell that is not a name, role or date says
    nothing ('N/A', '-', unticked) and at least one says "Nil", "None" or "No interests to declare"?"""
    what = [t for i, t in filled if i >= len(fields) or fields[i] not in _WHO_WHEN]
    return bool(what) and any(is_nil(t) for t in what) and all(is_nil(t) or ticked(t) is False for t in what)


def _types_only(text: str, extra: dict[str, list[str]] | None) -> bool:
    """A type cell that holds only types (or a word of the register's own mapped to one)."""
    return only_type_words(text) or bool(extra and normalise(fold(text)).replace("-", " ") in extra)


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
