"""SQL for conversation flows."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx
from parley.store.database import insert_sql, row_params, rows_where


@dataclass(frozen=True)
class FlowRow:
    id: str
    name: str
    channel: str
    contact_endpoint_id: str | None
    created_at: int


_COLS = "id, name, channel, contact_endpoint_id, created_at"


def _row(r: Row) -> FlowRow:
    return FlowRow(r[0], r[1], r[2], r[3], int(r[4]))


async def list_by_channel(tx: Tx, org_id: str, channel: str) -> list[FlowRow]:
    return await rows_where(tx, _row, "flows", _COLS, org_id, "channel", channel)


async def insert(tx: Tx, org_id: str, row: FlowRow) -> None:
    await tx.execute(insert_sql("flows", _COLS), row_params(org_id, row))
