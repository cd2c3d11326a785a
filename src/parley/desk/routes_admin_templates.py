"""Administration of templates (administrators only): canned replies and email
auto-replies, listed, created, edited and deleted through the templates service the REST
API uses. Agents insert them from a conversation's reply box (``routes_conversation``).
Translations, made through the API, are kept as they are by an edit here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.desk import paging
from parley.desk.paging import key_of, requested_key
from parley.desk.render import page, redirect
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid
from parley.templates import service as templates
from parley.templates.schemas import CreateTemplate, PatchTemplate, TemplateType

BACK = "/admin/templates"
PLACEHOLDERS = ("requester_name", "requester_firstname", "requester_lastname", "agent_name",
                "agent_firstname", "agent_lastname", "csid")  # fmt: skip


async def _act(
    request: Request[Any, Any, Any], back: str, action: Callable[[Desk], Awaitable[Any]]
) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        desk.require_admin()
        await action(desk)
    return redirect(back)


def _type(desk: Desk) -> TemplateType:
    kind = desk.text("type")
    if kind == "QuickResponse":
        return "QuickResponse"
    if kind == "EmailAutoReply":
        return "EmailAutoReply"
    raise Invalid("Choose a quick response or an email auto-reply")


@get("/admin/templates", include_in_schema=False)
async def templates_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        key = requested_key(request)
        found, link = await templates.list_templates(
            desk.ctx, type_=None, page_key=key, page_limit=paging.limit(key)
        )
        return page(
            "admin_templates.html",
            desk=desk,
            templates=found,
            placeholders=PLACEHOLDERS,
            next_key=key_of(link),
            paged=key is not None,
        )


@post("/admin/templates", include_in_schema=False)
async def create_template(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        body = CreateTemplate(
            name=desk.text("name"),
            content=desk.raw("content"),
            type=_type(desk),
            subject=desk.text("subject") or None,
        )
        await templates.create(desk.ctx, body)

    return await _act(request, BACK, run)


@get("/admin/templates/{template_id:str}", include_in_schema=False)
async def template_page(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        found = await templates.get(desk.ctx, template_id)
        return page("admin_template.html", desk=desk, tp=found, placeholders=PLACEHOLDERS)


@post("/admin/templates/{template_id:str}", include_in_schema=False)
async def edit_template(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        body = PatchTemplate(
            name=desk.text("name"),
            content=desk.raw("content"),
            type=_type(desk),
            subject=desk.text("subject") or None,
        )
        await templates.update(desk.ctx, template_id, body)

    return await _act(request, f"{BACK}/{template_id}", run)


@post("/admin/templates/{template_id:str}/delete", include_in_schema=False)
async def delete_template(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[Any]:
    return await _act(request, BACK, lambda d: templates.delete(d.ctx, template_id))


HANDLERS = [templates_page, create_template, template_page, edit_template, delete_template]
