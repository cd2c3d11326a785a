"""SQL for the tags applied to conversations."""

from __future__ import annotations

from parley.store import Tx
from parley.store.rows import columns, decoder, fetch_rows
from parley.tags.repository import TagRow

_TAG_COLS = columns(TagRow, "t")
_tag = decoder(TagRow)


async def touch_conversation(tx: Tx, org_id: str, conversation_id: int, now: int) -> int:
    """Mark a change of the conversation's tags; an anonymized one is left as it is (0).
    The UPDATE waits for a concurrent anonymization job and sees what it committed."""
    return await tx.execute(
        "UPDATE conversations SET updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :id AND anonymized_at IS NULL",
        {"org": org_id, "id": conversation_id, "now": now},
    )


async def list_tags(tx: Tx, org_id: str, conversation_id: int) -> list[TagRow]:
    sql = (
        f"SELECT {_TAG_COLS} FROM conversation_tags ct "
        "JOIN tags t ON t.org_id = ct.org_id AND t.id = ct.tag_id "
        "WHERE ct.org_id = :org AND ct.conversation_id = :cid ORDER BY ct.created_at, t.name"
    )
    return await fetch_rows(tx, _tag, sql, {"org": org_id, "cid": conversation_id})


async def add(tx: Tx, org_id: str, conversation_id: int, tag_id: str, now: int) -> bool:
    """Apply a tag; True when it was not applied before."""
    count = await tx.execute(
        "INSERT INTO conversation_tags (org_id, conversation_id, tag_id, created_at) "
        "VALUES (:org, :cid, :tag, :now) "
        "ON CONFLICT (org_id, conversation_id, tag_id) DO NOTHING",
        {"org": org_id, "cid": conversation_id, "tag": tag_id, "now": now},
    )
    return count > 0


async def remove(tx: Tx, org_id: str, conversation_id: int, tag_id: str) -> bool:
    count = await tx.execute(
        "DELETE FROM conversation_tags WHERE org_id = :org AND conversation_id = :cid "
        "AND tag_id = :tag",
        {"org": org_id, "cid": conversation_id, "tag": tag_id},
    )
    return count > 0
