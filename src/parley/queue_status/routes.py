"""Queue availability and queue position: thin handlers."""

from __future__ import annotations

from litestar.params import FromPath

from parley.http.context import READ, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.params import int64_path, uuid_path
from parley.queue_status import schemas as wire
from parley.queue_status import service

QUEUES = Routes("Queues")


@QUEUES.get("/queues/{queueId:str}/availability", "Get queue availability", READ)
async def get_availability(ctx: Context, queueId: FromPath[str]) -> Data[list[wire.Success]]:
    """For each generic channel (adachat, kindlychat, digitalgeniuschat,
    genericapimessaging) a `Success` outcome: `Available` when a member of the queue is
    Online and Working and takes the channel (its active channels name it, or name none),
    and the queue's business-hours schedule (`businessHoursScheduleId`), if it names
    one, is open; else `NotAvailable` with `queueSize`, the number of conversations waiting
    in the queue.
    `400` bad queueId, `404` unknown queue."""
    return Data(await service.availability(ctx, uuid_path("queueId", queueId)))


@QUEUES.get("/queues/conversation-position/{csid:str}", "Get queued conversation position", READ)
async def get_position(ctx: Context, csid: FromPath[str]) -> Data[wire.QueuedConversation]:
    """The conversation's `position` in the queue it waits in (1 = next; first queued,
    first served) and `queuedAt`. Computed at request time. `400` bad csid; `404` unknown
    conversation, or one that is not waiting in a queue (closed, pending or assigned)."""
    return Data(await service.position(ctx, int64_path("csid", csid)))


ROUTES = [get_availability, get_position]
