"""Inbound mail benchmark: mails stored raw, parsed, threaded and committed per second.

    PYTHONPATH=src .venv/bin/python bench/mail_bench.py [--store sqlite] [--store postgres]
        [--mails 1000] [--size 5000] [--html] [--concurrency 8] [--clients 0] [--cpu]
        [--sends 300] [--append]

For each store: a fresh database (migrated; a PostgreSQL one is dropped at the end), one
organisation with one email endpoint, then ``--mails`` mails of about ``--size`` bytes
handed to ``parley.mail.inbound.receive`` (what the SMTP listener does after DATA; no
socket): half open a conversation (a new customer every tenth mail), half answer an
earlier mail by In-Reply-To (``--html``: each mail a text and an HTML alternative of
the same lines, as most mail programs send them). After a warm-up (50 mails one at a
time, 50 in flight) and ``ANALYZE``, measured sequentially and with ``--concurrency`` mails in
flight (the listener serves connections concurrently). With ``--clients N``, the same
count once more through the SMTP listener itself (on this process's loop, loopback), from
a sending process of its own (the MX) with N SMTP sessions side by side, each handing over
its share on one connection. Then sending: ``--sends`` agent replies (one per conversation
the mails opened, written through the messages service, not timed) are sent by the
worker's send jobs through a local relay (aiosmtpd on loopback, accepting everything):
jobs claimed, mails composed, handed to the relay over SMTP and their deliveries recorded,
per second. ``--cpu`` prints, per phase, the CPU a mail costs this process and (on
PostgreSQL) the backends serving it. ``--append`` adds the table to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import smtplib
import socket
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import asyncpg
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session

from parley.config import Settings
from parley.endpoints import service as endpoints
from parley.endpoints.schemas import CreateEmailEndpoint
from parley.kit.clock import now_ms
from parley.mail import inbound, listener
from parley.mail.context import mail_ctx
from parley.messages import schemas as ms
from parley.messages import service as messages
from parley.orgs import service as orgs
from parley.store import Database, open_database
from parley.store.migrate import upgrade
from parley.worker.runner import Worker

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


def mails(count: int, size: int, html: bool = False) -> list[bytes]:
    """``count`` mails of about ``size`` bytes (``html``: text and HTML alternatives of the
    same lines, as most mail programs send, half the size each)."""
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
        if not html:
            msg.set_content("\n".join([line] * (size // (len(line) + 1))))
        else:
            lines = [line] * (size // (2 * len(line) + 8))
            msg.set_content("\n".join(lines))
            body = "".join(f"<p>{x}</p>" for x in lines)
            msg.add_alternative(f"<html><body>{body}</body></html>", subtype="html")
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


async def analyze(db: Database) -> None:
    """Planner statistics for the tables the warm-up filled, as autovacuum would gather
    them on a server where it runs (without any, PostgreSQL guesses the rows an index
    range holds, and may filter an organisation's every row instead)."""
    async with db.transaction() as tx:
        await tx.execute("ANALYZE")


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


def _ticks(pid: int) -> int:
    """CPU time (user + system, clock ticks) of a process of this machine; 0 once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


async def _backends(db: Database) -> list[int]:
    if db.dialect != "postgresql":
        return []  # SQLite works in this process
    async with db.transaction(readonly=True) as tx:
        rows = await tx.fetch_all(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
    return [int(r[0]) for r in rows]


async def cpu_split(db: Database, phase: Awaitable[float], count: int, label: str) -> float:
    """``phase``'s result, printing the CPU it cost per mail: this process's, and (on
    PostgreSQL) the backends' serving this database (read from /proc: PostgreSQL on this
    machine; the server's shared processes, WAL writer included, are left out)."""
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    before = {pid: _ticks(pid) for pid in await _backends(db)}
    cpu, wall = time.process_time(), time.perf_counter()
    result = await phase
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = {pid: _ticks(pid) for pid in await _backends(db)}
    server = sum(after[p] - before.get(p, 0) for p in after) * tick_ms
    backends = f", PostgreSQL backends {server / count:.2f} ms CPU" if after else ""
    print(
        f"{label}: per mail {wall * 1000 / count:.2f} ms wall, this process "
        f"{cpu * 1000 / count:.2f} ms CPU{backends}",
        flush=True,
    )
    return result


class Relay:
    """The local relay: accepts every mail and counts them."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.received += 1
        return "250 OK"


async def replies(db: Database, settings: Settings, count: int) -> None:
    """One agent reply on each of ``count`` conversations opened by mail (sent jobs)."""
    async with db.transaction() as tx:
        rows = await tx.fetch_all(
            "SELECT org_id, conversation_id FROM mail_inbound WHERE status = 'created' "
            "ORDER BY received_at, id LIMIT :n",
            {"n": count},
        )
    for org_id, cid in rows:
        async with db.transaction() as tx:
            ctx = await mail_ctx(tx, org_id, settings, now_ms())
            assert ctx.user_id is not None
            body = ms.OutboundMessage(ctx.user_id, ms.TextContent("Thanks, we are on it. " * 20))
            await messages.add(ctx, int(cid), body)


async def send(db: Database, settings: Settings, count: int) -> float:
    """Sends per second: the worker runs the send jobs of ``count`` replies to the relay."""
    await replies(db, settings, count)
    handler = Relay()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        worker = Worker(db, replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"), batch=8)
        started = time.perf_counter()
        while await worker.run_once():
            pass
        elapsed = time.perf_counter() - started
    finally:
        controller.stop()
    if handler.received != count:
        raise RuntimeError(f"the relay received {handler.received} of {count} mails")
    return count / elapsed


def smtp_clients(address: str, clients: int, count: int, size: int) -> None:
    """The sending MX (run in a process of its own, ``--client``): ``clients`` SMTP
    sessions side by side, each handing over its share of ``count`` mails on one
    connection; fails unless every mail was accepted. Prints the seconds the sessions
    took."""
    host, port = address.rsplit(":", 1)
    raws = mails(count, size)

    def session(share: list[bytes]) -> None:
        with smtplib.SMTP(host, int(port), timeout=60) as client:
            for raw in share:
                client.sendmail("c@customers.example", [ENDPOINT], raw)

    started = time.perf_counter()  # the mails made (and this process started) first
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(session, [raws[i::clients] for i in range(clients)]))
    print(time.perf_counter() - started)


async def over_smtp(db: Database, settings: Settings, count: int, clients: int, size: int) -> float:
    """Mails per second received by the SMTP listener (on this process's loop) from
    ``clients`` sessions of a sending process."""
    server = await listener.start(db, settings, "127.0.0.1:0")
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--client",
            listener.bound_address(server),
            "--clients",
            str(clients),
            "--mails",
            str(count),
            "--size",
            str(size),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError("the SMTP clients failed")
        return count / float(out.decode().split()[-1])
    finally:
        await listener.stop(server)


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


def drop(url: str) -> None:
    """Drop the benchmark's PostgreSQL database (made by ``database``)."""
    name = url.rsplit("/", 1)[1]

    async def run() -> None:
        conn = await asyncpg.connect(**PG_ADMIN)  # type: ignore[arg-type]
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await conn.close()

    asyncio.run(run())


def measure(store: str, args: argparse.Namespace) -> tuple[float, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database(store, Path(tmp))
        upgrade(url)
        settings = replace(Settings.from_env({}), database_url=url, data_dir=Path(tmp))

        async def both() -> tuple[float, float, float, float]:
            db = await setup(url, settings)
            try:
                # warm-up: one at a time, then in flight (every pooled connection made)
                await run(db, settings, mails(50, args.size, args.html), 1)
                await run(db, settings, mails(50, args.size, args.html), args.concurrency)
                await analyze(db)
                n = args.mails

                async def timed(phase: Awaitable[float], label: str) -> float:
                    split = args.cpu
                    return await (cpu_split(db, phase, n, label) if split else phase)

                one = await timed(
                    run(db, settings, mails(n, args.size, args.html), 1), "one at a time"
                )
                many = await timed(
                    run(db, settings, mails(n, args.size, args.html), args.concurrency),
                    "in flight",
                )
                smtp = 0.0
                if args.clients:
                    smtp = await timed(
                        over_smtp(db, settings, n, args.clients, args.size), "SMTP sessions"
                    )
                sent = await send(db, settings, args.sends) if args.sends else 0.0
                return one, many, smtp, sent
            finally:
                await db.close()

        try:
            return asyncio.run(both())
        finally:
            if store == "postgres":
                drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--sends", type=int, default=300)
    parser.add_argument("--clients", type=int, default=0)
    parser.add_argument("--cpu", action="store_true", help="print the CPU per mail")
    parser.add_argument("--html", action="store_true", help="text and HTML alternatives")
    parser.add_argument("--client", help=argparse.SUPPRESS)  # the sending process
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    if args.client:
        smtp_clients(args.client, args.clients, args.mails, args.size)
        return
    rows = []
    for store in args.store or ["sqlite", "postgres"]:
        one, many, smtp, sent = measure(store, args)
        rows.append(f"| {store} | {one:,.0f} | {many:,.0f} | {smtp:,.0f} | {sent:,.0f} |")
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"\n## Inbound mail (bench/mail_bench.py, {time.strftime('%Y-%m-%d')})\n",
            f"{args.mails} mails of ~{args.size // 1000} KB each (half new conversations, half "
            "replies by In-Reply-To), stored raw, parsed, threaded and committed through "
            f"`parley.mail.inbound.receive`; {platform.machine()}, {platform.python_version()}, "
            "on a machine shared with other work.\n",
            f"| store | mails/s, one at a time | mails/s, {args.concurrency} in flight "
            f"| mails/s, {args.clients} SMTP sessions | sends/s through the relay |",
            "|---|---:|---:|---:|---:|",
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
