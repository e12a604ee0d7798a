"""The scheme of delegation checked as a whole, whatever was decided under it.

Circles of authority, committees that can decide nothing, delegations to
bodies or people who are gone, the same matter held twice with different
limits, and each delegation's own checks over its own dates.
"""

from __future__ import annotations

import networkx as nx

from coigraph import ids, views
from coigraph.delegation.checks import (
    delegation_parents,
    is_sub_delegation,
    static_checks,
    sub_checks,
)
from coigraph.delegation.rules import Rules, overlaps
from coigraph.delegation.scheme import Scheme
from coigraph.findings import Finding, dedupe, finding
from coigraph.model import BodyKind
from coigraph.words import money, period


def audit_scheme(G: nx.MultiDiGraph, *, rules: Rules | None = None,
                 scheme: Scheme | None = None) -> list[Finding]:
    """Check the scheme of delegation itself, whatever was decided under it.

    * each delegation's own legality and guidance (foundation trust to a NED,
      ICB statutory function to a trust), sub-delegations not allowed by their
      parent or with higher limits than it;
    * circles of delegation for a matter;
    * committees with no delegation and no reserved powers;
    * delegations to bodies that were dissolved or people who hold no post (a delegation to a post,
      a class of posts or a joint authority is not checked: who holds a post is often simply not
      recorded, and a blank is not a finding);
    * the same delegate holding the same matter twice at once with different limits.

    Cost: O(delegations x matters) plus one strongly-connected-components pass
    per delegated matter.
    """
    rules = rules or Rules()
    S = scheme or Scheme.of(G)
    out: list[Finding] = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        out += static_checks(S, d, rules, d.start, d.end)
        if is_sub_delegation(S, d):
            for m in d.matters:
                parents = [p for p in delegation_parents(S, d, m)
                           if overlaps(p.start, p.end, d.start, d.end)]
                if not parents:
                    continue
                per_parent = [sub_checks(S, d, p, m) for p in parents]
                # a problem only if every parent it could rest on shows it
                for kind in ("sub_delegation_forbidden", "sub_delegation_limit_exceeds_parent"):
                    if rules.on(kind) and all(any(f.kind == kind for f in fs) for fs in per_parent):
                        out.append(next(f for fs in per_parent for f in fs if f.kind == kind))
    if rules.on("cycle"):
        out += _scheme_cycles(S)
    if rules.on("body_without_powers"):
        out += _bodies_without_powers(S)
    if rules.on("delegate_no_longer_exists"):
        out += _gone_delegates(S)
    if rules.on("overlapping_delegations"):
        out += _overlaps_with_different_limits(S)
    return dedupe(out)


def _scheme_cycles(S: Scheme) -> list[Finding]:
    """Circles of delegation: for each delegated matter, the strongly connected parts of the
    delegations that carry it (a matter, a broader or a narrower one)."""
    seen: set[tuple[str, ...]] = set()
    out: list[Finding] = []
    codes = sorted({m for d in S.delegs.values() for m in d.matters})
    for m in codes:
        H = nx.MultiDiGraph()
        for d in S.delegs.values():
            if any(S.related(m, x) for x in d.matters):
                H.add_edge(d.u, d.v, key=d.id)
        for comp in nx.strongly_connected_components(H):
            loop = tuple(sorted(k for u, v, k in H.edges(keys=True) if u in comp and v in comp))
            if not loop or loop in seen:
                continue
            seen.add(loop)
            bodies = " -> ".join(S.name(n) for n in sorted(comp))
            out.append(finding(
                "cycle", f"Delegations {', '.join(loop)} form a circle for {S.matter_words(m)} among {bodies}: "
                "authority in a circle has no source, so none of these bodies can rely on it.",
                [S.delegs[i].src for i in loop], delegation=loop[0]))
    return out


#: Bodies that can decide only what is delegated or reserved to them.
_NEEDS_POWERS = {BodyKind.committee.value, BodyKind.sub_committee.value,
                 BodyKind.joint_committee.value, BodyKind.committees_in_common.value}


def _bodies_without_powers(S: Scheme) -> list[Finding]:
    out = []
    for n, body in sorted(views.nodes_of(S.G, "body"), key=lambda x: x[0]):
        if body.kind not in _NEEDS_POWERS:
            continue
        if S.incoming.get(n) or S.reserved.get(n):
            continue
        silent = [o for o in body.owners if not S.scheme_in_data(str(o))]
        if silent:  # issue 14: the scheme is not in the data at all, so its powers are not known
            out.append(finding(
                "body_without_powers",
                f"{S.label(n)}, a {str(body.kind).replace('_', ' ')}, has no delegation and no "
                "reserved powers in the data, but the data holds none of the scheme of delegation of "
                + ", ".join(S.name(ids.org(str(o))) for o in silent)
                + ", so what it may decide is not known: to confirm against the scheme.",
                [body.src], body=ids.bare(n)).model_copy(update={"to_confirm": True}))
            continue
        out.append(finding(
            "body_without_powers",
            f"{S.label(n)}, a {str(body.kind).replace('_', ' ')}, has no delegation and no "
            "reserved powers in the data, so it can decide nothing: add its delegation, or record "
            "it as advisory only.",
            [body.src], body=ids.bare(n)))
    return out


def _gone_delegates(S: Scheme) -> list[Finding]:
    out = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        if ids.is_body(d.v):
            body = views.body(S.G, d.v) if d.v in S.G else None
            b_end = body.end if body is not None else None
            if b_end is not None and (d.end is None or d.end > b_end):
                out.append(finding(
                    "delegate_no_longer_exists",
                    f"Delegation {d.id} to {S.label(d.v)} runs "
                    + (f"until {d.end.isoformat()}" if d.end else "with no end date")
                    + f", but that body ceased on {b_end.isoformat()}.",
                    [d.src, body.src if body is not None else None], delegation=d.id,
                    body=ids.bare(d.v)))
        elif ids.is_person(d.v):
            posts = S.positions.get(d.v, [])
            if not posts:
                out.append(finding(
                    "delegate_no_longer_exists",
                    f"Delegation {d.id} is made to {S.label(d.v)}, who holds no post in the data.",
                    [d.src], delegation=d.id, person=ids.bare(d.v)))
                continue
            ends = [p.end for p in posts]
            if all(e is not None for e in ends):
                last = max(e for e in ends if e is not None)
                if d.end is None or d.end > last:
                    out.append(finding(
                        "delegate_no_longer_exists",
                        f"Delegation {d.id} to {S.label(d.v)} runs "
                        + (f"until {d.end.isoformat()}" if d.end else "with no end date")
                        + f", but every post they held had ended by {last.isoformat()}.",
                        [d.src, *(p.src for p in posts)], delegation=d.id,
                        person=ids.bare(d.v)))
    return out


def _overlaps_with_different_limits(S: Scheme) -> list[Finding]:
    out = []
    for v in sorted(S.incoming):
        ds = S.incoming[v]
        for i, a in enumerate(ds):
            for b in ds[i + 1:]:
                if a.limit == b.limit or not overlaps(a.start, a.end, b.start, b.end):
                    continue
                common = sorted({x for x in a.matters for y in b.matters if S.related(x, y)})
                if not common:
                    continue
                out.append(finding(
                    "overlapping_delegations",
                    f"{S.label(v)} holds '{', '.join(common)}' under both {a.id} ({money(a.limit)}, "
                    f"{period(a.start, a.end)}) and {b.id} ({money(b.limit)}, "
                    f"{period(b.start, b.end)}): which limit applies is unclear.",
                    [a.src, b.src], delegation=a.id,
                    **({"body": ids.bare(v)} if ids.is_body(v) else {"person": ids.bare(v)})))
    return out


__all__ = ["audit_scheme"]
