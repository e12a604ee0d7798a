"""The breaches register: breaches of the conflicts of interest policy, as confirmed by a person.

``coigraph audit`` drafts *candidate* entries from its findings; a person
confirms one by adding it here (with the candidate's id in ``candidate``, so
the audit does not propose it again) or records that it is not a breach
(``status: dismissed``).  Entries found by other means (a complaint, an
internal audit) are added the same way, without a candidate id.  A breach is
a node (``breach:<id>``) with an edge to the person it concerns.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from coigraph.model.base import Id, Record, ShortText, Text, ref

# its vocabularies are in vocab with the others (a snapshot restores their members from there)
from coigraph.model.vocab import BreachKind, BreachOutcome, BreachStatus


class Breach(Record):
    """One entry of the breaches register."""

    id: Id
    kind: BreachKind = Field(
        description="undeclared_interest, late_declaration, failure_to_withdraw, gifts_hospitality, "
        "procurement or other.")
    what: Text = Field(description="What happened, in words.")
    person: Id | None = ref("people", "The person it concerns.", default=None)
    organisation: Id | None = ref("organisations", "The organisation involved, if any.", default=None)
    meeting: Id | None = ref("meetings", "The meeting it happened at, if any.", default=None)
    procurement: Id | None = ref("procurements", "The procurement it happened in, if any.", default=None)
    occurred: dt.date | None = Field(None, description="When it happened (blank: not stated).")
    found: dt.date = Field(description="When it was found.")
    how_found: ShortText | None = Field(
        None, description="How it came to light: 'coigraph audit', 'internal audit', 'complaint'...")
    action: Text | None = Field(None, description="Action taken.")
    outcome: BreachOutcome | None = Field(
        None, description="open, no_further_action, advice, training, disciplinary, referred or other.")
    reported_to: ShortText | None = Field(
        None, description="Who it was reported to: 'Audit Committee', 'Counter Fraud'...")
    reported: dt.date | None = Field(None, description="When it was reported (blank: not stated).")
    status: BreachStatus = Field(
        BreachStatus.confirmed, description="confirmed (a breach), or dismissed (looked at: not a breach).")
    candidate: Id | None = Field(
        None, description="The id of the candidate entry coigraph audit drafted, if this confirms one.")


__all__ = ["BreachKind", "BreachStatus", "BreachOutcome", "Breach"]
