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


# --------------------------------------------------------------------------- schemes as written
#
# The cases below add to the base a scheme written the way real standing financial instructions
# are (issue 15): offices ("Chief Finance Officer"), classes of posts ("directors", "budget
# holders"), joint authorities, value bands and a reservation to the board above a value.


def _scheme_as_written(t: Tables) -> None:
    """Posts, classes, joint authorities and bands for non-pay expenditure (the ICB's SFIs)."""
    _add(t, "matters", {"code": "expenditure", "name": "Commitment of non-pay expenditure"},
         {"code": "losses", "name": "Losses and special payments"})
    _add(t, "organisations",
         {"id": "supplier-a", "name": "Ashby Building Services Ltd", "kind": "company"},
         {"id": "supplier-b", "name": "Brook Office Supplies Ltd", "kind": "company"})
    _add(t, "people", {"id": "ceo", "name": "Helen Ward"}, {"id": "cno", "name": "Sam Okafor"},
         {"id": "dep", "name": "Ruth Pike"})
    _add(t, "posts",
         {"id": "icb-directors", "name": "Directors", "kind": "class", "organisation": "icb",
          "roles": ["chief_executive", "executive_director"],
          "description": "Any executive director of the ICB, the Chief Executive included."},
         {"id": "icb-budget-holders", "name": "Budget holders", "kind": "class",
          "organisation": "icb"},
         {"id": "icb-ceo", "name": "Chief Executive", "organisation": "icb",
          "roles": ["chief_executive"], "classes": ["icb-directors"]},
         {"id": "icb-cfo", "name": "Chief Finance Officer", "organisation": "icb",
          "roles": ["executive_director"], "classes": ["icb-directors", "icb-budget-holders"]},
         {"id": "icb-cno", "name": "Chief Nursing Officer", "organisation": "icb",
          "roles": ["executive_director"], "classes": ["icb-directors"]},
         {"id": "icb-deputy-dof", "name": "Deputy Director of Finance", "organisation": "icb",
          "roles": ["employee"], "classes": ["icb-budget-holders"]})
    _add(t, "joint_authorities",
         {"id": "icb-ceo-and-cfo", "name": "The Chief Executive and the Chief Finance Officer "
          "acting jointly", "organisation": "icb", "requires": ["icb-ceo", "icb-cfo"]},
         {"id": "icb-director-and-ceo-or-cfo", "name": "A director and either the Chief Executive "
          "or the Chief Finance Officer", "organisation": "icb",
          "requires": ["icb-directors", "icb-ceo|icb-cfo"]})
    _edit(t, "positions", "id", "p-cfo", post="icb-cfo")
    _add(t, "positions",
         {"id": "p-ceo", "person": "ceo", "role": "chief_executive", "organisation": "icb",
          "post": "icb-ceo", "start": "2022-07-01"},
         {"id": "p-cno", "person": "cno", "role": "executive_director", "organisation": "icb",
          "post": "icb-cno", "start": "2022-07-01"},
         {"id": "p-dep", "person": "dep", "role": "employee", "organisation": "icb",
          "post": "icb-deputy-dof", "start": "2023-01-01"})
    _add(t, "delegations",
         {"id": "d-budget-holders", "from_body": "icb-board", "to_post": "icb-budget-holders",
          "matters": ["expenditure"], "limit": 10_000, "instrument": "ICB SFIs, limits 1(e)",
          "start": "2022-07-01"},
         {"id": "d-director", "from_body": "icb-board", "to_post": "icb-directors",
          "matters": ["expenditure"], "lower_limit": 10_000, "limit": 100_000,
          "instrument": "ICB SFIs, limits 1(d)", "start": "2022-07-01"},
         {"id": "d-director-plus", "from_body": "icb-board", "to_joint": "icb-director-and-ceo-or-cfo",
          "matters": ["expenditure"], "lower_limit": 100_000, "limit": 250_000,
          "instrument": "ICB SFIs, limits 1(c)", "start": "2022-07-01"},
         {"id": "d-ceo-cfo", "from_body": "icb-board", "to_joint": "icb-ceo-and-cfo",
          "matters": ["expenditure"], "lower_limit": 250_000, "limit": 500_000,
          "instrument": "ICB SFIs, limits 1(b)", "start": "2022-07-01"},
         {"id": "d-cfo-losses", "from_body": "icb-board", "to_post": "icb-cfo",
          "matters": ["losses"], "limit": 50_000, "instrument": "ICB SFIs, limits 4",
          "start": "2022-07-01"})
    _add(t, "reserved_matters", {"body": "icb-board", "matter": "expenditure", "above": 500_000,
                                 "instrument": "ICB SFIs, limits 1(a)"})


def _spend(did: str, value: float, date: str, *, by: str | None = None,
           signed: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": did, "matter": extra.pop("matter", "expenditure")}
    if by:
        row["by_person"] = by
    if signed:
        row["signatories"] = signed
    row.update({"date": date, "value": value, "on_behalf_of": ["icb"], **extra})
    return row


def post_delegate(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "decisions",
         _spend("dec-x", 8_000, "2024-09-04", by="cfo", description="Printer consumables"),
         _spend("dec-y", 60_000, "2024-09-04", by="cno", description="Clinical audit software"),
         _spend("dec-z", 4_000, "2024-09-11", by="cfo", matter="losses",
                description="Write-off of an irrecoverable overpayment"))


def not_post_holder(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "decisions",
         _spend("dec-x", 60_000, "2024-09-04", by="dep", delegation="d-director",
                description="Office refurbishment approved by the Deputy Director of Finance, "
                            "citing the directors' limit"),
         _spend("dec-y", 6_000, "2024-09-11", by="cno", matter="losses", delegation="d-cfo-losses",
                description="Loss written off by the Chief Nursing Officer under the CFO's power"))


def joint_authority(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "decisions",
         _spend("dec-x", 400_000, "2024-09-04", signed=["ceo", "cfo"],
                description="Estates maintenance contract, signed by the CEO and the CFO"),
         _spend("dec-y", 200_000, "2024-09-04", signed=["cno", "cfo"],
                description="Community equipment order, signed by the CNO and the CFO"))


def joint_authority_not_met(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "decisions",
         _spend("dec-x", 300_000, "2024-09-04", by="cfo", delegation="d-ceo-cfo",
                description="IT hardware refresh, signed by the CFO alone under the joint limit"),
         _spend("dec-y", 150_000, "2024-09-04", signed=["ceo", "ceo"], delegation="d-director-plus",
                description="Signed twice by the Chief Executive, as 'a director and either the "
                            "Chief Executive or the Chief Finance Officer' (one person, not two)"))


def limit_bands(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "decisions",
         _spend("dec-x", 60_000, "2024-09-04", by="cno", description="Within the directors' band"),
         _spend("dec-y", 650_000, "2024-09-04", signed=["ceo", "cfo"],
                description="Over the joint band, and reserved to the board above £500,000"),
         {"id": "dec-z", "matter": "expenditure", "by_body": "icb-board", "date": "2024-09-25",
          "value": 700_000, "description": "Approved by the board itself"})


def outside_budget(t: Tables) -> None:
    _scheme_as_written(t)
    _edit(t, "delegations", "id", "d-director", within_budget_only=True)
    _add(t, "decisions",
         _spend("dec-x", 40_000, "2024-09-04", by="cno", within_budget=False,
                description="Agency staff beyond the agreed budget"),
         _spend("dec-y", 40_000, "2024-09-04", by="cno", within_budget=True,
                description="Agency staff within the agreed budget"),
         _spend("dec-z", 40_000, "2024-09-04", by="cno",
                description="Agency staff (budget not recorded: to confirm, not a finding)"))


def split_commitment(t: Tables) -> None:
    _scheme_as_written(t)
    _edit(t, "delegations", "id", "d-director", cumulative=True)
    _add(t, "decisions",
         _spend("dec-a", 45_000, "2024-09-02", by="cno", supplier="supplier-a", project="ward-refurb",
                description="Ward refurbishment, phase 1"),
         _spend("dec-b", 40_000, "2024-09-20", by="cno", supplier="supplier-a", project="ward-refurb",
                description="Ward refurbishment, phase 2"),
         _spend("dec-c", 35_000, "2024-10-01", by="cno", supplier="supplier-a", project="ward-refurb",
                description="Ward refurbishment, phase 3 (the total passes £100,000)"),
         _spend("dec-d", 60_000, "2024-09-02", by="cfo", supplier="supplier-b",
                description="Office furniture, first order"),
         _spend("dec-e", 50_000, "2024-10-02", by="cfo", supplier="supplier-b",
                description="Office furniture, second order a month later (no project named)"),
         _spend("dec-f", 50_000, "2025-03-02", by="cfo", supplier="supplier-b",
                description="Office furniture, five months later (outside the 90-day window)"))


def reporting_duty(t: Tables) -> None:
    _scheme_as_written(t)
    _edit(t, "delegations", "id", "d-ceo-cfo", report_to="icb-board", report_top_n=5)
    _add(t, "meetings",
         {"id": "fic-2024-10", "body": "icb-fic", "date": "2024-10-16", "public": False,
          "title": "Finance and Investment Committee, October 2024"},
         {"id": "board-2024-10", "body": "icb-board", "date": "2024-10-30",
          "title": "ICB Board, October 2024"})
    _add(t, "decisions",
         _spend("dec-x", 300_000, "2024-09-04", signed=["ceo", "cfo"], reported_at="fic-2024-10",
                description="Reported to the finance committee, not the board"),
         _spend("dec-y", 320_000, "2024-09-04", signed=["ceo", "cfo"], reported_at="board-2024-10",
                description="Reported to the board"),
         _spend("dec-z", 310_000, "2024-09-04", signed=["ceo", "cfo"],
                description="No report recorded (to confirm, not a finding)"))


def vat_to_confirm(t: Tables) -> None:
    _scheme_as_written(t)
    _edit(t, "delegations", "id", "d-director", includes_vat=True)
    _add(t, "decisions",
         _spend("dec-x", 90_000, "2024-09-04", by="cno", value_includes_vat=False,
                description="£90,000 before VAT: £108,000 with VAT at 20%, if VAT applies"),
         _spend("dec-y", 80_000, "2024-09-04", by="cno",
                description="£80,000, VAT not stated: within £100,000 either way"),
         _spend("dec-z", 95_000, "2024-09-04", by="cno", value_includes_vat=True,
                description="£95,000 including VAT"))


def procurement_thresholds(t: Tables) -> None:
    _scheme_as_written(t)
    _add(t, "procurement_thresholds",
         {"id": "pt-1", "organisation": "icb", "matters": ["expenditure"], "up_to": 10_000,
          "route": "quotations", "min_quotations": 2, "action": "a minimum of two quotations",
          "instrument": "ICB SFIs 9.2(a)", "includes_vat": False},
         {"id": "pt-2", "organisation": "icb", "matters": ["expenditure"], "above": 10_000,
          "up_to": 50_000, "route": "quotations", "min_quotations": 3,
          "action": "a minimum of three written quotations", "instrument": "ICB SFIs 9.2(b)",
          "includes_vat": False},
         {"id": "pt-3", "organisation": "icb", "matters": ["expenditure"], "above": 50_000,
          "route": "tender", "action": "a formal competitive tender",
          "instrument": "ICB SFIs 9.2(c)", "includes_vat": False})
    _add(t, "decisions",
         _spend("dec-x", 30_000, "2024-09-04", by="cno", procurement="quotations", quotations=1,
                description="One quotation where three were required"),
         _spend("dec-y", 70_000, "2024-09-04", by="cno", procurement="tender",
                description="Tendered"),
         _spend("dec-z", 20_000, "2024-09-04", by="cno",
                description="How it was procured is not recorded (to confirm, not a finding)"))


def recommendation(t: Tables) -> None:
    _add(t, "decisions",
         {"id": "dec-rec", "matter": "annual_accounts", "by_body": "icb-fic", "date": "2024-06-12",
          "recommendation_to": "icb-board", "approved_by": "dec-board",
          "description": "The finance committee recommends the annual accounts to the board"},
         {"id": "dec-rec2", "matter": "contract_award.community", "by_body": "icb-fic",
          "date": "2024-06-12", "recommendation_to": "icb-board", "approved_by": "dec-fic",
          "description": "Recommendation recorded as approved by the committee's own decision"})


def date_unknown(t: Tables) -> None:
    _add(t, "decisions",
         {"id": "dec-x", "matter": "contract_award", "by_person": "cfo", "value": 50_000,
          "description": "Undated: the paper gives no date"},
         {"id": "dec-y", "matter": "annual_accounts", "by_body": "icb-board",
          "description": "Undated board decision: nothing depends on the date"})


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
    "post_delegate": (post_delegate, "Delegates as schemes name them: the ICB's SFIs delegate "
                      "non-pay expenditure to budget holders (a class of posts, up to £10,000) and "
                      "to directors (a class: any executive director, above £10,000 up to "
                      "£100,000), and losses to the Chief Finance Officer (an office). Each decision "
                      "is taken by a holder of the right post on the day: sound."),
    "not_post_holder": (not_post_holder, "By the wrong post: the Deputy Director of Finance (a "
                        "budget holder, not a director) approves £60,000 citing the directors' "
                        "limit; the Chief Nursing Officer writes off a loss under the Chief Finance "
                        "Officer's power."),
    "joint_authority": (joint_authority, "Joint authorities met: the Chief Executive and the Chief "
                        "Finance Officer sign £400,000 together (their joint band is £250,000 to "
                        "£500,000); the Chief Nursing Officer (a director) and the Chief Finance "
                        "Officer sign £200,000 ('a director and either the Chief Executive or the "
                        "Chief Finance Officer')."),
    "joint_authority_not_met": (joint_authority_not_met, "One of a joint pair alone: the Chief "
                                "Finance Officer signs £300,000 under the Chief Executive and Chief "
                                "Finance Officer's joint authority; the Chief Executive signs "
                                "£150,000 twice, as if he were two people."),
    "limit_bands": (limit_bands, "Limits as written: bands with a lower and an upper end, and "
                    "expenditure reserved to the board above £500,000. A director approves £60,000 "
                    "(within the directors' band); the Chief Executive and the Chief Finance "
                    "Officer approve £650,000 (over their £500,000 and reserved to the board); the "
                    "board approves £700,000 itself."),
    "outside_budget": (outside_budget, "The directors' limit applies only within agreed budgets: "
                       "£40,000 recorded as outside budget is a finding; within budget, or not "
                       "recorded, is not."),
    "split_commitment": (split_commitment, "A commitment split to stay under a limit. The "
                         "directors' £100,000 applies to a project's cumulative cost; three "
                         "phases of one ward refurbishment (£45,000, £40,000, £35,000) pass it with "
                         "the third. Two furniture orders from one supplier a month apart (£60,000 "
                         "and £50,000, no project named) may be one commitment: to confirm. A third "
                         "order five months later is outside the 90-day window."),
    "reporting_duty": (reporting_duty, "A reporting duty: the Chief Executive and Chief Finance "
                       "Officer's joint decisions (the top 5 by value) are reported to the board. "
                       "One was reported to the finance committee instead; one to the board; one "
                       "has no report recorded (to confirm, not a finding)."),
    "vat_to_confirm": (vat_to_confirm, "The directors' £100,000 includes VAT. £90,000 before VAT "
                       "may be £108,000 with it (to confirm); £80,000 with VAT not stated is within "
                       "either way; £95,000 including VAT is within."),
    "procurement_thresholds": (procurement_thresholds, "Thresholds as data: up to £10,000 two "
                               "quotations, to £50,000 three written quotations, above a formal "
                               "tender. £30,000 with one quotation does not meet its band; £70,000 "
                               "tendered does; £20,000 with nothing recorded is to confirm."),
    "recommendation": (recommendation, "Recommendations and approvals: the finance committee "
                       "recommends the annual accounts (reserved to the board) to the board, which "
                       "approves them (sound: a recommendation needs no delegation). A second "
                       "recommendation is recorded as approved by the committee's own decision."),
    "date_unknown": (date_unknown, "Decisions with no date: the chief finance officer's contract "
                     "award rests on delegations with start dates (to confirm); the board's own "
                     "decision depends on no date (sound)."),
    "hostile_names": (hostile_names, "Names, instruments and descriptions that try to run script, "
                      "formulas or Markdown (untrusted register text), on a decision over its "
                      "limit."),
}


# --------------------------------------------------------------------------- real published schedules
#
# Entered from their published form (only what the stored excerpt states; where it is cut, the
# README says so).  The people and the decisions are invented, to trace hypothetical decisions
# against the real limits; the limits, posts, joint authorities, flags and thresholds are the
# source's.

CKW_URL = ("https://issuu.com/nhskirklees/docs/"
           "ckwcb-11-24c_authorised_financial__20111109_130350")
CKW_LIMITS = "CKW Authorised Financial Limits (Cluster Board paper CKWCB 11/24c)"


def real_authorised_limits() -> Tables:
    """Calderdale, Kirklees & Wakefield District Cluster: Authorised Financial Limits (2011)."""
    flags = {"includes_vat": True, "within_budget_only": True, "cumulative": True}
    ckw = "ckw-cluster"

    def deleg(did: str, section: str, matter: str, **kw: Any) -> dict[str, Any]:
        return {"id": did, "from_body": "ckw-board", **kw, "matters": [matter],
                "instrument": f"{CKW_LIMITS}, {section}", **flags}

    def dec(did: str, matter: str, value: float, date: str, text: str, **kw: Any) -> dict[str, Any]:
        return {"id": did, "matter": matter, **kw, "date": date, "value": value,
                "value_includes_vat": True, "on_behalf_of": [ckw], "description": text}

    return {
        "organisations": [
            {"id": ckw, "name": "Calderdale, Kirklees & Wakefield District Cluster", "kind": "other",
             "aliases": ["CKW Cluster"]},
            {"id": "example-estates", "name": "Example Estates Contractor Ltd (invented)",
             "kind": "company"},
            {"id": "example-care", "name": "Example Community Care Provider (invented)",
             "kind": "company"},
        ],
        "bodies": [
            {"id": "ckw-board", "name": "Cluster Board of Directors", "kind": "board",
             "owners": [ckw]},
            {"id": "ckw-audit", "name": "Audit Committee", "kind": "committee", "owners": [ckw],
             "parent": "ckw-board"},
        ],
        "people": [
            {"id": "alex-carter", "name": "Alex Carter (invented)"},
            {"id": "bea-lund", "name": "Bea Lund (invented)"},
            {"id": "cal-mercer", "name": "Cal Mercer (invented)"},
            {"id": "dee-north", "name": "Dee North (invented)"},
            {"id": "eli-shaw", "name": "Eli Shaw (invented)"},
        ],
        "posts": [
            {"id": "ckw-directors", "name": "A Director", "kind": "class", "organisation": ckw,
             "roles": ["chief_executive", "executive_director"],
             "description": "'the definition of directors includes Executive Directors, Cluster "
                            "Directors, Accountable Officers, Chief Operating Officers and Chief "
                            "Financial Officers where appropriate'"},
            {"id": "ckw-budget-holders", "name": "Budget Holders", "kind": "class",
             "organisation": ckw,
             "description": "Section 2 calls them 'All other Budget Holders (Heads of Service)'."},
            {"id": "ckw-chief-executive", "name": "Chief Executive", "organisation": ckw,
             "roles": ["chief_executive"], "classes": ["ckw-directors"]},
            {"id": "ckw-director-of-finance", "name": "Director of Finance", "organisation": ckw,
             "roles": ["executive_director"], "classes": ["ckw-directors"]},
            {"id": "ckw-director-of-commissioning", "name": "Director of Commissioning (invented)",
             "organisation": ckw, "roles": ["executive_director"], "classes": ["ckw-directors"]},
            {"id": "ckw-deputy-director-of-finance", "name": "Deputy Director of Finance (invented)",
             "organisation": ckw, "roles": ["employee"], "classes": ["ckw-budget-holders"]},
            {"id": "ckw-head-of-contracting", "name": "Head of Contracting (invented)",
             "organisation": ckw, "roles": ["employee"], "classes": ["ckw-budget-holders"]},
        ],
        "joint_authorities": [
            {"id": "ckw-ceo-and-dof", "organisation": ckw,
             "name": "The Chief Executive and Director of Finance acting jointly",
             "requires": ["ckw-chief-executive", "ckw-director-of-finance"]},
            {"id": "ckw-director-and-ceo-or-dof", "organisation": ckw,
             "name": "A Director and either the Chief Executive or the Director of Finance",
             "requires": ["ckw-directors", "ckw-chief-executive|ckw-director-of-finance"]},
            {"id": "ckw-ceo-and-or-dof", "organisation": ckw,
             "name": "Chief Executive and/or Director of Finance",
             "requires": ["ckw-chief-executive|ckw-director-of-finance"]},
        ],
        "positions": [
            {"id": "pos-carter", "person": "alex-carter", "role": "chief_executive",
             "organisation": ckw, "post": "ckw-chief-executive", "start": "2011-10-01"},
            {"id": "pos-lund", "person": "bea-lund", "role": "executive_director",
             "organisation": ckw, "post": "ckw-director-of-finance", "start": "2011-10-01"},
            {"id": "pos-mercer", "person": "cal-mercer", "role": "executive_director",
             "organisation": ckw, "post": "ckw-director-of-commissioning", "start": "2011-10-01"},
            {"id": "pos-north", "person": "dee-north", "role": "employee", "organisation": ckw,
             "post": "ckw-deputy-director-of-finance", "start": "2011-10-01"},
            {"id": "pos-shaw", "person": "eli-shaw", "role": "employee", "organisation": ckw,
             "post": "ckw-head-of-contracting", "start": "2011-10-01"},
        ],
        "matters": [
            {"code": "expenditure", "name": "Commitment of expenditure, with the exception of NHS "
                                            "contracts for health care"},
            {"code": "nhs_contracts", "name": "Commitment of NHS contracts and expenditure"},
            {"code": "losses", "name": "Losses and Compensations"},
        ],
        "reserved_matters": [
            {"body": "ckw-board", "matter": "expenditure", "above": 500_000,
             "instrument": f"{CKW_LIMITS}, 1: 'Authorised by Trust Board if greater than 500,000'"},
        ],
        "delegations": [
            deleg("ckw-1-ceo-dof", "1", "expenditure", to_joint="ckw-ceo-and-dof",
                  lower_limit=250_000, limit=500_000),
            deleg("ckw-1-director-plus", "1", "expenditure", to_joint="ckw-director-and-ceo-or-dof",
                  lower_limit=100_000, limit=250_000),
            deleg("ckw-1-director", "1", "expenditure", to_post="ckw-directors", limit=100_000),
            deleg("ckw-1-budget-holders", "1", "expenditure", to_post="ckw-budget-holders",
                  limit=10_000),
            deleg("ckw-2-ceo-dof", "2", "nhs_contracts", to_joint="ckw-ceo-and-or-dof",
                  report_to="ckw-board", report_top_n=5),
            deleg("ckw-2-director", "2", "nhs_contracts", to_post="ckw-directors", limit=1_000_000),
            deleg("ckw-2-budget-holders", "2", "nhs_contracts", to_post="ckw-budget-holders",
                  limit=10_000),
            deleg("ckw-4-audit", "4", "losses", to_body="ckw-audit"),
        ],
        "procurement_thresholds": [
            {"id": "ckw-3-quotations-obtained", "organisation": ckw, "matters": ["expenditure"],
             "up_to": 20_000, "route": "quotations", "includes_vat": True,
             "action": "Competitive quotations to be obtained", "instrument": f"{CKW_LIMITS}, 3"},
            {"id": "ckw-3-quotations-invited", "organisation": ckw, "matters": ["expenditure"],
             "above": 20_000, "up_to": 50_000, "route": "quotations", "includes_vat": True,
             "action": "Competitive quotations must be invited", "instrument": f"{CKW_LIMITS}, 3"},
            {"id": "ckw-3-formal-tender", "organisation": ckw, "matters": ["expenditure"],
             "above": 50_000, "route": "tender", "includes_vat": True,
             "action": "Formal tendering procedure must be applied", "instrument": f"{CKW_LIMITS}, 3"},
            {"id": "ckw-3-ojeu", "organisation": ckw, "matters": ["expenditure"], "above": 140_000,
             "route": "regime", "includes_vat": True,
             "action": "European Union (OJEU) limits and requirements must be followed",
             "regime": "OJEU; the source gives the limit as '140,000 (Approx)' and says the current "
                       "limit must be confirmed",
             "instrument": f"{CKW_LIMITS}, 3"},
        ],
        "meetings": [
            {"id": "ckw-board-2012-07", "body": "ckw-board", "date": "2012-07-25",
             "title": "Cluster Board of Directors, July 2012 (invented)"},
        ],
        "decisions": [
            dec("h1-within-band", "expenditure", 80_000, "2012-05-02",
                "Within a band: a Director approves £80,000 (tendered).", by_person="cal-mercer",
                within_budget=True, procurement="tender"),
            dec("h2-over-band", "expenditure", 180_000, "2012-05-09",
                "Over it: a Director alone approves £180,000 (the Director's limit is £100,000).",
                by_person="cal-mercer", within_budget=True, procurement="regime"),
            dec("h3-wrong-post", "expenditure", 60_000, "2012-05-16",
                "By the wrong post: the Deputy Director of Finance, a budget holder but not a "
                "director, approves £60,000 under the Directors' limit.", by_person="dee-north",
                delegation="ckw-1-director", within_budget=True, procurement="tender"),
            dec("h4-joint-pair-alone", "expenditure", 400_000, "2012-05-23",
                "By one of a joint pair alone: the Director of Finance approves £400,000, which "
                "needs the Chief Executive and the Director of Finance acting jointly.",
                by_person="bea-lund", delegation="ckw-1-ceo-dof", within_budget=True,
                procurement="regime"),
            dec("h5-joint-pair", "expenditure", 400_000, "2012-05-30",
                "The joint pair: the Chief Executive and the Director of Finance approve £400,000.",
                signatories=["alex-carter", "bea-lund"], within_budget=True, procurement="regime"),
            dec("h6-split-1", "expenditure", 45_000, "2012-06-04",
                "Split to avoid a limit, part 1 of 3: estates works, £45,000.",
                by_person="cal-mercer", supplier="example-estates", project="estates-works-2012",
                within_budget=True, procurement="quotations"),
            dec("h7-split-2", "expenditure", 40_000, "2012-06-18",
                "Part 2 of 3: £40,000 (the project now totals £85,000).", by_person="cal-mercer",
                supplier="example-estates", project="estates-works-2012", within_budget=True,
                procurement="quotations"),
            dec("h8-split-3", "expenditure", 35_000, "2012-07-02",
                "Part 3 of 3: £35,000 (the project now totals £120,000, over the Director's "
                "£100,000, which applies to the cumulative cost of a project).",
                by_person="cal-mercer", supplier="example-estates", project="estates-works-2012",
                within_budget=True, procurement="quotations"),
            dec("h9-nhs-contract", "nhs_contracts", 3_200_000, "2012-06-27",
                "An NHS contract of £3.2m signed by the Chief Executive ('and/or': either may; "
                "no limit), reported to the Board among the top 5 by value.",
                by_person="alex-carter", supplier="example-care", within_budget=True,
                reported_at="ckw-board-2012-07"),
            dec("h10-reserved", "expenditure", 650_000, "2012-07-04",
                "Over £500,000, reserved to the Board, approved by the Chief Executive and the "
                "Director of Finance.", signatories=["alex-carter", "bea-lund"],
                within_budget=True, procurement="regime"),
            dec("h11-over-budget", "expenditure", 30_000, "2012-07-11",
                "A Director approves £30,000 that is not within an agreed budget.",
                by_person="cal-mercer", within_budget=False, procurement="quotations"),
            dec("h12-losses", "losses", 12_000, "2012-07-18",
                "The Audit Committee approves a loss of £12,000.", by_body="ckw-audit"),
            dec("h13-one-quote", "expenditure", 60_000, "2012-07-19",
                "A Director approves £60,000 on quotations where a formal tender was required.",
                by_person="cal-mercer", within_budget=True, procurement="quotations"),
        ],
    }


CKW_README = f"""# deleg-real-authorised-limits

A real published schedule of authorised limits, entered as it is written: **Calderdale,
Kirklees & Wakefield District Cluster, "Authorised Financial Limits: Schedule of levels of
authorisation to commit expenditure and delegated powers approved by the Cluster Board of
Directors"** (Cluster Board paper CKWCB 11/24c, November 2011), as published at
<{CKW_URL}>.

Read through the project's stored-pages search, which holds only the **first ~2,000 characters**
of the page. The excerpt is cut in the middle of its last sentence ("The limits must be applied
to the cumulative cost of a project and must take into account the pote[...]"): whatever
follows (the rest of that condition, any further sections) is not known and is not entered.

What the excerpt states, and how it is entered:

| the schedule says | entered as |
|---|---|
| 1 Commitment of expenditure, with the exception of NHS contracts for health care | matter `expenditure` |
| Authorised by Trust Board if greater than 500,000 | `reserved_matters`: the board, `expenditure`, `above: 500000` |
| by the Chief Executive and Director of Finance acting jointly if between 250,000 and 500,000 | joint authority `ckw-ceo-and-dof`; delegation `ckw-1-ceo-dof`, `lower_limit: 250000`, `limit: 500000` |
| by a Director and either the Chief Exective [sic] or the Director of Finance: 100,000 and 250,000 | joint authority `ckw-director-and-ceo-or-dof` (`ckw-directors;ckw-chief-executive\\|ckw-director-of-finance`); `ckw-1-director-plus`, 100000 to 250000 |
| by a Director, up to 100,000 (the definition of directors includes Executive Directors, Cluster Directors, Accountable Officers, Chief Operating Officers and Chief Financial Officers where appropriate) | class of posts `ckw-directors` (roles `chief_executive`, `executive_director`; the named offices listed in it); `ckw-1-director`, `limit: 100000` (no lower end is stated, so none is entered) |
| by Budget Holders: 10,000 | class of posts `ckw-budget-holders`; `ckw-1-budget-holders`, 10000 |
| 2 Commitment of NHS contracts and expenditure: Chief Executive and/or Director of Finance (with the top 5 contracts by value must be reported to the Board): NO LIMIT | matter `nhs_contracts`; joint authority `ckw-ceo-and-or-dof` with one requirement, either post; `ckw-2-ceo-dof`, no limit, `report_to: ckw-board`, `report_top_n: 5` |
| A Director: 1,000,000 | `ckw-2-director`, 1000000 |
| All other Budget Holders (Heads of Service): 10,000 (a stray "3" in the excerpt before this figure is the next section's number) | `ckw-2-budget-holders`, 10000 |
| 3 Tenders and quotations: competitive quotations to be obtained for contracts not exceeding 20,000; must be invited between 20,000 & 50,000; formal tendering where the estimated contract value exceeds 50,000; European Union (OJEU) limits and requirements must be followed, "current limit must be confirmed", 140,000 (Approx) | `procurement_thresholds` `ckw-3-*`, applied to `expenditure` only (the excerpt does not say whether they apply to NHS contracts for health care); the number of quotations is not stated, so none is entered |
| 4 Losses and Compensations Authorisation limits: Audit Committee, No limit | `ckw-4-audit` to the Audit Committee, no limit |
| The above limits include VAT | `includes_vat: true` on every delegation and threshold |
| The above limits only apply to expenditure within agreed budgets. Any expenditure over budget has to be agreed by the Board. | `within_budget_only: true` on every delegation |
| The limits must be applied to the cumulative cost of a project and must take into account the pote[...] (cut) | `cumulative: true` on every delegation; the rest of the sentence is unknown |

Not in the excerpt, so not entered: dates (the delegations have no start or end: the paper is
dated 9 November 2011 in its file name; the date it took effect is not stated); which body the
Audit Committee is a committee of (entered as the Cluster Board's, the only board named); the
kind of organisation (a PCT cluster: `other`). The schedule names the board both "Cluster Board
of Directors" and "Trust Board": one board is entered.

**Invented, to trace hypothetical decisions against the real limits**: the five people, the three
offices marked "(invented)", the two suppliers, the July 2012 board meeting and every decision.
Expected verdicts (asserted in `tests/test_delegation_real.py`):

| decision | situation | verdict, findings |
|---|---|---|
| h1-within-band | a Director, £80,000, tendered | sound |
| h2-over-band | a Director alone, £180,000 | sord_breach: `limit_exceeded` (the Director's £100,000); should have been: a Director and either the Chief Executive or the Director of Finance |
| h3-wrong-post | the Deputy Director of Finance (a budget holder), £60,000, citing the Directors' limit | sord_breach: `not_post_holder` |
| h4-joint-pair-alone | the Director of Finance alone, £400,000, citing the joint limit | sord_breach: `joint_authority_not_met` |
| h5-joint-pair | the Chief Executive and the Director of Finance, £400,000 | sound |
| h6, h7, h8 (split) | one project in three parts by one Director: £45,000, £40,000, £35,000 | h6 and h7 sound; h8 sord_breach: `split_commitment` (the cumulative cost passes £100,000) |
| h9-nhs-contract | an NHS contract of £3.2m by the Chief Executive alone ("and/or"), reported to the Board | sound |
| h10-reserved | the Chief Executive and the Director of Finance, £650,000 | sord_breach: `limit_exceeded` and `reserved_matter` (reserved to the Board above £500,000) |
| h11-over-budget | a Director, £30,000, not within an agreed budget | sord_breach: `outside_budget` |
| h12-losses | the Audit Committee, a £12,000 loss | sound |
| h13-one-quote | a Director, £60,000, on quotations where a formal tender was required | sord_breach: `procurement_requirement_not_met` |

Written by `tests/data/make_deleg_fixtures.py`.
"""

SWBH_URL = "https://myconnect.swbh.nhs.uk/news/reminder-to-colleagues-single-tender-waivers"


def real_quotation_thresholds() -> Tables:
    """Sandwell and West Birmingham Hospitals NHS Trust: quotation and tender bands (July 2020)."""
    trust = "swbh"
    inst = "SWBH SFIs, as quoted in 'Reminder to colleagues: Single tender waivers' (22 July 2020)"

    def dec(did: str, value: float, text: str, **kw: Any) -> dict[str, Any]:
        return {"id": did, "matter": "expenditure", "by_body": "swbh-board", "date": "2020-09-01",
                "value": value, "description": text, **kw}

    return {
        "organisations": [
            {"id": trust, "name": "Sandwell and West Birmingham Hospitals NHS Trust",
             "kind": "nhs_trust"},
        ],
        "bodies": [
            {"id": "swbh-board", "name": "Sandwell and West Birmingham Hospitals NHS Trust Board",
             "kind": "board", "owners": [trust]},
        ],
        "people": [{"id": "procurement-lead", "name": "Procurement lead (invented; a dataset needs "
                                                  "someone)"}],
        "matters": [{"code": "expenditure", "name": "Capital and revenue expenditure"}],
        "procurement_thresholds": [
            {"id": "swbh-under-10k", "organisation": trust, "matters": ["expenditure"],
             "up_to": 9_999.99, "route": "quotations", "min_quotations": 2,
             "action": "a minimum of two verbal quotations", "instrument": inst},
            {"id": "swbh-10k-25k", "organisation": trust, "matters": ["expenditure"],
             "above": 9_999.99, "up_to": 24_999.99, "route": "quotations", "min_quotations": 3,
             "action": "a minimum of three written quotations", "instrument": inst},
            {"id": "swbh-25k-122976", "organisation": trust, "matters": ["expenditure"],
             "above": 24_999.99, "up_to": 122_976, "route": "tender",
             "action": "Competitive procurement exercise carried out by Trust procurement "
                       "department - invite minimum three suppliers", "instrument": inst},
            {"id": "swbh-above-122976", "organisation": trust, "matters": ["expenditure"],
             "above": 122_976, "route": "regime",
             "action": "as above plus advertise in Official Journal of the EU (current requirement)",
             "regime": "OJEU (as at July 2020)", "instrument": inst},
        ],
        "decisions": [
            dec("t1-two-verbal", 8_000, "£8,000 on two quotations.", procurement="quotations",
                quotations=2),
            dec("t2-two-written", 20_000, "£20,000 on two quotations (three written required).",
                procurement="quotations", quotations=2),
            dec("t3-quotes-not-tender", 60_000, "£60,000 on quotations (a competitive exercise "
                "required).", procurement="quotations", quotations=3),
            dec("t4-tender-not-advertised", 150_000, "£150,000 tendered but not advertised in the "
                "OJEU.", procurement="tender"),
            dec("t5-advertised", 150_000, "£150,000 advertised in the OJEU.", procurement="regime"),
            dec("t6-waiver", 60_000, "£60,000 under an approved single tender waiver.",
                procurement="waiver"),
            dec("t7-not-recorded", 60_000, "£60,000; how it was procured is not recorded."),
        ],
    }


SWBH_README = f"""# deleg-real-quotation-thresholds

A real table of quotation and tender thresholds, entered as published: **Sandwell and West
Birmingham Hospitals NHS Trust**, staff news "Reminder to colleagues: Single tender waivers",
22 July 2020, <{SWBH_URL}>, quoting the Trust's Standing Financial Instructions ("The principles
are as follows and apply to capital and revenue expenditure plans"):

- Less than £10,000: a minimum of two verbal quotations
- £10,000-£24,999: a minimum of three written quotations
- £25,000-£122,976: competitive procurement exercise carried out by Trust procurement
  department, invite minimum three suppliers
- Above £122,976: as above plus advertise in Official Journal of the EU (current requirement)

Read through the project's stored-pages search (the page's first ~2,000 characters; the parts
of the page marked "[...]" in the researcher's excerpt are not known). The bands are in whole
pounds in the source; they are entered as "up to £9,999.99", "above £9,999.99 up to
£24,999.99", "above £24,999.99 up to £122,976" and "above £122,976". The source does not say
whether the values include VAT (left blank), nor who approves each value (no delegations are
entered: the decisions are put to the Trust Board so that only the thresholds are tested).

The decisions are **invented**. Expected (asserted in `tests/test_delegation_real.py`):
t1 sound; t2, t3 and t4 `procurement_requirement_not_met`; t5 sound (advertised); t6 sound (an
approved waiver meets the Trust's own requirement; it would not meet a legal regime's); t7 sound
with the requirement "to confirm" (nothing recorded is not a finding).

Written by `tests/data/make_deleg_fixtures.py`.
"""

#: Real published schedules: folder name -> (tables, README text).
REAL: dict[str, tuple[Callable[[], Tables], str]] = {
    "deleg-real-authorised-limits": (real_authorised_limits, CKW_README),
    "deleg-real-quotation-thresholds": (real_quotation_thresholds, SWBH_README),
}


def write_real(name: str, root: Path = HERE) -> Path:
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    build_tables, readme = REAL[name]
    for table, rows in build_tables().items():
        (folder / f"{table}.yaml").write_text(
            yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    return folder


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
    for name in REAL:
        print(write_real(name))
