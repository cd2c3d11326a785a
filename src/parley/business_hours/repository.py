"""SQL for business-hours schedules."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params, update_sql


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


_COLS = "id, name, timezone, starts_on, weekly, exceptions, created_at, updated_at"
_EDITABLE = "name, timezone, starts_on, weekly, exceptions, updated_at"


def _row(r: Row) -> ScheduleRow:
    return ScheduleRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]))


async def get(tx: Tx, org_id: str, schedule_id: str) -> ScheduleRow | None:
    return await by_id(tx, _row, "business_hours_schedules", _COLS, org_id, schedule_id)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[ScheduleRow]:
    return await keyset.fetch_page(
        tx,
        f"SELECT {_COLS} FROM business_hours_schedules WHERE org_id = :org",
        {"org": org_id},
        _row,
        after=after,
        limit=limit,
    )


async def insert(tx: Tx, org_id: str, s: ScheduleRow) -> None:
    await tx.execute(insert_sql("business_hours_schedules", _COLS), row_params(org_id, s))


async def update(tx: Tx, org_id: str, s: ScheduleRow) -> int:
    return await tx.execute(
        update_sql("business_hours_schedules", _EDITABLE), row_params(org_id, s)
    )


async def delete(tx: Tx, org_id: str, schedule_id: str) -> int:
    return await tx.execute(
        "DELETE FROM business_hours_schedules WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": schedule_id},
    )
