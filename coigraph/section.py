"""One section of the audit report, and what a section builder is given.

A section builder is a function ``build(ctx: AuditContext) -> Section``.
The builders live beside the analyses they report (the delegation sections
in :mod:`coigraph.delegation.sections`, the governance ones in
:mod:`coigraph.governance.sections`); :mod:`coigraph.audit` lists them, in
order, and assembles the report.  This module sits below all of them, so
none imports the audit that lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from coigraph.delegation.chains import ChainSearch, search_chains
from coigraph.delegation.results import Trace
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import Scheme
from coigraph.delegation.trace import trace_all
from coigraph.findings import Finding

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


@dataclass
class AuditContext:
    """What section builders get: the graph, the period, the rules, and shared results (cached)."""

    G: nx.MultiDiGraph
    rules: Rules = field(default_factory=Rules)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    progress: Any = None
    composition_rules: str | None = None  # a composition rules file (None: the bundled one)
    #: The chain-search engine the decisions are traced with (the in-memory one by default).
    chains: ChainSearch = search_chains
    #: Policy values for procurements, gifts and breaches (:mod:`coigraph.governance.values`;
    #: None: the bundled ones).
    values: Any = None
    #: The sections built so far, by id (a later section may read an earlier one's findings).
    built: dict[str, Section] = field(default_factory=dict)
    #: The dataset as the command line named it, for the commands that reproduce a finding.
    data: str = "DATA"

    @cached_property
    def scheme(self) -> Scheme:
        return Scheme.of(self.G)

    @cached_property
    def traces(self) -> list[Trace]:
        """Every decision in the period, traced once and shared by the sections."""
        return trace_all(self.G, rules=self.rules, date_from=self.date_from, date_to=self.date_to,
                         progress=self.progress, chains=self.chains)


SectionBuilder = Callable[[AuditContext], Section]

__all__ = ["Cell", "Section", "AuditContext", "SectionBuilder"]
