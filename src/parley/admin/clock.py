"""An organisation's clock, moved through the admin API (``store/clocks.py`` says how
the engine reads it).

Rules:

- ``advance`` moves the clock forward by a whole number of seconds (at least 1, at most
  ten years at once); ``real_time`` puts it back. Both take effect for the next unit of
  work of the organisation: requests, and jobs run from then on.
- The organisation's pending jobs move with its clock (``move_pending_jobs``): a job
  keeps its due time on the organisation's clock, so advancing past a follow-up's time
  makes its expiry due now, and going back to real time makes the jobs still pending
  due when they were before. Jobs already run stay as they ran.
- A reset or a delete of the organisation drops its clock with its other rows.
- Both write the clock and move the jobs in one transaction, with the organisation row
  locked, so two moves of one clock never interleave.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parley.admin import repository as repo
from parley.errors import NotFound, invalid_body
from parley.kit.clock import now_ms
from parley.orgs import repository as orgs_repo
from parley.store import Database, Tx, clocks

MAX_SECONDS = 10 * 366 * 24 * 3600


@dataclass(frozen=True)
class Clock:
    offset_ms: int
    now: int


async def _offset(tx: Tx, org_id: str) -> int:
    if not await repo.lock_org(tx, org_id):
        raise NotFound(f"No organisation with id {org_id}")
    return await clocks.offset_ms(tx, org_id)


async def read(db: Database, org_id: str) -> Clock:
    async with db.transaction(readonly=True) as tx:
        if await orgs_repo.get_org(tx, org_id) is None:
            raise NotFound(f"No organisation with id {org_id}")
        offset = await clocks.offset_ms(tx, org_id)
    return Clock(offset, now_ms() + offset)


async def _set(db: Database, org_id: str, offset_of: Callable[[int], int]) -> Clock:
    async with db.transaction() as tx:
        old = await _offset(tx, org_id)
        new = offset_of(old)
        await repo.set_clock(tx, org_id, new, now_ms())
        await repo.move_pending_jobs(tx, org_id, new - old)
    return Clock(new, now_ms() + new)


async def advance(db: Database, org_id: str, seconds: int) -> Clock:
    if not 1 <= seconds <= MAX_SECONDS:
        raise invalid_body(f"seconds must be between 1 and {MAX_SECONDS}")
    return await _set(db, org_id, lambda old: old + seconds * 1000)


async def real_time(db: Database, org_id: str) -> Clock:
    return await _set(db, org_id, lambda _: 0)
