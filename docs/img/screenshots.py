"""Take the screenshots of docs/maps.md from the maps in visualisations/ (1440x900, Chromium).

    python docs/img/screenshots.py

Needs Debian's chromium and the test extras (playwright); writes docs/img/*.png.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
VIS = ROOT / "visualisations"
OUT = Path(__file__).resolve().parent


def ready(page, name: str):
    page.goto((VIS / name).as_uri())
    page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=60_000)


def click_node(page, node: str) -> None:
    box = page.locator("#mynetwork").bounding_box()
    pos = page.evaluate("(id) => network.canvasToDOM(network.getPositions([id])[id])", node)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion="reduce").new_page()
        ready(page, "meeting-icb-board-2025-05.html")
        page.screenshot(path=str(OUT / "chair-1-opening.png"))
        click_node(page, "person:rebecca-stanforth")
        page.screenshot(path=str(OUT / "chair-2-person.png"))
        page.locator("#details-paths button", has_text="Northshire Hospitals NHS Foundation Trust, item 6").click()
        page.screenshot(path=str(OUT / "chair-3-finding.png"))
        item = page.evaluate("COIGRAPH.views.find((v) => v[1].startsWith('Item 16:'))[0]")
        page.locator("#view").select_option(item)
        page.screenshot(path=str(OUT / "chair-4-item.png"))
        ready(page, "decision-dec-2025-09-home-first.html")
        page.locator("#details-paths button[data-path]").first.click()
        page.screenshot(path=str(OUT / "auditor-1-chain.png"))
        ready(page, "delegations.html")
        bad = page.evaluate("""Object.keys(COIGRAPH.details).find((k) => k.startsWith('e:') &&
            COIGRAPH.edges.find((e) => 'e:' + e.id === k && e.color.color === COIGRAPH.looks.overlays['delegation:unlawful'].color))""")
        edge = bad[2:]
        page.evaluate("""(id) => { const e = edges.get(id); network.selectEdges([id]);
            network.focus(e.to, {scale: 0.9, animation: false}); highlightAround(null, id); showDetails('e:' + id); }""", edge)
        page.screenshot(path=str(OUT / "auditor-2-link.png"))
        browser.close()


if __name__ == "__main__":
    main()
