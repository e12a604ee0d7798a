"""The typed graph: what becomes a node or an edge, evidence on each, lossless JSON round-trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coigraph.graph import (
    build_graph,
    dumps,
    edges_valid_on,
    graph_from_json,
    graph_to_dataset,
    in_force,
)
from coigraph.load.dataset import Dataset, load_dataset
from coigraph.load.readers import clean_text
from coigraph.model import EDGE_TYPES, NODE_TYPES, Interest, Organisation, Person, Position

MINIMAL = Path(__file__).parent / "data" / "minimal"


def test_nodes_and_edges_are_typed_with_evidence() -> None:
    G = build_graph(load_dataset(MINIMAL))
    assert G.nodes["org:northshire-hospitals-ft"]["type"] == "organisation"
    assert G.nodes["person:amina-shah"]["src"] == "people.csv:2"
    edges = G.get_edge_data("person:tom-reed", "org:riverside-surgery")
    assert set(edges) == {"interest:int-2"}
    e = edges["interest:int-2"]
    assert e["type"] == "interest" and e["indirect"] is True and e["src"] == "interests.csv:3"
    assert {a["type"] for _, a in G.nodes(data=True)} <= set(NODE_TYPES)
    assert {a["type"] for *_, a in G.edges(data=True)} <= set(EDGE_TYPES)
    # a seat on a body points at the body, which is owned by its organisation
    assert "position:pos-1" in G.get_edge_data("person:amina-shah", "body:icb-board")
    assert "owned_by" in G.get_edge_data("body:icb-board", "org:northshire-icb")


def test_in_force_and_lookback() -> None:
    a = {"start": dt.date(2020, 1, 1), "end": dt.date(2024, 12, 31)}
    assert in_force(a, dt.date(2024, 12, 31))
    assert not in_force(a, dt.date(2025, 5, 1))
    assert in_force(a, dt.date(2025, 5, 1), lookback_days=183)
    assert not in_force(a, dt.date(2019, 12, 31), lookback_days=1000)


def test_edges_valid_on_filters_ended_records() -> None:
    G = build_graph(load_dataset(MINIMAL))
    keys = {k for *_, k, _ in edges_valid_on(G, dt.date(2010, 1, 1))}
    assert "interest:int-1" not in keys and "owned_by" in keys


def test_json_round_trip_of_sample_is_byte_identical(tmp_path: Path) -> None:
    G = build_graph(load_dataset(MINIMAL))
    text = dumps(G)
    (tmp_path / "g.json").write_text(text)
    again = build_graph(load_dataset(tmp_path / "g.json"))
    assert dumps(again) == text


def test_graph_to_dataset_gives_back_the_records() -> None:
    ds = load_dataset(MINIMAL)
    back = graph_to_dataset(build_graph(ds))
    for name in ds.records:
        assert sorted(r.model_dump_json() for r in back.table(name)) == sorted(
            r.model_dump_json() for r in ds.table(name)), name


# --------------------------------------------------------------------------- property

_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8).map(lambda s: "x" + s)
#: Any text the loader can hand over: control characters removed, NFC (both done on loading).
_names = st.text(min_size=1, max_size=30).map(lambda t: clean_text(t)[0].strip()).filter(bool)
_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    org_ids = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    person_ids = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    orgs = [Organisation(id=o, name=draw(_names), kind=draw(st.sampled_from(["icb", "company", "vcse"])),
                         aliases=draw(st.lists(_names, max_size=2))) for o in org_ids]
    people = [Person(id=p, name=draw(_names)) for p in person_ids]
    interests = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(st.none() | _dates)
        end = draw(st.none() | _dates.filter(lambda d, s=start: s is None or d >= s))
        interests.append(Interest(
            id=f"i{i}", person=draw(st.sampled_from(person_ids)),
            organisation=draw(st.sampled_from(org_ids)),
            types=draw(st.lists(st.sampled_from(["financial", "non_financial_personal"]), min_size=1,
                                max_size=2, unique=True)),
            description=draw(st.none() | _names), start=start, end=end,
        ))
    positions = [Position(id=f"p{i}", person=draw(st.sampled_from(person_ids)), role="director",
                          organisation=draw(st.sampled_from(org_ids)), start=draw(st.none() | _dates))
                 for i in range(draw(st.integers(0, 4)))]
    ds = Dataset(name="gen")
    ds.records = {"organisations": orgs, "people": people, "interests": interests, "positions": positions,
                  "bodies": []}
    for i, r in enumerate([*orgs, *people, *interests, *positions]):
        r._src = f"gen.csv:{i + 2}"
    return ds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_json_round_trip_property(ds: Dataset) -> None:
    G = build_graph(ds)
    text = dumps(G)
    G2 = graph_from_json(json.loads(text))
    assert dumps(G2) == text
    assert sorted(G2.edges(keys=True)) == sorted(G.edges(keys=True))
    assert all(G2.nodes[n] == G.nodes[n] for n in G)


def test_every_record_becomes_exactly_one_node_or_edge() -> None:
    from coigraph.model import TABLES

    root = Path(__file__).resolve().parent.parent
    for folder in (MINIMAL, root / "data" / "northshire", Path(__file__).parent / "data" / "minutes-reconciliation"):
        ds = load_dataset(folder)
        G = build_graph(ds)
        for t in TABLES:
            typ = t.node_type or t.edge_type
            if t.node_type:
                n = sum(1 for _, a in G.nodes(data=True) if a.get("type") == typ)
            else:
                n = sum(1 for *_, a in G.edges(data=True) if a.get("type") == typ)
            assert n == len(ds.table(t.name)), (folder.name, t.name)


def test_identical_rows_are_both_kept(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(MINIMAL, tmp_path / "d")
    with (tmp_path / "d" / "nil_returns.csv").open("a") as fh:
        fh.write("sam-reed,2024-04-01\n")
    G = build_graph(load_dataset(tmp_path / "d"))
    assert len(G.get_edge_data("person:sam-reed", "person:sam-reed")) == 2


def test_an_unknown_id_with_no_close_match_lists_the_ids_there_are() -> None:
    """'no meeting 'x' in the data (5 meetings known)' left the officer to find the ids elsewhere."""
    from coigraph.errors import NotFound
    from coigraph.graph import find_node, load_graph
    from tests.conftest import NORTHSHIRE

    with pytest.raises(NotFound) as e:
        find_node(load_graph(NORTHSHIRE), "meeting", "no-such-meeting")
    assert "5 meetings known: icb-board-2025-05, icb-fic-2025-06" in str(e.value)
