"""The Neo4j schema is derived from the model: a fixed set of names, constraints before data."""

from __future__ import annotations

import pytest

from coigraph.db.connect import Database
from coigraph.db.push import ensure_schema
from coigraph.db.schema import (
    LABELS,
    REL_TYPES,
    checked_label,
    checked_rel_type,
    node_label,
    schema_statements,
)
from coigraph.model import EDGE_TYPES, NODE_TYPES


def test_labels_and_types_come_from_the_model() -> None:
    assert set(LABELS) == set(NODE_TYPES)
    assert set(REL_TYPES) == set(EDGE_TYPES)
    assert LABELS["agenda_item"] == "AgendaItem" and REL_TYPES["org_relation"] == "ORG_RELATION"
    assert node_label("org:northshire-ft") == "Organisation"
    assert node_label("subject:charity") == "Subject"
    with pytest.raises(ValueError):
        node_label("unknown:x")


def test_names_outside_the_schema_never_reach_cypher() -> None:
    for bad in ("Person) DETACH DELETE (n", "Person`", "Unknown"):
        with pytest.raises(ValueError):
            checked_label(bad)
    with pytest.raises(ValueError):
        checked_rel_type("INTEREST]->() DELETE r //")


def test_every_label_has_a_constraint_and_every_type_an_index() -> None:
    text = "\n".join(s.cypher for s in schema_statements())
    for label in LABELS.values():
        assert f"FOR (n:{label}) REQUIRE (n.dataset, n.key) IS UNIQUE" in text
    for rel in REL_TYPES.values():
        assert f"FOR ()-[r:{rel}]-() ON (r.dataset)" in text
    assert all("IF NOT EXISTS" in s.cypher for s in schema_statements())


def test_schema_statements_run_twice_on_the_server(db: Database) -> None:
    ensure_schema(db)
    ensure_schema(db)
    names = {r["name"] for r in db.run("SHOW CONSTRAINTS")}
    assert {f"coigraph_{label.lower()}_key" for label in LABELS.values()} <= names


def test_the_neo4j_doc_names_every_label_and_relationship_type() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "neo4j.md").read_text()
    missing = [n for n in [*LABELS.values(), *REL_TYPES.values()] if f"`{n}`" not in doc]
    assert not missing, f"docs/neo4j.md does not describe {missing}"
