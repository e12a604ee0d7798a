"""Names of people and organisations as registers write them.

"SMITH, Dr Jane", "J. Smith, OBE", "Jane Smith (Chair)" are one person's name
with titles and asides around it; "Director of Northshire GP Federation
Ltd" and "Wife is a partner at Riverside Surgery" name an organisation inside
a sentence.  Each function here reads the name out of the words, for
:mod:`coigraph.registers.match` to look it up in the dataset; none of them
decides who or what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coigraph.names import TITLES, normalise
from coigraph.registers.text import fold

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
