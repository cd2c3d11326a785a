"""Custom attribute values on conversations.

A patch maps definition ids to values. Every key must be the id of a Conversation
definition of the organisation; Text takes a string, Select a list of active option
values (nested options included); ``null`` unsets, and so does an empty Select list.
Archived or deactivated definitions only accept ``null``. Any bad key or value is
``400 Invalid input for patching`` and nothing changes. A patch that changes values writes
one ConversationCustomAttributesUpdated activity entry ``{updatedAttributeIds,
updatedAttributeValues}`` (Dixa's shape; ``null`` for an unset value) with Dixa's webhook
event ConversationCustomAttributeUpdated, and touches the conversation.
"""

from __future__ import annotations

from typing import Any

from parley.attributes.service import INVALID_PATCH, get_definitions, validate_value
from parley.conversation_attributes import repository as repo
from parley.conversation_attributes import schemas as wire
from parley.conversation_record.guard import require
from parley.errors import Invalid
from parley.kit.ids import is_uuid
from parley.uow import Ctx

ACTIVITY = "ConversationCustomAttributesUpdated"
EVENT = "ConversationCustomAttributeUpdated"


def _wire(rows: list[repo.ValueRow]) -> list[wire.ConversationAttribute]:
    return [wire.ConversationAttribute(r.attribute_id, r.name, r.identifier, r.value) for r in rows]


async def list_values(ctx: Ctx, conversation_id: int) -> list[wire.ConversationAttribute]:
    """For other domains (the conversation read): the values set on a conversation."""
    return _wire(await repo.list_values(ctx.tx, ctx.org_id, conversation_id))


async def patch(
    ctx: Ctx, conversation_id: int, body: dict[str, Any]
) -> list[wire.ConversationAttribute]:
    await require(ctx, conversation_id, lock=True, changeable=True)
    keys = list(body)
    if not all(is_uuid(k) for k in keys):
        raise Invalid(INVALID_PATCH)
    definitions = await get_definitions(ctx.tx, ctx.org_id, keys, "Conversation")
    changes: dict[str, str | list[str] | None] = {}
    for key in keys:  # validate everything before writing
        definition = definitions.get(key)
        if definition is None:
            raise Invalid(INVALID_PATCH)
        value = validate_value(definition, body[key])
        changes[definition.id] = None if value == [] else value
    current = {
        r.attribute_id: r for r in await repo.list_values(ctx.tx, ctx.org_id, conversation_id)
    }
    updated: dict[str, str | list[str] | None] = {}
    for attribute_id, value in changes.items():
        before = current.get(attribute_id)
        if (None if before is None else before.value) == value:
            continue
        if value is None:
            await repo.delete(ctx.tx, ctx.org_id, conversation_id, attribute_id)
        else:
            await repo.upsert(ctx.tx, ctx.org_id, conversation_id, attribute_id, value, ctx.now)
        updated[attribute_id] = value
    if updated:
        await ctx.record(
            conversation_id,
            ACTIVITY,
            author_id=ctx.user_id,
            attributes={"updatedAttributeIds": list(updated), "updatedAttributeValues": updated},
            event=EVENT,
        )
        await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    return _wire(await repo.list_values(ctx.tx, ctx.org_id, conversation_id))
