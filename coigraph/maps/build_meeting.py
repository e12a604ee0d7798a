"""The conflicts map of a meeting, drawn from its screening.

Read left to right, in columns (vis-network levels): the people on the roll,
the nodes along their interest paths, the organisations the items affect, the
items, the meeting.  Each finding's path is drawn in the colour of its level
(:data:`~coigraph.maps.styles.LEVEL_LOOK`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.maps.evidence import map_edge, map_node
from coigraph.maps.records import MAX_NODES, Map, MapEdge, edge_id
from coigraph.maps.styles import INFERRED, human, level_highlight
from coigraph.policy import LEVEL_WEIGHT, Level
from coigraph.screening import screen_meeting


def _heaviest(levels: Iterable[str]) -> str | None:
    known = [lv for lv in levels if lv in Level.__members__]
    return max(known, key=lambda lv: LEVEL_WEIGHT[Level(lv)]) if known else None


def _overlay(levels: Iterable[str]) -> str | None:
    worst = _heaviest(levels)
    return level_highlight(worst) if worst else None


def _path_edge(G: nx.MultiDiGraph, e: Any) -> tuple[str, str, str] | None:
    """The graph edge ``(u, v, key)`` behind a step of an interest path (walked either way)."""
    u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
    return (u, v, e.key) if G.has_edge(u, v, e.key) else None


def meeting_map(G: nx.MultiDiGraph, meeting_id: str, *, as_of: dt.date | None = None,
                max_nodes: int = MAX_NODES) -> Map:
    """The conflicts map of a meeting, read left to right: people, interest paths,
    affected organisations, items, the meeting.

    Built from :func:`coigraph.screening.screen_meeting`: everyone on the roll,
    each item and the organisations it affects (listed, or inferred from its
    wording: dashed), and each finding's interest path drawn in the colour of
    its level.  Each person's evidence lists their findings and actions, each
    item's its findings and quorum.  Above ``max_nodes``, people with no
    finding are left out (with a note).  Cost: one screening of the meeting.
    """
    s = screen_meeting(G, meeting_id, as_of=as_of)
    mnode = ids.meeting(s.meeting.id)
    findings = [(it, f) for it in s.items for f in it.findings]
    path_len = max([len(f.path.edges) for _, f in findings] or [1])
    col_org = max(1, path_len)  # columns: people 0, path nodes, organisations, items, meeting
    level: dict[str, int] = {}
    extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, tuple[str, str, str]] = {}
    synthetic: list[MapEdge] = []

    roll = {ids.person(r.person): r for r in s.roll}
    for p, r in roll.items():
        level[p] = 0
        extra[p].append(("At this meeting", ", ".join(
            x for x in (r.status.replace("_", " "), "votes" if r.voting else "does not vote",
                        "; ".join(x.replace("_", " ") for x in r.roles)) if x)))
    for it in s.items:
        inode = ids.item(it.id)
        level[inode] = col_org + 1
        edges[edge_id(inode, mnode, "item_of")] = (inode, mnode, "item_of")
        for a in it.affected:
            onode = ids.org(a.organisation)
            level[onode] = col_org
            extra[onode].append((f"Affected by item {it.number}",
                                 f"{a.effect.value.replace('_', ' ')} ({a.source})"))
            keys = [k for _, v, k, _e in views.out_edges(G, inode, "affects") if v == onode]
            for k in keys:
                edges[edge_id(inode, onode, k)] = (inode, onode, k)
            if not keys:
                words = ", ".join(repr(w) for w in a.matched_words) or "the item's wording"
                synthetic.append(MapEdge(
                    id=edge_id(inode, onode, "inferred"), source=inode, target=onode, type="affects",
                    label=a.effect.value.replace("_", " ") + "?",
                    title=f"Item {it.number} may affect {a.name} (named in its title or summary)",
                    details=[("Type", "Item affects organisation (inferred)"),
                             ("Item", f"Item {it.number}: {it.title}"), ("Organisation", a.name),
                             ("Matched words", words),
                             ("Effect", a.effect.value + (" (a guess)" if a.effect_guessed else ""))],
                    highlight=INFERRED))
        extra[inode].append(("Quorum", f"{it.quorum.status.replace('_', ' ')}: {it.quorum.explanation}"))
        for note in it.notes:
            extra[inode].append(("Note", note))
    level[mnode] = col_org + 2
    for it, f in findings:
        pnode, inode = ids.person(f.person), ids.item(it.id)
        head = f"Item {it.number}, {f.organisation_name}"
        verdict = f"{human(f.level.value)}: {f.action_text} (rule {f.rule_id})"
        extra[pnode] += [(head, verdict), ("Why", f.explanation)]
        extra[inode] += [(f"{f.person_name}, {f.organisation_name}", verdict)]
        marks[pnode].append(f.level.value)
        marks[inode].append(f.level.value)
        for o in f.other_paths:
            extra[pnode].append(("Also", f"{human(o.level.value)}: {o.path.text}"))
        for i, pn in enumerate(f.path.nodes):
            if pn.id not in level:
                level[pn.id] = min(max(1, i), col_org - 1) if col_org > 1 else 1
        for step in f.path.edges:
            ge = _path_edge(G, step)
            if ge is None:
                continue
            eid = edge_id(*ge)
            edges[eid] = ge
            marks[eid].append(f.level.value)
            extra[eid].append(("On the path of", f"{f.person_name} → {f.organisation_name}, "
                                                 f"item {it.number}: {human(f.level.value)}"))
    if s.checks is not None:
        for u in s.checks.undeclared:
            extra[ids.person(u.person)].append(("Possibly undeclared", u.explanation))
        for st_ in s.checks.stale:
            extra[ids.person(st_.person)].append(("Declaration out of date", st_.explanation))
    notes = []
    keep = {n for n in level if n in G}
    if len(keep) > max_nodes:
        quiet = sorted(p for p in roll if p in keep and not marks.get(p))
        keep -= set(quiet[: len(keep) - max_nodes])
        notes.append(f"{len(roll) - sum(1 for p in roll if p in keep)} people on the roll with no "
                     "interest to manage left out, to keep the map readable.")
    nodes = {n: map_node(G, n) for n in sorted(keep)}
    for n, m in nodes.items():
        m.level = level[n]
        m.details += extra.get(n, [])
        m.highlight = _overlay(marks.get(n, []))
    out = []
    for eid, (u, v, k) in sorted(edges.items()):
        if u in nodes and v in nodes:
            e = map_edge(G, u, v, k, G.edges[u, v, k])
            e.details += extra.get(eid, [])
            e.highlight = _overlay(marks.get(eid, []))
            out.append(e)
    out += [e for e in synthetic if e.source in nodes and e.target in nodes]
    out.sort(key=lambda e: e.id)
    sm = s.summary
    counts = (f"{sm.findings} interest{'s' if sm.findings != 1 else ''} to manage: {sm.leave} to leave "
              f"the room, {sm.no_decision} no part in the decision, {sm.declare} to declare"
              + (f", {sm.to_confirm} to confirm" if sm.to_confirm else ""))
    if sm.inquorate_items:
        notes.append("Inquorate once the conflicted step out: item(s) " + ", ".join(sm.inquorate_items))
    title = f"Conflicts: {s.meeting.title or s.meeting.body_name + ', ' + s.meeting.date.isoformat()}"
    return Map(kind="meeting", title=title,
               subtitle=f"{s.meeting.date.isoformat()}, {s.meeting.body_name}. {counts}. "
                        "Read left to right: people, their interests, the organisations the items "
                        "affect, the items.",
               nodes=list(nodes.values()), edges=out, notes=notes, layout="hierarchical",
               direction="LR", focus=mnode)


__all__ = ["meeting_map"]
