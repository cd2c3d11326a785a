"""SQL for conversation ratings (and the conversation and user rows they refer to)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.conversation_record import repository as conversations
from parley.store import Tx
from parley.store.rows import Table, fetch_row


@dataclass(frozen=True)
class RatingRow:
    id: str
    conversation_id: int
    user_id: str
    agent_id: str | None
    rating_type: str
    status: str
    score: int | None
    comment: str | None
    language: str | None
    offered_at: int | None
    submitted_at: int | None
    created_at: int


_RATINGS = Table("ratings", RatingRow)


touch_conversation = conversations.touch


async def user_kind(tx: Tx, org_id: str, user_id: str) -> str | None:
    kind: str | None = await tx.fetch_val(
        "SELECT kind FROM users WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": user_id},
    )
    return kind


insert = _RATINGS.insert


async def get(tx: Tx, org_id: str, conversation_id: int, rating_id: str) -> RatingRow | None:
    sql = f"{_RATINGS.select} AND conversation_id = :cid AND id = :id"
    params = {"org": org_id, "cid": conversation_id, "id": rating_id}
    return await fetch_row(tx, _RATINGS.row, sql, params)


async def submit(
    tx: Tx, org_id: str, rating_id: str, *, score: int, comment: str | None, at: int
) -> bool:
    """Mark an offered rating as rated; False when it was already rated (a conditional
    update, so two concurrent submissions cannot both win)."""
    count = await tx.execute(
        "UPDATE ratings SET status = 'Rated', score = :score, comment = :comment, "
        "submitted_at = :at WHERE org_id = :org AND id = :id AND status <> 'Rated'",
        {"org": org_id, "id": rating_id, "score": score, "comment": comment, "at": at},
    )
    return count > 0


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[RatingRow]:
    return await _RATINGS.where(tx, org_id, "conversation_id", conversation_id)


async def list_for_conversations(
    tx: Tx, org_id: str, conversation_ids: list[int]
) -> dict[int, list[RatingRow]]:
    """The ratings of several conversations (oldest first), by conversation id."""
    out: dict[int, list[RatingRow]] = {}
    for rating in await _RATINGS.among(tx, org_id, "conversation_id", conversation_ids):
        out.setdefault(rating.conversation_id, []).append(rating)
    return out
