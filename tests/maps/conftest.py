"""A real headless Chromium (Debian's package) driven by Playwright, with the network cut off.

Every map is opened from disk (``file://``) in a 1440×900 window with
``prefers-reduced-motion: reduce`` (no animation, so what a test reads is
final).  Each page's requests are routed: anything that is not the file
itself is aborted *and recorded*, so a test can fail on it; console errors,
uncaught page errors and dialogs (``alert``) are recorded too.  The browser
tests are skipped, with the reason, only when no Chromium is installed
(``.ci/run`` installs it).

:func:`open_map` opens each map in a context of its own; :func:`map_tab`
reuses one tab for a whole module, for tests that walk through many maps.
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
SETTLE_MS = 60_000
WINDOW = {"width": 1440, "height": 900}


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

    def shown(self, what: str) -> int:
        """Shapes or lines drawn now (not hidden in a fold)."""
        return int(self.page.evaluate(
            f"network.body.data.{what}.get({{filter: function (x) {{ return !x.hidden; }}}}).length"))

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


def _watch(page: Any, opened: Opened, target: str) -> None:
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(f"uncaught: {e}"))

    def dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)


def _route(ctx: Any, opened_of: Any) -> None:
    def route(r: Any) -> None:
        o = opened_of()
        if r.request.url == o.target:
            r.continue_()
        else:
            o.opened.outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)


@dataclass
class _Current:
    target: str = ""
    opened: Opened | None = None


def _wait(page: Any) -> None:
    # A selector wait, not wait_for_function: the page's Content-Security-Policy forbids
    # eval, which Playwright's polling predicates need.
    page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=SETTLE_MS)


@pytest.fixture
def open_map(browser: Any) -> Iterator[Any]:
    """Open an HTML map from disk with the network cut off; waits until it is laid out."""
    contexts = []

    def _open(path: Path, *, width: int = WINDOW["width"], height: int = WINDOW["height"],
              wait: bool = True, reduced_motion: str = "reduce") -> Opened:
        ctx = browser.new_context(viewport={"width": width, "height": height},
                                  reduced_motion=reduced_motion, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        cur = _Current(path.resolve().as_uri(), Opened(page))
        _route(ctx, lambda: cur)
        _watch(page, cur.opened, cur.target)  # type: ignore[arg-type]
        page.goto(cur.target)
        if wait:
            _wait(page)
        return cur.opened  # type: ignore[return-value]

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def map_tab(browser: Any) -> Iterator[Any]:
    """One tab for a whole module: ``map_tab(path)`` loads a map in it and returns a fresh Opened."""
    ctx = browser.new_context(viewport=WINDOW, reduced_motion="reduce")
    page = ctx.new_page()
    cur = _Current()

    def opened() -> Opened:
        assert cur.opened is not None
        return cur.opened

    _route(ctx, lambda: cur)
    page.on("console", lambda m: opened().errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened().errors.append(f"uncaught: {e}"))
    page.on("dialog", lambda d: (opened().dialogs.append(d.message), d.dismiss()))

    def _load(path: Path) -> Opened:
        cur.target, cur.opened = path.resolve().as_uri(), Opened(page)
        page.goto(cur.target)
        _wait(page)
        return cur.opened

    yield _load
    ctx.close()
