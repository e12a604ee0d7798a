"""Start and stop a real Bolt server for the database tests: ArcadeDB, from PyPI.

No Neo4j server can be installed on the CI machine, so the tests run against
ArcadeDB (``arcadedb-embedded`` in the ``test`` extra), a real database that
speaks the Bolt protocol and Neo4j 5 Cypher.  It bundles its own Java runtime.
See ``/work/shared/TOOLING.md`` for the facts this module relies on.

When ``NEO4J_URI`` is set (with ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
optionally ``NEO4J_DATABASE``), :func:`from_environment` returns those details
instead and no server is started: the same tests then run against that server.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE = "graphdb"
STARTED = "Server started"


@dataclass(frozen=True)
class BoltServer:
    """How to reach a Bolt server: what the ``coigraph db`` commands take as options."""

    uri: str
    user: str
    password: str
    database: str | None
    kind: str  # "arcadedb" (started here) or "external" (NEO4J_URI)


def from_environment() -> BoltServer | None:
    """The server named by ``NEO4J_URI`` & co., or None when it is not set."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltServer(
        uri=uri,
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
        kind="external",
    )


def free_port() -> int:
    """A free TCP port on the loopback interface (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def arcadedb_home() -> Path:
    """The installed ``arcadedb_embedded`` package folder (holds ``jre/`` and ``jars/``)."""
    try:
        import arcadedb_embedded
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise RuntimeError(
            "the ArcadeDB test server is not installed: pip install -e '.[test]' "
            "(or set NEO4J_URI to use a Neo4j server of your own)"
        ) from exc
    return Path(arcadedb_embedded.__file__).resolve().parent


class ArcadeDB:
    """One ArcadeDB server process on free loopback ports, in a folder of its own.

    ``workdir`` gets ``root/`` (the server's own folder: databases and its
    ``log/``) and ``server.log`` (its stdout and stderr) beside it.
    """

    def __init__(self, workdir: Path, *, heap: str = "1g", timeout: float = 90.0):
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.log = self.workdir / "server.log"
        self.heap = heap
        self.timeout = timeout
        self.password = "t-" + secrets.token_hex(12)
        self.bolt_port = 0
        self.http_port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The java command line that starts the server (Bolt plugin on, one database)."""
        home = arcadedb_home()
        return [
            str(home / "jre" / "bin" / "java"),
            f"-Xmx{self.heap}",
            f"-Darcadedb.server.rootPath={self.root}",
            f"-Darcadedb.server.databaseDirectory={self.root / 'databases'}",
            f"-Darcadedb.server.rootPassword={self.password}",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            f"-Darcadedb.server.defaultDatabases={DATABASE}[root]",
            "-cp", str(home / "jars" / "*"),
            "com.arcadedb.server.ArcadeDBServer",
        ]

    def start(self) -> BoltServer:
        """Start the server and wait for "Server started" in its log (Bolt opens earlier)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.bolt_port, self.http_port = free_port(), free_port()
        while self.http_port == self.bolt_port:
            self.http_port = free_port()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command(), cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace") if self.log.exists() else ""
            if STARTED in text:
                return BoltServer(f"bolt://127.0.0.1:{self.bolt_port}", "root", self.password,
                                  DATABASE, "arcadedb")
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        self.stop()
        raise RuntimeError(f"ArcadeDB did not start (log {self.log}):\n{tail}")

    def stop(self) -> None:
        """Stop the server by its PID: SIGTERM, then SIGKILL if it lingers."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
