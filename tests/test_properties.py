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

import io
import json
import os
import threading
import zipfile

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


# --------------------------------------------------------------------------- redaction: planted markers


def _plant(ds, draw):
    """Plant markers (unique words) in every private detail of ``ds`` and in free text that
    mentions something withheld; returns the markers, none of which may be published."""
    import datetime as dt

    from coigraph.model import Association, Interest, MinutesEntry, Person
    from coigraph.redact import is_private_interest, redaction_for

    # always one private associate: a member's relative, named nowhere else in public life
    member = ds.table("people")[0].id
    relative = Person(id="relative", name=draw(plain_text))
    ds.records["people"] = [*ds.table("people"), relative]
    ds.records["associations"] = [*ds.table("associations"),
                                  Association(person=member, associate="relative", kind="relative")]
    ds.records["interests"] = [*ds.table("interests"), Interest(
        id="i-relative", person=member, organisation=ds.table("organisations")[-1].id, types=["financial"],
        indirect=True, associate="relative", relationship="sister")]
    for rec in (relative, ds.records["associations"][-1], ds.records["interests"][-1]):
        rec._src = "planted.csv:2"
    r = redaction_for(build_graph(ds))
    markers: list[str] = []

    def marker(kind: str) -> str:
        markers.append(f"zq{kind}{len(markers):04d}qz")
        return markers[-1]

    people = {p.id: p for p in ds.table("people")}
    private_people = [people[n.split(":", 1)[1]] for n in r.people]
    for p in private_people:
        p.name = f"{p.name} {marker('name')}"
        p.aliases = [marker("alias")]
    details: list[str] = []
    private = [i for i in ds.table("interests") if is_private_interest(i)]
    for i in private:
        i.description = f"{i.description or 'Interest'} {marker('desc')}"
        i.mitigation = f"{marker('mit')} {i.mitigation or 'declare'}"
        if i.associate:
            i.relationship = marker("rel")
        if i.subject:
            i.subject = f"{i.subject} {marker('subj')}"
        details.append(i.description)
    # free text that mentions what is withheld: summaries, notes, minutes
    said = [p.name for p in private_people] + details + [
        f"his {i.relationship}" for i in private if i.relationship]
    if not said:
        return markers
    items = ds.table("agenda_items")
    for n, item in enumerate(items):
        item.summary = f"Paper {n}: {draw(st.sampled_from(said))} ({marker('sum')})"
    for a in ds.table("affected_organisations"):
        a.note = f"{draw(st.sampled_from(said))} {marker('note')}"
    minutes = []
    for n, item in enumerate(items):
        minutes.append(MinutesEntry(meeting=item.meeting, item=item.id, kind="declaration",
                                    person=draw(st.sampled_from(sorted(people))),
                                    text=f"Minute {n}: {draw(st.sampled_from(said))} {marker('min')}"))
    for i in private:  # a minute of the private interest itself, in words of its own
        if i.organisation and items:
            minutes.append(MinutesEntry(meeting=items[0].meeting, item=items[0].id, kind="declaration",
                                        person=i.person, organisation=i.organisation,
                                        text=f"Declared a post: {marker('own')}"))
    for n, m in enumerate(minutes, start=2):
        m._src = f"minutes.csv:{n}"
    ds.records["minutes"] = minutes
    del dt
    return markers


def _redacted_outputs(ds) -> dict[str, str]:
    """Every redacted output of every command that publishes: export, screen (each format),
    maps (meeting, person, system), export-register (CSV and the workbook's XML)."""
    import io
    import zipfile

    from coigraph.maps import meeting_map, person_map, system_map
    from coigraph.maps.page import page_data, script_json, to_network
    from coigraph.redact import redact_dataset, redact_findings, redact_graph
    from coigraph.registers.export import export_register
    from coigraph.report import formats, render
    from coigraph.screening import screen_meeting

    G = build_graph(ds)
    H = redact_graph(G)
    out = {"export": dumps(H)}
    for m in _meetings(G):
        result = redact_findings(screen_meeting(G, m), G)
        for fmt in formats(type(result)):
            out[f"screen {m} {fmt}"] = render(result, fmt)
        mm = meeting_map(H, m)
        out[f"map {m}"] = script_json(page_data(mm, to_network(mm)))
    sm = system_map(H)
    out["map system"] = script_json(page_data(sm, to_network(sm)))
    for n, a in H.nodes(data="type"):
        if a == "person":
            pm = person_map(H, n, hops=2)
            out[f"map {n}"] = script_json(page_data(pm, to_network(pm)))
    red = redact_dataset(ds)
    out["register csv"] = export_register(red, fmt="csv")
    with zipfile.ZipFile(io.BytesIO(export_register(red, fmt="xlsx"))) as z:
        out["register xlsx"] = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    return out


@SETTINGS
@given(systems(names=plain_text), st.data())
def test_no_planted_marker_survives_any_redacted_output(ds, data):
    markers = _plant(ds, data.draw)
    G = build_graph(ds)
    assert all(m in dumps(G) for m in markers), "every marker is in the unredacted data"
    for name, text in _redacted_outputs(ds).items():
        if isinstance(text, bytes):  # a Word paper: every XML part of the package, as in the register xlsx
            with zipfile.ZipFile(io.BytesIO(text)) as z:
                text = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        folded = text.casefold()
        leaked = [m for m in markers if m in folded]
        assert not leaked, f"{name} publishes {leaked}"
