"""The admin API's rules (``/_parley/``): organisations made, listed, emptied and
deleted, and the jobs outbox run on demand. Each call is one transaction of its own
(``run_due``: one per job, as the worker runs them).

Rules:

- Reset empties the organisation: every row of every table that holds organisations'
  rows, and its search index, except its API tokens; then writes again the rows it
  started with under the same ids (default queue, admin agent), so its tokens act as
  before. Other organisations' rows are never read or written (every statement names
  the organisation).
- Delete removes the organisation, its tokens and all its rows.
- A reset or a delete leaves no activity entry and emits no event: the organisation's
  activity log is part of what it removes, and the change is made by the operator of
  the server, not by anyone in the organisation.
- Run due jobs runs batches of the worker (``Worker.run_batch``) until one finds no due
  job, at most ``MAX_ROUNDS`` batches, and answers each job run with its state after the
  run (done, failed, or pending again with its retry scheduled). Jobs of every
  organisation are run, as the worker would run them.
- A due job the server's own worker holds (its embedded worker, woken by the commit that
  made the job) is waited for: when a batch finds nothing to claim and that worker held a
  due job as the batch began, or holds one now, the run polls every ``HELD_POLL_S`` and
  claims again, so what that job makes (a webhook delivery after a follow-up's expiry)
  is run too before the answer. Asked only after an empty batch, a job let go in between
  would read as none held and be left unrun; asked only before, a job the worker claimed
  meanwhile would. Claims of other processes' workers are not waited for: one may belong
  to a worker that died, which only the claim timeout tells. The rounds bound the wait.
"""

from __future__ import annotations

import asyncio

from parley.admin import repository as repo
from parley.config import Settings
from parley.errors import NotFound
from parley.kit.clock import now_ms
from parley.orgs import repository as orgs_repo
from parley.orgs import service as orgs
from parley.search.engine import engine
from parley.store import Database, Tx
from parley.worker.runner import Worker

MAX_ROUNDS = 1000
HELD_POLL_S = 0.01


async def create_org(db: Database, name: str) -> orgs.CreatedOrg:
    async with db.transaction() as tx:
        return await orgs.create_org(tx, name)


async def list_orgs(db: Database, after: tuple[int, str] | None, limit: int) -> list[repo.OrgRow]:
    async with db.transaction(readonly=True) as tx:
        return await repo.orgs_page(tx, after, limit)


async def _existing(tx: Tx, org_id: str) -> orgs_repo.OrgRow:
    org = await orgs_repo.get_org(tx, org_id)
    if org is None:
        raise NotFound(f"No organisation with id {org_id}")
    return org


async def _empty(tx: Tx, org_id: str, *, keep_own: bool) -> None:
    conversations = await repo.conversation_ids(tx, org_id)
    if conversations:
        await engine(tx.dialect).drop_conversations(tx, org_id, conversations)
    await repo.delete_data(tx, org_id, keep_own=keep_own)


async def reset_org(db: Database, org_id: str) -> None:
    async with db.transaction() as tx:
        org = await _existing(tx, org_id)
        await _empty(tx, org_id, keep_own=True)
        await orgs.insert_starting_rows(tx, org, now_ms())


async def delete_org(db: Database, org_id: str) -> None:
    async with db.transaction() as tx:
        await _existing(tx, org_id)
        await _empty(tx, org_id, keep_own=False)
        await repo.delete_org_row(tx, org_id)


async def run_due(
    db: Database, settings: Settings, embedded: Worker | None = None
) -> list[repo.JobRow]:
    """Run the due jobs (see the module docstring); ``embedded`` is the server's own
    worker, whose jobs in hand are waited for."""
    worker = Worker(db, settings)
    ran: list[str] = []
    for _ in range(MAX_ROUNDS):
        held = await _holds(db, embedded)
        batch = await worker.run_batch()
        ran.extend(job.id for job in batch)
        if batch:
            continue
        if not held and not await _holds(db, embedded):
            break
        await asyncio.sleep(HELD_POLL_S)
    async with db.transaction(readonly=True) as tx:
        rows = {row.id: row for row in await repo.jobs_by_id(tx, ran)}
    return [rows[job_id] for job_id in dict.fromkeys(ran) if job_id in rows]


async def _holds(db: Database, worker: Worker | None) -> bool:
    """Whether ``worker`` (the server's own, if any) holds a due job."""
    if worker is None:
        return False
    async with db.transaction(readonly=True) as tx:
        return await repo.held_by(tx, worker.worker_id)


async def pending_jobs(
    db: Database, org_id: str | None, after: tuple[int, str] | None, limit: int
) -> list[repo.JobRow]:
    async with db.transaction(readonly=True) as tx:
        return await repo.pending_jobs(tx, org_id, after, limit)
