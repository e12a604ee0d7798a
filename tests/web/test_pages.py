"""Every page, its filters, downloads equal to the CLI's outputs, errors, reload and the public view
(in-process, through Starlette's TestClient)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from html import escape
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from coigraph.declarations import person_declarations
from coigraph.delegation import trace_decision
from coigraph.graph import load_graph
from coigraph.report.delegation import render_audit, render_powers, render_trace
from coigraph.report.screening import declarations_text, render
from coigraph.screening import screen_meeting
from coigraph.web import create_app
from coigraph.web.server import free_port
from tests.web.conftest import BASE, HOSTILE_DATA, NORTHSHIRE, TODAY

MEETING = "icb-board-2025-05"


@pytest.fixture(scope="module")
def G() -> Any:
    return load_graph(NORTHSHIRE)


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


def test_every_page_answers(client: Any) -> None:
    for path in ["/", "/meetings", f"/meetings/{MEETING}", "/people/simon-attwell", "/decisions",
                 "/decisions/dec-2025-07-remote-monitoring", "/audit", "/powers", "/powers?holder=priya-raman",
                 "/search", "/search?q=x", "/organisations/northshire-icb", "/bodies/icb-fic"]:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert '<main id="main"' in r.text and 'class="skip-link"' in r.text, path


def test_home_has_counts_meetings_and_verdict(client: Any, G: Any) -> None:
    from coigraph.audit import build_audit

    text = _text(client.get("/").text)
    counts = build_audit(G).counts  # the sample's seeded audit (checked in tests/test_audit*.py)
    assert counts["unlawful"] and counts["sord_breach"] and counts["policy_breach"] and counts["advisory"]
    said = (f"{counts['unlawful']} unlawful, {counts['sord_breach']} SoRD breach, "
            f"{counts['policy_breach']} breach of the conflicts policy or standing orders, "
            f"{counts['advisory']} advisory")
    assert "Audit verdict" in text and "UNLAWFUL" in text and said in text
    assert "Upcoming meetings" in text and "NHS Northshire ICB Board, 14 May 2025" in text
    assert "person 74" in text
    assert "Validation warnings None: every file loaded cleanly." in text


def test_meeting_filters(client: Any) -> None:
    full = client.get(f"/meetings/{MEETING}").text
    assert "Showing 42 of 42 interests." in full
    r = client.get(f"/meetings/{MEETING}?person=rebecca-stanforth&action=no_papers")
    rows = re.findall(r'<tr class="act-([a-z_]+)">\s*<td><a href="/people/([a-z-]+)\?', r.text)
    assert rows and {p for _, p in rows} == {"rebecca-stanforth"} and {a for a, _ in rows} == {"no_papers"}
    # item 6 (an award to her own trust); on item 16 every voting member is conflicted, so she declares
    assert "Showing 1 of 42 interests (filtered)." in r.text
    r = client.get(f"/meetings/{MEETING}?item={MEETING}.06")
    assert len(re.findall(r'<article class="item"', r.text)) == 1
    assert client.get(f"/meetings/{MEETING}?action=resign").status_code == 400


def test_quorum_and_checks_on_the_meeting_page(client: Any, G: Any) -> None:
    s = screen_meeting(G, MEETING)
    html = client.get(f"/meetings/{MEETING}").text
    decisions = [it for it in s.items if it.kind.value == "decision"]
    assert html.count('<div class="q q-') == len(decisions)
    assert "Quorum: INQUORATE." in html
    n_checks = len(s.checks.undeclared) + len(s.checks.stale) + len(s.checks.information_flows)
    assert n_checks and html.count("<li><strong>Possibly undeclared:") + html.count(
        "<li><strong>Stale declaration:") + html.count("<li><strong>Confidential information:") == n_checks
    # each chair's note once on the page (it is among the item's notes, not again in the quorum box)
    notes = [it.quorum.chair_note for it in s.items if it.quorum.chair_note]
    assert len(notes) >= 2 and all(html.count(escape(n)) == 1 for n in notes), notes


@pytest.mark.parametrize("ext,fmt", [("html", "html"), ("md", "markdown"), ("csv", "csv"), ("json", "json"),
                                     ("txt", "table")])
def test_paper_downloads_are_the_cli_outputs(client: Any, G: Any, ext: str, fmt: str) -> None:
    r = client.get(f"/meetings/{MEETING}/paper.{ext}")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="coi-{MEETING}.{ext}"'
    assert r.content.decode("utf-8") == render(screen_meeting(G, MEETING), fmt)


def test_a_decision_page_names_the_matters_a_link_delegates_in_words(client: Any) -> None:
    """The links table said "delegated 'investment.revenue, budget.virement'": codes, not words."""
    text = _text(_main(client.get("/decisions/dec-2025-07-remote-monitoring").text))
    assert ("Finance and Investment Committee (icb-fic) delegated recurrent or non-recurrent revenue "
            "investment (investment.revenue); moving budget between lines (virement) (budget.virement) "
            "to Priya Raman (priya-raman, a person).") in text
    assert ("NHS Northshire ICB Board (icb-board) delegated recurrent or non-recurrent revenue investment "
            "(investment.revenue), one of 10 matters in this delegation, to Finance and Investment "
            "Committee (icb-fic).") in text
    assert "‘investment.revenue" not in text


def test_other_downloads_are_the_cli_outputs(client: Any, G: Any) -> None:
    from coigraph.audit import build_audit
    from coigraph.powers import powers_of

    dec = "dec-2025-07-remote-monitoring"
    assert client.get(f"/decisions/{dec}/trace.md").text == render_trace(trace_decision(G, dec), "markdown")
    assert client.get("/audit/report.csv").text == render_audit(build_audit(G), "csv")
    assert client.get("/powers/report.json?holder=icb-fic").text == render_powers(powers_of(G, "icb-fic"), "json")
    d = person_declarations(G, "rebecca-stanforth", MEETING)
    assert client.get(f"/people/rebecca-stanforth/declarations.txt?meeting={MEETING}").text == \
        declarations_text(d, "text")
    assert client.get(f"/meetings/{MEETING}/paper.docx").status_code == 404
    assert client.get("/people/rebecca-stanforth/declarations.md").status_code == 400


def test_person_page_default_and_chosen_meeting(client: Any) -> None:
    html = client.get("/people/rebecca-stanforth").text
    assert f'<option value="{MEETING}" selected>' in html  # the next meeting after "today"
    assert "Item 6: Community Diagnostic Centre expansion" in html
    html = client.get("/people/rebecca-stanforth?meeting=nhft-board-2025-06").text
    assert "Item 7: Acute Provider Collaborative" in html
    assert "Register entries (as on 2025-06-04)" in html
    assert "ended" in _text(_main(html))  # the 2019 post at another trust, with its dates
    assert "2019-12-31" in html


def test_audit_filters(client: Any, G: Any) -> None:
    from coigraph.audit import build_audit

    report = build_audit(G)
    total, breaches = len(report.findings), report.counts["sord_breach"]
    assert 0 < breaches < total  # the filter has something to keep and something to leave out
    html = client.get("/audit?severity=sord_breach").text
    assert f"Showing {breaches} of {total} findings." in html
    assert set(re.findall(r'<li class="sev-([a-z_]+)">', html)) == {"sord_breach"}
    wanted = [f for f in build_audit(G).findings if f.kind == "limit_exceeded"]
    html = client.get("/audit?kind=limit_exceeded").text
    assert wanted and f"Showing {len(wanted)} of {total} findings." in html
    assert len(re.findall(r'<li class="sev-', html)) >= len(wanted)  # a finding may sit in two sections
    for f in wanted:
        assert f.explanation.replace("'", "&#39;")[:60] in html
    assert client.get("/audit?severity=terrible").status_code == 400


@pytest.mark.parametrize("query,kind,expected", [
    ("chief executive", "person", "Simon Attwell"),
    ("chief exec", "person", "Kwame Adjei"),
    ("becky", "person", "Rebecca Stanforth"),  # an alias
    ("stanforth partner", "person", "Rebecca Stanforth"),  # a name and a role
    ("northshire hospitals", "organisation", "Northshire Hospitals NHS Foundation Trust"),
    ("finance and investment", "body", "Finance and Investment Committee"),
    ("2025-05-14", "meeting", "NHS Northshire ICB Board, 14 May 2025"),
    ("community diagnostic centre", "agenda_item", "Community Diagnostic Centre expansion"),
    ("dec-2025-07-remote", "decision", "dec-2025-07-remote-monitoring"),
])
def test_search(client: Any, query: str, kind: str, expected: str) -> None:
    html = client.get("/search", params={"q": query}).text
    section = html[html.index(f'id="res-{kind}"'):]
    section = section[:section.index("</section>")]
    assert expected in _text(section)


def test_search_ranks_names_first_and_handles_odd_queries(client: Any) -> None:
    html = client.get("/search", params={"q": "Simon Attwell"}).text
    first = re.search(r'id="res-person".*?<a href="([^"]+)"', html, re.S)
    assert first and first.group(1) == "/people/simon-attwell"
    assert client.get("/search", params={"q": "x" * 5000}).status_code == 200
    assert "0 results" in client.get("/search", params={"q": "zzzznothing"}).text
    assert client.get("/search", params={"q": "   "}).status_code == 200


def test_unknown_ids_give_404_with_a_hint(client: Any) -> None:
    r = client.get("/meetings/icb-board-2025-5")
    assert r.status_code == 404
    assert "did you mean &#39;icb-board-2025-05&#39;?" in r.text
    r = client.get("/decisions/dec-2025-07-remote-monitorin")
    assert r.status_code == 404 and "did you mean" in r.text
    r = client.get("/people/simon-atwell")
    assert r.status_code == 404 and "simon-attwell" in r.text
    r = client.get("/powers?holder=icb-fcc")
    assert r.status_code == 404 and "icb-fic" in r.text
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "There is no page at /no/such/page." in r.text


def test_a_bug_is_a_plain_500_page_never_a_traceback(app: Any, monkeypatch: Any) -> None:
    from coigraph.web.pages import home

    def broken(snap: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(home, "audit_report", broken)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    r = client.get("/")
    assert r.status_code == 500
    assert "bug in coigraph" in r.text
    assert "Traceback" not in r.text and "secret internal detail" not in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'none'")


def test_reloads_when_the_files_change(tmp_path: Path) -> None:
    data = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, data)
    client = TestClient(create_app(data, today=TODAY), base_url=BASE)
    assert "Simon Attwell" in client.get("/people/simon-attwell").text
    people = data / "people.yaml"
    people.write_text(people.read_text().replace("name: Simon Attwell", "name: Simon Attwell-Reid"))
    html = client.get("/people/simon-attwell").text
    assert "Simon Attwell-Reid" in html and "no longer load" not in html
    # a file saved half-edited: the last good data stays, and every page says why
    good = (data / "interests.csv").read_text()
    (data / "interests.csv").write_text(good + "broken-row,nobody-at-all,,,,,,\n")
    html = client.get("/people/simon-attwell").text
    assert "The data files changed but no longer load" in html and "interests.csv" in html
    assert "Simon Attwell-Reid" in html
    (data / "interests.csv").write_text(good)
    html = client.get("/").text
    assert "no longer load" not in html


def test_public_view_withholds_private_details() -> None:
    client = TestClient(create_app(HOSTILE_DATA, redact=True, today=TODAY), base_url=BASE)
    full = TestClient(create_app(HOSTILE_DATA, today=TODAY), base_url=BASE)
    assert "public view" in client.get("/").text
    # Dan, Bob's wife, holds no public office: not named, no page, not found by search
    assert full.get("/people/dan").status_code == 200
    assert client.get("/people/dan").status_code == 404
    assert "Dan | Spouse" not in client.get("/search", params={"q": "dan"}).text
    meeting = client.get("/meetings/board-2025-05").text
    assert "Dan | Spouse" not in meeting and "Dan | Spouse" in full.get("/meetings/board-2025-05").text
    assert "Dan | Spouse" not in client.get("/meetings/board-2025-05/paper.md").text
    assert "Dan | Spouse" not in client.get("/people/bob?meeting=board-2025-05").text
    assert "Dan | Spouse" not in client.get("/meetings/board-2025-05/map").text


def test_serve_command_starts_and_answers() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from coigraph.cli import main; main()", "serve", str(NORTHSHIRE),
         "--port", str(port), "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline() if proc.stderr else ""
        assert f"serving {NORTHSHIRE} at http://127.0.0.1:{port}/" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    assert r.status == 200 and b"northshire" in r.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)


def test_neo4j_source_pulls_and_pulls_again_when_the_counts_change(monkeypatch: Any) -> None:
    """The app over a pushed dataset (the database itself is exercised by tests/db)."""
    import coigraph.db.pull
    import coigraph.db.push
    from coigraph.web.data import Neo4jSource

    counts = {"Person": 72, "Organisation": 50}
    pulls: list[str] = []

    def pull(db: Any, dataset: str) -> Any:
        pulls.append(dataset)
        return load_graph(NORTHSHIRE)

    monkeypatch.setattr(coigraph.db.push, "dataset_counts", lambda db, dataset: dict(counts))
    monkeypatch.setattr(coigraph.db.pull, "pull", pull)
    connected: list[int] = []
    source = Neo4jSource(lambda: connected.append(1) or object(), "northshire", check_every=0)
    client = TestClient(create_app(source, today=TODAY), base_url=BASE)
    html = client.get("/").text
    assert "Neo4j dataset &#39;northshire&#39;" in html and pulls == ["northshire"]
    assert client.get(f"/meetings/{MEETING}").status_code == 200 and pulls == ["northshire"]
    counts["Person"] = 73  # a new push
    client.get("/")
    assert pulls == ["northshire", "northshire"] and connected == [1]
