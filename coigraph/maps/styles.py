"""How each kind of record looks on a map: one style table keyed by the model's types.

Everything a map's looks depend on is in this module, and only here: node and
edge looks per model type (:data:`NODE_STYLES`, :data:`EDGE_STYLES`, keyed by
``coigraph.model.NODE_TYPES`` and ``EDGE_TYPES``), the overlays drawn over
them for a finding's level or a delegation link's severity
(:data:`OVERLAYS`), the page's sizes and fonts (:data:`UI`), and the legend
(:func:`legend`).  The page template reads its CSS values from :data:`UI`.

The palette keeps one meaning per colour family:

* **neutral greys** are structure (posts, relations, agenda, a sound delegation);
* **red** is the most serious finding (a material interest; an unlawful link);
* **amber** the next (a perceived interest; a link outside the scheme of
  reservation and delegation, a SoRD breach);
* **navy** a finding to note (declare only; against NHS England guidance),
  **sky blue** a link worth a look, **violet** a link against local policy;
* **near-black maroon** what the data does not show (an interest to confirm; a
  missing link), always with a long dash.

Node kinds have pale or dark fills of other hues.  Within each group that
shares an encoding (:func:`colour_groups`) the colours stay apart for
people with a colour-vision deficiency (CIEDE2000 ≥ 20 after the Machado et
al. 2009 simulation of protanopia, deuteranopia and tritanopia:
``tests/maps/test_palette.py`` computes it from these tables), and a level or
severity is also carried by its dash pattern and width, so colour is never
the only cue.  The palette has no fill left that stays ΔE 20 from all eleven
earlier node kinds, so the two added last (a procurement, a breaches register
entry) are checked against the kinds drawn with the same shape only
(``_TOLD_BY_SHAPE``): their shape tells them from the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from coigraph import words
from coigraph.findings import Severity
from coigraph.model import EDGE_TYPES, NODE_TYPES
from coigraph.policy import Level
from coigraph.words import humanise


def sentence(code: Any) -> str:
    """A code as a label starting with a capital: ``sord_breach`` -> ``SoRD breach``."""
    return words.sentence(humanise(code))


#: Kept for code written against the single module: a code as a capitalised label.
human = sentence


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


#: The one border of every shape without a finding (findings draw their level's colour).
BORDER = "#4d4d4d"

#: Look of each node type: (legend label, vis shape, fill, border, size).  Shapes
#: with the label inside (box, ellipse) are for organisations and bodies, whose
#: names are read first, so their fills are pale.  The fills were chosen to stay
#: apart under simulated colour-vision deficiencies (see the module's docstring).
NODE_LOOK: dict[str, tuple[str, str, str, str, int]] = {
    "person": ("Person", "dot", "#0088bb", BORDER, 14),
    "organisation": ("Organisation", "box", "#ffddcc", BORDER, 16),
    "body": ("Board or committee", "ellipse", "#ddff22", BORDER, 16),
    "meeting": ("Meeting", "hexagon", "#aa8888", BORDER, 16),
    "agenda_item": ("Agenda item", "square", "#664455", BORDER, 13),
    "matter": ("Matter (kind of decision)", "triangle", "#889900", BORDER, 12),
    "decision": ("Decision", "star", "#004400", BORDER, 16),
    "subject": ("Interest in something else", "triangleDown", "#88ddff", BORDER, 12),
    # Schemes of delegation as written (issue 15).  The eight fills above leave no pale colour
    # that stays ΔE 20 from all of them under every simulation, so these are dark, and the
    # ellipses' labels are white (see _WHITE_TEXT).
    "post": ("Post or class of posts", "ellipse", "#0000d8", BORDER, 14),
    "joint_authority": ("Joint authority (post holders acting together)", "ellipse", "#180004",
                        BORDER, 14),
    "procurement_threshold": ("Procurement threshold", "diamond", "#000044", BORDER, 10),
    # Procurements and the breaches register (issue 17).  No fill is left ΔE 20 from all eleven
    # above under every simulation (the best, over a 16-level grid, is ΔE 15.9), so these two
    # are told apart by shape as well: a breach by a shape no other kind has, a procurement by
    # its diamond, whose other kind (a threshold) is far from it (see _TOLD_BY_SHAPE).
    "procurement": ("Procurement, or one of its stages", "diamond", "#99cc77", BORDER, 16),
    "breach": ("Breaches register entry", "database", "#994444", BORDER, 12),
}

#: Neutral greys of structure lines, darkest first.
_INK, _DARK, _MID, _LIGHT, _PALE = "#3a3a3a", "#6a6a6a", "#8c8c8c", "#b0b0b0", "#c8c8c8"

#: Look of each edge type: (legend label, colour, width, dash pattern, drawn).  All
#: neutral: colour on a map means a finding (see :data:`LEVEL_LOOK`, :data:`SEVERITY_LOOK`).
EDGE_LOOK: dict[str, tuple[str, str, float, tuple[int, ...], bool]] = {
    "org_relation": ("Organisation relation", _DARK, 1.5, (2, 4), True),
    "position": ("Holds a post", _MID, 1.5, (), True),
    "interest": ("Declared interest", _INK, 2.5, (), True),
    "nil_return": ("Nil return", _MID, 1, (), False),
    "association": ("Close associate", _DARK, 2, (8, 4), True),
    "reserves": ("Reserves the matter", _LIGHT, 1, (2, 3), True),
    "attendance": ("Attends", _LIGHT, 1, (), True),
    "affects": ("Item affects organisation", _MID, 2, (), True),
    "delegation": ("Delegates to", _MID, 2.5, (), True),
    "minuted": ("Minutes entry", _MID, 1, (), False),
    "controls": ("Controls the company (public register, not declared)", _DARK, 2, (10, 4), True),
    "owned_by": ("Body of organisation", _LIGHT, 1, (3, 3), True),
    "reports_to": ("Reports to", _MID, 1, (5, 4), True),
    "meeting_of": ("Meeting of body", _PALE, 1, (), True),
    "item_of": ("Item on agenda", _PALE, 1, (), True),
    "decides": ("Decides a matter", _LIGHT, 1, (3, 3), True),
    "narrower_than": ("Narrower matter", _LIGHT, 1, (1, 3), True),
    "decided_by": ("Decided by", _DARK, 1.5, (6, 3), True),
    "under_item": ("Under agenda item", _PALE, 1, (1, 3), True),
    "signed_by": ("Signed by", _DARK, 1, (6, 3), True),
    "with_supplier": ("Commits to supplier", _DARK, 1, (2, 4), True),
    "recommended_to": ("Recommends to", _MID, 1, (2, 3), True),
    "approved_by": ("Approved by", _MID, 1.5, (), True),
    "post_of": ("Post of organisation", _LIGHT, 1, (3, 3), True),
    "in_class": ("Post in class of posts", _MID, 1, (3, 3), True),
    "joint_of": ("Joint authority of organisation", _LIGHT, 1, (3, 3), True),
    "threshold_of": ("Threshold of organisation", _PALE, 1, (1, 3), False),
    "procurement_stage": ("Stage of a procurement", _MID, 1.5, (), True),
    "acts_in": ("Acts at a procurement stage", _MID, 1.5, (4, 2), True),
    "bids_in": ("Bidder considered at a stage", _DARK, 1.5, (4, 4), True),
    "gift": ("Gift or hospitality", _INK, 2.5, (2, 2), True),
    "bought_by": ("Bought by", _LIGHT, 1, (3, 3), True),
    "award_item": ("Award decided at item", _PALE, 1, (1, 3), True),
    "award_decision": ("Awarding decision", _DARK, 1, (6, 3), True),
    "concerns": ("Breach concerns", _DARK, 1, (2, 3), True),
}

_FALLBACK_NODE = ("", "dot", "#eeeeee", "#777777", 12)
_FALLBACK_EDGE = ("", "#999999", 1.0, (), True)


def node_style(t: str) -> NodeStyle:
    """The style of node type ``t`` (a plain grey look for a type not in :data:`NODE_LOOK`)."""
    label, shape, bg, border, size = NODE_LOOK.get(t, _FALLBACK_NODE)
    font = "#ffffff" if t in _WHITE_TEXT else "#1d1d1d"
    return NodeStyle(t, label or sentence(t), shape, bg, border, size, font)


#: Node types whose label is drawn inside a dark fill (the other labels inside are on pale fills).
_WHITE_TEXT: frozenset[str] = frozenset({"post", "joint_authority", "breach"})
#: Node kinds added after the palette ran out of fills ΔE 20 from every other kind: their fill is
#: checked against the kinds drawn with the same shape only (their shape tells them from the rest).
_TOLD_BY_SHAPE: frozenset[str] = frozenset({"procurement", "breach"})


def edge_style(t: str) -> EdgeStyle:
    """The style of edge type ``t`` (a plain grey look for a type not in :data:`EDGE_LOOK`)."""
    label, color, width, dashes, drawn = EDGE_LOOK.get(t, _FALLBACK_EDGE)
    return EdgeStyle(t, label or sentence(t), color, width, dashes, drawn)


#: One style per node type of the model (a type added to the model gets a plain
#: grey look until it is given one; ``tests/test_maps.py`` fails until then).
NODE_STYLES: dict[str, NodeStyle] = {t: node_style(t) for t in NODE_TYPES}
#: One style per edge type of the model (same rule).
EDGE_STYLES: dict[str, EdgeStyle] = {t: edge_style(t) for t in EDGE_TYPES}

#: A shape standing for records folded away (people with nothing to manage...): click to show.
FOLD = NodeStyle("fold", "Folded: click to show them", "dot", "#ffffff", "#6a6a6a", 12)


def style_of_node(t: str) -> NodeStyle:
    """The style a node of type ``t`` is drawn with."""
    if t == FOLD.type:
        return FOLD
    return NODE_STYLES.get(t) or node_style(t)


def style_of_edge(t: str) -> EdgeStyle:
    """The style an edge of type ``t`` is drawn with."""
    return EDGE_STYLES.get(t) or edge_style(t)


# --------------------------------------------------------------------------- overlays


@dataclass(frozen=True)
class Highlight:
    """An overlay drawn over an edge or node type's own look: a finding's level, a link's severity.

    ``family`` says what it grades (``level``, ``delegation``, ``affects``),
    ``value`` the grade; :attr:`key` (``family:value``) names it in the page.
    """

    key: str
    label: str
    color: str
    width: float = 4.0
    dashes: tuple[int, ...] = ()
    family: str = ""
    value: str = ""


#: The finding colours, one meaning each (see the module's docstring).
_RED, _AMBER, _NAVY, _SKY, _VIOLET, _MAROON = "#cc0000", "#ffaa11", "#111155", "#00ccff", "#8822dd", "#440011"

#: Interest-path looks by the level screening gives a finding (from
#: :class:`coigraph.policy.Level`): colour, width and dash pattern all differ.
LEVEL_LOOK: dict[str, tuple[str, str, float, tuple[int, ...]]] = {
    "material": ("Interest path: material", _RED, 5.0, ()),
    "perceived": ("Interest path: perceived", _AMBER, 4.5, (12, 6)),
    "declare_only": ("Interest path: declare only", _NAVY, 4.0, (3, 5)),
    "to_confirm": ("Interest path: to confirm", _MAROON, 4.0, (12, 5, 3, 5)),
}

#: Link looks by the worst severity of what is wrong with a link (from
#: :class:`coigraph.findings.Severity`); a missing link last.
SEVERITY_LOOK: dict[str, tuple[str, str, float, tuple[int, ...]]] = {
    "unlawful": ("Link unlawful", _RED, 5.5, ()),
    "sord_breach": ("Link outside the scheme (SoRD breach)", _AMBER, 5.0, (12, 6)),
    "policy_breach": ("Link against local policy", _VIOLET, 4.5, (6, 3, 6, 8)),
    "against_guidance": ("Link against NHS England guidance", _NAVY, 4.5, (3, 5)),
    "advisory": ("Link worth a look", _SKY, 3.5, (8, 4, 2, 4)),
    "missing": ("Missing link: no delegation found", _MAROON, 3.5, (16, 8)),
}

#: An organisation an item affects by its wording only (no ``affects`` record).
INFERRED_LOOK = ("Affected (inferred from the item's wording)", _MID, 2.0, (4, 4))


def level_highlight(level: Any) -> str:
    """The overlay key of a screening level (``level:material``)."""
    return f"level:{getattr(level, 'value', level)}"


def severity_highlight(severity: Any) -> str:
    """The overlay key of a delegation severity (``delegation:sord_breach``)."""
    return f"delegation:{getattr(severity, 'value', severity)}"


INFERRED = "affects:inferred"
#: A link a decision's chain of authority needs and the data does not have.
MISSING = severity_highlight("missing")


def _overlays() -> Mapping[str, Highlight]:
    out: dict[str, Highlight] = {}

    def put(family: str, value: str, key: str, look: tuple[str, str, float, tuple[int, ...]]) -> None:
        out[key] = Highlight(key, look[0], look[1], look[2], look[3], family, value)

    for lv in Level:  # a level added to the policy gets a grey-red look until given its own
        put("level", lv.value, level_highlight(lv), LEVEL_LOOK.get(lv.value, (sentence(lv), "#aa3333", 4.0, ())))
    put("affects", "inferred", INFERRED, INFERRED_LOOK)
    for sev in [*Severity, "missing"]:
        v = getattr(sev, "value", sev)
        put("delegation", v, severity_highlight(v), SEVERITY_LOOK.get(v, (sentence(v), "#aa3333", 4.0, ())))
    return MappingProxyType(out)


#: Every overlay, keyed ``family:value``, in legend order: levels, inferred, severities, missing.
OVERLAYS: Mapping[str, Highlight] = _overlays()
#: The name the single module used.
HIGHLIGHTS = OVERLAYS


def level_overlay(level: Any) -> Highlight:
    """The look of a finding's level."""
    return OVERLAYS[level_highlight(level)]


def severity_overlay(severity: Any) -> Highlight:
    """The look of a delegation link's severity (or ``"missing"``)."""
    return OVERLAYS[severity_highlight(severity)]


# --------------------------------------------------------------------------- the page

#: Sizes, fonts and colours of the page, in pixels (the template's CSS reads them).
UI: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif",  # no quotes: goes into CSS
    "node_font_px": 15,          # labels under dots, squares, stars
    "box_font_px": 16,           # labels inside boxes and ellipses
    "edge_font_px": 13,          # labels along lines
    "min_label_px": 11,          # the smallest a label may be drawn when a map opens
    "panel_px": 400,             # the side panel
    "box_max_px": 220,           # widest box or ellipse before its label wraps
    "links_shown": 5,            # neighbour links listed before "show all"
    "results_shown": 50,         # search results listed before "and N more"
    "ink": "#1d1d1d", "muted": "#555555", "line": "#d8d8d8", "panel": "#fafafa",
    "accent": "#005eb8", "note": "#fff4ce", "note_border": "#b88700",
    "dim_fill": "#f1f1f1", "dim_border": "#dddddd", "dim_text": "#bdbdbd", "dim_line": "#ececec",
    "select_border": "#000000", "control_border": "#8a8a8a",
    "finding_rule": _RED, "step_rule": _DARK,  # the left rule of a finding's and a step's rows
}


# --------------------------------------------------------------------------- legend


def legend(node_types: Iterable[str], edge_types: Iterable[str],
           overlays: Iterable[str], borders: Iterable[str] = ()) -> dict[str, list[dict[str, Any]]]:
    """Legend entries for what a map draws (with counts), in the style tables' order.

    ``borders`` are the overlays drawn as a shape's border (a person's or an
    item's heaviest finding): listed with a shape swatch of that border.
    """
    ntypes, etypes, marks, rims = Counter(node_types), Counter(edge_types), Counter(overlays), Counter(borders)
    styles = {**NODE_STYLES, FOLD.type: FOLD}
    nodes = [{"type": t, "label": s.label, "shape": s.shape, "background": s.background,
              "border": s.border, "count": ntypes[t]}
             for t, s in styles.items() if ntypes[t]]
    edges = [{"type": t, "label": s.label, "color": s.color, "width": s.width,
              "dashes": list(s.dashes), "count": etypes[t]}
             for t, s in EDGE_STYLES.items() if etypes[t]]
    over = [{"type": k, "label": h.label, "color": h.color, "width": h.width,
             "dashes": list(h.dashes), "count": marks[k]}
            for k, h in OVERLAYS.items() if marks[k]]
    border = [{"type": k, "label": "Border: heaviest finding " + h.label.split(": ", 1)[-1].lower()
               if h.family == "level" else "Border: " + h.label[:1].lower() + h.label[1:],
               "shape": "dot", "background": "#ffffff", "border": h.color, "dashes": list(h.dashes),
               "count": rims[k]}
              for k, h in OVERLAYS.items() if rims[k]]
    return {"nodes": nodes, "edges": edges, "overlays": over, "borders": border}


def colour_groups() -> dict[str, dict[str, str]]:
    """The groups of meanings that share an encoding, each meaning with its colour.

    Colours within a group must stay apart for every reader (the palette test
    reads this).  Each group includes the neutral it is drawn against.
    """
    return {
        "conflict levels": {**{h.label: h.color for h in OVERLAYS.values() if h.family == "level"},
                            "Line not on an interest path": _PALE},
        "delegation severities": {**{h.label: h.color for h in OVERLAYS.values()
                                     if h.family == "delegation"},
                                  "Sound delegation": EDGE_STYLES["delegation"].color},
        "node kinds": {s.label: s.background for s in NODE_STYLES.values() if s.type not in _TOLD_BY_SHAPE},
        **{f"node kinds drawn as a {shape}": same for shape, same in _same_shape().items()},
    }


def _same_shape() -> dict[str, dict[str, str]]:
    """For each shape a kind of :data:`_TOLD_BY_SHAPE` is drawn as, the kinds sharing it (two or more)."""
    out: dict[str, dict[str, str]] = {}
    for shape in sorted({NODE_STYLES[t].shape for t in _TOLD_BY_SHAPE if t in NODE_STYLES}):
        same = {s.label: s.background for s in NODE_STYLES.values() if s.shape == shape}
        if len(same) > 1:
            out[shape] = same
    return out


__all__ = [
    "NodeStyle", "EdgeStyle", "NODE_LOOK", "EDGE_LOOK", "NODE_STYLES", "EDGE_STYLES", "BORDER", "FOLD",
    "human", "sentence", "node_style", "edge_style", "style_of_node", "style_of_edge", "Highlight",
    "OVERLAYS", "HIGHLIGHTS", "level_highlight", "severity_highlight", "level_overlay", "severity_overlay",
    "INFERRED", "MISSING", "LEVEL_LOOK", "SEVERITY_LOOK", "INFERRED_LOOK", "UI", "legend",
    "colour_groups",
]
