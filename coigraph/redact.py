"""Redaction for published outputs: say that an interest exists, not the private details.

ICBs publish their registers of interests, but NHS England's guidance
(*Managing conflicts of interest in the NHS*) and ICB policies that follow it
withhold what would intrude on private life: the details of *non-financial
personal* interests (a charity trusteeship, a membership) and of *indirect*
interests, which concern someone else (a spouse, a relative, a business
partner) who holds no public office and never agreed to be published.  The
register then still shows that the member has an interest, of which
category, and when it was declared.

With ``--redact``, published outputs (``export``, ``screen``, ``map``,
``export-register``) apply this module:

* on a *private* interest (see :class:`RedactionPolicy`): the description,
  the free-text subject, the mitigation and the relationship are replaced by
  ``[withheld]``; the associate is named only by a pseudonym
  (``associate-1``); the organisation stays unless the policy says to
  withhold it for indirect interests (``hide_indirect_organisation``);
* *private people* (associates named in the data who hold no seat on a board
  or committee and attend no meeting) are renamed ``Withheld associate N``
  (``person:associate-N``), lose their aliases and title, and their own
  posts and register entries are dropped; the association itself stays,
  as a generic ``close_associate``;
* everything else (members, organisations, items, dates, categories,
  evidence ``file:row``) is kept.

Two entry points, so any renderer can apply it:

* :func:`redact_graph` ``(G) -> G'``: a redacted copy of the graph, from
  which maps, exports and registers are drawn as usual;
* :func:`redact_findings` ``(obj, G) -> obj'``: a redacted copy of findings
  computed on the full graph (screening results, paths, traces...): pydantic
  models, dataclasses, dicts, lists and strings, walked generically.  Names,
  ids and relationship words of private people are replaced wherever they
  appear in text (rule texts such as "Carol Ned's husband (Dan Spouse)...").

Both are pure: they return new objects and never modify their input.
Cost: one pass over the graph to build the :class:`Redaction`, then one
regular-expression pass over every string touched.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import networkx as nx
from pydantic import BaseModel

from coigraph import ids, views
from coigraph.graph import slug
from coigraph.model import PUBLIC_KINDS, PUBLIC_ROLES, Interest, InterestType

WITHHELD = "[withheld]"
#: How a private associate is called in published outputs (numbered).
ASSOCIATE_NAME = "Withheld associate {n}"
ASSOCIATE_ID = "associate-{n}"
#: The label of a private associate's post on a path ("director at" says too much).
PRIVATE_STEP = "with an interest in"

#: Fields of an interest record that are details, withheld when it is private.
DETAIL_FIELDS = ("description", "mitigation", "relationship", "subject")
#: Fields of a control record (a PSC entry) withheld when the controller is a private individual:
#: that they control the company, and when, stays; how, and the register's record of them, do not.
CONTROL_DETAIL_FIELDS = ("natures", "name_on_register", "register_id", "matched_by", "source")
#: Details this long (characters) are looked for inside other text too; shorter ones ('Trustee')
#: only as a whole value, or every public text that uses the word would be withheld.
DETAIL_IN_TEXT = 12


def _free_text_fields() -> frozenset[str]:
    """The model's free-text fields: long text (descriptions, summaries, minutes) and notes.

    A free-text field that mentions anything withheld is withheld whole: the words
    around a name say as much as the name ("his wife is a GP partner at ...").
    """
    import typing

    from coigraph.model import TABLES
    from coigraph.model.base import Text

    def long_text(annotation: Any) -> bool:
        return annotation == Text or any(long_text(a) for a in typing.get_args(annotation))

    out = set()
    for t in TABLES:
        for name, f in t.model.model_fields.items():
            if long_text(f.annotation) or (f.description or "").startswith("Free text"):
                out.add(name)
    return frozenset(out)


FREE_TEXT_FIELDS = _free_text_fields()
#: Fields that hold a name: an associate's alias is replaced only here, and only as a whole value
#: (an alias 'Board' must not turn 'ICB Board' into 'ICB Withheld associate 5').
NAME_FIELDS = frozenset({"name", "aliases"})


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _field_kind(name: str | None) -> str:
    if name is None:
        return "plain"
    if name in FREE_TEXT_FIELDS:
        return "free"
    if name in NAME_FIELDS or name.endswith("_name") or name == "names":
        return "name"
    return "plain"


@dataclass(frozen=True)
class RedactionPolicy:
    """Which interests are private, and what is withheld about them.

    ``private_types``: an interest all of whose types are among these is
    private (by default the non-financial personal ones).  ``indirect_private``:
    every indirect interest is private.  ``hide_indirect_organisation``: also
    withhold *which organisation* an indirect interest concerns (some ICB
    policies do; the default keeps it, as most published registers do).
    """

    private_types: frozenset[str] = frozenset({InterestType.non_financial_personal.value})
    indirect_private: bool = True
    hide_indirect_organisation: bool = False
    withheld: str = WITHHELD

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RedactionPolicy:
        """A policy from a mapping (e.g. the ``redaction:`` section of a policy file)."""
        data = dict(data or {})
        if "private_types" in data:
            data["private_types"] = frozenset(str(t) for t in data["private_types"])
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in dataclasses.fields(cls)}})


DEFAULT_POLICY = RedactionPolicy()


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def is_private_interest(interest: Any, policy: RedactionPolicy = DEFAULT_POLICY) -> bool:
    """True if the interest's details are withheld: indirect, or only of private types.

    ``interest`` is an :class:`~coigraph.model.Interest`, a graph edge's
    attributes or any mapping with ``types`` and ``indirect``/``associate``.
    """
    if policy.indirect_private and (_get(interest, "indirect") or _get(interest, "associate")):
        return True
    types = [str(getattr(t, "value", t)) for t in (_get(interest, "types") or [])]
    return bool(types) and all(t in policy.private_types for t in types)


def redact_interest(interest: Mapping[str, Any], policy: RedactionPolicy = DEFAULT_POLICY, *,
                    associate: str | None = None) -> dict[str, Any]:
    """A copy of an interest's fields with its details withheld, if it is private.

    Keeps that it exists, its person, types (category), indirectness, dates and
    evidence.  ``associate`` is the pseudonym to put in place of the associate's
    id (default: the policy's withheld marker is not an id, so the field is
    dropped).  A public interest comes back unchanged (as a copy).
    """
    out = dict(interest)
    if not is_private_interest(out, policy):
        return out
    for f in DETAIL_FIELDS:
        if out.get(f) is not None:
            out[f] = policy.withheld
    if out.get("associate") is not None:
        if associate:
            out["associate"] = associate
        else:
            out.pop("associate")
    if policy.hide_indirect_organisation and out.get("indirect") and out.get("organisation"):
        out.pop("organisation")
        out["subject"] = policy.withheld
    return out


def redact_control(control: Mapping[str, Any], policy: RedactionPolicy = DEFAULT_POLICY) -> dict[str, Any]:
    """A copy of a control's fields (a PSC entry) with its details withheld (see CONTROL_DETAIL_FIELDS)."""
    out = dict(control)
    for f in CONTROL_DETAIL_FIELDS:
        if out.get(f) is not None:
            out[f] = [policy.withheld] if isinstance(out[f], list) else policy.withheld
    return out


# --------------------------------------------------------------------------- what to withhold in a graph


@dataclass
class Redaction:
    """What is withheld in one graph, and the words that replace it.

    Built by :func:`redaction_for`; apply with :meth:`graph` or :meth:`value`.
    """

    policy: RedactionPolicy
    #: private people: node id -> pseudonym node id
    people: dict[str, str] = field(default_factory=dict)
    #: edge keys of private interests
    private_keys: set[str] = field(default_factory=set)
    #: text replaced wherever it appears as a word (names, ids, relationship words)
    words: dict[str, str] = field(default_factory=dict)
    #: text replaced where it is a whole value (descriptions, mitigations, subjects, labels)
    values: dict[str, str] = field(default_factory=dict)
    #: relationship words in the contexts that give them away ("Ann's husband", "→ husband:")
    phrases: dict[str, str] = field(default_factory=dict)
    #: associations to withhold: (person node, associate node)
    private_pairs: set[tuple[str, str]] = field(default_factory=set)
    #: new edge keys of records keyed by their content (associations, minutes...) whose content
    #: is redacted, so a redacted export loads back to the same graph
    keys: dict[str, str] = field(default_factory=dict)
    #: a private person's alias (folded) -> pseudonym, replaced only as a whole name-field value
    aliases: dict[str, str] = field(default_factory=dict)
    #: what makes a free text withheld whole when it mentions it (folded): private people's
    #: names (as whole words), private interests' details, relationship phrases ("his wife")
    mentions_names: set[str] = field(default_factory=set)
    mentions_details: set[str] = field(default_factory=set)
    mentions_relations: set[str] = field(default_factory=set)
    #: (person node, organisation node) of private interests: minutes about them are withheld
    private_orgs: set[tuple[str, str]] = field(default_factory=set)
    #: people who hold no public office and control a company (their PSC details are withheld)
    private_controllers: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = None
    _phrase_pattern: re.Pattern[str] | None = None
    _mention_pattern: re.Pattern[str] | None = None
    _relation_pattern: re.Pattern[str] | None = None
    _detail_pattern: re.Pattern[str] | None = None
    _folded: dict[str, str] = field(default_factory=dict)

    # -- text

    def mentions(self, s: str) -> bool:
        """Does free text ``s`` mention a private person, a private interest's details or a
        private relationship ("his wife", "Ann's husband")?  Case and spacing are ignored."""
        folded = _fold(s)
        if not folded:
            return False
        if folded in self.mentions_details or any(d in folded for d in self.mentions_details
                                                   if len(d) >= DETAIL_IN_TEXT):
            return True
        if self.mentions_names:
            if self._mention_pattern is None:
                alts = sorted(self.mentions_names, key=len, reverse=True)
                self._mention_pattern = re.compile(
                    r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])")
            if self._mention_pattern.search(folded):
                return True
        if self.mentions_relations:
            if self._relation_pattern is None:
                alts = sorted(self.mentions_relations, key=len, reverse=True)
                self._relation_pattern = re.compile(
                    r"(?:(?<![\w-])(?:his|her|their)\s+|['\u2019]s\s+)(?:"
                    + "|".join(re.escape(a) for a in alts) + r")(?![\w-])")
            if self._relation_pattern.search(folded):
                return True
        return False

    def text(self, s: str, kind: str = "plain") -> str:
        """``s`` with every private name, id and relationship word replaced.

        ``kind`` is the field's: ``free`` text that mentions anything withheld is
        withheld whole; a ``name`` field equal to a private person's alias is
        replaced by the pseudonym (aliases are matched nowhere else).
        """
        if s in self.values:
            return self.values[s]
        if kind == "free" and self.mentions(s):
            return self.policy.withheld
        if kind == "name" and self.aliases and _fold(s) in self.aliases:
            return self.aliases[_fold(s)]
        long_details = [d for d in self.mentions_details if len(d) >= DETAIL_IN_TEXT]
        if long_details:  # a private detail quoted inside other text (any case)
            if self._detail_pattern is None:
                self._detail_pattern = re.compile(
                    "|".join(r"\s+".join(map(re.escape, d.split(" "))) for d in
                             sorted(long_details, key=len, reverse=True)), re.IGNORECASE)
            s = self._detail_pattern.sub(self.policy.withheld, s)
        if self.phrases:
            if self._phrase_pattern is None:
                alts = sorted(self.phrases, key=len, reverse=True)
                self._phrase_pattern = re.compile(
                    "(" + "|".join(re.escape(a) for a in alts) + r")(?![A-Za-z0-9_-])")
            s = self._phrase_pattern.sub(lambda m: self.phrases[m.group(1)], s)
        if not self.words:
            return s
        if self._pattern is None:
            # renderers fold whitespace ("Dan\nSpouse" shows as "Dan Spouse"): match any run of it
            self._folded = {" ".join(k.split()): v for k, v in self.words.items() if k.strip()}
            alts = sorted(self._folded, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<![A-Za-z0-9_-])(" + "|".join(r"\s+".join(map(re.escape, a.split(" "))) for a in alts)
                + r")(?![A-Za-z0-9_-])")
        return self._pattern.sub(lambda m: self._folded[" ".join(m.group(1).split())], s)

    def node(self, n: str) -> str:
        """The pseudonym of a private person's node id (other nodes unchanged)."""
        return self.people.get(n, n)

    # -- graphs

    def graph(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """A redacted copy of ``G`` (see the module docstring)."""
        H = nx.MultiDiGraph(**{k: self._attr(v) for k, v in G.graph.items()})
        withheld_orgs: dict[str, str] = {}
        for n, a in G.nodes(data=True):
            if n in self.people:
                H.add_node(self.people[n], **self._person_attrs(n, a))
            else:
                H.add_node(n, **self._record_attrs(a))
        for u, v, k, a in G.edges(keys=True, data=True):
            typ = views.view(a).type
            if (u in self.people or v in self.people) and typ != "association":
                continue  # a private person's own posts and entries are theirs, not the member's
            attrs = self._edge_attrs(u, v, a)
            key = self.keys.get(k, k)
            if typ == "interest" and k in self.private_keys:
                i = views.interest(a)
                attrs = redact_interest(attrs, self.policy,
                                        associate=ids.bare(self.node(ids.person(i.associate)))
                                        if i.associate else None)
                if ids.is_subject(v) or (self.policy.hide_indirect_organisation
                                         and i.indirect and ids.is_org(v)):
                    # one numbered subject per withheld entry (a shared one would link strangers),
                    # named as build_graph names subjects, so the redacted export loads back the same
                    subject = withheld_orgs.setdefault(k, f"{self.policy.withheld} {len(withheld_orgs) + 1}")
                    attrs["subject"] = subject
                    attrs.pop("organisation", None)
                    v = ids.subject(slug(subject))
                    H.add_node(v, type="subject", name=subject)
            if ids.is_subject(v) and isinstance(attrs.get("subject"), str) and attrs["subject"] != a.get("subject"):
                v = ids.subject(slug(attrs["subject"]))  # a name withheld inside a public subject
                if v not in H:
                    H.add_node(v, type="subject", name=attrs["subject"])
            H.add_edge(self.node(u), self.node(v), key=key, **attrs)
        # subjects only private interests pointed at would still carry their words
        for n in [n for n, _ in views.nodes_of(H, "subject") if H.degree(n) == 0]:
            H.remove_node(n)
        _name_subjects(H)
        return H

    def _record_attrs(self, a: Mapping[str, Any]) -> dict[str, Any]:
        """A node's or edge's attributes with private words replaced in its text; its own id and
        references kept as ids (a private person's id becomes the pseudonym's), never rewritten as
        text: a public id that reads like a private name ('ann') must still point where it did."""
        typ = a.get("type")
        table = _tables_by_type().get(typ) if isinstance(typ, str) else None
        if table is None:
            return {k: v if k == "type" else self._attr(v, k) for k, v in a.items()}
        out: dict[str, Any] = {}
        for k, v in a.items():
            if k == "type" or k == table.id_field:
                out[k] = v
            elif k in table.refs:
                if table.refs[k] != "people":
                    out[k] = v
                elif isinstance(v, list):
                    out[k] = [ids.bare(self.node(ids.person(x))) if isinstance(x, str) else x for x in v]
                else:
                    out[k] = ids.bare(self.node(ids.person(v))) if isinstance(v, str) else v
            else:
                out[k] = self._attr(v, k)
        return out

    def _attr(self, v: Any, name: str | None = None) -> Any:
        """A graph attribute with private words replaced (attributes are flat: text, lists, dates)."""
        kind = _field_kind(name)
        if isinstance(v, Enum):
            return v  # a vocabulary value ('relative'), never private, even if an id reads the same
        if isinstance(v, str):
            return self.text(v, kind)
        if isinstance(v, list):
            return [self.text(x, kind) if isinstance(x, str) and not isinstance(x, Enum) else x for x in v]
        return v

    def _edge_attrs(self, u: str, v: str, a: Mapping[str, Any]) -> dict[str, Any]:
        """An edge's attributes redacted (a private interest's own details: see :meth:`graph`)."""
        typ = views.view(a).type
        attrs = self._record_attrs(a)
        if typ == "association" and (u, v) in self.private_pairs:
            attrs.pop("relationship", None)
            attrs["kind"] = "close_associate"
        elif typ == "controls" and u in self.private_controllers:
            attrs = redact_control(attrs, self.policy)
        elif typ in ("minuted", "position") and self._about_private_interest(u, v, a):
            # a minute of a private interest, or the post behind it, says in words what it is
            for f in FREE_TEXT_FIELDS & attrs.keys():
                attrs[f] = self.policy.withheld
        return attrs

    def _about_private_interest(self, u: str, v: str, a: Mapping[str, Any]) -> bool:
        person = ids.person(a["person"]) if isinstance(a.get("person"), str) else u
        org = ids.org(a["organisation"]) if isinstance(a.get("organisation"), str) else v
        return (person, org) in self.private_orgs

    def _person_attrs(self, n: str, a: Mapping[str, Any]) -> dict[str, Any]:
        new = self.people[n]
        out = {k: v for k, v in a.items() if k not in ("aliases", "title", "name", "id")}
        out["id"] = ids.bare(new)
        out["name"] = ASSOCIATE_NAME.format(n=new.rsplit("-", 1)[1])
        return out

    # -- findings, records, anything

    def value(self, obj: Any) -> Any:
        """A redacted copy of ``obj``: findings, records, maps, dicts, lists, strings."""
        texts: dict[str, str] = {}
        self._collect_paths(obj, texts, depth=0)
        saved = dict(self.values)
        self.values.update(texts)
        try:
            return self._walk(obj, depth=0)
        finally:
            self.values = saved

    def _walk(self, obj: Any, depth: int, name: str | None = None) -> Any:
        if depth > 50:
            return obj
        if isinstance(obj, Enum):
            return obj  # a vocabulary value (a str too), never private
        if isinstance(obj, str):
            return self.text(obj, _field_kind(name))
        if isinstance(obj, BaseModel):
            fields = {n: self._walk(getattr(obj, n), depth + 1, n) for n in type(obj).model_fields}
            fields = self._structured(fields)
            return obj.model_copy(update=fields)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            fields = {f.name: self._walk(getattr(obj, f.name), depth + 1, f.name)
                      for f in dataclasses.fields(obj) if f.init}
            return dataclasses.replace(obj, **self._structured(fields))
        if isinstance(obj, Mapping):
            out = {self._walk(k, depth + 1) if isinstance(k, str) else k:
                   self._walk(v, depth + 1, k if isinstance(k, str) else None) for k, v in obj.items()}
            return type(obj)(self._structured(out)) if type(obj) is not dict else self._structured(out)
        if isinstance(obj, list):
            return [self._walk(v, depth + 1, name) for v in obj]
        if isinstance(obj, tuple):
            items = [self._walk(v, depth + 1, name) for v in obj]
            return type(obj)(*items) if hasattr(obj, "_fields") else tuple(items)
        if isinstance(obj, set | frozenset):
            return type(obj)(self._walk(v, depth + 1, name) for v in obj)
        return obj

    def _structured(self, f: dict[str, Any]) -> dict[str, Any]:
        """Rules for shapes that text replacement alone cannot make safe."""
        if "types" in f and "person" in f:  # an interest record (only interests have 'types')
            return redact_interest(f, self.policy, associate=f.get("associate"))
        if "natures" in f and "company" in f and f.get("person") and \
                ids.person(f["person"]) in self.private_controllers:  # a private individual's PSC entry
            return redact_control(f, self.policy)
        if {"holder", "company", "natures", "source_register"} <= f.keys() and (
                f["holder"] in self.private_controllers or f["holder"] in self.people.values()):
            # a path's (or a finding's) summary of a private individual's PSC entry: that they control
            # the company, and since when, stays; how, and the register's record of them, do not
            w = self.policy.withheld
            return dict(f, natures=[w], register_id=w, matched_by=w)
        if "relationship" in f and "associate" in f and f.get("relationship") and (
                f.get("indirect") or f["associate"] in self.people.values()
                or ids.person(str(f["associate"])) in self.people.values()):
            f = dict(f, relationship=self.policy.withheld)  # a path's own summary of the associate
        if {"source", "target", "type", "label"} <= f.keys() and f.get("type") == "position":
            private = next((x for x in (f["source"], f["target"]) if x in self.people.values()), None)
            if private:
                f = dict(f, label=PRIVATE_STEP)
                for k in ("key", "record"):  # made from the row: person, role, organisation
                    if isinstance(f.get(k), str):
                        f[k] = ("position:" if k == "key" else "") + ids.bare(private)
                if "title" in f:
                    f["title"] = self.policy.withheld
                if isinstance(f.get("details"), list):
                    f["details"] = []
        return f

    def _collect_paths(self, obj: Any, out: dict[str, str], depth: int) -> None:
        """Find interest paths (``nodes``, ``edges``, ``text``) and their redacted text."""
        if depth > 50:
            return
        if isinstance(obj, BaseModel):
            names = type(obj).model_fields
            if {"nodes", "edges", "text", "person"} <= names.keys():
                new = self._path_text(obj)
                if new is not None and new != obj.text:
                    out[obj.text] = new
            for name in names:
                self._collect_paths(getattr(obj, name), out, depth + 1)
        elif isinstance(obj, list | tuple):
            for v in obj:
                self._collect_paths(v, out, depth + 1)
        elif isinstance(obj, Mapping):
            for v in obj.values():
                self._collect_paths(v, out, depth + 1)

    def _path_text(self, p: Any) -> str | None:
        """The chain in words with private steps withheld (same form as :mod:`coigraph.paths`)."""
        names = {n.id: n.name for n in p.nodes}
        if not any(n in self.people for n in names) and not any(
                e.key in self.private_keys for e in p.edges):
            return None
        person = next((n.id for n in p.nodes if ids.bare(n.id) == p.person or n.id == p.person),
                      p.nodes[0].id if p.nodes else p.person)
        parts = [self.text(names.get(person, person))]
        for e in p.edges:
            label = self.text(e.label)
            if e.type == "position" and e.source in self.people:
                label = PRIVATE_STEP
            ev = f" [{e.evidence}]" if e.evidence else ""
            ended = f" (ended {e.end.isoformat()})" if not e.in_force and e.end else ""
            parts.append(f"{label} {self.text(names.get(e.target, e.target))}{ended}{ev}")
        return " → ".join(parts)


#: Edges a private person may have: their own ties, posts and register entries.  Any other
#: edge (a seat, a meeting, a delegation received, a decision taken, a minute) is public life.
_PRIVATE_LIFE = {"association", "interest", "position", "nil_return", "controls"}


def _public_people(G: nx.MultiDiGraph) -> set[str]:
    """Holders of public office: a seat on a board or committee, a board-level post in an NHS
    body or council, or any part in the system's business (a meeting, a delegation, a decision,
    the minutes): their names are published anyway."""
    out = set()
    for u, v, a in G.edges(data=True):
        e = views.view(a)
        t = e.type
        if t == "position" and (ids.is_body(v) or e.body):
            out.add(u)
        elif (t == "position" and e.role in PUBLIC_ROLES
              and views.organisation(G, v).kind in PUBLIC_KINDS):
            out.add(u)
        elif t not in _PRIVATE_LIFE:
            out.update(n for n in (u, v) if ids.is_person(n))
    return out


def redaction_for(G: nx.MultiDiGraph, policy: RedactionPolicy | None = None) -> Redaction:
    """Work out what to withhold in ``G``: private interests, private people, words to replace."""
    policy = policy or DEFAULT_POLICY
    r = Redaction(policy=policy)
    public = _public_people(G)
    associates: set[str] = set()
    private_edges = []
    private_edges: list[Interest] = []
    for _u, v, k, a in G.edges(keys=True, data=True):
        e = views.view(a)
        if e.type == "association":
            associates.add(v)
        elif e.type == "interest":
            if e.associate:
                associates.add(ids.person(e.associate))
            if is_private_interest(e, policy):
                r.private_keys.add(k)
                private_edges.append(e)
    private = sorted(n for n in associates - public if n in G)
    r.private_controllers = {u for u, _v, a in G.edges(data=True)
                             if a.get("type") == "controls" and ids.is_person(u) and u not in public}
    public_names = {_norm(views.person(G, n).name or "") for n in public if n in G}
    for i, n in enumerate(private, start=1):
        new = ids.person(ASSOCIATE_ID.format(n=i))
        r.people[n] = new
        p = views.person(G, n)
        r.words[ids.bare(n)] = ids.bare(new)
        if p.name and _norm(p.name) not in public_names:
            r.words[str(p.name)] = ASSOCIATE_NAME.format(n=i)  # whole names, wherever they appear
            r.mentions_names.add(_fold(p.name))
        for alias in p.aliases or []:  # aliases ('Board', 'Dan'): only as a whole name-field value
            if alias and _norm(alias) not in public_names:
                r.aliases[_fold(alias)] = ASSOCIATE_NAME.format(n=i)
    n_ctl = 0
    for u, _v, k, a in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if a.get("type") == "controls" and u in r.people:  # a withheld associate's PSC entry
            n_ctl += 1
            new_id = f"{ids.bare(r.people[u])}-control-{n_ctl}"
            r.words[k] = f"controls:{new_id}"
            if a.get("id"):
                r.words[str(a["id"])] = new_id
    indirect_pairs = {(ids.person(e.person), ids.person(e.associate))
                      for e in private_edges if e.associate and e.person}
    rel_words: set[str] = set()
    for u, v, _k, a in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if views.view(a).type == "association" and (
                u in r.people or v in r.people or (u, v) in indirect_pairs or (v, u) in indirect_pairs):
            r.private_pairs.add((u, v))
            assoc = views.association(a)
            rel_words.add(str(assoc.relationship or str(assoc.kind or "").replace("_", " ")))
    # text that a public entry also says is public: withholding it would gain nothing and
    # would unhook the public entry from its subject
    public_text = {str(t) for _u, _v, _k, i in _interests(G) if not is_private_interest(i, policy)
                   for t in (i.description, i.mitigation, i.subject) if t}
    public_folded = {_fold(t) for t in public_text}
    for i in private_edges:
        if i.relationship:
            rel_words.add(str(i.relationship))
        if i.person and i.organisation:
            r.private_orgs.add((ids.person(i.person), ids.org(i.organisation)))
        for t in (i.description, i.mitigation, i.subject):
            if t and str(t) not in public_text:
                r.values[str(t)] = policy.withheld
                if _fold(t) not in public_folded:
                    r.mentions_details.add(_fold(t))
    # a relationship word is withheld where it describes someone ("Ann's husband", "his wife",
    # a path's "husband:" step), never as a bare word: "partner" is also in "GP partner"
    for w in sorted(rel_words - {""}):
        for before in ("'s ", "\u2019s ", "their "):
            r.phrases[before + w] = before + "associate"
        r.phrases[f"→ {w}:"] = "→ associate:"  # a path's association step
        r.values[w + ":"] = "associate:"
        r.mentions_relations.add(_fold(w))
    _row_keys(G, r)
    return r


def _row_keys(G: nx.MultiDiGraph, r: Redaction) -> None:
    """New keys for edges keyed by their content (associations, minutes, attendance...) whose
    content the redaction changes: :func:`coigraph.graph.build_graph` would key the redacted
    record differently, and a redacted export must load back to the same graph."""
    from coigraph.graph import _row_key
    from coigraph.model import TABLES

    row_keyed = {t.edge_type: t for t in TABLES if t.edge_type and not t.id_field}
    used: set[tuple[str, str, str]] = set()
    changed: list[tuple[str, str, str, Any, dict[str, Any]]] = []
    for u, v, k, a in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        t = row_keyed.get(views.view(a).type)
        if t is None or ((u in r.people or v in r.people) and t.edge_type != "association"):
            continue
        attrs = r._edge_attrs(u, v, a)
        if attrs == dict(a) and u not in r.people and v not in r.people:
            used.add((u, v, k))  # every unchanged key first: a redacted row that now reads like
            continue             # an unchanged one between the same ends takes '-2', never its key
        changed.append((u, v, k, t, attrs))
    for u, v, k, t, attrs in changed:
        fields = {f: x for f, x in attrs.items() if f in t.model.model_fields}
        for f, x in list(fields.items()):
            if f in t.refs and isinstance(x, str) and t.refs[f] == "people":
                fields[f] = ids.bare(r.node(ids.person(x)))
        base = new = f"{t.edge_type}:{_row_key(t.model.model_validate(fields), 0)}"
        n = 1
        while (r.node(u), r.node(v), new) in used:
            n += 1
            new = f"{base}-{n}"
        used.add((r.node(u), r.node(v), new))
        if new != k:
            r.keys[k] = new
            r.words[k] = new  # inside composite ids too ('from|to|key')
    r._pattern = None  # the words changed


@functools.cache
def _tables_by_type() -> dict[str, Any]:
    """The model's table of each node and edge type ('person', 'interest'...)."""
    from coigraph.model import TABLES

    return {typ: t for t in TABLES for typ in (t.node_type, t.edge_type) if typ}


def _name_subjects(H: nx.MultiDiGraph) -> None:
    """Name each subject node as :func:`coigraph.graph.build_graph` names it when the redacted
    export is loaded back: after the subject text of the first interest pointing at it (records
    in evidence order, then by ends and key), since redaction may have changed that text."""
    from coigraph.load.graph_json import _src_key

    for n, _a in list(views.nodes_of(H, "subject")):
        ins = [(_src_key(str(a.get("src") or "")), u, k, a["subject"]) for u, _v, k, a in
               H.in_edges(n, keys=True, data=True) if isinstance(a.get("subject"), str)]
        if ins:
            H.nodes[n]["name"] = min(ins)[3]


def _interests(G: nx.MultiDiGraph) -> Iterable[tuple[str, str, str, Interest]]:
    """Every interest edge of ``G``, as ``(u, v, key, view)``."""
    for u, v, k, a in G.edges(keys=True, data=True):
        e = views.view(a)
        if e.type == "interest":
            yield u, v, k, e


def _norm(name: Any) -> str:
    return " ".join(str(name).lower().split())


def redact_graph(G: nx.MultiDiGraph, policy: RedactionPolicy | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` fit to publish: private interests' details and private people withheld."""
    return redaction_for(G, policy).graph(G)


def redact_findings(obj: Any, G: nx.MultiDiGraph, policy: RedactionPolicy | None = None) -> Any:
    """A copy of ``obj`` (findings computed on the full graph ``G``) fit to publish."""
    return redaction_for(G, policy).value(obj)


def redact_dataset(ds: Any, policy: RedactionPolicy | None = None) -> Any:
    """A redacted copy of a :class:`~coigraph.load.dataset.Dataset` (for register exports).

    Made through the graph (:func:`redact_graph`) and re-validated through the
    model, so the result is a consistent dataset: private people become
    ``associate-N`` records, withheld details read ``[withheld]``.
    """
    from coigraph.graph import build_graph, graph_to_dataset

    return graph_to_dataset(redact_graph(build_graph(ds), policy), name=ds.name)


def private_people(G: nx.MultiDiGraph, policy: RedactionPolicy | None = None) -> list[str]:
    """Node ids of the people :func:`redact_graph` withholds (associates with no public office)."""
    return sorted(redaction_for(G, policy).people)


def withheld_words(G: nx.MultiDiGraph, policy: RedactionPolicy | None = None) -> Iterable[str]:
    """Every name, id and detail text that must not appear in a redacted output (for tests)."""
    r = redaction_for(G, policy)
    return sorted({*r.words, *r.values, *r.people, *r.aliases} - {""})


__all__ = [
    "WITHHELD", "RedactionPolicy", "DEFAULT_POLICY", "Redaction", "is_private_interest",
    "redact_interest", "redact_control", "redaction_for", "redact_graph", "redact_findings", "redact_dataset", "private_people",
    "withheld_words",
]
