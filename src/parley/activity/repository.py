"""SQL that reads the activity log (its writes are ``parley.journal.repository``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.store import Row, Tx, keyset
from parley.store.database import user_name


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


def _activity(r: Row) -> ActivityRow:
    return ActivityRow(int(r[0]), r[1], int(r[2]), r[3], int(r[4]), r[5], r[6], r[7], r[8], r[9])


async def list_for_conversation(tx: Tx, org_id: str, conversation_id: int) -> list[ActivityRow]:
    """One conversation's entries, oldest first."""
    rows = await tx.fetch_all(
        f"SELECT {_ACT_COLS} {_ACT_FROM} WHERE a.org_id = :org AND a.conversation_id = :cid "
        "ORDER BY a.activity_at, a.seq",
        {"org": org_id, "cid": conversation_id},
    )
    return [_activity(r) for r in rows]


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
