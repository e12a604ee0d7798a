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

Maps stay legible without leaving anyone out: a meeting map folds the people
with nothing to manage into a count (a click or a search shows them), a person
map above :data:`MAX_NODES` keeps the nearest records, and a system map above
:data:`EXPLORE_ABOVE` opens on a start and grows on request, with every record
in the file; each says so on the page.

The package, one concept per module, each importing only those above it:

=======================  ==========================================================
``styles``               the style table per model type, overlays, page sizes, the legend
``records``              :class:`Map`, :class:`MapNode`, :class:`MapEdge`, size limits
``evidence``             names, edge labels and evidence rows of graph records
``layout``               nearest-first walks, meeting lanes, tree ranks and positions
``build_person``         :func:`person_map`
``build_system``         :func:`system_map`
``build_meeting``        :func:`meeting_map`
``build_delegations``    :func:`delegation_map` (one decision, or every tree)
``build_procurement``    :func:`procurement_map` (stages, who acted, conflict paths)
``page``                 pyvis network, vis-network options, the offline page
``gallery``              ``--all-examples``: the example maps and ``index.html``
=======================  ==========================================================
"""

from __future__ import annotations

from coigraph.maps.build_delegations import delegation_map
from coigraph.maps.build_meeting import meeting_map
from coigraph.maps.build_person import person_map
from coigraph.maps.build_procurement import procurement_map
from coigraph.maps.build_system import system_map
from coigraph.maps.gallery import GALLERY_CAP, GalleryEntry, gallery, write_gallery
from coigraph.maps.layout import (
    LANE_GAP,
    LANE_X,
    TREE_X,
    TREE_Y,
    lanes,
    neighbourhood,
    ranks,
    tidy_tree,
)
from coigraph.maps.page import (
    page_data,
    render_html,
    script_json,
    to_network,
    vis_assets,
    write_map,
)
from coigraph.maps.records import (
    EDGE_LABELS_UP_TO,
    EXPLORE_ABOVE,
    LABEL_LINES,
    LABEL_WIDTH,
    MAX_NODES,
    Map,
    MapEdge,
    MapNode,
    MapPath,
    Row,
    rows_of,
    wrap,
)
from coigraph.maps.styles import (
    EDGE_LOOK,
    EDGE_STYLES,
    HIGHLIGHTS,
    NODE_LOOK,
    NODE_STYLES,
    OVERLAYS,
    UI,
    EdgeStyle,
    Highlight,
    NodeStyle,
    colour_groups,
)

# The names of the single module this package was, kept for code written against it.
_NODE_LOOK = NODE_LOOK
_EDGE_LOOK = EDGE_LOOK
_vis_assets = vis_assets
_wrap = wrap
_ranks = ranks

__all__ = [
    "NODE_STYLES", "EDGE_STYLES", "HIGHLIGHTS", "OVERLAYS", "UI", "colour_groups", "MAX_NODES",
    "EXPLORE_ABOVE", "Map", "MapNode", "MapEdge", "MapPath", "Row", "rows_of", "lanes", "LANE_X", "LANE_GAP",
    "person_map", "system_map", "delegation_map", "meeting_map",
    "procurement_map", "neighbourhood", "to_network", "render_html",
    "write_map", "script_json", "page_data", "gallery", "write_gallery", "GalleryEntry",
    "NodeStyle", "EdgeStyle", "Highlight", "NODE_LOOK", "EDGE_LOOK", "EDGE_LABELS_UP_TO", "LABEL_WIDTH",
    "LABEL_LINES", "TREE_X", "TREE_Y", "GALLERY_CAP", "tidy_tree", "ranks", "wrap",
    "vis_assets",
]
