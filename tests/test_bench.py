"""The benchmark: its generator is deterministic and loads cleanly, its baseline agrees with the
engine, and the quick run works end to end (so the full run cannot rot unnoticed)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import coigraph
from bench import baseline as bl
from bench.generate import TIERS, generate, is_complete
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
    assert len(ds.table("meetings")) == spec.meetings
    for table in ("associations", "attendance", "affected_organisations", "delegations", "decisions"):
        assert ds.table(table), table
    effects = Counter(a.effect for a in ds.table("affected_organisations"))
    assert {"award", "investment", "allocation", "reconfiguration", "system_wide", "self"} <= set(effects)
    assert any(i.indirect for i in ds.table("interests"))
    partner = [p for p in ds.table("positions") if p.role == "partner_member"]
    assert {p.nominated_by for p in partner} == {"trusts", "primary_care", "local_authority"}


def test_companies_tier_is_bigger_than_national_by_a_register_of_directorships() -> None:
    nat, com = TIERS["national"], TIERS["companies"]
    assert com.people == nat.people and com.meetings == nat.meetings
    assert com.ch_companies + com.ch_officers >= 1_000_000
    assert com.ch_appointments + com.ch_group_links >= 4_500_000
    assert com.ch_director_share >= 0.05


def test_baseline_finds_what_the_engine_finds_on_the_sample_system(northshire: Path) -> None:
    """Two independent implementations of the documented path shapes agree, meeting by meeting."""
    G = coigraph.load_graph(northshire)
    U = bl.undirected_view(G)
    policy = load_policy()
    meetings = sorted(n for n, t in G.nodes(data="type") if t == "meeting")
    total = 0
    for m in meetings:
        engine = bl.engine_triples(screen_meeting(G, m, policy=policy))
        base = bl.screen_meeting_baseline(G, U, m, cap_seconds=None)
        assert base.complete
        assert base.findings == engine, m
        total += len(engine)
    assert total > 20  # the sample system's seeded conflicts are there to be found


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
    """``python -m bench --quick`` (on 4 of its fixed meetings, to keep CI fast): every key there,
    the engine's findings equal to the baseline's, and the screening at least 10x faster."""
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--baseline-meetings", "4", "--json", str(out),
         "--out", str(tmp_path / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc["tiers"]) == ["ics"]
    ics = doc["tiers"]["ics"]
    for key in ("screen_speedup", "same_findings", "sweep_ratio", "trace_ratio", "load_build_s",
                "peak_rss_mb", "screen_median_s", "screen_p95_s", "sweep_s", "trace_all_s"):
        assert key in ics, key
    assert ics["same_findings"] is True and ics["same_findings_checked"] == 4
    assert ics["same_chains"] is True
    assert ics["screen_speedup"] >= 10
    assert ics["nodes"] > 3000 and ics["meetings"] == TIERS["ics"].meetings
    assert "| screening speed-up on those 4 |" in run.stdout
    assert "| same findings as the baseline | yes (4 of 4 finished) |" in run.stdout
