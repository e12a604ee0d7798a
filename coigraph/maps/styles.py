"""How each kind of record looks on a map: one style table keyed by the model's types.

:data:`NODE_STYLES` and :data:`EDGE_STYLES` hold one style per node and edge
type of :mod:`coigraph.model` (``NODE_TYPES``, ``EDGE_TYPES``); the legend of
every map is derived from them (:func:`legend`).  :data:`HIGHLIGHTS` holds the
overlays drawn over a type's own look: the levels screening gives a finding
(:class:`coigraph.policy.Level`) and the severities of a delegation finding
(:class:`coigraph.findings.Severity`), so a level or severity added there gets
an overlay here at once (grey-red until given its own look).

To change the maps' colours, edit the tables in this module only: nothing
else spells a colour, shape or dash pattern.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coigraph.findings import Severity
from coigraph.model import EDGE_TYPES, NODE_TYPES
from coigraph.policy import Level


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
NODE_LOOK: dict[str, tuple[str, str, str, str, int]] = {
    "person": ("Person", "dot", "#5b9bd5", "#1f4e79", 14),
    "organisation": ("Organisation", "box", "#fde3b0", "#b86e00", 16),
    "body": ("Board or committee", "ellipse", "#c9eadb", "#1b7a4d", 16),
    "meeting": ("Meeting", "hexagon", "#e2b6d6", "#8e3b7a", 16),
    "agenda_item": ("Agenda item", "square", "#f4e27a", "#7d6b00", 12),
    "matter": ("Matter (kind of decision)", "triangle", "#d0d0d0", "#6b6b6b", 11),
    "decision": ("Decision", "star", "#f2a86f", "#b24a00", 16),
    "subject": ("Interest in something else", "triangleDown", "#a9d6f2", "#2c7fb8", 12),
    "procurement": ("Procurement, or one of its stages", "diamond", "#b9d7a8", "#38761d", 16),
    "breach": ("Breaches register entry", "triangle", "#f4b6b6", "#a50026", 12),
}

#: Look of each edge type: (legend label, colour, width, dash pattern, drawn).
EDGE_LOOK: dict[str, tuple[str, str, float, tuple[int, ...], bool]] = {
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
    "procurement_stage": ("Stage of a procurement", "#38761d", 1.5, (), True),
    "acts_in": ("Acts at a procurement stage", "#5b9bd5", 1.5, (), True),
    "bids_in": ("Bidder considered at a stage", "#b86e00", 1.5, (4, 4), True),
    "gift": ("Gift or hospitality", "#cc79a7", 2.5, (), True),
    "bought_by": ("Bought by", "#b5b5b5", 1, (3, 3), True),
    "award_item": ("Award decided at item", "#c4c4c4", 1, (1, 3), True),
    "award_decision": ("Awarding decision", "#b24a00", 1, (6, 3), True),
    "concerns": ("Breach concerns", "#a50026", 1, (2, 3), True),
}

_FALLBACK_NODE = ("", "dot", "#eeeeee", "#777777", 12)
_FALLBACK_EDGE = ("", "#999999", 1.0, (), True)


def human(code: str) -> str:
    """A type or code as a capitalised label: ``agenda_item`` -> ``Agenda item``."""
    return code.replace("_", " ").capitalize()


def node_style(t: str) -> NodeStyle:
    """The style of node type ``t`` (a plain grey look for a type not in :data:`NODE_LOOK`)."""
    label, shape, bg, border, size = NODE_LOOK.get(t, _FALLBACK_NODE)
    return NodeStyle(t, label or human(t), shape, bg, border, size)


def edge_style(t: str) -> EdgeStyle:
    """The style of edge type ``t`` (a plain grey look for a type not in :data:`EDGE_LOOK`)."""
    label, color, width, dashes, drawn = EDGE_LOOK.get(t, _FALLBACK_EDGE)
    return EdgeStyle(t, label or human(t), color, width, dashes, drawn)


#: One style per node type of the model (a type added to the model gets a plain
#: grey look until it is given one; ``tests/test_maps.py`` fails until then).
NODE_STYLES: dict[str, NodeStyle] = {t: node_style(t) for t in NODE_TYPES}
#: One style per edge type of the model (same rule).
EDGE_STYLES: dict[str, EdgeStyle] = {t: edge_style(t) for t in EDGE_TYPES}


def style_of_node(t: str) -> NodeStyle:
    """The style a node of type ``t`` is drawn with."""
    return NODE_STYLES.get(t) or node_style(t)


def style_of_edge(t: str) -> EdgeStyle:
    """The style an edge of type ``t`` is drawn with."""
    return EDGE_STYLES.get(t) or edge_style(t)


# --------------------------------------------------------------------------- overlays


@dataclass(frozen=True)
class Highlight:
    """An overlay drawn over an edge or node type's own look (a level, a broken link)."""

    key: str
    label: str
    color: str
    width: float = 4.0
    dashes: tuple[int, ...] = ()


#: Overlays, keyed ``<family>:<value>``: the finding levels of a meeting map and
#: the link severities of a delegation map (registered below, in this order).
HIGHLIGHTS: dict[str, Highlight] = {}


def register_highlight(h: Highlight) -> Highlight:
    """Add an overlay to :data:`HIGHLIGHTS` (its legend entry follows the order of registration)."""
    HIGHLIGHTS[h.key] = h
    return h


def level_highlight(level: str) -> str:
    """The overlay key of a screening level (``level:material``)."""
    return f"level:{level}"


def severity_highlight(severity: str) -> str:
    """The overlay key of a delegation severity (``delegation:sord_breach``)."""
    return f"delegation:{severity}"


#: An organisation an item affects by its wording only (no ``affects`` record).
INFERRED = "affects:inferred"
#: A link a decision's chain of authority needs and the data does not have.
MISSING = severity_highlight("missing")

#: Interest-path overlays by the level screening gives a finding (from
#: :class:`coigraph.policy.Level`).
LEVEL_LOOK: dict[str, tuple[str, str, float, tuple[int, ...]]] = {
    "material": ("Interest path: material", "#c0161d", 4.0, ()),
    "perceived": ("Interest path: perceived", "#e66100", 3.5, ()),
    "declare_only": ("Interest path: declare only", "#1f78b4", 3.0, ()),
    "to_confirm": ("Interest path: to confirm", "#7b3294", 3.0, (8, 5)),
}

#: Link overlays by the worst severity of what is wrong with a link (from
#: :class:`coigraph.findings.Severity`).
SEVERITY_LOOK: dict[str, tuple[str, str, float, tuple[int, ...]]] = {
    "unlawful": ("Link unlawful", "#a50026", 5.0, ()),
    "sord_breach": ("Link outside the scheme (SoRD breach)", "#e8430c", 4.5, ()),
    "against_guidance": ("Link against NHS England guidance", "#e69f00", 4.0, ()),
    "advisory": ("Link worth a look", "#7b8da8", 3.5, ()),
}

def _register_overlays() -> None:
    for lv in Level:
        label, color, width, dashes = LEVEL_LOOK.get(lv.value, (human(lv.value), "#cc0000", 4.0, ()))
        register_highlight(Highlight(level_highlight(lv.value), label, color, width, dashes))
    register_highlight(Highlight(INFERRED, "Affected (inferred from the item's wording)",
                                 "#9a8400", 2.0, (4, 4)))
    for sev in Severity:
        label, color, width, dashes = SEVERITY_LOOK.get(sev.value, (human(sev.value), "#cc0000", 4.0, ()))
        register_highlight(Highlight(severity_highlight(sev.value), label, color, width, dashes))
    register_highlight(Highlight(MISSING, "Missing link: no delegation found", "#a50026", 3.5, (8, 6)))


_register_overlays()


# --------------------------------------------------------------------------- legend


def legend(node_types: Iterable[str], edge_types: Iterable[str],
           overlays: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Legend entries for the types and overlays present (with counts), in the style tables' order."""
    ntypes, etypes, marks = Counter(node_types), Counter(edge_types), Counter(overlays)
    nodes = [{"type": t, "label": s.label, "shape": s.shape, "background": s.background,
              "border": s.border, "count": ntypes[t]}
             for t, s in NODE_STYLES.items() if ntypes[t]]
    edges = [{"type": t, "label": s.label, "color": s.color, "width": s.width,
              "dashes": list(s.dashes), "count": etypes[t]}
             for t, s in EDGE_STYLES.items() if etypes[t]]
    over = [{"type": k, "label": h.label, "color": h.color, "width": h.width,
             "dashes": list(h.dashes), "count": marks[k]}
            for k, h in HIGHLIGHTS.items() if marks[k]]
    return {"nodes": nodes, "edges": edges, "overlays": over}


__all__ = [
    "NodeStyle", "EdgeStyle", "NODE_LOOK", "EDGE_LOOK", "NODE_STYLES", "EDGE_STYLES", "human",
    "node_style", "edge_style", "style_of_node", "style_of_edge", "Highlight", "HIGHLIGHTS",
    "register_highlight", "level_highlight", "severity_highlight", "INFERRED", "MISSING",
    "LEVEL_LOOK", "SEVERITY_LOOK", "legend",
]
