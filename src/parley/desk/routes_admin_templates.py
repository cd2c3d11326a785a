"""Administration of templates (administrators only): canned replies and email
auto-replies, listed, created, edited and deleted through the templates service the REST
API uses. Agents insert them from a conversation's reply box (``routes_conversation``).
Translations, made through the API, are kept as they are by an edit here.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from typing import Any, cast

from parley.desk.admin_pages import AdminPages, choice
from parley.desk.scope import Desk
from parley.http.envelope import Page
from parley.http.listing import paged
from parley.templates import service as templates
from parley.templates.schemas import CreateTemplate, PatchTemplate, TemplateType
from parley.uow import Ctx

TEMPLATES = AdminPages("/admin/templates")
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


async def _listed(ctx: Ctx, *, page_key: str | None, page_limit: int | None) -> Page[Any]:
    found = await templates.list_templates(
        ctx, type_=None, page_key=page_key, page_limit=page_limit
    )
    return paged(found)


templates_page = TEMPLATES.listing(
    "admin_templates.html", "templates", _listed, placeholders=PLACEHOLDERS
)


@TEMPLATES.form()
async def create_template(desk: Desk) -> None:
    await templates.create(desk.ctx, CreateTemplate(**_fields(desk)))


@TEMPLATES.view("/{template_id:str}", "admin_template.html")
async def template_page(desk: Desk, template_id: str) -> dict[str, Any]:
    return {"tp": await templates.get(desk.ctx, template_id), "placeholders": PLACEHOLDERS}


@TEMPLATES.form("/{template_id:str}", back="/{template_id}")
async def edit_template(desk: Desk, template_id: str) -> None:
    await templates.update(desk.ctx, template_id, PatchTemplate(**_fields(desk)))


@TEMPLATES.form("/{template_id:str}/delete")
async def delete_template(desk: Desk, template_id: str) -> None:
    await templates.delete(desk.ctx, template_id)


HANDLERS = [templates_page, create_template, template_page, edit_template, delete_template]
