"""Contact endpoint rules: an email endpoint's id is its address, a telephony endpoint's its
number (unique per organisation); a chat widget gets a UUID."""

from __future__ import annotations

from typing import Any

import msgspec

from parley.endpoints import repository as repo
from parley.endpoints.schemas import (
    ENDPOINT_TYPES,
    ChatWidget,
    ContactEndpoint,
    CreateChatWidget,
    CreateContactEndpoint,
    CreateEmailEndpoint,
    EmailEndpoint,
    TelephonyEndpoint,
)
from parley.errors import found, invalid_body, invalid_query
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.http.validate import email_or_400, phone_or_400
from parley.kit.ids import new_id
from parley.store import Tx
from parley.uow import Ctx


def to_wire(row: repo.EndpointRow) -> ContactEndpoint:
    if row.type == "EmailEndpoint":
        return EmailEndpoint(
            address=row.id, name=row.name, senderOverride=row.data.get("senderOverride")
        )
    if row.type == "TelephonyEndpoint":
        return TelephonyEndpoint(
            number=row.id, name=row.name, functionality=list(row.data.get("functionality") or [])
        )
    return ChatWidget(id=row.id, name=row.name or "")


async def find(tx: Tx, org_id: str, endpoint_id: str) -> repo.EndpointRow | None:
    """The organisation's endpoint with that id (address, number or widget UUID), or None.
    For other domains (flows, conversations with `contactEndpointId` / `widgetId`)."""
    return await repo.get(tx, org_id, endpoint_id)


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    return name.strip() or None


def _new_row(ctx: Ctx, body: CreateContactEndpoint) -> repo.EndpointRow:
    data: dict[str, Any] = {}
    if isinstance(body, CreateEmailEndpoint):
        address = email_or_400(body.address, "address")
        assert address is not None
        if body.senderOverride is not None:
            data["senderOverride"] = body.senderOverride
        return repo.EndpointRow(address, "EmailEndpoint", _clean_name(body.name), data, ctx.now)
    if isinstance(body, CreateChatWidget):
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


async def create(ctx: Ctx, body: CreateContactEndpoint) -> ContactEndpoint:
    row = _new_row(ctx, body)
    if not await repo.insert(ctx.tx, ctx.org_id, row):
        raise invalid_body(f"contact endpoint {row.id!r} already exists")
    await ctx.emit(
        "ContactEndpointCreated",
        {"contact_endpoint": {"id": row.id, "type": row.type, "name": row.name}},
    )
    return to_wire(row)


async def get(ctx: Ctx, endpoint_id: str) -> ContactEndpoint:
    row = found(await repo.get(ctx.tx, ctx.org_id, endpoint_id))
    return to_wire(row)


class EndpointFilters(msgspec.Struct, frozen=True):
    """The filter of ``GET /v1/contact-endpoints`` (the repository's ``list_page`` keyword)."""

    type_: str | None = None


async def list_endpoints(
    ctx: Ctx, *, type_: str | None, page_key: str | None, page_limit: int | None
) -> Page[ContactEndpoint]:
    if type_ is not None and type_ not in ENDPOINT_TYPES:
        raise invalid_query("_type", "expected one of " + ", ".join(ENDPOINT_TYPES))

    filters = EndpointFilters(type_=type_ or None)
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire, filters=filters)
