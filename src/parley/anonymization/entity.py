"""Dixa's `POST /v1/anonymization` (deprecated there, still served by its clients): one
body naming the entity to anonymize, answered with the request, as the per-resource
`PATCH …/anonymize` calls answer it.

The kind is `_type` (`Conversation`, `Message`, `User`) or, when absent, the older
`entityType` (`ConversationAnonymizationType` …, as a string or as `{_type}`); neither:
`400 The entity type is missing`. `entityId`: a conversation id (digits), a user id
(UUID), or for a message `<conversationId>_<messageId>` (the `targetEntityId` a message
request carries); anything else: `400 The entityId doesn't match the expected format for
the specified type`. `forceAnonymization` is the `force` of the PATCH calls.
"""

from __future__ import annotations

import re
import uuid

from parley.anonymization import service
from parley.anonymization.schemas import ENTITY_TYPES, AnonymizationRequest, AnonymizeEntity
from parley.errors import NOT_FOUND, Invalid, NotFound
from parley.http.params import INT64_MAX
from parley.kit.ids import is_uuid
from parley.uow import Ctx

TYPE_MISSING = "The entity type is missing"
BAD_ID = "The entityId doesn't match the expected format for the specified type"
_KINDS = {v: k for k, v in ENTITY_TYPES.items()}
_MESSAGE = re.compile(r"([0-9]{1,19})_([0-9a-fA-F-]{36})")


def kind_of(body: AnonymizeEntity) -> str:
    if body.type_ is not None:
        if body.type_ not in ENTITY_TYPES:
            raise Invalid(TYPE_MISSING)
        return body.type_
    legacy = body.entityType
    if isinstance(legacy, dict):
        legacy = legacy.get("_type")  # type: ignore[assignment]
    if isinstance(legacy, str) and legacy in _KINDS:
        return _KINDS[legacy]
    raise Invalid(TYPE_MISSING)


def _conversation_id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= INT64_MAX:
        raise Invalid(BAD_ID)
    return int(text)


async def anonymize(ctx: Ctx, body: AnonymizeEntity) -> AnonymizationRequest:
    """The request for the entity; an unknown entity is a reference in the body, so
    ``400 An entity in this request could not be found`` (Parley's rule for bodies)."""
    try:
        return await _anonymize(ctx, body)
    except NotFound:
        raise Invalid(NOT_FOUND) from None


async def _anonymize(ctx: Ctx, body: AnonymizeEntity) -> AnonymizationRequest:
    kind = kind_of(body)
    entity_id = body.entityId.strip()
    if kind == "Conversation":
        cid = _conversation_id(entity_id)
        return await service.conversation(ctx, cid, body.forceAnonymization)
    if kind == "User":
        if not is_uuid(entity_id):
            raise Invalid(BAD_ID)
        return await service.end_user(ctx, str(uuid.UUID(entity_id)), body.forceAnonymization)
    found = _MESSAGE.fullmatch(entity_id)
    if found is None or not is_uuid(found.group(2)):
        raise Invalid(BAD_ID)
    cid = _conversation_id(found.group(1))
    return await service.message(ctx, cid, str(uuid.UUID(found.group(2))))
