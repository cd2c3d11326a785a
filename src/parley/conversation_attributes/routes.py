"""Conversation custom attributes: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Any

from litestar.params import FromPath, JSONBody

from parley.conversation_attributes import schemas as wire
from parley.conversation_attributes import service
from parley.http.context import WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.params import int64_path

CONVERSATIONS = Routes("Conversations")


@CONVERSATIONS.patch(
    "/conversations/{conversationId:str}/custom-attributes",
    "Patch conversation custom attributes",
    WRITE,
)
async def patch_conversation_attributes(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[dict[str, Any]]
) -> Data[list[wire.ConversationAttribute]]:
    """Body: a map from custom attribute definition id to value. Each key must be a
    Conversation definition of the organisation; Text takes a string, Select a list of
    active option values; `null` (or an empty Select list) unsets; archived or deactivated
    definitions only take `null`. Returns every attribute set on the conversation
    `[{id, name, identifier, value}]`. A patch that changes values writes one
    `ConversationCustomAttributesUpdated` activity entry `{updatedAttributeIds,
    updatedAttributeValues}` (`null` for an unset value) and the webhook event
    ConversationCustomAttributeUpdated. Errors: 400 `Invalid input for patching` (nothing is
    changed), `Invalid value for: body` for a body that is not an object, `Invalid value
    for: path parameter conversationId`; 404 for an unknown conversation."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.patch(ctx, cid, data))


ROUTES = [patch_conversation_attributes]
