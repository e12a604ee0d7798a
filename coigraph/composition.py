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
* ``appointments``: people who sat as voting members at a meeting of the
  board without an appointment in force on the meeting date.
* ``acting``: acting or interim members, shown for planning.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coigraph.errors import DataError, Problem
from coigraph.graph import in_force
from coigraph.graph import node_name as _name

PARTNER_KINDS = {"nhs_trust", "foundation_trust", "gp_practice", "pcn", "local_authority"}


class CompositionRule(BaseModel):
    """One rule of a composition rules file."""

    model_config = ConfigDict(extra="forbid")

    id: str
    check: Literal["count", "independence", "appointments", "acting"]
    where: dict[str, Any] = Field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    severity: Literal["unlawful", "sord_breach", "against_guidance", "advisory"] = "sord_breach"
    text: str
    basis: str | None = None


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
    severity: Literal["unlawful", "sord_breach", "against_guidance", "advisory"]
    body: str
    date: dt.date
    explanation: str
    basis: str | None = None
    people: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    def sort_key(self) -> tuple:
        return (self.body, self.date, self.kind, tuple(self.people))


def load_composition_rules(path: str | Path | None = None) -> list[CompositionRule]:
    """Read a composition rules file (default: the bundled one). Errors name the file and rule."""
    if path is None:
        text = resources.files("coigraph.policies").joinpath("composition.yaml").read_text("utf-8")
        label = "composition.yaml (bundled)"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DataError([Problem(str(path), None, None, f"cannot read the rules file: {exc.strerror}")],
                            summary="cannot load the composition rules") from exc
        label = Path(path).name
    try:
        data = yaml.safe_load(text)
        return CompositionRules.model_validate(data).rules
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(label, mark.line + 1 if mark else None, None, "the YAML cannot be read")],
                        summary="cannot load the composition rules") from exc
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
    for n, a in G.nodes(data=True):
        if a.get("type") == "body" and a.get("kind") == "board":
            if any(G.nodes[f"org:{o}"].get("kind") == "icb" for o in a.get("owners", [])):
                out.append(n)
    return sorted(out)


def board_members(G: nx.MultiDiGraph, body: str, on: dt.date) -> list[tuple[str, dict[str, Any]]]:
    """(person node, position attrs) for each position on ``body`` in force on ``on``, sorted."""
    out = []
    for u, _, a in G.in_edges(body, data=True):
        if a.get("type") == "position" and in_force(a, on):
            out.append((u, a))
    return sorted(out, key=lambda x: (x[0], x[1].get("id", "")))


def _matches(pos: dict[str, Any], where: dict[str, Any]) -> bool:
    for key, want in where.items():
        have = pos.get(key)
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
    return True


def check_composition(G: nx.MultiDiGraph, on: dt.date, *, rules: list[CompositionRule] | None = None,
                      period: tuple[dt.date, dt.date] | None = None) -> list[CompositionFinding]:
    """Check every ICB board against ``rules`` on date ``on``; sorted findings.

    ``period`` (from, to) widens the ``appointments`` check to every meeting
    of the board in that period (each against its own date).
    Cost: linear in the board's positions and the members' other positions.
    """
    rules = rules if rules is not None else load_composition_rules()
    findings: list[CompositionFinding] = []
    for body in icb_boards(G):
        members = board_members(G, body, on)
        for rule in rules:
            findings.extend(_CHECKS[rule.check](G, body, on, rule, members, period))
    return sorted(findings, key=CompositionFinding.sort_key)


def _count(G, body, on, rule, members, period) -> list[CompositionFinding]:
    matching = [(p, a) for p, a in members if _matches(a, rule.where)]
    n = len({p for p, _ in matching})
    problems = []
    if rule.min is not None and n < rule.min:
        gap = rule.min - n
        problems.append(f"{rule.text}: {n} in post on {on.isoformat()}, {rule.min} required "
                        f"({gap} vacanc{'y' if gap == 1 else 'ies'})")
    if rule.max is not None and n > rule.max:
        problems.append(f"{rule.text}: {n} in post on {on.isoformat()}, at most {rule.max} allowed")
    return [CompositionFinding(
        kind=rule.id, severity=rule.severity, body=body, date=on, explanation=text, basis=rule.basis,
        people=sorted({p for p, _ in matching}),
        evidence=[Evidence(what=f"{_name(G, p)}: {a.get('role')}", src=a.get("src")) for p, a in matching],
    ) for text in problems]


def _supplier_orgs(G: nx.MultiDiGraph, body: str) -> set[str]:
    owners = {f"org:{o}" for o in G.nodes[body].get("owners", [])}
    out = set()
    for owner in owners:
        for u, _, a in G.in_edges(owner, data=True):
            if a.get("type") == "org_relation" and a.get("kind") == "contracts_with":
                out.add(u)
        for _, v, a in G.out_edges(owner, data=True):
            if a.get("type") == "org_relation" and a.get("kind") == "contracts_with":
                out.add(v)
    return out


def _independence(G, body, on, rule, members, period) -> list[CompositionFinding]:
    suppliers = _supplier_orgs(G, body)
    out = []
    for person in sorted({p for p, a in members if a.get("independent")}):
        for _, org, a in G.out_edges(person, data=True):
            if a.get("type") != "position" or not in_force(a, on) or not org.startswith("org:"):
                continue
            kind = G.nodes[org].get("kind")
            if kind in PARTNER_KINDS or org in suppliers:
                why = "a supplier of the ICB" if org in suppliers else f"a partner organisation ({kind})"
                out.append(CompositionFinding(
                    kind=rule.id, severity=rule.severity, body=body, date=on, basis=rule.basis,
                    explanation=(f"{_name(G, person)} sits as an independent member but is "
                                 f"{a.get('role')} at {_name(G, org)}, {why}"),
                    people=[person],
                    evidence=[Evidence(what=f"position {a.get('id')}", src=a.get("src"))],
                ))
    return out


def _appointments(G, body, on, rule, members, period) -> list[CompositionFinding]:
    out = []
    meetings = sorted(u for u, _, a in G.in_edges(body, data=True) if a.get("type") == "meeting_of")
    for m in meetings:
        mdate = G.nodes[m]["date"]
        if period is not None:
            if not (period[0] <= mdate <= period[1]):
                continue
        elif mdate != on:
            continue
        for person, _, a in G.in_edges(m, data=True):
            # deputies sit under the standing orders, not an appointment; only members present count
            if a.get("type") != "attendance" or a.get("status") != "present":
                continue
            positions = [pa for _, b, pa in G.out_edges(person, data=True)
                         if b == body and pa.get("type") == "position"]
            voting = [pa for pa in positions if pa.get("role") not in ("attendee", "officer", "adviser")]
            if voting and not any(in_force(pa, mdate) for pa in voting):
                ends = ", ".join(sorted(f"{pa.get('start') or '…'} to {pa.get('end') or '…'}"
                                        for pa in voting))
                out.append(CompositionFinding(
                    kind=rule.id, severity=rule.severity, body=body, date=mdate, basis=rule.basis,
                    explanation=(f"{_name(G, person)} sat as a member at {m.split(':', 1)[1]} on "
                                 f"{mdate.isoformat()} but their appointment was not in force "
                                 f"that day (appointed {ends})"),
                    people=[person],
                    evidence=[Evidence(what="attendance", src=a.get("src"))]
                    + [Evidence(what=f"position {pa.get('id')}", src=pa.get("src")) for pa in voting],
                ))
    return out


def _acting(G, body, on, rule, members, period) -> list[CompositionFinding]:
    return [CompositionFinding(
        kind=rule.id, severity=rule.severity, body=body, date=on, basis=rule.basis,
        explanation=f"{_name(G, p)} holds the {a.get('role')} seat on an acting or interim basis",
        people=[p], evidence=[Evidence(what=f"position {a.get('id')}", src=a.get("src"))],
    ) for p, a in members if a.get("acting")]


_CHECKS = {"count": _count, "independence": _independence, "appointments": _appointments,
           "acting": _acting}
