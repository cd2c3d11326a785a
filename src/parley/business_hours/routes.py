"""Business hours: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromPath, JSONBody, QueryParameter

from parley.business_hours import schemas as wire
from parley.business_hours import service
from parley.business_hours.service import MAX_DAYS
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, PageMeta
from parley.http.listing import Paging
from parley.http.params import DateTimeQuery, uuid_path

HOURS = Routes("Business Hours")
SCHEDULE = Routes("Business Hours", prefix="/business-hours/schedules/{scheduleId:str}")
SID = "scheduleId"


@HOURS.get("/business-hours/schedules", "List business hours schedules", READ)
async def list_schedules(ctx: Context, paging: Paging) -> wire.SchedulePage:
    """The organisation's schedules as `{"data": {"schedules": [{name, id}]}}`, oldest
    first; paged with `pageKey`/`pageLimit` (`meta.next` while more follow)."""
    items, nxt = await service.list_schedules(ctx, **paging.window)
    return wire.SchedulePage(data=wire.ScheduleList(schedules=items), meta=PageMeta(next=nxt))


@SCHEDULE.get("/definition", "Get schedule definition", READ)
async def get_definition(ctx: Context, scheduleId: FromPath[str]) -> Data[wire.ScheduleResult]:
    """The schedule: `timezone` (IANA), `businessHours` (each weekday, `dayOfWeek` 1 =
    Monday … 7 = Sunday, `Regular`, `Open` with its `intervals` of local `HH:MM` times or
    `Closed`, `startDate` the first such day the hours apply) and `exceptions` (`Holiday` or
    `Exception`, `Closed` or `Open` with their own intervals, on `startDate`, every year
    when `recurring`). `400` bad scheduleId, `404` unknown schedule."""
    return Data(wire.ScheduleResult(await service.get_definition(ctx, uuid_path(SID, scheduleId))))


@SCHEDULE.get("/upcoming", "Get upcoming business hours", READ)
async def get_upcoming(
    ctx: Context,
    scheduleId: FromPath[str],
    days: Annotated[
        int | None, QueryParameter(schema_extra={"minimum": 1, "maximum": MAX_DAYS})
    ] = None,
) -> Data[wire.ScheduleResult]:
    """The next `days` (1-90, default 7) local dates of the schedule from today in its time
    zone, each resolved: the exception of that date if there is one, else its weekday's
    regular hours; `nextDate` is the date. `400` bad `days` or scheduleId, `404` unknown."""
    schedule = await service.upcoming(ctx, uuid_path(SID, scheduleId), days)
    return Data(wire.ScheduleResult(schedule))


@SCHEDULE.get("/status", "Get business open status", READ)
async def get_status(
    ctx: Context, scheduleId: FromPath[str], timestamp: DateTimeQuery = None
) -> Data[wire.OpenStatus]:
    """Whether the schedule is open at `timestamp` (ISO-8601, default now): `isOpen`, the
    `timestamp` asked about, and `closesAt` (when open) or `opensAt` (when closed) — the
    next change, left out when there is none within a year. Local times follow the zone's
    daylight-saving rules: a time the clocks skip means the first instant after the gap, a
    time that occurs twice its first occurrence. `400` bad timestamp, `404` unknown."""
    return Data(await service.status(ctx, uuid_path(SID, scheduleId), timestamp))


@HOURS.post("/business-hours/schedules", "Create a schedule (Parley extension)", WRITE)
async def create_schedule(
    ctx: Context, data: JSONBody[wire.ScheduleBody]
) -> Data[wire.ScheduleResult]:
    """**Parley extension**: `{name, timezone, businessHours: [{dayOfWeek, intervals:
    [{startTime, endTime}]}], exceptions: [{name, startDate, businessHourType?, intervals?,
    recurring?: {dayOfMonth, monthOfYear}}], startDate?}`. A weekday left out is closed; an
    exception without intervals is closed all day. Times are `HH:MM` (`24:00` ends at
    midnight); intervals of a day must not overlap. Answers the definition. `400` with
    Dixa's `Invalid value for: body, …` on a bad zone, time, date or day."""
    return Data(wire.ScheduleResult(await service.create(ctx, data)))


@SCHEDULE.put("", "Replace a schedule (Parley extension)", WRITE)
async def replace_schedule(
    ctx: Context, scheduleId: FromPath[str], data: JSONBody[wire.ScheduleBody]
) -> Data[wire.ScheduleResult]:
    """**Parley extension**: replaces the schedule's definition (the body as for create;
    without `startDate` the schedule keeps its own). `400` as create, `404` unknown."""
    return Data(wire.ScheduleResult(await service.replace(ctx, uuid_path(SID, scheduleId), data)))


@SCHEDULE.delete("", "Delete a schedule (Parley extension)", WRITE)
async def delete_schedule(ctx: Context, scheduleId: FromPath[str]) -> None:
    """**Parley extension**: deletes the schedule. `400` bad scheduleId, `404` unknown."""
    await service.delete(ctx, uuid_path(SID, scheduleId))


ROUTES = [
    list_schedules,
    get_definition,
    get_upcoming,
    get_status,
    create_schedule,
    replace_schedule,
    delete_schedule,
]
