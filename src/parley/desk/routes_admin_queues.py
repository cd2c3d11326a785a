"""Administration of queues (administrators only): create a queue, add an agent to a
queue (named by their email) and remove one, through the queues service the REST API
uses, so the QueueMembersChanged event and the rules are the same. Each listed queue
shows all its members.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Request, Response, get, post

from parley.conversation_record.repository import get_users
from parley.desk.admin_pages import admin_action, list_page, member_routes
from parley.desk.scope import Desk
from parley.queues import service as queues
from parley.queues.schemas import AgentIds, CreateQueue, Queue, RemoveAgentIds

BACK = "/admin/queues"


async def _members(desk: Desk, shown: Sequence[Queue]) -> dict[str, Any]:
    """Each queue's members as ``(agent id, name)``."""
    ctx = desk.ctx
    members = {q.id: await queues.members(ctx, q.id) for q in shown}
    ids = [m.agentId for listed in members.values() for m in listed]
    users = await get_users(ctx.tx, ctx.org_id, ids)
    names = {i: (u.name or u.email or i) for i, u in users.items()}
    return {"members": {q: [(m.agentId, names.get(m.agentId, m.agentId)) for m in listed]
                        for q, listed in members.items()}}  # fmt: skip


@get("/admin/queues", include_in_schema=False)
async def queues_page(request: Request[Any, Any, Any]) -> Response[str]:
    return await list_page(
        request,
        "admin_queues.html",
        "queues",
        queues.list_queues,
        _members,
    )


@post("/admin/queues", include_in_schema=False)
async def create_queue(request: Request[Any, Any, Any]) -> Response[Any]:
    return await admin_action(
        request, BACK, lambda d: queues.create(d.ctx, CreateQueue(name=d.text("name")))
    )


HANDLERS = [
    queues_page,
    create_queue,
    *member_routes(
        BACK,
        lambda ctx, queue, agent: queues.assign(ctx, queue, AgentIds(agentIds=[agent])),
        lambda ctx, queue, agent: queues.remove(ctx, queue, RemoveAgentIds(agentIds=[agent])),
    ),
]
