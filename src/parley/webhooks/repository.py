"""SQL for webhook subscriptions, their delivery attempts, and the event row a delivery
sends (what an event's ``data`` is built from: ``parley.webhooks.data_repository``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import msgspec

from parley.store import Tx, keyset
from parley.store.database import insert_sql, row_params
from parley.store.rows import Table, columns, decoder, fetch_row, fetch_text


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
    custom_headers: str = "{}"  # JSON object
    filters: str | None = None  # JSON, as given


_SUBSCRIPTIONS = Table("webhook_subscriptions", SubscriptionRow)
# What a subscription's owner may change (not its secret key or creation).
_EDITABLE = (
    "name, url, enabled, events, auth_type, auth_header, updated_at, updated_by, "
    "custom_headers, filters"
)


async def insert(tx: Tx, org_id: str, s: SubscriptionRow) -> None:
    _forget(tx, org_id)
    await _SUBSCRIPTIONS.insert(tx, org_id, s)


async def update(tx: Tx, org_id: str, s: SubscriptionRow) -> None:
    _forget(tx, org_id)
    await _SUBSCRIPTIONS.update(tx, org_id, s, _EDITABLE)


get = _SUBSCRIPTIONS.get
list_all = _SUBSCRIPTIONS.all
# Oldest first (keyset on ``(created_at, id)``).
list_page = _SUBSCRIPTIONS.page


async def delete(tx: Tx, org_id: str, subscription_id: str) -> int:
    _forget(tx, org_id)
    params = {"org": org_id, "id": subscription_id}
    await tx.execute(
        "DELETE FROM webhook_attempts WHERE org_id = :org AND subscription_id = :id", params
    )
    return await _SUBSCRIPTIONS.delete(tx, org_id, subscription_id)


MEMO_KEY = "webhooks.enabled"


@dataclass(frozen=True)
class Enabled:
    id: str
    events: frozenset[str]
    filters: str | None  # JSON, as stored


async def enabled(tx: Tx, org_id: str) -> list[Enabled]:
    """The organisation's enabled subscriptions, the events each names and its filters,
    oldest first; read once per transaction (``tx.memo``; the writes below forget it)."""
    key = (MEMO_KEY, org_id)
    kept = tx.memo.get(key)
    if kept is None:
        rows = await tx.fetch_all(
            "SELECT id, events, filters FROM webhook_subscriptions WHERE org_id = :org "
            "AND enabled ORDER BY created_at, id",
            {"org": org_id},
        )
        kept = [Enabled(str(r[0]), frozenset(msgspec.json.decode(r[1])), r[2]) for r in rows]
        tx.memo[key] = kept
    return cast(list[Enabled], kept)


def none_enabled(tx: Tx, org_id: str) -> None:
    """The organisation had no enabled subscription when the caller read it, just before
    ``tx`` began (a received mail's recipient lookup): ``enabled`` does not read again."""
    tx.memo[(MEMO_KEY, org_id)] = []


def _forget(tx: Tx, org_id: str) -> None:
    tx.memo.pop((MEMO_KEY, org_id), None)


# ---- what a delivery reads ------------------------------------------------------------


async def event_payload(tx: Tx, org_id: str, seq: int) -> str | None:
    sql = "SELECT payload FROM events WHERE org_id = :org AND seq = :seq"
    return await fetch_text(tx, sql, {"org": org_id, "seq": seq})


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


_ATT_COLS = columns(AttemptRow)
_attempt = decoder(AttemptRow)


async def insert_attempt(tx: Tx, org_id: str, a: AttemptRow) -> None:
    await tx.execute(insert_sql("webhook_attempts", _ATT_COLS), row_params(org_id, a))


async def prune_attempts(tx: Tx, org_id: str, subscription_id: str, event: str, before: int) -> int:
    """Forget the subscription's attempts for ``event`` made before ``before``."""
    return await tx.execute(
        "DELETE FROM webhook_attempts WHERE org_id = :org AND subscription_id = :sub "
        "AND event = :event AND attempted_at < :before",
        {"org": org_id, "sub": subscription_id, "event": event, "before": before},
    )


async def latest_attempt(
    tx: Tx, org_id: str, subscription_id: str, event: str
) -> AttemptRow | None:
    sql = (
        f"SELECT {_ATT_COLS} FROM webhook_attempts WHERE org_id = :org AND subscription_id = :sub "
        "AND event = :event ORDER BY attempted_at DESC, id DESC LIMIT 1"
    )
    return await fetch_row(
        tx, _attempt, sql, {"org": org_id, "sub": subscription_id, "event": event}
    )


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
        f"SELECT {columns(AttemptRow, 'a')}, e.payload "
        "FROM webhook_attempts a LEFT JOIN events e ON e.org_id = a.org_id "
        "AND e.seq = a.event_seq WHERE a.org_id = :org AND a.subscription_id = :sub "
        "AND a.event = :event"
    )
    params: dict[str, object] = {"org": org_id, "sub": subscription_id, "event": event}
    sql = keyset.page(
        sql, params, after=after, limit=limit, columns=("a.attempted_at", "a.id"), descending=True
    )
    return [(_attempt(r), r[12]) for r in await tx.fetch_all(sql, params)]
