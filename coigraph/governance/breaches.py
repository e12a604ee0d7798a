"""The breaches register: candidate entries drafted from the audit's findings, and the confirmed ones.

A breach of the conflicts of interest policy is for a person to confirm, not
for a tool to declare.  :func:`draft_candidates` groups the audit's findings
of the kinds the policy values name (``breaches.candidates`` in
``coigraph/policies/procurement.yaml``: by default withdrawals the screen
required and the minutes lack, a conflicted chair who chaired, interests
declared at a meeting but missing from the register, unmanaged or late
procurement conflicts) into one candidate per situation (one meeting item,
one person's interest, one person in one procurement), each with its
evidence and a stable id.  The breaches register (``breaches.csv``) is read
back: an entry that confirms a candidate (its ``candidate`` is the
candidate's id, or it records the same kind of breach by the same person at
the same meeting or procurement) or dismisses it takes its place, so a
candidate is never proposed twice.

:func:`breaches_section` is the audit's ``breaches`` section;
:func:`committee_section` the report to the audit committee: breaches in the
period by kind and outcome, gifts and hospitality totals, procurement
conflicts, and the register's health.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, procurements, views
from coigraph.findings import KINDS, Finding
from coigraph.governance.values import PolicyValues, load_values
from coigraph.graph import in_force
from coigraph.graph import node_name as _name
from coigraph.model import BreachKind, BreachStatus, OrgKind
from coigraph.section import AuditContext, Cell, Section
from coigraph.words import humanise, lower_first, money, months_to_days


class Candidate(BaseModel):
    """A draft entry of the breaches register, for a person to confirm or dismiss."""

    id: str = Field(description="Stable id: give it as 'candidate' in breaches.csv to confirm it.")
    kind: BreachKind
    what: str
    person: str | None = None
    people: list[str] = Field(default_factory=list)
    organisation: str | None = None
    meeting: str | None = None
    item: str | None = None
    procurement: str | None = None
    occurred: dt.date | None = None
    findings: list[str] = Field(default_factory=list, description="Kinds of the findings it comes from.")
    evidence: list[str] = Field(default_factory=list)
    status: Literal["candidate", "confirmed", "dismissed"] = "candidate"
    entry: str | None = Field(None, description="The breaches register entry that confirms or dismisses it.")


def _slug(*parts: str | None) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:180]


#: The word a candidate's id starts with, by kind of breach.
_ID_WORD = {BreachKind.undeclared_interest: "undeclared", BreachKind.late_declaration: "late",
            BreachKind.failure_to_withdraw: "withdraw", BreachKind.gifts_hospitality: "gifts",
            BreachKind.procurement: "procurement", BreachKind.other: "other"}


def _group(f: Finding, kind: BreachKind) -> tuple[str, ...]:
    """What makes one situation: an item (withdrawals), a person in a procurement, a person and an
    organisation (anything else).  The candidate's id is made from it."""
    if kind == BreachKind.failure_to_withdraw:
        return (_ID_WORD[kind], f.item or f.meeting or f.person or "")
    if kind == BreachKind.procurement:
        return (_ID_WORD[kind], f.procurement or "", f.person or "")
    return (_ID_WORD[kind], f.person or "", f.organisation or f.procurement or f.meeting or "")


def _occurred(G: nx.MultiDiGraph, c: Candidate) -> dt.date | None:
    if c.meeting and ids.meeting(c.meeting) in G:
        return views.meeting(G, ids.meeting(c.meeting)).date
    if c.procurement and ids.procurement(c.procurement) in G:
        return procurements.reference_date(G, ids.procurement(c.procurement))
    return None


def draft_candidates(G: nx.MultiDiGraph, findings: list[Finding],
                     values: PolicyValues | None = None) -> list[Candidate]:
    """Candidate entries from ``findings`` of the kinds the policy values name, one per situation.

    A finding to confirm (one that rests on something the data does not state, such as when
    an interest arose) is never drafted as a breach: it stays a point to confirm.
    """
    values = values or load_values()
    kinds = values.breaches.candidates
    groups: dict[tuple[str, ...], list[Finding]] = defaultdict(list)
    kind_of: dict[tuple[str, ...], BreachKind] = {}
    for f in findings:
        if f.kind not in kinds or f.to_confirm:
            continue
        bk = BreachKind(kinds[f.kind])
        key = _group(f, bk)
        groups[key].append(f)
        kind_of[key] = bk
    out = []
    for key, fs in sorted(groups.items()):
        fs = sorted(fs, key=Finding.sort_key)
        people = sorted({p for f in fs for p in ([f.person] if f.person else f.people)})
        first = fs[0]
        what = " ".join(f"{KINDS[f.kind].title}: {f.explanation}" for f in fs[:3])
        if len(fs) > 3:
            what += f" (and {len(fs) - 3} more findings of the same situation)"
        c = Candidate(
            id="cand-" + _slug(*key), kind=kind_of[key], what=what,
            person=people[0] if len(people) == 1 else None, people=people,
            organisation=first.organisation if len({f.organisation for f in fs}) == 1 else None,
            meeting=first.meeting, item=first.item, procurement=first.procurement,
            findings=sorted({f.kind for f in fs}), evidence=sorted({e for f in fs for e in f.evidence}))
        c.occurred = _occurred(G, c)
        out.append(c)
    return out


def register_entries(G: nx.MultiDiGraph) -> list[tuple[str, Any]]:
    """``(node, view)`` of every breaches register entry, by id."""
    return sorted(views.nodes_of(G, "breach"), key=lambda x: x[0])


def _matches(b: Any, c: Candidate) -> bool:
    if b.candidate:
        return str(b.candidate) == c.id
    if str(b.kind) != c.kind.value or not b.person or b.person not in (c.people or [c.person]):
        return False
    if c.meeting and b.meeting != c.meeting:
        return False
    return not (c.procurement and b.procurement != c.procurement)


def reconcile_candidates(G: nx.MultiDiGraph, candidates: list[Candidate]) -> list[Candidate]:
    """Mark each candidate an entry of the breaches register confirms or dismisses (never proposed twice)."""
    entries = register_entries(G)
    for c in candidates:
        for _n, b in entries:
            if _matches(b, c):
                c.status = "dismissed" if str(b.status) == BreachStatus.dismissed.value else "confirmed"
                c.entry = str(b.id)
                break
    return candidates


def _section(ctx: AuditContext, sid: str) -> Section:
    """Section ``sid`` of this audit: as built already (sections before this one), else built here."""
    from coigraph.delegation.sections import decisions_section, scheme_section
    from coigraph.governance.gifts import gifts_section
    from coigraph.governance.procurement import procurement_section
    from coigraph.governance.sections import composition_section, minutes_section

    builders = {"decisions": decisions_section, "scheme": scheme_section,
                "composition": composition_section, "minutes": minutes_section,
                "procurement": procurement_section, "gifts": gifts_section,
                "breaches": breaches_section}
    if sid not in ctx.built:
        ctx.built[sid] = builders[sid](ctx)
    return ctx.built[sid]


#: The sections whose findings a finding kind of each area comes from.
_SECTIONS_OF_AREA = {"delegation": ("decisions", "scheme"), "minutes": ("minutes",),
                     "composition": ("composition",), "procurement": ("procurement",),
                     "gifts": ("gifts", "procurement"), "hospitality": ("gifts", "procurement")}


def _source_findings(ctx: AuditContext, values: PolicyValues) -> list[Finding]:
    """The findings the candidates are drafted from (of the sections that report those kinds)."""
    wanted = sorted({s for k in values.breaches.candidates for s in _SECTIONS_OF_AREA.get(KINDS[k].area, ())})
    return [f for sid in wanted for f in _section(ctx, sid).findings]


def _who(G: nx.MultiDiGraph, people: list[str]) -> str:
    names = [_name(G, ids.person(p)) for p in people]
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _kind_words(kind: str) -> str:
    """A finding kind in words, as a phrase inside a sentence: its title, lower-cased."""
    title = KINDS[kind].title if kind in KINDS else kind.replace("_", " ")
    return lower_first(title)


def _kinds_words(kinds: Any) -> str:
    """Finding kinds in words: 'a conflicted chair chaired ...; a declaration ...'."""
    return "; ".join(sorted(_kind_words(k) for k in kinds))


def _counted_kinds(kinds: Counter[str]) -> str:
    """Findings counted by kind, in words: 'a gift above the declaration threshold was not declared: 1'."""
    return "; ".join(f"{_kind_words(k)}: {n}" for k, n in sorted(kinds.items()))


def breaches_section(ctx: AuditContext) -> Section:
    """The breaches register in the period, and candidate entries drafted from the audit's findings."""
    values = ctx.values or load_values()
    G = ctx.G
    candidates = reconcile_candidates(G, draft_candidates(G, _source_findings(ctx, values), values))
    rows: list[list[Cell]] = []
    for _n, b in register_entries(G):
        if (ctx.date_from and b.found < ctx.date_from) or (ctx.date_to and b.found > ctx.date_to):
            continue
        rows.append([str(b.id), str(b.status), str(b.kind), _who(G, [b.person]) if b.person else "",
                     str(b.what), b.found.isoformat(), str(b.outcome or "not recorded"),
                     str(b.reported_to or ""), str(b.candidate or "")])
    open_ = [c for c in candidates if c.status == "candidate"]
    for c in open_:
        rows.append([c.id, "candidate", c.kind.value, _who(G, c.people), c.what,
                     c.occurred.isoformat() if c.occurred else "", "", "",
                     "draft: to confirm, add it to breaches.csv with candidate " + c.id])
    confirmed = sum(1 for r in rows if r[1] == "confirmed")
    return Section(
        id="breaches", title="Breaches register",
        summary=(f"{confirmed} confirmed breach{'es' if confirmed != 1 else ''} in the register for this period"
                 f"; {len(open_)} candidate entr{'y' if len(open_) == 1 else 'ies'} drafted from the audit's "
                 f"findings ({_kinds_words(values.breaches.candidates)}) for a person to confirm or "
                 f"dismiss; {len(candidates) - len(open_)} already in the register. "
                 f"Basis: {values.breaches.candidates_source}"),
        columns=["entry", "status", "kind", "who", "what", "found or happened", "outcome", "reported to",
                 "candidate"],
        rows=rows, findings=[], details=[c.model_dump(mode="json") for c in candidates])


# --------------------------------------------------------------------------- the audit committee report


def report_date(G: nx.MultiDiGraph, date_to: dt.date | None) -> dt.date | None:
    """The date the register's health is judged on: the period's end, else the latest date in the data."""
    if date_to is not None:
        return date_to
    dates: list[dt.date] = [m.date for _, m in views.nodes_of(G, "meeting")]
    dates += [d.date for _, d in views.nodes_of(G, "decision") if d.date is not None]  # undated: unknown
    dates += [views.gift(a).date for _, _, a in G.edges(data=True) if a.get("type") == "gift"]
    dates += [d for p in procurements.procurement_nodes(G) if (d := procurements.reference_date(G, p))]
    return max(dates) if dates else None


def _icb_people(G: nx.MultiDiGraph, on: dt.date) -> list[str]:
    """People holding a seat on a body owned by an ICB on ``on`` (members, not attendees)."""
    icb_bodies = {b for b, body in views.nodes_of(G, "body")
                  if any(ids.org(o) in G and str(views.organisation(G, ids.org(o)).kind) == OrgKind.icb.value
                         for o in body.owners)}
    out = set()
    for b in icb_bodies:
        for u, _, _, pos in views.in_edges(G, b, "position"):
            if pos.in_force(on) and pos.votes:
                out.add(u)
    return sorted(out)


def register_health(G: nx.MultiDiGraph, on: dt.date, months: int) -> tuple[list[str], list[str]]:
    """(interest ids in force on ``on`` not declared again for ``months``; people in post with no
    entry in force and no nil return in that time)."""
    since = on - dt.timedelta(days=months_to_days(months))
    stale, missing = [], []
    for person in _icb_people(G, on):
        entries = [a for _, _, _, a in views.out_edges(G, person, "interest") if in_force(a, on)]
        stale += [str(a.id) for a in entries if a.declared is not None and a.declared < since]
        nils = [a.date for _, _, _, a in views.out_edges(G, person, "nil_return") if since <= a.date <= on]
        if not entries and not nils:
            missing.append(ids.bare(person))
    return sorted(stale), missing


def committee_section(ctx: AuditContext) -> Section:
    """The report to the audit committee: breaches, gifts and hospitality, procurement conflicts, register health."""
    from coigraph.governance.gifts import gift_edges

    values = ctx.values or load_values()
    G = ctx.G
    rows: list[list[Cell]] = []
    # breaches in the period, by kind and outcome
    entries = [b for _n, b in register_entries(G) if str(b.status) == BreachStatus.confirmed.value
               and not (ctx.date_from and b.found < ctx.date_from) and not (ctx.date_to and b.found > ctx.date_to)]
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for b in entries:
        by_kind[str(b.kind)][str(b.outcome or "not recorded")] += 1
    for kind in sorted(by_kind):
        outcomes = by_kind[kind]
        rows.append(["breaches", humanise(kind), sum(outcomes.values()),
                     ", ".join(f"{humanise(o)} {n}" for o, n in sorted(outcomes.items()))])
    if not entries:
        rows.append(["breaches", "confirmed breaches", 0, "none in the register for this period"])
    open_ = [d for d in _section(ctx, "breaches").details if d.get("status") == "candidate"]
    rows.append(["breaches", "candidates awaiting a decision", len(open_), ", ".join(d["id"] for d in open_)])
    # gifts and hospitality
    gifts = [g for _u, _v, g in gift_edges(G, ctx.date_from, ctx.date_to)]
    for kind in ("gift", "hospitality", "sponsorship"):
        mine = [g for g in gifts if str(g.kind) == kind]
        if not mine:
            continue
        accepted = [g for g in mine if g.accepted is True]
        total = sum(g.value or 0 for g in accepted)
        unknown = sum(1 for g in accepted if g.value is None)
        rows.append(["gifts and hospitality", kind, len(mine),
                     f"{len(accepted)} accepted ({money(total)}"
                     + (f", {unknown} of unknown value" if unknown else "") + "), "
                     f"{sum(1 for g in mine if g.accepted is False)} declined"])
    kinds = Counter(f.kind for f in _section(ctx, "gifts").findings)
    rows.append(["gifts and hospitality", "findings", sum(kinds.values()),
                 _counted_kinds(kinds)])
    # procurement conflicts
    proc_section = _section(ctx, "procurement")
    kinds = Counter(f.kind for f in proc_section.findings)
    rows.append(["procurement", "procurements screened", len(proc_section.rows), ""])
    rows.append(["procurement", "conflicts and findings", sum(kinds.values()),
                 _counted_kinds(kinds)])
    # the register's health
    on = report_date(G, ctx.date_to)
    if on is not None:
        months = values.breaches.review_after_months
        stale, missing = register_health(G, on, months)
        rows.append(["register of interests", f"entries not declared again for {months} months "
                     f"(on {on.isoformat()})", len(stale), ", ".join(stale)])
        rows.append(["register of interests", "ICB board and committee members with no entry and no nil "
                     f"return in {months} months (on {on.isoformat()})", len(missing),
                     "; ".join(_name(G, ids.person(p)) for p in missing)])
    return Section(
        id="committee", title="Report to the audit committee",
        summary=("Breaches confirmed in the period by kind and outcome, candidates awaiting a decision, "
                 "gifts and hospitality totals, procurement conflicts and the health of the register of "
                 f"interests. Register review: {values.breaches.review_source}"),
        columns=["part", "measure", "count", "detail"], rows=rows, findings=[])


__all__ = ["Candidate", "draft_candidates", "reconcile_candidates", "register_entries",
           "breaches_section", "committee_section", "report_date", "register_health"]
