"""Declarations checks: possibly undeclared posts, stale declarations, confidential information flow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coigraph.declarations import (
    information_flows,
    meeting_checks,
    person_declarations,
    stale_declaration,
    undeclared_interests,
)
from coigraph.errors import NotFound
from coigraph.graph import load_graph

DATA = Path(__file__).parent / "data" / "screen-declarations"
DAY = dt.date(2025, 3, 1)


@pytest.fixture(scope="module")
def G():
    return load_graph(DATA)


def test_undeclared_own_post(G) -> None:
    (u,) = undeclared_interests(G, "tim", on=DAY, exclude_orgs=["org:icb"], exclude_bodies=["body:icb-board"])
    assert (u.organisation, u.kind, u.role, u.evidence) == ("carers", "own_post", "trustee", "positions.csv:10")
    assert "trustee at Declshire Carers" in u.explanation


def test_undeclared_associate_post(G) -> None:
    (u,) = undeclared_interests(G, "wendy", on=DAY, exclude_orgs=["org:icb"])
    assert (u.kind, u.associate, u.relationship, u.organisation) == ("associate_post", "harold", "husband", "acme")


def test_declared_posts_and_the_meeting_seat_are_not_flagged(G) -> None:
    assert undeclared_interests(G, "carl", on=DAY, exclude_orgs=["org:icb"], exclude_bodies=["body:icb-board"]) == []
    assert undeclared_interests(G, "pat", on=DAY, exclude_orgs=["org:icb"], exclude_bodies=["body:icb-board"]) == []
    # without the exclusions, the ICB seat is a post like any other
    assert [u.organisation for u in undeclared_interests(G, "carl", on=DAY)] == ["icb"]


def test_stale_declarations(G) -> None:
    st = stale_declaration(G, "sid", on=DAY)
    assert st is not None and st.last_declared == dt.date(2024, 1, 10) and st.since == dt.date(2024, 3, 1)
    assert stale_declaration(G, "nia", on=DAY) is None  # nil return in June 2024
    assert stale_declaration(G, "sue", on=DAY) is None  # no declared date: its start counts
    assert stale_declaration(G, "harold", on=DAY).last_declared is None  # nothing at all
    # a nil return after the date does not count
    assert stale_declaration(G, "wendy", on=dt.date(2024, 12, 1)) is not None


def test_information_flow_heard_then_decided(G) -> None:
    (f,) = information_flows(G, "pat")
    assert (f.heard_item, f.deciding_item, f.organisation) == ("i2", "t1", "trust")
    assert f.related_by == "matter contract_award" and f.deciding_date == dt.date(2025, 4, 10)
    # seen from either meeting
    assert information_flows(G, "pat", meeting="meeting:icb-2025-03") == [f]
    assert information_flows(G, "pat", meeting="meeting:trust-2025-04") == [f]
    assert information_flows(G, "pat", meeting="meeting:trust-2026-06") == []  # over a year later
    # only a person whose own organisation the confidential item affects
    assert information_flows(G, "sid") == []


def test_meeting_checks_cover_the_roll(G) -> None:
    c = meeting_checks(G, "icb-2025-03")
    assert {(u.person, u.organisation) for u in c.undeclared} == {("tim", "carers"), ("wendy", "acme")}
    assert [s.person for s in c.stale] == ["sid"]
    assert [f.person for f in c.information_flows] == ["pat"]


def test_person_declarations(G) -> None:
    d = person_declarations(G, "pat", "icb-2025-03")
    assert [it["number"] for it in d.items] == ["1", "2"]
    assert d.items[1]["findings"][0]["rule_id"] == "own-org-change"
    assert d.stale is None and len(d.information_flows) == 1
    assert [r["id"] for r in d.register_entries] == ["d-pat"]
    with pytest.raises(NotFound, match="no person 'pet'.*did you mean 'pat'"):
        person_declarations(G, "pet", "icb-2025-03")
    with pytest.raises(NotFound, match="no meeting"):
        person_declarations(G, "pat", "icb-2099")


def test_declarations_cli(cli, tmp_path: Path) -> None:
    r = cli("declarations", DATA, "--person", "pat", "--meeting", "icb-2025-03")
    assert r.exit_code == 0, r.stderr
    assert "Item 2: Community services commissioning intentions" in r.stdout
    assert "Confidential information" in r.stdout
    out = tmp_path / "pat.json"
    r = cli("declarations", DATA, "-p", "pat", "-m", "icb-2025-03", "--format", "json", "-o", out)
    assert r.exit_code == 0 and r.stdout == ""
    data = json.loads(out.read_text())
    assert data["person"] == "pat" and data["information_flows"][0]["deciding_item"] == "t1"
    md = cli("declarations", DATA, "-p", "tim", "-m", "icb-2025-03", "--format", "markdown").stdout
    assert md.startswith("# Declarations for Tim Trustee") and "Possibly undeclared" in md
    r = cli("declarations", DATA, "-p", "nobody", "-m", "icb-2025-03")
    assert r.exit_code == 2 and "no person 'nobody'" in r.stderr and "Traceback" not in r.stderr


def test_no_flow_within_one_organisation_and_one_flow_per_hearing(tmp_path: Path) -> None:
    """The ICB's own members hear its confidential items at its board and then decide related ones
    at its committees: that is their job, not information flowing to another organisation (on the
    benchmark's national tier the old rule raised hundreds of these a meeting).  The same item also
    affecting the ICB, and a later ICB board meeting deciding a related matter that Pat and Sid
    attend, give no flow; Pat's flow to the trust board is still found, to the tender response
    (related by matter) and not to the estates item (it affects the trust, as everything the trust's
    board decides does: no relation to what she heard), and once although the minutes record her in
    the room twice (she left and came back)."""
    import shutil

    folder = tmp_path / "flows"
    shutil.copytree(DATA, folder)
    with (folder / "affected_organisations.csv").open("a", encoding="utf-8") as f:
        # the trust board's estates item affects the trust, as everything its board decides does
        f.write("i2,icb,reconfiguration\ni4,icb,award\nt2,trust,reconfiguration\n")
    with (folder / "meetings.yaml").open("a", encoding="utf-8") as f:
        f.write('- {id: icb-2025-05, body: icb-board, date: 2025-05-01, title: "Declshire ICB Board, May 2025"}\n')
    with (folder / "agenda_items.yaml").open("a", encoding="utf-8") as f:
        f.write("- {id: i4, meeting: icb-2025-05, number: \"4\", title: Community services contract award, "
                "kind: decision, matter: contract_award}\n")
    with (folder / "attendance.csv").open("a", encoding="utf-8") as f:
        f.write("icb-2025-03,pat,present\nicb-2025-05,pat,present\nicb-2025-05,sid,present\n")
    G = load_graph(folder)
    flows = information_flows(G, "pat")
    assert [(f.heard_meeting, f.deciding_meeting, f.deciding_item, f.organisation) for f in flows] == [
        ("icb-2025-03", "trust-2025-04", "t1", "trust")]
    assert information_flows(G, "pat", meeting="meeting:icb-2025-05") == []
    assert information_flows(G, "sid") == []
    assert [f.person for f in meeting_checks(G, "icb-2025-03").information_flows] == ["pat"]
