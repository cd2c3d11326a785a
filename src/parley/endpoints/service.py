"""Contact endpoint rules: an email endpoint's id is its address, a telephony endpoint's its
number (unique per organisation); a chat widget gets a UUID.

An email endpoint may name a queue (``queueId``, a Parley extension), set when it is
created or later (``set_queue``): the conversations created with it as their
``emailIntegrationId`` (POST /v1/conversations, and so a received mail that opens one)
are placed in that queue. Setting it checks the queue is one of the organisation's (400
otherwise); ``None`` is the organisation's default queue. A queue removed after it was
set is not followed: such conversations go to the default queue."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import msgspec

from parley.endpoints import repository as repo
from parley.endpoints import schemas as wire
from parley.errors import found, invalid_body, invalid_query
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.http.validate import email_or_400, phone_or_400
from parley.kit.ids import is_uuid, new_id
from parley.queues import repository as queues
from parley.store import Tx
from parley.uow import Ctx


def to_wire(row: repo.EndpointRow) -> wire.ContactEndpoint:
    if row.type == "EmailEndpoint":
        return wire.EmailEndpoint(
            address=row.id,
            name=row.name,
            senderOverride=row.data.get("senderOverride"),
            queueId=row.queue_id,
        )
    if row.type == "TelephonyEndpoint":
        return wire.TelephonyEndpoint(
            number=row.id, name=row.name, functionality=list(row.data.get("functionality") or [])
        )
    return wire.ChatWidget(id=row.id, name=row.name or "")


async def find(tx: Tx, org_id: str, endpoint_id: str) -> repo.EndpointRow | None:
    """The organisation's endpoint with that id (address, number or widget UUID), or None.
    For other domains (flows, conversations with `contactEndpointId` / `widgetId`)."""
    return await repo.get(tx, org_id, endpoint_id)


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    return name.strip() or None


def _new_row(ctx: Ctx, body: wire.CreateContactEndpoint) -> repo.EndpointRow:
    data: dict[str, Any] = {}
    if isinstance(body, wire.CreateEmailEndpoint):
        address = email_or_400(body.address, "address")
        assert address is not None
        if body.senderOverride is not None:
            data["senderOverride"] = body.senderOverride
        return repo.EndpointRow(address, "EmailEndpoint", _clean_name(body.name), data, ctx.now)
    if isinstance(body, wire.CreateChatWidget):
        name = body.name.strip()
        if not name:
            raise invalid_body("name must not be empty")
        return repo.EndpointRow(new_id(), "ChatWidget", name, data, ctx.now)
    number = phone_or_400(body.number, "number")
    assert number is not None
    if any(not f.strip() for f in body.functionality):
        raise invalid_body("functionality values must not be empty")
    data["functionality"] = list(dict.fromkeys(body.functionality))
    return repo.EndpointRow(number, "TelephonyEndpoint", _clean_name(body.name), data, ctx.now)


async def _queue_or_400(ctx: Ctx, queue_id: str | None) -> str | None:
    """``queue_id`` when it is None or one of the organisation's queues; else 400."""
    if queue_id is None:
        return None
    if not is_uuid(queue_id) or await queues.get(ctx.tx, ctx.org_id, queue_id) is None:
        raise invalid_body(f"queueId {queue_id!r} is not a queue of the organisation")
    return queue_id


async def create(ctx: Ctx, body: wire.CreateContactEndpoint) -> wire.ContactEndpoint:
    row = _new_row(ctx, body)
    if isinstance(body, wire.CreateEmailEndpoint):
        row = replace(row, queue_id=await _queue_or_400(ctx, body.queueId))
    if not await repo.insert(ctx.tx, ctx.org_id, row):
        raise invalid_body(f"contact endpoint {row.id!r} already exists")
    await ctx.emit(
        "ContactEndpointCreated",
        {"contact_endpoint": {"id": row.id, "type": row.type, "name": row.name}},
    )
    return to_wire(row)


async def set_queue(ctx: Ctx, endpoint_id: str, body: wire.EndpointQueue) -> wire.ContactEndpoint:
    """Name the email endpoint's queue (None: the default queue). 404 for an unknown
    endpoint, 400 for one that is no email endpoint or a queue that is not the
    organisation's."""
    row = found(await repo.get(ctx.tx, ctx.org_id, endpoint_id))
    if row.type != "EmailEndpoint":
        raise invalid_body("only an email endpoint has a queue")
    queue_id = await _queue_or_400(ctx, body.queueId)
    await repo.set_queue(ctx.tx, ctx.org_id, row.id, queue_id)
    await ctx.emit(
        "ContactEndpointQueueUpdated",
        {"contact_endpoint": {"id": row.id, "type": row.type, "queue_id": queue_id}},
    )
    return to_wire(replace(row, queue_id=queue_id))


async def get(ctx: Ctx, endpoint_id: str) -> wire.ContactEndpoint:
    row = found(await repo.get(ctx.tx, ctx.org_id, endpoint_id))
    return to_wire(row)


class EndpointFilters(msgspec.Struct, frozen=True):
    """The filter of ``GET /v1/contact-endpoints`` (the repository's ``list_page`` keyword)."""

    type_: str | None = None


async def list_endpoints(
    ctx: Ctx, *, type_: str | None, page_key: str | None, page_limit: int | None
) -> Page[wire.ContactEndpoint]:
    if type_ is not None and type_ not in wire.ENDPOINT_TYPES:
        raise invalid_query("_type", "expected one of " + ", ".join(wire.ENDPOINT_TYPES))

    filters = EndpointFilters(type_=type_ or None)
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire, filters=filters)
