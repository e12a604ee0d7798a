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
import math
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
}


def humanise(code: Any) -> str:
    """A vocabulary code in words: 'vice_chair' -> 'vice chair'."""
    s = str(code.value if hasattr(code, "value") else code)
    return _SPECIAL.get(s, s.replace("_", " "))


__all__ = ["money", "period", "humanise"]
