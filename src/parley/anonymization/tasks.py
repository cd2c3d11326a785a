"""The anonymization job (kind ``anonymization.run``, payload ``{requestId}``).

It runs in the worker's transaction: all of a request's changes commit together with
``processedAt``, or none do and the worker retries with backoff. Attachment files
deleted by an attempt that then failed stay deleted; the retry skips them. A request
already done is not redone.
"""

from __future__ import annotations

from typing import Any

from parley.anonymization import redact
from parley.anonymization import repository as repo
from parley.anonymization.service import KIND
from parley.uow import Ctx
from parley.worker.registry import PermanentFailure, register


@register(KIND)
async def run_anonymization(job: Ctx, payload: dict[str, Any]) -> None:
    row = await repo.get(job.tx, job.org_id, str(payload.get("requestId")))
    if row is None:
        raise PermanentFailure("unknown anonymization request")
    if row.status == "done":
        return
    ctx = job.as_user(row.requested_by)  # what it records is authored by who asked
    if row.type == "Conversation" and row.conversation_id is not None:
        await redact.conversation(ctx, row.id, row.conversation_id)
    elif row.type == "Message" and row.conversation_id is not None and row.message_id:
        await redact.message(ctx, row.id, row.conversation_id, row.message_id)
    elif row.type == "User" and row.user_id is not None:
        conversations = await repo.requested_conversations(ctx.tx, ctx.org_id, row.user_id)
        await redact.end_user(ctx, row.id, row.user_id, [cid for cid, _state in conversations])
    else:
        raise PermanentFailure(f"malformed anonymization request {row.id}")
    await repo.mark_done(ctx.tx, ctx.org_id, row.id, ctx.now)
