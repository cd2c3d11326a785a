"""Queues: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import uuid_path
from parley.queues import schemas as wire
from parley.queues import service

QUEUES = Routes("Queues")
QUEUE = Routes("Queues", prefix="/queues/{queueId:str}")


@QUEUES.get("/queues", "List queues", READ)
async def list_queues(ctx: Context, paging: Paging) -> Page[wire.Queue]:
    """All queues of the organisation (the default queue included), oldest first. Paged with
    `pageKey` (default and maximum page: 10,000). 400 on a bad `pageLimit` or `pageKey`."""
    return await service.list_queues(ctx, **paging.window)


@QUEUES.post("/queues", "Create a queue", WRITE)
async def create_queue(ctx: Context, data: JSONBody[wire.CreateQueue]) -> Data[wire.Queue]:
    """Creates a queue. The body is Dixa's `{"request": {name, ...settings}}`; a bare
    `{name, ...}` object is accepted too. `name` is required (400 otherwise). With
    `isDefault: true` the queue becomes the organisation's default queue (the previous
    default loses its flag). Settings such as `offerTimeout` or `queueThresholds` are kept and
    returned as given. Beyond Dixa, `businessHoursScheduleId` names the queue's
    business-hours schedule (400 when it is not one of the organisation's); while it is
    closed the queue's channels are NotAvailable."""
    return Data(await service.create(ctx, data))


@QUEUE.get("", "Get a queue", READ)
async def get_queue(ctx: Context, queueId: FromPath[str]) -> Data[wire.Queue]:
    """One queue. 400 for a non-UUID `queueId`, 404 when it is not a queue of the
    organisation."""
    return Data(await service.get(ctx, uuid_path("queueId", queueId)))


@QUEUE.get("/members", "List queue members", READ)
async def list_members(ctx: Context, queueId: FromPath[str]) -> Data[list[wire.QueueMember]]:
    """The agents assigned to the queue, by agent id. 400 for a non-UUID
    `queueId`, 404 for an unknown queue."""
    return Data(await service.members(ctx, uuid_path("queueId", queueId)))


@QUEUE.patch("/members", "Assign agents to a queue", WRITE)
async def assign_members(
    ctx: Context, queueId: FromPath[str], data: JSONBody[wire.AgentIds]
) -> Data[list[wire.AssignOutcome]]:
    """Assigns `agentIds` to the queue and answers one outcome per id, in order:
    `BulkActionSuccess` with the agent's id (as Dixa answers), or `BulkActionFailure`
    (`error.id` is the id)
    when the id is not an agent of the organisation; the other ids are still assigned.
    Assigning a member again succeeds. 400 for an empty list, 404 for an unknown queue."""
    return Data(await service.assign(ctx, uuid_path("queueId", queueId), data))


@QUEUE.delete("/members", "Remove agents from a queue", WRITE)
async def remove_members(
    ctx: Context, queueId: FromPath[str], data: JSONBody[wire.RemoveAgentIds]
) -> None:
    """Removes `agentIds` (at most 10, each a UUID; else 400) from the queue; ids that are not
    members are ignored. 404 for an unknown queue."""
    await service.remove(ctx, uuid_path("queueId", queueId), data)


ROUTES = [list_queues, create_queue, get_queue, list_members, assign_members, remove_members]
