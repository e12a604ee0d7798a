"""Reference data from public registers, to find what nobody declared.

A register of interests holds what people chose to declare.  Two public
sources, which an ICB can download and keep, say more:

* NHS Organisation Data Service (ODS) extracts: every NHS organisation's
  code, name, dates and parents (:mod:`~coigraph.reference.ods`), imported as
  organisations and their links (:mod:`~coigraph.reference.orgs`);
* Companies House's company file and its register of persons with
  significant control (PSC) (:mod:`~coigraph.reference.companies`,
  :mod:`~coigraph.reference.psc`), or the same data as Open Ownership's
  beneficial ownership statements (:mod:`~coigraph.reference.bods`),
  streamed (the files are gigabytes) and filtered to the dataset's
  organisations and people, then imported as ``controls`` records
  (:mod:`~coigraph.reference.control`), with people matched with care
  (:mod:`~coigraph.reference.match`).

Both imports plan first (pure) and write through the dataset writer
(:mod:`~coigraph.reference.apply`); :mod:`~coigraph.reference.report` is the
change summary.  See ``docs/reference.md``.
"""

from coigraph.reference.apply import import_companies, import_ods, write_plan
from coigraph.reference.control import plan_companies
from coigraph.reference.ods import LAYOUTS, OdsRecord, read_ods
from coigraph.reference.orgs import Plan, plan_ods
from coigraph.reference.report import ReferenceReport, render_text

__all__ = ["LAYOUTS", "OdsRecord", "Plan", "ReferenceReport", "import_companies", "import_ods",
           "plan_companies", "plan_ods", "read_ods", "render_text", "write_plan"]
