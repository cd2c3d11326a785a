"""Anonymization requests: checked and stored in the request's transaction, carried out
by a durable job (kind ``anonymization.run``) after commit.

Rules:
- One request per target (a conversation, a message, an end user): asking again returns
  the stored request, in progress or done, and enqueues nothing; a request whose job
  failed for good is started again with a new job.
- A conversation must be Closed: otherwise ``409`` unless ``force``, which closes it
  first (ConversationClosed, authored by the token's user). For an end user the same
  holds for every conversation they requested.
- When the job runs, every target conversation that is not Closed (reopened since, or a
  new conversation of the end user) is closed first by the job, authored by the
  request's ``requestedBy`` (see :mod:`parley.anonymization.redact`), then anonymized.
- A message may be anonymized in a conversation in any state.
- Unknown conversation, message (or a message of another conversation), end user or
  request: ``404``.
"""

from __future__ import annotations

from parley.anonymization import repository as repo
from parley.anonymization import schemas as wire
from parley.errors import Conflict, NotFound, found
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
from parley.routing import state
from parley.uow import Ctx
from parley.worker import outbox
from parley.worker import repository as jobs

KIND = "anonymization.run"
NOT_CLOSED = "The conversation is not closed"
USER_NOT_CLOSED = "The end user has conversations that are not closed"


def _fields(row: repo.RequestRow) -> dict[str, object]:
    return {
        "id": row.id,
        "type_": row.type,
        "entityType": wire.ENTITY_TYPES.get(row.type, "UnknownAnonymizationType"),
        "initiatedAt": to_iso(row.initiated_at) or "",
        "processedAt": to_iso(row.processed_at),
        "targetEntityId": row.target_entity_id,
        "requestedBy": row.requested_by,
    }


def to_wire(row: repo.RequestRow) -> wire.AnonymizationRequest:
    return wire.AnonymizationRequest(**_fields(row))  # type: ignore[arg-type]


async def _status(ctx: Ctx, row: repo.RequestRow) -> str:
    """done once processed; failed when its job failed for good; else pending."""
    if row.status == "done":
        return "done"
    if row.job_id is not None:
        job = await jobs.get_status(ctx.tx, row.job_id)
        if job is not None and job[0] == "failed":
            return "failed"
    return "pending"


async def _enqueue(ctx: Ctx, request_id: str) -> str:
    return await outbox.enqueue(
        ctx.tx, KIND, {"requestId": request_id}, org_id=ctx.org_id, dedupe_key=request_id
    )


async def _existing(ctx: Ctx, row: repo.RequestRow) -> repo.RequestRow:
    if await _status(ctx, row) == "failed":
        await repo.set_job(ctx.tx, ctx.org_id, row.id, await _enqueue(ctx, row.id))
    return row


async def _create(
    ctx: Ctx,
    type_: str,
    target: str,
    *,
    conversation_id: int | None = None,
    message_id: str | None = None,
    user_id: str | None = None,
) -> repo.RequestRow:
    row = repo.RequestRow(
        id=new_id(),
        type=type_,
        target_entity_id=target,
        conversation_id=conversation_id,
        message_id=message_id,
        user_id=user_id,
        requested_by=ctx.acting_user_id,
        status="pending",
        initiated_at=ctx.now,
        processed_at=None,
        job_id=None,
    )
    if not await repo.insert_if_new(ctx.tx, ctx.org_id, row):
        # A concurrent request for the same target won: answer with it.
        existing = await repo.by_target(ctx.tx, ctx.org_id, type_, target)
        if existing is None:
            raise Conflict("A concurrent anonymization request is in progress")
        return existing
    await repo.set_job(ctx.tx, ctx.org_id, row.id, await _enqueue(ctx, row.id))
    return row


async def conversation(ctx: Ctx, conversation_id: int, force: bool) -> wire.AnonymizationRequest:
    conv_state = found(await repo.conversation_state(ctx.tx, ctx.org_id, conversation_id))
    target = str(conversation_id)
    existing = await repo.by_target(ctx.tx, ctx.org_id, "Conversation", target)
    if existing is not None:
        return to_wire(await _existing(ctx, existing))
    if conv_state != "Closed":
        if not force:
            raise Conflict(NOT_CLOSED)
        await state.close(ctx, conversation_id, None)
    row = await _create(ctx, "Conversation", target, conversation_id=conversation_id)
    return to_wire(row)


async def message(ctx: Ctx, conversation_id: int, message_id: str) -> wire.AnonymizationRequest:
    if await repo.conversation_state(ctx.tx, ctx.org_id, conversation_id) is None:
        raise NotFound()
    if not await repo.message_in_conversation(ctx.tx, ctx.org_id, conversation_id, message_id):
        raise NotFound()
    target = f"{conversation_id}_{message_id}"
    existing = await repo.by_target(ctx.tx, ctx.org_id, "Message", target)
    if existing is not None:
        return to_wire(await _existing(ctx, existing))
    row = await _create(
        ctx, "Message", target, conversation_id=conversation_id, message_id=message_id
    )
    return to_wire(row)


async def end_user(ctx: Ctx, user_id: str, force: bool) -> wire.AnonymizationRequest:
    if not await repo.is_end_user(ctx.tx, ctx.org_id, user_id):
        raise NotFound()
    existing = await repo.by_target(ctx.tx, ctx.org_id, "User", user_id)
    if existing is not None:
        return to_wire(await _existing(ctx, existing))
    open_ids = [
        cid
        for cid, st in await repo.requested_conversations(ctx.tx, ctx.org_id, user_id)
        if st != "Closed"
    ]
    if open_ids and not force:
        raise Conflict(USER_NOT_CLOSED)
    for cid in open_ids:
        await state.close(ctx, cid, None)
    row = await _create(ctx, "User", user_id, user_id=user_id)
    return to_wire(row)


async def get(ctx: Ctx, request_id: str) -> wire.AnonymizationRequestStatus:
    row = found(await repo.get(ctx.tx, ctx.org_id, request_id))
    return wire.AnonymizationRequestStatus(**_fields(row), status=await _status(ctx, row))  # type: ignore[arg-type]
