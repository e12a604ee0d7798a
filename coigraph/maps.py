"""Interactive maps of the governance graph: pyvis networks in one offline HTML page.

A map answers one question, built by one function of the graph:

* :func:`person_map`: one person's neighbourhood (posts, interests, associates);
* :func:`meeting_map`: the conflicts map of a meeting (members, items, the
  organisations the items affect, and the interest paths screening found,
  drawn by level);
* :func:`delegation_map`: the delegation tree under each accountable board,
  top-down, with broken or failing links drawn distinctly (one decision's
  chain, or every chain);
* :func:`system_map`: the whole system.

Each builder returns a :class:`Map` (plain data: nodes, edges, evidence,
notes), so a notebook user or a test can inspect it without a browser.
:func:`to_network` turns a map into a :class:`pyvis.network.Network`;
:func:`render_html` renders that network through coigraph's own page template
(``templates/map.html``): vis-network's script and style are inlined, nothing
is fetched from anywhere, and every piece of register data sits in the page as
escaped JSON and is shown with ``textContent``, never parsed as HTML.

Looks are derived from the model: :data:`NODE_STYLES` and :data:`EDGE_STYLES`
are keyed by :data:`coigraph.model.NODE_TYPES` and
:data:`coigraph.model.EDGE_TYPES`, and the legend is generated from them.

Maps stay legible: above :data:`MAX_NODES` nodes a map folds detail (agenda
items into their meetings...) or keeps the nearest nodes, and says so in a
note at the top of the page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from coigraph.errors import UsageError
from coigraph.graph import find_node, in_force
from coigraph.model import EDGE_TYPES, NODE_TYPES, TABLES

# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class NodeStyle:
    """How a node type is drawn, and how the legend names it."""

    type: str
    label: str
    shape: str
    background: str
    border: str
    size: int = 16
    font_color: str = "#1d1d1d"


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge type is drawn; ``drawn=False`` types appear only in the evidence panel."""

    type: str
    label: str
    color: str
    width: float = 1.5
    dashes: tuple[int, ...] = ()
    drawn: bool = True


#: Look of each node type: (legend label, vis shape, fill, border, size).  Shapes with
#: the label inside (box, ellipse) are used for organisations and bodies, whose
#: names are what people read first.  Colours are from the Okabe-Ito palette
#: (distinguishable with the common colour-vision deficiencies).
_NODE_LOOK: dict[str, tuple[str, str, str, str, int]] = {
    "person": ("Person", "dot", "#5b9bd5", "#1f4e79", 14),
    "organisation": ("Organisation", "box", "#fde3b0", "#b86e00", 16),
    "body": ("Board or committee", "ellipse", "#c9eadb", "#1b7a4d", 16),
    "meeting": ("Meeting", "hexagon", "#e2b6d6", "#8e3b7a", 16),
    "agenda_item": ("Agenda item", "square", "#f4e27a", "#7d6b00", 12),
    "matter": ("Matter (kind of decision)", "triangle", "#d0d0d0", "#6b6b6b", 11),
    "decision": ("Decision", "star", "#f2a86f", "#b24a00", 16),
    "subject": ("Interest in something else", "triangleDown", "#a9d6f2", "#2c7fb8", 12),
}

#: Look of each edge type: (legend label, colour, width, dash pattern, drawn).
_EDGE_LOOK: dict[str, tuple[str, str, float, tuple[int, ...], bool]] = {
    "org_relation": ("Organisation relation", "#b86e00", 1.5, (2, 4), True),
    "position": ("Holds a post", "#41678f", 1.5, (), True),
    "interest": ("Declared interest", "#d55e00", 2.5, (), True),
    "nil_return": ("Nil return", "#999999", 1, (), False),
    "association": ("Close associate", "#8e3b7a", 2, (6, 4), True),
    "reserves": ("Reserves the matter", "#8c8c8c", 1, (2, 3), True),
    "attendance": ("Attends", "#a5a5a5", 1, (), True),
    "affects": ("Item affects organisation", "#9a8400", 2, (), True),
    "delegation": ("Delegates to", "#1b7a4d", 2.5, (), True),
    "minuted": ("Minutes entry", "#999999", 1, (), False),
    "owned_by": ("Body of organisation", "#b5b5b5", 1, (3, 3), True),
    "reports_to": ("Reports to", "#1b7a4d", 1, (5, 4), True),
    "meeting_of": ("Meeting of body", "#c4c4c4", 1, (), True),
    "item_of": ("Item on agenda", "#c4c4c4", 1, (), True),
    "decides": ("Decides a matter", "#a0a0a0", 1, (3, 3), True),
    "narrower_than": ("Narrower matter", "#a0a0a0", 1, (1, 3), True),
    "decided_by": ("Decided by", "#b24a00", 1.5, (6, 3), True),
    "under_item": ("Under agenda item", "#c4c4c4", 1, (1, 3), True),
}

_FALLBACK_NODE = ("", "dot", "#eeeeee", "#777777", 12)
_FALLBACK_EDGE = ("", "#999999", 1.0, (), True)


def _human(type_name: str) -> str:
    return type_name.replace("_", " ").capitalize()


def _node_style(t: str) -> NodeStyle:
    label, shape, bg, border, size = _NODE_LOOK.get(t, _FALLBACK_NODE)
    return NodeStyle(t, label or _human(t), shape, bg, border, size)


def _edge_style(t: str) -> EdgeStyle:
    label, color, width, dashes, drawn = _EDGE_LOOK.get(t, _FALLBACK_EDGE)
    return EdgeStyle(t, label or _human(t), color, width, dashes, drawn)


#: One style per node type of the model (a type added to the model gets a plain
#: grey look until it is given one; ``tests/test_maps.py`` fails until then).
NODE_STYLES: dict[str, NodeStyle] = {t: _node_style(t) for t in NODE_TYPES}
#: One style per edge type of the model (same rule).
EDGE_STYLES: dict[str, EdgeStyle] = {t: _edge_style(t) for t in EDGE_TYPES}


@dataclass(frozen=True)
class Highlight:
    """An overlay drawn over an edge or node type's own look (a level, a broken link)."""

    key: str
    label: str
    color: str
    width: float = 4.0
    dashes: tuple[int, ...] = ()


#: Overlays, keyed ``<family>:<value>``; the meeting and delegation maps add the
#: finding levels and link statuses of their analyses (see ``highlights_for``).
HIGHLIGHTS: dict[str, Highlight] = {}


def _register_highlight(h: Highlight) -> Highlight:
    HIGHLIGHTS[h.key] = h
    return h


# --------------------------------------------------------------------------- map records

#: Above this many nodes a map folds detail or keeps the nearest nodes (with a note).
MAX_NODES = 150
#: Maps with at most this many edges show edge labels (role, interest type...).
EDGE_LABELS_UP_TO = 80
#: Longest label line (characters) and most lines before a label is cut with '…'.
LABEL_WIDTH = 22
LABEL_LINES = 3


@dataclass
class MapNode:
    """A node as drawn: graph id, type, label, and the evidence rows for the side panel."""

    id: str
    type: str
    label: str
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    level: int | None = None
    highlight: str | None = None
    x: float | None = None
    y: float | None = None


@dataclass
class MapEdge:
    """An edge as drawn (``id`` is ``from|to|key``), with its evidence rows."""

    id: str
    source: str
    target: str
    type: str
    label: str
    title: str
    details: list[tuple[str, str]] = field(default_factory=list)
    highlight: str | None = None


@dataclass
class Map:
    """A map: what to draw and what to say about it.  Plain data, JSON-able, sorted."""

    kind: str
    title: str
    subtitle: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    notes: list[str] = field(default_factory=list)
    layout: str = "physics"  # "hierarchical" (vis lays out ranks) or "fixed" (x, y given)
    focus: str | None = None
    direction: str = "UD"  # for a hierarchical layout: UD (top-down) or LR (left to right)

    def node_ids(self) -> set[str]:
        return {n.id for n in self.nodes}

    def counts(self) -> dict[str, int]:
        """Numbers of nodes and edges, as the browser should draw them."""
        return {"nodes": len(self.nodes), "edges": len(self.edges)}

    def legend(self) -> dict[str, list[dict[str, Any]]]:
        """Legend entries for the types and overlays present, in the style tables' order."""
        ntypes = Counter(n.type for n in self.nodes)
        etypes = Counter(e.type for e in self.edges)
        marks = Counter(e.highlight for e in self.edges if e.highlight)
        nodes = [{"type": t, "label": s.label, "shape": s.shape, "background": s.background,
                  "border": s.border, "count": ntypes[t]}
                 for t, s in NODE_STYLES.items() if ntypes[t]]
        edges = [{"type": t, "label": s.label, "color": s.color, "width": s.width,
                  "dashes": list(s.dashes), "count": etypes[t]}
                 for t, s in EDGE_STYLES.items() if etypes[t]]
        overlays = [{"type": k, "label": h.label, "color": h.color, "width": h.width,
                     "dashes": list(h.dashes), "count": marks[k]}
                    for k, h in HIGHLIGHTS.items() if marks[k]]
        return {"nodes": nodes, "edges": edges, "overlays": overlays}


# --------------------------------------------------------------------------- helpers


def _wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """Word-wrap ``text`` for a canvas label: at most ``lines`` lines, cut with '…'."""
    words = " ".join(str(text).split()).split(" ")
    out: list[str] = []
    cur = ""
    for w in words:
        while len(w) > width:  # a very long word (or a URL) is split hard
            if cur:
                out.append(cur)
                cur = ""
            out.append(w[:width])
            w = w[width:]
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            out.append(cur)
            cur = w
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return "\n".join(out)


def _money(v: Any) -> str:
    try:
        return f"£{float(v):,.0f}"
    except (TypeError, ValueError):
        return str(v)


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple, set)):
        return "; ".join(_fmt(x) for x in v)
    if hasattr(v, "value") and isinstance(v.value, str):  # enums
        return str(v.value)
    return str(v)


@cache
def _fields_of(type_name: str) -> tuple[tuple[str, str | None], ...]:
    """(field, referenced table) of the record behind a node or edge type, in model order."""
    for t in TABLES:
        if type_name in (t.node_type, t.edge_type):
            names = [f for f in t.model.model_fields if f not in ("start", "end")]
            names += [f for f in ("start", "end") if f in t.model.model_fields]  # dates last
            return tuple((f, t.refs.get(f)) for f in names)
    return ()


_FIELD_LABELS = {
    "src": "Source (file:row)",
    "instrument": "Instrument (SoRD / ToR paragraph)",
    "from_body": "From body",
    "to_body": "To body",
    "to_person": "To person",
    "by_body": "By body",
    "by_person": "By person",
    "on_behalf_of": "On behalf of",
    "statutory_basis": "Statutory basis",
    "sub_delegation_allowed": "Sub-delegation allowed",
    "nominated_by": "Nominated by",
    "mental_health_expertise": "Mental health expertise",
    "ods_code": "ODS code",
    "deputising_for": "Deputising for",
    "left_after_item": "Left after item",
}
_REGISTER_ENTRY = {"interest": "description"}
_MONEY_FIELDS = {"value", "limit"}
_REF_PREFIX = {t.name: t.prefix for t in TABLES if t.prefix}


def _display_name(G: nx.MultiDiGraph, node: str) -> str:
    """A node's name in words (a person's title and name, an item's number and title...)."""
    a = G.nodes[node] if node in G else {}
    t = a.get("type")
    if t == "person":
        return " ".join(x for x in (a.get("title"), a.get("name")) if x) or node
    if t == "meeting":
        return str(a.get("title") or f"Meeting {_fmt(a.get('date', ''))}")
    if t == "agenda_item":
        return f"Item {a.get('number', '?')}: {a.get('title', '')}"
    if t == "decision":
        what = a.get("description") or node.split(":", 1)[-1]
        return f"Decision {_fmt(a.get('date', ''))}: {what}"
    return str(a.get("name") or node.split(":", 1)[-1])


def _ref_value(G: nx.MultiDiGraph, table: str, value: Any) -> str:
    prefix = _REF_PREFIX.get(table)
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        node = f"{prefix}:{v}" if prefix else None
        if node and node in G:
            out.append(f"{_display_name(G, node)} ({v})")
        else:
            out.append(str(v))
    return "; ".join(out)


def _record_rows(G: nx.MultiDiGraph, attrs: dict[str, Any],
                 skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Evidence rows for a node or edge: every field of its record, in model order, then its source."""
    t = attrs.get("type", "")
    rows: list[tuple[str, str]] = []
    known = _fields_of(t)
    for f, ref in known:
        if f in skip or f not in attrs or attrs[f] in (None, [], ""):
            continue
        v = attrs[f]
        if f == _REGISTER_ENTRY.get(t):
            label = "Register entry"
        else:
            label = _FIELD_LABELS.get(f, _human(f))
        if ref:
            text = _ref_value(G, ref, v)
        elif f in _MONEY_FIELDS:
            text = _money(v)
        else:
            text = _fmt(v)
        rows.append((label, text))
    if not known:  # structural edges and subjects: whatever they carry
        for f in sorted(attrs):
            if f not in ("type", "src"):
                rows.append((_FIELD_LABELS.get(f, _human(f)), _fmt(attrs[f])))
    if attrs.get("src"):
        rows.append((_FIELD_LABELS["src"], str(attrs["src"])))
    return rows


def _edge_label(G: nx.MultiDiGraph, a: dict[str, Any]) -> str:
    """A short label for an edge (role, interest types, effect...), empty for structural ones."""
    t = a.get("type")
    if t == "position":
        return _fmt(a.get("role", "")).replace("_", " ")
    if t == "interest":
        kinds = ", ".join(_fmt(x).replace("non_financial_", "").replace("_", " ")
                          for x in a.get("types", []))
        return ("indirect " if a.get("indirect") else "") + kinds
    if t == "association":
        return str(a.get("relationship") or _fmt(a.get("kind", "")).replace("_", " "))
    if t == "attendance":
        return _fmt(a.get("status", "")).replace("_", " ")
    if t == "affects":
        return _fmt(a.get("effect", "")).replace("_", " ")
    if t == "org_relation":
        return _fmt(a.get("kind", "")).replace("_", " ")
    if t == "delegation":
        return "limit " + _money(a["limit"]) if a.get("limit") is not None else "no limit"
    return ""


def _map_node(G: nx.MultiDiGraph, n: str) -> MapNode:
    a = G.nodes[n]
    t = a.get("type", "")
    name = _display_name(G, n)
    style = NODE_STYLES.get(t) or _node_style(t)
    details = [("Type", style.label), ("Id", n)] + _record_rows(G, a, skip=("id", "code"))
    return MapNode(id=n, type=t, label=_wrap(name), title=f"{style.label}: {name}", details=details)


def _edge_id(u: str, v: str, k: str) -> str:
    return f"{u}|{v}|{k}"


def _map_edge(G: nx.MultiDiGraph, u: str, v: str, k: str, a: dict[str, Any]) -> MapEdge:
    t = a.get("type", "")
    style = EDGE_STYLES.get(t) or _edge_style(t)
    label = _edge_label(G, a)
    ends = f"{_display_name(G, u)} → {_display_name(G, v)}"
    details = [("Type", style.label), ("From", _display_name(G, u)), ("To", _display_name(G, v))]
    details += _record_rows(G, a)
    return MapEdge(id=_edge_id(u, v, k), source=u, target=v, type=t, label=label,
                   title=f"{style.label}{': ' + label if label else ''} ({ends})", details=details)


def _node_ok(G: nx.MultiDiGraph, n: str, on: dt.date | None) -> bool:
    return on is None or in_force(G.nodes[n], on)


def _edge_ok(a: dict[str, Any], on: dt.date | None) -> bool:
    style = EDGE_STYLES.get(a.get("type", ""))
    if style is not None and not style.drawn:
        return False
    return on is None or in_force(a, on)


def _notes_for_annotations(G: nx.MultiDiGraph, nodes: dict[str, MapNode]) -> None:
    """Records not drawn as lines (nil returns, minutes entries) go into their node's evidence."""
    hidden = {t for t, s in EDGE_STYLES.items() if not s.drawn}
    for _u, v, _k, a in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        t = a.get("type")
        if t not in hidden or v not in nodes:
            continue
        what = EDGE_STYLES[t].label
        bits = [_fmt(a[f]) for f in ("date", "kind", "item") if a.get(f) is not None]
        if t == "minuted" and a.get("person"):
            bits.append(_ref_value(G, "people", a["person"]))
        text = ", ".join(bits) + (f" [{a['src']}]" if a.get("src") else "")
        nodes[v].details.append((what, text))


def _assemble(G: nx.MultiDiGraph, keep: Iterable[str], on: dt.date | None,
              edge_filter: Any = None) -> tuple[dict[str, MapNode], list[MapEdge]]:
    """Map nodes for ``keep`` and every drawable edge among them (in force on ``on``), sorted."""
    nodes = {n: _map_node(G, n) for n in sorted(set(keep))}
    edges = []
    for u, v, k, a in G.edges(keys=True, data=True):
        if u in nodes and v in nodes and u != v and _edge_ok(a, on):
            if edge_filter is None or edge_filter(u, v, k, a):
                edges.append(_map_edge(G, u, v, k, a))
    edges.sort(key=lambda e: e.id)
    _notes_for_annotations(G, nodes)
    return nodes, edges


def _as_of(on: dt.date | None) -> str:
    return f"as of {on.isoformat()}" if on else "all dates"


# --------------------------------------------------------------------------- person map

#: The order a neighbourhood is explored in, so that when a map is capped the
#: person's own interests, associates and posts are kept before structure.
_EXPLORE_ORDER = {t: i for i, t in enumerate((
    "interest", "association", "position", "affects", "org_relation", "delegation",
    "attendance", "decided_by", "reports_to", "owned_by", "meeting_of", "item_of",
    "under_item", "reserves", "decides", "narrower_than"))}


def neighbourhood(G: nx.MultiDiGraph, start: str, hops: int, on: dt.date | None = None,
                  limit: int = MAX_NODES) -> tuple[list[str], int]:
    """Nodes within ``hops`` of ``start`` (edges either way, in force on ``on``), nearest first.

    Returns (at most ``limit`` nodes, how many were within reach).  Breadth
    first, neighbours visited in :data:`_EXPLORE_ORDER` then id order, so the
    result is deterministic.  Cost: O(nodes + edges within reach).
    """
    seen = {start: 0}
    order = [start]
    queue = deque([start])
    while queue:
        n = queue.popleft()
        if seen[n] >= hops:
            continue
        nbrs: list[tuple[int, str]] = []
        for u, v, a in [*G.out_edges(n, data=True), *G.in_edges(n, data=True)]:
            if _edge_ok(a, on):
                nbrs.append((_EXPLORE_ORDER.get(a.get("type", ""), 99), v if u == n else u))
        for _, m in sorted(nbrs):
            if m not in seen and _node_ok(G, m, on):
                seen[m] = seen[n] + 1
                order.append(m)
                queue.append(m)
    return order[:limit], len(order)


def person_map(G: nx.MultiDiGraph, person_id: str, hops: int = 2, on: dt.date | None = None,
               *, max_nodes: int = MAX_NODES) -> Map:
    """One person's neighbourhood: posts, interests, associates, and what they lead to.

    ``hops`` bounds the walk (1: the person's own records; 2: also who and what
    those organisations and bodies connect to).  Only records in force on
    ``on`` (all dates if None).  Above ``max_nodes`` the nearest are kept and
    the page says so.  Cost: O(nodes + edges within ``hops``).
    """
    if not 1 <= hops <= 6:
        raise UsageError(f"--hops {hops}: use a number from 1 to 6")
    pid = find_node(G, "person", person_id)
    keep, total = neighbourhood(G, pid, hops, on, max_nodes)
    nodes, edges = _assemble(G, keep, on)
    notes = []
    if total > len(keep):
        notes.append(f"Showing the nearest {len(keep)} of {total} records within {hops} steps of "
                     f"this person; use --hops {max(1, hops - 1)} for a smaller map.")
    name = _display_name(G, pid)
    return Map(kind="person", title=f"{name}: posts, interests and connections",
               subtitle=f"Everything within {hops} step{'s' if hops != 1 else ''}, {_as_of(on)}",
               nodes=list(nodes.values()), edges=edges, notes=notes, focus=pid)


# --------------------------------------------------------------------------- system map

#: How the system map sheds detail when it has more than ``max_nodes`` nodes:
#: each step folds one node type into its parent (through the given edge type)
#: or leaves it out, until the map is small enough.
FOLD_STEPS: tuple[tuple[str, str | None, str], ...] = (
    ("agenda_item", "item_of", "agenda items folded into their meetings"),
    ("matter", None, "matters (kinds of decision) left out"),
    ("decision", "decided_by", "decisions folded into the body or person that took them"),
    ("subject", None, "interests in things outside the data left out"),
    ("meeting", "meeting_of", "meetings folded into their bodies"),
)


def _fold(G: nx.MultiDiGraph, nodes: dict[str, MapNode], edges: list[MapEdge], node_type: str,
          via: str | None) -> tuple[list[MapEdge], int]:
    """Fold every ``node_type`` node into the node it points to through ``via`` (or drop it).

    Edges of a folded node are re-attached to its parent, parallel ones merged
    (the merged edge lists what it stands for in its evidence).
    """
    parent: dict[str, str | None] = {}
    for n in [n for n, m in nodes.items() if m.type == node_type]:
        target = None
        if via:
            target = next((v for _, v, a in sorted(G.out_edges(n, data=True), key=lambda e: e[1])
                           if a.get("type") == via and v in nodes), None)
        parent[n] = target
    if not parent:
        return edges, 0
    folded_into: dict[str, list[str]] = defaultdict(list)
    for n, p in parent.items():
        if p:
            folded_into[p].append(nodes[n].title.split(": ", 1)[-1])
        del nodes[n]
    for p, names in folded_into.items():
        nodes[p].details.append((f"Folded in ({len(names)})", "; ".join(sorted(names))))
    merged: dict[tuple[str, str, str], MapEdge] = {}
    out: list[MapEdge] = []
    for e in edges:
        s, t = parent.get(e.source, e.source), parent.get(e.target, e.target)
        if s is None or t is None or s == t or s not in nodes or t not in nodes:
            continue
        if s == e.source and t == e.target:
            out.append(e)
            continue
        key = (s, t, e.type)
        if key in merged:
            m = merged[key]
            m.details.append(("Also", e.title))
            count = sum(1 for k, _ in m.details if k in ("Stands for", "Also"))
            m.label = f"{count} links"
            continue
        m = MapEdge(id=_edge_id(s, t, f"folded:{e.type}"), source=s, target=t, type=e.type,
                    label=e.label, title=f"{EDGE_STYLES[e.type].label} (folded)",
                    details=[("Type", EDGE_STYLES[e.type].label), ("Stands for", e.title)])
        merged[key] = m
        out.append(m)
    out.sort(key=lambda e: e.id)
    return out, len(parent)


def system_map(G: nx.MultiDiGraph, on: dt.date | None = None, *, max_nodes: int = MAX_NODES) -> Map:
    """The whole system: every record in force on ``on`` (all dates if None).

    Above ``max_nodes`` nodes, detail is folded step by step
    (:data:`FOLD_STEPS`), and if that is not enough the best-connected nodes
    are kept; each step is stated in a note on the page.  Cost: O(nodes + edges).
    """
    keep = [n for n in G.nodes if _node_ok(G, n, on)]
    nodes, edges = _assemble(G, keep, on)
    notes = []
    total = len(nodes)
    folded = []
    for node_type, via, what in FOLD_STEPS:
        if len(nodes) <= max_nodes:
            break
        edges, n = _fold(G, nodes, edges, node_type, via)
        if n:
            folded.append(f"{n} {what}")
    if folded:
        notes.append("To keep the map readable: " + "; ".join(folded) + ".")
    if len(nodes) > max_nodes:
        degree = Counter([e.source for e in edges] + [e.target for e in edges])
        ranked = sorted(nodes, key=lambda n: (-degree[n], n))[:max_nodes]
        kept = set(ranked)
        nodes = {n: m for n, m in nodes.items() if n in kept}
        edges = [e for e in edges if e.source in kept and e.target in kept]
        notes.append(f"Showing the {max_nodes} best-connected of {total} records; draw a "
                     "person's, meeting's or decision's map for the detail.")
    name = G.graph.get("name") or "the system"
    return Map(kind="system", title=f"{name}: the whole system",
               subtitle=f"Organisations, boards, committees, people and their links, {_as_of(on)}",
               nodes=sorted(nodes.values(), key=lambda m: m.id), edges=edges, notes=notes)


# --------------------------------------------------------------------------- meeting map

#: Interest-path overlays by the level screening gives a finding (from
#: :class:`coigraph.policy.Level`), plus organisations inferred from an item's wording.
_LEVEL_LOOK = {
    "material": ("Interest path: material", "#c0161d", 4.0, ()),
    "perceived": ("Interest path: perceived", "#e66100", 3.5, ()),
    "declare_only": ("Interest path: declare only", "#1f78b4", 3.0, ()),
    "to_confirm": ("Interest path: to confirm", "#7b3294", 3.0, (8, 5)),
}


def _screening_highlights() -> None:
    from coigraph.policy import Level

    for lv in Level:
        label, color, width, dashes = _LEVEL_LOOK.get(lv.value, (_human(lv.value), "#cc0000", 4.0, ()))
        _register_highlight(Highlight(f"level:{lv.value}", label, color, width, dashes))
    _register_highlight(Highlight("affects:inferred", "Affected (inferred from the item's wording)",
                                  "#9a8400", 2.0, (4, 4)))


_screening_highlights()


def _heaviest(levels: Iterable[str]) -> str | None:
    from coigraph.policy import LEVEL_WEIGHT, Level

    known = [lv for lv in levels if lv in Level.__members__]
    return max(known, key=lambda lv: LEVEL_WEIGHT[Level(lv)]) if known else None


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
    from coigraph.screening import screen_meeting

    s = screen_meeting(G, meeting_id, as_of=as_of)
    mnode = f"meeting:{s.meeting.id}"
    findings = [(it, f) for it in s.items for f in it.findings]
    path_len = max([len(f.path.edges) for _, f in findings] or [1])
    col_org = max(1, path_len)
    level: dict[str, int] = {}
    extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
    marks: dict[str, list[str]] = defaultdict(list)
    edges: dict[str, tuple[str, str, str]] = {}
    synthetic: list[MapEdge] = []

    roll = {f"person:{r.person}": r for r in s.roll}
    for p, r in roll.items():
        level[p] = 0
        extra[p].append(("At this meeting", ", ".join(
            x for x in (r.status.replace("_", " "), "votes" if r.voting else "does not vote",
                        "; ".join(x.replace("_", " ") for x in r.roles)) if x)))
    for it in s.items:
        inode = f"item:{it.id}"
        level[inode] = col_org + 1
        edges[_edge_id(inode, mnode, "item_of")] = (inode, mnode, "item_of")
        for a in it.affected:
            onode = f"org:{a.organisation}"
            level[onode] = col_org
            extra[onode].append((f"Affected by item {it.number}",
                                 f"{a.effect.value.replace('_', ' ')} ({a.source})"))
            keys = [k for _, v, k, t in G.out_edges(inode, keys=True, data="type")
                    if v == onode and t == "affects"]
            for k in keys:
                edges[_edge_id(inode, onode, k)] = (inode, onode, k)
            if not keys:
                words = ", ".join(repr(w) for w in a.matched_words) or "the item's wording"
                synthetic.append(MapEdge(
                    id=_edge_id(inode, onode, "inferred"), source=inode, target=onode, type="affects",
                    label=a.effect.value.replace("_", " ") + "?",
                    title=f"Item {it.number} may affect {a.name} (named in its title or summary)",
                    details=[("Type", "Item affects organisation (inferred)"),
                             ("Item", f"Item {it.number}: {it.title}"), ("Organisation", a.name),
                             ("Matched words", words),
                             ("Effect", a.effect.value + (" (a guess)" if a.effect_guessed else ""))],
                    highlight="affects:inferred"))
        extra[inode].append(("Quorum", f"{it.quorum.status.replace('_', ' ')}: {it.quorum.explanation}"))
        for note in it.notes:
            extra[inode].append(("Note", note))
    level[mnode] = col_org + 2
    for it, f in findings:
        pnode, inode = f"person:{f.person}", f"item:{it.id}"
        head = f"Item {it.number}, {f.organisation_name}"
        verdict = f"{_human(f.level.value)}: {f.action_text} (rule {f.rule_id})"
        extra[pnode] += [(head, verdict), ("Why", f.explanation)]
        extra[inode] += [(f"{f.person_name}, {f.organisation_name}", verdict)]
        marks[pnode].append(f.level.value)
        marks[inode].append(f.level.value)
        for o in f.other_paths:
            extra[pnode].append(("Also", f"{_human(o.level.value)}: {o.path.text}"))
        for i, pn in enumerate(f.path.nodes):
            if pn.id not in level:
                level[pn.id] = min(max(1, i), col_org - 1) if col_org > 1 else 1
        for step in f.path.edges:
            ge = _path_edge(G, step)
            if ge is None:
                continue
            eid = _edge_id(*ge)
            edges[eid] = ge
            marks[eid].append(f.level.value)
            extra[eid].append(("On the path of", f"{f.person_name} → {f.organisation_name}, "
                                                 f"item {it.number}: {_human(f.level.value)}"))
    if s.checks is not None:
        for u in s.checks.undeclared:
            extra[f"person:{u.person}"].append(("Possibly undeclared", u.explanation))
        for st_ in s.checks.stale:
            extra[f"person:{st_.person}"].append(("Declaration out of date", st_.explanation))
    notes = []
    keep = {n for n in level if n in G}
    if len(keep) > max_nodes:
        quiet = sorted(p for p in roll if p in keep and not marks.get(p))
        keep -= set(quiet[: len(keep) - max_nodes])
        notes.append(f"{len(roll) - sum(1 for p in roll if p in keep)} people on the roll with no "
                     "interest to manage left out, to keep the map readable.")
    nodes = {n: _map_node(G, n) for n in sorted(keep)}
    for n, m in nodes.items():
        m.level = level[n]
        m.details += extra.get(n, [])
        worst = _heaviest(marks.get(n, []))
        m.highlight = f"level:{worst}" if worst else None
    out = []
    for eid, (u, v, k) in sorted(edges.items()):
        if u in nodes and v in nodes:
            e = _map_edge(G, u, v, k, G.edges[u, v, k])
            e.details += extra.get(eid, [])
            worst = _heaviest(marks.get(eid, []))
            e.highlight = f"level:{worst}" if worst else None
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


# --------------------------------------------------------------------------- delegation map

#: Link overlays by the worst severity of what is wrong with a link (from
#: :class:`coigraph.delegation.Severity`), plus a link that should exist but does not.
_SEVERITY_LOOK = {
    "unlawful": ("Link unlawful", "#a50026", 5.0, ()),
    "sord_breach": ("Link outside the scheme (SoRD breach)", "#e8430c", 4.5, ()),
    "against_guidance": ("Link against NHS England guidance", "#e69f00", 4.0, ()),
    "advisory": ("Link worth a look", "#7b8da8", 3.5, ()),
}


def _delegation_highlights() -> None:
    from coigraph.delegation import Severity

    for sev in Severity:
        label, color, width, dashes = _SEVERITY_LOOK.get(sev.value, (_human(sev.value), "#cc0000", 4.0, ()))
        _register_highlight(Highlight(f"delegation:{sev.value}", label, color, width, dashes))
    _register_highlight(Highlight("delegation:missing", "Missing link: no delegation found",
                                  "#a50026", 3.5, (8, 6)))


_delegation_highlights()


def _worst(severities: Iterable[str]) -> str | None:
    from coigraph.delegation import SEVERITY_RANK

    sev = [s for s in severities if s in SEVERITY_RANK]
    return min(sev, key=SEVERITY_RANK.__getitem__) if sev else None


def _link_node(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


#: Horizontal room per leaf and vertical room per rank of a tidy tree (canvas pixels).
TREE_X = 220
TREE_Y = 140
_PARENT_PREFERENCE = ("delegation", "missing", "decided_by", "owned_by", "reports_to")
_CHILD_ORDER = {"body": 0, "person": 1, "decision": 2}


def tidy_tree(level: dict[str, int], links: Iterable[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Positions for a top-down tree drawing: every node under its parent, subtrees side by side.

    ``level`` gives each node's rank; ``links`` are ``(a, b, kind)`` pairs (any
    direction).  Each node's parent is its nearest linked node of a lower rank
    (by :data:`_PARENT_PREFERENCE`, then id); nodes with none are roots, laid
    out left to right by id.  Other links are drawn as cross-links.  Parents
    are always of a lower rank, so this terminates on any input.
    Cost: O(nodes + links log links).
    """
    best: dict[str, tuple[int, int, str]] = {}
    for a, b, kind in links:
        for child, parent in ((a, b), (b, a)):
            if child in level and parent in level and level[parent] < level[child]:
                pref = _PARENT_PREFERENCE.index(kind) if kind in _PARENT_PREFERENCE else 99
                cand = (level[child] - level[parent], pref, parent)
                if child not in best or cand < best[child]:
                    best[child] = cand
    kids: dict[str, list[str]] = defaultdict(list)
    for child, (_d, _p, parent) in best.items():
        kids[parent].append(child)
    for lst in kids.values():
        lst.sort(key=lambda n: (_CHILD_ORDER.get(n.split(":", 1)[0], 3), n))
    # A node's childless children (leaves) are stacked in a column on its left when there
    # are several, so a board with many committees does not make the drawing very wide.
    def split(n: str) -> tuple[list[str], list[str]]:
        cs = kids.get(n, [])
        leaves = [c for c in cs if not kids.get(c)]
        if len(leaves) < 2:
            return [], cs
        return leaves, [c for c in cs if kids.get(c)]

    width: dict[str, float] = {}
    for n in sorted(level, key=lambda n: -level[n]):  # children (higher rank) first
        leaves, branches = split(n)
        width[n] = max(1.0, (1.0 if leaves else 0.0) + sum(width[c] for c in branches))
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for root in sorted((n for n in level if n not in best), key=lambda n: (level[n], n)):
        stack = [(root, x0)]
        while stack:
            n, left = stack.pop()
            pos[n] = ((left + width[n] / 2) * TREE_X, level[n] * TREE_Y)
            leaves, branches = split(n)
            for i, c in enumerate(leaves):
                pos[c] = ((left + 0.5) * TREE_X - 0.3 * TREE_X * (i % 2),
                          (level[n] + 1 + 0.75 * i) * TREE_Y)
            offset = left + (1.0 if leaves else 0.0)
            for c in branches:
                stack.append((c, offset))
                offset += width[c]
        x0 += width[root]
    return pos


def _ranks(links: list[tuple[str, str]]) -> dict[str, int]:
    """Rank of each node of a directed graph: the longest chain of links above it.

    A delegate sits one rank below *every* delegator (so a joint committee sits
    below both boards, not beside one of them).  Circles of delegation are
    collapsed to one rank.  Cost: O(nodes + links).
    """
    D = nx.DiGraph(links)
    C = nx.condensation(D)
    rank: dict[int, int] = {}
    for c in nx.topological_sort(C):
        rank[c] = max((rank[p] + 1 for p in C.predecessors(c)), default=0)
    return {n: rank[C.graph["mapping"][n]] for n in D}


class _Tree:
    """Nodes with levels and edges with overlays, gathered for a top-down delegation map."""

    def __init__(self, G: nx.MultiDiGraph, with_orgs: bool = True):
        from coigraph.delegation import Scheme

        self.G = G
        self.with_orgs = with_orgs
        self.S = Scheme.of(G)
        self.level: dict[str, int] = {}
        self.edges: dict[str, tuple[str, str, str]] = {}  # id -> (u, v, key) of a graph edge
        self.marks: dict[str, list[str]] = defaultdict(list)  # edge or node id -> severities
        self.notes: dict[str, list[tuple[str, str]]] = defaultdict(list)  # id -> evidence rows
        self.missing: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def put(self, node: str, level: int) -> None:
        if node in self.G:
            self.level[node] = max(level, self.level.get(node, level))

    def edge(self, u: str, v: str, key: str) -> str:
        eid = _edge_id(u, v, key)
        self.edges[eid] = (u, v, key)
        return eid

    def board_with_org(self, board: str, level: int) -> None:
        """A board and, above it, the organisation(s) it answers for."""
        self.put(board, level)
        for org in self.S.owners(board) if self.with_orgs else []:
            onode = f"org:{org}"
            if onode in self.G and self.G.has_edge(board, onode, "owned_by"):
                self.put(onode, level - 1)
                self.edge(board, onode, "owned_by")

    def add_trace(self, t: Any, base: int = 1) -> None:
        """A traced decision: its chains (board at the top), the decider, the decision below."""
        from coigraph.delegation import KINDS

        dnode = f"decision:{t.decision.id}"
        decider = _link_node(t.decision.by_type, t.decision.by)
        for chain in t.chains:
            links = list(reversed(chain.links))  # from the board down to the decider
            if chain.complete and chain.accountable_board:
                top = f"body:{chain.accountable_board}"
            else:
                top = self.S.board_of(chain.organisation) or f"org:{chain.organisation}"
            self.board_with_org(top, base + 1) if top.startswith("body:") else self.put(top, base)
            lvl = self.level.get(top, base)
            if not chain.complete:
                stop = f"body:{links[0].from_body}" if links else decider
                lvl += 1
                self.put(stop, lvl)
                why = [f.explanation for f in t.findings
                       if f.organisation in (chain.organisation, None) and f.kind != "limit_exceeded"
                       and f.delegation is None]
                rows = self.missing.setdefault((top, stop), [])
                rows.append(("Decision", f"{t.decision.id} ({t.decision.date.isoformat()})"))
                rows += [("Why", w) for w in why[:3]]
            for ln in links:
                u = f"body:{ln.from_body}"
                v = _link_node(ln.to_type, ln.to)
                self.put(u, lvl)
                lvl = self.level.get(u, lvl) + 1
                self.put(v, lvl)
                eid = self.edge(u, v, f"delegation:{ln.delegation}")
                for code in ln.checks:
                    k = KINDS.get(code)
                    if k:
                        self.marks[eid].append(k.severity.value)
                        self.notes[eid].append((f"Fails for {t.decision.id}", k.title))
            self.put(decider, lvl if links or not chain.complete else self.level.get(top, lvl))
        if not t.chains:
            self.put(decider, base + 1)
        self.put(dnode, self.level.get(decider, base + 1) + 1)
        if decider in self.G and self.G.has_edge(dnode, decider, "decided_by"):
            self.edge(dnode, decider, "decided_by")
        if t.verdict != "sound":
            self.marks[dnode].append(str(t.verdict))
        self.notes[dnode].append(("Verdict", t.verdict_text))
        for f in t.findings:
            self.notes[dnode].append((f"Finding: {_human(str(f.severity))}", f.explanation))
            if f.evidence:
                self.notes[dnode].append(("Evidence", "; ".join(f.evidence)))
            if f.delegation:
                for eid, (_u, _v, key) in self.edges.items():
                    if key == f"delegation:{f.delegation}":
                        self.notes[eid].append((f"Finding on {t.decision.id}", f.explanation))

    def to_map(self, **kw: Any) -> Map:
        nodes = {n: _map_node(self.G, n) for n in sorted(self.level)}
        for n, m in nodes.items():
            m.level = self.level[n] - min(self.level.values())
            m.details += self.notes.get(n, [])
            worst = _worst(self.marks.get(n, []))
            m.highlight = f"delegation:{worst}" if worst else None
        edges = []
        for eid, (u, v, key) in sorted(self.edges.items()):
            if u not in nodes or v not in nodes:
                continue
            e = _map_edge(self.G, u, v, key, self.G.edges[u, v, key])
            e.details += self.notes.get(eid, [])
            worst = _worst(self.marks.get(eid, []))
            e.highlight = f"delegation:{worst}" if worst else None
            edges.append(e)
        for (top, stop), rows in sorted(self.missing.items()):
            if top not in nodes or stop not in nodes:
                continue
            edges.append(MapEdge(
                id=_edge_id(top, stop, "missing"), source=top, target=stop, type="delegation",
                label="missing link",
                title=f"Missing link: nothing delegates this down to {_display_name(self.G, stop)}",
                details=[("Type", "Missing link (no delegation in the data)"),
                         ("From", _display_name(self.G, top)), ("To", _display_name(self.G, stop)),
                         *rows],
                highlight="delegation:missing"))
        edges.sort(key=lambda e: e.id)
        kinds = {e.id: ("missing" if e.highlight == "delegation:missing" else e.type) for e in edges}
        pos = tidy_tree({n: m.level or 0 for n, m in nodes.items()},
                        [(e.source, e.target, kinds[e.id]) for e in edges])
        for n, m in nodes.items():
            m.x, m.y = pos[n]
        return Map(nodes=list(nodes.values()), edges=edges, layout="fixed", **kw)


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
    from coigraph.delegation import audit_scheme, trace_all, trace_decision

    tree = _Tree(G, with_orgs=decision_id is not None)
    if decision_id is not None:
        t = trace_decision(G, decision_id, scheme=tree.S)
        tree.add_trace(t)
        title = f"Authority for {_display_name(G, f'decision:{t.decision.id}')}"
        return tree.to_map(kind="delegation", title=title,
                           subtitle=f"Top-down from the accountable board. {t.verdict_text}",
                           focus=f"decision:{t.decision.id}")
    delegs = sorted((d for d in tree.S.delegs.values() if on is None or in_force(d.a, on)),
                    key=lambda d: d.id)
    for n, lvl in _ranks([(d.u, d.v) for d in delegs]).items():
        tree.put(n, lvl + 2)
    for d in delegs:
        tree.edge(d.u, d.v, f"delegation:{d.id}")
    for f in audit_scheme(G, scheme=tree.S):
        if f.delegation and f.delegation in tree.S.delegs:
            d = tree.S.delegs[f.delegation]
            eid = _edge_id(d.u, d.v, f"delegation:{d.id}")
            if eid in tree.edges:
                tree.marks[eid].append(f.severity.value)
                tree.notes[eid].append((f"Finding: {_human(str(f.severity))}", f.explanation))
    notes = []
    if on is None:
        traces = trace_all(G)
        sound = [t for t in traces if t.verdict == "sound"]
        for t in sound:  # counted in their decider's evidence, not drawn
            tree.notes[_link_node(t.decision.by_type, t.decision.by)].append(
                ("Decision, sound", f"{t.decision.id} ({t.decision.date.isoformat()})"))
        kept = [t for t in traces if t.verdict != "sound"]
        if len(tree.level) + len(kept) > max_nodes:
            kept = kept[: max(0, max_nodes - len(tree.level))]
        if len(kept) < len(traces):
            notes.append(f"Showing the {len(kept)} decisions with findings; {len(traces) - len(kept)} "
                         "others are listed in the evidence of whoever took them. Draw any decision "
                         "with --decision ID.")
        for t in kept:
            tree.add_trace(t)
    name = G.graph.get("name") or "the system"
    return tree.to_map(kind="delegations", title=f"{name}: delegation from each board",
                       subtitle=("Every delegation, top-down from the board it comes from; "
                                 + ("decisions hang under whoever took them." if on is None
                                    else f"as of {on.isoformat()}.")),
                       notes=notes)


# --------------------------------------------------------------------------- pyvis + HTML


def _vis_node(m: MapNode, small: bool) -> dict[str, Any]:
    s = NODE_STYLES.get(m.type) or _node_style(m.type)
    h = HIGHLIGHTS.get(m.highlight or "")
    border = h.color if h else s.border
    node: dict[str, Any] = {
        "id": m.id, "label": m.label, "title": m.title, "shape": s.shape,
        "color": {"background": s.background, "border": border,
                  "highlight": {"background": s.background, "border": "#000000"},
                  "hover": {"background": s.background, "border": "#000000"}},
        "borderWidth": 4 if h else 1.5, "size": s.size,
        "font": {"color": s.font_color, "size": 18 if s.shape in ("box", "ellipse") else 15,
                 "face": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
    }
    if s.shape in ("box", "ellipse"):
        node["margin"] = 8
        node["widthConstraint"] = {"maximum": 180}
    if m.level is not None:
        node["level"] = m.level
    if m.x is not None and m.y is not None:
        node["x"], node["y"] = m.x, m.y
    return node


def _vis_edges(m: Map) -> list[dict[str, Any]]:
    show_labels = len(m.edges) <= EDGE_LABELS_UP_TO
    levels = {n.id: n.level for n in m.nodes}
    seen: Counter[frozenset[str]] = Counter()
    out = []
    for e in m.edges:
        s = EDGE_STYLES.get(e.type) or _edge_style(e.type)
        h = HIGHLIGHTS.get(e.highlight or "")
        color = h.color if h else s.color
        dashes = list(h.dashes) if h and h.dashes else list(s.dashes)
        edge: dict[str, Any] = {
            "id": e.id, "title": e.title, "arrows": "to",
            "color": {"color": color, "highlight": color, "hover": color, "inherit": False},
            "width": h.width if h else s.width, "dashes": dashes or False,
            "font": {"size": 11, "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "horizontal"},
        }
        if show_labels and e.label:
            edge["label"] = _wrap(e.label, 18, 2)
        pair = frozenset((e.source, e.target))
        k = seen[pair]
        seen[pair] += 1
        span = abs((levels.get(e.source) or 0) - (levels.get(e.target) or 0))
        if not k and m.layout != "physics" and span > 1:
            # a line that skips a rank is bowed, so it does not run behind the nodes between
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25}
        if k:  # parallel lines are bent apart so none hides another
            step = 0.2 if m.layout == "physics" else 0.45
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": round(step * ((k + 1) // 2), 2)}
        out.append((e.source, e.target, edge))
    return out


def _options(m: Map) -> dict[str, Any]:
    big = len(m.nodes) > 120
    opts: dict[str, Any] = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "nodes": {"shapeProperties": {"interpolation": False}},
        "edges": {"smooth": False if big else {"enabled": True, "type": "continuous",
                                               "roundness": 0.2},
                  "arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 2},
        "layout": {"randomSeed": 7, "improvedLayout": not big},
    }
    if m.layout == "fixed":  # positions computed in Python: nothing moves
        opts["physics"] = {"enabled": False}
        opts["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier",
                                   "forceDirection": "vertical", "roundness": 0.45}
    elif m.layout == "hierarchical":
        across = m.direction == "LR"
        opts["layout"]["hierarchical"] = {
            "enabled": True, "direction": m.direction, "sortMethod": "directed",
            "levelSeparation": 300 if across else 130, "nodeSpacing": 100 if across else 210,
            "treeSpacing": 120 if across else 240,
            "blockShifting": True, "edgeMinimization": True, "parentCentralization": True,
            "shakeTowards": "roots",
        }
        opts["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier",
                                   "forceDirection": "horizontal" if across else "vertical",
                                   "roundness": 0.4}
        opts["physics"] = {"enabled": False}
    else:
        opts["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80 if big else -110,
                                 "centralGravity": 0.012, "springLength": 110 if big else 140,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0.6},
            "maxVelocity": 60, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": 600 if big else 400,
                              "updateInterval": 20, "fit": True},
        }
    return opts


def to_network(m: Map) -> Any:
    """The map as a :class:`pyvis.network.Network` (nodes, edges and options set; not rendered)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=m.title)
    small = len(m.nodes) <= 40
    for n in m.nodes:
        opts = _vis_node(n, small)
        net.add_node(opts.pop("id"), label=opts.pop("label"), shape=opts.pop("shape"),
                     color=opts.pop("color"), **opts)
    for u, v, opts in _vis_edges(m):
        net.add_edge(u, v, **opts)
    net.options = _options(m)  # a dict: pyvis's set_options() strips spaces from strings
    return net


#: Characters escaped inside the page's JSON so that no register text can end
#: the <script> element or be read as markup.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">`` (no '<', '>' or '&')."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in _JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style from the copy bundled with pyvis (read once)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    return js, css


def page_data(m: Map, net: Any) -> dict[str, Any]:
    """Everything the page needs, as one JSON-able dict (nodes, edges, options, evidence, legend)."""
    return {
        "kind": m.kind, "title": m.title, "subtitle": m.subtitle, "notes": m.notes,
        "layout": "physics" if m.layout == "physics" else "fixed",
        "focus": m.focus,
        "nodes": net.nodes, "edges": net.edges, "options": net.options,
        "legend": m.legend(),
        "details": {**{"n:" + n.id: {"title": n.title, "rows": n.details} for n in m.nodes},
                    **{"e:" + e.id: {"title": e.title, "rows": e.details} for e in m.edges}},
        "counts": m.counts(),
    }


def render_html(m: Map) -> str:
    """The map as one self-contained, offline HTML page (deterministic: same map, same bytes)."""
    import jinja2

    net = to_network(m)
    js, css = _vis_assets()
    source = resources.files("coigraph.templates").joinpath("map.html").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True)
    tpl = env.from_string(source)
    return tpl.render(title=m.title, subtitle=m.subtitle,
                      data_json=jinja2.utils.markupsafe.Markup(script_json(page_data(m, net))),
                      vis_js=jinja2.utils.markupsafe.Markup(js),
                      vis_css=jinja2.utils.markupsafe.Markup(css))


def write_map(m: Map, path: str | Path) -> Path:
    """Write the map's page to ``path`` atomically; returns the path."""
    from coigraph.output import write_atomic

    write_atomic(path, render_html(m))
    return Path(path)


# --------------------------------------------------------------------------- gallery

#: At most this many maps of each kind in a gallery (each map is ~0.7 MB: vis-network is inlined).
GALLERY_CAP = {"meeting": 8, "decision": 5, "person": 3}


@dataclass
class GalleryEntry:
    """One map of a gallery: its file name, group heading, title, one-line description."""

    file: str
    group: str
    title: str
    description: str
    map: Map


def gallery(G: nx.MultiDiGraph) -> list[GalleryEntry]:
    """The example maps of a dataset: the whole system, the delegation trees, the meetings
    with conflicts, the decisions with findings and the people most often conflicted.

    Cost: one screening per meeting and one trace per decision, plus the maps.
    """
    from coigraph.delegation import SEVERITY_RANK, trace_all
    from coigraph.screening import screen_meeting

    out = [GalleryEntry("system.html", "The whole system", "The whole system",
                        "Every organisation, board, committee, person and link.", system_map(G)),
           GalleryEntry("delegations.html", "Delegation", "Delegation from each board",
                        "Every delegation, top-down from each board, failing links in colour.",
                        delegation_map(G))]
    conflicted: Counter[str] = Counter()
    meetings = sorted(n for n, a in G.nodes(data=True) if a.get("type") == "meeting")
    shown = 0
    for mnode in meetings:
        mid = mnode.split(":", 1)[1]
        found = [f for it in screen_meeting(G, mid).items for f in it.findings]
        if not found or shown >= GALLERY_CAP["meeting"]:
            continue
        shown += 1
        for f in found:
            conflicted[f"person:{f.person}"] += 1
        m = meeting_map(G, mid)
        out.append(GalleryEntry(f"meeting-{mid}.html", "Conflicts at meetings", m.title,
                                f"{len(found)} interest{'s' if len(found) != 1 else ''} to manage; "
                                "members, items and the paths between them.", m))
    traces = [t for t in trace_all(G) if t.verdict != "sound"]
    traces.sort(key=lambda t: (SEVERITY_RANK.get(str(t.verdict), 99), t.decision.id))
    for t in traces[: GALLERY_CAP["decision"]]:
        m = delegation_map(G, t.decision.id)
        out.append(GalleryEntry(f"decision-{t.decision.id}.html", "Decisions with findings",
                                m.title, t.verdict_text, m))
    for pnode, _n in sorted(conflicted.items(), key=lambda x: (-x[1], x[0]))[: GALLERY_CAP["person"]]:
        if pnode not in G:
            continue
        m = person_map(G, pnode, hops=1)
        out.append(GalleryEntry(f"person-{pnode.split(':', 1)[1]}.html", "People", m.title,
                                "Posts, interests and associates, one step out.", m))
    return out


def write_gallery(G: nx.MultiDiGraph, folder: str | Path, *, source: str | None = None) -> list[Path]:
    """Write :func:`gallery`'s maps and an ``index.html`` linking them into ``folder``.

    Maps left from an earlier run (HTML files coigraph generated) that are no
    longer in the gallery are removed; other files are never touched.
    Returns the paths written, index last.
    """
    import jinja2

    from coigraph.output import write_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries = gallery(G)
    written = [write_map(e.map, folder / e.file) for e in entries]
    keep = {p.name for p in written} | {"index.html"}
    for old in sorted(folder.glob("*.html")):
        if old.name not in keep and '<meta name="generator" content="coigraph">' in old.read_text(
                encoding="utf-8", errors="replace")[:2000]:
            old.unlink()
    groups: dict[str, list[GalleryEntry]] = {}
    for e in entries:
        groups.setdefault(e.group, []).append(e)
    source_text = resources.files("coigraph.templates").joinpath("map_index.html").read_text(
        encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    name = G.graph.get("name") or "dataset"
    command = f"coigraph map {source or 'DATA'} --all-examples {folder.name}"
    html = env.from_string(source_text).render(title=f"Maps of {name}", groups=list(groups.items()),
                                               command=command)
    write_atomic(folder / "index.html", html)
    return [*written, folder / "index.html"]


__all__ = [
    "NODE_STYLES", "EDGE_STYLES", "HIGHLIGHTS", "MAX_NODES", "Map", "MapNode", "MapEdge",
    "person_map", "system_map", "delegation_map", "meeting_map", "neighbourhood", "to_network", "render_html",
    "write_map", "script_json", "page_data", "gallery", "write_gallery", "GalleryEntry",
]
