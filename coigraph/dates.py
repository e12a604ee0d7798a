"""Dates as registers of interests write them, read UK style.

Registers say "01/06/2021" (1 June), "April 2022", "Sep-2021", "2021",
"Ongoing", "Present", "N/A".  A partial date is the first day of its period
when it starts something and the last day when it ends something.  Parsing
uses :mod:`dateutil` (day first) rather than hand-written formats.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as du

OPEN_WORDS = {
    "", "ongoing", "on-going", "present", "current", "to date", "todate", "n/a", "na", "none",
    "-", "--", "continuing", "continues", "still in post", "tbc", "open", "not applicable",
}

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})[\s\-/.,']*((?:19|20)?\d{2})$")
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-.](\d{4})$")
_FIN_YEAR = re.compile(r"^((?:19|20)\d{2})\s*[/\-]\s*(\d{2}|\d{4})$")


_AS_AT = re.compile(r"^(?:known\s+|held\s+|in\s+post\s+)?as\s+(?:at|of)\s*:?\s*(.+)$", re.IGNORECASE)
_ENDED = re.compile(r"^(?:ended|left|stepped\s+down|no\s+longer\s+(?:held|in\s+post))"
                    r"(?:\s*[,;:(\-–]?\s*(?:date\s+|when\s+)?(?:unknown|not\s+known|not\s+stated|"
                    r"not\s+given)\)?)?\.?$", re.IGNORECASE)


class DateParseError(ValueError):
    """A date could not be read."""


def is_open(text: str | None) -> bool:
    """True if the text means 'no date' (ongoing, present, blank...)."""
    return text is None or str(text).strip().lower().rstrip(".") in OPEN_WORDS


#: Texts already read, with their answer: a register repeats the same dates many times, and one
#: ``date`` object per text also keeps a large dataset smaller.  Cleared when it grows past the limit.
_READ: dict[tuple[str, bool], tuple[dt.date | None, bool]] = {}
_READ_LIMIT = 200_000


def parse_date(value: object, *, end: bool = False) -> tuple[dt.date | None, bool]:
    """Read a date; return ``(date, exact)``.

    ``exact`` is False when the text was partial ("April 2022") or not ISO,
    so that callers can warn.  ``end=True`` makes a partial date the last day of
    its period.  Words meaning "open" give ``(None, True)``.  Raises
    :class:`DateParseError` with a hint when the text is not a date.
    """
    if type(value) is str:
        got = _READ.get((value, end))
        if got is None:
            got = _parse_date(value, end=end)
            if len(_READ) >= _READ_LIMIT:
                _READ.clear()
            _READ[(value, end)] = got
        return got
    return _parse_date(value, end=end)


def _parse_date(value: object, *, end: bool = False) -> tuple[dt.date | None, bool]:
    if value is None:
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    text = str(value).strip()
    if is_open(text):
        return None, True
    if _ISO.match(text):
        try:
            return dt.date.fromisoformat(text), True
        except ValueError as exc:
            raise DateParseError(f"'{text}' is not a real date") from exc
    if _YEAR.match(text):
        y = int(text)
        return (dt.date(y, 12, 31) if end else dt.date(y, 1, 1)), False
    m = _MONTH_YEAR.match(text)
    if m and m.group(1).lower() in _MONTHS:
        return _month(int(_year(m.group(2))), _MONTHS[m.group(1).lower()], end), False
    m = _NUM_MONTH_YEAR.match(text)
    if m and 1 <= int(m.group(1)) <= 12:
        return _month(int(m.group(2)), int(m.group(1)), end), False
    m = _FIN_YEAR.match(text)
    if m:  # a financial year "2022/23": 1 April to 31 March
        y = int(m.group(1))
        return (dt.date(y + 1, 3, 31) if end else dt.date(y, 4, 1)), False
    try:
        parsed = du.parse(text, dayfirst=True, default=dt.datetime(1900, 1, 1))
    except (ValueError, OverflowError) as exc:
        raise DateParseError(
            f"'{text[:60]}' is not a date I can read; write it as YYYY-MM-DD, "
            "e.g. 2024-04-01, or 'Ongoing' if it has not ended"
        ) from exc
    if parsed.year == 1900:
        raise DateParseError(f"'{text[:60]}' has no year; write it as YYYY-MM-DD")
    return parsed.date(), False


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _month(year: int, month: int, end: bool) -> dt.date:
    if end:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, 1)


def date_qualifier(column: str, text: str) -> dict[str, object] | None:
    """What a start or end cell says when it is not a date but a date's qualifier.

    A start written "as at 16 March 2023" (a source of that date says the record
    was in force then; its start is not known) gives ``{"as_at": date}``; an end
    written "ended", "ended, date unknown" or "left (date not known)" gives
    ``{"ended": True}`` (see :class:`coigraph.model.Dated`).  Anything else gives
    None (an ordinary date, read as before).  Raises :class:`DateParseError` when
    the date after "as at" cannot be read.
    """
    t = " ".join(str(text).split())
    if column == "start":
        m = _AS_AT.match(t)
        if m:
            # a partial date ("as at November 2022") is its last day: known in force by then at least
            return {"as_at": parse_date(m.group(1).strip(" ."), end=True)[0]}
    elif column == "end" and _ENDED.match(t):
        return {"ended": True}
    return None
