"""The sample system's maps in Chromium: the full system settles and stops, and every map in
``visualisations/`` opens offline, draws what it should and shows evidence on a click."""

from __future__ import annotations

from pathlib import Path

import pytest

from coigraph import maps
from coigraph.graph import load_graph

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "data" / "northshire"
VISUALISATIONS = ROOT / "visualisations"


@pytest.fixture(scope="module")
def G():
    return load_graph(NORTHSHIRE)


@pytest.fixture(scope="module")
def gallery(G) -> dict[str, maps.GalleryEntry]:
    return {e.file: e for e in maps.gallery(G)}


def test_full_system_map_stabilises_and_stops(G, open_map, tmp_path: Path) -> None:
    m = maps.system_map(G)
    o = open_map(maps.write_map(m, tmp_path / "system.html"))
    page = o.page
    # vis-network's "stabilized" event (the fixture already waited for the layout to finish)
    page.wait_for_selector('body[data-stabilized="true"]', state="attached", timeout=30_000)
    before = page.evaluate("network.getPositions()")
    page.wait_for_timeout(1000)
    after = page.evaluate("network.getPositions()")
    assert before == after, "the map is still moving after it stabilised"
    assert page.evaluate("network.physics.options.enabled") is False
    assert (o.count("nodes"), o.count("edges")) == (m.counts()["nodes"], m.counts()["edges"])
    assert o.count("nodes") <= maps.MAX_NODES
    assert page.locator("#notes p").count() == len(m.notes) >= 1  # it was folded, and says so
    assert page.locator("#legend .entry").count() >= 8
    o.screenshot("northshire-system")
    o.assert_clean()


def _visualisations() -> list[str]:
    return sorted(p.name for p in VISUALISATIONS.glob("*.html") if p.name != "index.html")


@pytest.mark.parametrize("name", _visualisations())
def test_visualisation_opens_offline_with_evidence(name: str, gallery, open_map) -> None:
    assert name in gallery, f"visualisations/{name} is not a current map; regenerate the folder"
    m = gallery[name].map
    o = open_map(VISUALISATIONS / name)
    page = o.page
    assert (o.count("nodes"), o.count("edges")) == (m.counts()["nodes"], m.counts()["edges"])
    legend = page.locator("#legend")
    for entry in m.legend()["nodes"]:
        assert entry["label"] in legend.inner_text()
    o.screenshot(f"visualisation-{Path(name).stem}")
    # click the map's subject (or its first shape): its evidence appears in the panel
    target = m.focus or m.nodes[0].id
    page.locator("#mynetwork").click(position={"x": 5, "y": 5})  # clear any initial selection
    o.click_node(target)
    node = next(n for n in m.nodes if n.id == target)
    assert page.locator("#details-title").inner_text() == node.title
    assert page.locator("#details-rows dt").count() == len(node.details)
    o.screenshot(f"visualisation-{Path(name).stem}-clicked")
    o.assert_clean()


def test_index_links_every_map(open_map) -> None:
    o = open_map(VISUALISATIONS / "index.html", wait=False)
    hrefs = o.page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(hrefs) == _visualisations()
    o.assert_clean()

