"""SQL for the custom attribute values set on conversations."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from parley.conversation_record import repository as conversations
from parley.store import Tx


@dataclass(frozen=True)
class ValueRow:
    attribute_id: str
    name: str
    identifier: str
    value: str | list[str]


touch_conversation = conversations.touch


async def list_values(tx: Tx, org_id: str, conversation_id: int) -> list[ValueRow]:
    """The values set on the conversation, with their definitions' label and identifier,
    in the definitions' creation order."""
    rows = await tx.fetch_all(
        "SELECT ca.attribute_id, d.label, d.identifier, ca.value "
        "FROM conversation_attributes ca "
        "JOIN custom_attributes d ON d.org_id = ca.org_id AND d.id = ca.attribute_id "
        "WHERE ca.org_id = :org AND ca.conversation_id = :cid ORDER BY d.created_at, d.id",
        {"org": org_id, "cid": conversation_id},
    )
    return [ValueRow(r[0], r[1], r[2], msgspec.json.decode(r[3])) for r in rows]


async def upsert(
    tx: Tx,
    org_id: str,
    conversation_id: int,
    attribute_id: str,
    value: str | list[str],
    now: int,
) -> None:
    await tx.execute(
        "INSERT INTO conversation_attributes (org_id, conversation_id, attribute_id, value, "
        "updated_at) VALUES (:org, :cid, :aid, :value, :now) "
        "ON CONFLICT (org_id, conversation_id, attribute_id) "
        "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        {
            "org": org_id,
            "cid": conversation_id,
            "aid": attribute_id,
            "value": msgspec.json.encode(value).decode(),
            "now": now,
        },
    )


async def delete(tx: Tx, org_id: str, conversation_id: int, attribute_id: str) -> None:
    await tx.execute(
        "DELETE FROM conversation_attributes WHERE org_id = :org AND conversation_id = :cid "
        "AND attribute_id = :aid",
        {"org": org_id, "cid": conversation_id, "aid": attribute_id},
    )
