"""The delegation maps: one decision's chain of authority, or every delegation tree.

Both are drawn top-down from the accountable board, in fixed positions
(:func:`~coigraph.maps.layout.tidy_tree`), each link in the colour of the
worst check it fails (:data:`~coigraph.maps.styles.SEVERITY_LOOK`) and a
missing link drawn dashed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from coigraph import ids
from coigraph.delegation import Scheme, audit_scheme, trace_all, trace_decision
from coigraph.findings import KINDS, SEVERITY_RANK
from coigraph.graph import in_force
from coigraph.maps.evidence import display_name, map_edge, map_node
from coigraph.maps.layout import ranks, tidy_tree
from coigraph.maps.records import MAX_NODES, Map, MapEdge, MapPath, Row, dataset_name, edge_id
from coigraph.maps.styles import MISSING, sentence, severity_highlight


def _overlay(severities: Iterable[str]) -> str | None:
    """The overlay of the worst of ``severities`` (a verdict or a finding's severity), if any."""
    sev = [s for s in severities if s in SEVERITY_RANK]
    return severity_highlight(min(sev, key=SEVERITY_RANK.__getitem__)) if sev else None


def _day(d: dt.date | None) -> str:
    """A decision's date, or 'date not recorded' (a decision's date may be unknown)."""
    return d.isoformat() if d else "date not recorded"


def _delegation_key(delegation: str) -> str:
    """The graph key of a delegation's edge (as :func:`coigraph.graph.build_graph` makes it)."""
    return f"delegation:{delegation}"


class _Tree:
    """Nodes with levels and edges with overlays, gathered for a top-down delegation map."""

    def __init__(self, G: nx.MultiDiGraph, with_orgs: bool = True):
        self.G = G
        self.with_orgs = with_orgs
        self.S = Scheme.of(G)
        self.level: dict[str, int] = {}
        self.edges: dict[str, tuple[str, str, str]] = {}  # id -> (u, v, key) of a graph edge
        self.marks: dict[str, list[str]] = defaultdict(list)  # edge or node id -> severities
        self.notes: dict[str, list[Row]] = defaultdict(list)  # id -> evidence rows
        self.missing: dict[tuple[str, str], list[Row]] = {}
        self.paths: list[MapPath] = []

    def put(self, node: str, level: int) -> None:
        if node in self.G:
            self.level[node] = max(level, self.level.get(node, level))

    def edge(self, u: str, v: str, key: str) -> str:
        eid = edge_id(u, v, key)
        self.edges[eid] = (u, v, key)
        return eid

    def board_with_org(self, board: str, level: int) -> None:
        """A board and, above it, the organisation(s) it answers for."""
        self.put(board, level)
        for org in self.S.owners(board) if self.with_orgs else []:
            onode = ids.org(org)
            if onode in self.G and self.G.has_edge(board, onode, "owned_by"):
                self.put(onode, level - 1)
                self.edge(board, onode, "owned_by")

    def add_trace(self, t: Any, base: int = 1) -> None:
        """A traced decision: its chains (board at the top), the decider, the decision below."""
        dnode = ids.decision(t.decision.id)
        decider = ids.make(t.decision.by_type, t.decision.by)
        path_nodes: list[str] = []
        path_edges: list[str] = []
        steps: list[Row] = []
        for chain in t.chains:
            links = list(reversed(chain.links))  # from the board down to the decider
            if chain.complete and chain.accountable_board:
                top = ids.body(chain.accountable_board)
            else:
                top = self.S.board_of(chain.organisation) or ids.org(chain.organisation)
            self.board_with_org(top, base + 1) if ids.is_body(top) else self.put(top, base)
            lvl = self.level.get(top, base)
            if not chain.complete:
                stop = ids.body(links[0].from_body) if links else decider
                lvl += 1
                self.put(stop, lvl)
                why = [f.explanation for f in t.findings
                       if f.organisation in (chain.organisation, None) and f.kind != "limit_exceeded"
                       and f.delegation is None]
                rows = self.missing.setdefault((top, stop), [])
                rows.append(Row("Decision", f"{t.decision.id} ({_day(t.decision.date)})"))
                rows += [Row("Why", w, "finding") for w in why[:3]]
                path_nodes += [top, stop]
                path_edges.append(edge_id(top, stop, "missing"))
                steps.append(Row(f"Step {len(steps) + 1}", f"Missing link: nothing in the data delegates "
                                 f"{t.decision.matter_name} from {display_name(self.G, top)} to "
                                 f"{display_name(self.G, stop)}" + (f". {why[0]}" if why else ""), "finding"))
            for ln in links:
                u = ids.body(ln.from_body)
                v = ids.make(ln.to_type, ln.to)
                self.put(u, lvl)
                lvl = self.level.get(u, lvl) + 1
                self.put(v, lvl)
                eid = self.edge(u, v, _delegation_key(ln.delegation))
                path_nodes += [u, v]
                path_edges.append(eid)
                failed = [KINDS[c].title for c in ln.checks if c in KINDS]
                steps.append(Row(
                    f"Step {len(steps) + 1}" + (f" [{ln.src}]" if ln.src else ""),
                    f"{ln.from_name} delegates to {ln.to_name}: {ln.words_for(ln.covers)}"
                    + (f" ({ln.instrument})" if ln.instrument else "")
                    + (f"; fails: {'; '.join(failed)}" if failed else "; passes its checks"),
                    "finding" if failed else "step"))
                for code in ln.checks:
                    k = KINDS.get(code)
                    if k:
                        self.marks[eid].append(k.severity.value)
                        self.notes[eid].append(Row(f"Fails for {t.decision.id}", k.title, "finding"))
            self.put(decider, lvl if links or not chain.complete else self.level.get(top, lvl))
        if not t.chains:
            self.put(decider, base + 1)
        self.put(dnode, self.level.get(decider, base + 1) + 1)
        if decider in self.G and self.G.has_edge(dnode, decider, "decided_by"):
            path_edges.append(self.edge(dnode, decider, "decided_by"))
        path_nodes += [decider, dnode]
        src = self.G.nodes[dnode].get("src") if dnode in self.G else None
        steps.append(Row(f"Step {len(steps) + 1}" + (f" [{src}]" if src else ""),
                         f"{t.decision.by_name} takes the decision ({t.decision.matter_name}, {_day(t.decision.date)})", "step"))
        worst = _overlay([str(t.verdict)])
        self.paths.append(MapPath(
            id=f"path-{len(self.paths) + 1}", overlay=worst or "",
            title=f"Authority for {t.decision.id}: {t.verdict_text}",
            person=decider, item=dnode, nodes=list(dict.fromkeys(path_nodes)),
            edges=list(dict.fromkeys(path_edges)), restyle=False,
            rows=[Row("Verdict", t.verdict_text, "finding"), *steps,
                  *[Row(f"Finding: {sentence(f.severity)}", f.explanation, "finding") for f in t.findings]]))
        if t.verdict != "sound":
            self.marks[dnode].append(str(t.verdict))
        self.notes[dnode].append(Row("Verdict", t.verdict_text, "finding"))
        for f in t.findings:
            self.notes[dnode].append(Row(f"Finding: {sentence(f.severity)}", f.explanation, "finding"))
            if f.evidence:
                self.notes[dnode].append(Row("Evidence", "; ".join(f.evidence), "source"))
            if f.delegation:
                for eid, (_u, _v, key) in self.edges.items():
                    if key == _delegation_key(f.delegation):
                        self.notes[eid].append(Row(f"Finding on {t.decision.id}", f.explanation, "finding"))

    def to_map(self, **kw: Any) -> Map:
        nodes = {n: map_node(self.G, n) for n in sorted(self.level)}
        for n, m in nodes.items():
            m.level = self.level[n] - min(self.level.values())
            m.details += self.notes.get(n, [])
            m.highlight = _overlay(self.marks.get(n, []))
        edges = []
        for eid, (u, v, key) in sorted(self.edges.items()):
            if u not in nodes or v not in nodes:
                continue
            e = map_edge(self.G, u, v, key, self.G.edges[u, v, key])
            e.details += self.notes.get(eid, [])
            e.highlight = _overlay(self.marks.get(eid, []))
            edges.append(e)
        for (top, stop), rows in sorted(self.missing.items()):
            if top not in nodes or stop not in nodes:
                continue
            edges.append(MapEdge(
                id=edge_id(top, stop, "missing"), source=top, target=stop, type="delegation",
                label="missing link",
                title=f"Missing link: nothing delegates this down to {display_name(self.G, stop)}",
                details=[Row("Type", "Missing link (no delegation in the data)"),
                         Row("From", display_name(self.G, top)), Row("To", display_name(self.G, stop)),
                         *rows],
                highlight=MISSING))
        edges.sort(key=lambda e: e.id)
        kinds = {e.id: ("missing" if e.highlight == MISSING else e.type) for e in edges}
        pos = tidy_tree({n: m.level or 0 for n, m in nodes.items()},
                        [(e.source, e.target, kinds[e.id]) for e in edges])
        for n, m in nodes.items():
            m.x, m.y = pos[n]
        shown = {e.id for e in edges}
        paths = []
        for p in self.paths:
            p.nodes = [n for n in p.nodes if n in nodes]
            p.edges = [e for e in p.edges if e in shown]
            paths.append(p)
        return Map(nodes=list(nodes.values()), edges=edges, layout="fixed", paths=paths, **kw)


def delegation_map(G: nx.MultiDiGraph, decision_id: str | None = None, *,
                   on: dt.date | None = None, max_nodes: int = MAX_NODES) -> Map:
    """The delegation tree, top-down from each accountable board (a fixed tree layout).

    With ``decision_id``: that decision's chain(s) of authority as traced by
    :func:`coigraph.delegation.trace_decision`, each link drawn by the worst
    check it fails, a missing link drawn dashed from the board to where the
    chain stops, and the verdict and findings in the decision's evidence.

    Without: every delegation (in force on ``on`` if given) under the board
    it comes from, links marked by :func:`coigraph.delegation.audit_scheme`'s
    findings and by every traced decision's failing checks; decisions hang
    under whoever took them (not drawn with ``on``: the scheme as it stood).
    Above ``max_nodes`` only the decisions with findings are kept, with a note.
    Cost: the traces (bounded by the delegation rules) plus O(delegations).
    """
    tree = _Tree(G, with_orgs=decision_id is not None)
    if decision_id is not None:
        t = trace_decision(G, decision_id, scheme=tree.S)
        tree.add_trace(t)
        dnode = ids.decision(t.decision.id)
        return tree.to_map(kind="delegation", title=f"Authority for {display_name(G, dnode)}",
                           subtitle=f"Top-down from the accountable board. {t.verdict_text}",
                           focus=dnode)
    delegs = sorted((d for d in tree.S.delegs.values() if on is None or in_force(d.a, on)),
                    key=lambda d: d.id)
    for n, lvl in ranks([(d.u, d.v) for d in delegs]).items():
        tree.put(n, lvl + 2)
    for d in delegs:
        tree.edge(d.u, d.v, _delegation_key(d.id))
    for f in audit_scheme(G, scheme=tree.S):
        if f.delegation and f.delegation in tree.S.delegs:
            d = tree.S.delegs[f.delegation]
            eid = edge_id(d.u, d.v, _delegation_key(d.id))
            if eid in tree.edges:
                tree.marks[eid].append(f.severity.value)
                tree.notes[eid].append(Row(f"Finding: {sentence(f.severity)}", f.explanation, "finding"))
    notes = []
    if on is None:
        traces = trace_all(G)
        sound = [t for t in traces if t.verdict == "sound"]
        for t in sound:  # counted in their decider's evidence, not drawn
            tree.notes[ids.make(t.decision.by_type, t.decision.by)].append(
                Row("Decision, sound", f"{t.decision.id} ({_day(t.decision.date)})", "note"))
        kept = [t for t in traces if t.verdict != "sound"]
        if len(tree.level) + len(kept) > max_nodes:
            kept = kept[: max(0, max_nodes - len(tree.level))]
        if len(kept) < len(traces):
            notes.append(f"Showing the {len(kept)} decisions with findings; {len(traces) - len(kept)} "
                         "others are listed in the evidence of whoever took them. Draw any decision "
                         "with --decision ID.")
        for t in kept:
            tree.add_trace(t)
    name = dataset_name(G, "the system")
    return tree.to_map(kind="delegations", title=f"{name}: delegation from each board",
                       subtitle=("Every delegation, top-down from the board it comes from; "
                                 + ("decisions hang under whoever took them." if on is None
                                    else f"as of {on.isoformat()}.")),
                       notes=notes)


__all__ = ["delegation_map"]
