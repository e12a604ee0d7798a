"""What the reference readers share: names written as people read them, dates, problems, progress."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from coigraph.errors import DataError, Problem
from coigraph.load.readers import regular_file_problem

ProgressFn = Callable[[str], None]

#: Words kept in capitals when an upper-case register name is made readable.
_UPPER = {"NHS", "ICB", "ICS", "PCN", "CCG", "GP", "GPS", "UK", "LLP", "PLC", "CIC", "LTD", "CSU", "NHSE",
          "ISTC", "UCLH", "CT", "MRI", "ENT", "IT", "II", "III", "IV", "HQ", "LLC", "CIO", "OOH", "HMP",
          "YOI", "SICBL", "BMI", "DBA"}
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
        >>> readable_name("EXAMPLETON - SUB-ICB REPORTING ENTITY")
        'Exampleton - Sub-ICB Reporting Entity'
        >>> readable_name("CORVALE DIGITAL HEALTH LTD"), readable_name("Quillon plc")
        ('Corvale Digital Health Ltd', 'Quillon plc')
    """
    text = " ".join(name.split())
    if not text or any(c.islower() for c in text):
        return text
    return " ".join(_word(w, i) for i, w in enumerate(text.split(" ")))


def _word(word: str, i: int) -> str:
    if "-" in word.strip("-"):  # each part of "SUB-ICB" on its own: "Sub-ICB"
        return "-".join(_word(part, i + j) if part else part for j, part in enumerate(word.split("-")))
    bare = re.sub(r"[^A-Z0-9']", "", word.upper())
    if bare in _UPPER and bare not in ("LTD", "PLC"):
        return word
    if bare in ("LTD", "PLC") and i > 0:
        return word.replace(bare, _LOWER_SUFFIX[bare])
    if any(ch.isdigit() for ch in word):
        return word
    if i > 0 and word.lower() in _SMALL:
        return word.lower()
    # "CHILDREN'S" -> "Children's", "(NORTH)" -> "(North)"
    return re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


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


#: Progress is reported every this many lines of a big file.
PROGRESS_EVERY = 500_000


@contextlib.contextmanager
def open_text(path: str | Path, *, what: str) -> Iterator[IO[str]]:
    """Open a big text file (or the one file inside a ``.zip``, as the registers publish them) as a stream.

    Read as UTF-8 (a byte-order mark is skipped); a byte that is not UTF-8
    becomes U+FFFD rather than stopping a pass over gigabytes.  Never reads
    the whole file.  ``what`` names the file in messages ("the PSC snapshot").
    """
    path = Path(path)
    why = regular_file_problem(path)  # a named pipe would block the pass for ever
    if why is not None:
        raise DataError([Problem(path.name, None, None, why, hint=f"give {what} as downloaded (or unzipped)")],
                        summary=f"cannot read {what}")
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.infolist() if not m.is_dir()]
                if len(members) != 1:
                    raise DataError([Problem(path.name, None, None, f"the zip holds {len(members)} files, not one",
                                             hint=f"unzip it and give {what} itself")],
                                    summary=f"cannot read {what}")
                with zf.open(members[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            return
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            yield f
    except (OSError, zipfile.BadZipFile) as exc:
        raise DataError([Problem(path.name, None, None, f"cannot read the file: {getattr(exc, 'strerror', None) or exc}",
                                 hint=f"give {what} as downloaded (or unzipped)")],
                        summary=f"cannot read {what}") from exc


__all__ = ["ProgressFn", "PROGRESS_EVERY", "open_text", "readable_name", "yyyymmdd", "iso_date", "uk_date", "company_number"]
