"""Facts the policy judges about an interest path, and the words a board reads about them.

Screening (:mod:`coigraph.screening`) asks, for each interest path on an item:

* **whose** interest it is (:func:`holder_of`): the member's own, a close
  associate's (a spouse, civil partner, cohabitee or business partner, whose
  financial interest the bundled policy treats as the member's own) or another
  associate's (a relative, a friend: declared, for the chair to judge);
* whether the organisation itself **receives the money** the item decides
  (:func:`receives_money`): an award or an investment does; an allocation does
  unless its share is set by a formula applied alike to every organisation
  (``affected_organisations.formula``); blank is "unknown", never a yes;
* for an item about members themselves, **whom it concerns**
  (:func:`concerned_people`, from ``agenda_items.concerns``) and where such an
  item belongs (:func:`pay_advice`);
* for a councillor, whether the Localism Act 2011 regime applies at this
  meeting (:func:`councillor_note`);

and writes the registered interest in words for the declarations log
(:func:`interest_words`).
"""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx

from coigraph import ids, index, views
from coigraph.graph import node_name as _name
from coigraph.model import EXEC_ROLES, NED_ROLES, Effect, OrgKind, Position
from coigraph.paths import InterestPath, type_words
from coigraph.policy import Holder, Receives, with_article
from coigraph.quorum import RollEntry
from coigraph.words import humanise

#: Words in a register entry's ``relationship`` that make the associate a close one (treated as
#: the member's own by default): spouse, civil partner, cohabitee, business partner.
CLOSE_WORDS = re.compile(r"\b(wife|husband|spouse|civil partner|partner|cohabit\w*|fianc\w*|"
                         r"business partner)\b", re.IGNORECASE)
#: First words of a register description that name a role ("Chair of the ... Board"): the
#: declarations log then reads "an interest as chair of the ... Board".
ROLE_WORDS = {"chair", "vice-chair", "member", "trustee", "director", "governor", "volunteer",
              "employee", "adviser", "advisor", "shareholder", "patron", "lead", "deputy", "honorary",
              "non-executive", "executive", "owner", "consultant", "secretary", "treasurer", "president"}
#: Association kinds whose interests are treated as the member's own by default.
CLOSE_KINDS = {"spouse_partner", "business_partner"}


def holder_of(G: nx.MultiDiGraph, path: InterestPath) -> Holder:
    """Whose interest ``path`` carries: the member's own, a close associate's or another's.

    An association record says how close (spouse or partner and business partner are close);
    an indirect register entry without one is judged by its ``relationship`` words; an
    associate whose relationship is not stated is not assumed close.
    """
    if not path.indirect:
        return "own"
    first = path.edges[0] if path.edges else None
    if first is not None and first.type == "association":
        u, v = (first.target, first.source) if first.reversed else (first.source, first.target)
        if G.has_edge(u, v, first.key):
            kind = views.association(G.edges[u, v, first.key]).kind
            if kind is not None:
                return "close_associate" if str(kind) in CLOSE_KINDS else "other_associate"
    if path.associate:
        for a, b in ((path.person, path.associate), (path.associate, path.person)):
            for w, _, attrs in index.of(G).out_edges(a, "association"):  # not the history
                link = views.association(attrs)
                if w == b and link.kind is not None:
                    return "close_associate" if str(link.kind) in CLOSE_KINDS else "other_associate"
    rel = path.relationship or ""
    return "close_associate" if CLOSE_WORDS.search(rel) else "other_associate"


def receives_money(effect: Effect, formula: bool | None, guessed: bool = False) -> Receives:
    """Does the organisation itself receive the money the item decides for it (``effect`` on it;
    ``formula``: its share set by a formula applied alike to every organisation; ``guessed``: the
    effect is only a guess from the item's wording)?"""
    if effect in (Effect.award, Effect.investment):
        return "yes"
    if effect == Effect.allocation:
        if formula is None or guessed:
            return "unknown"
        return "no" if formula else "yes"
    return "no"


def interest_words(G: nx.MultiDiGraph, path: InterestPath) -> str:
    """The registered interest (or the post) a path rests on, in words, with its article:
    'a non-financial professional interest as member of the Acute Provider Collaborative board',
    'an indirect financial interest (through her husband, Vikram Raman) in Corvale Digital Ltd',
    'a post as chief executive at Northshire Hospitals NHS Foundation Trust'."""
    carrier = next((e for e in path.edges if e.key == path.carrier_key), None)
    where = _name(G, carrier.target) if carrier is not None else ""
    through = ""
    if path.indirect:
        who = _name(G, path.associate) if path.associate else None
        rel = path.relationship
        through = (f" (through their {rel}" + (f", {who}" if who else "") + ")" if rel
                   else f" (through {who})" if who else " (held by an associate)")
    if path.carrier == "interest" and carrier is not None:
        u, v = (carrier.target, carrier.source) if carrier.reversed else (carrier.source, carrier.target)
        entry = views.interest(G.edges[u, v, carrier.key]) if G.has_edge(u, v, carrier.key) else None
        types = " and ".join(type_words(t) for t in path.interest_types)
        # a register entry without a type (issue 14): say so, never guess one
        kind = ("indirect " if path.indirect else "") + (types + " interest" if types else
                                                         "interest (type not stated)")
        desc = str(entry.description).strip() if entry is not None and entry.description else ""
        text = with_article(kind) + through
        first = desc.split(" ", 1)[0].lower()
        if desc and first in ROLE_WORDS:
            named = where.lower() in desc.lower()
            return text + " as " + first + desc[len(first):] + ("" if named else f" ({where})")
        return text + f" in {where}" + (f" ({desc})" if desc else "")
    role = humanise(path.role or "post")
    return f"a post as {role}{through} {'on' if ids.is_body(carrier.target if carrier else '') else 'at'} {where}"


def concerned_people(G: nx.MultiDiGraph, concerns: list[str], present: list[RollEntry]) -> set[str] | None:
    """The people in the room an item about members themselves concerns (bare person ids).

    ``concerns`` holds person ids and the classes non_executives, executives, all_members
    and chair (roles on the body meeting, read from the roll).  A deputy sits in the seat of
    the member they stand in for, so an item that concerns that member concerns the deputy's
    seat too.  None when not stated.
    """
    if not concerns:
        return None
    out: set[str] = set()
    for c in concerns:
        for e in present:
            roles = set(e.roles)
            if c == "all_members" and (e.member or e.status == "deputising"):
                out.add(e.person)
            elif c == "chair" and "chair" in roles:
                out.add(e.person)
            elif c == "executives" and roles & EXEC_ROLES:
                out.add(e.person)
            elif c == "non_executives" and (roles & NED_ROLES or (e.independent and not roles & EXEC_ROLES)):
                out.add(e.person)
            elif c in (e.person, e.deputising_for):
                out.add(e.person)
    return out


#: The classes an item may concern, in words.
CONCERN_WORDS = {"non_executives": "the non-executive members", "executives": "the executive members",
                 "all_members": "all members", "chair": "the chair"}


def remuneration_committee(G: nx.MultiDiGraph, body: str) -> str | None:
    """The name of a remuneration committee of the same organisation(s), if the data has one."""
    owners = set(views.body(G, body).owners)
    # the bodies of the same organisations, from their owners' edges (no pass over every body)
    idx = index.of(G)
    siblings = sorted({u for o in owners for u, _, _ in idx.in_edges(ids.org(o), "owned_by")})
    for n in siblings:
        b = views.body(G, n)
        if n != body and "remuneration" in str(b.name or "").lower():
            return "the " + str(b.name) if not str(b.name).lower().startswith("the ") else str(b.name)
    return None


def pay_advice(G: nx.MultiDiGraph, body: str, concerns: list[str]) -> str:
    """Where members' own pay is decided, for an item that concerns them (blank: as for all)."""
    every = not concerns or "all_members" in concerns
    text = ""
    if every or "executives" in concerns:
        rem = remuneration_committee(G, body)
        text += (" If it decides pay, executive members' pay is for " + (rem or "the remuneration committee")
                 + ", whose members are non-executives.")
    if every or "non_executives" in concerns or "chair" in concerns:
        text += (" The remuneration of an ICB's chair and non-executive members is set by the Secretary "
                 "of State for Health (NHS England's terms and conditions for chairs and non-executives).")
    return text


def councillor_note(G: nx.MultiDiGraph, person: str, body: str, on: dt.date) -> tuple[str, bool] | None:
    """For a councillor: whether the Localism Act 2011 regime applies at this meeting, in words."""
    # the person's posts from the index: their attendance of every meeting is never walked
    councils = sorted({v for v, pos in ((v, views.as_(Position, a))
                                        for v, _, a in index.of(G).out_edges(person, "position"))
                       if str(pos.role) == "councillor" and pos.in_force(on) and ids.is_org(v)
                       and views.organisation(G, v).kind == OrgKind.local_authority})
    if not councils:
        return None
    owners = {ids.org(o) for o in views.body(G, body).owners}
    mine = [c for c in councils if c in owners]
    if mine:
        # a joint committee with an NHS body (an integrated care partnership, a s75 joint committee):
        # whether it is "a joint committee ... of the authority" for s31(1)(a) could not be checked
        mixed = any(not ids.is_org(o) or views.organisation(G, o).kind != OrgKind.local_authority
                    for o in owners if o in G)
        return (f"As a councillor of {_name(G, mine[0])}, {_name(G, person)} is also bound at this meeting "
                "(of the council, a committee or a joint committee it is party to) by the Localism Act "
                "2011: if this is a disclosable pecuniary interest, s31(4) bars taking part in the "
                "discussion or vote unless a dispensation is granted (s33), and failing to disclose it is "
                "an offence (s34)."
                + (" Whether a joint committee with an NHS body counts as a joint committee of the council "
                   "for s31 could not be checked against the Act: to confirm with the council's monitoring "
                   "officer." if mixed else ""), True)
    return (f"The Localism Act 2011 regime for disclosable pecuniary interests binds {_name(G, person)} at "
            f"meetings of {_name(G, councils[0])}, its committees and joint committees, not at this "
            "meeting, where the body's own conflicts policy applies.", False)


__all__ = ["holder_of", "receives_money", "interest_words", "concerned_people", "councillor_note",
           "pay_advice", "remuneration_committee", "CONCERN_WORDS", "CLOSE_KINDS", "CLOSE_WORDS", "ROLE_WORDS"]
