"""An anonymization job interrupted mid-way (a crash inside its transaction, or a worker
that died holding the job) completes afterwards, on both stores."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fixtures.anonymization import blob_exists, make_anonymization_due
from fixtures.builders import anonymize, rich_conversation
from fixtures.harness import Api, Harness
from fixtures.reads import everything_about, found, jobs_of, log_types, request_status
from parley.store import Database, Row, Tx
from parley.store.database import Params, RollbackHook
from parley.worker.runner import Worker


class _CrashingTx:
    """The job's transaction, failing once at a chosen statement (a fake at the store
    port): everything the job wrote before it is rolled back with the transaction."""

    def __init__(self, tx: Tx, db: _CrashOnce) -> None:
        self._tx, self._db, self.dialect = tx, db, tx.dialect
        self.for_update, self.for_update_skip_locked = tx.for_update, tx.for_update_skip_locked

    async def execute(self, sql: str, params: Params | None = None) -> int:
        if not self._db.crashed and sql.startswith(self._db.at):
            self._db.crashed = True
            raise RuntimeError("simulated crash")
        return await self._tx.execute(sql, params)

    async def fetch_all(self, sql: str, params: Params | None = None) -> list[Row]:
        return await self._tx.fetch_all(sql, params)

    async def fetch_one(self, sql: str, params: Params | None = None) -> Row | None:
        return await self._tx.fetch_one(sql, params)

    async def fetch_val(self, sql: str, params: Params | None = None) -> Any:
        return await self._tx.fetch_val(sql, params)

    async def execute_many(self, sql: str, params: Sequence[Params]) -> None:
        await self._tx.execute_many(sql, params)

    async def next_id(self, sequence: str) -> int:
        return await self._tx.next_id(sequence)

    async def seq_expr(self, sequence: str, params: dict[str, Any]) -> str:
        return await self._tx.seq_expr(sequence, params)

    def on_rollback(self, hook: RollbackHook) -> None:
        self._tx.on_rollback(hook)


class _CrashOnce:
    def __init__(self, db: Database, at: str) -> None:
        self._db, self.at, self.crashed = db, at, False
        self.dialect, self.url = db.dialect, db.url

    async def connect(self) -> None:
        return None

    async def close(self) -> None:
        return None

    @asynccontextmanager
    async def transaction(self, *, readonly: bool = False) -> AsyncIterator[Tx]:
        async with self._db.transaction(readonly=readonly) as tx:
            yield _CrashingTx(tx, self)


def test_crash_mid_job_rolls_back_and_the_retry_completes(
    harness: Harness, api: Api, files_url: str
) -> None:
    rich = rich_conversation(api, files_url)
    harness.run_jobs()  # the outbound reply's mail job, so only the anonymization is due
    request = anonymize(api, rich.cid).json()["data"]
    # Crash after the messages and the conversation row were rewritten, at the notes.
    crashing = _CrashOnce(harness.db, "UPDATE notes")

    async def run_crashing_worker() -> int:
        return await Worker(crashing, harness.settings, org_ids=[api.org.id]).run_once()

    assert harness.call(run_crashing_worker) == 1
    assert crashing.crashed
    [(job_id, status, _payload)] = jobs_of(harness, api)
    job = harness.fetch("SELECT attempts, last_error FROM jobs WHERE id = :id", {"id": job_id})
    assert status == "pending" and job[0][0] == 1 and "simulated crash" in job[0][1]
    assert request_status(api, request["id"])["status"] == "pending"
    # nothing of the half-done attempt was committed
    conv = api.get(f"/v1/conversations/{rich.cid}").json()["data"]
    assert conv["_type"] == "EmailConversation" and rich.secrets["subject"] in conv["subject"]
    messages = api.get(f"/v1/conversations/{rich.cid}/messages").json()["data"]
    assert rich.secrets["inbound"] in messages[0]["attributes"]["emailContent"]["content"]["value"]
    assert found(api, rich.secrets["inbound"]) == [rich.cid]

    assert harness.run_jobs() == 0  # retried with backoff, not at once
    make_anonymization_due(harness, api)
    assert harness.run_jobs() == 1
    done = request_status(api, request["id"])
    assert done["status"] == "done" and done["processedAt"] is not None
    assert api.get(f"/v1/conversations/{rich.cid}").json()["data"]["_type"] == (
        "AnonymizedConversation"
    )
    assert log_types(api, rich.cid).count("ConversationAnonymized") == 1
    stored = everything_about(harness, api, rich.cid)
    assert [s for s in rich.secrets.values() if s in stored] == []
    assert not blob_exists(harness, api, rich)
    assert found(api, rich.secrets["inbound"]) == []


def test_job_of_a_dead_worker_completes_after_restart(
    harness: Harness, api: Api, files_url: str
) -> None:
    rich = rich_conversation(api, files_url)
    harness.run_jobs()  # the outbound reply's mail job, so only the anonymization is due
    request = anonymize(api, rich.cid).json()["data"]
    [(job_id, _status, _payload)] = jobs_of(harness, api)

    def claimed_by_dead_worker(at: int) -> None:
        harness.execute(
            "UPDATE jobs SET claimed_at = :at, claimed_by = 'dead', attempts = 1 WHERE id = :id",
            {"at": at, "id": job_id},
        )

    # A worker claimed it and is still within its claim timeout: nobody else runs it.
    claimed_by_dead_worker(10**15)
    assert harness.run_jobs() == 0
    assert request_status(api, request["id"])["status"] == "pending"
    # The claim went stale (the worker died): a new process picks the job up.
    claimed_by_dead_worker(1)
    assert harness.run_jobs_restarted() == 1
    assert request_status(api, request["id"])["status"] == "done"
    assert api.get(f"/v1/conversations/{rich.cid}").json()["data"]["_type"] == (
        "AnonymizedConversation"
    )
    job = harness.fetch("SELECT status, attempts FROM jobs WHERE id = :id", {"id": job_id})
    assert job == [("done", 2)]
