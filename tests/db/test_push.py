"""Push: batched MERGE on stable keys, idempotent, dataset-tagged, --replace touches only its dataset."""

from __future__ import annotations

from pathlib import Path

from coigraph.db.connect import Database
from coigraph.db.push import dataset_counts, push, remove_dataset, total_rows
from coigraph.db.schema import LABELS, REL_TYPES
from coigraph.graph import build_graph, load_graph
from coigraph.load.dataset import load_dataset

DATA = Path(__file__).resolve().parent.parent / "data"


def _expected_counts(G) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, a in G.nodes(data=True):
        out[LABELS[a["type"]]] = out.get(LABELS[a["type"]], 0) + 1
    for *_, a in G.edges(data=True):
        out[REL_TYPES[a["type"]]] = out.get(REL_TYPES[a["type"]], 0) + 1
    return out


def test_push_writes_every_node_and_relationship(db: Database, dataset_name: str) -> None:
    G = load_graph(DATA / "minimal")
    sent: list[int] = []
    result = push(db, G, dataset_name, batch_size=3, progress=sent.append)
    assert result.rows == total_rows(G) == sum(sent)
    assert max(sent) <= 3
    assert dataset_counts(db, dataset_name) == _expected_counts(G)


def test_push_twice_leaves_the_same_counts(db: Database, dataset_name: str) -> None:
    G = load_graph(DATA / "db-hostile-names")
    push(db, G, dataset_name)
    first = dataset_counts(db, dataset_name)
    push(db, G, dataset_name, batch_size=2)
    assert dataset_counts(db, dataset_name) == first == _expected_counts(G)


def test_every_node_and_relationship_carries_the_dataset_tag(db: Database, dataset_name: str) -> None:
    G = load_graph(DATA / "minimal")
    push(db, G, dataset_name)
    tagged = db.read("MATCH (n {dataset: $d}) RETURN count(n) AS n", {"d": dataset_name})
    assert tagged[0]["n"] == G.number_of_nodes()
    rel_tags = db.read("MATCH (a {dataset: $d})-[r]->(b {dataset: $d}) RETURN DISTINCT r.dataset AS d",
                       {"d": dataset_name})
    assert [r["d"] for r in rel_tags] == [dataset_name]


def test_replace_removes_only_that_dataset(db: Database, dataset_name: str) -> None:
    other = dataset_name + "-other"
    remove_dataset(db, other)
    full = load_graph(DATA / "minimal")
    push(db, full, dataset_name)
    push(db, full, other)
    db.write("CREATE (:CoigraphTestUnrelated {name: $n, dataset: $d})", {"n": "keep me", "d": dataset_name})
    try:
        smaller = load_dataset(DATA / "minimal")
        smaller.records["interests"] = smaller.records["interests"][:1]
        G2 = build_graph(smaller)
        # without --replace, the interest removed from the data stays in the database
        push(db, G2, dataset_name)
        assert dataset_counts(db, dataset_name)["INTEREST"] == 2
        result = push(db, G2, dataset_name, replace=True)
        assert result.removed_nodes == full.number_of_nodes()
        assert dataset_counts(db, dataset_name) == _expected_counts(G2)
        assert dataset_counts(db, other) == _expected_counts(full)
        kept = db.read("MATCH (n:CoigraphTestUnrelated {name: $n}) RETURN n.dataset AS d",
                       {"n": "keep me"})
        assert kept == [{"d": dataset_name}]
    finally:
        db.write("MATCH (n:CoigraphTestUnrelated) DELETE n")
        remove_dataset(db, other)
