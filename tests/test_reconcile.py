"""Minutes reconciliation: each outcome on one small minuted meeting (tests/data/minutes-reconciliation)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coigraph.governance.minutes import minuted_meetings, read_minutes, reconcile, reconcile_meeting
from coigraph.graph import load_graph

MINUTED = Path(__file__).parent / "data" / "minutes-reconciliation"


def _found(path: Path = MINUTED) -> set[tuple[str, str | None, str | None]]:
    return {(f.kind, f.item, f.person) for f in reconcile(load_graph(path))}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    dst = tmp_path / "m"
    shutil.copytree(MINUTED, dst)
    return dst


def test_every_seeded_discrepancy_and_nothing_else() -> None:
    assert _found() == {
        ("declaration_not_minuted", "i5", "amina-shah"),      # system-wide item: declare, not minuted
        ("withdrawal_not_minuted", "i8", "tom-reed"),         # indirect interest: no part, not minuted
        ("conflicted_chair_chaired", "i8", "tom-reed"),       # chair conflicted on i8 chaired it
        ("decided_inquorate", "i9", None),                    # minuted as taken while inquorate
        ("decided_inquorate", "i11", None),                   # 2 left after withdrawals, quorum 3
        ("declaration_not_on_register", None, "ned1"),        # declared at meeting, not on register
    }


def test_minuted_declaration_and_withdrawal_satisfy_the_screen() -> None:
    # Amina declared and left for the award to her trust (i7): no finding about i7
    assert not any(item == "i7" for _, item, _ in _found())


def test_blanket_declaration_counts_for_every_member() -> None:
    # i10 (members' pay) has only an all-members declaration and withdrawal: nobody is reported
    assert not any(item == "i10" for _, item, _ in _found())
    mins = read_minutes(load_graph(MINUTED), "meeting:board-2025-06")
    assert "i10" in mins.blanket


def test_without_the_blanket_declaration_every_member_is_reported(copy: Path) -> None:
    text = (copy / "minutes.csv").read_text().splitlines()
    (copy / "minutes.csv").write_text("\n".join(line for line in text if "All members declared" not in line) + "\n")
    missing = {p for k, item, p in _found(copy) if k == "declaration_not_minuted" and item == "i10"}
    assert missing == {"tom-reed", "vice", "ned1", "amina-shah"}


def test_no_declarations_minute_does_not_count_as_declaring(copy: Path) -> None:
    with (copy / "minutes.csv").open("a") as fh:
        fh.write("board-2025-06,,no_declarations,,,,No declarations were made\n")
    f = next(f for f in reconcile(load_graph(copy)) if f.kind == "declaration_not_minuted")
    assert "no declarations were made" in f.explanation and "minutes.csv:12" in f.evidence


def test_no_vote_is_enough_for_no_part_in_decision(copy: Path) -> None:
    # the husband's interest made non-financial (a volunteer, not a partner): no part in the decision
    text = (copy / "interests.csv").read_text()
    (copy / "interests.csv").write_text(text.replace("riverside-surgery,financial,yes",
                                                     "riverside-surgery,non_financial_personal,yes"))
    text = (copy / "positions.csv").read_text()
    (copy / "positions.csv").write_text(text.replace("p-sam,sam-reed,gp_partner", "p-sam,sam-reed,volunteer"))
    with (copy / "minutes.csv").open("a") as fh:
        fh.write("board-2025-06,i8,no_vote,tom-reed,,,Tom Reed did not vote\n")
    found = _found(copy)
    assert ("withdrawal_not_minuted", "i8", "tom-reed") not in found
    assert ("conflicted_chair_chaired", "i8", "tom-reed") in found  # still chaired it


def test_no_vote_is_not_enough_for_leaving_the_room(copy: Path) -> None:
    with (copy / "minutes.csv").open("a") as fh:
        fh.write("board-2025-06,i8,no_vote,tom-reed,,,Tom Reed did not vote\n")
    f = next(f for f in reconcile(load_graph(copy)) if f.kind == "withdrawal_not_minuted")
    assert "leave the room" in f.explanation and "only that they did not vote" in f.explanation


def test_severities_graded_by_what_was_missed() -> None:
    found = {(f.kind, f.item, f.person): f for f in reconcile(load_graph(MINUTED))}
    # a declare-only interest not minuted is record-keeping, not a breach
    f = found[("declaration_not_minuted", "i5", "amina-shah")]
    assert (f.severity, f.grade) == ("advisory", "declare_only")
    assert found[("withdrawal_not_minuted", "i8", "tom-reed")].severity == "policy_breach"
    assert found[("conflicted_chair_chaired", "i8", "tom-reed")].severity == "policy_breach"
    assert found[("decided_inquorate", "i9", None)].severity == "sord_breach"
    # when the interest began is not in the data: advisory, to confirm
    f = found[("declaration_not_on_register", None, "ned1")]
    assert (f.severity, f.grade, f.to_confirm) == ("advisory", "date_unknown", True)
    assert all(x.citations for x in found.values())


@pytest.mark.parametrize("start,grade,severity", [
    ("2025-06-01", "within_window", "advisory"),   # 10 days before the meeting: within 28 days
    ("2025-04-01", None, "policy_breach"),         # 71 days: beyond the window
])
def test_late_registration_graded_against_the_window(copy: Path, start, grade, severity) -> None:
    with (copy / "positions.csv").open("a") as fh:
        fh.write(f"p-ned1-oak,ned1,adviser,,oakfield-care,,,{start}\n")
    f = next(f for f in reconcile(load_graph(copy)) if f.kind == "declaration_not_on_register")
    assert (f.grade, f.severity, f.to_confirm) == (grade, severity, False)
    assert "28-day registration window" in f.explanation


def test_a_local_policy_may_shorten_the_window(copy: Path) -> None:
    import yaml

    from coigraph.policy import load_policy, parse_policy

    with (copy / "positions.csv").open("a") as fh:
        fh.write("p-ned1-oak,ned1,adviser,,oakfield-care,,,2025-06-01\n")
    pol = load_policy()
    strict = parse_policy(yaml.safe_dump({**pol.model_dump(mode="json", exclude={"source"}),
                                          "registration_window_days": {"value": 7, "text": "Seven days."}}))
    f = next(f for f in reconcile(load_graph(copy), policy=strict) if f.kind == "declaration_not_on_register")
    assert f.severity == "policy_breach" and "7-day registration window" in f.explanation


def test_deputy_chairing_the_item_is_fine(copy: Path) -> None:
    with (copy / "minutes.csv").open("a") as fh:
        fh.write("board-2025-06,i8,chair,vice,,,Victor Vice chaired item 8\n")
    assert ("conflicted_chair_chaired", "i8", "tom-reed") not in _found(copy)


def test_declaration_on_register_is_not_reported(copy: Path) -> None:
    with (copy / "interests.csv").open("a") as fh:
        fh.write("int-ned1,ned1,oakfield-care,non_financial_professional,no,,,Adviser,2024-01-01,2025-04-01\n")
    assert not any(k == "declaration_not_on_register" for k, _, _ in _found(copy))


def test_meeting_without_minutes_is_not_reconciled(copy: Path) -> None:
    (copy / "minutes.csv").unlink()
    G = load_graph(copy)
    assert minuted_meetings(G) == [] and reconcile_meeting(G, "board-2025-06") == []


def test_inquorate_item_without_a_decision_is_not_reported(copy: Path) -> None:
    text = (copy / "decisions.csv").read_text().splitlines()
    (copy / "decisions.csv").write_text("\n".join(line for line in text if not line.startswith("dec-9")) + "\n")
    assert ("decided_inquorate", "i9", None) not in _found(copy)
