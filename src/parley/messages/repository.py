"""SQL for messages and attachments."""

from __future__ import annotations

from dataclasses import dataclass, replace

from parley.store import Tx
from parley.store.database import insert_sql, row_params
from parley.store.rows import Table, columns, decoder, exists


@dataclass(frozen=True)
class MessageRow:
    id: str
    conversation_id: int
    seq: int
    author_id: str | None
    direction: str
    content_type: str
    content: str | None
    text: str | None
    external_id: str | None
    attributes: str
    attachments: str
    created_at: int
    anonymized_at: int | None


_MESSAGES = Table("messages", MessageRow)
_COLS = _MESSAGES.columns
_row = _MESSAGES.row
# The message in the columns after the first.
_row_after_first = decoder(MessageRow, 1)


async def next_seq(tx: Tx, org_id: str, conversation_id: int) -> int:
    v = await tx.fetch_val(
        "SELECT COALESCE(MAX(seq), 0) FROM messages WHERE org_id = :org AND conversation_id = :cid",
        {"org": org_id, "cid": conversation_id},
    )
    return int(v or 0) + 1


async def external_id_taken(tx: Tx, org_id: str, conversation_id: int, external_id: str) -> bool:
    sql = (
        "SELECT 1 FROM messages WHERE org_id = :org AND conversation_id = :cid "
        "AND external_id = :ext"
    )
    return await exists(tx, sql, {"org": org_id, "cid": conversation_id, "ext": external_id})


_INSERT = insert_sql("messages", _COLS)


async def insert_many(tx: Tx, org_id: str, rows: list[MessageRow]) -> None:
    """Several messages in one batch (an import)."""
    if rows:
        await tx.execute_many(_INSERT, [row_params(org_id, m) for m in rows])


async def insert(tx: Tx, org_id: str, m: MessageRow) -> None:
    await tx.execute(_INSERT, row_params(org_id, m))


# ``seq`` drawn in the statement: one past the conversation's last message (the subquery's
# parameters named apart: PostgreSQL deduces a parameter's type once per statement).
_INSERT_NEXT = (
    _INSERT.replace(
        ":seq,",
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM messages "
        "WHERE org_id = :in_org AND conversation_id = :in_conversation),",
        1,
    )
    + " RETURNING seq"
)


async def insert_next(tx: Tx, org_id: str, m: MessageRow) -> MessageRow:
    """Insert ``m`` after the conversation's last message (its ``seq`` ignored; what
    ``next_seq`` then ``insert`` write, in one statement); returns it with its ``seq``.
    The caller holds the conversation's row lock, so no other insert takes that place."""
    params = row_params(org_id, m, in_org=org_id, in_conversation=m.conversation_id)
    seq = await tx.fetch_val(_INSERT_NEXT, params)
    return replace(m, seq=int(seq))


_M_COLS = columns(MessageRow, "m")


async def list_with_channel(
    tx: Tx, org_id: str, conversation_id: int
) -> tuple[str, list[MessageRow]] | None:
    """The conversation's channel and all its messages, oldest first, in one statement;
    None when the conversation does not exist."""
    rows = await tx.fetch_all(
        f"SELECT c.channel, {_M_COLS} FROM conversations c "
        "LEFT JOIN messages m ON m.org_id = c.org_id AND m.conversation_id = c.id "
        "WHERE c.org_id = :org AND c.id = :cid ORDER BY m.seq",
        {"org": org_id, "cid": conversation_id},
    )
    if not rows:
        return None
    return rows[0][0], [_row_after_first(r) for r in rows if r[1] is not None]


async def list_page(
    tx: Tx, org_id: str, conversation_id: int, *, after: int | None, limit: int | None
) -> list[MessageRow]:
    """Oldest first (by position in the conversation)."""
    sql = f"SELECT {_COLS} FROM messages WHERE org_id = :org AND conversation_id = :cid"
    params: dict[str, object] = {"org": org_id, "cid": conversation_id}
    if after is not None:
        sql += " AND seq > :after"
        params["after"] = after
    sql += " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [_row(r) for r in await tx.fetch_all(sql, params)]


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    message_id: str | None
    pretty_name: str | None
    source_url: str | None
    content_type: str | None
    size: int
    blob_path: str | None
    created_at: int
    deleted_at: int | None


_ATTACHMENTS = Table("attachments", AttachmentRow)
get_attachment = _ATTACHMENTS.get
get = _MESSAGES.get


async def insert_attachment(tx: Tx, org_id: str, a: AttachmentRow) -> None:
    """A new attachment (not deleted)."""
    await _ATTACHMENTS.insert(tx, org_id, a, deleted_at=None)
