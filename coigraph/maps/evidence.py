"""What a map says about each record: names, labels and the evidence panel's rows.

Every builder turns graph nodes and edges into :class:`MapNode` and
:class:`MapEdge` here (:func:`map_node`, :func:`map_edge`, :func:`assemble`),
so a record reads the same on every map: every field of its record in model
order (from :data:`coigraph.model.TABLES`), references shown as names with
their ids, money through :func:`coigraph.words.money`, a vocabulary's values
in words (:func:`value_words`: a regime as the map's heading names it), and its source
``file:row`` last.  What the builders add (findings, verdicts, quorum) is
appended to these rows.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import networkx as nx

from coigraph import ids, views
from coigraph.governance.procurement import regime_words
from coigraph.graph import in_force, node_name
from coigraph.maps.records import MapEdge, MapNode, Row, edge_id, wrap
from coigraph.maps.styles import EDGE_STYLES, sentence, style_of_edge, style_of_node
from coigraph.model import PREFIX, TABLES
from coigraph.model.vocab import ControlRegister, Regime
from coigraph.paths.records import register_words
from coigraph.words import humanise, money


def fmt(v: Any) -> str:
    """A field's value as shown in the evidence panel (dates ISO, lists joined, enums by value)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple, set)):
        return "; ".join(fmt(x) for x in v)
    if hasattr(v, "value") and isinstance(v.value, str):  # enums
        return str(v.value)
    return str(v)


#: Vocabularies the project words in its own way elsewhere (the map's heading, the findings);
#: every other one reads as its code made readable (:func:`coigraph.words.humanise`).
_ENUM_WORDS: dict[type[enum.Enum], Callable[[str], str]] = {
    Regime: regime_words,
    ControlRegister: register_words,
}


def value_words(v: Any) -> str:
    """A field's value as a reader sees it in the evidence panel: as :func:`fmt`, but a value of a
    vocabulary in words ('Provider Selection Regime (SI 2023/1348), reg 11 (the Competitive
    Process)' for ``competitive``; 'foundation trust'; 'non-financial professional')."""
    if isinstance(v, enum.Enum):
        return _ENUM_WORDS.get(type(v), humanise)(str(v.value))
    if isinstance(v, (list, tuple, set)):
        return "; ".join(value_words(x) for x in v)
    return fmt(v)


@cache
def fields_of(type_name: str) -> tuple[tuple[str, str | None], ...]:
    """(field, referenced table) of the record behind a node or edge type, in model order."""
    for t in TABLES:
        if type_name in (t.node_type, t.edge_type):
            names = [f for f in t.model.model_fields if f not in ("start", "end")]
            names += [f for f in ("start", "end") if f in t.model.model_fields]  # dates last
            return tuple((f, t.refs.get(f)) for f in names)
    return ()


@cache
def flags_of(type_name: str) -> frozenset[str]:
    """The yes/no fields of the record behind a node or edge type that are 'no' unless the source
    says yes (``ended``, ``acting``...): at 'no' they record nothing, blank and 'no' alike."""
    for t in TABLES:
        if type_name in (t.node_type, t.edge_type):
            return frozenset(f for f, info in t.model.model_fields.items() if info.default is False)
    return frozenset()


#: Evidence labels of fields whose name, capitalised, does not read well.
FIELD_LABELS = {
    "src": "Source (file:row)",
    "instrument": "Instrument (SoRD / ToR paragraph)",
    "from_body": "From body",
    "to_body": "To body",
    "to_person": "To person",
    "by_body": "By body",
    "by_person": "By person",
    "on_behalf_of": "On behalf of",
    "statutory_basis": "Statutory basis",
    "sub_delegation_allowed": "Sub-delegation allowed",
    "nominated_by": "Nominated by",
    "mental_health_expertise": "Mental health expertise",
    "ods_code": "ODS code",
    "deputising_for": "Deputising for",
    "left_after_item": "Left after item",
}
#: The field that holds what the register says, by record type.
_REGISTER_ENTRY = {"interest": "description"}
_MONEY_FIELDS = {"value", "limit"}


def display_name(G: nx.MultiDiGraph, node: str) -> str:
    """A node's name in words (a person's title and name, an item's number and title...)."""
    if node not in G:
        return ids.bare(node)
    if ids.is_person(node):
        p = views.person(G, node)
        return " ".join(x for x in (p.title, p.name) if x) or node
    if ids.is_meeting(node):
        m = views.meeting(G, node)
        return str(m.title or f"Meeting {fmt(m.date)}")
    if ids.is_item(node):
        it = views.item(G, node)
        return f"Item {it.number}: {it.title}"
    if ids.is_decision(node):
        d = views.decision(G, node)
        return f"Decision {fmt(d.date)}: {d.description or ids.bare(node)}"
    return node_name(G, node)


def ref_value(G: nx.MultiDiGraph, table: str, value: Any) -> str:
    """A reference to ``table`` (one id or a list) as names with their ids, where they are nodes."""
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        node = ids.of_table(table, v) if table in PREFIX else None
        if node and node in G:
            out.append(f"{display_name(G, node)} ({v})")
        else:
            out.append(str(v))
    return "; ".join(out)


def record_rows(G: nx.MultiDiGraph, attrs: dict[str, Any],
                skip: tuple[str, ...] = ()) -> list[Row]:
    """Evidence rows for a node or edge: every field of its record, in model order, then its source.

    Reads the fields the model declares for the record's type, so a field added
    to the model is shown without a change here.
    """
    rec = views.view(attrs)
    t = rec.type
    rows: list[Row] = []
    known = fields_of(t)
    for f, ref in known:
        if f in skip or f not in attrs or attrs[f] in (None, [], ""):
            continue
        if attrs[f] is False and f in flags_of(t):  # 'Ended: no' for a source that says nothing of it
            continue
        v = attrs[f]
        label = "Register entry" if f == _REGISTER_ENTRY.get(t) else FIELD_LABELS.get(f, sentence(f))
        if ref:
            text = ref_value(G, ref, v)
        elif f in _MONEY_FIELDS:
            text = money(v)
        else:
            text = value_words(v)
        rows.append(Row(label, text))
    if not known:  # structural edges and subjects: whatever they carry
        for f in sorted(attrs):
            if f not in ("type", "src"):
                rows.append(Row(FIELD_LABELS.get(f, sentence(f)), value_words(attrs[f])))
    if rec.src:
        rows.append(Row(FIELD_LABELS["src"], str(rec.src), "source"))
    return rows


def _words(code: Any) -> str:
    return humanise(fmt(code))


def _interest_label(i: Any) -> str:
    kinds = ", ".join(humanise(fmt(x).replace("non_financial_", "")) for x in i.types or ())
    return ("indirect " if i.indirect else "") + kinds


#: The short label drawn on an edge of each type (role, interest types, effect...).
EDGE_LABELS: dict[str, Callable[[Any], str]] = {
    "position": lambda pos: _words(pos.role),
    "interest": _interest_label,
    "association": lambda a: str(a.relationship or _words(a.kind)),
    "attendance": lambda att: _words(att.status),
    "affects": lambda aff: _words(aff.effect),
    "org_relation": lambda rel: _words(rel.kind),
    "delegation": lambda d: f"limit {money(d.limit)}" if d.limit is not None else "no limit",
}


def edge_label(attrs: dict[str, Any]) -> str:
    """A short label for an edge (role, interest types, effect...), empty for structural ones."""
    rec = views.view(attrs)
    label = EDGE_LABELS.get(rec.type)
    return label(rec) if label else ""


def search_words(G: nx.MultiDiGraph, n: str) -> str:
    """What a node is found by besides its name: aliases, roles held, kinds, ODS codes, numbers.

    A person is found by the roles of their posts ("chief executive") and the
    names of where they hold them; an organisation by its kind and ODS code;
    an item by "item 7".  Lower case, one space between words.
    """
    rec = views.node(G, n)
    words: list[str] = [n, ids.bare(n), sentence(rec.type)]
    words += [str(a) for a in getattr(rec, "aliases", None) or ()]
    if ids.is_person(n):
        for _u, v, _k, pos in views.out_edges(G, n, "position"):
            words += [humanise(fmt(pos.role)), display_name(G, v)]
            if pos.organisation and ids.org(pos.organisation) != v:
                words.append(display_name(G, ids.org(pos.organisation)))
            if pos.description:
                words.append(str(pos.description))
    elif ids.is_org(n):
        words += [humanise(fmt(rec.kind)), str(rec.ods_code or "")]
    elif ids.is_body(n):
        words.append(humanise(fmt(rec.kind)))
    elif ids.is_item(n):
        words += [f"item {rec.number}", f"#{rec.number}"]
    return " ".join(" ".join(words).lower().split())


def map_node(G: nx.MultiDiGraph, n: str) -> MapNode:
    """Node ``n`` as drawn: its name as label, its record as evidence."""
    t = views.node(G, n).type
    name = display_name(G, n)
    style = style_of_node(t)
    details = [Row("Type", style.label), Row("Id", n)] + record_rows(G, G.nodes[n], skip=("id", "code"))
    label = name
    if ids.is_decision(n):  # decisions of one kind read alike: their id and date tell them apart
        d = views.decision(G, n)
        label = f"{ids.bare(n)} ({fmt(d.date) if d.date else 'date not recorded'})"
    return MapNode(id=n, type=t, label=wrap(label), title=f"{style.label}: {name}", details=details,
                   search=search_words(G, n))


def map_edge(G: nx.MultiDiGraph, u: str, v: str, k: str, attrs: dict[str, Any]) -> MapEdge:
    """Graph edge ``(u, v, k)`` as drawn: a short label, its ends and record as evidence."""
    t = views.view(attrs).type
    style = style_of_edge(t)
    label = edge_label(attrs)
    ends = f"{display_name(G, u)} → {display_name(G, v)}"
    details = [Row("Type", style.label), Row("From", display_name(G, u)), Row("To", display_name(G, v))]
    details += record_rows(G, attrs)
    return MapEdge(id=edge_id(u, v, k), source=u, target=v, type=t, label=label,
                   title=f"{style.label}{': ' + label if label else ''} ({ends})", details=details)


def node_ok(G: nx.MultiDiGraph, n: str, on: dt.date | None) -> bool:
    """Is node ``n`` drawn on a map of ``on`` (all dates if None)?"""
    return on is None or in_force(G.nodes[n], on)


def edge_ok(attrs: dict[str, Any], on: dt.date | None) -> bool:
    """Is an edge drawn as a line on a map of ``on``: a drawn type, and in force?"""
    style = EDGE_STYLES.get(views.view(attrs).type)
    if style is not None and not style.drawn:
        return False
    return on is None or in_force(attrs, on)


def _nil_return(G: nx.MultiDiGraph, r: Any) -> list[str]:
    return [fmt(r.date)]


def _minuted(G: nx.MultiDiGraph, r: Any) -> list[str]:
    bits = [fmt(r.kind)] + ([fmt(r.item)] if r.item is not None else [])
    return bits + ([ref_value(G, "people", r.person)] if r.person else [])


#: What the evidence of its node says about a record not drawn as a line, by type.
ANNOTATIONS: dict[str, Callable[[nx.MultiDiGraph, Any], list[str]]] = {
    "nil_return": _nil_return,
    "minuted": _minuted,
}


def annotate(G: nx.MultiDiGraph, nodes: dict[str, MapNode]) -> None:
    """Records not drawn as lines (nil returns, minutes entries) go into their node's evidence."""
    hidden = {t for t, s in EDGE_STYLES.items() if not s.drawn}
    for _u, v, _k, a in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        rec = views.view(a)
        if rec.type not in hidden or v not in nodes:
            continue
        bits = ANNOTATIONS[rec.type](G, rec) if rec.type in ANNOTATIONS else []
        text = ", ".join(bits) + (f" [{rec.src}]" if rec.src else "")
        nodes[v].details.append(Row(EDGE_STYLES[rec.type].label, text, "note"))


def assemble(G: nx.MultiDiGraph, keep: Iterable[str], on: dt.date | None,
             edge_filter: Any = None) -> tuple[dict[str, MapNode], list[MapEdge]]:
    """Map nodes for ``keep`` and every drawable edge among them (in force on ``on``), sorted."""
    nodes = {n: map_node(G, n) for n in sorted(set(keep))}
    edges = []
    for u, v, k, a in G.edges(keys=True, data=True):
        if u in nodes and v in nodes and u != v and edge_ok(a, on):
            if edge_filter is None or edge_filter(u, v, k, a):
                edges.append(map_edge(G, u, v, k, a))
    edges.sort(key=lambda e: e.id)
    annotate(G, nodes)
    return nodes, edges


def as_of(on: dt.date | None) -> str:
    """The date a map is drawn for, in words."""
    return f"as of {on.isoformat()}" if on else "all dates"


__all__ = ["fmt", "value_words", "fields_of", "FIELD_LABELS", "display_name", "ref_value", "record_rows", "search_words",
           "EDGE_LABELS", "edge_label", "map_node", "map_edge", "node_ok", "edge_ok", "ANNOTATIONS",
           "annotate", "assemble", "as_of"]
