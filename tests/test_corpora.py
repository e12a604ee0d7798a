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
import re
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
    # a header and no rows is a blank template (no warning); an empty file is worth a look
    "header_only_optional": ([("attendance.csv", None, None, "the file is empty")], _check_header_only),
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


# --------------------------------------------------------------------------- hostile (issue 23)

HOSTILE = DATA / "hostile"
SYSTEM = HOSTILE / "system"
MEETING = ["--meeting", "board-2025-05"]


def _clean_exit_2(r, *words: str) -> None:
    """Refused as bad input: exit code 2, a message with ``words``, never a traceback or 'Internal error'."""
    assert r.exit_code == 2, (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr and "Internal error" not in r.stderr, r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)


@pytest.mark.parametrize("register, column, words", [
    ("name-too-long.csv", "Name", "at most 1000 characters"),
    ("description-too-long.csv", "Description of Interest", "at most 10000 characters"),
    ("mitigation-too-long.csv", "Action taken to mitigate risk", "at most 10000 characters"),
    ("organisation-too-long.csv", "Organisation", "at most 1000 characters"),
])
def test_register_with_an_over_long_cell_is_refused_naming_row_and_column(cli, tmp_path, register, column,
                                                                         words):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(DATA / "register-import-icb", data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    r = cli("import-register", HOSTILE / "registers" / register, "--into", data)
    _clean_exit_2(r, f"{register}, row 2, field '{column}'", words)
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # nothing written


def test_register_reference_too_long_for_an_id_is_kept_out_of_the_id(cli, tmp_path):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(DATA / "register-import-icb", data)
    r = cli("import-register", HOSTILE / "registers" / "reference-too-long.csv", "--into", data,
            "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert load_dataset(data)  # the dataset still loads: the interest has an id of its own


def test_register_whose_stray_cell_sits_at_xfd1048576_imports_at_once(tmp_path):
    """A 5 KB workbook declaring 16,384 x 1,048,576 cells: read by its used range, in seconds."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(DATA / "register-import-icb", data)
    exe = Path(sys.executable).with_name("coigraph")
    proc = subprocess.run([str(exe), "import-register", str(HOSTILE / "registers" / "far-cell.xlsx"),
                           "--into", str(data), "--dry-run"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Internal error" not in proc.stderr


def test_a_fifo_as_a_table_is_refused_at_once(tmp_path):
    """A named pipe would block the reader forever: only regular files are read."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(MESSY / "bom_csv", data)
    os.mkfifo(data / "interests-2025.csv")
    exe = Path(sys.executable).with_name("coigraph")
    proc = subprocess.run([str(exe), "validate", str(data)], capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "interests-2025.csv: a named pipe (FIFO), not a regular file" in proc.stderr


@pytest.mark.parametrize("option, file, words", [
    ("--policy", "policies/deep.yaml", "nests lists or mappings too deeply"),
])
def test_deeply_nested_policy_is_refused(cli, option, file, words):
    _clean_exit_2(cli("screen", SYSTEM, *MEETING, option, HOSTILE / file), "deep.yaml", words)


def test_deeply_nested_composition_rules_are_refused(cli):
    _clean_exit_2(cli("audit", SYSTEM, "--composition-rules", HOSTILE / "rules" / "deep.yaml"),
                  "deep.yaml", "nests lists or mappings too deeply")


@pytest.mark.parametrize("args", [
    ["screen", SYSTEM, *MEETING, "--as-of", "0001-01-01"],
    ["declarations", SYSTEM, "--person", "bob-partner", *MEETING, "--as-of", "0001-01-01"],
    ["map", SYSTEM, "--system", "--as-of", "9999-12-31"],
    ["powers", SYSTEM, "--holder", "icb-finance", "--on", "0001-01-01"],
    ["audit", SYSTEM, "--from", "0001-01-01"],
])
def test_a_date_option_out_of_range_is_a_clear_error(cli, args):
    _clean_exit_2(cli(*args), "outside the dates accepted")


# -- JSON exports as DATA: the same contract as a folder


def _export(cli, tmp_path: Path) -> dict:
    import json

    out = tmp_path / "export.json"
    assert cli("export", SYSTEM, "--output", out).exit_code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _edge(data: dict, typ: str) -> dict:
    return next(e for e in data["edges"] if e["type"] == typ)


def _json_case(case: str, data: dict) -> str:
    import json

    if case == "deep":
        return '{"format": "coigraph-graph", "nodes": ' + "[" * 50_000 + "]" * 50_000 + "}"
    if case == "edges_not_a_list":
        data["edges"] = "every edge"
    elif case == "edge_not_a_mapping":
        data["edges"][0] = ["@from", "@to"]
    elif case == "unknown_edge_type":
        _edge(data, "delegation")["type"] = "delegaton"
    elif case == "unknown_node_type":
        data["nodes"][0]["type"] = "persn"
    elif case == "unknown_attribute":
        next(n for n in data["nodes"] if n["type"] == "person")["emial"] = "x@example.org"
    elif case == "infinite_value":
        return json.dumps(data).replace('"value": 250000.0', '"value": Infinity', 1)
    elif case == "huge_number":
        return json.dumps(data).replace('"value": 250000.0', '"value": 1e309', 1)
    elif case == "year_one":
        _edge(data, "interest")["start"] = "0001-01-01"
    elif case == "name_too_long":
        next(n for n in data["nodes"] if n["type"] == "person")["name"] = "x" * 1_500
    return json.dumps(data)


@pytest.mark.parametrize("case, words", [
    ("deep", "nests lists or mappings too deeply"),
    ("edges_not_a_list", "'edges' must be a list, not str"),
    ("edge_not_a_mapping", "entry 1 of 'edges' is a list, not a mapping"),
    ("unknown_edge_type", "unknown type 'delegaton'"),
    ("unknown_node_type", "unknown type 'persn'"),
    ("unknown_attribute", "field 'emial': unknown column"),
    ("infinite_value", "'Infinity' is not a JSON number"),
    ("huge_number", "is not a finite number"),
    ("year_one", "0001-01-01 is outside the dates accepted"),
    ("name_too_long", "too long (1,500 characters)"),
])
def test_a_bad_json_export_is_refused_as_a_folder_would_be(cli, tmp_path, case, words):
    """A JSON export as DATA meets the folder's contract: no edge dropped, no field ignored."""
    bad = tmp_path / f"{case}.json"
    bad.write_text(_json_case(case, _export(cli, tmp_path)), encoding="utf-8")
    _clean_exit_2(cli("validate", bad), f"{case}.json", words)
    _clean_exit_2(cli("trace", bad, "--decision", "dec-2"))


def test_json_export_text_is_cleaned_as_a_folder_is(cli, tmp_path):
    """Escape codes, NULs and a right-to-left override in an export are removed with a warning,
    so they reach no terminal table, CSV or workbook."""
    import json

    data = _export(cli, tmp_path)
    person = next(n for n in data["nodes"] if n["type"] == "person" and n["id"] == "ann-chair")
    person["name"] = "Ann \x1b[2J\x00Chair\u202e"
    data["name"] = "north\x1bshire"
    bad = tmp_path / "escapes.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    r = cli("validate", bad)
    assert r.exit_code == 0 and "removed 3 invisible control characters" in r.stderr, r.stderr
    for args in (["screen", bad, *MEETING], ["export-register", bad, "--format", "csv"],
                 ["export-register", bad, "--format", "csv", "--title", "T\x1b[2J\x00itle"]):
        r = cli(*args)
        assert r.exit_code == 0, r.stderr
        assert not any(c in r.stdout for c in ("\x1b", "\x00", "\u202e")), args
    out = tmp_path / "r.xlsx"
    r = cli("export-register", bad, "--title", "T\x1b[2J\x00itle\u202e", "--output", out)
    assert r.exit_code == 0, r.stderr


# -- every command and format over the hostile system

SECRETS = _load_generator().SECRETS
#: command -> (arguments, can it --redact); each runs over the hostile system in every format the
#: command offers (its --format choices), with and without --redact where it takes it.
COMMANDS: dict[str, tuple[list, bool]] = {
    "validate": (["validate", SYSTEM], False),
    "stats": (["stats", SYSTEM], False),
    "export": (["export", SYSTEM], True),
    "screen": (["screen", SYSTEM, *MEETING], True),
    "screen-all": (["screen", SYSTEM, "--all"], True),
    "declarations": (["declarations", SYSTEM, "--person", "bob-partner", *MEETING], False),
    "trace": (["trace", SYSTEM, "--decision", "dec-2"], False),
    "audit": (["audit", SYSTEM], False),
    "powers": (["powers", SYSTEM, "--holder", "icb-finance"], False),
    "map-meeting": (["map", SYSTEM, *MEETING], True),
    "map-decision": (["map", SYSTEM, "--decision", "dec-2"], True),
    "map-delegations": (["map", SYSTEM, "--delegations"], True),
    "map-person": (["map", SYSTEM, "--person", "bob-partner"], True),
    "map-system": (["map", SYSTEM, "--system"], True),
    "export-register": (["export-register", SYSTEM], True),
}


def _formats(command: str) -> tuple[str, ...]:
    import click

    from coigraph.cli import main

    cmd = main.get_command(click.Context(main), command)  # loaded on demand
    assert cmd is not None, command
    param = next(p for p in cmd.params if p.name == "fmt")
    return tuple(param.type.choices)


RUNS = [(name, fmt, redact) for name, (args, can) in COMMANDS.items() for fmt in _formats(args[0])
        for redact in ((False, True) if can else (False,))]


def _output_text(path: Path) -> str:
    import zipfile

    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory) -> dict[tuple[str, str, bool], Path]:
    """Every command in every format over the hostile system, written once for the tests below."""
    from click.testing import CliRunner

    from coigraph.cli import main

    folder = tmp_path_factory.mktemp("hostile-outputs")
    out = {}
    for name, fmt, redact in RUNS:
        args, _can = COMMANDS[name]
        target = folder / f"{name}-{fmt}{'-redacted' if redact else ''}.{fmt}"
        r = CliRunner().invoke(main, [str(a) for a in args] + ["--format", fmt, "--output", str(target)]
                               + (["--redact"] if redact else []), catch_exceptions=False)
        assert r.exit_code == 0, (name, fmt, redact, r.stderr)
        assert "Internal error" not in r.stderr
        out[(name, fmt, redact)] = target
    return out


@pytest.mark.parametrize("run", RUNS, ids=[f"{n}-{f}{'-redacted' if r else ''}" for n, f, r in RUNS])
def test_every_command_and_format_over_the_hostile_system(hostile_outputs, run):
    import csv as csv_module
    import io

    text = _output_text(hostile_outputs[run])
    assert text.strip(), run
    assert not any(c in text for c in ("\x1b", "\x00", "\u202e")), "control characters reached an output"
    # no template evaluated '{{7*7}}' (it follows these words in the data)
    assert not re.search(r"(Board|Ned|award|[Cc]are|chaired) 49\b", text), "a template ran"
    name, fmt, redact = run
    if fmt == "csv":
        for row in csv_module.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")) or cell.lstrip("+-").replace(".", "").isdigit(), cell
    if redact:
        leaked = [s for s in SECRETS if s.casefold() in text.casefold()]
        assert not leaked, f"{name} --format {fmt} --redact publishes {leaked}"
        assert "ICB Withheld associate" not in text, "an alias withheld as a word everywhere ('Board')"


def test_the_unredacted_hostile_outputs_do_hold_the_secrets(hostile_outputs):
    """So the redacted runs above can fail: the secrets are there to be withheld."""
    for (name, fmt, redact), path in hostile_outputs.items():
        if not redact and (name, fmt) in {("export", "json"), ("screen", "json"), ("export-register", "csv")}:
            text = _output_text(path)
            assert sum(s in text for s in SECRETS) >= 3, name


@pytest.mark.parametrize("run", [r for r in RUNS if r[1] == "html"],
                         ids=[f"{n}{'-redacted' if r else ''}" for n, f, r in RUNS if f == "html"])
def test_hostile_html_runs_no_script_in_chromium(hostile_outputs, browser, run):
    from test_injection import Page

    page = Page(browser, hostile_outputs[run])
    try:
        if run[0].startswith("map-"):
            page.page.wait_for_selector('body[data-stable="true"]', state="attached", timeout=30_000)
        page.assert_clean()
    finally:
        page.close()


def test_a_fifo_as_a_register_is_refused_at_once(tmp_path):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(DATA / "register-import-icb", data)
    os.mkfifo(tmp_path / "register.csv")
    exe = Path(sys.executable).with_name("coigraph")
    proc = subprocess.run([str(exe), "import-register", str(tmp_path / "register.csv"), "--into", str(data)],
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "register.csv: a named pipe (FIFO), not a regular file" in proc.stderr
