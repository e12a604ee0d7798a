"""The sample system's maps in Chromium: every map in ``visualisations/`` opens offline, legible
(labels ≥ 11 px, legend in the window), draws what it should, and its evidence panel reads
(every value cell ≥ 200 px wide, the panel bounded and scrolling) for every node, edge and path.
The chair's questions on the sample board meeting: every finding's path reaches its item; search
finds "chief executive", an alias and folded people; the view saves as a PNG."""

from __future__ import annotations

from pathlib import Path

import pytest

from coigraph import maps
from coigraph.graph import load_graph

from .measure import MIN_LABEL_PX, check_map, opening

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "data" / "northshire"
VISUALISATIONS = ROOT / "visualisations"
BOARD = "meeting-icb-board-2025-05.html"


@pytest.fixture(scope="module")
def G():
    return load_graph(NORTHSHIRE)


@pytest.fixture(scope="module")
def gallery(G) -> dict[str, maps.GalleryEntry]:
    return {e.file: e for e in maps.gallery(G)}


def _visualisations() -> list[str]:
    return sorted(p.name for p in VISUALISATIONS.glob("*.html") if p.name != "index.html")


def in_view(page, node: str) -> bool:
    """Is the node drawn inside the canvas (not scrolled out of the window)?"""
    return bool(page.evaluate("""(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
        return p.x > 30 && p.y > 30 && p.x < container.clientWidth - 30 && p.y < container.clientHeight - 30; }""",
                              node))


@pytest.mark.parametrize("name", _visualisations())
def test_visualisation_opens_legible_with_readable_evidence(name: str, gallery, map_tab) -> None:
    assert name in gallery, f"visualisations/{name} is not a current map; regenerate the folder"
    m = gallery[name].map
    o = map_tab(VISUALISATIONS / name)
    check_map(o, m, name, size=(VISUALISATIONS / name).stat().st_size)
    # click the map's subject (or its first shape drawn): its evidence appears in the panel
    candidates = [m.focus] if m.focus else [n.id for n in m.nodes if not n.hidden
                                            and (not m.explore or n.id in m.start)]
    target = next(n for n in candidates if in_view(o.page, n))
    o.page.locator("#mynetwork").click(position={"x": 5, "y": 5})  # clear any selection
    o.click_node(target)
    node = next(n for n in m.nodes if n.id == target)
    assert o.page.locator("#details-title").inner_text() == node.title
    assert o.page.locator("#details-rows .row").count() == len(node.details)
    o.screenshot(f"visualisation-{Path(name).stem}-clicked")
    o.assert_clean()


def test_every_finding_of_the_board_meeting_lights_its_whole_path(gallery, map_tab) -> None:
    m = gallery[BOARD].map
    assert len(m.paths) == 42  # the screening's 42 findings
    o = map_tab(VISUALISATIONS / BOARD)
    page = o.page
    overlays = {k: h.color for k, h in maps.OVERLAYS.items()}
    for i, p in enumerate(m.paths):
        got = page.evaluate("(i) => { selectPath(i); return coigraphHighlight; }", i)
        assert p.item in got["nodes"] and p.person in got["nodes"], p.title
        # every segment in the finding's look, the organisation -> item line included
        colours = page.evaluate("(ids) => ids.map((id) => edges.get(id).color.color)", p.edges)
        assert colours == [overlays[p.overlay]] * len(p.edges), p.title
        last = p.edges[-1].split("|")
        assert last[0] == p.item and last[1] == p.nodes[-2], f"{p.title}: the path ends at its item"
        assert page.locator("#details-rows").inner_text().count("Step ") == len(p.rows) - 4
        assert ".csv:" in page.locator("#details-rows").inner_text() or ".yaml:" in page.locator(
            "#details-rows").inner_text()
    # a real click on a finding in the list, then on a person: the whole path(s), not one step
    page.locator("#mynetwork").click(position={"x": 5, "y": 5})
    page.locator("#details-paths button[data-path]").first.click()
    first = m.paths[0]
    assert page.locator("#details-title").inner_text() == first.title
    assert "Action" in page.locator("#details-rows").inner_text()
    o.screenshot("board-path-selected")
    o.click_node("person:rebecca-stanforth")
    got = page.evaluate("coigraphHighlight")
    mine = [p for p in m.paths if p.person == "person:rebecca-stanforth"]
    assert {p.item for p in mine} <= set(got["nodes"]) and len(mine) == 7  # items 5 (3), 6, 15 (2), 16
    assert page.locator("#details-paths button[data-path]").count() == len(mine)
    o.screenshot("board-person-paths")
    o.assert_clean()


def test_search_finds_roles_aliases_and_folded_people(gallery, map_tab) -> None:
    m = gallery[BOARD].map
    o = map_tab(VISUALISATIONS / BOARD)
    page = o.page
    search = page.locator("#search")
    search.fill("chief executive")
    results = page.locator("#search-results").inner_text()
    assert "Person: Rebecca Stanforth" in results  # chief executive of NHFT, by her post's role
    assert page.locator("#search-results button").count() >= 2  # listed, not only the first
    search.fill("Becky")
    assert page.locator("#search-results").inner_text().strip() == "Person: Rebecca Stanforth"
    search.fill("item 16")
    assert "Agenda item: Item 16:" in page.locator("#search-results").inner_text()
    search.fill("NHFT")  # an organisation's alias
    assert "Organisation: Northshire Hospitals NHS Foundation Trust" in page.locator("#search-results").inner_text()
    search.fill("zzqx")
    assert page.locator("#search-status").inner_text() == "No match for “zzqx”"
    assert page.locator("#search-results li").count() == 0
    folded = next(n for n in m.nodes if n.fold == "fold:people")
    assert o.page.evaluate("(id) => nodes.get(id).hidden", folded.id) is True
    search.fill(folded.title.split(": ", 1)[1])
    page.locator("#search-results button").first.click()
    assert o.page.evaluate("(id) => nodes.get(id).hidden", folded.id) is False  # searching unfolds
    assert page.locator("#details-title").inner_text() == folded.title
    o.screenshot("board-search-unfolded")
    o.assert_clean()


def test_per_item_view_shows_only_the_paths_to_it(gallery, map_tab) -> None:
    m = gallery[BOARD].map
    o = map_tab(VISUALISATIONS / BOARD)
    item = next(i for i, label in m.views if label.startswith("Item 6:"))
    o.page.locator("#view").select_option(item)
    shown = set(o.page.evaluate("nodes.get({filter: (n) => !n.hidden}).map((n) => n.id)"))
    want = {n for p in m.paths if p.item == item for n in p.nodes}
    assert want <= shown and item in shown
    assert not any(ids.startswith("person:") for ids in shown - want)  # nobody else's path
    first = opening(o.page)
    assert first["minLabel"] >= MIN_LABEL_PX
    o.screenshot("board-one-item")
    o.page.locator("#view").select_option("")
    assert o.shown("nodes") == m.shown()["nodes"]
    o.assert_clean()


def test_view_saves_as_png(gallery, open_map) -> None:
    o = open_map(VISUALISATIONS / BOARD)
    with o.page.expect_download() as dl:
        o.page.locator("#png").click()
    path = dl.value.path()
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    canvas = o.page.evaluate("[container.querySelector('canvas').width, container.querySelector('canvas').height]")
    assert width == canvas[0] and height > canvas[1]  # the canvas, with the title above
    assert dl.value.suggested_filename.startswith("conflicts-nhs-northshire-icb-board")
    o.assert_clean()


def test_reduced_motion_is_honoured(open_map) -> None:
    calm = open_map(VISUALISATIONS / BOARD, reduced_motion="reduce")
    assert calm.page.evaluate("ANIMATION") is False
    calm.page.evaluate("focusNode('person:rebecca-stanforth')")
    # no animation: the view is already where it goes
    pos = calm.page.evaluate("network.getViewPosition()")
    node = calm.page.evaluate("network.getPositions(['person:rebecca-stanforth'])['person:rebecca-stanforth']")
    assert abs(pos["x"] - node["x"]) < 1 and abs(pos["y"] - node["y"]) < 1
    lively = open_map(VISUALISATIONS / BOARD, reduced_motion="no-preference")
    assert lively.page.evaluate("ANIMATION")["duration"] > 0
    calm.assert_clean()
    lively.assert_clean()


def test_system_map_explores_without_leaving_anyone_out(G, gallery, map_tab) -> None:
    m = gallery["system.html"].map
    assert m.explore and len(m.nodes) == G.number_of_nodes()
    people = [n.id for n in m.nodes if n.type == "person"]
    o = map_tab(VISUALISATIONS / "system.html")
    page = o.page
    assert page.locator("#showing").inner_text() == f"Showing {len(m.start)} of {len(m.nodes)} shapes"
    # anyone is two actions away: type, click
    page.locator("#search").fill("Gillian Roper")
    page.locator("#search-results button").first.click()
    assert page.evaluate("!!nodes.get('person:gillian-roper')")
    assert page.locator("#details-title").inner_text() == next(
        n.title for n in m.nodes if n.id == "person:gillian-roper")
    before = o.count("nodes")
    page.locator("#expand").click()  # her neighbours, on request
    assert o.count("nodes") > before
    assert page.locator("#showing").inner_text() == f"Showing {o.count('nodes')} of {len(m.nodes)} shapes"
    # every person is in the search index
    index = set(page.evaluate("COIGRAPH.search.map((s) => s[0])"))
    assert set(people) <= index
    o.screenshot("system-explored")
    o.assert_clean()


def test_index_links_every_map(open_map) -> None:
    o = open_map(VISUALISATIONS / "index.html", wait=False)
    hrefs = o.page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(hrefs) == _visualisations()
    o.assert_clean()
