"""A real headless Chromium (Debian's package) driven by Playwright, with the network cut off.

Every map is opened from disk (``file://``).  Each page's requests are routed:
anything that is not the file itself is aborted *and recorded*, so a test can
fail on it; console errors, uncaught page errors and dialogs (``alert``) are
recorded too.  The browser tests are skipped, with the reason, only when no
Chromium is installed (``.ci/run`` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "maps"
#: Generous ceiling for a map to settle (vis-network's stabilisation); not a timing assert.
SETTLE_MS = 30_000


# The session-wide `browser` fixture (one Chromium for every browser test) is in tests/conftest.py.


@dataclass
class Opened:
    """A map open in the browser, and everything it tried to do."""

    page: Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests outside the file: {self.outside}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened (script ran): {self.dialogs}"

    def count(self, what: str) -> int:
        return int(self.page.evaluate(f"network.body.data.{what}.length"))

    def click_node(self, node_id: str) -> None:
        """Click where the node is drawn (a real mouse click on the canvas)."""
        box = self.page.locator("#mynetwork").bounding_box()
        pos = self.page.evaluate(
            "(id) => network.canvasToDOM(network.getPositions([id])[id])", node_id)
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def open_map(browser: Any) -> Iterator[Any]:
    """Open an HTML map from disk with the network cut off; waits until it has settled."""
    contexts = []

    def _open(path: Path, *, width: int = 1400, height: int = 900, wait: bool = True) -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page)
        target = path.resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url == target:
                r.continue_()
            else:
                opened.outside.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(f"uncaught: {e}"))

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(target)
        if not wait:
            return opened
        # A selector wait, not wait_for_function: the page's Content-Security-Policy forbids
        # eval, which Playwright's polling predicates need.
        page.wait_for_selector('body[data-stable="true"]', state="attached", timeout=SETTLE_MS)
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()
