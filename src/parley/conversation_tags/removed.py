"""What removing a tag from a conversation writes, wherever the removal comes from
(``DELETE /conversations/{id}/tags/{tagId}`` or deleting the tag itself): a TagRemoved
entry and event (``{"tag": name}``) and a touch of the conversation. An anonymized
conversation gets neither: deleting a tag removes it from those silently (the request
that untags one conversation refuses an anonymized one before it gets here)."""

from __future__ import annotations

from parley.activity.service import record
from parley.conversation_tags import repository as repo
from parley.http.context import Ctx


async def record_removed(ctx: Ctx, conversation_id: int, tag_name: str) -> bool:
    """False, writing nothing, when the conversation is anonymized."""
    if not await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now):
        return False
    await record(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        "TagRemoved",
        at=ctx.now,
        author_id=ctx.user_id,
        attributes={"tag": tag_name},
    )
    return True
