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
from parley.messages import repository as messages_repo
from parley.messages import schemas as ms
from parley.messages import service as messages
from parley.messages.download import Fetched
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
    kept: list[Fetched] = []
    skipped: list[str] = []
    for part in parsed.attachments:
        name = part.filename or (f"inline-{part.content_id}" if part.content_id else None)
        if len(part.body) > ctx.settings.attachment_max_bytes:
            skipped.append(name or part.content_type)
            continue
        source = f"cid:{part.content_id}" if part.content_id else ""
        kept.append(Fetched(source, name, part.content_type, part.body))
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
    created = await conversations.create_with_files(ctx, body, fetched, extra)
    first = await messages_repo.list_page(ctx.tx, ctx.org_id, created.id, after=None, limit=1)
    return created.id, first[0].id
