"""Typed, read-only views of the graph's nodes and edges, made from the model.

The graph keeps each record's fields in plain attribute dicts (compact, and
what the JSON export and the Neo4j push write).  Analyses should not read
those dicts by string (``a.get("voting")``): they ask for a view, which reads
like the record itself, with the model's defaults and its properties::

    >>> from coigraph.graph import load_graph
    >>> from coigraph import ids, views
    >>> G = load_graph("data/northshire")            # doctest: +SKIP
    >>> p = views.person(G, ids.person("rebecca-stanforth"))   # doctest: +SKIP
    >>> p.name                                        # doctest: +SKIP
    'Rebecca Stanforth'
    >>> for u, v, k, pos in views.out_edges(G, p_node, "position"):   # doctest: +SKIP
    ...     pos.role, pos.votes

A view holds only a reference to the attribute dict (one slot), so making
one costs a small allocation; reading a field is a dict look-up.  Views are
typed as the model record they stand for, so editors and type checkers know
their fields; they never validate and never write.

The view classes are generated from :data:`coigraph.model.TABLES`: a field
added to the model is readable here at once, and a property or method
declared on a record (``Position.votes``, ``Dated.in_force``) works on its
view too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import networkx as nx
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from coigraph.model import (
    TABLES,
    AffectedOrganisation,
    AgendaItem,
    Association,
    Attendance,
    Body,
    Breach,
    Control,
    Decision,
    Delegation,
    Gift,
    Interest,
    JointAuthority,
    Matter,
    Meeting,
    MinutesEntry,
    NilReturn,
    Organisation,
    OrgRelation,
    Person,
    Position,
    Post,
    Procurement,
    ProcurementBidder,
    ProcurementParticipant,
    ProcurementStage,
    ProcurementThreshold,
    Record,
    ReservedMatter,
)

R = TypeVar("R", bound=Record)


class View:
    """Base of every view: the attribute dict, the record's type and where it came from."""

    __slots__ = ("_a",)

    def __init__(self, attrs: dict[str, Any]) -> None:
        self._a = attrs

    @property
    def attrs(self) -> dict[str, Any]:
        """The underlying attribute dict (for code that must pass it on unchanged)."""
        return self._a

    @property
    def type(self) -> str:
        """The node or edge type (``person``, ``position``...)."""
        return str(self._a.get("type", ""))

    @property
    def src(self) -> str | None:
        """Where the record came from, as ``file:row``."""
        return self._a.get("src")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._a!r}>"


class SubjectView(View):
    """A ``subject:`` node: what an interest concerns when it is not an organisation of the data."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return str(self._a.get("name") or "")


def _field_getter(name: str, default: Any, factory: Callable[[], Any] | None) -> property:
    if factory is not None:
        def get(self: View) -> Any:
            v = self._a.get(name)
            return factory() if v is None else v
    else:
        def get(self: View) -> Any:
            v = self._a.get(name)
            return default if v is None else v
    get.__name__ = name
    return property(get)


def _view_class(model: type[Record]) -> type[View]:
    ns: dict[str, Any] = {"__slots__": (), "__doc__": f"A read-only view of a {model.__name__} record."}
    for name, info in model.model_fields.items():
        default = None if info.default is PydanticUndefined else info.default
        ns[name] = _field_getter(name, default, info.default_factory)  # type: ignore[arg-type]
    # the record's own properties and methods (Position.votes, Dated.in_force), not pydantic's
    for klass in reversed(model.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, Record)) or klass in (BaseModel,):
            continue
        for name, obj in vars(klass).items():
            if name.startswith("_") or name in model.model_fields or name in ("src", "model_config"):
                continue
            if isinstance(obj, property) or callable(obj):
                ns[name] = obj
    return type(f"{model.__name__}View", (View,), ns)


#: Node or edge type -> its view class.
VIEW_CLASSES: dict[str, type[View]] = {"subject": SubjectView}
for _t in TABLES:
    VIEW_CLASSES[_t.node_type or _t.edge_type or _t.name] = _view_class(_t.model)
_BY_MODEL: dict[type[Record], type[View]] = {
    t.model: VIEW_CLASSES[t.node_type or t.edge_type or t.name] for t in TABLES}


def view(attrs: dict[str, Any]) -> Any:
    """The view of a node's or edge's attribute dict, by its ``type`` (a bare View if unknown)."""
    return VIEW_CLASSES.get(attrs.get("type", ""), View)(attrs)


def as_(model: type[R], attrs: dict[str, Any]) -> R:
    """The view of ``attrs`` as a ``model`` record (typed as that record)."""
    return cast(R, _BY_MODEL[model](attrs))


def node(G: nx.MultiDiGraph, n: str) -> Any:
    """The view of node ``n`` (by its type)."""
    return view(G.nodes[n])


def _node(model: type[R]) -> Callable[[nx.MultiDiGraph, str], R]:
    cls = _BY_MODEL[model]

    def get(G: nx.MultiDiGraph, n: str) -> R:
        return cast(R, cls(G._node[n]))  # the attribute dict itself (G.nodes[n] is the same, slower)

    get.__doc__ = f"The {model.__name__} view of node ``n``."
    return get


def _edge(model: type[R]) -> Callable[[dict[str, Any]], R]:
    cls = _BY_MODEL[model]

    def get(attrs: dict[str, Any]) -> R:
        return cast(R, cls(attrs))

    get.__doc__ = f"The {model.__name__} view of an edge's attribute dict."
    return get


organisation = _node(Organisation)
body = _node(Body)
person = _node(Person)
matter = _node(Matter)
meeting = _node(Meeting)
item = _node(AgendaItem)
decision = _node(Decision)
post = _node(Post)
joint_authority = _node(JointAuthority)
procurement_threshold = _node(ProcurementThreshold)
procurement = _node(Procurement)
breach = _node(Breach)

position = _edge(Position)
interest = _edge(Interest)
association = _edge(Association)
org_relation = _edge(OrgRelation)
nil_return = _edge(NilReturn)
reserves = _edge(ReservedMatter)
attendance = _edge(Attendance)
affects = _edge(AffectedOrganisation)
delegation = _edge(Delegation)
minuted = _edge(MinutesEntry)
controls = _edge(Control)
procurement_stage = _edge(ProcurementStage)
acts_in = _edge(ProcurementParticipant)
bids_in = _edge(ProcurementBidder)
gift = _edge(Gift)


def out_edges(G: nx.MultiDiGraph, n: str, *types: str) -> Iterator[tuple[str, str, str, Any]]:
    """``(u, v, key, view)`` for each edge leaving ``n`` of one of ``types`` (all if none given)."""
    for u, v, k, a in G.out_edges(n, keys=True, data=True):
        if not types or a.get("type") in types:
            yield u, v, k, view(a)


def in_edges(G: nx.MultiDiGraph, n: str, *types: str) -> Iterator[tuple[str, str, str, Any]]:
    """``(u, v, key, view)`` for each edge entering ``n`` of one of ``types`` (all if none given)."""
    for u, v, k, a in G.in_edges(n, keys=True, data=True):
        if not types or a.get("type") in types:
            yield u, v, k, view(a)


def nodes_of(G: nx.MultiDiGraph, node_type: str) -> Iterator[tuple[str, Any]]:
    """``(node id, view)`` for every node of ``node_type``, in the graph's order."""
    cls = VIEW_CLASSES.get(node_type, View)
    for n, a in G.nodes(data=True):
        if a.get("type") == node_type:
            yield n, cls(a)


__all__ = [
    "View", "SubjectView", "VIEW_CLASSES", "view", "as_", "node", "organisation", "body", "person",
    "matter", "meeting", "item", "decision", "post", "joint_authority", "procurement_threshold",
    "procurement", "breach", "position", "interest", "association", "org_relation",
    "nil_return", "reserves", "attendance", "affects", "delegation", "minuted", "controls",
    "procurement_stage", "acts_in", "bids_in", "gift", "out_edges", "in_edges", "nodes_of",
]
