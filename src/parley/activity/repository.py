"""SQL for the activity log and the event outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.store import Row, Tx, keyset
from parley.store.notifying import mark_activity

_INSERT_ACTIVITY = (
    "INSERT INTO activity (org_id, seq, id, conversation_id, type, activity_at, author_id, "
    "attributes) VALUES (:org, {seq}, :id, :cid, :type, :at, :author, :attrs)"
)
_INSERT_EVENT = (
    "INSERT INTO events (org_id, seq, id, fqn, conversation_id, payload, created_at) "
    "VALUES (:org, {seq}, :id, :fqn, :cid, :payload, :at)"
)


async def _seq(tx: Tx, sequence: str, sql: str, params: dict[str, Any]) -> str:
    """The statement with its ``seq`` value. Dialect branch: PostgreSQL draws it from the
    sequence in the INSERT itself (one round trip less); SQLite takes ``next_id`` first
    (inline, microseconds)."""
    if tx.dialect == "postgresql":
        return sql.format(seq=f"nextval('{sequence}')")
    params["seq"] = await tx.next_id(sequence)
    return sql.format(seq=":seq")


async def insert_activity(
    tx: Tx,
    *,
    org_id: str,
    activity_id: str,
    conversation_id: int,
    type_: str,
    at: int,
    author_id: str | None,
    attributes: str | None,
) -> None:
    """One entry; its ``seq`` is the next value of ``activity_seq``."""
    params: dict[str, Any] = {
        "org": org_id,
        "id": activity_id,
        "cid": conversation_id,
        "type": type_,
        "at": at,
        "author": author_id,
        "attrs": attributes,
    }
    await tx.execute(await _seq(tx, "activity_seq", _INSERT_ACTIVITY, params), params)
    mark_activity(tx, org_id)


async def insert_activities(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Several entries in one batch; each row has the keys of ``insert_activity``'s
    statement (org, seq, id, cid, type, at, author, attrs)."""
    await tx.execute_many(_INSERT_ACTIVITY.format(seq=":seq"), rows)
    for org_id in {str(row["org"]) for row in rows}:
        mark_activity(tx, org_id)


async def insert_event(
    tx: Tx,
    *,
    org_id: str,
    event_id: str,
    fqn: str,
    conversation_id: int | None,
    payload: bytes,
    at: int,
) -> int:
    """One event; its ``seq`` (returned) is the next value of ``event_seq``."""
    params: dict[str, Any] = {
        "org": org_id,
        "id": event_id,
        "fqn": fqn,
        "cid": conversation_id,
        "payload": payload.decode(),
        "at": at,
    }
    sql = await _seq(tx, "event_seq", _INSERT_EVENT, params)
    if "seq" in params:
        await tx.execute(sql, params)
        return int(params["seq"])
    return int(await tx.fetch_val(sql + " RETURNING seq", params))


async def insert_events(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Several events in one batch; each row has the keys of ``insert_event``'s statement
    (org, seq, id, fqn, cid, payload, at)."""
    await tx.execute_many(_INSERT_EVENT.format(seq=":seq"), rows)


async def list_events(
    tx: Tx, org_id: str, after_seq: int, limit: int
) -> list[tuple[int, str, str]]:
    rows = await tx.fetch_all(
        "SELECT seq, fqn, payload FROM events WHERE org_id = :org AND seq > :after "
        "ORDER BY seq LIMIT :limit",
        {"org": org_id, "after": after_seq, "limit": limit},
    )
    return [(int(r[0]), r[1], r[2]) for r in rows]


# ---- reading the activity log ---------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    seq: int
    id: str
    conversation_id: int
    type: str
    activity_at: int
    author_id: str | None
    author_name: str | None
    author_email: str | None
    author_phone: str | None
    attributes: str | None


_ACT_COLS = (
    "a.seq, a.id, a.conversation_id, a.type, a.activity_at, a.author_id, "
    "COALESCE(u.display_name, NULLIF(TRIM(COALESCE(u.first_name, '') || ' ' || "
    "COALESCE(u.last_name, '')), '')), u.email, u.phone_number, a.attributes"
)
_ACT_FROM = "FROM activity a LEFT JOIN users u ON u.org_id = a.org_id AND u.id = a.author_id"


def _activity(r: Row) -> ActivityRow:
    return ActivityRow(int(r[0]), r[1], int(r[2]), r[3], int(r[4]), r[5], r[6], r[7], r[8], r[9])


async def conversation_exists(tx: Tx, org_id: str, conversation_id: int) -> bool:
    v = await tx.fetch_val(
        "SELECT 1 FROM conversations WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id},
    )
    return v is not None


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[ActivityRow]:
    """One conversation's entries, oldest first."""
    rows = await tx.fetch_all(
        f"SELECT {_ACT_COLS} {_ACT_FROM} WHERE a.org_id = :org AND a.conversation_id = :cid "
        "ORDER BY a.activity_at, a.seq",
        {"org": org_id, "cid": conversation_id},
    )
    return [_activity(r) for r in rows]


async def list_page(
    tx: Tx,
    org_id: str,
    *,
    from_at: int | None,
    to_at: int | None,
    after: list[Any] | None,
    limit: int,
) -> list[ActivityRow]:
    """The organisation's entries in time order, keyset-paged on (activity_at, seq)."""
    sql = f"SELECT {_ACT_COLS} {_ACT_FROM} WHERE a.org_id = :org"
    params: dict[str, object] = {"org": org_id, "limit": limit}
    if from_at is not None:
        sql += " AND a.activity_at >= :from_at"
        params["from_at"] = from_at
    if to_at is not None:
        sql += " AND a.activity_at < :to_at"
        params["to_at"] = to_at
    keys = [int(v) for v in after] if after else None
    sql = keyset.page(sql, params, after=keys, limit=limit, columns=("a.activity_at", "a.seq"))
    return [_activity(r) for r in await tx.fetch_all(sql, params)]
