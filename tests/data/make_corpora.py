"""Build the two input corpora under ``tests/data/``: ``bad/`` and ``messy/``.

Run it from the repository root after changing a case::

    .venv/bin/python tests/data/make_corpora.py

and commit what it writes.  Each case is a complete dataset folder: a small
valid base system with one thing broken (``bad/``: the loader must refuse it,
naming the file, row and field) or one thing untidy in the way real registers
are (``messy/``: the loader must read it, with a warning where a person should
look).  Each case folder gets a ``README.md`` saying what it shows (the loader
ignores README files).

``.xlsx`` files are real workbooks made with openpyxl; where a case needs what
only Excel writes (the saved result of a formula) the worksheet XML is patched
the way Excel stores it.  Zip entries get a fixed timestamp, so running this
script twice gives byte-identical files (``tests/test_corpora.py`` checks the
committed files are up to date).

What each case must produce (file, row, field, message) is asserted in
``tests/test_corpora.py``, not here.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------- the base system

BASE: dict[str, str] = {
    "organisations.csv": (
        "id,name,kind,aliases\n"
        "northshire-icb,NHS Northshire Integrated Care Board,icb,Northshire ICB\n"
        "northshire-hospitals-ft,Northshire Hospitals NHS Foundation Trust,foundation_trust,NHFT\n"
        "northshire-community,Northshire Community Health NHS Trust,nhs_trust,\n"
        "brightcare-ltd,Brightcare Homecare Ltd,company,\n"
    ),
    "bodies.csv": (
        "id,name,kind,owners,parent\n"
        "icb-board,Northshire ICB Board,board,northshire-icb,\n"
        "icb-finance,Finance and Investment Committee,committee,northshire-icb,icb-board\n"
    ),
    "people.csv": (
        "id,name,title\n"
        "ann-chair,Ann Chair,\n"
        "bob-partner,Bob Partner,\n"
        "carol-ned,Carol Ned,Dr\n"
        "dan-spouse,Dan Spouse,\n"
    ),
    "positions.csv": (
        "person,role,body,organisation,start,end\n"
        "ann-chair,chair,icb-board,,2022-07-01,\n"
        "bob-partner,partner_member,icb-board,,2022-07-01,\n"
        "bob-partner,chief_executive,,northshire-hospitals-ft,2019-01-01,\n"
        "carol-ned,non_executive_director,icb-board,,2023-04-01,\n"
    ),
    "interests.csv": (
        "id,person,organisation,types,indirect,associate,relationship,description,start,end\n"
        "int-1,bob-partner,northshire-hospitals-ft,financial,,,,Chief executive,2019-01-01,\n"
        "int-2,carol-ned,brightcare-ltd,financial,yes,dan-spouse,husband,Husband is a director,2021-05-01,\n"
    ),
    "meetings.csv": (
        "id,body,date,title,public\n"
        "board-2025-05,icb-board,2025-05-14,ICB Board (public) May 2025,yes\n"
    ),
    "agenda_items.csv": (
        "id,meeting,number,title,kind,value\n"
        "board-2025-05-7,board-2025-05,7,Community services contract award,decision,250000\n"
    ),
}


# --------------------------------------------------------------------------- helpers


Content = str | bytes | None  # None: the base file is removed


@dataclass
class Case:
    """One dataset folder: the base with ``files`` replaced, added (or removed when None)."""

    about: str
    files: dict[str, Content | Callable[[], bytes]] = field(default_factory=dict)


def xlsx(rows: list[list[object]], *, merges: tuple[str, ...] = (),
         cached: dict[str, str | float] | None = None, extra_sheets: tuple[str, ...] = (),
         number_formats: dict[str, str] | None = None, far: dict[str, object] | None = None) -> bytes:
    """A real workbook: ``rows`` on the first sheet, ``merges`` merged, ``cached`` formula results.

    ``cached`` maps a cell (``"A3"``) holding a formula to the result Excel would
    have saved with it; openpyxl never computes formulas, so without this a
    formula cell has no stored value (as in files written by scripts).
    """
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    for ref, value in (far or {}).items():  # cells far from the table (the sheet's size follows them)
        ws[ref] = value
    for name in extra_sheets:
        wb.create_sheet(name).append(["notes"])
    wb.properties.creator = "coigraph tests"
    import datetime as dt

    for ref, fmt in (number_formats or {}).items():
        ws[ref].number_format = fmt
    fixed = dt.datetime(2025, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if cached:
        data = _patch_sheet(data, cached)
    return _fixed_zip(data)


def _patch_sheet(data: bytes, cached: dict[str, str | float]) -> bytes:
    """Store formula results in sheet1 the way Excel does (``<v>`` after ``<f>``)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    xml = zin.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for ref, value in cached.items():
        # an empty <v/>, or <v></v> when openpyxl writes through lxml (python-docx brings it)
        pat = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)</c>')
        if not pat.search(xml):
            raise ValueError(f"no formula cell {ref} to store a result in")
        if isinstance(value, str):
            repl = rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v></c>'
        else:
            repl = rf'<c r="{ref}"\1><f>\2</f><v>{value!r}</v></c>'
        xml = pat.sub(repl, xml, count=1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = xml.encode("utf-8") if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info.filename, body)
    return out.getvalue()


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 and a fixed 'modified' property
    (openpyxl stamps the time of saving), so the bytes never change."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = zin.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2025-01-01T00:00:00Z\g<2>", body)
            zout.writestr(fixed, body)
    return out.getvalue()


INTEREST_COLUMNS = ["id", "person", "organisation", "types", "description", "start", "end"]


def _interests_xlsx() -> bytes:
    return xlsx([INTEREST_COLUMNS,
                 ["int-1", "bob-partner", "northshire-hospitals-ft", "financial", "Chief executive",
                  "2019-01-01", None]])


def _truncated_xlsx() -> bytes:
    whole = _interests_xlsx()
    return whole[: len(whole) * 2 // 3]


def _with_sheet_xml(xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``xml``."""
    zin = zipfile.ZipFile(io.BytesIO(_interests_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(fixed, body)
    return out.getvalue()


def _xml_bomb() -> bytes:
    """Sheet XML whose entities expand to 10^9 'lol's (the XML 'billion laughs')."""
    ents = [b'<!ENTITY lol "lol">'] + [
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)]
    return _with_sheet_xml(
        b'<?xml version="1.0"?><!DOCTYPE lolz [' + b"".join(ents) + b"]>"
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _laughs() -> str:
    """The 'billion laughs': nine levels of YAML aliases, each nine times the last."""
    lines = ['- id: lol\n  name: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    for i in range(1, 10):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"- id: lol{i}\n  name: &l{i} [{refs}]\n")
    return "".join(lines)


# --------------------------------------------------------------------------- bad: must be refused

BAD: dict[str, Case] = {
    "binary_file": Case(
        "people.csv is a PNG image saved under the wrong name.",
        {"people.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
                       b"\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82"},
    ),
    "truncated_xlsx": Case(
        "interests.xlsx was cut off part-way (an interrupted download or a full disk).",
        {"interests.csv": None, "interests.xlsx": _truncated_xlsx},
    ),
    "legacy_xls_renamed": Case(
        "interests.xlsx is really an old binary .xls workbook renamed to .xlsx.",
        {"interests.csv": None,
         "interests.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
    ),
    "xlsx_damaged_xml": Case(
        "interests.xlsx is a valid zip whose worksheet XML stops half-way.",
        {"interests.csv": None, "interests.xlsx": lambda: _with_sheet_xml(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c>')},
    ),
    "xlsx_xml_bomb": Case(
        "interests.xlsx's worksheet declares XML entities that expand to a billion 'lol's.",
        {"interests.csv": None, "interests.xlsx": _xml_bomb},
    ),
    "csv_renamed_xlsx": Case(
        "interests.xlsx is really a CSV file renamed to .xlsx.",
        {"interests.xlsx": BASE["interests.csv"], "interests.csv": None},
    ),
    "undecodable_text": Case(
        "people.csv holds bytes that are neither UTF-8 nor Windows-1252 (0x81 on line 3).",
        {"people.csv": b"id,name\nann-chair,Ann Chair\nbob-partner,Bob \x81\x8d Partner\n"},
    ),
    "empty_required": Case(
        "organisations.csv is an empty file (0 bytes), but every dataset needs organisations.",
        {"organisations.csv": ""},
    ),
    "header_only_required": Case(
        "people.csv has its header line and no people.",
        {"people.csv": "id,name,title\n"},
    ),
    "missing_required": Case(
        "bodies.csv is missing from the folder.",
        {"bodies.csv": None},
    ),
    "dangling_reference": Case(
        "interests.csv row 2 names an organisation id that does not exist (a typo).",
        {"interests.csv": BASE["interests.csv"].replace(
            "bob-partner,northshire-hospitals-ft", "bob-partner,northshire-hospital-ft")},
    ),
    "duplicate_ids": Case(
        "people.csv gives the id 'bob-partner' to two rows (3 and 6).",
        {"people.csv": BASE["people.csv"] + "bob-partner,Robert Partner,\n"},
    ),
    "end_before_start": Case(
        "positions.csv row 2 ends before it starts (the dates are swapped).",
        {"positions.csv": BASE["positions.csv"].replace(
            "ann-chair,chair,icb-board,,2022-07-01,", "ann-chair,chair,icb-board,,2022-07-01,2021-06-30")},
    ),
    "circular_ownership": Case(
        "org_relations.csv makes two trusts each a subsidiary of the other.",
        {"org_relations.csv": (
            "source,kind,target\n"
            "northshire-community,subsidiary_of,northshire-hospitals-ft\n"
            "northshire-hospitals-ft,subsidiary_of,northshire-community\n")},
    ),
    "circular_committees": Case(
        "bodies.csv makes the board report to its own committee.",
        {"bodies.csv": BASE["bodies.csv"].replace("icb-board,Northshire ICB Board,board,northshire-icb,",
                                                  "icb-board,Northshire ICB Board,board,northshire-icb,icb-finance")},
    ),
    "enormous_cell": Case(
        "interests.csv row 2 has a 150,000-character description (a whole letter pasted in).",
        {"interests.csv": BASE["interests.csv"].replace("Chief executive", "x" * 150_000)},
    ),
    "csv_field_over_limit": Case(
        "interests.csv row 2 has a 250,000-character cell, over the CSV reader's limit; "
        "row 3 is broken too and must still be reported.",
        {"interests.csv": BASE["interests.csv"].replace("Chief executive", "y" * 250_000)
         .replace("carol-ned,brightcare-ltd,financial", "carol-ned,brightcare-ltd,financal")},
    ),
    "text_too_long": Case(
        "interests.csv row 2 has a 12,000-character description (the limit is 10,000).",
        {"interests.csv": BASE["interests.csv"].replace("Chief executive", "Director. " * 1_200)},
    ),
    "unknown_kind": Case(
        "organisations.csv row 3 gives a kind that is not in the vocabulary ('hospital').",
        {"organisations.csv": BASE["organisations.csv"].replace(",foundation_trust,", ",hospital,")},
    ),
    "unknown_interest_type": Case(
        "interests.csv row 2 misspells the interest type ('finanical').",
        {"interests.csv": BASE["interests.csv"].replace(
            "northshire-hospitals-ft,financial", "northshire-hospitals-ft,finanical")},
    ),
    "unknown_column": Case(
        "people.csv has a column 'emial' the model does not know.",
        {"people.csv": "id,name,emial\nann-chair,Ann Chair,ann@example.org\nbob-partner,Bob Partner,\n"
                       "carol-ned,Carol Ned,\ndan-spouse,Dan Spouse,\n"},
    ),
    "escape_codes_in_header": Case(
        "people.csv names a column with terminal escape codes in it: the error quotes it, "
        "and must show the codes, not obey them.",
        {"people.csv": "id,name,\x1b[2J\x1b]0;pwned\x07email\nann-chair,Ann Chair,x\n"},
    ),
    "garbage_row": Case(
        "interests.csv row 4 is keyboard noise.",
        {"interests.csv": BASE["interests.csv"] + "#$%^&*(),!!!,???,<<<>>>,,,,,,\n"},
    ),
    "broken_yaml": Case(
        "people.yaml line 5 is indented wrongly.",
        {"people.csv": None, "people.yaml": (
            "- id: ann-chair\n  name: Ann Chair\n- id: bob-partner\n  name: Bob Partner\n"
            "    title: Mr\n- id: carol-ned\n  name: Carol Ned\n- id: dan-spouse\n  name: Dan Spouse\n")},
    ),
    "yaml_mapping_not_list": Case(
        "people.yaml is a mapping of id to name, not a list of entries.",
        {"people.csv": None, "people.yaml": "ann-chair: Ann Chair\nbob-partner: Bob Partner\n"},
    ),
    "yaml_billion_laughs": Case(
        "people.yaml nests aliases nine deep: read naively it expands to billions of characters.",
        {"people.yaml": _laughs()},
    ),
    "yaml_deep_nesting": Case(
        "people.yaml nests 5,000 lists inside each other.",
        {"people.yaml": "- id: deep\n  name: " + "[" * 5000 + "]" * 5000 + "\n"},
    ),
    "yaml_nested_value": Case(
        "people.yaml: the entry on line 1 gives a mapping where a name is expected, the one on line 5 a list.",
        {"people.csv": None, "people.yaml": (
            "- id: ann-chair\n  name: {first: Ann, last: Chair}\n- id: bob-partner\n  name: Bob Partner\n"
            "- id: carol-ned\n  name: [Carol, Ned]\n- id: dan-spouse\n  name: Dan Spouse\n")},
    ),
    "wrong_column_count": Case(
        "interests.csv row 3 has more cells than the header (an unquoted comma).",
        {"interests.csv": BASE["interests.csv"].replace(
            "Husband is a director", "Husband is a director, Brightcare, since 2021")},
    ),
    "unclosed_quote": Case(
        "interests.csv row 2 opens a quote that never closes, swallowing the rows after it.",
        {"interests.csv": BASE["interests.csv"].replace(",Chief executive,", ',"Chief executive,')},
    ),
    "duplicate_header": Case(
        "people.csv names the column 'name' twice.",
        {"people.csv": "id,name,name\nann-chair,Ann Chair,Ann\n"},
    ),
    "unreadable_date": Case(
        "interests.csv row 2 starts on 31 February.",
        {"interests.csv": BASE["interests.csv"].replace(",Chief executive,2019-01-01,",
                                                         ",Chief executive,31/02/2019,")},
    ),
    "invalid_id": Case(
        "people.csv row 3 has a space in its id.",
        {"people.csv": BASE["people.csv"].replace("bob-partner,Bob Partner", "bob partner,Bob Partner")},
    ),
    "missing_required_field": Case(
        "people.csv row 4 has no name.",
        {"people.csv": BASE["people.csv"].replace("carol-ned,Carol Ned,Dr", "carol-ned,,Dr")},
    ),
    "not_a_number": Case(
        "agenda_items.csv row 2 gives the value in words.",
        {"agenda_items.csv": BASE["agenda_items.csv"].replace(",250000", ",about a quarter of a million")},
    ),
    "negative_value": Case(
        "agenda_items.csv row 2 has a negative value.",
        {"agenda_items.csv": BASE["agenda_items.csv"].replace(",250000", ",-250000")},
    ),
    "not_yes_or_no": Case(
        "meetings.csv row 2 says the meeting is public 'perhaps'.",
        {"meetings.csv": BASE["meetings.csv"].replace(",yes", ",perhaps")},
    ),
    "deputy_for_nobody": Case(
        "attendance.csv row 2 has a deputy without the member they stand in for.",
        {"attendance.csv": "meeting,person,status\nboard-2025-05,dan-spouse,deputising\n"},
    ),
    "interest_in_nothing": Case(
        "interests.csv row 4 names neither an organisation nor a subject.",
        {"interests.csv": BASE["interests.csv"] + "int-3,ann-chair,,non_financial_personal,,,,Trustee,,\n"},
    ),
    "many_rows_wrong": Case(
        "Errors in several rows of several files: every one must be reported, not just the first.",
        {"people.csv": BASE["people.csv"].replace("bob-partner,Bob Partner", "bob partner,Bob Partner")
         .replace("carol-ned,Carol Ned,Dr", "carol-ned,,Dr"),
         "interests.csv": BASE["interests.csv"].replace(
             "northshire-hospitals-ft,financial", "northshire-hospitals-ft,finanical")
         .replace("carol-ned,brightcare-ltd", "carol-nedd,brightcare-ltd")},
    ),
    "infinite_numbers": Case(
        "agenda_items.csv gives values no arithmetic can use: '1e309' (past the largest number), "
        "'Infinity' and 'NaN'; each must be refused, never printed as '£inf'.",
        {"agenda_items.csv": BASE["agenda_items.csv"].replace(",250000", ",1e309")
         + "board-2025-05-8,board-2025-05,8,Budget,decision,Infinity\n"
           "board-2025-05-9,board-2025-05,9,Estates,decision,NaN\n"},
    ),
    "date_out_of_range": Case(
        "interests.csv row 2 starts in the year 1 (a typo for 2021): no date arithmetic works there.",
        {"interests.csv": BASE["interests.csv"].replace(",Chief executive,2019-01-01,",
                                                         ",Chief executive,0001-01-01,")},
    ),
    "delegation_own_parent": Case(
        "delegations.csv row 2 is made under itself; rows 3 and 4 each under the other.",
        {"matters.csv": "code,name\ncontracts,Contract awards\n",
         "delegations.csv": (
             "id,from_body,to_body,matters,parent\n"
             "d-self,icb-board,icb-finance,contracts,d-self\n"
             "d-a,icb-board,icb-finance,contracts,d-b\n"
             "d-b,icb-finance,icb-board,contracts,d-a\n")},
    ),
    "xlsx_bad_cells": Case(
        "interests.xlsx row 3 has an Excel error value (#REF!) as the person and an unreadable date.",
        {"interests.csv": None, "interests.xlsx": lambda: xlsx([
            INTEREST_COLUMNS,
            ["int-1", "bob-partner", "northshire-hospitals-ft", "financial", "Chief executive", None, None],
            ["int-2", "#REF!", "brightcare-ltd", "financial", "Director", "sometime", None],
        ])},
    ),
}


# --------------------------------------------------------------------------- messy: must load, with warnings


def _merged_header_xlsx() -> bytes:
    """A register as ICBs publish it: a merged title row, then a header whose
    'description' cell is merged over two columns, one entry typed in the wrong one."""
    return xlsx([
        ["NHS Northshire ICB: Register of Interests 2025/26", None, None, None, None, None, None, None],
        [None] * 8,
        ["id", "person", "organisation", "types", "description", None, "start", "end"],
        ["int-1", "bob-partner", "northshire-hospitals-ft", "financial", "Chief executive", None,
         "2019-01-01", None],
        ["int-2", "carol-ned", "brightcare-ltd", "financial", None, "Husband is a director",
         "2021-05-01", None],
    ], merges=("A1:H1", "E3:F3"))


def _formulas_xlsx() -> bytes:
    """Formulas as Excel saves them (with their results), and one as a script writes it (without)."""
    import datetime as dt

    return xlsx([
        INTEREST_COLUMNS + ["declared"],
        ['="int-"&(ROW()-1)', "bob-partner", "northshire-hospitals-ft", "financial",
         '="Chief "&"executive"', dt.date(2019, 1, 1), None, "=DATE(2019,1,15)"],
        ["int-2", "carol-ned", "brightcare-ltd", "financial", "Director", "2021-05-01", None,
         "=TODAY()"],
    ], cached={"A2": "int-1", "E2": "Chief executive", "H2": 43480},
        number_formats={"H2": "yyyy-mm-dd", "H3": "yyyy-mm-dd"})


MESSY: dict[str, Case] = {
    "bom_csv": Case(
        "people.csv and organisations.csv start with a UTF-8 byte-order mark and use Windows "
        "line endings (Excel's 'CSV UTF-8').",
        {"people.csv": "\ufeff" + BASE["people.csv"].replace("\n", "\r\n"),
         "organisations.csv": "\ufeff" + BASE["organisations.csv"].replace("\n", "\r\n")},
    ),
    "cp1252_csv": Case(
        "people.csv was saved by Excel on Windows as plain 'CSV': Windows-1252, not UTF-8.",
        {"people.csv": (BASE["people.csv"] + "zoe-armstrong,Zoë Ármstrong,\nsian-oneill,Siân O\u2019Neill,Cllr\n")
         .encode("cp1252")},
    ),
    "header_only_optional": Case(
        "interests.csv has its header and no entries yet (a new register); attendance.csv is empty.",
        {"interests.csv": "id,person,organisation,types,description,start,end\n",
         "attendance.csv": ""},
    ),
    "register_dates": Case(
        "interests.csv writes dates the way registers do: 'April 2022', '01/04/22', 'Ongoing', "
        "'Present', 'N/A', 'Sept 2021', '2022/23'.",
        {"interests.csv": (
            "id,person,organisation,types,description,start,end\n"
            "int-1,bob-partner,northshire-hospitals-ft,financial,Chief executive,April 2022,Ongoing\n"
            "int-2,carol-ned,brightcare-ltd,non_financial_personal,Volunteer,01/04/22,Present\n"
            "int-3,ann-chair,northshire-community,non_financial_professional,Adviser,Sept 2021,April 2022\n"
            "int-4,dan-spouse,brightcare-ltd,financial,Director,2022/23,N/A\n")},
    ),
    "same_name_people": Case(
        "Two different people are both called 'Sam Patel' (a GP and a councillor).",
        {"people.csv": BASE["people.csv"] + "sam-patel-gp,Sam Patel,Dr\nsam-patel-cllr,Sam Patel,Cllr\n"},
    ),
    "xlsx_merged_header": Case(
        "interests.xlsx has a merged title row above the header and a header cell merged "
        "over two columns, with one description typed in the second (unnamed) column.",
        {"interests.csv": None, "interests.xlsx": _merged_header_xlsx},
    ),
    "xlsx_formulas": Case(
        "interests.xlsx computes cells with formulas: saved with their results (as Excel does), "
        "except one whose result was never calculated.",
        {"interests.csv": None, "interests.xlsx": _formulas_xlsx},
    ),
    "excel_style_values": Case(
        "Headers in capitals with spaces, cells padded with spaces, money as '£1.2m' and "
        "'£250,000', yes/no as 'Yes'/'N', trailing empty columns and blank lines.",
        {"agenda_items.csv": (
            "ID,Meeting,Number,Title,Kind,Value,Confidential,,\n"
            " board-2025-05-7 , board-2025-05 ,7,Community services contract award,decision,\"£250,000\",N,,\n"
            "\n"
            "board-2025-05-8,board-2025-05,8,Urgent care investment,decision,£1.2m,Yes,,\n"
            ",,,,,,,,\n")},
    ),
    "semicolon_csv": Case(
        "organisations.csv uses ';' between cells (Excel in a European locale).",
        {"organisations.csv": BASE["organisations.csv"].replace(",", ";")},
    ),
    "stray_files": Case(
        "The folder also holds notes, a budget workbook and an Excel lock file.",
        {"notes.txt": "call Ann about the register\n",
         "budget.xlsx": lambda: xlsx([["line", "amount"], ["community", 250000]]),
         "~$interests.xlsx": b"\x00lock"},
    ),
    "control_characters": Case(
        "people.csv holds terminal escape codes, a bell and a backspace inside names (pasted from a "
        "system export): removed, with a warning, so no output can replay them.",
        {"people.csv": BASE["people.csv"].replace("Bob Partner", "Bob \x1b[2J\x1b]0;pwned\x07Partner")
         .replace("Carol Ned", "Carol\x08 Ned")},
    ),
    "csv_title_row": Case(
        "interests.csv (exported from a published register) starts with a title line.",
        {"interests.csv": "Register of interests: NHS Northshire ICB\n" + BASE["interests.csv"]},
    ),
    "xlsx_far_cell": Case(
        "interests.xlsx (5 KB) has one stray mark at XFD1048576, the last cell of a sheet: read by "
        "its used range, it loads at once, the stray cell reported and ignored.",
        {"interests.csv": None, "interests.xlsx": lambda: xlsx([
            INTEREST_COLUMNS,
            ["int-1", "bob-partner", "northshire-hospitals-ft", "financial", "Chief executive", "2019-01-01", None],
        ], far={"XFD1048576": "x"})},
    ),
    "unicode_forms": Case(
        "people.csv spells one name with a decomposed accent (NFD, as a Mac types it) and one with "
        "the composed one (NFC), and two ids differ only in capitals; a name hides a right-to-left "
        "override (U+202E).",
        {"people.csv": BASE["people.csv"] + "zoe-a,Zoe\u0308 Adams,\nzoe-b,Zo\u00eb Adams,\n"
                       "Zoe-B,Zoe Brown,\neve-x,Eve \u202eXavier,\n"},
    ),
}


# --------------------------------------------------------------------------- hostile: a system, crash cases

#: Markers planted in private interests and in free text that mentions them: none may appear in any
#: redacted output.  (The private associate's name and alias are withheld too.)
SECRETS = ["SECRET-DESC-7f3a", "SECRET-MIT-7f3a", "SECRET-SUBJ-7f3a", "SECRET-PERS-7f3a",
           "SECRET-MIT2-7f3a", "SECRET-CHARITY-7f3a", "SECRET-SUM-7f3a", "SECRET-NOTE-7f3a",
           "SECRET-MIN-7f3a", "SECRET-MIN2-7f3a", "SECRET-POST-7f3a", "Samuel Secretname", "Secretname"]
#: Text that stays text everywhere: markup, script, formulas, template braces, Markdown, Cypher, shell.
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
            "{{7*7}}", '=HYPERLINK("http://evil.example","x")', "@SUM(1)", "[red]x[/red]",
            "| a | [link](javascript:alert(1)) `code`", "'); MATCH (n) DETACH DELETE n; //", "$(rm -rf ~)"]


def _csv(rows: list[list[object]]) -> str:
    import csv as _csv_module

    buf = io.StringIO()
    w = _csv_module.writer(buf, lineterminator="\n")
    w.writerows([["" if c is None else c for c in r] for r in rows])
    return buf.getvalue()


def _hostile_system() -> dict[str, str]:
    """A small system with a payload in every free-text field and secrets in its private interests.

    Bob (partner member) has an indirect interest through his husband Samuel Secretname, a private
    person (alias 'Board', so an over-eager redaction would rewrite 'ICB Board'); Carol has two
    non-financial personal interests.  Minutes, an item's summary and a note say those interests
    in words.  Eve's name hides a right-to-left override and an escape code (removed on loading,
    with a warning); a name is decomposed (NFD).
    """
    P = PAYLOADS
    return {
        "organisations.csv": _csv([
            ["id", "name", "kind", "aliases"],
            ["icb", f"NHS Northshire ICB {P[1]}", "icb", "Northshire ICB"],
            ["hospital", f"Northshire Hospitals {P[8]}", "foundation_trust", "NHFT"],
            ["brightcare", f"Brightcare {P[9]} Ltd", "company", ""],
            ["lodge-charity", f"Lodge Charity {P[2]}", "vcse", ""]]),
        "bodies.csv": _csv([
            ["id", "name", "kind", "owners", "parent"],
            ["icb-board", f"ICB Board {P[3]}", "board", "icb", ""],
            ["icb-finance", f"Finance Committee {P[6]}", "committee", "icb", "icb-board"]]),
        "people.csv": _csv([
            ["id", "name", "title", "aliases"],
            ["ann-chair", f"Ann {P[0]} Chair", "", ""],
            ["bob-partner", f"Bob {P[4]} Partner", "", ""],
            ["carol-ned", f"Carol {P[3]} Ned {P[6]}", "Dr", ""],
            ["dan-exec", f"Dan {P[7]} Exec", "", ""],
            ["eve-officer", "Eve \u202eOfficer\x1b[2J", "", ""],
            ["zoe-nfd", "Zoe\u0308 Lindqvist \u0645\u0633\u062a\u0634\u0641\u0649", "", ""],
            ["sam-secret", "Samuel Secretname", "", "Board;S. Secretname"]]),
        "positions.csv": _csv([
            ["person", "role", "body", "organisation", "start", "description"],
            ["ann-chair", "chair", "icb-board", "", "2022-07-01", ""],
            ["bob-partner", "partner_member", "icb-board", "", "2022-07-01", ""],
            ["bob-partner", "chief_executive", "", "hospital", "2019-01-01", f"Chief executive {P[2]}"],
            ["carol-ned", "non_executive_director", "icb-board", "", "2023-04-01", ""],
            ["carol-ned", "trustee", "", "lodge-charity", "2020-01-01", "Trustee SECRET-POST-7f3a"],
            ["dan-exec", "executive_director", "icb-board", "", "2023-04-01", f"Finance {P[5]}"],
            ["eve-officer", "employee", "", "icb", "2021-01-01", ""],
            ["zoe-nfd", "member", "icb-finance", "", "2024-01-01", ""],
            ["sam-secret", "director", "", "brightcare", "2018-01-01", "Director SECRET-DESC-7f3a"]]),
        "associations.csv": _csv([
            ["person", "associate", "kind", "relationship"],
            ["bob-partner", "sam-secret", "spouse_partner", "husband"]]),
        "interests.csv": _csv([
            ["id", "person", "organisation", "subject", "types", "indirect", "associate", "relationship",
             "description", "start", "declared", "mitigation"],
            ["int-1", "bob-partner", "hospital", "", "financial", "no", "", "", f"Chief executive {P[4]}",
             "2019-01-01", "2025-04-01", f"Leaves for hospital items {P[0]}"],
            ["int-2", "bob-partner", "brightcare", "", "financial", "yes", "sam-secret", "husband",
             "SECRET-DESC-7f3a Husband is a director of Brightcare", "2018-01-01", "2025-04-01",
             "SECRET-MIT-7f3a No part in home care awards"],
            ["int-3", "carol-ned", "", "SECRET-SUBJ-7f3a Freemasons lodge", "non_financial_personal", "no",
             "", "", "SECRET-PERS-7f3a Master of the lodge", "2015-01-01", "2025-04-01",
             "Declares at items on the lodge SECRET-MIT2-7f3a"],
            ["int-4", "carol-ned", "lodge-charity", "", "non_financial_personal", "no", "", "",
             "SECRET-CHARITY-7f3a Trustee of the Lodge charity", "2020-01-01", "2025-04-01", ""]]),
        "matters.csv": _csv([
            ["code", "name", "parent"],
            ["contracts", f"Contract awards {P[2]}", ""],
            ["contracts.home", f"Home care {P[3]}", "contracts"]]),
        "meetings.csv": _csv([
            ["id", "body", "date", "title", "public"],
            ["board-2025-05", "icb-board", "2025-05-14", f"ICB Board (public) May 2025 {P[0]}", "yes"]]),
        "attendance.csv": _csv([
            ["meeting", "person", "status"],
            *[["board-2025-05", p, "present"] for p in ("ann-chair", "bob-partner", "carol-ned", "dan-exec")],
            ["board-2025-05", "eve-officer", "in_attendance"]]),
        "agenda_items.csv": _csv([
            ["id", "meeting", "number", "title", "kind", "value", "matter", "summary"],
            ["item-7", "board-2025-05", "7", f"Home care contract award {P[3]}", "decision", "250000",
             "contracts.home", "Award to Brightcare; Samuel Secretname is a director (SECRET-SUM-7f3a)"],
            ["item-8", "board-2025-05", "8", f"Hospital investment {P[5]}", "decision", "£1.2m", "contracts",
             f"Capital for the hospital {P[7]} {P[1]}"]]),
        "affected_organisations.csv": _csv([
            ["item", "organisation", "effect", "note"],
            ["item-7", "brightcare", "award", "his husband directs it SECRET-NOTE-7f3a"],
            ["item-7", "lodge-charity", "information",
             "Dr Ned declared: SECRET-CHARITY-7f3a Trustee of the Lodge charity"],
            ["item-8", "hospital", "investment", f"Public note {P[6]}"]]),
        "delegations.csv": _csv([
            ["id", "from_body", "to_body", "to_person", "matters", "limit", "instrument", "parent", "start"],
            ["d-fic", "icb-board", "icb-finance", "", "contracts", "1000000", f"SoRD 2.1 {P[0]}", "", "2023-04-01"],
            ["d-eve", "icb-finance", "", "eve-officer", "contracts.home", "100000", f"FIC ToR {P[4]}", "d-fic",
             "2023-04-01"]]),
        "decisions.csv": _csv([
            ["id", "matter", "by_body", "by_person", "date", "value", "item", "delegation", "description"],
            ["dec-1", "contracts.home", "icb-board", "", "2025-05-14", "250000", "item-7", "",
             f"Awarded {P[7]}"],
            ["dec-2", "contracts.home", "", "eve-officer", "2025-06-01", "150000", "", "d-eve",
             f"Urgent award {P[2]}"]]),
        "minutes.csv": _csv([
            ["meeting", "item", "kind", "person", "organisation", "text"],
            ["board-2025-05", "", "chair", "ann-chair", "", f"Ann chaired {P[3]}"],
            ["board-2025-05", "item-7", "declaration", "bob-partner", "brightcare",
             "Bob Partner declared that his husband is a director of Brightcare (SECRET-MIN-7f3a)."],
            ["board-2025-05", "item-7", "withdrawal", "bob-partner", "brightcare",
             f"Bob left the room {P[0]}"],
            ["board-2025-05", "item-8", "declaration", "bob-partner", "hospital",
             f"Bob declared his post as chief executive {P[7]}"],
            ["board-2025-05", "item-7", "declaration", "carol-ned", "lodge-charity",
             "Carol declared her trusteeship (SECRET-MIN2-7f3a)"]]),
    }


def _register(rows: list[list[object]]) -> str:
    header = ["Name", "Job Title/Role", "Type of Interest", "Description of Interest", "Organisation",
              "Date of Interest From", "Date of Interest To", "Date of declaration",
              "Action taken to mitigate risk", "Ref"]
    return _csv([header, *rows])


def _entry(**change: str) -> list[object]:
    row = {"name": "Dr Jane Smith", "role": "Chair", "type": "Financial Interest",
           "description": "Director of Northshire GP Federation Ltd", "organisation": "", "start": "01/06/2021",
           "end": "", "declared": "02/04/2024", "mitigation": "", "ref": ""}
    row.update(change)
    return list(row.values())


def _far_cell_register() -> bytes:
    return xlsx([["Name", "Job Title/Role", "Type of Interest", "Description of Interest"],
                 ["Dr Jane Smith", "Chair", "Financial Interest", "Director of Northshire GP Federation Ltd"]],
                far={"XFD1048576": "x"})


#: Files that crashed an entry point once (issue 23): registers, a policy, composition rules.
#: What each must give is asserted in tests/test_corpora.py.
HOSTILE_FILES: dict[str, Content | Callable[[], bytes]] = {
    "registers/name-too-long.csv": _register([_entry(name="Dr " + "Jane" * 300)]),
    "registers/description-too-long.csv": _register([_entry(description="Director. " * 1_200)]),
    "registers/mitigation-too-long.csv": _register([_entry(mitigation="No part. " * 1_200)]),
    "registers/organisation-too-long.csv": _register([_entry(organisation="Federation " * 100)]),
    "registers/reference-too-long.csv": _register([_entry(ref="REF" + "9" * 300)]),
    "registers/far-cell.xlsx": _far_cell_register,
    "policies/deep.yaml": "name: deep\nrules: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "rules/deep.yaml": "rules: " + "[" * 5_000 + "]" * 5_000 + "\n",
}
HOSTILE_ABOUT = """Hostile input of coigraph's own (issue 23), written by tests/data/make_corpora.py.

system/: a small system with a payload in every free-text field and secrets planted in its
private interests and in the free text that mentions them; every command and format runs over it
(tests/test_corpora.py), HTML in Chromium, and no secret may appear in a redacted output.
registers/, policies/, rules/: files that once crashed an entry point; each must now give a clear
error (exit code 2) or load.
"""


# --------------------------------------------------------------------------- writing


def build_case(folder: Path, case: Case) -> None:
    """Write the base with ``case``'s changes into ``folder`` (emptied first)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files: dict[str, Content | Callable[[], bytes]] = {**BASE, **case.files}
    for name, content in sorted(files.items()):
        if content is None:
            continue
        if callable(content):
            content = content()
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    (folder / "README.md").write_text(case.about + "\n", encoding="utf-8")


def build_hostile(folder: Path) -> None:
    """Write the hostile corpus into ``folder`` (emptied first): the system and the crash files."""
    if folder.exists():
        shutil.rmtree(folder)
    system = folder / "system"
    system.mkdir(parents=True)
    for name, text in sorted(_hostile_system().items()):
        (system / name).write_bytes(text.encode("utf-8"))
    for rel, content in sorted(HOSTILE_FILES.items()):
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content() if callable(content) else content
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data or b"")
    (folder / "README.md").write_text(HOSTILE_ABOUT, encoding="utf-8")


def build(root: Path = HERE) -> list[Path]:
    """Write every case of the corpora under ``root``; returns the case folders."""
    out = []
    for corpus, cases in (("bad", BAD), ("messy", MESSY)):
        base = root / corpus
        if base.exists():
            for old in base.iterdir():
                if old.is_dir() and old.name not in cases:
                    shutil.rmtree(old)
        for name, case in cases.items():
            build_case(base / name, case)
            out.append(base / name)
    build_hostile(root / "hostile")
    out.append(root / "hostile")
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    written = build(target)
    print(f"wrote {len(written)} case folders under {target}")
