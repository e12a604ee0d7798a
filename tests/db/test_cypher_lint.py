"""Every Cypher statement coigraph can emit, and every saved query, as Neo4j 5 reads them.

The test server is ArcadeDB, which accepts Cypher that Neo4j 5 rejects (a
non-grouped variable mixed into an aggregate, for one).  So the statements
are also checked with Neo4j's own semantic analyser, from the npm registry
(``@neo4j-cypher/language-support``, pinned in ``cypherlint/package.json``),
under ``CYPHER 5``, with no Neo4j server:

* the statements are captured where coigraph runs Cypher (the four methods
  of :class:`coigraph.db.connect.Database`) while it pushes, pulls, screens,
  traces and runs the saved queries on the sample system and on the
  generated ``ics`` tier;
* the saved queries are checked as files.

``.ci/run`` installs Node.js (Debian's) and the analyser (``npm ci --prefix
tests/db/cypherlint``).  Without them these tests fail, saying what to install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from bench.generate import generate
from coigraph import ids, views
from coigraph.db.backend import Neo4jBackend, decision_people
from coigraph.db.connect import Database, connect
from coigraph.db.pull import pull
from coigraph.db.push import dataset_counts, list_datasets, push, remove_dataset
from coigraph.db.queries import load_queries, run_query, used_parameters
from coigraph.db.schema import LABELS, REL_TYPES
from coigraph.delegation import decision_ids
from coigraph.errors import NotFound
from coigraph.graph import load_graph
from coigraph.paths.cypher import MEMBERSHIP_CYPHER, path_search_cypher

from .conftest import TEST_PREFIX
from .server import BoltServer

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(__file__).resolve().parent / "cypherlint"
PACKAGE = "@neo4j-cypher/language-support"
INSTALL = ("install Node.js (Debian: apt-get install nodejs npm) and the analyser "
           "(npm ci --prefix tests/db/cypherlint); .ci/run does both")

#: decision_people as it was: Neo4j 5 rejects it ("implicit grouping expressions"); ArcadeDB ran it.
OLD_DECISION_PEOPLE = (
    "MATCH (d:Decision {dataset: $dataset, key: $decision})-[:DECIDED_BY]->(by) "
    "OPTIONAL MATCH (:Body {dataset: $dataset})-[:DELEGATION]->(dp:Person) "
    "OPTIONAL MATCH (s:Person)-[:POSITION]->(by) "
    "OPTIONAL MATCH (d)-[:UNDER_ITEM]->(:AgendaItem)-[:ITEM_OF]->(m:Meeting) "
    "RETURN CASE WHEN by:Person THEN [by.key] ELSE [] END + collect(DISTINCT dp.key) "
    "+ collect(DISTINCT s.key) AS people, collect(DISTINCT m.key) AS meetings"
)


# --------------------------------------------------------------------------- the analyser


@dataclass(frozen=True)
class Diagnostic:
    severity: int  # 1 error, 2 warning, 3 information, 4 hint
    message: str
    line: int
    character: int


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"the Cypher analyser needs Node.js, and 'node' is not on PATH: {INSTALL}")
    if not (LINT / "node_modules" / PACKAGE / "package.json").is_file():
        pytest.fail(f"{PACKAGE} is not installed in {LINT / 'node_modules'}: {INSTALL}")
    return node


#: Diagnostics already found, by (statement, parameters): the analyser takes seconds to start.
_ANALYSED: dict[tuple[str, tuple[str, ...]], list[Diagnostic]] = {}


def lint(statements: dict[str, set[str]]) -> dict[str, list[Diagnostic]]:
    """Each statement's diagnostics (``statements``: Cypher text -> its parameters' names).

    The analyser knows the schema's labels and relationship types (so a
    misspelt one is reported) and each statement's parameters; it knows no
    property keys, so it never reports one as missing.  One run of the
    analyser for all the statements not analysed before.
    """
    keys = {t: (t, tuple(sorted(ps))) for t, ps in statements.items()}
    todo = sorted({k for k in keys.values() if k not in _ANALYSED})
    if todo:
        request = {
            "schema": {"labels": sorted(LABELS.values()), "relationshipTypes": sorted(REL_TYPES.values())},
            "statements": [{"id": str(i), "cypher": t, "parameters": list(ps)}
                           for i, (t, ps) in enumerate(todo)],
        }
        run = subprocess.run([_node(), str(LINT / "lint.js")], input=json.dumps(request), text=True,
                             capture_output=True, cwd=LINT, timeout=900)
        if run.returncode != 0:
            pytest.fail(f"the Cypher analyser failed (exit {run.returncode}): {run.stderr[-2000:]}")
        out = {r["id"]: [Diagnostic(**d) for d in r["diagnostics"]] for r in json.loads(run.stdout)}
        _ANALYSED.update({k: out[str(i)] for i, k in enumerate(todo)})
    return {t: _ANALYSED[k] for t, k in keys.items()}


def problems(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors and warnings; property keys "not present in the database" are no problem
    (the analyser has no data; labels and relationship types it does know)."""
    return [d for d in diagnostics if d.severity <= 2
            and not (d.message.split(" ", 1)[0] not in ("Label", "Relationship")
                     and " is not present in the database" in d.message)]


def _report(found: dict[str, list[Diagnostic]]) -> str:
    parts = []
    for text, diags in found.items():
        lines = text.strip("\n").splitlines()
        for d in diags:
            where = lines[d.line].strip() if d.line < len(lines) else ""
            parts.append(f"- {d.message}\n    at line {d.line + 1}: {where[:160]}\n    in: {lines[0][:120]}...")
    return "\n".join(parts)


# --------------------------------------------------------------------------- capturing statements


@dataclass
class Recorder:
    """Records every statement run through :class:`Database` (text -> parameter names)."""

    seen: dict[str, set[str]] = field(default_factory=dict)

    def __enter__(self) -> Recorder:
        self._patch = pytest.MonkeyPatch()
        for name in ("read", "read_table", "write", "run"):
            original = getattr(Database, name)

            def shim(db: Database, cypher: str, params: dict[str, Any] | None = None,
                     _original: Any = original) -> Any:
                self.seen.setdefault(cypher, set()).update(params or {})
                return _original(db, cypher, params)

            self._patch.setattr(Database, name, shim)
        return self

    def __exit__(self, *exc: object) -> None:
        self._patch.undo()


class Stub:
    """A stand-in database that records the statement and returns no rows."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.seen.setdefault(cypher, set()).update(params or {})
        return []


def _exercise(db: Database, G: nx.MultiDiGraph, tag: str, *, every_decision: bool) -> None:
    """Everything coigraph does with a database, on one system.

    The sample system is run in full (every decision traced, every meeting
    screened). Statements are parameterised, so what a large system adds is
    scale (pushing, pulling and searching thousands of rows), not statements:
    measured on the ``ics`` tier, seed 1, its full run (100 s, 297 distinct
    statements) emitted none that the sample system's run did not. So on a
    large system the decisions traced are a sample (each kind of decider, and
    one in a hundred) and every 25th meeting is screened on its own.
    """
    push(db, G, tag, replace=True)  # the schema, removing the old contents, loading
    dataset_counts(db, tag)
    list_datasets(db)
    pull(db, tag)
    be = Neo4jBackend(db, tag).check()
    if every_decision:
        be.screen_all()
    else:
        for m in sorted(ids.bare(n) for n, _ in views.nodes_of(G, "meeting"))[::25]:
            be.screen_meeting(m)
    decisions = decision_ids(G)
    if not every_decision:
        first_of_kind = {bool(views.decision(G, ids.decision(d)).by_person): d for d in reversed(decisions)}
        decisions = sorted(set(decisions[::100]) | set(first_of_kind.values()))
    for d in decisions:
        be.trace_decision(d)
    for p, _ in views.nodes_of(G, "procurement"):
        be.screen_procurement(ids.bare(p))
    for q in load_queries().values():
        run_query(db, q, {"dataset": tag})
    remove_dataset(db, tag)


@pytest.fixture(scope="module")
def emitted(db: Database, bolt_server: BoltServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, set[str]]]:
    """Every statement run while working on the sample and on the generated ``ics`` tier."""
    ics = tmp_path_factory.mktemp("ics")
    generate("ics", ics, seed=1)
    systems = {"northshire": load_graph(ROOT / "data" / "northshire"), "ics": load_graph(ics)}
    with Recorder() as rec:
        connect(bolt_server.uri, bolt_server.user, bolt_server.database, bolt_server.password).close()
        for name, G in systems.items():
            _exercise(db, G, f"{TEST_PREFIX}lint-{name}", every_decision=name == "northshire")
        with pytest.raises(NotFound):
            Neo4jBackend(db, f"{TEST_PREFIX}lint-absent").check()
    yield rec.seen


# --------------------------------------------------------------------------- the tests

PROBES = {"MATCH (n:Persn {dataset: $dataset}) RETURN n.name AS name": {"dataset"},
          "MATCH (n:Person) WHERE n.key = $who RETURN n.name AS name": set()}


@pytest.fixture(scope="module")
def offline() -> dict[str, set[str]]:
    """The statements checked without a database (analysed in one run): the saved queries,
    decision_people (with the post_people it asks) then and now, and two probes of what the
    analyser knows."""
    stub = Stub()
    decision_people(stub, "northshire", "decision:dec-1")  # type: ignore[arg-type]
    statements = {q.cypher: used_parameters(q.cypher) for q in load_queries().values()}
    statements |= {OLD_DECISION_PEOPLE: {"dataset", "decision"}, **stub.seen, **PROBES}
    lint(statements)
    return stub.seen


def test_every_saved_query_is_neo4j5_cypher(offline) -> None:
    queries = load_queries()
    diagnostics = lint({q.cypher: used_parameters(q.cypher) for q in queries.values()})
    found = {t: p for t, d in diagnostics.items() if (p := problems(d))}
    assert not found, f"saved queries Neo4j 5 would reject:\n{_report(found)}"


def test_the_analyser_rejects_implicit_grouping_as_neo4j5_does(offline) -> None:
    (now,) = [t for t in offline if "DECIDED_BY" in t]  # decision_people's statement as it is now
    got = lint({OLD_DECISION_PEOPLE: {"dataset", "decision"}, now: offline[now]})
    old = problems(got[OLD_DECISION_PEOPLE])
    assert [d.severity for d in old] == [1]
    assert "implicit grouping expressions" in old[0].message
    assert problems(got[now]) == []


def test_the_analyser_knows_the_schema_and_the_parameters(offline) -> None:
    messages = [d.message for ds in lint(PROBES).values() for d in problems(ds)]
    assert any("Persn" in m for m in messages)
    assert any("$who" in m for m in messages)


def test_every_statement_coigraph_emits_is_neo4j5_cypher(emitted: dict[str, set[str]]) -> None:
    # the capture saw every kind of work (a capture that missed them would prove little)
    texts = set(emitted)
    assert path_search_cypher() in texts and MEMBERSHIP_CYPHER in texts
    assert any("CREATE CONSTRAINT" in t for t in texts)  # the schema
    assert any("UNWIND $rows" in t for t in texts)  # the loader
    assert any(":DELEGATION*0.." in t for t in texts)  # the chain search
    assert any("DECIDED_BY|SIGNED_BY]->(by)" in t for t in texts)  # decision_people
    assert any(":ACTS_IN]->(p:Procurement" in t for t in texts)  # procurement_people
    assert {q.cypher for q in load_queries().values()} <= texts  # the saved queries
    assert len(texts) > 60
    found = {t: p for t, d in lint(emitted).items() if (p := problems(d))}
    assert not found, f"{len(found)} statement(s) Neo4j 5 would reject:\n{_report(found)}"
