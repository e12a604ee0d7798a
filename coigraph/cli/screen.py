"""screen and declarations: agenda pre-screening for conflicts of interest."""

from __future__ import annotations

import click

from coigraph.cli.neo4j import backend_options, neo4j_backend
from coigraph.cli.options import (
    command_line,
    data_argument,
    emit_result,
    load_graph,
    no_cache_option,
    output_options,
    parse_date_option,
    redact_option,
    template_option,
)
from coigraph.declarations import PersonDeclarations
from coigraph.errors import UsageError
from coigraph.output import output_stream, progress_bar
from coigraph.paths.grammar import DEFAULT_LIMIT
from coigraph.report import formats
from coigraph.report.paper import source_of
from coigraph.report.screening import STREAMED
from coigraph.screening import MeetingScreen
from coigraph.words import months_to_days

SCREEN_FORMATS = formats(MeetingScreen)
#: The bundled policy file, whose version a paper states when no --policy is given.
DEFAULT_POLICY = ("coigraph.policies", "default.yaml")


@click.command()
@data_argument
@click.option("--meeting", "-m", metavar="ID",
              help="The meeting to screen: its id in meetings.csv/.yaml, e.g. icb-board-2025-05.")
@click.option("--all", "all_", is_flag=True,
              help="Screen every meeting in the data, oldest first (for audit). Give --meeting or --all, "
                   "not both.")
@click.option("--as-of", metavar="YYYY-MM-DD",
              help="Judge interests as the register stood on this date instead of the meeting date "
                   "(e.g. the date the papers went out).")
@click.option("--policy", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your own materiality policy (YAML; see docs/screening.md). Default: the bundled "
                   "policy, which follows NHS England's conflicts of interest guidance.")
@click.option("--lookback-months", type=click.IntRange(0, 120), default=None,
              help="Interests that ended this many months before the meeting still count, one level "
                   "lighter (0 turns this off). Default: the policy's look-back (6 months in the "
                   "bundled policy, a local policy choice).")
@click.option("--max-depth", type=click.IntRange(1, 8), default=5, show_default=True,
              help="Longest chain of links followed from a person to an organisation "
                   "(5 covers: associate, post or interest, body, and two organisation steps).")
@click.option("--path-limit", type=click.IntRange(1, 1_000_000), default=DEFAULT_LIMIT, show_default=True,
              help="Most interest paths judged per person and item; a person with more is named in a "
                   "warning (in every format), never dropped silently.")
@backend_options
@output_options(SCREEN_FORMATS)
@template_option
@redact_option
@no_cache_option
def screen(data: str, meeting: str | None, all_: bool, as_of: str | None, policy: str | None,
           lookback_months: int | None, max_depth: int, backend: str, uri: str, user: str,
           database: str | None, fmt: str, output: str | None, template: str | None = None,
           redact: bool = False, path_limit: int = DEFAULT_LIMIT, no_cache: bool = False) -> None:
    """Pre-screen a meeting's agenda: who is conflicted on which item, and what to do.

    For every agenda item, lists each member or attendee whose interests (posts,
    register entries, a spouse's or partner's interests, and the companies or
    networks those belong to) reach an organisation the item affects, with the
    evidence, how material it is, the recommended action (declare and take part;
    no part in the decision; leave the room, with or without the papers; ...) and
    the policy rule behind it, for the chair to decide. Checks whether each decision item is still quorate once
    the conflicted step out, and flags possibly undeclared interests, stale
    declarations and confidential information heard before a related decision.

    Formats: table (terminal), json (documented in docs/screening.md), csv (one row
    per finding), and the conflicts of interest paper for the chair, with a
    declarations log for the minutes, as markdown, html (prints on A4) or docx
    (Word; --template for your own styles).

    Example: coigraph screen data/northshire --meeting icb-board-2025-05 --format html -o coi.html
    """
    from coigraph import views
    from coigraph.policy import load_policy
    from coigraph.screening import screen_all, screen_meeting

    if bool(meeting) == bool(all_):
        raise UsageError("give either --meeting ID (one meeting) or --all (every meeting), not "
                         + ("both" if all_ else "neither"))
    on = parse_date_option(as_of)
    pol = load_policy(policy)
    days = pol.lookback_days() if lookback_months is None else months_to_days(lookback_months)
    source = source_of(data if backend != "neo4j" else None, policy=policy,
                       policy_package_file=DEFAULT_POLICY, command=command_line(
                           "screen", data, ("--meeting", meeting), ("--all", all_), ("--as-of", as_of),
                           ("--policy", policy), ("--lookback-months", lookback_months),
                           ("--max-depth", max_depth if max_depth != 5 else None),
                           ("--path-limit", path_limit if path_limit != DEFAULT_LIMIT else None), ("--redact", redact),
                           ("--backend", "neo4j" if backend == "neo4j" else None)))
    if backend == "neo4j":
        from dataclasses import replace

        source = replace(source, dataset=f"{data} (a dataset in the Neo4j database)")
    if backend == "neo4j" and redact:
        raise UsageError("--redact works on a data folder, not yet with --backend neo4j: run "
                         "'coigraph screen DATA_FOLDER --redact'")
    if backend == "neo4j":  # DATA names a dataset pushed with 'coigraph db push'
        with neo4j_backend(data, uri, user, database) as be, progress_bar(None, "screening") as bar:
            kw = {"policy": pol, "as_of": on, "lookback_days": days, "max_depth": max_depth,
                  "limit": path_limit}
            result = (be.screen_all(progress=bar.advance, **kw) if all_
                      else be.screen_meeting(str(meeting), **kw))
        emit_result(result, fmt, output, source=source, template=template)
        return
    G = load_graph(data, no_cache)
    if all_ and fmt in STREAMED:  # written meeting by meeting: a sweep is never held whole
        from coigraph.report.screening import stream
        from coigraph.screening import iter_screens

        n = sum(1 for _ in views.nodes_of(G, "meeting"))
        screens = iter_screens(G, policy=pol, as_of=on, lookback_days=days, max_depth=max_depth,
                               limit=path_limit)
        if redact:
            from coigraph.redact import redaction_for

            r = redaction_for(G)
            screens = (r.value(s) for s in screens)
        with progress_bar(n, "screening meetings") as bar, output_stream(output) as out:
            for text in stream(fmt, screens):
                out.write(text)
                bar.advance()
        return
    if all_:
        n = sum(1 for _ in views.nodes_of(G, "meeting"))
        with progress_bar(n, "screening meetings") as bar:
            result = screen_all(G, policy=pol, as_of=on, lookback_days=days, max_depth=max_depth,
                                limit=path_limit, progress=bar.advance)
    else:
        result = screen_meeting(G, str(meeting), policy=pol, as_of=on, lookback_days=days,
                                max_depth=max_depth, limit=path_limit)
    if redact:  # judged on the full register, published without the private details
        from coigraph.redact import redact_findings

        result = redact_findings(result, G)
    emit_result(result, fmt, output, source=source, template=template)


@click.command()
@data_argument
@click.option("--person", "-p", metavar="ID", required=True, help="The member: their id in people.csv/.yaml.")
@click.option("--meeting", "-m", metavar="ID", required=True, help="The meeting: its id in meetings.csv/.yaml.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Judge interests as they stood on this date.")
@click.option("--policy", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your own materiality policy (YAML). Default: the bundled one.")
@click.option("--lookback-months", type=click.IntRange(0, 120), default=None,
              help="Interests that ended this many months before still count. Default: the policy's "
                   "look-back (6 months in the bundled policy).")
@output_options(formats(PersonDeclarations))
@template_option
@no_cache_option
def declarations(data: str, person: str, meeting: str, as_of: str | None, policy: str | None,
                 lookback_months: int | None, fmt: str, output: str | None,
                 template: str | None = None, no_cache: bool = False) -> None:
    """What one member should declare at a meeting, item by item, and why.

    Gives the member, in advance, the same answer the governance officer gets:
    each item where their interests reach an affected organisation (with the
    evidence and recommended action), posts in the data their register does not
    cover, whether their declaration is more than 12 months old, and confidential
    items they heard that relate to a decision at this meeting.  Anyone can be
    asked about: a member who sent apologies, someone not on the body, or the
    spouse or associate of a member is told so first, and still gets the items
    their interests reach.  Formats: text, json, and the letter as markdown,
    html or docx.

    Example: coigraph declarations data/northshire --person rebecca-stanforth --meeting icb-board-2025-05
    """
    from coigraph.declarations import person_declarations
    from coigraph.policy import load_policy

    on = parse_date_option(as_of)
    pol = load_policy(policy)
    G = load_graph(data, no_cache)
    days = pol.lookback_days() if lookback_months is None else months_to_days(lookback_months)
    result = person_declarations(G, person, meeting, policy=pol, as_of=on, lookback_days=days)
    source = source_of(data, policy=policy, policy_package_file=DEFAULT_POLICY, command=command_line(
        "declarations", data, ("--person", person), ("--meeting", meeting), ("--as-of", as_of),
        ("--policy", policy), ("--lookback-months", lookback_months)))
    emit_result(result, fmt, output, source=source, template=template)
