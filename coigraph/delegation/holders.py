"""Who holds a post, is in a class of posts, or meets a joint authority, on a date.

A scheme delegates to offices ("the Director of Finance"), classes of posts
("any director", "budget holders") and joint authorities ("the Chief
Executive and the Director of Finance acting jointly"); a decision records
who decided or signed.  These functions join the two through ``positions``:

* a person **holds an office** through a position naming it (``post``), on
  that position's dates;
* a person is **in a class** through a position naming the class, naming an
  office the class lists among its members (``posts.classes``), or having one
  of the class's ``roles``;
* a **joint authority** is met when each of its requirements is met by a
  *different* signatory (a small matching: requirements are few).

Only positions in the delegating body's own organisation(s) count
(``orgs``; None: any organisation), and only those in force on the date
(None: the date is unknown, so any position counts and the caller says the
result is to confirm).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coigraph import ids
from coigraph.delegation.scheme import Scheme
from coigraph.model import Position, PostKind


@dataclass(frozen=True)
class Holding:
    """One person holding a post (or being in a class) through one position."""

    person: str  # person node
    post: str  # post id
    position: Position
    via: str  # "post" | "office" (an office in the class) | "role"

    def text(self, S: Scheme) -> str:
        """'Jane Doe (jane-doe) holds Director of Finance through position p-jd (from 2023-04-01)'."""
        pos = self.position
        how = {"post": "holds it", "role": f"is in it as {str(pos.role).replace('_', ' ')}",
               "office": f"is in it as {S.name(ids.post(str(pos.post)))}"}[self.via]
        dates = ""
        if pos.start or pos.end:
            from coigraph.words import period

            dates = f", {period(pos.start, pos.end)}"
        return f"{S.label(self.person)} {how} (position {pos.id}{dates})"


def _on(p: Position, on: dt.date | None) -> bool:
    return on is None or p.in_force(on)


def _in(S: Scheme, p: Position, orgs: set[str] | None) -> bool:
    if orgs is None:
        return True
    if p.organisation and p.organisation in orgs:
        return True
    return bool(p.body and set(S.owners(ids.body(p.body))) & orgs)


def holdings(S: Scheme, post_id: str, *, person: str | None = None, on: dt.date | None = None,
             orgs: set[str] | None = None) -> list[Holding]:
    """Who holds post ``post_id`` (an office or a class) on ``on`` in ``orgs``: one per position.

    ``person`` restricts to one person node.  Sorted by person, then position id.
    """
    post = S.posts.get(post_id)
    if post is None:
        return []
    found: dict[tuple[str, str], Holding] = {}

    def add(person_node: str, pos: Position, via: str) -> None:
        if person is not None and person_node != person:
            return
        if _on(pos, on) and _in(S, pos, orgs):
            found.setdefault((person_node, str(pos.id)), Holding(person_node, post_id, pos, via))

    if person is not None:  # one person: only their own positions (cheap whatever the dataset)
        roles = {str(r) for r in post.roles} if post.kind == PostKind.post_class else set()
        for pos in S.positions.get(person, []):
            if pos.post == post_id:
                add(person, pos, "post")
            elif post.kind == PostKind.post_class:
                office = S.posts.get(str(pos.post)) if pos.post else None
                if office is not None and post_id in office.classes:
                    add(person, pos, "office")
                elif str(pos.role) in roles:
                    add(person, pos, "role")
        return [found[k] for k in sorted(found)]
    for u, pos in S.by_post.get(post_id, []):
        add(u, pos, "post")
    if post.kind == PostKind.post_class:
        for office_id, office in S.posts.items():
            if post_id in office.classes:
                for u, pos in S.by_post.get(office_id, []):
                    add(u, pos, "office")
        for role in post.roles:
            for u, pos in S.by_role.get(str(role), []):
                add(u, pos, "role")
    return [found[k] for k in sorted(found)]


def posts_held(S: Scheme, person: str, on: dt.date | None = None) -> list[str]:
    """Every post id (office or class) ``person`` holds on ``on`` in any organisation, sorted."""
    out: set[str] = set()
    roles = set()
    for pos in S.positions.get(person, []):
        if not _on(pos, on):
            continue
        roles.add(str(pos.role))
        if pos.post and pos.post in S.posts:
            out.add(str(pos.post))
            out.update(str(c) for c in S.posts[str(pos.post)].classes if c in S.posts)
    for pid, post in S.posts.items():
        if post.kind == PostKind.post_class and roles & {str(r) for r in post.roles}:
            out.add(pid)
    return sorted(out)


def requirements(S: Scheme, joint_id: str) -> list[list[str]]:
    """A joint authority's requirements, each a list of alternative post ids."""
    joint = S.joints.get(joint_id)
    return [r.split("|") for r in joint.requires] if joint is not None else []


def requirement_text(S: Scheme, group: list[str]) -> str:
    """'the Chief Executive or the Director of Finance'."""
    return " or ".join(S.name(ids.post(p)) for p in group)


@dataclass
class JointCheck:
    """Whether some signatories meet a joint authority, and how (or what is missing)."""

    met: bool
    #: Requirement (as text) -> the holding that meets it.
    assigned: list[tuple[str, Holding]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def text(self, S: Scheme) -> str:
        """How the requirements met are met (those missing are in ``missing``)."""
        return "; ".join(f"{req}: {h.text(S)}" for req, h in self.assigned)


def meets(S: Scheme, joint_id: str, signers: list[str], *, on: dt.date | None = None,
          orgs: set[str] | None = None) -> JointCheck:
    """Do ``signers`` (person nodes), one per requirement, meet joint authority ``joint_id``?

    Finds an assignment of different people to the requirements (depth-first;
    a scheme's requirements are few, so the cost is tiny); when there is none,
    the best partial one, and the requirements left unmet.
    """
    groups = requirements(S, joint_id)
    options: list[list[Holding]] = []
    for group in groups:
        opts: list[Holding] = []
        for post_id in group:
            for person in signers:
                opts += holdings(S, post_id, person=person, on=on, orgs=orgs)
        options.append(opts)
    best: list[Holding | None] = [None] * len(groups)

    def search(i: int, used: frozenset[str], chosen: list[Holding | None]) -> bool:
        nonlocal best
        if i == len(groups):
            if sum(c is not None for c in chosen) > sum(c is not None for c in best):
                best = list(chosen)
            return all(c is not None for c in chosen)
        for h in options[i]:
            if h.person not in used and search(i + 1, used | {h.person}, [*chosen, h]):
                return True
        return search(i + 1, used, [*chosen, None])

    met = search(0, frozenset(), [])
    texts = [requirement_text(S, g) for g in groups]
    assigned = [(texts[i], h) for i, h in enumerate(best) if h is not None]
    missing = [texts[i] for i, h in enumerate(best) if h is None]
    return JointCheck(met=met and not missing, assigned=assigned, missing=missing)


def partly_met(S: Scheme, joint_id: str, signers: list[str], on: dt.date | None = None) -> bool:
    """Does any signer hold a post any requirement of ``joint_id`` names (in any organisation)?"""
    return any(holdings(S, p, person=person, on=on)
               for group in requirements(S, joint_id) for p in group for person in signers)


def capacities(S: Scheme, signers: list[str], on: dt.date | None = None) -> list[str]:
    """The delegate nodes a decision by ``signers`` may rest on: each signer themselves, every post
    (office or class) one of them holds on ``on``, and every joint authority one of them is part of."""
    out = list(signers)
    for pid in sorted({p for person in signers for p in posts_held(S, person, on)}):
        out.append(ids.post(pid))
    for jid in sorted(S.joints):
        if partly_met(S, jid, signers, on):
            out.append(ids.joint_authority(jid))
    return out


__all__ = ["Holding", "holdings", "posts_held", "requirements", "requirement_text", "JointCheck",
           "meets", "partly_met", "capacities"]
