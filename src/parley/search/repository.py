"""Search SQL that is the same on both stores: where a message's document sits, which
conversations a change touches, the batches of a rebuild, and the listing without text.
Each store's index and queries are its engine's (``engine_sqlite``, ``engine_postgres``).
"""

from __future__ import annotations

from typing import Any

from parley.search.types import Filter, RankedRow
from parley.store import Row, Tx
from parley.store.database import by_id, user_name

REQUESTER_NAME = f"COALESCE({user_name('u')}, '')"


async def message_position(tx: Tx, org_id: str, message_id: str) -> tuple[int, int] | None:
    return await by_id(tx, _position, "messages", "conversation_id, seq", org_id, message_id)


def _position(r: Row) -> tuple[int, int]:
    return int(r[0]), int(r[1])


async def insert_documents(
    tx: Tx, org_id: str, conversation_ids: list[int], header: str, messages: str
) -> int:
    """The header and message documents of these conversations, written by an engine's
    two INSERT … SELECT templates (their ``{where}`` filled in); the documents written."""
    if not conversation_ids:
        return 0
    params = {"org": org_id, "ids": conversation_ids}
    n = await tx.execute(header.format(where="c.id IN :ids"), params)
    return n + await tx.execute(messages.format(where="m.conversation_id IN :ids"), params)


async def requester_conversations(tx: Tx, org_id: str, user_id: str) -> list[int]:
    rows = await tx.fetch_all(
        "SELECT id FROM conversations WHERE org_id = :org AND requester_id = :uid",
        {"org": org_id, "uid": user_id},
    )
    return [int(r[0]) for r in rows]


async def org_ids(tx: Tx) -> list[str]:
    rows = await tx.fetch_all("SELECT id FROM orgs ORDER BY id")
    return [str(r[0]) for r in rows]


async def count_conversations(tx: Tx, org_id: str | None) -> int:
    if org_id is None:
        return int(await tx.fetch_val("SELECT COUNT(*) FROM conversations") or 0)
    return int(
        await tx.fetch_val(
            "SELECT COUNT(*) FROM conversations WHERE org_id = :org", {"org": org_id}
        )
        or 0
    )


async def conversation_batch(tx: Tx, org_id: str, after: int, limit: int) -> list[int]:
    rows = await tx.fetch_all(
        "SELECT id FROM conversations WHERE org_id = :org AND id > :after ORDER BY id LIMIT :n",
        {"org": org_id, "after": after, "n": limit},
    )
    return [int(r[0]) for r in rows]


async def listing(tx: Tx, org_id: str, f: Filter, after: list[Any] | None, n: int) -> list[Any]:
    """Conversations matching the filters, newest first by creation time (no text)."""
    params: dict[str, Any] = {"org_id": org_id, "n": n, **f.params}
    keyset = "1 = 1"
    if after is not None:
        keyset = "(c.created_at, c.id) < (:a_c, :a_i)"  # a range bound on the index
        params.update(a_c=int(after[0]), a_i=int(after[1]))
    rows = await tx.fetch_all(
        "SELECT c.id, c.created_at FROM conversations c "
        f"WHERE c.org_id = :org_id AND ({f.where}) AND {keyset} "
        "ORDER BY c.created_at DESC, c.id DESC LIMIT :n",
        params,
    )
    return [RankedRow(int(r[0]), None, int(r[1])) for r in rows]
