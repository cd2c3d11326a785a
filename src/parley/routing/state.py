"""Close and reopen.

Close: Open or Pending -> Closed (ConversationClosed, and ConversationAbandoned when it
was never assigned - ``parley.webhooks.queue_events``), ``stateUpdatedAt`` and
``closed_at`` set, the conversation leaves its queue and keeps its assignment; a
follow-up in progress ends (FollowupRemoved). Closing a Closed conversation: no change.
The anonymization job closes its targets the same way (``close_for``), by who asked.
Reopen: Closed -> Open (ConversationUnassigned where assigned, ConversationReopened,
ConversationEnqueued), unassigned and offered again in its last queue, else the
organisation's default queue.
Reopening a Pending conversation ends its follow-up (FollowupRemoved) and makes it Open
with its assignment and queue kept. Reopening an Open conversation: no change.
"""

from __future__ import annotations

from parley.activity.service import record
from parley.http.context import Ctx
from parley.routing import followup
from parley.routing import repository as repo
from parley.routing.common import acting_user, record_unassigned, require_conversation
from parley.store import Tx
from parley.webhooks import queue_events


async def close(ctx: Ctx, conversation_id: int, user_id: str | None) -> None:
    conv = await require_conversation(ctx, conversation_id)
    author = await acting_user(ctx, user_id)
    await _close(ctx.tx, ctx.org_id, conv, at=ctx.now, author_id=author)


async def close_for(tx: Tx, org_id: str, conversation_id: int, *, at: int, author_id: str) -> bool:
    """Close as ``close`` does, by ``author_id``, without the checks of a request (the
    anonymization job closes its targets, an anonymized one included). True when it was
    closed now; False when it was Closed already or does not exist."""
    conv = await repo.get(tx, org_id, conversation_id)
    return conv is not None and await _close(tx, org_id, conv, at=at, author_id=author_id)


async def _close(tx: Tx, org_id: str, conv: repo.RoutingRow, *, at: int, author_id: str) -> bool:
    if conv.state == "Closed":
        return False
    if not await repo.close(tx, org_id, conv.id, at):
        return False  # closed concurrently
    if conv.followup_until is not None:
        await followup.removed(tx, org_id, conv.id, at=at, author_id=author_id)
    entry = await record(tx, org_id, conv.id, "ConversationClosed", at=at, author_id=author_id)
    await queue_events.closed(
        tx,
        org_id,
        conv.id,
        assigned=conv.assigned_agent_id is not None,
        queue_id=conv.queue_id,
        entry=entry,
        author_id=author_id,
        at=at,
    )
    return True


async def reopen(ctx: Ctx, conversation_id: int, user_id: str | None) -> None:
    conv = await require_conversation(ctx, conversation_id)
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
        await followup.removed(ctx.tx, ctx.org_id, conversation_id, at=ctx.now, author_id=author)
    await record(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        "ConversationReopened",
        at=ctx.now,
        author_id=author,
        event="ConversationOpen",
    )
    return True


async def reopen_closed(ctx: Ctx, conv: repo.RoutingRow, author: str) -> bool:
    """Closed -> Open, unassigned and queued in its last queue (else the default queue):
    ConversationUnassigned where it was assigned, then ConversationReopened. Used by
    ``reopen`` and by an inbound message on a Closed conversation (authored by its
    requester). False when it was not Closed (any more)."""
    target = await return_queue(ctx, conv)
    if not await repo.reopen_closed(ctx.tx, ctx.org_id, conv.id, target, ctx.now):
        return False  # reopened concurrently
    if conv.assigned_agent_id is not None:
        await record_unassigned(ctx, conv.id, conv.assigned_agent_id, author)
    entry = await record(
        ctx.tx,
        ctx.org_id,
        conv.id,
        "ConversationReopened",
        at=ctx.now,
        author_id=author,
        event="ConversationOpen",
    )
    if target is not None:
        await queue_events.enqueued(
            ctx.tx, ctx.org_id, conv.id, target, entry=entry, author_id=author, at=ctx.now
        )
    return True


async def return_queue(ctx: Ctx, conv: repo.RoutingRow) -> str | None:
    """The queue a conversation goes back to: its queue, else its last queue if that
    still exists, else the organisation's default queue."""
    target = conv.queue_id or conv.last_queue_id
    if target is None or await repo.queue_name(ctx.tx, ctx.org_id, target) is None:
        target = ctx.default_queue_id or await repo.default_queue(ctx.tx, ctx.org_id)
    return target
