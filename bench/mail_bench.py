"""Inbound mail benchmark: mails stored raw, parsed, threaded and committed per second.

    PYTHONPATH=src .venv/bin/python bench/mail_bench.py [--store sqlite] [--store postgres]
        [--mails 1000] [--size 5000] [--concurrency 8] [--append]

For each store: a fresh database (migrated), one organisation with one email endpoint,
then ``--mails`` mails of about ``--size`` bytes handed to ``parley.mail.inbound.receive``
(what the SMTP listener does after DATA; no socket): half open a conversation (a new
customer every tenth mail), half answer an earlier mail by In-Reply-To. Measured
sequentially and with ``--concurrency`` mails in flight (the listener serves connections
concurrently). ``--append`` adds the table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import tempfile
import time
import uuid
from dataclasses import replace
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import asyncpg

from parley.config import Settings
from parley.endpoints import service as endpoints
from parley.endpoints.schemas import CreateEmailEndpoint
from parley.kit.clock import now_ms
from parley.mail import inbound
from parley.mail.context import mail_ctx
from parley.orgs import service as orgs
from parley.store import Database, open_database
from parley.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = dict(host="127.0.0.1", port=5432, user="postgres", database="postgres")
ENDPOINT = "support@bench.example"
WORDS = [
    "parcel",
    "order",
    "refund",
    "invoice",
    "delivery",
    "account",
    "password",
    "shipping",
    "address",
]


def mails(count: int, size: int) -> list[bytes]:
    out: list[bytes] = []
    ids: list[str] = []
    for i in range(count):
        msg = EmailMessage()
        msg["From"] = f"Customer {i // 10} <c{i // 10}@customers.example>"
        msg["To"] = ENDPOINT
        msg["Subject"] = f"About my {WORDS[i % len(WORDS)]} {i}"
        msg["Message-ID"] = f"<{uuid.uuid4().hex}@customers.example>"
        ids.append(msg["Message-ID"])
        if i % 2 and i > 1:
            msg["In-Reply-To"] = ids[i - 2]
        line = " ".join(WORDS[(i + j) % len(WORDS)] for j in range(12))
        msg.set_content("\n".join([line] * (size // (len(line) + 1))))
        out.append(msg.as_bytes(policy=SMTP))
    return out


async def setup(url: str, settings: Settings) -> Database:
    db = open_database(url)
    await db.connect()
    async with db.transaction() as tx:
        org = await orgs.create_org(tx, "Mail bench")
        ctx = await mail_ctx(tx, org.id, settings, now_ms())
        await endpoints.create(ctx, CreateEmailEndpoint(address=ENDPOINT))
    return db


async def run(db: Database, settings: Settings, raws: list[bytes], concurrency: int) -> float:
    started = time.perf_counter()
    pending: set[asyncio.Task[list[str]]] = set()
    for raw in raws:
        if len(pending) >= concurrency:
            _done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        pending.add(asyncio.create_task(inbound.receive(db, settings, "c@x", [ENDPOINT], raw)))
    if pending:
        await asyncio.wait(pending)
    return len(raws) / (time.perf_counter() - started)


def database(store: str, tmp: Path) -> str:
    if store == "sqlite":
        return f"sqlite:///{tmp / 'mail.db'}"
    name = f"parley_mail_bench_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        conn = await asyncpg.connect(**PG_ADMIN)  # type: ignore[arg-type]
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(create())
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def measure(store: str, args: argparse.Namespace) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database(store, Path(tmp))
        upgrade(url)
        settings = replace(Settings.from_env({}), database_url=url, data_dir=Path(tmp))

        async def both() -> tuple[float, float]:
            db = await setup(url, settings)
            try:
                await run(db, settings, mails(50, args.size), 1)  # warm-up
                one = await run(db, settings, mails(args.mails, args.size), 1)
                many = await run(db, settings, mails(args.mails, args.size), args.concurrency)
                return one, many
            finally:
                await db.close()

        return asyncio.run(both())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    rows = []
    for store in args.store or ["sqlite", "postgres"]:
        one, many = measure(store, args)
        rows.append(f"| {store} | {one:,.0f} | {many:,.0f} |")
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"\n## Inbound mail (bench/mail_bench.py, {time.strftime('%Y-%m-%d')})\n",
            f"{args.mails} mails of ~{args.size // 1000} KB each (half new conversations, half "
            "replies by In-Reply-To), stored raw, parsed, threaded and committed through "
            f"`parley.mail.inbound.receive`; {platform.machine()}, {platform.python_version()}, "
            "on a machine shared with other work.\n",
            f"| store | mails/s, one at a time | mails/s, {args.concurrency} in flight |",
            "|---|---:|---:|",
            *rows,
            "",
        ]
    )
    print(table)
    if args.append:
        with (ROOT / "bench" / "RESULTS.md").open("a") as f:
            f.write(table)


if __name__ == "__main__":
    main()
