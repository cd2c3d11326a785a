"""The admin API's wire types (``/_parley/``), camelCase as the rest of the API."""

from __future__ import annotations

import msgspec


class CreateOrg(msgspec.Struct, forbid_unknown_fields=True):
    name: str


class CreatedOrg(msgspec.Struct):
    id: str
    name: str
    apiToken: str
    adminUserId: str
    defaultQueueId: str


class Org(msgspec.Struct):
    id: str
    name: str
    createdAt: str | None


class Job(msgspec.Struct, omit_defaults=True):
    id: str
    orgId: str | None
    kind: str
    status: str
    runAt: str | None
    attempts: int
    lastError: str | None = None


class RecordedRequest(msgspec.Struct):
    at: str | None
    method: str
    path: str
    query: str
    body: str
    status: int


class NewFault(msgspec.Struct, forbid_unknown_fields=True):
    status: int
    count: int | None = None
    share: float | None = None
    routes: list[str] = msgspec.field(default_factory=list)
    retryAfter: int = 1


class Fault(msgspec.Struct):
    id: str
    status: int
    count: int | None
    share: float | None
    routes: list[str]
    retryAfter: int


class Advance(msgspec.Struct, forbid_unknown_fields=True):
    seconds: int


class Clock(msgspec.Struct):
    offsetSeconds: float
    now: str | None


class CreatedSink(msgspec.Struct):
    id: str
    url: str


class ReceivedDelivery(msgspec.Struct):
    at: str | None
    headers: dict[str, str]
    body: str
    signatureVerified: bool


class SinkAnswers(msgspec.Struct, forbid_unknown_fields=True):
    status: int
    count: int = 1


class ImportedOrg(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    rows: int
    apiToken: str | None = None
