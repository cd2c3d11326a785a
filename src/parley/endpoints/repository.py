"""SQL for contact endpoints (email addresses, phone numbers, chat widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class EndpointRow:
    id: str
    type: str
    name: str | None
    data: dict[str, Any]  # type-specific fields: senderOverride, functionality
    created_at: int
    queue_id: str | None = None  # an email endpoint's queue (None: the default queue)


_ENDPOINTS = Table(
    "contact_endpoints", EndpointRow, data=lambda raw: msgspec.json.decode(raw or "{}")
)
get = _ENDPOINTS.get


# A page of the endpoints, filtered by type.
list_page = _ENDPOINTS.lister(type_="type = :type")


async def insert(tx: Tx, org_id: str, row: EndpointRow) -> bool:
    """Insert unless the id exists in the organisation; True when inserted."""
    data = msgspec.json.encode(row.data).decode()
    tail = "ON CONFLICT (org_id, id) DO NOTHING"
    return await _ENDPOINTS.insert(tx, org_id, row, tail, data=data) > 0


async def set_queue(tx: Tx, org_id: str, endpoint_id: str, queue_id: str | None) -> None:
    await tx.execute(
        "UPDATE contact_endpoints SET queue_id = :queue WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": endpoint_id, "queue": queue_id},
    )
