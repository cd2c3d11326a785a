"""Administration of business hours and the organisation (administrators only): the
schedules (listed with whether each is open now; created, edited, deleted) through the
business-hours service, and the organisation's name through the organization service,
both as the REST API uses them. The form's text format is ``hours_form``'s.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parley.business_hours import service as hours
from parley.desk.admin_pages import AdminPages, admin_scope
from parley.desk.forms import Forms
from parley.desk.hours_form import DAYS, body_from, fields_of
from parley.desk.scope import Desk
from parley.http.envelope import Page
from parley.http.listing import paged
from parley.organization import service as organization
from parley.organization.schemas import PatchOrganization
from parley.uow import Ctx

HOURS = AdminPages("/admin/hours")
ORGANIZATION = Forms("/admin/organization", HOURS.base, admin_scope)  # on the hours page


async def _schedules(ctx: Ctx, *, page_key: str | None, page_limit: int | None) -> Page[Any]:
    return paged(await hours.list_schedules(ctx, page_key=page_key, page_limit=page_limit))


async def _open_and_org(desk: Desk, shown: Sequence[Any]) -> dict[str, Any]:
    """Whether each schedule shown is open now, and the organisation."""
    return {
        "open_now": {s.id: await hours.open_now(desk.ctx, s.id) for s in shown},
        "org": await organization.get(desk.ctx),
    }


hours_page = HOURS.listing(
    "admin_hours.html",
    "schedules",
    _schedules,
    _open_and_org,
    days=DAYS,
    fields={"timezone": "UTC"},
)


@ORGANIZATION.form()
async def rename_organization(desk: Desk) -> None:
    await organization.update(desk.ctx, PatchOrganization(name=desk.text("name")))


@HOURS.form()
async def create_schedule(desk: Desk) -> None:
    await hours.create(desk.ctx, body_from(desk.form))


@HOURS.view("/{schedule_id:str}", "admin_schedule.html")
async def schedule_page(desk: Desk, schedule_id: str) -> dict[str, Any]:
    found = await hours.get_definition(desk.ctx, schedule_id)
    return {"s": found, "days": DAYS, "fields": fields_of(found)}


@HOURS.form("/{schedule_id:str}", back="/{schedule_id}")
async def edit_schedule(desk: Desk, schedule_id: str) -> None:
    await hours.replace(desk.ctx, schedule_id, body_from(desk.form))


@HOURS.form("/{schedule_id:str}/delete")
async def delete_schedule(desk: Desk, schedule_id: str) -> None:
    await hours.delete(desk.ctx, schedule_id)


HANDLERS = [hours_page, rename_organization, create_schedule, schedule_page, edit_schedule,
            delete_schedule]  # fmt: skip
