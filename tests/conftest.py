"""Shared test fixtures: paths to datasets and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _private_snapshot_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands keep compiled snapshots in a cache directory: the tests' own, never the user's
    (set in the environment, so commands run as subprocesses use it too)."""
    old = os.environ.get("COIGRAPH_CACHE_DIR")
    os.environ["COIGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("coigraph-cache"))
    yield
    if old is None:
        os.environ.pop("COIGRAPH_CACHE_DIR", None)
    else:
        os.environ["COIGRAPH_CACHE_DIR"] = old
DATA = Path(__file__).resolve().parent / "data"
NORTHSHIRE = ROOT / "data" / "northshire"


@pytest.fixture
def northshire() -> Path:
    """The bundled sample system."""
    return NORTHSHIRE


@pytest.fixture
def data_dir() -> Path:
    """tests/data: small single-situation datasets."""
    return DATA


@pytest.fixture
def cli():
    """Run a coigraph command; returns click's Result with .stdout, .stderr, .exit_code."""
    from coigraph.cli import main

    def run(*args: str | Path, input: str | None = None, columns: int = 160):
        # terminal tables are as wide as the terminal (rich reads $COLUMNS when there is none):
        # the tests read them at a fixed width; tests/test_papers.py checks they fit 80 columns
        runner = CliRunner(env={"COLUMNS": str(columns)})
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def chromium_path() -> str | None:
    """Debian's Chromium, or CHROMIUM_PATH; None if neither is there."""
    for cand in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if cand and Path(cand).exists():
            return cand
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (Playwright allows one sync driver per thread).

    Skipped, with the reason, only when Chromium is not installed (.ci/run installs it).
    """
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()
