"""Who may approve matter M for £X on date D?  Every holder whose delegation covers it, with its chain.

The first question an auditor or a budget holder asks of a scheme.  For each
delegation whose matters cover M (in force on D, made by a body of the
organisations concerned), the best chain from its delegate up to a board is
found with the same chain search tracing uses; the holder may approve if that
chain is complete and sound in law and under the scheme, every link is in
force on D, no link's limit is below X, and no body above the holder reserves
M at that value.  The boards of the organisations concerned are holders too
(a board holds every function of its organisation it has not given up), and
the only ones where the matter is reserved to them at that value.

Bands: a delegation "between £100,000 and £250,000" still lets its holder
approve less (approval at a higher level than the scheme requires is
normal); ``in_band`` marks the holders whose own band the value falls in (the
level the scheme sets for it), and those come first.

Example::

    from coigraph.graph import load_graph
    from coigraph.delegation import who_may_approve
    a = who_may_approve(load_graph("data/northshire"), "non_pay", 300_000)
    [(h.holder_name, h.in_band) for h in a.holders]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from coigraph import ids
from coigraph.delegation.chains import ChainPath, ChainSearch, search_chains
from coigraph.delegation.checks import against_limit, is_sub_delegation, static_checks, sub_checks
from coigraph.delegation.holders import holdings, meets, requirement_text, requirements
from coigraph.delegation.results import Approver, MayApprove
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.errors import NotFound, did_you_mean
from coigraph.findings import Severity
from coigraph.words import money

#: Findings on a chain that stop its holder approving anything under it.
_BLOCKING = {Severity.unlawful.value, Severity.sord_breach.value}


def cached_chains(S: Scheme, chains: ChainSearch, start: str, matter: str, rules: Rules,
                  first: list[DelegationEdge] | None = None) -> list[ChainPath]:
    """``chains(S, start, matter, rules, first)``, remembered on the scheme (many decisions ask
    for the same delegate's chains)."""
    key = (chains, id(rules), start, matter, tuple(d.id for d in first) if first is not None else None)
    if key not in S.chain_cache:
        S.chain_cache[key] = chains(S, start, matter, rules, first)
    return S.chain_cache[key]


def conditions(d: DelegationEdge) -> list[str]:
    """A delegation's conditions, in words."""
    out = []
    if d.includes_vat is not None:
        out.append("limits include VAT" if d.includes_vat else "limits exclude VAT")
    if d.within_budget_only:
        out.append("within an agreed budget only (over budget: the board)")
    if d.cumulative:
        out.append("limit applies to the cumulative cost of a project")
    return out


def reporting(S: Scheme, d: DelegationEdge) -> str | None:
    """A delegation's reporting duty, in words."""
    if not d.report_to:
        return None
    return (f"the {d.report_top_n} largest by value reported to " if d.report_top_n
            else "reported to ") + S.label(ids.body(str(d.report_to)))


def _problems(S: Scheme, path: ChainPath, matter: str, rules: Rules,
              on: dt.date | None) -> list[str]:
    """Kinds of the findings that stop a chain carrying authority (whatever the decision)."""
    out = []
    for i, d in enumerate(path.links):
        start, end = (on, on) if on is not None else (d.start, d.end)
        out += [f.kind for f in static_checks(S, d, rules, start, end)
                if f.severity in _BLOCKING]
        if i + 1 < len(path.links) and is_sub_delegation(S, d):
            out += [f.kind for f in sub_checks(S, d, path.links[i + 1], matter)
                    if rules.on(f.kind) and f.severity in _BLOCKING]
    return out


def _sound_path(S: Scheme, chains: ChainSearch, d: DelegationEdge, matter: str, rules: Rules,
                on: dt.date | None, orgs: list[str]) -> ChainPath | None:
    """The best complete, sound chain from ``d``'s delegate through ``d``, in force on ``on`` and
    reaching a board of ``orgs``; None if there is none (remembered on the scheme: it does not
    depend on the value, and many decisions ask)."""
    key = ("sound-path", chains, id(rules), d.id, matter, on, tuple(orgs))
    if key in S.chain_cache:
        return S.chain_cache[key]
    scored = []
    for p in cached_chains(S, chains, d.v, matter, rules, [d]):
        if p.complete and _board_holds(S, orgs, p, d.v):
            scored.append((len(_problems(S, p, matter, rules, on)), len(p.links),
                           tuple(x.id for x in p.links), p))
    best = min(scored, key=lambda x: x[:3]) if scored else None
    path = None
    if best is not None and best[0] == 0 and (
            on is None or all(x.rec.in_force(on) for x in best[3].links)):
        path = best[3]
    S.chain_cache[key] = path
    return path


def _board_holds(S: Scheme, orgs: list[str], path: ChainPath, start: str) -> bool:
    if not orgs:
        return True
    nodes = path.nodes(start)
    return any(b in nodes for o in orgs for b in S.boards_of.get(o, []))


def _holder(S: Scheme, node: str, on: dt.date | None, orgs: set[str] | None) -> dict[str, Any]:
    """An Approver's fields naming ``node`` and who holds it (remembered on the scheme)."""
    key = ("holder", node, on, frozenset(orgs) if orgs is not None else None)
    if key in S.chain_cache:
        return S.chain_cache[key]
    kind: str | None = S.kind(node) if ids.is_body(node) else S.post_kind(node)
    held: list[str] = []
    requires: list[str] = []
    if ids.is_person(node):
        held = [node]
    elif ids.is_post(node):
        held = sorted({h.person for h in holdings(S, ids.bare(node), on=on, orgs=orgs)})
    elif ids.is_joint_authority(node):
        groups = requirements(S, ids.bare(node))
        requires = [requirement_text(S, g) for g in groups]
        held = sorted({h.person for g in groups for p in g
                       for h in holdings(S, p, on=on, orgs=orgs)})
    S.chain_cache[key] = out = {
        "holder": ids.bare(node), "holder_type": str(ids.type_of(node) or ids.prefix_of(node)),
        "holder_name": S.name(node), "holder_kind": kind, "held_by": [ids.bare(p) for p in held],
        "held_by_names": [S.name(p) for p in held], "requires": requires}
    return out


def _authority(S: Scheme, end: str) -> dict[str, Any]:
    """The accountable board's fields of an Approver."""
    return {"accountable_board": ids.bare(end), "accountable_board_name": S.name(end),
            "accountable_organisation": (S.owners(end) or [None])[0]}


def approvers(S: Scheme, matter: str, value: float | None, on: dt.date | None, orgs: list[str],
              rules: Rules, chains: ChainSearch = search_chains) -> list[Approver]:
    """Every holder who may approve ``matter`` for ``value`` on ``on`` for ``orgs`` (all if empty).

    Cost: one (cached) bounded chain search per covering delegation.
    """
    scope = set(orgs)
    out: list[Approver] = []
    boards: set[str] = {b for b in (S.board_of(o, on) for o in orgs) if b}
    if not orgs:  # the boards of every organisation whose scheme delegates the matter, or reserves it
        covering = [d for d in S.covering_delegations(matter) if on is None or d.rec.in_force(on)]
        boards = {b for d in covering for o in S.owners(d.u) if (b := S.board_of(o, on))}
        boards |= {body for body in S.reserved if S.reserving(body, matter) and S.is_board(body)}
    reserved_to: dict[str, str] = {}
    for d in S.covering_delegations(matter):
        if on is not None and not d.rec.in_force(on):
            continue
        if scope and not set(S.owners(d.u)) & scope:
            continue
        path = _sound_path(S, chains, d, matter, rules, on, orgs)
        if path is None:
            continue
        notes: list[str] = []
        limits = [x.limit for x in path.links if x.limit is not None]
        chain_limit = min(limits) if limits else None
        if value is not None:
            verdicts = [against_limit(value, x.limit, x.includes_vat, None, rules.vat_rate)
                        for x in path.links if x.limit is not None]
            if "over" in verdicts:
                continue
            if "to_confirm" in verdicts:
                notes.append("Within the limit only if the value's VAT allows: to confirm.")
        blocked = False
        for node in path.nodes(d.v)[1:]:
            res = S.reserving(node, matter, value)
            if res is None:
                continue
            _code, r = res
            if r.above is not None and value is None:
                notes.append(f"Reserved to {S.label(node)} above {money(r.above)}: the value "
                             "decides (to confirm).")
                continue
            reserved_to[node] = ("reserved to it" + (f" above {money(r.above)}" if r.above else "")
                                 + (f" ({r.instrument})" if r.instrument else ""))
            blocked = True
        if blocked:
            continue
        for i, x in enumerate(path.links[:-1]):  # issue 14: a blank sub-delegation term is to confirm
            if is_sub_delegation(S, x) and path.links[i + 1].sub_delegation_allowed is None:
                notes.append(f"Whether {path.links[i + 1].id} allows sub-delegation (under {x.id}) is "
                             "not stated in the scheme: to confirm against the scheme.")
        in_band = d.in_band(value) if value is not None else None
        if value is not None and not in_band and d.lower_limit is not None and value <= d.lower_limit:
            notes.append(f"Its band starts above {money(d.lower_limit)}: approving less is approval "
                         "at a higher level than the scheme requires.")
        out.append(Approver(
            **_holder(S, d.v, on, set(S.owners(d.u)) or None), **_authority(S, path.end),
            delegation=d.id, instrument=d.instrument, src=d.src, lower_limit=d.lower_limit,
            limit=d.limit, chain_limit=chain_limit, in_band=in_band, conditions=conditions(d),
            reporting=reporting(S, d), chain=[x.id for x in path.links],
            note=" ".join(notes) or None))
    boards |= set(reserved_to)
    delegated_in_band = any(a.in_band for a in out)
    for b in sorted(boards):
        if b in S.G and any(a.holder_type == "body" and ids.body(a.holder) == b for a in out):
            continue
        own = [p for p in cached_chains(S, chains, b, matter, rules) if p.complete]
        extra: dict[str, Any] = {}
        end = b
        if own and own[0].links:  # the board holds this matter by delegation (NHS England's)
            path = min(own, key=lambda p: (len(p.links), tuple(x.id for x in p.links)))
            extra = {"chain": [x.id for x in path.links], "delegation": path.links[0].id,
                     "instrument": path.links[0].instrument}
            end = path.end
        res = S.reserving(b, matter, value)
        if b in reserved_to:
            note = "The matter is " + reserved_to[b] + "."
        elif res is not None:
            _code, r = res
            note = ("The matter is reserved to it" + (f" above {money(r.above)}" if r.above else "")
                    + (f" ({r.instrument})" if r.instrument else "")
                    + (": the value decides (to confirm)." if r.above and value is None else "."))
        else:
            note = "As the board, it holds every function of its organisation it has not given up."
        in_band = None if value is None else (b in reserved_to or res is not None
                                              or not delegated_in_band)
        out.append(Approver(**_holder(S, b, on, None), **_authority(S, end), **extra, note=note,
                            in_band=in_band))
    out.sort(key=lambda a: (a.in_band is not True, a.holder_type == "body",
                            a.chain_limit if a.chain_limit is not None else float("inf"),
                            a.holder, a.delegation or ""))
    return out


def decider_among(S: Scheme, holders: list[Approver], decider: str, signers: list[str],
                  on: dt.date | None) -> bool:
    """Was the decider (a body) or were the signatories among ``holders``?"""
    for a in holders:
        node = ids.of_type(a.holder_type, a.holder)
        if ids.is_body(node):
            if node == decider:
                return True
            continue
        if not signers:
            continue
        d = S.delegs.get(a.delegation or "")
        orgs = set(S.owners(d.u)) if d is not None else None
        if ids.is_person(node) and node in signers:
            return True
        if ids.is_post(node) and any(holdings(S, a.holder, person=p, on=on, orgs=orgs or None)
                                     for p in signers):
            return True
        if ids.is_joint_authority(node) and meets(S, a.holder, signers, on=on, orgs=orgs or None).met:
            return True
    return False


def label(a: Approver) -> str:
    """'Chief Executive and Director of Finance acting jointly (joint authority; held by ...)'."""
    kind = {"body": a.holder_kind or "body", "person": "a person",
            "post": "class of posts" if a.holder_kind == "class" else "post",
            "joint_authority": "joint authority"}.get(a.holder_type, a.holder_type)
    who = f"; {', '.join(a.held_by_names)}" if a.held_by_names and a.holder_type != "person" else ""
    return f"{a.holder_name} ({kind.replace('_', ' ')}{who})"


def who_may_approve(G: nx.MultiDiGraph, matter: str, value: float | None = None, *,
                    on: dt.date | None = None, organisation: str | None = None,
                    rules: Rules | None = None, chains: ChainSearch = search_chains,
                    scheme: Scheme | None = None) -> MayApprove:
    """Who may approve ``matter`` for ``value`` on ``on`` (for ``organisation``, else any).

    Raises :class:`~coigraph.errors.NotFound` for an unknown matter or organisation.
    """
    rules = rules or Rules()
    S = scheme or Scheme.of(G)
    if ids.matter(matter) not in G:
        known = [ids.bare(n) for n, a in G.nodes(data=True) if a.get("type") == "matter"]
        hint = did_you_mean(matter, known)
        raise NotFound(f"no matter '{matter}' in the data"
                       + (f" ({hint})" if hint else "; give a code from matters"))
    orgs: list[str] = []
    if organisation:
        if ids.org(organisation) not in G:
            known = [ids.bare(n) for n, a in G.nodes(data=True) if a.get("type") == "organisation"]
            hint = did_you_mean(ids.bare(organisation), known)
            raise NotFound(f"no organisation '{ids.bare(organisation)}' in the data"
                           + (f" ({hint})" if hint else ""))
        orgs = [ids.bare(organisation)]
    holders = approvers(S, matter, value, on, orgs, rules, chains)
    notes = []
    if value is None:
        notes.append("No value given: limits are not applied.")
    if on is None:
        notes.append("No date given: delegations of every date are listed, and who holds each post "
                     "at any date.")
    return MayApprove(matter=matter, matter_name=S.matter_name(matter), value=value, on=on,
                      organisations=orgs, holders=holders, note=" ".join(notes) or None)


__all__ = ["cached_chains", "conditions", "reporting", "approvers", "decider_among", "label",
           "who_may_approve"]
