"""SQL for routing: the routing columns of a conversation, the users and queues they name.

Every change is one UPDATE guarded by the state it was decided on, so two concurrent
requests cannot both apply a change that only one of them may make. The changes a request
makes are also guarded by ``anonymized_at IS NULL``: an anonymized conversation is closed
for good, whatever the request read before (``close`` is not, as the anonymization job
closes its targets with it).
"""

from __future__ import annotations

from parley.conversation_record.repository import USER_COLUMNS, UserRef
from parley.store import Tx
from parley.store.database import by_id
from parley.store.rows import decoder, fetch_text

# A user as routing reads it: its name as the store gives it (``conversation_record``'s
# reference reads a blank one as None).
UserRow = UserRef
_user = decoder(UserRow)


async def get_user(tx: Tx, org_id: str, user_id: str) -> UserRow | None:
    return await by_id(tx, _user, "users", USER_COLUMNS, org_id, user_id)


async def queue_name(tx: Tx, org_id: str, queue_id: str) -> str | None:
    sql = "SELECT name FROM queues WHERE org_id = :org AND id = :id"
    return await fetch_text(tx, sql, {"org": org_id, "id": queue_id})


async def default_queue(tx: Tx, org_id: str) -> str | None:
    sql = "SELECT id FROM queues WHERE org_id = :org AND is_default ORDER BY created_at, id LIMIT 1"
    return await fetch_text(tx, sql, {"org": org_id})


# The guard of every change a request makes: neither closed nor anonymized.
_LIVE = "state <> 'Closed' AND anonymized_at IS NULL"


async def _change(
    tx: Tx, org_id: str, cid: int, now: int, sets: str, guard: str, **params: object
) -> int:
    """One guarded UPDATE of the conversation: ``sets`` and its update and activity times
    (``now``) where ``guard`` holds; the number of rows changed (0: the guard failed)."""
    return await tx.execute(
        f"UPDATE conversations SET {sets}, updated_at = :now, last_activity_at = :now "
        f"WHERE org_id = :org AND id = :cid AND {guard}",
        {"org": org_id, "cid": cid, "now": now, **params},
    )


# ---- claim ---------------------------------------------------------------------------


async def assign_if_free(tx: Tx, org_id: str, cid: int, agent_id: str, now: int) -> int:
    """Assign only an unassigned, not closed conversation: one conditional UPDATE, so of
    two concurrent claims exactly one matches the row."""
    sets = "assigned_agent_id = :agent, assigned_at = :now"
    guard = f"{_LIVE} AND assigned_agent_id IS NULL"
    return await _change(tx, org_id, cid, now, sets, guard, agent=agent_id)


async def reassign(tx: Tx, org_id: str, cid: int, previous_id: str, agent_id: str, now: int) -> int:
    """Take the conversation from ``previous_id`` (only if it still has that agent)."""
    sets = "assigned_agent_id = :agent, assigned_at = :now"
    guard = f"{_LIVE} AND assigned_agent_id = :previous"
    return await _change(tx, org_id, cid, now, sets, guard, agent=agent_id, previous=previous_id)


async def release(
    tx: Tx, org_id: str, cid: int, agent_id: str, queue_id: str | None, now: int
) -> int:
    """Unassign from ``agent_id`` (only if it still has that agent and is not closed): it
    stays in its queue, or is queued in ``queue_id`` when it was in none."""
    sets = (
        "assigned_agent_id = NULL, assigned_at = NULL, "
        "queued_at = CASE WHEN queue_id IS NULL THEN COALESCE(:queued_at, queued_at) "
        "ELSE queued_at END, "
        "last_queue_id = COALESCE(queue_id, :queue, last_queue_id), "
        "queue_id = COALESCE(queue_id, :queue)"
    )
    queued_at = None if queue_id is None else now
    guard = f"{_LIVE} AND assigned_agent_id = :agent"
    return await _change(
        tx, org_id, cid, now, sets, guard, agent=agent_id, queue=queue_id, queued_at=queued_at
    )


# ---- state ---------------------------------------------------------------------------


async def close(tx: Tx, org_id: str, cid: int, now: int) -> int:
    """Open/Pending -> Closed: leaves the queue (remembered in last_queue_id, with the time
    it was queued there kept in queued_at, which the export shows), keeps the assignment,
    ends any follow-up."""
    sets = (
        "state = 'Closed', state_updated_at = :now, closed_at = :now, "
        "last_queue_id = COALESCE(queue_id, last_queue_id), queue_id = NULL, "
        "followup_until = NULL"
    )
    return await _change(tx, org_id, cid, now, sets, "state <> 'Closed'")


async def reopen_closed(tx: Tx, org_id: str, cid: int, queue_id: str | None, now: int) -> int:
    """Closed -> Open: unassigned and queued in ``queue_id``."""
    sets = (
        "state = 'Open', state_updated_at = :now, closed_at = NULL, "
        "assigned_agent_id = NULL, assigned_at = NULL, queue_id = :queue, "
        "queued_at = COALESCE(:queued_at, queued_at), "
        "last_queue_id = COALESCE(:queue, last_queue_id)"
    )
    queued_at = None if queue_id is None else now
    guard = "state = 'Closed' AND anonymized_at IS NULL"
    return await _change(tx, org_id, cid, now, sets, guard, queue=queue_id, queued_at=queued_at)


async def open_pending(tx: Tx, org_id: str, cid: int, now: int) -> int:
    """Pending -> Open (a reopen during a follow-up): keeps assignment and queue."""
    sets = "state = 'Open', state_updated_at = :now, followup_until = NULL"
    guard = "state = 'Pending' AND anonymized_at IS NULL"
    return await _change(tx, org_id, cid, now, sets, guard)


# ---- transfer ------------------------------------------------------------------------


async def transfer_to_queue(tx: Tx, org_id: str, cid: int, queue_id: str, now: int) -> int:
    sets = (
        "assigned_agent_id = NULL, assigned_at = NULL, "
        "queue_id = :queue, queued_at = :now, last_queue_id = :queue"
    )
    return await _change(tx, org_id, cid, now, sets, _LIVE, queue=queue_id)


# ---- follow-up -----------------------------------------------------------------------


async def start_followup(tx: Tx, org_id: str, cid: int, until: int, now: int) -> int:
    sets = (
        "state = 'Pending', "
        "state_updated_at = CASE WHEN state = 'Pending' THEN state_updated_at ELSE :now END, "
        "followup_until = :until"
    )
    return await _change(tx, org_id, cid, now, sets, _LIVE, until=until)


async def expire_followup(tx: Tx, org_id: str, cid: int, until: int, now: int) -> int:
    """Pending -> Open when the follow-up set for ``until`` is still the current one."""
    sets = "state = 'Open', state_updated_at = :now, followup_until = NULL"
    guard = "state = 'Pending' AND followup_until = :until"
    return await _change(tx, org_id, cid, now, sets, guard, until=until)


async def clear_followup(tx: Tx, org_id: str, cid: int, now: int) -> int:
    return await tx.execute(
        "UPDATE conversations SET followup_until = NULL, updated_at = :now "
        "WHERE org_id = :org AND id = :cid AND followup_until IS NOT NULL",
        {"org": org_id, "cid": cid, "now": now},
    )
