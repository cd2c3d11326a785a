"""Enqueue work in the caller's transaction: it runs only if that transaction commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from parley.kit.clock import now_ms
from parley.kit.ids import new_id
from parley.store import Tx
from parley.worker import repository as repo


async def enqueue(
    tx: Tx,
    kind: str,
    payload: dict[str, Any],
    *,
    org_id: str | None,
    run_at: int | None = None,
    max_attempts: int = 8,
    dedupe_key: str | None = None,
) -> str:
    job_id = new_id()
    now = now_ms()
    await repo.insert_job(
        tx,
        job_id=job_id,
        org_id=org_id,
        kind=kind,
        payload=msgspec.json.encode(payload).decode(),
        run_at=run_at if run_at is not None else now,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        now=now,
    )
    return job_id


async def enqueue_many(
    tx: Tx,
    kind: str,
    jobs: Sequence[tuple[dict[str, Any], str | None]],
    *,
    org_id: str | None,
    max_attempts: int = 8,
) -> list[str]:
    """``enqueue`` for each ``(payload, dedupe_key)``, due now, in one batch."""
    if not jobs:
        return []
    now = now_ms()
    ids = [new_id() for _ in jobs]
    await repo.insert_jobs(
        tx,
        [
            {
                "id": job_id,
                "org": org_id,
                "kind": kind,
                "payload": msgspec.json.encode(job_payload).decode(),
                "run_at": now,
                "max": max_attempts,
                "dedupe": dedupe_key,
                "now": now,
            }
            for job_id, (job_payload, dedupe_key) in zip(ids, jobs, strict=True)
        ],
    )
    return ids


async def cancel(tx: Tx, org_id: str, kind: str, dedupe_key: str) -> int:
    """Cancel pending jobs of ``kind`` with ``dedupe_key`` (e.g. a replaced follow-up)."""
    return await repo.cancel_pending(tx, org_id, kind, dedupe_key)
