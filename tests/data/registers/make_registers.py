"""Write the register files of this folder: registers laid out the ways ICBs and trusts publish them.

Run from the repository root:  .venv/bin/python tests/data/registers/make_registers.py

The files are committed (real Excel files are the test input); this script
shows how each was made and makes them again byte for byte.  People and
organisations are those of tests/data/register-import-icb/.  Each layout
copies something real registers do:

- plain-header.csv: one header row, types in words, 'Ongoing'/'Present'/'N/A'
- title-rows-merged-header.xlsx: title rows and an 'as at' date above a
  two-row merged header (tick boxes under 'Type of Interest', From/To under
  'Date of Interest'), section rows, the name cell merged down, blank rows,
  notes at the bottom, real Excel date cells
- trust-cp1252.csv: Windows-1252 (an Excel export), surname and forename in
  separate columns, a 'direct or indirect?' column, both dates in one cell
  ('2019 – Present')
- gp-federation.xlsx: other header words (Ref, Name of declarer, Category of
  interest, Interest declared, Organisation, Relationship), a notes row under
  the header, a formula-like description that must stay text
- review-cases.csv: entries a person must check (an ambiguous name, a near
  spelling, an unreadable date, two organisations in one description...)
- board-2024-04.csv and board-2024-05.csv: one register a month apart, for
  the change summary (an interest ends, one appears, one disappears, a new
  person, a changed mitigation)
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from coigraph.registers.export import set_text, xlsx_bytes  # noqa: E402


def write_csv(name: str, rows: list[list[str]], encoding: str = "utf-8") -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode(encoding))


PLAIN_HEADER = ["Name", "Job Title/Role", "Type of Interest", "Description of Interest",
                "Date of Interest From", "Date of Interest To", "Date of declaration",
                "Action taken to mitigate risk"]


def plain_header() -> None:
    write_csv("plain-header.csv", [
        PLAIN_HEADER,
        ["Dr Jane Smith", "Chair", "Financial Interest", "Director of Northshire GP Federation Ltd",
         "01/06/2021", "Ongoing", "02/04/2024", "Declares at meetings; no part in GP contract decisions"],
        ["Dr Jane Smith", "Chair", "Non-Financial Professional Interest",
         "Fellow of the Royal College of General Practitioners", "April 2022", "Present", "02/04/2024",
         "None required"],
        ["Cllr Asha Khan", "Partner Member (Local Authority)", "Non-Financial Personal Interest",
         "Trustee of St Anne's Hospice Northshire", "2019", "", "03/04/2024", ""],
        ["Sarah Brown", "Chief Nursing Officer", "Indirect Interest", "Husband is a partner at Riverside Surgery",
         "Sep-2021", "31/03/2024", "03/04/2024", "Does not take part in primary care decisions"],
        ["John Smith", "Director of Finance", "Nil return", "", "", "", "05/04/2024", ""],
        ["Prof Tom O'Neill", "Non-Executive Member", "Financial Interest; Non-Financial Professional Interest",
         "Honorary consultant at Northshire Hospitals NHS FT", "01/09/2015", "Current", "04/04/2024", ""],
        ["Mark Jones", "Director of Strategy", "Financial Interest", "Shareholder in Acme Diagnostics Ltd (5%)",
         "12/03/2020", "N/A", "04/04/2024", ""],
    ])


def title_rows_merged_header() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    set_text(ws["A1"], "NHS Northshire Integrated Care Board").font = Font(bold=True, size=14)
    ws.merge_cells("A1:J1")
    set_text(ws["A2"], "Register of Interests: Board Members and Senior Officers")
    ws.merge_cells("A2:J2")
    set_text(ws["A3"], "As at 30 April 2024")
    # row 4 blank; rows 5-6: the two-row header
    for col, text in (("A5", "Name"), ("B5", "Position"), ("C5", "Type of Interest"),
                      ("G5", "Description of Interest"), ("H5", "Date of Interest"),
                      ("J5", "Action taken to mitigate risk")):
        set_text(ws[col], text).font = Font(bold=True)
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.merge_cells("C5:F5")
    ws.merge_cells("G5:G6")
    ws.merge_cells("H5:I5")
    ws.merge_cells("J5:J6")
    for col, text in (("C6", "Financial"), ("D6", "Non-Financial Professional"),
                      ("E6", "Non-Financial Personal"), ("F6", "Indirect"), ("H6", "From"), ("I6", "To")):
        set_text(ws[col], text).font = Font(bold=True)
    rows: list[tuple[int, list[object]]] = [
        (7, ["Board Members"]),
        (8, ["Dr Jane Smith", "ICB Chair", "X", None, None, None, "Director of Northshire GP Federation Ltd",
             dt.datetime(2021, 6, 1), "Ongoing", "Declares at meetings; no part in GP contract decisions"]),
        (9, [None, None, None, "✓", None, None, "Fellow of the Royal College of General Practitioners",
             "April 2022", "Present", None]),
        (10, ["Cllr Asha Khan", "Partner Member", None, None, "X", None,
              "Trustee of St Anne's Hospice Northshire", "2019", None, None]),
        # row 11: only a description, under Cllr Khan's name (no type ticked, no dates)
        (11, [None, None, None, None, None, None, "Member of the Labour Party"]),
        (12, ["Executive Directors"]),
        (13, ["Sarah Brown", "Chief Nursing Officer", "X", None, None, "X",
              "Husband is a partner at Riverside Surgery", "Sep-2021", dt.datetime(2024, 3, 31),
              "Does not take part in primary care decisions"]),
        (14, ["John Smith", "Director of Finance", None, None, None, None, "Nil return", None, None, None]),
        (15, ["David Lee", "Chief Digital Officer", "Yes", None, None, None,
              "Lee Digital Consulting Ltd (director and shareholder)", "2018", "Mar-2023", None]),
        # row 16 blank
        (17, ["Notes: this register is published in line with NHS England's guidance "
              "'Managing conflicts of interest in the NHS'."]),
        (18, ["Key: X or ✓ = applies"]),
    ]
    for r, values in rows:
        for c, v in enumerate(values, start=1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(v, dt.datetime):
                cell.value = v
                cell.number_format = "DD/MM/YYYY"
            else:
                set_text(cell, str(v))
    ws.merge_cells("A7:J7")
    ws.merge_cells("A12:J12")
    ws.merge_cells("A8:A9")  # the name written once for two interests
    ws.merge_cells("A10:A11")
    ws.merge_cells("B8:B9")
    ws.merge_cells("A17:J17")
    (HERE / "title-rows-merged-header.xlsx").write_bytes(xlsx_bytes(wb))


def trust_cp1252() -> None:
    write_csv("trust-cp1252.csv", [
        ["Surname", "Forename", "Title", "Role", "Is the interest direct or indirect?", "Nature of interest",
         "Details", "Relevant dates", "Date of declaration"],
        ["BRONTË", "Zoë", "", "Non-executive director", "Direct", "Non-financial personal",
         "Volunteer at St Anne's Hospice Northshire", "2019 – Present", "12/04/2024"],
        ["Lee", "David", "Mr", "Chief Digital Officer", "Indirect", "Financial",
         "Son is employed by BrightCare Homes Ltd", "Jan 2023 – Dec 2024", "12/04/2024"],
        ["O'Neill", "Tom", "Prof", "Medical Director", "Direct", "Financial",
         "Private practice, £12,000 a year", "since 2010", "15/04/2024"],
        ["Jones", "Mark", "", "Director of Strategy", "", "Nothing to declare", "", "", "15/04/2024"],
    ], encoding="cp1252")


def gp_federation() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Declarations"
    header = ["Ref", "Name of declarer", "Job title", "Category of interest", "Interest declared",
              "Organisation", "Relationship", "Start date", "End date", "Date declared", "Comments"]
    for c, h in enumerate(header, start=1):
        set_text(ws.cell(row=1, column=c), h)
    set_text(ws.cell(row=2, column=1), "Please note: declarations are shown as submitted by each individual.")
    rows = [
        ["GPF-001", "Dr Priya Shah", "Clinical Director, Acorn PCN", "Financial",
         "Clinical Director (paid sessions)", "Acorn PCN", None, dt.datetime(2019, 7, 1), None,
         dt.datetime(2024, 4, 10), None],
        ["GPF-002", "Dr P. Shah", "GP", "Non-financial professional", "GP appraiser for NHS England", None, None,
         dt.datetime(2021, 1, 1), "Present", dt.datetime(2024, 4, 10), None],
        None,  # a blank row in the middle of the table
        ["GPF-003", "Sarah Brown", "Practice Manager", "Financial / Indirect", "Partner in the practice",
         "Riverside Surgery", "Husband", "2015", None, dt.datetime(2024, 4, 11), None],
        ["GPF-004", "John Smith", "Finance Director", "Financial",
         '=HYPERLINK("http://evil.example/x","click here")', "Northshire County Council", None, "2020", None,
         dt.datetime(2024, 4, 11), "Formula-like text, kept as text"],
    ]
    r = 3
    for row in rows:
        if row is not None:
            for c, v in enumerate(row, start=1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(v, dt.datetime):
                    cell.value = v
                    cell.number_format = "DD/MM/YYYY"
                else:
                    set_text(cell, str(v))
        r += 1
    (HERE / "gp-federation.xlsx").write_bytes(xlsx_bytes(wb))


def review_cases() -> None:
    write_csv("review-cases.csv", [
        ["Name", "Role", "Type", "Description", "From", "To", "Declared"],
        ["J Smith", "Board member", "Financial", "Director of Northshire GP Federation Ltd", "2020", "", "01/04/2024"],
        ["Priya Shaw", "Clinical Director", "Financial", "Clinical director of Acorn PCN", "2019", "", "01/04/2024"],
        ["Dr Alan Turing", "Clinical Adviser", "Non-financial professional",
         "Adviser to the Royal College of Physicians", "2018", "", "01/04/2024"],
        ["Mark Jones", "Director of Strategy", "Financial", "Director of Northshire GP Fed", "Spring 2020", "",
         "01/04/2024"],
        ["David Lee", "Chief Digital Officer", "Financial",
         "Director of Northshire Hospitals NHS FT and Riverside Surgery", "2021", "", "01/04/2024"],
        ["Prof Tom O'Neill", "Non-Executive Member", "", "Attends conferences", "2022", "", "01/04/2024"],
        ["Cllr Asha Khan", "Partner Member", "Non-financial personal", "Volunteer at St Anne's Hospice Northshire",
         "2020", "2019", "01/04/2024"],
        ["Zoe Bronte", "Non-executive director", "Non-financial personal", "Member of the Ramblers", "2015", "",
         "01/04/2024"],
    ])


def board_months() -> None:
    april = [
        PLAIN_HEADER,
        ["Dr Jane Smith", "Chair", "Financial Interest", "Director of Northshire GP Federation Ltd",
         "01/06/2021", "Ongoing", "02/04/2024", "No part in GP contract decisions"],
        ["Dr Jane Smith", "Chair", "Non-Financial Professional Interest",
         "Fellow of the Royal College of General Practitioners", "April 2022", "Present", "02/04/2024", ""],
        ["Cllr Asha Khan", "Partner Member", "Non-Financial Personal Interest",
         "Trustee of St Anne's Hospice Northshire", "2019", "", "03/04/2024", "Declares at meetings"],
        ["Prof Tom O'Neill", "Non-Executive Member", "Financial Interest",
         "Honorary consultant at Northshire Hospitals NHS FT", "01/09/2015", "Current", "04/04/2024", ""],
        ["Mark Jones", "Director of Strategy", "Financial Interest", "Shareholder in Acme Diagnostics Ltd",
         "12/03/2020", "N/A", "04/04/2024", ""],
    ]
    may = [
        PLAIN_HEADER,
        ["Dr Jane Smith", "Chair", "Financial Interest", "Director of Northshire GP Federation Ltd",
         "01/06/2021", "30/04/2024", "01/05/2024", "No part in GP contract decisions"],
        ["Dr Jane Smith", "Chair", "Non-Financial Professional Interest",
         "Fellow of the Royal College of General Practitioners", "April 2022", "Present", "02/04/2024", ""],
        ["Cllr Asha Khan", "Partner Member", "Non-Financial Personal Interest",
         "Trustee of St Anne's Hospice Northshire", "2019", "", "03/04/2024",
         "Leaves the meeting for items on hospice funding"],
        ["Mark Jones", "Director of Strategy", "Financial Interest", "Director of BrightCare Homes Ltd",
         "01/05/2024", "", "02/05/2024", "No part in care home contract decisions"],
        ["Dr Helen Carter", "Medical Director", "Financial Interest", "GP partner at Riverside Surgery",
         "2010", "", "02/05/2024", ""],
        ["John Smith", "Director of Finance", "Nil", "", "", "", "02/05/2024", ""],
    ]
    write_csv("board-2024-04.csv", april)
    write_csv("board-2024-05.csv", may)


if __name__ == "__main__":
    plain_header()
    title_rows_merged_header()
    trust_cp1252()
    gp_federation()
    review_cases()
    board_months()
    print("wrote the registers in", HERE)
