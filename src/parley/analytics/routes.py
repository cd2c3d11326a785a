"""Analytics: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromPath, JSONBody, PathParameter

from parley.analytics import records, service
from parley.analytics import schemas as wire
from parley.analytics.catalog import FILTERS
from parley.http.context import LONG_READ, READ, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging, paged

ANALYTICS = Routes("Analytics")


@ANALYTICS.get("/analytics/metrics", "Metrics Catalogue", READ)
async def list_metrics(ctx: Context, paging: Paging) -> Page[wire.MetricMetadata]:
    """The metrics whose data `POST /analytics/metrics` computes: `csat` (Percentage,
    Count, Average), `closed_conversations` and `created_conversations` (Count),
    `first_response_time` and `resolution_time` (seconds: Count, Sum, Min, Max, Average,
    StdDev), each with its filters and the record it is computed from."""
    return paged(service.metrics_page(ctx, **paging.window))


@ANALYTICS.get("/analytics/metrics/{metricId:str}", "Metric Description", READ)
async def get_metric(ctx: Context, metricId: FromPath[str]) -> Data[wire.MetricMetadata]:
    """One metric of the catalogue. `404` for an unknown metric id."""
    return Data(service.get_metric(metricId))


@ANALYTICS.post("/analytics/metrics", "Get Metric Data", LONG_READ, status_code=200)
async def metric_data(ctx: Context, data: JSONBody[wire.MetricDataInput]) -> Data[wire.MetricData]:
    """The metric aggregated over the organisation's data: body `{id, timezone,
    periodFilter | csidFilter, filters?, aggregations?}`. `periodFilter` is `{"_type":
    "Preset", "value": {"_type": "PreviousWeek"}}` (Today, Yesterday, ThisWeek,
    PreviousWeek, ThisMonth, PreviousMonth, ThisQuarter, PreviousQuarter, ThisYear: whole
    calendar periods in `timezone`, weeks from Monday) or `{"_type": "Interval", "start",
    "end"}` (half-open). `filters`: `[{attribute, values}]` over agent_id, queue_id,
    channel (`EMAIL`, …), initial_direction, tag_id, contact_point. Answers `aggregates`
    (`LongAggregateValue` for Count, `DoubleAggregateValue` otherwise; an aggregate of no
    records other than Count and Sum is left out). `400` on an unknown metric, measure,
    filter attribute, time zone or a malformed period."""
    return Data(await service.metric_data(ctx, data))


@ANALYTICS.get("/analytics/records", "Metric Records Catalogue", READ)
async def list_records(ctx: Context, paging: Paging) -> Page[wire.RecordMetadata]:
    """The record kinds `POST /analytics/records` returns (created_conversations,
    closed_conversations, ratings, first_response_times, resolution_times), each with its
    fields, filters and the metrics computed from it."""
    return paged(service.records_page(ctx, **paging.window))


@ANALYTICS.get("/analytics/records/{recordId:str}", "Metric Record Description", READ)
async def get_record(ctx: Context, recordId: FromPath[str]) -> Data[wire.RecordMetadata]:
    """One record kind of the catalogue. `404` for an unknown record id."""
    return Data(service.get_record(recordId))


@ANALYTICS.post("/analytics/records", "Get Metric Records Data", LONG_READ, status_code=200)
async def records_data(
    ctx: Context,
    data: JSONBody[wire.RecordsDataInput],
    paging: Paging,
) -> Page[wire.MetricRecord]:
    """The records themselves, in the order of their primary timestamp: body as for metric
    data without `aggregations`. Each record has `primaryTimestampField`, its `fields`
    (absent values left out) and, for ratings and durations, a `value` (the score; the
    seconds). Paged with `pageKey` (send the same body to `meta.next`)."""
    return paged(await records.records_data(ctx, data, **paging.window))


@ANALYTICS.get("/analytics/filter/{filterAttribute:str}", "Filter values", READ)
async def filter_values(
    ctx: Context,
    filterAttribute: Annotated[str, PathParameter(schema_extra={"enum": sorted(FILTERS)})],
    paging: Paging,
) -> Page[wire.FilterValue]:
    """The values a filter attribute takes: the organisation's agents (`agent_id`), queues
    (`queue_id`), tags (`tag_id`) and contact endpoints (`contact_point`) with their names
    as labels, oldest first; the channel and direction values. `400` `Invalid value for:
    path parameter filterAttribute` for another attribute."""
    return paged(await records.filter_values(ctx, filterAttribute, **paging.window))


ROUTES = [
    list_metrics,
    get_metric,
    metric_data,
    list_records,
    get_record,
    records_data,
    filter_values,
]
