"""procurement: a procurement's conflicts assessment, stage by stage (a thin wrapper over
:mod:`coigraph.governance.procurement`)."""

from __future__ import annotations

import click

from coigraph.cli.neo4j import backend_options, neo4j_backend
from coigraph.cli.options import (
    data_argument,
    load_graph,
    no_cache_option,
    output_options,
    policy_values_option,
)
from coigraph.governance.procurement import ProcurementAssessment
from coigraph.output import emit
from coigraph.report import formats, render
from coigraph.words import months_to_days


@click.command("procurement")
@data_argument
@click.option("--id", "procurement_id", required=True, metavar="ID",
              help="The procurement: its id in procurements.csv/.yaml.")
@click.option("--policy", type=click.Path(dir_okay=False), metavar="FILE",
              help="Your own materiality policy (YAML; see docs/screening.md). Default: the bundled one.")
@policy_values_option
@click.option("--lookback-months", type=click.IntRange(0, 120), default=6, show_default=True,
              help="Interests that ended this many months before a stage still count, one level lighter.")
@backend_options
@output_options(formats(ProcurementAssessment))
@no_cache_option
def procurement(data: str, procurement_id: str, policy: str | None, policy_values: str | None,
                lookback_months: int, backend: str, uri: str, user: str, database: str | None, fmt: str,
                output: str | None, no_cache: bool = False) -> None:
    """A procurement's conflicts assessment: every person at every stage against every bidder.

    Lists the stages and their dates, who acted at each (evaluators, officers,
    advisers, decision-makers; for an award taken at a meeting, the voting
    members present), the bidders or providers considered at each, and then
    the conflicts as the authority keeps them: who, what interest, which
    bidder, what the policy asks (an evaluator: at least no part in that
    evaluation), what was done and when it was reviewed; with gifts and
    hospitality from bidders, the decision-makers recorded (PSR regulation 24)
    and, for a Procurement Act 2023 procurement, the conflicts assessment
    before the notice (s83). CSV is one row per conflict.

    Example: coigraph procurement data/northshire --id nicb-ultrasound-2025
    """
    from coigraph.governance.procurement import screen_procurement
    from coigraph.governance.values import load_values
    from coigraph.policy import load_policy

    kw = {"policy": load_policy(policy), "values": load_values(policy_values),
          "lookback_days": months_to_days(lookback_months)}
    if backend == "neo4j":  # DATA names a dataset pushed with 'coigraph db push'
        with neo4j_backend(data, uri, user, database) as be:
            result = be.screen_procurement(procurement_id, **kw)
    else:
        result = screen_procurement(load_graph(data, no_cache), procurement_id, **kw)
    emit(render(result, fmt), output)
