"""Wire shapes for analytics (Dixa: Analytics)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from parley.analytics.catalog import METRICS, RECORDS
from parley.http.params import documented


class FilterMetadata(msgspec.Struct):
    filterAttribute: str
    description: str


class AggregateMetadata(msgspec.Struct):
    measure: str
    description: str


class MetricMetadata(msgspec.Struct):
    id: str
    description: str
    filters: list[FilterMetadata]
    aggregations: list[AggregateMetadata]
    relatedRecordIds: list[str]


class FieldMetadata(msgspec.Struct):
    field: str
    description: str
    nullable: bool


class RecordMetadata(msgspec.Struct):
    id: str
    description: str
    filters: list[FilterMetadata]
    relatedMetricIds: list[str]
    fieldsMetadata: list[FieldMetadata]


class LongAggregateValue(msgspec.Struct, tag="LongAggregateValue", tag_field="_type"):
    value: int
    measure: str


class DoubleAggregateValue(msgspec.Struct, tag="DoubleAggregateValue", tag_field="_type"):
    value: float
    measure: str


class MetricData(msgspec.Struct):
    id: str
    aggregates: list[LongAggregateValue | DoubleAggregateValue]


class FilterValue(msgspec.Struct, omit_defaults=True):
    value: str
    label: str | None = None


class LongField(msgspec.Struct, tag="LongField", tag_field="_type"):
    value: int


class DoubleField(msgspec.Struct, tag="DoubleField", tag_field="_type"):
    value: float


class StringField(msgspec.Struct, omit_defaults=True, tag="StringField", tag_field="_type"):
    value: str
    label: str | None = None


class UUIDField(msgspec.Struct, omit_defaults=True, tag="UUIDField", tag_field="_type"):
    value: str
    label: str | None = None


class Field(msgspec.Struct):
    name: str
    field: LongField | DoubleField | StringField | UUIDField


class TimestampField(msgspec.Struct):
    name: str
    timestamp: str


class MetricRecord(msgspec.Struct, omit_defaults=True):
    primaryTimestampField: TimestampField
    fields: list[Field]
    value: LongField | DoubleField | None = None


class Filter(msgspec.Struct):
    attribute: str
    values: list[str] = msgspec.field(default_factory=list)


class MetricDataInput(msgspec.Struct):
    """Dixa's body: ``id``, ``timezone``, and either ``periodFilter`` (a Preset or an
    Interval) or ``csidFilter`` (conversation ids); ``filters`` and ``aggregations``
    optional."""

    id: Annotated[str, documented(enum=sorted(METRICS))]
    timezone: str
    periodFilter: dict[str, Any] | None = None
    csidFilter: list[int] | None = None
    filters: list[Filter] = msgspec.field(default_factory=list)
    aggregations: list[str] | None = None


class RecordsDataInput(msgspec.Struct):
    id: Annotated[str, documented(enum=sorted(RECORDS))]
    timezone: str
    periodFilter: dict[str, Any] | None = None
    csidFilter: list[int] | None = None
    filters: list[Filter] = msgspec.field(default_factory=list)
