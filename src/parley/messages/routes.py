"""Messages and attachments: thin handlers."""

from __future__ import annotations

from urllib.parse import quote

from litestar.params import FromPath, JSONBody
from litestar.response import Stream

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging, paged
from parley.http.params import int64_path, uuid_path
from parley.http.response import file_stream
from parley.messages import attachments, service
from parley.messages import schemas as wire

MESSAGES = Routes("Messages")
CONVERSATION = Routes("Messages", prefix="/conversations/{conversationId:str}")


@CONVERSATION.post("/messages", "Add a message", WRITE, status_code=200)
async def add_message(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.MessageInput]
) -> Data[wire.AddedMessage]:
    """Adds an `Inbound` (author: the requester) or `Outbound` (author: `agentId`, an agent)
    message with `content` of `_type` Text, Html or Markdown.

    Rules: Email, ContactForm, WidgetChat and Messenger conversations take both directions,
    Sms and WhatsApp outbound only; `externalId` is unique per conversation; attachments
    `[{url, prettyName}]` are downloaded now (timeout, size limit, private addresses refused
    unless allowed) and served back from `/v1/attachments/{id}`. An inbound message ends a
    follow-up (FollowupRemoved) and reopens a Closed conversation in its last queue, else the
    default queue (ConversationReopened).

    Errors: 400 `Unsupported ConversationChannel`, `Duplicate externalId`,
    `Failure to download attachment` (nothing is written), `Invalid input for Message`,
    `Invalid value for: body, <reason>` (such as `agentId is not an agent of the
    organisation` for an end user's id); 404 for an unknown conversation or an `agentId` that
    names no user of the organisation (as Dixa's reference lists).
    """
    return Data(await service.add(ctx, int64_path("conversationId", conversationId), data))


@CONVERSATION.get("/messages", "List messages", READ)
async def list_messages(
    ctx: Context,
    conversationId: FromPath[str],
    paging: Paging,
) -> Page[wire.Message]:
    """The conversation's messages, oldest first, each with `attributes` of its channel's
    `_type` (EmailAttributes, ChatAttributes, SmsAttributes, GenericAttributes…). All
    messages by default; paged (with `meta.next`) when `pageLimit` is sent."""
    return paged(
        await service.list_messages(
            ctx,
            int64_path("conversationId", conversationId),
            **paging.window,
        )
    )


@MESSAGES.get("/attachments/{attachmentId:str}", "Download an attachment", READ)
async def get_attachment(ctx: Context, attachmentId: FromPath[str]) -> Stream:
    """**Parley extension**: the stored file of a message attachment, with its content type
    and length (sent from the file as it is read). 404 for an unknown id or another
    organisation's attachment."""
    blob = await attachments.read(ctx, uuid_path("attachmentId", attachmentId))
    headers = {}
    if blob.name:
        headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(blob.name)}"
    return file_stream(blob.chunks(), size=blob.size, media_type=blob.content_type, headers=headers)


ROUTES = [add_message, list_messages, get_attachment]
