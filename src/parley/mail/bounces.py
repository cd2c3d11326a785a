"""A bounce (a delivery status report) marks the delivery of the mail it returns as
failed, instead of opening a conversation."""

from __future__ import annotations

from parley.mail.parse import Parsed
from parley.mail_records import repository as repo
from parley.mail_records.deliveries import settle
from parley.uow import Ctx


async def record(ctx: Ctx, parsed: Parsed) -> int | None:
    """Mark the first referenced outgoing mail as failed; returns its conversation."""
    for header_id in parsed.bounced_ids:
        delivery = await repo.delivery_by_header(ctx.tx, ctx.org_id, header_id)
        if delivery is None:
            continue
        reason = f"bounced: {parsed.subject}".strip()[:500]
        await settle(ctx.tx, ctx.org_id, delivery, sent=False, error=reason, at=ctx.now)
        return delivery.conversation_id
    return None
