"""Generation end to end: organisation, supporting data, conversation batches, search index,
analytics tallies.

``generate(db, options)`` is the async entry (the CLI and the tests call it). Batches are
made in worker processes when ``options.workers > 0`` and written in order by this
process, one transaction per batch; the data depends only on the seed, never on the
number of workers.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from gen import columns
from gen.batch import Batch, init_worker, make_batch, make_batch_in_worker
from gen.manifest import build_manifest
from gen.scales import DEFAULT_ANCHOR_MS, SCALES
from gen.sink import Sink
from gen.world import WORLD_COLUMNS, World, build_world
from parley.analytics import tally
from parley.orgs import service as orgs
from parley.search import engine_sqlite
from parley.search import index as search_index
from parley.store import Database

SAMPLED_MESSAGES = 40_000  # messages whose words are counted to choose search terms
PG_VACUUM_TABLES = (
    "users",
    "conversations",
    "messages",
    "activity",
    "notes",
    "conversation_tags",
    "conversation_attributes",
    "ratings",
)


@dataclass(frozen=True)
class Options:
    scale: str = "tiny"
    seed: int = 1
    org_name: str | None = None
    anchor_ms: int = DEFAULT_ANCHOR_MS
    workers: int = 0
    search: bool = True
    direct: bool = True  # write through the driver connection (COPY on PostgreSQL)


class Reporter:
    """Progress callbacks (the CLI draws rich progress bars; tests use this silent one)."""

    def start(self, key: str, description: str, total: int | None) -> None:
        return None

    def advance(self, key: str, amount: int) -> None:
        return None

    def update(self, key: str, completed: int, total: int | None) -> None:
        return None

    def finish(self, key: str) -> None:
        return None


@dataclass
class Totals:
    world_rows: int = 0
    rows: int = 0  # rows of the conversation batches
    conversations: int = 0
    messages: int = 0
    activity: int = 0
    notes: int = 0
    ratings: int = 0
    conversation_tags: int = 0
    conversation_attributes: int = 0
    doc_freq: Counter[str] = field(default_factory=Counter)
    sampled_messages: int = 0
    phrase_counts: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[int]] = field(default_factory=dict)
    snippets: list[list[str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, batch: Batch) -> None:
        self.rows += batch.row_count()
        self.conversations += len(batch.rows["conversations"])
        self.messages += len(batch.rows["messages"])
        self.activity += len(batch.activity)
        self.notes += len(batch.notes)
        self.ratings += len(batch.rows["ratings"])
        self.conversation_tags += len(batch.rows["conversation_tags"])
        self.conversation_attributes += len(batch.rows["conversation_attributes"])
        self.doc_freq.update(batch.doc_freq)
        self.sampled_messages += batch.sampled_messages
        self.phrase_counts.update(batch.phrase_counts)
        self.snippets.extend(batch.snippets[: max(0, 40 - len(self.snippets))])
        for key, ids in batch.samples.items():
            got = self.samples.setdefault(key, [])
            got.extend(ids[: max(0, 20 - len(got))])


async def _write_world(db: Database, world: World) -> int:
    async with db.transaction() as tx:
        sink = Sink(tx)
        for table, cols in WORLD_COLUMNS.items():
            await sink.insert(table, cols, world.rows.get(table, []))
        return sink.rows


async def _write_batch(db: Database, org_id: str, batch: Batch, direct: bool) -> None:
    async with db.transaction() as tx:
        sink = Sink(tx, direct=direct)
        seqs = await sink.reserve("activity_seq", len(batch.activity))
        note_seqs = await sink.reserve("note_seq", len(batch.notes))
        for table, cols in columns.BATCH_TABLES.items():
            await sink.insert(table, cols, batch.rows[table])
        activity = [(org_id, s, *a) for s, a in zip(seqs, batch.activity, strict=True)]
        await sink.insert("activity", columns.ACTIVITY, activity)
        notes = [(org_id, *n, s) for s, n in zip(note_seqs, batch.notes, strict=True)]
        await sink.insert("notes", columns.NOTES, notes)


def _plan(total: int, size: int) -> list[tuple[int, int, int]]:
    """(batch index, first conversation index, count)."""
    return [(i, start, min(size, total - start)) for i, start in enumerate(range(0, total, size))]


async def _conversations(
    db: Database,
    world: World,
    options: Options,
    ids: list[int],
    totals: Totals,
    report: Reporter,
) -> None:
    scale = SCALES[options.scale]
    total = scale.conversations
    expected_messages = total * 5
    sample_every = max(1, expected_messages // SAMPLED_MESSAGES)
    plan = _plan(total, scale.batch)
    report.start("conversations", "Conversations", total)
    timings = totals.timings

    async def made(future: Future[Batch]) -> Batch:
        t = time.perf_counter()
        batch = await asyncio.wrap_future(future)
        timings["wait_s"] = timings.get("wait_s", 0.0) + time.perf_counter() - t
        return batch

    async def write(batch: Batch) -> None:
        t = time.perf_counter()
        await _write_batch(db, world.org_id, batch, options.direct)
        timings["write_s"] = timings.get("write_s", 0.0) + time.perf_counter() - t
        totals.add(batch)
        report.advance("conversations", len(batch.rows["conversations"]))

    if options.workers <= 0:
        for index, start, count in plan:
            batch = make_batch(
                world, options.seed, index, start, ids[start : start + count], total, sample_every
            )
            await write(batch)
            await asyncio.sleep(0)
    else:
        light = replace(world, rows={})
        with ProcessPoolExecutor(
            max_workers=options.workers, initializer=init_worker, initargs=(light,)
        ) as pool:
            pending: deque[Future[Batch]] = deque()
            ahead = options.workers + 1
            for index, start, count in plan:
                pending.append(
                    pool.submit(
                        make_batch_in_worker,
                        options.seed,
                        index,
                        start,
                        ids[start : start + count],
                        total,
                        sample_every,
                    )
                )
                if len(pending) >= ahead:
                    await write(await made(pending.popleft()))
            while pending:
                await write(await made(pending.popleft()))
    report.finish("conversations")


async def _search_index(db: Database, org_id: str, report: Reporter) -> None:
    report.start("search", "Search index", None)

    def progress(done: int, total: int) -> None:
        report.update("search", done, total)

    await search_index.rebuild(db, org_id, progress)
    report.finish("search")


async def _tallies(db: Database, org_id: str, report: Reporter) -> None:
    """The analytics tallies computed from the written rows (``tally.rebuild``, what the
    migration's backfill does): a store in service has them, and every write keeps them in
    step; without them a write's refresh would build its conversation's facts afresh."""
    report.start("tallies", "Analytics tallies", None)
    async with db.transaction() as tx:
        await tally.rebuild(tx, org_id)
    report.finish("tallies")


async def _tidy(db: Database, indexed: bool) -> None:
    """Leave the store ready to measure: the search index merged (SQLite FTS5), and on
    PostgreSQL fresh statistics and visibility maps, with the GIN pending list flushed
    (else autovacuum would do it in the middle of a benchmark); a truncated WAL on SQLite."""
    if indexed and db.dialect == "sqlite":
        async with db.transaction() as tx:
            await engine_sqlite.optimize(tx)
    if db.dialect == "postgresql":
        async with db.transaction(readonly=True) as tx:
            present = await tx.fetch_val("SELECT to_regclass('search_docs') IS NOT NULL")
            for table in PG_VACUUM_TABLES + (("search_docs",) if present else ()):
                await tx.execute(f"VACUUM (ANALYZE) {table}")
    else:
        async with db.transaction(readonly=True) as tx:
            await tx.fetch_all("PRAGMA wal_checkpoint(TRUNCATE)")


async def generate(
    db: Database, options: Options, report: Reporter | None = None
) -> dict[str, Any]:
    """Create an organisation and fill it; returns the manifest (a JSON-able dict)."""
    report = report or Reporter()
    cache_size = None
    if db.dialect == "sqlite":
        async with db.transaction() as tx:  # a bigger page cache for the bulk load
            cache_size = await tx.fetch_val("PRAGMA cache_size")
            await tx.execute("PRAGMA cache_size = -262144")
    try:
        return await _generate(db, options, report)
    finally:
        if cache_size is not None:
            async with db.transaction() as tx:
                await tx.execute(f"PRAGMA cache_size = {int(cache_size)}")


async def _generate(db: Database, options: Options, report: Reporter) -> dict[str, Any]:
    scale = SCALES[options.scale]
    totals = Totals()
    began = time.perf_counter()
    name = options.org_name or f"Bench {scale.name} seed {options.seed}"
    async with db.transaction() as tx:
        created = await orgs.create_org(tx, name)
    world = build_world(
        scale,
        options.seed,
        created.id,
        created.admin_user_id,
        created.default_queue_id,
        options.anchor_ms,
    )
    totals.world_rows = await _write_world(db, world)
    async with db.transaction() as tx:
        ids = await Sink(tx).reserve("conversation_id", scale.conversations)
    totals.timings["setup_s"] = time.perf_counter() - began

    t = time.perf_counter()
    await _conversations(db, world, options, ids, totals, report)
    totals.timings["conversations_s"] = time.perf_counter() - t

    t = time.perf_counter()
    indexed = options.search
    if indexed:
        await _search_index(db, created.id, report)
    totals.timings["search_index_s"] = time.perf_counter() - t

    t = time.perf_counter()
    await _tallies(db, created.id, report)
    totals.timings["tallies_s"] = time.perf_counter() - t

    t = time.perf_counter()
    await _tidy(db, indexed)
    totals.timings["tidy_s"] = time.perf_counter() - t
    totals.timings["total_s"] = time.perf_counter() - began
    return build_manifest(
        options=options, created=created, world=world, ids=ids, totals=totals, indexed=indexed
    )
