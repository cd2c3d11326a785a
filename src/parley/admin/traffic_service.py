"""The journal and the faults of an organisation (``parley.admin.traffic``), through the
admin API: the organisation is named by id; both are in the store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from parley.admin import traffic_repository as repo
from parley.admin.schemas import NewFault
from parley.admin.traffic import FAULT_MESSAGES
from parley.admin.traffic_repository import Fault, Recorded
from parley.errors import NotFound, invalid_body, invalid_query
from parley.orgs import repository as orgs_repo
from parley.store import Database, Tx

MAX_RECORDED = 1000
T = TypeVar("T")


async def _in_org(
    db: Database, org_id: str, work: Callable[[Tx], Awaitable[T]], *, readonly: bool = False
) -> T:
    """``work`` in a transaction, once the organisation is known to exist (404 if not)."""
    async with db.transaction(readonly=readonly) as tx:
        if await orgs_repo.get_org(tx, org_id) is None:
            raise NotFound(f"No organisation with id {org_id}")
        return await work(tx)


async def recorded(db: Database, org_id: str, limit: int) -> list[Recorded]:
    """The organisation's last ``limit`` requests, oldest first."""
    if not 1 <= limit <= MAX_RECORDED:
        raise invalid_query("limit", f"must be between 1 and {MAX_RECORDED}")
    return await _in_org(db, org_id, lambda tx: repo.recorded(tx, org_id, limit), readonly=True)


async def forget(db: Database, org_id: str) -> None:
    await _in_org(db, org_id, lambda tx: repo.forget_requests(tx, org_id))


def _check(new: NewFault) -> None:
    if new.status not in FAULT_MESSAGES:
        raise invalid_body(f"status must be one of {sorted(FAULT_MESSAGES)}")
    if (new.count is None) == (new.share is None):
        raise invalid_body("give either count or share")
    if new.count is not None and new.count < 1:
        raise invalid_body("count must be at least 1")
    if new.share is not None and not 0 < new.share <= 1:
        raise invalid_body("share must be more than 0 and at most 1")
    if any(not route.startswith("/v1/") for route in new.routes):
        raise invalid_body("routes must be path prefixes starting with /v1/")
    if new.retryAfter < 0:
        raise invalid_body("retryAfter must be 0 or more")


async def add_fault(db: Database, org_id: str, new: NewFault) -> Fault:
    """A fault on every request made with the organisation's tokens."""
    _check(new)
    return await _in_org(
        db,
        org_id,
        lambda tx: repo.add_fault(
            tx, org_id, new.status, new.count, new.share, new.routes, new.retryAfter
        ),
    )


async def faults(db: Database, org_id: str) -> list[Fault]:
    return await _in_org(db, org_id, lambda tx: repo.faults(tx, org_id), readonly=True)


async def clear_faults(db: Database, org_id: str) -> None:
    await _in_org(db, org_id, lambda tx: repo.clear_faults(tx, org_id))
