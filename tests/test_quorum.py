"""Quorum after withdrawals: every outcome, deputies, apologies, leaving early, chairs, committees in common."""

from __future__ import annotations

from pathlib import Path

import pytest

from coigraph.graph import load_graph
from coigraph.quorum import RollEntry, item_order, meeting_roll, missing_roles
from coigraph.screening import screen_meeting

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def G():
    return load_graph(DATA / "screen-quorum")


@pytest.fixture(scope="module")
def march(G):
    return {it.number: it for it in screen_meeting(G, "fic-2025-03").items}


@pytest.fixture(scope="module")
def april(G):
    return {it.number: it for it in screen_meeting(G, "fic-2025-04").items}


def test_quorate_with_the_chair_out_and_the_vice_chair_chairing(march) -> None:
    q = march["1"].quorum
    assert q.status == "quorate" and q.counted == ["ceo", "cfo", "member", "ned", "vice"]
    assert [w.person for w in q.withdrawn] == ["chair"] and q.chair == "vice"
    assert "vice chair (Victor Vice) must chair it" in q.chair_note
    assert q.chair_note in march["1"].notes


def test_inquorate_for_lack_of_a_required_role(march) -> None:
    q = march["2"].quorum
    assert q.status == "inquorate" and q.shortfall == 0 and q.missing_roles == ["executive_director"]
    assert {w.person for w in q.withdrawn} == {"ceo", "cfo"}
    assert "refer the decision to Quorumshire ICB Board" in q.options
    assert len(q.options) == 3


def test_inquorate_for_numbers_and_each_role_needs_its_own_member(march) -> None:
    q = march["3"].quorum
    # chair, CFO and CEO remain: one short, and the chair cannot also be the independent member
    assert q.status == "inquorate" and q.shortfall == 1 and q.missing_roles == ["independent"]


def test_at_risk_when_only_to_confirm_conflicts_would_break_it(march) -> None:
    it = march["4"]
    assert {f.level.value for f in it.findings} == {"to_confirm"}
    q = it.quorum
    assert q.status == "at_risk" and all(w.pending for w in q.withdrawn)
    assert q.missing_roles == ["executive_director"] and q.shortfall == 1


def test_chair_and_vice_chair_both_conflicted(march) -> None:
    q = march["5"].quorum
    assert q.status == "inquorate" and q.missing_roles == ["chair|vice_chair"] and q.chair is None
    assert "members present choose another member" in q.chair_note


def test_not_a_decision_item(march) -> None:
    q = march["6"].quorum
    assert q.status == "not_applicable" and "Not a decision item" in q.explanation
    f = march["6"].findings[0]  # the conflict still stands, capped by the item-kind table
    assert f.action.value == "no_decision" and f.modifiers == ["item-kind"] and f.level.value == "material"
    assert "a discussion item" in f.modifier_texts[0]


def test_no_quorum_rule(G) -> None:
    (it,) = screen_meeting(G, "adv-2025-03").items
    assert it.quorum.status == "not_applicable" and "no quorum rule" in it.quorum.explanation


def test_roll_statuses_and_deputies(G) -> None:
    roll = {e.person: e for e in meeting_roll(G, "meeting:fic-2025-04")}
    assert roll["cfo"].status == "apologies" and not roll["cfo"].in_room
    assert roll["dep"].status == "deputising" and roll["dep"].voting and roll["dep"].roles == ["executive_director"]
    assert not roll["dep"].member and roll["dep"].deputising_for == "cfo"
    assert roll["chair"].status == "expected" and roll["chair"].in_room  # no record: expected
    assert roll["member"].present_for("1") and not roll["member"].present_for("2")
    assert not roll["officer"].voting


def test_deputy_counts_for_the_executive(april) -> None:
    q = april["1"].quorum
    assert q.status == "quorate" and "dep" in q.counted and q.chair == "vice"


def test_a_deputy_votes_only_if_the_body_says_so(tmp_path: Path) -> None:
    import shutil

    d = tmp_path / "q"
    shutil.copytree(DATA / "screen-quorum", d)
    text = (d / "bodies.yaml").read_text()
    (d / "bodies.yaml").write_text(text.replace("  deputies_vote: true", "  deputies_vote: false"))
    G = load_graph(d)
    roll = {e.person: e for e in meeting_roll(G, "meeting:fic-2025-04")}
    assert roll["dep"].status == "deputising" and not roll["dep"].voting
    assert roll["dep"].roles == ["executive_director"]  # still stands in the member's seat
    q = {it.number: it for it in screen_meeting(G, "fic-2025-04").items}["1"].quorum
    assert "dep" not in q.counted and q.status == "inquorate" and q.missing_roles == ["executive_director"]


def test_a_blank_deputies_vote_is_not_a_no(tmp_path: Path) -> None:
    """Standing orders the data does not give: the deputy's vote is not stated, and an item whose
    quorum turns on it is to confirm, never inquorate on a blank."""
    import shutil

    d = tmp_path / "q"
    shutil.copytree(DATA / "screen-quorum", d)
    text = (d / "bodies.yaml").read_text()
    (d / "bodies.yaml").write_text(text.replace("  deputies_vote: true", ""))
    G = load_graph(d)
    roll = {e.person: e for e in meeting_roll(G, "meeting:fic-2025-04")}
    assert roll["dep"].status == "deputising" and roll["dep"].voting_status == "not_stated"
    q = {it.number: it for it in screen_meeting(G, "fic-2025-04").items}["1"].quorum
    assert q.status == "to_confirm" and "dep" not in q.counted


def test_left_after_item_and_apologies(april) -> None:
    q = april["2"].quorum
    assert "member" not in q.voting_present and q.voting_present == ["chair", "dep", "ned", "vice"]
    # the CFO and CEO, conflicted on Beta, sent apologies: nobody to screen, still quorate
    assert april["3"].findings == [] and april["3"].quorum.status == "quorate"


def test_committees_in_common_each_on_its_own() -> None:
    G = load_graph(DATA / "screen-committees-in-common")
    (it,) = screen_meeting(G, "cic-2025-02").items
    q = it.quorum
    groups = {g.constituency: g for g in q.groups}
    assert groups["icb"].status == "inquorate" and groups["icb"].shortfall == 1
    assert groups["icb"].counted == ["icb-chair"]
    assert groups["acute-ft"].status == "quorate" and groups["acute-ft"].counted == ["ft-chair", "ft-m1"]
    assert q.status == "inquorate" and "NHS Commonshire ICB's committee is inquorate" in q.explanation


def test_missing_roles_matching() -> None:
    def e(p, roles, ind=False):
        return RollEntry(person=p, name=p, status="present", member=True, voting=True, roles=roles,
                         independent=ind)

    people = [e("a", ["chair"], True), e("b", ["chief_executive"]), e("c", ["member"], True)]
    assert missing_roles(["chair|vice_chair", "executive_director", "independent"], people) == []
    assert missing_roles(["chair|vice_chair", "independent", "independent"], people[:2]) == [
        "independent", "independent"]
    # the first independent member found is the only chair: the search must try the other one
    assert missing_roles(["independent", "chair|vice_chair"], [people[0], people[2]]) == []
    assert missing_roles([], []) == []


def test_item_order() -> None:
    assert sorted(["10", "7.1", "2", "7", "7a", "1.10", "1.2"], key=item_order) == [
        "1.2", "1.10", "2", "7", "7.1", "7a", "10"]
