"""The system map: every record, drawn at once when small, explored from a start when large."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import networkx as nx

from coigraph import ids
from coigraph.maps.evidence import as_of, assemble, node_ok
from coigraph.maps.records import EXPLORE_ABOVE, Map, dataset_name

#: In exploration mode, the map opens on at most this many organisations and bodies.
START_SHAPES = 40


def system_map(G: nx.MultiDiGraph, on: dt.date | None = None, *, max_nodes: int = EXPLORE_ABOVE,
               start: list[str] | None = None) -> Map:
    """The whole system: every record in force on ``on`` (all dates if None).

    Up to ``max_nodes`` records everything is drawn.  Above, nothing is cut:
    the page holds every record (compactly) and opens in exploration mode on
    ``start`` (default: the :data:`START_SHAPES` best-connected organisations
    and bodies); a search finds any person, organisation or body by name,
    alias, role or code, and a double-click (or the panel's button) shows a
    shape's neighbours.  The page says how many of how many it shows.
    Cost: O(nodes + edges).
    """
    keep = [n for n in G.nodes if node_ok(G, n, on)]
    nodes, edges = assemble(G, keep, on)
    name = dataset_name(G, "the system")
    m = Map(kind="system", title=f"{name}: the whole system",
            subtitle=f"Organisations, boards, committees, people and their links, {as_of(on)}",
            nodes=sorted(nodes.values(), key=lambda n: n.id), edges=edges)
    if len(nodes) <= max_nodes:
        return m
    degree = Counter([e.source for e in edges] + [e.target for e in edges])
    chosen = [n for n in start or [] if n in nodes]
    if chosen:
        start, opening = chosen, f"the {len(chosen)} record{'s' if len(chosen) != 1 else ''} chosen"
    else:
        hubs = [n for n in nodes if ids.is_org(n) or ids.is_body(n)]
        start = sorted(hubs, key=lambda n: (-degree[n], n))[:START_SHAPES]
        opening = f"the {len(start)} best-connected organisations and bodies"
    people = sum(1 for n in nodes if ids.is_person(n))
    m.explore, m.start = True, sorted(start)
    m.notes.append(f"{len(nodes):,} records ({people:,} people) are too many to draw at once: the map "
                   f"opens on {opening}. Search for "
                   "anyone by name, alias, role or code, or double-click a shape to show its "
                   "neighbours; every record is in this file.")
    return m


__all__ = ["system_map", "START_SHAPES"]
