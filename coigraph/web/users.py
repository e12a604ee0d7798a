"""The users file (``coigraph serve DATA --users users.yaml``): names, roles and password hashes.

::

    users:
      - name: jo.officer
        role: officer
        password: $argon2id$v=19$m=65536,t=3,p=4$...
      - name: rebecca
        role: member
        person: rebecca-stanforth       # the member's own person id in the dataset
        password: $argon2id$...
      - name: auditor
        role: viewer
        password: $argon2id$...

Roles: ``officer`` (everything), ``member`` (their own person page and their
own drafts), ``viewer`` (reads everything, writes nothing).  Passwords are
never stored, only their Argon2id hashes (``argon2-cffi``: memory-hard, salted;
``coigraph serve --users FILE --add-user NAME --role ROLE`` makes them), and
checking one takes the same time whether or not the name exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.authentication import BaseUser

from coigraph.errors import DataError, Problem, UsageError, did_you_mean

#: The roles and what each may do; the local user is an officer (on loopback, without --users).
ROLE_SCOPES = {"officer": ("read", "write", "review"), "member": ("read", "draft"), "viewer": ("read",)}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def _hasher() -> Any:
    from argon2 import PasswordHasher

    # argon2-cffi's defaults (RFC 9106 "low memory" profile: 64 MiB, 3 passes, 4 lanes)
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted: two calls give different hashes)."""
    if len(password) < 10:
        raise UsageError("the password is too short: use at least 10 characters (a passphrase is best)")
    return str(_hasher().hash(password))


class User(BaseUser):
    """A user of the app (signed in, or the local user): a name, a role and, for a member,
    their person id in the dataset."""

    def __init__(self, name: str, role: str, person: str | None = None):
        self.name = name
        self.role = role
        self.person = person

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.name


LOCAL = User("local user", "officer")


@dataclass(frozen=True)
class Account:
    """One line of the users file."""

    name: str
    role: str
    password_hash: str
    person: str | None = None


class Users:
    """The accounts of a users file, by name."""

    def __init__(self, accounts: list[Account], path: Path | None = None):
        self.path = path
        self.by_name = {a.name.lower(): a for a in accounts}
        # a real hash to check against when the name is unknown (same time either way)
        self._dummy = accounts[0].password_hash if accounts else None

    def __len__(self) -> int:
        return len(self.by_name)

    def check(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is right for ``name``, else None (never says which was wrong)."""
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        account = self.by_name.get(name.strip().lower())
        stored = account.password_hash if account else self._dummy
        if stored is None:
            return None
        try:
            ok = bool(_hasher().verify(stored, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        return account if ok and account is not None else None


def load_users(path: str | Path) -> Users:
    """Read and check a users file; raises :class:`DataError` naming the entry and field."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(path.name, None, None, f"cannot read the users file ({exc.__class__.__name__})",
                                 hint="give a YAML file made with 'coigraph serve --users FILE --add-user NAME'")],
                        summary="cannot load the users") from None
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataError([Problem(path.name, line + 1 if line is not None else None, None,
                                 "not valid YAML", hint="check the indentation and the colons")],
                        summary="cannot load the users") from None
    entries = doc.get("users") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise DataError([Problem(path.name, None, "users", "no 'users:' list",
                                 hint="the file starts with 'users:' and lists one account per '- name: ...'")],
                        summary="cannot load the users")
    problems: list[Problem] = []
    accounts: list[Account] = []
    seen: set[str] = set()
    for i, e in enumerate(entries, start=1):
        def bad(field: str | None, message: str, hint: str | None = None, _i: int = i) -> None:
            problems.append(Problem(path.name, _i, field, message, hint))

        if not isinstance(e, dict):
            bad(None, "an account is 'name', 'role', 'password' (and 'person' for a member)")
            continue
        unknown = sorted(set(e) - {"name", "role", "password", "person"})
        for k in unknown:
            bad(str(k), "unknown field", did_you_mean(str(k), ["name", "role", "password", "person"]))
        name, role = str(e.get("name") or ""), str(e.get("role") or "")
        pw, person = str(e.get("password") or ""), e.get("person")
        if not NAME.match(name):
            bad("name", f"'{name[:40]}' is not a user name",
                "letters, digits, '.', '_', '-' and '@'; up to 64 characters")
        elif name.lower() in seen:
            bad("name", f"'{name}' is listed twice")
        seen.add(name.lower())
        if role not in ROLE_SCOPES:
            bad("role", f"'{role[:40]}' is not a role", "one of: " + ", ".join(ROLE_SCOPES))
        if not pw.startswith("$argon2"):
            bad("password", "not an Argon2 password hash",
                "never write a password here: make the line with 'coigraph serve --users FILE --add-user NAME'")
        if role == "member" and not person:
            bad("person", "a member needs their person id in the dataset", "e.g. person: rebecca-stanforth")
        if person is not None and role != "member":
            bad("person", "only a member has a person")
        accounts.append(Account(name, role, pw, str(person) if person else None))
    if not accounts and not problems:
        problems.append(Problem(path.name, None, "users", "the file lists no accounts",
                                "add one with 'coigraph serve --users FILE --add-user NAME --role officer'"))
    if problems:
        raise DataError(problems, summary="the users file has problems")
    return Users(accounts, path)


def add_user(path: str | Path, name: str, role: str, password: str, person: str | None = None) -> bool:
    """Add (or replace the password and role of) ``name`` in the users file; True if it was new.

    The file is created if missing; comments in it are not kept (it is rewritten).
    """
    import yaml

    from coigraph.output import write_atomic

    path = Path(path)
    if not NAME.match(name):
        raise UsageError(f"'{name}' is not a user name: letters, digits, '.', '_', '-' and '@'")
    if role not in ROLE_SCOPES:
        raise UsageError(f"'{role}' is not a role (one of: {', '.join(ROLE_SCOPES)})")
    if (role == "member") != bool(person):
        raise UsageError("a member needs --person (their person id in the dataset); other roles take none")
    entries: list[dict[str, Any]] = []
    if path.exists():
        load_users(path)  # refuse to rewrite a file that is already wrong
        entries = list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("users") or [])
    entry: dict[str, Any] = {"name": name, "role": role}
    if person:
        entry["person"] = person
    entry["password"] = hash_password(password)
    new = True
    for i, e in enumerate(entries):
        if str(e.get("name", "")).lower() == name.lower():
            entries[i], new = entry, False
    if new:
        entries.append(entry)
    write_atomic(path, "# coigraph users: made with 'coigraph serve --users FILE --add-user NAME'.\n"
                       "# Only password hashes (Argon2id) are kept here, never passwords.\n"
                 + yaml.safe_dump({"users": entries}, sort_keys=False, allow_unicode=True))
    try:
        path.chmod(0o600)
    except OSError:
        pass
    return new


__all__ = ["User", "LOCAL", "ROLE_SCOPES", "Account", "Users", "load_users", "add_user", "hash_password"]
