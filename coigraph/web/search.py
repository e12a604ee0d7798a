"""Search over what the app shows: people (names, aliases, roles), organisations, bodies,
meetings, agenda items and decisions.

The index is built once per loaded dataset (one pass over the graph's nodes
and position edges) and searched by words: every word of the query must
start a word of the entry (``chief exec`` finds "Chief Executive"); an entry
found by its name ranks before one found by a role or a description.

Cost: building is O(nodes + edges); a query is O(entries), about 1 ms for a
system of a few thousand records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from coigraph import ids
from coigraph.graph import bare, node_name
from coigraph.words import humanise

#: Kinds of result, in the order the page lists them, with the words for their heading.
KINDS = {"person": "People", "organisation": "Organisations", "body": "Boards and committees",
         "meeting": "Meetings", "agenda_item": "Agenda items", "decision": "Decisions"}
#: Most results listed per kind (the page says how many more there are).
PER_KIND = 25


def words(text: str) -> list[str]:
    """Lower-case words without accents: 'Chief Executive (NHFT)' -> ['chief', 'executive', 'nhft']."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[0-9a-z]+", text.casefold())


@dataclass
class Entry:
    """One thing that can be found."""

    kind: str
    id: str
    name: str
    detail: str = ""
    name_words: list[str] = field(default_factory=list)
    #: Other texts it may be found by (aliases, roles...), each with the words it has.
    also: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class Hit:
    entry: Entry
    score: int
    matched: list[str]


def _has_all(terms: list[str], ws: Iterable[str]) -> bool:
    ws = list(ws)
    return all(any(w.startswith(t) for w in ws) for t in terms)


class SearchIndex:
    """The searchable entries of one graph."""

    def __init__(self, G: nx.MultiDiGraph):
        self.entries: list[Entry] = []
        roles: dict[str, list[str]] = {}
        for u, v, a in G.edges(data=True):
            if a.get("type") == "position":
                roles.setdefault(u, []).append(self._role_text(G, v, a))
        for n, a in G.nodes(data=True):
            kind = a.get("type")
            if kind not in KINDS:
                continue
            e = self._entry(G, n, a, roles.get(n, []))
            e.name_words = words(e.name)
            self.entries.append(e)
        self.entries.sort(key=lambda e: (list(KINDS).index(e.kind), e.name.casefold(), e.id))

    @staticmethod
    def _role_text(G: nx.MultiDiGraph, where: str, a: dict[str, Any]) -> str:
        place = node_name(G, ids.body(a['body'])) if a.get("body") else node_name(G, where)
        role = humanise(a.get("role", "")).capitalize()
        text = f"{role}, {place}"
        if a.get("description") and words(a["description"]) != words(role):
            text += f" ({a['description']})"
        if a.get("end"):
            text += f", until {a['end'].isoformat()}"
        return text

    @staticmethod
    def _entry(G: nx.MultiDiGraph, n: str, a: dict[str, Any], roles: list[str]) -> Entry:
        kind, ident, name = a["type"], bare(n), node_name(G, n)
        also: list[str] = [ident]
        detail = ""
        if kind == "person":
            also += list(a.get("aliases", [])) + roles
            if a.get("title"):
                name = f"{a['title']} {name}"
            detail = "; ".join(roles[:3]) + (f"; and {len(roles) - 3} more posts" if len(roles) > 3 else "")
        elif kind == "organisation":
            also += list(a.get("aliases", [])) + [humanise(a.get("kind", ""))]
            if a.get("ods_code"):
                also.append(a["ods_code"])
            detail = humanise(a.get("kind", "")).capitalize()
        elif kind == "body":
            owners = [node_name(G, ids.org(o)) for o in a.get("owners", [])]
            also.append(humanise(a.get("kind", "")))
            detail = humanise(a.get("kind", "")).capitalize() + (f" of {', '.join(owners)}" if owners else "")
        elif kind == "meeting":
            body = node_name(G, ids.body(a['body']))
            name = a.get("title") or ident
            also += [body, a["date"].isoformat()]
            detail = f"{body}, {a['date'].isoformat()}"
        elif kind == "agenda_item":
            meeting = G.nodes.get(ids.meeting(a['meeting']), {})
            name = a.get("title") or ident
            also += [a.get("summary") or ""]
            detail = (f"Item {a.get('number')} of {meeting.get('title') or a['meeting']}"
                      + (f", {meeting['date'].isoformat()}" if meeting.get("date") else ""))
        elif kind == "decision":
            matter = node_name(G, ids.matter(a['matter'])) if a.get("matter") else ""
            name = a.get("description") or ident
            also += [matter]
            detail = ", ".join(x for x in (ident, matter, a["date"].isoformat() if a.get("date") else "") if x)
        return Entry(kind, ident, name, detail, also=[(t, words(t)) for t in also if t])

    def search(self, query: str) -> dict[str, tuple[list[Hit], int]]:
        """Hits by kind (at most :data:`PER_KIND` each) and how many there were in all."""
        terms = words(query)
        out: dict[str, tuple[list[Hit], int]] = {}
        if not terms:
            return out
        phrase = " ".join(terms)
        found: dict[str, list[Hit]] = {}
        for e in self.entries:
            hit = self._match(e, terms, phrase)
            if hit is not None:
                found.setdefault(e.kind, []).append(hit)
        for kind in KINDS:
            hits = sorted(found.get(kind, []), key=lambda h: h.score)  # stable: by name within a score
            if hits:
                out[kind] = (hits[:PER_KIND], len(hits))
        return out

    @staticmethod
    def _match(e: Entry, terms: list[str], phrase: str) -> Hit | None:
        if _has_all(terms, e.name_words):
            joined = " ".join(e.name_words)
            score = 0 if joined == phrase else 1 if joined.startswith(phrase) else 2
            return Hit(e, score, [])
        matched = [text for text, ws in e.also if _has_all(terms, ws)]
        if matched:
            return Hit(e, 3, matched)
        # the words may be spread over the name and the other texts ("stanforth chief")
        every = e.name_words + [w for _, ws in e.also for w in ws]
        if _has_all(terms, every):
            return Hit(e, 4, [])
        return None


__all__ = ["SearchIndex", "Entry", "Hit", "KINDS", "words"]
