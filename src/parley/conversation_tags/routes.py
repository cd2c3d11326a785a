"""Conversation tagging: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.conversation_tags import schemas as wire
from parley.conversation_tags import service
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.params import int64_path, uuid_path
from parley.tags.schemas import Tag

CONVERSATIONS = Routes("Conversations")
CONVERSATION = Routes("Conversations", prefix="/conversations/{conversationId:str}")


@CONVERSATION.get("/tags", "List conversation tags", READ)
async def list_conversation_tags(ctx: Context, conversationId: FromPath[str]) -> Data[list[Tag]]:
    """The tags applied to the conversation (active and inactive), in the order they were
    applied. Errors: 400 `Invalid value for: path parameter conversationId`; 404 for an
    unknown conversation or one of another organisation."""
    return Data(await service.list_tags(ctx, int64_path("conversationId", conversationId)))


@CONVERSATION.put("/tags/{tagId:str}", "Tag a conversation", WRITE, status_code=204)
async def tag_conversation(
    ctx: Context, conversationId: FromPath[str], tagId: FromPath[str]
) -> None:
    """Applies an Active tag. Idempotent: tagging an already tagged conversation writes no
    second TagAdded activity. Errors: 400 `Tag is inactive`, `Invalid value for: path
    parameter conversationId` / `tagId`; 404 for an unknown conversation or tag."""
    cid = int64_path("conversationId", conversationId)
    await service.tag(ctx, cid, uuid_path("tagId", tagId))


@CONVERSATION.delete("/tags/{tagId:str}", "Untag a conversation", WRITE)
async def untag_conversation(
    ctx: Context, conversationId: FromPath[str], tagId: FromPath[str]
) -> None:
    """Removes an active or inactive tag. Idempotent: removing a tag that is not applied
    writes nothing. Writes TagRemoved. Errors: 400 `Invalid value for: path parameter
    conversationId` / `tagId`; 404 for an unknown conversation or tag."""
    cid = int64_path("conversationId", conversationId)
    await service.untag(ctx, cid, uuid_path("tagId", tagId))


@CONVERSATION.post("/tags/bulk", "Tag a conversation by tag names", WRITE, status_code=202)
async def tag_conversation_bulk(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.BulkTagConversation]
) -> dict[str, object]:
    """Body `{"data": [{"name": …}, …]}`: creates the tags that do not exist yet (Active)
    and applies every named tag (TagAdded for each newly applied one). Applied
    synchronously; answers `202` as Dixa documents, with an empty JSON object (Dixa
    documents no body; its clients, Dixa's MCP server among them, parse one). Errors: 400
    `Tag is inactive: <name>` when a named tag exists but is inactive (nothing is
    written), `Invalid value for: body, name must not be empty`; 404 for an unknown
    conversation."""
    cid = int64_path("conversationId", conversationId)
    await service.tag_bulk(ctx, cid, data.data)
    return {}


ROUTES = [list_conversation_tags, tag_conversation, untag_conversation, tag_conversation_bulk]
