"""Where things go on a map, and what is left out to keep it legible.

* :func:`neighbourhood`: the nearest records to one node, in a telling order
  (a person map keeps these when it is capped);
* :func:`lanes`: the columns of a meeting map (:data:`MEETING_COLUMNS`), laid
  out to fit a window with legible labels;
* :func:`ranks` and :func:`tidy_tree`: fixed positions for the top-down
  delegation trees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable

import networkx as nx

from coigraph import ids, views
from coigraph.maps.evidence import edge_ok, node_ok
from coigraph.maps.records import MAX_NODES
from coigraph.maps.styles import UI, style_of_node

# --------------------------------------------------------------------------- nearest first

#: The order a neighbourhood is explored in, so that when a map is capped the
#: person's own interests, associates and posts are kept before structure.
EXPLORE_ORDER = {t: i for i, t in enumerate((
    "interest", "association", "position", "affects", "org_relation", "delegation",
    "attendance", "decided_by", "reports_to", "owned_by", "meeting_of", "item_of",
    "under_item", "reserves", "decides", "narrower_than"))}


def neighbourhood(G: nx.MultiDiGraph, start: str, hops: int, on: dt.date | None = None,
                  limit: int = MAX_NODES) -> tuple[list[str], int]:
    """Nodes within ``hops`` of ``start`` (edges either way, in force on ``on``), nearest first.

    Returns (at most ``limit`` nodes, how many were within reach).  Breadth
    first, neighbours visited in :data:`EXPLORE_ORDER` then id order, so the
    result is deterministic.  Cost: O(nodes + edges within reach).
    """
    seen = {start: 0}
    order = [start]
    queue = deque([start])
    while queue:
        n = queue.popleft()
        if seen[n] >= hops:
            continue
        nbrs: list[tuple[int, str]] = []
        for u, v, _k, e in [*views.out_edges(G, n), *views.in_edges(G, n)]:
            if edge_ok(e.attrs, on):
                nbrs.append((EXPLORE_ORDER.get(e.type, 99), v if u == n else u))
        for _, m in sorted(nbrs):
            if m not in seen and node_ok(G, m, on):
                seen[m] = seen[n] + 1
                order.append(m)
                queue.append(m)
    return order[:limit], len(order)


# --------------------------------------------------------------------------- lanes

#: The columns of a meeting map, left to right: (what the column holds, in words).
MEETING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("people", "people with an interest to manage"),
    ("steps", "the steps of their interests"),
    ("organisations", "the organisations the items affect"),
    ("items", "the items"),
    ("meeting", "the meeting"),
)
#: Room between columns (canvas pixels at zoom 1), and the least room between two shapes.
LANE_X = 250
LANE_GAP = 10
#: Height of a label line (canvas pixels) inside a box or ellipse, and under other shapes.
_LINE_IN, _LINE_UNDER = UI["box_font_px"] * 1.2, UI["node_font_px"] * 1.2


def shape_height(node_type: str, label: str) -> float:
    """How tall a shape and its label are drawn (canvas pixels at zoom 1), from the style table."""
    s = style_of_node(node_type)
    if s.shape in ("box", "ellipse", "database"):
        # the page wraps a line again where it is wider than the box (a wide font: 0.6 em a letter)
        room = (UI["box_max_px"] - 16) / (0.6 * UI["box_font_px"])
        lines = sum(max(1, -(-len(line) // int(room))) for line in label.split("\n"))
        return lines * _LINE_IN + (16 if s.shape == "box" else 28)
    lines = max(1, label.count("\n") + 1)
    return 2 * s.size + 4 + lines * _LINE_UNDER


def lanes(columns: list[list[str]], links: Iterable[tuple[str, str]], *,
          heights: dict[str, float] | None = None, tails: list[list[str]] | None = None,
          sweeps: int = 4, keep: Iterable[int] = ()) -> dict[str, tuple[float, float]]:
    """Positions for a left-to-right drawing in columns, each column spread over the same height.

    Within a column, shapes are ordered to keep lines short and uncrossed:
    a few sweeps of the barycentre heuristic (each shape placed at the mean
    rank of its linked shapes in the column before, then after), ties kept
    in the given order, so the result is deterministic.  ``heights`` (canvas
    pixels, see :func:`shape_height`) keep labels from overlapping.  ``tails``
    (one list per column) are placed below the tallest column, in order: the
    folded shapes a page shows on request.  Columns whose index is in ``keep``
    stay in the given order (a procurement's stages).  Cost: O(sweeps × (shapes + links)).
    """
    nbrs: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        nbrs[a].append(b)
        nbrs[b].append(a)
    cols = [list(c) for c in columns]
    rank = {n: i for c in cols for i, n in enumerate(c)}
    col_of = {n: ci for ci, c in enumerate(cols) for n in c}

    kept = set(keep)

    def resort(ci: int, ref: int) -> None:
        if ci in kept:
            return
        def key(n: str) -> tuple[float, int]:
            near = [rank[m] / max(1, len(cols[ref]) - 1) for m in nbrs[n] if col_of.get(m) == ref]
            here = rank[n] / max(1, len(cols[ci]) - 1)
            return (sum(near) / len(near) if near else here, rank[n])
        cols[ci].sort(key=key)
        for i, n in enumerate(cols[ci]):
            rank[n] = i

    for _ in range(sweeps):
        for ci in range(1, len(cols)):
            resort(ci, ci - 1)
        for ci in range(len(cols) - 2, -1, -1):
            resort(ci, ci + 1)

    h = heights or {}

    def gap(a: str, b: str) -> float:  # centre to centre
        return (h.get(a, 40.0) + h.get(b, 40.0)) / 2 + LANE_GAP

    def span(c: list[str]) -> float:
        return sum(gap(a, b) for a, b in zip(c, c[1:], strict=False))

    height = max([span(c) for c in cols] or [0.0])
    pos: dict[str, tuple[float, float]] = {}
    for ci, c in enumerate(cols):
        if len(c) == 1:
            pos[c[0]] = (ci * LANE_X, height / 2)
            continue
        own = span(c)
        stretch = height / own if own else 1.0
        y = 0.0
        for i, n in enumerate(c):
            if i:
                y += gap(c[i - 1], n) * stretch
            pos[n] = (ci * LANE_X, y)
    for ci, t in enumerate(tails or []):
        y = height + 3 * LANE_GAP + (h.get(t[0], 40.0) if t else 0)
        for i, n in enumerate(t):
            if i:
                y += gap(t[i - 1], n)
            pos[n] = (ci * LANE_X, y)
    return pos


# --------------------------------------------------------------------------- trees

#: Horizontal room per leaf and vertical room per rank of a tidy tree (canvas pixels).
TREE_X = 220
TREE_Y = 150
#: Childless children stacked in one column, at most this many; more make more columns.
LEAF_STACK = 5
#: Which link makes a node's parent when it has several of a lower rank.
PARENT_PREFERENCE = ("delegation", "missing", "decided_by", "owned_by", "reports_to")
#: Order of a node's children, by their id's prefix (others after).
_CHILD_ORDER = {ids.BODY: 0, ids.PERSON: 1, ids.DECISION: 2}


def tidy_tree(level: dict[str, int], links: Iterable[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Positions for a top-down tree drawing: every node under its parent, subtrees side by side.

    ``level`` gives each node's rank; ``links`` are ``(a, b, kind)`` pairs (any
    direction).  Each node's parent is its nearest linked node of a lower rank
    (by :data:`PARENT_PREFERENCE`, then id); nodes with none are roots, laid
    out left to right by id.  Other links are drawn as cross-links.  Parents
    are always of a lower rank, so this terminates on any input.
    Cost: O(nodes + links log links).
    """
    best: dict[str, tuple[int, int, str]] = {}
    for a, b, kind in links:
        for child, parent in ((a, b), (b, a)):
            if child in level and parent in level and level[parent] < level[child]:
                pref = PARENT_PREFERENCE.index(kind) if kind in PARENT_PREFERENCE else 99
                cand = (level[child] - level[parent], pref, parent)
                if child not in best or cand < best[child]:
                    best[child] = cand
    kids: dict[str, list[str]] = defaultdict(list)
    for child, (_d, _p, parent) in best.items():
        kids[parent].append(child)
    for lst in kids.values():
        lst.sort(key=lambda n: (_CHILD_ORDER.get(ids.prefix_of(n) or "", 3), n))

    # A node's childless children (leaves) are stacked in a column on its left when there
    # are several, so a board with many committees does not make the drawing very wide.
    def split(n: str) -> tuple[list[str], list[str]]:
        cs = kids.get(n, [])
        leaves = [c for c in cs if not kids.get(c)]
        if len(leaves) < 2:
            return [], cs
        return leaves, [c for c in cs if kids.get(c)]

    def leaf_columns(leaves: list[str]) -> int:
        return -(-len(leaves) // LEAF_STACK) if leaves else 0

    width: dict[str, float] = {}
    for n in sorted(level, key=lambda n: -level[n]):  # children (higher rank) first
        leaves, branches = split(n)
        width[n] = max(1.0, leaf_columns(leaves) + sum(width[c] for c in branches))
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for root in sorted((n for n in level if n not in best), key=lambda n: (level[n], n)):
        stack = [(root, x0)]
        while stack:
            n, left = stack.pop()
            pos[n] = ((left + width[n] / 2) * TREE_X, level[n] * TREE_Y)
            leaves, branches = split(n)
            for i, c in enumerate(leaves):
                col, row = divmod(i, LEAF_STACK)
                pos[c] = ((left + col + 0.5) * TREE_X - 0.25 * TREE_X * (row % 2),
                          (level[n] + 1 + 0.7 * row) * TREE_Y)
            offset = left + leaf_columns(leaves)
            for c in branches:
                stack.append((c, offset))
                offset += width[c]
        x0 += width[root]
    return pos


def ranks(links: list[tuple[str, str]]) -> dict[str, int]:
    """Rank of each node of a directed graph: the longest chain of links above it.

    A delegate sits one rank below *every* delegator (so a joint committee sits
    below both boards, not beside one of them).  Circles of delegation are
    collapsed to one rank.  Cost: O(nodes + links).
    """
    D = nx.DiGraph(links)
    C = nx.condensation(D)
    rank: dict[int, int] = {}
    for c in nx.topological_sort(C):
        rank[c] = max((rank[p] + 1 for p in C.predecessors(c)), default=0)
    return {n: rank[C.graph["mapping"][n]] for n in D}


__all__ = ["EXPLORE_ORDER", "neighbourhood", "MEETING_COLUMNS", "LANE_X", "LANE_GAP", "shape_height", "lanes", "TREE_X",
           "TREE_Y", "LEAF_STACK", "PARENT_PREFERENCE", "tidy_tree", "ranks"]
