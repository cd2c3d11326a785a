"""Analytics records (unaggregated, keyset-paged by their primary timestamp) and the values
a filter attribute can take."""

from __future__ import annotations

from parley.analytics import catalog, service
from parley.analytics import repository as repo
from parley.analytics import schemas as wire
from parley.errors import invalid_body, invalid_path
from parley.http.listing import wire_page
from parley.journal.events import upper_snake
from parley.kit.clock import to_iso
from parley.uow import Ctx


def _string(name: str, value: str | None, label: str | None = None) -> list[wire.Field]:
    return [] if value is None else [wire.Field(name, wire.StringField(value, label))]


def _uuid(name: str, value: str | None) -> list[wire.Field]:
    return [] if value is None else [wire.Field(name, wire.UUIDField(value))]


def _fields(record: str, row: repo.RecordRow) -> list[wire.Field]:
    channel = _string("channel", upper_snake(row.channel), row.channel)
    if record == "created_conversations":
        return [
            wire.Field("csid", wire.LongField(row.csid)),
            *_string("initial_direction", row.direction.upper(), row.direction),
            *_string("initial_channel", upper_snake(row.channel), row.channel),
            *_string("contact_point", row.contact_point, row.contact_point),
            *_uuid("queue_id", row.queue_id),
            *_uuid("agent_id", row.agent_id),
        ]
    if record == "closed_conversations":
        return [
            wire.Field("conversation_id", wire.LongField(row.csid)),
            *_uuid("agent_id", row.agent_id),
            *_uuid("queue_id", row.queue_id),
            *_uuid("closed_by", row.closed_by),
        ]
    if record == "ratings":
        return [
            wire.Field("conversation_id", wire.LongField(row.csid)),
            *_uuid("agent_id", row.agent_id),
            *_uuid("queue_id", row.queue_id),
        ]
    return [
        wire.Field("csid", wire.LongField(row.csid)),
        *_uuid("agent_id", row.agent_id),
        *_uuid("queue_id", row.queue_id),
        *channel,
    ]


def _wire(record: catalog.Record, row: repo.RecordRow) -> wire.MetricRecord:
    value: wire.LongField | wire.DoubleField | None = None
    if record.id == "ratings":
        value = wire.LongField(int(row.value))
    elif record.value is not None:
        value = wire.DoubleField(row.value)
    return wire.MetricRecord(
        primaryTimestampField=wire.TimestampField(record.timestamp, to_iso(row.at) or ""),
        fields=_fields(record.id, row),
        value=value,
    )


async def records_data(
    ctx: Ctx, body: wire.RecordsDataInput, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.MetricRecord], str | None]:
    """One page of records: a long read, run through ``Tx.offload`` (on SQLite, on a
    worker thread)."""
    return await ctx.tx.offload(
        lambda: _records_data(ctx, body, page_key=page_key, page_limit=page_limit)
    )


async def _records_data(
    ctx: Ctx, body: wire.RecordsDataInput, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.MetricRecord], str | None]:
    record = catalog.RECORDS.get(body.id)
    if record is None:
        raise invalid_body(f"id: unknown record {body.id!r}")
    query = service.query(ctx, body)
    return await wire_page(
        ctx,
        page_key,
        page_limit,
        lambda p: repo.records(ctx.tx, ctx.org_id, record.id, query, after=p.after, limit=p.rows),
        lambda r: _wire(record, r),
        key=lambda r: [r.at, r.key],
    )


def _static(attribute: str) -> list[wire.FilterValue]:
    if attribute == "channel":
        return [wire.FilterValue(v, name) for v, name in sorted(catalog.CHANNEL_VALUES.items())]
    return [wire.FilterValue(v, name) for v, name in catalog.DIRECTION_VALUES.items()]


async def filter_values(
    ctx: Ctx, attribute: str, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.FilterValue], str | None]:
    """The organisation's agents, queues, tags or contact endpoints (oldest first), or the
    fixed channel and direction values."""
    if attribute not in catalog.FILTERS:
        raise invalid_path("filterAttribute")
    if not repo.dynamic(attribute):
        return service.fixed_page(ctx, _static(attribute), lambda v: v.value, page_key, page_limit)
    return await wire_page(
        ctx,
        page_key,
        page_limit,
        lambda p: repo.choices(ctx.tx, ctx.org_id, attribute, after=p.after, limit=p.rows),
        lambda r: wire.FilterValue(r.value, r.label),
        key=lambda r: [r.created_at, r.value],
    )
