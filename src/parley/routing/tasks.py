"""Background work of routing: a follow-up's expiry."""

from __future__ import annotations

from typing import Any

from parley.routing import followup
from parley.uow import Ctx
from parley.worker.registry import register


@register(followup.KIND)
async def followup_expire(ctx: Ctx, payload: dict[str, Any]) -> None:
    """Makes the conversation Open again when its follow-up is still the one this job was
    scheduled for; otherwise (replaced, removed, closed) does nothing."""
    await followup.expire(ctx, int(payload["conversationId"]), int(payload["until"]))
