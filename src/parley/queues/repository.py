"""SQL for queues and their members (and the organisation's default-queue pointer).
Adding and removing members is shared with teams (``parley.agents.repository``)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params


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


_COLS = "id, name, is_default, priority, settings, created_at"


def _row(r: Row) -> QueueRow:
    return QueueRow(r[0], r[1], bool(r[2]), r[3], r[4], int(r[5]))


async def get(tx: Tx, org_id: str, queue_id: str) -> QueueRow | None:
    return await by_id(tx, _row, "queues", _COLS, org_id, queue_id)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[QueueRow]:
    return await keyset.org_page(tx, _row, "queues", _COLS, org_id, after=after, limit=limit)


async def insert(tx: Tx, org_id: str, q: QueueRow) -> None:
    await tx.execute(insert_sql("queues", _COLS), row_params(org_id, q))


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
    rows = await tx.fetch_all(
        "SELECT m.agent_id, m.priority FROM queue_members m "
        "JOIN users u ON u.org_id = m.org_id AND u.id = m.agent_id AND u.kind = 'Agent' "
        "WHERE m.org_id = :org AND m.queue_id = :q ORDER BY m.agent_id",
        {"org": org_id, "q": queue_id},
    )
    return [MemberRow(r[0], r[1]) for r in rows]
