"""Reading the model's codes as people write them: other cases, spacings and synonyms.

The synonyms are data, in ``synonyms.yaml`` beside this module.  A value is
matched to a code of its enumeration, in this order:

1. the code itself (``non_executive_director``);
2. the code ignoring case, spaces, hyphens and underscores, and a plural
   ``s`` (``Non-executive director``, ``System Wide``, ``Decisions``);
3. a synonym, compared the same way (``NED``, ``Foundation Trust``, ``charity``).

:func:`match` says which code and how; the loader reports every match of
kind 2 or 3 as a warning with its count.  A value that matches nothing gets a
hint from :func:`hint`: the table's own advice for a word the model has no
code for (``CCG``), else the close spellings of one code, never a code whose
words are part of the value's or the other way round ('Non-financial' is
not 'financial'; 'Vice-chairman' is not 'chair').

    >>> from coigraph.model.vocab import Role, OrgKind, InterestType
    >>> match(Role, "Non-executive director"), match(Role, "NED")
    (Match(code='non_executive_director', how='spelling'), Match(code='non_executive_director', how='synonym'))
    >>> match(OrgKind, "charity").code, match(OrgKind, "icb").how
    ('vcse', 'exact')
    >>> hint(InterestType, "non-finacial personal")
    "did you mean 'non_financial_personal'?"
    >>> hint(InterestType, "Non-financial")
    'say which: non_financial_professional or non_financial_personal'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from coigraph.model import vocab

How = Literal["exact", "spelling", "synonym"]

_NOISE = re.compile(r"[\s_\-]+")


def key(text: str) -> str:
    """``text`` compared ignoring case, spaces, hyphens and underscores: 'Non-Exec_dir' -> 'nonexecdir'."""
    return _NOISE.sub("", str(text).casefold())


@dataclass(frozen=True)
class Match:
    """The code a written value stands for, and how it was recognised."""

    code: str
    how: How


@dataclass(frozen=True)
class _Table:
    codes: dict[str, str]      # key(code) -> code
    synonyms: dict[str, str]   # key(synonym) -> code
    written: dict[str, list[str]]  # code -> synonyms as written in the file
    no_code: dict[str, str]    # key(word) -> hint


@cache
def table_data() -> dict[str, dict[str, list[str]] | dict[str, dict[str, str]]]:
    """The synonyms file as read (enumeration -> code -> synonyms; plus ``no_code``)."""
    text = resources.files("coigraph.model").joinpath("synonyms.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


@cache
def _table(enum: type[Enum]) -> _Table:
    data = table_data()
    given = data.get(enum.__name__) or {}
    codes = {key(m.value): str(m.value) for m in enum}
    synonyms: dict[str, str] = {}
    for code, words in given.items():
        for w in words or []:
            synonyms[key(w)] = str(code)
    no_code = {key(w): str(h) for w, h in ((data.get("no_code") or {}).get(enum.__name__) or {}).items()}
    return _Table(codes, synonyms, {str(c): [str(w) for w in ws or []] for c, ws in given.items()},
                  no_code)


def enumerations() -> dict[str, type[Enum]]:
    """The model's enumerations by name (those the synonyms file may name)."""
    return {name: obj for name in vocab.__all__
            if isinstance(obj := getattr(vocab, name), type) and issubclass(obj, Enum)}


def synonyms_of(enum: type[Enum]) -> dict[str, list[str]]:
    """Code -> its synonyms as written in the file."""
    return dict(_table(enum).written)


def match(enum: type[Enum], value: str) -> Match | None:
    """The code of ``enum`` that ``value`` stands for, and how; ``None`` if none does."""
    text = str(value).strip()
    if text in enum._value2member_map_:
        return Match(text, "exact")
    t = _table(enum)
    k = key(text)
    for cand in (k, k[:-1] if k.endswith("s") else None):
        if not cand:
            continue
        if cand in t.codes:
            return Match(t.codes[cand], "spelling")
        if cand in t.synonyms:
            return Match(t.synonyms[cand], "synonym")
    return None


def hint(enum: type[Enum], value: str) -> str | None:
    """What to write instead of ``value`` when it matches no code, or ``None`` if nothing helps.

    The table's advice for a known word without a code first; then the codes
    one or two letters away (a typo), through their synonyms too.  A code is
    never offered when its words are inside the value's, or the value's
    inside its: those differ in meaning, not in spelling.
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    got = match(enum, value)
    if got is not None:
        return f"did you mean '{got.code}'?"
    t = _table(enum)
    k = key(value)
    if not k:
        return None
    if k in t.no_code:
        return t.no_code[k]
    scored: dict[str, float] = {}
    for form, code in [*t.codes.items(), *t.synonyms.items()]:
        if k in form or form in k:
            continue
        # a close spelling, or one slip (a letter wrong, missing, extra or two swapped) in a short one
        score = fuzz.ratio(k, form)
        if score >= 80 or (len(k) >= 3 and OSA.distance(k, form) <= 1):
            scored[code] = max(scored.get(code, 0.0), score)
    if not scored:
        return None
    best = sorted(scored.items(), key=lambda cs: (-cs[1], cs[0]))
    close = [c for c, s in best if s >= best[0][1] - 5][:2]
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


__all__ = ["Match", "key", "match", "hint", "synonyms_of", "enumerations", "table_data"]
