"""SQL for routing: the routing columns of a conversation, the users and queues they name.

Every change is one UPDATE guarded by the state it was decided on, so two concurrent
requests cannot both apply a change that only one of them may make. The changes a request
makes are also guarded by ``anonymized_at IS NULL``: an anonymized conversation is closed
for good, whatever the request read before (``close`` is not, as the anonymization job
closes its targets with it).
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.database import by_id, user_name


@dataclass(frozen=True)
class UserRow:
    id: str
    kind: str
    name: str | None
    email: str | None
    phone_number: str | None


_USER_COLS = f"id, kind, {user_name()}, email, phone_number"


async def get_user(tx: Tx, org_id: str, user_id: str) -> UserRow | None:
    return await by_id(
        tx, lambda r: UserRow(r[0], r[1], r[2], r[3], r[4]), "users", _USER_COLS, org_id, user_id
    )


async def queue_name(tx: Tx, org_id: str, queue_id: str) -> str | None:
    v = await tx.fetch_val(
        "SELECT name FROM queues WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": queue_id},
    )
    return None if v is None else str(v)


async def default_queue(tx: Tx, org_id: str) -> str | None:
    v = await tx.fetch_val(
        "SELECT id FROM queues WHERE org_id = :org AND is_default ORDER BY created_at, id LIMIT 1",
        {"org": org_id},
    )
    return None if v is None else str(v)


# ---- claim ---------------------------------------------------------------------------


async def assign_if_free(tx: Tx, org_id: str, cid: int, agent_id: str, now: int) -> int:
    """Assign only an unassigned, not closed conversation: one conditional UPDATE, so of
    two concurrent claims exactly one matches the row."""
    return await tx.execute(
        "UPDATE conversations SET assigned_agent_id = :agent, assigned_at = :now, "
        "updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed' AND assigned_agent_id IS NULL "
        "AND anonymized_at IS NULL",
        {"org": org_id, "cid": cid, "agent": agent_id, "now": now},
    )


async def reassign(tx: Tx, org_id: str, cid: int, previous_id: str, agent_id: str, now: int) -> int:
    """Take the conversation from ``previous_id`` (only if it still has that agent)."""
    return await tx.execute(
        "UPDATE conversations SET assigned_agent_id = :agent, assigned_at = :now, "
        "updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed' "
        "AND assigned_agent_id = :previous AND anonymized_at IS NULL",
        {"org": org_id, "cid": cid, "agent": agent_id, "previous": previous_id, "now": now},
    )


async def release(
    tx: Tx, org_id: str, cid: int, agent_id: str, queue_id: str | None, now: int
) -> int:
    """Unassign from ``agent_id`` (only if it still has that agent and is not closed): it
    stays in its queue, or is queued in ``queue_id`` when it was in none."""
    return await tx.execute(
        "UPDATE conversations SET assigned_agent_id = NULL, assigned_at = NULL, "
        "queued_at = CASE WHEN queue_id IS NULL THEN COALESCE(:queued_at, queued_at) "
        "ELSE queued_at END, "
        "last_queue_id = COALESCE(queue_id, :queue, last_queue_id), "
        "queue_id = COALESCE(queue_id, :queue), updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed' AND assigned_agent_id = :agent "
        "AND anonymized_at IS NULL",
        {
            "org": org_id,
            "cid": cid,
            "agent": agent_id,
            "queue": queue_id,
            "queued_at": None if queue_id is None else now,
            "now": now,
        },
    )


# ---- state ---------------------------------------------------------------------------


async def close(tx: Tx, org_id: str, cid: int, now: int) -> int:
    """Open/Pending -> Closed: leaves the queue (remembered in last_queue_id, with the time
    it was queued there kept in queued_at, which the export shows), keeps the assignment,
    ends any follow-up."""
    return await tx.execute(
        "UPDATE conversations SET state = 'Closed', state_updated_at = :now, closed_at = :now, "
        "last_queue_id = COALESCE(queue_id, last_queue_id), queue_id = NULL, "
        "followup_until = NULL, updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed'",
        {"org": org_id, "cid": cid, "now": now},
    )


async def reopen_closed(tx: Tx, org_id: str, cid: int, queue_id: str | None, now: int) -> int:
    """Closed -> Open: unassigned and queued in ``queue_id``."""
    return await tx.execute(
        "UPDATE conversations SET state = 'Open', state_updated_at = :now, closed_at = NULL, "
        "assigned_agent_id = NULL, assigned_at = NULL, queue_id = :queue, "
        "queued_at = COALESCE(:queued_at, queued_at), "
        "last_queue_id = COALESCE(:queue, last_queue_id), "
        "updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state = 'Closed' AND anonymized_at IS NULL",
        {
            "org": org_id,
            "cid": cid,
            "queue": queue_id,
            "now": now,
            "queued_at": None if queue_id is None else now,
        },
    )


async def open_pending(tx: Tx, org_id: str, cid: int, now: int) -> int:
    """Pending -> Open (a reopen during a follow-up): keeps assignment and queue."""
    return await tx.execute(
        "UPDATE conversations SET state = 'Open', state_updated_at = :now, "
        "followup_until = NULL, updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state = 'Pending' AND anonymized_at IS NULL",
        {"org": org_id, "cid": cid, "now": now},
    )


# ---- transfer ------------------------------------------------------------------------


async def transfer_to_queue(tx: Tx, org_id: str, cid: int, queue_id: str, now: int) -> int:
    return await tx.execute(
        "UPDATE conversations SET assigned_agent_id = NULL, assigned_at = NULL, "
        "queue_id = :queue, queued_at = :now, last_queue_id = :queue, "
        "updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed' AND anonymized_at IS NULL",
        {"org": org_id, "cid": cid, "queue": queue_id, "now": now},
    )


# ---- follow-up -----------------------------------------------------------------------


async def start_followup(tx: Tx, org_id: str, cid: int, until: int, now: int) -> int:
    return await tx.execute(
        "UPDATE conversations SET state = 'Pending', "
        "state_updated_at = CASE WHEN state = 'Pending' THEN state_updated_at ELSE :now END, "
        "followup_until = :until, updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state <> 'Closed' AND anonymized_at IS NULL",
        {"org": org_id, "cid": cid, "until": until, "now": now},
    )


async def expire_followup(tx: Tx, org_id: str, cid: int, until: int, now: int) -> int:
    """Pending -> Open when the follow-up set for ``until`` is still the current one."""
    return await tx.execute(
        "UPDATE conversations SET state = 'Open', state_updated_at = :now, "
        "followup_until = NULL, updated_at = :now, last_activity_at = :now "
        "WHERE org_id = :org AND id = :cid AND state = 'Pending' AND followup_until = :until",
        {"org": org_id, "cid": cid, "until": until, "now": now},
    )


async def clear_followup(tx: Tx, org_id: str, cid: int, now: int) -> int:
    return await tx.execute(
        "UPDATE conversations SET followup_until = NULL, updated_at = :now "
        "WHERE org_id = :org AND id = :cid AND followup_until IS NOT NULL",
        {"org": org_id, "cid": cid, "now": now},
    )
