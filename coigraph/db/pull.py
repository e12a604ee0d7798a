"""Pull a dataset back out of Neo4j, rebuilt through the domain model.

The nodes and relationships tagged with the dataset are read back into a
multigraph, then :func:`coigraph.graph.graph_to_dataset` re-validates every
record through the model and :func:`coigraph.graph.build_graph` builds the
graph again: what comes back is held to the same rules as a data folder, and
push-then-pull gives the same graph (``graph_to_json`` equal).

Cost: one query per label and per relationship type, each reading the
whole dataset's rows of that kind.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from coigraph.db.connect import Database
from coigraph.db.schema import (
    DATASET,
    EDGE_TYPE_OF_REL,
    KEY,
    LABELS,
    NODE_TYPE_OF_LABEL,
    REL_TYPES,
    checked_label,
    checked_rel_type,
)
from coigraph.errors import NotFound, did_you_mean
from coigraph.load.dataset import Dataset


def from_property(value: Any) -> Any:
    """A Neo4j property value as a graph attribute value (driver dates -> ``datetime.date``)."""
    if isinstance(value, list):
        return [from_property(v) for v in value]
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        return to_native()
    return value


def _attrs(props: dict[str, Any], typ: str) -> dict[str, Any]:
    out = {k: from_property(v) for k, v in props.items() if k not in (KEY, DATASET)}
    out["type"] = typ
    return out


def read_graph(db: Database, dataset: str) -> nx.MultiDiGraph:
    """The raw multigraph of ``dataset`` as stored (not yet re-validated).

    Raises :class:`NotFound` (naming the datasets there are) if nothing is tagged ``dataset``.
    """
    G = nx.MultiDiGraph(name=dataset)
    for label in LABELS.values():
        rows = db.read(f"MATCH (n:{checked_label(label)} {{{DATASET}: $dataset}}) "
                       f"RETURN n.{KEY} AS key, properties(n) AS props", {"dataset": dataset})
        for r in rows:
            G.add_node(r["key"], **_attrs(r["props"], NODE_TYPE_OF_LABEL[label]))
    if G.number_of_nodes() == 0:
        from coigraph.db.push import list_datasets

        known = list_datasets(db)
        hint = did_you_mean(dataset, known) if known else None
        there = ", ".join(f"'{d}'" for d in known) if known else "none"
        raise NotFound(f"no dataset '{dataset}' in the database (datasets there: {there})"
                       + (f" ({hint})" if hint else ""))
    for rel in REL_TYPES.values():
        rows = db.read(f"MATCH (a)-[r:{checked_rel_type(rel)} {{{DATASET}: $dataset}}]->(b) "
                       f"RETURN a.{KEY} AS src, b.{KEY} AS dst, r.{KEY} AS key, properties(r) AS props",
                       {"dataset": dataset})
        for r in rows:
            G.add_edge(r["src"], r["dst"], key=r["key"], **_attrs(r["props"], EDGE_TYPE_OF_REL[rel]))
    return G


def pull_dataset(db: Database, dataset: str) -> Dataset:
    """The records of ``dataset``, re-validated through the model (raises DataError if invalid)."""
    from coigraph.graph import graph_to_dataset

    return graph_to_dataset(read_graph(db, dataset), name=dataset)


def pull(db: Database, dataset: str) -> nx.MultiDiGraph:
    """The graph of ``dataset``, rebuilt from its re-validated records (as ``build_graph`` makes it)."""
    from coigraph.graph import build_graph

    return build_graph(pull_dataset(db, dataset))
