"""Corrupting any file of the sample system gives exit code 2 and a message naming that file, row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NORTHSHIRE = Path(__file__).resolve().parent.parent / "data" / "northshire"
FILES = sorted(p.name for p in NORTHSHIRE.iterdir() if p.suffix in (".csv", ".yaml"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    dst = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, dst)
    return dst


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_sample_is_valid(cli) -> None:
    r = cli("validate", NORTHSHIRE)
    assert r.exit_code == 0, r.stderr


@pytest.mark.parametrize("name", FILES)
def test_garbage_row_or_broken_yaml_line(cli, sample: Path, name: str) -> None:
    path = sample / name
    if name.endswith(".csv"):
        with path.open("a", encoding="utf-8") as fh:
            fh.write("§garbage§,,,,\n")
        row = _lines(path)
        expect = f"{name}, row {row}"
    else:
        text = path.read_text(encoding="utf-8").splitlines()
        # a broken line after the first entry: an unclosed flow mapping
        i = next(i for i, line in enumerate(text) if line.startswith("- "))
        text.insert(i + 1, "- {id: broken, name: [unclosed")
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        expect = f"{name}, row"
    r = cli("validate", sample)
    assert r.exit_code == 2
    assert expect in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".csv")])
def test_dangling_reference(cli, sample: Path, name: str) -> None:
    from coigraph.load.dataset import table_files
    from coigraph.model import TABLE_BY_NAME

    files, _ = table_files(sample)
    table = next(t for t, paths in files.items() if sample / name in paths)
    refs = TABLE_BY_NAME[table].refs
    if not refs:
        pytest.skip(f"{name} refers to nothing")
    path = sample / name
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    field = next(f for f in header if f in refs)
    import csv
    import io

    row = next(csv.reader(io.StringIO(lines[1])))
    row[header.index(field)] = "no-such-thing"
    if "id" in header and row[header.index("id")]:
        row[header.index("id")] = row[header.index("id")] + "-corrupt"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(buf.getvalue())
    r = cli("validate", sample)
    assert r.exit_code == 2
    assert f"{name}, row {len(lines) + 1}, field '{field}'" in r.stderr and "no-such-thing" in r.stderr, r.stderr
