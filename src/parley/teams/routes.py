"""Teams: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.agents.schemas import Presence
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging, paged
from parley.http.params import uuid_path
from parley.teams import schemas as wire
from parley.teams import service

TEAMS = Routes("Teams")
TEAM = Routes("Teams", prefix="/teams/{teamId:str}")


@TEAMS.get("/teams", "List teams", READ)
async def list_teams(ctx: Context, paging: Paging) -> Page[wire.Team]:
    """All teams of the organisation, oldest first. Paged with `pageKey` (default and maximum
    page: 10,000). 400 on a bad `pageLimit` or `pageKey`."""
    return await service.list_teams(ctx, **paging.window)


@TEAMS.post("/teams", "Create a team", WRITE)
async def create_team(ctx: Context, data: JSONBody[wire.CreateTeam]) -> Data[wire.Team]:
    """Creates a team. `name` is required and must not be blank (400 otherwise)."""
    return Data(await service.create(ctx, data))


@TEAM.get("", "Get a team", READ)
async def get_team(ctx: Context, teamId: FromPath[str]) -> Data[wire.Team]:
    """One team. 400 for a non-UUID `teamId`, 404 when it is not a team of the organisation."""
    return Data(await service.get(ctx, uuid_path("teamId", teamId)))


@TEAM.delete("", "Delete a team", WRITE)
async def delete_team(ctx: Context, teamId: FromPath[str]) -> None:
    """Deletes the team and its memberships (the agents stay). 404 for an unknown team."""
    await service.delete(ctx, uuid_path("teamId", teamId))


@TEAM.get("/agents", "List team members", READ)
async def list_agents(ctx: Context, teamId: FromPath[str]) -> Data[list[wire.TeamMember]]:
    """The agents of the team, by agent id. 404 for an unknown team."""
    return Data(await service.members(ctx, uuid_path("teamId", teamId)))


@TEAM.patch("/agents", "Add agents to a team", WRITE)
async def add_agents(
    ctx: Context, teamId: FromPath[str], data: JSONBody[wire.TeamAgentIds]
) -> dict[str, object]:
    """Adds `agentIds` to the team. Every id must be an agent of the organisation, else 400
    and nothing is added; members already in the team are kept. 404 for an unknown team.
    Answers `200` as Dixa documents, with an empty JSON object (Dixa documents no body;
    its clients parse one)."""
    await service.add_members(ctx, uuid_path("teamId", teamId), data)
    return {}


@TEAM.post("/agents", "Add agents to a team (POST form)", WRITE, status_code=204)
async def add_agents_post(
    ctx: Context, teamId: FromPath[str], data: JSONBody[wire.TeamAgentIds]
) -> None:
    """**Parley extension**: the same as `PATCH /teams/{teamId}/agents`, served on POST
    because published API clients send that method."""
    await service.add_members(ctx, uuid_path("teamId", teamId), data)


@TEAM.delete("/agents", "Remove agents from a team", WRITE)
async def remove_agents(
    ctx: Context, teamId: FromPath[str], data: JSONBody[wire.TeamAgentIds]
) -> None:
    """Removes `agentIds` (each a UUID, else 400) from the team; ids that are not members are
    ignored. 404 for an unknown team."""
    await service.remove_members(ctx, uuid_path("teamId", teamId), data)


@TEAM.get("/presence", "Presence of a team's agents", READ)
async def team_presence(ctx: Context, teamId: FromPath[str], paging: Paging) -> Page[Presence]:
    """The stored presence of each agent of the team (`Away`/`Offline` with no channels when
    none is stored), by agent id. Paged with `pageKey` (default page 100, maximum 1,000).
    404 for an unknown team."""
    return paged(await service.presence(ctx, uuid_path("teamId", teamId), **paging.window))


ROUTES = [
    list_teams,
    create_team,
    get_team,
    delete_team,
    list_agents,
    add_agents,
    add_agents_post,
    remove_agents,
    team_presence,
]
