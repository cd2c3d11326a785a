"""The unit of work of mail handling: one ``Ctx`` per organisation and transaction, acting
as the organisation's administrator, queueing into its default queue. Built here only."""

from __future__ import annotations

from parley.config import Settings
from parley.orgs import repository as orgs_repo
from parley.store import Tx, clocks
from parley.uow import Ctx


async def mail_ctx(
    tx: Tx, org_id: str, settings: Settings, now: int, org: orgs_repo.OrgRow | None = None
) -> Ctx:
    """``org``: the organisation's row when it was just read (the recipient's lookup)."""
    if org is None or org.id != org_id:
        org = await orgs_repo.get_org(tx, org_id)
    if org is None or org.admin_user_id is None:
        raise LookupError(f"organisation {org_id} is not set up")
    return Ctx(
        tx,
        org_id,
        org.admin_user_id,
        org.default_queue_id,
        settings,
        now + await clocks.offset_ms(tx, org_id),  # the organisation's clock
        base_url=settings.public_url.rstrip("/") if settings.public_url else None,
        path="/",
    )
