"""Shared test fixtures: paths to datasets and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
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

    def run(*args: str | Path, input: str | None = None):
        runner = CliRunner()
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
