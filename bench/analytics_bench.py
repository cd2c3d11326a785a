"""Analytics and knowledge-base search latency at the large scale, on SQLite and
PostgreSQL, through the HTTP path (numbers for bench/RESULTS.md).

    .venv/bin/python bench/analytics_bench.py [--store sqlite] [--store postgres]
        [--conversations 200000] [--articles 10000] [--rounds 40] [--seed 1]

For each store: a fresh database built by the migrations (SQLite under /tmp, or a new
PostgreSQL database on 127.0.0.1, dropped afterwards) and one organisation made by the
orgs service, with 20 agents, 5 queues and 10 tags made over the API. Then, written
directly (bulk, deterministic): 200,000 conversations spread over 2025 (three channels,
80% assigned, 80% closed within three days), five messages each (1,000,000, every second
one outbound), CSAT ratings on 30% of the closed ones, one or two tags on 30% of them;
the analytics tallies are then computed with ``tally.rebuild`` (what migration 0017's
backfill does; its time is reported), and 10,000 published English articles are indexed
with ``knowledge.search.index`` (what publishing an article calls); finally ``ANALYZE``
(SQLite) or ``VACUUM ANALYZE`` (PostgreSQL: what autovacuum does after a bulk load).

Measured in-process through the ASGI app (auth, transaction, SQL and JSON included, no
network), after one warm-up pass:
- ``POST /v1/analytics/metrics`` for every metric with every aggregation, for a 30-day
  ``Interval`` at a random minute of the year (windows off the hour, so the ragged edges
  are read from the facts), with no filter, a channel, an agent, a tag, and a queue plus a
  channel; ``--rounds`` requests each;
- with ``--indexes``: the metrics first without migration 0021's indexes (dropped), then
  with them (created again), in one run;
- with ``--covering`` (PostgreSQL): the metrics first with the ``full`` grain's two
  indexes as migration 0021 made them, then as 0023 makes them (covering), each pass
  after ``VACUUM ANALYZE``, in one run;
- side by side, the same 30-day windows as the scan of the conversations the tallies
  replace (the records' own query, aggregated), no filter, at the repository: the ratio;
- ``GET /v1/knowledge/articles/search`` for a common, a mid-frequency and a rare word and
  a two-word query; then, at the service, side by side in one transaction per query, the
  first page as the search made it before its candidate set was bounded (every match
  ranked: ``UNBOUNDED``) and as ``knowledge.search.search`` makes it now;
- with ``--writes N``: the write path without the tallies (the journal's marking of
  touched conversations switched off), with them marking every change, and as they run
  (changes in ``tally.UNCHANGED`` mark nothing), interleaved: an import of an answered,
  assigned, closed conversation, and a note.
``--seed`` seeds the generated conversations and articles (other values than the default
give another data set of the same shape). Prints Markdown tables (p50 and p95, ms).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
from litestar.testing import TestClient

from parley.analytics import repository as repo
from parley.analytics import tally
from parley.app import create_app
from parley.config import Settings
from parley.journal import service as journal_service
from parley.kit.clock import to_iso
from parley.knowledge import search as kb_search
from parley.orgs import service as orgs
from parley.search import query_text as qt
from parley.store import Database, open_database
from parley.store.migrate import upgrade
from parley.store.schema_analytics import DIMENSION_INDEXES, covered

DAY = 86_400_000
START = 1_735_689_600_000  # 2025-01-01T00:00Z
PG = "postgresql://postgres@127.0.0.1:5432"
CHANNELS = ("Email", "WidgetChat", "Sms")
METRICS = (
    "created_conversations",
    "closed_conversations",
    "csat",
    "first_response_time",
    "resolution_time",
)
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "da", "fe")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(f"{PG}/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def new_database(store: str) -> tuple[str, Any]:
    """A fresh database's URL and what removes it."""
    if store == "sqlite":
        path = Path(tempfile.gettempdir()) / f"parley-analytics-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [
            Path(f"{path}{s}").unlink(missing_ok=True) for s in ("", "-wal", "-shm")
        ]
    name = f"parley_analytics_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(f"CREATE DATABASE {name}"))
    return f"{PG}/{name}", lambda: asyncio.run(_pg_admin(f"DROP DATABASE {name}"))


async def _create_org(url: str) -> orgs.CreatedOrg:
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction() as tx:
            return await orgs.create_org(tx, "analytics bench")
    finally:
        await db.close()


def _made(client: TestClient[Any], token: str, path: str, body: dict[str, Any]) -> str:
    r = client.post(path, json=body, headers={"Authorization": token})
    assert r.status_code in (200, 201), r.text
    return str(r.json()["data"]["id"])


def setup(client: TestClient[Any], token: str) -> dict[str, list[str]]:
    """Agents, queues and tags, over the API."""
    return {
        "agents": [
            _made(client, token, "/v1/agents",
                  {"displayName": f"Agent {i}", "email": f"a{i}@bench.example"})
            for i in range(20)
        ],
        "queues": [_made(client, token, "/v1/queues", {"name": f"Queue {i}"}) for i in range(5)],
        "tags": [_made(client, token, "/v1/tags", {"name": f"tag{i}"}) for i in range(10)],
    }  # fmt: skip


def rows(
    rnd: random.Random, org: str, ids: range, made: dict[str, list[str]]
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"conv": [], "msg": [], "rating": [], "tag": []}
    for cid in ids:
        created = START + rnd.randrange(365 * DAY)
        closed = created + rnd.randrange(3 * DAY) if rnd.random() < 0.8 else None
        agent = rnd.choice(made["agents"]) if rnd.random() < 0.8 else None
        out["conv"].append(
            {"org": org, "id": cid, "channel": rnd.choice(CHANNELS),
             "state": "Closed" if closed else "Open", "created": created, "closed": closed,
             "agent": agent, "queue": rnd.choice(made["queues"])}
        )  # fmt: skip
        for k in range(5):
            out["msg"].append(
                {"org": org, "id": str(uuid.uuid4()), "cid": cid, "seq": k + 1,
                 "dir": "Outbound" if k % 2 else "Inbound", "at": created + k * 60_000 * (k + 1)}
            )  # fmt: skip
        if closed and rnd.random() < 0.3:
            out["rating"].append(
                {"org": org, "id": str(uuid.uuid4()), "cid": cid, "score": rnd.randint(1, 5),
                 "at": closed, "agent": agent}
            )  # fmt: skip
        if rnd.random() < 0.3:
            for tag in rnd.sample(made["tags"], rnd.randint(1, 2)):
                out["tag"].append({"org": org, "cid": cid, "tag": tag, "at": created})
    return out


INSERTS = {
    "conv": "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
    "requester_id, created_at, updated_at, closed_at, assigned_agent_id, queue_id) VALUES "
    "(:org, :id, 'EmailConversation', :channel, 'Inbound', :state, 'u', :created, :created, "
    ":closed, :agent, :queue)",
    "msg": "INSERT INTO messages (org_id, id, conversation_id, seq, direction, content_type, "
    "created_at) VALUES (:org, :id, :cid, :seq, :dir, 'Text', :at)",
    "rating": "INSERT INTO ratings (org_id, id, conversation_id, user_id, agent_id, "
    "rating_type, status, score, submitted_at, created_at) VALUES (:org, :id, :cid, 'u', "
    ":agent, 'Csat', 'Rated', :score, :at, :at)",
    "tag": "INSERT INTO conversation_tags (org_id, conversation_id, tag_id, created_at) "
    "VALUES (:org, :cid, :tag, :at)",
}


def _words(rnd: random.Random, vocabulary: list[str], n: int) -> str:
    # Zipf-like: word i with weight 1 / (i + 1)
    return " ".join(rnd.choices(vocabulary, weights=WEIGHTS[: len(vocabulary)], k=n))


WEIGHTS = [1 / (i + 1) for i in range(3000)]


def vocabulary() -> list[str]:
    rnd = random.Random(2)
    words: dict[str, None] = {}
    while len(words) < 3000:
        words["".join(rnd.choices(SYLLABLES, k=rnd.randint(2, 4)))] = None
    return list(words)


async def fill(
    url: str, org: str, made: dict[str, list[str]], n: int, articles: int, seed: int = 1
) -> Any:
    db = open_database(url)
    await db.connect()
    timings: dict[str, float] = {}
    try:
        began = time.perf_counter()
        rnd, counts = random.Random(seed), dict.fromkeys(INSERTS, 0)
        for first in range(1, n + 1, 10_000):
            data = rows(rnd, org, range(first, min(n + 1, first + 10_000)), made)
            async with db.transaction() as tx:
                for table, items in data.items():
                    await tx.execute_many(INSERTS[table], items)
                    counts[table] += len(items)
        timings["load_s"] = time.perf_counter() - began
        timings["counts"] = counts
        async with db.transaction() as tx:  # new conversations get ids after the loaded ones
            if db.dialect == "sqlite":
                await tx.execute("DELETE FROM id_sequences WHERE name = 'conversation_id'")
                await tx.execute(
                    "INSERT INTO id_sequences (name, value) VALUES ('conversation_id', :n)",
                    {"n": n},
                )
            else:
                await tx.fetch_val("SELECT setval('conversation_id', :n)", {"n": n})
        began = time.perf_counter()
        async with db.transaction() as tx:
            await tally.rebuild(tx, org)
        timings["tally_rebuild_s"] = time.perf_counter() - began
        await _articles(db, org, articles, seed)
        await _vacuum(db, "")
    finally:
        await db.close()
    return timings


async def _articles(db: Database, org: str, n: int, seed: int) -> None:
    rnd = random.Random(seed + 2)
    vocab = vocabulary()
    async with db.transaction() as tx:
        for _ in range(n):
            await kb_search.index(
                tx, org, str(uuid.uuid4()), "en", _words(rnd, vocab, 5), _words(rnd, vocab, 120)
            )


def metric_bodies(rounds: int, made: dict[str, list[str]]) -> list[tuple[str, str, Any]]:
    rnd = random.Random(4)
    filters = {
        "none": [],
        "channel": [{"attribute": "channel", "values": ["EMAIL"]}],
        "agent": [{"attribute": "agent_id", "values": [made["agents"][0]]}],
        "tag": [{"attribute": "tag_id", "values": [made["tags"][0]]}],
        "queue+channel": [
            {"attribute": "queue_id", "values": [made["queues"][0]]},
            {"attribute": "channel", "values": ["SMS"]},
        ],
    }
    out = []
    for metric in METRICS:
        for label, f in filters.items():
            for _ in range(rounds):
                start = START + rnd.randrange(330 * DAY // 60_000) * 60_000
                period = {
                    "_type": "Interval",
                    "start": to_iso(start),
                    "end": to_iso(start + 30 * DAY),
                }
                body = {"id": metric, "timezone": "Europe/Copenhagen", "periodFilter": period,
                        "filters": f}  # fmt: skip
                out.append((metric, label, body))
    return out


async def _vacuum(db: Database, table: str) -> None:
    """``ANALYZE`` (SQLite), ``VACUUM ANALYZE`` (PostgreSQL: what autovacuum does after a
    bulk load; without it the visibility map is empty and no read is index-only, and the
    article index's GIN pending list is scanned by every search). A read-only scope on
    PostgreSQL is a bare connection, outside a transaction block, as VACUUM needs."""
    if db.dialect == "sqlite":
        async with db.transaction() as tx:
            await tx.execute(f"ANALYZE {table}".strip())
        return
    async with db.transaction(readonly=True) as tx:
        await tx.execute(f"VACUUM ANALYZE {table}".strip())


def _index_sql(name: str, grain: str, dimension: str, covering: bool) -> str:
    include = covered(grain, dimension) if covering else []
    tail = f" INCLUDE ({', '.join(include)})" if include else ""
    return (
        f"CREATE INDEX ix_analytics_hours_{name} ON analytics_hours "
        f"(org_id, kind, tag_id, {dimension}, hour){tail} WHERE grain = '{grain}'"
    )


async def full_indexes(url: str, covering: bool) -> None:
    """PostgreSQL: the ``full`` grain's two indexes as migration 0021 made them (key
    columns only) or as 0023 makes them (covering), then ``VACUUM ANALYZE``."""
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction() as tx:
            for name, grain, dimension in DIMENSION_INDEXES:
                if grain == "full":
                    await tx.execute(f"DROP INDEX ix_analytics_hours_{name}")
                    await tx.execute(_index_sql(name, grain, dimension, covering))
        await _vacuum(db, "analytics_hours")
    finally:
        await db.close()


async def dimension_indexes(url: str, present: bool) -> None:
    """Drop (or create again) migration 0021's indexes, then ``ANALYZE`` the hour rows."""
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction() as tx:
            for name, grain, dimension in DIMENSION_INDEXES:
                await tx.execute(
                    _index_sql(name, grain, dimension, db.dialect != "sqlite")
                    if present
                    else f"DROP INDEX ix_analytics_hours_{name}"
                )
            await tx.execute("ANALYZE analytics_hours")
    finally:
        await db.close()


def measure_metrics(
    client: TestClient[Any], token: str, bodies: list[tuple[str, str, Any]]
) -> list[str]:
    headers = {"Authorization": token}
    times: dict[tuple[str, str], list[float]] = {}
    for warm in (True, False):
        for metric, label, body in bodies:
            began = time.perf_counter()
            r = client.post("/v1/analytics/metrics", json=body, headers=headers)
            elapsed = (time.perf_counter() - began) * 1000
            assert r.status_code == 200, r.text
            if not warm:
                times.setdefault((metric, label), []).append(elapsed)
    lines = ["| metric | filter | p50 ms | p95 ms |", "|---|---|---:|---:|"]
    for (metric, label), ms in times.items():
        lines.append(f"| {metric} | {label} | {pct(ms, 0.5):.1f} | {pct(ms, 0.95):.1f} |")
    return lines


async def _scan(tx: Any, org: str, record: str, start: int, end: int) -> None:
    source = repo.SOURCES[record]
    params: dict[str, Any] = {"org": org, "start": start, "end": end}
    await tx.fetch_one(
        f"SELECT COUNT(v), SUM(v), MIN(v), MAX(v) FROM (SELECT CAST({source.value} AS "
        f"DOUBLE PRECISION) AS v FROM {source.from_} WHERE c.org_id = :org{source.where} "
        f"AND {source.time} >= :start AND {source.time} < :end) t",
        params,
    )


async def side_by_side(url: str, org: str, rounds: int) -> list[str]:
    """Tallies against the scan they replace, same windows, alternating, no filter."""
    db = open_database(url)
    await db.connect()
    rnd = random.Random(5)
    lines = ["| record | scan p50 ms | tallies p50 ms | ratio |", "|---|---:|---:|---:|"]
    try:
        for record in repo.SOURCES:
            if record == "conversation_assignments":  # read from the facts themselves
                continue
            scan, tallied = [], []
            for _ in range(rounds):
                start = START + rnd.randrange(330 * DAY // 60_000) * 60_000
                query = repo.Query(start=start, end=start + 30 * DAY, filters={})
                async with db.transaction(readonly=True) as tx:
                    began = time.perf_counter()
                    await _scan(tx, org, record, start, start + 30 * DAY)
                    scan.append((time.perf_counter() - began) * 1000)
                    began = time.perf_counter()
                    await repo.aggregate(tx, org, record, query)
                    tallied.append((time.perf_counter() - began) * 1000)
            a, b = pct(scan, 0.5), pct(tallied, 0.5)
            lines.append(f"| {record} | {a:.1f} | {b:.1f} | {a / b:.1f}x |")
    finally:
        await db.close()
    return lines


def measure_search(client: TestClient[Any], token: str, rounds: int) -> list[str]:
    kinds = search_queries(random.Random(6))
    lines = ["| query | hits (last) | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    headers = {"Authorization": token}
    for label, make in kinds.items():
        ms, hits = [], 0
        for i in range(rounds * 2):
            began = time.perf_counter()
            r = client.get("/v1/knowledge/articles/search", params={"query": make()},
                           headers=headers)  # fmt: skip
            elapsed = (time.perf_counter() - began) * 1000
            assert r.status_code == 200, r.text
            hits = len(r.json()["data"])
            if i >= rounds:  # the first half warms up
                ms.append(elapsed)
        lines.append(f"| {label} | {hits} | {pct(ms, 0.5):.1f} | {pct(ms, 0.95):.1f} |")
    return lines


# The search as it was before the candidate set was bounded: every match ranked, the
# snippet in the ranked statement (SQLite) or after it (PostgreSQL), the best 20 kept.
UNBOUNDED = {
    "sqlite": "SELECT article_id, language, title, snippet(search_kb, 1, '', '', '…', 24) "
    "FROM search_kb WHERE search_kb MATCH :m AND org_id = :org "
    "ORDER BY rank, article_id LIMIT 20",
    "postgresql": "SELECT article_id, language, title, ts_headline('{config}', text, {q}, "
    '\'MaxWords=24, MinWords=8, StartSel="", StopSel=""\') FROM search_kb '
    "WHERE org_id = :org AND tsv @@ {q} ORDER BY ts_rank(tsv, {q}) DESC, article_id LIMIT 20",
}


async def _unbounded(tx: Any, org: str, text: str) -> int:
    parsed = qt.parse(text, False)
    if tx.dialect == "sqlite":
        params: dict[str, Any] = {"org": org, "m": qt.fts_match(parsed)}
        sql = UNBOUNDED["sqlite"]
    else:
        expr, params = qt.pg_query(parsed)
        params["org"] = org
        sql = UNBOUNDED["postgresql"].format(config=qt.CONFIG, q=expr)
    return len(await tx.fetch_all(sql, params))


def search_queries(rnd: random.Random) -> dict[str, Any]:
    vocab = vocabulary()
    return {
        "common word": lambda: rnd.choice(vocab[:10]),
        "mid word": lambda: rnd.choice(vocab[150:300]),
        "rare word": lambda: rnd.choice(vocab[2000:3000]),
        "two words": lambda: f"{rnd.choice(vocab[:50])} {rnd.choice(vocab[50:400])}",
    }


async def search_side_by_side(url: str, org: str, rounds: int) -> list[str]:
    """The first page of 20 hits, the unbounded ranking against the bounded one
    (``knowledge.search.search``), same query, alternating, at the service."""
    db = open_database(url)
    await db.connect()
    lines = [
        "| query | unbounded p50 ms | p95 ms | bounded p50 ms | p95 ms | ratio p50 | ratio p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    try:
        for label, make in search_queries(random.Random(7)).items():
            old: list[float] = []
            new: list[float] = []
            for i in range(rounds * 2):
                text = make()
                async with db.transaction(readonly=True) as tx:
                    began = time.perf_counter()
                    n_old = await _unbounded(tx, org, text)
                    middle = time.perf_counter()
                    hits = await kb_search.search(tx, org, text, None, 20)
                    ended = time.perf_counter()
                assert n_old == min(20, len(hits)), (text, n_old, len(hits))
                if i >= rounds:  # the first half warms up
                    old.append((middle - began) * 1000)
                    new.append((ended - middle) * 1000)
            a50, a95, b50, b95 = pct(old, 0.5), pct(old, 0.95), pct(new, 0.5), pct(new, 0.95)
            lines.append(
                f"| {label} | {a50:.1f} | {a95:.1f} | {b50:.1f} | {b95:.1f} "
                f"| {a50 / b50:.1f}x | {a95 / b95:.1f}x |"
            )
    finally:
        await db.close()
    return lines


def _import_body(user: str, agent: str, i: int) -> dict[str, Any]:
    at = to_iso(START + i * 60_000)
    return {
        "_type": "GenericConversationImport",
        "genericChannelName": "email",
        "externalId": f"bench-{uuid.uuid4()}",
        "requesterId": user,
        "direction": "Inbound",
        "createdAt": at,
        "messages": [
            {"_type": "InboundImport", "content": {"_type": "Text", "value": "hi"},
             "createdAt": at},
            {"_type": "OutboundImport", "agentId": agent,
             "content": {"_type": "Text", "value": "hello"}, "createdAt": at},
        ],
        "assignment": {"agentId": agent, "assignedAt": at},
        "closing": {"closedAt": at, "closedBy": agent},
    }  # fmt: skip


def measure_writes(
    client: TestClient[Any], token: str, made: dict[str, list[str]], n: int
) -> list[str]:
    """The write path without the tallies, with them marking every change, and with them
    as they run (changes that cannot alter a fact mark nothing), interleaved: an import of
    a closed, assigned, answered conversation (created, first-response, closed, resolution
    and assignment facts), and a note (no fact changes)."""
    headers = {"Authorization": token}
    user = _made(client, token, "/v1/endusers", {"displayName": "Bench", "email": "b@x.example"})
    agent = made["agents"][0]
    real = journal_service.touched
    modes: dict[str, Any] = {
        "off": lambda *_a, **_k: None,
        "every": lambda tx, org_id, ids, _change=None: real(tx, org_id, ids),
        "on": real,
    }
    times: dict[tuple[str, str], list[float]] = {}
    cid = 0
    for i in range(3 * n):
        mode = tuple(modes)[i % 3]
        journal_service.touched = modes[mode]  # type: ignore[assignment]
        try:
            began = time.perf_counter()
            r = client.post("/v1/conversations/import", json=_import_body(user, agent, i),
                            headers=headers)  # fmt: skip
            times.setdefault(("import", mode), []).append((time.perf_counter() - began) * 1000)
            assert r.status_code == 201, r.text
            cid = cid or r.json()["data"]["id"]
            began = time.perf_counter()
            r = client.post(f"/v1/conversations/{cid}/notes", json={"message": "n"},
                            headers=headers)  # fmt: skip
            times.setdefault(("note", mode), []).append((time.perf_counter() - began) * 1000)
            assert r.status_code in (200, 201), r.text
        finally:
            journal_service.touched = real
    lines = [
        "| write | without tallies p50 ms | marking every change p50 ms | ratio "
        "| as they run p50 ms | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in ("import", "note"):
        off, every, on = (pct(times[(kind, m)], 0.5) for m in modes)
        lines.append(
            f"| {kind} | {off:.1f} | {every:.1f} | {every / off:.2f} | {on:.1f} | {on / off:.2f} |"
        )
    return lines


def bench_store(store: str, args: argparse.Namespace) -> list[str]:
    url, drop = new_database(store)
    try:
        upgrade(url)
        org = asyncio.run(_create_org(url))
        with tempfile.TemporaryDirectory() as data_dir:
            settings = Settings.from_env({}, database_url=url, data_dir=Path(data_dir),
                                         embedded_worker=False, auto_migrate=False)  # fmt: skip
            with TestClient(create_app(settings)) as client:
                made = setup(client, org.api_token)
            info = asyncio.run(
                fill(url, org.id, made, args.conversations, args.articles, args.seed)
            )
            out = [f"### {store}", "", f"data: {info['counts']}, load {info['load_s']:.0f} s, "
                   f"tally rebuild {info['tally_rebuild_s']:.1f} s, load average "
                   f"{os.getloadavg()[0]:.1f}", ""]  # fmt: skip
            with TestClient(create_app(settings)) as client:
                if args.rounds and args.indexes:
                    bodies = metric_bodies(args.rounds, made)
                    asyncio.run(dimension_indexes(url, present=False))
                    out += ["without migration 0021's indexes:", ""]
                    out += [*measure_metrics(client, org.api_token, bodies), ""]
                    asyncio.run(dimension_indexes(url, present=True))
                    out += ["with them:", ""]
                    out += measure_metrics(client, org.api_token, bodies)
                elif args.rounds and args.covering and store == "postgres":
                    bodies = metric_bodies(args.rounds, made)
                    asyncio.run(full_indexes(url, covering=False))
                    out += ["the full grain's indexes as migration 0021 made them:", ""]
                    out += [*measure_metrics(client, org.api_token, bodies), ""]
                    asyncio.run(full_indexes(url, covering=True))
                    out += ["covering (migration 0023):", ""]
                    out += measure_metrics(client, org.api_token, bodies)
                    out += ["", *measure_search(client, org.api_token, args.rounds), ""]
                elif args.rounds:
                    bodies = metric_bodies(args.rounds, made)
                    out += measure_metrics(client, org.api_token, bodies)
                    out += ["", *measure_search(client, org.api_token, args.rounds), ""]
                if args.writes:
                    out += [*measure_writes(client, org.api_token, made, args.writes), ""]
            if args.rounds and not args.indexes:
                out += asyncio.run(side_by_side(url, org.id, args.rounds // 2 or 1))
            if args.rounds and args.articles:
                out += ["", *asyncio.run(search_side_by_side(url, org.id, args.rounds)), ""]
        return [*out, ""]
    finally:
        drop()


def main() -> None:
    logging.getLogger("parley").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", action="append", choices=("sqlite", "postgres"))
    parser.add_argument("--conversations", type=int, default=200_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1, help="of the generated data")
    parser.add_argument("--writes", type=int, default=0, help="imports and notes each way")
    parser.add_argument(
        "--indexes", action="store_true", help="metrics without, then with, migration 0021's"
    )
    parser.add_argument(
        "--covering",
        action="store_true",
        help="PostgreSQL: metrics with the full grain's indexes as 0021 made them, then 0023's",
    )
    args = parser.parse_args()
    for store in args.store or ["sqlite", "postgres"]:
        print("\n".join(bench_store(store, args)), flush=True)


if __name__ == "__main__":
    main()
