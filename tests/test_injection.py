"""Injection-proof outputs: hostile names from a register stay text in every output.

The fixture ``tests/data/hostile-names`` puts HTML and script, spreadsheet
formulas, quotes, backticks, template braces, Rich markup, Markdown pipes and
links, and newlines into every name, title and description.  Every output a
command can write is produced from it and checked where it would bite:

* HTML (screening paper, delegation reports, maps, the gallery) is opened in a
  real headless Chromium with the network cut off: no script runs (no dialog),
  no element carries an event handler, no image/frame was injected, every node
  of a map is hovered and clicked (tooltips and the evidence panel), and the
  hostile text is shown *as text*;
* Markdown keeps its table structure and renders no HTML, link or code span
  from the data;
* CSV and XLSX cells never start a formula;
* the terminal table shows Rich markup literally;
* Jinja templates never evaluate ``{{7*7}}``;
* Cypher is only ever built from schema names and bounded integers (values
  go in as parameters; the database tests run hostile names through a real
  server);
* file names made from ids (the map gallery) are plain names.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from coigraph.output import FORMULA_START

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile-names"
MEETING = ["--meeting", "board-2025-05"]
#: Procurements, gifts and breaches with hostile text (tests/data/make_procurement_fixtures.py).
PROC = Path(__file__).resolve().parent / "data" / "procurement-hostile-names"
PROC_ID = ["--id", "diagnostics-2025"]

#: Commands and the output they write, by format.
HTML_PAGES: dict[str, tuple[list[str], str]] = {
    # name: (command, text that must be shown verbatim on the page)
    "screen": (["screen", HOSTILE, *MEETING, "--format", "html"], "<svg onload=alert(1)>"),
    "screen-redacted": (["screen", HOSTILE, *MEETING, "--format", "html", "--redact"],
                        "<svg onload=alert(1)>"),
    "trace": (["trace", HOSTILE, "--decision", "dec-1", "--format", "html"],
              "</script><script>alert(1)</script>"),
    "audit": (["audit", HOSTILE, "--format", "html"], "<svg onload=alert(1)>"),
    "powers": (["powers", HOSTILE, "--holder", "committee", "--format", "html"],
               "</script><script>alert(1)</script>"),
    "procurement": (["procurement", PROC, *PROC_ID, "--format", "html"], "<svg onload=alert(1)>"),
    "audit-procurement": (["audit", PROC, "--format", "html"], "<script>alert(1)</script>"),
}
MAPS: dict[str, list[str]] = {
    "map-meeting": ["map", HOSTILE, *MEETING],
    "map-decision": ["map", HOSTILE, "--decision", "dec-2"],
    "map-person": ["map", HOSTILE, "--person", "bob"],
    "map-system": ["map", HOSTILE, "--system"],
    "map-delegations": ["map", HOSTILE, "--delegations"],
    "map-procurement": ["map", PROC, "--procurement", "diagnostics-2025"],
}
MARKDOWN: dict[str, list[str]] = {
    "screen": ["screen", HOSTILE, *MEETING, "--format", "markdown"],
    "trace": ["trace", HOSTILE, "--decision", "dec-2", "--format", "markdown"],
    "audit": ["audit", HOSTILE, "--format", "markdown"],
    "powers": ["powers", HOSTILE, "--holder", "committee", "--format", "markdown"],
    "declarations": ["declarations", HOSTILE, "--person", "bob", *MEETING, "--format", "markdown"],
    "procurement": ["procurement", PROC, *PROC_ID, "--format", "markdown"],
    "audit-procurement": ["audit", PROC, "--format", "markdown"],
}
CSVS: dict[str, list[str]] = {
    "screen": ["screen", HOSTILE, *MEETING, "--format", "csv"],
    "trace": ["trace", HOSTILE, "--decision", "dec-2", "--format", "csv"],
    "audit": ["audit", HOSTILE, "--format", "csv"],
    "powers": ["powers", HOSTILE, "--holder", "committee", "--format", "csv"],
    "register": ["export-register", HOSTILE, "--format", "csv"],
    "stats": ["stats", HOSTILE, "--format", "csv"],
    "procurement": ["procurement", PROC, *PROC_ID, "--format", "csv"],
    "audit-procurement": ["audit", PROC, "--format", "csv"],
}


def _run(cli, tmp_path: Path, name: str, args: list[Any], suffix: str = ".out") -> Path:
    out = tmp_path / f"{name}{suffix}"
    r = cli(*args, "--output", out)
    assert r.exit_code == 0, (name, r.stderr)
    return out


# --------------------------------------------------------------------------- CSV and XLSX


@pytest.mark.parametrize("name", sorted(CSVS))
def test_csv_cells_never_start_a_formula(name, cli, tmp_path):
    text = _run(cli, tmp_path, name, CSVS[name]).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) > 1
    cells = [c for row in rows for c in row]
    bad = [c for c in cells if c.startswith(FORMULA_START)]
    assert bad == []
    if name in ("screen", "register", "trace", "procurement", "audit-procurement"):
        # the hostile values are there, neutralised rather than dropped
        assert any(c.startswith(("'=", "'+", "'-", "'@")) for c in cells), name


def test_xlsx_register_holds_no_formula(cli, tmp_path):
    """In a workbook the cell's type decides: every cell is text, never a formula, and text that
    looks like one carries Excel's quote prefix, so editing the cell keeps it text."""
    import openpyxl

    path = _run(cli, tmp_path, "register", ["export-register", HOSTILE, "--format", "xlsx"], ".xlsx")
    wb = openpyxl.load_workbook(path)  # formulas as written, not their results
    risky = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"
                if isinstance(c.value, str) and c.value.startswith(FORMULA_START):
                    assert c.data_type == "s" and c.quotePrefix, f"{c.coordinate}: {c.value!r}"
                    risky.append(c.value)
    assert any(v.startswith("=HYPERLINK(") for v in risky) and any(v.startswith("+Bob") for v in risky)


# --------------------------------------------------------------------------- Markdown


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@pytest.mark.parametrize("name", sorted(MARKDOWN))
def test_markdown_keeps_its_structure_and_renders_nothing_from_the_data(name, cli, tmp_path):
    text = _run(cli, tmp_path, name, MARKDOWN[name]).read_text(encoding="utf-8")
    assert text.strip()
    # no HTML from the data: every tag is escaped
    for tag in ("<img", "<script", "</script", "<svg", "<iframe", "<b>", "<i>"):
        assert tag not in text, f"{name}: raw {tag!r}"
    # no link or code span made from the data
    assert not re.search(r"(?<!\\)\]\((?:javascript|http)", text), name
    assert "`rm -rf /`" not in text and "`whoami`" not in text
    # tables: every row has as many cells as its header (pipes and newlines in names are escaped)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|(\s*:?-+:?\s*\|)+\s*$", lines[i + 1]):
            width = len(_UNESCAPED_PIPE.findall(line))
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                assert len(_UNESCAPED_PIPE.findall(lines[j])) == width, f"{name}: row {j + 1}: {lines[j]}"
                j += 1
    # {{7*7}} is never evaluated (the papers' content hashes are hex, and may hold any digits)
    assert "49" not in re.sub(r"sha256:[0-9a-f]+", "", text).replace("2049", "")


# --------------------------------------------------------------------------- the terminal


def test_terminal_table_shows_markup_and_braces_literally(cli):
    r = cli("screen", HOSTILE, *MEETING)
    assert r.exit_code == 0
    assert "[red]x[/red]" in r.stdout
    assert "{{7*7}}" in r.stdout and "49" not in r.stdout


# --------------------------------------------------------------------------- HTML in a real browser


# `browser`: the session-wide Chromium fixture in tests/conftest.py.


class Page:
    """A page opened from disk with the network cut off, recording what it tried to do."""

    def __init__(self, browser, path: Path):
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.ctx.new_page()
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        target = path.resolve().as_uri()

        def route(r):
            if r.request.url == target:
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.ctx.route("**/*", route)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(target)

    def injected(self) -> dict[str, Any]:
        return self.page.evaluate("""() => ({
            handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                .filter(a => a.name.toLowerCase().startsWith('on')).map(a => e.tagName + ' ' + a.name)),
            elements: [...document.querySelectorAll('img, iframe, object, embed, frame, base, form, '
                + 'meta[http-equiv="refresh"], a[href^="javascript"]')].map(e => e.outerHTML.slice(0, 80)),
            scripts: [...document.scripts].filter(s => /^\\s*alert/.test(s.textContent)).length,
            text: document.body ? document.body.innerText : '',
        })""")

    def assert_clean(self) -> dict[str, Any]:
        found = self.injected()
        assert self.dialogs == [], f"a script from the data ran: {self.dialogs}"
        assert found["handlers"] == [], found["handlers"]
        assert found["elements"] == [], found["elements"]
        assert found["scripts"] == 0
        assert self.outside == [], f"requests outside the file: {self.outside}"
        assert self.errors == [], self.errors
        return found

    def close(self) -> None:
        self.ctx.close()


@pytest.mark.parametrize("name", sorted(HTML_PAGES))
def test_html_report_escapes_everything(name, browser, cli, tmp_path):
    args, shown = HTML_PAGES[name]
    path = _run(cli, tmp_path, name, args, ".html")
    page = Page(browser, path)
    try:
        found = page.assert_clean()
        text = " ".join(found["text"].split())
        assert shown in text, f"{name}: the hostile text is not shown as text"
        assert "{{7*7}}" in text or "{{x}}" in text or "7*7" in text
    finally:
        page.close()


@pytest.mark.parametrize("name", sorted(MAPS))
def test_map_escapes_tooltips_and_panels(name, browser, cli, tmp_path):
    path = _run(cli, tmp_path, name, MAPS[name], ".html")
    page = Page(browser, path)
    try:
        page.page.wait_for_selector('body[data-stable="true"]', state="attached", timeout=30_000)
        page.assert_clean()
        ids = page.page.evaluate("network.body.data.nodes.getIds()")
        labels = " ".join(page.page.evaluate("network.body.data.nodes.get().map(n => String(n.label))"))
        assert ids, name
        box = page.page.locator("#mynetwork").bounding_box()
        panel_text = []
        for node in ids:
            page.page.evaluate("(id) => network.focus(id, {scale: 1.0, animation: false})", node)
            pos = page.page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node)
            x, y = box["x"] + pos["x"], box["y"] + pos["y"]
            page.page.mouse.move(x, y)      # the tooltip
            page.page.wait_for_timeout(50)
            page.page.mouse.click(x, y)     # the evidence panel
            panel_text.append(page.injected()["text"])
        page.assert_clean()  # after every tooltip and panel
        shown = " ".join(" ".join(panel_text).split()) + " " + " ".join(labels.split())
        assert any(s in shown for s in ("<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
                                        "</script><script>alert(1)</script>", "{{7*7}}")), name
    finally:
        page.close()


def test_map_gallery_index_and_file_names(browser, cli, tmp_path):
    folder = tmp_path / "gallery"
    r = cli("map", HOSTILE, "--all-examples", folder)
    assert r.exit_code == 0, r.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert "index.html" in names and len(names) > 2
    for n in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html", n), n
    page = Page(browser, folder / "index.html")
    try:
        page.assert_clean()
    finally:
        page.close()


# --------------------------------------------------------------------------- Cypher


_CYPHER = re.compile(r"\b(MATCH|MERGE|UNWIND|CREATE|RETURN|WHERE|SET|DELETE|CALL|WITH)\b")
#: What may be formatted into Cypher text: schema names (checked against the model's labels
#: and relationship types) and integers bounded by the caller; everything else is a $parameter.
_ALLOWED = re.compile(r"^(?:[A-Z][A-Z0-9_]*|checked_label\(\w+\)|checked_rel_type\(\w+\)"
                      r"|_in_force\('\w'\)|depth|steps|low)$")


def test_cypher_is_built_only_from_schema_names_and_bounded_integers():
    found: dict[str, set[str]] = {}
    for f in sorted((ROOT / "coigraph" / "db").glob("*.py")):
        src = f.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant)
                               and isinstance(v.value, str))
                if _CYPHER.search(text):
                    for v in node.values:
                        if isinstance(v, ast.FormattedValue):
                            found.setdefault(ast.unparse(v.value), set()).add(f.name)
        # the integers really are bounded: made with int() where they are put into the text
        for name in ("depth", "steps"):
            if re.search(r"\{" + name + r"\}", src):
                assert re.search(rf"\b{name} = int\(", src), f"{f.name}: {name} is not made with int()"
    assert found, "no Cypher found: has the database code moved?"
    unexpected = {k: v for k, v in found.items() if not _ALLOWED.match(k)}
    assert unexpected == {}, f"values formatted into Cypher text (use $parameters): {unexpected}"


def test_cypher_labels_are_checked_against_the_schema():
    from coigraph.db.schema import checked_label, checked_rel_type

    for bad in ("Person) DETACH DELETE n //", "Person`", "x {a: 1}"):
        with pytest.raises(ValueError):
            checked_label(bad)
        with pytest.raises(ValueError):
            checked_rel_type(bad)
