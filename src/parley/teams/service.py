"""Team rules: members are agents of the organisation; adding is all-or-nothing."""

from __future__ import annotations

import uuid

from parley.agents import repository as agents
from parley.agents.presence import to_wire as presence_wire
from parley.agents.schemas import Presence
from parley.errors import found, invalid_body, invalid_query
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.http.paging import page_request, split_page
from parley.kit.ids import new_id
from parley.teams import repository as repo
from parley.teams import schemas as wire
from parley.uow import Ctx

MEMBERS = agents.TEAM_MEMBERS
PRESENCE_PAGE_DEFAULT = 100
PRESENCE_PAGE_MAX = 1000


def to_wire(row: repo.TeamRow) -> wire.Team:
    return wire.Team(id=row.id, name=row.name)


async def require(ctx: Ctx, team_id: str) -> repo.TeamRow:
    return found(await repo.get(ctx.tx, ctx.org_id, team_id))


def _agent_ids(body: wire.TeamAgentIds) -> list[str]:
    """The distinct ids of the body, as canonical UUIDs (400 when empty or malformed)."""
    if not body.agentIds:
        raise invalid_body("agentIds must not be empty")
    ids: list[str] = []
    for raw in body.agentIds:
        try:
            ids.append(str(uuid.UUID(raw)))
        except (ValueError, AttributeError, TypeError):
            raise invalid_body(f"agentIds contains an invalid id: {raw}") from None
    return list(dict.fromkeys(ids))


async def create(ctx: Ctx, body: wire.CreateTeam) -> wire.Team:
    name = body.name.strip()
    if not name:
        raise invalid_body("name must not be empty")
    row = repo.TeamRow(new_id(), name, ctx.now)
    await repo.insert(ctx.tx, ctx.org_id, row)
    await ctx.emit("TeamCreated", {"team": {"id": row.id, "name": name}})
    return to_wire(row)


async def get(ctx: Ctx, team_id: str) -> wire.Team:
    return to_wire(await require(ctx, team_id))


async def list_teams(ctx: Ctx, *, page_key: str | None, page_limit: int | None) -> Page[wire.Team]:
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire)


async def delete(ctx: Ctx, team_id: str) -> None:
    await require(ctx, team_id)
    await repo.delete(ctx.tx, ctx.org_id, team_id)
    await ctx.emit("TeamDeleted", {"team": {"id": team_id}})


async def members(ctx: Ctx, team_id: str) -> list[wire.TeamMember]:
    await require(ctx, team_id)
    rows = await repo.members(ctx.tx, ctx.org_id, team_id)
    return [
        wire.TeamMember(id=r.id, name=r.name, email=r.email, phoneNumber=r.phone_number)
        for r in rows
    ]


async def add_members(ctx: Ctx, team_id: str, body: wire.TeamAgentIds) -> None:
    """Adds every id or none: an id that is not an agent of the organisation is a 400."""
    ids = _agent_ids(body)
    await require(ctx, team_id)
    known = await agents.agents_among(ctx.tx, ctx.org_id, ids)
    missing = [i for i in ids if i not in known]
    if missing:
        raise invalid_body(f"agent {missing[0]} does not exist")
    added = [
        i for i in ids if await agents.add_member(ctx.tx, MEMBERS, ctx.org_id, team_id, i, ctx.now)
    ]
    if added:
        await ctx.emit(
            "TeamMembersChanged", {"team": {"id": team_id}, "added": added, "removed": []}
        )


async def remove_members(ctx: Ctx, team_id: str, body: wire.TeamAgentIds) -> None:
    ids = _agent_ids(body)
    await require(ctx, team_id)
    if await agents.remove_members(ctx.tx, MEMBERS, ctx.org_id, team_id, ids):
        await ctx.emit("TeamMembersChanged", {"team": {"id": team_id}, "added": [], "removed": ids})


async def presence(
    ctx: Ctx, team_id: str, *, page_key: str | None, page_limit: int | None
) -> tuple[list[Presence], str | None]:
    page = page_request(
        page_key,
        page_limit,
        default=PRESENCE_PAGE_DEFAULT,
        maximum=PRESENCE_PAGE_MAX,
        filters={"t": team_id},
    )
    if page.filters.get("t", team_id) != team_id:
        raise invalid_query("pageKey", "issued for another team")
    await require(ctx, team_id)
    rows = await repo.presence_page(
        ctx.tx, ctx.org_id, team_id, after=page.after, limit=page.limit + 1
    )
    items, next_key = split_page(rows, page, lambda r: [r.user_id])
    return [presence_wire(r, ctx.now) for r in items], ctx.next_link(next_key)
