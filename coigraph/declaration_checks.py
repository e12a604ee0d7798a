"""The declarations checks a governance officer runs on everyone at a meeting.

* **Possibly undeclared interests**: a post a person holds (or one their
  spouse, relative or business partner holds) at an organisation, in the
  data on the date, that none of the person's register entries covers.  The
  posts that make up the person's place at the meeting (seats on the body
  meeting, posts at the organisation that owns it) need no declaration.
* **Possibly undeclared control** (:func:`undeclared_controls`): a company the
  person (or their spouse, relative or business partner) controls on a public
  register (Companies House PSC), which reaches an organisation an item of the
  meeting affects, directly or along the path grammar's lines, and which no
  entry on the person's register names.  Found by the meeting's screen (the
  path grammar's ``controls`` carrier); always to confirm, never a breach.
* **Stale declarations**: no register entry declared and no nil return in
  the 12 months before the meeting (NHS England: declare at least annually).
  An entry's date is its ``declared`` date, or its ``start`` if that is blank.
* **Confidential information flow**: a person who heard, at a meeting of
  another organisation's body (a trust's partner member at the ICB board), a
  confidential item that affects their own organisation (a post there, or a
  seat on one of its bodies) and who then sits at a meeting of that
  organisation's bodies which
  decides a related matter (the same matter code or a broader/narrower one,
  or an item naming one of the same organisations, other than the deciding
  body's own: everything a trust's board decides affects the trust), within
  ``flow_days`` (default 365).  They declare that they hold relevant
  confidential information (without disclosing it), and the chair decides
  whether they take part.

:func:`coigraph.declarations.person_declarations` gathers, for one member
and one meeting, what they should declare and why (``coigraph declarations``);
:func:`coigraph.screening.screen_meeting` runs :func:`meeting_checks` on the
meeting's roll.

Cost: each check looks at the person's own edges, their associates', and
the meetings of the organisations they belong to; never the whole graph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import networkx as nx
from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field

from coigraph import ids, index, views
from coigraph.findings import KINDS
from coigraph.graph import find_node, in_force
from coigraph.graph import node_name as _name
from coigraph.index import item_order
from coigraph.model import Association, Position
from coigraph.paths import InterestPath, excluded_orgs, seat_owners
from coigraph.paths.records import ControlFacts, register_words
from coigraph.quorum import RollEntry, meeting_roll
from coigraph.words import humanise

STALE_MONTHS = 12
FLOW_DAYS = 365
IN_ROOM = ("present", "deputising", "in_attendance")


class UndeclaredInterest(BaseModel):
    """A post in the data, or a control on a public register, that the person's register does not cover."""

    person: str
    person_name: str
    organisation: str
    organisation_name: str
    kind: Literal["own_post", "associate_post", "own_control", "associate_control"] = Field(
        description="own_post / associate_post: a post (the person's, or an associate's); own_control / "
        "associate_control: control of a company on a public register (Companies House PSC) that reaches "
        "an organisation an item of the meeting affects.")
    role: str | None = None
    associate: str | None = None
    associate_name: str | None = None
    relationship: str | None = None
    record: str = Field(description="Graph key of the position (or of the control).")
    evidence: str | None = None
    explanation: str
    finding_kind: str | None = Field(None, description="For a control: its kind in the findings registry "
                                     "(possibly_undeclared_control).")
    severity: str | None = Field(None, description="For a control: the kind's severity (advisory).")
    to_confirm: bool = Field(False, description="For a control: evidence to confirm with the member, "
                             "never a breach on its own.")
    basis: str | None = Field(None, description="For a control: where the rule comes from (law, guidance, "
                              "local policy).")
    control: ControlFacts | None = Field(None, description="For a control: what the public register says.")
    items: list[str] = Field(default_factory=list, description="For a control: the numbers of the items "
                             "affecting an organisation it reaches.")
    reaches: list[str] = Field(default_factory=list, description="For a control: the affected organisations "
                               "it reaches (the company itself, or one along the grammar's lines).")
    path: InterestPath | None = Field(None, description="For a control: the evidence path to the first "
                                      "affected organisation reached.")


class StaleDeclaration(BaseModel):
    """A person with no declaration and no nil return in the 12 months before a date."""

    person: str
    person_name: str
    on: dt.date
    since: dt.date = Field(description="Start of the 12-month window.")
    last_declared: dt.date | None = None
    last_nil_return: dt.date | None = None
    explanation: str


class InformationFlow(BaseModel):
    """Confidential information heard at one meeting, before a related decision at another."""

    person: str
    person_name: str
    organisation: str = Field(description="The person's own organisation the confidential item affected.")
    organisation_name: str
    heard_meeting: str
    heard_date: dt.date
    heard_item: str
    heard_item_title: str
    deciding_meeting: str
    deciding_date: dt.date
    deciding_item: str
    deciding_item_title: str
    related_by: str = Field(description="Why the two items are related: 'matter X' or 'organisation Y'.")
    evidence: list[str] = Field(default_factory=list)
    explanation: str


class MeetingChecks(BaseModel):
    """The declarations checks of one meeting's roll."""

    undeclared: list[UndeclaredInterest] = Field(default_factory=list)
    stale: list[StaleDeclaration] = Field(default_factory=list)
    information_flows: list[InformationFlow] = Field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _post_words(G: nx.MultiDiGraph, org: str, pos: Position) -> str:
    """'chief executive on Trust Board (Trust)' or 'director at Acme Ltd'."""
    role = humanise(pos.role or "post")
    if pos.body and ids.body(pos.body) in G:
        return f"{role} on {_name(G, ids.body(pos.body))} ({_name(G, org)})"
    return f"{role} at {_name(G, org)}"


def _mname(G: nx.MultiDiGraph, meeting: str) -> str:
    return str(views.meeting(G, meeting).title or ids.bare(meeting))


def _post_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> list[tuple[str, str, Position]]:
    """(organisation, position key, position) for each post ``person`` holds on ``on``.

    A seat on a body counts as a post at the owner it is for (see
    :func:`coigraph.paths.seat_owners`).
    """
    out = []
    for v, key, a in index.of(G).out_edges(person, "position"):
        pos = views.position(a)
        if not in_force(pos, on):
            continue
        if ids.is_org(v):
            out.append((v, key, pos))
        elif ids.is_body(v):
            out.extend((o, key, pos) for o, _, _ in seat_owners(G, v, pos.attrs))
    return sorted(out, key=lambda x: (x[0], x[1]))


def _declared_orgs(G: nx.MultiDiGraph, person: str, on: dt.date, lookback_days: int) -> set[str]:
    return {v for v, _, a in index.of(G).out_edges(person, "interest")
            if ids.is_org(v) and in_force(a, on, lookback_days=lookback_days)}


def _associates(G: nx.MultiDiGraph, person: str, on: dt.date) -> list[tuple[str, Association]]:
    idx = index.of(G)
    out = [(v, k, views.association(a)) for v, k, a in idx.out_edges(person, "association")
           if v != person and in_force(a, on)]
    out += [(u, k, views.association(a)) for u, k, a in idx.in_edges(person, "association")
            if u != person and in_force(a, on)]
    return [(x[0], x[2]) for x in sorted(out, key=lambda x: (x[0], x[1]))]


# --------------------------------------------------------------------------- undeclared


def undeclared_interests(G: nx.MultiDiGraph, person: str, *, on: dt.date, exclude_orgs: Any = (),
                         exclude_bodies: Any = (), lookback_days: int = 0) -> list[UndeclaredInterest]:
    """Posts of ``person`` (and of their associates) on ``on`` that no register entry of theirs covers.

    ``exclude_orgs`` / ``exclude_bodies``: the organisation and body of the
    meeting, whose posts need no declaration.  An entry covers a post if it
    names the same organisation and is in force (or ended within
    ``lookback_days``).
    """
    person = ids.person(person)
    ex_orgs = set(exclude_orgs)
    ex_bodies = {ids.bare(b) for b in exclude_bodies}
    declared = _declared_orgs(G, person, on, lookback_days)
    out: dict[tuple[str, str], UndeclaredInterest] = {}
    pname = _name(G, person)
    for org, key, pos in _post_orgs(G, person, on):
        if org in ex_orgs or org in declared or pos.body in ex_bodies:
            continue
        out.setdefault((org, key), UndeclaredInterest(
            person=ids.bare(person), person_name=pname, organisation=ids.bare(org),
            organisation_name=_name(G, org), kind="own_post", role=pos.role, record=key,
            evidence=pos.src,
            explanation=(f"{pname} is {_post_words(G, org, pos)} ({pos.src or key}), but no entry on "
                         f"their register names {_name(G, org)}: check whether it should be declared."),
        ))
    for assoc, aa in _associates(G, person, on):
        rel = aa.relationship or humanise(aa.kind or "associate")
        for org, key, pos in _post_orgs(G, assoc, on):
            if org in ex_orgs or org in declared:
                continue
            out.setdefault((org, key), UndeclaredInterest(
                person=ids.bare(person), person_name=pname, organisation=ids.bare(org),
                organisation_name=_name(G, org), kind="associate_post", role=pos.role,
                associate=ids.bare(assoc), associate_name=_name(G, assoc), relationship=rel, record=key,
                evidence=pos.src,
                explanation=(f"{pname}'s {rel}, {_name(G, assoc)}, is {_post_words(G, org, pos)} "
                             f"({pos.src or key}), but {pname}'s register has no (indirect) entry "
                             f"for {_name(G, org)}: check whether it should be declared."),
            ))
    return [out[k] for k in sorted(out)]


#: The registry kind of a possibly undeclared control (coigraph/policies/findings.yaml).
UNDECLARED_CONTROL = "possibly_undeclared_control"


def undeclared_controls(G: nx.MultiDiGraph, items: Iterable[Any], *,
                        person: str | None = None) -> list[UndeclaredInterest]:
    """Controls on a public register, found by a meeting's screen, that no register entry covers.

    ``items`` are the meeting's item screens (:class:`coigraph.screening.ItemScreen`: ``number``,
    ``title``, ``findings``, each finding with its ``path`` and ``other_paths``).  The path search
    already left out what makes a control no evidence (ceased before the date, notified after it)
    and what covers it (an entry on the person's own register naming the company: the declared
    path is used instead), so every path carried by a control here is possibly undeclared.  One
    record per person and control, with every item and affected organisation it reaches.  With
    ``person``, only theirs.  Cost: the findings' paths.
    """
    kind = KINDS[UNDECLARED_CONTROL]
    found: dict[tuple[str, str], tuple[InterestPath, list[tuple[str, str]], list[str]]] = {}
    for it in items:
        for f in it.findings:
            if person is not None and f.person != ids.bare(person):
                continue
            for p in [f.path, *(o.path for o in f.other_paths)]:
                if p.control is None:
                    continue
                got = found.setdefault((f.person, p.carrier_key), (p, [], []))
                if (it.number, it.title) not in got[1]:
                    got[1].append((it.number, it.title))
                if f.organisation not in got[2]:
                    got[2].append(f.organisation)
    out = []
    for (who, key), (p, its, reaches) in sorted(found.items()):
        c = p.control
        assert c is not None
        pnode = ids.person(who)
        pname, company = _name(G, pnode), _name(G, c.company)
        when = f", notified on {c.notified.isoformat()}" if c.notified else ""
        ev = p.edges[1].evidence if p.associate else p.edges[0].evidence
        held = f"{pname} controls" if not p.associate else \
            f"{pname}'s {p.relationship or 'associate'}, {_name(G, p.associate)}, controls"
        affected = "; ".join(f"item {n} '{t}'" for n, t in its)
        reached = ", ".join(_name(G, ids.org(o)) + ("" if ids.org(o) == c.company else
                                                    f" (reached from {company})") for o in reaches)
        out.append(UndeclaredInterest(
            person=who, person_name=pname, organisation=ids.bare(c.company), organisation_name=company,
            kind="associate_control" if p.associate else "own_control",
            associate=ids.bare(p.associate) if p.associate else None,
            associate_name=_name(G, p.associate) if p.associate else None,
            relationship=p.relationship if p.associate else None, record=key, evidence=ev,
            finding_kind=kind.code, severity=kind.severity.value, to_confirm=kind.to_confirm, basis=kind.basis,
            control=c, items=[n for n, _ in its], reaches=reaches, path=p,
            explanation=(f"{held} {company} ({register_words(c.source_register)}{when})"
                         f"{f' [{ev}]' if ev else ''}, and no entry on {pname}'s register names it; "
                         f"{affected} affect{'s' if len(its) == 1 else ''} {reached}"
                         + f". To confirm with {pname} (the register may be out of date, or the person a "
                         "namesake): never a reason on its own to ask anyone to leave."),
        ))
    return out


# --------------------------------------------------------------------------- stale


def stale_declaration(G: nx.MultiDiGraph, person: str, *, on: dt.date,
                      months: int = STALE_MONTHS) -> StaleDeclaration | None:
    """A :class:`StaleDeclaration` if ``person`` made no declaration nor nil return in the ``months`` before ``on``."""
    person = ids.person(person)
    since = on - relativedelta(months=months)
    last_decl: dt.date | None = None
    last_nil: dt.date | None = None
    idx = index.of(G)
    for rec in [views.view(a) for t in ("interest", "nil_return") for _, _, a in idx.out_edges(person, t)]:
        if rec.type == "interest":
            d = rec.declared or rec.start
            if d is not None and d <= on and (last_decl is None or d > last_decl):
                last_decl = d
        else:
            d = rec.date
            if d is not None and d <= on and (last_nil is None or d > last_nil):
                last_nil = d
    latest = max((d for d in (last_decl, last_nil) if d is not None), default=None)
    if latest is not None and latest >= since:
        return None
    name = _name(G, person)
    seen = []
    if last_decl:
        seen.append(f"last declaration {last_decl.isoformat()}")
    if last_nil:
        seen.append(f"last nil return {last_nil.isoformat()}")
    return StaleDeclaration(
        person=ids.bare(person), person_name=name, on=on, since=since, last_declared=last_decl,
        last_nil_return=last_nil,
        explanation=(f"{name} has made no declaration of interests and no nil return since "
                     f"{since.isoformat()} ({'; '.join(seen) if seen else 'none on record'}): ask for an "
                     "up-to-date declaration before the meeting."),
    )


# --------------------------------------------------------------------------- information flow


def _related(G: nx.MultiDiGraph, a: str, b: str, deciders: set[str]) -> str | None:
    """How item ``b`` relates to item ``a``: the same matter line, or an organisation both affect other
    than ``deciders`` (the owners of ``b``'s body: everything a trust's board decides affects the trust,
    so that is no relation to what was heard)."""
    idx = index.of(G)
    nodes = G._node
    ma, mb = nodes[a].get("matter"), nodes[b].get("matter")
    if ma and mb:
        la, lb = idx.matter_line(ma), idx.matter_line(mb)
        if ids.matter(mb) in la or ids.matter(ma) in lb:
            return f"matter {ma if ids.matter(ma) in lb else mb}"
    common = (idx.affects(a) & idx.affects(b)) - deciders
    if common:
        return f"organisation {ids.bare(min(common))}"
    return None


def _related_words(G: nx.MultiDiGraph, why: str) -> str:
    """'organisation X' / 'matter m' in words: the organisation's name, the matter's name."""
    kind, _, ident = why.partition(" ")
    if kind == "organisation":
        return "organisation " + _name(G, ids.org(ident))
    if kind == "matter" and ids.matter(ident) in G:
        return "matter " + _name(G, ids.matter(ident))
    return why


def _own_orgs(G: nx.MultiDiGraph, person: str, on: dt.date) -> set[str]:
    return {o for o, _, _ in _post_orgs(G, person, on)}


def _at_meeting(G: nx.MultiDiGraph, person: str, meeting: str) -> bool:
    """Was ``person`` (expected) at ``meeting``: attendance in the room, or a seat with no record saying otherwise."""
    recs = index.of(G).attendance(person, meeting)
    if recs:
        return any(views.attendance(a).status in IN_ROOM for a in recs)
    m = views.meeting(G, meeting)
    body, day = ids.body(m.body), m.date
    for v, _, a in index.of(G).out_edges(person, "position"):
        pos = views.position(a)
        if in_force(pos, day) and (v == body or pos.body == ids.bare(body)):
            return True
    return False


def information_flows(G: nx.MultiDiGraph, person: str, *, flow_days: int = FLOW_DAYS,
                      meeting: str | None = None) -> list[InformationFlow]:
    """Confidential items ``person`` heard that affect their own organisation, before a related decision there.

    With ``meeting``, only flows where that meeting is the one heard at or the
    one deciding.  Cost, with ``meeting``: that meeting's items, and the meetings
    of the person's organisations' bodies and the confidential items about them
    within ``flow_days`` of it (dated lists of :mod:`coigraph.index`), never the
    person's whole attendance; without it, every meeting the person attended.
    """
    person = ids.person(person)
    idx = index.of(G)
    own: dict[dt.date, set[str]] = {}  # the person's organisations by date, worked out once each
    out: list[InformationFlow] = []
    if meeting is None:
        heard = sorted({v for v, _, _ in _attendance_edges(G, person)})
        for hm in heard:
            out += _heard_at(G, idx, person, hm, None, flow_days, own)
    else:
        out += _heard_at(G, idx, person, meeting, None, flow_days, own)  # the meeting as the one heard at
        out += _deciding_at(G, idx, person, meeting, flow_days, own)  # ... and as the one deciding
    out.sort(key=lambda f: (f.person, f.heard_date, f.heard_item, f.deciding_date, f.deciding_item,
                            f.organisation))
    return out


def _attendance_edges(G: nx.MultiDiGraph, person: str) -> list[tuple[str, str, dict[str, Any]]]:
    """Every attendance record of ``person`` (their whole history: only for a search without a meeting)."""
    return [(v, k, a) for v, kd in G.succ[person].items() if ids.is_meeting(v)
            for k, a in kd.items() if a.get("type") == "attendance"] if person in G else []


def _in_room(idx: index.GraphIndex, person: str, hm: str) -> tuple[bool, Any]:
    """Does an attendance record of ``person`` put them in the room at ``hm``; and the first record.

    Two records (they left and came back) are one hearing: each flow is reported once."""
    recs = [views.attendance(a) for a in idx.attendance(person, hm)]
    return any(r.status in IN_ROOM for r in recs), (recs[0] if recs else None)


def _owners(idx: index.GraphIndex, meeting: str) -> set[str]:
    """The organisations that own the body holding ``meeting``."""
    return {o for b, _, _ in idx.out_edges(meeting, "meeting_of") for o, _, _ in idx.out_edges(b, "owned_by")}


def _owns(G: nx.MultiDiGraph, person: str, day: dt.date, own: dict[dt.date, set[str]]) -> set[str]:
    got = own.get(day)
    if got is None:
        got = own[day] = _own_orgs(G, person, day)
    return got


def _heard_at(G: nx.MultiDiGraph, idx: index.GraphIndex, person: str, hm: str, dm_only: str | None,
              flow_days: int, own: dict[dt.date, set[str]]) -> list[InformationFlow]:
    """Flows of confidential items heard at ``hm``, to every related decision within ``flow_days``."""
    heard, att = _in_room(idx, person, hm)
    if not heard or hm not in G:
        return []
    hdate: dt.date = views.meeting(G, hm).date
    left = att.left_after_item
    # what an organisation's own body hears is already that organisation's: no flow between organisations
    mine = _owns(G, person, hdate, own) - _owners(idx, hm)
    out: list[InformationFlow] = []
    for item in idx.items(hm):
        ia = views.item(G, item)
        if not ia.confidential:
            continue
        # an item whose number is not stated may have been heard: never assumed out of the room
        if left is not None and ia.number is not None and item_order(str(ia.number)) > item_order(str(left)):
            continue
        for org in sorted(idx.affects(item) & mine):
            for dm in idx.meetings_of_org(org, hdate, hdate + dt.timedelta(days=flow_days)):
                if not _at_meeting(G, person, dm):
                    continue
                deciders = _owners(idx, dm)
                for ditem in idx.items(dm):
                    why = _related(G, item, ditem, deciders)
                    if why:
                        out.append(_flow(G, person, org, hm, item, att, dm, ditem, why))
    return out


def _deciding_at(G: nx.MultiDiGraph, idx: index.GraphIndex, person: str, dm: str, flow_days: int,
                 own: dict[dt.date, set[str]]) -> list[InformationFlow]:
    """Flows whose related decision is at ``dm``: confidential items about the owners of its body,
    heard in the ``flow_days`` before it."""
    if dm not in G:
        return []
    d: dt.date = views.meeting(G, dm).date
    deciders = _owners(idx, dm)
    orgs = sorted(deciders)
    out: list[InformationFlow] = []
    at: bool | None = None
    for org in orgs:
        for hdate, hm, item in idx.confidential_items_about(org, d - dt.timedelta(days=flow_days), d):
            heard, att = _in_room(idx, person, hm)
            if not heard or org in _owners(idx, hm):  # heard at the organisation's own body: no flow
                continue
            left = att.left_after_item
            ia = views.item(G, item)
            if left is not None and ia.number is not None and item_order(str(ia.number)) > item_order(str(left)):
                continue
            if org not in _owns(G, person, hdate, own):
                continue
            if at is None:
                at = _at_meeting(G, person, dm)
            if not at:
                return []
            for ditem in idx.items(dm):
                why = _related(G, item, ditem, deciders)
                if why:
                    out.append(_flow(G, person, org, hm, item, att, dm, ditem, why))
    return out


def _flow(G: nx.MultiDiGraph, person: str, org: str, hm: str, item: str, att: Any, dm: str, ditem: str,
          why: str) -> InformationFlow:
    name = _name(G, person)
    ia, hdate = views.item(G, item), views.meeting(G, hm).date
    da, dma = views.item(G, ditem), views.meeting(G, dm)
    # built without validation (model_construct): every value is the graph's own, of the field's type
    return InformationFlow.model_construct(
        person=ids.bare(person), person_name=name, organisation=ids.bare(org),
        organisation_name=_name(G, org), heard_meeting=ids.bare(hm), heard_date=hdate,
        heard_item=ids.bare(item), heard_item_title=str(ia.title or ""),
        deciding_meeting=ids.bare(dm), deciding_date=dma.date,
        deciding_item=ids.bare(ditem), deciding_item_title=str(da.title or ""),
        related_by=why, evidence=sorted(str(x) for x in (att.src,) if x),
        explanation=(
            f"{name} heard confidential item {ia.number} '{ia.title}' at "
            f"{_mname(G, hm)} on {hdate.isoformat()}, which affects {_name(G, org)}; on "
            f"{dma.date.isoformat()} {_mname(G, dm)} considers item {da.number} "
            f"'{da.title}' (related by {_related_words(G, why)}). {name} should "
            "declare that they hold relevant confidential information (without "
            "disclosing it), and the chair decides whether they take part."),
    )


# --------------------------------------------------------------------------- per meeting / per person


def meeting_checks(G: nx.MultiDiGraph, meeting: str, *, roll: list[RollEntry] | None = None,
                   on: dt.date | None = None, flow_days: int = FLOW_DAYS) -> MeetingChecks:
    """The three checks for everyone in the room at ``meeting`` (undeclared posts, stale, information flow)."""
    meeting = find_node(G, "meeting", meeting)
    m = views.meeting(G, meeting)
    on = on or m.date
    body = ids.body(m.body)
    roll = roll if roll is not None else meeting_roll(G, meeting)
    ex = excluded_orgs(G, body)
    res = MeetingChecks()
    for e in roll:
        if not e.in_room:
            continue
        p = ids.person(e.person)
        res.undeclared += undeclared_interests(G, p, on=on, exclude_orgs=ex, exclude_bodies=[body])
        st = stale_declaration(G, p, on=on)
        if st:
            res.stale.append(st)
        res.information_flows += information_flows(G, p, flow_days=flow_days, meeting=meeting)
    return res


__all__ = ["undeclared_interests", "undeclared_controls", "UNDECLARED_CONTROL", "stale_declaration", "information_flows", "meeting_checks",
           "MeetingChecks", "UndeclaredInterest", "StaleDeclaration", "InformationFlow", "STALE_MONTHS",
           "FLOW_DAYS", "IN_ROOM"]
