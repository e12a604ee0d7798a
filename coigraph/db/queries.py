"""Saved Cypher queries: one ``.cypher`` file each under ``queries/``, with a checked header.

A file starts with a comment block holding YAML (each line begins ``//``)::

    // name: person-interests
    // description: One person's declared interests and posts in force on a date.
    // parameters:
    //   dataset: {type: string, default: northshire, description: The dataset pushed.}
    //   person: {type: string, default: amina-shah, description: The person's id.}

then the query.  The header is validated by :class:`QueryHeader` (unknown
keys are errors), every parameter has a default that runs on the sample
system, and the same file pastes unchanged into Neo4j Browser (set the
parameters there with ``:params``; :meth:`SavedQuery.browser_params` writes
that line).  Values reach the database only as parameters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coigraph.db.connect import Database
from coigraph.errors import DataError, NotFound, Problem, UsageError, did_you_mean

#: The bundled saved queries: the repository's top-level ``queries/`` folder, installed as the
#: package ``coigraph.savedqueries`` (see pyproject.toml), so every install has them.
#: ``COIGRAPH_QUERIES`` names another folder.
QUERIES_DIR = Path(str(resources.files("coigraph.savedqueries")))

ParamType = Literal["string", "date", "integer", "number", "boolean"]


class Parameter(BaseModel):
    """One parameter of a saved query."""

    model_config = ConfigDict(extra="forbid")

    type: ParamType = "string"
    default: str | int | float | bool | dt.date
    description: str = Field(min_length=1)


class QueryHeader(BaseModel):
    """The header of a saved query file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(min_length=1)
    parameters: dict[str, Parameter] = Field(default_factory=dict)


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its header, its Cypher text (after the header) and its file."""

    header: QueryHeader
    cypher: str
    path: Path

    @property
    def name(self) -> str:
        return self.header.name

    def defaults(self) -> dict[str, Any]:
        """The parameters' defaults, as they are sent."""
        return {k: _sendable(p.type, p.default) for k, p in self.header.parameters.items()}

    def browser_params(self, params: dict[str, Any] | None = None) -> str:
        """A ``:params {...}`` line for Neo4j Browser: the values as a Cypher map literal."""
        values = self.defaults() | (params or {})
        return ":params " + cypher_map(values)


def cypher_literal(value: Any) -> str:
    """``value`` as a Cypher literal (strings single-quoted, quotes and backslashes escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return "'" + text + "'"


def cypher_map(values: dict[str, Any]) -> str:
    """A Cypher map literal of ``values`` (keys are parameter names: plain identifiers)."""
    return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in sorted(values.items())) + "}"


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRIP = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.S)


def used_parameters(cypher: str) -> set[str]:
    """The ``$names`` a Cypher text uses (ignoring comments, strings and quoted names)."""
    return set(_PARAM.findall(_STRIP.sub(" ", cypher)))


def parse_query(text: str, path: Path) -> SavedQuery:
    """Split a file into header and Cypher and validate the header; DataError on any problem."""
    lines = text.splitlines()
    head: list[str] = []
    i = 0
    while i < len(lines) and lines[i].lstrip().startswith("//"):
        line = lines[i].lstrip()[2:]
        head.append(line[1:] if line.startswith(" ") else line)
        i += 1
    label = path.name
    if not head:
        raise DataError([Problem(label, 1, None, "no header: a saved query starts with '// name: ...'",
                                 hint="see queries/README.md for the header format")])
    try:
        raw = yaml.safe_load("\n".join(head))
    except yaml.YAMLError as exc:
        raise DataError([Problem(label, None, None, f"the header is not valid YAML: {exc}")]) from None
    params = raw.get("parameters") if isinstance(raw, dict) else None
    if isinstance(params, dict):
        odd = [k for k in params if not isinstance(k, str)]
        if odd:
            raise DataError([Problem(label, None, "parameters", f"parameter name {odd[0]!r} is not a name",
                                     hint="YAML reads on/off/yes/no as true/false: rename it, "
                                          "e.g. 'as_at'")])
    try:
        header = QueryHeader.model_validate(raw)
    except ValidationError as exc:
        raise DataError([Problem(label, None, ".".join(map(str, e["loc"])) or None, e["msg"])
                         for e in exc.errors()], summary=f"{label}: the header is not valid") from None
    cypher = "\n".join(lines[i:]).strip() + "\n"
    problems = []
    declared, used = set(header.parameters), used_parameters(cypher)
    for name in sorted(used - declared):
        problems.append(Problem(label, None, f"parameters.{name}",
                                f"${name} is used in the query but not declared in the header"))
    for name in sorted(declared - used):
        problems.append(Problem(label, None, f"parameters.{name}",
                                f"'{name}' is declared in the header but the query never uses ${name}"))
    if path.stem != header.name:
        problems.append(Problem(label, None, "name", f"the file should be named {header.name}.cypher"))
    if problems:
        raise DataError(problems, summary=f"{label}: the header does not match the query")
    return SavedQuery(header, cypher, path)


def queries_dir() -> Path:
    """The folder of saved queries (``COIGRAPH_QUERIES`` overrides the bundled ``queries/``)."""
    return Path(os.environ.get("COIGRAPH_QUERIES") or QUERIES_DIR)


class SavedQueries(dict[str, "SavedQuery"]):
    """Saved queries by name, sorted: a plain dict, typed so that :mod:`coigraph.report` knows it."""


def load_queries(folder: str | Path | None = None) -> SavedQueries:
    """Every saved query in ``folder``, by name (sorted); DataError if any file is invalid."""
    folder = Path(folder) if folder else queries_dir()
    if not folder.is_dir():
        raise NotFound(f"no saved queries folder at {folder} (hint: set COIGRAPH_QUERIES to it)")
    out: dict[str, SavedQuery] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.cypher")):
        try:
            q = parse_query(path.read_text(encoding="utf-8"), path)
        except DataError as exc:
            problems += exc.problems
            continue
        if q.name in out:
            problems.append(Problem(path.name, None, "name",
                                    f"name '{q.name}' is also used by {out[q.name].path.name}"))
        out[q.name] = q
    if problems:
        raise DataError(problems, summary="the saved queries are not valid")
    return SavedQueries(sorted(out.items()))


def get_query(name: str, folder: str | Path | None = None) -> SavedQuery:
    """The saved query called ``name``; NotFound with the closest names otherwise."""
    qs = load_queries(folder)
    if name not in qs:
        hint = did_you_mean(name, set(qs))
        raise NotFound(f"no saved query '{name}'" + (f" ({hint})" if hint else "")
                       + "; list them with 'coigraph db queries'")
    return qs[name]


def _sendable(kind: str, value: Any) -> Any:
    """A default as it is sent: dates as ISO text (queries call ``date($x)``)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def convert_param(query: SavedQuery, name: str, text: str) -> Any:
    """A ``--param name=text`` value converted to the declared type; UsageError if it cannot be."""
    params = query.header.parameters
    if name not in params:
        hint = did_you_mean(name, set(params))
        known = ", ".join(sorted(params)) or "none"
        raise UsageError(f"query '{query.name}' has no parameter '{name}'"
                         + (f" ({hint})" if hint else "") + f"; its parameters are: {known}")
    kind = params[name].type
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            low = text.strip().lower()
            if low not in ("true", "false", "yes", "no", "1", "0"):
                raise ValueError(text)
            return low in ("true", "yes", "1")
        if kind == "date":
            return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        example = {"integer": "12", "number": "1500000", "boolean": "true",
                   "date": "2025-05-14"}[kind]
        article = "an" if kind == "integer" else "a"
        raise UsageError(f"--param {name}={text!r}: not {article} {kind} (e.g. {name}={example})") from None
    return text


def parse_params(query: SavedQuery, pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """``["key=value", ...]`` as typed parameters, over the defaults."""
    values = query.defaults()
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--param '{pair}': write it as key=value, e.g. --param meeting=icb-board-2025-05")
        k, v = pair.split("=", 1)
        values[k.strip()] = convert_param(query, k.strip(), v)
    return values


@dataclass(frozen=True)
class QueryResult:
    """Rows returned by a saved query, with their columns in order; values JSON-able."""

    name: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.name, "parameters": self.parameters, "columns": self.columns,
                "rows": self.rows}


def jsonable(value: Any) -> Any:
    """A driver value as plain JSON-able data (dates as ISO text, lists and maps recursively)."""
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def run_query(db: Database, query: SavedQuery, params: dict[str, Any] | None = None) -> QueryResult:
    """Run a saved query with its defaults overridden by ``params`` (already typed)."""
    values = query.defaults() | (params or {})
    columns, rows = db.read_table(query.cypher, values)
    return QueryResult(query.name, values, columns, [{k: jsonable(v) for k, v in r.items()} for r in rows])
