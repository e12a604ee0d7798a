"""What a screen returns: the records of ``coigraph screen``'s documented JSON.

:func:`coigraph.screening.screen_meeting` builds them; every output (terminal,
papers, maps, the web app) reads them.  Each field's description is the one
``docs/screening.md`` gives; ``model_dump(mode="json")`` is that JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field

from coigraph import ids
from coigraph.declaration_checks import MeetingChecks
from coigraph.findings import Citation
from coigraph.graph import node_name as _name
from coigraph.model import Effect, InterestType, ItemKind
from coigraph.paths import InterestPath
from coigraph.policy import Action, Category, Holder, Level, Receives
from coigraph.quorum import QuorumCheck, RollEntry, RollStatus

SCHEMA = "coigraph-screen"
SCHEMA_VERSION = 1

class AffectedOrg(BaseModel):
    """An organisation an item affects: listed in the data, or inferred from the item's wording."""

    organisation: str = Field(description="Organisation id.")
    name: str
    effect: Effect
    source: Literal["listed", "inferred"]
    matched_words: list[str] = Field(default_factory=list, description="For an inferred one: the words "
                                     "of the title or summary that named it.")
    effect_guessed: bool = Field(False, description="The effect on an inferred organisation is a guess "
                                 "from the item's other effects or wording.")
    note: str | None = None
    formula: bool | None = Field(None, description="For an allocation: its share is set by a formula "
                                 "applied alike to every organisation (blank: not stated).")


class OtherPath(BaseModel):
    """Another explanation of the same person's interest in the same organisation."""

    level: Level
    action: Action
    rule_id: str
    path: InterestPath


class Finding(BaseModel):
    """One person's interest in one organisation an item affects, and what the policy says to do."""

    person: str = Field(description="Person id.")
    person_name: str
    organisation: str = Field(description="Organisation id.")
    organisation_name: str
    effect: Effect
    affected_as: Literal["listed", "inferred"]
    matched_words: list[str] = Field(default_factory=list)
    category: Category | None = Field(description="financial, non_financial_professional, "
                                      "non_financial_personal or indirect (the register's categories); "
                                      "null when the register gives no type.")
    interest_type: InterestType | None = Field(description="null when the register gives no type.")
    indirect: bool
    recency: Literal["current", "ended"]
    shape: Literal["direct", "via_org", "self"]
    level: Level
    action: Action
    action_text: str
    rule_id: str
    rule_text: str
    basis: str | None = None
    citations: list[Citation] = Field(default_factory=list, description="Where the rule comes from.")
    modifiers: list[str] = Field(default_factory=list)
    modifier_texts: list[str] = Field(default_factory=list)
    holder: Holder = Field("own", description="Whose interest: own, close_associate (spouse, civil "
                           "partner, cohabitee, business partner) or other_associate.")
    receives_money: Receives = Field("no", description="Whether the organisation itself receives the "
                                     "money the item decides: yes, no or unknown.")
    interest_words: str = Field("", description="The registered interest (or post) in words, for the "
                                "declarations log: 'a non-financial professional interest as member of ...'.")
    policy_action: Action | None = Field(None, description="The policy's action before an unavoidable "
                                         "whole-body conflict made it 'declare' (blank: unchanged).")
    unavoidable: bool = Field(False, description="Every voting member in the room is conflicted on the "
                              "item: nobody is asked to step out; see the item's notes.")
    chair_decision_pending: bool = Field(True, description="The chair's decision on how the conflict is "
                                         "managed is still to be made (false: the minutes record it).")
    chair_decision: str | None = Field(None, description="The chair's decision as the minutes record it, "
                                       "with the minute's evidence.")
    explanation: str = Field(description="The interest path in words, with evidence.")
    path: InterestPath
    other_paths: list[OtherPath] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list, description="What the finding depends on that the "
                               "data does not state (a date, the interest's type, the item's kind); "
                               "such a finding is 'to_confirm' and never asks anyone to leave.")

    def sort_key(self) -> tuple:
        return (self.person, self.organisation, self.effect)


class ProcurementLink(BaseModel):
    """A procurement whose award decision the item takes (its assessment: ``coigraph procurement``)."""

    id: str = Field(description="Procurement id.")
    title: str
    regime: str
    command: str = Field(description="The command that prints its conflicts assessment.")


class PersonOnItem(BaseModel):
    """A person's overall position on one item: the strictest action of their findings."""

    person: str
    name: str
    voting: bool
    level: Level
    action: Action
    action_text: str
    organisations: list[str]
    rule_ids: list[str]
    unavoidable: bool = False
    chair_decision_pending: bool = True


class ItemScreen(BaseModel):
    """The screen of one agenda item."""

    id: str
    number: str | None = Field(description="Item number; null when the agenda does not state it.")
    title: str
    kind: ItemKind | None = Field(description="decision, discussion, assurance or information; null when "
                                  "not stated (findings and quorum that depend on it are 'to confirm').")
    confidential: bool = False
    value: float | None = None
    matter: str | None = None
    affected: list[AffectedOrg]
    findings: list[Finding]
    people: list[PersonOnItem]
    self_item: bool = Field(False, description="The item concerns the members themselves (effect self).")
    concerns: list[str] = Field(default_factory=list, description="Whom a self item concerns, as the "
                                "data says (person ids or classes); blank: not stated.")
    concerned: list[str] = Field(default_factory=list, description="The people in the room it concerns.")
    whole_body: bool = Field(False, description="Every voting member in the room is conflicted.")
    notes: list[str] = Field(default_factory=list)
    quorum: QuorumCheck
    presence_not_stated: list[str] = Field(
        default_factory=list, description="People who may have been in the room for the item: the data "
        "does not say (they came or went by clock time during it, or its number or time is not stated).")
    procurements: list[ProcurementLink] = Field(
        default_factory=list, description="Procurements whose award decision this item takes.")


class MeetingInfo(BaseModel):
    id: str
    title: str | None = None
    date: dt.date
    body: str
    body_name: str
    body_kind: str
    owners: list[str]
    public: bool = True


class ScreenSummary(BaseModel):
    items: int
    findings: int
    leave: int = Field(description="Findings whose action takes the person out of the room (leave, "
                       "no_papers, excluded or removal), as 'leave' counted before 2026-12.")
    no_decision: int
    declare: int
    to_confirm: int
    by_action: dict[str, int] = Field(default_factory=dict, description="Findings by exact action.")
    inquorate_items: list[str]
    at_risk_items: list[str]
    self_items: list[str]
    quorum_to_confirm_items: list[str] = Field(default_factory=list)
    whole_body_items: list[str] = Field(default_factory=list)

    @property
    def inquorate_by_withdrawals(self) -> list[str]:
        """Inquorate items where the conflicted are asked to step out: the ones to say "inquorate
        once the conflicted step out" of.  An item on which every voting member is conflicted is
        in ``inquorate_items`` too, but nobody is asked to leave it (see ``whole_body_items``)."""
        whole = set(self.whole_body_items)
        return [n for n in self.inquorate_items if n not in whole]


class ScreenWarning(BaseModel):
    """Something the screen could not do in full, which whoever reads it must know."""

    kind: Literal["path_limit"] = Field(description="path_limit: the person's interests reach the "
                                        "agenda's organisations by more routes than the limit; only "
                                        "the first were judged, so findings for them may be missing.")
    person: str = Field(description="Person id.")
    person_name: str
    limit: int = Field(description="The limit of paths per person that was reached.")
    found: int = Field(description="How many paths were found before the limit cut them.")
    explanation: str


def path_limit_warning(G: nx.MultiDiGraph, person: str, limit: int, found: int) -> ScreenWarning:
    """The warning for a person whose interest paths went over ``limit``."""
    name = _name(G, person)
    return ScreenWarning(
        kind="path_limit", person=ids.bare(person), person_name=name, limit=limit, found=found,
        explanation=(f"{name}'s interests reach the organisations on this agenda by {found:,} routes, "
                     f"more than the limit of {limit:,}: only the first {limit:,} were judged, so "
                     f"findings for {name} may be missing. Check their interests by hand, or screen "
                     "again with a higher --path-limit."))


class MeetingScreen(BaseModel):
    """The screen of one meeting: the documented JSON of ``coigraph screen``."""

    schema_: str = Field(SCHEMA, alias="schema", serialization_alias="schema")
    version: int = SCHEMA_VERSION
    meeting: MeetingInfo
    screened_on: dt.date = Field(description="The date interests were judged on (the meeting date "
                                 "unless --as-of was given).")
    lookback_days: int
    policy: str
    excluded_organisations: list[str] = Field(description="Organisations no path may pass through: "
                                              "the owner(s) of the body meeting.")
    roll: list[RollEntry]
    roll_status: RollStatus = Field("known", description="known; partial (some votes, memberships or "
                                    "independence not stated); unknown (seats known only from a later "
                                    "date, no attendance recorded); empty (nobody on the roll).")
    roll_note: str | None = Field(None, description="What the roll leaves unsaid, for the meeting (never a "
                                  "finding on an item).")
    items: list[ItemScreen]
    checks: MeetingChecks | None = Field(None, description="Declarations checks: undeclared, stale, "
                                         "information_flows.")
    summary: ScreenSummary
    warnings: list[ScreenWarning] = Field(default_factory=list, description="What the screen could "
                                          "not do in full: people whose paths went over the limit.")

    model_config = {"populate_by_name": True}

    def model_dump(self, **kw: Any) -> dict[str, Any]:  # keep 'schema' as the key
        kw.setdefault("by_alias", True)
        return super().model_dump(**kw)


class ScreenAll(BaseModel):
    """Every meeting screened (``coigraph screen --all``)."""

    schema_: str = Field(SCHEMA + "-all", alias="schema", serialization_alias="schema")
    version: int = SCHEMA_VERSION
    meetings: list[MeetingScreen]

    model_config = {"populate_by_name": True}

    def model_dump(self, **kw: Any) -> dict[str, Any]:
        kw.setdefault("by_alias", True)
        return super().model_dump(**kw)
