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
from dataclasses import dataclass, field
from typing import Any

from coigraph import ids, views
from coigraph.delegation.chains import ChainPath, ChainSearch
from coigraph.delegation.holders import (
    capacities,
    holdings,
    meets,
    requirement_text,
    requirements,
)
from coigraph.delegation.rules import Rules, overlaps
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.findings import Finding, Severity, finding
from coigraph.model import EXEC_ROLES, NED_ROLES, TRUST_KINDS, Decision, OrgKind, Position
from coigraph.words import humanise, money, period


def _matters(S: Scheme, codes: list[str]) -> str:
    """A delegation's matters in words, each with its code."""
    return "; ".join(S.matter_words(m) for m in codes)

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
                    f"{_matters(S, d.matters)} to {S.label(d.v)}, who is its {role}. A foundation "
                    "trust board may delegate only to a committee of directors or to an executive "
                    "director, never to an individual non-executive or the chair.",
                    [d.src, *(p.src for p in neds)], delegation=d.id, person=ids.bare(d.v),
                    organisation=org))
    if rules.on("fts_delegation_to_ned") and ids.is_post(d.v):
        post = S.posts.get(ids.bare(d.v))
        roles = {str(r) for r in post.roles} if post is not None else set()
        fts = [o for o in from_owners if S.org_kind(o) == OrgKind.foundation_trust]
        if fts and roles and roles <= NED_ROLES:
            what = "class of posts" if S.is_class(ids.bare(d.v)) else "post"
            out.append(finding(
                "fts_delegation_to_ned",
                f"{S.label(d.u)} of {S.name(ids.org(fts[0]))}, a foundation trust, delegated "
                f"{_matters(S, d.matters)} to the {what} {S.label(d.v)}, a non-executive "
                f"{what} ({', '.join(sorted(humanise(r) for r in roles))}). A foundation trust "
                "board may delegate only to a committee of directors or to an executive director, "
                "never to an individual non-executive or the chair.",
                [d.src, post.src if post is not None else None], delegation=d.id,
                organisation=fts[0]))
    if from_owners and all(S.org_kind(o) == OrgKind.icb for o in from_owners) and ids.is_person(d.v):
        out += _person_delegate_checks(S, d, rules, from_owners, start, end)
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
                f"{S.label(d.u)} delegated {_matters(S, d.matters)} to {S.label(d.v)} of "
                f"{', '.join(S.name(ids.org(t)) for t in trusts)}"
                + (f" under {basis}" if basis else "")
                + ". NHS England's delegation guidance says ICBs should not yet delegate their "
                "statutory functions to trusts"
                + (f" (rule applies from {g.since.isoformat()}: {g.source})" if g else "") + ".",
                [d.src], delegation=d.id, body=ids.bare(d.v), organisation=trusts[0]))
    return out


def _trust_posts(S: Scheme, posts: list[Position]) -> list[tuple[str, Position]]:
    """(trust, post) for each post at an NHS trust or foundation trust, or on one of its bodies."""
    out = []
    for p in posts:
        # a seat on a body of several owners is for the owner the post names (the ICB's chief
        # executive on a joint committee with a trust sits for the ICB, not the trust)
        owners = S.owners(ids.body(p.body)) if p.body else []
        orgs = [p.organisation] if p.organisation else (owners if len(owners) == 1 else [])
        out += [(o, p) for o in sorted(set(orgs)) if S.org_kind(o) in TRUST_KINDS]
    return out


def _person_delegate_checks(S: Scheme, d: DelegationEdge, rules: Rules, icbs: list[str],
                            start: dt.date | None, end: dt.date | None) -> list[Finding]:
    """An ICB body delegating to a person: is the person one of the ICB's own (a member or an
    employee: any post at the ICB or on its bodies), and do they also hold a trust post?

    Judged only on posts the data gives for the period: a person with no post in the data is
    ``delegate_no_longer_exists``'s business, never a finding here (a blank is not a 'no').
    """
    posts = [p for p in S.positions.get(d.v, []) if overlaps(p.start, p.end, start, end)]
    if not posts:
        return []
    out: list[Finding] = []
    own = [p for o in icbs for p in S.roles_in(d.v, o, start, end)]
    trusts = _trust_posts(S, posts)
    icb_name = S.name(ids.org(icbs[0]))
    if not own and rules.on("delegation_outside_powers", start, end):
        held = "; ".join(sorted({f"{humanise(p.role)} at {S.name(ids.org(o))}" for o, p in trusts})
                         or {humanise(p.role) for p in posts})
        out.append(finding(
            "delegation_outside_powers",
            f"{S.label(d.u)} delegated {_matters(S, d.matters)} to {S.label(d.v)} (delegation {d.id}), "
            f"who holds no post at {icb_name} or on its bodies in the data for the period ({held}). An "
            "ICB may delegate to its own members, employees and committees; a delegation to anyone else "
            "is outside its powers (to confirm that no ICB appointment is missing from the data).",
            [d.src, *(p.src for p in posts)], delegation=d.id, person=ids.bare(d.v)))
    if trusts and rules.on("conflict_of_roles", start, end):
        held = "; ".join(sorted({f"{humanise(p.role)} at {S.name(ids.org(o))}" for o, p in trusts}))
        out.append(finding(
            "conflict_of_roles",
            f"{S.label(d.v)} decides ICB matters ({_matters(S, d.matters)}; delegation {d.id}) and also "
            f"holds a trust post ({held}): a conflict of roles for the ICB to record and manage. The "
            "delegation is to the person, not to the trust.",
            [d.src, *(p.src for _, p in trusts)], delegation=d.id, person=ids.bare(d.v),
            organisation=trusts[0][0]))
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
            f"{S.label(d.u)} passed {S.matter_words(matter)} on to {S.label(d.v)} (delegation {d.id}); whether the "
            f"delegation it holds it under ({parent.id}) allows sub-delegation is not stated in the "
            "scheme as entered: to confirm against the scheme.", [d.src, parent.src], delegation=d.id))
    elif not parent.sub_delegation_allowed:
        out.append(finding(
            "sub_delegation_forbidden",
            f"{S.label(d.u)} passed {S.matter_words(matter)} on to {S.label(d.v)} (delegation {d.id}), but the "
            f"delegation it holds it under ({parent.id}, from {S.label(parent.u)}"
            + (f", {parent.instrument}" if parent.instrument else "")
            + ") does not allow sub-delegation.",
            [d.src, parent.src], delegation=d.id))
    if parent.limit is not None and (d.limit is None or d.limit > parent.limit):
        out.append(finding(
            "sub_delegation_limit_exceeds_parent",
            f"Delegation {d.id} passes {S.matter_words(matter)} to {S.label(d.v)} with {money(d.limit)}, more "
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
    date: dt.date | None
    value: float | None
    chains: ChainSearch
    #: The interest-path engine for the agenda screen (None: screening's own; see
    #: :func:`coigraph.screening.screen_meeting`'s ``path_finder``).
    path_finder: Any = None
    #: The people who decided or signed (person nodes; empty for a body).
    signers: list[str] = field(default_factory=list)
    #: Where the chains start: the deciding body; or each signer, every post, class and joint
    #: authority they hold (see :func:`coigraph.delegation.holders.capacities`), and the delegate
    #: of the delegation the decision cites.
    capacities: list[str] = field(default_factory=list)


def decision_context(S: Scheme, node: str, rules: Rules, chains: ChainSearch,
                     path_finder: Any = None) -> DecisionContext:
    """The context of decision node ``node``."""
    dec = views.decision(S.G, node)
    signers = [ids.person(p) for p in dec.signers]
    decider = ids.body(dec.by_body) if dec.by_body else signers[0]
    if dec.by_body:
        caps = [decider]
    else:
        caps = capacities(S, signers, dec.date)
        cited = S.delegs.get(str(dec.delegation)) if dec.delegation else None
        if cited is not None and cited.v not in caps and (ids.is_post(cited.v)
                                                          or ids.is_joint_authority(cited.v)):
            caps.append(cited.v)
    return DecisionContext(S, rules, str(dec.id), node, dec, decider, str(dec.matter), dec.date,
                           dec.value, chains, path_finder, signers, caps)


def against_limit(value: float, limit: float, limit_vat: bool | None, value_vat: bool | None,
                  rate: float) -> str:
    """``over``, ``within`` or ``to_confirm``: ``value`` against ``limit``, like for like on VAT.

    Where the scheme says its limits include VAT and the value does not say it
    does (or says it does not), the comparable value lies between the value
    and the value plus VAT at ``rate``; where the limits exclude VAT and the
    value may include it, between the value less VAT and the value.  Only a
    certain answer is ``over`` or ``within``; otherwise ``to_confirm``.  Where
    the scheme says nothing about VAT the two are compared as they stand.
    """
    if limit_vat is True and value_vat is not True:
        lo, hi = value, value * (1 + rate)
    elif limit_vat is False and value_vat is not False:
        lo, hi = value / (1 + rate), value
    else:
        lo = hi = value
    if lo > limit:
        return "over"
    if hi <= limit:
        return "within"
    return "to_confirm"


def _vat_words(limit_vat: bool | None, value_vat: bool | None) -> str:
    if limit_vat is None:
        return ""
    lim = "the limit includes VAT" if limit_vat else "the limit excludes VAT"
    val = ("the value does not say whether it does" if value_vat is None
           else "the value includes it" if value_vat else "the value excludes it")
    return f" ({lim}; {val})"


def acting_as(ctx: DecisionContext, d: DelegationEdge) -> tuple[str | None, list[Finding]]:
    """For a link to a post, class or joint authority: how the signers held it, or the finding
    that they did not (only posts in the delegating body's own organisations count)."""
    S = ctx.S
    if not ctx.signers or not (ids.is_post(d.v) or ids.is_joint_authority(d.v)):
        return None, []
    orgs = set(S.owners(d.u)) or None
    about = {"decision": ctx.decision, "delegation": d.id}
    who = ", ".join(S.label(p) for p in ctx.signers)
    day = f"on {ctx.date.isoformat()}" if ctx.date else "at any date in the data"
    if ids.is_post(d.v):
        pid = ids.bare(d.v)
        hs = [h for p in ctx.signers for h in holdings(S, pid, person=p, on=ctx.date, orgs=orgs)]
        if hs:
            return "; ".join(h.text(S) for h in hs), []
        if not ctx.rules.on("not_post_holder"):
            return None, []
        others = holdings(S, pid, on=ctx.date, orgs=orgs)
        held = sorted({S.label(h.person) for h in others})
        what = "class of posts" if S.is_class(pid) else "post"
        text = (f"Delegation {d.id} ({S.label(d.u)}"
                + (f", {d.instrument}" if d.instrument else "")
                + f") is to the {what} {S.label(d.v)}, but {who} did not hold it {day}"
                + (f"; it was held by {', '.join(held)}" if held else "; nobody in the data held it")
                + ".")
        post = S.posts.get(pid)
        return None, [finding("not_post_holder", text,
                              [ctx.dec.src, d.src, post.src if post is not None else None,
                               *(h.position.src for h in others)], **about)]
    jid = ids.bare(d.v)
    jc = meets(S, jid, ctx.signers, on=ctx.date, orgs=orgs)
    if jc.met:
        return jc.text(S), []
    if not ctx.rules.on("joint_authority_not_met"):
        return jc.text(S), []
    needs = [requirement_text(S, g) for g in requirements(S, jid)]
    text = (f"Delegation {d.id} ({S.label(d.u)}" + (f", {d.instrument}" if d.instrument else "")
            + f") is to {S.label(d.v)}, which needs a different person for each of: "
            + "; ".join(needs) + f". It was signed {day} by {who}"
            + (f" ({jc.text(S)})" if jc.assigned else ", who holds none of those posts")
            + f". Missing: {'; '.join(jc.missing)}.")
    joint = S.joints.get(jid)
    return jc.text(S), [finding("joint_authority_not_met", text,
                                [ctx.dec.src, d.src, joint.src if joint is not None else None,
                                 *(h.position.src for _, h in jc.assigned)], **about)]


def link_findings(ctx: DecisionContext, path: ChainPath) -> tuple[list[Finding], dict[str, list[str]]]:
    """Findings on the links of ``path`` for this decision, and the kinds by delegation id."""
    S, rules, out = ctx.S, ctx.rules, []
    src = ctx.dec.src
    for i, d in enumerate(path.links):
        about = {"decision": ctx.decision, "delegation": d.id}
        who = f"{S.label(d.u)} to {S.label(d.v)}"
        if i == 0:
            out += acting_as(ctx, d)[1]
        if ctx.date is not None and d.end is not None and d.end < ctx.date and rules.on("expired"):
            out.append(finding(
                "expired", f"Link {i + 1} (delegation {d.id}, {who}) ended on "
                f"{d.end.isoformat()}, before the decision on {ctx.date.isoformat()}.",
                [d.src, src], **about))
        if (ctx.date is not None and d.start is not None and d.start > ctx.date
                and rules.on("not_yet_in_force")):
            out.append(finding(
                "not_yet_in_force", f"Link {i + 1} (delegation {d.id}, {who}) started on "
                f"{d.start.isoformat()}, after the decision on {ctx.date.isoformat()}.",
                [d.src, src], **about))
        if ctx.value is not None and d.limit is not None:
            vat = ctx.dec.value_includes_vat
            against = against_limit(ctx.value, d.limit, d.includes_vat, vat, rules.vat_rate)
            if against == "over" and rules.on("limit_exceeded"):
                out.append(finding(
                    "limit_exceeded", f"The decision's value, {money(ctx.value)}, is over the "
                    f"{money(d.limit)} limit of link {i + 1} (delegation {d.id}, {who}"
                    + (f", {d.instrument}" if d.instrument else "") + ")"
                    + _vat_words(d.includes_vat, vat) + ".",
                    [d.src, src], **about))
            elif against == "to_confirm" and rules.on("vat_to_confirm"):
                out.append(finding(
                    "vat_to_confirm", f"The decision's value, {money(ctx.value)}, against the "
                    f"{money(d.limit)} limit of link {i + 1} (delegation {d.id}, {who})"
                    + _vat_words(d.includes_vat, vat) + f": with VAT at {rules.vat_rate:.0%} it "
                    "may be over the limit or within it. To confirm whether the value includes VAT "
                    "(and whether VAT applies).", [d.src, src], **about))
        if d.within_budget_only and ctx.dec.within_budget is False and rules.on("outside_budget"):
            out.append(finding(
                "outside_budget", f"Link {i + 1} (delegation {d.id}, {who}"
                + (f", {d.instrument}" if d.instrument else "") + ") covers spending within an "
                "agreed budget only, and the decision records that it was not within budget: "
                "spending over budget needs the board's agreement.", [d.src, src], **about))
        if d.report_to and ctx.dec.reported_at and rules.on("reporting_duty_not_met"):
            out += _reporting(ctx, i, d)
        if ctx.date is None:  # the delegation's own dates stand in for the decision's
            static = static_checks(S, d, rules, d.start, d.end)
        else:
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


def _reporting(ctx: DecisionContext, i: int, d: DelegationEdge) -> list[Finding]:
    """The report the decision records against the duty of link ``i``: the right body, not before."""
    S = ctx.S
    mnode = ids.meeting(str(ctx.dec.reported_at))
    if mnode not in S.G:
        return []
    m = views.meeting(S.G, mnode)
    want = ids.body(str(d.report_to))
    wrong_body = ids.body(str(m.body)) != want
    early = ctx.date is not None and m.date < ctx.date
    if not (wrong_body or early):
        return []
    duty = (f"the {d.report_top_n} largest by value " if d.report_top_n else "decisions ")
    why = (f"a meeting of {S.label(ids.body(str(m.body)))}, not of {S.label(want)}" if wrong_body
           else f"held on {m.date.isoformat()}, before the decision on "
                f"{ctx.date.isoformat() if ctx.date else '?'}")
    text = (f"Link {i + 1} (delegation {d.id}" + (f", {d.instrument}" if d.instrument else "")
            + f") requires {duty}under it to be reported to {S.label(want)}; the decision records "
            f"that it was reported at {m.title or m.id} ({ids.bare(mnode)}), {why}.")
    return [finding("reporting_duty_not_met", text, [ctx.dec.src, d.src, m.src],
                    decision=ctx.decision, delegation=d.id, meeting=ids.bare(mnode))]


def link_notes(ctx: DecisionContext, path: ChainPath) -> dict[str, tuple[str | None, list[str]]]:
    """For each link of ``path``: how the decider held the delegate (link 1 to a post or joint
    authority), and what the data does not let coigraph check on it, to confirm."""
    S, dec = ctx.S, ctx.dec
    out: dict[str, tuple[str | None, list[str]]] = {}
    for i, d in enumerate(path.links):
        notes: list[str] = []
        if ctx.date is None and (d.start or d.end):
            notes.append(f"In force {period(d.start, d.end)}: the decision's date is not recorded.")
        if d.within_budget_only and dec.within_budget is None:
            notes.append("For spending within an agreed budget only: the decision does not say it "
                         "was within budget.")
        if (d.cumulative and not dec.project and ctx.value is not None and d.limit is not None
                and ctx.value <= d.limit):
            notes.append("The limit applies to a project's cumulative cost: the decision names no "
                         "project, so its other parts cannot be added up.")
        if d.report_to and not dec.reported_at:
            notes.append(f"To be reported to {S.label(ids.body(str(d.report_to)))}"
                         + (f" (the {d.report_top_n} largest by value)" if d.report_top_n else "")
                         + ": no report recorded.")
        if d.includes_vat is not None and ctx.value is not None and dec.value_includes_vat is None:
            notes.append(f"The limit {'includes' if d.includes_vat else 'excludes'} VAT: the "
                         "decision does not say whether its value does.")
        out[d.id] = (acting_as(ctx, d)[0] if i == 0 else None, notes)
    return out


_WEIGHT = {Severity.unlawful: 10000, Severity.sord_breach: 1000, Severity.policy_breach: 100,
           Severity.against_guidance: 10, Severity.advisory: 1}


def chain_score(ctx: DecisionContext, path: ChainPath, cited: str | None) -> tuple:
    """How good a candidate chain is (lower is better): complete first, then the least serious
    findings, then the delegation the decision cites, then one the decider actually held (a post
    they held, a joint authority met), then the shortest, then one whose first link's band holds
    the value, then the one whose first link has the highest limit (of a scheme's bands, the one
    the decider came closest to using rightly), then by ids."""
    fs, _ = link_findings(ctx, path)
    first = path.links[0].limit if path.links else None
    unheld = any(f.kind in ("not_post_holder", "joint_authority_not_met") for f in fs)
    in_band = bool(path.links and ctx.value is not None and path.links[0].in_band(ctx.value))
    return (not path.complete, sum(_WEIGHT[f.severity] for f in fs),
            0 if (cited and path.links and path.links[0].id == cited) else 1, unheld,
            len(path.links), not in_band, -(first if first is not None else float("inf")),
            tuple(d.id for d in path.links))


__all__ = ["is_ned", "is_exec", "static_checks", "delegation_parents", "is_sub_delegation",
           "sub_checks", "DecisionContext", "decision_context", "against_limit", "acting_as",
           "link_findings", "link_notes", "chain_score"]
