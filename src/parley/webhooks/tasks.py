"""The delivery job: POST one event to one subscription and record the attempt.

The job reads the subscription and the event row, then lets the store's writer lock go
while it waits for the receiver (``outside_lock``), and reads the subscription again
before it records the attempt. A subscription deleted or disabled before the job runs
gets nothing (and no attempt is recorded). A failed attempt is recorded, then the worker
retries the job with its backoff (5xx, 408, 429, timeouts, connection errors) or gives up
(any other answer, a refused address) - see ``parley.webhooks.sender``.

The attempt log keeps ``ATTEMPT_RETENTION_MS`` (30 days): recording an attempt forgets the
subscription's older attempts for the same event, so the log of an event in use stays
bounded without a sweep (an event no longer delivered keeps its last attempts, which
delivery-status shows).
"""

from __future__ import annotations

from typing import Any

import msgspec

from parley import __version__
from parley.kit.clock import now_ms
from parley.kit.ids import new_id
from parley.orgs import repository as orgs_repo
from parley.uow import Ctx
from parley.webhooks import payload as build
from parley.webhooks import repository as repo
from parley.webhooks import sender
from parley.webhooks.dispatch import KIND
from parley.webhooks.schemas import RESERVED_HEADERS
from parley.worker.registry import FailedAttempt, PermanentFailure, register

SIGNATURE_HEADER = "X-DIXA-SIGNATURE"
ATTEMPT_RETENTION_MS = 30 * 24 * 3600 * 1000
USER_AGENT = f"Parley-Webhooks/{__version__}"


def custom_headers(sub: repo.SubscriptionRow) -> dict[str, str]:
    """The subscription's custom headers, but none a delivery sets itself."""
    given = msgspec.json.decode(sub.custom_headers, type=dict[str, str])
    return {k: v for k, v in given.items() if k.lower() not in RESERVED_HEADERS}


@register(KIND, concurrent=True)
async def deliver(ctx: Ctx, job: dict[str, Any]) -> None:
    org_id, job_id = ctx.org_id, ctx.job_id
    if job_id is None:
        raise PermanentFailure("a delivery is recorded under its job")
    subscription_id = str(job["subscriptionId"])
    seq = int(job["eventSeq"])
    event = str(job["event"])
    sub = await repo.get(ctx.tx, org_id, subscription_id)
    if sub is None or not sub.enabled:
        return
    stored = await repo.event_payload(ctx.tx, org_id, seq)
    if stored is None:
        return
    org = await orgs_repo.get_org(ctx.tx, org_id)
    body = build.delivery_body(stored, event, org.name if org is not None else None)
    attempted_at = now_ms()
    headers = custom_headers(sub)  # the delivery's own headers below win
    headers |= {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: build.signature(sub.secret_key, attempted_at, body),
    }
    if sub.auth_header:
        headers["Authorization"] = sub.auth_header
    outcome = await ctx.tx.outside_lock(sender.post(ctx.settings, sub.url, body, headers))
    if await repo.get(ctx.tx, org_id, subscription_id) is None:
        return  # deleted while it was being sent: its attempts went with it
    await repo.insert_attempt(
        ctx.tx,
        org_id,
        repo.AttemptRow(
            id=new_id(),
            subscription_id=subscription_id,
            delivery_id=job_id,
            event=event,
            event_seq=seq,
            attempt=ctx.attempt,
            attempted_at=attempted_at,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            success=outcome.success,
            response_text=outcome.text,
            error=outcome.error,
        ),
    )
    before = attempted_at - ATTEMPT_RETENTION_MS
    await repo.prune_attempts(ctx.tx, org_id, subscription_id, event, before)
    if not outcome.success:
        raise FailedAttempt(outcome.summary(), permanent=not outcome.retryable)
