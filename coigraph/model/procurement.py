"""Procurements, stage by stage: who acted at each stage, and which bidders or providers were considered.

A procurement is bought by a relevant (contracting) authority under the
Provider Selection Regime (the Health Care Services (Provider Selection Regime)
Regulations 2023, SI 2023/1348: direct award processes A, B and C, the most
suitable provider process, the competitive process, or an urgent award) or,
for what the PSR does not cover, under the Procurement Act 2023.  Its stages
(specification to modification) carry dates; the people acting at a stage
(evaluators, officers, advisers, decision-makers) and the organisations
considered at it (bidders, or providers under a direct award) are recorded
stage by stage, not only the winner, so that every person can be screened
against every bidder at every stage they took part in.

How they enter the graph: a procurement is a node (``procurement:<id>``); a
stage is an edge of the procurement to itself (``procurement_stage``, with its
dates); a participant is an edge person -> procurement (``acts_in``), a bidder
an edge organisation -> procurement (``bids_in``).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from coigraph.model.base import Dated, Id, Record, ShortText, Text, ref

# its vocabularies are in vocab with the others (a snapshot restores their members from there)
from coigraph.model.vocab import BidOutcome, ParticipantRole, Regime, Stage

#: Regimes under the Provider Selection Regime (SI 2023/1348); ``psr``: the process is not stated.
PSR_REGIMES: frozenset[str] = frozenset(r.value for r in Regime if r != Regime.procurement_act)

#: The regulation of SI 2023/1348 that sets out each PSR process (checked on the contents page).
PSR_REGULATION: dict[str, str] = {
    Regime.direct_award_a.value: "reg 7 (Direct Award Process A)",
    Regime.direct_award_b.value: "reg 8 (Direct Award Process B)",
    Regime.direct_award_c.value: "reg 9 (Direct Award Process C)",
    Regime.most_suitable_provider.value: "reg 10 (the Most Suitable Provider Process)",
    Regime.competitive.value: "reg 11 (the Competitive Process)",
    Regime.urgent_award.value: "reg 14 (urgent award)",
    Regime.psr.value: "process not stated",
}


#: Stages in order (the position of a stage in this tuple is its order).
STAGE_ORDER: tuple[str, ...] = tuple(s.value for s in Stage)


class Procurement(Record):
    """A procurement: what is bought, by whom, under which regime, and the award decision."""

    id: Id
    title: ShortText = Field(description="Title, e.g. 'Community non-obstetric ultrasound'.")
    buyer: Id = ref("organisations", "The relevant (contracting) authority buying: usually the ICB.")
    regime: Regime = Field(
        description="PSR process: direct_award_a, direct_award_b, direct_award_c, most_suitable_provider, "
        "competitive, urgent_award, or psr (process not stated); or procurement_act."
    )
    value: float | None = Field(None, ge=0, description="Value in pounds (the whole contract).")
    matter: Id | None = ref("matters", "The matter the award decides.", default=None)
    decision: Id | None = ref("decisions", "The awarding decision, once taken.", default=None)
    item: Id | None = ref(
        "agenda_items", "The agenda item that takes (or took) the award decision.", default=None)
    decided_by: Id | None = ref(
        "bodies", "The body the record or notice says decided, when it names no one "
        "(e.g. 'Primary Care Sub Group').", default=None)
    notice: ShortText | None = Field(
        None, description="Reference of the tender, transparency or intention-to-award notice.")
    notice_date: dt.date | None = Field(
        None, description="Date that notice was published (blank: not stated; the check that a Procurement "
        "Act 2023 conflicts assessment came before the notice is then not made).")
    conflicts_assessment: dt.date | None = Field(
        None, description="Date the conflicts assessment was prepared (Procurement Act 2023 s83). Blank: none "
        "recorded (for a Procurement Act 2023 procurement with a notice date, an advisory finding to check).")
    conflicts_statement: Text | None = Field(
        None, description="What the notice or record says about conflicts, as written.")
    description: Text | None = Field(None, description="What is bought, in words.")
    source: ShortText | None = Field(None, description="Where the record comes from (notice id, URL, file).")


class ProcurementStage(Dated):
    """A stage of a procurement and its dates (start and end: its first and last day)."""

    procurement: Id = ref("procurements", "The procurement.")
    stage: Stage = Field(
        description="specification, market_engagement, evaluation, moderation, recommendation, "
        "award_decision, contract or modification."
    )
    meeting: Id | None = ref("meetings", "The meeting the stage was taken at, if any.", default=None)
    note: ShortText | None = Field(None, description="Free text.")


class ProcurementParticipant(Record):
    """A person acting at one or more stages of a procurement, and what they declared."""

    procurement: Id = ref("procurements", "The procurement.")
    person: Id = ref("people", "Who acted.")
    stages: list[Stage] = Field(
        min_length=1, description="The stage(s) they acted at (';'-separated).")
    role: ParticipantRole = Field(description="evaluator, officer, adviser or decision_maker.")
    declared: dt.date | None = Field(
        None, description="Date of their declaration of interests for this procurement (blank: no "
        "declaration recorded).")
    declared_conflict: bool | None = Field(
        None, description="Did that declaration name a conflict? yes; no (declared none); blank: not known.")
    declaration: Text | None = Field(None, description="What they declared, as written.")
    excluded: bool | None = Field(
        None, description="yes: took no part in these stages because of a conflict; no: took part; "
        "blank: not recorded.")
    mitigation: Text | None = Field(None, description="What was agreed to manage a conflict.")
    identified: dt.date | None = Field(
        None, description="Date a conflict of theirs was identified, if it was (declared late, found by "
        "the procurement team, or on the register). Blank: not recorded (only a declaration naming a "
        "conflict dates it).")
    reviewed: dt.date | None = Field(None, description="Date this entry of the conflicts assessment was last "
                                      "reviewed (blank: no review recorded).")


class ProcurementBidder(Record):
    """An organisation considered at one or more stages: a bidder, or a provider under a direct award."""

    procurement: Id = ref("procurements", "The procurement.")
    organisation: Id = ref("organisations", "The bidder or provider.")
    stages: list[Stage] = Field(
        min_length=1, description="The stage(s) it was considered at (';'-separated).")
    incumbent: bool = Field(False, description="The existing provider of the service? yes; blank: not marked "
                             "as the existing provider (shown only; no check depends on it).")
    outcome: BidOutcome | None = Field(
        None, description="awarded, unsuccessful, withdrawn or excluded; blank: not known yet.")
    note: ShortText | None = Field(None, description="Free text.")


__all__ = [
    "Regime",
    "PSR_REGIMES",
    "PSR_REGULATION",
    "Stage",
    "STAGE_ORDER",
    "ParticipantRole",
    "BidOutcome",
    "Procurement",
    "ProcurementStage",
    "ProcurementParticipant",
    "ProcurementBidder",
]
