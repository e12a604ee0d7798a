"""The map of a procurement: its stages, who acted at each, and the conflict paths to the bidders.

Read left to right, in columns (vis-network levels): the procurement, its
stages in order (top to bottom), the people acting at each stage, the nodes
along their interest paths, and the bidders or providers considered.  Each
conflict of the assessment (:func:`coigraph.governance.procurement.screen_procurement`)
is drawn in the colour of its level; a gift or hospitality from a bidder as
the register entry's own line.  A stage is drawn as a shape of the
procurement's kind (a part of it), not as a record of its own.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.governance.procurement import screen_procurement
from coigraph.maps.evidence import map_edge, map_node
from coigraph.maps.records import MAX_NODES, Map, MapEdge, MapNode, edge_id, wrap
from coigraph.maps.styles import human, level_highlight, style_of_edge
from coigraph.policy import LEVEL_WEIGHT, Level
from coigraph.words import period


def _path_edge(G: nx.MultiDiGraph, e: Any) -> tuple[str, str, str] | None:
    u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
    return (u, v, e.key) if G.has_edge(u, v, e.key) else None


def _synthetic(u: str, v: str, key: str, t: str, label: str, details: list[tuple[str, str]]) -> MapEdge:
    style = style_of_edge(t)
    return MapEdge(id=edge_id(u, v, key), source=u, target=v, type=t, label=label,
                   title=f"{style.label}: {label}", details=[("Type", style.label), *details])


def procurement_map(G: nx.MultiDiGraph, procurement_id: str, *, max_nodes: int = MAX_NODES) -> Map:
    """The map of procurement ``procurement_id``: stages, people acting at each, conflict paths, bidders.

    Cost: one conflicts assessment of the procurement, plus the map.
    """
    a = screen_procurement(G, procurement_id)
    proc = ids.procurement(a.procurement.id)
    path_len = max([len(c.path.edges) for c in a.conflicts if c.path] or [1])
    col_bidder = 3 + max(1, path_len)
    level: dict[str, int] = {proc: 0}
    extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, tuple[str, str, str]] = {}
    synthetic: list[MapEdge] = []
    stage_nodes: list[MapNode] = []
    stage_id = {s.stage.value: f"{proc}#{i}-{s.stage.value}" for i, s in enumerate(a.stages)}  # in order
    for s in a.stages:
        sid = stage_id[s.stage.value]
        dates = period(s.start, s.end) if (s.start or s.end) else "dates not recorded"
        stage_nodes.append(MapNode(
            id=sid, type="procurement", label=wrap(f"{human(s.stage.value)}\n{dates}"),
            title=f"Stage: {human(s.stage.value)} ({dates})", level=1,
            details=[("Type", "Stage of a procurement"), ("Stage", human(s.stage.value)), ("Dates", dates),
                     ("Meeting", s.meeting or "none"), ("Acting", ", ".join(s.participants) or "none recorded"),
                     ("Bidders considered", ", ".join(s.bidders) or "none recorded"),
                     ("Source (file:row)", s.evidence or "not recorded")]))
        synthetic.append(_synthetic(sid, proc, "stage", "procurement_stage", human(s.stage.value),
                                    [("Procurement", a.procurement.title), ("Stage", human(s.stage.value))]))
    for b in a.bidders:  # one line to the last stage it was considered at (all of them in its evidence)
        onode, last = ids.org(b.organisation), b.stages[-1].value
        level[onode] = col_bidder
        extra[onode].append(("Considered at", ", ".join(human(x.value) for x in b.stages)))
        if last in stage_id:
            synthetic.append(_synthetic(onode, stage_id[last], "bids_in", "bids_in",
                                        f"considered to {human(last).lower()}",
                                        [("Bidder", b.name), ("Stages", ", ".join(x.value for x in b.stages)),
                                         ("Outcome", b.outcome.value if b.outcome else "not recorded")]))
    for r in a.participants:
        pnode = ids.person(r.person)
        level[pnode] = 2
        extra[pnode].append((f"{human(r.role)} ({r.recorded_as})", ", ".join(x.value for x in r.stages)))
        for st in r.stages:
            synthetic.append(_synthetic(stage_id[st.value], pnode, f"acts_in:{st.value}:{r.role}", "acts_in",
                                        human(r.role), [("Person", r.name), ("Stage", human(st.value)),
                                                        ("Evidence", ", ".join(r.evidence))]))
    for c in a.conflicts:
        pnode, onode = ids.person(c.person), ids.org(c.organisation)
        verdict = f"{human(c.level.value)}: {c.action_text} ({c.management.replace('_', ' ')})"
        extra[pnode] += [(f"Conflict with {c.organisation_name}", verdict), ("Why", c.interest)]
        extra[onode].append((f"{c.person_name} ({', '.join(c.roles)})", verdict))
        for n in (pnode, onode):
            marks[n].append(c.level.value)
        if c.path is not None:
            for i, pn in enumerate(c.path.nodes[1:-1], start=1):
                level.setdefault(pn.id, min(2 + i, col_bidder - 1))
            for step in c.path.edges:
                ge = _path_edge(G, step)
                if ge is not None:
                    eid = edge_id(*ge)
                    edges[eid] = ge
                    marks[eid].append(c.level.value)
        for g in c.gifts:
            for u, v, k, _ in views.out_edges(G, pnode, "gift"):
                if v == onode and k.endswith(":" + g.id):
                    edges[edge_id(u, v, k)] = (u, v, k)
                    marks[edge_id(u, v, k)].append(c.level.value)
    notes: list[str] = []
    keep = {n for n in level if n in G}
    if len(keep) + len(stage_nodes) > max_nodes:
        quiet = sorted(n for n in keep if ids.is_person(n) and not marks.get(n))
        drop = set(quiet[: len(keep) + len(stage_nodes) - max_nodes])
        keep -= drop
        notes.append(f"{len(drop)} people acting with no conflict left out, to keep the map readable.")
    nodes: dict[str, MapNode] = {n: map_node(G, n) for n in sorted(keep)}
    for n, m in nodes.items():
        m.level = level[n]
        m.details += extra.get(n, [])
        worst = max((lv for lv in marks.get(n, [])), key=lambda lv: LEVEL_WEIGHT[Level(lv)], default=None)
        m.highlight = level_highlight(worst) if worst else None
    if proc in nodes:
        nodes[proc].label = wrap(a.procurement.title)
    nodes.update({s.id: s for s in stage_nodes})
    out = []
    for eid, (u, v, k) in sorted(edges.items()):
        if u in nodes and v in nodes:
            e = map_edge(G, u, v, k, G.edges[u, v, k])
            worst = max(marks.get(eid, []), key=lambda lv: LEVEL_WEIGHT[Level(lv)], default=None)
            e.highlight = level_highlight(worst) if worst else None
            out.append(e)
    out += [e for e in synthetic if e.source in nodes and e.target in nodes]
    out.sort(key=lambda e: e.id)
    if not a.decision_makers.recorded:
        notes.append(f"Decision-makers not recorded: {a.decision_makers.how}.")
    n = len(a.conflicts)
    return Map(kind="procurement", title=f"Procurement: {a.procurement.title}",
               subtitle=(f"{a.procurement.regime_text}. {n} conflict{'s' if n != 1 else ''} between the people "
                         "acting and the bidders. Read left to right: the procurement, its stages, who acted "
                         "at each, their interest paths, the bidders."),
               nodes=sorted(nodes.values(), key=lambda m: m.id), edges=out, notes=notes,
               layout="hierarchical", direction="LR", focus=proc)


__all__ = ["procurement_map"]
