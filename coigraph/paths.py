"""Interest paths: how a person's interests reach an organisation, as evidence chains.

This is the one path search every analysis uses.  It is *typed*: it follows
only the edges that carry an interest, each in the direction of its meaning,
so that nobody is "conflicted" merely because everyone sits on the ICB board
or because two trusts belong to the same collaborative.  The shapes that
carry an interest (``->`` is one edge):

1. person -> (position | declared interest) -> organisation
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
ICB decides) and never from a seat on ``exclude_bodies`` (the body being
screened itself).

Dates: every edge must be in force on ``on``; the *interest-carrying* edge
(the position or register entry) may instead have ended within
``lookback_days`` before ``on``, and the path is then marked
``recency="ended"``.  Nothing that starts after ``on`` is used.

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
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph.graph import in_force
from coigraph.graph import node_name as _name

#: Default bound on the number of edges of a path: associate, interest, owned_by, two org steps.
DEFAULT_MAX_DEPTH = 5
#: Default bound on organisation steps after the interest-carrying edge.
DEFAULT_MAX_ORG_STEPS = 2
#: Default cap on the paths returned by one call.
DEFAULT_LIMIT = 1000
#: Default look-back for interests that ended before the date (about six months).
DEFAULT_LOOKBACK_DAYS = 183

#: Organisation relations that make a line, and the way each reads when followed forwards.
UP_FORWARD = {"subsidiary_of", "member_of"}  # source -> target goes up
DOWN_FORWARD = {"owns"}  # source owns target: source -> target goes down
LINE_KINDS = UP_FORWARD | DOWN_FORWARD

Direction = Literal["up", "down"]


# --------------------------------------------------------------------------- records


class PathNode(BaseModel):
    """A node on a path: its graph id, type and name."""

    id: str
    type: str
    name: str


class PathEdge(BaseModel):
    """One step of a path, with the record behind it and where that record came from."""

    source: str = Field(description="Node the step leaves (as walked, not as stored).")
    target: str = Field(description="Node the step reaches.")
    key: str = Field(description="The graph edge key, e.g. 'position:p-12'.")
    type: str = Field(description="position, interest, association, owned_by or org_relation.")
    label: str = Field(description="The step in words, e.g. 'chief executive at'.")
    evidence: str | None = Field(None, description="Where the record came from: 'file:row'.")
    record: str | None = Field(None, description="The record's id, if it has one.")
    start: dt.date | None = None
    end: dt.date | None = None
    in_force: bool = Field(True, description="In force on the date (False: ended within the look-back).")
    reversed: bool = Field(False, description="Walked against the stored direction ('owned by').")


class InterestPath(BaseModel):
    """How one person's interest reaches one organisation: nodes, edges and what kind of path it is."""

    person: str
    organisation: str
    nodes: list[PathNode]
    edges: list[PathEdge]
    shape: Literal["direct", "via_org", "self"] = Field(
        description="direct: the interest is in the organisation (or a body it owns); "
        "via_org: reached through organisation relations; self: the person's seat or post at "
        "the organisation whose body is meeting (for items that affect the members themselves)."
    )
    indirect: bool = Field(description="Held through an associate (spouse, relative, business partner...).")
    carrier: Literal["position", "interest"] = Field(
        description="What carries the interest: a post held, or an entry on the register."
    )
    carrier_key: str = Field(description="Graph key of the position or interest record.")
    role: str | None = Field(None, description="For a position: the role held.")
    interest_types: list[str] = Field(default_factory=list, description="For a register entry: its types.")
    relations: list[str] = Field(default_factory=list, description="Organisation relations walked, in order.")
    direction: Direction | None = Field(None, description="Which way the organisation steps go.")
    via_body: str | None = Field(None, description="The body whose seat carried the interest, if any.")
    associate: str | None = Field(None, description="For an indirect interest: the associate.")
    relationship: str | None = Field(None, description="For an indirect interest: 'wife', 'business partner'...")
    recency: Literal["current", "ended"] = "current"
    ended: dt.date | None = Field(None, description="When the interest ended, if it has.")
    text: str = Field(description="The chain in words, with the evidence of each step.")

    def sort_key(self) -> tuple:
        return (self.organisation, len(self.edges), tuple(e.key for e in self.edges))


# --------------------------------------------------------------------------- helpers


def _words(value: Any) -> str:
    return str(value).replace("_", " ")


def type_words(interest_type: Any) -> str:
    """An interest type as registers write it: 'non_financial_personal' -> 'non-financial personal'."""
    return str(interest_type).replace("non_financial_", "non-financial ").replace("_", " ")


def _edge_label(a: dict[str, Any], reversed_: bool, target: str = "") -> str:
    t = a.get("type")
    if t == "position":
        return f"{_words(a.get('role', 'post'))} {'on' if target.startswith('body:') else 'at'}"
    if t == "interest":
        types = " and ".join(type_words(x) for x in a.get("types", []))
        extra = " (indirect" + (f", through their {a['relationship']}" if a.get("relationship") else "") + ")" \
            if a.get("indirect") else ""
        return f"declared {types} interest{extra} in"
    if t == "association":
        return f"{a.get('relationship') or _words(a.get('kind', 'associate'))}:"
    if t == "owned_by":
        return "a body of"
    if t == "org_relation":
        kind = a.get("kind")
        if not reversed_:
            return {"subsidiary_of": "a subsidiary of", "member_of": "a member of", "owns": "owner of"}.get(
                kind, _words(kind))
        return {"subsidiary_of": "parent of", "member_of": "which has as a member",
                "owns": "owned by"}.get(kind, _words(kind))
    return _words(t)


def _step(G: nx.MultiDiGraph, u: str, v: str, key: str, a: dict[str, Any], on: dt.date,
          reversed_: bool = False) -> PathEdge:
    return PathEdge(
        source=u, target=v, key=key, type=str(a.get("type")), label=_edge_label(a, reversed_, v),
        evidence=a.get("src"), record=a.get("id"), start=a.get("start"), end=a.get("end"),
        in_force=in_force(a, on), reversed=reversed_,
    )


def _chain_text(G: nx.MultiDiGraph, person: str, edges: list[PathEdge]) -> str:
    parts = [_name(G, person)]
    for e in edges:
        ev = f" [{e.evidence}]" if e.evidence else ""
        ended = f" (ended {e.end.isoformat()})" if not e.in_force and e.end else ""
        parts.append(f"{e.label} {_name(G, e.target)}{ended}{ev}")
    return " → ".join(parts)


@dataclass
class _Prefix:
    """The person-side part of a path, ending at an organisation the interest lands on."""

    landing: str
    edges: list[tuple[str, str, str, dict[str, Any], bool]]  # (u, v, key, attrs, reversed)
    carrier_key: str
    carrier: dict[str, Any]
    associate: str | None = None
    relationship: str | None = None
    via_body: str | None = None


@dataclass
class _Reach:
    """Reverse BFS result for one target set: distance and forward hops per (org, direction)."""

    dist: dict[tuple[str, str], int] = field(default_factory=dict)
    hops: dict[tuple[str, str], list[tuple[str, str, dict[str, Any], bool]]] = field(
        default_factory=lambda: defaultdict(list))
    targets: frozenset[str] = frozenset()


class PathFinder:
    """A reusable interest-path search for one date and one set of exclusions.

    Screening a meeting asks the same question for many people and items;
    one finder per meeting memoises each organisation's relation list and
    each target set's reverse search, so each is computed once.
    """

    def __init__(self, G: nx.MultiDiGraph, *, on: dt.date, lookback_days: int = DEFAULT_LOOKBACK_DAYS,
                 max_depth: int = DEFAULT_MAX_DEPTH, max_org_steps: int = DEFAULT_MAX_ORG_STEPS,
                 exclude_orgs: Iterable[str] = (), exclude_bodies: Iterable[str] = (),
                 limit: int = DEFAULT_LIMIT):
        if max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        self.G = G
        self.on = on
        self.lookback_days = lookback_days
        self.max_depth = max_depth
        self.max_org_steps = max(0, min(max_org_steps, max_depth - 1))
        self.exclude_orgs = {_org_id(o) for o in exclude_orgs}
        self.exclude_bodies = {_body_id(b) for b in exclude_bodies}
        self.limit = limit
        self._incident: dict[str, list[tuple[str, str, dict[str, Any], str, bool]]] = {}
        self._reach: dict[frozenset[str], _Reach] = {}
        self._prefixes: dict[str, list[_Prefix]] = {}

    # ----------------------------------------------------------------- org relations

    def _org_ok(self, org: str) -> bool:
        return org in self.G and org not in self.exclude_orgs and in_force(self.G.nodes[org], self.on)

    def incident(self, org: str) -> list[tuple[str, str, dict[str, Any], str, bool]]:
        """Line relations touching ``org`` in force on the date: ``(other, key, attrs, dir, reversed)``.

        ``dir`` is the direction of the step *from other to org*; ``reversed``
        says whether that step walks against the stored edge.  Cost: the
        degree of ``org`` (once; memoised).
        """
        got = self._incident.get(org)
        if got is not None:
            return got
        out: list[tuple[str, str, dict[str, Any], str, bool]] = []
        G = self.G
        # edges other -> org; a hub's in-edges are mostly people's posts: skip those by the node id alone
        for other, keyed in G.pred[org].items():
            if not other.startswith("org:"):
                continue
            for key, a in keyed.items():
                if a.get("type") == "org_relation" and a.get("kind") in LINE_KINDS and in_force(a, self.on):
                    out.append((other, key, a, "up" if a["kind"] in UP_FORWARD else "down", False))
        # edges org -> other: walking other -> org goes against them
        for other, keyed in G.succ[org].items():
            if not other.startswith("org:"):
                continue
            for key, a in keyed.items():
                if a.get("type") == "org_relation" and a.get("kind") in LINE_KINDS and in_force(a, self.on):
                    out.append((other, key, a, "down" if a["kind"] in UP_FORWARD else "up", True))
        out.sort(key=lambda x: (x[0], x[1]))
        self._incident[org] = out
        return out

    def reach(self, targets: Iterable[str]) -> _Reach:
        """Reverse BFS from ``targets`` over line relations, per direction, up to max_org_steps.

        Cost: the targets' ``max_org_steps``-step relation neighbourhood.
        """
        tset = frozenset(_org_id(t) for t in targets)
        got = self._reach.get(tset)
        if got is not None:
            return got
        r = _Reach(targets=tset)
        for d in ("up", "down"):
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
        self._reach[tset] = r
        return r

    # ----------------------------------------------------------------- person side

    def prefixes(self, person: str) -> list[_Prefix]:
        """The person's interest-carrying edges, each ending at the organisation it lands on.

        Cost: the degree of the person and of each associate, plus the owners of bodies they sit on.
        """
        got = self._prefixes.get(person)
        if got is not None:
            return got
        out: list[_Prefix] = []
        G = self.G
        if person not in G:
            self._prefixes[person] = out
            return out
        out.extend(self._own_prefixes(person, [], None, None, allow_indirect=True))
        for assoc, key, a, rev in self._associates(person):
            step = (person, assoc, key, a, rev)
            out.extend(self._own_prefixes(assoc, [step], assoc, a.get("relationship") or a.get("kind"),
                                          allow_indirect=False))
        self._prefixes[person] = out
        return out

    def _associates(self, person: str) -> list[tuple[str, str, dict[str, Any], bool]]:
        """Associations in force on the date, either way round (the relation is mutual)."""
        out = []
        for _, v, key, a in self.G.out_edges(person, keys=True, data=True):
            if a.get("type") == "association" and v != person and in_force(a, self.on):
                out.append((v, key, a, False))
        for u, _, key, a in self.G.in_edges(person, keys=True, data=True):
            if a.get("type") == "association" and u != person and in_force(a, self.on):
                out.append((u, key, a, True))
        return sorted(out, key=lambda x: (x[0], x[1]))

    def _own_prefixes(self, who: str, before: list, associate: str | None, relationship: str | None,
                      *, allow_indirect: bool) -> list[_Prefix]:
        G = self.G
        out: list[_Prefix] = []
        for _, v, key, a in sorted(G.out_edges(who, keys=True, data=True), key=lambda e: (e[1], e[2])):
            t = a.get("type")
            if t not in ("position", "interest"):
                continue
            if not in_force(a, self.on, lookback_days=self.lookback_days):
                continue
            if t == "interest" and a.get("indirect") and not allow_indirect:
                continue  # an associate's own indirect interest is two steps removed: not followed
            if t == "position" and a.get("body") and _body_id(a["body"]) in self.exclude_bodies:
                continue  # the seat on the body being screened is no interest
            edges = [*before, (who, v, key, a, False)]
            if v.startswith("org:"):
                if self._org_ok(v):
                    out.append(_Prefix(v, edges, key, a, associate, relationship))
            elif v.startswith("body:") and t == "position":
                if v in self.exclude_bodies or not in_force(G.nodes[v], self.on):
                    continue
                for owner, okey, oa in seat_owners(G, v, a):
                    if self._org_ok(owner):
                        out.append(_Prefix(owner, [*edges, (v, owner, okey, oa, False)], key, a,
                                           associate, relationship, via_body=v))
        return out

    # ----------------------------------------------------------------- the search

    def paths(self, person: str, targets: Iterable[str]) -> list[InterestPath]:
        """Every shortest explanation of how ``person``'s interests reach any of ``targets``.

        Sorted by organisation, length and edge keys; at most ``limit``.
        """
        person = _person_id(person)
        reach = self.reach(targets)
        if not reach.targets:
            return []
        best: dict[tuple, list[InterestPath]] = {}
        for pre in self.prefixes(person):
            budget = self.max_depth - len(pre.edges)
            if budget < 0:
                continue
            lo = min((reach.dist.get((pre.landing, d), 99) for d in ("up", "down")), default=99)
            if lo > budget:
                continue  # pruned: this landing cannot reach a target within the depth bound
            if pre.landing in reach.targets:
                self._keep(best, person, pre, [], None)
            for d in ("up", "down"):
                if reach.dist.get((pre.landing, d), 99) <= min(budget, self.max_org_steps):
                    self._walk(best, person, pre, reach, d, pre.landing, [], {pre.landing},
                               min(budget, self.max_org_steps))
        found = [p for group in best.values() for p in group]
        found.sort(key=InterestPath.sort_key)
        return found[: self.limit]

    def _walk(self, best, person, pre, reach, d, node, steps, seen, budget) -> None:
        if budget <= 0:
            return
        for nxt, key, a, rev in reach.hops.get((node, d), ()):
            if nxt in seen or reach.dist.get((nxt, d), 99) > budget - 1:
                continue
            src, dst = (nxt, node) if rev else (node, nxt)
            step = (node, nxt, key, a, rev, src, dst)
            new = [*steps, step]
            if nxt in reach.targets:
                self._keep(best, person, pre, new, d)
            self._walk(best, person, pre, reach, d, nxt, new, seen | {nxt}, budget - 1)

    def _keep(self, best, person, pre: _Prefix, steps, d) -> None:
        target = steps[-1][1] if steps else pre.landing
        explanation = (target, pre.carrier_key, pre.edges[0][2] if pre.associate else None)
        length = len(pre.edges) + len(steps)
        group = best.get(explanation)
        if group and len(group[0].edges) < length:
            return
        path = self._build(person, pre, steps, d, target)
        if group and len(group[0].edges) == length:
            if all(tuple(e.key for e in p.edges) != tuple(e.key for e in path.edges) for p in group):
                group.append(path)
        else:
            best[explanation] = [path]

    def _build(self, person, pre: _Prefix, steps, d, target) -> InterestPath:
        G, on = self.G, self.on
        edges = [_step(G, u, v, k, a, on, rev) for (u, v, k, a, rev) in pre.edges]
        for node, nxt, key, a, rev, _src, _dst in steps:
            edges.append(_step(G, node, nxt, key, a, on, rev))
        node_ids = [person] + [e.target for e in edges]
        nodes = [PathNode(id=n, type=str(G.nodes[n].get("type", n.split(":", 1)[0])), name=_name(G, n))
                 for n in node_ids]
        c = pre.carrier
        current = in_force(c, on)
        return InterestPath(
            person=person, organisation=target, nodes=nodes, edges=edges,
            shape="via_org" if steps else "direct",
            indirect=bool(pre.associate) or bool(c.get("indirect")),
            carrier="position" if c.get("type") == "position" else "interest",
            carrier_key=pre.carrier_key, role=c.get("role"),
            interest_types=[str(x) for x in c.get("types", [])],
            relations=[str(s[3].get("kind")) for s in steps], direction=d if steps else None,
            via_body=pre.via_body,
            associate=pre.associate or (f"person:{c['associate']}" if c.get("associate") else None),
            relationship=pre.relationship if pre.associate else c.get("relationship"),
            recency="current" if current else "ended", ended=None if current else c.get("end"),
            text=_chain_text(G, person, edges),
        )

    # ----------------------------------------------------------------- membership (self items)

    def membership_paths(self, person: str, org: str) -> list[InterestPath]:
        """The person's own posts at ``org``, or seats on bodies it owns, in force on the date.

        Used for items whose effect is ``self``: members' own pay, posts or
        body.  Unlike :meth:`paths`, the body being screened and its owner are
        *not* excluded: that seat is exactly what such an item touches.
        Cost: the person's degree.
        """
        person, org = _person_id(person), _org_id(org)
        G, on = self.G, self.on
        out: list[InterestPath] = []
        if person not in G:
            return out
        for _, v, key, a in sorted(G.out_edges(person, keys=True, data=True), key=lambda e: (e[1], e[2])):
            if a.get("type") != "position" or not in_force(a, on):
                continue
            if v == org:
                edges = [_step(G, person, v, key, a, on)]
                via_body = _body_id(a["body"]) if a.get("body") else None
            elif v.startswith("body:"):
                hit = [(k, oa) for o, k, oa in seat_owners(G, v, a) if o == org]
                if not hit:
                    continue
                edges = [_step(G, person, v, key, a, on), _step(G, v, org, hit[0][0], hit[0][1], on)]
                via_body = v
            else:
                continue
            nodes = [PathNode(id=n, type=str(G.nodes[n].get("type", "")), name=_name(G, n))
                     for n in [person] + [e.target for e in edges]]
            out.append(InterestPath(
                person=person, organisation=org, nodes=nodes, edges=edges, shape="self", indirect=False,
                carrier="position", carrier_key=key, role=a.get("role"), via_body=via_body,
                text=_chain_text(G, person, edges)))
        return sorted(out, key=InterestPath.sort_key)


def seat_owners(G: nx.MultiDiGraph, body: str, seat: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The organisations a seat on ``body`` is an interest in: ``(org, owned_by key, attrs)``.

    A body's owner, if it has one.  A body of several owners (a joint
    committee, committees in common, the ICP) is joint: a seat on it is for
    the owner the position names in ``organisation`` (the ICB's chair chairing
    the ICP sits for the ICB, not for the councils), and for none if it names
    none of them.  Cost: the body's out-degree.
    """
    owners = sorted((o, k, oa) for _, o, k, oa in G.out_edges(body, keys=True, data=True)
                    if oa.get("type") == "owned_by")
    if len(owners) <= 1:
        return owners
    named = seat.get("organisation")
    return [x for x in owners if x[0] == f"org:{named}"] if named else []


def _org_id(x: str) -> str:
    return x if x.startswith("org:") else f"org:{x}"


def _body_id(x: str) -> str:
    return x if x.startswith("body:") else f"body:{x}"


def _person_id(x: str) -> str:
    return x if x.startswith("person:") else f"person:{x}"


def interest_paths(G: nx.MultiDiGraph, person_node: str, target_orgs: Iterable[str], *, on: dt.date,
                   lookback_days: int = DEFAULT_LOOKBACK_DAYS, max_depth: int = DEFAULT_MAX_DEPTH,
                   max_org_steps: int = DEFAULT_MAX_ORG_STEPS, exclude_orgs: Iterable[str] = (),
                   exclude_bodies: Iterable[str] = (), limit: int = DEFAULT_LIMIT) -> list[InterestPath]:
    """Every shortest explanation of how ``person_node``'s interests reach ``target_orgs`` on ``on``.

    See the module docstring for the shapes followed.  ``person_node`` is
    ``person:<id>`` (or a bare id); ``target_orgs`` are ``org:<id>`` (or bare
    ids).  ``lookback_days`` keeps interests that ended that many days before
    ``on`` (marked ``recency='ended'``).  At most ``max_depth`` edges per path
    and ``limit`` paths in all.

    Examples:
        >>> import datetime as dt, networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("person:ann", type="person", name="Ann")
        >>> G.add_node("org:gp", type="organisation", name="Oak Surgery")
        >>> G.add_node("org:pcn", type="organisation", name="Oak PCN")
        >>> _ = G.add_edge("person:ann", "org:gp", key="position:p1", type="position", role="gp_partner")
        >>> _ = G.add_edge("org:gp", "org:pcn", key="org_relation:r1", type="org_relation", kind="member_of")
        >>> [p.text for p in interest_paths(G, "person:ann", ["org:pcn"], on=dt.date(2025, 5, 1))]
        ['Ann → gp partner at Oak Surgery → a member of Oak PCN']

    Notes:
        Cost is linear in the degrees of the nodes within reach (the person,
        their associates, the bodies and organisations they hold interests in,
        and the targets' two-step relation neighbourhood), independent of the
        size of the graph.
    """
    finder = PathFinder(G, on=on, lookback_days=lookback_days, max_depth=max_depth,
                        max_org_steps=max_org_steps, exclude_orgs=exclude_orgs,
                        exclude_bodies=exclude_bodies, limit=limit)
    return finder.paths(person_node, target_orgs)


__all__ = ["InterestPath", "PathEdge", "PathNode", "PathFinder", "interest_paths", "seat_owners", "DEFAULT_MAX_DEPTH",
           "DEFAULT_LOOKBACK_DAYS", "DEFAULT_LIMIT", "DEFAULT_MAX_ORG_STEPS"]
