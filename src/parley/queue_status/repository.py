"""SQL for a queue's waiting conversations and its members' presence."""

from __future__ import annotations

from dataclasses import dataclass

from parley.agents.repository import PresenceRow, presence_row
from parley.store import Row, Tx
from parley.store.database import by_id

# A conversation waits in a queue while it is Open, queued there and not assigned.
_WAITING = "org_id = :org AND queue_id = :queue AND state = 'Open' AND assigned_agent_id IS NULL"


@dataclass(frozen=True)
class QueuedRow:
    id: int
    queue_id: str | None
    queued_at: int | None
    state: str
    assigned_agent_id: str | None


def _queued(r: Row) -> QueuedRow:
    return QueuedRow(int(r[0]), r[1], None if r[2] is None else int(r[2]), r[3], r[4])


async def queued(tx: Tx, org_id: str, conversation_id: int) -> QueuedRow | None:
    cols = "id, queue_id, queued_at, state, assigned_agent_id"
    return await by_id(tx, _queued, "conversations", cols, org_id, conversation_id)


async def waiting_ahead(
    tx: Tx, org_id: str, queue_id: str, queued_at: int, conversation_id: int
) -> int:
    """How many conversations wait in the queue before this one (queued earlier; the same
    millisecond by id), a range of ``ix_conversations_queue_order``."""
    r = await tx.fetch_one(
        f"SELECT COUNT(*) FROM conversations WHERE {_WAITING} AND (queued_at, id) < (:at, :id)",
        {"org": org_id, "queue": queue_id, "at": queued_at, "id": conversation_id},
    )
    return int(r[0]) if r is not None else 0


async def waiting(tx: Tx, org_id: str, queue_id: str) -> int:
    r = await tx.fetch_one(
        f"SELECT COUNT(*) FROM conversations WHERE {_WAITING}", {"org": org_id, "queue": queue_id}
    )
    return int(r[0]) if r is not None else 0


async def member_presence(tx: Tx, org_id: str, queue_id: str) -> list[PresenceRow]:
    """The stored presence of the queue's members (members who never reported one are
    left out: they are Away and Offline)."""
    rows = await tx.fetch_all(
        "SELECT p.user_id, p.presence_status, p.connection_status, p.active_channels, "
        "p.last_seen FROM queue_members m JOIN agent_presence p "
        "ON p.org_id = m.org_id AND p.user_id = m.agent_id "
        "WHERE m.org_id = :org AND m.queue_id = :queue ORDER BY p.user_id",
        {"org": org_id, "queue": queue_id},
    )
    return [presence_row(r) for r in rows]
