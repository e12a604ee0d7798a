"""The audit report: one document made of sections, each built by a registered function.

``coigraph audit DATA`` assembles every registered section in order.  This
module registers two: every decision traced to its accountable board
(``decisions``), and the checks on the scheme of delegation itself
(``scheme``).  Other analyses add theirs without touching this file's
assembly or any renderer:

Extension point::

    from coigraph.audit import AuditContext, Section, register_section

    @register_section("composition", order=30)
    def composition_section(ctx: AuditContext) -> Section:
        ...  # ctx.G, ctx.date_from, ctx.date_to, ctx.rules, ctx.traces, ctx.scheme
        return Section(id="composition", title="Board composition", summary="...",
                       columns=[...], rows=[...], findings=[...])

A :class:`Section` is rendered generically (title, summary, a table, its
findings), so a new section appears in every output format at once.  Findings
are :class:`coigraph.delegation.Finding` records: a section with its own kinds
builds them directly (``kind`` is free text; ``severity`` one of unlawful,
sord_breach, against_guidance, advisory; ``meeting``, ``body``, ``person``,
``organisation`` say what it is about).

The report's top-level ``findings`` is every section's findings, de-duplicated
and sorted; ``counts`` gives their number by severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from coigraph.delegation import (
    KINDS,
    SEVERITY_RANK,
    Finding,
    Rules,
    Scheme,
    Severity,
    Trace,
    audit_scheme,
    dedupe,
    money,
    period,
    trace_all,
)
from coigraph.errors import UsageError

Cell = str | int | float | None


class Section(BaseModel):
    """One section of the audit: a table of what was checked, and what was found."""

    id: str
    title: str
    summary: str
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Cell]] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    details: list[dict[str, Any]] = Field(default_factory=list)


class AuditReport(BaseModel):
    """The whole audit: the period covered, the sections and every finding."""

    dataset: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sections: list[Section]
    counts: dict[str, int]
    verdict: str
    findings: list[Finding]


@dataclass
class AuditContext:
    """What section builders get: the graph, the period, the rules, and shared results (cached)."""

    G: nx.MultiDiGraph
    rules: Rules = field(default_factory=Rules)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    progress: Any = None
    composition_rules: str | None = None  # a composition rules file (None: the bundled one)

    @cached_property
    def scheme(self) -> Scheme:
        return Scheme.of(self.G)

    @cached_property
    def traces(self) -> list[Trace]:
        """Every decision in the period, traced once and shared by the sections."""
        return trace_all(self.G, rules=self.rules, date_from=self.date_from, date_to=self.date_to,
                         progress=self.progress)


SectionBuilder = Callable[[AuditContext], Section]


@dataclass(frozen=True)
class _Registered:
    id: str
    order: int
    build: SectionBuilder


SECTIONS: dict[str, _Registered] = {}


def register_section(section_id: str, *, order: int) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register ``build(ctx) -> Section`` as audit section ``section_id``, placed by ``order``."""

    def deco(build: SectionBuilder) -> SectionBuilder:
        SECTIONS[section_id] = _Registered(section_id, order, build)
        return build

    return deco


def section_ids() -> list[str]:
    """Registered section ids, in report order."""
    return [s.id for s in sorted(SECTIONS.values(), key=lambda s: (s.order, s.id))]


def build_audit(G: nx.MultiDiGraph, *, rules: Rules | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None, sections: list[str] | None = None,
                progress: Any = None, composition_rules: str | None = None) -> AuditReport:
    """Build the audit report of ``G``: every registered section (or those named), in order.

    ``date_from``/``date_to`` limit the decisions (and any dated check a
    section makes) to a period.  Raises UsageError for an unknown section or
    a period that ends before it starts.
    """
    if date_from and date_to and date_to < date_from:
        raise UsageError(f"the period ends ({date_to.isoformat()}) before it starts "
                         f"({date_from.isoformat()}); check --from and --to")
    wanted = section_ids()
    if sections is not None:
        unknown = [s for s in sections if s not in SECTIONS]
        if unknown:
            raise UsageError(f"unknown audit section '{unknown[0]}'; the sections are: "
                             + ", ".join(wanted))
        wanted = [s for s in wanted if s in sections]
    ctx = AuditContext(G, rules or Rules(), date_from, date_to, progress, composition_rules)
    built = [SECTIONS[s].build(ctx) for s in wanted]
    findings = dedupe(f for s in built for f in s.findings)
    counts = {str(sev): sum(1 for f in findings if f.severity == sev) for sev in Severity}
    verdict = (min(findings, key=lambda f: SEVERITY_RANK[f.severity]).severity.value
               if findings else "sound")
    return AuditReport(dataset=str(G.graph.get("name") or ""), date_from=date_from, date_to=date_to,
                       sections=built, counts=counts, verdict=verdict, findings=findings)


# ---------------------------------------------------------------------------
# The delegation sections
# ---------------------------------------------------------------------------


@register_section("decisions", order=10)
def decisions_section(ctx: AuditContext) -> Section:
    """Every decision traced to its accountable board(s), one row each."""
    rows: list[list[Cell]] = []
    for t in ctx.traces:
        d = t.decision
        boards = sorted({c.accountable_board or "" for c in t.chains if c.complete} - {""})
        rows.append([d.id, d.date.isoformat(), d.by_name, d.matter,
                     money(d.value) if d.value is not None else "",
                     "; ".join(d.on_behalf_of), "; ".join(boards) or "(none reached)",
                     t.verdict, ", ".join(sorted({f.kind for f in t.findings}))])
    bad = sum(1 for t in ctx.traces if t.findings)
    n = len(ctx.traces)
    summary = (f"{n} decision{'s' if n != 1 else ''} traced from the decider up to the accountable "
               f"board; {bad} with findings." if n else "No decisions in the data for this period.")
    return Section(
        id="decisions", title="Decisions traced to their accountable board", summary=summary,
        columns=["decision", "date", "decided by", "matter", "value", "for", "accountable board",
                 "verdict", "findings"],
        rows=rows, findings=[f for t in ctx.traces for f in t.findings],
        details=[t.model_dump(mode="json") for t in ctx.traces])


@register_section("scheme", order=20)
def scheme_section(ctx: AuditContext) -> Section:
    """The scheme of delegation, one row per delegation, with the checks on the scheme itself.

    A problem with a delegation already reported against a decision that
    relied on it is not reported a second time here.
    """
    S = ctx.scheme
    reported = {(f.kind, f.delegation) for t in ctx.traces for f in t.findings if f.delegation}
    findings = [f for f in audit_scheme(ctx.G, rules=ctx.rules, scheme=S)
                if (f.kind, f.delegation) not in reported or not f.delegation]
    by_deleg: dict[str, list[str]] = {}
    for f in findings:
        if f.delegation:
            by_deleg.setdefault(f.delegation, []).append(f.kind)
    rows: list[list[Cell]] = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        rows.append([d.id, S.name(d.u), S.name(d.v), "; ".join(d.matters), money(d.limit),
                     period(d.start, d.end), d.a.get("statutory_basis") or "",
                     d.a.get("instrument") or "", ", ".join(sorted(set(by_deleg.get(did, []))))])
    kinds = sorted(k for k, v in KINDS.items() if v.scope in ("scheme", "both"))
    return Section(
        id="scheme", title="The scheme of delegation",
        summary=(f"{len(S.delegs)} delegation{'s' if len(S.delegs) != 1 else ''} checked for: "
                 + ", ".join(kinds) + "."),
        columns=["delegation", "from", "to", "matters", "limit", "in force", "statutory basis",
                 "instrument", "findings"],
        rows=rows, findings=findings)


__all__ = ["AuditContext", "AuditReport", "Section", "SECTIONS", "register_section", "section_ids",
           "build_audit"]

# Governance health sections (composition, minutes) register themselves on import.
from coigraph import governance as _governance  # noqa: E402,F401
