"""Maps of the generated ``ics`` tier (one integrated care system: 2,000 people, 60 meetings)
in Chromium: the same checks as the sample system's maps, on every map ``--all-examples``
writes for it, plus reaching any person of the system map from a search."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coigraph import maps
from coigraph.graph import load_graph

from .measure import MIN_LABEL_PX, check_map, opening


@pytest.fixture(scope="module")
def ics(tmp_path_factory) -> tuple[dict[str, maps.GalleryEntry], Path]:
    from bench.generate import generate

    data = tmp_path_factory.mktemp("ics-data")
    generate("ics", data, seed=1)
    G = load_graph(data)
    out = tmp_path_factory.mktemp("ics-maps")
    entries = maps.gallery(G)
    maps.write_gallery(G, out, source=str(data), entries=entries)
    return {e.file: e for e in entries}, out


def test_every_ics_map_opens_legible_with_readable_evidence(ics, map_tab) -> None:
    entries, folder = ics
    assert {"system.html", "delegations.html"} <= set(entries)
    assert sum(1 for f in entries if f.startswith("meeting-")) >= 5
    failures = []
    for name, entry in sorted(entries.items()):
        o = map_tab(folder / name)
        try:
            check_map(o, entry.map, f"ics-{name}", size=(folder / name).stat().st_size)
        except AssertionError as e:  # every map measured, then every failure reported
            failures.append(f"{name}: {e}")
    assert not failures, "\n".join(failures)


def test_ics_board_meeting_opens_on_its_lanes(ics, map_tab) -> None:
    entries, folder = ics
    name = next(f for f in sorted(entries) if f.startswith("meeting-") and "-board-" in f)
    m = entries[name].map
    o = map_tab(folder / name)
    first = opening(o.page)
    assert first["minLabel"] >= MIN_LABEL_PX and first["scale"] >= MIN_LABEL_PX / 15
    people = {n.id for n in m.nodes if n.type == "person" and not n.hidden}
    conflicted = {p.person for p in m.paths}
    on_paths = {n for p in m.paths for n in p.nodes}
    assert conflicted and conflicted <= people <= on_paths  # the lanes: people with something to manage
    assert any(n.type == "fold" for n in m.nodes)  # the rest folded into a count
    o.screenshot(f"ics-{Path(name).stem}")
    o.assert_clean()


def test_any_person_of_the_ics_system_is_a_search_and_a_click_away(ics, map_tab) -> None:
    entries, folder = ics
    m = entries["system.html"].map
    assert m.explore
    people = sorted((n for n in m.nodes if n.type == "person"), key=lambda n: n.id)
    assert len(people) == 2000  # nobody left out of the file
    o = map_tab(folder / "system.html")
    page = o.page
    for node in random.Random(7).sample(people, 3):
        name = node.title.split(": ", 1)[1]
        page.locator("#search").fill(name)
        page.locator("#search-results button", has_text=node.title).first.click()  # 1 search, 1 click
        assert page.evaluate("(id) => !!nodes.get(id) && network.getSelectedNodes()[0] === id", node.id)
        assert page.locator("#details-title").inner_text() == node.title
    total = m.counts()["nodes"]  # every shape of the system, whatever the generator's size
    assert total >= len(people)
    assert f"of {total:,} shapes" in page.locator("#showing").inner_text()
    o.screenshot("ics-system-searched")
    o.assert_clean()
