"""Everything the app writes: the app's own table files, validated, atomic, logged.

The app never rewrites a file the office keeps (their ``.xlsx`` or ``.csv``
tables): it writes its own files into the dataset folder, one per table,
named ``<table>-recorded.csv`` (``meetings-recorded.csv``,
``agenda_items-recorded.csv``, ``interests-recorded.csv``...), which the loader
reads as further files of the same table (:func:`coigraph.load.dataset.table_files`),
so the CLI sees them too.

Each write (:meth:`Writer.save`):

1. builds the file's new text (columns from the table's model);
2. loads a copy of the dataset with the new file (the loader's own rules:
   types, allowed values, references, duplicates; :func:`coigraph.load.writer.write_checked`);
   if that copy does not load, nothing is written and the loader's problems
   are returned for the form;
3. keeps the file's previous version in ``.coigraph/previous/<file>.<n>``;
4. writes the file atomically (a temporary file, then a rename);
5. appends a line to the change log.

**The change log** (:class:`ChangeLog`) is ``coigraph-changes.log`` in the
dataset folder: one JSON object a line, appended and never rewritten, with
who (name and role), when (the time of the server's clock: this is a log, the
one place coigraph writes clock time; no dataset output carries it), what
(a sentence and the file) and the rows before and after.  The loader ignores
the file; the officer's "Changes" page shows it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, UsageError
from coigraph.model import TABLE_BY_NAME

LOG_NAME = "coigraph-changes.log"
APP_FOLDER = ".coigraph"
SUFFIX = "recorded"


def app_file(folder: Path, table: str) -> Path:
    """The app's own file of ``table`` in the dataset folder."""
    if table not in TABLE_BY_NAME:
        raise UsageError(f"no table '{table}'")
    return folder / f"{table}-{SUFFIX}.csv"


def columns(table: str) -> list[str]:
    """The columns the app writes for ``table``: its model's fields, in the model's order."""
    return list(TABLE_BY_NAME[table].model.model_fields)


class ChangeLog:
    """The append-only change log beside the dataset."""

    def __init__(self, folder: Path):
        self.path = folder / LOG_NAME
        self._lock = threading.Lock()

    def append(self, *, who: str, role: str, action: str, file: str | None,
               before: Any = None, after: Any = None) -> dict[str, Any]:
        entry = {"at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
                 "who": who, "role": role, "action": action, "file": file,
                 "before": before, "after": after}
        line = json.dumps(entry, ensure_ascii=False, sort_keys=False, default=str) + "\n"
        with self._lock:
            # O_APPEND: each line lands whole at the end; the file is never rewritten
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, oldest first (a line that does not parse is shown as such, not dropped)."""
        if not self.path.exists():
            return []
        out = []
        for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                if not isinstance(e, dict):
                    raise ValueError
            except ValueError:
                e = {"at": "", "who": "", "role": "", "action": f"line {n} of the log is not readable",
                     "file": None, "before": None, "after": None}
            out.append(e)
        return out


@dataclass
class Rejected(Exception):
    """A write refused by the loader's rules: its problems, for the form; nothing was written."""

    problems: list[Problem]
    summary: str

    def __str__(self) -> str:
        return self.summary


class Writer:
    """Writes the app's files in one dataset folder, one write at a time."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.log = ChangeLog(folder)
        self.lock = threading.RLock()

    def rows(self, table: str) -> list[dict[str, str]]:
        """The rows of the app's own file of ``table`` as text cells (empty if none yet)."""
        from coigraph.load.readers import read_table

        path = app_file(self.folder, table)
        if not path.exists():
            return []
        res = read_table(path)
        return [{k: ("" if v is None else str(v)) for k, v in raw.items()} for _, raw in res.rows]

    def save(self, table: str, rows: Sequence[dict[str, Any]], *, who: Any, action: str,
             before: Any = None, after: Any = None, also: dict[str, Sequence[dict[str, Any]]] | None = None
             ) -> list[str]:
        """Write the app's file of ``table`` (and of each table in ``also``) with ``rows``.

        Raises :class:`Rejected` (the loader's problems) if the dataset would not
        load; then nothing is written and nothing is logged.
        """
        from coigraph.load.writer import csv_text, format_cell

        tables = {table: rows, **(also or {})}
        files = {}
        for t, rs in tables.items():
            cols = columns(t)
            cells = [{c: _cell(r.get(c), format_cell) for c in cols} for r in rs]
            files[app_file(self.folder, t)] = csv_text(cols, cells)
        return self.save_files(files, who=who, action=action, before=before, after=after)

    def check(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Would the dataset load with the app's file of ``table`` holding ``rows``?  (Raises
        :class:`Rejected`; writes nothing.)"""
        from coigraph.load.writer import csv_text, format_cell

        cols = columns(table)
        text = csv_text(cols, [{c: _cell(r.get(c), format_cell) for c in cols} for r in rows])
        self.save_files({app_file(self.folder, table): text}, who=None, action="", dry_run=True)

    def save_files(self, files: dict[Path, str], *, who: Any, action: str, before: Any = None,
                   after: Any = None, dry_run: bool = False, outside: Sequence[str] = (),
                   summary: str = "not saved: the dataset would not load with it") -> list[str]:
        """Write ``files`` (path -> text) after the check; log it.  See :meth:`save`.

        ``outside``: sub-folders whose files are written but are not part of the
        dataset (an import's review folder), so not checked; ``summary``: the
        message when the check fails.
        """
        from coigraph.load.writer import write_checked

        with self.lock:
            try:
                written = write_checked(self.folder, files, keep=self.folder / APP_FOLDER / "previous",
                                        summary=summary, dry_run=dry_run, outside=outside)
            except DataError as exc:
                mine = {p.name for p in files}
                errors = [p for p in exc.problems if p.severity == "error"]
                # the problems in the app's own files first: they are the submission's
                errors.sort(key=lambda p: (p.file not in mine, p.file, p.row or 0))
                raise Rejected(errors, exc.summary) from None
            if dry_run:
                return []
            self.log.append(who=getattr(who, "name", str(who)), role=getattr(who, "role", ""),
                            action=action, file=", ".join(sorted(Path(w).name for w in written)),
                            before=before, after=after)
        return written


def _cell(value: Any, format_cell: Any) -> str:
    # text through the dataset writer too: a leading '=', '+', '-' or '@' gets an apostrophe
    return "" if value is None else str(format_cell(value))


__all__ = ["ChangeLog", "Writer", "Rejected", "app_file", "columns", "LOG_NAME", "APP_FOLDER"]
