"""The dataset the app serves: loaded once, held in memory, reloaded when its files change.

A :class:`Source` says where the data comes from (a data folder or JSON export
on disk, or a dataset pushed to Neo4j) and gives a cheap *fingerprint* of its
current state; :class:`DataState` compares that fingerprint on each request
and loads a new :class:`Snapshot` when it changed.  A snapshot is immutable:
a request works on the one it started with, even if a reload happens
meanwhile.  If the changed data no longer loads (a file saved half-edited),
the previous snapshot stays in service and every page says why.

Results (screens, traces, the audit, maps, the search index) are worked out
on first use and kept on the snapshot, so they go with it on a reload.
Under ``--redact`` findings are worked out on the full register and redacted
before they are shown (:func:`coigraph.redact.redact_findings`); maps, search
and the lists of people are drawn from the redacted graph
(:func:`coigraph.redact.redact_graph`), as the CLI does for ``map --redact``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import networkx as nx

from coigraph.errors import CoigraphError, Problem

log = logging.getLogger("coigraph.web")
T = TypeVar("T")


@dataclass(frozen=True)
class Loaded:
    """What a source gives: the graph, its record counts and the loader's warnings."""

    G: nx.MultiDiGraph
    name: str
    counts: dict[str, int]
    warnings: list[Problem]


class Source(Protocol):
    """Where the data comes from."""

    #: Shown on the home page: the folder, file or database dataset.
    label: str
    #: Seconds between two fingerprint checks (0: every request).
    check_every: float

    def fingerprint(self) -> Hashable:
        """Cheap summary of the data's current state: a change means 'load again'."""

    def load(self) -> Loaded:
        """Load and validate; raises :class:`coigraph.errors.DataError` if the data is invalid."""


class FolderSource:
    """A dataset folder (or a ``coigraph export`` JSON file) on disk.

    The fingerprint is the name, size and modification time of every file in
    the folder: one ``scandir`` (microseconds for a few dozen files).
    """

    check_every = 0.0

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.label = str(self.path)

    def fingerprint(self) -> Hashable:
        try:
            if self.path.is_file():
                st = self.path.stat()
                return ((self.path.name, st.st_mtime_ns, st.st_size),)
            with os.scandir(self.path) as it:
                return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size)
                                    for e in it if e.is_file()))
        except OSError:
            return None

    def load(self) -> Loaded:
        from coigraph.graph import build_graph
        from coigraph.load.dataset import load_dataset

        ds = load_dataset(self.path)
        return Loaded(build_graph(ds), ds.name, ds.counts(), list(ds.warnings))


class Neo4jSource:
    """A dataset pushed to Neo4j (``coigraph db push``), pulled into memory.

    ``connect`` opens a :class:`coigraph.db.connect.Database`.  The
    fingerprint is the dataset's node and relationship counts, read at most
    every ``check_every`` seconds: a new push that changes them is pulled
    again (an edit that keeps every count the same is seen after a restart).
    """

    def __init__(self, connect: Callable[[], Any], dataset: str, *, check_every: float = 30.0):
        self.connect = connect
        self.dataset = dataset
        self.check_every = check_every
        self.label = f"Neo4j dataset '{dataset}'"
        self._db: Any = None

    def _conn(self) -> Any:
        if self._db is None:
            self._db = self.connect()
        return self._db

    def fingerprint(self) -> Hashable:
        from coigraph.db.push import dataset_counts

        try:
            return tuple(sorted(dataset_counts(self._conn(), self.dataset).items()))
        except CoigraphError as exc:
            log.warning("could not check the database: %s", exc)
            return None

    def load(self) -> Loaded:
        from coigraph.db.pull import pull

        G = pull(self._conn(), self.dataset)
        counts: dict[str, int] = {}
        for _, t in G.nodes(data="type"):
            counts[t] = counts.get(t, 0) + 1
        return Loaded(G, self.dataset, counts, [])


@dataclass
class Snapshot:
    """One loaded state of the data, with the results worked out on it so far."""

    G: nx.MultiDiGraph
    view: nx.MultiDiGraph
    name: str
    counts: dict[str, int]
    warnings: list[Problem]
    fingerprint: Hashable
    loaded_at: dt.datetime
    redacted: bool
    _cache: dict[Hashable, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per snapshot and key.

        One lock per snapshot: the analyses cache helpers on the graph, so
        they are never run on it from two threads at once (the app is a
        single office's; a page waits at most for one other page's work).
        """
        with self._lock:
            if key not in self._cache:
                self._cache[key] = build()
            return self._cache[key]

    def public(self, result: T) -> T:
        """A result worked out on the full register, as the app may show it."""
        if not self.redacted:
            return result
        from coigraph.redact import redact_findings

        return redact_findings(result, self.G)


class DataState:
    """The snapshot in service, and the reload that replaces it when the source changes."""

    def __init__(self, source: Source, *, redact: bool = False,
                 warm: Callable[[Snapshot], None] | None = None):
        self.source = source
        self.redact = redact
        self.warm = warm
        self._lock = threading.Lock()
        self._checked = 0.0
        #: Why the last reload failed (the data on disk has errors), or None.
        self.reload_error: str | None = None
        self.snapshot = self._load(source.fingerprint())  # invalid data: DataError, nothing served

    def _load(self, fingerprint: Hashable) -> Snapshot:
        started = time.perf_counter()
        loaded = self.source.load()
        view = loaded.G
        if self.redact:
            from coigraph.redact import redact_graph

            view = redact_graph(loaded.G)
        snap = Snapshot(G=loaded.G, view=view, name=loaded.name, counts=loaded.counts,
                        warnings=loaded.warnings, fingerprint=fingerprint,
                        loaded_at=dt.datetime.now().replace(microsecond=0), redacted=self.redact)
        log.info("loaded %s in %.0f ms", self.source.label, (time.perf_counter() - started) * 1000)
        if self.warm is not None:  # work out the shared results now, not on the first visitor's time
            threading.Thread(target=self._warm, args=(snap,), daemon=True, name="coigraph-warm").start()
        return snap

    def _warm(self, snap: Snapshot) -> None:
        try:
            self.warm(snap)  # type: ignore[misc]
        except Exception:  # a page will meet the same error and show it; the log has the details
            log.exception("could not prepare the results of %s", self.source.label)

    def current(self) -> Snapshot:
        """The snapshot to answer with: reloaded first if the source changed since."""
        now = time.monotonic()
        if now - self._checked < self.source.check_every:
            return self.snapshot
        with self._lock:
            self._checked = now
            fp = self.source.fingerprint()
            if fp is None or fp == self.snapshot.fingerprint:
                return self.snapshot
            try:
                self.snapshot = self._load(fp)
                self.reload_error = None
            except CoigraphError as exc:
                # keep serving what was valid; say on every page that the files now have errors
                self.reload_error = str(exc)
                self.snapshot = _refingerprinted(self.snapshot, fp)
                log.warning("the data changed but does not load: %s", exc)
            return self.snapshot


def _refingerprinted(snap: Snapshot, fp: Hashable) -> Snapshot:
    """The same snapshot, marked as seen at ``fp`` (so a broken file is not re-read on every request)."""
    snap.fingerprint = fp
    return snap


__all__ = ["Source", "FolderSource", "Neo4jSource", "Loaded", "Snapshot", "DataState"]
