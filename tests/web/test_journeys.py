"""The three users' reading journeys on the sample system, in a real headless Chromium.

The app is served for real (uvicorn in a thread); every request outside it is
aborted and recorded, and each page must have no console error, no dialog and
(axe-core) no serious or critical accessibility violation.  Screenshots go to
``test-artifacts/web/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from coigraph.graph import load_graph
from coigraph.report.screening import render
from coigraph.screening import screen_meeting
from tests.web.conftest import NORTHSHIRE

MEETING = "icb-board-2025-05"
PARTNER = "rebecca-stanforth"  # trust partner member: chief executive of Northshire Hospitals NHS FT
DECISION = "dec-2025-06-nhft-stroke-network"  # a foundation trust's chair deciding: unlawful


def test_officer_prescreens_the_may_board_and_downloads_its_paper(live: str, tab: Any, tmp_path: Path) -> None:
    o = tab(live)
    o.go("/")
    # from the home page, the upcoming May board
    o.page.get_by_role("link", name="NHS Northshire ICB Board, 14 May 2025").first.click()
    o.page.wait_for_url(f"**/meetings/{MEETING}")
    page = o.page
    assert page.locator("h1").inner_text().startswith("Conflicts of interest: NHS Northshire ICB Board")
    assert "Showing 42 of 42 interests" in page.locator("#filter-status").inner_text()
    # the partner member leaves for the contract award to her own trust (item 6)
    item6 = page.locator("article.item", has=page.locator("h3", has_text="Item 6:"))
    row = item6.locator("tr", has_text="Rebecca Stanforth")
    assert "leave the room for the item and receive no papers" in row.inner_text()
    assert "own-org-award" in row.inner_text()
    # quorum per decision item, and the declarations checks
    assert page.locator(".q").count() >= 1
    assert "INQUORATE" in page.locator("#results").inner_text()
    assert page.locator("#checks-heading").is_visible()
    assert o.axe() == []

    # filter by level, then by person (htmx swaps the results; the address keeps the filters)
    page.focus("#f-level")
    page.keyboard.press("ArrowDown")  # "Material", chosen with the keyboard
    expect(page.locator("#filter-status")).to_contain_text("(filtered)")
    assert page.evaluate("document.activeElement.id") == "f-level"  # focus stays where it was
    assert "level=material" in page.url
    levels = page.locator("#results td.lvl").all_inner_texts()
    assert levels and set(levels) == {"Material"}
    page.select_option("#f-person", PARTNER)
    page.wait_for_url(f"**person={PARTNER}**")
    page.wait_for_timeout(300)
    people = page.locator("#results tbody tr td:first-child a:first-child").all_inner_texts()
    assert people and set(people) == {"Rebecca Stanforth"}
    assert o.axe() == []

    # the map is embedded, sandboxed, and draws the meeting
    frame = page.frame_locator("iframe[name=meeting-map]")
    frame.locator('body[data-stable="true"]').wait_for(state="attached", timeout=30_000)
    assert "NHS Northshire ICB Board" in frame.locator("#map-title").inner_text()
    assert page.locator("iframe[name=meeting-map]").get_attribute("sandbox") == "allow-scripts"
    # a finding's "show on the map" opens the map on that person
    page.locator("a[target=meeting-map]").first.click()
    frame.locator('body[data-stable="true"]').wait_for(state="attached", timeout=30_000)
    assert frame.locator("#details-title").inner_text() == "Person: Rebecca Stanforth"
    o.screenshot("meeting-filtered")

    # download the chair's paper: the same bytes as 'coigraph screen --format html'
    with page.expect_download() as dl:
        page.get_by_role("link", name="HTML paper (.html)").click()
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    assert saved.name == f"coi-{MEETING}.html"
    expected = render(screen_meeting(load_graph(NORTHSHIRE), MEETING), "html")
    assert saved.read_text(encoding="utf-8") == expected
    o.assert_clean()


def test_partner_member_page_for_the_meeting(live: str, tab: Any) -> None:
    o = tab(live)
    o.go(f"/people/{PARTNER}")
    page = o.page
    assert page.locator("h1").inner_text() == "Rebecca Stanforth"
    # the upcoming board is chosen by default
    assert page.locator("#f-meeting").input_value() == MEETING
    decl = page.locator("#declarations")
    text = decl.inner_text()
    assert "Item 6: Community Diagnostic Centre expansion" in text
    assert "Declare; leave the room for the item and receive no papers for it" in text
    assert "Confidential information" in text
    # register entries with dates and their evidence
    reg = decl.locator("table").inner_text()
    assert "Northshire Hospitals NHS Foundation Trust" in reg and "interests.csv:39" in reg
    assert o.axe() == []
    # another meeting: the June trust board (htmx swap, address updated)
    page.select_option("#f-meeting", "nhft-board-2025-06")
    page.wait_for_url("**meeting=nhft-board-2025-06**")
    expect(page.locator("#declarations h3").first).to_contain_text("4 June 2025")
    o.screenshot("person")
    o.assert_clean()


def test_auditor_traces_a_decision_and_filters_the_audit(live: str, tab: Any) -> None:
    o = tab(live)
    o.go("/decisions")
    page = o.page
    page.get_by_role("link", name=DECISION).click()
    page.wait_for_url(f"**/decisions/{DECISION}")
    assert "Working paper: authority for decision" in page.locator("h1").inner_text()
    assert "UNLAWFUL" in page.locator(".verdict").inner_text()
    assert "fts_delegation_to_ned" in page.locator("#main").inner_text() or \
        "Foundation trust" in page.locator("#main").inner_text()
    frame = page.frame_locator("iframe[name=decision-map]")
    frame.locator('body[data-stable="true"]').wait_for(state="attached", timeout=30_000)
    assert o.axe() == []

    o.go("/audit")
    total = page.locator("ol.findings > li").count()
    page.select_option("#f-severity", "unlawful")
    expect(page.locator("#audit-status")).to_contain_text("Showing 2 of")
    assert "severity=unlawful" in page.url
    sev = page.locator("#audit-results ol.findings > li .sev").all_inner_texts()
    assert sev == ["unlawful", "unlawful"] and total > 2
    assert DECISION in page.locator("#audit-results").inner_text()
    assert o.axe() == []
    o.screenshot("audit-unlawful")
    o.assert_clean()


def test_search_chief_executive(live: str, tab: Any) -> None:
    o = tab(live)
    o.go("/")
    page = o.page
    page.get_by_label("Search", exact=True).fill("chief executive")
    page.get_by_label("Search", exact=True).press("Enter")
    page.wait_for_url("**/search?q=chief+executive")
    people = page.locator("#res-person + ul.results > li > a").all_inner_texts()
    # the ICB's chief executive, and the trusts' (two of them the ICB's partner members)
    for name in ("Simon Attwell", "Rebecca Stanforth", "Kwame Adjei", "Deborah Quayle"):
        assert name in people
    assert "Chief executive, NHS Northshire ICB Board" in page.locator("#res-person + ul.results").inner_text()
    assert o.axe() == []
    page.get_by_role("link", name="Simon Attwell").click()
    page.wait_for_url("**/people/simon-attwell")
    o.assert_clean()


def test_every_page_is_accessible_and_keyboard_ready(live: str, tab: Any) -> None:
    o = tab(live)
    pages = ["/", "/meetings", "/decisions", "/powers", "/powers?holder=icb-fic", "/search?q=northshire",
             "/organisations/northshire-hospitals-ft", "/bodies/icb-board", "/people/simon-attwell",
             "/meetings/nowhere"]
    for path in pages:
        o.go(path)
        assert o.axe() == [], path
        # landmarks, and the skip link first in the tab order, landing on main
        assert o.page.locator("header").count() and o.page.locator("main#main").count() == 1
        o.page.keyboard.press("Tab")
        assert o.page.evaluate("document.activeElement.textContent") == "Skip to main content", path
        o.page.keyboard.press("Enter")
        assert o.page.evaluate("document.activeElement.id") == "main", path
    # the check is not vacuous: a field without a label is caught
    o.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert [v["id"] for v in o.axe()] == ["label"]
    # the 404 page logs its status to the console; nothing else may
    o.errors = [e for e in o.errors if "404" not in e]
    o.assert_clean()
