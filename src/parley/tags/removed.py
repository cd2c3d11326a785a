"""What removing a tag from a conversation writes, wherever the removal comes from
(``DELETE /conversations/{id}/tags/{tagId}`` or deleting the tag itself): a touch of the
conversation, then a TagRemoved entry and event (``{"tag": name}``). An anonymized
conversation gets neither: the touch leaves it out (``touch_conversation``, or
``touch_tagged`` for all the conversations of a deleted tag at once), and deleting a tag
removes it from those silently (the request that untags one conversation refuses an
anonymized one before it gets here)."""

from __future__ import annotations

from collections.abc import Sequence

from parley.journal.service import record_each
from parley.uow import Ctx


async def record_removed(ctx: Ctx, conversation_ids: Sequence[int], tag_name: str) -> None:
    """The TagRemoved entries and events of these conversations, which the caller has
    touched (those the touch reported: none anonymized), in one batch each."""
    await record_each(
        ctx.tx,
        ctx.org_id,
        conversation_ids,
        "TagRemoved",
        at=ctx.now,
        author_id=ctx.user_id,
        attributes={"tag": tag_name},
    )
