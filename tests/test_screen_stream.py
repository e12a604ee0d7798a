"""``screen --all`` written as it goes (issue 22): the same bytes as the whole sweep rendered at once,
in JSON (its documented shape), JSON Lines and CSV, to stdout or atomically to a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import coigraph
from coigraph.redact import redact_findings
from coigraph.report import render
from coigraph.report.screening import STREAMED, stream
from coigraph.screening import ScreenAll, iter_screens, screen_all
from tests.conftest import NORTHSHIRE


@pytest.fixture(scope="module")
def sweep():
    G = coigraph.load_graph(NORTHSHIRE)
    return G, screen_all(G)


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_text_is_the_rendered_text(sweep, fmt: str) -> None:
    G, whole = sweep
    assert "".join(stream(fmt, iter_screens(G))) == render(whole, fmt)
    assert "".join(stream(fmt, [])) == render(ScreenAll(meetings=[]), fmt)


def test_json_lines_are_one_meeting_each(sweep) -> None:
    _, whole = sweep
    lines = render(whole, "jsonl").splitlines()
    assert [json.loads(x) for x in lines] == json.loads(render(whole, "json"))["meetings"]


@pytest.mark.parametrize("fmt", STREAMED)
def test_the_command_streams_the_same_bytes(cli, tmp_path: Path, sweep, fmt: str) -> None:
    G, whole = sweep
    res = cli("screen", NORTHSHIRE, "--all", "--format", fmt)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == render(whole, fmt)
    out = tmp_path / f"all.{fmt}"
    assert cli("screen", NORTHSHIRE, "--all", "--format", fmt, "--output", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == render(whole, fmt)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    red = cli("screen", NORTHSHIRE, "--all", "--format", fmt, "--redact")
    assert red.stdout == render(redact_findings(whole, G), fmt)
