"""SQL for conversation ratings (and the conversation and user rows they refer to)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.database import insert_sql, row_params, rows_among, rows_where
from parley.store.rows import columns, decoder


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


_COLS = columns(RatingRow)


_row = decoder(RatingRow)


async def touch_conversation(tx: Tx, org_id: str, conversation_id: int, now: int) -> None:
    await tx.execute(
        "UPDATE conversations SET updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id, "now": now},
    )


async def user_kind(tx: Tx, org_id: str, user_id: str) -> str | None:
    kind: str | None = await tx.fetch_val(
        "SELECT kind FROM users WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": user_id},
    )
    return kind


async def insert(tx: Tx, org_id: str, row: RatingRow) -> None:
    await tx.execute(insert_sql("ratings", _COLS), row_params(org_id, row))


async def get(tx: Tx, org_id: str, conversation_id: int, rating_id: str) -> RatingRow | None:
    r = await tx.fetch_one(
        f"SELECT {_COLS} FROM ratings WHERE org_id = :org AND conversation_id = :cid AND id = :id",
        {"org": org_id, "cid": conversation_id, "id": rating_id},
    )
    return None if r is None else _row(r)


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
    return await rows_where(tx, _row, "ratings", _COLS, org_id, "conversation_id", conversation_id)


async def list_for_conversations(
    tx: Tx, org_id: str, conversation_ids: list[int]
) -> dict[int, list[RatingRow]]:
    """The ratings of several conversations (oldest first), by conversation id."""
    out: dict[int, list[RatingRow]] = {}
    sql = f"SELECT {_COLS} FROM ratings WHERE org_id = :org AND conversation_id IN :ids"
    for r in await rows_among(tx, sql + " ORDER BY created_at, id", org_id, conversation_ids):
        rating = _row(r)
        out.setdefault(rating.conversation_id, []).append(rating)
    return out
