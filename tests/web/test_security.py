"""The security base: loopback only, Host checked (DNS rebinding), a strict CSP, hostile names as text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coigraph.errors import UsageError
from coigraph.web import check_bind, create_app
from coigraph.web.security import APP_CSP, MAP_CSP, allowed_hosts, is_loopback
from tests.web.conftest import NORTHSHIRE

PAGES = ["/", "/meetings", "/meetings/icb-board-2025-05", "/people/rebecca-stanforth", "/decisions",
         "/decisions/dec-2025-07-remote-monitoring", "/audit", "/powers?holder=icb-fic",
         "/search?q=chief+executive", "/organisations/northshire-hospitals-ft", "/bodies/icb-board",
         "/nowhere", "/meetings/no-such-meeting"]


def _directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


# --------------------------------------------------------------------------- binding


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.org", "10.0.0.1"])
def test_binding_beyond_loopback_is_refused(host: str) -> None:
    with pytest.raises(UsageError, match="refusing to serve on .*without --users.*no login yet"):
        check_bind(host)
    with pytest.raises(UsageError):
        create_app(NORTHSHIRE, host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_is_allowed(host: str) -> None:
    assert is_loopback(host)
    check_bind(host)


def test_cli_refuses_0000_with_a_clear_message(cli: Any) -> None:
    r = cli("serve", NORTHSHIRE, "--host", "0.0.0.0", "--no-browser")
    assert r.exit_code == 2
    assert "refusing to serve on 0.0.0.0" in r.stderr and "login" in r.stderr
    assert "SSH tunnel" in r.stderr


# --------------------------------------------------------------------------- Host header


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example:8765",
                                  "192.168.1.10:8765", ""])
def test_foreign_host_is_refused(client: Any, host: str) -> None:
    r = client.get("/", headers={"host": host})
    assert r.status_code == 421
    assert "coigraph" not in r.text.split("\n", 1)[1]  # nothing of the data
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "127.0.0.1", "LOCALHOST:8765"])
def test_own_host_is_answered(client: Any, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 200


def test_allowed_hosts_forms() -> None:
    assert allowed_hosts("127.0.0.1", 9000) >= {"127.0.0.1:9000", "localhost:9000", "[::1]:9000"}
    assert "evil.example:9000" not in allowed_hosts("127.0.0.1", 9000)


# --------------------------------------------------------------------------- headers and CSP


def test_csp_is_strict_on_every_page(client: Any) -> None:
    for path in PAGES:
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert csp == APP_CSP, path
        d = _directives(csp)
        assert d["default-src"] == ["'none'"]
        assert d["script-src"] == ["'self'"] and d["style-src"] == ["'self'"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert d["frame-ancestors"] == ["'none'"] and d["base-uri"] == ["'none'"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["cache-control"] == "no-store"
        assert "server" not in r.headers


def test_pages_have_no_inline_script_style_or_handlers(client: Any) -> None:
    for path in PAGES:
        html = client.get(path).text
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
        assert scripts, path
        for attrs, body in scripts:
            assert 'src="/static/' in attrs and body.strip() == "", path
        assert not re.search(r"<style\b", html, re.I), path
        assert not re.search(r"\sstyle\s*=", html, re.I), path
        assert not re.search(r"\son[a-z]+\s*=", html, re.I), path
        assert not re.search(r"\shx-on|js:", html), path
        assert "https://" not in html and "http://" not in html, path  # no CDN, nothing outside


def test_map_route_has_its_own_sandboxed_policy(client: Any) -> None:
    for path in ("/meetings/icb-board-2025-05/map", "/decisions/dec-2025-07-remote-monitoring/map",
                 "/people/rebecca-stanforth/map"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["content-security-policy"] == MAP_CSP
        d = _directives(MAP_CSP)
        assert d["sandbox"] == ["allow-scripts"]  # an opaque origin: no access to the app
        assert d["frame-ancestors"] == ["'self'"] and d["connect-src"] == ["'none'"]
        assert r.headers["x-frame-options"] == "SAMEORIGIN"


def test_downloads_are_attachments_never_pages(client: Any) -> None:
    for path in ("/meetings/icb-board-2025-05/paper.html", "/decisions/dec-2025-07-remote-monitoring/trace.html",
                 "/audit/report.html", "/powers/report.html?holder=icb-fic",
                 "/people/rebecca-stanforth/declarations.md?meeting=icb-board-2025-05"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-disposition"].startswith("attachment; filename=")
        assert "sandbox" in r.headers["content-security-policy"]


def test_a_post_without_the_csrf_token_is_refused_before_any_page(client: Any) -> None:
    # every non-GET request needs the session's CSRF token (tests/web/test_workflows.py has the rest)
    for path in ("/", "/meetings/icb-board-2025-05", "/search"):
        r = client.post(path, data={"q": "x"})
        assert r.status_code == 403 and "security token" in r.text


def test_static_files_are_the_bundled_htmx_and_stylesheet(client: Any) -> None:
    r = client.get("/static/htmx.min.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "4.0.1" in r.text
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404


# --------------------------------------------------------------------------- hostile names


HOSTILE_TEXTS = ["Ann <script>alert('x')</script> Chair", "Board meeting <svg onload=alert(1)> | May {{7*7}}",
                 "NHS <img src=x onerror=alert(1)> Integrated Care Board"]


def test_hostile_names_render_as_text_in_the_browser(live_hostile: str, tab: Any) -> None:
    o = tab(live_hostile)
    pages = ["/", "/meetings/board-2025-05", "/people/ann", "/people/bob?meeting=board-2025-05",
             "/people/dan", "/decisions", "/decisions/dec-1", "/audit", "/search?q=ann",
             "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/organisations/icb",
             "/meetings/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]
    for path in pages:
        o.go(path)
        # no element the data could have injected: no image, no svg, no inline script, no handler
        assert o.page.locator("main img, main svg, main script, main iframe:not(.map-frame)").count() == 0, path
        handlers = o.page.evaluate(
            "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
            ".some(a => a.name.startsWith('on'))).length")
        assert handlers == 0, path
    o.go("/meetings/board-2025-05")
    assert o.page.locator("h1").inner_text() == f"Conflicts of interest: {HOSTILE_TEXTS[1]}"
    o.go("/people/ann")
    assert o.page.locator("h1").inner_text() == HOSTILE_TEXTS[0]
    assert o.page.title() == f"{HOSTILE_TEXTS[0]} · coigraph"
    o.go("/organisations/icb")
    assert o.page.locator("h1").inner_text() == HOSTILE_TEXTS[2]
    # the embedded map, sandboxed: shows the hostile title as text, runs nothing of the data
    o.go("/meetings/board-2025-05")
    frame = o.page.frame_locator("iframe[name=meeting-map]")
    frame.locator('body[data-stable="true"]').wait_for(state="attached", timeout=30_000)
    assert HOSTILE_TEXTS[1] in frame.locator("#map-title").inner_text()
    o.errors = [e for e in o.errors if "404" not in e]  # the unknown meeting's 404 page
    o.assert_clean()
