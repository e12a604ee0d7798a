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
    t = " ".join(text.replace("’", "'").split())
    t = re.sub(r"\([^)]*\)", " ", t)
    t = re.sub(r"\s+[-–—]\s+.*$", "", t)  # "Asha Khan - Partner Member"
    if "," in t:
        before, after = (p.strip() for p in t.split(",", 1))
        after_words = [w for w in normalise(fold(after)).split() if w]
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
        n = normalise(fold(w))
        if n in TITLES and not rest or n in ("rt", "hon"):
            titles.append(n)
        elif n in TITLES and n in ("obe", "cbe", "mbe", "frcp", "frcgp", "mrcgp"):
            continue
        else:
            rest.append(w)
    rest = [_unshout(w) for w in rest]
    display = " ".join(rest).strip(" .,;:")
    title = next((_TITLE_DISPLAY[x] for x in titles if x in _TITLE_DISPLAY), None)
    key = " ".join(normalise(fold(display)).replace("'", "").split())
    return PersonName(display or t.strip(), title, key)


def _unshout(word: str) -> str:
    """A surname in block capitals as a name: 'BARRON' -> 'Barron', "O'BRIEN" -> "O'Brien", 'McDONNELL' -> 'McDonnell'."""
    m = re.fullmatch(r"(Ma?c)([A-Z]{2,})", word)
    if m:
        return m.group(1) + m.group(2).capitalize()
    if word.isupper() and len(word) > 2:
        return re.sub(r"[^\W\d_]+", lambda x: x.group(0).capitalize(), word)
    return word


# --------------------------------------------------------------------------- organisations


_PREPOSITIONS = {"of", "at", "in", "for", "with", "by", "to", "from", "within", "into", "on", "via",
                 "through", "under"}
_ENUMERATOR = re.compile(r"^\s*(?:\(?[a-z0-9]{1,3}[).]|[-•*–])\s+", re.I)
_CONNECTORS = {"of", "and", "&", "for", "the", "in", "on", "upon", "de", "du", "la", "le"}
_TRAIL = re.compile(
    r"\s*(?:\(.*$|\[.*$|[,;:](?=\s|$).*$|\s[-–—]\s.*$|\.\s.*$|\s+(?:since|from \d|until|between|which|who|that|"
    r"where|as a|as an|providing|delivering|commissioned|holding|in respect|on behalf)\b.*$)", re.I)
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}
#: Words that make a capitalised phrase look like an organisation's name.
_ORG_WORDS = re.compile(
    r"\b(ltd|limited|plc|llp|cic|trust|surgery|practice|medical|council|college|university|hospitals?|"
    r"foundation|charity|group|partnership|network|pcn|icb|ccg|nhs|federation|association|society|"
    r"company|club|institute|board|committee|services?|centre|center|school|academy|hospice|agency|"
    r"commission|department|ministry|party|magazine|newspaper|news|media|insurance|bank|healthcare|"
    r"health|care|consulting|consultancy|associates|partners|holdings|industries|international|"
    r"tribunal|authority|office|fund|collaborative|alliance|forum|union|church|museum|league|unit|"
    r"gp|clinic|pharmacy|pharmaceuticals?|diagnostics|homes?|estates?|gmbh|ag|sa|inc|corp|corporation|"
    r"co|kg|bv|nv|llc|media|publishing|press|times|radio|television|tv|sinfonia|orchestra|theatre)\b", re.I)
#: Words of a post or role, not of an organisation's name ("Senior Counsellor", "Non-Executive Director").
_ROLE_WORDS = {"director", "directors", "chair", "chairman", "chairwoman", "chairperson", "counsellor",
               "adviser", "advisor", "member", "trustee", "partner", "consultant", "governor", "officer",
               "senior", "non", "executive", "non-executive", "chief", "head", "lead", "manager", "fellow",
               "president", "vice", "ambassador", "professor", "lecturer", "editor", "associate",
               "secretary", "treasurer", "patron", "volunteer", "shareholder", "owner", "founder",
               "honorary", "visiting", "deputy", "unremunerated",
               "remunerated", "paid", "unpaid", "lay", "independent", "board", "supervisory"}
_SUFFIXES = {"ltd", "ltd.", "plc", "llp", "cic", "limited", "inc", "inc."}
_GENERIC_LEAD = re.compile(r"^(?:a|an|the|one|several|various|two|three)\s+", re.I)


def _capitalised(word: str) -> bool:
    return (word[:1].isupper() or word[:1].isdigit() and word[1:2].isalpha()) and \
        word.lower().strip(".") not in _MONTH_WORDS


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words ('the Royal College of General Practitioners') after prepositions."""
    words = text.split()
    runs: list[tuple[int, str]] = []
    for i, w in enumerate(words):
        starts = i == 0 or words[i - 1].lower() in _PREPOSITIONS
        if not starts:
            continue
        j = i + 1 if w.lower() == "the" else i
        run: list[str] = []
        while j < len(words):
            x = words[j]
            if _capitalised(x) or (run and (x.lower() in _SUFFIXES or x.isdigit())):
                run.append(x)
            elif x.lower() in _CONNECTORS and j + 1 < len(words) and (
                    _capitalised(words[j + 1]) or words[j + 1].lower() == "the"):
                run.append(x)
            else:
                break
            j += 1
        while run and (_is_role(run[0]) or run[0].lower() in _CONNECTORS):
            run.pop(0)  # "Fellow of the Royal College ..." -> "Royal College ..."
        while run and run[-1].lower() in _CONNECTORS:
            run.pop()
        if run and not _is_role(run[-1]):  # "Clinical Director" is a post, not a name
            runs.append((i, " ".join(run)))
    names = [r for _, r in runs]
    # "City of London Sinfonia" also yields "London Sinfonia": keep the whole name only
    return [r for k, r in enumerate(names) if not any(r != o and o.endswith(r) for o in names[:k])]


def _is_role(word: str) -> bool:
    parts = [p for p in re.split(r"[/-]", word.lower().strip(".,")) if p]
    return bool(parts) and all(p in _ROLE_WORDS for p in parts)


def looks_like_organisation(phrase: str | None) -> bool:
    """Does a phrase read as an organisation's name (Ltd, Trust, Surgery, College...)?"""
    return bool(phrase and _ORG_WORDS.search(phrase))


def organisation_phrase(description: str) -> str | None:
    """The organisation a description is about, in its own words, or None.

    "Director of Northshire GP Federation Ltd" -> "Northshire GP Federation Ltd";
    "Wife is a partner at Riverside Surgery" -> "Riverside Surgery";
    "Fellow of the Royal College of General Practitioners" -> "Royal College of General Practitioners";
    "Fees for completing surveys for ComRes, 4 Millbank" -> "ComRes";
    "Unremunerated board member, New City Network (London) Ltd" -> "New City Network".
    The candidates are runs of capitalised words that follow a preposition (or
    open the text), in the text up to the first comma, bracket or clause; the
    last that looks like an organisation (Ltd, Trust, Surgery, College...)
    wins, else the last after a preposition.  When the first part names none,
    the next two comma-separated parts are tried, but only a run that looks
    like an organisation counts there (later parts are often addresses).
    """
    t = " ".join(fold(description).split())
    t = _ENUMERATOR.sub("", t)
    t = " ".join(re.sub(r"\([^()]*\)", " ", t).split())  # asides: "(unremunerated)", "(London)"
    parts = [p for p in re.split(r"[,;](?=\s)|\s[-–—]\s", t) if p.strip()][:3]
    for i, part in enumerate(parts):
        found = _phrase_in(part.strip(), strict=i > 0)
        if found:
            return found
    return None


def _phrase_in(text: str, *, strict: bool) -> str | None:
    t = _TRAIL.sub("", text).strip(" .:;'\"")
    if not t:
        return None
    runs = _name_runs(t)
    if not runs:
        return None
    orgish = [r for r in runs if _ORG_WORDS.search(r)]
    if orgish:
        phrase = orgish[-1]
    elif strict:
        return None
    else:
        after_prep = [r for r in runs if not t.startswith(r) or len(runs) == 1 and _PREPOSITION_START(t)]
        if after_prep:
            phrase = after_prep[-1]
        elif len(runs[0].split()) >= 2 and t.startswith(runs[0]) and len(t.split()) <= len(runs[0].split()) + 2:
            phrase = runs[0]
        else:
            return None
    phrase = _GENERIC_LEAD.sub("", phrase).strip(" .:;'\"")
    return phrase[:200] or None


def _PREPOSITION_START(text: str) -> bool:  # noqa: N802
    return text.split()[0].lower() in _PREPOSITIONS


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
