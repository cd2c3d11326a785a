"""SQL for internal notes (and the conversation rows they hang on)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.conversation_record import repository as conversations
from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class NoteRow:
    id: str
    conversation_id: int
    author_id: str
    message: str
    created_at: int
    seq: int


_NOTES = Table("notes", NoteRow)


async def among(tx: Tx, org_id: str, note_ids: list[str]) -> dict[str, NoteRow]:
    """These notes (those that exist), by id; no statement for none."""
    return {n.id: n for n in await _NOTES.among(tx, org_id, "id", note_ids)}


touch_conversation = conversations.touch


async def conversation_and_agent(
    tx: Tx, org_id: str, conversation_id: int, user_id: str | None
) -> tuple[bool, int | None, bool]:
    """Whether the conversation exists, its ``anonymized_at`` and whether ``user_id`` is
    an agent (False for None), in one statement. The conversation's row stays locked
    until the transaction ends (``tx.for_update``), so a concurrent anonymization sees the
    note or refuses it."""
    sql = (
        "SELECT anonymized_at, EXISTS (SELECT 1 FROM users WHERE org_id = :org AND id = :uid "
        "AND kind = 'Agent') FROM conversations WHERE org_id = :org AND id = :cid" + tx.for_update
    )
    row = await tx.fetch_one(sql, {"org": org_id, "cid": conversation_id, "uid": user_id})
    if row is None:
        return False, None, False
    return True, None if row[0] is None else int(row[0]), bool(row[1])


async def is_agent(tx: Tx, org_id: str, user_id: str) -> bool:
    found = await tx.fetch_val(
        "SELECT 1 FROM users WHERE org_id = :org AND id = :id AND kind = 'Agent'",
        {"org": org_id, "id": user_id},
    )
    return found is not None


async def insert(tx: Tx, org_id: str, note: NoteRow) -> int:
    """Insert the note with the next value of ``note_seq`` (not ``note.seq``, drawn by
    ``Tx.seq_expr``); returns it."""
    params: dict[str, Any] = {
        "org": org_id,
        "id": note.id,
        "cid": note.conversation_id,
        "author": note.author_id,
        "message": note.message,
        "at": note.created_at,
    }
    sql = (
        "INSERT INTO notes (org_id, id, conversation_id, author_id, message, created_at, seq) "
        "VALUES (:org, :id, :cid, :author, :message, :at, {seq}) RETURNING seq"
    )
    seq = await tx.seq_expr("note_seq", params)
    return int(await tx.fetch_val(sql.format(seq=seq), params))


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[NoteRow]:
    return await _NOTES.where(tx, org_id, "conversation_id", conversation_id, "created_at, seq")
