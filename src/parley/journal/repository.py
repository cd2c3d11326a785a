"""SQL that writes the activity log and the event outbox."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict, Unpack

from parley.store import Tx
from parley.store.database import write_together
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
    """The statement with its ``seq`` value (``Tx.seq_expr``)."""
    return sql.format(seq=await tx.seq_expr(sequence, params))


class ActivityEntry(TypedDict):
    """One activity-log entry, as ``activity_statement`` and ``insert_activity`` take it."""

    org_id: str
    activity_id: str
    conversation_id: int
    type_: str
    at: int
    author_id: str | None
    attributes: str | None


async def activity_statement(tx: Tx, **entry: Unpack[ActivityEntry]) -> tuple[str, dict[str, Any]]:
    """The statement writing one entry (its ``seq`` the next value of ``activity_seq``),
    to run alone (``insert_activity``) or with its event (``insert_event``'s ``with_``);
    the transaction is marked as writing the organisation's activity."""
    params: dict[str, Any] = {
        "org": entry["org_id"],
        "id": entry["activity_id"],
        "cid": entry["conversation_id"],
        "type": entry["type_"],
        "at": entry["at"],
        "author": entry["author_id"],
        "attrs": entry["attributes"],
    }
    mark_activity(tx, entry["org_id"])
    return await _seq(tx, "activity_seq", _INSERT_ACTIVITY, params), params


async def insert_activity(tx: Tx, **entry: Unpack[ActivityEntry]) -> None:
    """One entry alone; its ``seq`` is the next value of ``activity_seq``."""
    await tx.execute(*await activity_statement(tx, **entry))


async def insert_activities(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Several entries in one batch; each row has the keys of ``activity_statement``'s
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
    with_: Sequence[tuple[str, dict[str, Any]]] = (),
) -> int:
    """One event; its ``seq`` (returned) is the next value of ``event_seq``. ``with_``: an
    entry's statement (``activity_statement``), and those written with it, written with
    the event, in one round trip on PostgreSQL (``write_together``)."""
    params: dict[str, Any] = {
        "org": org_id,
        "id": event_id,
        "fqn": fqn,
        "cid": conversation_id,
        "payload": payload.decode(),
        "at": at,
    }
    sql = await _seq(tx, "event_seq", _INSERT_EVENT, params)
    statements = list(with_)
    if "seq" in params:
        await write_together(tx, [*statements, (sql, params)])
        return int(params["seq"])
    row = await write_together(tx, [*statements, (sql + " RETURNING seq", params)])
    assert row is not None
    return int(row[0])


async def insert_events(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Several events in one batch; each row has the keys of ``insert_event``'s statement
    (org, seq, id, fqn, cid, payload, at)."""
    await tx.execute_many(_INSERT_EVENT.format(seq=":seq"), rows)
