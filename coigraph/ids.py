"""Graph node ids: ``<prefix>:<key>``, the one place the prefixes are spelled.

Every record with an id becomes a node whose id is its table's prefix (from
:data:`coigraph.model.TABLES`) and its own id: ``org:northshire-ft``,
``person:jane-doe``.  Interests in things that are not organisations of the
dataset get ``subject:<slug>`` nodes.  Code outside this module never writes
a prefix literally: it calls :func:`org`, :func:`person`... to make an id,
:func:`bare` to take the prefix off, and :func:`is_org`... to test one.

Example::

    >>> from coigraph import ids
    >>> ids.org("northshire-ft")
    'org:northshire-ft'
    >>> ids.bare("org:northshire-ft"), ids.prefix_of("org:northshire-ft")
    ('northshire-ft', 'org')
    >>> ids.is_person("person:jane"), ids.is_person("org:jane")
    (True, False)
"""

from __future__ import annotations

from coigraph.model import PREFIX, TABLES

ORG: str = PREFIX["organisations"]
BODY: str = PREFIX["bodies"]
PERSON: str = PREFIX["people"]
MATTER: str = PREFIX["matters"]
MEETING: str = PREFIX["meetings"]
ITEM: str = PREFIX["agenda_items"]
DECISION: str = PREFIX["decisions"]
POST: str = PREFIX["posts"]
JOINT_AUTHORITY: str = PREFIX["joint_authorities"]
THRESHOLD: str = PREFIX["procurement_thresholds"]
PROCUREMENT: str = PREFIX["procurements"]
BREACH: str = PREFIX["breaches"]
#: Nodes for what an interest concerns when it is not an organisation of the dataset.
SUBJECT: str = "subject"

#: Node type (as in :data:`coigraph.model.NODE_TYPES`) -> prefix.
PREFIX_BY_TYPE: dict[str, str] = {
    **{t.node_type: t.prefix for t in TABLES if t.node_type and t.prefix}, "subject": SUBJECT}
#: Prefix -> node type.
TYPE_BY_PREFIX: dict[str, str] = {p: t for t, p in PREFIX_BY_TYPE.items()}


def make(prefix: str, key: str) -> str:
    """The node id of ``key`` under ``prefix``; ``key`` may already carry it."""
    return key if key.startswith(prefix + ":") else f"{prefix}:{key}"


def of_table(table: str, key: str) -> str:
    """The node id of record ``key`` of ``table`` (``'organisations'`` -> ``org:key``)."""
    return make(PREFIX[table], key)


def of_type(node_type: str, key: str) -> str:
    """The node id of ``key`` for a node type (``'agenda_item'`` -> ``item:key``)."""
    return make(PREFIX_BY_TYPE[node_type], key)


def org(key: str) -> str:
    """``org:<key>``."""
    return make(ORG, key)


def body(key: str) -> str:
    """``body:<key>``."""
    return make(BODY, key)


def person(key: str) -> str:
    """``person:<key>``."""
    return make(PERSON, key)


def matter(key: str) -> str:
    """``matter:<key>``."""
    return make(MATTER, key)


def meeting(key: str) -> str:
    """``meeting:<key>``."""
    return make(MEETING, key)


def item(key: str) -> str:
    """``item:<key>``."""
    return make(ITEM, key)


def decision(key: str) -> str:
    """``decision:<key>``."""
    return make(DECISION, key)


def post(key: str) -> str:
    """``post:<key>``."""
    return make(POST, key)


def joint_authority(key: str) -> str:
    """``joint_authority:<key>``."""
    return make(JOINT_AUTHORITY, key)


def threshold(key: str) -> str:
    """``threshold:<key>``."""
    return make(THRESHOLD, key)


def procurement(key: str) -> str:
    """``procurement:<key>``."""
    return make(PROCUREMENT, key)


def breach(key: str) -> str:
    """``breach:<key>``."""
    return make(BREACH, key)


def subject(slug: str) -> str:
    """``subject:<slug>``."""
    return make(SUBJECT, slug)


def bare(node: str) -> str:
    """A node's id without its prefix: ``org:northshire-ft`` -> ``northshire-ft``."""
    return node.split(":", 1)[1] if ":" in node else node


def prefix_of(node: str) -> str | None:
    """The prefix of a node id (``'org'``), or None for a string without one."""
    return node.split(":", 1)[0] if ":" in node else None


def type_of(node: str) -> str | None:
    """The node type a node id's prefix stands for (``'organisation'``), or None."""
    p = prefix_of(node)
    return TYPE_BY_PREFIX.get(p) if p else None


def _is(prefix: str, node: str) -> bool:
    return node.startswith(prefix + ":")


def is_org(node: str) -> bool:
    """Is ``node`` an organisation's id?"""
    return _is(ORG, node)


def is_body(node: str) -> bool:
    """Is ``node`` a body's id?"""
    return _is(BODY, node)


def is_person(node: str) -> bool:
    """Is ``node`` a person's id?"""
    return _is(PERSON, node)


def is_matter(node: str) -> bool:
    """Is ``node`` a matter's id?"""
    return _is(MATTER, node)


def is_meeting(node: str) -> bool:
    """Is ``node`` a meeting's id?"""
    return _is(MEETING, node)


def is_item(node: str) -> bool:
    """Is ``node`` an agenda item's id?"""
    return _is(ITEM, node)


def is_decision(node: str) -> bool:
    """Is ``node`` a decision's id?"""
    return _is(DECISION, node)


def is_post(node: str) -> bool:
    """Is ``node`` a post's (an office's or a class of posts') id?"""
    return _is(POST, node)


def is_joint_authority(node: str) -> bool:
    """Is ``node`` a joint authority's id?"""
    return _is(JOINT_AUTHORITY, node)


def is_procurement(node: str) -> bool:
    """Is ``node`` a procurement's id?"""
    return _is(PROCUREMENT, node)


def is_breach(node: str) -> bool:
    """Is ``node`` a breach's id?"""
    return _is(BREACH, node)


def is_subject(node: str) -> bool:
    """Is ``node`` a subject node's id?"""
    return _is(SUBJECT, node)


__all__ = [
    "ORG", "BODY", "PERSON", "MATTER", "MEETING", "ITEM", "DECISION", "POST", "JOINT_AUTHORITY",
    "THRESHOLD", "PROCUREMENT", "BREACH", "SUBJECT", "PREFIX_BY_TYPE",
    "TYPE_BY_PREFIX", "make", "of_table", "of_type", "org", "body", "person", "matter", "meeting",
    "item", "decision", "post", "joint_authority", "threshold", "procurement", "breach", "subject", "bare",
    "prefix_of", "type_of", "is_org", "is_body", "is_person",
    "is_matter", "is_meeting", "is_item", "is_decision", "is_post", "is_joint_authority",
    "is_procurement", "is_breach", "is_subject",
]
