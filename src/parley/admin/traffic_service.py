"""The journal and the faults of an organisation (``parley.admin.traffic``), through the
admin API: the organisation is named by id, its tokens are read from the store."""

from __future__ import annotations

from parley.admin import repository as repo
from parley.admin.schemas import NewFault
from parley.admin.traffic import FAULT_MESSAGES, Fault, Recorded, Traffic
from parley.errors import NotFound, invalid_body, invalid_query
from parley.orgs import repository as orgs_repo
from parley.store import Database

MAX_RECORDED = 1000


async def _tokens(db: Database, org_id: str) -> set[str]:
    async with db.transaction(readonly=True) as tx:
        if await orgs_repo.get_org(tx, org_id) is None:
            raise NotFound(f"No organisation with id {org_id}")
        return await repo.token_hashes(tx, org_id)


async def recorded(db: Database, traffic: Traffic, org_id: str, limit: int) -> list[Recorded]:
    """The organisation's last ``limit`` requests, oldest first."""
    if not 1 <= limit <= MAX_RECORDED:
        raise invalid_query("limit", f"must be between 1 and {MAX_RECORDED}")
    return traffic.recorded(await _tokens(db, org_id), limit)


async def forget(db: Database, traffic: Traffic, org_id: str) -> None:
    traffic.forget(await _tokens(db, org_id))


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


async def add_fault(db: Database, traffic: Traffic, org_id: str, new: NewFault) -> Fault:
    """A fault on the organisation's current tokens (a token issued later is not
    covered)."""
    _check(new)
    hashes = await _tokens(db, org_id)
    fault = Fault(
        0, frozenset(hashes), new.status, new.count, new.share, tuple(new.routes), new.retryAfter
    )
    return traffic.add_fault(fault)


async def faults(db: Database, traffic: Traffic, org_id: str) -> list[Fault]:
    return traffic.faults_of(await _tokens(db, org_id))


async def clear_faults(db: Database, traffic: Traffic, org_id: str) -> None:
    traffic.clear_faults(await _tokens(db, org_id))


async def forget_all(db: Database, traffic: Traffic, org_id: str) -> None:
    """The organisation's journal and faults, gone (a reset of the organisation)."""
    hashes = await _tokens(db, org_id)
    traffic.forget(hashes)
    traffic.clear_faults(hashes)
