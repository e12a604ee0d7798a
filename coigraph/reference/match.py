"""Who a person with significant control is in the dataset: matched with care, never silently.

A name alone does not say who someone is: there are many James Okonjos.  A
PSC is taken to be a person of the dataset only

* on their **name and their month and year of birth**: the name matches at
  or above :data:`~coigraph.registers.match.ACCEPT` (the register importer's
  people matching, :class:`~coigraph.registers.match.PeopleIndex`), and the
  month and year of birth the register gives equal those held for that
  person in a *birth-months file* (below); or
* on a **confirmed link**: a reviewer accepted the match in the review file.

Anything less (a name match with no month of birth on either side, a weaker
or ambiguous name match) goes to the review file with its evidence (the
name as the register gives it, the company, the natures of control, the
link to the register, why it is not certain).  The same name with a
*different* month of birth is another person: no match.  A name like nobody
in the dataset is no match.  Every outcome is reported.

Dates of birth are used for matching only.  The birth-months file is a CSV
kept apart from the dataset (it is never loaded into it) with a header row
``person,born`` and one row per person, ``born`` as ``YYYY-MM`` (a full date
is cut to its month as it is read).  Nothing here writes a month of birth
anywhere: not the dataset, the review file, the summary or any output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from coigraph.errors import DataError, Problem
from coigraph.load.readers import csv_reader, read_data_text
from coigraph.model import Person
from coigraph.reference.psc import Psc
from coigraph.registers.match import ACCEPT, PeopleIndex
from coigraph.registers.review import ReviewRow

Born = dict[str, tuple[int, int]]

#: How a PSC was matched, in the words written to the ``controls`` table's ``matched_by``.
BY_BIRTH = "name and month and year of birth"
BY_REVIEWER = "confirmed by a reviewer"


def read_born(path: str | Path, people: set[str]) -> Born:
    """Read a birth-months file: person id -> (year, month); problems name file, row and column."""
    path = Path(path)
    text, res = read_data_text(path, what="the birth-months file")
    rows = list(csv_reader(text))
    problems: list[Problem] = []
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "person" not in header or "born" not in header:
        raise DataError([Problem(path.name, 1, None, "the header row must name the columns person and born",
                                 hint="person,born then one row per person, e.g. jane-doe,1968-04")],
                        summary="cannot read the birth-months file")
    ip, ib = header.index("person"), header.index("born")
    out: Born = {}
    for row_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        pid = cells[ip].strip() if ip < len(cells) else ""
        born = cells[ib].strip() if ib < len(cells) else ""
        m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", born)
        if pid not in people:
            problems.append(Problem(path.name, row_no, "person", f"no person '{pid}' in the dataset",
                                    hint="use the person's id from people"))
        elif not m or not 1 <= int(m.group(2)) <= 12:
            problems.append(Problem(path.name, row_no, "born", "not a month and year",
                                    hint="write it as YYYY-MM, e.g. 1968-04"))
        else:
            out[pid] = (int(m.group(1)), int(m.group(2)))
    if problems:
        raise DataError(problems, summary=f"the birth-months file {path.name} has problems")
    return out


@dataclass
class PersonMatch:
    """The outcome for one PSC: ``matched`` (``person`` set), ``review``, ``no_match`` or ``other_person``."""

    outcome: str
    person: str | None = None
    how: str = ""
    confidence: float = 0.0
    candidates: list[tuple[str, float]] = field(default_factory=list)


class PscPeople:
    """The dataset's people, for matching PSCs (:meth:`match`), with their months of birth if known."""

    def __init__(self, people: list[Person], born: Born | None = None,
                 reviews: dict[str, ReviewRow] | None = None):
        self.index = PeopleIndex(people)
        self.ids = {p.id for p in people}
        self.names = {p.id: p.name for p in people}
        self.born = born or {}
        self.reviews = reviews or {}

    def surnames(self) -> set[str]:
        """Every surname of the dataset's people (last word of each name key), for filtering the snapshot."""
        return {k.split()[-1] for k in self.index.keys if k}

    def match(self, psc: Psc, *, reviewed: bool = True) -> PersonMatch:
        """Who ``psc`` is (see the module docstring); ``reviewed=False``: as if nobody had reviewed it."""
        rv = self.reviews.get(psc.key) if reviewed else None
        if rv is not None and rv.verdict == "accept" and rv.person.strip() in self.ids:
            return PersonMatch("matched", rv.person.strip(), BY_REVIEWER, 1.0)
        if rv is not None and rv.verdict == "skip":
            return PersonMatch("no_match", None, "not this person (reviewer)")
        name = psc.display_name
        if not name:
            return PersonMatch("no_match", None, "a person not in the dataset")
        m = self.index.match(name)
        if m.id is None and m.confidence == 0.0:
            return PersonMatch("no_match", None, "nobody in the dataset has a name like this")
        cands = m.candidates[:3]
        if m.id and m.confidence >= ACCEPT:
            theirs = self.born.get(m.id)
            if theirs and psc.born:
                if theirs == psc.born:
                    return PersonMatch("matched", m.id, BY_BIRTH, m.confidence, cands)
                return PersonMatch("other_person", None,
                                   f"the name is {self.names[m.id]}'s ({m.how}) but the month and year of birth "
                                   "differ: another person", m.confidence, cands)
            missing = ("the register gives no month and year of birth" if not psc.born
                       else f"no month and year of birth on file for {m.id}")
            return PersonMatch("review", m.id, f"the name is {self.names[m.id]}'s ({m.how}); {missing}, so it "
                               "cannot be confirmed", m.confidence, cands)
        listed = ", ".join(f"{p} ({c:.2f})" for p, c in cands)
        return PersonMatch("review", m.id, f"{m.how}" + (f"; candidates: {listed}" if listed else ""),
                           m.confidence, cands)


__all__ = ["Born", "BY_BIRTH", "BY_REVIEWER", "read_born", "PersonMatch", "PscPeople"]
