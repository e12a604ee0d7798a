"""``coigraph db``: push a dataset to Neo4j, pull it back, run the saved Cypher queries."""

from __future__ import annotations

import click
import networkx as nx

from coigraph.cli.neo4j import db_options, open_db
from coigraph.cli.options import data_argument, load_graph, no_cache_option, output_options
from coigraph.db.push import PushResult
from coigraph.db.queries import QueryResult, SavedQueries
from coigraph.output import emit, message, progress_bar
from coigraph.report import formats, render


@click.group()
def db() -> None:
    """Neo4j: push a dataset, pull it back, run the saved Cypher queries.

    Every db command takes --uri, --user and --database (or NEO4J_URI, NEO4J_USER,
    NEO4J_DATABASE); the password comes from NEO4J_PASSWORD or is asked for, hidden.

    Example: coigraph db push data/northshire --uri bolt://localhost:7687
    """


@db.command("push")
@data_argument
@click.option("--dataset", "dataset", default=None,
              help="Name to push it under [default: the folder's name].")
@click.option("--replace", is_flag=True,
              help="First remove what an earlier push of this dataset put in the database.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=2000, show_default=True,
              help="Rows per transaction.")
@db_options
@output_options(formats(PushResult))
@no_cache_option
def push_cmd(data: str, dataset: str | None, replace: bool, batch_size: int, uri: str, user: str,
             database: str | None, fmt: str, output: str | None, no_cache: bool = False) -> None:
    """Push a dataset into Neo4j: constraints first, then batched MERGE, tagged with its name.

    Pushing again updates in place (the same counts); --replace first removes
    what an earlier push of the same dataset created, and nothing else.

    Example: coigraph db push data/northshire --replace
    """
    from coigraph.db.push import push, total_rows

    G = load_graph(data, no_cache)
    name = dataset or G.graph.get("name") or "dataset"
    with open_db(uri, user, database) as conn:
        with progress_bar(total_rows(G), f"pushing {name}") as bar:
            result = push(conn, G, name, replace=replace, batch_size=batch_size, progress=bar.advance)
    message(f"pushed '{name}': {sum(result.nodes.values())} nodes, "
            f"{sum(result.relationships.values())} relationships")
    emit(render(result, fmt, title=f"pushed '{name}'"), output)


@db.command("pull")
@click.option("--dataset", "dataset", required=True, help="The name it was pushed under.")
@db_options
@output_options(formats(nx.MultiDiGraph))
def pull_cmd(dataset: str, uri: str, user: str, database: str | None, fmt: str,
             output: str | None) -> None:
    """Read a pushed dataset back, re-checked through the model, as a coigraph JSON export.

    The JSON loads like a data folder: 'coigraph validate FILE.json'. With
    --format table, only the counts of what was read.

    Example: coigraph db pull --dataset northshire --output northshire.json
    """
    from coigraph.db.pull import pull

    with open_db(uri, user, database) as conn:
        G = pull(conn, dataset)
    emit(render(G, fmt, title=f"pulled '{dataset}'"), output)


@db.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value (repeatable); the others keep their defaults.")
@click.option("--cypher", "show_cypher", is_flag=True,
              help="Print the query and a ':params' line to paste into Neo4j Browser; do not run it.")
@db_options
@output_options(formats(QueryResult))
def query_cmd(name: str, params: tuple[str, ...], show_cypher: bool, uri: str, user: str,
              database: str | None, fmt: str, output: str | None) -> None:
    """Run a saved query (see 'coigraph db queries') and print its rows.

    Example: coigraph db query meeting-conflicts --param meeting=icb-board-2025-05
    """
    from coigraph.db.queries import get_query, parse_params, run_query

    q = get_query(name)
    values = parse_params(q, params)
    if show_cypher:
        emit(q.browser_params(values) + "\n\n" + q.cypher, output)
        return
    with open_db(uri, user, database) as conn:
        result = run_query(conn, q, values)
    message(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}")
    emit(render(result, fmt, title=q.header.title), output)


@db.command("queries")
@db_options
@output_options(formats(SavedQueries))
def queries_cmd(uri: str, user: str, database: str | None, fmt: str, output: str | None) -> None:
    """List the saved queries, their parameters and defaults (no connection needed).

    Example: coigraph db queries --format json
    """
    from coigraph.db.queries import load_queries

    emit(render(load_queries(), fmt), output)
