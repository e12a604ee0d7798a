"""Interest paths: how a person's interests reach an organisation, as evidence chains.

One grammar, two engines:

* :mod:`coigraph.paths.grammar`: the rules, declared once as data (carriers,
  lines and their directions, bounds, exclusions, dates);
* :mod:`coigraph.paths.memory`: the search over a networkx graph
  (:class:`PathFinder`, :func:`interest_paths`), the one every analysis uses;
* :mod:`coigraph.paths.cypher`: the same search as Cypher in a Neo4j
  database, and the saved query ``meeting-conflicts.cypher`` generated from
  the grammar;
* :mod:`coigraph.paths.records`: the records both return (:class:`InterestPath`),
  built by one builder so the two engines agree byte for byte;
* :mod:`coigraph.paths.search`: :class:`PathSearch`, what both engines offer.

Example:

    >>> import datetime as dt, networkx as nx
    >>> from coigraph.paths import interest_paths
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("person:ann", type="person", name="Ann")
    >>> G.add_node("org:gp", type="organisation", name="Oak Surgery")
    >>> _ = G.add_edge("person:ann", "org:gp", key="position:p1", type="position", role="gp_partner")
    >>> [p.shape for p in interest_paths(G, "person:ann", ["org:gp"], on=dt.date(2025, 5, 1))]
    ['direct']
"""

from __future__ import annotations

from coigraph.paths import memory
from coigraph.paths.grammar import (
    DEFAULT_LIMIT,
    DEFAULT_LOOKBACK_DAYS,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_ORG_STEPS,
    GRAMMAR,
    Direction,
    Grammar,
)
from coigraph.paths.memory import PathFinder, excluded_orgs, interest_paths, seat_owners
from coigraph.paths.records import InterestPath, PathEdge, PathNode, type_words
from coigraph.paths.search import PathSearch, PathSearchFactory

#: Organisation relations that make a line, and the way each reads when followed forwards
#: (derived from :data:`GRAMMAR`; kept under their old names).
UP_FORWARD: frozenset[str] = GRAMMAR.line_kinds("up")  # source -> target goes up
DOWN_FORWARD: frozenset[str] = GRAMMAR.line_kinds("down")  # source -> target goes down
LINE_KINDS: frozenset[str] = GRAMMAR.line_kinds()

#: The docstring examples of the engine, run by ``doctest.testmod(coigraph.paths)``.
__test__ = {"interest_paths": memory.interest_paths}

__all__ = ["InterestPath", "PathEdge", "PathNode", "PathFinder", "PathSearch", "PathSearchFactory",
           "interest_paths", "seat_owners", "excluded_orgs", "type_words", "Grammar", "GRAMMAR",
           "Direction", "UP_FORWARD", "DOWN_FORWARD", "LINE_KINDS", "DEFAULT_MAX_DEPTH",
           "DEFAULT_LOOKBACK_DAYS", "DEFAULT_LIMIT", "DEFAULT_MAX_ORG_STEPS"]
