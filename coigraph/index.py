"""Indexes of the graph that the analyses share, made once per graph, so a meeting's screen does not
grow with the number of other meetings.

A register keeps years of meetings: each person has an attendance edge to every
meeting they went to, each body a ``meeting_of`` edge from each of its meetings,
each organisation an ``affects`` edge from every item about it.  Walking a node's
edges to find its posts, register entries or seats would walk that history
too.  :class:`GraphIndex` answers the questions the screen asks in time
independent of it:

* :meth:`GraphIndex.out_edges` / :meth:`GraphIndex.in_edges`: a node's edges of
  one type, without the history (edges to or from meetings, agenda items and
  decisions are left out; ask :meth:`GraphIndex.attendance` for one meeting's
  record).  Made per node on first use (one pass over its edges), kept.
* :meth:`GraphIndex.meetings_of_org`: the meetings of an organisation's bodies
  between two dates (a bisection in the date-sorted list);
* :meth:`GraphIndex.confidential_items_about`: confidential agenda items that
  affect an organisation, between two dates;
* :meth:`GraphIndex.procurements`: the procurements (a screen asks, for each of
  its items, whether it takes one's award decision);
* :meth:`GraphIndex.items`: a meeting's agenda items in agenda order;
  :meth:`GraphIndex.matter_line` and :meth:`GraphIndex.affects`: what relates
  two items.

The date-sorted lists are built in one pass over the meetings and items when the
index is made (:func:`of` makes it once per graph and keeps it as long as the
graph lives).  The index assumes the graph is not changed once it is made: a
copy of the graph (``G.copy()``) gets its own, and code that edits a graph in
place afterwards calls :func:`forget`.

Cost: making the index is linear in meetings and items; each per-node entry is
linear in that node's degree, once.  Memory: a reference per edge of each node
asked about, and one list entry per meeting and per confidential item.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from bisect import bisect_left, bisect_right
from typing import Any

import networkx as nx

from coigraph import ids

#: Edges to or from these kinds of node are history: they grow with every meeting held.
_HISTORY = (ids.MEETING + ":", ids.ITEM + ":", ids.DECISION + ":")

Edge = tuple[str, str, dict[str, Any]]  # (other end, key, attrs)


def item_order(number: str | None) -> tuple:
    """Sort key for agenda item numbers: '2' < '7' < '7.1' < '7a' < '10'; an item whose number is
    not stated (None, issue 14) last."""
    if number is None:
        return ((3, 0, ""),)
    parts = re.findall(r"\d+|[A-Za-z]+", str(number))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts) or ((2, 0, str(number)),)


class GraphIndex:
    """The shared indexes of one graph (see the module docstring)."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        # the graph's own dicts (identity marks the graph), never the graph object: the index is kept
        # in a weak dictionary keyed by the graph, which must be free to go when nothing else holds it
        self._node: dict[str, Any] = G._node
        self._succ: dict[str, Any] = G._succ
        self._pred: dict[str, Any] = G._pred
        self._n = len(G)
        self._out: dict[str, dict[str, tuple[Edge, ...]]] = {}
        self._in: dict[str, dict[str, tuple[Edge, ...]]] = {}
        self._items: dict[str, tuple[str, ...]] = {}
        self._matter_line: dict[str | None, tuple[str, ...]] = {}
        self._affects: dict[str, frozenset[str]] = {}
        self._org_meetings: dict[str, tuple[list[dt.date], list[str]]] = {}
        self._org_conf: dict[str, tuple[list[dt.date], list[tuple[str, str]]]] = {}
        self._procurements: tuple[str, ...] = ()
        self._build_dated()

    def is_for(self, G: nx.MultiDiGraph) -> bool:
        """Was this index made for ``G`` as it is (the same adjacency, the same number of nodes)?"""
        return self._succ is G._succ and self._n == len(G)

    # ----------------------------------------------------------------- dated lists

    def _build_dated(self) -> None:
        nodes = self._node
        owners: dict[str, list[str]] = {}
        meetings: dict[str, list[tuple[dt.date, str]]] = {}
        conf: dict[str, list[tuple[dt.date, str, str]]] = {}
        meeting_prefix, item_prefix = _HISTORY[0], _HISTORY[1]
        procurement_prefix = ids.PROCUREMENT + ":"
        procs: list[str] = []
        for m, a in nodes.items():
            if m.startswith(procurement_prefix) and a.get("type") == "procurement":
                procs.append(m)
            if not m.startswith(meeting_prefix) or a.get("type") != "meeting":
                continue
            day, body = a.get("date"), a.get("body")
            if day is None or body is None:
                continue
            b = ids.body(body)
            got = owners.get(b)
            if got is None:
                got = owners[b] = sorted(o for o, kd in self._succ.get(b, {}).items()
                                         if any(e.get("type") == "owned_by" for e in kd.values()))
            for o in got:
                meetings.setdefault(o, []).append((day, m))
            for it, kd in self._pred[m].items():
                if not it.startswith(item_prefix) or not any(e.get("type") == "item_of" for e in kd.values()):
                    continue
                if not nodes[it].get("confidential"):
                    continue
                for o in self.affects(it):
                    conf.setdefault(o, []).append((day, m, it))
        self._procurements = tuple(sorted(procs))
        for o, xs in meetings.items():
            xs.sort()
            self._org_meetings[o] = ([d for d, _ in xs], [m for _, m in xs])
        for o, ys in conf.items():
            ys.sort()
            self._org_conf[o] = ([d for d, _, _ in ys], [(m, it) for _, m, it in ys])

    def procurements(self) -> tuple[str, ...]:
        """Every procurement node of the graph, sorted by id (listed when the index is made)."""
        return self._procurements

    def meetings_of_org(self, org: str, after: dt.date, until: dt.date) -> list[str]:
        """Meetings of the bodies ``org`` owns dated after ``after`` and up to ``until`` (by date, id)."""
        got = self._org_meetings.get(org)
        if got is None:
            return []
        days, ms = got
        return ms[bisect_right(days, after):bisect_right(days, until)]

    def confidential_items_about(self, org: str, since: dt.date,
                                 before: dt.date) -> list[tuple[dt.date, str, str]]:
        """``(date, meeting, item)`` for confidential items affecting ``org`` at meetings dated from
        ``since`` up to, not including, ``before``."""
        got = self._org_conf.get(org)
        if got is None:
            return []
        days, rows = got
        lo, hi = bisect_left(days, since), bisect_left(days, before)
        return [(days[i], *rows[i]) for i in range(lo, hi)]

    # ----------------------------------------------------------------- per node

    def _typed(self, adj: dict[str, Any], n: str) -> dict[str, tuple[Edge, ...]]:
        groups: dict[str, list[Edge]] = {}
        for other, kd in adj.get(n, {}).items():
            if other.startswith(_HISTORY) and not n.startswith(_HISTORY):
                continue
            for key, a in kd.items():
                groups.setdefault(a.get("type", ""), []).append((other, key, a))
        return {t: tuple(sorted(es, key=lambda e: (e[0], e[1]))) for t, es in groups.items()}

    def out_edges(self, n: str, edge_type: str) -> tuple[Edge, ...]:
        """``(target, key, attrs)`` of ``n``'s out-edges of ``edge_type``, sorted by target and key.

        For a node that is not itself a meeting, item or decision, edges to those are left out.
        """
        got = self._out.get(n)
        if got is None:
            got = self._out[n] = self._typed(self._succ, n)
        return got.get(edge_type, ())

    def in_edges(self, n: str, edge_type: str) -> tuple[Edge, ...]:
        """``(source, key, attrs)`` of ``n``'s in-edges of ``edge_type`` (history left out as above)."""
        got = self._in.get(n)
        if got is None:
            got = self._in[n] = self._typed(self._pred, n)
        return got.get(edge_type, ())

    def attendance(self, person: str, meeting: str) -> list[dict[str, Any]]:
        """``person``'s attendance records for ``meeting`` (a dictionary look-up), in stored order."""
        kd = self._succ.get(person, {}).get(meeting)
        return [a for a in kd.values() if a.get("type") == "attendance"] if kd else []

    def items(self, meeting: str) -> tuple[str, ...]:
        """The agenda items of ``meeting`` in agenda order (then by id)."""
        got = self._items.get(meeting)
        if got is None:
            nodes = self._node
            its = [u for u, kd in self._pred.get(meeting, {}).items()
                   if any(a.get("type") == "item_of" for a in kd.values())]
            got = self._items[meeting] = tuple(sorted(
                its, key=lambda n: (item_order(str(nodes[n].get("number") or "")), n)))
        return got

    def affects(self, item: str) -> frozenset[str]:
        """The organisations ``item`` lists as affected."""
        got = self._affects.get(item)
        if got is None:
            got = self._affects[item] = frozenset(
                v for v, kd in self._succ.get(item, {}).items()
                if any(a.get("type") == "affects" for a in kd.values()))
        return got

    def matter_line(self, matter: str | None) -> tuple[str, ...]:
        """The matter node of code ``matter`` and the broader ones above it (at most 20)."""
        got = self._matter_line.get(matter)
        if got is None:
            out: list[str] = []
            node = ids.matter(matter) if matter else None
            while node and node in self._succ and node not in out and len(out) < 20:
                out.append(node)
                node = next((v for v, kd in self._succ[node].items()
                             if any(a.get("type") == "narrower_than" for a in kd.values())), None)
            got = self._matter_line[matter] = tuple(out)
        return got


#: Each graph's index, for as long as the graph lives.
_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, GraphIndex] = weakref.WeakKeyDictionary()


#: The last graph asked about and its index: a screen asks tens of thousands of times for the same
#: graph's index, and a weak dictionary's look-up (a new weak reference each time) cost more than
#: some of the questions it answers.
_LAST: tuple[weakref.ReferenceType[nx.MultiDiGraph], GraphIndex] | None = None


def of(G: nx.MultiDiGraph) -> GraphIndex:
    """The index of ``G``, made on first use and kept while ``G`` lives."""
    global _LAST
    last = _LAST
    if last is not None and last[0]() is G and last[1].is_for(G):
        return last[1]
    got = _INDEXES.get(G)
    if got is None or not got.is_for(G):
        got = _INDEXES[G] = GraphIndex(G)
    _LAST = (weakref.ref(G), got)
    return got


def forget(G: nx.MultiDiGraph) -> None:
    """Drop ``G``'s index (after changing the graph in place)."""
    global _LAST
    _INDEXES.pop(G, None)
    if _LAST is not None and _LAST[0]() is G:
        _LAST = None


__all__ = ["GraphIndex", "of", "forget", "item_order"]
