"""The records a map is made of: :class:`Map`, :class:`MapNode`, :class:`MapEdge`.

Plain data (JSON-able, sorted), so a notebook user or a test can read a map
without a browser.  The builders make them; :mod:`coigraph.maps.page` draws
them.  The size limits every map keeps to are here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx

from coigraph.maps.styles import legend

#: Above this many nodes a person map keeps the nearest, a meeting map folds the people
#: with nothing to manage, and the system map opens on a start and grows on request.
MAX_NODES = 150
#: Above this many shapes the system map opens in exploration mode (see :mod:`build_system`).
EXPLORE_ABOVE = 300
#: Maps with at most this many edges show edge labels (role, interest type...).
EDGE_LABELS_UP_TO = 40
#: Longest label line (characters) and most lines before a label is cut with '…'.
LABEL_WIDTH = 22
LABEL_LINES = 3


class Row(NamedTuple):
    """One row of the evidence panel: a label over its value, and what kind of row it is.

    ``kind`` is ``field`` (a field of the record), ``source`` (the ``file:row``
    it came from), ``finding`` (what screening or an audit found), ``action``
    (what to do about it), ``step`` (one step of a path, with its evidence),
    ``note`` (anything else a builder adds) or ``fold`` (records folded into it).
    """

    label: str
    text: str
    kind: str = "field"


def rows_of(details: list[Row]) -> dict[str, str]:
    """The rows as ``{label: text}`` (the last one wins where a label repeats)."""
    return {r.label: r.text for r in details}


@dataclass
class MapNode:
    """A node as drawn: graph id, type, label, and the evidence rows for the side panel.

    ``highlight`` is the overlay drawn as its border (its heaviest finding);
    ``search`` the words it is found by besides its title (aliases, roles,
    kinds, codes); ``hidden`` marks a node folded into ``fold`` until asked for.
    """

    id: str
    type: str
    label: str
    title: str
    details: list[Row] = field(default_factory=list)
    level: int | None = None
    highlight: str | None = None
    x: float | None = None
    y: float | None = None
    search: str = ""
    hidden: bool = False
    fold: str | None = None


@dataclass
class MapEdge:
    """An edge as drawn (``id`` is ``from|to|key``, see :func:`edge_id`), with its evidence rows."""

    id: str
    source: str
    target: str
    type: str
    label: str
    title: str
    details: list[Row] = field(default_factory=list)
    highlight: str | None = None
    hidden: bool = False


@dataclass
class MapPath:
    """One finding's whole path, person to item, as the page highlights it.

    ``nodes`` and ``edges`` are drawn ids in order (person, interest or post,
    organisations, the item); ``rows`` the steps with their evidence, the
    rule and the action.  ``overlay`` is the level's look.
    """

    id: str
    overlay: str
    title: str
    person: str
    item: str
    nodes: list[str]
    edges: list[str]
    rows: list[Row]
    #: Draw every segment in the overlay's look (a finding's level); False: each keeps its own
    #: (a delegation chain, whose links fail or pass one by one).
    restyle: bool = True


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
    paths: list[MapPath] = field(default_factory=list)
    #: Views to choose from (a meeting map's items): (node id, label).
    views: list[tuple[str, str]] = field(default_factory=list)
    #: Exploration mode: the page holds every node and edge, draws ``start`` and grows on request.
    explore: bool = False
    start: list[str] = field(default_factory=list)
    #: A shape to open selected, its details shown (a link such as the web app's "show on the map").
    select: str | None = None

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}

    def counts(self) -> dict[str, int]:
        """Numbers of nodes and edges the page holds (shown, folded or to explore)."""
        return {"nodes": len(self.nodes), "edges": len(self.edges)}

    def shown(self) -> dict[str, int]:
        """Numbers of nodes and edges drawn when the page opens."""
        if self.explore:
            start = set(self.start)
            return {"nodes": len(start), "edges": sum(1 for e in self.edges
                                                      if e.source in start and e.target in start)}
        return {"nodes": sum(1 for n in self.nodes if not n.hidden),
                "edges": sum(1 for e in self.edges if not e.hidden)}

    def legend(self) -> dict[str, list[dict[str, Any]]]:
        """Legend entries for the types and overlays present, in the style tables' order."""
        return legend((n.type for n in self.nodes), (e.type for e in self.edges),
                      (e.highlight for e in self.edges if e.highlight),
                      (n.highlight for n in self.nodes if n.highlight))


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


__all__ = ["MAX_NODES", "EXPLORE_ABOVE", "EDGE_LABELS_UP_TO", "LABEL_WIDTH", "LABEL_LINES", "Row",
           "rows_of", "MapNode", "MapEdge", "MapPath", "Map", "edge_id", "wrap", "dataset_name"]
