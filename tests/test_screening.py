"""Agenda pre-screening end to end: findings per rule, proportionality, dates, outputs, CLI and errors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from coigraph.errors import NotFound
from coigraph.graph import in_force, load_graph
from coigraph.report.screening import to_csv_text, to_html, to_markdown, to_table
from coigraph.screening import affected_organisations, excluded_orgs, screen_all, screen_meeting

DATA = Path(__file__).parent / "data"
PM = DATA / "screen-partner-member"


@pytest.fixture(scope="module")
def G():
    return load_graph(PM)


@pytest.fixture(scope="module")
def screen(G):
    return screen_meeting(G, "board-2025-05")


def _items(screen):
    return {it.number: it for it in screen.items}


def _rows(screen, items=None):
    return {(it.number, f.person, f.organisation, f.level.value, f.action.value, f.rule_id, tuple(f.modifiers))
            for it in screen.items if items is None or it.number in items for f in it.findings}


EXPECTED = {
    ("2", "pm-trust", "acute-ft", "material", "no_papers", "own-org-award", ()),
    ("3", "pm-trust", "acute-ft", "declare_only", "declare", "system-wide", ()),
    ("4", "pm-gp", "oak-pcn", "declare_only", "declare", "network-interest", ()),
    ("5", "ned", "acme-care", "material", "no_papers", "indirect-financial", ()),
    ("7", "ned", "testshire-mind", "perceived", "no_decision", "non-financial-money", ()),
    ("7", "ned-former", "testshire-mind", "perceived", "no_decision", "own-org-award", ("ended-within-lookback",)),
    ("8", "pm-trust", "acute-ft", "to_confirm", "declare", "information-only", ("inferred-from-text",)),
    ("12", "pm-gp", "oak-pcn", "declare_only", "declare", "network-interest", ()),
    ("12", "pm-trust", "acute-ft", "to_confirm", "no_decision", "own-org-award", ("inferred-from-text",)),
}


def test_each_situation_found_with_its_action(screen) -> None:
    rows = _rows(screen)
    self_rows = {r for r in rows if r[0] == "9"}
    assert rows - self_rows == EXPECTED
    # item 9 (the ICB's executive pay, concerns: executives): only the executives are conflicted
    assert self_rows == {("9", p, "icb", "material", "no_papers", "own-post-or-body", ()) for p in ("ceo", "cfo")}
    nine = _items(screen)["9"]
    assert nine.concerned == ["ceo", "cfo"] and not nine.whole_body
    # the quorum needs an executive director: without the two it cannot be decided here, and deferring
    # cannot help (the item conflicts the executives at every meeting): refer it
    assert nine.quorum.status == "inquorate" and "remuneration committee" in " ".join(nine.notes)
    assert nine.quorum.options and not any("defer" in o for o in nine.quorum.options)


def test_proportionality_partner_member(screen) -> None:
    """The trust's chief executive is not told to leave for a system-wide item, and is for an award to the trust."""
    items = _items(screen)
    (sw,) = [f for f in items["3"].findings if f.person == "pm-trust"]
    assert sw.action.value == "declare" and sw.level.value == "declare_only"
    assert "not on its own a conflict" in sw.rule_text
    assert {p.person: p.action.value for p in items["3"].people} == {"pm-trust": "declare"}
    (award,) = [f for f in items["2"].findings if f.person == "pm-trust"]
    assert award.action.value == "no_papers" and award.level.value == "material"
    assert award.action_text == "Declare; leave the room for the item and receive no papers for it"
    assert award.chair_decision_pending  # before the meeting the chair's decision is still to be made


def test_paths_that_must_not_exist(screen) -> None:
    items = _items(screen)
    assert items["1"].findings == []  # nothing affected
    assert items["6"].findings == []  # sibling company of the husband's employer: never up then down
    assert items["10"].findings == []  # contracts_with is not an interest
    assert items["11"].findings == []  # a directorship that starts after the meeting


def test_no_finding_from_an_edge_not_valid_on_the_meeting_date(G, screen) -> None:
    on = screen.screened_on
    for it in screen.items:
        for f in it.findings:
            for p in [f.path] + [o.path for o in f.other_paths]:
                for e in p.edges:
                    u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
                    a = G.edges[u, v, e.key]
                    if e.key == p.carrier_key:
                        assert in_force(a, on, lookback_days=screen.lookback_days)
                        assert in_force(a, on) == (p.recency == "current") == e.in_force
                    else:
                        assert in_force(a, on), (f.person, e.key)


def test_as_of_and_lookback(G) -> None:
    later = screen_meeting(G, "board-2025-05", as_of=dt.date(2025, 6, 2))
    assert ("11", "ceo", "future-health", "material", "no_papers", "own-org-award", ()) in _rows(later, {"11"})
    short = screen_meeting(G, "board-2025-05", lookback_days=30)
    assert {r[1] for r in _rows(short, {"7"})} == {"ned"}


def test_indirect_finding_names_the_associate(screen) -> None:
    (f,) = _items(screen)["5"].findings
    assert f.category == "indirect" and f.indirect and f.interest_type.value == "financial"
    assert "husband" in f.rule_text and "Harry Ned" in f.rule_text
    assert f.holder == "close_associate" and "treated as Nadia Ned's own" in f.rule_text


def test_strictest_explanation_wins_and_others_are_kept(screen) -> None:
    (f,) = [f for f in _items(screen)["2"].findings if f.person == "pm-trust"]
    assert f.path.carrier_key == "interest:i-pm-trust"
    others = {o.path.carrier_key for o in f.other_paths}
    assert others == {"position:p-pm-trust-ceo", "position:p-pm-trust-seat"}
    assert all(o.action.value == "no_papers" for o in f.other_paths)


def test_inferred_organisations(G) -> None:
    aff = affected_organisations(G, "item:b8", exclude=["org:icb"])
    assert [(a.organisation, a.source, a.matched_words, a.effect_guessed) for a in aff] == [
        ("acute-ft", "inferred", ["THFT"], True)]
    aff = affected_organisations(G, "item:b12", exclude=["org:icb"])
    assert [(a.organisation, a.source, a.effect.value) for a in aff] == [
        ("oak-pcn", "listed", "award"), ("acute-ft", "inferred", "award")]


def test_self_item_note_and_quorum(screen) -> None:
    it = _items(screen)["9"]
    assert it.self_item and it.quorum.status == "inquorate" and "no executive director" in it.quorum.explanation
    assert any("concerns the members themselves" in n and "2 of 9 voting members" in n
               and "executive members" in n for n in it.notes)
    assert screen.summary.self_items == ["9"] and screen.summary.inquorate_items == ["9"]


def test_self_item_whose_concerns_are_not_stated_takes_every_member(tmp_path: Path) -> None:
    d = tmp_path / "pm"
    shutil.copytree(PM, d)
    text = (d / "agenda_items.yaml").read_text()
    (d / "agenda_items.yaml").write_text(text.replace(",\n   concerns: [executives]}", "}"))
    it = next(i for i in screen_meeting(load_graph(d), "board-2025-05").items if i.number == "9")
    assert it.concerns == [] and it.whole_body and it.quorum.status == "inquorate"
    voting = set(it.quorum.voting_present)
    # every voting member is conflicted: nobody is told to step out, each declares (unavoidable)
    assert {f.person for f in it.findings if f.unavoidable} == voting
    assert all(f.action.value == "declare" and f.policy_action.value == "no_papers"
               for f in it.findings if f.person in voting)
    assert any("not stated" in n for n in it.notes)
    assert not any("where enough members without a conflict" in o for o in it.quorum.options)


def test_excluded_orgs() -> None:
    G = load_graph(DATA / "screen-committees-in-common")
    assert excluded_orgs(G, "body:cic") == ["org:icb"]  # several owners: only the commissioner
    assert excluded_orgs(load_graph(PM), "body:board") == ["org:icb"]


def test_json_is_documented_shape_and_deterministic(G, screen) -> None:
    data = screen.model_dump(mode="json")
    assert data["schema"] == "coigraph-screen" and data["version"] == 1
    assert set(data) >= {"meeting", "screened_on", "lookback_days", "policy", "roll", "items", "checks", "summary"}
    f = data["items"][1]["findings"][0]
    assert set(f) >= {"person", "organisation", "path", "category", "level", "action", "rule_id"}
    assert set(f["path"]) >= {"nodes", "edges"} and f["path"]["edges"][0]["evidence"] == "interests.csv:2"
    assert "quorum" in data["items"][1]
    again = screen_meeting(load_graph(PM), "board-2025-05").model_dump(mode="json")
    assert json.dumps(data) == json.dumps(again)


def test_screen_all(G) -> None:
    allm = screen_all(load_graph(DATA / "screen-quorum"))
    assert [m.meeting.id for m in allm.meetings] == ["fic-2025-03", "adv-2025-03", "fic-2025-04"]
    assert allm.model_dump(mode="json")["schema"] == "coigraph-screen-all"


def test_unknown_meeting(G) -> None:
    with pytest.raises(NotFound, match="no meeting 'board-2025-06'.*did you mean 'board-2025-05'"):
        screen_meeting(G, "board-2025-06")


# --------------------------------------------------------------------------- renderers and hostile data

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ORG = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(PM, d)
    people = (d / "people.yaml").read_text().replace("{id: pm-trust, name: Tara Trust}",
                                                     "{id: pm-trust, name: '" + HOSTILE_NAME + "'}")
    (d / "people.yaml").write_text(people)
    orgs = (d / "organisations.yaml").read_text().replace(
        "name: Testshire Hospitals NHS Foundation Trust,", "name: '" + HOSTILE_ORG + "',")
    (d / "organisations.yaml").write_text(orgs)
    return screen_meeting(load_graph(d), "board-2025-05")


def test_html_escapes_everything(hostile) -> None:
    html = to_html(hostile)
    assert HOSTILE_NAME not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script" not in html and "http://evil.example" in html  # shown, as text
    assert "Declarations log for the minutes" in html and "<code>own-org-award</code>" in html


def test_csv_neutralises_formulas(hostile) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv_text(hostile))))
    names = {r["organisation_name"] for r in rows}
    assert "'" + HOSTILE_ORG in names and HOSTILE_ORG not in names
    assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_markdown_escapes(hostile) -> None:
    md = to_markdown(hostile)
    assert HOSTILE_NAME not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "## Item 2: Award of the elective orthopaedics contract (decision, £4,500,000)" in md
    assert "## Declarations log for the minutes" in md


def test_table_shows_findings_and_quorum(screen, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # the width of the terminal: ids on one line
    text = to_table(screen)
    assert "Conflicts of interest" in text and "Quorum for decision items" in text
    assert "own-org-award" in text and "Quorate" in text and "Stale declaration" in text
    assert "chair decides" in text


# --------------------------------------------------------------------------- CLI


def test_cli_formats_and_byte_identical_output(cli, tmp_path: Path) -> None:
    for fmt in ("table", "json", "csv", "markdown", "html"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        r1 = cli("screen", PM, "--meeting", "board-2025-05", "--format", fmt, "--output", a)
        r2 = cli("screen", PM, "-m", "board-2025-05", "-f", fmt, "-o", b)
        assert r1.exit_code == r2.exit_code == 0, r1.stderr
        assert r1.stdout == "" and a.read_bytes() == b.read_bytes() and a.stat().st_size > 500
    r = cli("screen", PM, "--meeting", "board-2025-05", "--format", "json")
    assert json.loads(r.stdout)["meeting"]["id"] == "board-2025-05"


def test_cli_all(cli) -> None:
    r = cli("screen", DATA / "screen-quorum", "--all", "--format", "json")
    assert r.exit_code == 0 and len(json.loads(r.stdout)["meetings"]) == 3


def test_cli_options_change_the_answer(cli, tmp_path: Path) -> None:
    r = cli("screen", PM, "-m", "board-2025-05", "-f", "csv", "--lookback-months", "1")
    assert "ned-former,Ned Former,testshire-mind" not in r.stdout
    assert "ned-former,Ned Former,testshire-mind" in cli("screen", PM, "-m", "board-2025-05", "-f", "csv").stdout
    r = cli("screen", PM, "-m", "board-2025-05", "-f", "csv", "--as-of", "2025-06-02")
    assert "future-health" in r.stdout
    r = cli("screen", PM, "-m", "board-2025-05", "-f", "csv", "--max-depth", "1")
    assert "oak-pcn" not in r.stdout and "acute-ft" in r.stdout
    default = (Path(__file__).parent.parent / "coigraph" / "policies" / "default.yaml").read_text()
    old = "    level: material\n    action: no_papers\n    text: >-\n      {person} has a financial interest in"
    assert default.count(old) == 1
    lenient = default.replace(old, old.replace("level: material\n    action: no_papers",
                                               "level: perceived\n    action: no_decision"))
    pol = tmp_path / "lenient.yaml"
    pol.write_text(lenient.replace("name: >-\n  coigraph default", "name: >-\n  lenient"))
    r = cli("screen", PM, "-m", "board-2025-05", "-f", "json", "--policy", pol)
    data = json.loads(r.stdout)
    (f,) = [f for f in data["items"][1]["findings"] if f["person"] == "pm-trust"]
    assert data["policy"].startswith("lenient") and f["action"] == "no_decision" and f["rule_id"] == "own-org-award"


@pytest.mark.parametrize("args,message", [
    (["--meeting", "board-2025-05", "--all"], "not both"),
    ([], "not neither"),
    (["--meeting", "nope"], "no meeting 'nope'"),
    (["--meeting", "board-2025-05", "--as-of", "14/05/2025"], "is not a date"),
])
def test_cli_errors_exit_2(cli, args, message) -> None:
    r = cli("screen", PM, *args)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.stderr and r.stdout == ""


def test_cli_bad_data_exits_2(cli, tmp_path: Path) -> None:
    r = cli("screen", tmp_path / "missing", "--all")
    assert r.exit_code == 2 and "no such folder" in r.stderr


def test_cli_help_explains_every_option(cli) -> None:
    text = cli("screen", "--help").stdout
    for opt in ("--meeting", "--all", "--as-of", "--policy", "--lookback-months", "--max-depth", "--format",
                "--output", "Example:"):
        assert opt in text


# --------------------------------------------------------------------------- docs


def test_docs_explain_every_option_and_json_field() -> None:
    import click

    from coigraph.cli import main
    from coigraph.declarations import InformationFlow, StaleDeclaration, UndeclaredInterest
    from coigraph.paths import InterestPath, PathEdge, PathNode
    from coigraph.quorum import QuorumCheck, RollEntry, Withdrawal
    from coigraph.screening import (
        AffectedOrg,
        Finding,
        ItemScreen,
        MeetingScreen,
        PersonOnItem,
        ScreenSummary,
    )

    doc = (Path(__file__).parent.parent / "docs" / "screening.md").read_text()
    for name in ("screen", "declarations"):
        cmd = main.get_command(click.Context(main), name)  # loaded on demand
        assert cmd is not None, name
        for p in cmd.params:
            if isinstance(p, click.Option):
                assert p.opts[-1] in doc or p.opts[0] in doc, f"docs/screening.md does not explain {p.opts}"
    for model in (MeetingScreen, ItemScreen, Finding, AffectedOrg, PersonOnItem, ScreenSummary, QuorumCheck,
                  RollEntry, Withdrawal, InterestPath, PathEdge, PathNode, UndeclaredInterest, StaleDeclaration,
                  InformationFlow):
        for field, info in model.model_fields.items():
            key = info.serialization_alias or info.alias or field
            assert f"`{key}`" in doc, f"docs/screening.md does not document {model.__name__}.{key}"
    for rule in ("own-org-award", "system-wide", "indirect-financial", "ended-within-lookback",
                 "inferred-from-text", "own-post-or-body", "non-financial-money"):
        assert f"`{rule}`" in doc
