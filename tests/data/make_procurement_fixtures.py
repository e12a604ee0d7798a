"""Build the procurement, gifts and breaches fixtures under ``tests/data/``: one situation each.

Run it from the repository root after changing a case::

    .venv/bin/python tests/data/make_procurement_fixtures.py

and commit what it writes.  Each case is a complete dataset folder: a small
ICB whose Finance and Investment Committee awards a community diagnostics
contract after a competitive PSR procurement with three bidders
(``procurement-sound``: nothing to find), or the same system with one thing
changed, so each finding kind is shown on its own.  Every folder gets a
``README.md`` saying what it shows.  What each case must produce is asserted in
``tests/test_procurement.py`` and ``tests/test_gifts_breaches.py``, not here.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent

Tables = dict[str, list[dict[str, Any]]]

BASE: Tables = {
    "organisations": [
        {"id": "icb", "name": "NHS Westmere Integrated Care Board", "kind": "icb"},
        {"id": "ft", "name": "Westmere Hospitals NHS Foundation Trust", "kind": "foundation_trust"},
        {"id": "alder-imaging", "name": "Alder Imaging Ltd", "kind": "company"},
        {"id": "birch-scan", "name": "Birch Scan Services Ltd", "kind": "company"},
        {"id": "cedar-health", "name": "Cedar Health Diagnostics Ltd", "kind": "company"},
    ],
    "bodies": [
        {"id": "icb-fic", "name": "Finance and Investment Committee", "kind": "committee", "owners": ["icb"],
         "quorum_min_members": 2},
    ],
    "people": [
        {"id": "ann-chair", "name": "Ann Hollis"},
        {"id": "bob-ned", "name": "Bob Marsh"},
        {"id": "cat-cfo", "name": "Cat Ellery"},
        {"id": "dan-eval", "name": "Dan Pryce"},
        {"id": "eve-eval", "name": "Eve Lund"},
        {"id": "gus-officer", "name": "Gus Tern"},
    ],
    "positions": [
        {"id": "pos-ann", "person": "ann-chair", "role": "chair", "body": "icb-fic", "organisation": "icb",
         "independent": True, "start": "2022-07-01"},
        {"id": "pos-bob", "person": "bob-ned", "role": "non_executive_director", "body": "icb-fic",
         "organisation": "icb", "independent": True, "start": "2022-07-01"},
        {"id": "pos-cat", "person": "cat-cfo", "role": "executive_director", "body": "icb-fic",
         "organisation": "icb", "start": "2022-07-01"},
        {"id": "pos-dan", "person": "dan-eval", "role": "officer", "organisation": "icb", "start": "2021-01-01"},
        {"id": "pos-eve", "person": "eve-eval", "role": "officer", "organisation": "icb", "start": "2021-01-01"},
        {"id": "pos-gus", "person": "gus-officer", "role": "officer", "organisation": "icb",
         "start": "2021-01-01"},
    ],
    "nil_returns": [
        {"person": p, "date": "2025-04-01"} for p in ("ann-chair", "bob-ned", "cat-cfo")
    ],
    "matters": [{"code": "contract_award", "name": "Award of a contract"},
                {"code": "investment", "name": "Investment"}],
    "reserved_matters": [{"body": "icb-fic", "matter": "contract_award", "instrument": "FIC ToR 3"},
                         {"body": "icb-fic", "matter": "investment", "instrument": "FIC ToR 4"}],
    "meetings": [{"id": "fic-2025-06", "body": "icb-fic", "date": "2025-06-11",
                  "title": "Finance and Investment Committee, 11 June 2025", "public": False}],
    "attendance": [{"meeting": "fic-2025-06", "person": p, "status": "present"}
                   for p in ("ann-chair", "bob-ned", "cat-cfo")],
    "agenda_items": [
        {"id": "fic-2025-06.05", "meeting": "fic-2025-06", "number": "5", "kind": "decision",
         "confidential": True, "title": "Community diagnostics: contract award", "value": 2500000,
         "matter": "contract_award"},
        {"id": "fic-2025-06.06", "meeting": "fic-2025-06", "number": "6", "kind": "decision",
         "title": "Capital for the hospital's imaging suite", "value": 900000, "matter": "investment"},
    ],
    "affected_organisations": [
        {"item": "fic-2025-06.05", "organisation": "birch-scan", "effect": "award"},
        {"item": "fic-2025-06.06", "organisation": "ft", "effect": "investment"},
    ],
    "procurements": [
        {"id": "diagnostics-2025", "title": "Community diagnostics", "buyer": "icb", "regime": "competitive",
         "value": 2500000, "matter": "contract_award", "item": "fic-2025-06.05",
         "notice_date": "2024-12-01"},
    ],
    "procurement_stages": [
        {"procurement": "diagnostics-2025", "stage": "evaluation", "start": "2025-03-03", "end": "2025-03-14"},
        {"procurement": "diagnostics-2025", "stage": "moderation", "start": "2025-03-20", "end": "2025-03-20"},
        {"procurement": "diagnostics-2025", "stage": "award_decision", "start": "2025-06-11", "end": "2025-06-11",
         "meeting": "fic-2025-06"},
    ],
    "procurement_participants": [
        {"procurement": "diagnostics-2025", "person": p, "stages": ["evaluation", "moderation"],
         "role": "evaluator", "declared": "2025-03-03", "declared_conflict": False, "excluded": False}
        for p in ("dan-eval", "eve-eval")
    ],
    "procurement_bidders": [
        {"procurement": "diagnostics-2025", "organisation": "alder-imaging",
         "stages": ["evaluation", "moderation", "award_decision"], "outcome": "unsuccessful"},
        {"procurement": "diagnostics-2025", "organisation": "birch-scan",
         "stages": ["evaluation", "moderation", "award_decision"], "outcome": "awarded"},
        {"procurement": "diagnostics-2025", "organisation": "cedar-health",
         "stages": ["evaluation", "moderation", "award_decision"], "outcome": "unsuccessful"},
    ],
}


def _add(t: Tables, table: str, *rows: dict[str, Any]) -> None:
    t.setdefault(table, []).extend(rows)


def _participant(t: Tables, person: str, **changes: Any) -> None:
    for r in t["procurement_participants"]:
        if r["person"] == person:
            r.update(changes)


def _spouse_director(t: Tables) -> None:
    """Eve's husband Fred is a director of Alder Imaging, a losing bidder."""
    _add(t, "people", {"id": "fred-lund", "name": "Fred Lund"})
    _add(t, "positions", {"id": "pos-fred", "person": "fred-lund", "role": "director",
                          "organisation": "alder-imaging", "start": "2020-01-01"})
    _add(t, "associations", {"person": "eve-eval", "associate": "fred-lund", "kind": "spouse_partner",
                             "relationship": "husband", "start": "2015-06-01"})


def sound(t: Tables) -> None:
    """Nothing to find: nobody acting has an interest in a bidder; every record is kept."""


def evaluator_spouse_bidder(t: Tables) -> None:
    _spouse_director(t)


def evaluator_spouse_bidder_managed(t: Tables) -> None:
    _spouse_director(t)
    _participant(t, "eve-eval", declared_conflict=True, excluded=True,
                 declaration="Husband is a director of Alder Imaging Ltd",
                 mitigation="Did not score or moderate Alder Imaging's bid", reviewed="2025-03-20")


def conflict_identified_late(t: Tables) -> None:
    _spouse_director(t)
    _participant(t, "eve-eval", identified="2025-04-20",
                 mitigation="Alder's bid re-moderated without her on 2025-04-25", reviewed="2025-04-25")


def no_decision_makers(t: Tables) -> None:
    t["procurements"].append({
        "id": "dermatology-2025", "title": "Community dermatology", "buyer": "icb", "regime": "direct_award_c",
        "value": 600000, "decided_by": "icb-fic", "notice_date": "2025-08-14",
        "conflicts_statement": "No conflicts of interest were declared by individuals making the decision."})
    _add(t, "procurement_stages", {"procurement": "dermatology-2025", "stage": "award_decision",
                                   "end": "2025-08-12"})
    _add(t, "procurement_bidders", {"procurement": "dermatology-2025", "organisation": "cedar-health",
                                    "stages": ["award_decision"], "incumbent": True, "outcome": "awarded"})


def act_no_conflicts_assessment(t: Tables) -> None:
    t["procurements"].append({
        "id": "estates-2025", "title": "Estates maintenance", "buyer": "icb", "regime": "procurement_act",
        "value": 300000, "notice": "UK4 tender notice", "notice_date": "2025-05-02"})


def gift_not_declared(t: Tables) -> None:
    _add(t, "gifts", {"id": "g1", "person": "gus-officer", "donor": "Westmere Chamber of Commerce",
                      "kind": "gift", "description": "Crystal decanter", "value": 80, "date": "2025-05-01",
                      "accepted": True, "declared": False, "note": "Found in the Chamber's annual report"})


def gift_from_supplier(t: Tables) -> None:
    _add(t, "gifts", {"id": "g1", "person": "gus-officer", "organisation": "cedar-health", "kind": "gift",
                      "description": "Bottle of wine at Christmas", "value": 40, "date": "2024-12-20",
                      "accepted": True, "declared": True, "declared_on": "2025-01-06"})


def hospitality_not_declared(t: Tables) -> None:
    _add(t, "gifts", {"id": "h1", "person": "gus-officer", "donor": "Westmere Rotary Club", "kind": "hospitality",
                      "description": "Lunch after a talk", "value": 40, "date": "2025-05-01",
                      "accepted": True, "declared": False})


def hospitality_not_approved(t: Tables) -> None:
    _add(t, "gifts", {"id": "h1", "person": "gus-officer", "donor": "Westmere Business Awards",
                      "kind": "hospitality", "description": "Awards dinner and hotel", "value": 150,
                      "date": "2025-05-01", "accepted": True, "declared": True, "declared_on": "2025-05-02"})


def hospitality_from_bidder(t: Tables) -> None:
    _add(t, "gifts", {"id": "h1", "person": "bob-ned", "organisation": "alder-imaging", "kind": "hospitality",
                      "description": "Dinner at Alder Imaging's client evening", "value": 60,
                      "date": "2025-04-11", "accepted": True, "declared": True, "declared_on": "2025-04-12"})


def gift_from_bidder(t: Tables) -> None:
    _add(t, "gifts", {"id": "g1", "person": "dan-eval", "organisation": "birch-scan", "kind": "gift",
                      "description": "Branded pen", "value": 5, "date": "2025-02-20", "accepted": True,
                      "declared": True, "declared_on": "2025-02-21"})


def gift_from_affected_organisation(t: Tables) -> None:
    _add(t, "gifts", {"id": "g1", "person": "bob-ned", "organisation": "ft", "kind": "gift",
                      "description": "Book on the hospital's history", "value": 30, "date": "2025-05-15",
                      "accepted": True, "declared": True, "declared_on": "2025-05-16"})


def hospitality_from_affected_organisation(t: Tables) -> None:
    _add(t, "gifts", {"id": "h1", "person": "bob-ned", "organisation": "ft", "kind": "hospitality",
                      "description": "Lunch at the hospital's open day", "value": 20, "date": "2025-05-15",
                      "accepted": True, "declared": True, "declared_on": "2025-05-16"})


def breaches_confirmed(t: Tables) -> None:
    _spouse_director(t)
    _add(t, "breaches", {"id": "br-1", "kind": "procurement", "what": "Evaluator did not declare her husband's "
                         "directorship of a bidder", "person": "eve-eval", "procurement": "diagnostics-2025",
                         "found": "2025-04-20", "outcome": "advice", "reported_to": "Audit Committee",
                         "candidate": "cand-procurement-diagnostics-2025-eve-eval"})


def breaches_confirmed_by_details(t: Tables) -> None:
    _spouse_director(t)
    _add(t, "breaches", {"id": "br-1", "kind": "procurement", "what": "Evaluator's conflict found after "
                         "the evaluation", "person": "eve-eval", "procurement": "diagnostics-2025",
                         "found": "2025-04-20", "outcome": "training"})


def breaches_dismissed(t: Tables) -> None:
    _spouse_director(t)
    _add(t, "breaches", {"id": "br-1", "kind": "procurement", "what": "Looked at: her husband had left the "
                         "company's board before the evaluation (the register is out of date)",
                         "person": "eve-eval", "procurement": "diagnostics-2025", "found": "2025-04-20",
                         "status": "dismissed"})


def hostile_names(t: Tables) -> None:
    """Every name, title and free text a procurement, a gift or a breach shows, made hostile."""
    _spouse_director(t)
    names = {"eve-eval": "Eve </script><script>alert(1)</script> Lund", "fred-lund": "Fred | `whoami` Lund",
             "bob-ned": "+Bob <svg onload=alert(1)> Marsh"}
    for r in t["people"]:
        r["name"] = names.get(r["id"], r["name"])
    for r in t["organisations"]:
        if r["id"] == "alder-imaging":
            r["name"] = "Alder <img src=x onerror=alert(1)> Imaging {{7*7}} Ltd"
    t["procurements"][0].update(title="=HYPERLINK(\"http://x.invalid\") <svg onload=alert(1)> {{7*7}}",
                                conflicts_statement="<iframe src=javascript:alert(1)></iframe> | [x](javascript:1)",
                                source="`rm -rf /`")
    _participant(t, "eve-eval", declaration="<b>none</b>\n| pipe |", mitigation="-2+3 @SUM(A1)")
    _add(t, "gifts", {"id": "h1", "person": "bob-ned", "organisation": "alder-imaging", "kind": "hospitality",
                      "description": "<svg onload=alert(1)> dinner {{7*7}}", "value": 60, "date": "2025-04-11",
                      "accepted": True, "declared": True, "approval": "=cmd|' /C calc'!A0"})
    _add(t, "breaches", {"id": "br-1", "kind": "other", "what": "<script>alert(1)</script> | {{7*7}}",
                         "person": "eve-eval", "found": "2025-04-20", "reported_to": "@Audit"})


#: case -> (builder, what the README says).
CASES: dict[str, tuple[Callable[[Tables], None], str]] = {
    "procurement-sound": (sound, "A competitive PSR procurement with three bidders, two evaluators and an "
                          "award at the Finance and Investment Committee: nobody acting has an interest "
                          "in a bidder, the decision-makers are recorded (the committee's attendance). "
                          "Nothing to find."),
    "procurement-evaluator-spouse-bidder": (
        evaluator_spouse_bidder, "An evaluator's husband is a director of a losing bidder; she declared "
        "no conflict and scored the bids: `procurement_conflict` and `procurement_conflict_not_managed`."),
    "procurement-evaluator-spouse-bidder-managed": (
        evaluator_spouse_bidder_managed, "The same evaluator declared her husband's directorship and did "
        "not score that bid: `procurement_conflict` only (managed)."),
    "procurement-conflict-identified-late": (
        conflict_identified_late, "The evaluator's conflict was identified on 20 April, after the "
        "evaluation and moderation she took part in; the bid was then re-moderated without her: "
        "`procurement_conflict` and `procurement_conflict_identified_late`."),
    "procurement-no-decision-makers": (
        no_decision_makers, "A direct award (process C) decided by the committee outside a meeting: the "
        "record names the committee, not who decided: `procurement_decision_makers_not_recorded` (PSR "
        "reg 24(d))."),
    "procurement-act-no-conflicts-assessment": (
        act_no_conflicts_assessment, "A Procurement Act 2023 procurement with its tender notice published "
        "and no conflicts assessment recorded: `procurement_conflicts_assessment_missing` (s83)."),
    "gift-not-declared": (gift_not_declared, "An £80 gift accepted and not declared: `gift_not_declared`."),
    "gift-from-supplier": (gift_from_supplier, "A £40 gift accepted from a bidder in a procurement: "
                           "`gift_from_supplier_accepted`."),
    "hospitality-not-declared": (hospitality_not_declared, "£40 of hospitality accepted and not declared: "
                                 "`hospitality_not_declared`."),
    "hospitality-not-approved": (hospitality_not_approved, "£150 of hospitality accepted, declared, with no "
                                 "approval recorded: `hospitality_not_approved`."),
    "hospitality-from-bidder": (hospitality_from_bidder, "A committee member accepted dinner from a losing "
                                "bidder two months before the award he sat on: `hospitality_from_bidder` "
                                "(at least no part in the decision)."),
    "gift-from-bidder": (gift_from_bidder, "An evaluator accepted a £5 pen (a promotional item) from a bidder "
                         "before the evaluation: `gift_from_bidder`; as he then declared no conflict and "
                         "scored the bids, also `procurement_conflict_not_managed`."),
    "gift-from-affected-organisation": (
        gift_from_affected_organisation, "A committee member accepted a gift from the trust an item invests "
        "in, within the look-back: `gift_from_affected_organisation`."),
    "hospitality-from-affected-organisation": (
        hospitality_from_affected_organisation, "A committee member accepted lunch from the trust an item "
        "invests in, within the look-back: `hospitality_from_affected_organisation`."),
    "breaches-confirmed": (breaches_confirmed, "The evaluator's unmanaged conflict, and the breaches register "
                           "entry that confirms its candidate by id: no candidate left."),
    "breaches-confirmed-by-details": (
        breaches_confirmed_by_details, "The same, the entry typed by hand without the candidate's id (same "
        "kind, person and procurement): no candidate left."),
    "procurement-hostile-names": (hostile_names, "The evaluator situation with hostile names, titles and "
                                  "free text everywhere a procurement, a gift or a breach shows them: every "
                                  "output must show them as text (`tests/test_injection.py`)."),
    "breaches-dismissed": (breaches_dismissed, "The same candidate, dismissed in the register (not a breach): "
                           "not proposed again, not counted as a breach."),
}


def build(case: str) -> Tables:
    t = copy.deepcopy(BASE)
    CASES[case][0](t)
    return t


def write(case: str, root: Path = HERE) -> Path:
    folder = root / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for table, rows in build(case).items():
        (folder / f"{table}.yaml").write_text(
            yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    (folder / "README.md").write_text(
        f"# {case}\n\n{CASES[case][1]}\n\n"
        "Written by `tests/data/make_procurement_fixtures.py`; expected findings are asserted in "
        "`tests/test_procurement.py` and `tests/test_gifts_breaches.py`.\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    for name in CASES:
        print(write(name))
