"""Prometheus metrics at ``/metrics`` (prometheus-client, text exposition format).

``parley_http_requests_total{method,route,status}`` and
``parley_http_request_duration_seconds{method,route}`` (a histogram), where ``route`` is
the route template (``/v1/conversations/{conversationId}``; ``unmatched`` for 404s). Search
latency is the duration of the ``/v1/search/conversations`` routes. ``parley serve`` shares
them between its server processes (``--workers`` 2 or more) with the client's
multiprocess mode (``shared_metrics``: one directory per port under the data directory,
emptied when the server starts), so a scrape answered by any process counts the requests of all.

From the store, read at each scrape (the same for every process):
``parley_jobs_pending{kind}``, ``parley_jobs_oldest_due_age_seconds{kind}`` (how long the
oldest due job has waited), ``parley_jobs_failed{kind}`` (given up) and
``parley_webhook_delivery_failures`` (failed delivery attempts recorded).

With ``PARLEY_METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

from parley.errors import Unauthorized
from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.ops import repository
from parley.ops.shared_metrics import MULTIPROCESS_ENV


class StoreGauges:
    """The job queue and delivery figures, read from the store at each scrape (the same
    for every process, so they are not shared through files)."""

    def __init__(self) -> None:
        self.jobs: list[repository.JobStats] = []
        self.failures = 0

    def collect(self) -> Iterator[Metric]:
        pending = GaugeMetricFamily("parley_jobs_pending", "Pending jobs", labels=["kind"])
        age = GaugeMetricFamily(
            "parley_jobs_oldest_due_age_seconds",
            "Wait of the oldest due pending job",
            labels=["kind"],
        )
        failed = GaugeMetricFamily(
            "parley_jobs_failed", "Jobs given up after their last attempt", labels=["kind"]
        )
        for row in self.jobs:
            pending.add_metric([row.kind], row.pending)
            age.add_metric([row.kind], row.oldest_due_age_ms / 1000)
            failed.add_metric([row.kind], row.failed)
        yield from (pending, age, failed)
        yield GaugeMetricFamily(
            "parley_webhook_delivery_failures",
            "Failed webhook delivery attempts",
            value=self.failures,
        )


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
        self.store = StoreGauges()
        r.register(self.store)
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        # The labelled children, looked up once per (method, route, status): ``labels``
        # checks and joins its values under a lock on every call, on every request.
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
        children[0].inc()
        children[1].observe(seconds)

    async def refresh(self, state: State) -> None:
        now_ms = time.time_ns() // 1_000_000
        async with state.db.transaction(readonly=True) as tx:
            jobs = await repository.job_stats(tx, now_ms)
            failures = await repository.delivery_failures(tx)
        self.store.jobs, self.store.failures = jobs, failures

    def exposition(self) -> bytes:
        """The text a scrape gets: with the multiprocess mode on, the counters of every
        process of the server, read from their files."""
        folder = os.environ.get(MULTIPROCESS_ENV)
        if not folder:
            return generate_latest(self.registry)
        shared = CollectorRegistry()
        MultiProcessCollector(shared, path=folder)  # type: ignore[no-untyped-call]
        shared.register(self.store)
        return generate_latest(shared)


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
    return Response(collected.exposition(), media_type=CONTENT_TYPE_LATEST)
