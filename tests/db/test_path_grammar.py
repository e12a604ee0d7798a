"""Both engines derive from the one grammar: change it, and both change the same way.

For each variant of :data:`coigraph.paths.grammar.GRAMMAR` (a bound lowered, a
line added as an entry, a carrier taken away), the in-memory search and the
Cypher search run in the test database give the same paths, and different
ones from the grammar in use: neither engine keeps a rule of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from coigraph.db.connect import Database
from coigraph.db.push import push, remove_dataset
from coigraph.graph import build_graph, load_graph
from coigraph.paths import GRAMMAR, PathFinder
from coigraph.paths.cypher import CypherPathFinder
from coigraph.paths.grammar import Grammar, Line

from .conftest import TEST_PREFIX
from .generated import generated_system

DATA = Path(__file__).resolve().parents[1] / "data"

VARIANTS: dict[str, Grammar] = {
    "one-org-step": dataclasses.replace(GRAMMAR, max_org_steps=1),
    "suppliers-make-a-line": dataclasses.replace(
        GRAMMAR, never=("hosts",),
        lines=(*GRAMMAR.lines, Line("org_relation", "contracts_with", "down", ("supplier of", "supplied by")))),
    "no-register": dataclasses.replace(
        GRAMMAR, carriers=tuple(c for c in GRAMMAR.carriers if c.edge_type != "interest")),
    "members-only-up": dataclasses.replace(
        GRAMMAR, lines=tuple(ln for ln in GRAMMAR.lines if ln.kind != "owns")),
}


@pytest.fixture(scope="module")
def systems(db: Database) -> Iterator[dict[str, tuple[nx.MultiDiGraph, str, dt.date]]]:
    out = {"screen-paths": (load_graph(DATA / "screen-paths"), dt.date(2025, 5, 14)),
           "gen-3": (build_graph(generated_system(3)), dt.date(2025, 1, 1))}
    pushed = {}
    for name, (G, on) in out.items():
        tag = f"{TEST_PREFIX}grammar-{name}"
        push(db, G, tag, replace=True)
        pushed[name] = (G, tag, on)
    yield pushed
    for _, tag, _ in pushed.values():
        remove_dataset(db, tag)


def _every_path(finder, G: nx.MultiDiGraph) -> list[dict]:
    orgs = sorted(n for n, t in G.nodes(data="type") if t == "organisation")
    people = sorted(n for n, t in G.nodes(data="type") if t == "person")
    return [p.model_dump(mode="json") for person in people for p in finder.paths(person, orgs)]


@pytest.mark.parametrize("system", ["screen-paths", "gen-3"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_changed_grammar_changes_both_engines_alike(db: Database, systems, system: str, variant: str) -> None:
    G, tag, on = systems[system]
    grammar = VARIANTS[variant]
    usual = _every_path(PathFinder(G, on=on), G)
    memory = _every_path(PathFinder(G, on=on, grammar=grammar), G)
    cypher = _every_path(CypherPathFinder(db, tag, on=on, grammar=grammar), G)
    assert cypher == memory
    assert memory != usual, f"{variant} changed nothing on {system}: the comparison proves little"
