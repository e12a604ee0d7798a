"""The yardstick: screening a meeting the obvious networkx way, search first and filter after.

What a competent engineer would write first, given the governance graph and
the documented shapes of what carries an interest (see :mod:`coigraph.paths`):

1. take the people in the room and the organisations each item affects (the
   same roll and affected organisations the engine uses, from
   :func:`coigraph.quorum.meeting_roll` and
   :func:`coigraph.screening.affected_organisations`);
2. for each person, enumerate **every** simple path of at most ``max_depth``
   edges to the meeting's affected organisations with
   ``nx.all_simple_paths(view, person, targets, cutoff=max_depth)``;
3. *afterwards* keep the paths whose edges are of the right types, in the
   right order and directions, in force on the meeting date, and not
   through the organisation that owns the body meeting (:func:`valid_path`).

The view is built once per graph, independent of any meeting or date.  Two
are measured:

``directed_view`` (the baseline of record, ``baseline_kind: "directed"``)
    the interest-carrying edges, each only in the direction(s) a path can
    walk it: posts and register entries from the person (as stored), a body
    to its owners (as stored), associations both ways (the relation is
    mutual), and the relations that make a line between organisations
    (``subsidiary_of``, ``member_of``, ``owns``) both ways (a line is walked
    up or down).  ``contracts_with`` and ``hosts``, which no path ever
    follows, are left out, as are meetings, items and everything else.
    Everything that depends on the meeting (dates, the one-direction rule
    along a line, the two-step limit, exclusions, whose seat a joint body's
    seat is) is left to the filter.

``undirected_view`` (the earlier baseline, kept as a second, labelled figure)
    the same five edge types seen undirected, which also makes posts and
    register entries walkable backwards, which no valid path ever does: from
    any organisation or professional body the search fans out to everyone
    holding a post or an entry there.  That handicap, not the path search,
    was most of its cost.

The rules in :func:`valid_path` are written from the documented shapes of
:mod:`coigraph.paths`, not from its code, so the benchmark's equality check
(``same_findings``) compares two independent implementations.  The filter is
the same for both views (it checks each step against the stored edges, in
the direction walked).

Findings are compared as sets of ``(item, person, organisation)``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph.graph import in_force
from coigraph.paths import DEFAULT_LOOKBACK_DAYS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ORG_STEPS
from coigraph.quorum import item_order, meeting_roll
from coigraph.screening import affected_organisations, excluded_orgs

#: Edge types an interest can travel along; everything else is left out of the views.
FOLLOWED = ("position", "interest", "controls", "association", "owned_by", "org_relation")
UP = {"subsidiary_of", "member_of"}  # stored source -> target reads "up"
DOWN = {"owns"}  # stored source -> target reads "down"
LINE = UP | DOWN  # organisation relations a path may walk (never contracts_with or hosts)

Triple = tuple[str, str, str]  # (item id, person id, organisation id), bare ids


def directed_view(G: nx.MultiDiGraph) -> nx.DiGraph:
    """``G``'s interest-carrying edges, each in the direction(s) a path can walk it (built once).

    Posts, register entries and bodies' owners as stored; associations and
    line relations between organisations (``subsidiary_of``, ``member_of``,
    ``owns``) both ways.  Cost: one pass over the edges of ``G``.
    """
    D = nx.DiGraph()
    for u, v, a in G.edges(data=True):
        t = a.get("type")
        if u == v or t not in FOLLOWED:
            continue
        if t in ("position", "interest", "controls", "owned_by"):
            D.add_edge(u, v)
        elif t == "association" or a.get("kind") in LINE:
            D.add_edge(u, v)
            D.add_edge(v, u)
    return D


def undirected_view(G: nx.MultiDiGraph) -> nx.Graph:
    """``G``'s interest-carrying edges as a simple undirected graph (the earlier baseline's view).

    Cost: one pass over the edges of ``G``.
    """
    U = nx.Graph()
    for u, v, t in G.edges(data="type"):
        if t in FOLLOWED and u != v:
            U.add_edge(u, v)
    return U


@dataclass
class BaselineResult:
    """The baseline's screen of one meeting."""

    meeting: str
    findings: set[Triple] = field(default_factory=set)
    complete: bool = True
    seconds: float = 0.0  # CPU time of the screen (the cap is checked on the wall clock)
    paths_enumerated: int = 0


class _Timeout(Exception):
    pass


def _org_ok(G: nx.MultiDiGraph, node: str, on: dt.date, exclude: set[str]) -> bool:
    return node.startswith("org:") and node not in exclude and in_force(G.nodes[node], on)


def _edges_between(G: nx.MultiDiGraph, u: str, v: str) -> list[tuple[dict[str, Any], bool]]:
    """Every edge between ``u`` and ``v`` as ``(attrs, walked_against_stored_direction)``."""
    out = [(a, False) for a in G.get_edge_data(u, v, default={}).values()]
    out += [(a, True) for a in G.get_edge_data(v, u, default={}).values()]
    return out


def valid_path(G: nx.MultiDiGraph, nodes: list[str], *, on: dt.date, exclude_orgs: set[str],
               exclude_bodies: set[str], lookback_days: int = DEFAULT_LOOKBACK_DAYS,
               max_depth: int = DEFAULT_MAX_DEPTH, max_org_steps: int = DEFAULT_MAX_ORG_STEPS) -> bool:
    """Does some choice of edges along node path ``nodes`` carry an interest on ``on``?

    The shapes (from the documentation of :mod:`coigraph.paths`): an optional
    association (either way) first; then a position or register entry held
    by the person (or, for the associate, a direct one) in force or ended
    within ``lookback_days``, or a control on a public register in force on
    ``on`` of a company no register entry of the person names, landing on an organisation, or on a body then
    its owner (on a body of several owners, the owner the seat is for); then
    up to ``max_org_steps`` ``subsidiary_of``/``member_of``/``owns`` steps all
    going up or all going down.  Every other edge, and every organisation, is
    in force on ``on``; no organisation in ``exclude_orgs`` and no seat on a
    body in ``exclude_bodies`` is used.
    """
    if len(nodes) - 1 > max_depth:
        return False
    steps = [_edges_between(G, nodes[i], nodes[i + 1]) for i in range(len(nodes) - 1)]

    def org_walk(i: int, direction: str | None, count: int) -> bool:
        # at nodes[i], an organisation the interest has landed on or walked to
        if i == len(nodes) - 1:
            return True
        if count >= max_org_steps:
            return False
        nxt = nodes[i + 1]
        # every organisation walked through (the target too) is in force and not excluded
        if not _org_ok(G, nxt, on, exclude_orgs):
            return False
        for a, rev in steps[i]:
            if a.get("type") != "org_relation" or not in_force(a, on):
                continue
            kind = a.get("kind")
            if kind in UP:
                d = "down" if rev else "up"
            elif kind in DOWN:
                d = "up" if rev else "down"
            else:
                continue
            if direction is not None and d != direction:
                continue
            if org_walk(i + 1, d, count + 1):
                return True
        return False

    def declared(person: str) -> set[str]:
        # organisations the person's own register entries name (in force or within the look-back)
        return {v for _, v, a in G.out_edges(person, data=True)
                if a.get("type") == "interest" and in_force(a, on, lookback_days=lookback_days)}

    def carrier(i: int, indirect_ok: bool) -> bool:
        # nodes[i] holds the interest: a position or register entry, stored nodes[i] -> nodes[i+1]
        if i + 1 >= len(nodes):
            return False
        land = nodes[i + 1]
        for a, rev in steps[i]:
            t = a.get("type")
            if rev or t not in ("position", "interest", "controls"):
                continue
            if t == "controls":  # a public-register record: current only, and only where undeclared
                if not in_force(a, on) or land in declared(nodes[0]):
                    continue
            elif not in_force(a, on, lookback_days=lookback_days):
                continue
            if t == "interest" and a.get("indirect") and not indirect_ok:
                continue
            if t == "position" and a.get("body") and f"body:{a['body']}" in exclude_bodies:
                continue
            if land.startswith("org:"):
                if _org_ok(G, land, on, exclude_orgs) and org_walk(i + 1, None, 0):
                    return True
            elif land.startswith("body:") and t == "position":
                if land in exclude_bodies or not in_force(G.nodes[land], on) or i + 2 >= len(nodes):
                    continue
                owner = nodes[i + 2]
                if owner not in seat_for(G, land, a) or not _org_ok(G, owner, on, exclude_orgs):
                    continue
                if any(b.get("type") == "owned_by" and not r for b, r in steps[i + 1]) and \
                        org_walk(i + 2, None, 0):
                    return True
        return False

    if carrier(0, indirect_ok=True):
        return True
    if len(nodes) >= 3:
        for a, _rev in steps[0]:
            if a.get("type") == "association" and in_force(a, on) and carrier(1, indirect_ok=False):
                return True
    return False


def seat_for(G: nx.MultiDiGraph, body: str, seat: dict[str, Any]) -> list[str]:
    """Organisations a seat on ``body`` is an interest in: its owner; on a body of several owners
    (a joint committee, committees in common), only the one the position names, if any."""
    owners = sorted(o for _, o, t in G.out_edges(body, data="type") if t == "owned_by")
    if len(owners) <= 1:
        return owners
    named = seat.get("organisation")
    return [o for o in owners if named and o == f"org:{named}"]


def own_post(G: nx.MultiDiGraph, person: str, org: str, on: dt.date) -> bool:
    """For items affecting the members themselves (effect ``self``): a post at ``org``, or a seat
    on a body it owns, in force on ``on`` (the body meeting is *not* excluded here)."""
    for a in G.get_edge_data(person, org, default={}).values():
        if a.get("type") == "position" and in_force(a, on):
            return True
    for _, body, a in G.out_edges(person, data=True):
        if a.get("type") == "position" and in_force(a, on) and body.startswith("body:"):
            if org in seat_for(G, body, a):
                return True
    return False


def screen_meeting_baseline(G: nx.MultiDiGraph, view: nx.Graph, meeting: str, *,
                            max_depth: int = DEFAULT_MAX_DEPTH,
                            lookback_days: int = DEFAULT_LOOKBACK_DAYS,
                            cap_seconds: float | None = 120.0) -> BaselineResult:
    """Screen ``meeting`` by enumerating every simple path in ``view``, then filtering.

    ``view`` is :func:`directed_view` (the baseline of record) or
    :func:`undirected_view` of ``G`` (see the module doc).  Stops after ``cap_seconds`` with ``complete=False`` (the findings so far are kept).
    Cost: the number of simple paths of at most ``max_depth`` edges from each
    person in the room, which grows with the degree of every hub within reach.
    """
    t0 = time.perf_counter()  # the cap is on the wall clock; the time reported is CPU time
    c0 = time.process_time()
    meeting = meeting if meeting.startswith("meeting:") else f"meeting:{meeting}"
    res = BaselineResult(meeting=meeting.split(":", 1)[1])
    m = G.nodes[meeting]
    body = f"body:{m['body']}"
    on: dt.date = m["date"]
    exclude = set(excluded_orgs(G, body))
    roll = meeting_roll(G, meeting)
    items = sorted((u for u, _, t in G.in_edges(meeting, data="type") if t == "item_of"),
                   key=lambda n: (item_order(str(G.nodes[n].get("number", ""))), n))
    # which (person, organisation) pairs each item asks about
    asks: list[tuple[str, list[str], list[str], list[str]]] = []  # item, people, orgs, self orgs
    targets: set[str] = set()
    for it in items:
        number = str(G.nodes[it].get("number", ""))
        aff = affected_organisations(G, it, exclude=exclude)
        people = [f"person:{e.person}" for e in roll if e.present_for(number)]
        orgs = [f"org:{x.organisation}" for x in aff if x.effect != "self"]
        selfs = [f"org:{x.organisation}" for x in aff if x.effect == "self"]
        asks.append((it, people, orgs, selfs))
        targets.update(orgs)
        targets.update(selfs)
    people = sorted({p for _, ps, _, _ in asks for p in ps})
    reached: dict[str, set[str]] = {}
    try:
        for person in people:
            reached[person] = _reach(G, view, person, targets, on=on, exclude=exclude, body=body,
                                     lookback_days=lookback_days, max_depth=max_depth, res=res,
                                     deadline=None if cap_seconds is None else t0 + cap_seconds)
    except _Timeout:
        res.complete = False
    for it, ps, orgs, selfs in asks:
        for p in ps:
            got = reached.get(p, set())
            for o in orgs + selfs:
                if o in got or (o in selfs and own_post(G, p, o, on)):
                    res.findings.add((it.split(":", 1)[1], p.split(":", 1)[1], o.split(":", 1)[1]))
    res.seconds = time.process_time() - c0
    return res


def _reach(G: nx.MultiDiGraph, view: nx.Graph, person: str, targets: Iterable[str], *, on: dt.date,
           exclude: set[str], body: str, lookback_days: int, max_depth: int, res: BaselineResult,
           deadline: float | None) -> set[str]:
    """Targets some valid path from ``person`` reaches: enumerate all simple paths, then filter."""
    got: set[str] = set()
    tset = {t for t in targets if t in view}
    if person not in view or not tset:
        return got
    for n, path in enumerate(nx.all_simple_paths(view, person, tset, cutoff=max_depth)):
        res.paths_enumerated += 1
        if deadline is not None and n % 256 == 0 and time.perf_counter() > deadline:
            raise _Timeout
        if path[-1] in got:
            continue
        if valid_path(G, path, on=on, exclude_orgs=exclude, exclude_bodies={body},
                      lookback_days=lookback_days, max_depth=max_depth):
            got.add(path[-1])
    return got


def engine_triples(screen: Any) -> set[Triple]:
    """The engine's findings (a :class:`coigraph.screening.MeetingScreen`) as comparable triples."""
    return {(it.id, f.person, f.organisation) for it in screen.items for f in it.findings}




# --------------------------------------------------------------------------- delegation chains


def delegation_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The delegations of ``G`` pointing upwards (delegate -> delegator), keyed by delegation id.

    Cost: one pass over the edges of ``G``.
    """
    D = nx.MultiDiGraph()
    for u, v, a in G.edges(data=True):
        if a.get("type") == "delegation":
            D.add_edge(v, u, key=str(a.get("id")), **a)
    return D


def complete_chains_baseline(G: nx.MultiDiGraph, D: nx.MultiDiGraph, start: str, matter: str, *,
                             max_depth: int, boards: set[str]) -> set[tuple[str, ...]]:
    """Every complete chain of authority for ``matter`` from ``start`` up to a board, the obvious way.

    Enumerates every simple path of delegations from ``start`` to any board
    (``nx.all_simple_edge_paths``), then keeps those whose every link covers
    the matter (the matter itself or a broader one), passes on the parent
    delegation its predecessor names, and that end at a board holding no
    delegation of the matter itself (so the chain cannot go further up).
    A chain of ``max_depth`` links or more is too deep to be complete.
    Returns the chains as tuples of delegation ids.
    """

    def broader(code: str) -> list[str]:
        out, node = [code], f"matter:{code}"
        for _ in range(32):
            parent = G.nodes[node].get("parent") if node in G else None
            if not parent or parent in out:
                break
            out.append(parent)
            node = f"matter:{parent}"
        return out

    line = broader(matter)

    def covers(a: dict[str, Any]) -> bool:
        return any(m in line for m in a.get("matters") or [])

    def can_go_up(node: str) -> bool:
        return any(covers(a) for _, _, a in D.out_edges(node, data=True)) if node in D else False

    out: set[tuple[str, ...]] = set()
    if start in boards and not can_go_up(start):
        out.add(())
    if start not in D:
        return out
    for edges in nx.all_simple_edge_paths(D, start, boards & set(D), cutoff=max_depth - 1):
        if not edges:  # the board itself (handled above)
            continue
        links = [D.edges[e] for e in edges]
        if not all(covers(a) for a in links):
            continue
        if any(links[i].get("parent") and str(links[i]["parent"]) != str(links[i + 1].get("id"))
               for i in range(len(links) - 1)):
            continue
        end = edges[-1][1]
        if links[-1].get("parent") or can_go_up(end):
            continue
        out.add(tuple(str(a.get("id")) for a in links))
    return out


__all__ = ["directed_view", "undirected_view", "screen_meeting_baseline", "valid_path", "own_post", "engine_triples",
           "BaselineResult", "FOLLOWED", "delegation_graph", "complete_chains_baseline"]
