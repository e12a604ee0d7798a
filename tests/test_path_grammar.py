"""The path grammar is declared once: both engines and the saved query follow a change to it.

The engines' agreement on real data is checked against a database in
``tests/db/test_parity.py`` and ``tests/db/test_path_grammar.py``; here, without
one, that each is *derived* from the declaration: change an entry and the
in-memory search, the Cypher statement and the saved query all change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import networkx as nx
import pytest

from coigraph import ids
from coigraph.paths import GRAMMAR, PathFinder, PathSearch, interest_paths
from coigraph.paths.cypher import (
    CypherPathFinder,
    main,
    membership_cypher,
    path_search_cypher,
    saved_query_path,
    saved_query_text,
)
from coigraph.paths.grammar import Grammar, Line

DATA = Path(__file__).parent / "data"
DAY = dt.date(2025, 5, 14)

LESS_REACH = dataclasses.replace(GRAMMAR, max_org_steps=1)
#: contracts_with made a line (a supplier "down" from its customer): an entry added, no code.
SUPPLIERS = dataclasses.replace(
    GRAMMAR, never=("hosts",),
    lines=(*GRAMMAR.lines, Line("org_relation", "contracts_with", "down", ("supplier of", "supplied by"))))
#: posts only: neither the register of interests nor the public register of control carries an interest
NO_REGISTER = dataclasses.replace(GRAMMAR, carriers=tuple(c for c in GRAMMAR.carriers
                                                         if c.edge_type not in ("interest", "controls")))


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    from coigraph.graph import load_graph

    return load_graph(DATA / "screen-paths")


def _reached(G: nx.MultiDiGraph, person: str, grammar: Grammar = GRAMMAR) -> set[str]:
    orgs = [n for n, t in G.nodes(data="type") if t == "organisation"]
    return {p.organisation for p in interest_paths(G, f"person:{person}", orgs, on=DAY, grammar=grammar)}


def test_the_saved_query_is_generated_from_the_grammar() -> None:
    path = saved_query_path()
    assert path.read_text(encoding="utf-8") == saved_query_text(), (
        f"{path} is stale: run python -m coigraph.paths.cypher --write-saved-query")
    assert main(["--check"]) == 0


def test_the_generator_writes_and_checks_a_file(tmp_path: Path) -> None:
    target = tmp_path / "meeting-conflicts.cypher"
    assert main(["--check", str(target)]) == 1
    assert main(["--write-saved-query", str(target)]) == 0
    assert main(["--check", str(target)]) == 0
    target.write_text(target.read_text() + "// edited by hand\n")
    assert main(["--check", str(target)]) == 1


def test_a_bound_changed_in_the_grammar_changes_every_engine(G) -> None:
    assert "org:mega" in _reached(G, "ann")  # two steps up
    assert "org:mega" not in _reached(G, "ann", LESS_REACH)
    assert "*0..2]" in path_search_cypher() and "*0..1]" in path_search_cypher(grammar=LESS_REACH)
    assert "*0..1]-(target)" in saved_query_text(LESS_REACH)
    assert "at most one organisation step" in saved_query_text(LESS_REACH)
    deeper = dataclasses.replace(GRAMMAR, max_depth=4)
    assert "<= 4\n" in saved_query_text(deeper) and "<= 5\n" in saved_query_text()
    assert PathFinder(G, on=DAY, grammar=deeper).max_depth == 4


def test_a_line_added_as_an_entry_is_followed_by_every_engine(G) -> None:
    assert "org:supplier-co" not in _reached(G, "ann")
    (p,) = [p for p in interest_paths(G, "person:ann", ["org:supplier-co"], on=DAY, grammar=SUPPLIERS)]
    assert p.relations == ["contracts_with"] and p.direction == "up"
    assert p.edges[-1].label == "supplied by" and p.edges[-1].reversed
    assert "'contracts_with'" not in path_search_cypher()
    assert ("r.kind IN ['subsidiary_of', 'member_of', 'owns', 'subcontractor_of', 'collaborative_member_of', "
            "'contracts_with']") in path_search_cypher(grammar=SUPPLIERS)
    assert "rs[i].kind IN ['owns', 'contracts_with']" in saved_query_text(SUPPLIERS)


def test_a_carrier_removed_from_the_grammar_is_gone_from_every_engine(G) -> None:
    orgs = [n for n in G if ids.is_org(n)]
    every = interest_paths(G, "person:ann", orgs, on=DAY)
    assert any(p.carrier == "interest" for p in every)
    fewer = interest_paths(G, "person:ann", orgs, on=DAY, grammar=NO_REGISTER)
    assert fewer and all(p.carrier == "position" for p in fewer)
    assert "POSITION|INTEREST" in path_search_cypher()
    assert "[c:POSITION]" in path_search_cypher(grammar=NO_REGISTER)
    assert "INTEREST" not in path_search_cypher(grammar=NO_REGISTER)


def test_the_commissioner_exclusion_is_the_grammars() -> None:
    assert "o.kind IN ['ccg', 'icb', 'nhs_england', 'pct_cluster']" in saved_query_text()
    only_nhse = dataclasses.replace(GRAMMAR, excluded_owner_kinds=frozenset({"nhs_england"}))
    assert "o.kind IN ['nhs_england']" in saved_query_text(only_nhse)
    owners = [("org:icb", "icb"), ("org:ft", "foundation_trust")]
    assert GRAMMAR.excluded_owners(owners) == ["org:icb"]
    assert only_nhse.excluded_owners(owners) == []
    assert GRAMMAR.excluded_owners([("org:ft", "foundation_trust")]) == ["org:ft"]  # a single owner


def test_membership_follows_the_grammar() -> None:
    assert "[c:POSITION]->(x)" in membership_cypher()
    joint = dataclasses.replace(GRAMMAR, seat=dataclasses.replace(GRAMMAR.seat, names_owner="for_org"))
    assert "c.for_org = o.id" in membership_cypher(joint) and "c.for_org = o.id" in path_search_cypher(grammar=joint)


@pytest.mark.parametrize("change, message", [
    ({"never": ("owns",)}, "declared a line and never followed"),
    ({"lines": (Line("org_relation", "partners_with", "up", ("a", "b")),)}, "not an organisation relation"),
    ({"carriers": (dataclasses.replace(GRAMMAR.carriers[0], edge_type="directorship"),)}, "not an edge type"),
    ({"max_org_steps": 5}, "below max_depth"),
    ({"carriers": (dataclasses.replace(GRAMMAR.carriers[-1], covered_by=("declaration",)),)},
     "not another edge type"),
    ({"seat": dataclasses.replace(GRAMMAR.seat, names_owner="x' OR 1=1")}, "not a plain lower-case identifier"),
])
def test_an_incoherent_grammar_is_refused(change, message) -> None:
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(GRAMMAR, **change)


def test_both_engines_are_path_searches(G) -> None:
    assert isinstance(PathFinder(G, on=DAY), PathSearch)
    # (the Cypher engine runs nothing until asked, so any object will do as its database here)
    assert isinstance(CypherPathFinder(object(), "x", on=DAY), PathSearch)  # type: ignore[arg-type]


def test_only_schema_and_grammar_names_are_written_into_the_cypher() -> None:
    """Values travel as $parameters: the text holds labels and relationship types of the schema,
    names the grammar declares (checked to be plain identifiers) and a few fixed words."""
    from coigraph.db.schema import LABELS, REL_TYPES
    from coigraph.model import AttendanceStatus, Effect

    names = {*REL_TYPES.values(), *LABELS.values()}
    words = {*GRAMMAR.line_kinds(), *GRAMMAR.excluded_owner_kinds, AttendanceStatus.apologies.value,
             AttendanceStatus.absent.value, Effect.self.value, "current", "ended"}
    for grammar in (GRAMMAR, SUPPLIERS):
        query = "\n".join(ln for ln in saved_query_text(grammar).splitlines() if not ln.startswith("//"))
        for text in (path_search_cypher(grammar=grammar), membership_cypher(grammar), query):
            assert set(re.findall(r"'([^']*)'", text)) <= words | names | {"contracts_with"}
            written = set(re.findall(r"\w:([A-Z]\w*)", text)) | set(re.findall(r"\|([A-Z_]+)", text))
            assert written <= names, written - names
