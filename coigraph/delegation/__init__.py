"""Delegation chains: trace each decision to the board accountable for it, and audit the scheme.

A decision is lawful and within the rules only if the authority it was taken
under runs, unbroken, within its limits and dates, from whoever decided up to
the unitary board of each organisation whose function it was.  The links are
the dataset's ``delegations`` (graph edges of type ``delegation``, from the
delegating body to the delegate body or person).

Tracing walks *up* from the decider (a body or a person) through delegation
edges whose matters cover the decision's matter (a code covers its narrower
codes: ``contract_award`` covers ``contract_award.primary_care``), until it
reaches a board (a body of kind ``board``) that did not itself receive the
function from someone else.  A board that did (an ICB board holding NHS
England's primary care functions under s65Z5) is not the end: the chain goes
on to the board that delegated it, so such chains end at NHS England.

Each link is then checked against the decision (dates, limits,
sub-delegation, the law on foundation trusts, NHS England's guidance) and
each organisation the decision was taken for must be reached.  Everything
wrong is a :class:`Finding` with a stable ``kind`` code (see :data:`KINDS`),
a severity, the decision or delegation concerned, an explanation in words and
the evidence (``file:row`` of each record relied on).

Every search is bounded: at most ``Rules.max_depth`` links per chain and
``Rules.max_chains`` chains explored per decision, so circular or very deep
schemes always terminate.

The package, one concept a module, each importing only those before it:

==================  =========================================================
``rules``           the kinds (from the findings registry), dated guidance, bounds
``scheme``          the scheme indexed once per graph (:class:`Scheme`)
``procurement``     quotation and tender thresholds: the band a value falls in, and whether met
``results``         the records a trace reports (Link, Chain, DecisionInfo, MayApprove, Trace)
``holders``         who holds a post, is in a class of posts or meets a joint authority, on a date
``chains``          the chain search and its protocol (:class:`ChainSearch`)
``checks``          the checks on each link of a chain
``approvers``       :func:`who_may_approve`: every holder who may approve matter M for £X on D
``forums``          the checks on the deciding forum (representatives, conflicts)
``trace``           :func:`trace_decision`, :func:`trace_all`
``scheme_audit``    :func:`audit_scheme`
``powers``          :func:`powers_of`: what a committee, officer or post may decide
``sections``        the audit's decisions and scheme sections (listed by coigraph.audit)
==================  =========================================================

Example (a notebook)::

    from coigraph.graph import load_graph
    from coigraph.delegation import trace_decision
    G = load_graph("data/northshire")
    t = trace_decision(G, "D-2025-014")
    t.verdict, [f.kind for f in t.findings]
"""

from __future__ import annotations

from coigraph.delegation.approvers import who_may_approve
from coigraph.delegation.chains import ChainPath, ChainSearch, search_chains
from coigraph.delegation.checks import is_sub_delegation, static_checks, sub_checks
from coigraph.delegation.powers import ChainStep, Power, Powers, Reserved, powers_of
from coigraph.delegation.results import Approver, Chain, DecisionInfo, Link, MayApprove, Trace
from coigraph.delegation.rules import DEFAULT_GUIDANCE, KINDS, GuidanceRule, Kind, Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.delegation.scheme_audit import audit_scheme
from coigraph.delegation.trace import VERDICT_TEXT, decision_ids, trace_all, trace_decision
from coigraph.findings import SEVERITY_RANK, SOUND, Finding, FindingKind, Severity, dedupe, finding
from coigraph.words import money, period

__all__ = [
    "KINDS", "Kind", "FindingKind", "Severity", "SEVERITY_RANK", "SOUND", "Finding", "finding",
    "dedupe", "Rules", "GuidanceRule", "DEFAULT_GUIDANCE", "Link", "Chain", "DecisionInfo", "Trace",
    "Scheme", "DelegationEdge", "ChainPath", "ChainSearch", "search_chains", "static_checks",
    "sub_checks", "is_sub_delegation", "trace_decision", "trace_all", "decision_ids", "VERDICT_TEXT",
    "audit_scheme", "powers_of", "Powers", "Power", "Reserved", "ChainStep", "money", "period",
    "who_may_approve", "MayApprove", "Approver",
]
