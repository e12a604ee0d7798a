"""Papers fit to file: the chair's conflicts paper, a declarations letter, a trace working paper and
the audit evidence pack, each as HTML, Markdown and Word, with the same content.

* the Word document holds the HTML's headings, tables (cell by cell) and text;
* the HTML printed to PDF by headless Chromium at A4 keeps every table inside the printable width,
  and the PDF holds the text of every finding;
* two runs give the same bytes (Word too);
* each paper says what it covers, never a clock time.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
NORTHSHIRE = Path(__file__).resolve().parents[1] / "data" / "northshire"
HAND = DATA / "template-hand-filled"

#: Every paper: name -> (command, args).  The northshire ones are the real-sized papers.
PAPERS: dict[str, list[str | Path]] = {
    "screen": ["screen", NORTHSHIRE, "--meeting", "icb-board-2025-05"],
    "declarations": ["declarations", NORTHSHIRE, "--person", "rebecca-stanforth", "--meeting",
                     "icb-fic-2025-06"],
    "trace": ["trace", NORTHSHIRE, "--decision", "dec-2025-07-remote-monitoring"],
    # a scheme as written: a joint authority not met, a band, conditions, a reporting duty, what
    # is to confirm, the procurement band and who may approve
    "trace-scheme": ["trace", NORTHSHIRE, "--decision", "dec-2025-08-office-move"],
    "audit": ["audit", NORTHSHIRE],
}


def _make(cli, tmp_path: Path, name: str, fmt: str, *extra: str | Path, suffix: str = "") -> Path:
    out = tmp_path / f"{name}{suffix}.{ {'markdown': 'md'}.get(fmt, fmt) }"
    r = cli(*PAPERS[name], "--format", fmt, "--output", out, *extra)
    assert r.exit_code == 0, (name, fmt, r.stderr)
    assert r.stdout == "" and r.stderr.count(f"wrote {out}") == 1, r.stderr
    return out


# --------------------------------------------------------------------------- reading the formats


class _Html(HTMLParser):
    """Headings, tables (rows of cell texts) and all text of an HTML paper, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.text.append(" ")
        if tag in ("style", "title", "head"):
            self._skip += 1
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "div" and self._cell is not None and self._cell:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        self.text.append(" ")
        if tag in ("style", "title", "head"):
            self._skip -= 1
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(_norm("".join(self._heading)))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(_norm("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _norm(text: str) -> str:
    return " ".join(text.split())


def read_html(path: Path) -> _Html:
    p = _Html()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def read_docx(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    """Headings (Title and Heading styles), tables (rows of cell texts) and all text of a .docx."""
    from docx import Document

    doc = Document(str(path))
    headings = [_norm(p.text) for p in doc.paragraphs
                if p.style.name == "Title" or p.style.name.startswith("Heading")]
    tables = [[[_norm(" ".join(par.text for par in c.paragraphs)) for c in row.cells] for row in t.rows]
              for t in doc.tables]
    text = " ".join([p.text for p in doc.paragraphs]
                    + [c for t in tables for row in t for c in row])
    return headings, tables, _norm(text)


# --------------------------------------------------------------------------- Word against HTML


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_word_paper_holds_the_html_papers_headings_tables_and_text(name, cli, tmp_path):
    html = read_html(_make(cli, tmp_path, name, "html"))
    headings, tables, text = read_docx(_make(cli, tmp_path, name, "docx"))
    assert headings == html.headings and len(headings) > 1
    assert tables == html.tables and tables
    words_html = _norm("".join(html.text))
    # every word of the HTML's text is in the Word document, in the same order
    assert _norm(re.sub(r"\s+", " ", text)).replace(" ", "") != ""
    missing = [w for w in set(words_html.split()) if w not in text]
    assert missing == [], missing[:10]


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_markdown_paper_has_the_html_papers_content(name, cli, tmp_path):
    """Nothing dropped in Markdown: every heading, and every table cell's words, are there."""
    html = read_html(_make(cli, tmp_path, name, "html"))
    md = _make(cli, tmp_path, name, "markdown").read_text(encoding="utf-8")
    plain = _norm(re.sub(r"\\(.)", r"\1", md).replace("**", "").replace("`", "").replace("&lt;", "<")
                  .replace("&gt;", ">").replace("&amp;", "&"))
    for h in html.headings:
        assert h in plain, h
    for table in html.tables:
        for row in table:
            for cell in row:
                assert cell.replace("*", "") in plain.replace("*", ""), cell


def test_the_papers_carry_other_paths_rule_texts_and_words(cli, tmp_path):
    """The Markdown once dropped the 'Also:' paths and rule texts and showed raw codes."""
    md = _make(cli, tmp_path, "screen", "markdown").read_text(encoding="utf-8")
    assert "**Also:**" in md and "This item affects the whole system" in md
    assert "6 months before" in md and "183 days" not in md
    for code in ("system\\_wide", "vice\\_chair", "executive\\_director", "non\\_financial"):
        assert code not in md, code
    audit = _make(cli, tmp_path, "audit", "markdown").read_text(encoding="utf-8")
    for code in ("sord\\_breach", "| northshire-icb |", "limit\\_exceeded", "coigraph audit DATA",
                 "coigraph screen DATA"):
        assert code not in audit, code
    assert "| SoRD breach |" in audit and "NHS Northshire Integrated Care Board" in audit
    assert f"Reproduce: coigraph audit {NORTHSHIRE} --section composition" in audit


def test_each_paper_says_what_it_covers_and_never_a_clock_time(cli, tmp_path):
    import datetime as dt

    for name in PAPERS:
        text = _make(cli, tmp_path, name, "markdown").read_text(encoding="utf-8")
        head = text.split("\n\n")[1]  # the table after the title
        for label in ("Dataset", "Made with", "Reproduce"):
            assert f"**{label}**" in head, (name, label)
        assert re.search(r"northshire \(content sha256:[0-9a-f]{16}\)", head), name
        assert dt.date.today().isoformat() not in text and words_day_today() not in text, name
        assert not re.search(r"\d\d:\d\d:\d\d", text), name
    screen = _make(cli, tmp_path, "screen", "markdown").read_text(encoding="utf-8")
    assert re.search(r"\*\*Policy\*\* \| coigraph default .*\(sha256:[0-9a-f]{12}\)", screen)


def words_day_today() -> str:
    import datetime as dt

    from coigraph.words import day

    return day(dt.date.today())


def test_the_title_is_not_repeated_below_it(cli, tmp_path):
    md = _make(cli, tmp_path, "screen", "markdown").read_text(encoding="utf-8")
    title = md.splitlines()[0].removeprefix("# Conflicts of interest: ")
    head = md[: md.index("## Item 1")]  # the title, what it covers, the summary
    assert head.count(title) == 1


def test_a_scheme_as_written_is_in_every_format_of_the_working_paper(cli, tmp_path):
    """The working paper carries what the terminal trace says of a scheme as written: each link's
    band, conditions, reporting duty, who acted under it and what is to confirm; the procurement
    band; who may approve and whether the decider was among them (the texts taken from the
    library's result and the terminal's own sentences, not from the page)."""
    from coigraph.delegation import trace_decision
    from coigraph.graph import load_graph
    from coigraph.report.delegation_words import approver_line, link_extras

    t = trace_decision(load_graph(NORTHSHIRE), str(PAPERS["trace-scheme"][3]))
    assert t.procurement is not None and t.may_approve is not None and t.may_approve.holders
    expected = [f"{k}: {v}" for c in t.chains for link in c.links for k, v in link_extras(link)]
    expected += [t.procurement.note, *(approver_line(h) for h in t.may_approve.holders),
                 "Procurement and who may approve"]
    assert len(expected) > 5 and any(e.startswith("To confirm: ") for e in expected)
    html = _norm("".join(read_html(_make(cli, tmp_path, "trace-scheme", "html")).text))
    _, _, docx = read_docx(_make(cli, tmp_path, "trace-scheme", "docx"))
    md = _make(cli, tmp_path, "trace-scheme", "markdown").read_text(encoding="utf-8")
    md = _norm(re.sub(r"\\(.)", r"\1", md).replace("*", "").replace("&gt;", ">"))
    for text, fmt in ((html, "html"), (docx, "docx"), (md, "markdown")):
        absent = [e for e in expected if _norm(e) not in text]
        assert absent == [], (fmt, absent)


# --------------------------------------------------------------------------- same bytes


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_reruns_give_the_same_bytes(name, cli, tmp_path):
    for fmt in ("docx", "html", "markdown"):
        a = _make(cli, tmp_path, name, fmt, suffix="-a").read_bytes()
        b = _make(cli, tmp_path, name, fmt, suffix="-b").read_bytes()
        assert a == b, (name, fmt)
    z = zipfile.ZipFile(io.BytesIO(a if fmt == "docx" else _make(cli, tmp_path, name, "docx").read_bytes()))
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "<dc:creator>coigraph</dc:creator>" in core


# --------------------------------------------------------------------------- Word's own parts


def test_word_tables_repeat_their_header_and_pages_are_numbered_on_a4(cli, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(_make(cli, tmp_path, "screen", "docx")))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert round(sec.left_margin.mm) == round(sec.right_margin.mm) == 20
    headed = [t for t in doc.tables if t.rows[0]._tr.trPr is not None
              and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(headed) == len(doc.tables) - 1  # all but the "what it covers" table
    footer = sec.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert {p.style.name for p in doc.paragraphs} >= {"Title", "Heading 2"}


def test_a_template_gives_its_styles_and_keeps_its_header(cli, tmp_path):
    from docx import Document
    from docx.shared import Pt, RGBColor

    tpl = Document()
    tpl.styles["Heading 2"].font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)  # NHS blue
    tpl.styles["Normal"].font.size = Pt(11)
    tpl.sections[0].header.paragraphs[0].text = "NHS Fenwick Integrated Care Board"
    tpl.add_paragraph("Placeholder text in the template's body")
    path = tmp_path / "icb-template.docx"
    tpl.save(str(path))
    out = _make(cli, tmp_path, "trace", "docx", "--template", path)
    doc = Document(str(out))
    assert doc.styles["Heading 2"].font.color.rgb == RGBColor(0x00, 0x5E, 0xB8)
    assert doc.sections[0].header.paragraphs[0].text == "NHS Fenwick Integrated Care Board"
    assert "Placeholder text" not in " ".join(p.text for p in doc.paragraphs)
    assert any(p.style.name == "Heading 2" for p in doc.paragraphs)


def test_template_and_binary_misuse_are_clear_errors(cli, tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_text("not a Word file")
    r = cli(*PAPERS["trace"], "--format", "docx", "--output", tmp_path / "t.docx", "--template", bad)
    assert r.exit_code == 2 and "not a Word document" in r.stderr and "Traceback" not in r.stderr
    r = cli(*PAPERS["trace"], "--format", "html", "--template", bad)
    assert r.exit_code == 2 and "--format docx" in r.stderr


# --------------------------------------------------------------------------- A4 in a browser


A4_PRINTABLE_PX = round((210 - 28) / 25.4 * 96)  # A4 less the stylesheet's 14 mm side margins


def _findings_text(name: str) -> list[str]:
    """The text of every finding of the paper's result, from the library (not from the page)."""
    from coigraph.audit import build_audit
    from coigraph.declarations import person_declarations
    from coigraph.delegation import trace_decision
    from coigraph.graph import load_graph
    from coigraph.screening import screen_meeting

    G = load_graph(NORTHSHIRE)
    if name == "screen":
        s = screen_meeting(G, "icb-board-2025-05")
        return [f.explanation for it in s.items for f in it.findings]
    if name == "declarations":
        d = person_declarations(G, "rebecca-stanforth", "icb-fic-2025-06")
        return [f["explanation"] for it in d.items for f in it["findings"]]
    if name.startswith("trace"):
        return [f.basis for f in trace_decision(G, str(PAPERS[name][3])).findings]
    return [f.basis for f in build_audit(G).findings]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u00ad", "")


@pytest.mark.parametrize("name", sorted(PAPERS))
def test_html_paper_prints_on_a4_with_every_column_and_every_finding(name, browser, cli, tmp_path):
    from pypdf import PdfReader

    path = _make(cli, tmp_path, name, "html")
    page = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    try:
        page.goto(path.resolve().as_uri())
        page.emulate_media(media="print")
        got = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            tables: [...document.querySelectorAll('table')].map(t => ({
                right: t.getBoundingClientRect().right, scroll: t.scrollWidth, client: t.clientWidth,
                cells: Math.max(0, ...[...t.querySelectorAll('td, th')].map(c => c.scrollWidth - c.clientWidth))}))
        })""")
        assert got["tables"], name
        assert got["page"] <= A4_PRINTABLE_PX, got["page"]
        cut = [t for t in got["tables"] if t["right"] > A4_PRINTABLE_PX + 0.5 or t["scroll"] > t["client"]
               or t["cells"] > 0]
        assert cut == [], cut
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4, in points
    text = _squash(" ".join(p.extract_text() or "" for p in reader.pages))
    findings = _findings_text(name)
    assert findings
    absent = [f for f in findings if _squash(f) not in text]
    assert absent == [], absent[:3]


def test_a_table_too_wide_for_the_page_is_caught(browser, cli, tmp_path):
    """The check above can fail: the same page without the print layout's fixed columns overflows."""
    path = _make(cli, tmp_path, "audit", "html")
    wide = tmp_path / "wide.html"
    wide.write_text(path.read_text().replace("table-layout: fixed;", "")
                    .replace("overflow-wrap: anywhere;", ""))
    page = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 1000})
    try:
        page.goto(wide.resolve().as_uri())
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth") > A4_PRINTABLE_PX
    finally:
        page.close()


# --------------------------------------------------------------------------- the audit with nothing in it


def test_an_audit_with_nothing_in_scope_gives_no_verdict(cli, tmp_path):
    # the hand-filled ICB has no decisions: audited for them alone, there is nothing to say
    r = cli("audit", HAND, "--section", "decisions", "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    assert "Nothing to audit." in r.stdout and "Verdict" not in r.stdout and "SOUND" not in r.stdout
    assert "nothing to audit" in r.stderr
    assert r.stdout.startswith("# Audit of decisions under delegated authority\n")
    # ...while its scheme, with a committee that has no powers, is something to audit
    r = cli("audit", HAND, "--section", "decisions", "--section", "scheme", "--format", "markdown")
    assert "Nothing to audit" not in r.stdout and "Verdict: SOUND, WITH POINTS TO NOTE." in r.stdout


# --------------------------------------------------------------------------- declarations for anyone


def test_declarations_for_someone_who_sent_apologies(cli, tmp_path):
    out = _make(cli, tmp_path, "declarations", "markdown").read_text(encoding="utf-8")
    assert "You sent apologies for this meeting" in out
    assert out.index("You sent apologies") < out.index("## Item")
    assert "Castlebridge General urgent treatment centre" in out


@pytest.mark.parametrize(("person", "kind", "words", "items"), [
    ("carol-hart", "apologies", "You sent apologies for this meeting", {"2"}),
    ("grace-lowe", "associate", "as the wife of Frank Lowe", {"2"}),
    ("frank-lowe", "member", "You are a voting member of NHS Fenwick ICB Board (partner member)", {"2"}),
    ("erin-walsh", "in_attendance", "You are in attendance at this meeting, without a vote", {"3"}),
])
def test_declarations_say_who_the_person_is_to_the_meeting(person, kind, words, items):
    from coigraph.declarations import person_declarations
    from coigraph.graph import load_graph

    d = person_declarations(load_graph(HAND), person, "fenwick-board-2025-06")
    assert d.standing.kind == kind and words in d.standing.text
    assert {it["number"] for it in d.items} == items
    if kind == "associate":
        assert [t.person for t in d.standing.through] == ["frank-lowe"]
        assert d.items[0]["findings"][0]["person"] == "frank-lowe"
    if kind == "apologies":
        assert d.items[0]["in_room"] is False and d.items[0]["findings"][0]["rule_id"] == "own-org-award"


def test_declarations_for_someone_not_on_the_body(tmp_path):
    import shutil

    from coigraph.declarations import person_declarations
    from coigraph.graph import load_graph

    folder = tmp_path / "d"
    shutil.copytree(HAND, folder)
    with open(folder / "people.csv", "a") as fh:
        fh.write("hana-ito,Hana Ito,,\n")
    with open(folder / "positions.csv", "a") as fh:
        fh.write("2024-01-01,,,hana-ito,director,,brightpath-ltd,,,,,,Director of Brightpath\n")
    d = person_declarations(load_graph(folder), "hana-ito", "fenwick-board-2025-06")
    assert d.standing.kind == "not_expected" and "not a member of NHS Fenwick ICB Board" in d.standing.text
    assert [it["number"] for it in d.items] == ["2"] and d.items[0]["in_room"] is False


# --------------------------------------------------------------------------- the terminal


@pytest.mark.parametrize("args", [
    ["screen", NORTHSHIRE, "--meeting", "icb-board-2025-05"],
    ["audit", NORTHSHIRE],
    ["powers", NORTHSHIRE, "--holder", "icb-fic"],
    ["powers", NORTHSHIRE, "--matter", "non_pay", "--value", "310000", "--on", "2025-08-27"],
    ["trace", NORTHSHIRE, "--decision", "dec-2025-07-remote-monitoring"],
])
@pytest.mark.parametrize("columns", [80, 120])
def test_terminal_output_fits_the_terminal(cli, args, columns):
    from rich.cells import cell_len

    r = cli(*args, columns=columns)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    assert all(not line.endswith(("…", "...")) for line in lines)


def test_every_output_file_is_said_once(cli, tmp_path):
    for args in (["screen", NORTHSHIRE, "--meeting", "icb-board-2025-05"], ["stats", NORTHSHIRE],
                 ["map", NORTHSHIRE, "--meeting", "icb-board-2025-05"], ["export", NORTHSHIRE]):
        out = tmp_path / f"{args[0]}.out"
        r = cli(*args, "-o", out)
        assert r.exit_code == 0, r.stderr
        assert [line for line in r.stderr.splitlines() if line.startswith("wrote ")] \
            == [line for line in r.stderr.splitlines() if line.startswith(f"wrote {out}")] \
            and r.stderr.count("wrote ") == 1, r.stderr
