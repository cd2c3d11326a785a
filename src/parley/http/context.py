"""The request scope: one transaction per request, opened after authentication.

Every ``/v1`` handler takes ``ctx: Ctx``. The provider reads the token, opens the
transaction the handler declares, resolves the caller and yields; it commits when the
handler returns and rolls back when it raises. Services and repositories never commit.

Each ``/v1`` handler's route options carry its scope, which the transaction follows (not
the HTTP method: ``POST /v1/search/conversations`` only reads): ``opt=WRITE`` (a write
transaction: on SQLite the process's writer lock), ``opt=READ`` (a read-only scope: no
lock, a write in it fails) or ``opt=LONG_READ`` (a read-only scope whose statements may
scan for long, a search: on SQLite they run on a worker thread, so the process goes on
meanwhile). Each handler states its scope as its ``http.declare.Routes`` declarer's third
argument (``@TAGS.get("/tags", "List tags", READ)``); ``check_declared`` refuses, when
the app is built, a handler that declares none.

This runs on every request, so it reads what it needs straight from the ASGI scope and
builds the request's URL (for ``meta.next`` links and attachment URLs) only when a
handler asks for it. ``Ctx`` is the unit of work of ``parley.uow``, built here as a job or
a CLI command builds it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any, Final

from litestar import Request
from litestar.di import NamedDependency

from parley.config import Settings
from parley.errors import Unauthorized
from parley.http.auth import token_from_header
from parley.kit.clock import now_ms
from parley.kit.tokens import hash_token
from parley.orgs import repository as orgs_repo
from parley.store import Database
from parley.uow import Ctx

TX_OPT: Final = "tx"
# The route options a handler declares its scope with (``@get(..., opt=READ)``), and what
# each opens: ``Database.transaction`` arguments.
WRITE: Final[dict[str, Any]] = {TX_OPT: "write"}
READ: Final[dict[str, Any]] = {TX_OPT: "read"}
LONG_READ: Final[dict[str, Any]] = {TX_OPT: "long_read"}
_SCOPES: Final[dict[str, dict[str, bool]]] = {
    "write": {},
    "read": {"readonly": True},
    "long_read": {"readonly": True, "offload": True},
}

MISSING_TOKEN = "Missing or invalid Authorization header"
_AUTHORIZATION = b"authorization"


def link_base(request: Request[Any, Any, Any], settings: Settings) -> str | None:
    if settings.page_links == "relative":
        return None
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def authorization(scope: Any) -> str | None:
    """The first Authorization header of the request (None when absent)."""
    for name, value in scope["headers"]:
        if name == _AUTHORIZATION or name.lower() == _AUTHORIZATION:
            text: str = value.decode("latin-1")
            return text
    return None


def check_declared(handler: Any) -> None:
    """Refuse a route handler that does not declare its scope (``opt=READ`` etc.)."""
    if handler.opt.get(TX_OPT) not in _SCOPES:
        raise ValueError(
            f"route handler {handler.handler_name} declares no transaction scope "
            "(opt=READ, opt=LONG_READ or opt=WRITE)"
        )


async def provide_ctx(request: Request[Any, Any, Any]) -> AsyncGenerator[Ctx, None]:
    scope = request.scope
    state = request.app.state
    db: Database = state.db
    settings: Settings = state.settings
    token = token_from_header(authorization(scope))
    if token is None:
        raise Unauthorized(MISSING_TOKEN)
    kind = _SCOPES[scope["route_handler"].opt[TX_OPT]]
    async with db.transaction(**kind) as tx:
        caller = await orgs_repo.find_caller(tx, hash_token(token))
        if caller is None:
            raise Unauthorized("Unknown or revoked API token")
        yield Ctx(
            tx,
            caller.org_id,
            caller.user_id,
            caller.default_queue_id,
            settings,
            now_ms() + caller.clock_offset_ms,
            links=lambda: (link_base(request, settings), request.url.path),
        )


# Handlers declare ``ctx: Context`` (the request scope, injected by name).
Context = NamedDependency[Ctx]
