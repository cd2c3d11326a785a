"""Background work of routing: a follow-up's expiry."""

from __future__ import annotations

from typing import Any

from parley.routing import followup
from parley.worker.registry import JobContext, PermanentFailure, register


@register(followup.KIND)
async def followup_expire(job: JobContext, payload: dict[str, Any]) -> None:
    """Makes the conversation Open again when its follow-up is still the one this job was
    scheduled for; otherwise (replaced, removed, closed) does nothing."""
    if job.org_id is None:
        raise PermanentFailure("follow-up job without an organisation")
    await followup.expire(
        job.tx, job.org_id, int(payload["conversationId"]), int(payload["until"]), job.now
    )
