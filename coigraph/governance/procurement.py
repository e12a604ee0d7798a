"""The conflicts assessment of a procurement: every person at every stage screened against every bidder.

For a procurement, :func:`screen_procurement`:

1. reads its stages and their dates, the people acting at each (the
   participants recorded, plus, for an award taken at a meeting, the voting
   members present for the item, and the officer who decided it), and the
   bidders or providers considered at each stage;
2. for every participant at every stage, finds every interest path
   (:mod:`coigraph.paths`, the same grammar and engines as screening) from the
   person to each bidder considered at that stage, as the register stood on
   the stage's date, and judges each with the materiality policy
   (:mod:`coigraph.policy`; the item is an award decision); a participant's
   role may set the least action (an evaluator: at least no part in that
   evaluation; :mod:`coigraph.governance.values`);
3. adds every gift or hospitality the person accepted from a bidder within the
   look-back before the stage (at least no part in the decision);
4. compares each conflict with what the record says was declared and done
   (excluded, mitigation, the date the conflict was identified);
5. checks the record itself: the decision-makers recorded (PSR reg 24(d)) and,
   for a procurement under the Procurement Act 2023 only, a conflicts
   assessment before the notice (s83).

The result, :class:`ProcurementAssessment`, is the conflicts assessment as the
authority keeps it (who, what interest, which bidder, what mitigation, when
reviewed), with findings of the registered kinds ``procurement_*``,
``gift_from_bidder`` and ``hospitality_from_bidder``.  ``coigraph procurement
DATA --id P`` prints it; :func:`procurement_section` is its audit section.

Cost: one path search per (participant, stage), memoised per date; the
bidders at a stage are searched for together.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, procurements, views
from coigraph.findings import Finding, dedupe, finding
from coigraph.governance.minutes import read_minutes
from coigraph.governance.values import PolicyValues, load_values
from coigraph.graph import find_node
from coigraph.graph import node_name as _name
from coigraph.interest_facts import holder_of, receives_money
from coigraph.model import (
    PSR_REGIMES,
    PSR_REGULATION,
    STAGE_ORDER,
    BidOutcome,
    Effect,
    ItemKind,
    Regime,
    Stage,
)
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
from coigraph.policy import (
    ACTION_WEIGHT,
    LEVEL_WEIGHT,
    Action,
    Facts,
    Level,
    Policy,
    fill,
    load_policy,
)
from coigraph.quorum import meeting_roll
from coigraph.section import AuditContext, Cell, Section
from coigraph.words import humanise, lower_first, money

SCHEMA = "coigraph-procurement"
SCHEMA_VERSION = 1

Management = Literal["managed", "not_managed", "not_recorded"]


# --------------------------------------------------------------------------- records


class ProcurementInfo(BaseModel):
    id: str
    title: str
    buyer: str
    buyer_name: str
    regime: Regime
    regime_text: str = Field(description="The regime and process in words, with its regulation.")
    law: str = Field(description="Which conflicts law applies: the PSR, or the Procurement Act 2023.")
    value: float | None = None
    matter: str | None = None
    decision: str | None = None
    item: str | None = None
    meeting: str | None = None
    decided_by: str | None = None
    decided_by_name: str | None = None
    award_date: dt.date | None = None
    notice: str | None = None
    notice_date: dt.date | None = None
    conflicts_assessment: dt.date | None = None
    conflicts_statement: str | None = None
    source: str | None = None
    evidence: str | None = None


class StageRow(BaseModel):
    stage: Stage
    start: dt.date | None = None
    end: dt.date | None = None
    meeting: str | None = None
    screened_on: dt.date | None = Field(None, description="The date interests were judged on at this stage.")
    participants: list[str] = Field(default_factory=list, description="Person ids acting at the stage.")
    bidders: list[str] = Field(default_factory=list, description="Organisation ids considered at it.")
    note: str | None = None
    evidence: str | None = None


class ParticipantRow(BaseModel):
    person: str
    name: str
    role: str
    stages: list[Stage]
    recorded_as: Literal["participant", "attendance", "decision"] = Field(
        description="participant: a row of procurement_participants; attendance: a voting member present "
        "for the award item; decision: the officer who took the awarding decision.")
    declared: dt.date | None = None
    declared_conflict: bool | None = None
    declaration: str | None = None
    excluded: bool | None = None
    mitigation: str | None = None
    identified: dt.date | None = None
    reviewed: dt.date | None = None
    evidence: list[str] = Field(default_factory=list)


class BidderRow(BaseModel):
    organisation: str
    name: str
    stages: list[Stage]
    incumbent: bool = False
    outcome: BidOutcome | None = None
    evidence: list[str] = Field(default_factory=list)


class GiftRef(BaseModel):
    id: str
    kind: str
    date: dt.date
    value: float | None = None
    description: str
    declared: bool | None = None
    evidence: str | None = None


class Conflict(BaseModel):
    """One entry of the conflicts assessment: a person's interest in a bidder, and how it was managed."""

    person: str
    person_name: str
    roles: list[str]
    organisation: str = Field(description="The bidder (organisation id).")
    organisation_name: str
    kind: Literal["interest", "gift", "hospitality"]
    stages: list[Stage] = Field(description="Stages the person acted at while the bidder was considered.")
    interest: str = Field(description="What the interest is, in words, with evidence.")
    category: str | None = None
    level: Level
    action: Action
    action_text: str
    rule_id: str
    rule_text: str
    least_action: str | None = Field(None, description="Where the action was raised to the least "
                                     "action for the person's role or situation: its source.")
    path: InterestPath | None = None
    other_paths: int = 0
    gifts: list[GiftRef] = Field(default_factory=list)
    declared: dt.date | None = None
    declared_conflict: bool | None = None
    excluded: bool | None = None
    mitigation: str | None = None
    identified: dt.date | None = None
    identified_late: bool = False
    identified_after: list[Stage] = Field(
        default_factory=list, description="The stages the person acted at (not excluded) that had "
        "ended before the conflict was identified: those it was identified late for.")
    reviewed: dt.date | None = None
    management: Management
    management_text: str
    evidence: list[str] = Field(default_factory=list)


class DecisionMakers(BaseModel):
    recorded: bool
    people: list[str] = Field(default_factory=list)
    how: str


class ProcurementAssessment(BaseModel):
    """The conflicts assessment of one procurement: the documented JSON of ``coigraph procurement``."""

    schema_: str = Field(SCHEMA, alias="schema", serialization_alias="schema")
    version: int = SCHEMA_VERSION
    procurement: ProcurementInfo
    lookback_days: int
    policy: str
    values: str
    stages: list[StageRow]
    participants: list[ParticipantRow]
    bidders: list[BidderRow]
    decision_makers: DecisionMakers
    conflicts: list[Conflict]
    findings: list[Finding]
    notes: list[str] = Field(default_factory=list)

    model_config = {"populate_by_name": True}

    def model_dump(self, **kw: Any) -> dict[str, Any]:  # keep 'schema' as the key
        kw.setdefault("by_alias", True)
        return super().model_dump(**kw)


# --------------------------------------------------------------------------- helpers


def regime_words(regime: str) -> str:
    """The regime in words, with the regulation of SI 2023/1348 that sets it out."""
    if regime == Regime.procurement_act.value:
        return "Procurement Act 2023"
    return f"Provider Selection Regime (SI 2023/1348), {PSR_REGULATION[regime]}"


def regime_short(regime: str) -> str:
    """The regime in a table's words: 'PSR reg 9 (Direct Award Process C)', 'Procurement Act 2023'."""
    if regime == Regime.procurement_act.value:
        return "Procurement Act 2023"
    return f"PSR {PSR_REGULATION[regime]}"


def _law(regime: str) -> str:
    if regime == Regime.procurement_act.value:
        return ("Procurement Act 2023 Part 5: s81 identify conflicts (checked), s82 mitigate and s83 "
                "conflicts assessment (texts not checked)")
    return ("Provider Selection Regime: SI 2023/1348 reg 21 conflicts of interest (text not checked) and "
            "reg 24 records (checked); health care services bought under the PSR are outside the "
            "Procurement Act 2023")


def _stage_date(st: procurements.StageDates | None) -> dt.date | None:
    return (st.start or st.end) if st else None


def _stage_last(st: procurements.StageDates | None, on: dt.date | None) -> dt.date | None:
    return (st.end or st.start or on) if st else on


def _facts(G: nx.MultiDiGraph, policy: Policy, path: InterestPath, value: float | None,
           confidential: bool) -> Facts:
    """The facts of one path to a bidder, as a screen's of an item awarding it the contract."""
    itype = policy.interest_type(path.carrier, path.role, path.interest_types)
    return Facts(
        shape=path.shape, indirect=path.indirect, carrier=path.carrier, interest_type=itype,
        category="indirect" if path.indirect else itype.value, relations=path.relations,
        direction=path.direction, effect=Effect.award, item_kind=ItemKind.decision,
        recency=path.recency, inferred=False, confidential=confidential, role=path.role, value=value,
        holder=holder_of(G, path), receives_money=receives_money(Effect.award, None))


def _fill_values(G: nx.MultiDiGraph, path: InterestPath, org_name: str, title: str) -> dict[str, str | None]:
    if path.carrier == "position":
        role = str(path.role or "post").replace("_", " ")
    else:
        role = "declared " + " and ".join(type_words(t) for t in path.interest_types) + " interest"
    return {"person": _name(G, path.person), "organisation": org_name, "effect": "award",
            "item": title, "role": role,
            "associate": _name(G, path.associate) if path.associate else "associate",
            "relationship": path.relationship or "associate"}


def _stronger(a: Action, b: Action) -> Action:
    return a if ACTION_WEIGHT[a] >= ACTION_WEIGHT[b] else b


def _stage_words(stages: list[Stage] | list[str]) -> str:
    """'evaluation', 'evaluation and moderation', 'evaluation, moderation and recommendation'."""
    names = [humanise(s) for s in stages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: What an action means at a stage where bids are scored, said after the policy's own words.
_AT_EVALUATION = {Action.no_decision.value: "at an evaluation or moderation: no part in scoring "
                  "or moderating that bid",
                  Action.leave.value: "at an evaluation or moderation: no part in scoring or "
                  "moderating that bid, and not present when it is discussed",
                  Action.no_papers.value: "at an evaluation or moderation: no part in scoring or "
                  "moderating that bid, not present when it is discussed, and no sight of its papers"}


# --------------------------------------------------------------------------- participants


def _participants(G: nx.MultiDiGraph, proc: str) -> list[ParticipantRow]:
    rows: list[ParticipantRow] = []
    for person, _key, a in procurements.participants_of(G, proc):
        rows.append(ParticipantRow(
            person=ids.bare(person), name=_name(G, person), role=str(a.role),
            stages=sorted((Stage(s) for s in a.stages), key=procurements.stage_rank),
            recorded_as="participant", declared=a.declared, declared_conflict=a.declared_conflict,
            declaration=a.declaration, excluded=a.excluded, mitigation=a.mitigation,
            identified=a.identified, reviewed=a.reviewed, evidence=[a.src] if a.src else []))
    explicit = {r.person for r in rows if Stage.award_decision in r.stages}
    item = procurements.award_item(G, proc)
    if item is not None:
        meeting = ids.meeting(views.item(G, item).meeting)
        number = str(views.item(G, item).number or "")
        mins = read_minutes(G, meeting)
        no_minutes = None if mins.any else f"no minutes of {ids.bare(meeting)} in the data"
        withdrew = mins.withdrew.get(ids.bare(item), {})
        declared = mins.declared.get(ids.bare(item), set())
        for e in meeting_roll(G, meeting):
            if not (e.voting and e.present_for(number)) or e.person in explicit:
                continue
            kind = withdrew.get(e.person) or withdrew.get("*")
            rows.append(ParticipantRow(
                person=e.person, name=e.name, role="decision_maker", stages=[Stage.award_decision],
                recorded_as="attendance", declared_conflict=True if e.person in declared else None,
                declaration=no_minutes,
                excluded=True if kind else None,
                mitigation=(f"minuted: {humanise(kind)} for item {number}" if kind else None),
                evidence=list(e.evidence)))
            explicit.add(e.person)
    p = views.procurement(G, proc)
    if p.decision and ids.decision(p.decision) in G:
        d = views.decision(G, ids.decision(p.decision))
        if d.by_person and d.by_person not in explicit:
            rows.append(ParticipantRow(
                person=d.by_person, name=_name(G, ids.person(d.by_person)), role="decision_maker",
                stages=[Stage.award_decision], recorded_as="decision",
                evidence=[d.src] if d.src else []))
    rows.sort(key=lambda r: (procurements.stage_rank(r.stages[0]), r.person, r.role))
    return rows


def _decision_makers(G: nx.MultiDiGraph, proc: str, rows: list[ParticipantRow],
                     bidders: list[BidderRow]) -> tuple[DecisionMakers, bool]:
    """Who decided, as recorded; and whether the award has been decided (so a record is due)."""
    makers = sorted({r.person for r in rows if r.role == "decision_maker"})
    p = views.procurement(G, proc)
    decided = bool(p.decision) or Stage.award_decision.value in procurements.stages_of(G, proc) \
        or any(b.outcome == BidOutcome.awarded for b in bidders)
    if makers:
        how = {r.recorded_as for r in rows if r.role == "decision_maker"}
        words = {"participant": "named in the procurement record", "attendance":
                 "the voting members present for the award item (attendance record)",
                 "decision": "the officer who took the awarding decision"}
        return DecisionMakers(recorded=True, people=makers,
                              how="; ".join(words[h] for h in sorted(how))), decided
    body = (f"the record names the deciding body ({_name(G, ids.body(p.decided_by))}), not the "
            "individuals who decided" if p.decided_by else "the record names no one who decided")
    return DecisionMakers(recorded=False, how=body), decided


# --------------------------------------------------------------------------- the screen


class _Entry:
    """A conflict being assembled over the stages it appears at."""

    def __init__(self, person: str, org: str, kind: str) -> None:
        self.person, self.org, self.kind = person, org, kind
        self.stages: set[str] = set()
        self.roles: set[str] = set()
        self.rows: list[ParticipantRow] = []
        self.best: tuple[Any, ...] | None = None  # (rank, level, action, rule id, text, path, n other, least)
        self.gifts: dict[str, GiftRef] = {}


def _entry(entries: dict[tuple[str, str, str], _Entry], row: ParticipantRow, org: str, kind: str,
           stage: str) -> _Entry:
    """The conflict of ``row``'s person with ``org`` of ``kind``, with the stage and the row added."""
    e = entries.setdefault((row.person, org, kind), _Entry(row.person, org, kind))
    e.stages.add(stage)
    e.roles.add(row.role)
    if row not in e.rows:
        e.rows.append(row)
    return e


def screen_procurement(G: nx.MultiDiGraph, procurement_id: str, *, policy: Policy | None = None,
                       values: PolicyValues | None = None, lookback_days: int = DEFAULT_LOOKBACK_DAYS,
                       max_depth: int = DEFAULT_MAX_DEPTH, limit: int = DEFAULT_LIMIT,
                       path_finder: PathSearchFactory | None = None) -> ProcurementAssessment:
    """The conflicts assessment of procurement ``procurement_id`` (see the module docstring).

    ``policy`` (the materiality policy) and ``values`` (least actions, gift
    look-back) default to the bundled ones; ``lookback_days`` keeps interests
    that ended that long before a stage; ``path_finder`` makes the path search
    (the Neo4j backend passes one that searches in the database).  Raises
    :class:`~coigraph.errors.NotFound` for an unknown id.
    """
    policy = policy or load_policy()
    values = values or load_values()
    proc = find_node(G, "procurement", procurement_id)
    p = views.procurement(G, proc)
    stages = procurements.stages_of(G, proc)
    meeting = procurements.award_meeting(G, proc)
    item = procurements.award_item(G, proc)
    award_on = procurements.award_date(G, proc)
    rows = _participants(G, proc)
    bidders = [BidderRow(organisation=ids.bare(o), name=_name(G, o),
                         stages=sorted((Stage(s) for s in a.stages), key=procurements.stage_rank),
                         incumbent=bool(a.incumbent), outcome=a.outcome, evidence=[a.src] if a.src else [])
               for o, _, a in procurements.bidders_of(G, proc)]
    notes: list[str] = []

    def when(stage: str) -> dt.date | None:
        got = _stage_date(stages.get(stage))
        if got is None and stage == Stage.award_decision.value:
            got = award_on
        return got

    fallback = procurements.reference_date(G, proc) or p.notice_date
    exclude = {ids.org(p.buyer)}
    meeting_body = ids.body(views.meeting(G, meeting).body) if meeting else None
    finders: dict[tuple, PathSearch] = {}

    def finder(on: dt.date, stage: str) -> PathSearch:
        at_meeting = stage == Stage.award_decision.value and meeting_body is not None
        excl = set(exclude) | (set(excluded_orgs(G, meeting_body)) if at_meeting else set())
        bodies = [meeting_body] if at_meeting else []
        key = (on, tuple(sorted(excl)), tuple(bodies))
        if key not in finders:
            finders[key] = (path_finder or PathFinder)(
                G, on=on, lookback_days=lookback_days, max_depth=max_depth, exclude_orgs=sorted(excl),
                exclude_bodies=bodies, limit=limit)
        return finders[key]

    by_stage_bidders: dict[str, list[BidderRow]] = defaultdict(list)
    for b in bidders:
        for s in b.stages:
            by_stage_bidders[s.value].append(b)
    entries: dict[tuple[str, str, str], _Entry] = {}
    undated: set[str] = set()
    public_award = item is not None and not views.item(G, item).confidential
    for row in rows:
        pnode = ids.person(row.person)
        least = values.least_action(row.role)  # the same for every path of the row
        least_src = values.procurement.least_action.get(row.role)
        accepted = [(v, g) for _, v, _key, g in views.out_edges(G, pnode, "gift") if g.accepted is True]
        for st in row.stages:
            s = st.value
            targets = by_stage_bidders.get(s, [])
            if not targets:
                continue
            dated = when(s)
            on = dated or fallback
            if on is None:
                undated.add(s)
                continue
            if dated is None:
                notes.append(f"The {humanise(s)} stage has no date: screened as at {on.isoformat()}.")
            search = finder(on, s)
            by_org: dict[str, list[InterestPath]] = defaultdict(list)
            for path in search.paths(pnode, [ids.org(b.organisation) for b in targets]):
                by_org[path.organisation].append(path)
            public = public_award and s == Stage.award_decision.value
            for b in targets:
                for path in by_org.get(ids.org(b.organisation), []):
                    v = policy.evaluate(_facts(G, policy, path, p.value, not public))
                    raised = ACTION_WEIGHT[least] > ACTION_WEIGHT[v.action]
                    action = _stronger(v.action, least)
                    rank = (ACTION_WEIGHT[action], LEVEL_WEIGHT[v.level], -len(path.edges))
                    e = _entry(entries, row, b.organisation, "interest", s)
                    src = least_src if raised else None
                    text = " ".join(fill(v.rule_text, _fill_values(G, path, b.name, p.title)).split())
                    cand = (rank, v.level, action, v.rule_id, text, path,
                            src.source if src is not None else None)
                    if e.best is None or cand[0] > e.best[0] or (
                            cand[0] == e.best[0] and path.sort_key() < e.best[5].sort_key()):
                        e.best = cand
                if accepted:
                    _gifts_from(values, row, accepted, b, s, on, _stage_last(stages.get(s), on), entries)
    if undated:
        notes.append("Not screened (no date recorded for the procurement or the stage): "
                     + _stage_words(sorted(undated, key=procurements.stage_rank)) + ".")
    conflicts = [_conflict(G, policy, values, e, stages) for e in entries.values()]
    conflicts.sort(key=lambda c: (c.person, c.organisation, c.kind))
    makers, decided = _decision_makers(G, proc, rows, bidders)
    info = ProcurementInfo(
        id=ids.bare(proc), title=p.title, buyer=p.buyer, buyer_name=_name(G, ids.org(p.buyer)),
        regime=Regime(p.regime), regime_text=regime_words(str(p.regime)), law=_law(str(p.regime)),
        value=p.value, matter=p.matter, decision=p.decision,
        item=ids.bare(item) if item else None, meeting=ids.bare(meeting) if meeting else None,
        decided_by=p.decided_by, decided_by_name=_name(G, ids.body(p.decided_by)) if p.decided_by else None,
        award_date=award_on, notice=p.notice, notice_date=p.notice_date,
        conflicts_assessment=p.conflicts_assessment, conflicts_statement=p.conflicts_statement,
        source=p.source, evidence=p.src)
    stage_rows = []
    for s in STAGE_ORDER:
        st = stages.get(s)
        acting = sorted({r.person for r in rows if s in {x.value for x in r.stages}})
        considered = sorted(b.organisation for b in by_stage_bidders.get(s, []))
        if st is None and not acting and not considered:
            continue
        stage_rows.append(StageRow(stage=Stage(s), start=st.start if st else None, end=st.end if st else None,
                                   meeting=st.meeting if st else None, screened_on=when(s) or fallback,
                                   participants=acting, bidders=considered,
                                   note=st.note if st else None, evidence=st.src if st else None))
    if p.regime in PSR_REGIMES and p.conflicts_assessment is None:
        notes.append("The Procurement Act 2023's conflicts assessment (s83) is not required of a "
                     "procurement under the PSR; the conflicts found here are its record of conflicts.")
    assessment = ProcurementAssessment(
        procurement=info, lookback_days=lookback_days, policy=policy.name, values=values.name,
        stages=stage_rows, participants=rows, bidders=bidders, decision_makers=makers,
        conflicts=conflicts, findings=[], notes=list(dict.fromkeys(notes)))
    assessment.findings = procurement_findings(G, assessment, decided=decided)
    return assessment


def _gifts_from(values: PolicyValues, row: ParticipantRow, accepted: list[tuple[str, Any]], b: BidderRow,
                stage: str, on: dt.date, last: dt.date | None, entries: dict[tuple[str, str, str], _Entry]
                ) -> None:
    """Gifts and hospitality the person accepted (``accepted``: (giver node, gift) pairs, read once per
    person) from bidder ``b`` in the look-back before the stage."""
    onode = ids.org(b.organisation)
    first = on - dt.timedelta(days=values.lookback_days)
    for v, g in accepted:
        if v != onode or not (first <= g.date <= (last or on)):
            continue
        kind = "hospitality" if str(g.kind) == "hospitality" else "gift"
        e = _entry(entries, row, b.organisation, kind, stage)
        e.gifts[str(g.id)] = GiftRef(id=str(g.id), kind=str(g.kind), date=g.date, value=g.value,
                                     description=str(g.description), declared=g.declared, evidence=g.src)


def _conflict(G: nx.MultiDiGraph, policy: Policy, values: PolicyValues, e: _Entry,
              stages: dict[str, procurements.StageDates]) -> Conflict:
    org_name = _name(G, ids.org(e.org))
    stage_list = sorted((Stage(s) for s in e.stages), key=procurements.stage_rank)
    evidence: list[str] = [x for r in e.rows for x in r.evidence]
    if e.kind == "interest":
        assert e.best is not None
        _rank, level, action, rule_id, rule_text, path, least = e.best
        interest, category = path.text, None
        evidence += [x.evidence for x in path.edges if x.evidence]
        other = 0
    else:
        least_action = values.procurement.from_bidder
        level, action, rule_id, path = Level.perceived, least_action.action, f"from-bidder-{e.kind}", None
        gifts = sorted(e.gifts.values(), key=lambda g: (g.date, g.id))
        interest = "; ".join(
            f"{g.kind} from {org_name} on {g.date.isoformat()}"
            + (f" ({money(g.value)})" if g.value is not None else "") + f": {g.description}"
            + (f" [{g.evidence}]" if g.evidence else "") for g in gifts)
        rule_text = (f"{_name(G, ids.person(e.person))} accepted {e.kind} from {org_name}, a bidder, within "
                     f"{values.procurement.lookback_months} months before acting in the procurement.")
        least, category, other = least_action.source, e.kind, 0
        evidence += [g.evidence for g in gifts if g.evidence]
    rows = e.rows
    declared = min((r.declared for r in rows if r.declared), default=None)
    flags = [r.declared_conflict for r in rows if r.declared_conflict is not None]
    declared_conflict = True if True in flags else (False if flags else None)
    excl = [r.excluded for r in rows if r.excluded is not None]
    excluded = None if not excl else all(excl)
    mitigation = "; ".join(r.mitigation for r in rows if r.mitigation) or None
    identified = min((d for d in [*(r.identified for r in rows),
                                  *(r.declared for r in rows if r.declared_conflict)] if d), default=None)
    reviewed = max((r.reviewed for r in rows if r.reviewed), default=None)
    took_part = [s for s in stage_list
                 if any(s in r.stages and r.excluded is False for r in rows)]
    management, words = _management(action, excluded, mitigation, declared_conflict, declared, took_part)
    if management == "not_recorded":
        why = sorted({r.declaration for r in rows if r.recorded_as == "attendance" and r.declaration})
        if why:
            words += f" ({'; '.join(why)})"
    late_after = [s for s in stage_list
                  if any(s in r.stages and r.excluded is not True for r in rows)
                  and identified is not None and (_stage_last(stages.get(s.value), None) or dt.date.max)
                  < identified]
    return Conflict(
        person=e.person, person_name=_name(G, ids.person(e.person)), roles=sorted(e.roles),
        organisation=e.org, organisation_name=org_name, kind=e.kind, stages=stage_list, interest=interest,
        category=category, level=level, action=action, action_text=policy.action_words(action),
        rule_id=rule_id, rule_text=rule_text, least_action=least, path=path, other_paths=other,
        gifts=sorted(e.gifts.values(), key=lambda g: (g.date, g.id)), declared=declared,
        declared_conflict=declared_conflict, excluded=excluded, mitigation=mitigation,
        identified=identified, identified_late=bool(late_after), identified_after=late_after,
        reviewed=reviewed,
        management=management, management_text=words, evidence=sorted(set(evidence)))


def _management(action: Action, excluded: bool | None, mitigation: str | None,
                declared_conflict: bool | None, declared: dt.date | None,
                took_part: list[Stage]) -> tuple[Management, str]:
    """Whether the record shows the conflict managed as the action requires (a blank is unknown)."""
    if excluded is True:
        return "managed", "took no part (excluded)" + (f"; {mitigation}" if mitigation else "")
    if mitigation:
        return "managed", f"mitigation recorded: {mitigation}"
    if declared_conflict is False:
        return "not_managed", (f"declared no conflict{' on ' + declared.isoformat() if declared else ''}"
                               + (f", and took part in the {_stage_words(took_part)}" if took_part else ""))
    if took_part and ACTION_WEIGHT[action] > ACTION_WEIGHT[Action.declare]:
        return "not_managed", f"took part in the {_stage_words(took_part)} with no mitigation recorded"
    if declared_conflict is True and ACTION_WEIGHT[action] == ACTION_WEIGHT[Action.declare]:
        return "managed", "declared"
    return "not_recorded", ("declared; what was done is not recorded" if declared_conflict
                            else "what was declared and done is not recorded")


# --------------------------------------------------------------------------- findings


def procurement_findings(G: nx.MultiDiGraph, a: ProcurementAssessment, *, decided: bool) -> list[Finding]:
    """The findings of an assessment (see the module docstring), de-duplicated and sorted."""
    info = a.procurement
    about: dict[str, Any] = {"procurement": info.id}
    out: list[Finding] = []
    for c in a.conflicts:
        at = f"{info.title} ({info.id}), {_stage_words(c.stages)}"
        if c.kind == "interest":
            why = f"rule {c.rule_id}" + (f"; raised to the least for the role: {c.least_action}"
                                         if c.least_action else "")
        else:
            why = f"{c.least_action}"
        verdict = f"{humanise(c.level)}, {c.action.value.replace('_', ' ')} ({why})"
        kind = {"interest": "procurement_conflict", "gift": "gift_from_bidder",
                "hospitality": "hospitality_from_bidder"}[c.kind]
        what = (f"{c.person_name} ({', '.join(humanise(r) for r in c.roles)}) at {at}: "
                f"{c.interest}. {c.organisation_name} was considered at that stage. Policy: {verdict}. "
                f"Management: {c.management_text}.")
        out.append(finding(kind, what, c.evidence, person=c.person, organisation=c.organisation, **about))
        if c.management == "not_managed":
            scoring = {s.value for s in c.stages} & {Stage.evaluation.value, Stage.moderation.value}
            extra = f" ({_AT_EVALUATION[c.action.value]})" if scoring and c.action.value in _AT_EVALUATION else ""
            out.append(finding(
                "procurement_conflict_not_managed",
                f"{c.person_name} at {at}, with an interest in bidder {c.organisation_name} ({c.interest}), "
                f"should have: {lower_first(c.action_text)}{extra}; the record shows "
                f"they {c.management_text}.",
                c.evidence, person=c.person, organisation=c.organisation, **about))
        if c.identified_late and c.identified is not None:
            acted = c.identified_after
            out.append(finding(
                "procurement_conflict_identified_late",
                f"{c.person_name}'s conflict with bidder {c.organisation_name} was identified on "
                f"{c.identified.isoformat()}{_stage_at(a, c.identified)}, after they acted at the "
                f"{_stage_words(acted)} stage{'s' if len(acted) > 1 else ''} of {info.title} ({info.id}): "
                "it was not identified in time.",
                c.evidence, person=c.person, organisation=c.organisation, **about))
    if decided and not a.decision_makers.recorded:
        statement = (f' The record says: "{info.conflicts_statement}"' if info.conflicts_statement else "")
        out.append(finding(
            "procurement_decision_makers_not_recorded",
            f"The award of {info.title} ({info.id}, {info.regime_text}) was decided"
            + (f" (by {info.award_date.isoformat()})" if info.award_date else "")
            + f"; {a.decision_makers.how}: who made the decision, and so whether any of them was "
            f"conflicted, cannot be checked.{statement}",
            [info.evidence], **about))
    if info.regime == Regime.procurement_act and info.notice_date is not None:
        ca = info.conflicts_assessment
        if ca is None or ca > info.notice_date:
            out.append(finding(
                "procurement_conflicts_assessment_missing",
                f"{info.title} ({info.id}) is a Procurement Act 2023 procurement whose notice was published "
                f"on {info.notice_date.isoformat()}, "
                + ("with no conflicts assessment recorded" if ca is None else
                   f"but its conflicts assessment is dated {ca.isoformat()}, after the notice") + ".",
                [info.evidence], **about))
    return dedupe(out)


def _stage_at(a: ProcurementAssessment, on: dt.date) -> str:
    """Where ``on`` falls among the dated stages: ' (during the moderation stage)', ' (after the
    recommendation stage, before the award decision)'; '' when no stage is dated."""
    dated = [s for s in a.stages if s.start or s.end]
    for s in dated:
        first, last = s.start or s.end, s.end or s.start
        if first and last and first <= on <= last:
            return f" (during the {humanise(s.stage)} stage)"
    before = [s for s in dated if (s.end or s.start) and (s.end or s.start) < on]  # type: ignore[operator]
    after = [s for s in dated if (s.start or s.end) and (s.start or s.end) > on]  # type: ignore[operator]
    words = []
    if before:
        words.append(f"after the {humanise(before[-1].stage)} stage")
    if after:
        words.append(f"before the {humanise(after[0].stage)} stage")
    return f" ({', '.join(words)})" if words else ""


# --------------------------------------------------------------------------- the audit section


def procurement_ids(G: nx.MultiDiGraph, date_from: dt.date | None = None,
                    date_to: dt.date | None = None) -> list[str]:
    """Procurement ids whose reference date (award, latest stage, notice) is in the period.

    A procurement with no date at all is included only when no period is given.
    """
    out = []
    for proc in procurements.procurement_nodes(G):
        d = procurements.reference_date(G, proc)
        if d is None:
            if date_from is None and date_to is None:
                out.append(ids.bare(proc))
            continue
        if (date_from and d < date_from) or (date_to and d > date_to):
            continue
        out.append(ids.bare(proc))
    return out


def procurement_section(ctx: AuditContext) -> Section:
    """Every procurement in the period: its conflicts assessment's findings, one row each."""
    values = ctx.values or load_values()
    rows: list[list[Cell]] = []
    findings: list[Finding] = []
    for pid in procurement_ids(ctx.G, ctx.date_from, ctx.date_to):
        a = screen_procurement(ctx.G, pid, values=values)
        info = a.procurement
        rows.append([pid, info.title, regime_short(info.regime.value),
                     money(info.value, none=""), len(a.stages), len(a.participants), len(a.bidders),
                     len(a.conflicts), "yes" if a.decision_makers.recorded else "no",
                     f"coigraph procurement {ctx.data} --id {pid}"])
        findings.extend(a.findings)
    n = len(rows)
    return Section(
        id="procurement", title="Procurements: conflicts stage by stage",
        summary=(f"{n} procurement{'s' if n != 1 else ''}: every person acting at every stage screened "
                 f"against every bidder considered at it, with the decision-makers recorded; "
                 f"{len(findings)} finding{'s' if len(findings) != 1 else ''}."
                 if n else "No procurements in the data for this period."),
        columns=["procurement", "title", "regime", "value", "stages", "participants", "bidders",
                 "conflicts", "decision-makers recorded", "reproduce"],
        rows=rows, findings=findings)


__all__ = ["ProcurementAssessment", "ProcurementInfo", "StageRow", "ParticipantRow", "BidderRow",
           "Conflict", "GiftRef", "DecisionMakers", "screen_procurement", "procurement_findings",
           "procurement_ids", "procurement_section", "regime_words", "regime_short"]
