"""Control on a public register (Companies House PSC) as a path shape: screen and declarations.

The fixtures are folders named for their situation (tests/data/control*/README.md says what each
shows); expected findings are compared as sets.  The seeded undeclared control of the sample
(situation 20: James Okonjo controls Carrowby Care Homes Ltd, which FIC item 11 awards a contract
to) is found by ``screen`` and ``declarations`` in every output format they render.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coigraph.cli import main
from coigraph.declarations import person_declarations
from coigraph.findings import KINDS
from coigraph.graph import load_graph
from coigraph.maps import meeting_map
from coigraph.paths import GRAMMAR
from coigraph.paths.cypher import path_search_cypher, saved_query_text
from coigraph.policy import parse_policy
from coigraph.redact import WITHHELD
from coigraph.screening import screen_all, screen_meeting

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
NORTHSHIRE = ROOT / "data" / "northshire"

#: (meeting, item, person, organisation, level, action, carrier) of every finding, per fixture.
FINDINGS = {
    "controlled-undeclared": {
        ("icb-2025-03", "1", "ann", "acme", "to_confirm", "no_decision", "controls"),
        ("icb-2025-03", "2", "ann", "acme-group", "to_confirm", "no_decision", "controls"),  # one step up
        ("icb-2025-03", "3", "ann", "beta", "to_confirm", "no_decision", "controls"),  # her husband's
    },
    "controlled-and-declared": {  # the declared path is used: the policy's own levels
        ("icb-2025-03", "1", "ann", "acme", "material", "no_papers", "interest"),
        ("icb-2025-03", "2", "ann", "acme-group", "material", "no_papers", "interest"),
        # a husband's interest counts as her own (issue 16's proportionality rule)
        ("icb-2025-03", "3", "ann", "beta", "material", "no_papers", "interest"),
    },
    "control-ceased": set(),
    "control-notified-after-meeting": {  # nothing in March; found in May
        ("icb-2025-05", "1", "ann", "acme", "to_confirm", "no_decision", "controls"),
        ("icb-2025-05", "2", "ann", "acme-group", "to_confirm", "no_decision", "controls"),
    },
}

#: (meeting, person, company, kind, items, reaches) of every possibly undeclared control, per fixture.
UNDECLARED = {
    "controlled-undeclared": {
        ("icb-2025-03", "ann", "acme", "own_control", ("1", "2"), ("acme", "acme-group")),
        ("icb-2025-03", "ann", "beta", "associate_control", ("3",), ("beta",)),
    },
    "controlled-and-declared": set(),
    "control-ceased": set(),
    "control-notified-after-meeting": {
        ("icb-2025-05", "ann", "acme", "own_control", ("1", "2"), ("acme", "acme-group")),
    },
}


@pytest.mark.parametrize("folder", sorted(FINDINGS))
def test_each_control_fixture_gives_its_findings(folder: str) -> None:
    G = load_graph(DATA / folder)
    screens = screen_all(G).meetings
    found = {(s.meeting.id, it.number, f.person, f.organisation, f.level.value, f.action.value, f.path.carrier)
             for s in screens for it in s.items for f in it.findings}
    assert found == FINDINGS[folder]
    undeclared = {(s.meeting.id, u.person, u.organisation, u.kind, tuple(u.items), tuple(u.reaches))
                  for s in screens for u in (s.checks.undeclared if s.checks else [])}
    assert undeclared == UNDECLARED[folder]
    # a declared interest in the company covers the control: no register path is even kept
    if folder == "controlled-and-declared":
        assert not [o for s in screens for it in s.items for f in it.findings for o in f.other_paths
                    if o.path.carrier == "controls"]


def test_a_possibly_undeclared_control_says_what_the_register_says() -> None:
    G = load_graph(DATA / "controlled-undeclared")
    s = screen_meeting(G, "icb-2025-03")
    own, spouse = s.checks.undeclared
    assert own.explanation.startswith("Ann Archer controls Acme Care Ltd (Companies House PSC, notified on "
                                      "2020-01-01) [controls.csv:2], and no entry on Ann Archer's register")
    assert "Acme Group plc (reached from Acme Care Ltd)" in own.explanation
    kind = KINDS["possibly_undeclared_control"]
    assert (own.finding_kind, own.severity, own.to_confirm, own.basis) == (
        kind.code, "advisory", True, kind.basis)
    assert own.control and own.control.natures == ["ownership-of-shares-25-to-50-percent"]
    assert own.path and own.path.edges[0].type == "controls"
    assert spouse.explanation.startswith("Ann Archer's husband, Harold Archer, controls Beta Homes Ltd")
    item1 = s.items[0].findings[0]
    assert "possibly undeclared: controls Acme Care Ltd (Companies House PSC, notified on 2020-01-01)" \
        in item1.rule_text
    assert item1.modifiers == ["public-register-only"]
    # the quorum counts Ann out only if the finding is confirmed
    assert [w.pending for w in s.items[0].quorum.withdrawn] == [True]


def test_law_guidance_and_local_policy_are_said_apart_in_the_kind() -> None:
    kind = KINDS["possibly_undeclared_control"]
    assert kind.area == "register" and kind.severity == "advisory" and kind.to_confirm
    for words in ("Law:", "Companies Act 2006, Part 21A", "Schedule 1A", "Guidance:", "Local policy:",
                  "Not verifiable from the data"):
        assert words in kind.basis


def test_no_policy_file_can_ask_anyone_to_leave_on_the_register_alone() -> None:
    strict = parse_policy("""
name: strict
rules:
  - {id: any-control, when: {carrier: controls}, level: material, action: leave, text: "{person} leaves"}
default: {id: other, level: declare_only, action: declare, text: "declare"}
modifiers:
  - {id: public-register-only, when: {carrier: controls}, lighter: 0, text: "Our words: {role}."}
""")
    G = load_graph(DATA / "controlled-undeclared")
    findings = [f for it in screen_meeting(G, "icb-2025-03", policy=strict).items for f in it.findings]
    assert findings and {(f.level.value, f.action.value) for f in findings} == {("to_confirm", "no_decision")}
    # the policy's own modifier of that id rewords it (and is not applied twice)
    assert all(f.modifiers == ["public-register-only"] and f.modifier_texts[0].startswith("Our words:")
               for f in findings)


def test_the_grammar_declares_the_shape_and_both_engines_follow_it() -> None:
    (c,) = [c for c in GRAMMAR.carriers if c.edge_type == "controls"]
    assert c.public_record and not c.lookback and c.covered_by == ("interest",)
    cypher = path_search_cypher()
    assert "[c:POSITION|INTEREST|CONTROLS]" in cypher
    assert "CASE WHEN type(c) = 'CONTROLS' THEN $on ELSE $since END" in cypher
    assert "EXISTS { (p)-[cover:INTEREST]->(x)" in cypher
    assert "control of a company on a public register" in saved_query_text()


def test_the_seeded_undeclared_control_is_found_by_screen_and_declarations() -> None:
    G = load_graph(NORTHSHIRE)
    s = screen_meeting(G, "icb-fic-2025-06")
    (f,) = [f for it in s.items if it.number == "11" for f in it.findings if f.person == "james-okonjo"]
    assert (f.organisation, f.path.carrier, f.level.value, f.action.value) == (
        "carrowby-care", "controls", "to_confirm", "no_decision")
    (u,) = [u for u in s.checks.undeclared if u.kind == "own_control"]
    assert (u.person, u.organisation, u.items, u.evidence) == ("james-okonjo", "carrowby-care", ["11"],
                                                              "controls.csv:3")
    d = person_declarations(G, "james-okonjo", "icb-fic-2025-06")
    assert [x.organisation for x in d.undeclared if x.kind == "own_control"] == ["carrowby-care"]
    # the board in May: the company is not on its agenda, so nothing is said about it there
    board = screen_meeting(G, "icb-board-2025-05")
    assert not [u for u in board.checks.undeclared if u.kind.endswith("_control")]


PHRASE = "controls Carrowby Care Homes Ltd (Companies House PSC, notified on 2021-03-15)"
CHAIN = "James Okonjo → controls (Companies House PSC, notified on 2021-03-15) Carrowby Care Homes Ltd [controls.csv:3]"


@pytest.mark.parametrize("command, fmt", [
    ("screen", "table"), ("screen", "json"), ("screen", "csv"), ("screen", "markdown"), ("screen", "html"),
    ("declarations", "text"), ("declarations", "json"), ("declarations", "markdown"),
])
def test_every_format_says_it(command: str, fmt: str) -> None:
    args = [command, str(NORTHSHIRE), "--meeting", "icb-fic-2025-06", "--format", fmt]
    if command == "declarations":
        args += ["--person", "james-okonjo"]
    res = CliRunner().invoke(main, args, env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.split())
    if fmt == "html":
        text = text.replace("&#39;", "'").replace("&amp;", "&")
    if fmt == "csv":  # one row per finding (documented columns): the level, and the chain with the register
        assert "james-okonjo,James Okonjo,carrowby-care" in text and ",to_confirm,no_decision," in text
        assert CHAIN in text
    else:
        assert PHRASE in text
    if fmt == "json":
        data = json.loads(res.stdout)
        undeclared = data["checks"]["undeclared"] if command == "screen" else data["undeclared"]
        assert [u["finding_kind"] for u in undeclared if u["kind"] == "own_control"] == [
            "possibly_undeclared_control"]


def test_redact_withholds_a_private_individuals_psc_details() -> None:
    res = CliRunner().invoke(main, ["screen", str(DATA / "controlled-undeclared"), "--meeting", "icb-2025-03",
                                    "--format", "json", "--redact"])
    assert res.exit_code == 0, res.output
    for private in ("Harold", "harold", "individual/x2"):
        assert private not in res.stdout
    data = json.loads(res.stdout)
    controls = {f["path"]["control"]["company"]: f["path"]["control"]
                for it in data["items"] for f in it["findings"]}
    assert controls["org:beta"]["natures"] == [WITHHELD] and controls["org:beta"]["register_id"] == WITHHELD
    assert controls["org:beta"]["notified"] == "2019-06-01"  # that, and when, stay
    assert controls["org:acme"]["natures"] == ["ownership-of-shares-25-to-50-percent"]  # a member: public office
    (spouse,) = [u for u in data["checks"]["undeclared"] if u["kind"] == "associate_control"]
    assert spouse["control"]["matched_by"] == WITHHELD and "harold" not in spouse["record"]


def test_a_screening_map_draws_the_control_path() -> None:
    G = load_graph(NORTHSHIRE)
    m = meeting_map(G, "icb-fic-2025-06")
    (edge,) = [e for e in m.edges if e.type == "controls" and e.source == "person:james-okonjo"]
    assert edge.highlight == "level:to_confirm" and not edge.hidden
    (path,) = [p for p in m.paths if p.person == "person:james-okonjo" and edge.id in p.edges]
    assert path.item == "item:icb-fic-2025-06.11"
