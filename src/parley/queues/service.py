"""Queue rules: one default queue per organisation; members are agents of the organisation."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from parley.agents import repository as agents
from parley.business_hours import repository as schedules
from parley.errors import found, invalid_body
from parley.http.envelope import BulkActionFailure, BulkActionSuccess, BulkError, Page
from parley.http.listing import list_page
from parley.kit.ids import new_id
from parley.queues import repository as repo
from parley.queues import schemas as wire
from parley.uow import Ctx

MEMBERS = agents.QUEUE_MEMBERS
MAX_REMOVE = 10
AGENT_MISSING = "Agent does not exist"
_NOT_SETTINGS = {"name", "isDefault", "priority", "request"}


def to_wire(org_id: str, row: repo.QueueRow) -> wire.Queue:
    settings: dict[str, Any] = msgspec.json.decode(row.settings or "{}")
    if "offeringAlgorithm" not in settings and "offerAlgorithm" in settings:
        settings["offeringAlgorithm"] = settings["offerAlgorithm"]
    settings.update(
        id=row.id,
        name=row.name,
        isDefault=row.is_default,
        organizationId=org_id,
        priority=row.priority,
    )
    return msgspec.convert(settings, wire.Queue)


async def require(ctx: Ctx, queue_id: str) -> repo.QueueRow:
    return found(await repo.get(ctx.tx, ctx.org_id, queue_id))


async def create(ctx: Ctx, body: wire.CreateQueue) -> wire.Queue:
    spec = body.request if body.request is not None else body
    name = (spec.name or "").strip()
    if not name:
        raise invalid_body("name is required")
    settings = {k: v for k, v in msgspec.to_builtins(spec).items() if k not in _NOT_SETTINGS}
    if spec.businessHoursScheduleId is not None:
        settings["businessHoursScheduleId"] = await _schedule(ctx, spec.businessHoursScheduleId)
    row = repo.QueueRow(
        id=new_id(),
        name=name,
        is_default=bool(spec.isDefault),
        priority=spec.priority,
        settings=msgspec.json.encode(settings).decode(),
        created_at=ctx.now,
    )
    await repo.insert(ctx.tx, ctx.org_id, row)
    if row.is_default:
        await repo.make_default(ctx.tx, ctx.org_id, row.id)
    await ctx.emit(
        "QueueCreated", {"queue": {"id": row.id, "name": name, "is_default": row.is_default}}
    )
    return to_wire(ctx.org_id, row)


async def _schedule(ctx: Ctx, raw: str) -> str:
    """The business-hours schedule a queue names (a Parley extension): one of the
    organisation's, else 400."""
    schedule_id = norm_id(raw)
    if schedule_id is None or await schedules.get(ctx.tx, ctx.org_id, schedule_id) is None:
        raise invalid_body("businessHoursScheduleId is not a business-hours schedule")
    return schedule_id


async def get(ctx: Ctx, queue_id: str) -> wire.Queue:
    return to_wire(ctx.org_id, await require(ctx, queue_id))


async def list_queues(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> Page[wire.Queue]:
    return await list_page(
        ctx, page_key, page_limit, repo.list_page, lambda r: to_wire(ctx.org_id, r)
    )


async def members(ctx: Ctx, queue_id: str) -> list[wire.QueueMember]:
    await require(ctx, queue_id)
    rows = await repo.members(ctx.tx, ctx.org_id, queue_id)
    return [wire.QueueMember(agentId=r.agent_id, priority=r.priority) for r in rows]


def norm_id(raw: str) -> str | None:
    """The canonical form of a UUID, or None when ``raw`` is not one."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, AttributeError, TypeError):
        return None


def _ids(body: wire.AgentIds | wire.RemoveAgentIds) -> list[str]:
    if not body.agentIds:
        raise invalid_body("agentIds must not be empty")
    return body.agentIds


async def assign(ctx: Ctx, queue_id: str, body: wire.AgentIds) -> list[wire.AssignOutcome]:
    """Adds each agent in turn; an id that is not an agent of the organisation fails alone."""
    await require(ctx, queue_id)
    ids = _ids(body)
    normed = [norm_id(i) for i in ids]
    valid = await agents.agents_among(ctx.tx, ctx.org_id, [i for i in normed if i is not None])
    outcomes: list[wire.AssignOutcome] = []
    added: list[str] = []
    for raw, agent_id in zip(ids, normed, strict=True):
        if agent_id is None or agent_id not in valid:
            outcomes.append(
                BulkActionFailure(error=BulkError(message=AGENT_MISSING, id=raw, kind="NotFound"))
            )
            continue
        if await agents.add_member(ctx.tx, MEMBERS, ctx.org_id, queue_id, agent_id, ctx.now):
            added.append(agent_id)
        outcomes.append(BulkActionSuccess(agent_id))
    if added:
        await ctx.emit(
            "QueueMembersChanged", {"queue": {"id": queue_id}, "added": added, "removed": []}
        )
    return outcomes


async def remove(ctx: Ctx, queue_id: str, body: wire.RemoveAgentIds) -> None:
    """Removes up to ten agents; ids that are not members are ignored."""
    ids = _ids(body)
    if len(ids) > MAX_REMOVE:
        raise invalid_body(f"at most {MAX_REMOVE} agentIds per request")
    normed = [norm_id(i) for i in ids]
    if None in normed:
        bad = next(raw for raw, n in zip(ids, normed, strict=True) if n is None)
        raise invalid_body(f"agentIds contains an invalid id: {bad}")
    wanted = list(dict.fromkeys(i for i in normed if i is not None))
    await require(ctx, queue_id)
    if await agents.remove_members(ctx.tx, MEMBERS, ctx.org_id, queue_id, wanted):
        await ctx.emit(
            "QueueMembersChanged", {"queue": {"id": queue_id}, "added": [], "removed": wanted}
        )
