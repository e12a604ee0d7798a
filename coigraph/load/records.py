"""A dataset's records, and the checks that hold across them (ids, references, cycles).

:class:`Dataset` is what every loader returns (a data folder, a JSON export,
a database pull): validated records by table.  :func:`check_dataset` is the
one set of rules across records that each of them applies.  Reading a folder
is :mod:`coigraph.load.dataset`; reading an export or a pulled graph is
:mod:`coigraph.load.graph_json`.
"""

from __future__ import annotations

import functools
import gc
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from coigraph.errors import Problem, ProblemLevel, did_you_mean
from coigraph.model import TABLE_BY_NAME, TABLES, Record, Table


def gc_paused(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``fn`` with Python's cyclic garbage collector paused (restored after, as it was).

    Loading and building allocate millions of small objects that hold no
    reference cycles; the collector's repeated passes over them cost about a
    third of the time of a national-size load, for nothing to collect.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return wrapper


@dataclass
class Dataset:
    """Validated records of one dataset, by table name, plus the warnings found."""

    name: str
    records: dict[str, list[Record]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def table(self, name: str) -> list[Record]:
        """Records of table ``name`` (empty list if the dataset has none)."""
        return self.records.get(name, [])

    def by_id(self, name: str) -> dict[str, Record]:
        """Records of table ``name`` keyed by their id."""
        key = TABLE_BY_NAME[name].id_field
        if key is None:
            raise KeyError(f"table {name} has no id")
        return {getattr(r, key): r for r in self.table(name)}

    def counts(self) -> dict[str, int]:
        """Number of records by record type (``person``, ``interest``...), every type listed."""
        return {record_type(t): len(self.table(t.name)) for t in TABLES}


def record_type(table: Table) -> str:
    """The singular type name of a table's records: ``interest``, ``agenda_item``."""
    return _TYPE_NAMES.get(table.name) or table.node_type or table.edge_type or table.name


_TYPE_NAMES = {
    "interests": "interest",
    "positions": "position",
    "nil_returns": "nil_return",
    "associations": "association",
    "reserved_matters": "reserved_matter",
    "attendance": "attendance",
    "affected_organisations": "affected_organisation",
    "delegations": "delegation",
    "org_relations": "org_relation",
    "minutes": "minutes_entry",
    "controls": "control",
    "procurement_stages": "procurement_stage",
    "procurement_participants": "procurement_participant",
    "procurement_bidders": "procurement_bidder",
    "gifts": "gift",
}


# --------------------------------------------------------------------------- cross-checks


def check_dataset(ds: Dataset, failed_ids: dict[str, set[str]] | None = None) -> list[Problem]:
    """Checks across records: ids, references, cycles, auto ids. Returns the problems.

    ``failed_ids`` are ids of rows that were rejected already: references to
    them are not reported again (the row's own error says what to fix).
    """
    failed_ids = failed_ids or {}
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for table in TABLES:
        if table.id_field is None:
            continue
        _assign_ids(ds, table)
        seen: dict[str, str] = {}
        for rec in ds.table(table.name):
            key = getattr(rec, table.id_field)
            if key in seen:
                file, row = _where(rec)
                problems.append(Problem(file, row, table.id_field,
                                        f"duplicate id '{key}' (also at {seen[key]})",
                                        hint="every id must be unique within its table"))
            else:
                seen[key] = rec.src or "?"
        ids[table.name] = set(seen)
    problems += _duplicate_rows(ds)
    for table in TABLES:
        for rec in ds.table(table.name):
            for fld, target in table.refs.items():
                extra = table.model.model_fields[fld].json_schema_extra
                also = set(extra.get("ref_also", ())) if isinstance(extra, dict) else set()
                # ids never hold '|': a value 'a|b' names alternatives (a joint authority's requirement)
                for value in (v for x in _as_list(getattr(rec, fld)) for v in x.split("|")):
                    skip = failed_ids.get(target, set())
                    if value not in ids[target] and value not in skip and "*" not in skip and value not in also:
                        file, row = _where(rec)
                        what = TABLE_BY_NAME[target].node_type or target
                        close = did_you_mean(value, ids[target])
                        problems.append(Problem(file, row, fld, f"no {what} '{value}'",
                                                hint=close or f"add it to {target} first"))
    if problems:
        return problems
    problems += _cycles(ds, "org_relations", lambda r: (r.source, r.target)
                        if r.kind in ("subsidiary_of",) else (r.target, r.source)
                        if r.kind == "owns" else None, "organisation ownership")
    problems += _cycles(ds, "bodies", lambda r: (r.id, r.parent) if r.parent else None, "body reporting lines")
    problems += _cycles(ds, "matters", lambda r: (r.code, r.parent) if r.parent else None, "matter parents")
    # a delegation made under itself, or under one made under it, has no source of authority:
    # trace and audit would find it later; the loader says so at once, with the row
    problems += _cycles(ds, "delegations", lambda r: (r.id, r.parent) if getattr(r, "parent", None)
                        else None, "delegation parents")
    problems += _same_names(ds)
    problems += _case_twins(ds, ids)
    return problems


def _duplicate_rows(ds: Dataset) -> list[Problem]:
    """Rows of a table with ``unique`` fields that repeat another row's values of those fields."""
    problems: list[Problem] = []
    for table in TABLES:
        if not table.unique:
            continue
        seen: dict[tuple, str] = {}
        for rec in ds.table(table.name):
            key = tuple(str(getattr(rec, f)) for f in table.unique)
            if key in seen:
                file, row = _where(rec)
                problems.append(Problem(file, row, table.unique[-1],
                                        f"a second row for the same {' and '.join(table.unique)} "
                                        f"({', '.join(key)}; also at {seen[key]})",
                                        hint="give each one row; merge the two"))
            else:
                seen[key] = rec.src or "?"
    return problems


def _case_twins(ds: Dataset, ids: dict[str, set[str]]) -> list[Problem]:
    """Ids of one table that differ only in case ('Bob-Partner', 'bob-partner'): a warning.

    Ids are matched exactly, so the two are different records; but a person
    reading a paper cannot tell them apart, and one is usually a typo of the other.
    """
    out: list[Problem] = []
    for table in TABLES:
        if table.id_field is None or len(ids.get(table.name, ())) < 2:
            continue
        groups: dict[str, list[str]] = defaultdict(list)
        for key in ids[table.name]:
            groups[key.casefold()].append(key)
        twins = {k: sorted(v) for k, v in groups.items() if len(v) > 1}
        if not twins:
            continue
        for rec in ds.table(table.name):
            key = getattr(rec, table.id_field)
            group = twins.get(key.casefold())
            if group and key != group[0]:
                file, row = _where(rec)
                out.append(Problem(file, row, table.id_field,
                                   f"id '{key}' differs from '{group[0]}' only in capital letters",
                                   hint="ids are matched exactly, so these are two records; if they "
                                   "are one, use the same spelling", severity=ProblemLevel.warning))
    return out


def _as_list(value: Any) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, list):
        return value
    return (value,)


def _where(rec: Record) -> tuple[str, int | None]:
    if rec.src and ":" in rec.src:
        file, row = rec.src.rsplit(":", 1)
        return file, int(row) if row.isdigit() else None
    return rec.src or "?", None


def _assign_ids(ds: Dataset, table: Table) -> None:
    """Give records with an optional, blank id a stable one made from their content."""
    key = table.id_field
    used: Counter[str] = Counter()
    for rec in ds.table(table.name):
        if getattr(rec, key) is None:
            base = "-".join(str(v) for v in _id_parts(rec) if v)
            base = re.sub(r"[^A-Za-z0-9._\-]+", "-", base)[:180]
            used[base] += 1
            setattr(rec, key, base if used[base] == 1 else f"{base}-{used[base]}")


def _id_parts(rec: Record) -> list[Any]:
    d = rec.__dict__
    if "role" in d:
        return [d["person"], d["role"], d.get("body") or d.get("organisation"),
                d["start"].isoformat() if d.get("start") else None]
    if "company" in d:  # a control: who controls which company, from when
        return [d.get("person") or d.get("controller"), "controls", d["company"],
                d["start"].isoformat() if d.get("start") else None]
    return [d.get("source"), d.get("kind"), d.get("target")]


def _cycles(ds: Dataset, table: str, edge: Callable[[Any], tuple[str, str] | None],
            what: str) -> list[Problem]:
    graph: dict[str, list[tuple[str, Record]]] = defaultdict(list)
    for rec in ds.table(table):
        e = edge(rec)
        if e:
            graph[e[0]].append((e[1], rec))
    problems: list[Problem] = []
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            target, rec = nxt
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                file, row = _where(rec)
                problems.append(Problem(file, row, None, f"circular {what}: " + " -> ".join(cycle),
                                        hint="one of these links points the wrong way"))
            elif not state.get(target):
                state[target] = 1
                path.append(target)
                stack.append((target, iter(graph.get(target, []))))
    return problems


def _same_names(ds: Dataset) -> list[Problem]:
    by_name: dict[str, list[Record]] = defaultdict(list)
    for p in ds.table("people"):
        # names are NFC already (the loader normalises text): case and spacing are folded here
        by_name[" ".join(p.name.casefold().split())].append(p)
    out = []
    for _name, recs in sorted(by_name.items()):
        if len(recs) > 1:
            for rec in recs[1:]:
                file, row = _where(rec)
                out.append(Problem(file, row, "name",
                                   f"'{rec.name}' is also the name of "
                                   + ", ".join(f"'{r.id}'" for r in recs if r is not rec),
                                   hint="fine if they are different people; check register entries "
                                   "were given to the right one",
                                   severity=ProblemLevel.warning))
    return out


def dump_json_records(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Records as JSON-able dicts by table (defaults left out), in file order."""
    return {t.name: [json.loads(r.model_dump_json(exclude_defaults=True)) for r in ds.table(t.name)]
            for t in TABLES if ds.table(t.name)}


__all__ = ["Dataset", "gc_paused", "record_type", "check_dataset", "dump_json_records"]
