"""Delegation commands: trace, audit, powers (thin wrappers over coigraph.delegation and .audit)."""

from __future__ import annotations

import click

from coigraph.audit import AuditReport
from coigraph.cli.app import main
from coigraph.cli.db import backend_options, neo4j_backend
from coigraph.cli.options import (
    data_argument,
    output_options,
    parse_date_option,
    policy_values_option,
)
from coigraph.delegation import Trace
from coigraph.output import emit, message, progress_bar
from coigraph.powers import Powers
from coigraph.report import formats, render

_skip_option = click.option(
    "--skip", "skip", multiple=True, metavar="KIND",
    help="Switch a check off by its finding kind (repeatable), e.g. --skip "
         "statutory_function_to_trust once NHS England's guidance changes.")


def _graph(data: str):
    from coigraph.graph import build_graph
    from coigraph.load.dataset import load_dataset

    return build_graph(load_dataset(data))


def _rules(skip: tuple[str, ...]):
    from coigraph.delegation import Rules

    return Rules(disabled=frozenset(skip))


@main.command()
@data_argument
@click.option("--decision", "-d", required=True, help="Id of the decision to trace.")
@_skip_option
@backend_options
@output_options(formats(Trace))
def trace(data: str, decision: str, skip: tuple[str, ...], backend: str, uri: str, user: str,
          database: str | None, fmt: str, output: str | None) -> None:
    """Trace a decision up its delegation chain to the accountable board, as a working paper.

    Each link shows who delegated what to whom, under which instrument, with
    its limit, dates and statutory basis, and whether it holds for this
    decision; then a verdict and the findings, each with its evidence.

    Example: coigraph trace data/northshire --decision dec-2025-07-remote-monitoring
    """
    from coigraph.delegation import trace_decision

    if backend == "neo4j":  # DATA names a dataset pushed with 'coigraph db push'
        with neo4j_backend(data, uri, user, database) as be:
            t = be.trace_decision(decision, rules=_rules(skip))
    else:
        t = trace_decision(_graph(data), decision, rules=_rules(skip))
    emit(render(t, fmt), output)


@main.command()
@data_argument
@click.option("--from", "date_from", metavar="DATE", help="Only decisions on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Only decisions on or before DATE (YYYY-MM-DD).")
@click.option("--section", "sections", multiple=True, metavar="ID",
              help="Only these sections of the report (repeatable): decisions, scheme, "
              "composition, minutes, procurement, gifts, breaches, committee; default all.")
@click.option("--composition-rules", type=click.Path(dir_okay=False), default=None,
              help="Board composition rules (YAML) instead of the bundled ones: see docs/governance.md.")
@policy_values_option
@_skip_option
@output_options(formats(AuditReport))
def audit(data: str, date_from: str | None, date_to: str | None, sections: tuple[str, ...],
          composition_rules: str | None, policy_values: str | None, skip: tuple[str, ...], fmt: str,
          output: str | None) -> None:
    """Audit governance over a period: decisions, the scheme of delegation, composition, minutes,
    procurements, gifts and hospitality, the breaches register and a report to the audit committee.

    The report is a list of sections: every decision traced to its
    accountable board; checks on the scheme of delegation; ICB board
    composition against the Act and the constitution; each minuted meeting
    against what the screen foresaw; every procurement screened stage by
    stage; the gifts and hospitality register against its thresholds; the
    breaches register with candidate entries drafted from the findings; and
    the audit committee's summary.  Each has a table and its findings, with
    evidence.  CSV output is one row per finding.

    Example: coigraph audit data/northshire --format html --output audit.html
    """
    from coigraph.audit import build_audit
    from coigraph.delegation import decision_ids
    from coigraph.governance.values import load_values

    G = _graph(data)
    start, end = parse_date_option(date_from, "--from"), parse_date_option(date_to, "--to")
    n = len(decision_ids(G, date_from=start, date_to=end))
    with progress_bar(n, "tracing decisions") as bar:
        report = build_audit(G, rules=_rules(skip), date_from=start, date_to=end,
                             sections=list(sections) or None, progress=bar,
                             composition_rules=composition_rules, values=load_values(policy_values))
    emit(render(report, fmt), output)
    message(f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''}; "
            f"verdict: {report.verdict}")


@main.command()
@data_argument
@click.option("--holder", "holder", required=True,
              help="Id of the committee, board or officer (a body or person id).")
@click.option("--on", "on", metavar="DATE", help="Only delegations in force on DATE (YYYY-MM-DD).")
@_skip_option
@output_options(formats(Powers))
def powers(data: str, holder: str, on: str | None, skip: tuple[str, ...], fmt: str,
           output: str | None) -> None:
    """What may this committee or officer decide, up to what value, and by whose authority?

    Derived from the delegation chains: a power's limit is the lowest limit of
    any link above it, its dates the days every link is in force.

    Example: coigraph powers data/northshire --holder icb-fic
    """
    from coigraph.delegation import powers_of

    p = powers_of(_graph(data), holder, on=parse_date_option(on, "--on"), rules=_rules(skip))
    emit(render(p, fmt), output)
