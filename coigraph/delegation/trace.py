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
from coigraph.delegation.chains import ChainPath, ChainSearch, search_chains
from coigraph.delegation.checks import (
    DecisionContext,
    chain_score,
    decision_context,
    link_findings,
)
from coigraph.delegation.forums import (
    NOT_FORUMS,
    committee_in_all_but_name,
    conflicted_members,
    representatives,
)
from coigraph.delegation.results import Chain, DecisionInfo, Link, Trace
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.findings import SOUND, Finding, Severity, dedupe, finding, verdict
from coigraph.graph import find_node
from coigraph.model import BodyKind


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
    return sorted({str(p.organisation) for p in S.positions.get(ctx.decider, [])
                   if p.organisation and p.in_force(ctx.date)})


def _make_link(S: Scheme, step: int, d: DelegationEdge, matter: str, checks: list[str]) -> Link:
    return Link(step=step, delegation=d.id, from_body=ids.bare(d.u), from_name=S.name(d.u),
                to=ids.bare(d.v), to_type=str(ids.prefix_of(d.v)), to_name=S.name(d.v),
                matters=d.matters, covers=S.covering(d.matters, matter) or "",
                limit=d.limit, start=d.start, end=d.end, statutory_basis=d.statutory_basis,
                instrument=d.instrument, sub_delegation_allowed=d.sub_delegation_allowed,
                parent=d.parent, src=d.src, checks=sorted(set(checks)))


def _chain_record(ctx: DecisionContext, org: str, path: ChainPath | None,
                  by_link: dict[str, list[str]], note: str | None, through: str | None = None,
                  reached: bool = True) -> Chain:
    """The chain for ``org`` as reported; ``reached=False``: it does not reach ``org``'s board."""
    S = ctx.S
    links = [_make_link(S, i + 1, d, ctx.matter, by_link.get(d.id, []))
             for i, d in enumerate(path.links)] if path else []
    end = path.end if path else ctx.decider
    complete = bool(path and path.complete and reached)
    return Chain(
        organisation=org, organisation_name=S.name(ids.org(org)), links=links, complete=complete,
        accountable_board=ids.bare(end) if complete else None,
        accountable_board_name=S.name(end) if complete else None,
        accountable_organisation=(S.owners(end) or [None])[0] if complete else None,
        stops_at=None if complete else ids.bare(end), through=through, note=note)


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
    res = S.reserving(board, ctx.matter)
    if res and ctx.decider != board:
        code, reservation = res
        text = (f"'{ctx.matter}' is reserved to {S.label(board)}"
                + (f" ({reservation.instrument})" if reservation.instrument else "")
                + (f" as part of '{code}'" if code != ctx.matter else "")
                + f", but {S.label(ctx.decider)} decided it.")
        return ([finding("reserved_matter", text, [*ev, reservation.src], **about)]
                if rules.on("reserved_matter") else []), text
    from_org = [d for d in S.into(ctx.decider, ctx.matter) if org in S.owners(d.u)]
    if decider_kind in NOT_FORUMS and not from_org:
        joint = decider_kind == BodyKind.joint_committee
        kind = "joint_committee_not_delegated" if joint else "committees_in_common_for_other_body"
        if joint:
            text = (f"{S.label(ctx.decider)}, a joint committee, decided '{ctx.matter}' for "
                    f"{oname}, but {oname} has not delegated that matter to it.")
        else:
            text = (f"{S.label(ctx.decider)} are committees in common: each member committee can "
                    f"decide only for its own body, but this decision was taken for {oname}, which "
                    "has delegated no such authority to them.")
        return ([finding(kind, text, ev, **about)] if rules.on(kind) else []), text
    if not any(org in S.owners(d.u) for d in S.delegs.values()) and not any(
            org in S.owners(b) for b in S.reserved):  # issue 14: the scheme is not in the data
        text = (f"The data holds no scheme of reservation and delegation of {oname} (no delegation "
                f"and no reserved matter of its bodies), so whether {S.label(ctx.decider)} had "
                f"authority for '{ctx.matter}' cannot be checked: to confirm against the scheme.")
        return ([finding("scheme_not_in_data", text, ev, **about)]
                if rules.on("scheme_not_in_data") else []), text
    if path is not None and path.reason == "cycle":
        loop = " -> ".join(path.cycle)
        text = (f"The authority for '{ctx.matter}' goes round in a circle ({loop}) and never "
                f"reaches {S.label(board)}.")
        return ([finding("cycle", text, [*ev, *(S.delegs[i].src for i in path.cycle)],
                         delegation=path.cycle[0], **about)] if rules.on("cycle") else []), text
    where = path.end if path else ctx.decider
    if path is not None and path.reason == "too_deep":
        text = (f"The chain for '{ctx.matter}' is longer than {rules.max_depth} links; the search "
                f"stopped at {S.label(where)} without reaching {S.label(board)}.")
    elif path is not None and path.reason == "parent_mismatch":
        last = path.links[-1]
        text = (f"Delegation {last.id} says it passes on delegation {last.parent}, but "
                f"that delegation does not give '{ctx.matter}' to {S.label(last.u)}; the chain "
                f"breaks there and does not reach {S.label(board)}.")
    elif path is not None and path.complete:
        text = (f"The chain for '{ctx.matter}' ends at {S.label(path.end)}, not at "
                f"{S.label(board)}, the board of {oname} for whom the decision was taken.")
    else:
        text = (f"No delegation of '{ctx.matter}' (or a broader matter) was made to "
                f"{S.label(where)}, so the chain of authority from {S.label(ctx.decider)} breaks "
                f"there and does not reach {S.label(board)}.")
    evidence = [*ev, *((d.src for d in path.links) if path else ())]
    return ([finding("broken_chain", text, evidence, **about)] if rules.on("broken_chain") else []), text


def _reserved_above(ctx: DecisionContext, path: ChainPath) -> list[Finding]:
    """A matter reserved by a body further up the chain than the decider."""
    S = ctx.S
    for node in path.nodes(ctx.decider)[1:]:
        res = S.reserving(node, ctx.matter)
        if res and ctx.rules.on("reserved_matter"):
            code, reservation = res
            return [finding(
                "reserved_matter",
                f"'{ctx.matter}' is reserved to {S.label(node)}"
                + (f" ({reservation.instrument})" if reservation.instrument else "")
                + (f" as part of '{code}'" if code != ctx.matter else "")
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
    paths = chains(S, ctx.decider, ctx.matter, rules)
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
        reach = [p for p in scored if p.complete and board in p.nodes(ctx.decider)]
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
        records.append(_chain_record(ctx, org, best, by_link, text, reached=False))
        findings += fs + lf
    if rules.on("conflicted_member_counted"):
        findings += conflicted_members(ctx)
    findings = dedupe(findings)
    return Trace(decision=_decision_info(ctx, orgs), chains=records,
                 verdict=verdict(findings), verdict_text=_verdict_text(findings), findings=findings)


VERDICT_TEXT = {
    SOUND: "The decision was taken under authority that runs unbroken, in force and within its "
           "limits, to the accountable board.",
    Severity.unlawful: "The decision was taken without the power to take it in law.",
    Severity.sord_breach: "The decision breaches the scheme of reservation and delegation, terms of "
                          "reference or standing orders.",
    Severity.against_guidance: "The authority is valid in law and under the scheme, but is against "
                               "NHS England guidance.",
    Severity.advisory: "The authority holds; there are points worth a look.",
}


def _verdict_text(findings: list[Finding]) -> str:
    text = VERDICT_TEXT[verdict(findings)]
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
    return DecisionInfo(
        id=ctx.decision, matter=ctx.matter, matter_name=S.matter_name(ctx.matter),
        by=ids.bare(ctx.decider), by_type=str(ids.prefix_of(ctx.decider)), by_name=S.name(ctx.decider),
        by_kind=S.kind(ctx.decider) if ids.is_body(ctx.decider) else None,
        date=ctx.date, value=ctx.value, item=dec.item, meeting=meeting, on_behalf_of=orgs,
        on_behalf_of_names=[S.name(ids.org(o)) for o in orgs], cited_delegation=dec.delegation,
        description=dec.description, src=dec.src)


# ---------------------------------------------------------------------------
# Every decision
# ---------------------------------------------------------------------------


def decision_ids(G: nx.MultiDiGraph, *, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> list[str]:
    """Ids of the decisions in ``G`` (optionally dated within a period), sorted by date then id."""
    out = []
    for _n, dec in views.nodes_of(G, "decision"):
        d = dec.date
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
