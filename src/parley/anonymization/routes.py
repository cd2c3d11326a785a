"""Anonymization: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, FromQuery, JSONBody

from parley.anonymization import entity, service
from parley.anonymization import schemas as wire
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.openapi import CONFLICT
from parley.http.params import int64_path, uuid_path

CONVERSATION = Routes("Conversations", prefix="/conversations/{conversationId:str}")
END_USERS = Routes("End Users")
ANONYMIZATION = Routes("Anonymization")

CID = "conversationId"


@CONVERSATION.patch(
    "/anonymize", "Anonymize conversation", WRITE, responses=CONFLICT, status_code=202
)
async def anonymize_conversation(
    ctx: Context, conversationId: FromPath[str], force: FromQuery[bool] = False
) -> Data[wire.AnonymizationRequest]:
    """Requests the anonymization of the conversation: message text, HTML and addresses,
    attachments (files deleted), subject, email addresses, phone numbers, browser info,
    custom attribute values, note texts and rating comments. Afterwards `GET` answers an
    `AnonymizedConversation` with `anonymizedAt`, and its messages keep ids, authors and
    times only. The activity log keeps every entry without personal content and records
    `ConversationAnonymized`. Other conversations of the requester are not touched.

    A second request for the same conversation returns the first (in progress or done).
    Errors: `400` path/query texts; `404` unknown conversation; `409` the conversation is
    not Closed (with `force=true` it is closed first: ConversationClosed).

    The work runs as a durable background job (retried on failure); follow it with
    `GET /v1/anonymization/request/{id}`. If the conversation is not Closed when the job
    runs (it was reopened, or took an inbound message, after the request), the job closes
    it first (ConversationClosed, authored by `requestedBy`), then anonymizes it. When
    done, `processedAt` is set and the content is gone from the API, the search index, the
    activity log and queued webhook events; the conversation then refuses every change
    (messages, notes, tags, custom attributes, ratings, link, routing) with `400` `The
    conversation is anonymized`, while reads still answer."""
    data = await service.conversation(ctx, int64_path(CID, conversationId), force)
    return Data(data)


@CONVERSATION.patch(
    "/messages/{messageId:str}/anonymize", "Anonymize message", WRITE, status_code=202
)
async def anonymize_message(
    ctx: Context, conversationId: FromPath[str], messageId: FromPath[str]
) -> Data[wire.AnonymizationRequest]:
    """Requests the anonymization of one message (`targetEntityId`
    `<conversationId>_<messageId>`): its content, addresses and attachments; it keeps its
    id, author and time. The conversation may be in any state; nothing else in it changes
    (`ConversationMessageRedacted` is recorded). A second request returns the first.
    Errors: `400` path texts; `404` unknown conversation, or a message not in it."""
    cid = int64_path(CID, conversationId)
    data = await service.message(ctx, cid, uuid_path("messageId", messageId))
    return Data(data)


@END_USERS.patch(
    "/endusers/{userId:str}/anonymize",
    "Anonymize end user",
    WRITE,
    responses=CONFLICT,
    status_code=202,
)
async def anonymize_end_user(
    ctx: Context, userId: FromPath[str], force: FromQuery[bool] = False
) -> Data[wire.AnonymizationRequest]:
    """Requests the anonymization of the end user (names, email addresses, phone numbers,
    external id, avatar, custom attributes) and of every conversation they requested.
    A second request returns the first.
    Errors: `400` path/query texts; `404` not an end user of the organisation; `409` one
    of their conversations is not Closed (with `force=true` those are closed first).

    The work runs as a durable background job. It covers every conversation the end user
    requested when it runs, including ones started after the request; any of them that is
    not Closed then (new, or reopened) is closed first by the job (ConversationClosed,
    authored by `requestedBy`), then anonymized."""
    data = await service.end_user(ctx, uuid_path("userId", userId), force)
    return Data(data)


@ANONYMIZATION.get("/anonymization/request/{requestId:str}", "Get anonymization status", READ)
async def get_anonymization_status(
    ctx: Context, requestId: FromPath[str]
) -> Data[wire.AnonymizationRequestStatus]:
    """The request answered by an `anonymize` call (Dixa's path). Parley adds its
    `status`: `pending` (the job has not finished; it is retried on failure), `done`
    (`processedAt` set) or `failed` (the job gave up; asking for the anonymization again
    starts it anew). Errors: `400` non-UUID id; `404` unknown."""
    return Data(await service.get(ctx, uuid_path("requestId", requestId)))


@ANONYMIZATION.get(
    "/anonymization/requests/{requestId:str}", "Get an anonymization request (Parley alias)", READ
)
async def get_anonymization_request(
    ctx: Context, requestId: FromPath[str]
) -> Data[wire.AnonymizationRequestStatus]:
    """**Parley extension**: `GET /anonymization/request/{requestId}` under its earlier
    path, kept as an alias."""
    return Data(await service.get(ctx, uuid_path("requestId", requestId)))


@ANONYMIZATION.post(
    "/anonymization", "Anonymize entity", WRITE, responses=CONFLICT, status_code=200
)
async def anonymize_entity(
    ctx: Context, data: JSONBody[wire.AnonymizeEntity]
) -> Data[wire.AnonymizationRequest]:
    """Dixa's (deprecated) single door to the three `anonymize` calls: `{_type:
    "Conversation" | "Message" | "User", entityId, forceAnonymization}` (the older
    `entityType` `ConversationAnonymizationType` … is read when `_type` is absent).
    `entityId`: the conversation id, the end user's id, or `<conversationId>_<messageId>`
    for a message. Answers `200` with the request, as the matching `PATCH …/anonymize`
    does (the same rules: `409` a conversation not Closed without `forceAnonymization`).
    Errors: `400` `The entity type is missing`, `The entityId doesn't match the expected
    format for the specified type`, `An entity in this request could not be found` (an
    unknown entity: a reference in a body is a 400 in Parley), `Invalid value for:
    body`."""
    return Data(await entity.anonymize(ctx, data))


ROUTES = [
    anonymize_conversation,
    anonymize_message,
    anonymize_end_user,
    get_anonymization_status,
    get_anonymization_request,
    anonymize_entity,
]
