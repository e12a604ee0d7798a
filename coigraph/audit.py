"""The audit report: one document made of sections, each built by a function listed here.

``coigraph audit DATA`` assembles every section of :data:`SECTIONS` in order:

==============  ==========================================  =====================================
id              what                                        built by
==============  ==========================================  =====================================
``decisions``   every decision traced to its board          :mod:`coigraph.delegation.sections`
``scheme``      the scheme of delegation checked as a whole :mod:`coigraph.delegation.sections`
``composition`` ICB board composition                       :mod:`coigraph.governance.sections`
``minutes``     minutes against the screen                  :mod:`coigraph.governance.sections`
``procurement`` procurements, every stage screened          :mod:`coigraph.governance.procurement`
``gifts``       gifts, hospitality and sponsorship          :mod:`coigraph.governance.gifts`
``breaches``    the breaches register and its candidates    :mod:`coigraph.governance.breaches`
``committee``   the report to the audit committee           :mod:`coigraph.governance.breaches`
==============  ==========================================  =====================================

The list is written out here, so the report's contents can be read in one
place and nothing depends on what happens to have been imported.  The
builders import only :mod:`coigraph.section` (the :class:`Section` record and
the :class:`AuditContext` they are given), never this module, so there is no
import cycle.  Code outside coigraph adds its own section without touching
this file or any renderer:

Extension point::

    from coigraph.audit import AuditContext, Section, register_section

    @register_section("procurement", order=50)
    def procurement_section(ctx: AuditContext) -> Section:
        ...  # ctx.G, ctx.date_from, ctx.date_to, ctx.rules, ctx.traces, ctx.scheme
        return Section(id="procurement", title="Procurement", summary="...",
                       columns=[...], rows=[...], findings=[...])

A :class:`Section` is rendered generically (title, summary, a table, its
findings), so a new section appears in every output format at once.  Findings
are :class:`coigraph.findings.Finding` records of registered kinds
(:func:`coigraph.findings.finding`); ``meeting``, ``body``, ``person``,
``organisation`` say what each is about.

The report's top-level ``findings`` is every section's findings, de-duplicated
and sorted; ``counts`` gives their number by severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from coigraph.delegation.chains import ChainSearch, search_chains
from coigraph.delegation.rules import Rules
from coigraph.delegation.sections import decisions_section, scheme_section
from coigraph.errors import UsageError
from coigraph.findings import Finding, Severity, dedupe, verdict
from coigraph.governance.breaches import breaches_section, committee_section
from coigraph.governance.gifts import gifts_section
from coigraph.governance.procurement import procurement_section
from coigraph.governance.sections import composition_section, minutes_section
from coigraph.section import AuditContext, Cell, Section, SectionBuilder


class AuditReport(BaseModel):
    """The whole audit: the period covered, the sections and every finding."""

    dataset: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sections: list[Section]
    counts: dict[str, int]
    verdict: str
    findings: list[Finding]
    in_scope: int | None = Field(None, description="How many things the sections checked (their "
                                 "rows: decisions, delegations, rules, meetings); 0: nothing to "
                                 "audit, and the verdict says nothing.")
    names: dict[str, str] = Field(default_factory=dict, description="The name of each person, "
                                  "organisation, body, meeting and matter the rows and findings "
                                  "name by id.")


@dataclass(frozen=True)
class _Registered:
    id: str
    order: int
    build: SectionBuilder


#: The sections of the audit by id, placed by ``order``: coigraph's own, listed here, then any
#: added with :func:`register_section`.
SECTIONS: dict[str, _Registered] = {s.id: s for s in (
    _Registered("decisions", 10, decisions_section),
    _Registered("scheme", 20, scheme_section),
    _Registered("composition", 30, composition_section),
    _Registered("minutes", 40, minutes_section),
    _Registered("procurement", 50, procurement_section),
    _Registered("gifts", 60, gifts_section),
    _Registered("breaches", 70, breaches_section),
    _Registered("committee", 80, committee_section),
)}


def register_section(section_id: str, *, order: int) -> Callable[[SectionBuilder], SectionBuilder]:
    """Add ``build(ctx) -> Section`` as audit section ``section_id``, placed by ``order``."""

    def deco(build: SectionBuilder) -> SectionBuilder:
        SECTIONS[section_id] = _Registered(section_id, order, build)
        return build

    return deco


def section_ids() -> list[str]:
    """Section ids, in report order."""
    return [s.id for s in sorted(SECTIONS.values(), key=lambda s: (s.order, s.id))]


def build_audit(G: nx.MultiDiGraph, *, rules: Rules | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None, sections: list[str] | None = None,
                progress: Any = None, composition_rules: str | None = None,
                chains: ChainSearch = search_chains, values: Any = None,
                data: str | None = None) -> AuditReport:
    """Build the audit report of ``G``: every section (or those named), in order.

    ``date_from``/``date_to`` limit the decisions (and any dated check a
    section makes) to a period; ``chains`` is the chain-search engine the
    decisions are traced with; ``values`` the policy values for procurements,
    gifts and breaches (:func:`coigraph.governance.values.load_values`; None:
    the bundled ones); ``data``: the dataset as the command line named it (the
    commands that reproduce a finding say it).  Raises UsageError for an
    unknown section or a period that ends before it starts.
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
    ctx = AuditContext(G, rules or Rules(), date_from, date_to, progress, composition_rules, chains,
                       values=values, data=data or "DATA")
    built = []
    for s in wanted:  # in order; a section may read those built before it (ctx.built)
        section = ctx.built.get(s) or SECTIONS[s].build(ctx)
        ctx.built[s] = section
        built.append(section)
    findings = dedupe(f for s in built for f in s.findings)
    counts = {str(sev): sum(1 for f in findings if f.severity == sev) for sev in Severity}
    return AuditReport(dataset=str(G.graph.get("name") or ""), date_from=date_from, date_to=date_to,
                       sections=built, counts=counts, verdict=verdict(findings), findings=findings,
                       in_scope=sum(checked(s) for s in built), names=_names(G, built, findings))


#: Sections that summarise the others (a row for each measure, zero or not): only the measures
#: with something in them count as checked.
SUMMARY_SECTIONS = frozenset({"committee"})


def checked(s: Section) -> int:
    """How many things a section checked: its rows; for a summary of other sections (the report
    to the audit committee), its measures that count something, so an audit of a period with
    nothing in it is still 'nothing to audit'."""
    if s.id in SUMMARY_SECTIONS:
        return sum(1 for row in s.rows if len(row) > 2 and isinstance(row[2], int) and row[2] > 0)
    return len(s.rows)


#: Node types whose ids the audit's rows and findings may name, tried in this order.
_NAMED = ("organisation", "body", "person", "meeting", "matter")


def _names(G: nx.MultiDiGraph, sections: list[Section], findings: list[Finding]) -> dict[str, str]:
    """Names for the ids in the sections' rows and in the findings (people, organisations,
    bodies, meetings, matters): the papers show words, the JSON keeps the ids."""
    from coigraph import ids
    from coigraph.graph import node_name

    wanted: set[str] = set()
    for s in sections:
        for row in s.rows:
            for cell in row:
                if isinstance(cell, str):
                    wanted.update(p.strip() for p in cell.replace(", ", "; ").split("; ") if p.strip())
    for f in findings:
        wanted.update(x for x in (f.organisation, f.body, f.person, f.meeting, *f.people) if x)
    out: dict[str, str] = {}
    for key in sorted(wanted):
        for t in _NAMED:
            node = ids.make(ids.PREFIX_BY_TYPE[t], key) if t in ids.PREFIX_BY_TYPE else None
            if node is not None and node in G and G.nodes[node].get("type") == t:
                name = node_name(G, node)
                if name and name != key:
                    out[key] = name
                break
    return out


__all__ = ["AuditContext", "AuditReport", "Section", "Cell", "SECTIONS", "register_section",
           "section_ids", "build_audit", "checked", "SUMMARY_SECTIONS", "decisions_section", "scheme_section",
           "composition_section", "minutes_section", "procurement_section", "gifts_section",
           "breaches_section", "committee_section"]
