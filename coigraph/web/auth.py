"""Who is asking: the seat for authentication.

Today the app serves only this machine (see :func:`coigraph.web.security.check_bind`)
and has one user, the local one, who may read everything.  Starlette's
``AuthenticationMiddleware`` runs :class:`LocalUser` on every request and puts
the user on ``request.user``; the pages read it from there.

The workflows issue replaces the backend with one that reads a session
cookie (users file, password hashes, roles ``officer``/``member``/``viewer``)
and adds a session store and CSRF checks beside it in
:func:`coigraph.web.app.create_app`'s middleware list; nothing else changes.
"""

from __future__ import annotations

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.requests import HTTPConnection

#: What each role may do; the local user is an officer (issue 21 keeps that rule on loopback).
ROLE_SCOPES = {"officer": ("read", "write", "review"), "member": ("read", "draft"), "viewer": ("read",)}


class User(BaseUser):
    """A user of the app: a name and a role."""

    def __init__(self, name: str, role: str):
        self.name = name
        self.role = role

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.name


class LocalUser(AuthenticationBackend):
    """Everyone who reaches a loopback-only server is the machine's own user: an officer."""

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        user = User("local user", "officer")
        return AuthCredentials(list(ROLE_SCOPES[user.role])), user


__all__ = ["User", "LocalUser", "ROLE_SCOPES"]
