"""What the browser tests measure in an open map, as JavaScript run in the page.

* :data:`PANELS`: shows the evidence of every node and edge (and every
  finding's path) in turn and measures the rendered width of each value cell
  and the panel's height;
* :data:`OPENING`: the size labels are drawn at when the map opens (font size
  × ``network.getScale()``) for every shape and line drawn, and whether the
  legend's heading is in the window.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coigraph import maps

from .conftest import ARTIFACTS

#: The least width of a value cell (CSS pixels, 1440×900 window) and the least drawn label size.
MIN_VALUE_PX = 200
MIN_LABEL_PX = 11

PANELS = """() => {
  const panel = document.getElementById("details");
  const out = {records: 0, cells: 0, minValue: Infinity, minAt: null, maxPanel: 0,
               scrolls: getComputedStyle(panel).overflowY, windowHeight: window.innerHeight};
  function measure(key) {
    for (const v of panel.querySelectorAll(".row .value")) {
      const w = v.getBoundingClientRect().width;
      out.cells++;
      if (w < out.minValue) { out.minValue = w; out.minAt = key; }
    }
    out.maxPanel = Math.max(out.maxPanel, panel.getBoundingClientRect().height);
  }
  for (const key of detailKeys()) { showDetails(key); out.records++; measure(key); }
  (COIGRAPH.paths || []).forEach((p, i) => { selectPath(i); out.records++; measure("path:" + p.id); });
  restoreAll(); showStart();
  return out;
}"""

OPENING = """() => {
  const s = network.getScale();
  let min = Infinity, at = null, labels = 0;
  for (const id of network.body.nodeIndices) {
    const n = network.body.nodes[id];
    if (n.options.label) { labels++; const px = n.options.font.size * s; if (px < min) { min = px; at = id; } }
  }
  for (const id of network.body.edgeIndices) {
    const e = network.body.edges[id];
    if (e.options.label) { labels++; const px = e.options.font.size * s; if (px < min) { min = px; at = id; } }
  }
  const legend = document.querySelector("#legend summary").getBoundingClientRect();
  return {scale: s, minLabel: min, at: at, labels: labels,
          legendTop: legend.top, legendBottom: legend.bottom, windowHeight: window.innerHeight};
}"""


def panels(page: Any) -> dict[str, Any]:
    return page.evaluate(PANELS)


def opening(page: Any) -> dict[str, Any]:
    return page.evaluate(OPENING)


def _record(name: str, measured: dict[str, Any]) -> None:
    """Keep what was measured beside the screenshots (test-artifacts/maps/measurements.jsonl)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "measurements.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"map": name, **measured}) + "\n")


def check_map(o: Any, m: maps.Map, name: str, *, size: int | None = None) -> dict[str, Any]:
    """Counts, opening legibility, legend, evidence panel of every record: the checks every map gets."""
    page = o.page
    assert (o.count("nodes"), o.count("edges")) == (m.shown()["nodes"] if m.explore else m.counts()["nodes"],
                                                    m.shown()["edges"] if m.explore else m.counts()["edges"])
    assert (o.shown("nodes"), o.shown("edges")) == (m.shown()["nodes"], m.shown()["edges"])
    legend = page.locator("#legend").inner_text()
    for entry in m.legend()["nodes"] + m.legend()["overlays"] + m.legend()["borders"]:
        assert entry["label"] in legend
    first = opening(page)
    assert first["labels"] > 0
    assert first["minLabel"] >= MIN_LABEL_PX, f"{name}: a label drawn at {first['minLabel']:.1f} px ({first['at']})"
    assert first["legendBottom"] <= first["windowHeight"], f"{name}: the legend is below the window"
    o.screenshot(f"visualisation-{Path(name).stem}")
    panel = panels(page)
    assert panel["records"] >= len(m.nodes) + len(m.edges)
    assert panel["minValue"] >= MIN_VALUE_PX, f"{name}: a value cell {panel['minValue']:.0f} px wide ({panel['minAt']})"
    assert panel["maxPanel"] <= panel["windowHeight"] and panel["scrolls"] == "auto"
    o.assert_clean()
    measured = {"opening_scale": round(first["scale"], 3), "min_label_px": round(first["minLabel"], 2),
                "min_value_px": round(panel["minValue"], 1), "max_panel_px": round(panel["maxPanel"], 1),
                "records": panel["records"], "cells": panel["cells"],
                "bytes": size}
    _record(name, measured)
    return measured
