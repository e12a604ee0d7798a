"""Governance health sections of the audit report: board composition and minutes reconciliation.

Listed, in order, by :data:`coigraph.audit.SECTIONS`, so ``coigraph audit``
and :func:`coigraph.audit.build_audit` include them:

* ``composition``: every ICB board checked against the composition rules
  (:mod:`coigraph.governance.composition`) on the last day of the period (or
  the date of the latest meeting in the data), and every meeting in the
  period checked for members sitting without an appointment in force;
* ``minutes``: every minuted meeting in the period reconciled with its screen
  (:mod:`coigraph.governance.minutes`).  A withdrawal the minutes lack is
  reported here once per person (``withdrawal_not_minuted``); the decisions
  section says, once per decision, that conflicted members were counted
  (``conflicted_member_counted``): two statements at two levels.

Each finding carries the command that reproduces it.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from coigraph import ids, views
from coigraph.findings import Finding, Severity, finding
from coigraph.governance.composition import check_composition, icb_boards, load_composition_rules
from coigraph.governance.minutes import minuted_meetings, read_minutes, reconcile_meeting
from coigraph.screening import screen_meeting
from coigraph.section import AuditContext, Cell, Section


def composition_date(G: nx.MultiDiGraph, date_to: dt.date | None) -> dt.date | None:
    """The date composition is judged on: the period's end, else the latest ICB board meeting."""
    if date_to is not None:
        return date_to
    dates = [views.meeting(G, m).date for board in icb_boards(G)
             for m, _, _, _ in views.in_edges(G, board, "meeting_of")]
    return max(dates) if dates else None


def composition_section(ctx: AuditContext) -> Section:
    """ICB board composition on the period's end date, and appointments in force at each meeting."""
    on = composition_date(ctx.G, ctx.date_to)
    boards = icb_boards(ctx.G)
    if on is None or not boards:
        return Section(id="composition", title="ICB board composition",
                       summary="No ICB board (or no date to judge it on) in the data.")
    period = (ctx.date_from or dt.date.min, ctx.date_to or dt.date.max)
    rules = load_composition_rules(ctx.composition_rules)
    found = check_composition(ctx.G, on, rules=rules, period=period)
    # each rule is the registered kind composition.<rule id>: severity and basis come from it
    findings = [finding(
        f"composition.{c.kind}", c.explanation + f" (judged on {c.date.isoformat()})",
        [e.src for e in c.evidence], body=ids.bare(c.body),
        person=ids.bare(c.people[0]) if len(c.people) == 1 else None,
    ) for c in found]
    # a rule that depends on a blank is advisory and to confirm (issue 14), whatever its severity
    findings = [f.model_copy(update={"severity": Severity.advisory, "to_confirm": True}) if c.to_confirm
                else f for f, c in zip(findings, found, strict=True)]
    rows: list[list[Cell]] = []
    by_rule = {c.kind for c in found}
    for rule in rules:
        rows.append([f"composition.{rule.id}", " ".join(rule.text.split()),
                     "finding" if rule.id in by_rule else "met", " ".join((rule.basis or "").split())])
    return Section(
        id="composition", title="ICB board composition",
        summary=(f"{len(boards)} ICB board{'s' if len(boards) != 1 else ''} checked against "
                 f"{len(rules)} rules on {on.isoformat()}; {len(findings)} finding"
                 f"{'s' if len(findings) != 1 else ''}. Reproduce: coigraph audit {ctx.data} "
                 f"--section composition --to {on.isoformat()}"),
        columns=["rule", "requirement", "result", "basis"], rows=rows, findings=findings,
    )


def minutes_section(ctx: AuditContext) -> Section:
    """Each minuted meeting in the period, reconciled with its screen as at the meeting date."""
    rows: list[list[Cell]] = []
    findings: list[Finding] = []
    for m in minuted_meetings(ctx.G, ctx.date_from, ctx.date_to):
        mid = ids.bare(m)
        screen = screen_meeting(ctx.G, mid)
        mins = read_minutes(ctx.G, m)
        mine = reconcile_meeting(ctx.G, mid, screen=screen, minutes=mins)
        expected = sum(len(i.people) for i in screen.items)
        rows.append([mid, views.meeting(ctx.G, m).date.isoformat(), expected,
                     sum(len(v) for v in mins.declared.values()) + len(mins.meeting_declared),
                     ", ".join(sorted(mins.blanket)) or "", len(mine),
                     f"coigraph screen {ctx.data} --meeting {mid}"])
        findings.extend(mine)
    n = len(rows)
    return Section(
        id="minutes", title="Minutes against the screen",
        summary=(f"{n} minuted meeting{'s' if n != 1 else ''} compared with what the screen, run as at "
                 f"each meeting's date, said should be declared and who should withdraw; "
                 f"{len(findings)} discrepanc{'y' if len(findings) == 1 else 'ies'}."
                 if n else "No minutes in the data for this period."),
        columns=["meeting", "date", "conflicts foreseen", "declarations minuted", "blanket declarations",
                 "discrepancies", "reproduce"],
        rows=rows, findings=findings,
    )


__all__ = ["composition_date", "composition_section", "minutes_section"]
