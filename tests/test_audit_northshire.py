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
        # schemes as written (rows 22, 23)
        "joint_authority_not_met": 1, "procurement_requirement_not_met": 1,
        # minutes (rows 13, 14, 18, 19)
        "conflicted_member_counted": 1, "withdrawal_not_minuted": 14, "conflicted_chair_chaired": 1,
        "declaration_not_on_register": 1, "declaration_not_minuted": 1, "decided_inquorate": 1,
        # procurements, gifts and hospitality (rows 20-24)
        "procurement_conflict": 2, "procurement_conflict_not_managed": 1,
        "procurement_conflict_identified_late": 1, "hospitality_from_bidder": 1,
        "procurement_decision_makers_not_recorded": 1, "gift_not_declared": 1,
    })
    about = {(f.kind, f.item, f.person) for f in report.findings}
    assert ("declaration_not_minuted", "icb-board-2025-05.15", "anita-shah") in about
    assert ("decided_inquorate", "icb-pccc-2025-07.12", None) in about
    assert ("conflicted_chair_chaired", "icb-board-2025-05.16", "hilary-ashdown") in about
    assert ("declaration_not_on_register", None, "imran-saeed") in about
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


def test_composition_of_the_sample_board_is_clean() -> None:
    report = build_audit(load_graph(NORTHSHIRE), sections=["composition"])
    assert report.findings == []
