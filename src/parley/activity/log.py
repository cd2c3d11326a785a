"""Reading the activity log: one conversation's entries, or the organisation's log in
time order (keyset-paged on (activity_at, seq), so any page costs what the first does).
Reads never write.
"""

from __future__ import annotations

import logging
from typing import cast

import msgspec

from parley.activity import repository as repo
from parley.activity import schemas as wire
from parley.conversation_record.guard import require
from parley.errors import Invalid, invalid_query
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.kit.clock import parse_ms, to_iso
from parley.uow import Ctx

ORG_LOG_DEFAULT_LIMIT = 100
ORG_LOG_MAX_LIMIT = 10_000  # tap-dixa asks for 10,000 per page
WINDOW_INVALID = "Validation failure when retrieving data"

log = logging.getLogger(__name__)


def attributes_of(type_: str, stored: str | None) -> wire.ActivityAttributes | None:
    """The typed attributes of an entry of ``type_``: the stored JSON (kept without
    ``_type``, as written) read as the shape of its type. A type without a shape has no
    attributes; stored attributes that do not fit the shape are left out (and logged)
    rather than failing the read."""
    shape = wire.ATTRIBUTES_BY_TYPE.get(type_)
    if shape is None:
        if stored and stored != "{}":
            log.warning("activity type %s has attributes but no attributes shape", type_)
        return None
    try:
        return cast(wire.ActivityAttributes, msgspec.json.decode(stored or "{}", type=shape))
    except msgspec.DecodeError:
        log.warning("stored attributes of a %s entry do not fit %s", type_, shape.__name__)
        return None


def to_wire(row: repo.ActivityRow) -> wire.ActivityLogEntry:
    author = None
    if row.author_id is not None:
        author = wire.ActivityLogUser(
            id=row.author_id,
            name=row.author_name,
            email=row.author_email,
            phoneNumber=row.author_phone,
        )
    attributes = attributes_of(row.type, row.attributes)
    return wire.ActivityLogEntry(
        id=row.id,
        conversationId=row.conversation_id,
        activityTimestamp=to_iso(row.activity_at) or "",
        activityType=row.type + "ActivityType",
        type_=row.type,
        author=author,
        attributes=attributes,
    )


async def conversation_log(ctx: Ctx, conversation_id: int) -> list[wire.ActivityLogEntry]:
    await require(ctx, conversation_id)
    rows = await repo.list_for_conversation(ctx.tx, ctx.org_id, conversation_id)
    return [to_wire(r) for r in rows]


def _time(name: str, value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return parse_ms(value)
    except (ValueError, OverflowError):
        raise invalid_query(name) from None


class LogWindow(msgspec.Struct, frozen=True):
    """The time window of the organisation's log (the repository's ``list_page`` keywords)."""

    from_at: int | None = None
    to_at: int | None = None


async def organisation_log(
    ctx: Ctx,
    *,
    from_datetime: str | None,
    to_datetime: str | None,
    page_key: str | None,
    page_limit: int | None,
) -> Page[wire.ActivityLogEntry]:
    from_at = _time("fromDatetime", from_datetime)
    to_at = _time("toDatetime", to_datetime)
    if from_at is not None and to_at is not None and from_at > to_at:
        raise Invalid(WINDOW_INVALID)
    return await list_page(
        ctx,
        page_key,
        page_limit,
        repo.list_page,
        to_wire,
        filters=LogWindow(from_at=from_at, to_at=to_at),
        default_limit=ORG_LOG_DEFAULT_LIMIT,
        maximum=ORG_LOG_MAX_LIMIT,
        key=lambda r: [r.activity_at, r.seq],
    )
