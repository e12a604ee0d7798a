"""A map drawn: a pyvis network, rendered into one offline HTML page.

:func:`to_network` turns a :class:`Map` into a :class:`pyvis.network.Network`
(looks from :mod:`coigraph.maps.styles`, vis-network options by layout);
:func:`render_html` renders the page through coigraph's template
(``templates/map.html``, through :func:`coigraph.templates.environment`):
vis-network's script and style are inlined, nothing is fetched from anywhere,
and every piece of register data sits in the page as escaped JSON
(:func:`script_json`) and is shown with ``textContent``, never parsed as HTML.

What the page holds (:func:`page_data`): the shapes and lines drawn when it
opens, the evidence of every record, the search index (names, aliases, roles,
kinds, codes, numbers), the findings' whole paths, the per-item views, and
for a map in exploration mode every record compactly (``pool``), so the page
can grow the drawing on request without anything being left out of the file.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from coigraph.findings import SEVERITY_RANK
from coigraph.maps.records import EDGE_LABELS_UP_TO, Map, MapNode, wrap
from coigraph.maps.styles import OVERLAYS, UI, style_of_edge, style_of_node
from coigraph.output import write_atomic
from coigraph.policy import LEVEL_WEIGHT
from coigraph.templates import environment

# --------------------------------------------------------------------------- vis-network looks


@cache
def node_look(t: str) -> dict[str, Any]:
    """The vis-network attributes every node of type ``t`` shares (from the style table)."""
    s = style_of_node(t)
    inside = s.shape in ("box", "ellipse", "database")
    look: dict[str, Any] = {
        "shape": s.shape, "size": s.size, "borderWidth": 1.5,
        "color": {"background": s.background, "border": s.border,
                  "highlight": {"background": s.background, "border": UI["select_border"]},
                  "hover": {"background": s.background, "border": UI["select_border"]}},
        "font": {"color": s.font_color, "size": UI["box_font_px"] if inside else UI["node_font_px"],
                 "face": UI["font"], "strokeWidth": 0 if inside else 3, "strokeColor": "#ffffff"},
    }
    if inside:
        look["margin"] = 8
        look["widthConstraint"] = {"maximum": UI["box_max_px"]}
    if t == "fold":
        look["shapeProperties"] = {"borderDashes": [4, 3]}
    return look


@cache
def edge_look(t: str) -> dict[str, Any]:
    """The vis-network attributes every edge of type ``t`` shares (from the style table)."""
    s = style_of_edge(t)
    return {
        "arrows": "to", "width": s.width, "dashes": list(s.dashes) or False,
        "color": {"color": s.color, "highlight": s.color, "hover": s.color, "inherit": False},
        "font": {"size": UI["edge_font_px"], "color": "#333333", "strokeWidth": 4,
                 "strokeColor": "#ffffff", "align": "horizontal", "face": UI["font"]},
    }


def overlay_looks() -> dict[str, dict[str, Any]]:
    """Every overlay's look, with its rank (0: the heaviest of its family)."""
    weight = {lv.value: w for lv, w in LEVEL_WEIGHT.items()}
    top = max(weight.values())
    out = {}
    for k, h in OVERLAYS.items():
        if h.family == "level":
            rank = top - weight.get(h.value, 0)
        elif h.family == "delegation":
            rank = SEVERITY_RANK.get(h.value, len(SEVERITY_RANK))
        else:
            rank = 99
        out[k] = {"label": h.label, "color": h.color, "width": h.width, "dashes": list(h.dashes),
                  "family": h.family, "rank": rank}
    return out


def _vis_node(m: MapNode) -> dict[str, Any]:
    node = copy.deepcopy(node_look(m.type))
    node.update({"id": m.id, "label": m.label, "title": m.title})
    h = OVERLAYS.get(m.highlight or "")
    if h:  # the heaviest finding, as the shape's border: colour, width and dash pattern
        node["color"]["border"] = h.color
        node["borderWidth"] = 4
        if h.dashes:
            node["shapeProperties"] = {"borderDashes": list(h.dashes)}
    if m.level is not None:
        node["level"] = m.level
    if m.x is not None and m.y is not None:
        node["x"], node["y"] = m.x, m.y
    if m.hidden:
        node["hidden"] = True
    return node


def _vis_edges(m: Map) -> list[tuple[str, str, dict[str, Any]]]:
    show_labels = len(m.edges) <= EDGE_LABELS_UP_TO
    levels = {n.id: n.level for n in m.nodes}
    seen: Counter[frozenset[str]] = Counter()
    out = []
    for e in m.edges:
        edge = copy.deepcopy(edge_look(e.type))
        edge.update({"id": e.id, "title": e.title})
        h = OVERLAYS.get(e.highlight or "")
        if h:
            edge["color"] = {"color": h.color, "highlight": h.color, "hover": h.color, "inherit": False}
            edge["width"] = h.width
            edge["dashes"] = list(h.dashes) or False
        if show_labels and e.label:
            edge["label"] = wrap(e.label, 18, 2)
        if e.hidden:
            edge["hidden"] = True
        pair = frozenset((e.source, e.target))
        k = seen[pair]
        seen[pair] += 1
        span = abs((levels.get(e.source) or 0) - (levels.get(e.target) or 0))
        if not k and m.layout == "hierarchical" and span > 1:
            # a line that skips a rank is bowed, so it does not run behind the nodes between
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25}
        if k:  # parallel lines are bent apart so none hides another
            step = 0.2 if m.layout == "physics" else 0.35
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW",
                              "roundness": round(step * ((k + 1) // 2), 2)}
        out.append((e.source, e.target, edge))
    return out


def _options(m: Map) -> dict[str, Any]:
    big = len(m.nodes) > 120 and not m.explore
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
        across = m.direction == "LR"
        opts["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier",
                                   "forceDirection": "horizontal" if across else "vertical",
                                   "roundness": 0.45}
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
    """The map as a :class:`pyvis.network.Network` (nodes, edges and options set; not rendered).

    In exploration mode the network holds the shapes the page opens on (the
    rest is in :func:`page_data`'s ``pool``).
    """
    from pyvis.network import Network  # pyvis is needed only to draw, not to build a map

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=m.title)
    start = set(m.start) if m.explore else None
    for n in m.nodes:
        if start is not None and n.id not in start:
            continue
        opts = _vis_node(n)
        net.add_node(opts.pop("id"), label=opts.pop("label"), shape=opts.pop("shape"),
                     color=opts.pop("color"), **opts)
    for u, v, opts in _vis_edges(m):
        if start is not None and not (u in start and v in start):
            continue
        net.add_edge(u, v, **opts)
    net.options = _options(m)  # a dict: pyvis's set_options() strips spaces from strings
    return net


# --------------------------------------------------------------------------- the page

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
def vis_assets() -> tuple[str, str]:
    """vis-network's script and style from the copy bundled with pyvis (read once)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    return js, css


@cache
def template(name: str) -> Template:
    """A page template of ``coigraph/templates``, from the one environment (loaded once)."""
    return environment().get_template(name)


def _rows(rows: list[Any]) -> list[list[str]]:
    return [[r[0], r[1], r[2] if len(r) > 2 else "field"] for r in rows]


#: Evidence rows the page of an exploration-mode map rebuilds from the pool (not stored twice).
_DERIVED_NODE_ROWS = ("Type", "Id")
_DERIVED_EDGE_ROWS = ("Type", "From", "To")


def _pool(m: Map) -> dict[str, Any]:
    """Every node and edge of an exploration-mode map, compactly: the page builds the shapes.

    Nodes: ``[id, type, label, title]``; edges: ``[source index, target
    index, key, type, label]`` (the page makes the id ``source|target|key``
    and the title from the type's label and the ends' names).  Evidence rows
    are ``[label, value, kind]`` with each label, kind and repeated value
    written once in ``strings`` and referred to by its index; the rows the
    page can rebuild (type, id, ends) are left out.
    """
    index = {n.id: i for i, n in enumerate(m.nodes)}

    def rest(rows: list[Any], derived: tuple[str, ...]) -> list[Any]:
        head = tuple(r[0] for r in rows[: len(derived)])
        return list(rows[len(derived):]) if head == derived else list(rows)

    node_rows = [rest(n.details, _DERIVED_NODE_ROWS) for n in m.nodes]
    edge_rows = [rest(e.details, _DERIVED_EDGE_ROWS) for e in m.edges]
    seen: Counter[str] = Counter(r[1] for rows in (*node_rows, *edge_rows) for r in rows)
    strings: dict[str, int] = {}

    def ref(text: str, always: bool = False) -> int | str:
        if not always and seen[text] < 2:
            return text
        if text not in strings:
            strings[text] = len(strings)
        return strings[text]

    def encode(rows: list[Any]) -> list[list[int | str]]:
        return [[ref(r[0], True), ref(r[1]), ref(r[2] if len(r) > 2 else "field", True)] for r in rows]

    return {
        "nodes": [[n.id, n.type, n.label, n.title] for n in m.nodes],
        "edges": [[index[e.source], index[e.target], e.id.rsplit("|", 1)[-1], e.type,
                   wrap(e.label, 18, 2) if e.label else ""] for e in m.edges],
        "nodeRows": [encode(r) for r in node_rows],
        "edgeRows": [encode(r) for r in edge_rows],
        "strings": list(strings),
    }


def page_data(m: Map, net: Any) -> dict[str, Any]:
    """Everything the page needs, as one JSON-able dict (see the module's docstring)."""
    data: dict[str, Any] = {
        "kind": m.kind, "title": m.title, "subtitle": m.subtitle, "notes": m.notes,
        "layout": "physics" if m.layout == "physics" else "fixed",
        "direction": m.direction, "focus": m.focus, "select": m.select, "explore": m.explore,
        "nodes": net.nodes, "edges": net.edges, "options": net.options,
        "legend": m.legend(),
        "details": {} if m.explore else {
            **{"n:" + n.id: {"title": n.title, "rows": _rows(n.details)} for n in m.nodes},
            **{"e:" + e.id: {"title": e.title, "rows": _rows(e.details)} for e in m.edges}},
        "counts": m.counts(), "shown": m.shown(),
        "search": [[n.id, n.search] for n in m.nodes] if m.explore else [[n.id, n.title, n.search] for n in m.nodes],
        "folds": {n.id: n.fold for n in m.nodes if n.fold},
        "paths": [{"id": p.id, "overlay": p.overlay, "title": p.title, "person": p.person,
                   "item": p.item, "nodes": p.nodes, "edges": p.edges, "rows": _rows(p.rows),
                   "restyle": p.restyle}
                  for p in m.paths],
        "views": [list(v) for v in m.views],
        "edgeTypes": {} if m.explore else {e.id: e.type for e in m.edges},
        "looks": {"overlays": overlay_looks()},
        "ui": UI,
    }
    if m.explore:
        data["pool"] = _pool(m)
        data["looks"]["nodes"] = {t: node_look(t) for t in sorted({n.type for n in m.nodes})}
        data["looks"]["nodeLabels"] = {t: style_of_node(t).label for t in sorted({n.type for n in m.nodes})}
        data["looks"]["edges"] = {t: {**edge_look(t), "legend": style_of_edge(t).label}
                                  for t in sorted({e.type for e in m.edges})}
    return data


def render_html(m: Map) -> str:
    """The map as one self-contained, offline HTML page (deterministic: same map, same bytes)."""
    net = to_network(m)
    js, css = vis_assets()
    return template("map.html").render(title=m.title, subtitle=m.subtitle, ui=UI,
                                       data_json=Markup(script_json(page_data(m, net))),
                                       vis_js=Markup(js), vis_css=Markup(css))


def write_map(m: Map, path: str | Path) -> Path:
    """Write the map's page to ``path`` atomically; returns the path."""
    write_atomic(path, render_html(m))
    return Path(path)


__all__ = ["to_network", "script_json", "vis_assets", "page_data", "render_html", "write_map",
           "node_look", "edge_look", "overlay_looks"]
