"""``coigraph map``: draw one interactive, offline HTML map (a thin wrapper over :mod:`coigraph.maps`)."""

from __future__ import annotations

import click

from coigraph.cli.options import (
    data_argument,
    load_graph,
    no_cache_option,
    output_options,
    parse_date_option,
    redact_option,
)
from coigraph.errors import UsageError


@click.command("map")
@data_argument
@click.option("--meeting", metavar="ID", help="Conflicts map of a meeting: members, items, interest paths.")
@click.option("--decision", metavar="ID", help="Delegation chain of one decision, up to its accountable board.")
@click.option("--delegations", is_flag=True, help="Every delegation tree, top-down from each board.")
@click.option("--person", metavar="ID", help="One person's posts, interests and connections.")
@click.option("--procurement", metavar="ID",
              help="A procurement's stages, who acted at each, and the conflict paths to the bidders.")
@click.option("--system", is_flag=True, help="The whole system (folded above a size, with a note).")
@click.option("--all-examples", "gallery", metavar="DIR", type=click.Path(file_okay=False),
              help="Write a set of example maps and an index.html into DIR (the visualisations/ folder).")
@click.option("--hops", type=int, default=2, show_default=True, help="With --person: how many steps out.")
@click.option("--start", "starts", metavar="ID", multiple=True,
              help="With --system: open on this person, organisation or body (repeatable); a map "
                   "too large to draw at once grows from there.")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Only records in force on DATE (YYYY-MM-DD); --person, --system and --delegations.")
@output_options(("html",))
@redact_option
@no_cache_option
def map_command(data: str, meeting: str | None, decision: str | None, delegations: bool,
                person: str | None, procurement: str | None, system: bool, gallery: str | None, hops: int,
                starts: tuple[str, ...], as_of: str | None, fmt: str, output: str | None,
                redact: bool = False, no_cache: bool = False) -> None:
    """Draw an interactive map as one self-contained HTML file that works offline.

    Choose one of --meeting, --decision, --delegations, --person, --procurement,
    --system or --all-examples.  Click a shape or line to see its evidence; the file can
    be emailed and opened without internet access.

    Example: coigraph map data/northshire --meeting icb-board-2025-05 --output conflicts.html
    """
    from coigraph import maps
    from coigraph.output import emit, message

    chosen = [n for n, v in (("--meeting", meeting), ("--decision", decision),
                             ("--delegations", delegations), ("--person", person),
                             ("--procurement", procurement),
                             ("--system", system), ("--all-examples", gallery)) if v]
    if len(chosen) != 1:
        raise UsageError("choose one map: --meeting ID, --decision ID, --delegations, --person ID, "
                         "--procurement ID, --system or --all-examples DIR"
                         + (f" (got {', '.join(chosen)})" if chosen else ""))
    if starts and not system:
        raise UsageError("--start goes with --system")
    on = parse_date_option(as_of)
    G = load_graph(data, no_cache)
    if redact:  # drawn from the redacted graph: private details are never in the page
        from coigraph.redact import redact_graph

        G = redact_graph(G)
    if gallery:
        written = maps.write_gallery(G, gallery, source=data)
        message(f"wrote {len(written)} maps and index.html to {gallery}")
        return
    if meeting:
        m = maps.meeting_map(G, meeting)
    elif decision:
        m = maps.delegation_map(G, decision)
    elif delegations:
        m = maps.delegation_map(G, None, on=on)
    elif person:
        m = maps.person_map(G, person, hops=hops, on=on)
    elif procurement:
        m = maps.procurement_map(G, procurement)
    else:
        m = maps.system_map(G, on=on, start=_starts(G, starts) if starts else None)
    emit(maps.render_html(m), output,
         note=f"{m.counts()['nodes']} shapes, {m.counts()['edges']} lines")
    if output:
        for n in m.notes:
            message(f"note: {n}")


def _starts(G: object, values: tuple[str, ...]) -> list[str]:
    """Node ids for --start values: 'person:x', or a bare id of a person, organisation or body."""
    from coigraph import ids

    out = []
    for v in values:
        cands = [v] if ":" in v else [ids.person(v), ids.org(v), ids.body(v)]
        found = [c for c in cands if c in G]  # type: ignore[operator]
        if not found:
            raise UsageError(f"--start {v!r}: no person, organisation or body with that id")
        out.append(found[0])
    return out
