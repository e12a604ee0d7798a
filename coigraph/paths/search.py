"""What an interest-path engine offers: :class:`PathSearch`, and the factory that makes one.

Two engines implement it, both derived from :data:`coigraph.paths.grammar.GRAMMAR`:
:class:`coigraph.paths.memory.PathFinder` (networkx, in memory) and
:class:`coigraph.paths.cypher.CypherPathFinder` (Cypher, in a Neo4j database).
Screening takes a :class:`PathSearchFactory` (``screen_meeting(...,
path_finder=...)``) and makes one search per meeting, for that meeting's date
and exclusions; it never needs to know which engine it has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from coigraph.paths.records import InterestPath


@runtime_checkable
class PathSearch(Protocol):
    """An interest-path search for one date and one set of exclusions (results memoised)."""

    #: People whose paths went over the search's limit, with how many were found: only the first
    #: ``limit`` are kept, and the screen says so by name (never a silent cap).
    capped: dict[str, int]

    def paths(self, person: str, targets: Iterable[str]) -> list[InterestPath]:
        """Every shortest explanation of how ``person``'s interests reach any of ``targets``.

        ``person`` is ``person:<id>`` or a bare id; ``targets`` organisation ids.
        Sorted by organisation, length and edge keys; at most the search's limit.
        """
        ...

    def membership_paths(self, person: str, org: str) -> list[InterestPath]:
        """The person's own posts at ``org``, or seats on bodies it owns (``shape='self'``)."""
        ...


class PathSearchFactory(Protocol):
    """Makes a :class:`PathSearch` (``PathFinder`` itself, or ``Neo4jBackend.path_finder``).

    ``G`` is the graph the caller reads (an engine searching elsewhere need not
    search it); the bounds left out default to the grammar's.
    """

    def __call__(self, G: Any, *, on: dt.date, lookback_days: int = ..., max_depth: int = ...,
                 exclude_orgs: Iterable[str] = ..., exclude_bodies: Iterable[str] = ...,
                 limit: int = ...) -> PathSearch:
        ...


__all__ = ["PathSearch", "PathSearchFactory"]
