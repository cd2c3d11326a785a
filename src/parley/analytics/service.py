"""Analytics rules.

Catalogues are ``catalog``'s definitions. Data is computed from the organisation's own
conversations, ratings, messages and activity at request time, each request one query
bounded by an indexed time range (``periodFilter``) or by conversation ids (``csidFilter``,
1 to 1,000 ids; exactly one of the two). ``filters`` combine with AND across attributes
and OR within one; a filter on an attribute a record kind does not have is ignored (as
Dixa documents), an attribute Dixa does not know is a 400. Values are Dixa's: channels in
upper snake case (``EMAIL``), directions ``INBOUND``/``OUTBOUND``, ids as UUIDs.
Durations are in seconds. ``Percentage`` (CSAT) is 100 x ratings of 4 or 5 / all ratings;
with no ratings it is left out, as are ``Min``, ``Max``, ``Average`` and ``StdDev`` of no
records (``Count`` and ``Sum`` are 0).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import TypeVar

from parley.analytics import catalog, period
from parley.analytics import repository as repo
from parley.analytics import schemas as wire
from parley.errors import NotFound, invalid_body
from parley.http.paging import page_request, split_page
from parley.kit.clock import zone
from parley.uow import Ctx

MAX_CSIDS = 1000
T = TypeVar("T")
_ID = operator.attrgetter("id")  # a catalogue entry's name


def fixed_page(
    ctx: Ctx, values: list[T], key: Callable[[T], str], page_key: str | None, limit: int | None
) -> tuple[list[T], str | None]:
    """A page of a fixed, ordered list (a catalogue): keyed by position and name, so a key
    whose entry is gone resumes after the end."""
    page = page_request(
        page_key,
        limit,
        default=ctx.settings.page_limit_default,
        maximum=ctx.settings.page_limit_max,
    )
    start = 0
    if page.after:
        names = [key(v) for v in values]
        start = names.index(page.after[1]) + 1 if page.after[1] in names else len(values)
    window = list(enumerate(values))[start : start + page.limit + 1]
    items, next_key = split_page(window, page, lambda r: [r[0], key(r[1])])
    return [v for _, v in items], ctx.next_link(next_key)


def metrics_page(
    ctx: Ctx, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.MetricMetadata], str | None]:
    metrics, nxt = fixed_page(ctx, list(catalog.METRICS.values()), _ID, page_key, page_limit)
    return [metric_metadata(m) for m in metrics], nxt


def records_page(
    ctx: Ctx, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.RecordMetadata], str | None]:
    kinds, nxt = fixed_page(ctx, list(catalog.RECORDS.values()), _ID, page_key, page_limit)
    return [record_metadata(r) for r in kinds], nxt


def _filters(names: tuple[str, ...] | list[str]) -> list[wire.FilterMetadata]:
    return [
        wire.FilterMetadata(n, f"Used to filter by the {n}: {catalog.FILTERS[n]}") for n in names
    ]


def metric_metadata(metric: catalog.Metric) -> wire.MetricMetadata:
    return wire.MetricMetadata(
        id=metric.id,
        description=metric.description,
        filters=_filters(list(catalog.FILTERS)),
        aggregations=[wire.AggregateMetadata(m, catalog.MEASURES[m]) for m in metric.measures],
        relatedRecordIds=[metric.record],
    )


def record_metadata(record: catalog.Record) -> wire.RecordMetadata:
    return wire.RecordMetadata(
        id=record.id,
        description=record.description,
        filters=_filters(list(catalog.FILTERS)),
        relatedMetricIds=catalog.related_metrics(record.id),
        fieldsMetadata=[
            wire.FieldMetadata(f.name, f.description, f.nullable) for f in record.fields
        ],
    )


def get_metric(metric_id: str) -> wire.MetricMetadata:
    metric = catalog.METRICS.get(metric_id)
    if metric is None:
        raise NotFound()
    return metric_metadata(metric)


def get_record(record_id: str) -> wire.RecordMetadata:
    record = catalog.RECORDS.get(record_id)
    if record is None:
        raise NotFound()
    return record_metadata(record)


def _value(attribute: str, raw: str) -> str:
    if attribute == "channel":
        return catalog.CHANNEL_VALUES.get(raw.upper().replace("-", "_"), raw)
    if attribute == "initial_direction":
        return catalog.DIRECTION_VALUES.get(raw.upper(), raw)
    return raw


def _filter_values(filters: list[wire.Filter]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in filters:
        if item.attribute not in catalog.FILTERS:
            raise invalid_body(f"filters: unknown attribute {item.attribute!r}")
        if not item.values:
            raise invalid_body(f"filters: {item.attribute} needs at least one value")
        values = out.setdefault(item.attribute, [])
        values += [_value(item.attribute, v) for v in item.values]
    return out


def query(ctx: Ctx, body: wire.MetricDataInput | wire.RecordsDataInput) -> repo.Query:
    tz = zone(body.timezone)
    filters = _filter_values(body.filters)
    if (body.periodFilter is None) == (body.csidFilter is None):
        raise invalid_body("give either periodFilter or csidFilter")
    if body.csidFilter is not None:
        if not 1 <= len(body.csidFilter) <= MAX_CSIDS:
            raise invalid_body(f"csidFilter must hold 1 to {MAX_CSIDS} ids")
        return repo.Query(csids=sorted(set(body.csidFilter)), filters=filters)
    start, end = period.window(body.periodFilter, tz, ctx.now)
    return repo.Query(start=start, end=end, filters=filters)


def _aggregate(
    measure: str, a: repo.Aggregates
) -> wire.LongAggregateValue | wire.DoubleAggregateValue | None:
    if measure == "Count":
        return wire.LongAggregateValue(a.count, measure)
    if measure == "Sum":
        return wire.DoubleAggregateValue(a.total or 0.0, measure)
    if not a.count:
        return None
    mean = a.mean or 0.0
    values = {
        "Percentage": 100.0 * a.satisfied / a.count,
        "Min": a.smallest or 0.0,
        "Max": a.largest or 0.0,
        "Average": mean,
        "StdDev": math.sqrt(max(0.0, (a.squares or 0.0) / a.count - mean * mean)),
    }
    return wire.DoubleAggregateValue(values[measure], measure)


async def metric_data(ctx: Ctx, body: wire.MetricDataInput) -> wire.MetricData:
    """The metric over its period: a long read, run through ``Tx.offload`` (on SQLite, on a
    worker thread, so the process goes on serving meanwhile)."""
    return await ctx.tx.offload(lambda: _metric_data(ctx, body))


async def _metric_data(ctx: Ctx, body: wire.MetricDataInput) -> wire.MetricData:
    metric = catalog.METRICS.get(body.id)
    if metric is None:
        raise invalid_body(f"id: unknown metric {body.id!r}")
    measures = body.aggregations or list(metric.measures)
    if any(m not in metric.measures for m in measures):
        raise invalid_body(f"aggregations: {metric.id} offers {', '.join(metric.measures)}")
    read = repo.per_agent if metric.per_agent else repo.aggregate
    found = await read(ctx.tx, ctx.org_id, metric.record, query(ctx, body))
    results = [_aggregate(m, found) for m in dict.fromkeys(measures)]
    return wire.MetricData(id=metric.id, aggregates=[r for r in results if r is not None])
