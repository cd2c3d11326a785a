"""SQL for the desk's inbox: conversation rows by latest activity, and the view counts."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset
from parley.store.rows import fetch_text

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


# A row's details: ``{source}`` is ``conversations`` or, for a page, the page's ids joined
# back to it (see ``page``).
_DETAILS = (
    "SELECT c.id, c.channel, c.state, c.subject, c.created_at, "
    "COALESCE(c.last_activity_at, c.created_at), c.requester_id, "
    "COALESCE(r.display_name, r.email, r.phone_number, ''), c.assigned_agent_id, "
    "COALESCE(a.display_name, a.email), q.name, "
    "(SELECT m.text FROM messages m WHERE m.org_id = c.org_id AND m.conversation_id = c.id "
    "ORDER BY m.seq LIMIT 1) "
    "FROM {source} "
    "LEFT JOIN users r ON r.org_id = c.org_id AND r.id = c.requester_id "
    "LEFT JOIN users a ON a.org_id = c.org_id AND a.id = c.assigned_agent_id "
    "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
    "WHERE c.org_id = :org"
)
_SELECT = _DETAILS.format(source="conversations c")


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
    """A page of a view, newest activity first (keyset on ``(last_activity_at, id)``).

    Two steps in one statement: the page's ids alone (the view's and the filters'
    conditions on ``conversations``, ordered and cut to the page), then each row's details
    (requester, assignee, queue, first words) for those ids only. A planner that sorts
    (an unassigned queue's conversations, say) then sorts bare ids, never joined rows,
    and an index that holds the view's columns (``ix_conversations_state_activity``,
    ``ix_conversations_mine``, migration 0024) can answer the first step alone."""
    params: dict[str, object] = {"org": org_id}
    ids = f"SELECT c.org_id, c.id FROM conversations c WHERE c.org_id = :org AND {VIEWS[view]}"
    if view == "mine":
        params["me"] = me
    ids = keyset.page(
        _filtered(ids, params, f),
        params,
        after=after,
        limit=limit,
        columns=("c.last_activity_at", "c.id"),
        descending=True,
    )
    source = f"({ids}) p JOIN conversations c ON c.org_id = p.org_id AND c.id = p.id"
    sql = _DETAILS.format(source=source) + " ORDER BY c.last_activity_at DESC, c.id DESC"
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


@dataclass(frozen=True)
class Tallies:
    """What the inbox shows beside its list: each view's count (``VIEWS`` order) and the
    unassigned count per queue (``None`` for no queue), by queue name."""

    views: dict[str, int]
    by_queue: list[tuple[str | None, str, int]]


# The maintained cells (``conversation_counts``, migrations 0016 and 0022: a few shard rows
# per organisation, state, assignee and queue, '' for none, kept by triggers; a cell's
# count is the sum of its shards) read in one statement: per state, its whole, the
# signed-in agent's part and nobody's part (one pass over the organisation's cells, in
# the primary key's order); then, for the unassigned open cells only (a range of the
# primary key), the sum per queue with its name. A handful of rows whatever the number
# of agents, queues or conversations.
_TALLY = (
    "SELECT k.state, '', '', SUM(k.n), SUM(CASE WHEN k.assignee_id = :me THEN k.n ELSE 0 END), "
    "SUM(CASE WHEN k.assignee_id = '' THEN k.n ELSE 0 END) FROM conversation_counts k "
    "WHERE k.org_id = :org GROUP BY k.state "
    "UNION ALL "
    "SELECT '', k.queue_id, COALESCE(q.name, ''), SUM(k.n), 0, 0 FROM conversation_counts k "
    "LEFT JOIN queues q ON q.org_id = k.org_id AND q.id = k.queue_id "
    "WHERE k.org_id = :org AND k.state = 'Open' AND k.assignee_id = '' "
    "GROUP BY k.queue_id, q.name"
)
_STATE_VIEWS = {"Open": "open", "Pending": "pending", "Closed": "closed"}


async def tallies(tx: Tx, org_id: str, me: str) -> Tallies:
    """The views' counts and the unassigned per queue from the maintained cells, never
    counting conversations. The views in the cells' terms (the same as ``VIEWS``):
    unassigned is nobody's part of Open; mine is the agent's part of every state but
    Closed; all open, pending and closed are a state's whole. A queue whose unassigned
    count is 0 is left out; the queues are in name order (no queue: ``None``, first)."""
    views = dict.fromkeys(VIEWS, 0)
    by_queue: list[tuple[str | None, str, int]] = []
    for r in await tx.fetch_all(_TALLY, {"org": org_id, "me": me}):
        state, whole, mine, nobodys = str(r[0]), int(r[3] or 0), int(r[4] or 0), int(r[5] or 0)
        if not state:  # a queue's unassigned
            if whole > 0:
                by_queue.append((str(r[1]) or None, str(r[2]), whole))
            continue
        if state == "Open":
            views["unassigned"] += nobodys
        if state != "Closed":
            views["mine"] += mine
        if (view := _STATE_VIEWS.get(state)) is not None:
            views[view] += whole
    by_queue.sort(key=lambda q: (q[1], q[0] or ""))
    return Tallies(views, by_queue)


_NAMED = {
    "queue": "SELECT id FROM queues WHERE org_id = :org AND name = :name",
    "tag": "SELECT id FROM tags WHERE org_id = :org AND name = :name",
    "assignee": "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' AND email = :name",
}


async def id_named(tx: Tx, org_id: str, kind: str, name: str) -> str | None:
    """The id of the organisation's queue or tag of that name, or of the agent of that
    email (lower-cased); the oldest when names repeat."""
    value = name.lower() if kind == "assignee" else name
    return await fetch_text(
        tx, _NAMED[kind] + " ORDER BY created_at, id LIMIT 1", {"org": org_id, "name": value}
    )
