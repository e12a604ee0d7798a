"""Pull: push then pull gives the same graph, strange names included; errors are clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_graph import datasets

from coigraph.db.connect import Database
from coigraph.db.pull import pull, pull_dataset
from coigraph.db.push import push, remove_dataset
from coigraph.errors import DataError, NotFound
from coigraph.graph import build_graph, graph_to_json, load_graph
from coigraph.load.dataset import Dataset

DATA = Path(__file__).resolve().parent.parent / "data"


def _same(G, H) -> None:
    a, b = graph_to_json(G), graph_to_json(H)
    a.pop("name"), b.pop("name")
    assert a == b


@pytest.mark.parametrize("folder", ["minimal", "db-hostile-names", "procurement-evaluator-spouse-bidder",
                                    "breaches-confirmed", "hospitality-from-bidder", "gift-not-declared"])
def test_push_then_pull_gives_the_same_graph(db: Database, dataset_name: str, folder: str) -> None:
    G = load_graph(DATA / folder)
    push(db, G, dataset_name)
    _same(G, pull(db, dataset_name))


def test_hostile_names_come_back_exactly(db: Database, dataset_name: str) -> None:
    G = load_graph(DATA / "db-hostile-names")
    push(db, G, dataset_name)
    people = {p.id: p for p in pull_dataset(db, dataset_name).table("people")}
    assert people["amina-shah"].name == "Amina `Shah` {O'Neil} \"the Chair\""
    assert people["amina-shah"].aliases[0] == "A. Shah'); MATCH (n) DETACH DELETE n; //"
    assert people["sam-reed"].name == "Sam \\ Reed `]->(x) {a: $b}"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(ds=datasets())
def test_push_then_pull_property(db: Database, ds: Dataset) -> None:
    name = "coigraph-test-pull-property"
    G = build_graph(ds)
    try:
        push(db, G, name, replace=True)
        _same(G, pull(db, name))
    finally:
        remove_dataset(db, name)


def test_pull_of_unknown_dataset_names_the_ones_there(db: Database, dataset_name: str) -> None:
    push(db, load_graph(DATA / "minimal"), dataset_name)
    with pytest.raises(NotFound, match=dataset_name):
        pull(db, dataset_name + "x")


def test_pull_revalidates_records_changed_in_the_database(db: Database, dataset_name: str) -> None:
    push(db, load_graph(DATA / "minimal"), dataset_name)
    db.write("MATCH (n:Organisation {dataset: $d, key: 'org:riverside-pcn'}) SET n.kind = 'spaceship'",
             {"d": dataset_name})
    with pytest.raises(DataError, match="kind"):
        pull(db, dataset_name)
