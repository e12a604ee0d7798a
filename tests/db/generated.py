"""Small random governance systems for the parity tests (seeded, so every run is the same).

Dense on purpose: organisations in lines of member_of / subsidiary_of / owns
(member_of may loop), relations and organisations that end or start around
the meeting dates, joint committees, seats and posts and register entries
that ended within or before the look-back, indirect entries, associations
stored either way round, delegations that chain, name their parents, loop
and run out, and decisions under them.  Everything the path and chain
searches branch on appears several times, so the Cypher and networkx engines
are compared where they could differ.
"""

from __future__ import annotations

import datetime as dt
import random

from coigraph.load.dataset import Dataset, check_dataset
from coigraph.model import (
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
    Organisation,
    OrgRelation,
    Person,
    Position,
    ReservedMatter,
)

DAY0 = dt.date(2025, 1, 1)


def _date(rng: random.Random, lo: int = -900, hi: int = 400) -> dt.date:
    return DAY0 + dt.timedelta(days=rng.randint(lo, hi))


def _period(rng: random.Random) -> tuple[dt.date | None, dt.date | None]:
    start = _date(rng) if rng.random() < 0.6 else None
    end = None
    if rng.random() < 0.35:
        end = _date(rng, -300, 300)
        if start and end < start:
            start, end = end, start
    return start, end


def generated_system(seed: int, *, orgs: int = 24, people: int = 36) -> Dataset:
    """A valid random dataset named ``gen-<seed>``."""
    rng = random.Random(seed)
    kinds = ["icb", "nhs_trust", "foundation_trust", "gp_practice", "pcn", "company", "vcse",
             "local_authority", "provider_collaborative"]
    org_ids = [f"o{i}" for i in range(orgs)]
    organisations = []
    for i, o in enumerate(org_ids):
        start, end = (None, None) if i < 3 or rng.random() < 0.8 else _period(rng)
        organisations.append(Organisation(id=o, name=f"Org {i} {rng.choice(['Ltd', 'NHS FT', 'PCN'])}",
                                          kind="icb" if i == 0 else rng.choice(kinds), start=start,
                                          end=end))
    relations = []
    for i in range(orgs * 2):
        a, b = rng.sample(range(orgs), 2)
        kind = rng.choice(["member_of", "member_of", "subsidiary_of", "owns", "contracts_with", "hosts"])
        if kind == "subsidiary_of" and a < b:
            a, b = b, a  # ownership runs one way: no circles
        if kind == "owns" and a > b:
            a, b = b, a
        start, end = _period(rng) if rng.random() < 0.3 else (None, None)
        relations.append(OrgRelation(id=f"r{i}", source=org_ids[a], kind=kind, target=org_ids[b],
                                     start=start, end=end))
    matters = [Matter(code="m0", name="All"), Matter(code="m0.a", name="A", parent="m0"),
               Matter(code="m0.a.x", name="AX", parent="m0.a"), Matter(code="m0.b", name="B", parent="m0"),
               Matter(code="m1", name="Other")]
    codes = [m.code for m in matters]
    bodies = [Body(id="b0", name="ICB Board", kind="board", owners=["o0"], quorum_min_members=3)]
    for i in range(1, 9):
        kind = rng.choice(["board", "committee", "committee", "sub_committee", "joint_committee"])
        owners = sorted(set(rng.sample(org_ids[:8], 2 if kind == "joint_committee" else 1)))
        parent = f"b{rng.randrange(i)}" if kind != "board" and rng.random() < 0.7 else None
        start, end = (None, None) if rng.random() < 0.85 else _period(rng)
        bodies.append(Body(id=f"b{i}", name=f"Body {i}", kind=kind, owners=owners, parent=parent,
                           start=start, end=end))
    body_ids = [b.id for b in bodies]
    person_ids = [f"p{i}" for i in range(people)]
    persons = [Person(id=p, name=f"Person {i}") for i, p in enumerate(person_ids)]
    positions = []
    roles = ["member", "chair", "non_executive_director", "chief_executive", "director", "employee",
             "gp_partner", "trustee", "attendee"]
    for i in range(people * 3):
        start, end = _period(rng)
        on_body = rng.random() < 0.45
        positions.append(Position(
            id=f"pos{i}", person=rng.choice(person_ids), role=rng.choice(roles),
            body=rng.choice(body_ids) if on_body else None,
            organisation=None if on_body and rng.random() < 0.8 else rng.choice(org_ids),
            start=start, end=end))
    interests = []
    for i in range(people * 2):
        start, end = _period(rng)
        indirect = rng.random() < 0.2
        subject = rng.random() < 0.1
        interests.append(Interest(
            id=f"i{i}", person=rng.choice(person_ids),
            organisation=None if subject else rng.choice(org_ids),
            subject="A charity" if subject else None,
            types=rng.sample(["financial", "non_financial_professional", "non_financial_personal"],
                             rng.randint(1, 2)),
            indirect=indirect, relationship="spouse" if indirect else None, start=start, end=end))
    associations = []
    for _ in range(people // 3):
        a, b = rng.sample(person_ids, 2)
        start, end = _period(rng) if rng.random() < 0.3 else (None, None)
        associations.append(Association(person=a, associate=b, kind=rng.choice(
            ["spouse_partner", "relative", "business_partner"]), start=start, end=end))
    meetings, attendance, items, affected = [], [], [], []
    for i in range(4):
        body = rng.choice(body_ids)
        mid = f"mt{i}"
        meetings.append(Meeting(id=mid, body=body, date=_date(rng, -100, 200)))
        for p in sorted(rng.sample(person_ids, 10)):
            status = rng.choice(["present", "present", "present", "apologies", "in_attendance", "absent"])
            attendance.append(Attendance(meeting=mid, person=p, status=status))
        for j in range(5):
            iid = f"{mid}-{j}"
            items.append(AgendaItem(id=iid, meeting=mid, number=str(j + 1), title=f"Item {j + 1}",
                                    kind=rng.choice(["decision", "discussion", "information"]),
                                    matter=rng.choice(codes), value=float(rng.randrange(0, 3_000_000))))
            for o in sorted(rng.sample(org_ids, rng.randint(1, 3))):
                affected.append(AffectedOrganisation(item=iid, organisation=o, effect=rng.choice(
                    ["award", "investment", "allocation", "reconfiguration", "system_wide", "self"])))
    delegations = []
    for i in range(14):
        frm = rng.choice(body_ids)
        to_person = rng.random() < 0.3
        start, end = _period(rng) if rng.random() < 0.5 else (None, None)
        delegations.append(Delegation(
            id=f"d{i}", from_body=frm,
            to_body=None if to_person else rng.choice([b for b in body_ids if b != frm]),  # never itself
            to_person=rng.choice(person_ids) if to_person else None,
            matters=sorted(set(rng.sample(codes, rng.randint(1, 2)))),
            limit=float(rng.choice([100_000, 500_000, 1_000_000, 5_000_000])) if rng.random() < 0.7 else None,
            sub_delegation_allowed=rng.random() < 0.5, start=start, end=end,
            parent=f"d{rng.randrange(i)}" if i and rng.random() < 0.2 else None))
    decisions = []
    for i in range(12):
        by_person = rng.random() < 0.3
        item = rng.choice(items) if rng.random() < 0.4 else None
        decisions.append(Decision(
            id=f"dec{i}", matter=rng.choice(codes),
            by_body=None if by_person else (
                next(m.body for m in meetings if m.id == item.meeting) if item else rng.choice(body_ids)),
            by_person=rng.choice(person_ids) if by_person else None,
            date=item and next(m.date for m in meetings if m.id == item.meeting) or _date(rng, -200, 200),
            value=float(rng.randrange(0, 6_000_000)) if rng.random() < 0.8 else None,
            item=item.id if item else None,
            delegation=f"d{rng.randrange(14)}" if rng.random() < 0.3 else None))
    reserved = [ReservedMatter(body="b0", matter="m1")]
    ds = Dataset(name=f"gen-{seed}")
    ds.records = {"organisations": organisations, "org_relations": relations, "matters": matters,
                  "bodies": bodies, "people": persons, "positions": positions, "interests": interests,
                  "associations": associations, "meetings": meetings, "attendance": attendance,
                  "agenda_items": items, "affected_organisations": affected, "delegations": delegations,
                  "decisions": decisions, "reserved_matters": reserved}
    n = 0
    for recs in ds.records.values():
        for r in recs:
            n += 1
            r._src = f"gen.csv:{n}"
    errors = [p for p in check_dataset(ds) if p.severity == "error"]
    assert not errors, errors
    return ds
