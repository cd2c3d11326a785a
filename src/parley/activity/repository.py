"""SQL that reads the activity log (its writes are ``parley.journal.repository``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.store import Tx, keyset
from parley.store.database import user_name
from parley.store.rows import decoder, fetch_rows


@dataclass(frozen=True)
class ActivityRow:
    seq: int
    id: str
    conversation_id: int
    type: str
    activity_at: int
    author_id: str | None
    author_name: str | None
    author_email: str | None
    author_phone: str | None
    attributes: str | None


_ACT_COLS = (
    "a.seq, a.id, a.conversation_id, a.type, a.activity_at, a.author_id, "
    f"{user_name('u')}, u.email, u.phone_number, a.attributes"
)
_ACT_FROM = "FROM activity a LEFT JOIN users u ON u.org_id = a.org_id AND u.id = a.author_id"


_activity = decoder(ActivityRow)


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[ActivityRow]:
    """One conversation's entries, oldest first."""
    sql = (
        f"SELECT {_ACT_COLS} {_ACT_FROM} WHERE a.org_id = :org AND a.conversation_id = :cid "
        "ORDER BY a.activity_at, a.seq"
    )
    return await fetch_rows(tx, _activity, sql, {"org": org_id, "cid": conversation_id})


async def list_page(
    tx: Tx,
    org_id: str,
    *,
    after: list[Any] | None,
    limit: int,
    from_at: int | None = None,
    to_at: int | None = None,
) -> list[ActivityRow]:
    """The organisation's entries in time order, keyset-paged on (activity_at, seq)."""
    sql = f"SELECT {_ACT_COLS} {_ACT_FROM} WHERE a.org_id = :org"
    return await keyset.fetch_page(
        tx,
        sql,
        {"org": org_id},
        _activity,
        after=[int(v) for v in after] if after else None,
        limit=limit,
        where={"a.activity_at >= :from_at": from_at, "a.activity_at < :to_at": to_at},
        columns=("a.activity_at", "a.seq"),
    )
