"""The example maps of a dataset and the ``index.html`` linking them (``--all-examples``).

This is what ``visualisations/`` holds for the sample system; a test checks
that folder is what :func:`write_gallery` writes, byte for byte.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from coigraph import ids, views
from coigraph.delegation import trace_all
from coigraph.findings import SEVERITY_RANK
from coigraph.maps.build_delegations import delegation_map
from coigraph.maps.build_meeting import meeting_map
from coigraph.maps.build_person import person_map
from coigraph.maps.build_procurement import procurement_map
from coigraph.maps.build_system import system_map
from coigraph.maps.page import render_html, template
from coigraph.maps.records import Map, dataset_name
from coigraph.output import write_all
from coigraph.procurements import procurement_nodes
from coigraph.screening import screen_meeting

#: At most this many maps of each kind in a gallery (each map is ~0.7 MB: vis-network is inlined).
GALLERY_CAP = {"meeting": 8, "decision": 5, "procurement": 4, "person": 3}
#: What marks a page as written by coigraph (so a rerun may remove it).
_GENERATOR = '<meta name="generator" content="coigraph">'


@dataclass
class GalleryEntry:
    """One map of a gallery: its file name, group heading, title, one-line description."""

    file: str
    group: str
    title: str
    description: str
    map: Map


def gallery(G: nx.MultiDiGraph) -> list[GalleryEntry]:
    """The example maps of a dataset: the whole system, the delegation trees, the procurements, the meetings
    with conflicts, the decisions with findings and the people most often conflicted.

    Cost: one screening per meeting and one trace per decision, plus the maps.
    """
    out = [GalleryEntry("system.html", "The whole system", "The whole system",
                        "Every organisation, board, committee, person and link.", system_map(G)),
           GalleryEntry("delegations.html", "Delegation", "Delegation from each board",
                        "Every delegation, top-down from each board, failing links in colour.",
                        delegation_map(G))]
    conflicted: Counter[str] = Counter()
    meetings = sorted(n for n, _m in views.nodes_of(G, "meeting"))
    shown = 0
    for mnode in meetings:
        mid = ids.bare(mnode)
        found = [f for it in screen_meeting(G, mid).items for f in it.findings]
        if not found or shown >= GALLERY_CAP["meeting"]:
            continue
        shown += 1
        for f in found:
            conflicted[ids.person(f.person)] += 1
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
    for proc in procurement_nodes(G)[: GALLERY_CAP["procurement"]]:
        m = procurement_map(G, ids.bare(proc))
        out.append(GalleryEntry(f"procurement-{ids.bare(proc)}.html", "Procurements", m.title,
                                "Its stages, who acted at each, and the conflict paths to the bidders.", m))
    for pnode, _n in sorted(conflicted.items(), key=lambda x: (-x[1], x[0]))[: GALLERY_CAP["person"]]:
        if pnode not in G:
            continue
        m = person_map(G, pnode, hops=1)
        out.append(GalleryEntry(f"person-{ids.bare(pnode)}.html", "People", m.title,
                                "Posts, interests and associates, one step out.", m))
    return out


def write_gallery(G: nx.MultiDiGraph, folder: str | Path, *, source: str | None = None,
                  entries: list[GalleryEntry] | None = None) -> list[Path]:
    """Write :func:`gallery`'s maps (or ``entries`` already made) and an ``index.html`` into ``folder``.

    Maps left from an earlier run (HTML files coigraph generated) that are no
    longer in the gallery are removed; other files are never touched.
    Returns the paths written, index last.
    """
    folder = Path(folder)
    entries = gallery(G) if entries is None else entries
    pages = {folder / e.file: render_html(e.map) for e in entries}
    written = list(pages)
    keep = {p.name for p in written} | {"index.html"}
    groups: dict[str, list[GalleryEntry]] = {}
    for e in entries:
        groups.setdefault(e.group, []).append(e)
    name = dataset_name(G, "dataset")
    command = f"coigraph map {source or 'DATA'} --all-examples {folder.name}"
    html = template("map_index.html").render(title=f"Maps of {name}", groups=list(groups.items()),
                                             command=command)
    write_all({**pages, folder / "index.html": html})  # every page or none (all-or-nothing)
    for old in sorted(folder.glob("*.html")):
        if old.name not in keep and _GENERATOR in old.read_text(encoding="utf-8", errors="replace")[:2000]:
            old.unlink()
    return [*written, folder / "index.html"]


__all__ = ["GALLERY_CAP", "GalleryEntry", "gallery", "write_gallery"]
