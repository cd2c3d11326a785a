"""Concurrent conversation creates in one queue on PostgreSQL: the inbox counts in one row
per cell (migration 0020's triggers) against the counts spread over shard rows (0022),
side by side on one database.

    PYTHONPATH=src .venv/bin/python bench/count_shards_bench.py [--mails 400]
        [--concurrency 8] [--rounds 3] [--size 2000]

One fresh PostgreSQL database (dropped at the end) with one organisation and one email
endpoint (``mail_bench.setup``). Every mail opens a new conversation, all of them in the
organisation's default queue, unassigned: the same cell of ``conversation_counts``. Each
round runs, for each variant in turn, the store migrated to that variant (``downgrade
0020``: one row per cell; ``upgrade head``: shard rows; the counts move with it), then
``--mails`` mails handed to ``parley.mail.inbound.receive`` with ``--concurrency`` in
flight (``mail_bench.run``). Reported: each variant's median mails per second over the
rounds, and the ratio sharded / one row.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from alembic import command

from parley.config import Settings
from parley.store.migrate import alembic_config, upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mail_bench

VARIANTS = {"one row": "0020", "shards": "head"}


def new_conversations(count: int, size: int) -> list[bytes]:
    """``count`` mails each opening a conversation (the even ones of ``mail_bench.mails``)."""
    return mail_bench.mails(2 * count, size)[::2]


async def phase(url: str, settings: Settings, raws: list[bytes], concurrency: int) -> float:
    db = mail_bench.open_database(url)
    await db.connect()
    try:
        return await mail_bench.run(db, settings, raws, concurrency)
    finally:
        await db.close()


async def prepare(url: str, settings: Settings, size: int) -> None:
    db = await mail_bench.setup(url, settings)
    try:
        await mail_bench.run(db, settings, new_conversations(40, size), 1)  # warm-up
    finally:
        await db.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mails", type=int, default=400)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--size", type=int, default=2000)
    args = p.parse_args()
    rates: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp:
        url = mail_bench.database("postgres", Path(tmp))
        settings = replace(Settings.from_env({}), database_url=url, data_dir=Path(tmp))
        try:
            upgrade(url)
            asyncio.run(prepare(url, settings, args.size))
            for r in range(args.rounds):
                for name, revision in VARIANTS.items():
                    if revision == "head":
                        upgrade(url)
                    else:
                        command.downgrade(alembic_config(url), revision)
                    raws = new_conversations(args.mails, args.size)
                    rate = asyncio.run(phase(url, settings, raws, args.concurrency))
                    rates[name].append(rate)
                    print(f"round {r + 1} {name}: {rate:,.0f} mails/s", flush=True)
        finally:
            mail_bench.drop(url)
    medians = {name: statistics.median(v) for name, v in rates.items()}
    print(f"\n{args.mails} new conversations per phase, {args.concurrency} in flight, "
          f"{args.rounds} rounds")  # fmt: skip
    print("| counts | median mails/s |\n|---|---:|")
    for name, m in medians.items():
        print(f"| {name} | {m:,.0f} |")
    print(f"ratio shards / one row: {medians['shards'] / medians['one row']:.2f}")


if __name__ == "__main__":
    main()
