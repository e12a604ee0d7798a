"""Render what the ``coigraph db`` commands return: a push, a pulled graph, saved queries and their rows."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from coigraph.db.push import PushResult
from coigraph.db.queries import QueryResult, SavedQueries
from coigraph.graph import dumps
from coigraph.output import render_table
from coigraph.report.registry import register


@register(PushResult, "table")
def push_table(result: PushResult, *, title: str = "pushed") -> str:
    """Rows sent per label and relationship type."""
    rows = [("node", k, v) for k, v in sorted(result.nodes.items())]
    rows += [("relationship", k, v) for k, v in sorted(result.relationships.items())]
    return render_table(title, ["kind", "label or type", "rows"], rows)


@register(PushResult, "json")
def push_json(result: PushResult, **_: Any) -> str:
    return json.dumps(result.as_dict(), indent=2) + "\n"


@register(nx.MultiDiGraph, "json")
def graph_json(G: nx.MultiDiGraph, **_: Any) -> str:
    """The graph as a coigraph JSON export (loads back like a data folder)."""
    return dumps(G)


@register(nx.MultiDiGraph, "table")
def graph_counts(G: nx.MultiDiGraph, *, title: str = "graph") -> str:
    """Only the counts of what the graph holds, by node and edge type."""
    counts: dict[str, int] = {}
    for _, t in G.nodes(data="type"):
        counts[t] = counts.get(t, 0) + 1
    for *_, t in G.edges(data="type"):
        counts[t] = counts.get(t, 0) + 1
    return render_table(title, ["type", "count"], sorted(counts.items()))


@register(QueryResult, "table")
def query_table(result: QueryResult, *, title: str = "") -> str:
    """The rows under their columns; lists joined (a path with arrows), maps as JSON."""
    rows = [[_cell(r.get(c), " → " if c == "path" else "; ") for c in result.columns]
            for r in result.rows]
    return render_table(title or result.name, result.columns, rows)


@register(QueryResult, "json")
def query_json(result: QueryResult, **_: Any) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any, sep: str = "; ") -> str:
    """A value for a table cell: lists joined (a path with arrows), maps as JSON."""
    if value is None:
        return ""
    if isinstance(value, list):
        return sep.join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@register(SavedQueries, "table")
def queries_table(qs: SavedQueries, **_: Any) -> str:
    """Each saved query's name, title and parameters with their defaults."""
    rows = [(q.name, q.header.title,
             ", ".join(f"{k}={q.defaults()[k]}" for k in q.header.parameters)) for q in qs.values()]
    return render_table("saved queries", ["name", "title", "parameters (defaults)"], rows)


@register(SavedQueries, "json")
def queries_json(qs: SavedQueries, **_: Any) -> str:
    out = [{"name": q.name, "title": q.header.title, "description": q.header.description,
            "file": q.path.name,
            "parameters": {k: {"type": p.type, "default": q.defaults()[k],
                               "description": p.description}
                           for k, p in q.header.parameters.items()}}
           for q in qs.values()]
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


__all__ = ["push_table", "push_json", "graph_json", "graph_counts", "query_table", "query_json",
           "queries_table", "queries_json"]
