"""The benchmark: its generator is deterministic, realistic in the ways the figures depend on
(cadence, depth, self items, register history) and loads cleanly; its baselines agree with the
engine; and the quick run works end to end (so the full run cannot rot unnoticed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

import coigraph
from bench import baseline as bl
from bench.generate import CADENCE, TIERS, generate, is_complete
from bench.run import data_shape, fixed_meetings
from coigraph.delegation import Rules, Scheme, decision_ids, search_chains
from coigraph.policy import load_policy
from coigraph.screening import screen_meeting

ROOT = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ics")
    generate("ics", folder, seed=1)
    return folder


def test_generator_same_seed_same_bytes(ics: Path, tmp_path: Path) -> None:
    generate("ics", tmp_path / "again", seed=1)
    assert _digest(tmp_path / "again") == _digest(ics)
    generate("ics", tmp_path / "other", seed=2)
    other = _digest(tmp_path / "other")
    assert other.keys() == _digest(ics).keys()
    assert other["people.csv"] != _digest(ics)["people.csv"]


def test_generator_cli_writes_the_same_folder(ics: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    run = subprocess.run([sys.executable, "-m", "bench.generate", "ics", str(out), "--seed", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert _digest(out) == _digest(ics)
    assert is_complete(out, "ics", 1) and not is_complete(out, "ics", 2)


def test_history_adds_older_meetings_and_leaves_the_window_alone(ics: Path, tmp_path: Path) -> None:
    """``history=2``: the window's records are byte for byte those of ``history=1`` (so the same
    meeting can be screened against both), and the older years add as many meetings again."""
    longer = tmp_path / "x2"
    generate("ics", longer, seed=1, history=2)
    assert is_complete(longer, "ics", 1, 2) and not is_complete(longer, "ics", 1)
    assert not is_complete(ics, "ics", 1, 2)
    for f in sorted(ics.glob("*.csv")):
        short = f.read_text(encoding="utf-8").splitlines()
        long = (longer / f.name).read_text(encoding="utf-8").splitlines()
        assert long[: len(short)] == short, f.name
    n1 = len((ics / "meetings.csv").read_text(encoding="utf-8").splitlines()) - 1
    n2 = len((longer / "meetings.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert 1.9 * n1 <= n2 <= 2.1 * n1


def test_ics_tier_loads_cleanly_with_the_sizes_asked_for(ics: Path) -> None:
    ds = coigraph.load_dataset(ics)  # raises DataError on any error
    # the only warnings are namesakes, which a real register of 2,000 people has too
    assert {p.message.split("' is also the name of")[0] != p.message for p in ds.warnings} <= {True}
    spec = TIERS["ics"]
    kinds = Counter(o.kind for o in ds.table("organisations"))
    assert kinds["icb"] == 1 and kinds["gp_practice"] == spec.practices
    assert kinds["nhs_trust"] + kinds["foundation_trust"] == spec.trusts
    assert len(ds.table("people")) == spec.people
    assert len(ds.table("interests")) == spec.interests
    for table in ("associations", "attendance", "affected_organisations", "delegations", "decisions",
                  "nil_returns"):
        assert ds.table(table), table
    effects = Counter(a.effect for a in ds.table("affected_organisations"))
    assert {"award", "investment", "allocation", "reconfiguration", "system_wide", "self"} <= set(effects)
    assert any(i.indirect for i in ds.table("interests"))
    partner = [p for p in ds.table("positions") if p.role == "partner_member"]
    assert {p.nominated_by for p in partner} == {"trusts", "primary_care", "local_authority"}


def test_bodies_meet_at_their_real_cadence_over_three_years(ics: Path) -> None:
    G = coigraph.load_graph(ics)
    by_body: dict[str, list[dt.date]] = defaultdict(list)
    for _, a in G.nodes(data=True):
        if a.get("type") == "meeting":
            by_body[a["body"]].append(a["date"])
    dates = sorted(d for ds in by_body.values() for d in ds)
    assert dates[0] >= dt.date(2023, 4, 1) and dates[-1] <= dt.date(2026, 3, 31)
    for body, ds in by_body.items():
        kind = G.nodes[f"body:{body}"]["kind"]
        a_year = len(ds) / 3
        if kind == "board":
            assert 6 <= a_year <= 12, body
        elif body.endswith(("-finance", "-quality", "-pccc", "-pcsub")):
            assert a_year == CADENCE["finance"][0] == 12, body
        else:
            assert 4 <= a_year <= 12, body
    assert sum(len(ds) for ds in by_body.values()) > 600


def test_organisations_have_depth_and_items_about_members_are_few(ics: Path) -> None:
    G = coigraph.load_graph(ics)
    shape = data_shape(G)
    assert shape["org_depth"].get("3", 0) > 0  # an operating company three levels below its group
    parents: dict[str, set[str]] = defaultdict(set)
    for u, v, a in G.edges(data=True):
        if a.get("type") == "org_relation" and a.get("kind") == "subsidiary_of":
            parents[u].add(v)
        elif a.get("type") == "org_relation" and a.get("kind") == "owns":
            parents[v].add(u)
    assert any(len(p) >= 2 for p in parents.values())  # joint ventures
    relation_kinds = {a.get("kind") for _, _, a in G.edges(data=True) if a.get("type") == "org_relation"}
    assert {"subsidiary_of", "owns", "member_of", "hosts", "contracts_with"} <= relation_kinds
    # a few items about the members themselves per body a year, not most of the agenda
    assert 0.2 <= shape["self_items_per_body_year"] <= 4


def test_registers_have_history(ics: Path) -> None:
    """Entries declared over the years, some late; some ended; some updated (the old entry ends the
    day before the new one starts)."""
    ds = coigraph.load_dataset(ics)
    entries = ds.table("interests")
    assert sum(1 for i in entries if i.end is not None) > len(entries) // 20
    assert any(i.declared and (i.declared - i.start).days > 28 for i in entries if i.start)
    assert len({i.start.year for i in entries if i.start}) >= 10
    by_key = defaultdict(list)
    for i in entries:
        by_key[(i.person, i.organisation, i.subject)].append(i)
    updated = [k for k, xs in by_key.items() if any(
        a.end is not None and b.start == a.end + dt.timedelta(days=1) for a in xs for b in xs)]
    assert len(updated) > 50
    nil_years = {n.date.year for n in ds.table("nil_returns")}
    assert {2023, 2024, 2025} <= nil_years


def test_companies_tier_is_bigger_than_national_by_a_register_of_directorships() -> None:
    nat, com = TIERS["national"], TIERS["companies"]
    assert com.people == nat.people and com.years == nat.years
    assert com.ch_companies + com.ch_officers >= 1_000_000
    assert com.ch_appointments + com.ch_group_links >= 4_500_000
    assert com.ch_director_share >= 0.05


@pytest.mark.parametrize("view", [bl.directed_view, bl.undirected_view])
def test_baseline_finds_what_the_engine_finds_on_the_sample_system(northshire: Path, view) -> None:
    """Two independent implementations of the documented path shapes agree, meeting by meeting."""
    G = coigraph.load_graph(northshire)
    V = view(G)
    policy = load_policy()
    meetings = sorted(n for n, t in G.nodes(data="type") if t == "meeting")
    total = 0
    for m in meetings:
        engine = bl.engine_triples(screen_meeting(G, m, policy=policy))
        base = bl.screen_meeting_baseline(G, V, m, cap_seconds=None)
        assert base.complete
        assert base.findings == engine, m
        total += len(engine)
    assert total > 20  # the sample system's seeded conflicts are there to be found


def test_directed_baseline_finds_what_the_engine_finds_through_deep_structures(ics: Path) -> None:
    """On the generated system (groups, joint ventures, federations: paths of up to five edges),
    meeting by meeting, including every finding of three edges or more."""
    G = coigraph.load_graph(ics)
    D = bl.directed_view(G)
    policy = load_policy()
    lengths: Counter[int] = Counter()
    for m in fixed_meetings(G, 40):
        screen = screen_meeting(G, m, policy=policy, checks=False)
        lengths.update(len(f.path.edges) for it in screen.items for f in it.findings)
        base = bl.screen_meeting_baseline(G, D, m, cap_seconds=None)
        assert base.complete and base.findings == bl.engine_triples(screen), m
    assert lengths[3] > 0 and sum(lengths.values()) > 100


def test_directed_view_keeps_only_walkable_directions(northshire: Path) -> None:
    G = coigraph.load_graph(northshire)
    D = bl.directed_view(G)
    for u, v, a in G.edges(data=True):
        t = a.get("type")
        if t in ("position", "interest", "owned_by") and u != v:
            assert D.has_edge(u, v)
        if t == "org_relation" and a.get("kind") in ("contracts_with", "hosts"):
            assert not D.has_edge(u, v) or any(  # unless a line relation joins the same two
                b.get("kind") in bl.LINE for b in list(G.get_edge_data(u, v, default={}).values())
                + list(G.get_edge_data(v, u, default={}).values()))
    # a post or register entry is never walked from the organisation (or body) back to the person
    holders = [n for n, t in G.nodes(data="type") if t in ("organisation", "body", "subject") and n in D]
    assert holders and not any(s.startswith("person:") for n in holders for s in D.successors(n))


def test_baseline_chain_search_matches_the_engine(northshire: Path) -> None:
    G = coigraph.load_graph(northshire)
    S, D, rules = Scheme.of(G), bl.delegation_graph(G), Rules()
    boards = {n for n, a in G.nodes(data=True) if a.get("type") == "body" and a.get("kind") == "board"}
    complete = 0
    for d in decision_ids(G):
        a = G.nodes[f"decision:{d}"]
        start = (f"body:{a['by_body']}" if a.get("by_body") else
                 f"person:{a.get('by_person') or a['signatories'][0]}")  # signed by several: the first
        engine = {tuple(x.id for x in p.links) for p in search_chains(S, start, a["matter"], rules)
                  if p.complete}
        assert bl.complete_chains_baseline(G, D, start, a["matter"], max_depth=rules.max_depth,
                                           boards=boards) == engine, d
        complete += bool(engine)
    assert complete > 3


def test_baseline_stops_at_its_cap(ics: Path) -> None:
    G = coigraph.load_graph(ics)
    U = bl.undirected_view(G)
    board = sorted(n for n, a in G.nodes(data=True) if a.get("type") == "meeting"
                   and a.get("body", "").endswith("-board") and a["body"].startswith("icb"))[0]
    res = bl.screen_meeting_baseline(G, U, board, cap_seconds=0.0)
    assert not res.complete and res.paths_enumerated >= 1


def test_quick_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    """``python -m bench --quick`` (on 4 of its fixed meetings, 20 sampled screens, 2 meetings at
    both histories and one cold/warm pair of CLI runs, to keep CI fast): every key of record there,
    the engine's findings equal to both baselines'.  No speed is asserted: this is a benchmark, not a
    timed test."""
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--baseline-meetings", "4", "--screen-meetings", "20",
         "--history-meetings", "2", "--cold-pairs", "1", "--json", str(out), "--out", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc["tiers"]) == ["ics"]
    ics = doc["tiers"]["ics"]
    for key in ("screen_speedup", "same_findings", "baseline_kind", "history_growth",
                "cold_start_ratio", "bytes_per_element", "screen_all_peak_ratio",
                "web_slowest_median_ms", "screen_speedup_undirected", "same_findings_undirected",
                "sweep_ratio", "trace_ratio", "load_build_s", "peak_rss_mb", "screen_median_s",
                "screen_p95_s", "sweep_estimate_s", "trace_all_s", "finding_path_lengths", "shape",
                "index_s"):
        assert key in ics, key
    assert ics["baseline_kind"] == "directed"
    cold = ics["cold_start"]
    assert len(cold["pairs"]) == 1 and cold["cold_median_s"] > 0 and cold["warm_median_s"] > 0
    assert ics["cold_start_ratio"] == cold["pairs"][0]["ratio"] > 0
    assert ics["screen_all"]["peak_mb"] > 0 and ics["screen_all_peak_ratio"] > 0
    assert ics["web"]["pages"] and ics["web_slowest_median_ms"] > 0
    assert ics["same_findings"] is True and ics["same_findings_checked"] == 4
    assert ics["same_findings_undirected"] is True
    assert ics["same_chains"] is True
    assert ics["screen_speedup"] > 0 and ics["history_growth"] > 0 and ics["bytes_per_element"] > 0
    assert ics["history"]["meetings_longer"] >= 9 * ics["history"]["meetings"]
    assert ics["nodes"] > 10_000 and ics["meetings"] == ics["shape"]["meetings"] > 600
    assert ics["screened"] == 20
    assert "| **screen_speedup** (full screen vs directed baseline) on those 4 |" in run.stdout
    assert "| same findings as the directed baseline | yes (4 of 4 finished) |" in run.stdout
    assert "| **cold_start_ratio**" in run.stdout and "| **screen_all_peak_ratio**" in run.stdout
