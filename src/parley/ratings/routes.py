"""Conversation ratings: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.openapi import CONFLICT
from parley.http.params import int64_path, uuid_path
from parley.ratings import schemas as wire
from parley.ratings import service

CONVERSATIONS = Routes("Conversations")
CONVERSATION = Routes("Conversations", prefix="/conversations/{conversationId:str}")


@CONVERSATION.post("/ratings/offer", "Create a rating offer", WRITE)
async def offer_rating(
    ctx: Context, conversationId: FromPath[str], data: JSONBody[wire.OfferRating]
) -> Data[wire.RatingOffer]:
    """Offers a rating (`ratingType` Csat, Nps or ThumbsUpOrDown) to `userId`. `agentId` is
    optional and defaults to the conversation's assigned agent; `offeredAt` defaults to
    now. Writes ConversationRatingOffered. Errors: 400 `User not found`, `Agent was not
    found`, `Invalid date format`, `Invalid value for: body…`, `Invalid value for: path
    parameter conversationId`; 404 for an unknown conversation."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.offer(ctx, cid, data))


@CONVERSATION.post(
    "/ratings/{ratingId:str}/submit", "Submit a rating result", WRITE, responses=CONFLICT
)
async def submit_rating(
    ctx: Context,
    conversationId: FromPath[str],
    ratingId: FromPath[str],
    data: JSONBody[wire.SubmitRating],
) -> Data[wire.SubmittedRating]:
    """Submits the result of an offered rating, once. `userId` must be the offered user;
    `ratingResult._type` must match the offer; Csat takes 1-5, Nps 0-10, ThumbsUpOrDown 0
    (down) or 1 (up). Writes ConversationRated. Errors: 400 for each of those rules, `Invalid date
    format`, `Invalid value for: path parameter conversationId` / `ratingId`; 404 for an
    unknown conversation or rating; 409 `Rating has already been submitted`."""
    cid = int64_path("conversationId", conversationId)
    return Data(await service.submit(ctx, cid, uuid_path("ratingId", ratingId), data))


@CONVERSATION.get("/ratings", "List ratings", READ)
async def list_ratings(ctx: Context, conversationId: FromPath[str]) -> Data[list[wire.Rating]]:
    """The conversation's ratings, oldest offer first, with `ratingStatus` Offered or Rated
    and `timestamps {offeredAt, submittedAt}`. Errors: 400 `Invalid value for: path
    parameter conversationId`; 404 for an unknown conversation."""
    return Data(await service.list_ratings(ctx, int64_path("conversationId", conversationId)))


@CONVERSATION.get("/rating", "List ratings (deprecated)", READ, deprecated=True)
async def list_rating_deprecated(
    ctx: Context, conversationId: FromPath[str]
) -> Data[list[wire.Rating]]:
    """Deprecated alias of `GET …/ratings`: the same list."""
    return Data(await service.list_ratings(ctx, int64_path("conversationId", conversationId)))


ROUTES = [offer_rating, submit_rating, list_ratings, list_rating_deprecated]
