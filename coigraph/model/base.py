"""Field helpers and the base records every table's record derives from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

# ---------------------------------------------------------------------------
# Field helpers
# ---------------------------------------------------------------------------


Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$",
        description="Stable identifier: letters, digits, '.', '_' or '-'.",
    ),
]
Text = Annotated[str, Field(max_length=10_000)]
ShortText = Annotated[str, Field(max_length=1_000)]


def ref(table: str, description: str, *, also: tuple[str, ...] = (), **kw: Any) -> Any:
    """A field that names a record of ``table`` (checked by the loader); ``also``: words the
    field may hold instead of an id (e.g. 'all_members' beside person ids)."""
    extra: dict[str, Any] = {"ref": table}
    if also:
        extra["ref_also"] = list(also)
    return Field(description=description, json_schema_extra=extra, **kw)


class Record(BaseModel):
    """Base of every record: unknown columns are errors, whitespace is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    _src: str | None = PrivateAttr(default=None)

    @property
    def src(self) -> str | None:
        """Where the record came from, as ``file:row`` (evidence for findings)."""
        # read the private slot directly: ``self._src`` goes through pydantic's __getattr__,
        # which is slow enough to show when a national dataset is loaded and built
        private = self.__pydantic_private__
        return private.get("_src") if private else None


class Dated(Record):
    """A record in force from ``start`` to ``end`` (both inclusive, both optional).

    Sources often know less than that: a minute or a profile says a role was held
    *as at* its own date, or that it has ended without saying when.  ``as_at``
    and ``ended`` hold that, and :func:`date_status` then answers "not known"
    for the dates the source does not cover, never yes or no.
    """

    start: dt.date | None = Field(
        None, description="First day in force (blank: in force from before any date in the data; "
        "if the source only says it was held on some date, give that date in as_at instead).")
    end: dt.date | None = Field(
        None, description="Last day in force (blank: still in force, unless 'ended' says it ended "
        "on a date the source does not give).")
    as_at: dt.date | None = Field(
        None, description="Known to be in force on this date (a register, profile or minutes of "
        "that date say so) when the start is not known; before it, whether it was in force is not "
        "known. Also read from a start written 'as at DATE'. Blank: not stated.")
    ended: bool = Field(
        False, description="Yes: it has ended, on a date the source does not give (leave end "
        "blank); after as_at (or start) whether it was still in force is not known. Also read from "
        "an end written 'ended' or 'ended, date unknown'. Blank: no.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Dated:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"end: ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()}); "
                "check the two dates are not swapped"
            )
        if self.as_at and ((self.start and self.as_at < self.start) or (self.end and self.as_at > self.end)):
            raise ValueError(
                f"as_at: known in force on {self.as_at.isoformat()}, outside its own start and end; "
                "check the dates")
        return self

    def in_force(self, on: dt.date) -> bool:
        """True if the record may be in force on ``on`` (its dates do not rule it out).

        :func:`date_status` tells "in force" from "not known" (``as_at``, ``ended``).
        """
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def date_status(self, on: dt.date) -> bool | None:
        """True: in force on ``on``; False: not; None: the source's dates do not say."""
        return date_status({"start": self.start, "end": self.end, "as_at": self.as_at,
                            "ended": self.ended}, on)


def date_status(attrs: Mapping[str, Any], on: dt.date, *, lookback_days: int = 0) -> bool | None:
    """Is a dated record (its fields, or a graph edge's attributes) in force on ``on``?

    ``True``: in force (or ended within ``lookback_days`` before ``on``);
    ``False``: its dates rule it out; ``None``: not known, because the record is
    known only *as at* a later date (and has no start), or has *ended* on a date
    not given and ``on`` is after the last date it was known to be held.
    A record with neither ``as_at`` nor ``ended`` is never unknown (blank start:
    in force since before any date; blank end: still in force).
    """
    start, end = attrs.get("start"), attrs.get("end")
    if start is not None and start > on:
        return False
    if end is not None and end < on - dt.timedelta(days=lookback_days):
        return False
    as_at = attrs.get("as_at")
    if start is None and as_at is not None and on < as_at:
        return None
    if attrs.get("ended") and end is None:
        known_until = as_at or start
        if known_until is None or on > known_until:
            return None
    return True


def date_words(attrs: Mapping[str, Any]) -> str:
    """What the dates of a record leave unknown, in words ('known only as at 2023-03-16')."""
    parts = []
    if attrs.get("as_at") is not None and attrs.get("start") is None:
        parts.append(f"known only as at {attrs['as_at'].isoformat()}")
    if attrs.get("ended") and attrs.get("end") is None:
        parts.append("ended, date not known")
    return "; ".join(parts)


__all__ = [
    "Id",
    "Text",
    "ShortText",
    "ref",
    "Record",
    "Dated",
    "date_status",
    "date_words",
]
