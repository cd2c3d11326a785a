"""Event-to-screen latency of the agent desk with many desks open on one server process.

    .venv/bin/python bench/desk_live_bench.py [--scale large] [--store sqlite|postgres]
                                              [--desks 200] [--events 30] [--gap 1.0]
                                              [--append bench/RESULTS.md]

Starts a real ``parley serve`` process (one worker) on a copy of the harness's cached
store of the scale, signs ``--desks`` desks in through the sign-in form (each its own
session, as ``--desks`` browsers would), and opens each one's live stream
(``GET /events``, server-sent events) on a connection of its own. Then, ``--events``
times, ``--gap`` seconds apart, it adds a note to a random conversation through the API
(``POST /v1/conversations/{id}/notes`` with the organisation's token) and measures, for
every desk, the time from the API's answer arriving to the stream's line for that
conversation arriving (a line that arrives before the answer counts as 0). The clients
run in one process of their own (asyncio, one connection per desk), on the same machine.

Reports the median, p95 and maximum over every (event, desk) pair, and how many pairs
never arrived within ``--timeout`` seconds. Prints Markdown; ``--append`` also appends it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from desk_bench import PASSWORD, STORES, _passwords, _pick  # noqa: E402
from harness import data  # noqa: E402
from harness.pg import find_admin  # noqa: E402
from harness.phases import parley_server  # noqa: E402
from harness.procs import free_port  # noqa: E402

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TARGET_S = 1.0


async def _sign_in(base: str, email: str) -> str:
    """A new desk session (its cookie), through the sign-in form."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = await client.get("/sign-in")
        token = CSRF.search(page.text)
        assert token, "no sign-in form"
        r = await client.post(
            "/sign-in", data={"csrf": token.group(1), "email": email, "password": PASSWORD}
        )
        assert r.status_code == 303, r.text
        return str(client.cookies["parley_session"])


class Desk:
    """One open desk: its live stream, and when each conversation's line arrived."""

    def __init__(self, base: str, cookie: str) -> None:
        self.client = httpx.AsyncClient(
            base_url=base, cookies={"parley_session": cookie}, timeout=None
        )
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()

    async def listen(self) -> None:
        async with self.client.stream("GET", "/events") as r:
            assert r.status_code == 200, r.status_code
            async for line in r.aiter_lines():
                if line.startswith(":"):
                    self.connected.set()
                elif line.startswith("data:") and line[5:].strip():
                    cid = int(json.loads(line[5:])["conversationId"])
                    self.arrived.setdefault(cid, time.perf_counter())


async def _run(base: str, picked: dict[str, Any], token: str, args: Any) -> dict[str, Any]:
    cookies = []
    for i in range(0, args.desks, 10):  # ten sign-ins at a time (argon2 is slow by design)
        batch = min(10, args.desks - i)
        cookies += await asyncio.gather(*(_sign_in(base, picked["agent"]) for _ in range(batch)))
    desks = [Desk(base, c) for c in cookies]
    tasks = [asyncio.create_task(d.listen()) for d in desks]
    await asyncio.wait_for(asyncio.gather(*(d.connected.wait() for d in desks)), 120)
    await asyncio.sleep(1.0)
    rnd = random.Random(11)
    low, high = picked["ids"]
    answered: dict[int, float] = {}
    headers = {"Authorization": token}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as api:
        for i in range(args.events):
            cid = rnd.randint(low, high)
            while cid in answered:
                cid = rnd.randint(low, high)
            r = await api.post(f"/v1/conversations/{cid}/notes", json={"message": f"live {i}"})
            answered[cid] = time.perf_counter()
            assert r.status_code in (200, 201), r.text
            await asyncio.sleep(args.gap)
    deadline = time.perf_counter() + args.timeout
    while time.perf_counter() < deadline and any(
        cid not in d.arrived for d in desks for cid in answered
    ):
        await asyncio.sleep(0.1)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for d in desks:
        await d.client.aclose()
    late = [
        max(0.0, d.arrived[cid] - at) for d in desks for cid, at in answered.items()
        if cid in d.arrived
    ]  # fmt: skip
    missing = len(desks) * len(answered) - len(late)
    ordered = sorted(late)
    return {
        "pairs": len(desks) * len(answered),
        "missing": missing,
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


def report(picked: dict[str, Any], result: dict[str, Any], args: Any) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return "\n".join(
        [
            "",
            f"## The agent desk live: {args.desks} desks on one server process "
            f"({args.scale} scale, {STORES[args.store]})",
            "",
            f"`bench/desk_live_bench.py --scale {args.scale} --seed {args.seed} --store "
            f"{args.store} --desks {args.desks} --events {args.events} --gap {args.gap}"
            f"{' --database-url … --token …' if args.database_url else ''}`: one `parley serve` "
            "process "
            f"(one worker) on {picked['conversations']:,} conversations; {args.desks} desks signed "
            f"in (a session each) with their live streams open; {args.events} notes added "
            f"through the API {args.gap} s apart; latency from the API's answer to the stream's "
            f"line at each desk, over {result['pairs']:,} (event, desk) pairs; clients in one "
            f"process on the same machine; load average at the end {load} (2 shared cores, "
            "other work running: absolute numbers are noisy).",
            "",
            "| measure | value | target | ratio to target |",
            "|---|---:|---:|---:|",
            f"| event-to-screen, p50 | {result['p50'] * 1000:.0f} ms | | |",
            f"| event-to-screen, p95 | {result['p95'] * 1000:.0f} ms | {TARGET_S * 1000:.0f} ms | "
            f"{result['p95'] / TARGET_S:.2f} |",
            f"| event-to-screen, max | {result['max'] * 1000:.0f} ms | | |",
            f"| lines never arrived (within {args.timeout:.0f} s) | {result['missing']} | 0 | |",
            "",
        ]
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", default="large", choices=("tiny", "small", "large"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--store", default="sqlite", choices=tuple(STORES))
    p.add_argument("--desks", type=int, default=200)
    p.add_argument("--events", type=int, default=30)
    p.add_argument("--gap", type=float, default=1.0)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--append", type=Path, default=None, help="append the report to this file")
    p.add_argument(
        "--database-url", default=None, help="serve this store (migrated) instead of a copy"
    )
    p.add_argument("--token", default=None, help="its API token (with --database-url)")
    args = p.parse_args()
    where = data.run_dir()
    admin = find_admin() if args.store == "postgres" and not args.database_url else None
    if args.database_url:
        assert args.token, "--database-url needs --token"
        url, token = args.database_url, args.token
    elif admin is not None:
        data.drop_stale_pg_runs(admin)
        cached = data.cached_postgres(args.scale, args.seed, admin)
        store = data.postgres_run_copy(cached, data.pg_run_name(), admin)
        url, token = store.url, store.token
    else:
        assert args.store == "sqlite", "no PostgreSQL server answers"
        store = data.sqlite_run_copy(data.cached_sqlite(args.scale, args.seed), where)
        url, token = store.url, store.token
    try:
        picked = asyncio.run(_pick(url))
        asyncio.run(_passwords(url, picked["org"], [picked["agent"]]))
        with parley_server(url, 1, free_port(), where, "desk-live") as server:
            result = asyncio.run(_run(server.base_url, picked, token, args))
    finally:
        if admin is not None:
            asyncio.run(admin.drop(data.pg_run_name()))
    text = report(picked, result, args)
    print(text)
    if args.append is not None:
        with args.append.open("a") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
