"""Reading conversations: one, its linked children, and an end user's list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from parley.conversation_record import repository as repo
from parley.conversation_record.guard import require
from parley.conversations import schemas as cs
from parley.errors import NotFound, found
from parley.http.listing import rows_page
from parley.kit.clock import to_iso
from parley.uow import Ctx


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
            createdAt=to_iso(row.created_at) or "",
            direction=row.direction,
            state=row.state,
            anonymizedAt=to_iso(row.anonymized_at) or "",
            stateUpdatedAt=to_iso(row.state_updated_at),
            link=link,
        )
    common: dict[str, Any] = {
        "id": row.id,
        "requesterId": row.requester_id,
        "channel": row.channel,
        "createdAt": to_iso(row.created_at) or "",
        "direction": row.direction,
        "state": row.state,
        "stateUpdatedAt": to_iso(row.state_updated_at),
        "link": link,
        "assignment": cs.Assignment(row.assigned_agent_id, to_iso(row.assigned_at))
        if row.assigned_agent_id
        else None,
        "queue": cs.QueueRef(row.queue_id, to_iso(row.queued_at)) if row.queue_id else None,
        "customAttributes": [
            cs.CustomAttributeValue(a.id, a.label, a.identifier, _attr_value(a.value))
            for a in attrs
        ],
    }
    build = _BUILDERS.get(row.type, _phone)
    return build(row, common)


# ---- the fields of each conversation type, besides the common ones --------------------


def _extra(row: repo.ConversationRow) -> dict[str, Any]:
    return msgspec.json.decode(row.extra) if row.extra else {}


def _email(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    cls = cs.EmailConversation if row.type == "EmailConversation" else cs.ContactFormConversation
    return cls(
        **common,
        fromEmail=row.from_email,
        toEmail=row.to_email,
        integrationEmail=row.integration_email,
        subject=row.subject,
        language=row.language,
    )


def _chat(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    browser = (
        msgspec.json.decode(row.browser_info, type=cs.BrowserInfo) if row.browser_info else None
    )
    return cs.ChatConversation(**common, browserInfo=browser, language=row.language)


def _messenger(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    return cs.MessengerConversation(**common, language=row.language)


def _sms(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    return cs.SmsConversation(**common, fromNumber=row.from_number, toNumber=row.to_number)


def _generic(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    extra = _extra(row)
    return cs.GenericConversation(
        **common,
        fromContactPointId=extra.get("fromContactPointId"),
        toContactPointId=extra.get("toContactPointId"),
    )


def _whatsapp(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    return cs.WhatsAppConversation(**common)


def _facebook(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    return cs.FacebookMessengerConversation(**common)


def _twitter(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    extra = _extra(row)
    return cs.TwitterConversation(
        **common,
        conversationType=extra.get("conversationType"),
        endUserTwitterId=extra.get("endUserTwitterId"),
        contactPointTwitterId=extra.get("contactPointTwitterId"),
    )


def _phone(row: repo.ConversationRow, common: dict[str, Any]) -> cs.Conversation:
    return cs.PstnPhoneConversation(**common)


# Conversation ``type`` -> its wire shape (any other type is a phone conversation).
_BUILDERS: dict[str, Callable[[repo.ConversationRow, dict[str, Any]], cs.Conversation]] = {
    "EmailConversation": _email,
    "ContactFormConversation": _email,
    "ChatConversation": _chat,
    "MessengerConversation": _messenger,
    "SmsConversation": _sms,
    "GenericConversation": _generic,
    "WhatsAppConversation": _whatsapp,
    "FacebookMessengerConversation": _facebook,
    "TwitterConversation": _twitter,
}


async def get(ctx: Ctx, conversation_id: int) -> cs.Conversation:
    return to_wire(*found(await repo.get_with_attributes(ctx.tx, ctx.org_id, conversation_id)))


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
    items, link = await rows_page(
        ctx,
        page_key,
        page_limit,
        lambda p: repo.by_requester_page(ctx.tx, ctx.org_id, user_id, after=p.after, limit=p.rows),
    )
    return await many_to_wire(ctx, items), link
