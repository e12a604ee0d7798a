"""The conflicts map of a meeting, drawn from its screening.

Read left to right, in lanes laid out for a window (:func:`~coigraph.maps.layout.lanes`):
the people with an interest to manage, the steps of their interest paths, the
organisations the items affect, the items, the meeting.  People with nothing
to manage and items no interest reaches are folded into one shape each (a
click or a search shows them).  Each finding is a :class:`MapPath` the page
highlights whole, person to item, in its level's look
(:data:`~coigraph.maps.styles.LEVEL_LOOK`) along every segment, the
organisation-to-item line included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.maps.evidence import display_name, map_edge, map_node
from coigraph.maps.layout import MEETING_COLUMNS, lanes, shape_height
from coigraph.maps.records import MAX_NODES, Map, MapEdge, MapNode, MapPath, Row, edge_id, wrap
from coigraph.maps.styles import FOLD, INFERRED, level_highlight, sentence
from coigraph.policy import LEVEL_WEIGHT, Level
from coigraph.screening import screen_meeting
from coigraph.words import humanise

#: Ids of the two folded shapes of a meeting map.
FOLD_PEOPLE, FOLD_ITEMS = "fold:people", "fold:items"


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


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def meeting_map(G: nx.MultiDiGraph, meeting_id: str, *, as_of: dt.date | None = None,
                max_nodes: int = MAX_NODES) -> Map:
    """The conflicts map of a meeting, read left to right: people, interest paths,
    affected organisations, items, the meeting.

    Built from :func:`coigraph.screening.screen_meeting`: each person with an
    interest to manage in a lane of their own, each item an interest reaches
    with the organisations it affects (listed, or inferred from its wording:
    dashed), and each finding's whole path as a :class:`MapPath` with its
    steps, evidence, rule and action.  People with nothing to manage and items
    nothing reaches are folded into a count (the page shows them on a click or
    a search).  Each person's evidence lists their findings, each item's its
    findings and quorum.  ``max_nodes`` is kept for callers of the earlier
    version: nobody is left out any more.  Cost: one screening of the meeting.
    """
    del max_nodes
    s = screen_meeting(G, meeting_id, as_of=as_of)
    mnode = ids.meeting(s.meeting.id)
    findings = [(it, f) for it in s.items for f in it.findings]
    extra: dict[str, list[Row]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, tuple[str, str, str]] = {}
    synthetic: dict[str, MapEdge] = {}
    affects_edge: dict[tuple[str, str], list[str]] = defaultdict(list)  # (item, org) -> drawn edge ids

    roll = {ids.person(r.person): r for r in s.roll}
    for p, r in roll.items():
        extra[p].append(Row("At this meeting", ", ".join(
            x for x in (humanise(r.status), "votes" if r.voting else "does not vote",
                        "; ".join(humanise(x) for x in r.roles)) if x), "note"))
    conflicted = {ids.person(f.person) for _, f in findings}
    reached = {ids.item(it.id) for it, _ in findings}
    item_orgs: dict[str, list[str]] = {}
    for it in s.items:
        inode = ids.item(it.id)
        edges[edge_id(inode, mnode, "item_of")] = (inode, mnode, "item_of")
        item_orgs[inode] = []
        for a in it.affected:
            onode = ids.org(a.organisation)
            item_orgs[inode].append(onode)
            extra[onode].append(Row(f"Affected by item {it.number}",
                                    f"{humanise(a.effect)} ({a.source})", "note"))
            keys = [k for _, v, k, _e in views.out_edges(G, inode, "affects") if v == onode]
            for k in keys:
                edges[edge_id(inode, onode, k)] = (inode, onode, k)
                affects_edge[(inode, onode)].append(edge_id(inode, onode, k))
            if not keys:
                words = ", ".join(repr(w) for w in a.matched_words) or "the item's wording"
                eid = edge_id(inode, onode, "inferred")
                affects_edge[(inode, onode)].append(eid)
                synthetic[eid] = MapEdge(
                    id=eid, source=inode, target=onode, type="affects",
                    label=humanise(a.effect) + "?",
                    title=f"Item {it.number} may affect {a.name} (named in its title or summary)",
                    details=[Row("Type", "Item affects organisation (inferred)"),
                             Row("Item", f"Item {it.number}: {it.title}"), Row("Organisation", a.name),
                             Row("Matched words", words),
                             Row("Effect", humanise(a.effect) + (" (a guess)" if a.effect_guessed else ""))],
                    highlight=INFERRED)
        extra[inode].append(Row("Quorum", f"{humanise(it.quorum.status)}: {it.quorum.explanation}", "finding"))
        for note in it.notes:
            extra[inode].append(Row("Note", note, "note"))

    paths: list[MapPath] = []
    via: set[str] = set()
    for it, f in findings:
        pnode, inode, onode = ids.person(f.person), ids.item(it.id), ids.org(f.organisation)
        level = f.level.value
        verdict = f"{sentence(level)}: {f.action_text} (rule {f.rule_id})"
        extra[pnode].append(Row(f"Item {it.number}, {f.organisation_name}", verdict, "finding"))
        extra[inode].append(Row(f"{f.person_name}, {f.organisation_name}", verdict, "finding"))
        marks[pnode].append(level)
        marks[inode].append(level)
        for o in f.other_paths:
            extra[pnode].append(Row("Also", f"{sentence(o.level.value)}: {o.path.text}", "note"))
        path_nodes = [pn.id for pn in f.path.nodes]
        via.update(n for n in path_nodes[1:-1] if n in G)
        path_edges: list[str] = []
        steps: list[Row] = []
        for i, step in enumerate(f.path.edges, 1):
            names = {pn.id: pn.name for pn in f.path.nodes}
            text = (f"{names.get(step.source, display_name(G, step.source))} {step.label} "
                    f"{names.get(step.target, display_name(G, step.target))}")
            if not step.in_force:
                text += f" (ended {step.end.isoformat()})" if step.end else " (ended)"
            steps.append(Row(f"Step {i}" + (f" [{step.evidence}]" if step.evidence else ""), text, "step"))
            ge = _path_edge(G, step)
            if ge is None:
                continue
            eid = edge_id(*ge)
            edges[eid] = ge
            path_edges.append(eid)
            marks[eid].append(level)
            extra[eid].append(Row("On the path of", f"{f.person_name} → {f.organisation_name}, "
                                                    f"item {it.number}: {sentence(level)}", "finding"))
        aff = next((a for a in it.affected if a.organisation == f.organisation), None)
        hop = affects_edge.get((inode, onode), [])
        for eid in hop:
            marks[eid].append(level)
            path_edges.append(eid)
        src = next((str(G.edges[edges[e]].get("src")) for e in hop
                    if e in edges and G.edges[edges[e]].get("src")), "")
        steps.append(Row(f"Step {len(steps) + 1}" + (f" [{src}]" if src else ""),
                         f"{f.organisation_name} is affected by item {it.number}: {it.title} "
                         f"({humanise(f.effect)}, {aff.source if aff else f.affected_as})", "step"))
        paths.append(MapPath(
            id=f"path-{len(paths) + 1}", overlay=level_highlight(level),
            title=f"{f.person_name} → {f.organisation_name}, item {it.number}",
            person=pnode, item=inode, nodes=[*path_nodes, inode], edges=path_edges,
            rows=[Row("Level", sentence(level), "finding"), Row("Action", f.action_text, "action"),
                  Row("Rule", f"{f.rule_id}: {f.rule_text}"), *steps, Row("Why", f.explanation, "note")]))
    if s.checks is not None:
        for u in s.checks.undeclared:
            extra[ids.person(u.person)].append(Row("Possibly undeclared", u.explanation, "finding"))
        for st_ in s.checks.stale:
            extra[ids.person(st_.person)].append(Row("Declaration out of date", st_.explanation, "finding"))

    # ------------------------------------------------------------------ who and what is drawn
    quiet_people = sorted(p for p in roll if p in G and p not in conflicted)
    quiet_items = sorted(ids.item(it.id) for it in s.items if ids.item(it.id) not in reached)
    on_path = {n for p in paths for n in p.nodes}
    shown_orgs = {o for i in reached for o in item_orgs[i]}  # affected by an item a path reaches
    hidden_orgs = {o for i in quiet_items for o in item_orgs[i]} - shown_orgs - on_path
    people = sorted((p for p in conflicted if p in G), key=lambda p: display_name(G, p))
    steps_col = sorted(n for n in via if n not in conflicted and n not in shown_orgs and not ids.is_item(n))
    orgs = sorted(n for n in shown_orgs if n in G)
    items = sorted((i for i in reached if i in G), key=lambda i: _item_order(G, i))

    nodes: dict[str, MapNode] = {}
    for n in [*people, *quiet_people, *steps_col, *orgs, *sorted(hidden_orgs),
              *items, *quiet_items, mnode]:
        if n in G and n not in nodes:
            nodes[n] = map_node(G, n)
    for n, m in nodes.items():  # what this meeting means for them first, then the record
        m.details = m.details[:2] + extra.get(n, []) + m.details[2:]
        m.highlight = _overlay(marks.get(n, []))
        if ids.is_item(n):
            m.label = wrap(display_name(G, n), 26, 2)
        elif ids.is_org(n) or ids.is_body(n):  # wider boxes, fewer lines: the lanes fit the window
            m.label = wrap(display_name(G, n), 26, 3)
    folds: list[tuple[str, list[str], str, str]] = []
    if quiet_people:
        folds.append((FOLD_PEOPLE, quiet_people,
                      _plural(len(quiet_people), "other on the roll", "others on the roll"),
                      "nothing to manage"))
    if quiet_items:
        folds.append((FOLD_ITEMS, quiet_items, _plural(len(quiet_items), "item", "items"),
                      "no interest reaches"))
    for fid, members, what, why in folds:
        for n in members:
            nodes[n].hidden, nodes[n].fold = True, fid
        nodes[fid] = MapNode(
            id=fid, type=FOLD.type, label=f"{what}:\n{why}", title=f"{what}: {why} (click to show)",
            details=[Row(display_name(G, n), _fold_line(nodes[n], roll.get(n)), "fold") for n in members])
    for n in hidden_orgs:
        nodes[n].hidden, nodes[n].fold = True, FOLD_ITEMS

    out: list[MapEdge] = []
    for eid, (u, v, k) in sorted(edges.items()):
        if u in nodes and v in nodes:
            e = map_edge(G, u, v, k, G.edges[u, v, k])
            e.details += extra.get(eid, [])
            e.highlight = _overlay(marks.get(eid, []))
            out.append(e)
    for eid, e in synthetic.items():
        if e.source in nodes and e.target in nodes:
            if marks.get(eid):
                e.details.append(Row("On the path of", f"{_plural(len(marks[eid]), 'finding', 'findings')}",
                                     "finding"))
                e.highlight = _overlay(marks[eid])
            out.append(e)
    for e in out:
        e.hidden = nodes[e.source].hidden or nodes[e.target].hidden
    out.sort(key=lambda e: e.id)

    # ------------------------------------------------------------------ lanes
    columns = [[*people], [*steps_col], [*orgs], [*items], [mnode]]
    tails = [[*([FOLD_PEOPLE] if quiet_people else []), *quiet_people], [], sorted(hidden_orgs),
             [*([FOLD_ITEMS] if quiet_items else []), *quiet_items], []]
    pos = lanes(columns, [(e.source, e.target) for e in out if not e.hidden], tails=tails,
                heights={n: shape_height(m.type, m.label) for n, m in nodes.items()})
    for n, (x, y) in pos.items():
        nodes[n].x, nodes[n].y = x, y

    sm = s.summary
    counts = (f"{sm.findings} interest{'s' if sm.findings != 1 else ''} to manage: {sm.leave} to leave "
              f"the room, {sm.no_decision} no part in the decision, {sm.declare} to declare"
              + (f", {sm.to_confirm} to confirm" if sm.to_confirm else ""))
    notes = []
    if sm.inquorate_by_withdrawals:
        notes.append("Inquorate once the conflicted step out: item(s) " + ", ".join(sm.inquorate_by_withdrawals))
    if sm.whole_body_items:
        notes.append("Every voting member conflicted, so it cannot be decided free of conflict here: item(s) "
                     + ", ".join(sm.whole_body_items))
    title = f"Conflicts: {s.meeting.title or s.meeting.body_name + ', ' + s.meeting.date.isoformat()}"
    return Map(kind="meeting", title=title,
               subtitle=f"{s.meeting.date.isoformat()}, {s.meeting.body_name}. {counts}. "
                        "Read left to right: " + ", ".join(c[1] for c in MEETING_COLUMNS) + ".",
               nodes=[nodes[n] for n in sorted(nodes)], edges=out, notes=notes, layout="fixed",
               direction="LR", focus=mnode, paths=paths,
               views=[(i, display_name(G, i)) for i in items])


def _item_order(G: nx.MultiDiGraph, item: str) -> tuple[Any, ...]:
    """Agenda order: by the item's number read as numbers ('2.10' after '2.9'), then id."""
    number = str(views.item(G, item).number)
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.replace("-", ".").split("."))
    return (parts, item)


def _fold_line(m: MapNode, roll: Any) -> str:
    if roll is None:
        return m.title
    return ", ".join(x for x in (humanise(roll.status), "votes" if roll.voting else "does not vote") if x)


__all__ = ["meeting_map", "FOLD_PEOPLE", "FOLD_ITEMS"]
