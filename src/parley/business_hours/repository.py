"""SQL for business-hours schedules."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset


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


def _row(r: Row) -> ScheduleRow:
    return ScheduleRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]))


async def get(tx: Tx, org_id: str, schedule_id: str) -> ScheduleRow | None:
    r = await tx.fetch_one(
        f"SELECT {_COLS} FROM business_hours_schedules WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": schedule_id},
    )
    return None if r is None else _row(r)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[ScheduleRow]:
    params: dict[str, object] = {"org": org_id}
    sql = keyset.page(
        f"SELECT {_COLS} FROM business_hours_schedules WHERE org_id = :org",
        params,
        after=after,
        limit=limit,
    )
    return [_row(r) for r in await tx.fetch_all(sql, params)]


def _params(org_id: str, s: ScheduleRow) -> dict[str, object]:
    return {
        "org": org_id,
        "id": s.id,
        "name": s.name,
        "tz": s.timezone,
        "starts": s.starts_on,
        "weekly": s.weekly,
        "exc": s.exceptions,
        "created": s.created_at,
        "updated": s.updated_at,
    }


async def insert(tx: Tx, org_id: str, s: ScheduleRow) -> None:
    await tx.execute(
        "INSERT INTO business_hours_schedules (org_id, id, name, timezone, starts_on, weekly, "
        "exceptions, created_at, updated_at) VALUES (:org, :id, :name, :tz, :starts, :weekly, "
        ":exc, :created, :updated)",
        _params(org_id, s),
    )


async def update(tx: Tx, org_id: str, s: ScheduleRow) -> int:
    return await tx.execute(
        "UPDATE business_hours_schedules SET name = :name, timezone = :tz, starts_on = :starts, "
        "weekly = :weekly, exceptions = :exc, updated_at = :updated "
        "WHERE org_id = :org AND id = :id",
        _params(org_id, s),
    )


async def delete(tx: Tx, org_id: str, schedule_id: str) -> int:
    return await tx.execute(
        "DELETE FROM business_hours_schedules WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": schedule_id},
    )
