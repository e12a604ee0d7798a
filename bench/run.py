"""Measure one tier, in a process of its own (so its peak memory is its own).

``python -m bench.run TIER DATA_DIR --json OUT`` loads and builds the graph
through the ordinary loader, then times, next to the baseline of
:mod:`bench.baseline` in the same process:

* screening one meeting (every meeting, warm: median and p95);
* sweeping all meetings (:func:`coigraph.screening.screen_all`);
* the baseline on fixed meetings, each capped, with the findings compared;
* tracing all decisions (:func:`coigraph.delegation.trace_all`), and the
  chain search it rests on next to an ``nx.all_simple_edge_paths`` baseline;
* optionally pushing a slice of the graph to a Bolt server (ArcadeDB).

The figures go to a JSON file; :mod:`bench.__main__` prints the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _p(xs: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def fixed_meetings(G: nx.MultiDiGraph, n: int) -> list[str]:
    """``n`` meetings spread evenly over the sorted ids of those with an affected organisation.

    Fixed by the data alone, so every run screens the same ones.
    """
    with_orgs = sorted(m for m, t in G.nodes(data="type") if t == "meeting" and any(
        any(tt == "affects" for _, _, tt in G.out_edges(it, data="type"))
        for it, _, t2 in G.in_edges(m, data="type") if t2 == "item_of"))
    if len(with_orgs) <= n:
        return with_orgs
    return [with_orgs[i * len(with_orgs) // n] for i in range(n)]


def measure(tier: str, data: Path, *, cap: float, n_baseline: int, neo4j_rows: int | None,
            log: Callable[[str], None]) -> dict[str, Any]:
    """Every figure of one tier (see the module docstring)."""
    import coigraph
    from bench import baseline as bl
    from coigraph.delegation import Rules, Scheme, decision_ids, search_chains, trace_all
    from coigraph.policy import load_policy
    from coigraph.screening import org_matcher, screen_all, screen_meeting

    out: dict[str, Any] = {"tier": tier, "data": str(data)}
    # ---------------------------------------------------------------- load + build
    t0 = time.perf_counter()
    ds = coigraph.load_dataset(data)
    t1 = time.perf_counter()
    G = coigraph.build_graph(ds)
    t2 = time.perf_counter()
    out.update(rows=sum(len(v) for v in ds.records.values()), warnings=len(ds.warnings),
               load_s=t1 - t0, build_s=t2 - t1, load_build_s=t2 - t0, peak_rss_mb=rss_mb(),
               nodes=G.number_of_nodes(), edges=G.number_of_edges())
    del ds
    gc.collect()
    if any(n.startswith("org:ch") for n in G.succ.get("person:off0000000", {})):
        out["companies_house"] = companies_house_shape(G)
    log(f"{tier}: loaded {out['rows']:,} rows and built {out['nodes']:,} nodes, {out['edges']:,} edges "
        f"in {out['load_build_s']:.1f}s (peak {out['peak_rss_mb']:,.0f} MB)")

    # ---------------------------------------------------------------- one-off indexes
    t = time.perf_counter()
    org_matcher(G)
    out["name_index_s"] = time.perf_counter() - t
    policy = load_policy()

    # ---------------------------------------------------------------- sweep (and each meeting in it)
    meetings = sorted((n for n, t in G.nodes(data="type") if t == "meeting"),
                      key=lambda n: (G.nodes[n]["date"], n))
    marks: list[float] = []
    t = time.perf_counter()
    swept = screen_all(G, policy=policy, progress=lambda: marks.append(time.perf_counter()))
    out["sweep_s"] = time.perf_counter() - t
    per = [b - a for a, b in zip([t, *marks[:-1]], marks, strict=True)]
    out.update(meetings=len(meetings), findings=sum(m.summary.findings for m in swept.meetings),
               screen_median_s=statistics.median(per), screen_p95_s=_p(per, 0.95),
               screen_max_s=max(per))
    del swept
    log(f"{tier}: swept {len(meetings)} meetings in {out['sweep_s']:.1f}s "
        f"(median {out['screen_median_s'] * 1000:.0f} ms, p95 {out['screen_p95_s'] * 1000:.0f} ms)")

    # ---------------------------------------------------------------- baseline on fixed meetings
    out["baseline"] = None
    if n_baseline > 0:
        t = time.perf_counter()
        U = bl.undirected_view(G)
        view_s = time.perf_counter() - t
        rows = []
        for m in fixed_meetings(G, n_baseline):
            times = []
            for _ in range(3):
                t = time.perf_counter()
                screen = screen_meeting(G, m, policy=policy)
                times.append(time.perf_counter() - t)
            eng = bl.engine_triples(screen)
            res = bl.screen_meeting_baseline(G, U, m, cap_seconds=cap)
            rows.append({"meeting": m.split(":", 1)[1], "engine_s": min(times),
                         "baseline_s": res.seconds, "complete": res.complete,
                         "engine_findings": len(eng), "baseline_findings": len(res.findings),
                         "paths_enumerated": res.paths_enumerated,
                         "same": (eng == res.findings) if res.complete else None,
                         # capped: what the baseline did find must be among the engine's findings
                         "partial_subset": res.findings <= eng})
            log(f"{tier}: baseline {m}: {res.seconds:.1f}s{'' if res.complete else ' (capped)'} vs "
                f"engine {min(times) * 1000:.0f} ms; findings {len(res.findings)} vs {len(eng)}"
                + ("" if not res.complete else " (same)" if eng == res.findings else " (DIFFERENT)"))
        done = [r for r in rows if r["complete"]]
        eng_total = sum(r["engine_s"] for r in rows)
        base_total = sum(r["baseline_s"] for r in rows)
        out["baseline"] = {"cap_s": cap, "view_build_s": view_s, "meetings": rows}
        out["screen_speedup"] = base_total / eng_total if eng_total else None
        out["screen_speedup_lower_bound"] = len(done) < len(rows)
        out["baseline_median_s"] = statistics.median(r["baseline_s"] for r in rows)
        out["baseline_capped"] = len(rows) - len(done)
        out["same_findings"] = all(r["same"] for r in done) if done else None
        out["same_findings_checked"] = len(done)
        out["capped_findings_subset"] = all(r["partial_subset"] for r in rows if not r["complete"])
        out["capped_baseline_findings"] = sum(r["baseline_findings"] for r in rows if not r["complete"])
        # the sweep, the baseline way: its mean per meeting times the number of meetings
        out["baseline_sweep_estimate_s"] = base_total / len(rows) * len(meetings) if rows else None
        out["sweep_ratio"] = (out["baseline_sweep_estimate_s"] / out["sweep_s"]
                              if out["baseline_sweep_estimate_s"] else None)
        del U
    else:
        out.update(screen_speedup=None, same_findings=None, sweep_ratio=None)

    # ---------------------------------------------------------------- delegation
    ids = decision_ids(G)
    t = time.perf_counter()
    traces = trace_all(G)
    out.update(decisions=len(ids), trace_all_s=time.perf_counter() - t,
               trace_verdicts={v: sum(1 for x in traces if x.verdict == v)
                               for v in sorted({x.verdict for x in traces})})
    del traces
    rules = Rules()

    def start_of(d: str) -> tuple[str, str]:
        a = G.nodes[f"decision:{d}"]
        by = f"body:{a['by_body']}" if a.get("by_body") else f"person:{a['by_person']}"
        return by, str(a["matter"])

    # the chain search alone, each side's index built first and timed apart (both are one-offs)
    t = time.perf_counter()
    S = Scheme.of(G)
    out["chain_index_s"] = time.perf_counter() - t
    t = time.perf_counter()
    eng_chains = {d: {tuple(x.id for x in p.links) for p in search_chains(S, *start_of(d), rules)
                      if p.complete} for d in ids}
    out["chain_search_s"] = time.perf_counter() - t
    if n_baseline > 0:
        t = time.perf_counter()
        D = bl.delegation_graph(G)
        boards = {n for n, a in G.nodes(data=True) if a.get("type") == "body" and a.get("kind") == "board"}
        out["chain_baseline_index_s"] = time.perf_counter() - t
        t = time.perf_counter()
        base_chains = {d: bl.complete_chains_baseline(G, D, *start_of(d), max_depth=rules.max_depth,
                                                      boards=boards) for d in ids}
        out["chain_baseline_s"] = time.perf_counter() - t
        out["trace_ratio"] = out["chain_baseline_s"] / out["chain_search_s"]
        out["same_chains"] = eng_chains == base_chains
    log(f"{tier}: traced {len(ids):,} decisions in {out['trace_all_s']:.1f}s")

    # ---------------------------------------------------------------- Neo4j push
    if neo4j_rows is not None:
        out["neo4j"] = neo4j_push(G, neo4j_rows, log)
    out["peak_rss_end_mb"] = rss_mb()
    return out


def companies_house_shape(G: nx.MultiDiGraph) -> dict[str, Any]:
    """How the Companies House-like part hangs together: who holds appointments, how many.

    Governance people are ``person:p…``; Companies House officers ``person:off…``;
    its companies ``org:ch…`` (see :mod:`bench.generate`).
    """
    degree: dict[str, int] = {}
    for u, v, t in G.edges(data="type"):
        if t == "position" and v.startswith("org:ch"):
            degree[u] = degree.get(u, 0) + 1
    gov = [u for u in degree if u.startswith("person:p")]
    n_gov = sum(1 for n in G if n.startswith("person:p"))
    officers = sorted((d for u, d in degree.items() if u.startswith("person:off")), reverse=True)
    return {"appointments": sum(degree.values()), "governance_people": n_gov,
            "governance_directors": len(gov), "governance_director_share": len(gov) / n_gov,
            "officers": len(officers), "officer_max_appointments": officers[0] if officers else 0,
            "officers_1000_plus": sum(1 for d in officers if d >= 1000),
            "officer_median_appointments": officers[len(officers) // 2] if officers else 0}


def graph_slice(G: nx.MultiDiGraph, rows: int) -> nx.MultiDiGraph:
    """A fixed slice of at most ``rows`` rows (nodes + edges): every k-th edge, with its two ends.

    ``k`` is the smallest stride whose slice fits, so every edge type appears
    in about its share of the whole graph.  The same graph gives the same slice.
    """
    if rows <= 0 or G.number_of_nodes() + G.number_of_edges() <= rows:
        return G
    edges = list(G.edges(keys=True))

    def size(stride: int) -> int:
        picked = edges[::stride]
        return len(picked) + len({n for u, v, _ in picked for n in (u, v)})

    lo, hi = 1, len(edges)  # size() shrinks as the stride grows: find the smallest that fits
    while lo < hi:
        mid = (lo + hi) // 2
        if size(mid) <= rows:
            hi = mid
        else:
            lo = mid + 1
    H = nx.MultiDiGraph(G.edge_subgraph(edges[::lo]))
    H.graph["name"] = f"{G.graph.get('name', 'bench')}-slice"
    return H


def neo4j_push(G: nx.MultiDiGraph, rows: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Push (a slice of) ``G`` to a fresh ArcadeDB Bolt server; rows per second.

    The server is the one the database tests use (``tests/db/server.py``):
    ArcadeDB from the ``test`` extra, speaking Bolt and Neo4j 5 Cypher.
    Returns ``{"skipped": reason}`` when it cannot be started.
    """
    try:
        from coigraph.db.connect import connect
        from coigraph.db.push import push
        from tests.db.server import ArcadeDB
    except ImportError as exc:
        return {"skipped": f"cannot import the push or the test server: {exc}"}
    H = graph_slice(G, rows)
    with tempfile.TemporaryDirectory(prefix="coigraph-bench-db-") as tmp:
        server = ArcadeDB(Path(tmp), heap="2g")
        try:
            s = server.start()
        except Exception as exc:  # noqa: BLE001 - any failure to start is reported, not raised
            return {"skipped": f"the Bolt server did not start: {exc}"}
        try:
            db = connect(s.uri, s.user, s.database, s.password)
            try:
                t = time.perf_counter()
                res = push(db, H, "bench")
                secs = time.perf_counter() - t
            finally:
                db.close()
        finally:
            server.stop()
    n = res.rows
    log(f"push: {n:,} rows in {secs:.1f}s ({n / secs:,.0f} rows/s)")
    return {"server": "ArcadeDB (Bolt)", "rows": n, "whole_graph": H is G, "seconds": secs,
            "rows_per_s": n / secs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    ap.add_argument("tier")
    ap.add_argument("data", type=Path)
    ap.add_argument("--json", type=Path, required=True)
    ap.add_argument("--cap", type=float, default=120.0)
    ap.add_argument("--baseline-meetings", type=int, default=10)
    ap.add_argument("--neo4j-rows", type=int, default=None,
                    help="push about this many rows to a Bolt server (0: the whole graph)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    res = measure(args.tier, args.data, cap=args.cap, n_baseline=args.baseline_meetings,
                  neo4j_rows=args.neo4j_rows, log=log)
    tmp = args.json.with_suffix(".tmp")
    tmp.write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
