"""The person map: one person's posts, interests, associates, and what they lead to."""

from __future__ import annotations

import datetime as dt

import networkx as nx

from coigraph.errors import UsageError
from coigraph.graph import find_node
from coigraph.maps.evidence import as_of, assemble, display_name
from coigraph.maps.layout import neighbourhood
from coigraph.maps.records import MAX_NODES, Map


def person_map(G: nx.MultiDiGraph, person_id: str, hops: int = 2, on: dt.date | None = None,
               *, max_nodes: int = MAX_NODES) -> Map:
    """One person's neighbourhood: posts, interests, associates, and what they lead to.

    ``hops`` bounds the walk (1: the person's own records; 2: also who and what
    those organisations and bodies connect to).  Only records in force on
    ``on`` (all dates if None).  Above ``max_nodes`` the nearest are kept and
    the page says so.  Cost: O(nodes + edges within ``hops``).
    """
    if not 1 <= hops <= 6:
        raise UsageError(f"--hops {hops}: use a number from 1 to 6")
    pid = find_node(G, "person", person_id)
    keep, total = neighbourhood(G, pid, hops, on, max_nodes)
    nodes, edges = assemble(G, keep, on)
    notes = []
    if total > len(keep):
        notes.append(f"Showing the nearest {len(keep)} of {total} records within {hops} steps of "
                     f"this person; use --hops {max(1, hops - 1)} for a smaller map.")
    name = display_name(G, pid)
    return Map(kind="person", title=f"{name}: posts, interests and connections",
               subtitle=f"Everything within {hops} step{'s' if hops != 1 else ''}, {as_of(on)}",
               nodes=list(nodes.values()), edges=edges, notes=notes, focus=pid)


__all__ = ["person_map"]
