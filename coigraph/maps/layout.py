"""Where things go on a map, and what is left out to keep it legible.

* :func:`neighbourhood`: the nearest records to one node, in a telling order
  (a person map keeps these when it is capped);
* :data:`FOLD_STEPS`, :func:`fold` and :func:`best_connected`: how the system
  map sheds detail above its size;
* :func:`ranks` and :func:`tidy_tree`: fixed positions for the top-down
  delegation trees.

The meeting map's columns (people, paths, organisations, items, the meeting)
are given as vis-network levels by :mod:`coigraph.maps.build_meeting`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict, deque
from collections.abc import Iterable

import networkx as nx

from coigraph import ids, views
from coigraph.maps.evidence import edge_ok, node_ok
from coigraph.maps.records import MAX_NODES, MapEdge, MapNode, edge_id
from coigraph.maps.styles import EDGE_STYLES

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


# --------------------------------------------------------------------------- folding

#: How the system map sheds detail when it has more than ``max_nodes`` nodes:
#: each step folds one node type into its parent (through the given edge type)
#: or leaves it out, until the map is small enough.
FOLD_STEPS: tuple[tuple[str, str | None, str], ...] = (
    ("agenda_item", "item_of", "agenda items folded into their meetings"),
    ("matter", None, "matters (kinds of decision) left out"),
    ("decision", "decided_by", "decisions folded into the body or person that took them"),
    ("subject", None, "interests in things outside the data left out"),
    ("meeting", "meeting_of", "meetings folded into their bodies"),
)


def fold(G: nx.MultiDiGraph, nodes: dict[str, MapNode], edges: list[MapEdge], node_type: str,
         via: str | None) -> tuple[list[MapEdge], int]:
    """Fold every ``node_type`` node into the node it points to through ``via`` (or drop it).

    Edges of a folded node are re-attached to its parent, parallel ones merged
    (the merged edge lists what it stands for in its evidence).  ``nodes`` is
    changed in place; returns the new edges and how many nodes were folded.
    """
    parent: dict[str, str | None] = {}
    for n in [n for n, m in nodes.items() if m.type == node_type]:
        target = None
        if via:
            target = next((v for _, v, _k, _e in sorted(views.out_edges(G, n, via), key=lambda e: e[1])
                           if v in nodes), None)
        parent[n] = target
    if not parent:
        return edges, 0
    folded_into: dict[str, list[str]] = defaultdict(list)
    for n, p in parent.items():
        if p:
            folded_into[p].append(nodes[n].title.split(": ", 1)[-1])
        del nodes[n]
    for p, names in folded_into.items():
        nodes[p].details.append((f"Folded in ({len(names)})", "; ".join(sorted(names))))
    merged: dict[tuple[str, str, str], MapEdge] = {}
    out: list[MapEdge] = []
    for e in edges:
        s, t = parent.get(e.source, e.source), parent.get(e.target, e.target)
        if s is None or t is None or s == t or s not in nodes or t not in nodes:
            continue
        if s == e.source and t == e.target:
            out.append(e)
            continue
        key = (s, t, e.type)
        if key in merged:
            m = merged[key]
            m.details.append(("Also", e.title))
            count = sum(1 for k, _ in m.details if k in ("Stands for", "Also"))
            m.label = f"{count} links"
            continue
        m = MapEdge(id=edge_id(s, t, f"folded:{e.type}"), source=s, target=t, type=e.type,
                    label=e.label, title=f"{EDGE_STYLES[e.type].label} (folded)",
                    details=[("Type", EDGE_STYLES[e.type].label), ("Stands for", e.title)])
        merged[key] = m
        out.append(m)
    out.sort(key=lambda e: e.id)
    return out, len(parent)


def best_connected(nodes: dict[str, MapNode], edges: list[MapEdge],
                   max_nodes: int) -> tuple[dict[str, MapNode], list[MapEdge]]:
    """The ``max_nodes`` nodes with the most lines (then by id), and the lines among them."""
    degree = Counter([e.source for e in edges] + [e.target for e in edges])
    kept = set(sorted(nodes, key=lambda n: (-degree[n], n))[:max_nodes])
    return ({n: m for n, m in nodes.items() if n in kept},
            [e for e in edges if e.source in kept and e.target in kept])


# --------------------------------------------------------------------------- trees

#: Horizontal room per leaf and vertical room per rank of a tidy tree (canvas pixels).
TREE_X = 220
TREE_Y = 140
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

    width: dict[str, float] = {}
    for n in sorted(level, key=lambda n: -level[n]):  # children (higher rank) first
        leaves, branches = split(n)
        width[n] = max(1.0, (1.0 if leaves else 0.0) + sum(width[c] for c in branches))
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for root in sorted((n for n in level if n not in best), key=lambda n: (level[n], n)):
        stack = [(root, x0)]
        while stack:
            n, left = stack.pop()
            pos[n] = ((left + width[n] / 2) * TREE_X, level[n] * TREE_Y)
            leaves, branches = split(n)
            for i, c in enumerate(leaves):
                pos[c] = ((left + 0.5) * TREE_X - 0.3 * TREE_X * (i % 2),
                          (level[n] + 1 + 0.75 * i) * TREE_Y)
            offset = left + (1.0 if leaves else 0.0)
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


__all__ = ["EXPLORE_ORDER", "neighbourhood", "FOLD_STEPS", "fold", "best_connected", "TREE_X",
           "TREE_Y", "PARENT_PREFERENCE", "tidy_tree", "ranks"]
