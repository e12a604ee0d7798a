"""``python -m bench``: coigraph's scale benchmark, every figure next to its baseline.

For each tier (``ics``, ``national``, ``companies``; ``--quick``: ``ics`` only)
the synthetic dataset is generated once and cached under ``bench/out/``, then
measured in a fresh process (:mod:`bench.run`) so that each tier's peak memory
is its own.  On ``ics`` the same tier is also generated with ten times the
years of meetings (``--history``) to measure how the per-meeting screen grows
with history.  The table goes to stdout (Markdown, ready for the README);
progress to stderr; ``--json FILE`` writes every figure.

Example: python -m bench --quick --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate import TIERS, is_complete

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
ALL = ("ics", "national", "companies")
#: Per-meeting caps on the baselines, by tier (seconds); no baseline on ``companies``.
CAPS = {"ics": 120.0, "national": 120.0}
CAPS_UNDIRECTED = {"ics": 60.0, "national": 20.0}
#: Tiers on which growth with history is measured.
HISTORY_TIERS = ("ics",)
#: Tiers on which a user's wait is measured: CLI runs from a cold start, and ``screen --all``.
COLD_TIERS = ("ics", "national")
#: Rows pushed to the Bolt server, by tier (0: the whole graph); none for ``companies``.
PUSH_ROWS = {"ics": 0, "national": 50_000}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ensure_data(tier: str, seed: int, out: Path, history: int = 1) -> Path:
    """The tier's dataset folder, generated (in a subprocess) unless already cached."""
    folder = out / (f"{tier}-seed{seed}" + (f"-history{history}" if history > 1 else ""))
    if is_complete(folder, tier, seed, history):
        log(f"bench: using cached {folder}")
        return folder
    log(f"bench: generating tier '{tier}'" + (f" with {history}x the history" if history > 1 else "")
        + f" into {folder} ...")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.generate", tier, str(folder), "--seed", str(seed),
                    "--history", str(history)], check=True, cwd=ROOT)
    log(f"bench: generated in {time.perf_counter() - t:.1f}s")
    return folder


def run_tier(tier: str, folder: Path, args: argparse.Namespace, out: Path,
             history: Path | None) -> dict[str, Any]:
    """Measure one tier in a child process; returns its figures."""
    result = out / f"{tier}-seed{args.seed}.result.json"
    cmd = [sys.executable, "-m", "bench.run", tier, str(folder), "--json", str(result),
           "--screen-meetings", str(args.screen_meetings)]
    if tier in CAPS and not args.no_baseline:
        cap = args.cap if args.cap is not None else CAPS[tier]
        cap_u = args.cap_undirected if args.cap_undirected is not None else CAPS_UNDIRECTED[tier]
        cmd += ["--cap", str(cap), "--cap-undirected", str(cap_u),
                "--baseline-meetings", str(args.baseline_meetings)]
    else:
        cmd += ["--baseline-meetings", "0"]
    if history is not None:
        cmd += ["--history-data", str(history), "--history-meetings", str(args.history_meetings)]
    if args.neo4j and tier in PUSH_ROWS:
        cmd += ["--neo4j-rows", str(PUSH_ROWS[tier])]
    cmd += ["--cold-pairs", str(args.cold_pairs if tier in COLD_TIERS else 0)]
    if args.no_screen_all or tier not in COLD_TIERS:
        cmd += ["--no-screen-all"]
    if result.exists():
        result.unlink()
    subprocess.run(cmd, check=True, cwd=ROOT)
    return json.loads(result.read_text(encoding="utf-8"))


def web_pages(folder: Path, out: Path) -> dict[str, Any]:
    """The web app's page times on ``folder`` (:mod:`bench.web`), in a process of its own."""
    result = out / "web.result.json"
    log("bench: timing the web app's pages ...")
    # exit code 1 only says a page is over its target: the figures are what is kept
    if result.exists():
        result.unlink()
    run = subprocess.run([sys.executable, "-m", "bench.web", "--data", str(folder), "--json", str(result)],
                         cwd=ROOT, stdout=subprocess.DEVNULL)
    if run.returncode not in (0, 1) or not result.exists():
        raise SystemExit(f"bench: the web app's benchmark failed (exit code {run.returncode})")
    return json.loads(result.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the table


def _t(s: float | None) -> str:
    if s is None:
        return "—"
    if s < 1:
        return f"{s * 1000:.0f} ms"
    if s < 120:
        return f"{s:.1f} s"
    if s < 7200:
        return f"{s / 60:.1f} min"
    return f"{s / 3600:.1f} h"


def _mb(mb: float | None) -> str:
    if mb is None:
        return "—"
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def _x(r: float | None, lower: bool = False) -> str:
    if r is None:
        return "—"
    return ("≥ " if lower else "") + (f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×")


def table(res: dict[str, dict[str, Any]]) -> str:
    """The figures as a Markdown table: one row per figure, one column per tier."""
    tiers = [t for t in ALL if t in res]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, f: Any) -> None:
        rows.append((label, [f(res[t]) for t in tiers]))

    def base(r: dict[str, Any], f: Any) -> str:
        return f(r) if r.get("baseline") else "—"

    def cadence(r: dict[str, Any]) -> str:
        sh = r["shape"]
        names = {"board": "boards", "committee": "committees", "sub_committee": "sub-committees",
                 "joint_committee": "joint committees", "committees_in_common": "committees in common",
                 "partnership": "partnerships", "council_of_governors": "councils of governors"}
        kinds = ", ".join(f"{names.get(k, k)} {v['min']:.0f}" + (f"–{v['max']:.0f}" if v["max"] != v["min"]
                                                                 else "")
                          for k, v in sh["meetings_per_body_year"].items())
        return (f"{sh['meetings']:,} ({sh['first_meeting']} to {sh['last_meeting']}); a year: {kinds}; "
                f"{sh['self_items_per_body_year']:g} items about the members themselves per body a year")

    def depth(r: dict[str, Any]) -> str:
        d = {int(k): v for k, v in r["shape"]["org_depth"].items()}
        cells = [f"{d.get(k, 0):,}" for k in range(5)]
        deeper = sum(v for k, v in d.items() if k >= 5)
        return " / ".join(cells) + (f" (and {deeper:,} deeper)" if deeper else "")

    def lengths(r: dict[str, Any]) -> str:
        n = r["finding_path_lengths"]
        total = sum(n.values()) or 1
        return " / ".join(f"{n.get(str(k), 0):,} ({n.get(str(k), 0) / total:.0%})" for k in range(1, 6))

    def same(r: dict[str, Any], sfx: str) -> str:
        s = r[f"same_findings{sfx}"]
        capped = r[f"baseline_capped{sfx}"]
        return (("yes" if s else "NO" if s is False else "not checked")
                + f" ({r[f'same_findings_checked{sfx}']} of {len(r['baseline']['meetings'])} finished)"
                + ("" if not capped else
                   f"; the {r[f'capped_baseline_findings{sfx}']} it found before its cap: "
                   + ("all found by the engine" if r[f"capped_findings_subset{sfx}"]
                      else "NOT ALL found by the engine")))

    def speed(r: dict[str, Any], sfx: str) -> str:
        pm = r[f"screen_speedup_per_meeting{sfx}"]
        lb = r[f"screen_speedup_lower_bound{sfx}"]
        return (_x(r[f"screen_speedup{sfx}"], lb)
                + (f" (per meeting: median {_x(pm['median'], lb)}, {_x(pm['min'], lb)} to {_x(pm['max'], lb)})"
                   if pm else ""))

    row("nodes / edges", lambda r: f"{r['nodes']:,} / {r['edges']:,}")
    row("meetings", cadence)
    row("organisations 0 / 1 / 2 / 3 / 4 steps below the top of their line", depth)
    if any("companies_house" in res[t] for t in tiers):
        row("Companies House part", lambda r: "—" if "companies_house" not in r else (
            "{appointments:,} appointments; {governance_director_share:.1%} of the governance people "
            "are directors; {officers_1000_plus} officers hold 1,000+ (max {officer_max_appointments:,}, "
            "median {officer_median_appointments})").format(**r["companies_house"]))
    row("load + build", lambda r: _t(r["load_build_s"]))
    row("peak memory (load + build); per node or edge", lambda r: (
        f"{_mb(r['peak_rss_mb'])}; {r['bytes_per_element']:,.0f} bytes"))
    row("organisation-name index; screening index (once each)",
        lambda r: f"{_t(r['name_index_s'])}; {_t(r.get('index_s'))}")
    if any("cold_start_ratio" in res[t] for t in tiers):
        row("**cold_start_ratio**: one-meeting CLI screen with the snapshot over the first run (median "
            "of 3 pairs)", lambda r: "—" if "cold_start" not in r else (
                f"{r['cold_start_ratio']:.2f} ({_t(r['cold_start']['warm_median_s'])} vs "
                f"{_t(r['cold_start']['cold_median_s'])}; in CPU time "
                f"{r['cold_start']['cpu_ratio']:.2f})"))
        row("in-process: snapshot read vs load + build (snapshot written once; size)",
            lambda r: "—" if "cold_start" not in r else (
                f"{_t(r['cold_start']['snapshot_read_s'])} vs {_t(r['load_build_s'])} "
                f"({_t(r['cold_start']['snapshot_write_s'])}; {r['cold_start']['snapshot_mb']:,.0f} MB)"))
    if any("screen_all_peak_ratio" in res[t] for t in tiers):
        row("**screen_all_peak_ratio**: peak memory of `screen --all` (streamed) over loading alone",
            lambda r: "—" if "screen_all" not in r else (
                f"{r['screen_all_peak_ratio']:.2f} ({_mb(r['screen_all']['peak_mb'])} vs "
                f"{_mb(r['screen_all']['load_only_peak_mb'])}; the sweep of every meeting took "
                f"{_t(r['screen_all']['seconds'])})"))
    if any("web" in res[t] for t in tiers):
        row("web app: slowest page, median once loaded", lambda r: "—" if "web" not in r else (
            f"{r['web']['slowest_median_ms']:.0f} ms ({len(r['web']['pages'])} pages; target "
            f"{r['web']['target_ms']:.0f} ms)"))
    row("screen one meeting: median / p95", lambda r: (
        f"{_t(r['screen_median_s'])} / {_t(r['screen_p95_s'])} (a fixed {r['screened']:,} of "
        f"{r['meetings']:,})" if not r["sweep_measured"]
        else f"{_t(r['screen_median_s'])} / {_t(r['screen_p95_s'])} (all {r['meetings']:,})"))
    row("their findings by path length: 1 / 2 / 3 / 4 / 5 edges", lengths)
    n = max((len(res[t]["baseline"]["meetings"]) for t in tiers if res[t].get("baseline")), default=0)
    row(f"directed baseline, one meeting: median of {n} fixed ones", lambda r: base(r, lambda r: (
        f"{_t(r['baseline_median_s'])}"
        + (f" ({r['baseline_capped']} capped at {r['baseline']['caps_s']['directed']:.0f} s)"
           if r["baseline_capped"] else ""))))
    row(f"**screen_speedup** (full screen vs directed baseline) on those {n}",
        lambda r: base(r, lambda r: speed(r, "")))
    row("ceiling: directed baseline over the part both sides share (the roll and each item's "
        "affected organisations, the same functions)", lambda r: base(r, lambda r: (
            "—" if r.get("screen_speedup_ceiling") is None else
            f"{_x(r['screen_speedup_ceiling'])} ({_t(r['shared_part_s'])} of the baseline's "
            f"{_t(sum(x['directed']['seconds'] for x in r['baseline']['meetings']))})")))
    row("path search alone (no declarations checks) vs directed baseline",
        lambda r: base(r, lambda r: _x(r["search_speedup"], r["screen_speedup_lower_bound"])))
    row("same findings as the directed baseline", lambda r: base(r, lambda r: same(r, "")))
    row(f"undirected baseline (the earlier yardstick): median of {n}", lambda r: base(r, lambda r: (
        f"{_t(r['baseline_median_s_undirected'])}"
        + (f" ({r['baseline_capped_undirected']} capped at "
           f"{r['baseline']['caps_s']['undirected']:.0f} s)" if r["baseline_capped_undirected"] else ""))))
    row("screen_speedup_undirected", lambda r: base(r, lambda r: speed(r, "_undirected")))
    row("same findings as the undirected baseline", lambda r: base(r, lambda r: same(r, "_undirected")))
    row("sweep all meetings", lambda r: (
        f"{_t(r['sweep_s'])} ({r['findings']:,} findings)" if r["sweep_measured"]
        else f"{_t(r['sweep_estimate_s'])} (estimated from the {r['screened']:,}: "
             f"{r['findings_per_meeting']:.1f} findings a meeting)"))
    row(f"directed baseline sweep (estimated from those {n})", lambda r: base(r, lambda r: (
        ("≥ " if r["screen_speedup_lower_bound"] else "") + _t(r["baseline_sweep_estimate_s"]))))
    if any("history_growth" in res[t] for t in tiers):
        row("**history_growth**: one meeting's screen with 10x the meetings over 1x", lambda r: (
            "—" if "history_growth" not in r else
            f"{_x(r['history_growth'])} ({_t(r['history']['screen_median_s'])} → "
            f"{_t(r['history']['screen_median_longer_s'])} median, on "
            f"{len(r['history']['per_meeting'])} meetings; {r['history']['meetings']:,} → "
            f"{r['history']['meetings_longer']:,} meetings)"))
    row("trace all decisions", lambda r: f"{_t(r['trace_all_s'])} ({r['decisions']:,} decisions)")
    row("chain search vs nx baseline", lambda r: (
        f"{_t(r['chain_search_s'])} vs {_t(r['chain_baseline_s'])}: {_x(r['trace_ratio'])}"
        + ("" if r.get("same_chains") else " (DIFFERENT chains)")) if "chain_baseline_s" in r
        else _t(r["chain_search_s"]))
    if "companies" in res and "national" in res:
        row("screening growth vs national: median / p95", lambda r: (
            f"{_x(r['growth_ratio'])} / {_x(r['growth_p95_ratio'])}"
            f" ({r['findings_added']:,} more findings on the same meetings, through company "
            "directorships)") if r["tier"] == "companies" else "—")
    if any("neo4j" in res[t] for t in tiers):
        row("Neo4j push (ArcadeDB, Bolt)", lambda r: (
            "—" if "neo4j" not in r else f"skipped: {r['neo4j']['skipped']}" if "skipped" in r["neo4j"]
            else f"{r['neo4j']['rows_per_s']:,.0f} rows/s ({r['neo4j']['rows']:,} rows"
            + (")" if r["neo4j"]["whole_graph"] else ", a fixed slice)")))
    head = "| figure | " + " | ".join(tiers) + " |"
    sep = "|---|" + "---|" * len(tiers)
    lines = [head, sep] + [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench",
        description="coigraph's scale benchmark: load, screen, sweep and trace at each tier, "
                    "next to the obvious networkx approach measured in the same run.",
        epilog="Example: python -m bench --quick --json /tmp/bench.json",
    )
    ap.add_argument("--quick", action="store_true", help="the ics tier only (for CI)")
    ap.add_argument("--tiers", default=None,
                    help=f"comma-separated tiers to run (default: all of {', '.join(ALL)})")
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--cap", type=float, default=None,
                    help="directed baseline cap per meeting, seconds (default 120)")
    ap.add_argument("--cap-undirected", type=float, default=None,
                    help="undirected baseline cap per meeting, seconds (default: 60 on ics, 20 on "
                         "national)")
    ap.add_argument("--baseline-meetings", type=int, default=10,
                    help="fixed meetings the baselines screen per tier (default 10)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    ap.add_argument("--screen-meetings", type=int, default=100,
                    help="fixed sample of meetings screened per tier for the per-meeting figures "
                         "(default 100; 0: every meeting, a real sweep)")
    ap.add_argument("--history", type=int, default=10,
                    help="on ics, also screen with this many times the years of meetings "
                         "(history_growth; default 10; 1: skip)")
    ap.add_argument("--history-meetings", type=int, default=6,
                    help="meetings screened at both histories (default 6)")
    ap.add_argument("--neo4j", action="store_true",
                    help="also time a push to a Bolt server (ArcadeDB from the test extra): "
                         "the whole ics graph, a fixed 50,000-row slice of national")
    ap.add_argument("--cold-pairs", type=int, default=3,
                    help="pairs of CLI runs (first, then with the snapshot) for cold_start_ratio on ics "
                         "and national (default 3; 0: skip)")
    ap.add_argument("--no-screen-all", action="store_true",
                    help="skip the streamed 'screen --all' of every meeting (screen_all_peak_ratio)")
    ap.add_argument("--no-web", action="store_true", help="skip the web app's page times (ics)")
    ap.add_argument("--out", type=Path, default=OUT, help="cache folder (default bench/out)")
    args = ap.parse_args(argv)
    tiers = ["ics"] if args.quick else (args.tiers.split(",") if args.tiers else list(ALL))
    unknown = [t for t in tiers if t not in TIERS]
    if unknown:
        ap.error(f"unknown tier(s): {', '.join(unknown)}; choose from {', '.join(ALL)}")
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    res: dict[str, dict[str, Any]] = {}
    for tier in tiers:
        folder = ensure_data(tier, args.seed, args.out)
        longer = (ensure_data(tier, args.seed, args.out, args.history)
                  if tier in HISTORY_TIERS and args.history > 1 and args.history_meetings > 0 else None)
        res[tier] = run_tier(tier, folder, args, args.out, longer)
        if tier == "ics" and not args.no_web:
            res[tier]["web"] = web_pages(folder, args.out)
            res[tier]["web_slowest_median_ms"] = res[tier]["web"]["slowest_median_ms"]
    if "companies" in res and "national" in res:
        res["companies"]["growth_ratio"] = (res["companies"]["screen_median_s"]
                                            / res["national"]["screen_median_s"])
        res["companies"]["growth_p95_ratio"] = (res["companies"]["screen_p95_s"]
                                                / res["national"]["screen_p95_s"])
        res["companies"]["findings_added"] = res["companies"]["findings"] - res["national"]["findings"]
    text = table(res)
    print(text)
    cmd = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    if args.json:
        doc = {"command": cmd, "seed": args.seed, "machine": {
                   "cpus": os.cpu_count(), "python": platform.python_version(),
                   "platform": platform.platform()},
               "date": dt.date.today().isoformat(), "seconds": time.perf_counter() - t0,
               "table": text, "tiers": res}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=1, default=str) + "\n", encoding="utf-8")
    log(f"bench: done in {_t(time.perf_counter() - t0)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
