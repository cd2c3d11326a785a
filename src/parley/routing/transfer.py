"""Transfer to a queue: the queue must exist (``400 Queue does not exist``); the
conversation is unassigned (ConversationUnassigned where it was assigned) and queued in
the target with a new ``queuedAt`` (TransferSuccessful). Closed: ``409``."""

from __future__ import annotations

import uuid

from parley.conversation_record.guard import require
from parley.errors import Conflict, Invalid
from parley.routing import repository as repo
from parley.routing.common import acting_user, record_unassigned
from parley.routing.schemas import TransferQueueBody
from parley.uow import Ctx

NO_QUEUE = "Queue does not exist"
CLOSED = "The conversation is closed"


async def to_queue(ctx: Ctx, conversation_id: int, body: TransferQueueBody) -> None:
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    author = await acting_user(ctx, body.userId)
    try:
        queue_id = str(uuid.UUID(body.queueId))
    except ValueError:
        raise Invalid(NO_QUEUE) from None
    label = await repo.queue_name(ctx.tx, ctx.org_id, queue_id)
    if label is None:
        raise Invalid(NO_QUEUE)
    if conv.state == "Closed":
        raise Conflict(CLOSED)
    if not await repo.transfer_to_queue(ctx.tx, ctx.org_id, conv.id, queue_id, ctx.now):
        raise Conflict(CLOSED)  # closed concurrently
    if conv.assigned_agent_id is not None:
        await record_unassigned(ctx, conv.id, conv.assigned_agent_id, author)
    await ctx.record(
        conv.id,
        "TransferSuccessful",
        author_id=author,
        attributes={
            "destinationId": queue_id,
            "destinationType": "Queue",
            "transferType": "Manual",
            "destinationLabel": label,
        },
        event="ConversationTransferred",
    )
