"""SQL of the operations views: job backlog by kind, failed deliveries, schema revision.

These read across organisations on purpose (an operator's view, never served on /v1).
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.migrate import current_revision


@dataclass(frozen=True)
class JobStats:
    kind: str
    pending: int
    oldest_due_age_ms: int
    failed: int


async def job_stats(tx: Tx, now: int) -> list[JobStats]:
    rows = await tx.fetch_all(
        "SELECT kind, "
        "SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), "
        "MIN(CASE WHEN status = 'pending' AND run_at <= :now THEN run_at END), "
        "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) "
        "FROM jobs WHERE status IN ('pending', 'failed') GROUP BY kind ORDER BY kind",
        {"now": now},
    )
    return [
        JobStats(r[0], int(r[1] or 0), 0 if r[2] is None else now - int(r[2]), int(r[3] or 0))
        for r in rows
    ]


async def due_backlog(tx: Tx, now: int) -> tuple[int, int]:
    """(due pending jobs, age in ms of the oldest)."""
    row = await tx.fetch_one(
        "SELECT COUNT(*), MIN(run_at) FROM jobs WHERE status = 'pending' AND run_at <= :now",
        {"now": now},
    )
    if row is None or not row[0]:
        return 0, 0
    return int(row[0]), now - int(row[1])


async def delivery_failures(tx: Tx) -> int:
    return int(await tx.fetch_val("SELECT COUNT(*) FROM webhook_attempts WHERE success = false"))


schema_revision = current_revision
