"""Reading the words of a register of interests: cells, types, nil returns, relationships, dates.

Registers are typed by people, so the same thing is written many ways:
"Financial Interest", "Financial / Indirect", "Non-Fin Prof"; "Nil", "Nil
return", "Nothing to declare"; "Wife is a partner at Riverside Surgery";
"2019 - present".  Each function here reads one of these and says what it
found; none of them guesses silently (callers record what was inferred so
that a person can check it).  Names of people and organisations are read in
:mod:`coigraph.registers.phrases`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from coigraph.dates import DateParseError, is_open, parse_date
from coigraph.model import AssociationKind, InterestType
from coigraph.names import normalise

FINANCIAL = InterestType.financial.value
PROFESSIONAL = InterestType.non_financial_professional.value
PERSONAL = InterestType.non_financial_personal.value

#: Words a type column may hold besides the three types.
TYPE_WORDS = (FINANCIAL, PROFESSIONAL, PERSONAL, "indirect", "direct", "nil")

#: The order types are listed in on an interest.
TYPE_ORDER = (FINANCIAL, PROFESSIONAL, PERSONAL)


# --------------------------------------------------------------------------- cells


def fold(text: str) -> str:
    """Accents off, one character for one ('Zoë Brontë' -> 'Zoe Bronte'), so offsets still line up."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def cell_text(value: object) -> str:
    """A cell as clean text: no formula-escape apostrophe, no non-breaking or doubled spaces.

    A leading apostrophe before '=', '+', '-' or '@' is how spreadsheets (and
    coigraph's own exports) keep text from running as a formula; it is not
    part of the value.  Dates are given back as ISO text.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


TICKED = {"x", "y", "yes", "true", "1", "tick", "ticked", "✓", "✔", "√", "ü", "þ", "☑", "•", "*", "v"}
UNTICKED = {"", "n", "no", "false", "0", "-", "--", "n/a", "na", "none", "nil", "☐", "o"}


def ticked(value: object) -> bool | None:
    """Is a tick-box cell ticked?  True, False, or None when the text is not a tick at all."""
    if value is True:
        return True
    if value is False or value is None:
        return False
    text = cell_text(value).lower().rstrip(".")
    if text in TICKED:
        return True
    if text in UNTICKED:
        return False
    return None


# --------------------------------------------------------------------------- types


_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PROFESSIONAL, re.compile(r"\b(non ?financial )?prof(essional)?\b|\bnfp ?r?o?f?\b|\bnon fin(ancial)? prof")),
    (PERSONAL, re.compile(r"\b(non ?financial )?personal\b|\bnfpe(rs)?\b|\bnon fin(ancial)? pers")),
    ("indirect", re.compile(r"\bindirect\b")),
    ("direct", re.compile(r"(?<!in)\bdirect\b")),  # a word: never "director"
)
_FINANCIAL = re.compile(r"(?<!non )(?<!non)\bfinancial\b|^fin$|^f$")
_NIL_WORDS = {
    "nil", "nil return", "nil returns", "nil declaration", "none", "none declared", "none to declare",
    "nothing to declare", "no interests", "no interests to declare", "no interests declared",
    "no declarable interests", "no relevant interests", "no interest to declare", "nil interests",
    "no interests to be declared", "not applicable nil return", "nil return submitted",
}


def is_nil(text: str) -> bool:
    """True if the text is a nil return ("Nil", "Nil return", "None", "Nothing to declare"...)."""
    t = normalise(fold(text)).replace("'", "")
    return t in _NIL_WORDS


#: Words a type cell may hold besides a type: "Financial Interest", "Non-Financial / Indirect".
_TYPE_FILLER = {"interest", "interests", "and", "or", "a", "an", "the", "of", "type", "types", "direct",
                "indirect", "non", "fin", "financial", "professional", "personal", "prof", "pers",
                "nfp", "nfpr", "nfpe", "nfprof", "nfpers", "category", "declared", "i", "d", "ind"}


def only_type_words(text: str) -> bool:
    """Does a type cell hold nothing but type words ("Financial Interest", "Non-Fin Prof / Indirect")?

    "Professional Lead, Royal College of GPs" or "Director of Acme Ltd" do not: they are
    descriptions that begin with a word a type can be read from, and are kept whole.
    """
    words = re.findall(r"[a-z]+", normalise(fold(text)).replace("-", " "))
    return all(w in _TYPE_FILLER for w in words)


def read_types(text: str, extra: dict[str, list[str]] | None = None) -> tuple[set[str], bool | None, bool]:
    """Types named in a type cell, whether it says direct/indirect, and whether it is a nil return.

    ``extra`` maps a register's own words (normalised) to type words, from the
    mapping file ("3. Clients" -> financial).  Several types may be named:
    "Financial; Non-Financial Professional" gives both.  A bare
    "Non-Financial" gives nothing (it does not say which kind).
    Returns ``(types, indirect or None if not said, nil)``.
    """
    if not text:
        return set(), None, False
    t = normalise(fold(text)).replace("-", " ")
    if extra and t in extra:
        words = set(extra[t])
        types = {w for w in words if w in (FINANCIAL, PROFESSIONAL, PERSONAL)}
        indirect = True if "indirect" in words else (False if "direct" in words else None)
        return types, indirect, "nil" in words
    if is_nil(text):
        return set(), None, True
    found: set[str] = set()
    indirect: bool | None = None
    for word, pattern in _TYPE_PATTERNS:
        if pattern.search(t):
            if word == "indirect":
                indirect = True
            elif word == "direct":
                indirect = False if indirect is None else indirect
            else:
                found.add(word)
    if _FINANCIAL.search(t):
        found.add(FINANCIAL)
    return found, indirect, False


# Words in a description that say what kind of interest it is, strongest first.
_INFER: tuple[tuple[str, re.Pattern[str]], ...] = (
    (FINANCIAL, re.compile(
        r"\b(director|directorship|shareholder|shareholding|shares?|owner|owns|proprietor|partner at|"
        r"gp partner|partner in|salaried|employ(ed|ee|ment)|consultan(t|cy)|locum|sessional|paid|"
        r"remunerat\w*|fees?|contract(or|ed)?|payment|received|self employed|private practice|"
        r"sponsor\w*|grant|honorari(um|a)|works? (at|for))\b")),
    (PROFESSIONAL, re.compile(
        r"\b(royal college|fellow|fellowship|clinical lead|clinical adviser|advis[eo]r|honorary|"
        r"research\w*|lecturer|professor|professional|faculty|examiner|appraiser|editor|"
        r"national (lead|adviser)|college|association|institute|society|bma|rcgp|nice)\b")),
    (PERSONAL, re.compile(
        r"\b(trustee|volunteer\w*|charity|charitable|governor|patron|ambassador|member of|"
        r"membership|councillor|school|church|club|party|campaign\w*|friend of|lay member)\b")),
)


def infer_types(description: str) -> set[str]:
    """A type guessed from a description's words ("Director of" -> financial); empty if none fits.

    Only the strongest kind found is returned: a paid trustee role is financial.
    """
    t = normalise(fold(description))
    for word, pattern in _INFER:
        if pattern.search(t):
            return {word}
    return set()


# --------------------------------------------------------------------------- associates


#: Relationship words and the association kind each implies.
RELATIONSHIPS: dict[str, AssociationKind] = {
    "wife": AssociationKind.spouse_partner,
    "husband": AssociationKind.spouse_partner,
    "spouse": AssociationKind.spouse_partner,
    "civil partner": AssociationKind.spouse_partner,
    "partner": AssociationKind.spouse_partner,
    "fiance": AssociationKind.spouse_partner,
    "fiancee": AssociationKind.spouse_partner,
    "son": AssociationKind.relative,
    "daughter": AssociationKind.relative,
    "son in law": AssociationKind.relative,
    "daughter in law": AssociationKind.relative,
    "brother": AssociationKind.relative,
    "sister": AssociationKind.relative,
    "brother in law": AssociationKind.relative,
    "sister in law": AssociationKind.relative,
    "mother": AssociationKind.relative,
    "father": AssociationKind.relative,
    "parent": AssociationKind.relative,
    "child": AssociationKind.relative,
    "stepson": AssociationKind.relative,
    "stepdaughter": AssociationKind.relative,
    "cousin": AssociationKind.relative,
    "nephew": AssociationKind.relative,
    "niece": AssociationKind.relative,
    "uncle": AssociationKind.relative,
    "aunt": AssociationKind.relative,
    "relative": AssociationKind.relative,
    "family member": AssociationKind.relative,
    "business partner": AssociationKind.business_partner,
    "close friend": AssociationKind.close_associate,
    "friend": AssociationKind.close_associate,
}

_REL_ALT = "|".join(sorted((re.escape(r).replace(r"\ ", r"[\s-]+") for r in RELATIONSHIPS),
                           key=len, reverse=True))
_VERB = r"(?:is|was|are|works|worked|holds|held|has|had|owns|owned|runs|ran|employed|also|sits|acts|serves)"
# "Wife is...", "My husband works...", "Spouse - partner at...", "Son's company": a relationship
# word that is the subject of the sentence.  "Partner at Riverside Surgery" (a GP partner) and
# "Partner Member of the ICB Board" are not.
_REL_SUBJECT = re.compile(
    rf"^(?:(?:my|his|her|their)\s+)?({_REL_ALT})(?:'s\b|s?(?=\s+{_VERB}\b|\s*[-:–(]|\s*$))")
_REL_ANYWHERE = re.compile(rf"\b(?:my|his|her|their)\s+({_REL_ALT})s?\b")


def find_relationship(text: str) -> str | None:
    """The associate's relationship named in a description ("Wife is a partner at..." -> 'wife').

    Only a relationship word that is the subject followed by a verb ("Wife
    is...", "My son works...", "Husband: director of..."), or that follows
    "my/his/her", counts: "Partner at Riverside Surgery" (a GP partner) and
    "Partner Member of the ICB Board" are direct interests.
    """
    t = " ".join(fold(text).lower().replace("’", "'").split())
    m = _REL_SUBJECT.match(t) or _REL_ANYWHERE.search(t)
    return " ".join(m.group(1).replace("-", " ").split()) if m else None


def relationship_kind(relationship: str | None) -> AssociationKind | None:
    """The association kind a relationship word implies ('wife' -> spouse_partner)."""
    if not relationship:
        return None
    t = normalise(fold(relationship)).replace("-", " ")
    t = re.sub(r"^(my|his|her|their)\s+", "", t)
    t = re.sub(r"s$", "", t) if t not in RELATIONSHIPS and t.endswith("s") else t
    return RELATIONSHIPS.get(t)


# --------------------------------------------------------------------------- dates


_DATE_LEAD = re.compile(r"^(?:since|from|wef|w\.e\.f\.?|w/e/f|approx\.?|approximately|c\.|circa|"
                        r"started|start(?:ed)? in|commenced|date from)\s*:?\s*", re.I)
_RANGE = re.compile(r"\s+(?:-|–|—|to|until|till)\s+|\s*[–—]\s*", re.I)
_ONWARDS = re.compile(r"\s*(?:onwards?|to date|-\s*$|–\s*$)\s*$", re.I)
_STILL = re.compile(r"^(.*\d)\s+(?:ongoing|on-going|present|current)$", re.I)  # "2000 Ongoing"


def read_date(text: object, *, end: bool = False) -> tuple[dt.date | None, str | None]:
    """A register date, UK style, with partial dates filled to the start (or end) of their period.

    Returns ``(date, problem)``: ``problem`` is None when the text was read (or
    means "open": Ongoing, Present, Current, N/A, blank), else a sentence
    saying why not.  Lead words such as "Since" and "w.e.f." are ignored.
    """
    if text is None or isinstance(text, dt.date):
        return (text.date() if isinstance(text, dt.datetime) else text), None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(int(text))
    t = cell_text(text)
    t = _DATE_LEAD.sub("", t).strip(" .")
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)
    if is_open(t):
        return None, None
    try:
        return parse_date(t, end=end)[0], None
    except DateParseError:
        first = re.split(r"\s*[;,]\s*|\s+updated\b", t, maxsplit=1)[0]
        if first != t:
            try:
                return parse_date(first, end=end)[0], None
            except DateParseError:
                pass
        return None, f"'{t[:60]}' is not a date I can read"


def split_period(text: str) -> tuple[str, str]:
    """A period in one cell ("2019 - present", "Apr 2020 to Mar 2023", "since 2018") as (from, to)."""
    t = cell_text(text)
    if _ONWARDS.search(t):
        return _ONWARDS.sub("", t), ""
    parts = _RANGE.split(t, maxsplit=1)
    if len(parts) == 2 and not re.fullmatch(r"\d{1,2}", parts[0].strip()):
        return parts[0].strip(), parts[1].strip()
    still = _STILL.match(t)
    if still:
        return still.group(1).strip(), ""
    return t, ""


def find_register_date(lines: list[str]) -> dt.date | None:
    """The date a register is "as at", read from its title rows ("As at 30 April 2024")."""
    month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    patterns = (
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{month}\s+\d{{4}}\b",
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        rf"\b{month}\s+\d{{4}}\b",
    )
    for line in lines:
        if not re.search(r"\b(as at|as of|updated|correct|dated|date|published|register)\b", line, re.I):
            continue
        for p in patterns:
            m = re.search(p, line, re.I)
            if m:
                d, problem = read_date(m.group(0))
                if d and not problem:
                    return d
    return None
