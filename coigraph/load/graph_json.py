"""Read records back from a graph: a ``coigraph export`` JSON file, or a graph pulled from Neo4j.

The graph's nodes and edges carry each record's fields (see
:mod:`coigraph.graph`); reading them back re-validates every record through
the model and checks the dataset as the folder loader does, so a graph read
from a file or a database is held to the same rules as a data folder.  This is
the loading side of the JSON export; :func:`coigraph.graph.graph_to_json`
writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from coigraph.errors import DataError, Problem
from coigraph.load.records import Dataset, check_dataset
from coigraph.model import TABLES, Record, Table

#: The ``format`` and ``version`` of a graph export.
FORMAT = "coigraph-graph"
VERSION = 1

_TABLE_BY_TYPE: dict[str, Table] = {t.node_type or t.edge_type or t.name: t for t in TABLES}


def graph_to_dataset(G: nx.MultiDiGraph, name: str | None = None) -> Dataset:
    """Rebuild the dataset records a graph was built from (for JSON import and db pull).

    Records are re-validated through the model, so a graph read from a file or
    a database is held to the same rules as one read from the data folder.
    """
    from pydantic import ValidationError

    ds = Dataset(name=name or G.graph.get("name") or "dataset")
    buckets: dict[str, list[tuple[str, Record]]] = {t.name: [] for t in TABLES}
    problems: list[Problem] = []

    def make(table: Table, attrs: dict[str, Any], where: str) -> None:
        fields = {k: v for k, v in attrs.items() if k in table.model.model_fields}
        try:
            rec = table.model.model_validate(fields)
        except ValidationError as exc:
            for e in exc.errors():
                problems.append(Problem(where, None, ".".join(map(str, e["loc"])) or None, e["msg"]))
            return
        rec._src = attrs.get("src")
        buckets[table.name].append((rec.src or "", rec))

    for n, a in G.nodes(data=True):
        t = _TABLE_BY_TYPE.get(a.get("type", ""))
        if t is not None and t.node_type:
            make(t, a, f"node {n}")
    for u, v, k, a in G.edges(keys=True, data=True):
        t = _TABLE_BY_TYPE.get(a.get("type", ""))
        if t is not None and t.edge_type:
            make(t, a, f"edge {u} -> {v} ({k})")
    if problems:
        raise DataError(problems, summary="the graph does not hold valid records")
    for t in TABLES:
        ds.records[t.name] = [r for _, r in sorted(buckets[t.name], key=lambda x: _src_key(x[0]))]
    problems = [p for p in check_dataset(ds) if p.severity == "error"]
    if problems:
        raise DataError(problems, summary="the graph does not hold a consistent dataset")
    return ds


def _src_key(src: str) -> tuple[str, int]:
    if ":" in src:
        f, r = src.rsplit(":", 1)
        return f, int(r) if r.isdigit() else 0
    return src, 0


def graph_from_export(data: dict[str, Any], label: str = "JSON") -> nx.MultiDiGraph:
    """The graph a JSON export holds, as written (not yet checked; see :func:`dataset_from_export`)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError([Problem(label, None, "format", "not a coigraph graph export",
                                 hint="make one with 'coigraph export DATA --format json'")])
    G = nx.MultiDiGraph(name=data.get("name", ""))
    for n in data.get("nodes", []):
        attrs = dict(n)
        G.add_node(attrs.pop("@node"), **attrs)
    for e in data.get("edges", []):
        attrs = dict(e)
        u, v, k = attrs.pop("@from"), attrs.pop("@to"), attrs.pop("@key")
        G.add_edge(u, v, key=k, **attrs)
    return G


def dataset_from_export(data: dict[str, Any], label: str = "JSON", name: str | None = None) -> Dataset:
    """The dataset of a parsed JSON export, every record re-validated."""
    return graph_to_dataset(graph_from_export(data, label), name=data.get("name") or name or None)


def dataset_from_json(path: str | Path) -> Dataset:
    """Load a ``coigraph export --format json`` file back as a dataset."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(Path(path).name, getattr(exc, "lineno", None), None,
                                 f"cannot read the JSON: {exc}")]) from exc
    return dataset_from_export(data, Path(path).name, name=Path(path).stem)


__all__ = ["FORMAT", "VERSION", "graph_to_dataset", "graph_from_export", "dataset_from_export",
           "dataset_from_json"]
