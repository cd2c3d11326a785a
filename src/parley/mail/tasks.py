"""The send job: one outgoing mail through the relay, its outcome recorded.

Rules:
- No ``PARLEY_SMTP_URL``: the delivery is recorded ``not_configured`` (with that error)
  and nothing is sent; the job is done. A message or conversation gone (anonymized) by
  then: nothing is sent, the delivery is recorded failed.
- The job reads what it needs, then lets the store's writer lock go while it talks to the
  relay (``outside_lock``), and records the outcome afterwards.
- Sent: ``sent`` and ``ConversationMessageDeliverySent``. A permanent refusal (5xx), or a
  temporary one (4xx, network) on the last attempt: ``failed`` and
  ``ConversationMessageDeliveryFailed``. A temporary failure before that: the error is
  recorded and the worker retries with its backoff.
- A delivery already settled (sent, failed by a bounce) is not sent again.
"""

from __future__ import annotations

from typing import Any

from parley.kit.clock import now_ms
from parley.mail import relay
from parley.mail.compose import NothingToSend, compose
from parley.mail_records import repository as repo
from parley.mail_records.deliveries import settle
from parley.mail_records.outbox import KIND, MAX_ATTEMPTS
from parley.uow import Ctx
from parley.worker.registry import FailedAttempt, register

NOT_CONFIGURED = "PARLEY_SMTP_URL is not set: outgoing mail is not sent"


@register(KIND, concurrent=True)
async def send(ctx: Ctx, job: dict[str, Any]) -> None:
    org_id = ctx.org_id
    if org_id is None:
        return
    delivery = await repo.get_delivery(ctx.tx, org_id, str(job["messageId"]))
    if delivery is None or delivery.status in ("sent", "failed"):
        return
    if not ctx.settings.smtp_url:
        await repo.set_delivery(
            ctx.tx,
            org_id,
            delivery.message_id,
            status="not_configured",
            error=NOT_CONFIGURED,
            at=ctx.now,
        )
        return
    try:
        outgoing = await compose(ctx.tx, org_id, ctx.settings, delivery)
    except NothingToSend as gone:
        await settle(ctx.tx, org_id, delivery, sent=False, error=str(gone), at=ctx.now)
        return
    outcome = await ctx.tx.outside_lock(
        relay.send(ctx.settings.smtp_url, outgoing.message, outgoing.sender, outgoing.recipients)
    )
    current = await repo.get_delivery(ctx.tx, org_id, delivery.message_id)
    if current is None or current.status in ("sent", "failed"):
        return
    at = now_ms()
    if outcome.sent:
        await settle(ctx.tx, org_id, current, sent=True, error=None, at=at)
        return
    if outcome.temporary and ctx.attempt < MAX_ATTEMPTS:
        await repo.set_delivery(
            ctx.tx, org_id, current.message_id, status="queued", error=outcome.error, at=at
        )
        raise FailedAttempt(outcome.error or "temporary failure")
    await settle(ctx.tx, org_id, current, sent=False, error=outcome.error, at=at)
    raise FailedAttempt(outcome.error or "refused", permanent=True)
