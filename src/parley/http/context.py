"""The request scope: one transaction per request, opened after authentication.

Every ``/v1`` handler takes ``ctx: Ctx``. The provider reads the token, opens the
transaction the handler declares, resolves the caller and yields; it commits when the
handler returns and rolls back when it raises. Services and repositories never commit.

Each ``/v1`` handler declares its scope in its route options, never left to the HTTP
method (``POST /v1/search/conversations`` only reads): ``opt=WRITE`` (a write
transaction: on SQLite the process's writer lock), ``opt=READ`` (a read-only scope: no
lock, a write in it fails) or ``opt=LONG_READ`` (a read-only scope whose statements may
scan for long, a search: on SQLite they run on a worker thread, so the process goes on
meanwhile). ``check_declared`` refuses, when the app is built, a handler that declares
none.

This runs on every request, so it reads what it needs straight from the ASGI scope and
builds the request's URL (for ``meta.next`` links and attachment URLs) only when a
handler asks for it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any, Final

from litestar import Request
from litestar.di import NamedDependency

from parley.config import Settings
from parley.errors import Unauthorized
from parley.http.auth import hash_token, token_from_header
from parley.http.paging import next_link
from parley.http.timefmt import now_ms
from parley.orgs import repository as orgs_repo
from parley.store import Database, Tx

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
_UNSET: Any = object()


class Ctx:
    """What a handler needs: the transaction, the caller, settings and the request's time.

    ``base_url`` and ``path`` are given when a Ctx is built by hand; for a request they are
    computed from it on first use.
    """

    __slots__ = (
        "_base_url",
        "_path",
        "_request",
        "default_queue_id",
        "now",
        "org_id",
        "settings",
        "tx",
        "user_id",
    )

    def __init__(
        self,
        tx: Tx,
        org_id: str,
        user_id: str,
        default_queue_id: str | None,
        settings: Settings,
        now: int,
        base_url: str | None = _UNSET,
        path: str = _UNSET,
        request: Request[Any, Any, Any] | None = None,
    ) -> None:
        self.tx = tx
        self.org_id = org_id
        self.user_id = user_id
        self.default_queue_id = default_queue_id
        self.settings = settings
        self.now = now
        self._base_url = base_url
        self._path = path
        self._request = request

    @property
    def base_url(self) -> str | None:
        if self._base_url is _UNSET:
            self._base_url = (
                link_base(self._request, self.settings) if self._request is not None else None
            )
        value: str | None = self._base_url
        return value

    @property
    def path(self) -> str:
        if self._path is _UNSET:
            self._path = self._request.url.path if self._request is not None else "/"
        value: str = self._path
        return value

    def next_link(self, next_key: str | None, path: str | None = None) -> str | None:
        if next_key is None:
            return None
        return next_link(self.base_url, path or self.path, next_key)


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
            now_ms(),
            request=request,
        )


# Handlers declare ``ctx: Context`` (the request scope, injected by name).
Context = NamedDependency[Ctx]
