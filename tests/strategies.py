"""Hypothesis strategies for whole generated systems, for any test to reuse.

:func:`systems` draws a valid :class:`~coigraph.load.dataset.Dataset` of a
small integrated care system: an ICB and other organisations with ownership
and membership lines (acyclic, as the loader requires), a board and committees
(reporting lines acyclic), people with seats, posts, associates and declared
interests (direct and indirect, some ended, some not yet started), meetings
with attendance, agenda items affecting organisations, a matter hierarchy,
a scheme of delegation that may be *cyclic* (body A delegates to B and B to
A), and decisions.  Every record passes the model's validation and
:func:`~coigraph.load.dataset.check_dataset`.

    from tests.strategies import systems          # or: from strategies import systems
    @given(systems())
    def test_something(ds): G = build_graph(ds) ...

Sizes are kept small (a handful of each record) so property tests stay fast.
``names=`` chooses the strategy for free text (default: any text, hostile
characters included).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from coigraph.load.dataset import Dataset, check_dataset
from coigraph.load.readers import clean_text
from coigraph.model import (
    PUBLIC_ROLES,
    AffectedOrganisation,
    AgendaItem,
    Association,
    Attendance,
    Body,
    Decision,
    Delegation,
    Interest,
    Matter,
    Meeting,
    MinutesEntry,
    Organisation,
    OrgRelation,
    Person,
    Position,
)

MEETING_DAY = dt.date(2025, 5, 14)
DATES = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31))

#: Free text: any characters the loader can hand over (markup, quotes, formulas, any script;
#: control characters are removed and text made NFC on loading, so not here either), never blank.
any_text = st.text(min_size=1, max_size=20).map(lambda s: clean_text(s)[0].strip()).filter(bool)
#: Plain names, when a test needs readable output.
plain_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12).map(
    str.strip).filter(bool)

SEAT_ROLES = ["chair", "vice_chair", "partner_member", "non_executive_director", "executive_director",
              "ordinary_member", "member", "attendee"]
POST_ROLES = ["chief_executive", "director", "gp_partner", "trustee", "employee", "shareholder"]
TYPES = ["financial", "non_financial_professional", "non_financial_personal"]
EFFECTS = ["award", "investment", "allocation", "reconfiguration", "system_wide", "self", "information"]


#: Dates close to the meeting, where the look-back and not-yet-started rules bite.
NEAR = st.sampled_from([MEETING_DAY + dt.timedelta(days=d) for d in (-400, -184, -150, -30, -1, 0, 1, 45)])


def _period(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    """A record's (start, end): open or dated, ending on or after it starts."""
    start = draw(st.none() | DATES | NEAR)
    end = draw(st.none() | DATES | NEAR)
    if start and end and end < start:
        start, end = end, start
    return start, end


@st.composite
def systems(draw: st.DrawFn, names: st.SearchStrategy[str] = any_text, max_people: int = 7) -> Dataset:
    """A small, valid, generated system (see the module docstring)."""
    kinds = ["nhs_trust", "foundation_trust", "company", "gp_practice", "pcn", "vcse", "local_authority"]
    n_orgs = draw(st.integers(2, 7))
    orgs = [Organisation(id="icb", name=draw(names), kind="icb")]
    for i in range(1, n_orgs):
        orgs.append(Organisation(id=f"o{i}", name=draw(names), kind=draw(st.sampled_from(kinds)),
                                 aliases=draw(st.lists(names, max_size=1))))
    org_ids = [o.id for o in orgs]

    # organisation lines: only from a later organisation to an earlier one, so never circular
    relations = []
    for i in range(draw(st.integers(0, 5))):
        a, b = sorted(draw(st.lists(st.integers(0, n_orgs - 1), min_size=2, max_size=2, unique=True)))
        kind = draw(st.sampled_from(["subsidiary_of", "member_of", "owns", "contracts_with", "hosts"]))
        src, dst = (org_ids[b], org_ids[a]) if kind != "owns" else (org_ids[a], org_ids[b])
        start, end = _period(draw)
        relations.append(OrgRelation(id=f"r{i}", source=src, kind=kind, target=dst, start=start, end=end))

    # bodies: the ICB board, then committees reporting to an earlier body; a joint committee sometimes
    bodies = [Body(id="board", name=draw(names), kind="board", owners=["icb"],
                   quorum_min_members=draw(st.none() | st.integers(0, 4)),
                   quorum_required_roles=draw(st.sampled_from(
                       [[], ["chair|vice_chair"], ["independent"], ["executive_director"]])))]
    for i in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["committee", "sub_committee", "joint_committee"]))
        owners = ["icb"] + ([draw(st.sampled_from(org_ids))] if kind == "joint_committee" else [])
        bodies.append(Body(id=f"c{i}", name=draw(names), kind=kind, owners=sorted(set(owners)),
                           parent=draw(st.sampled_from([b.id for b in bodies])),
                           quorum_min_members=draw(st.none() | st.integers(0, 3))))
    body_ids = [b.id for b in bodies]

    n_people = draw(st.integers(1, max_people))
    people = [Person(id=f"p{i}", name=draw(names)) for i in range(n_people)]
    person_ids = [p.id for p in people]

    positions = []
    for i in range(draw(st.integers(0, 10))):
        start, end = _period(draw)
        if draw(st.booleans()):
            positions.append(Position(id=f"s{i}", person=draw(st.sampled_from(person_ids)),
                                      role=draw(st.sampled_from(SEAT_ROLES)),
                                      body=draw(st.sampled_from(body_ids)), start=start, end=end))
        else:
            positions.append(Position(id=f"s{i}", person=draw(st.sampled_from(person_ids)),
                                      role=draw(st.sampled_from(POST_ROLES)),
                                      organisation=draw(st.sampled_from(org_ids)), start=start, end=end))

    associations = []
    pairs: set[tuple[str, str]] = set()
    if n_people > 1:
        for _ in range(draw(st.integers(0, 3))):
            a, b = draw(st.lists(st.sampled_from(person_ids), min_size=2, max_size=2, unique=True))
            if (a, b) in pairs:
                continue
            pairs.add((a, b))
            associations.append(Association(
                person=a, associate=b,
                kind=draw(st.sampled_from(["spouse_partner", "relative", "business_partner", "close_associate"])),
                relationship=draw(st.none() | names.map(lambda s: s[:100]))))

    interests = []
    for i in range(draw(st.integers(0, 8))):
        start, end = _period(draw)
        person = draw(st.sampled_from(person_ids))
        assoc = [b for a, b in pairs if a == person]
        associate = draw(st.none() | st.sampled_from(assoc)) if assoc else None
        on_org = draw(st.booleans())
        interests.append(Interest(
            id=f"i{i}", person=person,
            organisation=draw(st.sampled_from(org_ids)) if on_org else None,
            subject=None if on_org else draw(names),
            types=draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True)),
            indirect=associate is not None or draw(st.booleans()), associate=associate,
            relationship=draw(names)[:100] if associate else None,
            description=draw(st.none() | names), mitigation=draw(st.none() | names),
            start=start, end=end, declared=draw(st.none() | DATES)))

    matters = [Matter(code="m0", name=draw(names))]
    for i in range(1, draw(st.integers(1, 4))):
        matters.append(Matter(code=f"m{i}", name=draw(names),
                              parent=draw(st.none() | st.sampled_from([m.code for m in matters]))))
    matter_codes = [m.code for m in matters]

    meetings, attendance, items, affected = [], [], [], []
    for i in range(draw(st.integers(1, 2))):
        mid = f"meet{i}"
        meetings.append(Meeting(id=mid, body=draw(st.sampled_from(body_ids)),
                                date=draw(st.sampled_from([MEETING_DAY, MEETING_DAY + dt.timedelta(days=40)]))))
        for p in draw(st.lists(st.sampled_from(person_ids), unique=True, max_size=n_people)):
            attendance.append(Attendance(meeting=mid, person=p,
                                         status=draw(st.sampled_from(["present", "present", "in_attendance",
                                                                      "apologies"]))))
        for j in range(draw(st.integers(1, 3))):
            iid = f"{mid}-item{j}"
            items.append(AgendaItem(id=iid, meeting=mid, number=str(j + 1), title=draw(names),
                                    kind=draw(st.sampled_from(["decision", "discussion", "information"])),
                                    value=draw(st.none() | st.integers(0, 5_000_000).map(float)),
                                    matter=draw(st.none() | st.sampled_from(matter_codes))))
            for org in draw(st.lists(st.sampled_from(org_ids), unique=True, max_size=3)):
                affected.append(AffectedOrganisation(item=iid, organisation=org,
                                                     effect=draw(st.sampled_from(EFFECTS))))

    # delegations between any bodies (cycles allowed: tracing must still end), or to a person
    delegations = []
    for i in range(draw(st.integers(0, 5))):
        start, end = _period(draw)
        to_person = draw(st.booleans()) and draw(st.booleans())
        delegations.append(Delegation(
            id=f"d{i}", from_body=draw(st.sampled_from(body_ids)),
            to_body=None if to_person else draw(st.sampled_from(body_ids)),
            to_person=draw(st.sampled_from(person_ids)) if to_person else None,
            matters=draw(st.lists(st.sampled_from(matter_codes), min_size=1, max_size=2, unique=True)),
            limit=draw(st.none() | st.integers(0, 5_000_000).map(float)), start=start, end=end,
            sub_delegation_allowed=draw(st.booleans()),
            # terms of issue 15's schemes as written: each may be stated or not
            includes_vat=draw(st.none() | st.booleans()), within_budget_only=draw(st.none() | st.booleans()),
            cumulative=draw(st.none() | st.booleans()),
            parent=draw(st.none() | st.sampled_from([d.id for d in delegations])) if delegations else None))

    decisions = []
    for i in range(draw(st.integers(0, 3))):
        by_person = draw(st.booleans())
        under = draw(st.none() | st.sampled_from(items)) if items and not by_person else None
        decisions.append(Decision(
            id=f"dec{i}", matter=draw(st.sampled_from(matter_codes)),
            by_body=None if by_person else (
                next(m.body for m in meetings if m.id == under.meeting) if under else draw(st.sampled_from(body_ids))),
            by_person=draw(st.sampled_from(person_ids)) if by_person else None,
            date=next(m.date for m in meetings if m.id == under.meeting) if under else draw(DATES),
            value=draw(st.none() | st.integers(0, 5_000_000).map(float)),
            item=under.id if under else None,
            within_budget=draw(st.none() | st.booleans()), value_includes_vat=draw(st.none() | st.booleans()),
            procurement=draw(st.none() | st.sampled_from(["none", "quotations", "tender", "waiver"])),
            quotations=draw(st.none() | st.integers(0, 4)),
            delegation=draw(st.none() | st.sampled_from([d.id for d in delegations])) if delegations else None))

    # minutes of some meetings: who chaired, declarations (some blanket, some with an outcome),
    # withdrawals, the standing formulas, quorum
    # (minutes name people who hold public office: board members, never a private associate)
    minuted = sorted({p.person for p in positions if p.role in PUBLIC_ROLES}) or None
    minutes = []
    for m in meetings:
        if not draw(st.booleans()):
            continue
        m_items = [it.id for it in items if it.meeting == m.id]
        if minuted:
            minutes.append(MinutesEntry(meeting=m.id, kind="chair", person=draw(st.sampled_from(minuted))))
        for _ in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["declaration", "declaration", "withdrawal", "no_vote",
                                         "register_stands", "no_additional_declarations", "quorate"]))
            item = draw(st.sampled_from(m_items))
            if kind in ("declaration", "withdrawal", "no_vote") and not minuted:
                kind = "quorate"
            if kind == "declaration":
                blanket = draw(st.booleans()) and draw(st.booleans())
                minutes.append(MinutesEntry(
                    meeting=m.id, item=item, kind=kind, all_members=blanket,
                    person=None if blanket else draw(st.sampled_from(minuted)),
                    outcome=draw(st.none() | st.sampled_from(["noted", "left_room", "no_part", "remained"]))))
            elif kind in ("withdrawal", "no_vote"):
                minutes.append(MinutesEntry(meeting=m.id, item=item, kind=kind,
                                            person=draw(st.sampled_from(minuted))))
            elif kind == "quorate":
                minutes.append(MinutesEntry(meeting=m.id, item=item, kind=kind))
            else:
                minutes.append(MinutesEntry(meeting=m.id, kind=kind))

    ds = Dataset(name="generated")
    tables: dict[str, list[Any]] = {
        "organisations": orgs, "org_relations": relations, "bodies": bodies, "people": people,
        "positions": positions, "interests": interests, "associations": associations,
        "matters": matters, "meetings": meetings, "attendance": attendance, "agenda_items": items,
        "affected_organisations": affected, "delegations": delegations, "decisions": decisions,
        "minutes": minutes,
    }
    for table, recs in tables.items():
        for n, rec in enumerate(recs, start=2):
            rec._src = f"{table}.csv:{n}"
        ds.records[table] = recs
    errors = [p for p in check_dataset(ds) if p.severity == "error"]
    assert not errors, f"the strategy made an invalid system: {errors}"
    return ds
