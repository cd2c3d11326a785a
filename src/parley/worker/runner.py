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
from collections import Counter
from collections.abc import Collection, Coroutine
from typing import Any

import msgspec

from parley.config import Settings
from parley.kit.clock import now_ms
from parley.store import Database, Tx, clocks
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
    """Runs due jobs, each as soon as it is claimed and a slot is free.

    Rules:

    - At most ``worker_concurrency`` jobs run at once in one worker; a job never waits for
      unrelated jobs claimed with it, and a finished job's slot is refilled at once.
    - Jobs of a concurrent kind (webhook deliveries) with the same ``dedupe_key`` (the
      subscription) form a lane: at most ``worker_lane_concurrency`` of them run at once.
      A full lane's jobs are not claimed; any claimed beyond the bound are given back
      untried. So a receiver that never answers holds a lane, never the worker.
    - Of one claim, an organisation's other jobs (anonymization, follow-up expiry) run one
      after another, and its deliveries start after them (a delivery claimed with an
      anonymization sends redacted content). Organisations never wait for each other.
    - A claim is a lease: the worker renews it for every job it runs (heartbeat, a third
      of ``job_claim_timeout_seconds``); a crashed worker's jobs are claimed again once
      their lease has run out (30 s by default), by whichever worker comes first.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        batch: int = 4,
        org_ids: Collection[str] | None = None,
    ) -> None:
        """``org_ids``: run only these organisations' jobs (every organisation's when None)."""
        self.db = db
        self.settings = settings
        self.batch = batch
        self.org_ids = None if org_ids is None else sorted(org_ids)
        self.concurrency = max(1, settings.worker_concurrency)
        self.lane_limit = max(1, settings.worker_lane_concurrency)
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._running = 0
        self._lanes: Counter[tuple[str, str]] = Counter()
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
        heartbeat = asyncio.create_task(self._heartbeat(), name="parley-worker-heartbeat")
        try:
            while not self._stopping.is_set():
                free = self.concurrency - self._running
                started = 0
                if free > 0:
                    try:
                        started = len(self._start(await self._claim(free)))
                    except Exception:
                        log.exception("worker loop error")
                if started == 0:
                    await self._idle()
        finally:
            heartbeat.cancel()
            if self._in_flight:  # let running jobs finish (each is bounded by its timeout)
                await asyncio.gather(*self._in_flight, return_exceptions=True)

    async def run_once(self) -> int:
        """Claim one batch of due jobs and run it to the end; returns how many ran."""
        return len(await self.run_batch())

    async def run_batch(self) -> list[repo.Job]:
        """Claim one batch of due jobs and run it to the end; returns the jobs run."""
        jobs = await self._claim(self.batch)
        tasks = self._start(jobs)
        if tasks:
            await asyncio.gather(*tasks)
        return jobs

    async def _idle(self) -> None:
        self._wake.clear()
        waits = [asyncio.ensure_future(e.wait()) for e in (self._stopping, self._wake)]
        try:
            await asyncio.wait(
                waits, timeout=self.settings.worker_poll_seconds, return_when="FIRST_COMPLETED"
            )
        finally:
            for waiting in waits:
                waiting.cancel()

    async def _claim(self, limit: int) -> list[repo.Job]:
        now = now_ms()
        stale = now - self.settings.job_claim_timeout_seconds * 1000
        full = [lane for lane, n in self._lanes.items() if n >= self.lane_limit]
        async with self.db.transaction() as tx:
            jobs = await repo.claim_due(
                tx,
                worker_id=self.worker_id,
                now=now,
                stale_before=stale,
                limit=limit,
                skip_keys=[key for _kind, key in full],
                org_ids=self.org_ids,
            )
            admitted, excess = self._admit(jobs)
            if excess:
                await repo.release(tx, [job.id for job in excess], self.worker_id)
        return admitted

    def _admit(self, jobs: list[repo.Job]) -> tuple[list[repo.Job], list[repo.Job]]:
        admitted: list[repo.Job] = []
        excess: list[repo.Job] = []
        for job in jobs:
            lane = _lane(job)
            if lane is not None and self._lanes[lane] >= self.lane_limit:
                excess.append(job)
                continue
            if lane is not None:
                self._lanes[lane] += 1
            admitted.append(job)
        return admitted, excess

    def _start(self, jobs: list[repo.Job]) -> list[asyncio.Task[None]]:
        """One task per organisation's serial jobs, one per concurrent job (started after
        its organisation's serial jobs of this claim)."""
        serial: dict[str | None, list[repo.Job]] = {}
        for job in jobs:
            if not runs_concurrently(job.kind):
                serial.setdefault(job.org_id, []).append(job)
        chains = {org: self._spawn(self._run_chain(group)) for org, group in serial.items()}
        tasks = list(chains.values())
        for job in jobs:
            if runs_concurrently(job.kind):
                tasks.append(self._spawn(self._run_after(chains.get(job.org_id), job)))
        self._running += len(jobs)
        return tasks

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(work)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return task

    async def _run_chain(self, jobs: list[repo.Job]) -> None:
        for job in jobs:
            await self._run_and_free(job)

    async def _run_after(self, chain: asyncio.Task[None] | None, job: repo.Job) -> None:
        if chain is not None:
            await asyncio.wait([chain])
        await self._run_and_free(job)

    async def _run_and_free(self, job: repo.Job) -> None:
        try:
            await self._run(job)
        finally:
            self._running -= 1
            lane = _lane(job)
            if lane is not None:
                self._lanes[lane] -= 1
                if self._lanes[lane] <= 0:
                    del self._lanes[lane]
            self._wake.set()

    async def _heartbeat(self) -> None:
        period = max(0.5, self.settings.job_claim_timeout_seconds / 3)
        while True:
            await asyncio.sleep(period)
            if self._running:
                try:
                    async with self.db.transaction() as tx:
                        await repo.renew_leases(tx, self.worker_id, now_ms())
                except Exception:
                    log.exception("worker heartbeat failed")

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
                    now_ms() + await clocks.offset_ms(tx, job.org_id),
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
            log.error(
                "job %s (%s) failed permanently: %s",
                job.id,
                job.kind,
                error,
                extra={"fields": _fields(job)},
            )
        else:
            run_at = now_ms() + backoff_ms(job.attempts)
            await repo.mark_retry(tx, job.id, self.worker_id, run_at, error)
            log.warning(
                "job %s (%s) attempt %d failed: %s",
                job.id,
                job.kind,
                job.attempts,
                error,
                extra={"fields": {**_fields(job), "retry_at": run_at}},
            )


def _lane(job: repo.Job) -> tuple[str, str] | None:
    """The lane of a concurrent job: its kind and dedupe key (a webhook subscription)."""
    if job.dedupe_key is None or not runs_concurrently(job.kind):
        return None
    return (job.kind, job.dedupe_key)


def _fields(job: repo.Job) -> dict[str, object]:
    """A job's log fields (``PARLEY_LOG_FORMAT=json`` makes them keys of the line)."""
    return {"job_id": job.id, "kind": job.kind, "org_id": job.org_id, "attempt": job.attempts}
