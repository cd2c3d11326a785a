"""The unit of work of mail handling: one ``Ctx`` per organisation and transaction, acting
as the organisation's administrator, queueing into its default queue. Built here only."""

from __future__ import annotations

from parley.config import Settings
from parley.orgs import repository as orgs_repo
from parley.store import Tx
from parley.uow import Ctx


async def mail_ctx(tx: Tx, org_id: str, settings: Settings, now: int) -> Ctx:
    org = await orgs_repo.get_org(tx, org_id)
    if org is None or org.admin_user_id is None:
        raise LookupError(f"organisation {org_id} is not set up")
    return Ctx(
        tx,
        org_id,
        org.admin_user_id,
        org.default_queue_id,
        settings,
        now,
        base_url=settings.public_url.rstrip("/") if settings.public_url else None,
        path="/",
    )
