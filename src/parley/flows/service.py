"""Conversation flow rules: a flow belongs to one channel of the reference's list and may
point at one of the organisation's contact endpoints."""

from __future__ import annotations

from parley.endpoints import service as endpoints
from parley.errors import invalid_body, invalid_query
from parley.flows import repository as repo
from parley.flows import schemas as wire
from parley.kit.ids import new_id
from parley.uow import Ctx


def to_wire(row: repo.FlowRow) -> wire.Flow:
    return wire.Flow(
        id=row.id, name=row.name, channel=row.channel, contactEndpointId=row.contact_endpoint_id
    )


async def list_flows(ctx: Ctx, channel: str | None) -> list[wire.Flow]:
    wanted = wire.DEFAULT_CHANNEL if channel is None else channel
    if wanted not in wire.FLOW_CHANNELS:
        raise invalid_query("channel")
    return [to_wire(r) for r in await repo.list_by_channel(ctx.tx, ctx.org_id, wanted)]


async def create(ctx: Ctx, body: wire.CreateFlow) -> wire.Flow:
    name = body.name.strip()
    if not name:
        raise invalid_body("name must not be empty")
    if body.channel not in wire.FLOW_CHANNELS:
        raise invalid_body("channel must be one of " + ", ".join(wire.FLOW_CHANNELS))
    endpoint_id = body.contactEndpointId
    if endpoint_id is not None and await endpoints.find(ctx.tx, ctx.org_id, endpoint_id) is None:
        raise invalid_body(f"contactEndpointId {endpoint_id!r} is not a contact endpoint")
    row = repo.FlowRow(new_id(), name, body.channel, endpoint_id, ctx.now)
    await repo.insert(ctx.tx, ctx.org_id, row)
    await ctx.emit(
        "ConversationFlowCreated",
        {
            "flow": {
                "id": row.id,
                "name": name,
                "channel": row.channel,
                "contact_endpoint_id": endpoint_id,
            }
        },
    )
    return to_wire(row)
