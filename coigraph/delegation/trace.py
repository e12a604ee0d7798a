"""Tracing: each decision to the accountable board of every organisation it was taken for.

The chains come from a chain search (:mod:`coigraph.delegation.chains`; the
engine is a parameter), the checks on their links from
:mod:`coigraph.delegation.checks`, the checks on the deciding forum from
:mod:`coigraph.delegation.forums`.  The best chain for each organisation is
kept (complete before broken, then the least serious findings, then the
delegation the decision cites, then the shortest); where none reaches the
organisation's board, the finding says where and why it breaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.delegation import procurement
from coigraph.delegation.approvers import approvers, decider_among, label
from coigraph.delegation.chains import ChainPath, ChainSearch, search_chains
from coigraph.delegation.checks import (
    DecisionContext,
    chain_score,
    decision_context,
    link_findings,
    link_notes,
)
from coigraph.delegation.forums import (
    NOT_FORUMS,
    committee_in_all_but_name,
    conflicted_members,
    representatives,
)
from coigraph.delegation.holders import holdings, meets
from coigraph.delegation.results import Chain, DecisionInfo, Link, MayApprove, Trace
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.findings import SOUND, Finding, Severity, dedupe, finding, verdict
from coigraph.graph import find_node
from coigraph.model import BodyKind
from coigraph.words import money, period, sentence


def _on_behalf_of(ctx: DecisionContext, paths: list[ChainPath]) -> list[str]:
    """Whose function it was: as stated, else the deciding body's owners, else (an officer)
    the owners of the bodies that delegated to them, else the organisations they work for."""
    S = ctx.S
    stated = list(ctx.dec.on_behalf_of)
    if stated:
        return stated
    if ids.is_body(ctx.decider):
        return S.owners(ctx.decider)
    orgs = sorted({o for p in paths if p.links for o in S.owners(p.links[0].u)})
    if orgs:
        return orgs
    return sorted({str(p.organisation) for who in (ctx.signers or [ctx.decider])
                   for p in S.positions.get(who, [])
                   if p.organisation and (ctx.date is None or p.in_force(ctx.date))})


def _make_link(S: Scheme, step: int, d: DelegationEdge, matter: str, checks: list[str],
               notes: tuple[str | None, list[str]] = (None, [])) -> Link:
    covers = S.covering(d.matters, matter) or ""
    return Link(step=step, delegation=d.id, from_body=ids.bare(d.u), from_name=S.name(d.u),
                to=ids.bare(d.v), to_type=str(ids.prefix_of(d.v)), to_name=S.name(d.v),
                matters=d.matters, covers=covers,
                matter_words={m: S.matter_words(m) for m in [*d.matters, covers] if m},
                limit=d.limit, start=d.start, end=d.end, statutory_basis=d.statutory_basis,
                instrument=d.instrument, sub_delegation_allowed=d.sub_delegation_allowed,
                parent=d.parent, src=d.src, checks=sorted(set(checks)),
                lower_limit=d.lower_limit, includes_vat=d.includes_vat,
                within_budget_only=d.within_budget_only, cumulative=d.cumulative,
                report_to=d.report_to,
                report_to_name=S.name(ids.body(str(d.report_to))) if d.report_to else None,
                report_top_n=d.report_top_n, acting_as=notes[0], to_confirm=list(notes[1]))


def _chain_record(ctx: DecisionContext, org: str, path: ChainPath | None,
                  by_link: dict[str, list[str]], note: str | None, through: str | None = None,
                  reached: bool = True, scheme_not_in_data: bool = False) -> Chain:
    """The chain for ``org`` as reported; ``reached=False``: it does not reach ``org``'s board."""
    S = ctx.S
    notes = link_notes(ctx, path) if path else {}
    links = [_make_link(S, i + 1, d, ctx.matter, by_link.get(d.id, []), notes.get(d.id, (None, [])))
             for i, d in enumerate(path.links)] if path else []
    end = path.end if path else ctx.decider
    complete = bool(path and path.complete and reached)
    start = path.start if path else ""
    acting = ids.bare(start) if start and (ids.is_post(start) or ids.is_joint_authority(start)) else None
    return Chain(
        organisation=org, organisation_name=S.name(ids.org(org)), links=links, complete=complete,
        accountable_board=ids.bare(end) if complete else None,
        accountable_board_name=S.name(end) if complete else None,
        accountable_organisation=(S.owners(end) or [None])[0] if complete else None,
        stops_at=None if complete else ids.bare(end), through=through, note=note,
        acting_as=acting, scheme_not_in_data=scheme_not_in_data and not complete)


def _broken(ctx: DecisionContext, org: str, path: ChainPath | None,
            board: str | None) -> tuple[list[Finding], str]:
    """The finding(s) for organisation ``org`` when no complete chain reaches its board."""
    S, rules = ctx.S, ctx.rules
    about = {"decision": ctx.decision, "organisation": org}
    ev = [ctx.dec.src]
    decider_kind = S.kind(ctx.decider)
    oname = S.name(ids.org(org))
    if board is None:
        text = (f"The decision was taken for {oname}, but the data holds no board of {oname}, so "
                "there is no accountable board to trace to.")
        return ([finding("broken_chain", text, ev, **about)] if rules.on("broken_chain") else []), text
    res = S.reserving(board, ctx.matter, ctx.value)
    if res and res[1].above is not None and ctx.value is None:
        res = None  # reserved only above a value, and the decision's value is not recorded
    if res and ctx.decider != board:
        code, reservation = res
        text = (f"{sentence(S.matter_words(ctx.matter))} is reserved to {S.label(board)}"
                + (f" ({reservation.instrument})" if reservation.instrument else "")
                + (f" as part of {S.matter_words(code)}" if code != ctx.matter else "")
                + (f" above {money(reservation.above)}, and the decision's value is "
                   f"{money(ctx.value)}" if reservation.above is not None else "")
                + f", but {S.label(ctx.decider)} decided it.")
        return ([finding("reserved_matter", text, [*ev, reservation.src], **about)]
                if rules.on("reserved_matter") else []), text
    from_org = [d for d in S.into(ctx.decider, ctx.matter) if org in S.owners(d.u)]
    if decider_kind in NOT_FORUMS and not from_org:
        joint = decider_kind == BodyKind.joint_committee
        kind = "joint_committee_not_delegated" if joint else "committees_in_common_for_other_body"
        if joint:
            text = (f"{S.label(ctx.decider)}, a joint committee, decided {S.matter_words(ctx.matter)} for "
                    f"{oname}, but {oname} has not delegated that matter to it.")
        else:
            text = (f"{S.label(ctx.decider)} are committees in common: each member committee can "
                    f"decide only for its own body, but this decision was taken for {oname}, which "
                    "has delegated no such authority to them.")
        return ([finding(kind, text, ev, **about)] if rules.on(kind) else []), text
    if not S.scheme_in_data(org):  # issue 14: the scheme is not in the data
        text = (f"The data holds no scheme of reservation and delegation of {oname} (no delegation "
                f"and no reserved matter of its bodies), so whether {S.label(ctx.decider)} had "
                f"authority for {S.matter_words(ctx.matter)} cannot be checked: "
                "to confirm against the scheme.")
        return ([finding("scheme_not_in_data", text, ev, **about)]
                if rules.on("scheme_not_in_data") else []), text
    if path is not None and path.reason == "cycle":
        loop = " -> ".join(path.cycle)
        text = (f"The authority for {S.matter_words(ctx.matter)} goes round in a circle ({loop}) and never "
                f"reaches {S.label(board)}.")
        return ([finding("cycle", text, [*ev, *(S.delegs[i].src for i in path.cycle)],
                         delegation=path.cycle[0], **about)] if rules.on("cycle") else []), text
    where = path.end if path else ctx.decider
    if path is not None and path.reason == "too_deep":
        text = (f"The chain for {S.matter_words(ctx.matter)} is longer than {rules.max_depth} links; the search "
                f"stopped at {S.label(where)} without reaching {S.label(board)}.")
    elif path is not None and path.reason == "parent_mismatch":
        last = path.links[-1]
        text = (f"Delegation {last.id} says it passes on delegation {last.parent}, but "
                f"that delegation does not give {S.matter_words(ctx.matter)} to {S.label(last.u)}; the chain "
                f"breaks there and does not reach {S.label(board)}.")
    elif path is not None and path.complete:
        text = (f"The chain for {S.matter_words(ctx.matter)} ends at {S.label(path.end)}, not at "
                f"{S.label(board)}, the board of {oname} for whom the decision was taken.")
    else:
        posts = ""
        if where == ctx.decider and len(ctx.capacities) > len(ctx.signers):
            held = [S.label(c) for c in ctx.capacities if c not in ctx.signers]
            posts = f" or to any post or joint authority they are part of ({', '.join(held)})"
        elif where == ctx.decider and ctx.signers and len(ctx.signers) > 1:
            posts = " or to any of the other signatories"
        text = (f"No delegation of {S.matter_words(ctx.matter)}, or of a broader matter, was made to "
                f"{S.label(where)}{posts}, so the chain of authority from {S.label(ctx.decider)} "
                f"breaks there and does not reach {S.label(board)}.")
    evidence = [*ev, *((d.src for d in path.links) if path else ())]
    return ([finding("broken_chain", text, evidence, **about)] if rules.on("broken_chain") else []), text


def _reserved_above(ctx: DecisionContext, path: ChainPath) -> list[Finding]:
    """A matter reserved by a body further up the chain than the decider."""
    S = ctx.S
    for node in path.nodes(path.start or ctx.decider)[1:]:
        res = S.reserving(node, ctx.matter, ctx.value)
        if res and res[1].above is not None and ctx.value is None:
            continue  # reserved only above a value, and the value is not recorded: to confirm
        if res and ctx.rules.on("reserved_matter"):
            code, reservation = res
            return [finding(
                "reserved_matter",
                f"{sentence(S.matter_words(ctx.matter))} is reserved to {S.label(node)}"
                + (f" ({reservation.instrument})" if reservation.instrument else "")
                + (f" as part of {S.matter_words(code)}" if code != ctx.matter else "")
                + (f" above {money(reservation.above)}, and the decision's value is "
                   f"{money(ctx.value)}" if reservation.above is not None else "")
                + f", yet it was delegated down and decided by {S.label(ctx.decider)}.",
                [ctx.dec.src, reservation.src, *(d.src for d in path.links)],
                decision=ctx.decision, organisation=(S.owners(node) or [None])[0])]
    return []


def trace_decision(G: nx.MultiDiGraph, decision_id: str, *, rules: Rules | None = None,
                   scheme: Scheme | None = None, chains: ChainSearch = search_chains,
                   path_finder: Any = None) -> Trace:
    """Trace decision ``decision_id`` to the accountable board of each organisation it was for.

    Returns a :class:`Trace`: the decision, one :class:`Chain` per organisation
    (the best chain found: complete before broken, then fewest and least
    serious findings, then the delegation the decision cites, then shortest),
    the verdict (``sound`` or the worst severity found) and the findings.
    Raises :class:`~coigraph.errors.NotFound` for an unknown decision.

    ``chains`` is the chain-search engine (:class:`ChainSearch`; the in-memory
    :func:`search_chains` by default, the database's for the Neo4j backend);
    ``path_finder`` the interest-path engine the agenda screen of the
    conflicted-member check uses (screening's own by default).

    Cost: one bounded search (``rules.max_chains`` x ``rules.max_depth``).
    """
    rules = rules or Rules()
    S = scheme or Scheme.of(G)
    node = find_node(G, "decision", decision_id)
    ctx = decision_context(S, node, rules, chains, path_finder)
    if ctx.dec.recommendation_to:
        return _recommendation(ctx)
    paths = [p for cap in ctx.capacities for p in chains(S, cap, ctx.matter, rules)]
    cited = ctx.dec.delegation
    orgs = _on_behalf_of(ctx, paths)
    records: list[Chain] = []
    findings: list[Finding] = []
    scored = sorted(paths, key=lambda p: chain_score(ctx, p, cited))
    if not orgs:
        best = scored[0] if scored else None
        fs, text = _broken(ctx, "?", best, None)
        findings += fs
    for org in orgs:
        board = S.board_of(org, ctx.date)
        reach = [p for p in scored if p.complete and board in p.nodes()]
        if reach:
            best = reach[0]
            fs, by_link = link_findings(ctx, best)
            fs += _reserved_above(ctx, best)
            note = None
            if best.end != board:
                note = (f"{S.name(str(board))} holds this function by delegation from "
                        f"{S.name(best.end)}, so the chain ends there.")
            records.append(_chain_record(ctx, org, best, by_link, note))
            findings += fs
            continue
        reps = representatives(ctx, org, board) if board else []
        if reps:
            for person, seat, path in reps:
                fs, by_link = link_findings(ctx, path)
                note = (f"{S.name(person)} sits on {S.name(ctx.decider)} (post {seat.id}) and "
                        f"carries {S.name(ids.org(org))}'s authority into it under delegation "
                        f"{path.links[0].id}.")
                records.append(_chain_record(ctx, org, path, by_link, note, through=ids.bare(person)))
                findings += fs + _reserved_above(ctx, path)
            findings += committee_in_all_but_name(ctx, org, reps)
            continue
        incomplete = [p for p in scored if not p.complete]
        best = (max(incomplete, key=lambda p: (len(p.links), -scored.index(p))) if incomplete
                else scored[0] if scored else None)
        fs, text = _broken(ctx, org, best, board)
        if best is not None and best.complete and S.kind(ctx.decider) in NOT_FORUMS:
            best = None  # another member's chain: not this organisation's authority
        lf, by_link = link_findings(ctx, best) if best and not best.complete else ([], {})
        records.append(_chain_record(ctx, org, best, by_link, text, reached=False,
                                     scheme_not_in_data=board is not None and not S.scheme_in_data(org)))
        findings += fs + lf
    if rules.on("conflicted_member_counted"):
        findings += conflicted_members(ctx)
    best_paths = [p for p in scored if p.complete]
    findings += _split(ctx, best_paths[0] if best_paths else None)
    proc, pf = procurement.check(S, orgs, ctx.matter, ctx.value, ctx.date, ctx.dec.procurement,
                                 ctx.dec.quotations, decision=ctx.decision, evidence=[ctx.dec.src])
    findings += [f for f in pf if rules.on(f.kind)]
    findings += _date_unknown(ctx, records, orgs)
    findings = dedupe(findings)
    return Trace(decision=_decision_info(ctx, orgs), chains=records,
                 verdict=verdict(findings), verdict_text=_verdict_text(findings), findings=findings,
                 procurement=proc, may_approve=_may_approve(ctx, orgs))


def _may_approve(ctx: DecisionContext, orgs: list[str]) -> MayApprove:
    """Who may approve this matter, for this value, on this date; was the decider among them?"""
    S = ctx.S
    holders = approvers(S, ctx.matter, ctx.value, ctx.date, orgs, ctx.rules, ctx.chains)
    among = decider_among(S, holders, ctx.decider, ctx.signers, ctx.date)
    should: list[str] = []
    if not among:
        in_band = [a for a in holders if a.in_band]
        should = [label(a) for a in (in_band or holders)]
    notes = []
    if ctx.value is None:
        notes.append("The decision's value is not recorded: limits are not applied.")
    if ctx.date is None:
        notes.append("The decision's date is not recorded: delegations and posts of any date count.")
    return MayApprove(matter=ctx.matter, matter_name=S.matter_name(ctx.matter), value=ctx.value,
                      on=ctx.date, organisations=orgs, holders=holders, decider_among=among,
                      should_have_been=should, note=" ".join(notes) or None)


def _split(ctx: DecisionContext, path: ChainPath | None) -> list[Finding]:
    """A commitment split to stay under the limit of the delegation the decision rests on.

    Certain (``split_commitment``) when that delegation applies its limit to a
    project's cumulative cost and earlier decisions name the same project;
    otherwise, to confirm (``possible_split``), when earlier decisions by the
    same decider on the same matter with the same supplier, within
    ``rules.split_window_days``, bring the total over the limit.  Only
    decisions that are each within the limit, and only from the one that tips
    the total over: earlier ones were within it when taken.
    """
    S, dec, rules = ctx.S, ctx.dec, ctx.rules
    if path is None or not path.links or ctx.value is None or ctx.date is None:
        return []
    d = path.links[0]
    if d.limit is None or ctx.value > d.limit:
        return []
    certain = bool(d.cumulative and dec.project)
    kind = "split_commitment" if certain else "possible_split"
    if not rules.on(kind) or (not certain and not dec.supplier):
        return []
    who = (dec.by_body, tuple(sorted(dec.signers)))
    earlier = []
    for n, o in (S.decisions() if certain else S.by_supplier(str(dec.supplier))):
        if n == ctx.node or o.recommendation_to or o.date is None or o.value is None:
            continue
        if (o.by_body, tuple(sorted(o.signers))) != who or (o.date, str(o.id)) > (ctx.date, ctx.decision):
            continue
        if certain:
            if o.project != dec.project:
                continue
        elif (o.supplier != dec.supplier or o.matter != dec.matter
              or (ctx.date - o.date).days > rules.split_window_days):
            continue
        earlier.append(o)
    total = ctx.value + sum(float(o.value) for o in earlier)
    if not earlier or total <= d.limit:
        return []
    parts = "; ".join(f"{o.id} ({o.date.isoformat()}, {money(o.value)})" for o in earlier)
    if certain:
        text = (f"Delegation {d.id} applies its {money(d.limit)} limit to the cumulative cost of a "
                f"project; with the earlier decisions on project '{dec.project}' ({parts}) this one "
                f"({money(ctx.value)}) brings the total to {money(total)}, over the limit.")
    else:
        text = (f"With the earlier decisions by the same decider on {S.matter_words(ctx.matter)} with "
                f"{S.label(ids.org(str(dec.supplier)))} within {rules.split_window_days} days ({parts}), "
                f"this one ({money(ctx.value)}) brings the total to {money(total)}, over the "
                f"{money(d.limit)} limit of delegation {d.id}. If they are one commitment, it was "
                "split to stay under the limit: to confirm.")
    return [finding(kind, text, [dec.src, d.src, *(o.src for o in earlier)], decision=ctx.decision,
                    delegation=d.id)]


def _date_unknown(ctx: DecisionContext, records: list[Chain], orgs: list[str]) -> list[Finding]:
    """What the missing date leaves unchecked: one finding listing each point (none if nothing)."""
    if ctx.date is not None or not ctx.rules.on("date_unknown"):
        return []
    S = ctx.S
    points: list[str] = []
    evidence: list[str | None] = [ctx.dec.src]
    for c in records:
        for link in c.links:
            if link.start or link.end:
                points.append(f"delegation {link.delegation} is in force {period(link.start, link.end)}")
                evidence.append(link.src)
        if c.acting_as and c.links:
            d = S.delegs[c.links[0].delegation]
            orgs_of = set(S.owners(d.u)) or None
            if ids.is_post(d.v):
                hs = [h for p in ctx.signers for h in holdings(S, c.acting_as, person=p, orgs=orgs_of)]
            else:
                hs = [h for _, h in meets(S, c.acting_as, ctx.signers, orgs=orgs_of).assigned]
            for h in hs:
                if h.position.start or h.position.end:
                    points.append(f"{S.label(h.person)} held {S.label(ids.post(h.post))} "
                                  f"{period(h.position.start, h.position.end)} (position {h.position.id})")
                    evidence.append(h.position.src)
    if ctx.value is not None:
        for th in procurement.applicable(S, orgs, ctx.matter, ctx.value, None):
            if th.start or th.end:
                points.append(f"procurement threshold {th.id} is in force {period(th.start, th.end)}")
                evidence.append(th.src)
    if not points:
        return []
    points = sorted(set(points))
    return [finding("date_unknown", "The decision's date is not recorded, so these are to confirm: "
                    + "; ".join(points) + ".", evidence, decision=ctx.decision)]


def _recommendation(ctx: DecisionContext) -> Trace:
    """A recommendation to another body: no authority to decide is needed; its approval is checked."""
    S, dec = ctx.S, ctx.dec
    to = ids.body(str(dec.recommendation_to))
    findings: list[Finding] = []
    if dec.approved_by and ctx.rules.on("approval_mismatch"):
        anode = ids.decision(str(dec.approved_by))
        if anode in S.G:
            a = views.decision(S.G, anode)
            wrong = []
            if a.by_body != dec.recommendation_to:
                by = ids.body(str(a.by_body)) if a.by_body else ids.person(a.signers[0])
                wrong.append(f"it was taken by {S.label(by)}, not by {S.label(to)}")
            if not S.related(str(a.matter), ctx.matter):
                wrong.append(f"it decides {S.matter_words(str(a.matter))}, not {S.matter_words(ctx.matter)}")
            if a.date is not None and ctx.date is not None and a.date < ctx.date:
                wrong.append(f"it is dated {a.date.isoformat()}, before the recommendation "
                             f"({ctx.date.isoformat()})")
            if wrong:
                findings.append(finding(
                    "approval_mismatch", f"The recommendation to {S.label(to)} is recorded as "
                    f"approved by decision {a.id}, but " + "; and ".join(wrong) + ".",
                    [dec.src, a.src], decision=ctx.decision))
    findings = dedupe(findings)
    text = (f"A recommendation to {S.label(to)}, not a decision: it needs no delegated authority "
            "of its own; the authority is that of the decision that approves it")
    text += (f" ({dec.approved_by}, traced on its own)." if dec.approved_by
             else "; no approving decision is recorded (to confirm).")
    if findings:
        text += f" {len(findings)} finding{'s' if len(findings) != 1 else ''}."
    return Trace(decision=_decision_info(ctx, list(dec.on_behalf_of) or S.owners(to)), chains=[],
                 verdict=verdict(findings), verdict_text=text, findings=findings)


VERDICT_TEXT = {
    SOUND: "The decision was taken under authority that runs unbroken, in force and within its "
           "limits, to the accountable board.",
    Severity.unlawful: "The decision was taken without the power to take it in law.",
    Severity.sord_breach: "The decision breaches the scheme of reservation and delegation, terms of "
                          "reference or standing orders.",
    Severity.policy_breach: "The authority holds, but the conflicts of interest policy or the standing "
                            "orders' procedure for meetings was not followed.",
    Severity.against_guidance: "The authority is valid in law and under the scheme, but is against "
                               "NHS England guidance.",
    Severity.advisory: "The authority holds; there are points worth a look.",
}


#: The verdict's sentence when the organisation's scheme is not in the data at all (issue 14).
NOT_CHECKED_TEXT = ("Whether the authority holds cannot be checked: the data holds none of the scheme of "
                    "delegation; confirm it against the published scheme.")


def _verdict_text(findings: list[Finding]) -> str:
    v = verdict(findings)
    text = (NOT_CHECKED_TEXT if v == Severity.advisory and any(f.kind == "scheme_not_in_data" for f in findings)
            else VERDICT_TEXT[v])
    if findings:
        n = len(findings)
        text += f" {n} finding{'s' if n != 1 else ''}."
    return text


def _decision_info(ctx: DecisionContext, orgs: list[str]) -> DecisionInfo:
    S, dec = ctx.S, ctx.dec
    meeting = None
    if dec.item:
        item_node = ids.item(dec.item)
        meeting = views.item(S.G, item_node).meeting if item_node in S.G else None
    approves = S.approves(ctx.decision)
    return DecisionInfo(
        id=ctx.decision, matter=ctx.matter, matter_name=S.matter_name(ctx.matter),
        by=ids.bare(ctx.decider), by_type=str(ids.prefix_of(ctx.decider)), by_name=S.name(ctx.decider),
        by_kind=S.kind(ctx.decider) if ids.is_body(ctx.decider) else None,
        date=ctx.date, value=ctx.value, item=dec.item, meeting=meeting, on_behalf_of=orgs,
        on_behalf_of_names=[S.name(ids.org(o)) for o in orgs], cited_delegation=dec.delegation,
        description=dec.description, src=dec.src,
        signatories=[ids.bare(p) for p in ctx.signers] if dec.signatories else [],
        signatory_names=[S.name(p) for p in ctx.signers] if dec.signatories else [],
        supplier=dec.supplier, supplier_name=S.name(ids.org(str(dec.supplier))) if dec.supplier else None,
        project=dec.project, within_budget=dec.within_budget,
        value_includes_vat=dec.value_includes_vat,
        procurement=str(dec.procurement) if dec.procurement else None, quotations=dec.quotations,
        recommendation_to=dec.recommendation_to,
        recommendation_to_name=S.name(ids.body(str(dec.recommendation_to)))
        if dec.recommendation_to else None,
        approved_by=dec.approved_by, approves=approves, reported_at=dec.reported_at)


# ---------------------------------------------------------------------------
# Every decision
# ---------------------------------------------------------------------------


def decision_ids(G: nx.MultiDiGraph, *, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> list[str]:
    """Ids of the decisions in ``G`` (optionally dated within a period), sorted by date then id.

    Undated decisions come last, and only when no period is given (they
    cannot be placed in one).
    """
    out = []
    for _n, dec in views.nodes_of(G, "decision"):
        d = dec.date
        if d is None:  # an undated decision cannot be placed in a period: only listed without one
            if date_from is None and date_to is None:
                out.append((dt.date.max, str(dec.id)))
            continue
        if (date_from and d < date_from) or (date_to and d > date_to):
            continue
        out.append((d, str(dec.id)))
    return [i for _, i in sorted(out)]


def trace_all(G: nx.MultiDiGraph, *, rules: Rules | None = None, date_from: dt.date | None = None,
              date_to: dt.date | None = None, progress: Any = None,
              chains: ChainSearch = search_chains, path_finder: Any = None) -> list[Trace]:
    """Trace every decision (dated within the period, if given), by date then id.

    ``chains`` and ``path_finder`` are the engines, as for :func:`trace_decision`.
    """
    rules = rules or Rules()
    S = Scheme.of(G)
    out = []
    for did in decision_ids(G, date_from=date_from, date_to=date_to):
        out.append(trace_decision(G, did, rules=rules, scheme=S, chains=chains,
                                  path_finder=path_finder))
        if progress is not None:
            progress.advance()
    return out


__all__ = ["trace_decision", "trace_all", "decision_ids", "VERDICT_TEXT"]
