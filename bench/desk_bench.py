"""The agent desk's latency and page size (numbers for bench/RESULTS.md, "The agent desk").

    .venv/bin/python bench/desk_bench.py [--scale large] [--store sqlite|postgres]
                                         [--requests 100] [--repeats 3]
                                         [--append bench/RESULTS.md]

Takes the generated store of the scale from the harness's cache (``harness/data.py``:
generated once by ``bench/generate.py``, then reused; an SQLite file or a PostgreSQL
template database) and works on a copy (dropped at the end on PostgreSQL). An
administrator of the generated organisation signs in to the desk, then, through the real
application in-process (ASGI, no network: the session, the transaction, the SQL, the
template and the security headers are all counted), it times:

- the inbox list: the first page of each view (unassigned, mine, all open, pending,
  closed), filtered views (a channel, a queue, a tag: the tag of median use, so a
  filter that keeps few rows of a view) and a second page (following "Older
  conversations");
- the conversation page of random conversations;
- the inbox counts alone (the view counts and the unassigned count per queue, the
  repository calls each inbox page makes: sums over the maintained ``conversation_counts``
  cells), and side by side with them, interleaved, the same counts counted per request
  with ``COUNT(*)`` over ``conversations`` (what the inbox did before migration 0016);
- the first inbox page's size in bytes (the desk serves it uncompressed).

Each scenario runs ``--requests`` times after a warm-up pass, ``--repeats`` times,
interleaved; the report gives the median over the repeats of each p50 and p95, and the
ratio to the target where there is one. Beside each page's wall time it gives the
process's CPU time per request (``time.process_time``: the application, its template and
the driver, in this process; a PostgreSQL backend's CPU is not in it), which a loaded
machine does not inflate the way it inflates wall time. Prints Markdown; ``--append``
also appends it to a results file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import data  # noqa: E402
from harness.pg import find_admin  # noqa: E402

from parley.app import create_app  # noqa: E402
from parley.config import Settings  # noqa: E402
from parley.desk import inbox_repository  # noqa: E402
from parley.desk.auth import set_password  # noqa: E402
from parley.store import open_database  # noqa: E402

PASSWORD = "bench password, long enough"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
NEXT = re.compile(r'class="next" href="([^"]+)"')
SIZE_TARGET = 150 * 1024
COUNTS_TARGET_MS = 20.0
STORES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


async def _pick(url: str) -> dict[str, Any]:
    """The organisation, its administrator, a busy agent, a channel and conversation ids."""
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction(readonly=True) as tx:
            r = await tx.fetch_one("SELECT id, admin_user_id FROM orgs ORDER BY id LIMIT 1")
            assert r is not None, "no organisation in the store"
            org, admin = r[0], r[1]
            p = {"org": org}
            email = await tx.fetch_val("SELECT email FROM users WHERE id = :u", {"u": admin})
            busy = await tx.fetch_val(
                "SELECT assigned_agent_id FROM conversations WHERE org_id = :org "
                "AND state <> 'Closed' AND assigned_agent_id IS NOT NULL "
                "GROUP BY assigned_agent_id ORDER BY COUNT(*) DESC LIMIT 1", p)  # fmt: skip
            busy_email = await tx.fetch_val("SELECT email FROM users WHERE id = :u", {"u": busy})
            ids = await tx.fetch_one(
                "SELECT MIN(id), MAX(id), COUNT(*) FROM conversations WHERE org_id = :org", p
            )
            assert ids is not None
            messages = await tx.fetch_val("SELECT COUNT(*) FROM messages WHERE org_id = :org", p)
            by_use = await tx.fetch_all(
                "SELECT tag_id FROM conversation_tags WHERE org_id = :org "
                "GROUP BY tag_id ORDER BY COUNT(*), tag_id", p)  # fmt: skip
            queue = await tx.fetch_val(
                "SELECT id FROM queues WHERE org_id = :org ORDER BY created_at, id LIMIT 1", p
            )
    finally:
        await db.close()
    return {"org": org, "admin": email, "agent": busy_email, "agent_id": busy,
            "ids": (int(ids[0]), int(ids[1])), "conversations": int(ids[2]),
            "messages": int(messages), "queue": queue,
            "tag": by_use[len(by_use) // 2][0] if by_use else None}  # fmt: skip


async def _passwords(url: str, org: str, emails: list[str]) -> None:
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction() as tx:
            for email in emails:
                await set_password(tx, org, email, PASSWORD, 1)
    finally:
        await db.close()


def _sign_in(client: TestClient[Any], email: str) -> None:
    token = CSRF.search(client.get("/sign-in").text)
    assert token, "no sign-in form"
    r = client.post("/sign-in", data={"csrf": token.group(1), "email": email, "password": PASSWORD},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text


def _timed(client: TestClient[Any], url: str) -> tuple[float, float]:
    """(wall ms, this process's CPU ms) of one request."""
    cpu = time.process_time()
    started = time.perf_counter()
    r = client.get(url, follow_redirects=False)
    took = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu) * 1000
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return took, cpu


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# The inbox counts as they were counted per request before migration 0016 (a range of
# the covering indexes of 0014 per view, and a GROUP BY for the unassigned per queue).
_VIEWS = inbox_repository.VIEWS
COUNTED = "SELECT " + ", ".join(
    f"(SELECT COUNT(*) FROM conversations c WHERE c.org_id = :org AND {cond})"
    for cond in _VIEWS.values()
)
COUNTED_BY_QUEUE = (
    "SELECT c.queue_id, COALESCE(q.name, ''), COUNT(*) FROM conversations c "
    "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
    f"WHERE c.org_id = :org AND {_VIEWS['unassigned']} "
    "GROUP BY c.queue_id, q.name ORDER BY COALESCE(q.name, '')"
)


async def _tallies(tx: Any, org: str, me: str) -> dict[str, int]:
    """The inbox's counts as the code measured reads them: one statement
    (``inbox_repository.tallies``) or, in the code before it, the view counts and the
    unassigned per queue apart (so that a run on the earlier code compares side by side)."""
    if hasattr(inbox_repository, "tallies"):
        return dict((await inbox_repository.tallies(tx, org, me)).views)
    shown: dict[str, int] = await inbox_repository.counts(tx, org, me)
    await inbox_repository.unassigned_by_queue(tx, org)
    return shown


async def _counts_ms(url: str, org: str, me: str, n: int) -> tuple[list[float], list[float]]:
    """Maintained and counted per request, interleaved: (maintained ms, counted ms)."""
    db = open_database(url)
    await db.connect()
    kept: list[float] = []
    counted: list[float] = []
    try:
        for _ in range(n + 3):
            started = time.perf_counter()
            async with db.transaction(readonly=True) as tx:
                shown = await _tallies(tx, org, me)
            kept.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            async with db.transaction(readonly=True) as tx:
                row = await tx.fetch_one(COUNTED, {"org": org, "me": me})
                await tx.fetch_all(COUNTED_BY_QUEUE, {"org": org})
            counted.append((time.perf_counter() - started) * 1000)
            assert row is not None and list(shown.values()) == [int(v) for v in row]
    finally:
        await db.close()
    return kept[3:], counted[3:]


def measure(url: str, picked: dict[str, Any], n: int, repeats: int, where: Path) -> dict[str, Any]:
    settings = Settings.from_env({}, database_url=url, embedded_worker=False, auto_migrate=False,
                                 data_dir=where)  # fmt: skip
    rnd = random.Random(7)
    low, high = picked["ids"]
    with TestClient(create_app(settings)) as client:
        _sign_in(client, picked["agent"])
        me = client.get("/").text
        second = NEXT.search(client.get("/?view=open").text)
        scenarios: dict[str, Callable[[], str]] = {
            "inbox: unassigned": lambda: "/?view=unassigned",
            "inbox: mine": lambda: "/?view=mine",
            "inbox: all open": lambda: "/?view=open",
            "inbox: pending": lambda: "/?view=pending",
            "inbox: closed": lambda: "/?view=closed",
            "inbox: open, channel Sms": lambda: "/?view=open&channel=Sms",
            "inbox: pending, channel Sms": lambda: "/?view=pending&channel=Sms",
            "conversation page": lambda: f"/conversations/{rnd.randint(low, high)}",
        }
        if picked["queue"]:
            scenarios["inbox: open, a queue"] = lambda: f"/?view=open&queue={picked['queue']}"
            scenarios["inbox: unassigned, a queue"] = lambda: (
                f"/?view=unassigned&queue={picked['queue']}"
            )
        if picked["tag"]:
            scenarios["inbox: open, a tag"] = lambda: f"/?view=open&tag={picked['tag']}"
            scenarios["inbox: pending, a tag"] = lambda: f"/?view=pending&tag={picked['tag']}"
        if second is not None:  # small data may have one page only
            page_two = second.group(1).replace("&amp;", "&")
            scenarios["inbox: all open, page 2"] = lambda: page_two
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in scenarios}
        for url_of in scenarios.values():  # warm-up
            for _ in range(2):
                _timed(client, url_of())
        for repeat in range(repeats):
            for name, url_of in scenarios.items():
                both = [_timed(client, url_of()) for _ in range(n)]
                took, cpu = [b[0] for b in both], [b[1] for b in both]
                runs[name].append({"p50": _pct(took, 0.5), "p95": _pct(took, 0.95),
                                   "cpu50": _pct(cpu, 0.5), "cpu95": _pct(cpu, 0.95)})  # fmt: skip
                print(f"  {repeat + 1}/{repeats} {name}: p95 {runs[name][-1]['p95']:.1f} ms",
                      file=sys.stderr, flush=True)  # fmt: skip
        size = len(client.get("/").content)
        me_id = re.search(r'data-count="mine">(\d+)<', me)
    both = [asyncio.run(_counts_ms(url, picked["org"], picked["agent_id"], n))
            for _ in range(repeats)]  # fmt: skip
    counts, counted = [b[0] for b in both], [b[1] for b in both]
    return {
        "scenarios": {
            name: {k: statistics.median(r[k] for r in rs) for k in ("p50", "p95", "cpu50", "cpu95")}
            for name, rs in runs.items()
        },
        "counts": {
            "p50": statistics.median(_pct(c, 0.5) for c in counts),
            "p95": statistics.median(_pct(c, 0.95) for c in counts),
        },
        "counted": {
            "p50": statistics.median(_pct(c, 0.5) for c in counted),
            "p95": statistics.median(_pct(c, 0.95) for c in counted),
        },
        "first_page_bytes": size,
        "mine": int(me_id.group(1)) if me_id else None,
    }


def report(scale: str, picked: dict[str, Any], result: dict[str, Any], args: Any) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "",
        f"## The agent desk ({scale} scale, {STORES[args.store]})",
        "",
        f"`bench/desk_bench.py --scale {scale} --seed {args.seed} --store {args.store} --requests "
        f"{args.requests} --repeats {args.repeats}"
        f"{' --database-url …' if args.database_url else ''}`: {picked['conversations']:,} "
        f"conversations, {picked['messages']:,} "
        "messages; in-process ASGI (no network), signed in as the agent with the most open "
        f"assignments ({result['mine']} in Mine); medians over {args.repeats} repeats of "
        f"{args.requests} requests each; load average at the end {load} (2 shared cores).",
        "",
        "| page | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in result["scenarios"].items():
        lines.append(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cpu50']:.1f} | "
                     f"{r['cpu95']:.1f} |")  # fmt: skip
    c, old = result["counts"], result["counted"]
    size = result["first_page_bytes"]
    lines += [
        "",
        "| measure | value | target | ratio to target |",
        "|---|---:|---:|---:|",
        f"| inbox counts (views + unassigned per queue), p50 | {c['p50']:.2f} ms | "
        f"{COUNTS_TARGET_MS:.0f} ms | {c['p50'] / COUNTS_TARGET_MS:.2f} |",
        f"| inbox counts, p95 | {c['p95']:.2f} ms | {COUNTS_TARGET_MS:.0f} ms | "
        f"{c['p95'] / COUNTS_TARGET_MS:.2f} |",
        f"| the same counted per request (`COUNT(*)`, before 0016), p50 | {old['p50']:.2f} ms "
        f"| | maintained / counted {c['p50'] / old['p50']:.3f} |",
        f"| the same counted per request, p95 | {old['p95']:.2f} ms | | "
        f"maintained / counted {c['p95'] / old['p95']:.3f} |",
        f"| first inbox page, bytes transferred (uncompressed) | {size / 1024:.1f} KB | "
        f"150 KB | {size / SIZE_TARGET:.2f} |",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", default="large", choices=("tiny", "small", "large"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--requests", type=int, default=100)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--store", default="sqlite", choices=tuple(STORES))
    p.add_argument(
        "--database-url", default=None, help="measure this store (a copy, migrated) instead"
    )
    p.add_argument("--append", type=Path, default=None, help="append the report to this file")
    args = p.parse_args()
    where = data.run_dir()
    admin = find_admin() if args.store == "postgres" else None
    if args.database_url:
        url, admin = args.database_url, None
    elif args.store == "postgres":
        assert admin is not None, "no PostgreSQL server answers"
        data.drop_stale_pg_runs(admin)
        cached = data.cached_postgres(args.scale, args.seed, admin)
        url = data.postgres_run_copy(cached, data.pg_run_name(), admin).url
    else:
        url = data.sqlite_run_copy(data.cached_sqlite(args.scale, args.seed), where).url
    try:
        picked = asyncio.run(_pick(url))
        asyncio.run(_passwords(url, picked["org"], [picked["admin"], picked["agent"]]))
        result = measure(url, picked, args.requests, args.repeats, where)
    finally:
        if admin is not None:
            asyncio.run(admin.drop(data.pg_run_name()))
    text = report(args.scale, picked, result, args)
    print(text)
    if args.append is not None:
        with args.append.open("a") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
