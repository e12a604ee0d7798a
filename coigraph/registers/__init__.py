"""Import a register of interests as an ICB or trust publishes it (Excel or CSV) into a dataset.

The steps, each a function a notebook user can call on its own:

1. :func:`read_register` (:mod:`~coigraph.registers.read`): the sheet's rows,
   its header (found below title rows, joined when it spans two rows) and the
   field of each column (:mod:`~coigraph.registers.columns`).
2. :func:`parse_entries` (:mod:`~coigraph.registers.entries`): one
   :class:`RegisterEntry` per register row that is an entry (section titles
   and notes are listed as skipped rows): types, direct/indirect, nil returns,
   dates (UK style), the associate's relationship
   (:mod:`~coigraph.registers.text`, :mod:`~coigraph.registers.phrases`).
3. :func:`plan_import` (:mod:`~coigraph.registers.plan`): who each entry is
   (person matching) and what it concerns (organisation matching,
   :mod:`~coigraph.registers.match`), each with a confidence; entries that are
   not clear go to a review file (:mod:`~coigraph.registers.review`) rather
   than being guessed (:mod:`~coigraph.registers.resolve`); then the
   comparison with the interests already in the dataset (appeared, ended,
   changed, no longer listed).  Pure: nothing is written.
4. :func:`write_import` (:mod:`~coigraph.registers.apply`): the dataset
   files, through the dataset writer (:mod:`coigraph.load.writer`),
   atomically, after checking the result loads as a valid dataset.

:func:`import_register` does all four; :func:`render_text` and
:meth:`ImportReport.as_dict` are the change summary
(:mod:`~coigraph.registers.report`).  Every register row ends up somewhere the
change summary names: an interest, a nil return, a review row, or a skipped
row; nothing is dropped silently.  :func:`export_register`
(:mod:`~coigraph.registers.export`) writes the dataset's register back out as
an ICB-style spreadsheet.
"""

from coigraph.registers.apply import import_register, write_import
from coigraph.registers.columns import FIELDS, RegisterMapping, load_mapping, parse_map_options
from coigraph.registers.entries import RegisterEntry, SkippedRow, parse_entries
from coigraph.registers.export import export_register
from coigraph.registers.match import ACCEPT
from coigraph.registers.plan import ImportPlan, plan_import
from coigraph.registers.read import RegisterTable, read_register
from coigraph.registers.report import (
    CHANGE_ORDER,
    EntryOutcome,
    ImportReport,
    InterestChange,
    mapping_after,
    render_text,
)

__all__ = [
    "ACCEPT", "CHANGE_ORDER", "FIELDS", "EntryOutcome", "ImportPlan", "ImportReport", "InterestChange",
    "RegisterEntry", "RegisterMapping", "RegisterTable", "SkippedRow", "export_register",
    "import_register", "load_mapping", "mapping_after", "parse_entries", "parse_map_options",
    "plan_import", "read_register", "render_text", "write_import",
]
