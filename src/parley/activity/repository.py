"""SQL for the activity log and the event outbox."""

from __future__ import annotations

from parley.store import Tx


async def insert_activity(
    tx: Tx,
    *,
    org_id: str,
    seq: int,
    activity_id: str,
    conversation_id: int,
    type_: str,
    at: int,
    author_id: str | None,
    attributes: str | None,
) -> None:
    await tx.execute(
        "INSERT INTO activity (org_id, seq, id, conversation_id, type, activity_at, author_id, "
        "attributes) VALUES (:org, :seq, :id, :cid, :type, :at, :author, :attrs)",
        {"org": org_id, "seq": seq, "id": activity_id, "cid": conversation_id, "type": type_,
         "at": at, "author": author_id, "attrs": attributes},
    )


async def insert_event(
    tx: Tx,
    *,
    org_id: str,
    seq: int,
    event_id: str,
    fqn: str,
    conversation_id: int | None,
    payload: bytes,
    at: int,
) -> None:
    await tx.execute(
        "INSERT INTO events (org_id, seq, id, fqn, conversation_id, payload, created_at) "
        "VALUES (:org, :seq, :id, :fqn, :cid, :payload, :at)",
        {"org": org_id, "seq": seq, "id": event_id, "fqn": fqn, "cid": conversation_id,
         "payload": payload.decode(), "at": at},
    )


async def list_events(tx: Tx, org_id: str, after_seq: int, limit: int) -> list[tuple[int, str, str]]:
    rows = await tx.fetch_all(
        "SELECT seq, fqn, payload FROM events WHERE org_id = :org AND seq > :after "
        "ORDER BY seq LIMIT :limit",
        {"org": org_id, "after": after_seq, "limit": limit},
    )
    return [(int(r[0]), r[1], r[2]) for r in rows]
