"""Read one table file (YAML, CSV or XLSX) into raw rows, each with its row number.

Readers only turn bytes into ``(row_number, {column: value})`` pairs; checking
the values against the domain model is :mod:`coigraph.load.dataset`'s job.
Every failure becomes a :class:`~coigraph.errors.Problem` naming the file and
row, never an exception with a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from coigraph.errors import DataError, Problem, Severity

RawRow = tuple[int, dict[str, Any]]

#: Longest cell accepted (characters); registers sometimes paste whole letters.
MAX_CELL = 100_000
csv.field_size_limit(MAX_CELL * 2)

SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")

#: Characters no cell needs and a terminal obeys (escape codes, bells, NULs), and the
#: bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make text display in
#: an order other than the one it is stored in ("Trojan Source"); tabs and line breaks are kept.
#: The loader removes them from values; outputs remove them too; messages show them escaped.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Most columns read from a worksheet: a table has a few dozen; a cell far to the right (a stray
#: mark at XFD1048576) is reported and ignored rather than read as 16,384 columns.
MAX_COLUMNS = 1_000
#: Largest worksheet XML read (bytes, uncompressed): a 200,000-row register is about 60 MB.
MAX_SHEET_BYTES = 1_000_000_000
#: Dates accepted anywhere (data, options): a date outside is a typo ('0001-01-01', '20225-01-01'),
#: and arithmetic on it (six months before, six years after) would fail.
DATE_MIN = dt.date(1800, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)
#: Deepest nesting of a JSON export (an export nests four levels: graph, nodes, node, list).
MAX_JSON_DEPTH = 20


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a data file, or None if it is a regular file.

    A named pipe (FIFO) would block the reader forever and a device could be read
    without end, so only regular files (or links to them) are read.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"{kind}, not a regular file; only ordinary files are read"


def clean_text(value: str) -> tuple[str, int]:
    """``value`` without control characters and in Unicode NFC; and how many were removed.

    NFC makes a name typed on a Mac (decomposed accents, NFD) equal to the same
    name typed on Windows (composed), so they match, sort and compare as one.
    """
    n = 0
    if CONTROL_CHARS.search(value):
        value, n = CONTROL_CHARS.subn("", value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return value, n


def finite_number_problem(value: object) -> str | None:
    """A message if ``value`` is a number (or number text) that is not finite: '1e309', 'inf', 'NaN'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float | int):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", "").strip())
        except ValueError:
            return None
    else:
        return None
    if isinstance(number, float) and not math.isfinite(number):
        return f"'{value}' is not a finite number"
    return None


def date_range_problem(value: dt.date) -> str | None:
    """A message if ``value`` lies outside :data:`DATE_MIN`..:data:`DATE_MAX`."""
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return (f"{value.isoformat()} is outside the dates accepted ({DATE_MIN.isoformat()} to "
            f"{DATE_MAX.isoformat()})")


def read_text_file(path: str | Path, what: str = "file") -> str:
    """The text of a small file (a policy, rules, a mapping): regular files only, UTF-8.

    Raises :class:`~coigraph.errors.DataError` naming the file for anything unreadable.
    """
    from coigraph.errors import DataError

    path = Path(path)
    why = regular_file_problem(path)
    if why is None:
        try:
            return path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            why = f"the text is not UTF-8 (byte 0x{exc.object[exc.start]:02x})"
        except OSError as exc:
            why = f"cannot read the file: {exc.strerror or exc}"
    raise DataError([Problem(str(path), None, None, why, hint=f"give the path of a {what} (UTF-8 text)")],
                    summary=f"cannot read the {what}")


def load_yaml(text: str, label: str, what: str = "file") -> object:
    """Parse YAML ``text`` safely: a syntax error or nesting too deep is a :class:`DataError`."""
    from coigraph.errors import DataError

    try:
        return yaml.safe_load(text)
    except RecursionError as exc:
        raise DataError([Problem(label, None, None, "the YAML nests lists or mappings too deeply to read",
                                 hint="check the file is the one intended")],
                        summary=f"cannot read the {what}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError([Problem(label, mark.line + 1 if mark else None, None,
                                 f"the YAML cannot be read: {problem}",
                                 hint="check the indentation and quote text containing ':' or '#'")],
                        summary=f"cannot read the {what}") from exc


class ReadResult:
    """Rows read from one file, plus problems (errors stop the load; warnings don't)."""

    def __init__(self, file: str):
        self.file = file
        self.rows: list[RawRow] = []
        self.problems: list[Problem] = []

    def error(self, message: str, *, row: int | None = None, field: str | None = None,
              hint: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, field, message, hint))

    def warn(self, message: str, *, row: int | None = None, field: str | None = None,
             hint: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, field, message, hint, Severity.warning))


def read_table(path: Path, label: str | None = None) -> ReadResult:
    """Read ``path`` by its suffix. ``label`` is the name used in messages."""
    res = ReadResult(label or path.name)
    suffix = path.suffix.lower()
    why = regular_file_problem(path)
    if why is not None:
        res.error(why, hint="tables are ordinary .yaml, .csv or .xlsx files")
        return res
    try:
        if suffix in (".yaml", ".yml"):
            _read_yaml(path, res)
        elif suffix == ".csv":
            _read_csv(path, res)
        elif suffix == ".xlsx":
            _read_xlsx(path, res)
        else:
            res.error(f"unsupported file type '{suffix}'", hint="use .yaml, .csv or .xlsx")
    except OSError as exc:
        res.error(f"cannot read the file: {exc.strerror or exc}")
    return res


# --------------------------------------------------------------------------- text


def decode_text(data: bytes, res: ReadResult) -> str | None:
    """Decode bytes as UTF-8 (with or without BOM), falling back to Windows-1252.

    Excel on Windows exports CSV as cp1252; that is common and not an error,
    but a person should know, so it is a warning.  Binary files are errors.
    """
    if b"\x00" in data[:65536]:
        res.error(
            "this looks like a binary file, not text",
            hint="save it as CSV (UTF-8) or .xlsx; if it came from Excel, use 'Save As'",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            res.error(
                f"the text cannot be decoded (byte 0x{data[exc.start]:02x} on line {line})",
                row=line,
                hint="save the file as UTF-8",
            )
            return None
        res.warn(
            "the file is not UTF-8; read it as Windows-1252 (an Excel export)",
            hint="check accented names look right, or save it as CSV UTF-8",
        )
        return text


def read_data_text(path: Path, *, what: str) -> tuple[str, ReadResult]:
    """The whole text of a small data file the user names (an ODS extract, a review or
    birth-months file), decoded as :func:`decode_text` does (UTF-8, or Windows-1252 as Excel
    exports it, with a warning in the result); :func:`read_text_file` is for settings files,
    which are UTF-8 only.

    Only an ordinary file is read (a named pipe would block for ever); anything
    that stops the reading raises :class:`DataError` naming the file, with the
    summary "cannot read ``what``".
    """
    res = ReadResult(path.name)
    why = regular_file_problem(path)
    if why is not None:
        raise DataError([Problem(path.name, None, None, why)], summary=f"cannot read {what}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(path.name, None, None, f"cannot read the file: {exc.strerror or exc}")],
                        summary=f"cannot read {what}") from exc
    text = decode_text(data, res)
    if text is None:
        raise DataError(res.problems, summary=f"cannot read {what}")
    return text, res


# --------------------------------------------------------------------------- CSV


def sniff_delimiter(text: str, *, sample: int = 4096) -> str:
    """The CSV delimiter of ``text``: ',', ';' (Excel in some locales) or tab; ',' if unsure.

    The one sniffer of the package: dataset tables, the dataset writer and
    published registers (which pass a longer ``sample``: their rows carry long
    descriptions) all read their delimiter here.  Looks at the first
    ``sample`` characters.
    """
    try:
        return csv.Sniffer().sniff(text[:sample], delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def csv_reader(text: str, delimiter: str | None = None) -> Any:
    """A csv reader over ``text`` with its delimiter sniffed unless given."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))


def _read_csv(path: Path, res: ReadResult) -> None:
    text = decode_text(path.read_bytes(), res)
    if text is None:
        return
    if not text.strip():
        return
    delimiter = sniff_delimiter(text)
    reader = csv_reader(text, delimiter)
    row_no = 1
    try:
        header = next(reader)
        while _is_title(header, res, row_no):  # a title line above the column names
            header = next(reader)
            row_no += 1
            while not any(c.strip() for c in header):
                header = next(reader)
                row_no += 1
    except csv.Error as exc:
        res.error(f"the header line cannot be read: {exc}", row=row_no)
        return
    except StopIteration:
        return
    columns = _header(header, res, row=row_no)
    if columns is None:
        return
    unnamed: dict[int, int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # the reader resumes at the next line, so every bad row is reported
            row_no += 1
            res.error(f"this line cannot be read as CSV: {exc}", row=row_no,
                      hint="look for an unclosed quote or a very long cell")
            continue
        row_no += 1
        if not any(c.strip() for c in cells):
            continue
        _note_unnamed(columns, cells, row_no, unnamed)
        if len(cells) > len(columns):
            extra = [c for c in cells[len(columns):] if c.strip()]
            if extra:
                res.error(
                    f"the row has {len(cells)} cells but the header has {len(columns)} columns",
                    row=row_no,
                    hint="a comma inside a value needs the value in double quotes",
                )
                continue
        raw = {}
        for col, cell in zip(columns, cells, strict=False):
            if col is None:
                continue
            raw[col] = cell
        res.rows.append((row_no, raw))
    _warn_unnamed(unnamed, res, letters=False)
    if res.rows and any("\n" in str(c) for c in res.rows[-1][1].values()):
        _check_unclosed_quote(text, delimiter, res.rows[-1][0], res)


def _check_unclosed_quote(text: str, delimiter: str, row: int, res: ReadResult) -> None:
    """A quote left open swallows every line after it into one cell, silently.

    The lenient reader cannot tell; the strict one can, so it is asked only when
    the last row ends in a multi-line cell (the sign of it).
    """
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            res.error("a double quote opened in this row is never closed, so the rest of the "
                      "file was read as one cell", row=row,
                      hint="close the quote, or remove it; a quote inside a value is written twice (\"\")")


def _is_title(cells: list[Any], res: ReadResult, row: int) -> bool:
    """A row with one filled cell above the column names is a title: skip it, with a warning.

    Published registers start with one ('Register of interests 2025/26',
    often merged across the sheet); every table has at least two columns.
    """
    filled = [c for c in cells if c is not None and str(c).strip()]
    if len(filled) != 1:
        return False
    res.warn(f"'{str(filled[0]).strip()[:80]}' looks like a title, not column names; skipped it",
             row=row, hint="the first row should name the columns")
    return True


def _note_unnamed(columns: list[str | None], cells: list[Any], row: int, seen: dict[int, int]) -> None:
    """Remember the first row with a value under a column that has no name."""
    if None not in columns:  # every column named: nothing to remember (the usual case)
        return
    for i, (col, cell) in enumerate(zip(columns, cells, strict=False)):
        if col is None and i not in seen and cell is not None and str(cell).strip():
            seen[i] = row


def _warn_unnamed(seen: dict[int, int], res: ReadResult, *, letters: bool) -> None:
    """Values under a column with no name are not read: say so (often a merged header cell)."""
    from openpyxl.utils import get_column_letter

    for i, row in sorted(seen.items()):
        where = f"column {get_column_letter(i + 1)}" if letters else f"column {i + 1}"
        res.warn(f"{where} has no name in the header, so its values (from this row on) were ignored",
                 row=row, hint="give the column a name, or move the values into a named column "
                 "(a header cell merged over two columns leaves the second unnamed)")


def _header(cells: list[Any], res: ReadResult, row: int) -> list[str | None] | None:
    columns: list[str | None] = []
    seen: set[str] = set()
    for i, c in enumerate(cells):
        name = str(c).strip().lower().replace(" ", "_") if c is not None else ""
        if not name:
            columns.append(None)
            continue
        if name in seen:
            res.error(f"column '{name}' appears twice in the header", row=row, field=name)
            return None
        seen.add(name)
        columns.append(name)
        del i
    if not seen:
        res.error("the header row is empty", row=row, hint="the first row must name the columns")
        return None
    return columns


# --------------------------------------------------------------------------- YAML


def _read_yaml(path: Path, res: ReadResult) -> None:
    text = decode_text(path.read_bytes(), res)
    if text is None:
        return
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except RecursionError:
        res.error("the YAML nests lists or mappings too deeply to read",
                  hint="each entry is a flat list of 'field: value' lines")
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        res.error(
            f"the YAML cannot be read: {problem}",
            row=line,
            hint="check the indentation and that text containing ':' or '#' is in quotes",
        )
        return
    if data is None:
        return
    items_node = node
    if isinstance(data, dict):
        # a mapping with a single list under the table name is accepted too
        lists = [(k, v) for k, v in data.items() if isinstance(v, list)]
        if len(lists) == 1 and len(data) == 1:
            key = lists[0][0]
            data = lists[0][1]
            items_node = next(v for k, v in node.value if k.value == str(key))
        else:
            res.error("expected a list of entries ('- id: ...'), found a mapping", row=1,
                      hint="each entry starts with '- ' at the start of a line")
            return
    if not isinstance(data, list):
        res.error("expected a list of entries ('- id: ...')", row=1)
        return
    for i, (item, item_node) in enumerate(zip(data, items_node.value, strict=False)):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            res.error(f"entry {i + 1} is not a mapping of field: value", row=line)
            continue
        nested = [str(k) for k, v in item.items() if not _flat(v)]
        if nested:
            # a value that is itself a mapping or a list of lists (or an alias
            # bomb, which expands to billions of characters) has no place in a row
            for k in nested:
                res.error("expected a plain value (or a list of plain values), found a nested "
                          "list or mapping", row=line, field=k.strip().lower(),
                          hint="write the value on the line after the field name; lists are '[a, b]'")
            continue
        res.rows.append((line, {str(k).strip().lower(): v for k, v in item.items()}))


def _flat(value: Any) -> bool:
    """A plain YAML value, or a list of plain values."""
    if isinstance(value, list):
        return all(not isinstance(v, list | dict) for v in value)
    return not isinstance(value, dict)


# --------------------------------------------------------------------------- XLSX


def iter_xlsx_rows(path: Path, res: ReadResult) -> Iterator[tuple[int, list[Any]]] | None:
    """Rows of the first worksheet as (sheet row number, cell values); None if unreadable.

    Formulas are read as their last calculated value (what Excel shows); a
    formula with no stored value is reported as a warning by the caller.
    """
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as zf:
            biggest = max((i.file_size for i in zf.infolist()), default=0)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        biggest = 0  # openpyxl reports it below, in its own words
    if biggest > MAX_SHEET_BYTES:
        res.error(f"the workbook unpacks to more than {MAX_SHEET_BYTES:,} bytes",
                  hint="a register of interests is far smaller: check the file is the one intended")
        return None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError, TypeError,
            SyntaxError, zlib.error) as exc:  # SyntaxError: damaged XML inside the workbook
        res.error(
            f"this is not a readable Excel .xlsx file ({type(exc).__name__})",
            hint="the file may be damaged, truncated or an old .xls: open it in Excel and save as .xlsx",
        )
        return None
    ws = wb.worksheets[0] if wb.worksheets else None
    if ws is None:
        res.error("the workbook has no worksheet")
        return None
    # The size a sheet declares (<dimension ref="A1:XFD1048576"/>) is not trusted: read-only
    # openpyxl pads every row to it.  Without it, each row is as long as its last cell.
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    _warn_formulas_without_result(path, getattr(ws, "_worksheet_path", None), res)

    def gen() -> Iterator[tuple[int, list[Any]]]:
        beyond: list[str] = []
        try:
            for idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if not row or all(v is None for v in row):
                    continue  # gaps between rows are filled with empty ones: nothing to read
                if len(row) > MAX_COLUMNS:
                    beyond += [f"{get_column_letter(MAX_COLUMNS + 1 + i)}{idx}"
                               for i, v in enumerate(row[MAX_COLUMNS:]) if v is not None][:5]
                    row = row[:MAX_COLUMNS]
                yield idx, list(row)
        finally:
            wb.close()
            if beyond:
                res.warn(f"cells beyond column {get_column_letter(MAX_COLUMNS)} were ignored "
                         f"({', '.join(beyond[:5])}{', ...' if len(beyond) > 5 else ''})",
                         row=int(re.sub(r"\D", "", beyond[0])),
                         hint=f"a table has at most {MAX_COLUMNS:,} columns; delete the stray cells")

    return gen()


_FORMULA_NO_RESULT = re.compile(
    rb'<c\b([^>]*)>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')


def _warn_formulas_without_result(path: Path, sheet: str | None, res: ReadResult) -> None:
    """Warn about formula cells with no saved result: they read as blank.

    Excel saves each formula's result beside it, and that is what is read; a
    file written by a script (or saved without recalculating) has formulas
    only, so those cells would be silently empty.  Costs one scan of the sheet
    XML, skipped when it holds no formula at all.
    """
    if not sheet:
        return
    try:
        with zipfile.ZipFile(path) as zf:
            xml = zf.read(sheet.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error):
        return  # unreadable parts are reported when the rows are read
    if b"<f" not in xml:
        return
    by_col: dict[str, list[str]] = {}
    for m in _FORMULA_NO_RESULT.finditer(xml):
        ref = _CELL_REF.search(m.group(1))
        if ref:
            by_col.setdefault(ref.group(1).decode(), []).append(ref.group(1).decode() + ref.group(2).decode())
    for col, cells in sorted(by_col.items(), key=lambda kv: (len(kv[0]), kv[0])):
        shown = ", ".join(cells[:5]) + (", ..." if len(cells) > 5 else "")
        res.warn(f"{len(cells)} cell{'s' if len(cells) != 1 else ''} of column {col} ({shown}) "
                 f"hold{'s' if len(cells) == 1 else ''} a formula with no saved result, read as blank",
                 row=int(re.sub(r"\D", "", cells[0])),
                 hint="open the file in Excel and save it, so the results of formulas are stored")


#: What a damaged workbook can raise while its rows are read (not only when it is opened).
_XLSX_DAMAGE = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, SyntaxError, OSError)


def _read_xlsx(path: Path, res: ReadResult) -> None:
    rows = iter_xlsx_rows(path, res)
    if rows is None:
        return
    columns: list[str | None] | None = None
    unnamed: dict[int, int] = {}
    try:
        for row_no, cells in rows:
            if columns is None:
                if not any(c is not None and str(c).strip() for c in cells):
                    continue
                if _is_title(cells, res, row_no):
                    continue
                columns = _header(cells, res, row_no)
                if columns is None:
                    return
                continue
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            _note_unnamed(columns, cells, row_no, unnamed)
            raw = {}
            for col, cell in zip(columns, cells, strict=False):
                if col is not None:
                    raw[col] = cell
            res.rows.append((row_no, raw))
    except _XLSX_DAMAGE as exc:
        res.error(f"the workbook is damaged and cannot be read to the end ({type(exc).__name__})",
                  row=res.rows[-1][0] + 1 if res.rows else None,
                  hint="open it in Excel and save it again as .xlsx")
        return
    _warn_unnamed(unnamed, res, letters=True)
