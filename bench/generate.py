"""Synthetic governance data at named sizes, written as an ordinary dataset folder.

The benchmark must measure coigraph on data shaped like the real thing and read
through the same loader, so this module writes CSV files (one per table, some
tables split over ``<table>-<part>.csv`` files as real exports are) that
``coigraph.load_dataset`` reads like any user's folder.  It does not import
coigraph: the data is defined by the file format, not by the code that reads it.

Tiers (see :data:`TIERS`):

``ics``
    one integrated care system: 1 ICB, 10 trusts, 100 practices, ~2,000 people,
    three years of meetings (~740).
``national``
    England: 42 ICBs, ~210 trusts, ~1,250 PCNs, ~6,300 practices, ~320 local
    authorities, ~20,000 companies, ~100,000 people, ~300,000 interests and
    three years of meetings (~20,000).
``companies``
    ``national`` plus ~1M Companies House-like companies and officers and
    ~5M edges (appointments and group relations).  Officer degree is heavy
    tailed (a few formation agents hold 1,000+ appointments) and at least 5% of
    the national people hold directorships, so the extra graph hangs off the
    governance graph rather than sitting beside it.

Structure follows the NHS (see ``/work/shared/DOMAIN.md``):

* **bodies meet at their real cadence** over three financial years
  (April 2023 to March 2026): boards 6-12 times a year, committees monthly,
  audit committees five times, remuneration committees and councils of
  governors four, joint committees and committees in common every two months,
  the integrated care partnership quarterly (:data:`CADENCE`); members come and
  go (non-executives' terms end and successors take their seats) and only
  those in post are on a meeting's attendance;
* **organisations have depth**: company groups two or three levels deep
  (holding company, intermediate holding companies, operating companies, some
  with their own subsidiaries; written as ``subsidiary_of`` or ``owns``, as
  exports differ), joint ventures owned by several parents (trusts, and a
  private partner), trusts' wholly owned subsidiaries with subsidiaries of
  their own, GP practices in PCNs in GP federations, a few practices owned by
  corporate providers, councils' trading companies, hosted bodies (``hosts``:
  never an interest), so that interest paths of 3 to 5 edges occur;
* **items about the members themselves** (effect ``self``: executive pay,
  board membership, governors setting the chair's pay) at a few per body per
  year, not on every agenda;
* **registers with history**: entries declared over the years (most within
  28 days of starting, some late), some ended, some updated (the old entry
  ends, a new one with the changed description starts the next day), annual
  nil returns;
* agendas of standing items and the body's business (awards, investments,
  allocations, reconfigurations, system-wide plans), attendance with apologies
  and deputies, schemes of delegation with limits and dates, and decisions
  under them; spouses and business partners, and indirect interests declared
  through them.

``history=K`` (``--history K``) adds ``K - 1`` times the three years of meetings
*before* the benchmark window, with the same people and organisations: the
window's records are byte for byte those of ``history=1`` (the extra meetings
are drawn afterwards from a generator of their own and appended), so a meeting
in the window can be screened against 1x and Kx history.  The extra meetings
carry no decisions, and everyone seated on a body attends them (the same
people sat then).

Everything is drawn from one ``random.Random(seed)`` in a fixed order and no
set or hash order is ever iterated, so the same tier, seed and history give the
same bytes.  Usage::

    python -m bench.generate national bench/out/national --seed 1
    python -m bench.generate ics bench/out/ics-x10 --seed 1 --history 10
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bumped whenever the output for a given tier and seed changes (cache key).
VERSION = "7"

# --------------------------------------------------------------------------- sizes


@dataclass(frozen=True)
class Tier:
    """Sizes of one synthetic system; counts are totals across all ICBs."""

    name: str
    icbs: int
    trusts: int
    pcns: int
    practices: int
    local_authorities: int
    companies: int
    vcse: int
    people: int
    interests: int
    years: int = 3  # of meetings, at each body's cadence (see CADENCE)
    icb_officers: int = 80  # per ICB: the hub organisation everyone works for
    trust_staff: int = 20  # per trust, besides the board
    councillors: int = 45  # per local authority
    # Companies House-like extension (the ``companies`` tier only)
    ch_companies: int = 0
    ch_officers: int = 0
    ch_appointments: int = 0
    ch_group_links: int = 0
    ch_director_share: float = 0.0  # share of the governance people who are directors
    description: str = ""


TIERS: dict[str, Tier] = {
    "ics": Tier(
        "ics", icbs=1, trusts=10, pcns=15, practices=100, local_authorities=3, companies=300,
        vcse=60, people=2_000, interests=6_000,
        description="one integrated care system",
    ),
    "national": Tier(
        "national", icbs=42, trusts=210, pcns=1_250, practices=6_300, local_authorities=320,
        companies=20_000, vcse=4_000, people=100_000, interests=300_000,
        description="England: 42 integrated care systems",
    ),
}
TIERS["companies"] = Tier(
    **{**TIERS["national"].__dict__, "name": "companies",
       "ch_companies": 560_000, "ch_officers": 440_000, "ch_appointments": 4_300_000,
       "ch_group_links": 600_000, "ch_director_share": 0.07,
       "description": "national plus a Companies House-sized register of directorships"},
)

#: Meetings a year of each kind of body, as ``(fewest, most)``: one draw per body.
#: Boards 6-12; committees monthly, except audit (five a year) and remuneration
#: (four); the primary care contracts sub-committee monthly; joint committees and
#: committees in common every two months; the partnership and councils of
#: governors quarterly.
CADENCE: dict[str, tuple[int, int]] = {
    "board": (6, 12), "finance": (12, 12), "pccc": (12, 12), "quality": (12, 12),
    "audit": (5, 5), "remco": (4, 4), "pcc_sub": (12, 12), "jc": (6, 6), "icp": (4, 4),
    "cic": (6, 6), "tb": (6, 12), "ta": (5, 5), "cog": (4, 4),
}
#: Items on an agenda, as ``(fewest, most)``, standing items included.
ITEMS: dict[str, tuple[int, int]] = {"board": (12, 18), "tb": (12, 18), "committee": (8, 12)}
#: Chance that a meeting of this kind of body has one item about the members themselves.
SELF_ITEM: dict[str, float] = {"board": 0.15, "tb": 0.15, "remco": 0.5, "cog": 0.3}

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "kind", "aliases", "ods_code", "start", "end"),
    "org_relations": ("id", "source", "kind", "target", "start", "end"),
    "bodies": ("id", "name", "kind", "owners", "parent", "quorum_min_members",
               "quorum_required_roles", "quorum_options"),
    "people": ("id", "name", "title"),
    "positions": ("id", "person", "role", "body", "organisation", "nominated_by", "voting",
                  "independent", "mental_health_expertise", "acting", "start", "end", "description"),
    "interests": ("id", "person", "organisation", "subject", "types", "indirect", "associate",
                  "relationship", "description", "declared", "start", "end"),
    "nil_returns": ("person", "date"),
    "associations": ("person", "associate", "kind", "relationship", "start", "end"),
    "matters": ("code", "name", "parent"),
    "reserved_matters": ("body", "matter", "instrument"),
    "meetings": ("id", "body", "date", "title", "public"),
    "attendance": ("meeting", "person", "status", "deputising_for", "left_after_item"),
    "agenda_items": ("id", "meeting", "number", "title", "summary", "kind", "confidential",
                     "value", "matter"),
    "affected_organisations": ("item", "organisation", "effect", "note"),
    "delegations": ("id", "from_body", "to_body", "to_person", "matters", "limit",
                    "statutory_basis", "instrument", "sub_delegation_allowed", "parent",
                    "start", "end"),
    "decisions": ("id", "matter", "by_body", "by_person", "date", "value", "item",
                  "on_behalf_of", "delegation", "description"),
}

#: Columns of the Companies House-like files (a narrower export, as the real one is).
CH_POSITION_COLUMNS = ("id", "person", "role", "organisation", "start", "end")
CH_FILE_ROWS = 500_000  # appointments per positions-ch-NN.csv file

# --------------------------------------------------------------------------- words

FIRST = (
    "Aisha Alan Alice Amir Amy Andrew Angela Anil Ann Anthony Asha Barbara Ben Bernard Beth "
    "Bola Brian Carl Carol Catherine Charles Chidi Chloe Chris Claire Colin Craig Daniel David "
    "Deborah Declan Dev Diane Donna Duncan Edward Elaine Eleanor Emma Eric Faisal Farah Fiona "
    "Frances Gareth Gemma George Gillian Grace Graham Hannah Harjit Harriet Helen Henry Ian "
    "Imran Irene Isaac Jack Jacqueline James Jane Janet Jasmine Jason Jennifer Joanne John "
    "Jonathan Joseph Judith Julia Julie Karen Kate Keith Kevin Kwame Laura Lee Leon Lesley "
    "Linda Lisa Louise Lucy Mandeep Margaret Mark Martin Mary Matthew Maya Michael Michelle "
    "Mohammed Nadia Naomi Neil Nicola Nigel Noor Oliver Olu Pamela Patricia Paul Peter Philip "
    "Priya Rachel Rajesh Rebecca Richard Robert Ruth Sally Samuel Sandra Sarah Sean Sharon "
    "Simon Sophie Stephen Sunita Susan Tariq Thomas Tim Tracey Victoria Wei William Yasmin Zara"
).split()
LAST = (
    "Abbott Adams Ahmed Akhtar Ali Allen Anderson Armstrong Atkinson Bailey Baker Ball Banks "
    "Barker Barnes Bartlett Bell Bennett Begum Bird Bishop Black Bond Booth Bradley Brooks "
    "Brown Burke Butler Campbell Carter Chapman Chauhan Clark Clarke Cole Collins Cook Cooper "
    "Cox Crawford Cunningham Davies Dawson Dixon Doherty Douglas Edwards Ellis Evans Farrell "
    "Fisher Fleming Fletcher Ford Foster Fox Francis Fraser Gibson Gill Gordon Graham Grant Gray "
    "Green Griffiths Hall Hamilton Harris Harrison Hart Harvey Hayes Henderson Hill Hughes Hunt "
    "Hussain Iqbal Jackson James Jenkins Johnson Jones Kaur Kelly Kennedy Khan King Knight "
    "Lambert Lee Lewis Lloyd Lowe Malik Marshall Martin Mason Matthews McDonald Miah Miller "
    "Mills Mitchell Moore Morgan Morris Murphy Murray Nelson Newman Nguyen Norris O'Brien "
    "Okafor Oliver Owen Palmer Parker Patel Pearson Perry Phillips Poole Powell Price Rahman "
    "Reid Reynolds Richards Richardson Riley Roberts Robinson Rogers Rose Ross Russell Ryan "
    "Saunders Scott Shah Sharma Shaw Simpson Singh Smith Spencer Stevens Stewart Stone Sutton "
    "Taylor Thomas Thompson Thomson Turner Walker Wallace Walsh Ward Watson Webb Wells West "
    "White Wilkinson Williams Wilson Wong Wood Wright Young"
).split()
PLACE_A = (
    "North South East West Ash Bram Bright Brook Cald Castle Chel Clay Cold Corn Dal Deer Elm "
    "Fair Fern Glen Green Hart Hazel High Holm Kings Lang Lark Law Lind Long Maple Mar Mead Mill "
    "Moor New Oak Old Pen Red Ridge Rock Rose Rye Salt Sand Shel Shir Stan Stone Sud Thorn Wal "
    "Wey Whit Wick Wil Wind Wolds Wood Yar"
).split()
PLACE_B = (
    "bury by caster chester combe dale den don field ford gate ham hampton holme hurst ing "
    "leigh ley mere minster mouth ness ridge shire stead stow thorpe ton wich wick worth"
).split()
STREETS = (
    "Abbey Acorn Albany Alexandra Beech Birch Bridge Cedar Chapel Church Cross Elm Grange Grove "
    "Hawthorn Heath Highfield Hillside Holly Laurel Linden Manor Market Meadow Mill Oak Orchard "
    "Park Priory Queens Riverside Rowan Station Victoria Willow Windmill York"
).split()
CO_A = (
    "Apex Acumen Alder Anchor Arden Atlas Beacon Blue Bridge Cardinal Castle Cedar Clarity Coral "
    "Crest Crown Delta Elite Ember Evergreen Falcon Fortis Harbour Haven Horizon Keystone "
    "Kingfisher Lantern Legacy Lime Lumen Meridian Monarch Nova Oak Orbit Pinnacle Prime "
    "Quantum Radiant Regal Sage Sentinel Sierra Silver Solace Sterling Summit Swift Talbot "
    "Titan Unity Vale Vanguard Vertex Vista Willow Zenith"
).split()
CO_B = (
    "Care Clinical Community Consulting Diagnostics Digital Estates Facilities Health "
    "Healthcare Homecare Imaging Infrastructure Laboratories Logistics Medical Mobility "
    "Nursing Pathology Pharma Pharmacy Property Recruitment Rehabilitation Solutions Staffing "
    "Supplies Systems Technology Therapy Training Transport Wellbeing"
).split()
CO_C = ("Ltd", "Limited", "Services Ltd", "Group Ltd", "Partners LLP", "Holdings Ltd", "UK Ltd",
        "plc", "CIC", "Associates Ltd")
VCSE_KIND = ("Trust", "Foundation", "Hospice", "Carers Centre", "Mind", "Age UK", "Healthwatch",
             "Community Action", "Food Bank", "Youth Project")
SUBJECTS = (
    "Royal College of General Practitioners", "British Medical Association", "Royal College of "
    "Nursing", "NHS Confederation", "NHS Providers", "King's Fund", "Local Medical Committee",
    "Clinical research on diabetes", "Patient advocacy group", "Labour Party", "Conservative "
    "Party", "Liberal Democrats", "Rotary Club", "University teaching post", "Freemasons",
)
MONTHS = ("January February March April May June July August September October November "
          "December").split()


#: What an entry says once updated (the old entry ends, the new one starts the next day).
UPDATED = {
    "Shareholding": "Shareholding (increased)", "Director": "Director and shareholder",
    "Non-executive director": "Chair (was non-executive director)",
    "Consultancy work": "Consultancy work (new contract)", "Trustee": "Chair of trustees",
    "Volunteer": "Trustee (was volunteer)", "Patron": "Patron and trustee",
    "GP partner": "Senior GP partner", "Member": "Member (elected to council)",
}

START = dt.date(2023, 4, 1)  # first day of the benchmark window (three financial years)


def _years_after(d: dt.date, years: int) -> dt.date:
    return d.replace(year=d.year + years)




def _place_names(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct invented place names ('Ashford', 'Kingsmouth'...), in a seeded order."""
    names = [a + b for a in PLACE_A for b in PLACE_B]
    rng.shuffle(names)
    if n > len(names):
        names += [f"{x} {y}" for x in ("Upper", "Lower", "Great", "Little") for y in names]
    return names[:n]


def _company_name(i: int) -> str:
    """A distinct company name for index ``i`` (a bijection, so no collisions)."""
    a, b, c = len(CO_A), len(CO_B), len(CO_C)
    n = a * b * c
    j = (i * 7919 + 13) % n  # 7919 is prime and does not divide n
    name = f"{CO_A[j % a]} {CO_B[(j // a) % b]} {CO_C[(j // (a * b)) % c]}"
    rnd = i // n
    return name if rnd == 0 else f"{name} ({rnd + 1})"


def _ch_name(i: int) -> str:
    """A Companies House-style upper-case name, distinct for every index."""
    a, b = len(CO_A), len(CO_B)
    j = (i * 104729 + 7) % (a * b)
    return f"{CO_A[j % a].upper()} {CO_B[(j // a) % b].upper()} {i // (a * b) + 1:04d} LIMITED"


# --------------------------------------------------------------------------- writer


class Tables:
    """Rows of every table, kept in memory (the governance part is small) and written as CSV."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[str]]] = {t: [] for t in COLUMNS}

    def add(self, table: str, **values: Any) -> None:
        cols = COLUMNS[table]
        unknown = [k for k in values if k not in cols]
        if unknown:
            raise KeyError(f"{table}: unknown columns {unknown}")
        self.rows[table].append([_cell(values.get(c)) for c in cols])

    def count(self, table: str) -> int:
        return len(self.rows[table])

    def write(self, folder: Path) -> None:
        for table, rows in self.rows.items():
            if rows:
                write_csv(folder / f"{table}.csv", COLUMNS[table], rows)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.0f}" if v.is_integer() else f"{v:.2f}"
    return str(v)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a UTF-8 CSV with ``\\n`` line ends (bytes are stable across platforms)."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


# --------------------------------------------------------------------------- the model of a system


MATTERS = (
    ("strategy", "Strategy and plans", None),
    ("annual_plan", "Annual operating plan and budget", "strategy"),
    ("contract_award", "Award of contracts", None),
    ("contract_award.primary_care", "Primary care contracts", "contract_award"),
    ("contract_award.acute", "Acute and elective contracts", "contract_award"),
    ("contract_award.community", "Community and mental health contracts", "contract_award"),
    ("contract_award.support", "Support services and supplies", "contract_award"),
    ("investment", "Investment business cases", None),
    ("investment.capital", "Capital investment", "investment"),
    ("investment.revenue", "Revenue investment", "investment"),
    ("allocation", "Allocation of funds", None),
    ("allocation.pcn", "Allocations to primary care networks", "allocation"),
    ("allocation.place", "Allocations to places", "allocation"),
    ("reconfiguration", "Service reconfiguration", None),
    ("quality", "Quality and safety", None),
    ("audit", "Audit and risk", None),
    ("remuneration", "Remuneration of executives", None),
)


@dataclass
class Seat:
    """A seat on a body, dated (members come and go)."""

    person: str
    role: str
    votes: bool
    start: dt.date
    end: dt.date | None = None

    def on(self, day: dt.date, *, ignore_start: bool = False) -> bool:
        return (ignore_start or self.start <= day) and (self.end is None or self.end >= day)


@dataclass
class System:
    """One integrated care system as generated: ids of its organisations, bodies and people."""

    n: int
    place: str
    icb: str = ""
    trusts: list[str] = field(default_factory=list)
    fts: list[str] = field(default_factory=list)
    town: dict[str, str] = field(default_factory=dict)  # organisation -> its town
    pcns: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    practice_pcn: dict[str, str] = field(default_factory=dict)
    federations: list[str] = field(default_factory=list)
    federation_subs: list[str] = field(default_factory=list)
    pcn_federation: dict[str, str] = field(default_factory=dict)
    corporate_practices: list[str] = field(default_factory=list)
    las: list[str] = field(default_factory=list)
    latcos: dict[str, str] = field(default_factory=dict)  # council -> its trading company
    places: list[str] = field(default_factory=list)
    collaborative: str = ""
    hosted: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    group_tops: list[str] = field(default_factory=list)
    group_ops: list[str] = field(default_factory=list)  # operating companies inside groups
    holdings: list[str] = field(default_factory=list)  # holding and intermediate companies of groups
    subco: dict[str, str] = field(default_factory=dict)  # trust -> wholly owned subsidiary
    subsub: dict[str, str] = field(default_factory=dict)  # subsidiary -> its own subsidiary
    jvs: list[tuple[str, list[str], str | None]] = field(default_factory=list)  # (jv, parents, its sub)
    vcse: list[str] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)  # key -> body id
    body_key: dict[str, str] = field(default_factory=dict)  # body id -> cadence key
    body_order: list[str] = field(default_factory=list)
    rate: dict[str, int] = field(default_factory=dict)  # body id -> meetings a year
    trust_board: dict[str, str] = field(default_factory=dict)  # trust -> board body
    members: dict[str, list[Seat]] = field(default_factory=dict)  # body -> seats
    people: list[str] = field(default_factory=list)
    declarers: list[str] = field(default_factory=list)  # people who sit on a body
    officers: list[str] = field(default_factory=list)
    gp_partners: dict[str, list[str]] = field(default_factory=dict)  # practice -> partners
    clinical_director: dict[str, str] = field(default_factory=dict)  # pcn -> person
    trust_ceo: dict[str, str] = field(default_factory=dict)
    trust_exec: dict[str, list[str]] = field(default_factory=dict)  # trust -> executives
    directors: dict[str, list[str]] = field(default_factory=dict)  # company -> directors
    ceo: str = ""
    cfo: str = ""
    delegations: dict[str, tuple[str, float | None, tuple[str, ...], dt.date | None]] = field(
        default_factory=dict)  # body or person -> (delegation id, limit, matters, end)
    org_people: dict[str, list[str]] = field(default_factory=dict)


def _split(total: int, parts: int, rng: random.Random, spread: float = 0.3) -> list[int]:
    """``total`` split into ``parts`` positive integers varying by about ``spread``."""
    if parts <= 0:
        return []
    weights = [1 + spread * (2 * rng.random() - 1) for _ in range(parts)]
    s = sum(weights)
    out = [max(1, int(total * w / s)) for w in weights]
    i = 0
    while sum(out) < total:
        out[i % parts] += 1
        i += 1
    while sum(out) > total:
        j = max(range(parts), key=lambda k: out[k])
        out[j] -= 1
    return out


Item = tuple[str, str, str | None, float | None, list[tuple[str, str]]]  # title, kind, matter, value, affected


class Generator:
    """Draws one tier's records from a seeded RNG into :class:`Tables`."""

    def __init__(self, tier: Tier, seed: int, history: int = 1) -> None:
        if history < 1:
            raise ValueError("history must be at least 1")
        self.tier = tier
        self.seed = seed
        self.history = history
        self.rng = random.Random(seed)
        self.t = Tables()
        self.end = _years_after(START, tier.years) - dt.timedelta(days=1)
        self.systems: list[System] = []
        self.n_people = 0
        self.n_interests = 0
        self.n_pos = 0
        self.n_rel = 0
        self.n_org = 0
        self.n_items = 0
        self.n_dec = 0
        self.n_meetings = 0
        self.person_interests: dict[str, int] = {}
        self.national_companies: list[str] = []
        self.company_home: dict[str, int] = {}
        self.in_history = False

    # ------------------------------------------------------------------ primitives

    def date_between(self, a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=self.rng.randrange(max(1, (b - a).days + 1)))

    def person(self, sys_: System | None, *, title: str | None = None) -> str:
        self.n_people += 1
        pid = f"p{self.n_people:06d}"
        r = self.rng
        name = f"{r.choice(FIRST)} {r.choice('ABCDEFGHIJKLMNOPRSTW')}. {r.choice(LAST)}"
        self.t.add("people", id=pid, name=name, title=title)
        if sys_ is not None:
            sys_.people.append(pid)
        return pid

    def org(self, oid: str, name: str, kind: str, *, aliases: Sequence[str] = (),
            ods: str | None = None, start: dt.date | None = None, end: dt.date | None = None) -> str:
        self.n_org += 1
        self.t.add("organisations", id=oid, name=name, kind=kind, aliases=list(aliases),
                   ods_code=ods, start=start, end=end)
        return oid

    def relation(self, source: str, kind: str, target: str, *, start: dt.date | None = None,
                 end: dt.date | None = None) -> None:
        self.n_rel += 1
        self.t.add("org_relations", id=f"rel{self.n_rel:06d}", source=source, kind=kind,
                   target=target, start=start, end=end)

    def owned(self, child: str, parent: str, *, dated: bool = True) -> None:
        """``child`` belongs to ``parent``: written ``subsidiary_of`` (child -> parent) seven times in
        ten, ``owns`` (parent -> child) otherwise, as exports differ.  Some were acquired during the
        window, a few sold."""
        r = self.rng
        start = end = None
        if dated:
            x = r.random()
            if x < 0.08:
                start = self.date_between(START, self.end)
            elif x < 0.12:
                end = self.date_between(START, self.end)
        if r.random() < 0.7:
            self.relation(child, "subsidiary_of", parent, start=start, end=end)
        else:
            self.relation(parent, "owns", child, start=start, end=end)

    def position(self, person: str, role: str, *, body: str | None = None,
                 organisation: str | None = None, start: dt.date | None = None,
                 end: dt.date | None = None, **kw: Any) -> str:
        self.n_pos += 1
        pid = f"pos{self.n_pos:07d}"
        if start is None:
            start = self.date_between(dt.date(2012, 1, 1), dt.date(2023, 12, 31))
        self.t.add("positions", id=pid, person=person, role=role, body=body,
                   organisation=organisation, start=start, end=end, **kw)
        return pid

    def interest(self, person: str, types: Sequence[str], *, organisation: str | None = None,
                 subject: str | None = None, description: str, associate: str | None = None,
                 relationship: str | None = None, start: dt.date | None = None,
                 end: dt.date | None = None, history: bool = True) -> None:
        """One register entry, with its history: declared (most within 28 days, some late), and
        with ``history`` some ended and some updated (ended, and a new entry the next day)."""
        r = self.rng
        if start is None:
            start = self.date_between(dt.date(2008, 1, 1), dt.date(2026, 1, 31))
        update: dt.date | None = None
        if history and end is None:
            x = r.random()
            if x < 0.15:  # ended: many inside the window, a few inside the six-month look-back
                end = self.date_between(max(start, dt.date(2021, 1, 1)), dt.date(2026, 3, 31))
            elif x < 0.25 and start < dt.date(2025, 12, 1):  # updated later on
                update = self.date_between(max(start, START) + dt.timedelta(days=30), dt.date(2026, 1, 31))
                end = update - dt.timedelta(days=1)
        if end is not None and end < start:
            end = start
        self._entry(person, types, organisation, subject, description, associate, relationship,
                    start, end)
        if update is not None:
            desc = UPDATED.get(description, description + " (changed)")
            self._entry(person, types, organisation, subject, desc, associate, relationship,
                        update, None)

    def _entry(self, person: str, types: Sequence[str], organisation: str | None, subject: str | None,
               description: str, associate: str | None, relationship: str | None, start: dt.date,
               end: dt.date | None) -> None:
        r = self.rng
        self.n_interests += 1
        late = r.random() < 0.1
        declared = start + dt.timedelta(days=r.randrange(29, 180) if late else r.randrange(0, 29))
        self.t.add("interests", id=f"int{self.n_interests:07d}", person=person,
                   organisation=organisation, subject=subject, types=list(types),
                   indirect=True if associate else None, associate=associate,
                   relationship=relationship, description=description, declared=declared,
                   start=start, end=end)
        self.person_interests[person] = self.person_interests.get(person, 0) + 1

    def body(self, sys_: System, key: str, bid: str, name: str, kind: str, owners: Sequence[str],
             *, cadence: str, parent: str | None = None, quorum: int | None = None,
             roles: Sequence[str] = ()) -> str:
        self.t.add("bodies", id=bid, name=name, kind=kind, owners=list(owners), parent=parent,
                   quorum_min_members=quorum, quorum_required_roles=list(roles),
                   quorum_options=["defer", "refer_up"] if quorum else None)
        sys_.bodies[key] = bid
        sys_.body_key[bid] = cadence
        sys_.members[bid] = []
        sys_.body_order.append(bid)
        lo, hi = CADENCE[cadence]
        sys_.rate[bid] = self.rng.randint(lo, hi)
        return bid

    def seat(self, sys_: System, body: str, person: str, role: str, *, votes: bool = True,
             start: dt.date | None = None, end: dt.date | None = None, **kw: Any) -> None:
        voting = None if votes == (role not in ("attendee", "officer", "adviser", "employee")) else votes
        if start is None:  # seated before the window opens
            start = self.date_between(dt.date(2012, 1, 1), START - dt.timedelta(days=1))
        self.position(person, role, body=body, voting=voting, start=start, end=end, **kw)
        sys_.members[body].append(Seat(person, role, votes, start, end))
        if person not in sys_.declarers:
            sys_.declarers.append(person)

    def employ(self, sys_: System, person: str, role: str, org: str, **kw: Any) -> None:
        self.position(person, role, organisation=org, **kw)
        sys_.org_people.setdefault(org, []).append(person)

    # ------------------------------------------------------------------ the whole thing

    def run(self) -> Tables:
        tier, r = self.tier, self.rng
        for code, name, parent in MATTERS:
            self.t.add("matters", code=code, name=name, parent=parent)
        self.org("nhse", "NHS England", "nhs_england", aliases=["NHSE"], ods="X24")
        places = _place_names(2 * (tier.icbs + tier.local_authorities + tier.trusts + tier.pcns) + 10, r)
        pi = iter(places)
        split = {k: _split(getattr(tier, k), tier.icbs, r) for k in
                 ("trusts", "pcns", "practices", "local_authorities", "companies", "vcse")}
        # a few national suppliers serve every system (hubs of the contracts graph)
        n_national = max(5, tier.companies // 100)
        for i in range(n_national):
            cid = self.org(f"co{i:05d}", _company_name(i), "company",
                           start=self.date_between(dt.date(1990, 1, 1), dt.date(2015, 1, 1)))
            self.national_companies.append(cid)
        company_no = n_national
        for s in range(tier.icbs):
            sys_ = System(n=s, place=next(pi))
            self.systems.append(sys_)
            counts = {k: v[s] for k, v in split.items()}
            if s == 0:
                counts["companies"] = max(1, counts["companies"] - n_national)
            self.organisations(sys_, counts, pi, company_no)
            company_no += counts["companies"]
        # national suppliers get directors too, from the first systems
        for i, cid in enumerate(self.national_companies):
            sys_ = self.systems[i % len(self.systems)]
            self.company_people(sys_, cid, n=r.randint(2, 4))
        for sys_ in self.systems:
            self.governance(sys_)
        for sys_ in self.systems:
            self.registers(sys_)
        self.fill_people()
        self.fill_interests()
        for sys_ in self.systems:
            self.delegations(sys_)
            self.meetings(sys_, START, self.end)
            self.officer_decisions(sys_)
        self.nil_returns()
        if self.history > 1:
            self.older_history()
        return self.t

    def older_history(self) -> None:
        """``history - 1`` times the window's years of meetings before it, from an RNG of their own
        (so the window's records stay exactly those of ``history=1``)."""
        self.rng = random.Random(self.seed * 1_000_003 + self.history)
        self.in_history = True
        first = _years_after(START, -self.tier.years * (self.history - 1))
        for sys_ in self.systems:
            self.meetings(sys_, first, START - dt.timedelta(days=1))

    # ------------------------------------------------------------------ organisations

    def organisations(self, sys_: System, counts: dict[str, int], places: Any, company_no: int) -> None:
        r, s = self.rng, sys_.n
        p = sys_.place
        sys_.icb = self.org(f"icb{s:02d}", f"NHS {p} Integrated Care Board", "icb",
                            aliases=[f"{p} ICB"], ods=f"Q{s:02d}")
        self.relation(sys_.icb, "member_of", "nhse")
        sys_.collaborative = self.org(f"pcol{s:02d}", f"{p} Acute Provider Collaborative",
                                      "provider_collaborative")
        for k in range(counts["trusts"]):
            town = next(places)
            kind = ("acute", "mental", "community", "acute", "ambulance")[k % 5]
            ft = r.random() < 0.6
            suffix = "NHS Foundation Trust" if ft else "NHS Trust"
            name = {"acute": f"{town} University Hospitals {suffix}",
                    "mental": f"{town} Partnership {suffix}",
                    "community": f"{town} Community Healthcare {suffix}",
                    "ambulance": f"{town} Ambulance Service {suffix}"}[kind]
            abbr = "".join(w[0] for w in name.split() if w[0].isupper())
            tid = self.org(f"tr{s:02d}{k:02d}", name, "foundation_trust" if ft else "nhs_trust",
                           aliases=[abbr], ods=f"R{s:02d}{k:02d}")
            sys_.trusts.append(tid)
            sys_.town[tid] = town
            if ft:
                sys_.fts.append(tid)
            if kind in ("acute", "mental"):
                self.relation(tid, "member_of", sys_.collaborative)
            if r.random() < 0.5:  # a wholly owned subsidiary (estates and facilities), some with one of its own
                sub = self.org(f"sc{s:02d}{k:02d}", f"{town} Healthcare Services Ltd", "company",
                               start=self.date_between(dt.date(2012, 1, 1), dt.date(2022, 1, 1)))
                self.owned(sub, tid, dated=False)
                sys_.subco[tid] = sub
                if r.random() < 0.4:
                    sub2 = self.org(f"sc{s:02d}{k:02d}b", f"{town} Pharmacy Services Ltd", "company",
                                    start=self.date_between(dt.date(2014, 1, 1), dt.date(2022, 1, 1)))
                    self.owned(sub2, sub, dated=False)
                    sys_.subsub[sub] = sub2
        if sys_.trusts:  # the lead trust hosts the collaborative (hosting carries no interest)
            self.relation(sys_.trusts[0], "hosts", sys_.collaborative)
        hosted = self.org(f"xs{s:02d}", f"{p} Shared Business Services", "other")
        self.relation(sys_.icb, "hosts", hosted)
        sys_.hosted.append(hosted)
        for k in range(counts["local_authorities"]):
            town = next(places)
            kind = ("County Council", "City Council", "Borough Council", "Council")[k % 4]
            la = self.org(f"la{s:02d}{k:02d}", f"{town} {kind}", "local_authority")
            sys_.las.append(la)
            sys_.town[la] = town
            pl = self.org(f"place{s:02d}{k:02d}", f"{town} Place Partnership", "place_partnership")
            sys_.places.append(pl)
            self.relation(la, "member_of", pl)
            self.relation(sys_.icb, "member_of", pl)
            if r.random() < 0.4:  # a council's trading company (reablement, care homes)
                latco = self.org(f"lt{s:02d}{k:02d}", f"{town} Care Services Ltd", "company",
                                 start=self.date_between(dt.date(2010, 1, 1), dt.date(2021, 1, 1)))
                self.relation(la, "owns", latco)
                sys_.latcos[la] = latco
        towns: list[str] = []
        for k in range(counts["pcns"]):
            towns.append(next(places))
            sys_.pcns.append(self.org(f"pcn{s:02d}{k:03d}", f"{towns[-1]} PCN", "pcn"))
        # GP federations: PCNs belong to one (practice -> PCN -> federation is a line of two steps)
        for k in range(max(1, len(sys_.pcns) // 5)):
            town = next(places)
            fed = self.org(f"fed{s:02d}{k:02d}", f"{town} GP Federation Ltd", "company",
                           start=self.date_between(dt.date(2014, 1, 1), dt.date(2019, 1, 1)))
            sys_.federations.append(fed)
            if r.random() < 0.5:
                fsub = self.org(f"fed{s:02d}{k:02d}s", f"{town} Federation Services Ltd", "company",
                                start=self.date_between(dt.date(2016, 1, 1), dt.date(2021, 1, 1)))
                self.owned(fsub, fed, dated=False)
                sys_.federation_subs.append(fsub)
        for k, pcn in enumerate(sys_.pcns):
            fed = sys_.federations[k % len(sys_.federations)]
            sys_.pcn_federation[pcn] = fed
            self.relation(pcn, "member_of", fed, start=dt.date(2019, 7, 1))
        for k in range(counts["practices"]):
            street = r.choice(STREETS)
            kind = ("Surgery", "Medical Centre", "Health Centre", "Medical Practice")[k % 4]
            prac = self.org(f"gp{s:02d}{k:04d}", f"{street} {kind}, {towns[k % len(towns)]}",
                            "gp_practice", ods=f"G{s:02d}{k:04d}")
            sys_.practices.append(prac)
            pcn = sys_.pcns[k % len(sys_.pcns)]
            sys_.practice_pcn[prac] = pcn
            self.relation(prac, "member_of", pcn)
        for pcn in sys_.pcns:
            hosts = [x for x in sys_.practices if sys_.practice_pcn[x] == pcn]
            if hosts:
                self.relation(hosts[0], "hosts", pcn)
        for k in range(counts["companies"]):
            i = company_no + k
            cid = self.org(f"co{i:05d}", _company_name(i), "company",
                           start=self.date_between(dt.date(1995, 1, 1), dt.date(2023, 1, 1)))
            sys_.companies.append(cid)
            self.company_home[cid] = s
            if r.random() > 0.7:  # suppliers under contract
                self.relation(cid, "contracts_with", r.choice(sys_.trusts + [sys_.icb]),
                              start=self.date_between(dt.date(2019, 1, 1), dt.date(2024, 1, 1)))
        self.company_groups(sys_)
        # a few practices are run by corporate providers (an operating company of a group)
        if sys_.group_ops:
            for prac in sys_.practices:
                if r.random() < 0.05:
                    self.owned(prac, r.choice(sys_.group_ops))
                    sys_.corporate_practices.append(prac)
        # joint ventures: trusts (and sometimes a private partner) own a pathology or imaging venture
        for k in range(max(1, len(sys_.trusts) // 4)):
            parents = r.sample(sys_.trusts, min(len(sys_.trusts), r.randint(2, 3)))
            if sys_.group_tops and r.random() < 0.5:
                parents.append(r.choice(sys_.group_tops))
            what = ("Pathology", "Imaging", "Pharmacy")[k % 3]
            jv = self.org(f"jv{s:02d}{k:02d}", f"{sys_.town[parents[0]]} {what} Partnership LLP",
                          "company", start=self.date_between(dt.date(2015, 1, 1), dt.date(2022, 1, 1)))
            for parent in parents:
                self.owned(jv, parent, dated=False)
            jsub = None
            if r.random() < 0.6:
                jsub = self.org(f"jv{s:02d}{k:02d}s", f"{sys_.town[parents[0]]} {what} Services Ltd",
                                "company", start=self.date_between(dt.date(2016, 1, 1), dt.date(2022, 6, 1)))
                self.owned(jsub, jv, dated=False)
            sys_.jvs.append((jv, parents, jsub))
        for cid in self.national_companies:
            if r.random() < 0.5:
                self.relation(cid, "contracts_with", r.choice(sys_.trusts))
        for k in range(counts["vcse"]):
            town = r.choice(towns) if towns else p
            kind = VCSE_KIND[k % len(VCSE_KIND)]
            vid = self.org(f"vcse{s:02d}{k:03d}", f"{p} {kind} {k + 1}" if kind in (
                "Mind", "Age UK", "Healthwatch") else f"{p} {town} {kind}", "vcse")
            sys_.vcse.append(vid)
            if r.random() < 0.3:
                self.relation(vid, "contracts_with", sys_.icb)

    def company_groups(self, sys_: System) -> None:
        """Groups two or three levels deep: holding companies, intermediate holding companies,
        operating companies (some with subsidiaries of their own); a few companies owned by two
        groups (joint ventures); some holding companies owned by a national group."""
        r = self.rng
        pool = list(sys_.companies)
        r.shuffle(pool)
        n_tops = max(1, len(pool) // 30)
        tops, rest = pool[:n_tops], pool[n_tops:]
        i = 0
        for top in tops:
            sys_.group_tops.append(top)
            sys_.holdings.append(top)
            if r.random() < 0.15 and self.national_companies:
                self.owned(top, r.choice(self.national_companies))
            for _ in range(r.randint(1, 3)):  # intermediate holding companies
                if i >= len(rest):
                    break
                mid = rest[i]
                i += 1
                self.owned(mid, top)
                sys_.holdings.append(mid)
                for _ in range(r.randint(1, 4)):  # operating companies
                    if i >= len(rest):
                        break
                    op = rest[i]
                    i += 1
                    self.owned(op, mid)
                    sys_.group_ops.append(op)
                    if r.random() < 0.25 and i < len(rest):  # and the operating company's own
                        leaf = rest[i]
                        i += 1
                        self.owned(leaf, op)
                        sys_.group_ops.append(leaf)
        for cid in rest[i:]:  # joint ventures of two groups
            if len(tops) > 1 and r.random() < 0.02:
                for parent in r.sample(tops, 2):
                    self.owned(cid, parent, dated=False)
                sys_.group_ops.append(cid)

    # ------------------------------------------------------------------ people in posts

    def company_people(self, sys_: System, cid: str, n: int) -> None:
        for _ in range(n):
            pid = self.person(sys_)
            self.employ(sys_, pid, "director", cid)
            sys_.directors.setdefault(cid, []).append(pid)
            self.interest(pid, ["financial"], organisation=cid,
                          description="Director and shareholder")

    def director(self, sys_: System, person: str, org: str, description: str = "Director") -> None:
        """``person`` (already someone) is also a director of ``org``, and declares it."""
        self.employ(sys_, person, "director", org)
        sys_.directors.setdefault(org, []).append(person)
        self.interest(person, ["financial"], organisation=org, description=description)

    def terms(self, sys_: System, body: str, role: str, **kw: Any) -> list[tuple[str, dt.date | None,
                                                                                  dt.date | None]]:
        """A seat whose holder may change in the window: a non-executive's term ends and a
        successor takes the seat the next day.  Returns the holders as ``(person, start, end)``."""
        r = self.rng
        first = self.person(sys_)
        if r.random() < 0.3:
            change = self.date_between(START + dt.timedelta(days=60), self.end - dt.timedelta(days=60))
            nxt = self.person(sys_)
            holders = [(first, None, change), (nxt, change + dt.timedelta(days=1), None)]
        else:
            holders = [(first, None, None)]
        for pid, start, end in holders:
            self.seat(sys_, body, pid, role, start=start, end=end, **kw)
        return holders

    def governance(self, sys_: System) -> None:
        """Boards, committees and the people on them, and the people of the organisations."""
        r, s, p = self.rng, sys_.n, sys_.place
        tier = self.tier
        # people of the organisations first: partner members are chosen from them
        for prac in sys_.practices:
            partners = [self.person(sys_, title="Dr") for _ in range(r.randint(2, 6))]
            sys_.gp_partners[prac] = partners
            for pid in partners:
                self.employ(sys_, pid, "gp_partner", prac)
                self.interest(pid, ["financial"], organisation=prac, description="GP partner")
        for pcn in sys_.pcns:
            members = [x for x in sys_.practices if sys_.practice_pcn[x] == pcn]
            if members:
                cd = sys_.gp_partners[members[0]][0]
                sys_.clinical_director[pcn] = cd
                self.employ(sys_, cd, "clinical_director", pcn)
                self.interest(cd, ["financial", "non_financial_professional"], organisation=pcn,
                              description="PCN clinical director")
        for k, fed in enumerate(sys_.federations):  # federations are run by their PCNs' clinical directors
            cds = [sys_.clinical_director[x] for x in sys_.pcns
                   if sys_.pcn_federation[x] == fed and x in sys_.clinical_director]
            for cd in cds[:3]:
                self.director(sys_, cd, fed, "Director, GP federation")
            chief = self.person(sys_)
            self.employ(sys_, chief, "chief_executive", fed)
            if fed + "s" in sys_.federation_subs:
                self.director(sys_, chief, fed + "s")
            del k
        for la in sys_.las:
            for k in range(tier.councillors):
                pid = self.person(sys_, title="Cllr")
                self.employ(sys_, pid, "councillor", la,
                            start=dt.date(2021 + (k % 3), 5, 6))
                self.interest(pid, ["non_financial_personal"], organisation=la,
                              description="Elected member", history=False)
            dph = self.person(sys_)
            self.employ(sys_, dph, "officer", la, description="Director of Public Health")
            sys_.org_people.setdefault(f"{la}:dph", []).append(dph)
            if la in sys_.latcos:  # a cabinet member (not the one on the partnership) and a managing director
                latco = sys_.latcos[la]
                self.director(sys_, sys_.org_people[la][1], latco, "Director (council nominee)")
                self.company_people(sys_, latco, n=1)
        for cid in sys_.companies:
            self.company_people(sys_, cid, n=1 if r.random() < 0.55 else r.randint(2, 3))
        for vid in sys_.vcse:
            for _ in range(r.randint(1, 3)):
                pid = self.person(sys_)
                self.employ(sys_, pid, "trustee", vid)
                self.interest(pid, ["non_financial_personal"], organisation=vid,
                              description="Trustee")
        icb = sys_.icb
        for _ in range(tier.icb_officers):
            pid = self.person(sys_)
            self.employ(sys_, pid, r.choice(("officer", "employee")), icb)
            sys_.officers.append(pid)
        for hosted in sys_.hosted:  # staff of the hosted body are ICB officers too
            for pid in sys_.officers[-3:]:
                self.employ(sys_, pid, "employee", hosted)

        # ---- trust boards
        for tid in sys_.trusts:
            tb = self.body(sys_, f"tb:{tid}", f"{tid}-board", f"Board of Directors ({tid})", "board",
                           [tid], cadence="tb", quorum=6,
                           roles=["chair|vice_chair", "executive_director", "non_executive_director"])
            sys_.trust_board[tid] = tb
            ta = self.body(sys_, f"ta:{tid}", f"{tid}-audit", f"Audit Committee ({tid})", "committee",
                           [tid], cadence="ta", parent=tb, quorum=3)
            chairs = self.terms(sys_, tb, "chair", independent=True)
            ceo = self.person(sys_)
            self.seat(sys_, tb, ceo, "chief_executive")
            self.employ(sys_, ceo, "chief_executive", tid)
            sys_.trust_ceo[tid] = ceo
            execs = []
            for title in ("Chief Finance Officer", "Medical Director", "Chief Nurse",
                          "Chief Operating Officer"):
                e = self.person(sys_)
                self.seat(sys_, tb, e, "executive_director", description=title)
                self.employ(sys_, e, "executive_director", tid, description=title)
                execs.append(e)
            sys_.trust_exec[tid] = execs
            for k in range(5):
                holders = self.terms(sys_, tb, "non_executive_director" if k else "vice_chair",
                                     independent=True)
                if k < 3:
                    for pid, start, end in holders:
                        self.seat(sys_, ta, pid, "member", independent=True, start=start, end=end)
            for _ in range(tier.trust_staff):
                self.employ(sys_, self.person(sys_), "employee", tid)
            sub = sys_.subco.get(tid)
            if sub:  # the finance and operations directors sit on the subsidiary's board
                self.director(sys_, execs[0], sub, "Director, trust subsidiary")
                self.director(sys_, execs[3], sub, "Director, trust subsidiary")
                self.company_people(sys_, sub, n=1)
                if sub in sys_.subsub:
                    self.company_people(sys_, sys_.subsub[sub], n=1)
            if tid in sys_.fts:
                cog = self.body(sys_, f"cog:{tid}", f"{tid}-cog", f"Council of Governors ({tid})",
                                "council_of_governors", [tid], cadence="cog")
                for pid, start, end in chairs:
                    self.seat(sys_, cog, pid, "chair", independent=True, start=start, end=end)
                for _ in range(12):
                    self.terms(sys_, cog, "governor")
        for jv, parents, jsub in sys_.jvs:  # joint ventures: the parent trusts' finance directors
            for parent in parents:
                if parent in sys_.trust_exec:
                    self.director(sys_, sys_.trust_exec[parent][0], jv, "Director, joint venture")
            self.company_people(sys_, jv, n=1)
            if jsub:
                self.company_people(sys_, jsub, n=1)

        # ---- the ICB board and its committees
        board = self.body(sys_, "board", f"icb{s:02d}-board", f"NHS {p} ICB Board", "board", [icb],
                          cadence="board", quorum=7,
                          roles=["chair|vice_chair", "executive_director", "independent"])
        committees = {
            "finance": "Finance and Performance Committee",
            "pccc": "Primary Care Commissioning Committee",
            "quality": "Quality and Safety Committee",
            "audit": "Audit and Risk Committee",
            "remco": "Remuneration Committee",
        }
        for key, name in committees.items():
            self.body(sys_, key, f"icb{s:02d}-{key}", f"{p} ICB {name}", "committee", [icb],
                      cadence=key, parent=board, quorum=4, roles=["independent"])
        self.body(sys_, "pcc_sub", f"icb{s:02d}-pcsub", f"{p} Primary Care Contracts Sub-committee",
                  "sub_committee", [icb], cadence="pcc_sub", parent=sys_.bodies["pccc"], quorum=3)
        self.body(sys_, "jc", f"icb{s:02d}-jc", f"{p} Acute Services Joint Committee",
                  "joint_committee", [icb] + sys_.trusts[:4], cadence="jc", quorum=4)
        self.body(sys_, "icp", f"icb{s:02d}-icp", f"{p} Integrated Care Partnership", "partnership",
                  [icb] + sys_.las, cadence="icp", quorum=5)
        self.body(sys_, "cic", f"icb{s:02d}-cic", f"{p} Provider Committees in Common",
                  "committees_in_common", sys_.trusts, cadence="cic", quorum=3)

        chairs = self.terms(sys_, board, "chair", independent=True)
        chair = chairs[-1][0]
        sys_.ceo = self.person(sys_)
        self.seat(sys_, board, sys_.ceo, "chief_executive")
        self.employ(sys_, sys_.ceo, "chief_executive", icb)
        sys_.cfo = self.person(sys_)
        self.seat(sys_, board, sys_.cfo, "executive_director", description="Chief Finance Officer")
        self.employ(sys_, sys_.cfo, "executive_director", icb, description="Chief Finance Officer")
        execs = [sys_.ceo, sys_.cfo]
        for title in ("Chief Medical Officer", "Chief Nursing Officer"):
            e = self.person(sys_)
            self.seat(sys_, board, e, "executive_director", description=title)
            self.employ(sys_, e, "executive_director", icb, description=title)
            execs.append(e)
        ned_terms = [self.terms(sys_, board, "non_executive_director" if k else "vice_chair",
                                independent=True, mental_health_expertise=(k == 3)) for k in range(4)]
        # partner members keep their own roles: one person, two boards
        acute = sys_.trusts[0]
        tpm = sys_.trust_ceo[acute]
        self.seat(sys_, board, tpm, "partner_member", nominated_by="trusts")
        if len(sys_.trusts) > 1:
            self.seat(sys_, board, sys_.trust_ceo[sys_.trusts[1]], "partner_member",
                      nominated_by="trusts", mental_health_expertise=True)
        gp = sys_.gp_partners[sys_.practices[0]][0]  # also a PCN clinical director
        self.seat(sys_, board, gp, "partner_member", nominated_by="primary_care")
        la_pm = sys_.org_people[f"{sys_.las[0]}:dph"][0]
        self.seat(sys_, board, la_pm, "partner_member", nominated_by="local_authority")
        for title in ("Director of Strategy", "Board Secretary"):
            a = r.choice(sys_.officers)
            self.seat(sys_, board, a, "attendee", votes=False, description=title)

        def seats(key: str, people: Iterable[tuple[str, str]], **kw: Any) -> None:
            for pid, role in people:
                self.seat(sys_, sys_.bodies[key], pid, role, **kw)

        def ned_seats(key: str, k: int, role: str) -> None:  # a non-executive's committee seats follow their term
            for pid, start, end in ned_terms[k]:
                self.seat(sys_, sys_.bodies[key], pid, role, start=start, end=end)

        ned_seats("finance", 1, "chair")
        ned_seats("finance", 2, "member")
        seats("finance", [(sys_.cfo, "member"), (sys_.ceo, "member"), (tpm, "member")])
        # GPs on the committee: partners of practices that are not their PCN's first (whose first
        # partner is its clinical director)
        n_pcn = len(sys_.pcns)
        gps = [sys_.gp_partners[x][0] for x in (sys_.practices[n_pcn + 1:n_pcn + 4] or sys_.practices[1:4])]
        dpc = sys_.officers[0]
        ned_seats("pccc", 2, "chair")
        seats("pccc", [(sys_.cfo, "member"), (dpc, "member"), (la_pm, "member")]
              + [(g, "member") for g in gps])
        healthwatch = self.person(sys_)
        if sys_.vcse:
            self.employ(sys_, healthwatch, "officer", sys_.vcse[0])
        self.seat(sys_, sys_.bodies["pccc"], healthwatch, "attendee", votes=False)
        ned_seats("pcc_sub", 3, "member")
        seats("pcc_sub", [(dpc, "chair"), (sys_.officers[1], "member"), (gps[0], "member")])
        ned_seats("quality", 3, "chair")
        seats("quality", [(execs[2], "member"), (execs[3], "member")]
              + [(sys_.trust_ceo[t], "member") for t in sys_.trusts[1:3]])
        ned_seats("audit", 0, "chair")
        ned_seats("audit", 1, "member")
        ned_seats("audit", 2, "member")
        for pid, start, end in chairs:
            self.seat(sys_, sys_.bodies["remco"], pid, "chair", start=start, end=end)
        ned_seats("remco", 0, "member")
        ned_seats("remco", 3, "member")
        # seats on joint bodies name the organisation each member sits for
        jc, icp, cic = sys_.bodies["jc"], sys_.bodies["icp"], sys_.bodies["cic"]
        for pid, role in ((chair, "chair"), (sys_.ceo, "member")):
            self.seat(sys_, jc, pid, role, organisation=icb)
            self.seat(sys_, icp, pid, role, organisation=icb)
        for t in sys_.trusts[:4]:
            self.seat(sys_, jc, sys_.trust_ceo[t], "member", organisation=t)
        for la in sys_.las:
            self.seat(sys_, icp, sys_.org_people[la][0], "member", organisation=la)
        if sys_.vcse:
            self.seat(sys_, icp, healthwatch, "member")  # in attendance for Healthwatch: sits for none
        for t in sys_.trusts:
            self.seat(sys_, cic, sys_.trust_ceo[t], "member", organisation=t)

    # ------------------------------------------------------------------ registers of interests

    def registers(self, sys_: System) -> None:
        """What members declare: directorships, shareholdings, trusteeships, spouses' interests."""
        r = self.rng
        local_cos = sys_.companies or self.national_companies
        for pid in list(sys_.declarers):
            for _ in range(0 if r.random() < 0.12 else r.randint(1, 4)):  # some have nothing to declare
                x = r.random()
                if x < 0.35:  # shares and directorships: in a group's holding company a third of the time
                    y = r.random()
                    co = r.choice(sys_.holdings if sys_.holdings and y < 0.33 else
                                  local_cos if y < 0.85 else self.national_companies)
                    self.interest(pid, ["financial"], organisation=co,
                                  description=r.choice(("Shareholding", "Non-executive director",
                                                        "Consultancy work", "Director")))
                elif x < 0.55 and sys_.vcse:
                    self.interest(pid, ["non_financial_personal"], organisation=r.choice(sys_.vcse),
                                  description=r.choice(("Trustee", "Volunteer", "Patron")))
                elif x < 0.75:
                    self.interest(pid, ["non_financial_professional"],
                                  subject=r.choice(SUBJECTS), description="Member")
                elif x < 0.85:
                    self.interest(pid, ["non_financial_professional"],
                                  organisation=r.choice(sys_.trusts),
                                  description="Honorary clinical contract")
                else:
                    self.interest(pid, ["financial"], organisation=r.choice(sys_.practices),
                                  description="Sessional GP")
            # spouses and business partners: the associate's interests are indirect ones
            if r.random() < 0.3:
                spouse = self.person(sys_)
                rel = r.choice(("wife", "husband", "partner"))
                self.t.add("associations", person=pid, associate=spouse, kind="spouse_partner",
                           relationship=rel, start=self.date_between(dt.date(1990, 1, 1),
                                                                     dt.date(2020, 1, 1)))
                y = r.random()
                types = ["financial"]
                if y < 0.4:
                    where = r.choice(local_cos)
                    self.employ(sys_, spouse, "director", where)
                elif y < 0.6:
                    where = r.choice(sys_.trusts)
                    self.employ(sys_, spouse, "employee", where)
                elif y < 0.75:
                    where = r.choice(sys_.practices)
                    self.employ(sys_, spouse, "gp_partner", where)
                elif y < 0.85:  # a governor or non-executive of a trust: a seat on its body
                    where = r.choice(sys_.trusts)
                    cog = sys_.bodies.get(f"cog:{where}")
                    if cog:
                        self.seat(sys_, cog, spouse, "governor")
                    else:
                        self.seat(sys_, sys_.trust_board[where], spouse, "non_executive_director",
                                  independent=True)
                    types = ["non_financial_personal"]
                else:  # a director of a group's holding company
                    where = r.choice(sys_.holdings or local_cos)
                    self.employ(sys_, spouse, "director", where)
                if r.random() < 0.7:  # most are declared as indirect interests
                    self.interest(pid, types, organisation=where, associate=spouse,
                                  relationship=rel, description=f"My {rel} works there")
            elif r.random() < 0.05 and sys_.declarers:
                other = r.choice(sys_.declarers)
                if other != pid:
                    self.t.add("associations", person=pid, associate=other,
                               kind="business_partner", relationship="business partner")

    def fill_people(self) -> None:
        """People beyond the posts above (staff, associates) until the tier's head count."""
        r, systems = self.rng, self.systems
        k = 0
        while self.n_people < self.tier.people:
            sys_ = systems[k % len(systems)]
            k += 1
            pid = self.person(sys_)
            x = r.random()
            if x < 0.4:
                self.employ(sys_, pid, "employee", r.choice(sys_.trusts))
            elif x < 0.6:
                self.employ(sys_, pid, "employee", r.choice(sys_.practices))
            elif x < 0.75 and sys_.companies:
                self.employ(sys_, pid, "employee", r.choice(sys_.companies))
            elif x < 0.85 and sys_.vcse:
                self.employ(sys_, pid, "volunteer", r.choice(sys_.vcse))
            else:
                self.employ(sys_, pid, "employee", sys_.icb)
                sys_.officers.append(pid)

    def fill_interests(self) -> None:
        """More register entries, spread over everyone, until the tier's count."""
        r, systems = self.rng, self.systems
        while self.n_interests < self.tier.interests:
            sys_ = r.choice(systems)
            pid = r.choice(sys_.people)
            x = r.random()
            if x < 0.4:
                self.interest(pid, ["financial"], organisation=r.choice(
                    sys_.companies or self.national_companies), description="Shareholding",
                    history=self.n_interests < self.tier.interests - 1)
            elif x < 0.6 and sys_.vcse:
                self.interest(pid, ["non_financial_personal"], organisation=r.choice(sys_.vcse),
                              description="Volunteer", history=self.n_interests < self.tier.interests - 1)
            elif x < 0.8:
                self.interest(pid, ["non_financial_professional"], subject=r.choice(SUBJECTS),
                              description="Member", history=self.n_interests < self.tier.interests - 1)
            else:
                self.interest(pid, ["non_financial_professional"],
                              organisation=r.choice(sys_.trusts + sys_.practices),
                              description="Clinical sessions",
                              history=self.n_interests < self.tier.interests - 1)

    def nil_returns(self) -> None:
        """Annual declarations of members with nothing to declare, each April of the window."""
        r = self.rng
        for sys_ in self.systems:
            for pid in sys_.declarers:
                if pid in self.person_interests:
                    continue
                for year in range(self.tier.years):
                    if r.random() < 0.8:
                        self.t.add("nil_returns", person=pid,
                                   date=_years_after(START, year) + dt.timedelta(days=r.randrange(30)))

    # ------------------------------------------------------------------ delegation

    def delegations(self, sys_: System) -> None:
        """The ICB's scheme of delegation, with a few links that have lapsed or are missing."""
        r, b = self.rng, sys_.bodies
        s = sys_.n
        board = b["board"]
        plan = (
            ("finance", ("contract_award", "investment"), 5_000_000.0, True),
            ("pccc", ("contract_award.primary_care", "allocation.pcn", "investment.capital"),
             10_000_000.0, True),
            ("quality", ("quality",), None, False),
            ("audit", ("audit",), None, False),
            ("remco", ("remuneration",), None, False),
            ("jc", ("reconfiguration", "contract_award.acute"), 25_000_000.0, False),
            ("icp", ("strategy",), None, False),
        )
        for key, matters, limit, sub in plan:
            did = f"del{s:02d}-{key}"
            end = None
            if r.random() < 0.08:  # a delegation that lapsed mid-window and was not renewed
                end = self.date_between(START + dt.timedelta(days=150), self.end - dt.timedelta(days=150))
            self.t.add("delegations", id=did, from_body=board, to_body=b[key], matters=list(matters),
                       limit=limit, instrument=f"ICB SoRD section {len(sys_.delegations) + 2}",
                       statutory_basis="s65Z5 NHS Act 2006" if key == "jc" else None,
                       sub_delegation_allowed=sub, start=dt.date(2022, 7, 1), end=end)
            sys_.delegations[b[key]] = (did, limit, matters, end)
        did = f"del{s:02d}-pcsub"
        self.t.add("delegations", id=did, from_body=b["pccc"], to_body=b["pcc_sub"],
                   matters=["contract_award.primary_care"], limit=1_000_000.0, parent=f"del{s:02d}-pccc",
                   instrument="PCCC terms of reference 5.1", start=dt.date(2022, 7, 1))
        sys_.delegations[b["pcc_sub"]] = (did, 1_000_000.0, ("contract_award.primary_care",), None)
        for t in sys_.trusts[:4]:  # trusts delegate to the joint committee under s65Z5
            self.t.add("delegations", id=f"del{s:02d}-jc-{t}", from_body=sys_.trust_board[t],
                       to_body=b["jc"], matters=["reconfiguration"], statutory_basis="s65Z5 NHS Act 2006",
                       instrument="Joint committee agreement", start=dt.date(2023, 4, 1))
        for person, key, limit in ((sys_.ceo, "ceo", 1_000_000.0), (sys_.cfo, "cfo", 500_000.0)):
            did = f"del{s:02d}-{key}"
            self.t.add("delegations", id=did, from_body=board, to_person=person,
                       matters=["contract_award", "investment.revenue"], limit=limit,
                       instrument="Standing financial instructions 3.2", start=dt.date(2022, 7, 1))
            sys_.delegations[person] = (did, limit, ("contract_award", "investment.revenue"), None)
        for tid in sys_.trusts:
            self.t.add("delegations", id=f"del-{tid}-audit", from_body=sys_.trust_board[tid],
                       to_body=b[f"ta:{tid}"], matters=["audit"], instrument="Trust SoRD 4",
                       start=dt.date(2020, 4, 1))
        for m in ("strategy", "annual_plan", "reconfiguration"):
            self.t.add("reserved_matters", body=board, matter=m, instrument="ICB SoRD section 1")

    # ------------------------------------------------------------------ meetings

    def meetings(self, sys_: System, first: dt.date, last: dt.date) -> None:
        """Every body's meetings from ``first`` to ``last`` at its cadence, with full agendas."""
        r = self.rng
        days = (last - first).days + 1
        for body in sys_.body_order:
            count = max(1, round(sys_.rate[body] * days / 365.25))
            for j in range(count):
                offset = int((j + 0.5) * days / count) + r.randint(-4, 4)
                self.meeting(sys_, body, first + dt.timedelta(days=min(days - 1, max(0, offset))))

    def meeting(self, sys_: System, body: str, date: dt.date) -> None:
        r = self.rng
        self.n_meetings += 1
        mid = f"{body}-{date.isoformat()}"
        key = sys_.body_key[body]
        public = key in ("board", "tb") and r.random() < 0.8
        self.t.add("meetings", id=mid, body=body, date=date,
                   title=f"{body} meeting, {MONTHS[date.month - 1]} {date.year}", public=public)
        # attendance: members in post on the day, plus officers in attendance
        seen: list[str] = []
        for seat in sys_.members[body]:
            if seat.person in seen or not seat.on(date, ignore_start=self.in_history):
                continue
            seen.append(seat.person)
            x = r.random()
            if x < 0.85 or not seat.votes:
                self.t.add("attendance", meeting=mid, person=seat.person,
                           status="present" if seat.votes else "in_attendance")
            elif x < 0.95:
                self.t.add("attendance", meeting=mid, person=seat.person, status="apologies")
            else:
                self.t.add("attendance", meeting=mid, person=seat.person, status="apologies")
                deputy = r.choice(sys_.officers)
                if deputy not in seen:
                    seen.append(deputy)
                    self.t.add("attendance", meeting=mid, person=deputy, status="deputising",
                               deputising_for=seat.person)
        for _ in range(2):
            o = r.choice(sys_.officers)
            if o not in seen:
                seen.append(o)
                self.t.add("attendance", meeting=mid, person=o, status="in_attendance")
        self.agenda(sys_, body, mid, date)

    def agenda(self, sys_: System, body: str, mid: str, date: dt.date) -> None:
        r = self.rng
        key = sys_.body_key[body]
        lo, hi = ITEMS.get(key, ITEMS["committee"])
        n = r.randint(lo, hi)
        items: list[Item] = [
            ("Welcome and apologies", "information", None, None, []),
            ("Declarations of interest", "information", None, None, []),
            ("Minutes of the previous meeting", "decision", None, None, [])]
        trust = next((t for t, tb in sys_.trust_board.items() if tb == body), None) if key == "tb" else (
            body.rsplit("-", 1)[0] if key in ("ta", "cog") else None)
        while len(items) < n - 1:
            items.append(self.substantive(sys_, key, trust))
        if r.random() < SELF_ITEM.get(key, 0.0):  # an item about the members themselves
            items.insert(r.randint(3, len(items)), self.self_item(sys_, key, trust))
        items.append(("Any other business", "information", None, None, []))
        for k, (title, kind, matter, value, affected) in enumerate(items, start=1):
            self.n_items += 1
            iid = f"it{self.n_items:06d}"
            confidential = kind == "decision" and matter is not None and r.random() < 0.15
            summary = None
            if affected:
                names = ", ".join(o for o, _ in affected[:3])
                summary = f"Paper on {title.lower()} (organisations: {names})."
            self.t.add("agenda_items", id=iid, meeting=mid, number=str(k), title=title,
                       summary=summary, kind=kind, confidential=confidential or None,
                       value=value, matter=matter)
            done: list[str] = []
            for org, effect in affected:
                if org in done:
                    continue
                done.append(org)
                self.t.add("affected_organisations", item=iid, organisation=org, effect=effect)
            if kind == "decision" and matter is not None and not self.in_history:
                self.decision(sys_, body, iid, date, matter, value, affected)

    @staticmethod
    def self_item(sys_: System, key: str, trust: str | None) -> Item:
        """An item about the members themselves: their pay, posts or body."""
        if key == "remco":
            return ("Executive pay review", "decision", "remuneration", None, [(sys_.icb, "self")])
        if key == "cog" and trust:
            return ("Chair and non-executive remuneration", "decision", None, None, [(trust, "self")])
        if key == "tb" and trust:
            return ("Board committee membership and terms of reference", "decision", None, None,
                    [(trust, "self")])
        return ("Board and committee membership", "decision", None, None, [(sys_.icb, "self")])

    def supplier(self, sys_: System) -> str:
        """A company that wins work: an operating company of a group half the time."""
        r = self.rng
        if sys_.group_ops and r.random() < 0.5:
            return r.choice(sys_.group_ops)
        return r.choice((sys_.companies or self.national_companies) + self.national_companies[:5])

    def substantive(self, sys_: System, key: str, trust: str | None) -> Item:
        """One agenda item of the kind the body deals with, and the organisations it affects."""
        r = self.rng
        money = lambda lo, hi: float(round(10 ** r.uniform(lo, hi), -3))  # noqa: E731
        x = r.random()
        if key == "tb" and trust is not None:  # a trust board
            sub = sys_.subco.get(trust)
            jvs = [(jv, js) for jv, parents, js in sys_.jvs if trust in parents]
            if x < 0.12:  # the trust's own investment: no interest (its own board)
                return ("Business case: ward refurbishment", "decision", "investment.capital",
                        money(5, 7), [(trust, "investment")])
            if x < 0.27:
                return ("Subcontract award: outpatient services", "decision",
                        "contract_award.support", money(4.5, 6.5), [(self.supplier(sys_), "award")])
            if x < 0.33 and sub:
                target = sys_.subsub.get(sub) if r.random() < 0.4 else None
                return ("Subsidiary company: estates and facilities contract", "decision",
                        "contract_award.support", money(5, 7), [(target or sub, "award")])
            if x < 0.39 and jvs:
                jv, js = r.choice(jvs)
                return ("Joint venture business plan", "decision", "investment.revenue", money(5, 6.5),
                        [(js if js and r.random() < 0.5 else jv, "investment")])
            if x < 0.52:
                return ("ICB system financial plan", "discussion", None, None,
                        [(sys_.icb, "system_wide"), (trust, "system_wide")])
            if x < 0.57:
                return ("Provider collaborative: elective recovery plan", "discussion", None, None,
                        [(sys_.collaborative, "reconfiguration")])
            return (r.choice(("Integrated performance report", "Quality report", "People report",
                              "Board assurance framework")), "assurance", None, None,
                    [(trust, "information")])
        if key == "ta":
            sub = sys_.subco.get(trust or "")
            if sub and x < 0.2:
                return ("Subsidiary company accounts", "assurance", None, None, [(sub, "information")])
            return (r.choice(("Internal audit progress report", "External audit plan",
                              "Counter fraud report", "Losses and special payments")),
                    "assurance", None, None, [])
        if key == "cog":
            return (r.choice(("Governor elections", "Annual report and accounts",
                              "Membership engagement", "Non-executive appraisals")),
                    "information", None, None, [(trust, "information")] if trust and x < 0.5 else [])
        if key in ("board", "finance", "jc") and x < 0.15:
            t = r.choice(sys_.trusts)
            return ("Investment case: elective hub", "decision", "investment.capital",
                    money(6, 7.5), [(t, "investment")])
        if key in ("board", "finance") and x < 0.35:
            return ("Contract award: community diagnostics", "decision", "contract_award.community",
                    money(5, 7), [(self.supplier(sys_), "award")])
        if key in ("board", "finance", "jc", "cic") and x < 0.45 and sys_.jvs:
            jv, _parents, js = r.choice(sys_.jvs)
            return ("Pathology network contract", "decision" if key != "cic" else "discussion",
                    "contract_award.acute" if key != "cic" else None, money(6, 7.3),
                    [(js if js and r.random() < 0.5 else jv, "award")])
        if key in ("board", "finance") and x < 0.5 and sys_.subco:  # trusts' companies bid too
            subs = [x for t in sys_.trusts if t in sys_.subco for x in (sys_.subco[t], sys_.subsub.get(
                sys_.subco[t])) if x]
            return ("Contract award: outpatient pharmacy", "decision", "contract_award.support",
                    money(5, 6.5), [(r.choice(subs), "award")])
        if key == "finance" and x < 0.55 and sys_.hosted:
            return ("Shared business services agreement", "decision", "contract_award.support",
                    money(5, 6.5), [(sys_.hosted[0], "award")])
        if key in ("board", "jc") and x < 0.6:
            ts = r.sample(sys_.trusts, min(len(sys_.trusts), r.randint(2, 3)))
            return ("Reconfiguration of stroke services", "decision", "reconfiguration", None,
                    [(t, "reconfiguration") for t in ts])
        if key in ("board", "icp") and x < 0.72:
            return ("System financial plan and allocations", "decision" if key == "board"
                    else "discussion", "annual_plan" if key == "board" else None, None,
                    [(sys_.icb, "system_wide")] + [(t, "system_wide") for t in sys_.trusts]
                    + [(pl, "allocation") for pl in sys_.places])
        if key == "icp" and x < 0.86 and sys_.latcos:
            la = r.choice(sorted(sys_.latcos))
            return ("Reablement and home care service", "discussion", None, money(5, 6.8),
                    [(sys_.latcos[la], "award")])
        if key in ("pccc", "pcc_sub"):
            if x < 0.3:
                pcns = r.sample(sys_.pcns, min(len(sys_.pcns), r.randint(1, 4)))
                return ("PCN additional roles allocation", "decision", "allocation.pcn",
                        money(5, 6.3), [(p, "allocation") for p in pcns])
            if x < 0.5:
                prac = r.choice(sys_.corporate_practices if sys_.corporate_practices and
                                r.random() < 0.4 else sys_.practices)
                return ("APMS contract award", "decision", "contract_award.primary_care",
                        money(5, 6.5), [(prac, "award")])
            if x < 0.65 and sys_.federations:
                fed = r.choice(sys_.federations + sys_.federation_subs)
                return ("Extended access service contract", "decision", "contract_award.primary_care",
                        money(5, 6.5), [(fed, "award")])
            if x < 0.8:
                pr = r.sample(sys_.practices, 2)
                return ("Practice merger application", "decision", "contract_award.primary_care",
                        None, [(p, "reconfiguration") for p in pr])
            prac = r.choice(sys_.practices)
            return ("Estates improvement grant", "decision", "investment.capital", money(4.5, 5.8),
                    [(prac, "investment")])
        if key == "cic":
            ts = r.sample(sys_.trusts, min(len(sys_.trusts), 3))
            return ("Shared pathology service", "discussion", None, None,
                    [(t, "reconfiguration") for t in ts])
        if key == "quality":
            t = r.choice(sys_.trusts)
            return ("Maternity services assurance", "assurance", None, None, [(t, "information")])
        if key == "audit":
            return ("Internal audit progress report", "assurance", None, None, [])
        if key == "remco":
            return ("Pay benchmarking report", "information", None, None, [])
        if x < 0.85 and sys_.vcse:
            v = r.choice(sys_.vcse)
            return ("Grant to voluntary sector partner", "decision", "contract_award.community",
                    money(4, 5.5), [(v, "award")])
        return (r.choice(("Chief executive's report", "Risk register", "Performance report")),
                "information", None, None, [])

    def decision(self, sys_: System, body: str, item: str, date: dt.date, matter: str,
                 value: float | None, affected: list[tuple[str, str]]) -> None:
        self.n_dec += 1
        deleg = sys_.delegations.get(body)
        self.t.add("decisions", id=f"dec{self.n_dec:06d}", matter=matter, by_body=body, date=date,
                   value=value, item=item, delegation=deleg[0] if deleg and
                   self._covers(deleg[2], matter) else None,
                   description=f"Approved: {matter.replace('_', ' ')}"
                   + (f" ({affected[0][0]})" if affected else ""))

    @staticmethod
    def _covers(matters: Sequence[str], matter: str) -> bool:
        return any(matter == m or matter.startswith(m + ".") for m in matters)

    def officer_decisions(self, sys_: System) -> None:
        """Decisions taken by officers under delegated limits (a few over them)."""
        r = self.rng
        for _ in range(4 * self.tier.years):
            person = sys_.ceo if r.random() < 0.5 else sys_.cfo
            did, limit, _matters, _end = sys_.delegations[person]
            value = float(round(r.uniform(0.05, 1.1) * (limit or 1e6), -3))
            co = r.choice(sys_.companies or self.national_companies)
            self.n_dec += 1
            self.t.add("decisions", id=f"dec{self.n_dec:06d}", matter="contract_award.support",
                       by_person=person, date=self.date_between(START, self.end),
                       value=value, on_behalf_of=[sys_.icb], delegation=did,
                       description=f"Single tender waiver ({co})")


# --------------------------------------------------------------------------- Companies House


def companies_house(gen: Generator, folder: Path, progress: Any = None) -> dict[str, int]:
    """Write the Companies House-like extension as extra ``*-ch*.csv`` files.

    Officers' appointment counts follow a Pareto law (alpha 1.2): most hold
    one or two, formation agents hold thousands.  A share of the governance
    people (``ch_director_share``) are directors of such companies, and some
    of those companies belong to, or contract with, organisations of the
    governance graph, so a member's directorship can reach an agenda item.
    """
    tier, r = gen.tier, gen.rng
    nc, no = tier.ch_companies, tier.ch_officers
    counts: dict[str, int] = {}
    # companies
    incorporated = [dt.date(1980, 1, 1) + dt.timedelta(days=r.randrange(16_000)) for _ in range(nc)]
    counts["organisations"] = write_csv(
        folder / "organisations-ch.csv", ("id", "name", "kind", "start"),
        ([f"ch{i:07d}", _ch_name(i), "company", incorporated[i].isoformat()] for i in range(nc)))
    if progress:
        progress("companies written")
    # officers
    def officer_rows() -> Iterable[list[str]]:
        for i in range(no):
            name = f"{r.choice(LAST).upper()}, {r.choice(FIRST)} {r.choice('ABCDEFGHJKLMNPRSTW')}"
            yield [f"off{i:07d}", name]

    counts["people"] = write_csv(folder / "people-ch.csv", ("id", "name"), officer_rows())
    if progress:
        progress("officers written")
    # officer degrees: Pareto, rescaled to the tier's total, formation agents at the top
    raw = [(1.0 - r.random()) ** (-1 / 1.2) for _ in range(no)]
    raw = [x if x < 1_500.0 else 1_500.0 + r.random() * 1_500.0 for x in raw]
    scale = tier.ch_appointments / sum(raw)
    degree = [max(1, int(x * scale + r.random())) for x in raw]
    for _ in range(25):  # make sure the tail is there whatever the draw: agents with 1,000+
        degree[r.randrange(no)] = 1_000 + r.randrange(3_000)
    # directors among the governance people: board and committee members hold directorships
    # more often than most (30% of them), the rest drawn from everyone
    gov_people = [f"p{i:06d}" for i in range(1, gen.n_people + 1)]
    n_gov = int(len(gov_people) * tier.ch_director_share)
    members = list(dict.fromkeys(p for s in gen.systems for p in s.declarers))
    gov_directors = r.sample(members, min(n_gov, int(0.3 * len(members))))
    chosen = set(gov_directors)
    gov_directors += r.sample([p for p in gov_people if p not in chosen], n_gov - len(gov_directors))
    home = {p: k for k, s in enumerate(gen.systems) for p in s.people}
    # companies that won awards on the systems' agendas (groups own the suppliers that win work)
    awarded: dict[int, list[str]] = {}
    for row in gen.t.rows["affected_organisations"]:
        org, effect = row[1], row[2]
        if effect == "award" and org in gen.company_home:
            lst = awarded.setdefault(gen.company_home[org], [])
            if org not in lst[-50:]:
                lst.append(org)
    # the bridge: some companies own a company of one of the systems, or serve its trusts;
    # a governance director's companies lean towards those bridging into their own system
    linked = sorted(r.sample(range(nc), max(1, tier.ch_group_links // 20)))
    bridges: list[tuple[int, str, str]] = []  # (company, kind, governance organisation)
    by_system: dict[int, list[int]] = {}
    for c in linked:
        k = r.randrange(len(gen.systems))
        if r.random() < 0.6:
            won = awarded.get(k)
            target = r.choice(won) if won and r.random() < 0.5 else r.choice(
                gen.systems[k].companies or gen.national_companies)
            bridges.append((c, "owns", target))
            by_system.setdefault(k, []).append(c)
        else:
            bridges.append((c, "contracts_with", r.choice(gen.systems[k].trusts)))
    end_day = gen.end

    def appointment(i: int, person: str, company: int) -> list[str]:
        inc = incorporated[company]
        start = inc + dt.timedelta(days=r.randrange(max(1, (end_day - inc).days)))
        end = ""
        if r.random() < 0.45:
            end = (start + dt.timedelta(days=r.randrange(30, 5_000))).isoformat()
        role = "director" if r.random() < 0.92 else "officer"
        return [f"chap{i:08d}", person, role, f"ch{company:07d}", start.isoformat(), end]

    def appointments() -> Iterable[list[str]]:
        i = 0
        for o in range(no):
            person = f"off{o:07d}"
            for _ in range(degree[o]):
                # companies drawn with a skew: a few have many officers, most a handful
                yield appointment(i, person, int(nc * r.random() ** 1.3))
                i += 1
        for person in gov_directors:
            near = by_system.get(home.get(person, -1))
            for _ in range(r.randint(1, 4)):
                company = r.choice(near) if near and r.random() < 0.6 else r.randrange(nc)
                row = appointment(i, person, company)
                if r.random() < 0.7:  # most declare it on the register; the rest are for audit to find
                    declared.append([f"chint{len(declared) + 1:07d}", person, row[3], "", "financial", "",
                                     "", "", "Director (Companies House)", row[4], row[4], row[5]])
                yield row
                i += 1

    declared: list[list[str]] = []
    part, n_app, rows = 1, 0, []
    for row in appointments():
        rows.append(row)
        if len(rows) == CH_FILE_ROWS:
            n_app += write_csv(folder / f"positions-ch{part:02d}.csv", CH_POSITION_COLUMNS, rows)
            part, rows = part + 1, []
            if progress:
                progress(f"{n_app:,} appointments written")
    if rows:
        n_app += write_csv(folder / f"positions-ch{part:02d}.csv", CH_POSITION_COLUMNS, rows)
    counts["positions"] = n_app
    counts["interests"] = write_csv(folder / "interests-ch.csv", COLUMNS["interests"], declared)
    # group structure: the bridges, then subsidiaries (a few parents own thousands)

    def relations() -> Iterable[list[str]]:
        i = 0
        for c, kind, target in bridges:
            i += 1
            yield [f"chrel{i:07d}", f"ch{c:07d}", kind, target,
                   "2022-04-01" if kind == "contracts_with" else "", ""]
        while i < tier.ch_group_links:
            i += 1
            child = r.randrange(nc)
            parent = int(nc * r.random() ** 3)  # heavy-tailed parents
            if parent == child:
                continue
            if parent > child:  # parents have lower numbers: no ownership cycles
                child, parent = parent, child
            yield [f"chrel{i:07d}", f"ch{child:07d}", "subsidiary_of", f"ch{parent:07d}", "", ""]

    counts["org_relations"] = write_csv(folder / "org_relations-ch.csv", COLUMNS["org_relations"],
                                        relations())
    # spouses of members who are directors, and what members declare of their directorships
    gov_members = [p for s in gen.systems for p in s.declarers]
    assoc = []
    for k, person in enumerate(r.sample(gov_members, len(gov_members) // 30)):
        assoc.append([person, f"off{(k * 7_919) % no:07d}", "spouse_partner", "spouse", "", ""])
    counts["associations"] = write_csv(folder / "associations-ch.csv", COLUMNS["associations"], assoc)
    return counts


# --------------------------------------------------------------------------- entry points


def _stamp(seed: int, history: int) -> str:
    return f"version {VERSION}, seed {seed}" + (f", history {history}" if history > 1 else "") + "\n"


def generate(tier: str | Tier, folder: str | Path, *, seed: int = 1, history: int = 1,
             progress: Any = None) -> dict[str, int]:
    """Write tier ``tier`` with ``seed`` into ``folder`` (created); returns rows per file.

    ``history`` multiplies the years of meetings (the extra ones come before the
    window; see the module doc).  The folder gets a ``README.md`` (which the
    loader ignores) naming the tier, seed, history and generator version; it is
    written last, so its presence marks a complete folder.
    """
    spec = TIERS[tier] if isinstance(tier, str) else tier
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / "README.md"
    if readme.exists():
        readme.unlink()
    for old in sorted(folder.glob("*.csv")):  # files of an earlier run (another version or tier)
        if old.name.split(".")[0].split("-")[0] in COLUMNS:
            old.unlink()
    gen = Generator(spec, seed, history)
    tables = gen.run()
    tables.write(folder)
    counts = {f"{t}.csv": len(rows) for t, rows in tables.rows.items() if rows}
    if progress:
        progress("governance tables written")
    if spec.ch_companies:
        counts.update({f"{k}-ch*.csv": v for k, v in companies_house(gen, folder, progress).items()})
    window = f"{START.isoformat()} to {gen.end.isoformat()}"
    lines = [f"# Synthetic dataset: tier '{spec.name}' ({spec.description})", "",
             f"generator: bench.generate {_stamp(seed, history)}",
             f"meetings: {window}" + (f", and {history - 1}x as many years before it"
                                      if history > 1 else ""), "",
             "Made by `python -m bench.generate`; every name and record is invented.", "",
             "| file | rows |", "|---|---|"]
    lines += [f"| {k} | {v:,} |" for k, v in counts.items()]
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def is_complete(folder: str | Path, tier: str, seed: int, history: int = 1) -> bool:
    """True if ``folder`` holds a finished dataset of this tier, seed, history and generator version."""
    readme = Path(folder) / "README.md"
    if not readme.exists():
        return False
    text = readme.read_text(encoding="utf-8")
    return (f"tier '{tier}'" in text) and (f"generator: bench.generate {_stamp(seed, history)}" in text)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Write a synthetic governance dataset (CSV folder) at a named size.",
        epilog="Example: python -m bench.generate ics /tmp/ics --seed 1",
    )
    ap.add_argument("tier", choices=sorted(TIERS), help="size: " + "; ".join(
        f"{k}: {v.description}" for k, v in TIERS.items()))
    ap.add_argument("outdir", type=Path, help="folder to write (created if missing)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--history", type=int, default=1,
                    help="years of meetings times this (the same people and organisations; the "
                         "extra meetings come before the window, which is unchanged; default 1)")
    args = ap.parse_args(argv)
    if args.history < 1:
        ap.error("--history must be at least 1")
    t0 = time.perf_counter()

    def progress(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", file=sys.stderr)

    counts = generate(args.tier, args.outdir, seed=args.seed, history=args.history, progress=progress)
    total = sum(counts.values())
    print(f"wrote {total:,} rows in {len(counts)} tables to {args.outdir} "
          f"({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
