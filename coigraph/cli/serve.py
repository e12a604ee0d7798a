"""``coigraph serve``: the local web app (a thin wrapper over :mod:`coigraph.web`)."""

from __future__ import annotations

import click

from coigraph.cli.neo4j import backend_options
from coigraph.cli.options import redact_option


@click.command()
@click.argument("data", type=click.Path(exists=False), required=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Without --users only this machine (loopback): any other "
                   "address is refused, as there is no login.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--no-browser", is_flag=True, help="Only serve; do not open the browser.")
@click.option("--users", "users_file", type=click.Path(dir_okay=False),
              help="Users file (YAML: names, roles, password hashes): sign-in required, roles "
                   "officer, member and viewer. Without it the local user is an officer.")
@click.option("--add-user", metavar="NAME",
              help="Add NAME to the --users file (or change their password and role), asking for "
                   "the password; then exit. DATA is not needed.")
@click.option("--role", type=click.Choice(("officer", "member", "viewer")), default="viewer",
              show_default=True, help="With --add-user: the user's role.")
@click.option("--person", metavar="ID", help="With --add-user --role member: their person id in the dataset.")
@click.option("--read-only", is_flag=True, help="Turn every write off: pages only, for everyone.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (the name a reverse proxy passes on, "
                   "e.g. coi.example.nhs.uk). Repeatable.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark the session cookie Secure: use when users reach the app through an HTTPS "
                   "reverse proxy.")
@backend_options
@redact_option
def serve(data: str | None, host: str, port: int, no_browser: bool, users_file: str | None,
          add_user: str | None, role: str, person: str | None, read_only: bool,
          allow_hosts: tuple[str, ...], secure_cookies: bool, backend: str, uri: str, user: str,
          database: str | None, redact: bool = False) -> None:
    """Open the governance office's web app on a dataset: screens, papers, maps, traces, audit,
    and the office's work (meetings and agendas, members' updates, register imports).

    Serves pages on this machine only (http://127.0.0.1:8765/ by default) and
    opens the browser there: the home page, each meeting's screen with filters,
    quorum, declarations checks, its paper in every format and its map; each
    person's declarations for a meeting; each decision's trace and map; the
    audit, powers and a search.  The data stays loaded and is reloaded when its
    files change.  --redact serves the public view.  With --backend neo4j, DATA
    is a dataset pushed with 'coigraph db push', pulled into memory.  Ctrl-C stops it.

    With --users FILE people sign in and have roles (officer, member, viewer),
    and the app may listen beyond this machine (behind an HTTPS reverse proxy:
    see 'Running it for a team' in the README).  Every change is written to the
    app's own files in the dataset folder, checked first with the loader's
    rules, and logged in coigraph-changes.log there.

    Example: coigraph serve data/northshire
    """
    from coigraph.errors import UsageError
    from coigraph.output import message
    from coigraph.web import create_app
    from coigraph.web import serve as run
    from coigraph.web.security import check_bind

    if add_user:
        from coigraph.web.users import add_user as add

        if not users_file:
            raise UsageError("--add-user needs --users FILE: the users file to add to (made if missing)")
        password = click.prompt(f"Password for {add_user}", hide_input=True, confirmation_prompt=True,
                                err=True)
        new = add(users_file, add_user, role, password, person)
        message(f"coigraph: {'added' if new else 'updated'} {add_user} ({role}) in {users_file}")
        return
    if not data:
        raise UsageError("say which dataset to serve: coigraph serve DATA (a folder, a JSON export, "
                         "or with --backend neo4j a pushed dataset)")
    users = None
    if users_file:
        from coigraph.web.users import load_users

        users = load_users(users_file)
    check_bind(host, authentication=users is not None)  # before loading anything: refuse at once
    source: object = data
    if backend == "neo4j":
        from coigraph.cli.neo4j import open_db
        from coigraph.web.data import Neo4jSource

        db = open_db(uri, user, database)  # asks for the password now, at the terminal
        source = Neo4jSource(lambda: db, data)
    app = create_app(source, host=host, port=port, redact=redact, users=users,  # type: ignore[arg-type]
                     read_only=read_only, hosts=allow_hosts, secure_cookies=secure_cookies)
    run(app, open_browser=not no_browser,
        ready=lambda address: message(f"coigraph: serving {app.state.data.source.label} at {address} "
                                      f"({'read-only; ' if app.state.read_only else ''}Ctrl-C to stop)"))
