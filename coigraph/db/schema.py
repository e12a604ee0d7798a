"""The Neo4j schema, derived from the domain model: labels, relationship types, constraints.

Labels and relationship types are a fixed set read from
:data:`coigraph.model.NODE_TYPES` and :data:`coigraph.model.EDGE_TYPES`: a
node of type ``agenda_item`` gets the label ``AgendaItem``, an edge of type
``org_relation`` the relationship type ``ORG_RELATION``.  They are never taken
from data, so they are the only names ever written into Cypher text; every
value travels as a query parameter.

Every node and relationship coigraph writes carries two properties of its own:

* ``dataset``: the name it was pushed under, so one database can hold several
  datasets side by side and ``push --replace`` removes exactly one of them;
* ``key``: its stable graph key.  For nodes this is the graph's node id
  (``org:northshire-ft``); for relationships it is the graph's edge key
  (``interest:int-1``, or ``owned_by`` for a structural edge), unique between
  its two end nodes, which is what makes ``MERGE`` idempotent on a multigraph.

The record's own fields keep their names (``id``, ``name``, ``start``...);
``src`` (file and row) is kept too, as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coigraph.model import EDGE_TYPES, NODE_TYPES, PREFIX, TABLES

#: Properties coigraph adds to every node and relationship (never record fields).
KEY = "key"
DATASET = "dataset"
RESERVED = (KEY, DATASET)

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def label_of(node_type: str) -> str:
    """The Neo4j label of a node type: ``agenda_item`` -> ``AgendaItem``."""
    return "".join(part.capitalize() for part in node_type.split("_"))


def rel_type_of(edge_type: str) -> str:
    """The Neo4j relationship type of an edge type: ``org_relation`` -> ``ORG_RELATION``."""
    return edge_type.upper()


#: node type -> label, and back.
LABELS: dict[str, str] = {t: label_of(t) for t in NODE_TYPES}
NODE_TYPE_OF_LABEL: dict[str, str] = {v: k for k, v in LABELS.items()}
#: edge type -> relationship type, and back.
REL_TYPES: dict[str, str] = {t: rel_type_of(t) for t in EDGE_TYPES}
EDGE_TYPE_OF_REL: dict[str, str] = {v: k for k, v in REL_TYPES.items()}

#: node id prefix (``org``) -> node type (``organisation``).
_TYPE_OF_PREFIX: dict[str, str] = {
    PREFIX[t.name]: t.node_type for t in TABLES if t.node_type and t.name in PREFIX
}
_TYPE_OF_PREFIX["subject"] = "subject"


def node_label(node_key: str) -> str:
    """The label of a graph node id, from its prefix: ``person:jane`` -> ``Person``."""
    prefix = node_key.split(":", 1)[0]
    try:
        return LABELS[_TYPE_OF_PREFIX[prefix]]
    except KeyError:
        raise ValueError(f"'{node_key}' is not a coigraph node id (no known prefix)") from None


def checked_label(label: str) -> str:
    """``label`` if it is one of the schema's labels (the guard before it goes into Cypher)."""
    if label not in NODE_TYPE_OF_LABEL or not _NAME.match(label):
        raise ValueError(f"not a coigraph label: {label!r}")
    return label


def checked_rel_type(rel_type: str) -> str:
    """``rel_type`` if it is one of the schema's relationship types."""
    if rel_type not in EDGE_TYPE_OF_REL or not _NAME.match(rel_type):
        raise ValueError(f"not a coigraph relationship type: {rel_type!r}")
    return rel_type


@dataclass(frozen=True)
class Statement:
    """One schema statement: its name (for messages) and its Cypher text."""

    name: str
    cypher: str


def schema_statements() -> list[Statement]:
    """Constraints and indexes, in Neo4j 5 syntax, all ``IF NOT EXISTS`` (safe to repeat).

    One uniqueness constraint per label on ``(dataset, key)`` (it also gives the
    index ``MERGE`` looks nodes up by), one index per label on ``dataset`` (for
    ``--replace`` and ``pull``), and one index per relationship type on
    ``dataset``.
    """
    out: list[Statement] = []
    for label in LABELS.values():
        low = label.lower()
        out.append(Statement(
            f"coigraph_{low}_key",
            f"CREATE CONSTRAINT coigraph_{low}_key IF NOT EXISTS "
            f"FOR (n:{checked_label(label)}) REQUIRE (n.{DATASET}, n.{KEY}) IS UNIQUE",
        ))
    for label in LABELS.values():
        low = label.lower()
        out.append(Statement(
            f"coigraph_{low}_dataset",
            f"CREATE INDEX coigraph_{low}_dataset IF NOT EXISTS "
            f"FOR (n:{checked_label(label)}) ON (n.{DATASET})",
        ))
    for rel in REL_TYPES.values():
        low = rel.lower()
        out.append(Statement(
            f"coigraph_{low}_dataset",
            f"CREATE INDEX coigraph_{low}_dataset IF NOT EXISTS "
            f"FOR ()-[r:{checked_rel_type(rel)}]-() ON (r.{DATASET})",
        ))
    return out


def _check() -> None:
    """The derived names are plain identifiers and no record field collides with ours."""
    for name in list(LABELS.values()) + list(REL_TYPES.values()):
        assert _NAME.match(name), name
    assert len(set(LABELS.values())) == len(LABELS)
    assert len(set(REL_TYPES.values())) == len(REL_TYPES)
    for t in TABLES:
        clash = set(RESERVED) & set(t.model.model_fields)
        assert not clash, f"{t.name} has fields {clash} that the Neo4j schema reserves"


_check()
