"""The checks on each link of a chain: the delegation's own lawfulness, sub-delegation, and, for
one decision, its dates and limit.

:func:`static_checks` and :func:`sub_checks` depend on the delegations alone
(the scheme audit and the powers query use them over a delegation's own
dates); :func:`link_findings` adds what depends on the decision (a link
expired, not yet in force, or under the decision's value), and
:func:`chain_score` ranks candidate chains by what is wrong with them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from coigraph import ids, views
from coigraph.delegation.chains import ChainPath, ChainSearch
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.findings import Finding, Severity, finding
from coigraph.model import EXEC_ROLES, NED_ROLES, TRUST_KINDS, Decision, OrgKind, Position
from coigraph.words import money


def is_ned(p: Position) -> bool:
    """A non-executive post: a NED, chair or vice chair, or an independent member not an executive."""
    return p.role in NED_ROLES or (bool(p.independent) and p.role not in EXEC_ROLES)


def is_exec(p: Position) -> bool:
    """An executive post."""
    return p.role in EXEC_ROLES


# ---------------------------------------------------------------------------
# Checks on one delegation (the same for every decision that uses it)
# ---------------------------------------------------------------------------


def static_checks(S: Scheme, d: DelegationEdge, rules: Rules, start: dt.date | None,
                  end: dt.date | None) -> list[Finding]:
    """Checks that depend on the delegation alone, over the period ``start``-``end``."""
    out: list[Finding] = []
    from_owners = S.owners(d.u)
    if rules.on("fts_delegation_to_ned") and ids.is_person(d.v):
        for org in from_owners:
            if S.org_kind(org) != OrgKind.foundation_trust:
                continue
            roles = S.roles_in(d.v, org, start, end)
            neds = [p for p in roles if is_ned(p)]
            if neds and not any(is_exec(p) for p in roles):
                role = ", ".join(sorted({str(p.role).replace("_", " ") for p in neds}))
                out.append(finding(
                    "fts_delegation_to_ned",
                    f"{S.label(d.u)} of {S.name(ids.org(org))}, a foundation trust, delegated "
                    f"'{', '.join(d.matters)}' to {S.label(d.v)}, who is its {role}. A foundation "
                    "trust board may delegate only to a committee of directors or to an executive "
                    "director, never to an individual non-executive or the chair.",
                    [d.src, *(p.src for p in neds)], delegation=d.id, person=ids.bare(d.v),
                    organisation=org))
    if from_owners and all(S.org_kind(o) == OrgKind.icb for o in from_owners):
        trusts: list[str] = []
        if ids.is_body(d.v):
            to_owners = S.owners(d.v)
            if not set(to_owners) & set(from_owners):
                trusts = [o for o in to_owners if S.org_kind(o) in TRUST_KINDS]
        g = rules.guidance.get("statutory_function_to_trust")
        if trusts and rules.on("statutory_function_to_trust", start, end):
            basis = d.statutory_basis
            out.append(finding(
                "statutory_function_to_trust",
                f"{S.label(d.u)} delegated '{', '.join(d.matters)}' to {S.label(d.v)} of "
                f"{', '.join(S.name(ids.org(t)) for t in trusts)}"
                + (f" under {basis}" if basis else "")
                + ". NHS England's delegation guidance says ICBs should not yet delegate their "
                "statutory functions to trusts"
                + (f" (rule applies from {g.since.isoformat()}: {g.source})" if g else "") + ".",
                [d.src], delegation=d.id, body=ids.bare(d.v), organisation=trusts[0]))
    return out


def delegation_parents(S: Scheme, d: DelegationEdge, matter: str) -> list[DelegationEdge]:
    """The delegations ``d`` passes on for ``matter``: its stated parent, else those into its maker."""
    if d.parent:
        p = S.delegs.get(str(d.parent))
        return [p] if p else []
    return S.into(d.u, matter)


def is_sub_delegation(S: Scheme, d: DelegationEdge) -> bool:
    """Is ``d`` a sub-delegation: passed on by a delegate rather than given by its own board?

    A committee or officer passing authority on always is.  A board passing on a
    function it received from another organisation (NHS England to an ICB) is
    not when it gives it to its own committee or officer: that is the
    organisation exercising the function through its own scheme; it is when it
    passes it to another organisation's body.
    """
    if d.parent:
        return True
    if not S.is_board(d.u):
        return True
    if ids.is_body(d.v):
        return not set(S.owners(d.v)) & set(S.owners(d.u))
    return False


def sub_checks(S: Scheme, d: DelegationEdge, parent: DelegationEdge, matter: str) -> list[Finding]:
    """Sub-delegation checks of ``d`` against the ``parent`` it passes on."""
    out: list[Finding] = []
    if parent.sub_delegation_allowed is None:  # blank: the scheme is silent, never a breach
        out.append(finding(
            "sub_delegation_not_stated",
            f"{S.label(d.u)} passed '{matter}' on to {S.label(d.v)} (delegation {d.id}); whether the "
            f"delegation it holds it under ({parent.id}) allows sub-delegation is not stated in the "
            "scheme as entered: to confirm against the scheme.", [d.src, parent.src], delegation=d.id))
    elif not parent.sub_delegation_allowed:
        out.append(finding(
            "sub_delegation_forbidden",
            f"{S.label(d.u)} passed '{matter}' on to {S.label(d.v)} (delegation {d.id}), but the "
            f"delegation it holds it under ({parent.id}, from {S.label(parent.u)}"
            + (f", {parent.instrument}" if parent.instrument else "")
            + ") does not allow sub-delegation.",
            [d.src, parent.src], delegation=d.id))
    if parent.limit is not None and (d.limit is None or d.limit > parent.limit):
        out.append(finding(
            "sub_delegation_limit_exceeds_parent",
            f"Delegation {d.id} passes '{matter}' to {S.label(d.v)} with {money(d.limit)}, more "
            f"than the {money(parent.limit)} its maker {S.label(d.u)} holds under {parent.id}.",
            [d.src, parent.src], delegation=d.id))
    return out


# ---------------------------------------------------------------------------
# Checks of a chain's links for one decision
# ---------------------------------------------------------------------------


@dataclass
class DecisionContext:
    """One decision being traced: the scheme, the rules, the decision's facts and the engines."""

    S: Scheme
    rules: Rules
    decision: str
    node: str
    dec: Decision
    decider: str
    matter: str
    date: dt.date
    value: float | None
    chains: ChainSearch
    #: The interest-path engine for the agenda screen (None: screening's own; see
    #: :func:`coigraph.screening.screen_meeting`'s ``path_finder``).
    path_finder: Any = None


def decision_context(S: Scheme, node: str, rules: Rules, chains: ChainSearch,
                     path_finder: Any = None) -> DecisionContext:
    """The context of decision node ``node``."""
    dec = views.decision(S.G, node)
    decider = ids.body(dec.by_body) if dec.by_body else ids.person(str(dec.by_person))
    return DecisionContext(S, rules, str(dec.id), node, dec, decider, str(dec.matter), dec.date,
                           dec.value, chains, path_finder)


def link_findings(ctx: DecisionContext, path: ChainPath) -> tuple[list[Finding], dict[str, list[str]]]:
    """Findings on the links of ``path`` for this decision, and the kinds by delegation id."""
    S, rules, out = ctx.S, ctx.rules, []
    src = ctx.dec.src
    for i, d in enumerate(path.links):
        about = {"decision": ctx.decision, "delegation": d.id}
        who = f"{S.label(d.u)} to {S.label(d.v)}"
        if d.end is not None and d.end < ctx.date and rules.on("expired"):
            out.append(finding(
                "expired", f"Link {i + 1} (delegation {d.id}, {who}) ended on "
                f"{d.end.isoformat()}, before the decision on {ctx.date.isoformat()}.",
                [d.src, src], **about))
        if d.start is not None and d.start > ctx.date and rules.on("not_yet_in_force"):
            out.append(finding(
                "not_yet_in_force", f"Link {i + 1} (delegation {d.id}, {who}) started on "
                f"{d.start.isoformat()}, after the decision on {ctx.date.isoformat()}.",
                [d.src, src], **about))
        if (ctx.value is not None and d.limit is not None and ctx.value > d.limit
                and rules.on("limit_exceeded")):
            out.append(finding(
                "limit_exceeded", f"The decision's value, {money(ctx.value)}, is over the "
                f"{money(d.limit)} limit of link {i + 1} (delegation {d.id}, {who}"
                + (f", {d.instrument}" if d.instrument else "") + ").",
                [d.src, src], **about))
        static = static_checks(S, d, rules, ctx.date, ctx.date)
        if i + 1 < len(path.links) and is_sub_delegation(S, d):
            static += [f for f in sub_checks(S, d, path.links[i + 1], ctx.matter) if rules.on(f.kind)]
        for f in static:
            out.append(f.model_copy(update={
                "decision": ctx.decision,
                "evidence": sorted({*f.evidence, *([src] if src else [])})}))
    by_link: dict[str, list[str]] = defaultdict(list)
    for f in out:
        if f.delegation:
            by_link[f.delegation].append(f.kind)
    return out, by_link


_WEIGHT = {Severity.unlawful: 1000, Severity.sord_breach: 100, Severity.against_guidance: 10,
           Severity.advisory: 1}


def chain_score(ctx: DecisionContext, path: ChainPath, cited: str | None) -> tuple:
    """How good a candidate chain is (lower is better): complete first, then the least serious
    findings, then the delegation the decision cites, then the shortest, then by ids."""
    fs, _ = link_findings(ctx, path)
    return (not path.complete, sum(_WEIGHT[f.severity] for f in fs),
            0 if (cited and path.links and path.links[0].id == cited) else 1,
            len(path.links), tuple(d.id for d in path.links))


__all__ = ["is_ned", "is_exec", "static_checks", "delegation_parents", "is_sub_delegation",
           "sub_checks", "DecisionContext", "decision_context", "link_findings", "chain_score"]
