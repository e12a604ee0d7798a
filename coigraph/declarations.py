"""What one member should declare at a meeting, and why (``coigraph declarations``).

:func:`person_declarations` gives the member, in advance, the answer the
governance officer gets: the items where their interests reach an affected
organisation (from the meeting's screen), and the declarations checks
(:mod:`coigraph.declaration_checks`: undeclared posts, possibly undeclared
control of a company an item affects (from the screen), a stale declaration,
confidential information heard before a related decision) for them alone.

The checks themselves live in :mod:`coigraph.declaration_checks`, below the
screen that runs them for everyone on the roll; they are re-exported here,
their import path of old.

Cost: one screen of the meeting, plus the member's own edges.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, views
from coigraph.declaration_checks import (
    FLOW_DAYS,
    IN_ROOM,
    STALE_MONTHS,
    InformationFlow,
    MeetingChecks,
    StaleDeclaration,
    UndeclaredInterest,
    information_flows,
    meeting_checks,
    stale_declaration,
    undeclared_controls,
    undeclared_interests,
)
from coigraph.graph import find_node, in_force
from coigraph.graph import node_name as _name
from coigraph.paths import DEFAULT_LOOKBACK_DAYS, excluded_orgs
from coigraph.quorum import RollEntry
from coigraph.screening import person_findings, screen_meeting
from coigraph.words import humanise


class Through(BaseModel):
    """A member on the meeting's roll through whom an associate matters to it."""

    person: str = Field(description="The member's person id.")
    name: str
    relationship: str = Field(description="What the associate is to the member, in words: 'wife', "
                              "'spouse or partner', 'business partner'...")
    evidence: list[str] = Field(default_factory=list)


class Standing(BaseModel):
    """Who the person is to the meeting, said first in every format."""

    kind: Literal["member", "deputy", "in_attendance", "apologies", "absent", "associate",
                  "not_expected"] = Field(
        description="member (expected, or recorded present); deputy; in_attendance (in the room, "
        "no vote); apologies; absent; associate (not on the roll: the spouse, relative or "
        "associate of someone who is); not_expected (not on the roll at all).")
    expected: bool = Field(description="Expected in the room for the meeting.")
    text: str = Field(description="The sentence the letter opens with.")
    body: str
    body_name: str
    left_after_item: str | None = None
    through: list[Through] = Field(default_factory=list, description="For an associate: the members "
                                   "through whom they matter.")
    evidence: list[str] = Field(default_factory=list, description="Position and attendance records.")


class PersonDeclarations(BaseModel):
    """What one person should declare at one meeting, and why."""

    person: str
    person_name: str
    meeting: str
    meeting_title: str | None
    date: dt.date
    items: list[dict[str, Any]] = Field(description="Per item with a finding for the person: number, "
                                        "title, kind, in_room (false: they are not expected in the "
                                        "room for it) and the findings.")
    undeclared: list[UndeclaredInterest]
    stale: StaleDeclaration | None
    information_flows: list[InformationFlow]
    register_entries: list[dict[str, Any]] = Field(description="The person's register entries in force "
                                           "(or ended within the look-back) on the date.")
    standing: Standing | None = Field(None, description="Who the person is to the meeting: a member "
                                      "expected at it, apologies, not a member, an associate...")
    screened_on: dt.date | None = None
    lookback_days: int | None = None
    policy: str | None = None


def person_declarations(G: nx.MultiDiGraph, person: str, meeting: str, *, policy: Any = None,
                        as_of: dt.date | None = None, lookback_days: int | None = None) -> PersonDeclarations:
    """One member's view of a meeting: their findings per item, and the declarations checks."""
    if lookback_days is None:
        lookback = policy.lookback_days() if policy is not None else DEFAULT_LOOKBACK_DAYS
    else:
        lookback = lookback_days
    pnode = find_node(G, "person", person)
    mnode = find_node(G, "meeting", meeting)
    screen = screen_meeting(G, mnode, policy=policy, as_of=as_of, lookback_days=lookback, checks=False)
    on = screen.screened_on
    entry = next((e for e in screen.roll if e.person == ids.bare(pnode)), None)
    # items the screen did not see them in the room for (apologies, not on the roll, gone by
    # then): their interests are followed all the same, as if they were there
    away = [it.id for it in screen.items if entry is None or not entry.present_for(it.number)]
    theirs = person_findings(G, mnode, pnode, away, policy=policy, as_of=as_of,
                             lookback_days=lookback) if away else {}
    stand = standing(G, pnode, mnode, screen.roll)
    members = {t.person for t in stand.through}
    items = []
    for it in screen.items:
        in_room = it.id not in theirs
        fs = [f for f in it.findings if f.person == ids.bare(pnode)] if in_room else theirs[it.id]
        # an associate: also the members' findings that run through them (their indirect interests)
        fs += [f for f in it.findings if f.person in members and f.path.associate == pnode]
        if fs:
            items.append({"number": it.number, "id": it.id, "title": it.title,
                          "kind": it.kind.value if it.kind else None,
                          "in_room": in_room, "findings": [f.model_dump(mode="json") for f in fs]})
    m = views.meeting(G, mnode)
    body = ids.body(m.body)
    register = []
    for _, v, _key, i in sorted(views.out_edges(G, pnode, "interest"), key=lambda e: e[2]):
        if in_force(i, on, lookback_days=lookback):
            register.append({"id": i.id, "about": _name(G, v), "types": list(i.types),
                             "indirect": bool(i.indirect), "start": _iso(i.start),
                             "end": _iso(i.end), "evidence": i.src})
    flows = information_flows(G, pnode, meeting=mnode)
    return PersonDeclarations(
        person=ids.bare(pnode), person_name=_name(G, pnode), meeting=ids.bare(mnode),
        meeting_title=m.title, date=m.date, items=items,
        undeclared=undeclared_interests(G, pnode, on=on, exclude_orgs=excluded_orgs(G, body),
                                        exclude_bodies=[body])
        + undeclared_controls(G, screen.items, person=pnode),
        stale=stale_declaration(G, pnode, on=on), information_flows=flows, register_entries=register,
        standing=stand, screened_on=on, lookback_days=lookback,
        policy=screen.policy,
    )


# --------------------------------------------------------------------------- who they are to it

#: An association's kind in words, when the record gives no relationship of its own.
ASSOCIATION_WORDS = {"spouse_partner": "spouse or partner", "relative": "relative",
                     "business_partner": "business partner", "close_associate": "close associate"}


def standing(G: nx.MultiDiGraph, person: str, meeting: str, roll: list[RollEntry]) -> Standing:
    """Who ``person`` is to ``meeting``: a member expected there, a deputy, in attendance, sent
    apologies, absent, the associate of someone on the roll, or no one it expects.

    ``roll``: the meeting's roll (:func:`coigraph.quorum.meeting_roll`).  The sentence
    says so first, and what follows from it for the items listed after it.
    """
    m = views.meeting(G, meeting)
    body = ids.body(m.body)
    bname = _name(G, body)
    bare = ids.bare(person)
    entry = next((e for e in roll if e.person == bare), None)
    base = {"body": ids.bare(body), "body_name": bname}
    if entry is not None:
        ev = list(entry.evidence)
        where = f" ({', '.join(ev)})" if ev else ""
        left = (f" The attendance record says you leave after item {entry.left_after_item}: items "
                "after it are listed in case you stay." if entry.left_after_item else "")
        roles = " and ".join(humanise(r) for r in entry.roles)
        if entry.status in ("apologies", "absent"):
            said = "sent apologies for" if entry.status == "apologies" else "are recorded as absent from"
            text = (f"You {said} this meeting{where}, so you are not expected at it. The items your "
                    "interests reach are listed all the same: if you attend after all, or receive "
                    "its papers, declare them as set out below.")
            return Standing(kind=entry.status, expected=False, text=text, evidence=ev, **base)
        if entry.status == "deputising":
            principal = _name(G, ids.person(str(entry.deputising_for)))
            text = (f"You are deputising for {principal} at this meeting{where}"
                    + (", with their vote." if entry.voting else ", without a vote.") + left)
            return Standing(kind="deputy", expected=True, text=text, evidence=ev,
                            left_after_item=entry.left_after_item, **base)
        if not entry.member or entry.status == "in_attendance":
            seat = f" You hold a seat on {bname} ({roles})." if entry.member and roles else ""
            text = f"You are in attendance at this meeting, without a vote{where}." + seat + left
            return Standing(kind="in_attendance", expected=True, text=text, evidence=ev,
                            left_after_item=entry.left_after_item, **base)
        vote = "a voting" if entry.voting else "a non-voting"
        text = (f"You are {vote} member of {bname}" + (f" ({roles})" if roles else "")
                + f" and expected at this meeting{where}." + left)
        return Standing(kind="member", expected=True, text=text, evidence=ev,
                        left_after_item=entry.left_after_item, **base)
    through = _through(G, person, roll, m.date)
    if through:
        who = "; ".join(f"the {t.relationship} of {t.name}" for t in through)
        names = " and ".join(t.name for t in through)
        text = (f"You are not a member of {bname} and not expected at this meeting. You matter to it "
                f"as {who}, who {'is' if len(through) == 1 else 'are'} on its roll: your interests "
                f"are {names}'s indirect interests, for {names} to declare. The items your interests "
                "reach are listed below.")
        return Standing(kind="associate", expected=False, text=text, through=through, **base)
    text = (f"You are not a member of {bname} and not expected at this meeting (no seat on it on "
            f"{m.date.isoformat()} and no attendance record). The items your interests reach are "
            "listed all the same: if you attend, or receive its papers, declare them as set out below.")
    return Standing(kind="not_expected", expected=False, text=text, **base)


def _through(G: nx.MultiDiGraph, person: str, roll: list[RollEntry], on: dt.date) -> list[Through]:
    """Members on the roll whose associate ``person`` is (an association in force on ``on`` either
    way, or a register entry held through them), sorted by member."""
    found: dict[str, Through] = {}
    on_roll = {ids.person(e.person): e for e in roll}

    def add(member: str, relationship: str | None, kind: str | None, src: str | None) -> None:
        t = found.get(member)
        if t is None:
            t = found[member] = Through(person=ids.bare(member), name=_name(G, member), relationship=(
                relationship or ASSOCIATION_WORDS.get(str(kind), "associate")))
        if src and src not in t.evidence:
            t.evidence.append(src)

    for u, v, _k, a in [*views.in_edges(G, person, "association"), *views.out_edges(G, person, "association")]:
        other = v if u == person else u
        if other in on_roll and in_force(a, on):
            add(other, a.relationship, a.kind, a.src)
    for member in on_roll:
        for _, _, _k, i in views.out_edges(G, member, "interest"):
            if i.associate == ids.bare(person) and in_force(i, on):
                add(member, i.relationship, None, i.src)
    return [found[k] for k in sorted(found)]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


__all__ = ["undeclared_interests", "stale_declaration", "information_flows", "meeting_checks",
           "person_declarations", "MeetingChecks", "UndeclaredInterest", "StaleDeclaration",
           "InformationFlow", "PersonDeclarations", "Standing", "Through", "standing",
           "STALE_MONTHS", "FLOW_DAYS", "IN_ROOM"]
