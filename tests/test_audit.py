"""The audit report: sections, the extension point, the period, de-duplication, every format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coigraph.audit import (
    SECTIONS,
    AuditContext,
    Section,
    build_audit,
    register_section,
    section_ids,
)
from coigraph.errors import UsageError
from coigraph.findings import Finding, Severity
from coigraph.graph import load_graph
from coigraph.report.delegation import render_audit

DATA = Path(__file__).resolve().parent / "data"
#: The delegation sections (later analyses add theirs; these tests look at these two only).
DELEG = ["decisions", "scheme"]


def _graph(case: str):
    return load_graph(DATA / f"deleg-{case.replace('_', '-')}")


def test_default_sections_in_order() -> None:
    assert section_ids()[:2] == DELEG
    r = build_audit(_graph("sound"), sections=DELEG)
    assert [s.id for s in r.sections] == DELEG
    dec = r.sections[0]
    assert [row[0] for row in dec.rows] == ["dec-fic", "dec-cfo", "dec-board", "dec-pccc"]  # by date
    assert dec.rows[3][6] == "NHS England Board"  # the primary care chain ends at NHS England (its name)
    assert len(dec.details) == 4 and dec.details[0]["decision"]["id"] == "dec-fic"
    assert r.verdict == "sound" and r.findings == [] and set(r.counts.values()) == {0}


def test_static_problem_reported_once_with_the_decision_that_relied_on_it() -> None:
    r = build_audit(_graph("sub_delegation_forbidden"), sections=DELEG)
    assert [(f.kind, f.decision, f.delegation) for f in r.findings] == [
        ("sub_delegation_forbidden", "dec-cfo", "d-cfo")]
    assert r.sections[1].findings == []  # not again in the scheme section
    assert r.sections[1].rows[[row[0] for row in r.sections[1].rows].index("d-cfo")][-1] == ""


def test_scheme_section_reports_what_no_decision_relied_on() -> None:
    r = build_audit(_graph("delegate_no_longer_exists"), sections=DELEG)
    (f,) = r.sections[1].findings
    assert (f.kind, f.delegation, f.body, f.severity) == (
        "delegate_no_longer_exists", "d-transition", "icb-transition", "advisory")
    assert "2023-03-31" in f.explanation
    assert r.verdict == "advisory" and r.counts["advisory"] == 1


def test_period_limits_the_decisions() -> None:
    G = _graph("limit_exceeded")
    r = build_audit(G, date_from=dt.date(2024, 7, 1), sections=DELEG)
    assert [row[0] for row in r.sections[0].rows] == ["dec-pccc", "dec-x"]
    r = build_audit(G, date_to=dt.date(2024, 6, 30), sections=DELEG)
    assert "dec-x" not in [row[0] for row in r.sections[0].rows] and r.findings == []
    with pytest.raises(UsageError, match="ends .* before it starts"):
        build_audit(G, date_from=dt.date(2025, 1, 1), date_to=dt.date(2024, 1, 1))


def test_choose_sections_and_unknown_section() -> None:
    r = build_audit(_graph("body_without_powers"), sections=["scheme"])
    assert [s.id for s in r.sections] == ["scheme"]
    assert [f.kind for f in r.findings] == ["body_without_powers"]
    with pytest.raises(UsageError, match="unknown audit section 'no-such-section'"):
        build_audit(_graph("sound"), sections=["no-such-section"])


@pytest.fixture
def extra_section():
    """A section registered the way a later analysis adds one (removed again afterwards)."""

    @register_section("test-extra", order=99)
    def build(ctx: AuditContext) -> Section:
        n = len(ctx.traces)  # shared, cached results are available to every section
        return Section(id="test-extra", title="Board composition <check>", summary=f"{n} traced",
                       columns=["body", "seats"], rows=[["icb-board", 12]],
                       findings=[Finding(kind="vacancy", severity=Severity.sord_breach,
                                         body="icb-board", meeting="m-1", explanation="A seat is empty.",
                                         evidence=["positions.yaml:3"], basis="Constitution 3.2")])

    yield build
    del SECTIONS["test-extra"]


def test_extension_point_adds_a_section_to_every_format(extra_section) -> None:
    r = build_audit(_graph("sound"), sections=[*DELEG, "test-extra"])
    assert [s.id for s in r.sections] == ["decisions", "scheme", "test-extra"]
    assert r.sections[2].summary == "4 traced"
    assert [f.kind for f in r.findings] == ["vacancy"] and r.verdict == "sord_breach"
    assert "Board composition <check>" in render_audit(r, "table")
    assert "## Board composition &lt;check&gt;" in render_audit(r, "markdown")
    html = render_audit(r, "html")
    assert "Board composition &lt;check&gt;" in html and "A seat is empty." in html
    csv = render_audit(r, "csv").splitlines()
    assert csv[1].startswith("test-extra,sord_breach,vacancy,,,icb-board,,,m-1,A seat is empty.")
    assert json.loads(render_audit(r, "json"))["sections"][2]["rows"] == [["icb-board", 12]]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_cli_audit_every_format_deterministic(cli, fmt, tmp_path) -> None:
    args = ("audit", DATA / "deleg-expired", "--section", "decisions", "--section", "scheme",
            "--format", fmt)
    a = cli(*args)
    assert a.exit_code == 0 and a.stdout == cli(*args).stdout
    assert "1 finding; verdict: OUTSIDE THE SCHEME (SoRD breach)" in a.stderr
    out = tmp_path / "audit.out"
    assert cli(*args, "--output", out).exit_code == 0 and out.read_text() == a.stdout
    if fmt == "json":
        doc = json.loads(a.stdout)
        assert list(doc) == ["dataset", "date_from", "date_to", "sections", "counts", "verdict",
                             "findings", "in_scope", "names"]
        assert doc["in_scope"] > 0 and doc["names"]["contract_award.community"]  # names for the ids in rows
        assert [(f["kind"], f["decision"]) for f in doc["findings"]] == [("expired", "dec-x")]
    if fmt == "csv":
        lines = a.stdout.splitlines()
        assert lines[0].startswith("section,severity,kind,decision,delegation")
        assert lines[1].startswith("decisions,sord_breach,expired,dec-x,d-fic-old")
    if fmt == "table":
        assert "Decisions traced to their accountable board" in a.stdout
        assert "The scheme of delegation" in a.stdout


def test_cli_audit_options_and_errors(cli) -> None:
    d = DATA / "deleg-expired"
    only = ("--section", "decisions", "--section", "scheme")
    r = cli("audit", d, *only, "--from", "2024-07-01", "--to", "2024-08-31", "-f", "json")
    assert r.exit_code == 0
    assert [row[0] for row in json.loads(r.stdout)["sections"][0]["rows"]] == ["dec-pccc"]
    r = cli("audit", d, *only, "--skip", "expired", "-f", "json")
    assert json.loads(r.stdout)["findings"] == []
    r = cli("audit", d, "--from", "1st July")
    assert r.exit_code == 2 and "--from '1st July' is not a date" in r.stderr
    r = cli("audit", d, "--section", "nope")
    assert r.exit_code == 2 and "unknown audit section 'nope'" in r.stderr


def test_sections_are_listed_explicitly_and_do_not_import_the_audit() -> None:
    """coigraph.audit lists its own sections; their builders import coigraph.section, never the
    audit that lists them (no import cycle, at module or function level)."""
    import ast

    import coigraph

    assert section_ids() == ["decisions", "scheme", "composition", "minutes", "procurement", "gifts",
                             "breaches", "committee"]
    root = Path(coigraph.__file__).parent
    for path in [root / "section.py", *root.glob("delegation/*.py"), *root.glob("governance/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert "coigraph.audit" not in names, f"{path.name} imports coigraph.audit"
