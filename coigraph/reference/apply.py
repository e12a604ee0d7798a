"""Carrying out a planned reference import: the dataset files written through the dataset writer.

Both importers plan first (pure, nothing written) and then write with
:func:`coigraph.load.writer.write_checked`: into a copy of the dataset that
must load cleanly, then for real, each file atomically.  Nothing is ever
deleted: organisations that closed get their end date, controls that ceased
get theirs, and records the sources no longer list are kept as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coigraph.load.writer import write_checked
from coigraph.reference.control import plan_companies
from coigraph.reference.orgs import Plan, plan_ods
from coigraph.reference.report import ReferenceReport
from coigraph.registers.review import REVIEW_FOLDER


def write_plan(plan: Plan, data: str | Path) -> list[str]:
    """Write a planned import: first into a copy of the dataset that must load cleanly, then for real."""
    return write_checked(data, plan.files, outside=(REVIEW_FOLDER,),
                         summary="the import would leave the dataset invalid, so nothing was written")


def _finish(plan: Plan, data: str | Path, dry_run: bool) -> ReferenceReport:
    plan.report.dry_run = dry_run
    if not dry_run and plan.files:
        plan.report.written = write_plan(plan, data)
    return plan.report


def import_ods(paths: Sequence[str | Path], data: str | Path, *, dry_run: bool = False,
               **kw: Any) -> ReferenceReport:
    """Import ODS extracts into a dataset folder and return the change summary.

    See :func:`~coigraph.reference.orgs.plan_ods` for the options.  With
    ``dry_run`` nothing is written (not even the review file).
    """
    return _finish(plan_ods(paths, data, **kw), data, dry_run)


def import_companies(data: str | Path, *, dry_run: bool = False, **kw: Any) -> ReferenceReport:
    """Import Companies House data (company file, PSC snapshot and/or BODS) into a dataset folder.

    See :func:`~coigraph.reference.control.plan_companies` for the options.
    With ``dry_run`` nothing is written (not even the review file).
    """
    return _finish(plan_companies(data, **kw), data, dry_run)


__all__ = ["write_plan", "import_ods", "import_companies"]
