"""Export walks: every matching row, read in keyset-paged batches from one snapshot, so
memory stays bounded however large the window and a row changed meanwhile is seen once,
as it was when the walk began.

Over HTTP the rows leave as one JSON array, written batch by batch (``json_array``); the
CLI writes JSON Lines. The walk has its own read scope: a streamed body is sent after the
request's transaction has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping, Sequence
from contextlib import aclosing, asynccontextmanager
from typing import IO, Literal

import anyio
import msgspec

from parley.errors import Invalid
from parley.exports import filters, rows
from parley.exports import repository as repo
from parley.exports import schemas as wire
from parley.exports.filters import Bounds, ConversationFilter
from parley.orgs import repository as orgs_repo
from parley.store import Database, Tx

log = logging.getLogger("parley.exports")

BATCH_SIZE = 500
Kind = Literal["conversations", "messages"]
Report = Callable[[int, int], None]
Batches = AsyncGenerator[Sequence[msgspec.Struct], None]


@asynccontextmanager
async def snapshot(db: Database) -> AsyncIterator[Tx]:
    """A read scope of its own that sees one snapshot of the store until it ends."""
    async with db.transaction(readonly=True, snapshot=True) as tx:
        yield tx


async def conversation_batches(
    tx: Tx, org_id: str, f: ConversationFilter
) -> AsyncGenerator[list[wire.ConversationExport], None]:
    """The matching conversations in the walk's order (``repo.walk_key``), a batch at a
    time; each batch is read as a long read (``Tx.offload``)."""
    after: tuple[int, int] | None = None

    async def batch() -> tuple[list[repo.ConversationExportRow], list[wire.ConversationExport]]:
        page = await repo.conversations_page(tx, org_id, f, after=after, limit=BATCH_SIZE)
        if not page:
            return page, []
        shown = [r.id for r in page if r.anonymized_at is None]
        details = await repo.details(tx, org_id, shown)
        return page, [rows.conversation(r, details) for r in page]

    while True:
        page, exported = await tx.offload(batch)
        if not page:
            return
        yield exported
        if len(page) < BATCH_SIZE:
            return
        after = repo.walk_key(f, page[-1])


async def message_batches(
    tx: Tx, org_id: str, created: Bounds, attachment_base: str
) -> AsyncGenerator[list[wire.MessageExport], None]:
    """The messages created in the window, oldest first (by id within a millisecond), a
    batch at a time."""
    after: tuple[str | int, ...] | None = None

    async def batch() -> list[repo.MessageExportRow]:
        return await repo.messages_page(tx, org_id, created, after=after, limit=BATCH_SIZE)

    while True:
        page = await tx.offload(batch)
        if not page:
            return
        yield [rows.message(r, attachment_base) for r in page]
        if len(page) < BATCH_SIZE:
            return
        after = (page[-1].created_at, page[-1].id)


async def json_array(batches: Batches) -> AsyncGenerator[bytes, None]:
    """``[row,row,…]``: one chunk per batch."""
    encoder = msgspec.json.Encoder()
    first = True
    async for batch in batches:
        if not batch:
            continue
        body = encoder.encode(batch)  # b"[...]": its items continue the array
        yield (b"[" if first else b",") + body[1:-1]
        first = False
    yield b"[]" if first else b"]"


# ---- HTTP: GET /v1/conversation_export and /v1/message_export ---------------------------


def conversation_export(
    db: Database, org_id: str, params: Mapping[str, str | None], csids: str | None
) -> AsyncGenerator[bytes, None]:
    """Check the query (400 before anything is sent), then the JSON array's chunks."""
    f = filters.conversation_filter(dict(params), csids)
    return _stream(db, lambda tx: conversation_batches(tx, org_id, f))


def message_export(
    db: Database,
    org_id: str,
    created_after: str | None,
    created_before: str | None,
    attachment_base: str,
) -> AsyncGenerator[bytes, None]:
    """Check the window (400 before anything is sent), then the JSON array's chunks."""
    created = filters.message_bounds(created_after, created_before)
    return _stream(db, lambda tx: message_batches(tx, org_id, created, attachment_base))


# Exports streaming at once per store and process; more wait for a turn. A stream holds a
# connection (a reader slot on SQLite, a pool connection on PostgreSQL) for as long as the
# client reads, so without a bound slow exports could starve every other request.
CONCURRENT_STREAMS = 2
_turns: weakref.WeakKeyDictionary[Database, asyncio.Semaphore] = weakref.WeakKeyDictionary()


async def _stream(db: Database, walk: Callable[[Tx], Batches]) -> AsyncGenerator[bytes, None]:
    """The walk's chunks. However the stream ends (done, failed, cancelled, or closed
    because its client went away), the turn is given back and the snapshot ended: its
    end is shielded from the cancellation of a client gone away."""
    turn = _turns.setdefault(db, asyncio.Semaphore(CONCURRENT_STREAMS))
    await turn.acquire()
    try:
        scope = snapshot(db)
        tx = await scope.__aenter__()
        try:
            async with aclosing(json_array(walk(tx))) as chunks:
                async for chunk in chunks:
                    yield chunk
        except Exception:
            # the status line is sent: the client sees the body end early, not a 500
            log.exception("export stream failed")
            raise
        finally:
            with anyio.CancelScope(shield=True):
                await scope.__aexit__(*sys.exc_info())
    finally:
        turn.release()


async def close(chunks: AsyncGenerator[bytes, None]) -> None:
    """Close a stream whose client went away (a no-op when it ended)."""
    with contextlib.suppress(RuntimeError):  # already closing after a cancellation
        await chunks.aclose()


# ---- CLI: parley export ----------------------------------------------------------------


async def export_lines(
    db: Database,
    kind: Kind,
    org_id: str,
    window: Bounds,
    out: IO[bytes],
    *,
    by: str = "created",
    attachment_base: str = "",
    report: Report | None = None,
) -> int:
    """Write every conversation (by its ``by`` time) or message (by creation) of the
    organisation in ``window`` to ``out`` as JSON Lines; any span, in batches from one
    snapshot. ``report(done, total)`` follows the progress. Returns the rows written."""
    encoder = msgspec.json.Encoder()
    async with snapshot(db) as tx:
        if await orgs_repo.get_org(tx, org_id) is None:
            raise Invalid(f"no organisation with id {org_id!r}")
        batches: Batches
        if kind == "conversations":
            f = filters.conversations_by(by, window)
            total = await repo.count_conversations(tx, org_id, f)
            batches = conversation_batches(tx, org_id, f)
        else:
            total = await repo.count_messages(tx, org_id, window)
            batches = message_batches(tx, org_id, window, attachment_base)
        done = 0
        if report:
            report(done, total)
        async with aclosing(batches):
            async for batch in batches:
                out.write(encoder.encode_lines(batch))
                done += len(batch)
                if report:
                    report(done, max(done, total))
    return done
