"""The bad and messy input corpora: every bad case is refused clearly, every messy one loads.

Each folder under ``tests/data/bad/`` and ``tests/data/messy/`` is a dataset
written by ``tests/data/make_corpora.py`` (its README.md says what it shows).
What each must produce is declared here, case by case:

* bad: the load raises :class:`DataError` with (at least) the expected
  problems, each naming a file of the case, its row and field; the CLI exits
  with code 2, prints no traceback and leaves ``--output`` untouched;
* messy: the load succeeds with exactly the expected warnings, and the values
  read are the ones a person meant.

A 100k-row register, generated here (never committed), loads in a subprocess
within a generous time limit and reports progress on a terminal.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coigraph.errors import DataError, Problem, Severity
from coigraph.load.dataset import PROGRESS_EVERY, load_dataset
from coigraph.output import printable

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
MESSY = DATA / "messy"

# (file, row, field, words in the message); row/field None: must be None
Expect = tuple[str, int | None, str | None, str]

BAD_EXPECT: dict[str, list[Expect]] = {
    "binary_file": [("people.csv", None, None, "binary file")],
    "truncated_xlsx": [("interests.xlsx", None, None, "not a readable Excel .xlsx file")],
    "legacy_xls_renamed": [("interests.xlsx", None, None, "not a readable Excel .xlsx file")],
    "csv_renamed_xlsx": [("interests.xlsx", None, None, "not a readable Excel .xlsx file")],
    "xlsx_damaged_xml": [("interests.xlsx", None, None, "not a readable Excel .xlsx file")],
    "xlsx_xml_bomb": [("interests.xlsx", None, None, "not a readable Excel .xlsx file")],
    "undecodable_text": [("people.csv", 3, None, "cannot be decoded (byte 0x81 on line 3)")],
    "empty_required": [("organisations.csv", None, None, "has no rows")],
    "header_only_required": [("people.csv", None, None, "has no rows")],
    "missing_required": [("bodies.csv", None, None, "the file is missing")],
    "dangling_reference": [("interests.csv", 2, "organisation",
                            "no organisation 'northshire-hospital-ft'")],
    "duplicate_ids": [("people.csv", 6, "id", "duplicate id 'bob-partner' (also at people.csv:3)")],
    "end_before_start": [("positions.csv", 2, "end", "before it starts")],
    "circular_ownership": [("org_relations.csv", 3, None, "circular organisation ownership")],
    "circular_committees": [("bodies.csv", 3, None, "circular body reporting lines")],
    "enormous_cell": [("interests.csv", 2, "description", "150,000 characters long")],
    "csv_field_over_limit": [("interests.csv", 2, None, "field larger than field limit"),
                             ("interests.csv", 3, "types", "'financal' is not one of the allowed values")],
    "text_too_long": [("interests.csv", 2, "description", "too long")],
    "unknown_kind": [("organisations.csv", 3, "kind", "'hospital' is not one of the allowed values")],
    "unknown_interest_type": [("interests.csv", 2, "types", "'finanical' is not one of the allowed values")],
    "unknown_column": [("people.csv", 2, "emial", "unknown column")],
    "escape_codes_in_header": [("people.csv", 2, "\x1b[2j\x1b]0;pwned\x07email", "unknown column")],
    "garbage_row": [("interests.csv", 4, "id", "is not a valid id"),
                    ("interests.csv", 4, "person", "is not a valid id"),
                    ("interests.csv", 4, "types", "is not one of the allowed values")],
    "broken_yaml": [("people.yaml", 5, None, "the YAML cannot be read")],
    "yaml_mapping_not_list": [("people.yaml", 1, None, "expected a list of entries")],
    "yaml_billion_laughs": [("people.yaml", 3, "name", "nested list or mapping")],
    "yaml_deep_nesting": [("people.yaml", None, None, "nests lists or mappings too deeply")],
    "yaml_nested_value": [("people.yaml", 1, "name", "nested list or mapping"),
                          ("people.yaml", 5, "name", "expected one value here, found a list")],
    "wrong_column_count": [("interests.csv", 3, None, "the row has 12 cells but the header has 10")],
    "unclosed_quote": [("interests.csv", 2, None, "never closed")],
    "duplicate_header": [("people.csv", 1, "name", "appears twice")],
    "unreadable_date": [("interests.csv", 2, "start", "'31/02/2019' is not a date")],
    "invalid_id": [("people.csv", 3, "id", "'bob partner' is not a valid id")],
    "missing_required_field": [("people.csv", 4, "name", "required but empty")],
    "not_a_number": [("agenda_items.csv", 2, "value", "is not a number")],
    "negative_value": [("agenda_items.csv", 2, "value", "below the least allowed")],
    "not_yes_or_no": [("meetings.csv", 2, "public", "'perhaps' is not yes or no")],
    "deputy_for_nobody": [("attendance.csv", 2, "deputising_for", "needs the member they stand in for")],
    "interest_in_nothing": [("interests.csv", 4, "organisation", "give the organisation")],
    "many_rows_wrong": [("people.csv", 3, "id", "'bob partner' is not a valid id"),
                        ("people.csv", 4, "name", "required but empty"),
                        ("interests.csv", 2, "types", "'finanical'"),
                        ("interests.csv", 3, "person", "no person 'carol-nedd'")],
    "infinite_numbers": [("agenda_items.csv", 2, "value", "'1e309' is not a finite number"),
                         ("agenda_items.csv", 3, "value", "'Infinity' is not a finite number"),
                         ("agenda_items.csv", 4, "value", "'NaN' is not a finite number")],
    "date_out_of_range": [("interests.csv", 2, "start", "0001-01-01 is outside the dates accepted")],
    "delegation_own_parent": [("delegations.csv", 2, None, "circular delegation parents: d-self -> d-self"),
                              ("delegations.csv", 4, None, "circular delegation parents: d-a -> d-b -> d-a")],
    "xlsx_bad_cells": [("interests.xlsx", 3, "person", "'#REF!' is not a valid id"),
                       ("interests.xlsx", 3, "start", "'sometime' is not a date")],
}

#: Hints a person needs to act, where the case is about finding the right value.
BAD_HINTS: dict[str, str] = {
    "dangling_reference": "did you mean 'northshire-hospitals-ft'?",
    "unknown_interest_type": "did you mean 'financial'?",
    "unknown_column": "known columns: id, name",
    "duplicate_ids": "unique",
    "unknown_kind": "allowed: icb, nhs_trust",
}


def _matches(p: Problem, exp: Expect) -> bool:
    file, row, field, words = exp
    return p.file == file and p.row == row and p.field == field and words in p.message


def _cases(folder: Path) -> list[str]:
    return sorted(d.name for d in folder.iterdir() if d.is_dir())


def test_every_case_has_expectations():
    assert _cases(BAD) == sorted(BAD_EXPECT)
    assert _cases(MESSY) == sorted(MESSY_EXPECT)


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpora", DATA / "make_corpora.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpora", mod)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["make_corpora"])
    return sys.modules["make_corpora"]


def test_committed_corpora_are_what_the_generator_writes(tmp_path):
    """Someone editing a case file by hand (or the generator without re-running it) is caught."""
    _load_generator().build(tmp_path)
    for corpus in ("bad", "messy", "hostile"):
        made = sorted(p.relative_to(tmp_path / corpus) for p in (tmp_path / corpus).rglob("*") if p.is_file())
        kept = sorted(p.relative_to(DATA / corpus) for p in (DATA / corpus).rglob("*") if p.is_file())
        assert made == kept
        for rel in made:
            assert (tmp_path / corpus / rel).read_bytes() == (DATA / corpus / rel).read_bytes(), rel


# --------------------------------------------------------------------------- bad


@pytest.mark.parametrize("case", sorted(BAD_EXPECT))
def test_bad_case_is_refused_naming_file_row_field(case):
    with pytest.raises(DataError) as err:
        load_dataset(BAD / case)
    errors = [p for p in err.value.problems if p.severity == Severity.error]
    for exp in BAD_EXPECT[case]:
        assert any(_matches(p, exp) for p in errors), f"{exp} not among:\n" + "\n".join(map(str, errors))
    # every error names a file of the case (or, when one is missing, the file to add)
    present = {p.name for p in (BAD / case).iterdir()}
    expected_files = {e[0] for e in BAD_EXPECT[case]}
    for p in errors:
        assert p.file in present or p.file in expected_files, p
    if case in BAD_HINTS:
        assert any(BAD_HINTS[case] in (p.hint or "") for p in errors), errors


@pytest.mark.parametrize("case", sorted(BAD_EXPECT))
def test_bad_case_cli_exit_2_and_no_partial_output(case, cli, tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    r = cli("export", BAD / case, "--output", fresh / "out.json")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr and "Internal error" not in r.stderr
    file, row, field, words = BAD_EXPECT[case][0]
    assert file in r.stderr and words in r.stderr
    if row is not None:
        assert f"row {row}" in r.stderr
    if field is not None:
        assert f"field '{printable(field)}'" in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr  # quoted, never obeyed by a terminal
    assert list(fresh.iterdir()) == []  # no out.json, no temporary file

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "out.json").write_text("the previous export\n")
    r = cli("export", BAD / case, "--output", kept / "out.json")
    assert r.exit_code == 2
    assert [p.name for p in kept.iterdir()] == ["out.json"]
    assert (kept / "out.json").read_text() == "the previous export\n"


def test_enormous_inputs_are_refused_quickly():
    """The alias bomb would expand to ~3 GB of text if read naively: it must be refused at once."""
    done = threading.Event()
    outcome: list[object] = []

    def run() -> None:
        try:
            load_dataset(BAD / "yaml_billion_laughs")
        except DataError as exc:
            outcome.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(60), "loading the YAML alias bomb did not finish within 60 s"
    assert outcome and isinstance(outcome[0], DataError)


# --------------------------------------------------------------------------- messy


def _check_bom(ds):
    assert ds.by_id("people")["ann-chair"].name == "Ann Chair"
    assert len(ds.table("organisations")) == 4


def _check_cp1252(ds):
    names = {p.id: p.name for p in ds.table("people")}
    assert names["zoe-armstrong"] == "Zoë Ármstrong"
    assert names["sian-oneill"] == "Siân O\u2019Neill"


def _check_header_only(ds):
    assert ds.table("interests") == [] and ds.table("attendance") == []


def _check_dates(ds):
    got = {i.id: (i.start, i.end) for i in ds.table("interests")}
    assert got == {
        "int-1": (dt.date(2022, 4, 1), None),               # April 2022 .. Ongoing
        "int-2": (dt.date(2022, 4, 1), None),               # 01/04/22 (UK: 1 April) .. Present
        "int-3": (dt.date(2021, 9, 1), dt.date(2022, 4, 30)),  # Sept 2021 .. April 2022 (its last day)
        "int-4": (dt.date(2022, 4, 1), None),               # 2022/23 (financial year) .. N/A
    }


def _check_same_name(ds):
    people = ds.by_id("people")
    assert people["sam-patel-gp"].name == people["sam-patel-cllr"].name == "Sam Patel"


def _check_merged(ds):
    ints = ds.by_id("interests")
    assert set(ints) == {"int-1", "int-2"}
    assert ints["int-1"].description == "Chief executive"
    assert ints["int-2"].description is None  # typed under the unnamed column: warned, not read
    assert ints["int-1"].src == "interests.xlsx:4"


def _check_formulas(ds):
    ints = ds.by_id("interests")
    assert ints["int-1"].description == "Chief executive"     # the saved result of a formula
    assert ints["int-1"].declared == dt.date(2019, 1, 15)    # =DATE(2019,1,15), saved as a date
    assert ints["int-1"].start == dt.date(2019, 1, 1)        # a real Excel date cell
    assert ints["int-2"].declared is None                     # =TODAY() never calculated: warned


def _check_excel_values(ds):
    items = ds.by_id("agenda_items")
    assert items["board-2025-05-7"].value == 250_000 and items["board-2025-05-7"].confidential is False
    assert items["board-2025-05-8"].value == 1_200_000 and items["board-2025-05-8"].confidential is True
    assert items["board-2025-05-7"].meeting == "board-2025-05"


def _check_semicolon(ds):
    assert ds.by_id("organisations")["northshire-hospitals-ft"].aliases == ["NHFT"]


def _check_stray(ds):
    assert len(ds.table("interests")) == 2


def _check_control(ds):
    names = {p.id: p.name for p in ds.table("people")}
    assert names["bob-partner"] == "Bob [2J]0;pwnedPartner" and names["carol-ned"] == "Carol Ned"


def _check_title_row(ds):
    assert ds.by_id("interests")["int-1"].src == "interests.csv:3"


def _check_far_cell(ds):
    assert ds.by_id("interests")["int-1"].description == "Chief executive"


def _check_unicode(ds):
    import unicodedata

    names = {p.id: p.name for p in ds.table("people")}
    assert names["zoe-a"] == names["zoe-b"] == "Zo\u00eb Adams"  # both NFC: one spelling
    assert all(unicodedata.is_normalized("NFC", n) for n in names.values())
    assert names["eve-x"] == "Eve Xavier"  # the right-to-left override removed
    assert names["Zoe-B"] == "Zoe Brown"  # a different record: ids are exact


MESSY_EXPECT: dict[str, tuple[list[Expect], object]] = {
    "bom_csv": ([], _check_bom),
    "cp1252_csv": ([("people.csv", None, None, "Windows-1252")], _check_cp1252),
    "header_only_optional": ([("interests.csv", None, None, "no entries"),
                              ("attendance.csv", None, None, "no entries")], _check_header_only),
    "register_dates": ([("interests.csv", 2, "start", "read 'April 2022' as 2022-04-01"),
                        ("interests.csv", 3, "start", "read '01/04/22' as 2022-04-01"),
                        ("interests.csv", 4, "start", "read 'Sept 2021' as 2021-09-01"),
                        ("interests.csv", 4, "end", "read 'April 2022' as 2022-04-30"),
                        ("interests.csv", 5, "start", "read '2022/23' as 2022-04-01")], _check_dates),
    "same_name_people": ([("people.csv", 7, "name", "'Sam Patel' is also the name of 'sam-patel-gp'")],
                         _check_same_name),
    "xlsx_merged_header": ([("interests.xlsx", 1, None, "looks like a title"),
                            ("interests.xlsx", 5, None, "column F has no name")], _check_merged),
    "xlsx_formulas": ([("interests.xlsx", 3, None, "column H (H3) holds a formula with no saved result")],
                      _check_formulas),
    "excel_style_values": ([], _check_excel_values),
    "semicolon_csv": ([], _check_semicolon),
    "stray_files": ([("notes.txt", None, None, "not a table file"),
                     ("budget.xlsx", None, None, "not a known table")], _check_stray),
    "csv_title_row": ([("interests.csv", 1, None, "looks like a title")], _check_title_row),
    "xlsx_far_cell": ([("interests.xlsx", 1048576, None, "cells beyond column ALL were ignored (XFD1048576)")],
                      _check_far_cell),
    "unicode_forms": ([("people.csv", 7, "id", "id 'zoe-b' differs from 'Zoe-B' only in capital letters"),
                       ("people.csv", 7, "name", "'Zo\u00eb Adams' is also the name of 'zoe-a'"),
                       ("people.csv", 9, "name", "removed 1 invisible control character")], _check_unicode),
    "control_characters": ([("people.csv", 3, "name", "removed 3 invisible control characters"),
                            ("people.csv", 4, "name", "removed 1 invisible control character")],
                           _check_control),
}


@pytest.mark.parametrize("case", sorted(MESSY_EXPECT))
def test_messy_case_loads_with_expected_warnings(case):
    expected, check = MESSY_EXPECT[case]
    ds = load_dataset(MESSY / case)
    for exp in expected:
        assert any(_matches(w, exp) for w in ds.warnings), f"{exp} not among:\n" + "\n".join(map(str, ds.warnings))
    assert len(ds.warnings) == len(expected), "unexpected warnings:\n" + "\n".join(map(str, ds.warnings))
    check(ds)


@pytest.mark.parametrize("case", sorted(MESSY_EXPECT))
def test_messy_case_cli_valid_and_warns(case, cli):
    r = cli("validate", MESSY / case)
    assert r.exit_code == 0, r.stderr
    for file, _row, _field, words in MESSY_EXPECT[case][0]:
        assert file in r.stderr and words in r.stderr


# --------------------------------------------------------------------------- a big register


def _big_register(folder: Path, rows: int) -> None:
    gen = _load_generator()
    for name in ("organisations.csv", "bodies.csv"):
        (folder / name).write_text(gen.BASE[name], encoding="utf-8")
    people = 2_000
    with open(folder / "people.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("id,name\n")
        fh.writelines(f"p{i},Person {i}\n" for i in range(people))
    orgs = ["northshire-hospitals-ft", "northshire-community", "brightcare-ltd"]
    with open(folder / "interests.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("id,person,organisation,types,description,start,end\n")
        fh.writelines(
            f"int-{i},p{i % people},{orgs[i % 3]},financial;non_financial_professional,"
            f"\"Director, entry {i}\",2022-04-01,{'' if i % 4 else '2024-03-31'}\n"
            for i in range(rows))


def _run_on_a_terminal(args: list[str], timeout: float) -> tuple[int, str, str]:
    """Run a command with stderr on a pseudo-terminal (as a person sees it); stdout piped."""
    import pty

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{' '.join(args)} did not finish within {timeout} s")
    reader.join(5)
    os.close(master)
    return proc.returncode, out.decode(), b"".join(chunks).decode(errors="replace")


def test_100k_row_register_loads_with_progress(tmp_path):
    rows = 100_000
    _big_register(tmp_path, rows)
    exe = Path(sys.executable).with_name("coigraph")
    code, out, err = _run_on_a_terminal([str(exe), "validate", str(tmp_path)], timeout=300)
    assert code == 0, err
    assert f"{rows:,} interest" in out or f"{rows} interest" in out
    # progress for a person at the terminal: one line per 10,000 rows checked
    assert "interests.csv: checked 10,000 of 100,000 rows" in err
    assert "interests.csv: checked 100,000 of 100,000 rows" in err


def test_progress_is_reported_as_rows_are_checked(tmp_path):
    _big_register(tmp_path, PROGRESS_EVERY * 2 + 5)
    seen: list[str] = []
    ds = load_dataset(tmp_path, progress=seen.append)
    assert len(ds.table("interests")) == PROGRESS_EVERY * 2 + 5
    assert seen == ["reading organisations.csv", "reading bodies.csv", "reading people.csv",
                    "reading interests.csv",
                    f"interests.csv: checked {PROGRESS_EVERY:,} of {PROGRESS_EVERY * 2 + 5:,} rows",
                    f"interests.csv: checked {PROGRESS_EVERY * 2:,} of {PROGRESS_EVERY * 2 + 5:,} rows"]


def test_progress_stays_off_stderr_when_not_a_terminal(cli):
    r = cli("validate", MESSY / "bom_csv")
    assert r.exit_code == 0
    assert "reading" not in r.stderr
