"""What the reference readers share: names written as people read them, dates, problems, progress."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from coigraph.errors import Problem

ProgressFn = Callable[[str], None]

#: Words kept in capitals when an upper-case register name is made readable.
_UPPER = {"NHS", "ICB", "ICS", "PCN", "CCG", "GP", "GPS", "UK", "LLP", "PLC", "CIC", "LTD", "CSU", "NHSE",
          "ISTC", "UCLH", "CT", "MRI", "ENT", "IT", "II", "III", "IV", "HQ", "LLC", "CIO", "OOH"}
_SMALL = {"and", "of", "the", "for", "in", "at", "on", "upon", "with", "by", "to", "de", "la"}
_LOWER_SUFFIX = {"Ltd": "Ltd", "LTD": "Ltd", "PLC": "plc", "Plc": "plc"}


def readable_name(name: str) -> str:
    """An upper-case register name as papers write it.

    ODS and Companies House give names in capitals; a name in mixed case is kept
    as written.

        >>> readable_name("BRADFORD TEACHING HOSPITALS NHS FOUNDATION TRUST")
        'Bradford Teaching Hospitals NHS Foundation Trust'
        >>> readable_name("SHEFFIELD CHILDREN'S NHS FOUNDATION TRUST")
        "Sheffield Children's NHS Foundation Trust"
        >>> readable_name("NHS GREATER MANCHESTER ICB - 00T")
        'NHS Greater Manchester ICB - 00T'
        >>> readable_name("CORVALE DIGITAL HEALTH LTD"), readable_name("Quillon plc")
        ('Corvale Digital Health Ltd', 'Quillon plc')
    """
    text = " ".join(name.split())
    if not text or any(c.islower() for c in text):
        return text
    out = []
    for i, word in enumerate(text.split(" ")):
        bare = re.sub(r"[^A-Z0-9']", "", word.upper())
        if bare in _UPPER and bare not in ("LTD", "PLC"):
            out.append(word)
        elif bare in ("LTD", "PLC") and i > 0:
            out.append(word.replace(bare, _LOWER_SUFFIX[bare]))
        elif any(ch.isdigit() for ch in word):
            out.append(word)
        elif i > 0 and word.lower() in _SMALL:
            out.append(word.lower())
        else:
            # capitalise each part of a hyphenated or bracketed word; "CHILDREN'S" -> "Children's"
            out.append(re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(),
                              word))
    return " ".join(out)


def yyyymmdd(text: str, file: str, row: int, field: str, problems: list[Problem]) -> dt.date | None:
    """An ODS date (``YYYYMMDD``; blank is no date), or None with a problem added."""
    t = text.strip()
    if not t:
        return None
    if re.fullmatch(r"\d{8}", t):
        try:
            return dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
        except ValueError:
            pass
    problems.append(Problem(file, row, field, f"'{t[:40]}' is not a date",
                            hint="ODS extracts write dates as YYYYMMDD, e.g. 19910401"))
    return None


def iso_date(text: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (PSC, BODS; a date-time is cut to its date), or None when blank or not one."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def uk_date(text: str) -> dt.date | None:
    """A ``DD/MM/YYYY`` date (the Companies House company file), or None when blank or not one."""
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def company_number(text: object) -> str | None:
    """A company number as Companies House writes it: 8 characters, digits padded with zeros.

        >>> company_number("1234567"), company_number(" sc123456 "), company_number("OC300001")
        ('01234567', 'SC123456', 'OC300001')
        >>> company_number("not a number") is None, company_number("") is None
        (True, True)
    """
    if text is None:
        return None
    t = re.sub(r"\s+", "", str(text)).upper()
    if not t:
        return None
    if t.isdigit() and len(t) <= 8:
        return t.zfill(8)
    m = re.fullmatch(r"([A-Z]{2})(\d{1,6})", t)
    if m:
        return m.group(1) + m.group(2).zfill(6)
    return None


__all__ = ["ProgressFn", "readable_name", "yyyymmdd", "iso_date", "uk_date", "company_number"]
