"""SQL for webhook subscriptions, their delivery attempts, and what a delivery reads
(the event row, the organisation's name, the conversation an event is about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import msgspec

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params, update_sql


@dataclass
class SubscriptionRow:
    id: str
    name: str
    url: str
    enabled: bool
    events: str  # JSON list
    auth_type: str
    auth_header: str | None
    secret_key: str
    created_at: int
    created_by: str
    updated_at: int
    updated_by: str


_SUB_COLS = (
    "id, name, url, enabled, events, auth_type, auth_header, secret_key, created_at, "
    "created_by, updated_at, updated_by"
)


def _sub(r: Row) -> SubscriptionRow:
    return SubscriptionRow(
        r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], int(r[8]), r[9], int(r[10]), r[11]
    )


async def insert(tx: Tx, org_id: str, s: SubscriptionRow) -> None:
    _forget(tx, org_id)
    await tx.execute(insert_sql("webhook_subscriptions", _SUB_COLS), row_params(org_id, s))


# What a subscription's owner may change (not its secret key or creation).
_UPDATE = update_sql(
    "webhook_subscriptions",
    "name, url, enabled, events, auth_type, auth_header, updated_at, updated_by",
)


async def update(tx: Tx, org_id: str, s: SubscriptionRow) -> None:
    _forget(tx, org_id)
    await tx.execute(_UPDATE, row_params(org_id, s))


async def get(tx: Tx, org_id: str, subscription_id: str) -> SubscriptionRow | None:
    return await by_id(tx, _sub, "webhook_subscriptions", _SUB_COLS, org_id, subscription_id)


async def list_all(tx: Tx, org_id: str) -> list[SubscriptionRow]:
    rows = await tx.fetch_all(
        f"SELECT {_SUB_COLS} FROM webhook_subscriptions WHERE org_id = :org "
        "ORDER BY created_at, id",
        {"org": org_id},
    )
    return [_sub(r) for r in rows]


async def delete(tx: Tx, org_id: str, subscription_id: str) -> int:
    _forget(tx, org_id)
    params = {"org": org_id, "id": subscription_id}
    await tx.execute(
        "DELETE FROM webhook_attempts WHERE org_id = :org AND subscription_id = :id", params
    )
    return await tx.execute(
        "DELETE FROM webhook_subscriptions WHERE org_id = :org AND id = :id", params
    )


MEMO_KEY = "webhooks.enabled"


async def enabled(tx: Tx, org_id: str) -> list[tuple[str, frozenset[str]]]:
    """The organisation's enabled subscriptions and the events each names, oldest first;
    read once per transaction (``tx.memo``; the writes below forget it)."""
    key = (MEMO_KEY, org_id)
    kept = tx.memo.get(key)
    if kept is None:
        rows = await tx.fetch_all(
            "SELECT id, events FROM webhook_subscriptions WHERE org_id = :org AND enabled "
            "ORDER BY created_at, id",
            {"org": org_id},
        )
        kept = [(str(r[0]), frozenset(msgspec.json.decode(r[1]))) for r in rows]
        tx.memo[key] = kept
    return cast(list[tuple[str, frozenset[str]]], kept)


def _forget(tx: Tx, org_id: str) -> None:
    tx.memo.pop((MEMO_KEY, org_id), None)


# ---- what a delivery reads ------------------------------------------------------------


async def event_payload(tx: Tx, org_id: str, seq: int) -> str | None:
    v = await tx.fetch_val(
        "SELECT payload FROM events WHERE org_id = :org AND seq = :seq", {"org": org_id, "seq": seq}
    )
    return None if v is None else str(v)


_NAME = "COALESCE({u}.display_name, NULLIF(TRIM(COALESCE({u}.first_name, '') || ' ' || COALESCE({u}.last_name, '')), ''))"  # noqa: E501


def _user_cols(u: str) -> str:
    return f"{u}.id, {_NAME.format(u=u)}, {u}.email, {u}.phone_number, {u}.kind"


@dataclass(frozen=True)
class UserRef:
    id: str
    name: str | None
    email: str | None
    phone: str | None
    kind: str


@dataclass(frozen=True)
class ConversationSnapshot:
    id: int
    channel: str
    state: str
    direction: str
    created_at: int
    contact_point: str | None
    requester: UserRef | None
    assignee: UserRef | None
    queue_id: str | None
    queue_name: str | None
    tags: list[str]
    anonymized: bool = False


def _user(r: Row, at: int) -> UserRef | None:
    return None if r[at] is None else UserRef(r[at], r[at + 1], r[at + 2], r[at + 3], r[at + 4])


async def conversations(
    tx: Tx, org_id: str, conversation_ids: list[int]
) -> dict[int, ConversationSnapshot]:
    """The snapshots of these conversations (those that exist), by id."""
    params = {"org": org_id, "ids": conversation_ids}
    rows = await tx.fetch_all(
        "SELECT c.id, c.channel, c.state, c.direction, c.created_at, "
        "COALESCE(c.to_email, c.to_number, c.contact_endpoint_id), q.id, q.name, "
        f"{_user_cols('r')}, {_user_cols('a')}, c.anonymized_at FROM conversations c "
        "LEFT JOIN users r ON r.org_id = c.org_id AND r.id = c.requester_id "
        "LEFT JOIN users a ON a.org_id = c.org_id AND a.id = c.assigned_agent_id "
        "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
        "WHERE c.org_id = :org AND c.id IN :ids",
        params,
    )
    if not rows:
        return {}
    tags: dict[int, list[str]] = {}
    for t in await tx.fetch_all(
        "SELECT ct.conversation_id, t.name FROM conversation_tags ct JOIN tags t "
        "ON t.org_id = ct.org_id AND t.id = ct.tag_id WHERE ct.org_id = :org "
        "AND ct.conversation_id IN :ids ORDER BY t.name",
        params,
    ):
        tags.setdefault(int(t[0]), []).append(t[1])
    return {
        int(r[0]): ConversationSnapshot(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            int(r[4]),
            r[5],
            _user(r, 8),
            _user(r, 13),
            r[6],
            r[7],
            tags.get(int(r[0]), []),
            r[18] is not None,
        )
        for r in rows
    }


# ---- attempts -------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptRow:
    id: str
    subscription_id: str
    delivery_id: str
    event: str
    event_seq: int
    attempt: int
    attempted_at: int
    duration_ms: int
    status_code: int | None
    success: bool
    response_text: str | None
    error: str | None


_ATT_COLS = (
    "id, subscription_id, delivery_id, event, event_seq, attempt, attempted_at, duration_ms, "
    "status_code, success, response_text, error"
)


def _attempt(r: Row) -> AttemptRow:
    return AttemptRow(
        r[0],
        r[1],
        r[2],
        r[3],
        int(r[4]),
        int(r[5]),
        int(r[6]),
        int(r[7]),
        None if r[8] is None else int(r[8]),
        bool(r[9]),
        r[10],
        r[11],
    )


async def insert_attempt(tx: Tx, org_id: str, a: AttemptRow) -> None:
    await tx.execute(
        f"INSERT INTO webhook_attempts (org_id, {_ATT_COLS}) VALUES (:org, :id, :sub, "
        ":delivery, :event, :seq, :attempt, :at, :duration, :status, :success, :text, :error)",
        {
            "org": org_id,
            "id": a.id,
            "sub": a.subscription_id,
            "delivery": a.delivery_id,
            "event": a.event,
            "seq": a.event_seq,
            "attempt": a.attempt,
            "at": a.attempted_at,
            "duration": a.duration_ms,
            "status": a.status_code,
            "success": a.success,
            "text": a.response_text,
            "error": a.error,
        },
    )


async def latest_attempt(
    tx: Tx, org_id: str, subscription_id: str, event: str
) -> AttemptRow | None:
    r = await tx.fetch_one(
        f"SELECT {_ATT_COLS} FROM webhook_attempts WHERE org_id = :org AND subscription_id = :sub "
        "AND event = :event ORDER BY attempted_at DESC, id DESC LIMIT 1",
        {"org": org_id, "sub": subscription_id, "event": event},
    )
    return None if r is None else _attempt(r)


async def attempts_page(
    tx: Tx,
    org_id: str,
    subscription_id: str,
    event: str,
    *,
    after: list[Any] | None,
    limit: int,
) -> list[tuple[AttemptRow, str | None]]:
    """The attempts for ``event``, newest first, each with the payload of its event."""
    sql = (
        f"SELECT {', '.join('a.' + c for c in _ATT_COLS.split(', '))}, e.payload "
        "FROM webhook_attempts a LEFT JOIN events e ON e.org_id = a.org_id "
        "AND e.seq = a.event_seq WHERE a.org_id = :org AND a.subscription_id = :sub "
        "AND a.event = :event"
    )
    params: dict[str, object] = {"org": org_id, "sub": subscription_id, "event": event}
    sql = keyset.page(
        sql, params, after=after, limit=limit, columns=("a.attempted_at", "a.id"), descending=True
    )
    return [(_attempt(r), r[12]) for r in await tx.fetch_all(sql, params)]
