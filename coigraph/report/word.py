"""Papers as Word documents (python-docx): the same blocks as the HTML, laid out for A4.

:func:`to_docx` writes a :class:`~coigraph.report.paper.Paper` as ``.docx``
bytes: the title, a table of what it covers, headings, paragraphs, lists and
tables whose header row repeats at the top of every page, with page numbers
in the footer ("Page 3 of 7").  Without a template the page is A4 with 20 mm
margins (landscape-free: wide tables wrap within the width).

``template``: an ICB's own ``.docx`` (its styles, page setup, header with a
logo, footer).  Its body is replaced by the paper; everything else is kept,
and these of its styles are used, by name, when it has them (else Word's
built-in ones): ``Title``, ``Heading 1``, ``Heading 2``, ``Heading 3``,
``Normal``, ``List Bullet``, ``List Number``, ``Table Grid`` (every table),
``Intense Quote`` (notes and verdicts).  Page numbers are added only when
its footer is empty.

The bytes are the same on every run: the document properties carry no
clock time (created and modified are fixed at 2000-01-01) and the zip is
rewritten with fixed entry dates.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from coigraph.errors import UsageError
from coigraph.report.paper import Bullets, Cell, Heading, Inline, Lines, Paper, Para, Table, spans

#: The style names a template may define (documented in docs/papers.md).
STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "List Bullet", "List Number",
          "Table Grid", "Intense Quote")
#: Document properties' dates, fixed so reruns give the same bytes.
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: Zip entry dates, fixed likewise (the earliest a zip can hold).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


#: The font of a code (a rule id) in a Word paper.
CODE_FONT = "Consolas"

def to_docx(paper: Paper, *, template: str | Path | None = None) -> bytes:
    """The paper as ``.docx`` bytes, in ``template``'s styles when given (see the module doc)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    doc = _open(template)
    if template is None:
        for sec in doc.sections:
            sec.orientation = WD_ORIENT.PORTRAIT
            sec.page_width, sec.page_height = Mm(210), Mm(297)
            sec.left_margin = sec.right_margin = Mm(20)
            sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    else:
        _clear_body(doc)
    styles = {s.name for s in doc.styles}
    width = _usable_width(doc)

    _para(doc, paper.title, _style(styles, "Title", "Heading 1"))
    rows = paper.covers.rows()
    if rows:
        _table(doc, styles, None, [[k, v] for k, v in rows], [1, 4], None, width, key_value=True,
               small=True)
    for b in paper.blocks:
        if isinstance(b, Heading):
            _para(doc, b.text, _style(styles, f"Heading {min(b.level, 3)}", "Heading 1"))
        elif isinstance(b, Para):
            style = _style(styles, "Intense Quote", "Normal") if b.style in ("note", "verdict") else "Normal"
            _para(doc, b.content, style)
        elif isinstance(b, Bullets):
            style = _style(styles, "List Number" if b.numbered else "List Bullet", "Normal")
            for i, item in enumerate(b.items, 1):
                prefix = "" if style != "Normal" else (f"{i}. " if b.numbered else "• ")
                _para(doc, [prefix, *spans(item)] if prefix else item, style)
        elif isinstance(b, Table):
            _table(doc, styles, b.header, b.rows, b.widths, b.row_styles, width, key_value=b.key_value)
    _page_numbers(doc)
    _properties(doc, paper)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _open(template: str | Path | None):
    from docx import Document

    if template is None:
        return Document()
    path = Path(template)
    if path.suffix.lower() != ".docx":
        raise UsageError(f"--template {path}: give a Word document (.docx; save a .dotx template "
                         "as a document first)")
    try:
        return Document(str(path))
    except FileNotFoundError as exc:
        raise UsageError(f"--template {path}: no such file") from exc
    except Exception as exc:  # a damaged or non-Word file: say so, never a traceback
        raise UsageError(f"--template {path}: not a Word document python-docx can open ({exc})") from exc


def _clear_body(doc) -> None:
    """Remove a template's body text and tables, keeping its section settings (the last sectPr)."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _style(styles: set[str], want: str, fallback: str) -> str:
    return want if want in styles else fallback if fallback in styles else "Normal"


def _usable_width(doc) -> int:
    sec = doc.sections[-1]
    try:
        return int(sec.page_width - sec.left_margin - sec.right_margin)
    except TypeError:  # a template without page size: A4 less 20 mm margins
        from docx.shared import Mm

        return int(Mm(170))


def _runs(p, content: Inline) -> None:
    for s in spans(content):
        r = p.add_run(s.text)
        if s.strong:
            r.bold = True
        if s.emph:
            r.italic = True
        if s.code:
            r.font.name = CODE_FONT


def _para(doc_or_cell, content: Inline, style: str):
    p = doc_or_cell.add_paragraph(style=style)
    _runs(p, content)
    return p


def _table(doc, styles: set[str], header: list[str] | None, rows: list[list[Cell]],
           widths: list[int] | None, row_styles: list[str] | None, usable: int, *,
           key_value: bool = False, small: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    n = len(header) if header else max((len(r) for r in rows), default=1)
    w = widths if widths and len(widths) == n else [1] * n
    col_widths = [int(usable * x / sum(w)) for x in w]
    table = doc.add_table(rows=0, cols=n)
    if "Table Grid" in styles:
        table.style = "Table Grid"
    table.autofit = False
    size = Pt(8) if small else Pt(9)

    def fill(cells, values: list[Cell], bold: bool = False, shade: str | None = None) -> None:
        for i, (cell, value) in enumerate(zip(cells, values, strict=False)):
            cell.width = col_widths[i]
            lines = value.lines if isinstance(value, Lines) else [value]
            first = True
            for line in lines:
                if not spans(line) and not first:
                    continue
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                for s in spans(line):
                    r = p.add_run(s.text)
                    r.font.size = size
                    r.bold = True if (bold or s.strong or (key_value and i == 0)) else None
                    r.italic = True if s.emph else None
                    if s.code:
                        r.font.name = CODE_FONT
            if shade:
                tc_pr = cell._tc.get_or_add_tcPr()
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:color"), "auto")
                shd.set(qn("w:fill"), shade)
                tc_pr.append(shd)

    if header:
        row = table.add_row()
        fill(row.cells, list(header), bold=True, shade="EEF1F5")
        tr_pr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # repeat this row at the top of every page
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    for i, values in enumerate(rows):
        row = table.add_row()
        alert = bool(row_styles and i < len(row_styles) and row_styles[i] == "alert")
        fill(row.cells, list(values), shade="FFF3E0" if alert else None)
        cant_split = OxmlElement("w:cantSplit")  # a short row stays on one page
        row._tr.get_or_add_trPr().append(cant_split)
    for i, col in enumerate(table.columns):
        col.width = col_widths[i]
    doc.add_paragraph(style="Normal")  # a gap after the table, as in the HTML


def _page_numbers(doc) -> None:
    """'Page N of M' in each section's footer, unless the template's footer already says something."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(run, code: str) -> None:
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif text == code:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {code} "
            else:
                el = OxmlElement("w:t")
                el.text = text
            run._r.append(el)

    for sec in doc.sections:
        footer = sec.footer
        if footer.is_linked_to_previous is False and any(p.text.strip() for p in footer.paragraphs):
            continue
        if any(p.text.strip() for p in footer.paragraphs) or footer._element.findall(qn("w:tbl")):
            continue
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Page ")
        field(p.add_run(), "PAGE")
        p.add_run(" of ")
        field(p.add_run(), "NUMPAGES")


def _properties(doc, paper: Paper) -> None:
    cp = doc.core_properties
    cp.title = paper.title[:255]
    cp.subject = (paper.covers.dataset or "")[:255]
    cp.author = "coigraph"
    cp.last_modified_by = "coigraph"
    cp.comments = "; ".join(f"{k}: {v}" for k, v in paper.covers.rows())[:255]
    cp.keywords = paper.kind
    cp.revision = 1
    cp.created = FIXED_DATE.replace(tzinfo=None)
    cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.last_printed = FIXED_DATE.replace(tzinfo=None)


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated :data:`ZIP_DATE` and plain permissions: same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


__all__ = ["to_docx", "STYLES", "FIXED_DATE"]
