"""Prometheus metrics at ``/metrics`` (prometheus-client, text exposition format).

Per process: ``parley_http_requests_total{method,route,status}`` and
``parley_http_request_duration_seconds{method,route}`` (a histogram), where ``route`` is
the route template (``/v1/conversations/{conversationId}``; ``unmatched`` for 404s). Search
latency is the duration of the ``/v1/search/conversations`` routes.

From the store, read at each scrape (the same for every process):
``parley_jobs_pending{kind}``, ``parley_jobs_oldest_due_age_seconds{kind}`` (how long the
oldest due job has waited), ``parley_jobs_failed{kind}`` (given up) and
``parley_webhook_delivery_failures`` (failed delivery attempts recorded).

With ``PARLEY_METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from parley.errors import Unauthorized
from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.ops import repository


class Metrics:
    """One registry per application (tests build several apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "parley_http_requests", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "parley_http_request_duration_seconds",
            "HTTP request duration",
            ["method", "route"],
            registry=r,
        )
        self.jobs_pending = Gauge("parley_jobs_pending", "Pending jobs", ["kind"], registry=r)
        self.jobs_age = Gauge(
            "parley_jobs_oldest_due_age_seconds",
            "Wait of the oldest due pending job",
            ["kind"],
            registry=r,
        )
        self.jobs_failed = Gauge(
            "parley_jobs_failed", "Jobs given up after their last attempt", ["kind"], registry=r
        )
        self.delivery_failures = Gauge(
            "parley_webhook_delivery_failures", "Failed webhook delivery attempts", registry=r
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    async def refresh(self, state: State) -> None:
        now_ms = time.time_ns() // 1_000_000
        async with state.db.transaction(readonly=True) as tx:
            jobs = await repository.job_stats(tx, now_ms)
            failures = await repository.delivery_failures(tx)
        for gauge in (self.jobs_pending, self.jobs_age, self.jobs_failed):
            gauge.clear()
        for row in jobs:
            self.jobs_pending.labels(row.kind).set(row.pending)
            self.jobs_age.labels(row.kind).set(row.oldest_due_age_ms / 1000)
            self.jobs_failed.labels(row.kind).set(row.failed)
        self.delivery_failures.set(failures)


def _check_token(request: Request[Any, Any, Any], expected: str | None) -> None:
    if not expected:
        return
    given = token_from_header(authorization(request.scope)) or ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("A valid metrics token is required (PARLEY_METRICS_TOKEN)")


@get(
    "/metrics",
    tags=["Operations"],
    summary="Prometheus metrics (Parley extension)",
    description=__doc__,
    media_type=CONTENT_TYPE_LATEST,
)
async def metrics(request: Request[Any, Any, Any], state: State) -> Response[bytes]:
    _check_token(request, state.settings.metrics_token)
    collected: Metrics = state.metrics
    await collected.refresh(state)
    return Response(generate_latest(collected.registry), media_type=CONTENT_TYPE_LATEST)
