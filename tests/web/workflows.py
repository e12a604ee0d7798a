"""Helpers for the workflow tests: a writable copy of the sample system, users, signed-in clients."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from coigraph.web import create_app
from coigraph.web.users import add_user, load_users
from tests.web.conftest import BASE, NORTHSHIRE, TODAY

PASSWORDS = {"olive": "officer-passphrase-1", "mo": "member-passphrase-22", "maya": "member-passphrase-33",
             "vic": "viewer-passphrase-4"}
#: mo is Rebecca Stanforth (trust partner member); maya is Kwame Adjei (another trust's chief executive).
PEOPLE = {"mo": "rebecca-stanforth", "maya": "kwame-adjei"}
ROLES = {"olive": "officer", "mo": "member", "maya": "member", "vic": "viewer"}


def copy_sample(tmp: Path) -> Path:
    folder = tmp / "northshire"
    shutil.copytree(NORTHSHIRE, folder)
    return folder


def users_file(tmp: Path) -> Path:
    path = tmp / "users.yaml"
    if not path.exists():
        for name, pw in PASSWORDS.items():
            add_user(path, name, ROLES[name], pw, PEOPLE.get(name))
    return path


def make_app(folder: Path, users: Path | None = None, **kw: Any) -> Any:
    return create_app(folder, today=TODAY, users=load_users(users) if users else None, **kw)


def client_for(app: Any) -> Any:
    from starlette.testclient import TestClient

    return TestClient(app, base_url=BASE, raise_server_exceptions=False, follow_redirects=False)


def token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no csrf_token field on the page"
    return m.group(1)


def signed_in(app: Any, name: str) -> Any:
    """A client signed in as ``name`` (one of :data:`PASSWORDS`)."""
    c = client_for(app)
    t = token(c.get("/login").text)
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": t, "next": "/"})
    assert r.status_code == 303, r.text
    return c


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the dataset folder (not the app's own sub-folder) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
