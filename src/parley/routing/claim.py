"""Claim: an agent takes a conversation.

Unassigned: assign (ConversationClaimed, ConversationAssigned). Same agent: no change.
Another agent: with ``force`` (the default) reassign (ConversationUnassigned for the
previous agent, ConversationClaimed, ConversationAssigned); without it ``409``.
Closed: ``409``. Every assignment is a conditional UPDATE on the assignment it was
decided on, so two concurrent claims cannot both win.
"""

from __future__ import annotations

from typing import Any

from parley.conversation_record.guard import require
from parley.conversation_record.repository import ConversationRow
from parley.errors import Conflict
from parley.journal.service import record
from parley.routing import repository as repo
from parley.routing.common import record_unassigned, require_agent
from parley.routing.schemas import ClaimBody
from parley.uow import Ctx

CLOSED = "The conversation is closed"
TAKEN = "The conversation is assigned to another agent"


async def claim(ctx: Ctx, conversation_id: int, body: ClaimBody) -> None:
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    agent = await require_agent(ctx, body.agentId, unknown_is_404=True)
    for _ in range(3):
        if conv.state == "Closed":
            raise Conflict(CLOSED)
        previous = conv.assigned_agent_id
        if previous == agent.id:
            return
        if previous is not None and not body.force:
            raise Conflict(TAKEN)
        if previous is None:
            won = await repo.assign_if_free(ctx.tx, ctx.org_id, conv.id, agent.id, ctx.now)
        else:
            won = await repo.reassign(ctx.tx, ctx.org_id, conv.id, previous, agent.id, ctx.now)
        if won:
            await _record(ctx, conv, agent, previous)
            return
        # Lost a race: decide again on what the winner wrote.
        conv = await require(ctx, conversation_id, lock=True, changeable=True)
    raise Conflict(TAKEN)


async def _record(
    ctx: Ctx, conv: ConversationRow, agent: repo.UserRow, previous_id: str | None
) -> None:
    at, org = ctx.now, ctx.org_id
    if previous_id is not None:
        await record_unassigned(ctx, conv.id, previous_id, agent.id)
    claimed: dict[str, Any] = {}
    if conv.queue_id is not None:
        label = await repo.queue_name(ctx.tx, org, conv.queue_id)
        claimed = {"claimedFromType": "Queue"}
        if label:
            claimed["claimedFromLabel"] = label
    await record(
        ctx.tx, org, conv.id, "ConversationClaimed", at=at, author_id=agent.id, attributes=claimed
    )
    assigned: dict[str, Any] = {"agentId": agent.id}
    if agent.name:
        assigned["agentName"] = agent.name
    await record(
        ctx.tx, org, conv.id, "ConversationAssigned", at=at, author_id=agent.id, attributes=assigned
    )
