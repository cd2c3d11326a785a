"""SQL for contact endpoints (email addresses, phone numbers, chat widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from parley.store import Tx, keyset
from parley.store.database import by_id, insert_sql, row_params
from parley.store.rows import columns, decoder


@dataclass(frozen=True)
class EndpointRow:
    id: str
    type: str
    name: str | None
    data: dict[str, Any]  # type-specific fields: senderOverride, functionality
    created_at: int
    queue_id: str | None = None  # an email endpoint's queue (None: the default queue)


_COLS = columns(EndpointRow)
_row = decoder(EndpointRow, data=lambda raw: msgspec.json.decode(raw or "{}"))


async def get(tx: Tx, org_id: str, endpoint_id: str) -> EndpointRow | None:
    return await by_id(tx, _row, "contact_endpoints", _COLS, org_id, endpoint_id)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int, type_: str | None = None
) -> list[EndpointRow]:
    sql = f"SELECT {_COLS} FROM contact_endpoints WHERE org_id = :org"
    where = {"type = :type": type_}
    return await keyset.fetch_page(
        tx, sql, {"org": org_id}, _row, after=after, limit=limit, where=where
    )


async def insert(tx: Tx, org_id: str, row: EndpointRow) -> bool:
    """Insert unless the id exists in the organisation; True when inserted."""
    sql = insert_sql("contact_endpoints", _COLS, "ON CONFLICT (org_id, id) DO NOTHING")
    data = msgspec.json.encode(row.data).decode()
    return await tx.execute(sql, row_params(org_id, row, data=data)) > 0


async def set_queue(tx: Tx, org_id: str, endpoint_id: str, queue_id: str | None) -> None:
    await tx.execute(
        "UPDATE contact_endpoints SET queue_id = :queue WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": endpoint_id, "queue": queue_id},
    )
