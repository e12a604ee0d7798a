"""Who is in the room for each item, and is the meeting still quorate once the conflicted step out?

The *roll* of a meeting is everyone expected at it: the body's members on
the meeting date (positions on the body in force that day) and everyone the
attendance records name.  Attendance says how each stands:

=============  ================================================================
present        in the room (members vote, others do not)
(no record)    a member with no attendance record is *expected* (pre-screening
               happens before the meeting)
apologies      not in the room; a deputy may stand in
absent         not in the room
deputising     stands in for a member (``deputising_for``): counts in their roles
               (not as chair or vice chair, and as independent only if the
               deputy's own post is independent); votes, and counts for the
               quorum, only if the body's standing orders say deputies vote
               (``bodies.deputies_vote``; blank: not stated, so the quorum is to confirm where it turns on them)
in_attendance  in the room, no vote
=============  ================================================================

``left_after_item`` takes a person out of the room for every later item
(items are ordered by number: 2 < 7 < 7.1 < 10).

Quorum for a decision item: the voting members in the room less everyone
told to take no part in the decision or to leave must number at least the
body's ``quorum_min_members`` and must include its ``quorum_required_roles``
(each a role, or ``a|b`` for either; ``independent`` means a member whose
post is marked independent; ``executive_director`` is also met by the chief
executive), each met by a different person.  Committees in common are
checked each on its own: every member counts for the organisation their
seat is for (the ``organisation`` of their position on the body), against
the same rule.  If the chair is conflicted, the vice chair must chair the
item; if both are, the members choose another member without a conflict, and
if every member in the room is conflicted nobody free of it can chair: the
note says so (record the unavoidable conflict and how it was managed, or refer
the item) rather than propose a member who does not exist.

Cost: the body's and the owners' in-edges (to find the seats) plus the
meeting's attendance records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, index, views
from coigraph.graph import in_force
from coigraph.graph import node_name as _name
from coigraph.index import item_order
from coigraph.model import NED_ROLES, Attendance, Position, Role, date_words
from coigraph.policy import Action, with_article
from coigraph.words import humanise

#: Seats whose holder may be an independent member: the quorum's 'independent' is 'to confirm' for
#: them when ``independent`` is blank (partner members and executives are not independent members).
MAY_BE_INDEPENDENT = NED_ROLES | {Role.ordinary_member.value, Role.member.value}
#: A required role is also met by these roles.
ROLE_EQUIVALENTS = {
    "executive_director": {"chief_executive"},
    "executive": {"chief_executive", "executive_director"},
    "non_executive": {"non_executive_director", "chair", "vice_chair"},
    "non_executive_director": {"chair", "vice_chair"},
}
#: What each of a body's quorum options means, in words.
OPTION_TEXT = {
    "defer": "defer the item to a meeting where enough members without a conflict can take part",
    "refer_up": "refer the decision to {parent}",
    "co_opt": "co-opt members without a conflict, as the terms of reference allow",
}

Status = Literal["present", "expected", "apologies", "absent", "deputising", "in_attendance"]


class RollEntry(BaseModel):
    """One person expected at (or excused from) a meeting, and how they stand."""

    person: str = Field(description="Person id (without its node-id prefix).")
    name: str
    status: Status
    member: bool = Field(description="Holds a seat on the body on the meeting date.")
    voting: bool = Field(description="Votes at this meeting (a voting member, or a deputy for one).")
    roles: list[str] = Field(default_factory=list, description="Roles on the body (a deputy's include "
                             "those of the member they stand in for, except chair and vice chair).")
    independent: bool = False
    deputising_for: str | None = None
    left_after_item: str | None = None
    constituency: str | None = Field(None, description="For committees in common: the organisation "
                                     "the seat is for.")
    evidence: list[str] = Field(default_factory=list, description="Position and attendance records.")
    voting_status: Literal["yes", "no", "not_stated"] = Field(
        "no", description="Votes at this meeting: yes, no, or not_stated (the data does not say whether "
        "the seat votes, or whether they held it on the date). 'voting' is true only for yes.")
    membership_known: bool = Field(True, description="False: their seat is known only as at a later "
                                   "date, or ended on a date not given, so whether they were a member on "
                                   "the meeting date is not known.")
    joined_at_item: str | None = None
    arrived_at: str | None = Field(None, description="Clock time they arrived ('HH:MM').")
    left_at: str | None = Field(None, description="Clock time they left the room ('HH:MM').")
    returned_at: str | None = Field(None, description="Clock time they came back ('HH:MM').")
    not_stated: list[str] = Field(default_factory=list, description="What the data does not say about "
                                  "them, in words (their vote, their membership on the date, whether "
                                  "they are independent).")

    @property
    def in_room(self) -> bool:
        return self.status in ("present", "expected", "deputising", "in_attendance")

    def present_for(self, item_number: str | None) -> bool:
        """Possibly in the room for item ``item_number`` (not excused, not known to be out for it).

        :func:`presence` tells "in the room" from "not known" (clock times, unnumbered items).
        """
        return presence(self, item_number) is not False


class Withdrawal(BaseModel):
    """A voting member who takes no part in the decision (or leaves) for an item."""

    person: str
    name: str
    action: Action
    pending: bool = Field(False, description="Only if a 'to confirm' finding is confirmed (an "
                          "organisation inferred from the item's wording is affected, or a control on "
                          "a public register is the member's).")


class QuorumCheck(BaseModel):
    """The quorum verdict for one item (and, for committees in common, per constituent)."""

    body: str
    body_name: str
    constituency: str | None = Field(None, description="For a committee in common: whose committee.")
    constituency_name: str | None = Field(None, description="Its organisation's name.")
    status: Literal["quorate", "inquorate", "at_risk", "to_confirm", "not_applicable"] = Field(
        description="quorate; inquorate once the conflicted step out; at_risk: quorate unless the "
        "'to confirm' conflicts are confirmed; to_confirm: depends on what the data does not state (who "
        "votes, who was in the room, whether the item decides); not_applicable: not a decision item, or "
        "no quorum rule."
    )
    explanation: str
    min_members: int | None = None
    required_roles: list[str] = Field(default_factory=list)
    voting_present: list[str] = Field(default_factory=list, description="Voting members in the room.")
    withdrawn: list[Withdrawal] = Field(default_factory=list)
    counted: list[str] = Field(default_factory=list, description="Voting members who can decide.")
    shortfall: int = Field(0, description="Members short of the minimum.")
    missing_roles: list[str] = Field(default_factory=list)
    chair: str | None = Field(None, description="Who should chair the item.")
    chair_note: str | None = None
    chair_conflicted: list[str] = Field(default_factory=list, description="The chair (or vice chair) "
                                        "in the room who must not chair the item because of a conflict.")
    every_member_conflicted: bool = Field(False, description="Every voting member in the room is "
                                          "conflicted: nobody free of it can chair or decide.")
    options: list[str] = Field(default_factory=list, description="What the body's rules allow if inquorate.")
    groups: list[QuorumCheck] = Field(default_factory=list)
    not_stated: list[str] = Field(default_factory=list, description="People whose vote, presence or "
                                  "independence the data does not state (counted only in the generous "
                                  "reading).")


def presence(e: RollEntry, number: str | None, start: str | None = None,
             next_start: str | None = None) -> bool | None:
    """Was ``e`` in the room for the item numbered ``number`` (started at clock time ``start``; the
    next item at ``next_start``)?  True, False, or None when the data does not say.

    By item: not before ``joined_at_item``, not after ``left_after_item``.  By clock time: in the
    room from ``arrived_at`` (or the start) to ``left_at``, and again from ``returned_at``; present
    if in for the whole item, absent if out for the whole of it, not known if they came or went
    during it or if the item's number or time is not stated.
    """
    if not e.in_room:
        return False
    unknown = False
    if e.joined_at_item is not None or e.left_after_item is not None:
        if number is None:
            unknown = True
        elif e.joined_at_item is not None and item_order(number) < item_order(e.joined_at_item):
            return False
        elif e.left_after_item is not None and item_order(number) > item_order(e.left_after_item):
            return False
    if e.arrived_at or e.left_at:
        if start is None:
            unknown = True
        else:
            ins = [(e.arrived_at or "00:00", e.left_at or "24:00")]
            if e.left_at and e.returned_at:
                ins.append((e.returned_at, "24:00"))
            end = next_start
            whole = any(x <= start and ((end is not None and end <= y) or y == "24:00") for x, y in ins)
            overlap = any(y > start and (end is None or x < end) for x, y in ins)
            if not overlap:
                return False
            if not whole:
                unknown = True
    return None if unknown else True


# --------------------------------------------------------------------------- the roll


def body_seats(G: nx.MultiDiGraph, body: str, on: dt.date,
               extra_people: list[str] = ()) -> dict[str, list[dict[str, Any]]]:
    """Positions on ``body`` in force on ``on``, by person node.

    A seat is stored as an edge person -> body (the graph puts a position
    naming both a body and an organisation on the body); ``extra_people``'s
    out-edges are searched too, for seats stored elsewhere with ``body`` set.
    Cost: the body's in-degree plus those people's out-degrees.
    """
    bare = ids.bare(body)
    seats: dict[str, dict[str, dict[str, Any]]] = {}

    def add(person: str, key: str, pos: Position) -> None:
        if in_force(pos, on):
            seats.setdefault(person, {})[key] = pos.attrs

    idx = index.of(G)
    for u, key, a in idx.in_edges(body, "position"):
        add(u, key, views.position(a))
    for p in extra_people:
        if p in G:
            for _, key, a in idx.out_edges(p, "position"):
                pos = views.position(a)
                if pos.body == bare:
                    add(p, key, pos)
    return {p: [ks[k] for k in sorted(ks)] for p, ks in sorted(seats.items())}


def meeting_roll(G: nx.MultiDiGraph, meeting: str) -> list[RollEntry]:
    """Everyone expected at ``meeting`` (node id), with status, vote, roles; sorted by person id."""
    m = views.meeting(G, meeting)
    on: dt.date = m.date
    body = ids.body(m.body)
    owners = set(views.body(G, body).owners) if body in G else set()
    needs_independent = body in G and any("independent" in t for t in views.body(G, body).quorum_required_roles)
    # a deputy votes only if the body's standing orders say so; blank: not stated, so a deputy's
    # vote is not stated either (the quorum is then 'to confirm' where it turns on them, never
    # 'inquorate' on a blank)
    deputies_vote = views.body(G, body).deputies_vote if body in G else False
    records: dict[str, Attendance] = {}
    for u, _, _, att in views.in_edges(G, meeting, "attendance"):
        records[u] = att
    seats = ({p: [views.position(a) for a in ps]
              for p, ps in body_seats(G, body, on, extra_people=sorted(records)).items()}
             if body in G else {})
    entries: dict[str, RollEntry] = {}
    for person, positions in seats.items():
        vote = _vote(positions, on)
        known = any(pos.date_status(on) is True for pos in positions)
        constituency = next((pos.organisation for pos in positions if pos.organisation in owners), None)
        not_stated = []
        if not known:
            words = "; ".join(w for w in (date_words(pos.attrs) for pos in positions) if w)
            not_stated.append(f"whether they held their seat on {on.isoformat()} ({words})")
        if vote == "not_stated" and known:
            not_stated.append("whether their seat votes (voting is blank and the role does not say)")
        independent = any(pos.independent is True for pos in positions)
        if needs_independent and not independent and any(
                pos.independent is None and pos.role in MAY_BE_INDEPENDENT for pos in positions):
            not_stated.append("whether they are independent")
        entries[person] = RollEntry(
            person=ids.bare(person), name=_name(G, person), status="expected", member=True,
            voting=vote == "yes", voting_status=vote, membership_known=known,
            roles=sorted({str(pos.role) for pos in positions}),
            independent=independent,
            constituency=constituency,
            evidence=sorted(str(pos.src) for pos in positions if pos.src),
            not_stated=not_stated,
        )
    for person, att in sorted(records.items()):
        status = str(att.status)
        e = entries.get(person)
        if e is None:
            e = RollEntry(person=ids.bare(person), name=_name(G, person), status="present", member=False,
                          voting=False)
            entries[person] = e
        e.status = status  # type: ignore[assignment]
        e.left_after_item = att.left_after_item
        e.joined_at_item, e.arrived_at = att.joined_at_item, att.arrived_at
        e.left_at, e.returned_at = att.left_at, att.returned_at
        if att.src:
            e.evidence = sorted({*e.evidence, str(att.src)})
        if status == "in_attendance":
            e.voting, e.voting_status = False, "no"
        elif status == "deputising":
            e.deputising_for = att.deputising_for
            principal = entries.get(ids.person(str(att.deputising_for)))
            pseats = seats.get(ids.person(str(att.deputising_for)), [])
            if pseats:
                # the principal's vote (yes, no or not stated) passes to the deputy where the body
                # says deputies vote; where it says they do not, no; where it is silent, a vote the
                # principal would have is not stated
                principal_vote = _vote(pseats, on)
                e.voting_status = (principal_vote if deputies_vote is True
                                   else "no" if deputies_vote is False or principal_vote == "no"
                                   else "not_stated")
                e.voting = e.voting_status == "yes"
                e.roles = sorted(set(e.roles) | {str(x.role) for x in pseats} - {"chair", "vice_chair"})
                if principal is not None and e.constituency is None:
                    e.constituency = principal.constituency
        elif status == "present" and not e.member:
            e.voting, e.voting_status = False, "no"
    return [entries[k] for k in sorted(entries)]


def _vote(positions: list[Position], on: dt.date) -> Literal["yes", "no", "not_stated"]:
    """Does a member with these seats vote: yes if a seat votes and was held on the date; not_stated
    if a seat's vote (or whether it was held on the date) is not known; else no."""
    got = [(pos.votes, pos.date_status(on)) for pos in positions]
    if any(v is True and held is True for v, held in got):
        return "yes"
    if any(v is None or (v is True and held is None) for v, held in got):
        return "not_stated"
    return "no"


RollStatus = Literal["known", "partial", "unknown", "empty"]


def roll_status(G: nx.MultiDiGraph, meeting: str, roll: list[RollEntry]) -> tuple[RollStatus, str | None]:
    """How far the data says who was at ``meeting``, and a note for the meeting when not fully.

    ``empty``: nobody is on the roll (no seat on the body on the date, no
    attendance recorded); ``unknown``: only people whose seats are known from a
    later date (or ended on a date not given), none recorded as attending;
    ``partial``: some votes, memberships or independence not stated; ``known``.
    The note says what the screen can and cannot say: never a finding on an
    item, never a silent "no interests found".
    """
    m = views.meeting(G, meeting)
    body = _name(G, ids.body(m.body)) if ids.body(m.body) in G else str(m.body)
    on = m.date.isoformat()
    attended = any(views.in_edges(G, meeting, "attendance"))
    if not roll:
        return "empty", (f"Nobody is on the roll of this meeting: no seat on {body} is in force on {on} "
                         "and no attendance is recorded. The screen cannot say who has interests: an "
                         "empty screen here does not mean 'no interests'. If the members are known only "
                         "from a later paper, give their seats 'as_at' that date, not a start, and "
                         "record the attendance from the minutes.")
    if not attended and all(not e.membership_known for e in roll):
        return "unknown", (f"Who sat on {body} on {on} is not known: the seats in the data are known only "
                           "as at a later date (or ended on a date not given), and no attendance is "
                           "recorded. The people below are screened as possible members: to confirm "
                           "against the minutes.")
    vague = [e for e in roll if e.in_room and e.not_stated]
    if vague:
        return "partial", ("Not stated in the data for this meeting: " + "; ".join(
            f"{e.name}: {', '.join(e.not_stated)}" for e in vague)
            + ". Quorum and findings that depend on these are 'to confirm'.")
    return "known", None


# --------------------------------------------------------------------------- the check


def role_term_words(term: str, *, article: bool = True) -> str:
    """A quorum role term in words: 'chair|vice_chair' -> 'the chair or the vice chair'
    (``article=False``: 'chair or vice chair', as in 'no chair or vice chair')."""
    words = {"independent": "independent member", "executive": "executive member",
             "non_executive": "non-executive member"}
    out = []
    for alt in term.split("|"):
        alt = alt.strip()
        w = words.get(alt) or humanise(alt)
        if article:
            w = ("the " + w) if alt in ("chair", "vice_chair") else with_article(w)
        out.append(w)
    return " or ".join(out)


def _meets(term: str, e: RollEntry, generous: bool = False) -> bool:
    for alt in term.split("|"):
        alt = alt.strip()
        if alt == "independent" and (e.independent or (generous and "whether they are independent"
                                                       in e.not_stated)):
            return True
        if alt in e.roles or any(r in e.roles for r in ROLE_EQUIVALENTS.get(alt, ())):
            return True
    return False


def missing_roles(terms: list[str], members: list[RollEntry], *, generous: bool = False) -> list[str]:
    """Required role terms that cannot each be met by a different member (fewest missing).

    ``generous``: a member whose independence is not stated may meet ``independent``.
    """
    best: list[str] = list(terms)

    def go(i: int, used: frozenset[str], missing: list[str]) -> None:
        nonlocal best
        if len(missing) >= len(best):
            return
        if i == len(terms):
            best = list(missing)
            return
        for e in members:
            if e.person not in used and _meets(terms[i], e, generous):
                go(i + 1, used | {e.person}, missing)
                if len(best) == len(missing):
                    return
        go(i + 1, used, [*missing, terms[i]])

    go(0, frozenset(), [])
    return best


def _options(G: nx.MultiDiGraph, body: str, *, no_better_meeting: bool = False) -> list[str]:
    """What the body's rules allow when inquorate, in words.  ``no_better_meeting``: every member
    of the body is conflicted, so deferring to another meeting of it cannot help (not offered)."""
    parent = next((v for _, v, t in G.out_edges(body, data="type") if t == "reports_to"), None)
    parent_name = _name(G, parent) if parent else "the body this one reports to"
    out = []
    for opt in views.body(G, body).quorum_options:
        if opt == "defer" and no_better_meeting:
            continue
        text = OPTION_TEXT.get(opt, str(opt).replace("_", " "))
        out.append(text.replace("{parent}", parent_name))
    if not out:
        out.append("the body's rules record no options: take the governance lead's advice "
                   + (f"(refer it to {parent_name}, or to another body with the power)" if no_better_meeting
                      else f"(defer the item, or refer it to {parent_name})"))
    return out


def check_quorum(G: nx.MultiDiGraph, body: str, present: list[RollEntry], withdrawals: list[Withdrawal],
                 *, decision: bool | None = True, maybe: list[RollEntry] | None = None,
                 no_better_meeting: bool = False) -> QuorumCheck:
    """The quorum verdict for one item.

    ``present``: the roll entries in the room for the item; ``withdrawals``:
    voting members who take no part in the decision or leave (``pending``
    ones only if a 'to confirm' finding is confirmed).  ``maybe``: roll
    entries whose presence for the item the data does not state.
    ``decision``: None when the item's kind is not stated.  What is not stated
    (votes, presence, independence, the item's kind) never makes an item
    inquorate: the verdict is ``to_confirm`` when the quorum depends on it.
    When every voting member in the room is conflicted the verdict says so and
    the chair is not told to hand over to anyone; ``no_better_meeting``: every
    member of the body is conflicted, so deferring to another of its meetings
    is not offered.
    """
    maybe = maybe or []
    if views.body(G, body).kind == "committees_in_common":
        return _committees_in_common(G, body, present, withdrawals, decision=decision, maybe=maybe,
                                     no_better_meeting=no_better_meeting)
    return _check(G, body, present, withdrawals, decision=decision, constituency=None, maybe=maybe,
                  no_better_meeting=no_better_meeting)


def _committees_in_common(G, body, present, withdrawals, *, decision, maybe,
                          no_better_meeting=False) -> QuorumCheck:
    b = views.body(G, body)
    owners = list(b.owners)
    groups = [_check(G, body, [e for e in present if e.constituency == o],
                     [w for w in withdrawals if any(e.person == w.person and e.constituency == o
                                                    for e in present)],
                     decision=decision, constituency=o,
                     maybe=[e for e in maybe if e.constituency == o], no_better_meeting=no_better_meeting)
              for o in owners]
    unassigned = [e.person for e in present if e.voting and e.constituency not in owners]
    worst = max(groups, key=lambda g: _STATUS_WEIGHT[g.status]) if groups else None
    status = worst.status if worst else "not_applicable"
    bad = [g for g in groups if g.status in ("inquorate", "at_risk", "to_confirm")]
    if decision is False:
        text = "Not a decision item: quorum is not tested."
    elif not bad:
        text = "Each committee in common is quorate on its own."
    else:
        text = "Committees in common decide each for their own body: " + "; ".join(
            f"{_name(G, ids.org(str(g.constituency)))}'s committee is {g.status.replace('_', ' ')}"
            for g in bad) + "."
    if unassigned:
        text += (" Members whose seat names no owner organisation were not counted for any "
                 "committee: " + ", ".join(sorted(unassigned)) + ".")
    chair_notes = [g.chair_note for g in groups if g.chair_note]
    conflicted_chairs = sorted({p for g in groups for p in g.chair_conflicted})
    return QuorumCheck(
        chair_conflicted=conflicted_chairs,
        every_member_conflicted=bool(groups) and all(g.every_member_conflicted for g in groups),
        body=ids.bare(body), body_name=_name(G, body), status=status, explanation=text,
        min_members=b.quorum_min_members, required_roles=list(b.quorum_required_roles),
        voting_present=sorted(e.person for e in present if e.voting),
        withdrawn=sorted(withdrawals, key=lambda w: w.person),
        counted=sorted(p for g in groups for p in g.counted),
        options=worst.options if worst and status in ("inquorate", "at_risk", "to_confirm") else [],
        chair_note=" ".join(chair_notes) or None, groups=groups,
        not_stated=sorted({p for g in groups for p in g.not_stated}),
    )


_STATUS_WEIGHT = {"not_applicable": 0, "quorate": 1, "to_confirm": 2, "at_risk": 3, "inquorate": 4}


def _check(G, body, present, withdrawals, *, decision, constituency, maybe=(),
           no_better_meeting=False) -> QuorumCheck:
    b = views.body(G, body)
    min_members = b.quorum_min_members
    terms = list(b.quorum_required_roles)
    voting = [e for e in present if e.voting]
    # the most the unknowns could give: everyone whose vote or presence is not stated votes and is there
    lenient = voting + [e for e in [*present, *maybe] if not e.voting and e.voting_status == "not_stated"] \
        + [e for e in maybe if e.voting]
    # by identity: comparing roll entries field by field cost more than the rest of the check
    sure = {id(e) for e in voting}
    unsure = sorted({e.person for e in lenient if id(e) not in sure or "whether they are independent"
                     in e.not_stated})
    firm = {w.person for w in withdrawals if not w.pending}
    every = {w.person for w in withdrawals}
    counted_firm = [e for e in voting if e.person not in firm]
    counted_all = [e for e in voting if e.person not in every]
    chair, chair_note, not_chair, everyone = _chair(present, firm)
    base = dict(body=ids.bare(body), body_name=_name(G, body), constituency=constituency,
                constituency_name=_name(G, ids.org(constituency)) if constituency else None,
                min_members=min_members, required_roles=terms,
                voting_present=sorted(e.person for e in voting),
                withdrawn=sorted((w for w in withdrawals if w.person in {e.person for e in lenient}),
                                 key=lambda w: w.person),
                chair=chair, chair_note=chair_note, not_stated=unsure, chair_conflicted=not_chair,
                every_member_conflicted=everyone)
    if decision is False:
        return QuorumCheck(status="not_applicable", counted=sorted(e.person for e in counted_firm),
                           explanation="Not a decision item: quorum is not tested.", **base)
    if min_members is None and not terms:
        return QuorumCheck(status="not_applicable", counted=sorted(e.person for e in counted_firm),
                           explanation="The body has no quorum rule recorded (bodies.quorum_min_members, "
                                       "quorum_required_roles).", **base)

    def verdict(counted: list[RollEntry], generous: bool = False) -> tuple[int, list[str]]:
        short = max(0, (min_members or 0) - len(counted))
        return short, missing_roles(terms, counted, generous=generous)

    short_f, miss_f = verdict(counted_firm)
    short_a, miss_a = verdict(counted_all)
    short_l, miss_l = verdict([e for e in lenient if e.person not in firm], generous=True)
    who = f" for {_name(G, ids.org(constituency))}" if constituency else ""
    need = (f"at least {min_members} voting members" if min_members is not None else "") + (
        (" including " if min_members is not None else "") + ", ".join(role_term_words(t) for t in terms)
        if terms else "")
    gone = len(voting) - len(counted_firm)
    if short_l or miss_l:  # short even if every unknown were in its favour: certain
        status, short, miss = "inquorate", short_l, miss_l
    elif short_f or miss_f:  # short unless the people whose vote or presence is not stated count
        status, short, miss = "to_confirm", short_f, miss_f
    elif short_a or miss_a:
        status, short, miss = "at_risk", short_a, miss_a
    else:
        status, short, miss = "quorate", 0, []
    if decision is None and status in ("inquorate", "at_risk", "to_confirm"):
        status = "to_confirm"
    counted = counted_firm
    pending = len(counted_firm) - len(counted_all)
    parts = [f"{len(voting)} voting member{'s' if len(voting) != 1 else ''}{who} in the room, "
             f"{gone} conflicted out of the decision"
             + (f" ({pending} more if the 'to confirm' findings are confirmed)" if pending else "")
             + f": {len(counted)} can decide; the rule needs {need}."]
    if unsure:
        who_unsure = {e.person: e.name for e in lenient}
        parts.append(f"Not stated in the data: whether {', '.join(who_unsure.get(p, p) for p in unsure)} "
                     f"{'votes' if len(unsure) == 1 else 'vote'} or {'was' if len(unsure) == 1 else 'were'} "
                     "in the room (or is independent), so they are not counted as certain.")
    lack = "; ".join(([f"{short} member{'s' if short != 1 else ''} short"] if short else [])
                     + (["no " + ", no ".join(role_term_words(m, article=False) for m in miss)] if miss else []))
    if decision is None:
        parts.insert(0, "The agenda does not say whether this item decides; if it does:")
    if status == "inquorate" and everyone:
        parts.append("Every voting member in the room is conflicted: it cannot be decided free of "
                     "conflict at this meeting.")
    elif status == "inquorate":
        parts.append("Inquorate for this item (" + lack + ").")
    elif status == "to_confirm":
        parts.append("Quorum to confirm: " + (
            f"short on what the data states ({lack}), but quorate if those whose vote or presence is "
            "not stated count" if short_f or miss_f else "it depends on whether the item decides")
            + "; never reported as a breach.")
    elif status == "at_risk":
        parts.append("Quorate, but inquorate if the findings marked 'to confirm' are confirmed "
                     "(" + lack + ").")
    else:
        parts.append("Quorate.")
    return QuorumCheck(status=status, explanation=" ".join(parts), counted=sorted(e.person for e in counted),
                       shortfall=short, missing_roles=miss,
                       options=(_options(G, body, no_better_meeting=no_better_meeting)
                                if status in ("inquorate", "at_risk", "to_confirm") else []), **base)


def _chair(present: list[RollEntry], firm: set[str]) -> tuple[str | None, str | None, list[str], bool]:
    """Who should chair the item: (person, note, chairs who must not, every member conflicted).

    Never proposes a member who is not there: when every voting member in the room is
    conflicted nobody free of a conflict can chair, so the chair chairs and the note says how
    the conflict is handled.
    """
    chairs = [e for e in present if "chair" in e.roles and e.status != "deputising"]
    vices = [e for e in present if "vice_chair" in e.roles and e.status != "deputising"]
    voting = [e for e in present if e.voting]
    everyone = bool(voting) and all(e.person in firm for e in voting)
    if chairs and chairs[0].person not in firm:
        return chairs[0].person, None, [], everyone
    if everyone:
        who = chairs[0] if chairs else (vices[0] if vices else None)
        note = ("Every voting member in the room is conflicted on this item, so nobody free of a conflict "
                "can chair it" + (f": {who.name} chairs" if who else "")
                + ", and the minutes record the unavoidable conflict and how it was managed.")
        return (who.person if who else None), note, [], everyone
    free_vice = next((v for v in vices if v.person not in firm), None)
    free = [e for e in voting if e.person not in firm]
    if chairs:
        if free_vice:
            return free_vice.person, (f"The chair ({chairs[0].name}) is conflicted on this item: the vice "
                                      f"chair ({free_vice.name}) must chair it."), [chairs[0].person], everyone
        conflicted = [chairs[0].person] + [v.person for v in vices]
        return None, (f"The chair ({chairs[0].name}) is conflicted on this item and no vice chair without "
                      "a conflict is present: the members present choose another member without a "
                      "conflict to chair it (" + ", ".join(e.name for e in free) + ")."), conflicted, everyone
    if free_vice:
        return free_vice.person, f"The chair is not present: the vice chair ({free_vice.name}) chairs.", [], everyone
    if vices:
        return None, (f"The chair is not present and the vice chair ({vices[0].name}) is conflicted on this "
                      "item: the members present choose another member without a conflict to chair it ("
                      + ", ".join(e.name for e in free) + ")."), [v.person for v in vices], everyone
    return None, None, [], everyone


QuorumCheck.model_rebuild()

__all__ = ["RollEntry", "Withdrawal", "QuorumCheck", "meeting_roll", "check_quorum", "missing_roles",
           "item_order", "body_seats", "presence", "roll_status", "RollStatus"]
