"""Writing a received mail into a conversation through the API's own services: the end
user found or created by address, a new Email conversation or an inbound message on the
threaded one, the attachments through the attachment store (Parley's size limit: a larger
file is left out and named in the message's ``mail.skippedAttachments``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.conversation_record.guard import ANONYMIZED
from parley.conversation_record.repository import UserRef
from parley.conversations import create as conversations
from parley.conversations import schemas as cs
from parley.endusers import repository as endusers_repo
from parley.endusers import service as endusers
from parley.endusers.schemas import EndUserInput
from parley.errors import Invalid, NotFound
from parley.mail.parse import Parsed
from parley.mail.quoting import split
from parley.messages import schemas as ms
from parley.messages import service as messages
from parley.messages.download import Fetched, in_hand
from parley.messages.text import html_to_text
from parley.uow import Ctx

EMPTY_BODY = "(empty message)"


@dataclass(frozen=True)
class Found:
    """What the recipient's lookup read already (``mail_records.repository.recipients``):
    the end user with the sender's address (None: there was none), and that the endpoint
    is the organisation's email endpoint."""

    sender: UserRef | None
    endpoint: bool = False


async def requester_of(ctx: Ctx, parsed: Parsed, found: Found | None) -> UserRef:
    """The end user with the sender's address, created when there is none."""
    assert parsed.sender is not None
    if found is not None and found.sender is not None:
        return found.sender
    if found is None:
        rows = await endusers_repo.list_page(
            ctx.tx,
            ctx.org_id,
            email=parsed.sender,
            phone=None,
            external_id=None,
            after=None,
            limit=1,
        )
        if rows:
            return _ref(rows[0])
    body = EndUserInput(email=parsed.sender, displayName=parsed.sender_name)
    return _ref(await endusers.create_row(ctx, body))


def _ref(row: endusers_repo.EndUserRow) -> UserRef:
    """The end user as ``conversation_record`` reads a user (its name as shown)."""
    name = row.display_name
    if name is None:
        name = f"{row.first_name or ''} {row.last_name or ''}".strip(" ")
    return UserRef(row.id, "EndUser", name or None, row.email, row.phone_number)


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
    ctx: Ctx,
    endpoint: str,
    conversation_id: int | None,
    parsed: Parsed,
    found: Found | None,
    then: messages.WithMessage,
) -> tuple[int, str]:
    """Write the mail, and ``then``'s statements with its message (``messages.write``);
    returns (conversation id, message id). A ``conversation_id`` that the message's
    service, reading it locked, finds anonymized or gone is dropped: the mail opens a new
    conversation instead."""
    requester = await requester_of(ctx, parsed, found)
    fetched, skipped = files_of(ctx, parsed)
    extra = attributes_of(parsed, skipped)
    message = ms.InboundMessage(content=content_of(parsed))
    if conversation_id is not None:
        try:
            added = await messages.add_with_files(
                ctx, conversation_id, message, fetched, extra, {requester.id: requester}, then
            )
            return conversation_id, added.messageId
        except NotFound:
            pass  # gone since it was threaded: the mail opens a new conversation
        except Invalid as exc:
            if exc.message != ANONYMIZED:
                raise
            # anonymized since it was threaded (the service's locked check decides)
    body = cs.CreateEmail(
        requesterId=requester.id,
        emailIntegrationId=endpoint,
        message=message,
        subject=parsed.subject or None,
    )
    read = conversations.Read(
        requester, (endpoint, "EmailEndpoint") if found and found.endpoint else None
    )
    created, first = await conversations.create_with_files(ctx, body, fetched, extra, read, then)
    assert first is not None  # an email conversation starts with its message
    return created.id, first
