"""Conversation ratings: an offer, then at most one result.

Offer: ``userId`` must be a user of the organisation (``User not found``); ``agentId``
is optional, defaults to the conversation's assigned agent and, when given, must be an
agent (``Agent was not found``); ``offeredAt`` optional (``Invalid date format``).
Writes ConversationRatingOffered ``{agent, user}`` (ActivityLogUser objects, ``agent``
left out when the conversation has no agent).

Submit: the rating must be an offer on this conversation (404); it is submitted once
(409 ``Rating has already been submitted``); ``userId`` must be the offered user, the
result's ``_type`` must be the offer's type, Csat takes 1-5, Nps 0-10 and ThumbsUpOrDown 0
(down) or 1 (up) (400 each). Writes ConversationRated ``{agent, score, message}`` (``agent`` an
ActivityLogUser object; ``agent`` and ``message`` left out when absent).
"""

from __future__ import annotations

from typing import Any

from parley.conversation_record.guard import require
from parley.errors import Conflict, Invalid, found
from parley.journal.service import record
from parley.kit.clock import parse_or, to_iso
from parley.kit.ids import is_uuid, new_id
from parley.ratings import repository as repo
from parley.ratings import schemas as wire
from parley.routing import repository as users_repo
from parley.routing.common import user_ref
from parley.store import Tx
from parley.uow import Ctx

INVALID_DATE = "Invalid date format"
USER_NOT_FOUND = "User not found"
AGENT_NOT_FOUND = "Agent was not found"
ALREADY_RATED = "Rating has already been submitted"
WRONG_USER = "The user is not the user the rating was offered to"
WRONG_TYPE = "The rating result type does not match the rating offer"
BAD_CSAT = "A Csat rating must be between 1 and 5"
BAD_THUMBS = "A ThumbsUpOrDown rating must be 0 (down) or 1 (up)"
BAD_NPS = "An Nps rating must be between 0 and 10"
# The scores each rating type takes, and the 400 text for another.
SCORES: dict[str, tuple[range, str]] = {
    "Csat": (range(1, 6), BAD_CSAT),
    "Nps": (range(0, 11), BAD_NPS),
    "ThumbsUpOrDown": (range(0, 2), BAD_THUMBS),
}
RESULTS: dict[str, type[wire.RatingResult]] = {
    "Csat": wire.CsatResult,
    "Nps": wire.NpsResult,
    "ThumbsUpOrDown": wire.ThumbsUpOrDownResult,
}


async def _user(tx: Tx, org_id: str, user_id: str | None) -> dict[str, Any] | None:
    """An ActivityLogUser attribute value ``{id, name?, email?, phoneNumber?}``."""
    if user_id is None:
        return None
    user = await users_repo.get_user(tx, org_id, user_id)
    return user_ref(user) if user is not None else {"id": user_id}


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


async def offer(ctx: Ctx, conversation_id: int, body: wire.OfferRating) -> wire.RatingOffer:
    conv = await require(ctx, conversation_id, lock=True, changeable=True)
    if not is_uuid(body.userId) or await repo.user_kind(ctx.tx, ctx.org_id, body.userId) is None:
        raise Invalid(USER_NOT_FOUND)
    agent_id = body.agentId
    if agent_id is not None:
        if not is_uuid(agent_id) or await repo.user_kind(ctx.tx, ctx.org_id, agent_id) != "Agent":
            raise Invalid(AGENT_NOT_FOUND)
    else:
        agent_id = conv.assigned_agent_id
    offered_at = parse_or(body.offeredAt, INVALID_DATE)
    at = ctx.now if offered_at is None else offered_at
    row = repo.RatingRow(
        id=new_id(),
        conversation_id=conversation_id,
        user_id=body.userId,
        agent_id=agent_id,
        rating_type=body.ratingType,
        status="Offered",
        score=None,
        comment=None,
        language=conv.language,
        offered_at=at,
        submitted_at=None,
        created_at=ctx.now,
    )
    await repo.insert(ctx.tx, ctx.org_id, row)
    await record(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        "ConversationRatingOffered",
        at=at,
        author_id=ctx.user_id,
        attributes=_present(
            agent=await _user(ctx.tx, ctx.org_id, agent_id),
            user=await _user(ctx.tx, ctx.org_id, body.userId),
        ),
    )
    await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    return wire.RatingOffer(
        id=row.id,
        userId=row.user_id,
        ratingType=row.rating_type,
        offeredAt=to_iso(at) or "",
        agentId=agent_id,
    )


async def submit(
    ctx: Ctx, conversation_id: int, rating_id: str, body: wire.SubmitRating
) -> wire.SubmittedRating:
    await require(ctx, conversation_id, lock=True, changeable=True)
    row = found(await repo.get(ctx.tx, ctx.org_id, conversation_id, rating_id))
    if row.status == "Rated":
        raise Conflict(ALREADY_RATED)
    if body.userId != row.user_id:
        raise Invalid(WRONG_USER)
    result = body.ratingResult
    kind = next(k for k, t in RESULTS.items() if isinstance(result, t))
    if kind != row.rating_type:
        raise Invalid(WRONG_TYPE)
    scores, bad = SCORES[kind]
    if result.value not in scores:
        raise Invalid(bad)
    submitted_at = parse_or(body.submittedAt, INVALID_DATE)
    at = ctx.now if submitted_at is None else submitted_at
    if not await repo.submit(
        ctx.tx, ctx.org_id, rating_id, score=result.value, comment=body.comment, at=at
    ):
        raise Conflict(ALREADY_RATED)
    await record(
        ctx.tx,
        ctx.org_id,
        conversation_id,
        "ConversationRated",
        at=at,
        author_id=row.user_id,
        attributes=_present(
            agent=await _user(ctx.tx, ctx.org_id, row.agent_id),
            score=result.value,
            message=body.comment,
        ),
    )
    await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    return wire.SubmittedRating(
        ratingId=rating_id,
        userId=row.user_id,
        ratingResult=result,
        submittedAt=to_iso(at) or "",
        comment=body.comment,
    )


async def list_ratings(ctx: Ctx, conversation_id: int) -> list[wire.Rating]:
    conv = await require(ctx, conversation_id)
    rows = await repo.list_for_conversation(ctx.tx, ctx.org_id, conversation_id)
    return [
        wire.Rating(
            id=r.id,
            ratingType=r.rating_type,
            conversationChannel=conv.channel,
            userId=r.user_id,
            ratingStatus=r.status,
            timestamps=wire.RatingTimestamps(
                offeredAt=to_iso(r.offered_at), submittedAt=to_iso(r.submitted_at)
            ),
            ratingScore=r.score,
            ratingComment=r.comment,
            agentId=r.agent_id,
            language=r.language,
        )
        for r in rows
    ]
