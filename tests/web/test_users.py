"""Users, sign-in, sessions, roles and the CSRF check (in-process; the browser journeys are in
test_workflows.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coigraph.errors import DataError, UsageError
from coigraph.web.sessions import COOKIE, SessionStore
from coigraph.web.users import add_user, hash_password, load_users
from tests.web.workflows import (
    PASSWORDS,
    client_for,
    copy_sample,
    make_app,
    signed_in,
    token,
    users_file,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: Any) -> Path:
    return copy_sample(tmp_path_factory.mktemp("users"))


@pytest.fixture(scope="module")
def users(tmp_path_factory: Any) -> Path:
    return users_file(tmp_path_factory.mktemp("users-file"))


@pytest.fixture(scope="module")
def team(folder: Path, users: Path) -> Any:
    return make_app(folder, users)


def test_passwords_are_argon2id_hashes_and_checked(users: Path) -> None:
    text = users.read_text()
    for pw in PASSWORDS.values():
        assert pw not in text
    u = load_users(users)
    assert all(a.password_hash.startswith("$argon2id$") for a in u.by_name.values())
    assert u.check("olive", PASSWORDS["olive"]).role == "officer"
    assert u.check("olive", PASSWORDS["mo"]) is None
    assert u.check("nobody", PASSWORDS["olive"]) is None
    assert hash_password("same passphrase") != hash_password("same passphrase")  # salted
    with pytest.raises(UsageError, match="too short"):
        hash_password("short")


def test_a_bad_users_file_names_the_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "users.yaml"
    bad.write_text("users:\n  - name: jo\n    role: boss\n    password: secret\n"
                   "  - name: mo\n    role: member\n    password: $argon2id$x\n")
    with pytest.raises(DataError) as exc:
        load_users(bad)
    where = {(p.row, p.field) for p in exc.value.problems}
    assert where == {(1, "role"), (1, "password"), (2, "person")}
    assert "never write a password here" in str(exc.value.problems)
    with pytest.raises(UsageError, match="member needs --person"):
        add_user(tmp_path / "u.yaml", "mo", "member", "long enough passphrase")


def test_cli_add_user_asks_for_the_password_and_writes_only_its_hash(cli: Any, tmp_path: Path) -> None:
    f = tmp_path / "team.yaml"
    r = cli("serve", "--users", f, "--add-user", "jo", "--role", "officer",
            input="correct horse battery\ncorrect horse battery\n")
    assert r.exit_code == 0, r.output
    assert "added jo (officer)" in r.stderr
    assert "correct horse" not in f.read_text()
    assert load_users(f).check("jo", "correct horse battery") is not None
    r = cli("serve", "--add-user", "jo")
    assert r.exit_code == 2 and "--add-user needs --users" in r.stderr


def test_with_users_it_may_listen_beyond_loopback(folder: Path, users: Path) -> None:
    make_app(folder, users, host="0.0.0.0")  # no error: there is a login
    with pytest.raises(UsageError, match="without --users"):
        make_app(folder, None, host="0.0.0.0")


def test_sign_in_cookie_and_session(team: Any) -> None:
    c = client_for(team)
    r = c.get("/meetings")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/meetings"
    cookie = r.headers["set-cookie"]  # every visitor has a session (for the sign-in form's token)
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # only with --secure-cookies
    anon = c.cookies[COOKIE]
    r = c.get("/login")
    assert "set-cookie" not in r.headers  # the same session
    r = c.post("/login", data={"name": "olive", "password": "wrong password!", "csrf_token": token(r.text)})
    assert r.status_code == 401 and "do not match" in r.text
    r = c.post("/login", data={"name": "olive", "password": PASSWORDS["olive"],
                               "csrf_token": token(r.text), "next": "/meetings"})
    assert r.status_code == 303 and r.headers["location"] == "/meetings"
    assert c.cookies[COOKIE] != anon  # a new session id on sign-in
    assert c.get("/meetings").status_code == 200
    # signing out ends the session
    r = c.post("/logout", data={"csrf_token": token(c.get("/meetings").text)})
    assert r.status_code == 303
    assert c.get("/meetings").status_code == 303
    # 'next' never leads to another site
    c2 = client_for(team)
    r = c2.post("/login", data={"name": "vic", "password": PASSWORDS["vic"],
                                "csrf_token": token(c2.get("/login").text), "next": "//evil.example/"})
    assert r.headers["location"] == "/"


def test_secure_cookie_behind_https(folder: Path, users: Path) -> None:
    c = client_for(make_app(folder, users, secure_cookies=True))
    assert "Secure" in c.get("/login").headers["set-cookie"]


def test_sign_in_is_rate_limited(folder: Path, users: Path) -> None:
    app = make_app(folder, users)
    c = client_for(app)
    for _ in range(5):
        r = c.post("/login", data={"name": "olive", "password": "not it at all",
                                   "csrf_token": token(c.get("/login").text)})
        assert r.status_code == 401
    r = c.post("/login", data={"name": "olive", "password": PASSWORDS["olive"],
                               "csrf_token": token(c.get("/login").text)})
    assert r.status_code == 429 and "Too many failed attempts" in r.text
    assert c.get("/meetings").status_code == 303  # still not signed in


def test_sessions_expire_when_idle_and_after_their_lifetime() -> None:
    now = [0.0]
    store = SessionStore(idle=60, lifetime=300, clock=lambda: now[0])
    s = store.new(None)
    now[0] = 59
    assert store.get(s.id) is s
    now[0] = 59 + 61
    assert store.get(s.id) is None  # idle too long
    s = store.new(None)
    for t in range(int(now[0]) + 50, int(now[0]) + 400, 50):
        now[0] = t
        alive = store.get(s.id)
    assert alive is None  # used every 50 s, but past its 300 s lifetime


def test_csrf_token_missing_or_from_another_session_is_refused(team: Any) -> None:
    a, b = signed_in(team, "olive"), signed_in(team, "vic")
    a_token = token(a.get("/meetings").text)
    for c, data in ((b, {"csrf_token": a_token}), (b, {}), (a, {"csrf_token": ""})):
        r = c.post("/logout", data=data)
        assert r.status_code == 403 and "Nothing was changed" in r.text
    assert a.get("/meetings").status_code == 200 and b.get("/meetings").status_code == 200  # still in


def test_roles(team: Any) -> None:
    member = signed_in(team, "mo")
    assert member.get("/").headers["location"] == "/people/rebecca-stanforth"
    assert member.get("/people/rebecca-stanforth").status_code == 200
    for path in ("/meetings", "/people/kwame-adjei", "/audit", "/search?q=a", "/changes", "/review"):
        assert member.get(path).status_code == 403, path
    viewer = signed_in(team, "vic")
    assert viewer.get("/meetings").status_code == 200
    assert viewer.get("/changes").status_code == 403
    assert "/changes" not in viewer.get("/meetings").text
    officer = signed_in(team, "olive")
    assert officer.get("/changes").status_code == 200


def test_local_user_is_an_officer_without_users(folder: Path) -> None:
    c = client_for(make_app(folder))
    r = c.get("/changes")
    assert r.status_code == 200 and "signed in as local user" in r.text
    assert c.get("/login").status_code == 303
