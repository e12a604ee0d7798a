"""Field helpers and the base records every table's record derives from."""

from __future__ import annotations

import datetime as dt
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
    """A record in force from ``start`` to ``end`` (both inclusive, both optional)."""

    start: dt.date | None = Field(None, description="First day in force (blank: always was).")
    end: dt.date | None = Field(None, description="Last day in force (blank: still in force).")

    @model_validator(mode="after")
    def _end_after_start(self) -> Dated:
        if self.start and self.end and self.end < self.start:
            raise ValueError(
                f"end: ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()}); "
                "check the two dates are not swapped"
            )
        return self

    def in_force(self, on: dt.date) -> bool:
        """True if the record is in force on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


__all__ = [
    "Id",
    "Text",
    "ShortText",
    "ref",
    "Record",
    "Dated",
]
