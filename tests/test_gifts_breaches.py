"""Gifts and hospitality against the thresholds and the agendas; the breaches register and its
candidates; the report to the audit committee; the gifts register import."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coigraph.audit import build_audit
from coigraph.cli import main
from coigraph.findings import finding
from coigraph.governance.breaches import draft_candidates, reconcile_candidates
from coigraph.governance.gifts import item_findings, register_findings, suppliers
from coigraph.graph import load_graph
from coigraph.registers.gifts import import_gifts, read_kind, read_value

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
NORTHSHIRE = ROOT / "data" / "northshire"


def _fixtures_module():
    if "make_procurement_fixtures" in sys.modules:
        return sys.modules["make_procurement_fixtures"]
    spec = importlib.util.spec_from_file_location("make_procurement_fixtures",
                                                  DATA / "make_procurement_fixtures.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_procurement_fixtures"] = mod
    spec.loader.exec_module(mod)
    return mod


fx = _fixtures_module()

EXPECTED: dict[str, set[tuple[str, str | None, str | None, str | None]]] = {
    "gift-not-declared": {("gift_not_declared", "gus-officer", None, None)},
    "gift-from-supplier": {("gift_from_supplier_accepted", "gus-officer", "cedar-health", None)},
    "hospitality-not-declared": {("hospitality_not_declared", "gus-officer", None, None)},
    "hospitality-not-approved": {("hospitality_not_approved", "gus-officer", None, None)},
    "gift-from-affected-organisation": {("gift_from_affected_organisation", "bob-ned", "ft", "fic-2025-06.06")},
    "hospitality-from-affected-organisation": {
        ("hospitality_from_affected_organisation", "bob-ned", "ft", "fic-2025-06.06")},
}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_each_gifts_situation_gives_exactly_its_findings(folder: str) -> None:
    got = {(f.kind, f.person, f.organisation, f.item) for f in build_audit(load_graph(DATA / folder)).findings}
    assert got == EXPECTED[folder]


def _write(tmp_path: Path, t: dict) -> Path:
    folder = tmp_path / "case"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for table, rows in t.items():
        (folder / f"{table}.yaml").write_text(yaml.safe_dump(rows, sort_keys=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("case", "change", "kinds"), [
    ("gift-not-declared", {"value": 50}, set()),  # at the threshold: over it is what counts
    ("gift-not-declared", {"value": 50.01}, {"gift_not_declared"}),
    ("gift-not-declared", {"value": None}, set()),  # value unknown: never a finding
    ("gift-not-declared", {"declared": None}, set()),  # not known whether declared
    ("gift-not-declared", {"accepted": False}, set()),  # declined
    ("gift-from-supplier", {"value": 6}, set()),  # a promotional item
    ("hospitality-not-approved", {"value": 75}, set()),
    ("hospitality-not-approved", {"approval": "Director of Finance, 2 May 2025"}, set()),
    ("hospitality-not-declared", {"value": 25}, set()),
])
def test_thresholds_blanks_and_declined_offers(tmp_path: Path, case: str, change: dict, kinds: set) -> None:
    t = fx.build(case)
    for k, v in change.items():
        if v is None:
            t["gifts"][0].pop(k, None)
        else:
            t["gifts"][0][k] = v
    G = load_graph(_write(tmp_path, t))
    assert {f.kind for f in register_findings(G)} == kinds


def test_a_blank_approval_is_to_confirm_never_a_breach() -> None:
    """The register has no approval for £150 of hospitality: a blank is not a refusal, so the
    finding is a point to confirm, and the audit's verdict is not a breach on it."""
    (f,) = register_findings(load_graph(DATA / "hospitality-not-approved"))
    assert f.kind == "hospitality_not_approved"
    assert (f.severity.value, f.to_confirm) == ("advisory", True)
    assert f.explanation.endswith("confirm whether it was approved.")


def test_the_look_back_and_the_meeting_date_bound_gifts_on_items(tmp_path: Path) -> None:
    t = fx.build("gift-from-affected-organisation")
    assert {f.kind for f in item_findings(load_graph(_write(tmp_path, t)))} == {"gift_from_affected_organisation"}
    t["gifts"][0]["date"] = "2025-06-12"  # after the meeting
    assert item_findings(load_graph(_write(tmp_path, t))) == []
    t["gifts"][0]["date"] = "2024-05-01"  # more than 12 months before
    assert item_findings(load_graph(_write(tmp_path, t))) == []


def test_suppliers_are_bidders_awardees_and_contractors() -> None:
    G = load_graph(DATA / "procurement-sound")
    assert {"org:alder-imaging", "org:birch-scan", "org:cedar-health"} <= suppliers(G)
    assert "org:ft" not in suppliers(G)  # invested in, not contracted


# --------------------------------------------------------------------------- breaches


def _breaches(folder: str | Path):
    report = build_audit(load_graph(DATA / folder if isinstance(folder, str) else folder))
    section = next(s for s in report.sections if s.id == "breaches")
    return report, section


def test_a_candidate_is_drafted_from_an_unmanaged_procurement_conflict() -> None:
    _, s = _breaches("procurement-evaluator-spouse-bidder")
    (c,) = s.details
    assert (c["id"], c["kind"], c["person"], c["procurement"], c["status"]) == (
        "cand-procurement-diagnostics-2025-eve-eval", "procurement", "eve-eval", "diagnostics-2025", "candidate")
    assert c["findings"] == ["procurement_conflict_not_managed"] and c["evidence"]
    assert [r[1] for r in s.rows] == ["candidate"] and s.findings == []


@pytest.mark.parametrize(("folder", "status"), [("breaches-confirmed", "confirmed"),
                                                ("breaches-confirmed-by-details", "confirmed"),
                                                ("breaches-dismissed", "dismissed")])
def test_an_entry_in_the_register_is_never_proposed_again(folder: str, status: str) -> None:
    report, s = _breaches(folder)
    assert [(d["status"], d["entry"]) for d in s.details] == [(status, "br-1")]
    assert [(r[0], r[1]) for r in s.rows] == [("br-1", status)]
    committee = next(x for x in report.sections if x.id == "committee")
    confirmed = [r for r in committee.rows if r[0] == "breaches" and r[1] == "procurement"]
    assert confirmed == ([["breaches", "procurement", 1, "advice 1" if folder == "breaches-confirmed"
                           else "training 1"]] if status == "confirmed" else [])


def test_hostile_text_in_the_registers_is_read_back_as_it_was_written() -> None:
    """The breaches and gifts registers keep hostile text as data (the outputs escape it:
    tests/test_injection.py); nothing is dropped, trimmed or evaluated on the way in."""
    report, s = _breaches("procurement-hostile-names")
    assert s.details == []  # the one entry is confirmed by hand, with no candidate behind it
    (row,) = s.rows
    assert row[:5] == ["br-1", "confirmed", "other", "Eve </script><script>alert(1)</script> Lund",
                       "<script>alert(1)</script> | {{7*7}}"]
    assert row[7] == "@Audit"
    gifts = next(x for x in report.sections if x.id == "gifts")
    (g,) = gifts.rows
    assert g[1:3] == ["+Bob <svg onload=alert(1)> Marsh", "Alder <img src=x onerror=alert(1)> Imaging {{7*7}} Ltd"]
    assert g[8] == "=cmd|' /C calc'!A0"


def test_withdrawals_of_one_item_are_one_candidate() -> None:
    G = load_graph(NORTHSHIRE)
    report = build_audit(G, sections=["minutes"])
    cands = draft_candidates(G, report.findings)
    withdraw = [c for c in cands if c.kind.value == "failure_to_withdraw"]
    assert [c.id for c in withdraw] == ["cand-withdraw-icb-board-2025-05.16"]
    # the board's own pay: only the two non-voting directors it concerns should have left (row 13)
    assert withdraw[0].people == ["fiona-lambert", "tom-needham"] and withdraw[0].occurred == dt.date(2025, 5, 14)
    assert set(withdraw[0].findings) == {"withdrawal_not_minuted"}
    assert {c.status for c in reconcile_candidates(G, cands)} == {"confirmed"}


def test_a_finding_to_confirm_is_never_drafted_as_a_breach() -> None:
    """An interest declared at a meeting, missing from the register, whose start is blank: whether
    the registration window was kept is unknown, so it is a point to confirm, not a candidate breach."""
    G = load_graph(NORTHSHIRE)
    about = {"meeting": "icb-board-2025-05", "person": "imran-saeed", "organisation": "castlebridge-gp-federation"}
    unsure = finding("declaration_not_on_register", "when the interest arose is not in the data",
                     ["x.csv:1"], grade="date_unknown", to_confirm=True, **about)
    assert draft_candidates(G, [unsure]) == []
    sure = finding("declaration_not_on_register", "beyond the window", ["x.csv:1"], **about)
    assert [c.kind.value for c in draft_candidates(G, [sure])] == ["undeclared_interest"]


def test_the_sample_has_two_confirmed_breaches_and_one_candidate() -> None:
    report, s = _breaches(NORTHSHIRE)
    assert sorted((d["id"], d["status"], d["entry"]) for d in s.details) == [
        ("cand-procurement-nicb-ultrasound-2025-nadia-kerr", "candidate", None),
        ("cand-undeclared-imran-saeed-castlebridge-gp-federation", "confirmed", "br-2025-02"),
        ("cand-withdraw-icb-board-2025-05.16", "confirmed", "br-2025-01")]
    committee = {(r[0], r[1]): r[2:] for r in next(x for x in report.sections if x.id == "committee").rows}
    assert committee[("breaches", "failure to withdraw")] == [1, "advice 1"]
    assert committee[("breaches", "undeclared interest")] == [1, "advice 1"]
    assert committee[("breaches", "candidates awaiting a decision")] == [
        1, "cand-procurement-nicb-ultrasound-2025-nadia-kerr"]
    assert committee[("gifts and hospitality", "gift")] == [2, "1 accepted (£95), 1 declined"]
    assert committee[("gifts and hospitality", "hospitality")] == [1, "1 accepted (£120), 0 declined"]
    stale = next(v for k, v in committee.items() if k[1].startswith("entries not declared again"))
    assert stale == [3, "roi-021, roi-022, roi-023"]  # seeded situation 5: Colin Fairbairn


def test_candidate_kinds_are_a_policy_value(tmp_path: Path) -> None:
    text = (ROOT / "coigraph" / "policies" / "procurement.yaml").read_text(encoding="utf-8")
    p = tmp_path / "values.yaml"
    p.write_text(text.replace("    procurement_conflict_identified_late: procurement\n",
                              "    procurement_conflict_identified_late: procurement\n"
                              "    gift_not_declared: gifts_hospitality\n"), encoding="utf-8")
    r = CliRunner().invoke(main, ["audit", str(NORTHSHIRE), "--section", "breaches", "--policy-values", str(p),
                                  "-f", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output[: r.output.rindex("}") + 1])
    ids = {d["id"] for s in doc["sections"] for d in s["details"]}
    assert "cand-gifts-sarah-kettle" in ids


# --------------------------------------------------------------------------- importing a gifts register


REGISTER = """NHS Westmere ICB - Register of Gifts and Hospitality 2025/26,,,,,,,,,,
Published 1 July 2025,,,,,,,,,,
Ref,Name,Job title,Gift or hospitality,Description,Offered by,Estimated value (£),Date received,Accepted / declined,Date declared,Approved by
G-01,Bob Marsh,Non-executive director,Hospitality,Dinner at client evening,Alder Imaging Ltd,£60,11/04/2025,Accepted,12/04/2025,
G-02,Gus Tern,Officer,Gift,Crystal decanter,Westmere Chamber of Commerce,approx 80,01/05/2025,Accepted,,
G-03,Robert Marsh,,,Lunch at the supplier day,Birch Scan,£20,02/05/2025,Declined,03/05/2025,Ann Hollis
,,,,,,,,,,
Notes: values are as declared,,,,,,,,,,
"""


def test_import_a_gifts_register_with_review_and_no_duplicates(tmp_path: Path) -> None:
    data = tmp_path / "ds"
    shutil.copytree(DATA / "procurement-sound", data)
    reg = tmp_path / "gifts-2025.csv"
    reg.write_text(REGISTER, encoding="utf-8")
    first = import_gifts(reg, data, new_people="review")
    assert first.counts()["gift"] == 2 and first.counts()["review"] == 1 and first.header_row == 3
    assert [s.text for s in first.skipped] == ["Notes: values are as declared"]
    review = data / "review" / "gifts-2025-review.csv"
    rows = list(csv.DictReader(review.open(encoding="utf-8-sig")))
    assert [r["name"] for r in rows] == ["Robert Marsh"] and rows[0]["types"] == "hospitality"
    assert rows[0]["subject"] == "Birch Scan"  # not matched to an organisation: a person decides
    rows[0].update(decision="accept", person="bob-ned", organisation="birch-scan", subject="")
    with review.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    second = import_gifts(reg, data, new_people="review")
    assert second.counts()["gift"] == 3 and second.counts()["appeared"] == 1
    assert second.learned == {"people": {"Robert Marsh": "bob-ned"}, "organisations": {"Birch Scan": "birch-scan"}}
    G = load_graph(data)
    gifts = {a["id"]: a for _, _, a in G.edges(data=True) if a.get("type") == "gift"}
    assert set(gifts) == {"G-01", "G-02", "G-03"}
    assert (gifts["G-01"]["organisation"], gifts["G-01"]["value"], gifts["G-01"]["declared_on"]) == (
        "alder-imaging", 60.0, dt.date(2025, 4, 12))
    assert gifts["G-02"]["donor"] == "Westmere Chamber of Commerce" and "declared" not in gifts["G-02"]
    assert (gifts["G-03"]["kind"], gifts["G-03"]["accepted"], gifts["G-03"]["approved_by"]) == (
        "hospitality", False, "ann-chair")
    again = import_gifts(reg, data, new_people="review")
    assert again.counts()["unchanged"] == 3 and again.counts()["appeared"] == 0
    # and the imported register is screened: Bob's dinner from a bidder before the award he sat on
    assert ("hospitality_from_bidder", "bob-ned") in {(f.kind, f.person) for f in build_audit(G).findings}


def test_the_cli_reads_a_gifts_register_and_saves_its_mapping(tmp_path: Path) -> None:
    data = tmp_path / "ds"
    shutil.copytree(DATA / "procurement-sound", data)
    reg = tmp_path / "gifts.csv"
    reg.write_text(REGISTER, encoding="utf-8")
    saved = tmp_path / "map.yaml"
    r = CliRunner().invoke(main, ["import-register", str(reg), "--into", str(data), "--register", "gifts",
                                  "--dry-run", "--save-mapping", str(saved)])
    assert r.exit_code == 0, r.output
    assert "dry run" in r.output and not (data / "gifts.csv").exists()
    mapping = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert mapping["columns"]["Estimated value (£)"] == "value"
    assert "--register gifts" in saved.read_text(encoding="utf-8")
    bad = CliRunner().invoke(main, ["import-register", str(reg), "--into", str(data), "--register", "gifts",
                                    "--map", "Offered by=donor"])
    assert bad.exit_code == 2 and "'donor' is not a register field" in bad.output


def test_reading_kinds_and_values() -> None:
    assert read_kind("Hospitality", "") == ("hospitality", None)
    assert read_kind("", "Dinner at the awards") == ("hospitality", "kind inferred from the description: hospitality")
    assert read_kind("Sponsored conference place", "") == ("sponsorship", None)
    assert read_kind("", "Something") == (None, None)
    assert read_value("£1,250.50") == (1250.5, None) and read_value("under £25") == (25.0, None)
    assert read_value("unknown") == (None, None) and read_value("lots")[1]
