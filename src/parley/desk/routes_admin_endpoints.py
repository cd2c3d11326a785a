"""Administration of contact endpoints (administrators only): the organisation's email
addresses and chat widgets, listed and created through the endpoints service the REST
API uses."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post

from parley.desk import paging
from parley.desk.paging import requested_key
from parley.desk.render import page, redirect
from parley.desk.scope import desk_scope
from parley.endpoints import service as endpoints
from parley.endpoints.schemas import CreateChatWidget, CreateContactEndpoint, CreateEmailEndpoint
from parley.errors import Invalid


@get("/admin/endpoints", include_in_schema=False)
async def endpoints_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        key = requested_key(request)
        found = await endpoints.list_endpoints(
            desk.ctx, type_=None, page_key=key, page_limit=paging.limit(key)
        )
        return page(
            "admin_endpoints.html",
            desk=desk,
            endpoints=found.data,
            **paging.paged(found, key),
        )


@post("/admin/endpoints", include_in_schema=False)
async def create_endpoint(request: Request[Any, Any, Any]) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        desk.require_admin()
        kind, name = desk.text("kind"), desk.text("name") or None
        body: CreateContactEndpoint
        if kind == "EmailEndpoint":
            body = CreateEmailEndpoint(address=desk.text("address"), name=name)
        elif kind == "ChatWidget":
            if name is None:
                raise Invalid("A chat widget needs a name")
            body = CreateChatWidget(name=name)
        else:
            raise Invalid("Choose an email address or a chat widget")
        await endpoints.create(desk.ctx, body)
    return redirect("/admin/endpoints")


HANDLERS = [endpoints_page, create_endpoint]
