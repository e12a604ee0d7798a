"""Recording the meeting (issue 21): the minutes form per item, written to the app's own
``minutes-recorded.csv`` and checked by the loader, the office's own minutes never rewritten, the
reconciliation beside the form, roles and CSRF; and the officer's journey in a real headless
Chromium (tests/web/conftest.py)."""

from __future__ import annotations

import json
import re
import shutil
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
    every_file,
    make_app,
    signed_in,
    token,
    users_file,
)

MAY = "icb-board-2025-05"
MID = "icb-board-2025-11-12"
AWARD = f"{MID}-item-2"


def _log(folder: Path) -> list[dict[str, Any]]:
    path = folder / LOG_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, anchor: str) -> str:
    """The words of one section of the minutes page (up to the next section)."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return _text(html[start:end if end > 0 else None])


def _new_meeting(c: Any, t: str) -> None:
    """The meeting of the browser journey, through the app's own forms: three items, the award
    listing the partner member's trust."""
    assert c.post("/meetings/new", data={"csrf_token": t, "body": "icb-board", "date": "2025-11-12",
                                         "title": "ICB Board, 12 November 2025", "public": "yes"}).status_code == 303
    for n, title in enumerate(("Welcome and apologies", "Contract award to Northshire Hospitals NHS Foundation Trust",
                               "Finance report"), start=1):
        extra = {"org0": "northshire-hospitals-ft", "effect0": "award"} if n == 2 else {}
        r = c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": str(n), "title": title,
                                                   "kind": "decision", **extra})
        assert r.status_code == 303, r.text


@pytest.fixture
def team(tmp_path: Path) -> tuple[Any, Path]:
    folder = copy_sample(tmp_path)
    return make_app(folder, users_file(tmp_path)), folder


def test_recording_writes_the_apps_file_logs_each_save_and_updates_the_reconciliation(
        team: tuple[Any, Path]) -> None:
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    _new_meeting(c, t)
    page = c.get(f"/meetings/{MID}/minutes").text
    assert "Nothing is minuted yet" in _section(page, "reconciliation")
    # the screen beside each person: the partner member should leave for the award to her trust
    assert "Leave the room, no papers (Material: Northshire Hospitals NHS Foundation Trust)" in _section(page, f"minutes-{AWARD}")
    log_before = len(_log(folder))
    # the chair of the meeting minuted, nothing else: the reconciliation finds the missing minutes
    r = c.post(f"/meetings/{MID}/minutes/meeting", data={"csrf_token": t, "chair": "hilary-ashdown", "statement": ""})
    assert r.status_code == 303 and r.headers["location"] == f"/meetings/{MID}/minutes#minutes-meeting"
    page = c.get(f"/meetings/{MID}/minutes").text
    assert "2 points where the minutes and the screen differ" in _section(page, "reconciliation")
    award = _section(page, f"minutes-{AWARD}")
    assert "An expected declaration is not in the minutes" in award
    assert "An expected withdrawal is not in the minutes" in award
    # a finding's links are set apart ("meeting icb-board-2025-11-12 · rebecca-stanforth", not "...-12· rebecca")
    assert "</a>·" not in page
    # her declaration and withdrawal recorded: the reconciliation is clean at once
    r = c.post(f"/meetings/{MID}/minutes/items/{AWARD}",
               data={"csrf_token": t, "declared:rebecca-stanforth": "yes",
                     "org:rebecca-stanforth": "northshire-hospitals-ft", "decision:rebecca-stanforth": "left_room",
                     "reason:rebecca-stanforth": "", "declared:kwame-adjei": "", "decision:kwame-adjei": "",
                     "chair": "", "quorum": "quorate"})
    assert r.status_code == 303
    page = c.get(f"/meetings/{MID}/minutes").text
    assert "The minutes match the screen" in _section(page, "reconciliation")
    # pre-filled from what is saved; the blanks stay blank
    assert re.search(r'name="declared:rebecca-stanforth">.*?<option value="yes" selected>', page)
    assert re.search(r'name="decision:rebecca-stanforth">.*?<option value="left_room" selected>', page)
    assert re.search(r'name="declared:kwame-adjei"><option value="" selected>', page)
    # what the CLI reads: two rows for the item, nothing for the people left blank
    rows = [m for m in load_dataset(folder).records["minutes"] if m.item == AWARD]
    assert [(str(m.kind), m.person, m.outcome and str(m.outcome)) for m in rows] == [
        ("declaration", "rebecca-stanforth", "left_room"), ("quorate", None, None)]
    assert all(m.src.startswith("minutes-recorded.csv:") for m in rows)
    # one change-log entry a save; saving the same again writes and logs nothing
    log = _log(folder)[log_before:]
    assert [e["action"] for e in log] == [f"recorded the minutes of meeting {MID} as a whole",
                                         f"recorded the minutes of item 2 ({AWARD}) of meeting {MID}"]
    assert log[1]["after"][0]["person"] == "rebecca-stanforth" and log[1]["before"] == []
    before = every_file(folder)
    r = c.post(f"/meetings/{MID}/minutes/items/{AWARD}",
               data={"csrf_token": t, "declared:rebecca-stanforth": "yes", "org:rebecca-stanforth": "northshire-hospitals-ft",
                     "decision:rebecca-stanforth": "left_room", "quorum": "quorate"})
    assert r.status_code == 303 and every_file(folder) == before


def test_an_invalid_submission_names_the_form_field_and_writes_nothing(team: tuple[Any, Path]) -> None:
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    _new_meeting(c, t)
    before = every_file(folder)
    # refused by the loader (no such organisation): named by the form's field, with the file's row too
    r = c.post(f"/meetings/{MID}/minutes/items/{AWARD}",
               data={"csrf_token": t, "declared:rebecca-stanforth": "yes", "org:rebecca-stanforth": "no-such-trust",
                     "reason:rebecca-stanforth": "kept <b>as typed</b>"})
    assert r.status_code == 422
    box = _text(r.text[r.text.index('id="form-problems"'):])
    assert ("Item 2 (Contract award to Northshire Hospitals NHS Foundation Trust), Rebecca Stanforth: "
            "organisation named: no organisation &#39;no-such-trust&#39; (minutes-recorded.csv, row 2, "
            "field &#39;organisation&#39;)") in box
    assert "nothing was written" in box
    # the form shows what was submitted, escaped
    assert 'value="kept &lt;b&gt;as typed&lt;/b&gt;"' in r.text
    # refused by the form itself: a chair's decision on a declaration nobody made
    r = c.post(f"/meetings/{MID}/minutes/items/{AWARD}",
               data={"csrf_token": t, "decision:kwame-adjei": "remained", "reason:kwame-adjei": "x"})
    assert r.status_code == 422
    assert "Kwame Adjei: the chair&#39;s decision: &#39;the chair agreed they may remain&#39; is the chair&#39;s " \
           "decision on a declaration, but no declaration is marked" in r.text
    # a chair who is nobody
    r = c.post(f"/meetings/{MID}/minutes/items/{AWARD}", data={"csrf_token": t, "chair": "nobody-at-all"})
    assert r.status_code == 422 and "Item 2 (Contract award" in r.text and "who chaired: person: no person" in r.text
    assert every_file(folder) == before


def test_an_items_number_is_kept_as_the_agenda_writes_it(team: tuple[Any, Path]) -> None:
    """'Item 2A' stays 'item 2A' inside a sentence (not 'item 2a'), and an item the agenda gives no
    number is named, never 'item None', in the change log."""
    app, folder = team
    c = signed_in(app, "olive")
    t = token(c.get("/meetings/new").text)
    _new_meeting(c, t)
    for number, title in (("2A", "Urgent business"), ("", "Any other business")):
        assert c.post(f"/meetings/{MID}/items", data={"csrf_token": t, "number": number, "title": title,
                                                      "kind": "decision"}).status_code == 303
    page = _text(c.get(f"/meetings/{MID}/minutes").text)
    assert "Save the minutes of item 2A" in page and "Reconciliation: item 2A" in page
    assert "item 2a" not in page
    unnumbered = f"{MID}-item"  # the id the agenda form makes for an item without a number
    r = c.post(f"/meetings/{MID}/minutes/items/{unnumbered}", data={"csrf_token": t, "quorum": "quorate"})
    assert r.status_code == 303, r.text
    action = _log(folder)[-1]["action"]
    assert "None" not in action and unnumbered in action


def test_the_offices_own_minutes_are_shown_read_only_and_never_rewritten(team: tuple[Any, Path]) -> None:
    app, folder = team
    own = (folder / "minutes.csv").read_bytes()
    c = signed_in(app, "olive")
    page = c.get(f"/meetings/{MAY}/minutes").text
    item6 = _section(page, f"minutes-{MAY}.06")
    assert ("In your own minutes file, so not changed here: declared an interest (Northshire Hospitals NHS "
            "Foundation Trust) [your file minutes.csv, row 10]; left the room") in item6
    # no field for what the office's file holds: her row on item 6, item 7's chair, the meeting's chair
    form6 = page[page.index(f'id="minutes-{MAY}.06"'):page.index(f'id="minutes-{MAY}.07"')]
    assert 'name="declared:rebecca-stanforth"' not in form6 and 'name="declared:kwame-adjei"' in form6
    form7 = page[page.index(f'id="minutes-{MAY}.07"'):page.index(f'id="minutes-{MAY}.08"')]
    assert 'id="ch-icb-board-2025-05.07"' not in form7 and 'id="ch-icb-board-2025-05.06"' in form6
    assert 'id="mm-chair"' not in page and "Hilary Ashdown chaired [your file minutes.csv, row 2]" in page
    # a forged field for her is ignored: the app writes only what its form offers
    t = token(page)
    r = c.post(f"/meetings/{MAY}/minutes/items/{MAY}.06",
               data={"csrf_token": t, "declared:rebecca-stanforth": "", "decision:rebecca-stanforth": "remained",
                     "declared:kwame-adjei": "yes"})
    assert r.status_code == 303
    mine = (folder / "minutes-recorded.csv").read_text()
    assert "rebecca-stanforth" not in mine and "kwame-adjei" in mine
    assert (folder / "minutes.csv").read_bytes() == own
    # the reconciliation of the May board is shown, in words
    assert "points where the minutes and the screen differ" in _section(c.get(f"/meetings/{MAY}/minutes").text,
                                                                        "reconciliation")
    # the office then minutes him too in its own file: his row is read-only, and the app's earlier
    # row (which still counts) is shown beside it rather than hidden
    with (folder / "minutes.csv").open("a", encoding="utf-8") as f:
        f.write(f"{MAY},{MAY}.06,declaration,kwame-adjei,,,Kwame Adjei declared his post.\n")
    item6 = _section(c.get(f"/meetings/{MAY}/minutes").text, f"minutes-{MAY}.06")
    assert "In your own minutes file, so not changed here: declared an interest [your file minutes.csv, row 57]" \
        in item6
    assert "Also in the app's file minutes-recorded.csv , recorded here before (both count; remove it from " \
           "that file if it repeats yours): declared an interest" in item6


def test_only_officers_record_and_without_the_token_nothing_is_written(team: tuple[Any, Path],
                                                                      tmp_path: Path) -> None:
    app, folder = team
    before = every_file(folder)
    post = {"declared:kwame-adjei": "yes", "chair": "hilary-ashdown"}
    for who in ("vic", "mo"):
        c = signed_in(app, who)
        t = token(c.get("/meetings").text if who == "vic" else c.get("/people/rebecca-stanforth").text)
        assert c.get(f"/meetings/{MAY}/minutes").status_code == 403
        assert "Record the meeting" not in c.get(f"/meetings/{MAY}").text
        for path in (f"/meetings/{MAY}/minutes/items/{MAY}.06", f"/meetings/{MAY}/minutes/meeting"):
            r = c.post(path, data={**post, "csrf_token": t})
            # a viewer is told the role does not allow it; a member sees only their own page
            assert r.status_code == 403 and ("does not allow" if who == "vic" else "Not your page") in r.text
    officer = signed_in(app, "olive")
    other = signed_in(app, "olive")
    assert "Record the meeting" in officer.get(f"/meetings/{MAY}").text
    for data in (post, {**post, "csrf_token": token(other.get("/meetings").text)}, {**post, "csrf_token": "x"}):
        r = officer.post(f"/meetings/{MAY}/minutes/items/{MAY}.06", data=data)
        assert r.status_code == 403 and "Nothing was changed" in r.text
    ro = signed_in(make_app(folder, users_file(tmp_path), read_only=True), "olive")
    assert ro.get(f"/meetings/{MAY}/minutes").status_code == 403
    r = ro.post(f"/meetings/{MAY}/minutes/meeting", data={**post, "csrf_token": token(ro.get("/meetings").text)})
    assert r.status_code == 403 and "read-only" in r.text
    assert every_file(folder) == before  # byte for byte, the change log included


def test_hostile_names_and_reasons_render_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE_DATA, folder)
    ds = load_dataset(folder)
    meeting = ds.records["meetings"][0]
    c = client_for(make_app(folder))
    page = c.get(f"/meetings/{meeting.id}/minutes")
    assert page.status_code == 200
    html = page.text
    assert "<svg onload" not in html and "&lt;svg onload=alert(1)&gt;" in html  # the meeting's title
    people = [p for p in ds.records["people"] if "<" in (p.name or "")]
    assert people and all("<" + p.name.split("<", 1)[1] not in html for p in people)
    item = next(i for i in ds.records["agenda_items"] if i.meeting == meeting.id)
    pid = re.search(r'name="declared:([^"]+)"', html[html.index(f'id="minutes-{item.id}"'):]).group(1)
    reason = "<img src=x onerror=alert(1)> =HYPERLINK(\"x\")"
    r = c.post(f"/meetings/{meeting.id}/minutes/items/{item.id}",
               data={"csrf_token": token(html), f"declared:{pid}": "yes", f"reason:{pid}": reason})
    assert r.status_code == 303, _text(r.text)[:2000]
    html = c.get(r.headers["location"]).text
    assert "<img src=x" not in html and 'value="&lt;img src=x onerror=alert(1)&gt; =HYPERLINK(&#34;x&#34;)"' in html
    assert "<img src=x onerror=alert(1)>" in (folder / "minutes-recorded.csv").read_text()


# --------------------------------------------------------------------------- in the browser

#: The least font size of any text on the page (CSS pixels) and the measurement, run in the page:
#: every visible text's computed size, form controls overlapping each other, a blank choice's words cut off
#: by its box, the page wider than the window.
MIN_FONT_PX = 12
MEASURE = """() => {
  const main = document.querySelector('main');
  let min = Infinity, at = null;
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, el = n.parentElement;
    if (!n.textContent.trim() || !el.offsetParent || el.closest('.visually-hidden')) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < min) { min = px; at = el.tagName + ': ' + n.textContent.trim().slice(0, 40); }
  }
  const boxes = [...main.querySelectorAll('select, input:not([type=hidden]), button, label:not(.visually-hidden)')]
    .filter(e => e.offsetParent).map(e => [e, e.getBoundingClientRect()]);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, s] = boxes[j];
    if (a.contains(b) || b.contains(a) || (a.tagName === 'LABEL' && a.htmlFor === b.id)) continue;
    if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
      overlaps.push((a.id || a.name || a.textContent.trim()) + ' / ' + (b.id || b.name || b.textContent.trim()));
  }
  // a select whose chosen words are the form's own blank ('organisation not named', 'not stated')
  // but wider than the box shows them: cut off as 'organisation not namec'
  const ctx = document.createElement('canvas').getContext('2d'), clipped = [];
  for (const el of main.querySelectorAll('select')) {
    const opt = el.options[el.selectedIndex];
    if (!el.offsetParent || !opt || opt.value !== '') continue;
    const st = getComputedStyle(el);
    ctx.font = st.font;
    const room = el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 16;
    if (ctx.measureText(opt.text).width > room) clipped.push(el.id + ': ' + opt.text);
  }
  return {minFont: min, at: at, controls: boxes.length, overlaps: overlaps.slice(0, 5),
          clipped: clipped.slice(0, 5), overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.fixture
def live_team(tmp_path: Path) -> Any:
    folder = copy_sample(tmp_path)
    app = make_app(folder, users_file(tmp_path), port=free_port())
    with running(app) as address:
        yield address, folder


def _legible(o: Any, name: str) -> dict[str, Any]:
    got = o.page.evaluate(MEASURE)
    from tests.web.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "measurements.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"page": name, **got}) + "\n")
    assert got["controls"] > 0
    assert got["minFont"] >= MIN_FONT_PX, got
    assert got["overlaps"] == [], got
    assert got["clipped"] == [], got
    assert got["overflow"] <= 0, got
    return got


def test_officer_records_the_meeting_and_sees_the_reconciliation_change(live_team: Any, tab: Any) -> None:
    address, folder = live_team
    o = tab(address)
    page = o.page
    o.go("/login")
    page.get_by_label("Name").fill("olive")
    page.get_by_label("Password").fill(PASSWORDS["olive"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    # a meeting with three items, through the agenda forms; the award lists the partner member's trust
    o.go("/meetings/new")
    page.get_by_label("Body meeting").select_option("icb-board")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2025-11-12")
    page.get_by_label("Title").fill("ICB Board, 12 November 2025")
    page.get_by_role("button", name="Create the meeting").click()
    page.wait_for_url(f"**/meetings/{MID}/agenda")
    for n, title in enumerate(("Welcome and apologies", "Contract award to Northshire Hospitals NHS Foundation Trust",
                               "Finance report"), start=1):
        form = page.locator("#add-item")
        form.get_by_label("Title").fill(title)
        form.get_by_label("Kind").select_option("decision")
        if n == 2:
            form.get_by_label("Organisation 1", exact=True).select_option("northshire-hospitals-ft")
            form.get_by_label("Effect on organisation 1").select_option("award")
        form.get_by_role("button", name="Add the item").click()
        page.wait_for_load_state("load")
        expect(page.locator("#items-heading")).to_have_text(f"Items ({n})")
    # the screen, then the minutes page from it
    o.go(f"/meetings/{MID}")
    assert "Rebecca Stanforth" in page.locator("#results").inner_text()
    page.get_by_role("link", name="Record the meeting").click()
    page.wait_for_url(f"**/meetings/{MID}/minutes")
    status = page.locator("#recon-status")
    expect(status).to_have_text("Nothing is minuted yet: once something is recorded, the minutes are "
                                "compared with the screen here.")
    award = page.locator(f"#minutes-{AWARD}")
    row = award.locator("tr", has_text="Rebecca Stanforth")
    assert "Leave the room, no papers (Material: Northshire Hospitals NHS Foundation Trust)" in row.inner_text()
    assert o.axe() == []
    _legible(o, "minutes-empty")
    # the chair of the meeting: now the minutes are there, and say nothing of her declaration
    page.get_by_label("Who chaired the meeting").select_option("hilary-ashdown")
    page.get_by_role("button", name="Save the meeting's minutes").click()
    page.wait_for_load_state("load")
    expect(status).to_have_text("2 points where the minutes and the screen differ (each listed under its "
                                "item below).")
    recon = page.locator(f"#recon-{AWARD}")
    assert "The screen found Rebecca Stanforth had an interest to declare on item 2" in recon.inner_text()
    assert "The screen said Rebecca Stanforth should leave the room for item 2" in recon.inner_text()
    _legible(o, "minutes-with-findings")
    o.screenshot("minutes-before")
    award.screenshot(path=str(o.screenshot("minutes-before").parent / "minutes-item-2-before.png"))
    # her declaration and her withdrawal, with the chair's reason; who chaired the item, quorate
    award.get_by_label("Declared: Rebecca Stanforth, Item 2").select_option("yes")
    award.get_by_label("Organisation named: Rebecca Stanforth, Item 2").select_option("northshire-hospitals-ft")
    award.get_by_label("The chair's decision: Rebecca Stanforth, Item 2").select_option("left_room")
    award.get_by_label("The chair's reason: Rebecca Stanforth, Item 2").fill("The award is to her own trust.")
    award.get_by_label("Quorate as minuted").select_option("quorate")
    award.get_by_role("button", name="Save the minutes of item 2").click()
    page.wait_for_load_state("load")
    expect(status).to_have_text("The minutes match the screen: nothing to report.")
    assert page.locator(f"#recon-{AWARD}").inner_text().endswith("Nothing to report.")
    # kept as saved, and shown so when the page is opened again
    assert award.get_by_label("The chair's decision: Rebecca Stanforth, Item 2").input_value() == "left_room"
    assert award.get_by_label("Declared: Kwame Adjei, Item 2").input_value() == ""
    assert o.axe() == []
    measured = _legible(o, "minutes-recorded")
    o.screenshot("minutes-after")
    award.screenshot(path=str(o.screenshot("minutes-after").parent / "minutes-item-2-after.png"))
    rows = [m for m in load_dataset(folder).records["minutes"] if m.meeting == MID]
    assert [(str(m.kind), m.person, m.reason) for m in rows] == [
        ("chair", "hilary-ashdown", None),
        ("declaration", "rebecca-stanforth", "The award is to her own trust."), ("quorate", None, None)]
    o.go("/changes")
    assert "recorded the minutes of item 2" in page.locator("ol.changes").inner_text()
    # narrow window (a laptop beside the papers): the reconciliation drops below each form, still legible
    page.set_viewport_size({"width": 900, "height": 900})
    o.go(f"/meetings/{MID}/minutes")
    narrow = _legible(o, "minutes-narrow")
    assert measured["minFont"] >= MIN_FONT_PX and narrow["controls"] == measured["controls"]
    o.screenshot("minutes-narrow")
    o.assert_clean()


def test_a_seat_whose_vote_is_not_stated_is_never_shown_as_not_voting(team: tuple[Any, Path]) -> None:
    """The roll beside each item says who votes: 'votes', 'does not vote', or, for a seat whose voting
    is blank (the sample board's executive directors), that it is not stated; before, a blank and a
    'no' both showed nothing, which reads as 'does not vote'."""
    app, folder = team
    positions = folder / "positions.csv"
    text = positions.read_text(encoding="utf-8")
    row = "pos-raman-board,priya-raman,executive_director,icb-board,northshire-icb,,yes,"
    assert row in text
    positions.write_text(text.replace(row, row.replace(",yes,", ",,")), encoding="utf-8")  # voting blank
    c = signed_in(app, "olive")
    page = _text(c.get("/meetings/icb-board-2025-05/minutes").text)
    assert ", votes" in page and ", does not vote" not in page.split("Priya Raman")[1][:80]
    assert "Priya Raman" in page and ", whether they vote is not stated" in page
