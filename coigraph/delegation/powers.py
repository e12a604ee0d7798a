"""What may this committee or officer decide, up to what value, and by whose authority?

The reverse of tracing a decision: start from a holder (a body or a person),
take every delegation made to it, and follow each one up the same chains
:mod:`coigraph.delegation` follows for decisions.  A power is only as wide as
its whole chain: its effective limit is the lowest limit of any link, its
effective dates the days every link is in force, and its matter narrows to
what the link above actually holds.  Problems in the chain (a parent that
does not allow sub-delegation, a break, a circle) are listed with the power.

Example::

    from coigraph.graph import load_graph
    from coigraph.delegation import powers_of
    p = powers_of(load_graph("data/northshire"), "icb-fic")
    [(x.matter, x.limit, x.accountable_board) for x in p.powers]
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids, views
from coigraph.delegation.approvers import conditions, reporting
from coigraph.delegation.chains import ChainPath, ChainSearch, search_chains
from coigraph.delegation.checks import is_sub_delegation, static_checks, sub_checks
from coigraph.delegation.holders import (
    holdings,
    partly_met,
    posts_held,
    requirement_text,
    requirements,
)
from coigraph.delegation.rules import Rules
from coigraph.delegation.scheme import DelegationEdge, Scheme
from coigraph.errors import NotFound, did_you_mean
from coigraph.findings import KINDS, Finding, dedupe, finding


class ChainStep(BaseModel):
    """One delegation of a power's chain, from the holder upward."""

    delegation: str
    from_body: str
    from_name: str
    to: str
    to_name: str
    limit: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    instrument: str | None = None
    statutory_basis: str | None = None
    src: str | None = None


class Power(BaseModel):
    """One matter the holder may decide, under one delegation, as its whole chain allows."""

    matter: str
    matter_name: str
    delegated_as: str
    delegation: str
    from_body: str
    from_name: str
    instrument: str | None = None
    statutory_basis: str | None = None
    own_limit: float | None = None
    limit: float | None = None
    limit_set_by: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    valid: bool
    may_sub_delegate: bool | None  # None: not stated in the scheme
    accountable_board: str | None = None
    accountable_board_name: str | None = None
    accountable_organisation: str | None = None
    chain: list[ChainStep]
    complete: bool
    note: str | None = None
    findings: list[Finding] = Field(default_factory=list)
    #: A band's lower end, the delegation's conditions and reporting duty, in words.
    lower_limit: float | None = None
    conditions: list[str] = Field(default_factory=list)
    reporting: str | None = None
    #: For a person's power through a post, class or joint authority they are part of: its id and type.
    via: str | None = None
    via_type: str | None = None


class Reserved(BaseModel):
    """A matter the holder keeps to itself (its schedule of reserved matters)."""

    matter: str
    matter_name: str
    instrument: str | None = None
    src: str | None = None


class Powers(BaseModel):
    """Everything a holder may decide, and what is wrong with any of it."""

    holder: str
    holder_type: str
    holder_name: str
    holder_kind: str | None = None
    on: dt.date | None = None
    inherent: str | None = None
    reserved: list[Reserved]
    powers: list[Power]
    findings: list[Finding]


_HOLDER_TYPES = ("body", "person", "post", "joint_authority")


def _holder_node(G: nx.MultiDiGraph, holder_id: str) -> str:
    """The graph node of a body, person, post or joint authority id (prefixed or not); NotFound
    with a hint otherwise."""
    if ids.prefix_of(holder_id) is not None:
        if holder_id in G and views.node(G, holder_id).type in _HOLDER_TYPES:
            return holder_id
    else:
        for node in (ids.body(holder_id), ids.person(holder_id), ids.post(holder_id),
                     ids.joint_authority(holder_id)):
            if node in G:
                return node
    known = {ids.bare(n) for t in _HOLDER_TYPES for n, _ in views.nodes_of(G, t)}
    hint = did_you_mean(ids.bare(holder_id), known)
    raise NotFound(f"no body or person '{ids.bare(holder_id)}' in the data"
                   + (f" ({hint})" if hint else "; give the id of a committee, board, officer, post "
                      "or joint authority"))


def _effective(path: ChainPath) -> tuple[float | None, str | None, dt.date | None, dt.date | None]:
    """Lowest limit (and the delegation setting it) and the days every link is in force."""
    limit, by = None, None
    for d in path.links:
        if d.limit is not None and (limit is None or d.limit < limit):
            limit, by = d.limit, d.id
    starts = [d.start for d in path.links if d.start]
    ends = [d.end for d in path.links if d.end]
    return limit, by, (max(starts) if starts else None), (min(ends) if ends else None)


def _chain_findings(S: Scheme, path: ChainPath, matter: str, rules: Rules) -> list[Finding]:
    """Problems of a power's chain that hold whatever is decided under it."""
    out: list[Finding] = []
    for i, d in enumerate(path.links):
        out += static_checks(S, d, rules, d.start, d.end)
        if i + 1 < len(path.links) and is_sub_delegation(S, d):
            out += [f for f in sub_checks(S, d, path.links[i + 1], matter) if rules.on(f.kind)]
    first = path.links[0]
    if not path.complete:
        if path.reason == "cycle" and rules.on("cycle"):
            out.append(finding("cycle", f"The authority for {S.matter_words(matter)} under {first.id} goes round "
                               f"in a circle ({' -> '.join(path.cycle)}).",
                               [S.delegs[i].src for i in path.cycle], delegation=first.id))
        elif rules.on("broken_chain"):
            out.append(finding(
                "broken_chain", f"{S.label(path.end)} passed {S.matter_words(matter)} on under {path.links[-1].id}"
                f", but holds no delegation of it itself, so the power under {first.id} does not "
                "reach a board." if path.reason != "too_deep" else
                f"The chain under {first.id} is longer than {rules.max_depth} links.",
                [d.src for d in path.links], delegation=first.id))
    return out


def _best(S: Scheme, paths: list[ChainPath], matter: str, rules: Rules) -> ChainPath:
    def score(p: ChainPath) -> tuple:
        lim, _, start, end = _effective(p)
        void = start is not None and end is not None and start > end
        return (not p.complete, void, len(_chain_findings(S, p, matter, rules)), len(p.links),
                tuple(d.id for d in p.links))

    return min(paths, key=score)


def _narrower(S: Scheme, node: str, matter: str) -> list[str]:
    """Matters narrower than ``matter`` that the delegations into ``node`` hold (to narrow a power)."""
    return sorted({m for d in S.incoming.get(node, []) for m in d.matters
                   if m != matter and matter in S.ancestors(m)})


def _power(S: Scheme, d: DelegationEdge, matter: str, path: ChainPath, rules: Rules, note: str | None) -> Power:
    lim, lim_by, start, end = _effective(path)
    end_node = path.end
    complete = path.complete
    chain = [ChainStep(delegation=x.id, from_body=ids.bare(x.u), from_name=S.name(x.u),
                       to=ids.bare(x.v), to_name=S.name(x.v), limit=x.limit, start=x.start, end=x.end,
                       instrument=x.instrument, statutory_basis=x.statutory_basis,
                       src=x.src) for x in path.links]
    fs = _chain_findings(S, path, matter, rules)
    void = start is not None and end is not None and start > end
    if void:
        note = ((note + " ") if note else "") + (
            "The links of this chain are never in force on the same day, so the power was never usable.")
    confirm = sorted({f.kind for f in fs if f.to_confirm})
    if confirm:  # a blank in the scheme (issue 14): a point to confirm, never an invalid power
        note = ((note + " ") if note else "") + "; ".join(KINDS[k].title for k in confirm) + "."
    return Power(
        lower_limit=d.lower_limit, conditions=conditions(d), reporting=reporting(S, d),
        matter=matter, matter_name=S.matter_name(matter), delegated_as=S.covering(d.matters, matter) or matter,
        delegation=d.id, from_body=ids.bare(d.u), from_name=S.name(d.u), instrument=d.instrument,
        statutory_basis=d.statutory_basis, own_limit=d.limit, limit=lim, limit_set_by=lim_by,
        start=start, end=end, valid=complete and not void and not [f for f in fs if not f.to_confirm],
        may_sub_delegate=d.sub_delegation_allowed,
        accountable_board=ids.bare(end_node) if complete else None,
        accountable_board_name=S.name(end_node) if complete else None,
        accountable_organisation=(S.owners(end_node) or [None])[0] if complete else None,
        chain=chain, complete=complete, note=note, findings=fs)


def _held(S: Scheme, node: str, on: dt.date | None) -> list[DelegationEdge]:
    """Delegations made to ``node``; for a person, also those to every post (office or class) they
    hold and every joint authority they are part of (on ``on``; None: at any date)."""
    out = list(S.incoming.get(node, []))
    if ids.is_person(node):
        for pid in posts_held(S, node, on):
            out += [d for d in S.incoming.get(ids.post(pid), [])
                    if holdings(S, pid, person=node, on=on, orgs=set(S.owners(d.u)) or None)]
        for jid in sorted(S.joints):
            if partly_met(S, jid, [node], on):
                out += S.incoming.get(ids.joint_authority(jid), [])
    return out


def _through(S: Scheme, person: str, p: Power, on: dt.date | None) -> Power:
    """A person's power held through a post or joint authority: say so, and narrow its dates to
    the positions through which they hold it."""
    d = S.delegs[p.delegation]
    if ids.is_person(d.v):
        return p
    orgs = set(S.owners(d.u)) or None
    upd: dict[str, object] = {"via": ids.bare(d.v), "via_type": ids.type_of(d.v)}
    if ids.is_post(d.v):
        hs = holdings(S, ids.bare(d.v), person=person, on=on, orgs=orgs)
        starts = [h.position.start for h in hs]
        ends = [h.position.end for h in hs]
        start = None if None in starts or not starts else min(s for s in starts if s)
        end = None if None in ends or not ends else max(e for e in ends if e)
        if start and (p.start is None or start > p.start):
            upd["start"] = start
        if end and (p.end is None or end < p.end):
            upd["end"] = end
        what = "class of posts" if S.is_class(ids.bare(d.v)) else "post"
        upd["note"] = " ".join(x for x in (p.note, f"Held as {S.label(d.v)} ({what}): "
                                           + "; ".join(h.text(S) for h in hs) + ".") if x)
    else:
        needs = "; ".join(requirement_text(S, g) for g in requirements(S, ids.bare(d.v)))
        upd["note"] = " ".join(x for x in (p.note, f"Only jointly, as part of {S.label(d.v)}: "
                                           f"a different person for each of {needs}.") if x)
    return p.model_copy(update=upd)


def powers_of(G: nx.MultiDiGraph, holder_id: str, *, on: dt.date | None = None,
              rules: Rules | None = None, chains: ChainSearch = search_chains) -> Powers:
    """What ``holder_id`` (a body, person, post or joint authority) may decide, from its chains.

    A person's powers include those delegated to a post (office or class)
    they hold and to a joint authority they are part of (``via`` names it;
    the dates narrow to their positions).

    For each delegation made to the holder (only those in force on ``on``, if
    given) and each matter in it, the best chain up to a board is found; if
    the delegator holds only narrower matters, the power narrows to those.
    A board's own reserved matters are listed, and a board is said to hold
    its organisation's functions.  Raises NotFound for an unknown holder.
    ``chains`` is the chain-search engine (as for :func:`~coigraph.delegation.trace_decision`).

    Cost: one bounded chain search per (delegation, matter).
    """
    rules = rules or Rules()
    S = Scheme.of(G)
    node = _holder_node(G, holder_id)
    powers: list[Power] = []
    for d in _held(S, node, on):
        if on is not None and not d.rec.in_force(on):
            continue
        start_node = d.v
        for m in d.matters:
            paths = chains(S, start_node, m, rules, first=[d])
            best = _best(S, paths, m, rules)
            if best.complete or best.reason not in ("no_delegation", "parent_mismatch") \
                    or len(best.links) != 1:
                powers.append(_power(S, d, m, best, rules, None))
                continue
            narrower = _narrower(S, d.u, m)
            found = False
            for n in narrower:
                p2 = _best(S, chains(S, start_node, n, rules, first=[d]), n, rules)
                if p2.complete:
                    found = True
                    powers.append(_power(S, d, n, p2, rules,
                                         f"Delegated as {S.matter_words(m)}, but {S.name(d.u)} holds only the "
                                         f"narrower {S.matter_words(n)}, so that is all it could pass on."))
            if not found:
                powers.append(_power(S, d, m, best, rules, None))
    reserved = [Reserved(matter=code, matter_name=S.matter_name(code), instrument=r.instrument,
                         src=r.src)
                for code, r in sorted(S.reserved.get(node, []), key=lambda x: x[0])]
    inherent = None
    if S.is_board(node):
        orgs = ", ".join(S.name(ids.org(o)) for o in S.owners(node))
        inherent = (f"As the board of {orgs}, it holds every function of {orgs} that it has not "
                    "delegated, and is accountable for those it has.")
    if ids.is_person(node):
        powers = [_through(S, node, p, on) for p in powers]
    powers.sort(key=lambda p: (p.matter, p.delegation))
    return Powers(holder=ids.bare(node), holder_type=str(ids.prefix_of(node)), holder_name=S.name(node),
                  holder_kind=S.kind(node) or S.post_kind(node), on=on,
                  inherent=inherent, reserved=reserved, powers=powers,
                  findings=dedupe(f for p in powers for f in p.findings))


__all__ = ["powers_of", "Powers", "Power", "Reserved", "ChainStep"]
