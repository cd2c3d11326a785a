"""Reading conversations: one, its linked children, and an end user's list."""

from __future__ import annotations

from typing import Any

import msgspec

from parley.conversations import repository as repo
from parley.conversations import schemas as cs
from parley.errors import NotFound
from parley.http.paging import page_request, split_page
from parley.http.timefmt import to_iso
from parley.uow import Ctx


def _iso(ms: int | None) -> str | None:
    return to_iso(ms)


def _attr_value(raw: str) -> str | list[str]:
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return raw
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if isinstance(value, str) else str(value)


def to_wire(row: repo.ConversationRow, attrs: list[repo.AttributeValueRow]) -> cs.Conversation:
    link = (
        cs.Link(parentId=row.link_parent_id, type_=row.link_type or "SideConversation")
        if row.link_parent_id is not None
        else None
    )
    if row.anonymized_at is not None:
        return cs.AnonymizedConversation(
            id=row.id,
            requesterId=row.requester_id,
            channel=row.channel,
            createdAt=_iso(row.created_at) or "",
            direction=row.direction,
            state=row.state,
            anonymizedAt=_iso(row.anonymized_at) or "",
            stateUpdatedAt=_iso(row.state_updated_at),
            link=link,
        )
    common: dict[str, Any] = {
        "id": row.id,
        "requesterId": row.requester_id,
        "channel": row.channel,
        "createdAt": _iso(row.created_at) or "",
        "direction": row.direction,
        "state": row.state,
        "stateUpdatedAt": _iso(row.state_updated_at),
        "link": link,
        "assignment": cs.Assignment(row.assigned_agent_id, _iso(row.assigned_at))
        if row.assigned_agent_id
        else None,
        "queue": cs.QueueRef(row.queue_id, _iso(row.queued_at)) if row.queue_id else None,
        "customAttributes": [
            cs.CustomAttributeValue(a.id, a.label, a.identifier, _attr_value(a.value))
            for a in attrs
        ],
    }
    t = row.type
    if t in ("EmailConversation", "ContactFormConversation"):
        cls = cs.EmailConversation if t == "EmailConversation" else cs.ContactFormConversation
        return cls(
            **common,
            fromEmail=row.from_email,
            toEmail=row.to_email,
            integrationEmail=row.integration_email,
            subject=row.subject,
            language=row.language,
        )
    if t == "ChatConversation":
        browser = (
            msgspec.json.decode(row.browser_info, type=cs.BrowserInfo) if row.browser_info else None
        )
        return cs.ChatConversation(**common, browserInfo=browser, language=row.language)
    if t == "MessengerConversation":
        return cs.MessengerConversation(**common, language=row.language)
    if t == "SmsConversation":
        return cs.SmsConversation(**common, fromNumber=row.from_number, toNumber=row.to_number)
    if t == "GenericConversation":
        extra = msgspec.json.decode(row.extra) if row.extra else {}
        return cs.GenericConversation(
            **common,
            fromContactPointId=extra.get("fromContactPointId"),
            toContactPointId=extra.get("toContactPointId"),
        )
    if t == "WhatsAppConversation":
        return cs.WhatsAppConversation(**common)
    if t == "FacebookMessengerConversation":
        return cs.FacebookMessengerConversation(**common)
    if t == "TwitterConversation":
        extra = msgspec.json.decode(row.extra) if row.extra else {}
        return cs.TwitterConversation(
            **common,
            conversationType=extra.get("conversationType"),
            endUserTwitterId=extra.get("endUserTwitterId"),
            contactPointTwitterId=extra.get("contactPointTwitterId"),
        )
    return cs.PstnPhoneConversation(**common)


async def require(ctx: Ctx, conversation_id: int) -> repo.ConversationRow:
    row = await repo.get(ctx.tx, ctx.org_id, conversation_id)
    if row is None:
        raise NotFound()
    return row


async def get(ctx: Ctx, conversation_id: int) -> cs.Conversation:
    found = await repo.get_with_attributes(ctx.tx, ctx.org_id, conversation_id)
    if found is None:
        raise NotFound()
    return to_wire(*found)


async def many_to_wire(ctx: Ctx, rows: list[repo.ConversationRow]) -> list[cs.Conversation]:
    attrs = await repo.attribute_values_many(ctx.tx, ctx.org_id, [r.id for r in rows])
    return [to_wire(r, attrs.get(r.id, [])) for r in rows]


async def linked(ctx: Ctx, conversation_id: int) -> list[cs.Conversation]:
    row = await require(ctx, conversation_id)
    return await many_to_wire(ctx, await repo.children(ctx.tx, ctx.org_id, row.id))


async def by_end_user(
    ctx: Ctx, user_id: str, *, page_key: str | None, page_limit: int | None
) -> tuple[list[cs.Conversation], str | None]:
    """Newest first. An unknown user is 404."""
    if await repo.get_user(ctx.tx, ctx.org_id, user_id) is None:
        raise NotFound()
    page = page_request(
        page_key,
        page_limit,
        default=ctx.settings.page_limit_default,
        maximum=ctx.settings.page_limit_max,
    )
    rows = await repo.by_requester_page(
        ctx.tx, ctx.org_id, user_id, after=page.after, limit=page.limit + 1
    )
    items, next_key = split_page(rows, page, lambda r: [r.created_at, r.id])
    return await many_to_wire(ctx, items), ctx.next_link(next_key)
