"""Delegation chains: trace each decision to the board accountable for it, and audit the scheme.

A decision is lawful and within the rules only if the authority it was taken
under runs, unbroken, within its limits and dates, from whoever decided up to
the unitary board of each organisation whose function it was.  The links are
the dataset's ``delegations`` (graph edges of type ``delegation``, from the
delegating body to the delegate body or person).

Tracing walks *up* from the decider (a body or a person) through delegation
edges whose matters cover the decision's matter (a code covers its narrower
codes: ``contract_award`` covers ``contract_award.primary_care``), until it
reaches a board (a body of kind ``board``) that did not itself receive the
function from someone else.  A board that did (an ICB board holding NHS
England's primary care functions under s65Z5) is not the end: the chain goes
on to the board that delegated it, so such chains end at NHS England.

Each link is then checked against the decision (dates, limits,
sub-delegation, the law on foundation trusts, NHS England's guidance) and
each organisation the decision was taken for must be reached.  Everything
wrong is a :class:`Finding` with a stable ``kind`` code (see :data:`KINDS`),
a severity, the decision or delegation concerned, an explanation in words and
the evidence (``file:row`` of each record relied on).

Every search is bounded: at most ``Rules.max_depth`` links per chain and
``Rules.max_chains`` chains explored per decision, so circular or very deep
schemes always terminate.

Example (a notebook)::

    from coigraph.graph import load_graph
    from coigraph.delegation import trace_decision
    G = load_graph("data/northshire")
    t = trace_decision(G, "D-2025-014")
    t.verdict, [f.kind for f in t.findings]
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from coigraph.errors import UsageError, did_you_mean
from coigraph.findings import (
    SEVERITY_RANK,
    SOUND,
    Finding,
    FindingKind,
    Severity,
    dedupe,
    finding,
    kinds,
)
from coigraph.graph import bare, find_node, in_force

# ---------------------------------------------------------------------------
# Vocabulary: severities and finding kinds (stable codes, documented in docs/delegation.md)
# ---------------------------------------------------------------------------


#: The delegation kinds (decisions and the scheme), declared in coigraph/policies/findings.yaml.
KINDS: dict[str, FindingKind] = kinds("delegation")
#: Kept for code written against the first release: a kind is a :class:`FindingKind`.
Kind = FindingKind


class GuidanceRule(BaseModel):
    """When a guidance-based check applies: guidance changes, so its rules are dated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: dt.date
    until: dt.date | None = None
    source: str

    def applies(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Does the period ``start``-``end`` (blank: open) overlap the guidance's period?"""
        return _overlaps(start, end, self.since, self.until)


DEFAULT_GUIDANCE: dict[str, GuidanceRule] = {
    "statutory_function_to_trust": GuidanceRule(
        since=dt.date(2022, 9, 1), until=None,
        source="NHS England, Arrangements for delegation and joint exercise of statutory functions, "
               "September 2022 (updated March 2023 and January 2024)"),
}


class Rules(BaseModel):
    """What to check and how far to search.

    ``disabled`` switches kinds off (e.g. ``{"statutory_function_to_trust"}``
    once NHS England lifts its hold); ``guidance`` dates the guidance-based
    kinds; ``max_depth`` and ``max_chains`` bound every search.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    disabled: frozenset[str] = frozenset()
    guidance: dict[str, GuidanceRule] = Field(default_factory=lambda: dict(DEFAULT_GUIDANCE))
    max_depth: int = Field(12, ge=1, le=100)
    max_chains: int = Field(64, ge=1, le=10_000)

    def model_post_init(self, __context: Any) -> None:
        unknown = sorted(set(self.disabled) - set(KINDS))
        if unknown:
            hint = did_you_mean(unknown[0], set(KINDS))
            raise UsageError(f"unknown finding kind {unknown[0]!r}" + (f" ({hint})" if hint else "")
                             + "; the kinds are: " + ", ".join(sorted(KINDS)))

    def on(self, kind: str, start: dt.date | None = None, end: dt.date | None = None) -> bool:
        """Is ``kind`` checked for something in force from ``start`` to ``end``?"""
        if kind in self.disabled:
            return False
        g = self.guidance.get(kind)
        return g is None or g.applies(start, end)


# ---------------------------------------------------------------------------
# Result records
# ---------------------------------------------------------------------------


class Link(BaseModel):
    """One delegation in a chain: who delegated what to whom, on what terms, and the checks on it."""

    step: int
    delegation: str
    from_body: str
    from_name: str
    to: str
    to_type: str  # body | person
    to_name: str
    matters: list[str]
    covers: str
    limit: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    statutory_basis: str | None = None
    instrument: str | None = None
    sub_delegation_allowed: bool = False
    parent: str | None = None
    src: str | None = None
    checks: list[str] = Field(default_factory=list)


class Chain(BaseModel):
    """The chain of authority for one organisation whose function the decision was."""

    organisation: str
    organisation_name: str
    links: list[Link]
    complete: bool
    accountable_board: str | None = None
    accountable_board_name: str | None = None
    accountable_organisation: str | None = None
    stops_at: str | None = None
    through: str | None = None
    note: str | None = None


class DecisionInfo(BaseModel):
    """The decision traced, with names resolved."""

    id: str
    matter: str
    matter_name: str
    by: str
    by_type: str  # body | person
    by_name: str
    by_kind: str | None = None
    date: dt.date
    value: float | None = None
    item: str | None = None
    meeting: str | None = None
    on_behalf_of: list[str]
    on_behalf_of_names: list[str]
    cited_delegation: str | None = None
    description: str | None = None
    src: str | None = None


class Trace(BaseModel):
    """A decision, its chain(s) of authority, the verdict and the findings."""

    decision: DecisionInfo
    chains: list[Chain]
    verdict: str
    verdict_text: str
    findings: list[Finding]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _overlaps(a0: dt.date | None, a1: dt.date | None, b0: dt.date | None, b1: dt.date | None) -> bool:
    """Do two inclusive periods (None: open) overlap?"""
    return (a1 is None or b0 is None or b0 <= a1) and (b1 is None or a0 is None or a0 <= b1)


def money(value: float | None) -> str:
    """'£1,200,000' (pence shown only when there are any); 'no limit' for None."""
    if value is None:
        return "no limit"
    if float(value).is_integer():
        return f"£{int(value):,}"
    return f"£{value:,.2f}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """'2023-04-01 to 2025-03-31', 'from 2023-04-01', 'always'."""
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "no dates (always)"


# ---------------------------------------------------------------------------
# The scheme, indexed once per graph
# ---------------------------------------------------------------------------


@dataclass
class DelegationEdge:
    """A delegation edge, with its ends as graph nodes."""

    id: str
    u: str
    v: str
    a: dict[str, Any]

    @property
    def matters(self) -> list[str]:
        return list(self.a.get("matters") or [])

    @property
    def limit(self) -> float | None:
        return self.a.get("limit")

    @property
    def start(self) -> dt.date | None:
        return self.a.get("start")

    @property
    def end(self) -> dt.date | None:
        return self.a.get("end")

    @property
    def src(self) -> str | None:
        return self.a.get("src")


@dataclass
class Scheme:
    """Indexes over a graph for delegation analysis (built once; cost O(nodes + edges))."""

    G: nx.MultiDiGraph
    delegs: dict[str, DelegationEdge] = field(default_factory=dict)
    incoming: dict[str, list[DelegationEdge]] = field(default_factory=lambda: defaultdict(list))
    outgoing: dict[str, list[DelegationEdge]] = field(default_factory=lambda: defaultdict(list))
    boards_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bodies_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    reserved: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=lambda: defaultdict(list))
    positions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    seats: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    screens: dict[str, Any] = field(default_factory=dict)
    _ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Engines behind the searches: None for the in-memory ones; the Neo4j backend sets its own
    #: (``search_chains``'s and ``PathFinder``'s signatures; see coigraph.db.backend).
    chain_search: Any = None
    path_finder: Any = None

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Scheme:
        """Index ``G`` (delegations, boards, reserved matters, positions)."""
        s = cls(G)
        for u, v, _k, a in G.edges(keys=True, data=True):
            t = a.get("type")
            if t == "delegation":
                d = DelegationEdge(str(a.get("id")), u, v, a)
                s.delegs[d.id] = d
                s.incoming[v].append(d)
                s.outgoing[u].append(d)
            elif t == "reserves":
                s.reserved[u].append((bare(v), a))
            elif t == "position":
                s.positions[u].append(a)
                if a.get("body"):
                    s.seats[f"body:{a['body']}"].append(a)
        for lst in (*s.incoming.values(), *s.outgoing.values()):
            lst.sort(key=lambda d: d.id)
        for n, a in G.nodes(data=True):
            if a.get("type") == "body":
                for o in a.get("owners") or []:
                    s.bodies_of[o].append(n)
                    if a.get("kind") == "board":
                        s.boards_of[o].append(n)
        for lst in (*s.boards_of.values(), *s.bodies_of.values()):
            lst.sort()
        return s

    # -- nodes
    def attrs(self, node: str) -> dict[str, Any]:
        return self.G.nodes[node] if node in self.G else {}

    def name(self, node: str) -> str:
        a = self.attrs(node)
        return str(a.get("name") or a.get("title") or bare(node))

    def label(self, node: str) -> str:
        """'Finance Committee (icb-fic)'."""
        return f"{self.name(node)} ({bare(node)})"

    def kind(self, node: str) -> str | None:
        return self.attrs(node).get("kind")

    def is_board(self, node: str) -> bool:
        return node.startswith("body:") and self.kind(node) == "board"

    def owners(self, node: str) -> list[str]:
        return list(self.attrs(node).get("owners") or []) if node.startswith("body:") else []

    def org_kind(self, org: str) -> str | None:
        return self.attrs(f"org:{org}").get("kind")

    def board_of(self, org: str, on: dt.date | None = None) -> str | None:
        """The board of organisation ``org`` (in force on ``on`` if given; first by id)."""
        boards = self.boards_of.get(org, [])
        live = [b for b in boards if on is None or in_force(self.attrs(b), on)]
        return (live or boards or [None])[0]

    # -- matters
    def ancestors(self, matter: str) -> tuple[str, ...]:
        """``matter`` and every broader matter above it (bounded: 32 levels)."""
        if matter in self._ancestors:
            return self._ancestors[matter]
        out = [matter]
        node = f"matter:{matter}"
        for _ in range(32):
            parent = self.attrs(node).get("parent")
            if not parent or parent in out:
                break
            out.append(parent)
            node = f"matter:{parent}"
        self._ancestors[matter] = tuple(out)
        return self._ancestors[matter]

    def covering(self, codes: Iterable[str], matter: str) -> str | None:
        """The first of ``codes`` that covers ``matter`` (itself or a broader matter), if any."""
        anc = self.ancestors(matter)
        hits = [c for c in codes if c in anc]
        return min(hits, key=anc.index) if hits else None

    def matter_name(self, code: str) -> str:
        return str(self.attrs(f"matter:{code}").get("name") or code)

    def related(self, a: str, b: str) -> bool:
        """Does one matter cover the other?"""
        return a in self.ancestors(b) or b in self.ancestors(a)

    # -- delegations
    def into(self, node: str, matter: str) -> list[DelegationEdge]:
        """Delegations made to ``node`` whose matters cover ``matter`` (any dates), by id."""
        return [d for d in self.incoming.get(node, []) if self.covering(d.matters, matter)]

    def reserving(self, body: str, matter: str) -> tuple[str, dict[str, Any]] | None:
        """The reservation by ``body`` covering ``matter`` (its code and attributes), if any."""
        for code, a in sorted(self.reserved.get(body, []), key=lambda x: x[0]):
            if code in self.ancestors(matter):
                return code, a
        return None

    # -- people
    def roles_in(self, person: str, org: str, start: dt.date | None,
                 end: dt.date | None) -> list[dict[str, Any]]:
        """Positions of ``person`` in organisation ``org`` or on one of its bodies, overlapping a period."""
        out = []
        for p in self.positions.get(person, []):
            where_org = p.get("organisation")
            where_body = p.get("body")
            mine = where_org == org or (where_body and org in self.owners(f"body:{where_body}"))
            if mine and _overlaps(p.get("start"), p.get("end"), start, end):
                out.append(p)
        return out


NED_ROLES = {"non_executive_director", "chair", "vice_chair"}
EXEC_ROLES = {"chief_executive", "executive_director"}
TRUST_KINDS = {"nhs_trust", "foundation_trust"}
#: Bodies that decide for their members only under a delegation to the body itself.
_NOT_FORUMS = {"joint_committee", "committees_in_common"}


def _is_ned(p: dict[str, Any]) -> bool:
    return p.get("role") in NED_ROLES or (bool(p.get("independent")) and p.get("role") not in EXEC_ROLES)


def _is_exec(p: dict[str, Any]) -> bool:
    return p.get("role") in EXEC_ROLES


# ---------------------------------------------------------------------------
# Static checks on one delegation (the same for every decision that uses it)
# ---------------------------------------------------------------------------


def static_checks(S: Scheme, d: DelegationEdge, rules: Rules, start: dt.date | None,
                   end: dt.date | None) -> list[Finding]:
    """Checks that depend on the delegation alone, over the period ``start``-``end``."""
    out: list[Finding] = []
    from_owners = S.owners(d.u)
    if rules.on("fts_delegation_to_ned") and d.v.startswith("person:"):
        for org in from_owners:
            if S.org_kind(org) != "foundation_trust":
                continue
            roles = S.roles_in(d.v, org, start, end)
            neds = [p for p in roles if _is_ned(p)]
            if neds and not any(_is_exec(p) for p in roles):
                role = ", ".join(sorted({str(p.get("role")).replace("_", " ") for p in neds}))
                out.append(finding(
                    "fts_delegation_to_ned",
                    f"{S.label(d.u)} of {S.name('org:' + org)}, a foundation trust, delegated "
                    f"'{', '.join(d.matters)}' to {S.label(d.v)}, who is its {role}. A foundation "
                    "trust board may delegate only to a committee of directors or to an executive "
                    "director, never to an individual non-executive or the chair.",
                    [d.src, *(p.get("src") for p in neds)], delegation=d.id, person=bare(d.v),
                    organisation=org))
    if from_owners and all(S.org_kind(o) == "icb" for o in from_owners):
        trusts: list[str] = []
        if d.v.startswith("body:"):
            to_owners = S.owners(d.v)
            if not set(to_owners) & set(from_owners):
                trusts = [o for o in to_owners if S.org_kind(o) in TRUST_KINDS]
        g = rules.guidance.get("statutory_function_to_trust")
        lo, hi = start, end
        if trusts and rules.on("statutory_function_to_trust", lo, hi):
            basis = d.a.get("statutory_basis")
            out.append(finding(
                "statutory_function_to_trust",
                f"{S.label(d.u)} delegated '{', '.join(d.matters)}' to {S.label(d.v)} of "
                f"{', '.join(S.name('org:' + t) for t in trusts)}"
                + (f" under {basis}" if basis else "")
                + ". NHS England's delegation guidance says ICBs should not yet delegate their "
                "statutory functions to trusts"
                + (f" (rule applies from {g.since.isoformat()}: {g.source})" if g else "") + ".",
                [d.src], delegation=d.id, body=bare(d.v), organisation=trusts[0]))
    return out


def _parents(S: Scheme, d: DelegationEdge, matter: str) -> list[DelegationEdge]:
    """The delegations ``d`` passes on for ``matter``: its stated parent, else those into its maker."""
    if d.a.get("parent"):
        p = S.delegs.get(str(d.a["parent"]))
        return [p] if p else []
    return S.into(d.u, matter)


def is_sub_delegation(S: Scheme, d: DelegationEdge) -> bool:
    """Is ``d`` a sub-delegation: passed on by a delegate rather than given by its own board?

    A committee or officer passing authority on always is.  A board passing on a
    function it received from another organisation (NHS England to an ICB) is
    not when it gives it to its own committee or officer: that is the
    organisation exercising the function through its own scheme; it is when it
    passes it to another organisation's body.
    """
    if d.a.get("parent"):
        return True
    if not S.is_board(d.u):
        return True
    if d.v.startswith("body:"):
        return not set(S.owners(d.v)) & set(S.owners(d.u))
    return False


def sub_checks(S: Scheme, d: DelegationEdge, parent: DelegationEdge, matter: str) -> list[Finding]:
    """Sub-delegation checks of ``d`` against the ``parent`` it passes on."""
    out: list[Finding] = []
    if not parent.a.get("sub_delegation_allowed"):
        out.append(finding(
            "sub_delegation_forbidden",
            f"{S.label(d.u)} passed '{matter}' on to {S.label(d.v)} (delegation {d.id}), but the "
            f"delegation it holds it under ({parent.id}, from {S.label(parent.u)}"
            + (f", {parent.a['instrument']}" if parent.a.get("instrument") else "")
            + ") does not allow sub-delegation.",
            [d.src, parent.src], delegation=d.id))
    if parent.limit is not None and (d.limit is None or d.limit > parent.limit):
        out.append(finding(
            "sub_delegation_limit_exceeds_parent",
            f"Delegation {d.id} passes '{matter}' to {S.label(d.v)} with {money(d.limit)}, more "
            f"than the {money(parent.limit)} its maker {S.label(d.u)} holds under {parent.id}.",
            [d.src, parent.src], delegation=d.id))
    return out


# ---------------------------------------------------------------------------
# Chain search
# ---------------------------------------------------------------------------


@dataclass
class ChainPath:
    """A candidate chain: links from the decider upward, and how it ends."""

    links: list[DelegationEdge]
    end: str
    complete: bool
    reason: str | None = None  # no_delegation | cycle | too_deep | parent_mismatch
    cycle: tuple[str, ...] = ()

    def nodes(self, start: str) -> list[str]:
        return [start, *(d.u for d in self.links)]


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
            out.append(ChainPath(list(links), node, False, "too_deep"))
            return
        if not links and first is not None:
            cands = first
        else:
            cands = S.into(node, matter)
            if links and links[-1].a.get("parent"):
                pid = str(links[-1].a["parent"])
                stated = [c for c in cands if c.id == pid]
                if not stated:
                    out.append(ChainPath(list(links), node, False, "parent_mismatch"))
                    return
                cands = stated
        if not cands:
            if S.is_board(node):
                out.append(ChainPath(list(links), node, True))
            else:
                out.append(ChainPath(list(links), node, False, "no_delegation"))
            return
        for c in cands:
            if len(out) >= rules.max_chains:
                return
            if c.u in seen_nodes or any(c.id == x.id for x in links):
                i = seen_nodes.index(c.u) if c.u in seen_nodes else 0
                loop = tuple(x.id for x in links[i:]) + (c.id,)
                out.append(ChainPath([*links, c], c.u, False, "cycle", loop))
                continue
            walk(c.u, [*links, c], (*seen_nodes, c.u))

    walk(start, [], (start,))
    return out


# ---------------------------------------------------------------------------
# Tracing one decision
# ---------------------------------------------------------------------------


@dataclass
class _Ctx:
    S: Scheme
    rules: Rules
    decision: str
    node: str
    a: dict[str, Any]
    decider: str
    matter: str
    date: dt.date
    value: float | None


def _link_findings(ctx: _Ctx, path: ChainPath) -> tuple[list[Finding], dict[str, list[str]]]:
    """Findings on the links of ``path`` for this decision, and the kinds by delegation id."""
    S, rules, out = ctx.S, ctx.rules, []
    for i, d in enumerate(path.links):
        about = {"decision": ctx.decision, "delegation": d.id}
        who = f"{S.label(d.u)} to {S.label(d.v)}"
        if d.end is not None and d.end < ctx.date and rules.on("expired"):
            out.append(finding(
                "expired", f"Link {i + 1} (delegation {d.id}, {who}) ended on "
                f"{d.end.isoformat()}, before the decision on {ctx.date.isoformat()}.",
                [d.src, ctx.a.get("src")], **about))
        if d.start is not None and d.start > ctx.date and rules.on("not_yet_in_force"):
            out.append(finding(
                "not_yet_in_force", f"Link {i + 1} (delegation {d.id}, {who}) started on "
                f"{d.start.isoformat()}, after the decision on {ctx.date.isoformat()}.",
                [d.src, ctx.a.get("src")], **about))
        if (ctx.value is not None and d.limit is not None and ctx.value > d.limit
                and rules.on("limit_exceeded")):
            out.append(finding(
                "limit_exceeded", f"The decision's value, {money(ctx.value)}, is over the "
                f"{money(d.limit)} limit of link {i + 1} (delegation {d.id}, {who}"
                + (f", {d.a['instrument']}" if d.a.get("instrument") else "") + ").",
                [d.src, ctx.a.get("src")], **about))
        static = static_checks(S, d, rules, ctx.date, ctx.date)
        if i + 1 < len(path.links) and is_sub_delegation(S, d):
            static += [f for f in sub_checks(S, d, path.links[i + 1], ctx.matter) if rules.on(f.kind)]
        for f in static:
            out.append(f.model_copy(update={
                "decision": ctx.decision,
                "evidence": sorted({*f.evidence, *([ctx.a["src"]] if ctx.a.get("src") else [])})}))
    by_link: dict[str, list[str]] = defaultdict(list)
    for f in out:
        if f.delegation:
            by_link[f.delegation].append(f.kind)
    return out, by_link


_WEIGHT = {Severity.unlawful: 1000, Severity.sord_breach: 100, Severity.against_guidance: 10,
           Severity.advisory: 1}


def _score(ctx: _Ctx, path: ChainPath, cited: str | None) -> tuple:
    fs, _ = _link_findings(ctx, path)
    return (not path.complete, sum(_WEIGHT[f.severity] for f in fs),
            0 if (cited and path.links and path.links[0].id == cited) else 1,
            len(path.links), tuple(d.id for d in path.links))


def _on_behalf_of(ctx: _Ctx, paths: list[ChainPath]) -> list[str]:
    """Whose function it was: as stated, else the deciding body's owners, else (an officer)
    the owners of the bodies that delegated to them, else the organisations they work for."""
    S = ctx.S
    stated = list(ctx.a.get("on_behalf_of") or [])
    if stated:
        return stated
    if ctx.decider.startswith("body:"):
        return S.owners(ctx.decider)
    orgs = sorted({o for p in paths if p.links for o in S.owners(p.links[0].u)})
    if orgs:
        return orgs
    return sorted({str(p.get("organisation")) for p in S.positions.get(ctx.decider, [])
                   if p.get("organisation") and in_force(p, ctx.date)})


def _make_link(S: Scheme, step: int, d: DelegationEdge, matter: str, checks: list[str]) -> Link:
    a = d.a
    return Link(step=step, delegation=d.id, from_body=bare(d.u), from_name=S.name(d.u),
                to=bare(d.v), to_type=d.v.split(":", 1)[0], to_name=S.name(d.v),
                matters=d.matters, covers=S.covering(d.matters, matter) or "",
                limit=d.limit, start=d.start, end=d.end, statutory_basis=a.get("statutory_basis"),
                instrument=a.get("instrument"),
                sub_delegation_allowed=bool(a.get("sub_delegation_allowed")), parent=a.get("parent"),
                src=d.src, checks=sorted(set(checks)))


def _chain_record(ctx: _Ctx, org: str, path: ChainPath | None, by_link: dict[str, list[str]],
                  note: str | None, through: str | None = None, reached: bool = True) -> Chain:
    """The chain for ``org`` as reported; ``reached=False``: it does not reach ``org``'s board."""
    S = ctx.S
    links = [_make_link(S, i + 1, d, ctx.matter, by_link.get(d.id, []))
             for i, d in enumerate(path.links)] if path else []
    end = path.end if path else ctx.decider
    complete = bool(path and path.complete and reached)
    return Chain(
        organisation=org, organisation_name=S.name(f"org:{org}"), links=links, complete=complete,
        accountable_board=bare(end) if complete else None,
        accountable_board_name=S.name(end) if complete else None,
        accountable_organisation=(S.owners(end) or [None])[0] if complete else None,
        stops_at=None if complete else bare(end), through=through, note=note)


def _broken(ctx: _Ctx, org: str, path: ChainPath | None, board: str | None) -> tuple[list[Finding], str]:
    """The finding(s) for organisation ``org`` when no complete chain reaches its board."""
    S, rules = ctx.S, ctx.rules
    about = {"decision": ctx.decision, "organisation": org}
    ev = [ctx.a.get("src")]
    decider_kind = S.kind(ctx.decider)
    oname = S.name(f"org:{org}")
    if board is None:
        text = (f"The decision was taken for {oname}, but the data holds no board of {oname}, so "
                "there is no accountable board to trace to.")
        return ([finding("broken_chain", text, ev, **about)] if rules.on("broken_chain") else []), text
    res = S.reserving(board, ctx.matter)
    if res and ctx.decider != board:
        code, ra = res
        text = (f"'{ctx.matter}' is reserved to {S.label(board)}"
                + (f" ({ra['instrument']})" if ra.get("instrument") else "")
                + (f" as part of '{code}'" if code != ctx.matter else "")
                + f", but {S.label(ctx.decider)} decided it.")
        return ([finding("reserved_matter", text, [*ev, ra.get("src")], **about)]
                if rules.on("reserved_matter") else []), text
    from_org = [d for d in S.into(ctx.decider, ctx.matter) if org in S.owners(d.u)]
    if decider_kind in ("joint_committee", "committees_in_common") and not from_org:
        kind = ("joint_committee_not_delegated" if decider_kind == "joint_committee"
                else "committees_in_common_for_other_body")
        if decider_kind == "joint_committee":
            text = (f"{S.label(ctx.decider)}, a joint committee, decided '{ctx.matter}' for "
                    f"{oname}, but {oname} has not delegated that matter to it.")
        else:
            text = (f"{S.label(ctx.decider)} are committees in common: each member committee can "
                    f"decide only for its own body, but this decision was taken for {oname}, which "
                    "has delegated no such authority to them.")
        return ([finding(kind, text, ev, **about)] if rules.on(kind) else []), text
    if path is not None and path.reason == "cycle":
        loop = " -> ".join(path.cycle)
        text = (f"The authority for '{ctx.matter}' goes round in a circle ({loop}) and never "
                f"reaches {S.label(board)}.")
        return ([finding("cycle", text, [*ev, *(S.delegs[i].src for i in path.cycle)],
                         delegation=path.cycle[0], **about)] if rules.on("cycle") else []), text
    where = path.end if path else ctx.decider
    if path is not None and path.reason == "too_deep":
        text = (f"The chain for '{ctx.matter}' is longer than {rules.max_depth} links; the search "
                f"stopped at {S.label(where)} without reaching {S.label(board)}.")
    elif path is not None and path.reason == "parent_mismatch":
        last = path.links[-1]
        text = (f"Delegation {last.id} says it passes on delegation {last.a.get('parent')}, but "
                f"that delegation does not give '{ctx.matter}' to {S.label(last.u)}; the chain "
                f"breaks there and does not reach {S.label(board)}.")
    elif path is not None and path.complete:
        text = (f"The chain for '{ctx.matter}' ends at {S.label(path.end)}, not at "
                f"{S.label(board)}, the board of {oname} for whom the decision was taken.")
    else:
        text = (f"No delegation of '{ctx.matter}' (or a broader matter) was made to "
                f"{S.label(where)}, so the chain of authority from {S.label(ctx.decider)} breaks "
                f"there and does not reach {S.label(board)}.")
    evidence = [*ev, *((d.src for d in path.links) if path else ())]
    return ([finding("broken_chain", text, evidence, **about)] if rules.on("broken_chain") else []), text


def _reserved_above(ctx: _Ctx, path: ChainPath) -> list[Finding]:
    """A matter reserved by a body further up the chain than the decider."""
    S = ctx.S
    for node in path.nodes(ctx.decider)[1:]:
        res = S.reserving(node, ctx.matter)
        if res and ctx.rules.on("reserved_matter"):
            code, ra = res
            return [finding(
                "reserved_matter",
                f"'{ctx.matter}' is reserved to {S.label(node)}"
                + (f" ({ra['instrument']})" if ra.get("instrument") else "")
                + (f" as part of '{code}'" if code != ctx.matter else "")
                + f", yet it was delegated down and decided by {S.label(ctx.decider)}.",
                [ctx.a.get("src"), ra.get("src"), *(d.src for d in path.links)],
                decision=ctx.decision, organisation=(S.owners(node) or [None])[0])]
    return []


def _decision_ctx(S: Scheme, node: str, rules: Rules) -> _Ctx:
    a = S.attrs(node)
    decider = f"body:{a['by_body']}" if a.get("by_body") else f"person:{a['by_person']}"
    return _Ctx(S, rules, str(a["id"]), node, a, decider, str(a["matter"]), a["date"], a.get("value"))


def trace_decision(G: nx.MultiDiGraph, decision_id: str, *, rules: Rules | None = None,
                   scheme: Scheme | None = None) -> Trace:
    """Trace decision ``decision_id`` to the accountable board of each organisation it was for.

    Returns a :class:`Trace`: the decision, one :class:`Chain` per organisation
    (the best chain found: complete before broken, then fewest and least
    serious findings, then the delegation the decision cites, then shortest),
    the verdict (``sound`` or the worst severity found) and the findings.
    Raises :class:`~coigraph.errors.NotFound` for an unknown decision.

    Cost: one bounded search (``rules.max_chains`` x ``rules.max_depth``).
    """
    rules = rules or Rules()
    S = scheme or Scheme.of(G)
    node = find_node(G, "decision", decision_id)
    ctx = _decision_ctx(S, node, rules)
    paths = (S.chain_search or search_chains)(S, ctx.decider, ctx.matter, rules)
    cited = ctx.a.get("delegation")
    orgs = _on_behalf_of(ctx, paths)
    chains: list[Chain] = []
    findings: list[Finding] = []
    scored = sorted(paths, key=lambda p: _score(ctx, p, cited))
    if not orgs:
        best = scored[0] if scored else None
        fs, text = _broken(ctx, "?", best, None)
        findings += fs
    for org in orgs:
        board = S.board_of(org, ctx.date)
        reach = [p for p in scored if p.complete and board in p.nodes(ctx.decider)]
        if reach:
            best = reach[0]
            fs, by_link = _link_findings(ctx, best)
            fs += _reserved_above(ctx, best)
            note = None
            if best.end != board:
                note = (f"{S.name(board)} holds this function by delegation from "
                        f"{S.name(best.end)}, so the chain ends there.")
            chains.append(_chain_record(ctx, org, best, by_link, note))
            findings += fs
            continue
        reps = _representatives(ctx, org, board) if board else []
        if reps:
            for person, seat, path in reps:
                fs, by_link = _link_findings(ctx, path)
                note = (f"{S.name(person)} sits on {S.name(ctx.decider)} (post {seat.get('id')}) and "
                        f"carries {S.name('org:' + org)}'s authority into it under delegation "
                        f"{path.links[0].id}.")
                chains.append(_chain_record(ctx, org, path, by_link, note, through=bare(person)))
                findings += fs + _reserved_above(ctx, path)
            findings += _committee_in_all_but_name(ctx, org, reps)
            continue
        incomplete = [p for p in scored if not p.complete]
        best = (max(incomplete, key=lambda p: (len(p.links), -scored.index(p))) if incomplete
                else scored[0] if scored else None)
        fs, text = _broken(ctx, org, best, board)
        if best is not None and best.complete and S.kind(ctx.decider) in _NOT_FORUMS:
            best = None  # another member's chain: not this organisation's authority
        lf, by_link = _link_findings(ctx, best) if best and not best.complete else ([], {})
        chains.append(_chain_record(ctx, org, best, by_link, text, reached=False))
        findings += fs + lf
    if rules.on("conflicted_member_counted"):
        findings += _conflicted_members(ctx)
    findings = dedupe(findings)
    return Trace(decision=_decision_info(ctx, orgs), chains=chains,
                 verdict=_verdict(findings), verdict_text=_verdict_text(findings), findings=findings)


def _verdict(findings: list[Finding]) -> str:
    if not findings:
        return SOUND
    return str(min(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity)


VERDICT_TEXT = {
    SOUND: "The decision was taken under authority that runs unbroken, in force and within its "
           "limits, to the accountable board.",
    Severity.unlawful: "The decision was taken without the power to take it in law.",
    Severity.sord_breach: "The decision breaches the scheme of reservation and delegation, terms of "
                          "reference or standing orders.",
    Severity.against_guidance: "The authority is valid in law and under the scheme, but is against "
                               "NHS England guidance.",
    Severity.advisory: "The authority holds; there are points worth a look.",
}


def _verdict_text(findings: list[Finding]) -> str:
    v = _verdict(findings)
    text = VERDICT_TEXT[v]
    if findings:
        n = len(findings)
        text += f" {n} finding{'s' if n != 1 else ''}."
    return text


def _decision_info(ctx: _Ctx, orgs: list[str]) -> DecisionInfo:
    S, a = ctx.S, ctx.a
    meeting = None
    if a.get("item"):
        meeting = S.attrs(f"item:{a['item']}").get("meeting")
    return DecisionInfo(
        id=ctx.decision, matter=ctx.matter, matter_name=S.matter_name(ctx.matter),
        by=bare(ctx.decider), by_type=ctx.decider.split(":", 1)[0], by_name=S.name(ctx.decider),
        by_kind=S.kind(ctx.decider) if ctx.decider.startswith("body:") else None,
        date=ctx.date, value=ctx.value, item=a.get("item"), meeting=meeting, on_behalf_of=orgs,
        on_behalf_of_names=[S.name(f"org:{o}") for o in orgs], cited_delegation=a.get("delegation"),
        description=a.get("description"), src=a.get("src"))


# ---------------------------------------------------------------------------
# Forum checks: committees in all but name, conflicted members counted
# ---------------------------------------------------------------------------


def _representatives(ctx: _Ctx, org: str, board: str) -> list[tuple[str, dict[str, Any], ChainPath]]:
    """People with a seat on the deciding forum who carry ``org``'s authority into it.

    When a body of another organisation (a provider collaborative's board, a
    place partnership) decides for ``org``, ``org``'s authority can only come
    with the people it sent: each needs a seat on the forum on the decision
    date and a delegation of the matter that runs up to ``org``'s board.
    Returns ``(person node, seat, best chain)`` sorted by person.  Joint
    committees and committees in common are not forums: they need a
    delegation to the body itself.
    """
    S = ctx.S
    if ctx.decider.startswith("person:") or S.kind(ctx.decider) in _NOT_FORUMS:
        return []
    if org in S.owners(ctx.decider):
        return []
    out = []
    seen: set[str] = set()
    for seat in sorted(S.seats.get(ctx.decider, []), key=lambda a: (str(a.get("person")), str(a.get("id")))):
        person = f"person:{seat.get('person')}"
        if person in seen or not in_force(seat, ctx.date):
            continue
        paths = [p for p in (S.chain_search or search_chains)(S, person, ctx.matter, ctx.rules)
                 if p.complete and board in p.nodes(person) and p.links
                 and org in S.owners(p.links[0].u)]
        if paths:
            seen.add(person)
            out.append((person, seat, min(paths, key=lambda p: _score(ctx, p, None))))
    return out


def _committee_in_all_but_name(ctx: _Ctx, org: str,
                               reps: list[tuple[str, dict[str, Any], ChainPath]]) -> list[Finding]:
    """Two or more of ``org``'s people, a non-executive among them with an executive, deciding
    together in a forum under personal delegations: a committee that was never constituted."""
    S = ctx.S
    neds, execs = [], []
    for person, _seat, _path in reps:
        roles = S.roles_in(person, org, ctx.date, ctx.date)
        if any(_is_ned(p) for p in roles):
            neds.append(person)
        elif any(_is_exec(p) for p in roles):
            execs.append(person)
    if not (neds and execs) or not ctx.rules.on("committee_in_all_but_name"):
        return []
    names = ", ".join(S.label(p) for p in sorted(neds + execs))
    return [finding(
        "committee_in_all_but_name",
        f"{S.name('org:' + org)} was represented in {S.label(ctx.decider)} by {names}, a "
        "non-executive and an executive deciding together under personal delegations. Acting "
        "together they are a committee in all but name, but the board never constituted one (no "
        "terms of reference, no delegation to a committee).",
        [ctx.a.get("src"), *(p.links[0].src for _, _, p in reps), *(s.get("src") for _, s, _ in reps)],
        decision=ctx.decision, organisation=org)]


def _screen(ctx: _Ctx, meeting: str) -> Any:
    """The agenda screen of ``meeting`` (cached per scheme: audits trace many decisions)."""
    cache = ctx.S.screens
    if meeting not in cache:
        from coigraph.screening import screen_meeting

        cache[meeting] = screen_meeting(ctx.S.G, meeting, checks=False, path_finder=ctx.S.path_finder)
    return cache[meeting]


def _minuted(S: Scheme, meeting: str) -> bool:
    """Are the minutes of ``meeting`` in the data (any entry at all)?"""
    return any(a.get("type") == "minuted"
               for _u, _v, a in S.G.out_edges(f"meeting:{meeting}", data=True))


def _minuted_out(S: Scheme, meeting: str, item: str, person: str) -> bool:
    """Do the minutes record that ``person`` withdrew or took no part in ``item``?"""
    for _u, _v, a in S.G.out_edges(f"meeting:{meeting}", data=True):
        if a.get("type") != "minuted" or a.get("item") != item:
            continue
        if a.get("kind") in ("withdrawal", "no_vote") and a.get("person") == person:
            return True
    return False


def _conflicted_members(ctx: _Ctx) -> list[Finding]:
    """Members with a material conflict on the item (the agenda screen says they should take
    no part in the decision, or leave), who were in the room and voting for it, with no
    withdrawal minuted.

    Needs evidence, not assumptions: the decision's agenda item; the
    meeting's minutes in the data (without them nobody can tell who withdrew,
    so nothing is reported); an attendance record of ``present`` or
    ``deputising`` not ended by ``left_after_item`` before the item.  Only
    ``material`` conflicts count: for lesser ones the chair may proportionately
    let the member take part.
    """
    S, a = ctx.S, ctx.a
    item = a.get("item")
    if not item:
        return []
    meeting = S.attrs(f"item:{item}").get("meeting")
    if not meeting or f"meeting:{meeting}" not in S.G:
        return []
    if not _minuted(S, str(meeting)):
        return []
    screen = _screen(ctx, str(meeting))
    it = next((x for x in screen.items if x.id == item), None)
    if it is None:
        return []
    roll = {e.person: e for e in screen.roll}
    counted = []
    evidence: list[str | None] = [a.get("src"), S.attrs(f"item:{item}").get("src")]
    for p in it.people:
        if str(p.action) not in ("no_decision", "leave") or str(p.level) != "material":
            continue
        e = roll.get(p.person)
        if e is None or not e.voting or e.status not in ("present", "deputising"):
            continue
        if not e.present_for(it.number) or _minuted_out(S, str(meeting), str(item), p.person):
            continue
        counted.append((p, e))
        evidence += e.evidence
        for f in it.findings:
            if f.person == p.person:
                evidence += [x.evidence for x in f.path.edges]
    if not counted:
        return []
    who = "; ".join(
        f"{p.name} ({p.person}; {', '.join(S.name('org:' + o) for o in p.organisations)}; "
        f"{e.status}; the screen says '{p.action_text}')" for p, e in counted)
    n = len(counted)
    text = (f"{n} member{'s' if n != 1 else ''} with a material conflict on item {it.number} "
            f"{'were' if n != 1 else 'was'} counted in the quorum for the decision: {who}. The "
            "attendance record has them in the room and voting, and the minutes record neither a "
            "withdrawal nor that they took no part.")
    if n == len([e for e in roll.values() if e.voting and e.present_for(it.number)]):
        text += (" Every voting member present was conflicted: the decision needed to go to a body "
                 "whose members were not (the terms of reference's referral route).")
    return [finding("conflicted_member_counted", text, evidence, decision=ctx.decision,
                    person=counted[0][0].person if n == 1 else None,
                    people=[p.person for p, _ in counted], meeting=str(meeting))]


# ---------------------------------------------------------------------------
# Every decision, and the scheme itself
# ---------------------------------------------------------------------------


def decision_ids(G: nx.MultiDiGraph, *, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> list[str]:
    """Ids of the decisions in ``G`` (optionally dated within a period), sorted by date then id."""
    out = []
    for _n, a in G.nodes(data=True):
        if a.get("type") != "decision":
            continue
        d = a.get("date")
        if (date_from and d < date_from) or (date_to and d > date_to):
            continue
        out.append((d, str(a.get("id"))))
    return [i for _, i in sorted(out)]


def trace_all(G: nx.MultiDiGraph, *, rules: Rules | None = None, date_from: dt.date | None = None,
              date_to: dt.date | None = None, progress: Any = None) -> list[Trace]:
    """Trace every decision (dated within the period, if given), by date then id."""
    rules = rules or Rules()
    S = Scheme.of(G)
    out = []
    for did in decision_ids(G, date_from=date_from, date_to=date_to):
        out.append(trace_decision(G, did, rules=rules, scheme=S))
        if progress is not None:
            progress.advance()
    return out


def audit_scheme(G: nx.MultiDiGraph, *, rules: Rules | None = None,
                 scheme: Scheme | None = None) -> list[Finding]:
    """Check the scheme of delegation itself, whatever was decided under it.

    * each delegation's own legality and guidance (foundation trust to a NED,
      ICB statutory function to a trust), sub-delegations not allowed by their
      parent or with higher limits than it;
    * circles of delegation for a matter;
    * committees with no delegation and no reserved powers;
    * delegations to bodies that were dissolved or people who hold no post;
    * the same delegate holding the same matter twice at once with different limits.

    Cost: O(delegations x matters) plus one strongly-connected-components pass
    per delegated matter.
    """
    rules = rules or Rules()
    S = scheme or Scheme.of(G)
    out: list[Finding] = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        out += static_checks(S, d, rules, d.start, d.end)
        if is_sub_delegation(S, d):
            for m in d.matters:
                parents = [p for p in _parents(S, d, m) if _overlaps(p.start, p.end, d.start, d.end)]
                if not parents:
                    continue
                per_parent = [sub_checks(S, d, p, m) for p in parents]
                # a problem only if every parent it could rest on shows it
                for kind in ("sub_delegation_forbidden", "sub_delegation_limit_exceeds_parent"):
                    if rules.on(kind) and all(any(f.kind == kind for f in fs) for fs in per_parent):
                        out.append(next(f for fs in per_parent for f in fs if f.kind == kind))
    if rules.on("cycle"):
        out += _scheme_cycles(S)
    if rules.on("body_without_powers"):
        out += _bodies_without_powers(S)
    if rules.on("delegate_no_longer_exists"):
        out += _gone_delegates(S)
    if rules.on("overlapping_delegations"):
        out += _overlaps_with_different_limits(S)
    return dedupe(out)


def _scheme_cycles(S: Scheme) -> list[Finding]:
    """Circles of delegation: for each delegated matter, the strongly connected parts of the
    delegations that carry it (a matter, a broader or a narrower one)."""
    seen: set[tuple[str, ...]] = set()
    out: list[Finding] = []
    codes = sorted({m for d in S.delegs.values() for m in d.matters})
    for m in codes:
        H = nx.MultiDiGraph()
        for d in S.delegs.values():
            if any(S.related(m, x) for x in d.matters):
                H.add_edge(d.u, d.v, key=d.id)
        for comp in nx.strongly_connected_components(H):
            ids = tuple(sorted(k for u, v, k in H.edges(keys=True) if u in comp and v in comp))
            if not ids or ids in seen:
                continue
            seen.add(ids)
            bodies = " -> ".join(S.name(n) for n in sorted(comp))
            out.append(finding(
                "cycle", f"Delegations {', '.join(ids)} form a circle for '{m}' among {bodies}: "
                "authority in a circle has no source, so none of these bodies can rely on it.",
                [S.delegs[i].src for i in ids], delegation=ids[0]))
    return out


_NEEDS_POWERS = {"committee", "sub_committee", "joint_committee", "committees_in_common"}


def _bodies_without_powers(S: Scheme) -> list[Finding]:
    out = []
    for n, a in sorted(S.G.nodes(data=True)):
        if a.get("type") != "body" or a.get("kind") not in _NEEDS_POWERS:
            continue
        if S.incoming.get(n) or S.reserved.get(n):
            continue
        out.append(finding(
            "body_without_powers",
            f"{S.label(n)}, a {str(a.get('kind')).replace('_', ' ')}, has no delegation and no "
            "reserved powers in the data, so it can decide nothing: add its delegation, or record "
            "it as advisory only.",
            [a.get("src")], body=bare(n)))
    return out


def _gone_delegates(S: Scheme) -> list[Finding]:
    out = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        if d.v.startswith("body:"):
            b_end = S.attrs(d.v).get("end")
            if b_end is not None and (d.end is None or d.end > b_end):
                out.append(finding(
                    "delegate_no_longer_exists",
                    f"Delegation {d.id} to {S.label(d.v)} runs "
                    + (f"until {d.end.isoformat()}" if d.end else "with no end date")
                    + f", but that body ceased on {b_end.isoformat()}.",
                    [d.src, S.attrs(d.v).get("src")], delegation=d.id, body=bare(d.v)))
        else:
            posts = S.positions.get(d.v, [])
            if not posts:
                out.append(finding(
                    "delegate_no_longer_exists",
                    f"Delegation {d.id} is made to {S.label(d.v)}, who holds no post in the data.",
                    [d.src], delegation=d.id, person=bare(d.v)))
                continue
            ends = [p.get("end") for p in posts]
            if all(e is not None for e in ends):
                last = max(ends)
                if d.end is None or d.end > last:
                    out.append(finding(
                        "delegate_no_longer_exists",
                        f"Delegation {d.id} to {S.label(d.v)} runs "
                        + (f"until {d.end.isoformat()}" if d.end else "with no end date")
                        + f", but every post they held had ended by {last.isoformat()}.",
                        [d.src, *(p.get("src") for p in posts)], delegation=d.id,
                        person=bare(d.v)))
    return out


def _overlaps_with_different_limits(S: Scheme) -> list[Finding]:
    out = []
    for v in sorted(S.incoming):
        ds = S.incoming[v]
        for i, a in enumerate(ds):
            for b in ds[i + 1:]:
                if a.limit == b.limit or not _overlaps(a.start, a.end, b.start, b.end):
                    continue
                common = sorted({x for x in a.matters for y in b.matters if S.related(x, y)})
                if not common:
                    continue
                out.append(finding(
                    "overlapping_delegations",
                    f"{S.label(v)} holds '{', '.join(common)}' under both {a.id} ({money(a.limit)}, "
                    f"{period(a.start, a.end)}) and {b.id} ({money(b.limit)}, "
                    f"{period(b.start, b.end)}): which limit applies is unclear.",
                    [a.src, b.src], delegation=a.id,
                    **({"body": bare(v)} if v.startswith("body:") else {"person": bare(v)})))
    return out


__all__ = [
    "KINDS", "Kind", "Severity", "Rules", "GuidanceRule", "Finding", "Link", "Chain", "DecisionInfo",
    "Trace", "Scheme", "trace_decision", "trace_all", "audit_scheme", "decision_ids", "search_chains",
    "money", "period", "SOUND",
]
