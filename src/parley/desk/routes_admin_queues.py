"""Administration of queues (administrators only): create a queue, add an agent to a
queue (named by their email) and remove one, through the queues service the REST API
uses, so the QueueMembersChanged event and the rules are the same. Each listed queue
shows all its members.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parley.conversation_record.repository import get_users
from parley.desk.admin_pages import AdminPages
from parley.desk.scope import Desk
from parley.queues import service as queues
from parley.queues.schemas import AgentIds, CreateQueue, Queue, RemoveAgentIds

QUEUES = AdminPages("/admin/queues")


async def _members(desk: Desk, shown: Sequence[Queue]) -> dict[str, Any]:
    """Each queue's members as ``(agent id, name)``."""
    ctx = desk.ctx
    members = {q.id: await queues.members(ctx, q.id) for q in shown}
    ids = [m.agentId for listed in members.values() for m in listed]
    users = await get_users(ctx.tx, ctx.org_id, ids)
    names = {i: (u.name or u.email or i) for i, u in users.items()}
    return {"members": {q: [(m.agentId, names.get(m.agentId, m.agentId)) for m in listed]
                        for q, listed in members.items()}}  # fmt: skip


@QUEUES.form()
async def create_queue(desk: Desk) -> None:
    await queues.create(desk.ctx, CreateQueue(name=desk.text("name")))


HANDLERS = [
    QUEUES.listing("admin_queues.html", "queues", queues.list_queues, _members),
    create_queue,
    *QUEUES.members(
        lambda ctx, queue, agent: queues.assign(ctx, queue, AgentIds(agentIds=[agent])),
        lambda ctx, queue, agent: queues.remove(ctx, queue, RemoveAgentIds(agentIds=[agent])),
    ),
]
