"""The generic anonymization request: one body naming a conversation (``entityId`` its id),
a message (``<conversationId>_<messageId>``) or an end user (a UUID), handled exactly as
the entity's own ``…/anonymize`` route handles it. The entity is a reference in the body,
so one that does not exist is a 400, not a 404."""

from __future__ import annotations

from parley.anonymization import service as anonymization
from parley.anonymization.schemas import ENTITY_TYPES, AnonymizationRequest
from parley.anonymization_entity.schemas import AnonymizeEntity
from parley.errors import NotFound, invalid_body
from parley.http.params import INT64_MAX
from parley.kit.ids import is_uuid
from parley.uow import Ctx

_BY_ENTITY_TYPE = {v: k for k, v in ENTITY_TYPES.items()}


def _kind(body: AnonymizeEntity) -> str:
    if body.type_ is not None:
        return body.type_
    kind = _BY_ENTITY_TYPE.get(body.entityType or "")
    if kind is None:
        raise invalid_body("_type must be Conversation, Message or User")
    return kind


def _conversation_id(raw: str) -> int:
    value = int(raw) if raw.isdigit() else 0
    if not 0 < value <= INT64_MAX:
        raise invalid_body("entityId is not a conversation id")
    return value


async def anonymize(ctx: Ctx, body: AnonymizeEntity) -> AnonymizationRequest:
    kind, entity = _kind(body), body.entityId.strip()
    try:
        if kind == "Conversation":
            cid = _conversation_id(entity)
            return await anonymization.conversation(ctx, cid, body.forceAnonymization)
        if kind == "Message":
            cid_text, _, message_id = entity.partition("_")
            if not is_uuid(message_id):
                raise invalid_body("entityId is not <conversationId>_<messageId>")
            return await anonymization.message(ctx, _conversation_id(cid_text), message_id.lower())
        if not is_uuid(entity):
            raise invalid_body("entityId is not a user id")
        return await anonymization.end_user(ctx, entity.lower(), body.forceAnonymization)
    except NotFound:
        raise invalid_body(f"entityId names no {kind.lower()} of the organisation") from None
