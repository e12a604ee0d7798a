"""Blank templates and the data-format reference, both generated from the model.

Because they are generated from :data:`coigraph.model.TABLES`, the templates a
governance officer fills in, the loader that reads them and the documentation
in ``docs/data-format.md`` cannot drift apart (a test checks the doc).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydantic.fields import FieldInfo

from coigraph.load.dataset import field_kinds
from coigraph.model import TABLES, Table
from coigraph.output import write_atomic


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    description: str
    #: What a blank cell means (from the field's description, else from its default).
    blank: str = ""


def split_blank(description: str) -> tuple[str, str | None]:
    """A field description without its "(blank: ...)" or "Blank: ..." part, and that part.

    >>> split_blank("Last day in force (blank: still in force).")
    ('Last day in force.', 'still in force')
    >>> split_blank("Does the holder vote? Blank: yes for members (chair, ...), no for attendees.")
    ('Does the holder vote?', 'yes for members (chair, ...), no for attendees')
    """
    i = description.lower().find("blank:")
    if i < 0:
        return description, None
    if description[:i].rstrip().endswith("("):
        open_at = description[:i].rstrip().rfind("(")
        depth, j = 1, i
        while j < len(description) and depth:
            depth += {"(": 1, ")": -1}.get(description[j], 0)
            j += 1
        blank = description[i + 6:j - 1].strip()
        rest = (description[:open_at].rstrip() + description[j:]).strip()
    else:
        blank = description[i + 6:].strip()
        rest = description[:i].strip()
    return rest, blank.rstrip(".").strip() or None


def blank_meaning(info: FieldInfo, kind: str) -> str:
    """What a blank cell of a field means: as its description says, else read from its default."""
    _, said = split_blank(info.description or "")
    if said:
        return said
    if info.is_required():
        return "not allowed (required)"
    if info.default is False:
        return "no"
    if info.default is True:
        return "yes"
    if info.default_factory is list:
        return "none"
    if kind == "id" or "made from the row" in (info.description or ""):
        return "made from the row"
    return "not given"


def _choices(info: FieldInfo) -> list[str]:
    ann = info.annotation
    for cand in _flatten(ann):
        if isinstance(cand, type) and issubclass(cand, Enum):
            return [str(m.value) for m in cand]
    return []


def _flatten(ann: typing.Any) -> list[typing.Any]:
    args = typing.get_args(ann)
    if not args:
        return [ann]
    out = []
    for a in args:
        out.extend(_flatten(a))
    return out


def columns(table: Table) -> list[Column]:
    """The columns of a table's file, in model order, with what to write in each."""
    kinds = field_kinds(table.model)
    out = []
    for name, info in table.model.model_fields.items():
        kind = kinds[name]
        choices = _choices(info)
        if choices:
            kind = ("list of " if kind == "list" else "") + "one of: " + ", ".join(choices)
        elif kind == "list":
            kind = "list (';'-separated)"
        elif kind == "date":
            kind = "date (YYYY-MM-DD)"
        elif kind == "bool":
            kind = "yes/no"
        elif kind == "float":
            kind = "number (pounds)" if name in ("value", "limit", "lower_limit", "above",
                                                 "up_to") else "number"
        elif kind == "int":
            kind = "whole number"
        elif kind == "str" and name in table.refs:
            kind = f"id in {table.refs[name]}"
        elif kind == "str" and name == table.id_field:
            kind = "id"
        else:
            kind = "text"
        if name in table.refs and "id in" not in kind:
            kind += f" (ids in {table.refs[name]})"
        desc = info.description or ""
        out.append(Column(name, kind, info.is_required(), split_blank(desc)[0], blank_meaning(info, kind)))
    return out


def data_format_markdown() -> str:
    """The reference for every file and column of a dataset, as Markdown."""
    lines = [
        "# Dataset format",
        "",
        "<!-- Generated from coigraph/model.py by `coigraph template --docs`; do not edit by hand. -->",
        "",
        "A dataset is a folder. Each table below is one file named `<table>.yaml`, `<table>.csv` "
        "or `<table>.xlsx` (first worksheet; the header row may sit below title rows). A table "
        "may be split over several files named `<table>-<anything>.<ext>`. In CSV and XLSX, "
        "lists are written with `;` between items; in YAML, as YAML lists. Dates are best "
        "written YYYY-MM-DD; UK forms such as `01/06/2021`, `April 2022` and `Ongoing` are "
        "read too, with a warning. A blank cell means what the column's 'if blank' says: where a "
        "source can be silent it means *not stated*, and coigraph never reads it as 'no' (a finding "
        "that depends on it is 'to confirm', never a breach). Ids use letters, digits, "
        "`.`, `_` and `-`. CSV files may be UTF-8 (with or without BOM) or Windows-1252.",
        "",
        "Values from a list (\"one of: ...\") are read ignoring case, spaces, hyphens and "
        "underscores (`Non-executive director` is `non_executive_director`), and common "
        "synonyms are understood (`NED`, `Foundation Trust`, `charity` for `vcse`, `spouse`); "
        "the synonyms are listed in `coigraph/model/synonyms.yaml`. Each value read that way "
        "is listed once, with its count, as a warning.",
        "",
        "Run `coigraph template DIR` for blank files to fill in, and `coigraph validate DIR` to "
        "check them.",
        "",
    ]
    for t in TABLES:
        req = " (required)" if t.required else ""
        lines += [f"## `{t.name}`{req}", "", t.description + " " + (t.model.__doc__ or "").strip(), ""]
        lines += ["| column | required | what to write | meaning | if blank |", "|---|---|---|---|---|"]
        for c in columns(t):
            desc = c.description.replace("|", "\\|")  # a '|' in a cell would end it
            blank = "" if c.required else c.blank.replace("|", "\\|")
            lines.append(f"| `{c.name}` | {'yes' if c.required else ''} | {c.kind} | {desc} | {blank} |")
        lines.append("")
    return "\n".join(lines)


def write_templates(folder: str | Path, fmt: str = "csv") -> list[Path]:
    """Write blank, documented templates of every table into ``folder``.

    ``fmt`` is ``csv`` (header rows, plus ``FORMAT.md`` describing every
    column) or ``xlsx`` (one workbook per table: the header carries a comment
    on every column and a second sheet, 'Guide', explains them).
    Existing files are never overwritten.
    """
    from coigraph.errors import UsageError

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    targets = [folder / f"{t.name}.{fmt}" for t in TABLES] + [folder / "FORMAT.md"]
    clash = [p.name for p in targets if p.exists()]
    if clash:
        raise UsageError(
            f"{folder} already has {', '.join(clash[:5])}{'...' if len(clash) > 5 else ''}; "
            "choose an empty folder (templates never overwrite data)"
        )
    for t in TABLES:
        cols = columns(t)
        path = folder / f"{t.name}.{fmt}"
        if fmt == "csv":
            write_atomic(path, ",".join(c.name for c in cols) + "\n")
        else:
            write_atomic(path, _xlsx_bytes(t, cols))
        written.append(path)
    write_atomic(folder / "FORMAT.md", data_format_markdown())
    written.append(folder / "FORMAT.md")
    return written


def _xlsx_bytes(table: Table, cols: list[Column]) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31]
    for i, c in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=i, value=c.name)
        cell.font = Font(bold=True)
        cell.comment = Comment(f"{'Required. ' if c.required else ''}{c.kind}. {c.description}"
                               + ("" if c.required else f" If blank: {c.blank}."), "coigraph")
        ws.column_dimensions[cell.column_letter].width = max(14, len(c.name) + 4)
    guide = wb.create_sheet("Guide")
    guide.append(["column", "required", "what to write", "meaning", "if blank"])
    for c in cols:
        guide.append([c.name, "yes" if c.required else "", c.kind, c.description,
                      "" if c.required else c.blank])
    guide.append([])
    guide.append(["Only the first sheet is read. " + table.description])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
