"""Stream Companies House's company file (the free "basic company data" product) and pick out rows.

The file is one CSV of about five million companies (2-3 GB): it is read
row by row and never held whole.  It has a header row whose names carry
irregular leading spaces (``" CompanyNumber"``, ``" RegAddress.AddressLine2"``,
``"PreviousName_2.CONDATE"`` but not ``3..10``): names are stripped before
they are looked up, never hard-coded with their spaces.  Dates are
``DD/MM/YYYY``; company numbers are text (``"08209948"``, ``"SC123456"``),
never numbers.  Fields read: ``CompanyName``, ``CompanyNumber``,
``CompanyCategory``, ``CompanyStatus``, ``DissolutionDate``,
``IncorporationDate``, ``RegAddress.PostCode``, ``SICCode.SicText_1..4``.
Only companies on the live register are in the file; a dissolved company
drops out of it.

:class:`CompanyIndex` decides, per row, whether the company concerns the
dataset: its number is one the dataset holds, its name is an organisation's
name (compared as Companies House compares names: case, punctuation, "the"
and "Limited"/"Ltd"/"plc" ignored), or its name is close to one (a
candidate for review).  Cost: one dictionary look-up per row, plus a fuzzy
comparison only with the dataset names sharing the row's first word.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from coigraph.errors import DataError, Problem
from coigraph.names import normalise
from coigraph.reference.common import PROGRESS_EVERY, ProgressFn, company_number, open_text, uk_date
from coigraph.registers.text import fold

#: Columns read (header names stripped of their spaces).
REQUIRED = ("CompanyName", "CompanyNumber")
#: A name at least this similar (0-100) to a dataset name is a candidate for review.
NEAR = 90

_SUFFIX_WORDS = {"ltd", "limited", "plc", "llp", "cic", "lp", "co", "company", "the", "uk"}


@dataclass
class Company:
    """One company of the file, as far as coigraph uses it."""

    number: str
    name: str
    row: int
    status: str = ""
    category: str = ""
    incorporated: dt.date | None = None
    dissolved: dt.date | None = None
    postcode: str = ""
    sic: list[str] = field(default_factory=list)


def name_key(name: str) -> str:
    """A company name as Companies House compares names: 'The Corvale Digital Health Limited' -> 'corvale digital health'.

        >>> name_key("CORVALE DIGITAL HEALTH LIMITED") == name_key("Corvale Digital Health Ltd.")
        True
    """
    words = normalise(fold(name)).split()
    while words and words[-1] in _SUFFIX_WORDS:
        words.pop()
    return " ".join(w for w in words if w != "the")


def stream_companies(path: str | Path, *, progress: ProgressFn | None = None) -> Iterator[Company]:
    """Every company of the file, in file order (a generator: nothing is kept)."""
    path = Path(path)
    with open_text(path, what="the Companies House company file") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        missing = [h for h in REQUIRED if h not in header]
        if missing:
            raise DataError([Problem(path.name, 1, None, "the header row lacks " + ", ".join(missing),
                                     hint="give BasicCompanyDataAsOneFile-*.csv as Companies House publishes it")],
                            summary="cannot read the company file")
        col = {h: i for i, h in enumerate(header)}
        i_name, i_num = col["CompanyName"], col["CompanyNumber"]
        i_status, i_cat = col.get("CompanyStatus"), col.get("CompanyCategory")
        i_inc, i_dis, i_pc = col.get("IncorporationDate"), col.get("DissolutionDate"), col.get("RegAddress.PostCode")
        i_sic = [col[h] for h in ("SICCode.SicText_1", "SICCode.SicText_2", "SICCode.SicText_3",
                                  "SICCode.SicText_4") if h in col]
        width = len(header)
        for row_no, cells in enumerate(reader, start=2):
            if progress and row_no % PROGRESS_EVERY == 0:
                progress(f"{path.name}: {row_no:,} rows read")
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            number = company_number(cells[i_num])
            if number is None:
                continue

            def get(i: int | None, cells: list[str] = cells) -> str:
                return cells[i].strip() if i is not None else ""

            yield Company(number, cells[i_name].strip(), row_no, get(i_status), get(i_cat),
                          uk_date(get(i_inc)), uk_date(get(i_dis)), get(i_pc),
                          [s for s in (get(i) for i in i_sic) if s])


@dataclass
class Hit:
    """A company row that concerns a dataset organisation, and how."""

    company: Company
    org: str
    how: str  # "number", "name" or "near"
    score: float = 100.0


class CompanyIndex:
    """The dataset's organisations, findable by company number and by name, for filtering the file."""

    def __init__(self, numbers: dict[str, str], names: Iterable[tuple[str, str]]):
        self.numbers = dict(numbers)
        self.names: dict[str, set[str]] = {}
        self.first: dict[str, list[tuple[str, str]]] = {}
        for oid, name in names:
            k = name_key(name)
            if not k:
                continue
            self.names.setdefault(k, set()).add(oid)
            self.first.setdefault(k.split()[0], []).append((k, oid))

    def hits(self, c: Company) -> list[Hit]:
        """What this company row is to the dataset (empty for nearly every row)."""
        oid = self.numbers.get(c.number)
        if oid is not None:
            return [Hit(c, oid, "number")]
        raw = c.name.lower()
        first = re.split(r"[^a-z0-9]+", raw.lstrip("( \"'"), maxsplit=1)[0] if raw else ""
        if first == "the":
            first = raw.split()[1] if len(raw.split()) > 1 else ""
        cands = self.first.get(normalise(first))
        if not cands:
            return []
        k = name_key(c.name)
        if k in self.names:
            return [Hit(c, o, "name") for o in sorted(self.names[k])]
        out = []
        for key, o in cands:
            score = fuzz.ratio(k, key)
            if score >= NEAR:
                out.append(Hit(c, o, "near", score))
        return out


__all__ = ["REQUIRED", "NEAR", "Company", "Hit", "CompanyIndex", "name_key", "stream_companies"]
