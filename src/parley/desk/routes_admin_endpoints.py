"""Administration of contact endpoints (administrators only): the organisation's email
addresses and chat widgets, listed and created through the endpoints service the REST
API uses.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from functools import partial
from typing import Any

from litestar import Request, Response, get, post

from parley.desk.admin_pages import admin_action, list_page
from parley.desk.scope import Desk
from parley.endpoints import service as endpoints
from parley.endpoints.schemas import CreateChatWidget, CreateContactEndpoint, CreateEmailEndpoint
from parley.errors import Invalid


@get("/admin/endpoints", include_in_schema=False)
async def endpoints_page(request: Request[Any, Any, Any]) -> Response[str]:
    return await list_page(
        request,
        "admin_endpoints.html",
        "endpoints",
        partial(endpoints.list_endpoints, type_=None),
    )


@post("/admin/endpoints", include_in_schema=False)
async def create_endpoint(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
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

    return await admin_action(request, "/admin/endpoints", run)


HANDLERS = [endpoints_page, create_endpoint]
