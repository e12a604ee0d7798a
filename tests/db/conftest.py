"""Fixtures for the database tests: one real Bolt server for the whole session.

By default the session starts ArcadeDB (a real database speaking Bolt and
Neo4j 5 Cypher, installed from PyPI by the ``test`` extra) on free loopback
ports and stops it by PID at the end.  Set ``NEO4J_URI`` (with ``NEO4J_USER``,
``NEO4J_PASSWORD`` and optionally ``NEO4J_DATABASE``) to run the same tests
against a server of your own: they only touch datasets named
``coigraph-test-*`` and remove them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.db.server import ArcadeDB, BoltServer, from_environment

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
