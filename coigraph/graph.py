"""The governance graph: one typed networkx multigraph built from a dataset.

Nodes are records with an id (people, organisations, bodies, meetings, agenda
items, matters, decisions) under namespaced, stable ids: ``person:jane-doe``,
``org:northshire-ft``.  Records that relate two things (positions, interests,
associations, attendance, delegations...) are directed edges whose key is
``<type>:<id or row>``, pointing the way the relation reads ("person holds a
position in organisation", "board delegates to committee").

Every node and edge carries ``type`` (from :mod:`coigraph.model`), the
record's own fields (``None`` values left out to save memory) and ``src``:
``file:row``, the evidence a finding cites.

Where each record goes:

===================  ==========================================================
positions            person -> organisation (or -> body, if no organisation)
interests            person -> organisation (or -> ``subject:<slug>`` node)
associations         person -> associate
nil_returns          person -> person (a self-loop, dated)
org_relations        source organisation -> target organisation
reserved_matters     body -> matter
attendance           person -> meeting
affected_organisations  agenda item -> organisation (``effect``)
delegations          from_body -> to_body or to_person
(structural)         body -owned_by-> org, body -reports_to-> body,
                     meeting -meeting_of-> body, item -item_of-> meeting,
                     item/decision -decides-> matter, matter -narrower_than-> matter,
                     decision -decided_by-> body/person, decision -under_item-> item
===================  ==========================================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from coigraph import ids
from coigraph.ids import bare  # noqa: F401  (one bare(); importable from here as before)
from coigraph.load.dataset import load_dataset
from coigraph.load.graph_json import (  # the reading side of the export, re-exported here
    FORMAT,
    VERSION,
    dataset_from_export,
    dataset_from_json,
    graph_to_dataset,
)
from coigraph.load.records import Dataset, gc_paused
from coigraph.model import PREFIX, STRUCTURAL, TABLE_BY_MODEL, TABLE_BY_NAME, TABLES, Record
from coigraph.views import View

#: ``subject:``, spelled by :mod:`coigraph.ids`; tested with ``startswith`` on every edge built.
_SUBJECT = ids.SUBJECT + ":"


def slug(text: str) -> str:
    """A stable id fragment from free text."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:80] or "x"


#: Short text values (roles, kinds, statuses, ids that recur on many records) are kept once
#: (``sys.intern``); longer ones (titles, descriptions) as they are.
_INTERN_UP_TO = 48


def _attrs(rec: Record, typ: str, days: dict[dt.date, dt.date]) -> dict[str, Any]:
    """A record's attribute dict: no empty values, short text shared, one date object per day."""
    d: dict[str, Any] = {}
    for k, v in rec.__dict__.items():
        if v is None or v == []:
            continue
        if type(v) is str:
            if len(v) <= _INTERN_UP_TO:
                v = sys.intern(v)
        elif type(v) is dt.date:
            v = days.setdefault(v, v)
        d[k] = v
    d["type"] = typ
    if rec.src:
        d["src"] = rec.src
    return d


def _end(rec: Record, spec: str) -> str:
    """The node a record's edge end points at; ``spec`` is 'field' or 'a|b' (first set wins)."""
    for fld in spec.split("|"):
        value = getattr(rec, fld, None)
        if value is None:
            continue
        if fld == "subject":
            return ids.subject(slug(value))
        target = TABLE_BY_NAME[_ref_table(rec, fld)]
        return f"{target.prefix}:{value}"
    raise ValueError(f"record has none of {spec}")


def _ref_table(rec: Record, fld: str) -> str:
    return TABLE_BY_MODEL[type(rec)].refs[fld]


@gc_paused
def build_graph(ds: Dataset, *, consume: bool = False) -> nx.MultiDiGraph:
    """Build the typed multigraph of dataset ``ds`` (see the module docstring).

    ``consume=True`` empties ``ds`` as it goes, each record dropped once its
    node or edge is made, so the records and the graph are never both whole in
    memory (what :func:`load_graph` does with the dataset it loaded; the graph is
    the same).
    """
    G = nx.MultiDiGraph(name=ds.name)
    days: dict[dt.date, dt.date] = {}
    for table in TABLES:
        if table.node_type:
            for rec in ds.table(table.name):
                G.add_node(sys.intern(f"{table.prefix}:{getattr(rec, table.id_field)}"),
                           **_attrs(rec, table.node_type, days))
    for table in TABLES:
        if not table.edge_type:
            continue
        recs = ds.table(table.name)
        for i, rec in enumerate(recs):
            if consume:
                recs[i] = None  # type: ignore[call-overload]  # dropped once its edge is made
            # the node's own id string (interned when the node was added), not a copy per edge
            u = sys.intern(_end(rec, table.edge_ends[0]))
            v = sys.intern(_end(rec, table.edge_ends[1]))
            if v.startswith(_SUBJECT) and v not in G:
                G.add_node(v, type="subject", name=rec.subject)
            key_id = getattr(rec, table.id_field) if table.id_field else _row_key(rec, i)
            key = f"{table.edge_type}:{key_id}"
            if not table.id_field and G.has_edge(u, v, key):  # the same row twice: keep both
                n = 2
                while G.has_edge(u, v, f"{key}-{n}"):
                    n += 1
                key = f"{key}-{n}"
            G.add_edge(u, v, key=key, **_attrs(rec, table.edge_type, days))
        if consume:
            ds.records[table.name] = []
    _structural(G, ds, consume)
    if consume:
        ds.records.clear()
    return G


def _row_key(rec: Record, index: int) -> str:
    """Key for records without an id: made from their content, so it is stable across file order.

    A readable prefix plus a short hash of every field, so that two rows that
    differ only late in a long text (two people's minuted declarations) never
    share a key.
    """
    # 'ended' (issue 14) counts only when set, so rows that do not use it keep the keys they had
    parts = [f"{k}={v.isoformat() if isinstance(v, dt.date) else v}"
             for k, v in sorted(rec.__dict__.items())
             if v is not None and v != [] and not (k == "ended" and v is False)]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    readable = slug("-".join(p.split("=", 1)[1] for p in parts if not p.startswith(("text=", "note="))))
    return f"{readable[:60].rstrip('-')}-{digest}" if readable else f"{index}-{digest}"


def _structural(G: nx.MultiDiGraph, ds: Dataset, consume: bool = False) -> None:
    """Add the edges declared in :data:`coigraph.model.STRUCTURAL` (reference fields as edges).

    ``consume``: drop each table's records after the last structural edge made from them.
    """
    last = {st.table: i for i, st in enumerate(STRUCTURAL)}
    for i, st in enumerate(STRUCTURAL):
        if consume and i > 0 and last[STRUCTURAL[i - 1].table] == i - 1:
            ds.records[STRUCTURAL[i - 1].table] = []
        table = TABLE_BY_NAME[st.table]
        fields = st.field.split("|")
        for rec in ds.table(st.table):
            u = sys.intern(f"{table.prefix}:{getattr(rec, table.id_field)}")
            for fld in fields:
                value = getattr(rec, fld, None)
                if value is None or value == []:
                    continue
                target = TABLE_BY_NAME[table.refs[fld]].prefix
                for v in (value if isinstance(value, list) else [value]):
                    G.add_edge(u, sys.intern(f"{target}:{v}"), key=st.edge_type, type=st.edge_type)
                break


def node_name(G: nx.MultiDiGraph, node: str) -> str:
    """What to call a node in words: its ``name``, else its id without the prefix."""
    a = G._node.get(node)
    name = a.get("name") if a else None
    return name if type(name) is str and name else str(name or ids.bare(node))


def find_node(G: nx.MultiDiGraph, node_type: str, ident: str) -> str:
    """The node of type ``node_type`` (``person``, ``meeting``...) with id ``ident``.

    ``ident`` may carry its prefix (``person:bob`` or ``bob``).  Raises
    :class:`~coigraph.errors.NotFound` with the closest ids as a hint.
    Cost: a dictionary look-up; ids of the type are listed only when the id is unknown.
    """
    from coigraph.errors import NotFound, did_you_mean

    node = ids.make(ids.PREFIX_BY_TYPE.get(node_type, node_type), ident)
    if node in G and G.nodes[node].get("type") == node_type:
        return node
    bare = ids.bare(node)
    known = [ids.bare(n) for n, a in G.nodes(data=True) if a.get("type") == node_type]
    hint = did_you_mean(bare, known)
    what = node_type.replace("_", " ")
    some = sorted(known)[:8]
    listed = ": " + ", ".join(some) + (", ..." if len(known) > len(some) else "") if known else ""
    raise NotFound(f"no {what} '{bare}' in the data"
                   + (f"; {hint}" if hint else f" ({len(known):,} {what}s known{listed})"))


# --------------------------------------------------------------------------- dates


def in_force(attrs: dict[str, Any] | View, on: dt.date, *, lookback_days: int = 0) -> bool:
    """Is the record behind ``attrs`` (an attribute dict or its :mod:`~coigraph.views` view) in
    force on ``on``, or ended within ``lookback_days``?"""
    if type(attrs) is not dict:  # a view (the type test is the cheapest: this runs in hot loops)
        attrs = attrs.attrs  # type: ignore[union-attr]
    start, end = attrs.get("start"), attrs.get("end")
    if start is not None and start > on:
        return False
    if end is not None and end < on - dt.timedelta(days=lookback_days):
        return False
    return True


def edges_valid_on(G: nx.MultiDiGraph, on: dt.date) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every edge ``(u, v, key, attrs)`` whose record is in force on date ``on``."""
    for u, v, k, a in G.edges(keys=True, data=True):
        if in_force(a, on):
            yield u, v, k, a


# --------------------------------------------------------------------------- JSON


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, str):
        return str(v)
    return v


def graph_to_json(G: nx.MultiDiGraph) -> dict[str, Any]:
    """A JSON-able dict of the graph, sorted, so the same graph gives the same text.

    Nodes carry their graph id as ``@node``; edges their ends and key as
    ``@from``, ``@to``, ``@key`` (record fields keep their own names).
    """
    nodes = [{"@node": n, **{k: _jsonable(v) for k, v in sorted(a.items())}}
             for n, a in G.nodes(data=True)]
    edges = [{"@from": u, "@to": v, "@key": k, **{kk: _jsonable(vv) for kk, vv in sorted(a.items())}}
             for u, v, k, a in G.edges(keys=True, data=True)]
    nodes.sort(key=lambda x: x["@node"])
    edges.sort(key=lambda e: (e["@from"], e["@to"], e["@key"]))
    return {"format": FORMAT, "version": VERSION, "name": G.graph.get("name", ""),
            "nodes": nodes, "edges": edges}


def dumps(G: nx.MultiDiGraph) -> str:
    """The graph as JSON text (deterministic)."""
    # allow_nan=False: standard JSON has no Infinity or NaN (the loader refuses them, so none is here)
    return json.dumps(graph_to_json(G), indent=1, ensure_ascii=False, sort_keys=False, allow_nan=False) + "\n"


def graph_from_json(data: dict[str, Any], label: str = "JSON") -> nx.MultiDiGraph:
    """Read a graph written by :func:`graph_to_json`, re-validating every record.

    The records are rebuilt through the model and the graph built again from
    them, so the result is exactly what :func:`build_graph` makes.
    """
    return build_graph(dataset_from_export(data, label))


def load_graph(path: str | Path, *, progress: Any = None) -> nx.MultiDiGraph:
    """Load a dataset folder (or JSON export) and build its graph: the usual first step.

    The dataset's records are dropped while the graph is built (``consume``), so
    the peak memory is about the larger of the two, not their sum.
    """
    return build_graph(load_dataset(path, progress=progress), consume=True)


__all__ = [
    "PREFIX", "build_graph", "graph_to_dataset", "graph_to_json", "graph_from_json", "dumps",
    "dataset_from_json", "load_graph", "in_force", "edges_valid_on", "slug", "find_node", "bare", "node_name",
]
