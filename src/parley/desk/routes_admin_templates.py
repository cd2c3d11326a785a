"""Administration of templates (administrators only): canned replies and email
auto-replies, listed, created, edited and deleted through the templates service the REST
API uses. Agents insert them from a conversation's reply box (``routes_conversation``).
Translations, made through the API, are kept as they are by an edit here.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.desk.admin_pages import admin_action, admin_scope, choice, linked_page, list_page
from parley.desk.render import page
from parley.desk.scope import Desk
from parley.http.envelope import Page
from parley.templates import service as templates
from parley.templates.schemas import CreateTemplate, PatchTemplate, TemplateType
from parley.uow import Ctx

BACK = "/admin/templates"
TYPES = ("QuickResponse", "EmailAutoReply")
PLACEHOLDERS = ("requester_name", "requester_firstname", "requester_lastname", "agent_name",
                "agent_firstname", "agent_lastname", "csid")  # fmt: skip


def _fields(desk: Desk) -> dict[str, Any]:
    """The template form's fields, as both the create and the edit body take them."""
    kind = choice(desk, "type", TYPES, "Choose a quick response or an email auto-reply")
    return {
        "name": desk.text("name"),
        "content": desk.raw("content"),
        "type": cast(TemplateType, kind),
        "subject": desk.text("subject") or None,
    }


@get("/admin/templates", include_in_schema=False)
async def templates_page(request: Request[Any, Any, Any]) -> Response[str]:
    async def listed(ctx: Ctx, *, page_key: str | None, page_limit: int | None) -> Page[Any]:
        found = await templates.list_templates(
            ctx, type_=None, page_key=page_key, page_limit=page_limit
        )
        return linked_page(*found)

    return await list_page(
        request, "admin_templates.html", "templates", listed, placeholders=PLACEHOLDERS
    )


@post("/admin/templates", include_in_schema=False)
async def create_template(request: Request[Any, Any, Any]) -> Response[Any]:
    return await admin_action(
        request, BACK, lambda d: templates.create(d.ctx, CreateTemplate(**_fields(d)))
    )


@get("/admin/templates/{template_id:str}", include_in_schema=False)
async def template_page(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        found = await templates.get(desk.ctx, template_id)
        return page("admin_template.html", desk=desk, tp=found, placeholders=PLACEHOLDERS)


@post("/admin/templates/{template_id:str}", include_in_schema=False)
async def edit_template(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[Any]:
    return await admin_action(
        request,
        f"{BACK}/{template_id}",
        lambda d: templates.update(d.ctx, template_id, PatchTemplate(**_fields(d))),
    )


@post("/admin/templates/{template_id:str}/delete", include_in_schema=False)
async def delete_template(
    request: Request[Any, Any, Any], template_id: FromPath[str]
) -> Response[Any]:
    return await admin_action(request, BACK, lambda d: templates.delete(d.ctx, template_id))


HANDLERS = [templates_page, create_template, template_page, edit_template, delete_template]
