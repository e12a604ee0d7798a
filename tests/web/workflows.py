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


#: The sample register's review rows (see :func:`sample_register`), by register row.
SAMPLE_REVIEW_ROWS = {149: "Dr Gallagher", 150: "Kwame Adjei", 151: "Alan Pryce"}


def sample_register(tmp: Path, name: str = "northshire-register-2025-06.csv") -> Path:
    """The sample system's register as ``coigraph export-register data/northshire --format csv`` writes
    it, then as next month's register would differ: one interest ended (roi-039), one described
    differently (roi-041), one new, and three entries the importer must not guess (rows 149-151:
    'Dr Gallagher' is Claire or Owen; 'Castlebridge GP Fed' is only like an organisation's name;
    'Attends conferences' gives no type)."""
    import csv
    import io

    from coigraph.load.dataset import load_dataset
    from coigraph.registers import export_register

    text = export_register(load_dataset(NORTHSHIRE), fmt="csv")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(header)}
    for r in body:
        if r[col["Ref"]] == "roi-039":
            r[col["Date of Interest: To"]] = "30/04/2025"
        if r[col["Ref"]] == "roi-041":
            r[col["Description of Interest"]] = "Chair, Medical School Advisory Board"

    def row(name: str, financial: str, personal: str, description: str, org: str, start: str) -> list[str]:
        r = [""] * len(header)
        r[col["Name"]], r[col["Type of Interest: Financial"]] = name, financial
        r[col["Type of Interest: Non-Financial Personal"]] = personal
        r[col["Description of Interest"]], r[col["Organisation"]] = description, org
        r[col["Date of Interest: From"]], r[col["Date Declared"]] = start, "01/04/2025"
        r[col["Date of Interest: To"]] = "Ongoing" if start != "2022" else ""
        return r

    body += [row("Dr Gallagher", "X", "", "Shareholder", "Quillon Diagnostics Ltd", "01/02/2025"),
             row("Kwame Adjei", "X", "", "Director of Castlebridge GP Fed", "", "01/01/2025"),
             row("Alan Pryce", "", "", "Attends conferences", "", "2022"),
             row("Alan Pryce", "", "X", "Trustee", "Northshire Sports Trust", "01/01/2025")]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    path = tmp / name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def every_file(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, the app's own sub-folder and the change log included."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
