"""Meetings, who attends them, their agenda items, what the items affect, and the minutes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from coigraph.model.base import Id, Record, ShortText, Text, ref
from coigraph.model.vocab import (
    AttendanceStatus,
    Effect,
    InterestType,
    ItemKind,
    MinutesKind,
    MinutesOutcome,
    MinutesScope,
)

_CLOCK = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def _clock(value: object) -> object:
    """A clock time as minutes write it ('10:40', '10.40', '2.15pm', '14h15') as 'HH:MM'."""
    if value is None or isinstance(value, str) and not value.strip():
        return None
    if hasattr(value, "hour") and hasattr(value, "minute"):  # a time read from Excel
        return f"{value.hour:02d}:{value.minute:02d}"
    m = _CLOCK.match(str(value).strip())
    if not m:
        raise ValueError(f"'{str(value)[:20]}' is not a clock time; write it as HH:MM, e.g. 10:40")
    hour, minute, half = int(m.group(1)), int(m.group(2)), (m.group(3) or "").lower().replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"'{value}' is not a clock time (hours 0-23, minutes 0-59)")
    return f"{hour:02d}:{minute:02d}"


#: A clock time, kept as 'HH:MM' text (sorts as it reads; no time zone, no date).
Clock = Annotated[str, BeforeValidator(_clock), Field(pattern=r"^\d{2}:\d{2}$")]

#: The classes of member an item may concern (``agenda_items.concerns``), besides named people.
CONCERN_CLASSES: tuple[str, ...] = ("non_executives", "executives", "all_members", "chair")


class Meeting(Record):
    """A meeting of a body."""

    id: Id
    body: Id = ref("bodies", "The body meeting.")
    date: dt.date = Field(description="Date of the meeting.")
    title: ShortText | None = Field(None, description="Title, e.g. 'ICB Board (public), May 2025'.")
    public: bool = Field(True, description="Held in public. Blank: yes (boards meet in public unless "
                         "the papers say the meeting, or an item, is private).")


class Attendance(Record):
    """Who is expected at (or was at) a meeting, and how."""

    meeting: Id = ref("meetings", "The meeting.")
    person: Id = ref("people", "The person.")
    status: AttendanceStatus = Field(
        description="present, apologies, deputising, in_attendance (no vote) or absent."
    )
    deputising_for: Id | None = ref("people", "For a deputy: whom they stand in for.", default=None)
    left_after_item: str | None = Field(None, max_length=20, description="Item number after which "
                                        "they left. Blank: did not leave early, as far as recorded.")
    joined_at_item: str | None = Field(None, max_length=20, description="Item number from which they "
                                       "were present (joined late). Blank: from the start.")
    arrived_at: Clock | None = Field(None, description="Clock time they arrived, 'HH:MM' (the minutes' "
                                     "'joined the meeting at 10:40'). Blank: from the start.")
    left_at: Clock | None = Field(None, description="Clock time they left the room, 'HH:MM'. Blank: "
                                  "stayed, as far as recorded.")
    returned_at: Clock | None = Field(None, description="Clock time they came back after leaving at "
                                      "left_at, 'HH:MM'. Blank: did not come back.")

    @model_validator(mode="after")
    def _deputy(self) -> Attendance:
        if self.status == AttendanceStatus.deputising and not self.deputising_for:
            raise ValueError("deputising_for: a deputy needs the member they stand in for")
        if self.returned_at and not self.left_at:
            raise ValueError("returned_at: give the time they left (left_at) too")
        if self.returned_at and self.left_at and self.returned_at < self.left_at:
            raise ValueError(f"returned_at: back ({self.returned_at}) before leaving ({self.left_at}); "
                             "check the two times are not swapped")
        if self.arrived_at and self.left_at and self.left_at < self.arrived_at:
            raise ValueError(f"left_at: left ({self.left_at}) before arriving ({self.arrived_at}); check "
                             "the two times are not swapped")
        return self


class AgendaItem(Record):
    """An item on a meeting's agenda."""

    id: Id
    meeting: Id = ref("meetings", "The meeting.")
    number: str | None = Field(None, min_length=1, max_length=20, description="Item number as on the "
                               "agenda, e.g. '7' or '7.2'. Blank: not stated (the item's place "
                               "against 'left after item N' is then not known).")
    title: ShortText = Field(description="Title as on the agenda.")
    summary: Text | None = Field(None, description="Summary or recommendation of the paper.")
    kind: ItemKind | None = Field(None, description="decision, discussion, assurance or information. "
                                  "Blank: not stated: findings and quorum that depend on it are 'to "
                                  "confirm'.")
    time: Clock | None = Field(None, description="Clock time the item started, 'HH:MM' (from the "
                               "agenda or minutes), for attendance by clock time. Blank: not stated.")
    confidential: bool = Field(False, description="Taken in private (part 2). Blank: no (agendas mark "
                               "private items).")
    value: float | None = Field(None, ge=0, description="Money at stake, in pounds. Blank: not stated "
                                "(policy rules with a value condition do not apply).")
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
            "quorate, inquorate, register_stands ('the declarations on the register stand': a "
            "declaration of every registered interest, of one person's if person is given) or "
            "no_additional_declarations ('no additional declarations were made') or not_captured (the "
            "minutes as held stop before the declarations, or do not show them: not known, never 'none')."
        )
    )
    person: Id | None = ref("people", "Who declared, withdrew or chaired.", default=None)
    all_members: bool = Field(
        False, description="A blanket entry: 'all members declared an interest in item 10'. Blank: no "
        "(the entry is the person's)."
    )
    organisation: Id | None = ref("organisations", "The organisation a declaration named.", default=None)
    text: Text | None = Field(None, description="The minute as written.")
    types: list[InterestType] = Field(
        default_factory=list, description="For a declaration: the type(s) declared (';'-separated). "
        "Blank: not stated.")
    indirect: bool | None = Field(None, description="For a declaration: held through a close associate. "
                                  "Blank: not stated.")
    scope: MinutesScope | None = Field(
        None, description="For a declaration: item (the item given) or meeting (the whole meeting, "
        "e.g. made under the 'declarations of interest' item). Blank: the item if one is given, else "
        "the whole meeting.")
    outcome: MinutesOutcome | None = Field(
        None, description="For a declaration, what was done: noted, left_room, no_part (took no part "
        "in the decision) or remained (the chair agreed the member may remain; give the reason). "
        "Blank: not stated.")
    reason: Text | None = Field(None, description="The chair's reason, as minuted (for an outcome, "
                                "most of all 'remained'). Blank: not stated.")

    @model_validator(mode="after")
    def _who(self) -> MinutesEntry:
        needs_person = self.kind in (MinutesKind.declaration, MinutesKind.withdrawal,
                                     MinutesKind.no_vote, MinutesKind.chair)
        if needs_person and not self.person and not self.all_members:
            raise ValueError("person: say who (or set all_members for a blanket entry)")
        if self.kind != MinutesKind.declaration and (self.outcome or self.scope or self.types):
            raise ValueError("outcome: outcome, scope and types are for declarations (kind: declaration)")
        if self.scope == MinutesScope.item and not self.item:
            raise ValueError("scope: an item-scoped declaration needs the item")
        return self

    @property
    def whole_meeting(self) -> bool:
        """Does the declaration cover the whole meeting (scope, else no item given)?"""
        return self.scope == MinutesScope.meeting if self.scope else not self.item


__all__ = [
    "CONCERN_CLASSES",
    "Meeting",
    "Attendance",
    "AgendaItem",
    "AffectedOrganisation",
    "MinutesEntry",
]
