"""Carrying out a planned import: the dataset files written through the dataset writer.

:func:`write_import` writes an :class:`~coigraph.registers.plan.ImportPlan`'s
files with :func:`coigraph.load.writer.write_checked`: into a copy of the
dataset first, which must load cleanly, then for real, each file atomically.
:func:`import_register` plans and writes in one call.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coigraph.load.writer import write_checked
from coigraph.registers.columns import RegisterMapping
from coigraph.registers.plan import ImportPlan, plan_import
from coigraph.registers.report import ImportReport
from coigraph.registers.review import REVIEW_FOLDER

#: Why nothing was written, when the dataset would not load after the import.
REFUSED = "the import would leave the dataset invalid, so nothing was written"


def write_import(plan: ImportPlan, data: str | Path) -> list[str]:
    """Write a planned import: first into a copy of the dataset that must load cleanly, then for real.

    Each file is written atomically; if the copy does not load (a bug, or a
    clash with the dataset), nothing is written and :class:`DataError` lists why.
    Returns the paths written.
    """
    return write_checked(data, plan.files, outside=(REVIEW_FOLDER,), summary=REFUSED)


def import_register(path: str | Path, data: str | Path, *, mapping: RegisterMapping | None = None,
                    overrides: dict[str, str] | None = None, review: str | Path | None = None,
                    as_of: dt.date | None = None, new_people: str = "add",
                    dry_run: bool = False) -> ImportReport:
    """Import a published register into a dataset folder and return the change summary.

    See :func:`~coigraph.registers.plan.plan_import` for the options.  With
    ``dry_run`` nothing is written (not even the review file).
    """
    plan = plan_import(path, data, mapping=mapping, overrides=overrides, review=review,
                       as_of=as_of, new_people=new_people)
    plan.report.dry_run = dry_run
    if not dry_run:
        plan.report.written = write_import(plan, data)
    return plan.report
