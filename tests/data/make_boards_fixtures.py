"""Build the real-boards fixtures under ``tests/data/boards-*/``: one situation each (issue 14).

Run it from the repository root after changing a case::

    .venv/bin/python tests/data/make_boards_fixtures.py

and commit what it writes (``tests/test_boards.py`` fails when a folder differs
from what this script writes).  Each case is a complete dataset folder: the
small ICB below, as real papers leave it, with one thing the papers do not say
(a blank the tool must hold as *not stated*) or one thing boards really minute.
Every folder gets a ``README.md`` saying what it shows.  What each case must
produce is asserted in ``tests/test_boards.py``, not here.
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

MEETING = "board-2025-06"
DAY = "2025-06-12"

# --------------------------------------------------------------------------- the base system

BASE: Tables = {
    "organisations": [
        {"id": "icb", "name": "NHS Eastmere Integrated Care Board", "kind": "icb"},
        {"id": "acute-ft", "name": "Eastmere Hospitals NHS Foundation Trust", "kind": "foundation_trust",
         "aliases": ["EHFT"]},
        {"id": "oak-surgery", "name": "Oak Surgery", "kind": "gp_practice"},
        {"id": "council", "name": "Eastmere County Council", "kind": "local_authority"},
    ],
    "bodies": [
        {"id": "icb-board", "name": "Eastmere ICB Board", "kind": "board", "owners": ["icb"],
         "quorum_min_members": 4, "quorum_required_roles": ["chair|vice_chair"],
         "quorum_options": ["defer", "co_opt"]},
        {"id": "icb-fic", "name": "Finance and Investment Committee", "kind": "committee",
         "owners": ["icb"], "parent": "icb-board", "quorum_min_members": 2},
    ],
    "people": [
        {"id": "chair", "name": "Ada Chalmers"},
        {"id": "vice", "name": "Victor Vane"},
        {"id": "ned", "name": "Nora Ned"},
        {"id": "ceo", "name": "Colm Eady"},
        {"id": "cfo", "name": "Fay Oduya"},
        {"id": "pm-trust", "name": "Tess Rowe"},
        {"id": "pm-gp", "name": "Dr Gil Pratt"},
        {"id": "pm-la", "name": "Lin Ashe"},
    ],
    "positions": [
        {"id": "s-chair", "person": "chair", "role": "chair", "body": "icb-board", "independent": True,
         "start": "2022-07-01"},
        {"id": "s-vice", "person": "vice", "role": "vice_chair", "body": "icb-board", "independent": True,
         "start": "2022-07-01"},
        {"id": "s-ned", "person": "ned", "role": "non_executive_director", "body": "icb-board",
         "independent": True, "mental_health_expertise": True, "start": "2022-07-01"},
        {"id": "s-ceo", "person": "ceo", "role": "chief_executive", "body": "icb-board",
         "organisation": "icb", "start": "2022-07-01"},
        {"id": "s-cfo", "person": "cfo", "role": "executive_director", "body": "icb-board",
         "organisation": "icb", "voting": True, "start": "2022-07-01",
         "description": "Chief Finance Officer"},
        {"id": "s-pm-trust", "person": "pm-trust", "role": "partner_member", "body": "icb-board",
         "nominated_by": "trusts", "start": "2023-04-01"},
        {"id": "p-pm-trust-ceo", "person": "pm-trust", "role": "chief_executive",
         "organisation": "acute-ft", "start": "2019-01-01"},
        {"id": "s-pm-gp", "person": "pm-gp", "role": "partner_member", "body": "icb-board",
         "nominated_by": "primary_care", "start": "2022-07-01"},
        {"id": "p-pm-gp-partner", "person": "pm-gp", "role": "gp_partner", "organisation": "oak-surgery",
         "start": "2010-01-01"},
        {"id": "s-pm-la", "person": "pm-la", "role": "partner_member", "body": "icb-board",
         "nominated_by": "local_authority", "start": "2022-07-01"},
        {"id": "p-pm-la-council", "person": "pm-la", "role": "officer", "organisation": "council",
         "start": "2015-01-01", "description": "Director of Public Health"},
        {"id": "s-fic-cfo", "person": "cfo", "role": "member", "body": "icb-fic", "start": "2022-07-01"},
        {"id": "s-fic-ned", "person": "ned", "role": "chair", "body": "icb-fic", "start": "2022-07-01"},
    ],
    "interests": [
        {"id": "int-pm-trust-ceo", "person": "pm-trust", "organisation": "acute-ft", "types": ["financial"],
         "description": "Chief Executive, Eastmere Hospitals NHS Foundation Trust", "start": "2019-01-01",
         "declared": "2025-04-01"},
        {"id": "int-pm-gp-partner", "person": "pm-gp", "organisation": "oak-surgery", "types": ["financial"],
         "description": "GP partner, Oak Surgery", "start": "2010-01-01", "declared": "2025-04-01"},
    ],
    "matters": [
        {"code": "contract_award", "name": "Award of a contract"},
        {"code": "planning", "name": "Plans and strategy"},
    ],
    "delegations": [
        {"id": "d-fic", "from_body": "icb-board", "to_body": "icb-fic", "matters": ["contract_award"],
         "limit": 1000000, "instrument": "ICB SoRD 4.3", "start": "2022-07-01",
         "sub_delegation_allowed": False},
    ],
    "meetings": [
        {"id": MEETING, "body": "icb-board", "date": DAY, "title": "ICB Board (public), June 2025"},
    ],
    "attendance": [
        {"meeting": MEETING, "person": p, "status": "present"}
        for p in ("chair", "vice", "ned", "ceo", "cfo", "pm-trust", "pm-gp", "pm-la")
    ],
    "agenda_items": [
        {"id": "i2", "meeting": MEETING, "number": "2", "title": "Declarations of interest",
         "kind": "information", "time": "10:00"},
        {"id": "i5", "meeting": MEETING, "number": "5", "title": "Community diagnostics contract award",
         "kind": "decision", "value": 2500000, "matter": "contract_award", "time": "10:30"},
        {"id": "i6", "meeting": MEETING, "number": "6", "title": "Joint forward plan refresh",
         "kind": "discussion", "matter": "planning", "time": "11:00"},
    ],
    "affected_organisations": [
        {"item": "i5", "organisation": "acute-ft", "effect": "award"},
        {"item": "i6", "organisation": "acute-ft", "effect": "system_wide"},
        {"item": "i6", "organisation": "oak-surgery", "effect": "system_wide"},
    ],
}

# --------------------------------------------------------------------------- helpers


def _edit(t: Tables, table: str, key: str, value: str, **changes: Any) -> None:
    """Change (None: remove) fields of the row of ``table`` whose ``key`` is ``value``."""
    rows = [r for r in t[table] if r.get(key) == value]
    assert len(rows) == 1, (table, key, value)
    for k, v in changes.items():
        if v is None:
            rows[0].pop(k, None)
        else:
            rows[0][k] = v


def _add(t: Tables, table: str, *rows: dict[str, Any]) -> None:
    t.setdefault(table, []).extend(rows)


def _minute(kind: str, item: str | None = None, person: str | None = None, **kw: Any) -> dict[str, Any]:
    row = {"meeting": MEETING, "kind": kind}
    if item:
        row["item"] = item
    if person:
        row["person"] = person
    row.update(kw)
    return row


# --------------------------------------------------------------------------- the cases


def sub_delegation_blank(t: Tables) -> None:
    """The board delegated contract awards to its finance committee without saying whether the
    committee may pass them on (the scheme is silent); the committee passed them to the chief
    finance officer, who awarded one."""
    _edit(t, "delegations", "id", "d-fic", sub_delegation_allowed=None)
    _add(t, "delegations",
         {"id": "d-cfo", "from_body": "icb-fic", "to_person": "cfo", "matters": ["contract_award"],
          "limit": 250000, "instrument": "FIC ToR 7.1", "start": "2022-07-01", "parent": "d-fic"})
    _add(t, "decisions", {"id": "dec-cfo", "matter": "contract_award", "by_person": "cfo",
                          "date": "2025-05-20", "value": 120000,
                          "description": "Award of a translation services contract"})


def roll_unknown(t: Tables) -> None:
    """The finance committee's members are known only from its terms of reference of 1 September
    2025 ('as at'); its meeting of 10 July 2025 has no attendance recorded."""
    _edit(t, "positions", "id", "s-fic-cfo", start=None, as_at="2025-09-01")
    _edit(t, "positions", "id", "s-fic-ned", start=None, as_at="2025-09-01")
    _add(t, "meetings", {"id": "fic-2025-07", "body": "icb-fic", "date": "2025-07-10",
                         "title": "Finance and Investment Committee, July 2025"})
    _add(t, "agenda_items", {"id": "f1", "meeting": "fic-2025-07", "number": "1",
                             "title": "Hospital discharge contract extension", "kind": "decision",
                             "value": 400000, "matter": "contract_award"})
    _add(t, "affected_organisations", {"item": "f1", "organisation": "acute-ft", "effect": "award"})


def roll_empty(t: Tables) -> None:
    """The finance committee's members are entered from its first minutes of 2025 with that date as
    their start; a meeting of November 2024 then has nobody on its roll."""
    _edit(t, "positions", "id", "s-fic-cfo", start="2025-01-15")
    _edit(t, "positions", "id", "s-fic-ned", start="2025-01-15")
    _add(t, "meetings", {"id": "fic-2024-11", "body": "icb-fic", "date": "2024-11-14",
                         "title": "Finance and Investment Committee, November 2024"})
    _add(t, "agenda_items", {"id": "f1", "meeting": "fic-2024-11", "number": "1",
                             "title": "Hospital discharge contract award", "kind": "decision",
                             "value": 400000, "matter": "contract_award"})
    _add(t, "affected_organisations", {"item": "f1", "organisation": "acute-ft", "effect": "award"})


def register_stands(t: Tables) -> None:
    """The minutes record 'the declarations on the register stand; no additional declarations were
    made', and that the trust partner member left for the award to her trust."""
    _add(t, "minutes",
         _minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
         _minute("register_stands", "i2", text="The declarations of interest on the register were noted "
                 "and stand"),
         _minute("no_additional_declarations", "i2", text="No additional declarations were made"),
         _minute("withdrawal", "i5", "pm-trust", text="Tess Rowe left the meeting for the item"))


def chair_agreed_remain(t: Tables) -> None:
    """The trust partner member declared her trust's interest in the award; the chair agreed she may
    remain, minuted with the reason.  The GP partner member declared for the whole meeting and the
    chair noted it."""
    _add(t, "minutes",
         _minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
         _minute("declaration", "i5", "pm-trust", organisation="acute-ft", types=["financial"],
                 indirect=False, outcome="remained",
                 reason="the award follows a national framework call-off with no local discretion; "
                        "she took no part in the evaluation",
                 text="Tess Rowe declared she is Chief Executive of Eastmere Hospitals; the Chair agreed "
                      "she may remain"),
         _minute("declaration", "i2", "pm-gp", organisation="oak-surgery", types=["financial"],
                 scope="meeting", outcome="noted",
                 text="Dr Gil Pratt declared he is a partner at Oak Surgery, for the whole meeting"))


def blanket_declaration(t: Tables) -> None:
    """Every member declared an interest in the joint forward plan (a discussion item), minuted as a
    blanket declaration that was noted; the discussion went on."""
    _add(t, "minutes",
         _minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
         _minute("declaration", "i6", all_members=True, outcome="noted",
                 text="All members declared an interest in item 6 as partners in the joint forward plan; "
                      "the declarations were noted and the discussion continued"),
         _minute("declaration", "i5", "pm-trust", organisation="acute-ft", outcome="left_room",
                 text="Tess Rowe declared her post and left the meeting for the item"))


def types_unknown(t: Tables) -> None:
    """The register holds the chief executive's directorship of a company the award would benefit,
    with no type (the register's type column is blank)."""
    _add(t, "organisations", {"id": "acme-imaging", "name": "Acme Imaging Ltd", "kind": "company"})
    _add(t, "interests", {"id": "int-ceo-acme", "person": "ceo", "organisation": "acme-imaging",
                          "description": "Director, Acme Imaging Ltd", "start": "2021-04-01"})
    _add(t, "affected_organisations", {"item": "i5", "organisation": "acme-imaging", "effect": "award"})


def dates_as_at(t: Tables) -> None:
    """The GP partner member's partnership is known only from a practice website of September 2025
    ('as at'); the vice chair's trusteeship of a charity the plan funds ended on a date not given."""
    _edit(t, "positions", "id", "p-pm-gp-partner", start=None, as_at="2025-09-30")
    t["interests"] = [i for i in t["interests"] if i["person"] != "pm-gp"]  # not on the register
    _add(t, "organisations", {"id": "hospice", "name": "Eastmere Hospice", "kind": "vcse"})
    _add(t, "positions", {"id": "p-vice-hospice", "person": "vice", "role": "director",
                          "organisation": "hospice", "start": "2018-01-01", "ended": True,
                          "description": "Director (trustee), Eastmere Hospice"})
    _add(t, "affected_organisations", {"item": "i5", "organisation": "oak-surgery", "effect": "award"},
         {"item": "i5", "organisation": "hospice", "effect": "award"})


def voting_blank(t: Tables) -> None:
    """The chief finance officer's seat on the board does not say whether it votes (the minutes list
    her as present, as real minutes do).  She directs the company item 5 awards a contract to; the
    trust partner member leaves the room for item 7, an allocation her trust itself receives; the
    board needs seven voting members."""
    _edit(t, "positions", "id", "s-cfo", voting=None)
    _edit(t, "bodies", "id", "icb-board", quorum_min_members=7)
    _add(t, "organisations", {"id": "acme-imaging", "name": "Acme Imaging Ltd", "kind": "company"})
    _add(t, "positions", {"id": "p-cfo-acme", "person": "cfo", "role": "director",
                          "organisation": "acme-imaging", "start": "2020-01-01"})
    _edit(t, "affected_organisations", "item", "i5", organisation="acme-imaging")
    _add(t, "agenda_items", {"id": "i7", "meeting": MEETING, "number": "7",
                             "title": "Urgent and emergency care allocation", "kind": "decision",
                             "value": 900000, "time": "11:30"})
    _add(t, "affected_organisations", {"item": "i7", "organisation": "acute-ft", "effect": "allocation",
                                       "formula": False})
    _add(t, "decisions", {"id": "dec-i5", "matter": "contract_award", "by_body": "icb-board",
                          "date": DAY, "value": 2500000, "item": "i5"},
         {"id": "dec-i7", "matter": "planning", "by_body": "icb-board", "date": DAY, "value": 900000,
          "item": "i7"})
    _add(t, "minutes", _minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
         _minute("register_stands", "i2", text="The declarations on the register stand"),
         _minute("withdrawal", "i7", "pm-trust", text="Tess Rowe left the room for the item"))


def attendance_clock(t: Tables) -> None:
    """The minutes record times: the trust partner member left at 10:40 and came back at 11:05; the
    GP partner member arrived at 10:20; the chief executive left at 10:45."""
    _edit(t, "attendance", "person", "pm-trust", left_at="10:40", returned_at="11:05")
    _edit(t, "attendance", "person", "pm-gp", arrived_at="10:20")
    _edit(t, "attendance", "person", "ceo", left_at="10:45")
    _add(t, "agenda_items", {"id": "i7", "meeting": MEETING, "number": "7",
                             "title": "Primary care access funding", "kind": "decision",
                             "value": 300000, "time": "11:30"})
    _add(t, "affected_organisations",  # each receives its funding itself (formula: no)
         {"item": "i7", "organisation": "acute-ft", "effect": "allocation", "formula": False},
         {"item": "i7", "organisation": "oak-surgery", "effect": "allocation", "formula": False})


def item_unnumbered(t: Tables) -> None:
    """A late paper was tabled without a number or a kind (the agenda says neither); the trust partner
    member left after item 5."""
    _add(t, "agenda_items", {"id": "i-late", "meeting": MEETING,
                             "title": "Urgent care capacity contract variation", "value": 900000})
    _add(t, "affected_organisations", {"item": "i-late", "organisation": "acute-ft", "effect": "award"})
    _edit(t, "attendance", "person", "pm-gp", left_after_item="5")


def org_relations(t: Tables) -> None:
    """Real relations between organisations: a lead provider and its sub-contractor, a provider
    collaborative and its members, a joint appointment, a partnership and a joint procurement; the
    organisation kinds real systems have."""
    _add(t, "organisations",
         {"id": "lead-co", "name": "Eastmere Community Partnership Ltd", "kind": "independent_sector_provider"},
         {"id": "sub-cic", "name": "Wellbeing Eastmere CIC", "kind": "social_enterprise"},
         {"id": "collab", "name": "Eastmere Acute Provider Collaborative", "kind": "provider_collaborative"},
         {"id": "west-ft", "name": "Westmere Hospitals NHS Foundation Trust", "kind": "foundation_trust"},
         {"id": "uni", "name": "University of Eastmere", "kind": "university"},
         {"id": "healthwatch", "name": "Healthwatch Eastmere", "kind": "healthwatch"},
         {"id": "icp", "name": "Eastmere Integrated Care Partnership", "kind": "integrated_care_partnership"},
         {"id": "old-ccg", "name": "NHS Eastmere CCG", "kind": "ccg", "end": "2022-06-30"},
         {"id": "lmc", "name": "Eastmere Local Medical Committee", "kind": "lmc"})
    _add(t, "org_relations",
         {"id": "r-sub", "source": "sub-cic", "kind": "subcontractor_of", "target": "lead-co"},
         {"id": "r-collab-a", "source": "acute-ft", "kind": "collaborative_member_of", "target": "collab"},
         {"id": "r-collab-w", "source": "west-ft", "kind": "collaborative_member_of", "target": "collab"},
         {"id": "r-joint", "source": "acute-ft", "kind": "joint_appointment_with", "target": "west-ft",
          "description": "One chief executive for both trusts"},
         {"id": "r-partner", "source": "icb", "kind": "partnership_with", "target": "uni"},
         {"id": "r-proc", "source": "icb", "kind": "joint_procurement_with", "target": "council"})
    _add(t, "positions", {"id": "p-ned-cic", "person": "ned", "role": "director", "organisation": "sub-cic",
                          "start": "2021-01-01"})
    _add(t, "agenda_items",
         {"id": "i8", "meeting": MEETING, "number": "8", "title": "Community wellbeing lead provider award",
          "kind": "decision", "value": 1200000, "matter": "contract_award"},
         {"id": "i9", "meeting": MEETING, "number": "9", "title": "Acute collaborative transformation funding",
          "kind": "decision", "value": 800000},
         {"id": "i10", "meeting": MEETING, "number": "10", "title": "Westmere stroke pathway investment",
          "kind": "decision", "value": 600000})
    _add(t, "affected_organisations", {"item": "i8", "organisation": "lead-co", "effect": "award"},
         {"item": "i9", "organisation": "collab", "effect": "investment"},
         {"item": "i10", "organisation": "west-ft", "effect": "investment"})


def scheme_not_in_data(t: Tables) -> None:
    """None of the ICB's scheme of reservation and delegation is in the data (a procurement notice
    names the decision-maker, the finance committee, and no more); the committee awarded a
    contract."""
    t["delegations"] = []
    _add(t, "decisions", {"id": "dec-fic", "matter": "contract_award", "by_body": "icb-fic",
                          "date": "2025-05-20", "value": 400000,
                          "description": "Award of a community physiotherapy contract"})


def minutes_not_captured(t: Tables) -> None:
    """The minutes held stop at the 'declarations of interest' item (a page cut short): who chaired
    and that the meeting was quorate are known, the declarations are not; the board awarded the
    contract under item 5."""
    _add(t, "decisions", {"id": "dec-i5", "matter": "contract_award", "by_body": "icb-board", "date": DAY,
                          "value": 2500000, "item": "i5"})
    _add(t, "minutes", _minute("chair", person="chair", text="Ada Chalmers chaired the meeting"),
         _minute("quorate", "i2", text="The meeting was quorate"),
         _minute("not_captured", text="The stored minutes stop after 'The Chair reminded members of their "
                 "obligation to'"))


#: Every case: (builder, what it shows, in a sentence for its README).
CASES: dict[str, tuple[Callable[[Tables], None], str]] = {
    "boards-sub-delegation-blank": (sub_delegation_blank, sub_delegation_blank.__doc__ or ""),
    "boards-roll-unknown": (roll_unknown, roll_unknown.__doc__ or ""),
    "boards-roll-empty": (roll_empty, roll_empty.__doc__ or ""),
    "boards-register-stands": (register_stands, register_stands.__doc__ or ""),
    "boards-chair-agreed-remain": (chair_agreed_remain, chair_agreed_remain.__doc__ or ""),
    "boards-blanket-declaration": (blanket_declaration, blanket_declaration.__doc__ or ""),
    "boards-types-unknown": (types_unknown, types_unknown.__doc__ or ""),
    "boards-dates-as-at": (dates_as_at, dates_as_at.__doc__ or ""),
    "boards-voting-blank": (voting_blank, voting_blank.__doc__ or ""),
    "boards-attendance-clock": (attendance_clock, attendance_clock.__doc__ or ""),
    "boards-item-unnumbered": (item_unnumbered, item_unnumbered.__doc__ or ""),
    "boards-org-relations": (org_relations, org_relations.__doc__ or ""),
    "boards-scheme-not-in-data": (scheme_not_in_data, scheme_not_in_data.__doc__ or ""),
    "boards-minutes-not-captured": (minutes_not_captured, minutes_not_captured.__doc__ or ""),
}


def build(case: str) -> Tables:
    """The tables of ``case``: the base system with the case's change."""
    t = copy.deepcopy(BASE)
    CASES[case][0](t)
    return t


def write(case: str, root: Path = HERE) -> Path:
    """Write ``case`` as a dataset folder under ``root`` (replacing it); returns the folder."""
    folder = root / case
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for table, rows in build(case).items():
        if rows:
            (folder / f"{table}.yaml").write_text(
                yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    doc = " ".join(CASES[case][1].split())
    (folder / "README.md").write_text(
        f"# {case}\n\n{doc}\n\nWritten by `tests/data/make_boards_fixtures.py`; expected findings are "
        "asserted in `tests/test_boards.py`.\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    for name in CASES:
        print(write(name))
