"""Dixa's queue events, which have no activity-log entry of their own: each goes with the
entry of the change it comes with (``emit_with``: its data names that entry).

- ``ConversationEnqueued``: the conversation enters a queue - created unassigned (its
  queue), transferred to a queue, reopened into a queue, released by its agent into a
  queue when it was in none. Attributes ``{queueId}``; delivered data: the conversation
  (as it is after the change).
- ``ConversationAbandoned``: closed while never assigned to an agent (no
  ConversationAssigned entry ever). Attributes ``{queueId}``, the queue it was in when it
  was closed (null when none); delivered data: the conversation and ``queue {id, name}``.
"""

from __future__ import annotations

from parley.journal.service import emit_with
from parley.uow import Ctx
from parley.webhooks import data_repository as repo


async def enqueued(
    ctx: Ctx, conversation_id: int, queue_id: str, *, entry: str, author_id: str | None
) -> None:
    """ConversationEnqueued in ``queue_id``, going with the activity entry ``entry``."""
    await _emit(ctx, conversation_id, "ConversationEnqueued", queue_id, entry, author_id)


async def closed(
    ctx: Ctx,
    conversation_id: int,
    *,
    assigned: bool,
    queue_id: str | None,
    entry: str,
    author_id: str | None,
) -> None:
    """After a close (its entry ``entry``): ConversationAbandoned when it was never
    assigned."""
    if assigned or await repo.ever_assigned(ctx.tx, ctx.org_id, conversation_id):
        return
    await _emit(ctx, conversation_id, "ConversationAbandoned", queue_id, entry, author_id)


async def _emit(
    ctx: Ctx,
    conversation_id: int,
    event: str,
    queue_id: str | None,
    entry: str,
    author_id: str | None,
) -> None:
    """A queue event (its attributes ``{queueId}``) with the activity entry ``entry``."""
    await emit_with(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        event,
        activity_id=entry,
        at=ctx.now,
        author_id=author_id,
        attributes={"queueId": queue_id},
    )
