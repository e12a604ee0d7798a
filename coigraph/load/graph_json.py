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

from coigraph.errors import DataError, Problem, ProblemLevel, did_you_mean
from coigraph.load.dataset import FILE_LOADERS, validate_row
from coigraph.load.readers import clean_text, regular_file_problem
from coigraph.load.records import Dataset, check_dataset
from coigraph.model import STRUCTURAL_EDGES, TABLES, Record, Table

#: The ``format`` and ``version`` of a graph export.
FORMAT = "coigraph-graph"
VERSION = 1

_TABLE_BY_TYPE: dict[str, Table] = {t.node_type or t.edge_type or t.name: t for t in TABLES}


#: Attributes a node or edge carries besides its record's fields.
_GRAPH_ATTRS = {"type", "src"}


def graph_to_dataset(G: nx.MultiDiGraph, name: str | None = None, label: str = "graph") -> Dataset:
    """Rebuild the dataset records a graph was built from (for JSON import and db pull).

    Every node and edge goes through the folder loader's own row check
    (:func:`coigraph.load.dataset.validate_row`: control characters, Unicode
    NFC, cell length, finite numbers, dates, unknown fields, the model's rules),
    then the dataset through :func:`~coigraph.load.records.check_dataset`, so a
    graph read from a file or a database is held to the same rules as a data
    folder.  A node or edge of a type the model does not know is an error, never
    dropped: losing a delegation would change a trace's verdict.  Problems name
    ``label`` and the node or edge.
    """
    ds = Dataset(name=name or str(G.graph.get("name") or "") or "dataset")
    buckets: dict[str, list[tuple[str, Record]]] = {t.name: [] for t in TABLES}
    problems: list[Problem] = []
    failed: dict[str, set[str]] = {t.name: set() for t in TABLES}

    def make(table: Table, attrs: dict[str, Any], where: str) -> None:
        fields = {k: v for k, v in attrs.items() if k not in _GRAPH_ATTRS}
        rec = validate_row(table, fields, where, None, problems, failed[table.name])
        if rec is None:
            return
        src = attrs.get("src")
        rec._src = src if isinstance(src, str) and src else None
        buckets[table.name].append((rec.src or "", rec))

    def unknown(typ: Any, where: str, known: list[str]) -> None:
        close = did_you_mean(str(typ), known) if isinstance(typ, str) else None
        problems.append(Problem(where, None, "type", f"unknown type '{str(typ)[:80]}'",
                                hint=(close + " " if close else "") + "known: " + ", ".join(sorted(known))))

    node_types = [t for t in _TABLE_BY_TYPE if _TABLE_BY_TYPE[t].node_type] + ["subject"]
    edge_types = [t for t in _TABLE_BY_TYPE if _TABLE_BY_TYPE[t].edge_type] + list(STRUCTURAL_EDGES)
    for n, a in G.nodes(data=True):
        typ = a.get("type", "")
        t = _TABLE_BY_TYPE.get(typ) if isinstance(typ, str) else None
        if t is not None and t.node_type:
            make(t, a, f"{label}: node {n}")
        elif typ != "subject":  # subjects are made from their interests
            unknown(typ, f"{label}: node {n}", node_types)
    for u, v, k, a in G.edges(keys=True, data=True):
        typ = a.get("type", "")
        t = _TABLE_BY_TYPE.get(typ) if isinstance(typ, str) else None
        if t is not None and t.edge_type:
            make(t, a, f"{label}: edge {u} -> {v} ({k})")
        elif typ not in STRUCTURAL_EDGES:  # structural edges are made from their records' fields
            unknown(typ, f"{label}: edge {u} -> {v} ({k})", edge_types)
    if any(p.severity == ProblemLevel.error for p in problems):
        raise DataError(problems, summary="the graph does not hold valid records")
    for t in TABLES:
        ds.records[t.name] = [r for _, r in sorted(buckets[t.name], key=lambda x: _src_key(x[0]))]
    problems += check_dataset(ds)
    errors = [p for p in problems if p.severity == ProblemLevel.error]
    if errors:
        raise DataError(errors, summary="the graph does not hold a consistent dataset")
    ds.warnings = sorted((p for p in problems if p.severity == ProblemLevel.warning),
                         key=lambda p: (p.file, p.row or 0, p.field or "", p.message))
    return ds


def _src_key(src: str) -> tuple[str, int]:
    if ":" in src:
        f, r = src.rsplit(":", 1)
        return f, int(r) if r.isdigit() else 0
    return src, 0


def graph_from_export(data: Any, label: str = "JSON") -> nx.MultiDiGraph:
    """The graph a JSON export holds, as written (not yet checked; see :func:`dataset_from_export`).

    The shape is checked here (a mapping with lists of node and edge mappings,
    each with its ids as text); the records in :func:`graph_to_dataset`.
    """
    def bad(field: str | None, message: str, hint: str | None = None) -> DataError:
        return DataError([Problem(label, None, field, message, hint)], summary="cannot read the JSON export")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError([Problem(label, None, "format", "not a coigraph graph export",
                                 hint="make one with 'coigraph export DATA --format json'")])
    if data.get("version", VERSION) != VERSION:
        raise bad("version", f"version {str(data.get('version'))[:20]!r} is not one this coigraph reads "
                  f"({VERSION})", hint="export the data again with this version of coigraph")
    name = data.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise bad("name", "the dataset name must be text of at most 200 characters")
    G = nx.MultiDiGraph(name=clean_text(name)[0])
    for part, ends in (("nodes", ("@node",)), ("edges", ("@from", "@to", "@key"))):
        items = data.get(part, [])
        if not isinstance(items, list):
            raise bad(part, f"'{part}' must be a list, not {type(items).__name__}")
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise bad(part, f"entry {i} of '{part}' is a {type(item).__name__}, not a mapping")
            missing = [e for e in ends if not isinstance(item.get(e), str) or not item.get(e)]
            if missing:
                raise bad(part, f"entry {i} of '{part}' has no {missing[0]} (text)")
            attrs = {k: v for k, v in item.items() if k not in ends}
            if part == "nodes":
                G.add_node(item["@node"], **attrs)
            else:
                G.add_edge(item["@from"], item["@to"], key=item["@key"], **attrs)
    return G


def dataset_from_export(data: Any, label: str = "JSON", name: str | None = None) -> Dataset:
    """The dataset of a parsed JSON export, every record re-validated."""
    G = graph_from_export(data, label)
    return graph_to_dataset(G, name=G.graph.get("name") or name or None, label=label)


def dataset_from_json(path: str | Path) -> Dataset:
    """Load a ``coigraph export --format json`` file back as a dataset."""
    path = Path(path)
    why = regular_file_problem(path)
    if why is not None:
        raise DataError([Problem(path.name, None, None, why)], summary="cannot load the dataset")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"), parse_constant=_no_constant)
    except RecursionError as exc:
        raise DataError([Problem(path.name, None, None, "the JSON nests lists or mappings too deeply to read",
                                 hint="an export nests four levels; check the file is one")]) from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError and _no_constant's own
        raise DataError([Problem(path.name, getattr(exc, "lineno", None), None,
                                 f"cannot read the JSON: {exc}")]) from exc
    except OSError as exc:
        raise DataError([Problem(path.name, None, None, f"cannot read the file: {exc.strerror or exc}")]) from exc
    return dataset_from_export(data, path.name, name=path.stem)


def _no_constant(word: str) -> Any:
    """JSON has no Infinity or NaN (Python writes them, standard parsers refuse them): nor do we."""
    raise ValueError(f"'{word}' is not a JSON number (only finite numbers are)")


FILE_LOADERS[".json"] = dataset_from_json  # so load_dataset reads an export like a folder

__all__ = ["FORMAT", "VERSION", "graph_to_dataset", "graph_from_export", "dataset_from_export",
           "dataset_from_json"]
