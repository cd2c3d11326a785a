"""Routing of conversations: claim, close, reopen, transfer, follow-up (thin handlers)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.http.context import WRITE, Context
from parley.http.declare import Routes
from parley.http.openapi import CONFLICT, OptionalBody
from parley.http.params import int64_path
from parley.routing import claim, followup, state, transfer
from parley.routing import schemas as wire

CONVERSATIONS = Routes("Conversations")
CONVERSATION = Routes("Conversations", prefix="/conversations/{conversationId:str}")
CID = "conversationId"


def _user(data: wire.UserBody | None) -> str | None:
    """The optional `{userId}` body of close/reopen: absent, empty, `null` or `{}` all
    mean none."""
    return None if data is None else data.userId


@CONVERSATION.put("/claim", "Claim conversation", WRITE, responses=CONFLICT, status_code=204)
async def claim_conversation(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.ClaimBody]
) -> None:
    """Assigns the conversation to `agentId`. `force` defaults to true: an assigned
    conversation is taken over (ConversationUnassigned for the previous agent, then
    ConversationClaimed and ConversationAssigned); with `force` false it is `409` and
    nothing changes. Claiming a conversation already assigned to the agent changes nothing.
    Of concurrent claims without `force` on an unassigned conversation exactly one wins.

    Errors: `400` `User is not agent/admin` (agentId is an end user), `400` body and
    path texts, `404` unknown conversation or an agentId that names no user of the
    organisation (Dixa's reference lists 404 here, no `User not found`), `409` Closed
    conversation or (force false) assigned to another agent."""
    await claim.claim(ctx, int64_path(CID, conversationId), data)


@CONVERSATION.put(
    "/close", "Close conversation", WRITE, status_code=204, operation_class=OptionalBody
)
async def close_conversation(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.UserBody | None] = None
) -> None:
    """Open or Pending -> Closed (ConversationClosed): `stateUpdatedAt` set, the
    conversation leaves its queue and keeps its assignment; a follow-up in progress ends
    (FollowupRemoved). Closing a Closed conversation is a no-op `204`. Body optional:
    `{userId}` (an agent or admin; default the token's user); no body, an empty body,
    `null` and `{}` all mean the token's user.

    Errors: `400` `User not found` / `User is not agent/admin`, `400` `Invalid value for:
    body, …` for a body that is not an object with a string `userId`; `404` unknown
    conversation."""
    cid = int64_path(CID, conversationId)
    await state.close(ctx, cid, _user(data))


@CONVERSATION.put(
    "/reopen", "Reopen conversation", WRITE, status_code=204, operation_class=OptionalBody
)
async def reopen_conversation(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.UserBody | None] = None
) -> None:
    """Closed -> Open (ConversationReopened; ConversationUnassigned where it was assigned):
    unassigned and offered again in its last queue, else the organisation's default queue.
    A Pending conversation (follow-up) becomes Open, keeping assignment and queue, and its
    follow-up ends (FollowupRemoved). An Open conversation: no-op `204`. Body optional:
    `{userId}`; no body (also with a JSON content type), `null` and `{}` mean the token's
    user. Errors as for closing (a bad user or body `400`, an unknown conversation `404`)."""
    cid = int64_path(CID, conversationId)
    await state.reopen(ctx, cid, _user(data))


@CONVERSATION.put(
    "/transfer/queue",
    "Transfer conversation to a queue",
    WRITE,
    responses=CONFLICT,
    status_code=204,
)
async def transfer_to_queue(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.TransferQueueBody]
) -> None:
    """Unassigns the conversation (ConversationUnassigned where assigned) and queues it in
    `queueId` with a new `queuedAt` (TransferSuccessful with destinationId,
    destinationType Queue, transferType Manual, destinationLabel).

    Errors: `400` `Queue does not exist`, `400` `User not found` / `User is not
    agent/admin` (userId); `404` unknown conversation; `409` Closed conversation."""
    await transfer.to_queue(ctx, int64_path(CID, conversationId), data)


@CONVERSATION.put(
    "/followup", "Follow up on a conversation", WRITE, responses=CONFLICT, status_code=204
)
async def followup_conversation(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.FollowupBody]
) -> None:
    """The conversation becomes Pending until `timestamp` (ConversationPending where it
    was Open, FollowupAdded); then it is Open again (FollowupExpired). A new follow-up
    replaces the previous one; a reopen or close before the time ends it
    (FollowupRemoved).

    Errors: `400` `Invalid value for: body, …` for a malformed `timestamp` or one not in
    the future, `400` `User not found` / `User is not agent/admin`; `404` unknown
    conversation; `409` Closed conversation."""
    await followup.set_followup(ctx, int64_path(CID, conversationId), data)


ROUTES = [
    claim_conversation,
    close_conversation,
    reopen_conversation,
    transfer_to_queue,
    followup_conversation,
]
