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


get = _SCHEDULES.get
list_page = _SCHEDULES.page
insert = _SCHEDULES.insert


async def update(tx: Tx, org_id: str, s: ScheduleRow) -> int:
    return await _SCHEDULES.update(tx, org_id, s, _EDITABLE)


delete = _SCHEDULES.delete
