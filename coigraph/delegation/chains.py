"""The chain search: every chain of authority for a matter, from whoever decided up to a board.

:class:`ChainSearch` is what tracing needs of a search engine;
:func:`search_chains` is the in-memory one (over a :class:`Scheme`), and the
Neo4j backend has one that runs in the database
(:meth:`coigraph.db.backend.Neo4jBackend.search_chains`).  Both return the same
chains in the same order.  Tracing takes the engine as a parameter
(``trace_decision(..., chains=...)``); nothing is patched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme


@dataclass
class ChainPath:
    """A candidate chain: links from the decider upward, and how it ends."""

    links: list[DelegationEdge]
    end: str
    complete: bool
    reason: str | None = None  # no_delegation | cycle | too_deep | parent_mismatch
    cycle: tuple[str, ...] = ()
    #: Where the search started (the decider, or a post or joint authority the decider holds).
    start: str = ""

    def nodes(self, start: str | None = None) -> list[str]:
        """The chain's nodes from its start (``start``, else the search's own) upward."""
        return [start or self.start, *(d.u for d in self.links)]


class ChainSearch(Protocol):
    """A chain-search engine: :func:`search_chains`' signature, and its results in its order."""

    def __call__(self, S: Scheme, start: str, matter: str, rules: Rules,
                 first: list[DelegationEdge] | None = None) -> list[ChainPath]:
        ...


def search_chains(S: Scheme, start: str, matter: str, rules: Rules,
                  first: list[DelegationEdge] | None = None) -> list[ChainPath]:
    """Every chain of authority for ``matter`` from ``start`` upward (bounded).

    Depth-first over delegations into each node that cover ``matter``; a chain
    ends at a board that received no delegation of the matter itself, or breaks
    where a body holds no delegation, at a circle, or at ``rules.max_depth``.
    At most ``rules.max_chains`` chains are returned (each recursion step
    yields at least one chain, so the work is O(max_chains x max_depth x
    fan-in)).  ``first`` restricts the first link (used by the powers query).
    """
    out: list[ChainPath] = []

    def walk(node: str, links: list[DelegationEdge], seen_nodes: tuple[str, ...]) -> None:
        if len(out) >= rules.max_chains:
            return
        if len(links) >= rules.max_depth:
            out.append(ChainPath(list(links), node, False, "too_deep", start=start))
            return
        if not links and first is not None:
            cands = first
        else:
            cands = S.into(node, matter)
            if links and links[-1].parent:
                pid = str(links[-1].parent)
                stated = [c for c in cands if c.id == pid]
                if not stated:
                    out.append(ChainPath(list(links), node, False, "parent_mismatch", start=start))
                    return
                cands = stated
        if not cands:
            if S.is_board(node):
                out.append(ChainPath(list(links), node, True, start=start))
            else:
                out.append(ChainPath(list(links), node, False, "no_delegation", start=start))
            return
        for c in cands:
            if len(out) >= rules.max_chains:
                return
            if c.u in seen_nodes or any(c.id == x.id for x in links):
                i = seen_nodes.index(c.u) if c.u in seen_nodes else 0
                loop = tuple(x.id for x in links[i:]) + (c.id,)
                out.append(ChainPath([*links, c], c.u, False, "cycle", loop, start=start))
                continue
            walk(c.u, [*links, c], (*seen_nodes, c.u))

    walk(start, [], (start,))
    return out


__all__ = ["ChainPath", "ChainSearch", "search_chains"]
