"""Delegation commands: trace, audit, powers (thin wrappers over coigraph.delegation and .audit)."""

from __future__ import annotations

import shlex

import click

from coigraph.audit import AuditReport
from coigraph.cli.neo4j import backend_options, neo4j_backend
from coigraph.cli.options import (
    command_line,
    data_argument,
    emit_result,
    load_graph,
    no_cache_option,
    output_options,
    parse_date_option,
    parse_money_option,
    policy_values_option,
    template_option,
)
from coigraph.delegation import MayApprove, Trace
from coigraph.errors import UsageError
from coigraph.output import emit, message, progress_bar
from coigraph.powers import Powers
from coigraph.report import formats, render
from coigraph.report.paper import file_version, source_of

#: The registry of finding kinds the checks come from: its version goes on every paper.
FINDINGS_FILE = ("coigraph.policies", "findings.yaml")


#: The bundled policy values for procurements, gifts and breaches (``--policy-values`` replaces it).
VALUES_FILE = ("coigraph.policies", "procurement.yaml")

#: The audit sections that read the policy values.
VALUES_SECTIONS = frozenset({"procurement", "gifts", "breaches", "committee"})


def _checks(skip: tuple[str, ...], composition_rules: str | None = None,
            composition: bool = False, policy_values: str | None = None,
            values: bool = False) -> list[tuple[str, str]]:
    """The lines of a paper's 'what it covers' about the checks run: their registry's version,
    the composition rules, the policy values, and any switched off."""
    lines = [("Checks", f"coigraph's findings registry ({file_version(None, FINDINGS_FILE)})")]
    if composition:
        lines.append(("Composition rules", (composition_rules or "coigraph's bundled rules") + " ("
                      + file_version(composition_rules, ("coigraph.policies", "composition.yaml")) + ")"))
    if values:
        lines.append(("Policy values", (policy_values or "coigraph's bundled values") + " ("
                      + file_version(policy_values, VALUES_FILE) + ")"))
    if skip:
        lines.append(("Checks switched off", ", ".join(sorted(skip))))
    return lines

_skip_option = click.option(
    "--skip", "skip", multiple=True, metavar="KIND",
    help="Switch a check off by its finding kind (repeatable), e.g. --skip "
         "statutory_function_to_trust once NHS England's guidance changes.")


def _graph(data: str, no_cache: bool = False):
    return load_graph(data, no_cache)


def _rules(skip: tuple[str, ...]):
    from coigraph.delegation import Rules

    return Rules(disabled=frozenset(skip))


@click.command()
@data_argument
@click.option("--decision", "-d", required=True, help="Id of the decision to trace.")
@_skip_option
@backend_options
@output_options(formats(Trace))
@template_option
@no_cache_option
def trace(data: str, decision: str, skip: tuple[str, ...], backend: str, uri: str, user: str,
          database: str | None, fmt: str, output: str | None, template: str | None = None,
          no_cache: bool = False) -> None:
    """Trace a decision up its delegation chain to the accountable board, as a working paper.

    Each link shows who delegated what to whom, under which instrument, with
    its limit, dates and statutory basis, and whether it holds for this
    decision; then a verdict and the findings, each with its evidence.  The
    working paper also comes as markdown, html (prints on A4) or docx (Word).

    Example: coigraph trace data/northshire --decision dec-2025-07-remote-monitoring
    """
    from coigraph.delegation import trace_decision

    if backend == "neo4j":  # DATA names a dataset pushed with 'coigraph db push'
        with neo4j_backend(data, uri, user, database) as be:
            t = be.trace_decision(decision, rules=_rules(skip))
    else:
        t = trace_decision(_graph(data, no_cache), decision, rules=_rules(skip))
    source = source_of(data if backend != "neo4j" else None, command=command_line(
        "trace", data, ("--decision", decision), ("--skip", skip),
        ("--backend", "neo4j" if backend == "neo4j" else None)), rules=_checks(skip))
    if backend == "neo4j":
        from dataclasses import replace

        source = replace(source, dataset=f"{data} (a dataset in the Neo4j database)")
    emit_result(t, fmt, output, source=source, template=template)


@click.command()
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
@template_option
@no_cache_option
def audit(data: str, date_from: str | None, date_to: str | None, sections: tuple[str, ...],
          composition_rules: str | None, policy_values: str | None, skip: tuple[str, ...], fmt: str,
          output: str | None, template: str | None = None, no_cache: bool = False) -> None:
    """Audit governance over a period: decisions, the scheme of delegation, composition, minutes,
    procurements, gifts and hospitality, the breaches register and a report to the audit committee.

    The report is a list of sections: every decision traced to its
    accountable board; checks on the scheme of delegation; ICB board
    composition against the Act and the constitution; each minuted meeting
    against what the screen foresaw; every procurement screened stage by
    stage; the gifts and hospitality register against its thresholds; the
    breaches register with candidate entries drafted from the findings; and
    the audit committee's summary.  Each has a table and its findings, with
    evidence.  CSV output is one row per finding; markdown, html (prints on
    A4) and docx (Word) are the evidence pack, stating what was audited
    (dataset and a hash of its files, period, checks and their version) and
    the command that makes it again.  With nothing in scope it says so
    instead of giving a verdict.

    Example: coigraph audit data/northshire --format html --output audit.html
    """
    from coigraph.audit import build_audit
    from coigraph.delegation import decision_ids
    from coigraph.governance.values import load_values

    G = _graph(data, no_cache)
    start, end = parse_date_option(date_from, "--from"), parse_date_option(date_to, "--to")
    n = len(decision_ids(G, date_from=start, date_to=end))
    with progress_bar(n, "tracing decisions") as bar:
        report = build_audit(G, rules=_rules(skip), date_from=start, date_to=end,
                             sections=list(sections) or None, progress=bar,
                             composition_rules=composition_rules, values=load_values(policy_values),
                             data=shlex.quote(data))
    command = command_line("audit", data, ("--from", date_from), ("--to", date_to),
                           ("--section", sections), ("--composition-rules", composition_rules),
                           ("--policy-values", policy_values), ("--skip", skip))
    ids = {s.id for s in report.sections}
    source = source_of(data, command=command, rules=_checks(
        skip, composition_rules, composition="composition" in ids,
        policy_values=policy_values, values=bool(ids & VALUES_SECTIONS)))
    emit_result(report, fmt, output, source=source, template=template)
    from coigraph.report.delegation import VERDICT_LABEL
    from coigraph.report.delegation_papers import nothing_to_audit

    if nothing_to_audit(report):
        message("nothing to audit: no decisions, delegations, ICB boards, minutes, procurements, "
                "gifts and hospitality or breaches in the period")
    else:
        message(f"{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''}; "
                f"verdict: {VERDICT_LABEL.get(report.verdict, report.verdict)}")


@click.command()
@data_argument
@click.option("--holder", "holder", default=None,
              help="Id of the committee, board, officer, post or joint authority: what may it decide?")
@click.option("--matter", "matter", default=None, metavar="CODE",
              help="Instead of --holder: who may approve this matter (with --value and --on)?")
@click.option("--value", "value", default=None, metavar="POUNDS",
              help="With --matter: the value to approve, e.g. 250000, £250,000 or 250k.")
@click.option("--organisation", "organisation", default=None, metavar="ORG",
              help="With --matter: only holders for this organisation.")
@click.option("--on", "on", metavar="DATE", help="Only delegations in force on DATE (YYYY-MM-DD).")
@_skip_option
# --holder gives a Powers and --matter a MayApprove: offer the formats both are registered in
@output_options(tuple(f for f in formats(Powers) if f in formats(MayApprove)))
@no_cache_option
def powers(data: str, holder: str | None, matter: str | None, value: str | None,
           organisation: str | None, on: str | None, skip: tuple[str, ...], fmt: str,
           output: str | None, no_cache: bool = False) -> None:
    """What may this committee or officer decide; or who may approve matter M for £X on date D?

    With --holder: derived from the delegation chains, a power's limit is the
    lowest limit of any link above it, its dates the days every link is in
    force; a person's powers include those of the posts they hold.  With
    --matter (and --value, --on): every holder (post, person, body, joint
    authority) whose delegation covers it, with the chain to the accountable
    board.

    Example: coigraph powers data/northshire --matter non_pay --value 300000 --on 2025-09-01 --organisation northshire-icb
    """
    from coigraph.delegation import powers_of, who_may_approve

    if bool(holder) == bool(matter):
        raise UsageError("give --holder (what may it decide?) or --matter (who may approve it?), "
                         "not both and not neither")
    if holder and (value is not None or organisation is not None):
        raise UsageError("--value and --organisation go with --matter, not --holder")
    when = parse_date_option(on, "--on")
    if matter:
        a = who_may_approve(_graph(data, no_cache), matter, parse_money_option(value, "--value"), on=when,
                            organisation=organisation, rules=_rules(skip))
        emit(render(a, fmt), output)
        return
    p = powers_of(_graph(data, no_cache), str(holder), on=when, rules=_rules(skip))
    emit(render(p, fmt), output)
