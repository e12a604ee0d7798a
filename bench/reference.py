"""``python -m bench.reference``: stream a large PSC snapshot through the import, in bounded memory.

Generates (seeded) a PSC snapshot of ``--lines`` JSON Lines (default one
million, about 330 MB, in the real record layout) and a company file, then
plans a Companies House import of them into a small dataset (the test
dataset of ``tests/data/reference/dataset``), writing nothing.  A few of the
lines concern the dataset (its companies and people); the rest are
strangers, which the import must skip without decoding.  Reports, as JSON on
stdout (or ``--json FILE``): lines, lines per second of the import pass,
lines decoded, the controls and reviews found, and this process's peak
resident memory, which must not grow with the file (the file is never held
whole).

Example: python -m bench.reference --lines 1000000 --json /tmp/reference.json
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "tests" / "data" / "reference" / "dataset"
FIXTURES = ROOT / "tests" / "data" / "reference"

_FORE = ["Alice", "Ben", "Chloe", "Dev", "Ella", "Farid", "Grace", "Hugo", "Isla", "Jonah", "Kiran", "Lena"]
_SUR = ["Ashworth", "Bramley", "Cottam", "Dewhurst", "Ellery", "Fothergill", "Gaskell", "Hebden", "Ibbotson"]
_LINE = ('{{"company_number":"{n}","data":{{"address":{{"address_line_1":"{p} High Street","country":"England",'
         '"locality":"Brookford","postal_code":"EX2 1AA","premises":"{p}"}},"country_of_residence":"England",'
         '"date_of_birth":{{"month":{m},"year":{y}}},"etag":"{e:040x}","kind":"individual-person-with-significant-'
         'control","links":{{"self":"/company/{n}/persons-with-significant-control/individual/b{e:x}"}},'
         '"name":"Mx {f} {s}","name_elements":{{"forename":"{f}","surname":"{s}","title":"Mx"}},'
         '"nationality":"British","natures_of_control":["ownership-of-shares-75-to-100-percent"],'
         '"notified_on":"2016-04-06"}}}}\n')


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kilobytes)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def generate(folder: Path, lines: int, seed: int) -> tuple[Path, Path]:
    """A PSC snapshot of ``lines`` lines (the fixture's own lines among strangers) and the fixture company file."""
    rng = random.Random(seed)
    psc = folder / "psc-snapshot-bench.txt"
    own = (FIXTURES / "companies" / "psc-snapshot-2025-06-01.txt").read_text(encoding="utf-8").splitlines()
    own = [x for x in own if '"company_number"' in x]
    every = max(lines // max(len(own), 1), 1)
    with open(psc, "w", encoding="utf-8") as f:
        k = 0
        for i in range(lines - 1):
            if i % every == every // 2 and k < len(own):
                f.write(own[k] + "\n")
                k += 1
                continue
            f.write(_LINE.format(n=f"{20000000 + i:08d}", p=i % 97 + 1, m=rng.randint(1, 12),
                                 y=rng.randint(1940, 2000), e=rng.getrandbits(64), f=rng.choice(_FORE),
                                 s=rng.choice(_SUR)))
        f.write('{"data":{"kind":"totals#persons-of-significant-control-snapshot",'
                f'"persons_of_significant_control_count":{lines - 1},"statements_count":0}}}}\n')
    companies = folder / "BasicCompanyData-bench.csv"
    shutil.copy(FIXTURES / "companies" / "BasicCompanyData-2025-06-01.csv", companies)
    return psc, companies


def run(lines: int, seed: int, keep: Path | None = None) -> dict[str, Any]:
    """Generate, then time the import's planning pass; the figures as a dict."""
    from coigraph.reference.control import plan_companies

    tmp = Path(tempfile.mkdtemp(prefix="coigraph-bench-reference-"))
    try:
        folder = keep or tmp
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        psc, companies = generate(folder, lines, seed)
        gen_s = time.perf_counter() - t0
        data = tmp / "dataset"
        shutil.copytree(DATASET, data)
        before = peak_rss_mb()
        t0 = time.perf_counter()
        plan = plan_companies(data, companies=companies, psc=psc, born=FIXTURES / "born.csv")
        secs = time.perf_counter() - t0
        counts = plan.report.counts()
        return {
            "lines": lines, "file_mb": round(psc.stat().st_size / 1e6, 1), "generate_s": round(gen_s, 2),
            "import_s": round(secs, 2), "rows_per_s": round(lines / secs) if secs else None,
            "controls": counts.get("control", {}), "peak_rss_mb_before_import": round(before, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reference", description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=1_000_000, help="lines of the generated PSC snapshot")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = ap.parse_args(argv)
    figures = run(args.lines, args.seed, args.keep)
    text = json.dumps(figures, indent=2) + "\n"
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    print(f"bench.reference: {figures['lines']:,} lines ({figures['file_mb']} MB) in {figures['import_s']} s: "
          f"{figures['rows_per_s']:,} lines/s, peak memory {figures['peak_rss_mb']} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
