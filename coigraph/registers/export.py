"""A dataset's register of interests as an ICB-style spreadsheet (the reverse of the import).

The layout is the one ICBs publish: title rows, then a two-row header with
"Type of Interest" over four tick boxes and "Date of Interest" over From and
To, one row per declared interest, nil returns as "Nil return" rows, open
end dates written "Ongoing".  Importing the file back with
``coigraph import-register`` gives the same interests (the Ref column carries
each interest's id).

Every text cell is written as text, never as a formula, and text starting with
'=', '+', '-' or '@' is marked as quoted text (Excel's own apostrophe prefix),
so a register entry such as ``=HYPERLINK(...)`` shows as written and never
runs.  Output is deterministic: the same dataset gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from coigraph.errors import UsageError
from coigraph.load.dataset import Dataset
from coigraph.load.readers import CONTROL_CHARS
from coigraph.model import InterestType
from coigraph.output import FORMULA_START, to_csv
from coigraph.words import humanise

#: The two header rows: (group heading or None, column heading).
COLUMNS: tuple[tuple[str | None, str], ...] = (
    (None, "Ref"),
    (None, "Name"),
    (None, "Position"),
    ("Type of Interest", "Financial"),
    ("Type of Interest", "Non-Financial Professional"),
    ("Type of Interest", "Non-Financial Personal"),
    ("Type of Interest", "Indirect"),
    (None, "Description of Interest"),
    (None, "Organisation"),
    (None, "Associate"),
    (None, "Relationship"),
    ("Date of Interest", "From"),
    ("Date of Interest", "To"),
    (None, "Date Declared"),
    (None, "Action taken to mitigate risk"),
)

_TICKS = (InterestType.financial, InterestType.non_financial_professional,
          InterestType.non_financial_personal)
_FIXED_TIME = dt.datetime(2000, 1, 1)


def _person_label(p: Any) -> str:
    return f"{p.title} {p.name}" if p.title else p.name


def _positions(ds: Dataset) -> dict[str, str]:
    """Each person's current posts in words ('Chief Executive, NHS Northshire ICB'), for the Position column."""
    bodies = {b.id: b.name for b in ds.table("bodies")}
    orgs = {o.id: o.name for o in ds.table("organisations")}
    posts: dict[str, set[str]] = {}
    for pos in ds.table("positions"):
        if pos.end is not None:
            continue
        where = bodies.get(pos.body or "") or orgs.get(pos.organisation or "") or ""
        what = pos.description or humanise(pos.role).capitalize()
        posts.setdefault(pos.person, set()).add(f"{what}, {where}" if where else what)
    return {p: "; ".join(sorted(v)[:3]) for p, v in posts.items()}


def register_rows(ds: Dataset) -> list[list[Any]]:
    """The register's data rows (no header), one per interest or nil return, by person then date.

    Values are plain: dates as :class:`datetime.date`, open end dates as
    "Ongoing", ticks as "X".
    """
    people = {p.id: p for p in ds.table("people")}
    orgs = {o.id: o.name for o in ds.table("organisations")}
    posts = _positions(ds)
    rows: list[tuple[tuple, list[Any]]] = []
    for i in ds.table("interests"):
        p = people[i.person]
        types = {str(t) for t in i.types}
        row = [
            i.id, _person_label(p), posts.get(p.id, ""),
            *("X" if str(t) in types else "" for t in _TICKS),
            "X" if i.indirect else "",
            i.description or "",
            orgs.get(i.organisation or "", "") or i.subject or "",
            _person_label(people[i.associate]) if i.associate and i.associate in people else "",
            i.relationship or "",
            i.start, i.end if i.end else "Ongoing",
            i.declared, i.mitigation or "",
        ]
        rows.append(((p.name, p.id, 0, i.start or dt.date.min, i.id), row))
    for n in ds.table("nil_returns"):
        p = people[n.person]
        row = ["", _person_label(p), posts.get(p.id, ""), "", "", "", "", "Nil return", "", "", "",
               None, None, n.date, ""]
        rows.append(((p.name, p.id, 1, n.date, ""), row))
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


def export_register(ds: Dataset, *, fmt: str = "xlsx", title: str | None = None) -> bytes | str:
    """The dataset's register as an ICB-style ``xlsx`` workbook (bytes) or ``csv`` text.

    The CSV has one header row ("Type of Interest: Financial", ...) and is
    injection-safe in the usual way (a leading apostrophe).
    """
    title = title or f"{ds.name}: register of interests"
    rows = register_rows(ds)
    if fmt == "csv":
        header = [f"{g}: {c}" if g else c for g, c in COLUMNS]
        return to_csv(header, [[_csv_value(v) for v in r] for r in rows])
    if fmt != "xlsx":
        raise UsageError(f"the register can be exported as xlsx or csv, not '{fmt}'")
    return _workbook(title, rows)


def _csv_value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return v


def _workbook(title: str, rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Register of interests"
    width = len(COLUMNS)
    set_text(ws.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    set_text(ws.cell(row=2, column=1),
             "Exported by coigraph from the dataset. Dates are day/month/year; X marks the type(s) "
             "of each interest.")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    head, sub = 4, 5
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    col = 1
    while col <= width:
        group, name = COLUMNS[col - 1]
        if group is None:
            set_text(ws.cell(row=head, column=col), name)
            ws.merge_cells(start_row=head, start_column=col, end_row=sub, end_column=col)
            col += 1
            continue
        span = 1
        while col - 1 + span < width and COLUMNS[col - 1 + span][0] == group:
            span += 1
        set_text(ws.cell(row=head, column=col), group)
        ws.merge_cells(start_row=head, start_column=col, end_row=head, end_column=col + span - 1)
        for k in range(span):
            set_text(ws.cell(row=sub, column=col + k), COLUMNS[col - 1 + k][1])
        col += span
    for r in (head, sub):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, row in enumerate(rows, start=sub + 1):
        for j, v in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)
            if isinstance(v, dt.date):
                cell.value = v
                cell.number_format = "DD/MM/YYYY"
            elif v is None or v == "":
                continue
            else:
                set_text(cell, str(v))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = (14, 24, 30, 10, 13, 13, 10, 48, 34, 20, 16, 12, 12, 12, 40)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = ws.cell(row=sub + 1, column=3)
    return xlsx_bytes(wb)


def set_text(cell: Any, text: str) -> Any:
    """Put ``text`` in a cell as text, never a formula; risky text shown with Excel's quote prefix.

    Control characters (which a workbook cannot hold, and a terminal would obey) and
    text-direction overrides are left out.
    """
    text = CONTROL_CHARS.sub("", text) if isinstance(text, str) else text
    cell.value = text
    cell.data_type = "s"
    if isinstance(text, str) and text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def xlsx_bytes(wb: Any) -> bytes:
    """Save a workbook with fixed timestamps (document properties and zip entries): same input, same bytes."""
    wb.properties.created = _FIXED_TIME
    wb.properties.modified = _FIXED_TIME
    wb.properties.lastModifiedBy = "coigraph"
    wb.properties.creator = "coigraph"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            data = _strip_modified(info.filename, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _strip_modified(name: str, data: bytes) -> bytes:
    """openpyxl stamps docProps/core.xml with the save time whatever was set; put the fixed time back."""
    if name != "docProps/core.xml":
        return data
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data)
