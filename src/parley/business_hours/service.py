"""Business-hours rules: schedules are created, replaced and deleted through Parley's
extension routes (each change writes an event: BusinessHoursScheduleCreated, …Updated,
…Deleted); Dixa's routes read them: the list, the definition, the upcoming days resolved
(exceptions applied) and whether a schedule is open at an instant (``clock`` holds the
time rules, daylight saving included)."""

from __future__ import annotations

import dataclasses
import time
from datetime import date, timedelta

from parley.business_hours import clock, definition
from parley.business_hours import repository as repo
from parley.business_hours import schemas as wire
from parley.errors import found, invalid_query
from parley.http.listing import wire_page
from parley.journal.service import emit
from parley.kit.clock import parse_or, zone
from parley.kit.ids import new_id
from parley.uow import Ctx

MAX_DAYS = 90


def iso_seconds(ms: int) -> str:
    """``2025-01-08T08:31:25Z`` (Dixa's form for these times)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ms // 1000))


async def require(ctx: Ctx, schedule_id: str) -> repo.ScheduleRow:
    return found(await repo.get(ctx.tx, ctx.org_id, schedule_id))


def _model(row: repo.ScheduleRow) -> clock.Schedule:
    return definition.model(row.timezone, row.starts_on, row.weekly, row.exceptions)


def to_definition(row: repo.ScheduleRow) -> wire.ScheduleDefinition:
    schedule = _model(row)
    return wire.ScheduleDefinition(
        id=row.id,
        name=row.name,
        timezone=row.timezone,
        businessHours=[definition.regular(schedule, day) for day in range(1, 8)],
        exceptions=[definition.exception(e) for e in schedule.exceptions],
    )


async def list_schedules(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.ScheduleRef], str | None]:
    return await wire_page(
        ctx,
        page_key,
        page_limit,
        lambda p: repo.list_page(ctx.tx, ctx.org_id, after=p.after, limit=p.rows),
        lambda r: wire.ScheduleRef(name=r.name, id=r.id),
    )


async def get_definition(ctx: Ctx, schedule_id: str) -> wire.ScheduleDefinition:
    return to_definition(await require(ctx, schedule_id))


async def upcoming(ctx: Ctx, schedule_id: str, days: int | None) -> wire.ScheduleDefinition:
    """The next ``days`` local dates (today first), each with what applies that day."""
    count = 7 if days is None else days
    if not 1 <= count <= MAX_DAYS:
        raise invalid_query("days", f"must be between 1 and {MAX_DAYS}")
    row = await require(ctx, schedule_id)
    schedule = _model(row)
    today = clock.local_date(schedule.zone, ctx.now)
    resolved = [
        definition.resolved(schedule, today + timedelta(days=offset)) for offset in range(count)
    ]
    return wire.ScheduleDefinition(
        id=row.id, name=row.name, timezone=row.timezone, businessHours=resolved
    )


async def open_now(ctx: Ctx, schedule_id: str) -> bool | None:
    """Whether the schedule is open at the request's time (None: no such schedule)."""
    row = await repo.get(ctx.tx, ctx.org_id, schedule_id)
    return None if row is None else clock.status_at(_model(row), ctx.now).is_open


async def status(ctx: Ctx, schedule_id: str, timestamp: str | None) -> wire.OpenStatus:
    at = parse_or(timestamp, "Invalid value for: query parameter timestamp")
    at = ctx.now if at is None else at
    row = await require(ctx, schedule_id)
    found = clock.status_at(_model(row), at)
    return wire.OpenStatus(
        isOpen=found.is_open,
        timestamp=iso_seconds(at),
        closesAt=None if found.closes_at is None else iso_seconds(found.closes_at),
        opensAt=None if found.opens_at is None else iso_seconds(found.opens_at),
    )


def _today(ctx: Ctx, body: wire.ScheduleBody) -> date:
    return clock.local_date(zone(body.timezone), ctx.now)


async def create(ctx: Ctx, body: wire.ScheduleBody) -> wire.ScheduleDefinition:
    name, tz, starts_on, weekly, exceptions = definition.checked(body, _today(ctx, body))
    row = repo.ScheduleRow(new_id(), name, tz, starts_on, weekly, exceptions, ctx.now, ctx.now)
    await repo.insert(ctx.tx, ctx.org_id, row)
    await _event(ctx, "BusinessHoursScheduleCreated", row)
    return to_definition(row)


async def replace(ctx: Ctx, schedule_id: str, body: wire.ScheduleBody) -> wire.ScheduleDefinition:
    old = await require(ctx, schedule_id)
    name, tz, starts_on, weekly, exceptions = definition.checked(body, _today(ctx, body))
    if body.startDate is None:
        starts_on = old.starts_on
    row = repo.ScheduleRow(old.id, name, tz, starts_on, weekly, exceptions, old.created_at, ctx.now)
    if row != dataclasses.replace(old, updated_at=ctx.now):
        await repo.update(ctx.tx, ctx.org_id, row)
        await _event(ctx, "BusinessHoursScheduleUpdated", row)
    return to_definition(row)


async def delete(ctx: Ctx, schedule_id: str) -> None:
    row = await require(ctx, schedule_id)
    await repo.delete(ctx.tx, ctx.org_id, schedule_id)
    await _event(ctx, "BusinessHoursScheduleDeleted", row)


async def _event(ctx: Ctx, name: str, row: repo.ScheduleRow) -> None:
    data = {"schedule": {"id": row.id, "name": row.name, "timezone": row.timezone}}
    await emit(ctx.tx, ctx.org_id, name, {**data, "by": ctx.user_id}, at=ctx.now)
