"""Build the delegation fixtures under ``tests/data/deleg-*/``: one situation each.

Run it from the repository root after changing a case::

    .venv/bin/python tests/data/make_deleg_fixtures.py

and commit what it writes.  Each case is a complete dataset folder: a small
valid system whose scheme of delegation is sound (``deleg-sound``), or the same
system with one thing wrong, so each finding kind is shown on its own.  Every
folder gets a ``README.md`` saying what it shows.  What each case must produce
is asserted in ``tests/test_delegation.py`` (and ``test_powers.py``,
``test_audit.py``), not here.
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

# --------------------------------------------------------------------------- the sound base system

BASE: Tables = {
    "organisations": [
        {"id": "nhs-england", "name": "NHS England", "kind": "nhs_england"},
        {"id": "icb", "name": "NHS Westmere Integrated Care Board", "kind": "icb"},
        {"id": "ft", "name": "Westmere Hospitals NHS Foundation Trust", "kind": "foundation_trust"},
        {"id": "trust", "name": "Westmere Community Health NHS Trust", "kind": "nhs_trust"},
        {"id": "council", "name": "Westmere City Council", "kind": "local_authority"},
    ],
    "bodies": [
        {"id": "nhse-board", "name": "NHS England Board", "kind": "board", "owners": ["nhs-england"]},
        {"id": "icb-board", "name": "Westmere ICB Board", "kind": "board", "owners": ["icb"],
         "start": "2022-07-01"},
        {"id": "icb-fic", "name": "Finance and Investment Committee", "kind": "committee",
         "owners": ["icb"], "parent": "icb-board", "start": "2022-07-01"},
        {"id": "icb-pccc", "name": "Primary Care Commissioning Committee", "kind": "committee",
         "owners": ["icb"], "parent": "icb-board", "start": "2022-07-01"},
        {"id": "ft-board", "name": "Westmere Hospitals NHS FT Board of Directors", "kind": "board",
         "owners": ["ft"]},
        {"id": "trust-board", "name": "Westmere Community Health NHS Trust Board", "kind": "board",
         "owners": ["trust"]},
        {"id": "council-cabinet", "name": "Westmere City Council Cabinet", "kind": "board",
         "owners": ["council"]},
    ],
    "people": [
        {"id": "cfo", "name": "Priya Cole"},
        {"id": "ft-chair", "name": "Harold Venn"},
        {"id": "ft-ceo", "name": "Grace Obi"},
        {"id": "trust-ned", "name": "Lena Marsh"},
        {"id": "trust-cfo", "name": "Tom Iles"},
    ],
    "positions": [
        {"id": "p-cfo", "person": "cfo", "role": "executive_director", "organisation": "icb",
         "start": "2022-07-01", "description": "Chief Finance Officer"},
        {"id": "p-ft-chair", "person": "ft-chair", "role": "chair", "body": "ft-board",
         "organisation": "ft", "start": "2020-01-01"},
        {"id": "p-ft-ceo", "person": "ft-ceo", "role": "chief_executive", "organisation": "ft",
         "start": "2019-01-01"},
        {"id": "p-trust-ned", "person": "trust-ned", "role": "non_executive_director",
         "body": "trust-board", "organisation": "trust", "start": "2021-01-01"},
        {"id": "p-trust-cfo", "person": "trust-cfo", "role": "executive_director",
         "organisation": "trust", "start": "2021-01-01", "description": "Director of Finance"},
    ],
    "matters": [
        {"code": "contract_award", "name": "Award of a contract"},
        {"code": "contract_award.community", "name": "Award of a community services contract",
         "parent": "contract_award"},
        {"code": "primary_care", "name": "Primary medical services commissioning"},
        {"code": "primary_care.contract", "name": "A GP practice contract decision",
         "parent": "primary_care"},
        {"code": "annual_accounts", "name": "Adoption of the annual accounts"},
        {"code": "workforce_pay", "name": "Pay and terms of employment"},
    ],
    "reserved_matters": [
        {"body": "icb-board", "matter": "annual_accounts", "instrument": "ICB SoRD 2.4"},
    ],
    "delegations": [
        {"id": "d-nhse-pc", "from_body": "nhse-board", "to_body": "icb-board",
         "matters": ["primary_care"], "statutory_basis": "s65Z5 NHS Act 2006",
         "instrument": "Delegation Agreement 2023 cl. 4", "start": "2023-04-01",
         "sub_delegation_allowed": True},
        {"id": "d-pccc", "from_body": "icb-board", "to_body": "icb-pccc",
         "matters": ["primary_care"], "limit": 2_000_000, "instrument": "ICB SoRD 5.2",
         "start": "2023-04-01", "sub_delegation_allowed": False},
        {"id": "d-fic", "from_body": "icb-board", "to_body": "icb-fic",
         "matters": ["contract_award"], "limit": 1_000_000, "instrument": "ICB SoRD 4.3",
         "start": "2022-07-01", "sub_delegation_allowed": True},
        {"id": "d-cfo", "from_body": "icb-fic", "to_person": "cfo", "matters": ["contract_award"],
         "limit": 250_000, "instrument": "FIC ToR 7.1", "start": "2022-07-01", "parent": "d-fic"},
    ],
    "decisions": [
        {"id": "dec-fic", "matter": "contract_award.community", "by_body": "icb-fic",
         "date": "2024-06-12", "value": 600_000, "description": "Community nursing contract award"},
        {"id": "dec-cfo", "matter": "contract_award", "by_person": "cfo", "date": "2024-06-20",
         "value": 90_000, "description": "Interpreting services contract"},
        {"id": "dec-pccc", "matter": "primary_care.contract", "by_body": "icb-pccc",
         "date": "2024-07-03", "value": 400_000, "description": "Merger of two practice contracts"},
        {"id": "dec-board", "matter": "annual_accounts", "by_body": "icb-board",
         "date": "2024-06-26", "description": "Annual accounts 2023/24 adopted"},
    ],
}


def _edit(t: Tables, table: str, key: str, value: str, **changes: Any) -> None:
    for row in t[table]:
        if row.get(key) == value:
            for k, v in changes.items():
                if v is None:
                    row.pop(k, None)
                else:
                    row[k] = v
            return
    raise KeyError(f"{table}: no {key}={value}")


def _add(t: Tables, table: str, *rows: dict[str, Any]) -> None:
    t.setdefault(table, []).extend(rows)


# --------------------------------------------------------------------------- the cases


def sound(t: Tables) -> None:
    """Nothing wrong (the base)."""


def broken_chain(t: Tables) -> None:
    _add(t, "decisions", {"id": "dec-x", "matter": "workforce_pay", "by_body": "icb-fic",
                          "date": "2024-09-04", "description": "Pay award for band 8 staff"})


def reserved_matter(t: Tables) -> None:
    _add(t, "decisions", {"id": "dec-x", "matter": "annual_accounts", "by_body": "icb-fic",
                          "date": "2024-06-12", "description": "Annual accounts adopted by FIC"})


def limit_exceeded(t: Tables) -> None:
    _add(t, "decisions", {"id": "dec-x", "matter": "contract_award.community", "by_body": "icb-fic",
                          "date": "2024-09-04", "value": 1_450_000,
                          "description": "Intermediate care contract award"})


def expired(t: Tables) -> None:
    _add(t, "delegations", {"id": "d-fic-old", "from_body": "icb-board", "to_body": "icb-fic",
                            "matters": ["workforce_pay"], "limit": 100_000,
                            "instrument": "ICB SoRD 2022 4.9", "start": "2022-07-01",
                            "end": "2024-03-31"})
    _add(t, "decisions", {"id": "dec-x", "matter": "workforce_pay", "by_body": "icb-fic",
                          "date": "2024-09-04", "value": 40_000, "description": "Retention premia"})


def not_yet_in_force(t: Tables) -> None:
    _edit(t, "delegations", "id", "d-pccc", start="2024-10-01")
    _edit(t, "decisions", "id", "dec-pccc", date="2024-07-03")


def sub_delegation_forbidden(t: Tables) -> None:
    _edit(t, "delegations", "id", "d-fic", sub_delegation_allowed=False)


def sub_delegation_limit_exceeds_parent(t: Tables) -> None:
    _edit(t, "delegations", "id", "d-cfo", limit=1_500_000)


def cycle(t: Tables) -> None:
    _add(t, "matters", {"code": "estates", "name": "Estates and capital"})
    _add(t, "bodies", {"id": "icb-estates", "name": "Estates Sub-committee", "kind": "sub_committee",
                       "owners": ["icb"], "parent": "icb-fic", "start": "2023-04-01"})
    _add(t, "delegations",
         {"id": "d-est-1", "from_body": "icb-fic", "to_body": "icb-estates", "matters": ["estates"],
          "instrument": "FIC ToR 8.2", "start": "2023-04-01", "sub_delegation_allowed": True},
         {"id": "d-est-2", "from_body": "icb-estates", "to_body": "icb-fic", "matters": ["estates"],
          "instrument": "Estates Sub-committee ToR 3.1", "start": "2023-04-01",
          "sub_delegation_allowed": True})
    _add(t, "decisions", {"id": "dec-x", "matter": "estates", "by_body": "icb-estates",
                          "date": "2024-09-04", "value": 75_000, "description": "Lease of a clinic"})


def fts_delegation_to_ned(t: Tables) -> None:
    _add(t, "matters", {"code": "system_investment", "name": "Investment agreed in a system forum"})
    _add(t, "delegations", {"id": "d-ft-chair", "from_body": "ft-board", "to_person": "ft-chair",
                            "matters": ["system_investment"], "limit": 500_000,
                            "instrument": "FT Board minute 2024/31", "start": "2024-04-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "system_investment", "by_person": "ft-chair",
                          "date": "2024-09-04", "value": 300_000, "on_behalf_of": ["ft"],
                          "description": "Agreed the trust's share of a system investment"})


def committee_in_all_but_name(t: Tables) -> None:
    _add(t, "matters", {"code": "system_investment", "name": "Investment agreed in a system forum"})
    _add(t, "organisations", {"id": "collab", "name": "Westmere Provider Collaborative",
                              "kind": "provider_collaborative"})
    _add(t, "bodies", {"id": "collab-board", "name": "Provider Collaborative Leadership Board",
                       "kind": "board", "owners": ["collab"]})
    _add(t, "positions",
         {"id": "p-trust-ned-collab", "person": "trust-ned", "role": "member", "body": "collab-board",
          "start": "2024-01-01"},
         {"id": "p-trust-cfo-collab", "person": "trust-cfo", "role": "member", "body": "collab-board",
          "start": "2024-01-01"})
    _add(t, "delegations",
         {"id": "d-trust-ned", "from_body": "trust-board", "to_person": "trust-ned",
          "matters": ["system_investment"], "limit": 1_000_000, "instrument": "Trust SoD 6.1",
          "start": "2024-01-01"},
         {"id": "d-trust-cfo", "from_body": "trust-board", "to_person": "trust-cfo",
          "matters": ["system_investment"], "limit": 1_000_000, "instrument": "Trust SoD 6.2",
          "start": "2024-01-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "system_investment", "by_body": "collab-board",
                          "date": "2024-09-04", "value": 800_000, "on_behalf_of": ["trust"],
                          "description": "Shared diagnostics hub investment"})


def statutory_function_to_trust(t: Tables) -> None:
    _add(t, "delegations", {"id": "d-icb-trust", "from_body": "icb-board", "to_body": "trust-board",
                            "matters": ["contract_award.community"], "limit": 5_000_000,
                            "statutory_basis": "s65Z5 NHS Act 2006",
                            "instrument": "ICB Board minute 2024/112", "start": "2024-10-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "contract_award.community", "by_body": "trust-board",
                          "date": "2024-11-06", "value": 2_000_000, "on_behalf_of": ["icb"],
                          "description": "Community dermatology subcontract"})


def delegation_to_trust_officer(t: Tables) -> None:
    _add(t, "people", {"id": "joint-dir", "name": "Sam Okafor"})
    _add(t, "positions",
         {"id": "p-joint-icb", "person": "joint-dir", "role": "executive_director", "organisation": "icb",
          "start": "2023-01-01", "description": "Director of Strategy (joint appointment)"},
         {"id": "p-joint-trust", "person": "joint-dir", "role": "executive_director",
          "organisation": "trust", "start": "2023-01-01", "description": "Director of Strategy (joint appointment)"})
    _add(t, "delegations",
         {"id": "d-icb-trust-cfo", "from_body": "icb-board", "to_person": "trust-cfo",
          "matters": ["contract_award.community"], "limit": 500_000,
          "instrument": "ICB Board minute 2024/88", "start": "2024-04-01"},
         {"id": "d-icb-joint", "from_body": "icb-board", "to_person": "joint-dir",
          "matters": ["contract_award.community"], "limit": 250_000,
          "instrument": "ICB SoRD 6.4", "start": "2024-04-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "contract_award.community", "by_person": "trust-cfo",
                          "date": "2024-09-04", "value": 300_000, "on_behalf_of": ["icb"],
                          "description": "Community phlebotomy contract"})


def joint_committee_not_delegated(t: Tables) -> None:
    _add(t, "matters", {"code": "bcf", "name": "Better Care Fund pooled budget"})
    _add(t, "bodies", {"id": "jc-bcf", "name": "Better Care Fund Joint Committee",
                       "kind": "joint_committee", "owners": ["icb", "council"], "start": "2024-04-01"})
    _add(t, "delegations", {"id": "d-icb-jc", "from_body": "icb-board", "to_body": "jc-bcf",
                            "matters": ["bcf"], "limit": 3_000_000, "statutory_basis": "s75 NHS Act 2006",
                            "instrument": "s75 agreement sch. 2", "start": "2024-04-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "bcf", "by_body": "jc-bcf", "date": "2024-09-04",
                          "value": 1_200_000, "description": "Reablement scheme from the pooled fund"})


def committees_in_common_for_other_body(t: Tables) -> None:
    _add(t, "matters", {"code": "elective_recovery", "name": "Elective recovery programme"})
    _add(t, "bodies", {"id": "cic-acute", "name": "Acute Committees in Common",
                       "kind": "committees_in_common", "owners": ["ft", "trust"], "start": "2024-04-01"})
    _add(t, "delegations", {"id": "d-ft-cic", "from_body": "ft-board", "to_body": "cic-acute",
                            "matters": ["elective_recovery"], "limit": 2_000_000,
                            "instrument": "FT SoRD 9.1", "start": "2024-04-01"})
    _add(t, "decisions", {"id": "dec-x", "matter": "elective_recovery", "by_body": "cic-acute",
                          "date": "2024-09-04", "value": 900_000, "on_behalf_of": ["ft", "trust"],
                          "description": "Single waiting list across both trusts"})


def body_without_powers(t: Tables) -> None:
    _add(t, "bodies", {"id": "icb-quality", "name": "Quality Committee", "kind": "committee",
                       "owners": ["icb"], "parent": "icb-board", "start": "2022-07-01"})


def delegate_no_longer_exists(t: Tables) -> None:
    _add(t, "bodies", {"id": "icb-transition", "name": "Transition Committee", "kind": "committee",
                       "owners": ["icb"], "parent": "icb-board", "start": "2022-07-01",
                       "end": "2023-03-31"})
    _add(t, "delegations", {"id": "d-transition", "from_body": "icb-board", "to_body": "icb-transition",
                            "matters": ["contract_award"], "limit": 100_000,
                            "instrument": "ICB SoRD 2022 4.12", "start": "2022-07-01"})


def overlapping_delegations(t: Tables) -> None:
    _add(t, "delegations", {"id": "d-cfo-2", "from_body": "icb-fic", "to_person": "cfo",
                            "matters": ["contract_award.community"], "limit": 150_000,
                            "instrument": "FIC ToR 7.1 (2024 revision)", "start": "2024-04-01",
                            "parent": "d-fic"})


def conflicted_member_counted(t: Tables) -> None:
    _add(t, "people", {"id": "ian-moss", "name": "Ian Moss"}, {"id": "ruth-kay", "name": "Ruth Kay"})
    _add(t, "positions",
         {"id": "p-ian-fic", "person": "ian-moss", "role": "member", "body": "icb-fic",
          "independent": True, "start": "2022-07-01"},
         {"id": "p-ruth-fic", "person": "ruth-kay", "role": "chair", "body": "icb-fic",
          "independent": True, "start": "2022-07-01"},
         {"id": "p-ian-trust", "person": "ian-moss", "role": "non_executive_director",
          "organisation": "trust", "start": "2021-01-01"})
    _add(t, "interests", {"id": "int-ian", "person": "ian-moss", "organisation": "trust",
                          "types": ["financial"], "start": "2021-01-01", "declared": "2024-04-01",
                          "description": "Paid non-executive director of Westmere Community Health "
                                         "NHS Trust"})
    _add(t, "meetings", {"id": "fic-2024-06", "body": "icb-fic", "date": "2024-06-12",
                         "title": "Finance and Investment Committee, June 2024", "public": False})
    _add(t, "agenda_items", {"id": "fic-2024-06-6", "meeting": "fic-2024-06", "number": "6",
                             "title": "Community nursing contract award", "kind": "decision",
                             "value": 600_000, "matter": "contract_award.community"})
    _add(t, "affected_organisations", {"item": "fic-2024-06-6", "organisation": "trust",
                                       "effect": "award"})
    _add(t, "attendance", {"meeting": "fic-2024-06", "person": "ian-moss", "status": "present"},
         {"meeting": "fic-2024-06", "person": "ruth-kay", "status": "present"})
    _edit(t, "decisions", "id", "dec-fic", item="fic-2024-06-6")
    _add(t, "minutes", {"meeting": "fic-2024-06", "item": "fic-2024-06-6", "kind": "declaration",
                        "person": "ian-moss", "organisation": "trust",
                        "text": "Ian Moss declared his interest as a non-executive director of the "
                                "trust."})


def conflicted_member_not_minuted(t: Tables) -> None:
    conflicted_member_counted(t)
    del t["minutes"]


def conflicted_member_withdrew(t: Tables) -> None:
    conflicted_member_counted(t)
    _add(t, "minutes", {"meeting": "fic-2024-06", "item": "fic-2024-06-6", "kind": "withdrawal",
                        "person": "ian-moss", "text": "Ian Moss declared his interest and left "
                                                      "the meeting for this item."})


HOSTILE = "<img src=x onerror=alert(1)>"


def hostile_names(t: Tables) -> None:
    _edit(t, "bodies", "id", "icb-fic", name=f"{HOSTILE} | `Finance` *Committee*")
    _edit(t, "people", "id", "cfo", name="=HYPERLINK(\"http://evil.example\",\"Priya\")")
    _edit(t, "delegations", "id", "d-fic", instrument="=1+2 <script>alert('x')</script>")
    _edit(t, "decisions", "id", "dec-fic", description="@SUM(A1) [link](javascript:alert(1)) # h")
    limit_exceeded(t)


CASES: dict[str, tuple[Callable[[Tables], None], str]] = {
    "sound": (sound, "A sound scheme: NHS England delegates primary care to the ICB board "
              "(s65Z5), which passes it to its primary care committee; the board delegates "
              "contract awards to its finance committee (up to £1m), which passes them to the chief "
              "finance officer (up to £250k). Every decision is within its authority; the primary "
              "care decision's chain ends at NHS England's board."),
    "broken_chain": (broken_chain, "The finance committee decides a pay matter nobody delegated."),
    "reserved_matter": (reserved_matter, "The finance committee adopts the annual accounts, "
                        "which the board reserves to itself (SoRD 2.4)."),
    "limit_exceeded": (limit_exceeded, "The finance committee awards a £1.45m contract; its "
                       "limit is £1m."),
    "expired": (expired, "The finance committee decides pay under a delegation that ended on "
                "2024-03-31."),
    "not_yet_in_force": (not_yet_in_force, "The primary care committee decides before its "
                         "delegation starts."),
    "sub_delegation_forbidden": (sub_delegation_forbidden, "The board's delegation to the finance "
                                 "committee does not allow sub-delegation, yet the committee "
                                 "passed contract awards on to the chief finance officer, who "
                                 "then decided one."),
    "sub_delegation_limit_exceeds_parent": (sub_delegation_limit_exceeds_parent, "The finance "
                                            "committee gives the chief finance officer £1.5m, more "
                                            "than its own £1m."),
    "cycle": (cycle, "The finance committee and its estates sub-committee delegate estates matters "
              "to each other; nothing from the board. The sub-committee decides a lease."),
    "fts_delegation_to_ned": (fts_delegation_to_ned, "A foundation trust board delegates system "
                              "investment decisions to its chair, who decides one."),
    "committee_in_all_but_name": (committee_in_all_but_name, "An NHS trust sends a non-executive "
                                  "and its finance director, each with a personal delegation, to "
                                  "decide together for it in the provider collaborative's "
                                  "leadership board: a committee in all but name."),
    "statutory_function_to_trust": (statutory_function_to_trust, "The ICB board delegates community "
                                    "contract awards to an NHS trust's board under s65Z5 "
                                    "(against NHS England's current guidance)."),
    "delegation_to_trust_officer": (delegation_to_trust_officer, "The ICB board delegates community "
                                    "contract awards to the community trust's director of finance, "
                                    "who holds no ICB post (outside the ICB's powers, and a conflict "
                                    "of roles), and to a director jointly appointed by the ICB and the "
                                    "trust (a conflict of roles only)."),
    "joint_committee_not_delegated": (joint_committee_not_delegated, "A Better Care Fund joint "
                                      "committee of the ICB and the council decides for both, but "
                                      "only the ICB delegated to it."),
    "committees_in_common_for_other_body": (committees_in_common_for_other_body, "Acute committees "
                                            "in common decide for both trusts, but only the "
                                            "foundation trust delegated to them."),
    "body_without_powers": (body_without_powers, "A quality committee with no delegation and no "
                            "reserved powers."),
    "delegate_no_longer_exists": (delegate_no_longer_exists, "A delegation to a transition "
                                  "committee runs on after the committee was dissolved."),
    "overlapping_delegations": (overlapping_delegations, "The chief finance officer holds community "
                                "contract awards under two delegations at once: £250k and £150k."),
    "conflicted_member_counted": (conflicted_member_counted, "A finance committee member who is a "
                                  "paid non-executive of the trust awarded a contract stays in the "
                                  "room and votes on the award (the minutes record his declaration, no withdrawal)."),
    "conflicted_member_not_minuted": (conflicted_member_not_minuted, "As conflicted-member-counted, "
                                      "but the meeting's minutes are not in the data: nobody can "
                                      "tell whether he withdrew, so nothing is reported."),
    "conflicted_member_withdrew": (conflicted_member_withdrew, "As conflicted-member-counted, but "
                                   "the minutes record that he left for the item: nothing to "
                                   "find."),
    "hostile_names": (hostile_names, "Names, instruments and descriptions that try to run script, "
                      "formulas or Markdown (untrusted register text), on a decision over its "
                      "limit."),
}


def build(case: str) -> Tables:
    """The tables of ``case``: the base with the case's change applied."""
    t = copy.deepcopy(BASE)
    CASES[case][0](t)
    return t


def write(case: str, root: Path = HERE) -> Path:
    folder = root / f"deleg-{case.replace('_', '-')}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for table, rows in build(case).items():
        (folder / f"{table}.yaml").write_text(
            yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    (folder / "README.md").write_text(
        f"# deleg-{case.replace('_', '-')}\n\n{CASES[case][1]}\n\n"
        "Written by `tests/data/make_deleg_fixtures.py`; expected findings are asserted in "
        "`tests/test_delegation.py`.\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    for name in CASES:
        print(write(name))
