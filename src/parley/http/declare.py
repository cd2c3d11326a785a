"""Declaring the /v1 route handlers of one resource.

Every handler of a resource carries the same OpenAPI tag and, by its HTTP method, the
same transaction scope (``http.context``): reads are ``READ``, every other method
``WRITE``. A module states them once, as a ``Routes`` of its tag, and each handler gives
only its path, its summary and what is its own::

    TAGS = Routes("Tags")

    @TAGS.get("/tags/{tagId:str}", "Get a tag")
    async def get_tag(ctx: Context, tagId: FromPath[str]) -> Data[Tag]: ...

    @TAGS.post("/search/conversations", "Search conversations", status_code=200, opt=LONG_READ)

The result is the Litestar handler itself (``litestar.get`` … with the same keywords), so
Litestar reads the function's signature as before: the OpenAPI document and dependency
injection see no difference. A status code left out is Litestar's: 201 for POST, 204 for
DELETE, 200 otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import litestar
from litestar.handlers import HTTPRouteHandler

from parley.http.context import READ, WRITE

Scope = Mapping[str, Any]


class Routes:
    """The route declarer of one resource: its tag, and each method's default scope."""

    __slots__ = ("tags",)

    def __init__(self, tag: str) -> None:
        self.tags = [tag]

    def get(
        self, path: str, summary: str, *, opt: Scope = READ, **options: Any
    ) -> HTTPRouteHandler:
        return litestar.get(path, tags=self.tags, summary=summary, opt=dict(opt), **options)

    def post(
        self, path: str, summary: str, *, opt: Scope = WRITE, **options: Any
    ) -> HTTPRouteHandler:
        return litestar.post(path, tags=self.tags, summary=summary, opt=dict(opt), **options)

    def put(
        self, path: str, summary: str, *, opt: Scope = WRITE, **options: Any
    ) -> HTTPRouteHandler:
        return litestar.put(path, tags=self.tags, summary=summary, opt=dict(opt), **options)

    def patch(
        self, path: str, summary: str, *, opt: Scope = WRITE, **options: Any
    ) -> HTTPRouteHandler:
        return litestar.patch(path, tags=self.tags, summary=summary, opt=dict(opt), **options)

    def delete(
        self, path: str, summary: str, *, opt: Scope = WRITE, **options: Any
    ) -> HTTPRouteHandler:
        return litestar.delete(path, tags=self.tags, summary=summary, opt=dict(opt), **options)
