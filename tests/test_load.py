"""The loader: every error kind gives file, row, field and a hint; warnings don't stop a load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coigraph.errors import DataError, Severity
from coigraph.load.dataset import load_dataset

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture
def ds_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "ds"
    shutil.copytree(MINIMAL, dst)
    return dst


def _problems(path: Path) -> list:
    with pytest.raises(DataError) as exc:
        load_dataset(path)
    return [p for p in exc.value.problems if p.severity == Severity.error]


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def test_minimal_loads_with_counts() -> None:
    ds = load_dataset(MINIMAL)
    c = ds.counts()
    assert c["person"] == 3 and c["interest"] == 2 and c["delegation"] == 1
    assert ds.warnings == []


def test_dangling_reference_names_file_row_field_and_suggests(ds_copy: Path) -> None:
    _append(ds_copy / "interests.csv", "int-9,amina-shah,northshire-ft,financial,no,,,,2020-01-01,,")
    [p] = _problems(ds_copy)
    assert (p.file, p.row, p.field) == ("interests.csv", 4, "organisation")
    assert "no organisation 'northshire-ft'" in p.message
    assert "northshire-hospitals-ft" in (p.hint or "")


def test_duplicate_id(ds_copy: Path) -> None:
    _append(ds_copy / "people.csv", "tom-reed,Thomas Reed,")
    [p] = _problems(ds_copy)
    assert (p.file, p.row, p.field) == ("people.csv", 5, "id")
    assert "duplicate id 'tom-reed'" in p.message and "people.csv:3" in p.message


def test_a_body_delegating_to_itself_is_refused(ds_copy: Path) -> None:
    """A self-delegation passes on nothing; read as data it made a board's own decision a 'circular
    delegation' SoRD breach (found by the blank-is-never-graver property)."""
    _append(ds_copy / "delegations.csv", "del-2,icb-board,icb-board,,contract_award,,,,2022-07-01,,no")
    [p] = _problems(ds_copy)
    assert (p.file, p.row, p.field) == ("delegations.csv", 3, "to_body")
    assert "cannot delegate to itself" in p.message and "'icb-board'" in p.message


def test_end_before_start_names_end_field(ds_copy: Path) -> None:
    _append(ds_copy / "positions.csv", "pos-9,tom-reed,member,icb-finance,,,2024-01-01,2023-01-01")
    [p] = _problems(ds_copy)
    assert (p.row, p.field) == (6, "end") and "before it starts" in p.message


def test_unknown_category_lists_allowed_values(ds_copy: Path) -> None:
    _append(ds_copy / "interests.csv", "int-9,amina-shah,riverside-pcn,financal,no,,,,2020-01-01,,")
    [p] = _problems(ds_copy)
    assert p.field == "types" and "'financal'" in p.message
    assert "did you mean 'financial'" in (p.hint or "")


def test_missing_required_field(ds_copy: Path) -> None:
    _append(ds_copy / "organisations.csv", "new-org,,vcse,,")
    [p] = _problems(ds_copy)
    assert (p.file, p.row, p.field) == ("organisations.csv", 6, "name")
    assert "required" in p.message


def test_unknown_column_suggests_known_one(tmp_path: Path, ds_copy: Path) -> None:
    text = (ds_copy / "people.csv").read_text().replace("id,name,title", "id,name,titel")
    (ds_copy / "people.csv").write_text(text)
    probs = _problems(ds_copy)
    assert {(p.field, p.message) for p in probs} == {("titel", "unknown column")}
    assert "did you mean 'title'" in (probs[0].hint or "")


def test_broken_yaml_line(ds_copy: Path) -> None:
    (ds_copy / "bodies.yaml").write_text("- id: icb-board\n  name: [unclosed\n  kind: board\n")
    [p] = _problems(ds_copy)
    assert p.file == "bodies.yaml" and p.row is not None and "YAML" in p.message


def test_garbage_row_and_every_problem_reported(ds_copy: Path) -> None:
    _append(ds_copy / "people.csv", "not an id!,x")
    _append(ds_copy / "meetings.csv", "m2,icb-board,not-a-date,,yes")
    probs = _problems(ds_copy)
    assert {(p.file, p.row, p.field) for p in probs} == {("people.csv", 5, "id"), ("meetings.csv", 3, "date")}


def test_binary_file(ds_copy: Path) -> None:
    (ds_copy / "people.csv").write_bytes(b"\x00\x01\x02PK\x00garbage")
    probs = _problems(ds_copy)
    assert any(p.file == "people.csv" and "binary" in p.message for p in probs)


def test_missing_required_file(ds_copy: Path) -> None:
    (ds_copy / "people.csv").unlink()
    probs = _problems(ds_copy)
    assert any(p.file == "people.csv" and "missing" in p.message for p in probs)


def test_unreadable_xlsx(ds_copy: Path) -> None:
    (ds_copy / "interests.xlsx").write_bytes(b"PK\x03\x04 truncated")
    probs = _problems(ds_copy)
    assert any(p.file == "interests.xlsx" and "Excel" in p.message for p in probs)


def test_cp1252_and_bom_are_warnings_not_errors(ds_copy: Path) -> None:
    people = "id,name,title\namina-shah,Amina Shah,Dr\ntom-reed,Tom Reed,\nsam-reed,Sám Reed,\n"
    (ds_copy / "people.csv").write_bytes(people.encode("cp1252"))
    (ds_copy / "nil_returns.csv").write_bytes(b"\xef\xbb\xbfperson,date\nsam-reed,2024-04-01\n")
    ds = load_dataset(ds_copy)
    assert ds.by_id("people")["sam-reed"].name == "Sám Reed"
    assert any(w.file == "people.csv" and "Windows-1252" in w.message for w in ds.warnings)
    assert ds.table("nil_returns")[0].person == "sam-reed"


def test_uk_dates_read_with_warning(ds_copy: Path) -> None:
    _append(ds_copy / "interests.csv",
            "int-9,tom-reed,riverside-pcn,non_financial_professional,no,,,,April 2022,Ongoing,01/06/2022")
    ds = load_dataset(ds_copy)
    rec = ds.by_id("interests")["int-9"]
    assert rec.start.isoformat() == "2022-04-01" and rec.end is None
    assert rec.declared.isoformat() == "2022-06-01"
    assert any(w.row == 4 and w.field == "start" for w in ds.warnings)


def test_xlsx_table_with_title_rows(ds_copy: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([])
    ws.append(["id", "person", "organisation", "types", "start"])
    ws.append(["int-x", "tom-reed", "riverside-pcn", "non_financial_personal", "2021-01-01"])
    wb.save(ds_copy / "interests-extra.xlsx")
    ds = load_dataset(ds_copy)
    assert ds.by_id("interests")["int-x"].src == "interests-extra.xlsx:3"


def test_cycle_in_ownership(ds_copy: Path) -> None:
    _append(ds_copy / "org_relations.csv", "riverside-pcn,subsidiary_of,riverside-surgery")
    _append(ds_copy / "org_relations.csv", "riverside-surgery,subsidiary_of,riverside-pcn")
    probs = _problems(ds_copy)
    assert any("circular organisation ownership" in p.message for p in probs)


def test_same_name_is_a_warning(ds_copy: Path) -> None:
    _append(ds_copy / "people.csv", "tom-reed-2,Tom Reed,")
    ds = load_dataset(ds_copy)
    assert any(w.field == "name" and "also the name" in w.message for w in ds.warnings)


def test_unknown_file_is_ignored_with_warning(ds_copy: Path) -> None:
    (ds_copy / "intrests.csv").write_text("id\n")
    ds = load_dataset(ds_copy)
    w = [w for w in ds.warnings if w.file == "intrests.csv"]
    assert w and "did you mean 'interests'" in (w[0].hint or "")


def test_missing_folder() -> None:
    with pytest.raises(DataError) as exc:
        load_dataset("/nonexistent/folder")
    assert "no such folder" in str(exc.value)


def test_positions_without_id_get_stable_ids(ds_copy: Path) -> None:
    text = (ds_copy / "positions.csv").read_text().replace("pos-4,", ",")
    (ds_copy / "positions.csv").write_text(text)
    a = load_dataset(ds_copy).table("positions")[-1].id
    b = load_dataset(ds_copy).table("positions")[-1].id
    assert a == b == "sam-reed-gp_partner-riverside-surgery-2015-01-01"
