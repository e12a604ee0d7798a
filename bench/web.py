"""``python -m bench.web``: how fast each page of ``coigraph serve`` answers on a generated system.

The ``ics`` tier (one synthetic integrated care system, generated once into
``bench/out/`` as ``python -m bench`` does) is loaded into the app; each page
is asked for once (the first answer works out and keeps its results: a
screen, a trace, the audit, a map) and then ``--repeats`` more times, through
the whole ASGI stack in-process (Host check, headers, authentication,
rendering), without the network.  The table gives the first answer and the
median of the others; the target is under 200 ms per page once loaded.

Example: python -m bench.web --repeats 9 --json /tmp/web.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
#: Target for a page once the data is loaded (the issue's figure).
TARGET_MS = 200.0


def data_folder(tier: str = "ics", seed: int = 1, out: Path = OUT) -> Path:
    """The tier's generated dataset, made now unless already there."""
    from bench.generate import generate, is_complete

    folder = out / f"{tier}-seed{seed}"
    if not is_complete(folder, tier, seed):
        print(f"bench.web: generating tier '{tier}' into {folder} ...", file=sys.stderr)
        generate(tier, folder, seed=seed)
    return folder


def pages(G: Any) -> list[tuple[str, str]]:
    """One of each page, with ids chosen from the data: the busiest meeting, its most conflicted
    member, the decision with the longest chain, the holder with the most delegations."""
    from coigraph.graph import bare
    from coigraph.screening import screen_meeting

    items = Counter(a["meeting"] for _, a in G.nodes(data=True) if a.get("type") == "agenda_item")
    meeting = items.most_common(1)[0][0]
    s = screen_meeting(G, meeting)
    people = Counter(f.person for it in s.items for f in it.findings)
    person = people.most_common(1)[0][0] if people else s.roll[0].person
    decisions = sorted(bare(n) for n, t in G.nodes(data="type") if t == "decision")
    holders = Counter(bare(v) for _, v, a in G.edges(data=True) if a.get("type") == "delegation")
    holder = holders.most_common(1)[0][0]
    org = next(bare(n) for n, t in G.nodes(data="type") if t == "organisation")
    body = next(bare(n) for n, t in G.nodes(data="type") if t == "body")
    return [
        ("home", "/"),
        ("meetings", "/meetings"),
        ("meeting (screen)", f"/meetings/{meeting}"),
        ("meeting, filtered", f"/meetings/{meeting}?level=material"),
        ("meeting paper (HTML download)", f"/meetings/{meeting}/paper.html"),
        ("meeting map", f"/meetings/{meeting}/map"),
        ("record the meeting (minutes)", f"/meetings/{meeting}/minutes"),
        ("person (declarations)", f"/people/{person}?meeting={meeting}"),
        ("decisions", "/decisions"),
        ("decision (trace)", f"/decisions/{decisions[len(decisions) // 2]}"),
        ("decision map", f"/decisions/{decisions[len(decisions) // 2]}/map"),
        ("audit", "/audit"),
        ("audit, by severity", "/audit?severity=unlawful"),
        ("powers", f"/powers?holder={holder}"),
        ("search 'chief executive'", "/search?q=chief+executive"),
        ("organisation", f"/organisations/{org}"),
        ("body", f"/bodies/{body}"),
    ]


def measure(folder: Path, *, repeats: int = 7) -> dict[str, Any]:
    """Load the app on ``folder`` and time every page: first answer and median of ``repeats``."""
    from starlette.testclient import TestClient

    from coigraph.web import create_app

    started = time.perf_counter()
    app = create_app(folder)
    load_ms = (time.perf_counter() - started) * 1000
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    rows = []
    for name, path in pages(app.state.data.snapshot.G):
        t0 = time.perf_counter()
        r = client.get(path)
        first = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {r.status_code}")
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append({"page": name, "path": path, "first_ms": round(first, 1),
                     "median_ms": round(statistics.median(times), 1), "bytes": len(r.content)})
    return {"data": str(folder), "load_ms": round(load_ms), "repeats": repeats, "pages": rows,
            "slowest_median_ms": max(r["median_ms"] for r in rows), "target_ms": TARGET_MS}


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (for docs/web.md and the README)."""
    lines = [f"App loaded in {result['load_ms']:,} ms ({result['data']}); median of "
             f"{result['repeats']} requests after the first; target {result['target_ms']:.0f} ms.", "",
             "| page | first answer | median once loaded |", "|---|---|---|"]
    for r in result["pages"]:
        flag = "" if r["median_ms"] < result["target_ms"] else " (over target)"
        lines.append(f"| {r['page']} | {r['first_ms']:.0f} ms | {r['median_ms']:.1f} ms{flag} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n\n")[0])
    ap.add_argument("--tier", default="ics", help="generated tier to serve (default ics)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, help="a dataset folder instead of a generated tier")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    folder = args.data or data_folder(args.tier, args.seed)
    result = measure(folder, repeats=args.repeats)
    sys.stdout.write(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["slowest_median_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
