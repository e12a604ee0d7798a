"""The interest-path search in memory, over a networkx graph, driven by the grammar.

This is the one path search every analysis uses (the Cypher search of
:mod:`coigraph.paths.cypher` gives the same records from a database).  It is
*typed*: it follows only the edges :data:`coigraph.paths.grammar.GRAMMAR`
declares, each in the direction of its meaning, so that nobody is
"conflicted" merely because everyone sits on the ICB board or because two
trusts belong to the same collaborative.  The shapes that carry an interest
(``->`` is one edge):

1. person -> (position | declared interest | control on a public register) -> organisation
   (a seat on a board or committee reaches the organisation that owns it:
   person -position-> body -owned_by-> organisation; on a body of several
   owners, only the owner the seat is for, named in the position's
   ``organisation``);
2. person -> associate -> (position | declared interest) -> organisation,
   which is *indirect* (a declared interest flagged ``indirect`` is indirect
   too, with no associate step);
3. either of the above, then at most ``max_org_steps`` (2) organisation
   steps along *one line* of ``subsidiary_of`` / ``owns`` / ``member_of``,
   all the same way: all *up* (a practice to its PCN, a company to its
   parent) or all *down* (a parent company to its subsidiary), never up and
   then down to a sibling, never through ``contracts_with`` or ``hosts``.

Never through ``exclude_orgs`` (the organisation that owns the body being
screened: a board member's seat on the ICB board is no interest in what the
ICB decides; see :func:`excluded_orgs`) and never from a seat on
``exclude_bodies`` (the body being screened itself).

Dates: every edge must be in force on ``on``; the *interest-carrying* edge
(the position or register entry, not a control: see
:attr:`coigraph.paths.grammar.Carrier.lookback`) may instead have ended within
``lookback_days`` before ``on``, and the path is then marked
``recency="ended"``.  Nothing that starts after ``on`` is used (a control
notified after the meeting is no evidence at it).  A control of a company
the person's own register names (in force or within the look-back) is not
followed: the declared path is used instead
(:attr:`coigraph.paths.grammar.Carrier.covered_by`).

Results: for each target organisation and each *explanation* (the position
or register entry that carries the interest, plus the association for an
indirect one), every shortest route, each with the evidence (``file:row``)
of every step.

Cost: the search works from both ends.  A reverse breadth-first search from
the targets, limited to ``max_org_steps`` steps, visits only the targets'
organisation-relation neighbourhood and records, for each organisation that
can still arrive, its distance and its hops towards the targets (habit 6 of
STYLE.md: branches that cannot arrive in time are never expanded).  The
forward part then looks only at the person's own edges (and their
associates').  Total cost is linear in the degrees of the nodes touched:
the person, their associates, the bodies and organisations they land on and
the targets' two-step neighbourhood, never the whole graph.  Results are
capped by ``limit``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph import ids, index, views
from coigraph.graph import in_force
from coigraph.paths.grammar import (
    BODY,
    DIRECTIONS,
    GRAMMAR,
    ORGANISATION,
    Direction,
    Grammar,
)
from coigraph.paths.records import (
    Hop,
    InterestPath,
    Prefix,
    build_path,
    membership_path,
)

#: A line relation touching an organisation: ``(other, key, attrs, direction, reversed)``.
Incident = tuple[str, str, dict[str, Any], Direction, bool]


@dataclass
class Reach:
    """Reverse BFS result for one target set: distance and forward hops per (org, direction)."""

    dist: dict[tuple[str, str], int] = field(default_factory=dict)
    hops: dict[tuple[str, str], list[tuple[str, str, dict[str, Any], bool]]] = field(
        default_factory=lambda: defaultdict(list))
    targets: frozenset[str] = frozenset()
    #: Every organisation that can still arrive at a target (in either direction), targets included.
    near: set[str] = field(default_factory=set)


class PathFinder:
    """A reusable interest-path search for one date and one set of exclusions.

    Screening a meeting asks the same question for many people and items;
    one finder per meeting memoises each organisation's relation list and
    each target set's reverse search, so each is computed once.  Implements
    :class:`coigraph.paths.PathSearch`; the class itself is a
    :class:`coigraph.paths.PathSearchFactory`.  The bounds default to
    ``grammar``'s.
    """

    def __init__(self, G: nx.MultiDiGraph, *, on: dt.date, lookback_days: int | None = None,
                 max_depth: int | None = None, max_org_steps: int | None = None,
                 exclude_orgs: Iterable[str] = (), exclude_bodies: Iterable[str] = (),
                 limit: int | None = None, grammar: Grammar = GRAMMAR):
        self.grammar = grammar
        max_depth = grammar.max_depth if max_depth is None else max_depth
        if max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        self.G = G
        self.on = on
        self.lookback_days = grammar.lookback_days if lookback_days is None else lookback_days
        self.max_depth = max_depth
        steps = grammar.max_org_steps if max_org_steps is None else max_org_steps
        self.max_org_steps = max(0, min(steps, max_depth - 1))
        self.exclude_orgs = {ids.org(o) for o in exclude_orgs}
        self.exclude_bodies = {ids.body(b) for b in exclude_bodies}
        self.limit = grammar.limit if limit is None else limit
        self._index = index.of(G)
        #: People whose paths went over ``limit`` (person -> how many were found): only the first
        #: ``limit`` are returned, and the screen warns (see :attr:`coigraph.paths.PathSearch.capped`).
        self.capped: dict[str, int] = {}
        self._incident: dict[str, list[Incident]] = {}
        self._reach: dict[frozenset[str], Reach] = {}
        self._prefixes: dict[str, list[Prefix]] = {}
        self._landing_sets: dict[str, frozenset[str]] = {}

    # ----------------------------------------------------------------- org relations

    def _org_ok(self, org: str) -> bool:
        return org in self.G and org not in self.exclude_orgs and in_force(self.G.nodes[org], self.on)

    def incident(self, org: str) -> list[Incident]:
        """Line relations touching ``org`` in force on the date: ``(other, key, attrs, dir, reversed)``.

        ``dir`` is the direction of the step *from other to org*; ``reversed``
        says whether that step walks against the stored edge.  Cost: the
        degree of ``org`` (once; memoised).
        """
        got = self._incident.get(org)
        if got is not None:
            return got
        out: list[Incident] = []
        grammar, line_of, idx = self.grammar, self.grammar.line_of, self._index
        org_prefix = ids.ORG + ":"
        # only the edge types lines are made of, from the index (a hub's posts and the items
        # about it are never walked)
        for edge_type in sorted(grammar.line_types):
            # edges other -> org: walking other -> org goes with them
            for other, key, a in idx.in_edges(org, edge_type):
                line = line_of(a)
                if other.startswith(org_prefix) and line is not None and in_force(a, self.on):
                    out.append((other, key, a, grammar.direction(line, False), False))
            # edges org -> other: walking other -> org goes against them
            for other, key, a in idx.out_edges(org, edge_type):
                line = line_of(a)
                if other.startswith(org_prefix) and line is not None and in_force(a, self.on):
                    out.append((other, key, a, grammar.direction(line, True), True))
        out.sort(key=lambda x: (x[0], x[1]))
        self._incident[org] = out
        return out

    def reach(self, targets: Iterable[str]) -> Reach:
        """Reverse BFS from ``targets`` over line relations, per direction, up to max_org_steps.

        Cost: the targets' ``max_org_steps``-step relation neighbourhood.
        """
        tset = frozenset(ids.org(t) for t in targets)
        got = self._reach.get(tset)
        if got is not None:
            return got
        r = Reach(targets=tset)
        for d in DIRECTIONS:
            frontier = []
            for t in sorted(tset):
                if self._org_ok(t):
                    r.dist[(t, d)] = 0
                    frontier.append(t)
            for depth in range(1, self.max_org_steps + 1):
                nxt = []
                for x in frontier:
                    for other, key, a, step_dir, rev in self.incident(x):
                        if step_dir != d or not self._org_ok(other):
                            continue
                        r.hops[(other, d)].append((x, key, a, rev))
                        if (other, d) not in r.dist:
                            r.dist[(other, d)] = depth
                            nxt.append(other)
                frontier = nxt
        r.near = {org for org, _ in r.dist}
        self._reach[tset] = r
        return r

    # ----------------------------------------------------------------- person side

    def _carrier_edges(self, who: str) -> list[tuple[str, str, dict[str, Any]]]:
        """``who``'s out-edges of the carrier types, by target and key (from the index: their
        attendance, however long, is never walked)."""
        idx = self._index
        edges = [e for t in self.grammar.carrier_types for e in idx.out_edges(who, t)]
        return sorted(edges, key=lambda e: (e[0], e[1]))

    def prefixes(self, person: str) -> list[Prefix]:
        """The person's interest-carrying edges, each ending at the organisation it lands on.

        Cost: the degree of the person and of each associate, plus the owners of bodies they sit on.
        """
        got = self._prefixes.get(person)
        if got is not None:
            return got
        self._landing_sets.pop(person, None)
        out: list[Prefix] = []
        G = self.G
        if person not in G:
            self._prefixes[person] = out
            return out
        out.extend(self._own_prefixes(person, [], None, None, allow_indirect=True))
        for assoc, key, a, rev, words in self._associates(person):
            step = (person, assoc, key, a, rev)
            out.extend(self._own_prefixes(assoc, [step], assoc, words, allow_indirect=False))
        covered = self._covered(person)
        if covered:
            out = [p for p in out if p.landing not in covered.get(p.carrier.get("type"), ())]
        self._prefixes[person] = out
        return out

    def _covered(self, person: str) -> dict[str, set[str]]:
        """Per carrier with ``covered_by``: the organisations the person's own covering entries name.

        An entry in force on the date, or ended within the look-back, naming the
        organisation covers it (a control of a company the member declared is
        not "possibly undeclared": the declared path is used instead).
        """
        wanted = {c.edge_type: set(c.covered_by) for c in self.grammar.carriers if c.covered_by}
        if not wanted:
            return {}
        by_type: dict[str, set[str]] = defaultdict(set)
        # only the covering types, from the index: the person's attendance is never walked
        for t in sorted({o for others in wanted.values() for o in others}):
            for v, _, a in self._index.out_edges(person, t):
                if ids.is_org(v) and in_force(a, self.on, lookback_days=self.lookback_days):
                    by_type[t].add(v)
        return {t: set().union(*(by_type.get(o, set()) for o in others)) for t, others in wanted.items()}

    def _associates(self, person: str) -> list[tuple[str, str, dict[str, Any], bool, str | None]]:
        """Associations in force on the date, either way round (the relation is mutual).

        Each as ``(associate, key, attrs, reversed, relation in words)``.
        """
        out = []
        idx = self._index
        edges = [(v, key, a, False) for t in sorted(self.grammar.associate_types)
                 for v, key, a in idx.out_edges(person, t)]
        edges += [(u, key, a, True) for t in sorted(self.grammar.associate_types)
                  for u, key, a in idx.in_edges(person, t)]
        for other, key, a, rev in edges:
            decl = self.grammar.associate(a.get("type"))
            if decl is None or other == person or not in_force(a, self.on):
                continue
            words = next((a[f] for f in decl.words_fields if a.get(f)), None)
            out.append((other, key, a, rev, words))
        return sorted(out, key=lambda x: (x[0], x[1]))

    def _own_prefixes(self, who: str, before: list[Hop], associate: str | None, relationship: str | None,
                      *, allow_indirect: bool) -> list[Prefix]:
        G, grammar = self.G, self.grammar
        lookback = self.lookback_days if grammar.carrier_lookback else 0
        # every edge of the person is looked at: the edge's type and the grammar's fields are read
        # from the attribute dict directly (a view per edge would cost an object each)
        out: list[Prefix] = []
        for v, key, a in self._carrier_edges(who):
            carrier = grammar.carrier(a.get("type"))
            if carrier is None:
                continue
            if not in_force(a, self.on, lookback_days=lookback if carrier.lookback else 0):
                continue
            if carrier.indirect_field and a.get(carrier.indirect_field) and not allow_indirect:
                continue  # an associate's own indirect interest is two steps removed: not followed
            if carrier.seat_field and a.get(carrier.seat_field) \
                    and ids.body(a[carrier.seat_field]) in self.exclude_bodies:
                continue  # the seat on the body being screened is no interest
            edges = [*before, (who, v, key, a, False)]
            lands = ids.type_of(v)
            if lands not in carrier.lands_on:
                continue
            if lands == ORGANISATION:
                if self._org_ok(v):
                    out.append(Prefix(v, edges, key, a, associate, relationship))
            elif lands == BODY:
                if v in self.exclude_bodies or not in_force(G.nodes[v], self.on):
                    continue
                for owner, okey, oa in seat_owners(G, v, a, grammar):
                    if self._org_ok(owner):
                        out.append(Prefix(owner, [*edges, (v, owner, okey, oa, False)], key, a,
                                          associate, relationship, via_body=v))
        return out

    def _landings(self, person: str) -> frozenset[str]:
        """The organisations ``person``'s prefixes land on (memoised with them)."""
        got = self._landing_sets.get(person)
        if got is None:
            got = self._landing_sets[person] = frozenset(p.landing for p in self.prefixes(person))
        return got

    # ----------------------------------------------------------------- the search

    def paths(self, person: str, targets: Iterable[str]) -> list[InterestPath]:
        """Every shortest explanation of how ``person``'s interests reach any of ``targets``.

        Sorted by organisation, length and edge keys; at most ``limit`` (a person with more is
        recorded in :attr:`capped`).
        """
        person = ids.person(person)
        reach = self.reach(targets)
        if not reach.targets:
            return []
        pres = self.prefixes(person)
        if self._landings(person).isdisjoint(reach.near):
            return []  # nothing the person's interests land on can reach a target
        best: dict[tuple, list[InterestPath]] = {}
        for pre in pres:
            budget = self.max_depth - len(pre.edges)
            if budget < 0:
                continue
            lo = min((reach.dist.get((pre.landing, d), 99) for d in DIRECTIONS), default=99)
            if lo > budget:
                continue  # pruned: this landing cannot reach a target within the depth bound
            if pre.landing in reach.targets:
                self._keep(best, person, pre, [], None)
            for d in DIRECTIONS:
                if reach.dist.get((pre.landing, d), 99) <= min(budget, self.max_org_steps):
                    self._walk(best, person, pre, reach, d, pre.landing, [], {pre.landing},
                               min(budget, self.max_org_steps))
        found = [p for group in best.values() for p in group]
        found.sort(key=InterestPath.sort_key)
        if len(found) > self.limit:  # never silently: the screen names the person and the limit
            self.capped[person] = max(self.capped.get(person, 0), len(found))
        return found[: self.limit]

    def _walk(self, best, person: str, pre: Prefix, reach: Reach, d: Direction, node: str,
              steps: list[Hop], seen: set[str], budget: int) -> None:
        if budget <= 0:
            return
        for nxt, key, a, rev in reach.hops.get((node, d), ()):
            if nxt in seen or reach.dist.get((nxt, d), 99) > budget - 1:
                continue
            new = [*steps, (node, nxt, key, a, rev)]
            if nxt in reach.targets:
                self._keep(best, person, pre, new, d)
            self._walk(best, person, pre, reach, d, nxt, new, seen | {nxt}, budget - 1)

    def _keep(self, best, person: str, pre: Prefix, steps: list[Hop], d: Direction | None) -> None:
        target = steps[-1][1] if steps else pre.landing
        explanation = (target, pre.carrier_key, pre.edges[0][2] if pre.associate else None)
        length = len(pre.edges) + len(steps)
        group = best.get(explanation)
        if group and len(group[0].edges) < length:
            return
        path = build_path(self.G, self.on, person, pre, steps, d, target, self.grammar)
        if group and len(group[0].edges) == length:
            if all(tuple(e.key for e in p.edges) != tuple(e.key for e in path.edges) for p in group):
                group.append(path)
        else:
            best[explanation] = [path]

    # ----------------------------------------------------------------- membership (self items)

    def membership_paths(self, person: str, org: str) -> list[InterestPath]:
        """The person's own posts at ``org``, or seats on bodies it owns, in force on the date.

        Used for items whose effect is ``self``: members' own pay, posts or
        body.  Unlike :meth:`paths`, the body being screened and its owner are
        *not* excluded: that seat is exactly what such an item touches.
        Cost: the person's degree.
        """
        person, org = ids.person(person), ids.org(org)
        G, on, grammar = self.G, self.on, self.grammar
        out: list[InterestPath] = []
        if person not in G:
            return out
        for v, key, a in self._carrier_edges(person):
            carrier = grammar.carrier(a.get("type"))
            if carrier is None or not carrier.membership or not in_force(a, on):
                continue
            if v == org:
                walked: list[Hop] = [(person, v, key, a, False)]
                seat = a.get(carrier.seat_field) if carrier.seat_field else None
                via_body = ids.body(seat) if seat else None
            elif ids.is_body(v) and BODY in carrier.lands_on:
                hit = [(k, oa) for o, k, oa in seat_owners(G, v, a, grammar) if o == org]
                if not hit:
                    continue
                walked = [(person, v, key, a, False), (v, org, hit[0][0], hit[0][1], False)]
                via_body = v
            else:
                continue
            out.append(membership_path(G, on, person, org, walked, key, via_body, grammar))
        return sorted(out, key=InterestPath.sort_key)


def seat_owners(G: nx.MultiDiGraph, body: str, seat: dict[str, Any],
                grammar: Grammar = GRAMMAR) -> list[tuple[str, str, dict[str, Any]]]:
    """The organisations a seat on ``body`` is an interest in: ``(org, owned_by key, attrs)``.

    A body's owner, if it has one.  A body of several owners (a joint
    committee, committees in common, the ICP) is joint: a seat on it is for
    the owner the position names in ``organisation`` (the ICB's chair chairing
    the ICP sits for the ICB, not for the councils), and for none if it names
    none of them.  Cost: the body's out-degree.
    """
    owners = list(index.of(G).out_edges(body, grammar.seat.edge_type))  # sorted by owner and key
    if len(owners) <= 1:
        return owners
    named = seat.get(grammar.seat.names_owner)
    return [x for x in owners if x[0] == ids.org(named)] if named else []


def excluded_orgs(G: nx.MultiDiGraph, body: str, grammar: Grammar = GRAMMAR) -> list[str]:
    """Organisations whose interest no path may carry when ``body`` meets.

    A body's single owner (the ICB for the ICB board and its committees; a
    trust for its own board).  For a body of several owners (a joint
    committee, committees in common) only the commissioners among them (ICB,
    NHS England): a trust chief executive on a joint committee still has an
    interest in an award to their own trust (:meth:`Grammar.excluded_owners`).
    """
    owners = [ids.org(o) for o in views.body(G, body).owners or []]
    return grammar.excluded_owners(
        (o, views.organisation(G, o).kind if o in G else None) for o in owners)


def interest_paths(G: nx.MultiDiGraph, person_node: str, target_orgs: Iterable[str], *, on: dt.date,
                   lookback_days: int | None = None, max_depth: int | None = None,
                   max_org_steps: int | None = None, exclude_orgs: Iterable[str] = (),
                   exclude_bodies: Iterable[str] = (), limit: int | None = None,
                   grammar: Grammar = GRAMMAR) -> list[InterestPath]:
    """Every shortest explanation of how ``person_node``'s interests reach ``target_orgs`` on ``on``.

    See the module docstring for the shapes followed.  ``person_node`` is
    ``person:<id>`` (or a bare id); ``target_orgs`` are ``org:<id>`` (or bare
    ids).  ``lookback_days`` keeps interests that ended that many days before
    ``on`` (marked ``recency='ended'``).  At most ``max_depth`` edges per path
    and ``limit`` paths in all.  The bounds default to ``grammar``'s (183
    days, 5 edges, 2 organisation steps, 1000 paths).

    Examples:
        >>> import datetime as dt, networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("person:ann", type="person", name="Ann")
        >>> G.add_node("org:gp", type="organisation", name="Oak Surgery")
        >>> G.add_node("org:pcn", type="organisation", name="Oak PCN")
        >>> _ = G.add_edge("person:ann", "org:gp", key="position:p1", type="position", role="gp_partner")
        >>> _ = G.add_edge("org:gp", "org:pcn", key="org_relation:r1", type="org_relation", kind="member_of")
        >>> [p.text for p in interest_paths(G, "person:ann", ["org:pcn"], on=dt.date(2025, 5, 1))]
        ['Ann → GP partner at Oak Surgery → a member of Oak PCN']

    Notes:
        Cost is linear in the degrees of the nodes within reach (the person,
        their associates, the bodies and organisations they hold interests in,
        and the targets' two-step relation neighbourhood), independent of the
        size of the graph.
    """
    finder = PathFinder(G, on=on, lookback_days=lookback_days, max_depth=max_depth,
                        max_org_steps=max_org_steps, exclude_orgs=exclude_orgs,
                        exclude_bodies=exclude_bodies, limit=limit, grammar=grammar)
    return finder.paths(person_node, target_orgs)


__all__ = ["PathFinder", "Reach", "interest_paths", "seat_owners", "excluded_orgs"]
