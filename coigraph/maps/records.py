"""The records a map is made of: :class:`Map`, :class:`MapNode`, :class:`MapEdge`.

Plain data (JSON-able, sorted), so a notebook user or a test can read a map
without a browser.  The builders make them; :mod:`coigraph.maps.page` draws
them.  The size limits every map keeps to are here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph.maps.styles import legend

#: Above this many nodes a map folds detail or keeps the nearest nodes (with a note).
MAX_NODES = 150
#: Maps with at most this many edges show edge labels (role, interest type...).
EDGE_LABELS_UP_TO = 80
#: Longest label line (characters) and most lines before a label is cut with '…'.
LABEL_WIDTH = 22
LABEL_LINES = 3


@dataclass
class MapNode:
    """A node as drawn: graph id, type, label, and the evidence rows for the side panel."""

    id: str
    type: str
    label: str
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    level: int | None = None
    highlight: str | None = None
    x: float | None = None
    y: float | None = None


@dataclass
class MapEdge:
    """An edge as drawn (``id`` is ``from|to|key``, see :func:`edge_id`), with its evidence rows."""

    id: str
    source: str
    target: str
    type: str
    label: str
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    highlight: str | None = None


@dataclass
class Map:
    """A map: what to draw and what to say about it.  Plain data, JSON-able, sorted."""

    kind: str
    title: str
    subtitle: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    notes: list[str] = field(default_factory=list)
    layout: str = "physics"  # "hierarchical" (vis lays out ranks) or "fixed" (x, y given)
    focus: str | None = None
    direction: str = "UD"  # for a hierarchical layout: UD (top-down) or LR (left to right)

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}

    def counts(self) -> dict[str, int]:
        """Numbers of nodes and edges, as the browser should draw them."""
        return {"nodes": len(self.nodes), "edges": len(self.edges)}

    def legend(self) -> dict[str, list[dict[str, Any]]]:
        """Legend entries for the types and overlays present, in the style tables' order."""
        return legend((n.type for n in self.nodes), (e.type for e in self.edges),
                      (e.highlight for e in self.edges if e.highlight))


def edge_id(u: str, v: str, k: str) -> str:
    """The id of a drawn edge: its graph edge's ends and key (``u|v|key``)."""
    return f"{u}|{v}|{k}"


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """Word-wrap ``text`` for a canvas label: at most ``lines`` lines, cut with '…'."""
    words = " ".join(str(text).split()).split(" ")
    out: list[str] = []
    cur = ""
    for w in words:
        while len(w) > width:  # a very long word (or a URL) is split hard
            if cur:
                out.append(cur)
                cur = ""
            out.append(w[:width])
            w = w[width:]
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            out.append(cur)
            cur = w
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return "\n".join(out)


def dataset_name(G: nx.MultiDiGraph, default: str) -> str:
    """The dataset's name as the graph carries it, or ``default``."""
    return str(G.graph.get("name") or default)


__all__ = ["MAX_NODES", "EDGE_LABELS_UP_TO", "LABEL_WIDTH", "LABEL_LINES", "MapNode", "MapEdge",
           "Map", "edge_id", "wrap", "dataset_name"]
