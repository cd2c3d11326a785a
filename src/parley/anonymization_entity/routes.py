"""Dixa's deprecated generic anonymization routes: thin handlers."""

from __future__ import annotations

from litestar import get, post
from litestar.params import FromPath, JSONBody

from parley.anonymization import service as anonymization
from parley.anonymization.schemas import AnonymizationRequest, AnonymizationRequestStatus
from parley.anonymization_entity import service
from parley.anonymization_entity.schemas import AnonymizeEntity
from parley.http.context import READ, WRITE, Context
from parley.http.envelope import Data
from parley.http.openapi import CONFLICT
from parley.http.params import uuid_path

ANONYMIZATION = ["Anonymization"]


@post(
    "/anonymization",
    tags=ANONYMIZATION,
    summary="Anonymize entity",
    status_code=200,
    responses=CONFLICT,
    opt=WRITE,
)
async def anonymize_entity(
    ctx: Context, data: JSONBody[AnonymizeEntity]
) -> Data[AnonymizationRequest]:
    """Deprecated in Dixa (the entities' own `…/anonymize` routes replace it): `{entityId,
    _type: Conversation|Message|User, forceAnonymization?}` (a message's `entityId` is
    `<conversationId>_<messageId>`; `entityType` is read when `_type` is absent). Does what
    the entity's own route does and answers the same request. `400` when the entity is
    malformed or not the organisation's; `409` a conversation that is not Closed without
    `forceAnonymization`."""
    return Data(await service.anonymize(ctx, data))


@get(
    "/anonymization/request/{requestId:str}",
    tags=ANONYMIZATION,
    summary="Get anonymization status",
    opt=READ,
)
async def get_request(ctx: Context, requestId: FromPath[str]) -> Data[AnonymizationRequestStatus]:
    """An anonymization request made earlier (any entity), `processedAt` set once done,
    with Parley's `status` (pending, done, failed). `400` non-UUID id; `404` unknown."""
    return Data(await anonymization.get(ctx, uuid_path("requestId", requestId)))


ROUTES = [anonymize_entity, get_request]
