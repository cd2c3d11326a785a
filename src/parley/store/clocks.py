"""Organisations' clocks (table ``org_clocks``): an organisation whose clock was moved
forward (admin API) lives ``offset_ms`` ahead of real time.

Every "now" of an organisation's unit of work is real time plus its offset: the request
scope reads the offset with the caller (``orgs.repository.find_caller``), the worker
per job (``offset_ms``). Jobs are always stored due at real time: the outbox converts a
due time given in the organisation's time (``real_time``), and moving a clock moves the
organisation's pending jobs by the same amount (``parley.admin``), so a job comes due
when its organisation's clock reaches its time.
"""

from __future__ import annotations

from parley.store.database import Tx


async def offset_ms(tx: Tx, org_id: str) -> int:
    """How far ahead of real time the organisation's clock is (0: real time)."""
    value = await tx.fetch_val(
        "SELECT offset_ms FROM org_clocks WHERE org_id = :org", {"org": org_id}
    )
    return 0 if value is None else int(value)


async def real_time(tx: Tx, org_id: str, at: int) -> int:
    """The real time at which the organisation's clock shows ``at``."""
    return at - await offset_ms(tx, org_id)
