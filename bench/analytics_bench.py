"""Analytics latency at the large scale, on SQLite: every metric's aggregate query for a
30-day window, with and without a filter.

Fills a fresh SQLite store (built by the migrations) with one organisation of 200,000
conversations spread over a year, five messages each (1,000,000 messages, every second one
outbound) and CSAT ratings on 30% of the closed ones, then times each metric's query (the
repository call the API makes) 20 times. Prints a Markdown table (p50 and p95, ms).

    .venv/bin/python bench/analytics_bench.py [--conversations 200000] [--db /tmp/a.db]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import time
import uuid
from pathlib import Path

from parley.analytics import repository as repo
from parley.store import open_database
from parley.store.migrate import upgrade

DAY = 86_400_000
START = 1_735_689_600_000  # 2025-01-01T00:00Z
ROUNDS = 20


def fill(path: Path, conversations: int) -> str:
    upgrade(f"sqlite:///{path}")
    con = sqlite3.connect(path)
    org = str(uuid.uuid4())
    con.execute("INSERT INTO orgs (id, name, created_at) VALUES (?, 'bench', 0)", (org,))
    rnd = random.Random(1)
    convs, msgs, ratings = [], [], []
    for cid in range(1, conversations + 1):
        created = START + rnd.randrange(365 * DAY)
        closed = created + rnd.randrange(3 * DAY) if rnd.random() < 0.8 else None
        channel = rnd.choice(["Email", "WidgetChat", "Sms"])
        state = "Closed" if closed else "Open"
        convs.append((org, cid, channel, state, created, closed))
        for k in range(5):
            direction = "Outbound" if k % 2 else "Inbound"
            msgs.append((org, str(uuid.uuid4()), cid, k + 1, direction, created + k * 60_000))
        if closed and rnd.random() < 0.3:
            ratings.append((org, str(uuid.uuid4()), cid, rnd.randint(1, 5), closed))
    con.executemany(
        "INSERT INTO conversations (org_id, id, type, channel, direction, state, requester_id, "
        "created_at, updated_at, closed_at) VALUES (?, ?, 'EmailConversation', ?, 'Inbound', ?, "
        "'u', ?, 0, ?)",
        convs,
    )
    con.executemany(
        "INSERT INTO messages (org_id, id, conversation_id, seq, direction, content_type, "
        "created_at) VALUES (?, ?, ?, ?, ?, 'Text', ?)",
        msgs,
    )
    con.executemany(
        "INSERT INTO ratings (org_id, id, conversation_id, user_id, rating_type, status, score, "
        "submitted_at, created_at) VALUES (?, ?, ?, 'u', 'Csat', 'Rated', ?, ?, 0)",
        [(o, i, c, s, at) for o, i, c, s, at in ratings],
    )
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    con.close()
    return org


async def measure(path: Path, org: str) -> list[str]:
    db = open_database(f"sqlite:///{path}")
    await db.connect()
    window = START + 200 * DAY
    lines = ["| record (metric) | filter | records | p50 ms | p95 ms |", "|---|---|---:|---:|---:|"]
    try:
        for record in repo.SOURCES:
            for label, filters in (("none", {}), ("channel", {"channel": ["Email"]})):
                query = repo.Query(start=window, end=window + 30 * DAY, filters=filters)
                times = []
                for _ in range(ROUNDS):
                    async with db.transaction(readonly=True) as tx:
                        began = time.perf_counter()
                        found = await repo.aggregate(tx, org, record, query)
                        times.append((time.perf_counter() - began) * 1000)
                times.sort()
                p50, p95 = times[ROUNDS // 2], times[int(ROUNDS * 0.95) - 1]
                lines.append(f"| {record} | {label} | {found.count} | {p50:.1f} | {p95:.1f} |")
    finally:
        await db.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/parley-analytics-bench.db"))
    args = parser.parse_args()
    args.db.unlink(missing_ok=True)
    org = fill(args.db, args.conversations)
    print("\n".join(asyncio.run(measure(args.db, org))))
    args.db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
