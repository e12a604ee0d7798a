"""The scheme of delegation, indexed once per graph: delegations, boards, reserved matters, posts,
joint authorities, procurement thresholds and who holds which post.

Every delegation analysis (tracing, the scheme audit, powers, the delegation
map) asks the same questions of the graph many times: which delegations
reach this body for this matter, which is this organisation's board, does
this matter fall under that one.  :class:`Scheme` answers them from indexes
built in one pass over the graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.delegation.rules import overlaps
from coigraph.model import (
    BodyKind,
    Decision,
    Delegation,
    JointAuthority,
    Position,
    Post,
    PostKind,
    ProcurementThreshold,
    ReservedMatter,
)
from coigraph.words import lower_first


@dataclass
class DelegationEdge:
    """A delegation edge, with its ends as graph nodes (``a`` is the edge's attribute dict)."""

    id: str
    u: str
    v: str
    a: dict[str, Any]
    rec: Delegation = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rec = views.delegation(self.a)

    @property
    def matters(self) -> list[str]:
        return list(self.rec.matters)

    @property
    def limit(self) -> float | None:
        return self.rec.limit

    @property
    def start(self) -> dt.date | None:
        return self.rec.start

    @property
    def end(self) -> dt.date | None:
        return self.rec.end

    @property
    def src(self) -> str | None:
        return self.rec.src

    @property
    def parent(self) -> str | None:
        """The delegation this one passes on, if it names one."""
        return self.rec.parent

    @property
    def instrument(self) -> str | None:
        return self.rec.instrument

    @property
    def statutory_basis(self) -> str | None:
        return self.rec.statutory_basis

    @property
    def sub_delegation_allowed(self) -> bool | None:
        return self.rec.sub_delegation_allowed  # None: the scheme does not say

    @property
    def lower_limit(self) -> float | None:
        return self.rec.lower_limit

    @property
    def includes_vat(self) -> bool | None:
        return self.rec.includes_vat

    @property
    def within_budget_only(self) -> bool | None:
        return self.rec.within_budget_only

    @property
    def cumulative(self) -> bool | None:
        return self.rec.cumulative

    @property
    def report_to(self) -> str | None:
        return self.rec.report_to

    @property
    def report_top_n(self) -> int | None:
        return self.rec.report_top_n

    def in_band(self, value: float) -> bool:
        """Is ``value`` within this delegation's band (above ``lower_limit``, up to ``limit``)?"""
        return ((self.lower_limit is None or value > self.lower_limit)
                and (self.limit is None or value <= self.limit))


@dataclass
class Scheme:
    """Indexes over a graph for delegation analysis (built once; cost O(nodes + edges))."""

    G: nx.MultiDiGraph
    delegs: dict[str, DelegationEdge] = field(default_factory=dict)
    incoming: dict[str, list[DelegationEdge]] = field(default_factory=lambda: defaultdict(list))
    outgoing: dict[str, list[DelegationEdge]] = field(default_factory=lambda: defaultdict(list))
    boards_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bodies_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    reserved: dict[str, list[tuple[str, ReservedMatter]]] = field(default_factory=lambda: defaultdict(list))
    positions: dict[str, list[Position]] = field(default_factory=lambda: defaultdict(list))
    seats: dict[str, list[Position]] = field(default_factory=lambda: defaultdict(list))
    #: Posts (offices and classes) and joint authorities by id; procurement thresholds by
    #: organisation.
    posts: dict[str, Post] = field(default_factory=dict)
    joints: dict[str, JointAuthority] = field(default_factory=dict)
    thresholds: dict[str, list[ProcurementThreshold]] = field(default_factory=lambda: defaultdict(list))
    #: (person node, position) by the post a position names, and by its role.
    by_post: dict[str, list[tuple[str, Position]]] = field(default_factory=lambda: defaultdict(list))
    by_role: dict[str, list[tuple[str, Position]]] = field(default_factory=lambda: defaultdict(list))
    #: Delegations by each matter they list (to find those covering a matter without a scan).
    by_matter: dict[str, list[DelegationEdge]] = field(default_factory=lambda: defaultdict(list))
    #: Agenda screens by meeting id, cached for the conflicted-member check (audits trace many
    #: decisions taken at the same meetings).
    screens: dict[str, Any] = field(default_factory=dict)
    _ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _decisions: list[tuple[str, Decision]] | None = None
    _approves: dict[str, list[str]] | None = None
    _by_supplier: dict[str, list[tuple[str, Decision]]] | None = None
    #: Chain searches already run, by (engine, start, matter, first) (the approvers list asks for
    #: the same delegate's chains for many decisions).
    chain_cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Scheme:
        """Index ``G`` (delegations, boards, reserved matters, positions)."""
        s = cls(G)
        for u, v, _k, a in G.edges(keys=True, data=True):
            # one pass over every edge of the graph, most of them neither of these: the type is
            # read from the dict and a view made only for the edges kept (a view per edge made
            # this pass 1.7x slower, measured on the bench's ics tier)
            t = a.get("type")
            if t == "delegation":
                d = DelegationEdge(str(views.delegation(a).id), u, v, a)
                s.delegs[d.id] = d
                s.incoming[v].append(d)
                s.outgoing[u].append(d)
            elif t == "reserves":
                s.reserved[u].append((ids.bare(v), views.reserves(a)))
            elif t == "position":
                pos = views.position(a)
                s.positions[u].append(pos)
                if pos.body:
                    s.seats[ids.body(pos.body)].append(pos)
                if pos.post:
                    s.by_post[str(pos.post)].append((u, pos))
                s.by_role[str(pos.role)].append((u, pos))
        for lst in (*s.incoming.values(), *s.outgoing.values()):
            lst.sort(key=lambda d: d.id)
        for d in sorted(s.delegs.values(), key=lambda d: d.id):
            for m in d.matters:
                s.by_matter[m].append(d)
        for _n, post in views.nodes_of(G, "post"):
            s.posts[str(post.id)] = post
        for _n, joint in views.nodes_of(G, "joint_authority"):
            s.joints[str(joint.id)] = joint
        for _n, th in views.nodes_of(G, "procurement_threshold"):
            s.thresholds[str(th.organisation)].append(th)
        for lst2 in (*s.by_post.values(), *s.by_role.values()):
            lst2.sort(key=lambda x: (x[0], str(x[1].id)))
        for ths in s.thresholds.values():
            ths.sort(key=lambda x: (x.above or 0.0, str(x.id)))
        for n, body in views.nodes_of(G, "body"):
            for o in body.owners:
                s.bodies_of[o].append(n)
                if body.kind == BodyKind.board:
                    s.boards_of[o].append(n)
        for lst in (*s.boards_of.values(), *s.bodies_of.values()):
            lst.sort()
        return s

    # -- nodes
    def name(self, node: str) -> str:
        """What to call any node: its name (or a meeting's title), else its bare id."""
        if node not in self.G:
            return ids.bare(node)
        v = views.node(self.G, node)
        return str(getattr(v, "name", None) or getattr(v, "title", None) or ids.bare(node))

    def label(self, node: str) -> str:
        """'Finance Committee (icb-fic)'."""
        return f"{self.name(node)} ({ids.bare(node)})"

    def kind(self, node: str) -> str | None:
        """The kind of body ``node`` (None for a person, or a body not in the data)."""
        return views.body(self.G, node).kind if ids.is_body(node) and node in self.G else None

    def post_kind(self, node: str) -> str | None:
        """``office`` or ``class`` for a post node, else None."""
        post = self.posts.get(ids.bare(node)) if ids.is_post(node) else None
        return str(post.kind) if post is not None else None

    def is_class(self, post_id: str) -> bool:
        post = self.posts.get(post_id)
        return post is not None and post.kind == PostKind.post_class

    def is_board(self, node: str) -> bool:
        return self.kind(node) == BodyKind.board

    def owners(self, node: str) -> list[str]:
        """The organisations whose body ``node`` is ([] for a person)."""
        return list(views.body(self.G, node).owners) if ids.is_body(node) and node in self.G else []

    def scheme_in_data(self, org: str) -> bool:
        """Does the data hold any of ``org``'s scheme of delegation (a delegation from one of its
        bodies, or a matter one of its bodies reserves)?  If not, the source is silent on it
        (issue 14): what depends on the scheme is to confirm, never a breach."""
        return (any(org in self.owners(d.u) for d in self.delegs.values())
                or any(org in self.owners(b) for b in self.reserved))

    def org_kind(self, org: str) -> str | None:
        node = ids.org(org)
        return views.organisation(self.G, node).kind if node in self.G else None

    def board_of(self, org: str, on: dt.date | None = None) -> str | None:
        """The board of organisation ``org`` (in force on ``on`` if given; first by id)."""
        boards = self.boards_of.get(org, [])
        live = [b for b in boards if on is None or views.body(self.G, b).in_force(on)]
        return (live or boards or [None])[0]

    # -- matters
    def ancestors(self, matter: str) -> tuple[str, ...]:
        """``matter`` and every broader matter above it (bounded: 32 levels)."""
        if matter in self._ancestors:
            return self._ancestors[matter]
        out = [matter]
        node = ids.matter(matter)
        for _ in range(32):
            parent = views.matter(self.G, node).parent if node in self.G else None
            if not parent or parent in out:
                break
            out.append(parent)
            node = ids.matter(parent)
        self._ancestors[matter] = tuple(out)
        return self._ancestors[matter]

    def covering(self, codes: Iterable[str], matter: str) -> str | None:
        """The first of ``codes`` that covers ``matter`` (itself or a broader matter), if any."""
        anc = self.ancestors(matter)
        hits = [c for c in codes if c in anc]
        return min(hits, key=anc.index) if hits else None

    def matter_name(self, code: str) -> str:
        node = ids.matter(code)
        return str(views.matter(self.G, node).name or code) if node in self.G else code

    def matter_words(self, code: str) -> str:
        """A matter as prose names it: its name, then its code ("community health services contracts
        (contract_award.community)"); the code alone, quoted, when the data gives it no name."""
        name = self.matter_name(code)
        if name == code:
            return f"'{code}'"
        return f"{lower_first(name)} ({code})"

    def related(self, a: str, b: str) -> bool:
        """Does one matter cover the other?"""
        return a in self.ancestors(b) or b in self.ancestors(a)

    # -- delegations
    def into(self, node: str, matter: str) -> list[DelegationEdge]:
        """Delegations made to ``node`` whose matters cover ``matter`` (any dates), by id."""
        return [d for d in self.incoming.get(node, []) if self.covering(d.matters, matter)]

    def covering_delegations(self, matter: str) -> list[DelegationEdge]:
        """Every delegation whose matters cover ``matter`` (any dates, any delegate), by id."""
        found = {d.id: d for a in self.ancestors(matter) for d in self.by_matter.get(a, [])}
        return [found[i] for i in sorted(found)]

    def reserving(self, body: str, matter: str,
                  value: float | None = None) -> tuple[str, ReservedMatter] | None:
        """The reservation by ``body`` covering ``matter`` (its code and record), if any.

        A reservation 'above £X' counts only for a value over X; with no value
        given it counts (callers that know the value is missing say so).
        """
        for code, r in sorted(self.reserved.get(body, []), key=lambda x: x[0]):
            if code in self.ancestors(matter):
                if r.above is not None and value is not None and value <= r.above:
                    continue
                return code, r
        return None

    # -- decisions
    def decisions(self) -> list[tuple[str, Decision]]:
        """Every decision node and its view, by id (cached)."""
        if self._decisions is None:
            self._decisions = sorted(views.nodes_of(self.G, "decision"), key=lambda x: x[0])
        return self._decisions

    def approves(self, decision: str) -> list[str]:
        """Ids of the recommendations decision ``decision`` approved (indexed once)."""
        if self._approves is None:
            self._approves = defaultdict(list)
            for _n, d in self.decisions():
                if d.approved_by:
                    self._approves[str(d.approved_by)].append(str(d.id))
        return sorted(self._approves.get(decision, []))

    def by_supplier(self, supplier: str) -> list[tuple[str, Decision]]:
        """Decisions committing to ``supplier`` (indexed once), by id."""
        if self._by_supplier is None:
            self._by_supplier = defaultdict(list)
            for n, d in self.decisions():
                if d.supplier:
                    self._by_supplier[str(d.supplier)].append((n, d))
        return self._by_supplier.get(supplier, [])

    # -- people
    def roles_in(self, person: str, org: str, start: dt.date | None,
                 end: dt.date | None) -> list[Position]:
        """Positions of ``person`` in organisation ``org`` or on one of its bodies, overlapping a period."""
        out = []
        for p in self.positions.get(person, []):
            mine = p.organisation == org or (p.body and org in self.owners(ids.body(p.body)))
            if mine and overlaps(p.start, p.end, start, end):
                out.append(p)
        return out


__all__ = ["DelegationEdge", "Scheme"]
