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


# The views as conditions on ``conversation_counts k`` (migrations 0016, 0022: a few shard
# rows per organisation, state, assignee and queue, '' for none, kept by triggers; a
# cell's count is the sum of its shards).
_CELLS = {
    "unassigned": "k.state = 'Open' AND k.assignee_id = ''",
    "mine": "k.state <> 'Closed' AND k.assignee_id = :me",
    "open": "k.state = 'Open'",
    "pending": "k.state = 'Pending'",
    "closed": "k.state = 'Closed'",
}


async def counts(tx: Tx, org_id: str, me: str) -> dict[str, int]:
    """Each view's count, one statement over the maintained cells of
    ``conversation_counts`` (a few rows per view, whatever the number of conversations)."""
    names = list(_CELLS)
    each = ", ".join(f"SUM(CASE WHEN {_CELLS[n]} THEN k.n ELSE 0 END)" for n in names)
    r = await tx.fetch_one(
        f"SELECT {each} FROM conversation_counts k WHERE k.org_id = :org",
        {"org": org_id, "me": me},
    )
    return {n: int((r[i] if r is not None else 0) or 0) for i, n in enumerate(names)}


async def unassigned_by_queue(tx: Tx, org_id: str) -> list[tuple[str | None, str, int]]:
    """The unassigned count per queue (``None`` for no queue), from the maintained cells."""
    rows = await tx.fetch_all(
        "SELECT k.queue_id, COALESCE(q.name, ''), SUM(k.n) FROM conversation_counts k "
        "LEFT JOIN queues q ON q.org_id = k.org_id AND q.id = k.queue_id "
        f"WHERE k.org_id = :org AND {_CELLS['unassigned']} "
        "GROUP BY k.queue_id, q.name HAVING SUM(k.n) > 0 "
        "ORDER BY COALESCE(q.name, ''), k.queue_id",
        {"org": org_id},
    )
    return [(r[0] or None, r[1], int(r[2])) for r in rows]


_NAMED = {
    "queue": "SELECT id FROM queues WHERE org_id = :org AND name = :name",
    "tag": "SELECT id FROM tags WHERE org_id = :org AND name = :name",
    "assignee": "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' AND email = :name",
}


async def id_named(tx: Tx, org_id: str, kind: str, name: str) -> str | None:
    """The id of the organisation's queue or tag of that name, or of the agent of that
    email (lower-cased); the oldest when names repeat."""
    value = name.lower() if kind == "assignee" else name
    found = await tx.fetch_val(
        _NAMED[kind] + " ORDER BY created_at, id LIMIT 1", {"org": org_id, "name": value}
    )
    return None if found is None else str(found)
