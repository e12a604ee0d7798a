"""The Neo4j backend: the path searches run as Cypher in the database; the rest stays in Python.

``coigraph screen --backend neo4j`` and ``coigraph trace --backend neo4j`` work
on a dataset pushed with ``coigraph db push`` without loading it whole:

* the **interest-path search** (:class:`coigraph.paths.cypher.CypherPathFinder`,
  derived from the path grammar like :class:`coigraph.paths.PathFinder`; both
  are a :class:`coigraph.paths.PathSearch`) and the **delegation-chain search**
  (:func:`cypher_chain_search`, a drop-in for
  :func:`coigraph.delegation.search_chains`) run as bounded, typed Cypher in
  the database, over people, register entries, associations and
  organisation relations that never leave it;
* the policy, quorum, declarations checks and reporting run in Python, as
  with the in-memory engine, on a **context graph** (:func:`context_graph`):
  the governance skeleton (organisations, bodies, meetings, agenda items,
  matters, decisions and the scheme of delegation, which grow with the number
  of organisations and meetings, not with people or interests) plus the
  people in scope (those on the meeting's roll, or around the decision) with
  their own records and their associates'.

Both searches give the same records as the in-memory engine (the parity tests
compare them on the sample system and on generated systems); the path
records are built by :mod:`coigraph.paths.records`' one builder, so the wording
and evidence are identical.

Cost: one round trip per (person, item) path search, memoised per finder; one
per decision for the chain search; the context graph is read once per command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.db.connect import Database
from coigraph.db.schema import (
    DATASET,
    KEY,
    checked_label,
    checked_rel_type,
    node_label,
)
from coigraph.delegation import ChainPath, DelegationEdge, Rules, Scheme, Trace, trace_decision
from coigraph.model import Effect
from coigraph.paths import (
    DEFAULT_LIMIT,
    DEFAULT_LOOKBACK_DAYS,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_ORG_STEPS,
    InterestPath,
    PathSearchFactory,
)
from coigraph.paths.cypher import MEMBERSHIP_CYPHER as MEMBERSHIP_CYPHER  # re-exported
from coigraph.paths.cypher import (
    CypherPathFinder,
    node_attrs,
    rel_attrs,
    rows_graph,
)
from coigraph.paths.cypher import path_search_cypher as path_search_cypher  # re-exported

# --------------------------------------------------------------------------- Cypher text
# The interest-path statements (path_search_cypher, MEMBERSHIP_CYPHER) are derived from the path
# grammar in coigraph.paths.cypher, with the engine that runs them (CypherPathFinder); they are
# imported above so that code importing them from here keeps working.


def chain_search_cypher(max_depth: int, start_label: str = "Body") -> str:
    """The delegation-chain search of :func:`coigraph.delegation.search_chains`, in Cypher.

    Parameters: ``$dataset``, ``$start`` (the decider's node key), ``$matter``
    (its code), ``$first`` (delegation ids allowed as the first link, or
    null).  Enumerates every chain of delegations upward from the decider
    whose matters cover the matter (or a broader one), a delegation that
    names its parent being followed only by that parent, without revisiting
    a body; each chain ends where the search ends: complete at a board that
    received no such delegation, broken where a body received none
    (``no_delegation``), where the named parent is not there
    (``parent_mismatch``), at ``max_depth`` (``too_deep``), or on a delegation
    that would close a circle (``cycle``).  The depth bound is written into
    the pattern (an integer from 1 to 100, never data), and so is the
    decider's label (``Body`` or ``Person``, from the schema), so the start
    is found by its index.
    """
    depth = int(max_depth)
    if not 1 <= depth <= 100:
        raise ValueError("max_depth must be between 1 and 100")
    return f"""
MATCH (mt:Matter {{{DATASET}: $dataset, code: $matter}})
MATCH (mt)-[:NARROWER_THAN*0..32]->(anc:Matter)
WITH collect(DISTINCT anc.code) AS covers
MATCH (start:{checked_label(start_label)} {{{DATASET}: $dataset, {KEY}: $start}})
MATCH q = (top)-[:DELEGATION*0..{depth}]->(start)
WITH covers, top, reverse(nodes(q)) AS ns, reverse(relationships(q)) AS links
WHERE all(i IN range(0, size(links) - 1)
          WHERE (i = 0 AND $first IS NOT NULL) OR any(code IN links[i].matters WHERE code IN covers))
  AND all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[0..i])
  AND all(i IN range(0, size(links) - 2)
          WHERE links[i].parent IS NULL OR links[i].parent = links[i + 1].id)
  AND ($first IS NULL OR size(links) = 0 OR links[0].id IN $first)
WITH top, ns, links,
     [(u)-[c:DELEGATION]->(top)
      WHERE (size(links) = 0 AND $first IS NOT NULL AND c.id IN $first)
         OR ((size(links) > 0 OR $first IS NULL) AND any(code IN c.matters WHERE code IN covers))
      | c] AS cands,
     CASE WHEN size(links) > 0 THEN links[size(links) - 1].parent ELSE null END AS stated
WITH top, ns, links, stated, [c IN cands WHERE stated IS NULL OR c.id = stated] AS nexts
WITH top, ns, links, stated, nexts,
     CASE WHEN size(links) >= {depth} THEN 'too_deep'
          WHEN stated IS NOT NULL AND size(nexts) = 0 THEN 'parent_mismatch'
          WHEN size(nexts) = 0 AND top:Body AND top.kind = 'board' THEN 'complete'
          WHEN size(nexts) = 0 THEN 'no_delegation'
          ELSE null END AS ending
WITH top, ns, links, ending,
     [c IN nexts WHERE startNode(c) IN ns | c] AS closing
WHERE ending IS NOT NULL OR size(closing) > 0
UNWIND CASE WHEN ending IS NOT NULL THEN [null]
            ELSE closing END AS close
WITH top, ns, links, ending, close,
     CASE WHEN close IS NULL THEN null
          ELSE [i IN range(0, size(ns) - 1) WHERE ns[i] = startNode(close)][0] END AS at
RETURN [l IN links | l.id] + CASE WHEN close IS NULL THEN [] ELSE [close.id] END AS links,
       CASE WHEN close IS NULL THEN top.{KEY} ELSE startNode(close).{KEY} END AS end,
       coalesce(ending, 'cycle') AS ending,
       CASE WHEN close IS NULL THEN []
            ELSE [l IN links[coalesce(at, 0)..] | l.id] + [close.id] END AS cycle
"""


# --------------------------------------------------------------------------- rows -> records

# (the row maps of a statement, as graph attributes: one decoder for every statement here)
_node_attrs, _rel_attrs, _mini_graph = node_attrs, rel_attrs, rows_graph


# --------------------------------------------------------------------------- chains


def cypher_chain_search(db: Database, dataset: str, S: Scheme, start: str, matter: str, rules: Rules,
                        first: list[DelegationEdge] | None = None) -> list[ChainPath]:
    """:func:`coigraph.delegation.search_chains`, enumerated in Cypher; chains in its order.

    The chains come back as delegation ids and are mapped onto the scheme
    ``S`` (built from the context graph, which holds every delegation).
    Ordered as the depth-first search visits them (by the ids of their
    links), at most ``rules.max_chains``.
    """
    rows = db.read(chain_search_cypher(rules.max_depth, node_label(start)),
                   {"dataset": dataset, "start": start, "matter": matter,
                    "first": [d.id for d in first] if first is not None else None})
    rows.sort(key=lambda r: tuple(r["links"]))
    out = []
    for r in rows[: rules.max_chains]:
        links = [S.delegs[i] for i in r["links"]]
        ending = r["ending"]
        out.append(ChainPath(links, r["end"], ending == "complete",
                             None if ending == "complete" else ending, tuple(r["cycle"]), start=start))
    return out


# --------------------------------------------------------------------------- the context graph

#: Node labels and relationship types of the governance skeleton read into Python.
SKELETON_LABELS = ("Organisation", "Body", "Meeting", "AgendaItem", "Matter", "Decision",
                   "Post", "JointAuthority", "ProcurementThreshold", "Procurement")
SKELETON_RELS = ("OWNED_BY", "REPORTS_TO", "MEETING_OF", "ITEM_OF", "DECIDES", "NARROWER_THAN",
                 "UNDER_ITEM", "AFFECTS", "RESERVES", "MINUTED", "DELEGATION", "DECIDED_BY",
                 "SIGNED_BY", "WITH_SUPPLIER", "RECOMMENDED_TO", "APPROVED_BY", "POST_OF",
                 "IN_CLASS", "JOINT_OF", "THRESHOLD_OF",
                 "PROCUREMENT_STAGE", "BIDS_IN", "BOUGHT_BY", "AWARD_ITEM", "AWARD_DECISION")


def _add_node(G: nx.MultiDiGraph, n: dict[str, Any]) -> None:
    if n["key"] not in G:
        G.add_node(n["key"], **_node_attrs(n))


def context_graph(db: Database, dataset: str, people: Iterable[str],
                  skeleton: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph the Python side of a screen or trace reads (see the module docstring).

    The skeleton (:func:`skeleton_graph`; a copy of ``skeleton`` if given),
    then each person in ``people`` and each of their associates with every
    relationship they have and the node at its other end.  Organisation
    relations, and the people, posts and register entries of everyone else,
    stay in the database.
    """
    G = skeleton.copy() if skeleton is not None else skeleton_graph(db, dataset)
    add_people(G, db, dataset, people)
    return G


def skeleton_graph(db: Database, dataset: str) -> nx.MultiDiGraph:
    """Every node of :data:`SKELETON_LABELS` and every relationship of :data:`SKELETON_RELS`
    between them (with the people at the far end of a delegation or a decision)."""
    G = nx.MultiDiGraph(name=dataset)
    for label in SKELETON_LABELS:
        for r in db.read(f"MATCH (n:{checked_label(label)} {{{DATASET}: $dataset}}) "
                         f"RETURN n.{KEY} AS key, labels(n) AS labels, properties(n) AS props",
                         {"dataset": dataset}):
            _add_node(G, r)
    for rel in SKELETON_RELS:
        rows = db.read(f"MATCH (a)-[r:{checked_rel_type(rel)} {{{DATASET}: $dataset}}]->(b) "
                       f"RETURN a.{KEY} AS a, b.{KEY} AS b, r.{KEY} AS key, type(r) AS type, "
                       f"properties(r) AS props, "
                       f"CASE WHEN b:Person THEN {{key: b.{KEY}, labels: labels(b), props: properties(b)}} "
                       f"ELSE null END AS person",
                       {"dataset": dataset})
        for r in rows:
            if r["a"] not in G and r["person"] is None:
                continue
            if r["person"] is not None:
                _add_node(G, r["person"])
            if r["a"] in G and r["b"] in G:
                G.add_edge(r["a"], r["b"], key=r["key"], **_rel_attrs(r))
    return G


def add_people(G: nx.MultiDiGraph, db: Database, dataset: str, people: Iterable[str]) -> None:
    """Add ``people`` and their associates to ``G``, each with all their relationships."""
    keys = sorted({ids.person(p) for p in people})
    seen: set[str] = set()
    for _round in range(2):  # the people, then their associates
        todo = [k for k in keys if k not in seen]
        if not todo:
            break
        seen.update(todo)
        rows = db.read(
            f"UNWIND $keys AS k MATCH (p:Person {{{DATASET}: $dataset, {KEY}: k}}) "
            f"OPTIONAL MATCH (p)-[r]-(x) WHERE r.{DATASET} = $dataset "
            f"RETURN {{key: p.{KEY}, labels: labels(p), props: properties(p)}} AS p, "
            f"startNode(r).{KEY} AS a, endNode(r).{KEY} AS b, r.{KEY} AS key, type(r) AS type, "
            f"properties(r) AS props, "
            f"CASE WHEN x IS NULL THEN null ELSE {{key: x.{KEY}, labels: labels(x), "
            f"props: properties(x)}} END AS x",
            {"dataset": dataset, "keys": todo})
        keys = []
        for r in rows:
            _add_node(G, r["p"])
            if r["x"] is None:
                continue
            _add_node(G, r["x"])
            G.add_edge(r["a"], r["b"], key=r["key"], **_rel_attrs(r))
            if r["type"] == "ASSOCIATION":
                keys.append(r["x"]["key"])


def meeting_people(db: Database, dataset: str, meetings: Iterable[str] | None = None) -> list[str]:
    """Everyone who can be on the roll of ``meetings`` (all meetings when None).

    The people with an attendance record at the meeting, those they deputise
    for, and everyone who has ever held a seat on the meeting's body.
    """
    rows = db.read(
        f"MATCH (m:Meeting {{{DATASET}: $dataset}}) WHERE $meetings IS NULL OR m.{KEY} IN $meetings "
        f"MATCH (m)-[:MEETING_OF]->(b:Body) "
        f"OPTIONAL MATCH (a:Person)-[att:ATTENDANCE]->(m) "
        f"OPTIONAL MATCH (s:Person)-[:POSITION]->(b) "
        f"RETURN collect(DISTINCT a.{KEY}) + collect(DISTINCT s.{KEY}) "
        f"+ collect(DISTINCT $person + att.deputising_for) AS people",
        {"dataset": dataset, "meetings": list(meetings) if meetings is not None else None,
         "person": ids.PERSON + ":"})
    return sorted({p for r in rows for p in r["people"] if p})


def decision_people(db: Database, dataset: str, decision: str) -> list[str]:
    """The people a trace of ``decision`` reads about.

    The deciding officer and everyone who signed, everyone a delegation is
    made to, everyone with a seat on the deciding body, the roll of the
    meeting the decision was taken at (for the conflicted-member check), and
    everyone who may hold a post a scheme names (a position naming a post, or
    with a role a class of posts lists: for the holder checks and "who may
    approve").
    """
    rows = db.read(
        f"MATCH (d:Decision {{{DATASET}: $dataset, {KEY}: $decision}}) "
        f"OPTIONAL MATCH (d)-[:DECIDED_BY|SIGNED_BY]->(by) "
        f"OPTIONAL MATCH (:Body {{{DATASET}: $dataset}})-[:DELEGATION]->(dp:Person) "
        f"OPTIONAL MATCH (s:Person)-[:POSITION]->(by) "
        f"OPTIONAL MATCH (d)-[:UNDER_ITEM]->(:AgendaItem)-[:ITEM_OF]->(m:Meeting) "
        # aggregate first, then add the decider: Neo4j 5 rejects a non-grouped variable mixed
        # into an aggregate in one RETURN ("implicit grouping expressions"); one row per decider
        # or signatory, joined below
        f"WITH by, collect(DISTINCT dp.{KEY}) + collect(DISTINCT s.{KEY}) AS ps, "
        f"collect(DISTINCT m.{KEY}) AS meetings "
        f"RETURN CASE WHEN by:Person THEN [by.{KEY}] ELSE [] END + ps AS people, meetings",
        {"dataset": dataset, "decision": decision})
    people = {p for r in rows for p in r["people"] if p}
    meetings = [m for r in rows for m in r["meetings"] if m]
    if meetings:
        people.update(meeting_people(db, dataset, meetings))
    people.update(post_people(db, dataset))
    return sorted(people)


def procurement_people(db: Database, dataset: str, procurement: str) -> list[str]:
    """The people recorded as acting in ``procurement`` (node key) at any stage."""
    rows = db.read(
        f"MATCH (x:Person)-[a:ACTS_IN]->(p:Procurement {{{DATASET}: $dataset, {KEY}: $procurement}}) "
        f"WHERE a.{DATASET} = $dataset RETURN collect(DISTINCT x.{KEY}) AS people",
        {"dataset": dataset, "procurement": procurement})
    return sorted({p for r in rows for p in r["people"] if p})


def post_people(db: Database, dataset: str) -> list[str]:
    """Everyone whose position names a post, or has a role some class of posts lists."""
    rows = db.read(
        f"OPTIONAL MATCH (c:Post {{{DATASET}: $dataset, kind: 'class'}}) WHERE c.roles IS NOT NULL "
        f"WITH reduce(acc = [], r IN collect(c.roles) | acc + r) AS roles "
        f"MATCH (p:Person {{{DATASET}: $dataset}})-[pos:POSITION]->() "
        f"WHERE pos.post IS NOT NULL OR pos.role IN roles "
        f"RETURN collect(DISTINCT p.{KEY}) AS people",
        {"dataset": dataset})
    return sorted({p for r in rows for p in r["people"] if p})


# --------------------------------------------------------------------------- the backend


@dataclass
class Neo4jBackend:
    """One pushed dataset in one database, as the engine behind screen and trace."""

    db: Database
    dataset: str

    def __post_init__(self) -> None:
        self._skeleton: nx.MultiDiGraph | None = None

    def context(self, people: Iterable[str]) -> nx.MultiDiGraph:
        """The context graph for ``people`` (the skeleton is read once per backend)."""
        if self._skeleton is None:
            self._skeleton = skeleton_graph(self.db, self.dataset)
        return context_graph(self.db, self.dataset, people, skeleton=self._skeleton)

    def check(self) -> Neo4jBackend:
        """Self, once the dataset is known to be in the database (NotFound naming those there)."""
        from coigraph.db.push import list_datasets
        from coigraph.errors import NotFound, did_you_mean

        got = self.db.read(f"MATCH (n:Organisation {{{DATASET}: $dataset}}) RETURN count(n) AS n",
                           {"dataset": self.dataset})
        if got and got[0]["n"]:
            return self
        known = list_datasets(self.db)
        hint = did_you_mean(self.dataset, known) if known else None
        raise NotFound(f"no dataset '{self.dataset}' in the database (datasets there: "
                       + (", ".join(f"'{d}'" for d in known) or "none") + ")"
                       + (f" ({hint})" if hint else "")
                       + "; push it first with 'coigraph db push DATA --dataset NAME'")

    def path_finder(self, G: nx.MultiDiGraph | None = None, **kw: Any) -> CypherPathFinder:
        """A :class:`CypherPathFinder` with :class:`coigraph.paths.PathFinder`'s signature."""
        return CypherPathFinder(self.db, self.dataset, G, **kw)

    def interest_paths(self, G: nx.MultiDiGraph | None, person_node: str, target_orgs: Iterable[str], *,
                       on: dt.date, lookback_days: int = DEFAULT_LOOKBACK_DAYS,
                       max_depth: int = DEFAULT_MAX_DEPTH, max_org_steps: int = DEFAULT_MAX_ORG_STEPS,
                       exclude_orgs: Iterable[str] = (), exclude_bodies: Iterable[str] = (),
                       limit: int = DEFAULT_LIMIT) -> list[InterestPath]:
        """:func:`coigraph.paths.interest_paths`, searched in the database (``G`` is not read)."""
        return self.path_finder(G, on=on, lookback_days=lookback_days, max_depth=max_depth,
                                max_org_steps=max_org_steps, exclude_orgs=exclude_orgs,
                                exclude_bodies=exclude_bodies, limit=limit).paths(person_node, target_orgs)

    def search_chains(self, S: Scheme, start: str, matter: str, rules: Rules,
                      first: list[DelegationEdge] | None = None) -> list[ChainPath]:
        """:func:`coigraph.delegation.search_chains`, searched in the database: a
        :class:`coigraph.delegation.ChainSearch`, passed to tracing as its ``chains``."""
        return cypher_chain_search(self.db, self.dataset, S, start, matter, rules, first)

    # -- whole commands
    def screen_meeting(self, meeting_id: str, **kw: Any) -> Any:
        """:func:`coigraph.screening.screen_meeting` with the path search in the database."""
        from coigraph.screening import screen_meeting

        meeting = ids.meeting(meeting_id)
        G = self.context(meeting_people(self.db, self.dataset, [meeting]))
        return screen_meeting(G, meeting_id, path_finder=self._prefetching(G), **kw)

    def screen_all(self, **kw: Any) -> Any:
        """:func:`coigraph.screening.screen_all` with the path search in the database."""
        from coigraph.screening import screen_all

        G = self.context(meeting_people(self.db, self.dataset))
        return screen_all(G, path_finder=self._prefetching(G), **kw)

    def _prefetching(self, G: nx.MultiDiGraph) -> PathSearchFactory:
        """A path-search factory for screening that first searches the whole meeting at once.

        Screening asks for one person and one item at a time; the factory
        learns the meeting from the exclusions it is made with, so it asks
        the database once for everyone who may be in the room and every
        organisation the agenda affects (listed or named in the wording, as
        screening finds them), then answers screening's questions from that.
        """
        from coigraph.screening import affected_organisations

        def factory(_G: Any = None, **kw: Any) -> CypherPathFinder:
            finder = self.path_finder(G, **kw)
            body = next(iter(finder.exclude_bodies), None)
            meetings = [m for m, mt in views.nodes_of(G, "meeting") if ids.body(str(mt.body)) == body]
            same_day = [m for m in meetings if views.meeting(G, m).date == kw.get("on")]
            meetings = same_day or meetings  # (--as-of: every meeting of the body)
            people, targets, selves = set(), set(), set()
            for m in meetings:
                people.update(u for u, _, _, _ in views.in_edges(G, m, "attendance"))
                for u, _, _, _ in views.in_edges(G, m, "item_of"):
                    for x in affected_organisations(G, u, exclude=finder.exclude_orgs):
                        (selves if x.effect == Effect.self else targets).add(ids.org(x.organisation))
            people.update(u for u, _, _, _ in views.in_edges(G, body, "position"))
            finder.prefetch(people, targets | selves)
            finder.prefetch_membership(people, selves)
            return finder

        return factory

    def screen_procurement(self, procurement_id: str, **kw: Any) -> Any:
        """:func:`coigraph.governance.procurement.screen_procurement` with the path search in the
        database: the context holds the participants, the roll of the meeting that takes the award
        and the officer who decided it."""
        from coigraph import procurements
        from coigraph.governance.procurement import screen_procurement

        if self._skeleton is None:
            self._skeleton = skeleton_graph(self.db, self.dataset)
        skel, proc = self._skeleton, ids.procurement(procurement_id)
        people = set(procurement_people(self.db, self.dataset, proc))
        if proc in skel:
            meeting = procurements.award_meeting(skel, proc)
            if meeting is not None:
                people.update(meeting_people(self.db, self.dataset, [meeting]))
            p = views.procurement(skel, proc)
            d = ids.decision(p.decision) if p.decision else None
            if d is not None and d in skel and views.decision(skel, d).by_person:
                people.add(ids.person(views.decision(skel, d).by_person))
        G = self.context(people)
        return screen_procurement(G, procurement_id, path_finder=self.path_finder, **kw)

    def trace_decision(self, decision_id: str, *, rules: Rules | None = None) -> Trace:
        """:func:`coigraph.delegation.trace_decision` with the chain (and path) search in the database."""
        decision = ids.decision(decision_id)
        G = self.context(decision_people(self.db, self.dataset, decision))
        return trace_decision(G, decision_id, rules=rules, chains=self.search_chains,
                              path_finder=self._prefetching(G))
