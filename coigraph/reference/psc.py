"""Stream Companies House's persons with significant control (PSC) snapshot, JSON Lines.

One JSON object a line (about ten million lines, 6 GB unzipped):
``{"company_number": "...", "data": {...}}``.  ``data.kind`` says what the
line is: an individual, a corporate entity or a legal person with
significant control (and their "beneficial owner" forms on the register of
overseas entities), a super-secure person (details withheld by Companies
House), a **statement** (the company says it has no PSC, or has not
identified them), an **exemption**, or, on the last line of the last file,
the **totals** record, which has no company number and is skipped.

A person's line has ``name``, ``name_elements`` (title, forename,
middle_name, surname), ``date_of_birth`` (month and year only: the register
publishes no day), ``natures_of_control``, ``notified_on``, ``ceased_on``
and ``links.self`` (the record's own address); a corporate entity's has
``identification`` (``registration_number``...).  Nationality, residence and
addresses are never read.

The file is never held whole, and most lines are never parsed: a line is
decoded only if its company number is one wanted, or its surname is a
dataset person's surname, or a corporate PSC's registration number is
wanted (:class:`PscFilter`, regular-expression look-ups on the raw line).
Cost: one pass; memory bounded by the lines kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem
from coigraph.names import normalise
from coigraph.reference.common import (
    PROGRESS_EVERY,
    ProgressFn,
    company_number,
    iso_date,
    open_text,
)
from coigraph.registers.text import fold

#: PSC kinds (``data.kind``) -> what coigraph calls the controller.
KINDS: dict[str, str] = {
    "individual-person-with-significant-control": "individual",
    "individual-beneficial-owner": "individual",
    "corporate-entity-person-with-significant-control": "corporate_entity",
    "corporate-entity-beneficial-owner": "corporate_entity",
    "legal-person-person-with-significant-control": "legal_person",
    "legal-person-beneficial-owner": "legal_person",
    "super-secure-person-with-significant-control": "super_secure",
    "super-secure-beneficial-owner": "super_secure",
    "persons-with-significant-control-statement": "statement",
    "exemptions": "exemptions",
}
TOTALS = "totals#persons-of-significant-control-snapshot"

#: Statements in words (Companies House's codes keep their own misspelling, "signficant").
STATEMENTS: dict[str, str] = {
    "no-individual-or-entity-with-signficant-control": "no individual or entity has significant control",
    "psc-exists-but-not-identified": "it knows or believes there is a PSC but has not identified them",
    "psc-details-not-confirmed": "it has identified a PSC but their details are not confirmed",
    "steps-to-find-psc-not-yet-completed": "it has not yet completed taking steps to find its PSCs",
    "psc-contacted-but-no-response": "it gave notice to a PSC who has not answered",
    "psc-has-failed-to-confirm-changed-details": "a PSC has not confirmed changed details",
    "restrictions-notice-issued-to-psc": "it issued a restrictions notice to a PSC",
}

_NUMBER = re.compile(r'"company_number"\s*:\s*"([^"\\]*)"')
_SURNAME = re.compile(r'"surname"\s*:\s*"((?:[^"\\]|\\.)*)"')
_REGISTRATION = re.compile(r'"registration_number"\s*:\s*"((?:[^"\\]|\\.)*)"')


def nature_words(code: str) -> str:
    """A nature of control in words, from its code (Companies House's or a BODS interest).

        >>> nature_words("ownership-of-shares-25-to-50-percent")
        'holds more than 25% but not more than 50% of the shares'
        >>> nature_words("significant-influence-or-control-as-trust")
        'has significant influence or control (as a trustee of a trust)'
        >>> nature_words("shareholding 25-50%")
        'shareholding 25-50%'
    """
    c = code.strip()
    how = ""
    for suffix, words in (("-as-trust", " (as a trustee of a trust)"), ("-as-firm", " (as a member of a firm)"),
                          ("-limited-liability-partnership", ""), ("-registered-overseas-entity", "")):
        if c.endswith(suffix):
            c = c[: -len(suffix)]
            how = words + how
    bands = {"25-to-50-percent": "more than 25% but not more than 50%",
             "50-to-75-percent": "more than 50% but less than 75%",
             "75-to-100-percent": "75% or more", "more-than-25-percent": "more than 25%"}
    for band, words in bands.items():
        for stem, what in (("ownership-of-shares-", "of the shares"), ("voting-rights-", "of the voting rights"),
                           ("right-to-share-surplus-assets-", "of the right to surplus assets"),
                           ("part-right-to-share-surplus-assets-", "of the right to surplus assets")):
            if c == stem + band:
                return f"holds {words} {what}{how}"
    if c.startswith("right-to-appoint-and-remove"):
        return "has the right to appoint and remove the " + c.rsplit("-", 1)[-1] + how
    if c.startswith("significant-influence-or-control"):
        return "has significant influence or control" + how
    return code


@dataclass
class Psc:
    """One record of the snapshot (or one BODS ownership-or-control relationship), as coigraph uses it.

    ``born`` keeps the month and year of birth only (for matching; never written anywhere).
    """

    company: str
    kind: str
    file: str
    line: int
    name: str = ""
    forenames: str = ""
    surname: str = ""
    born: tuple[int, int] | None = None
    natures: list[str] = field(default_factory=list)
    notified: Any = None
    ceased: Any = None
    register_id: str | None = None
    registration_number: str | None = None
    statement: str | None = None
    source: str = "companies_house_psc"

    @property
    def controller_kind(self) -> str:
        """individual, corporate_entity, legal_person, super_secure, statement, exemptions or other."""
        return KINDS.get(self.kind, "other")

    @property
    def display_name(self) -> str:
        """The name without title: 'James Adebayo Okonjo' (or the register's name)."""
        if self.surname:
            return " ".join(x for x in (self.forenames, self.surname) if x)
        return self.name

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def key(self) -> str:
        """A stable key for the review file: the register's id, else company, name and date."""
        if self.register_id:
            return f"psc:{self.register_id}"
        return f"psc:{self.company}:{normalise(fold(self.display_name))}:{self.notified or ''}"


class PscFilter:
    """Which lines to decode: wanted company numbers, dataset surnames, wanted registration numbers."""

    def __init__(self, numbers: set[str], surnames: set[str]):
        self.numbers = numbers
        self.surnames = {normalise(fold(s)) for s in surnames if s}

    def wanted(self, line: str) -> bool:
        m = _NUMBER.search(line)
        if m and (m.group(1) in self.numbers or company_number(m.group(1)) in self.numbers):
            return True
        m = _SURNAME.search(line)
        if m and self.surnames:
            s = m.group(1)
            if "\\" in s:
                s = json.loads(f'"{s}"')
            if normalise(fold(s)) in self.surnames:
                return True
        m = _REGISTRATION.search(line)
        if m and company_number(m.group(1)) in self.numbers:
            return True
        return False


@dataclass
class PscStats:
    """What a pass over the snapshot saw."""

    lines: int = 0
    decoded: int = 0
    totals: dict[str, Any] | None = None
    bad_lines: list[int] = field(default_factory=list)


def stream_psc(path: str | Path, flt: PscFilter | None, *, stats: PscStats | None = None,
               progress: ProgressFn | None = None) -> Iterator[Psc]:
    """The records of the snapshot that ``flt`` wants (all if None), in file order; a generator.

    Raises :class:`DataError` at once if the first line is not a PSC record
    (the wrong file); later lines that are not JSON are counted in ``stats``
    and reported, not fatal (a download cut short ends mid-line).
    """
    path = Path(path)
    stats = stats if stats is not None else PscStats()
    first = True
    with open_text(path, what="the PSC snapshot") as f:
        for line_no, line in enumerate(f, start=1):
            stats.lines = line_no
            if progress and line_no % PROGRESS_EVERY == 0:
                progress(f"{path.name}: {line_no:,} lines read, {stats.decoded:,} kept")
            if not line.strip():
                continue
            if not first and flt is not None and TOTALS not in line and not flt.wanted(line):
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
                if first:
                    raise DataError([Problem(path.name, line_no, None, "not a PSC record (a JSON object with "
                                             "'company_number' and 'data')",
                                             hint="give the persons-with-significant-control snapshot, "
                                             "one JSON object a line")],
                                    summary="cannot read the PSC snapshot")
                stats.bad_lines.append(line_no)
                continue
            was_first, first = first, False
            data = obj["data"]
            if data.get("kind") == TOTALS or "company_number" not in obj:
                stats.totals = {k: v for k, v in data.items() if k != "kind"}
                continue
            if was_first and flt is not None and not flt.wanted(line):
                continue
            stats.decoded += 1
            yield psc_record(obj, path.name, line_no)


def psc_record(obj: dict[str, Any], file: str, line: int) -> Psc:
    """One snapshot line as a :class:`Psc` (date of birth cut to month and year; nothing else personal kept)."""
    data = obj.get("data") or {}
    ne = data.get("name_elements") or {}
    dob = data.get("date_of_birth") or {}
    born = None
    if isinstance(dob, dict) and isinstance(dob.get("year"), int) and isinstance(dob.get("month"), int):
        born = (dob["year"], dob["month"])
    ident = data.get("identification") or {}
    links = data.get("links") or {}
    forenames = " ".join(str(ne.get(k) or "").strip() for k in ("forename", "middle_name")).strip()
    return Psc(
        company=company_number(obj.get("company_number")) or str(obj.get("company_number") or ""),
        kind=str(data.get("kind") or ""), file=file, line=line,
        name=" ".join(str(data.get("name") or "").split()),
        forenames=forenames, surname=str(ne.get("surname") or "").strip(), born=born,
        natures=[str(n) for n in data.get("natures_of_control") or [] if n],
        notified=iso_date(data.get("notified_on")), ceased=iso_date(data.get("ceased_on")),
        register_id=str(links.get("self")) if links.get("self") else None,
        registration_number=str(ident.get("registration_number") or "").strip() or None,
        statement=str(data.get("statement")) if data.get("statement") else None,
    )


__all__ = ["KINDS", "TOTALS", "STATEMENTS", "Psc", "PscFilter", "PscStats", "nature_words", "psc_record",
           "stream_psc"]
