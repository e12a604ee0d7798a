"""Properties that hold for every system, checked over generated ones (``tests/strategies.py``).

* the JSON export round-trips;
* every path a screening reports exists in the graph, step by step, and each
  step is in force on the meeting date (the interest-carrying step may have
  ended within the look-back, and the path then says so);
* adding an interest never removes a finding;
* removing the only path behind a finding removes the finding;
* delegation tracing ends, on any scheme (cycles included), and every link it
  reports is a delegation in the graph;
* redaction keeps the graph valid and withholds what it should.

Example counts are modest so the suite stays fast; hypothesis shrinks any
failure to a small system worth turning into a fixture.
"""

from __future__ import annotations

import json
import os
import threading

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import plain_text, systems

from coigraph.graph import build_graph, dumps, graph_from_json, graph_to_dataset, in_force
from coigraph.paths import DEFAULT_LOOKBACK_DAYS

#: Modest by default; COIGRAPH_PROPERTY_EXAMPLES=500 for a deeper run before a release.
SETTINGS = settings(max_examples=int(os.environ.get("COIGRAPH_PROPERTY_EXAMPLES", "20")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _meetings(G) -> list[str]:
    return sorted(n.split(":", 1)[1] for n, t in G.nodes(data="type") if t == "meeting")


def _screen(G):
    from coigraph.screening import screen_meeting

    return {m: screen_meeting(G, m, checks=False) for m in _meetings(G)}


def _finding_keys(results) -> set[tuple[str, str, str, str]]:
    return {(m, it.id, f.person, f.organisation)
            for m, r in results.items() for it in r.items for f in it.findings}


# --------------------------------------------------------------------------- JSON


@SETTINGS
@given(systems())
def test_json_export_round_trips(ds):
    G = build_graph(ds)
    text = dumps(G)
    again = graph_from_json(json.loads(text))
    assert dumps(again) == text
    assert sorted(again.edges(keys=True)) == sorted(G.edges(keys=True))
    back = graph_to_dataset(again)
    assert back.counts() == ds.counts()


# --------------------------------------------------------------------------- screening paths


def _check_path(G, p, on) -> None:
    assert p.nodes and p.nodes[0].id == p.person
    node = p.person
    carried = False
    for e in p.edges:
        assert e.source == node, "the steps join up"
        u, v = (e.target, e.source) if e.reversed else (e.source, e.target)
        assert G.has_edge(u, v, e.key), f"{u} -[{e.key}]-> {v} is not in the graph"
        a = G.edges[u, v, e.key]
        assert a["type"] == e.type
        assert a.get("start") is None or a["start"] <= on, "nothing that starts after the date"
        if e.key == p.carrier_key:
            carried = True
            assert in_force(a, on, lookback_days=DEFAULT_LOOKBACK_DAYS)
            if not in_force(a, on):
                assert p.recency == "ended" and not e.in_force
        else:
            assert in_force(a, on), f"{e.key} is not in force on {on}"
        node = e.target
    assert node == p.organisation, "the path ends at the organisation it explains"
    assert carried, "the path includes the step that carries the interest"
    assert [n.id for n in p.nodes] == [p.person] + [e.target for e in p.edges]


@SETTINGS
@given(systems())
def test_every_reported_path_exists_and_is_in_force(ds):
    G = build_graph(ds)
    for _m, result in _screen(G).items():
        on = result.meeting.date
        for it in result.items:
            for f in it.findings:
                for p in [f.path] + [o.path for o in f.other_paths]:
                    _check_path(G, p, on)
                    assert p.person == f"person:{f.person}" and p.organisation == f"org:{f.organisation}"


@SETTINGS
@given(systems(), st.data())
def test_adding_an_interest_never_removes_a_finding(ds, data):
    G = build_graph(ds)
    before = _finding_keys(_screen(G))
    people = sorted(n for n, t in G.nodes(data="type") if t == "person")
    orgs = sorted(n for n, t in G.nodes(data="type") if t == "organisation")
    person, org = data.draw(st.sampled_from(people)), data.draw(st.sampled_from(orgs))
    types = data.draw(st.lists(st.sampled_from(["financial", "non_financial_professional",
                                                "non_financial_personal"]), min_size=1, unique=True))
    H = G.copy()
    H.add_edge(person, org, key="interest:added", type="interest", id="added", person=person.split(":")[1],
               organisation=org.split(":")[1], types=types, src="added:1")
    after = _finding_keys(_screen(H))
    assert before <= after, f"lost: {before - after}"


@SETTINGS
@given(systems())
def test_removing_the_only_path_removes_the_finding(ds):
    G = build_graph(ds)
    results = _screen(G)
    for m, result in results.items():
        for it in result.items:
            for f in it.findings:
                if f.other_paths:
                    continue  # more than one explanation: removing one leaves the others
                step = next(e for e in f.path.edges if e.key == f.path.carrier_key)
                u, v = (step.target, step.source) if step.reversed else (step.source, step.target)
                H = G.copy()
                H.remove_edge(u, v, step.key)
                again = _finding_keys({m: _screen(H)[m]})
                assert (m, it.id, f.person, f.organisation) not in again, \
                    f"{f.person} still conflicted on {it.id} after removing {step.key}"


# --------------------------------------------------------------------------- delegation


@SETTINGS
@given(systems())
def test_delegation_tracing_terminates_on_any_scheme(ds):
    from coigraph.delegation import trace_all

    G = build_graph(ds)
    out: list = []
    t = threading.Thread(target=lambda: out.append(trace_all(G)), daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "tracing did not finish within 60 s"
    traces = out[0]
    assert len(traces) == len(ds.table("decisions"))
    delegations = {k for _u, _v, k, a in G.edges(keys=True, data=True) if a.get("type") == "delegation"}
    for tr in traces:
        assert tr.verdict
        for chain in tr.chains:
            for link in chain.links:
                key = link.delegation if link.delegation.startswith("delegation:") \
                    else f"delegation:{link.delegation}"
                assert key in delegations, key


# --------------------------------------------------------------------------- redaction


@SETTINGS
@given(systems(names=plain_text.map(str.upper)))
def test_redaction_keeps_the_graph_valid_and_withholds_details(ds):
    from coigraph.redact import WITHHELD, is_private_interest, redaction_for

    G = build_graph(ds)
    r = redaction_for(G)
    H = r.graph(G)
    text = dumps(H)
    assert dumps(graph_from_json(json.loads(text))) == text  # still a valid graph
    for n in r.people:
        assert n not in H and r.people[n] in H
    public_names = {a.get("name") for n, a in H.nodes(data=True) if a.get("type") == "person"}
    for n in r.people:
        name = G.nodes[n]["name"]
        assert name not in public_names or any(
            G.nodes[m].get("name") == name for m in G if m not in r.people and G.nodes[m].get("type") == "person")
    for _u, _v, a in H.edges(data=True):
        if a.get("type") == "interest" and is_private_interest(a):
            for f in ("description", "mitigation", "relationship"):
                assert a.get(f) in (None, WITHHELD)
    # every interest is still there, with its category
    assert sorted((k, tuple(a["types"])) for _u, _v, k, a in G.edges(keys=True, data=True)
                  if a.get("type") == "interest" and _u not in r.people) == \
        sorted((k, tuple(a["types"])) for _u, _v, k, a in H.edges(keys=True, data=True)
               if a.get("type") == "interest")
