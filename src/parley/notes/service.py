"""Internal notes: agent-only messages on a conversation.

Rules: ``message`` must not be blank; ``agentId`` is optional (default: the token's
user) and must be an agent of the organisation (``Agent was not found``); ``createdAt``
is optional (default: now), RFC 3339 or ``…Z[GMT]`` (``Invalid date format``). Notes
are listed oldest first (``createdAt``, then insertion order). Each note writes a
NoteAdded activity entry and its event, and touches the conversation.
"""

from __future__ import annotations

from typing import Any

import msgspec

from parley.conversation_record.guard import refuse_anonymized, require
from parley.errors import Invalid, NotFound, ParleyError, invalid_body
from parley.http.envelope import BulkActionFailure, BulkActionSuccess, BulkError
from parley.journal.service import record
from parley.kit.clock import parse_or, to_iso
from parley.kit.ids import is_uuid, new_id
from parley.notes import repository as repo
from parley.notes import schemas as wire
from parley.uow import Ctx

AGENT_NOT_FOUND = "Agent was not found"
INVALID_DATE = "Invalid date format"

BulkItem = BulkActionSuccess[wire.Note] | BulkActionFailure


def to_wire(row: repo.NoteRow) -> wire.Note:
    return wire.Note(
        id=row.id,
        authorId=row.author_id,
        createdAt=to_iso(row.created_at) or "",
        csid=row.conversation_id,
        message=row.message,
    )


def _author(ctx: Ctx, body: wire.CreateNote) -> str:
    return body.agentId if body.agentId is not None else ctx.acting_user_id


async def _prepare(
    ctx: Ctx, conversation_id: int, body: wire.CreateNote, author_is_agent: bool | None = None
) -> repo.NoteRow:
    """Validate one note input; raises Invalid. Writes nothing. ``author_is_agent`` is
    the agent check when the caller has made it already."""
    message = body.message
    if not message.strip():
        raise invalid_body("message must not be empty")
    author = _author(ctx, body)
    if author_is_agent is None:
        author_is_agent = is_uuid(author) and await repo.is_agent(ctx.tx, ctx.org_id, author)
    if not author_is_agent:
        raise Invalid(AGENT_NOT_FOUND)
    created_at = parse_or(body.createdAt, INVALID_DATE)
    return repo.NoteRow(
        id=new_id(),
        conversation_id=conversation_id,
        author_id=author,
        message=message,
        created_at=ctx.now if created_at is None else created_at,
        seq=0,
    )


async def _write(ctx: Ctx, note: repo.NoteRow) -> repo.NoteRow:
    seq = await repo.insert(ctx.tx, ctx.org_id, note)
    stored = repo.NoteRow(
        note.id, note.conversation_id, note.author_id, note.message, note.created_at, seq
    )
    await record(
        ctx.tx,
        ctx.org_id,
        note.conversation_id,
        "NoteAdded",
        at=note.created_at,
        author_id=note.author_id,
        attributes={"messageId": note.id},
    )
    await repo.touch_conversation(ctx.tx, ctx.org_id, note.conversation_id, ctx.now)
    return stored


async def create(ctx: Ctx, conversation_id: int, body: wire.CreateNote) -> wire.Note:
    # Both lookups in one statement; the checks keep their order (404 first).
    author = _author(ctx, body)
    exists, anonymized_at, is_agent = await repo.conversation_and_agent(
        ctx.tx, ctx.org_id, conversation_id, author if is_uuid(author) else None
    )
    if not exists:
        raise NotFound()
    refuse_anonymized(anonymized_at)
    return to_wire(await _write(ctx, await _prepare(ctx, conversation_id, body, is_agent)))


async def create_bulk(
    ctx: Ctx, conversation_id: int, items: list[dict[str, Any]]
) -> list[BulkItem]:
    """One result per item, in order; the valid items are written, the others reported."""
    await require(ctx, conversation_id, lock=True, changeable=True)
    results: list[BulkItem] = []
    for item in items:
        try:
            body = msgspec.convert(item, wire.CreateNote)
        except msgspec.ValidationError as exc:
            results.append(BulkActionFailure(error=BulkError(f"Invalid value for: body, {exc}")))
            continue
        try:
            note = await _prepare(ctx, conversation_id, body)
        except ParleyError as exc:
            message = exc.message
            if message == AGENT_NOT_FOUND:
                message = f"An agent with id:{body.agentId} cannot be found in org."
            results.append(BulkActionFailure(error=BulkError(message)))
            continue
        results.append(BulkActionSuccess(data=to_wire(await _write(ctx, note))))
    return results


async def list_notes(ctx: Ctx, conversation_id: int) -> list[wire.Note]:
    await require(ctx, conversation_id)
    return [
        to_wire(r) for r in await repo.list_for_conversation(ctx.tx, ctx.org_id, conversation_id)
    ]
