"""Writing a received mail into a conversation through the API's own services: the end
user found or created by address, a new Email conversation or an inbound message on the
threaded one, the attachments through the attachment store (Parley's size limit: a larger
file is left out and named in the message's ``mail.skippedAttachments``)."""

from __future__ import annotations

from typing import Any

from parley.conversations import create as conversations
from parley.conversations import schemas as cs
from parley.endusers import repository as endusers_repo
from parley.endusers import service as endusers
from parley.endusers.schemas import EndUserInput
from parley.mail.parse import Parsed
from parley.mail.quoting import split
from parley.messages import schemas as ms
from parley.messages import service as messages
from parley.messages.download import Fetched, in_hand
from parley.messages.text import html_to_text
from parley.uow import Ctx

EMPTY_BODY = "(empty message)"


async def requester_of(ctx: Ctx, parsed: Parsed) -> str:
    """The end user with the sender's address, created when there is none."""
    assert parsed.sender is not None
    found = await endusers_repo.list_page(
        ctx.tx, ctx.org_id, email=parsed.sender, phone=None, external_id=None, after=None, limit=1
    )
    if found:
        return found[0].id
    body = EndUserInput(email=parsed.sender, displayName=parsed.sender_name)
    return (await endusers.create_row(ctx, body)).id


def content_of(parsed: Parsed) -> ms.Content:
    if parsed.html and html_to_text(parsed.html):
        return ms.HtmlContent(parsed.html)
    text = parsed.text.strip()
    return ms.TextContent(text if text else EMPTY_BODY)


def files_of(ctx: Ctx, parsed: Parsed) -> tuple[list[Fetched], list[str]]:
    """The mail's parts kept as the message's files, within the limits a message's
    attachments have (each file, their count, their total size); the names of the parts
    left out."""
    settings = ctx.settings
    kept: list[Fetched] = []
    skipped: list[str] = []
    left = settings.attachments_total_max_bytes
    for part in parsed.attachments:
        name = part.filename or (f"inline-{part.content_id}" if part.content_id else None)
        size = len(part.body)
        if (
            size > min(settings.attachment_max_bytes, left)
            or len(kept) >= settings.attachments_per_message_max
        ):
            skipped.append(name or part.content_type)
            continue
        left -= size
        source = f"cid:{part.content_id}" if part.content_id else ""
        kept.append(in_hand(source, name, part.content_type, part.body))
    return kept, skipped


def attributes_of(parsed: Parsed, skipped: list[str]) -> dict[str, Any]:
    """Stored with the message: the real sender (a colleague of the requester may answer)
    and Cc, and the parts a reader can fold."""
    text = parsed.text or (html_to_text(parsed.html) if parsed.html else "")
    parts = split(text)
    mail: dict[str, Any] = {
        "messageId": parsed.header_id,
        "subject": parsed.subject,
        "replyText": parts.reply,
        "quotedText": parts.quoted,
        "signature": parts.signature,
    }
    if skipped:
        mail["skippedAttachments"] = skipped
    sender: dict[str, Any] = {"email": parsed.sender}
    if parsed.sender_name:
        sender["name"] = parsed.sender_name
    return {"from": sender, "cc": [{"email": a} for a in parsed.cc], "mail": mail}


async def write_mail(
    ctx: Ctx, endpoint: str, conversation_id: int | None, parsed: Parsed
) -> tuple[int, str]:
    """Write the mail; returns (conversation id, message id)."""
    requester_id = await requester_of(ctx, parsed)
    fetched, skipped = files_of(ctx, parsed)
    extra = attributes_of(parsed, skipped)
    message = ms.InboundMessage(content=content_of(parsed))
    if conversation_id is not None:
        added = await messages.add_with_files(ctx, conversation_id, message, fetched, extra)
        return conversation_id, added.messageId
    body = cs.CreateEmail(
        requesterId=requester_id,
        emailIntegrationId=endpoint,
        message=message,
        subject=parsed.subject or None,
    )
    created, first = await conversations.create_with_files(ctx, body, fetched, extra)
    assert first is not None  # an email conversation starts with its message
    return created.id, first
