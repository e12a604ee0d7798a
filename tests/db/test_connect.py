"""Connecting: clear DatabaseErrors with hints, and the password never shows."""

from __future__ import annotations

import pytest

from coigraph.db.connect import connect, display_uri, resolve_password, translate
from coigraph.errors import DatabaseError

from .server import BoltServer, free_port


def test_wrong_password_is_refused_without_showing_it(bolt_server: BoltServer) -> None:
    secret = "Sup3r-s3cret-pw"
    with pytest.raises(DatabaseError) as err:
        connect(bolt_server.uri, bolt_server.user, bolt_server.database, secret)
    text = str(err.value)
    assert secret not in text
    assert "refused user" in text and "NEO4J_PASSWORD" in text


def test_unreachable_server_names_the_address_and_a_hint() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(DatabaseError, match="cannot reach a database at bolt://127.0.0.1") as err:
        connect(uri, "neo4j", None, "pw-not-shown")
    assert "--uri" in str(err.value) and "pw-not-shown" not in str(err.value)


def test_address_that_is_not_bolt_is_explained() -> None:
    with pytest.raises(DatabaseError, match="not a database address"):
        connect("http://localhost:7474", "neo4j", None, "x")


def test_credentials_in_the_address_are_never_shown() -> None:
    assert display_uri("bolt://neo4j:hunter2@db.example:7687") == "bolt://db.example:7687"


def test_password_from_environment_then_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    assert resolve_password(lambda: "from-prompt") == "from-env"
    monkeypatch.delenv("NEO4J_PASSWORD")
    assert resolve_password(lambda: "from-prompt") == "from-prompt"
    with pytest.raises(DatabaseError, match="NEO4J_PASSWORD"):
        resolve_password(None)


def test_translated_messages_are_scrubbed_of_the_password() -> None:
    err = translate(RuntimeError("boom with s3cr3t inside"), uri="bolt://x:1", user="u",
                    database=None, doing="reading", secret="s3cr3t")
    assert "s3cr3t" not in str(err) and "********" in str(err)


def test_a_refused_statement_is_a_database_error(bolt_server: BoltServer) -> None:
    db = connect(bolt_server.uri, bolt_server.user, bolt_server.database, bolt_server.password)
    try:
        with pytest.raises(DatabaseError, match="refused the request"):
            db.read("MATCH (n RETURN n")
    finally:
        db.close()


def test_unknown_database_is_named_with_a_hint(bolt_server: BoltServer) -> None:
    with pytest.raises(DatabaseError, match="no database 'no-such-db'") as err:
        connect(bolt_server.uri, bolt_server.user, "no-such-db", bolt_server.password)
    assert "--database" in str(err.value)
