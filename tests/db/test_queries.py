"""The saved queries: checked headers, declared = used parameters, bounded typed patterns only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coigraph.db.queries import (
    QUERIES_DIR,
    convert_param,
    cypher_map,
    load_queries,
    parse_params,
    parse_query,
    used_parameters,
)
from coigraph.errors import DataError, NotFound, UsageError

REQUIRED = {"meeting-conflicts", "person-interests", "decision-chain", "decisions-over-limit",
            "delegations-not-in-force", "undeclared-positions"}

GOOD = """// name: demo
// title: A demo
// description: Shows the format.
// parameters:
//   dataset:
//     type: string
//     default: northshire
//     description: The dataset.
MATCH (n:Person {dataset: $dataset}) RETURN n.id AS id ORDER BY id
"""


def test_every_saved_query_has_a_valid_header_and_the_required_ones_exist() -> None:
    qs = load_queries()
    assert REQUIRED <= set(qs)
    files = sorted(QUERIES_DIR.glob("*.cypher"))
    assert len(files) == len(qs), "two files share a name"
    for q in qs.values():
        assert q.path.stem == q.name
        assert q.header.parameters, f"{q.name} declares no parameters"


def test_each_declared_parameter_is_used_and_each_used_one_declared() -> None:
    for q in load_queries().values():
        assert used_parameters(q.cypher) == set(q.header.parameters), q.name


def test_queries_are_neo4j5_cypher_bounded_typed_and_ordered() -> None:
    var_length = re.compile(r"\[([^\[\]]*\*[^\[\]]*)\]")
    for q in load_queries().values():
        body = re.sub(r"//[^\n]*", "", q.cypher)
        assert "apoc." not in body.lower() and "gds." not in body.lower(), q.name
        assert "ORDER BY" in body, f"{q.name}: rows must come in a stable order"
        for pattern in var_length.findall(body):
            assert re.search(r":[A-Z_|]+\*\d+\.\.\d+$", pattern.strip()), (
                f"{q.name}: variable-length pattern [{pattern}] must be typed and bounded")


def test_parameter_scan_ignores_comments_strings_and_quoted_names() -> None:
    text = "MATCH (n {a: $x}) // not $y\nWHERE n.s = '$z' AND n.t = \"$w\" RETURN n.`$v`, $u"
    assert used_parameters(text) == {"x", "u"}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / f"{name}.cypher"
    p.write_text(text)
    return p


@pytest.mark.parametrize("change, message", [
    (("// title: A demo\n", "// title: A demo\n// author: me\n"), "Extra inputs"),
    (("{dataset: $dataset}", "{dataset: 'x'}"), "never uses $dataset"),
    (("RETURN n.id", "WHERE n.id = $who RETURN n.id"), "$who is used"),
    (("// name: demo", "// name: Demo Query"), "name"),
    (("//     default: northshire\n", ""), "default"),
    (("//   dataset:", "//   on:"), "YAML reads on/off"),
])
def test_bad_headers_are_reported(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(DataError) as err:
        parse_query(text, tmp_path / "demo.cypher")
    assert message in str(err.value)


def test_file_name_must_match_and_names_must_be_unique(tmp_path: Path) -> None:
    _write(tmp_path, "demo", GOOD)
    _write(tmp_path, "other", GOOD)
    with pytest.raises(DataError, match="should be named demo.cypher"):
        load_queries(tmp_path)
    with pytest.raises(DataError, match="no header"):
        parse_query("MATCH (n) RETURN n\n", tmp_path / "x.cypher")
    with pytest.raises(NotFound):
        load_queries(tmp_path / "missing")


def test_parameters_are_converted_to_their_declared_types() -> None:
    q = load_queries()["person-interests"]
    assert parse_params(q, ["as_at=2024-01-31"])["as_at"] == "2024-01-31"
    assert parse_params(q, [])["person"] == q.header.parameters["person"].default
    with pytest.raises(UsageError, match="not a date"):
        convert_param(q, "as_at", "31/01/2024")
    with pytest.raises(UsageError, match="no parameter 'persn'.*did you mean 'person'"):
        convert_param(q, "persn", "x")
    with pytest.raises(UsageError, match="key=value"):
        parse_params(q, ["person"])
    mc = load_queries()["meeting-conflicts"]
    assert parse_params(mc, ["lookback_days=30"])["lookback_days"] == 30
    with pytest.raises(UsageError, match="not an integer"):
        convert_param(mc, "lookback_days", "six months")


def test_browser_params_line_is_a_cypher_map_that_keeps_every_value(db) -> None:
    q = load_queries()["person-interests"]
    hostile = "o'neil \\ `x` {$y} \"z\"\n"
    line = q.browser_params({"person": hostile})
    assert line.startswith(":params {as_at: '2025-05-14', dataset: 'northshire', person: ")
    # the map literal, evaluated by the server, gives back exactly the values
    got = db.read("RETURN " + line.removeprefix(":params ") + " AS m")[0]["m"]
    assert got == {"as_at": "2025-05-14", "dataset": "northshire", "person": hostile}
    assert db.read("RETURN " + cypher_map({"n": 183, "b": True, "f": 1.5}) + " AS m")[0]["m"] == {
        "n": 183, "b": True, "f": 1.5}
