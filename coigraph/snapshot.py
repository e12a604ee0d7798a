"""A compiled snapshot of a dataset's graph, so the second command on unchanged data starts at once.

Loading a dataset validates every row and checks every reference (a minute
and more for the size of England); the graph that comes out is the same every
time the files are.  :func:`load_graph` keeps it in a *snapshot* file and, when
the files have not changed, reads the graph back from it instead, in a
fraction of the time.

* **Keyed by content.**  The key is a SHA-256 over the content and name of
  every file the loader reads (each table file of the folder, or the JSON
  export), the folder's name, coigraph's version, the snapshot format's
  version and the source of the code that builds the graph (the model, the
  loader and this module).  Any change to any of them gives another key, so a
  stale snapshot is never read: it is rebuilt from the files and replaced.
* **Safe to read.**  The file is MessagePack (plain data: strings, numbers,
  lists, maps), read with ``msgpack``; nothing in it can run code on load (no
  pickle).  Its header names the format, its version and the key, and the
  reader checks all three; a file that is truncated, corrupt or of another
  format is ignored and rebuilt.  It is written to a temporary file and
  renamed into place, so a reader never sees half a snapshot.
* **Where.**  In the user cache directory: ``$COIGRAPH_CACHE_DIR`` if set, else
  ``$XDG_CACHE_HOME/coigraph`` or ``~/.cache/coigraph`` (``~/Library/Caches/coigraph``
  on macOS, ``%LOCALAPPDATA%\\coigraph\\Cache`` on Windows).  ``COIGRAPH_CACHE_DIR=beside``
  keeps it beside the dataset instead (``<folder>/.coigraph-cache/``, or
  ``.<file>.coigraph-cache/`` beside a JSON export).  ``COIGRAPH_NO_CACHE=1``
  (or the commands' ``--no-cache``) turns it off.  One file per dataset
  location; a new key replaces the old file.

The graph read back is the graph :func:`coigraph.graph.load_graph` builds: the
same nodes, edges, keys and attributes, of the same types, in the same order
(a test compares them).  Dates come back as shared ``datetime.date`` objects
(one per day), a vocabulary's words (a role, a kind, a status) as the model's
own enumeration members, found by name among :mod:`coigraph.model.vocab`'s and
nowhere else, and attribute names as shared strings, which also makes the
graph smaller.

Cost: hashing the inputs (about 0.2 s for 90 MB), then reading the snapshot:
linear in nodes and edges, without validation.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import networkx as nx

#: Name and version of the snapshot format (bump the version on any change of layout).
FORMAT = "coigraph-snapshot"
VERSION = 2
#: Environment variables: a cache directory (or ``beside``), and a switch to turn the cache off.
ENV_DIR = "COIGRAPH_CACHE_DIR"
ENV_OFF = "COIGRAPH_NO_CACHE"
BESIDE = "beside"

_CODE_DIRS = ("model", "load")
_CODE_FILES = ("graph.py", "snapshot.py", "ids.py")


# --------------------------------------------------------------------------- where, and which key


def cache_enabled(no_cache: bool = False) -> bool:
    """Is the snapshot cache on (not turned off by ``no_cache`` nor by ``COIGRAPH_NO_CACHE``)?"""
    return not no_cache and os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "no", "false")


def user_cache_dir() -> Path:
    """The user cache directory for coigraph (platformdirs-style), or ``$COIGRAPH_CACHE_DIR``."""
    env = os.environ.get(ENV_DIR, "").strip()
    if env and env != BESIDE:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "coigraph"
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "coigraph" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "coigraph"


def snapshot_path(source: str | Path, cache_dir: str | Path | None = None) -> Path:
    """Where the snapshot of dataset ``source`` (a folder or a JSON export) lives.

    ``cache_dir`` (or ``$COIGRAPH_CACHE_DIR``): a directory, or ``beside`` for one
    next to the dataset.  One file per dataset location, named from its path.
    """
    src = Path(source).resolve()
    where = str(cache_dir) if cache_dir is not None else os.environ.get(ENV_DIR, "").strip()
    if where == BESIDE:
        folder = src / ".coigraph-cache" if src.is_dir() else src.parent / f".{src.name}.coigraph-cache"
        return folder / "graph.snapshot"
    base = Path(where).expanduser() if where else user_cache_dir()
    tag = hashlib.sha256(str(src).encode("utf-8")).hexdigest()[:16]
    return base / f"{_safe(src.name)}-{tag}.snapshot"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in name)[:60] or "dataset"


def input_files(source: str | Path) -> list[Path]:
    """The files the loader reads for ``source``: the table files of a folder, or the export itself."""
    from coigraph.load.dataset import table_files

    src = Path(source)
    if src.is_file():
        return [src]
    files, _ = table_files(src)
    return sorted(f for fs in files.values() for f in fs)


def _code_digest() -> str:
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    paths = [root / f for f in _CODE_FILES] + sorted(
        p for d in _CODE_DIRS for p in (root / d).rglob("*.py"))
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def content_key(source: str | Path) -> str:
    """The snapshot key of ``source``: SHA-256 over every input file's name and content, the
    dataset's name, coigraph's version, the format version and the graph-building code."""
    from coigraph import __version__

    src = Path(source)
    h = hashlib.sha256()
    h.update(f"{FORMAT}/{VERSION}/{__version__}/{_code_digest()}/{src.resolve().name}\0".encode())
    for f in input_files(src):
        h.update(f.name.encode("utf-8") + b"\0")
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- write


def _vocabularies() -> dict[str, type[Enum]]:
    """The enumerations a record's field may hold (the model's vocabularies), by class name:
    the only classes a snapshot may name, so reading one never looks anything else up."""
    from coigraph.model import vocab

    return {c.__name__: c for c in vars(vocab).values()
            if isinstance(c, type) and issubclass(c, Enum) and c is not Enum and c.__module__ == vocab.__name__}


def _encode(attrs: dict[str, Any], schemas: dict[tuple, int], vocabs: dict[str, type[Enum]]) -> list[Any]:
    """An attribute dict as ``[schema id, value, ...]``: the schema is the type, the other keys,
    which of them hold dates (sent as day ordinals) and which hold members of a vocabulary, or
    lists of them (sent as their values, the vocabulary named in the schema)."""
    keys, values, dates, enums = [], [], [], []
    for k, v in attrs.items():
        if k == "type":
            continue
        keys.append(k)
        if isinstance(v, dt.date):
            dates.append(len(values))
            v = v.toordinal()
        elif isinstance(v, Enum):
            if vocabs.get(type(v).__name__) is type(v):
                enums.append((len(values), type(v).__name__, False))
                v = v.value
        elif type(v) is list and v and isinstance(v[0], Enum):
            cls = type(v[0])
            if vocabs.get(cls.__name__) is cls and all(type(x) is cls for x in v):
                enums.append((len(values), cls.__name__, True))
                v = [x.value for x in v]
        values.append(v)
    shape = (attrs.get("type"), tuple(keys), tuple(dates), tuple(enums))
    sid = schemas.get(shape)
    if sid is None:
        sid = schemas[shape] = len(schemas)
    return [sid, *values]


#: Records per chunk: the file is a stream of chunks, so neither side holds it all at once.
CHUNK = 50_000


def _chunks(xs: list[Any]) -> list[list[Any]]:
    return [xs[i:i + CHUNK] for i in range(0, len(xs), CHUNK)] or [[]]


def write(G: nx.MultiDiGraph, path: str | Path, key: str) -> Path:
    """Write ``G``'s snapshot to ``path`` (atomically: a temporary file, then a rename).

    Layout, each a MessagePack object: the header; the nodes (``[id, record]``) in
    chunks; each node's out-degree and number of successors; the edges in the
    order of the adjacency (``[target index, key, record]``) in chunks; each
    node's predecessors (indices) in the order of the adjacency, in chunks.
    """
    import msgpack

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    index = {n: i for i, n in enumerate(G._node)}
    schemas: dict[tuple, int] = {}
    vocabs = _vocabularies()
    node_chunks = _chunks([[n, _encode(a, schemas, vocabs)] for n, a in G._node.items()])
    edge_chunks = _chunks([[index[v], k, _encode(a, schemas, vocabs)]
                           for nbrs in G._succ.values() for v, kd in nbrs.items() for k, a in kd.items()])
    out_deg = [sum(len(kd) for kd in nbrs.values()) for nbrs in G._succ.values()]
    succ_order = [len(nbrs) for nbrs in G._succ.values()]
    pred_chunks = _chunks([[index[u] for u in G._pred[n]] for n in G._node])
    graph_attrs = {k: v for k, v in G.graph.items() if not k.startswith("_") and isinstance(v, str | int)}
    header = {"format": FORMAT, "version": VERSION, "key": key, "nodes": len(G._node),
              "edges": sum(out_deg), "graph": graph_attrs,
              "chunks": [len(node_chunks), len(edge_chunks), len(pred_chunks)],
              "schemas": [[t, list(ks), list(ds), [list(e) for e in es]] for (t, ks, ds, es), _ in sorted(
                  schemas.items(), key=lambda x: x[1])]}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            packer = msgpack.Packer(use_bin_type=True)
            fh.write(packer.pack(header))
            for part in [*node_chunks, out_deg, succ_order, *edge_chunks, *pred_chunks]:
                fh.write(packer.pack(part))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


# --------------------------------------------------------------------------- read


class SnapshotError(Exception):
    """A snapshot that cannot be used (another format or version, another key, truncated, corrupt)."""


def read(path: str | Path, key: str | None = None) -> nx.MultiDiGraph:
    """The graph in snapshot ``path``; raises :class:`SnapshotError` unless it is whole, of this
    format and version, and (if given) of key ``key``."""
    import msgpack

    try:
        with open(path, "rb") as fh:
            unpacker = msgpack.Unpacker(fh, raw=False, strict_map_key=True, use_list=True,
                                        max_buffer_size=1 << 30)
            header = next(unpacker)
            if not isinstance(header, dict) or header.get("format") != FORMAT \
                    or header.get("version") != VERSION:
                raise SnapshotError("not a snapshot of this format and version")
            if key is not None and header.get("key") != key:
                raise SnapshotError("a snapshot of other data (or of other code)")
            return _rebuild(header, unpacker)
    except (OSError, ValueError, StopIteration, RuntimeError, IndexError, KeyError, TypeError,
            msgpack.UnpackException) as exc:
        raise SnapshotError(f"cannot read {path}: {exc}") from exc


def _rebuild(header: dict[str, Any], unpacker: Any) -> nx.MultiDiGraph:
    days: dict[int, dt.date] = {}
    intern = sys.intern
    vocabs = _vocabularies()
    members: dict[str, dict[Any, Enum]] = {}

    def vocabulary(name: str) -> dict[Any, Enum]:  # value -> member; an unknown name is a KeyError
        if name not in members:
            members[name] = {m.value: m for m in vocabs[name]}
        return members[name]

    schemas = [(intern(t) if isinstance(t, str) else t, tuple(intern(k) for k in ks), ds,
                [(i, vocabulary(name), many) for i, name, many in es])
               for t, ks, ds, es in header["schemas"]]
    n_nodes, n_edges = header["chunks"][0], header["chunks"][1]

    def decode(rec: list[Any]) -> dict[str, Any]:
        t, keys, date_at, enum_at = schemas[rec[0]]
        values = rec[1:]
        for i in date_at:
            o = values[i]
            d = days.get(o)
            if d is None:
                d = days[o] = dt.date.fromordinal(o)
            values[i] = d
        for i, vocab, many in enum_at:  # a value not in the vocabulary is a KeyError: not this code's
            values[i] = [vocab[x] for x in values[i]] if many else vocab[values[i]]
        a = dict(zip(keys, values, strict=True))
        a["type"] = t
        return a

    def edge_stream() -> Any:
        for _ in range(n_edges):
            chunk = next(unpacker, None)
            if chunk is None:
                raise SnapshotError("the snapshot is truncated")
            yield from chunk

    was = gc.isenabled()
    gc.disable()
    try:
        G = nx.MultiDiGraph()
        G.graph.update(header.get("graph") or {})
        node, succ, pred = G._node, G._succ, G._pred
        names: list[str] = []
        for _ in range(n_nodes):
            for n, rec in next(unpacker):
                n = intern(n)
                names.append(n)
                node[n] = decode(rec)
                succ[n] = {}
        out_deg, succ_order = next(unpacker), next(unpacker)
        if len(names) != header["nodes"] or len(out_deg) != len(names) or sum(out_deg) != header["edges"]:
            raise SnapshotError("the snapshot is truncated")
        edges = edge_stream()
        for u, degree in zip(names, out_deg, strict=True):
            nbrs = succ[u]
            for _ in range(degree):
                vi, k, rec = next(edges)  # a chunk short of its edges ends the stream: an error
                v = names[vi]
                kd = nbrs.get(v)
                if kd is None:
                    kd = nbrs[v] = {}
                kd[k] = decode(rec)
        if [len(succ[u]) for u in names] != succ_order:
            raise SnapshotError("the snapshot's adjacency does not add up")
        i = 0
        for _ in range(header["chunks"][2]):
            for us in next(unpacker):
                v = names[i]
                pred[v] = {names[u]: succ[names[u]][v] for u in us}
                i += 1
        if i != len(names):
            raise SnapshotError("the snapshot is truncated")
    finally:
        if was:
            gc.enable()
    return G


# --------------------------------------------------------------------------- the cached load


def load_graph(source: str | Path, *, cache: bool = True, cache_dir: str | Path | None = None,
               progress: Callable[[str], None] | None = None, freeze: bool = False) -> nx.MultiDiGraph:
    """Load dataset ``source``'s graph, from its snapshot if one of the same key exists.

    Otherwise the folder (or export) is loaded and validated as usual
    (:func:`coigraph.graph.load_graph`) and the snapshot written for next time.
    ``cache=False`` (or ``COIGRAPH_NO_CACHE=1``) neither reads nor writes one.
    An unwritable cache directory is no error: the graph is returned all the
    same.  ``freeze`` moves everything loaded out of the garbage collector's
    way (``gc.freeze``): the graph holds no reference cycles to collect, and a
    long sweep then never walks it.
    """
    from coigraph.graph import load_graph as load_uncached

    G: nx.MultiDiGraph | None = None
    if cache_enabled(not cache) and Path(source).exists():
        key = content_key(source)
        path = snapshot_path(source, cache_dir)
        if path.is_file():
            try:
                G = read(path, key)
            except SnapshotError:
                G = None
        if G is None:
            G = load_uncached(source, progress=progress)
            try:
                write(G, path, key)
            except OSError as exc:
                if progress:
                    progress(f"could not keep a snapshot in {path.parent}: {exc}")
    else:
        G = load_uncached(source, progress=progress)
    if freeze:
        gc.collect()
        gc.freeze()
    return G


__all__ = ["load_graph", "read", "write", "content_key", "snapshot_path", "user_cache_dir",
           "input_files", "cache_enabled", "SnapshotError", "FORMAT", "VERSION", "ENV_DIR", "ENV_OFF",
           "BESIDE"]
