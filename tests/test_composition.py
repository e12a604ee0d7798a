"""Board composition: each rule of the bundled rules file, on a compliant board made non-compliant."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from coigraph.errors import DataError
from coigraph.governance.composition import check_composition, load_composition_rules
from coigraph.graph import load_graph

BOARD = Path(__file__).parent / "data" / "composition-compliant-board"
DAY = dt.date(2025, 5, 14)


def _kinds(path: Path, on: dt.date = DAY, **kw) -> set[tuple[str, str]]:
    return {(f.kind, f.severity) for f in check_composition(load_graph(path), on, **kw)}


@pytest.fixture
def board(tmp_path: Path) -> Path:
    dst = tmp_path / "board"
    shutil.copytree(BOARD, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_compliant_board_has_no_findings() -> None:
    assert _kinds(BOARD) == set()


def test_fewer_than_three_partner_members_and_missing_la_nominee(board: Path) -> None:
    _edit(board / "positions.csv", "p-pm-la,pm-la,partner_member,board,,local_authority,,,,2022-07-01,",
          "p-pm-la,pm-la,partner_member,board,,local_authority,,,,2022-07-01,2025-03-31")
    found = check_composition(load_graph(board), DAY)
    assert {f.kind for f in found} == {"partner_members_minimum", "partner_member_local_authority"}
    minimum = next(f for f in found if f.kind == "partner_members_minimum")
    assert "2 in post" in minimum.explanation and "1 vacancy" in minimum.explanation
    # a vacancy breaches the constitution (appoint); it does not make the board's acts unlawful
    assert minimum.severity == "sord_breach" and "appoint" in minimum.explanation
    assert "not treat it as making the board's decisions invalid" in minimum.explanation


@pytest.mark.parametrize("sector,rule", [("trusts", "partner_member_trusts"),
                                         ("primary_care", "partner_member_primary_care")])
def test_each_nominating_sector_is_required(board: Path, sector: str, rule: str) -> None:
    _edit(board / "positions.csv", f"partner_member,board,,{sector},", "partner_member,board,,local_authority,")
    assert _kinds(board) == {(rule, "sord_breach")}


def test_mental_health_member_required(board: Path) -> None:
    # every board seat says 'no': nobody has the expertise, a finding of the rule's own severity
    text = (board / "positions.csv").read_text().splitlines()
    rows = [line.split(",") for line in text]
    for r in rows[1:]:
        if r[3] == "board":
            r[7] = "no"
    (board / "positions.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    assert _kinds(board) == {("mental_health_member", "against_guidance")}


def test_a_blank_mental_health_expertise_is_to_confirm_never_a_breach(board: Path) -> None:
    # the one seat that says 'yes' is made blank: the others are blank too, so nobody is known to
    # have the expertise, and nobody is known not to: advisory, to confirm
    _edit(board / "positions.csv", "trusts,,yes,,2022", "trusts,,,,2022")
    (f,) = check_composition(load_graph(board), DAY)
    assert (f.kind, f.severity, f.to_confirm) == ("mental_health_member", "advisory", True)
    assert f.explanation.startswith("To confirm:") and "is not stated" in f.explanation


def test_a_blank_nominating_sector_is_to_confirm(board: Path) -> None:
    _edit(board / "positions.csv", "partner_member,board,,primary_care,", "partner_member,board,,,")
    found = check_composition(load_graph(board), DAY)
    assert {(f.kind, f.severity, f.to_confirm) for f in found} == {
        ("partner_member_primary_care", "advisory", True)}


def test_two_chairs_is_a_breach(board: Path) -> None:
    _edit(board / "positions.csv", "p-ned1,ned1,non_executive_director", "p-ned1,ned1,chair")
    assert _kinds(board) == {("chair", "sord_breach")}


def test_chief_executive_required(board: Path) -> None:
    _edit(board / "positions.csv", "p-ceo,ceo,chief_executive,board,,,,,,2022-07-01,",
          "p-ceo,ceo,chief_executive,board,,,,,,2022-07-01,2025-01-31")
    found = _kinds(board)
    assert ("chief_executive", "sord_breach") in found and ("appointments_in_force", "sord_breach") in found


def test_independent_members_minimum(board: Path) -> None:
    _edit(board / "positions.csv", "p-ned1,ned1,non_executive_director,board,,,yes", "p-ned1,ned1,non_executive_director,board,,,no")
    _edit(board / "positions.csv", "p-chair,chair,chair,board,,,yes", "p-chair,chair,chair,board,,,no")
    # the other seats say nothing about independence: blank could be yes, so it is to confirm...
    assert _kinds(board) == {("independent_non_executives", "advisory")}
    # ...until every seat says so: then one independent member for two required is a breach
    text = (board / "positions.csv").read_text().splitlines()
    rows = [line.split(",") for line in text]
    for r in rows[1:]:
        if r[3] == "board" and not r[6]:
            r[6] = "no"
    (board / "positions.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    assert _kinds(board) == {("independent_non_executives", "sord_breach")}


def test_independent_member_at_partner_or_supplier(board: Path) -> None:
    with (board / "positions.csv").open("a") as fh:
        fh.write("p-ned1-acme,ned1,director,,acme,,,,,2024-01-01,\n")
        fh.write("p-chair-ft,chair,non_executive_director,,acute-ft,,,,,2024-01-01,\n")
    found = [f for f in check_composition(load_graph(board), DAY) if f.kind == "independence"]
    assert sorted(f.people[0] for f in found) == ["person:chair", "person:ned1"]
    assert any("supplier" in f.explanation for f in found)
    assert any("partner organisation (foundation trust)" in f.explanation for f in found)
    # a trusteeship of a charity is not a partner or supplier position
    assert not any(f.people == ["person:ned2"] for f in found)


def test_private_sector_involvement_of_every_member_is_to_confirm_never_a_breach(board: Path) -> None:
    with (board / "positions.csv").open("a") as fh:
        fh.write("p-ceo-acme,ceo,director,,acme,,,,,2024-01-01,\n")   # an executive, not independent
        fh.write("p-ned1-acme,ned1,director,,acme,,,,,2024-01-01,\n")
    found = [f for f in check_composition(load_graph(board), DAY) if f.kind == "private_sector_involvement"]
    assert sorted(f.people[0] for f in found) == ["person:ceo", "person:ned1"]
    assert {f.severity for f in found} == {"advisory"}
    ceo = next(f for f in found if f.people == ["person:ceo"])
    # paragraph 4: the appointer judges (for the chief executive, the chair with NHS England's approval)
    assert "paragraph 4" in ceo.explanation and "the chair, with NHS England's approval" in ceo.explanation
    from coigraph.findings import KINDS

    kind = KINDS["composition.private_sector_involvement"]
    assert kind.to_confirm and kind.citations[0].reference == "Schedule 1B, paragraph 4"


def test_member_sitting_without_appointment_in_force(board: Path) -> None:
    _edit(board / "positions.csv", "p-ned1,ned1,non_executive_director,board,,,yes,,,2022-07-01,",
          "p-ned1,ned1,non_executive_director,board,,,yes,,,2022-07-01,2025-04-30")
    found = check_composition(load_graph(board), DAY)
    [f] = [f for f in found if f.kind == "appointments_in_force"]
    assert f.people == ["person:ned1"] and "not in force" in f.explanation
    assert any(e.src == "attendance.csv:4" for e in f.evidence)


def test_acting_roles_shown_as_info(board: Path) -> None:
    _edit(board / "positions.csv", "p-ceo,ceo,chief_executive,board,,,,,,", "p-ceo,ceo,chief_executive,board,,,,,yes,")
    assert _kinds(board) == {("acting_roles", "advisory")}


def test_custom_rule_from_the_constitution(tmp_path: Path) -> None:
    rules = load_composition_rules()
    extra = tmp_path / "rules.yaml"
    extra.write_text(
        "rules:\n"
        "  - id: two_executives\n    check: count\n    where: {role: [chief_executive, executive_director]}\n"
        "    min: 2\n    text: At least two executive members\n"
    )
    custom = load_composition_rules(extra)
    found = check_composition(load_graph(BOARD), DAY, rules=rules + custom)
    assert {f.kind for f in found} == {"two_executives"}


def test_bad_rules_file_names_the_rule(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - id: x\n    check: headcount\n    text: t\n")
    with pytest.raises(DataError) as exc:
        load_composition_rules(bad)
    p = exc.value.problems[0]
    assert p.file == "rules.yaml" and p.row == 1 and p.field == "check"
