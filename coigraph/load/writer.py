"""Write records to a dataset folder in each table's own format: the reverse of the readers.

CSV is the format written today.  A table kept in CSV is rewritten in place:
rows nobody changed keep their text as written (dates stay as the officer
typed them), changed cells are replaced, new rows are added at the end.  A
table kept in YAML or Excel is not rewritten: its changed rows are left for a
person (:func:`rewritable` says which files can be changed), and new rows go
to a CSV file beside it, ``<table>-<beside>.csv``, which the loader reads as
part of the same table.

Two steps, so a caller can show what would change before anything is written:
:func:`table_texts` gives the new text of each file (pure, nothing written),
and :func:`write_checked` writes them, each atomically, only after a copy of
the dataset with the new files has loaded without error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from coigraph.errors import DataError
from coigraph.load.dataset import load_dataset, table_files
from coigraph.load.readers import ReadResult, csv_reader, decode_text, read_table
from coigraph.output import safe_cell, write_all, write_atomic

#: Changes to rows already in a table: the row's source ("people.csv:12") -> (the new record, the
#: fields to write).  Only those fields are written; the row's other cells keep their text.
Changes = Mapping[str, tuple[Any, Sequence[str]]]


def rewritable(file: str | Path) -> bool:
    """Can rows of this table file be changed in place?  (CSV files only; YAML and Excel are not.)"""
    return str(file).lower().endswith(".csv")


def format_cell(value: Any) -> str:
    """A record's value as a CSV cell the loader reads back: ISO dates, yes/no, lists joined by ';'.

    Text is made injection-safe (a leading '=', '+', '-' or '@' gets an apostrophe).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(getattr(v, "value", v)) for v in value)
    return str(safe_cell(str(getattr(value, "value", value))))


def csv_text(header: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """A table file's text: the header, then each row's cells in header order ('' if missing)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue()


def csv_columns(path: Path) -> list[str]:
    """The columns of a CSV table file as the loader names them (lower case, '_' for spaces)."""
    text = decode_text(path.read_bytes(), ReadResult(path.name)) or ""
    first = next(csv_reader(text), [])
    return [h.strip().lower().replace(" ", "_") for h in first if h.strip()]


def table_texts(data: str | Path, table: str, *, columns: Sequence[str], changed: Changes | None = None,
                added: Sequence[Any] = (), beside: str) -> dict[Path, str]:
    """New text of a table's CSV files: rows kept as written, changed cells replaced, new rows added.

    ``added`` records are written with ``columns`` (a new file gets them as its
    header; an existing file gains any it lacks).  New rows go to
    ``<table>.csv`` when that is the table's file or it has none, else to
    ``<table>-<beside>.csv``.  Only files that change are returned.  Cost: one
    read of each CSV file of the table that changes.
    """
    data = Path(data)
    changed = changed or {}
    files, _ = table_files(data)
    paths = files.get(table, [])
    target = data / f"{table}.csv"
    if paths and target not in paths:
        target = data / f"{table}-{beside}.csv"
    touched = {src.rsplit(":", 1)[0] for src in changed}
    out: dict[Path, str] = {}
    for p in sorted({p for p in paths if rewritable(p)} | {target}):
        adds = added if p == target else []
        if p.name not in touched and not adds:
            continue
        header: list[str] = []
        rows: list[dict[str, str]] = []
        if p.exists():
            res = read_table(p)
            header = csv_columns(p)
            for row_no, raw in res.rows:
                r = {k: ("" if v is None else str(v)) for k, v in raw.items()}
                change = changed.get(f"{p.name}:{row_no}")
                if change is not None:
                    rec, fields = change
                    for f in fields:
                        r[f] = format_cell(getattr(rec, f, None))
                rows.append(r)
        rows += [{f: format_cell(getattr(rec, f, None)) for f in columns} for rec in adds]
        if not header:
            header = list(columns)
        for r in rows:
            header += [k for k, v in r.items() if v and k not in header]
        out[p] = csv_text(header, rows)
    return out


def write_checked(data: str | Path, files: Mapping[Path, str], *, outside: Sequence[str] = (),
                  summary: str = "the change would leave the dataset invalid, so nothing was written",
                  keep: Path | None = None, dry_run: bool = False) -> list[str]:
    """Write ``files`` (path -> text) into dataset folder ``data``, only if the result loads.

    The files are first written into a copy of the dataset, which must load
    without error; else nothing is written and :class:`DataError` (with
    ``summary``) lists why.  Then the files are written all or nothing
    (:func:`coigraph.output.write_all`).  Files under a sub-folder named in ``outside`` (a review folder)
    are written but are not part of the dataset, so they are not checked.
    With ``keep`` (a folder), each file's previous version is first copied
    there as ``<name>.<n>`` (n = 1, 2, ...: the highest is the latest).
    ``dry_run``: only the check (nothing written).  Returns the paths written.
    """
    data = Path(data)
    with tempfile.TemporaryDirectory(prefix="coigraph-write-") as tmp:
        copy = Path(tmp) / data.name
        shutil.copytree(data, copy, ignore=shutil.ignore_patterns(*outside, ".*"))
        for p, text in files.items():
            rel = p.relative_to(data)
            if rel.parts[0] in outside:
                continue
            write_atomic(copy / rel, text)
        try:
            load_dataset(copy)
        except DataError as exc:
            raise DataError(exc.problems, summary=summary) from exc
    if dry_run:
        return []
    if keep is not None:  # the previous version of each file kept before anything is replaced
        for p in sorted(files):
            if p.exists():
                keep.mkdir(parents=True, exist_ok=True)
                n = 1 + max((int(k.suffix[1:]) for k in keep.glob(p.name + ".*") if k.suffix[1:].isdigit()),
                            default=0)
                shutil.copy2(p, keep / f"{p.name}.{n}")
    # all or nothing: a review folder that cannot be made, a full disk or a signal leaves every
    # file as it was
    return [str(p) for p in write_all(dict(sorted(files.items())))]
