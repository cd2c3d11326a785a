"""SQL for the desk's inbox: conversation rows by latest activity, and the view counts."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset

# The inbox views, as conditions on ``conversations c`` (``:me`` is the signed-in agent).
VIEWS = {
    "unassigned": "c.state = 'Open' AND c.assigned_agent_id IS NULL",
    "mine": "c.state <> 'Closed' AND c.assigned_agent_id = :me",
    "open": "c.state = 'Open'",
    "pending": "c.state = 'Pending'",
    "closed": "c.state = 'Closed'",
}


@dataclass(frozen=True)
class InboxRow:
    id: int
    channel: str
    state: str
    subject: str | None
    created_at: int
    last_activity_at: int
    requester_id: str
    requester: str
    assignee_id: str | None
    assignee: str | None
    queue: str | None
    first_words: str | None


@dataclass(frozen=True)
class InboxFilter:
    queue_id: str | None = None
    channel: str | None = None
    tag_id: str | None = None
    assignee_id: str | None = None


_SELECT = (
    "SELECT c.id, c.channel, c.state, c.subject, c.created_at, "
    "COALESCE(c.last_activity_at, c.created_at), c.requester_id, "
    "COALESCE(r.display_name, r.email, r.phone_number, ''), c.assigned_agent_id, "
    "COALESCE(a.display_name, a.email), q.name, "
    "(SELECT m.text FROM messages m WHERE m.org_id = c.org_id AND m.conversation_id = c.id "
    "ORDER BY m.seq LIMIT 1) "
    "FROM conversations c "
    "LEFT JOIN users r ON r.org_id = c.org_id AND r.id = c.requester_id "
    "LEFT JOIN users a ON a.org_id = c.org_id AND a.id = c.assigned_agent_id "
    "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
    "WHERE c.org_id = :org"
)


def _row(r: Row) -> InboxRow:
    return InboxRow(
        int(r[0]), r[1], r[2], r[3], int(r[4]), int(r[5]), r[6], r[7], r[8], r[9], r[10], r[11]
    )


def _filtered(sql: str, params: dict[str, object], f: InboxFilter) -> str:
    if f.queue_id:
        sql += " AND c.queue_id = :queue"
        params["queue"] = f.queue_id
    if f.channel:
        sql += " AND c.channel = :channel"
        params["channel"] = f.channel
    if f.assignee_id:
        sql += " AND c.assigned_agent_id = :assignee"
        params["assignee"] = f.assignee_id
    if f.tag_id:
        sql += (
            " AND EXISTS (SELECT 1 FROM conversation_tags t WHERE t.org_id = c.org_id "
            "AND t.conversation_id = c.id AND t.tag_id = :tag)"
        )
        params["tag"] = f.tag_id
    return sql


async def page(
    tx: Tx,
    org_id: str,
    me: str,
    view: str,
    f: InboxFilter,
    *,
    after: list[object] | None,
    limit: int,
) -> list[InboxRow]:
    """A page of a view, newest activity first (keyset on ``(last_activity_at, id)``)."""
    params: dict[str, object] = {"org": org_id}
    sql = f"{_SELECT} AND {VIEWS[view]}"
    if view == "mine":
        params["me"] = me
    sql = _filtered(sql, params, f)
    sql = keyset.page(
        sql,
        params,
        after=after,
        limit=limit,
        columns=("c.last_activity_at", "c.id"),
        descending=True,
    )
    return [_row(r) for r in await tx.fetch_all(sql, params)]


async def by_ids(tx: Tx, org_id: str, ids: list[int]) -> dict[int, InboxRow]:
    if not ids:
        return {}
    rows = await tx.fetch_all(f"{_SELECT} AND c.id IN :ids", {"org": org_id, "ids": ids})
    return {row.id: row for row in map(_row, rows)}


async def by_requester(
    tx: Tx, org_id: str, requester_id: str, *, except_id: int, limit: int
) -> list[InboxRow]:
    """A requester's other conversations, newest first."""
    params: dict[str, object] = {"org": org_id, "req": requester_id, "not": except_id}
    sql = keyset.page(
        f"{_SELECT} AND c.requester_id = :req AND c.id <> :not",
        params,
        after=None,
        limit=limit,
        columns=("c.created_at", "c.id"),
        descending=True,
    )
    return [_row(r) for r in await tx.fetch_all(sql, params)]


async def counts(tx: Tx, org_id: str, me: str) -> dict[str, int]:
    names = list(VIEWS)
    sums = ", ".join(f"SUM(CASE WHEN {VIEWS[n]} THEN 1 ELSE 0 END)" for n in names)
    r = await tx.fetch_one(
        f"SELECT {sums} FROM conversations c WHERE c.org_id = :org", {"org": org_id, "me": me}
    )
    return {n: int((r[i] if r is not None else 0) or 0) for i, n in enumerate(names)}


async def unassigned_by_queue(tx: Tx, org_id: str) -> list[tuple[str | None, str, int]]:
    rows = await tx.fetch_all(
        "SELECT c.queue_id, COALESCE(q.name, ''), COUNT(*) FROM conversations c "
        "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
        f"WHERE c.org_id = :org AND {VIEWS['unassigned']} "
        "GROUP BY c.queue_id, q.name ORDER BY COALESCE(q.name, '')",
        {"org": org_id},
    )
    return [(r[0], r[1], int(r[2])) for r in rows]
