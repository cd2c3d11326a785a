"""Close and reopen.

Close: Open or Pending -> Closed (ConversationClosed), ``stateUpdatedAt`` and
``closed_at`` set, the conversation leaves its queue and keeps its assignment; a
follow-up in progress ends (FollowupRemoved). Closing a Closed conversation: no change.
The anonymization job closes its targets the same way, by who asked.
Reopen: Closed -> Open (ConversationUnassigned where assigned, ConversationReopened),
unassigned and offered again in its last queue, else the organisation's default queue.
Reopening a Pending conversation ends its follow-up (FollowupRemoved) and makes it Open
with its assignment and queue kept. Reopening an Open conversation: no change.
"""

from __future__ import annotations

from parley.conversation_record.guard import require
from parley.conversation_record.repository import ConversationRow
from parley.routing import followup
from parley.routing import repository as repo
from parley.routing.common import acting_user, record_unassigned
from parley.uow import Ctx


async def close(ctx: Ctx, conversation_id: int, user_id: str | None = None) -> bool:
    """Close the conversation, by ``user_id`` (an agent of the organisation) or else the
    acting user. True when it was closed now; False when it was Closed already. The
    anonymization job closes its targets this way too, by who asked."""
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    author = await acting_user(ctx, user_id)
    if conv.state == "Closed":
        return False
    if not await repo.close(ctx.tx, ctx.org_id, conv.id, ctx.now):
        return False  # closed concurrently
    if conv.followup_until is not None:
        await followup.removed(ctx, conv.id, author)
    await ctx.record(conv.id, "ConversationClosed", author_id=author)
    return True


async def reopen(ctx: Ctx, conversation_id: int, user_id: str | None) -> None:
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    author = await acting_user(ctx, user_id)
    if conv.state == "Pending":
        await reopen_pending(ctx, conv.id, conv.followup_until, author)
        return
    if conv.state == "Closed":
        await reopen_closed(ctx, conv, author)


async def reopen_pending(
    ctx: Ctx, conversation_id: int, followup_until: int | None, author: str | None
) -> bool:
    """Pending -> Open, assignment and queue kept: FollowupRemoved where a follow-up was
    in progress, then ConversationReopened (event ConversationOpen). Used by ``reopen``
    and by an inbound message on a Pending conversation (authored by its requester).
    False when it was not Pending (any more)."""
    if not await repo.open_pending(ctx.tx, ctx.org_id, conversation_id, ctx.now):
        return False
    if followup_until is not None:
        await followup.removed(ctx, conversation_id, author)
    await ctx.record(
        conversation_id, "ConversationReopened", author_id=author, event="ConversationOpen"
    )
    return True


async def reopen_closed(ctx: Ctx, conv: ConversationRow, author: str) -> bool:
    """Closed -> Open, unassigned and queued in its last queue (else the default queue):
    ConversationUnassigned where it was assigned, then ConversationReopened. Used by
    ``reopen`` and by an inbound message on a Closed conversation (authored by its
    requester). False when it was not Closed (any more)."""
    target = await return_queue(ctx, conv)
    if not await repo.reopen_closed(ctx.tx, ctx.org_id, conv.id, target, ctx.now):
        return False  # reopened concurrently
    if conv.assigned_agent_id is not None:
        await record_unassigned(ctx, conv.id, conv.assigned_agent_id, author)
    await ctx.record(conv.id, "ConversationReopened", author_id=author, event="ConversationOpen")
    return True


async def return_queue(ctx: Ctx, conv: ConversationRow) -> str | None:
    """The queue a conversation goes back to: its queue, else its last queue if that
    still exists, else the organisation's default queue."""
    target = conv.queue_id or conv.last_queue_id
    if target is None or await repo.queue_name(ctx.tx, ctx.org_id, target) is None:
        target = ctx.default_queue_id or await repo.default_queue(ctx.tx, ctx.org_id)
    return target
