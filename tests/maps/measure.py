"""What the browser tests measure in an open map, as JavaScript run in the page.

* :data:`PANELS`: shows the evidence of every node and edge (and every
  finding's path) in turn and measures the rendered width of each value cell
  and the panel's height;
* :data:`OPENING`: the size labels are drawn at when the map opens (font size
  × ``network.getScale()``) for every shape and line drawn, and whether the
  legend's heading is in the window.
"""

from __future__ import annotations

from typing import Any

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
  for (const key of Object.keys(COIGRAPH.details)) { showDetails(key); out.records++; measure(key); }
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
