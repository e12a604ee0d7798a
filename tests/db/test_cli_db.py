"""The 'coigraph db' commands against the real server: output contract, errors, the password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coigraph.graph import dumps, load_graph

from .server import BoltServer

DATA = Path(__file__).resolve().parent.parent / "data"


def test_push_twice_then_query_and_pull(cli, bolt_env: list[str], dataset_name: str, tmp_path: Path) -> None:
    first = cli("db", "push", DATA / "db-hostile-names", "--dataset", dataset_name, *bolt_env, "-f", "json")
    assert first.exit_code == 0, first.stderr
    again = cli("db", "push", DATA / "db-hostile-names", "--dataset", dataset_name, *bolt_env, "-f", "json")
    assert json.loads(again.stdout)["rows"] == json.loads(first.stdout)["rows"]

    res = cli("db", "query", "person-interests", "-p", f"dataset={dataset_name}", "-p", "person=amina-shah",
              "-p", "as_at=2025-05-14", *bolt_env, "-f", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["query"] == "person-interests" and out["parameters"]["person"] == "amina-shah"
    assert {r["record"] for r in out["rows"]} == {"int-1", "pos-1", "pos-2"}

    target = tmp_path / "pulled.json"
    res = cli("db", "pull", "--dataset", dataset_name, *bolt_env, "--output", target)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    pulled = json.loads(target.read_text())
    original = json.loads(dumps(load_graph(DATA / "db-hostile-names")))
    assert pulled["nodes"] == original["nodes"] and pulled["edges"] == original["edges"]
    # the export loads back like a data folder
    assert cli("validate", target).exit_code == 0


def test_query_table_shows_strange_names_as_written(cli, bolt_env: list[str], dataset_name: str) -> None:
    assert cli("db", "push", DATA / "db-hostile-names", "--dataset", dataset_name, *bolt_env).exit_code == 0
    res = cli("db", "query", "person-interests", "-p", f"dataset={dataset_name}", "-p", "person=tom-reed",
              *bolt_env, "-f", "json")
    names = {r["concerns"] for r in json.loads(res.stdout)["rows"]}
    assert "Riverside Surgery `DROP CONSTRAINT x`" in names
    assert "Trustee of \"Friends of {Riverside}\" `charity`" in names


def test_queries_lists_every_saved_query(cli) -> None:
    res = cli("db", "queries", "-f", "json")
    assert res.exit_code == 0
    names = {q["name"] for q in json.loads(res.stdout)}
    assert {"meeting-conflicts", "decision-chain"} <= names
    assert "meeting-conflicts" in cli("db", "queries").stdout


def test_query_cypher_prints_the_file_with_browser_params(cli) -> None:
    res = cli("db", "query", "decision-chain", "--cypher", "-p", "decision=D-1")
    assert res.exit_code == 0
    assert res.stdout.startswith(":params {") and "decision: 'D-1'" in res.stdout
    assert "MATCH (d:Decision" in res.stdout


def test_wrong_password_exits_2_without_showing_it(cli, bolt_server: BoltServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "Not-The-Password-42")
    res = cli("db", "pull", "--dataset", "x", "--uri", bolt_server.uri, "--user", bolt_server.user)
    assert res.exit_code == 2
    assert "refused user" in res.stderr and "Traceback" not in res.stderr
    assert "Not-The-Password-42" not in res.stderr + res.stdout


def test_password_prompt_is_hidden(cli, bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch,
                                   dataset_name: str) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    opts = ["--uri", bolt_server.uri, "--user", bolt_server.user]
    if bolt_server.database:
        opts += ["--database", bolt_server.database]
    res = cli("db", "push", DATA / "minimal", "--dataset", dataset_name, *opts, input=bolt_server.password + "\n")
    assert res.exit_code == 0, res.stderr
    assert "Password for" in res.stderr
    assert bolt_server.password not in res.stdout + res.stderr


def test_no_password_at_all_is_a_clear_error(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    res = cli("db", "pull", "--dataset", "x", input="")
    assert res.exit_code == 2 and "NEO4J_PASSWORD" in res.stderr


def test_unreachable_server_and_unknown_things_exit_2(cli, bolt_env: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from .server import free_port

    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    res = cli("db", "pull", "--dataset", "x", "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert res.exit_code == 2 and "cannot reach" in res.stderr
    res = cli("db", "query", "no-such-query")
    assert res.exit_code == 2 and "no saved query" in res.stderr
    res = cli("db", "query", "person-interests", "-p", "as_at=tomorrow")
    assert res.exit_code == 2 and "not a date" in res.stderr


def test_pull_of_unknown_dataset_exits_2(cli, bolt_env: list[str]) -> None:
    res = cli("db", "pull", "--dataset", "coigraph-test-never-pushed", *bolt_env)
    assert res.exit_code == 2 and "no dataset 'coigraph-test-never-pushed'" in res.stderr
