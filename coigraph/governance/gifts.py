"""The register of gifts, hospitality and sponsorship checked against the policy's thresholds and the agendas.

Two kinds of check, both with thresholds and look-back read from the policy
values (:mod:`coigraph.governance.values`, default the 2017 figures of NHS
England's guidance, each labelled with its source):

* the register's own entries (:func:`register_findings`): a gift above the
  declaration threshold not declared (``gift_not_declared``); a gift from a
  supplier or bidder accepted above the promotional-item limit
  (``gift_from_supplier_accepted``); hospitality above its declaration
  threshold not declared (``hospitality_not_declared``) or above its
  approval threshold accepted with no approval recorded
  (``hospitality_not_approved``: to confirm, as a blank approval is not a
  refusal).  A blank (value, accepted, declared) is unknown and never gives
  a breach.
* gifts as interests (:func:`item_findings`): a gift or hospitality accepted,
  within the look-back before a meeting, from an organisation an agenda item
  listed as affected, by someone in the room for the item
  (``gift_from_affected_organisation``, ``hospitality_from_affected_organisation``).
  Gifts from bidders in a procurement are screened with the procurement
  (:mod:`coigraph.governance.procurement`), stage by stage; an award item's
  bidders are left to it here.

Suppliers are the organisations that bid in (or are providers considered by)
any procurement of the data, those an agenda item awarded a contract, and
those with a ``contracts_with`` relation to a commissioner.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from coigraph import ids, procurements, views
from coigraph.findings import Finding, dedupe, finding
from coigraph.governance.values import PolicyValues, load_values
from coigraph.graph import node_name as _name
from coigraph.model import COMMISSIONER_KINDS, Effect, OrgRelationKind, Stage
from coigraph.quorum import meeting_roll
from coigraph.section import AuditContext, Cell, Section
from coigraph.words import money


def suppliers(G: nx.MultiDiGraph) -> set[str]:
    """Organisations (node ids) doing or seeking business: bidders and providers in any
    procurement of the data, those an agenda item awarded a contract, and those contracting with a
    commissioner (ICB, NHS England)."""
    out = {u for u, _, t in G.edges(data="type") if t == "bids_in"}
    out |= {v for _, v, a in G.edges(data=True) if a.get("type") == "affects"
            and str(a.get("effect")) == Effect.award.value}
    for u, v, a in G.edges(data=True):  # contracts with a commissioner (as the composition rules read)
        if a.get("type") == "org_relation" and str(a.get("kind")) == OrgRelationKind.contracts_with.value:
            for mine, other in ((u, v), (v, u)):
                if other in G and str(G.nodes[other].get("kind")) in COMMISSIONER_KINDS:
                    out.add(mine)
    return out


def gift_edges(G: nx.MultiDiGraph, date_from: dt.date | None = None,
               date_to: dt.date | None = None) -> list[tuple[str, str, Any]]:
    """``(person node, giver node, view)`` for every register entry dated in the period, sorted."""
    out = []
    for u, v, _k, a in G.edges(keys=True, data=True):
        if a.get("type") != "gift":
            continue
        g = views.gift(a)
        if (date_from and g.date < date_from) or (date_to and g.date > date_to):
            continue
        out.append((u, v, g))
    return sorted(out, key=lambda x: (x[2].date, str(x[2].id)))


def giver(G: nx.MultiDiGraph, g: Any) -> str:
    """Who an entry came from, in words."""
    return _name(G, ids.org(g.organisation)) if g.organisation else str(g.donor)


def _entry_words(G: nx.MultiDiGraph, g: Any) -> str:
    value = money(g.value) if g.value is not None else "value not recorded"
    return (f"{_name(G, ids.person(g.person))} accepted {g.kind} from {giver(G, g)} on {g.date.isoformat()} "
            f"({value}): {g.description}")


def register_findings(G: nx.MultiDiGraph, values: PolicyValues | None = None,
                      date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Finding]:
    """The register's entries in the period against the thresholds (see the module docstring)."""
    values = values or load_values()
    sup = suppliers(G)
    out: list[Finding] = []
    gv, hv = values.gifts, values.hospitality
    for _u, v, g in gift_edges(G, date_from, date_to):
        if g.accepted is not True or g.value is None:
            continue
        about = {"person": g.person, "organisation": g.organisation}
        kind, value, what = str(g.kind), float(g.value), _entry_words(G, g)
        ev = [g.src]
        if kind == "gift":
            if g.declared is False and value > gv.declare_above.value:
                out.append(finding("gift_not_declared", f"{what}. It is over the {money(gv.declare_above.value)} "
                                   "declaration threshold and the recipient did not declare it"
                                   + (f" ({g.note})" if g.note else "") + ".", ev, **about))
            if v in sup and value > gv.supplier_promotional_limit.value:
                out.append(finding("gift_from_supplier_accepted",
                                   f"{what}. {giver(G, g)} bids for or holds contracts in the data, and the "
                                   f"gift is over the {money(gv.supplier_promotional_limit.value)} limit for "
                                   "promotional items: it should have been declined.", ev, **about))
        elif kind == "hospitality":
            if g.declared is False and value > hv.declare_above.value:
                out.append(finding("hospitality_not_declared",
                                   f"{what}. It is over the {money(hv.declare_above.value)} declaration "
                                   "threshold and the recipient did not declare it"
                                   + (f" ({g.note})" if g.note else "") + ".", ev, **about))
            if value > hv.approve_above.value and not g.approved_by and not g.approval:
                out.append(finding("hospitality_not_approved",
                                   f"{what}. It is over the {money(hv.approve_above.value)} threshold above which "
                                   "hospitality is refused unless approved, and no approval is recorded: "
                                   "confirm whether it was approved.",
                                   ev, **about))
    return out


def _award_bidders(G: nx.MultiDiGraph) -> set[tuple[str, str]]:
    """(item, organisation) pairs an award item's procurement screens itself (bidders at the award)."""
    out = set()
    for proc in procurements.procurement_nodes(G):
        item = procurements.award_item(G, proc)
        if item is None:
            continue
        for o, _, b in procurements.bidders_of(G, proc):
            if Stage.award_decision.value in {str(s) for s in b.stages}:
                out.add((item, o))
    return out


def item_findings(G: nx.MultiDiGraph, values: PolicyValues | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Finding]:
    """Gifts and hospitality from organisations affected by items of meetings in the period.

    Cost: per meeting, its roll times the gifts of the people on it.
    """
    values = values or load_values()
    days = dt.timedelta(days=values.lookback_days)
    least = values.procurement.from_affected_organisation
    skip = _award_bidders(G)
    out: list[Finding] = []
    for m, mt in sorted(views.nodes_of(G, "meeting"), key=lambda x: (x[1].date, x[0])):
        if (date_from and mt.date < date_from) or (date_to and mt.date > date_to):
            continue
        roll = meeting_roll(G, m)
        gifts = {e.person: [g for _, _, _, g in views.out_edges(G, ids.person(e.person), "gift")
                            if g.accepted is True and g.organisation and mt.date - days <= g.date <= mt.date]
                 for e in roll}
        if not any(gifts.values()):
            continue
        for item, _, _, _ in views.in_edges(G, m, "item_of"):
            it = views.item(G, item)
            affected = {ids.org(str(a.organisation)) for _, _, _, a in views.out_edges(G, item, "affects")
                        if str(a.effect) != Effect.information.value}
            for e in roll:
                if not e.present_for(str(it.number or "")):
                    continue
                for g in gifts.get(e.person, []):
                    org = ids.org(str(g.organisation))
                    if org not in affected or (item, org) in skip:
                        continue
                    kind = ("hospitality_from_affected_organisation" if str(g.kind) == "hospitality"
                            else "gift_from_affected_organisation")
                    out.append(finding(
                        kind, f"{_entry_words(G, g)}. {giver(G, g)} is affected by item {it.number} "
                        f"({it.title}) of {mt.title or ids.bare(m)} on {mt.date.isoformat()}, and "
                        f"{e.name} is in the room for it: {least.action.value.replace('_', ' ')} at least "
                        f"({least.source})", [g.src, *e.evidence], person=e.person,
                        organisation=str(g.organisation), meeting=ids.bare(m), item=ids.bare(item)))
    return out


def gift_rows(G: nx.MultiDiGraph, date_from: dt.date | None, date_to: dt.date | None,
              findings: list[Finding]) -> list[list[Cell]]:
    """One row per register entry in the period, with the kinds of finding on its person and giver."""
    rows: list[list[Cell]] = []
    for _u, _v, g in gift_edges(G, date_from, date_to):
        kinds = sorted({f.kind for f in findings if f.person == g.person
                        and (f.organisation == g.organisation or g.organisation is None)
                        and f.kind in ("gift_not_declared", "gift_from_supplier_accepted",
                                       "hospitality_not_declared", "hospitality_not_approved")
                        and any(str(g.src) == e for e in f.evidence)})
        yes_no = {True: "yes", False: "no", None: "not recorded"}
        approved = (_name(G, ids.person(g.approved_by)) if g.approved_by else g.approval) or ""
        rows.append([str(g.id), _name(G, ids.person(g.person)), giver(G, g), str(g.kind),
                     money(g.value, none="not recorded"), g.date.isoformat(), yes_no[g.accepted],
                     yes_no[g.declared], approved, ", ".join(kinds)])
    return rows


def gifts_section(ctx: AuditContext) -> Section:
    """The gifts, hospitality and sponsorship register in the period, and gifts as interests on items."""
    values = ctx.values or load_values()
    findings = dedupe([*register_findings(ctx.G, values, ctx.date_from, ctx.date_to),
                       *item_findings(ctx.G, values, ctx.date_from, ctx.date_to)])
    rows = gift_rows(ctx.G, ctx.date_from, ctx.date_to, findings)
    gv, hv = values.gifts, values.hospitality
    return Section(
        id="gifts", title="Gifts, hospitality and sponsorship",
        summary=(f"{len(rows)} register entr{'y' if len(rows) == 1 else 'ies'} checked against the "
                 f"thresholds of the policy values ({values.name}): gifts declared over "
                 f"{money(gv.declare_above.value)}, suppliers' gifts declined over "
                 f"{money(gv.supplier_promotional_limit.value)}, hospitality declared over "
                 f"{money(hv.declare_above.value)} and approved over {money(hv.approve_above.value)} "
                 "(by default NHS England's 2017 figures; the current guidance's could not be read); and "
                 f"gifts from organisations on the agendas of the people in the room; {len(findings)} "
                 f"finding{'s' if len(findings) != 1 else ''}."
                 if rows else "No gifts, hospitality or sponsorship in the data for this period."),
        columns=["entry", "person", "from", "kind", "value", "date", "accepted", "declared", "approved by",
                 "findings"],
        rows=rows, findings=findings)


__all__ = ["suppliers", "gift_edges", "giver", "register_findings", "item_findings", "gift_rows",
           "gifts_section"]
