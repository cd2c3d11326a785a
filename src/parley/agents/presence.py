"""Agent presence: the stored status of each agent; an agent that never reported one is
Away and Offline."""

from __future__ import annotations

from parley.agents import repository as repo
from parley.agents.schemas import Presence, SetPresence, SetWorkingChannel
from parley.agents.service import require
from parley.errors import found, invalid_body
from parley.kit.clock import to_iso
from parley.uow import Ctx


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
    row = found(await repo.presence_of(ctx.tx, ctx.org_id, agent_id))
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
    await _save(ctx, row)


async def set_working_channel(ctx: Ctx, agent_id: str, body: SetWorkingChannel) -> None:
    """Adds the channel to the agent's active channels (``working`` true) or removes it;
    the presence and connection statuses are kept (Away/Offline when none was stored).
    A call that changes nothing writes nothing."""
    await require(ctx, agent_id)
    current = await repo.presence_of(ctx.tx, ctx.org_id, agent_id)
    channels = list(current.active_channels) if current else []
    if not body.working:
        channels = [c for c in channels if c != body.channel]
    elif body.channel not in channels:
        channels.append(body.channel)
    if channels == (current.active_channels if current else []):
        return  # no change, nothing written
    row = repo.PresenceRow(
        agent_id,
        current.presence_status if current and current.presence_status else "Away",
        current.connection_status if current and current.connection_status else "Offline",
        channels,
        current.last_seen if current else None,
    )
    await _save(ctx, row, {"channel": body.channel, "working": body.working})


async def _save(ctx: Ctx, row: repo.PresenceRow, extra: dict[str, object] | None = None) -> None:
    await repo.upsert_presence(ctx.tx, ctx.org_id, row, ctx.now)
    await ctx.emit(
        "AgentPresenceUpdated",
        {
            "agent_id": row.user_id,
            "presence_status": row.presence_status,
            "connection_status": row.connection_status,
            "active_channels": row.active_channels,
            **(extra or {}),
        },
    )
