"""SQL for tag definitions."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class TagRow:
    id: str
    name: str
    color: str | None
    state: str
    created_at: int


_TAGS = Table("tags", TagRow)


get = _TAGS.get


async def get_by_name(tx: Tx, org_id: str, name: str) -> TagRow | None:
    return await _TAGS.find(tx, org_id, "name", name)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int, include_inactive: bool = True
) -> list[TagRow]:
    where = {"state = 'Active'": not include_inactive}
    return await _TAGS.page(tx, org_id, after=after, limit=limit, where=where)


async def insert(tx: Tx, org_id: str, tag: TagRow) -> bool:
    """Insert unless a tag of that name exists; True when inserted."""
    return await _TAGS.insert(tx, org_id, tag, "ON CONFLICT (org_id, name) DO NOTHING") > 0


async def set_state(tx: Tx, org_id: str, tag_id: str, state: str) -> int:
    return await tx.execute(
        "UPDATE tags SET state = :state WHERE org_id = :org AND id = :id AND state <> :state",
        {"org": org_id, "id": tag_id, "state": state},
    )


async def touch_tagged(tx: Tx, org_id: str, tag_id: str, now: int) -> list[int]:
    """Mark a change of the tags of every conversation that has this tag, except an
    anonymized one (which the UPDATE waits for, as ``touch_conversation``); the ids of
    those touched, ascending. Before ``untag_everywhere``: it finds them by the links."""
    rows = await tx.fetch_all(
        "UPDATE conversations SET updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND anonymized_at IS NULL AND id IN (SELECT conversation_id "
        "FROM conversation_tags WHERE org_id = :org AND tag_id = :id) RETURNING id",
        {"org": org_id, "id": tag_id, "now": now},
    )
    return sorted(int(r[0]) for r in rows)


async def untag_everywhere(tx: Tx, org_id: str, tag_id: str) -> int:
    """Remove the tag from every conversation (anonymized ones too); how many had it."""
    return await tx.execute(
        "DELETE FROM conversation_tags WHERE org_id = :org AND tag_id = :id",
        {"org": org_id, "id": tag_id},
    )


# Delete the tag itself (``untag_everywhere`` first: conversations refer to it).
delete = _TAGS.delete
