"""Push a governance graph into Neo4j: constraints first, then batched ``UNWIND ... MERGE``.

Nodes are merged on ``(dataset, key)`` where ``key`` is the graph's node id
(``org:northshire-ft``); relationships on their ``key`` (the graph's edge key)
between their two end nodes.  Pushing the same graph twice therefore leaves
the same nodes and relationships.  Every node and relationship carries the
``dataset`` it was pushed under, so ``replace=True`` first removes what an
earlier push of *that* dataset created, and nothing else in the database.

Labels and relationship types come from :mod:`coigraph.db.schema` (a fixed
set derived from the model); every value goes as a query parameter, so a name
full of quotes, backticks or braces is stored as written.

Cost: one round trip per batch; rows / ``batch_size`` transactions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import networkx as nx

from coigraph import views
from coigraph.db.connect import Database
from coigraph.db.schema import (
    DATASET,
    KEY,
    LABELS,
    REL_TYPES,
    checked_label,
    checked_rel_type,
    node_label,
    schema_statements,
)

BATCH_SIZE = 2000
Progress = Callable[[int], None]


@dataclass
class PushResult:
    """What a push sent: rows per label and relationship type (what the benchmark times)."""

    dataset: str
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    removed_nodes: int = 0
    removed_relationships: int = 0

    @property
    def rows(self) -> int:
        """Nodes plus relationships sent."""
        return sum(self.nodes.values()) + sum(self.relationships.values())

    def as_dict(self) -> dict[str, Any]:
        return {"dataset": self.dataset, "nodes": dict(sorted(self.nodes.items())),
                "relationships": dict(sorted(self.relationships.items())), "rows": self.rows,
                "removed_nodes": self.removed_nodes,
                "removed_relationships": self.removed_relationships}


def to_property(value: Any) -> Any:
    """A graph attribute value as a Neo4j property value (enums as text, dates as dates)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (list, tuple)):
        return [to_property(v) for v in value]
    if isinstance(value, (str, bool, int, float, dt.date)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in Neo4j")


def _props(attrs: dict[str, Any]) -> dict[str, Any]:
    """A node's or edge's attributes as properties: ``type`` is the label, empty values dropped."""
    return {k: to_property(v) for k, v in attrs.items()
            if k != "type" and v is not None and v != []}


def node_rows(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Rows to push, by label: ``{"key": node id, "props": {...}}``, sorted by key."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n, a in G.nodes(data=True):
        label = LABELS.get(views.view(a).type) or node_label(n)
        out[label].append({"key": n, "props": _props(a)})
    for rows in out.values():
        rows.sort(key=lambda r: r["key"])
    return dict(sorted(out.items()))


def edge_rows(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows to push, by (relationship type, source label, target label), sorted."""
    out: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, k, a in G.edges(keys=True, data=True):
        rel = REL_TYPES[a["type"]]
        out[(rel, node_label(u), node_label(v))].append(
            {"from": u, "to": v, "key": k, "props": _props(a)})
    for rows in out.values():
        rows.sort(key=lambda r: (r["from"], r["to"], r["key"]))
    return dict(sorted(out.items()))


def _node_cypher(label: str) -> str:
    return (f"UNWIND $rows AS row MERGE (n:{checked_label(label)} {{{DATASET}: $dataset, {KEY}: row.key}}) "
            "SET n += row.props RETURN count(n) AS n")


def _edge_cypher(rel: str, src: str, dst: str) -> str:
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{checked_label(src)} {{{DATASET}: $dataset, {KEY}: row.from}}) "
            f"MATCH (b:{checked_label(dst)} {{{DATASET}: $dataset, {KEY}: row.to}}) "
            f"MERGE (a)-[r:{checked_rel_type(rel)} {{{KEY}: row.key}}]->(b) "
            f"SET r += row.props, r.{DATASET} = $dataset RETURN count(r) AS n")


def _batches(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def ensure_schema(db: Database) -> int:
    """Create the constraints and indexes (idempotent); returns how many statements ran."""
    stmts = schema_statements()
    for s in stmts:
        db.run(s.cypher)
    return len(stmts)


def remove_dataset(db: Database, dataset: str, *, batch_size: int = 5000) -> tuple[int, int]:
    """Delete every node and relationship tagged ``dataset``; (nodes, relationships) removed.

    Only coigraph's labels and relationship types are touched, and only with
    this dataset tag: everything else in the database stays as it was.
    """
    rels = 0
    for rel in REL_TYPES.values():
        while True:
            got = db.write(f"MATCH ()-[r:{checked_rel_type(rel)} {{{DATASET}: $dataset}}]->() "
                           "WITH r LIMIT $limit DELETE r RETURN count(*) AS n",
                           {"dataset": dataset, "limit": batch_size})
            n = got[0]["n"] if got else 0
            rels += n
            if n < batch_size:
                break
    nodes = 0
    for label in LABELS.values():
        while True:
            got = db.write(f"MATCH (n:{checked_label(label)} {{{DATASET}: $dataset}}) "
                           "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n",
                           {"dataset": dataset, "limit": batch_size})
            n = got[0]["n"] if got else 0
            nodes += n
            if n < batch_size:
                break
    return nodes, rels


def push(db: Database, G: nx.MultiDiGraph, dataset: str | None = None, *, replace: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> PushResult:
    """Push graph ``G`` under the tag ``dataset`` (default: the graph's name).

    Constraints and indexes come first, then nodes by label, then
    relationships by type, in batches of ``batch_size`` rows.  With
    ``replace=True`` the dataset's earlier contents are removed first, so the
    database ends up holding exactly ``G``; without it, records removed from
    the data since an earlier push stay in the database.  ``progress(n)`` is
    called after each batch with the rows it sent.  Returns the counts sent.
    """
    name = dataset or G.graph.get("name") or "dataset"
    result = PushResult(dataset=name)
    ensure_schema(db)
    if replace:
        result.removed_nodes, result.removed_relationships = remove_dataset(db, name)
    for label, rows in node_rows(G).items():
        cypher = _node_cypher(label)
        for batch in _batches(rows, batch_size):
            db.write(cypher, {"rows": batch, "dataset": name})
            if progress:
                progress(len(batch))
        result.nodes[label] = len(rows)
    for (rel, src, dst), rows in edge_rows(G).items():
        cypher = _edge_cypher(rel, src, dst)
        for batch in _batches(rows, batch_size):
            got = db.write(cypher, {"rows": batch, "dataset": name})
            written = got[0]["n"] if got else 0
            if written != len(batch):
                from coigraph.errors import DatabaseError

                raise DatabaseError(
                    f"only {written} of {len(batch)} {rel} relationships were written: an end node "
                    f"is missing from dataset '{name}' (hint: push again with --replace)")
            if progress:
                progress(len(batch))
        result.relationships[rel] = result.relationships.get(rel, 0) + len(rows)
    return result


def total_rows(G: nx.MultiDiGraph) -> int:
    """How many rows :func:`push` sends for ``G`` (for a progress bar's total)."""
    return G.number_of_nodes() + G.number_of_edges()


def dataset_counts(db: Database, dataset: str) -> dict[str, int]:
    """What the database holds for ``dataset``: nodes per label and relationships per type."""
    out: dict[str, int] = {}
    for label in LABELS.values():
        got = db.read(f"MATCH (n:{checked_label(label)} {{{DATASET}: $dataset}}) RETURN count(n) AS n",
                      {"dataset": dataset})
        if got and got[0]["n"]:
            out[label] = got[0]["n"]
    for rel in REL_TYPES.values():
        got = db.read(f"MATCH ()-[r:{checked_rel_type(rel)} {{{DATASET}: $dataset}}]->() "
                      "RETURN count(r) AS n", {"dataset": dataset})
        if got and got[0]["n"]:
            out[rel] = got[0]["n"]
    return out


def list_datasets(db: Database) -> list[str]:
    """Names of the datasets pushed into the database (sorted)."""
    names: set[str] = set()
    for label in LABELS.values():
        got = db.read(f"MATCH (n:{checked_label(label)}) WHERE n.{DATASET} IS NOT NULL "
                      f"RETURN DISTINCT n.{DATASET} AS d")
        names.update(r["d"] for r in got)
    return sorted(names)
