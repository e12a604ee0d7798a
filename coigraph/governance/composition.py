"""Board composition of integrated care boards, checked against the Act and the constitution.

The rules are data (``coigraph/policies/composition.yaml``): an ICB adds its
own constitution's rules without touching code.  Each rule is checked for
every ICB board (a body of kind ``board`` owned by an organisation of kind
``icb``) on a date, against the positions on that board in force that day.

Checks:

* ``count``: how many members match filters on their position (role,
  nominated_by, independent, mental_health_expertise), between ``min`` and
  ``max``.  A shortfall is shown as a vacancy.
* ``independence``: independent members who also hold a position at a
  partner organisation (trust, foundation trust, GP practice, PCN, local
  authority) or at a supplier of the ICB (``contracts_with``).
* ``private_sector``: every member's posts at, and registered financial
  interests in, companies: NHS Act 2006 Schedule 1B paragraph 4 leaves it to
  the person making the appointment to judge whether such involvement could
  reasonably be regarded as undermining the independence of the health
  service, so these are shown "to confirm", never as a breach.
* ``appointments``: people who sat as voting members at a meeting of the
  board without an appointment in force on the meeting date.
* ``acting``: acting or interim members, shown for planning.

Each rule is a finding kind of the one registry (:mod:`coigraph.findings`):
``composition.<rule id>``, registered with the rule's severity, text and
basis when the rules are read (:func:`register_rules`).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coigraph import ids, views
from coigraph.errors import DataError, Problem
from coigraph.findings import Citation, FindingKind, Severity, register_kind, resolve_citations
from coigraph.graph import node_name as _name
from coigraph.load.readers import load_yaml, read_text_file
from coigraph.model import (
    PARTNER_KINDS,
    AttendanceStatus,
    BodyKind,
    OrgKind,
    OrgRelationKind,
    Position,
    Role,
)
from coigraph.words import humanise


class CompositionRule(BaseModel):
    """One rule of a composition rules file."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    check: Literal["count", "independence", "private_sector", "appointments", "acting"]
    where: dict[str, Any] = Field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    severity: Severity = Severity.sord_breach
    text: str
    basis: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    to_confirm: bool = False

    _cite = field_validator("citations", mode="before")(resolve_citations)


class CompositionRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[CompositionRule]


class Evidence(BaseModel):
    """A record a finding rests on: what it is and where it came from (file:row)."""

    what: str
    src: str | None = None


class CompositionFinding(BaseModel):
    """A composition rule a board does not meet on a date (or a fact worth showing)."""

    kind: str = Field(description="The rule id, e.g. partner_member_trusts.")
    severity: Severity
    body: str
    date: dt.date
    explanation: str
    basis: str | None = None
    people: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    to_confirm: bool = Field(False, description="Depends on what the data does not state (a blank "
                             "nominated_by, independent or mental_health_expertise): advisory.")

    def sort_key(self) -> tuple:
        return (self.body, self.date, self.kind, tuple(self.people))


def register_rules(rules: list[CompositionRule]) -> list[CompositionRule]:
    """Register each rule as finding kind ``composition.<id>`` (its severity, text and basis)."""
    for rule in rules:
        register_kind(FindingKind(code=f"composition.{rule.id}", area="composition",
                                  severity=rule.severity, title=" ".join(rule.text.split()),
                                  basis=" ".join((rule.basis or "").split()), citations=rule.citations,
                                  to_confirm=rule.to_confirm, scope="board"))
    return rules


def load_composition_rules(path: str | Path | None = None) -> list[CompositionRule]:
    """Read a composition rules file (default: the bundled one). Errors name the file and rule.

    Each rule is registered as a finding kind (:func:`register_rules`).
    """
    if path is None:
        text = resources.files("coigraph.policies").joinpath("composition.yaml").read_text("utf-8")
        label = "composition.yaml (bundled)"
    else:
        text = read_text_file(path, "composition rules file")
        label = Path(path).name
    data = load_yaml(text, label, "composition rules")
    try:
        return register_rules(CompositionRules.model_validate(data).rules)
    except ValidationError as exc:
        probs = []
        for e in exc.errors():
            loc = e["loc"]
            row = int(loc[1]) + 1 if len(loc) > 1 and isinstance(loc[1], int) else None
            probs.append(Problem(label, row, ".".join(str(x) for x in loc[2:]) or None, e["msg"],
                                 hint="rule number counts from the top of the 'rules' list"))
        raise DataError(probs, summary="the composition rules are invalid") from exc


def icb_boards(G: nx.MultiDiGraph) -> list[str]:
    """Node ids of every ICB board in the graph, sorted."""
    out = []
    for n, body in views.nodes_of(G, "body"):
        if body.kind == BodyKind.board:
            if any(views.organisation(G, ids.org(o)).kind == OrgKind.icb for o in body.owners):
                out.append(n)
    return sorted(out)


def board_members(G: nx.MultiDiGraph, body: str, on: dt.date) -> list[tuple[str, Position]]:
    """(person node, position) for each position on ``body`` in force on ``on``, sorted."""
    out = [(u, pos) for u, _, _, pos in views.in_edges(G, body, "position") if pos.in_force(on)]
    return sorted(out, key=lambda x: (x[0], x[1].id or ""))


def _matches(pos: Position, where: dict[str, Any]) -> bool | None:
    """Does the position meet ``where``: True, False, or None when a field it needs is blank (not
    stated: ``nominated_by``, ``independent``, ``mental_health_expertise``) and the rest match."""
    unknown = False
    for key, want in where.items():
        have = getattr(pos, key, None)  # the keys are the rules file's: any field of a position
        if have is None and key in _MAY_BE_BLANK:
            unknown = True
            continue
        if key in ("independent", "mental_health_expertise", "acting"):
            have = bool(have)
        if isinstance(want, list):
            if str(have) not in {str(w) for w in want}:
                return False
        elif isinstance(want, bool):
            if have is not want:
                return False
        elif str(have) != str(want):
            return False
    return None if unknown else True


#: Fields of a position a source may leave blank: a rule that needs one is then 'to confirm'.
_MAY_BE_BLANK = ("nominated_by", "independent", "mental_health_expertise")


def check_composition(G: nx.MultiDiGraph, on: dt.date, *, rules: list[CompositionRule] | None = None,
                      period: tuple[dt.date, dt.date] | None = None) -> list[CompositionFinding]:
    """Check every ICB board against ``rules`` on date ``on``; sorted findings.

    ``period`` (from, to) widens the ``appointments`` check to every meeting
    of the board in that period (each against its own date).  The rules are
    registered as finding kinds (:func:`register_rules`), so their findings
    are known to the registry whoever made the rules.
    Cost: linear in the board's positions and the members' other positions.
    """
    rules = register_rules(rules) if rules is not None else load_composition_rules()
    findings: list[CompositionFinding] = []
    for body in icb_boards(G):
        members = board_members(G, body, on)
        for rule in rules:
            findings.extend(_CHECKS[rule.check](G, body, on, rule, members, period))
    return sorted(findings, key=CompositionFinding.sort_key)


def _count(G, body, on, rule, members, period) -> list[CompositionFinding]:
    judged = [(p, pos, _matches(pos, rule.where)) for p, pos in members]
    matching = [(p, pos) for p, pos, ok in judged if ok]
    maybe = sorted({p for p, _, ok in judged if ok is None} - {p for p, _ in matching})
    n = len({p for p, _ in matching})
    problems: list[tuple[str, bool]] = []
    if rule.min is not None and n < rule.min:
        gap = rule.min - n
        text = (f"{' '.join(rule.text.split())}: {n} in post on {on.isoformat()}, {rule.min} required "
                f"({gap} vacanc{'y' if gap == 1 else 'ies'})")
        if n + len(maybe) >= rule.min:  # the blanks could fill it: to confirm, never a breach
            blank = ", ".join(k for k in rule.where if k in _MAY_BE_BLANK)
            problems.append((f"To confirm: {text} on what the data states; the {blank} of "
                             + ", ".join(_name(G, p) for p in maybe) + " is not stated", True))
        else:
            problems.append((text + f": appoint to fill {'it' if gap == 1 else 'them'}. A vacancy breaches "
                             "the constitution; coigraph does not treat it as making the board's decisions "
                             "invalid", False))
    if rule.max is not None and n > rule.max:
        problems.append((f"{' '.join(rule.text.split())}: {n} in post on {on.isoformat()}, at most "
                         f"{rule.max} allowed", False))
    return [CompositionFinding(
        kind=rule.id, severity=Severity.advisory if unsure else rule.severity, body=body, date=on,
        explanation=text, basis=rule.basis, people=sorted({p for p, _ in matching}), to_confirm=unsure,
        evidence=[Evidence(what=f"{_name(G, p)}: {humanise(pos.role)}", src=pos.src)
                  for p, pos, ok in judged if ok is not False],
    ) for text, unsure in problems]


def _supplier_orgs(G: nx.MultiDiGraph, body: str) -> set[str]:
    owners = {ids.org(o) for o in views.body(G, body).owners}
    out = set()
    for owner in owners:
        for u, _, _, rel in views.in_edges(G, owner, "org_relation"):
            if rel.kind == OrgRelationKind.contracts_with:
                out.add(u)
        for _, v, _, rel in views.out_edges(G, owner, "org_relation"):
            if rel.kind == OrgRelationKind.contracts_with:
                out.add(v)
    return out


def _independence(G, body, on, rule, members, period) -> list[CompositionFinding]:
    suppliers = _supplier_orgs(G, body)
    out = []
    for person in sorted({p for p, pos in members if pos.independent}):
        for _, org, _, pos in views.out_edges(G, person, "position"):
            if not pos.in_force(on) or not ids.is_org(org):
                continue
            kind = views.organisation(G, org).kind
            if kind in PARTNER_KINDS or org in suppliers:
                why = ("a supplier of the ICB" if org in suppliers
                       else f"a partner organisation ({humanise(kind)})")
                out.append(CompositionFinding(
                    kind=rule.id, severity=rule.severity, body=body, date=on, basis=rule.basis,
                    explanation=(f"{_name(G, person)} sits as an independent member but is "
                                 f"{humanise(pos.role)} at {_name(G, org)}, {why}"),
                    people=[person],
                    evidence=[Evidence(what=f"position {pos.id}", src=pos.src)],
                ))
    return out


#: Organisation kinds that are the private sector (a company; independent-sector kinds added to the
#: model later count too, by their name).
PRIVATE_KINDS = {OrgKind.company.value}


def _is_private(kind: Any) -> bool:
    k = str(kind.value if hasattr(kind, "value") else kind)
    return k in PRIVATE_KINDS or "independent" in k


#: Who appoints each member, for the paragraph 4 judgement (Schedule 1B paragraphs 5 and 7; the
#: ordinary members' appointer is named by the constitution under paragraph 8).
APPOINTER = {"chair": "NHS England, with the Secretary of State's approval",
             "chief_executive": "the chair, with NHS England's approval"}


def _private_sector(G, body, on, rule, members, period) -> list[CompositionFinding]:
    out = []
    for person in sorted({p for p, pos in members if pos.role not in _NOT_MEMBERS}):
        seat = next(pos for p, pos in members if p == person)
        involved: list[tuple[str, str, Any]] = []
        for _, org, _, pos in views.out_edges(G, person, "position"):
            if pos.in_force(on) and ids.is_org(org) and _is_private(views.organisation(G, org).kind):
                involved.append((org, f"{humanise(pos.role)} at {_name(G, org)}", pos))
        for _, org, _, entry in views.out_edges(G, person, "interest"):
            if (entry.in_force(on) and not entry.indirect and ids.is_org(org)
                    and "financial" in [str(t) for t in entry.types]
                    and _is_private(views.organisation(G, org).kind)):
                involved.append((org, f"a registered financial interest in {_name(G, org)}", entry))
        if not involved:
            continue
        what = "; ".join(sorted({w for _, w, _ in involved}))
        who = APPOINTER.get(str(seat.role), "the person the constitution names to appoint them")
        out.append(CompositionFinding(
            kind=rule.id, severity=rule.severity, body=body, date=on, basis=rule.basis,
            explanation=(f"{_name(G, person)} ({humanise(seat.role)}) is involved with the private sector: "
                         f"{what}. Under Schedule 1B paragraph 4 the appointer ({who}) judges whether this "
                         "could reasonably be regarded as undermining the independence of the health "
                         "service: to confirm that the judgement was made and recorded."),
            people=[person],
            evidence=[Evidence(what=w, src=rec.src) for _, w, rec in sorted(involved, key=lambda x: x[1])],
        ))
    return out


#: Roles that sit on a board without being members of it (not NON_VOTING_ROLES: an employee
#: holding a seat on the board is judged as a member here).
_NOT_MEMBERS = (Role.attendee.value, Role.officer.value, Role.adviser.value)


def _appointments(G, body, on, rule, members, period) -> list[CompositionFinding]:
    out = []
    meetings = sorted(u for u, _, _, _ in views.in_edges(G, body, "meeting_of"))
    for m in meetings:
        mdate = views.meeting(G, m).date
        if period is not None:
            if not (period[0] <= mdate <= period[1]):
                continue
        elif mdate != on:
            continue
        for person, _, _, att in views.in_edges(G, m, "attendance"):
            # deputies sit under the standing orders, not an appointment; only members present count
            if att.status != AttendanceStatus.present:
                continue
            positions = [pos for _, b, _, pos in views.out_edges(G, person, "position") if b == body]
            voting = [pos for pos in positions if pos.role not in _NOT_MEMBERS]
            if voting and not any(pos.in_force(mdate) for pos in voting):
                ends = ", ".join(sorted(f"{pos.start or '…'} to {pos.end or '…'}" for pos in voting))
                out.append(CompositionFinding(
                    kind=rule.id, severity=rule.severity, body=body, date=mdate, basis=rule.basis,
                    explanation=(f"{_name(G, person)} sat as a member at {ids.bare(m)} on "
                                 f"{mdate.isoformat()} but their appointment was not in force "
                                 f"that day (appointed {ends})"),
                    people=[person],
                    evidence=[Evidence(what="attendance", src=att.src)]
                    + [Evidence(what=f"position {pos.id}", src=pos.src) for pos in voting],
                ))
    return out


def _acting(G, body, on, rule, members, period) -> list[CompositionFinding]:
    return [CompositionFinding(
        kind=rule.id, severity=rule.severity, body=body, date=on, basis=rule.basis,
        explanation=f"{_name(G, p)} holds the {humanise(pos.role)} seat on an acting or interim basis",
        people=[p], evidence=[Evidence(what=f"position {pos.id}", src=pos.src)],
    ) for p, pos in members if pos.acting]


_CHECKS = {"count": _count, "independence": _independence, "private_sector": _private_sector,
           "appointments": _appointments, "acting": _acting}
