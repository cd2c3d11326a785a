"""SQL for queues and their members (and the organisation's default-queue pointer).
Adding and removing members is shared with teams (``parley.agents.repository``)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.agents.repository import QUEUE_MEMBERS, members_sql
from parley.store import Tx
from parley.store.rows import Table, decoder, fetch_rows


@dataclass(frozen=True)
class QueueRow:
    id: str
    name: str
    is_default: bool
    priority: int | None
    settings: str
    created_at: int


@dataclass(frozen=True)
class MemberRow:
    agent_id: str
    priority: int | None


_QUEUES = Table("queues", QueueRow)
_member = decoder(MemberRow)


get = _QUEUES.get
list_page = _QUEUES.page
insert = _QUEUES.insert


async def make_default(tx: Tx, org_id: str, queue_id: str) -> None:
    """Flag ``queue_id`` as the organisation's only default queue."""
    await tx.execute(
        "UPDATE queues SET is_default = (id = :id) "
        "WHERE org_id = :org AND (is_default OR id = :id)",
        {"org": org_id, "id": queue_id},
    )
    await tx.execute(
        "UPDATE orgs SET default_queue_id = :id WHERE id = :org", {"org": org_id, "id": queue_id}
    )


async def members(tx: Tx, org_id: str, queue_id: str) -> list[MemberRow]:
    sql = members_sql(QUEUE_MEMBERS, "m.agent_id, m.priority") + " ORDER BY m.agent_id"
    return await fetch_rows(tx, _member, sql, {"org": org_id, "g": queue_id})
