"""Message rules: which channels take which direction, authors, external ids, attachments,
and what an inbound message does to a Closed or followed-up conversation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.conversation_record import repository as conv_repo
from parley.conversation_record.guard import require
from parley.errors import Duplicate, Invalid, NotFound, found, invalid_body
from parley.http.paging import page_request, split_page
from parley.http.validate import email_or_400
from parley.journal.service import record
from parley.kit.clock import to_iso
from parley.kit.ids import is_uuid, new_id
from parley.mail_records import outbox as mail_outbox
from parley.messages import attachments as files
from parley.messages import repository as repo
from parley.messages import schemas as wire
from parley.messages.download import Fetched
from parley.messages.text import plain_text
from parley.routing import followup
from parley.routing.state import reopen_closed, reopen_pending
from parley.search import index as search_index
from parley.uow import Ctx

UNSUPPORTED = "Unsupported ConversationChannel"
INVALID_MESSAGE = "Invalid input for Message"
DUPLICATE = "Duplicate externalId"
INBOUND_CHANNELS = {"Email", "ContactForm", "WidgetChat", "Messenger"}
OUTBOUND_CHANNELS = INBOUND_CHANNELS | {"Sms", "WhatsApp"}
EMAIL_CHANNELS = {"Email", "ContactForm"}


def check_channel(channel: str, direction: str) -> None:
    allowed = INBOUND_CHANNELS if direction == "Inbound" else OUTBOUND_CHANNELS
    if channel not in allowed:
        raise Invalid(UNSUPPORTED)


def check_content(content: wire.Content) -> None:
    if not content.value.strip():
        raise Invalid(INVALID_MESSAGE)


NOT_AN_AGENT = "agentId is not an agent of the organisation"


def agent_author(user: conv_repo.UserRef | None) -> conv_repo.UserRef:
    """The author of an outbound message: an ``agentId`` that names no user of the
    organisation (another organisation's included) is ``404``, as Dixa's reference lists
    for creating a conversation and adding a message; an end user's is ``400``."""
    if user is None:
        raise NotFound()
    if user.kind != "Agent":
        raise invalid_body(NOT_AN_AGENT)
    return user


async def require_agent(ctx: Ctx, agent_id: str) -> conv_repo.UserRef:
    user = await conv_repo.get_user(ctx.tx, ctx.org_id, agent_id) if is_uuid(agent_id) else None
    return agent_author(user)


def content_type(content: wire.Content) -> str:
    if isinstance(content, wire.HtmlContent):
        return "Html"
    if isinstance(content, wire.MarkdownContent):
        return "Markdown"
    return "Text"


def make_content(ctype: str | None, value: str | None) -> wire.Content:
    if ctype == "Html":
        return wire.HtmlContent(value or "")
    if ctype == "Markdown":
        return wire.MarkdownContent(value or "")
    return wire.TextContent(value or "")


def _contact(email: str | None, name: str | None) -> dict[str, Any] | None:
    if not email:
        return None
    return {"email": email, "name": name} if name else {"email": email}


def email_attributes_of(
    conv: conv_repo.ConversationRow,
    direction: str,
    author: conv_repo.UserRef | None,
    cc: list[str],
    bcc: list[str],
    requester: conv_repo.UserRef | None,
) -> dict[str, Any]:
    """Sender and recipients of an email message, stored with the message; ``requester``
    already read (None: not found)."""
    req_contact = _contact(
        requester.email if requester else conv.from_email, requester.name if requester else None
    )
    integration = _contact(conv.integration_email or conv.to_email, None)
    attrs: dict[str, Any] = {"isAutoReply": False}
    if direction == "Inbound":
        attrs["from"] = req_contact
        attrs["to"] = [integration] if integration else []
    else:
        sender = _contact(conv.integration_email or conv.to_email, author.name if author else None)
        attrs["from"] = sender
        attrs["to"] = [req_contact] if req_contact else []
    attrs["cc"] = [{"email": email_or_400(e, "cc")} for e in cc]
    attrs["bcc"] = [{"email": email_or_400(e, "bcc")} for e in bcc]
    return attrs


@dataclass(frozen=True)
class NewMessage:
    """A message to write, checked: its direction, author, content, externalId, time,
    downloaded files and channel attributes (a new conversation's first message, one added
    to a conversation, or one of an import)."""

    direction: str
    author_id: str | None
    content: wire.Content
    external_id: str | None
    at: int
    fetched: list[Fetched] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)


async def new_row(ctx: Ctx, conversation_id: int, seq: int, m: NewMessage) -> repo.MessageRow:
    """A message row to insert (its attachments' files and rows are stored now)."""
    message_id = new_id()
    stored = await files.store(ctx, message_id, m.fetched)
    ctype = content_type(m.content)
    return repo.MessageRow(
        id=message_id,
        conversation_id=conversation_id,
        seq=seq,
        author_id=m.author_id,
        direction=m.direction,
        content_type=ctype,
        content=m.content.value,
        text=plain_text(ctype, m.content.value),
        external_id=m.external_id,
        attributes=msgspec.json.encode(m.attributes).decode(),
        attachments=msgspec.json.encode(stored).decode(),
        created_at=m.at,
        anonymized_at=None,
    )


def added_kind(direction: str) -> str:
    return "MessageAddedByCustomer" if direction == "Inbound" else "MessageAddedByAgent"


# Statements a caller writes with a message's MessageAdded entry, made from the
# conversation's and the message's ids (a received mail's own rows).
WithMessage = Callable[[int, str], list[tuple[str, dict[str, Any]]]]


async def write(
    ctx: Ctx,
    conv: conv_repo.ConversationRow,
    m: NewMessage,
    *,
    seq: int | None = None,
    then: WithMessage | None = None,
) -> repo.MessageRow:
    """Insert one message with its attachments and its MessageAdded activity; ``seq``: its
    place when the caller knows it (the first message of a conversation it just made);
    ``then``: the caller's statements, written with the entry (``journal.record``'s
    ``also``)."""
    row = await new_row(ctx, conv.id, seq or 0, m)
    at = m.at
    message_id = row.id
    try:
        if seq is None:  # drawn by the insert (one statement)
            row = await repo.insert_next(ctx.tx, ctx.org_id, row)
        else:
            await repo.insert(ctx.tx, ctx.org_id, row)
    except Duplicate as exc:  # the externalId was taken after the check
        raise Duplicate(DUPLICATE, detail=exc.detail) from exc
    await search_index.index_message(ctx.tx, ctx.org_id, conv.id, message_id)
    if m.direction == "Outbound" and conv.channel in EMAIL_CHANNELS:
        await mail_outbox.enqueue_send(ctx.tx, ctx.org_id, conv, message_id, at)
    last_message = max(conv.last_message_at or 0, at)
    touch = conv_repo.update_statement(
        ctx.org_id,
        conv.id,
        last_message_at=last_message,
        last_activity_at=max(conv.last_activity_at or 0, at),
        updated_at=max(conv.updated_at, at),
    )
    await record(  # with the conversation's times (one round trip on PostgreSQL)
        ctx.tx,
        ctx.org_id,
        conv.id,
        added_kind(m.direction),
        at=at,
        author_id=m.author_id,
        attributes={"messageId": message_id},
        event="ConversationMessageAdded",
        also=[touch, *(then(conv.id, message_id) if then else [])],
    )
    return row


def added(row: repo.MessageRow) -> wire.AddedMessage:
    return wire.AddedMessage(
        content=make_content(row.content_type, row.content),
        direction=row.direction,  # type: ignore[arg-type]
        authorId=row.author_id,
        messageId=row.id,
        createdAt=to_iso(row.created_at) or "",
        externalId=row.external_id,
    )


async def _after_inbound(ctx: Ctx, conv: conv_repo.ConversationRow) -> None:
    """An inbound message reopens a Pending conversation (its follow-up ended) or a Closed
    one, writing what ``PUT /reopen`` writes, authored by the requester."""
    author = conv.requester_id
    if conv.state == "Pending":
        await reopen_pending(ctx, conv.id, conv.followup_until, author)
    elif conv.followup_until is not None:
        await followup.end_followup(ctx, conv.id, author)
    if conv.state == "Closed":
        routing = await conv_repo.get(ctx.tx, ctx.org_id, conv.id)
        if routing is not None:
            await reopen_closed(ctx, routing, author)


async def add(ctx: Ctx, conversation_id: int, body: wire.MessageInput) -> wire.AddedMessage:
    return await _add(ctx, conversation_id, body, None)


async def add_with_files(
    ctx: Ctx,
    conversation_id: int,
    body: wire.MessageInput,
    fetched: list[Fetched],
    email: dict[str, Any],
    known: dict[str, conv_repo.UserRef] | None = None,
    then: WithMessage | None = None,
) -> wire.AddedMessage:
    """``add`` with the files already in hand (a received mail's attachments) and more
    email attributes stored with the message (``email``); ``known``: users the caller has
    read already, by id (not read again); ``then``: as ``write``'s."""
    return await _add(ctx, conversation_id, body, fetched, email, known or {}, then)


async def _add(
    ctx: Ctx,
    conversation_id: int,
    body: wire.MessageInput,
    fetched: list[Fetched] | None,
    email_extra: dict[str, Any] | None = None,
    known: dict[str, conv_repo.UserRef] | None = None,
    then: WithMessage | None = None,
) -> wire.AddedMessage:
    # Locked as it is read (PostgreSQL): two concurrent adds cannot share a seq or both
    # pass the externalId check, and an anonymization committed meanwhile is seen.
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    direction = "Inbound" if isinstance(body, wire.InboundMessage) else "Outbound"
    check_channel(conv.channel, direction)
    check_content(body.content)
    # The agent and (for email) the requester in one statement; checks keep their order.
    email = conv.channel in EMAIL_CHANNELS
    wanted = [conv.requester_id] if email else []
    if isinstance(body, wire.OutboundMessage) and is_uuid(body.agentId):
        wanted.append(body.agentId)
    users = {u: known[u] for u in wanted if known and u in known}
    if len(users) < len(set(wanted)):
        users = await conv_repo.get_users(ctx.tx, ctx.org_id, wanted)
    author: conv_repo.UserRef | None = None
    if isinstance(body, wire.OutboundMessage):
        author = agent_author(users.get(body.agentId))
        author_id: str | None = author.id
    else:
        author_id = conv.requester_id
    if body.externalId is not None and await repo.external_id_taken(
        ctx.tx, ctx.org_id, conv.id, body.externalId
    ):
        raise Invalid(DUPLICATE)
    attributes: dict[str, Any] = {}
    if email:
        cc = body.cc if isinstance(body, wire.OutboundMessage) else []
        bcc = body.bcc if isinstance(body, wire.OutboundMessage) else []
        requester = users.get(conv.requester_id)
        attributes = email_attributes_of(conv, direction, author, cc, bcc, requester)
        attributes.update(email_extra or {})
    if fetched is None and body.attachments:
        return await files.download_then_redo(
            ctx,
            files.download_all(ctx, body.attachments),
            lambda done: _add(ctx, conversation_id, body, done, email_extra, known, then),
            lambda done: done,
        )
    message = NewMessage(
        direction, author_id, body.content, body.externalId, ctx.now, fetched or [], attributes
    )
    row = await write(ctx, conv, message, then=then)
    if direction == "Inbound":
        await _after_inbound(ctx, conv)
    return added(row)


# ---- reading --------------------------------------------------------------------------


def _attachments(ctx: Ctx, raw: str) -> list[wire.Attachment]:
    if not raw or raw == "[]":
        return []
    items = msgspec.json.decode(raw)
    return [
        wire.Attachment(url=files.url_of(ctx, i["id"]), prettyName=i.get("prettyName"))
        for i in items
        if isinstance(i, dict) and "id" in i
    ]


def _email_contacts(value: Any) -> list[wire.EmailContact]:
    if not isinstance(value, list):
        return []
    return [
        wire.EmailContact(email=v["email"], name=v.get("name"))
        for v in value
        if isinstance(v, dict) and v.get("email")
    ]


_GENERIC: dict[str, type[wire._Generic]] = {
    "Sms": wire.SmsAttributes,
    "WhatsApp": wire.WhatsAppAttributes,
    "FacebookMessenger": wire.FacebookMessengerAttributes,
    "Twitter": wire.TwitterAttributes,
}


def attributes_of(ctx: Ctx, channel: str, row: repo.MessageRow) -> wire.MessageAttributes:
    # An anonymized message keeps its id, author and time, and shows no content.
    content = None if row.anonymized_at else make_content(row.content_type, row.content)
    atts = _attachments(ctx, row.attachments)
    raw = row.attributes
    stored = msgspec.json.decode(raw) if raw and raw != "{}" else {}
    if channel in EMAIL_CHANNELS:
        frm = stored.get("from")
        return wire.EmailAttributes(
            isAutoReply=bool(stored.get("isAutoReply", False)),
            emailContent=None if content is None else wire.RegularEmailContent(content=content),
            from_=wire.EmailContact(email=frm["email"], name=frm.get("name"))
            if isinstance(frm, dict) and frm.get("email")
            else None,
            to=_email_contacts(stored.get("to")),
            cc=_email_contacts(stored.get("cc")),
            bcc=_email_contacts(stored.get("bcc")),
            attachments=atts,
            direction=row.direction,
        )
    if channel in ("WidgetChat", "Messenger"):
        return wire.ChatAttributes(
            isAutomated=bool(stored.get("isAutomated", False)),
            content=content,
            attachments=atts,
            direction=row.direction,
        )
    cls = _GENERIC.get(channel, wire.GenericAttributes)
    return cls(content=content, attachments=atts, direction=row.direction)  # type: ignore[return-value]


def to_wire(ctx: Ctx, channel: str, row: repo.MessageRow) -> wire.Message:
    return wire.Message(
        id=row.id,
        authorId=row.author_id,
        createdAt=to_iso(row.created_at) or "",
        attributes=attributes_of(ctx, channel, row),
        externalId=row.external_id,
    )


async def list_messages(
    ctx: Ctx, conversation_id: int, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.Message], str | None]:
    if page_key is None and page_limit is None:  # all of them: one statement
        channel, rows = found(await repo.list_with_channel(ctx.tx, ctx.org_id, conversation_id))
        return [to_wire(ctx, channel, r) for r in rows], None
    conv = await require(ctx, conversation_id)
    maximum = ctx.settings.page_limit_max
    page = page_request(page_key, page_limit, default=maximum, maximum=maximum)
    after = int(page.after[0]) if page.after else None
    rows = await repo.list_page(ctx.tx, ctx.org_id, conv.id, after=after, limit=page.limit + 1)
    items, next_key = split_page(rows, page, lambda r: [r.seq])
    return [to_wire(ctx, conv.channel, r) for r in items], ctx.next_link(next_key)
