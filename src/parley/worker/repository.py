"""SQL for the jobs outbox. Claiming differs by store (clearly marked below)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.store import Tx
from parley.store.rows import columns, decoder, fetch_rows


@dataclass(frozen=True)
class Job:
    id: str
    org_id: str | None
    kind: str
    payload: str
    attempts: int
    max_attempts: int
    dedupe_key: str | None = None


_COLUMNS = columns(Job)
_job = decoder(Job)


_INSERT_JOB = (
    "INSERT INTO jobs (id, org_id, kind, payload, status, run_at, attempts, max_attempts, "
    "dedupe_key, created_at) VALUES (:id, :org, :kind, :payload, 'pending', :run_at, 0, "
    ":max, :dedupe, :now)"
)


async def insert_job(
    tx: Tx,
    *,
    job_id: str,
    org_id: str | None,
    kind: str,
    payload: str,
    run_at: int,
    max_attempts: int,
    dedupe_key: str | None,
    now: int,
) -> None:
    await tx.execute(
        _INSERT_JOB,
        {
            "id": job_id,
            "org": org_id,
            "kind": kind,
            "payload": payload,
            "run_at": run_at,
            "max": max_attempts,
            "dedupe": dedupe_key,
            "now": now,
        },
    )


async def insert_jobs(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Several jobs in one batch; each row has the keys of ``insert_job``'s statement
    (id, org, kind, payload, run_at, max, dedupe, now)."""
    await tx.execute_many(_INSERT_JOB, rows)


async def claim_due(
    tx: Tx,
    *,
    worker_id: str,
    now: int,
    stale_before: int,
    limit: int,
    skip_keys: list[str] | None = None,
    org_ids: list[str] | None = None,
) -> list[Job]:
    """Claim up to ``limit`` due jobs (unclaimed, or claimed by a worker whose lease ran
    out), leaving jobs whose ``dedupe_key`` is in ``skip_keys`` (lanes already full); only
    the jobs of ``org_ids`` when given."""
    params: dict[str, Any] = {"now": now, "stale": stale_before, "limit": limit}
    skip = ""
    if skip_keys:
        skip += " AND (dedupe_key IS NULL OR NOT (dedupe_key IN :skip))"
        params["skip"] = skip_keys
    if org_ids is not None:
        skip += " AND org_id IN :orgs"
        params["orgs"] = org_ids
    pick = (
        "SELECT id FROM jobs WHERE status = 'pending' AND run_at <= :now "
        f"AND (claimed_at IS NULL OR claimed_at < :stale){skip} ORDER BY run_at LIMIT :limit"
        # Concurrent workers skip each other's locked rows (PostgreSQL); SQLite has one
        # writer at a time, so the conditional UPDATE is atomic on its own.
        + tx.for_update_skip_locked
    )
    claim = (
        "UPDATE jobs SET claimed_at = :now, claimed_by = :worker, attempts = attempts + 1 "
        f"WHERE id IN ({pick}) RETURNING {_COLUMNS}"
    )
    return await fetch_rows(tx, _job, claim, {**params, "worker": worker_id})


async def release(tx: Tx, job_ids: list[str], worker_id: str) -> int:
    """Give claimed jobs back untried (their lane was full): the claim's attempt is undone."""
    return await tx.execute(
        "UPDATE jobs SET claimed_at = NULL, claimed_by = NULL, attempts = attempts - 1 "
        "WHERE id IN :ids AND claimed_by = :worker AND status = 'pending'",
        {"ids": job_ids, "worker": worker_id},
    )


async def renew_leases(tx: Tx, worker_id: str, now: int) -> int:
    """The heartbeat: every job this worker is running stays claimed (its lease renewed)."""
    return await tx.execute(
        "UPDATE jobs SET claimed_at = :now "
        "WHERE claimed_by = :worker AND status = 'pending' AND claimed_at IS NOT NULL",
        {"worker": worker_id, "now": now},
    )


async def mark_done(tx: Tx, job_id: str, worker_id: str, now: int) -> int:
    return await tx.execute(
        "UPDATE jobs SET status = 'done', finished_at = :now, last_error = NULL "
        "WHERE id = :id AND claimed_by = :worker AND status = 'pending'",
        {"id": job_id, "worker": worker_id, "now": now},
    )


async def mark_retry(tx: Tx, job_id: str, worker_id: str, run_at: int, error: str) -> int:
    return await tx.execute(
        "UPDATE jobs SET claimed_at = NULL, claimed_by = NULL, run_at = :run_at, "
        "last_error = :error WHERE id = :id AND claimed_by = :worker AND status = 'pending'",
        {"id": job_id, "worker": worker_id, "run_at": run_at, "error": error[:2000]},
    )


async def mark_failed(tx: Tx, job_id: str, worker_id: str, now: int, error: str) -> int:
    return await tx.execute(
        "UPDATE jobs SET status = 'failed', finished_at = :now, last_error = :error "
        "WHERE id = :id AND claimed_by = :worker AND status = 'pending'",
        {"id": job_id, "worker": worker_id, "now": now, "error": error[:2000]},
    )


async def get_status(tx: Tx, job_id: str) -> tuple[str, int, str | None] | None:
    row = await tx.fetch_one(
        "SELECT status, attempts, last_error FROM jobs WHERE id = :id", {"id": job_id}
    )
    return None if row is None else (row[0], int(row[1]), row[2])


async def cancel_pending(tx: Tx, org_id: str, kind: str, dedupe_key: str) -> int:
    return await tx.execute(
        "UPDATE jobs SET status = 'cancelled', finished_at = run_at "
        "WHERE org_id = :org AND kind = :kind AND dedupe_key = :key AND status = 'pending'",
        {"org": org_id, "kind": kind, "key": dedupe_key},
    )
