"""Reading a register file: its rows, the header (wherever it is), and the field of each column.

A register is the first worksheet of an ``.xlsx`` workbook or a ``.csv``
file (delimiter sniffed, UTF-8 or Windows-1252) as the publisher left it:
title rows, a date and blank lines above a header that may span two rows.
:func:`read_register` finds the header (:func:`detect_header`), maps each
column to a field (:mod:`coigraph.registers.columns`, ``--map`` options
first) and returns the rows under it as a :class:`RegisterTable`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, Severity, UsageError
from coigraph.load.readers import (
    ReadResult,
    csv_reader,
    decode_text,
    iter_xlsx_rows,
    regular_file_problem,
    sniff_delimiter,
)
from coigraph.registers.columns import (
    INTERESTS,
    RegisterKind,
    RegisterMapping,
    guess_field,
    header_key,
)
from coigraph.registers.text import cell_text, find_register_date

#: Group headers a second header row may sit under.
_GROUPS = re.compile(r"\b(type|types|category|categories|dates?|period|interest|interests|nature)\b")


# --------------------------------------------------------------------------- header detection


@dataclass
class Header:
    """The header found in a sheet: its row(s) and each column's header text and field."""

    row: int  # sheet row of the (last) header row; data start below it
    first_row: int  # sheet row of the first header row (same as row unless two rows)
    names: list[str]  # header text of each column ("Type of Interest Financial")
    fields: list[str | None]  # field of each column, None when not recognised
    title_lines: list[str]  # text of the rows above the header


def _nonblank(cells: list[Any]) -> list[tuple[int, str]]:
    return [(i, cell_text(c)) for i, c in enumerate(cells) if cell_text(c)]


def _score(cells: list[Any], mapping: RegisterMapping, kind: RegisterKind = INTERESTS) -> tuple[int, bool]:
    fields = set()
    for _, text in _nonblank(cells):
        if len(text) > 60 or re.fullmatch(r"[\d/.\- :]+", text):
            continue  # headers are short labels, not dates or numbers
        f = mapping.column_for(text) or guess_field(text, kind)
        if f and f not in ("notes", "ignore"):
            fields.add(f)
    has_name = bool(fields & {"name", "surname", "first_name"})
    return len(fields), has_name


def _is_subheader(cells: list[Any], header: list[Any], kind: RegisterKind = INTERESTS) -> bool:
    """Is the row under a header a second header row (From | To; Financial | Indirect...)?"""
    found = _nonblank(cells)
    if not found:
        return False
    for _i, text in found:
        if len(text) > 60 or guess_field(text, kind) is None:
            if header_key(text) not in ("yes no", "y n", "direct", "tick", "tick as appropriate"):
                return False
    # at least one sub-header cell sits under a blank (merged) header cell or a group heading
    for i, _ in found:
        above = cell_text(header[i]) if i < len(header) else ""
        if not above or _GROUPS.search(header_key(above)):
            return True
    return False


def detect_header(rows: list[tuple[int, list[Any]]], mapping: RegisterMapping,
                  *, search: int = 40, kind: RegisterKind = INTERESTS) -> Header | None:
    """Find the header among the first ``search`` rows; join a second header row if there is one.

    The header is the first row naming at least three known fields, one of
    them the person's name (failing that, the best row naming two).  Cost:
    O(search x columns).
    """
    candidates = rows[:search]
    chosen: int | None = None
    if mapping.header_row:
        chosen = next((i for i, (n, _) in enumerate(rows) if n == mapping.header_row), None)
        if chosen is None:
            return None
    else:
        best: tuple[int, int] | None = None
        for i, (_, cells) in enumerate(candidates):
            score, has_name = _score(cells, mapping, kind)
            if has_name and score >= 3:
                chosen = i
                break
            if has_name and score >= 2 and (best is None or score > best[0]):
                best = (score, i)
        if chosen is None and best is not None:
            chosen = best[1]
    if chosen is None:
        return None
    first_no, top = rows[chosen]
    width = max(len(c) for _, c in rows[chosen:chosen + 3])
    top = list(top) + [None] * (width - len(top))
    names = [cell_text(c) for c in top]
    last = chosen
    if chosen + 1 < len(rows):
        sub_no, sub = rows[chosen + 1]
        sub = list(sub) + [None] * (width - len(sub))
        if sub_no == first_no + 1 and _is_subheader(sub, top, kind):
            parent = ""
            joined = []
            for top_cell, sub_cell in zip(top, sub, strict=False):
                t, s = cell_text(top_cell), cell_text(sub_cell)
                if t:
                    parent = t
                if s:
                    joined.append(f"{t or parent} {s}".strip())
                else:
                    joined.append(t)
                    if t:
                        parent = t
            names = joined
            last = chosen + 1
    fields: list[str | None] = []
    for n in names:
        fields.append((mapping.column_for(n) or guess_field(n, kind)) if n else None)
    titles = [" ".join(t for _, t in _nonblank(cells)) for _, cells in rows[:chosen]]
    return Header(rows[last][0], first_no, names, fields, [t for t in titles if t])


# --------------------------------------------------------------------------- the table


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
    why = regular_file_problem(path)
    if why is not None:
        raise DataError([Problem(path.name, None, None, why)], summary=f"cannot read the register {path.name}")
    if suffix == ".xlsx":
        it = iter_xlsx_rows(path, res)
        if it is not None:
            rows = [(n, cells) for n, cells in it]
    elif suffix in (".csv", ".txt"):
        text = decode_text(path.read_bytes(), res)
        if text is not None and text.strip():
            # a longer sample than a dataset table's: register rows carry long descriptions
            reader = csv_reader(text, sniff_delimiter(text, sample=8192))
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


def entry_problems(table: RegisterTable, row: int, exc: Any, model: type) -> list[Problem]:
    """The model's objections to one register entry (a pydantic ``ValidationError``), each naming
    the register file, the row and the column the value came from."""
    from coigraph.load.dataset import _pydantic_problem

    out = []
    for err in exc.errors():
        p = _pydantic_problem(table.file, row, err, model)
        source = {"subject": "organisation"}.get(p.field or "", p.field)  # a subject is the organisation cell
        column = next((n for n, f in zip(table.header.names, table.fields, strict=False)
                       if f and f == source and n), None)
        out.append(Problem(p.file, p.row, column or p.field, p.message, p.hint))
    return out


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
                  overrides: dict[str, str] | None = None, kind: RegisterKind = INTERESTS) -> RegisterTable:
    """Read a register file and find its header and the field of each column.

    ``overrides`` are ``--map`` options (header or column letter -> field) and
    win over the mapping file, which wins over the usual names; ``kind`` is the
    register's kind (a register of interests, or of gifts and hospitality).  Raises
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
    header = detect_header(rows, finding, kind=kind)
    if header is None:
        where = f"row {mapping.header_row}" if mapping.header_row else "the first 40 rows"
        raise UsageError(
            f"no header row found in {path.name} ({where}): no row names a person column and "
            "at least one other known column. Name the columns with --map 'Header=field' "
            "(fields: " + ", ".join(kind.fields) + ") or give header_row: N in a mapping file"
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
        if f is None or f in kind.multi:
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
    if not (kind.describes & set(fields)):
        raise UsageError(
            f"{path.name}: no column describes the {'interest' if kind is INTERESTS else 'entry'} "
            f"(header row {header.row}); add --map 'Header=description'"
        )
    data_rows = [(n, cells) for n, cells in rows if n > header.row]
    for i, n in enumerate(header.names):
        if n and fields[i] is None:
            warnings.append(Problem(path.name, header.row, n, "column not recognised; kept as evidence only",
                                    hint=f"to use it, add --map '{n}=FIELD'", severity=Severity.warning))
    return RegisterTable(path.name, header, fields, data_rows, warnings,
                         find_register_date(header.title_lines))
