"""Measure one tier, in a process of its own (so its peak memory is its own).

``python -m bench.run TIER DATA_DIR --json OUT`` loads and builds the graph
through the ordinary loader, then times, next to the baselines of
:mod:`bench.baseline` in the same process:

* the shape of the data (meetings per body a year, how deep organisation
  lines go, items about the members themselves);
* screening one meeting, on a fixed sample of meetings spread over the
  date-sorted list (all of them with ``--screen-meetings 0``): median and p95,
  the findings and the lengths of their paths; the sweep of every meeting is
  estimated from the sample's mean unless it was all of them;
* the baselines on fixed meetings, each capped, with the findings compared:
  the naive search-then-filter over the directed view (the figure of record,
  ``screen_speedup``) and over the undirected view (``screen_speedup_undirected``);
* tracing all decisions (:func:`coigraph.delegation.trace_all`), and the
  chain search it rests on next to an ``nx.all_simple_edge_paths`` baseline;
* optionally pushing a slice of the graph to a Bolt server (ArcadeDB);
* optionally (``--history-data``) the growth of the per-meeting screen with
  history: the same meetings screened on this tier and on the same tier
  generated with more years of meetings (``history_growth``).

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
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

#: The clock of every in-process figure: this process's CPU time.  The machine a benchmark runs on
#: is often shared, and wall time then counts the waits for other programs too (measured here: a
#: one-second job taking ten); CPU time counts the work.  Loading (which reads files) and the
#: command-line runs of ``cold_start_ratio`` are timed by the wall clock, as a user waits.
cpu = time.process_time


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _p(xs: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``xs``."""
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def spread(xs: list[Any], n: int) -> list[Any]:
    """``n`` elements of ``xs`` spread evenly over it (all of them if ``n`` is 0 or too many)."""
    if n <= 0 or len(xs) <= n:
        return list(xs)
    return [xs[i * len(xs) // n] for i in range(n)]


def dated_meetings(G: nx.MultiDiGraph) -> list[str]:
    """Every meeting node, by date then id."""
    return sorted((n for n, t in G.nodes(data="type") if t == "meeting"),
                  key=lambda n: (G.nodes[n]["date"], n))


def fixed_meetings(G: nx.MultiDiGraph, n: int) -> list[str]:
    """``n`` meetings spread evenly over the sorted ids of those with an affected organisation.

    Fixed by the data alone, so every run screens the same ones.
    """
    with_orgs = sorted(m for m, t in G.nodes(data="type") if t == "meeting" and any(
        any(tt == "affects" for _, _, tt in G.out_edges(it, data="type"))
        for it, _, t2 in G.in_edges(m, data="type") if t2 == "item_of"))
    return spread(with_orgs, n)


def data_shape(G: nx.MultiDiGraph) -> dict[str, Any]:
    """How the data hangs together: meetings a year by kind of body, organisation depth, self items.

    ``org_depth``: organisations by the number of steps up their longest line
    (``subsidiary_of``/``member_of`` forwards, ``owns`` backwards): 0 for one at
    the top of nothing, 3 for an operating company three levels below its
    group's holding company.
    """
    from coigraph.paths import DOWN_FORWARD, UP_FORWARD

    meetings = dated_meetings(G)
    dates = [G.nodes[m]["date"] for m in meetings]
    years = max(1.0, ((dates[-1] - dates[0]).days + 1) / 365.25) if dates else 1.0
    per_body: Counter[str] = Counter(G.nodes[m]["body"] for m in meetings)
    by_kind: dict[str, list[float]] = {}
    for body, count in per_body.items():
        kind = str(G.nodes.get(f"body:{body}", {}).get("kind", "?"))
        by_kind.setdefault(kind, []).append(count / years)
    up: dict[str, list[str]] = {}
    for u, v, a in G.edges(data=True):
        if a.get("type") == "org_relation":
            if a.get("kind") in UP_FORWARD:
                up.setdefault(u, []).append(v)
            elif a.get("kind") in DOWN_FORWARD:
                up.setdefault(v, []).append(u)
    depth: dict[str, int] = {}

    def d(n: str, seen: frozenset[str] = frozenset()) -> int:
        if n in depth:
            return depth[n]
        best = 0
        for parent in up.get(n, ()):
            if parent not in seen:
                best = max(best, 1 + d(parent, seen | {n}))
        depth[n] = best
        return best

    orgs = sorted(n for n, t in G.nodes(data="type") if t == "organisation")
    hist = Counter(d(o) for o in orgs)
    self_items = sum(1 for _, _, a in G.edges(data=True)
                     if a.get("type") == "affects" and a.get("effect") == "self")
    return {
        "meetings": len(meetings), "bodies_meeting": len(per_body), "years": round(years, 2),
        "first_meeting": str(dates[0]) if dates else None,
        "last_meeting": str(dates[-1]) if dates else None,
        "meetings_per_body_year": {k: {"bodies": len(v), "median": round(statistics.median(v), 1),
                                       "min": round(min(v), 1), "max": round(max(v), 1)}
                                   for k, v in sorted(by_kind.items())},
        "org_depth": {str(k): hist[k] for k in sorted(hist)},
        "self_items": self_items,
        "self_items_per_body_year": round(self_items / max(1, len(per_body)) / years, 2),
    }


def measure(tier: str, data: Path, *, cap: float, cap_undirected: float, n_baseline: int,
            n_screen: int, neo4j_rows: int | None, history_data: Path | None, n_history: int,
            log: Callable[[str], None], cold_pairs: int = 3, screen_all: bool = True) -> dict[str, Any]:
    """Every figure of one tier (see the module docstring)."""
    import coigraph
    from bench import baseline as bl
    from coigraph import index
    from coigraph.delegation import Rules, Scheme, decision_ids, search_chains, trace_all
    from coigraph.policy import load_policy
    from coigraph.screening import org_matcher, screen_meeting

    out: dict[str, Any] = {"tier": tier, "data": str(data)}
    # ---------------------------------------------------------------- load + build
    t0 = time.perf_counter()
    ds = coigraph.load_dataset(data)
    t1 = time.perf_counter()
    rows, warnings = sum(len(v) for v in ds.records.values()), len(ds.warnings)
    G = coigraph.build_graph(ds, consume=True)  # as coigraph.load_graph does: records dropped as it goes
    t2 = time.perf_counter()
    peak = rss_mb()
    out.update(rows=rows, warnings=warnings,
               load_s=t1 - t0, build_s=t2 - t1, load_build_s=t2 - t0, peak_rss_mb=peak,
               nodes=G.number_of_nodes(), edges=G.number_of_edges())
    # peak resident memory of loading and building, per graph element (node or edge)
    out["bytes_per_element"] = peak * 1024 * 1024 / (out["nodes"] + out["edges"])
    del ds
    gc.collect()
    if any(n.startswith("org:ch") for n in G.succ.get("person:off0000000", {})):
        out["companies_house"] = companies_house_shape(G)
    log(f"{tier}: loaded {out['rows']:,} rows and built {out['nodes']:,} nodes, {out['edges']:,} edges "
        f"in {out['load_build_s']:.1f}s (peak {peak:,.0f} MB, {out['bytes_per_element']:,.0f} bytes "
        "per element)")
    out["shape"] = data_shape(G)

    # ---------------------------------------------------------------- one-off indexes
    t = cpu()
    org_matcher(G)
    out["name_index_s"] = cpu() - t
    t = cpu()
    index.of(G)
    out["index_s"] = cpu() - t
    policy = load_policy()

    # ---------------------------------------------------------------- screening: a fixed sample
    meetings = dated_meetings(G)
    sample = spread(meetings, n_screen)
    per: list[float] = []
    findings = 0
    lengths: Counter[int] = Counter()
    shapes: Counter[str] = Counter()
    t = cpu()
    for m in sample:
        ts = cpu()
        screen = screen_meeting(G, m, policy=policy)
        per.append(cpu() - ts)
        for it in screen.items:
            for f in it.findings:
                findings += 1
                lengths[len(f.path.edges)] += 1
                shapes[f.shape] += 1
    screened_s = cpu() - t
    out.update(meetings=len(meetings), screened=len(sample), screened_s=screened_s,
               sweep_measured=len(sample) == len(meetings),
               sweep_estimate_s=screened_s / len(sample) * len(meetings) if sample else None,
               findings=findings, findings_per_meeting=findings / len(sample) if sample else None,
               finding_path_lengths={str(k): lengths[k] for k in sorted(lengths)},
               finding_shapes=dict(sorted(shapes.items())),
               screen_median_s=statistics.median(per), screen_p95_s=_p(per, 0.95),
               screen_max_s=max(per))
    if out["sweep_measured"]:
        out["sweep_s"] = screened_s
    log(f"{tier}: screened {len(sample)} of {len(meetings):,} meetings in {screened_s:.1f}s "
        f"(median {out['screen_median_s'] * 1000:.0f} ms, p95 {out['screen_p95_s'] * 1000:.0f} ms); "
        f"finding path lengths {out['finding_path_lengths']}")

    # ---------------------------------------------------------------- baselines on fixed meetings
    out["baseline"] = None
    if n_baseline > 0:
        out.update(baseline_measure(G, policy, n_baseline, cap, cap_undirected, len(meetings),
                                    out["sweep_estimate_s"], tier, log))
    else:
        out.update(screen_speedup=None, same_findings=None, baseline_kind=None, sweep_ratio=None)

    # ---------------------------------------------------------------- delegation
    ids = decision_ids(G)
    t = cpu()
    traces = trace_all(G)
    out.update(decisions=len(ids), trace_all_s=cpu() - t,
               trace_verdicts={v: sum(1 for x in traces if x.verdict == v)
                               for v in sorted({x.verdict for x in traces})})
    del traces
    rules = Rules()

    def start_of(d: str) -> tuple[str, str]:
        a = G.nodes[f"decision:{d}"]
        by = f"body:{a['by_body']}" if a.get("by_body") else f"person:{a['by_person']}"
        return by, str(a["matter"])

    # the chain search alone, each side's index built first and timed apart (both are one-offs)
    t = cpu()
    S = Scheme.of(G)
    out["chain_index_s"] = cpu() - t
    t = cpu()
    eng_chains = {d: {tuple(x.id for x in p.links) for p in search_chains(S, *start_of(d), rules)
                      if p.complete} for d in ids}
    out["chain_search_s"] = cpu() - t
    if n_baseline > 0:
        t = cpu()
        D = bl.delegation_graph(G)
        boards = {n for n, a in G.nodes(data=True) if a.get("type") == "body" and a.get("kind") == "board"}
        out["chain_baseline_index_s"] = cpu() - t
        t = cpu()
        base_chains = {d: bl.complete_chains_baseline(G, D, *start_of(d), max_depth=rules.max_depth,
                                                      boards=boards) for d in ids}
        out["chain_baseline_s"] = cpu() - t
        out["trace_ratio"] = out["chain_baseline_s"] / out["chain_search_s"]
        out["same_chains"] = eng_chains == base_chains
    log(f"{tier}: traced {len(ids):,} decisions in {out['trace_all_s']:.1f}s")

    # ---------------------------------------------------------------- Neo4j push
    if neo4j_rows is not None:
        out["neo4j"] = neo4j_push(G, neo4j_rows, log)
    out["peak_rss_end_mb"] = rss_mb()

    # ---------------------------------------------------------------- growth with history
    if history_data is not None and n_history > 0:
        out.update(history_measure(G, history_data, n_history, policy, log))

    # ---------------------------------------------------------------- from a cold start
    if cold_pairs > 0:
        meeting = (fixed_meetings(G, 1) or meetings)[0]
        out.update(cold_start_measure(G, data, meeting, cold_pairs, log))
    # ---------------------------------------------------------------- screen --all, streamed
    if screen_all:
        del G
        gc.collect()
        out.update(screen_all_measure(data, log))
    return out


# --------------------------------------------------------------------------- child processes


#: Run as ``python -c PEAK_WRAPPER -- PROGRAM ARGS``: the program (``coigraph`` or ``load``), then,
#: at exit, its own peak resident memory on stderr.  Read from ``/proc/self/status`` (VmHWM): the
#: ``ru_maxrss`` of a child counts the parent's memory at the fork (Linux keeps the high-water mark
#: across exec), which would make every child look as big as the benchmark itself.
PEAK_WRAPPER = """
import atexit, os, sys
def _peak():
    try:
        with open('/proc/self/status') as f:
            kb = next(line.split()[1] for line in f if line.startswith('VmHWM:'))
    except (OSError, StopIteration):
        import resource
        kb = str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    os.write(2, ('\\nbench-peak-kb ' + kb + '\\n').encode())
atexit.register(_peak)
program, args = sys.argv[2], sys.argv[3:]
if program == 'load':
    from coigraph.cli.options import load_graph
    load_graph(args[0], True)
else:
    sys.argv = ['coigraph', *args]
    from coigraph.cli import main
    main(prog_name='coigraph')
"""


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run ``cmd`` (``["coigraph", ...]`` or ``["load", DATA]``) to the end in a fresh Python: its
    wall time (s), its own peak resident memory (MB) and its CPU time (s)."""
    import subprocess

    cmd = [sys.executable, "-c", PEAK_WRAPPER, "--", *cmd]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err_chunks = []
    assert proc.stderr is not None
    for line in proc.stderr:
        err_chunks.append(line.decode("utf-8", "replace"))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    secs = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): {''.join(err_chunks)[-2000:]}")
    peaks = [line.split()[1] for line in "".join(err_chunks).splitlines() if line.startswith("bench-peak-kb ")]
    if not peaks:
        raise SystemExit(f"bench: {' '.join(cmd[4:])} did not report its peak memory")
    return secs, int(peaks[-1]) / 1024, usage.ru_utime + usage.ru_stime


def cold_start_measure(G: nx.MultiDiGraph, data: Path, meeting: str, pairs: int,
                       log: Callable[[str], None]) -> dict[str, Any]:
    """``cold_start_ratio``: one meeting screened by the CLI with a warm snapshot, over the first
    (cold) run on an empty cache; the median of ``pairs`` alternating pairs, each in a fresh process.

    Also, in this process: the snapshot written and read back (``snapshot_write_s``,
    ``snapshot_read_s``) next to the ordinary load and build (``load_build_s``).
    """
    from coigraph import snapshot

    m = meeting.split(":", 1)[1]
    cmd = ["coigraph", "screen", str(data), "--meeting", m, "--format", "json", "--output", os.devnull]
    rows = []
    with tempfile.TemporaryDirectory(prefix="coigraph-bench-cache-") as tmp:
        env = {**os.environ, snapshot.ENV_DIR: tmp}
        env.pop(snapshot.ENV_OFF, None)
        for i in range(pairs):
            for f in Path(tmp).iterdir():
                f.unlink()
            cold, cold_mb, cold_cpu = run_child(cmd, env)
            warm, warm_mb, warm_cpu = run_child(cmd, env)
            rows.append({"cold_s": cold, "warm_s": warm, "ratio": warm / cold, "cold_peak_mb": cold_mb,
                         "warm_peak_mb": warm_mb, "cold_cpu_s": cold_cpu, "warm_cpu_s": warm_cpu,
                         "cpu_ratio": warm_cpu / cold_cpu})
            log(f"cold start {i + 1}/{pairs}: first run {cold:.1f}s ({cold_cpu:.1f}s CPU), with the "
                f"snapshot {warm:.1f}s ({warm_cpu:.1f}s CPU): {warm / cold:.2f}")
        t = cpu()
        key = snapshot.content_key(data)
        key_s = cpu() - t
        path = Path(tmp) / "bench.snapshot"
        t = cpu()
        snapshot.write(G, path, key)
        write_s = cpu() - t
        size = path.stat().st_size
        t = cpu()
        H = snapshot.read(path, key)
        read_s = cpu() - t
        del H
        gc.collect()
    ratios = sorted(r["ratio"] for r in rows)
    return {"cold_start_ratio": statistics.median(ratios), "cold_start": {
        "cpu_ratio": statistics.median(r["cpu_ratio"] for r in rows),
        "meeting": m, "command": "coigraph screen DATA --meeting M --format json --output /dev/null",
        "pairs": rows, "cold_median_s": statistics.median(r["cold_s"] for r in rows),
        "warm_median_s": statistics.median(r["warm_s"] for r in rows),
        "snapshot_key_s": key_s, "snapshot_write_s": write_s, "snapshot_read_s": read_s,
        "snapshot_mb": size / 2**20}}


def screen_all_measure(data: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """``screen_all_peak_ratio``: the peak memory of ``coigraph screen DATA --all --format jsonl``
    over that of loading the same data alone, each in a fresh process, both without the snapshot."""
    load_s, load_mb, _ = run_child(["load", str(data)])  # what every command does first, uncached
    sweep_cmd = ["coigraph", "screen", str(data), "--all", "--format", "jsonl", "--no-cache",
                 "--output", os.devnull]
    sweep_s, sweep_mb, sweep_cpu = run_child(sweep_cmd)
    log(f"screen --all: {sweep_s:.0f}s, peak {sweep_mb:,.0f} MB; loading alone {load_s:.0f}s, peak "
        f"{load_mb:,.0f} MB ({sweep_mb / load_mb:.2f})")
    return {"screen_all_peak_ratio": sweep_mb / load_mb, "screen_all": {
        "command": "coigraph screen DATA --all --format jsonl --no-cache --output /dev/null",
        "seconds": sweep_s, "cpu_s": sweep_cpu, "peak_mb": sweep_mb, "load_only_s": load_s,
        "load_only_peak_mb": load_mb}}


def baseline_measure(G: nx.MultiDiGraph, policy: Any, n: int, cap: float, cap_undirected: float,
                     n_meetings: int, sweep_estimate_s: float | None, tier: str,
                     log: Callable[[str], None]) -> dict[str, Any]:
    """The engine next to the directed baseline (of record) and the undirected one, meeting by meeting.

    The engine's time for a meeting is the best of three full screens (with the
    declarations checks); its search alone (``checks=False``) is timed too.
    """
    from bench import baseline as bl
    from coigraph.screening import screen_meeting

    out: dict[str, Any] = {}
    views: dict[str, Any] = {}
    view_s: dict[str, float] = {}
    for kind, build in (("directed", bl.directed_view), ("undirected", bl.undirected_view)):
        t = cpu()
        views[kind] = build(G)
        view_s[kind] = cpu() - t
    caps = {"directed": cap, "undirected": cap_undirected}
    rows = []
    for m in fixed_meetings(G, n):
        full, search = [], []
        for _ in range(3):
            t = cpu()
            screen = screen_meeting(G, m, policy=policy)
            full.append(cpu() - t)
            t = cpu()
            screen_meeting(G, m, policy=policy, checks=False)
            search.append(cpu() - t)
        eng = bl.engine_triples(screen)
        row: dict[str, Any] = {"meeting": m.split(":", 1)[1], "engine_s": min(full),
                               "engine_search_s": min(search), "engine_findings": len(eng),
                               "shared_s": min(shared_part(G, m) for _ in range(3))}
        for kind, view in views.items():
            res = bl.screen_meeting_baseline(G, view, m, cap_seconds=caps[kind])
            row[kind] = {"seconds": res.seconds, "complete": res.complete,
                         "findings": len(res.findings), "paths_enumerated": res.paths_enumerated,
                         "same": (eng == res.findings) if res.complete else None,
                         # capped: what the baseline did find must be among the engine's findings
                         "partial_subset": res.findings <= eng}
        rows.append(row)
        log(f"{tier}: baseline {m}: engine {row['engine_s'] * 1000:.0f} ms (search "
            f"{row['engine_search_s'] * 1000:.0f} ms); " + "; ".join(
                f"{k} {row[k]['seconds']:.2f}s" + ("" if row[k]["complete"] else " (capped)")
                + ("" if not row[k]["complete"] else " same" if row[k]["same"] else " DIFFERENT")
                for k in views) + f"; {len(eng)} findings")
    eng_total = sum(r["engine_s"] for r in rows)
    search_total = sum(r["engine_search_s"] for r in rows)
    shared_total = sum(r["shared_s"] for r in rows)
    out["baseline"] = {"caps_s": caps, "view_build_s": view_s, "meetings": rows}
    out["baseline_kind"] = "directed"
    # both sides work out the roll and each item's affected organisations with the same functions:
    # no engine can screen faster than that part, so the directed baseline's time over it bounds
    # screen_speedup from above
    directed_total = sum(r["directed"]["seconds"] for r in rows)
    out["shared_part_s"] = shared_total
    out["screen_speedup_ceiling"] = directed_total / shared_total if shared_total else None
    for kind in views:
        done = [r for r in rows if r[kind]["complete"]]
        total = sum(r[kind]["seconds"] for r in rows)
        ratios = [r[kind]["seconds"] / r["engine_s"] for r in rows if r["engine_s"]]
        fig = {
            "screen_speedup": total / eng_total if eng_total else None,
            "screen_speedup_lower_bound": len(done) < len(rows),
            "screen_speedup_per_meeting": {"median": statistics.median(ratios), "min": min(ratios),
                                           "max": max(ratios)} if ratios else None,
            "search_speedup": total / search_total if search_total else None,
            "baseline_median_s": statistics.median(r[kind]["seconds"] for r in rows),
            "baseline_capped": len(rows) - len(done),
            "same_findings": all(r[kind]["same"] for r in done) if done else None,
            "same_findings_checked": len(done),
            "capped_findings_subset": all(r[kind]["partial_subset"] for r in rows
                                          if not r[kind]["complete"]),
            "capped_baseline_findings": sum(r[kind]["findings"] for r in rows if not r[kind]["complete"]),
            # the sweep, the baseline way: its mean per meeting times the number of meetings
            "baseline_sweep_estimate_s": total / len(rows) * n_meetings if rows else None,
        }
        fig["sweep_ratio"] = (fig["baseline_sweep_estimate_s"] / sweep_estimate_s
                              if fig["baseline_sweep_estimate_s"] and sweep_estimate_s else None)
        suffix = "" if kind == "directed" else "_undirected"
        out.update({k + suffix: v for k, v in fig.items()})
    return out


def shared_part(G: nx.MultiDiGraph, meeting: str) -> float:
    """CPU time of what the engine and the baselines both do for ``meeting``, with the same
    functions: the roll, and the affected organisations of each item."""
    from coigraph import ids, views
    from coigraph.quorum import meeting_roll
    from coigraph.screening import affected_organisations, excluded_orgs

    t = cpu()
    meeting_roll(G, meeting)
    exclude = excluded_orgs(G, ids.body(views.meeting(G, meeting).body))
    for it in (u for u, _, k in G.in_edges(meeting, data="type") if k == "item_of"):
        affected_organisations(G, it, exclude=exclude)
    return cpu() - t


def history_measure(G: nx.MultiDiGraph, history_data: Path, n: int, policy: Any,
                    log: Callable[[str], None]) -> dict[str, Any]:
    """``history_growth``: the same meetings screened on ``G`` and on the graph of ``history_data``
    (the same tier with more years of meetings before the window, the same people and organisations).

    The meetings are ``n`` spread over the date-sorted meetings of ``G`` (all
    also in the longer history, with the same records); each is screened once
    on each graph, in full (the best of three), after each graph's indexes are built (once per
    graph).  The figure is the median over the meetings of (time with the longer history) / (time
    with this one).
    """
    import coigraph
    from coigraph import index
    from coigraph.screening import org_matcher, screen_meeting

    meetings = spread(dated_meetings(G), n)

    def times(H: nx.MultiDiGraph) -> list[float]:
        out = []
        for m in meetings:
            best = math.inf
            for _ in range(3):
                t = cpu()
                screen_meeting(H, m, policy=policy)
                best = min(best, cpu() - t)
            out.append(best)
        return out

    base = times(G)
    n_base = sum(1 for _, t in G.nodes(data="type") if t == "meeting")
    t = time.perf_counter()
    H = coigraph.load_graph(history_data)
    load_s = time.perf_counter() - t
    org_matcher(H)
    index.of(H)  # built once per graph, as for the tier itself
    n_long = sum(1 for _, t in H.nodes(data="type") if t == "meeting")
    missing = [m for m in meetings if m not in H]
    if missing:
        raise SystemExit(f"bench: the longer history lacks meetings {missing[:3]}: not the same tier?")
    long = times(H)
    del H
    gc.collect()
    ratios = [b / a for a, b in zip(base, long, strict=True)]
    growth = statistics.median(ratios)
    log(f"history: {n_long:,} meetings over {n_base:,}: per-meeting screen median "
        f"{statistics.median(base) * 1000:.0f} ms -> {statistics.median(long) * 1000:.0f} ms "
        f"(growth {growth:.1f}x, on {len(meetings)} meetings)")
    return {"history_growth": growth, "history": {
        "data": str(history_data), "meetings": n_base, "meetings_longer": n_long,
        "factor": n_long / n_base, "load_s": load_s,
        "screen_median_s": statistics.median(base), "screen_median_longer_s": statistics.median(long),
        "per_meeting": [{"meeting": m.split(":", 1)[1], "seconds": a, "seconds_longer": b}
                        for m, a, b in zip(meetings, base, long, strict=True)]}}


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
    ap.add_argument("--cap", type=float, default=120.0, help="directed baseline cap per meeting (s)")
    ap.add_argument("--cap-undirected", type=float, default=60.0,
                    help="undirected baseline cap per meeting (s)")
    ap.add_argument("--baseline-meetings", type=int, default=10)
    ap.add_argument("--screen-meetings", type=int, default=100,
                    help="meetings screened for the per-meeting figures (0: all, a real sweep)")
    ap.add_argument("--history-data", type=Path, default=None,
                    help="the same tier with more years of meetings: measure history_growth")
    ap.add_argument("--history-meetings", type=int, default=6)
    ap.add_argument("--neo4j-rows", type=int, default=None,
                    help="push about this many rows to a Bolt server (0: the whole graph)")
    ap.add_argument("--cold-pairs", type=int, default=3,
                    help="cold/warm pairs of CLI runs for cold_start_ratio (0: skip)")
    ap.add_argument("--no-screen-all", action="store_true",
                    help="skip the streamed 'screen --all' (screen_all_peak_ratio)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)

    res = measure(args.tier, args.data, cap=args.cap, cap_undirected=args.cap_undirected,
                  n_baseline=args.baseline_meetings, n_screen=args.screen_meetings,
                  neo4j_rows=args.neo4j_rows, history_data=args.history_data,
                  n_history=args.history_meetings, log=log, cold_pairs=args.cold_pairs,
                  screen_all=not args.no_screen_all)
    res["seconds"] = time.perf_counter() - t0
    tmp = args.json.with_suffix(".tmp")
    tmp.write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
