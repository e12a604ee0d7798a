"""The system map: every record, folded step by step above a size."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from coigraph.maps.evidence import as_of, assemble, node_ok
from coigraph.maps.layout import FOLD_STEPS, best_connected, fold
from coigraph.maps.records import MAX_NODES, Map, dataset_name


def system_map(G: nx.MultiDiGraph, on: dt.date | None = None, *, max_nodes: int = MAX_NODES) -> Map:
    """The whole system: every record in force on ``on`` (all dates if None).

    Above ``max_nodes`` nodes, detail is folded step by step
    (:data:`~coigraph.maps.layout.FOLD_STEPS`), and if that is not enough the
    best-connected nodes are kept; each step is stated in a note on the page.
    Cost: O(nodes + edges).
    """
    keep = [n for n in G.nodes if node_ok(G, n, on)]
    nodes, edges = assemble(G, keep, on)
    notes = []
    total = len(nodes)
    folded = []
    for node_type, via, what in FOLD_STEPS:
        if len(nodes) <= max_nodes:
            break
        edges, n = fold(G, nodes, edges, node_type, via)
        if n:
            folded.append(f"{n} {what}")
    if folded:
        notes.append("To keep the map readable: " + "; ".join(folded) + ".")
    if len(nodes) > max_nodes:
        nodes, edges = best_connected(nodes, edges, max_nodes)
        notes.append(f"Showing the {max_nodes} best-connected of {total} records; draw a "
                     "person's, meeting's or decision's map for the detail.")
    name = dataset_name(G, "the system")
    return Map(kind="system", title=f"{name}: the whole system",
               subtitle=f"Organisations, boards, committees, people and their links, {as_of(on)}",
               nodes=sorted(nodes.values(), key=lambda m: m.id), edges=edges, notes=notes)


__all__ = ["system_map"]
