"""The governance sections of the audit: composition and minutes, with reproducible evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coigraph.audit import build_audit, section_ids
from coigraph.governance.sections import composition_date
from coigraph.graph import load_graph

DATA = Path(__file__).parent / "data"


def test_sections_are_registered_in_order() -> None:
    ids = section_ids()
    assert ids.index("composition") > ids.index("scheme") and ids.index("minutes") > ids.index("composition")


def test_minutes_section_reports_the_reconciliation() -> None:
    report = build_audit(load_graph(DATA / "minutes-reconciliation"), sections=["minutes"])
    [section] = report.sections
    assert section.rows[0][0] == "board-2025-06" and section.rows[0][-1].endswith("--meeting board-2025-06")
    kinds = {(f.kind, f.item) for f in report.findings}
    assert ("declaration_not_minuted", "i5") in kinds and ("decided_inquorate", "i11") in kinds


def test_composition_section_on_a_compliant_board_is_clean() -> None:
    G = load_graph(DATA / "composition-compliant-board")
    report = build_audit(G, sections=["composition"])
    assert report.findings == [] and report.verdict == "sound"
    assert all(row[2] == "met" for row in report.sections[0].rows)


def test_composition_judged_on_period_end_or_latest_meeting() -> None:
    G = load_graph(DATA / "composition-compliant-board")
    assert composition_date(G, None) == dt.date(2025, 5, 14)
    assert composition_date(G, dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)


def test_composition_findings_carry_kind_prefix_and_basis() -> None:
    report = build_audit(load_graph(DATA / "minutes-reconciliation"), sections=["composition"])
    kinds = {f.kind: f for f in report.findings}
    assert "composition.partner_member_primary_care" in kinds
    assert kinds["composition.partner_member_primary_care"].severity == "sord_breach"
    assert "Schedule 1B paragraph 8" in kinds["composition.partner_member_primary_care"].basis
    assert kinds["composition.partner_member_primary_care"].citations


def test_cli_audit_takes_custom_composition_rules(cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: five_partners\n    check: count\n    where: {role: partner_member}\n"
                     "    min: 5\n    text: Five partner members\n")
    r = cli("audit", DATA / "composition-compliant-board", "--section", "composition",
            "--composition-rules", rules, "--format", "json")
    import json

    kinds = {f["kind"] for f in json.loads(r.stdout)["findings"]}
    assert r.exit_code == 0 and kinds == {"composition.five_partners"}
    bad = cli("audit", DATA / "composition-compliant-board", "--composition-rules", tmp_path / "nope.yaml")
    assert bad.exit_code == 2 and "nope.yaml" in bad.stderr
