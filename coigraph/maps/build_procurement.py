"""The map of a procurement: its stages, who acted at each, and the conflict paths to the bidders.

Read left to right, in lanes laid out for the window (:func:`~coigraph.maps.layout.lanes`,
as a meeting's): the procurement, its
stages in order (top to bottom), the people acting at each stage, the nodes
along their interest paths, and the bidders or providers considered.  Each
conflict of the assessment (:func:`coigraph.governance.procurement.screen_procurement`)
is drawn in the look of its level, and is a :class:`MapPath` the page
highlights whole (the stages the person acted at, their interest path, the
bidder) with its evidence rows; a gift or hospitality from a bidder is the
register entry's own line.  A stage is drawn as a shape of the
procurement's kind (a part of it), not as a record of its own.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.governance.procurement import screen_procurement
from coigraph.maps.evidence import display_name, map_edge, map_node, value_words
from coigraph.maps.layout import lanes, shape_height
from coigraph.maps.records import MAX_NODES, Map, MapEdge, MapNode, MapPath, Row, edge_id, wrap
from coigraph.maps.styles import level_highlight, sentence, style_of_edge
from coigraph.policy import LEVEL_WEIGHT, Level
from coigraph.words import period


def _path_edge(G: nx.MultiDiGraph, e: Any) -> tuple[str, str, str] | None:
    u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
    return (u, v, e.key) if G.has_edge(u, v, e.key) else None


def _synthetic(u: str, v: str, key: str, t: str, label: str, details: list[Row]) -> MapEdge:
    style = style_of_edge(t)
    return MapEdge(id=edge_id(u, v, key), source=u, target=v, type=t, label=label,
                   title=f"{style.label}: {label}", details=[Row("Type", style.label), *details])


def procurement_map(G: nx.MultiDiGraph, procurement_id: str, *, max_nodes: int = MAX_NODES) -> Map:
    """The map of procurement ``procurement_id``: stages, people acting at each, conflict paths, bidders.

    Cost: one conflicts assessment of the procurement, plus the map.
    """
    a = screen_procurement(G, procurement_id)
    proc = ids.procurement(a.procurement.id)
    path_len = max([len(c.path.edges) for c in a.conflicts if c.path] or [1])
    col_bidder = 3 + max(1, path_len)
    level: dict[str, int] = {proc: 0}
    extra: dict[str, list[Row]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, tuple[str, str, str]] = {}
    synthetic: list[MapEdge] = []
    stage_nodes: list[MapNode] = []
    paths: list[MapPath] = []
    stage_id = {s.stage.value: f"{proc}#{i}-{s.stage.value}" for i, s in enumerate(a.stages)}  # in order
    for s in a.stages:
        sid = stage_id[s.stage.value]
        dates = period(s.start, s.end) if (s.start or s.end) else "dates not recorded"
        stage_nodes.append(MapNode(
            id=sid, type="procurement", label=wrap(f"{sentence(s.stage.value)}\n{dates}"),
            title=f"Stage: {sentence(s.stage.value)} ({dates})", level=1,
            details=[Row("Type", "Stage of a procurement"), Row("Stage", sentence(s.stage.value)),
                     Row("Dates", dates), Row("Meeting", s.meeting or "none"),
                     Row("Acting", ", ".join(s.participants) or "none recorded"),
                     Row("Bidders considered", ", ".join(s.bidders) or "none recorded"),
                     Row("Source (file:row)", s.evidence or "not recorded", "source")],
            search=f"{a.procurement.id} {s.stage.value}"))
        synthetic.append(_synthetic(sid, proc, "stage", "procurement_stage", sentence(s.stage.value),
                                    [Row("Procurement", a.procurement.title),
                                     Row("Stage", sentence(s.stage.value))]))
    for b in a.bidders:  # one line to the last stage it was considered at (all of them in its evidence)
        onode, last = ids.org(b.organisation), b.stages[-1].value
        level[onode] = col_bidder
        extra[onode].append(Row("Considered at", ", ".join(sentence(x.value) for x in b.stages)))
        if last in stage_id:
            synthetic.append(_synthetic(onode, stage_id[last], "bids_in", "bids_in",
                                        f"considered to {sentence(last).lower()}",
                                        [Row("Bidder", b.name),
                                         Row("Stages", ", ".join(sentence(x.value) for x in b.stages)),
                                         Row("Outcome", value_words(b.outcome) if b.outcome else "not recorded")]))
    acts: dict[tuple[str, str], list[str]] = defaultdict(list)  # (person node, stage) -> its lines
    for r in a.participants:
        pnode = ids.person(r.person)
        level[pnode] = 2
        extra[pnode].append(Row(f"{sentence(r.role)} ({r.recorded_as})", ", ".join(sentence(x.value) for x in r.stages)))
        for st in r.stages:
            e = _synthetic(stage_id[st.value], pnode, f"acts_in:{st.value}:{r.role}", "acts_in",
                           sentence(r.role), [Row("Person", r.name), Row("Stage", sentence(st.value)),
                                              Row("Evidence", ", ".join(r.evidence), "source")])
            synthetic.append(e)
            acts[(pnode, st.value)].append(e.id)
    for c in a.conflicts:
        pnode, onode = ids.person(c.person), ids.org(c.organisation)
        lv = c.level.value
        verdict = f"{sentence(lv)}: {c.action_text} ({c.management.replace('_', ' ')})"
        extra[pnode] += [Row(f"Conflict with {c.organisation_name}", verdict, "finding"),
                         Row("Why", c.interest, "note")]
        extra[onode].append(Row(f"{c.person_name} ({', '.join(c.roles)})", verdict, "finding"))
        for n in (pnode, onode):
            marks[n].append(lv)
        path_nodes = [stage_id[st.value] for st in c.stages if st.value in stage_id]
        path_edges = [eid for st in c.stages for eid in acts.get((pnode, st.value), [])]
        steps: list[Row] = []
        if c.path is not None:
            path_nodes += [pn.id for pn in c.path.nodes]
            for i, pn in enumerate(c.path.nodes[1:-1], start=1):
                level.setdefault(pn.id, min(2 + i, col_bidder - 1))
            names = {pn.id: pn.name for pn in c.path.nodes}
            for i, step in enumerate(c.path.edges, 1):
                steps.append(Row(f"Step {i}" + (f" [{step.evidence}]" if step.evidence else ""),
                                 f"{names.get(step.source, step.source)} {step.label} "
                                 f"{names.get(step.target, step.target)}", "step"))
                ge = _path_edge(G, step)
                if ge is not None:
                    eid = edge_id(*ge)
                    edges[eid] = ge
                    marks[eid].append(lv)
                    path_edges.append(eid)
        else:
            path_nodes += [pnode, onode]
        for g in c.gifts:
            for u, v, k, _ in views.out_edges(G, pnode, "gift"):
                if v == onode and k.endswith(":" + g.id):
                    edges[edge_id(u, v, k)] = (u, v, k)
                    marks[edge_id(u, v, k)].append(lv)
                    path_edges.append(edge_id(u, v, k))
            steps.append(Row(f"{sentence(g.kind)} {g.date.isoformat()}"
                             + (f" [{g.evidence}]" if g.evidence else ""), g.description, "step"))
        paths.append(MapPath(
            id=f"path-{len(paths) + 1}", overlay=level_highlight(lv),
            title=f"{c.person_name} → {c.organisation_name}", person=pnode, item=onode,
            nodes=list(dict.fromkeys(path_nodes)), edges=list(dict.fromkeys(path_edges)),
            rows=[Row("Level", sentence(lv), "finding"), Row("Action", c.action_text, "action"),
                  Row("Rule", f"{c.rule_id}: {c.rule_text}"),
                  Row("Stages", ", ".join(sentence(st.value) for st in c.stages)),
                  Row("Managed", c.management_text, "finding"), *steps, Row("Why", c.interest, "note")]))
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
        m.details = m.details[:2] + extra.get(n, []) + m.details[2:]  # the procurement first, then the record
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
    # lanes laid out for the window, as a meeting's: the procurement, stages, people, path steps, bidders
    columns: list[list[str]] = [[] for _ in range(col_bidder + 1)]
    stage_order = {s.id: i for i, s in enumerate(stage_nodes)}
    for n in nodes:
        columns[nodes[n].level or 0].append(n)
    for c in columns:
        c.sort(key=lambda x: (0, stage_order[x]) if x in stage_order else (1, display_name(G, x)))
    cols = [c for c in columns if c]
    pos = lanes(cols, [(e.source, e.target) for e in out], keep=[i for i, c in enumerate(cols)
                                                                  if any(x in stage_order for x in c)],
                heights={n: shape_height(m.type, m.label) for n, m in nodes.items()})
    for n, (x, y) in pos.items():
        nodes[n].x, nodes[n].y = x, y
    shown = {e.id for e in out}
    drawn = [p for p in paths if p.person in nodes and p.item in nodes]
    for p in drawn:
        p.nodes = [x for x in p.nodes if x in nodes]
        p.edges = [x for x in p.edges if x in shown]
    if not a.decision_makers.recorded:
        notes.append(f"Decision-makers not recorded: {a.decision_makers.how}.")
    n = len(a.conflicts)
    return Map(kind="procurement", title=f"Procurement: {a.procurement.title}",
               subtitle=(f"{a.procurement.regime_text}. {n} conflict{'s' if n != 1 else ''} between the people "
                         "acting and the bidders. Read left to right: the procurement, its stages, who acted "
                         "at each, their interest paths, the bidders."),
               nodes=sorted(nodes.values(), key=lambda m: m.id), edges=out, notes=notes,
               layout="fixed", direction="LR", focus=proc,
               paths=drawn)


__all__ = ["procurement_map"]
