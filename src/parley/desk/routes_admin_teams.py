"""Administration of teams (administrators only): create, delete, add and remove members,
through the teams service the REST API uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.agents.service import list_agents
from parley.desk import paging
from parley.desk.paging import requested_key
from parley.desk.render import page, redirect
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid
from parley.teams import service as teams
from parley.teams.schemas import CreateTeam, TeamAgentIds

BACK = "/admin/teams"


async def _act(
    request: Request[Any, Any, Any], action: Callable[[Desk], Awaitable[Any]]
) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        desk.require_admin()
        await action(desk)
    return redirect(BACK)


@get("/admin/teams", include_in_schema=False)
async def teams_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        desk.require_admin()
        ctx = desk.ctx
        key = requested_key(request)
        found = await teams.list_teams(ctx, page_key=key, page_limit=paging.limit(key))
        members = {t.id: await teams.members(ctx, t.id) for t in found.data}
        return page(
            "admin_teams.html",
            desk=desk,
            teams=found.data,
            members=members,
            **paging.paged(found, key),
        )


@post("/admin/teams", include_in_schema=False)
async def create_team(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        name = desk.text("name")
        if not name:
            raise Invalid("A team needs a name")
        await teams.create(desk.ctx, CreateTeam(name=name))

    return await _act(request, run)


@post("/admin/teams/{team_id:str}/delete", include_in_schema=False)
async def delete_team(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    return await _act(request, lambda d: teams.delete(d.ctx, team_id))


@post("/admin/teams/{team_id:str}/members", include_in_schema=False)
async def add_member(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    """The agent is named by their email (an organisation has too many agents for a
    drop-down)."""

    async def run(desk: Desk) -> None:
        email = desk.text("email")
        if not email:
            raise Invalid("Give the email of the agent to add")
        found = await list_agents(desk.ctx, email=email, phone=None, page_key=None, page_limit=1)
        if not found.data:
            raise Invalid(f"No agent has the email {email}")
        await teams.add_members(desk.ctx, team_id, TeamAgentIds(agentIds=[found.data[0].id]))

    return await _act(request, run)


@post("/admin/teams/{team_id:str}/members/{agent_id:str}/remove", include_in_schema=False)
async def remove_member(
    request: Request[Any, Any, Any], team_id: FromPath[str], agent_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await teams.remove_members(desk.ctx, team_id, TeamAgentIds(agentIds=[agent_id]))

    return await _act(request, run)


HANDLERS = [teams_page, create_team, delete_team, add_member, remove_member]
