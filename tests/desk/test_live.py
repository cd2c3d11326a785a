"""Live updates: the activity tail behind ``GET /events`` (catch-up from Last-Event-ID,
the session checked on every turn) and the wake-ups after commit, across processes
through PostgreSQL's LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from fixtures.desk import (
    Browser,
    DeskOrg,
    activity_seqs,
    desk_org,
    new_conversation,
    take_live,
)
from parley.desk.live import Broadcaster, stream
from parley.journal import repository as journal_repo
from parley.store import open_database


def test_events_need_a_session(browser: Browser) -> None:
    r = browser.get("/events")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"


def test_catch_up_from_last_event_id(harness: Any, org: DeskOrg, agent: Browser) -> None:
    first = new_conversation(org.api)
    second = new_conversation(org.api)
    entries = activity_seqs(harness, org.org_id)
    assert {cid for _, cid in entries} == {first, second}
    start = entries[0][0]
    later = [e for e in entries if e[0] > start]
    got = take_live(harness, agent.cookies["parley_session"], start, len(later))
    assert [int(m.id) for m in got] == [seq for seq, _ in later]
    assert all(f'"conversationId":{cid}' in m.data for m, (_, cid) in zip(got, later, strict=True))


def test_a_new_entry_wakes_the_stream(harness: Any, org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    cookie = agent.cookies["parley_session"]

    async def run() -> Any:
        gen = stream(harness.db, harness.client.app.state.desk_broadcaster, cookie, None, 3600)
        try:
            async with asyncio.timeout(5):
                await anext(gen)  # connected: nothing old is replayed
                pending = asyncio.ensure_future(anext(gen))
                await asyncio.sleep(0.05)
                assert not pending.done()
                async with harness.db.transaction() as tx:  # as any request would
                    await journal_repo.insert_activity(
                        tx, org_id=org.org_id, activity_id="00000000-0000-4000-8000-00000000abcd",
                        conversation_id=cid, type_="ConversationClaimed", at=int(time.time() * 1000),
                        author_id=org.agent_id, attributes=None,
                    )  # fmt: skip
                started = time.monotonic()
                message = await pending
                return message, time.monotonic() - started
        finally:
            await gen.aclose()

    message, waited = harness.call(run)
    assert message.event == "activity" and f'"conversationId":{cid}' in message.data
    assert waited < 1.0


def test_a_signed_out_stream_ends(harness: Any, org: DeskOrg, agent: Browser) -> None:
    cookie = agent.cookies["parley_session"]
    agent.post("/sign-out")

    async def run() -> list[Any]:
        return [m async for m in stream(harness.db, Broadcaster(), cookie, 0, 3600)]

    assert [m.comment for m in harness.call(run)] == ["connected"]


def test_commits_elsewhere_wake_this_process(harness: Any, org: DeskOrg) -> None:
    """Another process's commit (its own store connection) reaches this process's
    broadcaster: through NOTIFY on PostgreSQL. SQLite is one process: there the wake
    comes from the committing transaction itself."""
    cid = new_conversation(org.api)
    broadcaster: Broadcaster = harness.client.app.state.desk_broadcaster
    before = broadcaster.version(org.org_id)

    async def write(db: Any) -> None:
        async with db.transaction() as tx:
            await journal_repo.insert_activity(
                tx, org_id=org.org_id, activity_id="00000000-0000-4000-8000-0000000000ef",
                conversation_id=cid, type_="ConversationClaimed", at=1, author_id=None,
                attributes=None,
            )  # fmt: skip

    async def elsewhere() -> None:
        db = open_database(harness.settings.database_url)
        await db.connect()
        try:
            await write(db)
        finally:
            await db.close()

    if harness.store == "postgres":
        harness.call(elsewhere)
    else:
        harness.call(write, harness.db)
    deadline = time.monotonic() + 2
    while broadcaster.version(org.org_id) == before:
        assert time.monotonic() < deadline, "no wake-up"
        time.sleep(0.02)


def test_a_rolled_back_write_wakes_nobody(harness: Any, org: DeskOrg) -> None:
    cid = new_conversation(org.api)
    broadcaster: Broadcaster = harness.client.app.state.desk_broadcaster
    time.sleep(0.3)  # PostgreSQL: the NOTIFY of that commit comes back as well
    before = broadcaster.version(org.org_id)

    async def run() -> None:
        try:
            async with harness.db.transaction() as tx:
                await journal_repo.insert_activity(
                    tx, org_id=org.org_id, activity_id="00000000-0000-4000-8000-0000000000aa",
                    conversation_id=cid, type_="ConversationClaimed", at=1, author_id=None,
                    attributes=None,
                )  # fmt: skip
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    harness.call(run)
    time.sleep(0.2)
    assert broadcaster.version(org.org_id) == before


def test_the_listener_connects_again(harness: Any, org: DeskOrg) -> None:
    if harness.store != "postgres":
        pytest.skip("SQLite is one process: nothing to listen to")
    cid = new_conversation(org.api)
    broadcaster: Broadcaster = harness.client.app.state.desk_broadcaster
    kill = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
    )
    # this app's listener, and those of any other app of this process on the same database
    killed = harness.fetch(kill)
    assert killed and all(row == (True,) for row in killed)
    time.sleep(1.5)  # connected again after a second
    before = broadcaster.version(org.org_id)

    async def elsewhere() -> None:
        db = open_database(harness.settings.database_url)
        await db.connect()
        try:
            async with db.transaction() as tx:
                await journal_repo.insert_activity(
                    tx, org_id=org.org_id, activity_id="00000000-0000-4000-8000-0000000000bb",
                    conversation_id=cid, type_="ConversationClaimed", at=1, author_id=None,
                    attributes=None,
                )  # fmt: skip
        finally:
            await db.close()

    harness.call(elsewhere)
    deadline = time.monotonic() + 2
    while broadcaster.version(org.org_id) == before:
        assert time.monotonic() < deadline, "no wake-up after the listener was lost"
        time.sleep(0.02)


def test_a_stream_never_carries_another_organisations_activity(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:

    other = desk_org(harness)
    before = new_conversation(org.api)
    theirs = new_conversation(other.api)
    after = new_conversation(org.api)
    entries = activity_seqs(harness, org.org_id)
    got = take_live(harness, agent.cookies["parley_session"], 0, len(entries))
    carried = {int(m.data.split('"conversationId":')[1].split(",")[0]) for m in got}
    assert carried == {before, after} and theirs not in carried
