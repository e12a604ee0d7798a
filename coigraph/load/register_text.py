"""Reading the words of a register of interests: types, nil returns, relationships, names, dates.

Registers are typed by people, so the same thing is written many ways:
"Financial Interest", "Financial / Indirect", "Non-Fin Prof"; "Nil", "Nil
return", "Nothing to declare"; "Wife is a partner at Riverside Surgery";
"SMITH, Dr Jane"; "2019 - present".  Each function here reads one of these
and says what it found; none of them guesses silently (callers record what
was inferred so that a person can check it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from coigraph.dates import DateParseError, is_open, parse_date
from coigraph.model import AssociationKind, InterestType
from coigraph.names import TITLES, normalise

FINANCIAL = InterestType.financial.value
PROFESSIONAL = InterestType.non_financial_professional.value
PERSONAL = InterestType.non_financial_personal.value

#: Words a type column may hold besides the three types.
TYPE_WORDS = (FINANCIAL, PROFESSIONAL, PERSONAL, "indirect", "direct", "nil")


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
    ("direct", re.compile(r"(?<!in)\bdirect\b")),
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

_REL_ALT = "|".join(sorted((re.escape(r) for r in RELATIONSHIPS), key=len, reverse=True))
# "Wife is...", "My husband works...", "Spouse - partner at...", "son's company": a relationship
# word that is the subject of the sentence.  "Partner at Riverside Surgery" (a GP partner) is not.
_REL_SUBJECT = re.compile(
    rf"^(?:(?:my|his|her|their|the declarer s|declarer s)\s+)?({_REL_ALT})s?\b"
    r"(?!\s+(?:at|in|of|with)\b)")
_REL_ANYWHERE = re.compile(rf"\b(?:my|his|her|their)\s+({_REL_ALT})s?\b")


def find_relationship(text: str) -> str | None:
    """The associate's relationship named in a description ("Wife is a partner at..." -> 'wife').

    Only a relationship word that is the subject ("Wife is...", "My son works...")
    or follows "my/his/her" counts, so "Partner at Riverside Surgery" (a GP
    partner: a direct interest) is not read as a spouse.
    """
    t = normalise(fold(text)).replace("'", "")
    m = _REL_SUBJECT.match(t) or _REL_ANYWHERE.search(t)
    return m.group(1) if m else None


def relationship_kind(relationship: str | None) -> AssociationKind | None:
    """The association kind a relationship word implies ('wife' -> spouse_partner)."""
    if not relationship:
        return None
    t = normalise(fold(relationship)).replace("-", " ")
    t = re.sub(r"^(my|his|her|their)\s+", "", t)
    t = re.sub(r"s$", "", t) if t not in RELATIONSHIPS and t.endswith("s") else t
    return RELATIONSHIPS.get(t)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonName:
    """A name as a register writes it, split into what identifies the person and their title."""

    display: str  # "Jane Smith"
    title: str | None  # "Dr"
    key: str  # "jane smith": what matching compares


_TITLE_DISPLAY = {"dr": "Dr", "prof": "Prof", "professor": "Prof", "cllr": "Cllr", "councillor": "Cllr",
                  "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "sir": "Sir",
                  "dame": "Dame", "rev": "Rev", "revd": "Rev", "lord": "Lord", "lady": "Lady"}


def read_name(text: str) -> PersonName:
    """Read "Dr Jane Smith", "SMITH, Dr Jane", "Jane Smith (Chair)", "J. Smith, OBE".

    "Surname, Forenames" (one word before the comma) is turned round; words
    after a comma that are only titles or honours are dropped; bracketed
    asides are dropped.  Capitals are kept as written except a surname in
    block capitals, which is given a capital initial only.
    """
    t = " ".join(fold(text).replace("’", "'").split())
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"\s*[-–—]\s*(chair|chief|director|member|non[- ]executive|ned)\b.*$", "", t, flags=re.I)
    if "," in t:
        before, after = (p.strip() for p in t.split(",", 1))
        after_words = [w for w in normalise(after).split() if w]
        if after and all(w in TITLES for w in after_words):
            t = before
        elif len(before.split()) == 1 and after:
            t = f"{after} {before}"
        else:
            t = before
    words = t.split()
    titles = []
    rest = []
    for w in words:
        n = normalise(w)
        if n in TITLES and not rest or n in ("rt", "hon"):
            titles.append(n)
        elif n in TITLES and n in ("obe", "cbe", "mbe", "frcp", "frcgp", "mrcgp"):
            continue
        else:
            rest.append(w)
    rest = [w.capitalize() if w.isupper() and len(w) > 2 else w for w in rest]
    display = " ".join(rest).strip(" .,;:")
    title = next((_TITLE_DISPLAY[x] for x in titles if x in _TITLE_DISPLAY), None)
    key = " ".join(w for w in normalise(display).replace("'", "").split() if w not in TITLES)
    return PersonName(display or t.strip(), title, key)


# --------------------------------------------------------------------------- organisations


_PREPOSITION = re.compile(r"\b(?:of|at|in|for|with|by|to|from|within)\s+", re.I)
_LEAD_ROLE = re.compile(
    r"^(?:(?:my|his|her|their)\s+)?(?:wife|husband|spouse|partner|son|daughter|brother|sister|mother|"
    r"father|civil partner)\s+(?:is|was|works|holds|has)\b.*?\b(?:of|at|in|for|with|by)\s+", re.I)
_TRAIL = re.compile(
    r"\s*(?:\(.*$|\[.*$|[,;:].*$|\s[-–—]\s.*$|\.\s.*$|\s+(?:since|from|until|between|which|who|that|"
    r"where|as|providing|delivering|commissioned|holding|in respect|on behalf)\b.*$)", re.I)
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}
_GENERIC_LEAD = re.compile(r"^(?:a|an|the|one|several|various|two|three)\s+", re.I)


def organisation_phrase(description: str) -> str | None:
    """The organisation a description is about, in its own words, or None.

    "Director of Northshire GP Federation Ltd" -> "Northshire GP Federation Ltd";
    "Wife is a partner at Riverside Surgery" -> "Riverside Surgery";
    "Fees for completing surveys for ComRes, 4 Millbank" -> "ComRes".
    The text is cut at the first comma, bracket or clause, and the phrase after
    the last "of/at/in/for/with/by/to/from" is taken.  A phrase with no
    capitalised word (other than a month) is not a name, so None.
    """
    t = " ".join(fold(description).split())
    if not t:
        return None
    t = _TRAIL.sub("", t).strip(" .:;")
    if not t:
        return None
    parts = _PREPOSITION.split(t)
    phrase = parts[-1] if len(parts) > 1 else t
    phrase = phrase.strip(" .:;'\"")
    phrase = re.sub(r"^(?:the\s+)?(?:board|boards|council|trustees|staff)\s+of\s+", "", phrase, flags=re.I)
    if not phrase:
        return None
    words = re.findall(r"[A-Za-z][A-Za-z'&.-]*", phrase)
    named = [w for w in words if w[0].isupper() and w.lower() not in _MONTH_WORDS]
    if not named:
        return None
    if len(parts) == 1 and len(words) > 6:
        return None  # no preposition and a whole sentence: not a name
    return phrase[:200]


def subject_text(description: str, limit: int = 120) -> str:
    """A short subject for an interest in something that is not an organisation of the dataset."""
    t = " ".join(description.split()).strip(" .:;")
    t = _GENERIC_LEAD.sub("", t) if len(t.split()) > 1 else t
    if len(t) <= limit:
        return t
    cut = t[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


# --------------------------------------------------------------------------- dates


_DATE_LEAD = re.compile(r"^(?:since|from|wef|w\.e\.f\.?|w/e/f|approx\.?|approximately|c\.|circa|"
                        r"started|start(?:ed)? in|commenced|date from)\s*:?\s*", re.I)
_RANGE = re.compile(r"\s+(?:-|–|—|to|until|till)\s+|\s*[–—]\s*", re.I)
_ONWARDS = re.compile(r"\s*(?:onwards?|to date|-\s*$|–\s*$)\s*$", re.I)


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
