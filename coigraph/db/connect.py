"""Connecting to Neo4j (or any server speaking Bolt and Neo4j 5 Cypher) through the official driver.

The password comes from ``NEO4J_PASSWORD`` or, failing that, from a prompt
the caller supplies (the command line asks with the input hidden).  It is
never echoed, logged or put into an error message: every message this module
raises is scrubbed of it.  Driver failures become
:class:`~coigraph.errors.DatabaseError` with a hint saying what to check.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from coigraph.errors import DatabaseError

DEFAULT_URI = "bolt://localhost:7687"
#: Address schemes of the Bolt protocol (plain, TLS, TLS with a self-signed certificate).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_USER = "neo4j"


def default_uri() -> str:
    """``NEO4J_URI`` if set, else ``bolt://localhost:7687``."""
    return os.environ.get("NEO4J_URI") or DEFAULT_URI


def default_user() -> str:
    """``NEO4J_USER`` if set, else ``neo4j``."""
    return os.environ.get("NEO4J_USER") or DEFAULT_USER


def default_database() -> str | None:
    """``NEO4J_DATABASE`` if set, else None (the server's default database)."""
    return os.environ.get("NEO4J_DATABASE") or None


def resolve_password(prompt: Callable[[], str] | None = None) -> str:
    """The password: ``NEO4J_PASSWORD`` if set, else ``prompt()`` (which must not echo it)."""
    pw = os.environ.get("NEO4J_PASSWORD")
    if pw is not None:
        return pw
    if prompt is None:
        raise DatabaseError(
            "no database password given (hint: set the environment variable NEO4J_PASSWORD, "
            "or run the command at a terminal to be asked for it)"
        )
    return prompt()


def display_uri(uri: str) -> str:
    """The address for messages, with any ``user:password@`` part removed."""
    return re.sub(r"//[^/@]*@", "//", uri)


class Database:
    """An open connection: the driver plus the database every call names.

    Use :func:`connect` to make one.  ``read`` and ``write`` run one statement
    (values only ever as ``params``) and return its records as dicts; errors
    become :class:`DatabaseError`.
    """

    def __init__(self, driver: Any, uri: str, user: str, database: str | None, secret: str = ""):
        self.driver = driver
        self.uri = uri
        self.user = user
        self.database = database
        self._secret = secret

    # -- plumbing
    def _session(self) -> Any:
        return self.driver.session(database=self.database) if self.database else self.driver.session()

    def _fail(self, exc: BaseException, doing: str) -> DatabaseError:
        return translate(exc, uri=self.uri, user=self.user, database=self.database,
                         doing=doing, secret=self._secret)

    # -- statements
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read statement; its records as dicts (values as the driver returns them)."""
        try:
            with self._session() as s:
                return s.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params or {})])
        except Exception as exc:  # every driver failure is reported the same way
            raise self._fail(exc, "reading") from None

    def read_table(self, cypher: str, params: dict[str, Any] | None = None
                   ) -> tuple[list[str], list[dict[str, Any]]]:
        """Run a read statement; its column names (even when no rows come back) and records."""
        def work(tx: Any) -> tuple[list[str], list[dict[str, Any]]]:
            res = tx.run(cypher, params or {})
            rows = [r.data() for r in res]
            return list(res.keys()), rows

        try:
            with self._session() as s:
                return s.execute_read(work)
        except Exception as exc:
            raise self._fail(exc, "reading") from None

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a write statement in its own transaction (retried by the driver when transient)."""
        try:
            with self._session() as s:
                return s.execute_write(lambda tx: [r.data() for r in tx.run(cypher, params or {})])
        except Exception as exc:
            raise self._fail(exc, "writing") from None

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a statement in an auto-commit transaction (schema statements need one)."""
        try:
            with self._session() as s:
                return [r.data() for r in s.run(cypher, params or {})]
        except Exception as exc:
            raise self._fail(exc, "running a statement") from None

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(uri: str | None = None, user: str | None = None, database: str | None = None,
            password: str | None = None, *, prompt: Callable[[], str] | None = None,
            verify: bool = True) -> Database:
    """Open a :class:`Database` and check the server answers (unless ``verify=False``).

    ``uri``, ``user`` and ``database`` default to ``NEO4J_URI``, ``NEO4J_USER`` and
    ``NEO4J_DATABASE`` (then ``bolt://localhost:7687``, ``neo4j`` and the server's
    default).  ``password`` defaults to :func:`resolve_password` with ``prompt``.
    """
    from neo4j import GraphDatabase

    uri = uri or default_uri()
    user = user or default_user()
    database = database or default_database()
    if uri.split("://", 1)[0].lower() not in SCHEMES or "://" not in uri:
        raise translate(ValueError(uri), uri=uri, user=user, database=database, doing="connecting")
    secret = password if password is not None else resolve_password(prompt)
    try:
        driver = GraphDatabase.driver(uri, auth=(user, secret), connection_timeout=15)
    except Exception as exc:
        raise translate(exc, uri=uri, user=user, database=database, doing="connecting",
                        secret=secret) from None
    db = Database(driver, uri, user, database, secret)
    if verify:
        try:
            driver.verify_connectivity()
            db.read("RETURN 1 AS ok")
        except DatabaseError:
            driver.close()
            raise
        except Exception as exc:
            driver.close()
            raise translate(exc, uri=uri, user=user, database=database, doing="connecting",
                            secret=secret) from None
    return db


@contextmanager
def connection(**kw: Any) -> Iterator[Database]:
    """:func:`connect` as a context manager that closes the driver."""
    db = connect(**kw)
    try:
        yield db
    finally:
        db.close()


def translate(exc: BaseException, *, uri: str, user: str, database: str | None,
              doing: str, secret: str = "") -> DatabaseError:
    """A :class:`DatabaseError` for a driver failure, with a hint, never holding the password."""
    from neo4j import exceptions as nx

    where = display_uri(uri)
    if isinstance(exc, DatabaseError):
        return exc
    if isinstance(exc, nx.AuthError):
        msg = (f"the database at {where} refused user '{user}' (hint: check --user and the "
               "password in NEO4J_PASSWORD)")
    elif isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
        msg = (f"cannot reach a database at {where} (hint: is the server running, and is --uri "
               "right? e.g. bolt://localhost:7687, or neo4j+s://<id>.databases.neo4j.io for Aura)")
    elif isinstance(exc, (nx.ConfigurationError, ValueError)) and doing == "connecting":
        msg = (f"'{where}' is not a database address coigraph can use (hint: write it as "
               "bolt://host:7687 or neo4j://host:7687, or neo4j+s://... for an encrypted one)")
    elif isinstance(exc, nx.Neo4jError) and "DatabaseNotFound" in (exc.code or ""):
        msg = (f"the server at {where} has no database '{database}' (hint: check --database, "
               "or leave it out to use the server's default database)")
    elif isinstance(exc, nx.Neo4jError):
        msg = f"the database at {where} refused the request while {doing}: {exc.code}: {exc.message}"
    else:
        msg = f"database failure while {doing} at {where}: {type(exc).__name__}: {exc}"
    return DatabaseError(_scrub(msg, secret))


def _scrub(text: str, secret: str) -> str:
    """``text`` with the password (if any) replaced, so no message can carry it."""
    return text.replace(secret, "********") if secret else text
