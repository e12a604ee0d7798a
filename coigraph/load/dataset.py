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
import re
import sys
import types
import typing
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coigraph.dates import DateParseError, parse_date
from coigraph.errors import DataError, Problem, ProblemLevel, did_you_mean
from coigraph.load.graph_json import dataset_from_json
from coigraph.load.readers import CONTROL_CHARS, MAX_CELL, SUFFIXES, read_table
from coigraph.load.records import (  # re-exported: their import path of old
    Dataset,
    check_dataset,
    dump_json_records,
    gc_paused,
    record_type,
)
from coigraph.model import TABLE_BY_NAME, TABLES, Record, Table

#: Files in a dataset folder that are not tables and are ignored quietly.
IGNORED = {"readme.md", "readme.txt", "readme", "coigraph.yaml", ".ds_store", "thumbs.db",
           "coigraph-changes.log"}  # the web app's change log (coigraph.web.changes)
IGNORED_DIRS = {"review"}

ProgressFn = Callable[[str], None]


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


_MONEY = re.compile(r"^[£$€]?\s*-?[\d,]*\.?\d+\s*(k|m|bn)?$", re.IGNORECASE)


def coerce_row(model: type[Record], raw: dict[str, Any], add: Callable[..., None]) -> dict[str, Any]:
    """Turn cells as read (text, Excel values) into values the model accepts.

    Blank cells are dropped so defaults apply; lists are split on ';';
    dates are read UK style (warning when not ISO); money may carry '£' and
    commas.  ``add(message, field=, hint=, severity=)`` reports problems.
    """
    kinds = field_kinds(model)
    out: dict[str, Any] = {}
    for col, value in raw.items():
        if isinstance(value, str):  # the common case, checked with one search
            n = len(CONTROL_CHARS.findall(value)) if CONTROL_CHARS.search(value) else 0
        elif isinstance(value, list):
            n = sum(len(CONTROL_CHARS.findall(v)) for v in value if isinstance(v, str))
        else:
            n = 0
        if n:
            texts = value if isinstance(value, list) else [value]
            cleaned = [CONTROL_CHARS.sub("", v) if isinstance(v, str) else v for v in texts]
            value = cleaned if isinstance(value, list) else cleaned[0]
            add(f"removed {n} invisible control character{'s' if n != 1 else ''} "
                "(such as terminal escape codes)", field=col, severity=ProblemLevel.warning,
                hint="they can change what a terminal shows; check the cell reads as intended")
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
        elif kind == "date":
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
                out[col] = parsed
        elif kind == "float" and isinstance(value, str):
            text = value.replace(" ", "")
            if _MONEY.match(text):
                mult = {"k": 1e3, "m": 1e6, "bn": 1e9}.get(re.sub(r"[^a-z]", "", text.lower()), 1)
                out[col] = float(re.sub(r"[£$€,a-zA-Z]", "", text)) * mult
            else:
                out[col] = value
        elif kind == "str" and not isinstance(value, str):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[col] = str(value)
        else:
            out[col] = value
    return out


def _pydantic_problem(file: str, row: int, err: dict[str, Any], model: type[Record]) -> Problem:
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
        close = did_you_mean(value, choices)
        msg = f"'{value[:80]}' is not one of the allowed values"
        hint = (close + " " if close else "") + "allowed: " + ", ".join(choices)
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
    if path.is_file() and path.suffix.lower() == ".json":
        return dataset_from_json(path)
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
        if table.required and not rows and "*" not in failed_ids[table.name]:
            failed_ids[table.name].add("*")  # one message, not one per reference to it
            has_file = bool(files.get(table.name))
            problems.append(Problem(
                files[table.name][0].name if has_file else f"{table.name}.csv", None, None,
                "has no rows, but every dataset needs some" if has_file else "the file is missing",
                hint=f"{table.description} Run 'coigraph template DIR' for a blank one.",
            ))
        ds.records[table.name] = rows
    problems.extend(check_dataset(ds, failed_ids))
    errors = [p for p in problems if p.severity == ProblemLevel.error]
    ds.warnings = sorted((p for p in problems if p.severity == ProblemLevel.warning),
                         key=lambda p: (p.file, p.row or 0, p.field or "", p.message))
    if errors:
        raise DataError(problems)
    return ds


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
        if not table.required:
            problems.append(Problem(path.name, None, None, "the file has no entries",
                                    severity=ProblemLevel.warning))
        return []
    out: list[Record] = []
    # the columns each record was given, one set per distinct combination (pydantic keeps a set per
    # record, about 470 bytes: a third of a national dataset's memory); those given the same
    # columns share one, which stays right when a blank id is filled in for all of them alike
    given: dict[frozenset[str], set[str]] = {}
    for done, (row_no, raw) in enumerate(res.rows, start=1):
        row_problems: list[Problem] = []

        def add(message: str, *, field: str | None = None, hint: str | None = None,
                severity: ProblemLevel = ProblemLevel.error, _row: int = row_no,
                _out: list[Problem] = row_problems) -> None:
            _out.append(Problem(path.name, _row, field, message, hint, severity))

        values = coerce_row(table.model, raw, add)
        problems.extend(row_problems)
        raw_id = str(raw.get(table.id_field) or "").strip() if table.id_field else ""
        if progress and done % PROGRESS_EVERY == 0:
            progress(f"{path.name}: checked {done:,} of {len(res.rows):,} rows")
        bad_fields = {p.field for p in row_problems if p.severity == ProblemLevel.error}
        if bad_fields:
            # still check the rest of the row, so one pass reports all of its problems
            try:
                table.model.model_validate(values)
            except ValidationError as exc:
                more = (_pydantic_problem(path.name, row_no, e, table.model) for e in exc.errors())
                problems.extend(p for p in more if p.field not in bad_fields)
            failed.add(raw_id)
            continue
        try:
            rec = table.model.model_validate(values)
        except ValidationError as exc:
            problems.extend(_pydantic_problem(path.name, row_no, e, table.model) for e in exc.errors())
            failed.add(raw_id)
            continue
        rec._src = f"{path.name}:{row_no}"
        fields = rec.__pydantic_fields_set__
        object.__setattr__(rec, "__pydantic_fields_set__", given.setdefault(frozenset(fields), fields))
        out.append(rec)
    # rows the reader could read were still checked, so one pass reports every problem
    return [] if unreadable else out


__all__ = ["Dataset", "load_dataset", "table_files", "check_dataset", "field_kinds", "coerce_row",
           "record_type", "gc_paused", "dump_json_records", "IGNORED", "IGNORED_DIRS",
           "PROGRESS_EVERY", "CONTROL_CHARS"]
