"""Administration of queues (administrators only): create a queue, add an agent to a
queue (named by their email) and remove one, through the queues service the REST API
uses, so the QueueMembersChanged event and the rules are the same. Each listed queue
shows all its members."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.agents.service import list_agents
from parley.conversation_record.repository import get_users
from parley.desk import paging
from parley.desk.paging import requested_key
from parley.desk.render import page, redirect
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid
from parley.queues import service as queues
from parley.queues.schemas import AgentIds, CreateQueue, RemoveAgentIds

BACK = "/admin/queues"


async def _act(
    request: Request[Any, Any, Any], action: Callable[[Desk], Awaitable[Any]]
) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        desk.require_admin()
        await action(desk)
    return redirect(BACK)


@get("/admin/queues", include_in_schema=False)
async def queues_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        ctx = desk.ctx
        key = requested_key(request)
        found = await queues.list_queues(ctx, page_key=key, page_limit=paging.limit(key))
        members = {q.id: await queues.members(ctx, q.id) for q in found.data}
        ids = [m.agentId for listed in members.values() for m in listed]
        users = await get_users(ctx.tx, ctx.org_id, ids)
        names = {i: (u.name or u.email or i) for i, u in users.items()}
        shown = {q: [(m.agentId, names.get(m.agentId, m.agentId)) for m in listed]
                 for q, listed in members.items()}  # fmt: skip
        return page(
            "admin_queues.html",
            desk=desk,
            queues=found.data,
            members=shown,
            **paging.paged(found, key),
        )


@post("/admin/queues", include_in_schema=False)
async def create_queue(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await queues.create(desk.ctx, CreateQueue(name=desk.text("name")))

    return await _act(request, run)


@post("/admin/queues/{queue_id:str}/members", include_in_schema=False)
async def add_member(request: Request[Any, Any, Any], queue_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        email = desk.text("email")
        if not email:
            raise Invalid("Give the email of the agent to add")
        found = await list_agents(desk.ctx, email=email, phone=None, page_key=None, page_limit=1)
        if not found.data:
            raise Invalid(f"No agent has the email {email}")
        await queues.assign(desk.ctx, queue_id, AgentIds(agentIds=[found.data[0].id]))

    return await _act(request, run)


@post("/admin/queues/{queue_id:str}/members/{agent_id:str}/remove", include_in_schema=False)
async def remove_member(
    request: Request[Any, Any, Any], queue_id: FromPath[str], agent_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await queues.remove(desk.ctx, queue_id, RemoveAgentIds(agentIds=[agent_id]))

    return await _act(request, run)


HANDLERS = [queues_page, create_queue, add_member, remove_member]
