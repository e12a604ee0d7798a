"""Minutes reconciliation: what the minutes recorded against what the screen foresaw.

For each meeting whose minutes are in the data (``minutes`` table), the
meeting is screened as at its own date (:func:`coigraph.screening.screen_meeting`)
and compared with the record:

* ``declaration_not_minuted``: the screen expected a declaration (any
  finding on the item) but the minutes record none by that person for that
  item, nor a blanket declaration by all members; "no declarations were made"
  does not count as one.  Graded: for an interest the screen found
  declare-only it is advisory (record-keeping), otherwise a breach of the
  conflicts policy;
* ``withdrawal_not_minuted``: the screen said leave the room (or take no part
  in the decision) but the minutes record no withdrawal (or ``no_vote``);
  never for a whole-body conflict, where nobody could step out;
* ``declaration_not_on_register``: a declaration made at the meeting that
  the person's register does not hold (so the register needs updating),
  graded by how late it is against the policy's registration window (28 days
  by default): within it advisory, beyond it a breach of the conflicts
  policy, and advisory and to confirm when the data does not say when the
  interest arose;
* ``decided_inquorate``: a decision recorded under an item minuted as
  inquorate, or inquorate once the people the minutes record as withdrawn are
  taken out (an item deferred or referred, with no decision, is not reported);
* ``conflicted_chair_chaired``: the minutes record as chair of an item a
  person the screen said must not chair it (``quorum.chair_conflicted``: the
  same judgement the screen prints, so screen and audit never disagree about
  who should chair); never when every possible chair was conflicted;
* ``chair_allowed_to_remain`` (a note, not a breach): the minutes record the
  chair's decision that a member the screen would send out may remain (the
  outcome ``remained``, with its reason): that decision manages the conflict.

"The declarations on the register stand" declares every registered interest;
minutes that do not capture the declarations (``not_captured``) give one
note for the meeting, never a missing declaration; a person whose presence
for an item is not stated is never reported.

Blanket declarations ("all members declared an interest in item 10") are
entries with ``all_members`` set: they satisfy the expected declaration of
every member on that item, but not a withdrawal.

Pure functions of the graph; findings are :class:`coigraph.findings.Finding` records of the
kinds declared in ``coigraph/policies/findings.yaml`` (area ``minutes``),
so they join the audit report as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.findings import Finding, dedupe, finding
from coigraph.graph import in_force
from coigraph.model import MinutesEntry
from coigraph.policy import ACTION_WEIGHT, Action, Policy, load_policy
from coigraph.quorum import RollEntry, Withdrawal, check_quorum
from coigraph.screening import MeetingScreen, org_matcher, screen_meeting


@dataclass
class Minutes:
    """What the minutes of one meeting recorded, indexed for comparison."""

    declared: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # item -> people
    blanket: set[str] = field(default_factory=set)  # items with an all-members declaration
    # person -> organisations named by their meeting-level declarations ('*': none named)
    meeting_declared: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    withdrew: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))  # item -> person -> kind
    chair: dict[str | None, str] = field(default_factory=dict)  # item (None: meeting) -> person
    quorum: dict[str, str] = field(default_factory=dict)  # item -> quorate|inquorate
    no_declarations: bool = False
    declarations: list[MinutesEntry] = field(default_factory=list)
    src: dict[tuple, str] = field(default_factory=dict)
    any: bool = False
    # item (None: the whole meeting) -> person ('*': a blanket entry) -> the declaration's outcome
    # entry (noted, left_room, no_part, remained with the chair's reason)
    outcomes: dict[str | None, dict[str, MinutesEntry]] = field(default_factory=lambda: defaultdict(dict))
    # people whose registered interests the minutes say "stand" ('*': every member's)
    register_stands: set[str] = field(default_factory=set)
    no_additional: bool = False
    # the minutes as held do not capture the declarations: nothing is inferred from their silence
    not_captured: bool = False

    def outcome(self, item: str, person: str) -> MinutesEntry | None:
        """The minuted outcome of ``person``'s declaration on ``item`` (their own, a blanket one,
        or one for the whole meeting), or None."""
        for where in (item, None):
            got = self.outcomes.get(where, {})
            if person in got or "*" in got:
                return got.get(person) or got["*"]
        return None


def _declared_orgs(G: nx.MultiDiGraph, entry: MinutesEntry) -> set[str]:
    """Organisation ids a minuted declaration names (given, or found in its text); {'*'} if none."""
    if entry.organisation:
        return {str(entry.organisation)}
    if entry.text:
        found = {ids.bare(m.org_id) for m in org_matcher(G).find_in_text(str(entry.text))}
        if found:
            return found
    return {"*"}


def read_minutes(G: nx.MultiDiGraph, meeting: str) -> Minutes:
    """The minutes entries of ``meeting`` (node id), indexed by item and person."""
    mins = Minutes()
    entries = [e for _, _, _, e in views.out_edges(G, meeting, "minuted")]
    for a in sorted(entries, key=lambda x: str(x.src)):
        mins.any = True
        kind, item, person = str(a.kind), a.item, a.person
        if kind == "declaration":
            whole = a.whole_meeting
            if a.all_members:
                if item and not whole:
                    mins.blanket.add(item)
                elif whole:
                    mins.meeting_declared["*"] |= _declared_orgs(G, a)
            elif item and not whole:
                mins.declared[item].add(person)
            else:
                mins.meeting_declared[person] |= _declared_orgs(G, a)
            if person:
                mins.declarations.append(a)
            mins.src[("declaration", item, person)] = a.src
            if a.outcome:
                mins.outcomes[None if whole else item][person or "*"] = a
                done = {"left_room": "withdrawal", "no_part": "no_vote"}.get(str(a.outcome))
                if done and item and not whole:
                    mins.withdrew[item][person or "*"] = done
                    mins.src[(done, item, person)] = a.src
        elif kind == "register_stands":
            mins.register_stands.add(person or "*")
            mins.src[("register_stands", None, person)] = a.src
        elif kind == "no_additional_declarations":
            mins.no_additional = True
            mins.src[("no_declarations", None, None)] = a.src
        elif kind == "not_captured":
            mins.not_captured = True
            mins.src[("not_captured", None, None)] = a.src
        elif kind in ("withdrawal", "no_vote") and item:
            if a.all_members:
                mins.withdrew[item]["*"] = kind
            else:
                mins.withdrew[item][person] = kind
            mins.src[(kind, item, person)] = a.src
        elif kind == "chair":
            mins.chair[item] = person
            mins.src[("chair", item, person)] = a.src
        elif kind in ("quorate", "inquorate") and item:
            mins.quorum[item] = kind
            mins.src[(kind, item, None)] = a.src
        elif kind == "no_declarations":
            mins.no_declarations = True
            mins.src[("no_declarations", None, None)] = a.src
    return mins


def minuted_meetings(G: nx.MultiDiGraph, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> list[str]:
    """Meetings (node ids) in the period whose minutes are in the data, by date then id."""
    out = []
    for n, meeting in views.nodes_of(G, "meeting"):
        d = meeting.date
        if (date_from and d < date_from) or (date_to and d > date_to):
            continue
        if any(views.out_edges(G, n, "minuted")):
            out.append((d, n))
    return [n for _, n in sorted(out)]


def reconcile_meeting(G: nx.MultiDiGraph, meeting_id: str, *, screen: MeetingScreen | None = None,
                      minutes: Minutes | None = None, lookback_days: int | None = None,
                      policy: Policy | None = None) -> list[Finding]:
    """Compare the minutes of ``meeting_id`` with its screen as at the meeting date; sorted findings.

    ``screen`` and ``minutes``, if the caller has them already, are used instead of being
    worked out again; ``policy`` (default: the bundled one) gives the screen's rules and the
    registration window.
    """
    meeting = ids.meeting(meeting_id)
    mid = ids.bare(meeting)
    mins = minutes if minutes is not None else read_minutes(G, meeting)
    if not mins.any:
        return []
    policy = policy or load_policy()
    if lookback_days is None:
        lookback_days = policy.lookback_days()
    screen = screen or screen_meeting(G, mid, lookback_days=lookback_days, policy=policy)
    on: dt.date = views.meeting(G, meeting).date
    findings: list[Finding] = []
    nod = mins.src.get(("no_declarations", None, None))
    if mins.not_captured:  # silence is not "none declared": one note for the meeting, no breach
        return dedupe([finding(
            "declarations_not_captured",
            f"The minutes of {views.meeting(G, meeting).title or mid} in the data do not capture the "
            "declarations of interest (the source is cut short or does not show them): what was "
            "declared and how it was managed is not known. Confirm against the full minutes.",
            [mins.src.get(("not_captured", None, None))], meeting=mid),
            *_quorum_minuted(G, mid, screen, mins),
            *_unregistered(G, meeting, mid, mins, on, lookback_days, policy.window_days())])
    for item in screen.items:
        iid = item.id
        item_label = f"item {item.number} ({item.title})"
        for p in item.people:
            if p.person in item.presence_not_stated:
                continue  # may not have been in the room: the screen's note says so; never a breach
            declared = (p.person in mins.declared.get(iid, set()) or iid in mins.blanket
                        or bool((mins.meeting_declared.get(p.person, set())
                                 | mins.meeting_declared.get("*", set())) & ({"*"} | set(p.organisations)))
                        or bool({p.person, "*"} & mins.register_stands))  # "the register stands"
            mine = [f for f in item.findings if f.person == p.person]
            names = ", ".join(sorted({f.organisation_name for f in mine}))
            on_path = [e.evidence for f in mine for e in f.path.edges[:1]]  # where each interest starts
            evidence = [nod, *on_path]
            if not declared and p.level != "to_confirm":
                note = ((" The minutes say no additional declarations were made." if mins.no_additional
                         else " The minutes say no declarations were made.") if nod else "")
                findings.append(finding(
                    "declaration_not_minuted",
                    f"The screen found {p.name} had an interest to declare on {item_label} "
                    f"({names}: {LEVEL_WORDS.get(str(p.level), str(p.level))}), but the minutes record "
                    f"no declaration by them for it.{note}", evidence,
                    grade="declare_only" if p.level == "declare_only" else None,
                    meeting=mid, item=iid, person=p.person, chair_decision_pending=p.chair_decision_pending,
                ))
            elif not declared:  # a possible interest (to confirm): whether one was due is itself to confirm
                turns = sorted({u for f in mine for u in f.unknown})
                findings.append(finding(
                    "declaration_not_minuted",
                    f"The screen found a possible interest of {p.name} on {item_label} ({names}), to "
                    "confirm" + (f" (not recorded: {'; '.join(turns)})" if turns else "")
                    + ", and the minutes record no declaration by them for it: confirm whether one was due.",
                    evidence, grade="to_confirm", to_confirm=True,
                    meeting=mid, item=iid, person=p.person, chair_decision_pending=p.chair_decision_pending,
                ))
            steps_out = ACTION_WEIGHT[Action(p.action)] >= ACTION_WEIGHT[Action.no_decision]
            if steps_out and item.kind == "decision" and p.level != "to_confirm":
                done = mins.withdrew.get(iid, {})
                kind = done.get(p.person) or done.get("*")
                leaves = ACTION_WEIGHT[Action(p.action)] >= ACTION_WEIGHT[Action.leave]
                ok = kind == "withdrawal" or (kind == "no_vote" and not leaves)
                chair_said = mins.outcome(iid, p.person)
                if not ok and chair_said is not None and str(chair_said.outcome) == "remained":
                    # the chair's recorded decision is the management of the conflict: a note
                    findings.append(_remained(p, item_label, chair_said, mid, iid, leaves))
                elif not ok:
                    want = "leave the room" if leaves else "take no part in the decision"
                    got = " (the minutes record only that they did not vote)" if kind == "no_vote" else ""
                    findings.append(finding(
                        "withdrawal_not_minuted",
                        f"The screen said {p.name} should {want} for {item_label}, but the minutes "
                        f"record no such withdrawal{got}.",
                        [mins.src.get(("no_vote", iid, p.person)), *on_path], meeting=mid, item=iid,
                        person=p.person, chair_decision_pending=True,
                    ))
        # who must not chair: exactly what the screen printed (never raised when every possible
        # chair was conflicted: then the chair chairs and the minutes record the unavoidable conflict)
        not_chair = set(item.quorum.chair_conflicted)
        names = {p.person: p for p in item.people}
        chair = mins.chair.get(iid) or mins.chair.get(None)
        withdrew = mins.withdrew.get(iid, {})
        left = withdrew.get(chair or "") == "withdrawal" or withdrew.get("*") == "withdrawal"
        kept = bool(chair) and str(getattr(mins.outcome(iid, str(chair)), "outcome", "")) == "remained"
        if chair and chair in not_chair and not left and not kept:
            who = names.get(chair)
            findings.append(finding(
                "conflicted_chair_chaired",
                f"The minutes record {who.name if who else views.person(G, ids.person(chair)).name} as chair "
                f"for {item_label}, on which the screen found them conflicted"
                + (f" ({who.action_text.lower()})" if who else "") + ": "
                + (f"{_name(G, item.quorum.chair)} should have chaired it." if item.quorum.chair else
                   "another member without a conflict should have chaired it."),
                [mins.src.get(("chair", iid, chair)) or mins.src.get(("chair", None, chair))],
                meeting=mid, item=iid, person=chair,
            ))
        if item.kind == "decision" and screen.roll_status not in ("empty", "unknown"):
            findings.extend(_quorum(G, meeting, mid, item, mins, item_label, screen.roll))
    findings.extend(_unregistered(G, meeting, mid, mins, on, lookback_days, policy.window_days()))
    return dedupe(findings)


def _quorum_minuted(G: nx.MultiDiGraph, mid: str, screen: MeetingScreen, mins: Minutes) -> list[Finding]:
    """Decisions taken under items the minutes themselves record as inquorate."""
    out = []
    for item in screen.items:
        decisions = _decisions(G, item.id)
        if mins.quorum.get(item.id) == "inquorate" and decisions:
            out.append(finding("decided_inquorate", f"The minutes record item {item.number} ({item.title}) "
                               f"as inquorate, yet decision {decisions[0]} was taken under it.",
                               [mins.src.get(("inquorate", item.id, None))], meeting=mid, item=item.id,
                               decision=decisions[0]))
    return out


def _remained(p: Any, item_label: str, said: MinutesEntry, mid: str, iid: str, leaves: bool) -> Finding:
    """The note for a member the chair agreed may remain (the minuted decision and its reason)."""
    reason = f" The reason minuted: {said.reason}" if said.reason else " The minutes give no reason."
    return finding(
        "chair_allowed_to_remain",
        f"The screen said {p.name} should {'leave the room' if leaves else 'take no part in the decision'} "
        f"for {item_label}; the minutes record that the chair agreed they may remain.{reason.rstrip('.')}. "
        "The recorded decision manages the conflict: not a breach.",
        [said.src], meeting=mid, item=iid, person=p.person)


#: Levels in words, for explanations.
LEVEL_WORDS = {"material": "material", "perceived": "perceived", "declare_only": "declare only",
               "to_confirm": "to confirm"}


def _name(G: nx.MultiDiGraph, person: str) -> str:
    node = ids.person(person)
    return str(views.person(G, node).name) if node in G else person


def _quorum(G: nx.MultiDiGraph, meeting: str, mid: str, item: Any, mins: Minutes,
            item_label: str, roll: list[RollEntry]) -> list[Finding]:
    """Quorum as it actually stood: the screen's roll less the people minuted as withdrawn."""
    minuted = mins.quorum.get(item.id)
    decisions = _decisions(G, item.id)
    if not decisions:
        return []  # not decided at this meeting (deferred or referred): nothing to check
    if minuted == "inquorate":
        return [finding("decided_inquorate", f"The minutes record {item_label} as inquorate, yet "
                         f"decision {decisions[0]} was taken under it.",
                         [mins.src.get(("inquorate", item.id, None))], meeting=mid, item=item.id,
                         decision=decisions[0])]
    body = ids.body(views.meeting(G, meeting).body)
    roll = [e for e in roll if e.present_for(item.number)]
    out = mins.withdrew.get(item.id, {})
    everyone = "*" in out
    withdrawals = [Withdrawal(person=e.person, name=e.name,
                              action="leave" if (out.get(e.person) or out.get("*")) == "withdrawal"
                              else "no_decision")
                   for e in roll if e.voting and (everyone or e.person in out)]
    q = check_quorum(G, body, roll, withdrawals, decision=True)
    if q.status != "inquorate":
        return []
    return [finding(
        "decided_inquorate",
        f"{item_label} was decided with {len(q.counted)} member(s) able to take part once those "
        f"minuted as withdrawn stepped out: {q.explanation}"
        + (" The minutes nevertheless record it as quorate." if minuted == "quorate" else ""),
        [mins.src.get(("quorate", item.id, None))]
        + [mins.src.get((k, item.id, p)) for p, k in out.items()],
        meeting=mid, item=item.id, decision=decisions[0],
    )]


def _decisions(G: nx.MultiDiGraph, item: str) -> list[str]:
    """Ids of the decisions recorded under ``item``, sorted."""
    node = ids.item(item)
    if node not in G:
        return []
    return sorted(ids.bare(u) for u, _, _, _ in views.in_edges(G, node, "under_item"))


def _arose(G: nx.MultiDiGraph, person: str, org: str, on: dt.date) -> dt.date | None:
    """When ``person``'s interest in ``org`` arose, as far as the data says: the start of the
    earliest post they (or their associates) held there that was in force on ``on``."""
    starts = []
    people = [person] + [v for _, v, _, a in views.out_edges(G, person, "association") if in_force(a, on)] \
        + [u for u, _, _, a in views.in_edges(G, person, "association") if in_force(a, on)]
    for who in people:
        for _, v, _, pos in views.out_edges(G, who, "position"):
            at = v if ids.is_org(v) else None
            if at is None and ids.is_body(v):
                at = next((ids.org(o) for o in views.body(G, v).owners if ids.org(o) == org), None)
            if at == org and pos.in_force(on):
                if pos.start is None:
                    return None  # held since a date the data does not give
                starts.append(pos.start)
    return min(starts) if starts else None


def _unregistered(G: nx.MultiDiGraph, meeting: str, mid: str, mins: Minutes, on: dt.date,
                  lookback_days: int, window: int) -> list[Finding]:
    """Declarations made at the meeting that the person's register does not hold, graded by how
    late the registration is against the ``window`` (days) of the policy."""
    out = []
    matcher = None
    for entry in mins.declarations:
        who = str(entry.person)
        person = ids.person(who)
        orgs = {ids.org(entry.organisation)} if entry.organisation else set()
        if not orgs and entry.text:
            matcher = matcher or org_matcher(G)
            orgs = {m.org_id for m in matcher.find_in_text(str(entry.text))}
        if not orgs:
            continue  # nothing to compare with: the text names no known organisation
        # in force on the day or ended within the look-back (graph.in_force reads the record's dates)
        held = {v for _, v, _, i in views.out_edges(G, person, "interest")
                if in_force(i.attrs, on, lookback_days=lookback_days)}
        for org in sorted(orgs - held):
            name = views.organisation(G, org).name if org in G else org
            pname = views.person(G, person).name or who
            arose = _arose(G, person, org, on)
            later = sorted(i.declared for _, v, _, i in views.out_edges(G, person, "interest")
                           if v == org and i.declared is not None and i.declared > on)
            text = (f"{pname} declared an interest in {name} at the meeting, but their register of "
                    f"interests holds no entry for it on {on.isoformat()}")
            if arose is None:
                grade, to_confirm = "date_unknown", True
                text += (": update the register. When the interest arose is not in the data, so whether "
                         f"the {window}-day registration window was kept is to confirm.")
            else:
                until = later[0] if later else on
                late = (until - arose).days
                grade, to_confirm = ("within_window" if late <= window else None), False
                text += (f". It arose on {arose.isoformat()} (the post's start)"
                         + (f" and was registered on {later[0].isoformat()}, {late} days later"
                            if later else f", {late} days before the meeting")
                         + (f": within the {window}-day registration window; update the register."
                            if late <= window else
                            f": beyond the {window}-day registration window the policy sets."))
            out.append(finding(
                "declaration_not_on_register", text, [entry.src], grade=grade, to_confirm=to_confirm,
                meeting=mid, person=who, organisation=ids.bare(org),
            ))
    return out


def reconcile(G: nx.MultiDiGraph, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
              lookback_days: int | None = None, policy: Policy | None = None) -> list[Finding]:
    """Reconcile every minuted meeting in the period; sorted findings."""
    found: list[Finding] = []
    policy = policy or load_policy()
    for m in minuted_meetings(G, date_from, date_to):
        found.extend(reconcile_meeting(G, m, lookback_days=lookback_days, policy=policy))
    return dedupe(found)
