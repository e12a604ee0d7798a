"""The sample system's audit gives exactly the seeded findings listed in data/README.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from coigraph.audit import build_audit
from coigraph.graph import load_graph

NORTHSHIRE = Path(__file__).resolve().parent.parent / "data" / "northshire"


def test_audit_finds_every_seeded_problem_and_nothing_else() -> None:
    report = build_audit(load_graph(NORTHSHIRE))
    kinds = Counter(f.kind for f in report.findings)
    assert kinds == Counter({
        # delegation (data/README.md rows 7-12, 16)
        "expired": 1, "limit_exceeded": 1, "broken_chain": 1, "sub_delegation_forbidden": 1,
        "fts_delegation_to_ned": 1, "joint_committee_not_delegated": 1, "reserved_matter": 1,
        # schemes as written (rows 23, 24)
        "joint_authority_not_met": 1, "procurement_requirement_not_met": 1,
        # minutes (rows 13, 14, 18, 19): on the board's own pay (13) every voting member was
        # conflicted, so only the two non-voting executive directors it concerns should have left
        "withdrawal_not_minuted": 2, "declaration_not_on_register": 1, "declaration_not_minuted": 1,
        "decided_inquorate": 1,
        # composition: a member's directorship of a company, for the appointer to judge (paragraph 4)
        "composition.private_sector_involvement": 1,
        # procurements, gifts and hospitality (rows 25-29)
        "procurement_conflict": 2, "procurement_conflict_not_managed": 1,
        "procurement_conflict_identified_late": 1, "hospitality_from_bidder": 1,
        "procurement_decision_makers_not_recorded": 1, "gift_not_declared": 1,
    })
    about = {(f.kind, f.item, f.person): f for f in report.findings}
    assert about[("declaration_not_minuted", "icb-board-2025-05.15", "anita-shah")].severity == "advisory"
    assert ("decided_inquorate", "icb-pccc-2025-07.12", None) in about
    assert {p for k, i, p in about if k == "withdrawal_not_minuted"} == {"fiona-lambert", "tom-needham"}
    assert not [k for k in about if k[0] in ("conflicted_chair_chaired", "conflicted_member_counted")]
    late = about[("declaration_not_on_register", None, "imran-saeed")]
    assert late.severity == "policy_breach" and "beyond the 28-day registration window" in late.explanation
    procurement = {(f.kind, f.person, f.organisation, f.procurement) for f in report.findings if f.procurement}
    assert procurement == {
        ("procurement_conflict", "nadia-kerr", "medivale-imaging", "nicb-ultrasound-2025"),
        ("procurement_conflict_not_managed", "nadia-kerr", "medivale-imaging", "nicb-ultrasound-2025"),
        ("procurement_conflict_identified_late", "nadia-kerr", "medivale-imaging", "nicb-ultrasound-2025"),
        ("procurement_conflict", "tom-needham", "quillon-diagnostics", "nicb-ultrasound-2025"),
        ("hospitality_from_bidder", "james-okonjo", "sonant-scan", "nicb-ultrasound-2025"),
        ("procurement_decision_makers_not_recorded", None, None, "nicb-dermatology-2025"),
    }
    assert ("gift_not_declared", None, "sarah-kettle") in about


def test_composition_of_the_sample_board_needs_only_the_appointers_judgement() -> None:
    report = build_audit(load_graph(NORTHSHIRE), sections=["composition"])
    (f,) = report.findings
    assert f.kind == "composition.private_sector_involvement" and f.severity == "advisory" and f.to_confirm
    assert f.person == "imran-saeed" and "Castlebridge GP Federation Ltd" in f.explanation
