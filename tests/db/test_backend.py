"""The Neo4j backend: --backend neo4j gives the same bytes, holds only a slice in memory, errors clearly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coigraph.db.backend import (
    Neo4jBackend,
    chain_search_cypher,
    context_graph,
    meeting_people,
    path_search_cypher,
)
from coigraph.db.connect import Database
from coigraph.db.push import push, remove_dataset
from coigraph.delegation import Rules, Scheme, search_chains
from coigraph.errors import NotFound
from coigraph.graph import load_graph

from .conftest import TEST_PREFIX

NORTHSHIRE = Path(__file__).resolve().parents[2] / "data" / "northshire"
TAG = TEST_PREFIX + "backend-northshire"


@pytest.fixture(scope="module")
def pushed(db: Database) -> Iterator[str]:
    push(db, load_graph(NORTHSHIRE), TAG, replace=True)
    yield TAG
    remove_dataset(db, TAG)


@pytest.mark.parametrize("args", [
    ("screen", "--meeting", "icb-board-2025-05", "-f", "json"),
    ("screen", "--meeting", "jc-community-2025-09", "-f", "markdown"),
    ("trace", "--decision", "dec-2025-07-remote-monitoring", "-f", "json"),
    ("trace", "--decision", "dec-2025-06-nhft-stroke-network"),
    ("procurement", "--id", "nicb-ultrasound-2025", "-f", "json"),
    ("procurement", "--id", "nicb-dermatology-2025"),
])
def test_cli_backends_give_the_same_bytes(cli, bolt_env: list[str], pushed: str, args: tuple[str, ...]) -> None:
    command, *rest = args
    memory = cli(command, NORTHSHIRE, *rest)
    neo4j = cli(command, pushed, *rest, "--backend", "neo4j", *bolt_env)
    assert memory.exit_code == 0 and neo4j.exit_code == 0, neo4j.stderr
    assert _findings_part(neo4j.stdout) == _findings_part(memory.stdout) and len(memory.stdout) > 500


def _findings_part(paper: str) -> str:
    """A paper less its 'what it covers' table (the first table: dataset, hash, command), which
    names where the data came from: a folder, or a dataset in the database."""
    if not paper.startswith("# "):
        return paper
    title, _, rest = paper.partition("\n\n")
    covers, _, body = rest.partition("\n\n")
    assert "**Dataset**" in covers
    return title + "\n\n" + body


def test_unknown_dataset_or_meeting_exits_2(cli, bolt_env: list[str], pushed: str) -> None:
    res = cli("screen", "no-such-dataset", "--meeting", "x", "--backend", "neo4j", *bolt_env)
    assert res.exit_code == 2 and "no dataset 'no-such-dataset'" in res.stderr
    assert "coigraph db push" in res.stderr
    res = cli("trace", pushed, "--decision", "dec-2025-07-remote-monitorin", "--backend", "neo4j", *bolt_env)
    assert res.exit_code == 2 and "did you mean 'dec-2025-07-remote-monitoring'" in res.stderr
    res = cli("procurement", pushed, "--id", "nicb-ultrasound", "--backend", "neo4j", *bolt_env)
    assert res.exit_code == 2 and "no procurement 'nicb-ultrasound'" in res.stderr


def test_context_graph_holds_the_meeting_not_everyone(db: Database, pushed: str) -> None:
    full = load_graph(NORTHSHIRE)
    people = meeting_people(db, pushed, ["meeting:icb-fic-2025-06"])
    G = context_graph(db, pushed, people)
    everyone = {n for n, t in full.nodes(data="type") if t == "person"}
    held = {n for n, t in G.nodes(data="type") if t == "person"}
    assert set(people) <= held < everyone
    assert not any(t == "org_relation" for *_, t in G.edges(data="type"))
    # what it holds is exactly what the full graph says about those people
    for p in people:
        assert sorted(G.out_edges(p, keys=True)) == sorted(full.out_edges(p, keys=True))


def test_chain_search_with_a_given_first_link_matches(db: Database, pushed: str) -> None:
    G = load_graph(NORTHSHIRE)
    S = Scheme.of(G)
    be = Neo4jBackend(db, pushed)
    checked = 0
    for d in S.delegs.values():
        for m in d.matters:
            want = [(tuple(x.id for x in p.links), p.end, p.complete, p.reason)
                    for p in search_chains(S, d.v, m, Rules(), first=[d])]
            got = [(tuple(x.id for x in p.links), p.end, p.complete, p.reason)
                   for p in be.search_chains(S, d.v, m, Rules(), first=[d])]
            assert got == want, (d.id, m)
            checked += 1
    assert checked > 20


def test_search_bounds_are_integers_in_range() -> None:
    assert "*0..2]" in path_search_cypher(2)
    assert "*0..12]" in chain_search_cypher(12)
    for bad in (-1, 9):
        with pytest.raises(ValueError):
            path_search_cypher(bad)
    with pytest.raises(ValueError):
        chain_search_cypher(0)


def test_missing_dataset_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="no dataset 'coigraph-test-absent'"):
        Neo4jBackend(db, "coigraph-test-absent").check()
