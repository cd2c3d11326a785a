"""Administration of teams (administrators only): create, delete, add and remove members,
through the teams service the REST API uses. What all administration pages share is
``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.desk.admin_pages import admin_action, list_page, member_routes
from parley.desk.scope import Desk
from parley.errors import Invalid
from parley.teams import service as teams
from parley.teams.schemas import CreateTeam, Team, TeamAgentIds

BACK = "/admin/teams"


async def _members(desk: Desk, shown: Sequence[Team]) -> dict[str, Any]:
    """Each team's members as ``(agent id, name)``."""
    members = {t.id: await teams.members(desk.ctx, t.id) for t in shown}
    return {"members": {t: [(m.id, m.name or m.email) for m in listed]
                        for t, listed in members.items()}}  # fmt: skip


@get("/admin/teams", include_in_schema=False)
async def teams_page(request: Request[Any, Any, Any]) -> Response[str]:
    return await list_page(
        request,
        "admin_teams.html",
        "teams",
        teams.list_teams,
        _members,
    )


@post("/admin/teams", include_in_schema=False)
async def create_team(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        name = desk.text("name")
        if not name:
            raise Invalid("A team needs a name")
        await teams.create(desk.ctx, CreateTeam(name=name))

    return await admin_action(request, BACK, run)


@post("/admin/teams/{team_id:str}/delete", include_in_schema=False)
async def delete_team(request: Request[Any, Any, Any], team_id: FromPath[str]) -> Response[Any]:
    return await admin_action(request, BACK, lambda d: teams.delete(d.ctx, team_id))


HANDLERS = [
    teams_page,
    create_team,
    delete_team,
    *member_routes(
        BACK,
        lambda ctx, team, agent: teams.add_members(ctx, team, TeamAgentIds(agentIds=[agent])),
        lambda ctx, team, agent: teams.remove_members(ctx, team, TeamAgentIds(agentIds=[agent])),
    ),
]
