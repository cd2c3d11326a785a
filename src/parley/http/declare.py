"""Declaring the /v1 route handlers of one resource.

Every handler of a resource carries the same OpenAPI tag. A module states it once, as a
``Routes`` of its tag (with the path prefix its routes share, if any), and each handler
gives its path, its summary, its transaction scope (``READ``, ``LONG_READ`` or ``WRITE``
from ``http.context``: declared by the handler, never derived from its HTTP method) and
what else is its own (a status code, ``responses`` …)::

    TAGS = Routes("Tags")
    TAG = Routes("Tags", prefix="/tags/{tagId:str}")

    @TAGS.get("/tags", "List tags", READ)
    async def list_tags(ctx: Context, paging: Paging) -> Page[Tag]: ...

    @TAG.patch("/activate", "Activate a tag", WRITE, status_code=204)
    async def activate_tag(ctx: Context, tagId: FromPath[str]) -> None: ...

The result is a Litestar handler (an ``ApiHandler`` of the method, given the same keywords
as ``litestar.get`` …), so Litestar reads the function's signature for the OpenAPI document
and dependency injection as for any handler. A status code left out is Litestar's: 201 for
POST, 204 for DELETE, 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from litestar import Litestar, Request, Response
from litestar.enums import HttpMethod
from litestar.handlers import HTTPRouteHandler
from litestar.types import ASGIApp, ExceptionHandlersMap

from parley.http.context import path_only, with_unit
from parley.http.response import answer

Scope = Mapping[str, Any]
Handler = Callable[..., Any]


class ApiHandler(HTTPRouteHandler):
    """A /v1 route handler: its data becomes ``http.response.answer`` (one msgspec encode
    into a two-header ASGI app), not Litestar's response chain (a ``Response`` with its
    header set, cookies and background task, then an ``ASGIResponse``, on every request).
    A ``Response`` a handler returns (a stream, a file) is Litestar's as before; so is the
    data of a handler given response headers, cookies, a background task, a DTO or an
    ``after_request`` hook, none of which the answer carries."""

    _plain = False
    _exception_handlers: ExceptionHandlersMap | None = None

    def on_registration(self, app: Litestar) -> None:
        super().on_registration(app)
        self._exception_handlers = None
        self._plain = not (
            self.resolve_response_headers()
            or self.resolve_response_cookies()
            or self.background
            or self.resolve_return_dto()
            or any(layer.after_request for layer in self.ownership_layers)
        )

    def resolve_exception_handlers(self) -> ExceptionHandlersMap:
        """Litestar's, once: it merges the layers' maps again on every request."""
        if self._exception_handlers is None:
            self._exception_handlers = super().resolve_exception_handlers()
        return self._exception_handlers

    async def to_response(
        self, app: Litestar, data: Any, request: Request[Any, Any, Any]
    ) -> ASGIApp:
        if self._plain and not isinstance(data, Response):
            return answer(self.status_code, data)
        return await super().to_response(app, data, request)


def _declarer(method: HttpMethod) -> Callable[..., Callable[[Handler], HTTPRouteHandler]]:
    """The ``Routes`` method that declares a handler of ``method`` (an ``ApiHandler``) in
    the transaction scope the handler states. A handler whose only inputs are path
    parameters gets its ``Ctx`` from ``http.context.with_unit``, the others from the
    ``ctx`` dependency (``http.context.provide_ctx``)."""

    def declare(
        routes: Routes, path: str, summary: str, scope: Scope, **options: Any
    ) -> Callable[[Handler], HTTPRouteHandler]:
        full_path = routes.prefix + path
        make = ApiHandler(
            full_path,
            http_method=method,
            tags=routes.tags,
            summary=summary,
            opt=dict(scope),
            **options,
        )

        def handler(fn: Handler) -> HTTPRouteHandler:
            return make(with_unit(fn) if path_only(fn, full_path) else fn)

        return handler

    return declare


class Routes:
    """The route declarer of one resource: its tag and, for the routes of one entity, the
    path they all start with (``prefix``)."""

    __slots__ = ("prefix", "tags")

    get = _declarer(HttpMethod.GET)
    post = _declarer(HttpMethod.POST)
    put = _declarer(HttpMethod.PUT)
    patch = _declarer(HttpMethod.PATCH)
    delete = _declarer(HttpMethod.DELETE)

    def __init__(self, tag: str, prefix: str = "") -> None:
        self.tags = [tag]
        self.prefix = prefix
