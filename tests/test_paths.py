"""Interest paths: each shape followed, each shape refused, dates, bounds, and a brute-force reference."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coigraph.paths as paths_mod
from coigraph.errors import NotFound
from coigraph.graph import find_node, in_force, load_graph
from coigraph.paths import LINE_KINDS, UP_FORWARD, PathFinder, interest_paths

DATA = Path(__file__).parent / "data"
DAY = dt.date(2025, 5, 14)


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph(DATA / "screen-paths")


def _orgs(G: nx.MultiDiGraph) -> list[str]:
    return [n for n, t in G.nodes(data="type") if t == "organisation"]


def _found(G, person, *, exclude=("org:icb",), **kw) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in interest_paths(G, f"person:{person}", _orgs(G), on=DAY, exclude_orgs=exclude, **kw):
        out.setdefault(p.organisation.split(":", 1)[1], []).append(p)
    return out


def test_docstring_example_runs() -> None:
    assert doctest.testmod(paths_mod).failed == 0


def test_direct_post_and_one_line_up(G) -> None:
    ann = _found(G, "ann")
    assert set(ann) == {"acme-care", "acme-holdings", "mega", "hal-co"}
    (care,) = ann["acme-care"]
    assert care.shape == "direct" and care.carrier == "position" and care.role == "director"
    assert [e.key for e in care.edges] == ["position:p-ann-acme"]
    (mega,) = ann["mega"]
    assert mega.shape == "via_org" and mega.direction == "up"
    assert mega.relations == ["subsidiary_of", "subsidiary_of"]
    assert [n.id for n in mega.nodes] == ["person:ann", "org:acme-care", "org:acme-holdings", "org:mega"]
    # every step carries its evidence
    assert [e.evidence for e in mega.edges] == ["positions.csv:3", "org_relations.yaml:1",
                                                 "org_relations.yaml:2"]
    assert "Ann Able → director at Acme Care Ltd [positions.csv:3] → a subsidiary of Acme Holdings plc" in mega.text


def test_never_three_steps_never_sibling_never_contracts(G) -> None:
    ann = _found(G, "ann")
    assert "ultra" not in ann  # three steps up
    assert "sibling-care" not in ann  # up to the parent, then down to its other subsidiary
    assert "supplier-co" not in ann  # contracts_with is not an interest


def test_down_the_line_from_a_parent(G) -> None:
    bob = _found(G, "bob")
    assert {"acme-care", "sibling-care", "acme-holdings", "mega", "ultra"} == set(bob)
    (care,) = bob["acme-care"]
    assert care.direction == "down" and care.edges[1].reversed and care.edges[1].label == "parent of"
    (sib,) = bob["sibling-care"]
    assert sib.direction == "down" and not sib.edges[1].reversed and sib.edges[1].label == "owner of"


def test_indirect_through_an_associate_either_way_round(G) -> None:
    cat = _found(G, "cat")  # the marriage is recorded as ann -> cat
    (care,) = cat["acme-care"]
    assert care.indirect and care.associate == "person:ann" and care.relationship == "wife"
    assert [e.type for e in care.edges] == ["association", "position"]
    assert care.edges[0].reversed
    # Ann's own indirect interest (through Dan) is not followed a second time
    assert "hal-co" not in cat
    (hal,) = _found(G, "ann")["hal-co"]
    assert hal.indirect and hal.carrier == "interest" and len(hal.edges) == 1


def test_seat_on_a_body_reaches_its_owner_then_the_line(G) -> None:
    eve = _found(G, "eve")
    (pcn,) = eve["oak-pcn"]
    assert [e.type for e in pcn.edges] == ["position", "owned_by", "org_relation"]
    assert pcn.via_body == "body:oak-partners" and pcn.shape == "via_org"


def test_owner_of_the_screened_body_is_never_crossed(G) -> None:
    assert _found(G, "fay") == {}
    with_icb = _found(G, "fay", exclude=())
    assert set(with_icb) == {"icb", "icb-shared"}
    # and a seat on the body being screened is no interest, even where its owner is allowed
    seat = interest_paths(G, "person:ann", ["org:icb"], on=DAY, exclude_bodies=["body:board"])
    assert seat == []


def test_a_seat_on_a_joint_body_is_for_the_owner_it_names() -> None:
    J = load_graph(DATA / "screen-committees-in-common")
    (ft,) = interest_paths(J, "person:ft-chair", ["org:acute-ft", "org:icb"], on=DAY)
    assert ft.organisation == "org:acute-ft" and ft.via_body == "body:cic"
    assert interest_paths(J, "person:icb-m1", ["org:acute-ft"], on=DAY) == []


def test_dates(G) -> None:
    gus = _found(G, "gus")
    assert "acme-care" not in gus  # directorship starts after the day
    assert "mega" not in gus  # ended a year before: outside the look-back
    (pcn,) = gus["oak-pcn"]  # ended 40 days before: kept, marked
    assert pcn.recency == "ended" and pcn.ended == dt.date(2025, 4, 4) and not pcn.edges[0].in_force
    assert all(p.carrier_key != "position:p-gus-old" or p.organisation != "org:oak-pcn"
               for ps in gus.values() for p in ps)  # the practice left the PCN in 2024
    assert "hal-co" not in gus  # the marriage ended
    no_lookback = _found(G, "gus", lookback_days=0)
    assert "oak-pcn" not in no_lookback
    later = interest_paths(G, "person:gus", ["org:acme-care"], on=dt.date(2025, 6, 1))
    assert [p.carrier_key for p in later] == ["position:p-gus-acme"]


def test_bounds(G) -> None:
    assert "mega" not in _found(G, "ann", max_depth=2)
    assert "acme-holdings" in _found(G, "ann", max_depth=2)
    assert len(interest_paths(G, "person:bob", _orgs(G), on=DAY, limit=2)) == 2
    assert "acme-holdings" not in _found(G, "ann", max_org_steps=0)


def test_every_explanation_kept_shortest_only(G) -> None:
    # Ann's route to Acme Holdings is via her directorship; Cat's via Ann (longer, indirect)
    both = interest_paths(G, "person:cat", ["org:acme-holdings"], on=DAY)
    assert [len(p.edges) for p in both] == [3]


def test_unknown_nodes(G) -> None:
    assert interest_paths(G, "person:nobody", ["org:mega"], on=DAY) == []
    assert interest_paths(G, "person:ann", ["org:nothing"], on=DAY) == []
    with pytest.raises(NotFound, match="did you mean 'ann'"):
        find_node(G, "person", "anne")


def test_cost_follows_the_neighbourhood(G) -> None:
    """Padding the graph with unrelated people and organisations changes nothing the search touches."""
    big = G.copy()
    for i in range(2000):
        big.add_node(f"org:pad{i}", type="organisation", name=f"Pad {i}")
        big.add_node(f"person:pad{i}", type="person", name=f"Pad {i}")
        big.add_edge(f"person:pad{i}", f"org:pad{i}", key=f"position:pad{i}", type="position", role="director")
        big.add_edge(f"org:pad{i}", "org:ultra", key=f"org_relation:pad{i}", type="org_relation",
                     kind="contracts_with")
    touched: list[str] = []
    finder = PathFinder(big, on=DAY)
    orig = finder.incident

    def spy(org: str):
        touched.append(org)
        return orig(org)

    finder.incident = spy  # type: ignore[method-assign]
    found = finder.paths("person:ann", ["org:mega"])
    assert [p.organisation for p in found] == ["org:mega"]
    assert set(touched) <= {"org:mega", "org:acme-holdings", "org:ultra"}


# --------------------------------------------------------------------------- brute-force reference


def _reference(G, person, targets, on, lookback, max_depth, max_org_steps, excl_orgs, excl_bodies):
    """All simple paths of the undirected view, kept if they follow the grammar; shortest per explanation."""
    U = nx.MultiGraph()
    U.add_nodes_from(G.nodes)
    orient = {}
    for u, v, k, a in G.edges(keys=True, data=True):
        if u != v:
            U.add_edge(u, v, key=k)
            orient[k] = (u, v, a)

    def org_ok(n):
        return n in G and n not in excl_orgs and in_force(G.nodes[n], on)

    best: dict[tuple, set[tuple]] = {}
    for t in targets:
        if t not in G or not org_ok(t) or t == person:
            continue
        for path in nx.all_simple_edge_paths(U, person, t, cutoff=max_depth):
            cur, walked = person, []
            for x, y, k in path:
                nxt = y if x == cur else x
                walked.append((cur, nxt, k))
                cur = nxt
            ok, expl = _grammar(G, walked, orient, on, lookback, max_org_steps, excl_bodies, org_ok)
            if ok:
                key = (t, *expl)
                keys = tuple(k for _, _, k in walked)
                have = best.get(key)
                if have is None or len(next(iter(have))) > len(keys):
                    best[key] = {keys}
                elif len(next(iter(have))) == len(keys):
                    have.add(keys)
    return {(k[0], keys) for k, v in best.items() for keys in v}


def _grammar(G, walked, orient, on, lookback, max_org_steps, excl_bodies, org_ok):
    i, assoc = 0, None
    u, v, k = walked[0]
    a = orient[k][2]
    if a.get("type") == "association":
        if not in_force(a, on):
            return False, None
        assoc, i = k, 1
    if i >= len(walked):
        return False, None
    u, v, k = walked[i]
    src, dst, a = orient[k]
    if src != u or a.get("type") not in ("position", "interest") or not in_force(a, on, lookback_days=lookback):
        return False, None
    if a["type"] == "interest" and assoc and a.get("indirect"):
        return False, None
    if a["type"] == "position" and a.get("body") and f"body:{a['body']}" in excl_bodies:
        return False, None
    carrier, i = k, i + 1
    if v.startswith("body:"):
        if a["type"] != "position" or v in excl_bodies or not in_force(G.nodes[v], on) or i >= len(walked):
            return False, None
        u2, v2, k2 = walked[i]
        s2, d2, a2 = orient[k2]
        if a2.get("type") != "owned_by" or s2 != u2:
            return False, None
        n_owners = sum(1 for _, _, t in G.out_edges(v, data="type") if t == "owned_by")
        if n_owners > 1 and f"org:{a.get('organisation')}" != v2:
            return False, None  # a joint body: only the owner the seat is for
        v, i = v2, i + 1
    if not v.startswith("org:") or not org_ok(v):
        return False, None
    steps, dirs = walked[i:], set()
    if len(steps) > max_org_steps:
        return False, None
    for x, y, k in steps:
        s, d, a = orient[k]
        if a.get("type") != "org_relation" or a.get("kind") not in LINE_KINDS or not in_force(a, on):
            return False, None
        if not org_ok(y):
            return False, None
        forward = s == x
        up = (a["kind"] in UP_FORWARD) == forward
        dirs.add(up)
    if len(dirs) > 1:
        return False, None
    return True, (carrier, assoc)


D0 = dt.date(2025, 1, 1)
dates = st.one_of(st.none(), st.integers(-400, 60).map(lambda n: D0 + dt.timedelta(days=n)))


@st.composite
def graphs(draw):
    G = nx.MultiDiGraph()
    people = [f"person:p{i}" for i in range(draw(st.integers(1, 3)))]
    orgs = [f"org:o{i}" for i in range(draw(st.integers(2, 6)))]
    bodies = [f"body:b{i}" for i in range(draw(st.integers(0, 2)))]
    for n in people:
        G.add_node(n, type="person", name=n)
    for n in orgs:
        end = draw(st.sampled_from([None, None, None, D0 - dt.timedelta(days=10)]))
        G.add_node(n, type="organisation", name=n, **({"end": end} if end else {}))
    for n in bodies:
        G.add_node(n, type="body", name=n)
        for o in draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=2, unique=True)):
            G.add_edge(n, o, key=f"owned_by:{n}:{o}", type="owned_by")
    counter = iter(range(10_000))

    def dated(**a):
        s, e = draw(dates), draw(dates)
        if s and e and e < s:
            s, e = e, s
        return {**a, **({"start": s} if s else {}), **({"end": e} if e else {})}

    for _ in range(draw(st.integers(0, 8))):
        p = draw(st.sampled_from(people))
        where = draw(st.sampled_from(orgs + bodies))
        a = dated(type="position", role="director")
        if where.startswith("body:") and draw(st.booleans()):
            a["body"] = where.split(":", 1)[1]
        if where.startswith("body:") and draw(st.booleans()):
            a["organisation"] = draw(st.sampled_from(orgs)).split(":", 1)[1]
        G.add_edge(p, where, key=f"position:{next(counter)}", **a)
    for _ in range(draw(st.integers(0, 6))):
        p, o = draw(st.sampled_from(people)), draw(st.sampled_from(orgs))
        G.add_edge(p, o, key=f"interest:{next(counter)}", **dated(
            type="interest", types=[draw(st.sampled_from(["financial", "non_financial_personal"]))],
            indirect=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 2))):
        p, q = draw(st.sampled_from(people)), draw(st.sampled_from(people))
        if p != q:
            G.add_edge(p, q, key=f"association:{next(counter)}", **dated(type="association",
                                                                         kind="spouse_partner"))
    for _ in range(draw(st.integers(0, 10))):
        s, t = draw(st.sampled_from(orgs)), draw(st.sampled_from(orgs))
        if s != t:
            kind = draw(st.sampled_from(["subsidiary_of", "member_of", "owns", "contracts_with", "hosts"]))
            G.add_edge(s, t, key=f"org_relation:{next(counter)}", **dated(type="org_relation", kind=kind))
    targets = draw(st.lists(st.sampled_from(orgs), min_size=1, max_size=3, unique=True))
    excl_orgs = draw(st.lists(st.sampled_from(orgs), max_size=1, unique=True))
    excl_bodies = draw(st.lists(st.sampled_from(bodies), max_size=1, unique=True)) if bodies else []
    return G, people, targets, excl_orgs, excl_bodies


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(0, 200), st.integers(1, 5))
def test_same_paths_as_brute_force(case, lookback, max_depth) -> None:
    G, people, targets, excl_orgs, excl_bodies = case
    for person in people:
        got = interest_paths(G, person, targets, on=D0, lookback_days=lookback, max_depth=max_depth,
                             exclude_orgs=excl_orgs, exclude_bodies=excl_bodies)
        want = _reference(G, person, targets, D0, lookback, max_depth, 2, set(excl_orgs), set(excl_bodies))
        assert {(p.organisation, tuple(e.key for e in p.edges)) for p in got} == want
        for p in got:  # every step is an edge of the graph, valid on the day (the carrier: or recently ended)
            for e in p.edges:
                u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
                assert G.has_edge(u, v, key=e.key)
                a = G.edges[u, v, e.key]
                if e.key == p.carrier_key:
                    assert in_force(a, D0, lookback_days=lookback)
                    assert (p.recency == "current") == in_force(a, D0)
                else:
                    assert in_force(a, D0)
