"""SQL for anonymization requests and the targets they name (conversations, messages,
end users). The redaction itself is in :mod:`parley.anonymization.redact_repository`."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import Table, fetch_row, fetch_text


@dataclass(frozen=True)
class RequestRow:
    id: str
    type: str  # Conversation | Message | User
    target_entity_id: str
    conversation_id: int | None
    message_id: str | None
    user_id: str | None
    requested_by: str
    status: str  # pending | done (failed is read from the job)
    initiated_at: int
    processed_at: int | None
    job_id: str | None


_REQUESTS = Table("anonymization_requests", RequestRow)
get = _REQUESTS.get


async def by_target(tx: Tx, org_id: str, type_: str, target: str) -> RequestRow | None:
    sql = f"{_REQUESTS.select} AND type = :type AND target_entity_id = :target"
    return await fetch_row(tx, _REQUESTS.row, sql, {"org": org_id, "type": type_, "target": target})


async def insert_if_new(tx: Tx, org_id: str, row: RequestRow) -> bool:
    """Insert the request unless one exists for the same target (then False): of two
    concurrent requests for one target exactly one is stored (not yet processed)."""
    tail = "ON CONFLICT (org_id, type, target_entity_id) DO NOTHING"
    return await _REQUESTS.insert(tx, org_id, row, tail, processed_at=None) == 1


async def set_job(tx: Tx, org_id: str, request_id: str, job_id: str) -> None:
    await tx.execute(
        "UPDATE anonymization_requests SET job_id = :job, status = 'pending' "
        "WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": request_id, "job": job_id},
    )


async def mark_done(tx: Tx, org_id: str, request_id: str, now: int) -> None:
    await tx.execute(
        "UPDATE anonymization_requests SET status = 'done', "
        "processed_at = COALESCE(processed_at, :now) WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": request_id, "now": now},
    )


# ---- the targets -----------------------------------------------------------------------


async def conversation_state(tx: Tx, org_id: str, conversation_id: int) -> str | None:
    return await fetch_text(
        tx,
        "SELECT state FROM conversations WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": conversation_id},
    )


async def message_in_conversation(
    tx: Tx, org_id: str, conversation_id: int, message_id: str
) -> bool:
    v = await tx.fetch_val(
        "SELECT 1 FROM messages WHERE org_id = :org AND id = :id AND conversation_id = :cid",
        {"org": org_id, "id": message_id, "cid": conversation_id},
    )
    return v is not None


async def is_end_user(tx: Tx, org_id: str, user_id: str) -> bool:
    v = await tx.fetch_val(
        "SELECT 1 FROM users WHERE org_id = :org AND id = :id AND kind = 'EndUser'",
        {"org": org_id, "id": user_id},
    )
    return v is not None


async def requested_conversations(tx: Tx, org_id: str, user_id: str) -> list[tuple[int, str]]:
    """(id, state) of every conversation the user requested, oldest first."""
    rows = await tx.fetch_all(
        "SELECT id, state FROM conversations WHERE org_id = :org AND requester_id = :uid "
        "ORDER BY created_at, id",
        {"org": org_id, "uid": user_id},
    )
    return [(int(r[0]), str(r[1])) for r in rows]
