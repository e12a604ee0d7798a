"""No silent cap (issue 22): a person whose interest paths go over the limit is named in a warning,
with the limit, in every format of the screen; under the limit nobody is."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import coigraph
from coigraph.report import formats
from coigraph.screening import MeetingScreen, screen_meeting
from tests.conftest import NORTHSHIRE

MEETING = "icb-pccc-2025-07"


@pytest.fixture(scope="module")
def graph():
    return coigraph.load_graph(NORTHSHIRE)


def test_a_person_over_the_limit_is_named_with_the_limit(graph) -> None:
    full = screen_meeting(graph, MEETING)
    assert full.warnings == []
    capped = screen_meeting(graph, MEETING, limit=2)
    people = {w.person: w for w in capped.warnings}
    # exactly the people with more than two explanations of their interests on some item
    busy = {f.person for it in full.items for f in it.findings if 1 + len(f.other_paths) > 2}
    assert busy and busy <= set(people)
    w = people["imran-saeed"]
    assert w.kind == "path_limit" and w.limit == 2 and w.found > 2
    assert "Imran" in w.explanation and "limit of 2" in w.explanation


@pytest.mark.parametrize("fmt", formats(MeetingScreen))
def test_the_warning_is_in_every_format(cli, northshire: Path, fmt: str) -> None:
    def text_of(res) -> str:  # a Word paper: its paragraphs and table cells, as a reader sees them
        if fmt != "docx":
            return res.stdout
        from docx import Document

        doc = Document(io.BytesIO(res.stdout_bytes))
        return "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for row in t.rows for c in row.cells])

    res = cli("screen", northshire, "--meeting", MEETING, "--path-limit", "2", "--format", fmt)
    assert res.exit_code == 0, res.stderr
    out = text_of(res)
    if fmt == "json":
        doc = json.loads(out)
        assert any(w["person"] == "imran-saeed" and w["limit"] == 2 for w in doc["warnings"])
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        warned = [r for r in rows if r["warning"] == "path_limit"]
        assert any(r["person"] == "imran-saeed" and "limit of 2" in r["explanation"] for r in warned)
        assert all(r["warning"] == "" for r in rows if r["rule_id"])  # findings are not warnings
    else:
        assert "limit of 2" in out and "Imran" in out
    plain = cli("screen", northshire, "--meeting", MEETING, "--format", fmt)
    assert "limit of" not in text_of(plain)
