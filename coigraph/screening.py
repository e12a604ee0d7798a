"""Agenda pre-screening: who is conflicted on which item, how materially, what to do, and quorum.

For a meeting, :func:`screen_meeting`:

1. takes the *roll* (:func:`coigraph.quorum.meeting_roll`): members on the
   meeting date, deputies and attendees, and who is in the room for each item;
2. finds each item's *affected organisations*: those listed in
   ``affected_organisations`` with their effect, plus those named in the
   item's title or summary (names, aliases, abbreviations, suffix variants
   such as "NHS FT"), marked ``inferred`` with the words matched;
3. finds every *interest path* from each person in the room to each affected
   organisation (:mod:`coigraph.paths`), never through the organisation that
   owns the body meeting and never from a seat on the body itself; for items
   whose effect is ``self`` (members' own pay, posts or body) every member's
   own post or seat counts;
4. applies the *policy* (:mod:`coigraph.policy`) to each path, giving a
   level, an action and the rule that fired; one finding per person and
   organisation, carrying the strictest explanation (others are kept as
   ``other_paths``); an item about members themselves conflicts only the
   people it ``concerns`` (named people, or the classes non_executives,
   executives, all_members, chair);
5. checks *quorum* for each decision item once everyone told to leave or to
   take no part in the decision steps out (:mod:`coigraph.quorum`).  When
   every voting member in the room is conflicted, nobody is told to step out
   (nobody would be left): each declares, and the item's note gives what is
   possible (refer it to a body that has the power and is not conflicted, or
   record the unavoidable conflict and how it was managed);
6. adds the governance officer's other checks for the people on the roll
   (:mod:`coigraph.declaration_checks`): possibly undeclared interests, stale
   declarations, confidential information heard before a related decision.

Everything returned is a pydantic record (:mod:`coigraph.screen_records`); ``model_dump(mode="json")`` is the
JSON documented in ``docs/screening.md``, sorted so that two runs give
byte-identical output.

Cost: per meeting, linear in the neighbourhoods of the people on the roll and
of the affected organisations (see :mod:`coigraph.paths`), never the whole
graph; the organisation-name matcher is built once per graph and cached on
``G.graph``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.declaration_checks import meeting_checks, undeclared_controls
from coigraph.findings import citation_library
from coigraph.graph import find_node
from coigraph.graph import node_name as _name
from coigraph.interest_facts import (
    CONCERN_WORDS,
    concerned_people,
    councillor_note,
    interest_words,
    pay_advice,
)
from coigraph.model import (
    AgendaItem,
    Effect,
    InterestType,
    ItemKind,
)
from coigraph.names import OrgMatcher
from coigraph.paths import (
    DEFAULT_LIMIT,
    DEFAULT_LOOKBACK_DAYS,
    DEFAULT_MAX_DEPTH,
    InterestPath,
    PathFinder,
    PathSearch,
    PathSearchFactory,
    excluded_orgs,
    type_words,
)
from coigraph.paths.records import control_words
from coigraph.policy import (
    ACTION_WEIGHT,
    LEVEL_WEIGHT,
    UNKNOWN_MODIFIER,
    Action,
    Level,
    Policy,
    fill,
    load_policy,
    to_confirm,
)
from coigraph.quorum import (
    QuorumCheck,
    RollEntry,
    Withdrawal,
    check_quorum,
    item_order,
    meeting_roll,
    presence,
    roll_status,
)
from coigraph.screen_judge import judge_path, rank
from coigraph.screen_records import SCHEMA as SCHEMA  # re-exported: the JSON's schema name
from coigraph.screen_records import SCHEMA_VERSION as SCHEMA_VERSION
from coigraph.screen_records import (  # the records live there; re-exported for callers of this module
    AffectedOrg,
    Finding,
    ItemScreen,
    MeetingInfo,
    MeetingScreen,
    OtherPath,
    PersonOnItem,
    ProcurementLink,
    ScreenAll,
    ScreenSummary,
    ScreenWarning,
    path_limit_warning,
)
from coigraph.words import humanise

#: Effects ordered from most to least money-deciding (used to guess the effect on an inferred organisation).
EFFECT_ORDER = [Effect.award, Effect.investment, Effect.allocation, Effect.reconfiguration,
                Effect.system_wide, Effect.information]
#: Words in an item's matter code or title that suggest its effect, when no organisation is listed.
EFFECT_WORDS = [
    (Effect.award, r"award|contract|procure|tender|provider selection"),
    (Effect.investment, r"invest|business case|capital|funding"),
    (Effect.allocation, r"allocat|budget|pooled|s75|section 75"),
    (Effect.reconfiguration, r"reconfigur|restructur|consultation|service change|closure|merger"),
]


# --------------------------------------------------------------------------- helpers


def org_matcher(G: nx.MultiDiGraph) -> OrgMatcher:
    """The organisation-name matcher of the graph, built once and cached on ``G.graph``.

    Rebuilt when the number of nodes changes (an organisation added).
    """
    cache = G.graph.get("_coigraph_org_matcher")
    if cache is not None and cache[0] == len(G):
        return cache[1]
    orgs = [(n, str(n if o.name is None else o.name), list(o.aliases))
            for n, o in sorted(views.nodes_of(G, "organisation"), key=lambda x: x[0])]
    matcher = OrgMatcher(orgs)
    G.graph["_coigraph_org_matcher"] = (len(G), matcher)
    return matcher


def _guess_effect(item: AgendaItem, listed: list[Effect]) -> Effect:
    money = [e for e in EFFECT_ORDER if e in listed]
    if money:
        return money[0]
    text = " ".join(str(v if v is not None else "")
                    for v in (item.matter, item.title, item.summary)).lower()
    for effect, pattern in EFFECT_WORDS:
        if re.search(pattern, text):
            return effect
    return Effect.information


def affected_organisations(G: nx.MultiDiGraph, item: str, *, exclude: Iterable[str] = ()) -> list[AffectedOrg]:
    """Organisations ``item`` affects: listed ones, then those its title or summary names (inferred).

    Inferred organisations skip those already listed and those in ``exclude``
    (the owner of the body meeting).  Sorted: listed first, then by id.
    """
    a = views.item(G, item)
    listed: list[AffectedOrg] = []
    for _, org, _, aff in views.out_edges(G, item, "affects"):
        listed.append(AffectedOrg(organisation=ids.bare(org), name=_name(G, org), effect=Effect(aff.effect),
                                  source="listed", note=aff.note, formula=aff.formula))
    listed.sort(key=lambda x: (x.organisation, x.effect))
    have = {ids.org(x.organisation) for x in listed} | set(exclude)
    guess = _guess_effect(a, [x.effect for x in listed])
    inferred: dict[str, AffectedOrg] = {}
    matcher = org_matcher(G)
    for text in (a.title, a.summary):
        for mention in matcher.find_in_text(str(text or "")):
            if mention.org_id in have:
                continue
            got = inferred.get(mention.org_id)
            if got is None:
                inferred[mention.org_id] = AffectedOrg(
                    organisation=ids.bare(mention.org_id), name=_name(G, mention.org_id), effect=guess,
                    source="inferred", matched_words=[mention.matched], effect_guessed=True)
            elif mention.matched not in got.matched_words:
                got.matched_words.append(mention.matched)
    return listed + [inferred[k] for k in sorted(inferred)]


def _fill_values(G: nx.MultiDiGraph, path: InterestPath, aff: AffectedOrg, item: AgendaItem) -> dict:
    if path.carrier == "position":
        role = humanise(path.role or "post")
    elif path.control is not None:  # a public-register record: what it says, as the finding says it
        role = control_words(G, path.control)
    else:
        role = "declared " + " and ".join(type_words(t) for t in path.interest_types) + " interest"
    return {
        "person": _name(G, path.person), "organisation": aff.name,
        "effect": humanise(aff.effect),
        "item": f"{item.number} {item.title}" if item.number else str(item.title),
        "role": role, "associate": _name(G, path.associate) if path.associate else "associate",
        "relationship": path.relationship or "associate",
    }


def _chair_decisions(G: nx.MultiDiGraph, meeting: str) -> dict[tuple[str, str], str]:
    """(item, person) -> the chair's decision as the minutes record it ('*': every member).

    A withdrawal or no-vote minuted for the person (or for all members) on the item records
    how the conflict was managed; so does a blanket declaration whose minute says what the
    meeting then did.
    """
    out: dict[tuple[str, str], str] = {}
    for _, _, _, m in views.out_edges(G, meeting, "minuted"):
        if not m.item:
            continue
        who = "*" if m.all_members else str(m.person or "")
        kind = str(m.kind)
        outcome = str(m.outcome) if getattr(m, "outcome", None) else None
        if kind in ("withdrawal", "no_vote"):
            words = "left the room" if kind == "withdrawal" else "took no part in the decision"
        elif kind == "declaration" and outcome in ("left_room", "no_part", "remained"):
            # the outcome minuted with the declaration (issue 14): how the chair managed it
            words = {"left_room": "left the room", "no_part": "took no part in the decision",
                     "remained": "the chair agreed they may remain"
                     + (f" ({m.reason})" if getattr(m, "reason", None) else "")}[outcome]
        elif kind == "declaration" and m.all_members and m.text:
            words = "every member declared; the minute records how it was managed"
        else:
            continue
        text = str(m.text).strip() if m.text else words
        out.setdefault((str(m.item), who), f"{text} [{m.src}]" if m.src else text)
    return out


# --------------------------------------------------------------------------- the screen


def screen_meeting(G: nx.MultiDiGraph, meeting_id: str, *, policy: Policy | None = None,
                   as_of: dt.date | None = None, lookback_days: int | None = None,
                   max_depth: int = DEFAULT_MAX_DEPTH, limit: int = DEFAULT_LIMIT,
                   checks: bool = True, path_finder: PathSearchFactory | None = None) -> MeetingScreen:
    """Screen every item of meeting ``meeting_id`` (with or without ``meeting:``); see the module doc.

    ``policy`` defaults to the bundled one; ``as_of`` judges interests as
    they stand on that date instead of the meeting date; ``lookback_days``
    keeps interests that ended that long before (default: the policy's
    look-back, 6 months in the bundled policy); ``max_depth`` bounds each
    path's length; ``checks=False`` skips the declarations checks.
    ``path_finder`` makes the :class:`~coigraph.paths.PathSearch` used instead of
    :class:`PathFinder` (same signature): the Neo4j backend passes one that
    searches in the database.
    """
    policy = policy or load_policy()
    if lookback_days is None:
        lookback_days = policy.lookback_days() if policy.lookback_months else DEFAULT_LOOKBACK_DAYS
    meeting = find_node(G, "meeting", meeting_id)
    m = views.meeting(G, meeting)
    body = ids.body(m.body)
    on = as_of or m.date
    exclude = excluded_orgs(G, body)
    finder: PathSearch = (path_finder or PathFinder)(G, on=on, lookback_days=lookback_days, max_depth=max_depth,
                        exclude_orgs=exclude, exclude_bodies=[body], limit=limit)
    roll = meeting_roll(G, meeting)
    status, roll_note = roll_status(G, meeting, roll)
    items = sorted((u for u, _, t in G.in_edges(meeting, data="type") if t == "item_of"),
                   key=lambda n: (item_order(views.item(G, n).number), n))
    times = sorted({t for t in (views.item(G, n).time for n in items) if t})
    decided = _chair_decisions(G, meeting)
    awards = _award_items(G)
    screens = [_screen_item(G, it, body, roll, finder, policy, exclude, on, decided,
                            next((t for t in times if t > (views.item(G, it).time or "99")), None),
                            roll_known=status not in ("empty", "unknown"), links=awards.get(it, []))
               for it in items]
    b = views.body(G, body)
    info = MeetingInfo(
        id=ids.bare(meeting), title=m.title, date=m.date, body=ids.bare(body), body_name=_name(G, body),
        body_kind=str(b.kind or ""), owners=list(b.owners), public=bool(m.public))
    chk = meeting_checks(G, meeting, roll=roll, on=on) if checks else None
    if chk is not None:  # controls on a public register the screen found, that no entry covers
        chk.undeclared += undeclared_controls(G, screens)
    every = [f for s in screens for f in s.findings]
    summary = ScreenSummary(
        items=len(screens), findings=len(every),
        leave=sum(ACTION_WEIGHT[f.action] >= ACTION_WEIGHT[Action.leave] for f in every),
        no_decision=sum(f.action == Action.no_decision for f in every),
        declare=sum(f.action == Action.declare for f in every),
        to_confirm=sum(f.level == Level.to_confirm for f in every),
        by_action={a.value: n for a in Action if (n := sum(f.action == a for f in every))},
        inquorate_items=[s.number or s.id for s in screens if s.quorum.status == "inquorate"],
        at_risk_items=[s.number or s.id for s in screens if s.quorum.status == "at_risk"],
        self_items=[s.number or s.id for s in screens if s.self_item],
        quorum_to_confirm_items=[s.number or s.id for s in screens if s.quorum.status == "to_confirm"],
        whole_body_items=[s.number or s.id for s in screens if s.whole_body],
    )
    capped = getattr(finder, "capped", None) or {}
    warnings = [path_limit_warning(G, ids.person(p), limit, n) for p, n in sorted(capped.items())]
    return MeetingScreen(meeting=info, screened_on=on, lookback_days=lookback_days,
                         policy=policy.name, excluded_organisations=sorted(ids.bare(o) for o in exclude),
                         roll=roll, roll_status=status, roll_note=roll_note, items=screens, checks=chk,
                         summary=summary, warnings=warnings)


def person_findings(G: nx.MultiDiGraph, meeting_id: str, person: str, items: Iterable[str], *,
                    policy: Policy | None = None, as_of: dt.date | None = None,
                    lookback_days: int = DEFAULT_LOOKBACK_DAYS, max_depth: int = DEFAULT_MAX_DEPTH,
                    limit: int = DEFAULT_LIMIT) -> dict[str, list[Finding]]:
    """``person``'s findings on each of ``items`` (item ids) of a meeting, whether or not they
    are in the room for them: what :func:`screen_meeting` would find were they there.

    For someone the screen leaves out (apologies, not a member, an associate
    of a member, gone before the item): the same paths, policy and exclusions
    as the meeting's screen.  Cost: one path search per item, from one person.
    """
    policy = policy or load_policy()
    meeting = find_node(G, "meeting", meeting_id)
    pnode = find_node(G, "person", person)
    m = views.meeting(G, meeting)
    body = ids.body(m.body)
    exclude = excluded_orgs(G, body)
    finder = PathFinder(G, on=as_of or m.date, lookback_days=lookback_days, max_depth=max_depth,
                        exclude_orgs=exclude, exclude_bodies=[body], limit=limit)
    # their own entry on the roll, if they have one (an item about members themselves reads it)
    mine = [e for e in meeting_roll(G, meeting) if e.person == ids.bare(pnode)]
    out: dict[str, list[Finding]] = {}
    for it in items:
        node = find_node(G, "agenda_item", it)
        a = views.item(G, node)
        affected = affected_organisations(G, node, exclude=exclude)
        concerned = None
        if any(x.effect == Effect.self for x in affected):
            concerned = concerned_people(G, list(a.concerns or []), mine)
            if concerned is not None and ids.bare(pnode) in (a.concerns or []):
                concerned.add(ids.bare(pnode))  # named by the item, on the roll or not
        targets = sorted({ids.org(x.organisation) for x in affected if x.effect != Effect.self})
        found = _person_findings(G, pnode, affected, a, finder, policy, body, as_of or m.date, concerned,
                                 targets)
        out[ids.bare(node)] = sorted(found, key=Finding.sort_key)
    return out


def _award_items(G: nx.MultiDiGraph) -> dict[str, list[ProcurementLink]]:
    """Agenda item -> the procurements whose award decision it takes (one pass over procurements)."""
    from coigraph import procurements

    out: dict[str, list[ProcurementLink]] = {}
    for proc in procurements.procurement_nodes(G):
        item = procurements.award_item(G, proc)
        if item is not None:
            p = views.procurement(G, proc)
            out.setdefault(item, []).append(ProcurementLink(
                id=ids.bare(proc), title=str(p.title), regime=str(p.regime),
                command=f"coigraph procurement DATA --id {ids.bare(proc)}"))
    return out


def _screen_item(G: nx.MultiDiGraph, item: str, body: str, roll: list[RollEntry], finder: PathSearch,
                 policy: Policy, exclude: list[str], on: dt.date, decided: dict[tuple[str, str], str],
                 next_start: str | None = None, roll_known: bool = True,
                 links: list[ProcurementLink] | None = None) -> ItemScreen:
    a = views.item(G, item)
    number = a.number
    iid = ids.bare(item)
    affected = affected_organisations(G, item, exclude=exclude)
    here = {e.person: presence(e, number, a.time, next_start) for e in roll}
    present = [e for e in roll if here[e.person] is True]
    maybe = [e for e in roll if here[e.person] is None]
    self_orgs = [x for x in affected if x.effect == Effect.self]
    concerns = list(a.concerns or [])
    concerned = concerned_people(G, concerns, present + maybe) if self_orgs else None
    findings: list[Finding] = []
    targets = sorted({ids.org(x.organisation) for x in affected if x.effect != Effect.self})
    if affected:
        for e in present + maybe:  # who may be there is screened too: warned, never assumed absent
            findings.extend(_person_findings(G, ids.person(e.person), affected, a, finder, policy, body, on,
                                             concerned, targets))
    findings.sort(key=Finding.sort_key)
    voting = [e for e in present if e.voting]
    people, withdrawals, firm = _withdrawals(G, findings, present + maybe, policy)
    if all(e.person in firm for e in voting):
        # a conflicted member whose seat may vote (not stated) may be the last voting member in the room:
        # if it votes, nobody can step out (each declares); whether they leave is to confirm
        last = {e.person for e in present if e.voting_status == "not_stated" and e.person in firm}
        if last:
            findings = [_may_be_last_voter(f, policy) if f.person in last else f for f in findings]
            people, withdrawals, firm = _withdrawals(G, findings, present + maybe, policy)
    notes: list[str] = []
    decision = None if a.kind is None else a.kind == ItemKind.decision.value
    whole = bool(voting) and all(e.person in firm for e in voting)
    # no later meeting of the body can do better: an item about members themselves conflicts them
    # by their posts (at every meeting), or every member of the body is conflicted
    members = [e for e in roll if e.member and e.voting]
    no_better_meeting = bool(self_orgs) or (bool(members) and all(e.person in firm for e in members))
    quorum = check_quorum(G, body, present, withdrawals, decision=decision, maybe=maybe,
                          no_better_meeting=no_better_meeting)
    if not roll_known and quorum.status in ("inquorate", "at_risk"):
        # who was there is not known (see the meeting's roll note): never an inquorate verdict
        quorum = quorum.model_copy(update={
            "status": "to_confirm", "explanation": "Who was on the roll is not known (see the note on the "
            "meeting): quorum to confirm against the minutes. " + quorum.explanation})
    if self_orgs:
        notes.append(_self_note(G, body, self_orgs, concerns, concerned, voting, findings, quorum, whole))
    if whole:
        notes.append(_whole_body_note(G, body, decision is not False, bool(self_orgs), concerns))
        findings, people = _unavoidable(findings, people, {e.person for e in voting}, policy)
    if quorum.chair_note:
        notes.append(quorum.chair_note)
    if maybe:
        notes.append("Not stated whether these were in the room for this item (they came or went by the "
                     "clock during it, or the item's number or time is not given): "
                     + ", ".join(e.name for e in maybe) + ". Screened as if there; to confirm.")
    if a.kind is None:
        notes.append("The agenda does not say what this item asks (decision, discussion, assurance or "
                     "information): findings and quorum that depend on it are 'to confirm'.")
    if any(x.source == "inferred" for x in affected):
        names = ", ".join(f"{x.name} ('{'; '.join(x.matched_words)}')" for x in affected if x.source == "inferred")
        notes.append(f"Inferred from the item's wording, to confirm: {names}.")
    for link in links or []:
        notes.append(f"This item takes the award decision of procurement {link.title} ({link.id}): "
                     f"its conflicts assessment, every stage and bidder, is '{link.command}'.")
    findings = [_decided(f, iid, decided) for f in findings]
    pending = {f.person: f.chair_decision_pending for f in findings}
    people = [p.model_copy(update={"chair_decision_pending": pending.get(p.person, True)}) for p in people]
    return ItemScreen(
        id=iid, number=number, title=str(a.title or ""),
        kind=ItemKind(a.kind) if a.kind else None,
        confidential=bool(a.confidential), value=a.value, matter=a.matter,
        affected=affected, findings=findings, people=people, self_item=bool(self_orgs),
        concerns=concerns, concerned=sorted(concerned or []), whole_body=whole, notes=notes,
        quorum=quorum, presence_not_stated=sorted(e.person for e in maybe),
        procurements=list(links or []))


def _withdrawals(G: nx.MultiDiGraph, findings: list[Finding], present: list[RollEntry],
                 policy: Policy) -> tuple[list[PersonOnItem], list[Withdrawal], set[str]]:
    """Each person's strictest action, who steps out, and who steps out for certain (not pending)."""
    people = _people(G, findings, present, policy)
    withdrawals = [Withdrawal(person=p.person, name=p.name, action=p.action,
                              pending=all(f.level == Level.to_confirm for f in findings
                                          if f.person == p.person and f.action != Action.declare))
                   for p in people if p.action != Action.declare]
    return people, withdrawals, {w.person for w in withdrawals if not w.pending}


def _may_be_last_voter(f: Finding, policy: Policy) -> Finding:
    """``f`` for a member whose seat may vote (not stated) when every voting member in the room is
    conflicted: if the seat votes nobody is left to decide and each declares, so the step out the
    finding asks for turns on the blank (issue 14: a blank is never a reason to send anyone out).
    A finding already to confirm, or asking only a declaration, is left as it is."""
    if f.action == Action.declare or f.level == Level.to_confirm:
        return f
    what = f"whether {f.person_name}'s seat votes (voting is blank and the role does not say)"
    action, text = to_confirm(f.action, [what])
    text += (" Every other voting member in the room is conflicted too (or there is none): if the seat "
             "votes, nobody is left to decide the item, so nobody is asked to step out and each declares.")
    return f.model_copy(update={
        "level": Level.to_confirm, "action": action, "action_text": policy.action_words(action),
        "modifiers": [*f.modifiers, UNKNOWN_MODIFIER], "modifier_texts": [*f.modifier_texts, text],
        "unknown": [*f.unknown, what]})


def _decided(f: Finding, item: str, decided: dict[tuple[str, str], str]) -> Finding:
    """The finding with the chair's decision the minutes record, if any."""
    text = decided.get((item, f.person)) or decided.get((item, "*"))
    if text is None:
        return f
    return f.model_copy(update={"chair_decision_pending": False, "chair_decision": text})


def _self_note(G: nx.MultiDiGraph, body: str, self_orgs: list[AffectedOrg], concerns: list[str],
               concerned: set[str] | None, voting: list[RollEntry], findings: list[Finding],
               quorum: QuorumCheck, whole: bool) -> str:
    """The note of an item about members themselves: whom it concerns, and where it belongs."""
    hit = {f.person for f in findings if f.effect == Effect.self and f.action != Action.declare}
    n = sum(1 for e in voting if e.person in hit)
    what = ", ".join(x.name for x in self_orgs)
    if concerned is None:
        who = ("whom it concerns is not stated (agenda_items.concerns), so every member is taken as "
               "concerned: name them to screen it properly")
    else:
        who = "it concerns " + ", ".join(CONCERN_WORDS.get(c) or _name(G, ids.person(c))
                                         for c in concerns) + ", and only they are conflicted by it"
    text = (f"This item concerns the members themselves ({what}: their own pay, posts or body): {who}; "
            f"{n} of {len(voting)} voting member{'s' if len(voting) != 1 else ''} in the room "
            f"{'is' if n == 1 else 'are'} conflicted.")
    text += pay_advice(G, body, concerns)
    if not whole and quorum.status in ("inquorate", "at_risk"):
        text += " Without them the meeting cannot decide it: " + "; ".join(quorum.options) + "."
    return text


def _whole_body_note(G: nx.MultiDiGraph, body: str, decision: bool, self_item: bool,
                     concerns: list[str]) -> str:
    """What is possible when every voting member in the room is conflicted."""
    head = ("Every voting member in the room is conflicted on this item, so nobody is asked to step out "
            "(nobody would be left): each declares, and ")
    if not decision:
        return head + ("the chair records the unavoidable conflict and how it was managed (for "
                       "example, that the discussion went on with every member's interest declared).")
    text = head + ("the item cannot be decided free of conflict here. Either refer the decision to a "
                   "body that has the power and is not conflicted")
    text += ", or, if it must be taken here, record the unavoidable conflict and how it was managed."
    if self_item:
        text += " See the note above on where members' own pay is decided."
    return text


def _unavoidable(findings: list[Finding], people: list[PersonOnItem], voting: set[str],
                 policy: Policy) -> tuple[list[Finding], list[PersonOnItem]]:
    """Voting members' findings on a whole-body conflict: each declares (nobody can step out)."""
    text = ("Every voting member in the room is conflicted on this item: nobody is asked to step out; "
            "declare, and the chair records the unavoidable conflict and how it was managed.")
    out = []
    for f in findings:
        if f.person in voting and f.action != Action.declare:
            f = f.model_copy(update={
                "policy_action": f.action, "action": Action.declare, "unavoidable": True,
                "action_text": policy.action_words(Action.declare),
                "modifiers": [*f.modifiers, UNAVOIDABLE], "modifier_texts": [*f.modifier_texts, text]})
        elif f.person in voting:
            f = f.model_copy(update={"unavoidable": True})
        out.append(f)
    ps = [p.model_copy(update={"action": Action.declare, "action_text": policy.action_words(Action.declare),
                               "unavoidable": True}) if p.person in voting else p for p in people]
    return out, ps


#: The modifier id recorded when a whole-body conflict turned an action into 'declare'.
UNAVOIDABLE = "whole-body-conflict"


def _person_findings(G, person: str, affected: list[AffectedOrg], item: AgendaItem, finder: PathSearch,
                     policy: Policy, body: str, on: dt.date, concerned: set[str] | None,
                     targets: list[str]) -> list[Finding]:
    """``targets``: the organisations the item affects other than as ``self`` (worked out once per item)."""
    by_org: dict[str, list[InterestPath]] = {}
    for p in finder.paths(person, targets) if targets else []:
        by_org.setdefault(p.organisation, []).append(p)
    out: list[Finding] = []
    councillor = None
    for aff in affected:
        org = ids.org(aff.organisation)
        paths = list(by_org.get(org, [])) if aff.effect != Effect.self else []
        if aff.effect == Effect.self:
            if concerned is not None and ids.bare(person) not in concerned:
                continue  # the item is about other members: not about this person
            paths = finder.membership_paths(person, org) + finder.paths(person, [org])
        if not paths:
            continue
        judged = []
        for p in paths:
            v, _, _ = judge_path(G, policy, p, aff, item)
            judged.append((v, p))
        # strictest first; then a seat on the body meeting (what a 'self' item is about); then shortest
        judged.sort(key=lambda vp: (tuple(-x for x in rank(vp[0].level, vp[0].action)),
                                    vp[1].via_body != body, len(vp[1].edges), vp[1].sort_key()))
        v, p = judged[0]
        values = _fill_values(G, p, aff, item)
        _, facts, unknown = judge_path(G, policy, p, aff, item)
        no_type = p.carrier == "interest" and not p.interest_types
        basis, citations = v.basis, list(v.citations)
        if facts.interest_type == InterestType.financial and not no_type:
            councillor = councillor or councillor_note(G, person, body, on) or ("", False)
            if councillor[0]:
                basis = ((basis + " ") if basis else "") + councillor[0]
                if councillor[1]:
                    citations += [citation_library()["localism-s31"], citation_library()["localism-s30-34"]]
        out.append(Finding(
            person=ids.bare(person), person_name=_name(G, person), organisation=aff.organisation,
            organisation_name=aff.name, effect=aff.effect, affected_as=aff.source,
            matched_words=aff.matched_words,
            category=None if no_type and not p.indirect else facts.category,
            interest_type=None if no_type else facts.interest_type,
            indirect=p.indirect, recency=p.recency, shape=p.shape, level=v.level, action=v.action,
            action_text=policy.action_words(v.action), rule_id=v.rule_id,
            rule_text=" ".join(fill(v.rule_text, values).split()), basis=basis, citations=citations,
            modifiers=v.modifiers, modifier_texts=[" ".join(fill(t, values).split()) for t in v.modifier_texts],
            holder=facts.holder, receives_money=facts.receives_money, interest_words=interest_words(G, p),
            explanation=p.text, path=p,
            other_paths=[OtherPath(level=ov.level, action=ov.action, rule_id=ov.rule_id, path=op)
                         for ov, op in judged[1:]],
            unknown=unknown,
        ))
    return out


def _people(G, findings: list[Finding], present: list[RollEntry], policy: Policy) -> list[PersonOnItem]:
    """Each person's strictest action on the item (a confirmed finding wins a tie with a to-confirm one)."""
    voting = {e.person: e.voting for e in present}
    out = []
    for person in sorted({f.person for f in findings}):
        fs = [f for f in findings if f.person == person]
        top = max(fs, key=lambda f: (ACTION_WEIGHT[f.action], f.level != Level.to_confirm,
                                     LEVEL_WEIGHT[f.level]))
        out.append(PersonOnItem(
            person=person, name=fs[0].person_name, voting=voting.get(person, False), level=top.level,
            action=top.action, action_text=policy.action_words(top.action),
            organisations=sorted({f.organisation for f in fs}), rule_ids=sorted({f.rule_id for f in fs})))
    return out


def screen_all(G: nx.MultiDiGraph, *, policy: Policy | None = None, as_of: dt.date | None = None,
               lookback_days: int | None = None, max_depth: int = DEFAULT_MAX_DEPTH,
               limit: int = DEFAULT_LIMIT, checks: bool = True, progress: Any = None,
               path_finder: PathSearchFactory | None = None) -> ScreenAll:
    """Screen every meeting in the graph, in date order (for audit sweeps).

    ``progress`` (optional) is called once per meeting screened.
    Cost: the sum of the meetings' screens, plus one pass over the nodes to list the meetings.
    """
    return ScreenAll(meetings=list(iter_screens(
        G, policy=policy, as_of=as_of, lookback_days=lookback_days, max_depth=max_depth, limit=limit,
        checks=checks, progress=progress, path_finder=path_finder)))


def iter_screens(G: nx.MultiDiGraph, *, policy: Policy | None = None, as_of: dt.date | None = None,
                 lookback_days: int = DEFAULT_LOOKBACK_DAYS, max_depth: int = DEFAULT_MAX_DEPTH,
                 limit: int = DEFAULT_LIMIT, checks: bool = True, progress: Any = None,
                 path_finder: PathSearchFactory | None = None) -> Iterator[MeetingScreen]:
    """:func:`screen_all`'s screens one at a time, in the same order, so a sweep can be written out
    as it goes and never held whole (``coigraph screen --all``)."""
    policy = policy or load_policy()
    meetings = sorted((n for n, _ in views.nodes_of(G, "meeting")),
                      key=lambda n: (views.meeting(G, n).date, n))
    for mt in meetings:
        yield screen_meeting(G, mt, policy=policy, as_of=as_of, lookback_days=lookback_days,
                             max_depth=max_depth, limit=limit, checks=checks, path_finder=path_finder)
        if progress is not None:
            progress()


__all__ = ["screen_meeting", "screen_all", "person_findings", "affected_organisations", "excluded_orgs",
           "MeetingScreen", "ItemScreen", "Finding", "AffectedOrg", "ScreenAll", "ScreenWarning",
           "ProcurementLink", "org_matcher", "iter_screens", "path_limit_warning"]
