"""The unit of work of mail handling: one ``Ctx`` per organisation and transaction, acting
as the organisation's administrator, queueing into its default queue. Built here only."""

from __future__ import annotations

from parley.config import Settings
from parley.orgs import repository as orgs_repo
from parley.store import Tx, clocks
from parley.uow import Ctx


async def mail_ctx(
    tx: Tx,
    org_id: str,
    settings: Settings,
    now: int,
    org: orgs_repo.OrgRow | None = None,
    clock_offset: int | None = None,
) -> Ctx:
    """``org`` and ``clock_offset``: the organisation's row and its clock's offset when
    they were just read (the recipient's lookup)."""
    if org is None or org.id != org_id:
        org, clock_offset = await orgs_repo.get_org(tx, org_id), None
    if org is None or org.admin_user_id is None:
        raise LookupError(f"organisation {org_id} is not set up")
    return Ctx(
        tx,
        org_id,
        org.admin_user_id,
        org.default_queue_id,
        settings,
        now + (await clocks.offset_ms(tx, org_id) if clock_offset is None else clock_offset),
        base_url=settings.public_url.rstrip("/") if settings.public_url else None,
        path="/",
    )
