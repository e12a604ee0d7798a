"""The office's workflows: writes checked by the loader, CSRF, roles, the change log, and the
journeys in a real headless Chromium (tests/web/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from coigraph.load.dataset import load_dataset
from coigraph.web.changes import LOG_NAME
from coigraph.web.server import free_port, running
from tests.web.conftest import HOSTILE_DATA
from tests.web.workflows import (
    PASSWORDS,
    client_for,
    copy_sample,
    files,
    make_app,
    signed_in,
    token,
    users_file,
)

NEW_MEETING = {"body": "icb-board", "date": "2025-11-12", "title": "ICB Board, 12 November 2025",
               "public": "yes"}
MID = "icb-board-2025-11-12"


def _log(folder: Path) -> list[dict[str, Any]]:
    path = folder / LOG_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def team(tmp_path: Path) -> tuple[Any, Path]:
    folder = copy_sample(tmp_path)
    return make_app(folder, users_file(tmp_path)), folder


def test_writes_are_checked_atomic_logged_and_readable_by_the_cli(team: tuple[Any, Path]) -> None:
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    r = c.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t})
    assert r.status_code == 303 and r.headers["location"] == f"/meetings/{MID}/agenda"
    for n, title in enumerate(("Welcome", "Contract award to Northshire Hospitals NHS Foundation Trust",
                               "Finance report"), start=1):
        r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": str(n), "title": title,
                                                   "kind": "decision", "value": "2.5m" if n == 2 else ""})
        assert r.status_code == 303, r.text
    # an invalid item: the form again with the loader's own messages (file, row, field), nothing written
    before = files(folder)
    r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": "4", "title": "x",
                                               "kind": "decide", "value": "lots"})
    assert r.status_code == 422
    # named as the form names it, with the file, row and field the CLI would give after it
    assert "<li>New item: Kind: &#39;decide&#39; is not one of" in r.text
    assert "(agenda_items-recorded.csv, row 5, field &#39;kind&#39;)" in r.text
    assert "<li>New item: Value in pounds: &#39;lots&#39; is not a number" in r.text
    assert "nothing was written" in r.text
    assert files(folder) == before
    # reorder: item 3 up (numbers swap), then edit it; the previous file is kept
    r = c.post(f"/meetings/{MID}/items/{MID}-item-3/move", data={"csrf_token": t, "direction": "up"})
    assert r.status_code == 303
    ds = load_dataset(folder)  # the CLI's loader reads the app's files as part of the tables
    numbers = {i.id: i.number for i in ds.records["agenda_items"] if i.meeting == MID}
    assert numbers == {f"{MID}-item-1": "1", f"{MID}-item-2": "3", f"{MID}-item-3": "2"}
    award = next(i for i in ds.records["agenda_items"] if i.id == f"{MID}-item-2")
    assert award.value == 2_500_000 and award._src == "agenda_items-recorded.csv:3"
    assert sorted(p.name for p in (folder / ".coigraph" / "previous").iterdir()) == [
        "agenda_items-recorded.csv.1", "agenda_items-recorded.csv.2", "agenda_items-recorded.csv.3"]
    # the screen of the new meeting finds the partner member's trust in the award's words
    page = c.get(f"/meetings/{MID}/agenda").text
    assert "inferred from the words" in page and "Rebecca Stanforth" in page
    r = c.post(f"/meetings/{MID}/items/{MID}-item-2/affects",
               data={"csrf_token": t, "organisation": "northshire-hospitals-ft", "effect": "award"})
    assert r.status_code == 303
    # every accepted write is in the log, with who and before/after; the refused one is not
    log = _log(folder)
    assert [e["action"].split(" ")[0] for e in log] == ["created", "added", "added", "added", "moved", "item"]
    assert {e["who"] for e in log} == {"olive"} and all(e["at"] for e in log)
    assert log[4]["before"][0]["number"] == "3" and log[4]["after"][0]["number"] == "2"
    assert "Contract award" in c.get("/changes").text


def test_a_refused_meeting_or_organisation_is_named_by_the_forms_words(team: tuple[Any, Path]) -> None:
    """An officer never saw 'meetings-recorded.csv, row 2': the problem leads with the form's label."""
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    before = files(folder)
    r = c.post("/meetings/new", data={**NEW_MEETING, "date": "12th of never", "csrf_token": t})
    assert r.status_code == 422 and files(folder) == before
    assert "<li>New meeting: Date: " in r.text and "(meetings-recorded.csv, row 2, field &#39;date&#39;)" in r.text
    r = c.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t})
    assert r.status_code == 303
    r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": "1", "title": "Award",
                                               "kind": "decision", "org0": "no-such-trust", "effect0": "award"})
    assert r.status_code == 422
    assert "<li>New item, organisation 1: organisation: no organisation &#39;no-such-trust&#39;" in r.text
    assert "affected_organisations-recorded.csv, row 2, field &#39;organisation&#39;" in r.text


def test_an_item_whose_kind_the_agenda_does_not_state_is_saved_blank(team: tuple[Any, Path]) -> None:
    """The form offers 'not stated' for the kind (a blank is unknown, never a guess of 'decision')."""
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    assert c.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t}).status_code == 303
    page = c.get(f"/meetings/{MID}/agenda").text
    assert '<option value="">not stated on the agenda (to confirm)</option>' in page and ">None<" not in page
    r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": "1", "title": "Update", "kind": ""})
    assert r.status_code == 303, r.text
    [item] = [i for i in load_dataset(folder).records["agenda_items"] if i.meeting == MID]
    assert item.kind is None


def test_no_token_or_another_sessions_token_writes_nothing(team: tuple[Any, Path]) -> None:
    app, folder = team
    a, b = signed_in(app, "olive"), signed_in(app, "olive")
    b_token = token(b.get("/meetings/new").text)
    before = files(folder)
    for data in ({**NEW_MEETING}, {**NEW_MEETING, "csrf_token": b_token}, {**NEW_MEETING, "csrf_token": "x"}):
        r = a.post("/meetings/new", data=data)
        assert r.status_code == 403 and "Nothing was changed" in r.text
    # as JSON, or multipart without the field: also refused
    assert a.post("/meetings/new", json={**NEW_MEETING, "csrf_token": b_token}).status_code == 403
    assert files(folder) == before and _log(folder) == []


def test_a_viewer_and_a_member_cannot_write_and_read_only_turns_writes_off(team: tuple[Any, Path],
                                                                          tmp_path: Path) -> None:
    app, folder = team
    before = files(folder)
    viewer = signed_in(app, "vic")
    t = token(viewer.get("/meetings").text)
    assert "New meeting" not in viewer.get("/meetings").text
    assert viewer.get("/meetings/new").status_code == 403
    r = viewer.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t})
    assert r.status_code == 403 and "does not allow" in r.text
    member = signed_in(app, "mo")
    t = token(member.get("/people/rebecca-stanforth").text)
    assert member.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t}).status_code == 403
    ro = make_app(folder, users_file(tmp_path), read_only=True)
    officer = signed_in(ro, "olive")
    t = token(officer.get("/meetings").text)
    r = officer.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t})
    assert r.status_code == 403 and "read-only" in r.text
    assert files(folder) == before


def test_hostile_values_are_stored_as_text_and_shown_as_text(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE_DATA, folder)
    app = make_app(folder)
    c = client_for(app)
    form = c.get("/meetings/new").text
    t = token(form)
    bodies = load_dataset(folder).records["bodies"]
    assert any("<" in (b.name or "") for b in bodies)  # hostile body names, offered as options as text
    assert "<script>" not in form and "<img" not in form
    title = "=HYPERLINK(\"x\") <img src=x onerror=alert(1)>"
    r = c.post("/meetings/new", data={"csrf_token": t, "body": bodies[0].id, "date": "2025-12-01",
                                      "title": title, "public": "yes"})
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    # written injection-safe for a spreadsheet (the dataset writer's rule)
    assert "'=HYPERLINK" in (folder / "meetings-recorded.csv").read_text()


# --------------------------------------------------------------------------- in the browser


@pytest.fixture
def live_team(tmp_path: Path) -> Any:
    folder = copy_sample(tmp_path)
    app = make_app(folder, users_file(tmp_path), port=free_port())
    with running(app) as address:
        yield address, folder


def _sign_in(o: Any, name: str) -> None:
    o.go("/login")
    o.page.get_by_label("Name").fill(name)
    o.page.get_by_label("Password").fill(PASSWORDS[name])
    o.page.get_by_role("button", name="Sign in").click()
    o.page.wait_for_load_state("load")


def test_officer_sets_up_a_meeting_with_three_items_and_sees_the_screen(live_team: Any, tab: Any) -> None:
    address, folder = live_team
    o = tab(address)
    _sign_in(o, "olive")
    page = o.page
    o.go("/meetings")
    page.get_by_role("link", name="New meeting").click()
    page.wait_for_url("**/meetings/new")
    page.get_by_label("Body meeting").select_option("icb-board")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2025-11-12")
    page.get_by_label("Title").fill("ICB Board, 12 November 2025")
    assert o.axe() == []
    page.get_by_role("button", name="Create the meeting").click()
    page.wait_for_url(f"**/meetings/{MID}/agenda")
    assert "No items yet" in page.locator("#main").inner_text()
    items = [("Welcome and apologies", "information", ""),
             ("Community diagnostic centre: contract award to Northshire Hospitals NHS Foundation Trust",
              "decision", "2400000"),
             ("Finance report", "assurance", "")]
    for n, (title, kind, value) in enumerate(items, start=1):
        form = page.locator("#add-item")
        assert form.get_by_label("Number").input_value() == str(n)
        form.get_by_label("Title").fill(title)
        form.get_by_label("Kind").select_option(kind)
        form.get_by_label("Value in pounds (blank: none or unknown)").fill(value)
        form.get_by_role("button", name="Add the item").click()
        page.wait_for_load_state("load")
        expect(page.locator("#items-heading")).to_have_text(f"Items ({n})")
    # the screen updates: the award names the partner member's trust, so she has a conflict on item 2
    item2 = page.locator(f"#item-{MID}-item-2")
    expect(item2.locator(".screen-line")).to_contain_text("Rebecca Stanforth")
    assert "inferred from the words" in item2.inner_text()
    assert "none found" in page.locator(f"#item-{MID}-item-3 .screen-line").inner_text()
    # accept the suggested organisation as an award: now listed
    item2.get_by_role("button", name="Add Northshire Hospitals NHS Foundation Trust").click()
    page.wait_for_load_state("load")
    assert "listed" in page.locator(f"#item-{MID}-item-2").inner_text()
    # reorder: the finance report before the award
    page.locator(f"#item-{MID}-item-3").get_by_role("button", name="Move up item 3").click()
    page.wait_for_load_state("load")
    headings = page.locator("#agenda-items h3").all_inner_texts()
    assert [h.split(":")[0] for h in headings] == ["Item 1", "Item 2", "Item 3"]
    assert headings[1].startswith("Item 2: Finance report")
    # a wrong value: the loader's message on the form, nothing written
    form = page.locator("#add-item")
    form.get_by_label("Title").fill("Something")
    form.get_by_label("Value in pounds (blank: none or unknown)").fill("a lot")
    before = files(folder)
    form.get_by_role("button", name="Add the item").click()
    page.wait_for_load_state("load")
    expect(page.locator("#form-problems")).to_contain_text("'a lot' is not a number")
    assert files(folder) == before
    assert o.axe() == []
    o.screenshot("agenda")
    # the full screen of the new meeting, as the CLI would screen it
    o.go(f"/meetings/{MID}")
    assert "Rebecca Stanforth" in page.locator("#results").inner_text()
    o.go("/changes")
    assert page.locator("ol.changes > li").count() == 6
    assert o.axe() == []
    # the refused form answers 422, which the browser logs; nothing else may be logged
    assert len([e for e in o.errors if "422" in e]) == 1
    o.errors = [e for e in o.errors if "422" not in e]
    o.assert_clean()


# --------------------------------------------------------------------------- members' updates


def test_member_drafts_are_private_checked_and_decided_by_an_officer(team: tuple[Any, Path]) -> None:
    app, folder = team
    mo, maya = signed_in(app, "mo"), signed_in(app, "maya")
    t = token(mo.get("/people/rebecca-stanforth").text)
    r = mo.post("/people/rebecca-stanforth/drafts",
                data={"csrf_token": t, "kind": "new_interest", "organisation": "northshire-hospitals-ft",
                      "types": "financial", "description": "Shares <b>held</b>", "start": "2025-03-01",
                      "declared": "2025-04-01"})
    assert r.status_code == 303
    # a draft the loader would refuse is refused at once, with its message; nothing kept
    r = mo.post("/people/rebecca-stanforth/drafts", data={"csrf_token": t, "kind": "nil_return", "date": "soon"})
    assert r.status_code == 422 and "&#39;soon&#39; is not a date" in r.text
    # a member drafts only for themself, and sees only their own drafts
    t2 = token(maya.get("/people/kwame-adjei").text)
    assert maya.post("/people/rebecca-stanforth/drafts",
                     data={"csrf_token": t2, "kind": "nil_return", "date": "2025-04-01"}).status_code == 403
    assert maya.get("/people/rebecca-stanforth").status_code == 403
    assert "Shares" not in maya.get("/people/kwame-adjei").text
    assert maya.get("/review").status_code == 403
    assert "Shares &lt;b&gt;held&lt;/b&gt;" in mo.get("/people/rebecca-stanforth").text
    # drafts are not the register: no dataset file holds them
    assert not any("<b>held</b>" in b.decode("utf-8", "replace") for n, b in files(folder).items()
                   if n != LOG_NAME)
    olive = signed_in(app, "olive")
    t3 = token(olive.get("/review").text)
    assert olive.post("/review/d1/reject", data={"csrf_token": t3}).status_code == 422  # a reason is needed
    r = olive.post("/review/d1/accept", data={"csrf_token": t3})
    assert r.status_code == 303
    ds = load_dataset(folder)
    new = next(i for i in ds.records["interests"] if i.id == "rebecca-stanforth-d1")
    assert new._src == "interests-recorded.csv:2" and new.organisation == "northshire-hospitals-ft"
    assert olive.post("/review/d1/accept", data={"csrf_token": t3}).status_code == 409  # decided once only
    log = _log(folder)
    assert [e["action"].split(" ")[0] for e in log] == ["drafted", "accepted"]
    assert log[1]["who"] == "olive" and log[1]["after"]["id"] == "rebecca-stanforth-d1"


def test_member_drafts_an_ended_interest_and_the_officer_accepts_it(live_team: Any, tab: Any,
                                                                   browser: Any) -> None:
    address, folder = live_team
    o = tab(address)
    _sign_in(o, "mo")
    page = o.page
    page.wait_for_url("**/people/rebecca-stanforth")
    form = page.locator("#draft-ended")
    form.get_by_label("Interest").select_option("roi-039")
    form.get_by_label("Ended on (YYYY-MM-DD)").fill("2025-04-30")
    form.get_by_role("button", name="Send the ended interest for review").click()
    page.wait_for_load_state("load")
    expect(page.locator("#drafts-table")).to_contain_text("pending")
    assert o.axe() == []
    o.assert_clean()
    # another member, in another browser, sees none of it
    other = tab(address)
    _sign_in(other, "maya")
    assert "roi-039" not in other.page.content()
    assert other.go("/review").status == 403
    # the officer accepts it; the register now says it ended, the member sees "accepted"
    officer = tab(address)
    _sign_in(officer, "olive")
    officer.go("/review")
    assert "Rebecca Stanforth" in officer.page.locator("#pending").inner_text()
    assert officer.axe() == []
    officer.page.get_by_role("button", name="Accept draft d1").click()
    officer.page.wait_for_load_state("load")
    assert "accepted" in officer.page.locator("#decided").inner_text()
    ended = next(i for i in load_dataset(folder).records["interests"] if i.id == "roi-039")
    assert ended.end is not None and ended.end.isoformat() == "2025-04-30"
    o.go("/people/rebecca-stanforth")
    assert "accepted" in page.locator("#drafts-table").inner_text()
    officer.go("/changes")
    assert "accepted draft d1" in officer.page.locator("ol.changes").inner_text()
    officer.errors = [e for e in officer.errors if "403" not in e]
    other.errors = [e for e in other.errors if "403" not in e]
    officer.assert_clean()
    other.assert_clean()


def test_an_organisation_added_without_its_effect_is_refused_never_guessed(team: tuple[Any, Path]) -> None:
    """The effect list opened on 'award', so an officer who named an organisation and left the
    effect alone recorded a contract award (a material conflict for anyone it employs).  It opens
    on a choice to make; a row naming an organisation without one is refused, naming the field."""
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    assert c.post("/meetings/new", data={**NEW_MEETING, "csrf_token": t}).status_code == 303
    page = c.get(f"/meetings/{MID}/agenda").text
    assert '<select id="new-effect0" name="effect0"><option value="">(choose what the item does to it)' in page
    before = files(folder)
    r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": "1", "title": "Award",
                                               "kind": "decision", "org0": "northshire-hospitals-ft",
                                               "effect0": ""})
    assert r.status_code == 422 and files(folder) == before
    assert "New item, organisation 1: effect: this field is required but empty" in r.text
