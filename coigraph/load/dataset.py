"""Load a dataset folder into validated domain records.

A dataset is a folder with one file per table of :data:`coigraph.model.TABLES`
(``organisations.csv``, ``people.yaml``, ``interests.xlsx``...).  A table may
be split over several files named ``<table>-<anything>.<ext>`` (for example
``interests-2024.xlsx`` beside ``interests.csv``).

Loading reports *every* problem it finds, each with file, row, field and a
hint, and raises :class:`~coigraph.errors.DataError` if any is an error, so
nothing downstream ever sees half-valid data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coigraph.dates import DateParseError, date_qualifier, parse_date
from coigraph.errors import DataError, Problem, ProblemLevel, did_you_mean
from coigraph.load.readers import (
    CONTROL_CHARS,
    MAX_CELL,
    SUFFIXES,
    clean_text,
    date_range_problem,
    finite_number_problem,
    read_table,
)
from coigraph.load.records import (  # re-exported: their import path of old
    Dataset,
    check_dataset,
    dump_json_records,
    gc_paused,
    record_type,
)
from coigraph.model import TABLE_BY_NAME, TABLES, Record, Table, synonyms

#: Files in a dataset folder that are not tables and are ignored quietly.
IGNORED = {"readme.md", "readme.txt", "readme", "sources.md", "coigraph.yaml", ".ds_store", "thumbs.db",
           "format.md",  # the column guide 'coigraph template' writes beside the files
           "coigraph-changes.log"}  # the web app's change log (coigraph.web.changes)
IGNORED_DIRS = {"review"}

ProgressFn = Callable[[str], None]

#: Loaders of a dataset held in one file, by suffix: a JSON export (``.json``), added by
#: :mod:`coigraph.load.graph_json`, which checks its records through :func:`validate_row` here.
FILE_LOADERS: dict[str, Callable[[Path], Dataset]] = {}


# --------------------------------------------------------------------------- discovery


def table_files(folder: Path) -> tuple[dict[str, list[Path]], list[Problem]]:
    """Map each table to its files in ``folder``; unknown files are warnings."""
    found: dict[str, list[Path]] = defaultdict(list)
    problems: list[Problem] = []
    names = sorted(TABLE_BY_NAME, key=len, reverse=True)
    for path in sorted(folder.iterdir()):
        low = path.name.lower()
        if path.is_dir():
            if low not in IGNORED_DIRS and not low.startswith("."):
                problems.append(Problem(path.name, None, None, "sub-folder ignored",
                                        severity=ProblemLevel.warning))
            continue
        if low in IGNORED or low.startswith(".") or low.startswith("~$"):
            continue
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if suffix not in SUFFIXES:
            problems.append(Problem(path.name, None, None, "not a table file; ignored",
                                    hint="tables are .yaml, .csv or .xlsx", severity=ProblemLevel.warning))
            continue
        table = next((n for n in names if stem == n or stem.startswith(n + "-")), None)
        if table is None:
            hint = did_you_mean(stem, list(TABLE_BY_NAME))
            problems.append(Problem(
                path.name, None, None,
                "file name is not a known table, so the file was ignored",
                hint=(hint + " " if hint else "") + "table files are: " + ", ".join(t.name for t in TABLES),
                severity=ProblemLevel.warning,
            ))
            continue
        found[table].append(path)
    return dict(found), problems


# --------------------------------------------------------------------------- coercion


def _field_kind(annotation: Any) -> tuple[str, bool]:
    """('date'|'float'|'int'|'bool'|'list'|'str', optional) for a field annotation."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0] if args else str
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is list:
        return "list", optional
    if annotation is dt.date:
        return "date", optional
    if annotation is float:
        return "float", optional
    if annotation is int:
        return "int", optional
    if annotation is bool:
        return "bool", optional
    return "str", optional


_FIELD_KINDS: dict[type[Record], dict[str, str]] = {}


def field_kinds(model: type[Record]) -> dict[str, str]:
    """Kind of each field of ``model`` (cached)."""
    if model not in _FIELD_KINDS:
        _FIELD_KINDS[model] = {n: _field_kind(f.annotation)[0] for n, f in model.model_fields.items()}
    return _FIELD_KINDS[model]


_FIELD_ENUMS: dict[type[Record], dict[str, type[Enum]]] = {}


def field_enums(model: type[Record]) -> dict[str, type[Enum]]:
    """The enumeration of each enumerated field of ``model`` (lists of codes included; cached)."""
    if model not in _FIELD_ENUMS:
        def enum_of(ann: Any) -> type[Enum] | None:
            if isinstance(ann, type) and issubclass(ann, Enum):
                return ann
            return next((e for a in typing.get_args(ann) if (e := enum_of(a)) is not None), None)

        _FIELD_ENUMS[model] = {n: e for n, f in model.model_fields.items()
                               if (e := enum_of(f.annotation)) is not None}
    return _FIELD_ENUMS[model]


#: ``note(field, written, match)``: told of each enumerated value read in another spelling or
#: as a synonym (the loader reports them once per file and field, with their count).
NoteFn = Callable[[str, str, "synonyms.Match"], None]


def _code(enum: type[Enum], col: str, value: Any, note: NoteFn | None) -> Any:
    """``value`` as the code of ``enum`` it stands for (told to ``note``); unchanged if none."""
    if not isinstance(value, str):
        return value
    got = synonyms.match(enum, value)
    if got is None:
        return value  # the model's check reports it, with a hint
    if got.how != "exact" and note is not None:
        note(col, value, got)
    return got.code


_MONEY = re.compile(r"^[£$€]?\s*-?[\d,]*\.?\d+\s*(k|m|bn)?$", re.IGNORECASE)


def coerce_row(model: type[Record], raw: dict[str, Any], add: Callable[..., None],
               note: NoteFn | None = None) -> dict[str, Any]:
    """Turn cells as read (text, Excel values) into values the model accepts.

    Blank cells are dropped so defaults apply; lists are split on ';';
    dates are read UK style (warning when not ISO); money may carry '£' and
    commas; an enumerated value is read ignoring case, spaces, hyphens and
    underscores, or as a synonym (:mod:`coigraph.model.synonyms`), and each such
    reading is told to ``note``.  ``add(message, field=, hint=, severity=)``
    reports problems.
    """
    kinds = field_kinds(model)
    enums = field_enums(model)
    out: dict[str, Any] = {}
    for col, value in raw.items():
        n = 0
        if isinstance(value, str):  # the common case: ASCII without control characters is clean
            if not value.isascii() or CONTROL_CHARS.search(value):
                value, n = clean_text(value)
        elif isinstance(value, list):
            cleaned = [clean_text(v) if isinstance(v, str) else (v, 0) for v in value]
            value, n = [v for v, _ in cleaned], sum(k for _, k in cleaned)
        if n:
            add(f"removed {n} invisible control character{'s' if n != 1 else ''} "
                "(such as terminal escape codes or text-direction overrides)", field=col,
                severity=ProblemLevel.warning,
                hint="they can change what a terminal or a page shows; check the cell reads as intended")
        if isinstance(value, str):
            if len(value) > MAX_CELL:
                add(f"the cell is {len(value):,} characters long (limit {MAX_CELL:,})",
                    field=col, hint="shorten it; keep long text in a separate document")
                continue
            value = value.strip()
            if value == "":
                continue
            if len(value) <= 48:  # roles, kinds, statuses, ids: one string kept for all their repeats
                value = sys.intern(value)
        if value is None:
            continue
        kind = kinds.get(col)
        if kind is None:
            out[col] = value  # unknown column: pydantic reports it with the hint below
            continue
        if isinstance(value, list | dict) and kind != "list":
            add("expected one value here, found a list", field=col,
                hint="give a single value; only list columns take several, ';'-separated")
            continue
        if kind == "list":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(";") if v.strip()]
            elif not isinstance(value, list):
                value = [value]
            out[col] = [str(v).strip() if not isinstance(v, str) else v for v in value]
            if col in enums:
                out[col] = [_code(enums[col], col, v, note) for v in out[col]]
        elif col in enums:
            out[col] = _code(enums[col], col, value, note)
        elif kind == "date":
            try:  # "as at DATE" in start, "ended, date unknown" in end (issue 14): qualifiers, not dates
                qualified = date_qualifier(col, value) if isinstance(value, str) else None
            except DateParseError as exc:
                add(str(exc), field=col)
                continue
            if qualified is not None:
                out.update(qualified)
                continue
            try:
                parsed, exact = parse_date(value, end=(col == "end"))
            except DateParseError as exc:
                add(str(exc), field=col)
                continue
            if not exact:
                add(f"read '{value}' as {parsed.isoformat() if parsed else 'open'}",
                    field=col, hint="write dates as YYYY-MM-DD to be sure",
                    severity=ProblemLevel.warning)
            if parsed is not None:
                why = date_range_problem(parsed)
                if why:
                    add(why, field=col, hint="check the year")
                    continue
                out[col] = parsed
        elif kind in ("float", "int") and (why := finite_number_problem(value)):
            add(why, field=col, hint="write a plain number, e.g. 250000")
        elif kind == "float" and isinstance(value, str):
            text = value.replace(" ", "")
            if _MONEY.match(text):
                mult = {"k": 1e3, "m": 1e6, "bn": 1e9}.get(re.sub(r"[^a-z]", "", text.lower()), 1)
                number = float(re.sub(r"[£$€,a-zA-Z]", "", text)) * mult
                if not math.isfinite(number):
                    add(f"'{value}' is not a finite number", field=col, hint="write a plain number, e.g. 250000")
                    continue
                out[col] = number
            else:
                out[col] = value
        elif kind == "str" and not isinstance(value, str):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[col] = str(value)
        else:
            out[col] = value
    return out


def _pydantic_problem(file: str, row: int | None, err: dict[str, Any], model: type[Record]) -> Problem:
    loc = [str(p) for p in err.get("loc", ())]
    fld = loc[0] if loc else None
    typ = err.get("type", "")
    msg = err.get("msg", "invalid value")
    msg = re.sub(r"^Value error, ", "", msg)
    m = re.match(r"^([a-z_]+): (.*)$", msg, re.S)
    if not loc and m and m.group(1) in model.model_fields:
        fld, msg = m.group(1), m.group(2)
    hint = None
    fields = list(model.model_fields)
    if typ == "extra_forbidden":
        close = did_you_mean(fld or "", fields)
        msg = "unknown column"
        hint = (close + " " if close else "") + "known columns: " + ", ".join(fields)
    elif typ == "missing":
        msg = "this field is required but empty"
        desc = model.model_fields[fld].description if fld in model.model_fields else None
        hint = desc
    elif typ == "enum":
        ctx = err.get("ctx", {})
        expected = ctx.get("expected", "")
        value = str(err.get("input"))
        choices = re.findall(r"'([^']+)'", expected)
        enum = field_enums(model).get(fld or "")
        # the synonym table first, then typos of one code: never a code of another meaning
        close = synonyms.hint(enum, value) if enum is not None else None
        msg = f"'{value[:80]}' is not one of the allowed values"
        hint = ((close + (" " if close.endswith("?") else "; ") if close else "")
                + "allowed: " + ", ".join(choices))
    elif typ == "string_pattern_mismatch":
        msg = f"'{str(err.get('input'))[:80]}' is not a valid id"
        hint = "ids use letters, digits, '.', '_' and '-' only, no spaces"
    elif typ == "string_too_long":
        msg = f"the text is too long ({len(str(err.get('input'))):,} characters)"
        hint = f"at most {err.get('ctx', {}).get('max_length')} characters"
    elif typ in ("bool_parsing", "bool_type"):
        msg = f"'{err.get('input')}' is not yes or no"
        hint = "write yes or no"
    elif typ in ("float_parsing", "int_parsing", "float_type", "int_type"):
        msg = f"'{err.get('input')}' is not a number"
        hint = "write a plain number, e.g. 250000"
    elif typ in ("greater_than_equal", "less_than_equal"):
        limit = err.get("ctx", {}).get("ge" if typ == "greater_than_equal" else "le")
        msg = f"{err.get('input')} is {'below the least' if typ == 'greater_than_equal' else 'above the most'} allowed ({limit})"
        hint = "amounts in pounds are never negative" if limit == 0 else None
    if fld is None and len(loc) == 0:
        fld = None
    if len(loc) > 1 and loc[1].isdigit():
        msg += f" (item {int(loc[1]) + 1} of the list)"
    return Problem(file, row, fld, msg, hint)


# --------------------------------------------------------------------------- the load


@gc_paused
def load_dataset(path: str | Path, *, progress: ProgressFn | None = None) -> Dataset:
    """Load and validate a dataset folder (or a ``coigraph export`` JSON file).

    Raises :class:`DataError` listing every problem if anything is invalid.
    Warnings (non-ISO dates, cp1252 files, ignored files...) are kept on the
    returned dataset's ``warnings``.
    """
    path = Path(path)
    if path.suffix.lower() in FILE_LOADERS and not path.is_dir():
        return FILE_LOADERS[path.suffix.lower()](path)
    if not path.exists():
        raise DataError([Problem(str(path), None, None, "no such folder",
                                 hint="give the folder that holds organisations.csv, people.csv ...")],
                        summary="cannot load the dataset")
    if not path.is_dir():
        raise DataError([Problem(str(path), None, None, "not a folder",
                                 hint="a dataset is a folder of table files (or a coigraph JSON export)")],
                        summary="cannot load the dataset")
    files, problems = table_files(path)
    ds = Dataset(name=path.name)
    failed_ids: dict[str, set[str]] = defaultdict(set)
    for table in TABLES:
        rows: list[Record] = []
        for f in files.get(table.name, []):
            if progress:
                progress(f"reading {f.name}")
            rows.extend(_load_file(f, table, problems, failed_ids[table.name], progress))
        # (rows that were there but rejected have their own problems: not 'no rows' as well)
        if table.required and not rows and not failed_ids[table.name]:
            failed_ids[table.name].add("*")  # one message, not one per reference to it
            has_file = bool(files.get(table.name))
            problems.append(Problem(
                files[table.name][0].name if has_file else f"{table.name}.csv", None, None,
                "has no rows, but every dataset needs some" if has_file else "the file is missing",
                hint=(f"fill in at least one row: {table.description}" if has_file else
                      f"{table.description} Run 'coigraph template DIR' for blank files to fill in."),
            ))
        ds.records[table.name] = rows
    problems.extend(check_dataset(ds, failed_ids))
    errors = [p for p in problems if p.severity == ProblemLevel.error]
    ds.warnings = sorted((p for p in problems if p.severity == ProblemLevel.warning),
                         key=lambda p: (p.file, p.row or 0, p.field or "", p.message))
    if errors:
        raise DataError(problems)
    return ds


def validate_row(table: Table, raw: dict[str, Any], file: str, row: int | None, problems: list[Problem],
                 failed: set[str], note: NoteFn | None = None) -> Record | None:
    """One row (cells as read) checked and made a record of ``table``, or None if it is invalid.

    The one loader contract: a folder's table rows and a JSON export's or a pulled
    graph's nodes and edges all come through here, so they meet the same checks
    (control characters removed and text made NFC, cell length, finite numbers,
    dates in range, unknown fields, the model's own rules) with the same messages.
    Problems are added to ``problems`` naming ``file`` and ``row``; the id of an
    invalid row is added to ``failed``; ``note`` hears of values read in another
    spelling or as a synonym.
    """
    row_problems: list[Problem] = []

    def add(message: str, *, field: str | None = None, hint: str | None = None,
            severity: ProblemLevel = ProblemLevel.error) -> None:
        row_problems.append(Problem(file, row, field, message, hint, severity))

    values = coerce_row(table.model, raw, add, note)
    problems.extend(row_problems)
    raw_id = str(raw.get(table.id_field) or "").strip() if table.id_field else ""
    bad_fields = {p.field for p in row_problems if p.severity == ProblemLevel.error}
    try:
        rec = table.model.model_validate(values)
    except ValidationError as exc:
        # every problem of the row in one pass, each field once
        more = (_pydantic_problem(file, row, e, table.model) for e in exc.errors())
        problems.extend(p for p in more if p.field not in bad_fields)
        failed.add(raw_id)
        return None
    if bad_fields:
        failed.add(raw_id)
        return None
    return rec


#: A big file reports progress every this many rows.
PROGRESS_EVERY = 10_000


def _load_file(path: Path, table: Table, problems: list[Problem], failed: set[str],
               progress: ProgressFn | None = None) -> list[Record]:
    res = read_table(path)
    problems.extend(res.problems)
    unreadable = any(p.severity == ProblemLevel.error for p in res.problems)
    if unreadable:
        failed.add("*")  # unreadable: don't report references to it or its absence again
        if not res.rows:
            return []
    if not res.rows:
        # a header and no rows is a table not used yet (a blank template): nothing to say
        if not table.required and path.suffix.lower() != ".xlsx" and not path.read_bytes().strip():
            problems.append(Problem(path.name, None, None,
                                    "the file is empty (not even a header row); ignored",
                                    hint="delete it, or run 'coigraph template' for one with its header",
                                    severity=ProblemLevel.warning))
        return []
    out: list[Record] = []
    # the columns each record was given, one set per distinct combination (pydantic keeps a set per
    # record, about 470 bytes: a third of a national dataset's memory); those given the same
    # columns share one, which stays right when a blank id is filled in for all of them alike
    given: dict[frozenset[str], set[str]] = {}
    # enumerated values read in another spelling or as a synonym: (field, code) -> written -> rows
    readings: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    synonym_words: set[str] = set()
    for done, (row_no, raw) in enumerate(res.rows, start=1):
        def note(col: str, written: str, got: synonyms.Match, _row: int = row_no) -> None:
            readings[(col, got.code)][written].append(_row)
            if got.how == "synonym":
                synonym_words.add(written)

        rec = validate_row(table, raw, path.name, row_no, problems, failed, note=note)
        if progress and done % PROGRESS_EVERY == 0:
            progress(f"{path.name}: checked {done:,} of {len(res.rows):,} rows")
        if rec is not None:
            rec._src = f"{path.name}:{row_no}"
            fields = rec.__pydantic_fields_set__
            object.__setattr__(rec, "__pydantic_fields_set__", given.setdefault(frozenset(fields), fields))
            out.append(rec)
    problems.extend(_reading_warnings(path.name, readings, synonym_words))
    # rows the reader could read were still checked, so one pass reports every problem
    return [] if unreadable else out


def _reading_warnings(file: str, readings: dict[tuple[str, str], dict[str, list[int]]],
                      synonym_words: set[str]) -> list[Problem]:
    """One warning per file, field and code for the values read in another spelling or as a
    synonym, with how many rows and which: never a silent change."""
    out = []
    for (col, code), written in sorted(readings.items()):
        rows = sorted(r for rs in written.values() for r in rs)
        shown = ", ".join(str(r) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
        forms = ", ".join(f"'{w}'" for w in sorted(written, key=lambda w: (min(written[w]), w)))
        syn = sorted(w for w in written if w in synonym_words)
        notes = []
        if len(syn) < len(written):
            notes.append("case, spaces, hyphens and underscores are ignored")
        if syn:
            notes.append(", ".join(f"'{w}'" for w in syn) + (" is" if len(syn) == 1 else " are")
                         + f" listed as meaning '{code}' in coigraph/model/synonyms.yaml")
        hint = "; ".join(notes) + f"; write '{code}' to be exact"
        out.append(Problem(file, None, col,
                           f"read {forms} as '{code}' ({len(rows)} row{'s' if len(rows) != 1 else ''}: "
                           f"{shown})", hint=hint, severity=ProblemLevel.warning))
    return out


__all__ = ["Dataset", "load_dataset", "table_files", "check_dataset", "field_kinds", "coerce_row", "validate_row",
           "record_type", "gc_paused", "dump_json_records", "IGNORED", "IGNORED_DIRS",
           "PROGRESS_EVERY", "CONTROL_CHARS"]
