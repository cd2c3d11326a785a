"""The desk's request scope: the signed-in agent, one transaction, the CSRF check.

A desk handler opens ``desk_scope(request, write=...)``: it resolves the session cookie
(no live session: a redirect to the sign-in page), checks the CSRF token of every form
(any request but a ``GET``, whether it writes or not) and opens the transaction
(read-only unless ``write``), committed when the block ends and
rolled back when it raises. The ``Ctx`` it builds acts as the signed-in agent, so every
service records that agent as the author; it is built here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar import Request

from parley.config import Settings
from parley.desk import auth
from parley.desk.repository import SessionUser
from parley.errors import ParleyError
from parley.http.context import link_base
from parley.kit.clock import now_ms
from parley.store import Database, Tx
from parley.uow import Ctx

SESSION_COOKIE = "parley_session"
SIGNIN_CSRF_COOKIE = "parley_signin"
ADMIN_ROLE = "Admin"


class SignInRequired(Exception):
    """No live session: the browser is sent to the sign-in page."""


class Forbidden(ParleyError):
    status_code = 403


CSRF_REFUSED = "The form has expired or did not come from the desk; reload the page"


@dataclass
class Desk:
    ctx: Ctx
    user: SessionUser
    csrf: str
    form: Mapping[str, Any]

    @property
    def is_admin(self) -> bool:
        try:
            roles = json.loads(self.user.roles)
        except ValueError:
            return False
        return isinstance(roles, list) and ADMIN_ROLE in roles

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Only administrators can do this")

    def raw(self, name: str) -> str:
        value = self.form.get(name)
        return value if isinstance(value, str) else ""

    def text(self, name: str) -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else ""


def make_ctx(tx: Tx, user: SessionUser, settings: Settings, request: Request[Any, Any, Any]) -> Ctx:
    return Ctx(
        tx,
        user.org_id,
        user.user_id,
        user.default_queue_id,
        settings,
        user.now,  # the organisation's clock
        links=lambda: (link_base(request, settings), request.url.path),
    )


_FORM_METHODS = ("POST", "PUT", "PATCH", "DELETE")


async def read_form(request: Request[Any, Any, Any]) -> dict[str, Any]:
    if request.method not in _FORM_METHODS:
        return {}
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@asynccontextmanager
async def desk_scope(request: Request[Any, Any, Any], *, write: bool) -> AsyncIterator[Desk]:
    state = request.app.state
    db: Database = state.db
    settings: Settings = state.settings
    cookie = request.cookies.get(SESSION_COOKIE)
    form = await read_form(request)
    checked = request.method in _FORM_METHODS
    if checked and (cookie is None or not auth.same_token(form.get("csrf"), auth.csrf_for(cookie))):
        if cookie is None:
            raise SignInRequired()
        raise Forbidden(CSRF_REFUSED)
    async with db.transaction(readonly=not write) as tx:
        user = await auth.resolve(tx, cookie, now_ms(), settings.desk_session_idle_seconds)
        if user is None:
            raise SignInRequired()
        assert cookie is not None
        if write and auth.needs_touch(user):
            await auth.touch(tx, cookie, user)
        yield Desk(make_ctx(tx, user, settings, request), user, auth.csrf_for(cookie), form)
    if not write and auth.needs_touch(user):  # a read's transaction is read-only
        async with db.transaction() as tx:
            await auth.touch(tx, cookie, user)
