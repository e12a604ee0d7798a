"""The README's commands work as written, for someone who has just cloned the repository.

A clean copy of the repository (its tracked files only: no .venv, nothing built) is made in a
temporary folder; the Quick start's step 1 runs there in a fresh shell (a new virtual
environment, the package installed into it, the sample meeting screened); then every other
command of the README's ``bash`` blocks runs, each in a fresh shell (no virtual environment
active, nothing on PATH from this test run), in the order written; a path under ``/tmp/`` is
taken to the test's own temporary folder (so runs never meet in the shared /tmp).  A command marked
``[not run by the README test: ...]`` is skipped, and the test checks the marked ones are
exactly those that need a database server or a browser, take minutes or more, or are the
test suite itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARK = "[not run by the README test:"

#: The commands the README marks as not run, by what they start with: the Neo4j server, the web
#: app (a server, in a browser), the benchmarks that take minutes or hours, and the test suite.
EXPECTED_SKIPS = {
    # (checked in this order: the first start a command has is the one it must give the reason of)
    ".venv/bin/coigraph serve --users users.yaml --add-user": "it asks for a password",
    "export NEO4J_URI=": "a Neo4j server",
    ".venv/bin/coigraph db push": "a Neo4j server",
    ".venv/bin/coigraph db queries": "a Neo4j server",
    ".venv/bin/coigraph db query meeting-conflicts": "a Neo4j server",
    ".venv/bin/coigraph db query decision-chain": "a Neo4j server",
    ".venv/bin/coigraph db pull": "a Neo4j server",
    ".venv/bin/coigraph screen northshire": "a Neo4j server",
    ".venv/bin/coigraph trace northshire": "a Neo4j server",
    ".venv/bin/coigraph serve": "a server, in a browser",
    ".venv/bin/python -m bench --json": "half an hour",
    ".venv/bin/python -m bench --quick": "minutes",
    ".venv/bin/python -m bench.generate": "minutes",
    "bash .ci/run": "it is the test suite",
    ".venv/bin/pip install -e \".[test]\"": "it is the test suite",
    ".venv/bin/python -m pytest": "it is the test suite",
    ".venv/bin/python -m ruff": "it is the test suite",
}


def readme_commands() -> list[str]:
    """Every command of the README's ``bash`` blocks, in order (comment lines left out; a line
    ending in a backslash goes on on the next)."""
    out, inside, pending = [], False, ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```bash"
            continue
        if inside and line.strip() and not line.lstrip().startswith("#"):
            text = pending + line.strip()
            if text.endswith("\\"):
                pending = text[:-1]
                continue
            out.append(text)
            pending = ""
    return out


def test_the_marked_commands_are_exactly_the_ones_that_cannot_run_here():
    commands = readme_commands()
    marked = [c for c in commands if MARK in c]
    got = {}
    for c in marked:
        start = next((k for k in EXPECTED_SKIPS if c.startswith(k)), None)
        assert start is not None, f"marked, but not one that needs a server or hours: {c}"
        assert EXPECTED_SKIPS[start] in c, c
        got[start] = got.get(start, 0) + 1
    assert set(got) == set(EXPECTED_SKIPS), set(EXPECTED_SKIPS) - set(got)
    # and no command that needs a server or the test suite slipped through unmarked
    for c in commands:
        if MARK not in c:
            assert not re.search(r"coigraph (serve|db)\b|--backend neo4j|pytest|\.ci/run|-m bench", c), c
    # every example is runnable as written in a new terminal: through .venv/bin, never bare
    for c in commands:
        assert not re.match(r"(coigraph|python) ", c), f"needs an activated environment: {c}"


def _clean_copy(dest: Path) -> None:
    """The repository's tracked files (as they are in the working tree) copied to ``dest``."""
    try:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True,
                               ).stdout.decode("utf-8").split("\0")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: cannot tell the repository's files from built ones")
    for f in filter(None, files):
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def _fresh_env() -> dict[str, str]:
    """The environment of a new terminal: no virtual environment active, none on PATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "COIGRAPH_DEBUG")}
    venv_bins = {str(Path(sys.prefix) / "bin"), str(Path(sys.executable).parent)}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and p not in venv_bins and ".venv" not in p)
    return env


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("python3") is None,
                    reason="needs bash and python3 on PATH")
def test_every_readme_command_runs_as_written_in_a_fresh_shell(tmp_path):
    repo = tmp_path / "coigraph"
    repo.mkdir()
    _clean_copy(repo)
    env = _fresh_env()
    commands = readme_commands()
    step1 = commands[0]
    assert step1.startswith("python3 -m venv .venv && .venv/bin/pip install -e .")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = []
    for c in commands:
        if MARK in c:
            continue
        run = re.sub(r"(?<![\w./])/tmp/", f"{scratch}/", c)
        r = subprocess.run(["bash", "-c", run], cwd=repo, env=env, capture_output=True, text=True,
                           timeout=900, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, f"README command failed ({r.returncode}): {c}\n{r.stderr[-3000:]}"
        assert "Traceback" not in r.stderr, c
        done.append(c)
    # what the commands said they made is there
    for name in ("coi.html", "coi.docx", "letter.docx", "audit.csv", "audit.html", "evidence-pack.docx",
                 "my-icb.json", "register.xlsx", "conflicts.html", "system.html", "nicb-mapping.yaml"):
        assert (repo / name).is_file(), name
    assert (repo / "my-icb" / "people.xlsx").is_file()
    assert (scratch / "ns" / "controls.csv").is_file()  # the reference commands wrote to their copy
    assert len(done) >= 25
