"""Neo4j connection options and the Neo4j backend, shared by ``coigraph db`` and the commands that
can run on a pushed dataset (screen, trace, procurement, serve).

Kept apart from :mod:`coigraph.cli.db` so those commands do not import the db commands' own
modules (push, queries and their renderers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from coigraph.errors import DatabaseError


def db_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--uri``, ``--user`` and ``--database``, defaulting to NEO4J_URI, NEO4J_USER, NEO4J_DATABASE."""
    from coigraph.db.connect import DEFAULT_URI, DEFAULT_USER

    f = click.option("--database", "database", envvar="NEO4J_DATABASE", default=None,
                     help="Database name [default: NEO4J_DATABASE, else the server's default].")(f)
    f = click.option("--user", "user", envvar="NEO4J_USER", default=DEFAULT_USER, show_default=True,
                     help="User name [env NEO4J_USER].")(f)
    f = click.option("--uri", "uri", envvar="NEO4J_URI", default=DEFAULT_URI, show_default=True,
                     help="Bolt address of the server [env NEO4J_URI], e.g. neo4j+s://<id>.databases.neo4j.io.")(f)
    return f


def open_db(uri: str, user: str, database: str | None) -> Any:
    """Connect, taking the password from NEO4J_PASSWORD or a hidden prompt (never echoed)."""
    from coigraph.db.connect import connect, display_uri

    def ask() -> str:
        try:
            return str(click.prompt(f"Password for {user} at {display_uri(uri)}", hide_input=True,
                                    err=True))
        except (click.Abort, EOFError):
            raise DatabaseError("no database password given (hint: set the environment variable "
                                "NEO4J_PASSWORD, or run the command at a terminal to be asked for "
                                "it)") from None

    return connect(uri, user, database, prompt=ask)


def backend_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--backend memory|neo4j`` plus the connection options, for screen and trace."""
    f = db_options(f)
    f = click.option("--backend", type=click.Choice(("memory", "neo4j")), default="memory",
                     show_default=True,
                     help="Where the path search runs: in memory on the data folder, or in Neo4j "
                          "on a dataset pushed with 'coigraph db push' (DATA is then its name).")(f)
    return f


@contextmanager
def neo4j_backend(dataset: str, uri: str, user: str, database: str | None) -> Iterator[Any]:
    """An open :class:`coigraph.db.backend.Neo4jBackend` on a pushed dataset (closed after)."""
    from coigraph.db.backend import Neo4jBackend

    conn = open_db(uri, user, database)
    try:
        yield Neo4jBackend(conn, dataset).check()
    finally:
        conn.close()


__all__ = ["db_options", "open_db", "backend_options", "neo4j_backend"]
