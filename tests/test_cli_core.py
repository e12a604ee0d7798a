"""validate, stats, template, export: the output contract and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from coigraph.load.dataset import load_dataset

MINIMAL = Path(__file__).parent / "data" / "minimal"


def test_validate_ok(cli) -> None:
    r = cli("validate", MINIMAL)
    assert r.exit_code == 0 and "valid" in r.stdout


def test_validate_bad_exits_2_without_traceback(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(MINIMAL, bad)
    with (bad / "interests.csv").open("a") as fh:
        fh.write("int-9,nobody,riverside-pcn,financial,no,,,,2020-01-01,,\n")
    r = cli("validate", bad)
    assert r.exit_code == 2
    assert "interests.csv, row 4, field 'person': no person 'nobody'" in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_validate_json_lists_problems(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(MINIMAL, bad)
    (bad / "people.csv").write_text("id,name\n")
    r = cli("validate", bad, "--format", "json")
    assert r.exit_code == 2
    out = json.loads(r.stdout)
    assert out["valid"] is False and out["problems"][0]["file"] == "people.csv"


def test_stats_json_is_flat_counts(cli) -> None:
    r = cli("stats", MINIMAL, "--format", "json")
    counts = json.loads(r.stdout)
    assert counts["person"] == 3 and counts["interest"] == 2 and counts["agenda_item"] == 1
    assert all(isinstance(v, int) for v in counts.values())


def test_output_file_is_written_and_rerun_identical(cli, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    assert cli("export", MINIMAL, "--output", out).exit_code == 0
    first = out.read_bytes()
    assert cli("export", MINIMAL, "--output", out).exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temp files left


def test_failed_export_leaves_previous_output(cli, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    out.write_text("previous")
    r = cli("export", tmp_path / "missing", "--output", out)
    assert r.exit_code == 2 and out.read_text() == "previous"


def test_template_then_validate_points_at_required_files(cli, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx"):
        d = tmp_path / fmt
        r = cli("template", d, "--format", fmt)
        assert r.exit_code == 0
        assert (d / f"interests.{fmt}").exists() and (d / "FORMAT.md").exists()
        r = cli("validate", d)
        assert r.exit_code == 2 and f"people.{fmt}: has no rows" in r.stderr


def test_template_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    cli("template", tmp_path)
    r = cli("template", tmp_path)
    assert r.exit_code == 2 and "already has" in r.stderr


def test_xlsx_template_filled_in_loads(tmp_path: Path, cli) -> None:
    from openpyxl import load_workbook

    d = tmp_path / "t"
    cli("template", d, "--format", "xlsx")
    for name, row in {
        "organisations": {"id": "o1", "name": "Org One", "kind": "icb"},
        "bodies": {"id": "b1", "name": "Board", "kind": "board", "owners": "o1"},
        "people": {"id": "p1", "name": "Pat Doe"},
    }.items():
        wb = load_workbook(d / f"{name}.xlsx")
        ws = wb.worksheets[0]
        header = [c.value for c in ws[1]]
        ws.append([row.get(h) for h in header])
        wb.save(d / f"{name}.xlsx")
    ds = load_dataset(d)
    assert ds.counts()["body"] == 1


def test_output_file_gets_ordinary_permissions(cli, tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "g.json"
    cli("export", MINIMAL, "--output", out)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    out.chmod(0o640)
    cli("export", MINIMAL, "--output", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640  # an existing file keeps its mode
