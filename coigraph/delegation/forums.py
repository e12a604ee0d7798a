"""Checks on the forum that decided: who carried an organisation's authority into it, committees in
all but name, and conflicted members counted in the quorum.

A body of another organisation (a provider collaborative's board, a place
partnership) can decide for an organisation only through the people that
organisation sent, each holding a delegation of the matter up to its board;
and whoever decided, members with a material conflict who stayed and voted
without a withdrawal minuted make the decision unsound.
"""

from __future__ import annotations

from typing import Any

from coigraph import ids, views
from coigraph.delegation.chains import ChainPath
from coigraph.delegation.checks import DecisionContext, chain_score, is_exec, is_ned
from coigraph.delegation.scheme import Scheme
from coigraph.findings import Finding, finding
from coigraph.model import BodyKind, Position
from coigraph.policy import ACTION_WEIGHT, Action
from coigraph.screening import screen_meeting
from coigraph.words import humanise

#: Bodies that decide for their members only under a delegation to the body itself.
NOT_FORUMS = {BodyKind.joint_committee.value, BodyKind.committees_in_common.value}


def representatives(ctx: DecisionContext, org: str,
                    board: str) -> list[tuple[str, Position, ChainPath]]:
    """People with a seat on the deciding forum who carry ``org``'s authority into it.

    When a body of another organisation (a provider collaborative's board, a
    place partnership) decides for ``org``, ``org``'s authority can only come
    with the people it sent: each needs a seat on the forum on the decision
    date and a delegation of the matter that runs up to ``org``'s board.
    Returns ``(person node, seat, best chain)`` sorted by person.  Joint
    committees and committees in common are not forums: they need a
    delegation to the body itself.
    """
    S = ctx.S
    if ids.is_person(ctx.decider) or S.kind(ctx.decider) in NOT_FORUMS:
        return []
    if org in S.owners(ctx.decider):
        return []
    out = []
    seen: set[str] = set()
    for seat in sorted(S.seats.get(ctx.decider, []), key=lambda p: (str(p.person), str(p.id))):
        person = ids.person(str(seat.person))
        if person in seen or (ctx.date is not None and not seat.in_force(ctx.date)):
            continue
        paths = [p for p in ctx.chains(S, person, ctx.matter, ctx.rules)
                 if p.complete and board in p.nodes(person) and p.links
                 and org in S.owners(p.links[0].u)]
        if paths:
            seen.add(person)
            out.append((person, seat, min(paths, key=lambda p: chain_score(ctx, p, None))))
    return out


def committee_in_all_but_name(ctx: DecisionContext, org: str,
                              reps: list[tuple[str, Position, ChainPath]]) -> list[Finding]:
    """Two or more of ``org``'s people, a non-executive among them with an executive, deciding
    together in a forum under personal delegations: a committee that was never constituted."""
    S = ctx.S
    neds, execs = [], []
    for person, _seat, _path in reps:
        roles = S.roles_in(person, org, ctx.date, ctx.date)
        if any(is_ned(p) for p in roles):
            neds.append(person)
        elif any(is_exec(p) for p in roles):
            execs.append(person)
    if not (neds and execs) or not ctx.rules.on("committee_in_all_but_name"):
        return []
    names = ", ".join(S.label(p) for p in sorted(neds + execs))
    return [finding(
        "committee_in_all_but_name",
        f"{S.name(ids.org(org))} was represented in {S.label(ctx.decider)} by {names}, a "
        "non-executive and an executive deciding together under personal delegations. NHS "
        "Providers' briefing remarks that this is 'a committee in all but name': worth asking "
        "whether the board meant to constitute a committee with terms of reference instead. This "
        "is advice, not a rule.",
        [ctx.dec.src, *(p.links[0].src for _, _, p in reps), *(s.src for _, s, _ in reps)],
        decision=ctx.decision, organisation=org)]


def _screen(ctx: DecisionContext, meeting: str) -> Any:
    """The agenda screen of ``meeting`` (cached per scheme: audits trace many decisions)."""
    cache = ctx.S.screens
    if meeting not in cache:
        cache[meeting] = screen_meeting(ctx.S.G, meeting, checks=False, path_finder=ctx.path_finder)
    return cache[meeting]


def _minuted(S: Scheme, meeting: str) -> bool:
    """Are the minutes of ``meeting`` in the data (any entry at all), and do they capture the
    declarations (no ``not_captured`` entry)?"""
    kinds = {str(m.kind) for _, _, _, m in views.out_edges(S.G, ids.meeting(meeting), "minuted")}
    return bool(kinds) and "not_captured" not in kinds


def _minuted_out(S: Scheme, meeting: str, item: str, person: str) -> bool:
    """Do the minutes record that ``person`` withdrew or took no part in ``item``?"""
    for _u, _v, _k, m in views.out_edges(S.G, ids.meeting(meeting), "minuted"):
        if m.item != item:
            continue
        if m.kind in ("withdrawal", "no_vote") and m.person == person:
            return True
        if m.kind == "declaration" and m.outcome in ("left_room", "no_part", "remained") and \
                (m.person == person or m.all_members):
            return True  # the outcome minuted with the declaration (a chair's decision to let them remain too)
    return False


def conflicted_members(ctx: DecisionContext) -> list[Finding]:
    """Members with a material conflict on the item (the agenda screen says they should take
    no part in the decision, or leave), who were in the room and voting for it, with no
    withdrawal minuted.

    Needs evidence, not assumptions: the decision's agenda item; the
    meeting's minutes in the data (without them nobody can tell who withdrew,
    so nothing is reported); an attendance record of ``present`` or
    ``deputising`` not ended by ``left_after_item`` before the item.  Only
    ``material`` conflicts count: for lesser ones the chair may proportionately
    let the member take part.
    """
    S = ctx.S
    item = ctx.dec.item
    if not item:
        return []
    item_node = ids.item(item)
    agenda_item = views.item(S.G, item_node) if item_node in S.G else None
    meeting = agenda_item.meeting if agenda_item is not None else None
    if not meeting or ids.meeting(meeting) not in S.G:
        return []
    if not _minuted(S, str(meeting)):
        return []
    screen = _screen(ctx, str(meeting))
    it = next((x for x in screen.items if x.id == item), None)
    if it is None:
        return []
    roll = {e.person: e for e in screen.roll}
    counted = []
    evidence: list[str | None] = [ctx.dec.src, agenda_item.src if agenda_item is not None else None]
    for p in it.people:
        steps_out = ACTION_WEIGHT[Action(p.action)] >= ACTION_WEIGHT[Action.no_decision]
        if not steps_out or str(p.level) != "material":
            continue
        e = roll.get(p.person)
        if e is None or not e.voting or e.status not in ("present", "deputising"):
            continue
        if (not e.present_for(it.number) or p.person in it.presence_not_stated
                or _minuted_out(S, str(meeting), str(item), p.person)):
            continue
        counted.append((p, e))
        evidence += e.evidence
        for f in it.findings:
            if f.person == p.person:
                evidence += [x.evidence for x in f.path.edges]
    if not counted:
        return []
    who = "; ".join(
        f"{p.name} ({', '.join(S.name(ids.org(o)) for o in p.organisations)}; "
        f"{humanise(e.status)}; the screen says '{p.action_text}')" for p, e in counted)
    n = len(counted)
    text = (f"{n} member{'s' if n != 1 else ''} with a material conflict on item {it.number} "
            f"{'were' if n != 1 else 'was'} counted in the quorum for the decision: {who}. The "
            "attendance record has them in the room and voting, and the minutes record neither a "
            "withdrawal nor that they took no part.")
    if n == len([e for e in roll.values() if e.voting and e.present_for(it.number)]):
        text += (" Every voting member present was conflicted: the decision needed to go to a body "
                 "whose members were not (the terms of reference's referral route).")
    return [finding("conflicted_member_counted", text, evidence, decision=ctx.decision,
                    person=counted[0][0].person if n == 1 else None,
                    people=[p.person for p, _ in counted], meeting=str(meeting))]


__all__ = ["NOT_FORUMS", "representatives", "committee_in_all_but_name", "conflicted_members"]
