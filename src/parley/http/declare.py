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

The result is the Litestar handler itself (``litestar.get`` … given the same keywords),
so Litestar reads the function's signature for the OpenAPI document and dependency
injection as for any handler. A status code left out is Litestar's: 201 for POST, 204 for
DELETE, 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import litestar
from litestar.handlers import HTTPRouteHandler

Scope = Mapping[str, Any]
Declare = Callable[..., HTTPRouteHandler]


def _declarer(kind: Declare) -> Declare:
    """The ``Routes`` method that declares a handler of ``kind`` (``litestar.get`` …) in
    the transaction scope the handler states."""

    def declare(
        routes: Routes, path: str, summary: str, scope: Scope, **options: Any
    ) -> HTTPRouteHandler:
        return kind(
            routes.prefix + path, tags=routes.tags, summary=summary, opt=dict(scope), **options
        )

    return declare


class Routes:
    """The route declarer of one resource: its tag and, for the routes of one entity, the
    path they all start with (``prefix``)."""

    __slots__ = ("prefix", "tags")

    get = _declarer(litestar.get)
    post = _declarer(litestar.post)
    put = _declarer(litestar.put)
    patch = _declarer(litestar.patch)
    delete = _declarer(litestar.delete)

    def __init__(self, tag: str, prefix: str = "") -> None:
        self.tags = [tag]
        self.prefix = prefix
