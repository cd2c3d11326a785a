"""Statements written together (``write_together``: one round trip on PostgreSQL) and the
activity notifications that travel with the COMMIT (``NotifyingDatabase`` on PostgreSQL),
on both stores."""

from __future__ import annotations

import asyncio
import uuid

from fixtures.harness import Api, Harness
from parley.errors import Duplicate
from parley.journal import repository as journal_repo
from parley.store.database import write_together
from parley.store.notifying import mark_activity


def test_an_entry_and_its_event_are_written_together(harness: Harness, api: Api) -> None:
    activity_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())

    async def write() -> int:
        async with harness.db.transaction() as tx:
            entry = await journal_repo.activity_statement(
                tx,
                org_id=api.org.id,
                activity_id=activity_id,
                conversation_id=7,
                type_="NoteAdded",
                at=1000,
                author_id=None,
                attributes='{"a": "b:c"}',
            )
            return await journal_repo.insert_event(
                tx,
                org_id=api.org.id,
                event_id=event_id,
                fqn="CONVERSATION_NOTE_ADDED",
                conversation_id=7,
                payload=b'{"x": ":y"}',
                at=1000,
                with_=[entry],
            )

    seq = harness.call(write)
    org = {"o": api.org.id}
    assert harness.fetch(
        "SELECT id, conversation_id, type, activity_at, attributes FROM activity WHERE org_id = :o",
        org,
    ) == [(activity_id, 7, "NoteAdded", 1000, '{"a": "b:c"}')]
    events = harness.fetch("SELECT seq, id, fqn, payload FROM events WHERE org_id = :o", org)
    assert [(int(e[0]), e[1], e[2]) for e in events] == [(seq, event_id, "CONVERSATION_NOTE_ADDED")]
    assert '":y"' in str(events[0][3])


def test_a_failing_statement_fails_them_all(harness: Harness, api: Api) -> None:
    email = f"twice-{uuid.uuid4().hex[:8]}@agents.test"
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]  # one agent email twice
    insert = (
        "INSERT INTO users (org_id, kind, id, created_at, display_name, email) "
        "VALUES (:org, 'Agent', :id, 1, 'X', :email)"
    )

    async def write() -> Exception | None:
        try:
            async with harness.db.transaction() as tx:
                await write_together(
                    tx, [(insert, {"org": api.org.id, "id": i, "email": email}) for i in ids]
                )
        except Exception as exc:
            return exc
        return None

    error = harness.call(write)
    assert isinstance(error, Duplicate)
    found = harness.fetch(
        "SELECT id FROM users WHERE org_id = :o AND email = :e", {"o": api.org.id, "e": email}
    )
    assert found == []


def test_committed_activity_is_heard_and_rolled_back_activity_is_not(
    harness: Harness, api: Api
) -> None:
    committed = [api.org.id, f"o'quoted-{uuid.uuid4().hex[:6]}"]
    rolled_back = f"rolled-back-{uuid.uuid4().hex[:6]}"
    db = harness.db
    woken: list[str] = []  # this process's listeners
    db.listeners.append(woken.append)  # type: ignore[attr-defined]

    async def scenario() -> list[str]:
        heard: list[str] = []  # other processes (PostgreSQL's LISTEN)
        task = db.listen_elsewhere(heard.append)  # type: ignore[attr-defined]
        try:
            while task is not None and "" not in heard:  # listening
                await asyncio.sleep(0.01)
            try:
                async with db.transaction() as tx:
                    mark_activity(tx, rolled_back)
                    raise LookupError
            except LookupError:
                pass
            async with db.transaction() as tx:
                for org_id in committed:
                    mark_activity(tx, org_id)
            for _ in range(500):
                if task is None or set(committed) <= set(heard):
                    break
                await asyncio.sleep(0.01)
            async with db.transaction() as tx:  # a write that marks nothing tells nobody
                await tx.execute("UPDATE orgs SET name = name WHERE id = :o", {"o": api.org.id})
            await asyncio.sleep(0.1)
            return heard
        finally:
            if task is not None:
                task.cancel()

    try:
        heard = harness.call(scenario)
    finally:
        db.listeners.remove(woken.append)  # type: ignore[attr-defined]
    assert sorted(w for w in woken if w in {*committed, rolled_back}) == sorted(committed)
    if harness.store == "postgres":
        assert sorted(h for h in heard if h) == sorted(committed)
    else:
        assert heard == []  # SQLite's one process wakes its own listeners only
