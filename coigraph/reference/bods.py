"""Read Open Ownership's Beneficial Ownership Data Standard (BODS) statements as PSC records.

BODS publishes who owns or controls a company as statements: entities,
people, and the ownership-or-control relationships between them.  Two
generations are read:

* **0.4** (record-based): ``recordType`` ``entity`` / ``person`` /
  ``relationship``, details under ``recordDetails``, a relationship's
  ``subject`` and ``interestedParty`` are ``recordId`` s; a later statement
  with the same ``recordId`` updates it and ``recordStatus: closed`` ends it;
* **0.2 and 0.3** (statement-based): ``statementType`` ``entityStatement`` /
  ``personStatement`` / ``ownershipOrControlStatement``, ``statementID``,
  ``subject.describedByEntityStatement``, ``interestedParty.describedByPersonStatement``
  (or ``...EntityStatement``); ``replacesStatements`` drops older ones.

A company is identified by its Companies House number (identifier scheme
``GB-COH``).  Each relationship becomes one :class:`~coigraph.reference.psc.Psc`
(``source="bods"``): the company, the interested party's name (and month and
year of birth only: a full birth date is cut to its month), the interest
types with their share (``shareholding 25-50%``), the start and end dates.

The file may be a JSON array (BODS's canonical form) or JSON Lines; both are
streamed.  Statements are kept only when they may concern the dataset (the
same :class:`~coigraph.reference.psc.PscFilter` as the PSC snapshot); a
second pass fetches the entities a kept relationship names, if the first
pass did not keep them.  Cost: one or two passes; memory bounded by what is
kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from coigraph.errors import DataError, Problem
from coigraph.names import normalise
from coigraph.reference.common import ProgressFn, company_number, iso_date, open_text
from coigraph.reference.psc import Psc, PscFilter
from coigraph.registers.text import fold

#: Identifier schemes of Companies House numbers.
COH_SCHEMES = {"GB-COH", "GB-COH-NUMBER"}
_CHUNK = 1 << 16
_MAX_STATEMENT = 50 * 1024 * 1024


def iter_statements(f: IO[str], label: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, statement)`` for each statement of a JSON array or JSON Lines stream (streamed)."""
    dec = json.JSONDecoder()
    buf = ""
    line = 1
    eof = False
    array: bool | None = None
    while True:
        if not eof and len(buf) < _CHUNK:
            more = f.read(_CHUNK)
            eof = not more
            buf += more
        i = 0
        n = len(buf)
        while i < n and buf[i] in " \t\r\n,":
            if buf[i] == "\n":
                line += 1
            i += 1
        if array is None and i < n:
            array = buf[i] == "["
            if array:
                buf = buf[i + 1:]
                continue
        buf = buf[i:]
        if not buf:
            if eof:
                return
            continue
        if buf[0] == "]":
            return
        try:
            obj, end = dec.raw_decode(buf)
        except json.JSONDecodeError as exc:
            if not eof and len(buf) < _MAX_STATEMENT:
                more = f.read(_CHUNK)
                eof = not more
                buf += more
                continue
            raise DataError([Problem(label, line + buf.count("\n", 0, exc.pos), None,
                                     f"not a JSON statement: {exc.msg}",
                                     hint="BODS statements as a JSON array or one JSON object a line")],
                            summary="cannot read the BODS file") from exc
        if isinstance(obj, dict):
            yield line, obj
        line += buf.count("\n", 0, end)
        buf = buf[end:]


@dataclass
class _Entity:
    name: str
    number: str | None


@dataclass
class _Person:
    name: str
    forenames: str
    surname: str
    born: tuple[int, int] | None


@dataclass
class _Relationship:
    sid: str
    subject: str
    party: str | None
    party_kind: str  # "person", "entity" or "unspecified"
    interests: list[dict[str, Any]]
    line: int
    closed_on: Any = None


@dataclass
class BodsStats:
    statements: int = 0
    version: str = ""
    skipped: list[str] = field(default_factory=list)


def _kind(st: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(``entity``/``person``/``relationship``/'', id, details) of a statement of any version."""
    if "recordType" in st:  # 0.4
        return str(st.get("recordType")), str(st.get("recordId") or st.get("statementId") or ""), \
            st.get("recordDetails") or {}
    t = {"entityStatement": "entity", "personStatement": "person",
         "ownershipOrControlStatement": "relationship"}.get(str(st.get("statementType")), "")
    return t, str(st.get("statementID") or st.get("statementId") or ""), st


def _entity(d: dict[str, Any]) -> _Entity:
    number = None
    for ident in d.get("identifiers") or []:
        if isinstance(ident, dict) and str(ident.get("scheme") or "").upper() in COH_SCHEMES:
            number = company_number(ident.get("id"))
            break
    return _Entity(" ".join(str(d.get("name") or "").split()), number)


def _person(d: dict[str, Any]) -> _Person:
    names = [n for n in d.get("names") or [] if isinstance(n, dict)]
    best = next((n for n in names if n.get("type") in ("legal", "individual")), names[0] if names else {})
    full = " ".join(str(best.get("fullName") or "").split())
    surname = str(best.get("familyName") or "").strip()
    forenames = str(best.get("givenName") or "").strip()
    if not surname and full:
        parts = full.split()
        surname, forenames = parts[-1], " ".join(parts[:-1])
    born = None
    bd = str(d.get("birthDate") or "")
    if len(bd) >= 7 and bd[:4].isdigit() and bd[5:7].isdigit():
        born = (int(bd[:4]), int(bd[5:7]))  # the month and year only: a day is never kept
    return _Person(full or " ".join(x for x in (forenames, surname) if x), forenames, surname, born)


def _party(d: dict[str, Any], v04: bool) -> tuple[str | None, str]:
    ip = d.get("interestedParty")
    if v04:
        if isinstance(ip, str):
            return ip, "any"
        return None, "unspecified"
    if isinstance(ip, dict):
        if ip.get("describedByPersonStatement"):
            return str(ip["describedByPersonStatement"]), "person"
        if ip.get("describedByEntityStatement"):
            return str(ip["describedByEntityStatement"]), "entity"
    return None, "unspecified"


def _subject(d: dict[str, Any], v04: bool) -> str:
    s = d.get("subject")
    if v04:
        return s if isinstance(s, str) else ""
    return str((s or {}).get("describedByEntityStatement") or "") if isinstance(s, dict) else ""


def interest_text(i: dict[str, Any]) -> str:
    """A BODS interest as one nature of control: its type and share ('shareholding 25-50%')."""
    t = str(i.get("type") or "unknownInterest")
    share = i.get("share") if isinstance(i.get("share"), dict) else {}
    if share.get("exact") is not None:
        return f"{t} {share['exact']:g}%" if isinstance(share["exact"], int | float) else t
    lo = share.get("minimum", share.get("exclusiveMinimum"))
    hi = share.get("maximum", share.get("exclusiveMaximum"))
    if isinstance(lo, int | float) and not isinstance(lo, bool) and isinstance(hi, int | float) \
            and not isinstance(hi, bool):
        return f"{t} {lo:g}-{hi:g}%"
    return t


def read_bods(path: str | Path, flt: PscFilter | None, *, stats: BodsStats | None = None,
              progress: ProgressFn | None = None) -> list[Psc]:
    """The ownership-or-control relationships of a BODS file that ``flt`` wants, as PSC records."""
    path = Path(path)
    stats = stats if stats is not None else BodsStats()
    numbers = flt.numbers if flt else set()
    surnames = flt.surnames if flt else set()
    entities: dict[str, _Entity] = {}
    persons: dict[str, _Person] = {}
    rels: dict[str, _Relationship] = {}
    replaced: set[str] = set()
    with open_text(path, what="the BODS file") as f:
        for line, st in iter_statements(f, path.name):
            stats.statements += 1
            if progress and stats.statements % 500_000 == 0:
                progress(f"{path.name}: {stats.statements:,} statements read")
            kind, sid, d = _kind(st)
            v04 = "recordType" in st
            stats.version = stats.version or ("0.4" if v04 else "0.2/0.3")
            replaced.update(str(x) for x in st.get("replacesStatements") or [])
            if kind == "entity":
                e = _entity(d)
                if flt is None or (e.number and e.number in numbers):
                    entities[sid] = e
            elif kind == "person":
                p = _person(d)
                if flt is None or normalise(fold(p.surname)) in surnames:
                    persons[sid] = p
            elif kind == "relationship":
                subject = _subject(d, v04)
                party, pk = _party(d, v04)
                closed = iso_date(st.get("statementDate")) if st.get("recordStatus") == "closed" else None
                if subject in entities or (party is not None and (party in persons or party in entities)) \
                        or flt is None:
                    rels[sid] = _Relationship(str(st.get("statementId") or st.get("statementID") or sid),
                                              subject, party, pk,
                                              [i for i in d.get("interests") or [] if isinstance(i, dict)],
                                              line, closed)
                elif sid in rels and closed:
                    rels[sid].closed_on = closed
            elif kind:
                stats.skipped.append(kind)
    for sid in replaced:
        rels.pop(sid, None)
    needed = {r.subject for r in rels.values() if r.subject not in entities}
    needed |= {r.party for r in rels.values() if r.party and r.party not in persons and r.party not in entities}
    if needed:  # a second pass for the entities the kept relationships name
        with open_text(path, what="the BODS file") as f:
            for _line, st in iter_statements(f, path.name):
                kind, sid, d = _kind(st)
                if kind == "entity" and sid in needed:
                    entities[sid] = _entity(d)
    out: list[Psc] = []
    for r in rels.values():
        company = entities.get(r.subject)
        if company is None or company.number is None:
            continue  # not a company on the UK register: nothing to match it to
        starts = [iso_date(i.get("startDate")) for i in r.interests]
        ends = [iso_date(i.get("endDate")) for i in r.interests]
        start = min((s for s in starts if s), default=None)
        end = r.closed_on or (max(ends) if ends and all(ends) else None)  # type: ignore[type-var]
        rec = Psc(company=company.number, kind="", file=path.name, line=r.line,
                  natures=sorted({interest_text(i) for i in r.interests}), notified=start, ceased=end,
                  register_id=f"bods:{r.sid}", source="bods")
        if r.party in persons:
            p = persons[r.party]
            rec.kind = "individual-person-with-significant-control"
            rec.name, rec.forenames, rec.surname, rec.born = p.name, p.forenames, p.surname, p.born
        elif r.party in entities:
            e = entities[r.party]
            rec.kind = "corporate-entity-person-with-significant-control"
            rec.name, rec.registration_number = e.name, e.number
        elif r.party_kind == "unspecified":
            rec.kind = "persons-with-significant-control-statement"
            rec.statement = "unspecified"
        else:
            rec.kind = "individual-person-with-significant-control"  # a person not in the dataset
        out.append(rec)
    out.sort(key=lambda x: x.line)
    return out


__all__ = ["COH_SCHEMES", "BodsStats", "interest_text", "iter_statements", "read_bods"]
