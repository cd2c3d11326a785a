"""Races that end in a unique index: the loser gets a 400 with the rule's text, never a
500, and nothing of its request is written.

The store adapters turn a unique violation into ``Duplicate`` (one place); services give
it their text. On SQLite every write transaction is exclusive, so a check is never
overtaken; the overtaking tests are therefore PostgreSQL's, made deterministic with a
transaction held open on another connection (it inserts the conflicting row, the request
passes its check and waits on the index, the held transaction commits first).
"""

from __future__ import annotations

import sqlite3
import uuid

import asyncpg

from file_server import file_server
from fixtures.builders import chat_conversation, chat_widget, create_end_user, inbound
from fixtures.harness import Api, Harness
from fixtures.races import at_once, held_transaction
from fixtures.store import (
    agent_overtaken,
    create_body,
    email_taken,
    event_count,
    files_under,
    import_body,
    overtaken,
    row_count,
    unique_email,
)
from parley.agents import repository as agents_repo
from parley.errors import Duplicate

DUPLICATE = {"message": "Duplicate externalId"}


# ---- requests sent at the same moment (both stores) -------------------------------------


def test_simultaneous_agent_creates_with_one_email(harness: Harness, api: Api) -> None:
    email = unique_email()
    results = at_once(
        [
            lambda i=i: api.post("/v1/agents", json={"displayName": f"A{i}", "email": email})
            for i in range(4)
        ]
    )
    assert sorted(r.status_code for r in results) == [201, 400, 400, 400]
    for r in results:
        if r.status_code == 400:
            assert r.json() == email_taken(email)
    assert len(api.get("/v1/agents", params={"email": email}).json()["data"]) == 1
    assert event_count(harness, api, "AGENT_CREATED") == 1


def test_simultaneous_imports_with_one_external_id(harness: Harness, api: Api) -> None:
    requester = create_end_user(api)
    body = import_body(requester, f"ext-{uuid.uuid4().hex[:8]}")
    results = at_once([lambda: api.post("/v1/conversations/import", json=body)] * 3)
    assert sorted(r.status_code for r in results) == [201, 400, 400]
    assert [r.json() for r in results if r.status_code == 400] == [DUPLICATE, DUPLICATE]
    rows = harness.fetch(
        "SELECT COUNT(*) FROM conversations WHERE org_id = :o AND external_id = :x",
        {"o": api.org.id, "x": body["externalId"]},
    )
    assert int(rows[0][0]) == 1


def test_simultaneous_creates_with_one_external_id(harness: Harness, api: Api) -> None:
    """The first message's externalId is the new conversation's: of creates sent at once
    with one, exactly one is written; the others answer Dixa's ``Duplicate externalId``."""
    body = create_body(create_end_user(api), chat_widget(api), f"ext-{uuid.uuid4().hex[:8]}")
    results = at_once([lambda: api.post("/v1/conversations", json=body)] * 3)
    assert sorted(r.status_code for r in results) == [201, 400, 400]
    assert [r.json() for r in results if r.status_code == 400] == [DUPLICATE, DUPLICATE]
    assert (
        row_count(
            harness,
            "SELECT COUNT(*) FROM conversations WHERE org_id = :o",
            {"o": api.org.id},
        )
        == 1
    )
    assert event_count(harness, api, "CONVERSATION_CREATED") == 1


# ---- the store's mapping (both stores) ----------------------------------------------------


def test_store_raises_duplicate_for_unique_violations_only(harness: Harness, api: Api) -> None:
    email = unique_email()

    def agent(email: str) -> agents_repo.AgentRow:
        return agents_repo.AgentRow(str(uuid.uuid4()), "X", email, 1, roles=["Agent"])

    async def twice() -> Exception | None:
        try:
            async with harness.db.transaction() as tx:
                await agents_repo.insert(tx, api.org.id, agent(email))
                await agents_repo.insert(tx, api.org.id, agent(email))
        except Exception as exc:
            return exc
        return None

    error = harness.call(twice)
    assert isinstance(error, Duplicate) and error.status_code == 400
    assert error.detail and ("ux_users_agent_email" in error.detail or "email" in error.detail)
    # the transaction rolled back as a whole
    assert api.get("/v1/agents", params={"email": email}).json()["data"] == []

    async def not_null() -> Exception | None:
        try:
            async with harness.db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO users (org_id, id, kind) VALUES (:o, :i, 'Agent')",
                    {"o": api.org.id, "i": str(uuid.uuid4())},
                )
        except Exception as exc:
            return exc
        return None

    other = harness.call(not_null)
    assert not isinstance(other, Duplicate)
    assert isinstance(other, (sqlite3.IntegrityError, asyncpg.NotNullViolationError))


# ---- a check overtaken by another transaction (PostgreSQL) ------------------------------


def test_agent_create_overtaken_answers_400(harness: Harness, api: Api) -> None:
    held = held_transaction(harness)
    email = unique_email()
    r = agent_overtaken(
        held, api, email, lambda: api.post("/v1/agents", json={"displayName": "B", "email": email})
    )
    assert r.status_code == 400 and r.json() == email_taken(email)
    listed = api.get("/v1/agents", params={"email": email}).json()["data"]
    assert [a["displayName"] for a in listed] == ["Held"]
    assert event_count(harness, api, "AGENT_CREATED") == 0


def test_agent_update_overtaken_answers_400(harness: Harness, api: Api) -> None:
    held = held_transaction(harness)
    r = api.post("/v1/agents", json={"displayName": "Mover", "email": unique_email()})
    mover = r.json()["data"]
    email = unique_email()
    r = agent_overtaken(
        held, api, email, lambda: api.patch(f"/v1/agents/{mover['id']}", json={"email": email})
    )
    assert r.status_code == 400 and r.json() == email_taken(email)
    assert api.get(f"/v1/agents/{mover['id']}").json()["data"] == mover


def test_bulk_create_overtaken_fails_as_a_whole(harness: Harness, api: Api) -> None:
    held = held_transaction(harness)
    email = unique_email()
    first = unique_email()
    body = {
        "data": [
            {"displayName": "First", "email": first},
            {"displayName": "Second", "email": email},
        ]
    }
    r = agent_overtaken(held, api, email, lambda: api.post("/v1/agents/bulk", json=body))
    # PostgreSQL aborted the transaction: no partial result, nothing written
    assert r.status_code == 400 and r.json() == email_taken(email)
    assert api.get("/v1/agents", params={"email": first}).json()["data"] == []


def test_import_overtaken_answers_duplicate_external_id(harness: Harness, api: Api) -> None:
    held = held_transaction(harness)
    requester = create_end_user(api)
    external = f"ext-{uuid.uuid4().hex[:8]}"
    r = overtaken(
        held,
        lambda: api.post("/v1/conversations/import", json=import_body(requester, external)),
        "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
        "requester_id, external_id, imported, created_at, updated_at) VALUES ($1, "
        "nextval('conversation_id'), 'GenericConversation', 'MyCustomChat', 'Inbound', "
        "'Open', $2, $3, true, 1, 1)",
        api.org.id,
        requester,
        external,
    )
    assert r.status_code == 400 and r.json() == DUPLICATE
    assert (
        row_count(
            harness,
            "SELECT COUNT(*) FROM conversations WHERE org_id = :o",
            {"o": api.org.id},
        )
        == 1
    )  # the held one only
    assert (
        row_count(harness, "SELECT COUNT(*) FROM activity WHERE org_id = :o", {"o": api.org.id})
        == 0
    )


def test_create_overtaken_answers_duplicate_external_id(harness: Harness, api: Api) -> None:
    """A create passes its externalId check while another transaction holds an
    uncommitted conversation with that externalId: the unique index makes it wait, and it
    answers ``Duplicate externalId`` with nothing written (no activity, no event)."""
    held = held_transaction(harness)
    requester = create_end_user(api)
    external = f"ext-{uuid.uuid4().hex[:8]}"
    body = create_body(requester, chat_widget(api), external)
    org = {"o": api.org.id}
    events = row_count(harness, "SELECT COUNT(*) FROM events WHERE org_id = :o", org)
    r = overtaken(
        held,
        lambda: api.post("/v1/conversations", json=body),
        "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
        "requester_id, external_id, imported, created_at, updated_at) VALUES ($1, "
        "nextval('conversation_id'), 'GenericConversation', 'WidgetChat', 'Inbound', "
        "'Open', $2, $3, true, 1, 1)",
        api.org.id,
        requester,
        external,
    )
    assert r.status_code == 400 and r.json() == DUPLICATE
    assert row_count(harness, "SELECT COUNT(*) FROM conversations WHERE org_id = :o", org) == 1
    assert row_count(harness, "SELECT COUNT(*) FROM activity WHERE org_id = :o", org) == 0
    assert row_count(harness, "SELECT COUNT(*) FROM events WHERE org_id = :o", org) == events


def test_message_overtaken_leaves_no_blob(harness: Harness, api: Api) -> None:
    held = held_transaction(harness)
    cid = chat_conversation(api)
    external = f"msg-{uuid.uuid4().hex[:8]}"
    blobs = harness.settings.blob_dir / api.org.id
    before = files_under(blobs)
    with file_server() as files:
        body = inbound(externalId=external, attachments=[{"url": files.url("/file.pdf")}])
        r = overtaken(
            held,
            lambda: api.post(f"/v1/conversations/{cid}/messages", json=body),
            "INSERT INTO messages (org_id, id, conversation_id, seq, direction, "
            "content_type, content, external_id, created_at) "
            "VALUES ($1, $2, $3, 99, 'Inbound', 'Text', 'held', $4, 1)",
            api.org.id,
            str(uuid.uuid4()),
            cid,
            external,
        )
        assert files.requests == [("/file.pdf", f"127.0.0.1:{files.port}")]  # it downloaded
    assert r.status_code == 400 and r.json() == DUPLICATE
    assert files_under(blobs) == before  # the stored file went with the rollback
    assert (
        row_count(harness, "SELECT COUNT(*) FROM attachments WHERE org_id = :o", {"o": api.org.id})
        == 0
    )
