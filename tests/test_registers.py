"""Importing registers of interests as ICBs publish them, and exporting the dataset's register.

Each register layout in tests/data/registers/ is imported into a copy of
tests/data/register-import-icb/ and what was extracted is compared, as sets,
with what the register says.  Then: the review file round trip, the change
summary between two months, the never-drop invariant (hypothesis), injection
safety, the export/re-import round trip (fixture and sample system), real
public data, and every CLI error path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coigraph.errors import DataError, UsageError
from coigraph.load.dataset import load_dataset
from coigraph.load.writer import rewritable, table_texts, write_checked
from coigraph.registers import (
    ImportPlan,
    RegisterMapping,
    export_register,
    import_register,
    load_mapping,
    mapping_after,
    parse_map_options,
    render_text,
    write_import,
)
from coigraph.registers.columns import guess_field
from coigraph.registers.phrases import organisation_phrase, read_name
from coigraph.registers.review import COLUMNS, read_review, render_review, review_path
from coigraph.registers.text import (
    find_relationship,
    is_nil,
    read_date,
    read_types,
    split_period,
    ticked,
)

DATA = Path(__file__).parent / "data"
REGISTERS = DATA / "registers"
BASE = DATA / "register-import-icb"
REAL = DATA / "realdata"
NORTHSHIRE = Path(__file__).parent.parent / "data" / "northshire"
D = dt.date


@pytest.fixture
def icb(tmp_path: Path) -> Path:
    """A fresh copy of the ICB the registers are imported into."""
    dest = tmp_path / "icb"
    shutil.copytree(BASE, dest)
    return dest


def interests(data: Path) -> set[tuple]:
    """The dataset's interests as comparable tuples (no ids, no source)."""
    ds = load_dataset(data)
    return {(i.person, i.organisation, i.subject, tuple(str(t) for t in i.types), i.indirect, i.associate,
             i.relationship, i.start, i.end) for i in ds.table("interests")}


def nils(data: Path) -> set[tuple[str, dt.date]]:
    return {(n.person, n.date) for n in load_dataset(data).table("nil_returns")}


def accounted(report) -> None:
    """Every row under the header is an entry or a skipped row; every entry has exactly one outcome."""
    c = report.counts()
    assert c["entries"] + c["skipped_rows"] == c["rows"]
    assert c["interest"] + c["nil_return"] + c["review"] + c["left_out"] == c["entries"]
    assert len({e.row for e in report.entries} | {s.row for s in report.skipped}) == c["rows"]


F, PRO, PER = "financial", "non_financial_professional", "non_financial_personal"


# --------------------------------------------------------------------------- the layouts


def test_plain_header_csv(icb: Path) -> None:
    r = import_register(REGISTERS / "plain-header.csv", icb)
    accounted(r)
    assert r.header_row == 1 and not r.unmapped and not r.skipped
    assert interests(icb) == {
        ("jane-smith", "northshire-gp-federation", None, (F,), False, None, None, D(2021, 6, 1), None),
        ("jane-smith", None, "Royal College of General Practitioners", (PRO,), False, None, None,
         D(2022, 4, 1), None),
        ("asha-khan", "st-annes-hospice", None, (PER,), False, None, None, D(2019, 1, 1), None),
        ("sarah-brown", "riverside-surgery", None, (F,), True, "michael-brown", "husband", D(2021, 9, 1),
         D(2024, 3, 31)),
        ("tom-oneill", "northshire-hospitals-ft", None, (F, PRO), False, None, None, D(2015, 9, 1), None),
        ("mark-jones", None, "Acme Diagnostics Ltd", (F,), False, None, None, D(2020, 3, 12), None),
    }
    assert nils(icb) == {("john-smith", D(2024, 4, 5))}
    ds = load_dataset(icb)
    by_src = {i.source: i for i in ds.table("interests")}
    assert by_src["plain-header.csv:2"].declared == D(2024, 4, 2)
    assert by_src["plain-header.csv:2"].mitigation == "Declares at meetings; no part in GP contract decisions"
    # the type of an 'Indirect Interest' entry is read from its wording, and the report says so
    sarah = next(e for e in r.entries if e.row == 5)
    assert any("type inferred" in n for n in sarah.notes)


def test_title_rows_and_two_row_merged_header_xlsx(icb: Path) -> None:
    r = import_register(REGISTERS / "title-rows-merged-header.xlsx", icb)
    accounted(r)
    assert r.header_row == 6  # the second of the two header rows
    assert r.register_date == D(2024, 4, 30)  # "As at 30 April 2024" in the title rows
    assert r.columns["Type of Interest Non-Financial Professional"] == PRO
    assert r.columns["Date of Interest From"] == "start" and r.columns["Date of Interest To"] == "end"
    assert {s.row for s in r.skipped} == {7, 12, 17, 18}  # section titles and notes, listed
    assert interests(icb) == {
        ("jane-smith", "northshire-gp-federation", None, (F,), False, None, None, D(2021, 6, 1), None),
        # row 9 has no name (merged cell): it is Dr Jane Smith's second entry
        ("jane-smith", None, "Royal College of General Practitioners", (PRO,), False, None, None,
         D(2022, 4, 1), None),
        ("asha-khan", "st-annes-hospice", None, (PER,), False, None, None, D(2019, 1, 1), None),
        # row 11: a description alone under Cllr Khan's merged name cell; typed from its wording
        ("asha-khan", None, "Labour Party", (PER,), False, None, None, None, None),
        ("sarah-brown", "riverside-surgery", None, (F,), True, "michael-brown", "husband", D(2021, 9, 1),
         D(2024, 3, 31)),
        ("david-lee", None, "Lee Digital Consulting Ltd", (F,), False, None, None, D(2018, 1, 1),
         D(2023, 3, 31)),
    }
    # a nil return with no date of its own takes the register's date
    assert nils(icb) == {("john-smith", D(2024, 4, 30))}


def test_windows_1252_csv_with_split_names_and_one_dates_column(icb: Path) -> None:
    r = import_register(REGISTERS / "trust-cp1252.csv", icb)
    accounted(r)
    assert any("Windows-1252" in w for w in r.warnings)
    assert r.columns["Is the interest direct or indirect?"] == "direct_indirect"
    assert interests(icb) == {
        ("zoe-bronte", "st-annes-hospice", None, (PER,), False, None, None, D(2019, 1, 1), None),
        ("david-lee", "brightcare-homes", None, (F,), True, None, "son", D(2023, 1, 1), D(2024, 12, 31)),
        ("tom-oneill", None, "Private practice, £12,000 a year", (F,), False, None, None, D(2010, 1, 1), None),
    }
    assert nils(icb) == {("mark-jones", D(2024, 4, 15))}


def test_gp_federation_xlsx_other_headers_notes_row_and_formula_text(icb: Path) -> None:
    r = import_register(REGISTERS / "gp-federation.xlsx", icb)
    accounted(r)
    assert [s.row for s in r.skipped] == [2]  # the notes row under the header
    ds = load_dataset(icb)
    got = {i.id: i for i in ds.table("interests")}
    assert set(got) == {"GPF-001", "GPF-002", "GPF-003", "GPF-004"}  # the register's refs kept as ids
    assert got["GPF-001"].organisation == "acorn-pcn"  # "Acorn PCN" in the organisation column
    assert got["GPF-002"].person == "priya-shah"  # "Dr P. Shah": initials, the only P. Shah
    assert got["GPF-002"].subject == "NHS England"
    assert got["GPF-003"].indirect and got["GPF-003"].associate == "michael-brown"
    assert got["GPF-003"].relationship == "Husband" and got["GPF-003"].start == D(2015, 1, 1)
    assert got["GPF-004"].organisation == "northshire-county-council"
    # text that looks like a formula stays text, and is stored escaped (safe to open in Excel)
    assert got["GPF-004"].description == '\'=HYPERLINK("http://evil.example/x","click here")'
    person_match = next(e for e in r.entries if e.row == 4)
    assert person_match.person_confidence == pytest.approx(0.85)
    # the register's own row is kept as evidence in the report (and the change record)
    assert person_match.register_row["Name of declarer"] == "Dr P. Shah"
    assert person_match.register_row["Start date"] == "2021-01-01"


def test_review_cases_go_to_review_not_guessed(icb: Path) -> None:
    r = import_register(REGISTERS / "review-cases.csv", icb)
    accounted(r)
    outcome = {e.row: e for e in r.entries}
    assert {row for row, e in outcome.items() if e.outcome == "review"} == {2, 3, 5, 6, 7, 8}
    assert "several people fit" in outcome[2].issues[0]  # J Smith: Jane, John or Julia
    assert outcome[3].person == "priya-shah" and outcome[3].person_confidence < 0.8  # "Priya Shaw"
    assert any("Spring 2020" in i for i in outcome[5].issues)
    assert any("Northshire GP Fed" in i for i in outcome[5].issues)
    assert any("several organisations" in i for i in outcome[6].issues)
    assert any("type of interest not given" in i for i in outcome[7].issues)
    assert any("before it starts" in i for i in outcome[8].issues)
    # a name nobody resembles is added as a new person, and listed
    assert r.new_people == [{"id": "alan-turing", "name": "Alan Turing", "title": "Dr", "row": 4}]
    ds = load_dataset(icb)
    assert ds.by_id("people")["alan-turing"].title == "Dr"
    assert interests(icb) == {
        ("alan-turing", None, "Royal College of Physicians", (PRO,), False, None, None, D(2018, 1, 1), None),
        ("zoe-bronte", None, "Ramblers", (PER,), False, None, None, D(2015, 1, 1), None),
    }
    rows = read_review(review_path(icb, "review-cases.csv"))
    assert [int(x.row) for x in rows] == [2, 3, 5, 6, 7, 8]
    assert rows[1].person == "priya-shah" and rows[1].person_confidence == "0.75"


def test_new_people_review_policy_sends_unknown_names_to_review(icb: Path) -> None:
    r = import_register(REGISTERS / "review-cases.csv", icb, new_people="review")
    assert not r.new_people
    turing = next(e for e in r.entries if e.row == 4)
    assert turing.outcome == "review" and "not in the dataset" in turing.issues[0]
    assert "alan-turing" not in load_dataset(icb).by_id("people")


# --------------------------------------------------------------------------- review round trip


def _complete(path: Path, decisions: dict[int, dict[str, str]]) -> None:
    """Do what a reviewer does: fill in some columns and a decision on some rows."""
    rows = read_review(path)
    for r in rows:
        for k, v in decisions.get(int(r.row), {}).items():
            setattr(r, k, v)
    path.write_text(render_review(rows), encoding="utf-8")


def test_review_file_round_trip(icb: Path) -> None:
    import_register(REGISTERS / "review-cases.csv", icb)
    path = review_path(icb, "review-cases.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)  # one header row
    assert len(list(csv.reader(io.StringIO(text)))) == 7  # and one row per entry to check
    _complete(path, {
        2: {"person": "jane-smith", "decision": "accept"},
        3: {"decision": "accept"},  # the suggestion (priya-shah) was right
        5: {"start": "2020-03-01", "decision": "accept"},
        6: {"decision": "skip"},
        7: {"types": "non_financial_professional", "decision": "Accept"},
        # row 8 left for later
    })
    r = import_register(REGISTERS / "review-cases.csv", icb, review=path)
    accounted(r)
    c = r.counts()
    assert (c["interest"], c["review"], c["left_out"]) == (6, 1, 1)
    assert r.review_pending == 1
    got = interests(icb)
    assert ("jane-smith", "northshire-gp-federation", None, (F,), False, None, None, D(2020, 1, 1), None) in got
    assert ("priya-shah", "acorn-pcn", None, (F,), False, None, None, D(2019, 1, 1), None) in got
    assert ("mark-jones", "northshire-gp-federation", None, (F,), False, None, None, D(2020, 3, 1), None) in got
    assert ("tom-oneill", None, "Attends conferences", (PRO,), False, None, None, D(2022, 1, 1), None) in got
    assert not any(x[0] == "david-lee" for x in got)  # skipped by the reviewer
    # decisions stay in the file, so the same import again gives the same dataset
    kept = {int(x.row): x.verdict for x in read_review(path)}
    assert kept == {2: "accept", 3: "accept", 5: "accept", 6: "skip", 7: "accept", 8: None}
    before = (icb / "interests.csv").read_bytes()
    again = import_register(REGISTERS / "review-cases.csv", icb)
    assert (icb / "interests.csv").read_bytes() == before
    assert again.counts()["unchanged"] == 6 and again.counts()["appeared"] == 0
    # names settled in review are remembered in the saved mapping for next month
    learned = mapping_after(r)
    assert learned.people == {"J Smith": "jane-smith", "Priya Shaw": "priya-shah"}
    assert learned.organisations == {"Northshire GP Fed": "northshire-gp-federation"}


def test_review_file_errors_name_the_line_and_column(icb: Path) -> None:
    import_register(REGISTERS / "review-cases.csv", icb)
    path = review_path(icb, "review-cases.csv")
    _complete(path, {2: {"person": "jane-smyth", "decision": "accept"},
                     3: {"organisation": "acorn", "decision": "accept"}})
    with pytest.raises(DataError) as exc:
        import_register(REGISTERS / "review-cases.csv", icb, review=path)
    where = {(p.file, p.row, p.field) for p in exc.value.problems}
    assert ("review-cases-review.csv", 2, "person") in where
    assert ("review-cases-review.csv", 3, "organisation") in where
    assert "did you mean 'jane-smith'" in str(exc.value)
    _complete(path, {2: {"person": "jane-smith", "decision": "perhaps"}, 3: {"decision": ""}})
    with pytest.raises(DataError, match="'perhaps' is not a decision"):
        import_register(REGISTERS / "review-cases.csv", icb, review=path)


def test_review_rows_that_no_longer_match_the_register_are_reported(icb: Path, tmp_path: Path) -> None:
    import_register(REGISTERS / "review-cases.csv", icb)
    path = review_path(icb, "review-cases.csv")
    rows = read_review(path)
    rows[0].key = "r2-00000000"  # as if the register's row 2 had been edited since
    rows[0].decision = "accept"
    path.write_text(render_review(rows), encoding="utf-8")
    r = import_register(REGISTERS / "review-cases.csv", icb)
    assert any("no longer matches" in w for w in r.warnings)
    assert next(e for e in r.entries if e.row == 2).outcome == "review"  # not accepted by the stale row


def test_review_file_is_injection_safe(icb: Path, tmp_path: Path) -> None:
    reg = tmp_path / "hostile.csv"
    reg.write_text('Name,Type,Description\n"=cmd|\' /C calc\'!A0",,"@SUM(1+1)"\n'
                   'Mark Jones,,"+44 attends"\n', encoding="utf-8")
    r = import_register(reg, icb, new_people="review")
    assert r.counts()["review"] == 2
    raw = review_path(icb, "hostile.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(raw)) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells


# --------------------------------------------------------------------------- change summary


def test_change_summary_between_two_months(icb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # the terminal's width: the summary's tables unwrapped
    first = import_register(REGISTERS / "board-2024-04.csv", icb)
    assert first.counts()["appeared"] == 5
    r = import_register(REGISTERS / "board-2024-05.csv", icb)
    accounted(r)
    assert {(c.change, c.id) for c in r.interests} == {
        ("appeared", "mark-jones-brightcare-homes"),
        ("appeared", "helen-carter-riverside-surgery"),
        ("ended", "jane-smith-northshire-gp-federation"),
        ("changed", "asha-khan-st-annes-hospice"),
        ("unchanged", "jane-smith-royal-college-of-general-practitioners"),
        ("not_listed", "mark-jones-acme-diagnostics-ltd"),
    }
    # Tom O'Neill is not on May's register at all: his interest is outside it, untouched
    assert "tom-oneill-northshire-hospitals-ft" in load_dataset(icb).by_id("interests")
    ended = next(c for c in r.interests if c.change == "ended")
    assert ended.end == D(2024, 4, 30)
    assert next(c for c in r.interests if c.change == "changed").fields == ["mitigation"]
    assert [p["id"] for p in r.new_people] == ["helen-carter"]
    assert r.nil_returns == [{"person": "john-smith", "date": D(2024, 5, 2), "row": 7, "new": True}]
    # nothing dropped: the interest no longer listed is kept as it was
    ds = load_dataset(icb)
    acme = ds.by_id("interests")["mark-jones-acme-diagnostics-ltd"]
    assert acme.end is None and acme.source == "board-2024-04.csv:6"
    assert ds.by_id("interests")["jane-smith-northshire-gp-federation"].end == D(2024, 4, 30)
    text = render_text(r)
    for words in ("2 appeared, 1 ended, 1 changed, 1 unchanged, 1 not listed", "ended 2024-04-30",
                  "Dr Helen Carter (helen-carter), register row 6", "john-smith on 2024-05-02",
                  "give it an end date if it has ended"):
        assert words in text
    # the change record is kept in the dataset's review folder
    record = json.loads((icb / "review" / "board-2024-05-changes.json").read_text())
    assert record["counts"]["ended"] == 1


def test_reimporting_the_same_register_changes_nothing(icb: Path) -> None:
    import_register(REGISTERS / "board-2024-04.csv", icb)
    import_register(REGISTERS / "board-2024-05.csv", icb)
    files = {p.name: p.read_bytes() for p in icb.rglob("*") if p.is_file()}
    r = import_register(REGISTERS / "board-2024-05.csv", icb)
    assert r.counts()["appeared"] == r.counts()["changed"] == r.counts()["ended"] == 0
    assert {p.name: p.read_bytes() for p in icb.rglob("*") if p.is_file()} == files


def test_import_is_deterministic(tmp_path: Path) -> None:
    outs = []
    for n in range(2):
        d = tmp_path / f"run{n}" / "icb"
        shutil.copytree(BASE, d)
        r = import_register(REGISTERS / "title-rows-merged-header.xlsx", d)
        r.dataset, r.written = "X", [w.replace(str(d), "X") for w in r.written]
        outs.append((json.dumps(r.as_dict(), sort_keys=True), render_text(r).replace(str(d), "X"),
                     (d / "interests.csv").read_bytes(), (d / "review" / "title-rows-merged-header-changes.json")
                     .read_text().replace(str(d), "X")))
    assert outs[0] == outs[1]


def test_dry_run_writes_nothing(icb: Path) -> None:
    before = sorted((p.name, p.read_bytes()) for p in icb.rglob("*") if p.is_file())
    r = import_register(REGISTERS / "review-cases.csv", icb, dry_run=True)
    assert r.dry_run and not r.written and r.counts()["review"] == 6
    assert sorted((p.name, p.read_bytes()) for p in icb.rglob("*") if p.is_file()) == before
    assert "dry run: nothing was written" in render_text(r)


def test_an_invalid_result_is_never_written(icb: Path) -> None:
    plan = ImportPlan(report=None, files={icb / "interests.csv": "id,person,types,subject\nx,nobody,financial,y\n"})  # type: ignore[arg-type]
    with pytest.raises(DataError, match="nothing was written"):
        write_import(plan, icb)
    assert not (icb / "interests.csv").exists()


def test_the_dataset_writer_changes_only_what_it_is_told(icb: Path) -> None:
    """The import writes through coigraph.load.writer: rows nobody changed keep their text as written
    (here a ';'-delimited file with a UK date), changed cells are replaced, new rows added at the end."""
    (icb / "positions.csv").write_text("person;role;body;description;start\n"
                                       "jane-smith;chair;icb-board;ICB Chair;01/07/2022\n"
                                       "asha-khan;partner_member;icb-board;Partner Member;2022-07-01\n")
    ds = load_dataset(icb)
    asha = next(p for p in ds.table("positions") if p.person == "asha-khan")
    new = asha.model_copy(update={"person": "jane-smith", "role": "member", "description": "=SUM(A1)"})
    texts = table_texts(icb, "positions", columns=("person", "role", "body", "description", "start"),
                        changed={asha.src: (asha.model_copy(update={"description": "Partner member"}),
                                            ["description"])},
                        added=[new], beside="registers")
    assert list(texts) == [icb / "positions.csv"]
    assert rewritable("positions.csv") and not rewritable("people.yaml")
    assert texts[icb / "positions.csv"].splitlines() == [
        "person,role,body,description,start",
        "jane-smith,chair,icb-board,ICB Chair,01/07/2022",
        "asha-khan,partner_member,icb-board,Partner member,2022-07-01",
        "jane-smith,member,icb-board,'=SUM(A1),2022-07-01",
    ]
    assert write_checked(icb, texts) == [str(icb / "positions.csv")]
    assert len(load_dataset(icb).table("positions")) == 3


# --------------------------------------------------------------------------- never drop (property)


_NAMES = ["Dr Jane Smith", "SMITH, John", "J Smith", "Cllr Asha Khan", "Zoë Brontë", "Priya Shaw", "",
          "Dr Alan Turing", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"x\")", "Board Members"]
_TYPES = ["Financial Interest", "Non-Financial Professional", "Indirect Interest", "Nil return", "", "Other",
          "Financial; Non-Financial Personal"]
_DESCS = ["Director of Northshire GP Federation Ltd", "Wife is a partner at Riverside Surgery", "Nil", "",
          "Trustee of St Anne's Hospice Northshire", "Shareholder", "`rm -rf` \"quoted\" 'text'",
          "Director of Northshire Hospitals NHS FT and Riverside Surgery", "Nothing to declare"]
_DATES = ["01/06/2021", "April 2022", "Sep-2021", "Ongoing", "Present", "", "2019", "Spring 2020", "N/A",
          "31/02/2021"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from(_TYPES), st.sampled_from(_DESCS),
                          st.sampled_from(_DATES), st.sampled_from(_DATES)), min_size=1, max_size=12))
def test_every_register_row_is_accounted_for_and_the_result_loads(rows) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "icb"
        shutil.copytree(BASE, data)
        reg = Path(tmp) / "register.csv"
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["Name", "Type of Interest", "Description of Interest", "Date From", "Date To"])
        w.writerows(rows)
        reg.write_text(buf.getvalue(), encoding="utf-8")
        try:
            r = import_register(reg, data)
        except UsageError as exc:  # only when nothing under the header is filled at all
            assert "empty" in str(exc) or "header" in str(exc)
            return
        accounted(r)
        ds = load_dataset(data)  # the dataset written is valid
        made = {e.interest for e in r.entries if e.outcome == "interest"}
        assert made <= set(ds.by_id("interests"))
        assert len(made) == r.counts()["interest"]
        in_review = [e for e in r.entries if e.outcome == "review"]
        if in_review:
            assert len(read_review(review_path(data, reg))) == len(in_review)


# --------------------------------------------------------------------------- export


def test_export_is_an_icb_style_workbook_that_reimports_to_the_same_interests(icb: Path, tmp_path: Path) -> None:
    import_register(REGISTERS / "plain-header.csv", icb)
    import_register(REGISTERS / "gp-federation.xlsx", icb)
    import_register(REGISTERS / "trust-cp1252.csv", icb)
    data = export_register(load_dataset(icb))
    assert data == export_register(load_dataset(icb))  # same dataset, same bytes
    xlsx = tmp_path / "register.xlsx"
    xlsx.write_bytes(data)
    copy = tmp_path / "copy"
    shutil.copytree(BASE, copy)
    r = import_register(xlsx, copy)
    accounted(r)
    assert r.header_row == 5 and r.counts()["review"] == 0
    assert interests(copy) == interests(icb)
    assert nils(copy) == nils(icb)
    assert set(load_dataset(copy).by_id("interests")) == set(load_dataset(icb).by_id("interests"))


def test_export_cells_are_injection_safe(icb: Path, tmp_path: Path) -> None:
    (icb / "interests.csv").write_text(
        "id,person,subject,types,description,mitigation\n"
        'x1,jane-smith,"@SUM(1+1)",financial,"=HYPERLINK(""http://evil.example"",""click"")","-2+3"\n',
        encoding="utf-8")
    data = export_register(load_dataset(icb))
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} == {'=HYPERLINK("http://evil.example","click")', "@SUM(1+1)", "-2+3"}
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet  # no formula anywhere
    text = export_register(load_dataset(icb), fmt="csv")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells


@pytest.mark.skipif(not (NORTHSHIRE / "interests.csv").exists(), reason="the sample system is not there yet")
def test_sample_system_register_round_trip(tmp_path: Path) -> None:
    """Export data/northshire's register to an ICB-style .xlsx, re-import it into the dataset without
    interests: the same interests and nil returns come back, none to review."""
    ds = load_dataset(NORTHSHIRE)
    xlsx = tmp_path / "northshire-register.xlsx"
    xlsx.write_bytes(export_register(ds))
    copy = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, copy, ignore=shutil.ignore_patterns("interests*", "nil_returns*", "review"))
    r = import_register(xlsx, copy)
    accounted(r)
    assert [e for e in r.entries if e.outcome == "review"] == []
    assert not r.new_people
    back = load_dataset(copy)
    strip = {"source"}
    assert ({i.id: i.model_dump(exclude=strip) for i in back.table("interests")}
            == {i.id: i.model_dump(exclude=strip) for i in ds.table("interests")})
    assert nils(copy) == {(n.person, n.date) for n in ds.table("nil_returns")}


# --------------------------------------------------------------------------- real public data


def _bare_dataset(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "organisations.csv").write_text("id,name,kind\nnhs-england,NHS England,nhs_england\n")
    (folder / "bodies.csv").write_text("id,name,kind,owners\nboard,NHS England Board,board,nhs-england\n")
    (folder / "people.csv").write_text("id,name\nsomeone-else,Someone Else\n")
    return folder


def test_commons_register_with_a_mapping_file_keeps_every_entry(tmp_path: Path) -> None:
    data = _bare_dataset(tmp_path / "commons")
    mapping = load_mapping(REAL / "commons-mapping.yaml")
    r = import_register(REAL / "commons_regmem_2015-02-09_health_subset.csv", data, mapping=mapping)
    accounted(r)
    c = r.counts()
    assert c["rows"] == c["entries"] == 353
    assert c["interest"] + c["review"] == 353 and c["nil_return"] == 0
    assert c["review"] < 60  # mostly the unmapped '11. Miscellaneous' entries that say nothing typeable
    # 19 members: each added as a new person, or (Dr Andrew Murrison, whose one entry says nothing
    # typeable) suggested as one in the review file
    names = {p["name"] for p in r.new_people}
    assert len(names) == 18 and "Andrew Murrison" not in names
    assert {"Kevin Barron", "Stephen O'Brien", "Tessa Jowell", "Alasdair McDonnell"} <= names
    murrison = [x for x in read_review(review_path(data, "commons_regmem_2015-02-09_health_subset.csv"))
                if x.name == "MURRISON, Dr Andrew"]
    assert len(murrison) == 1 and murrison[0].person == "andrew-murrison"
    assert "accepting adds them as 'andrew-murrison'" in murrison[0].issue
    assert next(p for p in r.new_people if p["name"] == "Phillip Lee")["title"] == "Dr"
    ds = load_dataset(data)
    by_row = {int(i.source.rsplit(":", 1)[1]): i for i in ds.table("interests")}
    # sheet row = the file's 'row' column + 1 (the header is row 1)
    assert by_row[2].subject == "ComRes" and by_row[2].person == "kevin-barron"
    assert by_row[3].subject == "ComRes"  # a sub-item: continues the item above
    assert by_row[3].declared == D(2014, 3, 10)  # "10 March 2014"
    assert by_row[6].subject == "Japanese Pharmaceutical Group"
    assert by_row[7].subject == "Astellas Ltd"  # a sub-item naming a company of its own
    with (REAL / "commons_regmem_2015-02-09_health_subset.csv").open(encoding="utf-8") as fh:
        category = {int(row["row"]) + 1: row["category_as_published"] for row in csv.DictReader(fh)}
    for row, i in by_row.items():  # Parliament's categories, read through the mapping file
        if not category[row].startswith("11."):
            assert [str(t) for t in i.types] == [F], row
    review = read_review(review_path(data, "commons_regmem_2015-02-09_health_subset.csv"))
    assert len(review) == c["review"]


def test_yorkshire_trust_names_in_capitals_are_found(tmp_path: Path) -> None:
    data = tmp_path / "yorkshire"
    data.mkdir()
    rows = list(csv.DictReader((REAL / "nhs_trusts_yorkshire_ods_etr.csv").open(encoding="utf-8")))
    with (data / "organisations.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "kind", "ods_code"])
        for row in rows:
            kind = "foundation_trust" if "FOUNDATION TRUST" in row["name"] else "nhs_trust"
            w.writerow([row["org_code"].lower(), row["name"], kind, row["org_code"]])
    (data / "bodies.csv").write_text("id,name,kind,owners\nboard,Bradford Board,board,rae\n")
    # people in YAML: new people then go to people-registers.csv beside it
    (data / "people.yaml").write_text("- {id: ann-hall, name: Ann Hall}\n- {id: raj-patel, name: Raj Patel, title: Dr}\n")
    reg = tmp_path / "wy-register.csv"
    reg.write_text(
        "Name,Type of Interest,Description of Interest,From\n"
        "Ann Hall,Financial,Director at Bradford Teaching Hospitals NHS FT,2020\n"
        "Ann Hall,Financial,\"Non-executive director, Leeds Teaching Hospitals\",2021\n"
        "Dr Raj Patel,Non-financial personal,Governor of Harrogate & District NHS Foundation Trust,2019\n"
        "Dr Raj Patel,Indirect,Wife is a consultant at Sheffield Children’s NHS FT,2018\n"
        "Dr Raj Patel,Non-financial professional,Member of the council of governors of The Rotherham NHS "
        "Foundation Trust,2017\n"
        "Ann Hall,Non-financial personal,Trustee of Mid Yorkshire Hospitals Charity,2016\n"
        "Kate Moss,Financial,Consultant at Humber NHS FT,2015\n",
        encoding="utf-8")
    r = import_register(reg, data)
    accounted(r)
    got = {(i.person, i.organisation or i.subject) for i in load_dataset(data).table("interests")}
    assert got == {("ann-hall", "rae"), ("ann-hall", "rr8"), ("raj-patel", "rcd"), ("raj-patel", "rcu"),
                   ("raj-patel", "rfr"), ("ann-hall", "Mid Yorkshire Hospitals Charity"),
                   ("kate-moss", "rv9")}
    indirect = next(i for i in load_dataset(data).table("interests") if i.organisation == "rcu")
    assert indirect.indirect and indirect.relationship == "wife"
    assert (data / "people-registers.csv").read_text().splitlines() == ["id,name,title,aliases",
                                                                      "kate-moss,Kate Moss,,"]


# --------------------------------------------------------------------------- reading words


@pytest.mark.parametrize("header, field", [
    ("Name", "name"), ("Name of declarer", "name"), ("Job Title/Role", "role"), ("Position", "role"),
    ("Type of Interest", "type"), ("Category of interest", "type"), ("Nature of Interest", "nature"),
    ("Description of Interest", "description"), ("Interest declared", "description"), ("Details", "description"),
    ("Date of Interest From", "start"), ("Date of Interest To", "end"), ("Start date", "start"),
    ("End date", "end"), ("Date interest ceased", "end"), ("Relevant dates", "dates"),
    ("Date of declaration", "declared"), ("Date declared", "declared"),
    ("Action taken to mitigate risk", "mitigation"), ("Is the interest direct or indirect?", "direct_indirect"),
    ("Financial Interest", "financial"), ("Type of Interest Non-Financial Personal", "non_financial_personal"),
    ("Indirect", "indirect"), ("Name of organisation", "organisation"), ("Relationship to declarer", "relationship"),
    ("Surname", "surname"), ("Forename", "first_name"), ("Ref", "ref"), ("Comments", "notes"),
    ("Date of Interest (dd/mm/yyyy) From", "start"),
])
def test_usual_header_names(header: str, field: str) -> None:
    assert guess_field(header) == field


@pytest.mark.parametrize("text, end, expected", [
    ("01/06/2021", False, D(2021, 6, 1)),  # day first
    ("April 2022", False, D(2022, 4, 1)), ("April 2022", True, D(2022, 4, 30)),
    ("Sep-2021", False, D(2021, 9, 1)), ("Sep-2021", True, D(2021, 9, 30)),
    ("2019", False, D(2019, 1, 1)), ("2019", True, D(2019, 12, 31)),
    ("since 2010", False, D(2010, 1, 1)), ("1st March 2020", False, D(2020, 3, 1)),
    ("Ongoing", True, None), ("Present", True, None), ("Current", True, None), ("N/A", True, None),
    ("", True, None), (dt.datetime(2024, 3, 31, 0, 0), True, D(2024, 3, 31)),
])
def test_register_dates_uk_style(text, end: bool, expected) -> None:
    assert read_date(text, end=end) == (expected, None)


def test_unreadable_dates_are_problems_not_guesses() -> None:
    for text in ("Spring 2020", "31/02/2021", "sometime"):
        d, problem = read_date(text)
        assert d is None and problem and "not a date" in problem


def test_periods_in_one_cell() -> None:
    assert split_period("2019 – Present") == ("2019", "Present")
    assert split_period("Apr 2020 to Mar 2023") == ("Apr 2020", "Mar 2023")
    assert split_period("2018 onwards") == ("2018", "")
    assert split_period("01/06/2021") == ("01/06/2021", "")


@pytest.mark.parametrize("text, types, indirect, nil", [
    ("Financial Interest", {F}, None, False),
    ("Non-Financial Professional Interest", {PRO}, None, False),
    ("Non-Financial Personal Interest", {PER}, None, False),
    ("Indirect Interest", set(), True, False),
    ("Financial / Indirect", {F}, True, False),
    ("Financial; Non-Financial Professional Interest", {F, PRO}, None, False),
    ("Direct financial", {F}, False, False),
    ("Nil return", set(), None, True), ("Nil", set(), None, True), ("None", set(), None, True),
    ("Nothing to declare", set(), None, True),
    ("Non-financial", set(), None, False),  # does not say which kind
])
def test_types_in_words(text: str, types: set, indirect, nil: bool) -> None:
    assert read_types(text) == (types, indirect, nil)


def test_types_from_the_mapping_file() -> None:
    words = RegisterMapping(types={"3. Clients": ["financial"], "Misc": ["nil"]}).type_words()
    assert read_types("3. Clients", words) == ({F}, None, False)
    assert read_types("misc", words) == (set(), None, True)


def test_nil_words_and_tick_boxes() -> None:
    assert all(is_nil(t) for t in ("Nil", "NIL RETURN", "None.", "Nothing to declare", "No interests to declare"))
    assert not is_nil("Nil by mouth campaign trustee")
    assert [ticked(v) for v in ("X", "✓", "Yes", True, "", "No", None, "Director of X")] == \
        [True, True, True, True, False, False, False, None]


def test_relationships_of_indirect_interests() -> None:
    assert find_relationship("Wife is a partner at Riverside Surgery") == "wife"
    assert find_relationship("My husband works for BrightCare") == "husband"
    assert find_relationship("Son is employed by BrightCare Homes Ltd") == "son"
    assert find_relationship("Partner is a non-executive director of X") == "partner"
    assert find_relationship("Partner at Riverside Surgery") is None  # a GP partner: direct
    assert find_relationship("Partner Member of the ICB Board") is None


def test_names_as_registers_write_them() -> None:
    assert read_name("SMITH, Dr Jane").key == "jane smith"
    assert read_name("Dr J. Smith").key == read_name("J Smith").key == "j smith"
    assert read_name("BARRON, Rt Hon Sir Kevin").display == "Kevin Barron"
    assert read_name("O’BRIEN, Rt Hon Stephen").display == "Stephen O'Brien"
    assert read_name("Zoë BRONTË").display == "Zoë Brontë" and read_name("Zoë BRONTË").key == "zoe bronte"
    assert read_name("Cllr Asha Khan - Partner Member").title == "Cllr"
    assert read_name("Jane Lord").key == "jane lord"


def test_organisation_named_in_a_description() -> None:
    assert organisation_phrase("Director of Northshire GP Federation Ltd") == "Northshire GP Federation Ltd"
    assert organisation_phrase("Wife is a partner at Riverside Surgery") == "Riverside Surgery"
    assert organisation_phrase("Fellow of the Royal College of General Practitioners") == \
        "Royal College of General Practitioners"
    assert organisation_phrase("Fees for completing opinion surveys for ComRes, 4 Millbank") == "ComRes"
    assert organisation_phrase("Unremunerated board member, New City Network (London) Ltd; a think tank") == \
        "New City Network Ltd"
    assert organisation_phrase("Shareholder") is None
    assert organisation_phrase("Clinical Director (paid sessions)") is None


# --------------------------------------------------------------------------- mapping


def test_map_options_and_mapping_files(tmp_path: Path) -> None:
    assert parse_map_options(["Who=name", "What it is=description"]) == {"Who": "name", "What it is": "description"}
    with pytest.raises(UsageError, match="COLUMN=FIELD"):
        parse_map_options(["Who"])
    with pytest.raises(UsageError, match="did you mean 'name'"):
        parse_map_options(["Who=nme"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  Who: nme\ntypes:\n  Misc: [sometimes]\ncolums: {}\n")
    with pytest.raises(DataError) as exc:
        load_mapping(bad)
    fields = {p.field for p in exc.value.problems}
    assert {"columns: Who", "types: Misc", "colums"} <= fields
    broken = tmp_path / "broken.yaml"
    broken.write_text("columns: [unclosed\n")
    with pytest.raises(DataError, match="cannot read the mapping file"):
        load_mapping(broken)
    m = RegisterMapping(columns={"Who": "name"}, types={"Misc": ["financial"]}, people={"J S": "jane-smith"})
    saved = tmp_path / "m.yaml"
    saved.write_text(m.to_yaml())
    assert load_mapping(saved) == m


# --------------------------------------------------------------------------- command line


ODD = "Who,Kind,What,When\nDr Jane Smith,Financial,Director of Northshire GP Federation Ltd,2021\n"


def test_cli_import_text_and_json(cli, icb: Path, tmp_path: Path) -> None:
    r = cli("import-register", REGISTERS / "board-2024-04.csv", "--into", icb)
    assert r.exit_code == 0, r.stderr
    assert "Interests: 5 appeared" in r.stdout
    out = tmp_path / "summary.json"
    r = cli("import-register", REGISTERS / "board-2024-05.csv", "--into", icb, "--format", "json",
            "--output", out)
    assert r.exit_code == 0 and r.stdout == ""
    summary = json.loads(out.read_text())
    assert summary["counts"]["ended"] == 1 and summary["new_people"][0]["id"] == "helen-carter"


def test_cli_map_save_mapping_and_reuse(cli, icb: Path, tmp_path: Path) -> None:
    reg = tmp_path / "odd.csv"
    reg.write_text(ODD)
    r = cli("import-register", reg, "--into", icb)
    assert r.exit_code == 2 and "no header row found" in r.stderr and "--map 'Header=field'" in r.stderr
    saved = tmp_path / "odd-mapping.yaml"
    r = cli("import-register", reg, "--into", icb, "--map", "Who=name", "--map", "Kind=type",
            "--map", "What=description", "--map", "D=start", "--save-mapping", saved, "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert load_mapping(saved).columns == {"Who": "name", "Kind": "type", "What": "description", "When": "start"}
    r = cli("import-register", reg, "--into", icb, "--mapping", saved)
    assert r.exit_code == 0, r.stderr
    assert ("jane-smith", "northshire-gp-federation", None, (F,), False, None, None, D(2021, 1, 1), None) in \
        interests(icb)


@pytest.mark.parametrize("setup, args, message", [
    (None, [], "no such register file"),
    ("old.xls", [], "old Excel .xls"),
    ("notreally.xlsx", [], "not a readable Excel .xlsx file"),
    ("empty.csv", [], "is empty"),
    ("noheader.csv", [], "no header row found"),
    ("ok.csv", ["--map", "Who"], "COLUMN=FIELD"),
    ("ok.csv", ["--map", "Nope=name"], "no column 'Nope'"),
    ("ok.csv", ["--as-of", "30/04/2024"], "is not a date"),
    ("ok.csv", ["--review", "missing-review.csv"], "no such review file"),
])
def test_cli_errors_exit_2_with_a_message(cli, icb: Path, tmp_path: Path, setup, args, message) -> None:
    files = {"old.xls": b"\xd0\xcf\x11\xe0", "notreally.xlsx": b"Name,Type\n", "empty.csv": b"\n\n",
             "noheader.csv": b"alpha,beta\ngamma,delta\n", "ok.csv": ODD.replace("Who,Kind,What,When", "Name,Type,Description,From").encode()}
    reg = tmp_path / (setup or "nowhere.xlsx")
    if setup:
        reg.write_bytes(files[setup])
    extra = [str(tmp_path / a) if a.endswith("review.csv") else a for a in args]
    r = cli("import-register", reg, "--into", icb, *extra)
    assert r.exit_code == 2, r.stdout
    assert message in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("case", ["text_too_long", "enormous_cell"])
def test_a_register_cell_over_the_datasets_limit_is_a_clear_error_not_a_crash(cli, icb: Path, case: str) -> None:
    """The dataset's rules (a description of at most 10,000 characters) refuse the row: the error names
    the register, its row and the field; before, the importer stopped with an internal error."""
    before = sorted((p.name, p.read_bytes()) for p in icb.rglob("*") if p.is_file())
    r = cli("import-register", DATA / "bad" / case / "interests.csv", "--into", icb)
    assert r.exit_code == 2 and "Traceback" not in r.stderr and "Internal error" not in r.stderr
    assert "of interests.csv cannot be imported, so nothing was written" in r.stderr
    assert "interests.csv, row 2, field 'description': the text is too long" in r.stderr
    assert sorted((p.name, p.read_bytes()) for p in icb.rglob("*") if p.is_file()) == before


def test_cli_import_into_missing_dataset_or_a_file(cli, tmp_path: Path) -> None:
    r = cli("import-register", REGISTERS / "plain-header.csv", "--into", tmp_path / "nope")
    assert r.exit_code == 2 and "no such folder" in r.stderr
    export = tmp_path / "export.json"
    export.write_text("{}")
    r = cli("import-register", REGISTERS / "plain-header.csv", "--into", export)
    assert r.exit_code == 2 and "is a file" in r.stderr
    with pytest.raises(UsageError, match="give the dataset folder to update, not a file"):
        import_register(REGISTERS / "plain-header.csv", export)


def test_cli_bad_review_file_exits_2(cli, icb: Path) -> None:
    cli("import-register", REGISTERS / "review-cases.csv", "--into", icb)
    path = review_path(icb, "review-cases.csv")
    _complete(path, {2: {"person": "nobody-at-all", "decision": "accept"}})
    r = cli("import-register", REGISTERS / "review-cases.csv", "--into", icb, "--review", path)
    assert r.exit_code == 2 and "review-cases-review.csv, row 2, field 'person': no person 'nobody-at-all'" \
        in r.stderr


def test_cli_export_register(cli, icb: Path, tmp_path: Path) -> None:
    cli("import-register", REGISTERS / "plain-header.csv", "--into", icb)
    out = tmp_path / "register.xlsx"
    r = cli("export-register", icb, "--output", out)
    assert r.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    r = cli("export-register", icb, "--format", "csv")
    assert r.exit_code == 0 and r.stdout.startswith("Ref,Name,Position,Type of Interest: Financial")
    assert "Nil return" in r.stdout and "Ongoing" in r.stdout
    r = cli("export-register", tmp_path / "nope", "--output", out)
    assert r.exit_code == 2
