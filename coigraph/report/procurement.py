"""Render a procurement's conflicts assessment: terminal, JSON, CSV, Markdown and HTML.

The assessment reads as the authority keeps it: the procurement and the law
that applies, its stages with who acted and which bidders were considered at
each, the decision-makers, then the conflicts (who, what interest, which
bidder, what mitigation, when reviewed) and the findings.  User data is
escaped as everywhere else: Markdown through :func:`md`, HTML by the one
Jinja environment (autoescaped), CSV injection-safe, terminal text with rich
markup off.  Registered for :class:`ProcurementAssessment` in the one registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coigraph import words
from coigraph.governance.procurement import Conflict, ProcurementAssessment
from coigraph.output import render_table, to_csv
from coigraph.report.delegation import _finding_lines, _findings_md, _wrap
from coigraph.report.json_text import to_json
from coigraph.report.markdown import md, md_table
from coigraph.report.registry import register
from coigraph.templates import environment

money, period, humanise = words.money, words.period, words.humanise

CSV_HEADER = ["procurement", "person", "person_name", "roles", "bidder", "bidder_name", "kind", "stages",
              "interest", "level", "action", "rule_id", "management", "mitigation", "declared",
              "declared_conflict", "excluded", "identified", "identified_late", "reviewed", "evidence"]


def _yes_no(v: bool | None) -> str:
    return {True: "yes", False: "no", None: "not recorded"}[v]


def _d(v: Any) -> str:
    return v.isoformat() if v is not None else ""


def _stages(stages: Iterable[Any]) -> str:
    return ", ".join(humanise(s) for s in stages)


def head_rows(a: ProcurementAssessment) -> list[tuple[str, str]]:
    """The procurement's particulars, as (label, value) rows."""
    p = a.procurement
    award = "; ".join(x for x in (
        f"decision {p.decision}" if p.decision else "", f"item {p.item}" if p.item else "",
        f"meeting {p.meeting}" if p.meeting else "", p.award_date.isoformat() if p.award_date else "") if x)
    return [
        ("Procurement", f"{p.title} ({p.id})"),
        ("Buyer", f"{p.buyer_name} ({p.buyer})"),
        ("Regime", p.regime_text),
        ("Conflicts law", p.law),
        ("Value", money(p.value, none="not recorded")),
        ("Award", award or "not decided in the data"),
        ("Decided by (body)", f"{p.decided_by_name} ({p.decided_by})" if p.decided_by else "not recorded"),
        ("Notice", " ".join(x for x in (p.notice or "", p.notice_date.isoformat() if p.notice_date else "")
                            if x) or "not recorded"),
        ("Conflicts assessment", p.conflicts_assessment.isoformat() if p.conflicts_assessment else "not recorded"),
        ("Conflicts statement", p.conflicts_statement or "not recorded"),
        ("Source", p.source or "not recorded"),
        ("Evidence", p.evidence or "none recorded"),
        ("Decision-makers", ("recorded: " + ", ".join(a.decision_makers.people) + f" ({a.decision_makers.how})")
         if a.decision_makers.recorded else f"NOT RECORDED: {a.decision_makers.how}"),
    ]


def stage_rows(a: ProcurementAssessment) -> list[list[str]]:
    return [[humanise(s.stage), period(s.start, s.end) if (s.start or s.end) else "not recorded",
             s.meeting or "", ", ".join(s.participants), ", ".join(s.bidders),
             s.screened_on.isoformat() if s.screened_on else "not screened", s.evidence or ""]
            for s in a.stages]


def participant_rows(a: ProcurementAssessment) -> list[list[str]]:
    return [[f"{r.name} ({r.person})", humanise(r.role), _stages(r.stages), r.recorded_as,
             _d(r.declared), _yes_no(r.declared_conflict), _yes_no(r.excluded), r.mitigation or "",
             _d(r.identified), _d(r.reviewed), ", ".join(r.evidence)] for r in a.participants]


def bidder_rows(a: ProcurementAssessment) -> list[list[str]]:
    return [[f"{b.name} ({b.organisation})", _stages(b.stages), "yes" if b.incumbent else "",
             str(b.outcome.value if b.outcome else "not recorded"), ", ".join(b.evidence)] for b in a.bidders]


def _verdict(c: Conflict) -> str:
    return (f"{humanise(c.level)}: {c.action_text}"
            + (" (the least for this role or situation)" if c.least_action else ""))


def conflict_rows(a: ProcurementAssessment) -> list[list[str]]:
    """The conflicts assessment: who, what interest, which bidder, what to do, what was done, when reviewed."""
    return [[f"{c.person_name} ({c.person})", ", ".join(humanise(r) for r in c.roles),
             f"{c.organisation_name} ({c.organisation})", c.interest, _stages(c.stages), _verdict(c),
             humanise(c.management) + ": " + c.management_text,
             _d(c.identified) + (" (late)" if c.identified_late else ""), _d(c.reviewed)]
            for c in a.conflicts]


_STAGE_HEAD = ["stage", "dates", "meeting", "acting", "bidders considered", "screened on", "evidence"]
_PART_HEAD = ["person", "role", "stages", "recorded as", "declared", "declared a conflict", "excluded",
              "mitigation", "identified", "reviewed", "evidence"]
_BID_HEAD = ["bidder or provider", "stages", "incumbent", "outcome", "evidence"]
_CONF_HEAD = ["who", "role", "bidder", "what interest", "stages", "policy", "mitigation (as recorded)",
              "identified", "reviewed"]


@register(ProcurementAssessment, "table")
def assessment_text(a: ProcurementAssessment) -> str:
    """The assessment in the terminal: particulars, then tables, then findings."""
    title = f"Conflicts assessment: {a.procurement.title} ({a.procurement.id})"
    out = _wrap([title, "=" * len(title), *[f"{k + ':':<22} {v}" for k, v in head_rows(a)], ""])
    out += render_table("Stages", _STAGE_HEAD, stage_rows(a))
    if a.participants:
        out += render_table("People acting", _PART_HEAD, participant_rows(a))
    if a.bidders:
        out += render_table("Bidders or providers considered", _BID_HEAD, bidder_rows(a))
    if a.conflicts:
        out += render_table("Conflicts (who, what interest, which bidder, what mitigation, when reviewed)",
                      _CONF_HEAD, conflict_rows(a))
    else:
        out += _wrap(["Conflicts: none found between the people acting and the bidders at any stage screened."])
    lines = [f"Findings ({len(a.findings)})"] + _finding_lines(a.findings) if a.findings else ["Findings: none."]
    if a.notes:
        lines += ["", "Notes"] + [f"  - {n}" for n in a.notes]
    return out + _wrap(lines)


@register(ProcurementAssessment, "json")
def assessment_json(a: ProcurementAssessment) -> str:
    """The documented JSON (docs/procurement.md)."""
    return to_json(a)


@register(ProcurementAssessment, "csv")
def assessment_csv(a: ProcurementAssessment) -> str:
    """One row per conflict (injection-safe)."""
    rows = [[a.procurement.id, c.person, c.person_name, ";".join(c.roles), c.organisation, c.organisation_name,
             c.kind, ";".join(s.value for s in c.stages), c.interest, c.level.value, c.action.value, c.rule_id,
             c.management, c.mitigation or "", _d(c.declared), _yes_no(c.declared_conflict),
             _yes_no(c.excluded), _d(c.identified), "yes" if c.identified_late else "no", _d(c.reviewed),
             ";".join(c.evidence)] for c in a.conflicts]
    return to_csv(CSV_HEADER, rows)


@register(ProcurementAssessment, "markdown")
def assessment_markdown(a: ProcurementAssessment) -> str:
    out = [f"# Conflicts assessment: {md(a.procurement.title)} ({md(a.procurement.id)})", "",
           md_table(["", ""], head_rows(a)), "## Stages", "", md_table(_STAGE_HEAD, stage_rows(a))]
    if a.participants:
        out += ["## People acting", "", md_table(_PART_HEAD, participant_rows(a))]
    if a.bidders:
        out += ["## Bidders or providers considered", "", md_table(_BID_HEAD, bidder_rows(a))]
    out += ["## Conflicts", ""]
    out += [md_table(_CONF_HEAD, conflict_rows(a))] if a.conflicts else ["None found.", ""]
    out += _findings_md(a.findings)
    if a.notes:
        out += ["## Notes", ""] + [f"* {md(n)}" for n in a.notes] + [""]
    return "\n".join(out)


@register(ProcurementAssessment, "html")
def assessment_html(a: ProcurementAssessment) -> str:
    """A self-contained page (autoescaped, no scripts, nothing fetched)."""
    from coigraph.report.delegation import _about

    env = environment()
    env.globals.update(about=_about)
    return env.get_template("procurement.html.j2").render(
        a=a, head=head_rows(a), stage_head=_STAGE_HEAD, stages=stage_rows(a), part_head=_PART_HEAD,
        parts=participant_rows(a), bid_head=_BID_HEAD, bids=bidder_rows(a), conf_head=_CONF_HEAD,
        conflicts=conflict_rows(a))


__all__ = ["assessment_text", "assessment_json", "assessment_csv", "assessment_markdown", "assessment_html",
           "head_rows", "conflict_rows", "CSV_HEADER"]
