"""Read NHS Organisation Data Service (ODS) extracts in their published layouts.

The ODS "legacy CSV" extracts (and the Data Search and Export reports that
replicate them) have **no header row**: every file shares one frame of 27
columns, and each file gives some columns a meaning of its own.  Real files
may be shorter (the trusts file of January 2021 has 24 columns on every row:
trailing empty columns are left off), so short rows are padded to 27.  Dates
are ``YYYYMMDD``; a blank date is open.  Names are in capitals.

The frame (1-based column numbers, as in ``docs/reference.md``):

====  =========================================================================
col   field
====  =========================================================================
1     Organisation Code (trust ``RAE``, site ``RAE01``, practice ``A81043``...)
2     Name
3     National Grouping (NHS England region, ``Y..``)
4     High Level Health Geography (today the ICB code, ``Q..``)
5-9   Address lines 1-5 (4: town, 5: county)
10    Postcode
11    Open Date
12    Close Date
13    Status Code (``epraccur``: A active, C closed, D dormant, P proposed;
      newer reports may spell it ``ACTIVE``, ``INACTIVE``...: both are read)
14    Organisation Sub-Type Code
15    Parent Organisation Code (``ets``: the trust; ``ephpsite``: the
      provider; ``epraccur``: the commissioner, a sub-ICB location)
16    Join Parent Date (``epraccur``: joined the commissioner)
17    Left Parent Date
18    Contact Telephone Number
22    Amended Record Indicator
24    GOR Code (``etr``, ``ets``) / Provider-Purchaser (``epraccur``)
26    Prescribing Setting (``epraccur``: 4 is a GP practice)
====  =========================================================================

Files read, by the name ODS gives them (``--layout`` for a file renamed):

* ``etr``: NHS trusts; kind from the name (foundation trust or NHS trust);
  column 4 is the area (an ICB code in current files) -> ``in_area_of``.
* ``ets``: NHS trust sites: places, not organisations; a site's name is
  added as an alias of its trust (column 15) when the trust is in the dataset.
* ``epraccur``: GP practices (prescribing setting 4 only; prisons, walk-in
  centres and other prescribing cost centres are left out, with the reason);
  column 15, the commissioner, -> ``in_area_of`` the sub-ICB location, dated
  by columns 16-17.
* ``eccg``: sub-ICB locations (the former CCG codes, renamed in July 2022);
  column 4 -> ``in_area_of`` the ICB.  "Sub-ICB reporting entities" are not
  organisations and are left out.
* ``eother``: the ICBs among its rows (code ``Q`` and two characters, name
  with "Integrated Care Board"); other rows are left out.
* ``ephp`` / ``ephpsite``: independent-sector providers and their sites
  (sites as aliases, as for ``ets``).
* ``ePCN.xlsx`` (sheets ``PCNDetails`` and ``PCN Core Partner Details``,
  headers matched with their line breaks folded) and the headerless
  ``epcncorepartnerdetails`` report: PCNs (``in_area_of`` their sub-ICB
  location) and each practice's membership (``member_of`` the PCN, dated).

:func:`read_ods` reads one file into :class:`OdsRecord` s, or raises
:class:`~coigraph.errors.DataError` listing every problem (file, row,
column).  The source: NHS England's ODS downloads and the parsers that
agree on these positions (see ``docs/reference.md``, "Sources").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coigraph.errors import DataError, Problem, Severity, UsageError
from coigraph.load.readers import read_data_text
from coigraph.model import OrgKind, OrgRelationKind
from coigraph.reference.common import readable_name, yyyymmdd

#: Width of the ODS frame.
WIDTH = 27

# 0-based positions in the frame
CODE, NAME, GROUPING, GEOGRAPHY = 0, 1, 2, 3
OPEN, CLOSE, STATUS, SUBTYPE, PARENT, JOIN_PARENT, LEFT_PARENT = 10, 11, 12, 13, 14, 15, 16
PROVIDER_PURCHASER, SETTING = 23, 25

#: Column names for messages (1-based, as ODS documents them).
COLUMN_NAMES = {CODE: "Organisation Code (column 1)", NAME: "Name (column 2)",
                GEOGRAPHY: "High Level Health Geography (column 4)", OPEN: "Open Date (column 11)",
                CLOSE: "Close Date (column 12)", STATUS: "Status Code (column 13)",
                PARENT: "Parent Organisation Code (column 15)", JOIN_PARENT: "Join Parent Date (column 16)",
                LEFT_PARENT: "Left Parent Date (column 17)", SETTING: "Prescribing Setting (column 26)"}

#: The headerless layouts read, and what each holds.
LAYOUTS: dict[str, str] = {
    "etr": "NHS trusts",
    "ets": "NHS trust sites",
    "epraccur": "GP practices (and other prescribing cost centres)",
    "eccg": "sub-ICB locations (former CCGs)",
    "eother": "other NHS bodies, including the ICBs",
    "ephp": "independent-sector healthcare providers",
    "ephpsite": "independent-sector provider sites",
    "epcncorepartnerdetails": "PCN core partner details (practice to PCN), headerless report",
    "epcn": "PCN workbook ePCN.xlsx (sheets PCNDetails and PCN Core Partner Details)",
}

#: Status codes in both forms: the letter of the legacy files and the word of newer reports.
STATUS_CODES: dict[str, str] = {"A": "active", "ACTIVE": "active", "C": "closed", "CLOSED": "closed",
                          "INACTIVE": "closed", "D": "dormant", "DORMANT": "dormant", "P": "proposed",
                          "PROPOSED": "proposed"}

#: ``epraccur`` prescribing settings (column 26); only 4 is a GP practice.
SETTINGS: dict[str, str] = {
    "0": "other", "1": "walk-in centre", "2": "out of hours service", "3": "walk-in centre and out of hours",
    "4": "GP practice", "8": "public health service", "9": "community health service",
    "10": "hospital service", "11": "optometry service", "12": "urgent and emergency care",
    "13": "hospice", "14": "care home or nursing home", "15": "Border Force",
    "16": "young offender institution", "17": "secure training centre", "18": "secure children's home",
    "19": "immigration removal centre", "20": "court", "21": "police custody",
    "22": "sexual assault referral centre", "24": "other justice estate", "25": "prison",
}

ICB_CODE = re.compile(r"^Q[A-Z0-9]{2}$")


@dataclass
class Link:
    """A parent link an ODS row gives: ``kind`` to the organisation with ODS code ``code``."""

    kind: str
    code: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class OdsRecord:
    """One organisation (or site) as an ODS extract gives it."""

    layout: str
    file: str
    row: int
    code: str
    name: str = ""
    kind: str | None = None  # None: not an organisation (a site, or a membership row: links only)
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None
    area: str | None = None  # column 4, the High Level Health Geography (an ICB code in current files)
    links: list[Link] = field(default_factory=list)
    site_of: str | None = None  # a site: the code of the organisation it belongs to
    left_out: str | None = None  # why the row is not imported, in words

    @property
    def display_name(self) -> str:
        """The name as papers write it."""
        return readable_name(self.name)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.row}"


def layout_of(path: str | Path, layout: str | None = None) -> str:
    """The layout of an extract, from ``layout`` or the file name ODS gives it (``epraccur.csv``)."""
    if layout:
        low = layout.lower()
        if low not in LAYOUTS:
            raise UsageError(f"--layout {layout}: not an ODS layout coigraph reads; known: " + ", ".join(LAYOUTS))
        return low
    stem = Path(path).stem.lower()
    for name in sorted(LAYOUTS, key=len, reverse=True):
        if stem == name or stem.startswith(name):
            return name
    raise UsageError(f"{Path(path).name}: cannot tell which ODS extract this is from its name; "
                     "give --layout " + "|".join(LAYOUTS))


def read_ods(path: str | Path, layout: str | None = None) -> list[OdsRecord]:
    """Read one ODS extract (see the module docstring); every problem names file, row and column."""
    path = Path(path)
    lay = layout_of(path, layout)
    if lay == "epcn" or path.suffix.lower() == ".xlsx":
        return _read_pcn_workbook(path)
    text, res = read_data_text(path, what="the ODS extract")
    problems: list[Problem] = [p for p in res.problems if p.severity == Severity.error]
    out: list[OdsRecord] = []
    for row_no, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(c.strip() for c in cells):
            continue
        if row_no == 1 and cells and cells[0].strip().lower() in ("organisation code", "org_code", "code"):
            problems.append(Problem(path.name, 1, None, "the file has a header row; ODS extracts have none",
                                    hint="use the extract as ODS publishes it (no header row)"))
            break
        if len(cells) > WIDTH:
            problems.append(Problem(path.name, row_no, None, f"the row has {len(cells)} columns; the ODS "
                                    f"layout has {WIDTH}", hint=f"is this a {lay} extract as ODS publishes it?"))
            continue
        row = [c.strip() for c in cells] + [""] * (WIDTH - len(cells))
        rec = _record(lay, path.name, row_no, row, problems)
        if rec is not None:
            out.append(rec)
    errors = [p for p in problems if p.severity == Severity.error]
    if errors:
        raise DataError(problems, summary=f"the ODS extract {path.name} has problems")
    return out


def _record(lay: str, file: str, row_no: int, row: list[str], problems: list[Problem]) -> OdsRecord | None:
    code, name = row[CODE], row[NAME]
    if not code:
        problems.append(Problem(file, row_no, COLUMN_NAMES[CODE], "the organisation code is empty"))
        return None
    if not re.fullmatch(r"[A-Z0-9]{2,12}", code.upper()):
        problems.append(Problem(file, row_no, COLUMN_NAMES[CODE], f"'{code[:40]}' is not an ODS code",
                                hint="ODS codes are 3 to 6 letters and digits; is the file an ODS extract?"))
        return None
    if lay == "epcncorepartnerdetails":
        return _core_partner(file, row_no, row, problems)
    rec = OdsRecord(lay, file, row_no, code.upper(), name)
    rec.start = yyyymmdd(row[OPEN], file, row_no, COLUMN_NAMES[OPEN], problems)
    rec.end = yyyymmdd(row[CLOSE], file, row_no, COLUMN_NAMES[CLOSE], problems)
    if rec.start and rec.end and rec.end < rec.start:
        problems.append(Problem(file, row_no, COLUMN_NAMES[CLOSE], "closes before it opens"))
    area = row[GEOGRAPHY].upper()
    rec.area = area or None
    if lay == "etr":
        rec.kind = trust_kind(name)
        if area and area != "Q99":
            rec.links.append(Link(OrgRelationKind.in_area_of.value, area))
    elif lay in ("ets", "ephpsite"):
        rec.site_of = row[PARENT].upper() or None
        if not rec.site_of:
            problems.append(Problem(file, row_no, COLUMN_NAMES[PARENT], "a site without its organisation",
                                    severity=Severity.warning))
    elif lay == "epraccur":
        status = row[STATUS].upper()
        if status and status not in STATUS_CODES:
            problems.append(Problem(file, row_no, COLUMN_NAMES[STATUS], f"'{row[STATUS][:20]}' is not a status",
                                    hint="A (active), C (closed), D (dormant) or P (proposed)"))
        rec.status = STATUS_CODES.get(status)
        setting = row[SETTING]
        if setting and setting != "4":
            rec.left_out = f"not a GP practice (prescribing setting {setting}: {SETTINGS.get(setting, 'unknown')})"
        rec.kind = OrgKind.gp_practice.value
        commissioner = row[PARENT].upper() or row[PROVIDER_PURCHASER].upper()
        if commissioner:
            rec.links.append(Link(OrgRelationKind.in_area_of.value, commissioner,
                                  yyyymmdd(row[JOIN_PARENT], file, row_no, COLUMN_NAMES[JOIN_PARENT], problems),
                                  yyyymmdd(row[LEFT_PARENT], file, row_no, COLUMN_NAMES[LEFT_PARENT], problems)))
    elif lay == "eccg":
        if "REPORTING ENTITY" in name.upper():
            rec.left_out = "a sub-ICB reporting entity, not an organisation"
        rec.kind = OrgKind.sub_icb_location.value
        if area and area != "Q99":
            rec.links.append(Link(OrgRelationKind.in_area_of.value, area))
    elif lay == "eother":
        if ICB_CODE.match(rec.code) and "INTEGRATED CARE BOARD" in name.upper():
            rec.kind = OrgKind.icb.value
        else:
            rec.left_out = "not an ICB (only the ICBs of eother are imported)"
    elif lay == "ephp":
        rec.kind = company_kind(name)
    return rec


def trust_kind(name: str) -> str:
    """``foundation_trust`` when the name says so, else ``nhs_trust``."""
    return (OrgKind.foundation_trust.value if "FOUNDATION TRUST" in name.upper()
            else OrgKind.nhs_trust.value)


def company_kind(name: str) -> str:
    """An independent-sector provider's kind from its name: a company, else ``other``."""
    return (OrgKind.company.value if re.search(r"\b(LTD|LIMITED|PLC|LLP|CIC|L\.?T\.?D\.?)\b", name.upper())
            else OrgKind.other.value)


def _core_partner(file: str, row_no: int, row: list[str], problems: list[Problem]) -> OdsRecord | None:
    """A row of the headerless PCN core partner report: practice (1), PCN code (5) and name (6), dates (9, 10)."""
    practice, pcn = row[0].upper(), row[4].upper()
    if not pcn:
        problems.append(Problem(file, row_no, "PCN Code (column 5)", "the PCN code is empty"))
        return None
    rec = OdsRecord("epcncorepartnerdetails", file, row_no, practice, row[1])  # a membership: links only
    rec.links.append(Link(OrgRelationKind.member_of.value, pcn,
                          yyyymmdd(row[8], file, row_no, "Practice to PCN Relationship Start Date (column 9)",
                                   problems),
                          yyyymmdd(row[9], file, row_no, "Practice to PCN Relationship End Date (column 10)",
                                   problems)))
    return rec


# --------------------------------------------------------------------------- ePCN.xlsx

_DETAILS, _PARTNERS = "pcndetails", "pcn core partner details"


def _fold(h: Any) -> str:
    return " ".join(str(h or "").split()).lower()


def _cell_date(value: Any, file: str, row: int, col: str, problems: list[Problem]) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        value = str(int(value))
    return yyyymmdd(str(value), file, row, col, problems)


def _read_pcn_workbook(path: Path) -> list[OdsRecord]:
    """The PCN workbook: one record per PCN (``PCNDetails``) and one per practice membership spell."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise DataError([Problem(path.name, None, None, f"cannot open the workbook: {exc}",
                                 hint="ePCN.xlsx as ODS publishes it, unzipped from epcn.zip")],
                        summary="cannot read the PCN workbook") from exc
    sheets = {_fold(ws.title): ws for ws in wb.worksheets}
    problems: list[Problem] = []
    out: list[OdsRecord] = []
    need = {_DETAILS: ("pcn code", "pcn name"), _PARTNERS: ("partner organisation code", "pcn code")}
    for sheet, required in need.items():
        ws = sheets.get(sheet)
        if ws is None:
            problems.append(Problem(path.name, None, None, f"no sheet '{sheet}'",
                                    hint="the workbook has sheets " + ", ".join(ws.title for ws in wb.worksheets)))
            continue
        rows = ws.iter_rows(values_only=True)
        header = [_fold(h) for h in next(rows, ())]
        missing = [h for h in required if h not in header]
        if missing:
            problems.append(Problem(f"{path.name} [{ws.title}]", 1, None, "the header row lacks " + ", ".join(missing)))
            continue
        col = {h: i for i, h in enumerate(header) if h}
        label = f"{path.name} [{ws.title}]"

        def get(cells: tuple[Any, ...], name: str, col: dict[str, int] = col) -> Any:
            i = col.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        for row_no, cells in enumerate(rows, start=2):
            if not any(c not in (None, "") for c in cells):
                continue  # ODS's workbook has blank rows
            if sheet == _DETAILS:
                code = str(get(cells, "pcn code") or "").strip().upper()
                if not code:
                    problems.append(Problem(label, row_no, "PCN Code", "the PCN code is empty"))
                    continue
                rec = OdsRecord("epcn", label, row_no, code, str(get(cells, "pcn name") or "").strip(),
                                kind=OrgKind.pcn.value)
                rec.start = _cell_date(get(cells, "open date"), label, row_no, "Open Date", problems)
                rec.end = _cell_date(get(cells, "close date"), label, row_no, "Close Date", problems)
                sicbl = str(get(cells, "current sub icb loc code") or "").strip().upper()
                if sicbl:
                    rec.links.append(Link(OrgRelationKind.in_area_of.value, sicbl))
                out.append(rec)
            else:
                practice = str(get(cells, "partner organisation code") or "").strip().upper()
                pcn = str(get(cells, "pcn code") or "").strip().upper()
                if not practice or not pcn:
                    problems.append(Problem(label, row_no, "Partner Organisation Code" if not practice else "PCN Code",
                                            "the code is empty"))
                    continue
                rec = OdsRecord("epcn", label, row_no, practice, str(get(cells, "partner name") or "").strip())
                rec.links.append(Link(OrgRelationKind.member_of.value, pcn,
                                      _cell_date(get(cells, "practice to pcn relationship start date"), label,
                                                 row_no, "Practice to PCN Relationship Start Date", problems),
                                      _cell_date(get(cells, "practice to pcn relationship end date"), label,
                                                 row_no, "Practice to PCN Relationship End Date", problems)))
                out.append(rec)
    wb.close()
    if any(p.severity == Severity.error for p in problems):
        raise DataError(problems, summary=f"the PCN workbook {path.name} has problems")
    return out


__all__ = ["WIDTH", "LAYOUTS", "STATUS_CODES", "SETTINGS", "Link", "OdsRecord", "layout_of", "read_ods",
           "trust_kind", "company_kind"]
