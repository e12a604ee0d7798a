"""Meetings, who attends them, their agenda items, what the items affect, and the minutes."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from coigraph.model.base import Id, Record, ShortText, Text, ref
from coigraph.model.vocab import AttendanceStatus, Effect, ItemKind, MinutesKind

#: The classes of member an item may concern (``agenda_items.concerns``), besides named people.
CONCERN_CLASSES: tuple[str, ...] = ("non_executives", "executives", "all_members", "chair")


class Meeting(Record):
    """A meeting of a body."""

    id: Id
    body: Id = ref("bodies", "The body meeting.")
    date: dt.date = Field(description="Date of the meeting.")
    title: ShortText | None = Field(None, description="Title, e.g. 'ICB Board (public), May 2025'.")
    public: bool = Field(True, description="Held in public.")


class Attendance(Record):
    """Who is expected at (or was at) a meeting, and how."""

    meeting: Id = ref("meetings", "The meeting.")
    person: Id = ref("people", "The person.")
    status: AttendanceStatus = Field(
        description="present, apologies, deputising, in_attendance (no vote) or absent."
    )
    deputising_for: Id | None = ref("people", "For a deputy: whom they stand in for.", default=None)
    left_after_item: str | None = Field(None, max_length=20, description="Item number after which they left.")

    @model_validator(mode="after")
    def _deputy(self) -> Attendance:
        if self.status == AttendanceStatus.deputising and not self.deputising_for:
            raise ValueError("deputising_for: a deputy needs the member they stand in for")
        return self


class AgendaItem(Record):
    """An item on a meeting's agenda."""

    id: Id
    meeting: Id = ref("meetings", "The meeting.")
    number: str = Field(min_length=1, max_length=20, description="Item number as on the agenda, e.g. '7' or '7.2'.")
    title: ShortText = Field(description="Title as on the agenda.")
    summary: Text | None = Field(None, description="Summary or recommendation of the paper.")
    kind: ItemKind = Field(description="decision, discussion, assurance or information.")
    confidential: bool = Field(False, description="Taken in private (part 2).")
    value: float | None = Field(None, ge=0, description="Money at stake, in pounds.")
    matter: Id | None = ref("matters", "The matter it decides.", default=None)
    concerns: list[Id] = ref(
        "people",
        "For an item about members themselves (their pay, posts or body): whom it concerns, "
        "';'-separated: person ids, or the classes non_executives, executives, all_members, chair. "
        "Only they are conflicted by it. Blank: not stated, so every member is taken as "
        "concerned and the screen asks for them to be named.", also=CONCERN_CLASSES, default_factory=list)


class AffectedOrganisation(Record):
    """An organisation an agenda item affects, and how."""

    item: Id = ref("agenda_items", "The agenda item.")
    organisation: Id = ref("organisations", "The organisation affected.")
    effect: Effect = Field(
        description="award, investment, allocation, reconfiguration, system_wide, self or information."
    )
    note: ShortText | None = Field(None, description="Free text.")
    formula: bool | None = Field(
        None, description="For an allocation: yes if the organisation's share is set by a formula "
        "applied alike to every organisation (it is not paid by the item's choice); no if the "
        "organisation itself receives the money; blank: not stated (to confirm).")


class MinutesEntry(Record):
    """One thing the minutes of a meeting recorded (a declaration, a withdrawal, who chaired...)."""

    meeting: Id = ref("meetings", "The meeting minuted.")
    item: Id | None = ref("agenda_items", "The agenda item it concerns (blank: the whole meeting).",
                          default=None)
    kind: MinutesKind = Field(
        description=(
            "declaration, withdrawal (left the room), no_vote (stayed, did not take part in the "
            "decision), no_declarations ('no declarations were made'), chair (who chaired), "
            "quorate or inquorate."
        )
    )
    person: Id | None = ref("people", "Who declared, withdrew or chaired.", default=None)
    all_members: bool = Field(
        False, description="A blanket entry: 'all members declared an interest in item 10'."
    )
    organisation: Id | None = ref("organisations", "The organisation a declaration named.", default=None)
    text: Text | None = Field(None, description="The minute as written.")

    @model_validator(mode="after")
    def _who(self) -> MinutesEntry:
        needs_person = self.kind in (MinutesKind.declaration, MinutesKind.withdrawal,
                                     MinutesKind.no_vote, MinutesKind.chair)
        if needs_person and not self.person and not self.all_members:
            raise ValueError("person: say who (or set all_members for a blanket entry)")
        return self


__all__ = [
    "CONCERN_CLASSES",
    "Meeting",
    "Attendance",
    "AgendaItem",
    "AffectedOrganisation",
    "MinutesEntry",
]
