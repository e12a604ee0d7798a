"""The session's Bolt server is real: it answers Cypher through the official driver."""

from __future__ import annotations

from neo4j import GraphDatabase

from .server import BoltServer, free_port


def test_server_answers_cypher_over_bolt(bolt_server: BoltServer) -> None:
    with GraphDatabase.driver(bolt_server.uri, auth=(bolt_server.user, bolt_server.password)) as drv:
        drv.verify_connectivity()
        records, _, _ = drv.execute_query("RETURN $x + 1 AS y", {"x": 41}, database_=bolt_server.database)
    assert records[0]["y"] == 42


def test_free_port_is_bindable() -> None:
    import socket

    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
