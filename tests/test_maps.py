"""The map builders without a browser: what each map holds, its evidence, escaping, caps, CLI.

The browser tests (``tests/maps/``) check the same maps drawn in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coigraph import maps
from coigraph.errors import NotFound, UsageError
from coigraph.graph import load_graph
from coigraph.model import EDGE_TYPES, NODE_TYPES

DATA = Path(__file__).parent / "data" / "maps-hostile-names"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph(DATA)


def _ids(m: maps.Map) -> set[str]:
    return {n.id for n in m.nodes}


def _edge(m: maps.Map, eid: str) -> maps.MapEdge:
    return next(e for e in m.edges if e.id == eid)


def _node(m: maps.Map, nid: str) -> maps.MapNode:
    return next(n for n in m.nodes if n.id == nid)


def _consistent(m: maps.Map) -> None:
    ids = _ids(m)
    assert len(ids) == len(m.nodes), "duplicate node ids"
    assert len({e.id for e in m.edges}) == len(m.edges), "duplicate edge ids"
    assert all(e.source in ids and e.target in ids for e in m.edges), "edge to a node not drawn"


# --------------------------------------------------------------------------- styles


def test_every_model_type_has_its_own_look() -> None:
    assert set(maps.NODE_STYLES) == set(NODE_TYPES)
    assert set(maps.EDGE_STYLES) == set(EDGE_TYPES)
    missing = [t for t in NODE_TYPES if t not in maps.NODE_LOOK] + [
        t for t in EDGE_TYPES if t not in maps.EDGE_LOOK]
    assert not missing, f"give these types a look in coigraph/maps/styles.py: {missing}"
    looks = [(s.shape, s.background) for s in maps.NODE_STYLES.values()]
    assert len(set(looks)) == len(looks), "two node types look the same"
    labels = [s.label for s in maps.EDGE_STYLES.values()]
    assert len(set(labels)) == len(labels), "two edge types share a legend label"


def test_legend_is_generated_from_the_styles(G) -> None:
    m = maps.system_map(G)
    legend = m.legend()
    assert [e["type"] for e in legend["nodes"]] == [t for t in NODE_TYPES if t in {n.type for n in m.nodes}]
    assert {e["type"] for e in legend["edges"]} == {e.type for e in m.edges}
    for e in legend["nodes"]:
        assert e["label"] == maps.NODE_STYLES[e["type"]].label
        assert e["count"] == sum(1 for n in m.nodes if n.type == e["type"])


# --------------------------------------------------------------------------- person map


def test_person_map_one_step(G) -> None:
    m = maps.person_map(G, "bob", hops=1)
    assert _ids(m) == {"person:bob", "body:ft-board", "body:icb-board", "meeting:icb-board-2025-05",
                       "org:acme-health", "org:hostile-charity", "person:carol"}
    assert m.counts() == {"nodes": 7, "edges": 7}
    assert m.focus == "person:bob" and m.notes == []
    _consistent(m)


def test_person_map_two_steps_reaches_further(G) -> None:
    m1, m2 = maps.person_map(G, "person:bob", hops=1), maps.person_map(G, "bob", hops=2)
    assert _ids(m1) < _ids(m2)
    # the board's other members and the items that affect Bob's company come in at step two
    assert {"person:alice", "item:item-3", "org:riverside-icb"} <= _ids(m2)
    _consistent(m2)


def test_person_map_as_of_drops_records_not_in_force(G) -> None:
    H = G.copy()
    H.edges["person:bob", "org:acme-health", "interest:int-bob-acme"]["end"] = __import__("datetime").date(2024, 1, 1)
    on = __import__("datetime").date(2025, 5, 14)
    assert "org:acme-health" not in _ids(maps.person_map(H, "bob", hops=1, on=on))
    assert "org:acme-health" in _ids(maps.person_map(H, "bob", hops=1))


def test_person_map_cap_keeps_nearest_and_says_so(G) -> None:
    m = maps.person_map(G, "bob", hops=2, max_nodes=5)
    assert len(m.nodes) == 5 and "person:bob" in _ids(m)
    # interests and the associate are explored first
    assert {"org:acme-health", "org:hostile-charity", "person:carol"} <= _ids(m)
    assert m.notes and "nearest 5 of" in m.notes[0]
    _consistent(m)


def test_person_map_errors(G) -> None:
    with pytest.raises(NotFound, match="did you mean 'bob'"):
        maps.person_map(G, "bobb")
    with pytest.raises(NotFound):
        maps.person_map(G, "icb-board")  # a body, not a person
    with pytest.raises(UsageError, match="--hops"):
        maps.person_map(G, "bob", hops=0)


# --------------------------------------------------------------------------- evidence


def test_interest_evidence_has_register_entry_dates_and_source(G) -> None:
    m = maps.person_map(G, "bob", hops=1)
    rows = maps.rows_of(_edge(m, "person:bob|org:acme-health|interest:int-bob-acme").details)
    assert rows["Register entry"] == "Non-executive director of Acme Health Services Ltd (paid)"
    assert rows["Declared"] == "2024-04-02" and rows["Start"] == "2021-01-01"
    assert rows["Organisation"] == "Acme Health Services Ltd (acme-health)"
    assert rows["Source (file:row)"] == "interests.yaml:1"


def test_delegation_evidence_has_sord_paragraph(G) -> None:
    m = maps.delegation_map(G)
    rows = maps.rows_of(_edge(m, "body:icb-board|body:icb-finance|delegation:del-board-finance").details)
    assert rows["Instrument (SoRD / ToR paragraph)"] == "ICB SoRD 4.3"
    assert rows["Limit"] == "£5,000,000" and rows["Source (file:row)"] == "delegations.yaml:1"


def test_evidence_panel_reads_enumerated_values_in_words() -> None:
    """The panel showed values as entered: 'Regime: competitive' under a heading naming 'reg 11 (the
    Competitive Process)'; kinds, types, stages and outcomes as codes ('foundation_trust',
    'non_financial_professional', 'market_engagement')."""
    from coigraph.governance.procurement import regime_words

    N = load_graph(Path(__file__).parent.parent / "data" / "northshire")
    m = maps.procurement_map(N, "nicb-ultrasound-2025")
    rows = maps.rows_of(_node(m, "procurement:nicb-ultrasound-2025").details)
    assert rows["Regime"] == regime_words("competitive") == (
        "Provider Selection Regime (SI 2023/1348), reg 11 (the Competitive Process)")
    assert m.subtitle.startswith(rows["Regime"])  # the panel says what the heading says
    bids = [maps.rows_of(e.details) for e in m.edges if e.type == "bids_in"]
    assert {b["Outcome"] for b in bids} == {"awarded", "unsuccessful"}
    assert all("_" not in b["Stages"] for b in bids) and any("Market engagement" in b["Stages"] for b in bids)
    texts = [r.text for n in m.nodes for r in n.details]
    assert not any("market_engagement" in t or "award_decision" in t for t in texts)
    s = maps.system_map(N)
    kinds = {maps.rows_of(n.details).get("Kind") for n in s.nodes}
    assert "foundation trust" in kinds and "GP practice" in kinds and "foundation_trust" not in kinds
    types = {maps.rows_of(e.details).get("Types") for e in s.edges}
    assert "non-financial professional" in types and "non_financial_professional" not in types


# --------------------------------------------------------------------------- system map


def test_system_map_holds_everything(G) -> None:
    m = maps.system_map(G)
    # 5 organisations, 3 bodies, 5 people, 3 matters, 1 meeting, 2 items, 3 decisions
    assert m.counts() == {"nodes": 22, "edges": 36}
    assert m.notes == []
    _consistent(m)


def test_system_map_above_the_threshold_explores_and_keeps_everyone(G) -> None:
    m = maps.system_map(G, max_nodes=15)
    assert m.explore and m.counts() == {"nodes": 22, "edges": 36}  # nothing cut
    assert {n.id for n in m.nodes if n.type == "person"} == {n for n in G if n.startswith("person:")}
    # it opens on the best-connected organisations and bodies, and says so
    assert m.start and all(n.startswith(("org:", "body:")) for n in m.start)
    assert m.shown()["nodes"] == len(m.start) < 22
    assert "too many to draw at once" in m.notes[0] and "every record is in this file" in m.notes[0]
    data = _data(maps.render_html(m))
    assert len(data["pool"]["nodes"]) == 22 and len(data["pool"]["edges"]) == 36
    assert {n["id"] for n in data["nodes"]} == set(m.start)
    # evidence of every record, with its source, in the pool (labels and repeats written once)
    strings = data["pool"]["strings"]
    rows = [[strings[x] if isinstance(x, int) else x for x in r] for rs in data["pool"]["edgeRows"] for r in rs]
    assert sum(1 for r in rows if r[0] == "Source (file:row)") == sum(
        1 for e in m.edges if any(x.label == "Source (file:row)" for x in e.details))
    _consistent(m)


def test_system_map_start_can_be_chosen(G) -> None:
    m = maps.system_map(G, max_nodes=4, start=["person:bob", "org:acme-health", "nobody"])
    assert m.start == ["org:acme-health", "person:bob"]


def test_search_words_cover_roles_aliases_kinds_codes_and_numbers(G) -> None:
    m = maps.system_map(G)
    words = {n.id: n.search for n in m.nodes}
    # Bob is found by his roles ("chief executive") and where he holds them
    assert "chief executive" in words["person:bob"] and "partner member" in words["person:bob"]
    assert "riverside hospitals nhs foundation trust" in words["person:bob"]
    assert "rhft" in words["org:riverside-ft"] and "foundation trust" in words["org:riverside-ft"]
    item = next(n for n in m.nodes if n.type == "agenda_item")
    assert f"item {item.title.split('Item ', 1)[1].split(':')[0]}" in item.search


def test_money_reads_as_everywhere_else(G) -> None:
    """Limits and values through coigraph.words.money: pence shown when there are any."""
    H = G.copy()
    H.edges["body:icb-finance", "person:dan", "delegation:del-finance-cfo"]["limit"] = 1250.5
    m = maps.delegation_map(H, "dec-cfo-award")
    e = _edge(m, "body:icb-finance|person:dan|delegation:del-finance-cfo")
    assert e.label == "limit £1,250.50" and maps.rows_of(e.details)["Limit"] == "£1,250.50"


# --------------------------------------------------------------------------- delegation map


def test_decision_chain_top_down_with_failing_link(G) -> None:
    m = maps.delegation_map(G, "dec-cfo-award")
    assert m.layout == "fixed"
    levels = {n.id: n.level for n in m.nodes}
    assert (levels["org:riverside-icb"] < levels["body:icb-board"] < levels["body:icb-finance"]
            < levels["person:dan"] < levels["decision:dec-cfo-award"])
    y = {n.id: n.y for n in m.nodes}  # drawn top-down in that order
    assert y["org:riverside-icb"] < y["body:icb-board"] < y["person:dan"] < y["decision:dec-cfo-award"]
    bad = _edge(m, "body:icb-finance|person:dan|delegation:del-finance-cfo")
    assert bad.highlight == "delegation:sord_breach"
    assert "Value over a delegated financial limit" in [r.text for r in bad.details]
    ok = _edge(m, "body:icb-board|body:icb-finance|delegation:del-board-finance")
    assert ok.highlight is None
    assert _node(m, "decision:dec-cfo-award").highlight == "delegation:sord_breach"
    # the chain as one path the page highlights whole: board -> committee -> CFO -> decision
    (path,) = m.paths
    assert path.edges == ["body:icb-board|body:icb-finance|delegation:del-board-finance",
                          "body:icb-finance|person:dan|delegation:del-finance-cfo",
                          "decision:dec-cfo-award|person:dan|decided_by"]
    assert path.overlay == "delegation:sord_breach" and path.item == "decision:dec-cfo-award"
    steps = [r for r in path.rows if r.kind in ("step", "finding") and r.label.startswith("Step")]
    sources = [maps.rows_of(_edge(m, e).details)["Source (file:row)"] for e in path.edges[:2]]
    sources.append(maps.rows_of(_node(m, "decision:dec-cfo-award").details)["Source (file:row)"])
    assert [r.label for r in steps] == [f"Step {i} [{src}]" for i, src in enumerate(sources, 1)]
    assert sources[0].startswith("delegations.yaml:") and sources[2].startswith("decisions.yaml:")
    assert "ICB SoRD 4.3" in steps[0].text and "fails: Value over a delegated financial limit" in steps[1].text
    # the matter each link covers in words with its code, as the trace's papers name it
    assert "delegates to Riverside ICB Finance Committee: award of a contract (contract_award)" in steps[0].text
    assert "delegates to Dan Okafor: award of a community services contract (contract_award.community)" \
        in steps[1].text
    _consistent(m)


def test_broken_chain_is_drawn_as_a_missing_link(G) -> None:
    m = maps.delegation_map(G, "dec-estates")
    missing = [e for e in m.edges if e.highlight == "delegation:missing"]
    assert [(e.source, e.target) for e in missing] == [("body:icb-board", "body:icb-finance")]
    assert "No delegation of disposal of land or buildings (estates_disposal)" in maps.rows_of(missing[0].details)["Why"]
    assert "delegation:missing" in {o["type"] for o in m.legend()["overlays"]}


def test_sound_decision_has_no_highlight(G) -> None:
    m = maps.delegation_map(G, "dec-frailty-award")
    assert all(x.highlight is None for x in [*m.nodes, *m.edges])
    with pytest.raises(NotFound):
        maps.delegation_map(G, "no-such-decision")


def test_all_delegations(G) -> None:
    m = maps.delegation_map(G)
    assert {e.id.rsplit("|", 1)[1] for e in m.edges if e.type == "delegation"} >= {
        "delegation:del-board-finance", "delegation:del-finance-cfo"}
    # decisions with findings are drawn; the sound one is listed in its decider's evidence
    assert {n.id for n in m.nodes if n.type == "decision"} == {
        "decision:dec-cfo-award", "decision:dec-estates"}
    assert maps.Row("Decision, sound", "dec-frailty-award (2025-05-14)", "note") in _node(m, "body:icb-board").details
    assert "Showing the 2 decisions with findings; 1 others" in m.notes[0]
    assert all(n.x is not None and n.y is not None for n in m.nodes)
    _consistent(m)


# --------------------------------------------------------------------------- HTML


def _data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="coigraph-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_page_is_offline_and_escaped(G) -> None:
    m = maps.system_map(G)
    html = maps.render_html(m)
    assert HOSTILE not in html and "<script>alert(" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html), "a remote resource"
    assert "<link" not in html and "@import" not in html and "url(http" not in html
    js, css = maps.vis_assets()
    ours = html.replace(js, "").replace(css, "").lower()  # our own template and data
    assert "bootstrap" not in ours and "cdn" not in ours
    # the only addresses: the licence credit in a comment and the SVG namespace (not requests)
    assert set(re.findall(r"https?://[^\s\"')]+", ours)) == {"https://github.com/visjs",
                                                              "http://www.w3.org/2000/svg"}
    assert ours.count("<script") == 3 and "<!--" not in js
    data = _data(html)
    assert data["counts"] == m.counts() and len(data["nodes"]) == 22
    assert {n["label"] for n in data["nodes"]} >= {"<img src=x\nonerror=alert(1)>"}


def test_page_title_is_escaped(G) -> None:
    html = maps.render_html(maps.person_map(G, "hostile", hops=1))
    assert "<title>&lt;img src=x onerror=alert(1)&gt;: posts" in html


def test_page_is_deterministic(G) -> None:
    assert maps.render_html(maps.system_map(G)) == maps.render_html(maps.system_map(G))
    assert maps.render_html(maps.delegation_map(G)) == maps.render_html(maps.delegation_map(G))


def test_pyvis_network_is_built(G) -> None:
    m = maps.person_map(G, "bob", hops=1)
    net = maps.to_network(m)
    assert len(net.nodes) == 7 and len(net.edges) == 7
    assert {n["shape"] for n in net.nodes} == {"dot", "box", "ellipse", "hexagon"}


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4),
                    max_leaves=20))
def test_script_json_cannot_break_out_and_round_trips(value) -> None:
    text = maps.script_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


@given(st.text(max_size=300))
def test_labels_fit(text: str) -> None:
    lines = maps.wrap(text).split("\n")
    assert len(lines) <= maps.LABEL_LINES
    assert all(len(line) <= maps.LABEL_WIDTH for line in lines)


# --------------------------------------------------------------------------- CLI


def test_cli_writes_one_html_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "bob.html"
    r = cli("map", DATA, "--person", "bob", "--hops", "1", "--output", out)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and "7 shapes, 7 lines" in r.stderr
    assert _data(out.read_text())["counts"] == {"nodes": 7, "edges": 7}


def test_cli_modes(cli, tmp_path: Path) -> None:
    for args in (("--system",), ("--delegations",), ("--decision", "dec-cfo-award"),
                 ("--delegations", "--as-of", "2025-01-01")):
        out = tmp_path / "m.html"
        r = cli("map", DATA, *args, "-o", out)
        assert r.exit_code == 0, (args, r.stderr)
        assert _data(out.read_text())["counts"]["nodes"] > 0


def test_cli_system_start(cli, tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    r = cli("map", DATA, "--system", "--start", "bob", "--start", "org:acme-health", "-o", out)
    assert r.exit_code == 0, r.stderr
    data = _data(out.read_text())
    assert data["explore"] is False  # small enough to draw whole: the start changes nothing
    r = cli("map", DATA, "--system", "--start", "nobody")
    assert r.exit_code == 2 and "--start 'nobody'" in r.stderr
    r = cli("map", DATA, "--person", "bob", "--start", "bob")
    assert r.exit_code == 2 and "--start goes with --system" in r.stderr


@pytest.mark.parametrize("args, message", [
    ((), "choose one map"),
    (("--system", "--delegations"), "got --delegations, --system"),
    (("--person", "nobody"), "no person 'nobody'"),
    (("--decision", "nope"), "nope"),
    (("--person", "bob", "--hops", "0"), "--hops 0"),
    (("--system", "--as-of", "14/05/2025"), "--as-of '14/05/2025' is not a date"),
])
def test_cli_errors_exit_2_with_a_message(cli, args, message) -> None:
    r = cli("map", DATA, *args)
    assert r.exit_code == 2
    assert message in r.stderr and "Traceback" not in r.stderr and r.stdout == ""


def test_tidy_tree_puts_children_under_parents() -> None:
    level = {"b": 0, "c1": 1, "c2": 1, "p": 2, "d": 3, "l1": 1, "l2": 1, "l3": 1}
    links = [("b", "c1", "delegation"), ("b", "c2", "delegation"), ("c1", "p", "delegation"),
             ("d", "p", "decided_by"), ("b", "l1", "delegation"), ("b", "l2", "delegation"),
             ("b", "l3", "delegation"), ("c2", "p", "delegation")]
    pos = maps.tidy_tree(level, links)
    assert set(pos) == set(level)
    assert all(pos[a][1] < pos[b][1] for a, b in [("b", "c1"), ("c1", "p"), ("p", "d")])
    assert pos["p"][0] == pos["c1"][0] == pos["d"][0]  # a single child sits under its parent
    assert len({pos[n] for n in pos}) == len(pos)  # nobody drawn on top of anybody
    # three leaves are stacked in one column rather than spread out
    assert pos["l1"][1] < pos["l2"][1] < pos["l3"][1]


def test_ranks_put_a_joint_committee_below_both_boards() -> None:
    r = maps.ranks([("nhse", "icb"), ("icb", "jc"), ("council", "jc"), ("x", "y"), ("y", "x")])
    assert r["jc"] == 2 and r["council"] == 0 and r["x"] == r["y"]


# --------------------------------------------------------------------------- visualisations/


def test_visualisations_folder_is_current(tmp_path: Path) -> None:
    """visualisations/ holds exactly what the documented command writes, byte for byte."""
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "visualisations"
    maps.write_gallery(load_graph(root / "data" / "northshire"), out, source="data/northshire")
    committed = root / "visualisations"
    want = sorted(p.name for p in out.iterdir())
    have = sorted(p.name for p in committed.iterdir())
    stale = [n for n in want if n in have and (out / n).read_bytes() != (committed / n).read_bytes()]
    assert (have, stale) == (want, []), (
        "visualisations/ is out of date: run 'coigraph map data/northshire --all-examples "
        "visualisations' and commit the folder")


def test_the_evidence_panel_does_not_say_no_for_a_flag_the_source_left_blank() -> None:
    """'Ended: no' on every organisation and post: the source said nothing about an end (the field
    is 'no' unless it says yes), so the panel says nothing; 'yes' and a stated yes/no/blank field
    such as a seat's voting are shown as they are."""
    from coigraph.graph import load_graph
    from coigraph.maps.evidence import record_rows
    from tests.conftest import NORTHSHIRE

    G = load_graph(NORTHSHIRE)
    org = next(a for n, a in G.nodes(data=True) if a.get("type") == "organisation" and a.get("ended") is False)
    assert "Ended" not in [r.label for r in record_rows(G, org)]
    assert ("Ended", "yes") in [(r.label, r.text) for r in record_rows(G, {**org, "ended": True})]
    seat = next(a for _, _, a in G.edges(data=True) if a.get("type") == "position" and a.get("voting") is False)
    assert ("Voting", "no") in [(r.label, r.text) for r in record_rows(G, seat)]
