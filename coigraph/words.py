"""Values in words, the same in every output: money, periods, codes.

One formatter per kind of value, so a limit reads the same in the terminal,
the papers, the maps and the JSON's prose fields.

    >>> money(1200000), money(1250.5), money(None), money(None, none="")
    ('£1,200,000', '£1,250.50', 'no limit', '')
    >>> period(None, None)
    'no dates (always)'
    >>> humanise("vice_chair"), humanise("non_financial_professional")
    ('vice chair', 'non-financial professional')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from typing import Any


def money(value: Any, *, none: str = "no limit") -> str:
    """'£1,200,000' (pence shown only when there are any); ``none`` for a missing value."""
    if value is None or value == "":
        return none
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return str(value)
    if v.is_integer():
        return f"£{int(v):,}"
    return f"£{v:,.2f}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    """'2024-04-01 to 2025-03-31', 'from 2024-04-01', 'until 2025-03-31' or 'no dates (always)'."""
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "no dates (always)"


def day(d: dt.date | None, *, none: str = "") -> str:
    """A date as papers write it: '14 May 2025' (``none`` for a missing one)."""
    if d is None:
        return none
    return f"{d.day} {d:%B %Y}"


def months_to_days(months: int) -> int:
    """A look-back in months as days, as the commands count it (6 months: 183 days)."""
    return round(months * 365.25 / 12)


def lookback(days: int) -> str:
    """A look-back in the unit it was asked in: '6 months' (183 days), '1 month', else '40 days'."""
    for m in range(1, 121):
        if months_to_days(m) == days:
            return f"{m} month{'s' if m != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"


_CODE = re.compile(r"(?<![\w.:/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.:/-])")


@functools.cache
def _vocabulary() -> frozenset[str]:
    from coigraph.model import vocab

    codes = {str(m.value) for name in vocab.__all__ if isinstance(e := getattr(vocab, name), type)
             and issubclass(e, enum.Enum) for m in e}
    return frozenset(codes | set(_SPECIAL))


def in_words(text: Any) -> str:
    """``text`` with the model's codes in it put into words: 'chair or vice_chair' ->
    'chair or vice chair'.  Only whole codes of the vocabulary (with an underscore) change;
    ids, file names and everything else stay as written."""
    s = "" if text is None else str(text)
    if "_" not in s:
        return s
    vocab = _vocabulary()
    return _CODE.sub(lambda m: humanise(m.group()) if m.group() in vocab else m.group(), s)


#: Codes whose words are not just the code with spaces.
_SPECIAL: dict[str, str] = {
    "non_financial_professional": "non-financial professional",
    "non_financial_personal": "non-financial personal",
    "sord_breach": "SoRD breach",
    "non_executive_director": "non-executive director",
    "non_executive": "non-executive",
    "non_executives": "the non-executive members",
    "executives": "the executive members",
    "all_members": "all members",
    "policy_breach": "breach of the conflicts policy or standing orders",
    "against_guidance": "against NHS England guidance",
    "system_wide": "system-wide",
    "no_decision": "no part in the decision",
    "no_papers": "leave the room, no papers",
    "declare_only": "declare only",
    "to_confirm": "to confirm",
    "icb": "ICB",
    "pcn": "PCN",
    "vcse": "VCSE",
    "nhs_trust": "NHS trust",
    "nhs_england": "NHS England",
    "gp_practice": "GP practice",
    "gp_partner": "GP partner",
    "spouse_partner": "spouse or partner",
}


def sentence(text: str) -> str:
    """``text`` with its first letter a capital, as a sentence starts ('' stays '')."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """``text`` to go inside a sentence: its first letter small, unless its first word is an
    abbreviation written in capitals ('NHS', 'ICB', 'VCSE')."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def humanise(code: Any) -> str:
    """A vocabulary code in words: 'vice_chair' -> 'vice chair'."""
    s = str(code.value if hasattr(code, "value") else code)
    return _SPECIAL.get(s, s.replace("_", " "))


__all__ = ["money", "period", "humanise", "day", "lookback", "months_to_days", "in_words"]
