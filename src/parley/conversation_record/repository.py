"""SQL for conversations and the references they check (users, queues, endpoints)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from parley.store import Tx, keyset
from parley.store.database import by_id, insert_sql, row_params, rows_among, rows_where, user_name
from parley.store.rows import columns, decoder, exists, fetch_rows, fetch_text


@dataclass
class ConversationRow:
    id: int
    type: str
    channel: str
    direction: str
    state: str
    state_updated_at: int | None
    requester_id: str
    subject: str | None
    language: str | None
    from_email: str | None
    to_email: str | None
    integration_email: str | None
    from_number: str | None
    to_number: str | None
    contact_endpoint_id: str | None
    widget_id: str | None
    browser_info: str | None
    extra: str
    assigned_agent_id: str | None
    assigned_at: int | None
    queue_id: str | None
    queued_at: int | None
    last_queue_id: str | None
    link_parent_id: int | None
    link_type: str | None
    followup_until: int | None
    external_id: str | None
    generic_channel_name: str | None
    imported: bool
    created_at: int
    updated_at: int
    closed_at: int | None
    last_message_at: int | None
    last_activity_at: int | None
    anonymized_at: int | None


_COLS = columns(ConversationRow)
_C_COLS = columns(ConversationRow, "c")
_N = len(fields(ConversationRow))
_row = decoder(ConversationRow)


async def get(
    tx: Tx, org_id: str, conversation_id: int, *, for_update: bool = False
) -> ConversationRow | None:
    """The conversation; ``for_update`` also locks its row until the transaction ends
    (``tx.for_update``: the latest committed version once the lock is held)."""
    sql = f"SELECT {_COLS} FROM conversations WHERE org_id = :org AND id = :id"
    if for_update:
        sql += tx.for_update
    r = await tx.fetch_one(sql, {"org": org_id, "id": conversation_id})
    return None if r is None else _row(r)


async def assigned_to(tx: Tx, org_id: str, agent_id: str) -> list[ConversationRow]:
    """The conversations (not closed) assigned to ``agent_id``, by id."""
    rows = await tx.fetch_all(
        f"SELECT {_COLS} FROM conversations WHERE org_id = :org AND assigned_agent_id = :agent "
        "AND state <> 'Closed' ORDER BY id",
        {"org": org_id, "agent": agent_id},
    )
    return [_row(r) for r in rows]


async def get_with_attributes(
    tx: Tx, org_id: str, conversation_id: int
) -> tuple[ConversationRow, list[AttributeValueRow]] | None:
    """The conversation and its custom attribute values (as ``attribute_values``) in one
    statement: one row per value, or one row with NULLs when it has none. The values are
    put in ``attribute_values``' order here, not by the statement (an ORDER BY makes the
    store build a sorter for every read, of one row most of the time)."""
    rows = await tx.fetch_all(
        f"SELECT {_C_COLS}, a.id, a.label, a.identifier, v.value, a.created_at "
        "FROM conversations c "
        "LEFT JOIN conversation_attributes v ON v.org_id = c.org_id AND v.conversation_id = c.id "
        "LEFT JOIN custom_attributes a ON a.org_id = v.org_id AND a.id = v.attribute_id "
        "WHERE c.org_id = :org AND c.id = :id",
        {"org": org_id, "id": conversation_id},
    )
    if not rows:
        return None
    valued = [r for r in rows if r[_N] is not None]
    if len(valued) > 1:
        valued.sort(key=lambda r: (r[_N + 4], r[_N]))  # a.created_at, a.id
    return _row(rows[0]), [_value_after_conversation(r) for r in valued]


_INSERT = insert_sql("conversations", _COLS)


async def insert(tx: Tx, org_id: str, row: ConversationRow) -> None:
    await tx.execute(_INSERT, row_params(org_id, row))


async def insert_next(tx: Tx, org_id: str, row: ConversationRow) -> int:
    """Insert the conversation with the next value of ``conversation_id`` as its id (not
    ``row.id``; drawn by the insert, ``Tx.seq_expr``); returns it."""
    params = row_params(org_id, row)
    sql = _INSERT.replace(":id,", "{seq},", 1) + " RETURNING id"
    return int(
        await tx.fetch_val(sql.format(seq=await tx.seq_expr("conversation_id", params)), params)
    )


def update_statement(
    org_id: str, conversation_id: int, **changes: object
) -> tuple[str, dict[str, Any]]:
    """The statement of ``update`` (to write with another: ``journal.record``'s ``also``)."""
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    params: dict[str, Any] = dict(changes)
    params.update(org=org_id, cid=conversation_id)
    return f"UPDATE conversations SET {sets} WHERE org_id = :org AND id = :cid", params


async def update(tx: Tx, org_id: str, conversation_id: int, **changes: object) -> int:
    return await tx.execute(*update_statement(org_id, conversation_id, **changes))


async def touch(tx: Tx, org_id: str, conversation_id: int, now: int) -> None:
    """Mark a change of the conversation (its update and activity times)."""
    await tx.execute(
        "UPDATE conversations SET updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id, "now": now},
    )


async def external_id_taken(tx: Tx, org_id: str, external_id: str) -> bool:
    sql = "SELECT 1 FROM conversations WHERE org_id = :org AND external_id = :ext"
    return await exists(tx, sql, {"org": org_id, "ext": external_id})


async def children(tx: Tx, org_id: str, parent_id: int) -> list[ConversationRow]:
    # ``+created_at``: not an index term, so SQLite's planner looks the children up in
    # ix_conversations_parent and sorts those few, instead of walking the organisation's
    # every conversation in ix_conversations_created order (ANALYZE or not).
    return await rows_where(
        tx, _row, "conversations", _COLS, org_id, "link_parent_id", parent_id, "+created_at, id"
    )


async def count_children(tx: Tx, org_id: str, parent_id: int) -> int:
    return int(
        await tx.fetch_val(
            "SELECT COUNT(*) FROM conversations WHERE org_id = :org AND link_parent_id = :pid",
            {"org": org_id, "pid": parent_id},
        )
    )


async def by_requester_page(
    tx: Tx, org_id: str, requester_id: str, *, after: list[object] | None, limit: int
) -> list[ConversationRow]:
    """Newest first."""
    sql = f"SELECT {_COLS} FROM conversations WHERE org_id = :org AND requester_id = :rid"
    params: dict[str, object] = {"org": org_id, "rid": requester_id}
    return await keyset.fetch_page(tx, sql, params, _row, after=after, limit=limit, descending=True)


# ---- references -----------------------------------------------------------------------


@dataclass(frozen=True)
class UserRef:
    id: str
    kind: str
    name: str | None
    email: str | None
    phone_number: str | None


USER_COLUMNS = f"id, kind, {user_name()}, email, phone_number"


def _or_none(name: str | None) -> str | None:
    return name or None


_user_ref = decoder(UserRef, name=_or_none)


async def get_user(tx: Tx, org_id: str, user_id: str) -> UserRef | None:
    return await by_id(tx, _user_ref, "users", USER_COLUMNS, org_id, user_id)


async def get_users(tx: Tx, org_id: str, user_ids: list[str]) -> dict[str, UserRef]:
    """``get_user`` for several ids in one statement: the ones found, by id."""
    sql = f"SELECT {USER_COLUMNS} FROM users WHERE org_id = :org AND id IN :ids"
    rows = await rows_among(tx, sql, org_id, user_ids)
    return {r[0]: _user_ref(r) for r in rows}


async def queue_exists(tx: Tx, org_id: str, queue_id: str) -> bool:
    sql = "SELECT 1 FROM queues WHERE org_id = :org AND id = :id"
    return await exists(tx, sql, {"org": org_id, "id": queue_id})


async def endpoint_queue(tx: Tx, org_id: str, endpoint_id: str) -> str | None:
    """The email endpoint's queue while that queue exists, else None."""
    sql = (
        "SELECT q.id FROM contact_endpoints e JOIN queues q"
        " ON q.org_id = e.org_id AND q.id = e.queue_id"
        " WHERE e.org_id = :org AND e.id = :id"
    )
    return await fetch_text(tx, sql, {"org": org_id, "id": endpoint_id})


async def endpoint_type(tx: Tx, org_id: str, endpoint_id: str) -> str | None:
    sql = "SELECT type FROM contact_endpoints WHERE org_id = :org AND id = :id"
    return await fetch_text(tx, sql, {"org": org_id, "id": endpoint_id})


@dataclass(frozen=True)
class AttributeValueRow:
    id: str
    label: str
    identifier: str
    value: str


_attribute_value = decoder(AttributeValueRow)
_value_after_conversation = decoder(AttributeValueRow, _N)
_value_after_id = decoder(AttributeValueRow, 1)


async def attribute_values(tx: Tx, org_id: str, conversation_id: int) -> list[AttributeValueRow]:
    sql = (
        "SELECT a.id, a.label, a.identifier, v.value FROM conversation_attributes v "
        "JOIN custom_attributes a ON a.org_id = v.org_id AND a.id = v.attribute_id "
        "WHERE v.org_id = :org AND v.conversation_id = :cid ORDER BY a.created_at, a.id"
    )
    return await fetch_rows(tx, _attribute_value, sql, {"org": org_id, "cid": conversation_id})


async def attribute_values_many(
    tx: Tx, org_id: str, conversation_ids: list[int]
) -> dict[int, list[AttributeValueRow]]:
    out: dict[int, list[AttributeValueRow]] = {}
    rows = await rows_among(
        tx,
        "SELECT v.conversation_id, a.id, a.label, a.identifier, v.value "
        "FROM conversation_attributes v "
        "JOIN custom_attributes a ON a.org_id = v.org_id AND a.id = v.attribute_id "
        "WHERE v.org_id = :org AND v.conversation_id IN :ids ORDER BY a.created_at, a.id",
        org_id,
        conversation_ids,
    )
    for r in rows:
        out.setdefault(int(r[0]), []).append(_value_after_id(r))
    return out
