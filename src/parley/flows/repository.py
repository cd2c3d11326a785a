"""SQL for conversation flows."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class FlowRow:
    id: str
    name: str
    channel: str
    contact_endpoint_id: str | None
    created_at: int


_FLOWS = Table("flows", FlowRow)


async def list_by_channel(tx: Tx, org_id: str, channel: str) -> list[FlowRow]:
    return await _FLOWS.where(tx, org_id, "channel", channel)


insert = _FLOWS.insert
