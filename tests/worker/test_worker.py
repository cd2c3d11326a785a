"""The outbox and its worker, on both stores."""

from __future__ import annotations

import asyncio
import uuid

from fixtures.harness import Harness
from fixtures.worker import OVERLAPS, RAN, enqueue, job_status, make_due, worker_org_id
from parley.store import open_database
from parley.worker import outbox
from parley.worker import repository as jobs_repo
from parley.worker.runner import Worker, backoff_ms


def test_job_survives_a_restart(harness: Harness) -> None:
    key = uuid.uuid4().hex
    job_id = enqueue(harness, "test.record", {"key": key})
    harness.run_jobs_restarted()
    assert job_status(harness, job_id)[0] == "done"
    assert (key, job_id) in RAN
    assert harness.fetch("SELECT value FROM id_sequences WHERE name = :n", {"n": f"t-{key}"})


def test_job_in_rolled_back_transaction_never_exists(harness: Harness) -> None:
    async def run() -> None:
        try:
            async with harness.db.transaction() as tx:
                await outbox.enqueue(
                    tx, "test.record", {"key": "never"}, org_id=None, dedupe_key="rolled-back"
                )
                raise RuntimeError("request failed")
        except RuntimeError:
            pass

    harness.call(run)
    assert harness.fetch("SELECT id FROM jobs WHERE dedupe_key = 'rolled-back'") == []


def test_two_workers_never_run_the_same_job(harness: Harness) -> None:
    keys = [uuid.uuid4().hex for _ in range(30)]
    org_id = worker_org_id(harness)
    ids = [enqueue(harness, "test.record", {"key": k}, org_id) for k in keys]

    async def two_workers() -> None:
        # PostgreSQL: two pools, as two processes would have. SQLite: one process owns the
        # file, so two workers share its connection (and its transaction lock).
        shared = harness.store == "sqlite"
        db2 = harness.db if shared else open_database(harness.settings.database_url)
        await db2.connect()
        a = Worker(harness.db, harness.settings, batch=3, org_ids=[org_id])
        b = Worker(db2, harness.settings, batch=3, org_ids=[org_id])
        try:
            # until the organisation's queue is empty
            for _ in range(1000):
                ran = await asyncio.gather(a.run_once(), b.run_once())
                if sum(ran) == 0:
                    break
        finally:
            if not shared:
                await db2.close()

    harness.call(two_workers)
    ran_keys = [k for k, _ in RAN if k in set(keys)]
    assert sorted(ran_keys) == sorted(keys)  # each exactly once
    assert not OVERLAPS
    assert all(job_status(harness, i)[0] == "done" for i in ids)


def test_failing_job_is_retried_then_marked_failed(harness: Harness) -> None:
    key = uuid.uuid4().hex
    job_id = enqueue(harness, "test.fail", {"key": key}, max_attempts=3)
    for attempt in (1, 2, 3):
        harness.run_jobs(rounds=1)
        status, attempts, error = job_status(harness, job_id)
        assert attempts == attempt
        assert "downstream unavailable" in (error or "")
        if attempt < 3:
            assert status == "pending"
            run_at = harness.fetch("SELECT run_at FROM jobs WHERE id = :id", {"id": job_id})[0][0]
            assert run_at > 0
            # move the retry time to now instead of waiting for the backoff
            harness.call(make_due, harness, job_id)
        else:
            assert status == "failed"
    # each failed attempt rolled back its own writes
    rows = harness.fetch("SELECT name FROM id_sequences WHERE name LIKE :p", {"p": f"f-{key}%"})
    assert rows == []


def test_permanent_failure_and_unknown_kind_fail_at_once(harness: Harness) -> None:
    a = enqueue(harness, "test.permanent", {})
    b = enqueue(harness, "test.no-such-kind", {})
    harness.run_jobs(rounds=1)
    assert job_status(harness, a)[:2] == ("failed", 1)
    assert job_status(harness, b)[0] == "failed"


def test_job_of_a_dead_worker_is_claimed_again_after_timeout(harness: Harness) -> None:
    key = uuid.uuid4().hex
    job_id = enqueue(harness, "test.record", {"key": key})

    async def dead_claim() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "UPDATE jobs SET claimed_at = :t, claimed_by = 'dead', attempts = 1 WHERE id = :id",
                {"t": 1, "id": job_id},
            )

    harness.call(dead_claim)
    harness.run_jobs(rounds=1)
    status, attempts, _ = job_status(harness, job_id)
    assert status == "done" and attempts == 2


def test_job_claimed_recently_is_not_taken_by_another_worker(harness: Harness) -> None:
    org_id = worker_org_id(harness)
    job_id = enqueue(harness, "test.record", {"key": uuid.uuid4().hex}, org_id)

    async def claim_now() -> list[jobs_repo.Job]:
        from parley.kit.clock import now_ms

        async with harness.db.transaction() as tx:
            return await jobs_repo.claim_due(
                tx, worker_id="alive", now=now_ms(), stale_before=0, limit=10, org_ids=[org_id]
            )

    claimed = harness.call(claim_now)
    assert job_id in {j.id for j in claimed}
    harness.run_jobs(rounds=1)
    assert job_status(harness, job_id)[0] == "pending"


def test_delayed_job_waits_for_its_time(harness: Harness) -> None:
    from parley.kit.clock import now_ms

    job_id = enqueue(harness, "test.record", {"key": uuid.uuid4().hex}, run_at=now_ms() + 3_600_000)
    harness.run_jobs(rounds=1)
    assert job_status(harness, job_id)[0] == "pending"


def test_a_worker_for_some_organisations_leaves_the_others_jobs(harness: Harness) -> None:
    mine, theirs = worker_org_id(harness), worker_org_id(harness)
    a = enqueue(harness, "test.record", {"key": uuid.uuid4().hex}, mine)
    b = enqueue(harness, "test.record", {"key": uuid.uuid4().hex}, theirs)
    assert harness.run_jobs(org_ids=[mine]) == 1
    assert (job_status(harness, a)[0], job_status(harness, b)[0]) == ("done", "pending")
    assert harness.run_jobs() == 1  # by default: every organisation the test made
    assert job_status(harness, b)[0] == "done"


def test_backoff_is_capped_and_grows() -> None:
    assert 1000 <= backoff_ms(1) <= 1200
    assert 4000 <= backoff_ms(3) <= 4800
    assert backoff_ms(50) <= 12 * 60 * 1000
