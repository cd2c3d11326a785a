"""Queue availability and a conversation's position in its queue.

Availability is given for each of Dixa's generic messaging channels (``GENERIC_CHANNELS``).
A channel is Available when at least one member of the queue is Online and Working and
takes that channel: either it names no active channels (it takes every channel) or it
names this one (case-insensitive), and the queue's business-hours schedule, when it names
one, is open. Otherwise NotAvailable, with ``queueSize`` the number of conversations
waiting in the queue.

A conversation waits in a queue while it is Open, queued there and not assigned. Its
position is 1 + the number of conversations that wait in the same queue and were queued
before it (first in, first out; the same millisecond by conversation id), computed from
the queue's order at the time of the request, never stored. A conversation that does not
wait in a queue (closed, pending, assigned, or in none) has no position: 404.
"""

from __future__ import annotations

import msgspec

from parley.business_hours import service as business_hours
from parley.errors import NotFound
from parley.kit.clock import to_iso
from parley.queue_status import repository as repo
from parley.queue_status import schemas as wire
from parley.queues.repository import QueueRow
from parley.queues.service import require as require_queue
from parley.uow import Ctx

GENERIC_CHANNELS = ("adachat", "kindlychat", "digitalgeniuschat", "genericapimessaging")
NOT_WAITING = "The conversation is not waiting in a queue"


async def _closed(ctx: Ctx, queue: QueueRow) -> bool:
    """Whether the queue names a business-hours schedule that is closed now (a schedule
    deleted since counts as none)."""
    schedule_id = msgspec.json.decode(queue.settings or "{}").get("businessHoursScheduleId")
    if schedule_id is None:
        return False
    return await business_hours.open_now(ctx, schedule_id) is False


async def availability(ctx: Ctx, queue_id: str) -> list[wire.Success]:
    queue = await require_queue(ctx, queue_id)
    ready = [
        {c.lower() for c in p.active_channels}
        for p in await repo.member_presence(ctx.tx, ctx.org_id, queue_id)
        if p.connection_status == "Online" and p.presence_status == "Working"
    ]
    if await _closed(ctx, queue):
        ready = []
    size: int | None = None
    out = []
    for channel in GENERIC_CHANNELS:
        if any(not channels or channel in channels for channels in ready):
            entry = wire.GenericChannel(channel, "Available")
        else:
            if size is None:
                size = await repo.waiting(ctx.tx, ctx.org_id, queue_id)
            entry = wire.GenericChannel(channel, "NotAvailable", size)
        out.append(wire.Success(entry))
    return out


async def position(ctx: Ctx, conversation_id: int) -> wire.QueuedConversation:
    row = await repo.queued(ctx.tx, ctx.org_id, conversation_id)
    if row is None:
        raise NotFound()
    if (
        row.queue_id is None
        or row.queued_at is None
        or row.state != "Open"
        or row.assigned_agent_id is not None
    ):
        raise NotFound(NOT_WAITING)
    ahead = await repo.waiting_ahead(ctx.tx, ctx.org_id, row.queue_id, row.queued_at, row.id)
    return wire.QueuedConversation(position=ahead + 1, queuedAt=to_iso(row.queued_at) or "")
