"""Who a register entry is about, and what it concerns: matches with a confidence.

A confidence is a number from 0 to 1 with a reason in words.  The importer
uses a match at or above :data:`ACCEPT` and sends the entry to review below
it, so a person sees every guess that is not safe.

People are matched on their name without titles ("Dr", "Cllr", "Rt Hon") and
accents, in either order ("SMITH, Jane"), then on initials ("J. Smith"), then
fuzzily (rapidfuzz).  Organisations are found by name, alias or abbreviation
in the description (:class:`coigraph.names.OrgMatcher`), else the phrase that
names the organisation ("... partner at Riverside Surgery") is compared with
every name, alias and core name (rapidfuzz).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from coigraph.model import Organisation, Person
from coigraph.names import CORE_DROP, STOPWORDS, OrgMatcher, core_name, normalise
from coigraph.registers.phrases import organisation_phrase, read_name, subject_text
from coigraph.registers.text import fold

#: Matches at or above this confidence are used; below it the entry goes to review.
ACCEPT = 0.8

#: Words that, right after an organisation's name, make it another body's name ("... Charity").
OTHER_BODY_WORDS = {"charity", "charities", "charitable", "club", "foodbank", "housing", "association",
                    "society", "school", "academy", "church", "fund", "appeal", "league", "friends",
                    "union", "party", "choir"}


@dataclass
class Match:
    """The best candidate for a name (an id, or None), how sure, why, and the runners-up."""

    id: str | None
    confidence: float
    how: str
    candidates: list[tuple[str, float]] = field(default_factory=list)


# --------------------------------------------------------------------------- people


class PeopleIndex:
    """People of a dataset (and people added during an import), findable by register name."""

    def __init__(self, people: Iterable[Person], known: dict[str, str] | None = None):
        self.keys: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        self.known = {" ".join(fold(k).lower().split()): v for k, v in (known or {}).items()}
        for p in people:
            self.add(p)

    def add(self, person: Person) -> None:
        """Make ``person`` findable (its name and aliases)."""
        self.names[person.id] = person.name
        for n in [person.name, *person.aliases]:
            k = read_name(n).key
            if k:
                self.keys.setdefault(k, set()).add(person.id)

    def match(self, name: str) -> Match:
        """The person a register name is, with a confidence (see the module docstring).

        Cost: a dictionary look-up, then one pass over the people for initials and
        one rapidfuzz pass for misspellings.
        """
        raw = " ".join(fold(name).lower().split())
        if raw in self.known:
            pid = self.known[raw]
            return Match(pid, 1.0, "named in the mapping file", [(pid, 1.0)])
        key = read_name(name).key
        if not key:
            return Match(None, 0.0, "no name")
        exact = sorted(self.keys.get(key, ()))
        if len(exact) == 1:
            return Match(exact[0], 1.0, "same name", [(exact[0], 1.0)])
        if len(exact) > 1:
            return Match(None, 0.5, f"{len(exact)} people have this name: " + ", ".join(exact),
                         [(p, 0.5) for p in exact])
        words = key.split()
        surname, fores = words[-1], words[:-1]
        compatible: dict[str, float] = {}
        for k, ids in self.keys.items():
            kw = k.split()
            if kw[-1] != surname:
                continue
            score = _forenames_agree(fores, kw[:-1])
            if score:
                for pid in ids:
                    compatible[pid] = max(compatible.get(pid, 0.0), score)
        if compatible:
            ranked = sorted(compatible.items(), key=lambda x: (-x[1], x[0]))
            top = [p for p, s in ranked if s == ranked[0][1]]
            if len(top) == 1:
                how = ("same surname, forenames agree" if ranked[0][1] >= 0.85
                       else "same surname only")
                return Match(top[0], ranked[0][1], how, ranked[:5])
            return Match(None, 0.5, "several people fit: " + ", ".join(top), ranked[:5])
        best: dict[str, float] = {}
        for k, score, _ in process.extract(key, list(self.keys), scorer=fuzz.token_sort_ratio,
                                           limit=10, score_cutoff=75):
            if fuzz.ratio(k.split()[-1], surname) < 75:
                continue  # the same first name is not a similar name: 'Stephen O'Brien' is not 'Stephen Dorrell'
            for pid in self.keys[k]:
                best[pid] = max(best.get(pid, 0.0), round(score / 100 - 0.15, 3))
        if best:
            ranked = sorted(best.items(), key=lambda x: (-x[1], x[0]))
            ambiguous = len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 0.02
            conf = ranked[0][1] if not ambiguous else min(ranked[0][1], 0.5)
            return Match(ranked[0][0] if not ambiguous else None, conf,
                         "similar spelling" if not ambiguous else "several similar names", ranked[:5])
        return Match(None, 0.0, "not in the dataset")


def _forenames_agree(a: list[str], b: list[str]) -> float:
    """How well two lists of forenames agree: initials, a missing middle name, or nothing given."""
    if not a or not b:
        return 0.6  # surname only: possible, never sure
    x, y = a[0], b[0]
    if x == y:
        return 0.95 if a != b else 1.0
    if (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        rest_a, rest_b = a[1:], b[1:]
        if rest_a and rest_b and rest_a[0][0] != rest_b[0][0]:
            return 0.0
        return 0.85
    return 0.0


def person_id_for(display: str, taken: set[str]) -> str:
    """A new, unused person id from a name: 'Dr Priya Patel' -> 'priya-patel'."""
    base = slug(read_name(display).key or display) or "person"
    pid, n = base, 1
    while pid in taken:
        n += 1
        pid = f"{base}-{n}"
    return pid


def slug(text: str, limit: int = 60) -> str:
    """Lower-case words joined by '-', usable as (part of) an id; whole words only, never cut mid-word
    ('northshire-gp-federation', not 'northshire-gp-federa'), unless one word alone is over the limit."""
    s = re.sub(r"[^a-z0-9]+", "-", normalise(fold(text))).strip("-")
    return whole_words(s, limit)


def whole_words(s: str, limit: int) -> str:
    """``s`` ('-'-joined words) cut to at most ``limit`` characters at a word boundary."""
    if len(s) <= limit:
        return s
    cut = s[:limit + 1].rsplit("-", 1)[0] if "-" in s[:limit + 1] else s[:limit]
    return cut.rstrip("-")


# --------------------------------------------------------------------------- organisations


@dataclass
class OrgMatch(Match):
    """An organisation match, plus the subject in words when no organisation fits."""

    subject: str | None = None
    phrase: str | None = None


class OrgResolver:
    """Organisations of a dataset, findable in register descriptions and organisation columns."""

    def __init__(self, orgs: Iterable[Organisation], known: dict[str, str] | None = None):
        orgs = list(orgs)
        self.matcher = OrgMatcher((o.id, o.name, o.aliases) for o in orgs)
        self.names = {o.id: o.name for o in orgs}
        self.known = {" ".join(fold(k).lower().split()): v for k, v in (known or {}).items()}
        self._cache: dict[tuple[str, str], OrgMatch] = {}

    def _by_name(self, phrase: str) -> list[tuple[str, float]]:
        """Candidates for a whole organisation name, best first, confidences 0-1.

        The same name, an alias or abbreviation: 1.0.  The same identifying
        words ("Leeds Teaching Hospitals" for "... NHS Trust"): 0.9, or 0.7
        when that is a single word.  Misspelt, shortened or extra words: at
        most 0.85 x the worst word's similarity, so a person checks them.
        """
        text = fold(phrase).strip()
        best: dict[str, float] = {}
        for oid, score in self.matcher.match_name(text, cutoff=100):
            if score >= 100:
                best[oid] = 1.0
        if best:
            return sorted(best.items(), key=lambda x: (-x[1], x[0]))
        single = len(core_name(text).split()) == 1
        for oid, score in self.matcher.match_core(text):
            conf = (0.7 if single else 0.9) if score >= 100 else round(score / 100, 3)
            best[oid] = max(best.get(oid, 0.0), conf)
        return sorted(best.items(), key=lambda x: (-x[1], x[0]))

    def resolve(self, description: str, organisation: str = "") -> OrgMatch:
        """What an entry concerns: an organisation of the dataset (with a confidence) or a subject.

        An organisation column is read first; else organisations named in the
        description (several named: the first, at a confidence that sends it
        to review); else the phrase naming the organisation is compared with the
        dataset's names.  No candidate at all gives a subject (an organisation
        or thing not in the dataset), which is not a guess and is imported.
        Results are cached: registers repeat the same descriptions.
        """
        key = (description, organisation)
        if key not in self._cache:
            self._cache[key] = self._resolve(description, organisation)
        m = self._cache[key]
        return OrgMatch(m.id, m.confidence, m.how, list(m.candidates), m.subject, m.phrase)

    def _resolve(self, description: str, organisation: str) -> OrgMatch:
        for text in (organisation, description):
            k = " ".join(fold(text).lower().split())
            if k and k in self.known:
                oid = self.known[k]
                return OrgMatch(oid, 1.0, "named in the mapping file", [(oid, 1.0)])
        if organisation:
            cands = self._by_name(organisation)
            if not cands:
                text = fold(organisation)
                mentions = self._mentions(text)
                ids = list(dict.fromkeys(m.org_id for m in mentions))
                if len(ids) == 1:
                    m = mentions[0]
                    rest = [w for w in normalise(text[:m.start] + " " + text[m.end:]).split()
                            if w not in STOPWORDS and w not in CORE_DROP]
                    if not rest:
                        return OrgMatch(ids[0], 0.9, "named in the organisation column", [(ids[0], 0.9)])
                    cands = [(ids[0], 0.6)]  # "Acorn PCN Hub": part of the text is a known name
            return self._from_candidates(cands, organisation, organisation, "organisation column")
        if not description:
            return OrgMatch(None, 0.0, "nothing says what the interest concerns")
        mentions = self._mentions(fold(description))
        ids = list(dict.fromkeys(m.org_id for m in mentions))
        if len(ids) == 1:
            return OrgMatch(ids[0], 0.95, f"named in the description ('{mentions[0].matched}')",
                            [(ids[0], 0.95)])
        if len(ids) > 1:
            return OrgMatch(ids[0], 0.6, "the description names several organisations: "
                            + ", ".join(self.names[i] for i in ids), [(i, 0.6) for i in ids])
        phrase = organisation_phrase(description)
        if phrase:
            return self._from_candidates(self._by_name(phrase), phrase, description, "description")
        return OrgMatch(None, 0.0, "no organisation named", subject=subject_text(description))

    def _mentions(self, text: str) -> list[Any]:
        """Organisations named in ``text``, except a name that runs on into another body's.

        "Trustee of Northshire Hospitals Charity" names the charity, not the
        trust whose alias is "Northshire Hospitals".
        """
        out = []
        for m in self.matcher.find_in_text(text):
            after = normalise(text[m.end:]).split()[:1]
            if after and after[0] in OTHER_BODY_WORDS:
                continue
            out.append(m)
        return out

    def _from_candidates(self, cands: list[tuple[str, float]], phrase: str, text: str,
                         where: str) -> OrgMatch:
        if not cands:
            return OrgMatch(None, 0.0, f"'{phrase[:60]}' is not an organisation of the dataset",
                            subject=phrase, phrase=phrase)
        top = cands[0]
        if len(cands) > 1 and cands[1][1] >= top[1] - 0.02:
            return OrgMatch(top[0], min(top[1], 0.6), f"'{phrase[:60]}' is like several organisations",
                            cands[:5], subject=phrase, phrase=phrase)
        how = ("same name" if top[1] >= 0.999 else f"'{phrase[:60]}' is like '{self.names[top[0]]}'")
        return OrgMatch(top[0], top[1], how, cands[:5], subject=phrase, phrase=phrase)
