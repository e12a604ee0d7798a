"""Register import in the app: the CLI's importer behind an upload, a plan, review rows settled in the
browser, and an apply through the app's checked, logged writer.

What is compared with the CLI is the CLI itself: its error text for each file of tests/data/bad, and
the files it writes for the same register and the same review decisions.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from coigraph.load.dataset import load_dataset
from coigraph.output import printable
from coigraph.web.changes import LOG_NAME
from coigraph.web.pages.imports import MAX_UPLOAD
from coigraph.web.server import free_port, running
from tests.web.conftest import HOSTILE_DATA, NORTHSHIRE
from tests.web.workflows import (
    PASSWORDS,
    SAMPLE_REVIEW_ROWS,
    client_for,
    copy_sample,
    every_file,
    make_app,
    sample_register,
    signed_in,
    token,
    users_file,
)

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
SMALL_ICB = ROOT / "tests" / "data" / "register-import-icb"


def _log(folder: Path) -> list[dict[str, Any]]:
    path = folder / LOG_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _upload(c: Any, path: Path | None = None, *, name: str | None = None, data: bytes | None = None,
            **fields: str) -> Any:
    t = token(c.get("/imports").text)
    content = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
    return c.post("/imports", data={"csrf_token": t, "new_people": "add", **fields},
                  files={"register": (name or path.name, content, "application/octet-stream")})  # type: ignore[union-attr]


def _text(page_html: str, element_id: str) -> str:
    """The text of the element with ``element_id`` (tags dropped, entities decoded)."""
    i = page_html.index(f'id="{element_id}"')
    start = page_html.index(">", i) + 1
    tag = re.search(r"<(\w+)[^<]*$", page_html[:i]).group(1)  # type: ignore[union-attr]
    end = page_html.index(f"</{tag}>", start)
    return html.unescape(re.sub(r"<[^>]+>", "", page_html[start:end]))


# --------------------------------------------------------------------------- in-process


@pytest.fixture
def team(tmp_path: Path) -> tuple[Any, Path]:
    folder = copy_sample(tmp_path)
    return make_app(folder, users_file(tmp_path)), folder


def test_the_app_writes_what_the_cli_writes_for_the_same_decisions(team: tuple[Any, Path], tmp_path: Path,
                                                                   cli: Any) -> None:
    app, folder = team
    register = sample_register(tmp_path)
    olive = signed_in(app, "olive")
    r = _upload(olive, register)
    assert r.status_code == 303 and r.headers["location"] == "/imports/1"
    plan = olive.get("/imports/1").text
    assert "1 appeared" in _text(plan, "change-counts") and "1 ended" in _text(plan, "change-counts")
    assert "1 changed" in _text(plan, "change-counts") and "3 to review" in _text(plan, "counts")
    keys = dict(zip(re.findall(r'id="row-(\d+)"', plan), re.findall(r'action="/imports/1/review/([^"]+)"', plan),
                    strict=True))
    assert {int(k) for k in keys} == set(SAMPLE_REVIEW_ROWS)
    t = token(plan)
    # a decision the importer refuses: its message, for the register row; nothing kept
    before = every_file(folder)
    r = olive.post(f"/imports/1/review/{keys['151']}", data={
        "csrf_token": t, "decision": "accept", "person": "alan-pryce", "subject": "Conferences",
        "types_given": "yes", "types": "financial", "start": "2022-01-01", "end": "2020-01-01"})
    assert r.status_code == 422
    assert "register row 151, end: ends before it starts" in _text(r.text, "form-problems")
    assert every_file(folder) == before
    # pick another person; accept the suggested organisation; skip
    assert olive.post(f"/imports/1/review/{keys['149']}", data={
        "csrf_token": t, "decision": "accept", "person": "owen-gallagher", "organisation": "quillon-diagnostics",
        "types_given": "yes", "types": "financial", "start": "2025-02-01"}).status_code == 303
    assert olive.post(f"/imports/1/review/{keys['150']}", data={
        "csrf_token": t, "decision": "accept", "person": "kwame-adjei", "organisation": "castlebridge-gp-federation",
        "types_given": "yes", "types": "financial", "start": "2025-01-01"}).status_code == 303
    assert olive.post(f"/imports/1/review/{keys['151']}", data={"csrf_token": t, "decision": "skip"}
                      ).status_code == 303
    # nothing in the dataset yet: only the app's working papers and the log
    changed = {k for k in set(every_file(folder)) ^ set(before) | {k for k in before
               if every_file(folder).get(k) != before[k]}}
    assert all(k.startswith(".coigraph/") or k == LOG_NAME for k in changed), changed
    r = olive.post("/imports/1/apply", data={"csrf_token": t})
    assert r.status_code == 303
    applied = olive.get("/imports/1").text
    assert "Applied by olive" in _text(applied, "applied")
    assert olive.post("/imports/1/apply", data={"csrf_token": t}).status_code == 409  # once only
    # the CLI, given the same register and the review file the app wrote, writes the same dataset files
    review = folder / "review" / f"{register.stem}-review.csv"
    other = tmp_path / "cli" / "northshire"
    shutil.copytree(NORTHSHIRE, other)
    result = cli("import-register", register, "--into", other, "--review", review)
    assert result.exit_code == 0, result.stderr
    dataset_files = {p.name for p in NORTHSHIRE.iterdir() if p.is_file()} | {"interests.csv"}
    for name in sorted(dataset_files):
        assert (folder / name).read_bytes() == (other / name).read_bytes(), name
    assert (other / "review" / review.name).read_bytes() == review.read_bytes()
    ds = load_dataset(folder)
    got = {i.id: i for i in ds.records["interests"]}
    assert got["owen-gallagher-quillon-diagnostics"].person == "owen-gallagher"
    assert got["kwame-adjei-castlebridge-gp-federation"].organisation == "castlebridge-gp-federation"
    assert got["roi-039"].end is not None and got["roi-039"].end.isoformat() == "2025-04-30"
    assert got["roi-041"].description == "Chair, Medical School Advisory Board"
    assert not any(i.person == "alan-pryce" and "conferences" in (i.description or "").lower() for i in got.values())
    # the previous interests file is kept; the log says who did what
    assert (folder / ".coigraph" / "previous" / "interests.csv.1").read_bytes() == \
        (NORTHSHIRE / "interests.csv").read_bytes()
    log = _log(folder)
    verbs = [re.search(r"\b(uploaded|accepted|skipped|imported)\b", e["action"]) for e in log]
    assert [v.group(1) if v else None for v in verbs] == ["uploaded", "accepted", "accepted", "skipped", "imported"]
    assert all(e["who"] == "olive" for e in log)
    assert log[-1]["after"]["counts"]["appeared"] == 3 and "interests.csv" in log[-1]["file"]
    # importing the same register again (the CLI, reading the decisions kept in the dataset) changes nothing
    again = cli("import-register", register, "--into", folder, "--dry-run", "--format", "json")
    counts = json.loads(again.stdout)["counts"]
    assert counts["unchanged"] == counts["interest"] and counts["review"] == 0 and counts["left_out"] == 1


def test_only_officers_import_and_every_post_needs_the_token(team: tuple[Any, Path], tmp_path: Path) -> None:
    app, folder = team
    register = sample_register(tmp_path)
    before = every_file(folder)
    for name in ("vic", "mo"):
        c = signed_in(app, name)
        assert c.get("/imports").status_code == 403
        t = token(c.get("/").text if name == "vic" else c.get("/people/rebecca-stanforth").text)
        r = c.post("/imports", data={"csrf_token": t, "new_people": "add"},
                   files={"register": (register.name, register.read_bytes(), "text/csv")})
        assert r.status_code == 403
    olive = signed_in(app, "olive")
    r = olive.post("/imports", data={"new_people": "add"},
                   files={"register": (register.name, register.read_bytes(), "text/csv")})
    assert r.status_code == 403
    assert every_file(folder) == before
    assert _upload(olive, register).status_code == 303
    before = every_file(folder)
    assert olive.post("/imports/1/apply", data={}).status_code == 403
    assert signed_in(app, "vic").post("/imports/1/apply", data={"csrf_token": "x"}).status_code == 403
    assert every_file(folder) == before


def test_an_upload_over_the_limit_is_refused_and_nothing_is_written(team: tuple[Any, Path]) -> None:
    app, folder = team
    olive = signed_in(app, "olive")
    before = every_file(folder)
    just_over = b"Name,Description\n" + b"x" * MAX_UPLOAD
    r = _upload(olive, name="big.csv", data=just_over)
    assert r.status_code == 413 and "at most 5 MB" in _text(r.text, "upload-error")
    r = _upload(olive, name="bigger.csv", data=just_over * 2)  # refused before the body is read
    assert r.status_code == 413 and "too large" in r.text
    assert every_file(folder) == before


def _bad_files() -> list[Path]:
    """Each distinct file of tests/data/bad (many cases share their good tables)."""
    seen: dict[str, Path] = {}
    for p in sorted(BAD.rglob("*")):
        if p.is_file() and p.name != "README.md":
            seen.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), p)
    return sorted(seen.values())


@pytest.fixture(scope="module")
def small(tmp_path_factory: Any) -> tuple[Any, Path]:
    folder = tmp_path_factory.mktemp("small") / "icb"
    shutil.copytree(SMALL_ICB, folder)
    return client_for(make_app(folder)), folder


@pytest.mark.parametrize("bad", _bad_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_bad_file_uploaded_gives_the_clis_message_and_writes_nothing(small: tuple[Any, Path], bad: Path,
                                                                         cli: Any) -> None:
    c, folder = small
    shutil.rmtree(folder / ".coigraph", ignore_errors=True)
    (folder / LOG_NAME).unlink(missing_ok=True)
    before = every_file(folder)
    said = cli("import-register", bad, "--into", folder, "--dry-run", "--format", "json")
    r = _upload(c, bad)
    if said.exit_code != 0:  # the CLI refuses it: the app refuses it with the same words
        assert said.exit_code == 2 and "Internal error" not in said.stderr, said.stderr
        assert r.status_code == 422
        shown = _text(r.text, "upload-error").split("Not imported: nothing was written.", 1)[1].strip()
        assert "Error: " + printable(shown) == said.stderr.strip()
        assert every_file(folder) == before
    else:  # a dataset table the CLI reads as a register: the app plans it the same, and writes no dataset file
        assert r.status_code == 303, _text(r.text, "upload-error")
        counts = json.loads(said.stdout)["counts"]
        page = c.get(r.headers["location"]).text
        assert f"{counts['entries']} entries" in _text(page, "counts")
        assert f"{counts['review']} to review" in _text(page, "counts")
        after = every_file(folder)
        assert {k: v for k, v in after.items() if not k.startswith(".coigraph/") and k != LOG_NAME} == before


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


def test_officer_imports_the_sample_register_settling_review_rows_in_the_browser(live_team: Any, tab: Any,
                                                                                  tmp_path: Path) -> None:
    address, folder = live_team
    register = sample_register(tmp_path)
    o = tab(address)
    _sign_in(o, "olive")
    page = o.page
    page.get_by_role("link", name="Imports").click()
    page.wait_for_url("**/imports")
    assert o.axe() == []
    page.get_by_label("Register file (.xlsx or .csv)").set_input_files(str(register))
    page.get_by_role("button", name="Upload and see the plan").click()
    page.wait_for_url("**/imports/1")
    expect(page.locator("#change-counts")).to_contain_text("1 appeared")
    expect(page.locator("#change-counts")).to_contain_text("1 ended")
    expect(page.locator("#change-counts")).to_contain_text("1 changed")
    assert "Rebecca Stanforth" in page.locator("#change-ended").locator("xpath=following-sibling::table[1]").inner_text()
    expect(page.locator("#review-heading")).to_have_text("Review (3 of 3 undecided)")
    assert o.axe() == []
    o.screenshot("import-plan")
    # 149: 'Dr Gallagher' could be Claire or Owen: pick Owen, and accept
    row = page.locator("#row-149")
    assert "several people fit" in row.inner_text()
    row.get_by_label("Person (register row 149)").select_option("owen-gallagher")
    row.get_by_role("button", name="Accept row 149").click()
    page.wait_for_load_state("load")
    expect(page.locator("#row-149 .tag")).to_have_text("accepted")
    # 150: the suggested organisation is right: accept it as it stands
    row = page.locator("#row-150")
    assert row.get_by_label("Organisation (register row 150)").input_value() == "castlebridge-gp-federation"
    row.get_by_role("button", name="Accept row 150").click()
    page.wait_for_load_state("load")
    expect(page.locator("#row-150 .tag")).to_have_text("accepted")
    # 151 is not an interest the office keeps: skip
    page.locator("#row-151").get_by_role("button", name="Skip row 151").click()
    page.wait_for_load_state("load")
    expect(page.locator("#review-heading")).to_have_text("Review (0 of 3 undecided)")
    expect(page.locator("#change-counts")).to_contain_text("3 appeared")
    assert o.axe() == []
    page.get_by_role("button", name="Apply the import").click()
    page.wait_for_load_state("load")
    expect(page.locator("#applied")).to_contain_text("Applied by olive")
    expect(page.locator("#applied")).to_contain_text("interests.csv")
    got = {i.id: i for i in load_dataset(folder).records["interests"]}
    assert got["owen-gallagher-quillon-diagnostics"].organisation == "quillon-diagnostics"
    assert got["kwame-adjei-castlebridge-gp-federation"].person == "kwame-adjei"
    assert got["roi-039"].end is not None and got["roi-039"].end.isoformat() == "2025-04-30"
    # the app serves the new data at once: Owen Gallagher's page lists his new interest
    o.go("/people/owen-gallagher")
    assert "Quillon Diagnostics" in page.locator("#main").inner_text()
    o.go("/changes")
    assert "imported the register northshire-register-2025-06.csv" in page.locator("ol.changes").inner_text()
    o.assert_clean()


def page_text(o: Any, selector: str) -> str:
    return str(o.page.locator(selector).inner_text())


HOSTILE_PERSON = "Eve <img src=x onerror=alert(3)> Mallory"
HOSTILE_ORG = "Acme <svg onload=alert(4)> Ltd"


def test_hostile_names_in_an_uploaded_register_render_as_text(tmp_path: Path, tab: Any) -> None:
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE_DATA, folder)
    register = ("Name,Role,Type,Description,Organisation,From,To,Declared\n"
                f"\"{HOSTILE_PERSON}\",Chair <b>x</b>,Financial,\"Director, <script>alert(5)</script>\","
                f"\"{HOSTILE_ORG}\",01/01/2024,,01/04/2025\n"
                "\"Ann <script>alert('x')</script> Chair\",Chair,,\"=HYPERLINK(\"\"http://x\"\") {{7*7}}\",,"
                "2023,,01/04/2025\n")
    upload = tmp_path / "upload.csv"
    upload.write_text(register, encoding="utf-8")
    app = make_app(folder, port=free_port())
    with running(app) as address:
        o = tab(address)
        o.go("/imports")
        o.page.get_by_label("Register file (.xlsx or .csv)").set_input_files(
            files=[{"name": "<img src=x onerror=alert(6)>.csv", "mimeType": "text/csv",
                    "buffer": upload.read_bytes()}])
        o.page.get_by_role("button", name="Upload and see the plan").click()
        o.page.wait_for_url("**/imports/1")
        main = o.page.locator("#main")
        assert o.page.locator("main img, main svg, main script").count() == 0
        handlers = o.page.evaluate("Array.from(document.querySelectorAll('*')).filter(e => "
                                   "Array.from(e.attributes).some(a => a.name.startsWith('on'))).length")
        assert handlers == 0
        text = main.inner_text()
        # shown as the importer reads them, as text: the new person, the organisation, the review row
        assert "Eve <img src=x onerror=alert" in page_text(o, "#new-people")
        assert "Eve <img src=x onerror=alert" in page_text(o, "#change-appeared + table")
        assert HOSTILE_ORG in text
        assert "Register row 3: Ann <script>alert('x')</script> Chair" in page_text(o, "#row-3 h3")
        assert '=HYPERLINK("http://x") {{7*7}}' in page_text(o, "#row-3")
        # the uploaded file's name is made a plain file name before it is used for anything
        assert o.page.locator("h1").inner_text().startswith("Import 1: img-src-x-onerror-alert-6-")
        assert o.axe() == []
        o.assert_clean()
