"""The output contract: injection-safe cells, safe file names, atomic writes, identical re-runs.

Nothing lost, nothing half-written: every ``--output`` goes through a
temporary file and a rename, so a failure at any point (a renderer raising,
the disk filling half-way through a write, the rename failing) leaves the
previous file byte for byte and no temporary file behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coigraph import output
from coigraph.errors import CoigraphError
from coigraph.load.readers import CONTROL_CHARS
from coigraph.output import FORMULA_START, emit, safe_cell, safe_filename, to_csv, write_atomic

ROOT = Path(__file__).resolve().parent.parent
NORTHSHIRE = ROOT / "data" / "northshire"
MINIMAL = Path(__file__).resolve().parent / "data" / "minimal"

HOSTILE_CELLS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1",
                 "=cmd|' /C calc'!A0"]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_safe_cell_neutralises_formula_starts(cell):
    assert safe_cell(cell) == "'" + cell


def test_carriage_returns_cannot_split_a_csv_row():
    rows = list(csv.reader(io.StringIO(to_csv(["a", "b"], [["one\rtwo", "x"], ["3\r\n4", "y"]]),
                                       newline="")))
    assert rows == [["a", "b"], ["one\ntwo", "x"], ["3\n4", "y"]]


@pytest.mark.parametrize("cell", ["Ann Chair", "O'Neill", "50% of £1m", " =not a formula", "", "a=b"])
def test_safe_cell_leaves_plain_text(cell):
    assert safe_cell(cell) == cell


def test_to_csv_neutralises_every_cell_and_header():
    text = to_csv(["=header", "ok"], [[c, "plain"] for c in HOSTILE_CELLS])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["'=header", "ok"]
    assert [r[0] for r in rows[1:]] == ["'" + c.replace("\r", "\n") for c in HOSTILE_CELLS]


def test_to_csv_keeps_numbers_numeric():
    rows = list(csv.reader(io.StringIO(to_csv(["n"], [[-5], [2.5], [0], [None], [True]]))))
    assert [r[0] for r in rows[1:]] == ["-5", "2.5", "0", "", "True"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), max_size=5))
def test_to_csv_never_emits_a_formula_and_loses_nothing(rows):
    width = max((len(r) for r in rows), default=1)
    rows = [r + [""] * (width - len(r)) for r in rows]
    back = list(csv.reader(io.StringIO(to_csv(["c"] * width, rows), newline="")))[1:]
    for row, got in zip(rows, back, strict=True):
        for cell, out in zip(row, got, strict=True):
            assert not out.startswith(FORMULA_START)
            cell = CONTROL_CHARS.sub("", cell)  # control characters and direction overrides left out
            cell = cell.replace("\r\n", "\n").replace("\r", "\n")  # one kind of line break
            assert out == cell or out == "'" + cell


def test_printable_shows_control_characters_instead_of_obeying_them():
    from coigraph.output import printable

    assert printable("a\x1b[2Jb\x07c\x00") == "a\\x1b[2Jb\\x07c\\x00"
    assert printable("line\nnext\ttab Zoë") == "line\nnext\ttab Zoë"


# --------------------------------------------------------------------------- file names


SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


@pytest.mark.parametrize("text", ["../../etc/passwd", "..", ".", "", "a/b\\c", "CON", "nul.txt",
                                  "<img src=x onerror=alert(1)>", "=HYPERLINK(\"x\")", "-rf",
                                  ".hidden", "name\x00with nul", "x" * 500, "Zoë Ármstrong"])
def test_safe_filename_is_a_plain_name(text):
    name = safe_filename(text, suffix=".html")
    stem = name.removesuffix(".html")
    assert SAFE_NAME.match(stem), name
    assert stem not in (".", "..") and "/" not in name and "\\" not in name
    assert len(name) <= 120 + len(".html")
    assert stem.split(".")[0].lower() not in {"con", "prn", "aux", "nul"}


def test_safe_filename_keeps_safe_ids():
    assert safe_filename("northshire-hospitals-ft", suffix=".html") == "northshire-hospitals-ft.html"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_safe_filename_is_safe_deterministic_and_distinct(a, b):
    na = safe_filename(a)
    assert SAFE_NAME.match(na) and na not in (".", "..")
    assert safe_filename(a) == na
    if a != b:
        assert safe_filename(b) != na


# --------------------------------------------------------------------------- atomic writes


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    write_atomic(target, "first\n")
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


class _DiskFull:
    """A file object that writes half of what it is given, then fails like a full disk."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        self._fh.write(data[: len(data) // 2])
        self._fh.flush()
        raise OSError(28, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def test_half_written_output_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("previous\n")
    real_fdopen = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: _DiskFull(real_fdopen(fd, mode)))
    with pytest.raises(CoigraphError, match="cannot write .*out.json: No space left on device"):
        write_atomic(target, "new content " * 1000)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_failed_rename_leaves_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("previous\n")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.os, "replace", refuse)
    with pytest.raises(CoigraphError, match="Permission denied"):
        write_atomic(target, "new")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_interrupt_mid_write_leaves_the_previous_file(tmp_path, monkeypatch):
    """Ctrl-C while writing: the previous file stays, the temporary one goes, the interrupt propagates."""
    target = tmp_path / "out.json"
    target.write_text("previous\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_emit_goes_to_stdout_or_file(tmp_path, capsys):
    emit("to stdout\n", None)
    emit("also stdout\n", "-")
    emit("to file\n", tmp_path / "sub" / "f.txt")
    assert capsys.readouterr().out == "to stdout\nalso stdout\n"
    assert (tmp_path / "sub" / "f.txt").read_text() == "to file\n"


def test_cli_disk_full_is_a_clear_error_and_keeps_previous(cli, tmp_path, monkeypatch):
    target = tmp_path / "g.json"
    target.write_text("previous\n")
    real_fdopen = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: _DiskFull(real_fdopen(fd, mode)))
    r = cli("export", MINIMAL, "--output", target)
    assert r.exit_code == 2
    assert "No space left on device" in r.stderr and "Traceback" not in r.stderr
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_cli_renderer_failing_keeps_previous(cli, tmp_path, monkeypatch):
    """A bug in a renderer (it raises part-way) is reported as a bug, and the old file stays."""
    import coigraph.cli.core as core

    target = tmp_path / "g.json"
    target.write_text("previous\n")

    def broken(G):
        raise RuntimeError("renderer failed half-way")

    monkeypatch.setattr(core, "dumps", broken)
    r = cli("export", MINIMAL, "--output", target)
    assert r.exit_code == 1 and "Internal error" in r.stderr and "renderer failed" in r.stderr
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


# --------------------------------------------------------------------------- identical re-runs


def _dataset() -> Path:
    return NORTHSHIRE


RERUNS = [
    ["stats", "{data}", "--format", "json"],
    ["stats", "{data}", "--format", "csv"],
    ["stats", "{data}"],
    ["export", "{data}"],
    ["export", "{data}", "--redact"],
    ["screen", "{data}", "--all", "--format", "json"],
    ["screen", "{data}", "--meeting", "icb-board-2025-05", "--format", "html"],
    ["screen", "{data}", "--meeting", "icb-board-2025-05", "--format", "markdown", "--redact"],
    ["trace", "{data}", "--decision", "dec-2025-07-remote-monitoring", "--format", "json"],
    ["audit", "{data}", "--format", "csv"],
    ["map", "{data}", "--meeting", "icb-board-2025-05"],
    ["export-register", "{data}", "--format", "xlsx"],
]

#: Runs every command of RERUNS in one process (starting Python once, not once per command).
_DRIVER = """
import json, sys
from coigraph.cli import main
for i, args in enumerate(json.loads(sys.argv[1])):
    try:
        main(args + ["--output", f"{sys.argv[2]}/{i}.out"], standalone_mode=False)
    except SystemExit as exc:
        if exc.code:
            raise
"""


def _run_all(out: Path, seed: str) -> None:
    out.mkdir()
    data = str(_dataset())
    cmds = [[a.format(data=data) for a in args] for args in RERUNS]
    env = {**os.environ, "PYTHONHASHSEED": seed}
    r = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(cmds), str(out)], env=env,
                       capture_output=True, timeout=600)
    assert r.returncode == 0, r.stderr.decode()


def test_reruns_are_byte_identical_across_processes(tmp_path):
    """Two separate runs (different hash seeds, so set and dict order can't hide) give the same bytes."""
    _run_all(tmp_path / "a", "1")
    _run_all(tmp_path / "b", "2")
    for i, args in enumerate(RERUNS):
        first = (tmp_path / "a" / f"{i}.out").read_bytes()
        assert first, args
        assert first == (tmp_path / "b" / f"{i}.out").read_bytes(), " ".join(args)


# --------------------------------------------------------------------------- signals, links, FIFOs, staging

#: Runs ``coigraph export DATA -o TARGET`` with the write held open at the fsync, so a signal
#: arrives mid-write deterministically; writes MARKER when the temporary file is there.
_HELD_EXPORT = """
import os, sys, time
marker, data, target = sys.argv[1:4]
def held(fd):
    with open(marker, "w") as fh:
        fh.write("writing")
    time.sleep(60)
os.fsync = held
from coigraph.cli import main
main(["export", data, "--output", target])
"""


def _held_export(tmp_path: Path, target: Path) -> subprocess.Popen:
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", _HELD_EXPORT, str(marker), str(MINIMAL), str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(600):
        if marker.exists() or proc.poll() is not None:
            break
        import time

        time.sleep(0.05)
    assert marker.exists(), proc.communicate()[1].decode()
    return proc


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_write_removes_the_temporary_file(tmp_path, sig):
    """A real process and a real signal: the previous file stays and no temporary file is left."""
    import signal

    out = tmp_path / "out"
    out.mkdir()
    target = out / "g.json"
    target.write_text("previous\n")
    proc = _held_export(tmp_path, target)
    assert _temps(out), "the write is under way"
    proc.send_signal(getattr(signal, sig))
    proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert _temps(out) == []
    assert target.read_text() == "previous\n"


def test_left_overs_of_a_killed_run_are_swept_by_the_next(tmp_path, cli):
    import signal

    out = tmp_path / "out"
    out.mkdir()
    target = out / "g.json"
    proc = _held_export(tmp_path, target)
    proc.send_signal(signal.SIGKILL)  # no handler runs: the temporary file stays behind
    proc.communicate(timeout=30)
    assert len(_temps(out)) == 1
    mine = out / f".g.json.coigraph-{os.getpid()}-inuse.tmp"  # a live writer's file is not touched
    mine.write_text("in use")
    other = out / ".other.json.coigraph-999999999-x.tmp"  # another target's: not touched either
    other.write_text("x")
    r = cli("export", MINIMAL, "--output", target)
    assert r.exit_code == 0, r.stderr
    assert _temps(out) == sorted([mine.name, other.name])
    assert json.loads(target.read_text())["format"] == "coigraph-graph"


def test_output_through_a_symlink_replaces_the_target_not_the_link(tmp_path):
    real = tmp_path / "reports" / "g.json"
    real.parent.mkdir()
    real.write_text("previous\n")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    emit("new\n", link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"
    assert _temps(real.parent) == [] and _temps(tmp_path) == []


def test_output_to_a_fifo_writes_into_it_and_keeps_it(tmp_path):
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    emit("through the pipe\n", fifo)
    reader.join(10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_to_dev_stdout_is_written_not_replaced(tmp_path):
    """-o /dev/stdout writes to the process's standard output (a pipe here); the device stays."""
    exe = Path(sys.executable).with_name("coigraph")
    r = subprocess.run([str(exe), "stats", str(MINIMAL), "--format", "json", "--output", "/dev/stdout"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["person"] >= 1
    assert os.path.islink("/dev/stdout")  # still the link to the process's output, not a file


def test_write_all_writes_every_file_or_none(tmp_path):
    (tmp_path / "a.txt").write_text("old a\n")
    (tmp_path / "blocked").write_text("a file where a folder is needed\n")
    with pytest.raises(CoigraphError, match="nothing was written"):
        output.write_all({tmp_path / "a.txt": "new a\n", tmp_path / "new" / "b.txt": "b\n",
                          tmp_path / "blocked" / "c.txt": "c\n"})
    assert (tmp_path / "a.txt").read_text() == "old a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "blocked"]  # 'new/' removed again
    written = output.write_all({tmp_path / "a.txt": "new a\n", tmp_path / "new" / "b.txt": b"b\n"})
    assert written == [tmp_path / "a.txt", tmp_path / "new" / "b.txt"]
    assert (tmp_path / "a.txt").read_text() == "new a\n" and (tmp_path / "new" / "b.txt").read_text() == "b\n"
    assert _temps(tmp_path) == [] and _temps(tmp_path / "new") == []


def test_write_all_puts_back_what_it_renamed_when_a_later_rename_fails(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old a\n")
    (tmp_path / "b.txt").write_text("old b\n")
    real = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", second_fails)
    with pytest.raises(CoigraphError, match="Input/output error"):
        output.write_all({tmp_path / "a.txt": "new a\n", tmp_path / "b.txt": "new b\n"})
    monkeypatch.setattr(output.os, "replace", real)
    assert (tmp_path / "a.txt").read_text() == "old a\n" and (tmp_path / "b.txt").read_text() == "old b\n"
    assert _temps(tmp_path) == [] and not [p for p in tmp_path.iterdir() if p.name.endswith(".old")]


def test_gallery_into_a_folder_that_cannot_be_made_writes_nothing(cli, tmp_path):
    (tmp_path / "blocked").write_text("a file where the folder should be\n")
    r = cli("map", MINIMAL, "--all-examples", tmp_path / "blocked" / "maps")
    assert r.exit_code == 2, r.stderr
    assert "Internal error" not in r.stderr and "cannot write" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked"]


def test_gallery_is_written_whole_or_not_at_all(cli, tmp_path, monkeypatch):
    gallery = tmp_path / "maps"
    gallery.mkdir()
    real = output._write_temp

    def index_fails(path, data):
        if path.name == "index.html":
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(output, "_write_temp", index_fails)
    r = cli("map", MINIMAL, "--all-examples", gallery)
    assert r.exit_code == 2 and "No space left" in r.stderr
    assert list(gallery.iterdir()) == []  # not one map without its index


def test_import_register_whose_review_folder_cannot_be_made_writes_nothing(cli, tmp_path):
    """The review file is written with the dataset's files, all or nothing."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(Path(__file__).resolve().parent / "data" / "register-import-icb", data)
    (data / "review").write_text("a file where the review folder should be\n")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    register = Path(__file__).resolve().parent / "data" / "registers" / "review-cases.csv"
    r = cli("import-register", register, "--into", data)
    assert r.exit_code == 2, r.stderr
    assert "nothing was written" in r.stderr and "Internal error" not in r.stderr
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def _words_cut(text: str, phrases: list[str]) -> list[str]:
    """The phrases that do not read whole once line breaks and indentation are taken out."""
    flat = re.sub(r"\s+", " ", text)
    return [p for p in phrases if p not in flat]


def test_a_table_too_narrow_for_its_words_is_laid_out_as_records(monkeypatch):
    """Six columns in 80: the table cut 'Castlebridge' and '[interests.csv:63]' in two, one piece
    per line, between box lines.  The records read whole; at a width where the columns fit, the
    table stays a table."""
    header = ["Item", "Person", "Organisation [effect]", "Level and action", "Rule", "Why (evidence)"]
    rows = [["5", "Gillian Roper", "Northshire Community Health NHS Trust [system-wide]",
             "Declare only: declare and take part", "network-interest",
             "Gillian Roper → declared non-financial professional interest in Castlebridge Health and "
             "Care Partnership [interests.csv:57] → which has as a member Northshire Community Health "
             "NHS Trust [org_relations.yaml:37]"]]
    monkeypatch.setenv("COLUMNS", "80")
    text = output.render_table("Conflicts of interest", header, rows)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "│" not in text and "Organisation [effect]: Northshire Community Health" in text
    assert _words_cut(text, [*rows[0], "[org_relations.yaml:37]"]) == []
    monkeypatch.setenv("COLUMNS", "200")
    wide = output.render_table("Conflicts of interest", header, rows)
    assert "│" in wide and "network-interest" in wide and max(len(x) for x in wide.splitlines()) <= 200


def test_the_sample_screen_reads_whole_at_80_columns(cli):
    """The README's first command, in a terminal of 80 columns: every finding's organisation, rule
    and evidence reads whole (no word cut between lines)."""
    from coigraph.graph import load_graph
    from coigraph.screening import screen_meeting
    from tests.conftest import NORTHSHIRE

    r = cli("screen", NORTHSHIRE, "--meeting", "icb-board-2025-05", columns=80)
    assert r.exit_code == 0, r.stderr
    s = screen_meeting(load_graph(NORTHSHIRE), "icb-board-2025-05")
    phrases = sorted({p for it in s.items for f in it.findings
                      for p in (f.organisation_name, f.rule_id, f.person_name,
                                *re.findall(r"\[[^\]\s]+\]", f.explanation))})
    assert len(phrases) > 20 and _words_cut(r.stdout, phrases) == []
