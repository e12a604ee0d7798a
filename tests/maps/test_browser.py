"""The maps in a real headless Chromium, offline: counts, legend, evidence on click, escaping.

Each map is rendered from a small fixture (``tests/data/maps-hostile-names``)
into a temporary folder and opened from disk with every outside request
aborted; a screenshot of each is written to ``test-artifacts/maps/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coigraph import maps
from coigraph.graph import load_graph

DATA = Path(__file__).resolve().parents[1] / "data" / "maps-hostile-names"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def G():
    return load_graph(DATA)


def _write(m: maps.Map, tmp_path: Path, name: str) -> Path:
    return maps.write_map(m, tmp_path / f"{name}.html")


def test_person_map_counts_legend_and_evidence(G, open_map, tmp_path: Path) -> None:
    m = maps.person_map(G, "bob", hops=1)
    o = open_map(_write(m, tmp_path, "person-bob"))
    # Bob, his two boards, the meeting he attends, the company and charity he has interests
    # in, and his wife; his six records plus the meeting -> board link.
    assert (o.count("nodes"), o.count("edges")) == (7, 7) == (m.counts()["nodes"], m.counts()["edges"])
    legend = o.page.locator("#legend .entry")
    assert legend.count() == len(m.legend()["nodes"]) + len(m.legend()["edges"]) == 4 + 5
    assert "Declared interest" in o.page.locator("#legend").inner_text()

    o.click_node("person:carol")
    assert o.page.locator("#details-title").inner_text() == "Person: Carol Hale"
    rows = o.page.locator("#details-rows").inner_text()
    assert "people.yaml:" in rows
    # neighbour highlight: Carol's neighbour keeps its colour, the rest is dimmed
    bg = o.page.evaluate("(id) => nodes.get(id).color.background", "org:acme-health")
    assert bg == "#f1f1f1"
    assert o.page.evaluate("(id) => nodes.get(id).color.background", "person:bob") != "#f1f1f1"

    o.click_node("person:bob")
    assert o.page.locator("#details-title").inner_text() == "Person: Bob Hale"
    assert "Acme Health Services Ltd" in o.page.locator("#details-links").inner_text()
    o.screenshot("person-bob")
    o.assert_clean()


def test_interest_evidence_shows_register_entry(G, open_map, tmp_path: Path) -> None:
    m = maps.person_map(G, "bob", hops=1)
    o = open_map(_write(m, tmp_path, "person-bob-edge"))
    edge = "person:bob|org:acme-health|interest:int-bob-acme"
    # a click on the middle of the line shows the register entry behind it
    box = o.page.locator("#mynetwork").bounding_box()
    mid = o.page.evaluate("""(id) => { const e = edges.get(id);
        const p = network.getPositions([e.from, e.to]);
        return network.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2}); }""",
                          edge)
    o.page.mouse.click(box["x"] + mid["x"], box["y"] + mid["y"])
    text = o.page.locator("#details").inner_text()
    assert "Non-executive director of Acme Health Services Ltd (paid)" in text
    assert "interests.yaml:1" in text and "2024-04-02" in text
    o.assert_clean()


def test_hostile_names_render_as_text(G, open_map, tmp_path: Path) -> None:
    m = maps.person_map(G, "hostile", hops=2)
    o = open_map(_write(m, tmp_path, "person-hostile"))
    page = o.page
    assert page.title() == f"{HOSTILE}: posts, interests and connections"
    assert page.locator("#map-title").inner_text() == f"{HOSTILE}: posts, interests and connections"
    o.click_node("person:hostile")
    assert page.locator("#details-title").inner_text() == f"Person: {HOSTILE}"
    o.click_node("org:hostile-charity")
    assert page.locator("#details-title").inner_text() == "Organisation: <script>alert('org')</script> & Friends"
    page.locator("#search").fill("<img")
    assert HOSTILE in page.locator("#search-results").inner_text()
    page.locator("#search-results button").first.click()
    assert page.locator("#details-title").inner_text() == f"Person: {HOSTILE}"
    assert page.locator("img").count() == 0  # nothing became an element
    # the page's own three: the data (JSON), vis-network and the map code; nothing injected
    assert page.locator("script").count() == 3
    o.screenshot("person-hostile")
    o.assert_clean()  # includes: no alert() dialog fired


def test_search_box_finds_and_focuses(G, open_map, tmp_path: Path) -> None:
    o = open_map(_write(maps.system_map(G), tmp_path, "system-search"))
    o.page.locator("#search").fill("hale")
    assert o.page.locator("#search-status").inner_text() == "2 matches"
    o.page.locator("#search").press("Enter")
    assert o.page.locator("#details-title").inner_text() == "Person: Bob Hale"
    assert o.page.evaluate("network.getSelectedNodes()") == ["person:bob"]
    o.assert_clean()


def test_fixture_system_map(G, open_map, tmp_path: Path) -> None:
    m = maps.system_map(G)
    o = open_map(_write(m, tmp_path, "system-fixture"))
    # 22 records with ids and 36 links (see the fixture's files)
    assert (o.count("nodes"), o.count("edges")) == (22, 36)
    assert o.page.locator("#notes p").count() == 0
    o.screenshot("system-fixture")
    o.assert_clean()


def test_big_system_map_opens_on_a_start_and_grows_on_request(G, open_map, tmp_path: Path) -> None:
    m = maps.system_map(G, max_nodes=12)
    o = open_map(_write(m, tmp_path, "system-explore"))
    page = o.page
    assert o.count("nodes") == len(m.start) < len(m.nodes) == 22
    assert page.locator("#showing").inner_text() == f"Showing {len(m.start)} of 22 shapes"
    assert "too many to draw at once" in page.locator("#notes").inner_text()
    # a person not drawn is found by a role of theirs and shown with their lines
    page.locator("#search").fill("chief executive")
    page.locator("#search-results button", has_text="Bob Hale").click()
    assert page.evaluate("!!nodes.get('person:bob')")
    assert page.locator("#details-title").inner_text() == "Person: Bob Hale"
    assert "people.yaml:" in page.locator("#details-rows").inner_text()
    # a double-click shows the neighbours; every line drawn has its evidence
    o.click_node("person:bob")
    before = o.count("nodes")
    box = page.locator("#mynetwork").bounding_box()
    pos = page.evaluate("network.canvasToDOM(network.getPositions(['person:bob'])['person:bob'])")
    page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
    assert o.count("nodes") > before
    assert {"org:acme-health", "person:carol"} <= set(page.evaluate("nodes.getIds()"))
    edge = "person:bob|org:acme-health|interest:int-bob-acme"
    page.evaluate("(id) => showDetails('e:' + id)", edge)
    text = page.locator("#details").inner_text()
    assert "Non-executive director of Acme Health Services Ltd (paid)" in text and "interests.yaml:1" in text
    assert page.locator("#details-rows .row").count() == len(
        next(e for e in m.edges if e.id == edge).details)
    o.screenshot("system-explore-fixture")
    o.assert_clean()


def test_delegation_map_fixed_layout_and_failing_links(G, open_map, tmp_path: Path) -> None:
    m = maps.delegation_map(G)
    o = open_map(_write(m, tmp_path, "delegations-fixture"))
    page = o.page
    # 2 bodies, the CFO and the 2 decisions with findings; 2 delegations, the missing
    # link and 2 "decided by"
    assert (o.count("nodes"), o.count("edges")) == (5, 5) == tuple(m.counts().values())
    # top-down: the board is drawn above its committee, the committee above the officer
    y = page.evaluate("network.getPositions()")
    assert y["body:icb-board"]["y"] < y["body:icb-finance"]["y"] < y["person:dan"]["y"]
    failing = maps.HIGHLIGHTS["delegation:sord_breach"]
    missing = maps.HIGHLIGHTS["delegation:missing"]
    drawn = page.evaluate("(id) => edges.get(id)", "body:icb-finance|person:dan|delegation:del-finance-cfo")
    assert drawn["color"]["color"] == failing.color and drawn["width"] == failing.width
    gap = page.evaluate("(id) => edges.get(id)", "body:icb-board|body:icb-finance|missing")
    assert gap["color"]["color"] == missing.color and gap["dashes"] == list(missing.dashes)
    legend = page.locator("#legend").inner_text()
    assert failing.label in legend and missing.label in legend
    o.click_node("decision:dec-estates")
    assert "No delegation of disposal of land or buildings (estates_disposal)" in page.locator("#details-rows").inner_text()
    o.screenshot("delegations-fixture")
    o.assert_clean()


def test_meeting_map_draws_interest_paths_by_level(G, open_map, tmp_path: Path) -> None:
    m = maps.meeting_map(G, "icb-board-2025-05")
    o = open_map(_write(m, tmp_path, "meeting-fixture"))
    page = o.page
    # 4 people on the roll (the ones with nothing to manage folded into a count), Acme Group
    # (a step on Dan's path), 2 affected organisations, 2 items, the meeting; 4 interests +
    # 1 company relation + 2 "affects" + 2 "item of"
    assert (o.count("nodes"), o.count("edges")) == (11, 9) == tuple(m.counts().values())
    folded = [n.id for n in m.nodes if n.hidden]
    assert o.shown("nodes") == 11 - len(folded) and all(n.startswith("person:") for n in folded)
    material, perceived = maps.HIGHLIGHTS["level:material"], maps.HIGHLIGHTS["level:perceived"]
    legend = page.locator("#legend").inner_text()
    assert material.label in legend and perceived.label in legend
    # Dan's path runs through the parent company: both steps drawn as material
    for eid in ("person:dan|org:acme-group|interest:int-dan-acme-group",
                "org:acme-health|org:acme-group|org_relation:rel-acme"):
        assert page.evaluate("(id) => edges.get(id).color.color", eid) == material.color
    # left to right: people, then the organisations, then the items, then the meeting
    x = page.evaluate("network.getPositions()")
    assert x["person:dan"]["x"] < x["org:acme-group"]["x"] < x["org:acme-health"]["x"] \
        < x["item:item-3"]["x"] < x["meeting:icb-board-2025-05"]["x"]
    o.click_node("person:dan")
    details = page.locator("#details-rows").inner_text()
    assert "Item 3, Acme Health Services Ltd" in details and "leave" in details.lower()
    # his finding in the panel's list: its whole path, step by step with the file and row of each
    page.locator("#details-paths button[data-path]").first.click()
    steps = page.locator("#details-rows").inner_text()
    assert "Step 1 [interests.yaml:" in steps and "Step 2 [org_relations.yaml:" in steps
    assert "Rule" in steps and "Action" in steps
    path = next(p for p in m.paths if p.person == "person:dan")
    assert set(page.evaluate("coigraphHighlight.nodes")) == set(path.nodes)
    who = "person:hostile"
    if who in folded:  # a click on the count shows the people folded into it
        o.click_node("fold:people")
        assert page.evaluate("(id) => nodes.get(id).hidden", who) is False
    o.click_node(who)
    assert page.locator("#details-title").inner_text() == f"Person: {HOSTILE}"
    o.screenshot("meeting-fixture")
    o.assert_clean()
