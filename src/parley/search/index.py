"""Keeping the search index in step with the data, in the writer's own transaction.

Every function takes the transaction of the request (or job) that changed the data, so a
change is searchable, or gone from the index, as soon as that transaction commits. What
is indexed per conversation: one header document (subject, requester name and email)
and one document per message (its plain ``text``). Internal notes are never indexed;
anonymized messages and conversations leave the index.
"""

from __future__ import annotations

from collections.abc import Callable

from parley.search import repository as repo
from parley.search.engine import engine
from parley.store import Database, Tx

BATCH = 500


async def index_message(tx: Tx, org_id: str, conversation_id: int, message_id: str) -> None:
    """(Re)index one message from its current row (nothing when its text is empty)."""
    await engine(tx.dialect).put_message(tx, org_id, conversation_id, message_id)


async def index_header(tx: Tx, org_id: str, conversation_id: int) -> None:
    """(Re)index a conversation's header: subject, requester name and email."""
    await engine(tx.dialect).put_headers(tx, org_id, [conversation_id])


async def refresh_conversation(tx: Tx, org_id: str, conversation_id: int) -> None:
    """Drop every document of the conversation and rebuild them from the current rows."""
    await engine(tx.dialect).drop_conversations(tx, org_id, [conversation_id])
    await engine(tx.dialect).put_conversations(tx, org_id, [conversation_id])


async def drop_message(tx: Tx, org_id: str, message_id: str) -> None:
    await engine(tx.dialect).delete_message(tx, org_id, message_id)


async def refresh_requester(tx: Tx, org_id: str, user_id: str) -> None:
    """An end user's name or email changed: rewrite the headers of their conversations."""
    ids = await repo.requester_conversations(tx, org_id, user_id)
    for start in range(0, len(ids), BATCH):
        await engine(tx.dialect).put_headers(tx, org_id, ids[start : start + BATCH])


async def rebuild(
    db: Database,
    org_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    batch: int = BATCH,
) -> int:
    """Rebuild the index of one organisation (or all) from the stored rows, one
    transaction per batch of conversations, so search keeps working meanwhile. Then, on
    SQLite, the index is merged into one segment (FTS5 ``optimize``, a few seconds per
    million documents); on PostgreSQL ``search_docs`` is vacuumed and analysed (the
    search uses the planner's statistics to tell common words). ``progress(done, total)``
    counts conversations. Returns the documents written."""
    async with db.transaction(readonly=True) as tx:
        orgs = [org_id] if org_id is not None else await repo.org_ids(tx)
        total = await repo.count_conversations(tx, org_id)
    done = written = 0
    if progress is not None:
        progress(0, total)
    for org in orgs:
        after = 0
        while True:
            async with db.transaction() as tx:
                ids = await repo.conversation_batch(tx, org, after, batch)
                if not ids:
                    break
                await engine(tx.dialect).drop_conversations(tx, org, ids)
                written += await engine(tx.dialect).put_conversations(tx, org, ids)
            after = ids[-1]
            done += len(ids)
            if progress is not None:
                progress(done, total)
    await engine(db.dialect).after_rebuild(db)
    return written
