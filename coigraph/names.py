"""Organisation and person names as papers and registers write them.

Agenda papers say "NHFT", "Northshire Hospitals NHS FT" or "northshire
hospitals"; registers say "Dr J. Smith" and "Director of Northshire GP
Federation Ltd".  This module normalises such names so they can be matched,
and finds organisation names inside free text (agenda titles, register
descriptions).  Fuzzy scores come from :mod:`rapidfuzz`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Long forms and the short forms papers use for them (matched both ways).
SUFFIX_VARIANTS: tuple[tuple[str, str], ...] = (
    ("nhs foundation trust", "nhs ft"),
    ("foundation trust", "ft"),
    ("nhs trust", "trust"),
    ("integrated care board", "icb"),
    ("primary care network", "pcn"),
    ("limited", "ltd"),
    ("public limited company", "plc"),
    ("community interest company", "cic"),
    ("and", "&"),
    ("university hospitals", "uh"),
)

#: Words that carry no identity on their own.
STOPWORDS = {"the", "of", "nhs", "and", "&", "for", "in", "at", "ltd", "limited", "trust", "ft"}

TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor",
          "sir", "dame", "lord", "lady", "rev", "revd", "hon", "rt", "cbe", "obe", "mbe", "frcp",
          "frcgp", "mrcgp"}


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', punctuation to spaces, single spaces."""
    t = text.lower().replace("&", " and ").replace("’", "'")
    t = re.sub(r"[^a-z0-9' ]+", " ", t)
    t = t.replace("'", "")
    return " ".join(t.split())


def _suffix_patterns() -> list[tuple[str, str, re.Pattern[str], re.Pattern[str]]]:
    """SUFFIX_VARIANTS normalised and compiled once (variants() runs for every organisation)."""
    key = tuple(SUFFIX_VARIANTS)
    if _SUFFIX_CACHE.get("key") != key:
        pats = []
        for long, short in SUFFIX_VARIANTS:
            long_n, short_n = normalise(long), normalise(short)
            pats.append((long_n, short_n, re.compile(rf"\b{re.escape(long_n)}\b"),
                         re.compile(rf"\b{re.escape(short_n)}\b")))
        _SUFFIX_CACHE.update(key=key, pats=pats)
    return _SUFFIX_CACHE["pats"]  # type: ignore[return-value]


_SUFFIX_CACHE: dict[str, object] = {}


def variants(name: str) -> set[str]:
    """Normalised forms of an organisation name: long and short suffixes, without 'the'."""
    base = normalise(name)
    out = {base}
    for long_n, short_n, long_re, short_re in _suffix_patterns():
        for v in list(out):
            if long_re.search(v):
                out.add(long_re.sub(short_n, v))
            if short_n and short_re.search(v):
                out.add(short_re.sub(long_n, v))
    out |= {v[4:] for v in out if v.startswith("the ")}
    return {v for v in out if v}


def acronym(name: str) -> str | None:
    """Initials of the significant words: 'Northshire Hospitals NHS Foundation Trust' -> 'NHFT'."""
    words = [w for w in normalise(name).split() if w not in ("the", "of", "and", "nhs")]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words).upper()


def person_key(name: str) -> str:
    """A person's name without titles and punctuation, lower case: 'Dr J. Smith' -> 'j smith'."""
    words = [w for w in normalise(name).split() if w not in TITLES]
    return " ".join(words)


@dataclass(frozen=True)
class Mention:
    """An organisation found in a text: which, where, and the words that matched."""

    org_id: str
    matched: str
    start: int
    end: int


class OrgMatcher:
    """Finds organisations by name, alias or abbreviation, in names or in free text.

    Built once per dataset; ``orgs`` is an iterable of ``(id, name, aliases)``.
    Acronyms made from names are used only when they are unambiguous and at
    least three letters long, and must appear in capitals in the text.
    """

    def __init__(self, orgs: Iterable[tuple[str, str, Iterable[str]]]):
        self._phrases: dict[str, set[str]] = {}  # normalised phrase -> org ids
        self._acronyms: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        orgs_list = [(org_id, name, list(aliases)) for org_id, name, aliases in orgs]
        for org_id, name, aliases in orgs_list:
            self.names[org_id] = name
            for n in [name, *aliases]:
                if n.isupper() and " " not in n.strip() and len(n.strip()) >= 2:
                    self._acronyms.setdefault(n.strip(), set()).add(org_id)
                    continue
                for v in variants(n):
                    if len(v) >= 4 and v not in STOPWORDS:
                        self._phrases.setdefault(v, set()).add(org_id)
            acr = acronym(name)
            if acr and len(acr) >= 3:
                self._acronyms.setdefault(acr, set()).add(org_id)
        # core names ("bradford teaching hospitals") for whole-name matching, see match_core
        self._cores: dict[str, set[str]] = {}
        for org_id, name, aliases in orgs_list:
            for n in [name, *aliases]:
                if n.isupper() and " " not in n.strip():
                    continue
                c = core_name(n)
                if c:
                    self._cores.setdefault(c, set()).add(org_id)
        # Phrases indexed by their first word, with their rank in the longest-first order: a text
        # is only matched against the phrases whose every word it contains (see _pattern_for),
        # never against one pattern of every phrase (costly to build, and to run per text).
        self._rank: dict[str, int] = {}
        self._by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._wordless: list[str] = []
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        if self._phrases:
            alts = sorted(self._phrases, key=len, reverse=True)
            for i, a in enumerate(alts):
                self._rank[a] = i
                words = tuple(re.findall(r"\w+", a))
                if words:
                    self._by_word.setdefault(words[0], []).append((a, words))
                else:
                    self._wordless.append(a)

    def _pattern_for(self, norm: str) -> re.Pattern[str] | None:
        """The phrase pattern restricted to phrases whose every word occurs in ``norm``.

        Same matches as the full pattern: a phrase can only match where each of
        its words stands whole in the text (``\\b`` at both ends, words split on
        non-word characters), and the candidates keep their longest-first order.
        Cost: the words of the text and the phrases starting with them, not
        every organisation of the dataset (the full pattern costs that per text).
        """
        words = set(re.findall(r"\w+", norm))
        cands = list(self._wordless)
        for w in words:
            for phrase, pw in self._by_word.get(w, ()):
                if all(x in words for x in pw):
                    cands.append(phrase)
        if not cands:
            return None
        key = tuple(sorted(cands, key=self._rank.__getitem__))
        pat = self._patterns.get(key)
        if pat is None:
            if len(self._patterns) > 4096:
                self._patterns.clear()
            pat = re.compile(r"\b(" + "|".join(re.escape(a) for a in key) + r")\b")
            self._patterns[key] = pat
        return pat

    def find_in_text(self, text: str) -> list[Mention]:
        """Every organisation named in ``text``; longest phrases win, ambiguous ones are skipped."""
        found: dict[str, Mention] = {}
        norm, index = _normalise_with_index(text)
        taken: list[tuple[int, int]] = []
        pattern = self._pattern_for(norm) if self._rank else None
        if pattern is not None:
            for m in pattern.finditer(norm):
                ids = self._phrases[m.group(1)]
                if len(ids) != 1:
                    continue
                s, e = index[m.start()], index[m.end() - 1] + 1
                taken.append((s, e))
                (oid,) = ids
                found.setdefault(oid, Mention(oid, text[s:e], s, e))
        for m in re.finditer(r"\b[A-Z][A-Za-z&]{1,9}\b", text):
            ids = self._acronyms.get(m.group(0))
            if not ids or len(ids) != 1 or any(s <= m.start() < e for s, e in taken):
                continue
            (oid,) = ids
            found.setdefault(oid, Mention(oid, m.group(0), m.start(), m.end()))
        return sorted(found.values(), key=lambda x: (x.start, x.org_id))

    def match_name(self, name: str, *, cutoff: float = 80.0) -> list[tuple[str, float]]:
        """Organisations whose name or alias resembles ``name``, best first, as (id, score 0-100)."""
        from rapidfuzz import fuzz, process

        text = name.strip()
        if text in self._acronyms:
            return [(oid, 100.0) for oid in sorted(self._acronyms[text])]
        exact = set()
        for v in variants(text):
            exact |= self._phrases.get(v, set())
        if exact:
            return [(oid, 100.0) for oid in sorted(exact)]
        choices = list(self._phrases)
        best: dict[str, float] = {}
        for phrase, score, _ in process.extract(normalise(text), choices, scorer=fuzz.token_sort_ratio,
                                                limit=10, score_cutoff=cutoff):
            for oid in self._phrases[phrase]:
                best[oid] = max(best.get(oid, 0.0), float(score))
        return sorted(best.items(), key=lambda x: (-x[1], x[0]))


    def match_core(self, name: str, *, cutoff: float = 50.0) -> list[tuple[str, float]]:
        """Organisations whose *core* name agrees with ``name``, best first, as (id, score 0-100).

        The core drops words that say what kind of NHS or company body it is
        ("NHS", "Foundation Trust", "Ltd"), so "Leeds Teaching Hospitals" finds
        "LEEDS TEACHING HOSPITALS NHS TRUST" (score 100) although no suffix was
        written.  Words are compared one by one (rapidfuzz ratio, or a prefix
        of three letters or more): every identifying word of the organisation
        must be there, or it is not a candidate; a misspelt or shortened word
        lowers the score (at most 85); extra words lower it to 60, but rule the
        organisation out when a word was misspelt too ("Fenwick Family Farms"
        is not "Fennick") or an extra word names another kind of body
        ("Northshire Hospitals *Charity*", "Castlebridge Rotary *Club*").  Compare a
        whole name (e.g. a phrase taken from a register entry), not free text.
        Cost: O(core names x words^2).
        """
        words = core_name(name).split()
        if not words:
            return []
        best: dict[str, float] = {}
        for core, ids in self._cores.items():
            score = _core_similarity(words, core.split())
            if score is not None and score >= cutoff:
                for oid in ids:
                    best[oid] = max(best.get(oid, 0.0), score)
        return sorted(best.items(), key=lambda x: (-x[1], x[0]))


#: Words that say what kind of body an organisation is, not which one (dropped by core_name).
CORE_DROP = {"the", "nhs", "foundation", "trust", "ft", "ltd", "limited", "plc", "cic", "llp",
             "and", "of", "uk", "co", "company"}

#: Words naming a kind of body: a name with one of these that the organisation lacks is another body.
KIND_WORDS = {"charity", "charities", "club", "foodbank", "housing", "association", "society", "school",
              "academy", "college", "university", "church", "fund", "appeal", "league", "friends",
              "union", "party", "group", "network", "federation", "partnership", "council", "board",
              "committee", "practice", "surgery", "pharmacy", "hospice", "consultancy", "consulting",
              "associates", "estates", "homes", "services", "institute", "forum", "alliance"}


def core_name(name: str) -> str:
    """The identifying words of an organisation name: 'The Rotherham NHS Foundation Trust' -> 'rotherham'."""
    return " ".join(w for w in normalise(name).split() if w not in CORE_DROP)


def _core_similarity(given: list[str], core: list[str]) -> float | None:
    """Score 0-100 of a name's core words against an organisation's, or None if it is not a candidate."""
    from rapidfuzz import fuzz

    if not core:
        return None
    if given == core or sorted(given) == sorted(core):
        return 100.0
    unused = list(given)
    sims: list[float] = []
    for c in core:
        best, best_w = 0.0, None
        for w in unused:
            if w == c:
                sim = 1.0
            elif len(w) >= 3 and len(c) > len(w) and c.startswith(w):
                sim = 0.8  # shortened: 'Fed' for 'Federation'
            else:
                r = fuzz.ratio(w, c) / 100
                sim = r if r >= 0.85 and min(len(w), len(c)) >= 4 else 0.0
            if sim > best:
                best, best_w = sim, w
        if best_w is None:
            return None  # an identifying word of the organisation is missing
        unused.remove(best_w)
        sims.append(best)
    if unused:
        if any(w in KIND_WORDS for w in unused) or min(sims) < 1.0:
            return None  # another kind of body ('Northshire Hospitals Charity'), or too loose a fit
        return 60.0
    return round(85.0 * min(sims), 1)


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _normalise_with_index(text: str) -> tuple[str, list[int]]:
    """Normalise like :func:`normalise`, keeping for each output char its index in ``text``."""
    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        c = ch.lower()
        if c == "&":
            for cc in " and ":
                if cc == " " and prev_space:
                    continue
                out.append(cc)
                idx.append(i)
                prev_space = cc == " "
            continue
        if c in "'’":
            continue
        if c[0] not in _ASCII_ALNUM:  # what re.match(r"[a-z0-9]", c) tests, without a regex per character
            if not prev_space:
                out.append(" ")
                idx.append(i)
                prev_space = True
            continue
        out.append(c)
        idx.append(i)
        prev_space = False
    return "".join(out), idx
