"""A map drawn: a pyvis network, rendered into one offline HTML page.

:func:`to_network` turns a :class:`Map` into a :class:`pyvis.network.Network`
(looks from :mod:`coigraph.maps.styles`, vis-network options by layout);
:func:`render_html` renders that network through coigraph's page template
(``templates/map.html``, through :func:`coigraph.templates.environment`):
vis-network's script and style are inlined, nothing is fetched from anywhere,
and every piece of register data sits in the page as escaped JSON
(:func:`script_json`) and is shown with ``textContent``, never parsed as HTML.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from coigraph.maps.records import EDGE_LABELS_UP_TO, Map, MapNode, wrap
from coigraph.maps.styles import HIGHLIGHTS, style_of_edge, style_of_node
from coigraph.output import write_atomic
from coigraph.templates import environment

# --------------------------------------------------------------------------- vis-network


def _vis_node(m: MapNode) -> dict[str, Any]:
    s = style_of_node(m.type)
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


def _vis_edges(m: Map) -> list[tuple[str, str, dict[str, Any]]]:
    show_labels = len(m.edges) <= EDGE_LABELS_UP_TO
    levels = {n.id: n.level for n in m.nodes}
    seen: Counter[frozenset[str]] = Counter()
    out = []
    for e in m.edges:
        s = style_of_edge(e.type)
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
            edge["label"] = wrap(e.label, 18, 2)
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
    from pyvis.network import Network  # pyvis is needed only to draw, not to build a map

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=m.title)
    for n in m.nodes:
        opts = _vis_node(n)
        net.add_node(opts.pop("id"), label=opts.pop("label"), shape=opts.pop("shape"),
                     color=opts.pop("color"), **opts)
    for u, v, opts in _vis_edges(m):
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
    net = to_network(m)
    js, css = vis_assets()
    return template("map.html").render(title=m.title, subtitle=m.subtitle,
                                       data_json=Markup(script_json(page_data(m, net))),
                                       vis_js=Markup(js), vis_css=Markup(css))


def write_map(m: Map, path: str | Path) -> Path:
    """Write the map's page to ``path`` atomically; returns the path."""
    write_atomic(path, render_html(m))
    return Path(path)


__all__ = ["to_network", "script_json", "vis_assets", "page_data", "render_html", "write_map"]
