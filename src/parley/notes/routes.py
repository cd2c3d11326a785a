"""Internal notes: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.params import int64_path
from parley.notes import schemas as wire
from parley.notes import service

CONVERSATIONS = Routes("Conversations")
CONVERSATION = Routes("Conversations", prefix="/conversations/{conversationId:str}")


@CONVERSATION.get("/notes", "List internal notes", READ)
async def list_notes(ctx: Context, conversationId: FromPath[str]) -> Data[list[wire.Note]]:
    """All internal notes of the conversation, oldest first (by `createdAt`, then the order
    they were added). Errors: 400 `Invalid value for: path parameter conversationId`;
    404 for an unknown conversation or one of another organisation."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.list_notes(ctx, cid))


@CONVERSATION.post("/notes", "Add an internal note", WRITE, status_code=200)
async def create_note(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.CreateNote]
) -> Data[wire.Note]:
    """Adds an internal note. `message` is required and must not be blank; `agentId` is
    optional (default: the token's user) and must be an agent of the organisation;
    `createdAt` is optional (default: now) and accepts RFC 3339 and the `…Z[GMT]` form.
    Writes a NoteAdded activity entry. Errors: 400 `Agent was not found`,
    `Invalid date format`, `Invalid value for: body…`, `Invalid value for: path parameter
    conversationId`; 404 for an unknown conversation."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.create(ctx, cid, data))


@CONVERSATION.post("/notes/bulk", "Add internal notes in bulk", WRITE, status_code=200)
async def create_notes_bulk(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.CreateNotesBulk]
) -> Data[list[service.BulkItem]]:
    """Adds several notes from `{"data": [note input, …]}` and answers one
    `BulkActionSuccess` (with the note) or `BulkActionFailure` (with `error.message`) per
    item, in order. The valid items are written even when others fail. Item rules are
    those of `POST …/notes`. Errors for the whole request: 400 for a body that is not
    `{"data": [...]}` or a bad conversationId; 404 for an unknown conversation."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.create_bulk(ctx, cid, data.data))


ROUTES = [list_notes, create_note, create_notes_bulk]
