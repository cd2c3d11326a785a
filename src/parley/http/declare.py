"""Declaring the /v1 route handlers of one resource.

Every handler of a resource carries the same OpenAPI tag and, by its HTTP method, the
same transaction scope (``http.context``): ``GET`` reads (``READ``), every other method
writes (``WRITE``). A module states them once, as a ``Routes`` of its tag (with the path
prefix its routes share, if any), and each handler gives only its path, its summary and
what is its own (a status code, ``opt=LONG_READ``, ``responses`` …)::

    TAGS = Routes("Tags")
    TAG = Routes("Tags", prefix="/tags/{tagId:str}")

    @TAGS.get("/tags", "List tags")
    async def list_tags(ctx: Context, paging: Paging) -> Page[Tag]: ...

    @TAG.patch("/activate", "Activate a tag", status_code=204)
    async def activate_tag(ctx: Context, tagId: FromPath[str]) -> None: ...

The result is the Litestar handler itself (``litestar.get`` … given the same keywords),
so Litestar reads the function's signature as before: the OpenAPI document and dependency
injection see no difference. A status code left out is Litestar's: 201 for POST, 204 for
DELETE, 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import litestar
from litestar.handlers import HTTPRouteHandler

from parley.http.context import READ, WRITE

Scope = Mapping[str, Any]
Declare = Callable[..., HTTPRouteHandler]


def _declarer(kind: Declare, scope: Scope) -> Declare:
    """The ``Routes`` method that declares a handler of ``kind`` (``litestar.get`` …), in
    the transaction scope ``scope`` unless the handler names its own ``opt``."""

    def declare(
        routes: Routes, path: str, summary: str, *, opt: Scope = scope, **options: Any
    ) -> HTTPRouteHandler:
        return kind(
            routes.prefix + path, tags=routes.tags, summary=summary, opt=dict(opt), **options
        )

    return declare


class Routes:
    """The route declarer of one resource: its tag, each method's default scope and, for
    the routes of one entity, the path they all start with (``prefix``)."""

    __slots__ = ("prefix", "tags")

    get = _declarer(litestar.get, READ)
    post = _declarer(litestar.post, WRITE)
    put = _declarer(litestar.put, WRITE)
    patch = _declarer(litestar.patch, WRITE)
    delete = _declarer(litestar.delete, WRITE)

    def __init__(self, tag: str, prefix: str = "") -> None:
        self.tags = [tag]
        self.prefix = prefix
