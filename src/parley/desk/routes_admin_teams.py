"""Administration of teams (administrators only): create, delete, add and remove members,
through the teams service the REST API uses. What all administration pages share is
``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parley.desk.admin_pages import AdminPages
from parley.desk.scope import Desk
from parley.errors import Invalid
from parley.teams import service as teams
from parley.teams.schemas import CreateTeam, Team, TeamAgentIds

TEAMS = AdminPages("/admin/teams")


async def _members(desk: Desk, shown: Sequence[Team]) -> dict[str, Any]:
    """Each team's members as ``(agent id, name)``."""
    members = {t.id: await teams.members(desk.ctx, t.id) for t in shown}
    return {"members": {t: [(m.id, m.name or m.email) for m in listed]
                        for t, listed in members.items()}}  # fmt: skip


@TEAMS.form()
async def create_team(desk: Desk) -> None:
    name = desk.text("name")
    if not name:
        raise Invalid("A team needs a name")
    await teams.create(desk.ctx, CreateTeam(name=name))


@TEAMS.form("/{team_id:str}/delete")
async def delete_team(desk: Desk, team_id: str) -> None:
    await teams.delete(desk.ctx, team_id)


HANDLERS = [
    TEAMS.listing("admin_teams.html", "teams", teams.list_teams, _members),
    create_team,
    delete_team,
    *TEAMS.members(
        lambda ctx, team, agent: teams.add_members(ctx, team, TeamAgentIds(agentIds=[agent])),
        lambda ctx, team, agent: teams.remove_members(ctx, team, TeamAgentIds(agentIds=[agent])),
    ),
]
