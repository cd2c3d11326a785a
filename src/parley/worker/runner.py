"""The worker loop: claim due jobs, run each in its own transaction, retry with capped
exponential backoff, mark permanent failures. Runs inside the server (embedded mode) or
as ``parley worker`` (several may share one PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import traceback

import msgspec

from parley.config import Settings
from parley.kit.clock import now_ms
from parley.store import Database, Tx
from parley.uow import Ctx
from parley.worker import repository as repo
from parley.worker.kinds import load_all
from parley.worker.registry import (
    FailedAttempt,
    PermanentFailure,
    handler_for,
    runs_concurrently,
)

log = logging.getLogger("parley.worker")

BACKOFF_BASE_MS = 1_000
BACKOFF_CAP_MS = 10 * 60 * 1_000


def backoff_ms(attempt: int) -> int:
    """Delay before retry number ``attempt`` (1-based): 1 s, 2 s, 4 s … capped at 10 min,
    with up to 20% jitter so failed jobs do not retry in lockstep."""
    delay = min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** max(0, attempt - 1))
    return int(delay * (1 + random.random() * 0.2))


class Worker:
    def __init__(self, db: Database, settings: Settings, *, batch: int = 4) -> None:
        self.db = db
        self.settings = settings
        self.batch = batch
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        load_all()

    def start(self) -> None:
        if self._task is None:
            self._stopping = asyncio.Event()
            self._task = asyncio.create_task(self.run_forever(), name="parley-worker")

    async def stop(self) -> None:
        self._stopping.set()
        if self._task is not None:
            task, self._task = self._task, None
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                ran = await self.run_once()
            except Exception:
                log.exception("worker loop error")
                ran = 0
            if ran == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._stopping.wait(), timeout=self.settings.worker_poll_seconds
                    )

    async def run_once(self) -> int:
        """Claim and run one batch of due jobs; returns how many were run."""
        now = now_ms()
        stale = now - self.settings.job_claim_timeout_seconds * 1000
        async with self.db.transaction() as tx:
            jobs = await repo.claim_due(
                tx, worker_id=self.worker_id, now=now, stale_before=stale, limit=self.batch
            )
        # The batch's other jobs (anonymization, follow-up expiry) one after another, in
        # due order; then the kinds that mostly wait outside the store (webhook deliveries)
        # side by side, so a receiver that does not answer holds up nothing else, and a
        # delivery runs after an anonymization of the same batch. ``_run`` never raises.
        waiting = [job for job in jobs if runs_concurrently(job.kind)]
        for job in jobs:
            if not runs_concurrently(job.kind):
                await self._run(job)
        async with asyncio.TaskGroup() as group:
            for job in waiting:
                group.create_task(self._run(job))
        return len(jobs)

    async def _run(self, job: repo.Job) -> None:
        handler = handler_for(job.kind)
        try:
            if handler is None:
                raise PermanentFailure(f"no handler for job kind {job.kind!r}")
            if job.org_id is None:
                raise PermanentFailure(f"job kind {job.kind!r} without an organisation")
            payload = msgspec.json.decode(job.payload)
            async with self.db.transaction() as tx:
                ctx = Ctx(
                    tx,
                    job.org_id,
                    None,  # the handler acts as who asked for the work (``ctx.as_user``)
                    None,
                    self.settings,
                    now_ms(),
                    job_id=job.id,
                    attempt=job.attempts,
                )
                try:
                    await handler(ctx, payload)
                except FailedAttempt as failed:  # its writes (the attempt's record) are kept
                    await self._failed(tx, job, failed, permanent=failed.permanent)
                    return
                await repo.mark_done(tx, job.id, self.worker_id, now_ms())
        except Exception as exc:
            try:
                async with self.db.transaction() as tx:
                    await self._failed(tx, job, exc, permanent=isinstance(exc, PermanentFailure))
            except Exception:  # the job stays claimed and is retried after the claim timeout
                log.exception("job %s (%s): recording its failure failed", job.id, job.kind)

    async def _failed(self, tx: Tx, job: repo.Job, exc: Exception, *, permanent: bool) -> None:
        """Schedule the job's retry with backoff, or mark it failed (``permanent``, or no
        attempts left)."""
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        if permanent or job.attempts >= job.max_attempts:
            await repo.mark_failed(tx, job.id, self.worker_id, now_ms(), error)
            log.error("job %s (%s) failed permanently: %s", job.id, job.kind, error)
        else:
            run_at = now_ms() + backoff_ms(job.attempts)
            await repo.mark_retry(tx, job.id, self.worker_id, run_at, error)
            log.warning("job %s (%s) attempt %d failed: %s", job.id, job.kind, job.attempts, error)
