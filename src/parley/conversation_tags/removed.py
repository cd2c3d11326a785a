"""What removing a tag from a conversation writes, wherever the removal comes from
(``DELETE /conversations/{id}/tags/{tagId}`` or deleting the tag itself): a TagRemoved
entry and event (``{"tag": name}``) and a touch of the conversation."""

from __future__ import annotations

from parley.activity.service import record
from parley.conversation_tags import repository as repo
from parley.http.context import Ctx


async def record_removed(ctx: Ctx, conversation_id: int, tag_name: str) -> None:
    await record(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        "TagRemoved",
        at=ctx.now,
        author_id=ctx.user_id,
        attributes={"tag": tag_name},
    )
    await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
