"""The request scope: one transaction per request, opened after authentication.

Every ``/v1`` handler takes ``ctx: Ctx``. ``RequestUnit`` reads the token, opens the
transaction the handler declares and resolves the caller; it commits when the handler
returns and rolls back when it raises. Services and repositories never commit. A handler
whose only inputs are ``{name:str}`` path parameters opens it itself (``with_unit``, which
the declarer applies: no dependency for Litestar to resolve and clean up); any other gets
it as the ``ctx`` dependency (``provide_ctx``), which Litestar resolves before it checks
the handler's other inputs against their types, so which of a 401 and a 400 a request gets
is what it was when every handler took the dependency.

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

import inspect
from collections.abc import AsyncGenerator, Awaitable, Callable
from types import TracebackType
from typing import Any, Final, TypeVar

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

T = TypeVar("T")
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


class RequestUnit:
    """``async with RequestUnit(request) as ctx``: the request's ``Ctx``, in the scope its
    handler declares, for the caller its token names; committed when the block ends,
    rolled back when it raises."""

    __slots__ = ("_request", "_tx")

    def __init__(self, request: Request[Any, Any, Any]) -> None:
        self._request = request

    async def __aenter__(self) -> Ctx:
        request = self._request
        scope = request.scope
        state = scope["litestar_app"].state
        db: Database = state.db
        settings: Settings = state.settings
        token = token_from_header(authorization(scope))
        if token is None:
            raise Unauthorized(MISSING_TOKEN)
        self._tx = db.transaction(**_SCOPES[scope["route_handler"].opt[TX_OPT]])
        tx = await self._tx.__aenter__()
        try:
            caller = await orgs_repo.find_caller(tx, hash_token(token))
            if caller is None:
                raise Unauthorized("Unknown or revoked API token")
        except BaseException as exc:
            await self._tx.__aexit__(type(exc), exc, exc.__traceback__)
            raise
        return Ctx(
            tx,
            caller.org_id,
            caller.user_id,
            caller.default_queue_id,
            settings,
            now_ms() + caller.clock_offset_ms,
            links=lambda: (link_base(request, settings), request.url.path),
        )

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        return await self._tx.__aexit__(kind, exc, tb)


async def provide_ctx(request: Request[Any, Any, Any]) -> AsyncGenerator[Ctx, None]:
    """The ``ctx`` dependency of a handler that takes more than path parameters: Litestar
    resolves it before it checks the other inputs against their types."""
    async with RequestUnit(request) as ctx:
        yield ctx


def path_only(fn: Callable[..., Any], path: str) -> bool:
    """Whether ``fn``'s inputs besides ``ctx`` are all ``{name:str}`` parameters of
    ``path``: nothing Litestar could refuse before the ``ctx`` dependency is resolved."""
    names = set(inspect.signature(fn).parameters)
    return "ctx" in names and all(f"{{{name}:str}}" in path for name in names - {"ctx"})


def with_unit(fn: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """``fn`` (a handler that takes ``ctx`` and path parameters only, ``path_only``) as a
    handler that takes ``request`` instead of ``ctx`` and opens the ``RequestUnit`` itself:
    no dependency for Litestar to resolve and clean up on each request. Litestar reads the
    same parameters and return type from it (``request`` is no client input), so the
    OpenAPI document does not change."""

    async def handler(request: Request[Any, Any, Any], **kwargs: Any) -> T:
        async with RequestUnit(request) as ctx:
            return await fn(ctx=ctx, **kwargs)

    signature = inspect.signature(fn)
    parameters = [_REQUEST if p.name == "ctx" else p for p in signature.parameters.values()]
    handler.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    handler.__annotations__ = {
        **{k: v for k, v in fn.__annotations__.items() if k != "ctx"},
        "request": Request,
    }
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(handler, name, getattr(fn, name))
    return handler


_REQUEST = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)


# Handlers declare ``ctx: Context`` (the request scope, injected by name).
Context = NamedDependency[Ctx]
