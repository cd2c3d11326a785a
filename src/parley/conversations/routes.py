"""Conversations: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.conversations import create as create_service
from parley.conversations import importing, link, read
from parley.conversations import schemas as wire
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging, paged
from parley.http.openapi import BODY_NOT_FOUND
from parley.http.params import int64_path, uuid_path

CONVERSATIONS = Routes("Conversations")
END_USERS = Routes("End Users")


@CONVERSATIONS.post("/conversations", "Create a conversation", WRITE, responses=BODY_NOT_FOUND)
async def create_conversation(
    ctx: Context, data: JSONBody[wire.CreateConversation]
) -> Data[wire.CreatedConversation]:
    """Creates an `Email`, `ContactForm`, `Chat`, `Sms` or `Callback` conversation (by `_type`).

    Rules: `requesterId` must be an end user of the organisation (not an agent); an `Outbound`
    first message needs `message.agentId`, an agent of the organisation, and the conversation
    is assigned to that agent; an `Inbound` one is Open and queued in the default queue (an
    `Email` or `ContactForm` one: in the queue its `emailIntegrationId` endpoint names, when
    it names one, see `PUT /v1/contact-endpoints/{id}/queue`).
    `Callback` has no message, hence no authoring agent: in either direction it is queued in
    `queueId`, unassigned (an `Outbound` one is logged ConversationCreatedByAgent by the
    token's user, who is not assigned: an agent takes it from the queue).
    `emailIntegrationId` must be an EmailEndpoint address (Email also needs a requester with an
    email: `fromEmail` is the requester's address, `toEmail` the integration's), `widgetId` a
    ChatWidget, `contactEndpointId` a TelephonyEndpoint. `Sms` takes outbound messages only.
    Attachments are downloaded before anything is written.

    The first message's `externalId`, when given, is also the conversation's: a conversation
    of the organisation that has it already (the same create sent twice, an imported
    conversation) makes the create fail with `Duplicate externalId`.

    Errors: 400 `Invalid value for: body, <reason>` (such as `requesterId is an agent, not an
    end user`, `agentId is not an agent of the organisation`), `Invalid input for Message`,
    `Unsupported ConversationChannel`, `Failure to download attachment`, `Queue does not exist`,
    `Duplicate externalId`; 404 when `requesterId` or the message's `agentId` names no user of
    the organisation (as Dixa's reference lists).
    """
    return Data(await create_service.create(ctx, data))


@CONVERSATIONS.post("/conversations/import", "Import a conversation", WRITE)
async def import_conversation(
    ctx: Context, data: JSONBody[wire.ImportConversation]
) -> Data[wire.ImportedConversation]:
    """Imports a historical `GenericConversationImport`: `createdAt` is kept on the
    conversation, each message (`InboundImport` authored by the requester, `OutboundImport` by
    `agentId`) and the activity entries; `assignment` assigns, `closing {closedAt, closedBy}`
    closes; otherwise the conversation is queued in the default queue. Imports emit no webhook
    events.

    Errors: 400 `Requester does not exist`, `Agent does not exist` (a message author),
    `Duplicate externalId` (a conversation with that `externalId` exists),
    `Invalid input for Message`, `Invalid value for: body, <reason>` (e.g. `requesterId is
    an agent, not an end user`, as when creating a conversation). Non-fatal problems (an
    assignment that cannot be made, an attachment that cannot be fetched, an unknown
    `closedBy`) are listed in `partialErrors` and the rest is imported.
    """
    return Data(await importing.import_conversation(ctx, data))


@CONVERSATIONS.get("/conversations/{conversationId:str}", "Get a conversation", READ)
async def get_conversation(ctx: Context, conversationId: FromPath[str]) -> Data[wire.Conversation]:
    """The conversation in the shape of its `_type` (with assignment, queue, link and custom
    attributes); an anonymized one is an `AnonymizedConversation`. 404 for unknown ids."""
    return Data(await read.get(ctx, int64_path("conversationId", conversationId)))


@CONVERSATIONS.get("/conversations/{conversationId:str}/linked", "List linked conversations", READ)
async def list_linked(ctx: Context, conversationId: FromPath[str]) -> Data[list[wire.Conversation]]:
    """The child conversations linked to this one (oldest first)."""
    return Data(await read.linked(ctx, int64_path("conversationId", conversationId)))


@CONVERSATIONS.put(
    "/conversations/{conversationId:str}/link",
    "Link a conversation to a parent",
    WRITE,
    status_code=204,
)
async def link_conversation(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.LinkConversation]
) -> None:
    """Makes this conversation a child (`linkType` Related or SideConversation, Dixa's input
    values, or FollowUp or EmailForward, the other types Dixa shows) of `parentId`; it then
    shows `link {_type, parentId}` (`_type` the `linkType` given; Dixa's output lists no
    `Related`) and is listed by the parent's `/linked`. Linking again to the same parent
    only changes the type.

    Errors (400 `Invalid value for: body, <reason>`): the parent is not a conversation of the
    organisation, is the conversation itself, or is itself a child; the conversation already
    has another parent or has children of its own; the parent already has 100 children.
    400 `The conversation is anonymized` when the conversation or the parent is
    anonymized. 404 for an unknown conversation.
    """
    await link.link(ctx, int64_path("conversationId", conversationId), data)


@END_USERS.get("/endusers/{userId:str}/conversations", "List an end user's conversations", READ)
async def list_end_user_conversations(
    ctx: Context,
    userId: FromPath[str],
    paging: Paging,
) -> Page[wire.Conversation]:
    """Conversations requested by the user, newest first, paged with `pageKey` / `pageLimit`
    (default 50). 404 for an unknown user."""
    return paged(await read.by_end_user(ctx, uuid_path("userId", userId), **paging.window))


ROUTES = [
    create_conversation,
    import_conversation,
    get_conversation,
    list_linked,
    link_conversation,
    list_end_user_conversations,
]
