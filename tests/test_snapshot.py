"""The compiled snapshot (issue 22): the same graph back, read only while every input is unchanged,
safe to read, written atomically, where the user (or the environment) says."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import msgpack
import pytest

from coigraph import snapshot
from coigraph.graph import dumps, load_graph
from tests.conftest import NORTHSHIRE


def _typed(attrs: dict) -> dict:
    """Each value's type, list items' too: a StrEnum member equals its text, but code that reads
    ``.value`` or tests the class must get the member the loader made."""
    return {k: (type(v), [type(x) for x in v] if isinstance(v, list) else None) for k, v in attrs.items()}


def _same(G, H) -> None:
    """The same graph, down to the order of nodes, neighbours and keys (what iteration sees) and
    the type of every value."""
    assert list(G._node) == list(H._node)
    assert G.graph.get("name") == H.graph.get("name")
    for n in G._node:
        assert G._node[n] == H._node[n], n
        assert _typed(G._node[n]) == _typed(H._node[n]), n
        assert list(G._succ[n]) == list(H._succ[n]), n
        assert list(G._pred[n]) == list(H._pred[n]), n
        for v, kd in G._succ[n].items():
            assert list(kd.items()) == list(H._succ[n][v].items()), (n, v)
            assert [_typed(a) for a in kd.values()] == [_typed(a) for a in H._succ[n][v].values()], (n, v)
            assert H._succ[n][v] is H._pred[v][n]  # one key dict per pair, as networkx keeps it


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(snapshot.ENV_DIR, str(where))
    monkeypatch.delenv(snapshot.ENV_OFF, raising=False)
    return where


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the loads from the files (the snapshot's misses)."""
    import coigraph.graph

    calls: list[str] = []
    real = coigraph.graph.load_graph

    def spy(path, **kw):
        calls.append(str(path))
        return real(path, **kw)

    monkeypatch.setattr(coigraph.graph, "load_graph", spy)
    return calls


def test_the_snapshot_gives_the_same_graph(data: Path, cache: Path, monkeypatch) -> None:
    calls = _loads(monkeypatch)
    G = snapshot.load_graph(data)
    assert calls == [str(data)] and snapshot.snapshot_path(data).is_file()
    H = snapshot.load_graph(data)
    assert calls == [str(data)]  # the second load read the snapshot
    _same(G, H)
    _same(load_graph(data), H)
    assert dumps(G) == dumps(H)


def test_any_change_to_any_input_is_seen(data: Path, cache: Path, monkeypatch) -> None:
    calls = _loads(monkeypatch)
    snapshot.load_graph(data)
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("Rebecca Stanforth", "Rebecca Stanforth-Jones"), encoding="utf-8")
    G = snapshot.load_graph(data)
    assert len(calls) == 2 and G.nodes["person:rebecca-stanforth"]["name"] == "Rebecca Stanforth-Jones"
    snapshot.load_graph(data)
    assert len(calls) == 2
    # a new table file (split tables are read too) is an input; a file the loader ignores is not
    (data / "notes.txt").write_text("not a table\n", encoding="utf-8")
    snapshot.load_graph(data)
    assert len(calls) == 2
    header = (data / "interests.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "interests-extra.csv").write_text(header + "\n", encoding="utf-8")
    snapshot.load_graph(data)
    assert len(calls) == 3


def test_a_damaged_or_foreign_snapshot_is_ignored_and_replaced(data: Path, cache: Path, monkeypatch) -> None:
    calls = _loads(monkeypatch)
    G = snapshot.load_graph(data)
    path = snapshot.snapshot_path(data)
    whole = path.read_bytes()
    # a vocabulary named that is not one of the model's (here the findings' severities)
    unpacker = msgpack.Unpacker(io.BytesIO(whole), raw=False)
    header = next(unpacker)
    next(sch for sch in header["schemas"] if sch[3])[3][0][1] = "Severity"
    foreign_class = msgpack.packb(header, use_bin_type=True) + whole[unpacker.tell():]
    for damage in (whole[: len(whole) // 2], b"", b"\x80\x04garbage that is not msgpack",
                   msgpack.packb({"format": snapshot.FORMAT, "version": snapshot.VERSION + 1}),
                   foreign_class):
        path.write_bytes(damage)
        with pytest.raises(snapshot.SnapshotError):
            snapshot.read(path)
        before = len(calls)
        _same(G, snapshot.load_graph(data))
        assert len(calls) == before + 1 and path.read_bytes() != damage
    with pytest.raises(snapshot.SnapshotError, match="other data"):
        snapshot.read(path, key="0" * 64)


def test_the_cache_can_be_off_or_beside_the_data(data: Path, cache: Path, monkeypatch) -> None:
    snapshot.load_graph(data, cache=False)
    assert not cache.exists()
    monkeypatch.setenv(snapshot.ENV_OFF, "1")
    snapshot.load_graph(data)
    assert not cache.exists()
    monkeypatch.delenv(snapshot.ENV_OFF)
    monkeypatch.setenv(snapshot.ENV_DIR, snapshot.BESIDE)
    snapshot.load_graph(data)
    assert (data / ".coigraph-cache" / "graph.snapshot").is_file() and not cache.exists()
    # the snapshot beside the data is not an input (and neither is its folder)
    assert all(".coigraph-cache" not in str(f) for f in snapshot.input_files(data))


def test_the_default_is_the_user_cache_directory(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(snapshot.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and os.uname().sysname != "Darwin":
        assert snapshot.user_cache_dir() == tmp_path / "xdg" / "coigraph"


def test_written_atomically_nothing_left_behind(data: Path, cache: Path) -> None:
    snapshot.load_graph(data)
    assert [p.name for p in cache.iterdir()] == [snapshot.snapshot_path(data).name]


def test_commands_use_the_snapshot_and_no_cache_bypasses_it(cli, data: Path, cache: Path) -> None:
    first = cli("screen", data, "--meeting", "icb-board-2025-05", "--format", "json")
    assert first.exit_code == 0 and snapshot.snapshot_path(data).is_file()
    again = cli("screen", data, "--meeting", "icb-board-2025-05", "--format", "json")
    assert again.stdout == first.stdout
    snapshot.snapshot_path(data).unlink()
    fresh = cli("screen", data, "--meeting", "icb-board-2025-05", "--format", "json", "--no-cache")
    assert fresh.stdout == first.stdout and not snapshot.snapshot_path(data).exists()


def test_a_json_export_is_an_input_too(tmp_path: Path, cache: Path, monkeypatch) -> None:
    export = tmp_path / "northshire.json"
    export.write_text(dumps(load_graph(NORTHSHIRE)), encoding="utf-8")
    calls = _loads(monkeypatch)
    G = snapshot.load_graph(export)
    H = snapshot.load_graph(export)
    assert len(calls) == 1 and snapshot.input_files(export) == [export]
    _same(G, H)
    export.write_text(export.read_text(encoding="utf-8").replace("Rebecca Stanforth", "R. Stanforth"),
                      encoding="utf-8")
    assert snapshot.load_graph(export).nodes["person:rebecca-stanforth"]["name"] == "R. Stanforth"
    assert len(calls) == 2
