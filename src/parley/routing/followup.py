"""Follow-up: the conversation is Pending until a time (FollowupAdded); a delayed job
(kind ``conversation.followup_expire``, deduplicated by conversation id) makes it Open
again then (FollowupExpired). Setting a new time replaces the previous follow-up; a
reopen or a close before then ends it (FollowupRemoved) and cancels the job.
A time that is not in the future is ``400``; a Closed conversation is ``409``.
"""

from __future__ import annotations

from parley.conversation_record.guard import require
from parley.errors import Conflict, invalid_body
from parley.kit.clock import parse_or, to_iso
from parley.routing import repository as repo
from parley.routing.common import acting_user
from parley.routing.schemas import FollowupBody
from parley.uow import Ctx
from parley.worker import outbox

KIND = "conversation.followup_expire"
CLOSED = "The conversation is closed"


async def set_followup(ctx: Ctx, conversation_id: int, body: FollowupBody) -> None:
    until = parse_or(body.timestamp, "Invalid value for: body, timestamp is not a date-time")
    assert until is not None
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    author = await acting_user(ctx, body.userId)
    if until <= ctx.now:
        raise invalid_body("timestamp must be in the future")
    if conv.state == "Closed":
        raise Conflict(CLOSED)
    if not await repo.start_followup(ctx.tx, ctx.org_id, conv.id, until, ctx.now):
        raise Conflict(CLOSED)  # closed concurrently
    await outbox.cancel(ctx.tx, ctx.org_id, KIND, str(conv.id))  # a replaced follow-up
    if conv.state != "Pending":
        await ctx.record(conv.id, "ConversationPending", author_id=author)
    await ctx.record(
        conv.id, "FollowupAdded", author_id=author, attributes={"followupAt": to_iso(until)}
    )
    await outbox.enqueue(
        ctx.tx,
        KIND,
        {"conversationId": conv.id, "until": until},
        org_id=ctx.org_id,
        run_at=until,
        dedupe_key=str(conv.id),
    )


async def removed(ctx: Ctx, conversation_id: int, author_id: str | None) -> None:
    """Record that a follow-up ended early and cancel its job (the caller has already
    changed the conversation row)."""
    await outbox.cancel(ctx.tx, ctx.org_id, KIND, str(conversation_id))
    await ctx.record(conversation_id, "FollowupRemoved", author_id=author_id)


async def end_followup(ctx: Ctx, conversation_id: int, author_id: str | None) -> bool:
    """End a follow-up in progress (e.g. on an inbound message): FollowupRemoved, the job
    cancelled. The caller decides the conversation's state. True when one was ended."""
    if not await repo.clear_followup(ctx.tx, ctx.org_id, conversation_id, ctx.now):
        return False
    await removed(ctx, conversation_id, author_id)
    return True


async def expire(ctx: Ctx, conversation_id: int, until: int) -> bool:
    """The job's work: Pending -> Open (FollowupExpired, by nobody) if this follow-up is
    current."""
    if not await repo.expire_followup(ctx.tx, ctx.org_id, conversation_id, until, ctx.now):
        return False
    await ctx.record(
        conversation_id,
        "FollowupExpired",
        {"followupAt": to_iso(until)},
        author_id=None,
        event="ConversationPendingExpired",
    )
    return True
