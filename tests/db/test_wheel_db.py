"""The database commands from the installed wheel (see tests/test_wheel.py), against the session's server.

``db push``, ``db query`` and ``db pull`` run as a user runs them: the
``coigraph`` console script of a non-editable install, from a folder outside
the repository, on a copy of the sample, with the password in NEO4J_PASSWORD.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_wheel import ROOT, coigraph, installed  # tests/ is on the path, as for strategies

from .server import BoltServer


@pytest.fixture
def venv() -> Path:
    return installed()[0]


def test_database_commands_run_from_the_wheel(venv: Path, bolt_server: BoltServer, bolt_env: list[str],
                                              dataset_name: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "northshire", tmp_path / "northshire")
    env = {"NEO4J_PASSWORD": bolt_server.password}

    def run(*args: str) -> str:
        res = coigraph(venv, [*args, *bolt_env], tmp_path, env)
        assert res.returncode == 0, f"coigraph {' '.join(args)}: exit {res.returncode}\n{res.stderr}"
        assert res.stdout.strip(), f"coigraph {' '.join(args)} printed nothing"
        return res.stdout

    pushed = json.loads(run("db", "push", "northshire", "--dataset", dataset_name, "--replace",
                            "--format", "json"))
    assert sum(pushed["nodes"].values()) > 100
    rows = json.loads(run("db", "query", "meeting-conflicts", "-p", f"dataset={dataset_name}",
                          "-p", "meeting=icb-board-2025-05", "--format", "json"))["rows"]
    assert rows
    pulled = json.loads(run("db", "pull", "--dataset", dataset_name))
    assert pulled["format"] == "coigraph-graph" and pulled["nodes"]
