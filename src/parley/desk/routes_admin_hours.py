"""Administration of business hours and the organisation (administrators only): the
schedules (listed with whether each is open now; created, edited, deleted) through the
business-hours service, and the organisation's name through the organization service,
both as the REST API uses them. The form's text format is ``hours_form``'s.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.business_hours import service as hours
from parley.desk.admin_pages import admin_action, admin_scope, linked_page, list_page
from parley.desk.hours_form import DAYS, body_from, fields_of
from parley.desk.render import page
from parley.desk.scope import Desk
from parley.http.envelope import Page
from parley.organization import service as organization
from parley.organization.schemas import PatchOrganization
from parley.uow import Ctx

BACK = "/admin/hours"


@get("/admin/hours", include_in_schema=False)
async def hours_page(request: Request[Any, Any, Any]) -> Response[str]:
    async def listed(ctx: Ctx, *, page_key: str | None, page_limit: int | None) -> Page[Any]:
        return linked_page(
            *await hours.list_schedules(ctx, page_key=page_key, page_limit=page_limit)
        )

    async def more(desk: Desk, shown: Sequence[Any]) -> dict[str, Any]:
        return {
            "open_now": {s.id: await hours.open_now(desk.ctx, s.id) for s in shown},
            "org": await organization.get(desk.ctx),
        }

    return await list_page(
        request,
        "admin_hours.html",
        "schedules",
        listed,
        more,
        days=DAYS,
        fields={"timezone": "UTC"},
    )


@post("/admin/organization", include_in_schema=False)
async def rename_organization(request: Request[Any, Any, Any]) -> Response[Any]:
    return await admin_action(
        request, BACK, lambda d: organization.update(d.ctx, PatchOrganization(name=d.text("name")))
    )


@post("/admin/hours", include_in_schema=False)
async def create_schedule(request: Request[Any, Any, Any]) -> Response[Any]:
    return await admin_action(request, BACK, lambda d: hours.create(d.ctx, body_from(d.form)))


@get("/admin/hours/{schedule_id:str}", include_in_schema=False)
async def schedule_page(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        found = await hours.get_definition(desk.ctx, schedule_id)
        return page("admin_schedule.html", desk=desk, s=found, days=DAYS, fields=fields_of(found))


@post("/admin/hours/{schedule_id:str}", include_in_schema=False)
async def edit_schedule(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[Any]:
    return await admin_action(
        request,
        f"{BACK}/{schedule_id}",
        lambda d: hours.replace(d.ctx, schedule_id, body_from(d.form)),
    )


@post("/admin/hours/{schedule_id:str}/delete", include_in_schema=False)
async def delete_schedule(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[Any]:
    return await admin_action(request, BACK, lambda d: hours.delete(d.ctx, schedule_id))


HANDLERS = [hours_page, rename_organization, create_schedule, schedule_page, edit_schedule,
            delete_schedule]  # fmt: skip
