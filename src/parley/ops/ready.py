"""Readiness (``GET /ready``): may this process take traffic?

Ready (``200``) when the store answers and its schema is at the revision this code
carries; otherwise ``503`` with the reason. The job backlog (due jobs and the wait of the
oldest) is reported for the operator; a backlog alone does not make a process unready
(requests do not wait for jobs). ``/health`` stays the plain liveness check.
"""

from __future__ import annotations

import time
from typing import Any

import msgspec
from litestar import Response, get
from litestar.datastructures import State

from parley.ops import repository
from parley.store.migrate import pending_revisions


class StoreStatus(msgspec.Struct):
    ok: bool
    dialect: str
    error: str | None = None


class MigrationStatus(msgspec.Struct):
    current: str | None
    pending: list[str]


class JobBacklog(msgspec.Struct):
    due: int
    oldestDueAgeSeconds: float


class Readiness(msgspec.Struct):
    status: str  # "ready" | "not ready"
    store: StoreStatus
    migrations: MigrationStatus | None = None
    jobs: JobBacklog | None = None


@get(
    "/ready",
    tags=["Operations"],
    summary="Readiness: store, pending migrations, job backlog (Parley extension)",
    description=__doc__,
)
async def ready(state: State) -> Response[Readiness]:
    now = time.time_ns() // 1_000_000
    try:
        async with state.db.transaction(readonly=True) as tx:
            current = await repository.schema_revision(tx)
            due, age_ms = await repository.due_backlog(tx, now)
    except Exception as exc:
        store = StoreStatus(False, state.db.dialect, type(exc).__name__)
        return Response(Readiness("not ready", store), status_code=503)
    pending = pending_revisions(current)
    body = Readiness(
        "not ready" if pending else "ready",
        StoreStatus(True, state.db.dialect),
        MigrationStatus(current, pending),
        JobBacklog(due, age_ms / 1000),
    )
    return Response(body, status_code=503 if pending else 200)


def operations_handlers() -> list[Any]:
    """The operator's routes beside ``/health``: ``/ready`` and ``/metrics``."""
    from parley.ops.metrics import metrics

    return [ready, metrics]
