"""SQL for business-hours schedules."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class ScheduleRow:
    id: str
    name: str
    timezone: str
    starts_on: str
    weekly: str  # JSON
    exceptions: str  # JSON
    created_at: int
    updated_at: int


_SCHEDULES = Table("business_hours_schedules", ScheduleRow)
_EDITABLE = "name, timezone, starts_on, weekly, exceptions, updated_at"


async def get(tx: Tx, org_id: str, schedule_id: str) -> ScheduleRow | None:
    return await _SCHEDULES.get(tx, org_id, schedule_id)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[ScheduleRow]:
    return await _SCHEDULES.page(tx, org_id, after=after, limit=limit)


async def insert(tx: Tx, org_id: str, s: ScheduleRow) -> None:
    await _SCHEDULES.insert(tx, org_id, s)


async def update(tx: Tx, org_id: str, s: ScheduleRow) -> int:
    return await _SCHEDULES.update(tx, org_id, s, _EDITABLE)


async def delete(tx: Tx, org_id: str, schedule_id: str) -> int:
    return await _SCHEDULES.delete(tx, org_id, schedule_id)
