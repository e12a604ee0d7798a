"""The register of gifts, hospitality and sponsorship.

Each entry is something offered to a person (accepted or declined), from an
organisation of the dataset or from someone named in words.  It enters the
graph as an edge person -> organisation (``gift``); an offer from someone who
is not an organisation of the dataset is an edge of the person to themselves,
with the giver in ``donor``.  The thresholds that decide what must be
declared, approved or refused are policy values
(``coigraph/policies/procurement.yaml``), not part of the record.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from coigraph.model.base import Id, Record, ShortText, Text, ref

# its vocabularies are in vocab with the others (a snapshot restores their members from there)
from coigraph.model.vocab import GiftKind


class Gift(Record):
    """One entry of the register of gifts, hospitality and sponsorship."""

    id: Id
    person: Id = ref("people", "Who was offered it.")
    organisation: Id | None = ref(
        "organisations", "The organisation it came from, if it is in the dataset.", default=None)
    donor: ShortText | None = Field(
        None, description="Who offered it, in words, when not an organisation of the dataset.")
    kind: GiftKind = Field(description="gift, hospitality or sponsorship.")
    description: Text = Field(description="What was offered: 'dinner after the supplier day', 'a pen set'.")
    value: float | None = Field(None, ge=0, description="Value in pounds (estimated); blank: not known.")
    date: dt.date = Field(description="Date it was offered or received.")
    accepted: bool | None = Field(None, description="yes: accepted; no: declined; blank: not known.")
    declared: bool | None = Field(
        None, description="Did the recipient declare it? yes; no (it was found another way: say how in "
        "'note'); blank: not known.")
    declared_on: dt.date | None = Field(None, description="Date the recipient declared it (blank: not "
                                         "stated).")
    approved_by: Id | None = ref("people", "Who approved accepting it.", default=None)
    approval: ShortText | None = Field(
        None, description="The approval as recorded, when the approver is not a person of the dataset.")
    note: Text | None = Field(None, description="Free text (how it came to light, what was done).")
    source: ShortText | None = Field(None, description="Where the entry came from (register file, row).")

    @model_validator(mode="after")
    def _from(self) -> Gift:
        if not self.organisation and not self.donor:
            raise ValueError("organisation: give the organisation it came from, or the donor in words")
        return self


__all__ = ["GiftKind", "Gift"]
