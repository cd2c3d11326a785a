"""Creating a conversation (POST /v1/conversations): references, first message, queueing
or assignment, and the activity entries of each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import msgspec

from parley.conversation_record import repository as repo
from parley.conversations import schemas as cs
from parley.errors import Duplicate, Invalid, NotFound, invalid_body
from parley.kit.ids import is_uuid
from parley.messages import attachments as files
from parley.messages import schemas as ms
from parley.messages import service as messages
from parley.messages.download import Fetched
from parley.search import index as search_index
from parley.uow import Ctx
from parley.webhooks import queue_events

# create variant -> (channel, _type)
VARIANTS: dict[type, tuple[str, str]] = {
    cs.CreateEmail: ("Email", "EmailConversation"),
    cs.CreateContactForm: ("ContactForm", "ContactFormConversation"),
    cs.CreateChat: ("WidgetChat", "ChatConversation"),
    cs.CreateSms: ("Sms", "SmsConversation"),
    cs.CreateCallback: ("Callback", "PstnPhoneConversation"),
}


def refuse_agent_requester(user: repo.UserRef) -> None:
    """A conversation's requester is an end user, never an agent (creation and import)."""
    if user.kind != "EndUser":
        raise invalid_body("requesterId is an agent, not an end user")


async def require_requester(ctx: Ctx, requester_id: str) -> repo.UserRef:
    """The requester of a new conversation: ``404`` when ``requesterId`` names no user of the
    organisation (Dixa's reference lists 404, "An entity in this request could not be
    found", for creation), ``400`` for an agent."""
    user = await repo.get_user(ctx.tx, ctx.org_id, requester_id) if is_uuid(requester_id) else None
    if user is None:
        raise NotFound()
    refuse_agent_requester(user)
    return user


@dataclass(frozen=True)
class Read:
    """What the caller of ``create_with_files`` has read already (a received mail's
    recipient lookup): the requester, and the endpoint the body names with its type. Both
    are checked as if read here."""

    requester: repo.UserRef
    endpoint: tuple[str, str] | None = None  # (id, type)


_ENDPOINTS = "conversations.create.endpoints"  # tx.memo: {(org, endpoint id): type}


async def _require_endpoint(ctx: Ctx, endpoint_id: str, kind: str, field: str) -> None:
    read: dict[tuple[str, str], str] = ctx.tx.memo.get(_ENDPOINTS, {})
    found = read.get((ctx.org_id, endpoint_id))
    if found is None:
        found = await repo.endpoint_type(ctx.tx, ctx.org_id, endpoint_id)
    if found != kind:
        raise invalid_body(f"{field} is not a {kind} of the organisation")


def new_row(
    ctx: Ctx, cid: int, channel: str, type_: str, requester_id: str
) -> repo.ConversationRow:
    return repo.ConversationRow(
        id=cid,
        type=type_,
        channel=channel,
        direction="Inbound",
        state="Open",
        state_updated_at=ctx.now,
        requester_id=requester_id,
        subject=None,
        language=None,
        from_email=None,
        to_email=None,
        integration_email=None,
        from_number=None,
        to_number=None,
        contact_endpoint_id=None,
        widget_id=None,
        browser_info=None,
        extra="{}",
        assigned_agent_id=None,
        assigned_at=None,
        queue_id=None,
        queued_at=None,
        last_queue_id=None,
        link_parent_id=None,
        link_type=None,
        followup_until=None,
        external_id=None,
        generic_channel_name=None,
        imported=False,
        created_at=ctx.now,
        updated_at=ctx.now,
        closed_at=None,
        last_message_at=None,
        last_activity_at=ctx.now,
        anonymized_at=None,
    )


async def create(ctx: Ctx, body: cs.CreateConversation) -> cs.CreatedConversation:
    return (await _create(ctx, body, None))[0]


async def create_with_files(
    ctx: Ctx,
    body: cs.CreateConversation,
    fetched: list[Fetched],
    email: dict[str, object],
    read: Read | None = None,
    then: messages.WithMessage | None = None,
) -> tuple[cs.CreatedConversation, str | None]:
    """``create`` with the message's files already in hand (a received mail's
    attachments) and more email attributes stored with the message (``email``); also
    returns the first message's id (None for a callback). ``read``: what the caller read
    already (not read again); ``then``: as ``messages.write``'s, for the first message."""
    if read is not None and read.endpoint is not None:
        endpoint_id, kind = read.endpoint
        ctx.tx.memo.setdefault(_ENDPOINTS, {})[(ctx.org_id, endpoint_id)] = kind
    known = read.requester if read is not None else None
    return await _create(ctx, body, fetched, email, known, then)


async def _create(
    ctx: Ctx,
    body: cs.CreateConversation,
    fetched: list[Fetched] | None,
    email: dict[str, object] | None = None,
    known: repo.UserRef | None = None,
    then: messages.WithMessage | None = None,
) -> tuple[cs.CreatedConversation, str | None]:
    channel, type_ = VARIANTS[type(body)]
    if known is not None and known.id == body.requesterId:
        refuse_agent_requester(known)
        requester = known
    else:
        requester = await require_requester(ctx, body.requesterId)
    message, direction, agent = await _check_message(ctx, body, channel)
    row = new_row(ctx, 0, channel, type_, requester.id)  # its id is drawn once it is valid
    row.direction = direction
    row.external_id = await _free_external_id(ctx, message)
    queue_id = await _FILL[type(body)](ctx, body, row, requester)
    msg_attrs: dict[str, object] = {}
    if message is not None and channel in messages.EMAIL_CHANNELS:
        cc = message.cc if isinstance(message, ms.OutboundMessage) else []
        bcc = message.bcc if isinstance(message, ms.OutboundMessage) else []
        # the requester was just read: no second read
        msg_attrs = messages.email_attributes_of(row, direction, agent, cc, bcc, requester)
        msg_attrs.update(email or {})
    if fetched is None and message is not None and message.attachments:
        return await files.download_then_redo(
            ctx,
            files.download_all(ctx, message.attachments),
            lambda done: _create(ctx, body, done, email, known, then),
            lambda done: done,
        )

    if agent is not None:
        row.assigned_agent_id, row.assigned_at = agent.id, ctx.now
    else:
        row.queue_id, row.queued_at, row.last_queue_id = queue_id, ctx.now, queue_id
    try:  # its id drawn by the insert (one statement)
        cid = row.id = await repo.insert_next(ctx.tx, ctx.org_id, row)
    except Duplicate as exc:  # another request took the externalId after the check
        raise Duplicate(messages.DUPLICATE, detail=exc.detail) from exc
    await search_index.index_header(ctx.tx, ctx.org_id, cid)
    await _record_created(ctx, row, requester, agent)
    if message is not None:
        author = agent.id if agent else requester.id
        first = messages.NewMessage(
            direction,
            author,
            message.content,
            message.externalId,
            ctx.now,
            fetched or [],
            dict(msg_attrs),
        )
        # the conversation is new: the message is its first
        written = await messages.write(ctx, row, first, seq=1, then=then)
        return cs.CreatedConversation(id=cid), written.id
    return cs.CreatedConversation(id=cid), None


async def _free_external_id(ctx: Ctx, message: ms.MessageInput | None) -> str | None:
    """The first message's ``externalId``, which is also the new conversation's (as an
    import's ``externalId`` is): ``400 Duplicate externalId`` when a conversation of the
    organisation has it already (a create sent twice, or an imported conversation). The
    unique index on ``(org_id, external_id)`` settles a race the check cannot see."""
    external = message.externalId if message is not None else None
    if external is not None and await repo.external_id_taken(ctx.tx, ctx.org_id, external):
        raise Invalid(messages.DUPLICATE)
    return external


async def _check_message(
    ctx: Ctx, body: cs.CreateConversation, channel: str
) -> tuple[ms.MessageInput | None, str, repo.UserRef | None]:
    """The first message (a callback has none), the direction, and the agent who sends an
    outbound one: the channel, the content and the agent checked."""
    if isinstance(body, cs.CreateCallback):
        return None, body.direction, None
    message = body.message
    direction = "Inbound" if isinstance(message, ms.InboundMessage) else "Outbound"
    messages.check_channel(channel, direction)
    messages.check_content(message.content)
    agent = None
    if isinstance(message, ms.OutboundMessage):
        agent = await messages.require_agent(ctx, message.agentId)
    return message, direction, agent


# ---- what each create variant fills in: its references checked; returns the queue ------


async def _fill_email(
    ctx: Ctx,
    body: cs.CreateEmail | cs.CreateContactForm,
    row: repo.ConversationRow,
    requester: repo.UserRef,
) -> str | None:
    await _require_endpoint(ctx, body.emailIntegrationId, "EmailEndpoint", "emailIntegrationId")
    if isinstance(body, cs.CreateEmail) and not requester.email:
        raise invalid_body("the requester has no email address")
    row.subject, row.language = body.subject, body.language
    row.from_email, row.to_email = requester.email, body.emailIntegrationId
    row.integration_email = body.emailIntegrationId
    # the endpoint's queue (a Parley extension) while it exists, else the default queue
    queue_id = await repo.endpoint_queue(ctx.tx, ctx.org_id, body.emailIntegrationId)
    return queue_id or ctx.default_queue_id


async def _fill_chat(
    ctx: Ctx, body: cs.CreateChat, row: repo.ConversationRow, requester: repo.UserRef
) -> str | None:
    if not is_uuid(body.widgetId):
        raise invalid_body("widgetId is not a ChatWidget of the organisation")
    await _require_endpoint(ctx, body.widgetId, "ChatWidget", "widgetId")
    row.widget_id, row.language = body.widgetId, body.language
    if body.browserInfo is not None:
        row.browser_info = msgspec.json.encode(body.browserInfo).decode()
    return ctx.default_queue_id


async def _fill_sms(
    ctx: Ctx, body: cs.CreateSms, row: repo.ConversationRow, requester: repo.UserRef
) -> str | None:
    await _require_endpoint(ctx, body.contactEndpointId, "TelephonyEndpoint", "contactEndpointId")
    row.contact_endpoint_id = body.contactEndpointId
    row.from_number, row.to_number = body.contactEndpointId, requester.phone_number
    return ctx.default_queue_id


async def _fill_callback(
    ctx: Ctx, body: cs.CreateCallback, row: repo.ConversationRow, requester: repo.UserRef
) -> str | None:
    await _require_endpoint(ctx, body.contactEndpointId, "TelephonyEndpoint", "contactEndpointId")
    if not is_uuid(body.queueId) or not await repo.queue_exists(ctx.tx, ctx.org_id, body.queueId):
        raise Invalid("Queue does not exist")
    row.contact_endpoint_id = body.contactEndpointId
    row.to_number = body.contactEndpointId
    row.from_number = requester.phone_number
    return body.queueId


_FILL: dict[type, Callable[..., Awaitable[str | None]]] = {
    cs.CreateEmail: _fill_email,
    cs.CreateContactForm: _fill_email,
    cs.CreateChat: _fill_chat,
    cs.CreateSms: _fill_sms,
    cs.CreateCallback: _fill_callback,
}


async def _record_created(
    ctx: Ctx, row: repo.ConversationRow, requester: repo.UserRef, agent: repo.UserRef | None
) -> None:
    """ConversationCreatedByCustomer (inbound) or ...ByAgent, then ConversationAssigned
    when an agent sent the first message, else ConversationEnqueued in its queue."""
    subject = {"subject": row.subject} if row.subject else {}
    inbound = row.direction == "Inbound"
    author = requester.id if inbound else (agent.id if agent else ctx.user_id)
    entry = await ctx.record(
        row.id,
        "ConversationCreatedByCustomer" if inbound else "ConversationCreatedByAgent",
        author_id=author,
        attributes=subject,
        event="ConversationCreated",
    )
    if agent is not None:
        await ctx.record(
            row.id,
            "ConversationAssigned",
            author_id=agent.id,
            attributes={"agentId": agent.id, "agentName": agent.name},
            event="ConversationAssigned",
        )
    elif row.queue_id is not None:
        await queue_events.enqueued(ctx, row.id, row.queue_id, entry=entry, author_id=author)
