"""Meaning not by colour alone, computed from the style table itself.

Within each group of meanings that share an encoding (conflict levels, delegation
severities, node kinds: :func:`coigraph.maps.colour_groups`), every two colours are at
least ΔE 20 apart (CIEDE2000) for normal vision and after the Machado et al. (2009)
simulation of protanopia, deuteranopia and tritanopia at severity 1.0; levels and
severities also differ by dash pattern; every encoding a map draws is in its legend.
No browser needed.
"""

from __future__ import annotations

import itertools
import json

import pytest

from coigraph import maps

from .colourvision import MACHADO, SIMULATIONS, ciede2000, distance, simulate
from .conftest import ARTIFACTS

MIN_DELTA_E = 20.0


# Sharma, Wu and Dalal (2005), Table 1: pairs 1, 7, 13, 17, 19, 25, 34 (L*, a*, b*) -> ΔE00.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
]


@pytest.mark.parametrize("lab1, lab2, want", SHARMA)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, want) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(want, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(want, abs=1e-4)


def test_machado_simulation_behaves_as_published() -> None:
    # each matrix keeps white white and black black (its rows sum to 1)
    for name, m in MACHADO.items():
        assert all(abs(sum(row) - 1) < 1e-3 for row in m), name
        assert simulate("#ffffff", name) == pytest.approx((1.0, 1.0, 1.0), abs=2e-3)
    # red and green, far apart for normal vision, collapse for a deuteranope
    assert distance("#d62728", "#2ca02c") > 60 > 25 > distance("#d62728", "#2ca02c", "deuteranopia")


def test_colours_stay_apart_within_each_group() -> None:
    worst: dict[str, dict[str, float]] = {}
    failures = []
    for group, colours in maps.colour_groups().items():
        assert len(set(colours.values())) == len(colours), f"{group}: two meanings share a colour"
        worst[group] = {}
        for sim in SIMULATIONS:
            pairs = [(distance(c1, c2, sim), a, b) for (a, c1), (b, c2) in itertools.combinations(colours.items(), 2)]
            d, a, b = min(pairs)
            worst[group][sim] = round(d, 1)
            if d < MIN_DELTA_E:
                failures.append(f"{group}, {sim}: {a!r} and {b!r} only ΔE {d:.1f} apart")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "palette.json").write_text(json.dumps(worst, indent=2), encoding="utf-8")
    assert not failures, "\n".join(failures)


def test_levels_and_severities_differ_by_dashes_and_width_too() -> None:
    for family in ("level", "delegation"):
        looks = [h for h in maps.OVERLAYS.values() if h.family == family]
        assert len({(h.dashes, h.width) for h in looks}) == len(looks), f"{family}: two looks alike but for colour"
        assert len({h.dashes for h in looks}) == len(looks), f"{family}: two share a dash pattern"


def test_one_meaning_per_colour_family() -> None:
    # structure lines are neutral greys: colour on a line always means a finding
    for s in maps.EDGE_STYLES.values():
        r, g, b = (int(s.color[i:i + 2], 16) for i in (1, 3, 5))
        assert r == g == b, f"{s.type}: a structure line in a colour ({s.color})"
    # a finding colour is never a node kind's fill
    findings = {h.color for h in maps.OVERLAYS.values()}
    assert not findings & {s.background for s in maps.NODE_STYLES.values()}


def test_every_encoding_a_map_draws_is_in_its_legend() -> None:
    from pathlib import Path

    from coigraph.graph import load_graph

    G = load_graph(Path(__file__).resolve().parents[2] / "data" / "northshire")
    for m in (maps.meeting_map(G, "icb-board-2025-05"), maps.delegation_map(G), maps.system_map(G)):
        lg = m.legend()
        assert {e["type"] for e in lg["nodes"]} == {n.type for n in m.nodes}
        assert {e["type"] for e in lg["edges"]} == {e.type for e in m.edges}
        assert {e["type"] for e in lg["overlays"]} == {e.highlight for e in m.edges if e.highlight}
        assert {e["type"] for e in lg["borders"]} == {n.highlight for n in m.nodes if n.highlight}
