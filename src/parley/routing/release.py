"""An agent who stops being one (``DELETE /v1/agents/{id}``) lets go of the conversations
it was assigned, Closed ones excepted (they keep their assignment, as closing does): each
is unassigned (ConversationUnassigned, authored by the token's user) and stays in its
queue, or goes back to its last queue (else the default queue) when it was in none."""

from __future__ import annotations

from parley.conversation_record import repository as conversations
from parley.routing import repository as repo
from parley.routing.common import record_unassigned
from parley.routing.state import return_queue
from parley.uow import Ctx


async def release_agent(ctx: Ctx, agent_id: str) -> None:
    for conv in await conversations.assigned_to(ctx.tx, ctx.org_id, agent_id):
        queue_id = await return_queue(ctx, conv)
        if await repo.release(ctx.tx, ctx.org_id, conv.id, agent_id, queue_id, ctx.now):
            await record_unassigned(ctx, conv.id, agent_id, ctx.acting_user_id)
