"""Administration of business hours and the organisation (administrators only): the
schedules (listed with whether each is open now; created, edited, deleted) through the
business-hours service, and the organisation's name through the organization service,
both as the REST API uses them. The form's text format is ``hours_form``'s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.business_hours import service as hours
from parley.desk import paging
from parley.desk.hours_form import DAYS, body_from, fields_of
from parley.desk.paging import key_of, requested_key
from parley.desk.render import page, redirect
from parley.desk.scope import Desk, desk_scope
from parley.organization import service as organization
from parley.organization.schemas import PatchOrganization

BACK = "/admin/hours"


async def _act(
    request: Request[Any, Any, Any], back: str, action: Callable[[Desk], Awaitable[Any]]
) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        desk.require_admin()
        await action(desk)
    return redirect(back)


@get("/admin/hours", include_in_schema=False)
async def hours_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        key = requested_key(request)
        found, link = await hours.list_schedules(
            desk.ctx, page_key=key, page_limit=paging.limit(key)
        )
        open_now = {s.id: await hours.open_now(desk.ctx, s.id) for s in found}
        return page(
            "admin_hours.html",
            desk=desk,
            schedules=found,
            open_now=open_now,
            org=await organization.get(desk.ctx),
            days=DAYS,
            fields={"timezone": "UTC"},
            next_key=key_of(link),
            paged=key is not None,
        )


@post("/admin/organization", include_in_schema=False)
async def rename_organization(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await organization.update(desk.ctx, PatchOrganization(name=desk.text("name")))

    return await _act(request, BACK, run)


@post("/admin/hours", include_in_schema=False)
async def create_schedule(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await hours.create(desk.ctx, body_from(desk.form))

    return await _act(request, BACK, run)


@get("/admin/hours/{schedule_id:str}", include_in_schema=False)
async def schedule_page(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        found = await hours.get_definition(desk.ctx, schedule_id)
        return page("admin_schedule.html", desk=desk, s=found, days=DAYS, fields=fields_of(found))


@post("/admin/hours/{schedule_id:str}", include_in_schema=False)
async def edit_schedule(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await hours.replace(desk.ctx, schedule_id, body_from(desk.form))

    return await _act(request, f"{BACK}/{schedule_id}", run)


@post("/admin/hours/{schedule_id:str}/delete", include_in_schema=False)
async def delete_schedule(
    request: Request[Any, Any, Any], schedule_id: FromPath[str]
) -> Response[Any]:
    return await _act(request, BACK, lambda d: hours.delete(d.ctx, schedule_id))


HANDLERS = [hours_page, rename_organization, create_schedule, schedule_page, edit_schedule,
            delete_schedule]  # fmt: skip
