"""The interest-path search as Cypher, derived from the grammar; and the saved query made from it.

:func:`path_search_cypher` writes the search of :mod:`coigraph.paths.memory`
as one Cypher statement, clause by clause from
:data:`coigraph.paths.grammar.GRAMMAR`: the associate relations, the
carriers and where they may land, the seat's owner, the lines and which way
each goes, the bounds and the dates.  :class:`CypherPathFinder` runs it in a
database and builds the same records as the in-memory engine (with
:mod:`coigraph.paths.records`' own builder).  The saved query
``meeting-conflicts.cypher`` is generated from the same clauses
(:func:`saved_query_text`); a test fails when the committed file differs::

    python -m coigraph.paths.cypher --write-saved-query    # rewrite it
    python -m coigraph.paths.cypher --check                # exit 1 if it is stale

Names written into the text (labels, relationship types, kinds, bounds) all
come from the schema and the grammar, never from data; every value travels
as a parameter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import networkx as nx

from coigraph import ids
from coigraph.db.pull import from_property
from coigraph.db.schema import DATASET, EDGE_TYPE_OF_REL, KEY, LABELS, NODE_TYPE_OF_LABEL, REL_TYPES
from coigraph.model import AttendanceStatus, Effect
from coigraph.paths.grammar import BODY, GRAMMAR, ORGANISATION, PERSON, Direction, Grammar
from coigraph.paths.records import Hop, InterestPath, Prefix, build_path, membership_path

#: The largest organisation-step bound written into a pattern (a bound, never data).
MAX_ORG_STEPS_IN_PATTERN = 8
#: The saved query generated from the grammar.
SAVED_QUERY = "meeting-conflicts"

_PERSON, _ORG, _BODY = LABELS[PERSON], LABELS[ORGANISATION], LABELS[BODY]


class Reader(Protocol):
    """Anything that runs a read statement (:class:`coigraph.db.connect.Database`)."""

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


# --------------------------------------------------------------------------- clauses from the grammar


@dataclass(frozen=True)
class Terms:
    """How a statement names what the search is asked.

    The engine's statement takes parameters (``$on``); the saved query
    computes them from the meeting (``on``) and carries its own variables
    (``carry``) through the search.
    """

    on: str
    since: str
    exclude_orgs: str  # a list of organisation keys
    exclude_bodies: str  # a list of body ids
    max_depth: str
    target: str
    carry: tuple[str, ...] = ()
    #: Variables the walk's filter reads besides those of the search (the saved query's exclusions).
    walk_carry: tuple[str, ...] = ()


ENGINE = Terms(on="$on", since="$since", exclude_orgs="$exclude_orgs", exclude_bodies="$exclude_bodies",
               max_depth="$max_depth", target="t")


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _rels(edge_types: Iterable[str]) -> str:
    return "|".join(REL_TYPES[t] for t in dict.fromkeys(edge_types))


def _type_in(var: str, edge_types: Iterable[str]) -> str:
    rels = [REL_TYPES[t] for t in dict.fromkeys(edge_types)]
    return f"type({var}) = '{rels[0]}'" if len(rels) == 1 else f"type({var}) IN {_list(rels)}"


def in_force(var: str, on: str) -> str:
    """``var`` (a node or relationship) in force on ``on``."""
    return f"({var}.start IS NULL OR {var}.start <= {on}) AND ({var}.end IS NULL OR {var}.end >= {on})"


def in_force_since(var: str, on: str, since: str) -> str:
    """``var`` started by ``on`` and had not ended before ``since`` (in force, or within the look-back)."""
    return f"({var}.start IS NULL OR {var}.start <= {on}) AND ({var}.end IS NULL OR {var}.end >= {since})"


def _is_line(g: Grammar, r: str) -> str:
    """``r`` is a relationship some line is made of (the pattern already holds only their types)."""
    by_type: dict[str, list[str | None]] = {}
    for ln in g.lines:
        by_type.setdefault(ln.edge_type, []).append(ln.kind)
    tests = []
    for edge_type, kinds in by_type.items():
        kind_test = "true" if None in kinds else f"{r}.kind IN {_list(k for k in kinds if k)}"
        tests.append(kind_test if len(by_type) == 1 else f"({_type_in(r, [edge_type])} AND {kind_test})")
    return tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"


def _goes_forward(g: Grammar, r: str, d: Direction) -> str:
    """``r`` (a line relationship) goes ``d`` when walked from its start node to its end node."""
    lines = [ln for ln in g.lines if ln.forward == d]
    if not lines:
        return "false"
    tests = []
    for ln in lines:
        test = f"{r}.kind = '{ln.kind}'" if ln.kind else "true"
        if len(g.line_types) > 1:
            test = f"({_type_in(r, [ln.edge_type])} AND {test})"
        tests.append(test)
    if len(g.line_types) == 1 and all(ln.kind for ln in lines):
        return f"{r}.kind IN {_list(ln.kind for ln in lines if ln.kind)}"
    return "(" + " OR ".join(tests) + ")"


def _search(g: Grammar, t: Terms, max_org_steps: int, *, notes: bool) -> list[str]:
    """The clauses shared by every statement: from ``p`` (a Person) to the shortest routes to ``target``.

    Leaves, per row: ``p``, the target, ``c`` (the carrier), ``via`` (the
    association's key, or null), ``best`` (``{nodes, rels, via_body}``) and
    the variables ``t.carry``.
    """
    def note(text: str) -> list[str]:
        return [f"// {text}"] if notes else []

    on, carry = t.on, "".join(f"{v}, " for v in t.carry)
    seat, owned = g.seat, REL_TYPES[g.seat.edge_type]
    to_org = [c.edge_type for c in g.carriers if ORGANISATION in c.lands_on]
    to_body = [c.edge_type for c in g.carriers if BODY in c.lands_on]
    landing = []
    if to_org:
        landing.append(f"x:{_ORG}" if len(to_org) == len(g.carriers) else f"(x:{_ORG} AND {_type_in('c', to_org)})")
    if to_body:
        landing.append(f"(x:{_BODY} AND {_type_in('c', to_body)})"
                       if len(to_body) < len(g.carriers) else f"x:{_BODY}")
    carrier_end = t.since if g.carrier_lookback else on
    no_lookback = [c.edge_type for c in g.carriers if not c.lookback]
    if g.carrier_lookback and no_lookback:  # a public-register record counts only while in force
        carrier_end = (f"CASE WHEN {_type_in('c', no_lookback)} THEN {on} ELSE {t.since} END"
                       if len(no_lookback) < len(g.carriers) else on)
    lines = [
        *note("the person, or an associate of theirs (either way round), in force on the date"),
        f"MATCH (p)-[al:{_rels(g.associate_types)}*0..1]-(h:{_PERSON})",
        "WHERE (size(al) = 0 OR h <> p)",
        f"  AND all(a IN al WHERE {in_force('a', on)})",
        *note("the post or register entry that carries the interest"),
        f"MATCH (h)-[c:{_rels(c.edge_type for c in g.carriers)}]->(x)",
        f"WHERE ({' OR '.join(landing)})",
        f"  AND (c.start IS NULL OR c.start <= {on}) AND (c.end IS NULL OR c.end >= {carrier_end})",
    ]
    indirect = [f"{_type_in('c', [c.edge_type])} AND coalesce(c.{c.indirect_field}, false)"
                for c in g.carriers if c.indirect_field]
    if indirect:
        held = indirect[0] if len(indirect) == 1 else "(" + " OR ".join(f"({x})" for x in indirect) + ")"
        lines.append(f"  AND NOT (size(al) = 1 AND {held})")
    for c in g.carriers:
        if c.covered_by:  # the person's own entry naming the organisation covers it: not followed
            lines.append(f"  AND NOT ({_type_in('c', [c.edge_type])} AND EXISTS {{ (p)-[cover:"
                         f"{_rels(c.covered_by)}]->(x) WHERE {in_force_since('cover', on, t.since)} }})")
    for c in g.carriers:
        if c.seat_field:
            guard = "" if len(g.carriers) == 1 else f"type(c) <> '{REL_TYPES[c.edge_type]}' OR "
            lines.append(f"  AND ({guard}c.{c.seat_field} IS NULL OR NOT c.{c.seat_field} IN {t.exclude_bodies})")
    lines += [
        *note("a seat on a body lands on the organisations that own it"),
        f"MATCH (x)-[ow:{owned}*0..1]->(o:{_ORG})",
        f"WHERE ((x:{_ORG} AND size(ow) = 0)",
        f"       OR (x:{_BODY} AND size(ow) = 1 AND NOT x.id IN {t.exclude_bodies}",
        f"           AND {in_force('x', on)}",
        f"           AND (COUNT {{ (x)-[:{owned}]->() }} = 1 OR c.{seat.names_owner} = o.id)))",
        f"  AND NOT o.{KEY} IN {t.exclude_orgs}",
        f"  AND {in_force('o', on)}",
        *note(f"then at most {_count(max_org_steps)} organisation steps along one line, all up or all down"),
    ]
    walk = f"MATCH w = (o)-[:{_rels(ln.edge_type for ln in g.lines)}*0..{max_org_steps}]-"
    if t.target == ENGINE.target:  # the engine's targets are a parameter; the saved query's are bound
        lines += [f"{walk}({t.target}:{_ORG})",
                  f"WHERE {t.target}.{KEY} IN $targets AND NOT {t.target}.{KEY} IN {t.exclude_orgs}"]
    else:
        lines.append(f"{walk}({t.target})")
    same_way = [f"all(i IN range(0, size(rs) - 1) WHERE (startNode(rs[i]) = ns[i]) = ({_goes_forward(g, 'rs[i]', d)}))"
                for d in ("up", "down")]
    tgt = t.target
    lines += [
        f"WITH {carry}{''.join(f'{v}, ' for v in t.walk_carry)}p, al, h, c, x, ow, o, {tgt}, "
        "nodes(w) AS ns, relationships(w) AS rs",
        f"WHERE size(al) + 1 + size(ow) + size(rs) <= {t.max_depth}",
        f"  AND all(r IN rs WHERE {_is_line(g, 'r')} AND {in_force('r', on)})",
        "  AND all(i IN range(1, size(ns) - 1) WHERE NOT ns[i] IN ns[0..i])",
        f"  AND all(n IN tail(ns) WHERE NOT n.{KEY} IN {t.exclude_orgs} AND {in_force('n', on)})",
        f"  AND ({same_way[0]}",
        f"       OR {same_way[1]})",
        f"WITH {carry}p, {tgt}, c, CASE WHEN size(al) = 1 THEN head(al).{KEY} ELSE null END AS via,",
        "     [p] + CASE WHEN size(al) = 1 THEN [h] ELSE [] END + [x]",
        "         + CASE WHEN size(ow) = 1 THEN [o] ELSE [] END + tail(ns) AS path_nodes,",
        "     al + [c] + ow + rs AS path_rels,",
        f"     CASE WHEN size(ow) = 1 THEN x.{KEY} ELSE null END AS via_body",
        *note("keep the shortest routes for each " + ("item, " if "item" in t.carry else "")
              + "person, organisation and post or entry"),
        f"WITH {carry}p, {tgt}, c, via, via_body, path_nodes, path_rels ORDER BY size(path_rels)",
        f"WITH {carry}p, {tgt}, c, via, collect({{nodes: path_nodes, rels: path_rels, via_body: via_body}}) AS found",
        "UNWIND [f IN found WHERE size(f.rels) = size(found[0].rels)] AS best",
    ]
    return lines


def _count(n: int) -> str:
    return {0: "no", 1: "one", 2: "two", 3: "three", 4: "four"}.get(n, str(n))


def _org_steps(g: Grammar, max_org_steps: int | None, max_depth: int | None = None) -> int:
    steps = g.max_org_steps if max_org_steps is None else int(max_org_steps)
    if max_depth is not None:
        steps = max(0, min(steps, max_depth - 1))
    if not 0 <= steps <= MAX_ORG_STEPS_IN_PATTERN:
        raise ValueError(f"max_org_steps must be between 0 and {MAX_ORG_STEPS_IN_PATTERN}")
    return steps


def path_search_cypher(max_org_steps: int | None = None, grammar: Grammar = GRAMMAR) -> str:
    """The interest-path search of :mod:`coigraph.paths.memory`, as one Cypher statement.

    Parameters: ``$dataset``, ``$people`` (person node keys), ``$targets`` (organisation
    keys), ``$on`` and ``$since`` (dates: ``since`` is ``on`` minus the
    look-back), ``$exclude_orgs`` (organisation keys), ``$exclude_bodies``
    (body ids), ``$max_depth``.  The organisation-step bound (default: the
    grammar's) is written into the pattern (Cypher takes no parameter there);
    it is an integer from 0 to 8, never data.

    Shapes: as the grammar declares them (see :mod:`coigraph.paths.grammar`).
    For each target, carrier and association, only the shortest routes are
    kept.  Rows: ``person``, ``target``, ``carrier``, ``via`` (the
    association's key), ``via_body`` and the route's ``nodes`` and ``rels``.
    """
    steps = _org_steps(grammar, max_org_steps)
    lines = [
        "UNWIND $people AS person",
        f"MATCH (p:{_PERSON} {{{DATASET}: $dataset, {KEY}: person}})",
        *_search(grammar, ENGINE, steps, notes=False),
        f"RETURN p.{KEY} AS person, t.{KEY} AS target, c.{KEY} AS carrier, via, best.via_body AS via_body,",
        f"       [n IN best.nodes | {{key: n.{KEY}, labels: labels(n), props: properties(n)}}] AS nodes,",
        f"       [r IN best.rels | {{key: r.{KEY}, type: type(r), start: startNode(r).{KEY},",
        "                          props: properties(r)}] AS rels",
    ]
    return "\n" + "\n".join(lines) + "\n"


def membership_cypher(grammar: Grammar = GRAMMAR) -> str:
    """The person's own posts at organisations, or seats on their bodies (``self`` paths), in Cypher.

    Parameters: ``$dataset``, ``$people`` (person keys), ``$orgs``
    (organisation keys), ``$on``.  Carriers: those the grammar says make a
    member; in force on the date (no look-back); the body being screened is
    not excluded.
    """
    members = [c for c in grammar.carriers if c.membership]
    owned = REL_TYPES[grammar.seat.edge_type]
    to_body = [c.edge_type for c in members if BODY in c.lands_on]
    body_type = "" if len(to_body) == len(members) else f" AND {_type_in('c', to_body)}"
    return f"""
UNWIND $people AS person
MATCH (p:{_PERSON} {{{DATASET}: $dataset, {KEY}: person}})-[c:{_rels(c.edge_type for c in members)}]->(x)
WHERE {in_force('c', '$on')}
MATCH (x)-[ow:{owned}*0..1]->(o:{_ORG})
WHERE o.{KEY} IN $orgs AND ( (x:{_ORG} AND size(ow) = 0)
   OR (x:{_BODY}{body_type} AND size(ow) = 1
       AND (COUNT {{ (x)-[:{owned}]->() }} = 1 OR c.{grammar.seat.names_owner} = o.id)))
RETURN p.{KEY} AS person, o.{KEY} AS org, c.{KEY} AS carrier,
       [n IN [p, x] + CASE WHEN size(ow) = 1 THEN [o] ELSE [] END
        | {{key: n.{KEY}, labels: labels(n), props: properties(n)}}] AS nodes,
       [r IN [c] + ow | {{key: r.{KEY}, type: type(r), start: startNode(r).{KEY},
                         props: properties(r)}}] AS rels
"""


#: The membership statement of the grammar in use.
MEMBERSHIP_CYPHER = membership_cypher()


# --------------------------------------------------------------------------- the saved query

_HEADER = """\
// name: {name}
// title: Conflicts of interest for a meeting
// description: >-
//   For each agenda item of a meeting, the people on its attendance list (apologies and absent
//   left out) whose interests reach an organisation the item is listed as affecting (other than
//   items about the members themselves), with the evidence path.
//   The same typed, bounded search as 'coigraph screen': a post or a declared interest (or a
//   seat on a body, reaching the organisation that owns it; on a body of several owners, the
//   owner the seat is for){public}, directly or through an associate
//   (spouse, relative, business partner), then at most {steps} organisation steps along one line of
//   {lines}, all up or all down. Never through the organisation that
//   owns the meeting's body (for a joint committee: through {commissioners} among its
//   owners), never from a seat on that body. Everything in force on the meeting
//   date; the post or register entry may have ended up to lookback_days before it. For each
//   item, person, organisation and post or entry, only the shortest routes are kept.
//   Generated from the path grammar (coigraph/paths/grammar.py) by
//   'python -m coigraph.paths.cypher --write-saved-query': edit the grammar, not this file.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset name given to 'coigraph db push'.
//   meeting:
//     type: string
//     default: icb-board-2025-05
//     description: The meeting's id.
//   lookback_days:
//     type: integer
//     default: {lookback}
//     description: How long an interest that has ended still counts, in days.
"""

_COMMISSIONER_WORDS = {"icb": "the ICB", "nhs_england": "NHS England"}


def saved_query_text(grammar: Grammar = GRAMMAR) -> str:
    """The text of ``meeting-conflicts.cypher``: its header, then the search for a meeting's roll.

    The meeting gives the date, the look-back's start and the exclusions
    (the body meeting, and the owners of it the grammar excludes); the roll
    is the attendance list without apologies and absences; the targets are
    the organisations its items affect, other than as ``self``.
    """
    steps = _org_steps(grammar, None, grammar.max_depth)
    owned = REL_TYPES[grammar.seat.edge_type]
    commissioners = " or ".join(_COMMISSIONER_WORDS.get(k, k) for k in sorted(grammar.excluded_owner_kinds))
    public = "".join(
        f",\n//   or {c.description.split(':')[0]}\n//   ({c.edge_type}: to confirm; only while in force on "
        "the meeting date; not where the person's\n//   own register names the organisation)"
        for c in grammar.carriers if c.public_record)
    header = _HEADER.format(
        name=SAVED_QUERY, steps=_count(steps), lookback=grammar.lookback_days, commissioners=commissioners,
        lines=" / ".join(ln.name for ln in grammar.lines), public=public)
    away = _list(s.value for s in (AttendanceStatus.apologies, AttendanceStatus.absent))
    saved = Terms(on="on", since="since", exclude_orgs="excluded", exclude_bodies="excluded_bodies",
                  max_depth=str(grammar.max_depth), target="target", carry=("item", "aff", "on"),
                  walk_carry=("excluded",))
    body = [
        f"MATCH (m:{LABELS['meeting']} {{{DATASET}: $dataset, id: $meeting}})"
        f"-[:{REL_TYPES['meeting_of']}]->(body:{_BODY})",
        f"OPTIONAL MATCH (body)-[:{owned}]->(owner:{_ORG})",
        "WITH m, body, collect(owner) AS owners",
        "WITH m, body, m.date AS on, m.date - duration({days: $lookback_days}) AS since,",
        "     [o IN owners WHERE size(owners) <= 1 OR o.kind IN "
        f"{_list(sorted(grammar.excluded_owner_kinds))} | o.{KEY}] AS excluded,",
        "     [body.id] AS excluded_bodies",
        f"MATCH (p:{_PERSON})-[att:{REL_TYPES['attendance']}]->(m)",
        f"WHERE NOT att.status IN {away}",
        f"MATCH (item:{LABELS['agenda_item']})-[:{REL_TYPES['item_of']}]->(m)",
        f"MATCH (item)-[aff:{REL_TYPES['affects']}]->(target:{_ORG})",
        f"WHERE aff.effect <> '{Effect.self.value}' AND NOT target.{KEY} IN excluded",
        *_search(grammar, saved, steps, notes=True),
        "RETURN item.number AS item, item.title AS item_title, aff.effect AS effect,",
        "       p.id AS person, p.name AS person_name, target.id AS organisation,",
        "       target.name AS organisation_name, toLower(type(c)) AS carrier, c.id AS carrier_id,",
        "       (via IS NOT NULL OR coalesce(c.indirect, false)) AS indirect,",
        "       CASE WHEN c.end IS NULL OR c.end >= on THEN 'current' ELSE 'ended' END AS recency,",
        "       size(best.rels) AS steps,",
        f"       [n IN best.nodes | coalesce(n.name, n.{KEY})] AS path,",
        f"       [r IN best.rels | r.{KEY}] AS path_keys,",
        "       [r IN best.rels WHERE r.src IS NOT NULL | r.src] AS evidence",
        "ORDER BY item, person, organisation, steps, path_keys",
    ]
    return header + "\n".join(body) + "\n"


def saved_query_path() -> Path:
    """Where the generated saved query lives (beside the other saved queries)."""
    from coigraph.db.queries import QUERIES_DIR  # the saved queries' folder, wherever it is kept

    return QUERIES_DIR / f"{SAVED_QUERY}.cypher"


# --------------------------------------------------------------------------- rows -> records


def node_attrs(n: dict[str, Any]) -> dict[str, Any]:
    """A node map of a row (``{key, labels, props}``) as graph attributes (with its ``type``)."""
    label = next(lb for lb in n["labels"] if lb in NODE_TYPE_OF_LABEL)
    attrs = {k: from_property(v) for k, v in n["props"].items() if k not in (KEY, DATASET)}
    attrs["type"] = NODE_TYPE_OF_LABEL[label]
    return attrs


def rel_attrs(r: dict[str, Any]) -> dict[str, Any]:
    """A relationship map of a row (``{key, type, props}``) as graph attributes (with its ``type``)."""
    attrs = {k: from_property(v) for k, v in r["props"].items() if k not in (KEY, DATASET)}
    attrs["type"] = EDGE_TYPE_OF_REL[r["type"]]
    return attrs


def rows_graph(rows: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """The nodes a search returned, as a small graph (names, types, evidence) for the builder."""
    M = nx.MultiDiGraph()
    for row in rows:
        for n in row["nodes"]:
            M.add_node(n["key"], **node_attrs(n))
    return M


# --------------------------------------------------------------------------- the engine


class CypherPathFinder:
    """:class:`coigraph.paths.memory.PathFinder`, with the search run as Cypher in the database.

    Implements :class:`coigraph.paths.PathSearch`.  Made by
    ``Neo4jBackend.path_finder``, which has PathFinder's own signature, so
    screening takes it as its ``path_finder``.  ``G`` (the context graph) is
    not searched.  Results are memoised per call.
    """

    def __init__(self, db: Reader, dataset: str, G: nx.MultiDiGraph | None = None, *, on: dt.date,
                 lookback_days: int | None = None, max_depth: int | None = None,
                 max_org_steps: int | None = None, exclude_orgs: Iterable[str] = (),
                 exclude_bodies: Iterable[str] = (), limit: int | None = None, grammar: Grammar = GRAMMAR):
        self.grammar = grammar
        max_depth = grammar.max_depth if max_depth is None else max_depth
        if max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        self.db, self.dataset, self.G = db, dataset, G
        self.on = on
        self.lookback_days = grammar.lookback_days if lookback_days is None else lookback_days
        self.max_depth = max_depth
        steps = grammar.max_org_steps if max_org_steps is None else max_org_steps
        self.max_org_steps = max(0, min(steps, max_depth - 1))
        self.exclude_orgs = sorted({ids.org(o) for o in exclude_orgs})
        self.exclude_bodies = sorted({ids.body(b) for b in exclude_bodies})
        self.limit = grammar.limit if limit is None else limit
        #: People whose paths went over ``limit`` (person -> how many were found).
        self.capped: dict[str, int] = {}
        self._cypher = path_search_cypher(self.max_org_steps, grammar)
        self._membership = membership_cypher(grammar)
        self._paths: dict[tuple[str, tuple[str, ...]], list[InterestPath]] = {}
        self._members: dict[tuple[str, str], list[InterestPath]] = {}
        self._rows: dict[str, tuple[frozenset[str], list[dict[str, Any]]]] = {}

    def _params(self, **extra: Any) -> dict[str, Any]:
        return {"dataset": self.dataset, "on": self.on,
                "since": self.on - dt.timedelta(days=self.lookback_days),
                "exclude_orgs": self.exclude_orgs,
                "exclude_bodies": [ids.bare(b) for b in self.exclude_bodies],
                "max_depth": self.max_depth, **extra}

    def prefetch(self, people: Iterable[str], targets: Iterable[str]) -> None:
        """Search for many people and targets in one statement (a meeting's roll and agenda).

        Later :meth:`paths` calls for these people and any of these targets
        are answered from the rows it returned: the shortest routes are kept
        per target, so a subset of targets selects rows without changing them.
        """
        keys = sorted({ids.person(p) for p in people})
        tset = frozenset(ids.org(t) for t in targets)
        if not keys:
            return
        rows = self.db.read(self._cypher, self._params(people=keys, targets=sorted(tset))) if tset else []
        by_person: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
        for r in rows:
            by_person[r["person"]].append(r)
        for k, got in by_person.items():
            self._rows[k] = (tset, got)

    def paths(self, person: str, targets: Iterable[str]) -> list[InterestPath]:
        """Every shortest explanation of how ``person``'s interests reach ``targets`` (as PathFinder)."""
        person = ids.person(person)
        tset = tuple(sorted({ids.org(t) for t in targets}))
        memo = self._paths.get((person, tset))
        if memo is not None:
            return memo
        known = self._rows.get(person)
        if known is not None and set(tset) <= known[0]:
            rows = [r for r in known[1] if r["target"] in tset]
        elif tset:
            rows = self.db.read(self._cypher, self._params(people=[person], targets=list(tset)))
        else:
            rows = []
        M = rows_graph(rows)
        found = [self._record(M, person, row) for row in rows]
        found.sort(key=InterestPath.sort_key)
        if len(found) > self.limit:  # never silently: the screen names the person and the limit
            self.capped[person] = max(self.capped.get(person, 0), len(found))
        self._paths[(person, tset)] = found[: self.limit]
        return self._paths[(person, tset)]

    def _record(self, M: nx.MultiDiGraph, person: str, row: dict[str, Any]) -> InterestPath:
        """An InterestPath from one Cypher row, built by coigraph.paths.records' own builder."""
        keys = [n["key"] for n in row["nodes"]]
        walked: list[Hop] = []
        for i, r in enumerate(row["rels"]):
            u, v = keys[i], keys[i + 1]
            walked.append((u, v, r["key"], rel_attrs(r), r["start"] != u))
        carriers = self.grammar.carrier_types
        n_prefix = next(i for i, w in enumerate(walked) if w[3]["type"] in carriers) + 1
        if row["via_body"] is not None:
            n_prefix += 1
        prefix, rest = walked[:n_prefix], walked[n_prefix:]
        carrier = prefix[-2] if row["via_body"] is not None else prefix[-1]
        assoc = prefix[0] if row["via"] is not None else None
        words = None
        if assoc is not None:
            decl = self.grammar.associate(assoc[3]["type"])
            words = next((assoc[3][f] for f in decl.words_fields if assoc[3].get(f)), None) if decl else None
        pre = Prefix(
            landing=prefix[-1][1], edges=prefix, carrier_key=carrier[2], carrier=carrier[3],
            associate=assoc[1] if assoc else None, relationship=words, via_body=row["via_body"])
        direction: Direction | None = None
        if rest:
            line = self.grammar.line_of(rest[0][3])
            direction = self.grammar.direction(line, rest[0][4]) if line is not None else None
        return build_path(M, self.on, person, pre, rest, direction, row["target"], self.grammar)

    def membership_paths(self, person: str, org: str) -> list[InterestPath]:
        """The person's own posts at ``org`` or seats on its bodies in force (as PathFinder)."""
        person, org = ids.person(person), ids.org(org)
        memo = self._members.get((person, org))
        if memo is not None:
            return memo
        self.prefetch_membership([person], [org])
        return self._members[(person, org)]

    def prefetch_membership(self, people: Iterable[str], orgs: Iterable[str]) -> None:
        """Every person's own posts at every one of ``orgs`` (or seats on their bodies), at once."""
        keys = sorted({ids.person(p) for p in people})
        targets = sorted({ids.org(o) for o in orgs})
        if not keys or not targets:
            return
        rows = self.db.read(self._membership, {"dataset": self.dataset, "people": keys,
                                               "orgs": targets, "on": self.on})
        grouped: dict[tuple[str, str], list[dict[str, Any]]] = {(k, t): [] for k in keys for t in targets}
        for r in rows:
            grouped[(r["person"], r["org"])].append(r)
        for (person, org), got in grouped.items():
            self._members[(person, org)] = self._membership_records(person, org, got)

    def _membership_records(self, person: str, org: str, rows: list[dict[str, Any]]) -> list[InterestPath]:
        M = rows_graph(rows)
        out = []
        for row in rows:
            keys = [n["key"] for n in row["nodes"]]
            walked: list[Hop] = [(keys[i], keys[i + 1], r["key"], rel_attrs(r), False)
                                 for i, r in enumerate(row["rels"])]
            carrier = walked[0][3]
            seat_field = (self.grammar.carrier(carrier["type"]) or self.grammar.carriers[0]).seat_field
            seat = carrier.get(seat_field) if seat_field else None
            via_body = keys[1] if len(keys) == 3 else (ids.body(seat) if seat else None)
            out.append(membership_path(M, self.on, person, org, walked, row["carrier"], via_body, self.grammar))
        out.sort(key=InterestPath.sort_key)
        return out


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """``python -m coigraph.paths.cypher --write-saved-query | --check [PATH]``."""
    ap = argparse.ArgumentParser(
        prog="python -m coigraph.paths.cypher",
        description="Generate the saved query meeting-conflicts.cypher from the path grammar.",
        epilog="Example: python -m coigraph.paths.cypher --write-saved-query")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write-saved-query", action="store_true", help="write the file")
    mode.add_argument("--check", action="store_true", help="exit 1 if the file is not what the grammar makes")
    ap.add_argument("path", nargs="?", type=Path, help="the file (default: the saved queries' folder)")
    args = ap.parse_args(argv)
    path = args.path or saved_query_path()
    text = saved_query_text()
    if args.write_saved_query:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current != text:
        print(f"{path} is stale: run python -m coigraph.paths.cypher --write-saved-query", file=sys.stderr)
        return 1
    return 0


__all__ = ["Reader", "Terms", "CypherPathFinder", "path_search_cypher", "membership_cypher",
           "MEMBERSHIP_CYPHER", "saved_query_text", "saved_query_path", "in_force", "node_attrs",
           "rel_attrs", "rows_graph", "main", "MAX_ORG_STEPS_IN_PATTERN", "SAVED_QUERY"]

if __name__ == "__main__":
    sys.exit(main())
