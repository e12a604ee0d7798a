"""``coigraph serve``: the local web app (a thin wrapper over :mod:`coigraph.web`)."""

from __future__ import annotations

import click

from coigraph.cli.app import main
from coigraph.cli.db import backend_options
from coigraph.cli.options import data_argument, redact_option


@main.command()
@data_argument
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine (loopback) for now: any other address is "
                   "refused until users and login arrive (--users, a later version).")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--no-browser", is_flag=True, help="Only serve; do not open the browser.")
@backend_options
@redact_option
def serve(data: str, host: str, port: int, no_browser: bool, backend: str, uri: str, user: str,
          database: str | None, redact: bool = False) -> None:
    """Open the governance office's web app on a dataset: screens, papers, maps, traces, audit.

    Serves pages on this machine only (http://127.0.0.1:8765/ by default) and
    opens the browser there: the home page, each meeting's screen with filters,
    quorum, declarations checks, its paper in every format and its map; each
    person's declarations for a meeting; each decision's trace and map; the
    audit, powers and a search.  The data stays loaded and is reloaded when its
    files change.  --redact serves the public view.  With --backend neo4j, DATA
    is a dataset pushed with 'coigraph db push', pulled into memory.  Ctrl-C stops it.

    Example: coigraph serve data/northshire
    """
    from coigraph.output import message
    from coigraph.web import create_app
    from coigraph.web import serve as run
    from coigraph.web.security import check_bind

    check_bind(host)  # before loading anything: refuse at once, with the reason
    source: object = data
    if backend == "neo4j":
        from coigraph.cli.db import open_db
        from coigraph.web.data import Neo4jSource

        db = open_db(uri, user, database)  # asks for the password now, at the terminal
        source = Neo4jSource(lambda: db, data)
    app = create_app(source, host=host, port=port, redact=redact)  # type: ignore[arg-type]
    run(app, open_browser=not no_browser,
        ready=lambda address: message(f"coigraph: serving {app.state.data.source.label} at {address} "
                                      "(Ctrl-C to stop)"))
