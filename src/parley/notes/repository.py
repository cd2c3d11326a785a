"""SQL for internal notes (and the conversation rows they hang on)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx


@dataclass(frozen=True)
class NoteRow:
    id: str
    conversation_id: int
    author_id: str
    message: str
    created_at: int
    seq: int


_COLS = "id, conversation_id, author_id, message, created_at, seq"


def _row(r: Row) -> NoteRow:
    return NoteRow(r[0], int(r[1]), r[2], r[3], int(r[4]), int(r[5]))


async def conversation_exists(tx: Tx, org_id: str, conversation_id: int) -> bool:
    found = await tx.fetch_val(
        "SELECT 1 FROM conversations WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id},
    )
    return found is not None


async def touch_conversation(tx: Tx, org_id: str, conversation_id: int, now: int) -> None:
    await tx.execute(
        "UPDATE conversations SET updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id, "now": now},
    )


async def is_agent(tx: Tx, org_id: str, user_id: str) -> bool:
    found = await tx.fetch_val(
        "SELECT 1 FROM users WHERE org_id = :org AND id = :id AND kind = 'Agent'",
        {"org": org_id, "id": user_id},
    )
    return found is not None


async def insert(tx: Tx, org_id: str, note: NoteRow) -> None:
    await tx.execute(
        "INSERT INTO notes (org_id, id, conversation_id, author_id, message, created_at, seq) "
        "VALUES (:org, :id, :cid, :author, :message, :at, :seq)",
        {
            "org": org_id,
            "id": note.id,
            "cid": note.conversation_id,
            "author": note.author_id,
            "message": note.message,
            "at": note.created_at,
            "seq": note.seq,
        },
    )


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[NoteRow]:
    rows = await tx.fetch_all(
        f"SELECT {_COLS} FROM notes WHERE org_id = :org AND conversation_id = :cid "
        "ORDER BY created_at, seq",
        {"org": org_id, "cid": conversation_id},
    )
    return [_row(r) for r in rows]
