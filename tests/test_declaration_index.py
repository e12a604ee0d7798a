"""The declarations checks through the index (issue 22) find exactly what the old scan found, and
the index never walks a person's history of meetings."""

from __future__ import annotations

import datetime as dt

import pytest

import coigraph
from bench.generate import generate
from bench.run import dated_meetings, spread
from coigraph import index
from coigraph.declaration_checks import information_flows
from coigraph.quorum import meeting_roll
from tests import flows_reference as ref
from tests.conftest import NORTHSHIRE


@pytest.fixture(scope="module")
def ics(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("ics")
    generate("ics", folder, seed=1)
    return coigraph.load_graph(folder)


def _same_flows(G, meetings) -> int:
    n = 0
    for m in meetings:
        for e in meeting_roll(G, m):
            new = information_flows(G, e.person, meeting=m)
            old = ref.information_flows(G, e.person, meeting=m)
            assert [f.model_dump() for f in new] == [f.model_dump() for f in old], (m, e.person)
            n += len(new)
    return n


def test_same_flows_as_the_scan_on_the_sample_system() -> None:
    G = coigraph.load_graph(NORTHSHIRE)
    meetings = sorted(n for n, t in G.nodes(data="type") if t == "meeting")
    assert _same_flows(G, meetings) > 0
    for p in sorted(n for n, t in G.nodes(data="type") if t == "person"):
        assert [f.model_dump() for f in information_flows(G, p)] == \
            [f.model_dump() for f in ref.information_flows(G, p)], p


def test_same_flows_as_the_scan_over_three_years_of_meetings(ics) -> None:
    """Meetings spread over the window, everyone on their rolls: dozens of flows (between
    organisations: a member's own organisation's bodies hear its confidential items), the same ones."""
    assert _same_flows(ics, spread(dated_meetings(ics), 120)) > 20


def test_a_node_index_leaves_the_history_out(ics) -> None:
    idx = index.of(ics)
    person = max((n for n, t in ics.nodes(data="type") if t == "person"),
                 key=lambda n: sum(1 for v in ics.succ[n] if v.startswith("meeting:")))
    attended = [v for v in ics.succ[person] if v.startswith("meeting:")]
    assert len(attended) > 20
    assert idx.out_edges(person, "attendance") == ()
    assert {v for v, _, _ in idx.out_edges(person, "position")} == {
        v for v, kd in ics.succ[person].items() for a in kd.values() if a["type"] == "position"}
    m = attended[0]
    assert idx.attendance(person, m) == [a for a in ics.succ[person][m].values()
                                         if a["type"] == "attendance"]


def test_dated_lists_answer_by_bisection(ics) -> None:
    idx = index.of(ics)
    org = next(n for n, t in ics.nodes(data="type") if t == "organisation" and idx.meetings_of_org(
        n, dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
    everything = idx.meetings_of_org(org, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    days = [ics.nodes[m]["date"] for m in everything]
    assert days == sorted(days)
    a, b = days[len(days) // 3], days[2 * len(days) // 3]
    assert idx.meetings_of_org(org, a, b) == [m for m, d in zip(everything, days, strict=True) if a < d <= b]


def test_an_index_is_for_one_graph_only() -> None:
    G = coigraph.load_graph(NORTHSHIRE)
    idx = index.of(G)
    assert index.of(G) is idx
    H = G.copy()  # the copy shares G.graph's entries, not its index
    assert index.of(H) is not idx and index.of(H).is_for(H)
    index.forget(G)
    assert index.of(G) is not idx


class _History(dict):
    """A person's adjacency that may be looked into (``v in d``, ``d[v]``) but not walked."""

    def _walked(self, *_: object) -> None:
        raise AssertionError("a screen walked a person's every edge (their history of meetings)")

    __iter__ = items = keys = values = _walked  # type: ignore[assignment]


def test_a_screen_never_walks_a_persons_edges() -> None:
    """Once the index has each person's edges, screening a meeting asks it, never the person's whole
    adjacency (which holds an attendance edge per meeting they went to): every part of the screen,
    the checks, the notes and the path search's covering entries included."""
    from coigraph.screening import screen_meeting

    G = coigraph.load_graph(NORTHSHIRE)
    meetings = sorted(n.split(":", 1)[1] for n, t in G.nodes(data="type") if t == "meeting")
    before = [screen_meeting(G, m).model_dump() for m in meetings]  # the index filled as it goes
    people = [n for n, t in G.nodes(data="type") if t == "person"]
    for p in people:
        G._succ[p] = _History(G._succ[p])
        G._pred[p] = _History(G._pred[p])
    assert [screen_meeting(G, m).model_dump() for m in meetings] == before


class _Nodes(dict):
    """A graph's node table that may be looked into (``n in d``, ``d[n]``, ``len(d)``) but not walked."""

    def _walked(self, *_: object) -> None:
        raise AssertionError("a screen walked every node of the graph")

    __iter__ = items = keys = values = _walked  # type: ignore[assignment]


def test_a_screen_never_walks_every_node() -> None:
    """Screening one meeting costs what that meeting needs, not a pass over the graph: a national
    register has hundreds of thousands of nodes, and one pass per screen (once made to list the
    procurements, once to find a remuneration committee) made a screen 4x slower than the naive
    baseline on the benchmark's national tier.  The one-off indexes are made first, as a sweep makes
    them once."""
    from coigraph.screening import org_matcher, screen_meeting

    G = coigraph.load_graph(NORTHSHIRE)
    meetings = sorted(n.split(":", 1)[1] for n, t in G.nodes(data="type") if t == "meeting")
    index.of(G)
    org_matcher(G)
    before = [screen_meeting(G, m).model_dump() for m in meetings]
    G._node = _Nodes(G._node)
    G.__dict__.pop("nodes", None)  # networkx keeps its node view on the graph: make it anew
    assert [screen_meeting(G, m).model_dump() for m in meetings] == before
