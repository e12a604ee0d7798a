"""Procurements as the graph holds them: stages and their dates, participants, bidders, the award's item.

Reading only (no analysis), so that screening (which links an agenda item to
the procurement whose award it takes) and the procurement analyses of
:mod:`coigraph.governance.procurement` read procurements the same way.

Example::

    >>> from coigraph.graph import load_graph                     # doctest: +SKIP
    >>> G = load_graph("data/northshire")                         # doctest: +SKIP
    >>> [ids.bare(p) for p in procurements_for_item(G, ids.item("icb-fic-2025-06.06"))]  # doctest: +SKIP
    ['nicb-ultrasound-2025']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx

from coigraph import ids, index, views
from coigraph.model import STAGE_ORDER, Stage


@dataclass(frozen=True)
class StageDates:
    """One stage of a procurement as recorded: its dates, the meeting it was taken at, the evidence."""

    stage: str
    start: dt.date | None
    end: dt.date | None
    meeting: str | None
    note: str | None
    src: str | None


def stage_rank(stage: Any) -> int:
    """The position of a stage in :data:`coigraph.model.STAGE_ORDER` (0: specification)."""
    return STAGE_ORDER.index(str(getattr(stage, "value", stage)))


def procurement_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Every procurement node of the graph, sorted by id (from the graph's index: no pass over the
    nodes once it is made)."""
    return list(index.of(G).procurements())


def stages_of(G: nx.MultiDiGraph, proc: str) -> dict[str, StageDates]:
    """The stages recorded for procurement ``proc`` (node id), by stage, in stage order."""
    out: dict[str, StageDates] = {}
    for _, _, _, st in views.out_edges(G, proc, "procurement_stage"):
        s = str(st.stage)
        out[s] = StageDates(s, st.start, st.end, st.meeting, st.note, st.src)
    return dict(sorted(out.items(), key=lambda kv: stage_rank(kv[0])))


def participants_of(G: nx.MultiDiGraph, proc: str) -> list[tuple[str, str, Any]]:
    """``(person node, edge key, view)`` for each participant row of ``proc``, sorted."""
    return sorted(((u, k, a) for u, _, k, a in views.in_edges(G, proc, "acts_in")), key=lambda x: (x[0], x[1]))


def bidders_of(G: nx.MultiDiGraph, proc: str) -> list[tuple[str, str, Any]]:
    """``(organisation node, edge key, view)`` for each bidder row of ``proc``, sorted."""
    return sorted(((u, k, a) for u, _, k, a in views.in_edges(G, proc, "bids_in")), key=lambda x: (x[0], x[1]))


def award_item(G: nx.MultiDiGraph, proc: str) -> str | None:
    """The agenda item (node id) that takes the award: the procurement's ``item``, else its decision's."""
    p = views.procurement(G, proc)
    if p.item:
        node = ids.item(p.item)
        return node if node in G else None
    if p.decision:
        d = ids.decision(p.decision)
        if d in G and views.decision(G, d).item:
            node = ids.item(views.decision(G, d).item)
            return node if node in G else None
    return None


def award_meeting(G: nx.MultiDiGraph, proc: str) -> str | None:
    """The meeting (node id) that takes the award decision, from its item or its stage record."""
    item = award_item(G, proc)
    if item is not None:
        return ids.meeting(views.item(G, item).meeting)
    st = stages_of(G, proc).get(Stage.award_decision.value)
    if st and st.meeting:
        node = ids.meeting(st.meeting)
        return node if node in G else None
    return None


def award_date(G: nx.MultiDiGraph, proc: str) -> dt.date | None:
    """When the award was decided: its stage's last day, its meeting's date, or its decision's date."""
    st = stages_of(G, proc).get(Stage.award_decision.value)
    if st and (st.end or st.start):
        return st.end or st.start
    meeting = award_meeting(G, proc)
    if meeting is not None:
        return views.meeting(G, meeting).date
    p = views.procurement(G, proc)
    if p.decision and ids.decision(p.decision) in G:
        return views.decision(G, ids.decision(p.decision)).date
    return None


def procurements_for_item(G: nx.MultiDiGraph, item: str) -> list[str]:
    """Procurements (node ids) whose award decision ``item`` takes, sorted.

    Cost: one pass over the procurement nodes (few, beside the people and the register).
    """
    return [p for p in procurement_nodes(G) if award_item(G, p) == item]


def reference_date(G: nx.MultiDiGraph, proc: str) -> dt.date | None:
    """The procurement's date for period filters: its award, else its latest stage, else its notice."""
    got = award_date(G, proc)
    if got is not None:
        return got
    dates = [d for s in stages_of(G, proc).values() for d in (s.end, s.start) if d]
    if dates:
        return max(dates)
    return views.procurement(G, proc).notice_date


__all__ = ["StageDates", "stage_rank", "procurement_nodes", "stages_of", "participants_of", "bidders_of",
           "award_item", "award_meeting", "award_date", "procurements_for_item", "reference_date"]
