"""The package installs whole: build the wheel, install it (not editable), run every command.

An editable install reads templates, policies and saved queries from the
source tree, so it can hide a file the wheel forgot.  Here the wheel is
built from a copy of the sources, installed into a fresh virtual environment,
and each command's own ``Example:`` (from its help) runs from a folder
outside the repository, on a copy of the sample data.

Cost: about 15 s to build the wheel (pip's isolated build fetches setuptools)
and 3 s to install it, then a second or two per command.  To stay fast, the
fresh environment gets coigraph *only* from the wheel and finds the
dependencies in the test environment's site-packages (a ``.pth`` line); that
the wheel's declared dependencies are all there is checked too.  A full
install with dependencies from the package index took about 45 s more when
measured, for no more assurance about coigraph's own files.

The database commands that need a server (``db push``, ``db pull``, ``db
query``) run from the same installed wheel in ``tests/db/test_wheel_db.py``.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from importlib import metadata
from pathlib import Path

import click
import pytest

from coigraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: What the wheel is built from (the rest of the repository is not part of the package).
SOURCES = ("pyproject.toml", "README.md", "coigraph", "queries")
#: Commands run against a database server, in tests/db/test_wheel_db.py.
DATABASE_COMMANDS = {"db push", "db pull", "db query"}
#: Commands that serve until stopped: started, asked for a page, stopped (test_serve_from_the_wheel).
SERVING_COMMANDS = {"serve"}
SAVED_QUERIES = {"decision-chain", "decisions-over-limit", "delegations-not-in-force",
                 "meeting-conflicts", "person-interests", "undeclared-positions"}


def commands(group: click.Group = main, prefix: str = "") -> dict[str, click.Command]:
    """Every command by its full name ('screen', 'db push')."""
    out: dict[str, click.Command] = {}
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):  # the group loads its commands lazily
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"'{prefix}{name}' is listed but cannot be loaded"
        if isinstance(cmd, click.Group):
            out.update(commands(cmd, f"{prefix}{name} "))
        else:
            out[f"{prefix}{name}"] = cmd
    return out


def example(cmd: click.Command) -> list[str]:
    """The words of a command's ``Example:`` line, without the leading 'coigraph'."""
    m = re.search(r"Example:\s*coigraph\s+(.+)", cmd.help or "")
    assert m, "every command's help ends with an Example (tests/test_docs.py)"
    return shlex.split(m.group(1))


@functools.cache
def installed() -> tuple[Path, float]:
    """A fresh virtual environment with coigraph installed from its wheel, and the seconds it took.

    Built once per test session (both this module and tests/db use it), in a temporary folder
    removed at exit.
    """
    import atexit

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="coigraph-wheel-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    src = work / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    dist = work / "dist"
    run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--quiet", "-w", str(dist)])
    wheel = next(dist.glob("coigraph-*.whl"))
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)])
    # the dependencies: the test environment's (coigraph itself is not there as a package:
    # its editable install is a path hook that a .pth line does not run)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_coigraph_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv, time.monotonic() - started


def run(args: list[str], **kw) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(args, capture_output=True, text=True, **kw)
    assert res.returncode == 0, f"{' '.join(args)} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
    return res


def coigraph(venv: Path, args: list[str], cwd: Path, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (not ``python -m``: the script is part of the install)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("COIGRAPH_", "PYTHON"))}
    environ.update(env or {})
    return subprocess.run([str(venv / "bin" / "coigraph"), *args], capture_output=True, text=True,
                          cwd=cwd, env=environ, stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def venv() -> Path:
    venv, seconds = installed()
    print(f"\nwheel built and installed in {seconds:.1f} s")
    return venv


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder outside the repository, holding a copy of the sample as data/northshire."""
    where = tmp_path_factory.mktemp("outside")
    assert ROOT not in where.parents
    shutil.copytree(ROOT / "data" / "northshire", where / "data" / "northshire")
    shutil.copytree(ROOT / "data" / "northshire-reference", where / "data" / "northshire-reference")
    return where


def test_every_package_is_in_the_wheel() -> None:
    """Each folder of coigraph/ with an __init__.py is listed in pyproject.toml's packages."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "coigraph").rglob("__init__.py")}
    assert found <= listed, f"packages missing from pyproject.toml [tool.setuptools] packages: {found - listed}"


def test_the_installed_package_is_the_wheel(venv: Path, outside: Path) -> None:
    res = run([str(venv / "bin" / "python"), "-c", "import coigraph; print(coigraph.__file__)"], cwd=outside)
    assert str(venv) in res.stdout and str(ROOT) not in res.stdout


def test_the_wheels_dependencies_are_met(venv: Path) -> None:
    code = ("import importlib.metadata as m, re\n"
            "missing = []\n"
            "for r in m.requires('coigraph') or []:\n"
            "    if 'extra ==' in r: continue\n"
            "    name = re.match(r'[A-Za-z0-9_.-]+', r).group(0)\n"
            "    try: m.version(name)\n"
            "    except m.PackageNotFoundError: missing.append(r)\n"
            "print(missing)\n")
    assert run([str(venv / "bin" / "python"), "-c", code]).stdout.strip() == "[]"
    assert metadata.requires("coigraph")  # the editable install declares them too


def test_saved_queries_are_installed(venv: Path, outside: Path) -> None:
    res = coigraph(venv, ["db", "queries", "--format", "json"], outside)
    assert res.returncode == 0, res.stderr
    import json

    names = {q["name"] for q in json.loads(res.stdout)}
    assert names == SAVED_QUERIES
    table = coigraph(venv, ["db", "queries"], outside, env={"COLUMNS": "200"})  # names unwrapped
    assert table.returncode == 0 and all(n in table.stdout for n in SAVED_QUERIES)


def _outputs(args: list[str], cwd: Path) -> list[Path]:
    """Files a command writes: --output/-o FILE, or a folder argument (template)."""
    out = []
    for i, a in enumerate(args[:-1]):
        if a in ("--output", "-o"):
            out.append(cwd / args[i + 1])
    return out


# import-register's example reads register-2024-05.xlsx: made by export-register's example first
ORDER = ["validate", "stats", "template", "export", "screen", "declarations", "trace", "audit", "procurement",
         "powers", "map", "export-register", "import-register", "db queries", "reference import-ods",
         "reference import-companies"]


def test_the_commands_run_from_the_wheel_cover_every_command() -> None:
    assert set(ORDER) | DATABASE_COMMANDS | SERVING_COMMANDS == set(commands()), (
        "a new command: add it to ORDER here (or to tests/db/test_wheel_db.py if it needs a server)")


@pytest.mark.parametrize("name", ORDER)
def test_every_command_runs_from_the_wheel(name: str, venv: Path, outside: Path) -> None:
    args = example(commands()[name])
    if name == "import-register":
        if not (outside / "register.xlsx").exists():  # run alone: make it as export-register does
            coigraph(venv, example(commands()["export-register"]), outside)
        shutil.copy(outside / "register.xlsx", outside / "register-2024-05.xlsx")
        args += ["--dry-run"]  # the sample stays as it is for the other commands
    res = coigraph(venv, args, outside)
    assert res.returncode == 0, f"coigraph {' '.join(args)}: exit {res.returncode}\n{res.stderr}"
    assert "Traceback" not in res.stderr
    files = _outputs(args, outside)
    if name == "template":
        files = sorted((outside / args[1]).iterdir())
        assert len(files) > 5
    for f in files:
        assert f.stat().st_size > 0, f"{f.name} is empty"
    if not files:
        assert res.stdout.strip(), f"coigraph {' '.join(args)} printed nothing"


def test_serve_from_the_wheel(venv: Path, outside: Path) -> None:
    """The web app's templates and static files are in the wheel: the installed server answers pages."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [*example(commands()["serve"]), "--no-browser", "--port", str(port)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("COIGRAPH_", "PYTHON"))}
    proc = subprocess.Popen([str(venv / "bin" / "coigraph"), *args], cwd=outside, env=environ,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    home = r.read().decode()
                    status = r.status
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/htmx.min.js",
                                            timeout=5) as r:
                    script = r.read()
                break
            except OSError:
                assert proc.poll() is None, f"serve exited: {proc.communicate()[1]}"
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.3)
        assert status == 200 and "northshire" in home.lower()
        assert len(script) > 1000
    finally:
        proc.terminate()
        proc.wait(timeout=30)
