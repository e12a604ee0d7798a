"""Papers to file: one document, written as HTML, Markdown or Word from the same blocks.

A paper (the chair's conflicts paper, a member's declarations letter, a
decision's working paper, the audit evidence pack) is built once, by the
module that renders its result, as a :class:`Paper`: a title, what it covers
(:class:`Covers`: the dataset and a hash of its files, the period, the
policy and its version, the tool's version; never a clock time) and a list
of blocks (headings, paragraphs, lists, tables).  The three writers then
lay the same blocks out, so nothing is in one format and not another:

* :func:`to_html`: a self-contained page (autoescaped; no scripts, nothing
  fetched) with an A4 print stylesheet that keeps every column on the page;
* :func:`to_markdown`: the same text, every value escaped;
* :func:`coigraph.report.docx.to_docx`: a Word document (headings, tables
  whose header row repeats on every page, page numbers, A4).

Text in a paper is always words: codes are turned into words by the
builder (:func:`coigraph.words.humanise`) before they reach a block.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coigraph.report.markdown import Code, md

# --------------------------------------------------------------------------- the blocks


@dataclass(frozen=True)
class S:
    """A run of text: plain, strong (bold), emphasised (italic) or a code (a rule id: a label,
    not prose; HTML ``<code>``, Markdown backticks, Word a fixed-width font)."""

    text: str
    strong: bool = False
    emph: bool = False
    code: bool = False


#: Inline text: a string, a run, or a list of them.
Inline = str | S | Sequence["str | S"]


def spans(content: Inline | None) -> list[S]:
    """``content`` as a list of runs (empty runs dropped)."""
    if content is None:
        return []
    if isinstance(content, str):
        return [S(content)] if content else []
    if isinstance(content, S):
        return [content] if content.text else []
    out: list[S] = []
    for c in content:
        out.extend(spans(c))
    return out


def plain(content: Inline | Lines | None) -> str:
    """The text of ``content``, without emphasis (lines joined by a space)."""
    if isinstance(content, Lines):
        return " ".join(plain(x) for x in content.lines)
    return "".join(s.text for s in spans(content))


@dataclass
class Lines:
    """Several lines in one table cell (an explanation, then its other paths)."""

    lines: list[Inline]


Cell = Inline | Lines


@dataclass
class Heading:
    text: str
    level: int = 2  # 2: a section; 3: a subsection (the title is level 1)


@dataclass
class Para:
    content: Inline
    style: str = ""  # "", "note" (a box), "verdict" (a box, stronger), "small"


@dataclass
class Bullets:
    items: list[Inline]
    numbered: bool = False


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[Cell]]
    #: Relative column widths (the print layout fixes them, so every column stays on the page).
    widths: list[int] | None = None
    #: A style per row ("" or "alert": a row to act on), for HTML and Word shading.
    row_styles: list[str] | None = None
    key_value: bool = False  # a two-column table of labels (first column) and values

    def __post_init__(self) -> None:
        if not self.widths:
            self.widths = auto_widths(self.header, self.rows)


Block = Heading | Para | Bullets | Table


#: About how many characters an A4 line holds in the papers' table print size (8.5 pt on 182 mm).
LINE_CHARS = 105


def auto_widths(header: Sequence[str] | None, rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Relative column widths from the text: each column gets room for its longest word (up to
    16 letters: longer ids break at their hyphens), then what is left of an A4 line goes to the
    columns of sentences, by how much longer their text typically is."""
    n = len(header) if header else max((len(r) for r in rows), default=1)
    base, want = [], []
    for i in range(n):
        texts = [plain(r[i]) for r in rows if i < len(r)] + ([header[i]] if header else [])
        # a browser breaks a line at a space or after a hyphen: those pieces must fit
        longest = max((len(w) for t in texts for w in re.split(r"[\s]+|(?<=-)", t)), default=1)
        mean = sum(len(t) for t in texts) / max(1, len(texts))
        base.append(min(longest, 14) + 2)
        want.append(max(0.0, min(mean, 200) - base[-1]))
    rest = max(0, LINE_CHARS - sum(base))
    total = sum(want) or 1.0
    return [int(10 * (b + rest * w / total)) for b, w in zip(base, want, strict=True)]


@dataclass
class Covers:
    """What a paper covers, said at its top: enough to know it is the right one, and to make it
    again.  No clock time: a paper made twice from the same inputs has the same bytes."""

    dataset: str | None = None
    content_hash: str | None = None
    period: str | None = None
    policy: str | None = None
    tool_version: str | None = None
    command: str | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        out = []
        if self.dataset:
            out.append(("Dataset", self.dataset + (f" (content {self.content_hash})"
                                                   if self.content_hash else "")))
        if self.period:
            out.append(("Period", self.period))
        if self.policy:
            out.append(("Policy", self.policy))
        out += self.extra
        if self.tool_version:
            out.append(("Made with", f"coigraph {self.tool_version}"))
        if self.command:
            out.append(("Reproduce", self.command))
        return out


@dataclass(frozen=True)
class Source:
    """What the command knows of a paper's inputs, for its "what this covers" table: the dataset
    as named and a hash of its files, the policy's version, coigraph's version, and the command
    that makes the paper again.  Made by :func:`source_of`; every field may be unknown."""

    dataset: str | None = None
    content_hash: str | None = None
    policy_version: str | None = None
    tool_version: str | None = None
    command: str | None = None
    rules: tuple[tuple[str, str], ...] = ()  # more lines: ("Checks switched off", "expired"), ...


@dataclass
class Paper:
    """One paper: its title, what it covers, and its blocks."""

    title: str
    covers: Covers
    blocks: list[Block]
    kind: str = "paper"  # screen, declarations, trace, audit: a class on the page

    def headings(self) -> list[str]:
        return [self.title] + [b.text for b in self.blocks if isinstance(b, Heading)]


# --------------------------------------------------------------------------- what it covers


def cited(citations: Iterable[Any]) -> str:
    """A rule's or a finding's sources in one line: each citation in words, with its address
    where it has one (papers are read on paper: the address is written out)."""
    return "; ".join(c.words() + (f" ({c.url})" if getattr(c, "url", None) else "") for c in citations)


def tool_version() -> str:
    """coigraph's version as installed ('0.1.0'); 'unknown' when run from a bare source tree."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("coigraph")
    except PackageNotFoundError:
        return "unknown"


def content_hash(path: str | Path) -> str | None:
    """A short SHA-256 of a dataset's input: every table file of the folder (names and bytes, in
    name order), or the one JSON file.  ``None`` if the path is neither."""
    from coigraph.load.dataset import table_files

    p = Path(path)
    h = hashlib.sha256()
    if p.is_file():
        h.update(p.read_bytes())
    elif p.is_dir():
        files, _ = table_files(p)
        for f in sorted((f for fs in files.values() for f in fs), key=lambda f: f.name):
            h.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    else:
        return None
    return "sha256:" + h.hexdigest()[:16]


def file_version(path: str | Path | None, default_package_file: tuple[str, str] | None = None) -> str:
    """A policy or rules file's version: a short SHA-256 of its bytes (the bundled file's when
    ``path`` is None), so two papers made under different texts never look alike."""
    if path is not None:
        data = Path(path).read_bytes()
    elif default_package_file is not None:
        from importlib import resources

        data = resources.files(default_package_file[0]).joinpath(default_package_file[1]).read_bytes()
    else:
        return "unknown"
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


def source_of(data: str | Path | None, *, policy: str | Path | None = None,
              policy_package_file: tuple[str, str] | None = None, command: str | None = None,
              rules: Iterable[tuple[str, str]] = ()) -> Source:
    """The :class:`Source` of a paper made from the dataset at ``data`` (a folder or a JSON
    export; for a database, the dataset's name, with no hash), under ``policy`` (a file; None:
    the bundled ``policy_package_file``)."""
    name = None
    digest = None
    if data is not None:
        p = Path(data)
        name = p.name or str(data)
        digest = content_hash(p) if p.exists() else None
    version = (file_version(policy, policy_package_file)
               if policy is not None or policy_package_file is not None else None)
    return Source(dataset=name, content_hash=digest, policy_version=version,
                  tool_version=tool_version(), command=command, rules=tuple(rules))


# --------------------------------------------------------------------------- HTML


def to_html(paper: Paper) -> str:
    """The paper as one self-contained HTML page (autoescaped; A4 print stylesheet)."""
    from coigraph.templates import environment

    env = environment()
    env.globals.update(spans=spans, Lines=Lines, Heading=Heading, Para=Para, Bullets=Bullets,
                       Table=Table, percentages=_percentages, isinstance=isinstance)
    return env.get_template("paper.html.j2").render(p=paper).rstrip() + "\n"


def _percentages(widths: list[int] | None, n: int) -> list[str]:
    w = widths if widths and len(widths) == n else [1] * n
    total = sum(w) or 1
    return [f"{100 * x / total:.2f}%" for x in w]


# --------------------------------------------------------------------------- Markdown


def _md_inline(content: Inline | Lines | None) -> str:
    if isinstance(content, Lines):
        return " ".join(_md_inline(x) for x in content.lines if spans(x))
    out = []
    for s in spans(content):
        core = md(Code(s.text) if s.code else s.text)
        if core and s.strong:
            core = f"**{core}**"
        elif core and s.emph:
            core = f"*{core}*"
        out.append((" " if s.text[:1].isspace() else "") + core
                   + (" " if s.text[-1:].isspace() and core else ""))
    return " ".join("".join(out).split())


def to_markdown(paper: Paper) -> str:
    """The paper in Markdown: the same headings, text and tables as the HTML, every value escaped."""
    out = [f"# {md(paper.title)}", ""]
    out += _md_table(None, [[k, v] for k, v in paper.covers.rows()], key_value=True)
    for b in paper.blocks:
        if isinstance(b, Heading):
            out += ["#" * min(6, b.level) + " " + md(b.text), ""]
        elif isinstance(b, Para):
            text = _md_inline(b.content)
            out += [("> " + text) if b.style in ("note", "verdict") else text, ""]
        elif isinstance(b, Bullets):
            out += [(f"{i}. " if b.numbered else "- ") + _md_inline(item)
                    for i, item in enumerate(b.items, 1)] + [""]
        elif isinstance(b, Table):
            out += _md_table(b.header, b.rows, key_value=b.key_value)
    return "\n".join(out).rstrip() + "\n"


def _md_table(header: list[str] | None, rows: Iterable[Sequence[Cell]], *, key_value: bool = False) -> list[str]:
    rows = [list(r) for r in rows]
    if not rows and header is None:
        return []
    n = len(header) if header else max(len(r) for r in rows)
    head = header if header else [""] * n
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * n]
    for r in rows:
        cells = [_md_inline(c) for c in r]
        if key_value and cells:
            cells[0] = f"**{cells[0]}**" if cells[0] else ""
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


__all__ = ["cited", "S", "Lines", "Heading", "Para", "Bullets", "Table", "Paper", "Covers", "Block", "Cell",
           "Inline", "Source", "auto_widths", "spans", "plain", "to_html", "to_markdown", "tool_version",
           "content_hash", "file_version", "source_of"]
