"""Read-only scopes: declared by each handler, enforced by the store, and (on SQLite) long
reads off the event loop."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

import httpx
import pytest
from litestar import get

from parley.http.context import LONG_READ, READ, WRITE, check_declared
from parley.routes import ROUTE_HANDLERS
from parley.store import Database
from parley.store.threads import BACKGROUND_NICE

# A statement that scans for a while (SQLite: a few hundred ms on a busy machine).
SLOW_SQL = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
    "SELECT count(*) FROM c"
)
SCOPES = [
    pytest.param({"readonly": True}, id="read"),
    pytest.param({"readonly": True, "offload": True}, id="long-read"),
    pytest.param({"readonly": True, "snapshot": True}, id="snapshot"),
]


def test_every_v1_handler_declares_its_scope() -> None:
    declared = {h.handler_name: h.opt["tx"] for h in ROUTE_HANDLERS}
    assert set(declared.values()) <= {"read", "long_read", "write"}
    assert declared["search_post"] == "long_read"
    assert declared["search_get"] == "long_read"
    assert declared["get_conversation"] == "read"
    assert declared["create_conversation"] == "write"


def test_a_handler_without_a_declared_scope_is_refused() -> None:
    @get("/undeclared", sync_to_thread=False)
    def undeclared() -> None:
        return None

    with pytest.raises(ValueError, match="declares no transaction scope"):
        check_declared(undeclared)
    for opt in (READ, LONG_READ, WRITE):

        @get("/declared", sync_to_thread=False, opt=opt)
        def declared() -> None:
            return None

        check_declared(declared)


@pytest.mark.parametrize("scope", SCOPES)
def test_a_write_in_a_read_scope_fails_loudly(
    harness: Any, api: Any, scope: dict[str, Any]
) -> None:
    db: Database = harness.db

    async def write_in_read_scope() -> None:
        async with db.transaction(**scope) as tx:
            await tx.execute(
                "UPDATE orgs SET name = :name WHERE id = :id", {"name": "written", "id": api.org.id}
            )

    with pytest.raises(Exception, match=r"(?i)read.?only"):
        harness.call(write_in_read_scope)
    assert harness.fetch("SELECT name FROM orgs WHERE id = :id", {"id": api.org.id}) == [
        (api.org.name,)
    ]


def test_post_search_does_not_wait_for_a_write_transaction(harness: Any, api: Any) -> None:
    """POST search is a read: it answers while a write transaction is open (on SQLite
    that transaction holds the process's writer lock), and does not see its write."""
    r = api.post("/v1/endusers", json={"displayName": "Ada Scopes", "email": "ada@scopes.test"})
    assert r.status_code == 201, r.text
    body = {"query": {"value": "anything"}}

    async def run() -> int:
        transport = httpx.ASGITransport(app=harness.client.app)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://t") as client,
            harness.db.transaction() as tx,
        ):
            held = {"n": "held", "id": api.org.id}
            await tx.execute("UPDATE orgs SET name = :n WHERE id = :id", held)
            search = client.post(
                "/v1/search/conversations", json=body, headers={"Authorization": api.org.token}
            )
            r = await asyncio.wait_for(search, timeout=5)
            back = {"n": api.org.name, "id": api.org.id}
            await tx.execute("UPDATE orgs SET name = :n WHERE id = :id", back)
        return r.status_code

    assert harness.call(run) == 200


def test_a_long_read_leaves_the_event_loop_free(harness: Any, api: Any) -> None:
    """While an offloaded read runs, a write transaction starts, commits and is seen done
    before the read ends (inline, the read would hold the loop throughout)."""
    if harness.store != "sqlite":
        pytest.skip("PostgreSQL statements are awaited: no thread to prove")
    db: Database = harness.db

    async def run() -> tuple[float, float]:
        async def long_read() -> float:
            async with db.transaction(readonly=True, offload=True) as tx:
                count = await tx.offload(lambda: tx.fetch_val(SLOW_SQL))
            assert count == 1_000_000
            return time.monotonic()

        reading = asyncio.create_task(long_read())
        await asyncio.sleep(0.02)
        async with db.transaction() as tx:
            await tx.execute("UPDATE orgs SET name = name WHERE id = :id", {"id": api.org.id})
        wrote = time.monotonic()
        return wrote, await reading

    wrote, read = harness.call(run)
    assert wrote < read


def test_a_cancelled_long_read_gives_its_connection_back_usable(harness: Any, api: Any) -> None:
    db: Database = harness.db

    async def run() -> str:
        async def long_read() -> None:
            async with db.transaction(readonly=True, offload=True) as tx:
                await tx.offload(lambda: tx.fetch_val(SLOW_SQL))

        with pytest.raises(TimeoutError):
            await asyncio.wait_for(long_read(), timeout=0.05)
        for _ in range(3):  # whichever reader connection comes next
            async with db.transaction(readonly=True, offload=True) as tx:
                name = await tx.offload(
                    lambda: tx.fetch_val("SELECT name FROM orgs WHERE id = :id", {"id": api.org.id})
                )
        return str(name)

    assert harness.call(run) == api.org.name


def test_offloaded_work_awaits_nothing_but_the_store(harness: Any) -> None:
    """On a worker thread there is no event loop to wait on: work that awaits anything
    else than its scope's statements is refused, loudly."""
    if harness.store != "sqlite":
        pytest.skip("PostgreSQL runs offloaded work on the loop")
    db: Database = harness.db

    async def run() -> None:
        async def waits() -> int:
            await asyncio.sleep(0)
            return 1

        async with db.transaction(readonly=True, offload=True) as tx:
            await tx.offload(waits)

    with pytest.raises(RuntimeError, match="await the store's statements only"):
        harness.call(run)


def test_a_long_read_runs_below_the_event_loops_priority(harness: Any) -> None:
    """The offloaded work's thread is niced (``store/threads``): where it and the loop
    contend for a core, the loop's writes go first. The loop's own thread is left as it
    was."""
    if harness.store != "sqlite":
        pytest.skip("PostgreSQL runs offloaded work on the loop")
    db: Database = harness.db

    def own_priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    async def run() -> tuple[int, int]:
        async def read_priority() -> int:
            return own_priority()

        async with db.transaction(readonly=True, offload=True) as tx:
            worker = await tx.offload(read_priority)
        return worker, own_priority()

    loop_before = own_priority()
    worker, loop_after = harness.call(run)
    assert worker == max(BACKGROUND_NICE, loop_before)
    assert loop_after == loop_before
