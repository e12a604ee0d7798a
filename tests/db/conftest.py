"""Fixtures for the database tests: one real Bolt server for the whole session.

By default the session starts ArcadeDB (a real database speaking Bolt and
Neo4j 5 Cypher, installed from PyPI by the ``test`` extra) on free loopback
ports and stops it by PID at the end.  Set ``NEO4J_URI`` (with ``NEO4J_USER``,
``NEO4J_PASSWORD`` and optionally ``NEO4J_DATABASE``) to run the same tests
against a server of your own: they only touch datasets named
``coigraph-test-*`` and remove them afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from coigraph.db.connect import Database, connect
from coigraph.db.push import remove_dataset

from .server import ArcadeDB, BoltServer, from_environment

TEST_PREFIX = "coigraph-test-"


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """Connection details of the session's Bolt server (started here unless NEO4J_URI is set)."""
    external = from_environment()
    if external is not None:
        yield external
        return
    server = ArcadeDB(tmp_path_factory.mktemp("arcadedb"))
    try:
        info = server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield info
    finally:
        server.stop()


@pytest.fixture(scope="session")
def db(bolt_server: BoltServer) -> Iterator[Database]:
    """An open coigraph connection to the session's server."""
    conn = connect(bolt_server.uri, bolt_server.user, bolt_server.database, bolt_server.password)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def dataset_name(request: pytest.FixtureRequest, db: Database) -> Iterator[str]:
    """A dataset name of this test's own (``coigraph-test-...``), removed from the database after."""
    name = TEST_PREFIX + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]
    remove_dataset(db, name)
    yield name
    remove_dataset(db, name)


@pytest.fixture
def bolt_env(bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """NEO4J_PASSWORD set for the CLI; returns the ``--uri/--user/--database`` options."""
    monkeypatch.setenv("NEO4J_PASSWORD", bolt_server.password)
    opts = ["--uri", bolt_server.uri, "--user", bolt_server.user]
    if bolt_server.database:
        opts += ["--database", bolt_server.database]
    return opts
