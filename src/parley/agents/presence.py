"""Agent presence: the stored status of each agent; an agent that never reported one is
Away and Offline."""

from __future__ import annotations

from parley.activity.service import emit
from parley.agents import repository as repo
from parley.agents.schemas import Presence, SetPresence
from parley.agents.service import require
from parley.errors import NotFound, invalid_body
from parley.http.context import Ctx
from parley.http.timefmt import to_iso


def to_wire(row: repo.PresenceRow, now: int) -> Presence:
    return Presence(
        userId=row.user_id,
        requestTime=to_iso(now) or "",
        presenceStatus="Working" if row.presence_status == "Working" else "Away",
        connectionStatus="Online" if row.connection_status == "Online" else "Offline",
        activeChannels=list(row.active_channels),
        lastSeen=to_iso(row.last_seen),
    )


async def list_presence(ctx: Ctx) -> list[Presence]:
    return [to_wire(r, ctx.now) for r in await repo.presence_all(ctx.tx, ctx.org_id)]


async def get_presence(ctx: Ctx, agent_id: str) -> Presence:
    row = await repo.presence_of(ctx.tx, ctx.org_id, agent_id)
    if row is None:
        raise NotFound()
    return to_wire(row, ctx.now)


async def set_presence(ctx: Ctx, agent_id: str, body: SetPresence) -> None:
    await require(ctx, agent_id)
    current = await repo.presence_of(ctx.tx, ctx.org_id, agent_id)
    connection = body.connectionStatus or (
        current.connection_status if current and current.connection_status else "Online"
    )
    if body.activeChannels is None:
        channels = list(current.active_channels) if current else []
    else:
        if any(not c.strip() for c in body.activeChannels):
            raise invalid_body("activeChannels must not hold empty names")
        channels = list(dict.fromkeys(c.strip() for c in body.activeChannels))
    last_seen = ctx.now if connection == "Online" else (current.last_seen if current else None)
    row = repo.PresenceRow(agent_id, body.presenceStatus, connection, channels, last_seen)
    await repo.upsert_presence(ctx.tx, ctx.org_id, row, ctx.now)
    await emit(
        ctx.tx,
        ctx.org_id,
        "AgentPresenceUpdated",
        {
            "agent_id": agent_id,
            "presence_status": body.presenceStatus,
            "connection_status": connection,
            "active_channels": channels,
        },
        at=ctx.now,
    )
