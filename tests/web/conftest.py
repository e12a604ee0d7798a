"""The web app under test: in-process (Starlette's TestClient) and served for real (uvicorn in a
thread on a free port) for the browser, with every page's outside requests, console errors,
uncaught errors and dialogs recorded.

The browser is the session-wide headless Chromium of ``tests/conftest.py``.  axe-core comes
from ``tests/web/axe`` (``npm ci`` there; ``.ci/run`` does it): without it the accessibility
checks are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coigraph.web import create_app
from coigraph.web.server import free_port, running

ROOT = Path(__file__).resolve().parents[2]
NORTHSHIRE = ROOT / "data" / "northshire"
HOSTILE_DATA = ROOT / "tests" / "data" / "hostile-names"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
#: Where the tests' browser finds axe-core (answered by the test's router, never by the app).
AXE_PATH = "/__tests__/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "web"
#: The day the tests call "today": the sample system's May 2025 board is still to come.
TODAY = dt.date(2025, 5, 1)
BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(NORTHSHIRE, today=TODAY)


@pytest.fixture(scope="module")
def client(app: Any) -> Any:
    from starlette.testclient import TestClient

    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    """The sample system served for real; yields its address (``http://127.0.0.1:PORT/``)."""
    app = create_app(NORTHSHIRE, port=free_port(), today=TODAY)
    with running(app) as address:
        yield address


@pytest.fixture(scope="module")
def live_hostile() -> Iterator[str]:
    app = create_app(HOSTILE_DATA, port=free_port(), today=TODAY)
    with running(app) as address:
        yield address


@dataclass
class Opened:
    """A browser tab on the app, and everything it tried to do."""

    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        response = self.page.goto(self.base.rstrip("/") + path)
        self.page.wait_for_load_state("load")
        return response

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests outside the app: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened (a script ran): {self.dialogs}"

    def axe(self, context: str = "document") -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the page as it is now."""
        if not AXE.exists():
            if os.environ.get("CI"):
                pytest.fail(f"axe-core is not installed at {AXE} (.ci/run runs 'npm ci' in tests/web/axe)")
            pytest.skip("axe-core is not installed: run 'npm ci' in tests/web/axe")
        # served as if from the app's own origin (see the route in `tab`), so the app's strict
        # Content-Security-Policy stays on while axe runs
        self.page.add_script_tag(url=self.base.rstrip("/") + AXE_PATH)
        result = self.page.evaluate(
            "async (ctx) => await axe.run(ctx === 'document' ? document : ctx, "
            "{resultTypes: ['violations']})", context)
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """Open a tab on a served app: ``tab(address)``; requests anywhere else are aborted and recorded."""
    contexts = []

    def _open(base: str, *, width: int = 1300, height: int = 900) -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page, base)

        def route(r: Any) -> None:
            url = r.request.url
            if url == base.rstrip("/") + AXE_PATH:
                r.fulfill(path=str(AXE), content_type="text/javascript")
            elif url.startswith(base) or url.startswith(("data:", "about:")):
                r.continue_()
            else:
                opened.outside.append(url)
                r.abort()

        ctx.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(f"uncaught: {e}"))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()
